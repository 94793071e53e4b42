/* SPDX-License-Identifier: BSD-2-Clause */
/* Pull reader for the TOML subset of the manifest: events with source positions. */
#ifndef HV_TOML_H
#define HV_TOML_H

#include "hv/lib/types.h"

#define TOML_MAX_STRING 1024   /* decoded string or key, NUL included */
#define TOML_MSG_MAX 160

enum toml_event_type {
	TOML_END,          /* end of input */
	TOML_TABLE,        /* [name]: str */
	TOML_ARRAY_TABLE,  /* [[name]]: str */
	TOML_KEY,          /* key = ...: str; a value or an array follows */
	TOML_VALUE,        /* scalar value, alone or as an array item */
	TOML_ARRAY_BEGIN,  /* [ */
	TOML_ARRAY_END,    /* ] */
	TOML_ERROR,        /* msg; see abandon */
};

enum toml_value_type { TOML_STRING, TOML_INTEGER, TOML_BOOLEAN };

struct toml_event {
	enum toml_event_type type;
	uint32_t line, col;        /* 1-based position of the token */
	enum toml_value_type vtype;
	int64_t ival;              /* TOML_INTEGER */
	bool bval;                 /* TOML_BOOLEAN */
	const char *str;           /* key, table name or decoded string (NUL-terminated) */
	size_t len;
	const char *msg;           /* TOML_ERROR */
	bool abandon;              /* TOML_ERROR: the current key's value is given up */
	bool header;               /* TOML_ERROR: a bad table header; keys up to the
				    * next good header belong to no table */
};

struct toml_reader {
	const char *text;
	size_t len, pos;
	uint32_t line;
	size_t line_start;
	int state;
	uint32_t arr_line, arr_col;  /* where the open array began */
	char buf[TOML_MAX_STRING];
	char msg[TOML_MSG_MAX];
};

void toml_init(struct toml_reader *r, const char *text, size_t len);
/* Produces the next event. After TOML_END it keeps returning TOML_END.
 * Errors do not stop the reader: it skips ahead and goes on. */
void toml_next(struct toml_reader *r, struct toml_event *ev);

#endif
