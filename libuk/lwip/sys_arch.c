/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's sys_arch on the libuk scheduler. Semaphores and mutexes are the
 * scheduler's; a mailbox is a ring of pointers guarded by interrupt
 * masking, with two counting semaphores (messages waiting, free slots),
 * so a full mailbox blocks its poster and an empty one its fetcher.
 * Times are milliseconds of the monotonic clock. lwIP's threads are
 * scheduler threads without TLS (lwIP never calls the C library).
 */
#include <uk/alloc.h>
#include <stdlib.h>	/* the shim: uk_lwip_malloc, uk_lwip_free */
#include <uk/semaphore.h>
#include <uk/mutex.h>
#include <uk/thread.h>
#include <uk/errno.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/plat/random.h>
#include "lwip/sys.h"
#include "lwip/err.h"

#define NSEC_PER_MSEC	1000000ULL

int uk_lwip_errno;

struct uk_lwip_mbox {
	struct uk_semaphore msgs;	/* messages waiting */
	struct uk_semaphore slots;	/* free slots */
	unsigned int size, head, count;
	void *ring[];
};

static void *zalloc(size_t len)
{
	return uk_lwip_calloc(1, len);
}

static void release(void *p)
{
	uk_lwip_free(p);
}

void sys_init(void)
{
}

u32_t sys_now(void)
{
	return (u32_t)(ukplat_monotonic_clock() / NSEC_PER_MSEC);
}

unsigned int uk_lwip_rand(void)
{
	unsigned int r = 0;

	if (ukplat_random_hw(&r, sizeof(r)) != 0)
		r = (unsigned int)ukplat_monotonic_clock() * 2654435761u;
	return r;
}

sys_prot_t sys_arch_protect(void)
{
	return ukplat_irq_save();
}

void sys_arch_unprotect(sys_prot_t flags)
{
	ukplat_irq_restore(flags);
}

/* ---- semaphores ---- */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	*sem = zalloc(sizeof(**sem));
	if (!*sem)
		return ERR_MEM;
	uk_semaphore_init(*sem, count);
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	release(*sem);
	*sem = NULL;
}

void sys_sem_signal(sys_sem_t *sem)
{
	uk_semaphore_up(*sem);
}

/* Waits on @s for @timeout ms (0: forever); the ms waited, or
 * SYS_ARCH_TIMEOUT. */
static u32_t sem_wait(struct uk_semaphore *s, u32_t timeout)
{
	uint64_t start = ukplat_monotonic_clock();

	if (!timeout) {
		uk_semaphore_down(s);
	} else if (uk_semaphore_down_until(s, start + timeout *
					   NSEC_PER_MSEC) != 0) {
		return SYS_ARCH_TIMEOUT;
	}
	return (u32_t)((ukplat_monotonic_clock() - start) / NSEC_PER_MSEC);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	return sem_wait(*sem, timeout);
}

/* ---- mutexes ---- */

err_t sys_mutex_new(sys_mutex_t *m)
{
	*m = zalloc(sizeof(**m));
	if (!*m)
		return ERR_MEM;
	uk_mutex_init(*m);
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *m)
{
	release(*m);
	*m = NULL;
}

void sys_mutex_lock(sys_mutex_t *m)
{
	uk_mutex_lock(*m);
}

void sys_mutex_unlock(sys_mutex_t *m)
{
	uk_mutex_unlock(*m);
}

/* ---- mailboxes ---- */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	struct uk_lwip_mbox *mb;

	if (size <= 0)
		size = 64;
	mb = zalloc(sizeof(*mb) + (size_t)size * sizeof(void *));
	if (!mb)
		return ERR_MEM;
	uk_semaphore_init(&mb->msgs, 0);
	uk_semaphore_init(&mb->slots, size);
	mb->size = (unsigned int)size;
	*mbox = mb;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	release(*mbox);
	*mbox = NULL;
}

/* Stores @msg in a slot the caller holds. */
static void mbox_put(struct uk_lwip_mbox *mb, void *msg)
{
	unsigned long flags = ukplat_irq_save();

	mb->ring[(mb->head + mb->count++) % mb->size] = msg;
	ukplat_irq_restore(flags);
	uk_semaphore_up(&mb->msgs);
}

/* Takes the oldest message (the caller holds one of msgs). */
static void *mbox_get(struct uk_lwip_mbox *mb)
{
	unsigned long flags = ukplat_irq_save();
	void *msg = mb->ring[mb->head];

	mb->head = (mb->head + 1) % mb->size;
	mb->count--;
	ukplat_irq_restore(flags);
	uk_semaphore_up(&mb->slots);
	return msg;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	uk_semaphore_down(&(*mbox)->slots);
	mbox_put(*mbox, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	if (uk_semaphore_trydown(&(*mbox)->slots) != 0)
		return ERR_MEM;
	mbox_put(*mbox, msg);
	return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	u32_t waited = sem_wait(&(*mbox)->msgs, timeout);
	void *m;

	if (waited == SYS_ARCH_TIMEOUT)
		return SYS_ARCH_TIMEOUT;
	m = mbox_get(*mbox);
	if (msg)
		*msg = m;
	return waited;
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	void *m;

	if (uk_semaphore_trydown(&(*mbox)->msgs) != 0)
		return SYS_MBOX_EMPTY;
	m = mbox_get(*mbox);
	if (msg)
		*msg = m;
	return 0;
}

/* ---- threads ---- */

struct start {
	lwip_thread_fn fn;
	void *arg;
};

static void *thread_main(void *p)
{
	struct start s = *(struct start *)p;

	release(p);
	s.fn(s.arg);
	return NULL;
}

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn fn, void *arg,
			    int stacksize, int prio)
{
	struct uk_thread_attr attr = {
		.stack_size = stacksize > 0 ? (size_t)stacksize : 0,
		.prio = prio,
		.detached = true,
	};
	struct start *s = zalloc(sizeof(*s));
	struct uk_thread *t;

	if (!s)
		return NULL;
	s->fn = fn;
	s->arg = arg;
	t = uk_thread_create(name, thread_main, s, &attr);
	if (!t)
		release(s);
	return t;
}
