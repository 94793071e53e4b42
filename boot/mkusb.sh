#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Builds a GPT disk image with one EFI System Partition holding EFI/BOOT/BOOTX64.EFI
# (splitvisor.efi), the manifest and the images: dd it to a USB stick.
# usage: mkusb.sh OUT.img SPLITVISOR.efi MANIFEST|- [IMAGE...]
set -euo pipefail
out=$1 efi=$2 manifest=$3
shift 3
for tool in sgdisk mformat mcopy mmd; do
	command -v "$tool" >/dev/null || {
		echo "mkusb: $tool is missing; install the Debian packages gdisk and mtools" >&2
		exit 1
	}
done
size_mib=64
esp_start=2048 # sectors of 512 bytes: 1 MiB alignment
rm -f "$out"
truncate -s ${size_mib}M "$out"
sgdisk --clear --new=1:${esp_start}:-34 --typecode=1:EF00 --change-name=1:SPLITVISOR "$out" >/dev/null
esp_sectors=$(( size_mib * 2048 - esp_start - 34 ))
img="$out@@$(( esp_start * 512 ))"
mformat -i "$img" -T $esp_sectors -h 16 -s 63 -F -v SPLITVISOR ::
mmd -i "$img" ::/EFI ::/EFI/BOOT
mcopy -i "$img" "$efi" ::/EFI/BOOT/BOOTX64.EFI
if [[ $manifest != - ]]; then
	mcopy -i "$img" "$manifest" ::/EFI/BOOT/splitvisor.toml
fi
for f in "$@"; do
	mcopy -i "$img" "$f" "::/EFI/BOOT/$(basename "$f")"
done
