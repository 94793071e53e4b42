/* SPDX-License-Identifier: BSD-2-Clause */
/* Virtual CPUs: guest registers, VMCS, exit context and per-exit-reason statistics. */
#ifndef HV_VCPU_H
#define HV_VCPU_H

#include "hv/lib/types.h"
#include "vmx/vmx.h"
#include "apic/vstate.h"
#include "hv/insn/insn.h"

struct partition;

/* order matters: vmx/entry.asm saves and loads them at these offsets */
struct guest_regs {
	uint64_t rax, rcx, rdx, rbx, rbp, rsi, rdi;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

enum exit_action {
	ACT_ADVANCE_RIP = 1u << 0, /* skip the exiting instruction */
	ACT_WRITE_REGS = 1u << 1,  /* regs changed */
	ACT_INJECT = 1u << 2,      /* deliver inject_* to the guest */
	ACT_STOP = 1u << 3,        /* stop the partition (stop_* say why) */
	ACT_WRITE_CR = 1u << 4,    /* cr0/cr4 (and shadows) changed */
	ACT_FLUSH_EPT = 1u << 5,   /* the partition's EPT changed: INVEPT on this core */
	ACT_SET_RIP = 1u << 6,     /* an emulated instruction: rip, rflags and rsp are the new ones */
	ACT_WRITE_CR2 = 1u << 7,   /* a #PF is injected: cr2 is its address */
};

enum stop_kind { STOP_NONE = 0, STOP_DEBUG_EXIT, STOP_POWER_OFF, STOP_RESET, STOP_FAULT, STOP_LIMIT };

/* What a handler sees and what it asks for; filled on the guest core, handled on
 * the guest core (exits = "local") or on its hypervisor core (exits = "split"). */
struct exit_ctx {
	struct vcpu *vcpu;
	uint32_t reason;
	uint32_t insn_len;
	uint32_t intr_info;
	uint64_t qual;
	uint64_t gpa;
	uint64_t rip, rflags, cr0, cr4, cr0_shadow, cr4_shadow;
	uint64_t cr3, efer, cs_base;
	uint32_t cs_ar, ss_ar;     /* VMCALL only: the mode and CPL of the caller */
	struct guest_regs regs;
	/* for instruction emulation only (EPT violations, string I/O): read on the guest core */
	uint64_t rsp, cr2;
	struct insn_segment seg[6];
	/* results */
	uint32_t actions;
	uint8_t inject_vector;
	uint8_t inject_type;       /* 3 = hardware exception */
	bool inject_has_error;
	uint32_t inject_error;
	uint32_t stop_kind;
	uint64_t stop_status;
	char stop_why[256];
};

struct exit_stat {
	uint64_t count;       /* exits of this reason */
	uint64_t remote;      /* of them handled on the hypervisor core */
	uint64_t guest_ticks; /* TSC ticks on the guest core from exit to the next entry */
	uint64_t hv_ticks;    /* TSC ticks of handlers on the hypervisor core */
};

/* KVM's paravirtual interface (Documentation/virt/kvm/x86/msr.rst, hypercalls.rst): what a
 * vCPU registered (hv/exit/msr_kvm_pv.c) and what it was asked (hv/exit/hc_kvm.c). */
struct kvm_pv {
	uint64_t steal_time_msr;     /* MSR_KVM_STEAL_TIME as written */
	volatile uint8_t *preempted; /* the steal-time structure's preempted byte; NULL: none */
	uint64_t poll_control;       /* MSR_KVM_POLL_CONTROL: bit 0 = host-side halt polling wanted */
	volatile bool unhalt;        /* KVM_HC_KICK_CPU: a halted vCPU runs on */
};

/* WRMSR exits by register, as the halt-polling seed counts them per transaction: the x2APIC ICR
 * (IPIs), the timer (TSC deadline, LVT timer, initial count, divide), EOI, everything else. */
enum wrmsr_kind { WRMSR_ICR, WRMSR_TIMER, WRMSR_EOI, WRMSR_OTHER, WRMSR_KINDS };

/* How often each paravirtual path was taken; every one stands for exits (or waits) saved. */
struct kvm_pv_stats {
	uint64_t pv_eoi;        /* EOIs signalled in memory instead of the APIC's EOI register */
	uint64_t pv_ipi_calls;  /* KVM_HC_SEND_IPI hypercalls */
	uint64_t pv_ipi_targets; /* ... and the vCPUs they reached (one ICR exit each otherwise) */
	uint64_t kicks;         /* KVM_HC_KICK_CPU sent */
	uint64_t yields;        /* KVM_HC_SCHED_YIELD */
	uint64_t tlb_flushes;   /* KVM_VCPU_FLUSH_TLB done at an entry */
	uint64_t steal_updates; /* steal-time structure updates */
	uint64_t poll_off;      /* MSR_KVM_POLL_CONTROL writes that turned host polling off */
	uint64_t shoot4u_calls; /* splitvisor's Shoot4U hypercalls (a TLB shootdown without IPIs) */
	uint64_t shoot4u_targets; /* ... and the vCPUs they named */
};

#define HALT_TRACE 16

/* Halt-polling, per vCPU, with KVM's statistics names (Documentation/virt/kvm/halt-polling.rst). */
struct halt_stats {
	uint64_t attempted_poll;   /* halt_attempted_poll: halts that polled */
	uint64_t successful_poll;  /* halt_successful_poll: ... and were woken while polling */
	uint64_t poll_invalid;     /* halt_poll_invalid: polls ended by no real wake-up (a stop, an INIT) */
	uint64_t wakeup;           /* halt_wakeup: halts that ended after the poll, from waiting */
	uint64_t poll_success_ns;  /* halt_poll_success_ns: time in polls that caught the wake-up */
	uint64_t poll_fail_ns;     /* halt_poll_fail_ns: time in polls that did not */
	uint64_t wait_ns;          /* halt_wait_ns: time waiting after the poll */
	uint64_t grow, shrink;     /* window changes */
	uint64_t window_max_seen;  /* the largest window it reached */
	uint32_t window_trace[HALT_TRACE]; /* the window (ns) after each of its last changes, a ring */
};

/* A vCPU on a shared core (mode = "shared"): what the core's scheduler (sched/) keeps. */
struct vcpu_sched {
	volatile bool start;       /* the runner asked for it to start (vCPU 0, or a SIPI) */
	bool begun;                /* its VMCS is set up on its core */
	volatile bool halted;      /* HLT with nothing to deliver: off the run queue until a wake-up */
	bool if_at_halt;           /* RFLAGS.IF when it halted (it cannot change while halted) */
	bool yield;                /* a PAUSE loop or a yield hypercall: let another vCPU run */
	bool polling;              /* halted, and this core polls for it now */
	bool woken;                /* it was halted and has just been woken: first in line */
	bool blocked;              /* halted past the poll: waiting */
	uint64_t halt_start;       /* TSC when it halted */
	uint64_t window_ns;        /* the halt-polling window (0 until the first grow) */
	uint64_t poll_window;      /* the window of the halt now (0: it does not poll) */
	uint64_t slice_end;        /* TSC when its slice ends */
	uint64_t ready_since;      /* TSC since it waits, runnable, for the core (0: not waiting) */
	uint64_t run_ticks;        /* TSC ticks it held the core */
	uint64_t steal_ticks;      /* ... and waited for it while runnable */
	uint64_t slices, preempted, yields, switches;
	uint64_t switch_ticks;     /* TSC ticks of the switches to it (state, VMCS, flushes) */
	struct halt_stats halt;
	void *core_state;          /* guest state the VMCS does not hold (vmx/core_state.h) */
	volatile bool in_guest;    /* between the flush check before entry and the exit after it */
	volatile uint32_t flush;   /* FLUSH_*: TLB flush to do before it next runs guest code */
	uint64_t flush_start, flush_end; /* FLUSH_RANGE: linear addresses [start, end) */
	uint64_t flushes_range, flushes_all; /* done at entries */
};

enum { FLUSH_RANGE = 1u << 0, FLUSH_WRITING = 1u << 1, FLUSH_ALL = 1u << 2 };

#define START_AT_RESET_VECTOR 0x100 /* sipi_vector of the BSP after an INIT */
enum vcpu_state { VCPU_NEW = 0, VCPU_WAIT_SIPI, VCPU_INIT_RECEIVED, VCPU_STARTING, VCPU_RUNNING, VCPU_STOPPED };

struct vcpu {
	struct guest_regs regs;
	uint32_t index;        /* within the partition */
	uint16_t vpid;
	uint32_t cpu;          /* the guest core it runs on */
	struct partition *part;
	uint64_t vmcs_pa;
	bool launched;
	volatile uint32_t state;
	uint64_t entry_rip;
	uint32_t start_mode;          /* enum load_mode of the first vCPU */
	uint64_t start_cr3;
	uint64_t apic_base;          /* the guest's IA32_APIC_BASE (x2APIC enable) */
	bool exitless;               /* interrupts = "exitless": the core's APIC is the guest's */
	bool shared;                 /* mode = "shared": time-sliced with others on its core */
	struct vcpu_sched sched;
	struct vlapic vlapic;        /* interrupts = "emulated" */
	uint32_t xapic_icr_high;       /* emulated xAPIC: ICR bits 63:32 */
	volatile uint32_t nmi_pending; /* a guest NMI IPI waiting to be injected (virtual NMI) */
	volatile int32_t sipi_vector; /* >= 0: start in real mode at vector << 12 (or reset vector) */
	volatile bool init_pending;   /* an INIT arrived while running: leave the guest, wait for SIPI */
	volatile bool restarting;     /* waiting on its own core for the SIPI after such an INIT */
	uint64_t kvm_system_time;     /* MSR_KVM_SYSTEM_TIME_NEW as the guest wrote it */
	struct kvm_pv kvm;
	struct kvm_pv_stats pvstats;
	struct exit_ctx ctx;        /* synchronous exits */
	struct exit_stat stats[EXIT_REASON_MAX];
	uint64_t wrmsr_exits[WRMSR_KINDS]; /* WRMSR exits by the register written */
	volatile bool stats_skip; /* the current exit is a statistics checkpoint: not counted */
	/* CPUID/MSR state */
	struct vcpu_msrs {
		uint64_t tsc_offset;     /* guest TSC = host TSC + this (the VMCS TSC offset) */
		uint64_t tsc_adjust;     /* IA32_TSC_ADJUST as the guest sees it */
		uint64_t deadline_host;  /* exitless with an offset: the armed TSC deadline, host TSC */
		uint64_t xcr0;           /* what XSETBV last accepted */
		uint64_t pat;            /* IA32_PAT, when the VMCS cannot hold it */
		uint64_t debugctl;       /* IA32_DEBUGCTL (the VMCS guest field) */
		uint64_t mtrr_def_type;
		uint64_t mtrr_fixed[11]; /* 0x250, 0x258, 0x259, 0x268-0x26F */
		uint64_t mtrr_var[16];   /* PHYSBASE0, PHYSMASK0, ..., PHYSMASK7 (0x200-0x20F) */
		uint64_t mcg_status;
		uint64_t mc[2][4];       /* machine-check banks: CTL, STATUS, ADDR, MISC */
		volatile uint32_t sync;  /* MSR_SYNC_*: state the guest core loads before its next entry */
	} msrs;
};

#endif
