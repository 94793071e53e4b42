/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest-visible CPU: the features splitvisor offers, derived once from the host's CPUID. */
#include "hv/exit/guest_cpu.h"
#include "hv/lib/spinlock.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

/* What is offered as the host has it: everything that runs in VMX non-root operation with no
 * exit and no MSR splitvisor lacks. Left out: DTES64, DS-CPL, VMX, SMX, EIST, TM2, CNXT-ID,
 * SDBG, xTPR, PDCM, DCA (leaf 1 ECX); PSN, DS, ACPI, TM, PBE (leaf 1 EDX). */
#define L1_ECX_KEEP (BIT(0) | BIT(1) | BIT(9) | BIT(12) | BIT(13) | BIT(17) | BIT(19) | BIT(20) | \
		     BIT(22) | BIT(23) | BIT(25) | BIT(26) | BIT(28) | BIT(29) | BIT(30))
#define L1_EDX_KEEP (BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | \
		     BIT(11) | BIT(13) | BIT(15) | BIT(16) | BIT(17) | BIT(19) | BIT(23) | BIT(24) | \
		     BIT(25) | BIT(26) | BIT(27))
#define L1_ECX_SET (BIT(21) | BIT(31))  /* x2APIC, hypervisor */
#define L1_EDX_SET (BIT(12) | BIT(14))  /* MTRR, MCA: emulated (hv/exit/msr_memtype.c, msr_mca.c) */
/* Leaf 7.0. Left out: SGX, RDT-M, MPX, RDT-A, PT (EBX); WAITPKG, CET_SS, TME, MAWAU, KL,
 * BUS_LOCK_DETECT, ENQCMD, SGX_LC, PKS (ECX); UINTR, SRBDS_CTRL, TSX_FORCE_ABORT, hybrid,
 * PCONFIG, arch LBR, CET_IBT, AMX, CORE_CAPABILITIES (EDX). */
#define L7_EBX_KEEP (BIT(0) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(9) | BIT(11) | \
		     BIT(13) | BIT(16) | BIT(17) | BIT(18) | BIT(19) | BIT(20) | BIT(21) | BIT(23) | \
		     BIT(24) | BIT(26) | BIT(27) | BIT(28) | BIT(29) | BIT(30) | BIT(31))
#define L7_ECX_KEEP (BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(6) | BIT(8) | BIT(9) | BIT(10) | BIT(11) | \
		     BIT(12) | BIT(14) | BIT(16) | BIT(25) | BIT(27) | BIT(28))
#define L7_EDX_KEEP (BIT(2) | BIT(3) | BIT(4) | BIT(8) | BIT(10) | BIT(11) | BIT(14) | BIT(16) | \
		     BIT(23) | BIT(26) | BIT(27) | BIT(28) | BIT(29) | BIT(31))
#define L7_1_EAX_KEEP (BIT(4) | BIT(5) | BIT(10) | BIT(11) | BIT(12) | BIT(23))
#define L7_2_EDX_KEEP 0x3Fu /* PSFD, IPRED/RRSBA/DDPD_U/BHI controls, MCDT_NO: SPEC_CTRL bits */
#define L7_EBX_TSC_ADJUST BIT(1)
#define L7_EBX_INVPCID BIT(10)
#define L7_ECX_RDPID BIT(22)
/* Features that need AVX (XCR0 bit 2) or AVX-512 (XCR0 bits 7:5) state, by register */
#define L1_ECX_AVX (BIT(12) | BIT(28) | BIT(29))      /* FMA, AVX, F16C */
#define L7_EBX_AVX BIT(5)                             /* AVX2 */
#define L7_ECX_AVX (BIT(9) | BIT(10))                 /* VAES, VPCLMULQDQ */
#define L7_1_EAX_AVX (BIT(4) | BIT(23))               /* AVX-VNNI, AVX-IFMA */
#define L7_EBX_AVX512 (BIT(16) | BIT(17) | BIT(21) | BIT(26) | BIT(27) | BIT(28) | BIT(30) | BIT(31))
#define L7_ECX_AVX512 (BIT(1) | BIT(6) | BIT(11) | BIT(12) | BIT(14))
#define L7_EDX_AVX512 (BIT(2) | BIT(3) | BIT(8) | BIT(23))
#define L7_1_EAX_AVX512 BIT(5)
#define L7_ECX_PKU BIT(3)
#define L1_ECX_XSAVE BIT(26)
/* XCR0 components offered: x87, SSE, AVX, AVX-512, PKRU (MPX, AMX and the rest are not) */
#define XCR0_OFFERED (XFEATURE_X87 | XFEATURE_SSE | XFEATURE_AVX | XFEATURE_AVX512 | XFEATURE_PKRU)
/* IA32_ARCH_CAPABILITIES bits that only say "not affected" or describe the CPU; the bits that
 * enumerate further MSRs (TSX_CTRL, MISC_PACKAGE_CTLS, ENERGY_FILTERING, DOITM, FB_CLEAR_CTRL,
 * XAPIC_DISABLE, OVERCLOCKING, GDS_CTRL, ...) are clear: those MSRs do not exist here. */
