/* SPDX-License-Identifier: BSD-2-Clause */
/* VMXON per guest core and VMCS setup per vCPU: controls, host state, initial guest state. */
#include "vmx/vmcs.h"
#include "vmx/caps.h"
#include "vmx/vmx.h"
#include "hv/cpu.h"
#include "hv/lib/fmt.h"
#include "hv/mm/frame.h"
#include "hv/percpu.h"
#include "hv/lib/string.h"
#include "hv/time.h"

extern void vmx_exit_stub(void);

/* Fields, controls and MSRs for the guest-visible CPU (hv/exit/guest_cpu.c, msr_*.c) */
#define VMCS_TSC_OFFSET 0x2010
#define VMCS_XSS_EXIT_BITMAP 0x202C
#define VMCS_GUEST_DEBUGCTL 0x2802
#define PROC_TSC_OFFSETTING (1u << 3)
#define ENTRY_LOAD_DEBUG (1u << 2)
#define EXIT_SAVE_DEBUG (1u << 2)
#define PROC2_OPTIONAL (PROC2_RDTSCP | PROC2_INVPCID | PROC2_XSAVES)
#define MSR_TSC 0x10u
#define MSR_SPEC_CTRL 0x48u
#define MSR_PRED_CMD 0x49u
#define MSR_FLUSH_CMD 0x10Bu
#define MSR_TSC_DEADLINE 0x6E0u
#define MSR_TSC_AUX 0xC0000103u
#define CR4_OSXSAVE (1ULL << 18)

/* MSRs the guest reaches directly: state VM entry/exit switches, or that only
 * this guest uses on its dedicated core. Everything else exits. More where the CPU
 * has them: see allow_optional_msrs(). */
static const uint32_t passthrough_msrs[] = {
	0xC0000080, /* EFER */
	0xC0000100, 0xC0000101, 0xC0000102, /* FS, GS, kernel GS base */
	0xC0000081, 0xC0000082, 0xC0000083, 0xC0000084, /* STAR, LSTAR, CSTAR, FMASK */
	0x174, 0x175, 0x176, /* SYSENTER CS, ESP, EIP */
};

/* Exitless interrupts (ELI): the guest owns its core's local APIC except what would let it
 * reach other cores or move the APIC (ICR, APIC_BASE, ID and LDR, which exit).
 * R: reads pass through, W: writes pass through. */
static const struct { uint32_t msr; bool read, write; } exitless_apic_msrs[] = {
	{ 0x808, true, true },  /* TPR */
	{ 0x80A, true, false }, /* PPR */
	{ 0x80B, false, true }, /* EOI */
	{ 0x810, true, false }, { 0x811, true, false }, { 0x812, true, false }, { 0x813, true, false },
	{ 0x814, true, false }, { 0x815, true, false }, { 0x816, true, false }, { 0x817, true, false }, /* ISR */
	{ 0x818, true, false }, { 0x819, true, false }, { 0x81A, true, false }, { 0x81B, true, false },
	{ 0x81C, true, false }, { 0x81D, true, false }, { 0x81E, true, false }, { 0x81F, true, false }, /* TMR */
	{ 0x820, true, false }, { 0x821, true, false }, { 0x822, true, false }, { 0x823, true, false },
	{ 0x824, true, false }, { 0x825, true, false }, { 0x826, true, false }, { 0x827, true, false }, /* IRR */
	{ 0x828, true, true },  /* ESR */
	{ 0x832, true, true },  /* LVT timer */
	{ 0x838, true, true },  /* timer initial count */
	{ 0x839, true, false }, /* timer current count */
	{ 0x83E, true, true },  /* timer divide configuration */
	{ 0x83F, false, true }, /* SELF IPI */
	{ 0x6E0, true, true },  /* IA32_TSC_DEADLINE */
};

/* With APIC virtualization (emulated mode), reads of these x2APIC registers come from the
 * virtual-APIC page and writes of TPR, EOI and SELF IPI are completed by the CPU. */
