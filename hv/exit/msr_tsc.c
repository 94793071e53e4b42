/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's TSC: IA32_TSC and IA32_TSC_ADJUST through a per-vCPU offset; deadlines with it. */
#include "hv/exit/msr_tsc.h"
#include "hv/exit/msr_state.h"
#include "hv/cpu.h"
#include "apic/vlapic_regs.h"

/* RDTSC, RDTSCP and RDMSR of the TSC return the host's TSC plus the offset ("use TSC
 * offsetting", vmx/vmcs.c); IA32_TSC_ADJUST is virtual (the host's is never written), so a
 * guest can only move its own TSC (SDM 17.17). */

void tsc_write(struct vcpu_msrs *m, uint64_t host_now, uint64_t value)
{
	uint64_t delta = value - (host_now + m->tsc_offset);
	m->tsc_offset += delta;
	m->tsc_adjust += delta;
}

void tsc_adjust_write(struct vcpu_msrs *m, uint64_t value)
{
	m->tsc_offset += value - m->tsc_adjust;
	m->tsc_adjust = value;
}

uint64_t tsc_deadline_to_host(const struct vcpu_msrs *m, uint64_t host_now, uint64_t guest)
{
	uint64_t guest_now = host_now + m->tsc_offset;
	if (!guest)
		return 0;
	if (guest <= guest_now)
		return 1; /* due: a deadline in the past fires at once (SDM 11.5.4.1) */
	uint64_t host = host_now + (guest - guest_now);
	return host < host_now ? ~0ULL : host;
}

bool msr_read_tsc(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(msr);
	*value = rdtsc() + x->vcpu->msrs.tsc_offset;
	return true;
}

bool msr_write_tsc(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	tsc_write(&x->vcpu->msrs, rdtsc(), value);
	msr_sync_request(x, MSR_SYNC_TSC_OFFSET);
	return true;
}

bool msr_read_tsc_adjust(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(msr);
	*value = x->vcpu->msrs.tsc_adjust;
	return true;
}

bool msr_write_tsc_adjust(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	tsc_adjust_write(&x->vcpu->msrs, value);
	msr_sync_request(x, MSR_SYNC_TSC_OFFSET);
	return true;
}

bool msr_deadline_trapped(const struct exit_ctx *x) { return x->vcpu->exitless; }

/* The deadline last armed, as the guest reads it: 0 once it has passed (the timer fired). */
bool msr_read_deadline(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(msr);
	const struct vcpu_msrs *m = &x->vcpu->msrs;
	*value = m->deadline_host && rdtsc() < m->deadline_host ? m->deadline_host + m->tsc_offset : 0;
	return true;
}

bool msr_write_deadline(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	struct vcpu_msrs *m = &x->vcpu->msrs;
	m->deadline_host = tsc_deadline_to_host(m, rdtsc(), value);
	msr_sync_request(x, MSR_SYNC_DEADLINE); /* the core's own APIC is armed on the guest core */
	return true;
}

bool msr_tsc_deadline_emulated(struct exit_ctx *x, bool write)
{
	struct vcpu *v = x->vcpu;
	if ((uint32_t)x->regs.rcx != MSR_TSC_DEADLINE || v->exitless || !v->msrs.tsc_offset)
		return false;
	if (write) {
		uint64_t value = (x->regs.rdx << 32) | (uint32_t)x->regs.rax;
		vlapic_write_tsc_deadline(v, tsc_deadline_to_host(&v->msrs, rdtsc(), value));
	} else {
		uint64_t host = vlapic_read_tsc_deadline(v);
		uint64_t value = host ? host + v->msrs.tsc_offset : 0;
		x->regs.rax = (uint32_t)value;
		x->regs.rdx = value >> 32;
		x->actions |= ACT_WRITE_REGS;
	}
	x->actions |= ACT_ADVANCE_RIP;
	return true;
}
