/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipes (pipe, pipe2) and eventfds (eventfd, eventfd2), as Linux has
 * them. A pipe holds 16 pages (64 KiB; F_GETPIPE_SZ/F_SETPIPE_SZ: a
 * power of two pages, 4 KiB to 1 MiB) between a reading and a writing
 * open file; writes of up to PIPE_BUF (a page) are atomic; a write with no reader
 * left is EPIPE and raises SIGPIPE; a read with no writer left and
 * nothing waiting returns 0. An eventfd is a 64-bit counter.
 *
 * Locking: none beyond the descriptor table's (every system call runs
 * with preemption off); waiters sleep on the poll queue of their own
 * end, which the other end notifies.
 */
#include <uk/link.h>
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include "posix.h"
#include "file.h"

/* linked into programs that make pipes or eventfds (uk/link.h) */
UK_LINK_WHEN(pipe);
UK_LINK_WHEN(pipe2);
UK_LINK_WHEN(eventfd);

#define PIPE_DEF_SIZE	65536
#define PIPE_MAX_SIZE	1048576		/* /proc/sys/fs/pipe-max-size */
#define PAGE_SIZE	4096
#define L_FIONREAD	0x541b
#define L_F_SETPIPE_SZ	1031
#define L_F_GETPIPE_SZ	1032

struct pipe_end;

/*
 * The data is kept as Linux keeps it, in page-sized slots used in turn:
 * a write's last bytes go into the last slot when they fit, the rest
 * into fresh slots, and the pipe is full when every slot is in use.
 * That is what its capacity means on Linux (sixteen 1000-byte writes
 * fill four pages: 64000 bytes fit, not 65536).
 */
struct slot {
	unsigned short off, len;
};

struct pipe {
	char *buf;
	unsigned int nslots;	/* size / PAGE_SIZE, a power of two */
	unsigned int head, used;	/* first slot in use, how many */
	size_t bytes;		/* in all slots */
	struct slot *slots;
	struct pipe_end *end[2];	/* reader, writer; NULL once closed */
};

struct pipe_end {
	struct uk_file f;
	struct pipe *p;
	int side;		/* 0: reads, 1: writes */
};

static const struct uk_node pipe_node = {
	.name = "pipe",
	.path = "pipe:",
	.mode = 0010000 | 0600,		/* FIFO */
};

/* Tells end @side that @events changed (each end waits on its own
 * queue: a reader is told of writes, a writer of reads). */
static void pipe_notify(struct pipe *p, int side, unsigned int events)
{
	if (p->end[side])
		uk_pollq_notify_ev(&p->end[side]->f.pq, events);
}

static struct pipe_end *end_of(struct uk_ofile *of)
{
	return (struct pipe_end *)of->file;
}

/*
 * Waits on @e's queue from count @seq; returns 0, or -ERESTARTSYS when
 * a signal came.
 */
static long end_wait(struct pipe_end *e, uint64_t seq)
{
	return uk_pollq_wait(&e->f.pq, seq, 0) == -UK_EINTR ?
	       -UK_ERESTARTSYS : 0;
}

static char *slot_data(struct pipe *p, unsigned int i, struct slot **sp)
{
	i &= p->nslots - 1;
	*sp = &p->slots[i];
	return p->buf + (size_t)i * PAGE_SIZE;
}

/* Moves up to @n bytes out, slot after slot; returns how many. */
static size_t pipe_take(struct pipe *p, char *dst, size_t n)
{
	size_t done = 0;

	while (done < n && p->used) {
		struct slot *s;
		char *d = slot_data(p, p->head, &s);
		size_t c = UK_MIN(n - done, (size_t)s->len);

		uk_memcpy(dst + done, d + s->off, c);
		s->off += c;
		s->len -= c;
		done += c;
		if (!s->len) {
			p->head = (p->head + 1) & (p->nslots - 1);
			p->used--;
		}
	}
	p->bytes -= done;
	return done;
}

/* Appends @src's @n bytes to the last slot; false if they do not fit. */
static bool pipe_merge(struct pipe *p, const char *src, size_t n)
{
	struct slot *s;
	char *d;

	if (!p->used)
		return false;
	d = slot_data(p, p->head + p->used - 1, &s);
	if (s->off + s->len + n > PAGE_SIZE)
		return false;
	uk_memcpy(d + s->off + s->len, src, n);
	s->len += n;
	p->bytes += n;
	return true;
}

