/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipes, eventfds and readiness (poll, select, epoll) as Linux has them:
 * each mode prints what the calls return, errno by name, so that the
 * libuk image and the host's static musl build can be compared
 * (tests/apps-compare.test).
 *
 *   pipes pipe|nonblock|epipe|atomic|size|eventfd|poll|select|epoll|
 *         edge|oneshot|close|nested|threads
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "compare.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int mode_pipe(void)
{
	int p[2], n = -1;
	char buf[64];
	struct stat st;

	report("pipe", pipe(p));
	report("fstat", fstat(p[0], &st));
	printf("S_ISFIFO: %d\n", S_ISFIFO(st.st_mode));
	report("write hello", write(p[1], "hello", 5));
	report("FIONREAD", ioctl(p[0], FIONREAD, &n));
	printf("n: %d\n", n);
	report("read 3", read(p[0], buf, 3));
	report("read 64", read(p[0], buf, 64));
	report("write to the read end", write(p[0], "x", 1));
	report("read from the write end", read(p[1], buf, 1));
	report("lseek", lseek(p[0], 0, SEEK_SET));
	report("close writer", close(p[1]));
	report("read at EOF", read(p[0], buf, 64));
	report("read at EOF again", read(p[0], buf, 64));
	report("close reader", close(p[0]));
	report("pipe2 bad flags", pipe2(p, 0x1234));
	report("pipe2 O_CLOEXEC", pipe2(p, O_CLOEXEC | O_NONBLOCK));
	report("F_GETFD", fcntl(p[0], F_GETFD));
	report("F_GETFL & O_NONBLOCK", fcntl(p[1], F_GETFL) & O_NONBLOCK);
	return 0;
}

static int mode_nonblock(void)
{
	int p[2], on = 1;
	char buf[4096];
	long total = 0, r;

	pipe(p);
	report("read empty, O_NONBLOCK by fcntl",
	     (fcntl(p[0], F_SETFL, O_NONBLOCK), read(p[0], buf, 1)));
	report("FIONBIO", ioctl(p[1], FIONBIO, &on));
	memset(buf, 'x', sizeof(buf));
	while ((r = write(p[1], buf, 1000)) > 0)
		total += r;
	printf("filled with 1000-byte writes: %ld, then %s\n", total,
	       errname(errno));
	report("write 1 to a full pipe", write(p[1], buf, 1));
	report("read 100", read(p[0], buf, 100));
	report("write 4096 with 100 free (atomic)", write(p[1], buf, 4096));
	report("write 5000 with 100 free (partial)", write(p[1], buf, 5000));
	report("F_GETPIPE_SZ", fcntl(p[1], F_GETPIPE_SZ));
	return 0;
}

static volatile sig_atomic_t got_pipe;

static void on_pipe(int sig)
{
	got_pipe = sig;
}

static int mode_epipe(void)
{
	int p[2];
	struct pollfd pf;

	pipe(p);
	close(p[0]);
	signal(SIGPIPE, on_pipe);
	report("write with no reader", write(p[1], "x", 1));
	printf("SIGPIPE caught: %d\n", got_pipe == SIGPIPE);
	pf = (struct pollfd){ p[1], POLLOUT, 0 };
	report("poll", poll(&pf, 1, 0));
	printf("revents: %#x\n", pf.revents);
	signal(SIGPIPE, SIG_IGN);
	got_pipe = 0;
	report("write, SIGPIPE ignored", write(p[1], "x", 1));
	printf("SIGPIPE caught: %d\n", got_pipe);
	signal(SIGPIPE, SIG_DFL);
	fflush(stdout);
	write(p[1], "x", 1);
	printf("not reached\n");
	return 0;
}

struct writer_arg {
	int fd;
	char c;
	int n;
	size_t size;
};

static void *writer(void *v)
{
	struct writer_arg *a = v;
	char *buf = malloc(a->size);

	memset(buf, a->c, a->size);
	for (int i = 0; i < a->n; i++)
		if (write(a->fd, buf, a->size) != (ssize_t)a->size)
			printf("short write\n");
	free(buf);
	return NULL;
}

