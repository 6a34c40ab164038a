-- reading standard input to its end
local n, sum, words = 0, 0, 0
for line in io.lines() do
	n = n + 1
	for w in line:gmatch("%S+") do
		words = words + 1
		sum = sum + (tonumber(w) or 0)
	end
end
print("stdin", n, words, sum, io.read("l"), io.read(0))
