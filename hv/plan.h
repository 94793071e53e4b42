/* SPDX-License-Identifier: BSD-2-Clause */
/* The core plan applied to the CPUs: roles, partitions, who serves whom; mailboxes. */
#ifndef HV_PLAN_H
#define HV_PLAN_H

#include "hv/lib/types.h"

struct manifest_plan;

/* Copies the plan's roles into the per-CPU data and gives guest cores mailboxes. */
void plan_apply(const struct manifest_plan *plan);
/* Prints the role table (CPU, APIC ID, role, partition, served by). */
void plan_print(void);
/* SMT siblings (CPUID leaf 0xB) given to different owners: a warning each, or an error each with
 * [hypervisor] smt_siblings = "refuse" (then false: nothing may start). */
bool plan_check_smt(void);

#endif
