/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Descriptors passed over AF_UNIX sockets (SCM_RIGHTS) as Linux passes
 * them: what sendmsg and recvmsg return, the control message the
 * receiver gets (level, type, length, msg_controllen, msg_flags with
 * MSG_CTRUNC), and that a received descriptor reaches the same open
 * file (a pipe written through it, a socket talked through) while the
 * ones that did not fit are closed (the pipe's reader sees its end).
 * Descriptor numbers are not printed: they depend on what the runner
 * left open. For tests/apps-compare.test.
 *
 *   scmrights pass|several|ctrunc|stream|dgram|socket|inflight|errors
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "compare.h"

#define MAXFDS	8

/* Sends @len bytes of @data with the descriptors @fds[@n] (n 0: no
 * control message at all). */
static long send_fds(int s, const char *data, size_t len, const int *fds,
		     int n)
{
	union {
		char buf[CMSG_SPACE(MAXFDS * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { (void *)data, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (n) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof(u));
		m.msg_control = u.buf;
		m.msg_controllen = CMSG_SPACE(n * sizeof(int));
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	}
	return sendmsg(s, &m, 0);
}

/*
 * Receives into @buf with @room descriptors' worth of control space
 * (-1: no control buffer at all) and @flags; prints what came and puts
 * the descriptors in @fds (their count is returned in *@nfds).
 */
static long recv_fds(const char *what, int s, int room, int flags,
		     int *fds, int *nfds)
{
	union {
		char buf[CMSG_SPACE(MAXFDS * sizeof(int))];
		struct cmsghdr align;
	} u;
	char data[64];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	long r;

	*nfds = 0;
	memset(&u, 0x55, sizeof(u));
	if (room >= 0) {
		m.msg_control = u.buf;
		m.msg_controllen = room ? CMSG_SPACE(room * sizeof(int)) :
				   sizeof(struct cmsghdr);
	}
	r = recvmsg(s, &m, flags);
	if (r < 0) {
		report(what, r);
		return r;
	}
	printf("%s: %ld \"%.*s\" controllen %zu flags %#x\n", what, r,
	       (int)r, data, (size_t)m.msg_controllen, m.msg_flags);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c;
	     c = CMSG_NXTHDR(&m, c)) {
		int n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));

		printf("  cmsg level %d type %d len %zu: %d descriptors\n",
		       c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len, n);
		for (int i = 0; i < n && *nfds < MAXFDS; i++)
			memcpy(&fds[(*nfds)++],
			       CMSG_DATA(c) + i * sizeof(int), sizeof(int));
	}
	return r;
}

/* What @fd is now: its type and close-on-exec flag, or EBADF. */
static void show_fd(const char *what, int fd)
{
	struct stat st;
	int fl = fcntl(fd, F_GETFD);

	if (fstat(fd, &st) < 0) {
		printf("%s: %s\n", what, errname(errno));
		return;
	}
	printf("%s: %s%s\n", what,
	       S_ISFIFO(st.st_mode) ? "fifo" :
	       S_ISSOCK(st.st_mode) ? "socket" :
	       S_ISREG(st.st_mode) ? "file" : "other",
	       fl & FD_CLOEXEC ? " cloexec" : "");
}

/* Reads what the pipe @rd holds now, without blocking: the bytes, end
 * of file (every writer closed) or EAGAIN (a writer is open). */
static void drain(const char *what, int rd)
{
	char buf[64];
	long r;

	fcntl(rd, F_SETFL, O_NONBLOCK);
	r = read(rd, buf, sizeof(buf));
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld \"%.*s\"\n", what, r, (int)r, buf);
}

static void pipe_or_die(int p[2])
{
	if (pipe(p) < 0) {
		perror("pipe");
		exit(2);
	}
}

static void pair_or_die(int type, int sv[2])
{
	if (socketpair(AF_UNIX, type, 0, sv) < 0) {
		perror("socketpair");
		exit(2);
	}
}