/* Fills a fresh slot with up to a page of @src; returns how much. */
static size_t pipe_fill(struct pipe *p, const char *src, size_t n)
{
	struct slot *s;
	char *d = slot_data(p, p->head + p->used, &s);

	n = UK_MIN(n, (size_t)PAGE_SIZE);
	uk_memcpy(d, src, n);
	s->off = 0;
	s->len = n;
	p->used++;
	p->bytes += n;
	return n;
}

static long pipe_read(struct uk_ofile *of, void *buf, size_t len, bool block)
{
	struct pipe_end *e = end_of(of);
	struct pipe *p = e->p;

	for (;;) {
		uint64_t seq = uk_pollq_seq(&e->f.pq);
		long r;

		if (!len)
			return 0;
		if (p->used) {
			size_t n = pipe_take(p, buf, len);

			pipe_notify(p, 1, L_POLLOUT | L_POLLWRNORM);
			return n;
		}
		if (!p->end[1])
			return 0;
		if (!block)
			return -UK_EAGAIN;
		r = end_wait(e, seq);
		if (r)
			return r;
	}
}

/*
 * As Linux's pipe_write: the bytes past the last whole page go into the
 * last slot if they fit there, the rest into fresh slots; a write of up
 * to a page is therefore never split (PIPE_BUF atomicity).
 */
static long pipe_write(struct uk_ofile *of, const void *buf, size_t len)
{
	struct pipe_end *e = end_of(of);
	struct pipe *p = e->p;
	const char *src = buf;
	size_t done = 0, tail = len & (PAGE_SIZE - 1);

	if (!p->end[0]) {
		uk_posix_sigpipe();
		return -UK_EPIPE;
	}
	if (!len)
		return 0;
	if (tail && pipe_merge(p, src, tail)) {
		done = tail;
		pipe_notify(p, 0, L_POLLIN | L_POLLRDNORM);
	}
	while (done < len) {
		uint64_t seq = uk_pollq_seq(&e->f.pq);
		long r;

		if (!p->end[0]) {
			uk_posix_sigpipe();
			return done ? (long)done : -UK_EPIPE;
		}
		if (p->used < p->nslots) {
			done += pipe_fill(p, src + done, len - done);
			pipe_notify(p, 0, L_POLLIN | L_POLLRDNORM);
			continue;
		}
		if (of->flags & L_O_NONBLOCK)
			return done ? (long)done : -UK_EAGAIN;
		r = end_wait(e, seq);
		if (r)
			return done ? (long)done : r;
	}
	return done;
}

static unsigned int pipe_poll(struct uk_ofile *of)
{
	struct pipe_end *e = end_of(of);
	struct pipe *p = e->p;
	unsigned int ev = 0;

	if (e->side == 0) {
		if (p->used)
			ev |= L_POLLIN | L_POLLRDNORM;
		if (!p->end[1])
			ev |= L_POLLHUP;
	} else {
		if (p->used < p->nslots)
			ev |= L_POLLOUT | L_POLLWRNORM;
		if (!p->end[0])
			ev |= L_POLLERR;
	}
	return ev;
}

static long pipe_ioctl(struct uk_ofile *of, unsigned long req,
		       unsigned long arg)
{
	if (req != L_FIONREAD)
		return -UK_ENOTTY;
	int n = (int)end_of(of)->p->bytes;

	return uk_copy_to_user((void *)arg, &n, sizeof(n)) ? -UK_EFAULT : 0;
}

/* Slots and their pages for @nslots (a power of two); false: ENOMEM. */
static bool pipe_alloc(struct pipe *p, unsigned int nslots)
{
	struct uk_alloc *a = uk_alloc_get_default();

	p->buf = uk_malloc(a, (size_t)nslots * PAGE_SIZE);
	p->slots = uk_calloc(a, nslots, sizeof(*p->slots));
	p->nslots = nslots;
	return p->buf && p->slots;
}

static void pipe_free_data(struct pipe *p)
{
	uk_free(uk_alloc_get_default(), p->buf);
	uk_free(uk_alloc_get_default(), p->slots);
}

