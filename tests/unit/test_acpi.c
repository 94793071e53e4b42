/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for the ACPI parser (drivers/acpi.c) on captured and synthesized tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/acpi.h"

#ifndef TEST_DATA_DIR
#define TEST_DATA_DIR "tests/data"
#endif

/* ---- fake physical memory ---- */

#define MEM_SIZE MiB(2)
static uint8_t *mem;

/* Every mapping is a private heap copy of exactly len bytes, so AddressSanitizer
 * reports any read past what the parser asked to map. */
#define MAX_MAPS 4096
static void *maps[MAX_MAPS];
static int nmaps;

static const void *fake_map(uint64_t phys, uint64_t len)
{
	if (phys > MEM_SIZE || len > MEM_SIZE - phys || nmaps == MAX_MAPS)
		return NULL;
	void *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, mem + phys, len);
	maps[nmaps++] = copy;
	return copy;
}

static int setup(void **state)
{
	(void)state;
	mem = calloc(1, MEM_SIZE);
	nmaps = 0;
	return mem ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < nmaps; i++)
		free(maps[i]);
	nmaps = 0;
	free(mem);
	return 0;
}

/* ---- table builders ---- */

#define RSDP_AT 0xF0000
#define XSDT_AT 0x10000
#define RSDT_AT 0x11000
#define MADT_AT 0x12000
#define FADT_AT 0x13000
#define DSDT_AT 0x14000

static void put16(uint64_t phys, uint16_t v) { memcpy(mem + phys, &v, 2); }
static void put32(uint64_t phys, uint32_t v) { memcpy(mem + phys, &v, 4); }
static void put64(uint64_t phys, uint64_t v) { memcpy(mem + phys, &v, 8); }
static uint32_t get32(uint64_t phys) { uint32_t v; memcpy(&v, mem + phys, 4); return v; }

static uint8_t sum_bytes(uint64_t phys, uint64_t len)
{
	uint8_t s = 0;
	for (uint64_t i = 0; i < len; i++)
		s = (uint8_t)(s + mem[phys + i]);
	return s;
}

/* Makes the bytes [phys, phys+len) sum to zero by adjusting the byte at csum. */
static void fix_sum(uint64_t phys, uint64_t len, uint64_t csum)
{
	mem[csum] = 0;
	mem[csum] = (uint8_t)(0 - sum_bytes(phys, len));
}

static void fix_table_sum(uint64_t phys)
{
	fix_sum(phys, get32(phys + 4), phys + 9);
}

static void sdt_header(uint64_t phys, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(mem + phys, sig, 4);
	put32(phys + 4, len);
	mem[phys + 8] = rev;
	memcpy(mem + phys + 10, "SPLITV", 6);
	memcpy(mem + phys + 16, "UNITTEST", 8);
	put32(phys + 24, 1);
}

static void build_rsdp(uint64_t phys, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	memcpy(mem + phys, "RSD PTR ", 8);
	memcpy(mem + phys + 9, "SPLITV", 6);
	mem[phys + 15] = rev;
	put32(phys + 16, rsdt);
	fix_sum(phys, 20, phys + 8);
	if (rev >= 2) {
		put32(phys + 20, 36);
		put64(phys + 24, xsdt);
		fix_sum(phys, 36, phys + 32);
	}
}

/* An XSDT (width 8) or RSDT (width 4) listing n tables. */
static void build_root(uint64_t phys, const char *sig, unsigned width, const uint64_t *tables, int n)
{
	sdt_header(phys, sig, 36 + width * (uint32_t)n, 1);
	for (int i = 0; i < n; i++) {
		if (width == 8)
			put64(phys + 36 + 8 * (uint64_t)i, tables[i]);
		else
			put32(phys + 36 + 4 * (uint64_t)i, (uint32_t)tables[i]);
	}
	fix_table_sum(phys);
}

static uint64_t load_file(const char *name, uint64_t phys)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository root)", path);
	size_t n = fread(mem + phys, 1, MEM_SIZE - phys, f);
	fclose(f);
	assert_true(n >= 36);
	assert_int_equal(get32(phys + 4), n); /* the header's length is the file's */
	return n;
}

