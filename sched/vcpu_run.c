/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest-core side of a vCPU: enter, read the exit, handle it here or post it (SplitX), apply. */
#include "sched/vcpu_run.h"
#include "hv/console.h"
#include "hv/cpu.h"
#include "hv/gdt.h"
#include "hv/exit/exit.h"
#include "hv/lib/fmt.h"
#include "hv/mailbox.h"
#include "hv/manifest/manifest.h"
#include "hv/exit/msg.h"
#include "hv/partition/partition.h"
#include "hv/partition/lifecycle.h"
#include "hv/partition/tlb_request.h"
#include "hv/percpu.h"
#include "hv/dev/ports.h"
#include "apic/lapic.h"
#include "apic/vlapic.h"
#include "apic/vicr.h"
#include "hv/exit/emulate.h"
#include "hv/exit/fuzz_check.h"
#include "hv/exit/msr_state.h"
#include "hv/exit/msr_kvm_pv.h"
#include "hv/exit/stats.h"
#include "hv/time.h"
#include "vmx/caps.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

extern int vmx_enter(struct guest_regs *regs, int launched);

#define WATCHDOG_US 10000 /* the preemption timer brings the core back at least this often */

/* What routing needs: reason (already read by the loop), qualification, length, RIP. */
static void read_exit_min(struct vcpu *v, struct exit_ctx *x, uint32_t reason)
{
	x->vcpu = v;
	x->reason = reason;
	x->qual = vmread(VMCS_EXIT_QUALIFICATION);
	x->insn_len = (uint32_t)vmread(VMCS_EXIT_INSN_LEN);
	x->rip = vmread(VMCS_GUEST_RIP);
	x->actions = 0;
}

/* What the instruction emulator needs besides: RSP, CR2 and the segments. */
static void read_emulation_state(struct exit_ctx *x)
{
	x->rsp = vmread(VMCS_GUEST_RSP);
	x->cr2 = read_cr2();
	for (unsigned s = 0; s < 6; s++) {
		x->seg[s].base = vmread(VMCS_GUEST_ES_BASE + 2 * s);
		x->seg[s].limit = (uint32_t)vmread(VMCS_GUEST_ES_LIMIT + 2 * s);
		x->seg[s].ar = (uint32_t)vmread(VMCS_GUEST_ES_AR + 2 * s);
	}
}

/* Everything else a handler may look at. */
static void read_exit_rest(struct vcpu *v, struct exit_ctx *x)
{
	x->intr_info = (uint32_t)vmread(VMCS_EXIT_INTR_INFO);
	x->gpa = vmread(VMCS_GUEST_PHYS_ADDR);
	x->rflags = vmread(VMCS_GUEST_RFLAGS);
	x->cr0 = vmread(VMCS_GUEST_CR0);
	x->cr4 = vmread(VMCS_GUEST_CR4);
	x->cr0_shadow = vmread(VMCS_CR0_SHADOW);
	x->cr4_shadow = vmread(VMCS_CR4_SHADOW);
	x->cr3 = vmread(VMCS_GUEST_CR3);
	x->efer = vmread(VMCS_GUEST_EFER);
	x->cs_base = vmread(VMCS_GUEST_ES_BASE + 2 * SEG_CS);
	x->regs = v->regs;
	if (x->reason == EXIT_VMCALL) { /* the caller's mode and CPL */
		x->cs_ar = (uint32_t)vmread(VMCS_GUEST_ES_AR + 2 * SEG_CS);
		x->ss_ar = (uint32_t)vmread(VMCS_GUEST_ES_AR + 2 * SEG_SS);
	}
	if (exit_needs_emulation(x->reason, x->qual))
		read_emulation_state(x);
}

/* The skipped instruction completed: an STI or MOV SS shadow ends with it. */
static void end_interrupt_shadow(void)
{
	uint64_t shadow = vmread(VMCS_GUEST_INTERRUPTIBILITY);
	if (shadow & 3)
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY, shadow & ~3ULL);
}

