/* SPDX-License-Identifier: BSD-2-Clause */
/* VT-x capability probe: names every feature splitvisor needs that the CPU lacks. */
#ifndef VMX_CAPS_H
#define VMX_CAPS_H

#include "hv/lib/types.h"

struct vmx_caps {
	uint32_t revision;
	uint32_t pin0, pin1, proc0, proc1, proc2_0, proc2_1, exit0, exit1, entry0, entry1;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	uint64_t ept_vpid;
	uint32_t preemption_shift; /* the timer counts TSC >> shift */
	bool usable;
};

/* Probes the calling CPU (and enables VMX in IA32_FEATURE_CONTROL if the
 * firmware left it unlocked). On failure writes what is missing to why. */
bool vmx_probe(struct vmx_caps *caps, char *why, size_t size);
const struct vmx_caps *vmx_caps(void);
/* IA32_FEATURE_CONTROL is per CPU: every core that runs VMXON enables (and locks) it. */
bool vmx_enable_feature_control(char *why, size_t size);
/* desired bits adjusted to what the CPU allows; false if a desired bit is impossible */
bool vmx_adjust(uint32_t allowed0, uint32_t allowed1, uint32_t desired, uint32_t *out);

#endif