/* MADT entries, appended one after another. */
struct madt_builder {
	uint64_t phys;
	uint64_t off;
};

static void madt_begin(struct madt_builder *b, uint64_t phys, uint32_t lapic)
{
	b->phys = phys;
	b->off = 44;
	sdt_header(phys, "APIC", 44, 4);
	put32(phys + 36, lapic);
	put32(phys + 40, 1); /* PCAT_COMPAT */
}

static void madt_lapic(struct madt_builder *b, uint8_t uid, uint8_t apic_id, uint32_t flags)
{
	uint64_t e = b->phys + b->off;
	mem[e] = 0;
	mem[e + 1] = 8;
	mem[e + 2] = uid;
	mem[e + 3] = apic_id;
	put32(e + 4, flags);
	b->off += 8;
}

static void madt_x2apic(struct madt_builder *b, uint32_t uid, uint32_t x2apic_id, uint32_t flags)
{
	uint64_t e = b->phys + b->off;
	mem[e] = 9;
	mem[e + 1] = 16;
	put16(e + 2, 0);
	put32(e + 4, x2apic_id);
	put32(e + 8, flags);
	put32(e + 12, uid);
	b->off += 16;
}

static void madt_ioapic(struct madt_builder *b, uint8_t id, uint32_t addr, uint32_t gsi)
{
	uint64_t e = b->phys + b->off;
	mem[e] = 1;
	mem[e + 1] = 12;
	mem[e + 2] = id;
	mem[e + 3] = 0;
	put32(e + 4, addr);
	put32(e + 8, gsi);
	b->off += 12;
}

static void madt_raw(struct madt_builder *b, uint8_t type, uint8_t len, uint8_t advance)
{
	uint64_t e = b->phys + b->off;
	mem[e] = type;
	mem[e + 1] = len;
	b->off += advance;
}

static void madt_end(struct madt_builder *b)
{
	put32(b->phys + 4, (uint32_t)b->off);
	fix_table_sum(b->phys);
}

/* A small valid MADT with one CPU, for the tests about the other tables. */
static void build_minimal_madt(uint64_t phys)
{
	struct madt_builder b;
	madt_begin(&b, phys, 0xFEE00000);
	madt_lapic(&b, 0, 0, 1);
	madt_end(&b);
}

/* A QEMU-style FADT: PM timer at 0x608, reset via 0xCF9, DSDT with \_S5. */
static void build_fadt(uint64_t phys, uint64_t dsdt)
{
	sdt_header(phys, "FACP", 276, 6);
	put32(phys + 40, (uint32_t)dsdt);
	put32(phys + 64, 0x604);                        /* PM1a_CNT_BLK */
	put32(phys + 76, 0x608);                        /* PM_TMR_BLK */
	put32(phys + 112, (1u << 8) | (1u << 10));      /* TMR_VAL_EXT, RESET_REG_SUP */
	mem[phys + 116] = 1;                            /* reset register: I/O space */
	mem[phys + 117] = 8;
	put64(phys + 120, 0xCF9);
	mem[phys + 128] = 0x06;
	fix_table_sum(phys);
}

static void build_dsdt_with_s5(uint64_t phys, uint8_t slp_typ)
{
	static const uint8_t body[] = {
		0x10, 0x0A, '\\', '_', 'S', 'B', '_', 0x5B, 0x82, 0x00, /* some AML first */
		0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0A, 0xEE, 0x0A, 0x00, 0x00, 0x00,
	};
	sdt_header(phys, "DSDT", 36 + sizeof(body), 2);
	memcpy(mem + phys + 36, body, sizeof(body));
	mem[phys + 36 + 19] = slp_typ; /* replaces 0xEE */
	fix_table_sum(phys);
}

static char err[256];

static enum acpi_error parse(uint64_t rsdp, struct acpi_info *info)
{
	memset(err, 'Z', sizeof(err));
	return acpi_parse(rsdp, fake_map, info, err, sizeof(err));
}

