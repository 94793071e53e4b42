/* SPDX-License-Identifier: BSD-2-Clause */
/* Application-processor bring-up (INIT-SIPI-SIPI) and per-CPU setup. */
#include "hv/smp.h"
#include "apic/lapic.h"
#include "boot/boot_info.h"
#include "drivers/acpi.h"
#include "hv/console.h"
#include "hv/cpu.h"
#include "hv/mm/frame.h"
#include "hv/idt.h"
#include "hv/mm/paging.h"
#include "hv/panic.h"
#include "hv/percpu.h"
#include "hv/lib/string.h"
#include "hv/time.h"
#include "sched/role.h"

#define AP_ANSWER_US 200000 /* how long a CPU may take to answer */

extern const uint8_t ap_trampoline_start[], ap_trampoline_end[];

struct tramp_params {
	uint64_t cr3, stack, arg, entry;
};

uint64_t stack_alloc(uint64_t size)
{
	uint64_t pages = size / PAGE_SIZE + 1;
	uint64_t base = frame_alloc(pages, PAGE_SIZE, 0);
	if (!base)
		panic("out of memory for a %llu KiB stack", (unsigned long long)(size >> 10));
	paging_unmap_page(base); /* guard page: an overflow faults instead of corrupting */
	return base + pages * PAGE_SIZE;
}

void cpu_setup(struct percpu *p)
{
	uint64_t ist[4] = { 0 };
	for (int i = 1; i <= 3; i++)
		ist[i] = stack_alloc(IST_STACK_SIZE);
	gdt_load(&p->tables, ist);
	idt_load();
	percpu_install(p);
	lapic_init();
	p->apic_id = lapic_id();
}

static NORETURN void ap_entry(struct percpu *p)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	cpu_setup(p);
	__atomic_store_n(&p->online, 1, __ATOMIC_RELEASE);
	role_enter();
}

static bool wait_online(struct percpu *p, uint64_t us)
{
	uint64_t d = time_deadline_us(us);
	while (!__atomic_load_n(&p->online, __ATOMIC_ACQUIRE))
		if (time_passed(d))
			return false;
	return true;
}

static bool start_one(uint64_t tramp, struct percpu *p)
{
	volatile struct tramp_params *tp = (void *)(uintptr_t)(tramp + 0xFE0);
	tp->cr3 = paging_root();
	tp->stack = p->stack_top;
	tp->arg = (uint64_t)(uintptr_t)p;
	tp->entry = (uint64_t)(uintptr_t)ap_entry;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	lapic_send_init(p->apic_id);
	time_delay_us(10000);
	lapic_send_sipi(p->apic_id, (uint8_t)(tramp >> 12));
	if (wait_online(p, 200))
		return true;
	lapic_send_sipi(p->apic_id, (uint8_t)(tramp >> 12));
	return wait_online(p, AP_ANSWER_US);
}

uint32_t smp_start_aps(const struct boot_info *bi, const struct acpi_info *acpi)
{
	uint64_t tramp = bi->trampoline;
	uint32_t online = 1;
	uint32_t bsp = lapic_id();
	if (!tramp) {
		hv_err("smp: no free page below 1 MiB for the AP trampoline; running on the boot CPU only\n");
		return online;
	}
	memcpy((void *)(uintptr_t)tramp, ap_trampoline_start, (size_t)(ap_trampoline_end - ap_trampoline_start));
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *p = percpu_of(i);
		if (p->apic_id == bsp || !acpi->cpus[i].enabled)
			continue;
		p->stack_top = stack_alloc(HV_STACK_SIZE);
		if (start_one(tramp, p)) {
			online++;
		} else if (acpi->probed) {
			hv_info("smp: no CPU answers at APIC ID %u\n", p->apic_id);
		} else {
			hv_err("smp: CPU %u (APIC ID %u) did not answer INIT-SIPI-SIPI within %u ms; "
			       "left out, boot goes on without it\n", i, p->apic_id, AP_ANSWER_US / 1000);
		}
	}
	return online;
}
