/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net against a fake virtio-net device on a fake transport: what
 * the driver puts in the rings (the header in the headroom, one
 * descriptor per packet, the user's memory as it is), what it makes of
 * what the device writes (short frames, checksums left to the guest),
 * the control queue for two queue pairs, interrupts and reclaim.
 */
#include <uk/netdev_driver.h>
#include <virtio/transport.h>
#include <fake_virtio.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/test.h>
#include <uk/plat/time.h>

#define F(b)		UK_VIRTIO_FEATURE(b)
#define NQ		5	/* rx0 tx0 rx1 tx1 ctrl */
#define QSIZE		16
#define HDR		12	/* VERSION_1 */
#define HEADROOM	32

static struct fdev {
	struct uk_virtio_dev vdev;
	uint8_t status;
	uint64_t accepted;
	uint8_t config[12];
	struct fake_ring q[NQ];
	uint16_t pairs_set;		/* from the control queue */
	unsigned int notified[NQ];	/* notifications per queue */
} fd;

static struct fdev *fk(struct uk_virtio_dev *v)
{
	return uk_container_of(v, struct fdev, vdev);
}

static uint8_t f_status_get(struct uk_virtio_dev *v)
{
	return fk(v)->status;
}

static void f_status_set(struct uk_virtio_dev *v, uint8_t s)
{
	fk(v)->status = s;
}

static uint64_t f_features_get(struct uk_virtio_dev *v)
{
	/* CSUM GUEST_CSUM MTU MAC HOST_TSO4 STATUS CTRL_VQ MQ */
	return F(UK_VIRTIO_F_VERSION_1) | F(0) | F(1) | F(3) | F(5) | F(11) |
	       F(16) | F(17) | F(22);
}

static void f_features_set(struct uk_virtio_dev *v, uint64_t f)
{
	fk(v)->accepted = f;
}

static uint32_t f_generation(struct uk_virtio_dev *v)
{
	return 0;
}

static void f_config_read(struct uk_virtio_dev *v, unsigned int off,
			  void *buf, unsigned int len)
{
	uk_memcpy(buf, fk(v)->config + off, len);
}

static void f_config_write(struct uk_virtio_dev *v, unsigned int off,
			   const void *buf, unsigned int len)
{
}

static uint16_t f_queue_max(struct uk_virtio_dev *v, uint16_t index)
{
	return index < NQ ? QSIZE : 0;
}

static int f_queue_enable(struct uk_virtio_dev *v, uint16_t index,
			  uint16_t size, uint64_t desc, uint64_t avail,
			  uint64_t used, bool has_cb)
{
	fake_ring_enable(&fk(v)->q[index], size, desc, avail, used);
	return 0;
}

/* The control queue answers at once: class, command, data, ack. */
static void f_notify(struct uk_virtio_dev *v, uint16_t index)
{
	struct fake_ring *r = &fk(v)->q[index];
	struct desc *d;
	uint8_t *cmd, *ack;
	uint16_t head;

	fk(v)->notified[index]++;
	if (index != NQ - 1 || fake_ring_pop(r, &head))
		return;
	d = &r->desc[head];
	cmd = (uint8_t *)(uintptr_t)d->addr;
	d = &r->desc[d->next];
	if (cmd[0] == 4 && cmd[1] == 0 && d->len == 2)
		uk_memcpy(&fk(v)->pairs_set, (void *)(uintptr_t)d->addr, 2);
	d = &r->desc[d->next];
	ack = (uint8_t *)(uintptr_t)d->addr;
	*ack = 0;
	fake_ring_push(r, head, 1);
}

static const struct virtio_transport_ops fops = {
	.status_get = f_status_get,
	.status_set = f_status_set,
	.features_get = f_features_get,
	.features_set = f_features_set,
	.config_generation = f_generation,
	.config_read = f_config_read,
	.config_write = f_config_write,
	.queue_max = f_queue_max,
	.queue_enable = f_queue_enable,
	.queue_notify = f_notify,
};

/* ---- the user's side ---- */

static char mem[64][2048];
static struct uk_netbuf nbs[64];
static unsigned int used_nb, freed;
static unsigned int events;

static void nb_free(struct uk_netbuf *nb)
{
	freed++;
}

static uint16_t alloc_rx(void *argp, struct uk_netbuf *nb[], uint16_t count)
{
	uint16_t i;

	for (i = 0; i < count && used_nb < 64; i++, used_nb++) {
		nb[i] = &nbs[used_nb];
		uk_netbuf_init(nb[i], mem[used_nb], sizeof(mem[0]), HEADROOM,
			       nb_free, NULL);
	}
	return i;
}

static void on_rx(struct uk_netdev *d, uint16_t q, void *cookie)
{
	events++;
}

static struct uk_netdev *dev;

/* The device fills the next RX buffer of queue @q with @hdr and @frame. */
static struct uk_netbuf *dev_rx(uint16_t q, const uint8_t *hdr,
				const void *frame, uint32_t len)
{
	struct fake_ring *r = &fd.q[2 * q];
	uint16_t head;
	uint8_t *p;

	if (fake_ring_pop(r, &head))
		return NULL;
	p = (uint8_t *)(uintptr_t)r->desc[head].addr;
	uk_memcpy(p, hdr, HDR);
	uk_memcpy(p + HDR, frame, len);
	fake_ring_push(r, head, HDR + len);
	return (struct uk_netbuf *)(p + HDR);	/* just the data address */
}

UK_TESTCASE(virtio_net, probe)
{
	uint8_t cfg[12] = { 0x52, 0x54, 0, 1, 2, 3,	/* mac */
			    1, 0,			/* status: link up */
			    2, 0,			/* max pairs */
			    0xdc, 0x05 };		/* mtu 1500 */
	struct uk_netdev_info info;
	unsigned int n = uk_netdev_count();

	uk_memcpy(fd.config, cfg, sizeof(cfg));
	fd.vdev.ops = &fops;
	fd.vdev.id = UK_VIRTIO_ID_NET;
	fd.vdev.config_len = sizeof(cfg);
	uk_snprintf(fd.vdev.name, sizeof(fd.vdev.name), "fake-net");
	UK_TEST_ASSERT_EQ(virtio_dev_add(&fd.vdev), 0);
	UK_TEST_ASSERT_EQ(uk_netdev_count(), n + 1);
	dev = uk_netdev_get(n);
	UK_TEST_EXPECT_STR_EQ(uk_netdev_drv_name(dev), "virtio-net");
	UK_TEST_EXPECT_MEM_EQ(uk_netdev_hwaddr_get(dev)->addr, cfg, 6);
	UK_TEST_EXPECT(uk_netdev_link_up(dev));
	UK_TEST_EXPECT_EQ(uk_netdev_mtu_get(dev), 1500);
	UK_TEST_EXPECT_EQ(uk_netdev_info_get(dev, &info), 0);
	UK_TEST_EXPECT_EQ(info.max_rx_queues, 2);
	UK_TEST_EXPECT_EQ(info.max_queue_desc, QSIZE);
	UK_TEST_EXPECT_EQ(info.rx_headroom, HDR);
	UK_TEST_EXPECT_EQ(info.offloads, UK_NETDEV_OFFLOAD_TX_CSUM |
			  UK_NETDEV_OFFLOAD_RX_CSUM | UK_NETDEV_OFFLOAD_TSO4);
	/* no MRG_RXBUF, no GUEST_TSO: not asked for */
	UK_TEST_EXPECT_EQ(fd.accepted & (F(15) | F(7)), 0);
	UK_TEST_EXPECT(fd.status & VIRTIO_STATUS_DRIVER_OK);
	fd.config[6] = 0;
	UK_TEST_EXPECT(!uk_netdev_link_up(dev));
}

UK_TESTCASE(virtio_net, start_two_pairs)
{
	struct uk_netdev_conf c = { 2, 2, UK_NETDEV_OFFLOAD_TX_CSUM };
	struct uk_netdev_rxq_conf rq = { .nb_desc = 8,
					 .alloc_rxpkts = alloc_rx,
					 .callback = on_rx };
	struct uk_netdev_txq_conf tq = { 0 };
	uint16_t q;

	UK_TEST_ASSERT_NOT_NULL(dev);
	UK_TEST_ASSERT_EQ(uk_netdev_configure(dev, &c), 0);
	for (q = 0; q < 2; q++) {
		UK_TEST_ASSERT_EQ(uk_netdev_rxq_configure(dev, q, &rq), 0);
		UK_TEST_ASSERT_EQ(uk_netdev_txq_configure(dev, q, &tq), 0);
	}
	UK_TEST_ASSERT_EQ(uk_netdev_start(dev), 0);
	UK_TEST_EXPECT_EQ(fd.pairs_set, 2);
	/* nb_desc buffers per RX queue, each one descriptor */
	UK_TEST_EXPECT_EQ(fd.q[0].avail[1], 8);
	UK_TEST_EXPECT_EQ(fd.q[2].avail[1], 8);
	UK_TEST_EXPECT_EQ(used_nb, 16);
	/* the device writes at data - header: the user's memory, no copy */
	UK_TEST_EXPECT_EQ(fd.q[0].desc[fd.q[0].avail[2]].addr,
			  (uintptr_t)mem[0] + HEADROOM - HDR);
	UK_TEST_EXPECT_EQ(fd.q[0].desc[fd.q[0].avail[2]].len,
			  sizeof(mem[0]) - HEADROOM + HDR);
}

UK_TESTCASE(virtio_net, receive)
{
	uint8_t hdr[HDR] = { 0 }, frame[64];
	struct uk_netbuf *pkts[4], *where;
	struct uk_netdev_stats st;
	unsigned int i;

	UK_TEST_ASSERT(dev && uk_netdev_running(dev));
	for (i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)i;
	where = dev_rx(1, hdr, frame, sizeof(frame));
	UK_TEST_ASSERT_NOT_NULL(where);
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(dev, 0, pkts, 4), 0);
	UK_TEST_ASSERT_EQ(uk_netdev_rx_burst(dev, 1, pkts, 4), 1);
	UK_TEST_EXPECT_PTR_EQ(pkts[0]->data, (void *)where);
	UK_TEST_EXPECT_EQ(pkts[0]->len, sizeof(frame));
	UK_TEST_EXPECT_MEM_EQ(pkts[0]->data, frame, sizeof(frame));
	UK_TEST_EXPECT_EQ(pkts[0]->flags, 0);
	/* the ring was topped up again */
	UK_TEST_EXPECT_EQ(fd.q[2].avail[1], 9);

	/* a frame shorter than an Ethernet header: counted, not returned */
	dev_rx(1, hdr, frame, 10);
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(dev, 1, pkts, 4), 0);
	UK_TEST_EXPECT_EQ(uk_netdev_stats_get(dev, 1, &st), 0);
	UK_TEST_EXPECT_EQ(st.rx_errors, 1);
	UK_TEST_EXPECT_EQ(st.rx_packets, 1);

	/*
	 * A checksum left to the guest (NEEDS_CSUM, start 14, offset 6):
	 * RX_CSUM was not configured, so the driver completes it.
	 */
	uk_memset(frame, 0, sizeof(frame));
	frame[14] = 0x12;
	frame[15] = 0x34;
	hdr[0] = 1;
	hdr[6] = 14;
	hdr[8] = 6;
	dev_rx(1, hdr, frame, sizeof(frame));
	UK_TEST_ASSERT_EQ(uk_netdev_rx_burst(dev, 1, pkts, 4), 1);
	UK_TEST_EXPECT_EQ(((uint8_t *)pkts[0]->data)[20], 0xed);
	UK_TEST_EXPECT_EQ(((uint8_t *)pkts[0]->data)[21], 0xcb);
	/* ... and one whose offsets point past the frame is an error */
	hdr[6] = 100;
	dev_rx(1, hdr, frame, sizeof(frame));
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(dev, 1, pkts, 4), 0);
	UK_TEST_EXPECT_EQ(uk_netdev_stats_get(dev, 1, &st), 0);
	UK_TEST_EXPECT_EQ(st.rx_errors, 2);
}