static void assert_err_names(const char *table, const char *addr)
{
	if (!strstr(err, table))
		fail_msg("message \"%s\" does not name %s", err, table);
	if (!strstr(err, addr))
		fail_msg("message \"%s\" does not name address %s", err, addr);
}

/* ---- captured tables (a Firecracker guest: 2 vCPUs, one IOAPIC) ---- */

#define CAPTURED_DSDT_AT 0x9FD44 /* X_DSDT in the captured FADT */

static void build_captured(void)
{
	load_file("host_vm_APIC.bin", MADT_AT);
	load_file("host_vm_FACP.bin", FADT_AT);
	load_file("host_vm_DSDT.bin", CAPTURED_DSDT_AT);
	uint64_t t[] = { FADT_AT, MADT_AT };
	build_root(XSDT_AT, "XSDT", 8, t, 2);
	build_rsdp(RSDP_AT, 2, 0, XSDT_AT);
}

static void test_captured_tables_have_valid_checksums(void **state)
{
	(void)state;
	build_captured();
	assert_true(acpi_checksum_ok(mem + MADT_AT, get32(MADT_AT + 4)));
	assert_true(acpi_checksum_ok(mem + FADT_AT, get32(FADT_AT + 4)));
	assert_true(acpi_checksum_ok(mem + CAPTURED_DSDT_AT, get32(CAPTURED_DSDT_AT + 4)));
}

static void test_captured_madt_cpus(void **state)
{
	(void)state;
	build_captured();
	struct acpi_info *info = calloc(1, sizeof(*info));
	assert_non_null(info);
	assert_int_equal(parse(RSDP_AT, info), ACPI_OK);
	assert_string_equal(err, "");
	assert_int_equal(info->revision, 2);
	assert_true(info->xsdt);
	assert_int_equal(info->ncpus, 2);
	for (uint32_t i = 0; i < 2; i++) {
		assert_int_equal(info->cpus[i].apic_id, i);
		assert_int_equal(info->cpus[i].uid, i);
		assert_true(info->cpus[i].enabled);
		assert_false(info->cpus[i].x2apic_entry);
	}
	assert_int_equal(info->skipped_cpus, 0);
	assert_int_equal(info->lapic_addr, 0xFEE00000);
	free(info);
}

static void test_captured_madt_ioapic(void **state)
{
	(void)state;
	build_captured();
	struct acpi_info *info = calloc(1, sizeof(*info));
	assert_non_null(info);
	assert_int_equal(parse(RSDP_AT, info), ACPI_OK);
	assert_int_equal(info->nioapics, 1);
	assert_int_equal(info->ioapics[0].id, 0);
	assert_int_equal(info->ioapics[0].addr, 0xFEC00000);
	assert_int_equal(info->ioapics[0].gsi_base, 0);
	free(info);
}

/* The captured FADT is hardware-reduced ACPI: no PM timer, no reset register. */
static void test_captured_fadt_hw_reduced(void **state)
{
	(void)state;
	build_captured();
	struct acpi_info *info = calloc(1, sizeof(*info));
	assert_non_null(info);
	assert_int_equal(parse(RSDP_AT, info), ACPI_OK);
	assert_true(info->have_fadt);
	assert_int_equal(info->pm_tmr_port, 0);
	assert_false(info->pm_tmr_32bit);
	assert_int_equal(info->pm1a_cnt_port, 0);
	assert_false(info->reset_supported);
	assert_false(info->have_s5); /* its DSDT has no \_S5 */
	free(info);
}

/* ---- synthesized tables ---- */

static void build_synth_madt(uint64_t phys)
{
	struct madt_builder b;
	madt_begin(&b, phys, 0xFEE00000);
	madt_lapic(&b, 0, 0, 1);          /* boot CPU */
	madt_lapic(&b, 1, 2, 0);          /* disabled */
	madt_lapic(&b, 2, 4, 2);          /* online capable, not enabled yet */
	madt_ioapic(&b, 2, 0xFEC01000, 24);
	madt_raw(&b, 2, 10, 10);          /* interrupt source override: skipped */
	madt_x2apic(&b, 10, 0x100, 1);    /* only reachable in x2APIC mode */
	madt_x2apic(&b, 0, 0, 1);         /* the boot CPU again, as x2APIC */
	madt_end(&b);
}

