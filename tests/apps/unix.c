/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AF_UNIX sockets as Linux has them: pairs, names in the file system and
 * abstract ones, listen/accept/connect, half-close, a closed peer,
 * non-blocking calls, readiness. Each mode prints what the calls return,
 * errno by name, for tests/apps-compare.test.
 *
 *   unix pair|dgram|path|abstract|halfclose|peerclosed|nonblock|poll|
 *        errors|server
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "compare.h"

/* a descriptor: its number depends on what the runner left open */
static long show_fd(const char *what, long r)
{
	report(what, r < 0 ? r : 0);
	return r;
}

static void show_buf(const char *what, long r, const char *buf)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld \"%.*s\"\n", what, r, (int)r, buf);
}

static socklen_t abstract(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path + 1, name);
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
}

static char path_buf[64];

static socklen_t pathname(struct sockaddr_un *a)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path_buf);
	return sizeof(*a);
}

static int mode_pair(void)
{
	int sv[2], n = -1, type = 0;
	char buf[32];
	socklen_t l = sizeof(type);
	struct sockaddr_un a;
	struct stat st;

	report("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	report("fstat", fstat(sv[0], &st));
	printf("S_ISSOCK: %d\n", S_ISSOCK(st.st_mode));
	report("write", write(sv[0], "hello ", 6));
	report("send", send(sv[0], "world", 5, 0));
	report("FIONREAD", ioctl(sv[1], FIONREAD, &n));
	printf("n: %d\n", n);
	show_buf("recv MSG_PEEK 4", recv(sv[1], buf, 4, MSG_PEEK), buf);
	show_buf("read 32 (both writes)", read(sv[1], buf, 32), buf);
	report("write back", write(sv[1], "ok", 2));
	show_buf("read", read(sv[0], buf, 32), buf);
	report("SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &l));
	printf("type %d len %u\n", type, l);
	l = sizeof(a);
	report("getsockname", getsockname(sv[0], (struct sockaddr *)&a, &l));
	printf("len %u family %d\n", l, a.sun_family);
	l = sizeof(a);
	report("getpeername", getpeername(sv[0], (struct sockaddr *)&a, &l));
	printf("len %u\n", l);
	report("bind after socketpair", bind(sv[0], (struct sockaddr *)&a,
					   abstract(&a, "uk-pair")));
	report("socketpair SOCK_CLOEXEC|SOCK_NONBLOCK",
	     socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			0, sv));
	report("F_GETFD", fcntl(sv[0], F_GETFD));
	report("O_NONBLOCK", !!(fcntl(sv[1], F_GETFL) & O_NONBLOCK));
	report("read empty", read(sv[1], buf, 1));
	return 0;
}

static int mode_dgram(void)
{
	int sv[2], n = -1;
	char buf[32];
	struct msghdr mh;
	struct iovec iov[2];

	report("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	report("send one", send(sv[0], "one", 3, 0));
	report("send two", send(sv[0], "twotwo", 6, 0));
	report("send empty", send(sv[0], "", 0, 0));
	report("FIONREAD (first datagram)", ioctl(sv[1], FIONREAD, &n));
	printf("n: %d\n", n);
	show_buf("recv 32", recv(sv[1], buf, 32, 0), buf);
	report("recv 3 of 6 with MSG_TRUNC", recv(sv[1], buf, 3, MSG_TRUNC));
	printf("\"%.3s\"\n", buf);
	report("recv empty datagram", recv(sv[1], buf, 32, 0));
	report("recv nothing, MSG_DONTWAIT", recv(sv[1], buf, 32,
						MSG_DONTWAIT));
	memset(&mh, 0, sizeof(mh));
	iov[0] = (struct iovec){ "ab", 2 };
	iov[1] = (struct iovec){ "cde", 3 };
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	report("sendmsg two iovecs", sendmsg(sv[1], &mh, 0));
	iov[0] = (struct iovec){ buf, 1 };
	iov[1] = (struct iovec){ buf + 10, 2 };
	report("recvmsg into 1 + 2", recvmsg(sv[0], &mh, 0));
	printf("flags MSG_TRUNC: %d, \"%.1s\" \"%.2s\"\n",
	       !!(mh.msg_flags & MSG_TRUNC), buf, buf + 10);
	return 0;
}

static void *connector(void *v)
{
	struct sockaddr_un a;
	socklen_t l = pathname(&a);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);

	(void)v;
	if (connect(c, (struct sockaddr *)&a, l) < 0)
		printf("thread connect failed\n");
	write(c, "from the thread", 15);
	close(c);
	return NULL;
}

static int mode_path(void)
{
	struct sockaddr_un a, b;
	socklen_t l = pathname(&a), bl;
	int s = socket(AF_UNIX, SOCK_STREAM, 0), c, d;
	char buf[32];
	struct stat st;

	unlink(path_buf);
	report("connect to a missing path", connect(socket(AF_UNIX, SOCK_STREAM,
			0), (struct sockaddr *)&a, l));
	report("listen unbound", listen(s, 5));
	report("bind", bind(s, (struct sockaddr *)&a, l));
	report("stat", stat(path_buf, &st));
	printf("S_ISSOCK: %d\n", S_ISSOCK(st.st_mode));
	report("bind again", bind(s, (struct sockaddr *)&a, l));
	report("bind another to the same path", bind(socket(AF_UNIX,
			SOCK_STREAM, 0), (struct sockaddr *)&a, l));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	report("connect before listen", connect(c, (struct sockaddr *)&a, l));
	report("listen", listen(s, 5));
	report("connect", connect(c, (struct sockaddr *)&a, l));
	report("connect again", connect(c, (struct sockaddr *)&a, l));
	report("connect a dgram socket to it", connect(socket(AF_UNIX,
			SOCK_DGRAM, 0), (struct sockaddr *)&a, l));
	bl = sizeof(b);
	d = show_fd("accept", accept(s, (struct sockaddr *)&b, &bl));
	printf("peer address len %u\n", bl);
	bl = sizeof(b);
	report("getsockname of the accepted", getsockname(d,
			(struct sockaddr *)&b, &bl));
	printf("same path: %d\n", !strcmp(b.sun_path, path_buf));
	bl = sizeof(b);
	report("getpeername of the client", getpeername(c,
			(struct sockaddr *)&b, &bl));
	printf("same path: %d\n", !strcmp(b.sun_path, path_buf));
	report("send", send(c, "ping", 4, 0));
	show_buf("recv", recv(d, buf, sizeof(buf), 0), buf);
	report("write on the listener", write(s, "x", 1));
	report("accept on a connected socket", accept(c, NULL, NULL));
	close(s);
	report("connect after the listener closed",
	     connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&a,
		     l));
	report("unlink", unlink(path_buf));
	return 0;
}

