/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Advisory file locks: fcntl record locks (F_SETLK, F_SETLKW, F_GETLK),
 * open file description locks (F_OFD_SETLK, F_OFD_SETLKW, F_OFD_GETLK)
 * and flock(), as Linux keeps them.
 *
 * A lock has an owner: the process for record locks (there is one, so
 * they never conflict with each other), the open file for OFD locks and
 * flock locks. Locks of different owners conflict when their ranges
 * overlap and one of them is a write lock; record and OFD locks are one
 * namespace (they conflict with each other, as on Linux), flock locks
 * another. Closing any descriptor of a file drops the process's record
 * locks on it; the last close of an open file drops its OFD and flock
 * locks. A blocking request (F_SETLKW, F_OFD_SETLKW, flock without
 * LOCK_NB) waits until an unlock wakes it and the range is free, or a
 * signal ends the wait (EINTR). Locks are kept in one list: a program
 * holds few.
 */
#include <uk/link.h>
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include <uk/vfs.h>
#include <uk/thread.h>
#include <uk/plat/irq.h>
#include "posix.h"
#include "file.h"

/* linked with the file system calls, or by flock() (uk/link.h) */
UK_LINK_WHEN(flock);
UK_LINK_ANCHOR(lock);

#define A()		uk_alloc_get_default()
#define END_MAX		INT64_MAX

#define L_F_RDLCK	0
#define L_F_WRLCK	1
#define L_F_UNLCK	2

#define L_LOCK_SH	1
#define L_LOCK_EX	2
#define L_LOCK_NB	4
#define L_LOCK_UN	8

struct l_flock {
	short type;
	short whence;
	long start;
	long len;
	int pid;
};

struct lock {
	struct lock *next;
	struct uk_vnode *vn;
	const void *owner;
	bool flock;		/* flock()'s namespace */
	int type;		/* L_F_RDLCK or L_F_WRLCK */
	int64_t start, end;	/* inclusive */
};

struct waiter {
	struct uk_thread *thread;
	struct waiter *next;
};

static struct lock *locks;
static struct waiter *waiters;
static const char process_owner;	/* the owner of record locks */

static bool overlaps(const struct lock *l, int64_t start, int64_t end)
{
	return l->start <= end && start <= l->end;
}

/* The first lock of another owner that conflicts, or NULL. */
static struct lock *conflict(struct uk_vnode *vn, const void *owner,
			     bool flock, int type, int64_t start, int64_t end)
{
	for (struct lock *l = locks; l; l = l->next)
		if (l->vn == vn && l->flock == flock && l->owner != owner &&
		    overlaps(l, start, end) &&
		    (l->type == L_F_WRLCK || type == L_F_WRLCK))
			return l;
	return NULL;
}

static void wake_all(void)
{
	for (struct waiter *w = waiters; w; w = w->next)
		uk_thread_wake(w->thread);
}

/* Removes @owner's locks on [start, end] of @vn (splitting the one that
 * spans it); -ENOLCK when the split needs memory it cannot have. */
static int unlock(struct uk_vnode *vn, const void *owner, bool flock,
		  int64_t start, int64_t end)
{
	struct lock **pl = &locks, *l;

	while ((l = *pl)) {
		if (l->vn != vn || l->owner != owner || l->flock != flock ||
		    !overlaps(l, start, end)) {
			pl = &l->next;
			continue;
		}
		if (l->start < start && l->end > end) {
			struct lock *r = uk_malloc(A(), sizeof(*r));

			if (!r)
				return -UK_ENOLCK;
			*r = *l;
			r->start = end + 1;
			l->end = start - 1;
			l->next = r;
			pl = &r->next;
		} else if (l->start < start) {
			l->end = start - 1;
			pl = &l->next;
		} else if (l->end > end) {
			l->start = end + 1;
			pl = &l->next;
		} else {
			*pl = l->next;
			uk_free(A(), l);
		}
	}
	wake_all();
	return 0;
}

/* Waits for an unlock; -EINTR for a signal. */
static int wait_unlock(void)
{
	struct waiter w = { uk_thread_current(), waiters }, **pw;
	unsigned long flags;

	if (uk_posix_signal_pending())
		return -UK_EINTR;
	flags = ukplat_irq_save();
	waiters = &w;
	uk_thread_block(0);
	for (pw = &waiters; *pw != &w; pw = &(*pw)->next)
		;
	*pw = w.next;
	ukplat_irq_restore(flags);
	return uk_posix_signal_pending() ? -UK_EINTR : 0;
}

