/* SPDX-License-Identifier: BSD-2-Clause */
/* The scheduler's statistics of a shared partition: time on the core, steal, halt-polling, flushes. */
#include "hv/exit/stats_sched.h"
#include "hv/lib/fmt.h"
#include "hv/lib/string.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/vcpu.h"
#include "hv/textbuf.h"
#include "hv/time.h"

static unsigned long long ns(uint64_t ticks) { return (unsigned long long)time_ticks_to_ns(ticks); }

/* The window after each of its last changes, oldest first: "0,10000,20000". */
static void window_trace(const struct halt_stats *h, char *buf, size_t size)
{
	uint64_t n = h->grow + h->shrink, first = n > HALT_TRACE ? n - HALT_TRACE : 0;
	size_t len = 0;
	buf[0] = 0;
	for (uint64_t i = first; i < n && len + 12 < size; i++)
		len += (size_t)fmt_snprintf(buf + len, size - len, "%s%u", i > first ? "," : "",
					   h->window_trace[i % HALT_TRACE]);
}

static void print_vcpu(const struct partition *p, const struct vcpu *v, uint32_t label)
{
	const struct vcpu_sched *s = &v->sched;
	const struct halt_stats *h = &s->halt;
	char trace[HALT_TRACE * 12];
	window_trace(h, trace, sizeof(trace));
	textbuf_printf("sched {\"partition\":\"%s\",\"label\":%u,\"vcpu\":%u,\"cpu\":%u,\"run_ns\":%llu,"
		       "\"steal_ns\":%llu,\"slices\":%llu,\"preempted\":%llu,\"yields\":%llu,\"switches\":%llu,\"switch_ticks\":%llu,"
		       "\"halt_attempted_poll\":%llu,\"halt_successful_poll\":%llu,\"halt_poll_invalid\":%llu,"
		       "\"halt_wakeup\":%llu,\"halt_poll_success_ns\":%llu,\"halt_poll_fail_ns\":%llu,"
		       "\"halt_wait_ns\":%llu,\"halt_poll_ns\":%llu,\"window_grow\":%llu,\"window_shrink\":%llu,"
		       "\"window_max\":%llu,\"window_trace\":[%s],\"flush_range\":%llu,\"flush_all\":%llu}\n",
		       p->cfg->name, label, v->index, v->cpu, ns(s->run_ticks), ns(s->steal_ticks),
		       (unsigned long long)s->slices, (unsigned long long)s->preempted,
		       (unsigned long long)s->yields, (unsigned long long)s->switches,
		       (unsigned long long)s->switch_ticks,
		       (unsigned long long)h->attempted_poll, (unsigned long long)h->successful_poll,
		       (unsigned long long)h->poll_invalid, (unsigned long long)h->wakeup,
		       (unsigned long long)h->poll_success_ns, (unsigned long long)h->poll_fail_ns,
		       (unsigned long long)h->wait_ns, (unsigned long long)s->window_ns,
		       (unsigned long long)h->grow, (unsigned long long)h->shrink,
		       (unsigned long long)h->window_max_seen, trace, (unsigned long long)s->flushes_range,
		       (unsigned long long)s->flushes_all);
}

void sched_stats_print(const struct partition *p, uint32_t label)
{
	if (p->cfg->mode != MANIFEST_MODE_SHARED)
		return;
	for (uint32_t i = 0; i < p->nvcpus; i++)
		print_vcpu(p, p->vcpu[i], label);
}

void sched_stats_reset(struct partition *p)
{
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		struct vcpu_sched *s = &p->vcpu[i]->sched;
		memset(&s->halt, 0, sizeof(s->halt));
		s->run_ticks = s->steal_ticks = s->slices = s->preempted = s->yields = s->switches = 0;
		s->switch_ticks = 0;
		s->flushes_range = s->flushes_all = 0;
	}
}
