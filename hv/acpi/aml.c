/* SPDX-License-Identifier: BSD-2-Clause */
/* AML byte encoding (ACPI 6.x chapter 20): integers, strings, NameStrings, PkgLength objects. */
#include "hv/acpi/aml.h"
#include "hv/lib/string.h"

enum {
	ZERO_OP = 0x00, ONE_OP = 0x01, ONES_OP = 0xFF,
	BYTE_PREFIX = 0x0A, WORD_PREFIX = 0x0B, DWORD_PREFIX = 0x0C, QWORD_PREFIX = 0x0E,
	STRING_PREFIX = 0x0D, NAME_OP = 0x08, SCOPE_OP = 0x10, BUFFER_OP = 0x11, PACKAGE_OP = 0x12,
	EXT_OP_PREFIX = 0x5B, DEVICE_OP = 0x82,
	ROOT_CHAR = 0x5C, PARENT_PREFIX = 0x5E, DUAL_NAME_PREFIX = 0x2E, MULTI_NAME_PREFIX = 0x2F,
	NULL_NAME = 0x00,
};

void aml_init(struct aml *a, void *data, size_t size)
{
	*a = (struct aml){ .data = data, .size = size };
}

void aml_bytes(struct aml *a, const void *bytes, size_t n)
{
	if (a->overflow || n > a->size - a->len) {
		a->overflow = true;
		return;
	}
	memcpy(a->data + a->len, bytes, n);
	a->len += n;
}

void aml_byte(struct aml *a, uint8_t b)
{
	aml_bytes(a, &b, 1);
}

static void put_le(struct aml *a, uint64_t v, unsigned nbytes)
{
	for (unsigned i = 0; i < nbytes; i++)
		aml_byte(a, (uint8_t)(v >> (8 * i)));
}

/* The prefixed encodings, shortest first; 0, 1 and all ones have one-byte opcodes. */
static const struct {
	uint64_t max;
	uint8_t prefix;
	uint8_t nbytes;
} integer_forms[] = {
	{ 0xFF, BYTE_PREFIX, 1 },
	{ 0xFFFF, WORD_PREFIX, 2 },
	{ 0xFFFFFFFF, DWORD_PREFIX, 4 },
	{ UINT64_MAX, QWORD_PREFIX, 8 },
};

void aml_integer(struct aml *a, uint64_t v)
{
	if (v == 0 || v == 1 || v == UINT64_MAX) {
		aml_byte(a, v == 0 ? ZERO_OP : v == 1 ? ONE_OP : ONES_OP);
		return;
	}
	size_t i = 0;
	while (v > integer_forms[i].max)
		i++;
	aml_byte(a, integer_forms[i].prefix);
	put_le(a, v, integer_forms[i].nbytes);
}

void aml_string(struct aml *a, const char *s)
{
	aml_byte(a, STRING_PREFIX);
	aml_bytes(a, s, strlen(s) + 1);
}

/* One NameSeg: up to four characters, padded with '_'. */
static bool put_name_seg(struct aml *a, const char *seg, size_t n)
{
	if (n == 0 || n > 4) {
		a->overflow = true;
		return false;
	}
	char padded[4] = { '_', '_', '_', '_' };
	memcpy(padded, seg, n);
	aml_bytes(a, padded, sizeof(padded));
	return true;
}

static size_t count_segments(const char *p)
{
	size_t n = *p ? 1 : 0;
	for (; *p; p++)
		n += *p == '.';
	return n;
}

bool aml_name_string(struct aml *a, const char *path)
{
	for (; *path == '\\' || *path == '^'; path++)
		aml_byte(a, *path == '\\' ? ROOT_CHAR : PARENT_PREFIX);
	size_t nsegs = count_segments(path);
	if (nsegs == 0 || nsegs > 255) {
		aml_byte(a, NULL_NAME);
		return nsegs == 0;
	}
	if (nsegs == 2) {
		aml_byte(a, DUAL_NAME_PREFIX);
	} else if (nsegs > 2) {
		aml_byte(a, MULTI_NAME_PREFIX);
		aml_byte(a, (uint8_t)nsegs);
	}
	for (size_t i = 0; i < nsegs; i++) {
		size_t n = 0;
		while (path[n] && path[n] != '.')
			n++;
		if (!put_name_seg(a, path, n))
			return false;
		path += n + (path[n] == '.');
	}
	return true;
}

