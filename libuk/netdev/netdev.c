/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The netdev registry and the checks in front of every driver op
 * (uk/netdev.h is the user's contract, uk/netdev_driver.h the driver's).
 */
#include <uk/link.h>
#include <uk/netdev_driver.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/string.h>

/* the drivers come with the API (uk/link.h) */
#if UK_CONFIG_VIRTIO
UK_LINK_PULL(virtio_net);
#endif

static struct uk_netdev *devices[UK_NETDEV_MAX_DEVICES];
static unsigned int nb_devices;

static bool ops_complete(const struct uk_netdev_ops *o)
{
	return o && o->configure && o->rxq_configure && o->txq_configure &&
	       o->start && o->rx_burst && o->tx_burst && o->tx_reclaim &&
	       o->rxq_intr_enable && o->rxq_intr_disable;
}

int uk_netdev_register(struct uk_netdev *dev)
{
	const struct uk_netdev_info *i;

	if (!dev || !ops_complete(dev->ops) || !dev->drv_name)
		return -UK_EINVAL;
	i = &dev->info;
	if (!i->max_rx_queues || !i->max_tx_queues || !i->max_queue_desc ||
	    i->max_rx_queues > UK_NETDEV_MAX_QUEUES ||
	    i->max_tx_queues > UK_NETDEV_MAX_QUEUES || !i->max_tx_frags ||
	    dev->mtu < UK_NETDEV_MTU_MIN || dev->mtu > i->max_mtu)
		return -UK_EINVAL;
	if (nb_devices == UK_NETDEV_MAX_DEVICES)
		return -UK_ENOSPC;

	dev->id = nb_devices;
	dev->state = UK_NETDEV_UNCONFIGURED;
	dev->rxq_ready = dev->txq_ready = 0;
	uk_memset(&dev->conf, 0, sizeof(dev->conf));
	uk_memset(dev->rxq_event, 0, sizeof(dev->rxq_event));
	uk_memset(dev->rx_stats, 0, sizeof(dev->rx_stats));
	uk_memset(dev->tx_stats, 0, sizeof(dev->tx_stats));
	devices[nb_devices++] = dev;
	uk_pr_info("netdev%u: %s %02x:%02x:%02x:%02x:%02x:%02x mtu %u, "
		   "%u queue pair(s)\n", dev->id, dev->drv_name,
		   dev->hwaddr.addr[0], dev->hwaddr.addr[1],
		   dev->hwaddr.addr[2], dev->hwaddr.addr[3],
		   dev->hwaddr.addr[4], dev->hwaddr.addr[5], dev->mtu,
		   UK_MIN(i->max_rx_queues, i->max_tx_queues));
	return 0;
}

unsigned int uk_netdev_count(void)
{
	return nb_devices;
}

struct uk_netdev *uk_netdev_get(unsigned int idx)
{
	return idx < nb_devices ? devices[idx] : NULL;
}

unsigned int uk_netdev_id(const struct uk_netdev *dev)
{
	return dev->id;
}

const char *uk_netdev_drv_name(const struct uk_netdev *dev)
{
	return dev->drv_name;
}

int uk_netdev_info_get(struct uk_netdev *dev, struct uk_netdev_info *info)
{
	if (!dev || !info)
		return -UK_EINVAL;
	*info = dev->info;
	info->rx_buflen_min = uk_netdev_rx_frame_max(dev->mtu);
	return 0;
}

const struct uk_hwaddr *uk_netdev_hwaddr_get(const struct uk_netdev *dev)
{
	return &dev->hwaddr;
}

uint16_t uk_netdev_mtu_get(const struct uk_netdev *dev)
{
	return dev->mtu;
}

int uk_netdev_mtu_set(struct uk_netdev *dev, uint16_t mtu)
{
	int rc;

	if (mtu < UK_NETDEV_MTU_MIN || mtu > dev->info.max_mtu)
		return -UK_EINVAL;
	if (dev->state == UK_NETDEV_RUNNING)
		return -UK_EBUSY;
	if (dev->ops->mtu_set) {
		rc = dev->ops->mtu_set(dev, mtu);
		if (rc < 0)
			return rc;
	}
	dev->mtu = mtu;
	return 0;
}

