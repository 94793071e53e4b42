/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of the guest-visible CPU: CPUID leaves, MSR checks, the XSETBV rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hv/exit/guest_cpu.h"
#include "hv/exit/msr_cpu.h"
#include "hv/exit/msr_mca.h"
#include "hv/exit/msr_memtype.h"
#include "hv/exit/msr_state.h"
#include "hv/exit/msr_tsc.h"
#include "hv/exit/msr_unknown.h"
#include "hv/exit/msr_xsave.h"
#include "hv/textbuf.h"

/* ---- what the code under test calls outside itself ---- */

uint32_t vmcs_guest_proc2(void) { return 0; }
void msr_sync_request(struct exit_ctx *x, uint32_t what) { x->vcpu->msrs.sync |= what; }
static uint64_t apic_deadline;
void vlapic_write_tsc_deadline(struct vcpu *v, uint64_t deadline) { (void)v; apic_deadline = deadline; }
uint64_t vlapic_read_tsc_deadline(struct vcpu *v) { (void)v; return apic_deadline; }
static char printed[4096];
void textbuf_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = strlen(printed);
	vsnprintf(printed + n, sizeof(printed) - n, fmt, ap);
	va_end(ap);
}

/* ---- a host CPU: a Skylake-like answer table every test may change ---- */

struct fake_leaf { uint32_t leaf, sub; struct cpuid_regs r; };
static struct fake_leaf host_table[64];
static unsigned host_count;

static void host_set(uint32_t leaf, uint32_t sub, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	for (unsigned i = 0; i < host_count; i++)
		if (host_table[i].leaf == leaf && host_table[i].sub == sub) {
			host_table[i].r = (struct cpuid_regs){ a, b, c, d };
			return;
		}
	host_table[host_count++] = (struct fake_leaf){ leaf, sub, { a, b, c, d } };
}

static struct cpuid_regs fake_host(uint32_t leaf, uint32_t sub)
{
	for (unsigned i = 0; i < host_count; i++)
		if (host_table[i].leaf == leaf && host_table[i].sub == sub)
			return host_table[i].r;
	return (struct cpuid_regs){ 0, 0, 0, 0 };
}

#define XCR0_HOST 0x2FFu /* x87, SSE, AVX, MPX (2), AVX-512 (3), PKRU */

static void host_reset(void)
{
	host_count = 0;
	host_set(0, 0, 0x16, 0x756E6547, 0x6C65746E, 0x49656E69); /* GenuineIntel */
	host_set(1, 0, 0x50654, 0x00100800, 0x7FFFFFFF, 0xBFEBFBFF);
	host_set(4, 0, 7u << 26 | 1u << 14 | 1u << 8 | 1u << 5 | 1, 0x1C0003F, 63, 0);  /* L1D */
	host_set(4, 1, 7u << 26 | 1u << 14 | 1u << 8 | 2u << 5 | 3, 0x3C0003F, 1023, 0); /* L2 */
	host_set(4, 2, 7u << 26 | 15u << 14 | 1u << 8 | 3u << 5 | 3, 0x37C0003F, 16383, 4); /* L3 */
	host_set(5, 0, 0x40, 0x40, 3, 0x2020);
	host_set(6, 0, 0x77, 2, 9, 0);
	host_set(7, 0, 2, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF);
	host_set(7, 1, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF);
	host_set(7, 2, 0, 0, 0, 0xFFFFFFFF);
	host_set(0xA, 0, 0x07300404, 0, 0, 0x603);
	host_set(0xD, 0, XCR0_HOST, 0xA88, 0xA88, 0);
	host_set(0xD, 1, 0xF, 0x988, 0x100, 0);
	host_set(0xD, 2, 256, 576, 0, 0);
	host_set(0xD, 3, 64, 960, 0, 0);
	host_set(0xD, 4, 64, 1024, 0, 0);
	host_set(0xD, 5, 64, 1088, 0, 0);
	host_set(0xD, 6, 512, 1152, 0, 0);
	host_set(0xD, 7, 1024, 1664, 0, 0);
	host_set(0xD, 9, 8, 2688, 0, 0);
	host_set(0x15, 0, 2, 200, 0, 0);
	host_set(0x16, 0, 2000, 4000, 100, 0);
	host_set(0x80000000u, 0, 0x80000008u, 0, 0, 0);
	host_set(0x80000001u, 0, 0, 0, 0x121, 0x2C100800);
	host_set(0x80000007u, 0, 0, 0, 0, 0x1FF);
	host_set(0x80000008u, 0, 0x3027, 0, 0, 0);
}

