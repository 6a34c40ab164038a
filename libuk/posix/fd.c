/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File descriptors: the table, and the system calls that act on an open
 * descriptor (read, write and their vector and positioned forms, lseek,
 * fstat, ioctl, fcntl, dup, close). What names lead to is in vfs.c.
 *
 * Descriptors 0, 1 and 2 start on the console: 0 read-only, 1 and 2
 * write-only, as when a program's input and output are redirected.
 * Console input behaves like a pipe fed by the serial port: read blocks
 * (on a wait queue: other threads run) until at least one byte is there
 * and returns what is waiting (with O_NONBLOCK, EAGAIN when nothing is);
 * a ^D (0x04) marks the end of input, after which read returns 0
 * (uk-run sends it when its own standard input ends). Carriage returns
 * read as newlines, as a terminal's ICRNL does. It is pollable.
 *
 * Locks (F_SETLK ..., F_OFD_* and flock) are lock.c's.
 */
#include <uk/syscall.h>
#include <uk/plat/console.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/vfs.h>
#include <uk/init.h>
#include <uk/plat/irq.h>
#include <uk/uaccess.h>
#include "posix.h"
#include "file.h"

/*
 * What fd.c calls of the on-demand files (uk/link.h) when they are
 * linked, and only then: a descriptor holds a vnode only when the VFS
 * made it (vfs.c), so its calls are behind of->vn; the others are
 * checked for.
 */
#pragma weak uk_vfs_read
#pragma weak uk_vfs_write
#pragma weak uk_vnode_get
#pragma weak uk_vnode_put
#pragma weak uk_posix_file_node
#pragma weak uk_posix_vnode_stat
#pragma weak uk_posix_console_vnode
#pragma weak uk_posix_lock_close
#pragma weak uk_posix_lock_fcntl
#pragma weak uk_posix_epoll_forget

#define ST_DEV_CONSOLE	0x16	/* the console's st_dev when it has no name */
#define IOV_MAX		1024
#define SSIZE_MAX	((size_t)__LONG_MAX__)
/* the most one read or write moves (Linux's MAX_RW_COUNT) */
#define MAX_RW_COUNT	(0x7fffffffUL & ~0xfffUL)
#define CHAR_EOT	0x04

/* fcntl commands */
#define L_F_DUPFD		0
#define L_F_GETFD		1
#define L_F_SETFD		2
#define L_F_GETFL		3
#define L_F_SETFL		4
#define L_F_DUPFD_CLOEXEC	1030
#define L_FD_CLOEXEC		1

/* generic ioctls, served for every descriptor */
#define L_FIONCLEX	0x5450
#define L_FIOCLEX	0x5451
#define L_FIONBIO	0x5421
#define L_FIONREAD	0x541b

/* what F_SETFL may change */
#define SETFL_MASK	(L_O_APPEND | L_O_NONBLOCK | L_O_ASYNC | L_O_DIRECT | \
			 L_O_NOATIME)

struct fdent {
	struct uk_ofile *of;
	bool cloexec;
};

/*
 * The tables grow with use rather than being sized for the worst case:
 * the descriptor table starts with FDS_MIN entries in the image and
 * doubles (on the heap) up to L_NOFILE; open files are allocated one by
 * one, up to L_NOFILE, and never freed: a free one (refs 0) is reused,
 * so that a pointer kept past a close still points at an open file.
 */
#define FDS_MIN		16

static struct fdent fds_min[FDS_MIN];
static struct fdent *fds = fds_min;
static int nfds = FDS_MIN;
static struct uk_ofile std_ofiles[3];
static struct uk_ofile *ofiles;		/* every open file, free or not */
static int nofiles;

/* ---- the console ---- */

/*
 * Input waits in a ring, filled from the serial port by the receive
 * interrupt (when the platform gives one) or by whoever looks: readers,
 * poll. The ring holds input as read() returns it (\r made \n); a ^D
 * ends it: the bytes before it are read, then read returns 0 for good.
 */
#define CONSOLE_RING	1024	/* a power of 2 */
#define CONSOLE_POLL_NS	5000000ULL	/* re-check without interrupt */

