/* SPDX-License-Identifier: BSD-2-Clause */
/* Small platform ports: PCI configuration ("no device"), debug-exit 0xF4, Bochs 0x8900. */
#include "hv/exit/exit.h"
#include "hv/partition/partition.h"
#include "hv/dev/ports.h"

static uint32_t pci_in(struct exit_ctx *x, uint16_t port, unsigned size)
{
	UNUSED(size);
	if (port == 0xCF8)
		return x->vcpu->part->pci_address;
	return 0xFFFFFFFFu; /* no device behind any address */
}

static void pci_out(struct exit_ctx *x, uint16_t port, unsigned size, uint32_t v)
{
	if (port == 0xCF8 && size == 4)
		x->vcpu->part->pci_address = v;
}

const struct port_model pci_config_model = {
	.name = "PCI configuration", .first = 0xCF8, .last = 0xCFF,
	.in = pci_in, .out = pci_out, .async_writes = false,
};

static uint32_t none_in(struct exit_ctx *x, uint16_t port, unsigned size)
{
	UNUSED(x);
	UNUSED(port);
	UNUSED(size);
	return 0xFFFFFFFFu;
}

/* A 32-bit write ends the partition with that status (test guests use it). */
static void debug_exit_out(struct exit_ctx *x, uint16_t port, unsigned size, uint32_t v)
{
	UNUSED(port);
	if (size == 4)
		exit_stop(x, STOP_DEBUG_EXIT, v, "debug-exit port 0xF4 written with 0x%x", v);
}

const struct port_model debug_exit_model = {
	.name = "debug exit", .first = 0xF4, .last = 0xF7,
	.in = none_in, .out = debug_exit_out, .async_writes = false,
};

/* Bochs' power-off convention: the bytes "Shutdown" written to port 0x8900. */
static void shutdown_out(struct exit_ctx *x, uint16_t port, unsigned size, uint32_t v)
{
	UNUSED(port);
	UNUSED(size);
	static const char word[] = "Shutdown";
	struct partition *p = x->vcpu->part;
	p->shutdown_match = (char)v == word[p->shutdown_match] ? p->shutdown_match + 1 : ((char)v == 'S');
	if (p->shutdown_match == sizeof(word) - 1)
		exit_stop(x, STOP_POWER_OFF, 0, "the guest powered off (\"Shutdown\" on port 0x8900)");
}

const struct port_model bochs_shutdown_model = {
	.name = "power-off (0x8900)", .first = 0x8900, .last = 0x8900,
	.in = none_in, .out = shutdown_out, .async_writes = false,
};

/* Reset the PC way: 0xCF9 (reset control) with the reset bit, or the keyboard controller's
 * pulse-reset command 0xFE on port 0x64. */
static void reset_out(struct exit_ctx *x, uint16_t port, unsigned size, uint32_t v)
{
	UNUSED(size);
	if ((port == RESET_CONTROL_PORT && (v & 4)) || (port == 0x64 && (v & 0xFF) == 0xFE))
		exit_stop(x, STOP_RESET, v, "the guest reset itself (0x%x written to port 0x%x)", v & 0xFF, port);
}

static uint32_t reset_in(struct exit_ctx *x, uint16_t port, unsigned size)
{
	UNUSED(x);
	UNUSED(size);
	return port == 0x64 ? 0x1C : 0; /* keyboard controller: input buffer empty, self-test passed */
}

const struct port_model reset_cf9_model = {
	.name = "reset control (0xCF9)", .first = RESET_CONTROL_PORT, .last = RESET_CONTROL_PORT,
	.in = reset_in, .out = reset_out, .async_writes = false,
};

const struct port_model reset_kbc_model = {
	.name = "keyboard controller reset (0x64)", .first = 0x64, .last = 0x64,
	.in = reset_in, .out = reset_out, .async_writes = false,
};

/* ACPI hardware-reduced sleep registers (the FADT's SLEEP_CONTROL_REG at 0x604 and
 * SLEEP_STATUS_REG at 0x605): SLP_EN (bit 5) with SLP_TYP (bits 4:2) of \\_S5 powers off. */
#define SLEEP_TYPE_S5 5
static void sleep_out(struct exit_ctx *x, uint16_t port, unsigned size, uint32_t v)
{
	UNUSED(size);
	if (port == SLEEP_CONTROL_PORT && (v & 0x20) && ((v >> 2) & 7) == SLEEP_TYPE_S5)
		exit_stop(x, STOP_POWER_OFF, 0, "the guest powered off (ACPI S5 through the sleep control "
			  "register)");
}

static uint32_t zero_in(struct exit_ctx *x, uint16_t port, unsigned size)
{
	UNUSED(x), UNUSED(port), UNUSED(size);
	return 0;
}

const struct port_model acpi_sleep_model = {
	.name = "ACPI sleep control/status", .first = SLEEP_CONTROL_PORT, .last = SLEEP_STATUS_PORT,
	.in = zero_in, .out = sleep_out, .async_writes = false,
};
