/* SPDX-License-Identifier: BSD-2-Clause */
/* Pull reader for the TOML subset of the manifest: events with source positions. */
#include "hv/manifest/toml.h"
#include "hv/lib/fmt.h"
#include "hv/lib/string.h"

#define TOML_MAX_KEY 64
#define NOT_SUPPORTED "not supported by splitvisor's manifest format"

enum { ST_LINE, ST_VALUE, ST_EOL, ST_ITEM, ST_SEP, ST_DONE };

void toml_init(struct toml_reader *r, const char *text, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->text = text;
	r->len = len;
	r->line = 1;
	r->state = ST_LINE;
}

static int peek(const struct toml_reader *r, size_t off)
{
	return r->pos + off < r->len ? (unsigned char)r->text[r->pos + off] : -1;
}

static uint32_t col(const struct toml_reader *r)
{
	return (uint32_t)(r->pos - r->line_start + 1);
}

static void advance(struct toml_reader *r)
{
	if (r->pos >= r->len)
		return;
	if (r->text[r->pos] == '\n') {
		r->line++;
		r->line_start = r->pos + 1;
	}
	r->pos++;
}

static bool is_bare(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void skip_ws(struct toml_reader *r)
{
	int c;
	while ((c = peek(r, 0)) == ' ' || c == '\t' || c == '\r')
		advance(r);
}

static void skip_comment(struct toml_reader *r)
{
	if (peek(r, 0) != '#')
		return;
	while (peek(r, 0) != -1 && peek(r, 0) != '\n')
		advance(r);
}

/* Skips blanks, comments and newlines. */
static void skip_space(struct toml_reader *r)
{
	for (;;) {
		skip_ws(r);
		skip_comment(r);
		if (peek(r, 0) != '\n')
			return;
		advance(r);
	}
}

/* Skips to the end of the line, leaving the newline for ST_LINE. */
static void skip_line(struct toml_reader *r)
{
	while (peek(r, 0) != -1 && peek(r, 0) != '\n')
		advance(r);
}

static bool at_line_end(struct toml_reader *r)
{
	skip_ws(r);
	skip_comment(r);
	return peek(r, 0) == -1 || peek(r, 0) == '\n';
}

/* True when only blanks precede the current position on its line. */
static bool first_on_line(const struct toml_reader *r)
{
	for (size_t i = r->line_start; i < r->pos; i++)
		if (r->text[i] != ' ' && r->text[i] != '\t')
			return false;
	return true;
}

static void error_at(struct toml_reader *r, struct toml_event *ev, uint32_t line,
		     uint32_t c, bool abandon, const char *fmt, ...) PRINTF_LIKE(6, 7);

static void error_at(struct toml_reader *r, struct toml_event *ev, uint32_t line,
		     uint32_t c, bool abandon, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	ev->type = TOML_ERROR;
	ev->line = line;
	ev->col = c;
	ev->msg = r->msg;
	ev->abandon = abandon;
}

/* A printable stand-in for character c in messages. */
static const char *char_name(int c, char *tmp)
{
	if (c == -1)
		return "end of file";
	if (c < 0x20 || c >= 0x7f) {
		fmt_snprintf(tmp, 8, "\\x%02x", (unsigned)c);
		return tmp;
	}
	tmp[0] = (char)c;
	tmp[1] = 0;
	return tmp;
}

/* Reads a bare key or table name into buf; returns its length or -1 if too long. */
static int read_bare(struct toml_reader *r)
{
	int n = 0;
	while (is_bare(peek(r, 0))) {
		if (n < TOML_MAX_KEY - 1)
			r->buf[n] = (char)peek(r, 0);
		n++;
		advance(r);
	}
	if (n >= TOML_MAX_KEY) {
		r->buf[TOML_MAX_KEY - 1] = 0;
		return -1;
	}
	r->buf[n] = 0;
	return n;
}

static bool header_error(struct toml_reader *r, struct toml_event *ev, uint32_t line,
			 uint32_t c, const char *msg)
{
	error_at(r, ev, line, c, true, "%s", msg);
	ev->header = true;
	skip_line(r);
	r->state = ST_LINE;
	return false;
}

/* At '[': reads "[name]" or "[[name]]" and the rest of the line. */
static bool read_header(struct toml_reader *r, struct toml_event *ev)
{
	uint32_t line = r->line, c0 = col(r);
	bool dbl = peek(r, 1) == '[';
	advance(r);
	if (dbl)
		advance(r);
	skip_ws(r);
	uint32_t ncol = col(r);
	int c = peek(r, 0);
	if (c == '"' || c == '\'')
		return header_error(r, ev, line, ncol, "quoted table names are " NOT_SUPPORTED
				    "; use [hypervisor] or [[partition]]");
	int n = read_bare(r);
	if (n == 0)
		return header_error(r, ev, line, ncol, "expected a table name after `[`; "
				    "use [hypervisor] or [[partition]]");
	if (n < 0)
		return header_error(r, ev, line, ncol, "table name is too long; "
				    "use [hypervisor] or [[partition]]");
	skip_ws(r);
	if (peek(r, 0) == '.')
		return header_error(r, ev, line, col(r), "dotted table names are " NOT_SUPPORTED
				    "; use [hypervisor] or [[partition]]");
	if (peek(r, 0) != ']' || (dbl && peek(r, 1) != ']'))
		return header_error(r, ev, line, col(r), dbl ? "expected `]]` to close the "
				    "table header" : "expected `]` to close the table header");
	advance(r);
	if (dbl)
		advance(r);
	if (!at_line_end(r))
		return header_error(r, ev, line, col(r), "expected the end of the line after "
				    "the table header; put keys on the following lines");
	ev->type = dbl ? TOML_ARRAY_TABLE : TOML_TABLE;
	ev->line = line;
	ev->col = c0;
	ev->str = r->buf;
	ev->len = (size_t)n;
	r->state = ST_LINE;
	return true;
}

/* At a bare-key character: reads "key =". */
static void read_key(struct toml_reader *r, struct toml_event *ev)
{
	uint32_t line = r->line, c0 = col(r);
	int n = read_bare(r);
	if (n < 0) {
		error_at(r, ev, line, c0, true, "key `%s...` is too long; see docs/manifest.md "
			 "for the known keys", r->buf);
		skip_line(r);
		return;
	}
	skip_ws(r);
	if (peek(r, 0) == '.') {
		error_at(r, ev, line, c0, true, "dotted keys such as `%s.x` are " NOT_SUPPORTED
			 "; write plain keys under [hypervisor] or [[partition]]", r->buf);
		skip_line(r);
		return;
	}
	if (peek(r, 0) != '=') {
		char tmp[8];
		error_at(r, ev, r->line, col(r), true, "expected `=` after key `%s`, found `%s`; "
			 "write key = value", r->buf, char_name(peek(r, 0), tmp));
		skip_line(r);
		return;
	}
	advance(r);
	ev->type = TOML_KEY;
	ev->line = line;
	ev->col = c0;
	ev->str = r->buf;
	ev->len = (size_t)n;
	r->state = ST_VALUE;
}

/* Where to go after an item or value, good or bad. */
static void after_value(struct toml_reader *r, bool in_array, bool bad)
{
	if (in_array) {
		r->state = ST_SEP;
	} else if (bad) {
		skip_line(r);
		r->state = ST_LINE;
	} else {
		r->state = ST_EOL;
	}
}

/* Decodes one escape at the backslash; returns the byte or -1. */
static int read_escape(struct toml_reader *r)
{
	advance(r);
	int c = peek(r, 0);
	switch (c) {
	case 'n': advance(r); return '\n';
	case 't': advance(r); return '\t';
	case '"': advance(r); return '"';
	case '\\': advance(r); return '\\';
	default: return -1;
	}
}

/* Skips a """multi-line""" string for error recovery. */
static void skip_multiline(struct toml_reader *r, int q)
{
	for (int i = 0; i < 3; i++)
		advance(r);
	while (peek(r, 0) != -1 && !(peek(r, 0) == q && peek(r, 1) == q && peek(r, 2) == q))
		advance(r);
	for (int i = 0; i < 3; i++)
		advance(r);
}

static void read_string(struct toml_reader *r, struct toml_event *ev, bool in_array)
{
	uint32_t line = r->line, c0 = col(r);
	if (peek(r, 1) == '"' && peek(r, 2) == '"') {
		skip_multiline(r, '"');
		error_at(r, ev, line, c0, !in_array, "multi-line strings are " NOT_SUPPORTED
			 "; write the value on one line, using \\n for line breaks");
		after_value(r, in_array, false);
		return;
	}
	advance(r);
	size_t n = 0;
	uint32_t eline = 0, ecol = 0;
	const char *emsg = NULL;
	for (;;) {
		int c = peek(r, 0);
		if (c == -1 || c == '\n') {
			error_at(r, ev, line, c0, !in_array, "unterminated string; add the "
				 "closing `\"` on the same line");
			after_value(r, in_array, true);
			return;
		}
		if (c == '"') {
			advance(r);
			break;
		}
		uint32_t here = col(r);
		if (c == '\\') {
			c = read_escape(r);
			if (c < 0 && !emsg) {
				eline = r->line, ecol = here, emsg = "unsupported escape in string; "
					"the allowed escapes are \\\" \\\\ \\n \\t";
			}
		} else {
			advance(r);
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				if (!emsg)
					eline = r->line, ecol = here, emsg = "control character in "
						"string; use \\n or \\t, or remove it";
			}
		}
		if (c >= 0 && n < sizeof(r->buf) - 1)
			r->buf[n] = (char)c;
		if (c >= 0)
			n++;
	}
	if (!emsg && n >= sizeof(r->buf))
		eline = line, ecol = c0, emsg = "string is too long (the limit is 1023 bytes)";
	if (emsg) {
		error_at(r, ev, eline, ecol, !in_array, "%s", emsg);
		after_value(r, in_array, true);
		return;
	}
	r->buf[n] = 0;
	ev->type = TOML_VALUE;
	ev->vtype = TOML_STRING;
	ev->line = line;
	ev->col = c0;
	ev->str = r->buf;
	ev->len = n;
	after_value(r, in_array, false);
}