static char ring[CONSOLE_RING];
static unsigned int ring_head, ring_tail;	/* free-running */
static bool eot_seen;
static bool input_irq;		/* the receive interrupt feeds the ring */
static struct uk_pollq console_pq;

/* Moves what the port holds into the ring; true if it took any. */
static bool console_fill(void)
{
	unsigned long flags = ukplat_irq_save();
	bool took = false;
	char c;

	while (!eot_seen && ring_head - ring_tail < CONSOLE_RING &&
	       ukplat_cink(&c, 1) == 1) {
		took = true;
		if (c == CHAR_EOT) {
			eot_seen = true;
			break;
		}
		ring[ring_head++ % CONSOLE_RING] = c == '\r' ? '\n' : c;
	}
	ukplat_irq_restore(flags);
	return took;
}

/* The receive interrupt: input arrived (plat console driver). */
static void console_input(void)
{
	if (console_fill())
		uk_pollq_notify(&console_pq);
}

static unsigned int console_avail(void)
{
	console_fill();
	return ring_head - ring_tail;
}

static long console_take(char *p, size_t len)
{
	unsigned long flags = ukplat_irq_save();
	size_t n = 0;

	while (n < len && ring_tail != ring_head)
		p[n++] = ring[ring_tail++ % CONSOLE_RING];
	ukplat_irq_restore(flags);
	return n;
}

/*
 * Reads what is waiting; with @block, first waits for at least a byte,
 * on the console's queue (other threads, timers and signals go on).
 */
static long console_read(void *buf, size_t len, bool block)
{
	for (;;) {
		uint64_t seq = uk_pollq_seq(&console_pq);
		int rc;

		if (!len)
			return 0;
		if (console_avail())
			return console_take(buf, len);
		if (eot_seen)
			return 0;
		if (!block)
			return -UK_EAGAIN;
		rc = uk_pollq_wait(&console_pq, seq, input_irq ? 0 :
				   uk_posix_deadline_in(CONSOLE_POLL_NS));
		if (rc == -UK_EINTR)
			return -UK_ERESTARTSYS;
	}
}

static unsigned int console_poll(void)
{
	unsigned int ev = L_POLLOUT | L_POLLWRNORM;

	if (console_avail() || eot_seen)
		ev |= L_POLLIN | L_POLLRDNORM;
	else if (!input_irq)
		uk_posix_poll_slice_request();
	return ev;
}

static long console_nread(void)
{
	return console_avail();
}

static long console_write(const void *buf, size_t len)
{
	return ukplat_coutk(buf, len);
}

const struct uk_node uk_posix_console = {
	.name = "ttyS0",
	.mode = 0020000 | 0620,		/* character device, crw--w---- */
	.rdev = (4 << 8) | 64,
	.read = console_read,
	.write = console_write,
	.poll = console_poll,
	.pq = &console_pq,
	.nread = console_nread,
};

static int console_input_init(void)
{
	input_irq = ukplat_cin_notify(console_input) == 0;
	return 0;
}
uk_lib_initcall(console_input_init);

/* ---- the table ---- */

static void std_fds_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	for (int fd = 0; fd < 3; fd++) {
		std_ofiles[fd] = (struct uk_ofile){
			.node = &uk_posix_console,
			.flags = fd == 0 ? L_O_RDONLY : L_O_WRONLY,
			.refs = 1,
			.all_next = ofiles,
		};
		ofiles = &std_ofiles[fd];
		nofiles++;
		fds[fd].of = &std_ofiles[fd];
	}
}

struct uk_ofile *uk_posix_fd_get(int fd)
{
	std_fds_init();
	if (fd < 0 || fd >= nfds)
		return NULL;
	return fds[fd].of;
}

/* Makes the table hold descriptor @fd (< L_NOFILE): 0, or -ENOMEM. */
static int fds_reserve(int fd)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct fdent *t;
	int n = nfds;

	if (fd < nfds)
		return 0;
	while (n <= fd)
		n *= 2;
	n = UK_MIN(n, L_NOFILE);
	t = uk_calloc(a, n, sizeof(*t));
	if (!t)
		return -UK_ENOMEM;
	uk_memcpy(t, fds, nfds * sizeof(*t));
	if (fds != fds_min)
		uk_free(a, fds);
	fds = t;
	nfds = n;
	return 0;
}

