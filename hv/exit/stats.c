/* SPDX-License-Identifier: BSD-2-Clause */
/* Exit statistics: a table per partition and one JSON "stat" line per vCPU and reason. */
#include "hv/exit/stats.h"
#include "hv/exit/stats_sched.h"
#include "hv/console.h"
#include "hv/exit/exit.h"
#include "hv/exit/msr_unknown.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/textbuf.h"
#include "hv/lib/string.h"

static uint64_t per_exit(uint64_t total, uint64_t n) { return n ? total / n : 0; }

static const struct { uint32_t msr; enum wrmsr_kind kind; } wrmsr_kinds[] = {
	{ 0x830, WRMSR_ICR }, { 0x6E0, WRMSR_TIMER }, { 0x832, WRMSR_TIMER }, { 0x838, WRMSR_TIMER },
	{ 0x83E, WRMSR_TIMER }, { 0x80B, WRMSR_EOI },
};

void exit_stats_count_wrmsr(struct vcpu *v, uint32_t msr)
{
	enum wrmsr_kind kind = WRMSR_OTHER;
	for (size_t i = 0; i < ARRAY_SIZE(wrmsr_kinds); i++)
		if (wrmsr_kinds[i].msr == msr)
			kind = wrmsr_kinds[i].kind;
	v->wrmsr_exits[kind]++;
}

/* WRMSR exits of the whole partition by register: a line and a JSON "wrmsr" line. */
static void print_wrmsr_kinds(const struct partition *p)
{
	uint64_t t[WRMSR_KINDS] = { 0 };
	for (uint32_t i = 0; i < p->nvcpus; i++)
		for (uint32_t k = 0; k < WRMSR_KINDS; k++)
			t[k] += p->vcpu[i]->wrmsr_exits[k];
	textbuf_printf("  WRMSR exits by register: %llu ICR (IPIs), %llu timer (TSC deadline, LVT timer, initial "
		       "count, divide), %llu EOI, %llu other\n", (unsigned long long)t[WRMSR_ICR],
		       (unsigned long long)t[WRMSR_TIMER], (unsigned long long)t[WRMSR_EOI],
		       (unsigned long long)t[WRMSR_OTHER]);
	textbuf_printf("wrmsr {\"partition\":\"%s\",\"icr\":%llu,\"timer\":%llu,\"eoi\":%llu,\"other\":%llu}\n",
		       p->cfg->name, (unsigned long long)t[WRMSR_ICR], (unsigned long long)t[WRMSR_TIMER],
		       (unsigned long long)t[WRMSR_EOI], (unsigned long long)t[WRMSR_OTHER]);
}

static void print_vcpu_table(const struct vcpu *v)
{
	for (uint32_t r = 0; r < EXIT_REASON_MAX; r++) {
		const struct exit_stat *s = &v->stats[r];
		if (!s->count)
			continue;
		textbuf_printf("  %4u  %-22s %9llu %9llu %14llu %14llu\n", v->index, vmx_exit_name(r),
			(unsigned long long)s->count, (unsigned long long)s->remote,
			(unsigned long long)per_exit(s->guest_ticks, s->count),
			(unsigned long long)per_exit(s->hv_ticks, s->remote));
	}
}

static void print_vcpu_json(const struct partition *p, const struct vcpu *v)
{
	for (uint32_t r = 0; r < EXIT_REASON_MAX; r++) {
		const struct exit_stat *s = &v->stats[r];
		if (!s->count)
			continue;
		textbuf_printf("stat {\"partition\":\"%s\",\"exits\":\"%s\",\"vcpu\":%u,\"reason\":%u,\"name\":\"%s\","
			"\"count\":%llu,\"on_hv_core\":%llu,\"guest_core_ticks\":%llu,\"hv_core_ticks\":%llu}\n",
			p->cfg->name, manifest_exits_names[p->cfg->exits], v->index, r, vmx_exit_name(r),
			(unsigned long long)s->count, (unsigned long long)s->remote,
			(unsigned long long)s->guest_ticks, (unsigned long long)s->hv_ticks);
	}
}

