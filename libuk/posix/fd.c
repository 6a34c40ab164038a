/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File descriptors, for now: 0, 1 and 2 are the console, and there is no
 * file system (open returns ENOENT).
 *
 * Console input behaves like a pipe fed by the serial port: read blocks
 * until at least one byte is there and returns what is waiting; a ^D
 * (0x04) marks the end of input, after which read returns 0 (uk-run sends
 * it when its own standard input ends). Carriage returns read as
 * newlines, as a terminal's ICRNL does.
 */
#include <uk/syscall.h>
#include <uk/plat/console.h>
#include <uk/errno.h>
#include "posix.h"

#define CONSOLE_FDS	3
#define IOV_MAX		1024
#define CHAR_EOT	0x04

static bool closed[CONSOLE_FDS];
static bool input_ended;

static bool console_fd(int fd)
{
	return fd >= 0 && fd < CONSOLE_FDS && !closed[fd];
}

/* Reads what is waiting; with @block, first waits for at least a byte. */
static long console_read(char *buf, size_t len, bool block)
{
	size_t n = 0;

	while (!input_ended && n < len) {
		int got = ukplat_cink(buf + n, len - n);

		for (int i = 0; i < got; i++) {
			if (buf[n + i] == CHAR_EOT) {
				input_ended = true;
				return n + i;
			}
			if (buf[n + i] == '\r')
				buf[n + i] = '\n';
		}
		n += got;
		if (got)
			continue;
		if (n || !block)
			break;
		uk_cpu_relax();
	}
	return n;
}

static long uk_sys_read(int fd, char *buf, size_t len)
{
	if (!console_fd(fd))
		return -UK_EBADF;
	if (!buf && len)
		return -UK_EFAULT;
	return console_read(buf, len, true);
}
UK_SYSCALL_REGISTER(read, uk_sys_read);

static long uk_sys_write(int fd, const char *buf, size_t len)
{
	if (!console_fd(fd))
		return -UK_EBADF;
	if (!buf && len)
		return -UK_EFAULT;
	return ukplat_coutk(buf, len);
}
UK_SYSCALL_REGISTER(write, uk_sys_write);

static long uk_sys_writev(int fd, const struct l_iovec *iov, int cnt)
{
	long total = 0;

	if (!console_fd(fd))
		return -UK_EBADF;
	if (cnt < 0 || cnt > IOV_MAX)
		return -UK_EINVAL;
	if (cnt && !iov)
		return -UK_EFAULT;
	for (int i = 0; i < cnt; i++) {
		if (!iov[i].base && iov[i].len)
			return -UK_EFAULT;
		total += ukplat_coutk(iov[i].base, iov[i].len);
	}
	return total;
}
UK_SYSCALL_REGISTER(writev, uk_sys_writev);

static long uk_sys_readv(int fd, const struct l_iovec *iov, int cnt)
{
	long total = 0, n;

	if (!console_fd(fd))
		return -UK_EBADF;
	if (cnt < 0 || cnt > IOV_MAX)
		return -UK_EINVAL;
	if (cnt && !iov)
		return -UK_EFAULT;
	for (int i = 0; i < cnt; i++) {
		if (!iov[i].base && iov[i].len)
			return -UK_EFAULT;
		/* like a pipe: wait for the first bytes only */
		n = console_read(iov[i].base, iov[i].len, total == 0);
		total += n;
		if ((size_t)n < iov[i].len)
			break;
	}
	return total;
}
UK_SYSCALL_REGISTER(readv, uk_sys_readv);

static long uk_sys_ioctl(int fd, unsigned long req, unsigned long arg)
{
	if (!console_fd(fd))
		return -UK_EBADF;
	/* the console is not a terminal: no termios, no window size */
	return -UK_ENOTTY;
}
UK_SYSCALL_REGISTER(ioctl, uk_sys_ioctl);

static long uk_sys_fstat(int fd, struct l_stat *st)
{
	if (!console_fd(fd))
		return -UK_EBADF;
	if (!st)
		return -UK_EFAULT;
	*st = (struct l_stat){
		.st_dev = 5,
		.st_ino = fd + 1,
		.st_nlink = 1,
		.st_mode = L_S_IFCHR | 0620,
		.st_rdev = (4 << 8) | 64,	/* ttyS0 */
		.st_blksize = 1024,
	};
	return 0;
}
UK_SYSCALL_REGISTER(fstat, uk_sys_fstat);

static long uk_sys_lseek(int fd, long off, int whence)
{
	return console_fd(fd) ? -UK_ESPIPE : -UK_EBADF;
}
UK_SYSCALL_REGISTER(lseek, uk_sys_lseek);

static long uk_sys_close(int fd)
{
	if (!console_fd(fd))
		return -UK_EBADF;
	closed[fd] = true;
	return 0;
}
UK_SYSCALL_REGISTER(close, uk_sys_close);

static long no_such_file(const char *path)
{
	return path ? -UK_ENOENT : -UK_EFAULT;
}

static long uk_sys_openat(int dirfd, const char *path, int flags, int mode)
{
	return no_such_file(path);
}
UK_SYSCALL_REGISTER(openat, uk_sys_openat);

static long uk_sys_newfstatat(int dirfd, const char *path,
			      struct l_stat *st, int flags)
{
	/* AT_EMPTY_PATH on a console descriptor is fstat */
	if (path && !path[0] && (flags & 0x1000))
		return uk_sys_fstat(dirfd, st);
	return no_such_file(path);
}
UK_SYSCALL_REGISTER(newfstatat, uk_sys_newfstatat);

static long uk_sys_faccessat(int dirfd, const char *path, int mode)
{
	return no_such_file(path);
}
UK_SYSCALL_REGISTER(faccessat, uk_sys_faccessat);

#ifdef UK_NR_open
/* x86_64 only: the old path calls */
static long uk_sys_open(const char *path, int flags, int mode)
{
	return no_such_file(path);
}
UK_SYSCALL_REGISTER(open, uk_sys_open);

static long uk_sys_stat(const char *path, struct l_stat *st)
{
	return no_such_file(path);
}
UK_SYSCALL_REGISTER(stat, uk_sys_stat);
UK_SYSCALL_REGISTER(lstat, uk_sys_stat);

static long uk_sys_access(const char *path, int mode)
{
	return no_such_file(path);
}
UK_SYSCALL_REGISTER(access, uk_sys_access);
#endif

static long uk_sys_fcntl(int fd, int cmd, unsigned long arg)
{
	if (!console_fd(fd))
		return -UK_EBADF;
	switch (cmd) {
	case 1: /* F_GETFD */
	case 2: /* F_SETFD */
		return 0;
	case 3: /* F_GETFL */
		return fd == 0 ? 0 /* O_RDONLY */ : 1 /* O_WRONLY */;
	case 4: /* F_SETFL */
		return 0;
	default:
		return -UK_EINVAL;
	}
}
UK_SYSCALL_REGISTER(fcntl, uk_sys_fcntl);
