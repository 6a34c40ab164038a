/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AF_UNIX sockets inside the image, stream and datagram, as Linux has
 * them: names in the VFS (a socket node made by bind, found by connect
 * and sendto) or abstract (a leading NUL byte, kept here); autobind
 * with an address of the family alone; listen/accept/connect,
 * socketpair, shutdown (which the peer sees), getsockname/getpeername,
 * SO_PEERCRED (pid 1, uid and gid 0), MSG_PEEK, MSG_DONTWAIT,
 * MSG_NOSIGNAL, MSG_WAITALL, MSG_TRUNC; descriptors passed with
 * SCM_RIGHTS (SCM_CREDENTIALS is accepted and not delivered); no
 * SOCK_SEQPACKET.
 *
 * A socket's receive queue holds messages (a datagram, or a piece of a
 * stream); what a socket sent and its peer has not read counts against
 * its send buffer. Readiness follows Linux's unix_poll.
 *
 * Descriptors in flight are references to their open files held by the
 * message (struct scm), not descriptors; the receiver gets new
 * descriptors. As on Linux a stream read stops after the message that
 * brought descriptors, and a read without room for them (read(), a
 * short msg_control) closes what does not fit (MSG_CTRUNC). Unlike
 * Linux, nothing collects a cycle (a socket in flight in its own
 * queue, all its descriptors closed): it stays until the image ends.
 *
 * Locking: none beyond the descriptor table's (system calls run with
 * preemption off); waiters sleep on their own socket's poll queue.
 */
#include <uk/link.h>
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include <uk/vfs.h>
#include "posix.h"
#include "file.h"
#include "socket.h"

UK_LINK_ANCHOR(unix);

#define L_SOCK_STREAM		1
#define L_SOCK_DGRAM		2
#define L_SOCK_SEQPACKET	5
#define L_SOCK_TYPE_MASK	0xf

#define L_MSG_OOB	0x1
#define L_MSG_PEEK	0x2
#define L_MSG_CTRUNC	0x8
#define L_MSG_TRUNC	0x20
#define L_MSG_DONTWAIT	0x40
#define L_MSG_WAITALL	0x100
#define L_MSG_NOSIGNAL	0x4000
#define L_MSG_CMSG_CLOEXEC 0x40000000

#define L_SOL_SOCKET	1
#define L_SO_REUSEADDR	2
#define L_SO_TYPE	3
#define L_SO_ERROR	4
#define L_SO_SNDBUF	7
#define L_SO_RCVBUF	8
#define L_SO_PASSCRED	16
#define L_SO_PEERCRED	17
#define L_SO_PROTOCOL	38
#define L_SO_DOMAIN	39
#define L_SO_ACCEPTCONN	30
#define L_SCM_RIGHTS	1
#define L_SCM_CREDENTIALS 2
#define SCM_MAX_FD	253		/* descriptors in one message */
#define CTL_MAX		20480		/* net.core.optmem_max */

#define L_SHUT_RD	0
#define L_SHUT_WR	1
#define L_SHUT_RDWR	2
#define SHUT_RCV	1		/* own receive side */
#define SHUT_SEND	2		/* own send side */

#define PATH_MAX_UN	108
#define SNDBUF		212992		/* net.core.wmem_default */
#define DGRAM_QLEN	10		/* net.unix.max_dgram_qlen */
#define SOMAXCONN	4096
#define L_FIONREAD	0x541b

struct l_sockaddr_un {
	uint16_t family;
	char path[PATH_MAX_UN];
};

struct uaddr {
	unsigned int len;		/* 0: unbound */
	struct l_sockaddr_un sun;
};

struct usock;

/* descriptors in flight: a reference to each open file */
struct scm {
	unsigned int n;
	struct uk_ofile *of[SCM_MAX_FD];
};

struct umsg {
	struct umsg *next;
	struct usock *from;		/* NULL once the sender is gone */
	struct scm *scm;		/* descriptors sent with it, or NULL */
	struct uaddr addr;		/* the sender's (datagrams) */
	size_t len, off;
	char data[];
};

enum { U_NEW, U_LISTEN, U_CONNECTED };

struct usock {
	struct uk_file f;
	int type;
	int state;
	int shut;			/* SHUT_RCV | SHUT_SEND */
	int err;			/* pending error, positive */
	bool refused;			/* a datagram peer went: next send */
	bool open;			/* an open file holds it */
	bool named;			/* bind gave it addr (an accepted
					 * socket shows its listener's) */
	struct usock *peer;
	struct uaddr addr;
	struct uk_vnode *vn;		/* the bound path's node */
	struct umsg *rq, **rq_tail;
	size_t rq_bytes;
	unsigned int rq_count;
	size_t wmem;			/* sent, not yet read */
	/* listening: connections not accepted yet */
	struct usock *pending, *next_pending, *listener;
	unsigned int npending;
	int backlog;
	struct usock *next;		/* every socket */
};

static struct usock *all;
static unsigned int autobind_next;

static const struct uk_node unix_node = {
	.name = "socket",
	.path = "socket:",
	.mode = 0140000 | 0777,
};

static const struct uk_file_ops unix_ops;

static struct usock *us_of(int fd)
{
	return (struct usock *)uk_posix_fd_get(fd)->file;
}

static void us_notify(struct usock *u, unsigned int ev)
{
	if (u)
		uk_pollq_notify_ev(&u->f.pq, ev);
}

/* Waits for a change of @u from @seq: 0, or -ERESTARTSYS. */
static long us_wait(struct usock *u, uint64_t seq)
{
	return uk_pollq_wait(&u->f.pq, seq, 0) == -UK_EINTR ?
	       -UK_ERESTARTSYS : 0;
}

static struct usock *us_new(int type)
{
	struct usock *u = uk_calloc(uk_alloc_get_default(), 1, sizeof(*u));

