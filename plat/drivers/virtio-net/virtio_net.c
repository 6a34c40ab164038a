/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net (virtio 1.2, 5.1) under the netdev API (uk/netdev.h).
 *
 * Zero copy: a packet's netbuf goes to the virtqueue as it is, with the
 * virtio-net header written in its headroom, right in front of the frame
 * (one descriptor for header and frame; a TX chain adds one per
 * fragment). RX buffers come from the user's allocator and go back to
 * the user filled.
 *
 * Features: MAC, STATUS (link), MTU, CSUM and GUEST_CSUM (checksum
 * offload both ways), HOST_TSO4/6 (TSO), MQ with CTRL_VQ (queue pairs).
 * Not MRG_RXBUF nor the GUEST_TSO/UFO ones: every RX buffer holds a whole
 * frame at the MTU, so a frame is never spread over several netbufs.
 *
 * Queues: all of the device's pairs (up to UK_NETDEV_MAX_QUEUES) are set
 * up at probe, since virtqueues can only be set up before DRIVER_OK; RX
 * queues with a callback (interrupts off until the user enables them),
 * TX and control queues polled. uk_netdev_configure picks how many pairs
 * are used (told to the device through the control queue at start) and
 * which offloads.
 */
#include <uk/link.h>
#include <uk/netdev_driver.h>
#include <uk/virtio.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>

UK_LINK_ANCHOR(virtio_net);

/* feature bits (5.1.3) */
#define VIRTIO_NET_F_CSUM		0
#define VIRTIO_NET_F_GUEST_CSUM		1
#define VIRTIO_NET_F_MTU		3
#define VIRTIO_NET_F_MAC		5
#define VIRTIO_NET_F_HOST_TSO4		11
#define VIRTIO_NET_F_HOST_TSO6		12
#define VIRTIO_NET_F_STATUS		16
#define VIRTIO_NET_F_CTRL_VQ		17
#define VIRTIO_NET_F_MQ			22

/* configuration space (5.1.4) */
#define CFG_MAC			0
#define CFG_STATUS		6
#define CFG_MAX_PAIRS		8
#define CFG_MTU			10
#define VIRTIO_NET_S_LINK_UP	1

/* the per-packet header (5.1.6) */
struct vnet_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;	/* VERSION_1 only: 12 bytes, else 10 */
} __packed;

#define VNET_HDR_F_NEEDS_CSUM	1
#define VNET_HDR_F_DATA_VALID	2
#define VNET_HDR_GSO_NONE	0

/* control queue (5.1.6.5) */
#define VIRTIO_NET_CTRL_MQ		4
#define VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET	0
#define VIRTIO_NET_OK			0
#define CTRL_POLL_MAX			100000000UL

struct vnet_rxq {
	struct uk_virtqueue *vq;
	struct uk_netdev_rxq_conf conf;
	uint16_t posted;		/* buffers the device holds */
	bool armed;			/* callback wanted (intr_enable) */
};

struct vnet_txq {
	struct uk_virtqueue *vq;
	uint16_t nb_desc;
	uint64_t idle_since;	/* ns: chains out, none back since; or 0 */
	unsigned long renotified;	/* stalls ended by uk_virtq_renotify */
};

struct vnet {
	struct uk_netdev ndev;
	struct uk_virtio_dev *vdev;
	uint16_t hdr_len;
	uint16_t pairs;			/* set up */
	struct uk_virtqueue *ctrlq;
	struct vnet_rxq rxq[UK_NETDEV_MAX_QUEUES];
	struct vnet_txq txq[UK_NETDEV_MAX_QUEUES];
};

static inline struct vnet *to_vnet(struct uk_netdev *dev)
{
	return uk_container_of(dev, struct vnet, ndev);
}

/* ---- configuration ---- */

static int vnet_configure(struct uk_netdev *dev,
			  const struct uk_netdev_conf *conf)
{
	return 0;	/* the library checked it against what probe offered */
}

static int vnet_rxq_configure(struct uk_netdev *dev, uint16_t qid,
			      const struct uk_netdev_rxq_conf *conf)
{
	to_vnet(dev)->rxq[qid].conf = *conf;
	return 0;
}

