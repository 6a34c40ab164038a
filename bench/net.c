/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/net, the libuk side: raw packets per second through uk/netdev.h
 * on the first network device (one queue pair, bursts of 32; TX polls,
 * RX halts for the queue's interrupt when nothing is waiting: a spinning
 * vCPU would take the host CPU from QEMU's own I/O thread).
 *
 *   net tx N    send N 60-byte frames as fast as the device takes them
 *   net rx N    count N frames from bench/net-host, first to last
 *
 * Both start with a "hello" frame (EtherType 0x88b5), which tells the
 * host program the guest's MAC and QEMU's address. Prints
 * "result net_tx_pps|net_rx_pps VALUE pps" and exits 0, or exits 1.
 * bench/net-linux.c does the same through AF_PACKET in the Linux VM.
 */
#include <uk/netdev.h>
#include <uk/string.h>
#include <uk/plat/time.h>
#include <uk/plat/irq.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/timer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUF		1024
#define BUFSZ		2048
#define HEADROOM	64
#define BURST		32
#define ETHERTYPE	0x88b5
#define TIMEOUT_NS	(60ULL * 1000000000ULL)

static struct uk_netbuf nbs[NBUF];
static char mem[NBUF][BUFSZ] __attribute__((aligned(64)));
static struct uk_netbuf *pool[NBUF];
static unsigned int pool_n;
static struct uk_netdev *dev;
static volatile int rx_ready;

static void on_rx(struct uk_netdev *d, uint16_t qid, void *cookie)
{
	rx_ready = 1;
}

/*
 * Halts until the RX queue's interrupt, unless frames are waiting, or
 * for a second at most (the timer wakes the CPU too), so that a frame
 * that never comes ends the run instead of hanging it.
 */
static void rx_wait(void)
{
	unsigned long flags;

	if (uk_netdev_rxq_intr_enable(dev, 0) == 1)
		return;
	flags = ukplat_irq_save();
	ukplat_timer_set(ukplat_monotonic_clock() + 1000000000ULL);
	if (!rx_ready)
		ukplat_halt();
	rx_ready = 0;
	ukplat_irq_restore(flags);
	uk_netdev_rxq_intr_disable(dev, 0);
}

static void nb_free(struct uk_netbuf *nb)
{
	pool[pool_n++] = nb;
}

static uint16_t alloc_rx(void *argp, struct uk_netbuf *nb[], uint16_t count)
{
	uint16_t i;

	for (i = 0; i < count && pool_n; i++) {
		nb[i] = pool[--pool_n];
		uk_netbuf_init(nb[i], nb[i]->buf, BUFSZ, HEADROOM, nb_free,
			       NULL);
	}
	return i;
}

/* A 60-byte broadcast frame of our EtherType; @tag in the payload. */
static struct uk_netbuf *frame(const char *tag, uint32_t seq)
{
	struct uk_netbuf *nb;
	uint8_t *f;

	if (!pool_n)
		return NULL;
	nb = pool[--pool_n];
	uk_netbuf_init(nb, nb->buf, BUFSZ, HEADROOM, nb_free, NULL);
	f = nb->data;
	memset(f, 0xff, 6);
	memcpy(f + 6, uk_netdev_hwaddr_get(dev)->addr, 6);
	f[12] = ETHERTYPE >> 8;
	f[13] = ETHERTYPE & 0xff;
	memset(f + 14, 0, 46);
	memcpy(f + 14, tag, 4);
	memcpy(f + 18, &seq, 4);
	nb->len = 60;
	return nb;
}

static int setup(void)
{
	struct uk_netdev_conf c = { 1, 1, 0 };
	struct uk_netdev_rxq_conf rq = { .alloc_rxpkts = alloc_rx,
					 .callback = on_rx };
	struct uk_netdev_txq_conf tq = { 0 };
	unsigned int i;

	for (i = 0; i < NBUF; i++) {
		nbs[i].buf = mem[i];
		pool[pool_n++] = &nbs[i];
	}
	dev = uk_netdev_get(0);
	if (!dev) {
		fprintf(stderr, "net: no network device\n");
		return -1;
	}
	if (uk_netdev_configure(dev, &c) || uk_netdev_rxq_configure(dev, 0, &rq)
	    || uk_netdev_txq_configure(dev, 0, &tq) || uk_netdev_start(dev)) {
		fprintf(stderr, "net: cannot start the device\n");
		return -1;
	}
	return 0;
}

static void hello(void)
{
	struct uk_netbuf *nb = frame("HELO", 0);

	while (nb && uk_netdev_tx_burst(dev, 0, &nb, 1) == 0)
		;
}

static int tx(uint64_t n)
{
	struct uk_netbuf *b[BURST];
	uint64_t sent = 0, t0, t1;
	int i, k, got;

	t0 = ukplat_monotonic_clock();
	while (sent < n) {
		k = (int)(n - sent < BURST ? n - sent : BURST);
		for (i = 0; i < k; i++)
			if (!(b[i] = frame("DATA", (uint32_t)(sent + i))))
				break;
		got = i ? uk_netdev_tx_burst(dev, 0, b, (uint16_t)i) : 0;
		if (got < 0)
			return 1;
		for (k = got; k < i; k++)
			nb_free(b[k]);
		if (!got)
			uk_netdev_tx_reclaim(dev, 0);
		sent += (uint64_t)got;
		if (ukplat_monotonic_clock() - t0 > TIMEOUT_NS)
			return 1;
	}
	t1 = ukplat_monotonic_clock();
	printf("result net_tx_pps %llu pps\n",
	       (unsigned long long)(n * 1000000000ULL / (t1 - t0)));
	return 0;
}

static int rx(uint64_t n)
{
	struct uk_netbuf *b[BURST];
	uint64_t got = 0, t0 = 0, t1, start = ukplat_monotonic_clock();
	int i, k;

	while (got < n) {
		k = uk_netdev_rx_burst(dev, 0, b, BURST);
		if (k < 0)
			return 1;
		for (i = 0; i < k; i++) {
			uint8_t *f = b[i]->data;

			if (b[i]->len >= 18 && f[12] == (ETHERTYPE >> 8) &&
			    f[13] == (ETHERTYPE & 0xff) && !memcmp(f + 14,
								    "DATA", 4)) {
				if (!got++)
					t0 = ukplat_monotonic_clock();
			}
			nb_free(b[i]);
		}
		if (!k)
			rx_wait();
		if (ukplat_monotonic_clock() - start > TIMEOUT_NS) {
			fprintf(stderr, "net: %llu of %llu frames\n",
				(unsigned long long)got, (unsigned long long)n);
			return 1;
		}
	}
	t1 = ukplat_monotonic_clock();
	printf("result net_rx_pps %llu pps\n",
	       (unsigned long long)((n - 1) * 1000000000ULL / (t1 - t0)));
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t n;

	if (argc != 3 || (strcmp(argv[1], "tx") && strcmp(argv[1], "rx"))) {
		fprintf(stderr, "usage: net tx|rx N\n");
		return 1;
	}
	n = strtoull(argv[2], NULL, 10);
	if (n < 2 || setup())
		return 1;
	hello();
	return argv[1][0] == 't' ? tx(n) : rx(n);
}