static bool token_char(int c)
{
	return c != -1 && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ',' &&
	       c != ']' && c != '[' && c != '#' && c != '"' && c != '{' && c != '}';
}

static bool token_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

static bool token_has(const char *s, size_t n, char c)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == c)
			return true;
	return false;
}

/* Digits with single underscores between them, in base 10 or 16. */
static const char *parse_digits(const char *s, size_t n, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0)
		return "has no digits";
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_') {
			if (i == 0 || i + 1 == n || s[i + 1] == '_')
				return "has an underscore that is not between two digits";
			continue;
		}
		int d = base == 16 ? hex_value(s[i]) : (is_digit(s[i]) ? s[i] - '0' : -1);
		if (d < 0)
			return base == 16 ? "has a character that is not a hex digit" :
					    "has a character that is not a digit";
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return "is too large";
		v = v * base + (uint64_t)d;
	}
	if (v > (uint64_t)INT64_MAX)
		return "is too large";
	*out = v;
	return NULL;
}

/* Classifies a token that starts with a digit, '+' or '-'. */
static const char *parse_number(const char *s, size_t n, int64_t *out)
{
	bool neg = n && s[0] == '-';
	size_t i = (n && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
	const char *d = s + i;
	size_t dn = n - i;
	uint64_t v = 0;
	const char *why;
	if (token_has(s, n, ':') || (dn >= 5 && d[4] == '-' && is_digit(d[0])))
		return "dates and times are " NOT_SUPPORTED "; use a string";
	if (dn >= 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) {
		if (i)
			return "has a sign; hexadecimal integers cannot be signed";
		why = parse_digits(d + 2, dn - 2, 16, &v);
	} else if (dn >= 2 && d[0] == '0' && (d[1] == 'o' || d[1] == 'b')) {
		return "only decimal and 0x hexadecimal integers are supported";
	} else if (token_has(d, dn, '.') || token_has(d, dn, 'e') || token_has(d, dn, 'E') ||
		   token_is(d, dn, "inf") || token_is(d, dn, "nan")) {
		return "floating-point numbers are " NOT_SUPPORTED "; use an integer";
	} else {
		if (dn >= 2 && d[0] == '0')
			return "has a leading zero; write it without";
		why = parse_digits(d, dn, 10, &v);
	}
	if (why)
		return why;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return NULL;
}

/* A value that is not a string, array or table: integer, boolean or junk. */
static void read_token(struct toml_reader *r, struct toml_event *ev, bool in_array)
{
	uint32_t line = r->line, c0 = col(r);
	const char *s = r->text + r->pos;
	size_t n = 0;
	char shown[44]; /* the token for messages, cut at 40 bytes */
	while (token_char(peek(r, 0))) {
		advance(r);
		n++;
	}
	size_t ns = n > 40 ? 40 : n;
	memcpy(shown, s, ns);
	shown[ns] = 0;
	ev->type = TOML_VALUE;
	ev->line = line;
	ev->col = c0;
	if (token_is(s, n, "true") || token_is(s, n, "false")) {
		ev->vtype = TOML_BOOLEAN;
		ev->bval = s[0] == 't';
	} else if (n && (is_digit(s[0]) || s[0] == '+' || s[0] == '-')) {
		const char *why = parse_number(s, n, &ev->ival);
		if (why) {
			bool plain = why[0] == 'h' || why[0] == 'i';
			error_at(r, ev, line, c0, !in_array, "%s%s%s%s", plain ? "integer `" : "",
				 plain ? shown : "", plain ? "` " : "", why);
			after_value(r, in_array, true);
			return;
		}
		ev->vtype = TOML_INTEGER;
	} else if (token_is(s, n, "inf") || token_is(s, n, "nan")) {
		error_at(r, ev, line, c0, !in_array, "floating-point numbers are " NOT_SUPPORTED);
		after_value(r, in_array, true);
		return;
	} else if (n == 0) {
		char tmp[8];
		error_at(r, ev, line, c0, !in_array, "expected a value, found `%s`",
			 char_name(peek(r, 0), tmp));
		if (peek(r, 0) != -1 && peek(r, 0) != '\n')
			advance(r);
		after_value(r, in_array, true);
		return;
	} else {
		error_at(r, ev, line, c0, !in_array, "invalid value `%s`; strings need double "
			 "quotes: \"%s\"", shown, shown);
		after_value(r, in_array, true);
		return;
	}
	after_value(r, in_array, false);
}

static void read_value(struct toml_reader *r, struct toml_event *ev, bool in_array)
{
	int c = peek(r, 0);
	if (c == '"')
		{ read_string(r, ev, in_array); return; }
	if (c == '\'') {
		uint32_t line = r->line, c0 = col(r);
		if (peek(r, 1) == '\'' && peek(r, 2) == '\'')
			skip_multiline(r, '\'');
		else
			while (token_char(peek(r, 0)) || peek(r, 0) == ' ')
				advance(r);
		error_at(r, ev, line, c0, !in_array, "single-quoted strings are " NOT_SUPPORTED
			 "; use double quotes");
		{ after_value(r, in_array, true); return; }
	}
	if (c == '{') {
		error_at(r, ev, r->line, col(r), !in_array, "inline tables are " NOT_SUPPORTED
			 "; use plain keys under [hypervisor] or [[partition]]");
		while (peek(r, 0) != -1 && peek(r, 0) != '\n' && peek(r, 0) != '}')
			advance(r);
		if (peek(r, 0) == '}')
			advance(r);
		{ after_value(r, in_array, true); return; }
	}
	if (c == '[') {
		if (in_array) {
			error_at(r, ev, r->line, col(r), false, "nested arrays are " NOT_SUPPORTED);
			while (peek(r, 0) != -1 && peek(r, 0) != '\n' && peek(r, 0) != ']')
				advance(r);
			if (peek(r, 0) == ']')
				advance(r);
			{ after_value(r, true, true); return; }
		}
		ev->type = TOML_ARRAY_BEGIN;
		ev->line = r->arr_line = r->line;
		ev->col = r->arr_col = col(r);
		advance(r);
		r->state = ST_ITEM;
		return;
	}
	if (c == -1 || c == '\n' || c == '#') {
		error_at(r, ev, r->line, col(r), true, "missing value after `=`; write e.g. "
			 "key = \"text\", key = 1 or key = [1, 2]");
		r->state = ST_LINE;
		return;
	}
	read_token(r, ev, in_array);
}

/* True if the text at the current position looks like "key =" or a header:
 * the array before it was probably not closed. */
static bool looks_like_statement(const struct toml_reader *r)
{
	int c = peek(r, 0);
	if (c == '[')
		return first_on_line(r);
	if (!is_bare(c) || is_digit(c) || c == '-')
		return false;
	size_t i = 0;
	while (is_bare(peek(r, i)))
		i++;
	while (peek(r, i) == ' ' || peek(r, i) == '\t')
		i++;
	return peek(r, i) == '=' || peek(r, i) == '.';
}

static bool array_unclosed(struct toml_reader *r, struct toml_event *ev)
{
	if (peek(r, 0) != -1 && !looks_like_statement(r))
		return false;
	error_at(r, ev, r->arr_line, r->arr_col, true, "this array is not closed; add `]` "
		 "after its last item");
	r->state = ST_LINE;
	return true;
}

static bool step_item(struct toml_reader *r, struct toml_event *ev)
{
	skip_space(r);
	if (array_unclosed(r, ev))
		return true;
	int c = peek(r, 0);
	if (c == ']') {
		ev->type = TOML_ARRAY_END;
		ev->line = r->line;
		ev->col = col(r);
		advance(r);
		r->state = ST_EOL;
		return true;
	}
	if (c == ',') {
		error_at(r, ev, r->line, col(r), false, "expected a value before `,` in the array");
		advance(r);
		return true;
	}
	read_value(r, ev, true);
	return true;
}

static bool step_sep(struct toml_reader *r, struct toml_event *ev)
{
	skip_space(r);
	if (array_unclosed(r, ev))
		return true;
	int c = peek(r, 0);
	if (c == ',') {
		advance(r);
		r->state = ST_ITEM;
		return false;
	}
	if (c == ']') {
		ev->type = TOML_ARRAY_END;
		ev->line = r->line;
		ev->col = col(r);
		advance(r);
		r->state = ST_EOL;
		return true;
	}
	error_at(r, ev, r->line, col(r), false, "expected `,` or `]` after an array item");
	do
		advance(r);
	while (token_char(peek(r, 0)));
	return true;
}

static bool step_line(struct toml_reader *r, struct toml_event *ev)
{
	skip_space(r);
	int c = peek(r, 0);
	if (c == -1) {
		r->state = ST_DONE;
		ev->type = TOML_END;
		ev->line = r->line;
		ev->col = col(r);
		return true;
	}
	if (c == '[') {
		read_header(r, ev);
	} else if (is_bare(c)) {
		read_key(r, ev);
	} else if (c == '"' || c == '\'') {
		error_at(r, ev, r->line, col(r), true, "quoted keys are " NOT_SUPPORTED
			 "; use a bare key such as memory");
		skip_line(r);
	} else {
		char tmp[8];
		error_at(r, ev, r->line, col(r), true, "expected a key or a [table] header, "
			 "found `%s`", char_name(c, tmp));
		skip_line(r);
	}
	return true;
}

static bool step_eol(struct toml_reader *r, struct toml_event *ev)
{
	r->state = ST_LINE;
	if (at_line_end(r))
		return false;
	error_at(r, ev, r->line, col(r), false, "expected the end of the line after the "
		 "value; write one key = value per line");
	skip_line(r);
	return true;
}

void toml_next(struct toml_reader *r, struct toml_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	for (;;) {
		bool done;
		switch (r->state) {
		case ST_LINE: done = step_line(r, ev); break;
		case ST_VALUE:
			skip_ws(r);
			read_value(r, ev, false);
			done = true;
			break;
		case ST_EOL: done = step_eol(r, ev); break;
		case ST_ITEM: done = step_item(r, ev); break;
		case ST_SEP: done = step_sep(r, ev); break;
		default:
			ev->type = TOML_END;
			ev->line = r->line;
			ev->col = col(r);
			return;
		}
		if (done)
			return;
	}
}
