/* SPDX-License-Identifier: BSD-2-Clause */
/* Fuzz builds: the handler table's reasons and the device registers a partition reached, as
 * lines for the campaign's coverage summary (tests/fuzz_guest.sh). */
#include "hv/exit/stats_cover.h"
#include "apic/vioapic.h"
#include "apic/vlapic_regs.h"
#include "hv/dev/ports.h"
#include "hv/exit/exit.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/textbuf.h"
#include "vmx/vmx.h"

void stats_cover_print(const struct partition *p)
{
#ifdef HV_FUZZ_CHECKS
	textbuf_begin();
	textbuf_printf("exit_table {\"partition\":\"%s\",\"reasons\":\"", p->cfg->name);
	for (uint32_t r = 0, n = 0; r < EXIT_REASON_MAX; r++)
		if (exit_handled(r))
			textbuf_printf("%s%u=%s", n++ ? ";" : "", r, vmx_exit_name(r));
	textbuf_printf("\"}\n");
	dev_cover_print(p, &ports_cover_regs);
	dev_cover_print(p, &vioapic_cover_regs);
	dev_cover_print(p, &vlapic_cover_regs);
	textbuf_end();
#else
	UNUSED(p);
#endif
}
