/* SPDX-License-Identifier: BSD-2-Clause */
/* Application-processor bring-up (INIT-SIPI-SIPI) and per-CPU setup. */
#ifndef HV_SMP_H
#define HV_SMP_H

#include "hv/lib/types.h"

struct boot_info;
struct acpi_info;
struct percpu;

/* Sets up the calling CPU's stacks, GDT/TSS, IDT, GS and local APIC. */
void cpu_setup(struct percpu *p);
/* Allocates a stack with an unmapped guard page below it; returns its top. */
uint64_t stack_alloc(uint64_t size);
/* Starts every enabled CPU the MADT lists; returns the number online (BSP included). */
uint32_t smp_start_aps(const struct boot_info *bi, const struct acpi_info *acpi);

#endif
