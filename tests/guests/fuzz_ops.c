/* SPDX-License-Identifier: BSD-2-Clause */
/* The fuzzer's operations (except MMIO, fuzz_mmio.c): each generator writes one instruction
 * with random operands into op->code and sets the registers it reads. */
#include "fuzz.h"

/* ---- port I/O ---- */
static const uint64_t ports[] = {
	0x20, 0x21, 0xA0, 0xA1, 0x4D0, 0x4D1, 0x40, 0x41, 0x42, 0x43, 0x61, 0x70, 0x71, 0x80,
	0x3F8, 0x3F9, 0x3FA, 0x3FB, 0x3FC, 0x3FD, 0x3FE, 0x3FF, 0x2F8, 0x2FD, 0xCF8, 0xCFA, 0xCFC,
	0xCFD, 0xCFE, 0xCFF, 0xCF9, 0x64, 0x60, 0x604, 0x605, 0x606, 0x608, 0x609, 0x60B, 0x8900,
	0xE9, 0x92, 0x402, 0x510, 0xB2, 0x3F6, 0x1F0, 0xF4,
};

static uint16_t io_port(void)
{
	if (chance(75))
		return (uint16_t)(PICK(ports) + (chance(10) ? rnd(4) : 0));
	return (uint16_t)(chance(50) ? rnd(0x1000) : rnd(0x10000));
}

/* Writes that would end the stream are changed: the debug exit, a reset, an S5 sleep; bytes
 * for COM1's transmitter stay printable (the console is the test's record). */
static uint64_t io_safe_value(uint16_t *port, unsigned size, uint64_t v)
{
	for (unsigned i = 0; i < size; i++) {
		uint16_t p = (uint16_t)(*port + i);
		uint8_t b = (uint8_t)(v >> (8 * i));
		if (p >= 0xF4 && p <= 0xF7)
			*port = 0x80;
		else if (p == 0xCF9)
			b &= (uint8_t)~4;
		else if (p == 0x64 && b == 0xFE)
			b = 0xFD;
		else if (p == 0x604)
			b &= (uint8_t)~0x20;
		else if (p == 0x3F8)
			b = (uint8_t)(0x20 + b % 95);
		v = (v & ~(0xFFULL << (8 * i))) | ((uint64_t)b << (8 * i));
	}
	return v;
}

static unsigned io_size(struct fuzz_op *op)
{
	static const uint64_t sizes[] = { 1, 2, 4 };
	unsigned size = (unsigned)PICK(sizes);
	if (size == 2)
		emit1(op, 0x66);
	return size;
}

static void gen_io(struct fuzz_op *op, const struct fuzz_env *env)
{
	(void)env;
	bool out = chance(50);
	uint16_t port = io_port();
	unsigned size = io_size(op);
	uint64_t v = rng();
	if (out)
		v = io_safe_value(&port, size, v);
	bool imm = port < 256 && chance(30);
	emit1(op, (uint8_t)((imm ? 0xE4 : 0xEC) + (out ? 2 : 0) + (size > 1)));
	if (imm)
		emit1(op, (uint8_t)port);
	op->regs[R_DX] = port | (rng() & 0xFFFF0000u);
	op->regs[R_AX] = v;
	op->arg[0] = port, op->arg[1] = v, op->arg[2] = size | (out ? 0x100 : 0);
	fuzz_end(op);
}

/* INS/OUTS, with and without REP, either direction, 32-bit addressing sometimes; OUTS reads
 * printable bytes (SCRATCH + 0xB000...), INS writes around SCRATCH + 0x8000. */
static void gen_string_io(struct fuzz_op *op, const struct fuzz_env *env)
{
	bool out = chance(50), rep = chance(70), down = chance(25);
	uint16_t port = io_port();
	if (out && ((port >= 0xF1 && port <= 0xF7) || (port >= 0xCF6 && port <= 0xCF9) ||
		    (port >= 0x61 && port <= 0x64) || (port >= 0x601 && port <= 0x604)))
		port = 0x80;
	if (down)
		emit1(op, 0xFD);
	if (chance(10))
		emit1(op, 0x67);
	if (rep)
		emit1(op, 0xF3);
	unsigned size = io_size(op);
	emit1(op, (uint8_t)((out ? 0x6E : 0x6C) + (size > 1)));
	emit1(op, 0xFC);
	op->regs[R_CX] = env->fast ? rnd(9) : chance(5) ? rnd(512) : rnd(65);
	op->regs[R_DX] = port;
	op->regs[R_SI] = SCRATCH + 0xC800 + rnd(0x100);
	op->regs[R_DI] = SCRATCH + 0x8000 + rnd(0x100);
	op->arg[0] = port, op->arg[1] = op->regs[R_CX], op->arg[2] = size | (out ? 0x100 : 0) | (rep ? 0x200 : 0);
	fuzz_end(op);
}