static const uint32_t apicv_read_msrs[] = {
	0x802, 0x803, 0x808, 0x80A, 0x80D, 0x80F, 0x810, 0x811, 0x812, 0x813, 0x814, 0x815, 0x816,
	0x817, 0x818, 0x819, 0x81A, 0x81B, 0x81C, 0x81D, 0x81E, 0x81F, 0x820, 0x821, 0x822, 0x823,
	0x824, 0x825, 0x826, 0x827, 0x828, 0x832, 0x833, 0x834, 0x835, 0x836, 0x837, 0x838,
	0x83E,
};

static uint64_t io_bitmap_a, io_bitmap_b, msr_bitmap, msr_bitmap_exitless, msr_bitmap_apicv;
static uint64_t msr_bitmap_exitless_tsc; /* exitless with a TSC offset: the TSC deadline exits */

static void msr_bitmap_allow_rw(uint8_t *bm, uint32_t msr, bool read, bool write)
{
	uint32_t base = msr >= 0xC0000000 ? 1024 : 0;
	uint32_t bit = msr & 0x1FFF;
	if (read)
		bm[base + bit / 8] &= (uint8_t)~(1u << (bit % 8));
	if (write)
		bm[2048 + base + bit / 8] &= (uint8_t)~(1u << (bit % 8));
}

static void msr_bitmap_allow(uint8_t *bm, uint32_t msr) { msr_bitmap_allow_rw(bm, msr, true, true); }

static void msr_bitmap_deny(uint8_t *bm, uint32_t msr)
{
	uint32_t base = msr >= 0xC0000000 ? 1024 : 0, bit = msr & 0x1FFF;
	bm[base + bit / 8] |= (uint8_t)(1u << (bit % 8));
	bm[2048 + base + bit / 8] |= (uint8_t)(1u << (bit % 8));
}

uint32_t vmcs_guest_proc2(void)
{
	const struct vmx_caps *c = vmx_caps();
	return c ? c->proc2_1 & PROC2_OPTIONAL : 0;
}

static bool host_7edx(uint32_t bits) { return cpuid(0, 0).eax >= 7 && (cpuid(7, 0).edx & bits); }
static bool host_rdtscp(void) { return (vmcs_guest_proc2() & PROC2_RDTSCP) && (cpuid(0x80000001, 0).edx & (1u << 27)); }
static bool host_spec_ctrl(void) { return host_7edx((1u << 26) | (1u << 27) | (1u << 31)); }

/* Passed through where the CPU has them (CPUID says so to the guest, hv/exit/guest_cpu.c) or
 * where VM entry and exit switch them: IA32_PAT with the load/save PAT controls, IA32_TSC_AUX
 * with RDTSCP, the speculation controls of CPUID.7.EDX; and reads of the TSC, which "use TSC
 * offsetting" offsets. */
static void allow_optional_msrs(uint8_t *bm)
{
	const struct vmx_caps *c = vmx_caps();
	if (c && (c->entry1 & ENTRY_LOAD_PAT) && (c->exit1 & EXIT_SAVE_PAT) && (c->exit1 & EXIT_LOAD_PAT))
		msr_bitmap_allow(bm, MSR_PAT);
	if (host_rdtscp())
		msr_bitmap_allow(bm, MSR_TSC_AUX);
	if (host_spec_ctrl())
		msr_bitmap_allow(bm, MSR_SPEC_CTRL);
	msr_bitmap_allow_rw(bm, MSR_PRED_CMD, false, host_7edx(1u << 26));
	msr_bitmap_allow_rw(bm, MSR_FLUSH_CMD, false, host_7edx(1u << 28));
	msr_bitmap_allow_rw(bm, MSR_TSC, true, false);
}

