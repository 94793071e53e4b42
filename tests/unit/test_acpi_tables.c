/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests of the generated ACPI tables (hv/acpi/): AML bytes, contents, drivers/acpi.c, iasl. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "drivers/acpi.h"
#include "hv/acpi/aml.h"
#include "hv/acpi/tables.h"

#define GPA 0x000E0000ULL
#define BUF_SIZE 8192
#define INSTALL_HINT "install ACPICA's tools: apt-get install acpica-tools"

/* ------------------------------------------------------------------ helpers */

static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static uint8_t sum8(const uint8_t *p, size_t len)
{
	uint8_t s = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

static bool contains(const uint8_t *hay, size_t n, const void *needle, size_t m)
{
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return true;
	return false;
}

static size_t count_of(const uint8_t *hay, size_t n, const void *needle, size_t m)
{
	size_t c = 0;
	for (size_t i = 0; i + m <= n; i++)
		c += memcmp(hay + i, needle, m) == 0;
	return c;
}

static struct vacpi_platform platform(uint32_t nvcpus, bool x2apic)
{
	return (struct vacpi_platform){
		.nvcpus = nvcpus, .x2apic_entries = x2apic, .ioapic_base = 0xFEC00000, .ioapic_id = 0,
		.pm_timer_port = 0x608, .sleep_control_port = 0x604, .sleep_status_port = 0x605,
		.reset_port = 0xCF9, .reset_value = 0x06, .s5_sleep_type = 5, .cmos_rtc = true,
		.oem_id = "SPLITV",
	};
}

struct built {
	uint8_t buf[BUF_SIZE];
	uint64_t gpa;
	size_t used;
	uint64_t rsdp;
};

static void build(struct built *b, const struct vacpi_platform *pf, uint64_t gpa)
{
	memset(b->buf, 0xA5, sizeof(b->buf)); /* padding must come out zero */
	b->gpa = gpa;
	b->rsdp = 0;
	b->used = vacpi_build(pf, b->buf, gpa, sizeof(b->buf), &b->rsdp);
	assert_true(b->used > 0);
	assert_true(b->used <= sizeof(b->buf));
}

/* The bytes at guest-physical gpa, which must lie inside what vacpi_build() used. */
static const uint8_t *at(const struct built *b, uint64_t gpa, size_t len)
{
	assert_true(gpa >= b->gpa);
	assert_true(gpa - b->gpa + len <= b->used);
	return b->buf + (gpa - b->gpa);
}

/* A table at gpa: in bounds, the signature and revision expected, summing to zero, the
 * header naming splitvisor. Returns it; *len is its length. */
static const uint8_t *table_at(const struct built *b, uint64_t gpa, const char *sig,
			       uint8_t revision, uint32_t *len)
{
	const uint8_t *h = at(b, gpa, 36);
	assert_memory_equal(h, sig, 4);
	*len = rd32(h + 4);
	assert_true(*len >= 36);
	h = at(b, gpa, *len);
	assert_int_equal(gpa % 16, 0);
	assert_int_equal(h[8], revision);
	assert_int_equal(sum8(h, *len), 0);
	assert_memory_equal(h + 10, "SPLITV", 6);
	assert_memory_equal(h + 16, "SPLITVSR", 8);
	assert_int_equal(rd32(h + 24), 1);
	assert_memory_equal(h + 28, "SPLV", 4);
	return h;
}

/* ------------------------------------------------------------------ AML writer */

static void test_aml_integers(void **state)
{
	(void)state;
	static const struct {
		uint64_t v;
		uint8_t len, bytes[9];
	} cases[] = {
		{ 0, 1, { 0x00 } },
		{ 1, 1, { 0x01 } },
		{ 2, 2, { 0x0A, 0x02 } },
		{ 0xFF, 2, { 0x0A, 0xFF } },
		{ 0x100, 3, { 0x0B, 0x00, 0x01 } },
		{ 0xFFFF, 3, { 0x0B, 0xFF, 0xFF } },
		{ 0x10000, 5, { 0x0C, 0x00, 0x00, 0x01, 0x00 } },
		{ 0xFEC00000, 5, { 0x0C, 0x00, 0x00, 0xC0, 0xFE } },
		{ 0x100000000ULL, 9, { 0x0E, 0, 0, 0, 0, 1, 0, 0, 0 } },
		{ UINT64_MAX, 1, { 0xFF } },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t out[16];
		struct aml a;
		aml_init(&a, out, sizeof(out));
		aml_integer(&a, cases[i].v);
		assert_false(a.overflow);
		assert_int_equal(a.len, cases[i].len);
		assert_memory_equal(out, cases[i].bytes, cases[i].len);
	}
}

static void test_aml_name_strings(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		const char *bytes;
		size_t len;
	} cases[] = {
		{ "_S5", "_S5_", 4 },
		{ "\\_S5", "\\_S5_", 5 },
		{ "\\_SB.COM1", "\\\x2E_SB_COM1", 10 },
		{ "\\_SB.PCI0.ISA", "\\\x2F\x03_SB_PCI0ISA_", 15 },
		{ "^^CP00", "^^CP00", 6 },
		{ "\\", "\\\x00", 2 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t out[32];
		struct aml a;
		aml_init(&a, out, sizeof(out));
		assert_true(aml_name_string(&a, cases[i].path));
		assert_false(a.overflow);
		assert_int_equal(a.len, cases[i].len);
		assert_memory_equal(out, cases[i].bytes, cases[i].len);
	}
	uint8_t out[32];
	struct aml a;
	aml_init(&a, out, sizeof(out));
	assert_false(aml_name_string(&a, "\\_SB.TOOLONG"));
	assert_true(a.overflow);
}

/* Decodes a PkgLength independently of the writer: returns its value, *n its size. */
static size_t decode_pkglength(const uint8_t *p, size_t *n)
{
	*n = (size_t)(p[0] >> 6) + 1;
	if (*n == 1)
		return p[0] & 0x3F;
	assert_int_equal(p[0] & 0x30, 0); /* bits 5:4 of a multi-byte lead are reserved */
	size_t v = p[0] & 0x0F;
	for (size_t i = 1; i < *n; i++)
		v |= (size_t)p[i] << (4 + 8 * (i - 1));
	return v;
}

static void test_aml_pkglength_boundaries(void **state)
{
	(void)state;
	static const size_t fillers[] = { 0, 1, 60, 61, 62, 63, 64, 200, 4092, 4093, 4094, 5000,
					  0xFFFFC, 0xFFFFD, 0xFFFFE };
	static uint8_t out[0x100020];
	for (size_t i = 0; i < sizeof(fillers) / sizeof(fillers[0]); i++) {
		struct aml a;
		aml_init(&a, out, sizeof(out));
		size_t pkg = aml_package(&a, 0);
		for (size_t k = 0; k < fillers[i]; k++)
			aml_byte(&a, (uint8_t)(k * 7 + 3));
		aml_close(&a, pkg);
		assert_false(a.overflow);
		assert_int_equal(out[0], 0x12);
		size_t n, len = decode_pkglength(out + 1, &n);
		assert_int_equal(len, a.len - 1); /* everything after the opcode */
		size_t minimal = len < 0x40 ? 1 : len < 0x1000 ? 2 : len < 0x100000 ? 3 : 4;
		assert_int_equal(n, minimal);
		assert_int_equal(out[1 + n], 0); /* NumElements survived the move */
		for (size_t k = 0; k < fillers[i]; k++)
			assert_int_equal(out[2 + n + k], (uint8_t)(k * 7 + 3));
	}
}

static void test_aml_nested_objects(void **state)
{
	(void)state;
	uint8_t out[256];
	struct aml a;
	aml_init(&a, out, sizeof(out));
	size_t scope = aml_scope(&a, "\\_SB");
	size_t dev = aml_device(&a, "DEV0");
	aml_name(&a, "_UID");
	aml_integer(&a, 7);
	aml_close(&a, dev);
	aml_close(&a, scope);
	static const uint8_t expect[] = {
		0x10, 0x14, '\\', '_', 'S', 'B', '_',
		0x5B, 0x82, 0x0C, 'D', 'E', 'V', '0', 0x08, '_', 'U', 'I', 'D', 0x0A, 0x07,
	};
	assert_false(a.overflow);
	assert_int_equal(a.len, sizeof(expect));
	assert_memory_equal(out, expect, sizeof(expect));
}

static void test_aml_buffer_and_string(void **state)
{
	(void)state;
	uint8_t out[64];
	struct aml a;
	aml_init(&a, out, sizeof(out));
	static const uint8_t data[] = { 0x22, 0x10, 0x00, 0x79, 0x00 };
	aml_buffer(&a, data, sizeof(data));
	aml_string(&a, "ACPI0007");
	static const uint8_t expect[] = { 0x11, 0x08, 0x0A, 0x05, 0x22, 0x10, 0x00, 0x79, 0x00,
					  0x0D, 'A', 'C', 'P', 'I', '0', '0', '0', '7', 0x00 };
	assert_int_equal(a.len, sizeof(expect));
	assert_memory_equal(out, expect, sizeof(expect));
}

static void test_aml_overflow_stops_writing(void **state)
{
	(void)state;
	uint8_t out[8];
	memset(out, 0xEE, sizeof(out));
	struct aml a;
	aml_init(&a, out, 6);
	size_t pkg = aml_package(&a, 1);
	aml_integer(&a, 0x12345678);
	aml_close(&a, pkg);
	assert_true(a.overflow);
	assert_true(a.len <= 6);
	assert_int_equal(out[6], 0xEE);
	assert_int_equal(out[7], 0xEE);
}

static void test_eisa_ids(void **state)
{
	(void)state;
	assert_int_equal(aml_eisa_id("PNP0501"), 0x0105D041);
	assert_int_equal(aml_eisa_id("PNP0A03"), 0x030AD041);
	assert_int_equal(aml_eisa_id("PNP0C0F"), 0x0F0CD041);
	assert_int_equal(aml_eisa_id("pnp0501"), 0);
	assert_int_equal(aml_eisa_id("PNP050"), 0);
	assert_int_equal(aml_eisa_id("PNP05011"), 0);
	assert_int_equal(aml_eisa_id("PNP05G1"), 0);
}

/* ------------------------------------------------------------------ table contents */

static uint64_t check_rsdp_and_xsdt(const struct built *b, uint64_t *madt)
{
	assert_int_equal(b->rsdp % 16, 0);
	const uint8_t *r = at(b, b->rsdp, 36);
	assert_memory_equal(r, "RSD PTR ", 8);
	assert_int_equal(sum8(r, 20), 0);
	assert_int_equal(sum8(r, 36), 0);
	assert_memory_equal(r + 9, "SPLITV", 6);
	assert_int_equal(r[15], 2);
	assert_int_equal(rd32(r + 16), 0); /* no RSDT */
	assert_int_equal(rd32(r + 20), 36);
	assert_memory_equal(r + 33, "\0\0\0", 3);
	uint32_t len;
	const uint8_t *x = table_at(b, rd64(r + 24), "XSDT", 1, &len);
	assert_int_equal(len, 36 + 2 * 8);
	uint32_t flen;
	table_at(b, rd64(x + 36), "FACP", 6, &flen);
	assert_int_equal(flen, 276);
	*madt = rd64(x + 44);
	return rd64(x + 36);
}

static void assert_gas(const uint8_t *g, uint8_t bits, uint8_t access, uint64_t port)
{
	assert_int_equal(g[0], 1); /* system I/O */
	assert_int_equal(g[1], bits);
	assert_int_equal(g[2], 0);
	assert_int_equal(g[3], access);
	assert_int_equal(rd64(g + 4), port);
}

/* Offsets hardware-reduced OSPMs ignore (46..108, 148..231) are zero but the PM timer's. */
static void assert_hw_fields_zero(const uint8_t *f)
{
	for (size_t i = 46; i <= 108; i++)
		if (!(i >= 76 && i < 80) && i != 91)
			assert_int_equal(f[i], 0);
	for (size_t i = 148; i < 232; i++)
		if (!(i >= 208 && i < 220))
			assert_int_equal(f[i], 0);
}

static uint64_t check_fadt(const struct built *b, uint64_t fadt_gpa)
{
	uint32_t len;
	const uint8_t *f = table_at(b, fadt_gpa, "FACP", 6, &len);
	assert_int_equal(rd32(f + 36), 0);           /* FIRMWARE_CTRL: no FACS */
	assert_int_equal(rd64(f + 132), 0);          /* X_FIRMWARE_CTRL */
	assert_int_equal(rd32(f + 40), 0);           /* DSDT: X_DSDT supersedes it */
	assert_int_equal(rd16(f + 109), 0x0005);     /* legacy devices, VGA not present */
	assert_int_equal(rd32(f + 112), 0x00100571); /* WBINVD PWR SLP FIX_RTC TMR_VAL_EXT RESET HW_REDUCED */
	assert_gas(f + 116, 8, 1, 0xCF9);
	assert_int_equal(f[128], 0x06);
	assert_int_equal(f[131], 3);                 /* ACPI 6.3 */
	assert_int_equal(rd32(f + 76), 0x608);       /* PM_TMR_BLK */
	assert_int_equal(f[91], 4);                  /* PM_TMR_LEN */
	assert_gas(f + 208, 32, 3, 0x608);
	assert_gas(f + 244, 8, 1, 0x604);
	assert_gas(f + 256, 8, 1, 0x605);
	assert_memory_equal(f + 268, "SPLITVSR", 8);
	assert_hw_fields_zero(f);
	return rd64(f + 140);
}

struct madt_count {
	uint32_t cpus, ioapics, overrides, nmis, others;
};

static void check_madt_entry(const uint8_t *e, bool x2, struct madt_count *c)
{
	static const uint8_t len_of[] = { [0] = 8, [1] = 12, [2] = 10, [4] = 6, [9] = 16, [10] = 12 };
	assert_true(e[0] < sizeof(len_of) && len_of[e[0]]);
	assert_int_equal(e[1], len_of[e[0]]);
	if (e[0] == (x2 ? 9 : 0)) {
		uint32_t id = x2 ? rd32(e + 4) : e[3];
		uint32_t uid = x2 ? rd32(e + 12) : e[2];
		assert_int_equal(id, c->cpus);         /* APIC IDs 0..n-1 in order */
		assert_int_equal(uid, c->cpus);
		assert_int_equal(rd32(e + (x2 ? 8 : 4)), 1); /* enabled */
		c->cpus++;
	} else if (e[0] == 1) {
		assert_int_equal(e[2], 0);
		assert_int_equal(rd32(e + 4), 0xFEC00000);
		assert_int_equal(rd32(e + 8), 0);
		c->ioapics++;
	} else if (e[0] == 2) {
		assert_int_equal(e[2], 0);             /* ISA */
		assert_int_equal(e[3], 0);             /* IRQ 0 */
		assert_int_equal(rd32(e + 4), 2);      /* GSI 2 */
		assert_int_equal(rd16(e + 8), 0x0005); /* edge, active high */
		c->overrides++;
	} else if (e[0] == (x2 ? 10 : 4)) {
		assert_true(x2 ? rd32(e + 4) == 0xFFFFFFFF : e[2] == 0xFF); /* all processors */
		assert_int_equal(e[x2 ? 8 : 5], 1);    /* LINT1 */
		c->nmis++;
	} else {
		c->others++;
	}
}

static void check_madt(const struct built *b, uint64_t madt_gpa, uint32_t n, bool x2)
{
	uint32_t len;
	const uint8_t *m = table_at(b, madt_gpa, "APIC", 5, &len);
	assert_int_equal(rd32(m + 36), 0xFEE00000);
	assert_int_equal(rd32(m + 40), 1); /* PCAT_COMPAT */
	struct madt_count c = { 0 };
	uint32_t off = 44;
	while (off < len) {
		assert_true(off + 2 <= len && m[off + 1] >= 2 && off + m[off + 1] <= len);
		check_madt_entry(m + off, x2, &c);
		off += m[off + 1];
	}
	assert_int_equal(off, len);
	assert_int_equal(c.cpus, n);
	assert_int_equal(c.ioapics, 1);
	assert_int_equal(c.overrides, 1);
	assert_int_equal(c.nmis, 1);
	assert_int_equal(c.others, 0);
	assert_int_equal(len, 44 + n * (x2 ? 16 : 8) + 12 + 10 + (x2 ? 12 : 6));
}

static void check_dsdt(const struct built *b, uint64_t dsdt_gpa, uint32_t n)
{
	uint32_t len;
	const uint8_t *d = table_at(b, dsdt_gpa, "DSDT", 2, &len);
	static const uint8_t s5[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x08, 0x04,
				      0x0A, 0x05, 0x0A, 0x05, 0x00, 0x00 };
	static const uint8_t hid[] = { 0x08, '_', 'H', 'I', 'D', 0x0C, 0x41, 0xD0, 0x05, 0x01 };
	static const uint8_t crs[] = { 0x47, 0x01, 0xF8, 0x03, 0xF8, 0x03, 0x01, 0x08,
				       0x22, 0x10, 0x00, 0x79, 0x00 };
	assert_true(contains(d, len, s5, sizeof(s5)));
	assert_true(contains(d, len, "COM1", 4));
	assert_true(contains(d, len, hid, sizeof(hid)));
	assert_true(contains(d, len, crs, sizeof(crs)));
	assert_int_equal(count_of(d, len, "ACPI0007", 8), n);
}

/* Tables lie inside the used bytes, do not overlap, and the padding between them is zero. */
static void check_layout(const struct built *b, const uint64_t gpas[5])
{
	uint8_t used[BUF_SIZE] = { 0 };
	for (int t = 0; t < 5; t++) {
		size_t len = t == 0 ? 36 : rd32(at(b, gpas[t], 8) + 4);
		size_t off = gpas[t] - b->gpa;
		for (size_t i = off; i < off + len; i++) {
			assert_int_equal(used[i], 0);
			used[i] = 1;
		}
	}
	for (size_t i = 0; i < b->used; i++)
		if (!used[i])
			assert_int_equal(b->buf[i], 0);
}

/* The hypervisor's own parser (drivers/acpi.c) must read back what was generated. */
static const struct built *parse_source;

static const void *map_built(uint64_t phys, uint64_t len)
{
	const struct built *b = parse_source;
	if (phys < b->gpa || phys - b->gpa + len > b->used)
		return NULL;
	return b->buf + (phys - b->gpa);
}

static void check_with_hv_parser(const struct built *b, uint32_t n, bool x2)
{
	static struct acpi_info info;
	char err[256];
	parse_source = b;
	assert_int_equal(acpi_parse(b->rsdp, map_built, &info, err, sizeof(err)), ACPI_OK);
	assert_true(info.xsdt);
	assert_int_equal(info.ncpus, n);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(info.cpus[i].apic_id, i);
		assert_true(info.cpus[i].enabled);
		assert_int_equal(info.cpus[i].x2apic_entry, x2);
	}
	assert_int_equal(info.nioapics, 1);
	assert_int_equal(info.ioapics[0].addr, 0xFEC00000);
	assert_int_equal(info.lapic_addr, 0xFEE00000);
	assert_true(info.have_fadt);
	assert_int_equal(info.pm_tmr_port, 0x608);
	assert_true(info.pm_tmr_32bit);
	assert_true(info.reset_supported);
	assert_int_equal(info.reset_reg.addr, 0xCF9);
	assert_int_equal(info.reset_value, 0x06);
	assert_true(info.have_s5);
	assert_int_equal(info.s5_typ, 5);
}

