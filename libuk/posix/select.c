/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * poll, ppoll, select and pselect6 over any open file, on the poll
 * queues of poll.c: a scan of the descriptors, then a wait on the queue
 * every notification reaches, until one is ready. On demand (uk/link.h):
 * linked into programs that call these.
 */
#include <uk/link.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include "posix.h"
#include "file.h"

UK_LINK_WHEN(poll);
UK_LINK_WHEN(ppoll);
UK_LINK_WHEN(select);
UK_LINK_WHEN(pselect);
/* musl's pause() is ppoll(NULL, 0, NULL, NULL) where the architecture has
 * no pause system call (aarch64); on x86_64 this links a file it does not
 * need, a few KiB, for a program that calls pause() */
UK_LINK_WHEN(pause);

/* ---- poll, ppoll ---- */

struct l_pollfd {
	int fd;
	short events;
	short revents;
};

/* One scan: fills revents, returns how many are set. */
static long scan(struct l_pollfd *p, unsigned int n)
{
	long ready = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct uk_ofile *of;

		p[i].revents = 0;
		if (p[i].fd < 0)
			continue;
		of = uk_posix_fd_get(p[i].fd);
		if (!of)
			p[i].revents = L_POLLNVAL;
		else
			p[i].revents = (short)(uk_posix_poll(of) &
					       ((unsigned short)p[i].events |
						L_POLLERR | L_POLLHUP));
		if (p[i].revents)
			ready++;
	}
	return ready;
}

/*
 * Scans @p until one is ready, @deadline passes (0: never; 1: do not
 * wait) or a signal comes (-ERESTARTNOHAND, as Linux's poll and select).
 */
static long poll_until(struct l_pollfd *p, unsigned int n, uint64_t deadline)
{
	for (;;) {
		uint64_t seq = uk_posix_poll_any_seq();
		unsigned int before = uk_posix_poll_slices();
		long ready;
		int rc;

		ready = scan(p, n);
		if (ready || deadline == 1)
			return ready;
		rc = uk_posix_poll_any_wait(seq, deadline, uk_posix_poll_slices() != before);
		if (rc == -UK_EINTR)
			return -UK_ERESTARTNOHAND;
		if (rc == -UK_ETIMEDOUT)
			return scan(p, n);
	}
}

/* A deadline for poll_until from a timeout in ns (UINT64_MAX: none). */
static uint64_t deadline_ns(uint64_t ns)
{
	if (ns == UINT64_MAX)
		return 0;
	if (ns == 0)
		return 1;
	return uk_posix_deadline_in(ns);
}

static long do_poll(struct l_pollfd *ufds, unsigned int n, uint64_t ns)
{
	struct l_pollfd fast[32], *p = fast;
	long r;

	if (n > L_NOFILE)
		return -UK_EINVAL;
	if (n && !ufds)
		return -UK_EFAULT;
	if (n > UK_ARRAY_SIZE(fast)) {
		p = uk_malloc(uk_alloc_get_default(), n * sizeof(*p));
		if (!p)
			return -UK_ENOMEM;
	}
	r = uk_copy_from_user(p, ufds, n * sizeof(*p));
	if (!r)
		r = poll_until(p, n, deadline_ns(ns));
	/* the whole array goes back: revents are its only change */
	if (r >= 0 && uk_copy_to_user(ufds, p, n * sizeof(*p)))
		r = -UK_EFAULT;
	if (p != fast)
		uk_free(uk_alloc_get_default(), p);
	return r;
}

#ifdef UK_NR_poll	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_poll(struct l_pollfd *fds, unsigned int n, int timeout)
{
	return do_poll(fds, n, timeout < 0 ? UINT64_MAX :
			       (uint64_t)timeout * 1000000ULL);
}
UK_SYSCALL_REGISTER(poll, uk_sys_poll);
#endif