UK_TESTCASE(virtio_net, transmit)
{
	struct uk_netbuf *tx = &nbs[63], *p;
	struct fake_ring *r = &fd.q[1];
	const uint8_t *h;
	struct desc *d;
	uint16_t head, head_id;

	UK_TEST_ASSERT(dev && uk_netdev_running(dev));
	uk_netbuf_init(tx, mem[63], sizeof(mem[0]), HEADROOM, nb_free, NULL);
	uk_memset(tx->data, 0xab, 100);
	tx->len = 100;
	tx->flags = UK_NETBUF_F_CSUM_PARTIAL;
	tx->csum_start = 34;
	tx->csum_offset = 16;
	UK_TEST_ASSERT_EQ(uk_netdev_tx_burst(dev, 0, &tx, 1), 1);
	UK_TEST_ASSERT_EQ(fake_ring_pop(r, &head), 0);
	UK_TEST_EXPECT_EQ(r->desc[head].addr,
			  (uintptr_t)tx->data - HDR);
	UK_TEST_EXPECT_EQ(r->desc[head].len, HDR + 100);
	h = (const uint8_t *)(uintptr_t)r->desc[head].addr;
	UK_TEST_EXPECT_EQ(h[0], 1);		/* NEEDS_CSUM */
	UK_TEST_EXPECT_EQ(h[6], 34);
	UK_TEST_EXPECT_EQ(h[8], 16);
	/* sent: given back through free at the next reclaim */
	freed = 0;
	fake_ring_push(r, head, 0);
	UK_TEST_EXPECT_EQ(uk_netdev_tx_reclaim(dev, 0), 1);
	UK_TEST_EXPECT_EQ(freed, 1);

	/* refused: longer than the MTU, TSO not configured, no headroom */
	tx->flags = 0;
	tx->len = 1500 + 14 + 4 + 1;
	UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(dev, 0, &tx, 1), -UK_EINVAL);
	tx->len = 100;
	tx->flags = UK_NETBUF_F_GSO | UK_NETBUF_F_CSUM_PARTIAL;
	tx->gso_type = UK_NETBUF_GSO_TCPV4;
	tx->gso_size = 1448;
	UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(dev, 0, &tx, 1), -UK_EINVAL);
	tx->flags = 0;
	tx->data = tx->buf;
	UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(dev, 0, &tx, 1), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(fake_ring_pop(r, &head), -1);

	/* a chain whose head only lends its headroom: two descriptors */
	{
		struct uk_netbuf *head = &nbs[62];

		uk_netbuf_init(head, mem[62], HEADROOM, HEADROOM, nb_free,
			       NULL);
		tx->data = (char *)tx->buf + HEADROOM;
		tx->flags = 0;
		head->next = tx;
		UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(dev, 0, &head, 1), 1);
		UK_TEST_ASSERT_EQ(fake_ring_pop(r, &head_id), 0);
		UK_TEST_EXPECT_EQ(r->desc[head_id].addr,
				  (uintptr_t)head->data - HDR);
		UK_TEST_EXPECT_EQ(r->desc[head_id].len, HDR);
		UK_TEST_EXPECT(r->desc[head_id].flags & 1);	/* NEXT */
		d = &r->desc[r->desc[head_id].next];
		UK_TEST_EXPECT_EQ(d->addr, (uintptr_t)tx->data);
		UK_TEST_EXPECT_EQ(d->len, 100);
		fake_ring_push(r, head_id, 0);
		freed = 0;
		UK_TEST_EXPECT_EQ(uk_netdev_tx_reclaim(dev, 0), 1);
		UK_TEST_EXPECT_EQ(freed, 1);	/* the head's free, once */
		/* an empty fragment after the head is refused */
		tx->len = 0;
		UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(dev, 0, &head, 1),
				  -UK_EINVAL);
		tx->len = 100;
		head->next = NULL;
	}

	/* a full ring: the rest stays the caller's */
	tx->data = (char *)tx->buf + HEADROOM;
	for (p = NULL, head = 0; head < QSIZE; head++) {
		if (uk_netdev_tx_burst(dev, 0, &tx, 1) != 1)
			break;
	}
	UK_TEST_EXPECT_EQ(head, QSIZE);
	UK_TEST_EXPECT_EQ(uk_netdev_tx_burst(dev, 0, &tx, 1), 0);
	(void)p;
}

