/* SPDX-License-Identifier: BSD-2-Clause */
/* Which image files a manifest names, for boot stages that must load them. */
#include "boot/manifest_images.h"
#include "hv/manifest/manifest.h"

static struct manifest boot_manifest;
static struct manifest_diags boot_diags;

uint32_t manifest_image_names(const char *text, size_t len, const char **names, uint32_t max)
{
	manifest_diags_init(&boot_diags, "boot");
	manifest_parse(text, len, &boot_manifest, &boot_diags);
	uint32_t n = manifest_images(&boot_manifest, names, max);
	return n < max ? n : max;
}
