/* SPDX-License-Identifier: BSD-2-Clause */
/* Partition lifecycle: load, start its vCPUs on their guest cores, stop, restart, end. */
#include "hv/partition/run.h"
#include "apic/lapic.h"
#include "boot/boot_info.h"
#include "hv/console.h"
#include "drivers/cmos_clock.h"
#include "hv/dev/legacy_ports.h"
#include "hv/time.h"
#include "hv/lib/fmt.h"
#include "hv/cpu.h"
#include "hv/exit/stats.h"
#include "hv/exit/stats_cover.h"
#include "hv/exit/msr_state.h"
#include "hv/loader/loader.h"
#include "hv/loader/acpi.h"
#include "hv/partition/lifecycle.h"
#include "hv/manifest/manifest.h"
#include "hv/manifest/load.h"
#include "hv/partition/partition.h"
#include "hv/percpu.h"
#include "hv/dev/ports.h"
#include "hv/lib/string.h"
#include "hv/partition/vcpu.h"
#include "apic/vicr.h"
#include "hv/dev/assign.h"
#include "apic/vioapic.h"
#include "apic/vlapic.h"
#include "sched/role.h"
#include "sched/vcpu_run.h"
#include "sched/shared_core.h"
#include "sched/switch_flush.h"
#include "vmx/core_state.h"
#include "vmx/caps.h"
#include "vmx/ept.h"
#include "vmx/vmcs.h"

#define MAX_VCPUS_TOTAL 64
static struct vcpu vcpus[MAX_VCPUS_TOTAL];
static uint32_t nvcpus_total;
static const struct boot_info *boot_info; /* where the guest images are */

static const char *const stop_kind_names[] = { "running", "debug exit", "power-off", "reset", "fault", "run limit" };

/* The host's date and time when partitions were launched, and the TSC then: every virtual
 * RTC starts from the host's clock. */
static uint64_t wall_at_launch, tsc_at_launch;

static uint64_t wall_clock_now(void)
{
	uint64_t hz = time_tsc_hz();
	return wall_at_launch + (hz ? (rdtsc() - tsc_at_launch) / hz : 0);
}

static bool prepare(struct partition *p, struct load_result *lr)
{
	char why[200];
	bool restart = p->restarts || p->stop_kind;
	if (restart)
		partition_clear(p); /* a restart: nothing of the last run survives but the CMOS RAM */
	memset(&p->uart, 0, sizeof(p->uart));
	console_quota_reset(&p->quota);
	vioapic_reset(&p->ioapic);
	p->launch_tsc = rdtsc();
	p->launch_wall = wall_clock_now();
	p->kvm_wall_clock = 0;
	legacy_reset(p, p->launch_wall, restart);
	p->stop_kind = 0;
	p->stop_why[0] = 0;
	p->shutdown_match = 0;
	if (!loader_load(p, boot_info, lr, why, sizeof(why)) || !loader_install_acpi(p, why, sizeof(why))) {
		hv_err("partition '%s': %s\n", p->cfg->name, why);
		return false;
	}
	return true;
}

static void reset_vcpu(struct vcpu *v, const struct load_result *lr)
{
	memset(&v->regs, 0, sizeof(v->regs));
	memset(v->stats, 0, sizeof(v->stats));
	v->entry_rip = lr->entry;
	v->start_mode = v->index == 0 ? lr->mode : LOAD_MODE_PM32;
	v->start_cr3 = lr->cr3;
	v->regs.rax = lr->eax;
	v->regs.rbx = lr->ebx;
	v->launched = false;
	v->state = v->index == 0 ? VCPU_NEW : VCPU_WAIT_SIPI;
	/* exitless: the core's APIC is offered as x2APIC only, so firmware hands it over in x2APIC
	 * mode (Linux then keeps x2APIC without interrupt remapping) */
	v->apic_base = VAPIC_DEFAULT_BASE | APIC_BASE_EN | (v->index == 0 ? APIC_BASE_BSP : 0) |
		       (v->exitless ? APIC_BASE_EXTD : 0);
	v->sipi_vector = -1;
	void *core_state = v->sched.core_state; /* allocated once */
	memset(&v->sched, 0, sizeof(v->sched));
	v->sched.core_state = core_state;
	v->kvm_system_time = 0;
	v->kvm = (struct kvm_pv){ .poll_control = 1 }; /* host polling allowed, as KVM starts */
	memset(&v->pvstats, 0, sizeof(v->pvstats));
	vlapic_reset(v);
	msr_vcpu_reset(v);
	if (v->index == 0) /* as firmware leaves the boot CPU's APIC: software-enabled (SVR bit 8) */
		*vlapic_reg(&v->vlapic, VLAPIC_SVR) |= 1u << 8;
}

