# SPDX-License-Identifier: BSD-3-Clause
"""GDB commands for libuk images (load with: source uk-gdb.py).

  uk-threads          every thread: id, name, state, priority, CPU time
                      (raw clock ticks),
                      where it stopped ('*' marks the running one)
  uk-bt TID [FULL]    backtrace of thread TID from its saved registers
                      (the running thread: plain 'bt'); the registers of
                      the stopped CPU are put back afterwards
  uk-alloc            every allocator instance with its statistics

The image must be the one the linker wrote (with symbols and -g types).
A thread switched out sits in ukplat_ctx_switch; its callee-saved
registers are on its stack in the layout plat/common/ARCH/switch.S
describes, which is what uk-bt reads.
"""
import gdb

# frames uk-bt shows at most
BT_LIMIT = 256

STATES = {1: "running", 2: "runnable", 3: "blocked", 4: "exiting",
          5: "exited"}


def arch():
    name = gdb.selected_frame().architecture().name()
    return "aarch64" if "aarch64" in name else "x86_64"


def sched():
    try:
        return gdb.parse_and_eval("sched0")
    except gdb.error:
        raise gdb.GdbError("no scheduler in this image (sched0 is not a "
                           "symbol: built with --with-sched=none, or "
                           "stripped)")


def threads():
    """(thread value, is_idle) for every thread the scheduler knows."""
    s = sched()
    out = []
    t = s["threads"]
    seen = 0
    while int(t) != 0 and seen < 100000:
        out.append((t.dereference(), False))
        t = t["all_next"]
        seen += 1
    idle = s["idle"]
    if int(idle) != 0:
        out.append((idle.dereference(), True))
    return out


def u64(addr):
    inf = gdb.selected_inferior()
    return int.from_bytes(inf.read_memory(addr, 8).tobytes(), "little")


def saved_regs(t):
    """Registers a switched-out thread resumes with, from its stack."""
    sp = int(t["ctx"]["sp"])
    if arch() == "x86_64":
        # MXCSR/control word/flag (8), r15 r14 r13 r12 rbx rbp, return
        word = u64(sp)
        base = sp + 8
        if word >> 48:
            # switched out inside a system call: the vector registers
            # lie between; the word after the flag word is where r15 is
            base = u64(sp + 8)
        regs = {}
        for i, r in enumerate(("r15", "r14", "r13", "r12", "rbx", "rbp")):
            regs[r] = u64(base + 8 * i)
        regs["rip"] = u64(base + 48)
        regs["rsp"] = base + 56
        return regs
    # aarch64: x19..x28 at 0, x29/x30 at 80, frame 192 bytes
    regs = {}
    for i in range(10):
        regs["x%d" % (19 + i)] = u64(sp + 8 * i)
    regs["x29"] = u64(sp + 80)
    regs["x30"] = u64(sp + 88)
    regs["pc"] = regs["x30"]
    svc = u64(sp + 176)
    regs["sp"] = sp + 192 + (512 if svc else 0)
    return regs


def where(t, running):
    if running:
        return str(gdb.selected_frame().function() or
                   hex(int(gdb.parse_and_eval("$pc"))))
    try:
        pc = saved_regs(t)["rip" if arch() == "x86_64" else "pc"]
    except gdb.MemoryError:
        return "(stack unreadable)"
    block = gdb.block_for_pc(pc)
    while block is not None and block.function is None:
        block = block.superblock
    name = block.function.name if block is not None else hex(pc)
    return "%s (returns to %#x)" % (name, pc)


class UkThreads(gdb.Command):
    """List libuk's threads: uk-threads."""

    def __init__(self):
        super().__init__("uk-threads", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        cur = int(sched()["current"])
        print("%-2s %5s %-24s %-9s %4s %12s  %s" % (
            "", "tid", "name", "state", "prio", "cpu_ticks", "where"))
        for t, idle in threads():
            running = int(t.address) == cur
            name = t["name"].string(length=24).split("\0")[0]
            state = STATES.get(int(t["state"]), str(int(t["state"])))
            print("%-2s %5d %-24s %-9s %4d %12d  %s" % (
                "*" if running else "", int(t["tid"]),
                name + (" (idle)" if idle else ""), state, int(t["prio"]),
                int(t["cpu_ticks"]), where(t, running)))


class UkBt(gdb.Command):
    """Backtrace of a libuk thread: uk-bt TID [full]."""

    def __init__(self):
        super().__init__("uk-bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if not argv or not argv[0].isdigit():
            raise gdb.GdbError("usage: uk-bt TID [full]")
        tid = int(argv[0])
        full = " full" if argv[1:] == ["full"] else ""
        cur = int(sched()["current"])
        for t, _ in threads():
            if int(t["tid"]) != tid:
                continue
            if int(t.address) == cur:
                gdb.execute("bt" + full)
                return
            regs = saved_regs(t)
            keep = {r: int(gdb.parse_and_eval("$" + r)) for r in regs}
            limit = gdb.parameter("backtrace limit")
            try:
                # bounded before the registers change: each `set $reg`
                # unwinds again from a half-changed register set, which
                # on aarch64 (gdb 13, a musl-direct image) never ended
                # unbounded; the backtrace itself ends at arm64_ctx_start
                gdb.execute("set backtrace limit %d" % BT_LIMIT,
                            to_string=True)
                for r, v in regs.items():
                    gdb.execute("set $%s = %#x" % (r, v), to_string=True)
                gdb.execute("bt" + full)
            finally:
                gdb.execute("set backtrace limit %s" % (limit or
                            "unlimited"), to_string=True)
                for r, v in keep.items():
                    gdb.execute("set $%s = %#x" % (r, v), to_string=True)
                gdb.execute("maintenance flush register-cache",
                            to_string=True)
            return
        raise gdb.GdbError("no thread with id %d (see uk-threads)" % tid)


class UkAlloc(gdb.Command):
    """libuk's allocator instances and their statistics: uk-alloc."""

    def __init__(self):
        super().__init__("uk-alloc", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        try:
            a = gdb.parse_and_eval("alloc_head")
        except gdb.error:
            raise gdb.GdbError("no allocator list (alloc_head) in the image")
        print("%-10s %12s %12s %10s %10s %8s" % (
            "allocator", "in use", "peak", "allocs", "frees", "ENOMEM"))
        n = 0
        while int(a) != 0 and n < 64:
            st = a["stats"]
            name = a["name"].string() if int(a["name"]) else "?"
            print("%-10s %12d %12d %10d %10d %8d" % (
                name, int(st["cur_mem_use"]), int(st["max_mem_use"]),
                int(st["nb_allocs"]), int(st["nb_frees"]),
                int(st["nb_enomem"])))
            a = a["next"]
            n += 1


UkThreads()
UkBt()
UkAlloc()
