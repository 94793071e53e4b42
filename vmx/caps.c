/* SPDX-License-Identifier: BSD-2-Clause */
/* VT-x capability probe: names every feature splitvisor needs that the CPU lacks. */
#include "vmx/caps.h"
#include "vmx/vmx.h"
#include "hv/cpu.h"
#include "hv/lib/fmt.h"
#include "hv/lib/string.h"

#define FC_LOCKED (1ULL << 0)
#define FC_VMX_OUTSIDE_SMX (1ULL << 2)

static struct vmx_caps caps;

const struct vmx_caps *vmx_caps(void) { return caps.usable ? &caps : 0; }

bool vmx_adjust(uint32_t allowed0, uint32_t allowed1, uint32_t desired, uint32_t *out)
{
	*out = (desired | allowed0) & allowed1;
	return (desired & ~allowed1) == 0;
}

struct need {
	const char *name;
	bool ok;
};

static void split_msr(uint32_t msr, uint32_t *allowed0, uint32_t *allowed1)
{
	uint64_t v = rdmsr(msr);
	*allowed0 = (uint32_t)v;
	*allowed1 = (uint32_t)(v >> 32);
}

bool vmx_enable_feature_control(char *why, size_t size)
{
	uint64_t fc = rdmsr(MSR_FEATURE_CONTROL);
	if (fc & FC_LOCKED) {
		if (fc & FC_VMX_OUTSIDE_SMX)
			return true;
		fmt_snprintf(why, size, "the firmware disabled VT-x and locked IA32_FEATURE_CONTROL; "
			     "enable \"Intel Virtualization Technology\" in the firmware setup");
		return false;
	}
	wrmsr(MSR_FEATURE_CONTROL, fc | FC_VMX_OUTSIDE_SMX | FC_LOCKED);
	return true;
}

static void read_caps(struct vmx_caps *c)
{
	uint64_t basic = rdmsr(MSR_VMX_BASIC);
	c->revision = (uint32_t)basic & 0x7FFFFFFF;
	bool true_ctls = (basic >> 55) & 1;
	split_msr(true_ctls ? MSR_VMX_TRUE_PIN : 0x481, &c->pin0, &c->pin1);
	split_msr(true_ctls ? MSR_VMX_TRUE_PROC : 0x482, &c->proc0, &c->proc1);
	split_msr(true_ctls ? MSR_VMX_TRUE_EXIT : 0x483, &c->exit0, &c->exit1);
	split_msr(true_ctls ? MSR_VMX_TRUE_ENTRY : 0x484, &c->entry0, &c->entry1);
	c->proc2_0 = 0;
	c->proc2_1 = (c->proc1 & PROC_SECONDARY) ? (uint32_t)(rdmsr(MSR_VMX_PROCBASED2) >> 32) : 0;
	c->ept_vpid = (c->proc2_1 & (PROC2_EPT | PROC2_VPID)) ? rdmsr(MSR_VMX_EPT_VPID_CAP) : 0;
	c->cr0_fixed0 = rdmsr(MSR_VMX_CR0_FIXED0);
	c->cr0_fixed1 = rdmsr(MSR_VMX_CR0_FIXED1);
	c->cr4_fixed0 = rdmsr(MSR_VMX_CR4_FIXED0);
	c->cr4_fixed1 = rdmsr(MSR_VMX_CR4_FIXED1);
	c->preemption_shift = (uint32_t)rdmsr(MSR_VMX_MISC) & 0x1F;
}

bool vmx_probe(struct vmx_caps *out, char *why, size_t size)
{
	why[0] = 0;
	if (!((cpuid(1, 0).ecx >> 5) & 1)) {
		fmt_snprintf(why, size, "this CPU has no VT-x (CPUID.1:ECX.VMX[bit 5] = 0): an AMD CPU, an "
			     "emulator without VMX (QEMU TCG), or a VM without nested virtualization");
		return false;
	}
	if (!vmx_enable_feature_control(why, size))
		return false;
	struct vmx_caps c;
	read_caps(&c);
	const struct need needs[] = {
		{ "secondary controls", (c.proc1 & PROC_SECONDARY) != 0 },
		{ "EPT", (c.proc2_1 & PROC2_EPT) != 0 },
		{ "EPT 2 MiB pages", (c.ept_vpid >> 16) & 1 },
		{ "EPT 4-level walk", (c.ept_vpid >> 6) & 1 },
		{ "EPT write-back memory", (c.ept_vpid >> 14) & 1 },
		{ "VPID", (c.proc2_1 & PROC2_VPID) != 0 },
		{ "unrestricted guest", (c.proc2_1 & PROC2_UNRESTRICTED) != 0 },
		{ "VMX preemption timer", (c.pin1 & PIN_PREEMPTION_TIMER) != 0 },
		{ "NMI exiting", (c.pin1 & PIN_NMI_EXITING) != 0 },
		{ "MSR bitmaps", (c.proc1 & PROC_MSR_BITMAPS) != 0 },
		{ "I/O bitmaps", (c.proc1 & PROC_IO_BITMAPS) != 0 },
		{ "INVEPT", (c.ept_vpid >> 20) & 1 },
		{ "INVVPID", (c.ept_vpid >> 32) & 1 },
		{ "load/save EFER", (c.entry1 & ENTRY_LOAD_EFER) && (c.exit1 & EXIT_LOAD_EFER) },
	};
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(needs); i++) {
		if (needs[i].ok)
			continue;
		n += (size_t)fmt_snprintf(why + n, n < size ? size - n : 0, "%s%s",
					  n ? ", " : "VT-x lacks: ", needs[i].name);
	}
	if (n)
		return false;
	c.usable = true;
	caps = c;
	if (out)
		*out = c;
	return true;
}