bool uk_netdev_link_up(struct uk_netdev *dev)
{
	return dev->ops->link_up ? dev->ops->link_up(dev) : true;
}

int uk_netdev_configure(struct uk_netdev *dev,
			const struct uk_netdev_conf *conf)
{
	int rc;

	if (!dev || !conf)
		return -UK_EINVAL;
	if (dev->state == UK_NETDEV_RUNNING)
		return -UK_EBUSY;
	if (!conf->nb_rx_queues || conf->nb_rx_queues > dev->info.max_rx_queues ||
	    !conf->nb_tx_queues || conf->nb_tx_queues > dev->info.max_tx_queues)
		return -UK_EINVAL;
	if (conf->offloads & ~dev->info.offloads)
		return -UK_ENOTSUP;
	rc = dev->ops->configure(dev, conf);
	if (rc < 0)
		return rc;
	dev->conf = *conf;
	dev->rxq_ready = dev->txq_ready = 0;
	dev->state = UK_NETDEV_CONFIGURED;
	return 0;
}

uint32_t uk_netdev_offloads(const struct uk_netdev *dev)
{
	return dev->state == UK_NETDEV_UNCONFIGURED ? 0 : dev->conf.offloads;
}

/* 0 when queue configuration may go on, else the error. */
static int can_configure_queue(struct uk_netdev *dev, uint16_t qid,
			       uint16_t nb_queues, const void *conf)
{
	if (!dev || !conf)
		return -UK_EINVAL;
	if (dev->state == UK_NETDEV_RUNNING)
		return -UK_EBUSY;
	if (dev->state != UK_NETDEV_CONFIGURED || qid >= nb_queues)
		return -UK_EINVAL;
	return 0;
}

static int resolve_desc(const struct uk_netdev *dev, uint16_t *nb_desc)
{
	if (*nb_desc > dev->info.max_queue_desc)
		return -UK_EINVAL;
	if (!*nb_desc)
		*nb_desc = dev->info.max_queue_desc;
	return 0;
}

int uk_netdev_rxq_configure(struct uk_netdev *dev, uint16_t qid,
			    const struct uk_netdev_rxq_conf *conf)
{
	struct uk_netdev_rxq_conf c;
	int rc;

	rc = can_configure_queue(dev, qid, dev ? dev->conf.nb_rx_queues : 0,
				 conf);
	if (rc < 0)
		return rc;
	c = *conf;
	if (!c.alloc_rxpkts || (c.callback && !dev->info.rx_intr))
		return -UK_EINVAL;
	rc = resolve_desc(dev, &c.nb_desc);
	if (rc < 0)
		return rc;
	rc = dev->ops->rxq_configure(dev, qid, &c);
	if (rc < 0)
		return rc;
	dev->rxq_event[qid].callback = c.callback;
	dev->rxq_event[qid].cookie = c.callback_cookie;
	dev->rxq_ready |= 1u << qid;
	return 0;
}

int uk_netdev_txq_configure(struct uk_netdev *dev, uint16_t qid,
			    const struct uk_netdev_txq_conf *conf)
{
	struct uk_netdev_txq_conf c;
	int rc;

	rc = can_configure_queue(dev, qid, dev ? dev->conf.nb_tx_queues : 0,
				 conf);
	if (rc < 0)
		return rc;
	c = *conf;
	rc = resolve_desc(dev, &c.nb_desc);
	if (rc < 0)
		return rc;
	rc = dev->ops->txq_configure(dev, qid, &c);
	if (rc < 0)
		return rc;
	dev->txq_ready |= 1u << qid;
	return 0;
}

int uk_netdev_start(struct uk_netdev *dev)
{
	int rc;

	if (!dev)
		return -UK_EINVAL;
	if (dev->state == UK_NETDEV_RUNNING)
		return -UK_EBUSY;
	if (dev->state != UK_NETDEV_CONFIGURED ||
	    dev->rxq_ready != (1u << dev->conf.nb_rx_queues) - 1 ||
	    dev->txq_ready != (1u << dev->conf.nb_tx_queues) - 1)
		return -UK_EINVAL;
	rc = dev->ops->start(dev);
	if (rc < 0)
		return rc;
	dev->state = UK_NETDEV_RUNNING;
	return 0;
}

bool uk_netdev_running(const struct uk_netdev *dev)
{
	return dev->state == UK_NETDEV_RUNNING;
}

