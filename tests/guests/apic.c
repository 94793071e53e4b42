/* SPDX-License-Identifier: BSD-2-Clause */
/* Conformance guest "apic": the local APIC of one CPU, as Intel SDM vol. 3 chapter 11 describes
 * it, in xAPIC form (MMIO at the IA32_APIC_BASE address, touched with varied instruction forms,
 * always aligned 32-bit accesses, SDM 11.4.1) and in x2APIC form (MSRs, SDM 11.12), then the
 * IA32_APIC_BASE mode transitions (SDM 11.12.5). Section numbers are those of the SDM's APIC
 * chapter (chapter 11 in current editions, 10 in older ones). Written from the SDM; every check
 * kept passes on bare Bochs (corei7_skylake_x). Command line: "unmodeled=1" adds the SDM checks
 * of what bare Bochs does not model (each marked below: the LVT error interrupt, IA32_TSC_DEADLINE
 * cleared on expiry, the x2APIC LDR and logical delivery, the x2APIC ICR read-back, re-enabling
 * a disabled APIC and its reset state), so those are not validated on Bochs. */
#include "conf.h"

#define A(reg) (APIC_MMIO + (reg))
#define ID 0x20
#define VER 0x30
#define TPR 0x80
#define PPR 0xA0
#define EOI 0xB0
#define LDR 0xD0
#define DFR 0xE0
#define SVR 0xF0
#define ISR 0x100
#define TMR 0x180
#define IRR 0x200
#define ESR 0x280
#define LVT_CMCI 0x2F0
#define ICR_LO 0x300
#define ICR_HI 0x310
#define LVT_TIMER 0x320
#define LVT_THERMAL 0x330
#define LVT_PERF 0x340
#define LVT_LINT0 0x350
#define LVT_LINT1 0x360
#define LVT_ERROR 0x370
#define TMICT 0x380
#define TMCCT 0x390
#define TDCR 0x3E0
#define MASKED (1u << 16)
#define X2(reg) (0x800u + ((reg) >> 4))

/* ---- xAPIC MMIO in different instruction forms (all aligned 32-bit accesses) ---- */
/* mov r32, [reg] */
static inline uint32_t rd_base(uint32_t reg)
{
	uint32_t v;
	__asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(A(reg)) : "memory");
	return v;
}
/* mov r32, [base + index*4] */
static inline uint32_t rd_sib(uint32_t reg)
{
	uint32_t v;
	__asm__ volatile("movl (%1,%2,4), %0" : "=r"(v) : "r"(APIC_MMIO), "r"(reg / 4) : "memory");
	return v;
}
/* mov eax, [moffs32] (opcode A1) */
#define RD_MOFFS(reg)                                                                           \
	({                                                                                      \
		uint32_t v__;                                                                   \
		__asm__ volatile("movl %c1, %%eax" : "=a"(v__) : "i"(APIC_MMIO + (reg)) : "memory"); \
		v__;                                                                            \
	})
/* mov r32, [base + disp32] */
#define RD_DISP(reg)                                                                                 \
	({                                                                                           \
		uint32_t v__;                                                                        \
		__asm__ volatile("movl %c1(%2), %0" : "=r"(v__) : "i"(reg), "r"(APIC_MMIO) : "memory"); \
		v__;                                                                                 \
	})
/* mov [reg], r32 */
static inline void wr_base(uint32_t reg, uint32_t v) { __asm__ volatile("movl %0, (%1)" ::"r"(v), "r"(A(reg)) : "memory"); }
/* mov [base + index*4], r32 */
static inline void wr_sib(uint32_t reg, uint32_t v)
{
	__asm__ volatile("movl %0, (%1,%2,4)" ::"r"(v), "r"(APIC_MMIO), "r"(reg / 4) : "memory");
}
/* mov dword [disp32], imm32 (C7 /0) */
#define WR_IMM(reg, imm) __asm__ volatile("movl %0, %c1" ::"i"(imm), "i"(APIC_MMIO + (reg)) : "memory")
/* mov [moffs32], eax (opcode A3) */
#define WR_MOFFS(reg, v) __asm__ volatile("movl %%eax, %c1" ::"a"(v), "i"(APIC_MMIO + (reg)) : "memory")
/* test dword [disp32], imm32 */
#define TEST_IMM(reg, mask)                                                                           \
	({                                                                                            \
		uint8_t nz__;                                                                         \
		__asm__ volatile("testl %1, %c2\n\tsetnz %0" : "=q"(nz__) : "i"(mask), "i"(APIC_MMIO + (reg)) \
				 : "memory", "cc");                                                   \
		nz__;                                                                                 \
	})
/* or dword [reg], imm32 / and dword [reg], imm32: read-modify-write */
static inline void or_mem(uint32_t reg, uint32_t m) { __asm__ volatile("orl %0, (%1)" ::"ri"(m), "r"(A(reg)) : "memory", "cc"); }
static inline void and_mem(uint32_t reg, uint32_t m) { __asm__ volatile("andl %0, (%1)" ::"ri"(m), "r"(A(reg)) : "memory", "cc"); }
/* cmpxchg [reg], r32 (no lock prefix): returns the old value, sets *swapped */
static inline uint32_t cmpxchg_mem(uint32_t reg, uint32_t expect, uint32_t nv, int *swapped)
{
	uint8_t z;
	__asm__ volatile("cmpxchgl %3, (%4)\n\tsetz %1" : "+a"(expect), "=q"(z) : "0"(expect), "r"(nv), "r"(A(reg)) : "memory", "cc");
	*swapped = z;
	return expect;
}
/* xchg [reg], r32: returns the old value */
static inline uint32_t xchg_mem(uint32_t reg, uint32_t v)
{
	__asm__ volatile("xchgl %0, (%1)" : "+r"(v) : "r"(A(reg)) : "memory");
	return v;
}
/* bt dword [reg], imm8 */
#define BT_MEM(reg, bit)                                                                              \
	({                                                                                            \
		uint8_t c__;                                                                          \
		__asm__ volatile("btl %1, (%2)\n\tsetc %0" : "=q"(c__) : "I"(bit), "r"(A(reg)) : "memory", "cc"); \
		c__;                                                                                  \
	})

