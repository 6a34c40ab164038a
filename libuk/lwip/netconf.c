/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The network's configuration: each interface's addresses from kernel
 * arguments, or from DHCP (IPv4) and SLAAC (IPv6) by default; the
 * bounded wait for DHCP leases at boot; the files musl's resolver reads
 * (/etc/resolv.conf, /etc/hosts).
 *
 * Kernel arguments of device N: netdev.* for the first device (0),
 * netdev1.* to netdev3.* for the next three; later devices take the
 * defaults.
 *   netdevN.ip=ADDR/PREFIX | dhcp | none   IPv4 (default dhcp; /24
 *                                          when PREFIX is left out)
 *   netdevN.gw=ADDR                        IPv4 gateway of a static ip
 *   netdevN.dns=ADDR                       a DNS server, IPv4 or IPv6
 *   netdevN.ip6=ADDR/PREFIX | auto | none  IPv6 (default auto: SLAAC);
 *                                          a link-local address always
 *   netdev.dhcp_wait=SECONDS               the wait at boot (default 10)
 * A bad value is reported on the console and the default is used.
 *
 * At boot (a late init call: the initrd is unpacked by then) the stack
 * starts, every device is configured, and the boot waits until every
 * DHCP device has a lease or netdev.dhcp_wait runs out (a console line
 * says which device has none: it keeps asking in the background, the
 * image runs with what it has, loopback at least). Then
 * /etc/resolv.conf lists the netdevN.dns servers, or the lease's when
 * none was given, unless the initrd supplied one; /etc/hosts gets the
 * localhost lines when nobody made it.
 */
#include <uk/init.h>
#include <uk/param.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/semaphore.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/vfs.h>
#include <uk/plat/time.h>
#include "lwip/tcpip.h"
#include "lwip/netif.h"
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/ip_addr.h"
#include "uk_lwip.h"

#define CFG_DEVS	4
#define DNS_MAX		3	/* musl reads at most 3 nameservers */

struct devcfg {
	const char *ip;
	const char *gw;
	const char *dns;
	const char *ip6;
};

static struct devcfg cfg[CFG_DEVS];
static uint64_t dhcp_wait = 10;

#define DEV_PARAMS(lib, i)						\
	UK_PARAM(lib, ip, UK_PARAM_STR, cfg[i].ip,			\
		 "IPv4 ADDR/PREFIX, dhcp or none");			\
	UK_PARAM(lib, gw, UK_PARAM_STR, cfg[i].gw, "IPv4 gateway");	\
	UK_PARAM(lib, dns, UK_PARAM_STR, cfg[i].dns, "DNS server");	\
	UK_PARAM(lib, ip6, UK_PARAM_STR, cfg[i].ip6,			\
		 "IPv6 ADDR/PREFIX, auto or none")
DEV_PARAMS(netdev, 0);
DEV_PARAMS(netdev1, 1);
DEV_PARAMS(netdev2, 2);
DEV_PARAMS(netdev3, 3);
UK_PARAM_U64_MAX(netdev, dhcp_wait, dhcp_wait, 3600,
		 "seconds to wait for DHCP leases at boot");

/* The devices that asked DHCP for a lease, and a semaphore raised when
 * an address changes (tcpip thread). */
static struct {
	struct netif *netif;
	unsigned int idx;
} dhcp_ifs[CFG_DEVS * 4];
static unsigned int n_dhcp;
static struct uk_semaphore addr_changed = UK_SEMAPHORE_INITIALIZER(0);
static ip_addr_t dns_static[DNS_MAX];
static unsigned int n_dns_static;

static void status_changed(struct netif *netif)
{
	uk_semaphore_up(&addr_changed);
}

/*
 * "ADDR/PREFIX" (or "ADDR": @defprefix) into @buf (the address text, of
 * @size bytes) and *@prefix; false when too long or PREFIX is not a
 * number at most @max.
 */