/* A blocking accept while a thread connects and writes. */
static int mode_server(void)
{
	struct sockaddr_un a;
	socklen_t l = pathname(&a);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	char buf[32];
	pthread_t t;

	unlink(path_buf);
	bind(s, (struct sockaddr *)&a, l);
	listen(s, 5);
	if (pthread_create(&t, NULL, connector, NULL) == 0) {
		int e = accept(s, NULL, NULL);
		ssize_t r, got = 0;

		while ((r = read(e, buf + got, sizeof(buf) - got)) > 0)
			got += r;
		pthread_join(t, NULL);
		show_buf("a blocking accept, then to EOF", got, buf);
	}
	unlink(path_buf);
	return 0;
}

static int mode_abstract(void)
{
	struct sockaddr_un a, b;
	socklen_t l = abstract(&a, "uk-test-abstract"), bl;
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	int c = socket(AF_UNIX, SOCK_DGRAM, 0);
	char buf[32];

	report("sendto a missing name", sendto(c, "x", 1, 0,
					     (struct sockaddr *)&a, l));
	report("bind", bind(s, (struct sockaddr *)&a, l));
	report("bind the same name", bind(c, (struct sockaddr *)&a, l));
	bl = sizeof(b);
	report("getsockname", getsockname(s, (struct sockaddr *)&b, &bl));
	printf("len %u, same: %d\n", bl, bl == l && !memcmp(&a, &b, l));
	report("sendto from unbound", sendto(c, "anon", 4, 0,
					   (struct sockaddr *)&a, l));
	bl = sizeof(b);
	show_buf("recvfrom", recvfrom(s, buf, sizeof(buf), 0,
				      (struct sockaddr *)&b, &bl), buf);
	printf("sender address len %u\n", bl);
	report("autobind", bind(c, (struct sockaddr *)&b,
			      sizeof(sa_family_t)));
	bl = sizeof(b);
	getsockname(c, (struct sockaddr *)&b, &bl);
	printf("autobound: len %u, abstract %d\n", bl, b.sun_path[0] == 0);
	report("send unconnected", send(c, "x", 1, 0));
	report("connect", connect(c, (struct sockaddr *)&a, l));
	report("send", send(c, "named", 5, 0));
	bl = sizeof(b);
	show_buf("recvfrom", recvfrom(s, buf, sizeof(buf), 0,
				      (struct sockaddr *)&b, &bl), buf);
	printf("sender address len %u, abstract %d\n", bl, b.sun_path[0] == 0);
	close(s);
	report("send to a closed peer", send(c, "x", 1, 0));
	report("send again", send(c, "x", 1, 0));
	return 0;
}