/* ---- interrupts ---- */
static volatile uint32_t hits[256];
static volatile uint64_t hit_tsc[256];
static volatile uint32_t probe_vec;  /* the handler of this vector takes the snapshot below */
static volatile uint32_t probe_isr, probe_irr_before, probe_irr_after, probe_ppr, probe_tmr, probe_isr_after_eoi;
static volatile uint32_t probe_ppr_tpr_low, probe_ppr_tpr_high;
static int x2; /* the APIC is in x2APIC mode now */

static uint32_t lapic_rd(uint32_t reg) { return x2 ? (uint32_t)rt_rdmsr(X2(reg)) : rd_base(reg); }
static void lapic_wr(uint32_t reg, uint32_t v)
{
	if (x2)
		rt_wrmsr(X2(reg), v);
	else
		wr_sib(reg, v);
}
static uint32_t vec_bit(uint32_t base, uint32_t v) { return (lapic_rd(base + (v / 32) * 0x10) >> (v % 32)) & 1; }
static void self_ipi(uint32_t v)
{
	if (x2)
		rt_wrmsr(0x83F, v);
	else
		wr_base(ICR_LO, (1u << 18) | v); /* shorthand self, fixed */
}

void irq_handler(uint32_t v)
{
	hits[v]++;
	hit_tsc[v] = rt_rdtsc();
	if (v == 2)
		return; /* NMI: no EOI */
	if (v == probe_vec) {
		probe_vec = 0;
		probe_isr = vec_bit(ISR, v);
		probe_irr_before = vec_bit(IRR, v);
		probe_tmr = vec_bit(TMR, v);
		probe_ppr = lapic_rd(PPR);
		lapic_wr(TPR, 0x20); /* class 2 < 5: PPR = ISRV class, low nibble 0 */
		probe_ppr_tpr_low = lapic_rd(PPR);
		lapic_wr(TPR, 0x5A); /* class 5 >= 5: PPR = TPR */
		probe_ppr_tpr_high = lapic_rd(PPR);
		lapic_wr(TPR, 0);
		self_ipi(v); /* the same vector again: held in IRR while in service */
		probe_irr_after = vec_bit(IRR, v);
		lapic_wr(EOI, 0);
		probe_isr_after_eoi = vec_bit(ISR, v);
		return;
	}
	lapic_wr(EOI, 0);
}

/* Interrupts on until vector v has been taken n times in all, or us microseconds passed. */
static int took(uint32_t v, uint32_t n, uint32_t us)
{
	__asm__ volatile("sti");
	int r = WAIT_US(hits[v] >= n, us);
	__asm__ volatile("cli");
	return r;
}

static uint32_t cpuid1[4], maxlvt, version;
static uint32_t unmodeled; /* "unmodeled=1": SDM checks that bare Bochs does not model (not validated) */
static int has_x2apic, has_tscdl;

/* ---- IA32_APIC_BASE (SDM 11.4.4) ---- */
static void apic_base_checks(void)
{
	uint64_t b = rt_rdmsr(0x1B);
	check("apic-base-default-address-fee00000", (b & ~0xFFFULL) == 0xFEE00000ULL, "base 0x%llx", b & ~0xFFFULL);
	check("apic-base-bsp-flag-set-on-bsp", (b >> 8) & 1, "IA32_APIC_BASE 0x%llx", b);
	check("apic-base-enabled-xapic-after-reset", ((b >> 10) & 3) == 2, "EN/EXTD %llu (want EN=1 EXTD=0)", (b >> 10) & 3);
	check("cpuid-apic-flag-set-when-enabled", (cpuid1[3] >> 9) & 1, "CPUID.1:EDX 0x%x", cpuid1[3]);
	uint32_t f = safe_wrmsr(0x1B, b | 1); /* bit 0: reserved */
	check("apic-base-reserved-bit0-gp", f == GP, "%s", fault_name(f));
	uint32_t r[4];
	rt_cpuid(0x80000000u, r);
	uint32_t maxphy = 36;
	if (r[0] >= 0x80000008u) {
		rt_cpuid(0x80000008u, r);
		maxphy = r[0] & 0xFF;
	}
	if (maxphy < 64) {
		f = safe_wrmsr(0x1B, b | (1ULL << maxphy));
		check("apic-base-bit-above-maxphyaddr-gp", f == GP, "bit %u: %s", maxphy, fault_name(f));
	}
	check("apic-base-unchanged-after-gp", rt_rdmsr(0x1B) == b, "0x%llx, was 0x%llx", rt_rdmsr(0x1B), b);
}