bool vmx_bitmaps_init(void)
{
	if (msr_bitmap)
		return true;
	uint64_t a = frame_alloc(1, PAGE_SIZE, 0), b = frame_alloc(1, PAGE_SIZE, 0);
	uint64_t m = frame_alloc(1, PAGE_SIZE, 0), e = frame_alloc(1, PAGE_SIZE, 0);
	uint64_t v = frame_alloc(1, PAGE_SIZE, 0), t = frame_alloc(1, PAGE_SIZE, 0);
	if (!a || !b || !m || !e || !v || !t)
		return false;
	memset((void *)(uintptr_t)a, 0xFF, PAGE_SIZE); /* every port exits */
	memset((void *)(uintptr_t)b, 0xFF, PAGE_SIZE);
	memset((void *)(uintptr_t)m, 0xFF, PAGE_SIZE); /* every MSR exits ... */
	for (size_t i = 0; i < ARRAY_SIZE(passthrough_msrs); i++)
		msr_bitmap_allow((uint8_t *)(uintptr_t)m, passthrough_msrs[i]); /* ... but these */
	allow_optional_msrs((uint8_t *)(uintptr_t)m);
	memcpy((void *)(uintptr_t)e, (void *)(uintptr_t)m, PAGE_SIZE);
	for (size_t i = 0; i < ARRAY_SIZE(exitless_apic_msrs); i++)
		msr_bitmap_allow_rw((uint8_t *)(uintptr_t)e, exitless_apic_msrs[i].msr,
				    exitless_apic_msrs[i].read, exitless_apic_msrs[i].write);
	memcpy((void *)(uintptr_t)t, (void *)(uintptr_t)e, PAGE_SIZE);
	msr_bitmap_deny((uint8_t *)(uintptr_t)t, MSR_TSC_DEADLINE);
	msr_bitmap_exitless_tsc = t;
	memcpy((void *)(uintptr_t)v, (void *)(uintptr_t)m, PAGE_SIZE);
	for (size_t i = 0; i < ARRAY_SIZE(apicv_read_msrs); i++)
		msr_bitmap_allow_rw((uint8_t *)(uintptr_t)v, apicv_read_msrs[i], true, false);
	msr_bitmap_allow_rw((uint8_t *)(uintptr_t)v, 0x808, false, true);
	msr_bitmap_allow_rw((uint8_t *)(uintptr_t)v, 0x80B, false, true);
	msr_bitmap_allow_rw((uint8_t *)(uintptr_t)v, 0x83F, false, true);
	msr_bitmap_apicv = v;
	io_bitmap_a = a;
	io_bitmap_b = b;
	msr_bitmap_exitless = e;
	msr_bitmap = m;
	return true;
}

static uint64_t vmxon_region[MAX_CPUS];
bool apicv_disabled; /* the apicv=off boot option */

bool vmx_core_on(char *why, size_t size)
{
	uint32_t me = this_cpu()->index;
	const struct vmx_caps *c = vmx_caps();
	if (vmxon_region[me])
		return true;
	if (!c) {
		fmt_snprintf(why, size, "VT-x was not probed or is unusable");
		return false;
	}
	if (!vmx_enable_feature_control(why, size))
		return false;
	uint64_t pa = frame_alloc(1, PAGE_SIZE, 0);
	if (!pa) {
		fmt_snprintf(why, size, "out of memory for the VMXON region");
		return false;
	}
	memset((void *)(uintptr_t)pa, 0, PAGE_SIZE);
	*(uint32_t *)(uintptr_t)pa = c->revision;
	write_cr0((read_cr0() | c->cr0_fixed0) & c->cr0_fixed1);
	write_cr4((read_cr4() | c->cr4_fixed0 | (1ULL << 13)) & c->cr4_fixed1);
	if (!vmx_on(pa)) {
		fmt_snprintf(why, size, "VMXON failed on CPU %u", me);
		return false;
	}
	vmxon_region[me] = pa;
	return true;
}

bool vmcs_has_ple(void) { return vmx_caps() && (vmx_caps()->proc2_1 & PROC2_PAUSE_LOOP); }

/* APIC virtualization for the emulated APIC: x2APIC virtualization, register virtualization,
 * virtual-interrupt delivery and the TPR shadow, all four or none. */
bool apicv_possible(const struct vmx_caps *c)
{
	uint32_t need2 = PROC2_VIRT_X2APIC | PROC2_APIC_REG_VIRT | PROC2_VIRT_INTR_DELIVERY;
	return (c->proc1 & PROC_TPR_SHADOW) && (c->proc2_1 & need2) == need2 && (c->pin1 & PIN_EXTINT_EXITING) &&
	       !apicv_disabled;
}

/* The emulated APIC: with the TPR shadow, CR8 (MOV to and from CR8 in 64-bit mode) reads and
 * writes the emulated APIC's TPR in its virtual-APIC page; the threshold stays 0 (no TPR-below-
 * threshold exits), so an interrupt it unblocks is delivered at the next exit. */
