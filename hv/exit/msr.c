/* SPDX-License-Identifier: BSD-2-Clause */
/* RDMSR/WRMSR exits: the APIC's MSRs, then one table of emulated MSRs; #GP (counted) for the rest. */
#include "hv/exit/handlers.h"
#include "hv/exit/exit.h"
#include "hv/cpu.h"
#include "apic/vicr.h"
#include "apic/vbase.h"
#include "hv/exit/msr_apic.h"
#include "hv/exit/msr_cpu.h"
#include "hv/exit/msr_kvm.h"
#include "hv/exit/msr_kvm_pv.h"
#include "hv/exit/msr_mca.h"
#include "hv/exit/msr_memtype.h"
#include "hv/exit/msr_tsc.h"
#include "hv/exit/msr_unknown.h"
#include "hv/exit/msr_xsave.h"

struct msr_rule {
	uint32_t msr;
	const char *name;
	uint64_t (*read)(struct exit_ctx *x);   /* NULL: reads get #GP */
	bool writes_ignored;                     /* writes accepted and dropped */
	void (*write)(struct exit_ctx *x, uint64_t v); /* writes with an effect */
};

static uint64_t read_apic_base(struct exit_ctx *x) { return x->vcpu->apic_base; }
static uint64_t read_x2apic_id(struct exit_ctx *x) { return x->vcpu->index; }
static uint64_t read_x2apic_version(struct exit_ctx *x) { UNUSED(x); return 0x50014; }
static uint64_t read_apic_reg(struct exit_ctx *x) { return vapic_read_reg(x, (uint32_t)x->regs.rcx); }
static void write_apic_reg(struct exit_ctx *x, uint64_t v) { vapic_write_reg(x, (uint32_t)x->regs.rcx, v); }

