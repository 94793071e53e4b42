/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI PM timer: TMR_VAL as an exact function of the TSC, 24 or 32 bits wide. */
#include "hv/dev/pmtimer.h"
#include "hv/lib/muldiv.h"

void pmtimer_reset(struct pmtimer *t, uint64_t now, uint64_t tsc_hz, bool ext32)
{
	t->tsc_hz = tsc_hz ? tsc_hz : 1;
	t->reset_tsc = now;
	t->mask = ext32 ? 0xffffffffu : 0x00ffffffu;
}

uint32_t pmtimer_read(const struct pmtimer *t, uint64_t now)
{
	if (now <= t->reset_tsc)
		return 0;
	return (uint32_t)mul_div_u64(now - t->reset_tsc, PMTIMER_HZ, t->tsc_hz, false) & t->mask;
}
