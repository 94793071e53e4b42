/* SPDX-License-Identifier: BSD-2-Clause */
/* Virtual interrupt delivery to one vCPU: pending vectors, virtual NMIs, logical IDs. */
#include "apic/vdeliver.h"
#include "apic/lapic.h"
#include "hv/partition/vcpu.h"
#include "hv/percpu.h"

void vlapic_post(struct vcpu *v, uint8_t vector)
{
	__atomic_fetch_or(&v->vlapic.pending[vector / 32], 1u << (vector % 32), __ATOMIC_RELEASE);
	if (v->state == VCPU_RUNNING && v->cpu != this_cpu()->index)
		lapic_send_nmi(percpu_of(v->cpu)->apic_id); /* make it exit and look */
}

void vcpu_post_nmi(struct vcpu *v)
{
	__atomic_store_n(&v->nmi_pending, 1, __ATOMIC_RELEASE);
	if (v->cpu != this_cpu()->index)
		lapic_send_nmi(percpu_of(v->cpu)->apic_id); /* make it exit and inject */
}

uint32_t vapic_ldr(uint32_t index) { return ((index >> 4) << 16) | (1u << (index & 15)); }
