/* SPDX-License-Identifier: BSD-2-Clause */
/* Consistency checks of a fuzz build (HV_FUZZ_CHECKS, make fuzz-hv): before every VM entry
 * the guest state the handlers write is held to the SDM's entry checks, and every 64 entries
 * the partition's EPT, the mailbox and the virtual APIC to their invariants. The fuzzer guest
 * (tests/guests/fuzz.c) keeps its seed and operation index at guest-physical 0x7000; with
 * selftest=1 it asks for a failed check (running = 2), which shows that a failure is seen. */
#include "hv/exit/fuzz_check.h"
#ifdef HV_FUZZ_CHECKS
#include "hv/exit/cr_rules.h"
#include "hv/lib/fmt.h"
#include "hv/lib/string.h"
#include "hv/mailbox.h"
#include "hv/panic.h"
#include "hv/percpu.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/partition/vcpu.h"
#include "vmx/caps.h"
#include "vmx/vmx.h"

#define FUZZ_INFO 0x7000u
#define FUZZ_INFO_MAGIC 0x5A5A5546u
#define RFLAGS_RESERVED 0xFFFFFFFFFFC08028ULL /* 63:22, 15, 5, 3 */
#define RFLAGS_IF (1ULL << 9)
#define RFLAGS_VM (1ULL << 17)

struct fuzz_info {
	uint32_t magic, running;
	uint64_t seed, index;
};

/* The fuzzer's record in the partition's memory, or NULL. */
static const volatile struct fuzz_info *info(const struct partition *p)
{
	const volatile struct fuzz_info *fi = 0;
	if (p->memory > FUZZ_INFO + sizeof(*fi))
		fi = (const volatile struct fuzz_info *)(uintptr_t)partition_gpa_to_hpa(p, FUZZ_INFO);
	return fi && fi->magic == FUZZ_INFO_MAGIC ? fi : 0;
}

static void describe(const struct partition *p, char *buf, size_t size)
{
	const volatile struct fuzz_info *fi = info(p);
	if (fi)
		fmt_snprintf(buf, size, "fuzz seed %llu, operation %llu", (unsigned long long)fi->seed,
			     (unsigned long long)fi->index);
	else
		fmt_snprintf(buf, size, "not a fuzzer partition");
}

void fuzz_note_stop(struct exit_ctx *x)
{
	char where[80];
	describe(x->vcpu->part, where, sizeof(where));
	size_t n = strlen(x->stop_why);
	if (where[0] == 'f' && n + strlen(where) + 4 < sizeof(x->stop_why))
		fmt_snprintf(x->stop_why + n, sizeof(x->stop_why) - n, " (%s)", where);
}

static NORETURN void failed(const struct vcpu *v, const char *check, uint64_t a, uint64_t b)
{
	char where[80];
	describe(v->part, where, sizeof(where));
	panic("fuzz check failed: %s (0x%llx, 0x%llx) in partition '%s' vCPU %u; %s", check,
	      (unsigned long long)a, (unsigned long long)b, v->part->cfg->name, v->index, where);
}
#define CHECK(cond, name, a, b)                       \
	do {                                          \
		if (!(cond))                          \
			failed(v, (name), (a), (b));  \
	} while (0)

/* ---- the VMCS guest state (SDM vol. 3, "Checks on the guest state area") ---- */

