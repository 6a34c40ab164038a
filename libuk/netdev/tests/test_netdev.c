/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The netdev library against a fake device: a loopback with rings of
 * FAKE_RING packets per queue, whose "wire" carries each packet sent on
 * TX queue q to RX queue q. It checks what the library promises: the
 * order of calls, the arguments, zero copy (the driver's header lands in
 * the headroom, netbufs come back as they went), ring-full handling,
 * callbacks and statistics.
 */
#include <uk/netdev_driver.h>
#include <uk/errno.h>
#include <uk/test.h>
#include <uk/string.h>

#define FAKE_RING	4
#define FAKE_HDR	8
#define BUFSZ		2048

struct fake {
	struct uk_netdev dev;
	struct uk_netbuf *wire[2][FAKE_RING];	/* sent, not yet received */
	unsigned int wire_n[2];
	struct uk_netbuf *done[2][FAKE_RING];	/* received, to reclaim */
	unsigned int done_n[2];
	struct uk_netdev_rxq_conf rxq[2];
	bool intr[2];
	uint32_t offloads;
};

static int fake_configure(struct uk_netdev *dev,
			  const struct uk_netdev_conf *conf)
{
	uk_container_of(dev, struct fake, dev)->offloads = conf->offloads;
	return 0;
}

static int fake_rxq_configure(struct uk_netdev *dev, uint16_t q,
			      const struct uk_netdev_rxq_conf *conf)
{
	UK_TEST_EXPECT_EQ(conf->nb_desc, FAKE_RING);
	uk_container_of(dev, struct fake, dev)->rxq[q] = *conf;
	return 0;
}

static int fake_txq_configure(struct uk_netdev *dev, uint16_t q,
			      const struct uk_netdev_txq_conf *conf)
{
	return 0;
}

static int fake_start(struct uk_netdev *dev)
{
	return 0;
}

static int fake_tx_reclaim(struct uk_netdev *dev, uint16_t q)
{
	struct fake *f = uk_container_of(dev, struct fake, dev);
	unsigned int i, n = f->done_n[q];

	for (i = 0; i < n; i++)
		if (f->done[q][i]->free)
			f->done[q][i]->free(f->done[q][i]);
	f->done_n[q] = 0;
	return n;
}

static int fake_tx_burst(struct uk_netdev *dev, uint16_t q,
			 struct uk_netbuf *pkts[], uint16_t count)
{
	struct fake *f = uk_container_of(dev, struct fake, dev);
	uint16_t i;

	fake_tx_reclaim(dev, q);
	for (i = 0; i < count && f->wire_n[q] + f->done_n[q] < FAKE_RING;
	     i++) {
		if (uk_netbuf_headroom(pkts[i]) < FAKE_HDR)
			return i ? i : -UK_EINVAL;
		/* the device header goes in front of the frame */
		uk_memset((char *)pkts[i]->data - FAKE_HDR, 0xa5, FAKE_HDR);
		f->wire[q][f->wire_n[q]++] = pkts[i];
	}
	if (i && f->intr[q]) {
		f->intr[q] = false;
		uk_netdev_rxq_event(dev, q);
	}
	return i;
}

static int fake_rx_burst(struct uk_netdev *dev, uint16_t q,
			 struct uk_netbuf *pkts[], uint16_t count)
{
	struct fake *f = uk_container_of(dev, struct fake, dev);
	struct uk_netbuf *nb, *tx;
	uint16_t n = 0;

	while (n < count && f->wire_n[q]) {
		if (f->rxq[q].alloc_rxpkts(f->rxq[q].alloc_rxpkts_argp,
					   &nb, 1) != 1)
			break;
		tx = f->wire[q][0];
		uk_memmove(f->wire[q], f->wire[q] + 1,
			--f->wire_n[q] * sizeof(tx));
		uk_memcpy(nb->data, tx->data, tx->len);
		nb->len = tx->len;
		f->done[q][f->done_n[q]++] = tx;
		pkts[n++] = nb;
	}
	return n;
}

static int fake_intr_enable(struct uk_netdev *dev, uint16_t q)
{
	struct fake *f = uk_container_of(dev, struct fake, dev);

	if (f->wire_n[q])
		return 1;
	f->intr[q] = true;
	return 0;
}

static int fake_intr_disable(struct uk_netdev *dev, uint16_t q)
{
	uk_container_of(dev, struct fake, dev)->intr[q] = false;
	return 0;
}