/* Builds and checks every table; gpas[] receives RSDP, XSDT, FADT, MADT, DSDT. */
static void build_and_check(struct built *b, uint32_t n, bool x2, uint64_t gpas[5])
{
	struct vacpi_platform pf = platform(n, x2);
	build(b, &pf, GPA);
	assert_int_equal(b->rsdp, GPA);
	gpas[0] = b->rsdp;
	gpas[1] = rd64(at(b, b->rsdp + 24, 8));
	gpas[2] = check_rsdp_and_xsdt(b, &gpas[3]);
	check_madt(b, gpas[3], n, x2);
	gpas[4] = check_fadt(b, gpas[2]);
	check_dsdt(b, gpas[4], n);
	check_layout(b, gpas);
	check_with_hv_parser(b, n, x2);
}

static void test_tables_contents(void **state)
{
	(void)state;
	static const uint32_t counts[] = { 1, 3, 16 };
	static struct built b;
	for (int x2 = 0; x2 < 2; x2++)
		for (size_t i = 0; i < 3; i++) {
			uint64_t gpas[5];
			build_and_check(&b, counts[i], x2, gpas);
			print_message("%2u vCPUs, %s entries: %zu bytes (MADT %u, DSDT %u)\n", counts[i],
				      x2 ? "x2APIC" : "xAPIC", b.used, rd32(at(&b, gpas[3], 8) + 4),
				      rd32(at(&b, gpas[4], 8) + 4));
		}
}

