/* SPDX-License-Identifier: BSD-2-Clause */
/* KVM's hypercalls: PV unhalt (kick), PV send-IPI, PV sched yield, and the legacy no-op poll. */
#include "hv/exit/hc_kvm.h"
#include "hv/exit/kvm_abi.h"
#include "hv/partition/partition.h"
#include "apic/vdeliver.h"
#include "hv/partition/lifecycle.h"

#define ICR_LOGICAL (1u << 11)
#define ICR_SHORTHAND (3u << 18)
#define ICR_LEVEL (1u << 15)

/* KVM_HC_VAPIC_POLL_IRQ: obsolete; does nothing, as under KVM. */
uint64_t hc_kvm_vapic_poll_irq(struct exit_ctx *x, const struct hc_call *c)
{
	UNUSED(x);
	UNUSED(c);
	return 0;
}

/* The vCPU whose APIC ID is id (the APIC ID is the vCPU's index), or NULL. */
static struct vcpu *vcpu_by_apic_id(struct partition *p, uint64_t id)
{
	return id < p->nvcpus ? p->vcpu[id] : 0;
}

/* KVM_HC_KICK_CPU (a0 flags, a1 APIC ID): the vCPU halted waiting for a lock (even with
 * interrupts off) runs on; a kick that comes before its HLT ends that HLT at once. */
uint64_t hc_kvm_kick_cpu(struct exit_ctx *x, const struct hc_call *c)
{
	struct vcpu *t = vcpu_by_apic_id(x->vcpu->part, c->a1);
	if (t) {
		__atomic_store_n(&t->kvm.unhalt, true, __ATOMIC_RELEASE);
		if (t->shared)
			vcpu_notify(t);
		x->vcpu->pvstats.kicks++;
	}
	return 0;
}

/* The vCPUs named by the bitmap a0 (APIC IDs min..) and a1 (the next ones): 64 bits each for
 * a 64-bit caller, 32 otherwise. */
static uint32_t ipi_targets(const struct partition *p, const struct hc_call *c)
{
	uint64_t half = c->wide ? 64 : 32, min = c->a2;
	uint32_t targets = 0;
	for (uint32_t id = 0; id < p->nvcpus; id++) {
		if (id < min || id - min >= 2 * half)
			continue;
		uint64_t bit = id - min;
		uint64_t word = bit < half ? c->a0 : c->a1;
		if ((word >> (bit % half)) & 1)
			targets |= 1u << id;
	}
	return targets;
}

/* KVM_HC_SEND_IPI (a0, a1 bitmap, a2 lowest APIC ID, a3 ICR low): one exit for an IPI to many
 * vCPUs; physical destinations only, no shorthand. Returns how many vCPUs took it. */
uint64_t hc_kvm_send_ipi(struct exit_ctx *x, const struct hc_call *c)
{
	struct partition *p = x->vcpu->part;
	uint32_t icr = (uint32_t)c->a3, mode = (icr >> 8) & 7;
	if (icr & (ICR_LOGICAL | ICR_SHORTHAND))
		return (uint64_t)-KVM_EINVAL;
	uint32_t targets = ipi_targets(p, c);
	/* lowest priority reaches each named vCPU, as KVM delivers it */
	uint32_t took = targets ? vapic_send(p, targets, mode == DM_LOWEST ? DM_FIXED : mode, (uint8_t)icr,
					     icr & ICR_LEVEL) : 0;
	x->vcpu->pvstats.pv_ipi_calls++;
	x->vcpu->pvstats.pv_ipi_targets += took;
	return took;
}

/* KVM_HC_SCHED_YIELD (a0 the APIC ID of a preempted vCPU the caller waits for): a dedicated
 * vCPU's core has nobody else to run, so the caller simply goes on; a shared one gives its
 * core up for the rest of its slice, so that a preempted target on the same core runs. */
uint64_t hc_kvm_sched_yield(struct exit_ctx *x, const struct hc_call *c)
{
	UNUSED(c);
	if (x->vcpu->shared)
		x->vcpu->sched.yield = true;
	x->vcpu->pvstats.yields++;
	return 0;
}
