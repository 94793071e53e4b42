/* SPDX-License-Identifier: BSD-2-Clause */
/* CPUID exits: the guest-visible CPU leaf by leaf (one table), and leaf 0x40000000. */
#include "hv/exit/handlers.h"
#include "hv/exit/kvm_abi.h"
#include "hv/exit/hypercall.h"
#include "hv/exit/guest_cpu.h"
#include "hv/exit/msr_xsave.h"
#include "hv/partition/partition.h"
#include "apic/vstate.h"

#define HV_LEAF_BASE 0x40000000u
#define HV_LEAF_MAX 0x40000001u

/* 12-byte signatures in EBX, ECX, EDX: splitvisor's own leaves at 0x40000000, KVM's paravirtual
 * interface at 0x40000100 (Linux scans both and takes KVM's; Documentation/virt/kvm/x86/cpuid.rst) */
static const char signature[12] = { 'S', 'p', 'l', 'i', 't', 'v', 'i', 's', 'o', 'r', 'H', 'V' };
static const char kvm_signature[12] = { 'K', 'V', 'M', 'K', 'V', 'M', 'K', 'V', 'M', 0, 0, 0 };
#define KVM_LEAF_BASE 0x40000100u
#define KVM_LEAF_FEATURES 0x40000101u
static uint32_t sig_word(const char *sig, int i)
{
	return (uint32_t)(uint8_t)sig[i] | (uint32_t)(uint8_t)sig[i + 1] << 8 |
	       (uint32_t)(uint8_t)sig[i + 2] << 16 | (uint32_t)(uint8_t)sig[i + 3] << 24;
}

/* The hypervisor range 0x40000000-0x4FFFFFFF: splitvisor's leaves, KVM's, zeros elsewhere. */
static struct cpuid_regs hypervisor_leaf(const struct vcpu *v, uint32_t leaf)
{
	if (leaf == HV_LEAF_BASE)
		return (struct cpuid_regs){ HV_LEAF_MAX, sig_word(signature, 0), sig_word(signature, 4),
					    sig_word(signature, 8) };
	if (leaf == HV_LEAF_MAX) /* splitvisor's hypercalls: which are offered (bit n: base + n), the base */
		return (struct cpuid_regs){ sv_hypercalls_offered(v), SV_HC_BASE, 0, 0 };
	if (leaf == KVM_LEAF_BASE)
		return (struct cpuid_regs){ KVM_LEAF_FEATURES, sig_word(kvm_signature, 0),
					    sig_word(kvm_signature, 4), sig_word(kvm_signature, 8) };
	if (leaf == KVM_LEAF_FEATURES)
		return (struct cpuid_regs){ kvm_features(v), 0, 0, kvm_hints(v) }; /* hv/exit/kvm_features.c */
	return (struct cpuid_regs){ 0, 0, 0, 0 };
}

#define MAX_BASIC 0x1Fu        /* leaves above the table answer as leaf 0x1F (SDM, CPUID) */
#define MAX_EXT 0x80000008u
#define CR4_OSXSAVE (1ULL << 18)
#define CR4_PKE (1ULL << 22)
#define L1_ECX_MONITOR BIT(3)
#define L1_ECX_TSC_DEADLINE BIT(24)
#define L1_ECX_OSXSAVE BIT(27)
#define L1_EDX_APIC BIT(9)
#define L1_EDX_HTT BIT(28)
#define L7_ECX_PKU BIT(3)
#define L7_ECX_OSPKE BIT(4)

struct query {
	const struct guest_cpu *g;
	cpuid_fn host;
	const struct cpuid_vcpu *v;
	uint32_t leaf, sub;
};

typedef struct cpuid_regs (*leaf_fn)(const struct query *q);

static const struct cpuid_regs zero = { 0, 0, 0, 0 };

/* Bits of an x2APIC ID that number the vCPUs of the package: the package is one core per vCPU. */
static uint32_t core_bits(uint32_t n)
{
	uint32_t bits = 0;
	while ((1u << bits) < n)
		bits++;
	return bits;
}

static struct cpuid_regs pass(const struct query *q)
{
	uint32_t max = q->leaf >= 0x80000000u ? q->g->host_max_ext : q->g->host_max_basic;
	return q->leaf <= max ? q->host(q->leaf, q->sub) : zero;
}

static struct cpuid_regs leaf_max(const struct query *q)
{
	struct cpuid_regs r = q->host(q->leaf, 0); /* EBX, EDX, ECX: the vendor */
	r.eax = q->leaf ? MAX_EXT : MAX_BASIC;
	return r;
}

/* Leaf 1: features, the initial APIC ID and the addressable IDs of the package. */
static struct cpuid_regs leaf_features(const struct query *q)
{
	const struct cpuid_vcpu *v = q->v;
	struct cpuid_regs r = q->g->l1;
	r.ebx |= (1u << core_bits(v->nvcpus)) << 16 | v->index << 24;
	if (v->nvcpus > 1)
		r.edx |= L1_EDX_HTT;
	if (v->apic_on)
		r.edx |= L1_EDX_APIC;  /* cleared while IA32_APIC_BASE disables the APIC */
	if (v->exitless ? q->g->monitor : false)
		r.ecx |= L1_ECX_MONITOR;
	if (v->exitless ? q->g->tsc_deadline : true)
		r.ecx |= L1_ECX_TSC_DEADLINE; /* the emulated APIC always has the mode */
	if ((v->cr4 & CR4_OSXSAVE) && (r.ecx & BIT(26)))
		r.ecx |= L1_ECX_OSXSAVE;
	return r;
}