static int mode_halfclose(void)
{
	int sv[2];
	char buf[32];
	struct pollfd pf;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "last words", 10);
	report("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR));
	report("write after SHUT_WR (MSG_NOSIGNAL)", send(sv[0], "x", 1,
							MSG_NOSIGNAL));
	pf = (struct pollfd){ sv[1], POLLIN | POLLRDHUP | POLLOUT, 0 };
	report("poll the peer", poll(&pf, 1, 0));
	printf("revents %#x\n", pf.revents);
	show_buf("peer reads", read(sv[1], buf, sizeof(buf)), buf);
	report("peer reads EOF", read(sv[1], buf, sizeof(buf)));
	report("peer reads EOF again", read(sv[1], buf, sizeof(buf)));
	report("peer still writes", write(sv[1], "answer", 6));
	show_buf("half-closed side reads", read(sv[0], buf, sizeof(buf)), buf);
	report("shutdown SHUT_RD", shutdown(sv[0], SHUT_RD));
	pf = (struct pollfd){ sv[0], POLLIN | POLLRDHUP | POLLOUT, 0 };
	report("poll after both shutdowns", poll(&pf, 1, 0));
	printf("revents %#x\n", pf.revents);
	report("shutdown bad how", shutdown(sv[0], 7));
	report("shutdown on a pipe", shutdown(0, SHUT_RD));
	return 0;
}

static volatile sig_atomic_t got;

static void on_sig(int s)
{
	got = s;
}

static int mode_peerclosed(void)
{
	int sv[2];
	char buf[8];
	struct pollfd pf;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[1], "unread", 6);
	close(sv[0]);
	pf = (struct pollfd){ sv[1], POLLIN | POLLOUT | POLLRDHUP, 0 };
	report("poll", poll(&pf, 1, 0));
	printf("revents %#x\n", pf.revents);
	signal(SIGPIPE, on_sig);
	report("write to a closed peer", write(sv[1], "x", 1));
	printf("SIGPIPE: %d\n", got == SIGPIPE);
	got = 0;
	report("send MSG_NOSIGNAL", send(sv[1], "x", 1, MSG_NOSIGNAL));
	printf("SIGPIPE: %d\n", got == SIGPIPE);
	report("read", read(sv[1], buf, sizeof(buf)));
	/* unread data at close: the peer is reset */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "lost", 4);
	close(sv[1]);
	report("read after a reset", read(sv[0], buf, sizeof(buf)));
	report("read again", read(sv[0], buf, sizeof(buf)));
	signal(SIGPIPE, SIG_DFL);
	fflush(stdout);
	write(sv[0], "x", 1);
	printf("not reached\n");
	return 0;
}

static int mode_nonblock(void)
{
	struct sockaddr_un a;
	socklen_t l = abstract(&a, "uk-test-nonblock");
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), sv[2];
	long total = 0, r;
	char buf[4096];

	bind(s, (struct sockaddr *)&a, l);
	listen(s, 1);
	report("accept, nobody waiting", accept(s, NULL, NULL));
	report("connect 1", connect(socket(AF_UNIX, SOCK_STREAM, 0),
				  (struct sockaddr *)&a, l));
	report("connect 2", connect(socket(AF_UNIX, SOCK_STREAM, 0),
				  (struct sockaddr *)&a, l));
	report("connect 3, backlog full (non-blocking)",
	     connect(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0),
		     (struct sockaddr *)&a, l));
	show_fd("accept4 SOCK_CLOEXEC", r = accept4(s, NULL, NULL,
						    SOCK_CLOEXEC));
	report("F_GETFD", fcntl((int)r, F_GETFD));
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	memset(buf, 0, sizeof(buf));
	while ((r = send(sv[0], buf, 1000, 0)) > 0)
		total += r;
	printf("datagrams sent before EAGAIN: %s (%s)\n",
	       total > 0 ? "some" : "none", errname(errno));
	report("recv MSG_DONTWAIT on a blocking socket",
	     recv(socket(AF_UNIX, SOCK_DGRAM, 0), buf, 1, MSG_DONTWAIT));
	return 0;
}

