/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "strio": string I/O (SDM vol. 2, INS/OUTS) on emulated ports: REP OUTSB to the
 * UART, INSB/INSW/INSD from an unassigned port (all-ones), DF=1, a count of 0, 16-bit counts. */
#include "rt.h"

static uint32_t failed, passed;

static void check(const char *name, int ok)
{
	rt_puts(ok ? "strio: ok " : "strio: FAIL ");
	rt_puts(name);
	rt_puts("\n");
	if (ok)
		passed++;
	else
		failed++;
}

static const char line[] = "strio: this line went out by REP OUTSB\n";
static uint8_t buf[64];

static void rep_outsb(uint16_t port, const void *src, uint32_t n, uint32_t *esi, uint32_t *ecx)
{
	__asm__ volatile("cld; rep outsb" : "+S"(src), "+c"(n) : "d"(port) : "memory");
	*esi = (uint32_t)(uintptr_t)src;
	*ecx = n;
}

static void outs_checks(void)
{
	uint32_t esi, ecx;
	rep_outsb(0x3F8, line, sizeof(line) - 1, &esi, &ecx);
	check("rep-outsb-advances-esi-and-clears-ecx",
	      esi == (uint32_t)(uintptr_t)line + sizeof(line) - 1 && ecx == 0);
	rep_outsb(0x3F8, line, 0, &esi, &ecx);
	check("rep-outsb-count-zero-does-nothing", esi == (uint32_t)(uintptr_t)line && ecx == 0);
}

static void ins_checks(void)
{
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = 0x11;
	void *dst = buf;
	uint32_t n = 8;
	__asm__ volatile("cld; rep insb" : "+D"(dst), "+c"(n) : "d"(0x2F0) : "memory");
	int ones = 1;
	for (unsigned i = 0; i < 8; i++)
		ones &= buf[i] == 0xFF;
	check("rep-insb-unassigned-port-reads-ones", ones && buf[8] == 0x11 && dst == buf + 8 && n == 0);
	dst = buf + 16;
	__asm__ volatile("cld; insl" : "+D"(dst) : "d"(0x2F0) : "memory");
	check("insd-writes-four-bytes", *(uint32_t *)(buf + 16) == 0xFFFFFFFFu && buf[20] == 0x11 && dst == buf + 20);
	dst = buf + 40;
	n = 3;
	__asm__ volatile("std; rep insw; cld" : "+D"(dst) : "c"(n), "d"(0x2F0) : "memory");
	check("rep-insw-with-df-set-goes-down", *(uint16_t *)(buf + 40) == 0xFFFF && *(uint16_t *)(buf + 36) == 0xFFFF &&
	      buf[42] == 0x11 && dst == buf + 34);
}

/* The address-size prefix: CX counts and SI wraps at 16 bits. */
static void addr16_checks(void)
{
	uint32_t ecx = 0xABCD0002u;
	__asm__ volatile("cld; addr16 rep outsb" : "+c"(ecx) : "S"(line), "d"(0x3FF) : "memory");
	check("addr16-rep-counts-cx-only", ecx == 0xABCD0000u);
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	outs_checks();
	ins_checks();
	addr16_checks();
	rt_puts("strio: ");
	rt_put_dec(passed);
	rt_puts(" passed, ");
	rt_put_dec(failed);
	rt_puts(" failed\n");
	rt_exit(failed ? 0x11 : 0x10);
}
