/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System V IPC inside the image: shared memory segments (shmget, shmat,
 * shmdt, shmctl), semaphore sets (semget, semop, semtimedop, semctl)
 * and message queues (msgget, msgsnd, msgrcv, msgctl), as Linux has
 * them: keys and IPC_PRIVATE, IPC_CREAT|IPC_EXCL, ids that are
 * seq * 32768 + index (an id whose slot is empty is EINVAL, one whose
 * slot holds a newer object EIDRM), IPC_STAT, IPC_SET, IPC_RMID,
 * IPC_INFO and the SHM_, SEM_ and MSG_ INFO and STAT commands,
 * IPC_NOWAIT, blocking with a timeout (semtimedop) and interruption by
 * signals (EINTR, never restarted),
 * Linux's errno for each failure and Linux's default limits (SHMMAX,
 * SEMMSL, SEMOPM, SEMVMX, MSGMAX, MSGMNB ..., as IPC_INFO reports
 * them). A removed semaphore set or queue wakes its waiters with EIDRM.
 *
 * What differs, because there is one process in one address space:
 * - the program is root: ids are created with uid/gid 0 and no
 *   permission check fails (as for root on Linux);
 * - a segment's pages are the heap's, identity-mapped, so shmat always
 *   answers the segment's one address (attaching twice gives the same
 *   address, counted twice in shm_nattch); shmat at any other address
 *   is EINVAL; SHM_RDONLY is accepted but the pages stay writable;
 * - SEM_UNDO is accepted: the undo would run at the process's exit,
 *   which is the end of everything here.
 *
 * Locking: none; every system call runs with preemption off, and a
 * waiter sleeps on its object's poll queue (file.h), notified at each
 * change. An object removed while threads wait on it is freed by the
 * last of them to leave.
 */
#include <uk/link.h>
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include <uk/plat/paging.h>
#include "posix.h"
#include "file.h"

/* linked into programs that use System V IPC (uk/link.h) */
UK_LINK_WHEN(shmget);
UK_LINK_WHEN(semget);
UK_LINK_WHEN(msgget);

#define L_ENOMSG	42
#define L_EIDRM		43

#define L_IPC_CREAT	01000
#define L_IPC_EXCL	02000
#define L_IPC_NOWAIT	04000
#define L_IPC_RMID	0
#define L_IPC_SET	1
#define L_IPC_STAT	2
#define L_IPC_INFO	3

#define L_SHM_RDONLY	010000
#define L_SHM_RND	020000
#define L_SHM_REMAP	040000
#define L_SHM_LOCK	11
#define L_SHM_UNLOCK	12
#define L_SHM_STAT	13
#define L_SHM_INFO	14
#define L_SHM_STAT_ANY	15
#define L_SHM_DEST	01000
#define L_SHM_LOCKED	02000

#define L_GETPID	11
#define L_GETVAL	12
#define L_GETALL	13
#define L_GETNCNT	14
#define L_GETZCNT	15
#define L_SETVAL	16
#define L_SETALL	17
#define L_SEM_STAT	18
#define L_SEM_INFO	19
#define L_SEM_STAT_ANY	20

#define L_MSG_STAT	11
#define L_MSG_INFO	12
#define L_MSG_STAT_ANY	13
#define L_MSG_NOERROR	010000
#define L_MSG_EXCEPT	020000
#define L_MSG_COPY	040000

/* Linux's defaults (include/uapi/linux/{shm,sem,msg}.h) */
#define SHMMIN		1UL
#define SHMMNI		4096
#define SHMMAX		(~0UL - (1UL << 24))
#define SHMALL		(~0UL - (1UL << 24))	/* pages */
#define SEMMSL		32000
#define SEMMNI		32000
#define SEMMNS		(SEMMNI * SEMMSL)
#define SEMOPM		500
#define SEMVMX		32767
#define SEMAEM		SEMVMX
#define SEMUSZ		20
#define SEMOPM_FAST	64	/* operations copied on the stack */
#define MSGMNI		32000
#define MSGMAX		8192
#define MSGMNB		16384
#define MSGPOOL		(MSGMNI * MSGMNB / 1024)
#define MSGSSZ		16
#define MSGSEG		0xffff

#define IPCMNI		32768	/* id = seq * IPCMNI + index */
#define PID		1	/* process.c */
#define S_IRWXUGO	0777

/* ---- the structures of the system calls (64-bit Linux) ---- */

struct l_ipc64_perm {
	int key;
	unsigned int uid, gid, cuid, cgid, mode;
	unsigned short seq, pad2;
	unsigned long unused1, unused2;
};

struct l_shmid64_ds {
	struct l_ipc64_perm shm_perm;
	unsigned long shm_segsz;
	long shm_atime, shm_dtime, shm_ctime;
	int shm_cpid, shm_lpid;
	unsigned long shm_nattch, unused4, unused5;
};

