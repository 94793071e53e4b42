/* SPDX-License-Identifier: BSD-2-Clause */
/* The emulator's callbacks over host memory for the host-CPU comparison: the data area is a
 * device (every access to it goes through mmio), the code page is RAM. */
#include <string.h>

#include "tests/unit/insn/harness.h"

static bool in_data(uint64_t gpa, unsigned len)
{
	uint64_t data = (uint64_t)(uintptr_t)native_data();
	return gpa >= data && gpa + len <= data + NATIVE_DATA_SIZE;
}

static bool in_code(uint64_t gpa, unsigned len)
{
	uint64_t code = (uint64_t)(uintptr_t)native_data() - 4096;
	return gpa >= code && gpa + len <= code + 4096;
}

static bool flat_ram_read(void *ctx, uint64_t gpa, void *dst, unsigned len)
{
	((struct flat_env *)ctx)->ram_calls++;
	if (!in_code(gpa, len))
		return false;
	memcpy(dst, (const void *)(uintptr_t)gpa, len);
	return true;
}

static bool flat_ram_write(void *ctx, uint64_t gpa, const void *src, unsigned len)
{
	(void)ctx, (void)gpa, (void)src, (void)len;
	return false;
}

static bool flat_mmio(void *ctx, uint64_t gpa, unsigned size, bool write, uint64_t *value)
{
	((struct flat_env *)ctx)->mmio_calls++;
	if (!in_data(gpa, size) || (size != 1 && size != 2 && size != 4 && size != 8))
		return false;
	if (write) {
		memcpy((void *)(uintptr_t)gpa, value, size);
	} else {
		*value = 0;
		memcpy(value, (const void *)(uintptr_t)gpa, size);
	}
	return true;
}

static bool flat_is_mmio(void *ctx, uint64_t gpa)
{
	(void)ctx;
	return in_data(gpa, 1);
}

static bool flat_port(void *ctx, uint16_t port, unsigned size, bool write, uint32_t *value)
{
	(void)ctx, (void)port, (void)size, (void)write, (void)value;
	return false;
}

void flat_ops(struct insn_ops *ops, struct flat_env *env)
{
	memset(env, 0, sizeof(*env));
	ops->ctx = env;
	ops->ram_read = flat_ram_read;
	ops->ram_write = flat_ram_write;
	ops->mmio = flat_mmio;
	ops->port = flat_port;
	ops->is_mmio = flat_is_mmio;
}

void flat_cpu(struct insn_cpu *cpu, const struct native_state *s, uint64_t rip)
{
	memset(cpu, 0, sizeof(*cpu));
	memcpy(cpu->gpr, s->gpr, sizeof(cpu->gpr));
	cpu->rip = rip;
	cpu->rflags = s->rflags;
	cpu->cr0 = 1;         /* PE; paging off: linear = physical */
	cpu->efer = 0x500;    /* LME, LMA */
	for (int i = 0; i < 6; i++) {
		cpu->seg[i].limit = 0xFFFFFFFF;
		cpu->seg[i].ar = 0xC093;
	}
	cpu->seg[INSN_SEG_CS].ar = 0xA09B;  /* L */
	cpu->seg[INSN_SEG_FS].base = native_fs_base();
	cpu->seg[INSN_SEG_GS].base = native_gs_base();
}
