-- tables: the table library, metatables, weak tables, the GC
local t = {10, 20, 30}
table.insert(t, 40); table.insert(t, 1, 5)
print(#t, table.concat(t, " "), table.remove(t), table.remove(t, 1), #t)
print(table.unpack({1, 2, 3})); print(select("#", table.unpack({1, nil, 3}, 1, 3)))
local p = table.pack(1, nil, 3)
print(p.n, p[1], p[2], p[3])
print(table.concat(table.move({1, 2, 3, 4, 5}, 2, 4, 1), ","))
local names = {"pear", "apple", "fig", "banana", "cherry", "date"}
table.sort(names); print(table.concat(names, " "))
table.sort(names, function(a, b) return #a < #b or (#a == #b and a < b) end)
print(table.concat(names, " "))
math.randomseed(42)
local r = {}
for i = 1, 1000 do r[i] = math.random(1, 100000) end
table.sort(r)
local sorted = true
for i = 2, #r do if r[i - 1] > r[i] then sorted = false end end
print("sorted", sorted, r[1], r[500], r[1000], math.random(), math.random(6))
-- keys in sorted order (pairs() order is not defined)
local d = {x = 1, y = 2, z = 3, [1] = "one", [2.5] = "f", [true] = "t"}
local keys = {}
for k in pairs(d) do keys[#keys + 1] = tostring(k) end
table.sort(keys); print(table.concat(keys, " "))
print(next({}), rawlen({1, 2}), rawequal(t, t), rawget(d, "x"))
-- metatables
local V = {}
V.__index = V
function V.new(x, y) return setmetatable({x = x, y = y}, V) end
V.__add = function(a, b) return V.new(a.x + b.x, a.y + b.y) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
V.__len = function() return 2 end
V.__call = function(v, k) return v.x * k end
V.__concat = function(a, b) return tostring(a) .. "~" .. tostring(b) end
V.__unm = function(a) return V.new(-a.x, -a.y) end
V.__index = function(tbl, k) return rawget(V, k) or ("no " .. k) end
function V:norm2() return self.x * self.x + self.y * self.y end
local a, b = V.new(1, 2), V.new(3, 4)
print(tostring(a + b), a == V.new(1, 2), a < b, a <= b, #a, a(10), a .. b,
	tostring(-a), a:norm2(), a.missing)
local log = {}
local proxy = setmetatable({}, {__newindex = function(t2, k, v)
	log[#log + 1] = k; rawset(t2, k, v * 2) end})
proxy.a = 1; proxy.b = 2; proxy.a = 5
print(proxy.a, proxy.b, table.concat(log, ","))
local ro = setmetatable({}, {__index = {k = "inherited"}})
print(ro.k, rawget(ro, "k"), getmetatable("").__index == string)
-- weak tables
local cache = setmetatable({}, {__mode = "k"})
do local key = {}; cache[key] = 1 end
cache[{}] = 2
local keep = {}; cache[keep] = 3
collectgarbage(); collectgarbage()
local n = 0
for _ in pairs(cache) do n = n + 1 end
print("weak entries left", n)
-- finalizers run
local gone = 0
for i = 1, 10 do setmetatable({}, {__gc = function() gone = gone + 1 end}) end
collectgarbage(); collectgarbage()
print("finalized", gone)
-- a big table
local big, sum = {}, 0
for i = 1, 200000 do big[i] = i * 2 end
for i = 1, #big do sum = sum + big[i] end
local h = {}
for i = 1, 50000 do h["k" .. i] = i end
local hs = 0
for _, v in pairs(h) do hs = hs + v end
print(#big, sum, hs, collectgarbage("count") > 0)
big, h = nil, nil
collectgarbage()
print(collectgarbage("isrunning"), collectgarbage("step"))
