/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An in-image responder written against uk/netdev.h alone, driven by
 * tests/net/harness.py from the host:
 *
 * - answers ARP requests for its address and ICMP echo requests, in
 *   place (the request's own netbuf goes back out: zero copy);
 * - counts UDP frames to port 7000 (payload: magic, flow, seq, then a
 *   byte pattern) and checks that each flow's sequence numbers come in
 *   order and the pattern is intact;
 * - UDP to port 7001 is a command: REPORT (answers with its counters),
 *   SEND n len base (sends frames base .. base + n - 1 of a burst, len
 *   bytes each, with sequence numbers, one flow per TX queue), QUIT
 *   status.
 *
 * Arguments: [queues=N] [mode=poll|intr] [mtu=N]. At start it announces
 * itself with a gratuitous ARP, so the harness learns its MAC (and, with
 * QEMU's dgram backend, the port to talk to).
 * Exit status: QUIT's, or 2 when the device is missing or refuses a step,
 * 3 when its statistics disagree with what it counted.
 */
#include <uk/netdev.h>
#include <uk/string.h>
#include <uk/print.h>
#include <uk/plat/irq.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/time.h>

#define NBUF		2048
#define BUFSZ		2048
#define HEADROOM	66	/* the IP header lands 4-byte aligned */
#define BURST		32
#define IDLE_NS		(120ULL * 1000000000ULL)

#define MY_IP		0xc0a84c02	/* 192.168.76.2 */
#define PORT_DATA	7000
#define PORT_CMD	7001
#define PORT_SEND	7002
#define MAGIC		0x554b4e54	/* "UKNT" */
#define CMD_REPORT	1
#define CMD_SEND	2
#define CMD_QUIT	3
#define FLOWS		16

static struct uk_netbuf nbs[NBUF];
static char mem[NBUF][BUFSZ] __aligned(64);
static struct uk_netbuf *pool[NBUF];
static unsigned int pool_n;

static void nb_free(struct uk_netbuf *nb)
{
	pool[pool_n++] = nb;
}

static struct uk_netbuf *nb_get(void)
{
	struct uk_netbuf *nb;

	if (!pool_n)
		return NULL;
	nb = pool[--pool_n];
	uk_netbuf_init(nb, nb->buf, BUFSZ, HEADROOM, nb_free, NULL);
	return nb;
}

static uint16_t alloc_rx(void *argp, struct uk_netbuf *nb[], uint16_t count)
{
	uint16_t i;

	for (i = 0; i < count; i++)
		if (!(nb[i] = nb_get()))
			break;
	return i;
}

static struct uk_netdev *dev;
static uint16_t nq = 1;
static bool intr_mode;
static volatile unsigned int pending;	/* bit per queue, from callbacks */
static unsigned int events;
static struct {
	uint32_t rx_data, ooo, bad, rx_q[UK_NETDEV_MAX_QUEUES];
	uint32_t expect[FLOWS];
	uint32_t arp, icmp;
} cnt;
static int quit = -1;

static void on_rx(struct uk_netdev *d, uint16_t qid, void *cookie)
{
	pending |= 1u << qid;
	events++;
}

/* ---- bytes ---- */

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static uint16_t csum(const uint8_t *p, uint32_t len)
{
	uint32_t s = 0, i;

	for (i = 0; i + 1 < len; i += 2)
		s += get16(p + i);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Ethernet: swap the addresses, ours as the source. */
static void eth_reply(uint8_t *f)
{
	uk_memcpy(f, f + 6, 6);
	uk_memcpy(f + 6, uk_netdev_hwaddr_get(dev)->addr, 6);
}

/* ---- sending ---- */

/* Sends @nb on @q, waiting (bounded) while the ring is full. */
static void send(uint16_t q, struct uk_netbuf *nb)
{
	uint64_t t0 = ukplat_monotonic_clock();
	int rc;

	while ((rc = uk_netdev_tx_burst(dev, q, &nb, 1)) == 0) {
		if (ukplat_monotonic_clock() - t0 > 5000000000ULL)
			break;
		uk_cpu_relax();
	}
	if (rc != 1) {
		uk_pr_err("responder: tx on queue %u: %d\n", q, rc);
		nb_free(nb);
	}
}

/* An IPv4/UDP frame from us to @dst (MAC at @dmac) with @plen payload. */
static uint8_t *udp_frame(struct uk_netbuf *nb, const uint8_t *dmac,
			  uint32_t dst, uint16_t sport, uint16_t dport,
			  uint32_t plen)
{
	uint8_t *f = nb->data, *ip = f + 14, *udp = ip + 20;

	uk_memcpy(f, dmac, 6);
	uk_memcpy(f + 6, uk_netdev_hwaddr_get(dev)->addr, 6);
	put16(f + 12, 0x0800);
	uk_memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + 8 + plen));
	ip[8] = 64;
	ip[9] = 17;
	put32(ip + 12, MY_IP);
	put32(ip + 16, dst);
	put16(ip + 10, csum(ip, 20));
	put16(udp, sport);
	put16(udp + 2, dport);
	put16(udp + 4, (uint16_t)(8 + plen));
	put16(udp + 6, 0);	/* no UDP checksum (IPv4 allows it) */
	nb->len = 14 + 20 + 8 + plen;
	return udp + 8;
}

static void announce(void)
{
	struct uk_netbuf *nb = nb_get();
	uint8_t *f, *a;

	if (!nb)
		return;
	f = nb->data;
	a = f + 14;
	uk_memset(f, 0xff, 6);
	uk_memcpy(f + 6, uk_netdev_hwaddr_get(dev)->addr, 6);
	put16(f + 12, 0x0806);
	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1);
	uk_memcpy(a + 8, f + 6, 6);
	put32(a + 14, MY_IP);
	uk_memset(a + 18, 0, 6);
	put32(a + 24, MY_IP);
	nb->len = 42;
	send(0, nb);
}

