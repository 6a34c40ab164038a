-- coroutines: resume/yield, wrap, status, errors, close
local function gen(n)
	return coroutine.wrap(function()
		for i = 1, n do coroutine.yield(i) end
	end)
end
local out = {}
for v in gen(5) do out[#out + 1] = v end
print(table.concat(out, " "))
local co = coroutine.create(function(a, b)
	print("start", a, b)
	local c = coroutine.yield(a + b)
	print("got", c)
	local d, e = coroutine.yield(c * 2)
	print("got", d, e)
	return "done", a + b + c + d + e
end)
print(coroutine.status(co), coroutine.resume(co, 1, 2))
print(coroutine.status(co), coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co), coroutine.resume(co))
-- producer / consumer
local function producer()
	return coroutine.create(function()
		for _, w in ipairs({"alpha", "beta", "gamma"}) do
			coroutine.yield(w)
		end
	end)
end
local function filter(prod)
	return coroutine.create(function()
		while true do
			local ok, w = coroutine.resume(prod)
			if not w then break end
			coroutine.yield(w:upper())
		end
	end)
end
local f = filter(producer())
while true do
	local _, w = coroutine.resume(f)
	if not w then break end
	io.write(w, " ")
end
print()
-- errors inside a coroutine
local bad = coroutine.create(function() coroutine.yield(1); error("boom") end)
print(coroutine.resume(bad))
local ok, err = coroutine.resume(bad)
print(ok, err, coroutine.status(bad))
print(coroutine.resume(bad))
print(coroutine.isyieldable(), type(coroutine.running()), select(2, coroutine.running()))
print(select(2, coroutine.resume(coroutine.create(function()
	return coroutine.isyieldable(), select(2, coroutine.running()) end))))
-- yield across pcall
local cp = coroutine.wrap(function()
	local ok2, v = pcall(function() local x = coroutine.yield("in pcall"); return x * 2 end)
	coroutine.yield(tostring(ok2) .. " " .. v)
	return "end"
end)
print(cp(), cp(21), cp())
-- close a suspended coroutine with a pending to-be-closed variable
local closed = false
local cc = coroutine.create(function()
	local _ <close> = setmetatable({}, {__close = function() closed = true end})
	coroutine.yield()
end)
coroutine.resume(cc)
print(coroutine.close(cc), closed, coroutine.status(cc))
-- many coroutines alive at once
local cos = {}
for i = 1, 1000 do
	cos[i] = coroutine.create(function(x) while true do x = coroutine.yield(x + i) end end)
end
local total = 0
for round = 1, 3 do
	for i = 1, #cos do total = total + select(2, coroutine.resume(cos[i], round)) end
end
print("total", total)
-- deep recursion inside a coroutine
local deep = coroutine.wrap(function()
	local function r(n) if n == 0 then return 0 end return 1 + r(n - 1) end
	return r(10000)
end)
print("depth", deep())
