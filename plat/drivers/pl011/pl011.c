/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The console on an ARM PL011 UART, 8N1, FIFOs on. Output is polled;
 * input is polled until ukplat_cin_notify() asks for the receive
 * interrupts (the device tree's GIC interrupt; a board's fixed UART has
 * none). The probe takes the board's fixed "arm,pl011" (a SoC's UART, with
 * the clock the board set up for it) or else the device tree's:
 * /chosen/stdout-path when it names a PL011, else the first one. A
 * device-tree UART keeps the divisor the firmware (or QEMU, which
 * ignores it) left.
 */
#include <arm64/cpu.h>
#include <uk/plat/driver.h>
#include <uk/plat/irq.h>
#include <uk/errno.h>
#include <uk/fdt.h>
#include <uk/string.h>
#include <plat/common.h>

#define UART_DR		0x00
#define UART_FR		0x18
#define UART_IBRD	0x24
#define UART_FBRD	0x28
#define UART_LCRH	0x2c
#define UART_CR		0x30
#define UART_IMSC	0x38
#define UART_MIS	0x40
#define UART_ICR	0x44
#define INT_RX		(1 << 4)
#define INT_RT		(1 << 6)	/* receive timeout */
#define GIC_SPI		0
#define FR_BUSY		(1 << 3)
#define FR_RXFE		(1 << 4)
#define FR_TXFF		(1 << 5)
#define LCRH_FEN	(1 << 4)
#define LCRH_WLEN8	(3 << 5)
#define CR_UARTEN	(1 << 0)
#define CR_TXE		(1 << 8)
#define CR_RXE		(1 << 9)

static uint64_t base;
static int dt_irq = -1;		/* the GIC interrupt ID, from the DT */
static void (*rx_fn)(void);
static bool rx_masked;		/* input left in the FIFO: masked */

/*
 * Input that arrived before the UART was reprogrammed: init moves what is
 * waiting here first, so that nothing the reprogramming may discard is
 * lost.
 */
static char early_rx[32];
static unsigned int early_len, early_pos;

