/* SPDX-License-Identifier: BSD-2-Clause */
/* One-off work a guest core is asked to run (the mailbox self-test, a dedicated vCPU). */
#include "sched/core_work.h"

static void (*volatile work[MAX_CPUS])(void);

void core_work_post(uint32_t cpu, void (*fn)(void))
{
	struct percpu *p = percpu_of(cpu);
	work[cpu] = fn;
	__atomic_store_n(&p->wake, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&p->resched, 1, __ATOMIC_RELEASE); /* a shared core's loop looks at it too */
}

bool core_work_run(struct percpu *me)
{
	if (!__atomic_exchange_n(&me->wake, 0, __ATOMIC_ACQ_REL))
		return false;
	void (*fn)(void) = work[me->index];
	work[me->index] = 0;
	if (fn)
		fn();
	return true;
}