static void finish(struct partition *p);

static bool setup_vmcs(struct vcpu *v, char *why, size_t size)
{
	struct vmcs_vcpu c = {
		.vmcs_pa = v->vmcs_pa, .index = v->index, .vpid = v->vpid, .exitless = v->exitless, .shared = v->shared,
		.io_bitmap_a = v->part->io_bitmap_a, .apic_page_pa = v->vlapic.page_pa,
		.entry_rip = v->entry_rip, .eptp = v->part->eptp,
	};
	bool ok = vmcs_setup(&c, why, size);
	v->vmcs_pa = c.vmcs_pa;
	v->vlapic.apicv = c.apicv;
	v->vlapic.x2apic_bitmap = true; /* what vmcs_setup chose for APIC virtualization */
	memset(v->vlapic.eoi_exit, 0, sizeof(v->vlapic.eoi_exit));
	v->launched = false;
	return ok;
}

/* v now waits for a SIPI. If every vCPU of its partition does (a guest that cleared the BSP
 * flag of IA32_APIC_BASE, then INITed itself), none is left to send one: the partition is
 * stopped with that reason rather than left hung. */
static void stop_if_none_can_start(const struct vcpu *v)
{
	struct partition *p = v->part;
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		uint32_t s = __atomic_load_n(&p->vcpu[i]->state, __ATOMIC_SEQ_CST);
		if (s == VCPU_NEW || s == VCPU_STARTING || s == VCPU_RUNNING)
			return;
	}
	char why[200];
	fmt_snprintf(why, sizeof(why), "every vCPU waits for a STARTUP IPI after an INIT, so none can send one "
		     "(vCPU %u had cleared the BSP flag, bit 8 of IA32_APIC_BASE, and was INITed)", v->index);
	partition_request_stop(p, STOP_FAULT, 0, why);
}

/* An INIT while the vCPU ran (SDM 8.4.1, 11.6.1): its APIC and registers reset, it waits for a
 * STARTUP IPI and starts again in real mode at its vector, in a fresh VMCS. */
static void init_received(struct vcpu *v)
{
	v->init_pending = false;
	__atomic_store_n(&v->nmi_pending, 0, __ATOMIC_RELEASE); /* an INIT drops a pending NMI, as in KVM */
	vlapic_reset(v);
	if (v->exitless)
		vapic_release_core();
	v->apic_base = VAPIC_DEFAULT_BASE | APIC_BASE_EN | (v->apic_base & (APIC_BASE_BSP | APIC_BASE_EXTD));
	memset(&v->regs, 0, sizeof(v->regs));
	v->restarting = true;
	if (v->apic_base & APIC_BASE_BSP) { /* the BSP does not wait for a SIPI (SDM 8.4.1, 9.1) */
		v->sipi_vector = START_AT_RESET_VECTOR;
		__atomic_store_n(&v->state, VCPU_STARTING, __ATOMIC_RELEASE);
		return;
	}
	v->sipi_vector = -1;
	__atomic_store_n(&v->state, VCPU_INIT_RECEIVED, __ATOMIC_SEQ_CST);
	stop_if_none_can_start(v);
}

/* Real mode at the SIPI's vector << 12, or for the BSP after an INIT at the reset vector
 * F000:FFF0 (CS base 0xF0000: the partition's copy of the vector below 1 MiB, where the loader
 * puts its reset code; there is no ROM at 0xFFFFFFF0). */
static void real_mode_start(const struct vcpu *v)
{
	if (v->sipi_vector == START_AT_RESET_VECTOR)
		vmcs_real_mode_start(0xF000, 0xFFF0);
	else
		vmcs_real_mode_start((uint16_t)(v->sipi_vector << 8), 0);
}