static const struct uk_netdev_ops fake_ops = {
	.configure = fake_configure,
	.rxq_configure = fake_rxq_configure,
	.txq_configure = fake_txq_configure,
	.start = fake_start,
	.rx_burst = fake_rx_burst,
	.tx_burst = fake_tx_burst,
	.tx_reclaim = fake_tx_reclaim,
	.rxq_intr_enable = fake_intr_enable,
	.rxq_intr_disable = fake_intr_disable,
};

static struct fake fake = {
	.dev = {
		.ops = &fake_ops,
		.drv_name = "fake",
		.info = {
			.max_rx_queues = 2, .max_tx_queues = 2,
			.max_queue_desc = FAKE_RING, .rx_headroom = FAKE_HDR,
			.tx_headroom = FAKE_HDR, .max_mtu = 9000,
			.offloads = UK_NETDEV_OFFLOAD_TX_CSUM,
			.max_tx_frags = 1, .rx_intr = true,
		},
		.hwaddr = { { 0x52, 0x54, 0, 0x12, 0x34, 0x56 } },
		.mtu = 1500,
	},
};

/* packet memory for both directions, and how many were given back */
static char mem[16][BUFSZ];
static struct uk_netbuf nbs[16];
static unsigned int nb_used, nb_freed, rx_fail;

static void nb_free(struct uk_netbuf *nb)
{
	nb_freed++;
}

static struct uk_netbuf *nb_new(uint32_t headroom)
{
	struct uk_netbuf *nb;

	if (nb_used == UK_ARRAY_SIZE(nbs))
		return NULL;
	nb = &nbs[nb_used];
	uk_netbuf_init(nb, mem[nb_used], BUFSZ, headroom, nb_free, NULL);
	nb_used++;
	return nb;
}

static uint16_t alloc_rx(void *argp, struct uk_netbuf *nb[], uint16_t count)
{
	uint16_t i;

	if (rx_fail)
		return 0;
	for (i = 0; i < count; i++)
		if (!(nb[i] = nb_new(FAKE_HDR)))
			break;
	return i;
}

static unsigned int events, event_qid;

static void on_event(struct uk_netdev *dev, uint16_t qid, void *cookie)
{
	UK_TEST_EXPECT_PTR_EQ(cookie, &events);
	event_qid = qid;
	events++;
}

static struct uk_netdev *registered;

UK_TESTCASE(netdev, register)
{
	static struct uk_netdev bad;
	unsigned int n = uk_netdev_count();

	bad = fake.dev;
	bad.info.max_rx_queues = 0;
	UK_TEST_EXPECT_EQ(uk_netdev_register(&bad), -UK_EINVAL);
	bad = fake.dev;
	bad.mtu = 20;
	UK_TEST_EXPECT_EQ(uk_netdev_register(&bad), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_netdev_register(NULL), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_netdev_count(), n);

	UK_TEST_ASSERT_EQ(uk_netdev_register(&fake.dev), 0);
	UK_TEST_EXPECT_EQ(uk_netdev_count(), n + 1);
	registered = uk_netdev_get(n);
	UK_TEST_EXPECT_PTR_EQ(registered, &fake.dev);
	UK_TEST_EXPECT_NULL(uk_netdev_get(n + 1));
	UK_TEST_EXPECT_EQ(uk_netdev_id(registered), n);
	UK_TEST_EXPECT_STR_EQ(uk_netdev_drv_name(registered), "fake");
	UK_TEST_EXPECT_EQ(uk_netdev_hwaddr_get(registered)->addr[5], 0x56);
	UK_TEST_EXPECT(uk_netdev_link_up(registered));
}

