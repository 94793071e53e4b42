/* SPDX-License-Identifier: BSD-2-Clause */
/* The emulated local APIC (interrupts = "emulated"): x2APIC registers, timer, injection. */
#include "apic/vlapic.h"
#include "apic/lapic.h"
#include "hv/cpu.h"
#include "hv/exit/exit.h"
#include "hv/partition/partition.h"
#include "hv/percpu.h"
#include "hv/time.h"
#include "hv/lib/string.h"
#include "hv/partition/vcpu.h"
#include "hv/mm/frame.h"
#include "apic/vicr.h"
#include "apic/vioapic.h"
#include "apic/vdeliver.h"
#include "vmx/vmx.h"
#include "vmx/vmcs.h"

#define LVT_MASKED (1u << 16)
#define TIMER_MODE(lvt) (((lvt) >> 17) & 3) /* 0 one-shot, 1 periodic, 2 TSC deadline */
#define PROC_INTR_WINDOW (1u << 2)

bool vlapic_reset(struct vcpu *v)
{
	struct vlapic *a = &v->vlapic;
	if (!a->page) {
		a->page_pa = frame_alloc(1, PAGE_SIZE, 0);
		if (!a->page_pa)
			return false;
		a->page = (uint32_t *)(uintptr_t)a->page_pa;
	}
	struct vlapic keep = *a; /* the page and what the VMCS was last given survive a reset */
	memset(a, 0, sizeof(*a));
	memset(keep.page, 0, PAGE_SIZE);
	a->page = keep.page;
	a->page_pa = keep.page_pa;
	a->apicv = keep.apicv;
	a->x2apic_bitmap = keep.x2apic_bitmap;
	memcpy(a->eoi_exit, keep.eoi_exit, sizeof(a->eoi_exit));
	*vlapic_reg(a, VLAPIC_ID) = v->index << 24;  /* the xAPIC form; x2APIC mode reads the index */
	*vlapic_reg(a, VLAPIC_VERSION) = VLAPIC_VERSION_VALUE;
	*vlapic_reg(a, VLAPIC_DFR) = 0xFFFFFFFFu;    /* flat model */
	*vlapic_reg(a, VLAPIC_SVR) = 0xFF;           /* software-disabled, spurious vector 0xFF */
	for (uint32_t o = VLAPIC_LVT_TIMER; o <= 0x370; o += 0x10)
		*vlapic_reg(a, o) = LVT_MASKED;
	*vlapic_reg(a, VLAPIC_LVT_CMCI) = LVT_MASKED;
	return true;
}

/* The highest vector set in one of the 256-bit registers (ISR, IRR), -1 when none. */
static int highest(struct vlapic *a, uint32_t base)
{
	for (int w = 7; w >= 0; w--) {
		uint32_t bits = *vlapic_reg(a, base + 0x10 * (uint32_t)w);
		if (bits)
			return w * 32 + 31 - __builtin_clz(bits);
	}
	return -1;
}

static bool test_bit(struct vlapic *a, uint32_t base, int v) { return (*vlapic_reg(a, base + 0x10 * (uint32_t)(v / 32)) >> (v % 32)) & 1; }
static void set_bit(struct vlapic *a, uint32_t base, int v) { *vlapic_reg(a, base + 0x10 * (uint32_t)(v / 32)) |= 1u << (v % 32); }
static void clear_bit(struct vlapic *a, uint32_t base, int v) { *vlapic_reg(a, base + 0x10 * (uint32_t)(v / 32)) &= ~(1u << (v % 32)); }

static uint32_t ppr(struct vlapic *a)
{
	int isr = highest(a, VLAPIC_ISR);
	uint32_t isrv = isr < 0 ? 0 : (uint32_t)isr & 0xF0;
	uint32_t tpr = *vlapic_reg(a, VLAPIC_TPR);
	return (tpr & 0xF0) >= isrv ? tpr & 0xFF : isrv; /* SDM 11.8.3.1 */
}

/* The shortest one-shot or periodic timer period: 200 us, as KVM's min_timer_period_us. */
#define VLAPIC_MIN_PERIOD_US 200
static uint64_t min_period(void) { return time_tsc_hz() / 1000000 * VLAPIC_MIN_PERIOD_US; }

void vlapic_arm_timer(struct vlapic *a)
{
	uint32_t lvt = *vlapic_reg(a, VLAPIC_LVT_TIMER), init = *vlapic_reg(a, VLAPIC_INIT_COUNT);
	a->expiry = 0;
	a->period = 0;
	if (TIMER_MODE(lvt) == 2) {
		a->expiry = a->tsc_deadline;
	} else if (init) {
		uint64_t ticks = (uint64_t)init << a->divide_shift; /* one APIC tick = one TSC tick */
		if (ticks < min_period())
			ticks = min_period(); /* no timer storm can take the core from the hypervisor */
		a->expiry = rdtsc() + ticks;
		if (TIMER_MODE(lvt) == 1)
			a->period = ticks;
	}
}

static uint32_t divide_shift(uint32_t dcr)
{
	uint32_t code = (dcr & 3) | ((dcr >> 1) & 4); /* bits 0, 1, 3 */
	return code == 7 ? 0 : code + 1;
}

