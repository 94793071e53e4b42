/* SPDX-License-Identifier: BSD-2-Clause */
/* Device assignment: a legacy UART's ports and interrupt handed to one partition. */
#include "hv/dev/assign.h"
#include "apic/ioapic.h"
#include "drivers/acpi.h"
#include "hv/lib/fmt.h"
#include "hv/mm/frame.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/percpu.h"
#include "hv/lib/spinlock.h"
#include "hv/lib/string.h"
#include "apic/vicr.h"
#include "hv/partition/vcpu.h"

struct legacy_uart { uint16_t port; uint8_t irq; };
static const struct legacy_uart uarts[5] = { { 0, 0 }, { 0x3F8, 4 }, { 0x2F8, 3 }, { 0x3E8, 4 }, { 0x2E8, 3 } };

static struct spinlock host_ioapic_lock;

bool assign_supported(const struct partition *p, char *why, size_t size)
{
	const struct manifest_partition *c = p->cfg;
	for (uint32_t i = 0; i < c->ndevices; i++) {
		const struct manifest_device *d = &c->device[i];
		if (d->kind != MANIFEST_DEV_LEGACY || d->com < 2) {
			fmt_snprintf(why, size, "device %s: only the legacy UARTs com2, com3 and com4 can be "
				     "assigned in this build (PCI devices need the IOMMU work)", d->name);
			return false;
		}
		if (c->interrupts != MANIFEST_IRQ_EXITLESS) {
			fmt_snprintf(why, size, "device %s: assigned devices deliver their interrupts straight "
				     "into the guest, which needs interrupts = \"exitless\"", d->name);
			return false;
		}
		if (!acpi_platform() || !acpi_platform()->nioapics) {
			fmt_snprintf(why, size, "device %s: the machine has no IOAPIC to route its interrupt",
				     d->name);
			return false;
		}
	}
	return true;
}

bool assign_devices(struct partition *p)
{
	const struct manifest_partition *c = p->cfg;
	if (!c->ndevices)
		return true;
	uint64_t bm = frame_alloc(1, PAGE_SIZE, 0);
	if (!bm)
		return false;
	memset((void *)(uintptr_t)bm, 0xFF, PAGE_SIZE); /* ports 0-0x7FFF: deny by default */
	for (uint32_t i = 0; i < c->ndevices; i++) {
		const struct legacy_uart *u = &uarts[c->device[i].com];
		for (uint16_t port = u->port; port < u->port + 8; port++)
			((uint8_t *)(uintptr_t)bm)[port / 8] &= (uint8_t)~(1u << (port % 8));
		p->assigned_irq_mask |= 1u << u->irq;
	}
	p->io_bitmap_a = bm;
	return true;
}

void assign_route(struct partition *p, uint32_t pin, uint64_t entry)
{
	if (pin >= 32 || !(p->assigned_irq_mask & (1u << pin)))
		return;
	uint32_t dest = (uint32_t)(entry >> 56);
	uint32_t apic = 0;
	bool found = false;
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		if (p->vcpu[i]->index == dest) {
			apic = percpu_of(p->vcpu[i]->cpu)->apic_id;
			found = true;
		}
	}
	uint64_t base = acpi_platform()->ioapics[0].addr;
	spin_lock(&host_ioapic_lock);
	if (!found || (entry & (1ULL << 16)) || (uint8_t)entry < 16)
		ioapic_mask(base, pin);
	else
		ioapic_route(base, pin, (uint8_t)entry, apic); /* fixed, physical, edge, active high */
	spin_unlock(&host_ioapic_lock);
}

void assign_release(struct partition *p)
{
	if (!p->assigned_irq_mask)
		return;
	uint64_t base = acpi_platform()->ioapics[0].addr;
	spin_lock(&host_ioapic_lock);
	for (uint32_t pin = 0; pin < 32; pin++)
		if (p->assigned_irq_mask & (1u << pin))
			ioapic_mask(base, pin);
	spin_unlock(&host_ioapic_lock);
}
