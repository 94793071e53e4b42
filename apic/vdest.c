/* SPDX-License-Identifier: BSD-2-Clause */
/* Which vCPUs of a partition an interrupt message names: physical and logical destinations in
 * xAPIC (flat, cluster) and x2APIC (cluster) form, broadcasts, lowest priority (SDM 11.6.2). */
#include "apic/vdest.h"
#include "apic/vdeliver.h"
#include "hv/partition/partition.h"
#include "hv/partition/vcpu.h"

static bool in_x2apic_mode(const struct vcpu *v) { return v->exitless || (v->apic_base & APIC_BASE_EXTD); }

uint32_t vdest_apic_id(const struct vcpu *v)
{
	if (in_x2apic_mode(v))
		return v->index;
	return vlapic_get(&v->vlapic, VLAPIC_ID) >> 24;
}

/* xAPIC logical destination: flat model (DFR 0xF) compares the 8-bit LDR mask, cluster model
 * (DFR 0x0) the cluster in bits 7:4 and the member mask in bits 3:0 (SDM 11.6.2.2). */
static bool xapic_logical_hit(const struct vcpu *v, uint32_t dest)
{
	uint32_t ldr = vlapic_get(&v->vlapic, VLAPIC_LDR) >> 24, dfr = vlapic_get(&v->vlapic, VLAPIC_DFR) >> 28;
	if (dfr == 0xF)
		return (ldr & dest) != 0;
	return (ldr >> 4) == (dest >> 4) && (ldr & dest & 0xF);
}

/* x2APIC logical destination: cluster in bits 31:16, member mask in bits 15:0 (SDM 11.12.10). */
static bool x2apic_logical_hit(const struct vcpu *v, uint32_t dest)
{
	uint32_t ldr = vapic_ldr(v->index);
	return (ldr >> 16) == (dest >> 16) && (ldr & dest & 0xFFFF);
}

static bool hit(const struct vcpu *v, uint32_t dest, bool logical, bool x2apic)
{
	bool target_x2 = in_x2apic_mode(v);
	if (!logical)
		return vdest_apic_id(v) == dest;
	if (x2apic || target_x2) /* an 8-bit logical destination reaches an x2APIC as cluster 0 */
		return x2apic_logical_hit(v, dest);
	return xapic_logical_hit(v, dest);
}

uint32_t vdest_match(const struct partition *p, uint32_t dest, bool logical, bool x2apic)
{
	uint32_t broadcast = x2apic ? 0xFFFFFFFFu : 0xFFu, set = 0;
	for (uint32_t i = 0; i < p->nvcpus; i++)
		if (dest == broadcast || hit(p->vcpu[i], dest, logical, x2apic))
			set |= 1u << i;
	return set;
}

uint32_t vdest_lowest_priority(const struct partition *p, uint32_t targets)
{
	uint32_t best = 0, best_tpr = 0x100;
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		if (!(targets & (1u << i)))
			continue;
		const struct vcpu *v = p->vcpu[i];
		uint32_t tpr = v->exitless ? 0 : vlapic_get(&v->vlapic, VLAPIC_TPR) & 0xFF;
		if (tpr < best_tpr) {
			best = 1u << i;
			best_tpr = tpr;
		}
	}
	return best;
}