UK_TESTCASE(netdev, order_and_arguments)
{
	struct uk_netdev *d = registered;
	struct uk_netdev_conf c = { .nb_rx_queues = 2, .nb_tx_queues = 2 };
	struct uk_netdev_rxq_conf rq = { .alloc_rxpkts = alloc_rx };
	struct uk_netdev_txq_conf tq = { 0 };
	struct uk_netdev_info info;
	struct uk_netbuf *p[1];

	UK_TEST_ASSERT_NOT_NULL(d);
	UK_TEST_EXPECT_EQ(uk_netdev_info_get(d, &info), 0);
	UK_TEST_EXPECT_EQ(info.rx_buflen_min, 1500 + 14 + 4);
	UK_TEST_EXPECT_EQ(uk_netdev_mtu_set(d, 67), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_netdev_mtu_set(d, 9001), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_netdev_mtu_set(d, 1280), 0);
	UK_TEST_EXPECT_EQ(uk_netdev_mtu_get(d), 1280);
	UK_TEST_EXPECT_EQ(uk_netdev_info_get(d, &info), 0);
	UK_TEST_EXPECT_EQ(info.rx_buflen_min, 1280 + 14 + 4);
	UK_TEST_EXPECT_EQ(uk_netdev_mtu_set(d, 1500), 0);

	UK_TEST_EXPECT_EQ(uk_netdev_start(d), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_netdev_rxq_configure(d, 0, &rq), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(d, 0, p, 1), -UK_EINVAL);
	c.nb_rx_queues = 3;
	UK_TEST_EXPECT_EQ(uk_netdev_configure(d, &c), -UK_EINVAL);
	c.nb_rx_queues = 0;
	UK_TEST_EXPECT_EQ(uk_netdev_configure(d, &c), -UK_EINVAL);
	c.nb_rx_queues = 2;
	c.offloads = UK_NETDEV_OFFLOAD_TSO4;
	UK_TEST_EXPECT_EQ(uk_netdev_configure(d, &c), -UK_ENOTSUP);
	UK_TEST_EXPECT_EQ(uk_netdev_offloads(d), 0);
	c.offloads = UK_NETDEV_OFFLOAD_TX_CSUM;
	UK_TEST_ASSERT_EQ(uk_netdev_configure(d, &c), 0);
	UK_TEST_EXPECT_EQ(uk_netdev_offloads(d), UK_NETDEV_OFFLOAD_TX_CSUM);
	UK_TEST_EXPECT_EQ(fake.offloads, UK_NETDEV_OFFLOAD_TX_CSUM);

	UK_TEST_EXPECT_EQ(uk_netdev_rxq_configure(d, 2, &rq), -UK_EINVAL);
	rq.alloc_rxpkts = NULL;
	UK_TEST_EXPECT_EQ(uk_netdev_rxq_configure(d, 0, &rq), -UK_EINVAL);
	rq.alloc_rxpkts = alloc_rx;
	rq.nb_desc = FAKE_RING + 1;
	UK_TEST_EXPECT_EQ(uk_netdev_rxq_configure(d, 0, &rq), -UK_EINVAL);
	rq.nb_desc = 0;		/* 0: the largest */
	UK_TEST_EXPECT_EQ(uk_netdev_rxq_configure(d, 0, &rq), 0);
	rq.callback = on_event;
	rq.callback_cookie = &events;
	UK_TEST_EXPECT_EQ(uk_netdev_rxq_configure(d, 1, &rq), 0);
	UK_TEST_EXPECT_EQ(uk_netdev_txq_configure(d, 0, &tq), 0);
	UK_TEST_EXPECT_EQ(uk_netdev_start(d), -UK_EINVAL); /* txq 1 missing */
	UK_TEST_EXPECT(!uk_netdev_running(d));
	UK_TEST_EXPECT_EQ(uk_netdev_txq_configure(d, 1, &tq), 0);
	UK_TEST_ASSERT_EQ(uk_netdev_start(d), 0);
	UK_TEST_EXPECT(uk_netdev_running(d));

	UK_TEST_EXPECT_EQ(uk_netdev_start(d), -UK_EBUSY);
	UK_TEST_EXPECT_EQ(uk_netdev_configure(d, &c), -UK_EBUSY);
	UK_TEST_EXPECT_EQ(uk_netdev_txq_configure(d, 0, &tq), -UK_EBUSY);
	UK_TEST_EXPECT_EQ(uk_netdev_mtu_set(d, 1400), -UK_EBUSY);
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(d, 2, p, 1), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(d, 2, p, 1), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(d, 0, NULL, 1), -UK_EINVAL);
	/* queue 0 has no callback: no interrupt mode */
	UK_TEST_EXPECT_EQ(uk_netdev_rxq_intr_enable(d, 0), -UK_EINVAL);
}

