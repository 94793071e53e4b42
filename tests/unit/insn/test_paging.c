/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest page-table walker: translations, accessed/dirty bits, and the exact #PF (error code,
 * CR2) for each kind of fault, in 32-bit, PAE, 4-level and 5-level paging; instruction fetch
 * and data accesses that cross pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "hv/insn/walk.h"
#include "tests/unit/insn/guest.h"
#include "tests/unit/insn/tests.h"

#define R 0u
#define W INSN_ACCESS_WRITE
#define U INSN_ACCESS_USER
#define X INSN_ACCESS_FETCH
#define OKAY 0xFFFFFFFFu
#define NXE 0x800ULL
#define WP 0x10000ULL
#define SMEP (1ULL << 20)
#define SMAP (1ULL << 21)
#define AC (1ULL << 18)
#define ALL (PTE_P | PTE_RW | PTE_US)

struct world {
	struct guest g;
	struct insn_ops ops;
	struct insn_cpu cpu;
	struct insn_outcome out;
	uint64_t cr3;
};

static void world_init(struct world *w, enum pt_format fmt)
{
	guest_init(&w->g);
	guest_ops(&w->g, &w->ops);
	if (fmt >= PT_LONG4)
		cpu_long64(&w->cpu);
	else
		cpu_prot32(&w->cpu);
	w->cr3 = guest_table(&w->g) + (fmt == PT_PAE ? 0x40 : 0);
	cpu_paging(&w->cpu, fmt, w->cr3);
}

/* Walks la; returns OKAY or the #PF error code (checking vector and CR2). */
static uint32_t walk(struct world *w, uint64_t la, unsigned access, uint64_t *gpa)
{
	uint64_t dummy;
	enum insn_result r = insn_walk(&w->cpu, &w->ops, la, access, gpa ? gpa : &dummy, &w->out);
	if (r == INSN_OK)
		return OKAY;
	assert_int_equal(r, INSN_FAULT);
	assert_int_equal(w->out.vector, 14);
	assert_true(w->out.has_error);
	assert_int_equal(w->out.cr2, la);
	return w->out.error;
}

static void put_entry(struct world *w, uint64_t at, uint64_t e, unsigned size)
{
	guest_put(&w->g, at, &e, size);
}

void test_paging_32bit(void **state)
{
	(void)state;
	struct world w;
	uint64_t e[5], gpa;
	world_init(&w, PT_32);
	pt_map(&w.g, PT_32, w.cr3, 0x00401000, 0x5000, PTE_P | PTE_RW, 0, PTE_P | PTE_RW, e);
	assert_int_equal(walk(&w, 0x00401234, R, &gpa), OKAY);
	assert_int_equal(gpa, 0x5234);
	assert_int_equal(guest_get(&w.g, e[1], 4) & (PTE_A | PTE_D), PTE_A);
	assert_int_equal(guest_get(&w.g, e[0], 4) & (PTE_A | PTE_D), PTE_A);
	assert_int_equal(walk(&w, 0x00401234, W, &gpa), OKAY);
	assert_int_equal(guest_get(&w.g, e[0], 4) & (PTE_A | PTE_D), PTE_A | PTE_D);
	assert_int_equal(guest_get(&w.g, e[1], 4) & PTE_D, 0);
	/* 4 MiB pages (CR4.PSE), with PSE-36 physical bits above 4 GiB. */
	pt_map(&w.g, PT_32, w.cr3, 0x00800000, 0x00400000, PTE_P | PTE_RW, 1, 0, e);
	assert_int_equal(walk(&w, 0x00812345, W, &gpa), OKAY);
	assert_int_equal(gpa, 0x00412345);
	assert_int_equal(guest_get(&w.g, e[1], 4) & (PTE_A | PTE_D), PTE_A | PTE_D);
	w.cpu.phys_bits = 40;
	pt_map(&w.g, PT_32, w.cr3, 0x01000000, 0x1200400000ULL, PTE_P, 1, 0, NULL);
	assert_int_equal(walk(&w, 0x01012345, R, &gpa), OKAY);
	assert_int_equal(gpa, 0x1200412345ULL);
	/* Without CR4.PSE the PS bit means nothing: 0x00400000 is a page table (all zero). */
	w.cpu.cr4 &= ~0x10ULL;
	assert_int_equal(walk(&w, 0x00812345, R, NULL), 0);
	/* Not present: no error bits but W/R and U/S; no I/D without PAE/SMEP. */
	assert_int_equal(walk(&w, 0x40000000, R, NULL), 0);
	assert_int_equal(walk(&w, 0x40000000, W, NULL), 2);
	assert_int_equal(walk(&w, 0x40000000, W | U, NULL), 6);
	assert_int_equal(walk(&w, 0x40000000, X, NULL), 0);
	w.cpu.efer |= NXE;  /* I/D needs PAE for NXE to count */
	assert_int_equal(walk(&w, 0x40000000, X, NULL), 0);
	guest_free(&w.g);
}

