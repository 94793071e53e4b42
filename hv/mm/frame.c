/* SPDX-License-Identifier: BSD-2-Clause */
/* Physical frame allocator: free ranges taken from the memory map. */
#include "hv/mm/frame.h"
#include "hv/lib/spinlock.h"
#include "hv/lib/string.h"

struct range {
	uint64_t base, end; /* [base, end), page aligned */
};

static struct range ranges[FRAME_MAX_RANGES];
static uint32_t nranges;
static struct spinlock frame_lock;

void frame_init(void)
{
	nranges = 0;
	memset(&frame_lock, 0, sizeof(frame_lock));
}

static void remove_range(uint32_t i)
{
	memmove(&ranges[i], &ranges[i + 1], (nranges - i - 1) * sizeof(ranges[0]));
	nranges--;
}

static bool insert_range(uint32_t i, uint64_t base, uint64_t end)
{
	if (nranges >= FRAME_MAX_RANGES)
		return false; /* memory lost, never corruption */
	memmove(&ranges[i + 1], &ranges[i], (nranges - i) * sizeof(ranges[0]));
	ranges[i] = (struct range){ base, end };
	nranges++;
	return true;
}

static void reserve_locked(uint64_t base, uint64_t end)
{
	for (uint32_t i = 0; i < nranges;) {
		struct range r = ranges[i];
		if (r.end <= base || r.base >= end) {
			i++;
			continue;
		}
		remove_range(i);
		if (r.base < base)
			insert_range(i++, r.base, base);
		if (end < r.end)
			insert_range(i++, end, r.end);
	}
}

static void add_locked(uint64_t base, uint64_t end)
{
	reserve_locked(base, end); /* no double counting */
	uint32_t i = 0;
	while (i < nranges && ranges[i].base < base)
		i++;
	if (!insert_range(i, base, end))
		return; /* ranges[i] is not the new range: nothing to merge */
	/* merge with neighbours */
	if (i + 1 < nranges && ranges[i].end == ranges[i + 1].base) {
		ranges[i].end = ranges[i + 1].end;
		remove_range(i + 1);
	}
	if (i > 0 && ranges[i - 1].end == ranges[i].base) {
		ranges[i - 1].end = ranges[i].end;
		remove_range(i);
	}
}

void frame_add_free(uint64_t base, uint64_t len)
{
	uint64_t b = ALIGN_UP(base, PAGE_SIZE);
	uint64_t e = ALIGN_DOWN(base + len, PAGE_SIZE);
	if (b < FRAME_LOW_LIMIT)
		b = FRAME_LOW_LIMIT;
	if (e <= b)
		return;
	spin_lock(&frame_lock);
	add_locked(b, e);
	spin_unlock(&frame_lock);
}

void frame_reserve(uint64_t base, uint64_t len)
{
	spin_lock(&frame_lock);
	reserve_locked(ALIGN_DOWN(base, PAGE_SIZE), ALIGN_UP(base + len, PAGE_SIZE));
	spin_unlock(&frame_lock);
}

uint64_t frame_alloc(uint64_t npages, uint64_t align, uint64_t limit)
{
	uint64_t size = npages * PAGE_SIZE;
	if (!npages || npages > UINT64_MAX / PAGE_SIZE || align < PAGE_SIZE || (align & (align - 1)))
		return 0;
	spin_lock(&frame_lock);
	for (uint32_t k = nranges; k-- > 0;) {
		struct range r = ranges[k];
		uint64_t top = limit && r.end > limit ? limit : r.end;
		if (top < size || top - size < r.base)
			continue;
		uint64_t base = ALIGN_DOWN(top - size, align);
		if (base < r.base)
			continue;
		reserve_locked(base, base + size);
		spin_unlock(&frame_lock);
		return base;
	}
	spin_unlock(&frame_lock);
	return 0;
}

void frame_free(uint64_t base, uint64_t npages)
{
	frame_add_free(base, npages * PAGE_SIZE);
}

uint64_t frame_free_bytes(void)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < nranges; i++)
		sum += ranges[i].end - ranges[i].base;
	return sum;
}

uint32_t frame_range_count(void) { return nranges; }
