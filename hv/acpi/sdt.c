/* SPDX-License-Identifier: BSD-2-Clause */
/* Header, checksum and Generic Address Structure helpers shared by the generated ACPI tables. */
#include "hv/acpi/sdt.h"
#include "hv/lib/string.h"

enum { GAS_SYSTEM_IO = 1 };

void vacpi_copy_padded(char *dst, const char *s, size_t width)
{
	size_t i = 0;
	for (; s && s[i] && i < width; i++)
		dst[i] = s[i];
	for (; i < width; i++)
		dst[i] = ' ';
}

void vacpi_header_fill(struct vacpi_header *h, const char *signature, uint32_t len,
		       uint8_t revision, const char *oem_id)
{
	memcpy(h->signature, signature, sizeof(h->signature));
	h->length = len;
	h->revision = revision;
	h->checksum = 0;
	vacpi_copy_padded(h->oem_id, oem_id ? oem_id : VACPI_DEFAULT_OEM_ID, sizeof(h->oem_id));
	memcpy(h->oem_table_id, VACPI_OEM_TABLE_ID, sizeof(h->oem_table_id));
	h->oem_revision = VACPI_OEM_REVISION;
	memcpy(h->creator_id, VACPI_CREATOR_ID, sizeof(h->creator_id));
	h->creator_revision = VACPI_CREATOR_REVISION;
}

uint8_t vacpi_checksum(const void *p, size_t len)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + ((const uint8_t *)p)[i]);
	return (uint8_t)-sum;
}

void vacpi_seal(struct vacpi_header *h)
{
	h->checksum = 0;
	h->checksum = vacpi_checksum(h, h->length);
}

/* Access size (ACPI 6.x table 5.1): 1 byte, 2 word, 3 dword, 4 qword. */
static uint8_t access_size_of(uint8_t bits)
{
	uint8_t size = 1;
	while (size < 4 && (8u << (size - 1)) < bits)
		size++;
	return size;
}

struct vacpi_gas vacpi_gas_io(uint16_t port, uint8_t bits)
{
	return (struct vacpi_gas){
		.space_id = GAS_SYSTEM_IO, .bit_width = bits, .bit_offset = 0,
		.access_size = access_size_of(bits), .address = port,
	};
}