static int vnet_txq_configure(struct uk_netdev *dev, uint16_t qid,
			      const struct uk_netdev_txq_conf *conf)
{
	to_vnet(dev)->txq[qid].nb_desc = conf->nb_desc;
	return 0;
}

/* ---- receive ---- */

/* Gives @nb to the device; false when it is unusable or the ring full. */
static bool rx_post(struct vnet *v, struct vnet_rxq *q, struct uk_netbuf *nb)
{
	struct uk_virtq_buf b;

	if (uk_netbuf_headroom(nb) < v->hdr_len ||
	    uk_netbuf_tailroom(nb) < uk_netdev_rx_frame_max(v->ndev.mtu))
		return false;
	b.addr = (char *)nb->data - v->hdr_len;
	b.len = v->hdr_len + uk_netbuf_tailroom(nb);
	if (uk_virtq_add(q->vq, &b, 0, 1, nb) < 0)
		return false;
	q->posted++;
	return true;
}

/* Tops the ring up to nb_desc buffers from the user's allocator. */
static void rx_refill(struct vnet *v, uint16_t qid)
{
	struct vnet_rxq *q = &v->rxq[qid];
	struct uk_netbuf *nb[32];
	uint16_t want, got, i;

	while (q->posted < q->conf.nb_desc) {
		want = UK_MIN(q->conf.nb_desc - q->posted,
			      (int)UK_ARRAY_SIZE(nb));
		want = UK_MIN(want, uk_virtq_space(q->vq));
		if (!want)
			break;
		got = q->conf.alloc_rxpkts(q->conf.alloc_rxpkts_argp, nb, want);
		for (i = 0; i < got; i++) {
			if (rx_post(v, q, nb[i]))
				continue;
			v->ndev.rx_stats[qid].drops++;
			if (nb[i]->free)
				nb[i]->free(nb[i]);
		}
		if (got < want)
			break;
	}
	uk_virtq_kick(q->vq);
}