/* a pipe's write end goes over a stream pair; the pipe is written
 * through the received descriptor after the sender closed its own */
static void do_pass(void)
{
	int sv[2], p[2], got[MAXFDS], n;

	pair_or_die(SOCK_STREAM, sv);
	pipe_or_die(p);
	report("sendmsg", send_fds(sv[0], "x", 1, &p[1], 1));
	close(p[1]);
	recv_fds("recvmsg", sv[1], 1, 0, got, &n);
	if (n != 1)
		return;
	show_fd("received", got[0]);
	report("write through it", write(got[0], "hello", 5));
	drain("pipe", p[0]);
	close(got[0]);
	drain("pipe after close", p[0]);
}

/* five descriptors in two control messages arrive as one message */
static void do_several(void)
{
	union {
		char buf[2 * CMSG_SPACE(3 * sizeof(int))];
		struct cmsghdr align;
	} u;
	int sv[2], p[2], f[5], got[MAXFDS], n;
	struct iovec iov = { "y", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.buf };
	struct cmsghdr *c;

	pair_or_die(SOCK_STREAM, sv);
	pipe_or_die(p);
	for (int i = 0; i < 5; i++)
		f[i] = dup(p[1]);
	close(p[1]);
	memset(&u, 0, sizeof(u));
	m.msg_controllen = CMSG_SPACE(3 * sizeof(int)) +
			   CMSG_SPACE(2 * sizeof(int));
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(3 * sizeof(int));
	memcpy(CMSG_DATA(c), f, 3 * sizeof(int));
	c = CMSG_NXTHDR(&m, c);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(2 * sizeof(int));
	memcpy(CMSG_DATA(c), f + 3, 2 * sizeof(int));
	report("sendmsg, two SCM_RIGHTS", sendmsg(sv[0], &m, 0));
	for (int i = 0; i < 5; i++)
		close(f[i]);
	recv_fds("recvmsg", sv[1], MAXFDS, 0, got, &n);
	for (int i = 0; i < n; i++) {
		char b = (char)('0' + i);

		write(got[i], &b, 1);
		close(got[i]);
	}
	drain("pipe", p[0]);
	drain("pipe, all closed", p[0]);
}

/* room for fewer descriptors than came (CMSG_SPACE(sizeof(int)) holds
 * two): MSG_CTRUNC, the rest closed;
 * read() and a recvmsg without control space close them all */
static void do_ctrunc(void)
{
	int sv[2], p[2], f[3], got[MAXFDS], n;

	pair_or_die(SOCK_DGRAM, sv);
	pipe_or_die(p);
	for (int i = 0; i < 3; i++)
		f[i] = dup(p[1]);
	close(p[1]);
	report("sendmsg 3", send_fds(sv[0], "a", 1, f, 3));
	report("sendmsg 3", send_fds(sv[0], "b", 1, f, 3));
	report("sendmsg 3", send_fds(sv[0], "c", 1, f, 3));
	report("sendmsg 3", send_fds(sv[0], "d", 1, f, 3));
	for (int i = 0; i < 3; i++)
		close(f[i]);
	recv_fds("recvmsg, CMSG_SPACE(4): room for 2", sv[1], 1, 0, got, &n);
	drain("pipe", p[0]);
	for (int i = 0; i < n; i++)
		close(got[i]);
	recv_fds("recvmsg, a bare header", sv[1], 0, 0, got, &n);
	recv_fds("recvmsg, no control", sv[1], -1, 0, got, &n);
	{
		char b[8];

		report("read", read(sv[1], b, sizeof(b)));
	}
	drain("pipe, every one closed", p[0]);
}