static const struct guest_cpu_vmx vmx_all = { true, true, true, ~0ULL };

static struct guest_cpu derive(const struct guest_cpu_vmx *vmx)
{
	struct guest_cpu g;
	memset(&g, 0xA5, sizeof(g));
	guest_cpu_derive(&g, fake_host, vmx);
	return g;
}

static int setup(void **state)
{
	(void)state;
	host_reset();
	printed[0] = 0;
	return 0;
}

static struct cpuid_regs ask(const struct guest_cpu *g, const struct cpuid_vcpu *v, uint32_t leaf, uint32_t sub)
{
	return cpuid_guest(g, fake_host, v, leaf, sub);
}

static const struct cpuid_vcpu vcpu2of3 = { .index = 2, .nvcpus = 3, .exitless = true, .apic_on = true,
					    .cr4 = 0, .xcr0 = 7 };

/* ---- CPUID ---- */

static void test_leaf1_hides_and_sets(void **state)
{
	(void)state;
	struct guest_cpu g = derive(&vmx_all);
	struct cpuid_regs r = ask(&g, &vcpu2of3, 1, 0);
	uint32_t hidden_ecx = BIT(2) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(10) | BIT(11) |
			      BIT(14) | BIT(15) | BIT(18);
	uint32_t hidden_edx = BIT(18) | BIT(21) | BIT(22) | BIT(29) | BIT(31);
	assert_int_equal(r.ecx & hidden_ecx, 0);      /* DTES64, DS-CPL, VMX, SMX, EIST, TM2, ... */
	assert_int_equal(r.edx & hidden_edx, 0);      /* PSN, DS, ACPI, TM, PBE */
	assert_true(r.ecx & BIT(31));                 /* hypervisor */
	assert_true(r.ecx & BIT(21));                 /* x2APIC */
	assert_true(r.edx & BIT(12) && r.edx & BIT(14)); /* MTRR, MCA */
	assert_true(r.edx & BIT(9));                  /* APIC enabled */
	assert_int_equal(r.eax, 0x50654);
	assert_int_equal(r.ebx >> 24, 2);             /* initial APIC ID = vCPU index */
	assert_int_equal((r.ebx >> 16) & 0xFF, 4);    /* addressable IDs: 3 vCPUs -> 4 */
	assert_int_equal(r.ebx & 0xFFFF, 0x0800);     /* CLFLUSH line size kept */
	assert_true(r.edx & BIT(28));                 /* HTT: several logical processors */
}

static void test_leaf1_per_vcpu_bits(void **state)
{
	(void)state;
	struct guest_cpu g = derive(&vmx_all);
	struct cpuid_vcpu v = vcpu2of3;
	assert_false(ask(&g, &v, 1, 0).ecx & BIT(27));      /* OSXSAVE follows CR4.OSXSAVE */
	v.cr4 = 1u << 18;
	assert_true(ask(&g, &v, 1, 0).ecx & BIT(27));
	assert_true(ask(&g, &v, 1, 0).ecx & BIT(3));        /* exitless: MONITOR/MWAIT */
	v.exitless = false;
	assert_false(ask(&g, &v, 1, 0).ecx & BIT(3));       /* emulated APIC: no MWAIT */
	assert_true(ask(&g, &v, 1, 0).ecx & BIT(24));       /* its TSC-deadline mode */
	v.apic_on = false;
	assert_false(ask(&g, &v, 1, 0).edx & BIT(9));
	v.nvcpus = 1;
	v.index = 0;
	struct cpuid_regs r = ask(&g, &v, 1, 0);
	assert_false(r.edx & BIT(28));
	assert_int_equal((r.ebx >> 16) & 0xFF, 1);
}

