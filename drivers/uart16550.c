/* SPDX-License-Identifier: BSD-2-Clause */
/* 16550 UART driver (polled transmit) for the hypervisor console. */
#include "drivers/uart16550.h"
#include "hv/cpu.h"

enum { THR = 0, IER = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5, SCR = 7 };
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

bool uart_init(uint16_t port, uint32_t baud)
{
	outb(port + SCR, 0x5A);
	if (inb(port + SCR) != 0x5A)
		return false; /* no UART here */
	uint16_t div = (uint16_t)(115200 / baud);
	outb(port + IER, 0x00);
	outb(port + LCR, 0x80); /* divisor latch */
	outb(port + 0, (uint8_t)div);
	outb(port + 1, (uint8_t)(div >> 8));
	outb(port + LCR, 0x03); /* 8N1 */
	outb(port + FCR, 0x07); /* FIFO on, cleared */
	outb(port + MCR, 0x03); /* DTR, RTS */
	return true;
}

void uart_putc(uint16_t port, char c)
{
	for (uint32_t spins = 0; !(inb(port + LSR) & LSR_THRE) && spins < 1000000; spins++)
		__asm__ volatile("pause");
	outb(port + THR, (uint8_t)c);
}

bool uart_tx_ready(uint16_t port) { return inb(port + LSR) & LSR_THRE; }

void uart_drain(uint16_t port)
{
	for (uint32_t spins = 0; !(inb(port + LSR) & LSR_TEMT) && spins < 10000000; spins++)
		__asm__ volatile("pause");
}

int uart_getc_nonblock(uint16_t port)
{
	return (inb(port + LSR) & 0x01) ? inb(port + THR) : -1;
}