void test_paging_pae(void **state)
{
	(void)state;
	struct world w;
	uint64_t e[5], gpa;
	world_init(&w, PT_PAE);
	pt_map(&w.g, PT_PAE, w.cr3, 0x40201000, 0x7000, ALL, 0, ALL, e);
	uint64_t pdpte = guest_get(&w.g, e[2], 8);
	assert_int_equal(walk(&w, 0x40201ABC, W, &gpa), OKAY);
	assert_int_equal(gpa, 0x7ABC);
	assert_int_equal(guest_get(&w.g, e[2], 8), pdpte);  /* PDPTEs have no A bit */
	assert_int_equal(guest_get(&w.g, e[1], 8) & (PTE_A | PTE_D), PTE_A);
	assert_int_equal(guest_get(&w.g, e[0], 8) & (PTE_A | PTE_D), PTE_A | PTE_D);
	pt_map(&w.g, PT_PAE, w.cr3, 0x40400000, 0x600000, ALL, 1, ALL, NULL);
	assert_int_equal(walk(&w, 0x404ABCDE, R, &gpa), OKAY);
	assert_int_equal(gpa, 0x6ABCDE);
	/* XD: with EFER.NXE a fetch faults (I/D set); without, bit 63 is reserved. */
	pt_map(&w.g, PT_PAE, w.cr3, 0x40202000, 0x8000, ALL | PTE_XD, 0, ALL, NULL);
	assert_int_equal(walk(&w, 0x40202000, R, NULL), 0x9);
	w.cpu.efer |= NXE;
	assert_int_equal(walk(&w, 0x40202000, R, NULL), OKAY);
	assert_int_equal(walk(&w, 0x40202000, X, NULL), 0x11);
	assert_int_equal(walk(&w, 0x40201000, X, NULL), OKAY);
	assert_int_equal(walk(&w, 0x80000000, X, NULL), 0x10);
	/* PDPTE: not present, then a reserved bit (bits 2:1, 8:5, 63:MAXPHYADDR). */
	assert_int_equal(walk(&w, 0xC0000000, R, NULL), 0);
	put_entry(&w, e[2], pdpte | 0x2, 8);
	assert_int_equal(walk(&w, 0x40201000, R, NULL), 0x9);
	put_entry(&w, e[2], pdpte | 0x20, 8);
	assert_int_equal(walk(&w, 0x40201000, W, NULL), 0xB);
	guest_free(&w.g);
}