static void test_topology_leaves(void **state)
{
	(void)state;
	struct guest_cpu g = derive(&vmx_all);
	for (uint32_t leaf = 0xB; leaf <= 0x1F; leaf += 0x14) {
		struct cpuid_regs s0 = ask(&g, &vcpu2of3, leaf, 0), s1 = ask(&g, &vcpu2of3, leaf, 1);
		struct cpuid_regs s2 = ask(&g, &vcpu2of3, leaf, 2);
		assert_memory_equal(&s0, (&(struct cpuid_regs){ 0, 1, 0x100, 2 }), sizeof(s0)); /* SMT */
		assert_memory_equal(&s1, (&(struct cpuid_regs){ 2, 3, 0x201, 2 }), sizeof(s1)); /* cores */
		assert_memory_equal(&s2, (&(struct cpuid_regs){ 0, 0, 2, 2 }), sizeof(s2));     /* end */
	}
	struct cpuid_regs l4 = ask(&g, &vcpu2of3, 4, 0);
	assert_int_equal(l4.eax >> 26, 3);                  /* cores per package - 1 */
	assert_int_equal((l4.eax >> 14) & 0xFFF, 0);        /* L1: one thread */
	assert_int_equal(l4.ebx, 0x1C0003F);                /* geometry kept */
	assert_int_equal((ask(&g, &vcpu2of3, 4, 2).eax >> 14) & 0xFFF, 3); /* L3: the package */
	struct cpuid_regs l4end = ask(&g, &vcpu2of3, 4, 3);
	assert_memory_equal(&l4end, (&(struct cpuid_regs){ 0, 0, 0, 0 }), sizeof(l4end));
}

static void test_max_and_hidden_leaves(void **state)
{
	(void)state;
	struct guest_cpu g = derive(&vmx_all);
	struct cpuid_regs r0 = ask(&g, &vcpu2of3, 0, 0);
	assert_int_equal(r0.eax, 0x1F);
	assert_int_equal(r0.ebx, 0x756E6547);
	assert_int_equal(ask(&g, &vcpu2of3, 0x80000000u, 0).eax, 0x80000008u);
	static const uint32_t zero_leaves[] = { 3, 8, 9, 0xA, 0xC, 0xE, 0xF, 0x10, 0x12, 0x14, 0x17, 0x18, 0x19, 0x1A, 0x1D };
	for (unsigned i = 0; i < ARRAY_SIZE(zero_leaves); i++) {
		struct cpuid_regs r = ask(&g, &vcpu2of3, zero_leaves[i], 0);
		assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	}
	struct cpuid_regs past = ask(&g, &vcpu2of3, 0x20, 1); /* the highest basic leaf's data */
	assert_memory_equal(&past, (&(struct cpuid_regs){ 2, 3, 0x201, 2 }), sizeof(past));
	past = ask(&g, &vcpu2of3, 0x80000009u, 0);
	assert_int_equal(past.edx, 2);
	assert_int_equal(ask(&g, &vcpu2of3, 0x15, 0).ebx, 200);      /* TSC ratio passed */
	assert_int_equal(ask(&g, &vcpu2of3, 0x80000007u, 0).edx, 0); /* invariant TSC not shown (kvmclock instead) */
	assert_int_equal(ask(&g, &vcpu2of3, 0x80000008u, 0).eax, 0x3027);
}

static void test_power_leaves(void **state)
{
	(void)state;
	struct guest_cpu g = derive(&vmx_all);
	struct cpuid_vcpu v = vcpu2of3;
	struct cpuid_regs r5 = ask(&g, &v, 5, 0), r6 = ask(&g, &v, 6, 0);
	assert_int_equal(r5.edx, 0x2020);                     /* exitless: the host's MWAIT states */
	assert_memory_equal(&r6, (&(struct cpuid_regs){ 4, 0, 0, 0 }), sizeof(r6)); /* ARAT only */
	v.exitless = false;
	r5 = ask(&g, &v, 5, 0);
	assert_int_equal(r5.eax | r5.ebx | r5.ecx | r5.edx, 0);
	host_set(6, 0, 0x73, 2, 9, 0);                        /* a host without ARAT */
	g = derive(&vmx_all);
	assert_int_equal(ask(&g, &v, 6, 0).eax, 4);           /* the emulated APIC's timer has it */
	v.exitless = true;
	assert_int_equal(ask(&g, &v, 6, 0).eax, 0);
}

