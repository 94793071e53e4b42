#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Checks for the Debian packages splitvisor needs; installs the missing ones when run as
# root with apt-get, otherwise says exactly what to install.
set -u
PACKAGES=(gcc make binutils nasm gnu-efi clang libclang-rt-14-dev libcmocka-dev
	qemu-system-x86 ovmf bochs bochsbios vgabios
	grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools dosfstools gdisk bc acpica-tools cpio libc6-dev
	gnuplot-nox)
missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
(( ${#missing[@]} == 0 )) && exit 0
echo "splitvisor: missing Debian packages: ${missing[*]}"
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
	echo "splitvisor: installing them with apt-get (running as root)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null && exit 0
	echo "splitvisor: apt-get could not install them; run: apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "splitvisor: install them with: sudo apt-get install -y ${missing[*]}" >&2
exit 1