UK_TESTCASE(virtio_net, interrupt)
{
	uint8_t hdr[HDR] = { 0 }, frame[60] = { 0 };
	struct uk_netbuf *pkts[2];

	UK_TEST_ASSERT(dev && uk_netdev_running(dev));
	UK_TEST_EXPECT_EQ(uk_netdev_rxq_intr_enable(dev, 0), 0);
	dev_rx(0, hdr, frame, sizeof(frame));
	virtio_dev_interrupt(&fd.vdev, VIRTIO_ISR_QUEUE);
	UK_TEST_EXPECT_EQ(events, 1);
	/* one callback per enable */
	dev_rx(0, hdr, frame, sizeof(frame));
	virtio_dev_interrupt(&fd.vdev, VIRTIO_ISR_QUEUE);
	UK_TEST_EXPECT_EQ(events, 1);
	/* frames waiting: enabling says so */
	UK_TEST_EXPECT_EQ(uk_netdev_rxq_intr_enable(dev, 0), 1);
	UK_TEST_EXPECT_EQ(uk_netdev_rx_burst(dev, 0, pkts, 2), 2);
}

/*
 * The TX ring is full from `transmit` and the device returns nothing:
 * the reclaim op notifies it again once nothing came back for 20 ms (a
 * lost notification must not stall the queue for good), not before, and
 * not at every call.
 */
