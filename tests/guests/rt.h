/* SPDX-License-Identifier: BSD-2-Clause */
/* Tiny runtime for the test guests: port I/O, serial output, exit. */
#ifndef GUEST_RT_H
#define GUEST_RT_H

#include <stdint.h>

static inline void rt_outb(uint16_t p, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(p)); }
static inline void rt_outl(uint16_t p, uint32_t v) { __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(p)); }
static inline uint8_t rt_inb(uint16_t p) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(p)); return v; }

void rt_puts(const char *s);
void rt_put_dec(uint32_t v);
/* Ends the run: port 0xF4 (splitvisor's and QEMU's debug exit), then power-off. */
void rt_exit(uint32_t status) __attribute__((noreturn));

#endif
