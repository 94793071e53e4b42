/* SPDX-License-Identifier: BSD-2-Clause */
/* Emulated 16550 UART at 0x3F8: output goes to the hypervisor console line by line. */
#include "hv/partition.h"
#include "hv/console.h"
#include "hv/manifest.h"
#include "hv/ports.h"

enum { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
#define LCR_DLAB 0x80
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

static void flush_line(struct partition *p)
{
	struct uart_state *u = &p->uart;
	u->line[u->len] = 0;
	hv_info("[%s] %s\n", p->cfg->name, u->line);
	u->len = 0;
}

static void uart_tx(struct partition *p, char c)
{
	struct uart_state *u = &p->uart;
	if (c == '\r')
		return;
	if (c == '\n') {
		flush_line(p);
		return;
	}
	u->line[u->len++] = c;
	if (u->len == sizeof(u->line) - 1)
		flush_line(p);
}

static uint32_t uart_in(struct exit_ctx *x, uint16_t port, unsigned size)
{
	UNUSED(size);
	struct uart_state *u = &x->vcpu->part->uart;
	switch (port - uart_model.first) {
	case RBR_THR: return (u->lcr & LCR_DLAB) ? u->dll : 0; /* nothing received */
	case IER: return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
	case IIR_FCR: return 0x01; /* no interrupt pending */
	case LCR: return u->lcr;
	case MCR: return u->mcr;
	case LSR: return LSR_THRE | LSR_TEMT; /* always ready: output is immediate */
	case MSR: return 0xB0;                /* CTS, DSR, DCD */
	default: return u->scr;
	}
}

static void uart_out(struct exit_ctx *x, uint16_t port, unsigned size, uint32_t v)
{
	UNUSED(size);
	struct partition *p = x->vcpu->part;
	struct uart_state *u = &p->uart;
	switch (port - uart_model.first) {
	case RBR_THR:
		if (u->lcr & LCR_DLAB)
			u->dll = (uint8_t)v;
		else
			uart_tx(p, (char)v);
		break;
	case IER:
		if (u->lcr & LCR_DLAB)
			u->dlm = (uint8_t)v;
		else
			u->ier = (uint8_t)(v & 0x0F);
		break;
	case LCR: u->lcr = (uint8_t)v; break;
	case MCR: u->mcr = (uint8_t)(v & 0x1F); break;
	case SCR: u->scr = (uint8_t)v; break;
	default: break; /* FCR, LSR, MSR writes: nothing to model */
	}
}

const struct port_model uart_model = {
	.name = "16550 UART (COM1)", .first = 0x3F8, .last = 0x3FF,
	.in = uart_in, .out = uart_out, .async_writes = true,
};
