#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Builds a hybrid GRUB2 ISO (BIOS + UEFI) that boots splitvisor.elf by multiboot2,
# with the manifest and images as modules (each module's command line is its name).
# usage: mkiso.sh OUT.iso SPLITVISOR.elf MANIFEST|- [CMDLINE=...] [IMAGE...]
set -euo pipefail
out=$1 elf=$2 manifest=$3
shift 3
cmdline=""
if [[ ${1:-} == CMDLINE=* ]]; then cmdline=${1#CMDLINE=}; shift; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/boot/grub" "$work/boot/splitvisor"
source "$(dirname "$0")/grubcfg.sh"
grub_cfg /boot/splitvisor "$work/boot/splitvisor" "$elf" "$manifest" "$cmdline" "$@" \
	> "$work/boot/grub/grub.cfg"
grub-mkrescue -o "$out" "$work" >/dev/null 2>&1 || {
	echo "mkiso: grub-mkrescue failed; it needs the Debian packages grub-pc-bin grub-efi-amd64-bin xorriso mtools" >&2
	exit 1
}
