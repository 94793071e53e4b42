/* SPDX-License-Identifier: BSD-2-Clause */
/* Conformance guest "ipis": interprocessor interrupts between 3 CPUs (SDM vol. 3 chapter 11,
 * 11.6: ICR, destination modes, shorthands, delivery modes). The BSP starts the APs with the
 * INIT-SIPI-SIPI sequence of SDM 9.4.4.1 (broadcast to all excluding self), then sends IPIs of
 * every kind; each receiver counts what it took per vector, and each check compares the counts
 * of every CPU with what the SDM says should arrive where. Command line: "x2apic=1" runs
 * everything in x2APIC mode (ICR as MSR 0x830, 32-bit destinations, logical = x2APIC cluster),
 * else xAPIC (MMIO; logical = flat and cluster); "cpus=N" the CPUs booted (default 3);
 * "unmodeled=1" adds the x2APIC logical (cluster) deliveries, which bare Bochs does not model
 * (so they are not validated on Bochs). */
#include "conf.h"

#define MAXCPU 8
#define ICR_LO 0x300
#define ICR_HI 0x310
#define FIXED 0x000u
#define LOWPRI 0x100u
#define NMI 0x400u
#define INIT 0x500u
#define STARTUP 0x600u
#define LOGICAL (1u << 11)
#define ASSERT (1u << 14)
#define SELF (1u << 18)
#define ALL_INCL (2u << 18)
#define ALL_EXCL (3u << 18)

static int x2;
static uint32_t unmodeled; /* "unmodeled=1": x2APIC logical deliveries, which bare Bochs does not model */
static uint32_t ncpu = 3;
static volatile uint32_t slot_id[MAXCPU]; /* APIC ID of each CPU slot (0 is the BSP) */
static volatile uint32_t slots = 1;
static volatile uint32_t recv[MAXCPU][256];
static volatile uint32_t ap_starts;
static volatile uint32_t cpuid_id[MAXCPU]; /* CPUID.1:EBX[31:24] as each AP saw it */

/* commands from the BSP to the APs, run in their idle loop */
enum { CMD_NONE, CMD_LOGICAL, CMD_TPR };
static volatile uint32_t cmd, cmd_seq, cmd_ldr[MAXCPU], cmd_dfr, cmd_tpr[MAXCPU], cmd_ack[MAXCPU];

static uint32_t my_id(void) { return x2 ? (uint32_t)rt_rdmsr(0x802) : apic_rd(0x20) >> 24; }
static uint32_t my_slot(void)
{
	uint32_t id = my_id();
	for (uint32_t i = 0; i < slots; i++)
		if (slot_id[i] == id)
			return i;
	return MAXCPU - 1; /* unknown: counted in the last slot, which no CPU owns */
}

void irq_handler(uint32_t v)
{
	recv[my_slot()][v]++;
	if (v != 2)
		apic_eoi();
}

static void run_cmd(uint32_t s)
{
	switch (cmd) {
	case CMD_LOGICAL:
		if (!x2) {
			apic_wr(0xE0, cmd_dfr);
			apic_wr(0xD0, cmd_ldr[s] << 24);
		}
		break;
	case CMD_TPR:
		if (x2)
			rt_wrmsr(0x808, cmd_tpr[s]);
		else
			apic_wr(0x80, cmd_tpr[s]);
		break;
	}
}

static void apic_sw_enable(void)
{
	if (x2) {
		rt_x2apic_on();
		rt_wrmsr(0x80F, 0x15F);
	} else {
		apic_wr(0xF0, 0x15F);
	}
}

void ap_main(uint32_t index)
{
	(void)index;
	conf_ap_enter();
	apic_sw_enable();
	uint32_t id = my_id(), s = MAXCPU - 1;
	for (uint32_t i = 1; i < slots; i++)
		if (slot_id[i] == id)
			s = i; /* started again (INIT-SIPI): the same slot */
	if (s == MAXCPU - 1) {
		s = __atomic_fetch_add(&slots, 1, __ATOMIC_SEQ_CST);
		slot_id[s] = id;
	}
	uint32_t r[4];
	rt_cpuid(1, r);
	cpuid_id[s] = r[1] >> 24;
	__atomic_fetch_add(&ap_starts, 1, __ATOMIC_SEQ_CST);
	uint32_t seen = cmd_seq;
	__asm__ volatile("sti");
	for (;;) {
		if (cmd_seq != seen) {
			seen = cmd_seq;
			run_cmd(s);
			cmd_ack[s] = seen;
		}
		__asm__ volatile("pause");
	}
}

