/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The console on an ARM PL011 UART, polled: no interrupts, 8N1, FIFOs
 * on. The platform finds its address (device tree, or the SoC's fixed
 * one) and calls arm64_pl011_init() before printing.
 */
#include <arm64/cpu.h>
#include <uk/plat/console.h>

#define UART_DR		0x00
#define UART_FR		0x18
#define UART_IBRD	0x24
#define UART_FBRD	0x28
#define UART_LCRH	0x2c
#define UART_CR		0x30
#define UART_IMSC	0x38
#define UART_ICR	0x44
#define FR_BUSY		(1 << 3)
#define FR_RXFE		(1 << 4)
#define FR_TXFF		(1 << 5)
#define LCRH_FEN	(1 << 4)
#define LCRH_WLEN8	(3 << 5)
#define CR_UARTEN	(1 << 0)
#define CR_TXE		(1 << 8)
#define CR_RXE		(1 << 9)

static uint64_t base;

/*
 * Input that arrived before the UART was reprogrammed: init moves what is
 * waiting here first, so that nothing the reprogramming may discard is
 * lost.
 */
static char early_rx[32];
static unsigned int early_len, early_pos;

/*
 * @clock_hz 0 keeps the divisor the firmware (or QEMU, which ignores it)
 * left.
 */
void arm64_pl011_init(uint64_t addr, uint32_t clock_hz, uint32_t baud)
{
	base = addr;
	if (!clock_hz)
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

static void putc_raw(char c)
{
	/* bounded wait: a missing UART must not hang the kernel */
	for (int i = 0; i < 100000; i++)
		if (!(mmio_read32(base + UART_FR) & FR_TXFF))
			break;
	mmio_write32(base + UART_DR, (unsigned char)c);
}

int ukplat_coutk(const char *buf, unsigned int len)
{
	if (!base)
		return len;
	for (unsigned int i = 0; i < len; i++) {
		if (buf[i] == '\n')
			putc_raw('\r');
		putc_raw(buf[i]);
	}
	return len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;

	if (!base)
		return 0;
	while (n < maxlen && early_pos < early_len)
		buf[n++] = early_rx[early_pos++];
	while (n < maxlen && !(mmio_read32(base + UART_FR) & FR_RXFE))
		buf[n++] = mmio_read32(base + UART_DR) & 0xff;
	return n;
}