static void apply_exit(struct vcpu *v, const struct exit_ctx *x)
{
	if (x->actions & ACT_WRITE_REGS)
		v->regs = x->regs;
	if (x->actions & ACT_WRITE_CR) {
		vmwrite(VMCS_GUEST_CR0, x->cr0);
		vmwrite(VMCS_CR0_SHADOW, x->cr0_shadow);
		vmwrite(VMCS_GUEST_CR4, x->cr4);
		vmwrite(VMCS_CR4_SHADOW, x->cr4_shadow);
	}
	if (x->actions & ACT_SET_RIP) {
		vmwrite(VMCS_GUEST_RIP, x->rip);
		vmwrite(VMCS_GUEST_RFLAGS, x->rflags);
		vmwrite(VMCS_GUEST_RSP, x->rsp);
		end_interrupt_shadow();
	}
	if (x->actions & ACT_WRITE_CR2)
		write_cr2(x->cr2);
	if (x->actions & ACT_ADVANCE_RIP) {
		vmwrite(VMCS_GUEST_RIP, x->rip + x->insn_len);
		/* the instruction completed: interrupt shadows (STI, MOV SS) end with it */
		vmwrite(VMCS_GUEST_INTERRUPTIBILITY, vmread(VMCS_GUEST_INTERRUPTIBILITY) & ~3ULL);
	}
	if (x->actions & ACT_INJECT) {
		/* real mode (unrestricted guest, CR0.PE = 0) pushes no error code: VM entry refuses
		 * one (SDM 26.2.1.3) */
		bool error = x->inject_has_error && (vmread(VMCS_GUEST_CR0) & 1);
		uint32_t info = x->inject_vector | ((uint32_t)x->inject_type << 8) | (1u << 31) |
				(error ? 1u << 11 : 0);
		vmwrite(VMCS_ENTRY_INTR_INFO, info);
		vmwrite(VMCS_ENTRY_EXC_ERROR, x->inject_error);
		vmwrite(VMCS_ENTRY_INSN_LEN, x->insn_len);
	}
	if (x->actions & ACT_FLUSH_EPT)
		vmx_invept_single(v->part->eptp);
	if (x->actions & ACT_STOP)
		partition_request_stop(v->part, x->stop_kind, x->stop_status, x->stop_why);
	msr_sync(v); /* what a handler on the hypervisor core asked of this core (TSC offset, XCR0 ...) */
}

/* Synchronous: post the whole context and wait for the handler on the hypervisor core. */
static void route_sync(struct vcpu *v, struct exit_ctx *x)
{
	struct mbox_msg req = { .type = MSG_EXIT }, reply;
	v->stats[x->reason].remote++;
	req.arg[0] = (uint64_t)(uintptr_t)x;
	mailbox_call(this_cpu()->mbox, &req, &reply);
}

/* Asynchronous I/O write: the message itself carries what the handler needs
 * (qualification and value), written straight into the ring; no waiting. */
static void route_async_io(struct vcpu *v, uint64_t qual, uint64_t rip)
{
	struct mailbox *mb = this_cpu()->mbox;
	struct mbox_msg *req = mailbox_async_slot(mb);
	req->type = MSG_EXIT_ASYNC;
	req->arg[0] = (uint64_t)(uintptr_t)v;
	req->arg[1] = EXIT_IO;
	req->arg[2] = qual;
	req->arg[3] = v->regs.rax;
	req->arg[4] = rip;
	mailbox_async_commit(mb);
	v->stats[EXIT_IO].remote++;
}

/* The fast path of an asynchronous exit: route it, skip the instruction, re-enter. */
static bool try_async_fast(struct vcpu *v, uint32_t reason)
{
	if (reason != EXIT_IO)
		return false;
	uint64_t qual = vmread(VMCS_EXIT_QUALIFICATION);
	if (!ports_async_write_fast(qual))
		return false;
	uint64_t rip = vmread(VMCS_GUEST_RIP);
	v->stats[EXIT_IO].count++;
	route_async_io(v, qual, rip);
	vmwrite(VMCS_GUEST_RIP, rip + vmread(VMCS_EXIT_INSN_LEN));
	end_interrupt_shadow();
	return true;
}

