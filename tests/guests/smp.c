/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "smp": starts its other vCPUs by INIT-SIPI-SIPI (x2APIC) and checks they all run.
 * The number of vCPUs comes from the command line "cpus=N". */
#include "rt.h"

#define TRAMPOLINE 0x7000u  /* SIPI vector 0x07 */
#define COUNTER (TRAMPOLINE + 0xF00u)

struct mb1_info { uint32_t flags, mem_lower, mem_upper, boot_device, cmdline; };

/* 16-bit code each AP runs: count itself in, then halt for good. */
static const uint8_t ap_code[] = {
	0xb8, 0x00, 0x07,                         /* mov ax, 0x0700 */
	0x8e, 0xd8,                               /* mov ds, ax */
	0xf0, 0x66, 0xff, 0x06, 0x00, 0x0f,       /* lock inc dword [0x0f00] */
	0xfa, 0xf4, 0xeb, 0xfc,                   /* cli; hlt; jmp $-2 */
};

static uint32_t cmdline_cpus(const struct mb1_info *mbi)
{
	const char *s = (mbi->flags & 4) ? (const char *)mbi->cmdline : "";
	for (; *s; s++)
		if (s[0] == 'c' && s[1] == 'p' && s[2] == 'u' && s[3] == 's' && s[4] == '=')
			return (uint32_t)(s[5] - '0');
	return 1;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

void guest_main(uint32_t magic, struct mb1_info *mbi)
{
	(void)magic;
	uint32_t n = cmdline_cpus(mbi);
	volatile uint32_t *counter = (volatile uint32_t *)COUNTER;
	for (unsigned i = 0; i < sizeof(ap_code); i++)
		((volatile uint8_t *)TRAMPOLINE)[i] = ap_code[i];
	*counter = 0;
	wrmsr(0x1B, rdmsr(0x1B) | (1u << 10) | (1u << 11)); /* x2APIC on */
	rt_puts("smp: x2APIC ID of the boot vCPU is ");
	rt_put_dec((uint32_t)rdmsr(0x802));
	rt_puts("; starting ");
	rt_put_dec(n - 1);
	rt_puts(" more\n");
	for (uint32_t id = 1; id < n; id++) {
		wrmsr(0x830, ((uint64_t)id << 32) | 0x4500);         /* INIT */
		rt_delay(10000);
		wrmsr(0x830, ((uint64_t)id << 32) | 0x4600 | 0x07);  /* STARTUP, twice as on a PC */
		rt_delay(2000);
		wrmsr(0x830, ((uint64_t)id << 32) | 0x4600 | 0x07);
	}
	uint64_t give_up = rt_rdtsc() + 200000000ULL;
	while (*counter < n - 1 && rt_rdtsc() < give_up)
		;
	rt_puts("smp: ");
	rt_put_dec(*counter + 1);
	rt_puts(" of ");
	rt_put_dec(n);
	rt_puts(" vCPUs running\n");
	rt_exit(*counter + 1 == n ? 0x10 : 0x11);
}