/* @clock_hz 0 keeps the divisor as found. */
static void pl011_init(uint64_t addr, uint32_t clock_hz, uint32_t baud)
{
	base = addr;
	if (!clock_hz || !baud)
		return;
	/* divisor = clock / (16 * baud), as 16.6 fixed point */
	uint32_t div64 = (uint32_t)(((uint64_t)clock_hz * 4 + baud / 2) / baud);

	uint32_t lcrh = mmio_read32(base + UART_LCRH);

	while (early_len < sizeof(early_rx) &&
	       !(mmio_read32(base + UART_FR) & FR_RXFE))
		early_rx[early_len++] = mmio_read32(base + UART_DR) & 0xff;
	mmio_write32(base + UART_CR, 0);
	for (int i = 0; i < 100000 && (mmio_read32(base + UART_FR) & FR_BUSY);
	     i++)
		;
	mmio_write32(base + UART_ICR, 0x7ff);
	mmio_write32(base + UART_IMSC, 0);
	mmio_write32(base + UART_IBRD, div64 >> 6);
	mmio_write32(base + UART_FBRD, div64 & 0x3f);
	/*
	 * The FIFO-enable bit is kept as found: toggling it empties the
	 * receive FIFO (and QEMU's model then reports stale data as ready).
	 * Firmware leaves it on; QEMU starts with it off.
	 */
	mmio_write32(base + UART_LCRH, LCRH_WLEN8 | (lcrh & LCRH_FEN));
	mmio_write32(base + UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
}

/* The device tree's console: /chosen/stdout-path, else the first PL011. */
static int fdt_node(const struct uk_fdt *fdt)
{
	const char *path;
	char buf[128];
	int off = -1, chosen = uk_fdt_path_offset(fdt, "/chosen");

	path = chosen >= 0 ? uk_fdt_getprop_str(fdt, chosen, "stdout-path")
			   : NULL;
	if (path) {
		size_t n = 0;

		/* "path:options" */
		while (path[n] && path[n] != ':' && n < sizeof(buf) - 1)
			n++;
		uk_memcpy(buf, path, n);
		buf[n] = '\0';
		off = uk_fdt_path_offset(fdt, buf);
		if (off >= 0 && !uk_fdt_prop_has_string(fdt, off,
							 "compatible",
							 "arm,pl011"))
			off = -1;
	}
	if (off < 0)
		off = uk_fdt_node_by_compatible(fdt, -1, "arm,pl011");
	return off;
}

/* The GIC interrupt ID of @node's first SPI, or -1. */
static int node_spi(const struct uk_fdt *fdt, int node)
{
	const uint8_t *p;
	int len;

	p = uk_fdt_getprop(fdt, node, "interrupts", &len);
	if (!p || len < 12 || uk_fdt_be32(p) != GIC_SPI ||
	    uk_fdt_be32(p + 4) >= 988)
		return -1;
	return 32 + (int)uk_fdt_be32(p + 4);
}

static int probe(void)
{
	const struct plat_fixed_dev *d = plat_fixed_dev("arm,pl011");
	const struct uk_fdt *fdt = plat_fdt();
	uint64_t addr, size;
	int off;

	if (d) {
		pl011_init(d->base, d->clock_hz, d->baud);
		return 0;
	}
	if (!fdt)
		return -UK_ENODEV;
	off = fdt_node(fdt);
	if (off < 0 || uk_fdt_reg(fdt, off, 0, &addr, &size) < 0)
		return -UK_ENODEV;
	dt_irq = node_spi(fdt, off);
	pl011_init(addr, 0, 0);
	return 0;
}

static void putc_raw(char c)
{
	/* bounded wait: a missing UART must not hang the kernel */
	for (int i = 0; i < 100000; i++)
		if (!(mmio_read32(base + UART_FR) & FR_TXFF))
			break;
	mmio_write32(base + UART_DR, (unsigned char)c);
}

static int coutk(const char *buf, unsigned int len)
{
	return ukplat_console_crlf(buf, len, putc_raw);
}

static int cink(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;

	while (n < maxlen && early_pos < early_len)
		buf[n++] = early_rx[early_pos++];
	while (n < maxlen && !(mmio_read32(base + UART_FR) & FR_RXFE))
		buf[n++] = mmio_read32(base + UART_DR) & 0xff;
	/* emptied by a reader: interrupts again */
	if (rx_masked && (mmio_read32(base + UART_FR) & FR_RXFE)) {
		rx_masked = false;
		mmio_write32(base + UART_IMSC, INT_RX | INT_RT);
	}
	return n;
}

static int rx_irq(void *arg)
{
	(void)arg;
	if (!(mmio_read32(base + UART_MIS) & (INT_RX | INT_RT)))
		return 0;
	rx_fn();
	mmio_write32(base + UART_ICR, INT_RX | INT_RT);
	/* the level stays up while input waits that nobody took (a full
	 * buffer above): masked until a reader empties the FIFO */
	if (!(mmio_read32(base + UART_FR) & FR_RXFE)) {
		rx_masked = true;
		mmio_write32(base + UART_IMSC, 0);
	}
	return 1;
}

static int cin_notify(void (*fn)(void))
{
	if (dt_irq < 0 || !base)
		return -UK_ENOTSUP;
	rx_fn = fn;
	if (ukplat_irq_register((unsigned int)dt_irq, rx_irq, NULL) < 0)
		return -UK_ENOTSUP;
	mmio_write32(base + UART_IMSC, INT_RX | INT_RT);
	return 0;
}

static const struct ukplat_console_ops ops = {
	.coutk = coutk,
	.cink = cink,
	.cin_notify = cin_notify,
};

UKPLAT_DRIVER(pl011, UKPLAT_DRIVER_CONSOLE, UKPLAT_DRIVER_PRIO_HW, probe,
	      &ops);
