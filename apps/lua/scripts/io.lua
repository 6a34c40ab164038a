-- io on files in /tmp: write, read back, modes, seek, lines, errors
local name = os.tmpname()
print(type(name), name:sub(1, 5))
local f = assert(io.open(name, "w"))
print(io.type(f), io.type(io.stdout), io.type(42), tostring(f):match("^file %(0x%x+%)$") ~= nil)
print(f:write("line one\n", "line two\n", 3, " ", 4.5, "\n") == f)
f:write("12 0x10 -3.5e2 end\n")
for i = 1, 100 do f:write(string.format("row %03d %s\n", i, ("x"):rep(i))) end
print(f:seek("cur"), f:seek("end"), f:seek("set", 0))
f:close()
print(io.type(f), pcall(f.write, f, "x"))
f = assert(io.open(name, "r"))
print(f:read("l"))
print(f:read("L"))
print(f:read("n", "n"))
print(f:read("n", "n", "n"))
print(f:read("l"))
print(f:read(4), f:read(0), f:seek("cur"))
local rest = f:read("a")
print(#rest, select(2, rest:gsub("\n", "")))
print(f:read("a") == "", f:read("l"), f:read(0))
f:close()
local count, total = 0, 0
for l in io.lines(name) do count = count + 1; total = total + #l end
print("lines", count, total)
for a, b in io.lines(name, 4, "l") do print("pairs", a, b); break end
-- append, update modes, seek from the end
f = assert(io.open(name, "a")); f:write("appended\n"); f:close()
f = assert(io.open(name, "r+"))
f:seek("end", -9)
print(f:read("a"))
f:seek("set", 0); f:write("LINE"); f:seek("set", 0)
print(f:read("l"))
f:close()
f = assert(io.open(name, "w+b"))
local blob = {}
for i = 0, 255 do blob[#blob + 1] = string.char(i) end
blob = table.concat(blob):rep(64)
f:write(blob); f:seek("set")
local back = f:read("a")
print(#back, back == blob, f:seek("end"))
f:close()
-- setvbuf, flush, io.output redirection
f = assert(io.open(name, "w"))
print(f:setvbuf("no"), f:setvbuf("full", 1024), f:setvbuf("line"))
io.output(f); io.write("via io.write\n"); io.output(io.stdout)
f:close()
io.input(name); print(io.read("l")); io.input():close(); io.input(io.stdin)
-- big file
local big = os.tmpname()
f = assert(io.open(big, "wb"))
local chunk = ("0123456789abcdef"):rep(4096)
for i = 1, 32 do f:write(chunk) end
f:close()
f = assert(io.open(big, "rb"))
local size, n = f:seek("end"), 0
f:seek("set")
while true do
	local c = f:read(8192)
	if not c then break end
	n = n + #c
end
f:close()
print("big", size, n)
-- rename and remove; errors
local moved = name .. ".moved"
print(os.rename(name, moved), io.open(name) == nil)
print(os.remove(moved), os.remove(big))
print(select("#", io.open(name)), select(3, io.open(name)))
print(os.remove(name) == nil, select(3, os.remove(name)))
print(select(3, io.open("/tmp", "w")), select(3, io.open("/no/such/dir/x", "w")))
print(pcall(io.open, name, "rw"))
print(pcall(io.lines, "/no/such/file"))
io.stdout:write("stdout ", "write\n")
print(io.stdout:seek() == nil or true)
