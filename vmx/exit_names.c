/* SPDX-License-Identifier: BSD-2-Clause */
/* The names of the VMX basic exit reasons (SDM vol. 3, appendix C), for messages and statistics. */
#include "vmx/vmx.h"

static const char *const exit_names[EXIT_REASON_MAX] = {
	[EXIT_EXCEPTION_NMI] = "exception or NMI",
	[EXIT_EXTINT] = "external interrupt",
	[EXIT_TRIPLE_FAULT] = "triple fault",
	[EXIT_INIT] = "INIT signal",
	[EXIT_SIPI] = "startup IPI",
	[EXIT_TASK_SWITCH] = "task switch",
	[EXIT_CPUID] = "CPUID",
	[EXIT_GETSEC] = "GETSEC",
	[EXIT_INTR_WINDOW] = "interrupt window",
	[EXIT_HLT] = "HLT",
	[EXIT_INVD] = "INVD",
	[EXIT_VMCALL] = "VMCALL",
	[EXIT_VMCLEAR] = "VMCLEAR",
	[EXIT_VMLAUNCH] = "VMLAUNCH",
	[EXIT_VMPTRLD] = "VMPTRLD",
	[EXIT_VMPTRST] = "VMPTRST",
	[EXIT_VMREAD] = "VMREAD",
	[EXIT_VMRESUME] = "VMRESUME",
	[EXIT_VMWRITE] = "VMWRITE",
	[EXIT_VMXOFF] = "VMXOFF",
	[EXIT_VMXON] = "VMXON",
	[EXIT_CR_ACCESS] = "CR access",
	[EXIT_IO] = "I/O instruction",
	[EXIT_RDMSR] = "RDMSR",
	[EXIT_WRMSR] = "WRMSR",
	[EXIT_BAD_GUEST_STATE] = "VM entry: invalid guest state",
	[EXIT_MSR_LOADING] = "VM entry: MSR loading",
	[EXIT_MWAIT] = "MWAIT",
	[EXIT_MONITOR] = "MONITOR",
	[EXIT_PAUSE] = "PAUSE",
	[EXIT_MACHINE_CHECK] = "VM entry: machine check",
	[EXIT_TPR_BELOW] = "TPR below threshold",
	[EXIT_APIC_ACCESS] = "APIC access",
	[EXIT_VIRT_EOI] = "virtualized EOI",
	[EXIT_GDTR_IDTR] = "GDTR/IDTR access",
	[EXIT_LDTR_TR] = "LDTR/TR access",
	[EXIT_EPT_VIOLATION] = "EPT violation",
	[EXIT_EPT_MISCONFIG] = "EPT misconfiguration",
	[EXIT_INVEPT] = "INVEPT",
	[EXIT_PREEMPTION_TIMER] = "preemption timer",
	[EXIT_INVVPID] = "INVVPID",
	[EXIT_WBINVD] = "WBINVD",
	[EXIT_XSETBV] = "XSETBV",
	[EXIT_APIC_WRITE] = "APIC write",
	[EXIT_RDRAND] = "RDRAND",
	[EXIT_INVPCID] = "INVPCID",
	[EXIT_VMFUNC] = "VMFUNC",
	[EXIT_ENCLS] = "ENCLS",
};

const char *vmx_exit_name(uint32_t reason)
{
	if (reason < EXIT_REASON_MAX && exit_names[reason])
		return exit_names[reason];
	return "unknown";
}