/* ---- receiving ---- */

static bool arp(struct uk_netbuf *nb, uint16_t q)
{
	uint8_t *f = nb->data, *a = f + 14;

	if (nb->len < 42 || get16(a) != 1 || get16(a + 2) != 0x0800 ||
	    get16(a + 6) != 1 || get32(a + 24) != MY_IP)
		return false;
	eth_reply(f);
	put16(a + 6, 2);
	uk_memcpy(a + 18, a + 8, 10);		/* target := sender */
	uk_memcpy(a + 8, f + 6, 6);		/* sender := us */
	put32(a + 14, MY_IP);
	nb->len = 42;
	cnt.arp++;
	send(q, nb);
	return true;
}

static bool icmp_echo(struct uk_netbuf *nb, uint8_t *ip, uint32_t iplen,
		      uint16_t q)
{
	uint32_t ihl = (ip[0] & 15) * 4;
	uint8_t *ic = ip + ihl, tmp[4];

	if (iplen < ihl + 8 || ic[0] != 8 || csum(ic, iplen - ihl))
		return false;
	eth_reply(nb->data);
	uk_memcpy(tmp, ip + 12, 4);
	uk_memcpy(ip + 12, ip + 16, 4);
	uk_memcpy(ip + 16, tmp, 4);
	ip[8] = 64;
	put16(ip + 10, 0);
	put16(ip + 10, csum(ip, ihl));
	ic[0] = 0;
	put16(ic + 2, 0);
	put16(ic + 2, csum(ic, iplen - ihl));
	nb->len = 14 + iplen;
	cnt.icmp++;
	send(q, nb);
	return true;
}

static void data(const uint8_t *p, uint32_t plen, uint16_t q)
{
	uint32_t flow, seq, i;

	cnt.rx_data++;
	cnt.rx_q[q]++;
	if (plen < 12 || get32(p) != MAGIC || (flow = get32(p + 4)) >= FLOWS) {
		cnt.bad++;
		return;
	}
	seq = get32(p + 8);
	if (seq != cnt.expect[flow])
		cnt.ooo++;
	cnt.expect[flow] = seq + 1;
	for (i = 12; i < plen; i++)
		if (p[i] != (uint8_t)(seq + i)) {
			cnt.bad++;
			break;
		}
}

