/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "timer": TSC-deadline interrupts at a high rate, handled and EOIed by the guest
 * on its own local APIC; the hypervisor's statistics for the phase show what exited. */
#include "rt.h"

#define VECTOR 0x40
#define PERIOD 2000 /* TSC ticks between interrupts */

static volatile uint32_t fired;
static int xapic; /* "xapic" on the command line: the MMIO interface and the periodic timer */
#define XAPIC(reg) (*(volatile uint32_t *)(0xFEE00000u + (reg)))
static uint32_t count = 1000; /* "count=N" on the command line */
static volatile uint64_t deadline;
static volatile uint32_t latency_sum;

void irq_handler(uint32_t vector)
{
	uint64_t now = rt_rdtsc();
	/* periodic mode: a tick already pending when the timer gets masked is not counted */
	if (vector == VECTOR && (!xapic || fired < count)) {
		latency_sum += (uint32_t)(now - deadline); /* from the deadline to the handler */
		if (++fired < count && !xapic) {
			deadline = now + PERIOD;
			rt_wrmsr(0x6E0, deadline); /* re-arm the TSC deadline */
		}
		if (fired == count && xapic)
			XAPIC(0x320) = 1u << 16; /* periodic timer off */
		if (xapic)
			deadline = now; /* periodic: no deadline to compare against */
	}
	if (xapic)
		XAPIC(0xB0) = 0; /* EOI through MMIO */
	else
		rt_wrmsr(0x80B, 0); /* EOI */
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	count = rt_cmdline_uint(info, "count=", 1000);
	xapic = rt_cmdline_uint(info, "xapic", 0xFFFFFFFFu) != 0xFFFFFFFFu;
	uint32_t r[4];
	rt_cpuid(1, r);
	if (!((r[2] >> 24) & 1) || !((r[2] >> 21) & 1)) {
		rt_puts("timer: no TSC-deadline timer or no x2APIC on this CPU\n");
		rt_exit(0x11);
	}
	irq_install();
	if (!xapic) {
		rt_x2apic_on();
		rt_wrmsr(0x832, VECTOR | (2u << 17)); /* LVT timer: TSC-deadline mode */
	}
	int hv = rt_under_splitvisor();
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 0);
	uint64_t t0 = rt_rdtsc();
	deadline = t0 + PERIOD;
	if (xapic) {
		XAPIC(0x3E0) = 0xB;                  /* divide by 1 */
		XAPIC(0x320) = VECTOR | (1u << 17);  /* LVT timer: periodic */
		XAPIC(0x380) = PERIOD;               /* initial count */
	} else {
		rt_wrmsr(0x6E0, deadline);
	}
	__asm__ volatile("sti");
	while (fired < count)
		__asm__ volatile("hlt");
	__asm__ volatile("cli");
	uint32_t ticks = (uint32_t)(rt_rdtsc() - t0);
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 1); /* statistics of the timer phase, label 1 */
	rt_puts("timer: ");
	rt_put_dec(fired);
	rt_puts(" interrupts in ");
	rt_put_dec(ticks);
	rt_puts(" ticks, latency ");
	rt_put_dec((uint32_t)latency_sum / count); /* the sum stays far below 2^32 ticks */
	rt_puts(" ticks from deadline to handler\n");
	rt_exit(fired == count ? 0x10 : 0x11);
}