void aml_name(struct aml *a, const char *path)
{
	aml_byte(a, NAME_OP);
	aml_name_string(a, path);
}

/* Writes the opcode bytes and one byte for the PkgLength, widened when the object is closed
 * (so that what is written never exceeds the final size); returns where the PkgLength is. */
static size_t open_pkg(struct aml *a, const uint8_t *op, size_t oplen)
{
	aml_bytes(a, op, oplen);
	size_t mark = a->len;
	aml_byte(a, 0);
	return mark;
}

/* PkgLength (ACPI 6.x 20.2.4) counts itself: one byte holds 6 bits, a lead byte with 1..3
 * followers holds 4 + 8 per follower. Returns the encoding's size for a body of n bytes. */
static size_t pkglength_size(size_t body)
{
	if (body + 1 < 0x40)
		return 1;
	if (body + 2 < 0x1000)
		return 2;
	if (body + 3 < 0x100000)
		return 3;
	return 4;
}

static void encode_pkglength(uint8_t *out, size_t total, size_t nbytes)
{
	if (nbytes == 1) {
		out[0] = (uint8_t)total;
		return;
	}
	out[0] = (uint8_t)(((nbytes - 1) << 6) | (total & 0x0F));
	for (size_t i = 1; i < nbytes; i++)
		out[i] = (uint8_t)(total >> (4 + 8 * (i - 1)));
}

void aml_close(struct aml *a, size_t mark)
{
	if (a->overflow)
		return;
	size_t body = a->len - mark - 1;
	size_t nbytes = pkglength_size(body);
	if (body + nbytes > AML_PKGLENGTH_MAX || nbytes - 1 > a->size - a->len) {
		a->overflow = true;
		return;
	}
	uint8_t *at = a->data + mark;
	memmove(at + nbytes, at + 1, body);
	encode_pkglength(at, body + nbytes, nbytes);
	a->len = mark + nbytes + body;
}

size_t aml_scope(struct aml *a, const char *path)
{
	static const uint8_t op[] = { SCOPE_OP };
	size_t mark = open_pkg(a, op, sizeof(op));
	aml_name_string(a, path);
	return mark;
}

size_t aml_device(struct aml *a, const char *name)
{
	static const uint8_t op[] = { EXT_OP_PREFIX, DEVICE_OP };
	size_t mark = open_pkg(a, op, sizeof(op));
	aml_name_string(a, name);
	return mark;
}

size_t aml_package(struct aml *a, uint8_t nelements)
{
	static const uint8_t op[] = { PACKAGE_OP };
	size_t mark = open_pkg(a, op, sizeof(op));
	aml_byte(a, nelements);
	return mark;
}

void aml_buffer(struct aml *a, const void *bytes, size_t n)
{
	static const uint8_t op[] = { BUFFER_OP };
	size_t mark = open_pkg(a, op, sizeof(op));
	aml_integer(a, n);
	aml_bytes(a, bytes, n);
	aml_close(a, mark);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Three letters in 5 bits each and four hex digits, stored big-endian: "PNP0501" is the
 * bytes 41 D0 05 01, the dword 0x0105D041. */
uint32_t aml_eisa_id(const char *id)
{
	uint32_t v = 0;
	for (int i = 0; i < 3; i++) {
		if (id[i] < 'A' || id[i] > 'Z')
			return 0;
		v = (v << 5) | (uint32_t)(id[i] - 'A' + 1);
	}
	for (int i = 3; i < 7; i++) {
		int d = hex_digit(id[i]);
		if (d < 0)
			return 0;
		v = (v << 4) | (uint32_t)d;
	}
	if (id[7])
		return 0;
	return ((v >> 24) & 0xFF) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
}