	if (!u)
		return NULL;
	uk_file_init(&u->f, &unix_ops);
	u->type = type;
	u->rq_tail = &u->rq;
	u->next = all;
	all = u;
	return u;
}

static long us_open(struct usock *u, int flags)
{
	long fd = uk_posix_fd_open_file(&unix_node, &u->f, L_O_RDWR |
					(flags & (L_O_NONBLOCK |
						  L_O_CLOEXEC)));

	if (fd >= 0)
		u->open = true;
	return fd;
}

/* ---- messages ---- */

static void msg_consumed(struct umsg *m, size_t n)
{
	if (!m->from)
		return;
	m->from->wmem -= n;
	us_notify(m->from, L_POLLOUT | L_POLLWRNORM);
}

/* Drops the descriptors in flight @s (NULL: none). */
static void scm_put(struct scm *s)
{
	if (!s)
		return;
	for (unsigned int i = 0; i < s->n; i++)
		uk_posix_ofile_put(s->of[i]);
	uk_free(uk_alloc_get_default(), s);
}

/* A second reference to every file of @s (MSG_PEEK), or NULL. */
static struct scm *scm_dup(const struct scm *s)
{
	struct scm *d = uk_malloc(uk_alloc_get_default(), sizeof(*d));

	if (!d)
		return NULL;
	*d = *s;
	for (unsigned int i = 0; i < d->n; i++)
		uk_posix_ofile_get(d->of[i]);
	return d;
}

/*
 * What a read takes of @m's descriptors: all of them, or a copy for a
 * peek (NULL if that fails: the peek goes without).
 */
static struct scm *msg_take_scm(struct umsg *m, int flags)
{
	struct scm *s = m->scm;

	if (!s)
		return NULL;
	if (flags & L_MSG_PEEK)
		return scm_dup(s);
	m->scm = NULL;
	return s;
}

static void msg_free(struct usock *u, struct umsg *m)
{
	u->rq = m->next;
	if (!u->rq)
		u->rq_tail = &u->rq;
	u->rq_count--;
	msg_consumed(m, m->len - m->off);
	u->rq_bytes -= m->len - m->off;
	/* after the unlinking: the last reference to a socket in flight
	 * destroys it, which looks at every queue */
	scm_put(m->scm);
	uk_free(uk_alloc_get_default(), m);
}

/* Queues @len bytes from @from on @to, with the descriptors *@scm (which
 * the message then owns: *@scm becomes NULL). */
static long msg_queue(struct usock *from, struct usock *to, const void *buf,
		      size_t len, struct scm **scm)
{
	struct umsg *m = uk_malloc(uk_alloc_get_default(), sizeof(*m) + len);

	if (!m)
		return -UK_ENOMEM;
	m->next = NULL;
	m->from = from;
	m->scm = *scm;
	*scm = NULL;
	m->addr = from->addr;
	m->len = len;
	m->off = 0;
	uk_memcpy(m->data, buf, len);
	*to->rq_tail = m;
	to->rq_tail = &m->next;
	to->rq_count++;
	to->rq_bytes += len;
	from->wmem += len;
	us_notify(to, L_POLLIN | L_POLLRDNORM);
	return len;
}

/* ---- addresses and names ---- */

/*
 * Linux's address @a of @len bytes into @out: -EINVAL for a bad length
 * or family; the path is NUL-terminated (abstract names are not).
 */
static long addr_in(const void *a, unsigned int len, struct uaddr *out)
{
	const struct l_sockaddr_un *sun = &out->sun;

	if (!a)
		return -UK_EFAULT;
	if (len < sizeof(uint16_t) || len > sizeof(*sun))
		return -UK_EINVAL;
	uk_memset(out, 0, sizeof(*out));
	if (uk_copy_from_user(&out->sun, a, len))
		return -UK_EFAULT;
	if (sun->family != L_AF_UNIX)
		return -UK_EINVAL;
	out->len = len;
	if (len > sizeof(uint16_t) && sun->path[0]) {
		/* a path: up to its NUL (Linux's unix_mkname) */
		size_t n = uk_strnlen(out->sun.path, len - sizeof(uint16_t));

		out->len = sizeof(uint16_t) + n + 1;
		if (n == PATH_MAX_UN)
			out->len = sizeof(*sun);
	}
	return 0;
}

static bool is_abstract(const struct uaddr *a)
{
	return a->len > sizeof(uint16_t) && !a->sun.path[0];
}

/* Copies @a out as getsockname does. */
static long addr_out(const struct uaddr *a, void *ua, unsigned int *lenp)
{
	unsigned int len = a->len ? a->len : sizeof(uint16_t);
	struct l_sockaddr_un un = { .family = L_AF_UNIX };

	unsigned int ulen;

	if (!ua || uk_copy_from_user(&ulen, lenp, sizeof(ulen)))
		return -UK_EFAULT;
	if ((int)ulen < 0)
		return -UK_EINVAL;
	if (a->len)
		un = a->sun;
	if (uk_copy_to_user(ua, &un, UK_MIN(ulen, len)) ||
	    uk_copy_to_user(lenp, &len, sizeof(len)))
		return -UK_EFAULT;
	return 0;
}

/* A sender's address as recvfrom gives it: nothing if it had none. */
static void from_out(const struct uaddr *a, void *ua, unsigned int *lenp)
{
	static const unsigned int zero;

	if (a->len)
		addr_out(a, ua, lenp);
	else
		uk_copy_to_user(lenp, &zero, sizeof(zero));
}

static struct usock *find_abstract(const struct uaddr *a)
{
	for (struct usock *u = all; u; u = u->next)
		if (u->named && u->addr.len == a->len &&
		    is_abstract(&u->addr) &&
		    !uk_memcmp(&u->addr.sun, &a->sun, a->len))
			return u;
	return NULL;
}

