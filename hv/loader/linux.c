/* SPDX-License-Identifier: BSD-2-Clause */
/* Linux bzImage loader: the x86 boot protocol's 64-bit entry for a partition. */
#include "hv/loader/linux.h"
#include "hv/loader/acpi.h"
#include "hv/loader/common.h"
#include "hv/loader/linux_params.h"
#include "boot/boot_info.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/lib/string.h"

/* guest-physical layout below 1 MiB (0x9D000-0x9F000 is where the decompressor puts its own
 * trampoline; 0xE0000 holds the ACPI tables) */
#define LINUX_STACK_TOP 0x8000u   /* the trampoline's stack, below the zero page */
#define LINUX_ZERO_PAGE 0x8000u   /* struct boot_params */
#define LINUX_CMDLINE 0x9000u     /* the command line (MANIFEST_CMDLINE_MAX bytes at most) */
#define LINUX_TRAMPOLINE 0xA000u  /* GDT and the jump to the 64-bit entry */

bool loader_is_bzimage(const struct bi_module *k)
{
	const uint8_t *img = (const uint8_t *)(uintptr_t)k->base;
	return k->len > 0x206 && memcmp(img + 0x202, "HdrS", 4) == 0;
}

/* The manifest's initrd, if it names one: the boot stage must have loaded it. */
static bool find_initrd(struct loader *l, const struct bi_module **rd)
{
	const char *name = l->p->cfg->initrd.name;
	*rd = name[0] ? bi_find_module(l->bi, name) : 0;
	if (name[0] && !*rd)
		return loader_fail(l, "initrd %s was not loaded by the boot stage (is it on the boot "
				   "medium under that name?)", name);
	return true;
}

static bool write_zero_page(struct loader *l, const struct linux_image *k,
			    const struct linux_layout *lay)
{
	uint64_t hpa = partition_gpa_to_hpa(l->p, LINUX_ZERO_PAGE);
	if (!hpa)
		return loader_fail(l, "no memory for the zero page at 0x%x", LINUX_ZERO_PAGE);
	linux_build_zero_page((uint8_t *)(uintptr_t)hpa, (const uint8_t *)(uintptr_t)l->kernel->base,
			      k, lay);
	return true;
}

static bool place(struct loader *l, struct linux_image *k, struct linux_layout *lay,
		  const struct bi_module **rd)
{
	char msg[160];
	const uint8_t *img = (const uint8_t *)(uintptr_t)l->kernel->base;
	if (!linux_parse(img, l->kernel->len, k, msg, sizeof(msg)))
		return loader_fail(l, "%s", msg);
	if (!find_initrd(l, rd))
		return false;
	*lay = (struct linux_layout){ .memory = l->p->memory, .initrd_len = *rd ? (*rd)->len : 0,
				      .cmdline_len = strlen(l->p->cfg->cmdline),
				      .zero_page = LINUX_ZERO_PAGE, .cmdline = LINUX_CMDLINE };
	if (!linux_place(k, lay, msg, sizeof(msg)))
		return loader_fail(l, "%s", msg);
	lay->rsdp = loader_install_acpi(l->p, msg, sizeof(msg));
	if (!lay->rsdp)
		return loader_fail(l, "%s", msg);
	return true;
}

bool loader_linux(struct loader *l, struct load_result *out)
{
	struct linux_image k;
	struct linux_layout lay;
	struct linux_trampoline t;
	const struct bi_module *rd = 0;
	const char *cmdline = l->p->cfg->cmdline;
	if (!place(l, &k, &lay, &rd))
		return false;
	const uint8_t *img = (const uint8_t *)(uintptr_t)l->kernel->base;
	partition_write(l->p, lay.kernel, img + k.setup_bytes, k.kernel_len);
	if (rd)
		partition_write(l->p, lay.initrd, (const void *)(uintptr_t)rd->base, rd->len);
	partition_write(l->p, LINUX_CMDLINE, cmdline, lay.cmdline_len + 1);
	if (!write_zero_page(l, &k, &lay) || !loader_identity_map(l, &out->cr3))
		return false;
	linux_build_trampoline(&t, LINUX_TRAMPOLINE, LINUX_STACK_TOP, &lay);
	partition_write(l->p, LINUX_TRAMPOLINE, &t, sizeof(t));
	l->top = rd ? lay.initrd + rd->len : lay.kernel_end;
	out->entry = LINUX_TRAMPOLINE;
	out->mode = LOAD_MODE_LONG64;
	return true;
}
