/* SPDX-License-Identifier: BSD-2-Clause */
/* Intel VT-x: VMCS field encodings, control bits, exit reasons, instruction wrappers (SDM vol. 3). */
#ifndef VMX_VMX_H
#define VMX_VMX_H

#include "hv/lib/types.h"

/* 16-bit fields */
#define VMCS_VPID 0x0000
#define VMCS_GUEST_INTR_STATUS 0x0810
#define VMCS_GUEST_ES_SEL 0x0800
#define VMCS_GUEST_TR_SEL 0x080E
#define VMCS_HOST_ES_SEL 0x0C00
#define VMCS_HOST_CS_SEL 0x0C02
#define VMCS_HOST_SS_SEL 0x0C04
#define VMCS_HOST_DS_SEL 0x0C06
#define VMCS_HOST_FS_SEL 0x0C08
#define VMCS_HOST_GS_SEL 0x0C0A
#define VMCS_HOST_TR_SEL 0x0C0C
/* 64-bit fields */
#define VMCS_IO_BITMAP_A 0x2000
#define VMCS_IO_BITMAP_B 0x2002
#define VMCS_MSR_BITMAP 0x2004
#define VMCS_VIRTUAL_APIC_PAGE 0x2012
#define VMCS_EPT_POINTER 0x201A
#define VMCS_EOI_EXIT_BITMAP0 0x201C
#define VMCS_GUEST_PHYS_ADDR 0x2400
#define VMCS_LINK_POINTER 0x2800
#define VMCS_GUEST_PAT 0x2804
#define VMCS_GUEST_EFER 0x2806
#define VMCS_HOST_PAT 0x2C00
#define VMCS_HOST_EFER 0x2C02
/* 32-bit fields */
#define VMCS_PIN_CTLS 0x4000
#define VMCS_PROC_CTLS 0x4002
#define VMCS_EXCEPTION_BITMAP 0x4004
#define VMCS_EXIT_CTLS 0x400C
#define VMCS_ENTRY_CTLS 0x4012
#define VMCS_ENTRY_INTR_INFO 0x4016
#define VMCS_ENTRY_EXC_ERROR 0x4018
#define VMCS_ENTRY_INSN_LEN 0x401A
#define VMCS_TPR_THRESHOLD 0x401C
#define VMCS_PROC_CTLS2 0x401E
#define VMCS_INSN_ERROR 0x4400
#define VMCS_EXIT_REASON 0x4402
#define VMCS_EXIT_INTR_INFO 0x4404
#define VMCS_EXIT_INTR_ERROR 0x4406
#define VMCS_IDT_VECTORING_INFO 0x4408
#define VMCS_EXIT_INSN_LEN 0x440C
#define VMCS_EXIT_INSN_INFO 0x440E
#define VMCS_GUEST_ES_LIMIT 0x4800
#define VMCS_GUEST_GDTR_LIMIT 0x4810
#define VMCS_GUEST_IDTR_LIMIT 0x4812
#define VMCS_GUEST_ES_AR 0x4814
#define VMCS_GUEST_INTERRUPTIBILITY 0x4824
#define VMCS_GUEST_ACTIVITY 0x4826
#define VMCS_GUEST_SYSENTER_CS 0x482A
#define VMCS_PREEMPTION_TIMER 0x482E
#define VMCS_PLE_GAP 0x4020
#define VMCS_PLE_WINDOW 0x4022
#define VMCS_HOST_SYSENTER_CS 0x4C00
/* natural-width fields */
#define VMCS_CR0_MASK 0x6000
#define VMCS_CR4_MASK 0x6002
#define VMCS_CR0_SHADOW 0x6004
#define VMCS_CR4_SHADOW 0x6006
#define VMCS_EXIT_QUALIFICATION 0x6400
#define VMCS_GUEST_LINEAR_ADDR 0x640A
#define VMCS_GUEST_CR0 0x6800
#define VMCS_GUEST_CR3 0x6802
#define VMCS_GUEST_CR4 0x6804
#define VMCS_GUEST_ES_BASE 0x6806
#define VMCS_GUEST_GDTR_BASE 0x6816
#define VMCS_GUEST_IDTR_BASE 0x6818
#define VMCS_GUEST_DR7 0x681A
#define VMCS_GUEST_RSP 0x681C
#define VMCS_GUEST_RIP 0x681E
#define VMCS_GUEST_RFLAGS 0x6820
#define VMCS_GUEST_PENDING_DBG 0x6822
#define VMCS_HOST_CR0 0x6C00
#define VMCS_HOST_CR3 0x6C02
#define VMCS_HOST_CR4 0x6C04
#define VMCS_HOST_FS_BASE 0x6C06
#define VMCS_HOST_GS_BASE 0x6C08
#define VMCS_HOST_TR_BASE 0x6C0A
#define VMCS_HOST_GDTR_BASE 0x6C0C
#define VMCS_HOST_IDTR_BASE 0x6C0E
#define VMCS_HOST_RSP 0x6C14
#define VMCS_HOST_RIP 0x6C16

