/* SPDX-License-Identifier: BSD-2-Clause */
/* A shared guest core (mode = "shared"): its vCPUs time-sliced, halt-polling, VMCS switches. */
#ifndef SCHED_SHARED_CORE_H
#define SCHED_SHARED_CORE_H

#include "hv/partition/vcpu.h"

/* What the partition runner does for the scheduler, on the vCPU's own core (installed once,
 * before any guest runs, so that the scheduler does not call up into the runner). */
struct sched_ops {
	bool (*begin)(struct vcpu *v, char *why, size_t size);       /* VMCS set up, initial state */
	void (*init_received)(struct vcpu *v);                       /* INIT: reset, wait for a SIPI */
	bool (*sipi_restart)(struct vcpu *v, char *why, size_t size); /* the SIPI came: a fresh VMCS */
	void (*end)(struct vcpu *v);                                 /* the partition stopped */
};
void sched_set_ops(const struct sched_ops *ops);

/* The runner: v (on a shared core) is to start; its core's scheduler begins it. */
void sched_start(struct vcpu *v);
/* A shared core, for ever: picks, runs, polls, idles. */
NORETURN void shared_core_loop(void);

#endif
