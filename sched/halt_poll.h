/* SPDX-License-Identifier: BSD-2-Clause */
/* Adaptive halt-polling per vCPU, as KVM does it (Documentation/virt/kvm/halt-polling.rst). */
#ifndef SCHED_HALT_POLL_H
#define SCHED_HALT_POLL_H

#include "hv/partition/vcpu.h"

/* KVM's defaults: the window grows from 0 to 10 us, doubles, halves, capped by halt_poll_ns. */
#define HALT_POLL_GROW_START_NS 10000
#define HALT_POLL_GROW 2
#define HALT_POLL_SHRINK 2

/* v executed HLT with nothing to take, at TSC now: it polls (window > 0, the partition's
 * halt_poll_ns > 0, and the guest has not taken polling over through MSR_KVM_POLL_CONTROL). */
void halt_begin(struct vcpu *v, uint64_t now);
/* TSC when v's poll ends (only while it polls). */
uint64_t halt_poll_end(const struct vcpu *v);
/* The core stops polling for v at TSC now (its window ended, or others need the core): v waits. */
void halt_poll_stop(struct vcpu *v, uint64_t now);
/* v's wake-up (valid: an interrupt, an NMI or a kick; not: a stop or an INIT) at TSC now: the
 * statistics, and the window for the next halt. */
void halt_end(struct vcpu *v, uint64_t now, bool valid);

#endif
