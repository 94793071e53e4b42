/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "attacker": IPIs to every APIC ID, moving its APIC onto the IOAPIC, then masking everything
 * and halting for ever; the hypervisor must contain all of it and still stop it. */
#include "rt.h"

extern volatile uint32_t trap_resume, trap_vector;

/* Moving the APIC's base is legal (SDM 11.4.4); moving it onto the IOAPIC's page must not
 * take the IOAPIC away from the partition, nor reach anything outside it. */
static void relocate_apic(void)
{
	volatile uint32_t *ioapic = (volatile uint32_t *)0xFEC00000u;
	trap_vector = 0xFFFFFFFF;
	__asm__ volatile("movl $1f, trap_resume\n\t"
			 "wrmsr\n\t"
			 "1:" ::"c"(0x1B), "a"(0xFEC00000u | (1u << 11) | (1u << 10)), "d"(0) : "memory");
	ioapic[0] = 1; /* IOREGSEL: the version register */
	uint32_t pins = ((ioapic[4] >> 16) & 0xFF) + 1;
	rt_puts(trap_vector == 13 ? "attacker: APIC_BASE relocation refused with #GP" : "attacker: APIC_BASE moved");
	rt_puts(", the IOAPIC still answers with ");
	rt_put_dec(pins);
	rt_puts(" pins\n");
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	trap_install();
	rt_x2apic_on();
	for (uint32_t id = 1; id < 256; id++)
		rt_wrmsr(0x830, ((uint64_t)id << 32) | 0x40);       /* fixed IPI to someone else */
	rt_wrmsr(0x830, (3u << 18) | 0x40);                         /* all but self */
	rt_wrmsr(0x830, (3u << 18) | (4u << 8));                    /* NMI to all but self */
	rt_puts("attacker: sent IPIs to APIC IDs 1-255, to all-but-self, and an NMI broadcast\n");
	relocate_apic();
	rt_wrmsr(0x832, 1u << 16);                                  /* mask the timer */
	rt_wrmsr(0x808, 0xFF);                                      /* TPR: block every vector */
	rt_puts("attacker: interrupts off, halting for ever\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}
