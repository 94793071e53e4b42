/* SPDX-License-Identifier: BSD-2-Clause */
/* Loads the boot manifest in the hypervisor: parse, validate, report, plan. */
#ifndef HV_MANIFEST_LOAD_H
#define HV_MANIFEST_LOAD_H

#include "hv/lib/types.h"

struct boot_info;
struct manifest;
struct manifest_plan;

/* Parses and validates the manifest module against this machine, printing every
 * diagnostic; falls back to the default plan when there is none. Returns false
 * when the manifest has errors (nothing may start then). */
bool manifest_load(const struct boot_info *bi, uint32_t boot_cpu);
const struct manifest *manifest_active(void);
const struct manifest_plan *manifest_active_plan(void);

#endif
