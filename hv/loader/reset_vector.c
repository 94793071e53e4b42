/* SPDX-License-Identifier: BSD-2-Clause */
/* The partition's reset vector: firmware code at 0xFFFF0 that resets the partition, as a BIOS would. */
#include "hv/loader/reset_vector.h"
#include "hv/dev/ports.h"
#include "hv/partition/partition.h"

/* Real-mode code a guest reaches by jumping to F000:FFF0 (Linux does when its other reset methods
 * are exhausted or skipped: on a hardware-reduced ACPI platform it tries EFI, then the BIOS):
 *   mov dx, RESET_CONTROL_PORT; mov al, RESET_CONTROL_VALUE; out dx, al; cli; hlt; jmp $-1 */
static const uint8_t reset_stub[] = {
	0xBA, RESET_CONTROL_PORT & 0xFF, RESET_CONTROL_PORT >> 8, 0xB0, RESET_CONTROL_VALUE, 0xEE,
	0xFA, 0xF4, 0xEB, 0xFD,
};
_Static_assert(sizeof(reset_stub) <= 16, "the reset vector has 16 bytes below 1 MiB");

bool loader_install_reset_vector(struct partition *p)
{
	return partition_write(p, RESET_VECTOR_GPA, reset_stub, sizeof(reset_stub));
}