static struct acpi_info *parse_synth_ok(void)
{
	build_synth_madt(MADT_AT);
	build_dsdt_with_s5(DSDT_AT, 5);
	build_fadt(FADT_AT, DSDT_AT);
	uint64_t t[] = { MADT_AT, FADT_AT };
	build_root(XSDT_AT, "XSDT", 8, t, 2);
	build_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	struct acpi_info *info = calloc(1, sizeof(*info));
	assert_non_null(info);
	assert_int_equal(parse(RSDP_AT, info), ACPI_OK);
	return info;
}

static void test_synth_madt_lists_each_apic_id_once(void **state)
{
	(void)state;
	struct acpi_info *info = parse_synth_ok();
	assert_int_equal(info->ncpus, 4);
	assert_int_equal(info->cpus[0].apic_id, 0);
	assert_int_equal(info->cpus[1].apic_id, 2);
	assert_int_equal(info->cpus[2].apic_id, 4);
	assert_int_equal(info->cpus[3].apic_id, 0x100);
	free(info);
}

static void test_synth_madt_enabled_disabled_online_capable(void **state)
{
	(void)state;
	struct acpi_info *info = parse_synth_ok();
	assert_true(info->cpus[0].enabled);
	assert_false(info->cpus[0].online_capable);
	assert_false(info->cpus[1].enabled);
	assert_false(info->cpus[1].online_capable);
	assert_false(info->cpus[2].enabled);
	assert_true(info->cpus[2].online_capable);
	assert_true(info->cpus[3].enabled);
	free(info);
}

static void test_synth_madt_x2apic_entry(void **state)
{
	(void)state;
	struct acpi_info *info = parse_synth_ok();
	assert_false(info->cpus[0].x2apic_entry); /* the type 0 entry came first */
	assert_int_equal(info->cpus[0].uid, 0);
	assert_true(info->cpus[3].x2apic_entry);
	assert_int_equal(info->cpus[3].uid, 10);
	free(info);
}

static void test_synth_madt_ioapic(void **state)
{
	(void)state;
	struct acpi_info *info = parse_synth_ok();
	assert_int_equal(info->nioapics, 1);
	assert_int_equal(info->ioapics[0].id, 2);
	assert_int_equal(info->ioapics[0].addr, 0xFEC01000);
	assert_int_equal(info->ioapics[0].gsi_base, 24);
	free(info);
}

static void test_synth_lapic_address_override(void **state)
{
	(void)state;
	struct madt_builder b;
	madt_begin(&b, MADT_AT, 0xFEE00000);
	madt_lapic(&b, 0, 0, 1);
	uint64_t e = MADT_AT + b.off;
	madt_raw(&b, 5, 12, 12);
	put64(e + 4, 0x12345000ULL << 8);
	madt_end(&b);
	uint64_t t[] = { MADT_AT };
	build_root(XSDT_AT, "XSDT", 8, t, 1);
	build_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	struct acpi_info *info = calloc(1, sizeof(*info));
	assert_non_null(info);
	assert_int_equal(parse(RSDP_AT, info), ACPI_OK);
	assert_int_equal(info->lapic_addr, 0x12345000ULL << 8);
	free(info);
}

static void test_synth_fadt_pm_timer_reset_and_s5(void **state)
{
	(void)state;
	struct acpi_info *info = parse_synth_ok();
	assert_true(info->have_fadt);
	assert_int_equal(info->pm_tmr_port, 0x608);
	assert_true(info->pm_tmr_32bit);
	assert_int_equal(info->pm1a_cnt_port, 0x604);
	assert_true(info->reset_supported);
	assert_int_equal(info->reset_reg.space, 1);
	assert_int_equal(info->reset_reg.addr, 0xCF9);
	assert_int_equal(info->reset_value, 6);
	assert_true(info->have_s5);
	assert_int_equal(info->s5_typ, 5);
	free(info);
}

