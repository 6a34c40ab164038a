/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's options for libuk: the full stack (NO_SYS=0) with its tcpip
 * thread on the libuk scheduler, the socket API under lwip_* names (the
 * Linux system calls in socket.c translate), IPv4 with loopback, ARP,
 * ICMP, UDP, TCP and DNS. Memory comes from the default allocator
 * (MEM_LIBC_MALLOC, MEMP_MEM_MALLOC): no static pools, so the image's
 * size does not depend on these limits. Tuned for servers: a backlog,
 * many PCBs, TIME_WAIT PCBs reused when PCBs run out (lwIP does so for
 * the oldest TIME_WAIT one on allocation failure).
 */
#ifndef UK_LWIPOPTS_H
#define UK_LWIPOPTS_H

#define NO_SYS				0
#define SYS_LIGHTWEIGHT_PROT		1
#define LWIP_TCPIP_CORE_LOCKING		1
#define LWIP_TCPIP_CORE_LOCKING_INPUT	0
#define LWIP_NETCONN_FULLDUPLEX		0

#define MEM_LIBC_MALLOC			1
#define MEMP_MEM_MALLOC			1
#define MEM_ALIGNMENT			8
#define MEM_SIZE			(1024 * 1024)

#define LWIP_IPV4			1
#define LWIP_ARP			1
#define LWIP_ETHERNET			1
#define LWIP_ICMP			1
#define LWIP_RAW			0
#define LWIP_UDP			1
#define LWIP_TCP			1
#define LWIP_DNS			1
#define LWIP_IGMP			0
#define LWIP_HAVE_LOOPIF		1
#define LWIP_NETIF_LOOPBACK		1
#define LWIP_LOOPBACK_MAX_PBUFS		0
#define LWIP_SINGLE_NETIF		0
#define IP_REASSEMBLY			1
#define IP_FRAG				1

#define LWIP_SOCKET			1
#define LWIP_NETCONN			1
#define LWIP_COMPAT_SOCKETS		0
#define LWIP_POSIX_SOCKETS_IO_NAMES	0
#define LWIP_SOCKET_SELECT		1
#define LWIP_SOCKET_POLL		1
#define LWIP_SO_RCVTIMEO		1
#define LWIP_SO_SNDTIMEO		1
#define LWIP_SO_RCVBUF			1
#define LWIP_SO_LINGER			1
#define SO_REUSE			1
#define LWIP_TCP_KEEPALIVE		1
#define LWIP_FIONREAD_LINUXMODE		1
#define LWIP_SOCKET_OFFSET		0
#define MEMP_NUM_NETCONN		256
#define MEMP_NUM_TCP_PCB		256
#define MEMP_NUM_TCP_PCB_LISTEN		32
#define MEMP_NUM_UDP_PCB		32
#define MEMP_NUM_TCP_SEG		1024
#define MEMP_NUM_NETBUF			64
#define MEMP_NUM_TCPIP_MSG_INPKT	256
#define PBUF_POOL_SIZE			256
#define TCP_LISTEN_BACKLOG		1
#define TCP_DEFAULT_LISTEN_BACKLOG	128
#define TCP_MSS				1460
#define TCP_WND				(32 * TCP_MSS)
#define TCP_SND_BUF			(32 * TCP_MSS)
#define TCP_SND_QUEUELEN		(4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ			1
#define LWIP_WND_SCALE			1
#define TCP_RCV_SCALE			2
#define DEFAULT_ACCEPTMBOX_SIZE		128
#define DEFAULT_TCP_RECVMBOX_SIZE	128
#define DEFAULT_UDP_RECVMBOX_SIZE	128
#define TCPIP_MBOX_SIZE			256
#define TCPIP_THREAD_STACKSIZE		(64 * 1024)
#define TCPIP_THREAD_PRIO		16
#define DEFAULT_THREAD_STACKSIZE	(64 * 1024)
#define LWIP_NETIF_API			1
#define LWIP_NETIF_HOSTNAME		0

/* the netdev does the checksums it offers (netif.c switches these per
 * device through NETIF_CHECKSUM_SET) */
#define LWIP_CHECKSUM_CTRL_PER_NETIF	1
#define LWIP_CHECKSUM_ON_COPY		0

/* Debian's patched sockets.c leaves these to the port: lwIP's own
 * sockaddr has a length byte */
#define IP4ADDR_SOCKADDR_SET_LEN(sin) \
	((sin)->sin_len = sizeof(struct sockaddr_in))
#define IPADDR_SOCKADDR_GET_LEN(addr)	((addr)->sa.sa_len)

/* Addressing and naming (netconf.c): DHCP, IPv6 with SLAAC, an
 * interface status callback for the wait for leases. No ARP probe of
 * the offered address (it costs 0.5 s of boot). */
#define LWIP_DHCP			1
#define DHCP_DOES_ARP_CHECK		0
#define LWIP_IPV6			1
#define LWIP_IPV6_AUTOCONFIG		1
#define LWIP_IPV6_MLD			1
#define LWIP_ICMP6			1
#define LWIP_IPV6_FRAG			1
#define LWIP_IPV6_REASS			1
#define IPV6_FRAG_COPYHEADER		1	/* 64-bit pointers */
#define LWIP_NETIF_STATUS_CALLBACK	1
#define IP6ADDR_SOCKADDR_SET_LEN(sin6) \
	((sin6)->sin6_len = sizeof(struct sockaddr_in6))

/* --- server tuning (libuk/lwip/server.c) --- */
/* TIME_WAIT lasts 2 * TCP_MSL: 60 s, as on Linux */
#define TCP_MSL				30000UL
/* a SYN on a TIME_WAIT connection's ports opens a new one; TIME_WAIT
 * PCBs kept to lwip.tw_max */
struct pbuf;
struct netif;
int uk_lwip_ip4_input_hook(struct pbuf *p, struct netif *inp);
#define LWIP_HOOK_IP4_INPUT(p, inp)	uk_lwip_ip4_input_hook(p, inp)
/* room before the Ethernet header for the device's own header (the
 * virtio-net header is 10-12 bytes): netif.c then transmits the pbuf
 * in place */
#define PBUF_LINK_ENCAPSULATION_HLEN	16
/* --- end of server tuning --- */

#define LWIP_STATS			0
#define LWIP_PROVIDE_ERRNO		1
#define LWIP_RAND()			uk_lwip_rand()
unsigned int uk_lwip_rand(void);

#endif /* UK_LWIPOPTS_H */
