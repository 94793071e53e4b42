/* SPDX-License-Identifier: BSD-2-Clause */
/* Conformance guest "cpuidmsr": what CPUID advertises against what the CPU does, per the Intel SDM
 * (vol. 2A CPUID; vol. 3A 2.5 control registers, 13 XSAVE, 12 MTRRs and PAT, 17.3 TSC, 16
 * machine check; vol. 4 MSR tables): every advertised feature usable and every feature not
 * advertised refused (#UD or #GP), the topology leaves (1, 4, 0Bh, 1Fh) consistent with the
 * APIC IDs of the CPUs booted, and the MSRs that architectural bits enumerate present exactly
 * when enumerated. The BSP starts the APs (INIT-SIPI-SIPI) and each reports its view. Faults
 * that a check provokes are caught and resume after the instruction. Command line: "cpus=N",
 * the CPUs booted (default 2); "unmodeled=1" adds the checks of what bare Bochs does not model
 * (IA32_MISC_ENABLE, the machine-check banks, the counters CPUID.0Ah enumerates, #GP for
 * TSC_AUX bits 63:32), which are therefore not validated on Bochs. */
#include "conf.h"

#define MAXCPU 8

/* ---- instructions that may fault, each resuming after itself ---- */
static uint32_t safe_cr4(uint32_t v)
{
	trap_vector = NOFAULT;
	__asm__ volatile("movl $1f, trap_resume\n\tmov %0, %%cr4\n1:" ::"r"(v) : "memory");
	return trap_vector;
}
static uint32_t get_cr4(void)
{
	uint32_t v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}
static uint32_t safe_rdtscp(uint32_t *aux)
{
	uint32_t a = 0, d = 0, c = 0;
	trap_vector = NOFAULT;
	__asm__ volatile("movl $1f, trap_resume\n\trdtscp\n1:" : "+a"(a), "+d"(d), "+c"(c) : : "memory");
	*aux = c;
	return trap_vector;
}
static uint32_t safe_rdpid(uint32_t *v)
{
	uint32_t r = 0;
	trap_vector = NOFAULT;
	__asm__ volatile("movl $1f, trap_resume\n\trdpid %0\n1:" : "+r"(r) : : "memory");
	*v = r;
	return trap_vector;
}
static uint32_t safe_rdrand(int seed, uint32_t *ok)
{
	uint8_t c = 0;
	uint32_t r = 0;
	trap_vector = NOFAULT;
	if (seed)
		__asm__ volatile("movl $1f, trap_resume\n\trdseed %0\n\tsetc %1\n1:" : "+r"(r), "+q"(c) : : "memory", "cc");
	else
		__asm__ volatile("movl $1f, trap_resume\n\trdrand %0\n\tsetc %1\n1:" : "+r"(r), "+q"(c) : : "memory", "cc");
	*ok = c;
	return trap_vector;
}
static uint32_t safe_movbe(uint32_t *v)
{
	static volatile uint32_t src = 0x11223344;
	uint32_t r = 0;
	trap_vector = NOFAULT;
	__asm__ volatile("movl $1f, trap_resume\n\tmovbe (%1), %0\n1:" : "+r"(r) : "r"(&src) : "memory");
	*v = r;
	return trap_vector;
}
static uint32_t safe_popcnt(uint32_t *v)
{
	uint32_t r = 0, x = 0xF0F0F0F1u;
	trap_vector = NOFAULT;
	__asm__ volatile("movl $1f, trap_resume\n\tpopcnt %1, %0\n1:" : "+r"(r) : "r"(x) : "memory", "cc");
	*v = r;
	return trap_vector;
}
static uint64_t xgetbv0(void)
{
	uint32_t a, d;
	__asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
	return ((uint64_t)d << 32) | a;
}

/* CPUID bits */
static uint32_t c1[4], c7[4], c80000001[4], maxleaf, maxext;
static uint32_t unmodeled; /* "unmodeled=1": the checks bare Bochs cannot validate */
#define BIT(x, n) (((x) >> (n)) & 1)

/* "an advertised feature works, one not advertised faults with want" */
static void usable_iff(const char *name, int advertised, uint32_t fault, uint32_t want, const char *what)
{
	if (advertised)
		check(name, fault == NOFAULT, "advertised by %s, but %s", what, fault_name(fault));
	else
		check(name, fault == want, "not advertised by %s, and %s (want %s)", what, fault_name(fault), fault_name(want));
}

