/* SPDX-License-Identifier: BSD-2-Clause */
/* Resource descriptors (ACPI 6.x 6.4) for a ResourceTemplate buffer such as a device's _CRS. */
#ifndef HV_ACPI_RESOURCE_H
#define HV_ACPI_RESOURCE_H

#include "hv/acpi/aml.h"

/* I/O port descriptor, 16-bit decode: the range min..max+len-1 in steps of align. */
void aml_res_io(struct aml *a, uint16_t min, uint16_t max, uint8_t align, uint8_t len);
/* IRQ descriptor without flags (edge, active high, exclusive): ISA IRQs in mask (bit n = IRQ n). */
void aml_res_irq(struct aml *a, uint16_t mask);
/* The End Tag that closes a template; checksum 0 means "treat the template as valid". */
void aml_res_end(struct aml *a);

#endif
