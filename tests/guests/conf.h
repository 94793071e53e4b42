/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared helpers of the conformance guests (apic, ipis, ioapic, timers, cpuidmsr): one line per
 * check ("ok NAME" or "FAIL NAME: what was expected, what was seen"), a summary line
 * "GUEST: N passed, M failed", exit status 0 when all passed, 1 otherwise. Faults that a check
 * provokes on purpose are caught (safe_* below); any other exception ends the run as a failure. */
#ifndef GUEST_CONF_H
#define GUEST_CONF_H

#include "rt.h"

#define NOFAULT 0xFFFFFFFFu /* what the safe_* helpers return when nothing faulted */
#define GP 13u
#define UD 6u

extern volatile uint32_t trap_resume, trap_vector;

/* Installs the #UD/#GP catchers, vectors 0x40-0x5F and the NMI (irq_handler), and a catch-all
 * for every other vector: an exception ends the run, a stray interrupt is counted and EOIed. */
void conf_init(const char *guest);
void conf_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One check: "ok NAME" when cond holds, else "FAIL NAME: " and the formatted detail. */
int check(const char *name, int cond, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A check name built like printf into buf (size bytes). */
const char *cname(char *buf, uint32_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A check that cannot run here (the feature is not advertised): "skip NAME: why". */
void skip(const char *name, const char *why);
/* The summary line and the exit: status 0 when every check passed, 1 otherwise. */
void conf_done(void) __attribute__((noreturn));

/* Interrupts that arrived on a vector outside 0x40-0x5F (and were EOIed by the catch-all). */
extern volatile uint32_t conf_stray_count, conf_stray_last;

/* MSR and XSETBV accesses that report the vector of the fault they raised (or NOFAULT). */
static inline uint32_t safe_rdmsr(uint32_t msr, uint64_t *v)
{
	uint32_t lo = 0, hi = 0;
	trap_vector = NOFAULT;
	__asm__ volatile("movl $1f, trap_resume\n\t"
			 "rdmsr\n"
			 "1:"
			 : "+a"(lo), "+d"(hi)
			 : "c"(msr)
			 : "memory");
	if (v)
		*v = ((uint64_t)hi << 32) | lo;
	return trap_vector;
}
static inline uint32_t safe_wrmsr(uint32_t msr, uint64_t v)
{
	trap_vector = NOFAULT;
	__asm__ volatile("movl $1f, trap_resume\n\t"
			 "wrmsr\n"
			 "1:" ::"c"(msr),
			 "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
	return trap_vector;
}
static inline uint32_t safe_xsetbv(uint32_t xcr, uint64_t v)
{
	trap_vector = NOFAULT;
	__asm__ volatile("movl $1f, trap_resume\n\t"
			 "xsetbv\n"
			 "1:" ::"c"(xcr),
			 "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
	return trap_vector;
}
static inline void cpuid2(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}
/* "no fault", "#GP", "#UD" or "vector N" for the FAIL lines. */
const char *fault_name(uint32_t vector);

/* Time: the TSC, and a TSC frequency measured once against the PIT (channel 2, gated by port
 * 0x61, as Linux calibrates it); 0 until conf_tsc_calibrate() ran. */
extern uint64_t conf_tsc_hz;
uint64_t conf_tsc_calibrate(void);
static inline uint64_t tsc_after_us(uint64_t us) { return rt_rdtsc() + conf_tsc_hz * us / 1000000u; }
/* Spins until cond is true or us microseconds passed; the value of cond at the end. */
#define WAIT_US(cond, us)                                     \
	({                                                    \
		uint64_t end__ = tsc_after_us(us);           \
		while (!(cond) && rt_rdtsc() < end__)         \
			__asm__ volatile("pause");            \
		(cond);                                       \
	})

/* xAPIC MMIO at the default base (paging is off: plain physical accesses). */
#define APIC_MMIO 0xFEE00000u
static inline uint32_t apic_rd(uint32_t reg) { return *(volatile uint32_t *)(APIC_MMIO + reg); }
static inline void apic_wr(uint32_t reg, uint32_t v) { *(volatile uint32_t *)(APIC_MMIO + reg) = v; }
/* True when IA32_APIC_BASE says x2APIC mode. */
static inline int apic_is_x2(void) { return (rt_rdmsr(0x1B) >> 10) & 1; }
/* EOI in whichever mode the APIC is in. */
static inline void apic_eoi(void)
{
	if (apic_is_x2())
		rt_wrmsr(0x80B, 0);
	else
		apic_wr(0xB0, 0);
}

/* APs: INIT-SIPI-SIPI broadcast to all excluding self (SDM 9.4.4.1), AP code at 0x7000 (ap32.asm)
 * calling ap_main(index); returns how many APs checked in (conf_ap_arrived) within the wait.
 * The caller's APIC must be in xAPIC or x2APIC mode; the ICR is written in that mode. */
uint32_t conf_start_aps(uint32_t expect);
extern volatile uint32_t conf_ap_arrived;
/* What ap_main should call first: IDT, then counts itself in. */
void conf_ap_enter(void);

#endif
