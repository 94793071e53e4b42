/* SPDX-License-Identifier: BSD-2-Clause */
/* VM-exit dispatch: one handler table indexed by exit reason, SplitX routing classes. */
#include <stdarg.h>
#include "hv/exit/exit.h"
#include "hv/exit/handlers.h"
#include "hv/lib/fmt.h"
#include "hv/dev/ports.h"

static void handle_unexpected(struct exit_ctx *x)
{
	const struct exit_desc *d = exit_describe(x->reason);
	exit_stop(x, STOP_FAULT, x->reason, "unexpected VM exit %u (%s) at RIP 0x%llx; splitvisor "
		  "does not handle it yet", x->reason, d->name, (unsigned long long)x->rip);
}

/* Every exit reason, its class and its handler. The classes are documented in
 * docs/exits.md; "none" means the control that would cause it is off. */
static const struct exit_desc exit_table[EXIT_REASON_MAX] = {
	[EXIT_EXCEPTION_NMI] = { "exception or NMI", EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_EXTINT] = { "external interrupt", EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_TRIPLE_FAULT] = { "triple fault", EXIT_CLASS_GUEST, handle_triple_fault },
	[EXIT_INIT] = { "INIT signal", EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_SIPI] = { "startup IPI", EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_TASK_SWITCH] = { "task switch", EXIT_CLASS_SYNC, handle_unexpected },
	[EXIT_CPUID] = { "CPUID", EXIT_CLASS_SYNC, handle_cpuid },
	[EXIT_GETSEC] = { "GETSEC", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_INTR_WINDOW] = { "interrupt window", EXIT_CLASS_GUEST, handle_interrupt_window },
	[EXIT_HLT] = { "HLT", EXIT_CLASS_GUEST, handle_hlt },
	[EXIT_INVD] = { "INVD", EXIT_CLASS_SYNC, handle_skip },
	[EXIT_VMCALL] = { "VMCALL", EXIT_CLASS_SYNC, handle_vmcall },
	[EXIT_VMCLEAR] = { "VMCLEAR", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMLAUNCH] = { "VMLAUNCH", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMPTRLD] = { "VMPTRLD", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMPTRST] = { "VMPTRST", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMREAD] = { "VMREAD", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMRESUME] = { "VMRESUME", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMWRITE] = { "VMWRITE", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMXOFF] = { "VMXOFF", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_VMXON] = { "VMXON", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_CR_ACCESS] = { "CR access", EXIT_CLASS_SYNC, handle_cr_access },
	[EXIT_IO] = { "I/O instruction", EXIT_CLASS_SYNC, handle_io },
	[EXIT_RDMSR] = { "RDMSR", EXIT_CLASS_SYNC, handle_rdmsr },
	[EXIT_WRMSR] = { "WRMSR", EXIT_CLASS_SYNC, handle_wrmsr },
	[EXIT_BAD_GUEST_STATE] = { "VM entry: invalid guest state", EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_MSR_LOADING] = { "VM entry: MSR loading", EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_MWAIT] = { "MWAIT", EXIT_CLASS_NONE, handle_unexpected },
	[EXIT_MONITOR] = { "MONITOR", EXIT_CLASS_NONE, handle_unexpected },
	[EXIT_PAUSE] = { "PAUSE", EXIT_CLASS_NONE, handle_unexpected },
	[EXIT_MACHINE_CHECK] = { "VM entry: machine check", EXIT_CLASS_GUEST, handle_unexpected },
	[EXIT_EPT_VIOLATION] = { "EPT violation", EXIT_CLASS_SYNC, handle_ept_violation },
	[EXIT_EPT_MISCONFIG] = { "EPT misconfiguration", EXIT_CLASS_SYNC, handle_unexpected },
	[EXIT_INVEPT] = { "INVEPT", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_PREEMPTION_TIMER] = { "preemption timer", EXIT_CLASS_GUEST, handle_skip_none },
	[EXIT_INVVPID] = { "INVVPID", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_WBINVD] = { "WBINVD", EXIT_CLASS_SYNC, handle_skip },
	[EXIT_XSETBV] = { "XSETBV", EXIT_CLASS_SYNC, handle_xsetbv },
	[EXIT_VMFUNC] = { "VMFUNC", EXIT_CLASS_SYNC, handle_invalid_opcode },
	[EXIT_ENCLS] = { "ENCLS", EXIT_CLASS_SYNC, handle_invalid_opcode },
};

const struct exit_desc *exit_describe(uint32_t reason)
{
	static const struct exit_desc unknown = { "unknown", EXIT_CLASS_GUEST, handle_unexpected };
	if (reason < EXIT_REASON_MAX && exit_table[reason].handle)
		return &exit_table[reason];
	return &unknown;
}

enum exit_class exit_classify(const struct exit_ctx *x)
{
	if (x->reason == EXIT_IO && ports_async_write_fast(x->qual))
		return EXIT_CLASS_ASYNC;
	return (enum exit_class)exit_describe(x->reason)->cls;
}

void exit_run_handler(struct exit_ctx *x)
{
	x->actions = 0;
	exit_describe(x->reason)->handle(x);
}

static void inject_exception(struct exit_ctx *x, uint8_t vector, bool has_error)
{
	x->actions |= ACT_INJECT;
	x->actions &= ~ACT_ADVANCE_RIP;
	x->inject_vector = vector;
	x->inject_type = 3; /* hardware exception */
	x->inject_has_error = has_error;
	x->inject_error = 0;
}

void exit_inject_gp(struct exit_ctx *x) { inject_exception(x, 13, true); }
void exit_inject_ud(struct exit_ctx *x) { inject_exception(x, 6, false); }

void exit_stop(struct exit_ctx *x, uint32_t kind, uint64_t status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(x->stop_why, sizeof(x->stop_why), fmt, ap);
	va_end(ap);
	x->actions |= ACT_STOP;
	x->stop_kind = kind;
	x->stop_status = status;
}