/* KVM's paravirtual paths taken by the whole partition (docs/guests.md says what each saves). */
static void print_kvm_pv(const struct partition *p)
{
	struct kvm_pv_stats t = { 0 };
	uint32_t polling_off = 0;
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		const struct kvm_pv_stats *s = &p->vcpu[i]->pvstats;
		t.pv_eoi += s->pv_eoi;
		t.pv_ipi_calls += s->pv_ipi_calls;
		t.pv_ipi_targets += s->pv_ipi_targets;
		t.kicks += s->kicks;
		t.yields += s->yields;
		t.tlb_flushes += s->tlb_flushes;
		t.steal_updates += s->steal_updates;
		t.poll_off += s->poll_off;
		polling_off += !(p->vcpu[i]->kvm.poll_control & 1);
	}
	textbuf_printf("  KVM paravirtual: %llu EOIs in memory, %llu send-IPI calls reaching %llu vCPUs, %llu kicks, "
		       "%llu yields, %llu TLB flushes at entry, %llu steal-time updates, %u of %u vCPUs poll "
		       "themselves\n", (unsigned long long)t.pv_eoi, (unsigned long long)t.pv_ipi_calls,
		       (unsigned long long)t.pv_ipi_targets, (unsigned long long)t.kicks,
		       (unsigned long long)t.yields, (unsigned long long)t.tlb_flushes,
		       (unsigned long long)t.steal_updates, polling_off, p->nvcpus);
	textbuf_printf("kvm_pv {\"partition\":\"%s\",\"pv_eoi\":%llu,\"pv_ipi_calls\":%llu,\"pv_ipi_targets\":%llu,"
		       "\"kicks\":%llu,\"yields\":%llu,\"tlb_flushes\":%llu,\"steal_updates\":%llu,"
		       "\"poll_control_off\":%llu,\"vcpus_polling_themselves\":%u}\n", p->cfg->name,
		       (unsigned long long)t.pv_eoi, (unsigned long long)t.pv_ipi_calls,
		       (unsigned long long)t.pv_ipi_targets, (unsigned long long)t.kicks,
		       (unsigned long long)t.yields, (unsigned long long)t.tlb_flushes,
		       (unsigned long long)t.steal_updates, (unsigned long long)t.poll_off, polling_off);
}

void exit_stats_print(const struct partition *p)
{
	textbuf_begin();
	textbuf_printf("exit statistics of partition '%s' (exits = \"%s\"; ticks are TSC ticks per exit):\n",
		p->cfg->name, manifest_exits_names[p->cfg->exits]);
	textbuf_printf("  vCPU  reason                     count  on HV core  guest core/exit   HV core/exit\n");
	for (uint32_t i = 0; i < p->nvcpus; i++)
		print_vcpu_table(p->vcpu[i]);
	textbuf_printf("  unassigned ports: %llu reads, %llu writes; IPIs dropped (outside the partition or "
		       "not deliverable): %llu\n", (unsigned long long)p->unassigned_reads,
		       (unsigned long long)p->unassigned_writes, (unsigned long long)p->dropped_ipis);
	msr_unknown_print(p);
	print_wrmsr_kinds(p);
	print_kvm_pv(p);
	for (uint32_t i = 0; i < p->nvcpus; i++)
		print_vcpu_json(p, p->vcpu[i]);
	sched_stats_print(p, 0);
	textbuf_end();
}

#define PHASE_LINE_BYTES 200 /* about what one phase line is, for the console quota */

static void print_phase(const struct vcpu *v, uint32_t label)
{
	for (uint32_t r = 0; r < EXIT_REASON_MAX; r++) {
		const struct exit_stat *s = &v->stats[r];
		if (!s->count || !console_quota_take(&v->part->quota, PHASE_LINE_BYTES))
			continue;
		textbuf_printf("phase {\"partition\":\"%s\",\"exits\":\"%s\",\"vcpu\":%u,\"label\":%u,"
			       "\"reason\":%u,\"name\":\"%s\",\"count\":%llu,\"on_hv_core\":%llu,"
			       "\"guest_core_ticks\":%llu,\"hv_core_ticks\":%llu}\n", v->part->cfg->name,
			       manifest_exits_names[v->part->cfg->exits], v->index, label, r,
			       vmx_exit_name(r), (unsigned long long)s->count,
			       (unsigned long long)s->remote, (unsigned long long)s->guest_ticks,
			       (unsigned long long)s->hv_ticks);
	}
}

/* Every vCPU of the partition: a phase usually spans all of them (IPIs, SMP work). */
void exit_stats_checkpoint(struct vcpu *caller, uint32_t label)
{
	struct partition *p = caller->part;
	struct exit_stat *own = &caller->stats[EXIT_VMCALL]; /* this call is not part of the phase */
	if (own->count)
		own->count--;
	if (own->remote && p->cfg->exits == MANIFEST_EXITS_SPLIT)
		own->remote--;
	if (label) {
		textbuf_begin();
		for (uint32_t i = 0; i < p->nvcpus; i++)
			print_phase(p->vcpu[i], label);
		sched_stats_print(p, label);
		textbuf_end();
	}
	sched_stats_reset(p);
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		memset(p->vcpu[i]->stats, 0, sizeof(p->vcpu[i]->stats));
		memset(p->vcpu[i]->wrmsr_exits, 0, sizeof(p->vcpu[i]->wrmsr_exits));
	}
	caller->stats_skip = true;
}
