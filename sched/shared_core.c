/* SPDX-License-Identifier: BSD-2-Clause */
/* A shared guest core (mode = "shared"): its vCPUs time-sliced, halt-polling, VMCS switches. */
#include "sched/shared_core.h"
#include "sched/core_work.h"
#include "sched/halt_poll.h"
#include "sched/switch_flush.h"
#include "sched/vcpu_run.h"
#include "apic/vlapic.h"
#include "hv/cpu.h"
#include "hv/exit/msr_kvm_pv.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/lifecycle.h"
#include "hv/partition/partition.h"
#include "hv/percpu.h"
#include "hv/time.h"
#include "vmx/core_state.h"
#include "vmx/vmx.h"

static const struct sched_ops *ops;

void sched_set_ops(const struct sched_ops *o) { ops = o; }

void sched_start(struct vcpu *v)
{
	__atomic_store_n(&v->sched.start, true, __ATOMIC_RELEASE);
	vcpu_notify(v);
}

static bool runnable(const struct vcpu *v)
{
	return v->sched.begun && !v->restarting && !v->sched.halted && !v->init_pending &&
	       v->part->state == PART_RUNNING;
}

/* The loaded vCPU's state goes back to memory; a runnable one was preempted. */
static void put_current(struct percpu *me, uint64_t now)
{
	struct vcpu *cur = me->current;
	if (!cur)
		return;
	core_state_save(cur->sched.core_state);
	if (runnable(cur)) {
		cur->sched.preempted++;
		cur->sched.ready_since = now;
		kvm_pv_preempted(cur);
	}
	me->current = NULL;
}

/* v's state into the core (its VMCS already current). */
static void load(struct percpu *me, struct vcpu *v, const struct partition *last, uint64_t now)
{
	if (last && last != v->part)
		switch_flush(); /* another partition ran here: what the CPU offers against leaks */
	core_state_load(v->sched.core_state);
	me->current = v;
	v->sched.switches++;
	if (v->sched.ready_since) {
		uint64_t waited = now - v->sched.ready_since;
		v->sched.steal_ticks += waited;
		kvm_pv_steal(v, time_ticks_to_ns(waited));
		v->sched.ready_since = 0;
	}
}

static void switch_to(struct percpu *me, struct vcpu *v, uint64_t now)
{
	if (me->current == v)
		return;
	const struct partition *last = me->current ? me->current->part : me->last_part;
	put_current(me, now);
	vmx_ptrld(v->vmcs_pa);
	load(me, v, last, now);
	me->last_part = v->part;
	v->sched.switch_ticks += rdtsc() - now; /* what the switch cost (make bench reports it) */
}

/* A fresh VMCS for v (begin, or a restart after INIT-SIPI), with the core state of a reset. */
static void fresh(struct percpu *me, struct vcpu *v, bool (*setup)(struct vcpu *, char *, size_t))
{
	char why[200] = "";
	const struct partition *last = me->current ? me->current->part : me->last_part;
	put_current(me, rdtsc());
	core_state_reset(v->sched.core_state);
	v->sched.begun = true;
	if (!setup(v, why, sizeof(why))) {
		partition_request_stop(v->part, STOP_FAULT, 0, why);
		return; /* no VMCS is current; the stop ends v */
	}
	v->sched.slice_end = 0;
	load(me, v, last, rdtsc());
	me->last_part = v->part;
}

static void end(struct percpu *me, struct vcpu *v)
{
	if (me->current == v)
		put_current(me, rdtsc());
	v->sched.begun = v->sched.halted = v->sched.polling = v->sched.blocked = false;
	ops->end(v); /* VMCLEAR: if v's VMCS was current, none is now */
}

static void init(struct percpu *me, struct vcpu *v)
{
	if (me->current == v)
		put_current(me, rdtsc());
	v->sched.halted = v->sched.polling = v->sched.blocked = v->sched.woken = false;
	ops->init_received(v);
}

/* Starts, INITs, SIPIs and stops of the vCPUs of this core. */
static void lifecycle_step(struct percpu *me)
{
	for (uint32_t i = 0; i < me->nvcpus; i++) {
		struct vcpu *v = me->vcpus[i];
		bool running = v->part->state == PART_RUNNING;
		if (v->sched.begun && !running)
			end(me, v);
		else if (v->sched.begun && !v->restarting && v->init_pending)
			init(me, v); /* now restarting: waits for its SIPI */
		else if (v->sched.begun && v->restarting && v->state == VCPU_STARTING && v->sipi_vector >= 0)
			fresh(me, v, ops->sipi_restart);
		else if (!v->sched.begun && running && __atomic_exchange_n(&v->sched.start, false, __ATOMIC_ACQ_REL))
			fresh(me, v, ops->begin);
	}
}

/* Halted vCPUs with something to take wake up (first in line for the core). */
static void wake_step(struct percpu *me, uint64_t now)
{
	for (uint32_t i = 0; i < me->nvcpus; i++) {
		struct vcpu *v = me->vcpus[i];
		if (!v->sched.begun || !v->sched.halted || !vlapic_wake_pending(v, v->sched.if_at_halt))
			continue;
		halt_end(v, now, v->part->state == PART_RUNNING && !v->init_pending);
		v->sched.woken = true;
	}
}

