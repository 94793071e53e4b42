/* SPDX-License-Identifier: BSD-2-Clause */
/* hv_main: the boot sequence both boot paths converge on. */
#include "hv/main.h"
#include "apic/ioapic.h"
#include "apic/lapic.h"
#include "drivers/acpi.h"
#include "drivers/tsc.h"
#include "hv/console.h"
#include "hv/cpu.h"
#include "hv/dev/ports.h"
#include "drivers/uart16550.h"
#include "hv/lib/fmt.h"
#include "hv/time.h"
#include "hv/partition/vcpu.h"
#include "hv/mm/frame.h"
#include "hv/idt.h"
#include "hv/manifest/manifest.h"
#include "hv/manifest/load.h"
#include "hv/partition/partition.h"
#include "hv/partition/run.h"
#include "hv/mm/paging.h"
#include "hv/panic.h"
#include "hv/percpu.h"
#include "hv/plan.h"
#include "hv/selftest.h"
#include "hv/shutdown.h"
#include "hv/smp.h"
#include "hv/lib/string.h"
#include "sched/role.h"

#define SPLITVISOR_VERSION "0.1.0"

struct boot_info *hv_boot_info;
static struct acpi_info acpi;
extern char boot_stack_guard[];

static const void *acpi_identity(uint64_t phys, uint64_t len)
{
	UNUSED(len);
	return (const void *)(uintptr_t)phys;
}

static void setup_logging(const struct boot_info *bi)
{
	char level[16];
	enum log_level l;
	console_init(true);
	if (cmdline_get(bi->cmdline, "log", level, sizeof(level))) {
		if (console_level_from_name(level, &l))
			console_set_level(l);
		else
			hv_warn("cmdline: unknown log level '%s' (use error, warn, info or debug); using info\n", level);
	}
}

static void setup_memory(struct boot_info *bi)
{
	frame_init();
	for (uint32_t i = 0; i < bi->nmem; i++)
		if (bi->mem[i].type == BI_MEM_USABLE)
			frame_add_free(bi->mem[i].base, bi->mem[i].len);
	hv_info("memory: %llu MiB usable in %u ranges; hypervisor image at 0x%llx-0x%llx\n",
		(unsigned long long)(bi_usable_bytes(bi) >> 20), frame_range_count(),
		(unsigned long long)bi->image_base, (unsigned long long)bi->image_end);
	if (bi->mem_truncated)
		hv_warn("memory: the firmware's map has more than %u regions; some memory is not used\n", BI_MAX_MEM);
	/* the legacy RSDP search reads page 0, which our page tables leave unmapped */
	if (!bi->rsdp)
		bi->rsdp = acpi_find_rsdp_legacy(acpi_identity);
	idt_init();
	paging_init(bi);
	paging_load();
	paging_unmap_page((uint64_t)(uintptr_t)boot_stack_guard);
	/* firmware boot-services memory is free now that our page tables are live */
	for (uint32_t i = 0; i < bi->nmem; i++)
		if (bi->mem[i].type == BI_MEM_FIRMWARE)
			frame_add_free(bi->mem[i].base, bi->mem[i].len);
}

static void setup_acpi(const struct boot_info *bi)
{
	char err[200];
	enum acpi_error e = acpi_parse(bi->rsdp, acpi_identity, &acpi, err, sizeof(err));
	if (e == ACPI_ERR_NO_RSDP) {
		hv_warn("%s\n", err);
		acpi_probe_without_tables(&acpi);
		hv_warn("acpi: no tables; falling back to CPUID: probing APIC IDs 0-%u, no ACPI power-off\n",
			acpi.ncpus - 1);
	} else if (e != ACPI_OK) {
		hv_err("%s\n", err);
		hv_shutdown(SHUTDOWN_FAILURE);
	}
	acpi_set_platform(&acpi);
	if (acpi.probed)
		return;
	hv_info("acpi: revision %u, %s, local APIC at 0x%llx, %u IOAPIC(s), PM timer port 0x%x\n",
		acpi.revision, acpi.xsdt ? "XSDT" : "RSDT", (unsigned long long)acpi.lapic_addr,
		acpi.nioapics, acpi.pm_tmr_port);
	for (uint32_t i = 0; i < acpi.nioapics; i++) {
		hv_info("acpi: IOAPIC %u at 0x%x, GSI base %u, %u pins\n", acpi.ioapics[i].id,
			acpi.ioapics[i].addr, acpi.ioapics[i].gsi_base, ioapic_pin_count(acpi.ioapics[i].addr));
		ioapic_mask_all(acpi.ioapics[i].addr);
	}
	pic_disable();
}

