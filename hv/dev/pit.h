/* SPDX-License-Identifier: BSD-2-Clause */
/* Intel 8254 programmable interval timer and port 0x61, as a pure state machine over TSC time. */
#ifndef HV_DEV_PIT_H
#define HV_DEV_PIT_H

#include "hv/dev/legacy.h"

/*
 * Ports 0x40-0x43 and 0x61 (legacy.h). The input clock is 1.193182 MHz derived exactly from
 * the TSC: pulse k falls at TSC reset_tsc + ceil(k * tsc_hz / 1193182), so nothing drifts.
 *
 * What it does (8254 datasheet): counters 0-2; modes 0-5 (6 and 7 read as 2 and 3, status
 * reports the mode bits as written); access LSB, MSB, LSB then MSB with separate read and
 * write byte toggles; the counter latch command; read-back (0xC0-0xFF) latching count and/or
 * status (status first when both); status byte OUT, null count, RW, mode, BCD; BCD counting;
 * a count of 0 means 65536 (10000 in BCD); a count is loaded on the pulse after it is written
 * (so mode 0 raises OUT N+1 pulses after the write); writing the first byte of a two-byte
 * count in mode 0 stops counting; a count written during modes 2 and 3 takes effect at the
 * end of the current cycle; gates: counter 0 and 1 tied high, counter 2 from port 0x61 bit 0
 * (modes 0 and 4 suspend, 2 and 3 force OUT high and reload on the rising edge, 1 and 5
 * trigger on it). Port 0x61: bits 0-3 read back as written, bit 4 toggles every 18 input
 * pulses (15.09 us, the refresh cadence), bit 5 is OUT2, bits 6-7 read 0.
 *
 * Channel 0's OUT rising edge is the interrupt: pit_tick raises PIT_ISA_IRQ. Periodic modes
 * (2, 3) that were not ticked in time coalesce: one interrupt is delivered, the missed edges
 * are dropped and counted in irqs_dropped. A guest can program a period down to one pulse
 * (0.84 us); the glue should clamp how often it arms its timer, as it does for the LAPIC.
 *
 * What it does not do: the speaker (bit 1 is stored only), counter 1's refresh use, NMI
 * sources (bits 6-7), the 8254's mode 3 reload at the half cycle for a count written mid-cycle
 * (taken at the end of the cycle instead), reads of an unlatched count racing the clock.
 * Before the first control word each counter is in mode 3, LSB then MSB, binary, with no
 * count: no interrupts until the guest programs one (no BIOS ran to start the 18.2 Hz tick).
 */

#define PIT_HZ 1193182u

struct pit_counter {
	uint8_t mode;        /* bits 3-1 of the control word, as written (0-7) */
	uint8_t access;      /* 1: LSB only, 2: MSB only, 3: LSB then MSB */
	bool bcd;
	bool gate;
	bool armed;          /* a count was written since the control word */
	bool triggered;      /* modes 1, 5: a gate edge started the count */
	bool running;        /* the counting element decrements (else it holds at held) */
	bool edge_at_start;  /* modes 2, 3: the current cycle began with a rising edge of OUT */
	bool write_msb_next; /* access 3: the next count byte written is the MSB */
	bool read_msb_next;  /* access 3: the next unlatched read returns the MSB */
	bool status_latched;
	uint8_t status;      /* latched status byte */
	uint8_t write_lsb;   /* access 3: the LSB written so far */
	uint8_t latch_left;  /* latched count bytes still to read (0: none latched) */
	uint16_t latch;      /* latched count, as read (BCD in BCD mode) */
	uint16_t cr;         /* count register, as written */
	uint32_t n;          /* initial count in use: 1..65536 (1..10000 in BCD) */
	uint32_t next_n;     /* modes 2, 3: a count waiting for the end of the cycle (0: none) */
	uint64_t next_at;    /* the pulse at which next_n takes over */
	uint64_t start;      /* the pulse at which the counting element held n */
	uint64_t held;       /* pulses counted, while not running */
	uint64_t load_pulse; /* null count until this pulse (UINT64_MAX: until a load) */
};

struct pit {
	uint64_t tsc_hz;
	uint64_t reset_tsc;     /* TSC of input pulse 0 */
	uint64_t irq_seen;      /* channel 0 edges up to this pulse are accounted for */
	bool irq_due;           /* an edge waits for pit_tick */
	uint8_t nmi_sc;         /* port 0x61 bits 0-3 */
	struct pit_counter ch[3];
	uint64_t irqs_delivered;
	uint64_t irqs_dropped;  /* periodic edges coalesced into a later one */
};

/* Power-on state at TSC now; tsc_hz must be at least PIT_HZ. */
void pit_reset(struct pit *p, uint64_t now, uint64_t tsc_hz);
/* An IN from port 0x40-0x43 or 0x61 (others read 0xFF). */
uint8_t pit_read(struct pit *p, uint16_t port, uint64_t now);
/* An OUT to port 0x40-0x43 or 0x61 (others are ignored). */
void pit_write(struct pit *p, uint16_t port, uint8_t value, uint64_t now);
/* TSC of the next channel-0 interrupt (now if one is due), or LEGACY_NO_EVENT. */
uint64_t pit_next_event(struct pit *p, uint64_t now);
/* The level of counter channel's OUT at TSC now (channel 0 drives IRQ 0: a level-triggered
 * IOAPIC pin follows it). */
bool pit_output(struct pit *p, unsigned channel, uint64_t now);
/* Raises PIT_ISA_IRQ through raise when a channel-0 edge is due. */
void pit_tick(struct pit *p, uint64_t now, legacy_raise_fn *raise, void *ctx);

#endif
