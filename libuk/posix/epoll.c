/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * epoll over any file with a poll queue (file.h): pipes, eventfds,
 * sockets, the console, other epoll instances. Regular files and
 * directories are refused with EPERM, as on Linux.
 *
 * An entry (struct uk_epitem) sits on its epoll instance's list and on
 * the watched file's poll queue. A notification of the file marks it
 * ready and notifies the instance (which wakes epoll_wait, and the
 * instances watching this one). epoll_wait asks each ready entry's file
 * what is ready now: nothing, and the entry is no longer ready; else it
 * is reported, and stays ready when level triggered, is no longer ready
 * when edge triggered (EPOLLET) until the next notification, and is
 * disarmed with EPOLLONESHOT until EPOLL_CTL_MOD. EPOLLEXCLUSIVE is
 * accepted; every waiter is woken. An entry goes when its open file's
 * last descriptor closes (not when one of several does), as on Linux.
 * An instance closed while another thread's epoll_wait (or poll) waits
 * in it stays until that call returns (ep_get).
 *
 * Locking: lists change inside system calls (preemption off) with
 * interrupts disabled where a notification (an interrupt handler) also
 * walks them: the file's watchers list and the ready flags.
 */
#include <uk/link.h>
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include <uk/plat/irq.h>
#include "posix.h"
#include "file.h"

/* linked into programs that make an epoll instance (uk/link.h) */
UK_LINK_WHEN(epoll_create);
UK_LINK_WHEN(epoll_create1);

#define L_EPOLL_CTL_ADD		1
#define L_EPOLL_CTL_DEL		2
#define L_EPOLL_CTL_MOD		3
#define L_EPOLLEXCLUSIVE	(1u << 28)
#define L_EPOLLWAKEUP		(1u << 29)
#define L_EPOLLONESHOT		(1u << 30)
#define L_EPOLLET		(1u << 31)
#define PRIVATE_BITS	(L_EPOLLEXCLUSIVE | L_EPOLLWAKEUP | L_EPOLLONESHOT | \
			 L_EPOLLET)
/* what EPOLLEXCLUSIVE may come with (Linux's EPOLLEXCLUSIVE_OK_BITS) */
#define EXCLUSIVE_OK	(L_POLLIN | L_POLLOUT | L_EPOLLWAKEUP | L_EPOLLET | \
			 L_EPOLLEXCLUSIVE)
#define EP_MAX_EVENTS	(__INT_MAX__ / 12)
/* nested instances notify each other at most this deep (Linux: 5) */
#define EP_MAX_NESTS	4

struct l_epoll_event {
	uint32_t events;
	uint64_t data;
}
#if defined(UK_ARCH_X86_64)
__packed
#endif
;

struct epoll;

struct uk_epitem {
	struct epoll *ep;
	struct uk_ofile *of;
	struct uk_pollq *src;
	int fd;
	uint32_t events;	/* as asked, with the private bits */
	uint64_t data;
	bool ready;		/* notified (or added) since last found idle */
	bool disarmed;		/* EPOLLONESHOT, reported */
	bool dead;		/* removed while pinned: the pinner frees it */
	unsigned int busy;	/* pinned by walks polling its file */
	unsigned long seen;	/* the last harvest that looked at it */
	struct uk_epitem *next_src;	/* on src->watchers */
	struct uk_epitem *next_ep;	/* on ep->items */
};

struct epoll {
	struct uk_file f;
	struct uk_epitem *items;
	unsigned long gen;	/* bumped by every removal from items */
	unsigned long seq;	/* harvests so far */
	unsigned int users;	/* calls using it that may block (ep_get) */
	bool closed;		/* its last descriptor is gone */
};

static int nest;

void uk_posix_epoll_wake(struct uk_epitem *watchers, unsigned int events);

void uk_posix_epoll_wake(struct uk_epitem *it, unsigned int events)
{
	if (nest >= EP_MAX_NESTS)
		return;
	nest++;
	for (; it; it = it->next_src) {
		/* a notification of other events leaves it alone */
		if (events && !(events & it->events))
			continue;
		it->ready = true;
		uk_pollq_notify(&it->ep->f.pq);
	}
	nest--;
}

