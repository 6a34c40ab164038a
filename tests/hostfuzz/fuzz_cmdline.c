/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the kernel command line. The input is the line the
 * loader passes; it goes through what libuk/boot does with it: split
 * shell style (uk_argparse), trailing virtio_mmio.device= words taken
 * back, "--" found, kernel arguments applied (uk_param_apply) to the
 * parameters registered here and to the real virtio_mmio.device parser
 * (plat/drivers/virtio-mmio/cmdline.c, included for its device table).
 * Besides the sanitizers' checks: words lie in the buffer, numbers
 * respect their maximum, a device accepted lies in its window.
 */
#include <uk/param.h>
#include <uk/string.h>
#include <uk/alloc.h>
#include "shim.h"

/* the parser of virtio_mmio.device=, with its table of devices */
#include "../../plat/drivers/virtio-mmio/cmdline.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int ioapic_route(unsigned int gsi, unsigned int flags)
{
	return gsi;
}

int virtio_mmio_add(uint64_t base, uint64_t size, int irq)
{
	return 0;
}

static const char *p_str;
static bool p_bool;
static uint64_t p_u64, p_u64max;
#define P_MAX	(1UL << 20)
UK_PARAM(fz, str, UK_PARAM_STR, p_str, "a string");
UK_PARAM(fz, flag, UK_PARAM_BOOL, p_bool, "a boolean");
UK_PARAM(fz, n, UK_PARAM_U64, p_u64, "a number");
UK_PARAM_U64_MAX(fz, size, p_u64max, P_MAX, "a bounded number");

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uk_alloc *a = shim_alloc(8 * UK_MiB);
	char *line, **words, *envp[9];
	int max, n, kargs, ntrail = 0;

	if (size > 64 * 1024)
		return 0;
	shim_alloc_reset();
	line = uk_malloc(a, size + 1);
	uk_memcpy(line, data, size);
	line[size] = 0;
	/* as libuk/boot/boot.c: room for every word the line can hold */
	max = (int)(uk_strlen(line) / 2) + 2;
	words = uk_calloc(a, max + 1, sizeof(char *));
	n = uk_argparse(line, words, max);
	if (n < 0)
		return 0;
	if (n > max || words[n])
		shim_fail("uk_argparse: %d words of at most %d\n", n, max);
	for (int i = 0; i < n; i++)
		if (words[i] < line || words[i] + uk_strlen(words[i]) >= line + size + 1)
			shim_fail("word %d outside the line\n", i);
	ndevs = 0;
	p_u64max = 0;
	while (ntrail < n && !uk_strncmp(words[n - 1 - ntrail],
					 "virtio_mmio.device=", 19))
		ntrail++;
	n -= ntrail;
	uk_param_apply(ntrail, words + n, envp, 0);
	for (kargs = 0; kargs < n && uk_strcmp(words[kargs], "--"); kargs++)
		;
	uk_param_apply(kargs, words, envp, 8);
	for (int i = 0; envp[i]; i++)
		if (i >= 8)
			shim_fail("more environment entries than room\n");
	if (p_u64max > P_MAX)
		shim_fail("fz.size=%lu above its maximum\n",
			  (unsigned long)p_u64max);
	for (unsigned int i = 0; i < ndevs; i++)
		if (devs[i].base < MMIO_BASE_MIN ||
		    devs[i].size > MMIO_SIZE_MAX ||
		    devs[i].base + devs[i].size > MMIO_END ||
		    devs[i].base + devs[i].size < devs[i].base)
			shim_fail("virtio-mmio device 0x%lx+0x%lx accepted outside [0x%llx, 0x%llx)\n",
				  (unsigned long)devs[i].base,
				  (unsigned long)devs[i].size,
				  MMIO_BASE_MIN, MMIO_END);
	return 0;
}
