/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest-core loop of a dedicated core: waits for work (MONITOR/MWAIT where the CPU has it), runs it. */
#include "sched/role.h"
#include "sched/shared_core.h"
#include "sched/core_work.h"
#include "hv/cpu.h"
#include "hv/percpu.h"

static volatile uint32_t roles_published;

static bool has_mwait(void) { return (cpuid(1, 0).ecx >> 3) & 1; }

/* Sleeps until *flag changes from 0 or a short while has passed. */
static void idle_wait(volatile uint32_t *flag, bool mwait)
{
	if (mwait) {
		__asm__ volatile("monitor" ::"a"(flag), "c"(0), "d"(0) : "memory");
		if (!*flag)
			__asm__ volatile("mwait" ::"a"(0), "c"(0) : "memory");
	} else {
		for (int i = 0; i < 64 && !*flag; i++)
			cpu_pause();
	}
}

static NORETURN void guest_core_loop(void)
{
	struct percpu *me = this_cpu();
	bool mwait = has_mwait();
	for (;;) {
		core_work_run(me);
		idle_wait(&me->wake, mwait);
	}
}

void guest_core_run(uint32_t cpu, void (*fn)(void)) { core_work_post(cpu, fn); }

void role_publish(void) { __atomic_store_n(&roles_published, 1, __ATOMIC_RELEASE); }

NORETURN void role_enter(void)
{
	while (!__atomic_load_n(&roles_published, __ATOMIC_ACQUIRE))
		cpu_pause();
	if (this_cpu()->role == ROLE_HV)
		hv_service_loop();
	if (this_cpu()->role == ROLE_GUEST && this_cpu()->shared)
		shared_core_loop();
	if (this_cpu()->role == ROLE_GUEST)
		guest_core_loop();
	for (;;) { /* a core the plan does not use */
		cpu_cli();
		cpu_hlt();
	}
}
