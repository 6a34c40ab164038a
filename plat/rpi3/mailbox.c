/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VideoCore mailbox property interface (channel 8): the ARM writes
 * the bus address of a 16-byte aligned buffer of tags, the firmware
 * answers in place. The buffer is flushed from the data cache around
 * the exchange, so this works with the MMU and caches on.
 */
#include <arm64/cpu.h>
#include <uk/string.h>
#include <uk/errno.h>
#include "rpi3.h"

#define MBOX_READ	0x00
#define MBOX_STATUS	0x18
#define MBOX_WRITE	0x20
#define MBOX_FULL	(1U << 31)
#define MBOX_EMPTY	(1U << 30)
#define MBOX_CH_PROP	8
#define MBOX_REQUEST	0
#define MBOX_SUCCESS	0x80000000U
#define MBOX_TAG_LAST	0
#define SPINS		10000000

#define MAX_VAL_WORDS	8

static uint32_t buf[6 + MAX_VAL_WORDS] __aligned(64);

int rpi3_mbox_property(uint32_t tag, uint32_t *val, unsigned int val_words,
		       unsigned int req_words)
{
	uint32_t msg, r;
	int i;

	if (val_words > MAX_VAL_WORDS || req_words > val_words)
		return -UK_EINVAL;
	buf[0] = (6 + val_words) * 4;
	buf[1] = MBOX_REQUEST;
	buf[2] = tag;
	buf[3] = val_words * 4;
	buf[4] = req_words * 4;
	for (unsigned int w = 0; w < val_words; w++)
		buf[5 + w] = w < req_words ? val[w] : 0;
	buf[5 + val_words] = MBOX_TAG_LAST;
	arm64_dcache_flush(buf, sizeof(buf));

	msg = ((uint32_t)(uintptr_t)buf | RPI3_BUS_UNCACHED) | MBOX_CH_PROP;
	for (i = 0; i < SPINS &&
	     (mmio_read32(RPI3_MBOX_BASE + MBOX_STATUS) & MBOX_FULL); i++)
		;
	if (i == SPINS)
		return -UK_EIO;
	mmio_write32(RPI3_MBOX_BASE + MBOX_WRITE, msg);
	for (i = 0; i < SPINS; i++) {
		if (mmio_read32(RPI3_MBOX_BASE + MBOX_STATUS) & MBOX_EMPTY)
			continue;
		r = mmio_read32(RPI3_MBOX_BASE + MBOX_READ);
		if (r == msg)
			break;
	}
	if (i == SPINS)
		return -UK_EIO;
	arm64_dcache_flush(buf, sizeof(buf));
	if (buf[1] != MBOX_SUCCESS || !(buf[4] & MBOX_SUCCESS))
		return -UK_EIO;
	for (unsigned int w = 0; w < val_words; w++)
		val[w] = buf[5 + w];
	return 0;
}
