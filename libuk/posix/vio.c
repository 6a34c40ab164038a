/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Positioned vector I/O (preadv, pwritev, preadv2, pwritev2) and
 * sendfile, made of the single-buffer calls of fd.c (entered through
 * uk_syscall, so their checks and errors are the ones that apply).
 *
 * preadv/pwritev: buffer after buffer at the offset, stopping at a short
 * transfer or an error (an error after some bytes moved reports the
 * bytes). The flags of preadv2/pwritev2 are hints (RWF_HIPRI, DSYNC,
 * SYNC, NOWAIT: memory never waits) except RWF_APPEND; an offset of -1
 * means the file position, as readv/writev.
 *
 * sendfile copies through a kernel buffer of 64 KiB at a time; with an
 * offset pointer it reads from there and updates it, leaving the input
 * file's position alone, as on Linux.
 */
#include <uk/link.h>
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/string.h>
#include "posix.h"
#include "file.h"

/* linked into programs that call these (uk/link.h) */
UK_LINK_WHEN(preadv);
UK_LINK_WHEN(pwritev);
UK_LINK_WHEN(sendfile);

#define IOV_MAX		1024
#define BUF_SIZE	(64 * 1024)
#define L_RWF_HIPRI	1
#define L_RWF_DSYNC	2
#define L_RWF_SYNC	4
#define L_RWF_NOWAIT	8
#define L_RWF_APPEND	16

static long vector_at(int fd, const struct l_iovec *iov, int cnt, long off,
		      bool writing)
{
	long total = 0, n = 0;

	if (cnt < 0 || cnt > IOV_MAX)
		return -UK_EINVAL;
	if (cnt && !iov)
		return -UK_EFAULT;
	if (off < 0 && off != -1)
		return -UK_EINVAL;
	for (int i = 0; i < cnt; i++)
		if ((long)iov[i].len < 0)
			return -UK_EINVAL;
	for (int i = 0; i < cnt; i++) {
		if (!iov[i].len)
			continue;
		if (off == -1)
			n = uk_syscall(writing ? UK_NR_write : UK_NR_read, fd,
				       iov[i].base, iov[i].len);
		else
			n = uk_syscall(writing ? UK_NR_pwrite64 :
				       UK_NR_pread64, fd, iov[i].base,
				       iov[i].len, off + total);
		if (n < 0)
			break;
		total += n;
		if ((size_t)n < iov[i].len)
			break;
	}
	/* a call that moves nothing still checks the descriptor */
	if (off != -1 && !total && n == 0)
		n = uk_syscall(writing ? UK_NR_pwrite64 : UK_NR_pread64, fd,
			       (void *)iov, 0, off < 0 ? 0 : off);
	return total ? total : UK_MIN(n, 0L);
}

static long uk_sys_preadv(int fd, const struct l_iovec *iov, int cnt,
			  long off)
{
	return off == -1 ? -UK_EINVAL : vector_at(fd, iov, cnt, off, false);
}
UK_SYSCALL_REGISTER(preadv, uk_sys_preadv);

static long uk_sys_pwritev(int fd, const struct l_iovec *iov, int cnt,
			   long off)
{
	return off == -1 ? -UK_EINVAL : vector_at(fd, iov, cnt, off, true);
}
UK_SYSCALL_REGISTER(pwritev, uk_sys_pwritev);

#define RWF_ALL	(L_RWF_HIPRI | L_RWF_DSYNC | L_RWF_SYNC | L_RWF_NOWAIT | \
		 L_RWF_APPEND)

static long uk_sys_preadv2(int fd, const struct l_iovec *iov, int cnt,
			   long off, long off_hi, int flags)
{
	if (flags & ~RWF_ALL)
		return -UK_EOPNOTSUPP;
	return vector_at(fd, iov, cnt, off, false);
}
UK_SYSCALL_REGISTER(preadv2, uk_sys_preadv2);

static long uk_sys_pwritev2(int fd, const struct l_iovec *iov, int cnt,
			    long off, long off_hi, int flags)
{
	if (flags & ~RWF_ALL)
		return -UK_EOPNOTSUPP;
	return vector_at(fd, iov, cnt, (flags & L_RWF_APPEND) ? -1 : off,
			 true);
}
UK_SYSCALL_REGISTER(pwritev2, uk_sys_pwritev2);

static long uk_sys_sendfile(int out, int in, long *offp, size_t count)
{
	struct uk_ofile *oi = uk_posix_fd_get(in), *oo = uk_posix_fd_get(out);
	long total = 0, n = 0, w;
	char *buf;

	if (!oi || !oo)
		return -UK_EBADF;
	if (offp && *offp < 0)
		return -UK_EINVAL;
	if (!count)
		return 0;
	buf = uk_malloc(uk_alloc_get_default(), BUF_SIZE);
	if (!buf)
		return -UK_ENOMEM;
	while ((size_t)total < count) {
		size_t want = UK_MIN(count - total, (size_t)BUF_SIZE);

		n = offp ? uk_syscall(UK_NR_pread64, in, buf, want,
				      *offp + total) :
		    uk_syscall(UK_NR_read, in, buf, want);
		if (n <= 0)
			break;
		w = uk_syscall(UK_NR_write, out, buf, n);
		if (w < 0) {
			/* give back what was read and not written */
			if (!offp)
				uk_syscall(UK_NR_lseek, in, -n, 1);
			n = w;
			break;
		}
		total += w;
		if (w < n) {
			if (!offp)
				uk_syscall(UK_NR_lseek, in, w - n, 1);
			break;
		}
	}
	uk_free(uk_alloc_get_default(), buf);
	if (offp)
		*offp += total;
	return total ? total : UK_MIN(n, 0L);
}
UK_SYSCALL_REGISTER(sendfile, uk_sys_sendfile);
