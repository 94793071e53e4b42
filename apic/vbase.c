/* SPDX-License-Identifier: BSD-2-Clause */
/* IA32_APIC_BASE: the guest APIC's mode (disabled, xAPIC, x2APIC) and its MMIO base (SDM 11.4.4, 11.12.5). */
#include "apic/vbase.h"
#include "apic/vdeliver.h"
#include "apic/vicr.h"
#include "apic/vlapic.h"
#include "hv/cpu.h"
#include "hv/exit/ctx.h"

enum apic_mode { MODE_DISABLED, MODE_INVALID, MODE_XAPIC, MODE_X2APIC };

static enum apic_mode mode_of(uint64_t base)
{
	return (enum apic_mode)(((base & APIC_BASE_EN) ? 2 : 0) | ((base & APIC_BASE_EXTD) ? 1 : 0));
}

/* Bits 0-7 and 9 and those above the physical-address width are reserved. */
static uint64_t reserved_bits(void)
{
	uint32_t width = cpuid(0x80000000u, 0).eax >= 0x80000008u ? cpuid(0x80000008u, 0).eax & 0xFF : 36;
	return 0x2FFULL | ~((1ULL << width) - 1);
}

/* Only these transitions are legal (SDM figure "Local x2APIC State Transitions"). */
static bool legal(enum apic_mode from, enum apic_mode to)
{
	static const bool allowed[4][4] = {
		[MODE_DISABLED] = { [MODE_DISABLED] = true, [MODE_XAPIC] = true },
		[MODE_XAPIC] = { [MODE_DISABLED] = true, [MODE_XAPIC] = true, [MODE_X2APIC] = true },
		[MODE_X2APIC] = { [MODE_DISABLED] = true, [MODE_X2APIC] = true },
	};
	return allowed[from][to];
}

/* The exitless core's own APIC stays enabled (the hypervisor's NMIs need it): a guest that
 * disables its APIC gets its timer stopped and nothing left in service. */
static void quiet_exitless_core(struct vcpu *v)
{
	if (v->exitless)
		vapic_release_core();
}

/* In x2APIC mode the ID is the x2APIC ID and the LDR is derived from it, both read-only
 * (SDM 11.12.2, 11.12.10); the page holds them as the guest (and APIC virtualization) reads them. */
static void enter_x2apic(struct vlapic *a, uint32_t index)
{
	*vlapic_reg(a, VLAPIC_ID) = index;
	*vlapic_reg(a, VLAPIC_LDR) = vapic_ldr(index);
}

void vapic_write_base(struct exit_ctx *x, uint64_t v)
{
	struct vcpu *vc = x->vcpu;
	enum apic_mode from = mode_of(vc->apic_base), to = mode_of(v);
	if ((v & reserved_bits()) || to == MODE_INVALID || !legal(from, to)) {
		exit_inject_gp(x);
		return;
	}
	if (to == MODE_DISABLED && from != MODE_DISABLED) {
		vlapic_reset(vc); /* power-up state: what the SDM says a re-enable finds */
		quiet_exitless_core(vc);
	}
	if (to == MODE_X2APIC && from == MODE_XAPIC)
		enter_x2apic(&vc->vlapic, vc->index);
	vc->apic_base = v;
}

uint64_t vapic_xapic_page(const struct vcpu *v)
{
	return mode_of(v->apic_base) == MODE_XAPIC ? v->apic_base & ~0xFFFULL : ~0ULL;
}