/* Fills per-CPU data in MADT order; returns the boot CPU's index. */
static uint32_t setup_cpus(void)
{
	uint32_t bsp_apic = lapic_id(), bsp = 0, n = acpi.ncpus < MAX_CPUS ? acpi.ncpus : MAX_CPUS;
	percpu_set_count(n);
	for (uint32_t i = 0; i < n; i++) {
		struct percpu *p = percpu_of(i);
		p->index = i;
		p->apic_id = acpi.cpus[i].apic_id;
		p->partition = -1;
		p->served_by = -1;
		if (p->apic_id == bsp_apic)
			bsp = i;
	}
	if (acpi.ncpus > MAX_CPUS || acpi.skipped_cpus)
		hv_warn("cpus: the MADT lists %u CPUs; splitvisor uses the first %u\n",
			acpi.ncpus + acpi.skipped_cpus, MAX_CPUS);
	hv_info("cpus: %u found in the %s (%s mode local APICs), boot CPU is CPU %u (APIC ID %u)\n",
		n, acpi.probed ? "CPUID topology" : "MADT", lapic_x2apic() ? "x2APIC" : "xAPIC", bsp, bsp_apic);
	for (uint32_t i = 0; i < n; i++)
		if (!acpi.cpus[i].enabled)
			hv_info("cpus: CPU %u (APIC ID %u) is %s in the MADT; not started\n", i,
				acpi.cpus[i].apic_id, acpi.cpus[i].online_capable ? "online-capable" : "disabled");
	return bsp;
}

/* The boot CPU ran on CPU 0's per-CPU data until the MADT said which CPU it is. */
static void move_bsp_percpu(uint32_t bsp)
{
	struct percpu *p = percpu_of(bsp);
	if (bsp != 0)
		cpu_setup(p); /* new stacks and tables only when it really moves */
	p->online = 1;
}

/* The role table still helps when the manifest was refused: print it plainly. */
static void plan_print_unassigned(void)
{
	hv_info("cpus: %u online; no roles were assigned because the manifest was refused\n", percpu_count());
}

static void apply_hv_settings(const struct manifest *m)
{
	static const enum log_level levels[] = { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };
	char level[16];
	if (!cmdline_get(hv_boot_info->cmdline, "log", level, sizeof(level)))
		console_set_level(levels[m->hv.log]);
}

/* Console input (COM1 receive) goes to the first partition's UART. */
static void forward_console_input(void)
{
	int c = uart_getc_nonblock(COM1_PORT);
	if (c >= 0 && partition_count()) {
		char b = (char)c;
		uart_feed(partition_get(0), &b, 1);
	}
}

/* uart_input=TEXT on the command line: TEXT and a newline arrive on every partition's UART
 * as if typed (for test scripts; '_' stands for a space, '^' for a line break). With
 * uart_input_after=MARK, a partition gets it only once it printed a line holding MARK ('_' a
 * space): typed input that arrives when the guest is ready for it, not at power-on. */
static char test_input[128], test_input_after[64];
static size_t test_input_len;
static uint64_t test_input_repeats[MAX_CPUS];
static bool test_input_waiting[MAX_CPUS];

static size_t decode_test_text(char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		s[n] = s[n] == '_' ? ' ' : s[n] == '^' ? '\n' : s[n];
	return n;
}

static void feed_test_input(void)
{
	char count[16];
	if (!partition_count() || !cmdline_get(hv_boot_info->cmdline, "uart_input", test_input, sizeof(test_input) - 1))
		return;
	size_t n = decode_test_text(test_input);
	test_input[n++] = '\n';
	test_input_len = n;
	bool after = cmdline_get(hv_boot_info->cmdline, "uart_input_after", test_input_after, sizeof(test_input_after));
	decode_test_text(test_input_after);
	uint64_t repeat = 1;
	if (cmdline_get(hv_boot_info->cmdline, "uart_input_repeat", count, sizeof(count))) {
		repeat = 0;
		for (const char *c = count; *c >= '0' && *c <= '9'; c++)
			repeat = repeat * 10 + (uint64_t)(*c - '0');
	}
	for (uint32_t i = 0; i < partition_count() && i < MAX_CPUS; i++) {
		struct partition *p = partition_get(i);
		test_input_repeats[i] = repeat ? repeat - 1 : 0;
		test_input_waiting[i] = after;
		if (after)
			p->uart.wait_for = test_input_after;
		else
			uart_feed(p, test_input, n);
	}
}

/* uart_input_after: the input goes to each partition once its marker line was printed. */
static void feed_waiting_input(void)
{
	for (uint32_t i = 0; i < partition_count() && i < MAX_CPUS; i++) {
		struct partition *p = partition_get(i);
		if (test_input_waiting[i] && __atomic_load_n(&p->uart.waited, __ATOMIC_ACQUIRE)) {
			test_input_waiting[i] = false;
			uart_feed(p, test_input, test_input_len);
		}
	}
}

