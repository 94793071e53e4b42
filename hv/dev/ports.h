/* SPDX-License-Identifier: BSD-2-Clause */
/* Emulated I/O ports for guests: a table of device models by port range. */
#ifndef HV_PORTS_H
#define HV_PORTS_H

#include "hv/partition/vcpu.h"
#include "hv/partition/dev_cover.h"

struct port_model {
	const char *name;
	uint16_t first, last;
	/* in: returns the value; out: value is what the guest wrote */
	uint32_t (*in)(struct exit_ctx *x, uint16_t port, unsigned size);
	void (*out)(struct exit_ctx *x, uint16_t port, unsigned size, uint32_t value);
	bool async_writes; /* the guest never reads back what its writes do */
};

/* Every device model (hv/dev/ports.c). */
extern const struct port_model *const port_models[];
extern const unsigned port_model_count;

/* The model behind port, 0 when none (the port is unassigned); inline: it is on every I/O exit. */
static inline const struct port_model *ports_find_model(uint16_t port)
{
	for (unsigned i = 0; i < port_model_count; i++)
		if (port >= port_models[i]->first && port <= port_models[i]->last)
			return port_models[i];
	return 0;
}
/* An access to port by x's vCPU: its device model, or all-ones and ignored writes for an
 * unassigned port (counted); under the partition's device lock. value is in/out. */
void ports_access(struct exit_ctx *x, uint16_t port, unsigned size, bool write, uint32_t *value);
/* The port models' registers, for the coverage lines of fuzz builds (hv/partition/dev_cover.h). */
extern const struct cover_regs ports_cover_regs;
/* Builds the bitmap behind ports_async_write_fast (boot CPU, once, before any guest runs). */
void ports_init(void);
extern uint8_t ports_async_bitmap[65536 / 8];
/* True when an I/O exit (its raw qualification) is an OUT to a model whose writes are
 * asynchronous, or to an unassigned port: in a few instructions. */
static inline bool ports_async_write_fast(uint64_t qual)
{
	uint16_t port = (uint16_t)(qual >> 16);
	return !(qual & 0x18) && (ports_async_bitmap[port >> 3] >> (port & 7)) & 1;
}

/* Bytes arriving on a partition's COM1 (console input, test input): queued for the guest,
 * which gets its UART interrupt through its IOAPIC. */
struct partition;
void uart_feed(struct partition *p, const char *data, size_t n);

/* device models (hv/dev/) */
extern const struct port_model uart_model, pci_config_model, debug_exit_model, bochs_shutdown_model,
	reset_cf9_model, reset_kbc_model, pit_model, pit_nmi_sc_model, rtc_model, pic_master_model,
	pic_slave_model, pic_elcr_model, pm_timer_model, post_code_model, acpi_sleep_model;

/* The ACPI sleep registers the partition's FADT names (hardware-reduced ACPI). */
#define SLEEP_CONTROL_PORT 0x604
#define SLEEP_STATUS_PORT 0x605
/* The reset control register (0xCF9) and the value with the reset bit that the FADT's
 * RESET_REG names and the reset vector writes. */
#define RESET_CONTROL_PORT 0xCF9
#define RESET_CONTROL_VALUE 0x06

#endif
