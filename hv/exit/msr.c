/* SPDX-License-Identifier: BSD-2-Clause */
/* RDMSR/WRMSR exits: a documented allow-list; #GP for every other MSR. */
#include "hv/exit/handlers.h"
#include "hv/exit/exit.h"
#include "hv/cpu.h"
#include "apic/vicr.h"
#include "apic/vbase.h"
#include "hv/exit/msr_apic.h"

struct msr_rule {
	uint32_t msr;
	const char *name;
	uint64_t (*read)(struct exit_ctx *x);   /* NULL: reads get #GP */
	bool writes_ignored;                     /* writes accepted and dropped */
	void (*write)(struct exit_ctx *x, uint64_t v); /* writes with an effect */
};

static uint64_t read_tsc(struct exit_ctx *x) { UNUSED(x); return rdtsc(); }
static uint64_t read_zero(struct exit_ctx *x) { UNUSED(x); return 0; }
static uint64_t read_feature_control(struct exit_ctx *x) { UNUSED(x); return 1; /* locked, VMX off */ }
static uint64_t read_misc_enable(struct exit_ctx *x) { UNUSED(x); return 1; /* fast strings */ }

static uint64_t read_apic_base(struct exit_ctx *x) { return x->vcpu->apic_base; }
static uint64_t read_x2apic_id(struct exit_ctx *x) { return x->vcpu->index; }
static uint64_t read_x2apic_version(struct exit_ctx *x) { UNUSED(x); return 0x50014; }
static uint64_t read_apic_reg(struct exit_ctx *x) { return vapic_read_reg(x, (uint32_t)x->regs.rcx); }
static void write_apic_reg(struct exit_ctx *x, uint64_t v) { vapic_write_reg(x, (uint32_t)x->regs.rcx, v); }

/* The allow-list (docs/exits.md lists it for users). */
static const struct msr_rule rules[] = {
	{ 0x10, "IA32_TIME_STAMP_COUNTER", read_tsc, false, 0 },
	{ 0x17, "IA32_PLATFORM_ID", read_zero, false, 0 },
	{ 0x1B, "IA32_APIC_BASE", read_apic_base, false, vapic_write_base },
	{ 0x3A, "IA32_FEATURE_CONTROL", read_feature_control, false, 0 },
	{ 0x8B, "IA32_BIOS_SIGN_ID", read_zero, true, 0 },
	{ 0xFE, "IA32_MTRRCAP", read_zero, false, 0 },
	{ 0x179, "IA32_MCG_CAP", read_zero, false, 0 },
	{ 0x17A, "IA32_MCG_STATUS", read_zero, false, 0 },
	{ 0x1A0, "IA32_MISC_ENABLE", read_misc_enable, false, 0 },
	{ 0x2FF, "IA32_MTRR_DEF_TYPE", read_zero, true, 0 },
	{ 0x802, "x2APIC ID", read_x2apic_id, false, 0 },
	{ 0x803, "x2APIC version", read_x2apic_version, false, 0 },
	{ 0x80D, "x2APIC LDR", read_apic_reg, false, 0 },
	{ 0x80F, "x2APIC SVR", read_apic_reg, false, write_apic_reg },
	{ 0x82F, "x2APIC LVT CMCI", read_apic_reg, false, write_apic_reg },
	{ 0x830, "x2APIC ICR", 0, false, vapic_write_icr },
	{ 0x833, "x2APIC LVT thermal", read_apic_reg, false, write_apic_reg },
	{ 0x834, "x2APIC LVT PMC", read_apic_reg, false, write_apic_reg },
	{ 0x835, "x2APIC LVT LINT0", read_apic_reg, false, write_apic_reg },
	{ 0x836, "x2APIC LVT LINT1", read_apic_reg, false, write_apic_reg },
	{ 0x837, "x2APIC LVT error", read_apic_reg, false, write_apic_reg },
};

static const struct msr_rule *find_rule(uint32_t msr)
{
	for (unsigned i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].msr == msr)
			return &rules[i];
	return 0;
}

void handle_rdmsr(struct exit_ctx *x)
{
	if (msr_is_apic((uint32_t)x->regs.rcx) && msr_apic_access(x, false))
		return;
	const struct msr_rule *r = find_rule((uint32_t)x->regs.rcx);
	if (!r) {
		exit_inject_gp(x);
		return;
	}
	if (!r->read) {
		exit_inject_gp(x);
		return;
	}
	uint64_t v = r->read(x);
	x->regs.rax = (uint32_t)v;
	x->regs.rdx = v >> 32;
	x->actions |= ACT_WRITE_REGS | ACT_ADVANCE_RIP;
}

void handle_wrmsr(struct exit_ctx *x)
{
	if (msr_is_apic((uint32_t)x->regs.rcx) && msr_apic_access(x, true))
		return;
	const struct msr_rule *r = find_rule((uint32_t)x->regs.rcx);
	if (!r || (!r->writes_ignored && !r->write)) {
		exit_inject_gp(x);
		return;
	}
	x->actions |= ACT_ADVANCE_RIP;
	if (r->write)
		r->write(x, (x->regs.rdx << 32) | (uint32_t)x->regs.rax);
}
