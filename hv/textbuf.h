/* SPDX-License-Identifier: BSD-2-Clause */
/* A text block assembled first and written to the console at once (no interleaving). */
#ifndef HV_TEXTBUF_H
#define HV_TEXTBUF_H

#include "hv/lib/types.h"

/* Takes the shared block buffer (one block at a time, machine-wide). */
void textbuf_begin(void);
void textbuf_printf(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Writes the block to the console and releases the buffer. */
void textbuf_end(void);

#endif
