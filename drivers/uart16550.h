/* SPDX-License-Identifier: BSD-2-Clause */
/* 16550 UART driver (polled transmit) for the hypervisor console. */
#ifndef DRIVERS_UART16550_H
#define DRIVERS_UART16550_H

#include "hv/lib/types.h"

#define COM1_PORT 0x3F8
#define COM2_PORT 0x2F8

bool uart_init(uint16_t port, uint32_t baud);
void uart_putc(uint16_t port, char c);
/* True when the transmitter takes a byte now (LSR.THRE). */
bool uart_tx_ready(uint16_t port);
/* A received byte, or -1 when none is waiting. */
int uart_getc_nonblock(uint16_t port);
/* Waits until the transmitter is empty (LSR.TEMT), so nothing is lost at power-off. */
void uart_drain(uint16_t port);

#endif