/* The socket @a names, of @type: -ENOENT, -ECONNREFUSED, -EPROTOTYPE. */
static long find(const struct uaddr *a, int type, struct usock **out)
{
	struct usock *u = NULL;

	if (is_abstract(a)) {
		u = find_abstract(a);
	} else {
		struct uk_vfs_nd nd;
		long r = uk_posix_lookup_at(L_AT_FDCWD, a->sun.path,
					    UK_VFS_FOLLOW, &nd);

		if (r < 0)
			return r;
		if ((nd.vn->mode & UK_S_IFMT) != UK_S_IFSOCK)
			return -UK_ECONNREFUSED;
		for (u = all; u && u->vn != nd.vn; u = u->next)
			;
	}
	if (!u)
		return -UK_ECONNREFUSED;
	if (u->type != type)
		return -UK_EPROTOTYPE;
	*out = u;
	return 0;
}

static long do_bind(struct usock *u, struct uaddr *a)
{
	struct uk_vfs_nd nd;
	long r;

	if (u->addr.len && (a->len == sizeof(uint16_t) || is_abstract(a)))
		return -UK_EINVAL;
	if (a->len == sizeof(uint16_t)) {	/* autobind: 5 hex digits */
		do {
			a->sun.path[0] = 0;
			for (int i = 0; i < 5; i++)
				a->sun.path[1 + i] = "0123456789abcdef"
					[(autobind_next >> (4 * (4 - i))) & 15];
			a->len = sizeof(uint16_t) + 6;
			autobind_next = (autobind_next + 1) & 0xfffff;
		} while (find_abstract(a));
	}
	if (is_abstract(a)) {
		if (find_abstract(a))
			return -UK_EADDRINUSE;
		u->addr = *a;
		u->named = true;
		return 0;
	}
	/* as Linux: the name first (EADDRINUSE), then a second bind */
	r = uk_syscall(UK_NR_mknodat, (long)L_AT_FDCWD, (long)a->sun.path,
		       (long)(UK_S_IFSOCK | 0777), 0L);
	if (r == -UK_EEXIST)
		return -UK_EADDRINUSE;
	if (r < 0)
		return r;
	if (u->addr.len) {
		uk_syscall(UK_NR_unlinkat, (long)L_AT_FDCWD,
			   (long)a->sun.path, 0L);
		return -UK_EINVAL;
	}
	r = uk_posix_lookup_at(L_AT_FDCWD, a->sun.path, 0, &nd);
	if (r < 0)
		return r;
	u->vn = nd.vn;
	uk_vnode_get(u->vn);
	u->addr = *a;
	u->named = true;
	return 0;
}

static long unix_bind(int fd, const void *addr, unsigned int len)
{
	struct uaddr a;
	long r = addr_in(addr, len, &a);

	return r ? r : do_bind(us_of(fd), &a);
}

static long unix_getsockname(int fd, void *addr, unsigned int *lenp)
{
	return addr_out(&us_of(fd)->addr, addr, lenp);
}

static long unix_getpeername(int fd, void *addr, unsigned int *lenp)
{
	struct usock *u = us_of(fd);

	if (!u->peer)
		return -UK_ENOTCONN;
	return addr_out(&u->peer->addr, addr, lenp);
}

/* ---- connections ---- */

static long unix_listen(int fd, int backlog)
{
	struct usock *u = us_of(fd);

	if (u->type != L_SOCK_STREAM)
		return -UK_EOPNOTSUPP;
	if (u->state == U_CONNECTED || !u->addr.len)
		return -UK_EINVAL;
	if ((unsigned int)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	u->backlog = backlog;
	if (u->state != U_LISTEN) {
		u->state = U_LISTEN;
		us_notify(u, 0);
	}
	return 0;
}

static void pair(struct usock *a, struct usock *b)
{
	a->peer = b;
	b->peer = a;
	a->state = b->state = U_CONNECTED;
}

static long stream_connect(struct usock *u, struct uaddr *a, bool nonblock)
{
	struct usock *l, *s;
	long r;

	if (u->state == U_CONNECTED)
		return -UK_EISCONN;
	if (u->state == U_LISTEN)
		return -UK_EINVAL;
	for (;;) {
		uint64_t seq;

		r = find(a, L_SOCK_STREAM, &l);
		if (r)
			return r;
		if (l->state != U_LISTEN)
			return -UK_ECONNREFUSED;
		if (l->npending <= (unsigned int)l->backlog)
			break;
		if (nonblock)
			return -UK_EAGAIN;
		seq = uk_pollq_seq(&l->f.pq);
		r = uk_pollq_wait(&l->f.pq, seq, 0);
		if (r == -UK_EINTR)
			return -UK_ERESTARTSYS;
	}
	s = us_new(L_SOCK_STREAM);
	if (!s)
		return -UK_ENOMEM;
	s->addr = l->addr;
	s->listener = l;
	pair(u, s);
	s->next_pending = NULL;
	{
		struct usock **p = &l->pending;

		while (*p)
			p = &(*p)->next_pending;
		*p = s;
	}
	l->npending++;
	us_notify(l, L_POLLIN | L_POLLRDNORM);
	us_notify(u, L_POLLOUT | L_POLLWRNORM);
	return 0;
}

static long unix_connect(int fd, const void *addr, unsigned int len)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	struct usock *u = us_of(fd), *t;
	struct uaddr a;
	long r;

	/* AF_UNSPEC dissolves a datagram association */
	if (addr && len >= sizeof(uint16_t) && !*(const uint16_t *)addr &&
	    u->type == L_SOCK_DGRAM) {
		u->peer = NULL;
		u->state = U_NEW;
		return 0;
	}
	r = addr_in(addr, len, &a);
	if (r)
		return r;
	if (u->type == L_SOCK_STREAM)
		return stream_connect(u, &a, of->flags & L_O_NONBLOCK);
	r = find(&a, L_SOCK_DGRAM, &t);
	if (r)
		return r;
	u->peer = t;
	u->state = U_CONNECTED;
	u->refused = false;
	return 0;
}

