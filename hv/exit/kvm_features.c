/* SPDX-License-Identifier: BSD-2-Clause */
/* Which paravirtual interfaces a partition is offered (KVM's, splitvisor's hypercalls): exactly what is implemented. */
#include "hv/exit/kvm_abi.h"
#include "hv/exit/hypercall.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"

/* Every partition: kvmclock (stable), steal time (with its preempted flags, so PV TLB flush),
 * PV EOI, PV send-IPI, PV sched yield, poll control. PV unhalt only where HLT exits (the
 * emulated APIC): in exitless mode HLT halts the core itself and no hypercall could end it. */
uint32_t kvm_features(const struct vcpu *v)
{
	uint32_t f = KVM_FEATURE_CLOCKSOURCE2 | KVM_FEATURE_CLOCKSOURCE_STABLE_BIT | KVM_FEATURE_STEAL_TIME |
		     KVM_FEATURE_PV_EOI | KVM_FEATURE_PV_TLB_FLUSH | KVM_FEATURE_PV_SEND_IPI |
		     KVM_FEATURE_POLL_CONTROL | KVM_FEATURE_PV_SCHED_YIELD;
	return v->exitless ? f : f | KVM_FEATURE_PV_UNHALT;
}

/* A dedicated partition's vCPUs own their cores: never preempted (Linux then polls in its own
 * idle loop, and skips the paths that only help preempted vCPUs). */
uint32_t kvm_hints(const struct vcpu *v)
{
	return v->part->cfg->mode == MANIFEST_MODE_DEDICATED ? KVM_HINTS_REALTIME : 0;
}

/* Shoot4U only with tlb = "vmm": tlb = "ipi" leaves the guest its own IPI shootdown. */
uint32_t sv_hypercalls_offered(const struct vcpu *v)
{
	uint32_t all = (1u << (SV_HC_END - SV_HC_BASE)) - 1;
	return v->part->cfg->tlb == MANIFEST_TLB_VMM ? all : all & ~(1u << (SV_HC_SHOOT4U - SV_HC_BASE));
}
