/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Name and address lookups as musl serves them, without a DNS server:
 * getaddrinfo of numeric hosts (IPv4, IPv6, IPv4-mapped, inet_aton
 * forms, malformed ones), of no host (AI_PASSIVE), of "localhost"
 * (from /etc/hosts, IPv4), with numeric services, AI_CANONNAME, and
 * getnameinfo back. The answers are then used: a TCP listener on what
 * getaddrinfo(NULL, AI_PASSIVE) gave, reached through "localhost".
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   names [SECTION...]   numeric passive localhost reverse connect
 *                        (all of them when none is named)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "compare.h"

static const char *fam(int f)
{
	return f == AF_INET ? "AF_INET" : f == AF_INET6 ? "AF_INET6" :
	       f == AF_UNSPEC ? "AF_UNSPEC" : "other";
}

static const char *type(int t)
{
	return t == SOCK_STREAM ? "stream" : t == SOCK_DGRAM ? "dgram" :
	       t == SOCK_RAW ? "raw" : "other";
}

static void show(const struct addrinfo *p)
{
	char host[64], serv[16];
	int r = getnameinfo(p->ai_addr, p->ai_addrlen, host, sizeof(host),
			    serv, sizeof(serv),
			    NI_NUMERICHOST | NI_NUMERICSERV);

	printf("  %s %s proto %d len %u %s port %s%s%s\n", fam(p->ai_family),
	       type(p->ai_socktype), p->ai_protocol,
	       (unsigned int)p->ai_addrlen, r ? gai_strerror(r) : host,
	       r ? "?" : serv, p->ai_canonname ? " canon " : "",
	       p->ai_canonname ? p->ai_canonname : "");
}

static void lookup(const char *host, const char *serv, int family,
		   int socktype, int flags)
{
	struct addrinfo hints = { .ai_family = family,
				  .ai_socktype = socktype,
				  .ai_flags = flags }, *res;
	int r = getaddrinfo(host, serv, &hints, &res);

	printf("getaddrinfo(%s, %s, %s, %s, 0x%x) = %s\n",
	       host ? host : "NULL", serv ? serv : "NULL", fam(family),
	       socktype ? type(socktype) : "any", flags,
	       r ? gai_strerror(r) : "0");
	if (r)
		return;
	for (const struct addrinfo *p = res; p; p = p->ai_next)
		show(p);
	freeaddrinfo(res);
}

static void numeric(void)
{
	static const char *const hosts[] = {
		"127.0.0.1", "10.0.2.15", "255.255.255.255", "::1", "::",
		"fec0::5054:ff:fe12:3456", "::ffff:192.0.2.1",
		"2001:db8::1:0:0:1", "0x7f.1", "127.1", "1.2.3.400",
		"1.2.3.4.5", "::1::2", "fec0::zz", "", " 127.0.0.1",
	};

	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
		lookup(hosts[i], "80", AF_UNSPEC, SOCK_STREAM,
		       AI_NUMERICHOST);
	lookup("127.0.0.1", "8080", AF_UNSPEC, 0, AI_NUMERICHOST);
	lookup("::1", "65535", AF_INET6, SOCK_DGRAM, AI_NUMERICHOST);
	lookup("127.0.0.1", "65536", AF_INET, SOCK_STREAM,
	       AI_NUMERICHOST | AI_NUMERICSERV);
	lookup("127.0.0.1", "http", AF_INET, SOCK_STREAM,
	       AI_NUMERICHOST | AI_NUMERICSERV);
	lookup("::1", "80", AF_INET, SOCK_STREAM, AI_NUMERICHOST);
	lookup("127.0.0.1", "80", AF_INET6, SOCK_STREAM, AI_NUMERICHOST);
	lookup("127.0.0.1", "80", AF_INET6, SOCK_STREAM,
	       AI_NUMERICHOST | AI_V4MAPPED);
	lookup(NULL, NULL, AF_UNSPEC, SOCK_STREAM, 0);
	lookup("127.0.0.1", "80", 12345, SOCK_STREAM, AI_NUMERICHOST);
}