/* F_SETPIPE_SZ: @want rounded up to a power of two pages. */
static long pipe_resize(struct pipe *p, unsigned long want)
{
	struct pipe old = *p;
	unsigned int n = 1;

	if (want > PIPE_MAX_SIZE)
		return -UK_EPERM;
	while ((size_t)n * PAGE_SIZE < want)
		n <<= 1;
	if (n < p->used)
		return -UK_EBUSY;
	if (n == p->nslots)
		return (long)n * PAGE_SIZE;
	if (!pipe_alloc(p, n)) {
		pipe_free_data(p);
		*p = old;
		return -UK_ENOMEM;
	}
	for (unsigned int i = 0; i < old.used; i++) {
		struct slot *from, *to;
		char *src = slot_data(&old, old.head + i, &from);
		char *dst = slot_data(p, i, &to);

		uk_memcpy(dst, src, PAGE_SIZE);
		*to = *from;
	}
	p->head = 0;
	pipe_free_data(&old);
	pipe_notify(p, 1, L_POLLOUT | L_POLLWRNORM);
	return (long)n * PAGE_SIZE;
}

static long pipe_fcntl(struct uk_ofile *of, int cmd, unsigned long arg)
{
	struct pipe *p = end_of(of)->p;

	switch (cmd) {
	case L_F_GETPIPE_SZ:
		return (long)p->nslots * PAGE_SIZE;
	case L_F_SETPIPE_SZ:
		return pipe_resize(p, (unsigned int)arg);
	default:
		return -UK_EINVAL;
	}
}

static void pipe_release(struct uk_ofile *of)
{
	struct pipe_end *e = end_of(of);
	struct pipe *p = e->p;

	p->end[e->side] = NULL;
	uk_free(uk_alloc_get_default(), e);
	if (p->end[0] || p->end[1]) {
		pipe_notify(p, !e->side, L_POLLHUP | L_POLLERR | L_POLLIN |
			    L_POLLOUT);
		return;
	}
	pipe_free_data(p);
	uk_free(uk_alloc_get_default(), p);
}

static const struct uk_file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.release = pipe_release,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.fcntl = pipe_fcntl,
};

static long uk_sys_pipe2(int *ufds, int flags)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct pipe *p;
	long fd[2] = { -1, -1 };

	if (flags & ~(L_O_CLOEXEC | L_O_NONBLOCK))
		return -UK_EINVAL;
	if (!ufds)
		return -UK_EFAULT;
	p = uk_calloc(a, 1, sizeof(*p));
	if (!p)
		return -UK_ENOMEM;
	pipe_alloc(p, PIPE_DEF_SIZE / PAGE_SIZE);
	for (int i = 0; i < 2 && p->buf && p->slots; i++) {
		p->end[i] = uk_calloc(a, 1, sizeof(*p->end[i]));
		if (!p->end[i])
			break;
		uk_file_init(&p->end[i]->f, &pipe_ops);
		p->end[i]->p = p;
		p->end[i]->side = i;
	}
	if (!p->buf || !p->slots || !p->end[0] || !p->end[1]) {
		fd[0] = -UK_ENOMEM;
		goto fail;
	}
	fd[0] = uk_posix_fd_open_file(&pipe_node, &p->end[0]->f,
				      L_O_RDONLY | flags);
	if (fd[0] < 0)
		goto fail;
	fd[1] = uk_posix_fd_open_file(&pipe_node, &p->end[1]->f,
				      L_O_WRONLY | flags);
	if (fd[1] < 0) {
		/* the reading end's release frees the reader alone */
		uk_syscall(UK_NR_close, fd[0]);
		return fd[1];
	}
	{
		int out[2] = { (int)fd[0], (int)fd[1] };

		if (uk_copy_to_user(ufds, out, sizeof(out))) {
			uk_syscall(UK_NR_close, fd[0]);
			uk_syscall(UK_NR_close, fd[1]);
			return -UK_EFAULT;
		}
	}
	return 0;
fail:
	uk_free(a, p->end[0]);
	uk_free(a, p->end[1]);
	pipe_free_data(p);
	uk_free(a, p);
	return fd[0];
}
UK_SYSCALL_REGISTER(pipe2, uk_sys_pipe2);

