/* SPDX-License-Identifier: BSD-2-Clause */
/* KVM's paravirtual MSRs besides the clock: steal time, PV EOI and poll control. */
#include "hv/exit/msr_kvm_pv.h"
#include "hv/partition/partition.h"
#include "vmx/vmx.h"

/* The steal-time structure the guest registers (64 bytes, 64-byte aligned). */
struct kvm_steal_time {
	uint64_t steal;      /* ns this vCPU was ready but not running */
	uint32_t version;    /* odd while being updated */
	uint32_t flags;
	uint8_t preempted;   /* KVM_VCPU_PREEMPTED, KVM_VCPU_FLUSH_TLB */
	uint8_t pad8[3];
	uint32_t pad[11];
};
_Static_assert(sizeof(struct kvm_steal_time) == 64, "kvm_steal_time is 64 bytes");

#define STEAL_RESERVED 0x3EULL  /* bits 5:1 */
#define PV_EOI_RESERVED 0x2ULL  /* bit 1 */
#define POLL_CONTROL_VALID 1ULL

bool msr_read_kvm_pv(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	const struct vcpu *v = x->vcpu;
	if (msr == MSR_KVM_STEAL_TIME)
		*value = v->kvm.steal_time_msr;
	else if (msr == MSR_KVM_PV_EOI_EN)
		*value = v->vlapic.pv_eoi_msr;
	else
		*value = v->kvm.poll_control;
	return true;
}

/* A dedicated vCPU is never preempted: its steal time stays zero; the structure is filled once
 * (the version odd while it is written, even after). */
static void steal_time_publish(struct vcpu *v, struct kvm_steal_time *st)
{
	__atomic_store_n(&st->version, st->version | 1, __ATOMIC_RELEASE);
	st->steal = 0;
	st->flags = 0;
	__atomic_store_n(&st->preempted, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&st->version, (st->version | 1) + 1, __ATOMIC_RELEASE);
	v->pvstats.steal_updates++;
}

/* Bit 0 enables; bits 5:1 are reserved; the rest is the structure's guest-physical address. */
bool msr_write_kvm_steal_time(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	struct vcpu *v = x->vcpu;
	if (value & STEAL_RESERVED)
		return false;
	struct kvm_steal_time *st = 0;
	if (value & 1) {
		st = partition_guest_ptr(v->part, value & ~0x3FULL, sizeof(*st));
		if (!st)
			return false;
		steal_time_publish(v, st);
	}
	v->kvm.preempted = st ? &st->preempted : 0;
	v->kvm.steal_time_msr = value;
	return true;
}

/* Bit 0 enables; bit 1 is reserved; bits 63:2 the 4-byte word where the hypervisor sets bit 0
 * when the guest may signal an EOI by clearing it (apic/vlapic.c, at each entry). */
bool msr_write_kvm_pv_eoi(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	struct vlapic *a = &x->vcpu->vlapic;
	if (value & PV_EOI_RESERVED)
		return false;
	volatile uint32_t *word = 0;
	if (value & 1) {
		word = partition_guest_ptr(x->vcpu->part, value & ~3ULL, sizeof(uint32_t));
		if (!word)
			return false;
	}
	a->pv_eoi = word;
	a->pv_eoi_set = false;
	a->pv_eoi_msr = value;
	return true;
}

/* Bit 0: the guest wants the host to poll when it halts (1, the default) or polls itself (0). */
bool msr_write_kvm_poll_control(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	struct vcpu *v = x->vcpu;
	if (value & ~POLL_CONTROL_VALID)
		return false;
	if ((v->kvm.poll_control & 1) && !(value & 1))
		v->pvstats.poll_off++;
	v->kvm.poll_control = value;
	return true;
}

static struct kvm_steal_time *steal_time_of(const struct vcpu *v)
{
	return (struct kvm_steal_time *)((uintptr_t)v->kvm.preempted - offsetof(struct kvm_steal_time, preempted));
}

void kvm_pv_preempted(struct vcpu *v)
{
	if (v->kvm.preempted)
		__atomic_fetch_or(v->kvm.preempted, KVM_VCPU_PREEMPTED, __ATOMIC_ACQ_REL);
}

void kvm_pv_steal(struct vcpu *v, uint64_t ns)
{
	if (!v->kvm.preempted || !ns)
		return;
	struct kvm_steal_time *st = steal_time_of(v);
	__atomic_store_n(&st->version, st->version | 1, __ATOMIC_RELEASE);
	st->steal += ns;
	__atomic_store_n(&st->version, (st->version | 1) + 1, __ATOMIC_RELEASE);
	v->pvstats.steal_updates++;
}

void kvm_pv_entry(struct vcpu *v)
{
	uint8_t flags = __atomic_exchange_n(v->kvm.preempted, 0, __ATOMIC_ACQ_REL);
	if (flags & KVM_VCPU_FLUSH_TLB) {
		if (v->vpid) /* without VPID every entry flushes anyway */
			vmx_invvpid_single(v->vpid);
		v->pvstats.tlb_flushes++;
	}
}
