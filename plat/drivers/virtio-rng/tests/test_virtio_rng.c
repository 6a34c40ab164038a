/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-rng: booted with a virtio-rng device (uk-run --rng) the image
 * must find it, read entropy from it, and getrandom must take it when
 * the CPU has no random instruction (x86_64 -cpu qemu64, aarch64
 * cortex-a53). Booted without one (virtio-rng.test), it must see no
 * device and getrandom must still work.
 */
#include <uk/test.h>
#include <uk/virtio.h>
#include <uk/plat/random.h>
#include <uk/string.h>
#include <uk/print.h>
#include <uk/errno.h>
#include <sys/random.h>
#include <stdlib.h>
#include <time.h>

static bool want_device(void)
{
	const char *e = getenv("RNG_EXPECT");

	return !e || e[0] != '0';
}

static bool nonzero(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return true;
	return false;
}

/*
 * musl's stack protector canary comes from AT_RANDOM: from the device
 * too. First: no other test has read the device yet.
 */
UK_TESTCASE(virtio_rng, at_random_from_device)
{
	uint8_t tmp[8];

	if (!want_device() || ukplat_random_hw(tmp, sizeof(tmp)) == 0)
		return;
	/* 16 bytes at start-up, before any test ran */
	UK_TEST_EXPECT_GE(ukplat_random_dev_bytes(), 16);
}

UK_TESTCASE(virtio_rng, device_read)
{
	uint8_t a[64], b[64];

	if (!want_device()) {
		UK_TEST_EXPECT_EQ(ukplat_random_dev(a, sizeof(a)), -UK_ENODEV);
		return;
	}
	UK_TEST_ASSERT(uk_virtio_dev_count() >= 1);
	uk_memset(a, 0, sizeof(a));
	uk_memset(b, 0, sizeof(b));
	UK_TEST_ASSERT_EQ(ukplat_random_dev(a, sizeof(a)), 0);
	UK_TEST_ASSERT_EQ(ukplat_random_dev(b, sizeof(b)), 0);
	UK_TEST_EXPECT(nonzero(a, sizeof(a)));
	UK_TEST_EXPECT(uk_memcmp(a, b, sizeof(a)) != 0);
}

UK_TESTCASE(virtio_rng, getrandom_source)
{
	uint8_t tmp[8], buf[1000];
	bool hw = ukplat_random_hw(tmp, sizeof(tmp)) == 0;
	uint64_t before = ukplat_random_dev_bytes();

	uk_pr_info("CPU random instruction: %s\n", hw ? "yes" : "no");
	uk_memset(buf, 0, sizeof(buf));
	UK_TEST_ASSERT_EQ(getrandom(buf, sizeof(buf), 0), sizeof(buf));
	UK_TEST_EXPECT(nonzero(buf, sizeof(buf)));
	if (hw || !want_device())	/* the CPU first, or no device */
		UK_TEST_EXPECT_EQ(ukplat_random_dev_bytes(), before);
	else
		UK_TEST_EXPECT_EQ(ukplat_random_dev_bytes(),
				  before + sizeof(buf));
}

UK_TESTCASE(virtio_rng, large_reads)
{
	static uint8_t big[20000];
	size_t got = 0;

	while (got < sizeof(big)) {
		ssize_t n = getrandom(big + got, sizeof(big) - got, 0);

		UK_TEST_ASSERT(n > 0);
		got += n;
	}
	UK_TEST_EXPECT(nonzero(big + sizeof(big) - 64, 64));
}

/*
 * The device interrupts when it returns a buffer (the queue asks for
 * it): the interrupt is taken once the CPU halts with interrupts on, in
 * a sleep, through the IOAPIC (x86_64) or the GIC (aarch64).
 */
UK_TESTCASE(virtio_rng, interrupt_delivered)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct uk_virtio_dev *d = NULL;
	uint64_t before;
	uint8_t b[16];

	if (!want_device())
		return;
	for (unsigned int i = 0; i < uk_virtio_dev_count(); i++)
		if (uk_virtio_dev_id(uk_virtio_dev_get(i)) == UK_VIRTIO_ID_RNG)
			d = uk_virtio_dev_get(i);
	UK_TEST_ASSERT_NOT_NULL(d);
	before = uk_virtio_dev_irq_count(d);
	UK_TEST_ASSERT_EQ(ukplat_random_dev(b, sizeof(b)), 0);
	/* under TCG on a loaded host the interrupt can take longer than
	 * one 20 ms sleep: wait up to a second for it */
	for (int i = 0; i < 50 && uk_virtio_dev_irq_count(d) == before; i++)
		nanosleep(&ts, NULL);
	UK_TEST_EXPECT_GT(uk_virtio_dev_irq_count(d), before);
}

UK_TEST_MAIN();
