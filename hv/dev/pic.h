/* SPDX-License-Identifier: BSD-2-Clause */
/* 8259A master/slave pair and ELCR: present, programmable, masked, and never delivering. */
#ifndef HV_DEV_PIC_H
#define HV_DEV_PIC_H

#include "hv/dev/legacy.h"

/*
 * Ports 0x20/0x21 (master), 0xA0/0xA1 (slave), 0x4D0/0x4D1 (ELCR), see legacy.h. The
 * platform delivers interrupts through the IOAPIC only: this pair exists so that an OS can
 * find and program it (Linux writes 0xFF to both masks and reads it back, then runs the
 * ICW1-ICW4 sequence and masks every line), and it never interrupts a CPU. A guest that
 * unmasks it and expects ExtINT through LINT0 (virtual wire mode) gets nothing.
 *
 * What it does (8259A datasheet): ICW1 (edge/level LTIM, single SNGL, IC4) starts the
 * initialisation sequence and, as on the chip, clears the mask, the ISR, the special mask and
 * the edge sense, and selects IRR for reads; ICW2 (vector base, kept), ICW3 (if not single),
 * ICW4 (if IC4; AEOI, buffered, SFNM kept); OCW1 the mask, read back at the odd port; OCW2
 * all eight forms (EOIs clear ISR bits, the rotate and set-priority forms move the lowest
 * priority); OCW3 read IRR/ISR select, special mask mode set/reset, poll. ELCR: IRQ 0, 1, 2,
 * 8 and 13 read as edge (0) whatever is written.
 *
 * IRR reflects the lines the glue reports through pic_set_irq (an input held high after an
 * edge, or high in level mode), for readback only; the master's IR2 shows the slave's INT
 * (an unmasked request on the slave). No interrupt is ever acknowledged (no INTA), so the ISR
 * stays 0, AEOI never acts, and no interrupt is ever spurious (no IR7/IR15 default vector):
 * a poll (OCW3 P) returns 0, "no interrupt", and ends the poll.
 */

struct pic_chip {
	uint8_t isr;        /* always 0: nothing is acknowledged */
	uint8_t imr;        /* OCW1 */
	uint8_t lines;      /* input levels as pic_set_irq reported them */
	uint8_t edge_seen;  /* edge mode: lines that rose since ICW1 and are still high */
	uint8_t icw1, icw2, icw3, icw4;
	uint8_t init_step; /* 0: ready; else the ICW (2-4) the odd port expects next */
	uint8_t lowest;    /* the lowest-priority IR (7 after ICW1) */
	bool read_isr;     /* OCW3: the even port reads ISR, else IRR */
	bool poll;         /* OCW3 P: the next even-port read is a poll */
	bool special_mask;
	bool rotate_aeoi;  /* OCW2: rotate in automatic EOI mode */
};

struct pic {
	struct pic_chip chip[2]; /* master (IRQ 0-7), slave (IRQ 8-15) */
	uint8_t elcr[2];
};

/* Power-on state as firmware leaves it: vectors 0x08 and 0x70, cascade on IR2, all masked. */
void pic_reset(struct pic *p);
/* An IN from 0x20, 0x21, 0xA0, 0xA1, 0x4D0 or 0x4D1 (others read 0xFF). */
uint8_t pic_read(struct pic *p, uint16_t port);
/* An OUT to one of those ports (others are ignored). */
void pic_write(struct pic *p, uint16_t port, uint8_t value);
/* The level of ISA line isa_irq (0-15), for IRR readback; delivers nothing. */
void pic_set_irq(struct pic *p, unsigned isa_irq, bool level);

#endif
