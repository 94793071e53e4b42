/* SPDX-License-Identifier: BSD-2-Clause */
/* CPUID exits: the host's answer with VMX hidden, the hypervisor bit set, and leaf 0x40000000. */
#include "hv/exit/handlers.h"
#include "hv/cpu.h"

#define HV_LEAF_BASE 0x40000000u
#define HV_LEAF_MAX 0x40000001u

/* 12-byte signature in EBX, ECX, EDX: "SplitvisorHV" */
static const char signature[12] = { 'S', 'p', 'l', 'i', 't', 'v', 'i', 's', 'o', 'r', 'H', 'V' };

static uint32_t sig_word(int i)
{
	return (uint32_t)signature[i] | (uint32_t)signature[i + 1] << 8 |
	       (uint32_t)signature[i + 2] << 16 | (uint32_t)signature[i + 3] << 24;
}

void handle_cpuid(struct exit_ctx *x)
{
	uint32_t leaf = (uint32_t)x->regs.rax, sub = (uint32_t)x->regs.rcx;
	struct cpuid_regs r = { 0, 0, 0, 0 };
	if (leaf >= HV_LEAF_BASE && leaf <= 0x4FFFFFFFu) {
		if (leaf == HV_LEAF_BASE)
			r = (struct cpuid_regs){ HV_LEAF_MAX, sig_word(0), sig_word(4), sig_word(8) };
	} else {
		r = cpuid(leaf, sub);
		if (leaf == 1) {
			r.ecx &= ~(1u << 5);  /* VMX: not for guests */
			r.ecx |= 1u << 31;    /* running under a hypervisor */
			r.ecx |= 1u << 21;    /* x2APIC: the only APIC interface offered */
			r.ebx = (r.ebx & 0x00FFFFFFu) | ((uint32_t)x->vcpu->index << 24); /* initial APIC ID */
			if (!(x->vcpu->apic_base & (1u << 11)))
				r.edx &= ~(1u << 9); /* APIC: cleared while IA32_APIC_BASE disables it */
		}
	}
	x->regs.rax = r.eax;
	x->regs.rbx = r.ebx;
	x->regs.rcx = r.ecx;
	x->regs.rdx = r.edx;
	x->actions |= ACT_WRITE_REGS | ACT_ADVANCE_RIP;
}