/* uart_input_repeat=N: the text again whenever a partition has read all of it (a test load). */
static void refeed_test_input(void)
{
	for (uint32_t i = 0; i < partition_count() && i < MAX_CPUS; i++) {
		struct partition *p = partition_get(i);
		if (test_input_repeats[i] && p->uart.rx_head == p->uart.rx_tail && p->state == PART_RUNNING) {
			test_input_repeats[i]--;
			uart_feed(p, test_input, test_input_len);
		}
	}
}

/* The boot CPU serves its guest cores until every partition has ended. */
static NORETURN void serve_until_partitions_end(void)
{
	char arg[24], why[96];
	uint64_t limit_ms = 0, deadline = 0;
	if (cmdline_get(hv_boot_info->cmdline, "run_limit_ms", arg, sizeof(arg))) {
		for (const char *c = arg; *c >= '0' && *c <= '9'; c++)
			limit_ms = limit_ms * 10 + (uint64_t)(*c - '0');
		deadline = time_deadline_us(limit_ms * 1000);
		hv_info("splitvisor: partitions still running after %llu ms will be stopped (run_limit_ms)\n",
			(unsigned long long)limit_ms);
	}
	feed_test_input();
	while (!partitions_all_ended()) {
		hv_service_once();
		forward_console_input();
		refeed_test_input();
		feed_waiting_input();
		if (limit_ms && time_passed(deadline)) {
			fmt_snprintf(why, sizeof(why), "run limit of %llu ms reached (run_limit_ms on the "
				     "command line)", (unsigned long long)limit_ms);
			partitions_stop_all(STOP_LIMIT, why);
			limit_ms = 0;
		}
	}
	bool ok = partitions_all_succeeded();
	if (manifest_active()->hv.stats) {
		hv_info("splitvisor: exit statistics of every partition ([hypervisor] stats = true):\n");
		partitions_print_all_stats();
	}
	hv_info("splitvisor: all partitions ended (%s)\n", ok ? "all by their own request" : "not all cleanly");
	if (manifest_active()->hv.on_partition_exit == MANIFEST_HV_CONTINUE) {
		hv_info("splitvisor: on_partition_exit = \"continue\": the hypervisor keeps running\n");
		hv_service_loop();
	}
	hv_shutdown(ok ? SHUTDOWN_SUCCESS : SHUTDOWN_FAILURE);
}

#ifdef HV_PANIC_TEST
static void panic_test_work(void)
{
	__asm__ volatile("ud2");
}

static void run_panic_test(void)
{
	for (uint32_t i = percpu_count(); i-- > 0;) {
		if (percpu_of(i)->role == ROLE_GUEST && percpu_of(i)->online) {
			hv_info("panic_test: CPU %u executes ud2 on purpose\n", i);
			guest_core_run(i, panic_test_work);
			for (;;)
				hv_service_once();
		}
	}
	panic("panic_test: no guest core; panicking on the boot CPU");
}
#endif

NORETURN void hv_main(struct boot_info *bi)
{
	hv_boot_info = bi;
	percpu_install(percpu_of(0)); /* provisional until the MADT says who we are */
	setup_logging(bi);
	hv_info("\nsplitvisor %s: booted by %s\n", SPLITVISOR_VERSION, bi_source_name(bi->source));
	if (bi->cmdline[0])
		hv_info("cmdline: %s\n", bi->cmdline);
	setup_memory(bi);
	cpu_setup(percpu_of(0));
	setup_acpi(bi);
	tsc_calibrate(&acpi);
	uint32_t bsp = setup_cpus();
	move_bsp_percpu(bsp);
	uint32_t online = smp_start_aps(bi, &acpi);
	if (acpi.probed)
		percpu_set_count(online); /* probed IDs that did not answer do not exist */
	hv_info("cpus: %u of %u online\n", online, percpu_count());
	if (!manifest_load(bi, bsp) || !partitions_allocate()) {
		plan_print_unassigned();
		hv_shutdown(SHUTDOWN_FAILURE);
	}
	apply_hv_settings(manifest_active());
	plan_apply(manifest_active_plan());
	plan_print();
	if (!plan_check_smt()) {
		hv_err("splitvisor: no partition was started\n");
		hv_shutdown(SHUTDOWN_FAILURE);
	}
	partitions_print();
	role_publish();
	if (!selftest_mailbox())
		hv_shutdown(SHUTDOWN_FAILURE);
	hv_info("splitvisor: ready\n");
#ifdef HV_PANIC_TEST
	run_panic_test();
#endif
	if (!partition_count()) {
		hv_info("splitvisor: no partitions to run\n");
		hv_shutdown(SHUTDOWN_SUCCESS);
	}
	if (!partitions_launch(bi))
		hv_shutdown(SHUTDOWN_FAILURE);
	serve_until_partitions_end();
	hv_shutdown(SHUTDOWN_SUCCESS);
}