static void src_unlink(struct uk_epitem *it)
{
	unsigned long flags = ukplat_irq_save();
	struct uk_epitem **p;

	for (p = &it->src->watchers; *p; p = &(*p)->next_src)
		if (*p == it) {
			*p = it->next_src;
			break;
		}
	ukplat_irq_restore(flags);
}

/*
 * Takes @it off both lists and frees it; a pinned item (a walk is
 * polling its file, see item_poll) is left to that walk to free.
 */
static void item_free(struct uk_epitem *it)
{
	struct uk_epitem **p;

	src_unlink(it);
	for (p = &it->ep->items; *p; p = &(*p)->next_ep)
		if (*p == it) {
			*p = it->next_ep;
			break;
		}
	it->ep->gen++;
	if (it->busy)
		it->dead = true;
	else
		uk_free(uk_alloc_get_default(), it);
}

void uk_posix_epoll_forget(struct uk_ofile *of)
{
	struct uk_pollq *q = uk_posix_pollq(of);
	struct uk_epitem *it, *next;

	if (!q)
		return;
	for (it = q->watchers; it; it = next) {
		next = it->next_src;
		if (it->of == of)
			item_free(it);
	}
}

/*
 * What @it reports now (0: nothing). A file that can only be polled
 * (it asked for a slice) stays ready: no notification would say when.
 */
static uint32_t item_events(struct uk_epitem *it)
{
	unsigned int before = uk_posix_poll_slices();
	uint32_t ev;

	if (it->disarmed)
		return 0;
	ev = uk_posix_poll(it->of) & (it->events | L_POLLERR | L_POLLHUP) &
	     ~PRIVATE_BITS;
	if (uk_posix_poll_slices() != before)
		it->ready = true;
	return ev;
}

#define ITEM_SAME	0	/* the list is as it was */
#define ITEM_CHANGED	1	/* items were removed; @it is still on it */
#define ITEM_GONE	2	/* @it itself was removed (and is freed) */

/*
 * item_events() inside a walk of ep->items. Polling a file may block (a
 * lwIP socket takes the stack's lock) and let another thread remove
 * items, @it included: @it is pinned meanwhile, and the result says
 * whether the walk can go on from @it or must start again at the head.
 */
static int item_poll(struct epoll *ep, struct uk_epitem *it, uint32_t *ev)
{
	unsigned long gen = ep->gen;

	it->busy++;
	*ev = item_events(it);
	it->busy--;
	if (it->dead) {
		if (!it->busy)
			uk_free(uk_alloc_get_default(), it);
		return ITEM_GONE;
	}
	return ep->gen == gen ? ITEM_SAME : ITEM_CHANGED;
}

static void ep_free(struct epoll *ep)
{
	while (ep->items)
		item_free(ep->items);
	uk_free(uk_alloc_get_default(), ep);
}

/*
 * A call that may block while it uses @ep (epoll_wait, a poll of the
 * instance) holds it from ep_get() to ep_put(): a close by another
 * thread meanwhile leaves the instance to the last such call, which
 * goes on with it, as on Linux (the call holds the open file).
 */
static struct epoll *ep_get(struct epoll *ep)
{
	ep->users++;
	return ep;
}

static void ep_put(struct epoll *ep)
{
	if (!--ep->users && ep->closed)
		ep_free(ep);
}

static unsigned int ep_poll(struct uk_ofile *of)
{
	struct epoll *ep = ep_get((struct epoll *)of->file);
	struct uk_epitem *it;
	unsigned int ev = 0;
	uint32_t e;
	int r;

again:
	for (it = ep->items; it; it = it->next_ep) {
		if (!it->ready)
			continue;
		r = item_poll(ep, it, &e);
		if (r != ITEM_GONE && e) {
			ev = L_POLLIN | L_POLLRDNORM;
			break;
		}
		if (r != ITEM_SAME)
			goto again;
	}
	ep_put(ep);
	return ev;
}

static void ep_release(struct uk_ofile *of)
{
	struct epoll *ep = (struct epoll *)of->file;

	ep->closed = true;
	if (!ep->users)
		ep_free(ep);
}