void test_paging_4level(void **state)
{
	(void)state;
	struct world w;
	uint64_t e[5], big[5], gpa;
	world_init(&w, PT_LONG4);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x00007F0000001000ULL, 0x9000, ALL, 0, ALL, e);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x40000000, 0x40000000, ALL, 2, ALL, big);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x200000, 0x400000, ALL, 1, ALL, NULL);
	pt_map(&w.g, PT_LONG4, w.cr3, 0xFFFF800000003000ULL, 0xA000, ALL, 0, ALL, NULL);
	assert_int_equal(walk(&w, 0x00007F0000001FFFULL, R, &gpa), OKAY);
	assert_int_equal(gpa, 0x9FFF);
	for (int level = 3; level >= 0; level--)
		assert_int_equal(guest_get(&w.g, e[level], 8) & (PTE_A | PTE_D), PTE_A);
	assert_int_equal(walk(&w, 0x00007F0000001000ULL, W, NULL), OKAY);
	assert_int_equal(guest_get(&w.g, e[0], 8) & PTE_D, PTE_D);
	assert_int_equal(guest_get(&w.g, e[1], 8) & PTE_D, 0);
	assert_int_equal(walk(&w, 0x7ABCDEF1, W, &gpa), OKAY);
	assert_int_equal(gpa, 0x7ABCDEF1);
	assert_int_equal(guest_get(&w.g, big[2], 8) & (PTE_A | PTE_D), PTE_A | PTE_D);
	assert_int_equal(walk(&w, 0x2FFFFF, R, &gpa), OKAY);
	assert_int_equal(gpa, 0x4FFFFF);
	assert_int_equal(walk(&w, 0xFFFF800000003008ULL, R, &gpa), OKAY);
	assert_int_equal(gpa, 0xA008);
	/* Not present at each level: PML4E, PDPTE, PDE, PTE. */
	assert_int_equal(walk(&w, 0x0000100000000000ULL, R, NULL), 0);
	assert_int_equal(walk(&w, 0x00007F4000000000ULL, W, NULL), 2);
	assert_int_equal(walk(&w, 0x00007F0000200000ULL, U, NULL), 4);
	put_entry(&w, e[0], 0x9000 | PTE_RW, 8);
	assert_int_equal(walk(&w, 0x00007F0000001000ULL, W | U, NULL), 6);
	guest_free(&w.g);
}

void test_paging_5level(void **state)
{
	(void)state;
	struct world w;
	uint64_t e[5], gpa;
	world_init(&w, PT_LONG5);
	pt_map(&w.g, PT_LONG5, w.cr3, 0x0080000000005000ULL, 0xB000, ALL, 0, ALL, e);
	assert_int_equal(walk(&w, 0x0080000000005123ULL, W, &gpa), OKAY);
	assert_int_equal(gpa, 0xB123);
	assert_int_equal(guest_get(&w.g, e[4], 8) & PTE_A, PTE_A);
	assert_int_equal(walk(&w, 0x0000000000005000ULL, R, NULL), 0);
	/* Through insn_emulate: the address is canonical with 57 bits, not with 48. */
	static const uint8_t load[] = { 0x8B, 0x03 };  /* mov eax, [rbx] */
	pt_map(&w.g, PT_LONG5, w.cr3, 0x1000, 0x6000, ALL, 0, ALL, NULL);
	guest_put(&w.g, 0x6000, load, sizeof(load));
	guest_put(&w.g, 0xB010, "\x78\x56\x34\x12", 4);
	w.cpu.rip = 0x1000;
	w.cpu.gpr[3] = 0x0080000000005010ULL;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_OK);
	assert_int_equal(w.cpu.gpr[0], 0x12345678);
	w.cpu.cr4 &= ~0x1000ULL;
	w.cpu.cr0 &= ~0x80000000ULL;  /* paging off: the fetch reads physical 0x1000 */
	guest_put(&w.g, 0x1000, load, sizeof(load));
	w.cpu.rip = 0x1000;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_FAULT);
	assert_int_equal(w.out.vector, 13);
	guest_free(&w.g);
}

struct rights_case {
	uint64_t upper, leaf;  /* flags of the non-leaf entries and of the PTE */
	unsigned access;
	uint64_t cr0, efer;
	uint32_t expect;       /* OKAY or the error code */
};