/* ---- xAPIC registers (SDM 11.4.6, 11.4.8, 11.6.1, 11.8, 11.5.3, 11.6.2) ---- */
static void xapic_register_checks(void)
{
	uint32_t id = RD_MOFFS(ID) >> 24;
	check("xapic-id-is-cpuid-initial-apic-id", id == cpuid1[1] >> 24, "ID %u, CPUID.1:EBX[31:24] %u", id,
	      cpuid1[1] >> 24);
	version = RD_DISP(VER);
	maxlvt = (version >> 16) & 0xFF;
	check("version-integrated-apic-0x1x", (version & 0xF0) == 0x10, "version 0x%x", version);
	check("version-max-lvt-entry-at-least-4", maxlvt >= 4 && maxlvt <= 6, "max LVT entry %u", maxlvt);
	uint64_t mcg = 0;
	if (safe_rdmsr(0x179, &mcg) == NOFAULT && ((mcg >> 10) & 1))
		check("version-max-lvt-covers-cmci", maxlvt >= 6, "MCG_CAP.CMCI_P set, max LVT %u", maxlvt);
	wr_base(VER, 0);
	check("version-read-only", rd_base(VER) == version, "0x%x after writing 0, was 0x%x", rd_base(VER), version);

	/* TPR (SDM 11.8.3.1, figure 11-18): bits 7:0 */
	WR_IMM(TPR, 0x37);
	uint32_t tpr = rd_sib(TPR);
	check("tpr-read-write", tpr == 0x37, "0x%x after writing 0x37", tpr);
	uint32_t ppr = RD_DISP(PPR);
	check("ppr-equals-tpr-when-nothing-in-service", ppr == 0x37, "PPR 0x%x with TPR 0x37", ppr);
	wr_base(PPR, 0xF0);
	check("ppr-read-only", rd_base(PPR) == 0x37, "PPR 0x%x after writing 0xF0", rd_base(PPR));
	WR_IMM(TPR, 0);

	/* LDR (figure 11-13): bits 31:24; DFR (figure 11-14): model in 31:28, 27:0 reserved (all 1s) */
	wr_sib(LDR, 0xA5123456);
	uint32_t ldr = rd_sib(LDR);
	check("ldr-logical-id-bits-31-24", (ldr & 0xFF000000u) == 0xA5000000u, "0x%x after writing 0xA5123456", ldr);
	wr_base(DFR, 0x0FFFFFFF);
	uint32_t dfr = rd_base(DFR);
	check("dfr-cluster-model-read-back", dfr == 0x0FFFFFFFu, "0x%x after writing 0x0FFFFFFF", dfr);
	wr_base(DFR, 0xFFFFFFFF);
	dfr = rd_base(DFR);
	check("dfr-flat-model-read-back", dfr == 0xFFFFFFFFu, "0x%x after writing 0xFFFFFFFF", dfr);
	WR_IMM(LDR, 0);

	/* SVR (SDM 11.9, figure 11-23) */
	wr_base(SVR, 0x15F);
	check("svr-vector-and-enable-read-write", (rd_base(SVR) & 0x3FF) == 0x15F, "0x%x after writing 0x15F", rd_base(SVR));

	/* ISR, TMR, IRR and the current count are read-only (table 11-1) */
	int ro_ok = 1;
	for (uint32_t i = 0; i < 8; i++) {
		wr_base(ISR + i * 0x10, 0xFFFFFFFF);
		wr_sib(TMR + i * 0x10, 0xFFFFFFFF);
		wr_base(IRR + i * 0x10, 0xFFFFFFFF);
		if (rd_base(ISR + i * 0x10) || rd_base(TMR + i * 0x10) || rd_base(IRR + i * 0x10))
			ro_ok = 0;
	}
	check("isr-tmr-irr-read-only", ro_ok, "a write of all-ones stuck in ISR, TMR or IRR");
}

/* ---- ESR (SDM 11.5.3) and the LVT error interrupt ---- */
static void esr_checks(void)
{
	uint32_t id = rd_base(ID) >> 24;
	wr_base(LVT_ERROR, MASKED | 0x4E);
	wr_base(ESR, 0);
	uint32_t e0 = rd_base(ESR);
	check("esr-zero-after-write", e0 == 0, "ESR 0x%x", e0);
	wr_base(ICR_HI, id << 24);
	wr_base(ICR_LO, 0x03); /* fixed, physical, vector 3: illegal (0-15) */
	WAIT_US(0, 100);
	uint32_t e1 = rd_base(ESR);
	check("esr-read-without-write-not-updated", e1 == 0, "ESR 0x%x before the write that latches errors", e1);
	wr_base(ESR, 0);
	uint32_t e2 = rd_base(ESR);
	/* SDM: the sender sets bit 5 (send illegal vector), a receiver bit 6. Bochs sets only bit 6 on
	 * this self-directed IPI (sender and receiver are the same APIC): either bit is accepted. */
	check("esr-illegal-vector-logged", (e2 & 0x60) != 0, "ESR 0x%x after sending vector 3", e2);
	if (unmodeled)
		check("esr-send-illegal-vector-bit5", (e2 & 0x20) != 0, "ESR 0x%x after sending vector 3", e2);
	WR_IMM(ESR, 0x12345678); /* the value written does not matter */
	uint32_t e3 = rd_base(ESR);
	check("esr-write-clears-logged-errors", e3 == 0, "ESR 0x%x after a second write", e3);
	check("illegal-vector-not-delivered", conf_stray_count == 0, "an interrupt arrived on vector 0x%x", conf_stray_last);

	/* LVT error read/write. SDM 11.5.3 also has an unmasked LVT error raise its vector on an
	 * error; bare Bochs raises nothing ("unmodeled=1" only). */
	wr_base(LVT_ERROR, 0x4E);
	check("lvt-error-read-write", (rd_base(LVT_ERROR) & 0x100FF) == 0x4E, "0x%x after writing 0x4E", rd_base(LVT_ERROR));
	if (unmodeled) {
		wr_base(ICR_LO, 0x05);
		check("lvt-error-interrupt-on-illegal-vector", took(0x4E, 1, 20000), "no interrupt on vector 0x4E");
	}
	wr_base(LVT_ERROR, MASKED | 0x4E);
	wr_base(ESR, 0);
	wr_base(ESR, 0);
}

