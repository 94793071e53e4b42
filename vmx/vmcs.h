/* SPDX-License-Identifier: BSD-2-Clause */
/* VMXON per guest core and VMCS setup per vCPU: controls, host state, initial guest state. */
#ifndef VMX_VMCS_H
#define VMX_VMCS_H

#include "hv/lib/types.h"

struct vcpu;

/* Builds the deny-by-default I/O and MSR bitmaps (boot CPU, once). */
bool vmx_bitmaps_init(void);
/* Turns VMX on for the calling core (once); false with a reason in why. */
bool vmx_core_on(char *why, size_t size);
/* Allocates, clears and loads v's VMCS and fills every field for a 32-bit
 * protected-mode start at entry (multiboot v1 state). */
bool vmcs_setup(struct vcpu *v, uint64_t eptp, char *why, size_t size);
/* The state a vCPU starts in after INIT-SIPI: real mode at vector << 12 (unrestricted guest). */
void vmcs_real_mode_start(uint8_t vector);
/* 64-bit long mode with paging on CR3 (raw images): flat 64-bit code and data segments. */
void vmcs_long_mode_start(uint64_t cr3);
/* Whether the emulated APIC uses APIC virtualization on this CPU (apicv=off turns it off). */
struct vmx_caps;
bool apicv_possible(const struct vmx_caps *c);
extern bool apicv_disabled;
/* Name of a VM-instruction error number (SDM 30.4). */
const char *vmx_insn_error_name(uint32_t err);

#endif