static const struct rights_case rights[] = {
	{ ALL, ALL, R, WP, 0, OKAY },
	{ ALL, PTE_P | PTE_US, W, 0, 0, OKAY },                 /* WP=0: supervisor writes anywhere */
	{ ALL, PTE_P | PTE_US, W, WP, 0, 0x3 },
	{ ALL, PTE_P, W, WP, 0, 0x3 },
	{ PTE_P | PTE_US, ALL, W, WP, 0, 0x3 },                 /* R/W clear in an upper level */
	{ PTE_P | PTE_US, ALL, W, 0, 0, OKAY },
	{ ALL, PTE_P | PTE_RW, R | U, 0, 0, 0x5 },              /* user reads a supervisor page */
	{ PTE_P | PTE_RW, ALL, R | U, 0, 0, 0x5 },              /* U/S clear in an upper level */
	{ ALL, PTE_P | PTE_US, W | U, 0, 0, 0x7 },              /* WP does not matter for users */
	{ ALL, ALL, W | U, WP, 0, OKAY },
	{ ALL, ALL | PTE_XD, X, 0, NXE, 0x11 },
	{ ALL | PTE_XD, ALL, X | U, 0, NXE, 0x15 },
	{ ALL, ALL | PTE_XD, R, 0, NXE, OKAY },
	{ ALL, PTE_P | PTE_RW, X, 0, NXE, OKAY },
	{ ALL, 0, R, 0, 0, 0x0 },
	{ ALL, 0, W, 0, 0, 0x2 },
	{ ALL, 0, W | U, 0, 0, 0x6 },
	{ ALL, 0, X, 0, NXE, 0x10 },
	{ ALL, 0, X, 0, 0, 0x0 },
};

void test_paging_rights(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rights) / sizeof(rights[0]); i++) {
		const struct rights_case *c = &rights[i];
		struct world w;
		world_init(&w, PT_LONG4);
		w.cpu.cr0 = (w.cpu.cr0 & ~WP) | c->cr0;
		w.cpu.efer |= c->efer;
		pt_map(&w.g, PT_LONG4, w.cr3, 0x12345000, 0x9000, c->leaf, 0, c->upper, NULL);
		uint32_t got = walk(&w, 0x12345678, c->access, NULL);
		if (got != c->expect)
			fail_msg("rights case %zu: got 0x%x, expected 0x%x", i, got, c->expect);
		guest_free(&w.g);
	}
}

struct rsvd_case {
	enum pt_format fmt;
	unsigned level;        /* the leaf level */
	uint64_t extra;        /* bits added to the leaf entry */
	unsigned access;
	uint64_t efer;
	uint32_t expect;
};

static const struct rsvd_case reserved[] = {
	{ PT_LONG4, 0, 1ULL << 36, R, 0, 0x9 },   /* above MAXPHYADDR (36) */
	{ PT_LONG4, 0, 1ULL << 36, W, 0, 0xB },
	{ PT_LONG4, 0, 1ULL << 36, U, 0, 0xD },
	{ PT_LONG4, 0, 1ULL << 51, R, 0, 0x9 },
	{ PT_LONG4, 0, 1ULL << 35, R, 0, OKAY },
	{ PT_LONG4, 0, 1ULL << 58, R, 0, OKAY },  /* 62:52 are ignored in 4-level paging */
	{ PT_LONG4, 0, PTE_XD, R, 0, 0x9 },       /* XD without EFER.NXE */
	{ PT_LONG4, 0, PTE_XD, R, NXE, OKAY },
	{ PT_LONG4, 0, 1ULL << 40, X, NXE, 0x19 },
	{ PT_LONG4, 1, 1ULL << 13, R, 0, 0x9 },   /* 2 MiB page: bits 20:13 */
	{ PT_LONG4, 1, 1ULL << 20, R, 0, 0x9 },
	{ PT_LONG4, 1, 1ULL << 21, R, 0, OKAY },
	{ PT_LONG4, 2, 1ULL << 21, R, 0, 0x9 },   /* 1 GiB page: bits 29:13 */
	{ PT_LONG4, 2, 1ULL << 30, R, 0, OKAY },
	{ PT_LONG4, 3, 0, R, 0, 0x9 },            /* PS in a PML4E */
	{ PT_PAE, 0, 1ULL << 62, R, 0, 0x9 },     /* 62:MAXPHYADDR reserved in PAE paging */
	{ PT_PAE, 1, 1ULL << 14, W, 0, 0xB },
	{ PT_32, 1, 1ULL << 21, R, 0, 0x9 },      /* 4 MiB page: bit 21 */
	{ PT_32, 1, 1ULL << 17, R, 0, 0x9 },      /* PSE-36 bits beyond MAXPHYADDR 36 */
	{ PT_32, 1, 1ULL << 16, R, 0, OKAY },
};