static bool sipi_restart(struct vcpu *v, char *why, size_t size)
{
	v->restarting = false;
	vmx_clear(v->vmcs_pa);
	if (!setup_vmcs(v, why, size))
		return false;
	real_mode_start(v);
	v->state = VCPU_RUNNING;
	return true;
}

/* A dedicated core waits on itself for the SIPI (the BSP needs none). */
static bool restart_after_init(struct vcpu *v, char *why, size_t size)
{
	init_received(v);
	while (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_STARTING || v->sipi_vector < 0)
		if (v->part->state != PART_RUNNING)
			return false;
		else
			cpu_pause();
	return sipi_restart(v, why, size);
}

/* The vCPU's first entry: VMX on this core, its VMCS, its start state. */
static bool begin(struct vcpu *v, char *why, size_t size)
{
	if (!vmx_core_on(why, size) || !setup_vmcs(v, why, size))
		return false;
	vmwrite(VMCS_GUEST_RIP, v->entry_rip);
	if (v->sipi_vector >= 0)
		real_mode_start(v);
	else if (v->start_mode == LOAD_MODE_LONG64)
		vmcs_long_mode_start(v->start_cr3);
	v->state = VCPU_RUNNING;
	return true;
}

/* Its partition stopped: the VMCS is cleared; the last vCPU to end finishes the partition. */
static void end(struct vcpu *v)
{
	struct partition *p = v->part;
	vmx_clear(v->vmcs_pa);
	if (v->exitless)
		vapic_release_core(); /* the next guest on this core starts from a quiet APIC */
	v->state = VCPU_STOPPED;
	if (__atomic_sub_fetch(&p->running_vcpus, 1, __ATOMIC_ACQ_REL) == 0)
		finish(p);
}

static const struct sched_ops shared_ops = { begin, init_received, sipi_restart, end };

/* Guest-core work on a dedicated core: run this core's vCPU until its partition stops. */
static void vcpu_main(void)
{
	struct vcpu *v = this_cpu()->vcpu;
	struct partition *p = v->part;
	char why[200] = "";
	if (!begin(v, why, sizeof(why))) {
		partition_request_stop(p, STOP_FAULT, 0, why);
		v->state = VCPU_STOPPED;
		if (__atomic_sub_fetch(&p->running_vcpus, 1, __ATOMIC_ACQ_REL) == 0)
			finish(p);
		return;
	}
	do
		vcpu_run(v);
	while (v->init_pending && restart_after_init(v, why, sizeof(why)));
	if (why[0] && p->state == PART_RUNNING)
		partition_request_stop(p, STOP_FAULT, 0, why);
	end(v);
}

static void start_vcpu(struct vcpu *v)
{
	if (v->shared)
		sched_start(v);
	else
		guest_core_run(v->cpu, vcpu_main);
}

static void start(struct partition *p)
{
	p->running_vcpus = 1; /* vCPU 0; the others wait for INIT-SIPI-SIPI */
	__atomic_store_n(&p->state, PART_RUNNING, __ATOMIC_RELEASE);
	start_vcpu(p->vcpu[0]);
}

static bool create_vcpus(struct partition *p, const struct manifest *m)
{
	const struct manifest_partition *c = p->cfg;
	bool shared = c->mode == MANIFEST_MODE_SHARED;
	p->nvcpus = shared || c->vcpus < c->cores.count ? c->vcpus : c->cores.count;
	if (p->nvcpus > PARTITION_MAX_VCPUS)
		p->nvcpus = PARTITION_MAX_VCPUS; /* the manifest's validation refused more */
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		if (nvcpus_total == MAX_VCPUS_TOTAL) {
			hv_err("partition '%s': more than %u vCPUs in all partitions\n", c->name, MAX_VCPUS_TOTAL);
			return false;
		}
		struct vcpu *v = &vcpus[nvcpus_total++];
		v->index = i;
		v->vpid = (uint16_t)nvcpus_total; /* 1.. : VPID 0 is the host's */
		v->cpu = manifest_core(m, c->cores, i % c->cores.count); /* its home core */
		v->part = p;
		v->exitless = c->interrupts == MANIFEST_IRQ_EXITLESS;
		v->shared = shared;
		p->vcpu[i] = v;
		p->core_apic_id[i] = percpu_of(v->cpu)->apic_id;
		if (!vlapic_reset(v) || (shared && !(v->sched.core_state = core_state_alloc()))) {
			hv_err("partition '%s': out of memory for its vCPUs' APIC pages and state\n", c->name);
			return false;
		}
		struct percpu *core = percpu_of(v->cpu);
		if (core->nvcpus == PERCPU_MAX_VCPUS) {
			hv_err("partition '%s': CPU %u is the home of more than %u vCPUs\n", c->name, v->cpu,
			       PERCPU_MAX_VCPUS);
			return false;
		}
		core->vcpus[core->nvcpus] = v;
		__atomic_store_n(&core->nvcpus, core->nvcpus + 1, __ATOMIC_RELEASE); /* its loop may be looking */
		if (!shared)
			core->vcpu = v;
	}
	p->eptp = ept_build(p->range, p->nranges);
	if (!p->eptp)
		hv_err("partition '%s': out of memory for its EPT\n", c->name);
	return p->eptp != 0;
}