static void test_leaf7(void **state)
{
	(void)state;
	struct guest_cpu g = derive(&vmx_all);
	struct cpuid_vcpu v = vcpu2of3;
	struct cpuid_regs r = ask(&g, &v, 7, 0);
	assert_int_equal(r.eax, 2);
	assert_int_equal(r.ebx & (BIT(2) | BIT(12) | BIT(14) | BIT(15) | BIT(25)), 0); /* SGX, RDT, MPX, PT */
	assert_true(r.ebx & BIT(1));                                    /* TSC_ADJUST */
	assert_true(r.ebx & BIT(10) && r.ebx & BIT(16) && r.ebx & BIT(5)); /* INVPCID, AVX512F, AVX2 */
	assert_int_equal(r.ecx & (BIT(4) | BIT(5) | BIT(7) | BIT(13) | BIT(23) | BIT(31)), 0); /* OSPKE, WAITPKG, CET, TME, KL, PKS */
	assert_true(r.ecx & BIT(22) && r.ecx & BIT(3));                 /* RDPID, PKU */
	assert_int_equal(r.edx & (BIT(5) | BIT(15) | BIT(18) | BIT(19) | BIT(20) | BIT(22) | BIT(24) | BIT(30)), 0);
	assert_int_equal(r.edx & 0xBC000000u, 0xBC000000u);             /* speculation controls kept */
	v.cr4 = 1u << 22;
	assert_true(ask(&g, &v, 7, 0).ecx & BIT(4));                    /* OSPKE follows CR4.PKE */
	assert_int_equal(ask(&g, &v, 7, 1).eax, BIT(4) | BIT(5) | BIT(10) | BIT(11) | BIT(12) | BIT(23));
	assert_int_equal(ask(&g, &v, 7, 2).edx, 0x3F);
	assert_int_equal(ask(&g, &v, 7, 3).ebx, 0);
}

static void test_vmcs_features_decide(void **state)
{
	(void)state;
	struct guest_cpu_vmx none = { false, false, false, 0 };
	struct guest_cpu g = derive(&none);
	assert_false(ask(&g, &vcpu2of3, 7, 0).ebx & BIT(10));          /* INVPCID would #UD */
	assert_false(ask(&g, &vcpu2of3, 7, 0).ecx & BIT(22));          /* RDPID would #UD */
	assert_false(ask(&g, &vcpu2of3, 0x80000001u, 0).edx & BIT(27)); /* RDTSCP would #UD */
	assert_int_equal(ask(&g, &vcpu2of3, 0xD, 1).eax, 7);           /* no XSAVES */
	assert_false(g.rdtscp || g.xsaves);
	assert_int_equal(g.arch_cap, 0);
	g = derive(&vmx_all);
	assert_true(ask(&g, &vcpu2of3, 0x80000001u, 0).edx & BIT(27));
	assert_int_equal(g.arch_cap, 0x391AE17FULL);                   /* no bit that names an MSR */
}

static void test_xsave_leaf(void **state)
{
	(void)state;
	struct guest_cpu g = derive(&vmx_all);
	assert_int_equal(g.xcr0_mask, 0x2E7);                          /* no MPX */
	struct cpuid_regs s0 = ask(&g, &vcpu2of3, 0xD, 0);
	assert_int_equal(s0.eax, 0x2E7);
	assert_int_equal(s0.edx, 0);
	assert_int_equal(s0.ebx, 832);                                 /* XCR0 = 7 */
	assert_int_equal(s0.ecx, 2696);                                /* everything offered */
	struct cpuid_vcpu v = vcpu2of3;
	v.xcr0 = 0x2E7;
	assert_int_equal(ask(&g, &v, 0xD, 0).ebx, 2696);
	struct cpuid_regs s1 = ask(&g, &v, 0xD, 1);
	assert_int_equal(s1.eax, 0xF);
	assert_int_equal(s1.ebx, 2440);                                /* compacted */
	assert_int_equal(s1.ecx | s1.edx, 0);                          /* no XSS component */
	assert_int_equal(ask(&g, &v, 0xD, 2).eax, 256);
	assert_int_equal(ask(&g, &v, 0xD, 3).eax, 0);                  /* BNDREGS not offered */
	assert_int_equal(ask(&g, &v, 0xD, 63).eax, 0);
}

