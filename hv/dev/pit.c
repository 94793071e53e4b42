/* SPDX-License-Identifier: BSD-2-Clause */
/* Intel 8254 PIT: counters, modes 0-5, latches, read-back, counter 2 gate and OUT on port 0x61. */
#include "hv/dev/pit.h"
#include "hv/lib/muldiv.h"
#include "hv/lib/string.h"

#define NEVER UINT64_MAX
#define REFRESH_PULSES 18 /* port 0x61 bit 4 toggles every 15.09 us */
#define NMI_SC_WRITABLE 0x0f
#define NMI_SC_REFRESH 0x10
#define NMI_SC_OUT2 0x20

/* Input pulses from reset to TSC now (0 before reset). */
static uint64_t pit_pulse(const struct pit *p, uint64_t now)
{
	if (now <= p->reset_tsc)
		return 0;
	return mul_div_u64(now - p->reset_tsc, PIT_HZ, p->tsc_hz, false);
}

/* The first TSC value at which pit_pulse reaches k. */
static uint64_t pit_pulse_tsc(const struct pit *p, uint64_t k)
{
	uint64_t t = mul_div_u64(k, p->tsc_hz, PIT_HZ, true);
	return t >= NEVER - p->reset_tsc ? NEVER : t + p->reset_tsc;
}

static uint32_t bcd16_to_bin(uint16_t v)
{
	return ((v >> 12) & 15u) * 1000 + ((v >> 8) & 15u) * 100 + ((v >> 4) & 15u) * 10 + (v & 15u);
}

static uint16_t bin_to_bcd16(uint32_t v)
{
	return (uint16_t)((v / 1000 % 10) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10);
}

static uint32_t ch_modulus(const struct pit_counter *c) { return c->bcd ? 10000 : 65536; }

/* The count register as an initial count: 0 is the largest count. */
static uint32_t cr_value(const struct pit_counter *c)
{
	uint32_t v = c->bcd ? bcd16_to_bin(c->cr) % 10000 : c->cr;
	return v ? v : ch_modulus(c);
}

/* Pulses counted since the counting element held n; negative while its load is pending. */
static int64_t ch_elapsed(const struct pit_counter *c, uint64_t k)
{
	return c->running ? (int64_t)(k - c->start) : (int64_t)c->held;
}

/* ---- the six modes: OUT and the counting element d pulses after the load ---- */

static bool out_terminal(const struct pit_counter *c, uint64_t d) { return d >= c->n; }
static bool out_rate(const struct pit_counter *c, uint64_t d) { return d % c->n != c->n - 1; }
static bool out_square(const struct pit_counter *c, uint64_t d) { return d % c->n < (c->n + 1) / 2; }
static bool out_strobe(const struct pit_counter *c, uint64_t d) { return d != c->n; }

/* Modes 0, 1, 4, 5: down by one, wrapping past zero. */
static uint32_t count_down(const struct pit_counter *c, uint64_t d)
{
	uint32_t mod = ch_modulus(c);
	return (uint32_t)((c->n + mod - d % mod) % mod);
}

/* Mode 2: n down to 1, then n again. */
static uint32_t count_rate(const struct pit_counter *c, uint64_t d)
{
	return (uint32_t)((c->n - d % c->n) % ch_modulus(c));
}

/* Mode 3: each half cycle counts down by two from n (n - 1 when n is odd). */
static uint32_t count_square(const struct pit_counter *c, uint64_t d)
{
	uint32_t high = (c->n + 1) / 2, phase = (uint32_t)(d % c->n);
	uint32_t in_half = phase < high ? phase : phase - high;
	return ((c->n & ~1u) - 2 * in_half) % ch_modulus(c);
}

struct pit_mode {
	bool (*out)(const struct pit_counter *c, uint64_t d);
	uint32_t (*count)(const struct pit_counter *c, uint64_t d);
	bool idle_out;      /* OUT after the control word and while a load is pending */
	bool periodic;      /* reloads itself; gate low stops it, its rising edge reloads */
	bool gate_trigger;  /* the gate's rising edge loads and starts the count */
	uint8_t edge_delay; /* one-shots: OUT rises n + edge_delay pulses after the load */
};