static long unix_accept4(int fd, void *addr, unsigned int *lenp, int flags)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	struct usock *u = us_of(fd), *s;
	long r;

	if (flags & ~(L_O_NONBLOCK | L_O_CLOEXEC))
		return -UK_EINVAL;
	if (u->type != L_SOCK_STREAM)
		return -UK_EOPNOTSUPP;
	if (u->state != U_LISTEN)
		return -UK_EINVAL;
	while (!u->pending) {
		uint64_t seq = uk_pollq_seq(&u->f.pq);

		if (u->pending)
			break;
		if (of->flags & L_O_NONBLOCK)
			return -UK_EAGAIN;
		r = us_wait(u, seq);
		if (r)
			return r;
	}
	s = u->pending;
	r = us_open(s, flags);
	if (r < 0)
		return r;
	u->pending = s->next_pending;
	u->npending--;
	s->listener = NULL;
	us_notify(u, 0);	/* room in the backlog for a connect */
	if (addr) {
		struct uaddr none = { 0 };

		addr_out(s->peer ? &s->peer->addr : &none, addr, lenp);
	}
	return r;
}

static long unix_shutdown(int fd, int how)
{
	struct usock *u = us_of(fd);
	int mode;

	if (how < L_SHUT_RD || how > L_SHUT_RDWR)
		return -UK_EINVAL;
	mode = how == L_SHUT_RD ? SHUT_RCV :
	       how == L_SHUT_WR ? SHUT_SEND : SHUT_RCV | SHUT_SEND;
	u->shut |= mode;
	us_notify(u, 0);
	if (u->peer && u->type == L_SOCK_STREAM) {
		/* what we no longer send, the peer no longer receives */
		u->peer->shut |= (mode & SHUT_SEND ? SHUT_RCV : 0) |
				 (mode & SHUT_RCV ? SHUT_SEND : 0);
		us_notify(u->peer, 0);
	}
	return 0;
}

/* ---- sending ---- */

static void broken_pipe(int flags)
{
	if (!(flags & L_MSG_NOSIGNAL))
		uk_posix_sigpipe();
}

static long stream_send(struct usock *u, const char *buf, size_t len,
			int flags, bool nonblock, struct scm **scm)
{
	size_t done = 0;
	long r;

	if (u->state != U_CONNECTED)
		return -UK_ENOTCONN;
	while (done < len || !len) {
		uint64_t seq = uk_pollq_seq(&u->f.pq);

		if ((u->shut & SHUT_SEND) || !u->peer ||
		    (u->peer->shut & SHUT_RCV)) {
			broken_pipe(flags);
			return done ? (long)done : -UK_EPIPE;
		}
		if (!len)
			return 0;
		if (u->wmem < SNDBUF) {
			size_t n = UK_MIN(len - done, (size_t)SNDBUF / 2);

			r = msg_queue(u, u->peer, buf + done, n, scm);
			if (r < 0)
				return done ? (long)done : r;
			done += n;
			continue;
		}
		if (nonblock)
			return done ? (long)done : -UK_EAGAIN;
		r = us_wait(u, seq);
		if (r)
			return done ? (long)done : r;
	}
	return done;
}

static long dgram_send(struct usock *u, const char *buf, size_t len,
		       const struct uaddr *to, int flags, bool nonblock,
		       struct scm **scm)
{
	struct usock *t = u->peer;
	long r;

	if (len > SNDBUF - 32)
		return -UK_EMSGSIZE;
	for (;;) {
		uint64_t seq = uk_pollq_seq(&u->f.pq);

		if (u->shut & SHUT_SEND) {
			broken_pipe(flags);
			return -UK_EPIPE;
		}
		if (to) {
			r = find(to, L_SOCK_DGRAM, &t);
			if (r)
				return r;
		} else if (!t) {
			if (u->refused) {
				u->refused = false;
				return -UK_ECONNREFUSED;
			}
			return -UK_ENOTCONN;
		}
		if (t->peer && t->peer != u)
			return -UK_EPERM;
		if (t->shut & SHUT_RCV)
			return -UK_EPIPE;
		/* a receiver that is not our peer takes DGRAM_QLEN at most */
		if (t->peer == u ? u->wmem + len <= SNDBUF :
		    t->rq_count <= DGRAM_QLEN)
			return msg_queue(u, t, buf, len, scm);
		if (nonblock)
			return -UK_EAGAIN;
		seq = uk_posix_poll_any_seq();
		r = uk_posix_poll_any_wait(seq, 0, false);
		if (r == -UK_EINTR)
			return -UK_ERESTARTSYS;
	}
}

/*
 * sendto with a kernel buffer: the core of send, write and sendmsg. The
 * first message queued takes the descriptors *@scm (NULL: none; what is
 * left in *@scm was not sent).
 */
static long us_send(struct uk_ofile *of, const void *buf, size_t len,
		    int flags, const void *addr, unsigned int alen,
		    struct scm **scm)
{
	struct usock *u = (struct usock *)of->file;
	bool nonblock = (of->flags & L_O_NONBLOCK) || (flags & L_MSG_DONTWAIT);
	struct uaddr to;
	long r;

	if (flags & L_MSG_OOB)
		return -UK_EOPNOTSUPP;
	if (!buf && len)
		return -UK_EFAULT;
	if (u->type == L_SOCK_STREAM) {
		if (addr && alen)
			return u->state == U_CONNECTED ? -UK_EISCONN :
			       -UK_EOPNOTSUPP;
		return stream_send(u, buf, len, flags, nonblock, scm);
	}
	if (addr && alen) {
		r = addr_in(addr, alen, &to);
		if (r)
			return r;
		return dgram_send(u, buf, len, &to, flags, nonblock, scm);
	}
	return dgram_send(u, buf, len, NULL, flags, nonblock, scm);
}