static uint16_t csum_fold(const uint8_t *p, uint32_t len)
{
	uint32_t sum = 0, i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * A frame whose checksum the peer left to us (NEEDS_CSUM): either tell
 * the user (RX_CSUM configured) or complete it. False when the offsets
 * point outside the frame.
 */
static bool rx_csum(struct vnet *v, const struct vnet_hdr *h,
		    struct uk_netbuf *nb)
{
	uint8_t *p = nb->data;
	uint16_t sum;

	if ((uint32_t)h->csum_start + h->csum_offset + 2 > nb->len)
		return false;
	if (v->ndev.conf.offloads & UK_NETDEV_OFFLOAD_RX_CSUM) {
		nb->flags |= UK_NETBUF_F_CSUM_PARTIAL;
		nb->csum_start = h->csum_start;
		nb->csum_offset = h->csum_offset;
		return true;
	}
	/* the partial sum over the pseudo-header is in place already */
	sum = csum_fold(p + h->csum_start, nb->len - h->csum_start);
	p[h->csum_start + h->csum_offset] = sum >> 8;
	p[h->csum_start + h->csum_offset + 1] = sum & 0xff;
	return true;
}

/* Fills in @nb from what the device wrote; false for a malformed frame. */
static bool rx_frame(struct vnet *v, struct uk_netbuf *nb, uint32_t len)
{
	const struct vnet_hdr *h =
		(const void *)((char *)nb->data - v->hdr_len);

	if (len < (uint32_t)v->hdr_len + UK_NETDEV_ETH_HLEN)
		return false;
	nb->len = len - v->hdr_len;
	nb->flags = 0;
	if (h->flags & VNET_HDR_F_NEEDS_CSUM)
		return rx_csum(v, h, nb);
	if ((h->flags & VNET_HDR_F_DATA_VALID) &&
	    (v->ndev.conf.offloads & UK_NETDEV_OFFLOAD_RX_CSUM))
		nb->flags |= UK_NETBUF_F_CSUM_VALID;
	return true;
}

static int vnet_rx_burst(struct uk_netdev *dev, uint16_t qid,
			 struct uk_netbuf *pkts[], uint16_t count)
{
	struct vnet *v = to_vnet(dev);
	struct vnet_rxq *q = &v->rxq[qid];
	unsigned long flags;
	uint16_t n = 0;
	uint32_t len;
	void *cookie;
	int rc = 0;

	flags = ukplat_irq_save();
	while (n < count) {
		rc = uk_virtq_get(q->vq, &cookie, &len);
		if (rc < 0)
			break;
		q->posted--;
		if (rx_frame(v, cookie, len)) {
			pkts[n++] = cookie;
		} else {
			dev->rx_stats[qid].errors++;
			if (!rx_post(v, q, cookie) &&
			    ((struct uk_netbuf *)cookie)->free)
				((struct uk_netbuf *)cookie)->free(cookie);
		}
	}
	rx_refill(v, qid);
	ukplat_irq_restore(flags);
	if (rc == -UK_EIO && !n)
		return -UK_EIO;
	return n;
}

static int vnet_rxq_intr_enable(struct uk_netdev *dev, uint16_t qid)
{
	struct vnet_rxq *q = &to_vnet(dev)->rxq[qid];
	unsigned long flags;
	bool idle;

	flags = ukplat_irq_save();
	q->armed = true;
	idle = uk_virtq_intr_enable(q->vq);
	ukplat_irq_restore(flags);
	return idle ? 0 : 1;
}

static int vnet_rxq_intr_disable(struct uk_netdev *dev, uint16_t qid)
{
	struct vnet_rxq *q = &to_vnet(dev)->rxq[qid];

	q->armed = false;
	uk_virtq_intr_disable(q->vq);
	return 0;
}

/* interrupt context: one callback per uk_netdev_rxq_intr_enable */
static void vnet_rx_done(struct uk_virtqueue *vq, void *arg)
{
	struct vnet *v = uk_virtio_dev_priv(uk_virtq_dev(vq));
	uint16_t qid = (uint16_t)(uintptr_t)arg;

	uk_virtq_intr_disable(vq);
	if (!v || v->ndev.state != UK_NETDEV_RUNNING || !v->rxq[qid].armed)
		return;
	v->rxq[qid].armed = false;
	uk_netdev_rxq_event(&v->ndev, qid);
}

/* ---- transmit ---- */

static int tx_reclaim(struct uk_netdev *dev, uint16_t qid)
{
	struct vnet_txq *q = &to_vnet(dev)->txq[qid];
	struct uk_netbuf *nb;
	int n = 0, rc;
	void *cookie;

	while ((rc = uk_virtq_get(q->vq, &cookie, NULL)) == 0) {
		nb = cookie;
		if (nb->free)
			nb->free(nb);
		n++;
	}
	if (n)
		q->idle_since = 0;
	return rc == -UK_EIO && !n ? -UK_EIO : n;
}

/* the watchdog's patience: nothing back for this long with chains out */
#define TX_STALL_NS	(20 * 1000 * 1000ULL)

/*
 * The reclaim op, which its user calls from a timer while packets are
 * out (lwIP: every 20 ms) and in a loop when the ring is full, is also
 * the queue's watchdog: when nothing has come back for TX_STALL_NS while
 * chains are out, it notifies the device again (at most once per
 * TX_STALL_NS). Seen under QEMU TCG with EVENT_IDX on a loaded host: the
 * device waited for a notification at an index the driver had passed
 * without sending one, and the queue, with every connection on it,
 * stalled for good (memcached's 16-client test, once in ~70 runs).
 */
static int vnet_tx_reclaim(struct uk_netdev *dev, uint16_t qid)
{
	struct vnet_txq *q = &to_vnet(dev)->txq[qid];
	unsigned long flags;
	uint64_t now;
	int n;

	flags = ukplat_irq_save();
	n = tx_reclaim(dev, qid);
	if (n == 0 && uk_virtq_space(q->vq) < uk_virtq_size(q->vq)) {
		now = ukplat_monotonic_clock();
		if (!q->idle_since) {
			q->idle_since = now;
		} else if (now - q->idle_since >= TX_STALL_NS) {
			q->idle_since = now;
			if (uk_virtq_renotify(q->vq) && !q->renotified++)
				uk_pr_warn("virtio-net: TX queue %u stalled; "
					   "notified the device again "
					   "(reported once)\n", qid);
		}
	}
	ukplat_irq_restore(flags);
	return n;
}

/* Writes the header in front of @nb; false when @nb cannot be sent. */
static bool tx_hdr(struct vnet *v, struct uk_netbuf *nb, uint32_t total)
{
	uint32_t off = v->ndev.conf.offloads;
	struct vnet_hdr *h;

	if (uk_netbuf_headroom(nb) < v->hdr_len)
		return false;
	h = (void *)((char *)nb->data - v->hdr_len);
	uk_memset(h, 0, v->hdr_len);
	if (nb->flags & UK_NETBUF_F_CSUM_PARTIAL) {
		if (!(off & UK_NETDEV_OFFLOAD_TX_CSUM) ||
		    (uint32_t)nb->csum_start + nb->csum_offset + 2 > total)
			return false;
		h->flags = VNET_HDR_F_NEEDS_CSUM;
		h->csum_start = nb->csum_start;
		h->csum_offset = nb->csum_offset;
	}
	if (nb->flags & UK_NETBUF_F_GSO) {
		if (!(nb->flags & UK_NETBUF_F_CSUM_PARTIAL) || !nb->gso_size ||
		    !((nb->gso_type == UK_NETBUF_GSO_TCPV4 &&
		       (off & UK_NETDEV_OFFLOAD_TSO4)) ||
		      (nb->gso_type == UK_NETBUF_GSO_TCPV6 &&
		       (off & UK_NETDEV_OFFLOAD_TSO6))))
			return false;
		h->gso_type = (uint8_t)nb->gso_type;
		h->gso_size = nb->gso_size;
		h->hdr_len = nb->hdr_len;
	} else if (total > uk_netdev_rx_frame_max(v->ndev.mtu)) {
		return false;
	}
	return true;
}

/* Queues one packet: 0, -ENOSPC (ring full) or -EINVAL. */
static int tx_one(struct vnet *v, struct vnet_txq *q, struct uk_netbuf *pkt)
{
	struct uk_virtq_buf b[UK_VIRTQ_CHAIN_MAX];
	struct uk_netbuf *nb;
	unsigned int n = 0;
	uint32_t total = 0;

	for (nb = pkt; nb; nb = nb->next) {
		if (n == UK_VIRTQ_CHAIN_MAX || (!nb->len && nb != pkt))
			return -UK_EINVAL;
		b[n].addr = nb->data;
		b[n].len = nb->len;
		total += nb->len;
		n++;
	}
	if (total < UK_NETDEV_ETH_HLEN || !tx_hdr(v, pkt, total))
		return -UK_EINVAL;
	b[0].addr = (char *)pkt->data - v->hdr_len;
	b[0].len += v->hdr_len;
	return uk_virtq_add(q->vq, b, n, 0, pkt);
}

static int vnet_tx_burst(struct uk_netdev *dev, uint16_t qid,
			 struct uk_netbuf *pkts[], uint16_t count)
{
	struct vnet *v = to_vnet(dev);
	struct vnet_txq *q = &v->txq[qid];
	unsigned long flags;
	uint16_t n;
	int rc = 0;

	flags = ukplat_irq_save();
	tx_reclaim(dev, qid);
	for (n = 0; n < count; n++) {
		if (uk_virtq_size(q->vq) - uk_virtq_space(q->vq) >= q->nb_desc)
			break;
		rc = tx_one(v, q, pkts[n]);
		if (rc < 0)
			break;
	}
	if (n)
		uk_virtq_kick(q->vq);
	ukplat_irq_restore(flags);
	if (!n && rc < 0 && rc != -UK_ENOSPC)
		return rc;
	return n;
}

/* ---- start, link ---- */

/* Sends one control command and waits for the answer (5.1.6.5). */
static int ctrl_cmd(struct vnet *v, uint8_t class, uint8_t cmd,
		    const void *data, uint32_t len)
{
	struct {
		uint8_t class, cmd;
		uint8_t data[6];
	} __aligned(8) req = { class, cmd, { 0 } };
	uint8_t ack __aligned(8) = 0xff;
	struct uk_virtq_buf b[3] = {
		{ &req, 2 }, { req.data, len }, { &ack, 1 },
	};
	unsigned long i;
	void *cookie;
	int rc;

	if (len > sizeof(req.data))
		return -UK_EINVAL;
	uk_memcpy(req.data, data, len);
	rc = uk_virtq_add(v->ctrlq, b, 2, 1, &req);
	if (rc < 0)
		return rc;
	uk_virtq_kick(v->ctrlq);
	for (i = 0; i < CTRL_POLL_MAX; i++) {
		rc = uk_virtq_get(v->ctrlq, &cookie, NULL);
		if (rc != -UK_EAGAIN)
			break;
		uk_cpu_relax();
	}
	if (rc < 0)
		return rc == -UK_EAGAIN ? -UK_ETIMEDOUT : rc;
	return ack == VIRTIO_NET_OK ? 0 : -UK_EIO;
}

static int vnet_start(struct uk_netdev *dev)
{
	struct vnet *v = to_vnet(dev);
	uint16_t pairs = UK_MAX(dev->conf.nb_rx_queues,
				dev->conf.nb_tx_queues);
	uint16_t q;
	int rc;

	if (pairs > 1) {
		rc = ctrl_cmd(v, VIRTIO_NET_CTRL_MQ,
			      VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, &pairs, 2);
		if (rc < 0) {
			uk_pr_err("%s: %u queue pairs refused (%d)\n",
				  uk_virtio_dev_name(v->vdev), pairs, rc);
			return -UK_EIO;
		}
	}
	for (q = 0; q < dev->conf.nb_rx_queues; q++) {
		rx_refill(v, q);
		if (!v->rxq[q].posted) {
			uk_pr_err("%s: no RX buffer for queue %u\n",
				  uk_virtio_dev_name(v->vdev), q);
			return -UK_ENOMEM;
		}
	}
	return 0;
}

static bool vnet_link_up(struct uk_netdev *dev)
{
	struct vnet *v = to_vnet(dev);
	uint16_t status;

	if (!uk_virtio_has_feature(v->vdev, VIRTIO_NET_F_STATUS))
		return true;
	if (uk_virtio_config_read(v->vdev, CFG_STATUS, &status, 2) < 0)
		return false;
	return status & VIRTIO_NET_S_LINK_UP;
}

static const struct uk_netdev_ops vnet_ops = {
	.configure = vnet_configure,
	.rxq_configure = vnet_rxq_configure,
	.txq_configure = vnet_txq_configure,
	.start = vnet_start,
	.rx_burst = vnet_rx_burst,
	.tx_burst = vnet_tx_burst,
	.tx_reclaim = vnet_tx_reclaim,
	.rxq_intr_enable = vnet_rxq_intr_enable,
	.rxq_intr_disable = vnet_rxq_intr_disable,
	.link_up = vnet_link_up,
};

/* ---- probe ---- */

static uint32_t offered_offloads(struct uk_virtio_dev *vdev)
{
	uint32_t off = 0;

	if (uk_virtio_has_feature(vdev, VIRTIO_NET_F_CSUM)) {
		off |= UK_NETDEV_OFFLOAD_TX_CSUM;
		if (uk_virtio_has_feature(vdev, VIRTIO_NET_F_HOST_TSO4))
			off |= UK_NETDEV_OFFLOAD_TSO4;
		if (uk_virtio_has_feature(vdev, VIRTIO_NET_F_HOST_TSO6))
			off |= UK_NETDEV_OFFLOAD_TSO6;
	}
	if (uk_virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_CSUM))
		off |= UK_NETDEV_OFFLOAD_RX_CSUM;
	return off;
}