struct l_shminfo64 {
	unsigned long shmmax, shmmin, shmmni, shmseg, shmall, unused[4];
};

struct l_shm_info {
	int used_ids;
	unsigned long shm_tot, shm_rss, shm_swp, swap_attempts,
		      swap_successes;
};

/* x86_64's layout has a word after each time; the generic one not */
struct l_semid64_ds {
	struct l_ipc64_perm sem_perm;
	long sem_otime;
#if defined(__x86_64__)
	unsigned long unused1;
#endif
	long sem_ctime;
#if defined(__x86_64__)
	unsigned long unused2;
#endif
	unsigned long sem_nsems, unused3, unused4;
};

struct l_seminfo {
	int semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz,
	    semvmx, semaem;
};

struct l_sembuf {
	unsigned short sem_num;
	short sem_op, sem_flg;
};

struct l_msqid64_ds {
	struct l_ipc64_perm msg_perm;
	long msg_stime, msg_rtime, msg_ctime;
	unsigned long msg_cbytes, msg_qnum, msg_qbytes;
	int msg_lspid, msg_lrpid;
	unsigned long unused4, unused5;
};

struct l_msginfo {
	int msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	unsigned short msgseg;
};

/* ---- ids ---- */

struct ipc_obj {
	int id, key;
	unsigned int uid, gid, cuid, cgid, mode;
	unsigned short seq;
	bool removed;		/* by IPC_RMID (semaphores, queues) */
	int waiters;		/* threads asleep on q */
	struct uk_pollq q;
};

struct ipc_ids {
	struct ipc_obj **slot;
	int nslots, in_use, mni;
	unsigned short seq;
};

static struct ipc_ids shm_ids = { .mni = SHMMNI };
static struct ipc_ids sem_ids = { .mni = SEMMNI };
static struct ipc_ids msg_ids = { .mni = MSGMNI };

static long now_s(void)
{
	uint64_t ns = 0;

	uk_posix_clock_read(L_CLOCK_REALTIME, &ns);
	return (long)(ns / 1000000000ULL);
}

/* The object of id @id, or NULL with *@err EINVAL or EIDRM. */
static struct ipc_obj *ipc_lookup(struct ipc_ids *ids, int id, long *err)
{
	struct ipc_obj *o;
	int idx = id % IPCMNI;

	*err = -UK_EINVAL;
	if (id < 0 || idx >= ids->nslots || !(o = ids->slot[idx]))
		return NULL;
	if (o->seq != (unsigned short)(id / IPCMNI)) {
		*err = -L_EIDRM;
		return NULL;
	}
	return o;
}

/* The object at index @idx (the *_STAT commands), or NULL: EINVAL. */
static struct ipc_obj *ipc_at(struct ipc_ids *ids, int idx)
{
	return idx >= 0 && idx < ids->nslots ? ids->slot[idx] : NULL;
}

static struct ipc_obj *ipc_find_key(struct ipc_ids *ids, int key)
{
	for (int i = 0; i < ids->nslots; i++)
		if (ids->slot[i] && ids->slot[i]->key == key)
			return ids->slot[i];
	return NULL;
}

/* The highest index in use, or 0 (the *_INFO commands' result). */
static int ipc_max_idx(const struct ipc_ids *ids)
{
	for (int i = ids->nslots - 1; i >= 0; i--)
		if (ids->slot[i])
			return i;
	return 0;
}

/* Gives @o (zeroed, of its type's size) a free index and an id:
 * 0, -ENOSPC (mni reached) or -ENOMEM. */
static long ipc_add(struct ipc_ids *ids, struct ipc_obj *o, int key,
		    int flg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	int idx;

	if (ids->in_use >= ids->mni)
		return -UK_ENOSPC;
	for (idx = 0; idx < ids->nslots && ids->slot[idx]; idx++)
		;
	if (idx == ids->nslots) {
		int n = ids->nslots ? ids->nslots * 2 : 16;
		struct ipc_obj **s;

		n = UK_MIN(n, ids->mni);
		s = uk_realloc(a, ids->slot, n * sizeof(*s));
		if (!s)
			return -UK_ENOMEM;
		uk_memset(s + ids->nslots, 0,
			  (n - ids->nslots) * sizeof(*s));
		ids->slot = s;
		ids->nslots = n;
	}
	o->key = key;
	o->mode = flg & S_IRWXUGO;
	o->seq = ids->seq++;
	o->id = (int)o->seq * IPCMNI + idx;
	ids->slot[idx] = o;
	ids->in_use++;
	return 0;
}

static void ipc_del(struct ipc_ids *ids, struct ipc_obj *o)
{
	ids->slot[o->id % IPCMNI] = NULL;
	ids->in_use--;
}

/*
 * The get of each kind: the id of key @key, made by @create when it is
 * new (IPC_PRIVATE always is), after @check for an existing one.
 */
