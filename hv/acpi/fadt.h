/* SPDX-License-Identifier: BSD-2-Clause */
/* The generated FADT (signature "FACP"): hardware-reduced, revision 6. */
#ifndef HV_ACPI_FADT_H
#define HV_ACPI_FADT_H

#include "hv/acpi/tables.h"

#define VACPI_FADT_LENGTH 276

/* Writes the FADT (VACPI_FADT_LENGTH bytes) pointing at the DSDT at dsdt_gpa, checksummed. */
void vacpi_fadt_write(const struct vacpi_platform *pf, void *out, uint64_t dsdt_gpa);

#endif