static int mode_poll(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), sv[2], ep;
	struct pollfd pf = { s, POLLIN | POLLOUT, 0 };
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 7 };
	struct sockaddr_un a;
	socklen_t l = abstract(&a, "uk-test-poll");

	report("poll a new stream socket", poll(&pf, 1, 0));
	printf("revents %#x\n", pf.revents);
	bind(s, (struct sockaddr *)&a, l);
	listen(s, 5);
	pf.revents = 0;
	report("poll a listener", poll(&pf, 1, 0));
	printf("revents %#x\n", pf.revents);
	ep = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
	report("epoll_wait, no connection", epoll_wait(ep, &ev, 1, 20));
	connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&a, l);
	report("epoll_wait, a connection", epoll_wait(ep, &ev, 1, 1000));
	printf("events %#x data %llu\n", ev.events,
	       (unsigned long long)ev.data.u64);
	report("epoll_wait, edge seen", epoll_wait(ep, &ev, 1, 0));
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pf = (struct pollfd){ sv[0], POLLIN | POLLOUT, 0 };
	report("poll a dgram pair", poll(&pf, 1, 0));
	printf("revents %#x\n", pf.revents);
	return 0;
}

static int mode_errors(void)
{
	int sv[2], p[2];
	struct sockaddr_un a;
	char buf[4];

	report("socket bad type", socket(AF_UNIX, 9, 0));
	report("socket bad flags", socket(AF_UNIX, SOCK_STREAM | 0x100000, 0));
	report("socket bad protocol", socket(AF_UNIX, SOCK_STREAM, 7));
	report("socket family 0", socket(0, SOCK_STREAM, 0));
	report("socket family 200", socket(200, SOCK_STREAM, 0));
	report("socketpair family 200", socketpair(200, SOCK_STREAM, 0, sv));
	pipe(p);
	report("bind on a pipe", bind(p[0], (struct sockaddr *)&a, 2));
	report("send on a pipe", send(p[1], "x", 1, 0));
	report("getsockname on a closed fd", getsockname(99, NULL, NULL));
	a.sun_family = AF_INET;
	report("bind with AF_INET", bind(socket(AF_UNIX, SOCK_STREAM, 0),
				       (struct sockaddr *)&a, sizeof(a)));
	report("bind with length 1", bind(socket(AF_UNIX, SOCK_STREAM, 0),
					(struct sockaddr *)&a, 1));
	report("send unconnected stream", send(socket(AF_UNIX, SOCK_STREAM, 0),
					     "x", 1, 0));
	report("recv unconnected stream", recv(socket(AF_UNIX, SOCK_STREAM, 0),
					     buf, 1, 0));
	report("getpeername unconnected", getpeername(socket(AF_UNIX,
			SOCK_STREAM, 0), (struct sockaddr *)&a,
			&(socklen_t){ sizeof(a) }));
	report("listen on dgram", listen(socket(AF_UNIX, SOCK_DGRAM, 0), 1));
	report("shutdown unconnected stream", shutdown(socket(AF_UNIX,
			SOCK_STREAM, 0), SHUT_RDWR));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(void);
	} modes[] = {
		{ "pair", mode_pair }, { "dgram", mode_dgram },
		{ "path", mode_path }, { "abstract", mode_abstract },
		{ "halfclose", mode_halfclose },
		{ "peerclosed", mode_peerclosed },
		{ "nonblock", mode_nonblock }, { "poll", mode_poll },
		{ "errors", mode_errors }, { "server", mode_server },
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(path_buf, sizeof(path_buf), "/tmp/uk-unix-test.%d.sock",
		 (int)getpid());
	for (size_t i = 0; argc > 1 && i < sizeof(modes) / sizeof(*modes);
	     i++)
		if (!strcmp(argv[1], modes[i].name))
			return modes[i].fn();
	fprintf(stderr, "usage: unix MODE\n");
	return 2;
}
