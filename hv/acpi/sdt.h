/* SPDX-License-Identifier: BSD-2-Clause */
/* The parts every generated ACPI table shares: the 36-byte header, the GAS, the checksum. */
#ifndef HV_ACPI_SDT_H
#define HV_ACPI_SDT_H

#include "hv/lib/types.h"

/* ACPI 6.x 5.2.6: the System Description Table header. */
struct PACKED vacpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	char creator_id[4];
	uint32_t creator_revision;
};

/* ACPI 6.x 5.2.3.2: Generic Address Structure. */
struct PACKED vacpi_gas {
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address;
};

#define VACPI_OEM_TABLE_ID "SPLITVSR"
#define VACPI_OEM_REVISION 1
#define VACPI_CREATOR_ID "SPLV"
#define VACPI_CREATOR_REVISION 1
#define VACPI_DEFAULT_OEM_ID "SPLITV"

/* Fills the header of a table of len bytes; the checksum is left for vacpi_seal(). A NULL or
 * short oem_id is taken as "SPLITV" or padded with spaces. */
void vacpi_header_fill(struct vacpi_header *h, const char *signature, uint32_t len,
		       uint8_t revision, const char *oem_id);
/* Copies at most width characters of s into dst, padding the rest with spaces. */
void vacpi_copy_padded(char *dst, const char *s, size_t width);
/* The byte that makes the bytes of p..p+len sum to zero once it is added. */
uint8_t vacpi_checksum(const void *p, size_t len);
/* Sets the header's checksum so that the whole table (h->length bytes) sums to zero. */
void vacpi_seal(struct vacpi_header *h);
/* A GAS for a system I/O register of bits (8, 16 or 32) at port. */
struct vacpi_gas vacpi_gas_io(uint16_t port, uint8_t bits);

#endif