/* ---- SVR software disable (SDM 11.4.7.2) ---- */
static void svr_checks(void)
{
	static const uint32_t lvts[] = {LVT_TIMER, LVT_LINT0, LVT_LINT1, LVT_ERROR, LVT_PERF, LVT_THERMAL, LVT_CMCI};
	uint32_t n = maxlvt >= 6 ? 7 : maxlvt >= 5 ? 6 : 5;
	wr_base(LVT_TIMER, 0x41); /* unmasked, one-shot, not counting */
	wr_base(LVT_LINT1, 0x400); /* NMI, unmasked */
	wr_base(SVR, 0x05F);      /* software disabled */
	check("svr-software-disable-reads-back", (rd_base(SVR) & 0x100) == 0, "SVR 0x%x", rd_base(SVR));
	int all = 1;
	uint32_t bad = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!BT_MEM(lvts[i], 16))
			all = 0, bad = lvts[i];
	check("svr-disable-masks-every-lvt", all, "LVT 0x%x reads 0x%x", bad, all ? 0 : rd_base(bad));
	wr_base(LVT_TIMER, 0x41);
	check("svr-disabled-refuses-lvt-unmask", TEST_IMM(LVT_TIMER, MASKED), "LVT timer 0x%x after writing 0x41",
	      rd_base(LVT_TIMER));
	and_mem(LVT_LINT0, ~MASKED);
	check("svr-disabled-refuses-lvt-unmask-rmw", TEST_IMM(LVT_LINT0, MASKED), "LVT LINT0 0x%x after and ~mask",
	      rd_base(LVT_LINT0));
	wr_base(SVR, 0x15F); /* enabled again: the masks stay */
	check("svr-reenable-keeps-lvts-masked", BT_MEM(LVT_TIMER, 16) && BT_MEM(LVT_LINT1, 16), "LVT timer 0x%x, LINT1 0x%x",
	      rd_base(LVT_TIMER), rd_base(LVT_LINT1));
	wr_base(LVT_TIMER, 0x41);
	check("lvt-unmask-after-reenable", !TEST_IMM(LVT_TIMER, MASKED), "LVT timer 0x%x after writing 0x41",
	      rd_base(LVT_TIMER));
	or_mem(LVT_TIMER, MASKED);
	check("lvt-mask-by-rmw", BT_MEM(LVT_TIMER, 16), "LVT timer 0x%x after or mask", rd_base(LVT_TIMER));
	int swapped;
	uint32_t old = cmpxchg_mem(LVT_TIMER, MASKED | 0x41, MASKED | 0x42, &swapped);
	check("lvt-cmpxchg", swapped && old == (MASKED | 0x41) && rd_base(LVT_TIMER) == (MASKED | 0x42),
	      "old 0x%x, swapped %d, now 0x%x", old, swapped, rd_base(LVT_TIMER));
	old = xchg_mem(LVT_TIMER, MASKED | 0x43);
	check("lvt-xchg", old == (MASKED | 0x42) && rd_base(LVT_TIMER) == (MASKED | 0x43), "old 0x%x, now 0x%x", old,
	      rd_base(LVT_TIMER));
	wr_base(LVT_LINT1, MASKED | 0x400);
}

/* ---- fixed self IPIs, ISR/IRR/PPR in the handler, EOI, TPR (SDM 11.6, 11.8) ---- */
static void delivery_checks(const char *mode)
{
	char name[64];
#define NAME(s) cname(name, sizeof(name), "%s-%s", mode, s)
	/* the ICR with shorthand self (xAPIC) or the SELF IPI register (x2APIC) */
	uint32_t before = hits[0x44];
	if (x2)
		rt_wrmsr(0x830, (1u << 18) | 0x44);
	else {
		WR_MOFFS(ICR_LO, (1u << 18) | 0x44);
		int idle = WAIT_US(!TEST_IMM(ICR_LO, 1u << 12), 1000);
		check("icr-delivery-status-idle-after-send", idle, "ICR 0x%x", rd_base(ICR_LO));
		uint32_t icr = rd_base(ICR_LO);
		check("icr-low-read-back", (icr & 0xCCFFF) == ((1u << 18) | 0x44), "ICR low 0x%x after sending 0x40044", icr);
	}
	check(NAME("icr-shorthand-self-delivers"), took(0x44, before + 1, 20000), "vector 0x44 not taken");

	/* the handler looks at ISR, IRR, TMR and PPR (SDM 11.8.4, 11.8.3.1) */
	uint32_t v = 0x50, n0 = hits[v];
	probe_vec = v;
	self_ipi(v);
	int t = took(v, n0 + 2, 20000);
	check(NAME("isr-set-while-in-service"), probe_isr == 1, "ISR bit %u", probe_isr);
	check(NAME("irr-cleared-when-accepted"), probe_irr_before == 0, "IRR bit %u", probe_irr_before);
	check(NAME("tmr-clear-for-edge"), probe_tmr == 0, "TMR bit %u", probe_tmr);
	check(NAME("ppr-is-isrv-class-when-tpr-lower"), probe_ppr == 0x50 && probe_ppr_tpr_low == 0x50,
	      "PPR 0x%x with TPR 0, 0x%x with TPR 0x20, vector 0x50 in service", probe_ppr, probe_ppr_tpr_low);
	check(NAME("ppr-is-tpr-when-tpr-class-not-lower"), probe_ppr_tpr_high == 0x5A, "PPR 0x%x with TPR 0x5A, 0x50 in service",
	      probe_ppr_tpr_high);
	check(NAME("irr-holds-vector-already-in-service"), probe_irr_after == 1, "IRR bit %u", probe_irr_after);
	check(NAME("eoi-clears-highest-isr-bit"), probe_isr_after_eoi == 0, "ISR bit %u after EOI", probe_isr_after_eoi);
	check(NAME("held-vector-delivered-after-eoi"), t, "vector 0x50 taken %u time(s), want 2", hits[v] - n0);

	/* TPR blocks classes not above it (SDM 11.8.3) */
	lapic_wr(TPR, 0x50);
	n0 = hits[0x45];
	self_ipi(0x45);
	int blocked = !took(0x45, n0 + 1, 2000);
	check(NAME("tpr-blocks-lower-class"), blocked && vec_bit(IRR, 0x45), "vector 0x45 taken with TPR 0x50 (IRR bit %u)",
	      vec_bit(IRR, 0x45));
	lapic_wr(TPR, 0x40);
	blocked = !took(0x45, n0 + 1, 2000);
	check(NAME("tpr-blocks-same-class"), blocked, "vector 0x45 taken with TPR 0x40");
	lapic_wr(TPR, 0x30);
	check(NAME("tpr-lowered-delivers-pending"), took(0x45, n0 + 1, 20000), "vector 0x45 not taken with TPR 0x30");
	lapic_wr(TPR, 0);
	check(NAME("irr-isr-empty-when-idle"), !vec_bit(IRR, 0x45) && !vec_bit(ISR, 0x45) && !vec_bit(ISR, 0x50),
	      "IRR/ISR bits left set");
#undef NAME
}

