/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * apps/redis/bench, the Linux VM side: /init (linked with bench/vm/netup.c)
 * loads the virtio modules, brings up lo and eth0 as 10.0.2.15/24 (QEMU's
 * user network) and becomes /redis-server (the same Redis tree, static
 * musl) with the command line's arguments: Redis is process 1, as it is
 * the only program of the libuk image.
 */
#include <stdio.h>
#include <unistd.h>
#include "vm/netup.h"

int main(int argc, char **argv)
{
	(void)argc;
	netup_load_modules();
	if (!netup_wait("eth0") || netup_if("lo", NULL, NULL) ||
	    netup_if("eth0", "10.0.2.15", "255.255.255.0"))
		return 1;
	argv[0] = "/redis-server";
	execv(argv[0], argv);
	perror("execv /redis-server");
	return 1;
}
