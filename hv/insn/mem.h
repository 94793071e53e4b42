/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest memory as an instruction sees it: segmentation, paging, RAM or device, page splits. */
#ifndef HV_INSN_MEM_H
#define HV_INSN_MEM_H

#include "hv/insn/insn.h"

/* One remembered translation of this emulation (a REP instruction reuses it page after page). */
struct insn_tlb_entry {
	uint64_t page;      /* linear address >> 12 */
	uint64_t gpa_page;  /* guest-physical address of the page */
	bool valid, write;  /* write: checked (and dirty set) for writes too */
};

/* The state of one emulation; it lives on the caller's stack (nothing is shared between CPUs). */
struct insn_emu {
	struct insn_cpu *cpu;
	const struct insn_ops *ops;
	struct insn_outcome *out;
	struct insn_decoded d;
	const uint8_t *bytes;  /* the instruction's bytes (for messages) */
	uint64_t next_rip;
	bool restart;          /* a REP instruction has iterations left: RIP stays */
	bool long64;           /* 64-bit mode */
	bool real;             /* real or virtual-8086 mode: segments have no type checks */
	bool pe;               /* protected mode: exceptions push error codes */
	uint8_t cpl;
	uint8_t tlb_next;
	struct insn_tlb_entry tlb[2];
};

/* Data accesses. */
enum insn_mem_access { INSN_MEM_READ = 1, INSN_MEM_WRITE = 2, INSN_MEM_RMW = 3 };

/* A data access resolved to one or two physical pieces (two when it crosses a page). */
struct insn_memref {
	uint64_t la;
	uint64_t gpa[2];
	uint8_t len[2];  /* bytes of each piece; len[1] is 0 without a split */
	bool mmio[2];    /* the piece is a device's (else RAM) */
};

/* Segment offset to linear address: base, limit and type checks outside 64-bit mode (#GP(0),
 * #SS(0) for SS), canonical checks in 64-bit mode where only FS and GS have a base. */
enum insn_result insn_mem_linear(struct insn_emu *e, unsigned seg, uint64_t offset, unsigned size,
			    unsigned access, uint64_t *la);
/* Linear to guest physical for a data access (no walk with paging off or a remembered page). */
enum insn_result insn_mem_translate(struct insn_emu *e, uint64_t la, bool write, uint64_t *gpa);
/* Checks and translates an access of size bytes (1-8) before any of it is made: an RMW is
 * checked as a write, and both pages of a split access are translated first. */
enum insn_result insn_mem_resolve(struct insn_emu *e, unsigned seg, uint64_t offset, unsigned size,
			     unsigned access, struct insn_memref *m);
/* Makes the access that m describes. A device piece of a split access is issued as naturally
 * aligned accesses of 1, 2 or 4 bytes (as a CPU splits it); an access within one page is one
 * device access of its full size, aligned or not. */
enum insn_result insn_mem_load(struct insn_emu *e, const struct insn_memref *m, unsigned size, uint64_t *v);
enum insn_result insn_mem_store(struct insn_emu *e, const struct insn_memref *m, unsigned size, uint64_t v);
/* insn_mem_resolve then insn_mem_load or insn_mem_store. */
enum insn_result insn_mem_read(struct insn_emu *e, unsigned seg, uint64_t offset, unsigned size, uint64_t *v);
enum insn_result insn_mem_write(struct insn_emu *e, unsigned seg, uint64_t offset, unsigned size, uint64_t v);

#endif
