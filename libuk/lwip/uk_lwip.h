/* SPDX-License-Identifier: BSD-3-Clause */
/* Between the parts of libuk/lwip. */
#ifndef UK_LWIP_H
#define UK_LWIP_H

#include <stdbool.h>

/* Starts lwIP and brings up loopback and every netdev, once; later calls
 * return at once. Called at boot (netconf.c, a late init call) and by
 * socket(). */
void uk_lwip_start(void);

/* netconf.c: the configuration of the interface of netdev @idx, from
 * kernel arguments (static, DHCP, SLAAC); called once it is up. */
struct netif;
void uk_lwip_netif_config(struct netif *netif, unsigned int idx);
/* netconf.c: once every netdev is configured: waits (bounded) for the
 * DHCP leases, then writes /etc/resolv.conf and /etc/hosts if absent. */
void uk_lwip_netconf_done(void);

/*
 * csum.c, for an interface whose device does the TCP checksums:
 * uk_lwip_csum_tx() marks a TCP frame for the device (CSUM_PARTIAL, the
 * pseudo-header's sum in the checksum field; false: not TCP, nothing
 * changed); uk_lwip_csum_rx() says whether a received frame may go up
 * (false: a TCP segment with a bad checksum, or bad offsets), and
 * completes a partial checksum that lwIP will check (UDP, ICMP).
 */
struct uk_netbuf;
bool uk_lwip_csum_tx(struct uk_netbuf *nb);
bool uk_lwip_csum_rx(struct uk_netbuf *nb);

#endif /* UK_LWIP_H */
