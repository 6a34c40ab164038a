/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Termination through PSCI SYSTEM_OFF, by the conduit (hvc or smc) the
 * device tree's /psci node names. QEMU then exits with 0 whatever the
 * status, so a non-zero one is said on the console first: it is lost
 * (uk-run enables semihosting, which binds before this driver).
 */
#include <uk/plat/driver.h>
#include <uk/assert.h>
#include <uk/errno.h>
#include <uk/fdt.h>
#include <uk/print.h>
#include <uk/string.h>
#include <plat/common.h>

#define PSCI_SYSTEM_OFF		0x84000008

static bool use_smc;

static int probe(void)
{
	const struct uk_fdt *fdt = plat_fdt();
	const char *method;
	int off;

	if (!fdt)
		return -UK_ENODEV;
	off = uk_fdt_path_offset(fdt, "/psci");
	method = off >= 0 ? uk_fdt_getprop_str(fdt, off, "method") : NULL;
	if (!method)
		return -UK_ENODEV;
	use_smc = !uk_strcmp(method, "smc");
	return 0;
}

static void terminate(int status)
{
	register unsigned long x0 __asm__("x0") = PSCI_SYSTEM_OFF;
	int code = uk_status_code(status);

	if (code)
		uk_pr_crit("exit status %d lost: no semihosting (QEMU needs -semihosting-config enable=on)\n",
			   code);
	if (use_smc)
		__asm__ __volatile__("smc #0" : "+r"(x0) : : "memory");
	else
		__asm__ __volatile__("hvc #0" : "+r"(x0) : : "memory");
}

static const struct ukplat_exit_ops ops = {
	.terminate = terminate,
};

UKPLAT_DRIVER(psci, UKPLAT_DRIVER_EXIT, UKPLAT_DRIVER_PRIO_HW, probe, &ops);
