/* SPDX-License-Identifier: BSD-2-Clause */
/* Ticket spinlock for the few places cores share state (console, allocator). */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include "hv/lib/types.h"

struct spinlock {
	volatile uint32_t next;
	volatile uint32_t owner;
};

static inline void spin_lock(struct spinlock *l)
{
	uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		__asm__ volatile("pause");
}

/* Takes the lock only if nobody holds or waits for it; false otherwise (nothing changed). */
static inline bool spin_trylock(struct spinlock *l)
{
	uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE), expect = owner;
	return __atomic_compare_exchange_n(&l->next, &expect, owner + 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/* Gives up after `spins` tries; returns false then (the panic path uses this). */
static inline bool spin_lock_bounded(struct spinlock *l, uint64_t spins)
{
	uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me) {
		if (!spins--)
			return false;
		__asm__ volatile("pause");
	}
	return true;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

/* Throws away any holder: only for a panic, when the holder is stopped. */
static inline void spin_force_reset(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->next, __ATOMIC_RELEASE);
}

#endif
