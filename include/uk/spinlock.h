/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Spinlocks. A spinlock protects data shared with interrupt handlers
 * (and, later, other CPUs); it is held for a few instructions and never
 * across anything that blocks. The _irqsave variants also disable
 * interrupts on this CPU, which is what makes a lock safe against a
 * handler that takes it: use them for anything a handler touches.
 *
 * On one CPU with interrupts disabled a spinlock is never contended; the
 * lock word is still taken and released, so that a recursive acquisition
 * is caught (it spins forever: a bug, visible as a hang in a debugger).
 */
#ifndef UK_SPINLOCK_H
#define UK_SPINLOCK_H

#include <uk/essentials.h>
#include <uk/plat/irq.h>

struct uk_spinlock {
	volatile int locked;
};

#define UK_SPINLOCK_INITIALIZER		{ 0 }

static inline void uk_spin_init(struct uk_spinlock *l)
{
	l->locked = 0;
}

static inline void uk_spin_lock(struct uk_spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (l->locked)
			uk_cpu_relax();
}

/* Returns true when it took the lock. */
static inline bool uk_spin_trylock(struct uk_spinlock *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void uk_spin_unlock(struct uk_spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline bool uk_spin_is_locked(const struct uk_spinlock *l)
{
	return l->locked;
}

/* Disables interrupts, takes @l; returns the flags for the unlock. */
static inline unsigned long uk_spin_lock_irqsave(struct uk_spinlock *l)
{
	unsigned long flags = ukplat_irq_save();

	uk_spin_lock(l);
	return flags;
}

static inline void uk_spin_unlock_irqrestore(struct uk_spinlock *l,
					     unsigned long flags)
{
	uk_spin_unlock(l);
	ukplat_irq_restore(flags);
}

#endif /* UK_SPINLOCK_H */