/*
 * The number of descriptors a process may have: RLIMIT_NOFILE's soft
 * limit, at most L_NOFILE.
 */
static long fd_limit(void)
{
	unsigned long lim = uk_posix_rlimit(L_RLIMIT_NOFILE);

	return lim < L_NOFILE ? (long)lim : L_NOFILE;
}

/* The lowest free descriptor from @from (the table grown to hold it),
 * -EMFILE above the limit, or -ENOMEM. */
static int lowest_free(int from)
{
	long limit = fd_limit();
	int fd, rc;

	std_fds_init();
	for (fd = from; fd < nfds && fd < limit; fd++)
		if (!fds[fd].of)
			return fd;
	fd = UK_MAX(from, nfds);
	if (fd >= limit)
		return -UK_EMFILE;
	rc = fds_reserve(fd);
	return rc < 0 ? rc : fd;
}

/* A free open file (refs 0), or NULL with *@err set. */
static struct uk_ofile *ofile_new(long *err)
{
	struct uk_ofile *of;

	for (of = ofiles; of; of = of->all_next)
		if (!of->refs)
			return of;
	*err = -UK_ENFILE;
	if (nofiles >= L_NOFILE)
		return NULL;
	*err = -UK_ENOMEM;
	of = uk_calloc(uk_alloc_get_default(), 1, sizeof(*of));
	if (!of)
		return NULL;
	of->all_next = ofiles;
	ofiles = of;
	nofiles++;
	return of;
}

long uk_posix_fd_open(const struct uk_node *node, int flags)
{
	struct uk_ofile *of;
	long err;
	int fd = lowest_free(0);

	if (fd < 0)
		return fd;
	of = ofile_new(&err);
	if (!of)
		return err;
	/* the creation flags are not kept; 64-bit Linux adds O_LARGEFILE */
	*of = (struct uk_ofile){
		.node = node,
		.flags = (flags & ~(L_O_CREAT | L_O_EXCL | L_O_NOCTTY |
				    L_O_TRUNC | L_O_CLOEXEC)) | L_O_LARGEFILE,
		.refs = 1,
		.all_next = of->all_next,
	};
	fds[fd] = (struct fdent){ of, !!(flags & L_O_CLOEXEC) };
	return fd;
}

long uk_posix_fd_open_vnode(struct uk_vnode *vn, const struct uk_node *node,
			    int flags)
{
	long fd = uk_posix_fd_open(node, flags);

	if (fd >= 0) {
		fds[fd].of->vn = vn;
		uk_vnode_get(vn);
	}
	return fd;
}

long uk_posix_fd_open_file(const struct uk_node *node, struct uk_file *f,
			   int flags)
{
	long fd = uk_posix_fd_open(node, flags);

	if (fd >= 0)
		fds[fd].of->file = f;
	return fd;
}

static void put(struct uk_ofile *of)
{
	if (uk_posix_lock_close)
		uk_posix_lock_close(of, of->refs == 1);
	if (--of->refs)
		return;
	if (uk_posix_epoll_forget)
		uk_posix_epoll_forget(of);
	if (of->file && of->file->ops->release)
		of->file->ops->release(of);
	of->node = NULL;
	if (of->vn)
		uk_vnode_put(of->vn);
	of->vn = NULL;
}

/* Makes @fd a second descriptor of @of (@fd is free). */
static long install(int fd, struct uk_ofile *of, bool cloexec)
{
	of->refs++;
	fds[fd] = (struct fdent){ of, cloexec };
	return fd;
}

/*
 * Descriptors in flight (SCM_RIGHTS, unix.c): a reference that is no
 * descriptor, dropped as a close drops one, and a new descriptor made
 * from it (the caller keeps its reference).
 */
void uk_posix_ofile_get(struct uk_ofile *of)
{
	of->refs++;
}

void uk_posix_ofile_put(struct uk_ofile *of)
{
	if (of->refs > 1)
		of->refs--;		/* descriptors still hold it */
	else
		put(of);
}

long uk_posix_fd_install(struct uk_ofile *of, int flags)
{
	int fd = lowest_free(0);

	return fd < 0 ? fd : install(fd, of, !!(flags & L_O_CLOEXEC));
}

