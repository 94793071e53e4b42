/* SPDX-License-Identifier: BSD-2-Clause */
/* XSAVE state: what XSETBV accepts in XCR0, IA32_XSS, and the area sizes CPUID leaf 0xD reports. */
#include "hv/exit/msr_xsave.h"

#define XFEATURE_BNDS (3ULL << 3)   /* MPX: BNDREGS, BNDCSR */
#define XFEATURE_AMX (3ULL << 17)   /* TILECFG, TILEDATA */
#define XSAVE_LEGACY_AND_HEADER 576 /* 512-byte legacy region + 64-byte header */

static bool all_or_none(uint64_t value, uint64_t group) { return (value & group) == 0 || (value & group) == group; }

bool xcr0_valid(uint64_t value, uint64_t supported)
{
	if (value & ~supported)
		return false;               /* a component this CPU does not offer */
	if (!(value & XFEATURE_X87))
		return false;               /* x87 state can never be disabled */
	if ((value & XFEATURE_AVX) && !(value & XFEATURE_SSE))
		return false;               /* AVX needs SSE */
	if ((value & XFEATURE_AVX512) && !(value & XFEATURE_AVX))
		return false;               /* AVX-512 needs AVX */
	return all_or_none(value, XFEATURE_AVX512) && all_or_none(value, XFEATURE_BNDS) &&
	       all_or_none(value, XFEATURE_AMX);
}

uint32_t xsave_size(cpuid_fn host, uint64_t components, bool compacted)
{
	uint32_t end = XSAVE_LEGACY_AND_HEADER;
	for (uint32_t i = 2; i < 63; i++) {
		if (!((components >> i) & 1))
			continue;
		struct cpuid_regs c = host(0xD, i); /* EAX size, EBX offset, ECX bit 1: 64-byte aligned */
		if (!compacted) {
			end = c.ebx + c.eax > end ? c.ebx + c.eax : end;
			continue;
		}
		if (c.ecx & 2)
			end = (uint32_t)ALIGN_UP(end, 64);
		end += c.eax;
	}
	return end;
}

struct cpuid_regs xsave_leaf(const struct guest_cpu *g, cpuid_fn host, uint64_t xcr0, uint32_t sub)
{
	struct cpuid_regs r = { 0, 0, 0, 0 };
	if (!g->xcr0_mask)
		return r;
	if (sub == 0) {
		r.eax = (uint32_t)g->xcr0_mask;
		r.edx = (uint32_t)(g->xcr0_mask >> 32);
		r.ebx = xsave_size(host, xcr0, false);         /* what the enabled components need */
		r.ecx = xsave_size(host, g->xcr0_mask, false); /* what every offered component needs */
	} else if (sub == 1) {
		r.eax = g->xsave_sub1_eax;                     /* ECX:EDX: IA32_XSS bits, none */
		if (r.eax & (BIT(1) | BIT(3)))                 /* XSAVEC or XSAVES: XCR0 | IA32_XSS */
			r.ebx = xsave_size(host, xcr0 | XSS_SUPPORTED, true);
	} else if (sub < 63 && ((g->xcr0_mask >> sub) & 1)) {
		r = host(0xD, sub);
		r.ecx &= 2; /* a user component (bit 0 clear); alignment as the host's */
		r.edx = 0;
	}
	return r;
}
