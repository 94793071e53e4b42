/* SPDX-License-Identifier: BSD-2-Clause */
/* The vCPU and partition lifecycle seen from below the runner: INIT, SIPI, stop requests. */
#include "hv/partition/lifecycle.h"
#include "apic/lapic.h"
#include "hv/lib/string.h"
#include "hv/partition/partition.h"
#include "hv/partition/vcpu.h"
#include "hv/percpu.h"

static vcpu_starter_fn starter;

void vcpu_set_starter(vcpu_starter_fn start) { starter = start; }

void vcpu_notify(struct vcpu *v)
{
	struct percpu *core = percpu_of(v->cpu);
	if (v->shared)
		__atomic_store_n(&core->resched, 1, __ATOMIC_RELEASE);
	if (v->cpu != this_cpu()->index)
		lapic_send_nmi(core->apic_id);
}

void vcpu_receive_init(struct vcpu *v)
{
	uint32_t from = VCPU_WAIT_SIPI;
	if (__atomic_compare_exchange_n(&v->state, &from, VCPU_INIT_RECEIVED, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE) || from != VCPU_RUNNING)
		return;
	/* a running vCPU: its core leaves the guest and waits for a SIPI (the runner does it) */
	__atomic_store_n(&v->init_pending, true, __ATOMIC_RELEASE);
	vcpu_notify(v);
}

void vcpu_receive_sipi(struct vcpu *v, uint8_t vector)
{
	struct partition *p = v->part;
	uint32_t from = VCPU_INIT_RECEIVED;
	if (p->state != PART_RUNNING ||
	    !__atomic_compare_exchange_n(&v->state, &from, VCPU_STARTING, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return; /* not waiting for a SIPI (a second SIPI is ignored, as on a PC) */
	v->sipi_vector = vector;
	if (v->restarting) {
		if (v->shared)
			vcpu_notify(v); /* its core's scheduler restarts it */
		return; /* its core is waiting for this SIPI: it starts the vCPU itself */
	}
	__atomic_add_fetch(&p->running_vcpus, 1, __ATOMIC_ACQ_REL);
	starter(v);
}

void partition_request_stop(struct partition *p, uint32_t kind, uint64_t status, const char *why)
{
	uint32_t running = PART_RUNNING;
	if (!__atomic_compare_exchange_n(&p->state, &running, PART_STOPPING, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return;
	p->stop_kind = kind;
	p->stop_status = status;
	str_copy(p->stop_why, why, sizeof(p->stop_why));
	uint32_t me = this_cpu()->index;
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		struct vcpu *v = p->vcpu[i];
		if (v->shared && v->sched.begun)
			vcpu_notify(v); /* halted or waiting for its core: the scheduler ends it */
		else if (v->cpu != me && v->state == VCPU_RUNNING)
			lapic_send_nmi(percpu_of(v->cpu)->apic_id);
	}
}
