/* SPDX-License-Identifier: BSD-2-Clause */
/* Small exit handlers: faults, VMX instructions, XSETBV, CR access, EPT violations. */
#include "hv/exit/handlers.h"
#include "hv/exit/exit.h"
#include "hv/partition/partition.h"
#include "vmx/caps.h"
#include "apic/vioapic.h"
#include "hv/exit/emulate.h"

#define CR4_VMXE (1ULL << 13)
#include "hv/lib/spinlock.h"
#include "apic/vlapic.h"
#include "apic/vbase.h"
#include "apic/vlapic_regs.h"
#include "vmx/ept.h"
#include "hv/exit/msr_state.h"
#include "hv/exit/msr_xsave.h"
#include "hv/exit/cr_rules.h"

void handle_skip(struct exit_ctx *x) { x->actions |= ACT_ADVANCE_RIP; }
void handle_hlt(struct exit_ctx *x) { vlapic_handle_hlt(x->vcpu); }
void handle_interrupt_window(struct exit_ctx *x) { UNUSED(x); vlapic_handle_interrupt_window(); }
void handle_skip_none(struct exit_ctx *x) { UNUSED(x); }

/* PAUSE-loop exiting (shared cores): the vCPU spins, most likely on a lock held by a vCPU that
 * is not running; it yields its core (the PAUSE itself is done). */
void handle_pause(struct exit_ctx *x)
{
	x->vcpu->sched.yield = true;
	x->actions |= ACT_ADVANCE_RIP;
}

/* VMX instructions: the guest does not see VMX, so they are invalid opcodes. */
void handle_invalid_opcode(struct exit_ctx *x) { exit_inject_ud(x); }

/* A hardware task switch (SDM 7.3; exit qualification: the new TSS selector in bits 15:0, the
 * source in bits 31:30). Not emulated: the partition is stopped with what the guest did. */
void handle_task_switch(struct exit_ctx *x)
{
	static const char *const sources[] = { "a CALL", "an IRET with EFLAGS.NT set", "a JMP", "a task gate in the IDT" };
	exit_stop(x, STOP_FAULT, 0, "the guest asked for a hardware task switch (%s to TSS selector 0x%x) at RIP "
		  "0x%llx; splitvisor does not emulate task switches: switch tasks in software, as 64-bit "
		  "kernels must", sources[(x->qual >> 30) & 3], (unsigned)(x->qual & 0xFFFF),
		  (unsigned long long)x->rip);
}

void handle_triple_fault(struct exit_ctx *x)
{
	exit_stop(x, STOP_FAULT, 0, "triple fault at RIP 0x%llx (the guest's IDT could not "
		  "handle an exception)", (unsigned long long)x->rip);
}

/* XSETBV (CPL 0 and CR4.OSXSAVE are checked by the CPU before the exit): ECX must select
 * XCR0 and the value be legal (hv/exit/msr_xsave.c), else #GP; the guest core loads it. */
void handle_xsetbv(struct exit_ctx *x)
{
	uint64_t v = (x->regs.rdx << 32) | (uint32_t)x->regs.rax;
	if ((uint32_t)x->regs.rcx != 0 || !xcr0_valid(v, guest_cpu()->xcr0_mask)) {
		exit_inject_gp(x);
		return;
	}
	x->vcpu->msrs.xcr0 = v;
	msr_sync_request(x, MSR_SYNC_XCR0);
	x->actions |= ACT_ADVANCE_RIP;
}

