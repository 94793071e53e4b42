/* SPDX-License-Identifier: BSD-2-Clause */
/* Emulated I/O ports for guests: a table of device models by port range. */
#include "hv/dev/ports.h"

static const struct port_model *const models[] = {
	&uart_model, &reset_cf9_model, &pci_config_model, &debug_exit_model, &bochs_shutdown_model,
	&reset_kbc_model,
};

const struct port_model *ports_find_model(uint16_t port)
{
	for (unsigned i = 0; i < ARRAY_SIZE(models); i++)
		if (port >= models[i]->first && port <= models[i]->last)
			return models[i];
	return 0;
}

uint8_t ports_async_bitmap[65536 / 8];

void ports_init(void)
{
	for (uint32_t port = 0; port < 65536; port++) {
		const struct port_model *m = ports_find_model((uint16_t)port);
		if (m ? m->async_writes : true)
			ports_async_bitmap[port >> 3] |= (uint8_t)(1u << (port & 7));
	}
}
