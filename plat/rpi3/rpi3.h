/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal interfaces of the Raspberry Pi 3 platform (BCM2837, as the
 * board and QEMU's raspi3b machine have it). Addresses are the ARM's
 * physical ones; the VideoCore sees RAM at bus address | 0xc0000000.
 */
#ifndef RPI3_RPI3_H
#define RPI3_RPI3_H

#include <uk/essentials.h>

#define RPI3_PERIPH_BASE	0x3f000000ULL
#define RPI3_PERIPH_SIZE	0x01000000ULL
/* the BCM2836 "ARM local" block: per-core interrupts, mailboxes */
#define RPI3_LOCAL_BASE		0x40000000ULL
#define RPI3_MBOX_BASE		(RPI3_PERIPH_BASE + 0xb880)
#define RPI3_PM_BASE		(RPI3_PERIPH_BASE + 0x100000)
#define RPI3_GPIO_BASE		(RPI3_PERIPH_BASE + 0x200000)
#define RPI3_UART0_BASE		(RPI3_PERIPH_BASE + 0x201000)
#define RPI3_BUS_UNCACHED	0xc0000000U

/* VideoCore property tags used here */
#define MBOX_TAG_GET_ARM_MEMORY	0x00010005
#define MBOX_TAG_SET_CLOCK_RATE	0x00038002
#define MBOX_CLOCK_UART		2

/*
 * One property-interface request with one tag: sends @req_words of
 * @val (the tag's value buffer, @val_words long) and copies the answer
 * back into @val. Returns 0 or a negative errno (-EIO: no answer or the
 * firmware refused).
 */
int rpi3_mbox_property(uint32_t tag, uint32_t *val, unsigned int val_words,
		       unsigned int req_words);

/* The virtual timer's line on the BCM2836 local interrupt controller. */
#define RPI3_IRQ_CNTV		3

#endif /* RPI3_RPI3_H */
