/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "isolation": VMX instructions, forbidden MSRs, the hypervisor's physical range,
 * then memory past its end (which must stop it). */
#include "rt.h"

extern volatile uint32_t trap_resume, trap_vector;
void trap_install(void);

struct mb1_info { uint32_t flags, mem_lower, mem_upper; };

static void report(const char *what, uint32_t expected)
{
	rt_puts("isolation: ");
	rt_puts(what);
	rt_puts(trap_vector == expected ? ": refused with vector " : ": NOT refused, vector ");
	rt_put_dec(trap_vector);
	rt_puts("\n");
}

static void try_vmxon(void)
{
	trap_vector = 0xFFFFFFFF;
	__asm__ volatile("movl $1f, trap_resume\n\t"
			 "vmxon (%%eax)\n\t"
			 "1:" ::"a"(0x200000) : "memory");
	report("VMXON", 6);
}

static void try_wrmsr(uint32_t msr, uint32_t value, const char *name)
{
	trap_vector = 0xFFFFFFFF;
	__asm__ volatile("movl $1f, trap_resume\n\t"
			 "wrmsr\n\t"
			 "1:" ::"c"(msr), "a"(value), "d"(0) : "memory");
	report(name, 13);
}

static void probe_hypervisor_range(void)
{
	/* the hypervisor's own image is linked at host-physical 2 MiB; here that address is ours */
	volatile uint32_t *p = (volatile uint32_t *)0x200000;
	rt_puts(p[0] == 0xE85250D6u ? "isolation: the hypervisor image is VISIBLE at 0x200000\n"
				    : "isolation: 0x200000 holds our own memory, not the hypervisor\n");
}

void guest_main(uint32_t magic, struct mb1_info *info)
{
	(void)magic;
	trap_install();
	try_vmxon();
	/* both #GP on hardware: FEATURE_CONTROL is locked, bit 9 of APIC_BASE is reserved */
	try_wrmsr(0x3A, 0, "WRMSR to the locked IA32_FEATURE_CONTROL");
	try_wrmsr(0x1B, 0xFEE00000u | (1u << 11) | (1u << 9), "WRMSR to IA32_APIC_BASE with a reserved bit");
	probe_hypervisor_range();
	uint32_t end = 0x100000 + info->mem_upper * 1024;
	rt_puts("isolation: reading past the end of my memory now\n");
	volatile uint32_t *past = (volatile uint32_t *)(end + 0x1000);
	uint32_t v = *past;
	rt_puts("isolation: read past the end returned ");
	rt_put_dec(v);
	rt_puts(" -- isolation is BROKEN\n");
	rt_exit(0x11);
}
