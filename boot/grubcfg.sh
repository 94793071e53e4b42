# SPDX-License-Identifier: BSD-2-Clause
# Writes a grub.cfg that boots splitvisor.elf by multiboot2 with the manifest and images as
# modules named by their file names; copies the files into DEST_DIR. Sourced by mkiso/mkpxe.
# usage: grub_cfg PATH_PREFIX DEST_DIR ELF MANIFEST|- CMDLINE [IMAGE...]  > grub.cfg
grub_cfg() {
	local prefix=$1 dest=$2 elf=$3 manifest=$4 cmdline=$5
	shift 5
	cp "$elf" "$dest/splitvisor.elf"
	echo "set timeout=0"
	echo "set timeout_style=hidden"
	echo "serial --unit=0 --speed=115200"
	echo "terminal_output serial console"
	echo "menuentry \"splitvisor\" {"
	echo "  multiboot2 $prefix/splitvisor.elf $cmdline"
	if [[ $manifest != - ]]; then
		cp "$manifest" "$dest/splitvisor.toml"
		echo "  module2 $prefix/splitvisor.toml splitvisor.toml"
	fi
	local img name
	for img in "$@"; do
		name=$(basename "$img")
		cp "$img" "$dest/$name"
		echo "  module2 $prefix/$name $name"
	done
	echo "  boot"
	echo "}"
}
