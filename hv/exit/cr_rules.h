/* SPDX-License-Identifier: BSD-2-Clause */
/* The architectural rules of MOV to CR0 and CR4 (SDM vol. 2, MOV control registers): a value
 * that breaks one raises #GP in the guest rather than reaching the VMCS. */
#ifndef HV_EXIT_CR_RULES_H
#define HV_EXIT_CR_RULES_H

#include "hv/lib/types.h"

#define CR0_PE (1ULL << 0)
#define CR0_WP (1ULL << 16)
#define CR0_NW (1ULL << 29)
#define CR0_CD (1ULL << 30)
#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define CR4_LA57 (1ULL << 12)
#define CR4_PCIDE (1ULL << 17)
#define CR4_CET (1ULL << 23)
#define EFER_LME (1ULL << 8)
#define EFER_LMA (1ULL << 10)

/* The guest state a control-register write is judged against. */
struct cr_state {
	uint64_t cr0, cr3, cr4, efer; /* as the guest sees them (CR0/CR4: the read shadows) */
	uint64_t cr4_allowed;         /* CR4 bits the guest may set */
};

/* True when MOV to CR0 with v is legal: no bit of 63:32, not PG without PE, not NW without
 * CD, not PG with EFER.LME and without CR4.PAE, not clearing PG in IA-32e mode (leaving it is
 * not emulated), not clearing WP with CR4.CET. */
bool cr0_write_ok(const struct cr_state *s, uint64_t v);
/* True when MOV to CR4 with v is legal: only allowed bits, PAE kept in IA-32e mode, LA57
 * unchanged there, PCIDE set only in IA-32e mode with CR3[11:0] = 0, CET only with CR0.WP. */
bool cr4_write_ok(const struct cr_state *s, uint64_t v);

#endif
