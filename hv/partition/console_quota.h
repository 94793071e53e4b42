/* SPDX-License-Identifier: BSD-2-Clause */
/* How much a partition may make the hypervisor print: a token bucket per partition. */
#ifndef HV_PARTITION_CONSOLE_QUOTA_H
#define HV_PARTITION_CONSOLE_QUOTA_H

#include "hv/lib/spinlock.h"
#include "hv/lib/types.h"

/* A burst of QUOTA_BURST bytes, then QUOTA_PER_SECOND bytes a second (a sixth of a 115200-baud
 * console, which a busy partition could otherwise keep its hypervisor core writing to); what
 * does not fit is not printed, and counted. */
#define QUOTA_BURST 8192
#define QUOTA_PER_SECOND 2048

struct console_quota {
	struct spinlock lock;
	uint64_t refilled_at; /* TSC of the last refill */
	uint32_t tokens;      /* bytes */
	uint64_t dropped;     /* messages not printed */
};

void console_quota_reset(struct console_quota *q);
/* True when a message of bytes may be printed now; false (and counted) when over the quota. */
bool console_quota_take(struct console_quota *q, uint32_t bytes);

#endif
