/* SPDX-License-Identifier: BSD-2-Clause */
/* KVM's paravirtual MSRs besides the clock: steal time (and the PV TLB flush it carries), PV
 * EOI, poll control (Documentation/virt/kvm/x86/msr.rst). */
#ifndef HV_EXIT_MSR_KVM_PV_H
#define HV_EXIT_MSR_KVM_PV_H

#include "hv/exit/kvm_abi.h"

bool msr_read_kvm_pv(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_kvm_steal_time(struct exit_ctx *x, uint32_t msr, uint64_t value);
bool msr_write_kvm_pv_eoi(struct exit_ctx *x, uint32_t msr, uint64_t value);
bool msr_write_kvm_poll_control(struct exit_ctx *x, uint32_t msr, uint64_t value);

/* Guest core, before each entry of a vCPU with steal time: a KVM_VCPU_FLUSH_TLB the guest left
 * in the preempted byte (it skipped the IPI to this vCPU while it was preempted) is done now. */
static inline bool kvm_pv_entry_pending(const struct vcpu *v) { return v->kvm.preempted && *v->kvm.preempted; }
void kvm_pv_entry(struct vcpu *v);
/* Shared cores: v left its core while runnable; its guest's other vCPUs see KVM_VCPU_PREEMPTED
 * (and leave it a KVM_VCPU_FLUSH_TLB instead of an IPI). */
void kvm_pv_preempted(struct vcpu *v);
/* ... and it runs again after waiting ns for its core: added to its steal time. */
void kvm_pv_steal(struct vcpu *v, uint64_t ns);

#endif
