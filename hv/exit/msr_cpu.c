/* SPDX-License-Identifier: BSD-2-Clause */
/* MSRs of the CPU itself: MISC_ENABLE, DEBUGCTL, ARCH_CAPABILITIES, XSS, the fixed ones. */
#include "hv/exit/msr_cpu.h"
#include "hv/exit/guest_cpu.h"
#include "hv/exit/msr_state.h"
#include "hv/exit/msr_xsave.h"

uint64_t misc_enable_value(bool monitor)
{
	return MISC_ENABLE_FAST_STRINGS | MISC_ENABLE_BTS_UNAVAILABLE | MISC_ENABLE_PEBS_UNAVAILABLE |
	       (monitor ? MISC_ENABLE_MONITOR : 0);
}

bool debugctl_valid(uint64_t value) { return !(value & ~DEBUGCTL_BTF); }

bool msr_has_arch_cap(const struct exit_ctx *x) { UNUSED(x); return guest_has_arch_cap(guest_cpu()); }
bool msr_has_pred_cmd(const struct exit_ctx *x) { UNUSED(x); return guest_has_pred_cmd(guest_cpu()); }
bool msr_has_flush_cmd(const struct exit_ctx *x) { UNUSED(x); return guest_has_flush_cmd(guest_cpu()); }
bool msr_has_xss(const struct exit_ctx *x) { UNUSED(x); return guest_cpu()->xsaves; }

bool msr_read_zero(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(x);
	UNUSED(msr);
	*value = 0;
	return true;
}

bool msr_write_ignored(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(x);
	UNUSED(msr);
	UNUSED(value);
	return true;
}

static uint64_t misc_enable_of(const struct exit_ctx *x)
{
	return misc_enable_value(x->vcpu->exitless && guest_cpu()->monitor);
}

bool msr_read_misc_enable(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(msr);
	*value = misc_enable_of(x);
	return true;
}

/* Nothing in it can be changed here: writing the value it has is accepted, anything else #GPs. */
bool msr_write_misc_enable(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	return value == misc_enable_of(x);
}

bool msr_read_debugctl(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(msr);
	*value = x->vcpu->msrs.debugctl;
	return true;
}

bool msr_write_debugctl(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	if (!debugctl_valid(value))
		return false;
	x->vcpu->msrs.debugctl = value;
	msr_sync_request(x, MSR_SYNC_DEBUGCTL); /* the VMCS guest field: VM entry loads it */
	return true;
}

bool msr_read_arch_cap(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(x);
	UNUSED(msr);
	*value = guest_cpu()->arch_cap;
	return true;
}

bool msr_write_xss(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(x);
	UNUSED(msr);
	return !(value & ~XSS_SUPPORTED);
}