/* ---- timer (SDM 11.5.4) ---- */
static volatile uint32_t dummy;
#define NAME(s) cname(name, sizeof(name), "%s-%s", mode, s)
/* The divide configuration and the count going down; returns counts per millisecond at divide 1. */
static uint32_t timer_counting_checks(const char *mode)
{
	char name[64];
	/* divide configuration: bits 0, 1, 3 (figure 11-10) */
	lapic_wr(TDCR, 0xB);
	uint32_t d = lapic_rd(TDCR);
	lapic_wr(TDCR, 0x1);
	uint32_t d2 = lapic_rd(TDCR);
	check(NAME("timer-divide-config-read-write"), (d & 0xB) == 0xB && (d2 & 0xB) == 1, "0x%x after 0xB, 0x%x after 1", d, d2);

	/* one-shot counting down, masked: the count runs without an interrupt */
	lapic_wr(TDCR, 0xB); /* divide by 1 */
	lapic_wr(LVT_TIMER, MASKED | 0x46);
	lapic_wr(TMICT, 0xFFFFFFFF);
	check(NAME("timer-initial-count-read-back"), lapic_rd(TMICT) == 0xFFFFFFFFu, "0x%x", lapic_rd(TMICT));
	uint32_t c1 = lapic_rd(TMCCT);
	WAIT_US(0, 1000);
	uint32_t c2 = lapic_rd(TMCCT);
	check(NAME("timer-current-count-decreases"), c1 <= 0xFFFFFFFFu && c2 < c1, "%u then %u", c1, c2);
	if (!x2) {
		wr_base(TMCCT, 0xFFFFFFFF); /* read-only: ignored */
		uint32_t c3 = rd_base(TMCCT);
		check("timer-current-count-read-only", c3 < c2, "%u after writing 0xFFFFFFFF, was %u", c3, c2);
	}
	/* the rate at divide 1 and at divide 4, over the same TSC interval */
	uint64_t span = conf_tsc_hz / 500; /* 2 ms */
	uint32_t a = lapic_rd(TMCCT);
	uint64_t end = rt_rdtsc() + span;
	while (rt_rdtsc() < end)
		;
	uint32_t rate1 = a - lapic_rd(TMCCT);
	lapic_wr(TDCR, 0x1); /* divide by 4 */
	lapic_wr(TMICT, 0xFFFFFFFF);
	a = lapic_rd(TMCCT);
	end = rt_rdtsc() + span;
	while (rt_rdtsc() < end)
		;
	uint32_t rate4 = a - lapic_rd(TMCCT);
	check(NAME("timer-divide-by-4-counts-4x-slower"), rate4 && rate1 / rate4 >= 3 && rate1 * 10 / rate4 <= 50,
	      "%u counts at divide 1, %u at divide 4 in 2 ms", rate1, rate4);
	lapic_wr(TMICT, 0);
	check(NAME("timer-initial-count-zero-stops"), lapic_rd(TMCCT) == 0, "current count %u", lapic_rd(TMCCT));
	uint32_t per_ms = rate1 / 2; /* counts per millisecond at divide 1 */
	if (!per_ms)
		per_ms = 1;
	return per_ms;
}

/* One-shot, periodic and masked modes. */
static void timer_mode_checks(const char *mode, uint32_t per_ms)
{
	char name[64];
	uint32_t n0;
	/* one-shot: one interrupt, then the current count stays 0 */
	lapic_wr(TDCR, 0xB);
	lapic_wr(LVT_TIMER, 0x46);
	n0 = hits[0x46];
	lapic_wr(TMICT, per_ms); /* 1 ms */
	int fired = took(0x46, n0 + 1, 50000);
	check(NAME("timer-one-shot-fires"), fired, "no interrupt on vector 0x46");
	took(0x46, n0 + 2, 5000);
	check(NAME("timer-one-shot-fires-once"), hits[0x46] == n0 + 1, "%u interrupts", hits[0x46] - n0);
	check(NAME("timer-one-shot-count-zero-after-expiry"), lapic_rd(TMCCT) == 0, "current count %u", lapic_rd(TMCCT));

	/* periodic: reloads from the initial count */
	lapic_wr(LVT_TIMER, (1u << 17) | 0x47);
	check(NAME("timer-periodic-mode-read-back"), ((lapic_rd(LVT_TIMER) >> 17) & 3) == 1, "LVT timer 0x%x",
	      lapic_rd(LVT_TIMER));
	n0 = hits[0x47];
	uint64_t t0 = rt_rdtsc();
	lapic_wr(TMICT, per_ms); /* 1 ms period */
	took(0x47, n0 + 5, 100000);
	uint64_t dt = rt_rdtsc() - t0;
	uint32_t ms5 = (uint32_t)(dt * 1000 / conf_tsc_hz);
	check(NAME("timer-periodic-repeats"), hits[0x47] >= n0 + 5 && ms5 >= 3 && ms5 <= 8, "%u interrupts, 5 in %u ms (1 ms period)",
	      hits[0x47] - n0, ms5);
	check(NAME("timer-periodic-count-reloads"), lapic_rd(TMCCT) != 0, "current count 0 in periodic mode");
	lapic_wr(TMICT, 0);
	n0 = hits[0x47];
	took(0x47, n0 + 1, 3000);
	check(NAME("timer-periodic-stopped-by-zero-count"), hits[0x47] <= n0 + 1, "%u interrupts after the count was zeroed",
	      hits[0x47] - n0);
	/* masked one-shot: the count still reaches 0, no interrupt */
	lapic_wr(LVT_TIMER, MASKED | 0x48);
	n0 = hits[0x48];
	lapic_wr(TMICT, per_ms / 4 + 1);
	took(0x48, n0 + 1, 3000);
	check(NAME("timer-masked-no-interrupt"), hits[0x48] == n0 && lapic_rd(TMCCT) == 0, "%u interrupts, count %u",
	      hits[0x48] - n0, lapic_rd(TMCCT));
}

