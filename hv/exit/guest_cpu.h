/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest-visible CPU: the features splitvisor offers, derived once from the host's CPUID. */
#ifndef HV_EXIT_GUEST_CPU_H
#define HV_EXIT_GUEST_CPU_H

#include "hv/cpu.h"

#define BIT(n) (1u << (n))

/* XCR0 / XSAVE state components (SDM vol. 1, 13.1) */
#define XFEATURE_X87 (1ULL << 0)
#define XFEATURE_SSE (1ULL << 1)
#define XFEATURE_AVX (1ULL << 2)
#define XFEATURE_AVX512 (7ULL << 5) /* opmask, ZMM_Hi256, Hi16_ZMM */
#define XFEATURE_PKRU (1ULL << 9)

/* CPUID.7.0:EDX bits that enumerate MSRs (SDM vol. 2A, CPUID) */
#define L7EDX_IBRS_IBPB BIT(26)   /* IA32_SPEC_CTRL, IA32_PRED_CMD */
#define L7EDX_STIBP BIT(27)       /* IA32_SPEC_CTRL */
#define L7EDX_L1D_FLUSH BIT(28)   /* IA32_FLUSH_CMD */
#define L7EDX_ARCH_CAP BIT(29)    /* IA32_ARCH_CAPABILITIES */
#define L7EDX_SSBD BIT(31)        /* IA32_SPEC_CTRL */

typedef struct cpuid_regs (*cpuid_fn)(uint32_t leaf, uint32_t sub);

/* What the VMCS gives every guest beyond plain VT-x (vmx/vmcs.c decides). */
struct guest_cpu_vmx {
	bool rdtscp;  /* "enable RDTSCP": RDTSCP and RDPID run, IA32_TSC_AUX is the guest's */
	bool invpcid; /* "enable INVPCID" */
	bool xsaves;  /* "enable XSAVES/XRSTORS" */
	uint64_t arch_cap; /* the host's IA32_ARCH_CAPABILITIES (0 when it has none) */
};

/* The static part of the answers (what does not depend on the vCPU). */
struct guest_cpu {
	uint32_t host_max_basic, host_max_ext;
	struct cpuid_regs l1;        /* leaf 1 as offered: EAX, EBX[15:0], ECX, EDX without the per-vCPU bits */
	struct cpuid_regs l7[3];     /* leaf 7 subleaves 0-2 as offered */
	uint32_t ext1_edx;           /* leaf 0x80000001 EDX as offered */
	uint64_t xcr0_mask;          /* the XCR0 bits XSETBV accepts (CPUID.D.0 EDX:EAX) */
	uint32_t xsave_sub1_eax;     /* CPUID.D.1.EAX */
	uint32_t maxphyaddr;
	bool monitor;                /* the host has MONITOR/MWAIT (offered in exitless mode) */
	bool arat;                   /* the host's APIC timer runs in every C-state */
	bool tsc_deadline;           /* the host's APIC has the TSC-deadline mode */
	bool rdtscp, xsaves;
	uint64_t arch_cap;           /* IA32_ARCH_CAPABILITIES as guests read it */
};

/* The vCPU facts that answers depend on. */
struct cpuid_vcpu {
	uint32_t index, nvcpus;
	bool exitless;  /* the guest owns its core's APIC (and MWAIT sleeps the core) */
	bool apic_on;   /* IA32_APIC_BASE.EN */
	uint64_t cr4;   /* the guest's CR4 (OSXSAVE, PKE) */
	uint64_t xcr0;  /* the guest's XCR0 */
};

/* Fills g from the host's CPUID and the VMCS features (pure: host is a parameter). */
void guest_cpu_derive(struct guest_cpu *g, cpuid_fn host, const struct guest_cpu_vmx *vmx);
/* The guest CPU of this machine (derived on first use from the real CPUID). */
const struct guest_cpu *guest_cpu(void);
/* The guest's answer to CPUID leaf/sub (hypervisor leaves 0x4xxxxxxx excluded; cpuid.c). */
struct cpuid_regs cpuid_guest(const struct guest_cpu *g, cpuid_fn host, const struct cpuid_vcpu *v,
			      uint32_t leaf, uint32_t sub);

/* MSRs that exist exactly when CPUID says so */
static inline bool guest_has_spec_ctrl(const struct guest_cpu *g)
{
	return g->l7[0].edx & (L7EDX_IBRS_IBPB | L7EDX_STIBP | L7EDX_SSBD);
}
static inline bool guest_has_pred_cmd(const struct guest_cpu *g) { return g->l7[0].edx & L7EDX_IBRS_IBPB; }
static inline bool guest_has_flush_cmd(const struct guest_cpu *g) { return g->l7[0].edx & L7EDX_L1D_FLUSH; }
static inline bool guest_has_arch_cap(const struct guest_cpu *g) { return g->l7[0].edx & L7EDX_ARCH_CAP; }

#endif
