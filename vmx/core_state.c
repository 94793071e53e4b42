/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest state that lives in the core, not the VMCS: saved and loaded when a shared core switches vCPUs. */
#include "vmx/core_state.h"
#include "hv/cpu.h"
#include "hv/lib/string.h"
#include "hv/mm/frame.h"

#define CR4_OSFXSR (1ULL << 9)
#define CR4_OSXSAVE (1ULL << 18)
#define DR6_INIT 0xFFFF0FF0ULL

/* The MSRs a guest reaches without exits (vmx/vmcs.c passes them through) and VM entry does
 * not load. IA32_TSC_AUX and IA32_SPEC_CTRL only where the CPU has them. */
static const uint32_t core_msrs[] = {
	0xC0000081, 0xC0000082, 0xC0000083, 0xC0000084, /* STAR, LSTAR, CSTAR, FMASK */
	0xC0000102,                                     /* kernel GS base */
	0xC0000103,                                     /* TSC_AUX */
	0x48,                                           /* SPEC_CTRL */
};
#define NMSRS (sizeof(core_msrs) / sizeof(core_msrs[0]))

struct core_state {
	uint64_t msr[NMSRS];
	uint64_t cr2, xcr0, dr[4], dr6;
	uint8_t fpu[] __attribute__((aligned(64))); /* XSAVE (or FXSAVE) area */
};

/* What this CPU has, read once (CPUID exits when splitvisor itself runs nested). */
static struct {
	bool probed, xsave;
	uint32_t msrs;       /* bit i: core_msrs[i] exists */
	uint64_t fpu_size;
} caps;

static void probe(void)
{
	if (caps.probed)
		return;
	caps.xsave = (cpuid(1, 0).ecx >> 26) & 1;
	caps.fpu_size = caps.xsave ? cpuid(0xD, 0).ecx : 512;
	bool aux = (cpuid(0x80000001, 0).edx >> 27) & 1; /* RDTSCP */
	bool spec = cpuid(0, 0).eax >= 7 && (cpuid(7, 0).edx & ((1u << 26) | (1u << 27) | (1u << 31)));
	for (uint32_t i = 0; i < NMSRS; i++)
		if ((core_msrs[i] != 0xC0000103 || aux) && (core_msrs[i] != 0x48 || spec))
			caps.msrs |= 1u << i;
	caps.probed = true;
}

static bool has_xsave(void) { return caps.xsave; }
static bool has_msr(uint32_t i) { return (caps.msrs >> i) & 1; }
static uint64_t fpu_size(void) { return caps.fpu_size; }

struct core_state *core_state_alloc(void)
{
	probe();
	uint64_t bytes = sizeof(struct core_state) + fpu_size();
	uint64_t pa = frame_alloc(ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE, PAGE_SIZE, 0);
	if (!pa)
		return NULL;
	struct core_state *s = (struct core_state *)(uintptr_t)pa;
	core_state_reset(s);
	return s;
}

void core_state_reset(struct core_state *s)
{
	memset(s, 0, sizeof(*s) + fpu_size()); /* XSAVE header zero: every component in its init state */
	s->xcr0 = 1;
	s->dr6 = DR6_INIT;
	if (!has_xsave()) {
		*(uint16_t *)&s->fpu[0] = 0x37F;       /* FCW */
		*(uint32_t *)&s->fpu[24] = 0x1F80;     /* MXCSR */
	}
}

#define DR_OPS(n) \
	static uint64_t read_dr##n(void) { uint64_t v; __asm__ volatile("mov %%dr" #n ", %0" : "=r"(v)); return v; } \
	static void write_dr##n(uint64_t v) { __asm__ volatile("mov %0, %%dr" #n ::"r"(v)); }
DR_OPS(0)
DR_OPS(1)
DR_OPS(2)
DR_OPS(3)
DR_OPS(6)
#undef DR_OPS

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

void core_state_save(struct core_state *s)
{
	for (uint32_t i = 0; i < NMSRS; i++)
		if (has_msr(i))
			s->msr[i] = rdmsr(core_msrs[i]);
	s->cr2 = read_cr2();
	s->dr[0] = read_dr0();
	s->dr[1] = read_dr1();
	s->dr[2] = read_dr2();
	s->dr[3] = read_dr3();
	s->dr6 = read_dr6();
	uint64_t cr4 = read_cr4();
	if (has_xsave()) {
		write_cr4(cr4 | CR4_OSXSAVE | CR4_OSFXSR);
		s->xcr0 = xgetbv0();
		__asm__ volatile("xsave64 %0" : "+m"(*(uint8_t(*)[512])s->fpu) : "a"(~0u), "d"(~0u) : "memory");
	} else {
		write_cr4(cr4 | CR4_OSFXSR);
		__asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t(*)[512])s->fpu) :: "memory");
	}
	write_cr4(cr4);
}

void core_state_load(const struct core_state *s)
{
	for (uint32_t i = 0; i < NMSRS; i++)
		if (has_msr(i))
			wrmsr(core_msrs[i], s->msr[i]);
	write_cr2(s->cr2);
	write_dr0(s->dr[0]);
	write_dr1(s->dr[1]);
	write_dr2(s->dr[2]);
	write_dr3(s->dr[3]);
	write_dr6(s->dr6);
	uint64_t cr4 = read_cr4();
	if (has_xsave()) {
		write_cr4(cr4 | CR4_OSXSAVE | CR4_OSFXSR);
		__asm__ volatile("xsetbv" ::"a"((uint32_t)s->xcr0), "d"((uint32_t)(s->xcr0 >> 32)), "c"(0) : "memory");
		__asm__ volatile("xrstor64 %0" ::"m"(*(const uint8_t(*)[512])s->fpu), "a"(~0u), "d"(~0u) : "memory");
	} else {
		write_cr4(cr4 | CR4_OSFXSR);
		__asm__ volatile("fxrstor64 %0" ::"m"(*(const uint8_t(*)[512])s->fpu) : "memory");
	}
	write_cr4(cr4);
}
