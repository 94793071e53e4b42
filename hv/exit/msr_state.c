/* SPDX-License-Identifier: BSD-2-Clause */
/* A vCPU's CPUID/MSR state: its reset, and what only its own guest core can load. */
#include "hv/exit/msr_state.h"
#include "hv/exit/guest_cpu.h"
#include "hv/exit/msr_memtype.h"
#include "hv/lib/string.h"
#include "hv/percpu.h"
#include "vmx/vmcs.h"

#define MSR_TSC_DEADLINE 0x6E0u

void msr_vcpu_reset(struct vcpu *v)
{
	memset(&v->msrs, 0, sizeof(v->msrs)); /* TSC offset, DEBUGCTL, MTRR ranges, MCA banks: 0 */
	v->msrs.xcr0 = XFEATURE_X87;
	v->msrs.pat = PAT_RESET;
	v->msrs.mtrr_def_type = MTRR_DEF_TYPE_RESET;
}

void msr_sync_request(struct exit_ctx *x, uint32_t what)
{
	struct vcpu *v = x->vcpu;
	__atomic_or_fetch(&v->msrs.sync, what, __ATOMIC_RELEASE);
	if (this_cpu()->index == v->cpu)
		msr_sync(v);
}

static void load_tsc_offset(struct vcpu *v, bool deadline_pending)
{
	struct vcpu_msrs *m = &v->msrs;
	if (v->exitless && m->tsc_offset && !deadline_pending)
		m->deadline_host = rdmsr(MSR_TSC_DEADLINE); /* from now on it exits (msr_tsc.c) */
	vmcs_set_tsc_offset(m->tsc_offset, v->exitless);
}

void msr_sync(struct vcpu *v)
{
	if (!__atomic_load_n(&v->msrs.sync, __ATOMIC_ACQUIRE))
		return;
	uint32_t what = __atomic_exchange_n(&v->msrs.sync, 0, __ATOMIC_ACQ_REL);
	if (what & MSR_SYNC_TSC_OFFSET)
		load_tsc_offset(v, what & MSR_SYNC_DEADLINE);
	if (what & MSR_SYNC_DEADLINE)
		wrmsr(MSR_TSC_DEADLINE, v->msrs.deadline_host);
	if (what & MSR_SYNC_DEBUGCTL)
		vmcs_set_guest_debugctl(v->msrs.debugctl);
	if (what & MSR_SYNC_XCR0)
		vmx_load_guest_xcr0(v->msrs.xcr0);
}