static void test_xcr0_mask_consistency(void **state)
{
	(void)state;
	host_set(0xD, 0, 0x2A7, 0, 0, 0); /* AVX-512 incomplete */
	struct guest_cpu g = derive(&vmx_all);
	assert_int_equal(g.xcr0_mask, 0x207);
	assert_false(ask(&g, &vcpu2of3, 7, 0).ebx & BIT(16));
	assert_true(ask(&g, &vcpu2of3, 7, 0).ebx & BIT(5));
	host_set(0xD, 0, 0x3, 0, 0, 0); /* no AVX state */
	g = derive(&vmx_all);
	assert_false(ask(&g, &vcpu2of3, 1, 0).ecx & (BIT(12) | BIT(28) | BIT(29)));
	assert_false(ask(&g, &vcpu2of3, 7, 0).ebx & BIT(5));
	assert_false(ask(&g, &vcpu2of3, 7, 0).ecx & BIT(3));          /* no PKRU state: no PKU */
	host_set(1, 0, 0x50654, 0x00100800, 0x7FFFFFFF & ~BIT(26), 0xBFEBFBFF); /* no XSAVE */
	g = derive(&vmx_all);
	assert_int_equal(g.xcr0_mask, 0);
	assert_false(ask(&g, &vcpu2of3, 1, 0).ecx & BIT(26));
	assert_int_equal(ask(&g, &vcpu2of3, 0xD, 0).eax, 0);
}

/* ---- XSETBV ---- */

static void test_xcr0_rules(void **state)
{
	(void)state;
	uint64_t all = 0x2E7;
	assert_true(xcr0_valid(1, all));
	assert_true(xcr0_valid(3, all));
	assert_true(xcr0_valid(7, all));
	assert_true(xcr0_valid(0xE7, all));
	assert_true(xcr0_valid(0x2E7, all));
	assert_false(xcr0_valid(0, all));          /* x87 clear */
	assert_false(xcr0_valid(2, all));
	assert_false(xcr0_valid(5, all));          /* AVX without SSE */
	assert_false(xcr0_valid(0x67, all));       /* part of AVX-512 */
	assert_false(xcr0_valid(0xE3, all));       /* AVX-512 without AVX */
	assert_false(xcr0_valid(0x1F, all));       /* MPX: not offered */
	assert_false(xcr0_valid(0x0F, 0x1F));      /* BNDREGS without BNDCSR */
	assert_true(xcr0_valid(0x1F, 0x1F));
	assert_false(xcr0_valid(0x7, 0x3));        /* beyond the supported mask */
	assert_false(xcr0_valid(1ULL << 63 | 1, all));
	assert_false(xcr0_valid(1ULL << 17 | 1, ~0ULL)); /* TILECFG without TILEDATA */
}

static struct cpuid_regs odd_host(uint32_t leaf, uint32_t sub)
{
	(void)leaf;
	if (sub == 2)
		return (struct cpuid_regs){ 100, 576, 0, 0 };
	if (sub == 9)
		return (struct cpuid_regs){ 8, 700, 2, 0 };
	return (struct cpuid_regs){ 0, 0, 0, 0 };
}

static void test_xsave_sizes(void **state)
{
	(void)state;
	assert_int_equal(xsave_size(odd_host, 3, false), 576);
	assert_int_equal(xsave_size(odd_host, 3, true), 576);
	assert_int_equal(xsave_size(odd_host, 0x207, false), 708);
	assert_int_equal(xsave_size(odd_host, 0x207, true), 712); /* 676 aligned to 704, + 8 */
}

/* ---- MSRs ---- */

struct rig {
	struct partition part;
	struct vcpu vcpu;
	struct exit_ctx x;
};

static void rig_init(struct rig *r)
{
	memset(r, 0, sizeof(*r));
	r->vcpu.part = &r->part;
	r->x.vcpu = &r->vcpu;
	r->vcpu.msrs.xcr0 = 1;
	r->vcpu.msrs.pat = PAT_RESET;
	r->vcpu.msrs.mtrr_def_type = MTRR_DEF_TYPE_RESET;
}