static void write_apic_controls(const struct vmcs_vcpu *v, bool tpr_shadow, bool apicv)
{
	if (tpr_shadow) {
		vmwrite(VMCS_VIRTUAL_APIC_PAGE, v->apic_page_pa);
		vmwrite(VMCS_TPR_THRESHOLD, 0);
	}
	if (apicv) {
		for (int i = 0; i < 4; i++)
			vmwrite(VMCS_EOI_EXIT_BITMAP0 + 2 * i, 0); /* every interrupt is edge-triggered */
		vmwrite(VMCS_GUEST_INTR_STATUS, 0);
	}
}

static bool setup_controls(const struct vmx_caps *c, struct vmcs_vcpu *v, char *why, size_t size)
{
	uint32_t pin, proc, proc2, exit, entry;
	bool exitless = v->exitless;
	bool apicv = !exitless && apicv_possible(c);
	bool tpr_shadow = !exitless && (c->proc1 & PROC_TPR_SHADOW); /* CR8 is the emulated TPR */
	bool ok = vmx_adjust(c->pin0, c->pin1, PIN_NMI_EXITING | PIN_VIRTUAL_NMIS | PIN_PREEMPTION_TIMER |
			     (apicv ? PIN_EXTINT_EXITING : 0), &pin); /* virtual-interrupt delivery needs it */
	/* dedicated cores: HLT, MWAIT, PAUSE do not exit (the core really halts); with the
	 * emulated APIC, HLT exits: only the hypervisor knows when a virtual interrupt is due */
	ok &= vmx_adjust(c->proc0 & ~(PROC_HLT_EXITING | PROC_MWAIT_EXITING | PROC_PAUSE_EXITING |
				      PROC_MONITOR_EXITING | PROC_CR3_LOAD_EXITING | PROC_CR3_STORE_EXITING),
			 c->proc1, PROC_IO_BITMAPS | PROC_MSR_BITMAPS | PROC_SECONDARY | PROC_TSC_OFFSETTING |
			 (exitless ? 0 : PROC_HLT_EXITING) | (tpr_shadow ? PROC_TPR_SHADOW : 0), &proc);
	bool ple = v->shared && vmcs_has_ple();
	uint32_t want2 = PROC2_EPT | PROC2_VPID | PROC2_UNRESTRICTED | vmcs_guest_proc2() |
			 (apicv ? PROC2_VIRT_X2APIC | PROC2_APIC_REG_VIRT | PROC2_VIRT_INTR_DELIVERY : 0) |
			 (ple ? PROC2_PAUSE_LOOP : 0);
	ok &= vmx_adjust(c->proc2_0, c->proc2_1, want2, &proc2);
	ok &= vmx_adjust(c->exit0, c->exit1, EXIT_HOST_64BIT | EXIT_SAVE_EFER | EXIT_LOAD_EFER | EXIT_SAVE_DEBUG |
			 (c->exit1 & (EXIT_SAVE_PAT | EXIT_LOAD_PAT)), &exit);
	ok &= vmx_adjust(c->entry0, c->entry1, ENTRY_LOAD_EFER | ENTRY_LOAD_DEBUG | (c->entry1 & ENTRY_LOAD_PAT), &entry);
	if (!ok) {
		fmt_snprintf(why, size, "a VM-execution control splitvisor needs is not allowed by this CPU");
		return false;
	}
	vmwrite(VMCS_PIN_CTLS, pin);
	vmwrite(VMCS_PROC_CTLS, proc);
	vmwrite(VMCS_PROC_CTLS2, proc2);
	vmwrite(VMCS_EXIT_CTLS, exit);
	vmwrite(VMCS_ENTRY_CTLS, entry);
	vmwrite(VMCS_EXCEPTION_BITMAP, 0);
	vmwrite(VMCS_IO_BITMAP_A, v->io_bitmap_a ? v->io_bitmap_a : io_bitmap_a);
	vmwrite(VMCS_IO_BITMAP_B, io_bitmap_b);
	vmwrite(VMCS_MSR_BITMAP, exitless ? msr_bitmap_exitless : apicv ? msr_bitmap_apicv : msr_bitmap);
	v->apicv = apicv;
	write_apic_controls(v, tpr_shadow, apicv);
	if (ple) { /* KVM's defaults: PAUSEs closer than 128 TSC ticks for longer than 4096 */
		vmwrite(VMCS_PLE_GAP, 128);
		vmwrite(VMCS_PLE_WINDOW, 4096);
	}
	return true;
}

