/* SPDX-License-Identifier: BSD-2-Clause */
/* Adaptive halt-polling per vCPU, as KVM does it (Documentation/virt/kvm/halt-polling.rst). */
#include "sched/halt_poll.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/time.h"

static uint64_t max_ns(const struct vcpu *v) { return v->part->cfg->halt_poll_ns; }

static bool poll_allowed(const struct vcpu *v) { return max_ns(v) && (v->kvm.poll_control & 1); }

void halt_begin(struct vcpu *v, uint64_t now)
{
	struct vcpu_sched *s = &v->sched;
	s->halt_start = now;
	s->polling = poll_allowed(v) && s->window_ns;
	s->blocked = !s->polling;
	s->poll_window = s->polling ? s->window_ns : 0;
	if (s->polling)
		s->halt.attempted_poll++;
}

void halt_poll_stop(struct vcpu *v, uint64_t now)
{
	struct vcpu_sched *s = &v->sched;
	uint64_t polled = time_ticks_to_ns(now - s->halt_start);
	if (polled < s->poll_window)
		s->poll_window = polled;
	s->polling = false;
	s->blocked = true;
}

uint64_t halt_poll_end(const struct vcpu *v) { return v->sched.halt_start + time_ns_to_ticks(v->sched.poll_window); }

static void trace(struct vcpu_sched *s)
{
	uint64_t n = s->halt.grow + s->halt.shrink;
	s->halt.window_trace[(n - 1) % HALT_TRACE] = (uint32_t)s->window_ns;
}

static void grow(struct vcpu_sched *s, uint64_t max)
{
	uint64_t w = s->window_ns * HALT_POLL_GROW;
	if (w < HALT_POLL_GROW_START_NS)
		w = HALT_POLL_GROW_START_NS;
	s->window_ns = w > max ? max : w;
	s->halt.grow++;
	if (s->window_ns > s->halt.window_max_seen)
		s->halt.window_max_seen = s->window_ns;
	trace(s);
}

static void shrink(struct vcpu_sched *s)
{
	uint64_t w = s->window_ns / HALT_POLL_SHRINK;
	s->window_ns = w < HALT_POLL_GROW_START_NS ? 0 : w;
	s->halt.shrink++;
	trace(s);
}

/* KVM's kvm_vcpu_halt(): a halt the window caught leaves it; a long one (past the cap)
 * shrinks it; a short one it missed grows it; an invalid wake-up shrinks it. */
static void update_window(struct vcpu *v, uint64_t halt_ns, bool valid)
{
	struct vcpu_sched *s = &v->sched;
	uint64_t max = max_ns(v);
	if (!poll_allowed(v))
		return;
	if (!valid)
		shrink(s);
	else if (halt_ns <= s->window_ns)
		; /* caught: keep it */
	else if (s->window_ns && halt_ns > max)
		shrink(s);
	else if (s->window_ns < max && halt_ns < max)
		grow(s, max);
}

void halt_end(struct vcpu *v, uint64_t now, bool valid)
{
	struct vcpu_sched *s = &v->sched;
	struct halt_stats *h = &s->halt;
	uint64_t halt_ns = time_ticks_to_ns(now - s->halt_start);
	if (s->polling && halt_ns <= s->poll_window) {
		h->successful_poll++;
		h->poll_success_ns += halt_ns;
		if (!valid)
			h->poll_invalid++;
	} else {
		h->poll_fail_ns += s->poll_window;
		h->wakeup++;
		h->wait_ns += halt_ns - s->poll_window;
	}
	update_window(v, halt_ns, valid);
	s->halted = s->polling = s->blocked = false;
}
