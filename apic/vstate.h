/* SPDX-License-Identifier: BSD-2-Clause */
/* The virtual interrupt controllers' state (per-vCPU local APIC, per-partition IOAPIC): data
 * only, so that vCPUs and partitions can hold it and every APIC file below them can use it. */
#ifndef APIC_VSTATE_H
#define APIC_VSTATE_H

#include "hv/lib/types.h"

/* IA32_APIC_BASE */
#define VAPIC_DEFAULT_BASE 0xFEE00000ULL
#define APIC_BASE_BSP (1ULL << 8)
#define APIC_BASE_EXTD (1ULL << 10)
#define APIC_BASE_EN (1ULL << 11)

/* Delivery modes of an interrupt message (ICR, IOAPIC entry, LVT) */
enum { DM_FIXED = 0, DM_LOWEST = 1, DM_SMI = 2, DM_NMI = 4, DM_INIT = 5, DM_STARTUP = 6, DM_EXTINT = 7 };

struct vlapic {
	uint32_t *page;         /* the virtual-APIC page: register at offset o is page[o / 4] */
	uint64_t page_pa;
	bool apicv;             /* virtual-interrupt delivery and register virtualization in use */
	uint32_t divide_shift;
	uint64_t tsc_deadline;
	uint64_t expiry;        /* TSC at which the timer fires; 0 = not armed */
	uint64_t period;        /* periodic mode: ticks between firings */
	uint32_t pending[8];    /* set by other cores (IPIs), merged into IRR before entry */
	uint32_t pending_level[8]; /* of those, the level-triggered ones (TMR set on acceptance) */
	uint32_t esr_pending;   /* errors seen since the last ESR write (SDM 11.5.3) */
	uint32_t eoi_exit[8];   /* APIC virtualization: the EOI-exit bitmap last written (= TMR) */
	bool x2apic_bitmap;     /* APIC virtualization: the MSR bitmap in use is x2APIC mode's */
	uint64_t pv_eoi_msr;    /* KVM's MSR_KVM_PV_EOI_EN as written */
	volatile uint32_t *pv_eoi; /* its word in guest memory; NULL: PV EOI off */
	bool pv_eoi_set;        /* bit 0 was set at the last entry: the guest may EOI there */
};

/* Register offsets in the (x)APIC page; the x2APIC MSR is 0x800 + offset / 16. */
enum {
	VLAPIC_ID = 0x20, VLAPIC_VERSION = 0x30, VLAPIC_TPR = 0x80, VLAPIC_PPR = 0xA0,
	VLAPIC_LDR = 0xD0, VLAPIC_DFR = 0xE0, VLAPIC_SVR = 0xF0, VLAPIC_ISR = 0x100, VLAPIC_TMR = 0x180,
	VLAPIC_IRR = 0x200, VLAPIC_ESR = 0x280, VLAPIC_LVT_CMCI = 0x2F0, VLAPIC_ICR = 0x300,
	VLAPIC_LVT_TIMER = 0x320, VLAPIC_INIT_COUNT = 0x380, VLAPIC_CUR_COUNT = 0x390,
	VLAPIC_DIVIDE = 0x3E0,
};

static inline uint32_t *vlapic_reg(struct vlapic *a, uint32_t offset) { return &a->page[offset / 4]; }
static inline uint32_t vlapic_get(const struct vlapic *a, uint32_t offset) { return a->page[offset / 4]; }

/* The version register: version 0x14 (integrated APIC), 6 LVT entries (max LVT entry 5), no
 * EOI-broadcast suppression. */
#define VLAPIC_VERSION_VALUE 0x50014u

/* ESR bits (SDM figure "Error Status Register") */
#define ESR_SEND_ILLEGAL_VECTOR (1u << 5)
#define ESR_RECEIVE_ILLEGAL_VECTOR (1u << 6)
#define ESR_ILLEGAL_REGISTER (1u << 7)

#define VIOAPIC_BASE 0xFEC00000ULL
#define VIOAPIC_PINS 24

struct vioapic {
	uint32_t select;
	uint32_t id;
	uint32_t line;          /* pins whose input is asserted (bit per pin) */
	volatile uint32_t recheck; /* level pins EOIed since the last vioapic_poll */
	uint64_t redir[VIOAPIC_PINS];
};

#endif