void test_paging_reserved_bits(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		const struct rsvd_case *c = &reserved[i];
		struct world w;
		uint64_t e[5];
		world_init(&w, c->fmt);
		w.cpu.phys_bits = 36;
		w.cpu.efer |= c->efer;
		pt_map(&w.g, c->fmt, w.cr3, 0x40000000, 0x40000000, ALL, c->level == 3 ? 2 : c->level, ALL, e);
		unsigned at = c->level, size = c->fmt == PT_32 ? 4 : 8;
		uint64_t entry = guest_get(&w.g, e[at], size) | c->extra | (c->level == 3 ? PTE_PS : 0);
		put_entry(&w, e[at], entry, size);
		uint32_t got = walk(&w, 0x40000123, c->access, NULL);
		if (got != c->expect)
			fail_msg("reserved case %zu: got 0x%x, expected 0x%x", i, got, c->expect);
		guest_free(&w.g);
	}
}

void test_paging_smep_smap(void **state)
{
	(void)state;
	struct world w;
	world_init(&w, PT_LONG4);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x10000, 0x9000, ALL, 0, ALL, NULL);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x11000, 0xA000, PTE_P | PTE_RW, 0, ALL, NULL);
	w.cpu.cr4 |= SMAP;
	assert_int_equal(walk(&w, 0x10000, R, NULL), 0x1);
	assert_int_equal(walk(&w, 0x10000, W, NULL), 0x3);
	assert_int_equal(walk(&w, 0x10000, R | U, NULL), OKAY);
	assert_int_equal(walk(&w, 0x11000, R, NULL), OKAY);
	w.cpu.rflags |= AC;
	assert_int_equal(walk(&w, 0x10000, W, NULL), OKAY);
	w.cpu.cr4 |= SMEP;
	assert_int_equal(walk(&w, 0x10000, X, NULL), 0x11);
	assert_int_equal(walk(&w, 0x10000, X | U, NULL), OKAY);
	assert_int_equal(walk(&w, 0x11000, X, NULL), OKAY);
	guest_free(&w.g);
	world_init(&w, PT_32);
	pt_map(&w.g, PT_32, w.cr3, 0x10000, 0x9000, ALL, 0, ALL, NULL);
	w.cpu.cr4 |= SMEP;
	assert_int_equal(walk(&w, 0x10000, X, NULL), 0x11);
	guest_free(&w.g);
}

/* Code at 0x400000 (physical 0x6000), a device page at 0x7000000 (DEV_HIGH), a read-only page
 * and a supervisor page. */
static void map_program(struct world *w, enum pt_format fmt, const uint8_t *code, size_t n)
{
	pt_map(&w->g, fmt, w->cr3, 0x400000, 0x6000, ALL, 0, ALL, NULL);
	pt_map(&w->g, fmt, w->cr3, 0x7000000, DEV_HIGH, ALL, 0, ALL, NULL);
	pt_map(&w->g, fmt, w->cr3, 0x7001000, DEV_HIGH + 0x1000, PTE_P | PTE_US, 0, ALL, NULL);
	pt_map(&w->g, fmt, w->cr3, 0x7002000, 0x8000, PTE_P | PTE_RW, 0, ALL, NULL);
	guest_put(&w->g, 0x6000, code, n);
	w->cpu.rip = 0x400000;
}