/* ---- reading and writing ---- */

static bool can_read(const struct uk_ofile *of)
{
	int acc = of->flags & L_O_ACCMODE;

	return !(of->flags & L_O_PATH) &&
	       (acc == L_O_RDONLY || acc == L_O_RDWR);
}

static bool can_write(const struct uk_ofile *of)
{
	int acc = of->flags & L_O_ACCMODE;

	return !(of->flags & L_O_PATH) &&
	       (acc == L_O_WRONLY || acc == L_O_RDWR);
}

/*
 * A buffer of @len bytes at @buf must lie in the address space (EFAULT,
 * as Linux's access_ok); NULL with a length is EFAULT too. The length a
 * call moves is cut to MAX_RW_COUNT, as Linux cuts it, and the buffer
 * must then be mapped, and writable when @store (uk/uaccess.h): the
 * code that fills or reads it does not check again.
 */
static long check_buf(const void *buf, size_t *len, bool store)
{
	if ((uintptr_t)buf > L_TASK_SIZE ||
	    *len > L_TASK_SIZE - (uintptr_t)buf || (!buf && *len))
		return -UK_EFAULT;
	*len = UK_MIN(*len, MAX_RW_COUNT);
	if (!uk_user_ok(buf, *len, store))
		return -UK_EFAULT;
	return 0;
}

/* An open regular file: data through its vnode, at a position. */
static bool is_file(const struct uk_ofile *of)
{
	return of->node == &uk_posix_file_node ||
	       (of->vn && (of->vn->mode & UK_S_IFMT) == UK_S_IFBLK);
}

/* Reads into one buffer; @first: no byte has been read by this call;
 * @off: where, or -1 for the file's position (files only). */
static long of_read(struct uk_ofile *of, void *buf, size_t len, bool first,
		    long off)
{
	long r;

	if (check_buf(buf, &len, true) < 0)
		return -UK_EFAULT;
	if (uk_node_is_dir(of->node))
		return -UK_EISDIR;
	if (of->file)
		return of->file->ops->read ?
		       of->file->ops->read(of, buf, len, first &&
					   !(of->flags & L_O_NONBLOCK)) :
		       -UK_EINVAL;
	if (is_file(of)) {
		r = uk_vfs_read(of->vn, buf, len, off < 0 ? of->pos : off);
		if (r > 0 && off < 0)
			of->pos += r;
		return r;
	}
	if (!of->node->read)
		return -UK_EINVAL;
	return of->node->read(buf, len,
			      first && !(of->flags & L_O_NONBLOCK));
}

/* Writes one buffer; @off as for of_read. With O_APPEND every write
 * goes at the end, pwrite's too (as on Linux). */
static long of_write(struct uk_ofile *of, const void *buf, size_t len,
		     long off)
{
	long r, at;

	if (check_buf(buf, &len, false) < 0)
		return -UK_EFAULT;
	if (of->file)
		return of->file->ops->write ?
		       of->file->ops->write(of, buf, len) : -UK_EINVAL;
	if (is_file(of)) {
		at = off < 0 ? of->pos : off;
		if (of->flags & L_O_APPEND)
			at = of->vn->size;
		if (len > (size_t)(__LONG_MAX__ - at))
			return -UK_EFBIG;
		r = uk_vfs_write(of->vn, buf, len, at);
		if (r > 0 && off < 0)
			of->pos = at + r;
		return r;
	}
	if (!of->node->write)
		return -UK_EINVAL;
	return of->node->write(buf, len);
}

static struct uk_ofile *readable(int fd)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	return of && can_read(of) ? of : NULL;
}

static struct uk_ofile *writable(int fd)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	return of && can_write(of) ? of : NULL;
}

static long uk_sys_read(int fd, void *buf, size_t len)
{
	struct uk_ofile *of = readable(fd);

	return of ? of_read(of, buf, len, true, -1) : -UK_EBADF;
}
UK_SYSCALL_REGISTER(read, uk_sys_read);

static long uk_sys_write(int fd, const void *buf, size_t len)
{
	struct uk_ofile *of = writable(fd);

	return of ? of_write(of, buf, len, -1) : -UK_EBADF;
}
UK_SYSCALL_REGISTER(write, uk_sys_write);

