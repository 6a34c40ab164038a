/* SPDX-License-Identifier: BSD-3-Clause */
/* Between the parts of libuk/lwip. */
#ifndef UK_LWIP_H
#define UK_LWIP_H

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

#endif /* UK_LWIP_H */