static void test_too_small_buffers_fail(void **state)
{
	(void)state;
	struct vacpi_platform pf = platform(16, true);
	static struct built b;
	build(&b, &pf, GPA);
	for (size_t size = 0; size <= b.used; size++) {
		uint8_t *buf = malloc(size ? size : 1); /* exactly size bytes: ASan sees any overrun */
		assert_non_null(buf);
		uint64_t rsdp = 0;
		size_t got = vacpi_build(&pf, buf, GPA, size, &rsdp);
		bool same = got == 0 || memcmp(buf, b.buf, got) == 0;
		free(buf);
		assert_int_equal(got, size == b.used ? b.used : 0);
		assert_true(same);
	}
}

static void test_unaligned_gpa_aligns_rsdp(void **state)
{
	(void)state;
	struct vacpi_platform pf = platform(3, false);
	static struct built b;
	build(&b, &pf, GPA + 4);
	assert_int_equal(b.rsdp, GPA + 16);
	uint64_t madt;
	uint64_t fadt = check_rsdp_and_xsdt(&b, &madt);
	assert_int_equal(fadt % 16, 0);
	assert_int_equal(madt % 16, 0);
	assert_int_equal(check_fadt(&b, fadt) % 16, 0);
	for (size_t i = 0; i < 12; i++)
		assert_int_equal(b.buf[i], 0);
}

