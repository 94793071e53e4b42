// SPDX-License-Identifier: BSD-2-Clause
// Linux test guest: reads or writes one I/O port byte with IN/OUT (ioperm), as a driver would.
//   port r PORT          prints the byte read, in hex
//   port w PORT VALUE    writes VALUE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>

int main(int argc, char **argv)
{
	if (argc < 3 || (strcmp(argv[1], "r") && strcmp(argv[1], "w")) || (argv[1][0] == 'w' && argc < 4)) {
		fprintf(stderr, "usage: port r PORT | port w PORT VALUE (numbers in C notation)\n");
		return 2;
	}
	unsigned long port = strtoul(argv[2], 0, 0);
	if (port > 0xFFFF || ioperm(port, 1, 1) != 0) {
		perror("port: ioperm");
		return 1;
	}
	if (argv[1][0] == 'r')
		printf("0x%02x\n", inb((unsigned short)port));
	else
		outb((unsigned char)strtoul(argv[3], 0, 0), (unsigned short)port);
	return 0;
}
