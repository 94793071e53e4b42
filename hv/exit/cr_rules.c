/* SPDX-License-Identifier: BSD-2-Clause */
/* The architectural rules of MOV to CR0 and CR4 (see cr_rules.h). */
#include "hv/exit/cr_rules.h"

bool cr0_write_ok(const struct cr_state *s, uint64_t v)
{
	if (v >> 32)
		return false;
	if ((v & CR0_PG) && !(v & CR0_PE))
		return false;
	if ((v & CR0_NW) && !(v & CR0_CD))
		return false;
	if ((v & CR0_PG) && (s->efer & EFER_LME) && !(s->cr4 & CR4_PAE))
		return false;
	if (!(v & CR0_PG) && (s->efer & EFER_LMA))
		return false;
	return !(!(v & CR0_WP) && (s->cr4 & CR4_CET));
}

bool cr4_write_ok(const struct cr_state *s, uint64_t v)
{
	bool ia32e = s->efer & EFER_LMA;
	if (v & ~s->cr4_allowed)
		return false;
	if (ia32e && (!(v & CR4_PAE) || ((v ^ s->cr4) & CR4_LA57)))
		return false;
	if ((v & CR4_PCIDE) && !(s->cr4 & CR4_PCIDE) && (!ia32e || (s->cr3 & 0xFFF)))
		return false;
	return !((v & CR4_CET) && !(s->cr0 & CR0_WP));
}