/* Exitless mode: an IPI (WRMSR to the x2APIC ICR) is sent right here, as the only exit the
 * guest needs for it: no exit context, no mailbox. */
static bool try_icr_fast(struct vcpu *v, uint32_t reason)
{
	if (reason != EXIT_WRMSR || !v->exitless || (uint32_t)v->regs.rcx != 0x830 || !vapic_icr_fast(v))
		return false;
	v->stats[EXIT_WRMSR].count++;
	v->wrmsr_exits[WRMSR_ICR]++;
	vmwrite(VMCS_GUEST_RIP, vmread(VMCS_GUEST_RIP) + vmread(VMCS_EXIT_INSN_LEN));
	end_interrupt_shadow();
	return true;
}

static void handle_exit(struct vcpu *v, bool split, uint32_t reason)
{
	struct exit_ctx *x = &v->ctx;


	if (try_icr_fast(v, reason) || (split && try_async_fast(v, reason)))
		return;
	read_exit_min(v, x, reason);
	v->stats[x->reason < EXIT_REASON_MAX ? x->reason : 0].count++;
	if (x->reason == EXIT_WRMSR)
		exit_stats_count_wrmsr(v, (uint32_t)v->regs.rcx);
	enum exit_class cls = exit_classify(x);
	read_exit_rest(v, x);
	if (x->reason == EXIT_EXCEPTION_NMI && ((x->intr_info >> 8) & 7) == 2) {
		vcpu_unblock_nmi(); /* a control NMI: the loop looks at what was asked */
		return;
	}
	if (split && cls == EXIT_CLASS_SYNC)
		route_sync(v, x);
	else
		exit_run_handler(x);
	apply_exit(v, x);
}

/* An event (injected interrupt or exception) whose delivery was cut short by the exit is
 * delivered again at the next entry. */
static void redeliver_interrupted_event(void)
{
	uint32_t info = (uint32_t)vmread(VMCS_IDT_VECTORING_INFO);
	if (!(info & (1u << 31)))
		return; /* nothing cut short; every VM exit already cleared the entry's valid bit */
	vmwrite(VMCS_ENTRY_INTR_INFO, info & ~(1u << 12));
	if (info & (1u << 11))
		vmwrite(VMCS_ENTRY_EXC_ERROR, vmread(0x440A)); /* IDT-vectoring error code */
	vmwrite(VMCS_ENTRY_INSN_LEN, vmread(VMCS_EXIT_INSN_LEN));
}

static uint32_t watchdog_value(void)
{
	uint64_t ticks = time_tsc_hz() / 1000000 * WATCHDOG_US;
	uint64_t v = ticks >> vmx_caps()->preemption_shift;
	return v > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)v;
}

static void report_entry_failure(struct vcpu *v, int rc)
{
	char why[200];
	if (rc == 2) {
		uint32_t err = (uint32_t)vmread(VMCS_INSN_ERROR);
		fmt_snprintf(why, sizeof(why), "VM entry failed on vCPU %u: VM-instruction error %u (%s); "
			     "entry interruption 0x%llx, activity state %llu", v->index, err, vmx_insn_error_name(err),
			     (unsigned long long)vmread(VMCS_ENTRY_INTR_INFO),
			     (unsigned long long)vmread(VMCS_GUEST_ACTIVITY));
	} else {
		fmt_snprintf(why, sizeof(why), "VM entry failed: no current VMCS (VMfailInvalid)");
	}
	partition_request_stop(v->part, STOP_FAULT, (uint64_t)rc, why);
}

static void report_entry_exit_failure(struct vcpu *v, uint32_t raw)
{
	char why[200];
	fmt_snprintf(why, sizeof(why), "VM entry failed: exit reason %u (%s), qualification 0x%llx%s",
		     raw & 0xFFFF, vmx_exit_name(raw & 0xFFFF),
		     (unsigned long long)vmread(VMCS_EXIT_QUALIFICATION),
		     (raw & 0xFFFF) == EXIT_BAD_GUEST_STATE ? ": the guest state is invalid" : "");
	partition_request_stop(v->part, STOP_FAULT, raw, why);
}