static uint32_t index_of(const struct percpu *me, const struct vcpu *v)
{
	for (uint32_t i = 0; i < me->nvcpus; i++)
		if (me->vcpus[i] == v)
			return i;
	return me->nvcpus - 1;
}

/* Who runs next: a vCPU just woken, the current one while its slice lasts, then round robin. */
static struct vcpu *pick(struct percpu *me, uint64_t now)
{
	struct vcpu *cur = me->current;
	for (uint32_t i = 0; i < me->nvcpus; i++) {
		struct vcpu *v = me->vcpus[i];
		if (v->sched.woken && runnable(v)) {
			v->sched.woken = false;
			return v;
		}
	}
	if (cur && runnable(cur) && now < cur->sched.slice_end)
		return cur;
	uint32_t from = cur ? index_of(me, cur) : me->nvcpus - 1;
	for (uint32_t k = 1; k <= me->nvcpus; k++) {
		struct vcpu *v = me->vcpus[(from + k) % me->nvcpus];
		if (runnable(v))
			return v;
	}
	return NULL;
}

static bool others_runnable(const struct percpu *me, const struct vcpu *v)
{
	for (uint32_t i = 0; i < me->nvcpus; i++)
		if (me->vcpus[i] != v && runnable(me->vcpus[i]))
			return true;
	return false;
}

static uint64_t slice_ticks(const struct vcpu *v) { return time_ns_to_ticks(v->part->cfg->slice_us * 1000); }

static void run(struct percpu *me, struct vcpu *v, uint64_t now)
{
	switch_to(me, v, now);
	now = rdtsc(); /* the switch (state, flushes) is the hypervisor's time, not the slice's */
	if (now >= v->sched.slice_end) {
		v->sched.slice_end = now + slice_ticks(v);
		v->sched.slices++;
	}
	uint64_t t0 = rdtsc();
	vcpu_run(v);
	uint64_t t1 = rdtsc();
	v->sched.run_ticks += t1 - t0;
	if (v->sched.halted)
		halt_begin(v, t1);
	if (v->sched.yield) {
		v->sched.yield = false;
		v->sched.yields++;
		if (others_runnable(me, v))
			v->sched.slice_end = 0; /* the rest of its slice goes to the others */
	}
}

/* Nothing to run: wait for a notification (MONITOR/MWAIT on the core's word where the CPU has
 * it), or pause until the earliest timer of a halted vCPU. */
static void idle(struct percpu *me, bool mwait)
{
	uint64_t due = UINT64_MAX;
	for (uint32_t i = 0; i < me->nvcpus; i++)
		if (me->vcpus[i]->sched.halted) {
			uint64_t t = vlapic_timer_due(me->vcpus[i]);
			due = t < due ? t : due;
		}
	if (due != UINT64_MAX || !mwait) {
		for (uint32_t n = 0; n < 256 && !me->resched && rdtsc() < due; n++)
			cpu_pause();
		return;
	}
	__asm__ volatile("monitor" ::"a"(&me->resched), "c"(0), "d"(0) : "memory");
	if (!__atomic_load_n(&me->resched, __ATOMIC_ACQUIRE))
		__asm__ volatile("mwait" ::"a"(0), "c"(0) : "memory");
}

/* A runnable vCPU of v's own partition waits for this core: most likely the one that would
 * wake v (a ping-pong on one core), which polling would only keep waiting. */
static bool partner_waits(const struct percpu *me, const struct vcpu *v)
{
	for (uint32_t i = 0; i < me->nvcpus; i++)
		if (me->vcpus[i] != v && me->vcpus[i]->part == v->part && runnable(me->vcpus[i]))
			return true;
	return false;
}

/* The current vCPU halted and polls: true while the core should go on polling for it (its
 * window lasts, and no vCPU of its own partition waits for the core), or just wait (nobody
 * else wants the core). */
static bool keep_polling(struct percpu *me, uint64_t now)
{
	struct vcpu *cur = me->current;
	if (!cur || !cur->sched.halted || !cur->sched.polling)
		return false;
	if (!others_runnable(me, cur) || (now < halt_poll_end(cur) && !partner_waits(me, cur)))
		return true;
	halt_poll_stop(cur, now);
	return false;
}

NORETURN void shared_core_loop(void)
{
	struct percpu *me = this_cpu();
	bool mwait = (cpuid(1, 0).ecx >> 3) & 1;
	for (;;) {
		__atomic_store_n(&me->resched, 0, __ATOMIC_SEQ_CST);
		core_work_run(me); /* the mailbox self-test */
		uint64_t now = rdtsc();
		lifecycle_step(me);
		wake_step(me, now);
		struct vcpu *v = keep_polling(me, now) ? NULL : pick(me, now);
		if (v)
			run(me, v, now);
		else if (me->current && me->current->sched.polling && others_runnable(me, me->current))
			cpu_pause(); /* polling: the window is short, the wake-up check is the loop */
		else
			idle(me, mwait);
	}
}
