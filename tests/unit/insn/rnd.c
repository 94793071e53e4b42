/* SPDX-License-Identifier: BSD-2-Clause */
/* Deterministic random numbers for the instruction emulator's host test (xorshift64*). */
#include "tests/unit/insn/harness.h"

static uint64_t state = 0x9E3779B97F4A7C15ULL;

void rnd_seed(uint64_t seed)
{
	state = seed ? seed : 1;
}

uint64_t rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545F4914F6CDD1DULL;
}

uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

bool rnd_chance(unsigned percent)
{
	return rnd_below(100) < percent;
}