static void test_more_cpus_than_the_table_holds_are_counted(void **state)
{
	(void)state;
	struct madt_builder b;
	madt_begin(&b, MADT_AT, 0xFEE00000);
	for (uint32_t i = 0; i < ACPI_MAX_CPUS + 3; i++)
		madt_x2apic(&b, i, i, 1);
	madt_end(&b);
	uint64_t t[] = { MADT_AT };
	build_root(XSDT_AT, "XSDT", 8, t, 1);
	build_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	struct acpi_info *info = calloc(1, sizeof(*info));
	assert_non_null(info);
	assert_int_equal(parse(RSDP_AT, info), ACPI_OK);
	assert_int_equal(info->ncpus, ACPI_MAX_CPUS);
	assert_int_equal(info->skipped_cpus, 3);
	free(info);
}

static void test_rev0_rsdp_uses_the_rsdt(void **state)
{
	(void)state;
	build_minimal_madt(MADT_AT);
	build_fadt(FADT_AT, 0);
	uint64_t t[] = { FADT_AT, MADT_AT };
	build_root(RSDT_AT, "RSDT", 4, t, 2);
	/* an XSDT that would fail if it were used */
	build_root(XSDT_AT, "XSDT", 8, t, 0);
	mem[XSDT_AT + 9] ^= 0xFF;
	build_rsdp(RSDP_AT, 0, RSDT_AT, 0);
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_OK);
	assert_int_equal(info.revision, 0);
	assert_false(info.xsdt);
	assert_int_equal(info.ncpus, 1);
	assert_true(info.have_fadt);
	assert_int_equal(info.pm_tmr_port, 0x608);
}

/* ---- errors ---- */

static void build_good_xsdt_setup(void)
{
	build_minimal_madt(MADT_AT);
	uint64_t t[] = { MADT_AT };
	build_root(XSDT_AT, "XSDT", 8, t, 1);
	build_rsdp(RSDP_AT, 2, 0, XSDT_AT);
}

static void test_error_no_rsdp(void **state)
{
	(void)state;
	struct acpi_info info;
	assert_int_equal(parse(0, &info), ACPI_ERR_NO_RSDP);
	assert_err_names("RSDP", "0x0");
	assert_int_equal(parse(GiB(64), &info), ACPI_ERR_NO_RSDP); /* not mappable */
	assert_err_names("RSDP", "0x1000000000");
}

static void test_error_rsdp_bad_signature(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	mem[RSDP_AT + 3] = 'X';
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_RSDP_SIGNATURE);
	assert_err_names("RSDP", "0xf0000");
}

static void test_error_rsdp_bad_checksum(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	mem[RSDP_AT + 10] ^= 1; /* OEM id: inside the first 20 bytes */
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_RSDP_CHECKSUM);
	assert_err_names("RSDP", "0xf0000");
}

static void test_error_rsdp_bad_extended_checksum(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	mem[RSDP_AT + 32] ^= 1;
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_RSDP_CHECKSUM);
	assert_err_names("RSDP", "0xf0000");
}

/* A rev-2 RSDP whose length field is absurd: the parser must not read past
 * the 36 bytes it mapped (AddressSanitizer would report it); the extended
 * checksum covers those 36 bytes, which are consistent here. */
static void test_rsdp_huge_length_is_not_read_past_the_mapping(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	put32(RSDP_AT + 20, 0x10000);
	fix_sum(RSDP_AT, 36, RSDP_AT + 32);
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_OK);
	assert_int_equal(info.ncpus, 1);
}

static void test_error_xsdt_bad_checksum(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	mem[XSDT_AT + 12] ^= 0x40;
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_ROOT_CHECKSUM);
	assert_err_names("XSDT", "0x10000");
}

static void test_error_xsdt_wrong_signature(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	memcpy(mem + XSDT_AT, "RSDT", 4);
	fix_table_sum(XSDT_AT);
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_ROOT_SIGNATURE);
	assert_err_names("XSDT", "0x10000");
}

static void test_error_xsdt_pointer_outside_memory(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	build_rsdp(RSDP_AT, 2, 0, GiB(8));
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_ROOT_SIGNATURE);
	assert_err_names("XSDT", "0x200000000");
}

