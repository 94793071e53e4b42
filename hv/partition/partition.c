/* SPDX-License-Identifier: BSD-2-Clause */
/* Partitions: what the manifest asked for, and the host memory that backs each one. */
#include "hv/partition/partition.h"
#include "hv/console.h"
#include "hv/mm/frame.h"
#include "hv/manifest/manifest.h"
#include "hv/manifest/load.h"
#include "hv/lib/string.h"

static struct partition partitions[MANIFEST_MAX_PARTITIONS];
static uint32_t npartitions;

uint32_t partition_count(void) { return npartitions; }
struct partition *partition_get(uint32_t i) { return i < npartitions ? &partitions[i] : 0; }

/* Largest 2 MiB-aligned block of at most want bytes the allocator can give. */
static uint64_t alloc_block(uint64_t want, uint64_t *got)
{
	for (uint64_t size = want; size >= MiB(2); size = ALIGN_DOWN(size / 2, MiB(2))) {
		uint64_t base = frame_alloc(size / PAGE_SIZE, MiB(2), 0);
		if (base) {
			*got = size;
			return base;
		}
	}
	return 0;
}

static void release(struct partition *p)
{
	for (uint32_t i = 0; i < p->nranges; i++)
		frame_free(p->range[i].base, p->range[i].len / PAGE_SIZE);
	p->nranges = 0;
}

static bool back_partition(struct partition *p)
{
	uint64_t left = p->memory;
	while (left) {
		uint64_t got = 0, base = alloc_block(left, &got);
		if (!base || p->nranges == PARTITION_MAX_RANGES) {
			if (base)
				frame_free(base, got / PAGE_SIZE);
			return false;
		}
		memset((void *)(uintptr_t)base, 0, got); /* no stale data reaches a guest */
		p->range[p->nranges++] = (struct host_range){ base, got };
		left -= got;
	}
	return true;
}

bool partitions_allocate(void)
{
	const struct manifest *m = manifest_active();
	npartitions = m->npartitions;
	for (uint32_t i = 0; i < npartitions; i++) {
		struct partition *p = &partitions[i];
		memset(p, 0, sizeof(*p));
		p->index = i;
		p->cfg = &m->part[i];
		p->memory = m->part[i].memory;
		if (!back_partition(p)) {
			hv_err("memory: cannot back partition '%s' with %llu MiB: only %llu MiB free "
			       "(or too fragmented); lower its memory in the manifest\n", p->cfg->name,
			       (unsigned long long)(p->memory >> 20), (unsigned long long)(frame_free_bytes() >> 20));
			for (uint32_t k = 0; k <= i; k++)
				release(&partitions[k]);
			npartitions = 0;
			return false;
		}
	}
	return true;
}

static void print_one(const struct partition *p)
{
	const struct manifest_partition *c = p->cfg;
	hv_info("  partition '%s': %llu MiB guest-physical 0x0-0x%llx, %s, %u vCPU(s), exits %s, "
		"interrupts %s, tlb %s, on_exit %s\n", c->name, (unsigned long long)(p->memory >> 20),
		(unsigned long long)p->memory, manifest_mode_names[c->mode], c->vcpus,
		manifest_exits_names[c->exits], manifest_interrupts_names[c->interrupts],
		manifest_tlb_names[c->tlb], manifest_on_exit_names[c->on_exit]);
	uint64_t gpa = 0;
	for (uint32_t i = 0; i < p->nranges; i++) {
		hv_info("    guest 0x%09llx-0x%09llx <- host 0x%09llx-0x%09llx\n", (unsigned long long)gpa,
			(unsigned long long)(gpa + p->range[i].len), (unsigned long long)p->range[i].base,
			(unsigned long long)(p->range[i].base + p->range[i].len));
		gpa += p->range[i].len;
	}
	hv_info("    kernel %s, halt_poll_ns %llu%s%s\n", c->kernel.name,
		(unsigned long long)c->halt_poll_ns, c->cmdline[0] ? ", cmdline: " : "", c->cmdline);
}

void partitions_print(void)
{
	if (!npartitions) {
		hv_info("partitions: none\n");
		return;
	}
	hv_info("partitions:\n");
	for (uint32_t i = 0; i < npartitions; i++)
		print_one(&partitions[i]);
}

bool partition_write(struct partition *p, uint64_t gpa, const void *src, uint64_t len)
{
	const uint8_t *s = src;
	if (gpa + len < gpa || gpa + len > p->memory)
		return false;
	uint64_t base = 0;
	for (uint32_t i = 0; i < p->nranges && len; i++) {
		const struct host_range *r = &p->range[i];
		if (gpa < base + r->len) {
			uint64_t off = gpa - base, n = r->len - off < len ? r->len - off : len;
			memcpy((void *)(uintptr_t)(r->base + off), s, n);
			s += n;
			gpa += n;
			len -= n;
		}
		base += r->len;
	}
	return len == 0;
}

void partition_clear(struct partition *p)
{
	for (uint32_t i = 0; i < p->nranges; i++)
		memset((void *)(uintptr_t)p->range[i].base, 0, p->range[i].len);
}

uint64_t partition_gpa_to_hpa(const struct partition *p, uint64_t gpa)
{
	uint64_t base = 0;
	for (uint32_t i = 0; i < p->nranges; i++) {
		if (gpa < base + p->range[i].len)
			return p->range[i].base + (gpa - base);
		base += p->range[i].len;
	}
	return 0;
}

void *partition_guest_ptr(const struct partition *p, uint64_t gpa, uint64_t n)
{
	if (gpa >= p->memory || n > p->memory - gpa || (gpa & (PAGE_SIZE - 1)) + n > PAGE_SIZE)
		return 0;
	return (void *)(uintptr_t)partition_gpa_to_hpa(p, gpa);
}
