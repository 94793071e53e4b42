/* SPDX-License-Identifier: BSD-2-Clause */
/* VM-exit dispatch: one handler table indexed by exit reason, SplitX routing classes. */
#include "hv/exit/exit.h"
#include "hv/exit/handlers.h"
#include "hv/dev/ports.h"
#include "hv/exit/hypercall.h"

static void handle_unexpected(struct exit_ctx *x)
{
	exit_stop(x, STOP_FAULT, x->reason, "unexpected VM exit %u (%s) at RIP 0x%llx; splitvisor "
		  "does not handle it yet", x->reason, vmx_exit_name(x->reason), (unsigned long long)x->rip);
}

/* Every exit reason, its class and its handler (names: vmx/exit_names.c). The classes are
 * documented in docs/architecture.md; "none" means the control that would cause it is off. */
static const struct exit_desc exit_table[EXIT_REASON_MAX] = {
	[EXIT_EXCEPTION_NMI] = { EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_EXTINT] = { EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_TRIPLE_FAULT] = { EXIT_CLASS_GUEST, handle_triple_fault },
	[EXIT_INIT] = { EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_SIPI] = { EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_TASK_SWITCH] = { EXIT_CLASS_SYNC, handle_task_switch },
	[EXIT_CPUID] = { EXIT_CLASS_SYNC, handle_cpuid },
	[EXIT_GETSEC] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_INTR_WINDOW] = { EXIT_CLASS_GUEST, handle_interrupt_window },
	[EXIT_HLT] = { EXIT_CLASS_GUEST, handle_hlt },
	[EXIT_INVD] = { EXIT_CLASS_SYNC, handle_skip },
	[EXIT_VMCALL] = { EXIT_CLASS_SYNC, handle_vmcall },
	[EXIT_VMCLEAR] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMLAUNCH] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMPTRLD] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMPTRST] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMREAD] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMRESUME] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMWRITE] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMXOFF] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMXON] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_CR_ACCESS] = { EXIT_CLASS_SYNC, handle_cr_access },
	[EXIT_IO] = { EXIT_CLASS_SYNC, handle_io },
	[EXIT_RDMSR] = { EXIT_CLASS_SYNC, handle_rdmsr },
	[EXIT_WRMSR] = { EXIT_CLASS_SYNC, handle_wrmsr },
	[EXIT_BAD_GUEST_STATE] = { EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_MSR_LOADING] = { EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_MWAIT] = { EXIT_CLASS_NONE, handle_unexpected },
	[EXIT_MONITOR] = { EXIT_CLASS_NONE, handle_unexpected },
	[EXIT_PAUSE] = { EXIT_CLASS_GUEST, handle_pause },
	[EXIT_MACHINE_CHECK] = { EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_VIRT_EOI] = { EXIT_CLASS_SYNC, handle_virt_eoi },
	[EXIT_APIC_WRITE] = { EXIT_CLASS_SYNC, handle_apic_write },
	[EXIT_EPT_VIOLATION] = { EXIT_CLASS_SYNC, handle_ept_violation },
	[EXIT_EPT_MISCONFIG] = { EXIT_CLASS_SYNC, handle_unexpected },
	[EXIT_INVEPT] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_PREEMPTION_TIMER] = { EXIT_CLASS_GUEST, handle_skip_none },
	[EXIT_INVVPID] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_WBINVD] = { EXIT_CLASS_SYNC, handle_skip },
	[EXIT_XSETBV] = { EXIT_CLASS_SYNC, handle_xsetbv },
	[EXIT_VMFUNC] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_ENCLS] = { EXIT_CLASS_SYNC, handle_invalid_opcode },
};

const struct exit_desc *exit_describe(uint32_t reason)
{
	static const struct exit_desc unknown = { EXIT_CLASS_GUEST, handle_unexpected };
	if (reason < EXIT_REASON_MAX && exit_table[reason].handle)
		return &exit_table[reason];
	return &unknown;
}

bool exit_handled(uint32_t reason) { return reason < EXIT_REASON_MAX && exit_table[reason].handle; }

enum exit_class exit_classify(const struct exit_ctx *x)
{
	if (x->reason == EXIT_IO && ports_async_write_fast(x->qual))
		return EXIT_CLASS_ASYNC;
	if (x->reason == EXIT_VMCALL && hypercall_runs_on_guest_core(x->vcpu))
		return EXIT_CLASS_GUEST;
	return (enum exit_class)exit_describe(x->reason)->cls;
}

void exit_run_handler(struct exit_ctx *x)
{
	x->actions = 0;
	exit_describe(x->reason)->handle(x);
}