static long ipc_get(struct ipc_ids *ids, int key, int flg,
		    long (*create)(int key, int flg, unsigned long arg),
		    long (*check)(struct ipc_obj *o, unsigned long arg),
		    unsigned long arg)
{
	struct ipc_obj *o;
	long r;

	if (key == 0)
		return create(key, flg, arg);
	o = ipc_find_key(ids, key);
	if (!o)
		return flg & L_IPC_CREAT ? create(key, flg, arg) :
		       -UK_ENOENT;
	if ((flg & L_IPC_CREAT) && (flg & L_IPC_EXCL))
		return -UK_EEXIST;
	r = check ? check(o, arg) : 0;
	return r ? r : o->id;
}

static void ipc_perm_out(const struct ipc_obj *o, struct l_ipc64_perm *p)
{
	p->key = o->key;
	p->uid = o->uid;
	p->gid = o->gid;
	p->cuid = o->cuid;
	p->cgid = o->cgid;
	p->mode = o->mode;
	p->seq = o->seq;
}

/* IPC_SET's part common to every kind: owner and permission bits. */
static void ipc_perm_set(struct ipc_obj *o, const struct l_ipc64_perm *p)
{
	o->uid = p->uid;
	o->gid = p->gid;
	o->mode = (o->mode & ~S_IRWXUGO) | (p->mode & S_IRWXUGO);
}

/*
 * Sleeps on @o's queue from count @seq until notified, @deadline or a
 * signal: 0, -ETIMEDOUT, -EINTR, or -EIDRM when @o was removed meanwhile
 * (then freed with @free if this was its last waiter).
 */
static long ipc_wait(struct ipc_obj *o, uint64_t seq, uint64_t deadline,
		     void (*free)(struct ipc_obj *o))
{
	long r;

	o->waiters++;
	r = uk_pollq_wait(&o->q, seq, deadline);
	o->waiters--;
	if (o->removed) {
		if (!o->waiters)
			free(o);
		return -L_EIDRM;
	}
	return r;
}

/* Removes @o from @ids; frees it now or when its last waiter leaves. */
static void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o,
		       void (*free)(struct ipc_obj *o))
{
	ipc_del(ids, o);
	o->removed = true;
	if (o->waiters)
		uk_pollq_notify(&o->q);
	else
		free(o);
}

/* ---- shared memory ---- */

struct shm_seg {
	struct ipc_obj o;
	size_t size, pages;
	void *mem;
	long atime, dtime, ctime;
	int cpid, lpid;
	unsigned long nattch;
	bool locked;
};

static unsigned long shm_tot;	/* pages in all segments */

static void shm_destroy(struct shm_seg *s)
{
	struct uk_alloc *a = uk_alloc_get_default();

	ipc_del(&shm_ids, &s->o);
	shm_tot -= s->pages;
	uk_pfree(a, s->mem, s->pages);
	uk_free(a, s);
}