static void test_platform_options(void **state)
{
	(void)state;
	struct vacpi_platform pf = platform(2, false);
	pf.pm_timer_port = 0;
	pf.cmos_rtc = false;
	pf.oem_id = "AB";
	pf.ioapic_id = 2;
	static struct built b;
	build(&b, &pf, GPA);
	const uint8_t *r = at(&b, b.rsdp, 36);
	assert_memory_equal(r + 9, "AB    ", 6);
	const uint8_t *x = at(&b, rd64(r + 24), 52);
	const uint8_t *f = at(&b, rd64(x + 36), 276);
	assert_memory_equal(f + 10, "AB    ", 6);
	assert_int_equal(rd32(f + 76), 0);
	assert_int_equal(f[91], 0);
	assert_memory_equal(f + 208, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);
	assert_int_equal(rd32(f + 112) & (1u << 8), 0);
	assert_int_equal(rd16(f + 109), 0x0025); /* CMOS RTC not present */
	assert_int_equal(sum8(f, 276), 0);
	const uint8_t *m = at(&b, rd64(x + 44), 44 + 2 * 8 + 12);
	assert_int_equal(m[44 + 16 + 2], 2);     /* IOAPIC ID */
	pf.oem_id = NULL;
	build(&b, &pf, GPA);
	assert_memory_equal(at(&b, b.rsdp, 36) + 9, "SPLITV", 6);
}

