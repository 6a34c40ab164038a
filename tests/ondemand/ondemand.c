/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What an image links of the on-demand archive (uk/link.h): this program
 * calls pipe(), so it has pipes; it never calls epoll_create1() nor
 * names a file, so a raw epoll_create1 system call is ENOSYS and the
 * VFS is not in the image. tests/ondemand/ondemand.test runs it and
 * checks the kernel's message.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

/* the VFS's link anchor (uk/link.h): a weak reference links nothing */
extern const char __uk_link_anchor_vfs __attribute__((weak));

int main(void)
{
	int fds[2], fail = 0;
	long r;

	if (pipe(fds) != 0 || write(fds[1], "x", 1) != 1) {
		printf("pipe: %s\n", strerror(errno));
		fail = 1;
	}
	errno = 0;
	r = syscall(SYS_epoll_create1, 0);
	printf("raw epoll_create1: %ld (%s)\n", r, strerror(errno));
	if (r != -1 || errno != ENOSYS)
		fail = 1;
	if (&__uk_link_anchor_vfs) {
		printf("the VFS is linked\n");
		fail = 1;
	}
	printf("ondemand: %s\n", fail ? "FAILED" : "ok");
	return fail;
}
