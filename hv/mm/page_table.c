/* SPDX-License-Identifier: BSD-2-Clause */
/* Page-table builder for 4-level x86-64 tables (pure; unit tested on the host). */
#include "hv/mm/paging.h"

#define IDX(addr, level) (((addr) >> (12 + 9 * (level))) & 511)

static uint64_t *table(const struct pt_ctx *c, uint64_t entry)
{
	return c->map(entry & PTE_ADDR);
}

/* Returns the entry at `level` (3=PML4 .. 0=PT) for addr, creating tables above it. */
static uint64_t *walk(struct pt_ctx *c, uint64_t addr, int level, bool create)
{
	uint64_t *t = c->map(c->root);
	for (int l = 3; l > level; l--) {
		uint64_t *e = &t[IDX(addr, l)];
		if (!(*e & PTE_P)) {
			if (!create)
				return 0;
			uint64_t page = c->alloc();
			if (!page)
				return 0;
			*e = page | PTE_P | PTE_W;
		} else if (*e & PTE_PS) {
			return l == level + 1 && !create ? e : 0;
		}
		t = table(c, *e);
	}
	return &t[IDX(addr, level)];
}

bool pt_map_range(struct pt_ctx *c, uint64_t base, uint64_t end, uint64_t flags)
{
	for (uint64_t a = ALIGN_DOWN(base, PAGE_SIZE); a < end;) {
		if ((a & (MiB(2) - 1)) == 0 && end - a >= MiB(2)) {
			uint64_t *e = walk(c, a, 1, true);
			if (!e)
				return false;
			*e = a | flags | PTE_P | PTE_PS;
			a += MiB(2);
		} else {
			if (!pt_set_page(c, a, flags | PTE_P))
				return false;
			a += PAGE_SIZE;
		}
	}
	return true;
}

/* Replaces a 2 MiB leaf by a table of 512 4 KiB leaves with the same flags. */
static bool split_large(struct pt_ctx *c, uint64_t *pde)
{
	uint64_t page = c->alloc();
	if (!page)
		return false;
	uint64_t *pt = c->map(page);
	uint64_t base = *pde & PTE_ADDR & ~(MiB(2) - 1);
	uint64_t flags = *pde & ~PTE_ADDR & ~PTE_PS;
	for (int i = 0; i < 512; i++)
		pt[i] = (base + (uint64_t)i * PAGE_SIZE) | flags;
	*pde = page | PTE_P | PTE_W;
	return true;
}

bool pt_set_page(struct pt_ctx *c, uint64_t addr, uint64_t flags)
{
	uint64_t *pde = walk(c, addr, 1, true);
	if (!pde)
		return false;
	if ((*pde & PTE_P) && (*pde & PTE_PS) && !split_large(c, pde))
		return false;
	if (!(*pde & PTE_P)) {
		uint64_t page = c->alloc();
		if (!page)
			return false;
		*pde = page | PTE_P | PTE_W;
	}
	uint64_t *pte = &table(c, *pde)[IDX(addr, 0)];
	*pte = flags ? (ALIGN_DOWN(addr, PAGE_SIZE) | flags | PTE_P) : 0;
	return true;
}

uint64_t pt_lookup(const struct pt_ctx *c, uint64_t addr)
{
	uint64_t *t = c->map(c->root);
	for (int l = 3; l >= 0; l--) {
		uint64_t e = t[IDX(addr, l)];
		if (!(e & PTE_P))
			return 0;
		if (l == 0 || (e & PTE_PS))
			return e;
		t = table(c, e);
	}
	return 0;
}