static void test_invalid_platforms_fail(void **state)
{
	(void)state;
	static uint8_t buf[BUF_SIZE];
	uint64_t rsdp = 0;
	struct vacpi_platform bad[5];
	for (int i = 0; i < 5; i++)
		bad[i] = platform(2, false);
	bad[0].nvcpus = 0;
	bad[1].nvcpus = VACPI_MAX_VCPUS + 1;
	bad[2].ioapic_base = 0x100000000ULL;
	bad[3].reset_port = 0;
	bad[4].sleep_control_port = 0;
	for (int i = 0; i < 5; i++)
		assert_int_equal(vacpi_build(&bad[i], buf, GPA, sizeof(buf), &rsdp), 0);
}

/* ------------------------------------------------------------------ ACPICA's tools */

/* Runs cmd in dir with stdout and stderr captured into out; returns its exit status. */
static int run_in(const char *dir, const char *cmd, char *out, size_t size)
{
	char line[1024];
	snprintf(line, sizeof(line), "cd '%s' && %s 2>&1", dir, cmd);
	FILE *p = popen(line, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, size - 1, p);
	out[n] = 0;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool tools_installed(void)
{
	return system("command -v iasl >/dev/null 2>&1 && command -v acpiexec >/dev/null 2>&1") == 0;
}

static void write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static size_t read_file(const char *dir, const char *name, char *out, size_t size)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s was not written (iasl output is in %s)", path, dir);
	size_t n = fread(out, 1, size - 1, f);
	out[n] = 0;
	fclose(f);
	return n;
}