static long shm_create(int key, int flg, unsigned long size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct shm_seg *s;
	size_t pages;
	long r;

	if (size < SHMMIN || size > SHMMAX)
		return -UK_EINVAL;
	pages = (size + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;
	if (shm_tot + pages < shm_tot || shm_tot + pages > SHMALL)
		return -UK_ENOSPC;
	s = uk_calloc(a, 1, sizeof(*s));
	if (!s)
		return -UK_ENOMEM;
	s->mem = uk_palloc(a, pages);
	if (!s->mem) {
		r = -UK_ENOMEM;
		goto out_free;
	}
	uk_memset(s->mem, 0, pages * UK_PAGE_SIZE);
	r = ipc_add(&shm_ids, &s->o, key, flg);
	if (r)
		goto out_pfree;
	s->size = size;
	s->pages = pages;
	s->cpid = PID;
	s->ctime = now_s();
	shm_tot += pages;
	return s->o.id;

out_pfree:
	uk_pfree(a, s->mem, pages);
out_free:
	uk_free(a, s);
	return r;
}

static long shm_check(struct ipc_obj *o, unsigned long size)
{
	return ((struct shm_seg *)o)->size < size ? -UK_EINVAL : 0;
}

static long uk_sys_shmget(int key, size_t size, int flg)
{
	return ipc_get(&shm_ids, key, flg, shm_create, shm_check, size);
}
UK_SYSCALL_REGISTER(shmget, uk_sys_shmget);

static long uk_sys_shmat(int id, unsigned long addr, int flg)
{
	struct shm_seg *s;
	long err;

	if (addr) {
		if (addr & (UK_PAGE_SIZE - 1)) {
			if (!(flg & L_SHM_RND))
				return -UK_EINVAL;
			addr &= ~(unsigned long)(UK_PAGE_SIZE - 1);
			if (!addr && (flg & L_SHM_REMAP))
				return -UK_EINVAL;
		}
	} else if (flg & L_SHM_REMAP) {
		return -UK_EINVAL;
	}
	s = (struct shm_seg *)ipc_lookup(&shm_ids, id, &err);
	if (!s)
		return err;
	/* one address space: the segment is where its pages are */
	if (addr && addr != (unsigned long)s->mem)
		return -UK_EINVAL;
	s->nattch++;
	s->atime = now_s();
	s->lpid = PID;
	return (long)s->mem;
}
UK_SYSCALL_REGISTER(shmat, uk_sys_shmat);

static long uk_sys_shmdt(unsigned long addr)
{
	if (addr & (UK_PAGE_SIZE - 1))
		return -UK_EINVAL;
	for (int i = 0; i < shm_ids.nslots; i++) {
		struct shm_seg *s = (struct shm_seg *)shm_ids.slot[i];

		if (!s || (unsigned long)s->mem != addr || !s->nattch)
			continue;
		s->nattch--;
		s->dtime = now_s();
		s->lpid = PID;
		if (!s->nattch && (s->o.mode & L_SHM_DEST))
			shm_destroy(s);
		return 0;
	}
	return -UK_EINVAL;
}
UK_SYSCALL_REGISTER(shmdt, uk_sys_shmdt);

static long shm_stat(struct shm_seg *s, void *buf)
{
	struct l_shmid64_ds ds = { 0 };

	ipc_perm_out(&s->o, &ds.shm_perm);
	ds.shm_segsz = s->size;
	ds.shm_atime = s->atime;
	ds.shm_dtime = s->dtime;
	ds.shm_ctime = s->ctime;
	ds.shm_cpid = s->cpid;
	ds.shm_lpid = s->lpid;
	ds.shm_nattch = s->nattch;
	return uk_copy_to_user(buf, &ds, sizeof(ds));
}

static long shm_info(int cmd, void *buf)
{
	long r;

	if (cmd == L_IPC_INFO) {
		struct l_shminfo64 in = {
			.shmmax = SHMMAX, .shmmin = SHMMIN, .shmmni = SHMMNI,
			.shmseg = SHMMNI, .shmall = SHMALL,
		};
		r = uk_copy_to_user(buf, &in, sizeof(in));
	} else {
		struct l_shm_info in = {
			.used_ids = shm_ids.in_use,
			.shm_tot = shm_tot, .shm_rss = shm_tot,
		};
		r = uk_copy_to_user(buf, &in, sizeof(in));
	}
	return r ? r : ipc_max_idx(&shm_ids);
}

static long uk_sys_shmctl(int id, int cmd, void *buf)
{
	struct l_shmid64_ds ds;
	struct shm_seg *s;
	long err;

	if (cmd < 0 || id < 0)
		return -UK_EINVAL;
	switch (cmd) {
	case L_IPC_INFO:
	case L_SHM_INFO:
		return shm_info(cmd, buf);
	case L_SHM_STAT:
	case L_SHM_STAT_ANY:
		s = (struct shm_seg *)ipc_at(&shm_ids, id);
		if (!s)
			return -UK_EINVAL;
		err = shm_stat(s, buf);
		return err ? err : s->o.id;
	case L_IPC_STAT:
	case L_IPC_SET:
	case L_IPC_RMID:
	case L_SHM_LOCK:
	case L_SHM_UNLOCK:
		break;
	default:
		return -UK_EINVAL;
	}
	if (cmd == L_IPC_SET && uk_copy_from_user(&ds, buf, sizeof(ds)))
		return -UK_EFAULT;
	s = (struct shm_seg *)ipc_lookup(&shm_ids, id, &err);
	if (!s)
		return err;
	switch (cmd) {
	case L_IPC_STAT:
		return shm_stat(s, buf);
	case L_IPC_SET:
		ipc_perm_set(&s->o, &ds.shm_perm);
		s->ctime = now_s();
		return 0;
	case L_SHM_LOCK:
		s->o.mode |= L_SHM_LOCKED;
		return 0;
	case L_SHM_UNLOCK:
		s->o.mode &= ~L_SHM_LOCKED;
		return 0;
	}
	/* IPC_RMID: found by id until the last detach, by key no more */
	if (!s->nattch) {
		shm_destroy(s);
		return 0;
	}
	s->o.mode |= L_SHM_DEST;
	s->o.key = 0;
	return 0;
}
UK_SYSCALL_REGISTER(shmctl, uk_sys_shmctl);

/* ---- semaphores ---- */

struct sem {
	unsigned short val;
	int pid;
	int ncnt, zcnt;		/* threads waiting for an increase, zero */
};

struct sem_set {
	struct ipc_obj o;
	long otime, ctime;
	int nsems;
	struct sem s[];
};

static unsigned long sem_total;	/* semaphores in all sets */

static void sem_free(struct ipc_obj *o)
{
	sem_total -= ((struct sem_set *)o)->nsems;
	uk_free(uk_alloc_get_default(), o);
}

static long sem_create(int key, int flg, unsigned long nsems)
{
	struct sem_set *set;
	long r;

	if (!nsems)
		return -UK_EINVAL;
	if (sem_total + nsems > SEMMNS)
		return -UK_ENOSPC;
	set = uk_calloc(uk_alloc_get_default(), 1,
			sizeof(*set) + nsems * sizeof(struct sem));
	if (!set)
		return -UK_ENOMEM;
	r = ipc_add(&sem_ids, &set->o, key, flg);
	if (r) {
		uk_free(uk_alloc_get_default(), set);
		return r;
	}
	set->nsems = nsems;
	set->ctime = now_s();
	sem_total += nsems;
	return set->o.id;
}

static long sem_check(struct ipc_obj *o, unsigned long nsems)
{
	return ((struct sem_set *)o)->nsems < (int)nsems ? -UK_EINVAL : 0;
}

static long uk_sys_semget(int key, int nsems, int flg)
{
	if (nsems < 0 || nsems > SEMMSL)
		return -UK_EINVAL;
	return ipc_get(&sem_ids, key, flg, sem_create, sem_check, nsems);
}
UK_SYSCALL_REGISTER(semget, uk_sys_semget);

/*
 * Applies @n operations to @set at once: 0, 1 when one would block (its
 * index in *@blocked; nothing changed), or -ERANGE (nothing changed).
 */
static long sem_try(struct sem_set *set, const struct l_sembuf *ops,
		    unsigned int n, unsigned int *blocked)
{
	unsigned int i;
	long r = 0;

	for (i = 0; i < n; i++) {
		struct sem *sm = &set->s[ops[i].sem_num];
		int v = sm->val + ops[i].sem_op;

		if ((!ops[i].sem_op && sm->val) || v < 0) {
			*blocked = i;
			r = 1;
			break;
		}
		if (v > SEMVMX) {
			r = -UK_ERANGE;
			break;
		}
		sm->val = v;
	}
	if (r) {
		while (i-- > 0)
			set->s[ops[i].sem_num].val -= ops[i].sem_op;
		return r;
	}
	for (i = 0; i < n; i++)
		set->s[ops[i].sem_num].pid = PID;
	set->otime = now_s();
	return 0;
}

/* Counts the thread that @op blocks (+1) or that stopped waiting (-1). */
static void sem_count(struct sem_set *set, const struct l_sembuf *op, int d)
{
	if (op->sem_op)
		set->s[op->sem_num].ncnt += d;
	else
		set->s[op->sem_num].zcnt += d;
}

static long sem_wait_ops(struct sem_set *set, const struct l_sembuf *ops,
			 unsigned int n, uint64_t deadline)
{
	bool timed_out = false, changes = false;
	unsigned int i, b;
	long r;

	for (i = 0; i < n; i++)
		changes |= ops[i].sem_op != 0;
	for (;;) {
		uint64_t seq = uk_pollq_seq(&set->o.q);

		r = sem_try(set, ops, n, &b);
		if (r <= 0)
			break;
		if ((ops[b].sem_flg & L_IPC_NOWAIT) || timed_out)
			return -UK_EAGAIN;
		sem_count(set, &ops[b], 1);
		r = ipc_wait(&set->o, seq, deadline, sem_free);
		if (r == -L_EIDRM)
			return r;
		sem_count(set, &ops[b], -1);
		if (r == -UK_EINTR)
			return r;
		timed_out = r == -UK_ETIMEDOUT;
	}
	if (!r && changes && set->o.waiters)
		uk_pollq_notify(&set->o.q);
	return r;
}

static long uk_sys_semtimedop(int id, const struct l_sembuf *uops,
			      unsigned int n, const struct l_timespec *uts)
{
	struct l_sembuf fast[SEMOPM_FAST], *ops = fast;
	uint64_t deadline = 0;
	struct sem_set *set;
	unsigned int max = 0;
	long r;

	if (n < 1 || id < 0)
		return -UK_EINVAL;
	if (n > SEMOPM)
		return -UK_E2BIG;
	if (n > SEMOPM_FAST) {
		ops = uk_malloc(uk_alloc_get_default(), n * sizeof(*ops));
		if (!ops)
			return -UK_ENOMEM;
	}
	r = uk_copy_from_user(ops, uops, n * sizeof(*ops));
	if (r)
		goto out;
	if (uts) {
		struct l_timespec ts;

		r = uk_posix_get_timespec(uts, &ts);
		if (r)
			goto out;
		r = -UK_EINVAL;
		if (uk_posix_timespec_bad(&ts))
			goto out;
		deadline = uk_posix_deadline_in(uk_posix_timespec_ns(&ts));
	}
	for (unsigned int i = 0; i < n; i++)
		max = UK_MAX(max, (unsigned int)ops[i].sem_num);
	set = (struct sem_set *)ipc_lookup(&sem_ids, id, &r);
	if (!set)
		goto out;
	r = -UK_EFBIG;
	if (max >= (unsigned int)set->nsems)
		goto out;
	r = sem_wait_ops(set, ops, n, deadline);
out:
	if (ops != fast)
		uk_free(uk_alloc_get_default(), ops);
	return r;
}
UK_SYSCALL_REGISTER(semtimedop, uk_sys_semtimedop);

static long uk_sys_semop(int id, const struct l_sembuf *uops, unsigned int n)
{
	return uk_sys_semtimedop(id, uops, n, NULL);
}
UK_SYSCALL_REGISTER(semop, uk_sys_semop);

static long sem_stat(struct sem_set *set, void *buf)
{
	struct l_semid64_ds ds = { 0 };

	ipc_perm_out(&set->o, &ds.sem_perm);
	ds.sem_otime = set->otime;
	ds.sem_ctime = set->ctime;
	ds.sem_nsems = set->nsems;
	return uk_copy_to_user(buf, &ds, sizeof(ds));
}

static long sem_info(int cmd, void *buf)
{
	struct l_seminfo in = {
		.semmap = SEMMNS, .semmni = SEMMNI, .semmns = SEMMNS,
		.semmnu = SEMMNS, .semmsl = SEMMSL, .semopm = SEMOPM,
		.semume = SEMOPM, .semusz = SEMUSZ, .semvmx = SEMVMX,
		.semaem = SEMAEM,
	};
	long r;

	if (cmd == L_SEM_INFO) {
		in.semusz = sem_ids.in_use;
		in.semaem = sem_total;
	}
	r = uk_copy_to_user(buf, &in, sizeof(in));
	return r ? r : ipc_max_idx(&sem_ids);
}

/* SETVAL and SETALL: new values (checked), waiters told. */
static long sem_set_values(struct sem_set *set, int num, int cmd,
			   unsigned long arg)
{
	if (cmd == L_SETVAL) {
		set->s[num].val = (int)arg;
	} else {
		struct uk_alloc *a = uk_alloc_get_default();
		unsigned short *v = uk_malloc(a, set->nsems * sizeof(*v));
		long r = -UK_ENOMEM;
		int i;

		if (!v)
			return r;
		r = uk_copy_from_user(v, (void *)arg, set->nsems * sizeof(*v));
		for (i = 0; !r && i < set->nsems; i++)
			if (v[i] > SEMVMX)
				r = -UK_ERANGE;
		for (i = 0; !r && i < set->nsems; i++)
			set->s[i].val = v[i];
		uk_free(a, v);
		if (r)
			return r;
	}
	set->ctime = now_s();
	uk_pollq_notify(&set->o.q);
	return 0;
}

static long sem_get_all(struct sem_set *set, void *buf)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned short *v = uk_malloc(a, set->nsems * sizeof(*v));
	long r;

	if (!v)
		return -UK_ENOMEM;
	for (int i = 0; i < set->nsems; i++)
		v[i] = set->s[i].val;
	r = uk_copy_to_user(buf, v, set->nsems * sizeof(*v));
	uk_free(a, v);
	return r;
}

