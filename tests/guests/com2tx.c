/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "com2tx": drives an assigned COM2 by interrupts: each transmit-empty interrupt
 * (IOAPIC pin 3, routed to this vCPU) sends the next byte of a message. */
#include "rt.h"

#define VECTOR 0x43
#define COM2 0x2F8
#define IOAPIC ((volatile uint32_t *)0xFEC00000u)

static const char message[] = "com2: sent by interrupts from an assigned UART\n";
static volatile uint32_t sent, interrupts;
static uint32_t total = sizeof(message) - 1; /* "bytes=N" on the command line */

void irq_handler(uint32_t vector)
{
	if (vector == VECTOR) {
		interrupts++;
		(void)rt_inb(COM2 + 2); /* IIR: which interrupt (reading it acknowledges transmit-empty) */
		if ((rt_inb(COM2 + 5) & 0x20) && sent < total) {
			rt_outb(COM2, (uint8_t)message[sent % (sizeof(message) - 1)]);
			sent++;
		}
		if (sent == total)
			rt_outb(COM2 + 1, 0); /* all sent: transmit interrupts off */
	}
	rt_wrmsr(0x80B, 0);
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	total = rt_cmdline_uint(info, "bytes=", total);
	irq_install();
	rt_x2apic_on();
	IOAPIC[0] = 0x10 + 2 * 3;
	IOAPIC[4] = VECTOR;   /* pin 3: fixed, edge, unmasked */
	IOAPIC[0] = 0x11 + 2 * 3;
	IOAPIC[4] = 0;        /* to APIC ID 0: this vCPU */
	rt_outb(COM2 + 3, 0x80); /* 115200 8N1, FIFO off so each byte interrupts */
	rt_outb(COM2 + 0, 1);
	rt_outb(COM2 + 1, 0);
	rt_outb(COM2 + 3, 0x03);
	rt_outb(COM2 + 2, 0x00);
	rt_outb(COM2 + 4, 0x08); /* OUT2: the UART's interrupt line to the board */
	int hv = rt_under_splitvisor();
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 0);
	__asm__ volatile("sti");
	rt_outb(COM2 + 1, 0x02); /* IER: transmit holding register empty */
	uint64_t give_up = rt_rdtsc() + 400000000ULL + (uint64_t)total * 20000;
	while (sent < total && rt_rdtsc() < give_up)
		__asm__ volatile("pause"); /* no HLT: a lost interrupt must not hang the test */
	__asm__ volatile("cli");
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 3); /* statistics of the transmission, label 3 */
	rt_puts("com2tx: sent ");
	rt_put_dec(sent);
	rt_puts(" bytes with ");
	rt_put_dec(interrupts);
	rt_puts(" interrupts\n");
	rt_exit(sent == total ? 0x10 : 0x11);
}
