/* SPDX-License-Identifier: BSD-2-Clause */
/* What each core runs once it has a role: the service loop or the guest-core loop. */
#ifndef SCHED_ROLE_H
#define SCHED_ROLE_H

#include "hv/lib/types.h"

/* APs: wait for the boot CPU to publish the roles, then run their role for ever. */
NORETURN void role_enter(void);
/* Boot CPU: roles are assigned in percpu; let the APs go. */
void role_publish(void);
/* Hypervisor cores: poll every mailbox this core serves once. */
void hv_service_once(void);
NORETURN void hv_service_loop(void);
/* Asks a guest core (idle in its loop) to run fn once. */
void guest_core_run(uint32_t cpu, void (*fn)(void));

#endif
