/* SPDX-License-Identifier: BSD-2-Clause */
/* Raw 64-bit images: a flat binary loaded at 1 MiB and entered there in long mode, with
 * identity page tables (2 MiB pages) over the partition's memory. */
#include "hv/loader/common.h"
#include "hv/partition/partition.h"
#include "boot/boot_info.h"

#define RAW_LOAD_GPA 0x100000u

/* PML4 at PAGETABLE_GPA, one PDPT after it, then one PD per GiB. */
static bool build_page_tables(struct loader *l, uint64_t *cr3)
{
	uint64_t gib = ALIGN_UP(l->p->memory, GiB(1)) / GiB(1);
	if (gib > 4)
		return loader_fail(l, "raw images get identity page tables for 4 GiB at most");
	/* guest memory was zeroed: only the present entries are written */
	uint64_t e = (PAGETABLE_GPA + 0x1000) | 3;
	partition_write(l->p, PAGETABLE_GPA, &e, sizeof(e));
	for (uint64_t g = 0; g < gib; g++) {
		e = (PAGETABLE_GPA + 0x2000 + g * 0x1000) | 3;
		partition_write(l->p, PAGETABLE_GPA + 0x1000 + g * 8, &e, sizeof(e));
		for (uint64_t i = 0; i < 512; i++) {
			e = (g * GiB(1) + i * MiB(2)) | 0x83; /* present, writable, 2 MiB */
			partition_write(l->p, PAGETABLE_GPA + 0x2000 + g * 0x1000 + i * 8, &e, sizeof(e));
		}
	}
	*cr3 = PAGETABLE_GPA;
	return true;
}

bool loader_raw64(struct loader *l, struct load_result *out)
{
	if (RAW_LOAD_GPA + l->kernel->len > l->p->memory)
		return loader_fail(l, "the %llu KiB image does not fit above 1 MiB in the partition's "
				   "memory; give it more memory", (unsigned long long)(l->kernel->len >> 10));
	partition_write(l->p, RAW_LOAD_GPA, (const void *)(uintptr_t)l->kernel->base, l->kernel->len);
	if (!build_page_tables(l, &out->cr3))
		return false;
	out->entry = RAW_LOAD_GPA;
	out->mode = LOAD_MODE_LONG64;
	return true;
}
