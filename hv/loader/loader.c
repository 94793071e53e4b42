/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest loaders: picks the format (manifest or detected) and hands the image to its loader. */
#include "hv/loader/common.h"
#include "hv/loader/linux.h"
#include "hv/loader/reset_vector.h"
#include "boot/boot_info.h"
#include "hv/lib/fmt.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/lib/string.h"

bool loader_load(struct partition *p, const struct boot_info *bi, struct load_result *out,
		 char *why, size_t size)
{
	const struct bi_module *k = bi_find_module(bi, p->cfg->kernel.name);
	struct loader l = { p, bi, k, why, size, 0 };
	if (!k) {
		fmt_snprintf(why, size, "kernel %s was not loaded by the boot stage", p->cfg->kernel.name);
		return false;
	}
	memset(out, 0, sizeof(*out));
	/* Every partition gets the reset code a BIOS would have at F000:FFF0 (where its BSP starts
	 * after an INIT, and where Linux jumps as a last way to reboot); the image may overwrite it. */
	if (!loader_install_reset_vector(p))
		return loader_fail(&l, "no memory for the reset vector at 0x%llx: give the partition more than "
				   "1 MiB of memory", (unsigned long long)RESET_VECTOR_GPA);
	uint32_t fmt = p->cfg->format;
	bool mb1 = loader_find_header(k, MB1_MAGIC, 4, 8192, 0);
	bool mb2 = loader_find_header(k, MB2_MAGIC, 8, 32768, 0);
	bool bz = loader_is_bzimage(k);
	if (fmt == MANIFEST_FORMAT_DETECT)
		fmt = mb2 ? MANIFEST_FORMAT_MULTIBOOT2 : mb1 ? MANIFEST_FORMAT_MULTIBOOT
		      : bz ? MANIFEST_FORMAT_LINUX : fmt;
	switch (fmt) {
	case MANIFEST_FORMAT_MULTIBOOT:
		return mb1 ? loader_mb1(&l, out) : loader_fail(&l, "no multiboot v1 header in its first 8 KiB");
	case MANIFEST_FORMAT_MULTIBOOT2:
		return mb2 ? loader_mb2(&l, out) : loader_fail(&l, "no multiboot2 header in its first 32 KiB");
	case MANIFEST_FORMAT_RAW:
		return loader_raw64(&l, out);
	case MANIFEST_FORMAT_LINUX:
		return bz ? loader_linux(&l, out)
			  : loader_fail(&l, "not a Linux bzImage (no \"HdrS\" at offset 0x202)");
	default:
		return loader_fail(&l, "no multiboot or multiboot2 header and no bzImage header found; name the format in the "
				   "manifest (format = \"raw\" for a flat 64-bit image)");
	}
}
