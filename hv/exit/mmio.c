/* SPDX-License-Identifier: BSD-2-Clause */
/* Emulated MMIO: decodes the guest's MOV that touched an emulated page. */
#include "hv/exit/mmio.h"
#include "hv/lib/fmt.h"
#include "hv/partition/partition.h"
#include "hv/lib/string.h"

#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)
#define EFER_LMA (1ULL << 10)

static bool read_guest(const struct partition *p, uint64_t gpa, void *dst, size_t n)
{
	uint8_t *d = dst;
	for (size_t i = 0; i < n; i++) {
		uint64_t hpa = partition_gpa_to_hpa(p, gpa + i);
		if (!hpa)
			return false;
		d[i] = *(const uint8_t *)(uintptr_t)hpa;
	}
	return true;
}

/* Guest linear to guest physical through the guest's own page tables (none, 2-level, 4-level). */
static bool translate(const struct exit_ctx *x, uint64_t la, uint64_t *gpa)
{
	const struct partition *p = x->vcpu->part;
	if (!(x->cr0_shadow & CR0_PG)) {
		*gpa = la;
		return true;
	}
	if (x->efer & EFER_LMA) {
		uint64_t table = x->cr3 & ~0xFFFULL, e = 0;
		for (int level = 3; level >= 0; level--) {
			if (!read_guest(p, table + ((la >> (12 + 9 * level)) & 511) * 8, &e, 8) || !(e & 1))
				return false;
			if (level > 0 && level < 3 && (e & 0x80)) {
				uint64_t page = 1ULL << (12 + 9 * level);
				*gpa = (e & 0x000FFFFFFFFFF000ULL & ~(page - 1)) | (la & (page - 1));
				return true;
			}
			table = e & 0x000FFFFFFFFFF000ULL;
		}
		*gpa = table | (la & 0xFFF);
		return true;
	}
	if (x->cr4 & CR4_PAE)
		return false; /* 32-bit PAE paging: not walked here */
	uint32_t pde = 0, pte = 0;
	if (!read_guest(p, (x->cr3 & ~0xFFFULL) + ((la >> 22) & 1023) * 4, &pde, 4) || !(pde & 1))
		return false;
	if (pde & 0x80) {
		*gpa = (pde & 0xFFC00000u) | (la & 0x3FFFFF);
		return true;
	}
	if (!read_guest(p, (pde & ~0xFFFu) + ((la >> 12) & 1023) * 4, &pte, 4) || !(pte & 1))
		return false;
	*gpa = (pte & ~0xFFFu) | (la & 0xFFF);
	return true;
}

/* Bytes of ModRM, SIB and displacement after the opcode. */
static unsigned modrm_length(const uint8_t *b, bool addr16)
{
	unsigned mod = b[0] >> 6, rm = b[0] & 7, n = 1;
	if (addr16)
		return n + (mod == 1 ? 1 : mod == 2 ? 2 : (mod == 0 && rm == 6) ? 2 : 0);
	if (mod != 3 && rm == 4) {
		n++;
		if (mod == 0 && (b[1] & 7) == 5)
			n += 4;
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2 || (mod == 0 && rm == 5))
		n += 4;
	return n;
}

bool mmio_decode(const struct exit_ctx *x, struct mmio_access *a, char *why, size_t size)
{
	uint8_t b[16];
	uint64_t gpa;
	bool long_mode = x->efer & EFER_LMA, real = !(x->cr0_shadow & 1);
	if (!translate(x, x->cs_base + x->rip, &gpa) || !read_guest(x->vcpu->part, gpa, b, sizeof(b))) {
		fmt_snprintf(why, size, "cannot read the instruction at RIP 0x%llx", (unsigned long long)x->rip);
		return false;
	}
	unsigned i = 0, rex = 0;
	bool opsize = false;
	for (; i < 4 && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0x3E || b[i] == 0x26 || b[i] == 0x2E || b[i] == 0x36); i++)
		opsize |= b[i] == 0x66;
	if (long_mode && (b[i] & 0xF0) == 0x40)
		rex = b[i++];
	uint8_t op = b[i++];
	unsigned reg = ((b[i] >> 3) & 7) | ((rex & 4) ? 8 : 0);
	unsigned wide = (rex & 8) ? 8 : (opsize != real) ? 2 : 4;
	memset(a, 0, sizeof(*a));
	a->reg = -1;
	switch (op) {
	case 0x88: case 0x89: case 0x8A: case 0x8B:
		a->write = op <= 0x89;
		a->size = (op & 1) ? wide : 1;
		if (a->write)
			a->value = ((const uint64_t *)&x->regs)[reg == 4 ? 0 : reg < 4 ? reg : reg - 1];
		else
			a->reg = (int)reg;
		a->len = i + modrm_length(b + i, real);
		break;
	case 0xC6: case 0xC7: {
		a->write = true;
		a->size = op == 0xC6 ? 1 : wide;
		unsigned imm = op == 0xC6 ? 1 : wide == 2 ? 2 : 4;
		unsigned at = i + modrm_length(b + i, real);
		a->value = 0;
		memcpy(&a->value, b + at, imm);
		a->len = at + imm;
		break;
	}
	default:
		fmt_snprintf(why, size, "instruction %02x %02x %02x at RIP 0x%llx is not a plain MOV; use MOV "
			     "to reach emulated device registers", b[0], b[1], b[2], (unsigned long long)x->rip);
		return false;
	}
	if ((op == 0x88 || op == 0x8A) && !rex && reg >= 4) {
		fmt_snprintf(why, size, "byte MOV with AH/CH/DH/BH at RIP 0x%llx is not emulated",
			     (unsigned long long)x->rip);
		return false;
	}
	if (reg == 4 && (op == 0x89 || op == 0x8B)) {
		fmt_snprintf(why, size, "MOV with RSP at RIP 0x%llx is not emulated", (unsigned long long)x->rip);
		return false;
	}
	return true;
}

void mmio_complete_load(struct exit_ctx *x, const struct mmio_access *a, uint64_t value)
{
	if (a->reg < 0)
		return;
	unsigned r = (unsigned)a->reg;
	uint64_t *slot = &((uint64_t *)&x->regs)[r < 4 ? r : r - 1];
	if (a->size == 4)
		*slot = (uint32_t)value; /* 32-bit destinations zero-extend */
	else if (a->size == 8)
		*slot = value;
	else
		*slot = (*slot & ~((1ULL << (8 * a->size)) - 1)) | (value & ((1ULL << (8 * a->size)) - 1));
	x->actions |= ACT_WRITE_REGS;
}
