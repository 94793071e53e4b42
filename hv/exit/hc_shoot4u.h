/* SPDX-License-Identifier: BSD-2-Clause */
/* splitvisor's Shoot4U hypercall: a guest's TLB shootdown done by the hypervisor, with no IPIs. */
#ifndef HV_EXIT_HC_SHOOT4U_H
#define HV_EXIT_HC_SHOOT4U_H

#include "hv/exit/hypercall.h"

/* a0: vCPU bitmap (bit i = vCPU i), a1: start, a2: end (linear addresses, end exclusive; a
 * range over 32 pages flushes the whole context). Returns the number of vCPUs named, or -22. */
uint64_t hc_shoot4u(struct exit_ctx *x, const struct hc_call *c);

#endif