static uint64_t *gpr(struct exit_ctx *x, unsigned n)
{
	static const uint8_t slot[16] = { 0, 1, 2, 3, 0xFF, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
	return slot[n & 15] == 0xFF ? 0 : &((uint64_t *)&x->regs)[slot[n & 15]];
}

/* A value the architecture refuses (hv/exit/cr_rules.c) is a #GP, never guest state. */
static bool cr_write_legal(const struct exit_ctx *x, unsigned cr, uint64_t v)
{
	struct cr_state s = { x->cr0, x->cr3, x->cr4, x->efer, vmx_caps()->cr4_fixed1 & ~CR4_VMXE };
	return cr == 0 ? cr0_write_ok(&s, v) : cr4_write_ok(&s, v);
}

/* MOV to CR0/CR4 touching a bit the hypervisor owns (CR0.NE/CD/NW, CR4.VMXE) and CLTS. */
void handle_cr_access(struct exit_ctx *x)
{
	const struct vmx_caps *c = vmx_caps();
	unsigned cr = x->qual & 15, type = (x->qual >> 4) & 3;
	uint64_t *reg = gpr(x, (x->qual >> 8) & 15);
	if (type == 2) { /* CLTS */
		x->cr0 &= ~8ULL;
		x->cr0_shadow &= ~8ULL;
	} else if (type == 0 && reg && (cr == 0 || cr == 4) && !cr_write_legal(x, cr, *reg)) {
		exit_inject_gp(x);
		return;
	} else if (type == 0 && reg && cr == 0) {
		x->cr0_shadow = *reg;
		x->cr0 = (*reg | (c->cr0_fixed0 & ~0x80000001ULL) | 0x20) & c->cr0_fixed1 & ~0x60000000ULL;
	} else if (type == 0 && reg && cr == 4 && (*reg & CR4_VMXE)) {
		exit_inject_gp(x); /* VMX is not offered (CPUID.1:ECX.VMX clear): CR4.VMXE is reserved */
		return;
	} else if (type == 0 && reg && cr == 4) {
		x->cr4_shadow = *reg;
		x->cr4 = (*reg | c->cr4_fixed0 | (1ULL << 13)) & c->cr4_fixed1;
	} else {
		exit_stop(x, STOP_FAULT, 0, "unsupported control-register access (qualification 0x%llx) "
			  "at RIP 0x%llx", (unsigned long long)x->qual, (unsigned long long)x->rip);
		return;
	}
	x->actions |= ACT_WRITE_CR | ACT_ADVANCE_RIP;
}

/* APIC virtualization completed the EOI of a level-triggered vector: tell the IOAPIC. */
void handle_virt_eoi(struct exit_ctx *x) { vlapic_level_eoi(x->vcpu, (uint8_t)x->qual); }

/* Guest-physical memory is exactly 0..size: inside it, a violation is a page given back by
 * hypercall 2 and is mapped again (fixed up); anything else is outside the partition. */
void handle_ept_violation(struct exit_ctx *x)
{
	struct partition *part = x->vcpu->part;
	if (x->gpa < part->memory) {
		uint64_t page = x->gpa & ~(PAGE_SIZE - 1);
		if (ept_set_page(part->eptp, page, partition_gpa_to_hpa(part, page)))
			return; /* resume the faulting instruction */
	}
	const char *what = (x->qual & 4) ? "instruction fetch" : (x->qual & 2) ? "write" : "read";
	const struct partition *p = x->vcpu->part;
	if ((x->gpa & ~0xFFFULL) == VIOAPIC_BASE) {
		exit_emulate(x, "IOAPIC access");
		return;
	}
	if ((x->gpa & ~0xFFFULL) == vapic_xapic_page(x->vcpu) && !x->vcpu->exitless) {
		exit_emulate(x, "local APIC access");
		return;
	}
	if ((x->gpa & ~0xFFFULL) == 0xFEE00000ULL) {
		exit_stop(x, STOP_FAULT, x->gpa, "the guest used the xAPIC MMIO page (%s at 0x%llx, RIP 0x%llx); "
			  "with interrupts = \"exitless\" the local APIC is offered as x2APIC only: enable x2APIC "
			  "in the guest, or use interrupts = \"emulated\"", what, (unsigned long long)x->gpa,
			  (unsigned long long)x->rip);
		return;
	}
	exit_stop(x, STOP_FAULT, x->gpa, "isolation: %s at guest-physical 0x%llx, outside its %llu MiB "
		  "(RIP 0x%llx); a partition only reaches its own memory", what,
		  (unsigned long long)x->gpa, (unsigned long long)(p->memory >> 20),
		  (unsigned long long)x->rip);
}