static void passive(void)
{
	lookup(NULL, "8080", AF_UNSPEC, SOCK_STREAM, AI_PASSIVE);
	lookup(NULL, "8080", AF_INET, SOCK_DGRAM, AI_PASSIVE);
	lookup(NULL, "8080", AF_INET6, SOCK_STREAM, AI_PASSIVE);
	lookup(NULL, "8080", AF_INET, SOCK_STREAM, 0);
}

static void localhost(void)
{
	lookup("localhost", "80", AF_INET, SOCK_STREAM, 0);
	lookup("localhost", "80", AF_INET, SOCK_STREAM, AI_CANONNAME);
	lookup("localhost", "80", AF_INET, SOCK_STREAM, AI_NUMERICHOST);
}

static void reverse(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(80) };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons(443),
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	char host[64], serv[16];
	int r;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	r = getnameinfo((struct sockaddr *)&a, sizeof(a), host, sizeof(host),
			serv, sizeof(serv), NI_NUMERICSERV);
	printf("getnameinfo(127.0.0.1) = %s %s %s\n", r ? gai_strerror(r) :
	       "0", r ? "" : host, r ? "" : serv);
	r = getnameinfo((struct sockaddr *)&a6, sizeof(a6), host,
			sizeof(host), serv, sizeof(serv),
			NI_NUMERICHOST | NI_NUMERICSERV);
	printf("getnameinfo([::1], numeric) = %s %s %s\n",
	       r ? gai_strerror(r) : "0", r ? "" : host, r ? "" : serv);
	r = getnameinfo((struct sockaddr *)&a6, 3, host, sizeof(host),
			serv, sizeof(serv), NI_NUMERICHOST);
	printf("getnameinfo(short address) = %s\n", gai_strerror(r));
	r = getnameinfo((struct sockaddr *)&a, sizeof(a), host, 4, NULL, 0,
			NI_NUMERICHOST);
	printf("getnameinfo(small buffer) = %s\n", gai_strerror(r));
}

/* A listener where AI_PASSIVE says, a client where "localhost" says. */
static void connect_by_name(void)
{
	struct addrinfo hints = { .ai_family = AF_INET,
				  .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE }, *srv, *cli;
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	char port[8], buf[4] = "";
	int l, c, s;

	if (getaddrinfo(NULL, "0", &hints, &srv)) {
		printf("getaddrinfo(passive) failed\n");
		return;
	}
	l = socket(srv->ai_family, srv->ai_socktype, srv->ai_protocol);
	result("socket(passive answer)", l < 0 ? -1 : 0);
	result("bind(passive answer)", bind(l, srv->ai_addr,
					    srv->ai_addrlen));
	result("listen", listen(l, 1));
	freeaddrinfo(srv);
	getsockname(l, (struct sockaddr *)&me, &len);
	snprintf(port, sizeof(port), "%u", ntohs(me.sin_port));
	hints.ai_flags = 0;
	if (getaddrinfo("localhost", port, &hints, &cli)) {
		printf("getaddrinfo(localhost) failed\n");
		close(l);
		return;
	}
	c = socket(cli->ai_family, cli->ai_socktype, cli->ai_protocol);
	result("connect(localhost answer)",
	       connect(c, cli->ai_addr, cli->ai_addrlen));
	freeaddrinfo(cli);
	s = accept(l, NULL, NULL);
	result("write", write(c, "abc", 3));
	result("read", read(s, buf, 3));
	printf("got %.3s\n", buf);
	close(s);
	close(c);
	close(l);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} sections[] = {
		{ "numeric", numeric }, { "passive", passive },
		{ "localhost", localhost }, { "reverse", reverse },
		{ "connect", connect_by_name },
	};

	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		int run = argc < 2;

		for (int j = 1; j < argc; j++)
			run |= !strcmp(argv[j], sections[i].name);
		if (!run)
			continue;
		printf("== %s\n", sections[i].name);
		sections[i].fn();
	}
	return 0;
}
