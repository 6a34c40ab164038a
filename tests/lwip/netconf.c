/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The network's configuration seen by an ordinary program, for
 * netconf.test: each argument is one check, printed as TAP.
 *   src4=DEST,ADDR    a UDP socket connected to DEST has source ADDR
 *   src6=DEST,ADDR    the same in IPv6, retried up to 30 s (SLAAC);
 *                     prints "# src6 after N ms"
 *   resolv=ADDR       /etc/resolv.conf names nameserver ADDR
 *   noresolv          there is no /etc/resolv.conf
 *   hosts             /etc/hosts has the localhost lines
 *   resolve=NAME,ADDR getaddrinfo(NAME) gives ADDR among its answers
 *   tcp=ADDR,PORT     connects (IPv4 or IPv6), sends a line and gets
 *                     it back upper-cased (the host's server)
 *   loop6             IPv6 loopback: TCP and UDP over ::1, dual stack
 *                     (an AF_INET6 listener takes 127.0.0.1 peers as
 *                     ::ffff:127.0.0.1), IPV6_V6ONLY, bad addresses
 *   serve6=PORT       an AF_INET6 listener on [::]:PORT answers one
 *                     connection with its peer's address (the host
 *                     comes in over IPv4 through hostfwd)
 * Exits 0 when every check passed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int n_test;
static int failed;

static void check(int cond, const char *what, const char *arg)
{
	n_test++;
	printf("%sok %d - %s%s%s\n", cond ? "" : "not ", n_test, what,
	       arg ? " " : "", arg ? arg : "");
	if (!cond)
		failed = 1;
	fflush(stdout);
}

/* "A,B" into @a and @b (pointers into a copy) */
static int split2(const char *v, char **a, char **b)
{
	char *c = strdup(v), *comma = c ? strchr(c, ',') : NULL;

	if (!comma)
		return -1;
	*comma = '\0';
	*a = c;
	*b = comma + 1;
	return 0;
}

/* @s as a socket address of its family, port @port */
static socklen_t sockaddr_of(const char *s, int port,
			     struct sockaddr_storage *ss)
{
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &a->sin_addr) == 1) {
		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		return sizeof(*a);
	}
	if (inet_pton(AF_INET6, s, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		return sizeof(*a6);
	}
	return 0;
}

