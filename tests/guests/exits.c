/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "exits": loops of CPUID, I/O reads and writes, MSR reads and (under splitvisor)
 * VMCALL. */
#include "rt.h"

#define LOOPS 1000

static inline void cpuid_leaf(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

static void hypervisor_signature(char sig[13])
{
	uint32_t r[4];
	cpuid_leaf(0x40000000, r);
	for (int i = 0; i < 4; i++) {
		sig[i] = (char)(r[1] >> (8 * i));
		sig[4 + i] = (char)(r[2] >> (8 * i));
		sig[8 + i] = (char)(r[3] >> (8 * i));
	}
	sig[12] = 0;
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	uint32_t r[4], sum = 0;
	char sig[13];
	cpuid_leaf(1, r);
	rt_puts("exits: hypervisor bit ");
	rt_puts((r[2] >> 31) & 1 ? "set" : "clear");
	hypervisor_signature(sig);
	rt_puts(", signature '");
	rt_puts((r[2] >> 31) & 1 ? sig : "");
	rt_puts("'\n");
	for (int i = 0; i < LOOPS; i++) {
		cpuid_leaf(0, r);
		sum += r[0];
	}
	for (int i = 0; i < LOOPS; i++)
		sum += rt_inb(0x3F8 + 7);  /* UART scratch register: an I/O read */
	for (int i = 0; i < LOOPS; i++)
		rt_outb(0x3F8 + 7, (uint8_t)i); /* an I/O write */
	for (int i = 0; i < LOOPS; i++)
		sum += (uint32_t)rt_rdmsr(0x1A0); /* an MSR read (IA32_MISC_ENABLE) */
	int hv = rt_under_splitvisor();
	for (int i = 0; hv && i < LOOPS; i++)
		sum += rt_vmcall(SV_HC_PING, 0) == 0x5350 ? 1 : 0; /* a hypercall (ping) */
	rt_puts("exits: ");
	rt_put_dec((hv ? 5 : 4) * LOOPS);
	rt_puts(" operations done, checksum ");
	rt_put_dec(sum);
	rt_puts("\n");
	rt_exit(0x10);
}
