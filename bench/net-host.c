/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/net, the host side: the other end of QEMU's -netdev dgram on
 * 127.0.0.1 for both VMs.
 *
 *   net-host PORTFILE rx|tx SECONDS
 *
 * Binds 127.0.0.1:0 and writes the port to PORTFILE (bench/net gives it
 * to QEMU as the remote port), then waits for the guest's "hello" frame
 * (EtherType 0x88b5), which carries QEMU's address and the guest's MAC.
 * rx: sends 60-byte "DATA" frames to the guest as fast as it can;
 * tx: reads what the guest sends. Either way for at most SECONDS, or
 * until killed; prints how many frames it sent or read to stderr.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH	64

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET }, peer;
	socklen_t alen = sizeof(a);
	unsigned char f[2048], out[BATCH][60];
	struct mmsghdr m[BATCH];
	struct iovec iov[BATCH];
	struct timeval tv = { 1, 0 };
	unsigned long count = 0;
	double end;
	FILE *pf;
	ssize_t n;
	int s, i, big = 8 << 20;

	if (argc != 4)
		return 2;
	end = now() + atof(argv[3]);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(s, (struct sockaddr *)&a, &alen))
		return 2;
	pf = fopen(argv[1], "w");
	if (!pf)
		return 2;
	fprintf(pf, "%u\n", ntohs(a.sin_port));
	fclose(pf);
	for (;;) {		/* the hello */
		alen = sizeof(peer);
		n = recvfrom(s, f, sizeof(f), 0, (struct sockaddr *)&peer,
			     &alen);
		if (n >= 18 && f[12] == 0x88 && f[13] == 0xb5 &&
		    !memcmp(f + 14, "HELO", 4) &&
		    peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK))
			break;
		if (now() > end)
			return 1;
	}
	if (!strcmp(argv[2], "tx")) {
		while (now() < end)
			if (recv(s, f, sizeof(f), 0) > 0)
				count++;
		fprintf(stderr, "net-host: read %lu frames\n", count);
		return 0;
	}
	memset(m, 0, sizeof(m));
	for (i = 0; i < BATCH; i++) {
		memcpy(out[i], f + 6, 6);		/* to the guest */
		memcpy(out[i] + 6, "\x02\x68\x6f\x73\x74\x01", 6);
		out[i][12] = 0x88;
		out[i][13] = 0xb5;
		memset(out[i] + 14, 0, 46);
		memcpy(out[i] + 14, "DATA", 4);
		iov[i].iov_base = out[i];
		iov[i].iov_len = 60;
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
		m[i].msg_hdr.msg_name = &peer;
		m[i].msg_hdr.msg_namelen = sizeof(peer);
	}
	while (now() < end) {
		n = sendmmsg(s, m, BATCH, 0);
		if (n > 0)
			count += (unsigned long)n;
	}
	fprintf(stderr, "net-host: sent %lu frames\n", count);
	return 0;
}