/* Leaf 4: the host's caches; L1 and L2 per core (one thread each), L3 shared by the package. */
static struct cpuid_regs leaf_caches(const struct query *q)
{
	struct cpuid_regs r = pass(q);
	if (!(r.eax & 0x1F))
		return zero;
	uint32_t ids = (1u << core_bits(q->v->nvcpus)) - 1;
	uint32_t level = (r.eax >> 5) & 7;
	r.eax = (r.eax & 0x3FFF) | (level >= 3 ? ids : 0) << 14 | ids << 26;
	return r;
}

/* Leaf 5: MWAIT only where it sleeps the dedicated core (exitless; with the emulated APIC
 * only HLT lets the hypervisor deliver virtual interrupts). */
static struct cpuid_regs leaf_mwait(const struct query *q)
{
	return q->v->exitless && q->g->monitor ? pass(q) : zero;
}

/* Leaf 6: no thermal or power management; only ARAT (the APIC timer never stops). */
static struct cpuid_regs leaf_power(const struct query *q)
{
	bool arat = q->v->exitless ? q->g->arat : true;
	return (struct cpuid_regs){ arat ? BIT(2) : 0, 0, 0, 0 };
}

static struct cpuid_regs leaf_ext_features(const struct query *q)
{
	if (q->sub > q->g->l7[0].eax)
		return zero;
	struct cpuid_regs r = q->g->l7[q->sub];
	if (q->sub == 0 && (q->v->cr4 & CR4_PKE) && (r.ecx & L7_ECX_PKU))
		r.ecx |= L7_ECX_OSPKE;
	return r;
}

/* Leaves 0xB and 0x1F: level 0 SMT (one thread per core), level 1 the cores (one per vCPU). */
static struct cpuid_regs leaf_topology(const struct query *q)
{
	uint32_t n = q->v->nvcpus, id = q->v->index;
	if (q->sub == 0)
		return (struct cpuid_regs){ 0, 1, 1u << 8, id };
	if (q->sub == 1)
		return (struct cpuid_regs){ core_bits(n), n, 1 | 2u << 8, id };
	return (struct cpuid_regs){ 0, 0, q->sub & 0xFF, id };
}

static struct cpuid_regs leaf_xsave(const struct query *q) { return xsave_leaf(q->g, q->host, q->v->xcr0, q->sub); }

static struct cpuid_regs leaf_ext1(const struct query *q)
{
	struct cpuid_regs r = pass(q);
	r.edx = q->g->ext1_edx; /* RDTSCP only where the VMCS enables it */
	return r;
}

/* 0x80000007: zeros. The TSC stays invariant (the TSC offset keeps it so), but like KVM by
 * default splitvisor does not say so: a guest then takes kvmclock (stable, no exit to read)
 * as its clock rather than the raw TSC, which Linux prefers when the TSC is invariant. */

/* Leaves not listed answer zeros: PSN (3), DCA (9), PMU (0xA: no architectural PMU), RDT
 * (0xF, 0x10), SGX (0x12), PT (0x14), the SoC, TLB, Key Locker, hybrid, PCONFIG, LBR and AMX
 * leaves (0x17-0x1E), and the reserved ones. */
static const leaf_fn basic_leaves[MAX_BASIC + 1] = {
	[0x0] = leaf_max, [0x1] = leaf_features, [0x2] = pass, [0x4] = leaf_caches,
	[0x5] = leaf_mwait, [0x6] = leaf_power, [0x7] = leaf_ext_features, [0xB] = leaf_topology,
	[0xD] = leaf_xsave, [0x15] = pass, [0x16] = pass, [0x1F] = leaf_topology,
};

static const leaf_fn ext_leaves[MAX_EXT - 0x80000000u + 1] = {
	[0x0] = leaf_max, [0x1] = leaf_ext1, [0x2] = pass, [0x3] = pass, [0x4] = pass,
	[0x6] = pass, [0x8] = pass,
};

struct cpuid_regs cpuid_guest(const struct guest_cpu *g, cpuid_fn host, const struct cpuid_vcpu *v,
			      uint32_t leaf, uint32_t sub)
{
	struct query q = { g, host, v, leaf, sub };
	leaf_fn fn;
	if (leaf <= MAX_BASIC) {
		fn = basic_leaves[leaf];
	} else if (leaf >= 0x80000000u && leaf <= MAX_EXT) {
		fn = ext_leaves[leaf - 0x80000000u];
	} else {
		q.leaf = MAX_BASIC; /* past the maximum: the highest basic leaf's data */
		fn = basic_leaves[MAX_BASIC];
	}
	return fn ? fn(&q) : zero;
}

static struct cpuid_regs host_cpuid(uint32_t leaf, uint32_t sub) { return cpuid(leaf, sub); }

void handle_cpuid(struct exit_ctx *x)
{
	uint32_t leaf = (uint32_t)x->regs.rax, sub = (uint32_t)x->regs.rcx;
	struct cpuid_regs r = { 0, 0, 0, 0 };
	if (leaf >= HV_LEAF_BASE && leaf <= 0x4FFFFFFFu) {
		r = hypervisor_leaf(x->vcpu, leaf);
	} else {
		const struct vcpu *vc = x->vcpu;
		struct cpuid_vcpu v = { vc->index, vc->part->nvcpus, vc->exitless,
					(vc->apic_base & APIC_BASE_EN) != 0, x->cr4, vc->msrs.xcr0 };
		r = cpuid_guest(guest_cpu(), host_cpuid, &v, leaf, sub);
	}
	x->regs.rax = r.eax;
	x->regs.rbx = r.ebx;
	x->regs.rcx = r.ecx;
	x->regs.rdx = r.edx;
	x->actions |= ACT_WRITE_REGS | ACT_ADVANCE_RIP;
}
