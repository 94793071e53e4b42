/* SPDX-License-Identifier: BSD-2-Clause */
/* VMCALL: two hypercall number spaces that never overlap, splitvisor's own at SV_HC_BASE and
 * KVM's below 0x10000 (docs/guests.md, "Hypercalls"). */
#ifndef HV_EXIT_HYPERCALL_H
#define HV_EXIT_HYPERCALL_H

#include "hv/partition/vcpu.h"

/* splitvisor's hypercalls: "SV" in the upper half of EAX */
#define SV_HC_BASE 0x53560000u
enum sv_hypercall {
	SV_HC_PING = SV_HC_BASE,  /* returns 0x5350 */
	SV_HC_STATS_CHECKPOINT,   /* EBX: label; prints and resets the partition's exit statistics */
	SV_HC_UNMAP_PAGE,         /* EBX: a page given back until its next touch */
	SV_HC_SHOOT4U,            /* RBX: vCPU bitmap, RCX: start, RDX: end; flushes their TLBs (tlb = "vmm") */
	SV_HC_END,
};

/* One call: the number (EAX) and the arguments (RBX, RCX, RDX, RSI), all cut to 32 bits when
 * the caller is not in 64-bit mode, as KVM reads them. */
struct hc_call {
	uint64_t nr, a0, a1, a2, a3;
	bool wide; /* the caller runs in 64-bit mode */
};

typedef uint64_t (*hc_fn)(struct exit_ctx *x, const struct hc_call *c);

/* Whether the guest core may run this VMCALL itself (exit class "guest"): KVM's IPI, kick and
 * yield calls of an exitless partition, which only post to other vCPUs, as its ICR writes do. */
bool hypercall_runs_on_guest_core(const struct vcpu *v);
/* The splitvisor hypercalls a vCPU is offered: bit n = SV_HC_BASE + n (CPUID 0x40000001 EAX). */
uint32_t sv_hypercalls_offered(const struct vcpu *v);

#endif