static void test_pat(void **state)
{
	(void)state;
	assert_true(pat_valid(PAT_RESET));
	assert_true(pat_valid(0x0707070707070707ULL));
	assert_true(pat_valid(0x0001040506070001ULL));
	static const uint64_t reserved[] = { 2, 3, 8, 0x10, 0xFF };  /* memory types 2, 3 and >= 8 */
	for (int byte = 0; byte < 8; byte++)
		for (unsigned i = 0; i < ARRAY_SIZE(reserved); i++)
			assert_false(pat_valid((PAT_RESET & ~(0xFFULL << (8 * byte))) | reserved[i] << (8 * byte)));
	struct rig r;
	rig_init(&r);
	uint64_t v;
	assert_false(msr_write_pat(&r.x, 0x277, 0x0002040600070406ULL));
	assert_true(msr_read_pat(&r.x, 0x277, &v));
	assert_int_equal(v, PAT_RESET);
	assert_true(msr_write_pat(&r.x, 0x277, 0x0107040600070406ULL));
	assert_true(msr_read_pat(&r.x, 0x277, &v));
	assert_int_equal(v, 0x0107040600070406ULL);
}

static void test_mtrr_checks(void **state)
{
	(void)state;
	assert_true(mtrr_def_type_valid(MTRR_DEF_TYPE_RESET));
	assert_true(mtrr_def_type_valid(0xC00));
	assert_true(mtrr_def_type_valid(0));
	assert_false(mtrr_def_type_valid(0x802));  /* type 2 */
	assert_false(mtrr_def_type_valid(0x807));  /* UC- is a PAT type only */
	assert_false(mtrr_def_type_valid(0x906));  /* bit 8 reserved */
	assert_false(mtrr_def_type_valid(0x1806)); /* bit 12 reserved */
	assert_true(mtrr_fixed_valid(0x0606060606060606ULL));
	assert_true(mtrr_fixed_valid(0x0001040506000104ULL));
	assert_false(mtrr_fixed_valid(0x0606060607060606ULL));
	assert_false(mtrr_fixed_valid(0x0306060606060606ULL));
	assert_true(mtrr_var_valid(0x200, 0xFFFFFF006ULL, 36));
	assert_false(mtrr_var_valid(0x200, 0x1000000006ULL, 36)); /* above MAXPHYADDR */
	assert_false(mtrr_var_valid(0x200, 0x100006ULL | 1u << 8, 36));
	assert_false(mtrr_var_valid(0x202, 0x100002ULL, 36));     /* type 2 */
	assert_true(mtrr_var_valid(0x201, 0xFFF000800ULL, 36));   /* valid bit, mask */
	assert_false(mtrr_var_valid(0x201, 0xFFF000400ULL, 36));  /* bit 10 reserved */
	assert_false(mtrr_var_valid(0x20F, 0x1FFF000800ULL, 36));
	assert_true(mtrr_var_valid(0x20F, 0x1FFF000800ULL, 39));
}

static void test_mtrr_state(void **state)
{
	(void)state;
	static const struct { uint32_t msr; int slot; } fixed[] = {
		{ 0x250, 0 }, { 0x258, 1 }, { 0x259, 2 }, { 0x268, 3 }, { 0x26F, 10 }, { 0x251, -1 }, { 0x267, -1 },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(fixed); i++)
		assert_int_equal(mtrr_fixed_slot(fixed[i].msr), fixed[i].slot);
	struct rig r;
	rig_init(&r);
	uint64_t v;
	assert_true(msr_read_mtrrcap(&r.x, 0xFE, &v));
	assert_int_equal(v, 0x508);                                /* VCNT 8, FIX, WC */
	assert_true(msr_read_mtrr(&r.x, 0x2FF, &v));
	assert_int_equal(v, 0x806);
	assert_false(msr_write_mtrr(&r.x, 0x2FF, 0x803));
	assert_true(msr_write_mtrr(&r.x, 0x2FF, 0xC00));
	assert_true(msr_write_mtrr(&r.x, 0x26B, 0x0505050505050505ULL));
	assert_false(msr_write_mtrr(&r.x, 0x26B, 0x0505050505050508ULL));
	assert_true(msr_read_mtrr(&r.x, 0x26B, &v));
	assert_int_equal(v, 0x0505050505050505ULL);
	assert_int_equal(r.vcpu.msrs.mtrr_fixed[6], v);
	assert_true(msr_read_mtrr(&r.x, 0x2FF, &v));
	assert_int_equal(v, 0xC00);
	assert_false(msr_read_mtrr(&r.x, 0x255, &v));             /* a gap: not an MTRR */
}