static const struct uk_node epoll_node = {
	.name = "[eventpoll]",
	.path = "anon_inode:[eventpoll]",
	.mode = 0600,
};

static const struct uk_file_ops epoll_ops = {
	.release = ep_release,
	.poll = ep_poll,
};

static long uk_sys_epoll_create1(int flags)
{
	struct epoll *ep;
	long fd;

	if (flags & ~L_O_CLOEXEC)
		return -UK_EINVAL;
	ep = uk_calloc(uk_alloc_get_default(), 1, sizeof(*ep));
	if (!ep)
		return -UK_ENOMEM;
	uk_file_init(&ep->f, &epoll_ops);
	fd = uk_posix_fd_open_file(&epoll_node, &ep->f, L_O_RDWR | flags);
	if (fd < 0)
		uk_free(uk_alloc_get_default(), ep);
	return fd;
}
UK_SYSCALL_REGISTER(epoll_create1, uk_sys_epoll_create1);

#ifdef UK_NR_epoll_create	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_epoll_create(int size)
{
	return size <= 0 ? -UK_EINVAL : uk_sys_epoll_create1(0);
}
UK_SYSCALL_REGISTER(epoll_create, uk_sys_epoll_create);
#endif

static struct epoll *epoll_of(struct uk_ofile *of)
{
	return of && of->file && of->file->ops == &epoll_ops ?
	       (struct epoll *)of->file : NULL;
}

/* True if @ep is @target or watches it, directly or not (a loop). */
static bool reaches(struct epoll *ep, struct epoll *target, int depth)
{
	if (ep == target)
		return true;
	if (depth > EP_MAX_NESTS)
		return true;
	for (struct uk_epitem *it = ep->items; it; it = it->next_ep) {
		struct epoll *sub = epoll_of(it->of);

		if (sub && reaches(sub, target, depth + 1))
			return true;
	}
	return false;
}

static long item_add(struct epoll *ep, struct uk_ofile *of, int fd,
		     const struct l_epoll_event *ev)
{
	struct uk_epitem *it;
	struct epoll *sub = epoll_of(of);
	unsigned long flags;

	if (sub && reaches(sub, ep, 0))
		return -UK_ELOOP;
	it = uk_calloc(uk_alloc_get_default(), 1, sizeof(*it));
	if (!it)
		return -UK_ENOMEM;
	*it = (struct uk_epitem){
		.ep = ep, .of = of, .src = uk_posix_pollq(of), .fd = fd,
		.events = ev->events, .data = ev->data, .ready = true,
	};
	it->next_ep = ep->items;
	ep->items = it;
	flags = ukplat_irq_save();
	it->next_src = it->src->watchers;
	it->src->watchers = it;
	ukplat_irq_restore(flags);
	uk_pollq_notify(&ep->f.pq);
	return 0;
}

static long uk_sys_epoll_ctl(int epfd, int op, int fd,
			     const struct l_epoll_event *uev)
{
	struct uk_ofile *epof = uk_posix_fd_get(epfd);
	struct uk_ofile *of = uk_posix_fd_get(fd);
	struct epoll *ep = epoll_of(epof);
	struct l_epoll_event ev = { 0, 0 };
	struct uk_epitem *it;

	if (op != L_EPOLL_CTL_DEL) {
		if (uk_copy_from_user(&ev, uev, sizeof(ev)))
			return -UK_EFAULT;
	}
	if (!epof || !of)
		return -UK_EBADF;
	if (!uk_posix_pollq(of))
		return -UK_EPERM;
	if (!ep || fd == epfd)
		return -UK_EINVAL;
	if ((ev.events & L_EPOLLEXCLUSIVE) &&
	    (op == L_EPOLL_CTL_MOD || epoll_of(of) ||
	     (ev.events & ~EXCLUSIVE_OK)))
		return -UK_EINVAL;
	for (it = ep->items; it; it = it->next_ep)
		if (it->fd == fd && it->of == of)
			break;
	switch (op) {
	case L_EPOLL_CTL_ADD:
		return it ? -UK_EEXIST : item_add(ep, of, fd, &ev);
	case L_EPOLL_CTL_DEL:
		if (!it)
			return -UK_ENOENT;
		item_free(it);
		return 0;
	case L_EPOLL_CTL_MOD:
		if (!it)
			return -UK_ENOENT;
		if (it->events & L_EPOLLEXCLUSIVE)
			return -UK_EINVAL;
		it->events = ev.events;
		it->data = ev.data;
		it->disarmed = false;
		it->ready = true;
		uk_pollq_notify(&ep->f.pq);
		return 0;
	default:
		return -UK_EINVAL;
	}
}
UK_SYSCALL_REGISTER(epoll_ctl, uk_sys_epoll_ctl);

