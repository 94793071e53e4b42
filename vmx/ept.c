/* SPDX-License-Identifier: BSD-2-Clause */
/* EPT: per-partition guest-physical to host-physical tables, 2 MiB pages, write-back. */
#include "vmx/ept.h"
#include "hv/mm/frame.h"
#include "hv/lib/spinlock.h"
#include "hv/lib/string.h"

#define EPT_RWX 7ULL
#define EPT_WB (6ULL << 3)
#define EPT_LARGE (1ULL << 7)
#define EPT_ADDR 0x000FFFFFFFFFF000ULL

static uint64_t *table_at(uint64_t pa) { return (uint64_t *)(uintptr_t)pa; }

static uint64_t new_table(void)
{
	uint64_t pa = frame_alloc(1, PAGE_SIZE, 0);
	if (pa)
		memset(table_at(pa), 0, PAGE_SIZE);
	return pa;
}

/* The entry for gpa at level (3 PML4 .. 1 PD), creating tables above it. */
static uint64_t *ept_slot(uint64_t root, uint64_t gpa, int level)
{
	uint64_t *t = table_at(root);
	for (int l = 3; l > level; l--) {
		uint64_t *e = &t[(gpa >> (12 + 9 * l)) & 511];
		if (!*e) {
			uint64_t pa = new_table();
			if (!pa)
				return 0;
			*e = pa | EPT_RWX;
		}
		t = table_at(*e & EPT_ADDR);
	}
	return &t[(gpa >> (12 + 9 * level)) & 511];
}

uint64_t ept_build(const struct host_range *range, uint32_t nranges)
{
	uint64_t root = new_table();
	if (!root)
		return 0;
	uint64_t gpa = 0;
	for (uint32_t i = 0; i < nranges; i++) {
		for (uint64_t off = 0; off < range[i].len; off += MiB(2), gpa += MiB(2)) {
			uint64_t *e = ept_slot(root, gpa, 1);
			if (!e) {
				ept_free(root | 0x1E);
				return 0;
			}
			*e = (range[i].base + off) | EPT_RWX | EPT_WB | EPT_LARGE;
		}
	}
	return root | (3ULL << 3) | 6ULL; /* 4-level walk, write-back paging structures */
}

static void free_level(uint64_t pa, int level)
{
	uint64_t *t = table_at(pa);
	for (int i = 0; level > 1 && i < 512; i++)
		if (t[i] && !(t[i] & EPT_LARGE))
			free_level(t[i] & EPT_ADDR, level - 1);
	frame_free(pa, 1);
}

void ept_free(uint64_t eptp)
{
	if (eptp)
		free_level(eptp & EPT_ADDR, 4);
}

/* Replaces a 2 MiB leaf by a table of 512 4 KiB leaves mapping the same memory. */
static bool split_large(uint64_t *pde)
{
	uint64_t pt = new_table();
	if (!pt)
		return false;
	uint64_t base = *pde & EPT_ADDR & ~(MiB(2) - 1);
	uint64_t *t = table_at(pt);
	for (int i = 0; i < 512; i++)
		t[i] = (base + (uint64_t)i * PAGE_SIZE) | EPT_RWX | EPT_WB;
	__atomic_store_n(pde, pt | EPT_RWX, __ATOMIC_RELEASE);
	return true;
}

bool ept_set_page(uint64_t eptp, uint64_t gpa, uint64_t hpa)
{
	static struct spinlock lock;
	spin_lock(&lock);
	uint64_t *pde = ept_slot(eptp & EPT_ADDR, gpa, 1);
	bool ok = pde && *pde && ((*pde & EPT_LARGE) == 0 || split_large(pde));
	if (ok) {
		uint64_t *pte = &table_at(*pde & EPT_ADDR)[(gpa >> 12) & 511];
		__atomic_store_n(pte, hpa ? (hpa | EPT_RWX | EPT_WB) : 0, __ATOMIC_RELEASE);
	}
	spin_unlock(&lock);
	return ok;
}
