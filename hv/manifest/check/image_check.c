/* SPDX-License-Identifier: BSD-2-Clause */
/* splitvisor-check: the launch-time checks of the images themselves that need no CPU (Linux bzImages). */
#define _POSIX_C_SOURCE 200809L
#include "hv/manifest/check/image_check.h"
#include "hv/loader/linux_params.h"
#include "hv/manifest/priv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BZ_MAGIC_OFFSET 0x202

static uint8_t *slurp(const char *dir, const char *name, uint64_t *len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0) {
		if (f)
			fclose(f);
		return NULL;
	}
	uint8_t *buf = malloc((size_t)st.st_size + 1);
	*len = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	return buf;
}

static uint64_t file_size(const char *dir, const char *name)
{
	char path[4096];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

static bool looks_linux(const uint8_t *img, uint64_t len)
{
	return len > BZ_MAGIC_OFFSET + 4 && memcmp(img + BZ_MAGIC_OFFSET, "HdrS", 4) == 0;
}

static void check_linux(const struct manifest_partition *p, const char *dir, struct manifest_diags *d)
{
	uint64_t len = 0;
	uint8_t *img = slurp(dir, p->kernel.name, &len);
	if (!img)
		return; /* a missing image is the validator's error */
	bool linux = p->format == MANIFEST_FORMAT_LINUX || (p->format == MANIFEST_FORMAT_DETECT && looks_linux(img, len));
	struct linux_image k;
	char why[200];
	if (linux && !linux_parse(img, len, &k, why, sizeof(why))) {
		mdiag_add(d, false, p->kernel.pos.line, p->kernel.pos.col, "partition `%s`: kernel %s: %s",
			  p->name, p->kernel.name, why);
	} else if (linux) {
		struct linux_layout lay = { .memory = p->memory, .cmdline_len = strlen(p->cmdline),
					    .initrd_len = p->initrd.name[0] ? file_size(dir, p->initrd.name) : 0 };
		if (!linux_place(&k, &lay, why, sizeof(why)))
			mdiag_add(d, false, p->kernel.pos.line, p->kernel.pos.col, "partition `%s`: %s", p->name, why);
	}
	free(img);
}

void image_check(const struct manifest *m, const char *dir, struct manifest_diags *d)
{
	for (uint32_t i = 0; i < m->npartitions && i < MANIFEST_MAX_PARTITIONS; i++)
		if (m->part[i].kernel.name[0])
			check_linux(&m->part[i], dir, d);
}
