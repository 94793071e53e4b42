/* SPDX-License-Identifier: BSD-2-Clause */
/* Emulated I/O ports for guests: a table of device models by port range. */
#include "hv/dev/ports.h"

const struct port_model *const port_models[] = {
	&uart_model, &reset_cf9_model, &pci_config_model, &debug_exit_model, &bochs_shutdown_model,
	&reset_kbc_model,
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