static long uk_sys_semctl(int id, int num, int cmd, unsigned long arg)
{
	struct l_semid64_ds ds;
	struct sem_set *set;
	long err;

	if (id < 0)
		return -UK_EINVAL;
	switch (cmd) {
	case L_IPC_INFO:
	case L_SEM_INFO:
		return sem_info(cmd, (void *)arg);
	case L_SEM_STAT:
	case L_SEM_STAT_ANY:
		set = (struct sem_set *)ipc_at(&sem_ids, id);
		if (!set)
			return -UK_EINVAL;
		err = sem_stat(set, (void *)arg);
		return err ? err : set->o.id;
	case L_SETVAL:
		if ((int)arg > SEMVMX || (int)arg < 0)
			return -UK_ERANGE;
		break;
	case L_IPC_SET:
		if (uk_copy_from_user(&ds, (void *)arg, sizeof(ds)))
			return -UK_EFAULT;
		break;
	case L_IPC_STAT: case L_IPC_RMID: case L_GETPID: case L_GETVAL:
	case L_GETALL: case L_GETNCNT: case L_GETZCNT: case L_SETALL:
		break;
	default:
		return -UK_EINVAL;
	}
	set = (struct sem_set *)ipc_lookup(&sem_ids, id, &err);
	if (!set)
		return err;
	switch (cmd) {
	case L_IPC_STAT:
		return sem_stat(set, (void *)arg);
	case L_IPC_SET:
		ipc_perm_set(&set->o, &ds.sem_perm);
		set->ctime = now_s();
		return 0;
	case L_IPC_RMID:
		ipc_remove(&sem_ids, &set->o, sem_free);
		return 0;
	case L_GETALL:
		return sem_get_all(set, (void *)arg);
	case L_SETALL:
		return sem_set_values(set, 0, cmd, arg);
	}
	if (num < 0 || num >= set->nsems)
		return -UK_EINVAL;
	switch (cmd) {
	case L_GETVAL:
		return set->s[num].val;
	case L_GETPID:
		return set->s[num].pid;
	case L_GETNCNT:
		return set->s[num].ncnt;
	case L_GETZCNT:
		return set->s[num].zcnt;
	}
	return sem_set_values(set, num, cmd, arg);
}
UK_SYSCALL_REGISTER(semctl, uk_sys_semctl);

