/* SPDX-License-Identifier: BSD-2-Clause */
/* Manifest diagnostics: collecting, formatting, "did you mean" suggestions. */
#include "hv/manifest/priv.h"
#include "hv/lib/fmt.h"
#include "hv/lib/string.h"

#define DIST_MAX_LEN 64

void manifest_diags_init(struct manifest_diags *d, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->file = file;
}

void mdiag_add(struct manifest_diags *d, bool warning, uint32_t line, uint32_t col,
	       const char *fmt, ...)
{
	if (warning)
		d->warnings++;
	else
		d->errors++;
	if (d->truncated)
		return;
	struct manifest_diag *e = &d->d[d->count++];
	e->warning = warning;
	if (d->count == MANIFEST_MAX_DIAGS) {
		d->truncated = true;
		e->line = e->col = 0;
		e->warning = false;
		fmt_snprintf(e->msg, sizeof(e->msg), "too many errors and warnings; only the "
			     "first %u are shown: fix them and check again",
			     MANIFEST_MAX_DIAGS - 1);
		return;
	}
	e->line = line;
	e->col = col;
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

int manifest_diag_format(const struct manifest_diags *d, uint32_t i, char *buf, size_t size)
{
	if (i >= d->count)
		return -1;
	const struct manifest_diag *e = &d->d[i];
	const char *file = d->file ? d->file : "manifest";
	const char *kind = e->warning ? "warning" : "error";
	if (e->line == 0)
		return fmt_snprintf(buf, size, "%s: %s: %s", file, kind, e->msg);
	return fmt_snprintf(buf, size, "%s:%u:%u: %s: %s", file, e->line, e->col, kind, e->msg);
}

static bool diag_before(const struct manifest_diag *a, const struct manifest_diag *b)
{
	return a->line < b->line || (a->line == b->line && a->col < b->col);
}

void manifest_diags_sort(struct manifest_diags *d)
{
	struct manifest_diag tmp;
	uint32_t n = d->truncated ? d->count - 1 : d->count;
	for (uint32_t i = 1; i < n; i++) {
		uint32_t j = i;
		if (!diag_before(&d->d[i], &d->d[i - 1]))
			continue;
		tmp = d->d[i];
		while (j > 0 && diag_before(&tmp, &d->d[j - 1])) {
			d->d[j] = d->d[j - 1];
			j--;
		}
		d->d[j] = tmp;
	}
}

static uint32_t min3(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t m = a < b ? a : b;
	return m < c ? m : c;
}

uint32_t mdiag_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	uint32_t row[DIST_MAX_LEN + 1];
	if (la > DIST_MAX_LEN || lb > DIST_MAX_LEN)
		return UINT32_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (uint32_t)j;
	for (size_t i = 1; i <= la; i++) {
		uint32_t diag = row[0];
		row[0] = (uint32_t)i;
		for (size_t j = 1; j <= lb; j++) {
			uint32_t up = row[j];
			row[j] = min3(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1]));
			diag = up;
		}
	}
	return row[lb];
}

const char *mdiag_suggest(const char *word, const void *base, size_t n, size_t stride)
{
	size_t len = strlen(word);
	uint32_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	const char *best = NULL;
	uint32_t best_d = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		const char *name = *(const char *const *)((const char *)base + i * stride);
		uint32_t dist = mdiag_distance(word, name);
		if (dist < best_d) {
			best_d = dist;
			best = name;
		}
	}
	return best_d <= limit ? best : NULL;
}

void mdiag_list(char *buf, size_t size, const char *const *names)
{
	size_t len = 0;
	if (size)
		buf[0] = 0;
	for (size_t i = 0; names[i] && len < size; i++)
		len += (size_t)fmt_snprintf(buf + len, size - len, "%s\"%s\"", i ? ", " : "", names[i]);
}
