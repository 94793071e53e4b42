/* SPDX-License-Identifier: BSD-2-Clause */
/* The virtual interrupt controllers' state (per-vCPU local APIC, per-partition IOAPIC): data
 * only, so that vCPUs and partitions can hold it and every APIC file below them can use it. */
#ifndef APIC_VSTATE_H
#define APIC_VSTATE_H

#include "hv/lib/types.h"

struct vlapic {
	uint32_t *page;         /* the virtual-APIC page: register at offset o is page[o / 4] */
	uint64_t page_pa;
	bool apicv;             /* virtual-interrupt delivery and register virtualization in use */
	uint32_t divide_shift;
	uint64_t tsc_deadline;
	uint64_t expiry;        /* TSC at which the timer fires; 0 = not armed */
	uint64_t period;        /* periodic mode: ticks between firings */
	uint32_t pending[8];    /* set by other cores (IPIs), merged into IRR before entry */
};

/* Register offsets in the (x)APIC page; the x2APIC MSR is 0x800 + offset / 16. */
enum {
	VLAPIC_ID = 0x20, VLAPIC_VERSION = 0x30, VLAPIC_TPR = 0x80, VLAPIC_PPR = 0xA0,
	VLAPIC_LDR = 0xD0, VLAPIC_SVR = 0xF0, VLAPIC_ISR = 0x100, VLAPIC_TMR = 0x180,
	VLAPIC_IRR = 0x200, VLAPIC_ESR = 0x280, VLAPIC_LVT_CMCI = 0x2F0, VLAPIC_ICR = 0x300,
	VLAPIC_LVT_TIMER = 0x320, VLAPIC_INIT_COUNT = 0x380, VLAPIC_CUR_COUNT = 0x390,
	VLAPIC_DIVIDE = 0x3E0,
};

static inline uint32_t *vlapic_reg(struct vlapic *a, uint32_t offset) { return &a->page[offset / 4]; }

#define VIOAPIC_BASE 0xFEC00000ULL
#define VIOAPIC_PINS 24

struct vioapic {
	uint32_t select;
	uint32_t id;
	uint64_t redir[VIOAPIC_PINS];
};

#endif
