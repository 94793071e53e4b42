/* SPDX-License-Identifier: BSD-2-Clause */
/* Emulated I/O ports for guests: a table of device models by port range. */
#include "hv/dev/ports.h"
#include "hv/lib/fmt.h"
#include "hv/lib/spinlock.h"
#include "hv/partition/partition.h"

const struct port_model *const port_models[] = {
	&uart_model, &reset_cf9_model, &pci_config_model, &debug_exit_model, &bochs_shutdown_model,
	&reset_kbc_model, &pit_model, &pit_nmi_sc_model, &rtc_model, &pic_master_model, &pic_slave_model,
	&pic_elcr_model, &pm_timer_model, &post_code_model, &acpi_sleep_model,
};
const unsigned port_model_count = ARRAY_SIZE(port_models);

uint8_t ports_async_bitmap[65536 / 8];

void ports_init(void)
{
	for (uint32_t port = 0; port < 65536; port++) {
		const struct port_model *m = ports_find_model((uint16_t)port);
		if (m ? m->async_writes : true)
			ports_async_bitmap[port >> 3] |= (uint8_t)(1u << (port & 7));
	}
}

/* Coverage slots: the models' ports one after the other, in table order. */
static uint32_t cover_slot(uint16_t port)
{
	uint32_t slot = 0;
	for (unsigned i = 0; i < port_model_count; i++) {
		const struct port_model *m = port_models[i];
		if (port >= m->first && port <= m->last)
			return slot + (port - m->first);
		slot += m->last - m->first + 1u;
	}
	return COVER_SLOTS;
}

/* The model and the port behind coverage slot slot; 0 past the last. */
static const struct port_model *slot_model(uint32_t slot, uint16_t *port)
{
	for (unsigned i = 0; i < port_model_count; i++) {
		const struct port_model *m = port_models[i];
		if (slot <= (uint32_t)(m->last - m->first)) {
			*port = (uint16_t)(m->first + slot);
			return m;
		}
		slot -= m->last - m->first + 1u;
	}
	return 0;
}

static const char *slot_device(uint32_t slot)
{
	uint16_t port;
	const struct port_model *m = slot_model(slot, &port);
	return m ? m->name : "";
}

static bool slot_reg(uint32_t slot, char *buf, size_t size)
{
	uint16_t port;
	const struct port_model *m = slot_model(slot, &port);
	if (!m || ports_find_model(port) != m)
		return false; /* no model, or a port an earlier model in the table takes (0xCF9) */
	fmt_snprintf(buf, size, "0x%x", port);
	return true;
}

const struct cover_regs ports_cover_regs = { COVER_PORTS, slot_device, slot_reg };

void ports_access(struct exit_ctx *x, uint16_t port, unsigned size, bool write, uint32_t *value)
{
	struct partition *p = x->vcpu->part;
	const struct port_model *m = ports_find_model(port);
	uint32_t mask = size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
	if (m)
		dev_cover_hit(p, COVER_PORTS, cover_slot(port), write);
	spin_lock(&p->dev_lock);
	if (m && write)
		m->out(x, port, size, *value & mask);
	else if (m)
		*value = m->in(x, port, size) & mask;
	else if (write)
		p->unassigned_writes++;
	else
		p->unassigned_reads++;
	if (!m && !write)
		*value = mask; /* nothing there: the bus reads all-ones */
	spin_unlock(&p->dev_lock);
}