static const char *ntop(const struct sockaddr_storage *ss, char *buf,
			size_t size)
{
	const void *a = ss->ss_family == AF_INET6 ?
		(const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr :
		(const void *)&((const struct sockaddr_in *)ss)->sin_addr;

	if (!inet_ntop(ss->ss_family, a, buf, size))
		snprintf(buf, size, "?");
	return buf;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The source address a UDP socket connected to @dest gets, in @buf. */
static int source_of(const char *dest, char *buf, size_t size)
{
	struct sockaddr_storage ss, me;
	socklen_t len = sockaddr_of(dest, 9, &ss), ml = sizeof(me);
	int s = len ? socket(ss.ss_family, SOCK_DGRAM, 0) : -1, r = -1;

	if (s < 0)
		return -1;
	if (connect(s, (struct sockaddr *)&ss, len) == 0 &&
	    getsockname(s, (struct sockaddr *)&me, &ml) == 0) {
		ntop(&me, buf, size);
		r = 0;
	}
	close(s);
	return r;
}

static void src(const char *v, int v6)
{
	char *dest, *want, got[64] = "";
	long t0 = now_ms();
	int ok;

	if (split2(v, &dest, &want)) {
		check(0, "src: bad argument", v);
		return;
	}
	for (;;) {
		ok = source_of(dest, got, sizeof(got)) == 0 &&
		     !strcmp(got, want);
		if (ok || !v6 || now_ms() - t0 > 30000)
			break;
		usleep(100000);
	}
	if (v6)
		printf("# src6 after %ld ms\n", now_ms() - t0);
	if (!ok)
		printf("# source address '%s'\n", got);
	check(ok, v6 ? "IPv6 source address" : "IPv4 source address", v);
}

static int file_has(const char *path, const char *line)
{
	char buf[256];
	FILE *f = fopen(path, "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		found = !strcmp(buf, line);
	}
	fclose(f);
	return found;
}

static void resolv(const char *v)
{
	char line[128];

	snprintf(line, sizeof(line), "nameserver %s", v);
	check(file_has("/etc/resolv.conf", line),
	      "/etc/resolv.conf names", v);
}

static void resolve(const char *v)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *p;
	char *name, *want, got[64];
	int r, found = 0;

	if (split2(v, &name, &want)) {
		check(0, "resolve: bad argument", v);
		return;
	}
	r = getaddrinfo(name, "80", &hints, &res);
	for (p = r ? NULL : res; p; p = p->ai_next) {
		ntop((struct sockaddr_storage *)p->ai_addr, got, sizeof(got));
		printf("# %s: %s\n", name, got);
		found |= !strcmp(got, want);
	}
	if (r)
		printf("# getaddrinfo: %s\n", gai_strerror(r));
	else
		freeaddrinfo(res);
	check(found, "getaddrinfo", v);
}

static int read_line(int s, char *buf, size_t size)
{
	size_t n = 0;

	while (n + 1 < size && read(s, buf + n, 1) == 1)
		if (buf[n++] == '\n')
			break;
	buf[n] = '\0';
	return (int)n;
}

static void tcp(const char *v)
{
	struct sockaddr_storage ss;
	char *host, *port, buf[64] = "";
	socklen_t len;
	int s = -1;

	if (!split2(v, &host, &port) &&
	    (len = sockaddr_of(host, atoi(port), &ss)) &&
	    (s = socket(ss.ss_family, SOCK_STREAM, 0)) >= 0 &&
	    connect(s, (struct sockaddr *)&ss, len) == 0 &&
	    write(s, "ping from libuk\n", 16) == 16)
		read_line(s, buf, sizeof(buf));
	if (s >= 0)
		close(s);
	check(!strcmp(buf, "PING FROM LIBUK\n"), "TCP to the host", v);
}

static int listen6(int port, int v6only)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(port),
				  .sin6_addr = IN6ADDR_ANY_INIT };
	int one = 1, s = socket(AF_INET6, SOCK_STREAM, 0);

	if (s < 0)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
		       sizeof(v6only)) ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 4)) {
		close(s);
		return -1;
	}
	return s;
}

/* connects to @addr:@port, and @l accepts; the peer's address in @peer */
static int pair(int l, const char *addr, int port, int *c, char *peer,
		size_t size)
{
	struct sockaddr_storage ss, from;
	socklen_t len = sockaddr_of(addr, port, &ss), fl = sizeof(from);
	int s;

	*c = socket(ss.ss_family, SOCK_STREAM, 0);
	if (*c < 0 || connect(*c, (struct sockaddr *)&ss, len))
		return -1;
	s = accept(l, (struct sockaddr *)&from, &fl);
	if (s >= 0)
		ntop(&from, peer, size);
	return s;
}

static void loop6_udp(void)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(5601),
				  .sin6_addr = IN6ADDR_LOOPBACK_INIT }, from;
	socklen_t fl = sizeof(from);
	char buf[16] = "", got[64] = "";
	int u = socket(AF_INET6, SOCK_DGRAM, 0), v;

	v = socket(AF_INET6, SOCK_DGRAM, 0);
	check(u >= 0 && bind(u, (struct sockaddr *)&a, sizeof(a)) == 0,
	      "UDP bind [::1]:5601", NULL);
	check(sendto(v, "dgram6", 6, 0, (struct sockaddr *)&a,
		     sizeof(a)) == 6, "UDP sendto [::1]:5601", NULL);
	check(recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		       &fl) == 6 && !memcmp(buf, "dgram6", 6) &&
	      fl == sizeof(from) && from.sin6_family == AF_INET6 &&
	      !strcmp(ntop((struct sockaddr_storage *)&from, got,
			   sizeof(got)), "::1"),
	      "UDP recvfrom: the datagram, from ::1", NULL);
	close(u);
	close(v);
}

