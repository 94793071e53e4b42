/* SPDX-License-Identifier: BSD-2-Clause */
/* The generated MADT (signature "APIC"): one entry per vCPU, the IOAPIC, overrides, NMI. */
#ifndef HV_ACPI_MADT_H
#define HV_ACPI_MADT_H

#include "hv/acpi/tables.h"

/* The MADT's length for this platform. */
size_t vacpi_madt_length(const struct vacpi_platform *pf);
/* Writes the MADT (vacpi_madt_length() bytes), checksummed. */
void vacpi_madt_write(const struct vacpi_platform *pf, void *out);

#endif
