/* SPDX-License-Identifier: BSD-2-Clause */
/* A text block assembled first and written to the console at once (no interleaving). */
#include <stdarg.h>
#include "hv/textbuf.h"
#include "hv/console.h"
#include "hv/lib/fmt.h"
#include "hv/lib/spinlock.h"

#define TEXTBUF_SIZE 16384

static struct spinlock textbuf_lock;
static char buf[TEXTBUF_SIZE];
static size_t len;

void textbuf_begin(void)
{
	spin_lock(&textbuf_lock);
	len = 0;
}

static void flush(void)
{
	console_write(buf, len);
	len = 0;
}

void textbuf_printf(const char *fmt, ...)
{
	va_list ap;
	for (int attempt = 0; attempt < 2; attempt++) {
		va_start(ap, fmt);
		int n = fmt_vsnprintf(buf + len, TEXTBUF_SIZE - len, fmt, ap);
		va_end(ap);
		if (len + (size_t)n < TEXTBUF_SIZE) {
			len += (size_t)n;
			return;
		}
		flush(); /* full: write what there is and try once more */
	}
	len = TEXTBUF_SIZE - 1;
}

void textbuf_end(void)
{
	flush();
	spin_unlock(&textbuf_lock);
}