static bool split_prefix(const char *s, char *buf, size_t size,
			 unsigned int defprefix, unsigned int max,
			 unsigned int *prefix)
{
	char *slash;
	uint64_t bits = defprefix;

	if (uk_strlcpy(buf, s, size) >= size)
		return false;
	slash = uk_strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		if (uk_parse_u64(slash + 1, &bits, false) || bits > max)
			return false;
	}
	*prefix = (unsigned int)bits;
	return true;
}

/* Only the characters of a dotted quad (@v6: of an IPv6 address): lwIP's
 * parsers stop quietly at the first other one. */
static bool addr_chars(const char *s, bool v6)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		bool hex = (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F');

		if (!(*s >= '0' && *s <= '9') && *s != '.' &&
		    !(v6 && (hex || *s == ':')))
			return false;
	}
	return true;
}

static bool parse_ip4(const char *s, ip4_addr_t *ip, ip4_addr_t *mask)
{
	char buf[32];
	unsigned int bits;

	if (!split_prefix(s, buf, sizeof(buf), 24, 32, &bits) ||
	    !addr_chars(buf, false) || !ip4addr_aton(buf, ip))
		return false;
	ip4_addr_set_u32(mask, bits ? lwip_htonl(~0u << (32 - bits)) : 0);
	return true;
}

static bool parse_ip6(const char *s, ip6_addr_t *ip)
{
	char buf[64];
	unsigned int bits;

	return split_prefix(s, buf, sizeof(buf), 64, 128, &bits) &&
	       addr_chars(buf, true) && ip6addr_aton(buf, ip) &&
	       !ip6_addr_isany(ip) &&
	       !ip6_addr_ismulticast(ip);
}

static bool is_word(const char *s, const char *word)
{
	return s && !uk_strcmp(s, word);
}

/* A static IPv4 address @c->ip of device @idx, with its gateway; false
 * (nothing set) when @c->ip is malformed. Called with the core lock. */
static bool config_static4(struct netif *netif, unsigned int idx,
			   const struct devcfg *c)
{
	ip4_addr_t ip, mask, gw;
	char gwtext[IP4ADDR_STRLEN_MAX];

	if (!parse_ip4(c->ip, &ip, &mask))
		return false;
	ip4_addr_set_zero(&gw);
	if (c->gw && (!addr_chars(c->gw, false) || !ip4addr_aton(c->gw, &gw))) {
		uk_pr_err("lwip: netdev %u: gateway '%s' is not an IPv4 address; no gateway\n",
			  idx, c->gw);
		ip4_addr_set_zero(&gw);
	}
	netif_set_addr(netif, &ip, &mask, &gw);
	ip4addr_ntoa_r(&gw, gwtext, sizeof(gwtext));
	uk_pr_info("lwip: netdev %u: %s/%d gateway %s\n", idx,
		   ip4addr_ntoa(&ip),
		   __builtin_popcount(ip4_addr_get_u32(&mask)),
		   ip4_addr_isany_val(gw) ? "none" : gwtext);
	return true;
}

/* IPv4 of device @idx: static, DHCP or none. Called with the core lock
 * held; returns true when DHCP was started. */
static bool config_ip4(struct netif *netif, unsigned int idx,
		       const struct devcfg *c)
{
	if (is_word(c->ip, "none"))
		return false;
	if (c->ip && !is_word(c->ip, "dhcp")) {
		if (config_static4(netif, idx, c))
			return false;
		uk_pr_err("lwip: netdev %u: ip '%s' is not ADDR/PREFIX (PREFIX at most 32), dhcp or none; using DHCP\n",
			  idx, c->ip);
	}
	if (c->gw)
		uk_pr_warn("lwip: netdev %u: gateway '%s' ignored: DHCP gives it\n",
			   idx, c->gw);
	if (dhcp_start(netif) != ERR_OK) {
		uk_pr_err("lwip: netdev %u: DHCP does not start\n", idx);
		return false;
	}
	return true;
}

/* IPv6 of device @idx: a link-local address, then static or SLAAC.
 * Called with the core lock held. */
