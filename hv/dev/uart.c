/* SPDX-License-Identifier: BSD-2-Clause */
/* Emulated 16550A UART at 0x3F8 (per the 16550 datasheet: FIFOs, IIR priorities, transmitter-empty
 * and receive interrupts, loopback): output goes to the hypervisor console line by line. */
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
	if (u->wait_for && !u->waited && str_contains(u->line, u->wait_for))
		__atomic_store_n(&u->waited, true, __ATOMIC_RELEASE);
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
#define IER_THRE 0x02
#define LSR_DR 0x01
#define FCR_ENABLE 0x01
#define MCR_LOOP 0x10

static bool rx_ready(const struct uart_state *u) { return u->rx_head != u->rx_tail; }

/* Received data and the receive interrupt enabled: raise the UART's pin. */
static void rx_notify(struct partition *p)
{
	if (rx_ready(&p->uart) && (p->uart.ier & IER_RX))
		vioapic_raise(p, UART_IRQ);
}

/* A character written to THR goes out at once, so the transmitter is empty again: with its
 * interrupt enabled that is a new transmitter-empty interrupt (an edge on the pin). */
static void thre_notify(struct partition *p)
{
	p->uart.thre_pending = true;
	if (p->uart.ier & IER_THRE)
		vioapic_raise(p, UART_IRQ);
}

/* IIR: the highest-priority pending interrupt (received data, then transmitter empty), FIFO
 * bits 7:6 set while the FIFOs are on (what identifies a 16550A); reading it clears a
 * transmitter-empty interrupt it reports. */
static uint8_t read_iir(struct uart_state *u)
{
	uint8_t fifo = (u->fcr & FCR_ENABLE) ? 0xC0 : 0;
	if (rx_ready(u) && (u->ier & IER_RX))
		return fifo | 0x04;
	if (u->thre_pending && (u->ier & IER_THRE)) {
		u->thre_pending = false;
		return fifo | 0x02;
	}
	return fifo | 0x01;
}

/* MSR: in loopback the modem inputs are the modem outputs (CTS=RTS, DSR=DTR, RI=OUT1, DCD=OUT2). */
static uint8_t read_msr(const struct uart_state *u)
{
	if (!(u->mcr & MCR_LOOP))
		return 0xB0; /* CTS, DSR, DCD */
	uint8_t m = u->mcr;
	return (uint8_t)(((m & 2) << 3) | ((m & 1) << 5) | ((m & 4) << 4) | ((m & 8) << 4));
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

/* Enabling the transmitter-empty interrupt while the transmitter is empty (it always is) makes
 * it pending at once, as on the 16550. */
static void set_ier(struct partition *p, uint8_t ier)
{
	bool thre_on = (ier & IER_THRE) && !(p->uart.ier & IER_THRE);
	p->uart.ier = ier;
	if (thre_on)
		thre_notify(p);
	rx_notify(p);
}

static uint32_t uart_in(struct exit_ctx *x, uint16_t port, unsigned size)
{
	UNUSED(size);
	struct uart_state *u = &x->vcpu->part->uart;
	switch (port - uart_model.first) {
	case RBR_THR: return (u->lcr & LCR_DLAB) ? u->dll : rx_pop(x->vcpu->part);
	case IER: return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
	case IIR_FCR: return read_iir(u);
	case LCR: return u->lcr;
	case MCR: return u->mcr;
	case LSR: return LSR_THRE | LSR_TEMT | (rx_ready(u) ? LSR_DR : 0); /* output is immediate */
	case MSR: return read_msr(u);
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
		if (u->lcr & LCR_DLAB) {
			u->dll = (uint8_t)v;
		} else {
			if (!(u->mcr & MCR_LOOP))
				uart_tx(p, (char)v); /* in loopback the byte goes nowhere outside */
			thre_notify(p);
		}
		break;
	case IER:
		if (u->lcr & LCR_DLAB)
			u->dlm = (uint8_t)v;
		else
			set_ier(p, (uint8_t)(v & 0x0F));
		break;
	case LCR: u->lcr = (uint8_t)v; break;
	case MCR: u->mcr = (uint8_t)(v & 0x1F); break;
	case SCR: u->scr = (uint8_t)v; break;
	case IIR_FCR: u->fcr = (uint8_t)(v & 0xC9); break; /* enable, DMA mode, trigger level */
	default: break; /* LSR, MSR writes: nothing to model */
	}
}

const struct port_model uart_model = {
	.name = "16550 UART (COM1)", .first = 0x3F8, .last = 0x3FF,
	.in = uart_in, .out = uart_out, .async_writes = true,
};