#define ARCH_CAP_KEEP 0x391AE17FULL /* bits 0-6, 8, 13-15, 17, 19, 20, 24, 27-29 */

static struct cpuid_regs host_leaf(cpuid_fn host, uint32_t max, uint32_t leaf, uint32_t sub)
{
	if (leaf > max)
		return (struct cpuid_regs){ 0, 0, 0, 0 };
	return host(leaf, sub);
}

static uint64_t derive_xcr0(cpuid_fn host, const struct guest_cpu *g, uint32_t host_l1_ecx)
{
	if (!(host_l1_ecx & L1_ECX_XSAVE))
		return 0;
	struct cpuid_regs d = host_leaf(host, g->host_max_basic, 0xD, 0);
	uint64_t m = (((uint64_t)d.edx << 32) | d.eax) & XCR0_OFFERED;
	if ((m & (XFEATURE_X87 | XFEATURE_SSE)) != (XFEATURE_X87 | XFEATURE_SSE))
		return 0;
	if (!(m & XFEATURE_AVX) || (m & XFEATURE_AVX512) != XFEATURE_AVX512)
		m &= ~XFEATURE_AVX512;
	return m;
}

/* Clears what needs XSAVE state the guest cannot enable. */
static void hide_by_xcr0(struct guest_cpu *g)
{
	if (!g->xcr0_mask)
		g->l1.ecx &= ~L1_ECX_XSAVE;
	if (!(g->xcr0_mask & XFEATURE_AVX512)) {
		g->l7[0].ebx &= ~L7_EBX_AVX512;
		g->l7[0].ecx &= ~L7_ECX_AVX512;
		g->l7[0].edx &= ~L7_EDX_AVX512;
		g->l7[1].eax &= ~L7_1_EAX_AVX512;
	}
	if (!(g->xcr0_mask & XFEATURE_AVX)) {
		g->l1.ecx &= ~L1_ECX_AVX;
		g->l7[0].ebx &= ~L7_EBX_AVX;
		g->l7[0].ecx &= ~L7_ECX_AVX;
		g->l7[1].eax &= ~L7_1_EAX_AVX;
	}
	if (!(g->xcr0_mask & XFEATURE_PKRU))
		g->l7[0].ecx &= ~L7_ECX_PKU;
}

