/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Termination on QEMU virt. Under uk-run (semihosting on) QEMU exits
 * with the status itself; a crash is status 125, which uk-run reports
 * as a kernel crash. Without semihosting, PSCI SYSTEM_OFF stops the VM
 * (QEMU then exits with 0 whatever the status: the console says it).
 */
#include <arm64/cpu.h>
#include <uk/plat/bootstrap.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/string.h>
#include "kvm.h"

#define STATUS_CRASH	125

static bool psci_smc;
static bool psci_found;

void kvm_psci_init(const struct uk_fdt *fdt)
{
	const char *method;
	int off = uk_fdt_path_offset(fdt, "/psci");

	if (off < 0)
		return;
	method = uk_fdt_getprop_str(fdt, off, "method");
	if (!method)
		return;
	psci_found = true;
	psci_smc = !uk_strcmp(method, "smc");
}

void ukplat_terminate(int status)
{
	int code = status == UK_STATUS_CRASH ? STATUS_CRASH : status & 0xff;

	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
	arm64_semihost_exit(code);
	if (code)
		uk_pr_crit("exit status %d lost: no semihosting (QEMU needs -semihosting-config enable=on)\n",
			   code);
	if (psci_found)
		arm64_psci_system_off(psci_smc);
	for (;;)
		__asm__ __volatile__("wfi");
}