/* ---- MSRs ---- */
static const uint64_t msrs[] = {
	0x10, 0x1B, 0x3A, 0x3B, 0x48, 0x49, 0x8B, 0x9B, 0xE7, 0xE8, 0xFE, 0x10A, 0x10B, 0x140, 0x174,
	0x175, 0x176, 0x179, 0x17A, 0x17B, 0x1A0, 0x1D9, 0x1FC, 0x200, 0x201, 0x20E, 0x20F, 0x250,
	0x258, 0x259, 0x268, 0x26F, 0x277, 0x2FF, 0x400, 0x401, 0x402, 0x403, 0x404, 0x407, 0x408,
	0x480, 0x48D, 0x4D0, 0x6E0, 0xC0000080, 0xC0000081, 0xC0000082, 0xC0000084, 0xC0000100,
	0xC0000101, 0xC0000102, 0xC0000103, 0x11, 0x12, 0x4B564D00, 0x4B564D01, 0x4B564D02,
	0x4B564D03, 0x4B564D04, 0x4B564D05, 0x4B564D06, 0x40000000, 0x40000001, 0x40000020,
};
static const uint64_t x2apic_msrs[] = {
	0x802, 0x803, 0x808, 0x80A, 0x80B, 0x80D, 0x80F, 0x810, 0x817, 0x818, 0x820, 0x827, 0x828,
	0x82F, 0x830, 0x832, 0x833, 0x834, 0x835, 0x836, 0x837, 0x838, 0x839, 0x83E, 0x83F,
};

static uint32_t msr_number(void)
{
	uint32_t c = rnd(100);
	if (c < 45)
		return (uint32_t)PICK(msrs);
	if (c < 70)
		return chance(80) ? (uint32_t)PICK(x2apic_msrs) : 0x800 + rnd(0x100);
	if (c < 80)
		return 0x4B564D00 + rnd(0x10);
	if (c < 88)
		return rnd(0x2000);
	if (c < 92)
		return 0xC0000000u + rnd(0x200);
	if (c < 96)
		return 0x40000000u + rnd(0x200);
	return (uint32_t)rng();
}

/* A guest-physical address for KVM's structures: mostly the PV area, sometimes the last bytes
 * of memory (crossing its end), beyond it, or anything. */
static uint64_t pv_gpa(const struct fuzz_env *env)
{
	uint32_t c = rnd(100);
	uint64_t flags = rng() & 0x3F;
	if (c < 70)
		return (PV_AREA + (rng() & 0xFFC0)) | flags;
	if (c < 85)
		return (env->memory - 8 * rnd(8)) | flags;
	if (c < 95)
		return env->memory + (rng() & 0xFFFFFFF);
	uint64_t v = rng();
	return (v & 0xFFFFFFFFFULL) < env->memory ? v | (1ULL << 40) : v;
}

static uint64_t msr_value(uint32_t msr, const struct fuzz_env *env)
{
	static const uint64_t small[] = { 0, 1, 0xFF, 0x100, 0x10000, 0x80000000u, 0xFFFFFFFFu, ~0ULL };
	switch (msr) {
	case 0x11: case 0x12: case 0x4B564D00: case 0x4B564D01: case 0x4B564D02: case 0x4B564D03:
	case 0x4B564D04:
		return pv_gpa(env);
	case 0x830:
		return fuzz_icr_value(env);
	case 0x1B:
		if (env->x2apic_only || chance(90))
			return XAPIC_BASE | (env->x2apic_only || chance(50) ? 0xC00 : 0x800) |
			       (env->wide ? 0x100 : rng() & 0x100);
		/* wide: the BSP flag stays set (an INIT of a vCPU without it waits for a SIPI nobody
		 * sends: the partition is stopped, the stream ends) */
		return (chance(50) ? 0xFED00000u : XAPIC_BASE) | (env->wide ? (rng() & 0xC00) | 0x100 : rng() & 0xD00);
	case 0xC0000080:
		return chance(90) ? 0x500 | (rng() & 0x4801) : rng();
	default:
		return chance(30) ? PICK(small) : chance(50) ? rng() & 0xFFFFFFFF : rng();
	}
}

