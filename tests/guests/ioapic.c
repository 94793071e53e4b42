/* SPDX-License-Identifier: BSD-2-Clause */
/* Conformance guest "ioapic": the I/O APIC at 0xFEC00000 as the Intel 82093AA datasheet
 * describes it (IOREGSEL at +0x00, IOWIN at +0x10; registers ID 0x00, version 0x01, arbitration
 * 0x02, redirection table 0x10-0x3F; section numbers below are the datasheet's 3.x) and, for a
 * version-0x20 IOAPIC, the ICH datasheets' EOI register at +0x40. The interrupt source is the
 * 8254 PIT (ISA IRQ0, wired to IOAPIC pin 2 on PC platforms: the MADT's IRQ0 -> GSI 2
 * override) and the MC146818 RTC on pin 8. The 8259s stay masked. IOAPIC registers are
 * touched with 32-bit accesses only, in varied instruction forms. Command line: "level=1" adds
 * the level-triggered checks (Remote IRR, EOI broadcast, EOI register): bare Bochs models
 * neither Remote IRR nor the EOI broadcast, so they are validated on bare QEMU (q35, TCG)
 * instead, whose IOAPIC is a version 0x20 one. */
#include "conf.h"

#define IOAPIC 0xFEC00000u
#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOEOI 0x40
#define RTE(pin) (0x10u + 2u * (pin))
#define MASK (1u << 16)
#define LEVEL (1u << 15)
#define REMOTE_IRR (1u << 14)
#define ACTIVE_LOW (1u << 13)
#define DELIVS (1u << 12)
#define LOGICAL (1u << 11)
#define PIT_PIN 2
#define RTC_PIN 8

/* register access in different 32-bit forms */
static void sel_moffs(uint32_t r) { __asm__ volatile("movl %%eax, 0xFEC00000" ::"a"(r) : "memory"); }
static void sel_base(uint32_t r) { __asm__ volatile("movl %0, (%1)" ::"r"(r), "r"(IOAPIC) : "memory"); }
static uint32_t win_disp(void)
{
	uint32_t v;
	__asm__ volatile("movl 0x10(%1), %0" : "=r"(v) : "r"(IOAPIC) : "memory");
	return v;
}
static uint32_t win_sib(void)
{
	uint32_t v;
	__asm__ volatile("movl (%1,%2,4), %0" : "=r"(v) : "r"(IOAPIC), "r"(IOWIN / 4) : "memory");
	return v;
}
static void win_wr(uint32_t v) { __asm__ volatile("movl %0, 0x10(%1)" ::"r"(v), "r"(IOAPIC) : "memory"); }
static uint32_t io_rd(uint32_t r)
{
	sel_base(r);
	return win_disp();
}
static void io_wr(uint32_t r, uint32_t v)
{
	sel_moffs(r);
	win_wr(v);
}
/* read-modify-write of the selected register through IOWIN */
static void win_or(uint32_t m) { __asm__ volatile("orl %0, 0xFEC00010" ::"ri"(m) : "memory", "cc"); }
static void win_and(uint32_t m) { __asm__ volatile("andl %0, (%1)" ::"ri"(m), "r"(IOAPIC + IOWIN) : "memory", "cc"); }
static int win_bt(uint32_t bit)
{
	uint8_t c;
	__asm__ volatile("btl %1, 0xFEC00010\n\tsetc %0" : "=q"(c) : "r"(bit) : "memory", "cc");
	return c;
}
static uint32_t win_xchg(uint32_t v)
{
	__asm__ volatile("xchgl %0, (%1)" : "+r"(v) : "r"(IOAPIC + IOWIN) : "memory");
	return v;
}
static uint32_t win_cmpxchg(uint32_t expect, uint32_t nv)
{
	__asm__ volatile("cmpxchgl %1, (%2)" : "+a"(expect) : "r"(nv), "r"(IOAPIC + IOWIN) : "memory", "cc");
	return expect;
}

/* ---- 8254 PIT channel 0 ---- */
static void pit_mode2(uint16_t count) /* rate generator: a pulse every count clocks */
{
	rt_outb(0x43, 0x34);
	rt_outb(0x40, count & 0xFF);
	rt_outb(0x40, count >> 8);
}
static void pit_mode0(uint16_t count) /* OUT low now, high at terminal count, and stays high */
{
	rt_outb(0x43, 0x30);
	rt_outb(0x40, count & 0xFF);
	rt_outb(0x40, count >> 8);
}
/* OUT low for the next 55 ms: a mode 0 control word drives OUT low (8254 datasheet, mode 0),
 * the longest count keeps it there */
static void pit_out_low(void) { pit_mode0(0xFFFF); }

