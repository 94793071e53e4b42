/* SPDX-License-Identifier: BSD-2-Clause */
/* The DSDT of a partition in AML: \_SB with a processor device per vCPU and COM1, and \_S5. */
#include "hv/acpi/dsdt.h"
#include "hv/acpi/aml.h"
#include "hv/acpi/resource.h"
#include "hv/acpi/sdt.h"

#define DSDT_REVISION 2 /* 64-bit integers */
#define COM1_PORTS 8

/* Device (CPnn) { Name (_HID, "ACPI0007") Name (_UID, n) }: the processor device the MADT
 * entry with processor UID n belongs to (x2APIC entries require one). */
static void write_processor(struct aml *a, uint32_t uid)
{
	static const char hex[] = "0123456789ABCDEF";
	char name[5] = { 'C', 'P', hex[(uid >> 4) & 0xF], hex[uid & 0xF], 0 };
	size_t dev = aml_device(a, name);
	aml_name(a, "_HID");
	aml_string(a, "ACPI0007");
	aml_name(a, "_UID");
	aml_integer(a, uid);
	aml_close(a, dev);
}

/* Device (COM1) { _HID EisaId ("PNP0501"), _UID 1, _CRS: IO 0x3F8-0x3FF, IRQ 4 }. */
static void write_com1(struct aml *a)
{
	uint8_t crs[16];
	struct aml r;
	aml_init(&r, crs, sizeof(crs));
	aml_res_io(&r, VACPI_COM1_PORT, VACPI_COM1_PORT, 1, COM1_PORTS);
	aml_res_irq(&r, 1u << VACPI_COM1_IRQ);
	aml_res_end(&r);

	size_t dev = aml_device(a, "COM1");
	aml_name(a, "_HID");
	aml_integer(a, aml_eisa_id("PNP0501"));
	aml_name(a, "_UID");
	aml_integer(a, 1);
	aml_name(a, "_CRS");
	aml_buffer(a, r.data, r.len);
	aml_close(a, dev);
}

static void write_system_bus(struct aml *a, const struct vacpi_platform *pf)
{
	size_t scope = aml_scope(a, "\\_SB");
	for (uint32_t i = 0; i < pf->nvcpus; i++)
		write_processor(a, i);
	write_com1(a);
	aml_close(a, scope);
}

/* Name (\_S5, Package () { SLP_TYPa, SLP_TYPb, 0, 0 }): the value written to
 * SLEEP_CONTROL_REG's SLP_TYP field to power off. */
static void write_s5(struct aml *a, uint8_t sleep_type)
{
	aml_name(a, "\\_S5");
	size_t pkg = aml_package(a, 4);
	aml_integer(a, sleep_type);
	aml_integer(a, sleep_type);
	aml_integer(a, 0);
	aml_integer(a, 0);
	aml_close(a, pkg);
}

size_t vacpi_dsdt_write(const struct vacpi_platform *pf, void *out, size_t room)
{
	struct vacpi_header *h = out;
	if (room < sizeof(*h))
		return 0;
	struct aml a;
	aml_init(&a, h + 1, room - sizeof(*h));
	write_system_bus(&a, pf);
	write_s5(&a, pf->s5_sleep_type);
	if (a.overflow || sizeof(*h) + a.len > UINT32_MAX)
		return 0;
	uint32_t len = (uint32_t)(sizeof(*h) + a.len);
	vacpi_header_fill(h, "DSDT", len, DSDT_REVISION, pf->oem_id);
	vacpi_seal(h);
	return len;
}
