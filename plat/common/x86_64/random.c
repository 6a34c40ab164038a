/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/plat/random.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <x86/cpu.h>

static bool has_rdrand(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return c & (1 << 30);
}

int ukplat_random_hw(void *buf, size_t len)
{
	uint8_t *p = buf;

	if (!has_rdrand())
		return -UK_ENOTSUP;
	while (len) {
		uint64_t v;
		uint8_t ok;
		int tries = 0;
		size_t n;

		do {
			__asm__ __volatile__("rdrand %0; setc %1"
					     : "=r"(v), "=qm"(ok));
		} while (!ok && ++tries < 16);
		if (!ok)
			return -UK_EIO;
		n = len < sizeof(v) ? len : sizeof(v);
		uk_memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	return 0;
}
