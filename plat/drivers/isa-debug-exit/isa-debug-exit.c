/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Termination on QEMU's x86 machines. Under uk-run the full status goes
 * out as text on the status port (an isa-debugcon at 0x4f0: "exit N",
 * "crash", or "nomem" for a boot with too little memory), then the VM
 * stops through isa-debug-exit at 0xf4, where QEMU exits with
 * ((v << 1) | 1) and so carries the low 7 bits for a bare QEMU user. Without those devices (writes to absent ports are ignored,
 * so the probe cannot tell and always binds) the CPU is reset through
 * the i8042 keyboard controller -- what ends a Firecracker VM, and QEMU's
 * pc and q35 run with -no-reboot -- and, where there is no i8042 either,
 * through a triple fault.
 */
#include <uk/plat/driver.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <x86/cpu.h>

#define STATUS_PORT	0x4f0
#define DEBUG_EXIT_PORT	0xf4
#define I8042_CMD_PORT	0x64
#define I8042_RESET	0xfe	/* pulse the CPU reset line */

static void status_puts(const char *s)
{
	while (*s)
		outb(STATUS_PORT, *s++);
}

static void terminate(int status)
{
	char line[24];

	if (status == UK_STATUS_CRASH) {
		status_puts("crash\n");
		outl(DEBUG_EXIT_PORT, 0x7f);
	} else if (status == UK_STATUS_NOMEM) {
		status_puts("nomem\n");
		outl(DEBUG_EXIT_PORT, uk_status_code(status) & 0x7f);
	} else {
		uk_snprintf(line, sizeof(line), "exit %d\n", status & 0xff);
		status_puts(line);
		outl(DEBUG_EXIT_PORT, status & 0x7f);
	}
	/* no exit device: a reset, by the keyboard controller first */
	outb(I8042_CMD_PORT, I8042_RESET);
	/* a VMM may act on it a little later (QEMU at its next main loop
	 * turn): give it time before the last resort */
	for (unsigned long i = 0; i < 10000000; i++)
		__asm__ __volatile__("pause");
	/* no i8042 (microvm): a triple fault */
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed null_idt = { 0, 0 };
	__asm__ __volatile__("lidt %0; int3" : : "m"(null_idt));
}

static int probe(void)
{
	return 0;
}

static const struct ukplat_exit_ops ops = {
	.terminate = terminate,
};

UKPLAT_DRIVER(isa_debug_exit, UKPLAT_DRIVER_EXIT, UKPLAT_DRIVER_PRIO_HW,
	      probe, &ops);
