/* SPDX-License-Identifier: BSD-2-Clause */
/* TLB flushes one vCPU asks for on another's behalf (Shoot4U): recorded, then done on the target's core. */
#include "hv/partition/tlb_request.h"
#include "vmx/vpid_flush.h"

bool tlb_request(struct vcpu *t, uint64_t start, uint64_t end)
{
	struct vcpu_sched *s = &t->sched;
	uint32_t none = 0;
	if (__atomic_compare_exchange_n(&s->flush, &none, FLUSH_WRITING, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		s->flush_start = start;
		s->flush_end = end;
		__atomic_fetch_xor(&s->flush, FLUSH_WRITING | FLUSH_RANGE, __ATOMIC_SEQ_CST);
	} else {
		__atomic_fetch_or(&s->flush, FLUSH_ALL, __ATOMIC_SEQ_CST); /* two requests meet */
	}
	return __atomic_load_n(&s->in_guest, __ATOMIC_SEQ_CST);
}

bool tlb_request_done(const struct vcpu *t)
{
	return !__atomic_load_n(&t->sched.flush, __ATOMIC_ACQUIRE) || !__atomic_load_n(&t->sched.in_guest, __ATOMIC_ACQUIRE);
}

void tlb_request_run(struct vcpu *v)
{
	struct vcpu_sched *s = &v->sched;
	uint32_t f = __atomic_load_n(&s->flush, __ATOMIC_SEQ_CST);
	if (!f)
		return;
	if (f == FLUSH_RANGE) {
		uint64_t start = s->flush_start, end = s->flush_end;
		uint32_t range = FLUSH_RANGE;
		if (__atomic_compare_exchange_n(&s->flush, &range, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			if (vpid_flush_range(v->vpid, start, end))
				s->flushes_range++;
			else
				s->flushes_all++;
			return;
		}
	}
	__atomic_store_n(&s->flush, 0, __ATOMIC_SEQ_CST); /* one whole flush covers all that was asked */
	vpid_flush_all(v->vpid);
	s->flushes_all++;
}