/* MAC, MTU, queue pairs from the configuration space. */
static int read_config(struct vnet *v)
{
	struct uk_virtio_dev *vdev = v->vdev;
	uint16_t mtu = UK_NETDEV_MTU_DEFAULT, pairs = 1;
	int rc = 0;

	if (uk_virtio_has_feature(vdev, VIRTIO_NET_F_MAC)) {
		rc = uk_virtio_config_read(vdev, CFG_MAC, v->ndev.hwaddr.addr,
					   UK_NETDEV_HWADDR_LEN);
	} else {
		/* locally administered, unicast, one per device */
		v->ndev.hwaddr = (struct uk_hwaddr){
			{ 0x02, 0x75, 0x6b, 0, 0, (uint8_t)uk_netdev_count() } };
	}
	if (!rc && uk_virtio_has_feature(vdev, VIRTIO_NET_F_MTU))
		rc = uk_virtio_config_read(vdev, CFG_MTU, &mtu, 2);
	if (!rc && uk_virtio_has_feature(vdev, VIRTIO_NET_F_MQ) &&
	    uk_virtio_has_feature(vdev, VIRTIO_NET_F_CTRL_VQ))
		rc = uk_virtio_config_read(vdev, CFG_MAX_PAIRS, &pairs, 2);
	if (rc < 0)
		return rc;
	if (mtu < UK_NETDEV_MTU_MIN || !pairs || pairs > 0x8000) {
		uk_pr_err("%s: bad configuration (mtu %u, %u queue pairs)\n",
			  uk_virtio_dev_name(vdev), mtu, pairs);
		return -UK_EINVAL;
	}
	v->pairs = UK_MIN(pairs, UK_NETDEV_MAX_QUEUES);
	v->ndev.mtu = mtu;
	v->ndev.info.max_mtu = mtu;
	if (pairs > 1)	/* the control queue follows every pair */
		return uk_virtio_vq_setup(vdev, 2 * pairs, 0, NULL, NULL,
					  &v->ctrlq);
	return 0;
}