static const struct pit_mode pit_modes[6] = {
	{ out_terminal, count_down, false, false, false, 0 }, /* 0: interrupt on terminal count */
	{ out_terminal, count_down, true, false, true, 0 },   /* 1: retriggerable one-shot */
	{ out_rate, count_rate, true, true, false, 0 },       /* 2: rate generator */
	{ out_square, count_square, true, true, false, 0 },   /* 3: square wave */
	{ out_strobe, count_down, true, false, false, 1 },    /* 4: software triggered strobe */
	{ out_strobe, count_down, true, false, true, 1 },     /* 5: hardware triggered strobe */
};

/* Modes 6 and 7 are 2 and 3. */
static const struct pit_mode *ch_ops(const struct pit_counter *c)
{
	return &pit_modes[(c->mode & 2) ? (c->mode & 3) : c->mode];
}

/* False before a count is loaded (or, in modes 1 and 5, triggered). */
static bool ch_counting(const struct pit_counter *c)
{
	return c->armed && (!ch_ops(c)->gate_trigger || c->triggered);
}

static bool ch_out(const struct pit_counter *c, uint64_t k)
{
	const struct pit_mode *m = ch_ops(c);
	int64_t d = ch_elapsed(c, k);
	if (!ch_counting(c) || d < 0)
		return m->idle_out;
	if (m->periodic && !c->running)
		return true; /* gate low forces OUT high */
	return m->out(c, (uint64_t)d);
}

/* The counting element, in binary. */
static uint32_t ch_count(const struct pit_counter *c, uint64_t k)
{
	int64_t d = ch_elapsed(c, k);
	if (!ch_counting(c) || d < 0)
		return c->n % ch_modulus(c);
	return ch_ops(c)->count(c, (uint64_t)d);
}

/* The first pulse after k at which OUT rises, or NEVER. */
static uint64_t ch_edge_after(const struct pit_counter *c, uint64_t k)
{
	const struct pit_mode *m = ch_ops(c);
	if (!ch_counting(c) || !c->running)
		return NEVER;
	if (!m->periodic) {
		uint64_t e = c->start + c->n + m->edge_delay;
		return e > k ? e : NEVER;
	}
	if (c->n == 1)
		return NEVER; /* OUT never changes */
	if (k < c->start)
		return c->edge_at_start ? c->start : c->start + c->n;
	return c->start + ((k - c->start) / c->n + 1) * c->n;
}

/* Rising edges of OUT at pulses in (a, b]. */
static uint64_t ch_edges_between(const struct pit_counter *c, uint64_t a, uint64_t b)
{
	uint64_t e = ch_edge_after(c, a);
	if (e > b)
		return 0;
	return ch_ops(c)->periodic ? 1 + (b - e) / c->n : 1;
}

/* Modes 2, 3: a count written mid-cycle takes over when the cycle ends. */
static void ch_take_next(struct pit_counter *c, uint64_t k)
{
	if (!c->next_n || !c->running || k < c->next_at)
		return;
	c->n = c->next_n;
	c->start = c->next_at;
	c->edge_at_start = true;
	c->next_n = 0;
}

static void irq_note(struct pit *p, uint64_t edges)
{
	if (!edges)
		return;
	p->irqs_dropped += p->irq_due ? edges : edges - 1;
	p->irq_due = true;
}

/* Brings the model to TSC now: channel 0's edges into irq_due, deferred counts taken.
 * Returns the current pulse. */
static uint64_t pit_advance(struct pit *p, uint64_t now)
{
	struct pit_counter *c0 = &p->ch[0];
	uint64_t k = pit_pulse(p, now);
	if (k < p->irq_seen)
		k = p->irq_seen; /* now went backwards: hold the time */
	if (c0->next_n && c0->running && c0->next_at <= k) {
		irq_note(p, ch_edges_between(c0, p->irq_seen, c0->next_at));
		p->irq_seen = c0->next_at;
	}
	for (unsigned i = 0; i < ARRAY_SIZE(p->ch); i++)
		ch_take_next(&p->ch[i], k);
	irq_note(p, ch_edges_between(c0, p->irq_seen, k));
	p->irq_seen = k;
	return k;
}

/* ---- counter state changes ---- */