static void all_run(uint32_t c)
{
	cmd = c;
	uint32_t seq = ++cmd_seq;
	run_cmd(0);
	for (uint32_t i = 1; i < slots; i++)
		WAIT_US(cmd_ack[i] == seq, 100000);
}

static void send(uint32_t dest, uint32_t lo)
{
	if (x2) {
		rt_wrmsr(0x830, ((uint64_t)dest << 32) | lo);
	} else {
		apic_wr(ICR_HI, dest << 24);
		apic_wr(ICR_LO, lo);
		WAIT_US(!(apic_rd(ICR_LO) & (1u << 12)), 10000);
	}
}

static void clear_counts(void)
{
	for (uint32_t i = 0; i < MAXCPU; i++)
		for (uint32_t v = 0; v < 256; v++)
			recv[i][v] = 0;
}

static uint32_t total(uint32_t v)
{
	uint32_t t = 0;
	for (uint32_t i = 0; i < MAXCPU; i++)
		t += recv[i][v];
	return t;
}

/* Sends, waits until want_total arrived (or 20 ms), then 2 ms more for extras. */
static void send_and_wait(uint32_t dest, uint32_t lo, uint32_t v, uint32_t want_total)
{
	clear_counts();
	__asm__ volatile("sti");
	send(dest, lo);
	WAIT_US(total(v) >= want_total, 20000);
	WAIT_US(0, 2000);
	__asm__ volatile("cli");
}

/* The counts of vector v per CPU against want (a bit mask of the slots that take it once). */
static void expect(const char *name, uint32_t v, uint32_t want)
{
	int ok = recv[MAXCPU - 1][v] == 0;
	char seen[96];
	uint32_t len = 0;
	seen[0] = 0;
	for (uint32_t i = 0; i < ncpu; i++) {
		if (recv[i][v] != ((want >> i) & 1))
			ok = 0;
		cname(seen + len, sizeof(seen) - len, "cpu%u %u%s", i, recv[i][v], i + 1 < ncpu ? ", " : "");
		while (seen[len])
			len++;
	}
	check(name, ok, "vector 0x%x taken: %s; want once on the CPUs of mask 0x%x", v, seen, want);
}

static void fixed_checks(void)
{
	uint32_t all = (1u << ncpu) - 1;
	char name[48];
	for (uint32_t i = 0; i < ncpu; i++) {
		send_and_wait(slot_id[i], FIXED | 0x41, 0x41, 1);
		expect(cname(name, sizeof(name), "fixed-physical-to-cpu%u", i), 0x41, 1u << i);
	}
	send_and_wait(x2 ? 0xFFFFFFFFu : 0xFF, FIXED | 0x42, 0x42, ncpu);
	expect("fixed-physical-broadcast-destination", 0x42, all);
	send_and_wait(0, SELF | FIXED | 0x43, 0x43, 1);
	expect("shorthand-self", 0x43, 1);
	send_and_wait(0, ALL_INCL | FIXED | 0x44, 0x44, ncpu);
	expect("shorthand-all-including-self", 0x44, all);
	send_and_wait(0, ALL_EXCL | FIXED | 0x45, 0x45, ncpu - 1);
	expect("shorthand-all-excluding-self", 0x45, all & ~1u);
	/* the destination field is ignored with a shorthand (SDM 11.6.1) */
	send_and_wait(slot_id[1], SELF | FIXED | 0x46, 0x46, 1);
	expect("shorthand-self-ignores-destination", 0x46, 1);
	/* nobody has this physical ID: nothing arrives */
	send_and_wait(x2 ? 0x1234u : 0x0Eu, FIXED | 0x47, 0x47, 1);
	expect("fixed-physical-absent-id-not-delivered", 0x47, 0);
}

