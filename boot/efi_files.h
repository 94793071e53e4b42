/* SPDX-License-Identifier: BSD-2-Clause */
/* UEFI boot stage: reads the manifest and the images it names from the boot volume. */
#ifndef BOOT_EFI_FILES_H
#define BOOT_EFI_FILES_H

#include <efi.h>
#include "boot/boot_info.h"

/* Reads the manifest (default splitvisor.toml beside the .efi, or the
 * manifest=PATH load option) and every image it names, as modules. */
void efi_load_files(EFI_HANDLE image, EFI_LOADED_IMAGE *li, struct boot_info *bi);

#endif
