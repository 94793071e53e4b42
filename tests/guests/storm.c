/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "storm": a software-disabled APIC keeps its timer masked (SDM 11.4.7.2), and a
 * periodic timer with an initial count of 1 cannot take the core from the hypervisor. */
#include "rt.h"

#define VECTOR 0x40
#define WINDOW 2000000u /* TSC ticks each phase watches */

static volatile uint32_t fired;

void irq_handler(uint32_t vector)
{
	if (vector == VECTOR)
		fired++;
	rt_wrmsr(0x80B, 0); /* EOI */
}

/* Lets interrupts in for WINDOW ticks; returns how many loop rounds the guest itself made. */
static uint32_t watch(void)
{
	uint32_t rounds = 0;
	uint64_t end = rt_rdtsc() + WINDOW;
	__asm__ volatile("sti");
	while (rt_rdtsc() < end)
		rounds++;
	__asm__ volatile("cli");
	return rounds;
}

static void periodic_count_1(void)
{
	rt_wrmsr(0x83E, 0xB);                    /* divide by 1 */
	rt_wrmsr(0x832, VECTOR | (1u << 17));    /* LVT timer: periodic, unmasked */
	rt_wrmsr(0x838, 1);                      /* initial count 1 */
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	irq_install();
	rt_x2apic_on();
	rt_wrmsr(0x80F, 0xFF);                   /* SVR: APIC software-disabled */
	periodic_count_1();
	uint32_t lvt = (uint32_t)rt_rdmsr(0x832);
	watch();
	rt_puts((lvt >> 16) & 1 ? "storm: software-disabled APIC keeps the LVT timer masked, "
				: "storm: software-disabled APIC let the LVT timer be UNMASKED, ");
	rt_put_dec(fired);
	rt_puts(" interrupts\n");
	rt_wrmsr(0x80F, 0x1FF);                  /* SVR: software-enabled */
	periodic_count_1();
	fired = 0;
	uint32_t rounds = watch();
	rt_puts("storm: periodic timer with count 1: ");
	rt_put_dec(fired);
	rt_puts(" interrupts and ");
	rt_put_dec(rounds);
	rt_puts(" guest loop rounds in 2000000 ticks\n");
	rt_puts("storm: interrupts on for ever\n");
	__asm__ volatile("sti");
	for (;;)
		__asm__ volatile("pause");
}