/* XCR0 is not switched by VM entry or exit: the guest's stays loaded on its core. The host
 * keeps CR4.OSXSAVE clear, so it is set for the XSETBV alone. */
void vmx_load_guest_xcr0(uint64_t xcr0)
{
	uint64_t cr4 = read_cr4();
	write_cr4(cr4 | CR4_OSXSAVE);
	__asm__ volatile("xsetbv" ::"a"((uint32_t)xcr0), "d"((uint32_t)(xcr0 >> 32)), "c"(0) : "memory");
	write_cr4(cr4);
}

/* The guest-visible CPU state of a new vCPU: TSC offset 0, DEBUGCTL 0, no XSS exits, and the
 * registers of its core the guest reaches directly at their reset values (the core is the
 * vCPU's alone: a restart must not see the last run's). */
static void setup_cpu_state(void)
{
	vmwrite(VMCS_TSC_OFFSET, 0);
	vmwrite(VMCS_GUEST_DEBUGCTL, 0);
	if (vmcs_guest_proc2() & PROC2_XSAVES)
		vmwrite(VMCS_XSS_EXIT_BITMAP, 0);
	if (host_rdtscp())
		wrmsr(MSR_TSC_AUX, 0);
	if (host_spec_ctrl())
		wrmsr(MSR_SPEC_CTRL, 0);
	if (cpuid(1, 0).ecx & (1u << 26))
		vmx_load_guest_xcr0(1); /* x87 only */
}

void vmcs_set_tsc_offset(uint64_t offset, bool exitless)
{
	vmwrite(VMCS_TSC_OFFSET, offset);
	if (exitless)
		vmwrite(VMCS_MSR_BITMAP, offset ? msr_bitmap_exitless_tsc : msr_bitmap_exitless);
}

void vmcs_set_guest_debugctl(uint64_t value) { vmwrite(VMCS_GUEST_DEBUGCTL, value); }

struct PACKED table_ptr {
	uint16_t limit;
	uint64_t base;
};

static void setup_host_state(void)
{
	struct table_ptr gdt, idt;
	__asm__ volatile("sgdt %0; sidt %1" : "=m"(gdt), "=m"(idt));
	struct percpu *me = this_cpu();
	vmwrite(VMCS_HOST_CR0, read_cr0());
	vmwrite(VMCS_HOST_CR3, read_cr3());
	vmwrite(VMCS_HOST_CR4, read_cr4());
	vmwrite(VMCS_HOST_CS_SEL, SEL_CODE);
	vmwrite(VMCS_HOST_SS_SEL, SEL_DATA);
	vmwrite(VMCS_HOST_DS_SEL, SEL_DATA);
	vmwrite(VMCS_HOST_ES_SEL, SEL_DATA);
	vmwrite(VMCS_HOST_FS_SEL, 0);
	vmwrite(VMCS_HOST_GS_SEL, 0);
	vmwrite(VMCS_HOST_TR_SEL, SEL_TSS);
	vmwrite(VMCS_HOST_FS_BASE, 0);
	vmwrite(VMCS_HOST_GS_BASE, (uint64_t)(uintptr_t)me);
	vmwrite(VMCS_HOST_TR_BASE, (uint64_t)(uintptr_t)&me->tables.tss);
	vmwrite(VMCS_HOST_GDTR_BASE, gdt.base);
	vmwrite(VMCS_HOST_IDTR_BASE, idt.base);
	vmwrite(VMCS_HOST_SYSENTER_CS, 0);
	vmwrite(0x6C10, 0); /* host SYSENTER_ESP */
	vmwrite(0x6C12, 0); /* host SYSENTER_EIP */
	vmwrite(VMCS_HOST_EFER, rdmsr(MSR_EFER));
	vmwrite(VMCS_HOST_PAT, rdmsr(MSR_PAT));
	vmwrite(VMCS_HOST_RIP, (uint64_t)(uintptr_t)vmx_exit_stub);
}