/* a stream read stops after the piece that brought descriptors */
static void do_stream(void)
{
	int sv[2], p[2], got[MAXFDS], n;

	pair_or_die(SOCK_STREAM, sv);
	pipe_or_die(p);
	report("send ab", send_fds(sv[0], "ab", 2, NULL, 0));
	report("send cd + fd", send_fds(sv[0], "cd", 2, &p[1], 1));
	report("send ef", send_fds(sv[0], "ef", 2, NULL, 0));
	report("send gh + fd", send_fds(sv[0], "gh", 2, &p[1], 1));
	close(p[1]);
	recv_fds("recvmsg, peek", sv[1], 2, MSG_PEEK, got, &n);
	for (int i = 0; i < n; i++)
		close(got[i]);
	recv_fds("recvmsg", sv[1], 2, 0, got, &n);
	for (int i = 0; i < n; i++)
		close(got[i]);
	recv_fds("recvmsg, MSG_WAITALL", sv[1], 2, MSG_WAITALL, got, &n);
	for (int i = 0; i < n; i++)
		close(got[i]);
	recv_fds("recvmsg, nothing left", sv[1], 2, MSG_DONTWAIT, got, &n);
	drain("pipe, all closed", p[0]);
}

/* datagrams: a peek gives descriptors too, the read gives others;
 * MSG_CMSG_CLOEXEC */
static void do_dgram(void)
{
	int sv[2], p[2], a[MAXFDS], b[MAXFDS], na, nb;

	pair_or_die(SOCK_DGRAM, sv);
	pipe_or_die(p);
	report("sendmsg", send_fds(sv[0], "dg", 2, &p[1], 1));
	close(p[1]);
	recv_fds("recvmsg, peek", sv[1], 1, MSG_PEEK, a, &na);
	recv_fds("recvmsg, MSG_CMSG_CLOEXEC", sv[1], 1, MSG_CMSG_CLOEXEC,
		 b, &nb);
	if (na != 1 || nb != 1)
		return;
	printf("two descriptors: %s\n", a[0] != b[0] ? "yes" : "no");
	show_fd("peeked", a[0]);
	show_fd("received", b[0]);
	write(a[0], "1", 1);
	write(b[0], "2", 1);
	close(a[0]);
	drain("pipe", p[0]);
	close(b[0]);
	drain("pipe, all closed", p[0]);
	report("recvmsg, nothing left",
	       recv(sv[1], (char[4]){ 0 }, 4, MSG_DONTWAIT));
}

/* a socket passed over a socket, then talked through */
static void do_socket(void)
{
	int sv[2], tv[2], got[MAXFDS], n;
	char buf[16];
	long r;

	pair_or_die(SOCK_STREAM, sv);
	pair_or_die(SOCK_STREAM, tv);
	report("sendmsg", send_fds(sv[0], "s", 1, &tv[0], 1));
	close(tv[0]);
	recv_fds("recvmsg", sv[1], 1, 0, got, &n);
	if (n != 1)
		return;
	show_fd("received", got[0]);
	report("send through it", send(got[0], "over", 4, 0));
	r = recv(tv[1], buf, sizeof(buf), 0);
	printf("peer got: %ld \"%.*s\"\n", r, (int)(r > 0 ? r : 0), buf);
	report("send back", send(tv[1], "back", 4, 0));
	r = recv(got[0], buf, sizeof(buf), 0);
	printf("received one got: %ld \"%.*s\"\n", r, (int)(r > 0 ? r : 0),
	       buf);
	close(got[0]);
	report("peer reads the end", recv(tv[1], buf, sizeof(buf), 0));
}

/* descriptors never received are closed with the socket holding them */
static void do_inflight(void)
{
	int sv[2], p[2];

	pair_or_die(SOCK_STREAM, sv);
	pipe_or_die(p);
	report("sendmsg", send_fds(sv[0], "i", 1, &p[1], 1));
	close(p[1]);
	drain("pipe, in flight", p[0]);
	close(sv[0]);
	drain("pipe, sender closed", p[0]);
	close(sv[1]);
	drain("pipe, receiver closed", p[0]);
}