static void check_control_regs(const struct vcpu *v, uint64_t entry)
{
	const struct vmx_caps *c = vmx_caps();
	uint64_t cr0 = vmread(VMCS_GUEST_CR0), cr4 = vmread(VMCS_GUEST_CR4);
	uint64_t fixed0 = c->cr0_fixed0 & ~(CR0_PE | CR0_PG); /* unrestricted guest */
	bool ia32e = entry & ENTRY_IA32E_GUEST;
	CHECK((cr0 & fixed0) == fixed0 && !(cr0 & ~c->cr0_fixed1), "vmcs-cr0-fixed-bits", cr0, c->cr0_fixed1);
	CHECK(!(cr0 & CR0_PG) || (cr0 & CR0_PE), "vmcs-cr0-paging-without-protection", cr0, 0);
	CHECK((cr4 & c->cr4_fixed0) == c->cr4_fixed0 && !(cr4 & ~c->cr4_fixed1), "vmcs-cr4-fixed-bits", cr4,
	      c->cr4_fixed1);
	CHECK(!ia32e || ((cr0 & CR0_PG) && (cr4 & CR4_PAE)), "vmcs-ia32e-guest-needs-pg-and-pae", cr0, cr4);
	if (entry & ENTRY_LOAD_EFER) {
		uint64_t efer = vmread(VMCS_GUEST_EFER);
		CHECK(!!(efer & EFER_LMA) == ia32e, "vmcs-efer-lma-is-the-ia32e-entry-control", efer, entry);
		CHECK(!(cr0 & CR0_PG) || !!(efer & EFER_LME) == !!(efer & EFER_LMA), "vmcs-efer-lme-lma", efer, cr0);
	}
}

static bool canonical(uint64_t a) { return (uint64_t)((int64_t)(a << 16) >> 16) == a; }

static void check_injection(const struct vcpu *v, uint64_t rflags, uint64_t intr, uint64_t cr0)
{
	uint32_t info = (uint32_t)vmread(VMCS_ENTRY_INTR_INFO);
	if (!(info & (1u << 31)))
		return;
	uint32_t type = (info >> 8) & 7, vec = info & 0xFF, len = (uint32_t)vmread(VMCS_ENTRY_INSN_LEN);
	bool errvec = vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21;
	bool delivers = type == 3 && errvec && (cr0 & CR0_PE);
	CHECK(!(info & 0x7FFFF000u) && type != 1, "entry-interruption-reserved-bits", info, 0);
	CHECK(type != 2 || vec == 2, "entry-nmi-not-vector-2", info, 0);
	CHECK(type != 3 || vec <= 31, "entry-exception-vector-above-31", info, 0);
	CHECK(!(info & (1u << 11)) || delivers, "entry-error-code-where-none-is-delivered", info, cr0);
	CHECK(!delivers || vec == 21 || (info & (1u << 11)), "entry-error-code-missing", info, cr0);
	CHECK(type != 0 || ((rflags & RFLAGS_IF) && !(intr & 3)), "entry-interrupt-while-blocked", info, rflags);
	CHECK(type < 4 || type == 7 || (len >= 1 && len <= 15), "entry-instruction-length", info, len);
}

static void check_vmcs(const struct vcpu *v)
{
	uint64_t entry = vmread(VMCS_ENTRY_CTLS);
	check_control_regs(v, entry);
	uint64_t rip = vmread(VMCS_GUEST_RIP), rflags = vmread(VMCS_GUEST_RFLAGS);
	uint64_t cs_ar = vmread(VMCS_GUEST_ES_AR + 2 * SEG_CS), cr0 = vmread(VMCS_GUEST_CR0);
	bool ia32e = entry & ENTRY_IA32E_GUEST, code64 = ia32e && (cs_ar & (1u << 13));
	CHECK(code64 ? canonical(rip) : !(rip >> 32), "vmcs-rip-outside-its-mode", rip, cs_ar);
	CHECK((rflags & 2) && !(rflags & RFLAGS_RESERVED), "vmcs-rflags-reserved-bits", rflags, 0);
	CHECK(!(ia32e && (rflags & RFLAGS_VM)), "vmcs-rflags-vm-in-ia32e-mode", rflags, 0);
	uint64_t intr = vmread(VMCS_GUEST_INTERRUPTIBILITY), act = vmread(VMCS_GUEST_ACTIVITY);
	CHECK(!(intr & ~0x1FULL) && (intr & 3) != 3, "vmcs-interruptibility", intr, 0);
	CHECK((rflags & RFLAGS_IF) || !(intr & 1), "vmcs-sti-blocking-with-if-clear", intr, rflags);
	CHECK(act <= 1, "vmcs-activity-state", act, 0);
	check_injection(v, rflags, intr, cr0);
}