/* Exitless: a guest that was halted (activity state HLT) when it exited, and an interrupt for
 * it arrived at the core meanwhile, resumes active; it would take the interrupt on waking, and
 * some CPUs (Bochs) do not wake on one that became pending before the entry. */
static void wake_halted_exitless(void)
{
	if (vmread(VMCS_GUEST_ACTIVITY) == 1 && lapic_irr_pending())
		vmwrite(VMCS_GUEST_ACTIVITY, 0);
}

/* A shared core's vCPU gives the core back to the scheduler: it halted or yielded, its slice
 * is over, or something changed on the core (a wake-up, a flush request). */
static bool leave_core(const struct vcpu *v)
{
	return v->shared && (v->sched.halted || v->sched.yield || this_cpu()->resched || rdtsc() >= v->sched.slice_end);
}

/* The preemption timer: the watchdog, the emulated APIC's next timer, the end of the slice. */
static uint32_t entry_timer(struct vcpu *v, uint32_t watchdog, uint32_t shift)
{
	uint32_t timer = watchdog;
	if (!v->exitless) {
		uint64_t due = vlapic_prepare_entry(v) >> shift;
		if (due < timer)
			timer = (uint32_t)due;
	}
	if (v->shared) {
		uint64_t now = rdtsc();
		uint64_t left = (v->sched.slice_end > now ? v->sched.slice_end - now : 0) >> shift;
		if (left < timer)
			timer = (uint32_t)left;
	}
	return timer;
}

/* Runs v on this core until its partition stops or an INIT arrives (init_pending); on a shared
 * core also until it must leave the core (leave_core). */
void vcpu_run(struct vcpu *v)
{
	bool split = v->part->cfg->exits == MANIFEST_EXITS_SPLIT;
	uint32_t watchdog = watchdog_value();
	uint32_t shift = vmx_caps()->preemption_shift;
	while (v->part->state == PART_RUNNING && !v->init_pending && !leave_core(v)) {
		vcpu_inject_nmi(v);
		if (v->exitless)
			wake_halted_exitless();
		uint32_t timer = entry_timer(v, watchdog, shift);
		vmwrite(VMCS_PREEMPTION_TIMER, timer);
		__atomic_store_n(&v->sched.in_guest, true, __ATOMIC_SEQ_CST);
		tlb_request_run(v); /* Shoot4U: after in_guest is seen, so that no request is missed */
		if (kvm_pv_entry_pending(v))
			kvm_pv_entry(v);
		fuzz_check_entry(v); /* fuzz builds only */
		int rc = vmx_enter(&v->regs, v->launched);
		__atomic_store_n(&v->sched.in_guest, false, __ATOMIC_RELEASE);
		uint64_t t0 = rdtsc();
		if (rc) {
			report_entry_failure(v, rc);
			break;
		}
		v->launched = true;
		uint32_t raw = (uint32_t)vmread(VMCS_EXIT_REASON);
		if (raw & (1u << 31)) {
			report_entry_exit_failure(v, raw);
			break;
		}
		redeliver_interrupted_event();
		if (v->vlapic.pv_eoi_set)
			vlapic_pv_eoi_from_guest(v); /* before any handler looks at the APIC */
		handle_exit(v, split, raw & 0xFFFF);
		struct exit_stat *st = &v->stats[(raw & 0xFFFF) < EXIT_REASON_MAX ? (raw & 0xFFFF) : 0];
		if (v->stats_skip)
			v->stats_skip = false;
		else
			st->guest_ticks += rdtsc() - t0;
	}
}

void vcpu_unblock_nmi(void)
{
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY, vmread(VMCS_GUEST_INTERRUPTIBILITY) & ~8ULL);
	__asm__ volatile("mov %%rsp, %%rax\n\t"
			 "pushq %0\n\t"
			 "pushq %%rax\n\t"
			 "pushfq\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "iretq\n"
			 "1:"
			 :
			 : "i"(SEL_DATA), "i"(SEL_CODE)
			 : "rax", "memory");
}