UK_TESTCASE(netdev, burst_zero_copy_and_stats)
{
	struct uk_netdev *d = registered;
	struct uk_netbuf *tx[6], *rx[8];
	struct uk_netdev_stats st;
	int i, n;

	UK_TEST_ASSERT(d && uk_netdev_running(d));
	for (i = 0; i < 6; i++) {
		UK_TEST_ASSERT_NOT_NULL(tx[i] = nb_new(FAKE_HDR));
		uk_memset(tx[i]->data, 'a' + i, 60 + i);
		tx[i]->len = 60 + i;
	}
	/* a ring of 4: the first 4 are taken, the rest stay the caller's */
	n = uk_netdev_tx_burst(d, 1, tx, 6);
	UK_TEST_EXPECT_EQ(n, FAKE_RING);
	UK_TEST_EXPECT_EQ(((unsigned char *)tx[0]->data)[-1], 0xa5);
	UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(d, 1, tx + 4, 2), 0);
	UK_TEST_EXPECT_EQ(nb_freed, 0);

	n = uk_netdev_rx_burst(d, 1, rx, 8);
	UK_TEST_ASSERT_EQ(n, FAKE_RING);
	for (i = 0; i < n; i++) {
		UK_TEST_EXPECT_EQ(rx[i]->len, 60 + i);
		UK_TEST_EXPECT_EQ(((char *)rx[i]->data)[59], 'a' + i);
		UK_TEST_EXPECT_EQ(uk_netbuf_headroom(rx[i]), FAKE_HDR);
	}
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(d, 1, rx, 8), 0);
	/* sent packets come back through their free, once reclaimed */
	UK_TEST_EXPECT_EQ(uk_netdev_tx_reclaim(d, 1), FAKE_RING);
	UK_TEST_EXPECT_EQ(nb_freed, FAKE_RING);

	/* too little headroom: refused, nothing taken */
	tx[4]->data = tx[4]->buf;
	UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(d, 1, tx + 4, 2), -UK_EINVAL);

	UK_TEST_EXPECT_EQ(uk_netdev_stats_get(d, 1, &st), 0);
	UK_TEST_EXPECT_EQ(st.tx_packets, 4);
	UK_TEST_EXPECT_EQ(st.tx_bytes, 60 + 61 + 62 + 63);
	UK_TEST_EXPECT_EQ(st.tx_drops, 2 + 2);
	UK_TEST_EXPECT_EQ(st.tx_errors, 1);
	UK_TEST_EXPECT_EQ(st.rx_packets, 4);
	UK_TEST_EXPECT_EQ(st.rx_bytes, 60 + 61 + 62 + 63);
	UK_TEST_EXPECT_EQ(uk_netdev_stats_get(d, 0, &st), 0);
	UK_TEST_EXPECT_EQ(st.rx_packets + st.tx_packets, 0);
	UK_TEST_EXPECT_EQ(uk_netdev_stats_get(d, UK_NETDEV_ALL_QUEUES, &st),
			  0);
	UK_TEST_EXPECT_EQ(st.tx_packets, 4);
	UK_TEST_EXPECT_EQ(uk_netdev_stats_get(d, 9, &st), -UK_EINVAL);
}

UK_TESTCASE(netdev, interrupt_mode)
{
	struct uk_netdev *d = registered;
	struct uk_netbuf *tx, *rx[2];

	UK_TEST_ASSERT(d && uk_netdev_running(d));
	nb_used = 0;
	UK_TEST_ASSERT_EQ(uk_netdev_rxq_intr_enable(d, 1), 0);
	UK_TEST_ASSERT_NOT_NULL(tx = nb_new(FAKE_HDR));
	tx->len = 60;
	UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(d, 1, &tx, 1), 1);
	UK_TEST_EXPECT_EQ(events, 1);
	UK_TEST_EXPECT_EQ(event_qid, 1);
	/* frames waiting: enabling says so instead of waiting for nothing */
	UK_TEST_EXPECT_EQ(uk_netdev_rxq_intr_enable(d, 1), 1);
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(d, 1, rx, 2), 1);
	UK_TEST_EXPECT_EQ(uk_netdev_rxq_intr_disable(d, 1), 0);
	UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(d, 1, &tx, 1), 1);
	UK_TEST_EXPECT_EQ(events, 1);
	/* an allocator out of memory: nothing lost, the frame waits */
	rx_fail = 1;
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(d, 1, rx, 2), 0);
	rx_fail = 0;
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(d, 1, rx, 2), 1);
}

UK_TEST_MAIN()
