/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Server tuning of lwIP's TCP: what TIME_WAIT does to a server that
 * closes many connections.
 *
 * A server that closes first keeps each connection in TIME_WAIT for
 * 2 * TCP_MSL (lwipopts.h: 60 s, as Linux). Two things go wrong with
 * lwIP as it is:
 *  - a client that reuses its port (a NAT such as QEMU's user
 *    networking, a load generator cycling through its ports) sends a
 *    SYN that hits the TIME_WAIT PCB; lwIP answers it with an ACK, the
 *    client resets, and the connection cannot be made until the PCB
 *    expires. Linux accepts such a SYN when its sequence number is past
 *    the old connection's (RFC 1122 4.2.2.13); so does this hook.
 *  - every segment that matches no open connection (each SYN) is
 *    compared with every TIME_WAIT PCB, and PCBs are allocated without
 *    limit (MEMP_MEM_MALLOC), so under a constant rate of new
 *    connections the list grows to rate * 60 s and each SYN costs that
 *    many comparisons: throughput collapses. The list is kept to
 *    lwip.tw_max PCBs (kernel argument; default 1024), the oldest
 *    dropped first, as lwIP does itself when its PCB pool is empty.
 *
 * Both happen in LWIP_HOOK_IP4_INPUT, which sees each IPv4 packet before
 * lwIP does, in the tcpip thread (the core lock held).
 */
#include <uk/param.h>
#include "lwip/opt.h"
#include "lwip/ip.h"
#include "lwip/prot/ip4.h"
#include "lwip/prot/tcp.h"
#include "lwip/pbuf.h"
#include "lwip/netif.h"
#include "lwip/priv/tcp_priv.h"
#include "uk_lwip.h"

static uint64_t tw_max = 1024;
UK_PARAM_U64_MAX(lwip, tw_max, tw_max, 1 << 20,
		 "TCP connections kept in TIME_WAIT at most (oldest dropped)");

int uk_lwip_ip4_input_hook(struct pbuf *p, struct netif *inp)
{
	const struct ip_hdr *ip = p->payload;
	const struct tcp_hdr *th;
	struct tcp_pcb *pcb, *last = NULL;
	uint16_t hlen;
	uint64_t n = 0;
	uint32_t seq;

	LWIP_UNUSED_ARG(inp);
	if (p->len < IP_HLEN || IPH_PROTO(ip) != IP_PROTO_TCP)
		return 0;
	hlen = (uint16_t)(IPH_HL_BYTES(ip));
	if (hlen < IP_HLEN || p->len < hlen + TCP_HLEN ||
	    (IPH_OFFSET(ip) & PP_HTONS(IP_OFFMASK | IP_MF)))
		return 0;
	th = (const struct tcp_hdr *)((const uint8_t *)ip + hlen);
	if ((TCPH_FLAGS(th) & (TCP_SYN | TCP_ACK | TCP_RST)) != TCP_SYN)
		return 0;
	seq = lwip_ntohl(th->seqno);
	for (pcb = tcp_tw_pcbs; pcb; pcb = pcb->next) {
		n++;
		if (pcb->remote_port == lwip_ntohs(th->src) &&
		    pcb->local_port == lwip_ntohs(th->dest) &&
		    ip_2_ip4(&pcb->remote_ip)->addr == ip->src.addr &&
		    ip_2_ip4(&pcb->local_ip)->addr == ip->dest.addr) {
			/* a new connection on the same ports: the old one's
			 * TIME_WAIT ends now if the SYN is past it */
			if (TCP_SEQ_GT(seq, pcb->rcv_nxt))
				tcp_abort(pcb);
			return 0;
		}
		last = pcb;
	}
	/* new PCBs go to the head: the oldest is the last */
	if (n > tw_max && last)
		tcp_abort(last);
	return 0;
}
