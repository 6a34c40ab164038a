/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/httpd, the Linux VM side: /init (linked with bench/vm/init.c and
 * bench/vm/netup.c) brings up lo and eth0 as 10.0.2.15/24, the address
 * libuk takes by default under QEMU's user networking, then runs
 * examples/httpd unmodified (compiled with -Dmain=httpd_main) with the
 * command line's arguments.
 */
#include <stdio.h>
#include "vm/netup.h"

int httpd_main(int argc, char **argv);

int main(int argc, char **argv)
{
	netup_load_modules();
	if (!netup_wait("eth0") || netup_if("lo", NULL, NULL) ||
	    netup_if("eth0", "10.0.2.15", "255.255.255.0"))
		return 1;
	return httpd_main(argc, argv);
}
