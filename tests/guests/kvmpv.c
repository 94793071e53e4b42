/* SPDX-License-Identifier: BSD-2-Clause */
/* Conformance guest "kvmpv": KVM's paravirtual interface as the Linux kernel's
 * Documentation/virt/kvm/x86/{cpuid,msr,hypercalls}.rst define it, and splitvisor's own
 * hypercall space beside it. Two CPUs (the BSP starts one AP), x2APIC mode. Command line:
 * "exitless=1" for a partition with interrupts = "exitless" (no PV unhalt offered, PV EOI never
 * armed); "pveoi=1" where the hypervisor arms PV EOI (the emulated APIC without APIC
 * virtualization); "pveoi=0" where it must not (APIC virtualization, exitless). */
#include "conf.h"

/* KVM_CPUID_FEATURES bits */
#define F_CLOCKSOURCE2 (1u << 3)
#define F_STEAL_TIME (1u << 5)
#define F_PV_EOI (1u << 6)
#define F_PV_UNHALT (1u << 7)
#define F_PV_TLB_FLUSH (1u << 9)
#define F_PV_SEND_IPI (1u << 11)
#define F_POLL_CONTROL (1u << 12)
#define F_PV_SCHED_YIELD (1u << 13)
#define F_STABLE (1u << 24)

#define MSR_STEAL_TIME 0x4B564D03u
#define MSR_PV_EOI 0x4B564D04u
#define MSR_POLL_CONTROL 0x4B564D05u

#define HC_VAPIC_POLL_IRQ 1u
#define HC_KICK_CPU 5u
#define HC_CLOCK_PAIRING 9u
#define HC_SEND_IPI 10u
#define HC_SCHED_YIELD 11u
#define ENOSYS_RET ((uint32_t)-1000)
#define EINVAL_RET ((uint32_t)-22)

#define V_PVEOI 0x41u  /* self IPIs for PV EOI */
#define V_IPI 0x45u    /* PV send-IPI */

static uint32_t exitless, pveoi_expected, shoot4u_expected;

struct steal_time {
	uint64_t steal;
	uint32_t version, flags;
	uint8_t preempted, pad8[3];
	uint32_t pad[11];
};
static volatile struct steal_time st __attribute__((aligned(64)));
static volatile uint32_t eoi_word __attribute__((aligned(64)));

static volatile uint32_t got[2][256];    /* per CPU (0 BSP, 1 AP), per vector */
static volatile uint32_t flag_seen[256]; /* PV EOI flag found set when the vector came */
static volatile uint32_t ignore_flag;    /* the handler EOIs through the register regardless */

/* commands for the AP */
enum { CMD_NONE, CMD_HALT_CLI };
static volatile uint32_t cmd, cmd_seq, ap_halting, ap_woke;

static uint32_t hypercall(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	uint32_t ret;
	__asm__ volatile("vmcall" : "=a"(ret) : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3) : "memory");
	return ret;
}

/* The PV EOI protocol of msr.rst: test and clear the flag in one instruction; set means the
 * EOI is done, else write the EOI register. */
static int pv_eoi_taken(void)
{
	uint8_t was;
	__asm__ volatile("lock btrl $0, %0; setc %1" : "+m"(eoi_word), "=q"(was) : : "memory", "cc");
	return was;
}

void irq_handler(uint32_t v)
{
	if (v == 2)
		return;
	if (ignore_flag) {
		flag_seen[v] += eoi_word & 1;
		apic_eoi();
	} else if (pv_eoi_taken()) {
		flag_seen[v]++;
	} else {
		apic_eoi();
	}
	got[rt_rdmsr(0x802) ? 1 : 0][v]++;
}

static void ap_run(uint32_t c)
{
	if (c != CMD_HALT_CLI)
		return;
	__asm__ volatile("cli");
	ap_halting = 1;
	__asm__ volatile("hlt");
	ap_woke++;
	ap_halting = 0;
	__asm__ volatile("sti");
}

void ap_main(uint32_t index)
{
	(void)index;
	conf_ap_enter();
	rt_x2apic_on();
	rt_wrmsr(0x80F, 0x1FF);
	uint32_t seen = cmd_seq;
	__asm__ volatile("sti");
	for (;;) {
		if (cmd_seq != seen) {
			seen = cmd_seq;
			ap_run(cmd);
		}
		__asm__ volatile("pause");
	}
}

