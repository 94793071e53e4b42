/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor's own page tables: an identity map with per-section permissions. */
#ifndef HV_PAGING_H
#define HV_PAGING_H

#include "hv/lib/types.h"

#define PTE_P (1ULL << 0)
#define PTE_W (1ULL << 1)
#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)
#define PTE_PS (1ULL << 7)
#define PTE_G (1ULL << 8)
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ULL

/* Where page-table pages come from: the frame allocator in the hypervisor,
 * a test pool on the host. Returns a zeroed page's physical address or 0. */
typedef uint64_t (*pt_alloc_fn)(void);
/* Physical to pointer: identity in the hypervisor. */
typedef void *(*pt_map_fn)(uint64_t phys);

struct pt_ctx {
	uint64_t root;       /* physical address of the PML4 */
	pt_alloc_fn alloc;
	pt_map_fn map;
};

/* Maps [base, end) with 2 MiB pages where possible and flags (P added). */
bool pt_map_range(struct pt_ctx *c, uint64_t base, uint64_t end, uint64_t flags);
/* Sets the flags of one 4 KiB page, splitting a 2 MiB page if needed; flags 0 unmaps. */
bool pt_set_page(struct pt_ctx *c, uint64_t addr, uint64_t flags);
/* Returns the leaf entry mapping addr, or 0. */
uint64_t pt_lookup(const struct pt_ctx *c, uint64_t addr);

/* The hypervisor's tables (built by paging_init, used on every core). */
struct boot_info;
void paging_init(const struct boot_info *bi);
uint64_t paging_root(void);
void paging_load(void);
bool paging_is_mapped(uint64_t addr);
/* Unmaps one page (stack guard pages). */
void paging_unmap_page(uint64_t addr);
void paging_set_exec(uint64_t addr);

#endif
