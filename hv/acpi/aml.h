/* SPDX-License-Identifier: BSD-2-Clause */
/* A small AML writer (ACPI 6.x chapter 20): names, integers, strings, packages, devices, buffers. */
#ifndef HV_ACPI_AML_H
#define HV_ACPI_AML_H

#include "hv/lib/types.h"

/* Bytes written into a caller's array; once something does not fit, overflow is set and
 * nothing more is written. */
struct aml {
	uint8_t *data;
	size_t size;
	size_t len;
	bool overflow;
};

/* The largest PkgLength AML can encode (28 bits). */
#define AML_PKGLENGTH_MAX 0x0FFFFFFFu

void aml_init(struct aml *a, void *data, size_t size);
void aml_bytes(struct aml *a, const void *bytes, size_t n);
void aml_byte(struct aml *a, uint8_t b);

/* An integer with the shortest encoding: ZeroOp, OneOp, OnesOp, Byte/Word/DWord/QWordPrefix. */
void aml_integer(struct aml *a, uint64_t v);
/* StringPrefix, the ASCII characters, NUL. */
void aml_string(struct aml *a, const char *s);
/* A NameString: "\\_SB.COM1", "_S5", "^PCI0.ISA"; segments shorter than 4 are padded with
 * '_'. Returns false (and sets overflow) for a segment longer than 4 characters. */
bool aml_name_string(struct aml *a, const char *path);
/* DefName: NameOp NameString; the object (integer, string, package, buffer) follows. */
void aml_name(struct aml *a, const char *path);

/* Opening an object with a PkgLength returns a mark; aml_close(mark) writes the PkgLength
 * in the fewest bytes once its contents are written. Closes must nest. */
size_t aml_scope(struct aml *a, const char *path);
size_t aml_device(struct aml *a, const char *name);
size_t aml_package(struct aml *a, uint8_t nelements);
void aml_close(struct aml *a, size_t mark);

/* DefBuffer: BufferOp PkgLength BufferSize bytes (a ResourceTemplate is one). */
void aml_buffer(struct aml *a, const void *bytes, size_t n);

/* The 32-bit compressed EISA ID of "PNP0501" (three letters, four hex digits), as _HID holds
 * it; 0 if id is not of that form. */
uint32_t aml_eisa_id(const char *id);

#endif
