/* SPDX-License-Identifier: BSD-2-Clause */
/* KVM's paravirtual clock (kvmclock, Documentation/virt/kvm/x86/msr.rst): the wall clock and
 * per-vCPU time structures a guest registers, filled from the TSC. */
#ifndef HV_EXIT_MSR_KVM_H
#define HV_EXIT_MSR_KVM_H

#include "hv/exit/kvm_abi.h"

bool msr_read_kvm_clock(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_kvm_wall_clock(struct exit_ctx *x, uint32_t msr, uint64_t value);
bool msr_write_kvm_system_time(struct exit_ctx *x, uint32_t msr, uint64_t value);

#endif
