/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "ipi": vCPU 0 starts vCPU 1 (INIT-SIPI-SIPI), then they play IPI ping-pong:
 * each IPI sent is an ICR write (one exit), each IPI received arrives with no exit. */
#include "rt.h"

#define PING 0x50
#define PONG 0x51
#define TRAMPOLINE 0x7000u

extern const uint8_t ap_tramp_start[], ap_tramp_end[];

static volatile uint32_t ap_ready, pings_seen, pongs_seen, nmis_seen;
static uint32_t rounds = 500; /* "rounds=N" on the command line */

static void send_ipi(uint32_t dest, uint8_t vector) { rt_wrmsr(0x830, ((uint64_t)dest << 32) | vector); }

void irq_handler(uint32_t vector)
{
	if (vector == 2) { /* an NMI: no EOI */
		nmis_seen++;
		return;
	}
	if (vector == PING) {
		pings_seen++;
		rt_wrmsr(0x80B, 0);
		send_ipi(0, PONG);
		return;
	}
	if (vector == PONG) {
		pongs_seen++;
		rt_wrmsr(0x80B, 0);
		if (pongs_seen < rounds)
			send_ipi(1, PING);
		return;
	}
	rt_wrmsr(0x80B, 0);
}

void ap_main(uint32_t index)
{
	(void)index;
	irq_install();
	rt_x2apic_on();
	ap_ready = 1;
	__asm__ volatile("sti");
	for (;;)
		__asm__ volatile("hlt");
}

static void start_ap(void)
{
	for (const uint8_t *p = ap_tramp_start; p < ap_tramp_end; p++)
		((volatile uint8_t *)TRAMPOLINE)[p - ap_tramp_start] = *p;
	rt_wrmsr(0x830, (1ULL << 32) | 0x4500); /* INIT */
	rt_delay(10000);
	rt_wrmsr(0x830, (1ULL << 32) | 0x4607); /* STARTUP vector 7, twice as on a PC */
	rt_delay(2000);
	rt_wrmsr(0x830, (1ULL << 32) | 0x4607);
	uint64_t give_up = rt_rdtsc() + 100000000ULL;
	while (!ap_ready && rt_rdtsc() < give_up)
		;
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	rounds = rt_cmdline_uint(info, "rounds=", 500);
	irq_install();
	rt_x2apic_on();
	start_ap();
	if (!ap_ready) {
		rt_puts("ipi: vCPU 1 did not start\n");
		rt_exit(0x11);
	}
	int hv = rt_under_splitvisor();
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 0);
	uint64_t t0 = rt_rdtsc();
	__asm__ volatile("sti");
	send_ipi(1, PING);
	while (pongs_seen < rounds)
		__asm__ volatile("hlt");
	__asm__ volatile("cli");
	uint32_t ticks = (uint32_t)(rt_rdtsc() - t0);
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 2); /* statistics of the ping-pong phase, label 2 */
	rt_puts("ipi: ");
	rt_put_dec(pongs_seen);
	rt_puts(" round trips, ");
	rt_put_dec(pings_seen + pongs_seen);
	rt_puts(" IPIs received, ");
	rt_put_dec(ticks / rounds);
	rt_puts(" ticks per round trip\n");
	rt_wrmsr(0x830, (1ULL << 32) | (4u << 8)); /* an NMI to vCPU 1 */
	uint64_t nmi_give_up = rt_rdtsc() + 50000000ULL;
	while (!nmis_seen && rt_rdtsc() < nmi_give_up)
		;
	rt_puts(nmis_seen ? "ipi: vCPU 1 took the NMI\n" : "ipi: the NMI did NOT arrive\n");
	rt_exit(pongs_seen == rounds && pings_seen == rounds ? 0x10 : 0x11);
}
