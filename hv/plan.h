/* SPDX-License-Identifier: BSD-2-Clause */
/* The core plan: which CPU is a hypervisor core, which a guest core, who serves whom. */
#ifndef HV_PLAN_H
#define HV_PLAN_H

#include "hv/types.h"

/* The default without a manifest: the boot CPU is the hypervisor core,
 * every other CPU a guest core served by it. */
void plan_apply_default(uint32_t bsp_index);
/* Gives every guest core a mailbox. */
void plan_attach_mailboxes(void);
/* Prints the role table (CPU, APIC ID, role, partition, served by). */
void plan_print(void);

#endif