static void test_error_rsdt_bad_checksum_names_rsdt(void **state)
{
	(void)state;
	build_minimal_madt(MADT_AT);
	uint64_t t[] = { MADT_AT };
	build_root(RSDT_AT, "RSDT", 4, t, 1);
	mem[RSDT_AT + 20] ^= 1;
	build_rsdp(RSDP_AT, 0, RSDT_AT, 0);
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_ROOT_CHECKSUM);
	assert_err_names("RSDT", "0x11000");
}

static void test_error_xsdt_without_madt(void **state)
{
	(void)state;
	build_fadt(FADT_AT, 0);
	uint64_t t[] = { FADT_AT };
	build_root(XSDT_AT, "XSDT", 8, t, 1);
	build_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_NO_MADT);
	assert_err_names("APIC (MADT)", "0x10000");
	assert_non_null(strstr(err, "XSDT"));
}

static void test_error_madt_bad_checksum(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	mem[MADT_AT + 44 + 3] ^= 1;
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_MADT_CHECKSUM);
	assert_err_names("APIC (MADT)", "0x12000");
}

static void test_error_madt_entry_length_zero(void **state)
{
	(void)state;
	struct madt_builder b;
	madt_begin(&b, MADT_AT, 0xFEE00000);
	madt_lapic(&b, 0, 0, 1);
	madt_raw(&b, 0, 0, 8);
	madt_end(&b);
	uint64_t t[] = { MADT_AT };
	build_root(XSDT_AT, "XSDT", 8, t, 1);
	build_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_MADT_MALFORMED);
	assert_err_names("APIC (MADT)", "0x12000");
}

static void test_error_madt_entry_overruns_table(void **state)
{
	(void)state;
	struct madt_builder b;
	madt_begin(&b, MADT_AT, 0xFEE00000);
	madt_lapic(&b, 0, 0, 1);
	madt_raw(&b, 9, 16, 8); /* claims 16 bytes, the table ends after 8 */
	madt_end(&b);
	uint64_t t[] = { MADT_AT };
	build_root(XSDT_AT, "XSDT", 8, t, 1);
	build_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_MADT_MALFORMED);
	assert_err_names("APIC (MADT)", "0x12000");
}

static void test_error_madt_entry_too_short_for_its_type(void **state)
{
	(void)state;
	struct madt_builder b;
	madt_begin(&b, MADT_AT, 0xFEE00000);
	madt_lapic(&b, 0, 0, 1);
	madt_raw(&b, 9, 8, 8); /* an x2APIC entry is 16 bytes */
	madt_end(&b);
	uint64_t t[] = { MADT_AT };
	build_root(XSDT_AT, "XSDT", 8, t, 1);
	build_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_MADT_MALFORMED);
}

static void test_error_madt_without_cpus(void **state)
{
	(void)state;
	struct madt_builder b;
	madt_begin(&b, MADT_AT, 0xFEE00000);
	madt_ioapic(&b, 0, 0xFEC00000, 0);
	madt_end(&b);
	uint64_t t[] = { MADT_AT };
	build_root(XSDT_AT, "XSDT", 8, t, 1);
	build_rsdp(RSDP_AT, 2, 0, XSDT_AT);
	struct acpi_info info;
	assert_int_equal(parse(RSDP_AT, &info), ACPI_ERR_NO_CPUS);
	assert_err_names("APIC (MADT)", "0x12000");
}

static void test_error_message_is_truncated_and_terminated(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	mem[RSDP_AT] = 'X';
	struct acpi_info info;
	char small[12];
	memset(small, 'Z', sizeof(small));
	assert_int_equal(acpi_parse(RSDP_AT, fake_map, &info, small, sizeof(small)),
			 ACPI_ERR_RSDP_SIGNATURE);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	/* and no buffer at all is fine too */
	assert_int_equal(acpi_parse(RSDP_AT, fake_map, &info, NULL, 0), ACPI_ERR_RSDP_SIGNATURE);
}

/* ---- legacy RSDP scan ---- */