static void config_ip6(struct netif *netif, unsigned int idx,
		       const struct devcfg *c)
{
	ip6_addr_t ip6;
	s8_t slot;

	if (is_word(c->ip6, "none"))
		return;
	netif_create_ip6_linklocal_address(netif, 1);
	if (c->ip6 && !is_word(c->ip6, "auto")) {
		if (parse_ip6(c->ip6, &ip6)) {
			if (netif_add_ip6_address(netif, &ip6, &slot) ==
			    ERR_OK) {
				/* configured: no duplicate detection */
				netif_ip6_addr_set_state(netif, slot,
							 IP6_ADDR_PREFERRED);
				uk_pr_info("lwip: netdev %u: %s\n", idx,
					   ip6addr_ntoa(&ip6));
				return;
			}
			uk_pr_err("lwip: netdev %u: no room for IPv6 address '%s'\n",
				  idx, c->ip6);
		} else {
			uk_pr_err("lwip: netdev %u: ip6 '%s' is not ADDR/PREFIX (PREFIX at most 128), auto or none; using SLAAC\n",
				  idx, c->ip6);
		}
	}
	netif_set_ip6_autoconfig_enabled(netif, 1);
}

static void config_dns(unsigned int idx, const struct devcfg *c)
{
	ip_addr_t dns;

	if (!c->dns)
		return;
	if (!addr_chars(c->dns, true) || !ipaddr_aton(c->dns, &dns)) {
		uk_pr_err("lwip: netdev %u: dns '%s' is not an address; ignored\n",
			  idx, c->dns);
		return;
	}
	if (n_dns_static == DNS_MAX) {
		uk_pr_err("lwip: netdev %u: dns '%s' ignored: %d servers at most\n",
			  idx, c->dns, DNS_MAX);
		return;
	}
	if (n_dns_static < DNS_MAX_SERVERS)
		dns_setserver(n_dns_static, &dns);
	dns_static[n_dns_static++] = dns;
}

void uk_lwip_netif_config(struct netif *netif, unsigned int idx)
{
	static const struct devcfg none;
	const struct devcfg *c = idx < CFG_DEVS ? &cfg[idx] : &none;

	LOCK_TCPIP_CORE();
	netif_set_status_callback(netif, status_changed);
	if (config_ip4(netif, idx, c) &&
	    n_dhcp < UK_ARRAY_SIZE(dhcp_ifs)) {
		dhcp_ifs[n_dhcp].netif = netif;
		dhcp_ifs[n_dhcp++].idx = idx;
	}
	config_ip6(netif, idx, c);
	config_dns(idx, c);
	UNLOCK_TCPIP_CORE();
}

static bool all_leased(void)
{
	bool all = true;

	LOCK_TCPIP_CORE();
	for (unsigned int i = 0; i < n_dhcp; i++)
		all = all && dhcp_supplied_address(dhcp_ifs[i].netif);
	UNLOCK_TCPIP_CORE();
	return all;
}

/* Waits (netdev.dhcp_wait) for the leases, and says what came. */
static void wait_leases(void)
{
	uint64_t t0 = ukplat_monotonic_clock();
	uint64_t deadline = t0 + dhcp_wait * 1000000000ull, ms;

	if (!n_dhcp)
		return;
	while (!all_leased() &&
	       uk_semaphore_down_until(&addr_changed, deadline) == 0)
		;
	ms = (ukplat_monotonic_clock() - t0) / 1000000;
	LOCK_TCPIP_CORE();
	for (unsigned int i = 0; i < n_dhcp; i++) {
		struct netif *n = dhcp_ifs[i].netif;
		char gw[IP4ADDR_STRLEN_MAX];

		if (!dhcp_supplied_address(n)) {
			uk_pr_warn("lwip: netdev %u: no DHCP lease after %lu s: no IPv4 address yet (DHCP goes on; loopback works)\n",
				   dhcp_ifs[i].idx, (unsigned long)dhcp_wait);
			continue;
		}
		ip4addr_ntoa_r(netif_ip4_gw(n), gw, sizeof(gw));
		uk_pr_info("lwip: netdev %u: DHCP lease %s gateway %s after %lu ms\n",
			   dhcp_ifs[i].idx, ip4addr_ntoa(netif_ip4_addr(n)),
			   gw, (unsigned long)ms);
	}
	UNLOCK_TCPIP_CORE();
}

