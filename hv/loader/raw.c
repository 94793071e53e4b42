/* SPDX-License-Identifier: BSD-2-Clause */
/* Raw 64-bit images: a flat binary loaded at 1 MiB and entered there in long mode, with
 * identity page tables (2 MiB pages) over the partition's memory. */
#include "hv/loader/common.h"
#include "hv/partition/partition.h"
#include "boot/boot_info.h"

#define RAW_LOAD_GPA 0x100000u

/* Raw images are entered in long mode with the whole of memory identity-mapped. */
static bool build_page_tables(struct loader *l, uint64_t *cr3)
{
	if (ALIGN_UP(l->p->memory, GiB(1)) / GiB(1) > 4)
		return loader_fail(l, "raw images get identity page tables for 4 GiB at most");
	return loader_identity_map(l, cr3);
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