/* Fails naming the first line of text that reports a problem. */
static void assert_no_complaint(const char *what, const char *text)
{
	static const char *const words[] = { "error", "warning", "invalid", "incorrect", "****",
					     "exception", "unknown" };
	const char *line = text;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
			for (size_t i = 0; i + strlen(words[w]) <= n; i++)
				if (strncasecmp(line + i, words[w], strlen(words[w])) == 0)
					fail_msg("%s: %.*s", what, (int)n, line);
		line += n + (end != NULL);
	}
}

static char tool_out[1 << 16];
static char dsl[1 << 17];

/* iasl -d must accept the table quietly; recompiling its disassembly (no optimizations)
 * must give back the same bytes, but for the compiler ID/revision and the checksum. */
static void iasl_round_trip(const char *dir, const char *sig, const uint8_t *t, uint32_t len)
{
	char name[16], cmd[128];
	snprintf(name, sizeof(name), "%s.dat", sig);
	write_file(dir, name, t, len);
	snprintf(cmd, sizeof(cmd), "iasl -d %s", name);
	int rc = run_in(dir, cmd, tool_out, sizeof(tool_out));
	if (rc != 0 || !strstr(tool_out, "appears to be a valid ACPI table"))
		fail_msg("iasl -d %s exited %d:\n%s", name, rc, tool_out);
	assert_no_complaint(cmd, tool_out);
	snprintf(name, sizeof(name), "%s.dsl", sig);
	read_file(dir, name, dsl, sizeof(dsl));
	assert_no_complaint(name, dsl);
	snprintf(cmd, sizeof(cmd), "iasl -oa -p rt_%s %s.dsl", sig, sig);
	rc = run_in(dir, cmd, tool_out, sizeof(tool_out));
	if (rc != 0 || !strstr(tool_out, "0 Errors, 0 Warnings, 0 Remarks"))
		fail_msg("%s exited %d:\n%s", cmd, rc, tool_out);
	snprintf(name, sizeof(name), "rt_%s.aml", sig);
	static char aml[BUF_SIZE];
	size_t n = read_file(dir, name, aml, sizeof(aml));
	assert_int_equal(n, len);
	assert_memory_equal(aml, t, 9);
	assert_memory_equal(aml + 10, t + 10, 18);
	assert_memory_equal(aml + 36, t + 36, len - 36);
}