/* a control message with a bad header, type or descriptor */
static void send_raw(const char *what, int s, size_t controllen,
		     size_t cmsg_len, int level, int type, const int *fds,
		     int n)
{
	union {
		char buf[CMSG_SPACE(200 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { "e", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = controllen };
	struct cmsghdr *c = (struct cmsghdr *)u.buf;

	memset(&u, 0, sizeof(u));
	c->cmsg_len = cmsg_len;
	c->cmsg_level = level;
	c->cmsg_type = type;
	memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	report(what, sendmsg(s, &m, 0));
}

static void do_errors(void)
{
	int sv[2], p[2], many[200], bad = 1000, got[MAXFDS], n;
	char b[16];

	pair_or_die(SOCK_DGRAM, sv);
	pipe_or_die(p);
	for (int i = 0; i < 200; i++)
		many[i] = p[1];
	send_raw("a descriptor not open", sv[0], CMSG_SPACE(sizeof(int)),
		 CMSG_LEN(sizeof(int)), SOL_SOCKET, SCM_RIGHTS, &bad, 1);
	send_raw("cmsg_len below the header", sv[0],
		 CMSG_SPACE(sizeof(int)), sizeof(struct cmsghdr) - 1,
		 SOL_SOCKET, SCM_RIGHTS, &p[1], 1);
	send_raw("cmsg_len past msg_controllen", sv[0],
		 CMSG_SPACE(sizeof(int)), CMSG_SPACE(sizeof(int)) + 8,
		 SOL_SOCKET, SCM_RIGHTS, &p[1], 1);
	send_raw("an unknown SOL_SOCKET type", sv[0],
		 CMSG_SPACE(sizeof(int)), CMSG_LEN(sizeof(int)), SOL_SOCKET,
		 77, &p[1], 1);
	/* not SCM_MAX_FD (253): musl's sendmsg copies at most 1024 bytes
	 * of control data (ENOMEM past it) before the kernel sees them */
	send_raw("200 descriptors", sv[0], CMSG_SPACE(200 * sizeof(int)),
		 CMSG_LEN(200 * sizeof(int)), SOL_SOCKET, SCM_RIGHTS, many,
		 200);
	report("recv them", recv(sv[1], b, sizeof(b), 0));
	send_raw("another level is ignored", sv[0], CMSG_SPACE(sizeof(int)),
		 CMSG_LEN(sizeof(int)), 6, SCM_RIGHTS, &p[1], 1);
	recv_fds("recvmsg", sv[1], 1, 0, got, &n);
	send_raw("an empty SCM_RIGHTS", sv[0], CMSG_SPACE(0), CMSG_LEN(0),
		 SOL_SOCKET, SCM_RIGHTS, NULL, 0);
	recv_fds("recvmsg", sv[1], 1, 0, got, &n);
	send_raw("msg_controllen below a header", sv[0], 8,
		 CMSG_LEN(sizeof(int)), SOL_SOCKET, SCM_RIGHTS, &p[1], 1);
	recv_fds("recvmsg", sv[1], 1, 0, got, &n);
	report("nothing queued", recv(sv[1], b, sizeof(b), MSG_DONTWAIT));
	close(p[1]);
	drain("pipe, all closed", p[0]);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} modes[] = {
		{ "pass", do_pass }, { "several", do_several },
		{ "ctrunc", do_ctrunc }, { "stream", do_stream },
		{ "dgram", do_dgram }, { "socket", do_socket },
		{ "inflight", do_inflight }, { "errors", do_errors },
	};

	setvbuf(stdout, NULL, _IONBF, 0);
	for (int a = 1; a < argc; a++) {
		size_t i;

		for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
			if (!strcmp(argv[a], modes[i].name))
				break;
		if (i == sizeof(modes) / sizeof(modes[0])) {
			fprintf(stderr, "scmrights: unknown mode %s\n",
				argv[a]);
			return 2;
		}
		printf("== %s\n", argv[a]);
		modes[i].fn();
	}
	return 0;
}