uint32_t vlapic_current_count(struct vlapic *a)
{
	uint64_t now = rdtsc(), left;
	if (!a->expiry || TIMER_MODE(*vlapic_reg(a, VLAPIC_LVT_TIMER)) == 2)
		return 0;
	if (now < a->expiry)
		left = a->expiry - now;
	else if (a->period) /* periodic: the count reloaded at each expiry, even one not yet handled */
		left = a->period - (now - a->expiry) % a->period;
	else
		return 0;
	return (uint32_t)(left >> a->divide_shift);
}

void vlapic_set_divide(struct vlapic *a, uint32_t dcr)
{
	*vlapic_reg(a, VLAPIC_DIVIDE) = dcr & 0xB;
	a->divide_shift = divide_shift(dcr);
}

uint32_t vlapic_ppr(struct vlapic *a) { return ppr(a); }

/* EOI: the highest vector in service is done; a level-triggered one (TMR) is also done at
 * the IOAPIC, which may deliver its pin again (SDM 11.8.5). */
void vlapic_eoi(struct vcpu *v)
{
	struct vlapic *a = &v->vlapic;
	int top = highest(a, VLAPIC_ISR);
	if (top < 0)
		return;
	clear_bit(a, VLAPIC_ISR, top);
	if (test_bit(a, VLAPIC_TMR, top)) {
		clear_bit(a, VLAPIC_TMR, top);
		vioapic_eoi(v->part, (uint8_t)top);
	}
}

/* KVM's PV EOI (MSR_KVM_PV_EOI_EN): after an exit, a flag the guest cleared is its EOI. */
void vlapic_pv_eoi_from_guest(struct vcpu *v)
{
	struct vlapic *a = &v->vlapic;
	a->pv_eoi_set = false;
	if (__atomic_fetch_and(a->pv_eoi, ~1u, __ATOMIC_ACQ_REL) & 1)
		return; /* still set: no EOI yet */
	vlapic_eoi(v);
	v->pvstats.pv_eoi++;
}

/* Before an entry: the guest may EOI in memory when the vector in service is alone (nothing
 * else requested) and edge-triggered (no IOAPIC to tell), as KVM decides it. */
static void pv_eoi_to_guest(struct vlapic *a)
{
	int top = highest(a, VLAPIC_ISR);
	if (top < 0 || test_bit(a, VLAPIC_TMR, top) || highest(a, VLAPIC_IRR) >= 0)
		return;
	__atomic_fetch_or(a->pv_eoi, 1u, __ATOMIC_ACQ_REL);
	a->pv_eoi_set = true;
}

void vlapic_level_eoi(struct vcpu *v, uint8_t vector)
{
	clear_bit(&v->vlapic, VLAPIC_TMR, vector);
	vioapic_eoi(v->part, vector);
}

void vlapic_self_ipi(struct vlapic *a, uint8_t vector)
{
	if (vector < 16)
		a->esr_pending |= ESR_SEND_ILLEGAL_VECTOR;
	else
		set_bit(a, VLAPIC_IRR, vector);
}

/* Accepts what other cores posted: IRR, and TMR set for level-triggered vectors, clear for
 * edge-triggered ones (SDM 11.5.5). */
static void merge_pending(struct vlapic *a)
{
	for (uint32_t w = 0; w < 8; w++) {
		if (!__atomic_load_n(&a->pending[w], __ATOMIC_ACQUIRE))
			continue;
		uint32_t bits = __atomic_exchange_n(&a->pending[w], 0, __ATOMIC_ACQ_REL);
		uint32_t level = __atomic_exchange_n(&a->pending_level[w], 0, __ATOMIC_ACQ_REL) & bits;
		*vlapic_reg(a, VLAPIC_IRR + 0x10 * w) |= bits;
		*vlapic_reg(a, VLAPIC_TMR + 0x10 * w) = (*vlapic_reg(a, VLAPIC_TMR + 0x10 * w) & ~bits) | level;
	}
}

static void fire_timer(struct vlapic *a)
{
	uint32_t lvt = *vlapic_reg(a, VLAPIC_LVT_TIMER);
	if (!a->expiry || rdtsc() < a->expiry)
		return;
	if (!(lvt & LVT_MASKED) && (lvt & 0xFF) >= 16)
		set_bit(a, VLAPIC_IRR, (int)(lvt & 0xFF));
	a->expiry = a->period ? a->expiry + a->period : 0;
	if (TIMER_MODE(lvt) == 2)
		a->tsc_deadline = 0;
}

static int deliverable(struct vlapic *a)
{
	int v = highest(a, VLAPIC_IRR);
	return v >= 0 && ((uint32_t)v & 0xF0) > (ppr(a) & 0xF0) ? v : -1;
}

static void set_window(bool on)
{
	uint64_t proc = vmread(VMCS_PROC_CTLS);
	vmwrite(VMCS_PROC_CTLS, on ? proc | PROC_INTR_WINDOW : proc & ~(uint64_t)PROC_INTR_WINDOW);
}

