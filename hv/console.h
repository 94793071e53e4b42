/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor console: serialized line output on COM1, log levels, log ring. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include "hv/lib/types.h"

enum log_level { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG };

void console_init(bool serial);
void console_set_level(enum log_level level);
bool console_level_from_name(const char *name, enum log_level *out);
/* Writes raw text; safe from every core at once. */
void console_write(const char *s, size_t n);
/* Formats one message; "\n" inside ends lines. Goes to the log ring too. */
void log_printf(enum log_level level, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Panic path: take the console whatever state other cores left it in. */
void console_break_lock(void);
/* Hypervisor cores, from their service loops: sends what the UART takes now (never waits). */
void console_pump(void);
/* Sends everything still in the ring and waits until the UART is empty (shutdown, panic). */
void console_drain(void);
/* The in-memory log ring: copies its newest bytes into buf. */
size_t log_ring_read(char *buf, size_t size);

#define hv_err(...) log_printf(LOG_ERROR, __VA_ARGS__)
#define hv_warn(...) log_printf(LOG_WARN, __VA_ARGS__)
#define hv_info(...) log_printf(LOG_INFO, __VA_ARGS__)
#define hv_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

#endif
