/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "uartrx": routes COM1's interrupt (IOAPIC pin 4) to itself, enables the receive
 * interrupt and reads a line, taking one interrupt per burst of received bytes. */
#include "rt.h"

#define VECTOR 0x44
#define IOAPIC ((volatile uint32_t *)0xFEC00000u)
#define COM1 0x3F8

static char line[80];
static volatile uint32_t len, interrupts, done, lines;
static uint32_t want = 1; /* "lines=N" on the command line */

static void ioapic_write(uint32_t reg, uint32_t v)
{
	IOAPIC[0] = reg;   /* IOREGSEL */
	IOAPIC[4] = v;     /* IOWIN */
}

static uint32_t ioapic_read(uint32_t reg)
{
	IOAPIC[0] = reg;
	return IOAPIC[4];
}

void irq_handler(uint32_t vector)
{
	if (vector == VECTOR) {
		interrupts++;
		while (rt_inb(COM1 + 5) & 1) { /* LSR: data ready */
			char c = (char)rt_inb(COM1);
			if (c == '\n') {
				if (++lines == want)
					done = 1;
				else
					len = 0;
				break; /* one line per interrupt: the next one raises its own */
			} else if (len < sizeof(line) - 1)
				line[len++] = c;
		}
	}
	rt_wrmsr(0x80B, 0); /* EOI */
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	want = rt_cmdline_uint(info, "lines=", 1);
	irq_install();
	rt_x2apic_on();
	uint32_t pins = ((ioapic_read(1) >> 16) & 0xFF) + 1;
	ioapic_write(0x10 + 2 * 4, VECTOR);   /* pin 4: fixed, physical, edge, unmasked */
	ioapic_write(0x11 + 2 * 4, 0u << 24); /* to APIC ID 0: this vCPU */
	rt_puts("uartrx: IOAPIC with ");
	rt_put_dec(pins);
	rt_puts(" pins, COM1 receive interrupt on vector 0x44\n");
	int hv = rt_under_splitvisor();
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 0);
	rt_outb(COM1 + 1, 0x01);              /* IER: receive data available */
	__asm__ volatile("sti");
	uint64_t give_up = rt_rdtsc() + 400000000ULL + (uint64_t)want * 20000;
	while (!done && rt_rdtsc() < give_up)
		__asm__ volatile("hlt");
	__asm__ volatile("cli");
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 4); /* statistics of the receive phase, label 4 */
	line[len] = 0;
	rt_puts("uartrx: received '");
	rt_puts(line);
	rt_puts("' with ");
	rt_put_dec(interrupts);
	rt_puts(" interrupt(s), ");
	rt_put_dec(lines);
	rt_puts(" line(s)\n");
	rt_exit(done ? 0x10 : 0x11);
}
