/* SPDX-License-Identifier: BSD-2-Clause */
/* a * b / c with a 128-bit product and the CPU's own 128/64 division (no libgcc helper). */
#ifndef HV_LIB_MULDIV_H
#define HV_LIB_MULDIV_H

#include "hv/lib/types.h"

/* a * b / c rounded down (up when round_up), c > 0; UINT64_MAX when the quotient needs more
 * than 64 bits. */
static inline uint64_t mul_div_u64(uint64_t a, uint64_t b, uint64_t c, bool round_up)
{
	unsigned __int128 p = (unsigned __int128)a * b;
	uint64_t hi = (uint64_t)(p >> 64), lo = (uint64_t)p, q, r;
	if (hi >= c)
		return UINT64_MAX;
	__asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(c));
	return round_up && r && q != UINT64_MAX ? q + 1 : q;
}

#endif