/* TSC-deadline mode (SDM 11.5.4.1). */
static void timer_deadline_checks(const char *mode)
{
	char name[64];
	uint32_t n0;
	if (!has_tscdl) {
		skip(NAME("tsc-deadline"), "CPUID.1:ECX.TSC_Deadline[24] is 0");
	} else {
		lapic_wr(LVT_TIMER, (2u << 17) | 0x49);
		check(NAME("tsc-deadline-mode-read-back"), ((lapic_rd(LVT_TIMER) >> 17) & 3) == 2, "LVT timer 0x%x",
		      lapic_rd(LVT_TIMER));
		lapic_wr(TMICT, 12345);
		check(NAME("tsc-deadline-initial-count-ignored"), lapic_rd(TMCCT) == 0, "current count %u after writing the initial count",
		      lapic_rd(TMCCT));
		n0 = hits[0x49];
		uint64_t dl = rt_rdtsc() + conf_tsc_hz / 1000; /* 1 ms */
		rt_wrmsr(0x6E0, dl);
		int f = took(0x49, n0 + 1, 50000);
		check(NAME("tsc-deadline-fires"), f, "no interrupt on vector 0x49");
		check(NAME("tsc-deadline-not-before-deadline"), !f || hit_tsc[0x49] >= dl, "taken %llu ticks early",
		      dl - hit_tsc[0x49]);
		/* SDM 11.5.4.1: the timer clears IA32_TSC_DEADLINE when it fires; bare Bochs keeps the
		 * deadline there ("unmodeled=1" only) */
		if (unmodeled)
			check(NAME("tsc-deadline-msr-zero-after-fire"), rt_rdmsr(0x6E0) == 0, "IA32_TSC_DEADLINE 0x%llx",
			      rt_rdmsr(0x6E0));
		n0 = hits[0x49];
		rt_wrmsr(0x6E0, 1); /* in the past: at once */
		check(NAME("tsc-deadline-past-fires-at-once"), took(0x49, n0 + 1, 1000), "no interrupt");
		n0 = hits[0x49];
		rt_wrmsr(0x6E0, rt_rdtsc() + conf_tsc_hz / 1000);
		rt_wrmsr(0x6E0, 0); /* disarm */
		took(0x49, n0 + 1, 3000);
		check(NAME("tsc-deadline-zero-disarms"), hits[0x49] == n0, "%u interrupts after writing 0", hits[0x49] - n0);
		rt_wrmsr(0x6E0, rt_rdtsc() + conf_tsc_hz / 1000);
		lapic_wr(LVT_TIMER, MASKED | 0x49); /* masked: no interrupt comes */
		took(0x49, n0 + 1, 3000);
		check(NAME("tsc-deadline-masked-no-interrupt"), hits[0x49] == n0, "%u interrupts", hits[0x49] - n0);
		rt_wrmsr(0x6E0, 0);
	}
}

static void timer_checks(const char *mode)
{
	timer_mode_checks(mode, timer_counting_checks(mode));
	timer_deadline_checks(mode);
	lapic_wr(LVT_TIMER, MASKED | 0x46);
	lapic_wr(TMICT, 0);
}
#undef NAME

/* ---- logical destinations in xAPIC mode (SDM 11.6.2.2) ---- */
static uint32_t logical_self(uint32_t dest, uint32_t v)
{
	uint32_t n0 = hits[v];
	wr_base(ICR_HI, dest << 24);
	wr_base(ICR_LO, (1u << 11) | v); /* fixed, logical */
	took(v, n0 + 1, 2000);
	return hits[v] - n0;
}
static void logical_checks(void)
{
	wr_base(DFR, 0xFFFFFFFF); /* flat */
	wr_base(LDR, 0x04000000);
	check("logical-flat-match-delivers", logical_self(0x04, 0x4A) == 1, "dest 0x04, LDR 0x04: not taken");
	check("logical-flat-any-bit-delivers", logical_self(0x86, 0x4A) == 1, "dest 0x86, LDR 0x04: not taken");
	check("logical-flat-mismatch-not-delivered", logical_self(0x08, 0x4A) == 0, "dest 0x08, LDR 0x04: taken");
	wr_base(DFR, 0x0FFFFFFF); /* cluster */
	wr_base(LDR, 0x32000000);   /* cluster 3, member bit 1 */
	check("logical-cluster-match-delivers", logical_self(0x32, 0x4B) == 1, "dest 0x32, LDR 0x32: not taken");
	check("logical-cluster-member-set-delivers", logical_self(0x3A, 0x4B) == 1, "dest 0x3A, LDR 0x32: not taken");
	check("logical-cluster-other-cluster-not-delivered", logical_self(0x22, 0x4B) == 0, "dest 0x22, LDR 0x32: taken");
	check("logical-cluster-other-member-not-delivered", logical_self(0x34, 0x4B) == 0, "dest 0x34, LDR 0x32: taken");
	wr_base(DFR, 0xFFFFFFFF);
	wr_base(LDR, 0);
	wr_base(ESR, 0);
	wr_base(ESR, 0);
}

/* ---- x2APIC (SDM 11.12) ---- */
struct msr_case {
	uint32_t msr;
	const char *name;
};
/* Table 11-6: read-only MSRs #GP on write, write-only ones on read, reserved ones on both. */
static void x2apic_access_checks(void)
{
	uint64_t v;
	uint32_t f;
	static const struct msr_case ro[] = {
	    {0x802, "x2apic-wrmsr-id-gp"},   {0x803, "x2apic-wrmsr-version-gp"}, {0x80A, "x2apic-wrmsr-ppr-gp"},
	    {0x80D, "x2apic-wrmsr-ldr-gp"},  {0x810, "x2apic-wrmsr-isr-gp"},     {0x818, "x2apic-wrmsr-tmr-gp"},
	    {0x820, "x2apic-wrmsr-irr-gp"},  {0x839, "x2apic-wrmsr-current-count-gp"},
	};
	for (uint32_t i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		uint64_t old = 0;
		safe_rdmsr(ro[i].msr, &old);
		f = safe_wrmsr(ro[i].msr, old);
		check(ro[i].name, f == GP, "WRMSR 0x%x (read-only): %s", ro[i].msr, fault_name(f));
	}
	f = safe_rdmsr(0x80B, &v);
	check("x2apic-rdmsr-eoi-gp", f == GP, "RDMSR 0x80B (write-only): %s", fault_name(f));
	f = safe_rdmsr(0x83F, &v);
	check("x2apic-rdmsr-self-ipi-gp", f == GP, "RDMSR 0x83F (write-only): %s", fault_name(f));
	f = safe_wrmsr(0x80B, 1);
	check("x2apic-eoi-nonzero-write-gp", f == GP, "WRMSR 0x80B = 1: %s", fault_name(f));
	f = safe_wrmsr(0x828, 1);
	check("x2apic-esr-nonzero-write-gp", f == GP, "WRMSR 0x828 = 1: %s", fault_name(f));
	f = safe_wrmsr(0x828, 0);
	check("x2apic-esr-zero-write-ok", f == NOFAULT, "WRMSR 0x828 = 0: %s", fault_name(f));
	static const uint32_t reserved[] = {0x800, 0x801, 0x804, 0x807, 0x809, 0x80C, 0x80E, 0x829, 0x82E, 0x831, 0x83A, 0x83D};
	for (uint32_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		uint32_t m = reserved[i];
		uint32_t fr = safe_rdmsr(m, &v), fw = safe_wrmsr(m, 0);
		char name[48];
		check(cname(name, sizeof(name), "x2apic-reserved-msr-0x%x-gp", m), fr == GP && fw == GP, "MSR 0x%x: RDMSR %s, WRMSR %s", m,
		      fault_name(fr), fault_name(fw));
	}
	f = safe_wrmsr(0x808, 0x100);
	check("x2apic-tpr-reserved-bits-gp", f == GP, "WRMSR TPR = 0x100: %s", fault_name(f));
	f = safe_wrmsr(0x80F, 0x15F);
	check("x2apic-svr-read-write", f == NOFAULT && (rt_rdmsr(0x80F) & 0x1FF) == 0x15F, "%s, SVR 0x%llx", fault_name(f),
	      rt_rdmsr(0x80F));
}

