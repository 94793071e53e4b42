/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI table parser: RSDP, XSDT/RSDT, MADT, FADT and the DSDT's \_S5 (pure logic). */
#include "drivers/acpi.h"
#include "hv/lib/fmt.h"
#include "hv/lib/string.h"

struct PACKED rsdp {
	char signature[8];
	uint8_t checksum;
	char oem[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;
	uint8_t reserved[3];
};

struct PACKED sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem[6];
	char oem_table[8];
	uint32_t oem_revision;
	uint32_t creator;
	uint32_t creator_revision;
};

bool acpi_checksum_ok(const void *p, uint64_t len)
{
	uint8_t sum = 0;
	for (uint64_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + ((const uint8_t *)p)[i]);
	return sum == 0;
}

static const struct sdt_header *map_table(acpi_map_fn map, uint64_t phys)
{
	const struct sdt_header *h = map(phys, sizeof(*h));
	if (!h || h->length < sizeof(*h))
		return 0;
	return map(phys, h->length);
}

static enum acpi_error fail(char *err, size_t size, enum acpi_error code, const char *fmt,
			    const char *sig, uint64_t addr)
{
	fmt_snprintf(err, size, fmt, sig, (unsigned long long)addr);
	return code;
}

static void madt_add_cpu(struct acpi_info *o, uint32_t apic_id, uint32_t uid, uint32_t flags, bool x2)
{
	for (uint32_t i = 0; i < o->ncpus; i++)
		if (o->cpus[i].apic_id == apic_id)
			return; /* listed both as xAPIC and x2APIC */
	if (o->ncpus >= ACPI_MAX_CPUS) {
		o->skipped_cpus++;
		return;
	}
	o->cpus[o->ncpus++] = (struct acpi_cpu){
		.apic_id = apic_id, .uid = uid, .enabled = flags & 1,
		.online_capable = (flags & 2) != 0, .x2apic_entry = x2,
	};
}

static bool madt_entry(struct acpi_info *o, const uint8_t *e)
{
	switch (e[0]) {
	case 0: /* processor local APIC */
		if (e[1] < 8)
			return false;
		madt_add_cpu(o, e[3], e[2], *(const uint32_t *)(e + 4), false);
		break;
	case 1: /* IOAPIC */
		if (e[1] < 12)
			return false;
		if (o->nioapics < ACPI_MAX_IOAPICS)
			o->ioapics[o->nioapics++] = (struct acpi_ioapic){
				e[2], *(const uint32_t *)(e + 4), *(const uint32_t *)(e + 8) };
		break;
	case 5: /* local APIC address override */
		if (e[1] < 12)
			return false;
		o->lapic_addr = *(const uint64_t *)(e + 4);
		break;
	case 9: /* processor local x2APIC */
		if (e[1] < 16)
			return false;
		madt_add_cpu(o, *(const uint32_t *)(e + 4), *(const uint32_t *)(e + 12),
			     *(const uint32_t *)(e + 8), true);
		break;
	}
	return true;
}

static enum acpi_error parse_madt(const struct sdt_header *h, uint64_t phys, struct acpi_info *o,
				  char *err, size_t size)
{
	if (!acpi_checksum_ok(h, h->length))
		return fail(err, size, ACPI_ERR_MADT_CHECKSUM,
			    "ACPI: %s table at 0x%llx has a bad checksum; the firmware's tables are corrupt "
			    "(update the firmware or report it to the vendor)", "APIC (MADT)", phys);
	const uint8_t *p = (const uint8_t *)h;
	if (h->length < sizeof(*h) + 8)
		return fail(err, size, ACPI_ERR_MADT_MALFORMED,
			    "ACPI: %s table at 0x%llx is too short", "APIC (MADT)", phys);
	o->lapic_addr = *(const uint32_t *)(p + sizeof(*h));
	for (uint32_t off = sizeof(*h) + 8; off + 2 <= h->length;) {
		const uint8_t *e = p + off;
		if (e[1] < 2 || off + e[1] > h->length || !madt_entry(o, e))
			return fail(err, size, ACPI_ERR_MADT_MALFORMED,
				    "ACPI: %s table at 0x%llx has a malformed entry", "APIC (MADT)", phys);
		off += e[1];
	}
	if (!o->ncpus)
		return fail(err, size, ACPI_ERR_NO_CPUS,
			    "ACPI: %s table at 0x%llx lists no processors", "APIC (MADT)", phys);
	return ACPI_OK;
}

/* Reads \_S5's SLP_TYPa from the DSDT: NameOp "_S5_" PackageOp len count value. */
static void parse_s5(acpi_map_fn map, uint64_t dsdt_phys, struct acpi_info *o)
{
	const struct sdt_header *h = map_table(map, dsdt_phys);
	if (!h)
		return;
	const uint8_t *p = (const uint8_t *)h;
	for (uint32_t i = sizeof(*h); i + 12 < h->length; i++) {
		if (memcmp(p + i, "_S5_", 4) != 0 || p[i + 4] != 0x12)
			continue;
		uint32_t j = i + 5;
		j += (uint32_t)((p[j] >> 6) & 3) + 1; /* PkgLength */
		j++;                                  /* NumElements */
		if (p[j] == 0x0A)                     /* BytePrefix; else ZeroOp/OneOp is the value */
			j++;
		o->s5_typ = p[j];
		o->have_s5 = true;
		return;
	}
}

