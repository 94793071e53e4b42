/* SPDX-License-Identifier: BSD-2-Clause */
/* Consistency checks of a fuzz build (make fuzz-hv): run before every VM entry; a failed check panics. */
#ifndef HV_EXIT_FUZZ_CHECK_H
#define HV_EXIT_FUZZ_CHECK_H

struct vcpu;
struct exit_ctx;

#ifdef HV_FUZZ_CHECKS
/* The VMCS guest state the handlers write, the partition's EPT, the vCPU's APIC and mailbox:
 * panics with the check's name, the partition and the seed on its command line. */
void fuzz_check_entry(struct vcpu *v);
/* A stop of a fuzzer partition names the seed and operation it stopped at. */
void fuzz_note_stop(struct exit_ctx *x);
#else
static inline void fuzz_check_entry(struct vcpu *v) { (void)v; }
static inline void fuzz_note_stop(struct exit_ctx *x) { (void)x; }
#endif

#endif