static volatile uint32_t hits[256];
static volatile uint32_t no_eoi_vec; /* the handler leaves this vector in service */
static volatile uint32_t tmr_seen;

void irq_handler(uint32_t v)
{
	hits[v]++;
	if (v == 0x43) { /* RTC: reading C re-arms its interrupt */
		rt_outb(0x70, 0x0C);
		(void)rt_inb(0x71);
	}
	if (v == no_eoi_vec) {
		tmr_seen = (apic_rd(0x180 + (v / 32) * 0x10) >> (v % 32)) & 1;
		return;
	}
	if (v != 2)
		apic_wr(0xB0, 0);
}

static int took(uint32_t v, uint32_t n, uint32_t us)
{
	__asm__ volatile("sti");
	int r = WAIT_US(hits[v] >= n, us);
	__asm__ volatile("cli");
	return r;
}
static void idle(uint32_t us)
{
	__asm__ volatile("sti");
	WAIT_US(0, us);
	__asm__ volatile("cli");
}

static uint32_t bsp_id, version, pins;
static uint32_t level; /* "level=1": the level-triggered checks */

static void register_checks(void)
{
	sel_base(0x01);
	uint32_t sel = *(volatile uint32_t *)IOAPIC & 0xFF;
	check("ioregsel-read-back", sel == 0x01, "IOREGSEL 0x%x after writing 1", sel);
	version = win_sib();
	pins = ((version >> 16) & 0xFF) + 1;
	check("version-0x11-or-0x20", (version & 0xFF) == 0x11 || (version & 0xFF) == 0x20, "version register 0x%x", version);
	check("max-redirection-entry-23", pins == 24, "max redirection entry %u (%u pins)", pins - 1, pins);
	win_wr(0);
	check("version-read-only", io_rd(0x01) == version, "0x%x after writing 0, was 0x%x", io_rd(0x01), version);
	uint32_t id = io_rd(0x00);
	io_wr(0x00, (id & ~0x0F000000u) | 0x0A000000u);
	uint32_t id2 = io_rd(0x00);
	check("id-bits-27-24-read-write", (id2 & 0x0F000000u) == 0x0A000000u, "ID register 0x%x after writing ID 10", id2);
	io_wr(0x00, id);
	if ((version & 0xFF) == 0x11) { /* the 82093AA's arbitration register; reserved on ICH parts */
		uint32_t arb = io_rd(0x02);
		win_wr(arb ^ 0x0F000000u);
		check("arbitration-read-only", io_rd(0x02) == arb, "0x%x after writing, was 0x%x", io_rd(0x02), arb);
	}
	/* redirection entries (datasheet 3.2.4): writable fields read back; delivery status (12)
	 * and Remote IRR (14) are read-only and 0 on an idle masked pin */
	io_wr(RTE(5), MASK | 0xFFFF);
	uint32_t lo = io_rd(RTE(5));
	check("redirection-writable-bits-read-back", (lo & 0x1AFFF) == 0x1AFFF, "low dword 0x%x after writing 0x1FFFF", lo);
	check("redirection-delivery-status-remote-irr-read-only", (lo & (DELIVS | REMOTE_IRR)) == 0,
	      "low dword 0x%x: bit 12 or 14 set by a write", lo);
	io_wr(RTE(5) + 1, 0xA5000000u);
	uint32_t hi = io_rd(RTE(5) + 1);
	check("redirection-destination-read-back", (hi & 0xFF000000u) == 0xA5000000u, "high dword 0x%x", hi);
	io_wr(RTE(5), MASK);
	io_wr(RTE(5) + 1, 0);
	int all_ok = 1;
	for (uint32_t p = 0; p < pins; p++) {
		io_wr(RTE(p) + 1, (p ^ 0x5A) << 24);
		if ((io_rd(RTE(p) + 1) >> 24) != (p ^ 0x5A))
			all_ok = 0;
		io_wr(RTE(p) + 1, 0);
	}
	check("every-redirection-entry-present", all_ok, "an entry of the %u did not keep its destination", pins);
}

