-- os.exit: the status reaches the host; buffers are flushed first
io.write("before exit, not newline-terminated")
os.exit(3)