static void loop6(void)
{
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	char peer[64] = "", buf[8] = "";
	socklen_t len = sizeof(int);
	int l = listen6(5600, 0), c = -1, s, v = -1;

	check(l >= 0, "AF_INET6 listener on [::]:5600", NULL);
	check(getsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len) == 0 &&
	      v == 0, "IPV6_V6ONLY is 0", NULL);
	s = pair(l, "::1", 5600, &c, peer, sizeof(peer));
	check(s >= 0 && !strcmp(peer, "::1"), "connect [::1]: peer ::1",
	      peer);
	check(write(c, "six", 3) == 3 && read(s, buf, 3) == 3 &&
	      !memcmp(buf, "six", 3), "data over ::1", NULL);
	close(s);
	close(c);
	s = pair(l, "127.0.0.1", 5600, &c, peer, sizeof(peer));
	check(s >= 0 && !strcmp(peer, "::ffff:127.0.0.1"),
	      "dual stack: 127.0.0.1 accepted as ::ffff:127.0.0.1", peer);
	close(s);
	close(c);
	close(l);
	l = listen6(5602, 1);
	check(l >= 0, "IPV6_V6ONLY listener on [::]:5602", NULL);
	a4.sin_port = htons(5602);
	a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c = socket(AF_INET, SOCK_STREAM, 0);
	v = connect(c, (struct sockaddr *)&a4, sizeof(a4));
	if (v != -1 || errno != ECONNREFUSED)
		printf("# connect: %d, %s\n", v, strerror(errno));
	check(v == -1 && errno == ECONNREFUSED,
	      "IPV6_V6ONLY: 127.0.0.1 is refused", NULL);
	close(c);
	close(l);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	check(bind(c, (struct sockaddr *)&a6, 8) == -1 && errno == EINVAL,
	      "bind(short sockaddr_in6): EINVAL", NULL);
	check(bind(c, (struct sockaddr *)&a4, sizeof(a6)) == -1 &&
	      errno == EAFNOSUPPORT, "bind(AF_INET on AF_INET6): "
	      "EAFNOSUPPORT", NULL);
	close(c);
	c = socket(AF_INET, SOCK_STREAM, 0);
	check(setsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof(v)) ==
	      -1 && errno == ENOPROTOOPT,
	      "IPV6_V6ONLY on AF_INET: ENOPROTOOPT", NULL);
	close(c);
	loop6_udp();
}

static void serve6(const char *v)
{
	char peer[64] = "", line[96];
	int l = listen6(atoi(v), 0), c = -1, s;
	struct sockaddr_storage from;
	socklen_t fl = sizeof(from);

	check(l >= 0, "AF_INET6 listener for the host on port", v);
	printf("# serving\n");
	fflush(stdout);
	s = accept(l, (struct sockaddr *)&from, &fl);
	if (s >= 0) {
		ntop(&from, peer, sizeof(peer));
		snprintf(line, sizeof(line), "%s\n", peer);
		c = (int)write(s, line, strlen(line));
		/* the host closes first: no race with its read */
		shutdown(s, SHUT_WR);
		while (read(s, line, sizeof(line)) > 0)
			;
		close(s);
	}
	check(c > 0 && from.ss_family == AF_INET6 &&
	      !strncmp(peer, "::ffff:", 7),
	      "the host's IPv4 connection, accepted as IPv4-mapped", peer);
	close(l);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = strchr(a, '=');

		v = v ? v + 1 : "";
		if (!strncmp(a, "src4=", 5))
			src(v, 0);
		else if (!strncmp(a, "src6=", 5))
			src(v, 1);
		else if (!strncmp(a, "resolv=", 7))
			resolv(v);
		else if (!strcmp(a, "noresolv"))
			check(access("/etc/resolv.conf", F_OK) == -1 &&
			      errno == ENOENT, "no /etc/resolv.conf", NULL);
		else if (!strcmp(a, "hosts"))
			check(file_has("/etc/hosts", "127.0.0.1\tlocalhost") ||
			      file_has("/etc/hosts", "127.0.0.1 localhost"),
			      "/etc/hosts has localhost", NULL);
		else if (!strncmp(a, "resolve=", 8))
			resolve(v);
		else if (!strncmp(a, "tcp=", 4))
			tcp(v);
		else if (!strcmp(a, "loop6"))
			loop6();
		else if (!strncmp(a, "serve6=", 7))
			serve6(v);
		else
			check(0, "unknown check", a);
	}
	printf("1..%d\n", n_test);
	return failed;
}
