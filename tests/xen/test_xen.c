/*
 * Unit tests of x86_64-xen's Xen-specific logic that needs no
 * hypervisor: pvclock arithmetic, the console ring's indices and the
 * event-channel scan. They call the platform's internal functions
 * (plat/xen/x86_64/xen.h). The image also checks that the platform chose
 * Xen's devices exactly when CPUID shows Xen: the kvm ones under QEMU,
 * Xen's as a PVH guest (tests/xen/xen-boot.test).
 */
#include <uk/test.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/timer.h>
#include <uk/plat/time.h>
#include "xen.h"

#define NSEC	1000000000ULL

/* ---- pvclock ---- */

/* The same formula in 128-bit arithmetic. */
static uint64_t ref_scale(uint64_t delta, uint32_t mul, int shift)
{
	if (shift >= 0)
		delta <<= shift;
	else
		delta >>= -shift;
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/*
 * The scale Xen gives a TSC of @hz (its set_time_scale): ns per tick as
 * a 32.32 fraction in [0.5, 1) times 2^shift.
 */
static void scale_for(uint64_t hz, uint32_t *mul, int8_t *shift)
{
	uint64_t tps = hz, ns = NSEC;
	int s = 0;

	while (tps > ns * 2) {
		tps >>= 1;
		s--;
	}
	while (tps <= ns) {
		tps <<= 1;
		s++;
	}
	*mul = (uint32_t)((ns << 32) / tps);
	*shift = s;
}

UK_TESTCASE(xen_pvclock, known_vector)
{
	/* 2.5 GHz: 0.4 ns per tick = 0.8 * 2^-1 */
	UK_TEST_EXPECT_UEQ(xen_pvclock_scale(2500000000ULL, 3435973836U, -1),
			   999999999ULL);
	UK_TEST_EXPECT_UEQ(xen_pvclock_scale(0, 3435973836U, -1), 0);
	/* 1 GHz: 1 ns per tick = 0.5 * 2^1 */
	UK_TEST_EXPECT_UEQ(xen_pvclock_scale(123456789, 1U << 31, 1),
			   123456789ULL);
}

UK_TESTCASE(xen_pvclock, matches_128_bit_math)
{
	static const uint64_t deltas[] = {
		1, 1000, 0xffffffffULL, 0x100000000ULL, 0x123456789abULL,
		1ULL << 40, (1ULL << 50) + 12345, 0x0fffffffffffffffULL,
	};
	static const uint32_t muls[] = {
		0x80000000U, 0xffffffffU, 3435973836U, 0xa0000001U,
	};

	for (unsigned int d = 0; d < UK_ARRAY_SIZE(deltas); d++)
		for (unsigned int m = 0; m < UK_ARRAY_SIZE(muls); m++)
			for (int s = -3; s <= 2; s++)
				UK_TEST_EXPECT_UEQ(
					xen_pvclock_scale(deltas[d], muls[m], s),
					ref_scale(deltas[d], muls[m], s));
}

UK_TESTCASE(xen_pvclock, one_second_of_ticks)
{
	static const uint64_t hz[] = {
		100000000ULL, 999999999ULL, 1000000000ULL, 2100000000ULL,
		2500000000ULL, 3600000000ULL, 4999999999ULL,
	};

	for (unsigned int i = 0; i < UK_ARRAY_SIZE(hz); i++) {
		uint32_t mul;
		int8_t shift;
		uint64_t ns;

		scale_for(hz[i], &mul, &shift);
		/*
		 * The 32-bit fraction and the ticks dropped by a right
		 * shift make it good to about 1 ns in 10^9.
		 */
		ns = xen_pvclock_scale(hz[i], mul, shift);
		UK_TEST_EXPECT_GE(ns, NSEC - 2);
		UK_TEST_EXPECT_LE(ns, NSEC + 2);
		/* ten minutes of ticks: no overflow on the way */
		ns = xen_pvclock_scale(hz[i] * 600, mul, shift);
		UK_TEST_EXPECT_GE(ns, 600 * NSEC - 600);
		UK_TEST_EXPECT_LE(ns, 600 * NSEC + 600);
	}
}

UK_TESTCASE(xen_pvclock, system_time_at_a_tsc)
{
	struct xen_vcpu_time_info t = {
		.version = 2,
		.tsc_timestamp = 1000000,
		.system_time = 5 * NSEC,
		.tsc_to_system_mul = 3435973836U,
		.tsc_shift = -1,
	};

	UK_TEST_EXPECT_UEQ(xen_pvclock_at(&t, 1000000), 5 * NSEC);
	UK_TEST_EXPECT_UEQ(xen_pvclock_at(&t, 1000000 + 2500000000ULL),
			   6 * NSEC - 1);
	/* a TSC read before Xen's timestamp does not go back in time */
	UK_TEST_EXPECT_UEQ(xen_pvclock_at(&t, 999000), 5 * NSEC);
}

UK_TESTCASE(xen_pvclock, snapshot_copies_a_stable_record)
{
	struct xen_vcpu_time_info src = {
		.version = 6, .tsc_timestamp = 77, .system_time = 88,
		.tsc_to_system_mul = 99, .tsc_shift = -2, .flags = 1,
	}, dst = { 0 };

	xen_pvclock_snapshot(&src, &dst);
	UK_TEST_EXPECT_EQ(dst.version, 6);
	UK_TEST_EXPECT_UEQ(dst.tsc_timestamp, 77);
	UK_TEST_EXPECT_UEQ(dst.system_time, 88);
	UK_TEST_EXPECT_EQ(dst.tsc_to_system_mul, 99);
	UK_TEST_EXPECT_EQ(dst.tsc_shift, -2);
	UK_TEST_EXPECT_EQ(dst.flags, 1);
}

/* ---- console ring ---- */

UK_TESTCASE(xen_ring, round_trip)
{
	char ring[XEN_CONS_OUT_SIZE], out[16];
	uint32_t prod = 0, cons = 0;

	UK_TEST_EXPECT_EQ(xen_ring_put(ring, sizeof(ring), cons, &prod,
				       "hello", 5), 5);
	UK_TEST_EXPECT_EQ(prod, 5);
	UK_TEST_EXPECT_EQ(xen_ring_get(ring, sizeof(ring), prod, &cons, out,
				       sizeof(out)), 5);
	UK_TEST_EXPECT_EQ(cons, 5);
	UK_TEST_EXPECT_MEM_EQ(out, "hello", 5);
	/* nothing more to read */
	UK_TEST_EXPECT_EQ(xen_ring_get(ring, sizeof(ring), prod, &cons, out,
				       sizeof(out)), 0);
}

UK_TESTCASE(xen_ring, indices_wrap_at_2_to_the_32)
{
	char ring[8] = { 0 }, out[8];
	uint32_t prod = 0xfffffffdU, cons = 0xfffffffdU;

	UK_TEST_EXPECT_EQ(xen_ring_put(ring, 8, cons, &prod, "abcdefgh", 8),
			  8);
	UK_TEST_EXPECT_UEQ(prod, 5);	/* 0xfffffffd + 8, wrapped */
	/* 0xfffffffd & 7 == 5: 'a' at 5, 'd' wraps to 0 */
	UK_TEST_EXPECT_MEM_EQ(ring, "defghabc", 8);
	UK_TEST_EXPECT_EQ(xen_ring_get(ring, 8, prod, &cons, out, 8), 8);
	UK_TEST_EXPECT_MEM_EQ(out, "abcdefgh", 8);
	UK_TEST_EXPECT_UEQ(cons, 5);
}

UK_TESTCASE(xen_ring, full_and_partial)
{
	char ring[XEN_CONS_IN_SIZE], big[XEN_CONS_IN_SIZE + 100], out[4];
	uint32_t prod = 1000, cons = 1000;

	for (unsigned int i = 0; i < sizeof(big); i++)
		big[i] = (char)i;
	/* only the ring's size fits */
	UK_TEST_EXPECT_EQ(xen_ring_put(ring, sizeof(ring), cons, &prod, big,
				       sizeof(big)), XEN_CONS_IN_SIZE);
	UK_TEST_EXPECT_EQ(prod - cons, XEN_CONS_IN_SIZE);
	/* full: nothing more */
	UK_TEST_EXPECT_EQ(xen_ring_put(ring, sizeof(ring), cons, &prod, "x",
				       1), 0);
	/* read 4: room for 4 */
	UK_TEST_EXPECT_EQ(xen_ring_get(ring, sizeof(ring), prod, &cons, out,
				       4), 4);
	UK_TEST_EXPECT_MEM_EQ(out, big, 4);
	UK_TEST_EXPECT_EQ(xen_ring_put(ring, sizeof(ring), cons, &prod, "wxyz!",
				       5), 4);
	/* the oldest bytes come out first, the new ones last */
	for (unsigned int i = 4; i < XEN_CONS_IN_SIZE; i += 4) {
		xen_ring_get(ring, sizeof(ring), prod, &cons, out, 4);
		if (!UK_TEST_EXPECT_MEM_EQ(out, big + i, 4))
			break;
	}
	UK_TEST_EXPECT_EQ(xen_ring_get(ring, sizeof(ring), prod, &cons, out,
				       4), 4);
	UK_TEST_EXPECT_MEM_EQ(out, "wxyz", 4);
	UK_TEST_EXPECT_EQ(cons, prod);
}

UK_TESTCASE(xen_ring, inconsistent_indices)
{
	char ring[16], out[16];
	uint32_t prod = 100, cons = 50;	/* 50 apart in a 16-byte ring */

	UK_TEST_EXPECT_EQ(xen_ring_put(ring, 16, cons, &prod, "x", 1), 0);
	UK_TEST_EXPECT_EQ(prod, 100);
	/* the reader drops what cannot be trusted */
	UK_TEST_EXPECT_EQ(xen_ring_get(ring, 16, prod, &cons, out, 16), 0);
	UK_TEST_EXPECT_EQ(cons, 100);
	/* a producer "behind" the consumer is as bad */
	prod = 10;
	cons = 20;
	UK_TEST_EXPECT_EQ(xen_ring_get(ring, 16, prod, &cons, out, 16), 0);
	UK_TEST_EXPECT_EQ(cons, 10);
}

/* ---- event channels ---- */

static uint32_t seen[32];
static unsigned int nseen;
static unsigned long *seen_pending;

static void record(uint32_t port, void *arg)
{
	unsigned long *mask_at_call = arg;

	/* the pending bit is cleared before the handler runs */
	if (seen_pending[port / 64] & (1UL << (port % 64)))
		*mask_at_call |= 1;
	if (nseen < UK_ARRAY_SIZE(seen))
		seen[nseen++] = port;
}

UK_TESTCASE(xen_evtchn, scan_order_and_masking)
{
	unsigned long sel, pending[XEN_EVTCHN_WORDS] = { 0 };
	unsigned long mask[XEN_EVTCHN_WORDS] = { 0 }, still_pending = 0;
	unsigned int n;

	sel = (1UL << 0) | (1UL << 2) | (1UL << 63);
	pending[0] = (1UL << 1) | (1UL << 5) | (1UL << 63);
	pending[1] = 1UL << 3;		/* no selector bit: not looked at */
	pending[2] = (1UL << 7) | (1UL << 0);
	pending[63] = 1UL << 63;	/* the last port, 4095 */
	mask[0] = 1UL << 5;
	mask[2] = 0;
	nseen = 0;
	seen_pending = pending;
	n = xen_evtchn_scan(&sel, pending, mask, record, &still_pending);
	UK_TEST_ASSERT_EQ(n, 5);
	UK_TEST_ASSERT_EQ(nseen, 5);
	UK_TEST_EXPECT_EQ(seen[0], 1);
	UK_TEST_EXPECT_EQ(seen[1], 63);
	UK_TEST_EXPECT_EQ(seen[2], 128);
	UK_TEST_EXPECT_EQ(seen[3], 135);
	UK_TEST_EXPECT_EQ(seen[4], 4095);
	UK_TEST_EXPECT_EQ(still_pending, 0);
	UK_TEST_EXPECT_UEQ(sel, 0);
	/* masked and unselected ports stay pending, the others are done */
	UK_TEST_EXPECT_UEQ(pending[0], 1UL << 5);
	UK_TEST_EXPECT_UEQ(pending[1], 1UL << 3);
	UK_TEST_EXPECT_UEQ(pending[2], 0);
	UK_TEST_EXPECT_UEQ(pending[63], 0);
}

UK_TESTCASE(xen_evtchn, all_masked)
{
	unsigned long sel = 1, pending[XEN_EVTCHN_WORDS] = { 0 };
	unsigned long mask[XEN_EVTCHN_WORDS], flag = 0;

	for (unsigned int i = 0; i < XEN_EVTCHN_WORDS; i++)
		mask[i] = ~0UL;
	pending[0] = 0xf0f0;
	nseen = 0;
	seen_pending = pending;
	UK_TEST_EXPECT_EQ(xen_evtchn_scan(&sel, pending, mask, record, &flag),
			  0);
	UK_TEST_EXPECT_EQ(nseen, 0);
	UK_TEST_EXPECT_UEQ(pending[0], 0xf0f0);
	/* unmasked later, a port is delivered once its word is selected */
	mask[0] = ~0x10UL;
	sel = 1;
	UK_TEST_EXPECT_EQ(xen_evtchn_scan(&sel, pending, mask, record, &flag),
			  1);
	UK_TEST_EXPECT_EQ(seen[0], 4);
	UK_TEST_EXPECT_UEQ(pending[0], 0xf0e0);
}

/* ---- the platform's decision, checked against CPUID ---- */

/* Xen's signature in some hypervisor leaf, found independently. */
static bool cpuid_shows_xen(void)
{
	uint32_t r[4];

	__asm__ __volatile__("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
			     "=d"(r[3]) : "a"(1), "c"(0));
	if (!(r[2] & (1u << 31)))
		return false;
	for (uint32_t leaf = 0x40000000; leaf < 0x40010000; leaf += 0x100) {
		__asm__ __volatile__("cpuid" : "=a"(r[0]), "=b"(r[1]),
				     "=c"(r[2]), "=d"(r[3]) : "a"(leaf),
				     "c"(0));
		if (uk_test_memeq(&r[1], "XenVMMXenVMM", 12))
			return true;
	}
	return false;
}

UK_TESTCASE(xen_platform, devices_follow_cpuid)
{
	bool xen = cpuid_shows_xen();
	uint64_t t0, t1;

	uk_test_diag("CPUID %s Xen: %s devices", xen ? "shows" : "does not show",
		     xen_present ? "Xen" : "kvm");
	UK_TEST_EXPECT_STR_EQ(ukplat_name(), "xen");
	UK_TEST_EXPECT_EQ(xen_present, xen);
	/* Xen's timer line, or the local APIC's */
	if (xen)
		UK_TEST_EXPECT_EQ(ukplat_timer_irq(), XEN_VEC_TIMER);
	else
		UK_TEST_EXPECT_NE(ukplat_timer_irq(), XEN_VEC_TIMER);
	t0 = ukplat_monotonic_clock();
	t1 = ukplat_monotonic_clock();
	UK_TEST_EXPECT_GE(t1, t0);
	/* the wall clock is set (RTC or Xen's wall-clock base): after 2017 */
	UK_TEST_EXPECT_GT(ukplat_wall_clock(), 1500000000ULL * NSEC);
}

UK_TEST_MAIN()