/*
 * Copies the @cnt iovecs at @uiov to *@out (a kernel copy: the buffers
 * the call fills may overlap the array) and checks them as Linux does:
 * EINVAL for a count outside 0..IOV_MAX or a length past SSIZE_MAX,
 * EFAULT for a NULL array or buffer or one that ends past the address
 * space; lengths are cut so that they add up to MAX_RW_COUNT at most.
 * *@out is @fast when it is large enough, else allocated (uk_free it
 * when it is not @fast).
 */
static long copy_iov(const struct l_iovec *uiov, int cnt,
		     struct l_iovec *fast, int nfast, struct l_iovec **out)
{
	struct l_iovec *iov = fast;
	size_t total = 0;
	int i;

	if (cnt < 0 || cnt > IOV_MAX)
		return -UK_EINVAL;
	if (cnt && !uiov)
		return -UK_EFAULT;
	if (cnt > nfast) {
		iov = uk_malloc(uk_alloc_get_default(), cnt * sizeof(*iov));
		if (!iov)
			return -UK_ENOMEM;
	}
	*out = iov;
	if (uk_copy_from_user(iov, uiov, cnt * sizeof(*iov)))
		return -UK_EFAULT;
	for (i = 0; i < cnt; i++)
		if (iov[i].len > SSIZE_MAX)
			return -UK_EINVAL;
	for (i = 0; i < cnt; i++) {
		if ((uintptr_t)iov[i].base > L_TASK_SIZE ||
		    iov[i].len > L_TASK_SIZE - (uintptr_t)iov[i].base ||
		    (!iov[i].base && iov[i].len))
			return -UK_EFAULT;
		iov[i].len = UK_MIN(iov[i].len, MAX_RW_COUNT - total);
		total += iov[i].len;
	}
	return 0;
}

#define FAST_IOV	8	/* iovecs copied to the stack, as UIO_FASTIOV */

/* readv/writev on @of: buffer after buffer, stopping at a short one;
 * an error after some bytes moved is reported as those bytes. */
static long vector_io(struct uk_ofile *of, const struct l_iovec *uiov,
		      int cnt, bool writing)
{
	struct l_iovec fast[FAST_IOV], *iov = fast;
	long total = 0, n;

	if (!of)
		return -UK_EBADF;
	n = copy_iov(uiov, cnt, fast, FAST_IOV, &iov);
	for (int i = 0; !n && i < cnt; i++) {
		/* reading is like a pipe: wait for the first bytes only */
		n = writing ? of_write(of, iov[i].base, iov[i].len, -1) :
			      of_read(of, iov[i].base, iov[i].len, total == 0,
				      -1);
		if (n < 0)
			break;
		total += n;
		if ((size_t)n < iov[i].len)
			break;
		n = 0;
	}
	if (iov != fast)
		uk_free(uk_alloc_get_default(), iov);
	return total ? total : UK_MIN(n, 0L);
}

static long uk_sys_writev(int fd, const struct l_iovec *iov, int cnt)
{
	return vector_io(writable(fd), iov, cnt, true);
}
UK_SYSCALL_REGISTER(writev, uk_sys_writev);

static long uk_sys_readv(int fd, const struct l_iovec *iov, int cnt)
{
	return vector_io(readable(fd), iov, cnt, false);
}
UK_SYSCALL_REGISTER(readv, uk_sys_readv);

/*
 * pread/pwrite: devices without a position ignore the offset (as
 * /dev/zero does on Linux); the console is not seekable. As Linux's
 * rw_verify_area: a negative offset, or one whose end would pass
 * LONG_MAX, is EINVAL (after the buffer's EFAULT).
 */
static long positioned(struct uk_ofile *of, const void *buf, size_t len,
		       long off, bool store)
{
	if (!of)
		return -UK_EBADF;
	if (off < 0)
		return -UK_EINVAL;
	if (!of->node->seekable)
		return -UK_ESPIPE;
	if (check_buf(buf, &len, store) < 0)
		return -UK_EFAULT;
	if (len > (size_t)(__LONG_MAX__ - off))
		return -UK_EINVAL;
	return 0;
}