/* ---- CPUID leaves ---- */
static void leaf_checks(void)
{
	uint32_t r[4], s[4];
	rt_cpuid(0, r);
	maxleaf = r[0];
	check("cpuid-0-max-leaf-at-least-0b", maxleaf >= 0xB, "max basic leaf 0x%x", maxleaf);
	check("cpuid-0-vendor-string-present", r[1] && r[2] && r[3], "vendor registers 0x%x 0x%x 0x%x", r[1], r[3], r[2]);
	/* a leaf above the maximum returns the highest basic leaf's data (vol. 2A, CPUID) */
	cpuid2(maxleaf + 1, 0, r);
	cpuid2(maxleaf, 0, s);
	int vendor_intel = 0;
	{
		uint32_t v[4];
		rt_cpuid(0, v);
		vendor_intel = v[1] == 0x756E6547u && v[3] == 0x49656E69u && v[2] == 0x6C65746Eu; /* GenuineIntel */
	}
	if (vendor_intel)
		check("cpuid-above-max-leaf-returns-highest-basic-leaf", r[0] == s[0] && r[1] == s[1] && r[2] == s[2] && r[3] == s[3],
		      "leaf 0x%x: %x %x %x %x, leaf 0x%x: %x %x %x %x", maxleaf + 1, r[0], r[1], r[2], r[3], maxleaf, s[0], s[1], s[2],
		      s[3]);
	rt_cpuid(0x80000000u, r);
	maxext = r[0];
	check("cpuid-80000000-max-extended-leaf", maxext >= 0x80000001u && maxext < 0x80000100u, "max extended leaf 0x%x", maxext);
	rt_cpuid(1, c1);
	cpuid2(7, 0, c7);
	rt_cpuid(0x80000001u, c80000001);
	check("cpuid-1-apic-flag-set", BIT(c1[3], 9), "CPUID.1:EDX 0x%x", c1[3]);
	check("cpuid-1-tsc-flag-set", BIT(c1[3], 4), "CPUID.1:EDX 0x%x", c1[3]);
	check("cpuid-1-osxsave-follows-cr4", BIT(c1[2], 27) == BIT(get_cr4(), 18), "CPUID.1:ECX.OSXSAVE %u, CR4.OSXSAVE %u",
	      BIT(c1[2], 27), BIT(get_cr4(), 18));
}

/* ---- CR4 bits settable exactly when their feature is advertised (vol. 3A 2.5) ---- */
static void cr4_checks(void)
{
	static const struct {
		const char *name;
		uint8_t bit, reg, leaf_bit; /* reg: 0 = 1.EDX, 1 = 1.ECX, 2 = 7.EBX, 3 = 7.ECX */
	} bits[] = {
	    {"cr4-vme-iff-vme", 0, 0, 1},           {"cr4-pvi-iff-vme", 1, 0, 1},
	    {"cr4-de-iff-de", 3, 0, 2},             {"cr4-pse-iff-pse", 4, 0, 3},
	    {"cr4-pae-iff-pae", 5, 0, 6},           {"cr4-mce-iff-mce", 6, 0, 7},
	    {"cr4-pge-iff-pge", 7, 0, 13},          {"cr4-osfxsr-iff-fxsr", 9, 0, 24},
	    {"cr4-osxmmexcpt-iff-sse", 10, 0, 25},  {"cr4-umip-iff-umip", 11, 3, 2},
	    {"cr4-vmxe-iff-vmx", 13, 1, 5},         {"cr4-smxe-iff-smx", 14, 1, 6},
	    {"cr4-fsgsbase-iff-fsgsbase", 16, 2, 0}, {"cr4-osxsave-iff-xsave", 18, 1, 26},
	    {"cr4-smep-iff-smep", 20, 2, 7},        {"cr4-smap-iff-smap", 21, 2, 20},
	    {"cr4-pke-iff-pku", 22, 3, 3},
	};
	uint32_t regs[4] = {c1[3], c1[2], c7[1], c7[2]};
	static const char *const what[4] = {"CPUID.1:EDX", "CPUID.1:ECX", "CPUID.7.0:EBX", "CPUID.7.0:ECX"};
	uint32_t cr4 = get_cr4();
	for (uint32_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (BIT(cr4, bits[i].bit))
			continue; /* already set: nothing to learn by setting it */
		uint32_t f = safe_cr4(cr4 | (1u << bits[i].bit));
		int now = BIT(get_cr4(), bits[i].bit);
		safe_cr4(cr4);
		if (f == NOFAULT && !now)
			f = 0xFFu; /* accepted but not kept */
		usable_iff(bits[i].name, BIT(regs[bits[i].reg], bits[i].leaf_bit), f, GP, what[bits[i].reg]);
	}
}