#ifdef UK_NR_pipe	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_pipe(int *ufds)
{
	return uk_sys_pipe2(ufds, 0);
}
UK_SYSCALL_REGISTER(pipe, uk_sys_pipe);
#endif

/* ---- eventfd ---- */

#define L_EFD_SEMAPHORE	1
#define EFD_MAX		(UINT64_MAX - 1)

struct efd {
	struct uk_file f;
	uint64_t count;
	bool semaphore;
};

static const struct uk_node efd_node = {
	.name = "[eventfd]",
	.path = "anon_inode:[eventfd]",
	.mode = 0600,
};

static long efd_wait(struct efd *e, uint64_t seq)
{
	return uk_pollq_wait(&e->f.pq, seq, 0) == -UK_EINTR ?
	       -UK_ERESTARTSYS : 0;
}

static long efd_read(struct uk_ofile *of, void *buf, size_t len, bool block)
{
	struct efd *e = (struct efd *)of->file;
	uint64_t v;

	if (len < sizeof(v))
		return -UK_EINVAL;
	for (;;) {
		uint64_t seq = uk_pollq_seq(&e->f.pq);
		long r;

		if (e->count) {
			v = e->semaphore ? 1 : e->count;
			e->count -= v;
			uk_memcpy(buf, &v, sizeof(v));
			uk_pollq_notify_ev(&e->f.pq, L_POLLOUT);
			return sizeof(v);
		}
		/* reads block by the descriptor, not by the call's bytes */
		if (of->flags & L_O_NONBLOCK)
			return -UK_EAGAIN;
		r = efd_wait(e, seq);
		if (r)
			return r;
	}
	(void)block;
}

static long efd_write(struct uk_ofile *of, const void *buf, size_t len)
{
	struct efd *e = (struct efd *)of->file;
	uint64_t v;

	if (len < sizeof(v))
		return -UK_EINVAL;
	uk_memcpy(&v, buf, sizeof(v));
	if (v == UINT64_MAX)
		return -UK_EINVAL;
	for (;;) {
		uint64_t seq = uk_pollq_seq(&e->f.pq);
		long r;

		if (EFD_MAX - e->count >= v) {
			e->count += v;
			if (v)
				uk_pollq_notify_ev(&e->f.pq, L_POLLIN);
			return sizeof(v);
		}
		if (of->flags & L_O_NONBLOCK)
			return -UK_EAGAIN;
		r = efd_wait(e, seq);
		if (r)
			return r;
	}
}

static unsigned int efd_poll(struct uk_ofile *of)
{
	struct efd *e = (struct efd *)of->file;

	return (e->count ? L_POLLIN : 0) | (e->count < EFD_MAX ? L_POLLOUT : 0);
}

static void efd_release(struct uk_ofile *of)
{
	uk_free(uk_alloc_get_default(), of->file);
}

static const struct uk_file_ops efd_ops = {
	.read = efd_read,
	.write = efd_write,
	.release = efd_release,
	.poll = efd_poll,
};

static long uk_sys_eventfd2(unsigned int initval, int flags)
{
	struct efd *e;
	long fd;

	if (flags & ~(L_EFD_SEMAPHORE | L_O_NONBLOCK | L_O_CLOEXEC))
		return -UK_EINVAL;
	e = uk_calloc(uk_alloc_get_default(), 1, sizeof(*e));
	if (!e)
		return -UK_ENOMEM;
	uk_file_init(&e->f, &efd_ops);
	e->count = initval;
	e->semaphore = flags & L_EFD_SEMAPHORE;
	fd = uk_posix_fd_open_file(&efd_node, &e->f, L_O_RDWR |
				   (flags & (L_O_NONBLOCK | L_O_CLOEXEC)));
	if (fd < 0)
		uk_free(uk_alloc_get_default(), e);
	return fd;
}
UK_SYSCALL_REGISTER(eventfd2, uk_sys_eventfd2);

#ifdef UK_NR_eventfd	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_eventfd(unsigned int initval)
{
	return uk_sys_eventfd2(initval, 0);
}
UK_SYSCALL_REGISTER(eventfd, uk_sys_eventfd);
#endif