/* The mask of ppoll/pselect6/epoll_pwait, for the call's duration. */
static long set_mask(const uint64_t *umask, size_t size)
{
	uint64_t mask;

	if (!umask)
		return 0;
	if (size != sizeof(uint64_t))
		return -UK_EINVAL;
	if (uk_copy_from_user(&mask, umask, sizeof(mask)))
		return -UK_EFAULT;
	uk_posix_signal_mask_for_call(mask);
	return 0;
}

/* @ts as a timeout in ns (UINT64_MAX: NULL, forever); -EINVAL if bad */
static long ts_timeout(const struct l_timespec *uts, uint64_t *ns)
{
	struct l_timespec ts;

	*ns = UINT64_MAX;
	if (!uts)
		return 0;
	if (uk_copy_from_user(&ts, uts, sizeof(ts)))
		return -UK_EFAULT;
	if (uk_posix_timespec_bad(&ts))
		return -UK_EINVAL;
	*ns = uk_posix_timespec_ns(&ts);
	return 0;
}

static long uk_sys_ppoll(struct l_pollfd *fds, unsigned int n,
			 const struct l_timespec *ts, const uint64_t *mask,
			 size_t size)
{
	uint64_t ns;
	long r = ts_timeout(ts, &ns);

	if (!r)
		r = set_mask(mask, size);
	return r ? r : do_poll(fds, n, ns);
}
UK_SYSCALL_REGISTER(ppoll, uk_sys_ppoll);

/* ---- select, pselect6 ---- */

#define FDSET_BITS	(8 * sizeof(unsigned long))

static bool fdset_has(const unsigned long *set, int fd)
{
	return set && (set[fd / FDSET_BITS] >> (fd % FDSET_BITS)) & 1;
}

#define SEL_IN	(L_POLLIN | L_POLLRDNORM | L_POLLRDBAND | L_POLLHUP | \
		 L_POLLERR)
#define SEL_OUT	(L_POLLOUT | L_POLLWRNORM | L_POLLWRBAND | L_POLLERR)
#define SEL_EX	L_POLLPRI

#define FDSET_WORDS	((L_NOFILE + FDSET_BITS - 1) / FDSET_BITS)

/* the three sets of a select call, copied in and out whole */
struct fdsets {
	unsigned long rd[FDSET_WORDS], wr[FDSET_WORDS], ex[FDSET_WORDS];
};

static long do_select_k(int n, unsigned long *rd, unsigned long *wr,
			unsigned long *ex, uint64_t ns);

/*
 * select over poll_until with the sets in user memory: each set that is
 * given is read whole (its @n bits, rounded up to words) before, and
 * written whole after, so a bad pointer is -EFAULT and nothing else.
 */
static long do_select(int n, unsigned long *urd, unsigned long *uwr,
		      unsigned long *uex, uint64_t ns)
{
	struct fdsets *k;
	size_t bytes;
	long r;

	if (n < 0)
		return -UK_EINVAL;
	n = UK_MIN(n, L_NOFILE);
	bytes = (n + FDSET_BITS - 1) / FDSET_BITS * sizeof(long);
	k = uk_calloc(uk_alloc_get_default(), 1, sizeof(*k));
	if (!k)
		return -UK_ENOMEM;
	r = 0;
	if ((urd && uk_copy_from_user(k->rd, urd, bytes)) ||
	    (uwr && uk_copy_from_user(k->wr, uwr, bytes)) ||
	    (uex && uk_copy_from_user(k->ex, uex, bytes)))
		r = -UK_EFAULT;
	if (!r)
		r = do_select_k(n, urd ? k->rd : NULL, uwr ? k->wr : NULL,
				uex ? k->ex : NULL, ns);
	if (r >= 0 &&
	    ((urd && uk_copy_to_user(urd, k->rd, bytes)) ||
	     (uwr && uk_copy_to_user(uwr, k->wr, bytes)) ||
	     (uex && uk_copy_to_user(uex, k->ex, bytes))))
		r = -UK_EFAULT;
	uk_free(uk_alloc_get_default(), k);
	return r;
}