/* ---- instructions present exactly when advertised ---- */
static void insn_checks(void)
{
	uint32_t v, ok;
	uint32_t f = safe_rdtscp(&v);
	usable_iff("rdtscp-iff-advertised", BIT(c80000001[3], 27), f, UD, "CPUID.80000001h:EDX[27]");
	f = safe_rdpid(&v);
	usable_iff("rdpid-iff-advertised", BIT(c7[2], 22), f, UD, "CPUID.7.0:ECX[22]");
	f = safe_rdrand(0, &ok);
	usable_iff("rdrand-iff-advertised", BIT(c1[2], 30), f, UD, "CPUID.1:ECX[30]");
	f = safe_rdrand(1, &ok);
	usable_iff("rdseed-iff-advertised", BIT(c7[1], 18), f, UD, "CPUID.7.0:EBX[18]");
	f = safe_movbe(&v);
	usable_iff("movbe-iff-advertised", BIT(c1[2], 22), f, UD, "CPUID.1:ECX[22]");
	if (f == NOFAULT)
		check("movbe-swaps-bytes", v == 0x44332211u, "0x%x", v);
	f = safe_popcnt(&v);
	usable_iff("popcnt-iff-advertised", BIT(c1[2], 23), f, UD, "CPUID.1:ECX[23]");
	if (f == NOFAULT)
		check("popcnt-counts", v == 17, "popcnt(0xF0F0F0F1) = %u", v);
}

/* ---- XSAVE: XCR0 takes exactly the leaf-0Dh bits, under the architectural rules (13.3) ---- */
static void xsave_checks(void)
{
	if (!BIT(c1[2], 26)) {
		uint32_t f = safe_xsetbv(0, 1);
		check("xsetbv-ud-without-xsave", f == UD, "%s", fault_name(f));
		return;
	}
	uint32_t cr4 = get_cr4();
	uint32_t f = safe_xsetbv(0, 3);
	if (!BIT(cr4, 18))
		check("xsetbv-ud-while-cr4-osxsave-clear", f == UD, "%s", fault_name(f));
	safe_cr4(cr4 | (1u << 18));
	uint32_t r[4];
	rt_cpuid(1, r);
	check("cpuid-1-osxsave-set-with-cr4", BIT(r[2], 27), "CPUID.1:ECX 0x%x after setting CR4.OSXSAVE", r[2]);
	cpuid2(0xD, 0, r);
	uint64_t sup = ((uint64_t)r[3] << 32) | r[0];
	check("xcr0-supported-has-x87-and-sse", (sup & 3) == 3, "CPUID.0Dh.0 EDX:EAX 0x%llx", sup);
	f = safe_xsetbv(0, sup);
	check("xsetbv-all-advertised-bits", f == NOFAULT && xgetbv0() == sup, "XCR0 = 0x%llx: %s, reads 0x%llx", sup, fault_name(f),
	      xgetbv0());
	uint64_t bad = 0;
	for (uint32_t i = 2; i < 63 && !bad; i++)
		if (!((sup >> i) & 1))
			bad = 1ULL << i;
	if (bad) {
		f = safe_xsetbv(0, 3 | bad);
		check("xsetbv-unadvertised-bit-gp", f == GP, "XCR0 = 0x%llx: %s", 3 | bad, fault_name(f));
	}
	f = safe_xsetbv(0, sup & ~1ULL);
	check("xsetbv-without-x87-gp", f == GP, "XCR0 = 0x%llx: %s", sup & ~1ULL, fault_name(f));
	if (sup & 4) {
		f = safe_xsetbv(0, 1 | 4);
		check("xsetbv-avx-without-sse-gp", f == GP, "XCR0 = 5: %s", fault_name(f));
	}
	if ((sup & 0xE0) == 0xE0) {
		f = safe_xsetbv(0, 7 | 0x20);
		check("xsetbv-avx512-partial-gp", f == GP, "XCR0 = 0x27: %s", fault_name(f));
	}
	f = safe_xsetbv(1, 0);
	cpuid2(0xD, 1, r);
	if (!BIT(r[0], 2))
		check("xsetbv-xcr1-gp-without-xinuse", f == GP, "XSETBV ECX=1: %s", fault_name(f));
	safe_xsetbv(0, 3);
}

/* ---- MSRs ---- */
static void msr_present_iff(const char *name, uint32_t msr, int advertised, int write_only, uint64_t wval, const char *what)
{
	uint64_t v;
	uint32_t f = write_only ? safe_wrmsr(msr, wval) : safe_rdmsr(msr, &v);
	usable_iff(name, advertised, f, GP, what);
}