static void leaves(void)
{
	uint32_t r[4];
	cpuid2(0x40000100, 0, r);
	check("kvm-signature", r[1] == 0x4B4D564Bu && r[2] == 0x564B4D56u && r[3] == 0x4Du,
	      "EBX ECX EDX %08x %08x %08x", r[1], r[2], r[3]);
	check("kvm-max-leaf", r[0] >= 0x40000101u, "EAX 0x%x", r[0]);
	uint32_t want = F_CLOCKSOURCE2 | F_STEAL_TIME | F_PV_EOI | F_PV_TLB_FLUSH | F_PV_SEND_IPI |
			F_POLL_CONTROL | F_PV_SCHED_YIELD | F_STABLE | (exitless ? 0 : F_PV_UNHALT);
	cpuid2(0x40000101, 0, r);
	check("kvm-features-exactly-implemented", r[0] == want, "EAX 0x%x, want 0x%x", r[0], want);
	check("kvm-hint-realtime-dedicated", r[3] == 1, "EDX 0x%x, want 1 (KVM_HINTS_REALTIME)", r[3]);
	cpuid2(0x80000007u, 0, r);
	check("invariant-tsc-not-shown", !(r[3] & (1u << 8)), "0x80000007 EDX 0x%x", r[3]);
	cpuid2(0x40000001, 0, r);
	check("splitvisor-hypercall-base", r[1] == 0x53560000u && (r[0] & 7) == 7, "EAX 0x%x EBX 0x%x", r[0], r[1]);
}

static void hypercall_spaces(void)
{
	check("sv-ping-at-base", hypercall(0x53560000u, 0, 0, 0, 0) == 0x5350, "no 0x5350");
	uint32_t r = hypercall(0, 0, 0, 0, 0);
	check("number-0-is-not-splitvisors", r == ENOSYS_RET, "returned 0x%x, want -1000", r);
	r = hypercall(HC_CLOCK_PAIRING, 0, 0, 0, 0);
	check("kvm-unimplemented-enosys", r == ENOSYS_RET, "returned 0x%x, want -1000", r);
	r = hypercall(HC_VAPIC_POLL_IRQ, 0, 0, 0, 0);
	check("kvm-vapic-poll-irq-noop", r == 0, "returned 0x%x", r);
	r = hypercall(0x53560004u, 0, 0, 0, 0);
	check("sv-past-last-enosys", r == ENOSYS_RET, "returned 0x%x", r);
	/* Shoot4U (0x53560003): offered with tlb = "vmm" (CPUID 0x40000001 EAX bit 3), hidden with
	 * tlb = "ipi"; an empty range is refused with -22 */
	uint32_t c[4];
	cpuid2(0x40000001, 0, c);
	check("sv-shoot4u-offered-as-manifest-says", ((c[0] >> 3) & 1) == shoot4u_expected, "EAX 0x%x, want bit 3 = %u",
	      c[0], shoot4u_expected);
	r = hypercall(0x53560003u, 1, 0x5000, 0x5000, 0);
	check("sv-shoot4u-empty-range-einval-or-hidden", r == (shoot4u_expected ? 0xFFFFFFEAu : ENOSYS_RET),
	      "returned 0x%x", r);
	r = hypercall(0x53560003u, 1, 0x5000, 0x6000, 0);
	check("sv-shoot4u-names-one-vcpu", r == (shoot4u_expected ? 1u : ENOSYS_RET), "returned 0x%x", r);
	r = hypercall(HC_SCHED_YIELD, 1, 0, 0, 0);
	check("kvm-sched-yield", r == 0, "returned 0x%x", r);
}