static long uk_sys_pread64(int fd, void *buf, size_t len, long off)
{
	struct uk_ofile *of = readable(fd);
	long r = positioned(of, buf, len, off, true);

	return r ? r : of_read(of, buf, len, true, off);
}
UK_SYSCALL_REGISTER(pread64, uk_sys_pread64);

static long uk_sys_pwrite64(int fd, const void *buf, size_t len, long off)
{
	struct uk_ofile *of = writable(fd);
	long r = positioned(of, buf, len, off, false);

	return r ? r : of_write(of, buf, len, off);
}
UK_SYSCALL_REGISTER(pwrite64, uk_sys_pwrite64);

static long file_seek(struct uk_ofile *of, long off, int whence)
{
	struct uk_vnode *vn = of->vn;
	long base, r;

	switch (whence) {
	case 0:
		base = 0;
		break;
	case 1:
		base = of->pos;
		break;
	case 2:
		base = vn->size;
		break;
	default:	/* SEEK_DATA, SEEK_HOLE */
		if (off < 0 || off >= vn->size)
			return -UK_ENXIO;
		r = vn->ops->seek ? vn->ops->seek(vn, off, whence == 4) :
		    (whence == 4 ? vn->size : off);
		if (r >= 0)
			of->pos = r;
		return r;
	}
	if ((off > 0 && base > __LONG_MAX__ - off) || base + off < 0)
		return -UK_EINVAL;
	of->pos = base + off;
	return of->pos;
}

static long uk_sys_lseek(int fd, long off, int whence)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (!of || (of->flags & L_O_PATH))
		return -UK_EBADF;
	if (whence < 0 || whence > 4)	/* SEEK_SET ... SEEK_HOLE */
		return -UK_EINVAL;
	if (!of->node->seekable)
		return -UK_ESPIPE;
	if (uk_node_is_dir(of->node)) {
		/* a directory's position is an entry index (telldir) */
		if (whence == 1 && off == 0)
			return of->pos;
		if (whence != 0 || off < 0)
			return -UK_EINVAL;
		of->pos = off;
		return off;
	}
	if (is_file(of))
		return file_seek(of, off, whence);
	/* the memory devices: every position is 0 (Linux's null_lseek) */
	return 0;
}
UK_SYSCALL_REGISTER(lseek, uk_sys_lseek);

void uk_posix_node_stat(const struct uk_node *n, struct l_stat *st)
{
	struct uk_vnode *vn;

	/* the console's first descriptors: what /dev/ttyS0 names */
	if (n == &uk_posix_console && uk_posix_console_vnode &&
	    (vn = uk_posix_console_vnode())) {
		uk_posix_vnode_stat(vn, st);
		return;
	}
	*st = (struct l_stat){
		.st_dev = ST_DEV_CONSOLE,
		.st_nlink = 1,
		.st_mode = n->mode,
		.st_rdev = n->rdev,
		.st_blksize = 4096,
	};
}

static long uk_sys_fstat(int fd, struct l_stat *st)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (!of)
		return -UK_EBADF;
	struct l_stat k;

	if (!st)
		return -UK_EFAULT;
	if (of->vn)
		uk_posix_vnode_stat(of->vn, &k);
	else
		uk_posix_node_stat(of->node, &k);
	return uk_copy_to_user(st, &k, sizeof(k));
}
UK_SYSCALL_REGISTER(fstat, uk_sys_fstat);

static long uk_sys_ioctl(int fd, unsigned long req, unsigned long arg)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	int on;

	if (!of || (of->flags & L_O_PATH))
		return -UK_EBADF;
	switch (req) {
	case L_FIOCLEX:
	case L_FIONCLEX:
		fds[fd].cloexec = req == L_FIOCLEX;
		return 0;
	case L_FIONBIO:
		if (uk_copy_from_user(&on, (const void *)arg, sizeof(on)))
			return -UK_EFAULT;
		if (on)
			of->flags |= L_O_NONBLOCK;
		else
			of->flags &= ~L_O_NONBLOCK;
		return 0;
	}
	if (of->file)
		return of->file->ops->ioctl ?
		       of->file->ops->ioctl(of, req, arg) : -UK_ENOTTY;
	if (of->vn && of->vn->ops->ioctl)
		return of->vn->ops->ioctl(of->vn, (unsigned int)req,
					  (void *)arg);
	if (req == L_FIONREAD && of->node && of->node->nread) {
		int n = (int)of->node->nread();

		return uk_copy_to_user((void *)arg, &n, sizeof(n)) ?
		       -UK_EFAULT : 0;
	}
	/* the console is not a terminal (no termios, no window size), and
	 * no other device here takes requests */
	return -UK_ENOTTY;
}
UK_SYSCALL_REGISTER(ioctl, uk_sys_ioctl);

