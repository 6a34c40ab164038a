/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AF_INET6 sockets over loopback as Linux serves them: TCP and UDP over
 * ::1, the names a socket gets (family, address, length; ports only
 * where they were chosen), dual stack (an AF_INET6 listener takes an
 * IPv4 peer as ::ffff:127.0.0.1), IPV6_V6ONLY, and the errors for
 * addresses of the wrong size or family. Ports are picked by the kernel.
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   inet6 [SECTION...]   tcp udp dual errors   (all when none is named)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "compare.h"

static struct sockaddr_in6 loop6(int port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(port),
				  .sin6_addr = IN6ADDR_LOOPBACK_INIT };

	return a;
}

/* Prints a socket address: family, address, and the port if @port. */
static void show(const char *what, const struct sockaddr_storage *ss,
		 socklen_t len, int port)
{
	char buf[64] = "?";
	int p = 0;

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const void *)ss;

		inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof(buf));
		p = ntohs(a->sin6_port);
	} else if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)ss;

		inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
		p = ntohs(a->sin_port);
	}
	printf("%s: family %s len %u %s", what,
	       ss->ss_family == AF_INET6 ? "AF_INET6" :
	       ss->ss_family == AF_INET ? "AF_INET" : "other",
	       (unsigned int)len, buf);
	if (port)
		printf(" port %s", p == port ? "as bound" : "other");
	else
		printf(" port %s", p ? "set" : "0");
	printf("\n");
}

static void names(const char *what, int s, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char buf[96];

	memset(&ss, 0, sizeof(ss));
	snprintf(buf, sizeof(buf), "getsockname(%s)", what);
	if (getsockname(s, (struct sockaddr *)&ss, &len))
		result(buf, -1);
	else
		show(buf, &ss, len, port);
	memset(&ss, 0, sizeof(ss));
	len = sizeof(ss);
	snprintf(buf, sizeof(buf), "getpeername(%s)", what);
	if (getpeername(s, (struct sockaddr *)&ss, &len))
		result(buf, -1);
	else
		show(buf, &ss, len, 0);
}

/* A listener on @addr (AF_INET6, port 0 then read back), or -1. */
static int listener(const struct sockaddr_in6 *addr, int v6only, int *port)
{
	struct sockaddr_in6 a = *addr;
	socklen_t len = sizeof(a);
	int s = socket(AF_INET6, SOCK_STREAM, 0);

	if (v6only >= 0)
		result("setsockopt(IPV6_V6ONLY)",
		       setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
				  sizeof(v6only)));
	result("bind", bind(s, (struct sockaddr *)&a, sizeof(a)));
	result("listen", listen(s, 4));
	getsockname(s, (struct sockaddr *)&a, &len);
	*port = ntohs(a.sin6_port);
	return s;
}

static void tcp(void)
{
	struct sockaddr_in6 a = loop6(0);
	struct sockaddr_storage from;
	socklen_t fl = sizeof(from);
	char buf[16] = "";
	int port, l = listener(&a, -1, &port), c, s;

	names("listener", l, port);
	a.sin6_port = htons(port);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	result("connect([::1])", connect(c, (struct sockaddr *)&a,
					 sizeof(a)));
	s = accept(l, (struct sockaddr *)&from, &fl);
	result("accept", s < 0 ? -1 : 0);
	show("accept's peer", &from, fl, 0);
	names("client", c, 0);
	names("accepted", s, port);
	result("write", write(c, "over ::1", 8));
	result("read", read(s, buf, sizeof(buf)));
	printf("got '%s'\n", buf);
	result("shutdown(SHUT_WR)", shutdown(c, SHUT_WR));
	result("read at the end", read(s, buf, sizeof(buf)));
	close(s);
	close(c);
	close(l);
}