static void test_tsc_offset(void **state)
{
	(void)state;
	struct vcpu_msrs m = { 0 };
	tsc_write(&m, 1000, 5000);                                 /* TSC 1000 -> 5000 */
	assert_int_equal(m.tsc_offset, 4000);
	assert_int_equal(m.tsc_adjust, 4000);                      /* by the same amount */
	tsc_write(&m, 2000, 100);                                  /* guest TSC was 6000: -5900 */
	assert_int_equal(m.tsc_offset, (uint64_t)-1900);
	assert_int_equal(m.tsc_adjust, (uint64_t)-1900);
	tsc_adjust_write(&m, 0);                                   /* back to the host's TSC */
	assert_int_equal(m.tsc_offset, 0);
	assert_int_equal(m.tsc_adjust, 0);
	tsc_adjust_write(&m, 50);
	assert_int_equal(m.tsc_offset, 50);
	assert_int_equal(tsc_deadline_to_host(&m, 1000, 0), 0);     /* disarm */
	assert_int_equal(tsc_deadline_to_host(&m, 1000, 1050), 1);  /* due now */
	assert_int_equal(tsc_deadline_to_host(&m, 1000, 1550), 1500);
	assert_int_equal(tsc_deadline_to_host(&m, 1000, ~0ULL), ~0ULL - 50);
	m.tsc_offset = (uint64_t)-500;
	assert_int_equal(tsc_deadline_to_host(&m, 1000, 600), 1100);
}

static void test_tsc_msrs(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r);
	uint64_t v, target = 1ULL << 60;
	assert_true(msr_write_tsc(&r.x, 0x10, target));
	assert_int_equal(r.vcpu.msrs.sync, MSR_SYNC_TSC_OFFSET);
	assert_true(msr_read_tsc(&r.x, 0x10, &v));
	assert_true(v >= target && v - target < (1ULL << 40));
	assert_true(msr_read_tsc_adjust(&r.x, 0x3B, &v));
	assert_int_equal(v, r.vcpu.msrs.tsc_offset);
	assert_true(msr_write_tsc_adjust(&r.x, 0x3B, 0));
	assert_int_equal(r.vcpu.msrs.tsc_offset, 0);
	/* emulated APIC: the deadline goes to it in host TSC and comes back in guest TSC */
	r.vcpu.msrs.tsc_offset = 1ULL << 50;
	r.x.regs.rcx = 0x6E0;
	uint64_t deadline = rdtsc() + (1ULL << 50) + (1ULL << 40);
	r.x.regs.rax = (uint32_t)deadline;
	r.x.regs.rdx = deadline >> 32;
	assert_true(msr_tsc_deadline_emulated(&r.x, true));
	assert_int_equal(apic_deadline, deadline - (1ULL << 50));
	assert_true(msr_tsc_deadline_emulated(&r.x, false));
	assert_int_equal((r.x.regs.rdx << 32) | r.x.regs.rax, deadline);
	r.vcpu.exitless = true;                                        /* not the emulated APIC's */
	assert_false(msr_tsc_deadline_emulated(&r.x, false));
	assert_true(msr_write_deadline(&r.x, 0x6E0, deadline));
	assert_true(r.vcpu.msrs.sync & MSR_SYNC_DEADLINE);
	assert_true(msr_read_deadline(&r.x, 0x6E0, &v));
	assert_int_equal(v, deadline);
	assert_true(msr_write_deadline(&r.x, 0x6E0, 0));
	assert_true(msr_read_deadline(&r.x, 0x6E0, &v));
	assert_int_equal(v, 0);
}

static void test_mca(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r);
	uint64_t v;
	assert_true(msr_read_mcg_cap(&r.x, 0x179, &v));
	assert_int_equal(v, MCA_BANKS);                  /* no MCG_CTL, CMCI, SER, LMCE */
	assert_int_equal(MSR_MC_LAST, 0x400 + 4 * MCA_BANKS - 1);
	assert_true(msr_write_mcg_status(&r.x, 0x17A, 0));
	assert_true(msr_write_mcg_status(&r.x, 0x17A, 7));
	assert_false(msr_write_mcg_status(&r.x, 0x17A, 8));
	assert_true(msr_read_mcg_status(&r.x, 0x17A, &v));
	assert_int_equal(v, 7);
	assert_true(msr_write_mc_bank(&r.x, 0x404, ~0ULL)); /* MC1_CTL: any error types */
	assert_true(msr_read_mc_bank(&r.x, 0x404, &v));
	assert_int_equal(v, ~0ULL);
	for (uint32_t reg = MC_STATUS; reg <= MC_MISC; reg++) {
		assert_true(msr_write_mc_bank(&r.x, 0x404 + reg, 0));
		assert_false(msr_write_mc_bank(&r.x, 0x404 + reg, 1)); /* writing 1s: #GP */
		assert_true(msr_read_mc_bank(&r.x, 0x404 + reg, &v));
		assert_int_equal(v, 0);
	}
}

