/* SPDX-License-Identifier: BSD-2-Clause */
/* The FADT of a partition: hardware-reduced ACPI, sleep and reset registers, PM timer, no FACS. */
#include "hv/acpi/fadt.h"
#include "hv/acpi/sdt.h"
#include "hv/lib/string.h"

/* ACPI 6.x 5.2.9, table 5.9: the Fixed ACPI Description Table, revision 6. */
struct PACKED fadt {
	struct vacpi_header header;
	uint32_t firmware_ctrl;
	uint32_t dsdt;
	uint8_t reserved0;
	uint8_t preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	uint32_t pm1a_evt_blk, pm1b_evt_blk, pm1a_cnt_blk, pm1b_cnt_blk, pm2_cnt_blk;
	uint32_t pm_tmr_blk;
	uint32_t gpe0_blk, gpe1_blk;
	uint8_t pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len;
	uint8_t gpe0_blk_len, gpe1_blk_len, gpe1_base, cst_cnt;
	uint16_t p_lvl2_lat, p_lvl3_lat, flush_size, flush_stride;
	uint8_t duty_offset, duty_width, day_alrm, mon_alrm, century;
	uint16_t iapc_boot_arch;
	uint8_t reserved1;
	uint32_t flags;
	struct vacpi_gas reset_reg;
	uint8_t reset_value;
	uint16_t arm_boot_arch;
	uint8_t minor_version;
	uint64_t x_firmware_ctrl;
	uint64_t x_dsdt;
	struct vacpi_gas x_pm1a_evt_blk, x_pm1b_evt_blk, x_pm1a_cnt_blk, x_pm1b_cnt_blk;
	struct vacpi_gas x_pm2_cnt_blk, x_pm_tmr_blk, x_gpe0_blk, x_gpe1_blk;
	struct vacpi_gas sleep_control_reg, sleep_status_reg;
	char hypervisor_vendor[8];
};

_Static_assert(sizeof(struct fadt) == VACPI_FADT_LENGTH, "FADT revision 6 is 276 bytes");
_Static_assert(offsetof(struct fadt, iapc_boot_arch) == 109, "IAPC_BOOT_ARCH at 109");
_Static_assert(offsetof(struct fadt, flags) == 112, "Flags at 112");
_Static_assert(offsetof(struct fadt, reset_reg) == 116, "RESET_REG at 116");
_Static_assert(offsetof(struct fadt, x_dsdt) == 140, "X_DSDT at 140");
_Static_assert(offsetof(struct fadt, x_pm_tmr_blk) == 208, "X_PM_TMR_BLK at 208");
_Static_assert(offsetof(struct fadt, sleep_control_reg) == 244, "SLEEP_CONTROL_REG at 244");
_Static_assert(offsetof(struct fadt, hypervisor_vendor) == 268, "Hypervisor Vendor at 268");

#define FADT_REVISION 6
#define FADT_MINOR_VERSION 3 /* ACPI 6.3 */
#define PM_PROFILE_UNSPECIFIED 0

/* Fixed feature flags (table 5.10). */
enum {
	FLAG_WBINVD = 1u << 0,
	FLAG_PWR_BUTTON = 1u << 4,  /* no fixed-feature power button */
	FLAG_SLP_BUTTON = 1u << 5,  /* no fixed-feature sleep button */
	FLAG_FIX_RTC = 1u << 6,     /* no RTC wake status in fixed registers */
	FLAG_TMR_VAL_EXT = 1u << 8, /* the PM timer counts 32 bits */
	FLAG_RESET_REG_SUP = 1u << 10,
	FLAG_HW_REDUCED_ACPI = 1u << 20,
};

/* IA-PC boot architecture flags (table 5.11). */
enum {
	BOOT_LEGACY_DEVICES = 1u << 0, /* user-visible ISA devices: COM1 */
	BOOT_8042 = 1u << 1,           /* not set: no keyboard controller */
	BOOT_VGA_NOT_PRESENT = 1u << 2,
	BOOT_CMOS_RTC_NOT_PRESENT = 1u << 5,
};

static uint16_t boot_arch_flags(const struct vacpi_platform *pf)
{
	uint16_t f = BOOT_LEGACY_DEVICES | BOOT_VGA_NOT_PRESENT;
	if (!pf->cmos_rtc)
		f |= BOOT_CMOS_RTC_NOT_PRESENT;
	return f;
}

/* Hardware-reduced OSPMs ignore the PM timer fields (offsets 76, 91, 208 and flag bit 8, per
 * the HW_REDUCED_ACPI flag's description), but Linux on x86 still reads X_PM_TMR_BLK to find
 * a clocksource and to calibrate the TSC, so a partition that emulates the timer names it. */
static void fill_pm_timer(struct fadt *f, uint16_t port)
{
	if (!port)
		return;
	f->pm_tmr_blk = port;
	f->pm_tmr_len = 4;
	f->x_pm_tmr_blk = vacpi_gas_io(port, 32);
	f->flags |= FLAG_TMR_VAL_EXT;
}

void vacpi_fadt_write(const struct vacpi_platform *pf, void *out, uint64_t dsdt_gpa)
{
	struct fadt *f = out;
	memset(f, 0, sizeof(*f));
	vacpi_header_fill(&f->header, "FACP", sizeof(*f), FADT_REVISION, pf->oem_id);
	f->preferred_pm_profile = PM_PROFILE_UNSPECIFIED;
	f->x_dsdt = dsdt_gpa; /* DSDT (32-bit) stays 0: X_DSDT supersedes it */
	f->iapc_boot_arch = boot_arch_flags(pf);
	f->flags = FLAG_WBINVD | FLAG_PWR_BUTTON | FLAG_SLP_BUTTON | FLAG_FIX_RTC |
		   FLAG_RESET_REG_SUP | FLAG_HW_REDUCED_ACPI;
	f->reset_reg = vacpi_gas_io(pf->reset_port, 8);
	f->reset_value = pf->reset_value;
	f->minor_version = FADT_MINOR_VERSION;
	f->sleep_control_reg = vacpi_gas_io(pf->sleep_control_port, 8);
	f->sleep_status_reg = vacpi_gas_io(pf->sleep_status_port, 8);
	memcpy(f->hypervisor_vendor, "SPLITVSR", sizeof(f->hypervisor_vendor));
	fill_pm_timer(f, pf->pm_timer_port);
	vacpi_seal(&f->header);
}
