/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by the manifest's source files (not part of its interface). */
#ifndef HV_MANIFEST_PRIV_H
#define HV_MANIFEST_PRIV_H

#include "hv/manifest/manifest.h"

/* Adds an error (warning = false) or warning at line:col. */
void mdiag_add(struct manifest_diags *d, bool warning, uint32_t line, uint32_t col,
	       const char *fmt, ...) PRINTF_LIKE(5, 6);
/* Levenshtein distance of two short strings (longer ones count as far apart). */
uint32_t mdiag_distance(const char *a, const char *b);
/* The closest of n names (each the first member of a struct stride bytes
 * long, starting at base) to word, or NULL if none is close enough. */
const char *mdiag_suggest(const char *word, const void *base, size_t n, size_t stride);
/* Writes a ", "-separated, quoted list of a NULL-terminated name array. */
void mdiag_list(char *buf, size_t size, const char *const *names);

#endif
