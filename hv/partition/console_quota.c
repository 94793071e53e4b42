/* SPDX-License-Identifier: BSD-2-Clause */
/* How much a partition may make the hypervisor print: a token bucket per partition. */
#include "hv/partition/console_quota.h"
#include "hv/cpu.h"
#include "hv/time.h"

void console_quota_reset(struct console_quota *q)
{
	q->refilled_at = rdtsc();
	q->tokens = QUOTA_BURST;
	q->dropped = 0;
}

static void refill(struct console_quota *q)
{
	uint64_t per_token = time_tsc_hz() / QUOTA_PER_SECOND, now = rdtsc();
	if (!per_token || now < q->refilled_at + per_token)
		return;
	uint64_t earned = (now - q->refilled_at) / per_token;
	q->tokens = earned >= QUOTA_BURST - q->tokens ? QUOTA_BURST : q->tokens + (uint32_t)earned;
	q->refilled_at += earned * per_token;
}

bool console_quota_take(struct console_quota *q, uint32_t bytes)
{
	spin_lock(&q->lock);
	refill(q);
	bool ok = q->tokens >= bytes;
	if (ok)
		q->tokens -= bytes;
	else
		q->dropped++;
	spin_unlock(&q->lock);
	return ok;
}
