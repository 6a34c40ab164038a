/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Console on COM1, a 16550 UART at I/O port 0x3f8, 115200 8N1. Output
 * is polled; input is polled until ukplat_cin_notify() asks for the
 * receive interrupt (ISA IRQ 4 through the I/O APIC). The probe cannot
 * tell a missing UART (its ports read 0xff) from one that is there, so
 * it always binds: a missing UART costs a bounded wait per character,
 * never a hang.
 */
#include <uk/plat/driver.h>
#include <uk/plat/irq.h>
#include <uk/errno.h>
#include <ioapic/ioapic.h>
#include <x86/cpu.h>

#define COM1		0x3f8
#define UART_DATA	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_DLL	0
#define UART_DLM	1
#define IER_RX_AVAIL	0x01
#define MCR_DTR_RTS	0x03
#define MCR_OUT2	0x08		/* gates the IRQ line on PCs */
#define COM1_ISA_IRQ	4
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20
#define LCR_DLAB	0x80
#define LCR_8N1		0x03

static int probe(void)
{
	outb(COM1 + UART_IER, 0x00);		/* no interrupts */
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 0x01);		/* 115200 baud */
	outb(COM1 + UART_DLM, 0x00);
	outb(COM1 + UART_LCR, LCR_8N1);
	/*
	 * FCR is left alone: writing it (enabling or clearing the FIFOs)
	 * makes QEMU drop input that has already arrived.
	 */
	outb(COM1 + UART_MCR, MCR_DTR_RTS);
	return 0;
}

static void putc_raw(char c)
{
	/* bounded wait: a missing UART must not hang the kernel */
	for (int i = 0; i < 100000; i++)
		if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
			break;
	outb(COM1 + UART_DATA, c);
}

static int coutk(const char *buf, unsigned int len)
{
	return ukplat_console_crlf(buf, len, putc_raw);
}

static int cink(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;

	while (n < maxlen && (inb(COM1 + UART_LSR) & LSR_DATA_READY))
		buf[n++] = inb(COM1 + UART_DATA);
	return n;
}

static void (*rx_fn)(void);

static int rx_irq(void *arg)
{
	(void)arg;
	/* the callback reads what is waiting (edge-triggered: a FIFO left
	 * with data interrupts again only after a reader empties it); a
	 * reader may have taken it already */
	if (inb(COM1 + UART_LSR) & LSR_DATA_READY)
		rx_fn();
	return 1;
}

static int cin_notify(void (*fn)(void))
{
	unsigned int flags, gsi = ioapic_isa_gsi(COM1_ISA_IRQ, &flags);
	int vec = ioapic_route(gsi, flags);

	if (vec < 0)
		return vec;
	rx_fn = fn;
	if (ukplat_irq_register(vec, rx_irq, NULL) < 0)
		return -UK_ENOTSUP;
	outb(COM1 + UART_MCR, MCR_DTR_RTS | MCR_OUT2);
	outb(COM1 + UART_IER, IER_RX_AVAIL);
	return 0;
}

static const struct ukplat_console_ops ops = {
	.coutk = coutk,
	.cink = cink,
	.cin_notify = cin_notify,
};

UKPLAT_DRIVER(ns16550, UKPLAT_DRIVER_CONSOLE, UKPLAT_DRIVER_PRIO_HW, probe,
	      &ops);
