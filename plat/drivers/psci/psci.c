/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Termination through PSCI SYSTEM_OFF, and CPU_ON for the secondary
 * CPUs (psci.h), by the conduit (hvc or smc) the device tree's /psci
 * node names. QEMU then exits with 0 whatever the
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
#include <psci/psci.h>

#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_CPU_ON		0xc4000003	/* SMC64 */

static bool use_smc;

/* The conduit of the device tree's /psci node; -ENODEV without one. */
static int conduit(bool *smc)
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
	*smc = !uk_strcmp(method, "smc");
	return 0;
}

static int probe(void)
{
	return conduit(&use_smc);
}

static long call(bool smc, unsigned long fn, unsigned long a1,
		 unsigned long a2, unsigned long a3)
{
	register unsigned long x0 __asm__("x0") = fn;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x3 __asm__("x3") = a3;

	if (smc)
		__asm__ __volatile__("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2),
				     "+r"(x3) : : "memory");
	else
		__asm__ __volatile__("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2),
				     "+r"(x3) : : "memory");
	return (long)x0;
}

int psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	bool smc;
	int rc = conduit(&smc);

	if (rc)
		return rc;
	switch (call(smc, PSCI_CPU_ON, mpidr, entry, context)) {
	case 0:
		return 0;
	case -2:	/* INVALID_PARAMETERS */
		return -UK_EINVAL;
	case -4:	/* ALREADY_ON */
	case -5:	/* ON_PENDING */
		return -UK_EBUSY;
	case -1:	/* NOT_SUPPORTED */
		return -UK_ENOTSUP;
	default:	/* DENIED, INTERNAL_FAILURE, INVALID_ADDRESS ... */
		return -UK_EIO;
	}
}

static void terminate(int status)
{
	int code = uk_status_code(status);

	if (code)
		uk_pr_crit("exit status %d lost: no semihosting (QEMU needs -semihosting-config enable=on)\n",
			   code);
	call(use_smc, PSCI_SYSTEM_OFF, 0, 0, 0);
}

static const struct ukplat_exit_ops ops = {
	.terminate = terminate,
};

UKPLAT_DRIVER(psci, UKPLAT_DRIVER_EXIT, UKPLAT_DRIVER_PRIO_HW, probe, &ops);