/* Sets (or with L_F_UNLCK removes) @owner's lock on [start, end]. */
static int set_lock(struct uk_vnode *vn, const void *owner, bool flock,
		    int type, int64_t start, int64_t end, bool wait)
{
	struct lock *l;
	int r;

	if (type == L_F_UNLCK)
		return unlock(vn, owner, flock, start, end);
	while (conflict(vn, owner, flock, type, start, end)) {
		if (!wait)
			return flock ? -UK_EAGAIN : -UK_EAGAIN;
		r = wait_unlock();
		if (r < 0)
			return r;
	}
	l = uk_malloc(A(), sizeof(*l));
	if (!l)
		return -UK_ENOLCK;
	r = unlock(vn, owner, flock, start, end);
	if (r < 0) {
		uk_free(A(), l);
		return r;
	}
	*l = (struct lock){ locks, vn, owner, flock, type, start, end };
	locks = l;
	return 0;
}

/* The range of @fl for open file @of into [*start, *end]. */
static int range(const struct uk_ofile *of, const struct l_flock *fl,
		 int64_t *start, int64_t *end)
{
	int64_t base = fl->whence == 0 ? 0 :
		       fl->whence == 1 ? of->pos : of->vn->size;

	if (fl->start > 0 && base > END_MAX - fl->start)
		return -UK_EOVERFLOW;
	*start = base + fl->start;
	if (fl->len > 0) {
		if (*start > END_MAX - fl->len + 1)
			return -UK_EOVERFLOW;
		*end = *start + fl->len - 1;
	} else if (fl->len == 0) {
		*end = END_MAX;
	} else {
		*end = *start - 1;
		*start += fl->len;
	}
	return *start < 0 ? -UK_EINVAL : 0;
}

long uk_posix_lock_fcntl(struct uk_ofile *of, int cmd, unsigned long arg)
{
	struct l_flock *ufl = (struct l_flock *)arg, k, *fl = &k;
	bool ofd = cmd >= L_F_OFD_GETLK;
	const void *owner = ofd ? (const void *)of : &process_owner;
	int acc = of->flags & L_O_ACCMODE;
	int64_t start, end;
	struct lock *l;
	long r;

	if (of->flags & L_O_PATH)
		return -UK_EBADF;
	if (uk_copy_from_user(fl, ufl, sizeof(*fl)))
		return -UK_EFAULT;
	if (fl->whence < 0 || fl->whence > 2 ||
	    fl->type < L_F_RDLCK || fl->type > L_F_UNLCK ||
	    (ofd && fl->pid))
		return -UK_EINVAL;
	if (!of->vn) {	/* the console, sockets: nothing to lock */
		if (cmd != L_F_GETLK && cmd != L_F_OFD_GETLK)
			return 0;
		if (fl->type == L_F_UNLCK)
			return -UK_EINVAL;
		fl->type = L_F_UNLCK;
		return uk_copy_to_user(ufl, fl, sizeof(*fl)) ? -UK_EFAULT : 0;
	}
	r = range(of, fl, &start, &end);
	if (r < 0)
		return r;
	if (cmd == L_F_GETLK || cmd == L_F_OFD_GETLK) {
		if (fl->type == L_F_UNLCK)
			return -UK_EINVAL;
		l = conflict(of->vn, owner, false, fl->type, start, end);
		if (!l)
			fl->type = L_F_UNLCK;
		else
			*fl = (struct l_flock){
				.type = l->type, .whence = 0,
				.start = l->start,
				.len = l->end == END_MAX ? 0 :
				       l->end - l->start + 1,
				.pid = l->owner == &process_owner ? 1 : -1,
			};
		return uk_copy_to_user(ufl, fl, sizeof(*fl)) ? -UK_EFAULT : 0;
	}
	if ((fl->type == L_F_RDLCK && acc == L_O_WRONLY) ||
	    (fl->type == L_F_WRLCK && acc == L_O_RDONLY))
		return -UK_EBADF;
	return set_lock(of->vn, owner, false, fl->type, start, end,
			cmd == L_F_SETLKW || cmd == L_F_OFD_SETLKW);
}

void uk_posix_lock_close(struct uk_ofile *of, bool last)
{
	if (!of->vn)
		return;
	unlock(of->vn, &process_owner, false, 0, END_MAX);
	if (last) {
		unlock(of->vn, of, false, 0, END_MAX);
		unlock(of->vn, of, true, 0, END_MAX);
	}
}

static long uk_sys_flock(int fd, int op)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	int type;

	if (!of || (of->flags & L_O_PATH))
		return -UK_EBADF;
	switch (op & ~L_LOCK_NB) {
	case L_LOCK_SH:
		type = L_F_RDLCK;
		break;
	case L_LOCK_EX:
		type = L_F_WRLCK;
		break;
	case L_LOCK_UN:
		type = L_F_UNLCK;
		break;
	default:
		return -UK_EINVAL;
	}
	if (!of->vn)
		return 0;
	return set_lock(of->vn, of, true, type, 0, END_MAX,
			!(op & L_LOCK_NB));
}
UK_SYSCALL_REGISTER(flock, uk_sys_flock);
