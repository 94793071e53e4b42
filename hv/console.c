/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor console: serialized line output on COM1, log levels, log ring. Output goes
 * into the ring and out to the UART as it takes bytes (console_pump from the service loops), so
 * no core waits for a 115200-baud line; only a full ring or a drain waits. */
#include <stdarg.h>
#include "hv/console.h"
#include "hv/lib/fmt.h"
#include "hv/lib/spinlock.h"
#include "hv/lib/string.h"
#include "drivers/uart16550.h"

#define LOG_RING_SIZE 16384

static struct spinlock console_lock;
static bool serial_on;
static enum log_level max_level = LOG_INFO;
static char ring[LOG_RING_SIZE];
static uint64_t ring_pos;   /* bytes written into the ring */
static uint64_t sent_pos;   /* of them, sent to the UART */
static bool cr_sent;        /* the CR before the LF at sent_pos went out */

void console_init(bool serial)
{
	serial_on = serial && uart_init(COM1_PORT, 115200);
}

void console_set_level(enum log_level level) { max_level = level; }

bool console_level_from_name(const char *name, enum log_level *out)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++) {
		if (strcmp(name, names[i]) == 0) {
			*out = (enum log_level)i;
			return true;
		}
	}
	return false;
}

/* Sends the ring up to target: what the UART takes now, or with wait all of it. */
static void send_until(uint64_t target, bool wait)
{
	while (serial_on && sent_pos < target) {
		if (!wait && !uart_tx_ready(COM1_PORT))
			return;
		char c = ring[sent_pos % LOG_RING_SIZE];
		if (c == '\n' && !cr_sent) {
			uart_putc(COM1_PORT, '\r');
			cr_sent = true;
			continue;
		}
		uart_putc(COM1_PORT, c);
		cr_sent = false;
		sent_pos++;
	}
}

static void emit_locked(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (serial_on && ring_pos - sent_pos >= LOG_RING_SIZE)
			send_until(ring_pos - LOG_RING_SIZE + 1, true); /* the ring is full: wait for the UART */
		ring[ring_pos++ % LOG_RING_SIZE] = s[i];
	}
	send_until(ring_pos, false);
}

void console_write(const char *s, size_t n)
{
	spin_lock(&console_lock);
	emit_locked(s, n);
	spin_unlock(&console_lock);
}

void log_printf(enum log_level level, const char *fmt, ...)
{
	if (level > max_level)
		return;
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(buf, (size_t)n);
}

void console_break_lock(void) { spin_force_reset(&console_lock); }

void console_pump(void)
{
	if (!serial_on || sent_pos == ring_pos || !spin_trylock(&console_lock))
		return;
	send_until(ring_pos, false);
	spin_unlock(&console_lock);
}

void console_drain(void)
{
	send_until(ring_pos, true); /* the panic path has broken the lock already; shutdown holds no print */
	if (serial_on)
		uart_drain(COM1_PORT);
}

size_t log_ring_read(char *buf, size_t size)
{
	uint64_t avail = ring_pos < LOG_RING_SIZE ? ring_pos : LOG_RING_SIZE;
	if (avail > size)
		avail = size;
	for (uint64_t i = 0; i < avail; i++)
		buf[i] = ring[(ring_pos - avail + i) % LOG_RING_SIZE];
	return (size_t)avail;
}