static void logical_checks(void)
{
	uint32_t all = (1u << ncpu) - 1, n = ncpu;
	if (x2) {
		/* x2APIC cluster model (SDM 11.12.10.2): LDR = ID[19:4] << 16 | 1 << ID[3:0], derived by
		 * hardware; a destination names one cluster and a bit mask of its members. Bare Bochs
		 * delivers no x2APIC logical IPI at all (its x2APIC LDR reads 0): the delivery checks
		 * run with "unmodeled=1" only, the non-delivery checks always. */
		uint32_t id = slot_id[1];
		if (unmodeled) {
			send_and_wait(((id >> 4) << 16) | (1u << (id & 0xF)), LOGICAL | FIXED | 0x49, 0x49, 1);
			expect("x2apic-cluster-one-member", 0x49, 2);
			uint32_t members = 0, want = 0;
			for (uint32_t i = 0; i < n; i++)
				if ((slot_id[i] >> 4) == (id >> 4))
					members |= 1u << (slot_id[i] & 0xF), want |= 1u << i;
			send_and_wait(((id >> 4) << 16) | members, LOGICAL | FIXED | 0x4A, 0x4A, n);
			expect("x2apic-cluster-all-members", 0x4A, want);
		}
		uint32_t cl = id >> 4, other = ((cl + 1) << 16) | (1u << (id & 0xF));
		send_and_wait(other, LOGICAL | FIXED | 0x48, 0x48, 1);
		expect("x2apic-cluster-other-cluster-not-delivered", 0x48, 0);
		send_and_wait(cl << 16, LOGICAL | FIXED | 0x48, 0x48, 1);
		expect("x2apic-cluster-empty-member-mask-not-delivered", 0x48, 0);
		return;
	}
	/* flat model: each CPU i has LDR bit i; a destination is a bit mask (SDM 11.6.2.2) */
	cmd_dfr = 0xFFFFFFFF;
	for (uint32_t i = 0; i < n; i++)
		cmd_ldr[i] = 1u << i;
	all_run(CMD_LOGICAL);
	send_and_wait(0x02, LOGICAL | FIXED | 0x48, 0x48, 1);
	expect("logical-flat-one-cpu", 0x48, 2);
	send_and_wait(all & ~1u, LOGICAL | FIXED | 0x49, 0x49, n - 1);
	expect("logical-flat-several-cpus", 0x49, all & ~1u);
	send_and_wait(0xFF, LOGICAL | FIXED | 0x4A, 0x4A, n);
	expect("logical-flat-all-bits", 0x4A, all);
	send_and_wait(1u << n, LOGICAL | FIXED | 0x4B, 0x4B, 1);
	expect("logical-flat-no-match-not-delivered", 0x4B, 0);
	/* lowest priority to a set: exactly one CPU of the set takes it (SDM 11.6.2.4) */
	send_and_wait(all & ~1u, LOGICAL | LOWPRI | 0x4C, 0x4C, 1);
	uint32_t got = 0, where = 0;
	for (uint32_t i = 0; i < n; i++)
		if (recv[i][0x4C])
			got += recv[i][0x4C], where |= 1u << i;
	check("lowest-priority-one-cpu-of-the-set", got == 1 && (where & ~(all & ~1u)) == 0,
	      "taken %u time(s), by the CPUs of mask 0x%x; want once by one of mask 0x%x", got, where, all & ~1u);
	/* cluster model: cluster in bits 7:4, members in 3:0 */
	cmd_dfr = 0x0FFFFFFF;
	cmd_ldr[0] = 0x11;
	cmd_ldr[1] = 0x12;
	for (uint32_t i = 2; i < n; i++)
		cmd_ldr[i] = 0x20 | (1u << ((i - 2) & 3));
	all_run(CMD_LOGICAL);
	send_and_wait(0x13, LOGICAL | FIXED | 0x4D, 0x4D, 2);
	expect("logical-cluster-two-members", 0x4D, 3);
	send_and_wait(0x21, LOGICAL | FIXED | 0x4E, 0x4E, 1);
	expect("logical-cluster-other-cluster", 0x4E, n > 2 ? 4 : 0);
	send_and_wait(0x14, LOGICAL | FIXED | 0x4F, 0x4F, 1);
	expect("logical-cluster-no-member-not-delivered", 0x4F, 0);
	send_and_wait(0x32, LOGICAL | FIXED | 0x4F, 0x4F, 1);
	expect("logical-cluster-wrong-cluster-not-delivered", 0x4F, 0);
	/* back to flat, LDR 0 */
	cmd_dfr = 0xFFFFFFFF;
	for (uint32_t i = 0; i < n; i++)
		cmd_ldr[i] = 0;
	all_run(CMD_LOGICAL);
}