static void check_dsdt_disassembly(const char *dir, uint32_t n)
{
	read_file(dir, "DSDT.dsl", dsl, sizeof(dsl));
	assert_non_null(strstr(dsl, "Device (COM1)"));
	assert_non_null(strstr(dsl, "EisaId (\"PNP0501\")"));
	assert_non_null(strstr(dsl, "IO (Decode16,"));
	assert_non_null(strstr(dsl, "IRQNoFlags ()"));
	assert_non_null(strstr(dsl, "Name (\\_S5, Package (0x04)"));
	assert_non_null(strstr(dsl, "_S5_"));
	char dev[32];
	snprintf(dev, sizeof(dev), "Device (CP%02X)", n - 1);
	assert_non_null(strstr(dsl, dev));
}

/* ACPICA's interpreter (the one Linux runs) loads the DSDT and evaluates \_S5 and COM1. */
static void acpiexec_evaluate(const char *dir, uint32_t n)
{
	const char *cmd = "acpiexec -b 'evaluate \\_S5; evaluate \\_SB.COM1._CRS; "
			  "evaluate \\_SB.COM1._HID; evaluate \\_SB.CP00._UID' DSDT.dat FACP.dat APIC.dat";
	int rc = run_in(dir, cmd, tool_out, sizeof(tool_out));
	if (rc != 0)
		fail_msg("acpiexec exited %d:\n%s", rc, tool_out);
	assert_no_complaint("acpiexec", tool_out);
	char devices[64];
	snprintf(devices, sizeof(devices), "Objects with %3u Devices", n + 1);
	if (!strstr(tool_out, devices) ||
	    count_of((const uint8_t *)tool_out, strlen(tool_out), "[Integer] = 0000000000000005", 28) != 2 ||
	    !strstr(tool_out, "47 01 F8 03 F8 03 01 08 22 10 00 79 00") ||
	    !strstr(tool_out, "[Integer] = 000000000105D041"))
		fail_msg("acpiexec did not return the expected objects:\n%s", tool_out);
}

