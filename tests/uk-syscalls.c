/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For tests/uk-syscalls.test: a program that reaches, through musl, two
 * system calls libuk does not implement (acct and sethostname), and
 * calls neither unless given an argument.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc > 1) {
		acct(NULL);
		sethostname("x", 1);
	}
	puts("hello");
	return 0;
}