static void pit_checks(void)
{
	/* edge, fixed, physical to the BSP, vector 0x40; the PIT at about 1 kHz */
	pit_mode2(1193);
	io_wr(RTE(PIT_PIN) + 1, bsp_id << 24);
	io_wr(RTE(PIT_PIN), 0x40);
	int ok = took(0x40, 5, 100000);
	check("pit-edge-interrupts-on-programmed-vector", ok, "%u interrupts on vector 0x40 in 100 ms (PIT at 1 kHz)", hits[0x40]);
	uint32_t lo = io_rd(RTE(PIT_PIN));
	check("edge-remote-irr-stays-clear", !(lo & REMOTE_IRR), "low dword 0x%x", lo);
	/* masking by read-modify-write of IOWIN */
	sel_base(RTE(PIT_PIN));
	win_or(MASK);
	check("mask-bit-read-back", win_bt(16), "low dword 0x%x", io_rd(RTE(PIT_PIN)));
	idle(2000); /* one already on its way may still land */
	uint32_t n = hits[0x40];
	idle(20000);
	check("masked-pin-not-delivered", hits[0x40] == n, "%u interrupts in 20 ms while masked", hits[0x40] - n);
	sel_moffs(RTE(PIT_PIN));
	win_and(~MASK);
	ok = took(0x40, n + 3, 100000);
	check("unmasked-pin-delivers-again", ok, "%u interrupts after unmasking", hits[0x40] - n);
	/* a new vector takes effect: xchg and cmpxchg on IOWIN */
	sel_base(RTE(PIT_PIN));
	uint32_t old = win_xchg(MASK | 0x41);
	check("iowin-xchg-returns-entry", (old & 0x1FFFF) == 0x40, "old low dword 0x%x", old);
	sel_base(RTE(PIT_PIN));
	old = win_cmpxchg(MASK | 0x41, 0x41);
	check("iowin-cmpxchg-unmasks", (old & 0x1FFFF) == (MASK | 0x41) && (io_rd(RTE(PIT_PIN)) & 0x1FFFF) == 0x41,
	      "old 0x%x, now 0x%x", old, io_rd(RTE(PIT_PIN)));
	n = hits[0x40];
	ok = took(0x41, 3, 100000);
	idle(2000);
	check("vector-change-takes-effect", ok && hits[0x40] <= n + 1, "%u on the new vector 0x41, %u more on the old", hits[0x41],
	      hits[0x40] - n);
	/* logical destination: flat model, LDR bit 0 */
	apic_wr(0xE0, 0xFFFFFFFF);
	apic_wr(0xD0, 0x01000000);
	io_wr(RTE(PIT_PIN) + 1, 0x01000000);
	io_wr(RTE(PIT_PIN), LOGICAL | 0x44);
	check("logical-destination-delivers", took(0x44, 3, 100000), "%u interrupts on vector 0x44", hits[0x44]);
	io_wr(RTE(PIT_PIN) + 1, 0x02000000);
	idle(2000);
	n = hits[0x44];
	idle(20000);
	check("logical-destination-mismatch-not-delivered", hits[0x44] == n, "%u interrupts to logical 0x02, LDR 0x01",
	      hits[0x44] - n);
	io_wr(RTE(PIT_PIN), MASK | 0x44);
	apic_wr(0xD0, 0);
	io_wr(RTE(PIT_PIN) + 1, bsp_id << 24);
}

/* level-triggered: Remote IRR set on delivery, cleared by the EOI (datasheet 3.2.4; ICH EOI
 * register); while set, the pin delivers nothing more */