static void test_cpu_msrs(void **state)
{
	(void)state;
	assert_int_equal(misc_enable_value(false), 0x1801);             /* fast strings, no BTS/PEBS */
	assert_int_equal(misc_enable_value(true), 0x41801);             /* and MONITOR/MWAIT */
	assert_true(debugctl_valid(0));
	assert_true(debugctl_valid(DEBUGCTL_BTF));
	assert_false(debugctl_valid(1));                                 /* LBR */
	assert_false(debugctl_valid(1u << 7));                           /* BTS */
	assert_false(debugctl_valid(1u << 12));                          /* FREEZE_PERFMON_ON_PMI */
	struct rig r;
	rig_init(&r);
	uint64_t v;
	assert_false(msr_write_debugctl(&r.x, 0x1D9, 1));
	assert_int_equal(r.vcpu.msrs.sync, 0);
	assert_true(msr_write_debugctl(&r.x, 0x1D9, DEBUGCTL_BTF));
	assert_int_equal(r.vcpu.msrs.sync, MSR_SYNC_DEBUGCTL);
	assert_true(msr_read_debugctl(&r.x, 0x1D9, &v));
	assert_int_equal(v, DEBUGCTL_BTF);
	assert_true(msr_write_xss(&r.x, MSR_XSS, 0));
	assert_false(msr_write_xss(&r.x, MSR_XSS, 1u << 8));             /* PT state: not offered */
}

static void test_unknown_table(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r);
	struct msr_unknown *t = &r.part.msr_unknown;
	msr_unknown_count(t, 0x345, false);
	msr_unknown_count(t, 0x345, false);
	msr_unknown_count(t, 0x38F, true);
	msr_unknown_count(t, 0x345, true);
	assert_int_equal(t->used, 2);
	assert_int_equal(t->reads[0], 2);
	assert_int_equal(t->writes[0], 1);
	assert_int_equal(t->writes[1], 1);
	for (uint32_t m = 0x1000; m < 0x1020; m++)
		msr_unknown_count(t, m, false);
	assert_int_equal(t->used, 16);
	assert_int_equal(t->others, 18);
	assert_int_equal(t->msr[15], 0x100D);
	msr_unknown_print(&r.part);
	assert_non_null(strstr(printed, "MSR 0x345 is not implemented (#GP): 2 reads, 1 writes\n"));
	assert_non_null(strstr(printed, "other MSRs not implemented (#GP): 18 accesses\n"));
	printed[0] = 0;
	rig_init(&r);
	msr_unknown_print(&r.part);
	assert_string_equal(printed, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_leaf1_hides_and_sets, setup),
		cmocka_unit_test_setup(test_leaf1_per_vcpu_bits, setup),
		cmocka_unit_test_setup(test_topology_leaves, setup),
		cmocka_unit_test_setup(test_max_and_hidden_leaves, setup),
		cmocka_unit_test_setup(test_power_leaves, setup),
		cmocka_unit_test_setup(test_leaf7, setup),
		cmocka_unit_test_setup(test_vmcs_features_decide, setup),
		cmocka_unit_test_setup(test_xsave_leaf, setup),
		cmocka_unit_test_setup(test_xcr0_mask_consistency, setup),
		cmocka_unit_test_setup(test_xcr0_rules, setup),
		cmocka_unit_test_setup(test_xsave_sizes, setup),
		cmocka_unit_test_setup(test_pat, setup),
		cmocka_unit_test_setup(test_mtrr_checks, setup),
		cmocka_unit_test_setup(test_mtrr_state, setup),
		cmocka_unit_test_setup(test_tsc_offset, setup),
		cmocka_unit_test_setup(test_tsc_msrs, setup),
		cmocka_unit_test_setup(test_mca, setup),
		cmocka_unit_test_setup(test_cpu_msrs, setup),
		cmocka_unit_test_setup(test_unknown_table, setup),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