static void set_segment(enum vmx_seg s, uint16_t sel, uint32_t limit, uint32_t ar)
{
	vmwrite(VMCS_GUEST_ES_SEL + 2 * s, sel);
	vmwrite(VMCS_GUEST_ES_LIMIT + 2 * s, limit);
	vmwrite(VMCS_GUEST_ES_AR + 2 * s, ar);
	vmwrite(VMCS_GUEST_ES_BASE + 2 * s, 0);
}

/* Multiboot v1 machine state: 32-bit protected mode, flat segments, paging off. */
static void setup_guest_state(const struct vmcs_vcpu *v, const struct vmx_caps *c)
{
	uint64_t cr0 = 0x11;                     /* PE, ET */
	vmwrite(VMCS_GUEST_CR0, (cr0 | c->cr0_fixed0 | 0x20) & c->cr0_fixed1 & ~0x80000000ULL);
	vmwrite(VMCS_CR0_MASK, 0x20 | 0x60000000);  /* NE, CD, NW stay ours */
	vmwrite(VMCS_CR0_SHADOW, cr0);
	vmwrite(VMCS_GUEST_CR4, c->cr4_fixed0 | (1ULL << 13));
	vmwrite(VMCS_CR4_MASK, 1ULL << 13);        /* VMXE is hidden from the guest */
	vmwrite(VMCS_CR4_SHADOW, 0);
	vmwrite(VMCS_GUEST_CR3, 0);
	set_segment(SEG_CS, 0x08, 0xFFFFFFFF, 0xC09B);
	set_segment(SEG_SS, 0x10, 0xFFFFFFFF, 0xC093);
	set_segment(SEG_DS, 0x10, 0xFFFFFFFF, 0xC093);
	set_segment(SEG_ES, 0x10, 0xFFFFFFFF, 0xC093);
	set_segment(SEG_FS, 0x10, 0xFFFFFFFF, 0xC093);
	set_segment(SEG_GS, 0x10, 0xFFFFFFFF, 0xC093);
	set_segment(SEG_LDTR, 0, 0, 0x10000);     /* unusable */
	set_segment(SEG_TR, 0, 0x67, 0x8B);       /* busy 32-bit TSS */
	vmwrite(VMCS_GUEST_GDTR_BASE, 0);
	vmwrite(VMCS_GUEST_GDTR_LIMIT, 0xFFFF);
	vmwrite(VMCS_GUEST_IDTR_BASE, 0);
	vmwrite(VMCS_GUEST_IDTR_LIMIT, 0xFFFF);
	vmwrite(VMCS_GUEST_DR7, 0x400);
	vmwrite(VMCS_GUEST_RSP, 0);
	vmwrite(VMCS_GUEST_RIP, v->entry_rip);
	vmwrite(VMCS_GUEST_RFLAGS, 0x2);
	vmwrite(VMCS_GUEST_PENDING_DBG, 0);
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmwrite(VMCS_GUEST_ACTIVITY, 0);
	vmwrite(VMCS_GUEST_SYSENTER_CS, 0);
	vmwrite(0x6824, 0);
	vmwrite(0x6826, 0);
	vmwrite(VMCS_GUEST_EFER, 0);
	vmwrite(VMCS_GUEST_PAT, 0x0007040600070406ULL);
	vmwrite(VMCS_LINK_POINTER, ~0ULL);
}

void vmcs_real_mode_start(uint16_t cs, uint16_t ip)
{
	const struct vmx_caps *c = vmx_caps();
	uint64_t cr0 = 0x60000010; /* CD, NW, ET: the reset value */
	vmwrite(VMCS_GUEST_CR0, ((cr0 & ~0x60000000ULL) | (c->cr0_fixed0 & ~0x80000001ULL) | 0x20) & c->cr0_fixed1);
	vmwrite(VMCS_CR0_SHADOW, cr0);
	for (int s = SEG_ES; s <= SEG_GS; s++)
		set_segment((enum vmx_seg)s, 0, 0xFFFF, s == SEG_CS ? 0x9B : 0x93);
	vmwrite(VMCS_GUEST_ES_SEL + 2 * SEG_CS, cs);
	vmwrite(VMCS_GUEST_ES_BASE + 2 * SEG_CS, (uint64_t)cs << 4);
	vmwrite(VMCS_GUEST_RIP, ip);
	vmwrite(VMCS_GUEST_RSP, 0);
	vmwrite(VMCS_GUEST_RFLAGS, 0x2);
}