/* ---- message queues ---- */

struct msg {
	struct msg *next;
	long type;
	size_t size;
	char text[];
};

struct msg_queue {
	struct ipc_obj o;
	struct msg *head, **tail;
	unsigned long cbytes, qnum, qbytes;
	long stime, rtime, ctime;
	int lspid, lrpid;
};

static unsigned long msg_total, msg_bytes;	/* in all queues */

static void msg_free(struct ipc_obj *o)
{
	struct msg_queue *mq = (struct msg_queue *)o;
	struct uk_alloc *a = uk_alloc_get_default();
	struct msg *m;

	while ((m = mq->head)) {
		mq->head = m->next;
		uk_free(a, m);
	}
	msg_total -= mq->qnum;
	msg_bytes -= mq->cbytes;
	uk_free(a, mq);
}

static long msg_create(int key, int flg, unsigned long unused __unused)
{
	struct msg_queue *mq;
	long r;

	mq = uk_calloc(uk_alloc_get_default(), 1, sizeof(*mq));
	if (!mq)
		return -UK_ENOMEM;
	r = ipc_add(&msg_ids, &mq->o, key, flg);
	if (r) {
		uk_free(uk_alloc_get_default(), mq);
		return r;
	}
	mq->tail = &mq->head;
	mq->qbytes = MSGMNB;
	mq->ctime = now_s();
	return mq->o.id;
}