static void tsc_checks(void)
{
	/* IA32_TSC (0x10): a 64-bit write reads back, and counts on from there (17.17) */
	uint64_t adj0 = 0;
	int has_adj = BIT(c7[1], 1);
	if (has_adj)
		adj0 = rt_rdmsr(0x3B);
	uint64_t before = rt_rdtsc(), v = before + (1ULL << 32) + 12345;
	uint32_t f = safe_wrmsr(0x10, v);
	uint64_t after = rt_rdtsc(), slack = conf_tsc_hz / 100; /* 10 ms */
	check("tsc-msr-write-then-read", f == NOFAULT && after >= v && after - v < slack, "wrote 0x%llx, RDTSC 0x%llx (%s)", v, after,
	      fault_name(f));
	uint64_t m = rt_rdmsr(0x10);
	check("tsc-msr-read-is-rdtsc", m >= after && m - after < slack, "RDMSR 0x10 0x%llx after RDTSC 0x%llx", m, after);
	/* IA32_TSC_ADJUST (0x3B): follows a TSC write by the same amount, and moves the TSC */
	msr_present_iff("tsc-adjust-msr-iff-advertised", 0x3B, has_adj, 0, 0, "CPUID.7.0:EBX[1]");
	if (has_adj) {
		uint64_t adj1 = rt_rdmsr(0x3B), want = v - before;
		uint64_t d = adj1 - adj0;
		check("tsc-write-moves-tsc-adjust-by-same-amount", d <= want + slack && d + slack >= want,
		      "TSC_ADJUST moved by 0x%llx, the TSC by about 0x%llx", d, want);
		uint64_t t0 = rt_rdtsc();
		rt_wrmsr(0x3B, adj1 + 1000000000ULL);
		uint64_t t1 = rt_rdtsc();
		check("tsc-adjust-write-moves-tsc", t1 - t0 >= 1000000000ULL && t1 - t0 < 1000000000ULL + slack,
		      "TSC moved by %llu after adding 10^9 to TSC_ADJUST", t1 - t0);
	}
	/* IA32_TSC_AUX (0xC0000103) with RDTSCP and RDPID */
	int has_aux = BIT(c80000001[3], 27) || BIT(c7[2], 22);
	f = safe_wrmsr(0xC0000103u, 0x1234);
	usable_iff("tsc-aux-msr-iff-rdtscp-or-rdpid", has_aux, f, GP, "CPUID.80000001h:EDX[27] or CPUID.7.0:ECX[22]");
	uint32_t aux;
	if (BIT(c80000001[3], 27) && safe_rdtscp(&aux) == NOFAULT)
		check("rdtscp-returns-tsc-aux", aux == 0x1234, "ECX 0x%x, TSC_AUX 0x1234", aux);
	if (BIT(c7[2], 22) && safe_rdpid(&aux) == NOFAULT)
		check("rdpid-returns-tsc-aux", aux == 0x1234, "0x%x, TSC_AUX 0x1234", aux);
	if (has_aux && unmodeled) { /* bare Bochs takes any value */
		f = safe_wrmsr(0xC0000103u, 1ULL << 32);
		check("tsc-aux-reserved-bits-gp", f == GP, "TSC_AUX = 2^32: %s", fault_name(f));
	}
	/* IA32_TSC_DEADLINE (0x6E0) */
	f = safe_wrmsr(0x6E0, 0);
	usable_iff("tsc-deadline-msr-iff-advertised", BIT(c1[2], 24), f, GP, "CPUID.1:ECX[24]");
}

