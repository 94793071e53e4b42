/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor's own page tables: an identity map with per-section permissions. */
#include "hv/mm/paging.h"
#include "boot/boot_info.h"
#include "hv/cpu.h"
#include "hv/mm/frame.h"
#include "hv/panic.h"
#include "hv/lib/string.h"

extern char __hv_text_start[], __hv_text_end[];
extern char __hv_rodata_start[], __hv_rodata_end[];
extern char __hv_data_start[], __hv_data_end[];

static struct pt_ctx hv_pt;

static uint64_t alloc_table_page(void)
{
	/* below 4 GiB: APs load CR3 while still in 32-bit mode */
	uint64_t p = frame_alloc(1, PAGE_SIZE, GiB(4));
	if (p)
		memset((void *)(uintptr_t)p, 0, PAGE_SIZE);
	return p;
}

static void *identity(uint64_t phys) { return (void *)(uintptr_t)phys; }

static bool range_has_memory(const struct boot_info *bi, uint64_t base, uint64_t end)
{
	for (uint32_t i = 0; i < bi->nmem; i++) {
		const struct bi_mem_region *r = &bi->mem[i];
		if (r->base < end && base < r->base + r->len && r->type != BI_MEM_RESERVED)
			return true;
	}
	return false;
}

static uint64_t top_of_memory(const struct boot_info *bi)
{
	uint64_t top = GiB(4); /* covers the local APIC, IOAPIC, HPET */
	for (uint32_t i = 0; i < bi->nmem; i++)
		if (bi->mem[i].base + bi->mem[i].len > top)
			top = bi->mem[i].base + bi->mem[i].len;
	return ALIGN_UP(top, MiB(2));
}

static void map_section(char *start, char *end, uint64_t flags)
{
	for (uint64_t a = (uint64_t)(uintptr_t)start; a < (uint64_t)(uintptr_t)end; a += PAGE_SIZE)
		if (!pt_set_page(&hv_pt, a, flags | PTE_P))
			panic("paging: out of memory mapping the hypervisor image at %llx", (unsigned long long)a);
}

void paging_init(const struct boot_info *bi)
{
	hv_pt.alloc = alloc_table_page;
	hv_pt.map = identity;
	hv_pt.root = alloc_table_page();
	if (!hv_pt.root)
		panic("paging: no memory below 4 GiB for page tables");
	uint64_t top = top_of_memory(bi);
	for (uint64_t a = 0; a < top; a += MiB(2)) {
		uint64_t flags = PTE_W | PTE_NX;
		if (!range_has_memory(bi, a, a + MiB(2)))
			flags |= PTE_PCD | PTE_PWT; /* device memory: uncached */
		if (!pt_map_range(&hv_pt, a, a + MiB(2), flags))
			panic("paging: out of memory for the identity map at %llx", (unsigned long long)a);
	}
	map_section(__hv_text_start, __hv_text_end, 0);            /* read-only, executable */
	map_section(__hv_rodata_start, __hv_rodata_end, PTE_NX);   /* read-only */
	map_section(__hv_data_start, __hv_data_end, PTE_W | PTE_NX);
	pt_set_page(&hv_pt, 0, 0); /* NULL stays unmapped */
	if (bi->trampoline)
		pt_set_page(&hv_pt, bi->trampoline, PTE_P | PTE_W); /* the AP trampoline runs here */
}

uint64_t paging_root(void) { return hv_pt.root; }

void paging_load(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0(read_cr0() | (1ULL << 16)); /* WP: read-only holds in ring 0 too */
	write_cr3(hv_pt.root);
}

bool paging_is_mapped(uint64_t addr)
{
	return hv_pt.root && pt_lookup(&hv_pt, addr) != 0;
}

static void flush_page(uint64_t addr)
{
	__asm__ volatile("invlpg (%0)" ::"r"(addr) : "memory");
}

void paging_unmap_page(uint64_t addr)
{
	if (!pt_set_page(&hv_pt, addr, 0))
		panic("paging: out of memory unmapping %llx", (unsigned long long)addr);
	flush_page(addr);
}

void paging_set_exec(uint64_t addr)
{
	pt_set_page(&hv_pt, addr, PTE_P | PTE_W);
	flush_page(addr);
}
