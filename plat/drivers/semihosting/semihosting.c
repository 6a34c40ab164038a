/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Termination through semihosting SYS_EXIT: QEMU run with
 * -semihosting-config enable=on (as uk-run runs it) exits with the
 * status, 125 for a kernel crash (uk-run's "kernel crash"), 126 for
 * too little memory (uk_status_code). The probe
 * makes a harmless call (SYS_ERRNO) to see whether semihosting answers.
 */
#include <arm64/cpu.h>
#include <uk/plat/driver.h>
#include <uk/assert.h>
#include <uk/errno.h>

#define SEMIHOST_SYS_ERRNO		0x13
#define SEMIHOST_SYS_EXIT		0x18
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

static int probe(void)
{
	arm64_semihost_call(SEMIHOST_SYS_ERRNO, NULL);
	return arm64_semihost_missing ? -UK_ENODEV : 0;
}

static void terminate(int status)
{
	int code = uk_status_code(status);
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT,
			      (uint64_t)(unsigned int)code };

	arm64_semihost_call(SEMIHOST_SYS_EXIT, block);
}

static const struct ukplat_exit_ops ops = {
	.terminate = terminate,
};

UKPLAT_DRIVER(semihosting, UKPLAT_DRIVER_EXIT, UKPLAT_DRIVER_PRIO_PV, probe,
	      &ops);