static bool running_queue(const struct uk_netdev *dev, uint16_t qid,
			  uint16_t nb_queues)
{
	return dev && dev->state == UK_NETDEV_RUNNING && qid < nb_queues;
}

int uk_netdev_rx_burst(struct uk_netdev *dev, uint16_t qid,
		       struct uk_netbuf *pkts[], uint16_t count)
{
	struct uk_netdev_qstats *st;
	int n, i;

	if (!running_queue(dev, qid, dev ? dev->conf.nb_rx_queues : 0) ||
	    !pkts)
		return -UK_EINVAL;
	if (!count)
		return 0;
	n = dev->ops->rx_burst(dev, qid, pkts, count);
	if (n <= 0)
		return n;
	st = &dev->rx_stats[qid];
	st->packets += n;
	for (i = 0; i < n; i++)
		st->bytes += pkts[i]->len;
	return n;
}

int uk_netdev_tx_burst(struct uk_netdev *dev, uint16_t qid,
		       struct uk_netbuf *pkts[], uint16_t count)
{
	struct uk_netdev_qstats *st;
	struct uk_netbuf *nb;
	int n, i;

	if (!running_queue(dev, qid, dev ? dev->conf.nb_tx_queues : 0) ||
	    !pkts)
		return -UK_EINVAL;
	if (!count)
		return 0;
	n = dev->ops->tx_burst(dev, qid, pkts, count);
	st = &dev->tx_stats[qid];
	if (n < 0) {
		st->errors++;
		return n;
	}
	st->packets += n;
	st->drops += count - n;
	for (i = 0; i < n; i++)
		for (nb = pkts[i]; nb; nb = nb->next)
			st->bytes += nb->len;
	return n;
}

int uk_netdev_tx_reclaim(struct uk_netdev *dev, uint16_t qid)
{
	if (!running_queue(dev, qid, dev ? dev->conf.nb_tx_queues : 0))
		return -UK_EINVAL;
	return dev->ops->tx_reclaim(dev, qid);
}

int uk_netdev_rxq_intr_enable(struct uk_netdev *dev, uint16_t qid)
{
	if (!running_queue(dev, qid, dev ? dev->conf.nb_rx_queues : 0) ||
	    !dev->rxq_event[qid].callback)
		return -UK_EINVAL;
	return dev->ops->rxq_intr_enable(dev, qid);
}

int uk_netdev_rxq_intr_disable(struct uk_netdev *dev, uint16_t qid)
{
	if (!running_queue(dev, qid, dev ? dev->conf.nb_rx_queues : 0))
		return -UK_EINVAL;
	return dev->ops->rxq_intr_disable(dev, qid);
}

void uk_netdev_rxq_event(struct uk_netdev *dev, uint16_t qid)
{
	if (qid < UK_NETDEV_MAX_QUEUES && dev->rxq_event[qid].callback)
		dev->rxq_event[qid].callback(dev, qid,
					     dev->rxq_event[qid].cookie);
}

static void add_qstats(struct uk_netdev_stats *s, const struct uk_netdev *dev,
		       uint16_t q)
{
	const struct uk_netdev_qstats *r = &dev->rx_stats[q];
	const struct uk_netdev_qstats *t = &dev->tx_stats[q];

	s->rx_packets += r->packets;
	s->rx_bytes += r->bytes;
	s->rx_errors += r->errors;
	s->rx_drops += r->drops;
	s->tx_packets += t->packets;
	s->tx_bytes += t->bytes;
	s->tx_errors += t->errors;
	s->tx_drops += t->drops;
}

int uk_netdev_stats_get(struct uk_netdev *dev, uint16_t qid,
			struct uk_netdev_stats *stats)
{
	uint16_t q;

	if (!dev || !stats)
		return -UK_EINVAL;
	uk_memset(stats, 0, sizeof(*stats));
	if (qid == UK_NETDEV_ALL_QUEUES) {
		for (q = 0; q < UK_NETDEV_MAX_QUEUES; q++)
			add_qstats(stats, dev, q);
		return 0;
	}
	if (qid >= UK_NETDEV_MAX_QUEUES)
		return -UK_EINVAL;
	add_qstats(stats, dev, qid);
	return 0;
}