/* the guest segment fields are laid out ES, CS, SS, DS, FS, GS, LDTR, TR, 2 apart */
enum vmx_seg { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR, SEG_TR };

/* pin-based controls */
#define PIN_EXTINT_EXITING (1u << 0)
#define PIN_NMI_EXITING (1u << 3)
#define PIN_VIRTUAL_NMIS (1u << 5)
#define PIN_PREEMPTION_TIMER (1u << 6)
/* primary processor-based controls */
#define PROC_HLT_EXITING (1u << 7)
#define PROC_MWAIT_EXITING (1u << 10)
#define PROC_CR3_LOAD_EXITING (1u << 15)
#define PROC_CR3_STORE_EXITING (1u << 16)
#define PROC_TPR_SHADOW (1u << 21)
#define PROC_IO_BITMAPS (1u << 25)
#define PROC_MSR_BITMAPS (1u << 28)
#define PROC_MONITOR_EXITING (1u << 29)
#define PROC_PAUSE_EXITING (1u << 30)
#define PROC_SECONDARY (1u << 31)
/* secondary processor-based controls */
#define PROC2_EPT (1u << 1)
#define PROC2_RDTSCP (1u << 3)
#define PROC2_VIRT_X2APIC (1u << 4)
#define PROC2_VPID (1u << 5)
#define PROC2_UNRESTRICTED (1u << 7)
#define PROC2_APIC_REG_VIRT (1u << 8)
#define PROC2_VIRT_INTR_DELIVERY (1u << 9)
#define PROC2_PAUSE_LOOP (1u << 10)
#define PROC2_INVPCID (1u << 12)
#define PROC2_XSAVES (1u << 20)
/* exit controls */
#define EXIT_HOST_64BIT (1u << 9)
#define EXIT_SAVE_PAT (1u << 18)
#define EXIT_LOAD_PAT (1u << 19)
#define EXIT_SAVE_EFER (1u << 20)
#define EXIT_LOAD_EFER (1u << 21)
/* entry controls */
#define ENTRY_IA32E_GUEST (1u << 9)
#define ENTRY_LOAD_PAT (1u << 14)
#define ENTRY_LOAD_EFER (1u << 15)

/* capability MSRs */
#define MSR_FEATURE_CONTROL 0x3A
#define MSR_VMX_BASIC 0x480
#define MSR_VMX_MISC 0x485
#define MSR_VMX_CR0_FIXED0 0x486
#define MSR_VMX_CR0_FIXED1 0x487
#define MSR_VMX_CR4_FIXED0 0x488
#define MSR_VMX_CR4_FIXED1 0x489
#define MSR_VMX_PROCBASED2 0x48B
#define MSR_VMX_EPT_VPID_CAP 0x48C
#define MSR_VMX_TRUE_PIN 0x48D
#define MSR_VMX_TRUE_PROC 0x48E
#define MSR_VMX_TRUE_EXIT 0x48F
#define MSR_VMX_TRUE_ENTRY 0x490
#define MSR_PAT 0x277