/* the MTRRs as a whole (SDM 12.11) */
static void mtrr_checks(uint32_t maxphy)
{
	/* MTRRs (12.11) */
	if (!BIT(c1[3], 12)) {
		msr_present_iff("mtrrcap-msr-iff-advertised", 0xFE, 0, 0, 0, "CPUID.1:EDX[12]");
		return;
	}
	uint64_t cap;
	uint32_t f = safe_rdmsr(0xFE, &cap);
	check("mtrrcap-readable", f == NOFAULT, "%s", fault_name(f));
	uint32_t vcnt = cap & 0xFF;
	check("mtrrcap-variable-count-sane", vcnt >= 1 && vcnt <= 32, "VCNT %u", vcnt);
	uint64_t def = rt_rdmsr(0x2FF);
	f = safe_wrmsr(0x2FF, def);
	check("mtrr-deftype-write-back", f == NOFAULT && rt_rdmsr(0x2FF) == def, "%s", fault_name(f));
	f = safe_wrmsr(0x2FF, (def & ~0xFFULL) | 2);
	check("mtrr-deftype-reserved-type-gp", f == GP, "type 2: %s", fault_name(f));
	if (f != GP)
		rt_wrmsr(0x2FF, def);
	int all = 1;
	uint32_t free_pair = 0xFFFFFFFFu;
	for (uint32_t i = 0; i < vcnt; i++) {
		uint64_t b, mk;
		if (safe_rdmsr(0x200 + 2 * i, &b) != NOFAULT || safe_rdmsr(0x201 + 2 * i, &mk) != NOFAULT)
			all = 0;
		else if (!BIT(mk, 11) && free_pair == 0xFFFFFFFFu)
			free_pair = i;
	}
	check("mtrr-variable-pairs-below-vcnt-readable", all, "a PHYSBASE/PHYSMASK below VCNT %u faulted", vcnt);
	uint64_t x;
	uint32_t fb = safe_rdmsr(0x200 + 2 * vcnt, &x);
	uint32_t fm = safe_rdmsr(0x201 + 2 * vcnt, &x);
	if (vcnt < 10) /* 0x200-0x213 are the architectural variable range; beyond VCNT they are absent */
		check("mtrr-variable-pair-at-vcnt-gp", fb == GP && fm == GP, "PHYSBASE%u %s, PHYSMASK%u %s", vcnt, fault_name(fb), vcnt,
		      fault_name(fm));
	if (free_pair != 0xFFFFFFFFu) {
		uint32_t mb = 0x200 + 2 * free_pair;
		uint64_t ob = rt_rdmsr(mb), om = rt_rdmsr(mb + 1);
		uint64_t nb = 0x10000000ULL | 6, nm = (((1ULL << maxphy) - 1) & ~0xFFFFFULL) & ~0xFFFULL; /* valid bit clear */
		uint32_t f1 = safe_wrmsr(mb, nb), f2 = safe_wrmsr(mb + 1, nm);
		check("mtrr-variable-pair-read-write", f1 == NOFAULT && f2 == NOFAULT && rt_rdmsr(mb) == nb && rt_rdmsr(mb + 1) == nm,
		      "pair %u: %s/%s, reads 0x%llx/0x%llx", free_pair, fault_name(f1), fault_name(f2), rt_rdmsr(mb), rt_rdmsr(mb + 1));
		if (maxphy < 52) {
			f = safe_wrmsr(mb, nb | (1ULL << maxphy));
			check("mtrr-physbase-above-maxphyaddr-gp", f == GP, "bit %u: %s", maxphy, fault_name(f));
		}
		f = safe_wrmsr(mb, (nb & ~0xFFULL) | 3);
		check("mtrr-physbase-reserved-type-gp", f == GP, "type 3: %s", fault_name(f));
		rt_wrmsr(mb + 1, om);
		rt_wrmsr(mb, ob);
	}
	if (BIT(cap, 8)) { /* fixed-range MTRRs */
		static const uint32_t fixed[] = {0x250, 0x258, 0x259, 0x268, 0x269, 0x26A, 0x26B, 0x26C, 0x26D, 0x26E, 0x26F};
		int ok = 1;
		for (uint32_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
			uint64_t val;
			if (safe_rdmsr(fixed[i], &val) != NOFAULT || safe_wrmsr(fixed[i], val) != NOFAULT)
				ok = 0;
		}
		check("mtrr-fixed-ranges-read-write", ok, "a fixed-range MTRR faulted on read or write-back");
		uint64_t o = rt_rdmsr(0x26F);
		f = safe_wrmsr(0x26F, (o & ~0xFFULL) | 2);
		check("mtrr-fixed-reserved-type-gp", f == GP, "type 2 in MTRRfix4K_F8000: %s", fault_name(f));
		if (f != GP)
			rt_wrmsr(0x26F, o);
	} else {
		msr_present_iff("mtrr-fixed-iff-mtrrcap-fix", 0x250, 0, 0, 0, "MTRRcap[8]");
	}
}

static void pat_mtrr_checks(uint32_t maxphy)
{
	/* PAT (0x277, 12.12.2): types 0, 1, 4, 5, 6, 7 valid; 2 and 3 reserved */
	if (BIT(c1[3], 16)) {
		uint64_t pat = rt_rdmsr(0x277), val = 0x0007040600070406ULL;
		uint32_t f = safe_wrmsr(0x277, val);
		check("pat-valid-value-read-back", f == NOFAULT && rt_rdmsr(0x277) == val, "%s, reads 0x%llx", fault_name(f),
		      rt_rdmsr(0x277));
		f = safe_wrmsr(0x277, (val & ~0xFF00ULL) | 0x0200ULL);
		check("pat-reserved-type-2-gp", f == GP, "PA1 = 2: %s", fault_name(f));
		f = safe_wrmsr(0x277, val | 0x0800ULL);
		check("pat-reserved-bits-gp", f == GP, "PA1 bit 3 set: %s", fault_name(f));
		rt_wrmsr(0x277, pat);
	} else {
		msr_present_iff("pat-msr-iff-advertised", 0x277, 0, 0, 0, "CPUID.1:EDX[16]");
	}
	mtrr_checks(maxphy);
}