static void emulate_loads(enum pt_format fmt)
{
	static const uint8_t load[] = { 0x8B, 0x43, 0x30 };   /* mov eax, [rbx+0x30] */
	static const uint8_t store[] = { 0x89, 0x0B };        /* mov [rbx], ecx */
	struct world w;
	world_init(&w, fmt);
	w.cpu.cr0 |= WP;
	map_program(&w, fmt, load, sizeof(load));
	w.cpu.gpr[3] = 0x7000000;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_OK);
	assert_int_equal(w.cpu.rip, 0x400003);
	assert_int_equal(w.g.nlog, 1);
	assert_int_equal(w.g.log[0].gpa, DEV_HIGH + 0x30);
	assert_int_equal(w.g.log[0].size, 4);
	assert_int_equal(w.cpu.gpr[0], w.g.log[0].value);
	/* A store to the read-only page with CR0.WP: #PF(P|W) with CR2; RIP stays. */
	guest_put(&w.g, 0x6000, store, sizeof(store));
	w.cpu.rip = 0x400000;
	w.cpu.gpr[3] = 0x7001008;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_FAULT);
	assert_int_equal(w.out.vector, 14);
	assert_int_equal(w.out.error, 0x3);
	assert_int_equal(w.out.cr2, 0x7001008);
	assert_int_equal(w.cpu.rip, 0x400000);
	/* CPL 3 (SS.DPL) store to a supervisor page: P|W|U. */
	w.cpu.seg[INSN_SEG_SS].ar |= 0x60;
	w.cpu.gpr[3] = 0x7002010;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_FAULT);
	assert_int_equal(w.out.error, 0x7);
	assert_int_equal(w.out.cr2, 0x7002010);
	/* Fetch from a page that is not there. */
	w.cpu.rip = 0x500000;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_FAULT);
	assert_int_equal(w.out.error, 0x4);
	assert_int_equal(w.out.cr2, 0x500000);
	assert_int_equal(w.g.nlog, 1);
	guest_free(&w.g);
}

void test_paging_emulate_through_tables(void **state)
{
	(void)state;
	emulate_loads(PT_32);
	emulate_loads(PT_PAE);
	emulate_loads(PT_LONG4);
	emulate_loads(PT_LONG5);
}

/* mov qword [rax+0x12345678], 0xffffffffdeadbeef: 3 bytes on one page, 8 on the next, which
 * lies elsewhere in physical memory. */
void test_paging_fetch_across_pages(void **state)
{
	(void)state;
	static const uint8_t insn[] = { 0x48, 0xC7, 0x80, 0x78, 0x56, 0x34, 0x12, 0xEF, 0xBE, 0xAD, 0xDE };
	struct world w;
	uint64_t e[5];
	world_init(&w, PT_LONG4);
	w.cpu.efer |= NXE;
	pt_map(&w.g, PT_LONG4, w.cr3, 0x400000, 0x6000, ALL, 0, ALL, NULL);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x401000, 0x9000, ALL, 0, ALL, e);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x7000000, DEV_HIGH, ALL, 0, ALL, NULL);
	guest_put(&w.g, 0x6FFD, insn, 3);
	guest_put(&w.g, 0x9000, insn + 3, sizeof(insn) - 3);
	w.cpu.rip = 0x400FFD;
	w.cpu.gpr[0] = 0x7000100 - 0x12345678;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_OK);
	assert_int_equal(w.cpu.rip, 0x401008);
	assert_int_equal(w.g.nlog, 1);
	assert_int_equal(w.g.log[0].gpa, DEV_HIGH + 0x100);
	assert_int_equal(w.g.log[0].size, 8);
	assert_int_equal(w.g.log[0].value, 0xFFFFFFFFDEADBEEFULL);
	/* The second page gone: #PF on it (I/D set: NXE), nothing written. */
	put_entry(&w, e[0], 0, 8);
	w.cpu.rip = 0x400FFD;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_FAULT);
	assert_int_equal(w.out.error, 0x10);
	assert_int_equal(w.out.cr2, 0x401000);
	assert_int_equal(w.g.nlog, 1);
	/* A 2-byte instruction at the end of the page needs no second page. */
	guest_put(&w.g, 0x6FFE, "\x8B\x00", 2);  /* mov eax, [rax] */
	w.cpu.rip = 0x400FFE;
	w.cpu.gpr[0] = 0x7000100;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_OK);
	assert_int_equal(w.cpu.rip, 0x401000);
	guest_free(&w.g);
}

