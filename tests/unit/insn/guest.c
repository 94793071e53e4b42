/* SPDX-License-Identifier: BSD-2-Clause */
/* A small fake guest for the emulator's tests: RAM, two device windows, ports, page tables. */
#include <string.h>

#include "tests/unit/insn/guest.h"

static uint8_t *dev_bytes(struct guest *g, uint64_t gpa, unsigned n)
{
	if (gpa >= DEV_LOW && gpa + n <= DEV_LOW + DEV_SIZE)
		return &g->dev[0][gpa - DEV_LOW];
	if (gpa >= DEV_HIGH && gpa + n <= DEV_HIGH + DEV_SIZE)
		return &g->dev[1][gpa - DEV_HIGH];
	return NULL;
}

static bool in_ram(uint64_t gpa, unsigned n)
{
	return gpa + n <= GUEST_RAM_SIZE && !(gpa < DEV_LOW + DEV_SIZE && gpa + n > DEV_LOW);
}

static bool g_ram_read(void *ctx, uint64_t gpa, void *dst, unsigned len)
{
	struct guest *g = ctx;
	if (!in_ram(gpa, len))
		return false;
	memcpy(dst, g->ram + gpa, len);
	return true;
}

static bool g_ram_write(void *ctx, uint64_t gpa, const void *src, unsigned len)
{
	struct guest *g = ctx;
	if (!in_ram(gpa, len))
		return false;
	memcpy(g->ram + gpa, src, len);
	return true;
}

static bool g_mmio(void *ctx, uint64_t gpa, unsigned size, bool write, uint64_t *value)
{
	struct guest *g = ctx;
	uint8_t *p = dev_bytes(g, gpa, size);
	if (!p || g->dev_refuses)
		return false;
	if (write) {
		memcpy(p, value, size);
	} else {
		*value = 0;
		memcpy(value, p, size);
	}
	if (g->nlog < 256)
		g->log[g->nlog++] = (struct dev_access){ gpa, size, write, *value };
	return true;
}

static bool g_is_mmio(void *ctx, uint64_t gpa)
{
	return dev_bytes(ctx, gpa, 1) != NULL;
}

static bool g_port(void *ctx, uint16_t port, unsigned size, bool write, uint32_t *value)
{
	struct guest *g = ctx;
	if (port == 0xDEAD)
		return false;
	if (!write)
		*value = g->port_next++;
	if (g->nports < 256)
		g->ports[g->nports++] = (struct port_access){ port, size, write, *value };
	return true;
}

/* One RAM for every test (a failing test longjmps out without freeing anything). */
static uint8_t guest_ram[GUEST_RAM_SIZE];

void guest_init(struct guest *g)
{
	memset(g, 0, sizeof(*g));
	memset(guest_ram, 0, sizeof(guest_ram));
	g->ram = guest_ram;
	g->next_table = TABLES_BASE;
	g->port_next = 0xA0;
	for (unsigned i = 0; i < DEV_SIZE; i++) {
		g->dev[0][i] = (uint8_t)(i * 7 + 1);
		g->dev[1][i] = (uint8_t)(i * 13 + 5);
	}
}

void guest_free(struct guest *g)
{
	g->ram = NULL;
}

void guest_ops(struct guest *g, struct insn_ops *ops)
{
	ops->ctx = g;
	ops->ram_read = g_ram_read;
	ops->ram_write = g_ram_write;
	ops->mmio = g_mmio;
	ops->port = g_port;
	ops->is_mmio = g_is_mmio;
}

void guest_put(struct guest *g, uint64_t gpa, const void *src, size_t n)
{
	memcpy(g->ram + gpa, src, n);
}

uint64_t guest_get(const struct guest *g, uint64_t gpa, unsigned n)
{
	uint64_t v = 0;
	memcpy(&v, g->ram + gpa, n);
	return v;
}

uint64_t guest_table(struct guest *g)
{
	uint64_t t = g->next_table;
	g->next_table += 4096;
	memset(g->ram + t, 0, 4096);
	return t;
}

