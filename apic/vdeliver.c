/* SPDX-License-Identifier: BSD-2-Clause */
/* Virtual interrupt delivery to vCPUs: pending vectors, virtual NMIs, INIT and STARTUP, logical IDs. */
#include "apic/vdeliver.h"
#include "apic/lapic.h"
#include "hv/partition/lifecycle.h"
#include "hv/partition/partition.h"
#include "hv/partition/vcpu.h"
#include "hv/percpu.h"

void vlapic_post(struct vcpu *v, uint8_t vector, bool level)
{
	uint32_t bit = 1u << (vector % 32);
	if (level)
		__atomic_fetch_or(&v->vlapic.pending_level[vector / 32], bit, __ATOMIC_RELEASE);
	__atomic_fetch_or(&v->vlapic.pending[vector / 32], bit, __ATOMIC_RELEASE);
	if (v->state == VCPU_RUNNING)
		vcpu_notify(v); /* make it exit and look, or wake it */
}

void vcpu_post_nmi(struct vcpu *v)
{
	__atomic_store_n(&v->nmi_pending, 1, __ATOMIC_RELEASE);
	vcpu_notify(v); /* make it exit and inject */
}

uint32_t vapic_ldr(uint32_t index) { return ((index >> 4) << 16) | (1u << (index & 15)); }

/* A fixed interrupt for an exitless vCPU is a real IPI to its core: with external-interrupt
 * exiting off it goes through the guest's own IDT, no exit on either side. */
static bool send_fixed(struct vcpu *v, uint8_t vector, bool level)
{
	if (v->state != VCPU_RUNNING)
		return false;
	if (vector < 16) {
		v->vlapic.esr_pending |= ESR_RECEIVE_ILLEGAL_VECTOR;
		return false;
	}
	if (v->exitless)
		lapic_send_fixed(percpu_of(v->cpu)->apic_id, vector);
	else
		vlapic_post(v, vector, level);
	return true;
}

static bool send_one(struct vcpu *v, uint32_t mode, uint8_t vector, bool level)
{
	switch (mode) {
	case DM_FIXED:
	case DM_LOWEST:
		return send_fixed(v, vector, level);
	case DM_NMI:
		if (v->state != VCPU_RUNNING)
			return false;
		vcpu_post_nmi(v); /* a virtual NMI: the core's real NMIs stay the hypervisor's */
		return true;
	case DM_INIT:
		vcpu_receive_init(v);
		return true;
	case DM_STARTUP:
		vcpu_receive_sipi(v, vector);
		return true;
	default:
		return false; /* SMI, ExtINT and the reserved mode have no receiver here */
	}
}

uint32_t vapic_send(struct partition *p, uint32_t targets, uint32_t mode, uint8_t vector, bool level)
{
	uint32_t took = 0;
	for (uint32_t i = 0; i < p->nvcpus; i++)
		if ((targets & (1u << i)) && send_one(p->vcpu[i], mode, vector, level))
			took++;
	return took;
}
