/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI power management timer: a free-running 3.579545 MHz counter derived from the TSC. */
#ifndef HV_DEV_PMTIMER_H
#define HV_DEV_PMTIMER_H

#include "hv/dev/legacy.h"

/*
 * The 4 bytes at the FADT's PM_TMR_BLK / X_PM_TMR_BLK (legacy.h). TMR_VAL counts at
 * 3.579545 MHz from 0 at reset, exactly from the TSC (never drifting), and wraps at 2^24, or
 * at 2^32 when the FADT sets TMR_VAL_EXT (choose at reset to match the tables; splitvisor's
 * FADT sets it). Read-only: a 32-bit IN returns TMR_VAL (bits 31-24 read 0 in 24-bit mode);
 * writes are ignored, so there is no write function. Not modelled: TMR_STS in PM1_STS and the
 * SCI on its carry (the platform is hardware-reduced: no PM1 event block).
 */

#define PMTIMER_HZ 3579545u

struct pmtimer {
	uint64_t tsc_hz;
	uint64_t reset_tsc;
	uint32_t mask; /* 0x00FFFFFF or 0xFFFFFFFF */
};

/* Starts the counter at 0 at TSC now; ext32: 32-bit TMR_VAL (FADT flag TMR_VAL_EXT). */
void pmtimer_reset(struct pmtimer *t, uint64_t now, uint64_t tsc_hz, bool ext32);
/* TMR_VAL at TSC now (any byte offset or width is the glue's to extract). */
uint32_t pmtimer_read(const struct pmtimer *t, uint64_t now);

#endif