/* unallocated MSRs #GP; the ones CPUID enumerates exist exactly then */
static void enumerated_msr_checks(void)
{
	uint64_t v;
	uint32_t f;
	/* architecturally unallocated MSR numbers */
	static const uint32_t none[] = {0x12345678u, 0x00002FFFu, 0xC000FFFFu};
	for (uint32_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		uint32_t fr = safe_rdmsr(none[i], &v), fw = safe_wrmsr(none[i], 0);
		char name[48];
		check(cname(name, sizeof(name), "unimplemented-msr-0x%x-gp", none[i]), fr == GP && fw == GP, "RDMSR %s, WRMSR %s",
		      fault_name(fr), fault_name(fw));
	}
	/* speculation-control MSRs present exactly as CPUID.7.0:EDX enumerates them */
	uint32_t e = c7[3];
	msr_present_iff("spec-ctrl-iff-ibrs-stibp-or-ssbd", 0x48, BIT(e, 26) || BIT(e, 27) || BIT(e, 31), 0, 0,
			"CPUID.7.0:EDX[26|27|31]");
	msr_present_iff("pred-cmd-iff-ibpb", 0x49, BIT(e, 26), 1, 1, "CPUID.7.0:EDX[26]");
	msr_present_iff("flush-cmd-iff-l1d-flush", 0x10B, BIT(e, 28), 1, 1, "CPUID.7.0:EDX[28]");
	msr_present_iff("arch-capabilities-iff-enumerated", 0x10A, BIT(e, 29), 0, 0, "CPUID.7.0:EDX[29]");
	if (BIT(e, 26) || BIT(e, 27) || BIT(e, 31)) {
		f = safe_wrmsr(0x48, 0);
		check("spec-ctrl-write-zero", f == NOFAULT, "%s", fault_name(f));
	}
	if (BIT(e, 26)) {
		f = safe_wrmsr(0x49, 2);
		check("pred-cmd-reserved-bit-gp", f == GP, "PRED_CMD = 2: %s", fault_name(f));
	}
	/* other MSRs that CPUID enumerates */
	msr_present_iff("feature-control-iff-vmx-or-smx", 0x3A, BIT(c1[2], 5) || BIT(c1[2], 6), 0, 0, "CPUID.1:ECX[5|6]");
	if (BIT(c1[3], 11)) {
		uint64_t o = rt_rdmsr(0x174);
		f = safe_wrmsr(0x174, 0x08);
		check("sysenter-cs-read-write", f == NOFAULT && rt_rdmsr(0x174) == 0x08, "%s", fault_name(f));
		rt_wrmsr(0x174, o);
	}
	/* EFER.NXE settable exactly when NX is advertised */
	int has_efer = BIT(c80000001[3], 20) || BIT(c80000001[3], 29) || BIT(c80000001[3], 11);
	if (has_efer) {
		uint64_t efer = rt_rdmsr(0xC0000080u);
		f = safe_wrmsr(0xC0000080u, efer | (1u << 11));
		usable_iff("efer-nxe-iff-nx", BIT(c80000001[3], 20), f, GP, "CPUID.80000001h:EDX[20]");
		rt_wrmsr(0xC0000080u, efer);
	}
	/* performance counters: IA32_PMCi for i below CPUID.0Ah:EAX[15:8], and no more */
	uint32_t r[4];
	if (maxleaf >= 0xA) {
		rt_cpuid(0xA, r);
		uint32_t ver = r[0] & 0xFF, n = (r[0] >> 8) & 0xFF;
		int ok = 1;
		for (uint32_t i = 0; i < n && i < 8; i++)
			if (safe_rdmsr(0xC1 + i, &v) != NOFAULT || safe_rdmsr(0x186 + i, &v) != NOFAULT)
				ok = 0;
		if (unmodeled) /* bare Bochs enumerates counters it does not model */
			check("pmc-below-count-present", ok, "an IA32_PMCi or PERFEVTSELi below %u faulted", n);
		if (n < 8) {
			f = safe_rdmsr(0xC1 + n, &v);
			check("pmc-at-count-absent-gp", f == GP, "IA32_PMC%u (count %u, version %u): %s", n, n, ver, fault_name(f));
		}
	}
}

