/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU data, reached through one accessor: this_cpu(). */
#include "hv/percpu.h"
#include "hv/cpu.h"

static struct percpu cpus[MAX_CPUS] CACHE_ALIGNED;
static uint32_t ncpus;

struct percpu *percpu_of(uint32_t index) { return index < MAX_CPUS ? &cpus[index] : 0; }
uint32_t percpu_count(void) { return ncpus; }
void percpu_set_count(uint32_t n) { ncpus = n; }

void percpu_install(struct percpu *p)
{
	p->self = p;
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)p);
}