static long uk_sys_msgget(int key, int flg)
{
	return ipc_get(&msg_ids, key, flg, msg_create, NULL, 0);
}
UK_SYSCALL_REGISTER(msgget, uk_sys_msgget);

static bool msg_fits(const struct msg_queue *mq, size_t size)
{
	return size + mq->cbytes <= mq->qbytes && 1 + mq->qnum <= mq->qbytes;
}

static long uk_sys_msgsnd(int id, const void *ubuf, size_t size, int flg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct msg_queue *mq;
	struct msg *m;
	long type, r;

	if (size > MSGMAX || (long)size < 0 || id < 0)
		return -UK_EINVAL;
	if (uk_copy_from_user(&type, ubuf, sizeof(type)))
		return -UK_EFAULT;
	if (type < 1)
		return -UK_EINVAL;
	m = uk_malloc(a, sizeof(*m) + size);
	if (!m)
		return -UK_ENOMEM;
	r = uk_copy_from_user(m->text, (const char *)ubuf + sizeof(long), size);
	if (r)
		goto out_free;
	m->type = type;
	m->size = size;
	m->next = NULL;
	for (;;) {
		uint64_t seq;

		mq = (struct msg_queue *)ipc_lookup(&msg_ids, id, &r);
		if (!mq)
			goto out_free;
		seq = uk_pollq_seq(&mq->o.q);
		if (msg_fits(mq, size))
			break;
		r = -UK_EAGAIN;
		if (flg & L_IPC_NOWAIT)
			goto out_free;
		r = ipc_wait(&mq->o, seq, 0, msg_free);
		if (r == -UK_EINTR)
			r = -UK_ERESTARTNOHAND;	/* EINTR after a handler */
		if (r)
			goto out_free;
	}
	*mq->tail = m;
	mq->tail = &m->next;
	mq->qnum++;
	mq->cbytes += size;
	mq->lspid = PID;
	mq->stime = now_s();
	msg_total++;
	msg_bytes += size;
	if (mq->o.waiters)
		uk_pollq_notify(&mq->o.q);
	return 0;

out_free:
	uk_free(a, m);
	return r;
}
UK_SYSCALL_REGISTER(msgsnd, uk_sys_msgsnd);

/*
 * The message msgrcv takes: type @type's first (@type > 0; its first of
 * another type with MSG_EXCEPT), the first (0), the first of the lowest
 * type up to -@type (@type < 0), or the @type'th (MSG_COPY). Returns
 * the link that points to it, or NULL.
 */
static struct msg **msg_find(struct msg_queue *mq, long type, int flg)
{
	struct msg **p, **found = NULL;
	long n = 0;

	for (p = &mq->head; *p; p = &(*p)->next, n++) {
		long t = (*p)->type;

		if (flg & L_MSG_COPY) {
			if (n == type)
				return p;
		} else if (type == 0) {
			return p;
		} else if (type > 0) {
			if ((flg & L_MSG_EXCEPT) ? t != type : t == type)
				return p;
		} else if (t <= -type && (!found || t < (*found)->type)) {
			found = p;
		}
	}
	return found;
}