static void parse_fadt(acpi_map_fn map, const struct sdt_header *h, struct acpi_info *o)
{
	const uint8_t *p = (const uint8_t *)h;
	if (h->length < 116 || !acpi_checksum_ok(h, h->length))
		return;
	o->have_fadt = true;
	o->pm1a_cnt_port = *(const uint32_t *)(p + 64);
	o->pm_tmr_port = (uint16_t)*(const uint32_t *)(p + 76);
	uint32_t flags = *(const uint32_t *)(p + 112);
	o->pm_tmr_32bit = (flags >> 8) & 1;
	if (h->length >= 129 && ((flags >> 10) & 1)) {
		o->reset_supported = true;
		o->reset_reg = (struct acpi_gas){ p[116], p[117], *(const uint64_t *)(p + 120) };
		o->reset_value = p[128];
	}
	uint64_t dsdt = *(const uint32_t *)(p + 40);
	if (h->length >= 148 && *(const uint64_t *)(p + 140))
		dsdt = *(const uint64_t *)(p + 140);
	if (dsdt)
		parse_s5(map, dsdt, o);
}

static enum acpi_error check_rsdp(const struct rsdp *r, uint64_t phys, char *err, size_t size)
{
	if (memcmp(r->signature, "RSD PTR ", 8) != 0)
		return fail(err, size, ACPI_ERR_RSDP_SIGNATURE,
			    "ACPI: no %s signature at 0x%llx; the boot loader passed a wrong pointer", "RSDP", phys);
	if (!acpi_checksum_ok(r, 20) || (r->revision >= 2 && !acpi_checksum_ok(r, sizeof(*r))))
		return fail(err, size, ACPI_ERR_RSDP_CHECKSUM,
			    "ACPI: %s at 0x%llx has a bad checksum; the firmware's tables are corrupt", "RSDP", phys);
	return ACPI_OK;
}

static void scan_root(acpi_map_fn map, const struct sdt_header *root, bool xsdt,
		      const struct sdt_header **madt, uint64_t *madt_phys, struct acpi_info *o)
{
	uint32_t width = xsdt ? 8 : 4;
	uint32_t n = (root->length - sizeof(*root)) / width;
	const uint8_t *ents = (const uint8_t *)(root + 1);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t phys = xsdt ? *(const uint64_t *)(ents + i * 8) : *(const uint32_t *)(ents + i * 4);
		const struct sdt_header *t = map_table(map, phys);
		if (!t)
			continue;
		if (memcmp(t->signature, "APIC", 4) == 0 && !*madt) {
			*madt = t;
			*madt_phys = phys;
		} else if (memcmp(t->signature, "FACP", 4) == 0) {
			parse_fadt(map, t, o);
		} else if (memcmp(t->signature, "HPET", 4) == 0 && t->length >= 56) {
			o->hpet_addr = *(const uint64_t *)((const uint8_t *)t + 44);
		}
	}
}

enum acpi_error acpi_parse(uint64_t rsdp_phys, acpi_map_fn map, struct acpi_info *o,
			   char *err, size_t size)
{
	memset(o, 0, sizeof(*o));
	if (err && size)
		err[0] = 0;
	const struct rsdp *r = rsdp_phys ? map(rsdp_phys, sizeof(*r)) : 0;
	if (!r)
		return fail(err, size, ACPI_ERR_NO_RSDP,
			    "ACPI: no %s found (searched at 0x%llx); splitvisor needs ACPI 1.0 or later "
			    "tables to find the CPUs: enable ACPI in the firmware setup", "RSDP", rsdp_phys);
	enum acpi_error e = check_rsdp(r, rsdp_phys, err, size);
	if (e)
		return e;
	o->revision = r->revision;
	o->xsdt = r->revision >= 2 && r->xsdt;
	uint64_t root_phys = o->xsdt ? r->xsdt : r->rsdt;
	const char *root_sig = o->xsdt ? "XSDT" : "RSDT";
	const struct sdt_header *root = map_table(map, root_phys);
	if (!root || memcmp(root->signature, root_sig, 4) != 0)
		return fail(err, size, ACPI_ERR_ROOT_SIGNATURE,
			    "ACPI: the %s the RSDP points to (0x%llx) has a wrong signature", root_sig, root_phys);
	if (!acpi_checksum_ok(root, root->length))
		return fail(err, size, ACPI_ERR_ROOT_CHECKSUM,
			    "ACPI: %s at 0x%llx has a bad checksum; the firmware's tables are corrupt",
			    root_sig, root_phys);
	const struct sdt_header *madt = 0;
	uint64_t madt_phys = 0;
	scan_root(map, root, o->xsdt, &madt, &madt_phys, o);
	if (!madt)
		return fail(err, size, ACPI_ERR_NO_MADT,
			    "ACPI: no APIC (MADT) table in the %s at 0x%llx; splitvisor cannot find the CPUs "
			    "without it", root_sig, root_phys);
	return parse_madt(madt, madt_phys, o, err, size);
}

uint64_t acpi_find_rsdp_legacy(acpi_map_fn map)
{
	const uint16_t *ebda_seg = map(0x40E, 2);
	uint64_t ranges[2][2] = { { ebda_seg ? (uint64_t)*ebda_seg << 4 : 0, 1024 }, { 0xE0000, 0x20000 } };
	for (int k = 0; k < 2; k++) {
		if (!ranges[k][0])
			continue;
		const uint8_t *p = map(ranges[k][0], ranges[k][1]);
		for (uint64_t off = 0; p && off + 20 <= ranges[k][1]; off += 16)
			if (memcmp(p + off, "RSD PTR ", 8) == 0 && acpi_checksum_ok(p + off, 20))
				return ranges[k][0] + off;
	}
	return 0;
}
