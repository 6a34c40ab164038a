-- an uncaught error: a message on stderr and exit status 1
print("before the error")
local t = {}
t.field.sub = 1