static void misc_msr_checks(void)
{
	uint64_t v;
	uint32_t f;
	/* IA32_MISC_ENABLE (vol. 4, architectural since the Pentium 4) and the machine-check banks:
	 * bare Bochs models neither (#GP), so these run with "unmodeled=1" only */
	if (unmodeled) {
		f = safe_rdmsr(0x1A0, &v);
		check("misc-enable-readable", f == NOFAULT, "IA32_MISC_ENABLE: %s", fault_name(f));
	}
	/* machine check (16.3): MCG_CAP's count of banks, MCi_CTL and MCi_STATUS for each */
	if (BIT(c1[3], 14) && unmodeled) {
		uint64_t cap;
		f = safe_rdmsr(0x179, &cap);
		check("mcg-cap-readable", f == NOFAULT, "%s", fault_name(f));
		uint32_t n = cap & 0xFF;
		check("mcg-status-readable", safe_rdmsr(0x17A, &v) == NOFAULT, "MCG_STATUS: %s", fault_name(trap_vector));
		int ok = 1;
		for (uint32_t i = 0; i < n && i < 32; i++)
			if (safe_rdmsr(0x400 + 4 * i, &v) != NOFAULT || safe_rdmsr(0x401 + 4 * i, &v) != NOFAULT)
				ok = 0;
		check("mc-banks-ctl-and-status-readable", ok, "a bank below MCG_CAP.Count %u faulted", n);
		if (n < 29) {
			uint32_t f1 = safe_rdmsr(0x400 + 4 * n, &v);
			check("mc-bank-at-count-absent-gp", f1 == GP, "MC%u_CTL: %s", n, fault_name(f1));
		}
		if (BIT(cap, 8))
			check("mcg-ctl-iff-mcg-ctl-p", safe_rdmsr(0x17B, &v) == NOFAULT, "MCG_CTL: %s", fault_name(trap_vector));
	} else if (!BIT(c1[3], 14)) {
		msr_present_iff("mcg-cap-iff-mca", 0x179, 0, 0, 0, "CPUID.1:EDX[14]");
	}
	enumerated_msr_checks();
}

/* ---- x2APIC: EXTD settable exactly when advertised ---- */
static void x2apic_checks(void)
{
	uint64_t b = rt_rdmsr(0x1B);
	uint32_t f = safe_wrmsr(0x1B, b | (1u << 10));
	usable_iff("x2apic-mode-iff-advertised", BIT(c1[2], 21), f, GP, "CPUID.1:ECX[21]");
	if (f == NOFAULT) {
		uint64_t id;
		f = safe_rdmsr(0x802, &id);
		check("x2apic-id-msr-readable-in-x2apic-mode", f == NOFAULT, "%s", fault_name(f));
	}
}

/* ---- topology: each CPU's view (leaves 1, 4, 0Bh, 1Fh, the APIC ID register) ---- */
struct view {
	uint32_t apic_reg, cpuid1_id, b_ids[6], b_levels, b_type_ok, b_count, b_shift, f_ids_ok, leaf4_cores;
};
static volatile struct view views[MAXCPU];
static volatile uint32_t nviews = 1, views_done;

static void take_view(volatile struct view *v)
{
	uint32_t r[4];
	v->apic_reg = apic_rd(0x20) >> 24; /* xAPIC mode on every CPU here */
	rt_cpuid(1, r);
	v->cpuid1_id = r[1] >> 24;
	v->b_levels = 0;
	v->b_type_ok = 1;
	for (uint32_t s = 0; s < 6; s++) {
		cpuid2(0xB, s, r);
		uint32_t type = (r[2] >> 8) & 0xFF;
		v->b_ids[s] = r[3];
		if (!type)
			break;
		/* (sub-leaf 0 is the SMT level on Intel CPUs; bare Bochs with one thread per core
		 * reports a core level there, so the type of sub-leaf 0 is not checked) */
		if ((r[2] & 0xFF) != s || r[1] == 0)
			v->b_type_ok = 0;
		v->b_levels = s + 1;
		v->b_count = r[1] & 0xFFFF;
		v->b_shift = r[0] & 0x1F;
	}
	v->f_ids_ok = 1;
	rt_cpuid(0, r);
	if (r[0] >= 0x1F) {
		uint32_t id = v->b_ids[0];
		for (uint32_t s = 0; s < 6; s++) {
			cpuid2(0x1F, s, r);
			if (!((r[2] >> 8) & 0xFF))
				break;
			if (r[3] != id)
				v->f_ids_ok = 0;
		}
	}
	cpuid2(4, 0, r);
	v->leaf4_cores = (r[0] & 0x1F) ? ((r[0] >> 26) & 0x3F) + 1 : 0;
}

void ap_main(uint32_t index)
{
	(void)index;
	conf_ap_enter();
	uint32_t s = __atomic_fetch_add(&nviews, 1, __ATOMIC_SEQ_CST);
	if (s < MAXCPU)
		take_view(&views[s]);
	__atomic_fetch_add(&views_done, 1, __ATOMIC_SEQ_CST);
	for (;;)
		__asm__ volatile("cli; hlt");
}