/* With virtual-interrupt delivery the CPU delivers and completes (EOI) by itself: hand it the
 * highest requesting vector (RVI) and the one in service (SVI). */
/* With APIC virtualization the EOI of a level-triggered vector must still reach the IOAPIC:
 * its bit in the EOI-exit bitmap makes that EOI exit (SDM 29.1.3); the bitmap follows TMR. */
static void update_eoi_exit_bitmap(struct vlapic *a)
{
	for (uint32_t w = 0; w < 8; w += 2) {
		uint32_t lo = vlapic_get(a, VLAPIC_TMR + 0x10 * w), hi = vlapic_get(a, VLAPIC_TMR + 0x10 * (w + 1));
		if (lo == a->eoi_exit[w] && hi == a->eoi_exit[w + 1])
			continue;
		vmwrite(VMCS_EOI_EXIT_BITMAP0 + w, ((uint64_t)hi << 32) | lo);
		a->eoi_exit[w] = lo;
		a->eoi_exit[w + 1] = hi;
	}
}

static void set_guest_interrupt_status(struct vlapic *a)
{
	int rvi = highest(a, VLAPIC_IRR), svi = highest(a, VLAPIC_ISR);
	vmwrite(VMCS_GUEST_INTR_STATUS, (uint64_t)(rvi < 0 ? 0 : rvi) | ((uint64_t)(svi < 0 ? 0 : svi) << 8));
}

uint64_t vlapic_prepare_entry(struct vcpu *v)
{
	struct vlapic *a = &v->vlapic;
	merge_pending(a);
	fire_timer(a);
	int vec = a->apicv ? -1 : deliverable(a);
	if (a->apicv) {
		bool x2apic = v->apic_base & APIC_BASE_EXTD;
		if (x2apic != a->x2apic_bitmap) {
			vmcs_apicv_msr_bitmap(x2apic);
			a->x2apic_bitmap = x2apic;
		}
		update_eoi_exit_bitmap(a);
		set_guest_interrupt_status(a);
	}
	if (vec >= 0 && !(vmread(VMCS_ENTRY_INTR_INFO) & (1u << 31))) {
		bool open = (vmread(VMCS_GUEST_RFLAGS) & (1u << 9)) && !(vmread(VMCS_GUEST_INTERRUPTIBILITY) & 3);
		if (open) {
			vmwrite(VMCS_ENTRY_INTR_INFO, (uint32_t)vec | (1u << 31)); /* external interrupt */
			clear_bit(a, VLAPIC_IRR, vec);
			set_bit(a, VLAPIC_ISR, vec);
		} else {
			set_window(true); /* exit as soon as the guest can take it */
		}
	}
	if (a->pv_eoi && !a->apicv)
		pv_eoi_to_guest(a);
	if (!a->expiry)
		return UINT64_MAX;
	uint64_t now = rdtsc();
	return a->expiry > now ? a->expiry - now : 0;
}

void vlapic_handle_interrupt_window(void) { set_window(false); }

bool vlapic_wake_pending(struct vcpu *v, bool if_on)
{
	struct vlapic *a = &v->vlapic;
	merge_pending(a);
	fire_timer(a);
	if ((if_on && deliverable(a) >= 0) || v->nmi_pending || v->init_pending || v->part->state != PART_RUNNING)
		return true;
	return __atomic_exchange_n(&v->kvm.unhalt, false, __ATOMIC_ACQ_REL); /* KVM_HC_KICK_CPU */
}

uint64_t vlapic_timer_due(const struct vcpu *v) { return v->vlapic.expiry ? v->vlapic.expiry : UINT64_MAX; }

/* HLT in emulated mode. A dedicated core waits here until something is deliverable (or the
 * partition stops), then completes the HLT. A shared core's vCPU completes it at once and is
 * marked halted: its core's scheduler polls for the wake-up or gives the core to another. */
void vlapic_handle_hlt(struct vcpu *v)
{
	bool if_on = vmread(VMCS_GUEST_RFLAGS) & (1u << 9);
	vmwrite(VMCS_GUEST_RIP, vmread(VMCS_GUEST_RIP) + vmread(VMCS_EXIT_INSN_LEN));
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY, vmread(VMCS_GUEST_INTERRUPTIBILITY) & ~3ULL); /* STI; HLT */
	if (v->shared) {
		if (!vlapic_wake_pending(v, if_on)) {
			v->sched.if_at_halt = if_on;
			v->sched.halted = true;
		}
		return;
	}
	while (!vlapic_wake_pending(v, if_on))
		cpu_pause();
}

void vcpu_inject_nmi(struct vcpu *v)
{
	if (!__atomic_load_n(&v->nmi_pending, __ATOMIC_ACQUIRE) || (vmread(VMCS_ENTRY_INTR_INFO) & (1u << 31)))
		return;
	if (vmread(VMCS_GUEST_INTERRUPTIBILITY) & (8 | 2 | 1)) /* blocked by NMI, MOV SS or STI */
		return;
	vmwrite(VMCS_ENTRY_INTR_INFO, 2 | (2u << 8) | (1u << 31)); /* NMI, vector 2 */
	__atomic_store_n(&v->nmi_pending, 0, __ATOMIC_RELEASE);
}
