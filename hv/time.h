/* SPDX-License-Identifier: BSD-2-Clause */
/* Time from the TSC once its frequency is known; deadlines and delays. */
#ifndef HV_TIME_H
#define HV_TIME_H

#include "hv/lib/types.h"

void time_set_tsc_hz(uint64_t hz);
uint64_t time_tsc_hz(void);
/* TSC ticks to nanoseconds and back, at the calibrated frequency. */
uint64_t time_ticks_to_ns(uint64_t ticks);
uint64_t time_ns_to_ticks(uint64_t ns);
uint64_t time_deadline_us(uint64_t us);
bool time_passed(uint64_t deadline);
void time_delay_us(uint64_t us);

#endif
