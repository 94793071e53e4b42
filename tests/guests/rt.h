/* SPDX-License-Identifier: BSD-2-Clause */
/* Tiny runtime for the test guests: port I/O, serial output, exit. */
#ifndef GUEST_RT_H
#define GUEST_RT_H

#include <stdint.h>

static inline void rt_outb(uint16_t p, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(p)); }
static inline void rt_outl(uint16_t p, uint32_t v) { __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(p)); }
static inline uint8_t rt_inb(uint16_t p) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(p)); return v; }

void rt_puts(const char *s);
void rt_put_dec(uint32_t v);
static inline uint64_t rt_rdtsc(void) { uint32_t lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((uint64_t)hi << 32) | lo; }
static inline void rt_cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}
/* True when CPUID says a hypervisor is present and its signature is splitvisor's. */
int rt_under_splitvisor(void);
/* VMCALL: splitvisor's hypercalls, numbered apart from KVM's at the base that CPUID leaf
 * 0x40000001 gives in EBX (docs/guests.md, "Hypercalls"); n is the call within them. */
enum { SV_HC_PING = 0, SV_HC_STATS_CHECKPOINT = 1, SV_HC_UNMAP_PAGE = 2 };
uint32_t rt_sv_hypercall_base(void);
static inline uint32_t rt_vmcall(uint32_t n, uint32_t arg)
{
	uint32_t ret;
	__asm__ volatile("vmcall" : "=a"(ret) : "a"(rt_sv_hypercall_base() + n), "b"(arg) : "memory");
	return ret;
}

static inline void rt_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline uint64_t rt_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}
/* IDT: #UD/#GP catchers (trap_install) and vectors 0x40-0x5F calling irq_handler (irq_install). */
void trap_install(void);
void irq_install(void);
void irq_handler(uint32_t vector);
/* x2APIC on (IA32_APIC_BASE EXTD and EN). */
static inline void rt_x2apic_on(void) { rt_wrmsr(0x1B, rt_rdmsr(0x1B) | (1u << 10) | (1u << 11)); }

static inline void rt_delay(uint32_t ticks)
{
	uint64_t end = rt_rdtsc() + ticks;
	while (rt_rdtsc() < end)
		;
}

/* The number after key (e.g. "count=") on the multiboot v1 command line, or def. */
uint32_t rt_cmdline_uint(uint32_t mb1_info, const char *key, uint32_t def);

/* Ends the run: port 0xF4 (splitvisor's and QEMU's debug exit), then power-off. */
void rt_exit(uint32_t status) __attribute__((noreturn));

#endif
