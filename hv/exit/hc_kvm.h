/* SPDX-License-Identifier: BSD-2-Clause */
/* KVM's hypercalls (Documentation/virt/kvm/x86/hypercalls.rst): kick, send IPI, sched yield. */
#ifndef HV_EXIT_HC_KVM_H
#define HV_EXIT_HC_KVM_H

#include "hv/exit/hypercall.h"

uint64_t hc_kvm_vapic_poll_irq(struct exit_ctx *x, const struct hc_call *c);
uint64_t hc_kvm_kick_cpu(struct exit_ctx *x, const struct hc_call *c);
uint64_t hc_kvm_send_ipi(struct exit_ctx *x, const struct hc_call *c);
uint64_t hc_kvm_sched_yield(struct exit_ctx *x, const struct hc_call *c);

#endif
