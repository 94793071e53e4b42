/* SPDX-License-Identifier: BSD-2-Clause */
/* Emulated 16550 UART at 0x3F8: output goes to the hypervisor console line by line. */
#include "hv/partition/partition.h"
#include "hv/console.h"
#include "hv/manifest/manifest.h"
#include "hv/dev/ports.h"
#include "apic/vioapic.h"
#include "hv/lib/spinlock.h"
#include "hv/lib/string.h"

enum { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
#define LCR_DLAB 0x80
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

static void flush_line(struct partition *p)
{
	struct uart_state *u = &p->uart;
	u->line[u->len] = 0;
	if (console_quota_take(&p->quota, u->len + 4 + (uint32_t)strlen(p->cfg->name)))
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

#define UART_IRQ 4 /* COM1's ISA interrupt: IOAPIC pin 4 */
#define IER_RX 0x01
#define LSR_DR 0x01

static bool rx_ready(const struct uart_state *u) { return u->rx_head != u->rx_tail; }

/* Received data and the receive interrupt enabled: raise the UART's pin. */
static void rx_notify(struct partition *p)
{
	if (rx_ready(&p->uart) && (p->uart.ier & IER_RX))
		vioapic_raise(p, UART_IRQ);
}

static uint8_t rx_pop(struct partition *p)
{
	struct uart_state *u = &p->uart;
	if (!rx_ready(u))
		return 0;
	uint8_t c = u->rx[u->rx_tail % sizeof(u->rx)];
	__atomic_store_n(&u->rx_tail, u->rx_tail + 1, __ATOMIC_RELEASE);
	rx_notify(p); /* more to read: edge-triggered, so raise again */
	return c;
}

void uart_feed(struct partition *p, const char *data, size_t n)
{
	struct uart_state *u = &p->uart;
	spin_lock(&p->dev_lock);
	for (size_t i = 0; i < n && u->rx_head - u->rx_tail < sizeof(u->rx); i++) {
		u->rx[u->rx_head % sizeof(u->rx)] = (uint8_t)data[i];
		__atomic_store_n(&u->rx_head, u->rx_head + 1, __ATOMIC_RELEASE);
	}
	rx_notify(p);
	spin_unlock(&p->dev_lock);
}

static uint32_t uart_in(struct exit_ctx *x, uint16_t port, unsigned size)
{
	UNUSED(size);
	struct uart_state *u = &x->vcpu->part->uart;
	switch (port - uart_model.first) {
	case RBR_THR: return (u->lcr & LCR_DLAB) ? u->dll : rx_pop(x->vcpu->part);
	case IER: return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
	case IIR_FCR: return (rx_ready(u) && (u->ier & IER_RX)) ? 0x04 : 0x01; /* data available / none */
	case LCR: return u->lcr;
	case MCR: return u->mcr;
	case LSR: return LSR_THRE | LSR_TEMT | (rx_ready(u) ? LSR_DR : 0); /* output is immediate */
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
		rx_notify(p);
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