/*
 * Writes @text to @path (in an existing directory or one made here
 * under an existing parent) unless the file exists: -EEXIST then.
 */
static int write_new(const char *dir, const char *path, const char *text)
{
	struct uk_vfs_nd nd;
	struct uk_vnode *vn;
	size_t len = uk_strlen(text);
	long r;

	r = uk_vfs_lookup(NULL, dir, UK_VFS_PARENT | UK_VFS_FOLLOW, &nd);
	if (!r && !nd.vn)
		r = uk_vfs_create(nd.dir, nd.name, nd.len,
				  UK_S_IFDIR | 0755, 0, NULL, &vn);
	if (r)
		return (int)r;
	r = uk_vfs_lookup(NULL, path, UK_VFS_PARENT, &nd);
	if (r)
		return (int)r;
	if (nd.vn)
		return -UK_EEXIST;
	r = uk_vfs_create(nd.dir, nd.name, nd.len, UK_S_IFREG | 0644, 0, NULL,
			  &vn);
	if (!r)
		r = uk_vfs_write(vn, text, len, 0);
	return r < 0 ? (int)r : (size_t)r == len ? 0 : -UK_EIO;
}

/* The DNS servers: netdevN.dns, or else those DHCP gave lwIP. */
static unsigned int dns_servers(ip_addr_t *out)
{
	unsigned int n = 0;

	if (n_dns_static) {
		uk_memcpy(out, dns_static, n_dns_static * sizeof(*out));
		return n_dns_static;
	}
	LOCK_TCPIP_CORE();
	for (u8_t i = 0; i < DNS_MAX_SERVERS && n < DNS_MAX; i++) {
		const ip_addr_t *a = dns_getserver(i);

		if (!ip_addr_isany(a))
			out[n++] = *a;
	}
	UNLOCK_TCPIP_CORE();
	return n;
}

static void write_resolv_conf(void)
{
	static const char head[] = "# libuk: from netdev.dns or DHCP\n";
	char text[sizeof(head) + DNS_MAX * (12 + IPADDR_STRLEN_MAX)];
	ip_addr_t dns[DNS_MAX];
	unsigned int n = dns_servers(dns);
	size_t len;
	int r;

	if (!n)
		return;
	len = uk_strlcpy(text, head, sizeof(text));
	for (unsigned int i = 0; i < n; i++) {
		char a[IPADDR_STRLEN_MAX];

		ipaddr_ntoa_r(&dns[i], a, sizeof(a));
		len += uk_snprintf(text + len, sizeof(text) - len,
				   "nameserver %s\n", a);
	}
	r = write_new("/etc", "/etc/resolv.conf", text);
	if (r == -UK_EEXIST)
		uk_pr_info("lwip: /etc/resolv.conf exists (initrd): kept\n");
	else if (r)
		uk_pr_err("lwip: cannot write /etc/resolv.conf (%d)\n", r);
}

static void write_hosts(void)
{
	int r = write_new("/etc", "/etc/hosts",
			  "127.0.0.1\tlocalhost\n"
			  "::1\tlocalhost ip6-localhost ip6-loopback\n");

	if (r && r != -UK_EEXIST)
		uk_pr_err("lwip: cannot write /etc/hosts (%d)\n", r);
}

/* After all devices are configured: the bounded wait, then /etc. */
void uk_lwip_netconf_done(void)
{
	wait_leases();
	uk_preempt_disable();	/* the VFS expects no preemption */
	write_hosts();
	write_resolv_conf();
	uk_preempt_enable();
}

/* An image that links the stack (it calls socket()) has its network
 * configured before main(). */
static int net_boot(void)
{
	uk_lwip_start();
	return 0;
}
uk_late_initcall(net_boot);