static long unix_sendto(int fd, const void *buf, size_t len, int flags,
			const void *addr, unsigned int alen)
{
	struct scm *none = NULL;

	return us_send(uk_posix_fd_get(fd), buf, len, flags, addr, alen,
		       &none);
}

/* ---- receiving ---- */

/* Nothing to read: 0 (the end), an error, or 1 (wait for more). */
static long recv_empty(struct usock *u)
{
	long r;

	if (u->err) {
		r = -u->err;
		u->err = 0;
		return r;
	}
	if (u->shut & SHUT_RCV)
		return 0;
	if (u->type == L_SOCK_STREAM && u->state != U_CONNECTED)
		return -UK_EINVAL;
	return 1;
}

/* *@scm gets the descriptors of the last message read (a read stops
 * after a message that has some, as Linux's does). */
static long stream_recv(struct usock *u, char *buf, size_t len, int flags,
			bool nonblock, struct scm **scm)
{
	size_t done = 0;

	for (;;) {
		uint64_t seq = uk_pollq_seq(&u->f.pq);
		struct umsg *m = u->rq;
		long r;

		while (m && done < len && !*scm) {
			size_t n = UK_MIN(len - done, m->len - m->off);

			uk_memcpy(buf + done, m->data + m->off, n);
			done += n;
			*scm = msg_take_scm(m, flags);
			if (flags & L_MSG_PEEK) {
				m = m->next;
				continue;
			}
			m->off += n;
			u->rq_bytes -= n;
			msg_consumed(m, n);
			if (m->off == m->len) {
				m->off = m->len;
				u->rq = m->next;
				if (!u->rq)
					u->rq_tail = &u->rq;
				u->rq_count--;
				uk_free(uk_alloc_get_default(), m);
			}
			m = u->rq;
		}
		if (done == len || (done && !(flags & L_MSG_WAITALL)) ||
		    (done && (flags & L_MSG_PEEK)) || *scm)
			return done;
		r = recv_empty(u);
		if (r <= 0)
			return done ? (long)done : r;
		if (nonblock)
			return done ? (long)done : -UK_EAGAIN;
		r = us_wait(u, seq);
		if (r)
			return done ? (long)done : r;
	}
}

static long dgram_recv(struct usock *u, char *buf, size_t len, int flags,
		       bool nonblock, struct uaddr *from, int *mflags,
		       struct scm **scm)
{
	for (;;) {
		uint64_t seq = uk_pollq_seq(&u->f.pq);
		struct umsg *m = u->rq;
		long r;

		if (m) {
			size_t n = UK_MIN(len, m->len);

			uk_memcpy(buf, m->data, n);
			*from = m->addr;
			if (n < m->len)
				*mflags |= L_MSG_TRUNC;
			r = flags & L_MSG_TRUNC ? (long)m->len : (long)n;
			*scm = msg_take_scm(m, flags);
			if (!(flags & L_MSG_PEEK))
				msg_free(u, m);
			return r;
		}
		r = recv_empty(u);
		if (r <= 0)
			return r;
		if (nonblock)
			return -UK_EAGAIN;
		r = us_wait(u, seq);
		if (r)
			return r;
	}
}

/*
 * recvfrom with a kernel buffer; *@mflags gets MSG_TRUNC, *@scm the
 * descriptors that came with what was read (NULL: none), which the
 * caller owns.
 */
static long us_recv(struct uk_ofile *of, void *buf, size_t len, int flags,
		    struct uaddr *from, int *mflags, bool block,
		    struct scm **scm)
{
	struct usock *u = (struct usock *)of->file;
	bool nonblock = !block || (flags & L_MSG_DONTWAIT);

	from->len = 0;
	*mflags = 0;
	*scm = NULL;
	if (flags & L_MSG_OOB)
		return -UK_EOPNOTSUPP;
	if (!buf && len)
		return -UK_EFAULT;
	if (u->type == L_SOCK_STREAM) {
		if (u->peer)
			*from = u->peer->addr;
		return stream_recv(u, buf, len, flags, nonblock, scm);
	}
	return dgram_recv(u, buf, len, flags, nonblock, from, mflags, scm);
}

static long unix_recvfrom(int fd, void *buf, size_t len, int flags,
			  void *addr, unsigned int *lenp)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	struct uaddr from;
	struct scm *scm;
	int mflags;
	long r = us_recv(of, buf, len, flags, &from, &mflags,
			 !(of->flags & L_O_NONBLOCK), &scm);

	scm_put(scm);		/* no room for them: closed */
	if (r >= 0 && addr && lenp)
		from_out(&from, addr, lenp);
	return r;
}

/*
 * sendmsg/recvmsg: the iovecs gathered into (or scattered from) one
 * buffer, so that a datagram stays one message.
 */
static long msg_in(struct l_msghdr *umsg, struct l_msghdr *msg,
		   struct l_iovec **iovp, size_t *total)
{
	struct l_iovec *iov;

	*total = 0;
	if (!umsg || uk_copy_from_user(msg, umsg, sizeof(*msg)))
		return -UK_EFAULT;
	if (msg->iovlen > 1024)
		return -UK_EMSGSIZE;
	iov = uk_malloc(uk_alloc_get_default(),
			(msg->iovlen ? msg->iovlen : 1) * sizeof(*iov));
	if (!iov)
		return -UK_ENOMEM;
	if (msg->iovlen &&
	    uk_copy_from_user(iov, msg->iov, msg->iovlen * sizeof(*iov))) {
		uk_free(uk_alloc_get_default(), iov);
		return -UK_EFAULT;
	}
	for (size_t i = 0; i < msg->iovlen; i++) {
		if (iov[i].len > (size_t)__LONG_MAX__ - *total) {
			uk_free(uk_alloc_get_default(), iov);
			return -UK_EINVAL;
		}
		*total += iov[i].len;
	}
	*iovp = iov;
	return 0;
}