void vmcs_long_mode_start(uint64_t cr3)
{
	const struct vmx_caps *c = vmx_caps();
	uint64_t cr0 = 0x80000011; /* PG, ET, PE */
	vmwrite(VMCS_GUEST_CR0, (cr0 | c->cr0_fixed0 | 0x20) & c->cr0_fixed1);
	vmwrite(VMCS_CR0_SHADOW, cr0);
	vmwrite(VMCS_GUEST_CR4, (0x20 | c->cr4_fixed0 | (1ULL << 13)) & c->cr4_fixed1); /* PAE */
	vmwrite(VMCS_CR4_SHADOW, 0x20);
	vmwrite(VMCS_GUEST_CR3, cr3);
	vmwrite(VMCS_GUEST_EFER, 0x500); /* LME, LMA */
	vmwrite(VMCS_ENTRY_CTLS, vmread(VMCS_ENTRY_CTLS) | ENTRY_IA32E_GUEST);
	set_segment(SEG_CS, 0x08, 0xFFFFFFFF, 0xA09B); /* 64-bit code */
	vmwrite(VMCS_GUEST_RSP, 0x100000);
}

bool vmcs_setup(struct vmcs_vcpu *v, char *why, size_t size)
{
	const struct vmx_caps *c = vmx_caps();
	if (!msr_bitmap) {
		fmt_snprintf(why, size, "the I/O and MSR bitmaps were not set up");
		return false;
	}
	if (!v->vmcs_pa) {
		v->vmcs_pa = frame_alloc(1, PAGE_SIZE, 0);
		if (!v->vmcs_pa) {
			fmt_snprintf(why, size, "out of memory for a VMCS");
			return false;
		}
	}
	memset((void *)(uintptr_t)v->vmcs_pa, 0, PAGE_SIZE);
	*(uint32_t *)(uintptr_t)v->vmcs_pa = c->revision;
	if (!vmx_clear(v->vmcs_pa) || !vmx_ptrld(v->vmcs_pa)) {
		fmt_snprintf(why, size, "VMCLEAR/VMPTRLD failed for vCPU %u", v->index);
		return false;
	}
	if (!setup_controls(c, v, why, size))
		return false;
	vmwrite(VMCS_VPID, v->vpid);
	vmwrite(VMCS_EPT_POINTER, v->eptp);
	setup_host_state();
	setup_guest_state(v, c);
	setup_cpu_state();
	vmx_invvpid_single(v->vpid);
	vmx_invept_single(v->eptp);
	return true;
}

const char *vmx_insn_error_name(uint32_t err)
{
	static const char *const names[] = {
		[1] = "VMCALL executed in VMX root operation",
		[2] = "VMCLEAR with invalid physical address",
		[3] = "VMCLEAR with VMXON pointer",
		[4] = "VMLAUNCH with non-clear VMCS",
		[5] = "VMRESUME with non-launched VMCS",
		[6] = "VMRESUME after VMXOFF",
		[7] = "VM entry with invalid control field(s)",
		[8] = "VM entry with invalid host-state field(s)",
		[9] = "VMPTRLD with invalid physical address",
		[10] = "VMPTRLD with VMXON pointer",
		[11] = "VMPTRLD with incorrect VMCS revision identifier",
		[12] = "VMREAD/VMWRITE from/to unsupported VMCS component",
		[13] = "VMWRITE to read-only VMCS component",
		[15] = "VMXON executed in VMX root operation",
		[16] = "VM entry with invalid executive-VMCS pointer",
		[17] = "VM entry with non-launched executive VMCS",
		[26] = "VM entry with events blocked by MOV SS",
		[28] = "invalid operand to INVEPT/INVVPID",
	};
	return err < ARRAY_SIZE(names) && names[err] ? names[err] : "unknown VM-instruction error";
}

void vmcs_apicv_msr_bitmap(bool x2apic)
{
	/* outside x2APIC mode every x2APIC MSR exits (and #GPs): APIC virtualization must not
	 * answer reads of registers the guest's APIC mode does not have */
	vmwrite(VMCS_MSR_BITMAP, x2apic ? msr_bitmap_apicv : msr_bitmap);
}
