/* SPDX-License-Identifier: BSD-2-Clause */
/* Legacy PC timer and interrupt-controller models: the ports each owns, its ISA IRQ, the callback. */
#ifndef HV_DEV_LEGACY_H
#define HV_DEV_LEGACY_H

#include "hv/lib/types.h"

/*
 * The models (pit.c, rtc.c, pic.c, pmtimer.c) are pure state machines: no locks, no globals,
 * no knowledge of partitions. The caller owns each state struct (one per partition), holds
 * whatever lock protects it, and passes the time in as "now", a TSC value that never goes
 * backwards, with the TSC frequency given once at reset.
 *
 * The uniform shape of a timer model X (pit, rtc):
 *   X_reset(x, now, tsc_hz, ...)       power-on state
 *   X_read(x, port, now) -> byte       an 8-bit IN from one of its ports
 *   X_write(x, port, value, now)       an 8-bit OUT
 *   X_next_event(x, now) -> TSC        when X_tick must next be called; LEGACY_NO_EVENT: never
 *                                      (returns now when an interrupt is already due)
 *   X_tick(x, now, raise, ctx)         delivers a due interrupt: raise(ctx, isa_irq), an edge
 * Reads and writes never call raise: an interrupt they make due waits for the next tick, so
 * the glue calls X_next_event after every access and (re)arms its timer. The PIC has no time
 * and delivers nothing (pic.h); the PM timer is one pure read (pmtimer.h). Wider accesses are
 * the glue's to split into bytes (the PIT, RTC and PIC decode 8-bit ports only).
 */

/* Ports owned by each model. */
#define PIT_PORT_COUNTER0 0x40 /* 0x40-0x42: counters 0-2 */
#define PIT_PORT_COUNTER1 0x41
#define PIT_PORT_COUNTER2 0x42
#define PIT_PORT_CONTROL 0x43  /* control word, counter latch, read-back (reads 0xFF) */
#define PIT_PORT_NMI_SC 0x61   /* NMI status and control: counter 2 gate and OUT2 */

#define RTC_PORT_INDEX 0x70 /* bit 7: NMI mask (kept), bits 6-0: register */
#define RTC_PORT_DATA 0x71

#define PIC_PORT_MASTER_CMD 0x20 /* ICW1, OCW2, OCW3 / IRR, ISR, poll */
#define PIC_PORT_MASTER_DATA 0x21 /* ICW2-4, OCW1 (mask) */
#define PIC_PORT_SLAVE_CMD 0xA0
#define PIC_PORT_SLAVE_DATA 0xA1
#define PIC_PORT_ELCR1 0x4D0 /* edge/level control, IRQ 0-7 */
#define PIC_PORT_ELCR2 0x4D1 /* edge/level control, IRQ 8-15 */

/* The ACPI PM timer owns the 4 bytes at the FADT's X_PM_TMR_BLK, wherever the glue puts it
 * (struct vacpi_platform.pm_timer_port, e.g. 0x608); it is read as one 32-bit IN. */
#define PMTIMER_PORT_WIDTH 4

/* ISA interrupts the models raise (the glue routes ISA IRQ 0 to IOAPIC pin 2, the rest 1:1). */
#define PIT_ISA_IRQ 0
#define RTC_ISA_IRQ 8

/* "No interrupt is coming" from X_next_event. */
#define LEGACY_NO_EVENT UINT64_MAX

/* Raises an edge on ISA interrupt line isa_irq. */
typedef void legacy_raise_fn(void *ctx, unsigned isa_irq);

#endif