static void test_legacy_rsdp_in_bios_area(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	memset(mem + RSDP_AT, 0, 36);
	build_rsdp(0xE0010, 2, 0, XSDT_AT);
	assert_int_equal(acpi_find_rsdp_legacy(fake_map), 0xE0010);
	struct acpi_info info;
	assert_int_equal(parse(0xE0010, &info), ACPI_OK);
}

static void test_legacy_rsdp_in_ebda_comes_first(void **state)
{
	(void)state;
	build_good_xsdt_setup();
	memset(mem + RSDP_AT, 0, 36);
	build_rsdp(0xE0010, 2, 0, XSDT_AT);
	put16(0x40E, 0x9FC0); /* EBDA at 0x9FC00 */
	build_rsdp(0x9FC20, 0, RSDT_AT, 0);
	assert_int_equal(acpi_find_rsdp_legacy(fake_map), 0x9FC20);
	mem[0x9FC20] = 0; /* gone from the EBDA: the BIOS area one is next */
	assert_int_equal(acpi_find_rsdp_legacy(fake_map), 0xE0010);
}

static void test_legacy_scan_skips_bad_checksum_and_misalignment(void **state)
{
	(void)state;
	build_rsdp(0xE0010, 0, RSDT_AT, 0);
	mem[0xE0010 + 8] ^= 1;
	build_rsdp(0xE0108, 0, RSDT_AT, 0); /* not on a 16-byte boundary */
	assert_int_equal(acpi_find_rsdp_legacy(fake_map), 0);
	build_rsdp(0xFFFE0, 0, RSDT_AT, 0); /* the last paragraph that fits */
	assert_int_equal(acpi_find_rsdp_legacy(fake_map), 0xFFFE0);
}

static void test_legacy_scan_finds_nothing_in_empty_memory(void **state)
{
	(void)state;
	assert_int_equal(acpi_find_rsdp_legacy(fake_map), 0);
}

static void test_checksum_helper(void **state)
{
	(void)state;
	const uint8_t ok[] = { 1, 2, 3, 0xFA };
	const uint8_t bad[] = { 1, 2, 3, 0xFB };
	assert_true(acpi_checksum_ok(ok, sizeof(ok)));
	assert_false(acpi_checksum_ok(bad, sizeof(bad)));
	assert_true(acpi_checksum_ok(bad, 0));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_captured_tables_have_valid_checksums),
		T(test_captured_madt_cpus),
		T(test_captured_madt_ioapic),
		T(test_captured_fadt_hw_reduced),
		T(test_synth_madt_lists_each_apic_id_once),
		T(test_synth_madt_enabled_disabled_online_capable),
		T(test_synth_madt_x2apic_entry),
		T(test_synth_madt_ioapic),
		T(test_synth_lapic_address_override),
		T(test_synth_fadt_pm_timer_reset_and_s5),
		T(test_more_cpus_than_the_table_holds_are_counted),
		T(test_rev0_rsdp_uses_the_rsdt),
		T(test_error_no_rsdp),
		T(test_error_rsdp_bad_signature),
		T(test_error_rsdp_bad_checksum),
		T(test_error_rsdp_bad_extended_checksum),
		T(test_rsdp_huge_length_is_not_read_past_the_mapping),
		T(test_error_xsdt_bad_checksum),
		T(test_error_xsdt_wrong_signature),
		T(test_error_xsdt_pointer_outside_memory),
		T(test_error_rsdt_bad_checksum_names_rsdt),
		T(test_error_xsdt_without_madt),
		T(test_error_madt_bad_checksum),
		T(test_error_madt_entry_length_zero),
		T(test_error_madt_entry_overruns_table),
		T(test_error_madt_entry_too_short_for_its_type),
		T(test_error_madt_without_cpus),
		T(test_error_message_is_truncated_and_terminated),
		T(test_legacy_rsdp_in_bios_area),
		T(test_legacy_rsdp_in_ebda_comes_first),
		T(test_legacy_scan_skips_bad_checksum_and_misalignment),
		T(test_legacy_scan_finds_nothing_in_empty_memory),
		T(test_checksum_helper),
	};
	return cmocka_run_group_tests_name("acpi", tests, NULL, NULL);
}