/* Linux's struct cmsghdr; its data follows, aligned as a long */
struct l_cmsghdr {
	size_t len;
	int level;
	int type;
};

#define CMSG_AL(n)	(((n) + sizeof(long) - 1) & ~(sizeof(long) - 1))

/* Adds the descriptors @fds[@n] to *@sp (allocated on the first):
 * -EINVAL past SCM_MAX_FD, -EBADF for one not open. */
static long scm_add(struct scm **sp, const int *fds, size_t n)
{
	struct scm *s = *sp;

	if (!n)
		return 0;
	if (n > SCM_MAX_FD || (s && s->n + n > SCM_MAX_FD))
		return -UK_EINVAL;
	if (!s) {
		s = uk_malloc(uk_alloc_get_default(), sizeof(*s));
		if (!s)
			return -UK_ENOMEM;
		s->n = 0;
		*sp = s;
	}
	for (size_t i = 0; i < n; i++) {
		int fd;
		struct uk_ofile *of;

		uk_memcpy(&fd, &fds[i], sizeof(fd));
		of = uk_posix_fd_get(fd);
		if (!of)
			return -UK_EBADF;
		uk_posix_ofile_get(of);
		s->of[s->n++] = of;
	}
	return 0;
}

/*
 * The ancillary data of @msg, as Linux's __scm_send reads it: headers
 * of another level are skipped, a bad length or type is -EINVAL;
 * SCM_RIGHTS descriptors go into *@sp (NULL if none), SCM_CREDENTIALS
 * is checked for its length and dropped.
 */
static long scm_in(const struct l_msghdr *msg, struct scm **sp)
{
	size_t len = msg->controllen, off = 0;
	struct l_cmsghdr h;
	char *ctl;
	long r = 0;

	*sp = NULL;
	if (!len)
		return 0;
	if (len > CTL_MAX)
		return -UK_ENOBUFS;
	ctl = uk_malloc(uk_alloc_get_default(), len);
	if (!ctl)
		return -UK_ENOMEM;
	if (uk_copy_from_user(ctl, msg->control, len))
		r = -UK_EFAULT;
	while (!r && len - off >= sizeof(h)) {
		uk_memcpy(&h, ctl + off, sizeof(h));
		if (h.len < sizeof(h) || h.len > len - off) {
			r = -UK_EINVAL;
			break;
		}
		if (h.level == L_SOL_SOCKET && h.type == L_SCM_RIGHTS)
			r = scm_add(sp, (const int *)(ctl + off + sizeof(h)),
				    (h.len - sizeof(h)) / sizeof(int));
		else if (h.level == L_SOL_SOCKET &&
			 (h.type != L_SCM_CREDENTIALS ||
			  h.len != sizeof(h) + 3 * sizeof(int)))
			r = -UK_EINVAL;
		/* the next header must fit whole (Linux's __cmsg_nxthdr) */
		if (CMSG_AL(h.len) > len - off)
			break;
		off += CMSG_AL(h.len);
	}
	uk_free(uk_alloc_get_default(), ctl);
	if (r) {
		scm_put(*sp);
		*sp = NULL;
	}
	return r;
}

/*
 * Gives the descriptors @s (which it drops) to the caller of recvmsg as
 * Linux's scm_detach_fds does: as many new descriptors as fit in
 * @ctllen bytes at @uctl (O_CLOEXEC with MSG_CMSG_CLOEXEC in @flags),
 * the others closed and MSG_CTRUNC in *@mflags. Returns the bytes of
 * @uctl used.
 */
static size_t scm_out(struct scm *s, void *uctl, size_t ctllen, int flags,
		      int *mflags)
{
	struct l_cmsghdr h = { 0, L_SOL_SOCKET, L_SCM_RIGHTS };
	size_t max = 0, used = 0;
	unsigned int i;

	if (uctl && ctllen > sizeof(h))
		max = (ctllen - sizeof(h)) / sizeof(int);
	for (i = 0; i < s->n && i < max; i++) {
		long fd = uk_posix_fd_install(s->of[i], flags &
					      L_MSG_CMSG_CLOEXEC ?
					      L_O_CLOEXEC : 0);
		int v = (int)fd;

		if (fd < 0)
			break;
		if (uk_copy_to_user((char *)uctl + sizeof(h) + i * sizeof(v),
				    &v, sizeof(v))) {
			uk_syscall(UK_NR_close, fd);
			break;
		}
	}
	if (i) {
		h.len = sizeof(h) + i * sizeof(int);
		if (!uk_copy_to_user(uctl, &h, sizeof(h)))
			used = UK_MIN(CMSG_AL(h.len), ctllen);
	}
	if (i < s->n)
		*mflags |= L_MSG_CTRUNC;
	scm_put(s);
	return used;
}

static long unix_sendmsg(int fd, struct l_msghdr *umsg, int flags)
{
	struct l_msghdr msg;
	struct l_iovec *iov;
	struct scm *scm = NULL;
	size_t total, at = 0;
	char *buf;
	long r;

	r = msg_in(umsg, &msg, &iov, &total);
	if (r)
		return r;
	r = scm_in(&msg, &scm);
	if (r)
		goto out;
	r = -UK_ENOMEM;
	buf = uk_malloc(uk_alloc_get_default(), total ? total : 1);
	if (!buf)
		goto out;
	r = 0;
	for (size_t i = 0; i < msg.iovlen && !r; i++) {
		if (uk_copy_from_user(buf + at, iov[i].base, iov[i].len))
			r = -UK_EFAULT;
		at += iov[i].len;
	}
	if (!r)
		r = us_send(uk_posix_fd_get(fd), buf, total, flags, msg.name,
			    msg.name ? msg.namelen : 0, &scm);
	uk_free(uk_alloc_get_default(), buf);
out:
	scm_put(scm);		/* not sent */
	uk_free(uk_alloc_get_default(), iov);
	return r;
}

