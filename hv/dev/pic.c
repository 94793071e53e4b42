/* SPDX-License-Identifier: BSD-2-Clause */
/* 8259A pair and ELCR: initialisation words, masks, EOI and priority commands, IRR/ISR reads. */
#include "hv/dev/pic.h"
#include "hv/lib/string.h"

#define ICW1_IC4 0x01  /* ICW4 follows */
#define ICW1_SNGL 0x02 /* single: no ICW3 */
#define ICW1_LTIM 0x08 /* level triggered */
#define ICW1_ID 0x10   /* bit 4 set on the even port: ICW1 */
#define OCW_IS_OCW3 0x08
#define OCW3_POLL 0x04
#define OCW3_READ 0x02     /* RR: bit 0 (RIS) picks ISR */
#define OCW3_SET_SMM 0x40  /* ESMM: bit 5 (SMM) sets or resets special mask mode */
#define CASCADE_IR 2
#define ELCR1_WRITABLE 0xf8 /* IRQ 0, 1, 2 are edge only */
#define ELCR2_WRITABLE 0xde /* IRQ 8, 13 are edge only */

/* The lines in level mode: LTIM for the whole chip, else the ELCR's bits. */
static uint8_t chip_level_mask(const struct pic *p, unsigned i)
{
	return (p->chip[i].icw1 & ICW1_LTIM) ? 0xff : p->elcr[i];
}

static uint8_t chip_irr(const struct pic *p, unsigned i)
{
	const struct pic_chip *c = &p->chip[i];
	uint8_t level = chip_level_mask(p, i);
	uint8_t irr = (uint8_t)((c->lines & level) | (c->edge_seen & ~level));
	if (i == 0 && !(c->icw1 & ICW1_SNGL) && (chip_irr(p, 1) & ~p->chip[1].imr))
		irr |= 1u << CASCADE_IR; /* the slave's INT */
	return irr;
}

/* ---- ICW1-ICW4 ---- */

static void chip_icw1(struct pic_chip *c, uint8_t v)
{
	c->icw1 = v;
	if (!(v & ICW1_IC4))
		c->icw4 = 0; /* no ICW4: its functions are all zero */
	c->init_step = 2;
	c->imr = c->isr = c->edge_seen = 0;
	c->lowest = 7;
	c->read_isr = c->poll = c->special_mask = c->rotate_aeoi = false;
}

/* The ICW after the one at step, 0 when the sequence is complete. */
static uint8_t chip_next_icw(const struct pic_chip *c, uint8_t step)
{
	if (step == 2 && !(c->icw1 & ICW1_SNGL))
		return 3;
	if (step <= 3 && (c->icw1 & ICW1_IC4))
		return 4;
	return 0;
}

static void chip_icw(struct pic_chip *c, uint8_t v)
{
	if (c->init_step == 2)
		c->icw2 = v;
	else if (c->init_step == 3)
		c->icw3 = v;
	else
		c->icw4 = v;
	c->init_step = chip_next_icw(c, c->init_step);
}

/* ---- OCW2, OCW3 ---- */

/* The in-service level with the highest priority, or -1. */
static int chip_highest_isr(const struct pic_chip *c)
{
	for (unsigned i = 1; i <= 8; i++) {
		unsigned ir = (c->lowest + i) & 7;
		if (c->isr & (1u << ir))
			return (int)ir;
	}
	return -1;
}

enum { EOI_ANY = 1, EOI_LEVEL = 2, ROTATE = 4, SET_PRIORITY = 8, AEOI_ROT_ON = 16,
       AEOI_ROT_OFF = 32 };

/* OCW2 by its bits 7-5 (R, SL, EOI). */
static const uint8_t ocw2_forms[8] = {
	AEOI_ROT_OFF,        /* 000 clear rotate in automatic EOI mode */
	EOI_ANY,             /* 001 non-specific EOI */
	0,                   /* 010 no operation */
	EOI_LEVEL,           /* 011 specific EOI */
	AEOI_ROT_ON,         /* 100 set rotate in automatic EOI mode */
	EOI_ANY | ROTATE,    /* 101 rotate on non-specific EOI */
	SET_PRIORITY,        /* 110 set priority */
	EOI_LEVEL | ROTATE,  /* 111 rotate on specific EOI */
};

