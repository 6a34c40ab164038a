/* SPDX-License-Identifier: BSD-3-Clause */
/* CPU features: AT_HWCAP and the RNDR random-number register. */
#include <arm64/cpu.h>
#include <uk/plat/random.h>
#include <uk/string.h>
#include <uk/errno.h>

/* Linux's arm64 HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h). */
#define HWCAP_FP	(1UL << 0)
#define HWCAP_ASIMD	(1UL << 1)
#define HWCAP_AES	(1UL << 3)
#define HWCAP_PMULL	(1UL << 4)
#define HWCAP_SHA1	(1UL << 5)
#define HWCAP_SHA2	(1UL << 6)
#define HWCAP_CRC32	(1UL << 7)
#define HWCAP_ATOMICS	(1UL << 8)
#define HWCAP_FPHP	(1UL << 9)
#define HWCAP_ASIMDHP	(1UL << 10)
#define HWCAP_ASIMDRDM	(1UL << 12)
#define HWCAP_JSCVT	(1UL << 13)
#define HWCAP_FCMA	(1UL << 14)
#define HWCAP_LRCPC	(1UL << 15)
#define HWCAP_DCPOP	(1UL << 16)
#define HWCAP_SHA3	(1UL << 17)
#define HWCAP_SM3	(1UL << 18)
#define HWCAP_SM4	(1UL << 19)
#define HWCAP_ASIMDDP	(1UL << 20)
#define HWCAP_SHA512	(1UL << 21)
#define HWCAP_ASIMDFHM	(1UL << 23)
#define HWCAP_ILRCPC	(1UL << 26)
#define HWCAP_FLAGM	(1UL << 27)

/* ID register field @shift (4 bits, unsigned). */
static unsigned int field(uint64_t reg, int shift)
{
	return (reg >> shift) & 0xf;
}

/*
 * AT_HWCAP as Linux computes it from the ID registers, for the features
 * that need nothing more than FP/ASIMD enabled at EL1 (SVE, pointer
 * authentication and MTE are left out: they are not enabled).
 */
unsigned long ukarch_hwcap(void);
unsigned long ukarch_hwcap(void)
{
	uint64_t isar0 = SYSREG_READ(id_aa64isar0_el1);
	uint64_t isar1 = SYSREG_READ(id_aa64isar1_el1);
	uint64_t pfr0 = SYSREG_READ(id_aa64pfr0_el1);
	unsigned long hw = 0;
	unsigned int fp = field(pfr0, 16), simd = field(pfr0, 20);

	if (fp != 0xf)
		hw |= HWCAP_FP | (fp >= 1 ? HWCAP_FPHP : 0);
	if (simd != 0xf)
		hw |= HWCAP_ASIMD | (simd >= 1 ? HWCAP_ASIMDHP : 0);
	if (field(isar0, 4) >= 1)
		hw |= HWCAP_AES;
	if (field(isar0, 4) >= 2)
		hw |= HWCAP_PMULL;
	if (field(isar0, 8) >= 1)
		hw |= HWCAP_SHA1;
	if (field(isar0, 12) >= 1)
		hw |= HWCAP_SHA2;
	if (field(isar0, 12) >= 2)
		hw |= HWCAP_SHA512;
	if (field(isar0, 16) >= 1)
		hw |= HWCAP_CRC32;
	if (field(isar0, 20) >= 2)
		hw |= HWCAP_ATOMICS;
	if (field(isar0, 28) >= 1)
		hw |= HWCAP_ASIMDRDM;
	if (field(isar0, 32) >= 1)
		hw |= HWCAP_SHA3;
	if (field(isar0, 36) >= 1)
		hw |= HWCAP_SM3;
	if (field(isar0, 40) >= 1)
		hw |= HWCAP_SM4;
	if (field(isar0, 44) >= 1)
		hw |= HWCAP_ASIMDDP;
	if (field(isar0, 48) >= 1)
		hw |= HWCAP_ASIMDFHM;
	if (field(isar0, 52) >= 1)
		hw |= HWCAP_FLAGM;
	if (field(isar1, 0) >= 1)
		hw |= HWCAP_DCPOP;
	if (field(isar1, 12) >= 1)
		hw |= HWCAP_JSCVT;
	if (field(isar1, 16) >= 1)
		hw |= HWCAP_FCMA;
	if (field(isar1, 20) >= 1)
		hw |= HWCAP_LRCPC;
	if (field(isar1, 20) >= 2)
		hw |= HWCAP_ILRCPC;
	return hw;
}

/* RNDR: sets NZCV to 0b0100 (Z) when no random number was ready. */
static bool rndr(uint64_t *v)
{
	uint64_t ok;

	__asm__ __volatile__("mrs %0, s3_3_c2_c4_0\n\tcset %1, ne"
			     : "=r"(*v), "=r"(ok) : : "cc");
	return ok;
}

int ukplat_random_hw(void *buf, size_t len)
{
	uint8_t *p = buf;

	if (field(SYSREG_READ(id_aa64isar0_el1), 60) < 1)
		return -UK_ENOTSUP;
	while (len) {
		uint64_t v;
		int tries = 0;
		size_t n;

		while (!rndr(&v))
			if (++tries == 16)
				return -UK_EIO;
		n = len < sizeof(v) ? len : sizeof(v);
		uk_memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	return 0;
}
