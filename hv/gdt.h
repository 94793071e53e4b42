/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU GDT and TSS with IST stacks for NMI, #DF and #MC. */
#ifndef HV_GDT_H
#define HV_GDT_H

#include "hv/lib/types.h"

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_TSS 0x18

enum { IST_NMI = 1, IST_DF = 2, IST_MC = 3 };

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} PACKED;

struct cpu_tables {
	uint64_t gdt[5] __attribute__((aligned(16)));
	struct tss tss __attribute__((aligned(16)));
};

/* Builds and loads the GDT and TSS; ist_tops are the IST stack tops (index 1..3). */
void gdt_load(struct cpu_tables *t, const uint64_t ist_tops[4]);

#endif