static long uk_sys_close(int fd)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (!of)
		return -UK_EBADF;
	fds[fd] = (struct fdent){ NULL, false };
	put(of);
	return 0;
}
UK_SYSCALL_REGISTER(close, uk_sys_close);

/* ---- duplicating ---- */

static long dup_from(int fd, long from, bool cloexec)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	int nfd;

	if (!of)
		return -UK_EBADF;
	/* Linux: EINVAL from RLIMIT_NOFILE on (the table's end: EMFILE) */
	if (from < 0 || (unsigned long)from >= uk_posix_rlimit(L_RLIMIT_NOFILE))
		return -UK_EINVAL;
	nfd = lowest_free(from);
	if (nfd < 0)
		return nfd;
	return install(nfd, of, cloexec);
}

static long uk_sys_dup(int fd)
{
	return dup_from(fd, 0, false);
}
UK_SYSCALL_REGISTER(dup, uk_sys_dup);

static long uk_sys_dup3(int oldfd, int newfd, int flags)
{
	struct uk_ofile *of = uk_posix_fd_get(oldfd);

	if (flags & ~L_O_CLOEXEC)
		return -UK_EINVAL;
	if (!of)
		return -UK_EBADF;
	if (oldfd == newfd)
		return -UK_EINVAL;
	if (newfd < 0 || newfd >= fd_limit())
		return -UK_EBADF;
	if (fds_reserve(newfd) < 0)
		return -UK_ENOMEM;
	if (fds[newfd].of)
		uk_sys_close(newfd);
	return install(newfd, of, !!(flags & L_O_CLOEXEC));
}
UK_SYSCALL_REGISTER(dup3, uk_sys_dup3);

#ifdef UK_NR_dup2
static long uk_sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return uk_posix_fd_get(oldfd) ? newfd : -UK_EBADF;
	return uk_sys_dup3(oldfd, newfd, 0);
}
UK_SYSCALL_REGISTER(dup2, uk_sys_dup2);
#endif

/* ---- fcntl ---- */

static long uk_sys_fcntl(int fd, int cmd, unsigned long arg)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (!of)
		return -UK_EBADF;
	switch (cmd) {
	case L_F_DUPFD:
	case L_F_DUPFD_CLOEXEC:
		return dup_from(fd, (long)arg, cmd == L_F_DUPFD_CLOEXEC);
	case L_F_GETFD:
		return fds[fd].cloexec ? L_FD_CLOEXEC : 0;
	case L_F_SETFD:
		fds[fd].cloexec = arg & L_FD_CLOEXEC;
		return 0;
	case L_F_GETFL:
		return of->flags;
	case L_F_SETFL:
		if (of->flags & L_O_PATH)
			return -UK_EBADF;
		of->flags = (of->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		return 0;
	case L_F_GETLK:
	case L_F_SETLK:
	case L_F_SETLKW:
	case L_F_OFD_GETLK:
	case L_F_OFD_SETLK:
	case L_F_OFD_SETLKW:
		/* no lock.c: no file can be locked (ENOLCK) */
		return uk_posix_lock_fcntl ? uk_posix_lock_fcntl(of, cmd, arg) :
		       -UK_ENOLCK;
	default:
		if (of->file && of->file->ops->fcntl)
			return of->file->ops->fcntl(of, cmd, arg);
		/* F_SETPIPE_SZ, F_GETPIPE_SZ on what is not a pipe */
		if (cmd == 1031 || cmd == 1032)
			return -UK_EBADF;
		return -UK_EINVAL;
	}
}
UK_SYSCALL_REGISTER(fcntl, uk_sys_fcntl);
