/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TCP checksums left to the device (netif.c, when the netdev offers
 * both UK_NETDEV_OFFLOAD_TX_CSUM and RX_CSUM): lwIP neither computes nor
 * checks them on that interface, so these two functions stand in.
 *
 * Transmit: the device sums the segment from csum_start and adds the sum
 * into the checksum field, which must hold the pseudo-header's sum (as
 * Linux's CHECKSUM_PARTIAL has it). Receive: a frame the device
 * validated (CSUM_VALID) or that a local peer left partial
 * (CSUM_PARTIAL: never on a wire) passes; any other TCP segment is
 * checked here. UDP, ICMP and the IP header stay lwIP's: lwIP's UDP may
 * be fragmented, and a fragment cannot carry a datagram's partial sum;
 * a partial UDP frame is completed here so that lwIP's check holds.
 *
 * Not checked: TCP inside IPv4 fragments or behind an IPv6 extension
 * header other than hop-by-hop, routing and destination options (lwIP
 * reassembles them; neither happens with Linux peers, which set DF and
 * send TCP without extension headers).
 */
#include <uk/netdev.h>
#include "uk_lwip.h"

#define ETH_HLEN	14
#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86dd
#define PROTO_TCP	6
#define PROTO_UDP	17
#define TCP_CSUM_OFF	16
#define UDP_CSUM_OFF	6

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* One's complement sum of @len bytes at @p, big-endian, added to @sum;
 * not folded. */
static uint32_t sum_bytes(const uint8_t *p, uint32_t len, uint32_t sum)
{
	uint32_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += be16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

struct l4 {
	uint32_t off;		/* the transport header, from the frame */
	uint32_t len;		/* its bytes to the end of the IP payload */
	uint8_t proto;
	uint32_t pseudo;	/* the pseudo-header's sum, not folded */
};

/*
 * Finds the transport header of the IPv4 or IPv6 packet in frame @f of
 * @len bytes: false for anything else, a truncated packet or an IPv4
 * fragment.
 */
static bool find_l4(const uint8_t *f, uint32_t len, struct l4 *t)
{
	const uint8_t *ip = f + ETH_HLEN;

	if (len < ETH_HLEN + 20)
		return false;
	if (be16(f + 12) == ETH_P_IP) {
		uint32_t ihl = (ip[0] & 15) * 4, tot = be16(ip + 2);

		if ((ip[0] >> 4) != 4 || ihl < 20 || tot < ihl ||
		    ETH_HLEN + tot > len || (be16(ip + 6) & 0x3fff))
			return false;
		t->off = ETH_HLEN + ihl;
		t->len = tot - ihl;
		t->proto = ip[9];
		t->pseudo = sum_bytes(ip + 12, 8, t->proto + t->len);
		return true;
	}
	if (be16(f + 12) == ETH_P_IPV6) {
		uint32_t plen, off = ETH_HLEN + 40;
		uint8_t nh;

		if (len < off || (ip[0] >> 4) != 6)
			return false;
		plen = be16(ip + 4);
		if (ETH_HLEN + 40 + plen > len)
			return false;
		nh = ip[6];
		/* hop-by-hop, routing, destination options */
		while (nh == 0 || nh == 43 || nh == 60) {
			if (off + 8 > ETH_HLEN + 40 + plen)
				return false;
			nh = f[off];
			off += (f[off + 1] + 1) * 8u;
		}
		if (off > ETH_HLEN + 40 + plen)
			return false;
		t->off = off;
		t->len = ETH_HLEN + 40 + plen - off;
		t->proto = nh;
		t->pseudo = sum_bytes(ip + 8, 32, t->proto + t->len);
		return true;
	}
	return false;
}

bool uk_lwip_csum_tx(struct uk_netbuf *nb)
{
	uint8_t *f = nb->data;
	struct l4 t;
	uint16_t seed;

	if (!find_l4(f, nb->len, &t) || t.proto != PROTO_TCP || t.len < 20)
		return false;
	seed = fold(t.pseudo);
	f[t.off + TCP_CSUM_OFF] = (uint8_t)(seed >> 8);
	f[t.off + TCP_CSUM_OFF + 1] = (uint8_t)seed;
	nb->flags |= UK_NETBUF_F_CSUM_PARTIAL;
	nb->csum_start = (uint16_t)t.off;
	nb->csum_offset = TCP_CSUM_OFF;
	return true;
}

bool uk_lwip_csum_rx(struct uk_netbuf *nb)
{
	uint8_t *f = nb->data;
	struct l4 t;

	if (nb->flags & UK_NETBUF_F_CSUM_VALID)
		return true;
	if (nb->flags & UK_NETBUF_F_CSUM_PARTIAL) {
		uint32_t at = (uint32_t)nb->csum_start + nb->csum_offset;
		uint32_t end = nb->len;	/* without Ethernet padding: */
		bool ip = find_l4(f, nb->len, &t);
		uint16_t sum;

		/* TCP: lwIP does not check it; else complete it for lwIP */
		if (ip && t.proto == PROTO_TCP && nb->csum_start == t.off &&
		    nb->csum_offset == TCP_CSUM_OFF)
			return true;
		if (ip && nb->csum_start == t.off)
			end = t.off + t.len;	/* the IP payload's end */
		if (at + 2 > end)
			return false;
		sum = (uint16_t)~fold(sum_bytes(f + nb->csum_start,
						end - nb->csum_start, 0));
		if (ip && t.proto == PROTO_UDP && !sum)
			sum = 0xffff;	/* 0 means "no checksum" in UDP */
		f[at] = (uint8_t)(sum >> 8);
		f[at + 1] = (uint8_t)sum;
		return true;
	}
	if (!find_l4(f, nb->len, &t) || t.proto != PROTO_TCP)
		return true;	/* lwIP checks the rest itself */
	return t.len >= 20 &&
	       fold(sum_bytes(f + t.off, t.len, t.pseudo)) == 0xffff;
}