/* exit reasons */
enum vmx_exit_reason {
	EXIT_EXCEPTION_NMI = 0, EXIT_EXTINT = 1, EXIT_TRIPLE_FAULT = 2, EXIT_INIT = 3, EXIT_SIPI = 4,
	EXIT_INTR_WINDOW = 7, EXIT_NMI_WINDOW = 8, EXIT_TASK_SWITCH = 9, EXIT_CPUID = 10, EXIT_GETSEC = 11,
	EXIT_HLT = 12, EXIT_INVD = 13, EXIT_INVLPG = 14, EXIT_RDPMC = 15, EXIT_RDTSC = 16, EXIT_RSM = 17,
	EXIT_VMCALL = 18, EXIT_VMCLEAR = 19, EXIT_VMLAUNCH = 20, EXIT_VMPTRLD = 21, EXIT_VMPTRST = 22,
	EXIT_VMREAD = 23, EXIT_VMRESUME = 24, EXIT_VMWRITE = 25, EXIT_VMXOFF = 26, EXIT_VMXON = 27,
	EXIT_CR_ACCESS = 28, EXIT_DR_ACCESS = 29, EXIT_IO = 30, EXIT_RDMSR = 31, EXIT_WRMSR = 32,
	EXIT_BAD_GUEST_STATE = 33, EXIT_MSR_LOADING = 34, EXIT_MWAIT = 36, EXIT_MTF = 37,
	EXIT_MONITOR = 39, EXIT_PAUSE = 40, EXIT_MACHINE_CHECK = 41, EXIT_TPR_BELOW = 43,
	EXIT_APIC_ACCESS = 44, EXIT_VIRT_EOI = 45, EXIT_GDTR_IDTR = 46, EXIT_LDTR_TR = 47,
	EXIT_EPT_VIOLATION = 48, EXIT_EPT_MISCONFIG = 49, EXIT_INVEPT = 50, EXIT_RDTSCP = 51,
	EXIT_PREEMPTION_TIMER = 52, EXIT_INVVPID = 53, EXIT_WBINVD = 54, EXIT_XSETBV = 55,
	EXIT_APIC_WRITE = 56, EXIT_RDRAND = 57, EXIT_INVPCID = 58, EXIT_VMFUNC = 59, EXIT_ENCLS = 60,
	EXIT_RDSEED = 61, EXIT_PML_FULL = 62, EXIT_XSAVES = 63, EXIT_XRSTORS = 64,
	EXIT_REASON_MAX = 65,
};

/* The name of a basic exit reason ("unknown" past the table), vmx/exit_names.c. */
const char *vmx_exit_name(uint32_t reason);

static inline bool vmx_vmread(uint64_t field, uint64_t *v)
{
	uint8_t fail;
	__asm__ volatile("vmread %2, %0; setna %1" : "=rm"(*v), "=qm"(fail) : "r"(field) : "cc");
	return !fail;
}

static inline uint64_t vmread(uint64_t field)
{
	uint64_t v = 0;
	vmx_vmread(field, &v);
	return v;
}

static inline bool vmwrite(uint64_t field, uint64_t v)
{
	uint8_t fail;
	__asm__ volatile("vmwrite %1, %2; setna %0" : "=qm"(fail) : "rm"(v), "r"(field) : "cc");
	return !fail;
}

static inline bool vmx_ptrld(uint64_t pa)
{
	uint8_t fail;
	__asm__ volatile("vmptrld %1; setna %0" : "=qm"(fail) : "m"(pa) : "cc", "memory");
	return !fail;
}

static inline bool vmx_clear(uint64_t pa)
{
	uint8_t fail;
	__asm__ volatile("vmclear %1; setna %0" : "=qm"(fail) : "m"(pa) : "cc", "memory");
	return !fail;
}

static inline bool vmx_on(uint64_t pa)
{
	uint8_t fail;
	__asm__ volatile("vmxon %1; setna %0" : "=qm"(fail) : "m"(pa) : "cc", "memory");
	return !fail;
}

struct PACKED invept_desc { uint64_t eptp, zero; };
struct PACKED invvpid_desc { uint64_t vpid, gla; };

static inline void vmx_invept_single(uint64_t eptp)
{
	struct invept_desc d = { eptp, 0 };
	__asm__ volatile("invept %0, %1" ::"m"(d), "r"((uint64_t)1) : "cc", "memory");
}

static inline void vmx_invvpid_single(uint16_t vpid)
{
	struct invvpid_desc d = { vpid, 0 };
	__asm__ volatile("invvpid %0, %1" ::"m"(d), "r"((uint64_t)1) : "cc", "memory");
}

#endif