static long unix_recvmsg(int fd, struct l_msghdr *umsg, int flags)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	struct l_msghdr msg;
	struct l_iovec *iov;
	struct uaddr from;
	struct scm *scm;
	size_t total, at = 0;
	int mflags;
	char *buf;
	long r;

	r = msg_in(umsg, &msg, &iov, &total);
	if (r)
		return r;
	buf = uk_malloc(uk_alloc_get_default(), total ? total : 1);
	if (!buf) {
		uk_free(uk_alloc_get_default(), iov);
		return -UK_ENOMEM;
	}
	r = us_recv(of, buf, total, flags, &from, &mflags,
		    !(of->flags & L_O_NONBLOCK), &scm);
	for (size_t i = 0; r > 0 && i < msg.iovlen && at < (size_t)r; i++) {
		size_t n = UK_MIN(iov[i].len, (size_t)r - at);

		if (uk_copy_to_user(iov[i].base, buf + at, n)) {
			r = -UK_EFAULT;
			break;
		}
		at += n;
	}
	uk_free(uk_alloc_get_default(), buf);
	uk_free(uk_alloc_get_default(), iov);
	/* Linux returns MSG_CMSG_CLOEXEC in msg_flags as it was given */
	mflags |= flags & L_MSG_CMSG_CLOEXEC;
	if (scm && r >= 0) {
		msg.controllen = scm_out(scm, msg.control, msg.controllen,
					 flags, &mflags);
	} else {
		scm_put(scm);
		msg.controllen = 0;
	}
	if (r >= 0) {
		if (msg.name)
			from_out(&from, msg.name, &umsg->namelen);
		msg.flags = mflags;
		if (uk_copy_to_user(&umsg->controllen, &msg.controllen,
				    sizeof(msg.controllen)) ||
		    uk_copy_to_user(&umsg->flags, &msg.flags,
				    sizeof(msg.flags)))
			r = -UK_EFAULT;
	}
	return r;
}

/* ---- options ---- */

struct l_ucred {
	int pid;
	unsigned int uid, gid;
};

static long unix_getsockopt(int fd, int level, int name, void *val,
			    unsigned int *lenp)
{
	struct usock *u = us_of(fd);
	struct l_ucred cred = { 1, 0, 0 };
	unsigned int ulen, n;
	int v;

	if (!val || uk_copy_from_user(&ulen, lenp, sizeof(ulen)))
		return -UK_EFAULT;
	if (level != L_SOL_SOCKET)
		return -UK_EOPNOTSUPP;
	if ((int)ulen < 0)
		return -UK_EINVAL;
	switch (name) {
	case L_SO_TYPE:
		v = u->type;
		break;
	case L_SO_ERROR:
		v = u->err;
		u->err = 0;
		break;
	case L_SO_SNDBUF:
	case L_SO_RCVBUF:
		v = SNDBUF;
		break;
	case L_SO_ACCEPTCONN:
		v = u->state == U_LISTEN;
		break;
	case L_SO_DOMAIN:
		v = L_AF_UNIX;
		break;
	case L_SO_PROTOCOL:
	case L_SO_PASSCRED:
	case L_SO_REUSEADDR:
		v = 0;
		break;
	case L_SO_PEERCRED:
		if (!u->peer && u->state != U_LISTEN)
			cred = (struct l_ucred){ 0, ~0U, ~0U };
		n = UK_MIN(ulen, sizeof(cred));
		return uk_copy_to_user(val, &cred, n) ||
		       uk_copy_to_user(lenp, &n, sizeof(n)) ? -UK_EFAULT : 0;
	default:
		return -UK_ENOPROTOOPT;
	}
	n = UK_MIN(ulen, sizeof(v));
	return uk_copy_to_user(val, &v, n) ||
	       uk_copy_to_user(lenp, &n, sizeof(n)) ? -UK_EFAULT : 0;
}

static long unix_setsockopt(int fd, int level, int name, const void *val,
			    unsigned int len)
{
	(void)fd;
	if (level != L_SOL_SOCKET)
		return -UK_EOPNOTSUPP;
	if (!val && len)
		return -UK_EFAULT;
	switch (name) {
	case L_SO_REUSEADDR:
	case L_SO_SNDBUF:
	case L_SO_RCVBUF:
	case L_SO_PASSCRED:
		return len < sizeof(int) ? -UK_EINVAL : 0;
	default:
		return -UK_ENOPROTOOPT;
	}
}

/* ---- the open file ---- */

static long unix_read(struct uk_ofile *of, void *buf, size_t len, bool block)
{
	struct uaddr from;
	struct scm *scm;
	int mflags;
	long r = us_recv(of, buf, len, 0, &from, &mflags, block, &scm);

	scm_put(scm);		/* no room for them: closed */
	return r;
}

static long unix_write(struct uk_ofile *of, const void *buf, size_t len)
{
	struct scm *none = NULL;

	return us_send(of, buf, len, 0, NULL, 0, &none);
}

/* As Linux's unix_poll and unix_dgram_poll. */
static unsigned int unix_poll(struct uk_ofile *of)
{
	struct usock *u = (struct usock *)of->file;
	unsigned int ev = 0;
	bool writable = u->wmem * 4 <= SNDBUF && u->state != U_LISTEN;

	if (u->err)
		ev |= L_POLLERR;
	if (u->shut == (SHUT_RCV | SHUT_SEND))
		ev |= L_POLLHUP;
	if (u->shut & SHUT_RCV)
		ev |= L_POLLRDHUP | L_POLLIN | L_POLLRDNORM;
	if (u->rq || u->pending)
		ev |= L_POLLIN | L_POLLRDNORM;
	if (u->type == L_SOCK_STREAM) {
		if (u->state == U_NEW)
			ev |= L_POLLHUP;
	} else {
		/* a datagram socket writes to its peer's queue */
		struct usock *t = u->peer;

		if (t && t->peer != u && t->rq_count > DGRAM_QLEN)
			writable = false;
	}
	if (writable)
		ev |= L_POLLOUT | L_POLLWRNORM | L_POLLWRBAND;
	return ev;
}