static void ch_hold(struct pit_counter *c, uint64_t k)
{
	int64_t d = ch_elapsed(c, k);
	c->held = d > 0 ? (uint64_t)d : 0;
	c->running = false;
}

/* Modes 1, 5: a gate edge loads the count register and starts counting on the next pulse. */
static void ch_trigger(struct pit_counter *c, uint64_t k)
{
	c->n = cr_value(c);
	c->start = c->load_pulse = k + 1;
	c->running = c->triggered = true;
}

/* Modes 2, 3: the gate's rising edge reloads the count on the next pulse. */
static void ch_restart(struct pit_counter *c, uint64_t k)
{
	if (c->next_n)
		c->n = c->next_n;
	c->next_n = 0;
	c->start = c->load_pulse = k + 1;
	c->edge_at_start = false;
	c->running = true;
}

static void ch_set_gate(struct pit_counter *c, bool gate, uint64_t k)
{
	const struct pit_mode *m = ch_ops(c);
	if (gate == c->gate)
		return;
	c->gate = gate;
	if (!c->armed)
		return;
	if (m->gate_trigger) {
		if (gate)
			ch_trigger(c, k);
	} else if (!gate) {
		ch_hold(c, k);
	} else if (m->periodic) {
		ch_restart(c, k);
	} else { /* modes 0, 4 resume where they stopped */
		c->start = k - c->held > c->load_pulse ? k - c->held : c->load_pulse;
		c->running = true;
	}
}

/* A complete count was written at pulse k. */
static void ch_load(struct pit_counter *c, uint64_t k)
{
	const struct pit_mode *m = ch_ops(c);
	bool was_armed = c->armed;
	c->armed = true;
	if (m->gate_trigger)
		return; /* loaded by the next gate edge */
	if (m->periodic && was_armed && c->running && k >= c->start) {
		c->next_n = cr_value(c);
		c->next_at = c->start + ((k - c->start) / c->n + 1) * c->n;
		c->load_pulse = c->next_at;
		return;
	}
	c->n = cr_value(c);
	c->start = c->load_pulse = k + 1;
	c->held = 0;
	c->next_n = 0;
	c->edge_at_start = false;
	c->running = c->gate;
}

/* A control word for this counter: all its control logic resets. */
static void ch_program(struct pit_counter *c, uint8_t v)
{
	bool gate = c->gate;
	memset(c, 0, sizeof(*c));
	c->gate = gate;
	c->access = (v >> 4) & 3;
	c->mode = (v >> 1) & 7;
	c->bcd = v & 1;
	c->n = ch_modulus(c);
	c->load_pulse = NEVER;
}

/* ---- reads and latches ---- */

static uint16_t ch_read_value(const struct pit_counter *c, uint64_t k)
{
	uint32_t v = ch_count(c, k);
	return c->bcd ? bin_to_bcd16(v) : (uint16_t)v;
}

static void ch_latch_count(struct pit_counter *c, uint64_t k)
{
	if (c->latch_left)
		return; /* the first latch holds until read */
	c->latch = ch_read_value(c, k);
	c->latch_left = c->access == 3 ? 2 : 1;
}

static void ch_latch_status(struct pit_counter *c, uint64_t k)
{
	if (c->status_latched)
		return;
	c->status = (uint8_t)((unsigned)ch_out(c, k) << 7 | (unsigned)(k < c->load_pulse) << 6 |
			      (unsigned)c->access << 4 | (unsigned)c->mode << 1 | (unsigned)c->bcd);
	c->status_latched = true;
}

static uint8_t ch_latched_byte(struct pit_counter *c)
{
	bool msb = c->access == 2 || (c->access == 3 && c->latch_left == 1);
	c->latch_left--;
	return (uint8_t)(msb ? c->latch >> 8 : c->latch);
}

static uint8_t ch_read_byte(struct pit_counter *c, uint64_t k)
{
	bool msb = c->access == 2;
	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	if (c->latch_left)
		return ch_latched_byte(c);
	if (c->access == 3) {
		msb = c->read_msb_next;
		c->read_msb_next = !msb;
	}
	uint16_t v = ch_read_value(c, k);
	return (uint8_t)(msb ? v >> 8 : v);
}

