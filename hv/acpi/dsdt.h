/* SPDX-License-Identifier: BSD-2-Clause */
/* The generated DSDT: processor devices, COM1 and \_S5 in AML. */
#ifndef HV_ACPI_DSDT_H
#define HV_ACPI_DSDT_H

#include "hv/acpi/tables.h"

/* Writes the DSDT into out (room bytes), checksummed; returns its length, 0 if it does not fit. */
size_t vacpi_dsdt_write(const struct vacpi_platform *pf, void *out, size_t room);

#endif