static void report(const uint8_t *f, uint32_t src, uint16_t sport,
		   uint16_t q)
{
	struct uk_netbuf *nb = nb_get();
	struct uk_netdev_stats st;
	uint8_t *p;
	unsigned int i;

	if (!nb)
		return;
	uk_netdev_stats_get(dev, UK_NETDEV_ALL_QUEUES, &st);
	p = udp_frame(nb, f + 6, src, PORT_CMD, sport, 4 * 16);
	put32(p, MAGIC);
	put32(p + 4, cnt.rx_data);
	put32(p + 8, cnt.ooo);
	put32(p + 12, cnt.bad);
	put32(p + 16, nq);
	put32(p + 20, intr_mode);
	put32(p + 24, events);
	put32(p + 28, (uint32_t)st.rx_packets);
	put32(p + 32, (uint32_t)st.tx_packets);
	put32(p + 36, cnt.arp);
	put32(p + 40, cnt.icmp);
	put32(p + 44, uk_netdev_mtu_get(dev));
	for (i = 0; i < 4; i++)
		put32(p + 48 + 4 * i, cnt.rx_q[i]);
	send(q, nb);
}

/*
 * Frames base .. base + n - 1 of a burst: frame g goes out on TX queue
 * g % nq as sequence number g / nq of flow g % nq.
 */
static void send_burst(const uint8_t *f, uint32_t src, uint16_t sport,
		       uint32_t base, uint32_t n, uint32_t len)
{
	uint32_t seq, i, plen;
	struct uk_netbuf *nb;
	uint8_t *p;

	if (len < 14 + 20 + 8 + 12 || len > 14 + uk_netdev_mtu_get(dev))
		return;
	plen = len - 14 - 20 - 8;
	for (seq = base; seq - base < n; seq++) {
		while (!(nb = nb_get())) {
			for (i = 0; i < nq; i++)
				uk_netdev_tx_reclaim(dev, i);
		}
		p = udp_frame(nb, f + 6, src, PORT_SEND, sport, plen);
		put32(p, MAGIC);
		put32(p + 4, seq % nq);		/* the flow is the queue */
		put32(p + 8, seq / nq);
		for (i = 12; i < plen; i++)
			p[i] = (uint8_t)(seq / nq + i);
		send(seq % nq, nb);
	}
}

static void command(const uint8_t *f, const uint8_t *ip, const uint8_t *p,
		    uint32_t plen, uint16_t q)
{
	uint32_t src = get32(ip + 12);
	uint16_t sport = get16(ip + 20);

	if (plen < 20 || get32(p) != MAGIC)
		return;
	switch (get32(p + 4)) {
	case CMD_REPORT:
		report(f, src, sport, q);
		break;
	case CMD_SEND:
		send_burst(f, src, sport, get32(p + 16), get32(p + 8),
			   get32(p + 12));
		break;
	case CMD_QUIT:
		quit = (int)get32(p + 8);
		break;
	}
}

/* Handles one frame; frees it unless it went back out. */
static void frame(struct uk_netbuf *nb, uint16_t q)
{
	uint8_t *f = nb->data, *ip = f + 14, *udp;
	uint32_t iplen;

	if (nb->len >= 42 && get16(f + 12) == 0x0806 && arp(nb, q))
		return;
	if (nb->len < 34 || get16(f + 12) != 0x0800 || (ip[0] >> 4) != 4 ||
	    get32(ip + 16) != MY_IP)
		goto out;
	iplen = get16(ip + 2);
	if (iplen < 20 || iplen > nb->len - 14 || csum(ip, (ip[0] & 15) * 4))
		goto out;
	if (ip[9] == 1 && icmp_echo(nb, ip, iplen, q))
		return;
	if (ip[9] != 17 || (ip[0] & 15) != 5 || iplen < 28)
		goto out;
	udp = ip + 20;
	if (get16(udp + 2) == PORT_DATA)
		data(udp + 8, iplen - 28, q);
	else if (get16(udp + 2) == PORT_CMD)
		command(f, ip, udp + 8, iplen - 28, q);
out:
	nb_free(nb);
}

/* ---- setup and the loop ---- */