/* Sending in x2APIC mode: physical and logical destinations, SELF IPI; SVR disable. */
static void x2apic_send_checks(uint32_t id, uint32_t ldr)
{
	/* sending: physical to our own x2APIC ID, logical to our own LDR (cluster), SELF IPI */
	uint32_t n0 = hits[0x4C];
	rt_wrmsr(0x830, ((uint64_t)id << 32) | 0x4C);
	check("x2apic-icr-physical-self-delivers", took(0x4C, n0 + 1, 20000), "vector 0x4C not taken");
	/* the 64-bit ICR read-back: bare Bochs returns what the xAPIC ICR last held ("unmodeled=1") */
	uint64_t icr = rt_rdmsr(0x830);
	if (unmodeled)
		check("x2apic-icr-read-back-64-bit", (icr >> 32) == id && (icr & 0xCFFFF) == 0x4C, "ICR 0x%llx", icr);
	check("x2apic-icr-no-delivery-status", !((icr >> 12) & 1), "ICR 0x%llx", icr);
	/* a logical IPI to our own derived LDR: bare Bochs delivers nothing in x2APIC logical mode
	 * ("unmodeled=1" only; the non-delivery to another member is checked always) */
	if (unmodeled) {
		n0 = hits[0x4D];
		rt_wrmsr(0x830, ((uint64_t)ldr << 32) | (1u << 11) | 0x4D);
		check("x2apic-logical-cluster-self-delivers", took(0x4D, n0 + 1, 20000), "dest 0x%x: vector 0x4D not taken", ldr);
	}
	uint32_t other = ((id >> 4) << 16) | (((1u << (id & 0xF)) << 1) & 0xFFFF);
	if (!other)
		other = ((id >> 4) << 16) | 1;
	n0 = hits[0x4D];
	rt_wrmsr(0x830, ((uint64_t)other << 32) | (1u << 11) | 0x4D);
	check("x2apic-logical-cluster-other-member-not-delivered", !took(0x4D, n0 + 1, 2000), "dest 0x%x: taken", other);
	n0 = hits[0x4E];
	rt_wrmsr(0x83F, 0x4E);
	check("x2apic-self-ipi-msr-delivers", took(0x4E, n0 + 1, 20000), "vector 0x4E not taken");

	/* SVR software disable in x2APIC mode too */
	rt_wrmsr(0x832, 0x46);
	rt_wrmsr(0x80F, 0x05F);
	check("x2apic-svr-disable-masks-lvt", (rt_rdmsr(0x832) & MASKED) && (rt_rdmsr(0x837) & MASKED), "LVT timer 0x%llx, error 0x%llx",
	      rt_rdmsr(0x832), rt_rdmsr(0x837));
	rt_wrmsr(0x80F, 0x15F);
}

static void x2apic_checks(void)
{
	uint64_t v;
	uint32_t f = safe_rdmsr(0x802, &v);
	check("x2apic-msrs-gp-in-xapic-mode", f == GP, "RDMSR 0x802: %s", fault_name(f));
	uint32_t xid = rd_base(ID) >> 24;
	wr_base(TDCR, 0xA);
	uint64_t b = rt_rdmsr(0x1B);
	f = safe_wrmsr(0x1B, b | (1u << 10));
	check("x2apic-enable-from-xapic", f == NOFAULT && ((rt_rdmsr(0x1B) >> 10) & 3) == 3, "%s, IA32_APIC_BASE 0x%llx",
	      fault_name(f), rt_rdmsr(0x1B));
	x2 = 1;
	uint32_t id = (uint32_t)rt_rdmsr(0x802);
	uint32_t r[4];
	rt_cpuid(0, r);
	if (r[0] >= 0xB) {
		cpuid2(0xB, 0, r);
		check("x2apic-id-is-cpuid-0b-edx", id == r[3], "x2APIC ID %u, CPUID.0B:EDX %u", id, r[3]);
	}
	check("x2apic-id-keeps-xapic-id", (id & 0xFF) == xid, "x2APIC ID %u, xAPIC ID was %u", id, xid);
	uint32_t ver = (uint32_t)rt_rdmsr(0x803);
	check("x2apic-version-same-as-xapic", ver == version, "0x%x, xAPIC read 0x%x", ver, version);
	/* SDM 11.12.10.2: LDR = (x2APIC ID[19:4] << 16) | 1 << x2APIC ID[3:0]. Bare Bochs reads 0
	 * there ("unmodeled=1" only). */
	uint32_t ldr = ((id >> 4) << 16) | (1u << (id & 0xF));
	if (unmodeled)
		check("x2apic-ldr-derived-from-id", (uint32_t)rt_rdmsr(0x80D) == ldr, "LDR 0x%x, want 0x%x for ID %u",
		      (uint32_t)rt_rdmsr(0x80D), ldr, id);	check("x2apic-dfr-absent", safe_rdmsr(0x80E, &v) == GP, "RDMSR 0x80E (DFR): %s", fault_name(trap_vector));
	x2apic_access_checks();
	x2apic_send_checks(id, ldr);
}