static int setup_queues(struct vnet *v)
{
	uint16_t q, size = 0xffff;
	int rc;

	for (q = 0; q < v->pairs; q++) {
		rc = uk_virtio_vq_setup(v->vdev, 2 * q, 0, vnet_rx_done,
					(void *)(uintptr_t)q, &v->rxq[q].vq);
		if (rc < 0)
			return rc;
		uk_virtq_intr_disable(v->rxq[q].vq);
		rc = uk_virtio_vq_setup(v->vdev, 2 * q + 1, 0, NULL, NULL,
					&v->txq[q].vq);
		if (rc < 0)
			return rc;
		size = UK_MIN(size, uk_virtq_size(v->rxq[q].vq));
		size = UK_MIN(size, uk_virtq_size(v->txq[q].vq));
	}
	v->ndev.info.max_queue_desc = size;
	return 0;
}

static int vnet_probe(struct uk_virtio_dev *vdev)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_netdev_info *i;
	struct vnet *v;
	int rc;

	v = uk_calloc(a, 1, sizeof(*v));
	if (!v)
		return -UK_ENOMEM;
	v->vdev = vdev;
	v->hdr_len = uk_virtio_has_feature(vdev, UK_VIRTIO_F_VERSION_1) ?
		     sizeof(struct vnet_hdr) : sizeof(struct vnet_hdr) - 2;
	rc = read_config(v);
	if (!rc)
		rc = setup_queues(v);
	if (rc < 0)
		goto out_free;

	i = &v->ndev.info;
	i->max_rx_queues = i->max_tx_queues = v->pairs;
	i->rx_headroom = i->tx_headroom = v->hdr_len;
	i->offloads = offered_offloads(vdev);
	i->max_tx_frags = UK_VIRTQ_CHAIN_MAX;
	i->rx_intr = true;
	v->ndev.ops = &vnet_ops;
	v->ndev.drv_name = "virtio-net";
	uk_virtio_dev_priv_set(vdev, v);
	rc = uk_virtio_dev_ready(vdev);
	if (!rc)
		rc = uk_netdev_register(&v->ndev);
	if (rc < 0)
		goto out_priv;
	return 0;

out_priv:
	uk_virtio_dev_priv_set(vdev, NULL);
out_free:
	uk_free(a, v);
	return rc;
}

static const struct uk_virtio_driver vnet_driver = {
	.name = "virtio-net",
	.device_id = UK_VIRTIO_ID_NET,
	.features = UK_VIRTIO_FEATURE(VIRTIO_NET_F_CSUM) |
		    UK_VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_CSUM) |
		    UK_VIRTIO_FEATURE(VIRTIO_NET_F_MTU) |
		    UK_VIRTIO_FEATURE(VIRTIO_NET_F_MAC) |
		    UK_VIRTIO_FEATURE(VIRTIO_NET_F_HOST_TSO4) |
		    UK_VIRTIO_FEATURE(VIRTIO_NET_F_HOST_TSO6) |
		    UK_VIRTIO_FEATURE(VIRTIO_NET_F_STATUS) |
		    UK_VIRTIO_FEATURE(VIRTIO_NET_F_CTRL_VQ) |
		    UK_VIRTIO_FEATURE(VIRTIO_NET_F_MQ),
	.probe = vnet_probe,
};
UK_VIRTIO_DRIVER(vnet_driver);