static int setup(uint16_t mtu)
{
	struct uk_netdev_conf c = { 0 };
	struct uk_netdev_rxq_conf rq = { 0 };
	struct uk_netdev_txq_conf tq = { 0 };
	struct uk_netdev_info info;
	uint16_t q;
	int rc;

	if (!uk_netdev_count()) {
		uk_pr_err("responder: no network device\n");
		return -1;
	}
	dev = uk_netdev_get(0);
	uk_netdev_info_get(dev, &info);
	if (info.rx_headroom > HEADROOM || info.tx_headroom > HEADROOM) {
		uk_pr_err("responder: headroom %u/%u\n", info.rx_headroom,
			  info.tx_headroom);
		return -1;
	}
	if (mtu && (rc = uk_netdev_mtu_set(dev, mtu)) < 0) {
		uk_pr_err("responder: mtu %u: %d\n", mtu, rc);
		return -1;
	}
	c.nb_rx_queues = c.nb_tx_queues = nq;
	rc = uk_netdev_configure(dev, &c);
	rq.alloc_rxpkts = alloc_rx;
	rq.callback = intr_mode ? on_rx : NULL;
	for (q = 0; !rc && q < nq; q++) {
		rc = uk_netdev_rxq_configure(dev, q, &rq);
		if (!rc)
			rc = uk_netdev_txq_configure(dev, q, &tq);
	}
	if (!rc)
		rc = uk_netdev_start(dev);
	if (rc < 0) {
		uk_pr_err("responder: setup with %u queue pair(s): %d\n", nq,
			  rc);
		return -1;
	}
	uk_pr_info("responder: %u queue pair(s), %s mode, mtu %u, link %s\n",
		   nq, intr_mode ? "interrupt" : "polling",
		   uk_netdev_mtu_get(dev),
		   uk_netdev_link_up(dev) ? "up" : "down");
	return 0;
}

/* Interrupt mode: arm every queue, halt until a callback says so. */
static void wait_frames(void)
{
	unsigned long flags;
	uint16_t q;

	for (q = 0; q < nq; q++)
		if (uk_netdev_rxq_intr_enable(dev, q) == 1)
			return;
	flags = ukplat_irq_save();
	while (!pending)
		ukplat_halt();
	pending = 0;
	ukplat_irq_restore(flags);
	for (q = 0; q < nq; q++)
		uk_netdev_rxq_intr_disable(dev, q);
}

static unsigned int number(const char *s)
{
	unsigned int v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned int)(*s++ - '0');
	return v;
}

int main(int argc, char **argv)
{
	struct uk_netbuf *pkts[BURST];
	struct uk_netdev_stats st;
	uint64_t last = ukplat_monotonic_clock();
	uint16_t mtu = 0, q;
	unsigned int i;
	bool got;
	int n;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!uk_strncmp(argv[i], "queues=", 7))
			nq = (uint16_t)number(argv[i] + 7);
		else if (!uk_strcmp(argv[i], "mode=intr"))
			intr_mode = true;
		else if (!uk_strncmp(argv[i], "mtu=", 4))
			mtu = (uint16_t)number(argv[i] + 4);
	}
	if (!nq || nq > UK_NETDEV_MAX_QUEUES)
		nq = 1;
	for (i = 0; i < NBUF; i++) {
		nbs[i].buf = mem[i];
		pool[pool_n++] = &nbs[i];
	}
	if (setup(mtu) < 0)
		return 2;
	announce();

	while (quit < 0) {
		got = false;
		for (q = 0; q < nq; q++) {
			n = uk_netdev_rx_burst(dev, q, pkts, BURST);
			if (n < 0) {
				uk_pr_err("responder: rx_burst: %d\n", n);
				return 2;
			}
			for (i = 0; i < (unsigned int)n; i++)
				frame(pkts[i], q);
			got |= n > 0;
		}
		if (got) {
			last = ukplat_monotonic_clock();
			continue;
		}
		if (ukplat_monotonic_clock() - last > IDLE_NS) {
			uk_pr_err("responder: nothing for 120 s, giving up\n");
			return 2;
		}
		if (intr_mode)
			wait_frames();
	}
	uk_netdev_stats_get(dev, UK_NETDEV_ALL_QUEUES, &st);
	uk_pr_info("responder: rx %llu frames %llu bytes, tx %llu frames, "
		   "%u interrupts; data %u, out of order %u, bad %u\n",
		   (unsigned long long)st.rx_packets,
		   (unsigned long long)st.rx_bytes,
		   (unsigned long long)st.tx_packets, events, cnt.rx_data,
		   cnt.ooo, cnt.bad);
	return quit;
}
