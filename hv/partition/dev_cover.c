/* SPDX-License-Identifier: BSD-2-Clause */
/* Which emulated device registers a partition's guests reached, read and written (fuzz builds). */
#include "hv/partition/dev_cover.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/textbuf.h"

#ifdef HV_FUZZ_CHECKS
void dev_cover_hit(struct partition *p, enum cover_space s, uint32_t slot, bool write)
{
	if (slot < COVER_SLOTS)
		__atomic_fetch_add(write ? &p->cover.writes[s][slot] : &p->cover.reads[s][slot], 1, __ATOMIC_RELAXED);
}
#endif

void dev_cover_print(const struct partition *p, const struct cover_regs *r)
{
	char name[24];
	for (uint32_t slot = 0; slot < COVER_SLOTS; slot++)
		if (r->reg(slot, name, sizeof(name)))
			textbuf_printf("cover {\"partition\":\"%s\",\"device\":\"%s\",\"reg\":\"%s\",\"reads\":%llu,"
				       "\"writes\":%llu}\n", p->cfg->name, r->device(slot), name,
				       (unsigned long long)p->cover.reads[r->space][slot],
				       (unsigned long long)p->cover.writes[r->space][slot]);
}