/*
 * Reports up to @max ready entries into @evs; returns how many. An item
 * is looked at once per harvest (seen), even when a removal by another
 * thread makes the walk start again at the head.
 */
static int harvest(struct epoll *ep, struct l_epoll_event *evs, int max)
{
	unsigned long seq = ++ep->seq;
	struct uk_epitem *it;
	int got = 0, r;
	uint32_t e;

again:
	for (it = ep->items; it && got < max; it = it->next_ep) {
		if (!it->ready || it->seen == seq)
			continue;
		it->ready = false;
		r = item_poll(ep, it, &e);
		if (r == ITEM_GONE)
			goto again;
		it->seen = seq;
		if (e) {
			evs[got].events = e;
			evs[got].data = it->data;
			got++;
			if (it->events & L_EPOLLONESHOT)
				it->disarmed = true;
			else if (!(it->events & L_EPOLLET))
				it->ready = true;
		}
		if (r == ITEM_CHANGED)
			goto again;
	}
	return got;
}

static long ep_wait(int epfd, struct l_epoll_event *evs, int max,
		    uint64_t deadline)
{
	struct uk_ofile *of = uk_posix_fd_get(epfd);
	struct epoll *ep = epoll_of(of);
	long ret;

	if (max <= 0 || max > EP_MAX_EVENTS)
		return -UK_EINVAL;
	/* the entries are written as they are taken: check the whole
	 * array first, so that none is lost to a bad pointer */
	if (!uk_user_ok(evs, (size_t)max * sizeof(*evs), true))
		return -UK_EFAULT;
	if (!of)
		return -UK_EBADF;
	if (!ep)
		return -UK_EINVAL;
	ep_get(ep);
	for (;;) {
		uint64_t seq = uk_posix_poll_any_seq();
		unsigned int before = uk_posix_poll_slices();
		int got = harvest(ep, evs, max), rc;

		if (got || deadline == 1) {
			ret = got;
			break;
		}
		rc = uk_posix_poll_any_wait(seq, deadline,
					    uk_posix_poll_slices() != before);
		if (rc == -UK_EINTR) {
			ret = -UK_EINTR;
			break;
		}
		if (rc == -UK_ETIMEDOUT) {
			ret = harvest(ep, evs, max);
			break;
		}
	}
	ep_put(ep);
	return ret;
}

static long uk_sys_epoll_pwait(int epfd, struct l_epoll_event *evs, int max,
			       int timeout, const uint64_t *mask, size_t size)
{
	uint64_t deadline = timeout < 0 ? 0 : timeout == 0 ? 1 :
			    uk_posix_deadline_in(timeout * 1000000ULL);

	uint64_t m;

	if (mask) {
		if (size != sizeof(uint64_t))
			return -UK_EINVAL;
		if (uk_copy_from_user(&m, mask, sizeof(m)))
			return -UK_EFAULT;
		uk_posix_signal_mask_for_call(m);
	}
	return ep_wait(epfd, evs, max, deadline);
}
UK_SYSCALL_REGISTER(epoll_pwait, uk_sys_epoll_pwait);

#ifdef UK_NR_epoll_wait	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_epoll_wait(int epfd, struct l_epoll_event *evs, int max,
			      int timeout)
{
	return uk_sys_epoll_pwait(epfd, evs, max, timeout, NULL, 0);
}
UK_SYSCALL_REGISTER(epoll_wait, uk_sys_epoll_wait);
#endif
