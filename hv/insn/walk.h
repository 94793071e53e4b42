/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest linear to guest physical through the guest's own page tables (32-bit, PAE, 4/5-level). */
#ifndef HV_INSN_WALK_H
#define HV_INSN_WALK_H

#include "hv/insn/insn.h"

/* Kinds of access (or-ed). */
#define INSN_ACCESS_WRITE 1u
#define INSN_ACCESS_USER  2u  /* CPL 3 */
#define INSN_ACCESS_FETCH 4u

#define INSN_CR0_PE (1ULL << 0)
#define INSN_CR0_WP (1ULL << 16)
#define INSN_CR0_PG (1ULL << 31)
#define INSN_CR4_PSE (1ULL << 4)
#define INSN_CR4_PAE (1ULL << 5)
#define INSN_CR4_LA57 (1ULL << 12)
#define INSN_CR4_SMEP (1ULL << 20)
#define INSN_CR4_SMAP (1ULL << 21)
#define INSN_EFER_LMA (1ULL << 10)
#define INSN_EFER_NXE (1ULL << 11)

/* Translates la for access (INSN_ACCESS_*) as the paging mode in cpu (CR0.PG, CR4.PAE,
 * EFER.LMA, CR4.LA57) says, with the access rights of SDM vol. 3 section 4.6 (R/W with CR0.WP,
 * U/S, XD with EFER.NXE, SMEP, SMAP with RFLAGS.AC; protection keys are not modelled). Sets the
 * accessed flags, and the dirty flag for writes, once the access is allowed. A fault is
 * INSN_FAULT (#PF, error code, cr2 = la); a paging structure outside RAM is INSN_BUS_ERROR.
 * PAE PDPTEs are read from memory at CR3. la must already be truncated to 32 bits outside
 * IA-32e paging. */
enum insn_result insn_walk(const struct insn_cpu *cpu, const struct insn_ops *ops, uint64_t la,
			   unsigned access, uint64_t *gpa, struct insn_outcome *out);

/* The guest's physical address width (MAXPHYADDR). */
static inline unsigned insn_phys_bits(const struct insn_cpu *cpu)
{
	return cpu->phys_bits ? cpu->phys_bits : 52;
}

#endif
