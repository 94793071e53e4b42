/* SPDX-License-Identifier: BSD-2-Clause */
/* The legacy PC devices of a partition on its ports: 8254 PIT, RTC/CMOS, 8259 pair, ACPI PM
 * timer, port 0x80; their interrupts through the partition's IOAPIC. */
#include "hv/dev/legacy_ports.h"
#include "hv/lib/string.h"
#include "apic/vioapic.h"
#include "hv/cpu.h"
#include "hv/dev/ports.h"
#include "hv/lib/spinlock.h"
#include "hv/partition/partition.h"
#include "hv/time.h"

/* Timer interrupts no closer together than this (a PIT programmed for 1.7 us must not take
 * the hypervisor core that delivers them); the models coalesce what comes due meanwhile. */
#define LEGACY_MIN_GAP_US 100

#define PIT_PIN 2 /* ISA IRQ 0 arrives on IOAPIC pin 2: the override every PC firmware describes */

/* A rising edge on an ISA line (PIT OUT0, the RTC's IRQ); the PIT's line then stays at OUT0's
 * level, which a level-triggered pin follows (sync_pit_line). */
static void raise_isa(void *ctx, unsigned isa_irq)
{
	struct partition *p = ctx;
	pic_set_irq(&p->legacy.pic, isa_irq, true);
	pic_set_irq(&p->legacy.pic, isa_irq, false);
	if (isa_irq != PIT_ISA_IRQ) {
		vioapic_raise(p, isa_irq);
		return;
	}
	vioapic_set_line(p, PIT_PIN, false);
	vioapic_set_line(p, PIT_PIN, true);
}

static void sync_pit_line(struct partition *p, uint64_t now)
{
	vioapic_set_line(p, PIT_PIN, pit_output(&p->legacy.pit, 0, now));
}

static uint64_t earliest(uint64_t a, uint64_t b) { return a < b ? a : b; }

/* dev_lock held: when the next interrupt is due, after an access or a tick. */
static void plan_next(struct partition *p, uint64_t now)
{
	uint64_t next = earliest(pit_next_event(&p->legacy.pit, now), rtc_next_event(&p->legacy.rtc, now));
	uint64_t soonest = now + time_tsc_hz() / 1000000 * LEGACY_MIN_GAP_US;
	p->legacy.next_event = next == LEGACY_NO_EVENT ? next : next > soonest ? next : soonest;
}

void legacy_reset(struct partition *p, uint64_t wall_secs, bool keep_cmos)
{
	uint64_t now = rdtsc(), hz = time_tsc_hz();
	uint8_t cmos[sizeof(p->legacy.rtc.ram)];
	if (keep_cmos) /* battery-backed: a reset keeps what the guest stored */
		memcpy(cmos, p->legacy.rtc.ram, sizeof(cmos));
	pit_reset(&p->legacy.pit, now, hz);
	rtc_reset(&p->legacy.rtc, now, hz, wall_secs);
	if (keep_cmos)
		memcpy(p->legacy.rtc.ram, cmos, sizeof(cmos));
	pic_reset(&p->legacy.pic);
	pmtimer_reset(&p->legacy.pm, now, hz, true);
	plan_next(p, now);
}

void legacy_poll(struct partition *p)
{
	uint64_t now = rdtsc();
	if (now < __atomic_load_n(&p->legacy.next_event, __ATOMIC_RELAXED))
		return;
	spin_lock(&p->dev_lock);
	pit_tick(&p->legacy.pit, now, raise_isa, p);
	rtc_tick(&p->legacy.rtc, now, raise_isa, p);
	sync_pit_line(p, now);
	plan_next(p, now);
	spin_unlock(&p->dev_lock);
}

/* The 8-bit devices take a wider access one byte at a time, at consecutive ports. */
typedef uint8_t (*byte_in_fn)(struct partition *p, uint16_t port, uint64_t now);
typedef void (*byte_out_fn)(struct partition *p, uint16_t port, uint8_t v, uint64_t now);