/* Policies the manifest accepts but this build cannot run yet: refused before anything starts. */
static bool supported(const struct partition *p)
{
	const struct manifest_partition *c = p->cfg;
	char why[200];
	if (!assign_supported(p, why, sizeof(why))) {
		hv_err("partition '%s': %s\n", c->name, why);
		return false;
	}
	return true;
}

/* What shared cores get on this CPU: a yield for spinning vCPUs, and the flushes between partitions. */
static void print_shared_facts(void)
{
	bool any = false;
	for (uint32_t i = 0; i < partition_count(); i++)
		any |= partition_get(i)->cfg->mode == MANIFEST_MODE_SHARED;
	if (!any)
		return;
	uint32_t flush = manifest_active()->hv.switch_flush;
	hv_info("shared cores: PAUSE-loop exiting %s; between partitions a switch does %s ([hypervisor] "
		"switch_flush = \"%s\")\n", vmcs_has_ple() ? "present (spinning vCPUs yield)" : "absent",
		flush == MANIFEST_FLUSH_OFF ? "nothing" : flush == MANIFEST_FLUSH_IBPB ? "IBPB where present" :
		switch_flush_describe(), manifest_switch_flush_names[flush]);
}

bool partitions_launch(const struct boot_info *bi)
{
	char why[300];
	if (!partition_count())
		return true;
	boot_info = bi;
	vcpu_set_starter(start_vcpu);
	sched_set_ops(&shared_ops);
	wall_at_launch = cmos_clock_read();
	tsc_at_launch = rdtsc();
	bool ok = true;
	for (uint32_t i = 0; i < partition_count(); i++)
		ok &= supported(partition_get(i));
	if (!ok) {
		hv_err("splitvisor: no partition was started\n");
		return false;
	}
	if (!vmx_probe(0, why, sizeof(why))) {
		hv_err("vmx: %s\n", why);
		hv_err("vmx: no partition can run on this machine; use a CPU (or a nested setup) with VT-x, "
		       "EPT, VPID, unrestricted guest and the preemption timer\n");
		return false;
	}
	hv_info("vmx: VT-x usable (EPT 2 MiB pages, VPID, unrestricted guest, preemption timer)\n");
	const struct vmx_caps *vc = vmx_caps();
	char opt[8];
	apicv_disabled = cmdline_get(bi->cmdline, "apicv", opt, sizeof(opt)) && strcmp(opt, "off") == 0;
	hv_info("vmx: APIC-register virtualization %s, virtual-interrupt delivery %s, posted interrupts %s; "
		"the emulated APIC %s\n", (vc->proc2_1 >> 8) & 1 ? "present" : "absent",
		(vc->proc2_1 >> 9) & 1 ? "present" : "absent", (vc->pin1 >> 7) & 1 ? "present" : "absent",
		apicv_possible(vc) ? "uses them (apicv=off on the command line turns that off)"
				   : apicv_disabled ? "injects at entry (apicv=off)" : "injects at entry");
	print_shared_facts();
	ports_init();
	if (!vmx_bitmaps_init()) {
		hv_err("vmx: out of memory for the I/O and MSR bitmaps\n");
		return false;
	}
	const struct manifest *m = manifest_active();
	for (uint32_t i = 0; i < partition_count(); i++) {
		struct partition *p = partition_get(i);
		struct load_result lr;
		if (!create_vcpus(p, m) || !assign_devices(p) || !prepare(p, &lr)) {
			ok = false; /* every partition's errors are shown; none starts */
			continue;
		}
		for (uint32_t k = 0; k < p->nvcpus; k++)
			reset_vcpu(p->vcpu[k], &lr);
		hv_info("partition '%s': kernel %s loaded, entry 0x%llx, %u vCPU(s) on CPU", p->cfg->name,
			p->cfg->kernel.name, (unsigned long long)lr.entry, p->nvcpus);
		for (uint32_t k = 0; k < p->nvcpus; k++)
			hv_info(" %u", p->vcpu[k]->cpu);
		hv_info(", exits %s\n", manifest_exits_names[p->cfg->exits]);
	}
	if (!ok) {
		hv_err("splitvisor: no partition was started\n");
		return false;
	}
	for (uint32_t i = 0; i < partition_count(); i++)
		start(partition_get(i));
	return true;
}

