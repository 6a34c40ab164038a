-- strings: the string library, patterns, utf8, pack/unpack
local s = "Hello, Lua world"
print(#s, s:upper(), s:lower(), s:len())
print(s:sub(1, 5), s:sub(-5), s:sub(8, -7), s:sub(100), s:sub(0))
print(s:rep(2, "|"), ("ab"):rep(3), ("x"):rep(0))
print(s:reverse(), s:byte(1), s:byte(-1), string.char(72, 105))
print(s:find("Lua"), s:find("l+"), s:find("o", 6), s:find(".", 1, true))
print(s:match("(%a+), (%a+)"), s:match("%d"), s:match("()Lua()"))
print(("key = value"):match("^(%w+)%s*=%s*(%w+)$"))
print(s:gsub("o", "0"), s:gsub("%w+", string.upper, 2))
print(("hello world"):gsub("(%w+)", "<%1>"))
print(("$name is $age"):gsub("%$(%w+)", {name = "Ann", age = 31}))
print(("abc"):gsub("", "-"))
local words = {}
for w in ("one two  three\tfour"):gmatch("%S+") do words[#words + 1] = w end
print(#words, table.concat(words, ","))
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do io.write(k, v, ";") end
print()
print(("THE (quick) fox"):find("%((%a+)%)"))
print(("f(a(b)c)d"):match("%b()"), ("  trim me  "):match("^%s*(.-)%s*$"))
print(("hello"):find("l", 1, true), ("a.b.c"):gsub("%.", "/"))
print(tostring(12), tostring(1.5), tostring(-0.0), tostring(1e100), 2^53)
print(tonumber("0x10"), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36),
	tonumber("10", 2), tonumber("abc"), tonumber("7fffffffffffffff", 16))
print(10 .. 20, "10" + 5, "3" * "4", 7 // 2, 7.0 // 2, -7 // 2, 7 % -3, 2^0.5)
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
print(1e15, 1e16, 123456789012, 0.1 + 0.2, 100 / 3, -1 / 0, 1 / 0)
print(math.floor(3.7), math.ceil(3.2), math.abs(-4), math.max(1, 9, 3),
	math.fmod(7, 3), math.sqrt(2), math.huge, math.pi, math.tointeger(3.0))
print(math.type(1), math.type(1.0), math.type("1"), 3 == 3.0, math.ult(1, -1))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"), #"€")
for p, c in utf8.codes("aé€") do io.write(p, ":", c, " ") end
print()
print(utf8.codepoint("häll€", 1, -1))
print(utf8.offset("aé€x", 3), utf8.charpattern)
local packed = string.pack("<i4 >i2 z s1 d", -2, 258, "zs", "abc", 1.25)
print(#packed, string.unpack("<i4 >i2 z s1 d", packed))
print(string.packsize("i4 i8 d"), ("%q"):format(packed:sub(1, 6)))
print(("x"):rep(10000):len(), #table.concat({("ab"):rep(500)}, "", 1, 1))
print(string.format("%s|%s", "a\0b", #"a\0b"))
print(("abc" < "abd"), ("Z" < "a"), ("" < "a"), ("abc" == "abc"))