static void steal_time(void)
{
	uint32_t base = (uint32_t)(uintptr_t)&st;
	check("steal-reserved-bits-gp", safe_wrmsr(MSR_STEAL_TIME, base | 2 | 1) == GP, "%s", fault_name(trap_vector));
	check("steal-outside-ram-gp", safe_wrmsr(MSR_STEAL_TIME, 0x40000000ULL | 1) == GP, "%s", fault_name(trap_vector));
	for (uint32_t i = 0; i < sizeof(st); i++)
		((volatile uint8_t *)&st)[i] = 0xAA;
	uint32_t f = safe_wrmsr(MSR_STEAL_TIME, base | 1);
	check("steal-register", f == NOFAULT, "%s", fault_name(f));
	check("steal-filled", st.steal == 0 && st.preempted == 0 && !(st.version & 1) && st.flags == 0,
	      "steal %llu version %u flags %u preempted %u", (unsigned long long)st.steal, st.version, st.flags,
	      st.preempted);
	uint64_t v = 0;
	check("steal-reads-back", safe_rdmsr(MSR_STEAL_TIME, &v) == NOFAULT && v == (base | 1ULL), "0x%llx",
	      (unsigned long long)v);
	/* PV TLB flush: a flush request left in the preempted byte is done (and cleared) at entry */
	st.preempted = 3;
	uint32_t r[4];
	cpuid2(0, 0, r); /* an exit, then an entry */
	check("tlb-flush-request-consumed", st.preempted == 0, "preempted %u", st.preempted);
}

static void poll_control(void)
{
	uint64_t v = 0;
	check("poll-control-default-1", safe_rdmsr(MSR_POLL_CONTROL, &v) == NOFAULT && v == 1, "0x%llx",
	      (unsigned long long)v);
	check("poll-control-reserved-gp", safe_wrmsr(MSR_POLL_CONTROL, 2) == GP, "%s", fault_name(trap_vector));
	check("poll-control-off", safe_wrmsr(MSR_POLL_CONTROL, 0) == NOFAULT && safe_rdmsr(MSR_POLL_CONTROL, &v) == NOFAULT &&
	      v == 0, "0x%llx", (unsigned long long)v);
}

static uint32_t self_ipi_and_wait(uint32_t vector, uint32_t count)
{
	rt_wrmsr(0x830, (1u << 18) | vector); /* self */
	WAIT_US(got[0][vector] >= count, 100000);
	return got[0][vector];
}

static void pv_eoi(void)
{
	uint32_t base = (uint32_t)(uintptr_t)&eoi_word;
	check("pv-eoi-reserved-bit-gp", safe_wrmsr(MSR_PV_EOI, base | 2 | 1) == GP, "%s", fault_name(trap_vector));
	check("pv-eoi-outside-ram-gp", safe_wrmsr(MSR_PV_EOI, 0x40000000ULL | 1) == GP, "%s", fault_name(trap_vector));
	eoi_word = 0;
	check("pv-eoi-enable", safe_wrmsr(MSR_PV_EOI, base | 1) == NOFAULT, "%s", fault_name(trap_vector));
	__asm__ volatile("sti");
	uint32_t n = self_ipi_and_wait(V_PVEOI, 1);
	check("pv-eoi-flag", pveoi_expected ? flag_seen[V_PVEOI] == 1 : flag_seen[V_PVEOI] == 0,
	      "flag found set %u time(s) in 1 interrupt, want %u", flag_seen[V_PVEOI], pveoi_expected);
	/* the EOI in memory took the vector out of service: ISR is clear and it comes again */
	uint64_t isr = rt_rdmsr(0x812); /* ISR bits 64-95 */
	check("pv-eoi-isr-clear", !((isr >> (V_PVEOI - 64)) & 1), "ISR[95:64] 0x%llx", (unsigned long long)isr);
	n = self_ipi_and_wait(V_PVEOI, 2);
	check("pv-eoi-same-vector-again", n == 2, "%u of 2 delivered", n);
	/* a guest may ignore the flag and write the EOI register: all still works */
	ignore_flag = 1;
	self_ipi_and_wait(V_PVEOI, 3);
	self_ipi_and_wait(V_PVEOI, 4);
	ignore_flag = 0;
	n = self_ipi_and_wait(V_PVEOI, 5);
	check("pv-eoi-register-eoi-also-works", n == 5, "%u of 5 delivered", n);
	check("pv-eoi-disable", safe_wrmsr(MSR_PV_EOI, 0) == NOFAULT, "%s", fault_name(trap_vector));
	uint32_t seen = flag_seen[V_PVEOI];
	n = self_ipi_and_wait(V_PVEOI, 6);
	check("pv-eoi-off-flag-never-set", n == 6 && flag_seen[V_PVEOI] == seen, "%u delivered, flag seen %u more times",
	      n, flag_seen[V_PVEOI] - seen);
}

