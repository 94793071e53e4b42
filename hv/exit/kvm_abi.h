/* SPDX-License-Identifier: BSD-2-Clause */
/* KVM's paravirtual ABI as splitvisor offers it: CPUID feature bits, MSRs, hypercall numbers
 * and errors (the Linux kernel's Documentation/virt/kvm/x86/cpuid.rst, msr.rst, hypercalls.rst). */
#ifndef HV_EXIT_KVM_ABI_H
#define HV_EXIT_KVM_ABI_H

#include "hv/partition/vcpu.h"

/* KVM_CPUID_FEATURES (0x40000101) EAX */
#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)
#define KVM_FEATURE_STEAL_TIME (1u << 5)
#define KVM_FEATURE_PV_EOI (1u << 6)
#define KVM_FEATURE_PV_UNHALT (1u << 7)
#define KVM_FEATURE_PV_TLB_FLUSH (1u << 9)
#define KVM_FEATURE_PV_SEND_IPI (1u << 11)
#define KVM_FEATURE_POLL_CONTROL (1u << 12)
#define KVM_FEATURE_PV_SCHED_YIELD (1u << 13)
#define KVM_FEATURE_CLOCKSOURCE_STABLE_BIT (1u << 24)
/* ... EDX: hints */
#define KVM_HINTS_REALTIME (1u << 0) /* vCPUs are never preempted for an unlimited time */

#define MSR_KVM_WALL_CLOCK_NEW 0x4B564D00u
#define MSR_KVM_SYSTEM_TIME_NEW 0x4B564D01u
#define MSR_KVM_STEAL_TIME 0x4B564D03u
#define MSR_KVM_PV_EOI_EN 0x4B564D04u
#define MSR_KVM_POLL_CONTROL 0x4B564D05u

/* the steal-time structure's preempted byte */
#define KVM_VCPU_PREEMPTED (1u << 0)
#define KVM_VCPU_FLUSH_TLB (1u << 1)

/* KVM's hypercall numbers (EAX of VMCALL); splitvisor's own are at SV_HC_BASE (hypercall.h) */
enum kvm_hypercall {
	KVM_HC_VAPIC_POLL_IRQ = 1, KVM_HC_KICK_CPU = 5, KVM_HC_SEND_IPI = 10, KVM_HC_SCHED_YIELD = 11,
	KVM_HC_COUNT = 12,
};
/* hypercall errors (returned negated) */
#define KVM_EPERM 1
#define KVM_EINVAL 22
#define KVM_ENOSYS 1000

/* What the feature leaf shows this vCPU (the same for every vCPU of a partition). */
uint32_t kvm_features(const struct vcpu *v);
uint32_t kvm_hints(const struct vcpu *v);

#endif