/* Accesses across a page boundary: each page translated on its own, RAM or device per page,
 * device pieces as naturally aligned accesses; a fault on the second page leaves no trace. */
void test_paging_split_access(void **state)
{
	(void)state;
	struct world w;
	uint64_t e[5];
	world_init(&w, PT_LONG4);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x400000, 0x6000, ALL, 0, ALL, NULL);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x10000, DEV_HIGH + 0x1000, ALL, 0, ALL, NULL);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x11000, 0x9000, ALL, 0, ALL, e);
	pt_map(&w.g, PT_LONG4, w.cr3, 0x12000, DEV_HIGH, ALL, 0, ALL, NULL);
	/* mov [rbx], ecx at 0x10FFE: 2 bytes to the device, 2 to RAM at 0x9000. */
	guest_put(&w.g, 0x6000, "\x89\x0B", 2);
	w.cpu.rip = 0x400000;
	w.cpu.gpr[3] = 0x10FFE;
	w.cpu.gpr[1] = 0x44332211;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_OK);
	assert_int_equal(w.g.nlog, 1);
	assert_int_equal(w.g.log[0].gpa, DEV_HIGH + 0x1FFE);
	assert_int_equal(w.g.log[0].size, 2);
	assert_int_equal(w.g.log[0].value, 0x2211);
	assert_int_equal(guest_get(&w.g, 0x9000, 2), 0x4433);
	/* mov rax, [rbx] at 0x11FFB: 5 bytes of RAM, then device bytes 0-2 as a 2- and a 1-byte read. */
	guest_put(&w.g, 0x6000, "\x48\x8B\x03", 3);
	guest_put(&w.g, 0x9FFB, "\x01\x02\x03\x04\x05", 5);
	w.cpu.rip = 0x400000;
	w.cpu.gpr[3] = 0x11FFB;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_OK);
	assert_int_equal(w.g.nlog, 3);
	assert_int_equal(w.g.log[1].gpa, DEV_HIGH);
	assert_int_equal(w.g.log[1].size, 2);
	assert_int_equal(w.g.log[2].gpa, DEV_HIGH + 2);
	assert_int_equal(w.g.log[2].size, 1);
	uint64_t want = 0x0504030201ULL | (uint64_t)w.g.dev[1][0] << 40 | (uint64_t)w.g.dev[1][1] << 48 |
			(uint64_t)w.g.dev[1][2] << 56;
	assert_int_equal(w.cpu.gpr[0], want);
	/* mov [rbx], rax at 0x10FFD with the RAM page gone: #PF at 0x11000, the device untouched. */
	put_entry(&w, e[0], 0, 8);
	guest_put(&w.g, 0x6000, "\x48\x89\x03", 3);
	w.cpu.rip = 0x400000;
	w.cpu.gpr[3] = 0x10FFD;
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_FAULT);
	assert_int_equal(w.out.error, 0x2);
	assert_int_equal(w.out.cr2, 0x11000);
	assert_int_equal(w.g.nlog, 3);
	/* Device to device across pages, 8 bytes at offset 0xFFD: 1 + 2 bytes, then 4 + 1. */
	pt_map(&w.g, PT_LONG4, w.cr3, 0x11000, DEV_HIGH, ALL, 0, ALL, NULL);
	assert_int_equal(insn_emulate(&w.cpu, &w.ops, &w.out), INSN_OK);
	assert_int_equal(w.g.nlog, 7);
	static const unsigned sizes[4] = { 1, 2, 4, 1 };
	static const uint64_t gpas[4] = { DEV_HIGH + 0x1FFD, DEV_HIGH + 0x1FFE, DEV_HIGH, DEV_HIGH + 4 };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(w.g.log[3 + i].size, sizes[i]);
		assert_int_equal(w.g.log[3 + i].gpa, gpas[i]);
		assert_true(w.g.log[3 + i].write);
	}
	guest_free(&w.g);
}