static void udp(void)
{
	struct sockaddr_in6 a = loop6(0);
	struct sockaddr_storage from;
	socklen_t len = sizeof(a), fl = sizeof(from);
	char buf[16] = "";
	int u = socket(AF_INET6, SOCK_DGRAM, 0);
	int v = socket(AF_INET6, SOCK_DGRAM, 0);

	result("bind([::1]:0)", bind(u, (struct sockaddr *)&a, sizeof(a)));
	getsockname(u, (struct sockaddr *)&a, &len);
	result("sendto([::1])", sendto(v, "dgram", 5, 0,
				       (struct sockaddr *)&a, sizeof(a)));
	result("recvfrom", recvfrom(u, buf, sizeof(buf), 0,
				    (struct sockaddr *)&from, &fl));
	show("recvfrom's sender", &from, fl, 0);
	printf("got '%s'\n", buf);
	result("connect(back to the sender)",
	       connect(u, (struct sockaddr *)&from, fl));
	names("connected UDP", u, ntohs(a.sin6_port));
	result("send", send(u, "back", 4, 0));
	memset(buf, 0, sizeof(buf));
	result("recv", recv(v, buf, sizeof(buf), 0));
	printf("got '%s'\n", buf);
	close(u);
	close(v);
}

static void dual(void)
{
	struct sockaddr_in6 any = { .sin6_family = AF_INET6 };
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	struct sockaddr_storage from;
	socklen_t fl = sizeof(from), ol = sizeof(int);
	int port, l, c, s, v = -1;

	l = listener(&any, -1, &port);
	result("getsockopt(IPV6_V6ONLY)",
	       getsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &v, &ol));
	printf("IPV6_V6ONLY is %d\n", v);
	a4.sin_port = htons(port);
	a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c = socket(AF_INET, SOCK_STREAM, 0);
	result("connect(127.0.0.1) to [::]",
	       connect(c, (struct sockaddr *)&a4, sizeof(a4)));
	s = accept(l, (struct sockaddr *)&from, &fl);
	result("accept", s < 0 ? -1 : 0);
	show("accept's peer", &from, fl, 0);
	names("accepted IPv4 peer", s, port);
	names("IPv4 client", c, 0);
	close(s);
	close(c);
	close(l);

	l = listener(&any, 1, &port);
	a4.sin_port = htons(port);
	c = socket(AF_INET, SOCK_STREAM, 0);
	result("connect(127.0.0.1) to a V6ONLY [::]",
	       connect(c, (struct sockaddr *)&a4, sizeof(a4)));
	close(c);
	close(l);
}

static void errors(void)
{
	struct sockaddr_in6 a = loop6(0);
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	struct sockaddr_storage ss;
	socklen_t len;
	int port, v = 1, s = socket(AF_INET6, SOCK_STREAM, 0), l;

	result("bind(sockaddr_in6, 8 bytes)",
	       bind(s, (struct sockaddr *)&a, 8));
	result("bind(sockaddr_in on AF_INET6, 16 bytes)",
	       bind(s, (struct sockaddr *)&a4, sizeof(a4)));
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = AF_INET;
	result("bind(AF_INET family, 28 bytes)",
	       bind(s, (struct sockaddr *)&ss, sizeof(a)));
	result("bind(sockaddr_in6 to AF_INET socket)",
	       bind(l = socket(AF_INET, SOCK_STREAM, 0),
		    (struct sockaddr *)&a, sizeof(a)));
	result("setsockopt(IPV6_V6ONLY) on AF_INET",
	       setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof(v)));
	close(l);
	l = listener(&a, -1, &port);
	close(l);
	a.sin6_port = htons(port);
	result("connect to a closed [::1] port",
	       connect(s, (struct sockaddr *)&a, sizeof(a)));
	close(s);
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	len = 8;
	result("getsockname(8 bytes)",
	       getsockname(s, (struct sockaddr *)&ss, &len));
	printf("length %u\n", (unsigned int)len);
	close(s);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} sections[] = {
		{ "tcp", tcp }, { "udp", udp }, { "dual", dual },
		{ "errors", errors },
	};

	setvbuf(stdout, NULL, _IOLBF, 0);

	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		int run = argc < 2;

		for (int j = 1; j < argc; j++)
			run |= !strcmp(argv[j], sections[i].name);
		if (!run)
			continue;
		printf("== %s\n", sections[i].name);
		fflush(stdout);
		sections[i].fn();
	}
	return 0;
}