static uint32_t send_ipi(uint32_t lo, uint32_t hi, uint32_t min, uint32_t icr)
{
	return hypercall(HC_SEND_IPI, lo, hi, min, icr);
}

static void pv_send_ipi(void)
{
	uint32_t r = send_ipi(2, 0, 0, V_IPI);
	WAIT_US(got[1][V_IPI] >= 1, 100000);
	check("send-ipi-one", r == 1 && got[1][V_IPI] == 1 && got[0][V_IPI] == 0, "returned %u; AP got %u, BSP %u", r,
	      got[1][V_IPI], got[0][V_IPI]);
	r = send_ipi(3, 0, 0, V_IPI);
	WAIT_US(got[1][V_IPI] >= 2 && got[0][V_IPI] >= 1, 100000);
	check("send-ipi-both", r == 2 && got[1][V_IPI] == 2 && got[0][V_IPI] == 1, "returned %u; AP got %u, BSP %u", r,
	      got[1][V_IPI], got[0][V_IPI]);
	r = send_ipi(1, 0, 1, V_IPI); /* bit 0 is APIC ID 1 */
	WAIT_US(got[1][V_IPI] >= 3, 100000);
	check("send-ipi-min-offset", r == 1 && got[1][V_IPI] == 3, "returned %u; AP got %u", r, got[1][V_IPI]);
	r = send_ipi(0, 2, 0, V_IPI); /* a1 bit 1: APIC ID 33 for a 32-bit caller: nobody */
	check("send-ipi-nobody", r == 0, "returned %u", r);
	r = send_ipi(2, 0, 0, V_IPI | (1u << 11));
	check("send-ipi-logical-einval", r == EINVAL_RET, "returned 0x%x", r);
	r = send_ipi(2, 0, 0, V_IPI | (3u << 18));
	check("send-ipi-shorthand-einval", r == EINVAL_RET, "returned 0x%x", r);
	WAIT_US(0, 20000);
	check("send-ipi-no-extra", got[1][V_IPI] == 3 && got[0][V_IPI] == 1, "AP got %u, BSP %u", got[1][V_IPI],
	      got[0][V_IPI]);
}

static void ap_command(uint32_t c)
{
	cmd = c;
	__atomic_add_fetch(&cmd_seq, 1, __ATOMIC_SEQ_CST);
}

static void kick(void)
{
	if (exitless) {
		uint32_t r = hypercall(HC_KICK_CPU, 0, 1, 0, 0);
		check("kick-not-offered-exitless", r == ENOSYS_RET, "returned 0x%x", r);
		return;
	}
	uint32_t woke = ap_woke;
	ap_command(CMD_HALT_CLI);
	WAIT_US(ap_halting, 100000);
	WAIT_US(0, 20000);
	check("halted-with-interrupts-off-stays", ap_halting && ap_woke == woke, "halting %u woke %u", ap_halting, ap_woke);
	uint32_t r = hypercall(HC_KICK_CPU, 0, 1, 0, 0);
	WAIT_US(ap_woke != woke, 100000);
	check("kick-wakes-halted-vcpu", r == 0 && ap_woke == woke + 1, "returned 0x%x, woke %u", r, ap_woke - woke);
	/* a kick before the HLT ends that HLT at once */
	r = hypercall(HC_KICK_CPU, 0, 1, 0, 0);
	ap_command(CMD_HALT_CLI);
	WAIT_US(ap_woke == woke + 2, 100000);
	check("kick-before-hlt", ap_woke == woke + 2, "woke %u", ap_woke - woke);
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	exitless = rt_cmdline_uint(info, "exitless=", 0);
	pveoi_expected = rt_cmdline_uint(info, "pveoi=", 0);
	shoot4u_expected = rt_cmdline_uint(info, "shoot4u=", 1);
	conf_init("kvmpv");
	rt_x2apic_on();
	rt_wrmsr(0x80F, 0x1FF);
	uint32_t n = conf_start_aps(1);
	check("ap-started", n == 1, "%u AP(s)", n);
	leaves();
	hypercall_spaces();
	steal_time();
	poll_control();
	pv_eoi();
	if (n == 1) {
		pv_send_ipi();
		kick();
	}
	conf_done();
}
