/* SPDX-License-Identifier: BSD-2-Clause */
/* VMXON per guest core and VMCS setup per vCPU: controls, host state, initial guest state. */
#ifndef VMX_VMCS_H
#define VMX_VMCS_H

#include "hv/lib/types.h"


/* Builds the deny-by-default I/O and MSR bitmaps (boot CPU, once). */
bool vmx_bitmaps_init(void);
/* Turns VMX on for the calling core (once); false with a reason in why. */
bool vmx_core_on(char *why, size_t size);
/* What the VMCS of one vCPU is built from (the vCPU itself lives above vmx/). */
struct vmcs_vcpu {
	uint64_t vmcs_pa;      /* in: 0 the first time (a page is allocated); out: the VMCS */
	uint32_t index;        /* for messages */
	uint16_t vpid;
	bool exitless;         /* interrupts = "exitless" */
	bool shared;           /* mode = "shared": a spinning vCPU exits (PAUSE-loop exiting) */
	uint64_t io_bitmap_a;  /* the partition's own I/O bitmap (ports 0-0x7FFF), 0 = the default */
	uint64_t apic_page_pa; /* the emulated APIC's virtual-APIC page */
	uint64_t entry_rip;
	uint64_t eptp;
	bool apicv;            /* out: the emulated APIC uses APIC virtualization */
};

/* Allocates, clears and loads v's VMCS and fills every field for a 32-bit
 * protected-mode start at entry (multiboot v1 state). */
bool vmcs_setup(struct vmcs_vcpu *v, char *why, size_t size);
/* The state a vCPU starts in after INIT (and SIPI): real mode at cs:ip, CS base cs << 4
 * (unrestricted guest). */
void vmcs_real_mode_start(uint16_t cs, uint16_t ip);
/* 64-bit long mode with paging on CR3 (raw images): flat 64-bit code and data segments. */
void vmcs_long_mode_start(uint64_t cr3);
/* Whether this CPU has PAUSE-loop exiting (a shared vCPU that spins yields its core). */
bool vmcs_has_ple(void);
/* Whether the emulated APIC uses APIC virtualization on this CPU (apicv=off turns it off). */
struct vmx_caps;
bool apicv_possible(const struct vmx_caps *c);
extern bool apicv_disabled;
/* Emulated APIC with APIC virtualization, on the vCPU's core: the MSR bitmap for the guest's
 * APIC mode (x2APIC: register reads and EOI/TPR/SELF IPI virtualized; otherwise all exit). */
void vmcs_apicv_msr_bitmap(bool x2apic);
/* Name of a VM-instruction error number (SDM 30.4). */
const char *vmx_insn_error_name(uint32_t err);

/* The guest-visible CPU (hv/exit/guest_cpu.c, msr_*.c) */
/* The optional secondary controls every guest gets where the CPU has them: PROC2_RDTSCP,
 * PROC2_INVPCID, PROC2_XSAVES. */
uint32_t vmcs_guest_proc2(void);
/* Current VMCS: the TSC offset; for an exitless vCPU with an offset, the MSR bitmap in which
 * IA32_TSC_DEADLINE exits (the core's APIC counts the host's TSC). */
void vmcs_set_tsc_offset(uint64_t offset, bool exitless);
void vmcs_set_guest_debugctl(uint64_t value);
/* The calling core's XCR0, which VM entry and exit leave as they find it. */
void vmx_load_guest_xcr0(uint64_t xcr0);

#endif
