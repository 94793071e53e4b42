/* SPDX-License-Identifier: BSD-2-Clause */
/* Exception handling: NMIs for control and panic, a register dump then panic for the rest. */
#include "hv/idt.h"
#include "hv/console.h"
#include "hv/cpu.h"
#include "hv/mm/paging.h"
#include "hv/panic.h"
#include "hv/percpu.h"

static const char *const exc_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor overrun", "#TS invalid TSS", "#NP segment not present",
	"#SS stack fault", "#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD error",
	"#VE virtualization", "#CP control protection", "reserved 22", "reserved 23",
	"reserved 24", "reserved 25", "reserved 26", "reserved 27", "#HV injection",
	"#VC VMM communication", "#SX security", "reserved 31",
};

static void dump_registers(const struct exc_frame *f)
{
	hv_err("  RIP=%016llx CS=%04llx RFLAGS=%016llx RSP=%016llx SS=%04llx\n",
	       (unsigned long long)f->rip, (unsigned long long)f->cs, (unsigned long long)f->rflags,
	       (unsigned long long)f->rsp, (unsigned long long)f->ss);
	hv_err("  RAX=%016llx RBX=%016llx RCX=%016llx RDX=%016llx\n", (unsigned long long)f->rax,
	       (unsigned long long)f->rbx, (unsigned long long)f->rcx, (unsigned long long)f->rdx);
	hv_err("  RSI=%016llx RDI=%016llx RBP=%016llx R8 =%016llx\n", (unsigned long long)f->rsi,
	       (unsigned long long)f->rdi, (unsigned long long)f->rbp, (unsigned long long)f->r8);
	hv_err("  R9 =%016llx R10=%016llx R11=%016llx R12=%016llx\n", (unsigned long long)f->r9,
	       (unsigned long long)f->r10, (unsigned long long)f->r11, (unsigned long long)f->r12);
	hv_err("  R13=%016llx R14=%016llx R15=%016llx CR2=%016llx\n", (unsigned long long)f->r13,
	       (unsigned long long)f->r14, (unsigned long long)f->r15, (unsigned long long)read_cr2());
}

static void dump_stack(const struct exc_frame *f)
{
	const uint64_t *sp = (const uint64_t *)(uintptr_t)f->rsp;
	hv_err("  stack:");
	for (int i = 0; i < 8; i++) {
		if (!paging_is_mapped((uint64_t)(uintptr_t)(sp + i))) {
			hv_err(" <unmapped>");
			break;
		}
		hv_err(" %016llx", (unsigned long long)sp[i]);
	}
	hv_err("\n  call trace:");
	const uint64_t *fp = (const uint64_t *)(uintptr_t)f->rbp;
	for (int i = 0; i < 8 && fp && paging_is_mapped((uint64_t)(uintptr_t)(fp + 1)); i++) {
		hv_err(" %016llx", (unsigned long long)fp[1]);
		fp = (const uint64_t *)(uintptr_t)fp[0];
	}
	hv_err("\n");
}

static void handle_nmi(void)
{
	if (panic_on_other_core())
		panic_park_self();
	/* otherwise an NMI is a wake-up for this core: its loop checks what to do (the panicking
	 * core goes on with its panic) */
}

void exception_dispatch(struct exc_frame *f)
{
	if (f->vector == VEC_NMI) {
		handle_nmi();
		return;
	}
	struct percpu *me = this_cpu();
	static volatile uint32_t nesting[MAX_CPUS];
	if (nesting[me->index]++ == 0) {
		hv_err("\nEXCEPTION on CPU %u (APIC ID %u): vector %llu %s, error code 0x%llx\n",
		       me->index, me->apic_id, (unsigned long long)f->vector,
		       exc_names[f->vector & 31], (unsigned long long)f->error);
		dump_registers(f);
		dump_stack(f);
	}
	panic("unhandled %s at RIP %016llx", exc_names[f->vector & 31], (unsigned long long)f->rip);
}
