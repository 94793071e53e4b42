/* SPDX-License-Identifier: BSD-2-Clause */
/* Consistency checks of a fuzz build (make fuzz-hv): run before every VM entry; a failed check panics. */
#ifndef HV_EXIT_FUZZ_CHECK_H
#define HV_EXIT_FUZZ_CHECK_H

struct vcpu;

#ifdef HV_FUZZ_CHECKS
/* The VMCS guest state the handlers write, the partition's EPT, the vCPU's APIC and mailbox:
 * panics with the check's name, the partition and the seed on its command line. */
void fuzz_check_entry(struct vcpu *v);
#else
static inline void fuzz_check_entry(struct vcpu *v) { (void)v; }
#endif

#endif