/* ---- IA32_APIC_BASE mode transitions (SDM 11.12.5, figure 11-29) ---- */
static void transition_checks(void)
{
	uint64_t b = rt_rdmsr(0x1B);
	uint32_t xid = (uint32_t)rt_rdmsr(0x802);
	/* some state that the reset must clear */
	rt_wrmsr(0x808, 0x30);
	rt_wrmsr(0x832, 0x45);
	rt_wrmsr(0x83E, 0xA);
	rt_wrmsr(0x838, 0x7FFFFFFF);
	uint32_t f = safe_wrmsr(0x1B, b & ~(1ULL << 10));
	check("apic-base-x2apic-to-xapic-gp", f == GP, "EXTD 1->0 with EN=1: %s", fault_name(f));
	f = safe_wrmsr(0x1B, (b & ~(1ULL << 11)) | (1ULL << 10));
	check("apic-base-extd-without-en-gp", f == GP, "EN=0 EXTD=1: %s", fault_name(f));
	check("apic-base-still-x2apic-after-gp", rt_rdmsr(0x1B) == b, "0x%llx, was 0x%llx", rt_rdmsr(0x1B), b);
	f = safe_wrmsr(0x1B, b & ~((1ULL << 10) | (1ULL << 11)));
	check("apic-base-x2apic-to-disabled", f == NOFAULT, "%s", fault_name(f));
	x2 = 0;
	uint32_t r[4];
	rt_cpuid(1, r);
	check("cpuid-apic-flag-clear-when-disabled", !((r[3] >> 9) & 1), "CPUID.1:EDX 0x%x", r[3]);
	uint64_t v;
	f = safe_rdmsr(0x802, &v);
	check("x2apic-msrs-gp-when-disabled", f == GP, "RDMSR 0x802: %s", fault_name(f));
	if (!unmodeled)
		return;
	/* "unmodeled=1" only: bare Bochs ignores every IA32_APIC_BASE write while EN=0 (its APIC
	 * cannot be enabled again short of a reset), so nothing below runs by default and nothing
	 * below has been validated on Bochs. From disabled the only valid transition is to xAPIC
	 * (SDM 11.12.5.1; figure 11-29 marks disabled -> x2APIC illegal). */
	f = safe_wrmsr(0x1B, b);
	check("apic-base-disabled-to-x2apic-gp", f == GP, "EN=1 EXTD=1 from disabled: %s", fault_name(f));
	f = safe_wrmsr(0x1B, b & ~(1ULL << 10));
	check("apic-base-disabled-to-xapic", f == NOFAULT && ((rt_rdmsr(0x1B) >> 10) & 3) == 2, "%s, IA32_APIC_BASE 0x%llx",
	      fault_name(f), rt_rdmsr(0x1B));
	rt_cpuid(1, r);
	check("cpuid-apic-flag-set-again", (r[3] >> 9) & 1, "CPUID.1:EDX 0x%x", r[3]);
	/* the power-up state (SDM 11.4.7.1, 11.12.5.1): only the ID kept */
	check("reset-state-id-kept", rd_base(ID) >> 24 == (xid & 0xFF), "ID 0x%x, x2APIC ID was %u", rd_base(ID), xid);
	check("reset-state-svr-0xff", rd_base(SVR) == 0xFF, "SVR 0x%x", rd_base(SVR));
	check("reset-state-tpr-zero", rd_base(TPR) == 0, "TPR 0x%x", rd_base(TPR));
	check("reset-state-ldr-zero", rd_base(LDR) == 0, "LDR 0x%x", rd_base(LDR));
	check("reset-state-dfr-all-ones", rd_base(DFR) == 0xFFFFFFFFu, "DFR 0x%x", rd_base(DFR));
	check("reset-state-divide-zero", rd_base(TDCR) == 0, "divide configuration 0x%x", rd_base(TDCR));
	check("reset-state-timer-counts-zero", rd_base(TMICT) == 0 && rd_base(TMCCT) == 0, "initial %u, current %u",
	      rd_base(TMICT), rd_base(TMCCT));
	static const uint32_t lvts[] = {LVT_TIMER, LVT_LINT0, LVT_LINT1, LVT_ERROR, LVT_PERF, LVT_THERMAL};
	int all = 1;
	uint32_t bad = 0;
	for (uint32_t i = 0; i < (maxlvt >= 5 ? 6u : 5u); i++)
		if (rd_base(lvts[i]) != MASKED)
			all = 0, bad = lvts[i];
	check("reset-state-lvts-masked-zero", all, "LVT 0x%x reads 0x%x, want 0x10000", bad, all ? 0 : rd_base(bad));
	int clear = 1;
	for (uint32_t i = 0; i < 8; i++)
		if (rd_base(ISR + i * 0x10) || rd_base(IRR + i * 0x10) || rd_base(TMR + i * 0x10))
			clear = 0;
	check("reset-state-isr-irr-tmr-zero", clear, "a bit left in ISR, IRR or TMR");
	wr_base(SVR, 0x15F);
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	unmodeled = rt_cmdline_uint(info, "unmodeled=", 0);
	conf_init("apic");
	rt_cpuid(1, cpuid1);
	has_x2apic = (cpuid1[2] >> 21) & 1;
	has_tscdl = (cpuid1[2] >> 24) & 1;
	apic_base_checks();
	xapic_register_checks();
	esr_checks();
	svr_checks();
	delivery_checks("xapic");
	timer_checks("xapic");
	logical_checks();
	if (has_x2apic) {
		x2apic_checks();
		delivery_checks("x2apic");
		timer_checks("x2apic");
		transition_checks();
	} else {
		skip("x2apic", "CPUID.1:ECX.x2APIC[21] is 0");
	}
	conf_done();
}