static void nmi_checks(void)
{
	uint32_t all = (1u << ncpu) - 1;
	send_and_wait(slot_id[1], NMI, 2, 1);
	expect("nmi-physical-to-cpu1", 2, 2);
	send_and_wait(0, ALL_EXCL | NMI, 2, ncpu - 1);
	expect("nmi-all-excluding-self", 2, all & ~1u);
	/* (no NMI with the self shorthand: the SDM's table of valid ICR combinations allows only
	 * fixed delivery with "self") */
	/* the TPR does not hold back an NMI, only fixed interrupts (SDM 11.8.3) */
	for (uint32_t i = 0; i < ncpu; i++)
		cmd_tpr[i] = 0xF0;
	all_run(CMD_TPR);
	send_and_wait(slot_id[1], NMI, 2, 1);
	expect("nmi-not-blocked-by-tpr", 2, 2);
	send_and_wait(slot_id[1], FIXED | 0x50, 0x50, 1);
	expect("fixed-blocked-by-tpr-0xf0", 0x50, 0);
	for (uint32_t i = 0; i < ncpu; i++)
		cmd_tpr[i] = 0;
	clear_counts();
	__asm__ volatile("sti");
	all_run(CMD_TPR); /* the held vector 0x50 arrives now on CPU 1 */
	WAIT_US(total(0x50) >= 1, 20000);
	__asm__ volatile("cli");
	expect("fixed-held-by-tpr-delivered-when-lowered", 0x50, 2);
}

/* INIT then STARTUP to one AP: it runs the start-up code again (SDM 9.4.4, 11.6.1). */
static void restart_checks(void)
{
	uint32_t before = ap_starts;
	send(slot_id[ncpu - 1], INIT | ASSERT);
	WAIT_US(0, 10000);
	send(slot_id[ncpu - 1], STARTUP | 0x07);
	int back = WAIT_US(ap_starts > before, 1000000);
	check("init-startup-restarts-one-ap", back && ap_starts == before + 1, "%u start(s) after INIT-SIPI to CPU %u",
	      ap_starts - before, ncpu - 1);
	if (back) {
		send_and_wait(slot_id[ncpu - 1], FIXED | 0x51, 0x51, 1);
		expect("restarted-ap-takes-fixed-ipi", 0x51, 1u << (ncpu - 1));
	}
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	x2 = rt_cmdline_uint(info, "x2apic=", 0) == 1;
	ncpu = rt_cmdline_uint(info, "cpus=", 3);
	unmodeled = rt_cmdline_uint(info, "unmodeled=", 0);
	if (ncpu < 2 || ncpu > MAXCPU - 1)
		ncpu = 3;
	conf_init("ipis");
	uint32_t r[4];
	rt_cpuid(1, r);
	if (x2 && !((r[2] >> 21) & 1)) {
		skip("x2apic", "CPUID.1:ECX.x2APIC[21] is 0");
		conf_done();
	}
	apic_sw_enable();
	slot_id[0] = my_id();
	check("bsp-apic-id-is-cpuid-initial-apic-id", (slot_id[0] & 0xFF) == r[1] >> 24, "APIC ID %u, CPUID.1:EBX[31:24] %u",
	      slot_id[0], r[1] >> 24);
	uint32_t n = conf_start_aps(ncpu - 1);
	check("init-sipi-sipi-starts-every-ap", n == ncpu - 1 && slots == ncpu, "%u AP(s) started, want %u", n, ncpu - 1);
	if (slots < ncpu) {
		ncpu = slots;
		if (ncpu < 2)
			conf_done();
	}
	int unique = 1, cpuid_ok = 1;
	for (uint32_t i = 0; i < ncpu; i++) {
		for (uint32_t j = 0; j < i; j++)
			if (slot_id[i] == slot_id[j])
				unique = 0;
		if (i && (slot_id[i] & 0xFF) != cpuid_id[i])
			cpuid_ok = 0;
	}
	check("apic-ids-unique", unique, "two CPUs share an APIC ID");
	check("ap-apic-id-is-cpuid-initial-apic-id", cpuid_ok, "an AP's APIC ID differs from its CPUID.1:EBX[31:24]");
	fixed_checks();
	logical_checks();
	nmi_checks();
	restart_checks();
	conf_done();
}