static void segments(struct insn_cpu *cpu, uint32_t limit, uint32_t data_ar, uint32_t code_ar)
{
	for (int i = 0; i < 6; i++) {
		cpu->seg[i].base = 0;
		cpu->seg[i].limit = limit;
		cpu->seg[i].ar = data_ar;
	}
	cpu->seg[INSN_SEG_CS].ar = code_ar;
}

void cpu_real(struct insn_cpu *cpu)
{
	memset(cpu, 0, sizeof(*cpu));
	cpu->rflags = 0x2;
	segments(cpu, 0xFFFF, 0x93, 0x9B);
}

void cpu_prot32(struct insn_cpu *cpu)
{
	memset(cpu, 0, sizeof(*cpu));
	cpu->rflags = 0x2;
	cpu->cr0 = 0x11;
	segments(cpu, 0xFFFFFFFF, 0xC093, 0xC09B);
}

void cpu_long64(struct insn_cpu *cpu)
{
	cpu_prot32(cpu);
	cpu->efer = 0x500;
	cpu->seg[INSN_SEG_CS].ar = 0xA09B;
}

static unsigned top_level(enum pt_format fmt)
{
	static const unsigned tops[4] = { 1, 2, 3, 4 };
	return tops[fmt];
}

static unsigned index_at(enum pt_format fmt, uint64_t la, unsigned level)
{
	if (fmt == PT_32)
		return (unsigned)(la >> (12 + 10 * level)) & 0x3FF;
	if (fmt == PT_PAE && level == 2)
		return (unsigned)(la >> 30) & 3;
	return (unsigned)(la >> (12 + 9 * level)) & 0x1FF;
}

static uint64_t leaf_entry(enum pt_format fmt, uint64_t pa, uint64_t flags, unsigned level)
{
	if (level == 0)
		return pa | flags;
	if (fmt == PT_32)  /* PSE-36: physical bits 39:32 go to entry bits 20:13 */
		return (pa & 0xFFC00000u) | ((pa >> 32) & 0xFF) << 13 | flags | PTE_PS;
	return pa | flags | PTE_PS;
}

void pt_map(struct guest *g, enum pt_format fmt, uint64_t cr3, uint64_t la, uint64_t pa,
	    uint64_t leaf_flags, unsigned leaf_level, uint64_t table_flags, uint64_t entry_gpa[5])
{
	unsigned esize = fmt == PT_32 ? 4 : 8;
	uint64_t table = fmt == PT_PAE ? (cr3 & ~0x1FULL) : (cr3 & ~0xFFFULL);
	for (unsigned level = top_level(fmt);; level--) {
		uint64_t at = table + (uint64_t)index_at(fmt, la, level) * esize;
		if (entry_gpa)
			entry_gpa[level] = at;
		if (level == leaf_level) {
			uint64_t e = leaf_entry(fmt, pa, leaf_flags, level);
			guest_put(g, at, &e, esize);
			return;
		}
		uint64_t e = guest_get(g, at, esize);
		if (!(e & PTE_P)) {
			e = guest_table(g) | (fmt == PT_PAE && level == 2 ? PTE_P : table_flags);
			guest_put(g, at, &e, esize);
		}
		table = e & 0x000FFFFFFFFFF000ULL;
	}
}

void cpu_paging(struct insn_cpu *cpu, enum pt_format fmt, uint64_t cr3)
{
	cpu->cr0 |= 0x80000001;
	cpu->cr3 = cr3;
	cpu->cr4 &= ~0x1030ULL;
	if (fmt == PT_32)
		cpu->cr4 |= 0x10;
	else
		cpu->cr4 |= 0x20;
	if (fmt == PT_LONG5)
		cpu->cr4 |= 0x1000;
	if (fmt >= PT_LONG4)
		cpu->efer |= 0x500;
	else
		cpu->efer &= ~0x500ULL;
}