/* A reset (the guest rebooted) or a crash boots it again where the manifest says so; a power-off
 * is the guest's own wish to stop and always ends it. */
static bool restart_wanted(const struct partition *p)
{
	return p->cfg->on_exit == MANIFEST_ON_EXIT_RESTART && (p->stop_kind == STOP_FAULT || p->stop_kind == STOP_RESET);
}

static void finish(struct partition *p)
{
	assign_release(p);
	if (p->uart.len) {
		p->uart.line[p->uart.len] = 0;
		hv_info("[%s] %s\n", p->cfg->name, p->uart.line);
	}
	log_printf(p->stop_kind == STOP_FAULT ? LOG_ERROR : LOG_INFO,
		   "partition '%s' stopped (%s, status 0x%llx): %s\n", p->cfg->name,
		   stop_kind_names[p->stop_kind], (unsigned long long)p->stop_status, p->stop_why);
	if (p->quota.dropped)
		hv_warn("partition '%s': %llu console messages not printed (more than %u bytes at once or "
			"%u bytes a second)\n", p->cfg->name, (unsigned long long)p->quota.dropped, QUOTA_BURST,
			QUOTA_PER_SECOND);
	exit_stats_print(p);
	stats_cover_print(p);
	struct load_result lr;
	if (restart_wanted(p) && p->restarts < PARTITION_MAX_RESTARTS && prepare(p, &lr)) {
		p->restarts++;
		hv_info("partition '%s': restarting (on_exit = \"restart\", restart %u of at most %u)\n",
			p->cfg->name, p->restarts, PARTITION_MAX_RESTARTS);
		for (uint32_t k = 0; k < p->nvcpus; k++)
			reset_vcpu(p->vcpu[k], &lr);
		start(p);
		return;
	}
	if (restart_wanted(p))
		hv_err("partition '%s': restarted %u times; not restarting again\n", p->cfg->name, p->restarts);
	__atomic_store_n(&p->state, PART_ENDED, __ATOMIC_RELEASE);
}

bool partitions_all_ended(void)
{
	for (uint32_t i = 0; i < partition_count(); i++)
		if (__atomic_load_n(&partition_get(i)->state, __ATOMIC_ACQUIRE) != PART_ENDED)
			return false;
	return true;
}

bool partitions_all_succeeded(void)
{
	for (uint32_t i = 0; i < partition_count(); i++) {
		const struct partition *p = partition_get(i);
		bool ok = p->stop_kind == STOP_POWER_OFF ||
			  (p->stop_kind == STOP_DEBUG_EXIT && (p->stop_status == 0 || p->stop_status == 0x10));
		if (!ok)
			return false;
	}
	return true;
}

void partitions_stop_all(uint32_t kind, const char *why)
{
	for (uint32_t i = 0; i < partition_count(); i++)
		partition_request_stop(partition_get(i), kind, 0, why);
}

void partitions_print_all_stats(void)
{
	for (uint32_t i = 0; i < partition_count(); i++) {
		exit_stats_print(partition_get(i));
		stats_cover_print(partition_get(i));
	}
}
