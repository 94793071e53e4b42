/* SPDX-License-Identifier: BSD-2-Clause */
/* A small fake guest for the emulator's tests: RAM, two device windows, ports, page tables. */
#ifndef TESTS_INSN_GUEST_H
#define TESTS_INSN_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/insn/insn.h"

#define GUEST_RAM_SIZE (8u << 20)
#define DEV_LOW 0xA0000ULL         /* device window reachable from real mode */
#define DEV_HIGH 0xFEE00000ULL     /* device window above RAM */
#define DEV_SIZE 0x2000u           /* each window: two pages of registers */
#define TABLES_BASE 0x100000ULL    /* page tables are allocated from here */

struct dev_access {
	uint64_t gpa;
	unsigned size;
	bool write;
	uint64_t value;
};

struct port_access {
	uint16_t port;
	unsigned size;
	bool write;
	uint32_t value;
};

struct guest {
	uint8_t *ram;
	uint8_t dev[2][DEV_SIZE];  /* register files of the two windows */
	struct dev_access log[256];
	unsigned nlog;
	struct port_access ports[256];
	unsigned nports;
	uint32_t port_next;        /* the value the next port read returns */
	bool dev_refuses;          /* the device callback answers false */
	uint64_t next_table;
};

void guest_init(struct guest *g);
void guest_free(struct guest *g);
void guest_ops(struct guest *g, struct insn_ops *ops);
void guest_put(struct guest *g, uint64_t gpa, const void *src, size_t n);
uint64_t guest_get(const struct guest *g, uint64_t gpa, unsigned n);
/* A zeroed page for a paging structure. */
uint64_t guest_table(struct guest *g);

/* CPUs: real mode, 32-bit protected (flat 4 GiB segments), 64-bit; paging off. */
void cpu_real(struct insn_cpu *cpu);
void cpu_prot32(struct insn_cpu *cpu);
void cpu_long64(struct insn_cpu *cpu);

/* Paging-structure formats for pt_map. */
enum pt_format { PT_32, PT_PAE, PT_LONG4, PT_LONG5 };
#define PTE_P 0x1ULL
#define PTE_RW 0x2ULL
#define PTE_US 0x4ULL
#define PTE_A 0x20ULL
#define PTE_D 0x40ULL
#define PTE_PS 0x80ULL
#define PTE_XD (1ULL << 63)

/* Maps la to pa: the leaf at leaf_level (0: 4 KiB, 1: 2/4 MiB, 2: 1 GiB) gets leaf_flags,
 * missing tables are allocated with table_flags (PAE PDPTEs with P only). entry_gpa[level]
 * receives where each entry is (optional). */
void pt_map(struct guest *g, enum pt_format fmt, uint64_t cr3, uint64_t la, uint64_t pa,
	    uint64_t leaf_flags, unsigned leaf_level, uint64_t table_flags, uint64_t entry_gpa[5]);
/* Sets up cpu for fmt with root cr3 (CR0.PG, CR4.PAE/PSE/LA57, EFER.LMA). */
void cpu_paging(struct insn_cpu *cpu, enum pt_format fmt, uint64_t cr3);

#endif