static uint8_t pit_in(struct partition *p, uint16_t port, uint64_t now) { return pit_read(&p->legacy.pit, port, now); }
static void pit_out(struct partition *p, uint16_t port, uint8_t v, uint64_t now) { pit_write(&p->legacy.pit, port, v, now); }
static uint8_t rtc_in(struct partition *p, uint16_t port, uint64_t now) { return rtc_read(&p->legacy.rtc, port, now); }
static void rtc_out(struct partition *p, uint16_t port, uint8_t v, uint64_t now) { rtc_write(&p->legacy.rtc, port, v, now); }

static uint8_t pic_in(struct partition *p, uint16_t port, uint64_t now)
{
	UNUSED(now);
	return pic_read(&p->legacy.pic, port);
}

static void pic_out(struct partition *p, uint16_t port, uint8_t v, uint64_t now)
{
	UNUSED(now);
	pic_write(&p->legacy.pic, port, v);
}

static uint32_t bytes_in(struct exit_ctx *x, uint16_t port, unsigned size, byte_in_fn in)
{
	struct partition *p = x->vcpu->part;
	uint64_t now = rdtsc();
	uint32_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)in(p, (uint16_t)(port + i), now) << (8 * i);
	plan_next(p, now);
	return v;
}

static void bytes_out(struct exit_ctx *x, uint16_t port, unsigned size, uint32_t v, byte_out_fn out)
{
	struct partition *p = x->vcpu->part;
	uint64_t now = rdtsc();
	for (unsigned i = 0; i < size; i++)
		out(p, (uint16_t)(port + i), (uint8_t)(v >> (8 * i)), now);
	if (out == pit_out)
		sync_pit_line(p, now); /* reprogramming may drop OUT0 at once */
	plan_next(p, now);
}

#define BYTE_MODEL(name, in, out)                                                               \
	static uint32_t name##_port_in(struct exit_ctx *x, uint16_t port, unsigned size)        \
	{ return bytes_in(x, port, size, in); }                                                 \
	static void name##_port_out(struct exit_ctx *x, uint16_t port, unsigned size, uint32_t v) \
	{ bytes_out(x, port, size, v, out); }

BYTE_MODEL(pit, pit_in, pit_out)
BYTE_MODEL(rtc, rtc_in, rtc_out)
BYTE_MODEL(pic, pic_in, pic_out)

static uint32_t pm_in(struct exit_ctx *x, uint16_t port, unsigned size)
{
	uint32_t v = pmtimer_read(&x->vcpu->part->legacy.pm, rdtsc());
	return (v >> (8 * (port - PM_TIMER_PORT))) & (size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1);
}

static void ignore_out(struct exit_ctx *x, uint16_t port, unsigned size, uint32_t v)
{
	UNUSED(x), UNUSED(port), UNUSED(size), UNUSED(v);
}

static uint32_t ones_in(struct exit_ctx *x, uint16_t port, unsigned size)
{
	UNUSED(x), UNUSED(port), UNUSED(size);
	return 0xFFFFFFFFu;
}

const struct port_model pit_model = { "8254 PIT", 0x40, 0x43, pit_port_in, pit_port_out, false };
const struct port_model pit_nmi_sc_model = { "NMI status and control (PIT gate 2)", 0x61, 0x61,
					     pit_port_in, pit_port_out, false };
const struct port_model rtc_model = { "RTC/CMOS", 0x70, 0x71, rtc_port_in, rtc_port_out, false };
const struct port_model pic_master_model = { "8259 master", 0x20, 0x21, pic_port_in, pic_port_out, false };
const struct port_model pic_slave_model = { "8259 slave", 0xA0, 0xA1, pic_port_in, pic_port_out, false };
const struct port_model pic_elcr_model = { "8259 ELCR", 0x4D0, 0x4D1, pic_port_in, pic_port_out, false };
const struct port_model pm_timer_model = { "ACPI PM timer", PM_TIMER_PORT, PM_TIMER_PORT + 3, pm_in,
					   ignore_out, true };
/* POST codes: a write is a short delay for the guest, and nothing else */
const struct port_model post_code_model = { "POST code (delay)", 0x80, 0x80, ones_in, ignore_out, true };
