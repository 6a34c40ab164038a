/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Network devices: raw Ethernet frames in and out of a NIC, zero copy.
 *
 * A driver finds its device at boot and registers it; users find devices
 * by index (0 .. uk_netdev_count() - 1), in the order drivers registered
 * them. No device is ever removed. On a board without a device bus (the
 * Raspberry Pi 3) the count is 0.
 *
 * Life of a device (each step returns 0 or a negative errno):
 *
 *   uk_netdev_info_get()        what the device offers
 *   uk_netdev_configure()       queue pairs and offloads    (-> CONFIGURED)
 *   uk_netdev_rxq_configure()   each RX queue: ring size, the buffer
 *   uk_netdev_txq_configure()   allocator, the event callback; each TX queue
 *   uk_netdev_start()           the device runs            (-> RUNNING)
 *   uk_netdev_rx_burst() / uk_netdev_tx_burst() ...
 *
 * Calls out of this order get -EBUSY (configuring a running device) or
 * -EINVAL (bursts on a device that does not run, queue numbers out of
 * range). There is no stop: a started device runs until the image exits.
 *
 * Packet buffers (struct uk_netbuf) belong to the user. Their memory goes
 * to the device as it is: the driver writes its own per-packet header
 * (virtio-net's) in the HEADROOM in front of `data`, so a buffer MUST have
 * at least info.rx_headroom (RX) or info.tx_headroom (TX) bytes between
 * `buf` and `data`. Netbufs are not copied and not reallocated; what the
 * user puts around them (an lwIP pbuf, say) is the user's: `priv` carries
 * it, `free` returns it.
 *
 * Transmit: uk_netdev_tx_burst() hands packets to the device; the driver
 * owns them until the device is done, then calls each packet's `free`
 * (the head netbuf's only; NULL means nothing is called). A packet MAY be
 * a chain of netbufs through `next` (scatter-gather: the first carries
 * the headroom, all are sent in order). The head MAY be empty (len 0):
 * a netbuf that only lends its headroom to fragments that have none
 * (a stack's buffers that start at their Ethernet header); the other
 * fragments MUST NOT be empty.
 *
 * Receive: the user supplies an allocator (uk_netdev_alloc_rxpkts_t) that
 * the driver calls to fill and refill the RX ring; uk_netdev_rx_burst()
 * returns filled netbufs, which belong to the user from then on. An RX
 * netbuf MUST offer info.rx_buflen_min bytes from `data` to the end of
 * the buffer (the largest frame at the configured MTU); a smaller one is
 * given back through its `free` and counted in rx_drops.
 *
 * Interrupts and polling, per RX queue: a queue starts in polling mode.
 * uk_netdev_rxq_intr_enable() asks for the queue's callback on the next
 * frame; the callback runs in interrupt context with interrupts disabled
 * and MUST NOT block or call the burst functions (it wakes a thread or
 * sets a flag). Interrupts are taken as uk/plat/irq.h says (under the
 * none and coop schedulers only while the CPU halts). TX queues have no
 * interrupt: completed packets are reclaimed by the next tx_burst or by
 * uk_netdev_tx_reclaim().
 *
 * Concurrency: one caller at a time per queue (the user serializes);
 * different queues MAY be used from different threads.
 */
#ifndef UK_NETDEV_H
#define UK_NETDEV_H

#include <uk/essentials.h>

#define UK_NETDEV_HWADDR_LEN	6
#define UK_NETDEV_ETH_HLEN	14	/* destination, source, type */
#define UK_NETDEV_MTU_DEFAULT	1500
#define UK_NETDEV_MTU_MIN	68	/* IPv4's minimum */
/* Queue pairs a device can have at most, and devices an image can have. */
#define UK_NETDEV_MAX_QUEUES	8
#define UK_NETDEV_MAX_DEVICES	8

struct uk_netdev;

struct uk_hwaddr {
	uint8_t addr[UK_NETDEV_HWADDR_LEN];
};

/* ---- packet buffers ---- */

struct uk_netbuf;
typedef void (*uk_netbuf_free_t)(struct uk_netbuf *nb);

/* TX: the device fills in the checksum (needs UK_NETDEV_OFFLOAD_TX_CSUM);
 * RX: the checksum was not computed, csum_start/csum_offset say where it
 * goes (a frame from a local peer with RX_CSUM on: treat it as valid). */
#define UK_NETBUF_F_CSUM_PARTIAL	0x0001
/* RX: the device validated the checksums (RX_CSUM on). */
#define UK_NETBUF_F_CSUM_VALID		0x0002
/* TX: segment this TCP packet into gso_size payloads (TSO offloads). */
#define UK_NETBUF_F_GSO			0x0004

#define UK_NETBUF_GSO_TCPV4		1
#define UK_NETBUF_GSO_TCPV6		4

struct uk_netbuf {
	void *data;		/* first byte of the frame (or fragment) */
	uint32_t len;		/* its length */
	uint16_t flags;		/* UK_NETBUF_F_* */
	uint16_t csum_start;	/* CSUM_PARTIAL: from data, where summing starts */
	uint16_t csum_offset;	/* ... and where the sum goes, from csum_start */
	uint16_t gso_type;	/* GSO: UK_NETBUF_GSO_* */
	uint16_t gso_size;	/* GSO: payload bytes per segment (the MSS) */
	uint16_t hdr_len;	/* GSO: Ethernet + IP + TCP header bytes */
	void *buf;		/* the memory: data lies in [buf, buf + buflen) */
	uint32_t buflen;
	struct uk_netbuf *next;	/* TX: next fragment of the same packet */
	uk_netbuf_free_t free;	/* called when the driver gives it back */
	void *priv;		/* the owner's */
};

/*
 * Makes @nb describe the @buflen bytes at @buf with @headroom bytes in
 * front of data and an empty frame; free and priv are the owner's.
 */
static inline void uk_netbuf_init(struct uk_netbuf *nb, void *buf,
				  uint32_t buflen, uint32_t headroom,
				  uk_netbuf_free_t free, void *priv)
{
	nb->buf = buf;
	nb->buflen = buflen;
	nb->data = (char *)buf + headroom;
	nb->len = 0;
	nb->flags = 0;
	nb->csum_start = nb->csum_offset = 0;
	nb->gso_type = nb->gso_size = nb->hdr_len = 0;
	nb->next = NULL;
	nb->free = free;
	nb->priv = priv;
}

/* Bytes in front of data, and from data to the end of the buffer. */
static inline uint32_t uk_netbuf_headroom(const struct uk_netbuf *nb)
{
	return (uint32_t)((char *)nb->data - (char *)nb->buf);
}

static inline uint32_t uk_netbuf_tailroom(const struct uk_netbuf *nb)
{
	return nb->buflen - uk_netbuf_headroom(nb);
}

/* ---- what a device offers ---- */

#define UK_NETDEV_OFFLOAD_TX_CSUM	0x0001	/* CSUM_PARTIAL on TX */
#define UK_NETDEV_OFFLOAD_RX_CSUM	0x0002	/* CSUM_VALID/PARTIAL on RX */
#define UK_NETDEV_OFFLOAD_TSO4		0x0004	/* GSO_TCPV4 on TX */
#define UK_NETDEV_OFFLOAD_TSO6		0x0008	/* GSO_TCPV6 on TX */

struct uk_netdev_info {
	uint16_t max_rx_queues;		/* >= 1 */
	uint16_t max_tx_queues;		/* >= 1 */
	uint16_t max_queue_desc;	/* largest ring (nb_desc) */
	uint16_t rx_headroom;		/* bytes an RX netbuf needs before data */
	uint16_t tx_headroom;		/* bytes a TX head netbuf needs before data */
	uint16_t max_mtu;		/* largest MTU uk_netdev_mtu_set takes */
	uint32_t rx_buflen_min;		/* bytes from data an RX netbuf needs */
	uint32_t offloads;		/* UK_NETDEV_OFFLOAD_* offered */
	uint16_t max_tx_frags;		/* netbufs a TX chain may have */
	bool rx_intr;			/* RX queues can interrupt */
};

/* ---- discovery ---- */

/* Devices registered so far. */
unsigned int uk_netdev_count(void);

/* Device @idx, or NULL when there is none. */
struct uk_netdev *uk_netdev_get(unsigned int idx);

/* The device's index and its driver's name ("virtio-net"). */
unsigned int uk_netdev_id(const struct uk_netdev *dev);
const char *uk_netdev_drv_name(const struct uk_netdev *dev);

/*
 * Fills @info. rx_buflen_min follows the MTU. Returns 0 (or -EINVAL on
 * NULL arguments).
 */
int uk_netdev_info_get(struct uk_netdev *dev, struct uk_netdev_info *info);

/* The device's MAC address. */
const struct uk_hwaddr *uk_netdev_hwaddr_get(const struct uk_netdev *dev);

/* The MTU (bytes of IP packet; the frame adds UK_NETDEV_ETH_HLEN). */
uint16_t uk_netdev_mtu_get(const struct uk_netdev *dev);

/*
 * Sets the MTU, between UK_NETDEV_MTU_MIN and info.max_mtu (else -EINVAL);
 * only before uk_netdev_start (else -EBUSY).
 */
int uk_netdev_mtu_set(struct uk_netdev *dev, uint16_t mtu);

/* True when the link is up (a device that cannot tell says up). */
bool uk_netdev_link_up(struct uk_netdev *dev);

/* ---- configuration ---- */

struct uk_netdev_conf {
	uint16_t nb_rx_queues;	/* 1 .. info.max_rx_queues */
	uint16_t nb_tx_queues;	/* 1 .. info.max_tx_queues */
	uint32_t offloads;	/* a subset of info.offloads */
};

/*
 * Sets the number of queues and negotiates the offloads with the device.
 * -EINVAL for a queue count out of range, -ENOTSUP for an offload not
 * offered (nothing changes then), -EBUSY once started. MAY be repeated
 * before start (queues configured before must then be configured again).
 */
int uk_netdev_configure(struct uk_netdev *dev,
			const struct uk_netdev_conf *conf);

/* The offloads configured (a subset of what was asked). */
uint32_t uk_netdev_offloads(const struct uk_netdev *dev);

/*
 * Called by the driver to fill an RX ring: stores up to @count netbufs
 * in @nb and returns how many it stored (0 when out of memory: the ring
 * is refilled at the next rx_burst). Runs in the caller's context of
 * rx_burst or start, never in interrupt context.
 */
typedef uint16_t (*uk_netdev_alloc_rxpkts_t)(void *argp,
					    struct uk_netbuf *nb[],
					    uint16_t count);

/* An RX queue's event: frames arrived (interrupt context, see above). */
typedef void (*uk_netdev_queue_event_t)(struct uk_netdev *dev,
					uint16_t qid, void *cookie);

struct uk_netdev_rxq_conf {
	uint16_t nb_desc;			/* ring size, 0: the largest */
	uk_netdev_alloc_rxpkts_t alloc_rxpkts;	/* MUST be set */
	void *alloc_rxpkts_argp;
	uk_netdev_queue_event_t callback;	/* NULL: polling only */
	void *callback_cookie;
};

struct uk_netdev_txq_conf {
	uint16_t nb_desc;			/* ring size, 0: the largest */
};

/*
 * Configure RX / TX queue @qid (0 .. nb_rx/tx_queues - 1). -EINVAL for a
 * bad queue, a ring larger than info.max_queue_desc, no allocator, or a
 * callback where info.rx_intr is false; -EBUSY once started; -ENOMEM.
 */
int uk_netdev_rxq_configure(struct uk_netdev *dev, uint16_t qid,
			    const struct uk_netdev_rxq_conf *conf);
int uk_netdev_txq_configure(struct uk_netdev *dev, uint16_t qid,
			    const struct uk_netdev_txq_conf *conf);

/*
 * Starts the device: every configured queue gets its RX buffers, the link
 * comes up. -EINVAL when a queue was left unconfigured, -EBUSY when it
 * runs already, -EIO when the device refuses.
 */
int uk_netdev_start(struct uk_netdev *dev);

/* True once uk_netdev_start succeeded. */
bool uk_netdev_running(const struct uk_netdev *dev);

/* ---- the data path ---- */

/*
 * Stores up to @count received frames in @pkts (data at the Ethernet
 * header, len the frame's length, flags for RX offloads) and refills the
 * ring. Returns how many were stored, 0 when none is waiting, or -EINVAL
 * (device not running, bad queue). Never blocks.
 */
int uk_netdev_rx_burst(struct uk_netdev *dev, uint16_t qid,
		       struct uk_netbuf *pkts[], uint16_t count);

/*
 * Queues the first packets of @pkts for transmission and returns how many
 * it took (a prefix of @pkts; fewer than @count when the ring is full,
 * the rest stay the caller's). When the first packet is invalid (too
 * little headroom, longer than MTU + Ethernet header without GSO, a
 * chain longer than info.max_tx_frags, an offload not configured),
 * returns -EINVAL and takes nothing; -EINVAL too when the device does not
 * run. Never blocks. Reclaims completed packets first.
 */
int uk_netdev_tx_burst(struct uk_netdev *dev, uint16_t qid,
		       struct uk_netbuf *pkts[], uint16_t count);

/*
 * Gives back (through their free) the packets the device has sent on TX
 * queue @qid; returns how many, or -EINVAL.
 */
int uk_netdev_tx_reclaim(struct uk_netdev *dev, uint16_t qid);

/*
 * Interrupt mode for RX queue @qid: its callback is called once frames
 * arrive. Returns 0, or 1 when frames arrived meanwhile (the caller MUST
 * then poll again before waiting: no interrupt comes for them), -EINVAL
 * (no callback configured, bad queue, not running).
 */
int uk_netdev_rxq_intr_enable(struct uk_netdev *dev, uint16_t qid);

/* Back to polling mode for RX queue @qid: 0 or -EINVAL. */
int uk_netdev_rxq_intr_disable(struct uk_netdev *dev, uint16_t qid);

/* ---- statistics ---- */

struct uk_netdev_stats {
	uint64_t rx_packets;	/* frames returned by rx_burst */
	uint64_t rx_bytes;
	uint64_t rx_errors;	/* frames the device returned malformed */
	uint64_t rx_drops;	/* RX netbufs refused (too small) */
	uint64_t tx_packets;	/* packets taken by tx_burst */
	uint64_t tx_bytes;
	uint64_t tx_errors;	/* packets refused as invalid */
	uint64_t tx_drops;	/* packets left to the caller: ring full */
};

/*
 * Statistics of queue pair @qid, or of the whole device when @qid is
 * UK_NETDEV_ALL_QUEUES. 0 or -EINVAL.
 */
#define UK_NETDEV_ALL_QUEUES	0xffff
int uk_netdev_stats_get(struct uk_netdev *dev, uint16_t qid,
			struct uk_netdev_stats *stats);

#endif /* UK_NETDEV_H */