/* select over poll_until: the sets in, the ready descriptors out */
static long do_select_k(int n, unsigned long *rd, unsigned long *wr,
			unsigned long *ex, uint64_t ns)
{
	struct l_pollfd *p;
	unsigned int cnt = 0;
	size_t words;
	long r;

	p = uk_malloc(uk_alloc_get_default(), (n ? n : 1) * sizeof(*p));
	if (!p)
		return -UK_ENOMEM;
	for (int fd = 0; fd < n; fd++) {
		short ev = (fdset_has(rd, fd) ? SEL_IN : 0) |
			   (fdset_has(wr, fd) ? SEL_OUT : 0) |
			   (fdset_has(ex, fd) ? SEL_EX : 0);

		if (!ev)
			continue;
		if (!uk_posix_fd_get(fd)) {
			uk_free(uk_alloc_get_default(), p);
			return -UK_EBADF;
		}
		p[cnt++] = (struct l_pollfd){ fd, ev, 0 };
	}
	r = poll_until(p, cnt, deadline_ns(ns));
	if (r < 0)
		goto out;
	words = (n + FDSET_BITS - 1) / FDSET_BITS;
	if (rd)
		uk_memset(rd, 0, words * sizeof(long));
	if (wr)
		uk_memset(wr, 0, words * sizeof(long));
	if (ex)
		uk_memset(ex, 0, words * sizeof(long));
	r = 0;
	for (unsigned int i = 0; i < cnt; i++) {
		int fd = p[i].fd;
		short e = p[i].revents & p[i].events;
		unsigned long bit = 1UL << (fd % FDSET_BITS);

		if (e & SEL_IN & ~L_POLLERR && (p[i].events & L_POLLIN)) {
			rd[fd / FDSET_BITS] |= bit;
			r++;
		}
		if ((e & SEL_OUT) && (p[i].events & L_POLLOUT)) {
			wr[fd / FDSET_BITS] |= bit;
			r++;
		}
		if ((e & SEL_EX) && (p[i].events & L_POLLPRI)) {
			ex[fd / FDSET_BITS] |= bit;
			r++;
		}
		/* an error makes it readable too, as Linux's select */
		if ((p[i].revents & L_POLLERR) && (p[i].events & L_POLLIN) &&
		    !(rd[fd / FDSET_BITS] & bit)) {
			rd[fd / FDSET_BITS] |= bit;
			r++;
		}
	}
out:
	uk_free(uk_alloc_get_default(), p);
	return r;
}

#ifdef UK_NR_select	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_select(int n, unsigned long *rd, unsigned long *wr,
			  unsigned long *ex, struct l_timeval *utv)
{
	uint64_t ns = UINT64_MAX;
	struct l_timeval k, *tv = NULL;

	if (utv) {
		if (uk_copy_from_user(&k, utv, sizeof(k)))
			return -UK_EFAULT;
		tv = &k;
	}
	if (tv) {
		if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
			return -UK_EINVAL;
		ns = (uint64_t)tv->tv_sec > UK_POSIX_KTIME_MAX / 1000000000ULL ?
		     UK_POSIX_KTIME_MAX :
		     tv->tv_sec * 1000000000ULL + tv->tv_usec * 1000ULL;
	}
	return do_select(n, rd, wr, ex, ns);
}
UK_SYSCALL_REGISTER(select, uk_sys_select);
#endif

/* pselect6's sixth argument: the mask and its size */
struct l_sigset_arg {
	const uint64_t *set;
	size_t size;
};

static long uk_sys_pselect6(int n, unsigned long *rd, unsigned long *wr,
			    unsigned long *ex, const struct l_timespec *ts,
			    const struct l_sigset_arg *sig)
{
	struct l_sigset_arg k;
	uint64_t ns;
	long r = ts_timeout(ts, &ns);

	if (!r && sig && uk_copy_from_user(&k, sig, sizeof(k)))
		r = -UK_EFAULT;
	if (!r && sig)
		r = set_mask(k.set, k.size);
	return r ? r : do_select(n, rd, wr, ex, ns);
}
UK_SYSCALL_REGISTER(pselect6, uk_sys_pselect6);
