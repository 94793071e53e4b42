/* SPDX-License-Identifier: BSD-2-Clause */
/* RDMSR/WRMSR of the APIC's MSRs: the x2APIC range and the TSC deadline, before the MSR table. */
#include "hv/exit/msr_apic.h"
#include "apic/vlapic_regs.h"
#include "hv/exit/ctx.h"

static bool is_x2apic_msr(uint32_t msr) { return msr >= 0x800 && msr <= 0x8FF; }

static void read_result(struct exit_ctx *x, uint64_t v)
{
	x->regs.rax = (uint32_t)v;
	x->regs.rdx = v >> 32;
	x->actions |= ACT_WRITE_REGS;
}

/* The emulated APIC's registers; false: #GP. */
static bool emulated_access(struct exit_ctx *x, uint32_t msr, bool write)
{
	uint64_t v = (x->regs.rdx << 32) | (uint32_t)x->regs.rax;
	if (msr == MSR_TSC_DEADLINE) {
		if (write)
			vlapic_write_tsc_deadline(x->vcpu, v);
		else
			read_result(x, vlapic_read_tsc_deadline(x->vcpu));
		return true;
	}
	if (write)
		return vlapic_x2apic_write(x, msr, v);
	if (!vlapic_x2apic_read(x->vcpu, msr, &v))
		return false;
	read_result(x, v);
	return true;
}

bool msr_apic_access(struct exit_ctx *x, bool write)
{
	uint32_t msr = (uint32_t)x->regs.rcx;
	struct vcpu *v = x->vcpu;
	if (is_x2apic_msr(msr) && !(v->apic_base & APIC_BASE_EXTD)) {
		exit_inject_gp(x); /* the x2APIC registers exist only in x2APIC mode (SDM 11.12.1) */
		return true;
	}
	if (v->exitless || (!is_x2apic_msr(msr) && msr != MSR_TSC_DEADLINE))
		return false; /* exitless: the few x2APIC MSRs that exit are in the MSR table */
	if (emulated_access(x, msr, write))
		x->actions |= ACT_ADVANCE_RIP;
	else
		exit_inject_gp(x);
	return true;
}