static void derive_leaf7(struct guest_cpu *g, cpuid_fn host, const struct guest_cpu_vmx *vmx)
{
	struct cpuid_regs h = host_leaf(host, g->host_max_basic, 7, 0);
	uint32_t subs = h.eax < 2 ? h.eax : 2;
	g->l7[0] = (struct cpuid_regs){ subs, (h.ebx & L7_EBX_KEEP) | L7_EBX_TSC_ADJUST, h.ecx & L7_ECX_KEEP,
					h.edx & L7_EDX_KEEP };
	if (vmx->invpcid)
		g->l7[0].ebx |= h.ebx & L7_EBX_INVPCID;
	if (g->rdtscp)
		g->l7[0].ecx |= h.ecx & L7_ECX_RDPID;
	struct cpuid_regs s1 = subs >= 1 ? host(7, 1) : (struct cpuid_regs){ 0, 0, 0, 0 };
	struct cpuid_regs s2 = subs >= 2 ? host(7, 2) : (struct cpuid_regs){ 0, 0, 0, 0 };
	g->l7[1] = (struct cpuid_regs){ s1.eax & L7_1_EAX_KEEP, 0, 0, 0 };
	g->l7[2] = (struct cpuid_regs){ 0, 0, 0, guest_has_spec_ctrl(g) ? s2.edx & L7_2_EDX_KEEP : 0 };
}

static void derive_power(struct guest_cpu *g, cpuid_fn host, uint32_t host_l1_ecx)
{
	g->monitor = (host_l1_ecx & BIT(3)) && g->host_max_basic >= 5;
	g->tsc_deadline = host_l1_ecx & BIT(24);
	g->arat = host_leaf(host, g->host_max_basic, 6, 0).eax & BIT(2);
}

void guest_cpu_derive(struct guest_cpu *g, cpuid_fn host, const struct guest_cpu_vmx *vmx)
{
	g->host_max_basic = host(0, 0).eax;
	g->host_max_ext = host(0x80000000u, 0).eax;
	struct cpuid_regs l1 = host(1, 0), e1 = host_leaf(host, g->host_max_ext, 0x80000001u, 0);
	g->rdtscp = vmx->rdtscp && (e1.edx & BIT(27));
	g->ext1_edx = g->rdtscp ? e1.edx : e1.edx & ~BIT(27);
	g->l1 = (struct cpuid_regs){ l1.eax, l1.ebx & 0xFFFF, (l1.ecx & L1_ECX_KEEP) | L1_ECX_SET,
				     (l1.edx & L1_EDX_KEEP) | L1_EDX_SET };
	derive_leaf7(g, host, vmx);
	g->xcr0_mask = derive_xcr0(host, g, l1.ecx);
	hide_by_xcr0(g);
	struct cpuid_regs d1 = g->xcr0_mask ? host_leaf(host, g->host_max_basic, 0xD, 1) : (struct cpuid_regs){ 0, 0, 0, 0 };
	g->xsaves = vmx->xsaves && (d1.eax & BIT(3));
	g->xsave_sub1_eax = d1.eax & (BIT(0) | BIT(1) | BIT(2) | (g->xsaves ? BIT(3) : 0));
	g->maxphyaddr = g->host_max_ext >= 0x80000008u ? host(0x80000008u, 0).eax & 0xFF : 36;
	derive_power(g, host, l1.ecx);
	g->arch_cap = guest_has_arch_cap(g) ? vmx->arch_cap & ARCH_CAP_KEEP : 0;
}

static struct cpuid_regs host_cpuid(uint32_t leaf, uint32_t sub) { return cpuid(leaf, sub); }

static struct guest_cpu this_machine;
static bool derived;
static struct spinlock derive_lock;

const struct guest_cpu *guest_cpu(void)
{
	if (__atomic_load_n(&derived, __ATOMIC_ACQUIRE))
		return &this_machine;
	spin_lock(&derive_lock);
	if (!derived) {
		uint32_t proc2 = vmcs_guest_proc2();
		bool arch_cap = cpuid(0, 0).eax >= 7 && (cpuid(7, 0).edx & L7EDX_ARCH_CAP);
		struct guest_cpu_vmx vmx = { .rdtscp = proc2 & PROC2_RDTSCP, .invpcid = proc2 & PROC2_INVPCID,
					     .xsaves = proc2 & PROC2_XSAVES,
					     .arch_cap = arch_cap ? rdmsr(0x10A) : 0 };
		guest_cpu_derive(&this_machine, host_cpuid, &vmx);
		__atomic_store_n(&derived, true, __ATOMIC_RELEASE);
	}
	spin_unlock(&derive_lock);
	return &this_machine;
}
