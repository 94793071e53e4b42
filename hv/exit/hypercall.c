/* SPDX-License-Identifier: BSD-2-Clause */
/* VMCALL exits: splitvisor's hypercalls and KVM's, each number space a table of its own. */
#include "hv/exit/hypercall.h"
#include "hv/exit/handlers.h"
#include "hv/exit/hc_kvm.h"
#include "hv/exit/hc_shoot4u.h"
#include "hv/exit/kvm_abi.h"
#include "hv/exit/stats.h"
#include "hv/partition/partition.h"
#include "vmx/ept.h"

#define EFER_LMA (1ULL << 10)
#define AR_L (1u << 13)           /* code segment: 64-bit */
#define AR_DPL(ar) (((ar) >> 5) & 3)

static uint64_t sv_ping(struct exit_ctx *x, const struct hc_call *c)
{
	UNUSED(x);
	UNUSED(c);
	return 0x5350; /* "SP" */
}

static uint64_t sv_stats_checkpoint(struct exit_ctx *x, const struct hc_call *c)
{
	exit_stats_checkpoint(x->vcpu, (uint32_t)c->a0);
	return 0;
}

/* Gives one 4 KiB page back lazily; the next touch faults it in again. */
static uint64_t sv_unmap_page(struct exit_ctx *x, const struct hc_call *c)
{
	struct partition *p = x->vcpu->part;
	uint64_t gpa = c->a0;
	if ((gpa & (PAGE_SIZE - 1)) || gpa < 0x100000 || gpa >= p->memory)
		return (uint64_t)-22; /* EINVAL: page aligned, above 1 MiB, inside the partition */
	if (!ept_set_page(p->eptp, gpa, 0))
		return (uint64_t)-12; /* ENOMEM */
	x->actions |= ACT_FLUSH_EPT;
	return 0;
}

static const hc_fn sv_calls[SV_HC_END - SV_HC_BASE] = {
	[SV_HC_PING - SV_HC_BASE] = sv_ping,
	[SV_HC_STATS_CHECKPOINT - SV_HC_BASE] = sv_stats_checkpoint,
	[SV_HC_UNMAP_PAGE - SV_HC_BASE] = sv_unmap_page,
	[SV_HC_SHOOT4U - SV_HC_BASE] = hc_shoot4u,
};


/* KVM's calls and the feature bit that offers each (0: always there, as under KVM). */
static const struct {
	uint32_t feature;
	hc_fn fn;
} kvm_calls[KVM_HC_COUNT] = {
	[KVM_HC_VAPIC_POLL_IRQ] = { 0, hc_kvm_vapic_poll_irq },
	[KVM_HC_KICK_CPU] = { KVM_FEATURE_PV_UNHALT, hc_kvm_kick_cpu },
	[KVM_HC_SEND_IPI] = { KVM_FEATURE_PV_SEND_IPI, hc_kvm_send_ipi },
	[KVM_HC_SCHED_YIELD] = { KVM_FEATURE_PV_SCHED_YIELD, hc_kvm_sched_yield },
};

static hc_fn find_call(const struct vcpu *v, uint64_t nr)
{
	if (nr >= SV_HC_BASE && nr < SV_HC_END)
		return (sv_hypercalls_offered(v) >> (nr - SV_HC_BASE)) & 1 ? sv_calls[nr - SV_HC_BASE] : 0;
	if (nr < KVM_HC_COUNT && (kvm_features(v) & kvm_calls[nr].feature) == kvm_calls[nr].feature)
		return kvm_calls[nr].fn;
	return 0;
}

bool hypercall_runs_on_guest_core(const struct vcpu *v)
{
	uint64_t nr = v->regs.rax;
	return nr == SV_HC_SHOOT4U ||
	       (v->exitless && (nr == KVM_HC_SEND_IPI || nr == KVM_HC_KICK_CPU || nr == KVM_HC_SCHED_YIELD));
}

static struct hc_call read_call(const struct exit_ctx *x)
{
	struct hc_call c = { x->regs.rax, x->regs.rbx, x->regs.rcx, x->regs.rdx, x->regs.rsi, false };
	c.wide = (x->efer & EFER_LMA) && (x->cs_ar & AR_L);
	if (!c.wide) {
		c.nr = (uint32_t)c.nr;
		c.a0 = (uint32_t)c.a0;
		c.a1 = (uint32_t)c.a1;
		c.a2 = (uint32_t)c.a2;
		c.a3 = (uint32_t)c.a3;
	}
	return c;
}

/* VMCALL (number in EAX, arguments in RBX, RCX, RDX, RSI, result in RAX): only from CPL 0
 * (-KVM_EPERM otherwise); an unknown number returns -KVM_ENOSYS (-1000). */
void handle_vmcall(struct exit_ctx *x)
{
	struct hc_call c = read_call(x);
	hc_fn fn = find_call(x->vcpu, c.nr);
	uint64_t ret;
	if (AR_DPL(x->ss_ar) != 0)
		ret = (uint64_t)-KVM_EPERM;
	else
		ret = fn ? fn(x, &c) : (uint64_t)-KVM_ENOSYS;
	x->regs.rax = c.wide ? ret : (uint32_t)ret;
	x->actions |= ACT_WRITE_REGS | ACT_ADVANCE_RIP;
}
