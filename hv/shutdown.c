/* SPDX-License-Identifier: BSD-2-Clause */
/* Ending a run with a status: emulator exit ports, ACPI power-off on hardware. */
#include "hv/shutdown.h"
#include "hv/console.h"
#include "hv/cpu.h"
#include "drivers/acpi.h"

static void bochs_shutdown_port(void)
{
	for (const char *s = "Shutdown"; *s; s++)
		outb(0x8900, (uint8_t)*s);
}

static void bochs_magic_break(void)
{
	__asm__ volatile("xchg %%bx, %%bx" ::: "memory");
}

NORETURN void hv_shutdown(enum shutdown_status status)
{
	bool ok = status == SHUTDOWN_SUCCESS;
	hv_info("splitvisor: shutdown, status %s\n", ok ? "success" : "failure");
	console_drain();
	/* QEMU with isa-debug-exit ends here */
	outl(DEBUG_EXIT_PORT, ok ? DEBUG_EXIT_SUCCESS : DEBUG_EXIT_FAILURE);
	if (ok) {
		bochs_magic_break(); /* Bochs with magic_break ends with status 0 */
		acpi_power_off();    /* QEMU without the exit device, real hardware */
	} else {
		bochs_shutdown_port(); /* Bochs ends with status 1 */
		hv_err("splitvisor: halted after a failure; the messages above say why. "
		       "Press reset to restart the machine.\n");
		console_drain();
	}
	for (;;) {
		cpu_cli();
		cpu_hlt();
	}
}