/* ---- every 64 entries: EPT, mailbox, APIC ---- */

/* Every present leaf maps guest-physical memory of this partition to its own host memory. */
static void check_ept_level(const struct vcpu *v, uint64_t table, int level, uint64_t gpa0)
{
	const uint64_t *t = (const uint64_t *)(uintptr_t)table;
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t e = t[i], gpa = gpa0 + (i << (12 + 9 * level));
		if (!(e & 7))
			continue;
		if (level > 0 && !(e & (1ULL << 7))) {
			check_ept_level(v, e & 0x000FFFFFFFFFF000ULL, level - 1, gpa);
			continue;
		}
		uint64_t size = 1ULL << (12 + 9 * level), hpa = e & 0x000FFFFFFFFFF000ULL & ~(size - 1);
		CHECK(gpa + size <= v->part->memory, "ept-maps-beyond-the-partition", gpa, e);
		CHECK(hpa == partition_gpa_to_hpa(v->part, gpa), "ept-maps-foreign-host-memory", gpa, e);
	}
}

static void check_mailbox(const struct vcpu *v)
{
	const struct mailbox *m = this_cpu()->mbox;
	if (!m || v->part->cfg->exits != MANIFEST_EXITS_SPLIT)
		return;
	CHECK(m->reply.seq == m->request.seq, "mailbox-reply-outstanding-at-entry", m->request.seq, m->reply.seq);
	uint64_t head = m->producer.ring_head, tail = m->consumer.ring_tail;
	CHECK(tail <= head && head - tail <= MBOX_RING, "mailbox-ring-head-tail", head, tail);
}

static void check_apic(const struct vcpu *v)
{
	const struct vlapic *a = &v->vlapic;
	if (!v->exitless && a->page) {
		for (uint32_t r = 0; r < 3; r++) /* ISR, TMR, IRR: vectors 0-15 do not exist */
			CHECK(!(vlapic_get(a, VLAPIC_ISR + 0x80 * r) & 0xFFFF), "apic-vector-below-16", r, 0);
		CHECK(vlapic_get(a, VLAPIC_TPR) <= 0xFF, "apic-tpr", vlapic_get(a, VLAPIC_TPR), 0);
		CHECK(!(vlapic_get(a, VLAPIC_DIVIDE) & ~0xBu), "apic-divide", vlapic_get(a, VLAPIC_DIVIDE), 0);
		for (uint32_t r = VLAPIC_LVT_TIMER; r <= 0x370; r += 0x10)
			CHECK(!(vlapic_get(a, r) & ~0x7F7FFu), "apic-lvt-reserved-bits", r, vlapic_get(a, r));
		CHECK(!(a->pending[0] & 0xFFFF), "apic-pending-vector-below-16", a->pending[0], 0);
	}
	const struct vioapic *io = &v->part->ioapic;
	CHECK(io->select <= 0xFF, "ioapic-select", io->select, 0);
	for (uint32_t pin = 0; pin < VIOAPIC_PINS; pin++)
		CHECK(!(io->redir[pin] & 0x00FFFFFFFFFE0000ULL), "ioapic-redirection-reserved-bits", pin, io->redir[pin]);
}

void fuzz_check_entry(struct vcpu *v)
{
	static uint32_t entries[256];
	check_vmcs(v);
	if (++entries[v->cpu & 255] % 64)
		return;
	const volatile struct fuzz_info *fi = info(v->part);
	CHECK(!fi || fi->running != 2, "selftest-asked-for-by-the-fuzzer", fi ? fi->index : 0, 0);
	check_ept_level(v, v->part->eptp & 0x000FFFFFFFFFF000ULL, 3, 0);
	check_mailbox(v);
	check_apic(v);
}
#endif
