/* SPDX-License-Identifier: BSD-2-Clause */
/* UEFI boot path: gathers boot_info, exits boot services, enters hv_main. */
#include <efi.h>
#include <efilib.h>
#include "boot/boot_info.h"
#include "boot/efi_files.h"
#include "hv/main.h"
#include "hv/lib/string.h"

#define MMAP_BUFFER_SIZE (64 * 1024)

static struct boot_info efi_bi;
static uint8_t mmap_buffer[MMAP_BUFFER_SIZE] __attribute__((aligned(16)));
extern char boot_stack_top[];

static uint32_t efi_type_to_bi(UINT32 type)
{
	switch (type) {
	case EfiConventionalMemory: return BI_MEM_USABLE;
	case EfiBootServicesCode:
	case EfiBootServicesData: return BI_MEM_FIRMWARE;
	case EfiLoaderCode:
	case EfiLoaderData: return BI_MEM_BOOT;
	case EfiACPIReclaimMemory: return BI_MEM_ACPI_RECLAIM;
	case EfiACPIMemoryNVS: return BI_MEM_ACPI_NVS;
	case EfiUnusableMemory: return BI_MEM_BAD;
	default: return BI_MEM_RESERVED;
	}
}

static void read_load_options(EFI_LOADED_IMAGE *li, struct boot_info *bi)
{
	const CHAR16 *o = li->LoadOptions;
	UINTN n = li->LoadOptionsSize / sizeof(CHAR16), k = 0;
	for (UINTN i = 0; o && i < n && o[i] && k + 1 < sizeof(bi->cmdline); i++)
		bi->cmdline[k++] = (char)(o[i] < 128 ? o[i] : '?');
	bi->cmdline[k] = 0;
}

static void find_rsdp(EFI_SYSTEM_TABLE *st, struct boot_info *bi)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	for (UINTN i = 0; i < st->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];
		if (!CompareGuid(&t->VendorGuid, &acpi20))
			bi->rsdp = (uint64_t)(uintptr_t)t->VendorTable;
		else if (!bi->rsdp && !CompareGuid(&t->VendorGuid, &acpi10))
			bi->rsdp = (uint64_t)(uintptr_t)t->VendorTable;
	}
}

static void alloc_trampoline(struct boot_info *bi)
{
	/* loader code: OVMF maps loader data non-executable */
	EFI_PHYSICAL_ADDRESS addr = 0x9F000;
	if (!EFI_ERROR(uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress, EfiLoaderCode, 1, &addr)))
		bi->trampoline = addr;
}

static void convert_memory_map(struct boot_info *bi, UINTN size, UINTN desc_size)
{
	for (UINTN off = 0; off + desc_size <= size; off += desc_size) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)(mmap_buffer + off);
		bi_add_mem(bi, d->PhysicalStart, d->NumberOfPages * EFI_PAGE_SIZE, efi_type_to_bi(d->Type));
	}
	bi_add_mem(bi, 0, EFI_PAGE_SIZE, BI_MEM_RESERVED);
}

/* GetMemoryMap + ExitBootServices, retried while the map key goes stale. */
static bool exit_boot_services(EFI_HANDLE image, struct boot_info *bi)
{
	for (int attempt = 0; attempt < 8; attempt++) {
		UINTN size = sizeof(mmap_buffer), key = 0, desc_size = 0;
		UINT32 desc_version = 0;
		EFI_STATUS s = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, (EFI_MEMORY_DESCRIPTOR *)mmap_buffer,
						 &key, &desc_size, &desc_version);
		if (EFI_ERROR(s))
			return false;
		if (!EFI_ERROR(uefi_call_wrapper(BS->ExitBootServices, 2, image, key))) {
			convert_memory_map(bi, size, desc_size);
			return true;
		}
	}
	return false;
}

static NORETURN void enter_hv(struct boot_info *bi)
{
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call *%1\n\t"
			 :
			 : "r"(boot_stack_top), "r"(hv_main), "D"(bi)
			 : "memory");
	__builtin_unreachable();
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	struct boot_info *bi = &efi_bi;
	EFI_LOADED_IMAGE *li = 0;
	InitializeLib(image, st);
	bi_init(bi, BOOT_UEFI);
	if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li))) {
		Print(L"splitvisor: cannot get the loaded-image protocol; the firmware is not UEFI 2.x\r\n");
		return EFI_UNSUPPORTED;
	}
	bi->image_base = (uint64_t)(uintptr_t)li->ImageBase;
	bi->image_end = bi->image_base + li->ImageSize;
	read_load_options(li, bi);
	Print(L"splitvisor: UEFI boot stage, loading the manifest and images\r\n");
	efi_load_files(image, li, bi);
	find_rsdp(st, bi);
	alloc_trampoline(bi);
	if (!exit_boot_services(image, bi)) {
		Print(L"splitvisor: ExitBootServices failed repeatedly; the firmware keeps changing "
		      L"the memory map. Try disabling network boot options or update the firmware.\r\n");
		return EFI_ABORTED;
	}
	enter_hv(bi);
}
