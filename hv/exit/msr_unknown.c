/* SPDX-License-Identifier: BSD-2-Clause */
/* Accesses to MSRs splitvisor does not implement (each gets #GP), counted per partition by MSR. */
#include "hv/exit/msr_unknown.h"
#include "hv/textbuf.h"

#define SLOTS ARRAY_SIZE(((struct msr_unknown *)0)->msr)

void msr_unknown_count(struct msr_unknown *t, uint32_t msr, bool write)
{
	spin_lock(&t->lock);
	uint32_t i = 0;
	while (i < t->used && t->msr[i] != msr)
		i++;
	if (i == t->used && i < SLOTS)
		t->msr[t->used++] = msr;
	if (i < t->used)
		(write ? t->writes : t->reads)[i]++;
	else
		t->others++;
	spin_unlock(&t->lock);
}

void msr_unknown_print(const struct partition *p)
{
	const struct msr_unknown *t = &p->msr_unknown;
	for (uint32_t i = 0; i < t->used; i++)
		textbuf_printf("  MSR 0x%x is not implemented (#GP): %llu reads, %llu writes\n", t->msr[i],
			       (unsigned long long)t->reads[i], (unsigned long long)t->writes[i]);
	if (t->others)
		textbuf_printf("  other MSRs not implemented (#GP): %llu accesses\n", (unsigned long long)t->others);
}
