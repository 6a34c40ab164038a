/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Network devices, the driver's side (users read uk/netdev.h).
 *
 * A driver embeds struct uk_netdev in its own device structure, fills
 * ops, drv_name, info, hwaddr and mtu, and calls uk_netdev_register()
 * once the device answered its probe. The library checks the arguments
 * and the order of calls (states, queue numbers, offloads against info),
 * keeps the per-queue statistics of packets and bytes, and only then
 * calls the driver; so an op MAY assume:
 * - configure: conf->nb_*_queues within info, conf->offloads within
 *   info.offloads; the device is not running.
 * - rxq/txq_configure: qid below the configured count, nb_desc resolved
 *   (never 0, never above info.max_queue_desc), alloc_rxpkts set,
 *   callback only when info.rx_intr.
 * - start: every queue configured.
 * - rx_burst/tx_burst/tx_reclaim/intr_*: running, qid valid, count > 0.
 * Ops return what the matching uk_netdev_* function documents. rx_burst
 * and tx_burst return counts; the driver adds its own errors and drops
 * through the stats counters below (rx_errors, rx_drops); the library
 * counts a tx_burst that fails as a tx_error.
 *
 * Interrupt handlers call uk_netdev_rxq_event() for an RX queue whose
 * interrupt was enabled; they disable the queue's interrupt first (one
 * callback per uk_netdev_rxq_intr_enable).
 */
#ifndef UK_NETDEV_DRIVER_H
#define UK_NETDEV_DRIVER_H

#include <uk/netdev.h>

struct uk_netdev_ops {
	int (*configure)(struct uk_netdev *dev,
			 const struct uk_netdev_conf *conf);
	int (*rxq_configure)(struct uk_netdev *dev, uint16_t qid,
			     const struct uk_netdev_rxq_conf *conf);
	int (*txq_configure)(struct uk_netdev *dev, uint16_t qid,
			     const struct uk_netdev_txq_conf *conf);
	int (*start)(struct uk_netdev *dev);
	int (*rx_burst)(struct uk_netdev *dev, uint16_t qid,
			struct uk_netbuf *pkts[], uint16_t count);
	int (*tx_burst)(struct uk_netdev *dev, uint16_t qid,
			struct uk_netbuf *pkts[], uint16_t count);
	int (*tx_reclaim)(struct uk_netdev *dev, uint16_t qid);
	int (*rxq_intr_enable)(struct uk_netdev *dev, uint16_t qid);
	int (*rxq_intr_disable)(struct uk_netdev *dev, uint16_t qid);
	/* optional: NULL means the link is always up / the MTU is fixed */
	bool (*link_up)(struct uk_netdev *dev);
	int (*mtu_set)(struct uk_netdev *dev, uint16_t mtu);
};

struct uk_netdev_qstats {
	uint64_t packets, bytes, errors, drops;
};

enum uk_netdev_state {
	UK_NETDEV_UNCONFIGURED,
	UK_NETDEV_CONFIGURED,
	UK_NETDEV_RUNNING,
};

struct uk_netdev {
	/* filled by the driver before uk_netdev_register */
	const struct uk_netdev_ops *ops;
	const char *drv_name;
	struct uk_netdev_info info;
	struct uk_hwaddr hwaddr;
	uint16_t mtu;

	/* the library's */
	unsigned int id;
	enum uk_netdev_state state;
	struct uk_netdev_conf conf;
	uint32_t rxq_ready, txq_ready;		/* bit per configured queue */
	struct {
		uk_netdev_queue_event_t callback;
		void *cookie;
	} rxq_event[UK_NETDEV_MAX_QUEUES];
	/* counters, written by the library and the driver */
	struct uk_netdev_qstats rx_stats[UK_NETDEV_MAX_QUEUES];
	struct uk_netdev_qstats tx_stats[UK_NETDEV_MAX_QUEUES];
};

/*
 * Adds @dev to the registry and gives it the next index. -EINVAL when
 * ops or info are incomplete (a required op missing, no queue, no
 * buffer room), -ENOSPC when UK_NETDEV_MAX_DEVICES are registered.
 */
int uk_netdev_register(struct uk_netdev *dev);

/* The bytes after data an RX buffer needs at @mtu (frame + VLAN tag). */
static inline uint32_t uk_netdev_rx_frame_max(uint16_t mtu)
{
	return (uint32_t)mtu + UK_NETDEV_ETH_HLEN + 4;
}

/* From interrupt context: frames arrived on RX queue @qid. */
void uk_netdev_rxq_event(struct uk_netdev *dev, uint16_t qid);

#endif /* UK_NETDEV_DRIVER_H */
