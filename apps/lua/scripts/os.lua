-- os.time, os.date, os.clock, os.getenv, os.difftime
local t0 = os.time{year = 2000, month = 1, day = 1, hour = 0}
print(t0, math.type(t0))
print(os.time{year = 2024, month = 2, day = 29, hour = 12, min = 30, sec = 15})
print(os.time{year = 2023, month = 14, day = 1, hour = 0},
	os.time{year = 2023, month = 3, day = 0, hour = 0},
	pcall(os.time, {year = 1970, month = 1, day = 1, hour = 0, sec = -1}))
local stamp = 1700000000
print(os.date("!%Y-%m-%d %H:%M:%S", stamp), os.date("!%c", stamp))
print(os.date("!%a %A %b %B %d %e %j %p %y %w %%", stamp))
print(os.date("!%x %X %D %T %R %F %I %M %S", stamp))
print(os.date("!%U %W %V %G %g %u %C %h %n|%t|", stamp))
local d = os.date("!*t", stamp)
local ks = {}
for k, v in pairs(d) do ks[#ks + 1] = k .. "=" .. tostring(v) end
table.sort(ks); print(table.concat(ks, " "))
print(os.date("*t", 0).year, os.date("!*t", 86399).hour)
local now = os.time()
print(math.type(now), now > 1600000000, os.time(os.date("*t", now)) == now)
print(os.difftime(t0 + 90, t0), os.difftime(t0, t0 + 1), pcall(os.difftime, t0, 1.5))
local c = os.clock()
local x = 0
for i = 1, 2000000 do x = x + i % 7 end
print(math.type(c), os.clock() >= c, x)
print(os.getenv("LUA_UK_SURELY_UNSET"), type(os.getenv("PATH")) ~= "table")
print(pcall(os.date, "%Ez", 0))
print(pcall(os.date, "%Q", 0))
print(pcall(os.time, {year = 2020}))
print(os.date("!%H", 3600 * 5), os.date("!%Y", -86400))
print(pcall(os.date, "!%Y", 2 ^ 60))
print(os.time{year = 2038, month = 1, day = 19, hour = 3, min = 14, sec = 8})
print(os.time{year = 2100, month = 12, day = 31, hour = 23, min = 59, sec = 59})
