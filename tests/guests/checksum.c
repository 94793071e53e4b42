/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "checksum": the fuzzer's neighbour. Fills words=N 32-bit words of its memory at
 * 4 MiB with a pattern, then re-reads them rounds=R times; every sum must be the one it wrote
 * (a hypervisor that corrupts another partition's memory or registers shows here). */
#include "rt.h"

#define AREA ((volatile uint32_t *)0x400000u)

static uint32_t fill(uint32_t words)
{
	uint32_t x = 0x12345678u, sum = 0;
	for (uint32_t i = 0; i < words; i++) {
		x = x * 1664525u + 1013904223u;
		AREA[i] = x;
		sum += x ^ i;
	}
	return sum;
}

static uint32_t sum_area(uint32_t words)
{
	uint32_t sum = 0;
	for (uint32_t i = 0; i < words; i++)
		sum += AREA[i] ^ i;
	return sum;
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	uint32_t words = rt_cmdline_uint(info, "words=", 262144), rounds = rt_cmdline_uint(info, "rounds=", 100);
	uint32_t want = fill(words), bad = 0;
	rt_puts("checksum: ");
	rt_put_dec(words);
	rt_puts(" words written\n");
	for (uint32_t r = 1; r <= rounds; r++) {
		uint32_t got = sum_area(words);
		if (got != want) {
			bad++;
			rt_puts("checksum: CORRUPTED in round ");
			rt_put_dec(r);
			rt_puts("\n");
		}
		if (r % 10 == 0) {
			rt_puts("checksum: round ");
			rt_put_dec(r);
			rt_puts("\n");
		}
	}
	rt_puts("checksum: ");
	rt_put_dec(rounds);
	rt_puts(bad ? " rounds, sums WRONG\n" : " rounds, all sums right\n");
	rt_exit(bad ? 0x11 : 0x10);
}
