/* SPDX-License-Identifier: BSD-2-Clause */
/* TLB flushes one vCPU asks for on another's behalf (Shoot4U): recorded, then done on the target's core. */
#ifndef HV_PARTITION_TLB_REQUEST_H
#define HV_PARTITION_TLB_REQUEST_H

#include "hv/partition/vcpu.h"

/* Any core: t must flush [start, end) before it next runs guest code (requests that meet
 * become one whole-context flush). Returns true when t is in guest mode now, so that the
 * caller kicks it and waits (tlb_request_done). */
bool tlb_request(struct vcpu *t, uint64_t start, uint64_t end);
/* The request is done, or t left guest mode (it does the flush before it enters again). */
bool tlb_request_done(const struct vcpu *t);
/* t's core, after in_guest is set and before VM entry: the recorded flush, if any. */
void tlb_request_run(struct vcpu *v);

#endif
