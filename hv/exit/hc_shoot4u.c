/* SPDX-License-Identifier: BSD-2-Clause */
/* splitvisor's Shoot4U hypercall: a guest's TLB shootdown done by the hypervisor, with no IPIs. */
#include "hv/exit/hc_shoot4u.h"
#include "hv/cpu.h"
#include "hv/partition/lifecycle.h"
#include "hv/partition/partition.h"
#include "hv/partition/tlb_request.h"

#define HC_EINVAL ((uint64_t)-22)

/* Each named vCPU flushes before it next runs guest code: one in guest mode now is kicked out
 * (an NMI) and does it at once; the caller waits only for those, without running any guest
 * code on them. The caller's own flush (if named) is done before it resumes. */
uint64_t hc_shoot4u(struct exit_ctx *x, const struct hc_call *c)
{
	struct partition *p = x->vcpu->part;
	uint64_t bitmap = c->a0, start = c->a1, end = c->a2;
	if (start >= end || (p->nvcpus < 64 && (bitmap >> p->nvcpus)))
		return HC_EINVAL;
	uint64_t wait = 0, named = 0;
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		if (!((bitmap >> i) & 1))
			continue;
		named++;
		if (tlb_request(p->vcpu[i], start, end) && p->vcpu[i] != x->vcpu) {
			vcpu_notify(p->vcpu[i]);
			wait |= 1ULL << i;
		}
	}
	while (wait) {
		for (uint32_t i = 0; i < p->nvcpus; i++)
			if (((wait >> i) & 1) && tlb_request_done(p->vcpu[i]))
				wait &= ~(1ULL << i);
		cpu_pause();
	}
	x->vcpu->pvstats.shoot4u_calls++;
	x->vcpu->pvstats.shoot4u_targets += named;
	return named;
}