UK_TESTCASE(virtio_net, tx_stall_renotify)
{
	struct fake_ring *r = &fd.q[1];
	unsigned int before = fd.notified[1];
	uint64_t t0;
	uint16_t head;

	UK_TEST_ASSERT(dev && uk_netdev_running(dev));
	UK_TEST_EXPECT_EQ(uk_netdev_tx_reclaim(dev, 0), 0);
	UK_TEST_EXPECT_EQ(uk_netdev_tx_reclaim(dev, 0), 0);
	UK_TEST_EXPECT_EQ(fd.notified[1], before);	/* too early */
	t0 = ukplat_monotonic_clock();
	while (ukplat_monotonic_clock() - t0 < 25 * 1000 * 1000ULL)
		;
	t0 = ukplat_monotonic_clock();
	UK_TEST_EXPECT_EQ(uk_netdev_tx_reclaim(dev, 0), 0);
	UK_TEST_EXPECT_EQ(fd.notified[1], before + 1);
	UK_TEST_EXPECT_EQ(uk_netdev_tx_reclaim(dev, 0), 0);
	/* at most once per 20 ms (when the two calls, and the warning the
	 * first one prints, took less than that: a loaded host may not) */
	if (ukplat_monotonic_clock() - t0 < 20 * 1000 * 1000ULL)
		UK_TEST_EXPECT_EQ(fd.notified[1], before + 1);
	/* the device moves again: what it sent comes back */
	UK_TEST_ASSERT_EQ(fake_ring_pop(r, &head), 0);
	fake_ring_push(r, head, 0);
	UK_TEST_EXPECT_EQ(uk_netdev_tx_reclaim(dev, 0), 1);
}

UK_TEST_MAIN()
