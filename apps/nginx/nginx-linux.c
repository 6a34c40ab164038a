/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * apps/nginx/bench, the Linux VM side: /init (linked with bench/vm/init.c
 * and bench/vm/netup.c) brings up lo and eth0 as 10.0.2.15/24, the address
 * libuk takes under QEMU's user networking, then runs /nginx (the same
 * nginx sources, configuration and initrd, built as a static musl
 * program) in its place, as process 1.
 */
#include <stdio.h>
#include <unistd.h>
#include "vm/netup.h"

int main(void)
{
	char *argv[] = { "/nginx", NULL };

	netup_load_modules();
	if (!netup_wait("eth0") || netup_if("lo", NULL, NULL) ||
	    netup_if("eth0", "10.0.2.15", "255.255.255.0"))
		return 1;
	execv(argv[0], argv);
	perror("execv /nginx");
	return 1;
}