static void gen_rdmsr(struct fuzz_op *op, const struct fuzz_env *env)
{
	(void)env;
	op->regs[R_CX] = msr_number();
	emit1(op, 0x0F), emit1(op, 0x32);
	op->arg[0] = op->regs[R_CX];
	fuzz_end(op);
}

static void gen_wrmsr(struct fuzz_op *op, const struct fuzz_env *env)
{
	uint32_t msr = msr_number();
	uint64_t v = msr_value(msr, env);
	op->regs[R_CX] = msr;
	op->regs[R_AX] = (uint32_t)v;
	op->regs[R_DX] = v >> 32;
	emit1(op, 0x0F), emit1(op, 0x30);
	op->arg[0] = msr, op->arg[1] = v;
	op->apic_write = msr == 0x1B;
	fuzz_end(op);
}

/* An ICR write of v: the x2APIC MSR, or the xAPIC page when that is where the APIC is. */
static void emit_icr_write(struct fuzz_op *op, const struct fuzz_env *env, uint64_t v)
{
	if (!env->xapic || (env->apic_base & 0xC00) != 0x800) {
		op->regs[R_CX] = 0x830, op->regs[R_AX] = (uint32_t)v, op->regs[R_DX] = v >> 32;
		emit1(op, 0x0F), emit1(op, 0x30);
		op->arg[0] = 0x830, op->arg[1] = v;
		fuzz_end(op);
		return;
	}
	op->regs[R_BX] = env->apic_base & ~0xFFFULL;
	op->regs[R_AX] = (uint32_t)v;
	op->regs[R_DX] = (v >> 32) << 24;
	emit1(op, 0x89), emit1(op, 0x93), emitn(op, 0x310, 4); /* mov [rbx+0x310], edx */
	emit1(op, 0x89), emit1(op, 0x83), emitn(op, 0x300, 4); /* mov [rbx+0x300], eax */
	op->arg[0] = 0x300, op->arg[1] = v;
	fuzz_end(op);
}

static void gen_icr(struct fuzz_op *op, const struct fuzz_env *env) { emit_icr_write(op, env, fuzz_icr_value(env)); }

/* init_at=N: operation N is an INIT to this vCPU (physical destination 0, level assert). */
void fuzz_gen_self_init(struct fuzz_op *op, const struct fuzz_env *env)
{
	emit_icr_write(op, env, (5 << 8) | (1 << 14));
}

/* ---- CPUID, VMCALL ---- */
static void gen_cpuid(struct fuzz_op *op, const struct fuzz_env *env)
{
	(void)env;
	uint32_t c = rnd(100), leaf;
	if (c < 40)
		leaf = rnd(0x21);
	else if (c < 65)
		leaf = 0x40000000u + (chance(50) ? rnd(0x10) : 0x100 + rnd(0x10));
	else if (c < 85)
		leaf = 0x80000000u + rnd(0x21);
	else
		leaf = (uint32_t)rng();
	op->regs[R_AX] = leaf | (chance(5) ? rng() << 32 : 0);
	op->regs[R_CX] = chance(70) ? rnd(4) : rng();
	emit1(op, 0x0F), emit1(op, 0xA2);
	op->arg[0] = leaf, op->arg[1] = op->regs[R_CX];
	fuzz_end(op);
}