/* The APIC's MSRs that exit in exitless mode (docs/guests.md lists them for users). */
static const struct msr_rule rules[] = {
	{ 0x1B, "IA32_APIC_BASE", read_apic_base, false, vapic_write_base },
	{ 0x802, "x2APIC ID", read_x2apic_id, false, 0 },
	{ 0x803, "x2APIC version", read_x2apic_version, false, 0 },
	{ 0x80D, "x2APIC LDR", read_apic_reg, false, 0 },
	{ 0x80F, "x2APIC SVR", read_apic_reg, false, write_apic_reg },
	{ 0x830, "x2APIC ICR", vapic_read_icr, false, vapic_write_icr },
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

/* The emulated MSRs (docs/guests.md, "CPUID and MSRs"). An entry covers MSRs first-last;
 * present() (NULL: always) says whether the MSR exists for this vCPU, as CPUID says; a NULL
 * handler, or one that returns false, is a #GP. MSRs the guest reaches directly (MSR bitmap,
 * vmx/vmcs.c) exit only where they do not exist: IA32_SPEC_CTRL, IA32_TSC_AUX. Not here, so
 * #GP: IA32_FEATURE_CONTROL (it exists only with VMX, SMX, SGX or LMCE, none offered), the PMU's
 * MSRs (CPUID.0AH offers no counter), IA32_PERF_CAPABILITIES (no PDCM), MCG_CTL (MCG_CAP[8] clear). */
struct msr_emul {
	uint32_t first, last;
	bool (*present)(const struct exit_ctx *x);
	bool (*read)(struct exit_ctx *x, uint32_t msr, uint64_t *value);
	bool (*write)(struct exit_ctx *x, uint32_t msr, uint64_t value);
};

static const struct msr_emul emulated[] = {
	{ 0x10, 0x10, 0, msr_read_tsc, msr_write_tsc },                 /* IA32_TIME_STAMP_COUNTER */
	{ 0x17, 0x17, 0, msr_read_zero, 0 },                            /* IA32_PLATFORM_ID */
	{ 0x3B, 0x3B, 0, msr_read_tsc_adjust, msr_write_tsc_adjust },   /* IA32_TSC_ADJUST */
	{ 0x49, 0x49, msr_has_pred_cmd, 0, 0 },             /* IA32_PRED_CMD: writes passed through */
	{ 0x8B, 0x8B, 0, msr_read_zero, msr_write_ignored },            /* IA32_BIOS_SIGN_ID */
	{ 0xFE, 0xFE, 0, msr_read_mtrrcap, 0 },                         /* IA32_MTRRCAP */
	{ 0x10A, 0x10A, msr_has_arch_cap, msr_read_arch_cap, 0 },       /* IA32_ARCH_CAPABILITIES */
	{ 0x10B, 0x10B, msr_has_flush_cmd, 0, 0 },          /* IA32_FLUSH_CMD: writes passed through */
	{ 0x179, 0x179, 0, msr_read_mcg_cap, 0 },                       /* IA32_MCG_CAP */
	{ 0x17A, 0x17A, 0, msr_read_mcg_status, msr_write_mcg_status }, /* IA32_MCG_STATUS */
	{ 0x1A0, 0x1A0, 0, msr_read_misc_enable, msr_write_misc_enable }, /* IA32_MISC_ENABLE */
	{ 0x1D9, 0x1D9, 0, msr_read_debugctl, msr_write_debugctl },     /* IA32_DEBUGCTL */
	{ 0x200, 0x20F, 0, msr_read_mtrr, msr_write_mtrr },             /* MTRR PHYSBASE0-PHYSMASK7 */
	{ 0x250, 0x250, 0, msr_read_mtrr, msr_write_mtrr },             /* MTRR fixed 64K_00000 */
	{ 0x258, 0x259, 0, msr_read_mtrr, msr_write_mtrr },             /* MTRR fixed 16K_80000, A0000 */
	{ 0x268, 0x26F, 0, msr_read_mtrr, msr_write_mtrr },             /* MTRR fixed 4K_C0000-F8000 */
	{ 0x277, 0x277, 0, msr_read_pat, msr_write_pat },               /* IA32_PAT (without VMCS PAT) */
	{ 0x2FF, 0x2FF, 0, msr_read_mtrr, msr_write_mtrr },             /* IA32_MTRR_DEF_TYPE */
	{ MSR_MC0_CTL, MSR_MC_LAST, 0, msr_read_mc_bank, msr_write_mc_bank }, /* MCi_CTL..MCi_MISC */
	{ 0x6E0, 0x6E0, msr_deadline_trapped, msr_read_deadline, msr_write_deadline }, /* exitless */
	{ MSR_XSS, MSR_XSS, msr_has_xss, msr_read_zero, msr_write_xss }, /* IA32_XSS */
	{ MSR_KVM_WALL_CLOCK_NEW, MSR_KVM_WALL_CLOCK_NEW, 0, msr_read_kvm_clock, msr_write_kvm_wall_clock },
	{ MSR_KVM_SYSTEM_TIME_NEW, MSR_KVM_SYSTEM_TIME_NEW, 0, msr_read_kvm_clock, msr_write_kvm_system_time },
	{ MSR_KVM_STEAL_TIME, MSR_KVM_STEAL_TIME, 0, msr_read_kvm_pv, msr_write_kvm_steal_time },
	{ MSR_KVM_PV_EOI_EN, MSR_KVM_PV_EOI_EN, 0, msr_read_kvm_pv, msr_write_kvm_pv_eoi },
	{ MSR_KVM_POLL_CONTROL, MSR_KVM_POLL_CONTROL, 0, msr_read_kvm_pv, msr_write_kvm_poll_control },
};

static const struct msr_emul *find_emulated(const struct exit_ctx *x, uint32_t msr)
{
	for (unsigned i = 0; i < ARRAY_SIZE(emulated); i++) {
		const struct msr_emul *e = &emulated[i];
		if (msr >= e->first && msr <= e->last)
			return !e->present || e->present(x) ? e : 0;
	}
	return 0;
}

static void emulated_access(struct exit_ctx *x, bool write)
{
	uint32_t msr = (uint32_t)x->regs.rcx;
	const struct msr_emul *e = find_emulated(x, msr);
	uint64_t v = (x->regs.rdx << 32) | (uint32_t)x->regs.rax;
	if (!e)
		msr_unknown_count(&x->vcpu->part->msr_unknown, msr, write);
	if (!e || !(write ? e->write && e->write(x, msr, v) : e->read && e->read(x, msr, &v))) {
		exit_inject_gp(x);
		return;
	}
	if (!write) {
		x->regs.rax = (uint32_t)v;
		x->regs.rdx = v >> 32;
		x->actions |= ACT_WRITE_REGS;
	}
	x->actions |= ACT_ADVANCE_RIP;
}

void handle_rdmsr(struct exit_ctx *x)
{
	if ((uint32_t)x->regs.rcx == 0x6E0 && msr_tsc_deadline_emulated(x, false))
		return; /* IA32_TSC_DEADLINE of the emulated APIC, with a TSC offset */
	if (msr_is_apic((uint32_t)x->regs.rcx) && msr_apic_access(x, false))
		return;
	const struct msr_rule *r = find_rule((uint32_t)x->regs.rcx);
	if (!r) {
		emulated_access(x, false);
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
	if ((uint32_t)x->regs.rcx == 0x6E0 && msr_tsc_deadline_emulated(x, true))
		return; /* IA32_TSC_DEADLINE of the emulated APIC, with a TSC offset */
	if (msr_is_apic((uint32_t)x->regs.rcx) && msr_apic_access(x, true))
		return;
	const struct msr_rule *r = find_rule((uint32_t)x->regs.rcx);
	if (!r) {
		emulated_access(x, true);
		return;
	}
	if (!r->writes_ignored && !r->write) {
		exit_inject_gp(x);
		return;
	}
	x->actions |= ACT_ADVANCE_RIP;
	if (r->write)
		r->write(x, (x->regs.rdx << 32) | (uint32_t)x->regs.rax);
}
