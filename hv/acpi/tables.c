/* SPDX-License-Identifier: BSD-2-Clause */
/* Lays out a partition's ACPI tables in one buffer and links them: RSDP -> XSDT -> FADT, MADT. */
#include "hv/acpi/tables.h"
#include "hv/acpi/dsdt.h"
#include "hv/acpi/fadt.h"
#include "hv/acpi/madt.h"
#include "hv/acpi/sdt.h"
#include "hv/lib/string.h"

#define TABLE_ALIGN 16 /* the RSDP must be on a 16-byte boundary; the tables follow suit */
#define RSDP_REVISION 2
#define RSDP_V1_LENGTH 20
#define XSDT_REVISION 1

/* ACPI 6.x 5.2.5.3: Root System Description Pointer, revision 2. */
struct PACKED rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t extended_checksum;
	uint8_t reserved[3];
};

_Static_assert(sizeof(struct rsdp) == 36, "RSDP revision 2 is 36 bytes");

enum { XSDT_FADT, XSDT_MADT, XSDT_ENTRIES };

struct PACKED xsdt {
	struct vacpi_header header;
	uint64_t entry[XSDT_ENTRIES];
};

/* Where each table goes: offsets into the buffer, in the order they are laid out. */
struct layout {
	size_t rsdp, xsdt, fadt, madt, dsdt;
};

static size_t align_offset(uint64_t gpa, size_t off)
{
	return (size_t)(ALIGN_UP(gpa + off, TABLE_ALIGN) - gpa);
}

static struct layout lay_out(const struct vacpi_platform *pf, uint64_t gpa)
{
	struct layout l;
	l.rsdp = align_offset(gpa, 0);
	l.xsdt = align_offset(gpa, l.rsdp + sizeof(struct rsdp));
	l.fadt = align_offset(gpa, l.xsdt + sizeof(struct xsdt));
	l.madt = align_offset(gpa, l.fadt + VACPI_FADT_LENGTH);
	l.dsdt = align_offset(gpa, l.madt + vacpi_madt_length(pf));
	return l;
}

static void write_rsdp(void *out, const char *oem_id, uint64_t xsdt_gpa)
{
	struct rsdp *r = out;
	memset(r, 0, sizeof(*r));
	memcpy(r->signature, "RSD PTR ", sizeof(r->signature));
	vacpi_copy_padded(r->oem_id, oem_id ? oem_id : VACPI_DEFAULT_OEM_ID, sizeof(r->oem_id));
	r->revision = RSDP_REVISION;
	r->length = sizeof(*r);
	r->xsdt_address = xsdt_gpa; /* no RSDT: an ACPI 2.0+ OS reads the XSDT */
	r->checksum = vacpi_checksum(r, RSDP_V1_LENGTH);
	r->extended_checksum = vacpi_checksum(r, sizeof(*r));
}

static void write_xsdt(void *out, const char *oem_id, uint64_t fadt_gpa, uint64_t madt_gpa)
{
	struct xsdt *x = out;
	vacpi_header_fill(&x->header, "XSDT", sizeof(*x), XSDT_REVISION, oem_id);
	x->entry[XSDT_FADT] = fadt_gpa;
	x->entry[XSDT_MADT] = madt_gpa;
	vacpi_seal(&x->header);
}

static bool platform_valid(const struct vacpi_platform *pf)
{
	return pf->nvcpus >= 1 && pf->nvcpus <= VACPI_MAX_VCPUS && pf->ioapic_base &&
	       pf->ioapic_base <= UINT32_MAX && pf->sleep_control_port &&
	       pf->sleep_status_port && pf->reset_port;
}

size_t vacpi_build(const struct vacpi_platform *pf, void *buf, uint64_t gpa, size_t size,
		   uint64_t *rsdp_gpa)
{
	if (!platform_valid(pf))
		return 0;
	struct layout l = lay_out(pf, gpa);
	if (l.dsdt > size)
		return 0;
	uint8_t *b = buf;
	memset(b, 0, l.dsdt);
	size_t dsdt_len = vacpi_dsdt_write(pf, b + l.dsdt, size - l.dsdt);
	if (!dsdt_len)
		return 0;
	vacpi_fadt_write(pf, b + l.fadt, gpa + l.dsdt);
	vacpi_madt_write(pf, b + l.madt);
	write_xsdt(b + l.xsdt, pf->oem_id, gpa + l.fadt, gpa + l.madt);
	write_rsdp(b + l.rsdp, pf->oem_id, gpa + l.xsdt);
	*rsdp_gpa = gpa + l.rsdp;
	return l.dsdt + dsdt_len;
}
