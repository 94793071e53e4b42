#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Builds a TFTP tree for UEFI PXE: GRUB2's network image (boot/grub/x86_64-efi/core.efi,
# also copied to BOOTX64.EFI at the root) loads splitvisor.elf, the manifest and the
# images over TFTP as multiboot2 modules.
# usage: mkpxe.sh OUT_DIR SPLITVISOR.elf MANIFEST|- [CMDLINE=...] [IMAGE...]
set -euo pipefail
out=$1 elf=$2 manifest=$3
shift 3
cmdline=""
if [[ ${1:-} == CMDLINE=* ]]; then cmdline=${1#CMDLINE=}; shift; fi
command -v grub-mknetdir >/dev/null || {
	echo "mkpxe: grub-mknetdir is missing; install the Debian packages grub-efi-amd64-bin grub-common" >&2
	exit 1
}
rm -rf "$out"
mkdir -p "$out/splitvisor"
grub-mknetdir --net-directory="$out" --subdir=boot/grub -d /usr/lib/grub/x86_64-efi >/dev/null 2>&1
cp "$out/boot/grub/x86_64-efi/core.efi" "$out/BOOTX64.EFI"
source "$(dirname "$0")/grubcfg.sh"
grub_cfg '($root)/splitvisor' "$out/splitvisor" "$elf" "$manifest" "$cmdline" "$@" \
	> "$out/boot/grub/grub.cfg"