static void level_checks(void)
{
	if (!level) {
		skip("level-triggered", "run with level=1 (bare Bochs models neither Remote IRR nor the EOI broadcast)");
		return;
	}
	pit_out_low();
	io_wr(RTE(PIT_PIN), MASK | LEVEL | 0x45);
	io_wr(RTE(PIT_PIN), LEVEL | 0x45);
	check("level-deasserted-pin-quiet", !took(0x45, 1, 5000), "an interrupt while the PIT output is low");
	no_eoi_vec = 0x45;
	pit_mode0(1193); /* OUT rises after 1 ms and stays high */
	int ok = took(0x45, 1, 100000);
	check("level-asserted-pin-delivers", ok, "no interrupt on vector 0x45");
	check("level-interrupt-sets-lapic-tmr", tmr_seen, "TMR bit of vector 0x45 clear in the handler");
	uint32_t lo = io_rd(RTE(PIT_PIN));
	check("level-remote-irr-set-on-delivery", (lo & REMOTE_IRR) != 0, "low dword 0x%x", lo);
	/* the handler sent no EOI: however long the line stays high, nothing more arrives. The
	 * local APIC holds the vector in service anyway: the IOAPIC side is what Remote IRR shows. */
	idle(20000);
	check("level-no-eoi-single-delivery", hits[0x45] == 1, "%u deliveries without an EOI", hits[0x45]);
	lo = io_rd(RTE(PIT_PIN));
	check("level-remote-irr-held-until-eoi", (lo & REMOTE_IRR) != 0, "low dword 0x%x", lo);
	/* the local APIC's EOI (TMR set) is broadcast to the IOAPIC: Remote IRR clears, and the
	 * line still high delivers again */
	no_eoi_vec = 0;
	apic_wr(0xB0, 0);
	ok = took(0x45, 2, 20000);
	check("lapic-eoi-clears-remote-irr-and-still-asserted-redelivers", ok, "%u deliveries after the EOI", hits[0x45]);
	/* the line low, then the EOI: no more deliveries, Remote IRR clear */
	no_eoi_vec = 0x45;
	uint32_t n = hits[0x45];
	took(0x45, n + 1, 5000); /* the one after the last EOI, if the line was still high then */
	pit_out_low();
	no_eoi_vec = 0;
	apic_wr(0xB0, 0);
	n = hits[0x45];
	idle(20000);
	lo = io_rd(RTE(PIT_PIN));
	check("level-deasserted-not-redelivered-after-eoi", hits[0x45] == n && !(lo & REMOTE_IRR), "%u more, low dword 0x%x",
	      hits[0x45] - n, lo);
	/* masking a level pin with Remote IRR clear: nothing while masked, delivery on unmask */
	io_wr(RTE(PIT_PIN), MASK | LEVEL | 0x45);
	pit_mode0(100);
	n = hits[0x45];
	idle(10000);
	check("level-masked-not-delivered", hits[0x45] == n, "%u while masked", hits[0x45] - n);
	no_eoi_vec = 0x45;
	io_wr(RTE(PIT_PIN), LEVEL | 0x45);
	check("level-asserted-delivered-on-unmask", took(0x45, n + 1, 20000), "nothing after unmasking a high level pin");
	/* version 0x20: the EOI register clears Remote IRR of the entries with that vector */
	if ((version & 0xFF) == 0x20) {
		pit_out_low();
		lo = io_rd(RTE(PIT_PIN));
		check("level-remote-irr-set-before-eoi-register", (lo & REMOTE_IRR) != 0, "low dword 0x%x", lo);
		*(volatile uint32_t *)(IOAPIC + IOEOI) = 0x45;
		lo = io_rd(RTE(PIT_PIN));
		check("eoi-register-clears-remote-irr", !(lo & REMOTE_IRR), "low dword 0x%x after writing 0x45 at +0x40", lo);
	} else {
		skip("eoi-register-clears-remote-irr", "IOAPIC version 0x11 has no EOI register (version 0x20 only)");
	}
	pit_out_low();
	io_wr(RTE(PIT_PIN), MASK | LEVEL | 0x45);
	no_eoi_vec = 0;
	apic_wr(0xB0, 0); /* the handler left 0x45 in service */
	WAIT_US(0, 100);
	lo = io_rd(RTE(PIT_PIN));
	check("masked-level-remote-irr-cleared-by-eoi", !(lo & REMOTE_IRR), "low dword 0x%x", lo);
	io_wr(RTE(PIT_PIN), MASK);
}

static void rtc_checks(void)
{
	/* MC146818: rate 6 (1024 Hz) in A, PIE in B; each interrupt is acknowledged by reading C */
	rt_outb(0x70, 0x0A);
	uint8_t a = rt_inb(0x71);
	rt_outb(0x70, 0x0A);
	rt_outb(0x71, (uint8_t)((a & 0xF0) | 0x06));
	rt_outb(0x70, 0x0B);
	uint8_t b = rt_inb(0x71);
	rt_outb(0x70, 0x0C);
	rt_inb(0x71);
	io_wr(RTE(RTC_PIN) + 1, bsp_id << 24);
	io_wr(RTE(RTC_PIN), 0x43);
	rt_outb(0x70, 0x0B);
	rt_outb(0x71, b | 0x40);
	int ok = took(0x43, 5, 200000);
	check("rtc-periodic-interrupts-on-pin-8", ok, "%u interrupts on vector 0x43 in 200 ms (RTC at 1024 Hz)", hits[0x43]);
	rt_outb(0x70, 0x0B);
	rt_outb(0x71, b & ~0x40);
	io_wr(RTE(RTC_PIN), MASK);
	rt_outb(0x70, 0x0C);
	rt_inb(0x71);
	rt_outb(0x70, 0x0A);
	rt_outb(0x71, a);
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	level = rt_cmdline_uint(info, "level=", 0);
	conf_init("ioapic");
	apic_wr(0xF0, 0x15F);
	bsp_id = apic_rd(0x20) >> 24;
	for (uint32_t p = 0; p < 24; p++)
		io_wr(RTE(p), MASK);
	register_checks();
	pit_checks();
	level_checks();
	rtc_checks();
	if (conf_stray_count)
		check("no-interrupt-on-unexpected-vectors", 0, "%u, the last on vector 0x%x", conf_stray_count, conf_stray_last);
	conf_done();
}
