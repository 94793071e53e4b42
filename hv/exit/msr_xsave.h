/* SPDX-License-Identifier: BSD-2-Clause */
/* XSAVE state: what XSETBV accepts in XCR0, IA32_XSS, and the area sizes CPUID leaf 0xD reports. */
#ifndef HV_EXIT_MSR_XSAVE_H
#define HV_EXIT_MSR_XSAVE_H

#include "hv/exit/guest_cpu.h"

/* XSETBV with ECX = 0 (SDM vol. 2C, XSETBV): true when value is a legal XCR0 given the
 * supported components; false means #GP. */
bool xcr0_valid(uint64_t value, uint64_t supported);
/* Bytes of an XSAVE area holding the components (bits 0 and 1 are the legacy area): the
 * standard format (XSAVE) or the compacted one (XSAVEC, XSAVES). */
uint32_t xsave_size(cpuid_fn host, uint64_t components, bool compacted);
/* CPUID leaf 0xD, subleaf sub, for a guest whose XCR0 is xcr0. */
struct cpuid_regs xsave_leaf(const struct guest_cpu *g, cpuid_fn host, uint64_t xcr0, uint32_t sub);

#define MSR_XSS 0xDA0u
/* IA32_XSS: no supervisor state component is offered, so only 0 is accepted. */
#define XSS_SUPPORTED 0ULL

#endif
