/* SPDX-License-Identifier: BSD-2-Clause */
/* Which vCPUs of a partition an interrupt message names: physical and logical destinations in
 * xAPIC (flat, cluster) and x2APIC (cluster) form, broadcasts, lowest priority (SDM 11.6.2). */
#ifndef APIC_VDEST_H
#define APIC_VDEST_H

#include "hv/lib/types.h"

struct partition;
struct vcpu;

/* A vCPU's APIC ID as the guest sees it: the x2APIC ID (the vCPU index) in x2APIC mode, the
 * xAPIC ID register's bits 31:24 otherwise. */
uint32_t vdest_apic_id(const struct vcpu *v);
/* Bit i set for each vCPU i that a message for dest (8-bit for xAPIC, 32-bit for x2APIC
 * senders) in physical or logical mode reaches. */
uint32_t vdest_match(const struct partition *p, uint32_t dest, bool logical, bool x2apic);
/* Lowest-priority arbitration among targets: the one with the lowest task priority. */
uint32_t vdest_lowest_priority(const struct partition *p, uint32_t targets);

#endif