static void check_with_acpica(const struct built *b, const uint64_t gpas[5], uint32_t n)
{
	char dir[] = "/tmp/test_acpi_tables.XXXXXX";
	assert_non_null(mkdtemp(dir));
	static const char *const sigs[] = { "XSDT", "FACP", "APIC", "DSDT" };
	for (int t = 0; t < 4; t++) {
		const uint8_t *p = at(b, gpas[t + 1], 8);
		iasl_round_trip(dir, sigs[t], p, rd32(p + 4));
	}
	check_dsdt_disassembly(dir, n);
	acpiexec_evaluate(dir, n);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir); /* kept when a check above failed */
	assert_int_equal(system(cmd), 0);
}

static void test_acpica_accepts_tables(void **state)
{
	(void)state;
	if (!tools_installed())
		fail_msg("iasl and acpiexec not found: this test needs them; " INSTALL_HINT);
	static const uint32_t counts[] = { 1, 3, 16 };
	static struct built b;
	for (int x2 = 0; x2 < 2; x2++)
		for (size_t i = 0; i < 3; i++) {
			uint64_t gpas[5];
			build_and_check(&b, counts[i], x2, gpas);
			check_with_acpica(&b, gpas, counts[i]);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aml_integers),
		cmocka_unit_test(test_aml_name_strings),
		cmocka_unit_test(test_aml_pkglength_boundaries),
		cmocka_unit_test(test_aml_nested_objects),
		cmocka_unit_test(test_aml_buffer_and_string),
		cmocka_unit_test(test_aml_overflow_stops_writing),
		cmocka_unit_test(test_eisa_ids),
		cmocka_unit_test(test_tables_contents),
		cmocka_unit_test(test_too_small_buffers_fail),
		cmocka_unit_test(test_unaligned_gpa_aligns_rsdp),
		cmocka_unit_test(test_platform_options),
		cmocka_unit_test(test_invalid_platforms_fail),
		cmocka_unit_test(test_acpica_accepts_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
