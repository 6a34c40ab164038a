/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The network stack's start and its interfaces: lwIP's tcpip thread,
 * loopback (lwIP's own, 127.0.0.1, always), and one interface per
 * netdev over the netdev API (uk/netdev.h).
 *
 * Receive is zero copy: the RX ring is filled with custom pbufs whose
 * memory holds the netbuf, the driver's headroom and the frame; a filled
 * netbuf goes to tcpip_input as it is, and lwIP frees the whole block
 * when it is done. Each device has an RX thread that drains the queue,
 * then sleeps on a semaphore that the queue's interrupt raises.
 * Transmit lends a single pbuf that owns its memory to the device (lwIP
 * leaves PBUF_LINK_ENCAPSULATION_HLEN bytes before the Ethernet header
 * for the driver's header) and takes it back when the device is done;
 * a chain, or a pbuf without that room, is copied into one netbuf.
 * TCP checksums are left to a device that offers checksum offload both
 * ways (csum.c; lwip.csum_offload=0 keeps them lwIP's); lwIP computes
 * and checks every other checksum, and all of them on other devices.
 *
 * Addresses (kernel arguments, DHCP, SLAAC) are netconf.c's.
 */
#include <uk/alloc.h>
#include <stdlib.h>	/* the shim: uk_lwip_malloc, uk_lwip_free */
#include <uk/netdev.h>
#include <uk/print.h>
#include <uk/param.h>
#include <uk/semaphore.h>
#include <uk/thread.h>
#include <uk/string.h>
#include <uk/errno.h>
#include "lwip/tcpip.h"
#include "lwip/timeouts.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/etharp.h"
#include "netif/ethernet.h"
#include "lwip/ethip6.h"
#include "lwip/init.h"
#include "uk_lwip.h"

#define RX_BURST	32
#define TX_BURST_TRIES	1000

struct ukif {
	struct netif netif;
	struct uk_netdev *dev;
	struct uk_netdev_info info;
	struct uk_semaphore rx_sem;
	uint32_t rx_buflen;
	unsigned int tx_out;	/* lent pbufs the device still holds */
	bool tx_timer;		/* reclaim_tmr is armed */
	bool csum;		/* the device does the TCP checksums */
	unsigned long rx_bad_csum;	/* TCP segments dropped for it */
};

static bool csum_offload = true;
UK_PARAM(lwip, csum_offload, UK_PARAM_BOOL, csum_offload,
	 "leave TCP checksums to a device that offers offload both ways");

struct rxbuf {
	struct pbuf_custom pc;
	struct uk_netbuf nb;
	/* headroom and frame follow */
};

static void rxbuf_free(struct pbuf *p)
{
	uk_lwip_free(p);	/* p is the block's start */
}

static uint16_t rx_alloc(void *argp, struct uk_netbuf *nb[], uint16_t count)
{
	struct ukif *uif = argp;
	uint32_t head = uif->info.rx_headroom;
	uint16_t i;

	for (i = 0; i < count; i++) {
		struct rxbuf *b = uk_lwip_malloc(sizeof(*b) + head +
						  uif->rx_buflen);

		if (!b)
			break;
		b->pc.custom_free_function = rxbuf_free;
		uk_netbuf_init(&b->nb, b + 1, head + uif->rx_buflen, head,
			       NULL, b);
		nb[i] = &b->nb;
	}
	return i;
}

static void rx_event(struct uk_netdev *dev, uint16_t qid, void *cookie)
{
	struct ukif *uif = cookie;

	uk_semaphore_up(&uif->rx_sem);
}

static void *rx_thread(void *arg)
{
	struct ukif *uif = arg;
	struct uk_netbuf *pkts[RX_BURST];

	for (;;) {
		int n = uk_netdev_rx_burst(uif->dev, 0, pkts, RX_BURST);

		for (int i = 0; i < n; i++) {
			struct rxbuf *b = pkts[i]->priv;
			struct pbuf *p;

			if (uif->csum && !uk_lwip_csum_rx(pkts[i])) {
				if (!uif->rx_bad_csum++)
					uk_pr_warn("lwip: a TCP segment with a bad checksum dropped\n");
				rxbuf_free((struct pbuf *)b);
				continue;
			}
			p = pbuf_alloced_custom(PBUF_RAW,
				(u16_t)pkts[i]->len, PBUF_REF, &b->pc,
				pkts[i]->data, (u16_t)pkts[i]->len);

			if (!p || uif->netif.input(p, &uif->netif) != ERR_OK) {
				if (p)
					pbuf_free(p);
				else
					rxbuf_free((struct pbuf *)b);
			}
		}
		if (n > 0)
			continue;
		if (uk_netdev_rxq_intr_enable(uif->dev, 0) == 1)
			continue;
		uk_semaphore_down(&uif->rx_sem);
	}
	return NULL;
}

static void tx_free(struct uk_netbuf *nb)
{
	uk_lwip_free(nb);
}

static bool tx_zerocopy = true;
UK_PARAM(lwip, tx_zerocopy, UK_PARAM_BOOL, tx_zerocopy,
	 "transmit lwIP's buffers in place (0: copy each packet)");

static unsigned long tx_lent;	/* packets transmitted in place */

#define TX_RECLAIM_MS	20

/* A lent pbuf comes back: lwIP may reuse or free it. nb->priv is the
 * pbuf; the interface's pointer follows the netbuf. */
static void tx_free_lent(struct uk_netbuf *nb)
{
	struct ukif *uif = *(struct ukif **)(nb + 1);

	uif->tx_out--;
	pbuf_free(nb->priv);
	uk_lwip_free(nb);
}

/* lwIP's timer (tcpip thread, core locked) while the device holds lent
 * pbufs: the driver gives sent buffers back only when asked (at the next
 * transmit), and TCP does not retransmit a segment the device still
 * holds, so without it a connection whose last segment was lost would
 * wait for a transmit that never comes */
static void reclaim_tmr(void *arg)
{
	struct ukif *uif = arg;

	uk_netdev_tx_reclaim(uif->dev, 0);
	uif->tx_timer = uif->tx_out > 0;
	if (uif->tx_timer)
		sys_timeout(TX_RECLAIM_MS, reclaim_tmr, uif);
}

/* A netbuf over @p's own memory, @head bytes before its payload free for
 * the driver's header, or NULL. Only one pbuf whose memory is its own
 * (PBUF_RAM, PBUF_POOL: the data follows the struct; PBUF_REF and
 * PBUF_ROM point at memory that may change) is lent. lwIP's TCP does not
 * retransmit a segment while its pbuf is referenced elsewhere
 * (tcp_output_segment_busy), so the device reads it unchanged. */
static struct uk_netbuf *tx_lend(struct ukif *uif, struct pbuf *p,
				 uint32_t head)
{
	struct uk_netbuf *nb;
	uint8_t *start = (uint8_t *)(p + 1);

	if (!tx_zerocopy || p->next || p->len != p->tot_len ||
	    pbuf_match_allocsrc(p, PBUF_REF) ||
	    (uint8_t *)p->payload < start + head)
		return NULL;
	nb = uk_lwip_malloc(sizeof(*nb) + sizeof(uif));
	if (!nb)
		return NULL;
	*(struct ukif **)(nb + 1) = uif;
	uif->tx_out++;
	uk_netbuf_init(nb, (uint8_t *)p->payload - head, head + p->len, head,
		       tx_free_lent, p);
	nb->len = p->len;
	pbuf_ref(p);
	if (!tx_lent++)
		uk_pr_info("lwip: transmitting lwIP's buffers in place\n");
	return nb;
}

static err_t linkoutput(struct netif *netif, struct pbuf *p)
{
	struct ukif *uif = (struct ukif *)netif;
	uint32_t head = uif->info.tx_headroom;
	struct uk_netbuf *nb = tx_lend(uif, p, head);
	int rc = 0;

	if (!nb) {
		nb = uk_lwip_malloc(sizeof(*nb) + head + p->tot_len);
		if (!nb)
			return ERR_MEM;
		uk_netbuf_init(nb, nb + 1, head + p->tot_len, head, tx_free,
			       NULL);
		pbuf_copy_partial(p, nb->data, p->tot_len, 0);
		nb->len = p->tot_len;
	}
	if (uif->csum)
		uk_lwip_csum_tx(nb);
	/* a full ring frees up as the device sends: reclaim and retry */
	for (int i = 0; i < TX_BURST_TRIES; i++) {
		rc = uk_netdev_tx_burst(uif->dev, 0, &nb, 1);
		if (rc != 0)
			break;
		uk_netdev_tx_reclaim(uif->dev, 0);
	}
	if (rc != 1) {
		(nb->free)(nb);	/* not the shim's free() macro */
		return rc < 0 ? ERR_ARG : ERR_MEM;
	}
	if (uif->tx_out && !uif->tx_timer) {
		uif->tx_timer = true;
		sys_timeout(TX_RECLAIM_MS, reclaim_tmr, uif);
	}
	return ERR_OK;
}

static err_t ukif_init(struct netif *netif)
{
	struct ukif *uif = (struct ukif *)netif;

	netif->name[0] = 'e';
	netif->name[1] = 'n';
	netif->output = etharp_output;
	netif->output_ip6 = ethip6_output;
	netif->linkoutput = linkoutput;
	netif->mtu = uk_netdev_mtu_get(uif->dev);
	netif->hwaddr_len = ETH_HWADDR_LEN;
	uk_memcpy(netif->hwaddr, uk_netdev_hwaddr_get(uif->dev)->addr,
		  ETH_HWADDR_LEN);
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		       NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP |
		       NETIF_FLAG_MLD6;
	if (uif->csum)
		NETIF_SET_CHECKSUM_CTRL(netif, NETIF_CHECKSUM_ENABLE_ALL &
					~(NETIF_CHECKSUM_GEN_TCP |
					  NETIF_CHECKSUM_CHECK_TCP));
	return ERR_OK;
}

/* Starts @dev's single queue pair in interrupt mode (polling when the
 * device cannot interrupt), with checksum offload both ways when it
 * offers it. */
static int dev_start(struct ukif *uif)
{
	struct uk_netdev_conf conf = { .nb_rx_queues = 1, .nb_tx_queues = 1 };
	struct uk_netdev_rxq_conf rxc = {
		.alloc_rxpkts = rx_alloc,
		.alloc_rxpkts_argp = uif,
	};
	struct uk_netdev_txq_conf txc = { 0 };
	int rc;

	const uint32_t csum = UK_NETDEV_OFFLOAD_TX_CSUM |
			      UK_NETDEV_OFFLOAD_RX_CSUM;

	uk_netdev_info_get(uif->dev, &uif->info);
	uif->rx_buflen = uif->info.rx_buflen_min;
	if (csum_offload && (uif->info.offloads & csum) == csum)
		conf.offloads = csum;
	if (uif->info.rx_intr) {
		rxc.callback = rx_event;
		rxc.callback_cookie = uif;
	}
	rc = uk_netdev_configure(uif->dev, &conf);
	uif->csum = !rc && (uk_netdev_offloads(uif->dev) & csum) == csum;
	if (!rc)
		rc = uk_netdev_rxq_configure(uif->dev, 0, &rxc);
	if (!rc)
		rc = uk_netdev_txq_configure(uif->dev, 0, &txc);
	if (!rc)
		rc = uk_netdev_start(uif->dev);
	return rc;
}

static void add_netdev(unsigned int idx)
{
	struct ukif *uif = uk_lwip_calloc(1, sizeof(*uif));
	int rc;

	if (!uif)
		return;
	uif->dev = uk_netdev_get(idx);
	uk_semaphore_init(&uif->rx_sem, 0);
	rc = dev_start(uif);
	if (rc) {
		uk_pr_err("lwip: netdev %u does not start (%d)\n", idx, rc);
		uk_lwip_free(uif);
		return;
	}
	if (uif->csum)
		uk_pr_info("lwip: netdev %u: TCP checksums offloaded to the device\n",
			   idx);
	LOCK_TCPIP_CORE();
	netif_add_noaddr(&uif->netif, uif, ukif_init, tcpip_input);
	if (idx == 0)
		netif_set_default(&uif->netif);
	netif_set_up(&uif->netif);
	UNLOCK_TCPIP_CORE();
	if (!uk_thread_create("lwip-rx", rx_thread, uif, NULL))
		uk_pr_err("lwip: no RX thread for netdev %u\n", idx);
	uk_lwip_netif_config(&uif->netif, idx);
}

static void tcpip_ready(void *arg)
{
	uk_semaphore_up(arg);
}

static bool started;

void uk_lwip_start(void)
{
	struct uk_semaphore ready;

	if (started)
		return;
	started = true;
	uk_semaphore_init(&ready, 0);
	tcpip_init(tcpip_ready, &ready);
	uk_semaphore_down(&ready);
	for (unsigned int i = 0; i < uk_netdev_count(); i++)
		add_netdev(i);
	uk_lwip_netconf_done();
}
