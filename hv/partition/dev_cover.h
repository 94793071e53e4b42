/* SPDX-License-Identifier: BSD-2-Clause */
/* Which emulated device registers a partition's guests reached, read and written (fuzz builds). */
#ifndef HV_DEV_COVER_H
#define HV_DEV_COVER_H

#include "hv/lib/types.h"

/* The register spaces: every port of the port models, the IOAPIC's registers (its indirect
 * ones by index, IOREGSEL and the EOI register), the local APIC's by offset / 16. */
enum cover_space { COVER_PORTS, COVER_IOAPIC, COVER_LAPIC, COVER_SPACES };
#define COVER_SLOTS 64

struct dev_cover {
	uint64_t reads[COVER_SPACES][COVER_SLOTS], writes[COVER_SPACES][COVER_SLOTS];
};

struct partition;

#ifdef HV_FUZZ_CHECKS
/* One guest access to register slot of space s (counted from any core). */
void dev_cover_hit(struct partition *p, enum cover_space s, uint32_t slot, bool write);
#else
static inline void dev_cover_hit(struct partition *p, enum cover_space s, uint32_t slot, bool write)
{
	(void)p, (void)s, (void)slot, (void)write;
}
#endif

/* What a space's slots are, from the device that owns it: its device name and the register's
 * name; reg returns false for a slot that holds no register. */
struct cover_regs {
	enum cover_space space;
	const char *(*device)(uint32_t slot);
	bool (*reg)(uint32_t slot, char *buf, size_t size);
};

/* One `cover {...}` line per register of the space: partition, device, register, reads, writes. */
void dev_cover_print(const struct partition *p, const struct cover_regs *r);

#endif
