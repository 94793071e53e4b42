/* SPDX-License-Identifier: BSD-2-Clause */
/* TSC frequency: CPUID 0x15/0x16 where present, checked against the PM timer or PIT. */
#ifndef DRIVERS_TSC_H
#define DRIVERS_TSC_H

#include "hv/lib/types.h"

struct acpi_info;

/* Determines the TSC frequency, sets it for hv/time, and logs how. */
uint64_t tsc_calibrate(const struct acpi_info *acpi);

#endif