static void ch_write_byte(struct pit_counter *c, uint8_t v, uint64_t k)
{
	if (c->access == 1) {
		c->cr = v;
	} else if (c->access == 2) {
		c->cr = (uint16_t)(v << 8);
	} else if (!c->write_msb_next) {
		c->write_lsb = v;
		c->write_msb_next = true;
		if (ch_ops(c) == &pit_modes[0] && c->running)
			ch_hold(c, k); /* mode 0: the first byte stops the count */
		return;
	} else {
		c->cr = (uint16_t)(c->write_lsb | v << 8);
		c->write_msb_next = false;
	}
	ch_load(c, k);
}

/* Read-back: bits 3-1 select counters 2-0; bit 5 clear latches counts, bit 4 clear status. */
static void pit_read_back(struct pit *p, uint8_t v, uint64_t k)
{
	for (unsigned i = 0; i < ARRAY_SIZE(p->ch); i++) {
		if (!(v & (2u << i)))
			continue;
		if (!(v & 0x20))
			ch_latch_count(&p->ch[i], k);
		if (!(v & 0x10))
			ch_latch_status(&p->ch[i], k);
	}
}

static void pit_control(struct pit *p, uint8_t v, uint64_t k)
{
	unsigned sc = v >> 6;
	if (sc == 3)
		pit_read_back(p, v, k);
	else if (!(v & 0x30))
		ch_latch_count(&p->ch[sc], k);
	else
		ch_program(&p->ch[sc], v);
}

static uint8_t nmi_sc_read(const struct pit *p, uint64_t k)
{
	uint8_t v = p->nmi_sc & NMI_SC_WRITABLE;
	if ((k / REFRESH_PULSES) & 1)
		v |= NMI_SC_REFRESH;
	if (ch_out(&p->ch[2], k))
		v |= NMI_SC_OUT2;
	return v;
}

/* ---- interface ---- */

void pit_reset(struct pit *p, uint64_t now, uint64_t tsc_hz)
{
	memset(p, 0, sizeof(*p));
	p->tsc_hz = tsc_hz < PIT_HZ ? PIT_HZ : tsc_hz;
	p->reset_tsc = now;
	for (unsigned i = 0; i < ARRAY_SIZE(p->ch); i++) {
		ch_program(&p->ch[i], 0x36); /* mode 3, LSB then MSB, binary, no count */
		p->ch[i].gate = i != 2;      /* counter 2's gate is port 0x61 bit 0 */
	}
}

uint8_t pit_read(struct pit *p, uint16_t port, uint64_t now)
{
	uint64_t k = pit_advance(p, now);
	if (port >= PIT_PORT_COUNTER0 && port <= PIT_PORT_COUNTER2)
		return ch_read_byte(&p->ch[port - PIT_PORT_COUNTER0], k);
	if (port == PIT_PORT_NMI_SC)
		return nmi_sc_read(p, k);
	return 0xff; /* the control word register does not read back */
}

void pit_write(struct pit *p, uint16_t port, uint8_t value, uint64_t now)
{
	uint64_t k = pit_advance(p, now);
	if (port >= PIT_PORT_COUNTER0 && port <= PIT_PORT_COUNTER2) {
		ch_write_byte(&p->ch[port - PIT_PORT_COUNTER0], value, k);
	} else if (port == PIT_PORT_CONTROL) {
		pit_control(p, value, k);
	} else if (port == PIT_PORT_NMI_SC) {
		p->nmi_sc = value & NMI_SC_WRITABLE;
		ch_set_gate(&p->ch[2], value & 1, k);
	}
}

uint64_t pit_next_event(struct pit *p, uint64_t now)
{
	pit_advance(p, now);
	if (p->irq_due)
		return now;
	uint64_t e = ch_edge_after(&p->ch[0], p->irq_seen);
	return e == NEVER ? LEGACY_NO_EVENT : pit_pulse_tsc(p, e);
}

void pit_tick(struct pit *p, uint64_t now, legacy_raise_fn *raise, void *ctx)
{
	pit_advance(p, now);
	if (!p->irq_due)
		return;
	p->irq_due = false;
	p->irqs_delivered++;
	raise(ctx, PIT_ISA_IRQ);
}

bool pit_output(struct pit *p, unsigned channel, uint64_t now)
{
	return channel < 3 && ch_out(&p->ch[channel], pit_pulse(p, now));
}