static long msg_take(struct msg_queue *mq, struct msg **p, void *ubuf,
		     size_t size, int flg)
{
	struct msg *m = *p;
	size_t n = UK_MIN(size, m->size);

	if (size < m->size && !(flg & L_MSG_NOERROR))
		return -UK_E2BIG;
	if (uk_copy_to_user(ubuf, &m->type, sizeof(long)) ||
	    uk_copy_to_user((char *)ubuf + sizeof(long), m->text, n))
		return -UK_EFAULT;
	if (flg & L_MSG_COPY)
		return n;
	*p = m->next;
	if (mq->tail == &m->next)
		mq->tail = p;
	mq->qnum--;
	mq->cbytes -= m->size;
	mq->lrpid = PID;
	mq->rtime = now_s();
	msg_total--;
	msg_bytes -= m->size;
	uk_free(uk_alloc_get_default(), m);
	if (mq->o.waiters)
		uk_pollq_notify(&mq->o.q);
	return n;
}

static long uk_sys_msgrcv(int id, void *ubuf, size_t size, long type,
			  int flg)
{
	struct msg_queue *mq;
	long r;

	if (id < 0 || (long)size < 0)
		return -UK_EINVAL;
	if ((flg & L_MSG_COPY) &&
	    ((flg & L_MSG_EXCEPT) || !(flg & L_IPC_NOWAIT)))
		return -UK_EINVAL;
	for (;;) {
		struct msg **p;
		uint64_t seq;

		mq = (struct msg_queue *)ipc_lookup(&msg_ids, id, &r);
		if (!mq)
			return r;
		seq = uk_pollq_seq(&mq->o.q);
		p = msg_find(mq, type, flg);
		if (p)
			return msg_take(mq, p, ubuf, size, flg);
		if (flg & L_IPC_NOWAIT)
			return -L_ENOMSG;
		r = ipc_wait(&mq->o, seq, 0, msg_free);
		if (r)
			return r == -UK_EINTR ? -UK_ERESTARTNOHAND : r;
	}
}
UK_SYSCALL_REGISTER(msgrcv, uk_sys_msgrcv);

static long msg_stat(struct msg_queue *mq, void *buf)
{
	struct l_msqid64_ds ds = { 0 };

	ipc_perm_out(&mq->o, &ds.msg_perm);
	ds.msg_stime = mq->stime;
	ds.msg_rtime = mq->rtime;
	ds.msg_ctime = mq->ctime;
	ds.msg_cbytes = mq->cbytes;
	ds.msg_qnum = mq->qnum;
	ds.msg_qbytes = mq->qbytes;
	ds.msg_lspid = mq->lspid;
	ds.msg_lrpid = mq->lrpid;
	return uk_copy_to_user(buf, &ds, sizeof(ds));
}

static long msg_info(int cmd, void *buf)
{
	struct l_msginfo in = {
		.msgpool = MSGPOOL, .msgmap = MSGMNB, .msgmax = MSGMAX,
		.msgmnb = MSGMNB, .msgmni = MSGMNI, .msgssz = MSGSSZ,
		.msgtql = MSGMNB, .msgseg = MSGSEG,
	};
	long r;

	if (cmd == L_MSG_INFO) {
		in.msgpool = msg_ids.in_use;
		in.msgmap = msg_total;
		in.msgtql = msg_bytes;
	}
	r = uk_copy_to_user(buf, &in, sizeof(in));
	return r ? r : ipc_max_idx(&msg_ids);
}

static long uk_sys_msgctl(int id, int cmd, void *buf)
{
	struct l_msqid64_ds ds;
	struct msg_queue *mq;
	long err;

	if (id < 0 || cmd < 0)
		return -UK_EINVAL;
	switch (cmd) {
	case L_IPC_INFO:
	case L_MSG_INFO:
		return msg_info(cmd, buf);
	case L_MSG_STAT:
	case L_MSG_STAT_ANY:
		mq = (struct msg_queue *)ipc_at(&msg_ids, id);
		if (!mq)
			return -UK_EINVAL;
		err = msg_stat(mq, buf);
		return err ? err : mq->o.id;
	case L_IPC_SET:
		if (uk_copy_from_user(&ds, buf, sizeof(ds)))
			return -UK_EFAULT;
		break;
	case L_IPC_STAT:
	case L_IPC_RMID:
		break;
	default:
		return -UK_EINVAL;
	}
	mq = (struct msg_queue *)ipc_lookup(&msg_ids, id, &err);
	if (!mq)
		return err;
	switch (cmd) {
	case L_IPC_STAT:
		return msg_stat(mq, buf);
	case L_IPC_RMID:
		ipc_remove(&msg_ids, &mq->o, msg_free);
		return 0;
	}
	/* IPC_SET: root may raise msg_qbytes past MSGMNB */
	ipc_perm_set(&mq->o, &ds.msg_perm);
	mq->qbytes = ds.msg_qbytes;
	mq->ctime = now_s();
	uk_pollq_notify(&mq->o.q);
	return 0;
}
UK_SYSCALL_REGISTER(msgctl, uk_sys_msgctl);