static void topology_checks(uint32_t ncpu)
{
	take_view(&views[0]);
	uint32_t n = conf_start_aps(ncpu - 1);
	WAIT_US(views_done >= n, 1000000);
	check("init-sipi-sipi-starts-every-ap", n == ncpu - 1, "%u AP(s) started, want %u", n, ncpu - 1);
	uint32_t cpus = nviews < MAXCPU ? nviews : MAXCPU;
	char name[48];
	uint32_t pkg0 = views[0].b_ids[0] >> views[0].b_shift;
	for (uint32_t i = 0; i < cpus; i++) {
		volatile struct view *v = &views[i];
		check(cname(name, sizeof(name), "cpu%u-cpuid-1-apic-id-is-apic-register", i), v->cpuid1_id == v->apic_reg,
		      "CPUID.1:EBX[31:24] %u, APIC ID register %u", v->cpuid1_id, v->apic_reg);
		int same = 1;
		for (uint32_t s = 0; s < v->b_levels; s++)
			if (v->b_ids[s] != v->b_ids[0])
				same = 0;
		check(cname(name, sizeof(name), "cpu%u-cpuid-0b-edx-is-x2apic-id", i),
		      v->b_levels >= 1 && same && (v->b_ids[0] & 0xFF) == v->apic_reg,
		      "%u level(s), EDX 0x%x (same on every level: %d), APIC ID %u", v->b_levels, v->b_ids[0], same, v->apic_reg);
		check(cname(name, sizeof(name), "cpu%u-cpuid-0b-levels-well-formed", i), v->b_type_ok,
		      "a level with a wrong number, type or zero processor count");
		check(cname(name, sizeof(name), "cpu%u-cpuid-1f-edx-is-x2apic-id", i), v->f_ids_ok, "leaf 1Fh EDX differs from 0Bh");
		check(cname(name, sizeof(name), "cpu%u-same-level-layout", i),
		      v->b_levels == views[0].b_levels && v->b_shift == views[0].b_shift && v->b_count == views[0].b_count,
		      "%u levels, shift %u, count %u; the BSP: %u, %u, %u", v->b_levels, v->b_shift, v->b_count, views[0].b_levels,
		      views[0].b_shift, views[0].b_count);
	}
	int unique = 1;
	for (uint32_t i = 0; i < cpus; i++)
		for (uint32_t j = 0; j < i; j++)
			if (views[i].b_ids[0] == views[j].b_ids[0])
				unique = 0;
	check("x2apic-ids-unique", unique, "two CPUs report the same x2APIC ID");
	uint32_t in_pkg = 0;
	for (uint32_t i = 0; i < cpus; i++)
		if ((views[i].b_ids[0] >> views[0].b_shift) == pkg0)
			in_pkg++;
	check("cpuid-0b-package-count-covers-its-cpus", views[0].b_count >= in_pkg,
	      "the package level counts %u logical processors, %u booted CPUs have the BSP's package ID", views[0].b_count, in_pkg);
	uint32_t r[4];
	rt_cpuid(1, r);
	if (BIT(r[3], 28))
		check("cpuid-1-logical-count-covers-package", ((r[1] >> 16) & 0xFF) >= in_pkg,
		      "CPUID.1:EBX[23:16] %u, %u CPUs in the BSP's package", (r[1] >> 16) & 0xFF, in_pkg);
	else
		check("cpuid-1-no-htt-means-one-cpu-per-package", in_pkg == 1, "HTT clear, %u CPUs in the BSP's package", in_pkg);
	uint32_t threads = 1;
	cpuid2(0xB, 0, r);
	if (((r[2] >> 8) & 0xFF) == 1)
		threads = r[1] & 0xFFFF;
	if (views[0].leaf4_cores)
		check("cpuid-4-cores-times-threads-covers-package", views[0].leaf4_cores * threads >= in_pkg,
		      "leaf 4 says %u cores per package, leaf 0Bh %u threads per core, %u CPUs in the BSP's package",
		      views[0].leaf4_cores, threads, in_pkg);
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	uint32_t ncpu = rt_cmdline_uint(info, "cpus=", 2);
	unmodeled = rt_cmdline_uint(info, "unmodeled=", 0);
	if (ncpu < 1 || ncpu > MAXCPU)
		ncpu = 2;
	conf_init("cpuidmsr");
	apic_wr(0xF0, 0x15F);
	leaf_checks();
	uint32_t r[4], maxphy = 36;
	if (maxext >= 0x80000008u) {
		rt_cpuid(0x80000008u, r);
		maxphy = r[0] & 0xFF;
	}
	if (ncpu > 1)
		topology_checks(ncpu);
	cr4_checks();
	insn_checks();
	xsave_checks();
	tsc_checks();
	pat_mtrr_checks(maxphy);
	misc_msr_checks();
	x2apic_checks();
	conf_done();
}
