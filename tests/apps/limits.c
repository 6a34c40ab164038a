/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Resource limits a program sets for itself, enforced as on Linux.
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   limits nofile   RLIMIT_NOFILE lowered to 42: open, dup, pipe,
 *                   socket, accept, eventfd, epoll_create1 fail with
 *                   EMFILE at descriptor 42; F_DUPFD from 42 is EINVAL,
 *                   dup2 to 42 EBADF; descriptors above a lowered limit
 *                   stay usable; raising the limit again gives 42
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "compare.h"

static int set_nofile(rlim_t n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -1;
	rl.rlim_cur = n;
	return setrlimit(RLIMIT_NOFILE, &rl);
}

/* Opens /dev/null until it fails; returns the last descriptor. */
static int fill(void)
{
	int fd, last = -1;

	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		last = fd;
	return last;
}

static int do_nofile(char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int p[2], lfd, cfd, last;
	socklen_t len;

	report("setrlimit(RLIMIT_NOFILE, 42)", set_nofile(42));
	last = fill();
	printf("the last descriptor opened: %d\n", last);
	report("open past the limit", open("/dev/null", O_RDONLY));
	report("dup", dup(0));
	report("fcntl(F_DUPFD, 0)", fcntl(0, F_DUPFD, 0));
	report("fcntl(F_DUPFD, 41)", fcntl(0, F_DUPFD, 41));
	report("fcntl(F_DUPFD, 42)", fcntl(0, F_DUPFD, 42));
	report("fcntl(F_DUPFD_CLOEXEC, 1000)",
	       fcntl(0, F_DUPFD_CLOEXEC, 1000));
	report("dup2(0, 42)", dup2(0, 42));
	report("dup3(0, 1000, 0)", dup3(0, 1000, 0));
	report("dup2(0, 41)", dup2(0, 41));
	report("pipe", pipe(p));
	report("socket(AF_UNIX)", socket(AF_UNIX, SOCK_STREAM, 0));
	report("eventfd", eventfd(0, 0));
	report("epoll_create1", epoll_create1(0));
	report("memfd_create", memfd_create("x", 0));

	/* two free slots: a listener and a client; accept finds none */
	close(40);
	close(41);
	lfd = report("socket (listener)", socket(AF_UNIX, SOCK_STREAM, 0));
	strcpy(sun.sun_path + 1, "limits-nofile");
	len = offsetof(struct sockaddr_un, sun_path) + 1 +
	      strlen("limits-nofile");
	report("bind", bind(lfd, (struct sockaddr *)&sun, len));
	report("listen", listen(lfd, 4));
	cfd = report("socket (client)", socket(AF_UNIX, SOCK_STREAM, 0));
	report("connect", connect(cfd, (struct sockaddr *)&sun, len));
	report("accept", accept(lfd, NULL, NULL));
	report("accept4", accept4(lfd, NULL, NULL, SOCK_CLOEXEC));

	/* a limit below open descriptors leaves them usable */
	report("setrlimit(RLIMIT_NOFILE, 10)", set_nofile(10));
	report("fcntl(39, F_GETFD)", fcntl(39, F_GETFD));
	report("write(cfd)", write(cfd, "x", 1));
	report("open at limit 10", open("/dev/null", O_RDONLY));
	close(5);
	report("open after closing 5", open("/dev/null", O_RDONLY));

	report("setrlimit(RLIMIT_NOFILE, 64)", set_nofile(64));
	report("open at limit 64", open("/dev/null", O_RDONLY));
	report("accept at limit 64", accept(lfd, NULL, NULL));
	report("dup2(0, 63)", dup2(0, 63));
	report("dup2(0, 64)", dup2(0, 64));
	return 0;
}

static const struct compare_mode modes[] = {
	{ "nofile", do_nofile },
	{ NULL },
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return compare_main(argc, argv, "limits", modes);
}