static void chip_ocw2(struct pic_chip *c, uint8_t v)
{
	uint8_t form = ocw2_forms[v >> 5];
	int level = (form & EOI_ANY) ? chip_highest_isr(c) : (form & EOI_LEVEL) ? (v & 7) : -1;
	if (level >= 0) {
		c->isr &= (uint8_t)~(1u << level);
		if (form & ROTATE)
			c->lowest = (uint8_t)level;
	}
	if (form & SET_PRIORITY)
		c->lowest = v & 7;
	if (form & (AEOI_ROT_ON | AEOI_ROT_OFF))
		c->rotate_aeoi = form & AEOI_ROT_ON;
}

static void chip_ocw3(struct pic_chip *c, uint8_t v)
{
	if (v & OCW3_SET_SMM)
		c->special_mask = v & 0x20;
	if (v & OCW3_READ)
		c->read_isr = v & 0x01;
	c->poll = v & OCW3_POLL;
}

/* ---- ports ---- */

static uint8_t chip_read(struct pic *p, unsigned i, bool odd)
{
	struct pic_chip *c = &p->chip[i];
	if (odd)
		return c->imr;
	if (c->poll) {
		c->poll = false;
		return 0; /* bit 7 clear: no interrupt */
	}
	return c->read_isr ? c->isr : chip_irr(p, i);
}

static void chip_write(struct pic_chip *c, bool odd, uint8_t v)
{
	if (odd && c->init_step)
		chip_icw(c, v);
	else if (odd)
		c->imr = v;
	else if (v & ICW1_ID)
		chip_icw1(c, v);
	else if (v & OCW_IS_OCW3)
		chip_ocw3(c, v);
	else
		chip_ocw2(c, v);
}

/* 0 master, 1 slave, 2 ELCR, 3 none; *odd: the data port (or ELCR2). */
static unsigned pic_decode(uint16_t port, bool *odd)
{
	*odd = port & 1;
	if ((port | 1) == PIC_PORT_MASTER_DATA)
		return 0;
	if ((port | 1) == PIC_PORT_SLAVE_DATA)
		return 1;
	return (port | 1) == PIC_PORT_ELCR2 ? 2 : 3;
}

void pic_reset(struct pic *p)
{
	static const uint8_t vectors[2] = { 0x08, 0x70 }, icw3[2] = { 1u << CASCADE_IR, CASCADE_IR };
	memset(p, 0, sizeof(*p));
	for (unsigned i = 0; i < 2; i++) {
		chip_icw1(&p->chip[i], ICW1_ID | ICW1_IC4);
		p->chip[i].icw2 = vectors[i];
		p->chip[i].icw3 = icw3[i];
		p->chip[i].icw4 = 0x01; /* 8086 mode */
		p->chip[i].init_step = 0;
		p->chip[i].imr = 0xff;
	}
}

uint8_t pic_read(struct pic *p, uint16_t port)
{
	bool odd;
	unsigned which = pic_decode(port, &odd);
	if (which == 2)
		return p->elcr[odd];
	return which < 2 ? chip_read(p, which, odd) : 0xff;
}

void pic_write(struct pic *p, uint16_t port, uint8_t value)
{
	bool odd;
	unsigned which = pic_decode(port, &odd);
	if (which == 2)
		p->elcr[odd] = value & (odd ? ELCR2_WRITABLE : ELCR1_WRITABLE);
	else if (which < 2)
		chip_write(&p->chip[which], odd, value);
}

void pic_set_irq(struct pic *p, unsigned isa_irq, bool level)
{
	struct pic_chip *c;
	uint8_t bit;
	if (isa_irq >= 16)
		return;
	c = &p->chip[isa_irq / 8];
	bit = (uint8_t)(1u << (isa_irq % 8));
	if (level && !(c->lines & bit))
		c->edge_seen |= bit;
	if (!level)
		c->edge_seen &= (uint8_t)~bit;
	c->lines = level ? (uint8_t)(c->lines | bit) : (uint8_t)(c->lines & ~bit);
}
