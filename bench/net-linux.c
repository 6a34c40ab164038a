/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/net, the Linux VM side: /init of the reference VM (linked with
 * bench/vm/init.c), the same measurement as bench/net.c through an
 * AF_PACKET socket on eth0 (sendmmsg/recvmmsg, 32 frames per call, as
 * libuk's bursts of 32).
 *
 *   /init tx N | rx N
 *
 * It first loads the virtio modules the initramfs holds (/NAME.ko, in
 * passes until none loads any more: the order of dependencies need not
 * be known), waits for eth0 and brings it up.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netpacket/packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "vm/netup.h"

#define ETHERTYPE	0x88b5
#define BURST		32

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int sock;
static unsigned char mac[6];

static int setup(void)
{
	struct sockaddr_ll sll = { 0 };
	struct ifreq ifr = { 0 };
	unsigned int idx = 0;
	int s;

	netup_load_modules();
	idx = netup_wait("eth0");
	if (!idx)
		return -1;
	s = socket(AF_INET, SOCK_DGRAM, 0);
	strcpy(ifr.ifr_name, "eth0");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0 || ioctl(s, SIOCGIFHWADDR, &ifr))
		return -1;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(s);
	sock = socket(AF_PACKET, SOCK_RAW, htons(ETHERTYPE));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETHERTYPE);
	sll.sll_ifindex = (int)idx;
	if (sock < 0 || bind(sock, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("net-linux: AF_PACKET");
		return -1;
	}
	return 0;
}

static void frame(unsigned char *f, const char *tag, unsigned int seq)
{
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	f[12] = ETHERTYPE >> 8;
	f[13] = ETHERTYPE & 0xff;
	memset(f + 14, 0, 46);
	memcpy(f + 14, tag, 4);
	memcpy(f + 18, &seq, 4);
}

static int tx(unsigned long n)
{
	static unsigned char f[BURST][60];
	struct mmsghdr m[BURST];
	struct iovec iov[BURST];
	unsigned long sent = 0;
	double t0;
	int i, k, r;

	memset(m, 0, sizeof(m));
	for (i = 0; i < BURST; i++) {
		iov[i].iov_base = f[i];
		iov[i].iov_len = 60;
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = now();
	while (sent < n) {
		k = n - sent < BURST ? (int)(n - sent) : BURST;
		for (i = 0; i < k; i++)
			frame(f[i], "DATA", (unsigned int)(sent + i));
		r = sendmmsg(sock, m, (unsigned int)k, 0);
		if (r < 0 && errno == ENOBUFS)
			continue;	/* the queue was full: send again */
		if (r < 0) {
			perror("net-linux: sendmmsg");
			return 1;
		}
		sent += (unsigned long)r;
	}
	printf("result net_tx_pps %.0f pps\n", n / (now() - t0));
	return 0;
}

static int rx(unsigned long n)
{
	static unsigned char f[BURST][2048];
	struct mmsghdr m[BURST];
	struct iovec iov[BURST];
	unsigned long got = 0;
	double t0 = 0;
	int i, r;

	memset(m, 0, sizeof(m));
	for (i = 0; i < BURST; i++) {
		iov[i].iov_base = f[i];
		iov[i].iov_len = sizeof(f[i]);
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
	}
	while (got < n) {
		r = recvmmsg(sock, m, BURST, MSG_WAITFORONE, NULL);
		if (r < 0) {
			perror("net-linux: recvmmsg");
			return 1;
		}
		for (i = 0; i < r; i++)
			if (m[i].msg_len >= 18 && !memcmp(f[i] + 14, "DATA", 4) &&
			    !got++)
				t0 = now();
	}
	printf("result net_rx_pps %.0f pps\n", (n - 1) / (now() - t0));
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char f[60];
	unsigned long n;

	if (argc != 3 || (strcmp(argv[1], "tx") && strcmp(argv[1], "rx"))) {
		fprintf(stderr, "usage: net tx|rx N\n");
		return 1;
	}
	n = strtoul(argv[2], NULL, 10);
	if (n < 2 || setup())
		return 1;
	frame(f, "HELO", 0);
	if (send(sock, f, sizeof(f), 0) < 0) {
		perror("net-linux: send");
		return 1;
	}
	return argv[1][0] == 't' ? tx(n) : rx(n);
}