static void gen_vmcall(struct fuzz_op *op, const struct fuzz_env *env)
{
	static const uint64_t nrs[] = { 0, 2, 3, 0x53560000, 0x53560002, 0x53560003, 0x53560004, 5, 10,
					11, 12, 1, 9, 13, 0xFFFFFFFF, 0x53560001 };
	uint64_t nr;
	do {
		nr = chance(85) ? PICK(nrs) : chance(50) ? 0x53560000 + rnd(32) : rng();
	} while (!env->checkpoint && (nr == 1 || nr == 0x53560001));
	op->regs[R_AX] = nr;
	for (unsigned r = R_BX; r <= 15; r++)
		if (r != R_SP)
			op->regs[r] = chance(50) ? rng() : rnd(16);
	if (nr == 2 || nr == 0x53560002) /* unmap: a page of ours now and then (faulted back in) */
		op->regs[R_BX] = chance(70) ? (0x100000 + rng() % (env->memory - 0x100000)) & ~0xFFFULL : rng();
	if (nr == 10) /* KVM_HC_SEND_IPI: bitmap low, high, min APIC ID, ICR */
		op->regs[R_SI] = (uint32_t)fuzz_icr_value(env) & ~(3u << 18);
	if (nr == 1 || nr == 0x53560001)
		op->regs[R_BX] = chance(90) ? 0 : rng();
	emit1(op, 0x0F), emit1(op, 0x01), emit1(op, 0xC1);
	op->arg[0] = nr, op->arg[1] = op->regs[R_BX], op->arg[2] = op->regs[R_CX];
	fuzz_end(op);
}

