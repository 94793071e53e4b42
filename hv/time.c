/* SPDX-License-Identifier: BSD-2-Clause */
/* Time from the TSC once its frequency is known; deadlines and delays. */
#include "hv/time.h"
#include "hv/cpu.h"

/* a safe guess until calibration: too high only makes early waits longer */
static uint64_t tsc_hz = 4000000000ULL;

void time_set_tsc_hz(uint64_t hz) { tsc_hz = hz; }
uint64_t time_tsc_hz(void) { return tsc_hz; }
uint64_t time_ticks_to_ns(uint64_t ticks)
{
	return tsc_hz ? ticks / tsc_hz * 1000000000ULL + ticks % tsc_hz * 1000000000ULL / tsc_hz : 0;
}

uint64_t time_ns_to_ticks(uint64_t ns)
{
	uint64_t per_us = tsc_hz / 1000000;
	return ns / 1000 * per_us + ns % 1000 * per_us / 1000;
}

uint64_t time_deadline_us(uint64_t us) { return rdtsc() + us * (tsc_hz / 1000000); }
bool time_passed(uint64_t deadline) { return (int64_t)(rdtsc() - deadline) >= 0; }

void time_delay_us(uint64_t us)
{
	uint64_t d = time_deadline_us(us);
	while (!time_passed(d))
		cpu_pause();
}
