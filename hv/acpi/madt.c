/* SPDX-License-Identifier: BSD-2-Clause */
/* The MADT of a partition: its vCPUs' local APICs, one IOAPIC, ISA IRQ 0 on GSI 2, NMI on LINT1. */
#include "hv/acpi/madt.h"
#include "hv/acpi/sdt.h"
#include "hv/lib/string.h"

#define MADT_REVISION 5 /* ACPI 6.3 */
#define MADT_PCAT_COMPAT 1u /* an 8259 pair is present (and masked) */
#define ENTRY_ENABLED 1u
#define ALL_PROCESSORS_ID8 0xFF
#define ALL_PROCESSORS_UID 0xFFFFFFFFu
#define NMI_LINT 1
#define MPS_ACTIVE_HIGH 0x1
#define MPS_EDGE 0x4

/* ACPI 6.x 5.2.12 and its entry structures (tables 5.45-5.62). */
struct PACKED madt {
	struct vacpi_header header;
	uint32_t lapic_address;
	uint32_t flags;
};

struct PACKED lapic_entry { /* type 0 */
	uint8_t type, length, processor_id, apic_id;
	uint32_t flags;
};

struct PACKED ioapic_entry { /* type 1 */
	uint8_t type, length, ioapic_id, reserved;
	uint32_t address, gsi_base;
};

struct PACKED override_entry { /* type 2 */
	uint8_t type, length, bus, source;
	uint32_t gsi;
	uint16_t flags;
};

struct PACKED lapic_nmi_entry { /* type 4 */
	uint8_t type, length, processor_id;
	uint16_t flags;
	uint8_t lint;
};

struct PACKED x2apic_entry { /* type 9 */
	uint8_t type, length;
	uint16_t reserved;
	uint32_t x2apic_id, flags, processor_uid;
};

struct PACKED x2apic_nmi_entry { /* type 0xA */
	uint8_t type, length;
	uint16_t flags;
	uint32_t processor_uid;
	uint8_t lint, reserved[3];
};

/* The two ways to list processors: xAPIC entries (IDs below 255) or x2APIC entries. */
typedef void *(*write_cpu_fn)(void *at, uint32_t id);
typedef void *(*write_nmi_fn)(void *at);

static void *write_lapic(void *at, uint32_t id)
{
	struct lapic_entry *e = at;
	*e = (struct lapic_entry){ 0, sizeof(*e), (uint8_t)id, (uint8_t)id, ENTRY_ENABLED };
	return e + 1;
}

static void *write_lapic_nmi(void *at)
{
	struct lapic_nmi_entry *e = at;
	*e = (struct lapic_nmi_entry){ 4, sizeof(*e), ALL_PROCESSORS_ID8, 0, NMI_LINT };
	return e + 1;
}

static void *write_x2apic(void *at, uint32_t id)
{
	struct x2apic_entry *e = at;
	*e = (struct x2apic_entry){ 9, sizeof(*e), 0, id, ENTRY_ENABLED, id };
	return e + 1;
}

static void *write_x2apic_nmi(void *at)
{
	struct x2apic_nmi_entry *e = at;
	*e = (struct x2apic_nmi_entry){ 0xA, sizeof(*e), 0, ALL_PROCESSORS_UID, NMI_LINT, { 0 } };
	return e + 1;
}

static const struct processor_kind {
	size_t cpu_len, nmi_len;
	write_cpu_fn write_cpu;
	write_nmi_fn write_nmi;
} kinds[2] = {
	{ sizeof(struct lapic_entry), sizeof(struct lapic_nmi_entry), write_lapic, write_lapic_nmi },
	{ sizeof(struct x2apic_entry), sizeof(struct x2apic_nmi_entry), write_x2apic, write_x2apic_nmi },
};

/* ISA IRQ 0 (the PIT) arrives on GSI 2; every other ISA IRQ n on GSI n. */
static const struct override_entry overrides[] = {
	{ 2, sizeof(struct override_entry), 0, 0, 2, MPS_EDGE | MPS_ACTIVE_HIGH },
};

static const struct processor_kind *kind_of(const struct vacpi_platform *pf)
{
	return &kinds[pf->x2apic_entries ? 1 : 0];
}

size_t vacpi_madt_length(const struct vacpi_platform *pf)
{
	const struct processor_kind *k = kind_of(pf);
	return sizeof(struct madt) + pf->nvcpus * k->cpu_len + sizeof(struct ioapic_entry) +
	       sizeof(overrides) + k->nmi_len;
}

static void *write_ioapic(void *at, const struct vacpi_platform *pf)
{
	struct ioapic_entry *e = at;
	*e = (struct ioapic_entry){ 1, sizeof(*e), pf->ioapic_id, 0, (uint32_t)pf->ioapic_base, 0 };
	return e + 1;
}

void vacpi_madt_write(const struct vacpi_platform *pf, void *out)
{
	const struct processor_kind *k = kind_of(pf);
	struct madt *m = out;
	uint32_t len = (uint32_t)vacpi_madt_length(pf);
	vacpi_header_fill(&m->header, "APIC", len, MADT_REVISION, pf->oem_id);
	m->lapic_address = VACPI_LAPIC_BASE;
	m->flags = MADT_PCAT_COMPAT;
	void *at = m + 1;
	for (uint32_t id = 0; id < pf->nvcpus; id++)
		at = k->write_cpu(at, id);
	at = write_ioapic(at, pf);
	memcpy(at, overrides, sizeof(overrides));
	at = (uint8_t *)at + sizeof(overrides);
	k->write_nmi(at);
	vacpi_seal(&m->header);
}