/* ---- control and debug registers ---- */
static uint64_t cr0_now(void) { uint64_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static uint64_t cr4_now(void) { uint64_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }

static uint64_t cr_value(unsigned cr)
{
	static const uint64_t cr4_bits[] = { 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 20, 21, 22, 23, 24 };
	uint64_t v;
	switch (cr) {
	case 0:
		v = cr0_now() ^ ((rng() & 0x60050026ULL));
		if (chance(3))
			v = chance(50) ? rng() : v & ~0x80000000ULL;
		return v;
	case 3:
		v = ((uint64_t)(uintptr_t)fuzz_pml4) | (rng() & 0x18);
		return chance(3) ? v | (rng() & 0xFFF0000000000FE7ULL) : v;
	case 4:
		v = cr4_now() ^ (1ULL << PICK(cr4_bits)) ^ (chance(30) ? 1ULL << PICK(cr4_bits) : 0);
		return chance(3) ? rng() : v | 0x20;
	default:
		return chance(95) ? rnd(16) : rng();
	}
}

/* MOV to CR0/3/4/8 (reads too), CLTS, LMSW. */
static void gen_cr(struct fuzz_op *op, const struct fuzz_env *env)
{
	(void)env;
	static const uint64_t crs[] = { 0, 0, 3, 4, 4, 8, 8 };
	unsigned cr = (unsigned)PICK(crs), reg = rnd(16);
	if (reg == R_SP)
		reg = R_AX;
	uint32_t form = rnd(10);
	op->regs[reg] = cr_value(cr);
	if (form == 0) {
		emit1(op, 0x0F), emit1(op, 0x06); /* CLTS */
	} else if (form == 1) {
		op->regs[R_AX] = rng() & 0xFFFF;  /* LMSW: MP/EM/TS, PE cannot be cleared */
		emit1(op, 0x0F), emit1(op, 0x01), emit1(op, 0xF0);
	} else {
		bool read = form == 2;
		emit1(op, (uint8_t)(0x40 | (cr == 8 ? 4 : 0) | (reg >= 8 ? 1 : 0)));
		emit1(op, 0x0F), emit1(op, read ? 0x20 : 0x22);
		emit1(op, (uint8_t)(0xC0 | ((cr & 7) << 3) | (reg & 7)));
	}
	op->arg[0] = cr | (form << 8), op->arg[1] = op->regs[reg];
	fuzz_end(op);
}

static void gen_dr(struct fuzz_op *op, const struct fuzz_env *env)
{
	(void)env;
	unsigned dr = rnd(8);
	uint64_t v = chance(50) ? rng() : dr < 4 ? (uint64_t)(uintptr_t)op->code : rng() & 0xFFFF07FFULL;
	op->regs[R_AX] = v;
	emit1(op, 0x0F), emit1(op, chance(80) ? 0x23 : 0x21), emit1(op, (uint8_t)(0xC0 | (dr << 3)));
	op->arg[0] = dr, op->arg[1] = v;
	fuzz_end(op);
}

static void gen_xsetbv(struct fuzz_op *op, const struct fuzz_env *env)
{
	(void)env;
	static const uint64_t vals[] = { 1, 3, 7, 0xE7, 0x207, 0x2E7, 0, 2, 5, 0x1F, 0x60007 };
	uint64_t v = chance(85) ? PICK(vals) : rng();
	op->regs[R_CX] = chance(85) ? 0 : rnd(4);
	op->regs[R_AX] = (uint32_t)v, op->regs[R_DX] = v >> 32;
	emit1(op, 0x0F), emit1(op, 0x01), emit1(op, chance(80) ? 0xD1 : 0xD0); /* XSETBV / XGETBV */
	op->arg[0] = op->regs[R_CX], op->arg[1] = v;
	fuzz_end(op);
}

/* INVLPG, INVPCID (descriptor in the scratch area), INVD, WBINVD, WBNOINVD. */
static void gen_tlb_cache(struct fuzz_op *op, const struct fuzz_env *env)
{
	uint32_t form = rnd(5);
	uint64_t *desc = (uint64_t *)(uintptr_t)(SCRATCH + 0xF000);
	desc[0] = chance(50) ? rnd(4096) : rng();
	desc[1] = chance(50) ? rng() % env->memory : rng();
	op->regs[R_AX] = chance(80) ? rnd(4) : rng();
	op->regs[R_BX] = chance(95) ? SCRATCH + 0xF000 : rng();
	if (form == 0)
		emit1(op, 0x0F), emit1(op, 0x01), emit1(op, 0x3B); /* invlpg [rbx] */
	else if (form == 1)
		emit1(op, 0x66), emit1(op, 0x0F), emit1(op, 0x38), emit1(op, 0x82), emit1(op, 0x03);
	else if (form == 2)
		emit1(op, 0x0F), emit1(op, 0x08);
	else if (form == 3)
		emit1(op, 0x0F), emit1(op, 0x09);
	else
		emit1(op, 0xF3), emit1(op, 0x0F), emit1(op, 0x09);
	op->arg[0] = form, op->arg[1] = op->regs[R_AX], op->arg[2] = op->regs[R_BX];
	fuzz_end(op);
}

/* The VMX and SMX instructions and a few others that exit or fault: each is refused. */
static void gen_misc(struct fuzz_op *op, const struct fuzz_env *env)
{
	(void)env;
	static const uint8_t forms[][5] = {
		{ 4, 0x66, 0x0F, 0xC7, 0x33 }, { 3, 0x0F, 0xC7, 0x33 }, { 3, 0x0F, 0xC7, 0x3B },
		{ 3, 0x0F, 0x78, 0x03 },       { 3, 0x0F, 0x79, 0x03 }, { 3, 0x0F, 0x01, 0xC2 },
		{ 3, 0x0F, 0x01, 0xC3 },       { 3, 0x0F, 0x01, 0xC4 }, { 4, 0xF3, 0x0F, 0xC7, 0x33 },
		{ 5, 0x66, 0x0F, 0x38, 0x80 }, { 5, 0x66, 0x0F, 0x38, 0x81 }, { 3, 0x0F, 0x01, 0xD4 },
		{ 2, 0x0F, 0x37 },             { 3, 0x0F, 0x01, 0xCF }, { 3, 0x0F, 0x01, 0xF9 },
		{ 2, 0x0F, 0x31 },             { 2, 0x0F, 0x33 },       { 3, 0x0F, 0x01, 0xC8 },
		{ 2, 0xF3, 0x90 },             { 3, 0x0F, 0xC7, 0xF0 }, { 3, 0x0F, 0xC7, 0xF8 },
		{ 3, 0x0F, 0x01, 0x03 },       { 3, 0x0F, 0x01, 0x0B }, { 2, 0x0F, 0x0B },
		{ 1, 0xCC },                   { 3, 0x0F, 0x01, 0xD0 }, { 4, 0xF3, 0x0F, 0xC7, 0xF8 },
	};
	uint32_t f = rnd(sizeof(forms) / sizeof(forms[0]));
	for (unsigned i = 1; i <= forms[f][0]; i++)
		emit1(op, forms[f][i]);
	if (f == 9 || f == 10)
		emit1(op, 0x03); /* INVEPT/INVVPID rax, [rbx] */
	op->regs[R_AX] = chance(50) ? rnd(4) : rng();
	op->regs[R_BX] = SCRATCH + 0xF000;
	op->regs[R_CX] = chance(50) ? rnd(8) : rng();
	op->arg[0] = f;
	fuzz_end(op);
}

/* ---- HLT and PAUSE loops (wide=1) ---- */
static void emit_x2apic_write(struct fuzz_op *op, uint32_t msr, uint32_t v)
{
	emit1(op, 0xB9), emitn(op, msr, 4); /* mov ecx, msr */
	emit1(op, 0xB8), emitn(op, v, 4);   /* mov eax, v */
	emit1(op, 0x31), emit1(op, 0xD2);   /* xor edx, edx */
	emit1(op, 0x0F), emit1(op, 0x30);   /* wrmsr */
}

static void emit_xapic_write(struct fuzz_op *op, uint32_t off, uint32_t v)
{
	emit1(op, 0xC7), emit1(op, 0x83), emitn(op, off, 4), emitn(op, v, 4); /* mov dword [rbx+off], v */
}

/* HLT with interrupts on, woken by the local APIC timer that the operation arms itself (APIC
 * software-enabled, in-service vectors EOIed, TPR 0, one-shot at vector 0xEF); where the APIC
 * cannot be reached (globally off, or the xAPIC page not in use) or one time in four, a PAUSE
 * loop instead (PAUSE-loop exiting on shared cores). */
void fuzz_gen_halt_kind(struct fuzz_op *op, const struct fuzz_env *env)
{
	bool x2 = (env->apic_base & 0xC00) == 0xC00, x1 = (env->apic_base & 0xC00) == 0x800 && env->xapic;
	uint32_t count = 500 + rnd(20000);
	if ((!x2 && !x1) || chance(25)) {
		emit1(op, 0xB9), emitn(op, 100 + rnd(8000), 4);        /* mov ecx, n */
		emit1(op, 0xF3), emit1(op, 0x90);                      /* 1: pause */
		emit1(op, 0xFF), emit1(op, 0xC9);                      /* dec ecx */
		emit1(op, 0x75), emit1(op, 0xFA);                      /* jnz 1b */
		op->arg[0] = 0;
		fuzz_end(op);
		return;
	}
	op->regs[R_BX] = env->apic_base & ~0xFFFULL;
	for (int i = 0; i < 4; i++)
		x2 ? emit_x2apic_write(op, 0x80B, 0) : emit_xapic_write(op, 0xB0, 0);
	static const uint32_t regs[][2] = { { 0xF0, 0x1FF }, { 0x3E0, 0xB }, { 0x320, 0xEF }, { 0x380, 0 } };
	for (unsigned r = 0; r < 4; r++) {
		uint32_t v = r == 3 ? count : regs[r][1];
		x2 ? emit_x2apic_write(op, 0x800 + (regs[r][0] >> 4), v) : emit_xapic_write(op, regs[r][0], v);
	}
	emit1(op, 0x31), emit1(op, 0xC0);                              /* xor eax, eax */
	emit1(op, 0x44), emit1(op, 0x0F), emit1(op, 0x22), emit1(op, 0xC0); /* mov cr8, rax */
	emit1(op, 0xFB), emit1(op, 0xF4), emit1(op, 0xFA);             /* sti; hlt; cli */
	op->arg[0] = 1, op->arg[1] = count;
	fuzz_end(op);
}

const struct fuzz_kind fuzz_kinds[] = {
	{ "io", 14, 20, gen_io },
	{ "string-io", 5, 2, gen_string_io },
	{ "rdmsr", 10, 15, gen_rdmsr },
	{ "wrmsr", 12, 15, gen_wrmsr },
	{ "cpuid", 8, 12, gen_cpuid },
	{ "vmcall", 8, 12, gen_vmcall },
	{ "mmio", 16, 6, gen_mmio },
	{ "mmio-raw", 4, 1, gen_mmio_raw },
	{ "cr", 7, 8, gen_cr },
	{ "dr", 2, 3, gen_dr },
	{ "xsetbv", 3, 4, gen_xsetbv },
	{ "tlb-cache", 3, 4, gen_tlb_cache },
	{ "icr", 5, 6, gen_icr },
	{ "misc", 3, 4, gen_misc },
	{ "halt", 2, 2, fuzz_gen_halt_kind }, /* wide=1 only: streams without it stay as they were */
};
const uint32_t fuzz_nkinds = sizeof(fuzz_kinds) / sizeof(fuzz_kinds[0]);