static long unix_ioctl(struct uk_ofile *of, unsigned long req,
		       unsigned long arg)
{
	struct usock *u = (struct usock *)of->file;

	if (req != L_FIONREAD)
		return -UK_ENOTTY;
	int n;

	if (u->state == U_LISTEN)
		return -UK_EINVAL;
	/* a datagram socket: the first datagram's size */
	n = u->type == L_SOCK_STREAM ? (int)u->rq_bytes :
	    u->rq ? (int)u->rq->len : 0;
	return uk_copy_to_user((void *)arg, &n, sizeof(n)) ? -UK_EFAULT : 0;
}

static void us_destroy(struct usock *u);

/* @u's peer goes: a stream is over, with ECONNRESET if @reset. */
static void peer_gone(struct usock *u, struct usock *peer, bool reset)
{
	if (u->peer != peer)
		return;
	if (u->type == L_SOCK_STREAM) {
		u->peer = NULL;
		u->shut = SHUT_RCV | SHUT_SEND;
		if (reset)
			u->err = UK_ECONNRESET;
	} else {
		u->peer = NULL;
		u->state = U_NEW;
		u->refused = true;
	}
	us_notify(u, 0);
}

static void us_destroy(struct usock *u)
{
	struct usock **p;
	bool unread = u->rq != NULL;

	while (u->rq)
		msg_free(u, u->rq);
	/* connections never accepted go with their listener */
	while (u->pending) {
		struct usock *s = u->pending;

		u->pending = s->next_pending;
		u->npending--;
		us_destroy(s);	/* s->listener still set: a reset */
	}
	for (struct usock *o = all; o; o = o->next) {
		peer_gone(o, u, unread || u->listener);
		for (struct umsg *m = o->rq; m; m = m->next)
			if (m->from == u)
				m->from = NULL;
	}
	if (u->listener) {
		for (p = &u->listener->pending; *p; p = &(*p)->next_pending)
			if (*p == u) {
				*p = u->next_pending;
				u->listener->npending--;
				break;
			}
	}
	for (p = &all; *p; p = &(*p)->next)
		if (*p == u) {
			*p = u->next;
			break;
		}
	if (u->vn)
		uk_vnode_put(u->vn);
	uk_free(uk_alloc_get_default(), u);
}

static void unix_release(struct uk_ofile *of)
{
	us_destroy((struct usock *)of->file);
}

static const struct uk_sock_ops unix_sock_ops = {
	.bind = unix_bind,
	.connect = unix_connect,
	.listen = unix_listen,
	.accept4 = unix_accept4,
	.getsockname = unix_getsockname,
	.getpeername = unix_getpeername,
	.sendto = unix_sendto,
	.recvfrom = unix_recvfrom,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.shutdown = unix_shutdown,
	.setsockopt = unix_setsockopt,
	.getsockopt = unix_getsockopt,
};

static const struct uk_file_ops unix_ops = {
	.read = unix_read,
	.write = unix_write,
	.release = unix_release,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.sock = &unix_sock_ops,
};

/* ---- socket, socketpair ---- */

static long check_type(int type, int protocol)
{
	int kind = type & L_SOCK_TYPE_MASK;

	if (type & ~(L_SOCK_TYPE_MASK | L_O_NONBLOCK | L_O_CLOEXEC))
		return -UK_EINVAL;
	if (protocol && protocol != L_AF_UNIX)
		return -UK_EPROTONOSUPPORT;
	if (kind == L_SOCK_SEQPACKET)
		return -UK_EPROTONOSUPPORT;
	if (kind != L_SOCK_STREAM && kind != L_SOCK_DGRAM)
		return -UK_ESOCKTNOSUPPORT;
	return kind;
}

static long unix_socket(int family, int type, int protocol)
{
	long kind = check_type(type, protocol), fd;
	struct usock *u;

	(void)family;
	if (kind < 0)
		return kind;
	u = us_new((int)kind);
	if (!u)
		return -UK_ENOMEM;
	fd = us_open(u, type);
	if (fd < 0)
		us_destroy(u);
	return fd;
}

static long unix_socketpair(int family, int type, int protocol, int *sv)
{
	long kind = check_type(type, protocol), fd0, fd1;
	struct usock *a, *b;

	(void)family;
	if (kind < 0)
		return kind;
	if (!sv)
		return -UK_EFAULT;
	a = us_new((int)kind);
	b = a ? us_new((int)kind) : NULL;
	if (!b) {
		if (a)
			us_destroy(a);
		return -UK_ENOMEM;
	}
	pair(a, b);
	fd0 = us_open(a, type);
	if (fd0 < 0) {
		us_destroy(a);
		us_destroy(b);
		return fd0;
	}
	fd1 = us_open(b, type);
	if (fd1 < 0) {
		uk_syscall(UK_NR_close, fd0);
		us_destroy(b);
		return fd1;
	}
	{
		int out[2] = { (int)fd0, (int)fd1 };

		if (uk_copy_to_user(sv, out, sizeof(out))) {
			uk_syscall(UK_NR_close, fd0);
			uk_syscall(UK_NR_close, fd1);
			return -UK_EFAULT;
		}
	}
	return 0;
}

UK_SOCK_FAMILY(unix, L_AF_UNIX, unix_socket, unix_socketpair);