/* Two threads write PIPE_BUF-sized records: none is interleaved. */
static int mode_atomic(void)
{
	struct writer_arg a = { 0, 'a', 200, PIPE_BUF };
	struct writer_arg b = { 0, 'b', 200, PIPE_BUF };
	pthread_t ta, tb;
	int p[2], bad = 0, na = 0, nb = 0;
	char *rec = malloc(PIPE_BUF);

	pipe(p);
	a.fd = b.fd = p[1];
	if (pthread_create(&ta, NULL, writer, &a) ||
	    pthread_create(&tb, NULL, writer, &b)) {
		printf("no threads\n");
		return 3;
	}
	for (int i = 0; i < 400; i++) {
		size_t got = 0;

		while (got < PIPE_BUF) {
			ssize_t r = read(p[0], rec + got, PIPE_BUF - got);

			if (r <= 0)
				return 1;
			got += r;
		}
		for (int j = 1; j < PIPE_BUF; j++)
			bad += rec[j] != rec[0];
		na += rec[0] == 'a';
		nb += rec[0] == 'b';
	}
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	printf("records a %d b %d, mixed bytes %d\n", na, nb, bad);
	return 0;
}

static int mode_size(void)
{
	int p[2];
	char buf[8192];

	pipe(p);
	report("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
	report("F_SETPIPE_SZ 5000", fcntl(p[0], F_SETPIPE_SZ, 5000));
	report("F_GETPIPE_SZ", fcntl(p[1], F_GETPIPE_SZ));
	report("F_SETPIPE_SZ 1", fcntl(p[0], F_SETPIPE_SZ, 1));
	memset(buf, 'y', sizeof(buf));
	report("write 3000", write(p[1], buf, 3000));
	report("F_SETPIPE_SZ 4096 under 3000 bytes", fcntl(p[0], F_SETPIPE_SZ,
							 4096));
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	report("write 8192 to 1096 free", write(p[1], buf, 8192));
	report("read 8192", read(p[0], buf, 8192));
	report("F_SETPIPE_SZ 65536", fcntl(p[0], F_SETPIPE_SZ, 65536));
	report("F_GETPIPE_SZ on a file", fcntl(0, F_GETPIPE_SZ));
	return 0;
}

static int mode_eventfd(void)
{
	uint64_t v = 0;
	int e = eventfd(3, EFD_NONBLOCK);
	int s = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	struct pollfd pf[2] = { { e, POLLIN | POLLOUT, 0 },
				{ s, POLLIN, 0 } };

	report("eventfd bad flags", eventfd(0, 0x10));
	report("read 4 bytes", read(e, &v, 4));
	report("read", read(e, &v, 8));
	printf("value: %llu\n", (unsigned long long)v);
	report("read empty", read(e, &v, 8));
	report("poll", poll(pf, 2, 0));
	printf("revents: %#x %#x\n", pf[0].revents, pf[1].revents);
	v = 5;
	report("write 5", write(e, &v, 8));
	v = 7;
	report("write 7", write(e, &v, 8));
	v = UINT64_MAX;
	report("write UINT64_MAX", write(e, &v, 8));
	v = UINT64_MAX - 1;
	report("write UINT64_MAX - 1 (overflow)", write(e, &v, 8));
	report("read", read(e, &v, 8));
	printf("value: %llu\n", (unsigned long long)v);
	report("semaphore read", read(s, &v, 8));
	printf("value: %llu\n", (unsigned long long)v);
	report("semaphore read", read(s, &v, 8));
	report("semaphore read empty", read(s, &v, 8));
	return 0;
}

static int mode_poll(void)
{
	int p[2];
	struct pollfd pf[4];
	double t;
	int r;

	pipe(p);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	pf[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	pf[2] = (struct pollfd){ 99, POLLIN, 0 };
	pf[3] = (struct pollfd){ -1, POLLIN, 0 };
	report("poll", poll(pf, 4, 0));
	printf("revents: %#x %#x %#x %#x\n", pf[0].revents, pf[1].revents,
	       pf[2].revents, pf[3].revents);
	t = now_ms();
	r = poll(pf, 1, 100);
	t = now_ms() - t;
	printf("poll 100 ms on an empty pipe: %d, %s\n", r,
	       t >= 99 && t < 2000 ? "waited" : "wrong time");
	write(p[1], "z", 1);
	report("poll after a write", poll(pf, 1, -1));
	printf("revents: %#x\n", pf[0].revents);
	close(p[1]);
	read(p[0], pf, 1);
	report("poll with the writer closed", poll(pf, 1, -1));
	printf("revents: %#x\n", pf[0].revents);
	return 0;
}

static int mode_select(void)
{
	int p[2];
	fd_set rd, wr;
	struct timeval tv = { 0, 50000 };
	double t;

	pipe(p);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	report("select", select(p[1] + 1, &rd, &wr, NULL, NULL));
	printf("rd %d wr %d\n", FD_ISSET(p[0], &rd), FD_ISSET(p[1], &wr));
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	t = now_ms();
	report("select 50 ms", select(p[0] + 1, &rd, NULL, NULL, &tv));
	printf("%s\n", now_ms() - t >= 49 ? "waited" : "too soon");
	FD_SET(p[0], &rd);
	write(p[1], "a", 1);
	report("select", select(p[0] + 1, &rd, NULL, NULL, NULL));
	FD_ZERO(&rd);
	FD_SET(40, &rd);
	report("select on a closed fd", select(41, &rd, NULL, NULL, NULL));
	return 0;
}

static void ep_show(const char *what, int ep, int timeout)
{
	struct epoll_event ev[8];
	int n = epoll_wait(ep, ev, 8, timeout);

	if (n < 0) {
		printf("%s: -1 %s\n", what, errname(errno));
		return;
	}
	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(" [%llu %#x]", (unsigned long long)ev[i].data.u64,
		       ev[i].events);
	printf("\n");
}

static int ep_add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int mode_epoll(void)
{
	int p[2], ep = epoll_create1(0), f;
	struct epoll_event ev = { .events = EPOLLIN };
	double t;
	char c;

	pipe(p);
	report("add reader", ep_add(ep, p[0], EPOLLIN | EPOLLRDHUP, 1));
	report("add writer", ep_add(ep, p[1], EPOLLOUT, 2));
	report("add again", ep_add(ep, p[1], EPOLLOUT, 2));
	report("add itself", ep_add(ep, ep, EPOLLIN, 3));
	report("add a closed fd", ep_add(ep, 77, EPOLLIN, 3));
	f = open("/etc/passwd-does-not-matter", O_RDONLY);
	f = f < 0 ? open("/", O_RDONLY | O_DIRECTORY) : f;
	report("add a directory", ep_add(ep, f, EPOLLIN, 4));
	report("ctl on a non-epoll fd", epoll_ctl(p[0], EPOLL_CTL_ADD, p[1],
						 &ev));
	report("del unknown", epoll_ctl(ep, EPOLL_CTL_DEL, f, NULL));
	report("mod unknown", epoll_ctl(ep, EPOLL_CTL_MOD, eventfd(0, 0), &ev));
	report("EPOLLEXCLUSIVE with MOD", (ev.events = EPOLLIN |
		EPOLLEXCLUSIVE, epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev)));
	report("maxevents 0", epoll_wait(ep, &ev, 0, 0));
	ep_show("wait", ep, 0);
	t = now_ms();
	report("del writer", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
	ep_show("wait 80 ms", ep, 80);
	printf("%s\n", now_ms() - t >= 79 ? "waited" : "too soon");
	write(p[1], "ab", 2);
	ep_show("level: wait", ep, 0);
	ep_show("level: wait again", ep, 0);
	read(p[0], &c, 1);
	read(p[0], &c, 1);
	ep_show("drained", ep, 0);
	close(p[1]);
	ep_show("writer closed", ep, 0);
	report("epoll in poll", poll(&(struct pollfd){ ep, POLLIN, 0 }, 1, 0));
	return 0;
}

static int mode_edge(void)
{
	int p[2], ep = epoll_create1(EPOLL_CLOEXEC);
	char buf[8];

	pipe(p);
	ep_add(ep, p[0], EPOLLIN | EPOLLET, 1);
	ep_show("edge: empty", ep, 0);
	write(p[1], "abc", 3);
	ep_show("edge: after a write", ep, 0);
	ep_show("edge: nothing new", ep, 0);
	read(p[0], buf, 1);
	ep_show("edge: after a partial read", ep, 0);
	write(p[1], "d", 1);
	ep_show("edge: after a second write", ep, 0);
	ep_show("edge: nothing new", ep, 30);
	return 0;
}

static int mode_oneshot(void)
{
	int p[2], ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT,
				  .data.u64 = 9 };

	pipe(p);
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	write(p[1], "x", 1);
	ep_show("oneshot: first", ep, 0);
	ep_show("oneshot: disarmed", ep, 0);
	write(p[1], "y", 1);
	ep_show("oneshot: still disarmed", ep, 0);
	report("rearm", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	ep_show("oneshot: rearmed", ep, 0);
	return 0;
}

static int mode_close(void)
{
	int p[2], ep = epoll_create1(0), d;

	pipe(p);
	write(p[1], "x", 1);
	ep_add(ep, p[0], EPOLLIN, 5);
	d = dup(p[0]);
	close(p[0]);
	ep_show("closed, a dup remains: still reported", ep, 0);
	close(d);
	ep_show("last descriptor closed: gone", ep, 0);
	pipe(p);
	report("add the reused number", ep_add(ep, p[0], EPOLLIN, 6));
	return 0;
}

static int mode_nested(void)
{
	int p[2], inner = epoll_create1(0), outer = epoll_create1(0);

	pipe(p);
	ep_add(inner, p[0], EPOLLIN, 1);
	report("inner in outer", ep_add(outer, inner, EPOLLIN, 2));
	report("outer in inner (loop)", ep_add(inner, outer, EPOLLIN, 3));
	ep_show("outer, nothing", outer, 0);
	write(p[1], "x", 1);
	ep_show("outer", outer, 0);
	ep_show("inner", inner, 0);
	return 0;
}

struct blocked {
	int fd;
	long got;
	char buf[16];
};

static void *blocked_reader(void *v)
{
	struct blocked *b = v;

	b->got = read(b->fd, b->buf, sizeof(b->buf));
	return NULL;
}

static void *blocked_waiter(void *v)
{
	struct blocked *b = v;
	struct epoll_event ev;

	b->got = epoll_wait(b->fd, &ev, 1, 5000);
	return NULL;
}

/* A reader blocked on a pipe, and one in epoll_wait: others go on. */
static int mode_threads(void)
{
	int p[2], q[2], ep = epoll_create1(0);
	struct blocked r = { 0, -2, "" }, w = { 0, -2, "" };
	pthread_t tr, tw;
	uint64_t v = 1;
	int efd = eventfd(0, 0);

	pipe(p);
	pipe(q);
	r.fd = p[0];
	w.fd = ep;
	ep_add(ep, efd, EPOLLIN, 1);
	if (pthread_create(&tr, NULL, blocked_reader, &r) ||
	    pthread_create(&tw, NULL, blocked_waiter, &w)) {
		printf("no threads\n");
		return 3;
	}
	usleep(50000);
	printf("after 50 ms: reader %ld, waiter %ld\n", r.got, w.got);
	write(p[1], "wake", 4);
	write(efd, &v, 8);
	pthread_join(tr, NULL);
	pthread_join(tw, NULL);
	printf("reader %ld %.*s, waiter %ld\n", r.got, (int)r.got, r.buf,
	       w.got);
	return 0;
}

static volatile int ticks, ticks_at_read = -1, ticks_at_start = -1;

static void *stdin_reader(void *v)
{
	struct blocked *b = v;

	printf("reading\n");
	fflush(stdout);
	ticks_at_start = ticks;
	/* to the end of the line: the console may give it byte by byte */
	b->got = 0;
	while (b->got < (long)sizeof(b->buf)) {
		long r = read(0, b->buf + b->got, sizeof(b->buf) - b->got);

		if (r <= 0)
			break;
		b->got += r;
		if (b->buf[b->got - 1] == '\n')
			break;
	}
	ticks_at_read = ticks;
	return NULL;
}

/*
 * A thread blocked reading the console while the main thread keeps
 * ticking (tests/console-wait.test sends the input half a second after
 * "reading").
 */
static int mode_stdin_wait(void)
{
	struct blocked r = { 0, -2, "" };
	pthread_t t;

	if (pthread_create(&t, NULL, stdin_reader, &r)) {
		printf("no threads\n");
		return 3;
	}
	while (ticks_at_read < 0 && ticks < 3000) {
		usleep(20000);
		ticks++;
	}
	pthread_join(t, NULL);
	printf("read %ld bytes: %.*s", r.got, (int)(r.got > 0 ? r.got : 0),
	       r.buf);
	printf("main thread ran while the reader waited: %s\n",
	       ticks_at_read - ticks_at_start >= 10 ? "yes" : "no");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(void);
	} modes[] = {
		{ "pipe", mode_pipe }, { "nonblock", mode_nonblock },
		{ "epipe", mode_epipe }, { "atomic", mode_atomic },
		{ "size", mode_size }, { "eventfd", mode_eventfd },
		{ "poll", mode_poll }, { "select", mode_select },
		{ "epoll", mode_epoll }, { "edge", mode_edge },
		{ "oneshot", mode_oneshot }, { "close", mode_close },
		{ "nested", mode_nested }, { "threads", mode_threads },
		{ "stdin-wait", mode_stdin_wait },
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; argc > 1 && i < sizeof(modes) / sizeof(*modes);
	     i++)
		if (!strcmp(argv[1], modes[i].name))
			return modes[i].fn();
	fprintf(stderr, "usage: pipes MODE\n");
	return 2;
}
