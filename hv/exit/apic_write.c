/* SPDX-License-Identifier: BSD-2-Clause */
/* APIC-write exits (APIC-register virtualization): the CPU wrote the virtual-APIC page and
 * left the rest to the hypervisor (SDM vol. 3, "APIC-Write Emulation"), e.g. a self-IPI whose
 * vector it does not virtualize. The exit is trap-like: the instruction has completed. */
#include "hv/exit/handlers.h"
#include "apic/vlapic_regs.h"
#include "hv/partition/vcpu.h"

void handle_apic_write(struct exit_ctx *x)
{
	struct vlapic *a = &x->vcpu->vlapic;
	uint32_t offset = (uint32_t)x->qual & 0xFF0;
	if (!a->page)
		return;
	uint64_t value = vlapic_get(a, offset);
	if (!(x->vcpu->apic_base & APIC_BASE_EXTD)) {
		vlapic_mmio(x, offset, true, (uint32_t)value);
		return;
	}
	if (offset == VLAPIC_ICR)
		value |= (uint64_t)vlapic_get(a, VLAPIC_ICR + 0x10) << 32;
	(void)vlapic_x2apic_write(x, 0x800 + (offset >> 4), value); /* a refused value: nothing to undo */
}
