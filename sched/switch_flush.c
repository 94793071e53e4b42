/* SPDX-License-Identifier: BSD-2-Clause */
/* What a shared core does against leaks when it switches from one partition's vCPU to another's. */
#include "sched/switch_flush.h"
#include "hv/cpu.h"
#include "hv/gdt.h"
#include "hv/manifest/load.h"
#include "hv/manifest/manifest.h"

#define MSR_PRED_CMD 0x49u
#define MSR_FLUSH_CMD 0x10Bu
#define EDX7_MD_CLEAR (1u << 10)
#define EDX7_IBPB (1u << 26)
#define EDX7_L1D_FLUSH (1u << 28)
#define L1D_FLUSH_BYTES (64 * 1024) /* twice the largest L1D of the CPUs that lack IA32_FLUSH_CMD */

static uint8_t flush_buffer[L1D_FLUSH_BYTES] __attribute__((aligned(64)));
static struct { bool probed; uint32_t edx7; } cpu;

static uint32_t features(void)
{
	if (!cpu.probed) {
		cpu.edx7 = cpuid(0, 0).eax >= 7 ? cpuid(7, 0).edx : 0;
		cpu.probed = true;
	}
	return cpu.edx7;
}

/* Without IA32_FLUSH_CMD: reading a buffer twice the L1D's size evicts what the last guest left. */
static void l1d_flush_software(void)
{
	for (uint32_t i = 0; i < L1D_FLUSH_BYTES; i += 64)
		__asm__ volatile("" ::"r"(*(volatile uint8_t *)&flush_buffer[i]));
}

static void verw(void)
{
	static const uint16_t sel = SEL_DATA;
	__asm__ volatile("verw %0" ::"m"(sel) : "cc");
}

void switch_flush(void)
{
	uint32_t mode = manifest_active()->hv.switch_flush, f = features();
	if (mode == MANIFEST_FLUSH_OFF)
		return;
	if (f & EDX7_IBPB)
		wrmsr(MSR_PRED_CMD, 1);
	if (mode == MANIFEST_FLUSH_IBPB)
		return;
	if (f & EDX7_L1D_FLUSH)
		wrmsr(MSR_FLUSH_CMD, 1);
	else
		l1d_flush_software();
	if (f & EDX7_MD_CLEAR)
		verw();
}

const char *switch_flush_describe(void)
{
	static const char *const names[8] = {
		"L1D flush (software)", "IBPB, L1D flush (software)", "L1D flush (IA32_FLUSH_CMD)",
		"IBPB, L1D flush (IA32_FLUSH_CMD)", "L1D flush (software), VERW",
		"IBPB, L1D flush (software), VERW", "L1D flush (IA32_FLUSH_CMD), VERW",
		"IBPB, L1D flush (IA32_FLUSH_CMD), VERW",
	};
	uint32_t f = features();
	return names[((f & EDX7_IBPB) ? 1 : 0) | ((f & EDX7_L1D_FLUSH) ? 2 : 0) | ((f & EDX7_MD_CLEAR) ? 4 : 0)];
}
