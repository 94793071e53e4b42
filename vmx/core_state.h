/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest state that lives in the core, not the VMCS: saved and loaded when a shared core switches vCPUs. */
#ifndef VMX_CORE_STATE_H
#define VMX_CORE_STATE_H

#include "hv/lib/types.h"

struct core_state;

/* A state with the values a vCPU powers up with (x87 only in XCR0, FPU in its init state);
 * NULL when memory runs out. */
struct core_state *core_state_alloc(void);
void core_state_reset(struct core_state *s);
/* The calling core's guest state into s (after the guest's last exit). */
void core_state_save(struct core_state *s);
/* s into the calling core (before the next entry of its vCPU). */
void core_state_load(const struct core_state *s);

#endif
