/* SPDX-License-Identifier: BSD-2-Clause */
/* UEFI boot stage: reads the manifest and the images it names from the boot volume. */
#include <efi.h>
#include <efilib.h>
#include "boot/efi_files.h"
#include "boot/manifest_images.h"
#include "hv/lib/fmt.h"
#include "hv/lib/string.h"

#define PATH_MAX_CHARS 256

static EFI_FILE_HANDLE open_root(EFI_LOADED_IMAGE *li)
{
	EFI_FILE_IO_INTERFACE *fs = 0;
	EFI_FILE_HANDLE root = 0;
	if (EFI_ERROR(uefi_call_wrapper(BS->HandleProtocol, 3, li->DeviceHandle,
					&FileSystemProtocol, (void **)&fs)) || !fs)
		return 0;
	if (EFI_ERROR(uefi_call_wrapper(fs->OpenVolume, 2, fs, &root)))
		return 0;
	return root;
}

/* The directory the .efi was loaded from, as "\EFI\BOOT" (ASCII). */
static void image_dir(EFI_LOADED_IMAGE *li, char *dir, size_t size)
{
	dir[0] = 0;
	CHAR16 *path = DevicePathToStr(li->FilePath);
	if (!path)
		return;
	size_t n = 0, last = 0;
	for (; path[n] && n + 1 < size; n++) {
		dir[n] = (char)(path[n] == '/' ? '\\' : path[n]);
		if (dir[n] == '\\')
			last = n;
	}
	dir[last] = 0;
	FreePool(path);
}

static void to_path16(const char *dir, const char *name, CHAR16 *out)
{
	char full[PATH_MAX_CHARS];
	if (name[0] == '\\' || name[0] == '/')
		str_copy(full, name, sizeof(full));
	else
		fmt_snprintf(full, sizeof(full), "%s\\%s", dir, name);
	size_t i = 0;
	for (; full[i] && i + 1 < PATH_MAX_CHARS; i++)
		out[i] = (CHAR16)(full[i] == '/' ? '\\' : full[i]);
	out[i] = 0;
}

/* Reads a whole file into loader-data pages; false when it is not there. */
static bool read_file(EFI_FILE_HANDLE root, const char *dir, const char *name,
		      uint64_t *base, uint64_t *len)
{
	CHAR16 path[PATH_MAX_CHARS];
	EFI_FILE_HANDLE fh;
	to_path16(dir, name, path);
	if (EFI_ERROR(uefi_call_wrapper(root->Open, 5, root, &fh, path, EFI_FILE_MODE_READ, 0)))
		return false;
	EFI_FILE_INFO *info = LibFileInfo(fh);
	bool ok = false;
	if (info) {
		UINTN size = info->FileSize;
		EFI_PHYSICAL_ADDRESS addr = 0;
		UINTN pages = size / EFI_PAGE_SIZE + 1;
		if (!EFI_ERROR(uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData, pages, &addr)) &&
		    !EFI_ERROR(uefi_call_wrapper(fh->Read, 3, fh, &size, (void *)(uintptr_t)addr))) {
			((char *)(uintptr_t)addr)[size] = 0; /* text files end in NUL */
			*base = addr;
			*len = size;
			ok = true;
		}
		FreePool(info);
	}
	uefi_call_wrapper(fh->Close, 1, fh);
	return ok;
}

static void load_images(EFI_FILE_HANDLE root, const char *dir, struct boot_info *bi,
			uint64_t mbase, uint64_t mlen)
{
	const char *names[BI_MAX_MODS];
	uint32_t n = manifest_image_names((const char *)(uintptr_t)mbase, mlen, names, BI_MAX_MODS);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t base, len;
		if (bi_find_module(bi, names[i]))
			continue;
		if (read_file(root, dir, names[i], &base, &len))
			bi_add_module(bi, names[i], base, len);
		else
			Print(L"splitvisor: image %a not found in %a\r\n", names[i], dir[0] ? dir : "\\");
	}
}

void efi_load_files(EFI_HANDLE image, EFI_LOADED_IMAGE *li, struct boot_info *bi)
{
	UNUSED(image);
	char dir[PATH_MAX_CHARS], opt[BI_NAME_LEN];
	EFI_FILE_HANDLE root = open_root(li);
	image_dir(li, dir, sizeof(dir));
	if (cmdline_get(bi->cmdline, "manifest", opt, sizeof(opt)))
		str_copy(bi->manifest_name, opt, sizeof(bi->manifest_name));
	if (!root) {
		fmt_snprintf(bi->manifest_error, sizeof(bi->manifest_error),
			     "the boot device has no file system splitvisor can read (network boot?)");
		return;
	}
	uint64_t base, len;
	if (read_file(root, dir, bi->manifest_name, &base, &len)) {
		bi_add_module(bi, bi->manifest_name, base, len);
		bi->manifest_module = (int)bi->nmods - 1;
		load_images(root, dir, bi, base, len);
	} else {
		fmt_snprintf(bi->manifest_error, sizeof(bi->manifest_error), "%s\\%s is not on the boot volume",
			     dir, bi->manifest_name);
	}
}
