/* SPDX-License-Identifier: BSD-2-Clause */
/* Small resource descriptors (ACPI 6.x 6.4.2): I/O port, IRQ, End Tag. */
#include "hv/acpi/resource.h"

/* A small item's tag byte: bit 7 clear, item name in bits 6:3, length in bits 2:0. */
#define SMALL_TAG(name, len) ((uint8_t)(((name) << 3) | (len)))

enum { SMALL_IRQ = 0x04, SMALL_IO = 0x08, SMALL_END = 0x0F };
enum { IO_DECODE_16 = 1 };

void aml_res_io(struct aml *a, uint16_t min, uint16_t max, uint8_t align, uint8_t len)
{
	const uint8_t d[] = {
		SMALL_TAG(SMALL_IO, 7), IO_DECODE_16,
		(uint8_t)min, (uint8_t)(min >> 8), (uint8_t)max, (uint8_t)(max >> 8), align, len,
	};
	aml_bytes(a, d, sizeof(d));
}

void aml_res_irq(struct aml *a, uint16_t mask)
{
	const uint8_t d[] = { SMALL_TAG(SMALL_IRQ, 2), (uint8_t)mask, (uint8_t)(mask >> 8) };
	aml_bytes(a, d, sizeof(d));
}

void aml_res_end(struct aml *a)
{
	const uint8_t d[] = { SMALL_TAG(SMALL_END, 1), 0 };
	aml_bytes(a, d, sizeof(d));
}
