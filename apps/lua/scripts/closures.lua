-- closures: upvalues, varargs, recursion, tail calls, goto
local function counter()
	local n = 0
	return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc(); inc()
local inc2 = counter()
print(get(), inc2(), inc())
local fs = {}
for i = 1, 3 do fs[i] = function() return i * 10 end end
print(fs[1](), fs[2](), fs[3]())
local shared = {}
do
	local x = 0
	shared.set = function(v) x = v end
	shared.get = function() return x end
end
shared.set(42); print(shared.get())
local function va(...)
	local n = select("#", ...)
	return n, ..., select(-1, ...)
end
print(va(1, nil, 3))
print((va(1, 2)))
local function sum(...)
	local s = 0
	for _, v in ipairs({...}) do s = s + v end
	return s
end
print(sum(), sum(1, 2, 3, 4.5))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local memo = setmetatable({}, {__mode = "k"})
local function mfib(n)
	if n < 2 then return n end
	if memo[n] then return memo[n] end
	local v = mfib(n - 1) + mfib(n - 2); memo[n] = v; return v
end
print(fib(20), mfib(80))
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + n) end
print("tail", loop(1000000, 0))
local function compose(f, g) return function(...) return f(g(...)) end end
local twice = compose(function(x) return x * 2 end, function(a, b) return a + b end)
print(twice(3, 4))
local function curry(f) return function(a) return function(b) return f(a, b) end end end
print(curry(math.max)(3)(7), string.format("%s", curry(string.rep)("ab")(3)))
local i = 1
::top::
if i <= 3 then io.write("goto", i, " "); i = i + 1; goto top end
print()
for j = 1, 3 do
	for k = 1, 3 do
		if k == 2 then goto continue end
		io.write(j, k, " ")
		::continue::
	end
end
print()
local mt = {}
local obj = setmetatable({}, mt)
function mt.__index(_, k) return function(_, ...) return k .. ":" .. select("#", ...) end end
print(obj:anything(1, 2), obj.other(obj))
print(string.format("%d", debug.getinfo(1, "l").currentline), type(debug.traceback()))
local up = 5
local function usesup() return up end
print(debug.getupvalue(usesup, 1))
local env = {print = print}
local chunk = load("x = 7; return x * 6", "chunk", "t", env)
print(chunk(), env.x, rawget(_G, "x"))
print(load("return ...")(1, 2), pcall(load, 5))
print(load("syntax error here"))
local bc = string.dump(function(a) return a + 1 end)
print(load(bc, "bin", "b")(41), (load(bc, "bin", "t")))
