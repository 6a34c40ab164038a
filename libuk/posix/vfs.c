/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The system calls on names, over the VFS (uk/vfs.h). The root is a
 * ramfs made at the first call, with:
 *
 *   /dev           directory
 *   /dev/null      reads end at once, writes vanish        (1, 3)
 *   /dev/zero      reads give zeros, writes vanish,        (1, 5)
 *                  mmap gives anonymous memory (mm.c)
 *   /dev/full      reads give zeros, writes fail ENOSPC    (1, 7)
 *   /dev/random    getrandom's entropy (CPU, virtio-rng)   (1, 8)
 *   /dev/urandom   the same                                (1, 9)
 *   /dev/ttyS0     the console (descriptors 0-2 at start)  (4, 64)
 *   /tmp           directory, mode 1777
 *
 * Everything else in the tree is files, directories and symbolic links
 * the program (or the initrd) makes. Paths resolve as on Linux (".",
 * "..", symlinks up to 40, ENAMETOOLONG, ENOTDIR). Modes, owners and
 * times are kept and reported; there are no permission checks (we are
 * root, uid 0): access() grants reading and writing everywhere, and
 * executing where an x bit is set. Device nodes cannot be made (mknod
 * of a device is EPERM), regular files can.
 *
 * Writes to /dev/random and /dev/urandom are accepted and dropped: the
 * CPU's generator has no pool to mix them into.
 */
#include <uk/link.h>
#include <uk/syscall.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/vfs.h>
#include <uk/uaccess.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include "posix.h"
#include "file.h"

/*
 * Linked into programs that name files (uk/link.h): the C library
 * functions that take a path or act on a file, and musl's own openers
 * (fopen()'s __fmodeflags, the resolver's __fopen_rb_ca, the time
 * zone's and locales' __map_file). With it: the VFS, ramfs, procfs,
 * 9pfs, the record locks and the block devices' nodes.
 */
UK_LINK_WHEN(open);
UK_LINK_WHEN(openat);
UK_LINK_WHEN(creat);
UK_LINK_WHEN(memfd_create);
UK_LINK_WHEN(stat);
UK_LINK_WHEN(lstat);
UK_LINK_WHEN(access);
UK_LINK_WHEN(faccessat);
UK_LINK_WHEN(getcwd);
UK_LINK_WHEN(chdir);
UK_LINK_WHEN(fchdir);
UK_LINK_WHEN(umask);
UK_LINK_WHEN(mkdir);
UK_LINK_WHEN(mkdirat);
UK_LINK_WHEN(mknod);
UK_LINK_WHEN(mknodat);
UK_LINK_WHEN(mkfifo);
UK_LINK_WHEN(unlink);
UK_LINK_WHEN(unlinkat);
UK_LINK_WHEN(rmdir);
UK_LINK_WHEN(rename);
UK_LINK_WHEN(renameat);
UK_LINK_WHEN(link);
UK_LINK_WHEN(linkat);
UK_LINK_WHEN(symlink);
UK_LINK_WHEN(symlinkat);
UK_LINK_WHEN(readlink);
UK_LINK_WHEN(readlinkat);
UK_LINK_WHEN(truncate);
UK_LINK_WHEN(ftruncate);
UK_LINK_WHEN(fallocate);
UK_LINK_WHEN(posix_fallocate);
UK_LINK_WHEN(fsync);
UK_LINK_WHEN(fdatasync);
UK_LINK_WHEN(syncfs);
UK_LINK_WHEN(sync);
UK_LINK_WHEN(utimensat);
UK_LINK_WHEN(futimesat);
UK_LINK_WHEN(utimes);
UK_LINK_WHEN(chmod);
UK_LINK_WHEN(fchmod);
UK_LINK_WHEN(fchmodat);
UK_LINK_WHEN(chown);
UK_LINK_WHEN(fchown);
UK_LINK_WHEN(fchownat);
UK_LINK_WHEN(lchown);
UK_LINK_WHEN(statfs);
UK_LINK_WHEN(fstatfs);
UK_LINK_WHEN(statvfs);
UK_LINK_WHEN(fstatvfs);
UK_LINK_WHEN(remove);
UK_LINK_WHEN(tmpfile);
UK_LINK_WHEN(tmpnam);
UK_LINK_WHEN(tempnam);
UK_LINK_WHEN(__fmodeflags);
UK_LINK_WHEN(__map_file);
UK_LINK_WHEN(__fopen_rb_ca);
UK_LINK_PULL(vfs);
UK_LINK_PULL(procfs);
UK_LINK_PULL(lock);
#if UK_CONFIG_LIB_9PFS
UK_LINK_PULL(p9fs);
#endif

#define DEV_MEM(minor)	((1 << 8) | (minor))
#define S_IFCHR_0666	(UK_S_IFCHR | 0666)

#define L_AT_REMOVEDIR		0x200
#define L_AT_SYMLINK_FOLLOW	0x400
#define L_AT_NO_AUTOMOUNT	0x800
#define L_RENAME_NOREPLACE	1
#define L_UTIME_NOW		((1L << 30) - 1)
#define L_UTIME_OMIT		((1L << 30) - 2)
#define RAMFS_MAGIC		0x858458f6

const struct uk_node uk_posix_file_node = {
	.mode = UK_S_IFREG, .seekable = true,
};
const struct uk_node uk_posix_dir_node = {
	.mode = UK_S_IFDIR, .seekable = true,
};

static long null_read(void *buf, size_t len, bool block)
{
	return 0;
}

static long zero_read(void *buf, size_t len, bool block)
{
	uk_memset(buf, 0, len);
	return len;
}

static long random_read(void *buf, size_t len, bool block)
{
	return uk_posix_random(buf, len);
}

static long sink_write(const void *buf, size_t len)
{
	return len;
}

static long full_write(const void *buf, size_t len)
{
	return len ? -UK_ENOSPC : 0;
}

static const struct uk_node devices[] = {
	{ "null", "/dev/null", NULL, S_IFCHR_0666, DEV_MEM(3),
	  null_read, sink_write, true, false, NULL, NULL, NULL },
	{ "zero", "/dev/zero", NULL, S_IFCHR_0666, DEV_MEM(5),
	  zero_read, sink_write, true, true, NULL, NULL, NULL },
	{ "full", "/dev/full", NULL, S_IFCHR_0666, DEV_MEM(7),
	  zero_read, full_write, true, false, NULL, NULL, NULL },
	{ "random", "/dev/random", NULL, S_IFCHR_0666, DEV_MEM(8),
	  random_read, sink_write, true, false, NULL, NULL, NULL },
	{ "urandom", "/dev/urandom", NULL, S_IFCHR_0666, DEV_MEM(9),
	  random_read, sink_write, true, false, NULL, NULL, NULL },
};

static struct uk_vnode *cwd;
static unsigned int cur_umask = 022;

/* Names device node @n as @name in @dir, with @mode and @rdev. */
static void add_dev_as(struct uk_vnode *dir, const struct uk_node *n,
		       const char *name, unsigned int mode, unsigned int rdev)
{
	struct uk_vnode *vn;

	if (uk_vfs_create(dir, name, uk_strlen(name), mode, rdev, NULL,
			  &vn) == 0)
		vn->dev = n;
}

static void add_dev(struct uk_vnode *dir, const struct uk_node *n)
{
	add_dev_as(dir, n, n->name, n->mode, n->rdev);
}

/* Directory @name of @dir, made if missing; NULL if it cannot be. */
static struct uk_vnode *subdir(struct uk_vnode *dir, const char *name,
			       unsigned int mode)
{
	size_t len = uk_strlen(name);
	struct uk_vnode *vn;

	if (uk_vfs_create(dir, name, len, UK_S_IFDIR | mode, 0, NULL,
			  &vn) == 0)
		return vn;
	if (dir->ops->lookup(dir, name, len, &vn) == 0 && uk_vnode_is_dir(vn))
		return vn;
	return NULL;
}

/* Writes file @name of @dir with @text unless it exists. */
static void add_file(struct uk_vnode *dir, const char *name,
		     const char *text)
{
	struct uk_vnode *vn;

	if (uk_vfs_create(dir, name, uk_strlen(name), UK_S_IFREG | 0644, 0,
			  NULL, &vn) == 0 &&
	    uk_vfs_write(vn, text, uk_strlen(text), 0) < 0)
		uk_vfs_unlink(dir, name, uk_strlen(name), false);
}

/* The tree at the first call: /dev with its devices, /tmp, /proc,
 * /etc's passwd, group and hosts (what the initrd made stays). */
static struct uk_vnode *root(void)
{
	struct uk_vnode *r = uk_vfs_root(), *dir;

	if (cwd)
		return r;
	cwd = r;
	uk_vnode_get(cwd);
	dir = subdir(r, "dev", 0755);
	if (dir) {
		for (size_t i = 0; i < UK_ARRAY_SIZE(devices); i++)
			add_dev(dir, &devices[i]);
		add_dev(dir, &uk_posix_console);
		/* the console's other names, with Linux's numbers */
		add_dev_as(dir, &uk_posix_console, "console",
			   UK_S_IFCHR | 0600, (5 << 8) | 1);
		add_dev_as(dir, &uk_posix_console, "tty",
			   S_IFCHR_0666, (5 << 8) | 0);
		uk_posix_blk_nodes(dir);
	}
	if (uk_vfs_create(r, "tmp", 3, UK_S_IFDIR | 01777, 0, NULL, &dir) == 0)
		dir->mode = UK_S_IFDIR | 01777;
	if (subdir(r, "proc", 0555))
		uk_vfs_mount("proc", "", "/proc");
	dir = subdir(r, "etc", 0755);
	if (dir) {
		add_file(dir, "passwd", "root:x:0:0:root:/root:/bin/sh\n"
			 "nobody:x:65534:65534:nobody:/nonexistent:"
			 "/usr/sbin/nologin\n");
		add_file(dir, "group", "root:x:0:\nnogroup:x:65534:\n");
		add_file(dir, "hosts", "127.0.0.1\tlocalhost\n"
			 "::1\tlocalhost ip6-localhost ip6-loopback\n");
	}
	subdir(r, "root", 0700);
	return r;
}

static void to_ts(struct l_timespec *ts, const struct uk_vfs_time *t)
{
	ts->tv_sec = t->sec;
	ts->tv_nsec = t->nsec;
}

void uk_posix_vnode_stat(const struct uk_vnode *vn, struct l_stat *st)
{
	*st = (struct l_stat){
		.st_dev = vn->mnt->dev,
		.st_ino = vn->ino,
		.st_nlink = vn->nlink,
		.st_mode = vn->mode,
		.st_uid = vn->uid,
		.st_gid = vn->gid,
		.st_rdev = vn->rdev,
		.st_size = (vn->mode & UK_S_IFMT) == UK_S_IFCHR ||
			   (vn->mode & UK_S_IFMT) == UK_S_IFBLK ? 0 : vn->size,
		.st_blksize = 4096,
		.st_blocks = vn->blocks,
	};
	if (vn->dev == &uk_posix_console)
		st->st_blksize = 1024;
	to_ts(&st->st_atim, &vn->atime);
	to_ts(&st->st_mtim, &vn->mtime);
	to_ts(&st->st_ctim, &vn->ctime);
}

struct uk_vnode *uk_posix_console_vnode(void)
{
	struct uk_vfs_nd nd;

	if (uk_vfs_lookup(root(), "/dev/ttyS0", 0, &nd) == 0 &&
	    nd.vn->dev == &uk_posix_console)
		return nd.vn;
	return NULL;
}

/* ---- lookup from a descriptor ---- */

/* The vnode open at @fd, or NULL (*@err set). */
static struct uk_vnode *fd_vnode(int fd, long *err)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (!of) {
		*err = -UK_EBADF;
		return NULL;
	}
	if (!of->vn)
		*err = -UK_EINVAL;
	return of->vn;
}

/*
 * A path argument must be a readable string (EFAULT, checked in place:
 * the lookup reads it) of less than PATH_MAX bytes (ENAMETOOLONG).
 */
static long path_check(const char *path)
{
	long n = uk_user_strnlen(path, UK_VFS_PATH_MAX);

	if (n < 0)
		return n;
	return n < UK_VFS_PATH_MAX ? 0 : -UK_ENAMETOOLONG;
}

/* The directory relative paths start from: the working directory, or
 * the directory open at @dirfd (ignored for absolute paths). */
static long start_dir(int dirfd, const char *path, struct uk_vnode **dir)
{
	long r = path_check(path);

	if (r < 0)
		return r;
	root();
	if (dirfd == L_AT_FDCWD || (path && path[0] == '/')) {
		*dir = cwd;
		return 0;
	}
	*dir = fd_vnode(dirfd, &r);
	if (!*dir)
		return r == -UK_EINVAL ? -UK_ENOTDIR : r;
	if (!uk_vnode_is_dir(*dir))
		return -UK_ENOTDIR;
	return 0;
}

static long lookup_at(int dirfd, const char *path, int flags,
		      struct uk_vfs_nd *nd)
{
	struct uk_vnode *dir;
	long r = start_dir(dirfd, path, &dir);

	if (r < 0)
		return r;
	return uk_vfs_lookup(dir, path, flags, nd);
}

long uk_posix_lookup_at(int dirfd, const char *path, int flags,
			struct uk_vfs_nd *nd)
{
	return lookup_at(dirfd, path, flags, nd);
}

/* What @path names from @dirfd, or the file at @dirfd itself when the
 * path is empty and @flags has AT_EMPTY_PATH. */
static long vnode_at(int dirfd, const char *path, int flags,
		     struct uk_vnode **out)
{
	struct uk_vfs_nd nd;
	long r = 0;

	*out = NULL;
	r = path_check(path);
	if (r < 0)
		return r;
	if (path && !path[0] && (flags & L_AT_EMPTY_PATH)) {
		root();
		*out = dirfd == L_AT_FDCWD ? cwd : fd_vnode(dirfd, &r);
		if (!*out && r == -UK_EINVAL)
			r = -UK_EBADF;
		return *out ? 0 : r;
	}
	r = lookup_at(dirfd, path,
		      (flags & L_AT_SYMLINK_NOFOLLOW) ? 0 : UK_VFS_FOLLOW, &nd);
	if (r == 0)
		*out = nd.vn;
	return r;
}

/* ---- open ---- */

static const struct uk_node *node_of(struct uk_vnode *vn)
{
	if (vn->dev)
		return vn->dev;
	return uk_vnode_is_dir(vn) ? &uk_posix_dir_node : &uk_posix_file_node;
}

/*
 * A file with no name in @dir, of @mode (umask applied by the caller),
 * open with @flags (O_TMPFILE, memfd): made under a passing name that is
 * removed at once; @label (or NULL) is what /proc/self/fd shows for it;
 * @linkable: linkat may give it a name (O_TMPFILE without O_EXCL).
 */
static long open_nameless(struct uk_vnode *dir, int flags, int mode,
			  const char *label, bool linkable)
{
	static unsigned long seq;
	struct uk_vnode *vn;
	char name[32];
	size_t len;
	long fd, r;

	do {
		len = uk_snprintf(name, sizeof(name), ".nameless-%lu", ++seq);
		r = uk_vfs_create(dir, name, len, UK_S_IFREG | mode, 0, NULL,
				  &vn);
	} while (r == -UK_EEXIST);
	if (r < 0)
		return r == -UK_ENOENT ? -UK_EOPNOTSUPP : r;
	fd = uk_posix_fd_open_vnode(vn, &uk_posix_file_node, flags);
	uk_vfs_unlink(dir, name, len, false);
	vn->linkable = fd >= 0 && linkable;
	if (fd >= 0 && label) {
		char *t = uk_malloc(uk_alloc_get_default(),
				    uk_strlen(label) + 1);

		if (t)
			uk_memcpy(t, label, uk_strlen(label) + 1);
		vn->target = t;
	}
	return fd;
}

static long open_tmpfile(int dirfd, const char *path, int flags, int mode)
{
	struct uk_vfs_nd nd;
	int acc = flags & L_O_ACCMODE;
	long r;

	if (!(flags & L_O_DIRECTORY) || (flags & L_O_CREAT) ||
	    (acc != L_O_WRONLY && acc != L_O_RDWR))
		return -UK_EINVAL;
	r = lookup_at(dirfd, path, UK_VFS_FOLLOW, &nd);
	if (r < 0)
		return r;
	if (!uk_vnode_is_dir(nd.vn))
		return -UK_ENOTDIR;
	return open_nameless(nd.vn, flags & ~(L_O_TMPFILE_DIR | L_O_DIRECTORY |
					      L_O_EXCL),
			     mode & 07777 & ~cur_umask, NULL,
			     !(flags & L_O_EXCL));
}

#define L_MFD_CLOEXEC		1
#define L_MFD_ALLOW_SEALING	2
#define L_MFD_HUGETLB		4
#define L_MFD_NAME_MAX		249

/* A file in memory with no name: one of the root ramfs's. */
static long uk_sys_memfd_create(const char *name, unsigned int flags)
{
	char label[L_MFD_NAME_MAX + 8];

	if (flags & ~(L_MFD_CLOEXEC | L_MFD_ALLOW_SEALING | L_MFD_HUGETLB))
		return -UK_EINVAL;
	if (!name)
		return -UK_EFAULT;
	if (uk_strnlen(name, L_MFD_NAME_MAX + 1) > L_MFD_NAME_MAX)
		return -UK_EINVAL;
	uk_snprintf(label, sizeof(label), "memfd:%s", name);
	return open_nameless(root(), L_O_RDWR |
			     ((flags & L_MFD_CLOEXEC) ? L_O_CLOEXEC : 0),
			     0777, label, false);
}
UK_SYSCALL_REGISTER(memfd_create, uk_sys_memfd_create);

static long uk_sys_openat(int dirfd, const char *path, int flags, int mode)
{
	struct uk_vfs_nd nd;
	struct uk_vnode *vn;
	int acc = flags & L_O_ACCMODE;
	long r;

	if (acc == L_O_ACCMODE && !(flags & L_O_PATH))
		return -UK_EINVAL;
	if (flags & L_O_TMPFILE_DIR)
		return open_tmpfile(dirfd, path, flags, mode);
	if ((flags & L_O_CREAT) && !(flags & L_O_PATH)) {
		r = lookup_at(dirfd, path, UK_VFS_PARENT |
			      ((flags & (L_O_EXCL | L_O_NOFOLLOW)) ?
			       0 : UK_VFS_FOLLOW), &nd);
		if (r < 0)
			return r;
		vn = nd.vn;
		if (!vn) {
			if (nd.slash)
				return -UK_EISDIR;
			r = uk_vfs_create(nd.dir, nd.name, nd.len, UK_S_IFREG |
					  (mode & 07777 & ~cur_umask), 0, NULL,
					  &vn);
			if (r < 0)
				return r;
		} else if (flags & L_O_EXCL) {
			return -UK_EEXIST;
		}
	} else {
		r = lookup_at(dirfd, path,
			      (flags & L_O_NOFOLLOW) ? 0 : UK_VFS_FOLLOW, &nd);
		if (r < 0)
			return r;
		vn = nd.vn;
	}
	if (flags & L_O_PATH) {
		if ((flags & L_O_DIRECTORY) && !uk_vnode_is_dir(vn))
			return -UK_ENOTDIR;
		return uk_posix_fd_open_vnode(vn, node_of(vn),
					      flags & (L_O_PATH | L_O_CLOEXEC |
						       L_O_DIRECTORY |
						       L_O_NOFOLLOW));
	}
	if (uk_vnode_is_lnk(vn))
		return -UK_ELOOP;	/* O_NOFOLLOW */
	if ((flags & L_O_DIRECTORY) && !uk_vnode_is_dir(vn))
		return -UK_ENOTDIR;
	if (uk_vnode_is_dir(vn) && (acc != L_O_RDONLY || (flags & L_O_CREAT)))
		return -UK_EISDIR;
	if (!uk_vnode_is_dir(vn) && !uk_vnode_is_reg(vn) && !vn->dev)
		return -UK_ENXIO;	/* fifos, sockets: nothing behind */
	/* O_TRUNC on a device changes nothing, as on Linux */
	if ((flags & L_O_TRUNC) && uk_vnode_is_reg(vn) && vn->size) {
		r = uk_vfs_truncate(vn, 0);
		if (r < 0)
			return r;
	}
	return uk_posix_fd_open_vnode(vn, node_of(vn), flags);
}
UK_SYSCALL_REGISTER(openat, uk_sys_openat);

/* ---- stat ---- */

static long stat_at(int dirfd, const char *path, struct l_stat *st,
		    int flags)
{
	struct l_stat k;
	struct uk_vnode *vn;
	long r;

	if (flags & ~(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH |
		      L_AT_NO_AUTOMOUNT))
		return -UK_EINVAL;
	r = vnode_at(dirfd, path, flags, &vn);
	if (r < 0) {
		struct uk_ofile *of = uk_posix_fd_get(dirfd);

		/* the console's first descriptors have no vnode */
		if (r == -UK_EBADF && of && path && !path[0]) {
			uk_posix_node_stat(of->node, &k);
			return uk_copy_to_user(st, &k, sizeof(k));
		}
		return r;
	}
	uk_posix_vnode_stat(vn, &k);
	return uk_copy_to_user(st, &k, sizeof(k));
}

static long uk_sys_newfstatat(int dirfd, const char *path,
			      struct l_stat *st, int flags)
{
	return stat_at(dirfd, path, st, flags);
}
UK_SYSCALL_REGISTER(newfstatat, uk_sys_newfstatat);

struct l_statx_ts {
	int64_t sec;
	uint32_t nsec;
	int32_t pad;
};

struct l_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad1;
	uint64_t ino, size, blocks, attributes_mask;
	struct l_statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

#define L_STATX_BASIC	0x7ff
#define L_STATX_BTIME	0x800

static void to_sx(struct l_statx_ts *t, const struct l_timespec *ts)
{
	*t = (struct l_statx_ts){ ts->tv_sec, ts->tv_nsec, 0 };
}

static long uk_sys_statx(int dirfd, const char *path, int flags,
			 unsigned int mask, struct l_statx *usx)
{
	struct l_stat st;
	struct l_statx k, *sx = &k;
	long r;

	if (mask & 0x80000000U)		/* STATX__RESERVED */
		return -UK_EINVAL;
	r = stat_at(dirfd, path, &st, flags & ~0x6000); /* AT_STATX_SYNC */
	if (r < 0)
		return r;
	*sx = (struct l_statx){
		.mask = L_STATX_BASIC,
		.blksize = st.st_blksize,
		.nlink = st.st_nlink,
		.uid = st.st_uid,
		.gid = st.st_gid,
		.mode = st.st_mode,
		.ino = st.st_ino,
		.size = st.st_size,
		.blocks = st.st_blocks,
		.rdev_major = st.st_rdev >> 8,
		.rdev_minor = st.st_rdev & 0xff,
		.dev_major = st.st_dev >> 8,
		.dev_minor = st.st_dev & 0xff,
	};
	to_sx(&sx->atime, &st.st_atim);
	to_sx(&sx->mtime, &st.st_mtim);
	to_sx(&sx->ctime, &st.st_ctim);
	return uk_copy_to_user(usx, sx, sizeof(*sx));
}
UK_SYSCALL_REGISTER(statx, uk_sys_statx);

static long access_at(int dirfd, const char *path, int mode, int flags)
{
	struct uk_vnode *vn;
	long r;

	if (mode & ~7)
		return -UK_EINVAL;
	if (flags & ~(L_AT_EACCESS | L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH))
		return -UK_EINVAL;
	r = vnode_at(dirfd, path, flags, &vn);
	if (r < 0)
		return r;
	/* root may execute what has an x bit (and search any directory) */
	if ((mode & 1) && !uk_vnode_is_dir(vn) && !(vn->mode & 0111))
		return -UK_EACCES;
	return 0;
}

static long uk_sys_faccessat(int dirfd, const char *path, int mode)
{
	return access_at(dirfd, path, mode, 0);
}
UK_SYSCALL_REGISTER(faccessat, uk_sys_faccessat);

#ifdef UK_NR_faccessat2
static long uk_sys_faccessat2(int dirfd, const char *path, int mode,
			      int flags)
{
	return access_at(dirfd, path, mode, flags);
}
UK_SYSCALL_REGISTER(faccessat2, uk_sys_faccessat2);
#endif

/* ---- the working directory ---- */

static long uk_sys_getcwd(char *buf, size_t size)
{
	char k[UK_VFS_PATH_MAX];
	long r;

	root();
	if (!buf)
		return -UK_EFAULT;
	if (cwd->nlink == 0)
		return -UK_ENOENT;
	r = uk_vfs_path(cwd, k, UK_MIN(size, sizeof(k)));
	if (r > 0 && uk_copy_to_user(buf, k, r))
		return -UK_EFAULT;
	return r;
}
UK_SYSCALL_REGISTER(getcwd, uk_sys_getcwd);

static long set_cwd(struct uk_vnode *vn)
{
	if (!uk_vnode_is_dir(vn))
		return -UK_ENOTDIR;
	uk_vnode_get(vn);
	uk_vnode_put(cwd);
	cwd = vn;
	return 0;
}

static long uk_sys_chdir(const char *path)
{
	struct uk_vnode *vn;
	long r = vnode_at(L_AT_FDCWD, path, 0, &vn);

	return r < 0 ? r : set_cwd(vn);
}
UK_SYSCALL_REGISTER(chdir, uk_sys_chdir);

static long uk_sys_fchdir(int fd)
{
	long r = 0;
	struct uk_vnode *vn = fd_vnode(fd, &r);

	root();
	if (!vn)
		return r == -UK_EINVAL ? -UK_ENOTDIR : r;
	return set_cwd(vn);
}
UK_SYSCALL_REGISTER(fchdir, uk_sys_fchdir);

static long uk_sys_umask(int mask)
{
	unsigned int old = cur_umask;

	cur_umask = mask & 0777;
	return old;
}
UK_SYSCALL_REGISTER(umask, uk_sys_umask);

/* ---- directory listing ---- */

struct l_dirent64 {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
	char name[];
};

/* Entry @i of @dir: ".", "..", then its entries; false past the end. */
static bool entry(struct uk_vnode *dir, long i, const char **name,
		  struct uk_vnode **vn)
{
	struct uk_vfs_nd nd;

	if (i == 0) {
		*name = ".";
		*vn = dir;
	} else if (i == 1) {
		*name = "..";
		*vn = uk_vfs_lookup(dir, "..", 0, &nd) == 0 ? nd.vn : dir;
	} else {
		if (!dir->ops->readdir ||
		    dir->ops->readdir(dir, i - 2, name, vn) < 0)
			return false;
		while ((*vn)->mounted)
			*vn = (*vn)->mounted->root;
	}
	return true;
}

static long uk_sys_getdents64(int fd, void *buf, size_t size)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	size_t used = 0;
	struct uk_vnode *vn;
	const char *name;

	if (!of || (of->flags & L_O_PATH))
		return -UK_EBADF;
	if (!of->vn || !uk_vnode_is_dir(of->vn))
		return -UK_ENOTDIR;
	if (!buf || !uk_user_ok(buf, size, true))
		return -UK_EFAULT;
	if (of->vn->nlink == 0)
		return -UK_ENOENT;
	while (entry(of->vn, of->pos, &name, &vn)) {
		size_t nl = uk_strlen(name) + 1;
		size_t rl = UK_ALIGN_UP(sizeof(struct l_dirent64) + nl, 8);
		struct l_dirent64 *d = (void *)((char *)buf + used);

		if (used + rl > size)
			break;
		d->ino = vn->ino;
		d->off = of->pos + 1;
		d->reclen = rl;
		d->type = (vn->mode & UK_S_IFMT) >> 12;
		uk_memcpy(d->name, name, nl);
		used += rl;
		of->pos++;
	}
	/* a buffer too small for the next entry */
	if (!used && entry(of->vn, of->pos, &name, &vn))
		return -UK_EINVAL;
	of->vn->atime = uk_vfs_now();
	return used;
}
UK_SYSCALL_REGISTER(getdents64, uk_sys_getdents64);

/* ---- making and removing names ---- */

/* Looks up the parent of a name to make; -EEXIST if it exists. */
static long new_name(int dirfd, const char *path, struct uk_vfs_nd *nd)
{
	long r = lookup_at(dirfd, path, UK_VFS_PARENT, nd);

	if (r < 0)
		return r;
	if (nd->vn || !nd->len)
		return -UK_EEXIST;
	return 0;
}

static long uk_sys_mkdirat(int dirfd, const char *path, int mode)
{
	struct uk_vfs_nd nd;
	long r = new_name(dirfd, path, &nd);

	if (r < 0)
		return r;
	return uk_vfs_create(nd.dir, nd.name, nd.len, UK_S_IFDIR |
			     (mode & 07777 & ~cur_umask), 0, NULL, NULL);
}
UK_SYSCALL_REGISTER(mkdirat, uk_sys_mkdirat);

static long uk_sys_mknodat(int dirfd, const char *path, int mode, int dev)
{
	struct uk_vfs_nd nd;
	int type = mode & UK_S_IFMT;
	long r;

	if (type && type != UK_S_IFREG && type != UK_S_IFCHR &&
	    type != UK_S_IFBLK && type != UK_S_IFIFO && type != UK_S_IFSOCK)
		return -UK_EINVAL;
	r = new_name(dirfd, path, &nd);
	if (r < 0)
		return r;
	if (type == UK_S_IFCHR || type == UK_S_IFBLK)
		return -UK_EPERM;	/* no driver behind a new number */
	return uk_vfs_create(nd.dir, nd.name, nd.len,
			     (type ? type : UK_S_IFREG) |
			     (mode & 07777 & ~cur_umask), 0, NULL, NULL);
}
UK_SYSCALL_REGISTER(mknodat, uk_sys_mknodat);

static long uk_sys_unlinkat(int dirfd, const char *path, int flags)
{
	struct uk_vfs_nd nd;
	bool rmdir = flags & L_AT_REMOVEDIR;
	long r;

	if (flags & ~L_AT_REMOVEDIR)
		return -UK_EINVAL;
	r = lookup_at(dirfd, path, UK_VFS_PARENT, &nd);
	if (r < 0)
		return r;
	if (!nd.vn)
		return -UK_ENOENT;
	if (!nd.len)
		return rmdir ? -UK_EBUSY : -UK_EISDIR;
	if (rmdir && nd.len == 1 && nd.name[0] == '.')
		return -UK_EINVAL;
	if (rmdir && nd.len == 2 && !uk_memcmp(nd.name, "..", 2))
		return -UK_ENOTEMPTY;
	if (!rmdir && nd.slash)
		return uk_vnode_is_dir(nd.vn) ? -UK_EISDIR : -UK_ENOTDIR;
	return uk_vfs_unlink(nd.dir, nd.name, nd.len, rmdir);
}
UK_SYSCALL_REGISTER(unlinkat, uk_sys_unlinkat);

static long rename_at(int odirfd, const char *opath, int ndirfd,
		      const char *npath, unsigned int flags)
{
	struct uk_vfs_nd from, to;
	long r;

	if (flags & ~L_RENAME_NOREPLACE)
		return -UK_EINVAL;
	r = lookup_at(odirfd, opath, UK_VFS_PARENT, &from);
	if (r < 0)
		return r;
	if (!from.vn)
		return -UK_ENOENT;
	r = lookup_at(ndirfd, npath, UK_VFS_PARENT, &to);
	if (r < 0)
		return r;
	if (to.vn && (flags & L_RENAME_NOREPLACE))
		return -UK_EEXIST;
	return uk_vfs_rename(&from, &to);
}

static long uk_sys_renameat2(int odirfd, const char *opath, int ndirfd,
			     const char *npath, unsigned int flags)
{
	return rename_at(odirfd, opath, ndirfd, npath, flags);
}
UK_SYSCALL_REGISTER(renameat2, uk_sys_renameat2);

#ifdef UK_NR_renameat
static long uk_sys_renameat(int odirfd, const char *opath, int ndirfd,
			    const char *npath)
{
	return rename_at(odirfd, opath, ndirfd, npath, 0);
}
UK_SYSCALL_REGISTER(renameat, uk_sys_renameat);
#endif

static long uk_sys_linkat(int odirfd, const char *opath, int ndirfd,
			  const char *npath, int flags)
{
	struct uk_vfs_nd nd;
	struct uk_vnode *vn;
	long r;

	if (flags & ~(L_AT_SYMLINK_FOLLOW | L_AT_EMPTY_PATH))
		return -UK_EINVAL;
	r = vnode_at(odirfd, opath, (flags & L_AT_EMPTY_PATH) |
		     ((flags & L_AT_SYMLINK_FOLLOW) ? 0 : L_AT_SYMLINK_NOFOLLOW),
		     &vn);
	if (r < 0)
		return r;
	r = new_name(ndirfd, npath, &nd);
	if (r < 0)
		return r;
	if (nd.slash)
		return -UK_ENOENT;
	return uk_vfs_link(nd.dir, nd.name, nd.len, vn);
}
UK_SYSCALL_REGISTER(linkat, uk_sys_linkat);

static long uk_sys_symlinkat(const char *target, int dirfd, const char *path)
{
	struct uk_vfs_nd nd;
	long r;

	r = path_check(target);
	if (r < 0)
		return r;
	if (!target[0])
		return -UK_ENOENT;
	r = new_name(dirfd, path, &nd);
	if (r < 0)
		return r;
	return uk_vfs_create(nd.dir, nd.name, nd.len, UK_S_IFLNK | 0777, 0,
			     target, NULL);
}
UK_SYSCALL_REGISTER(symlinkat, uk_sys_symlinkat);

static long uk_sys_readlinkat(int dirfd, const char *path, char *buf,
			      int size)
{
	struct uk_vnode *vn;
	long r;

	if (size <= 0)
		return -UK_EINVAL;
	r = vnode_at(dirfd, path, L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH,
		     &vn);
	if (r < 0)
		return r;
	if (!uk_vnode_is_lnk(vn))
		return -UK_EINVAL;
	r = UK_MIN((long)size, (long)vn->size);
	if (!buf || uk_copy_to_user(buf, vn->target, r))
		return -UK_EFAULT;
	return r;
}
UK_SYSCALL_REGISTER(readlinkat, uk_sys_readlinkat);

/* ---- sizes, times, modes, owners ---- */

static long uk_sys_truncate(const char *path, long len)
{
	struct uk_vnode *vn;
	long r;

	if (len < 0)
		return -UK_EINVAL;
	r = vnode_at(L_AT_FDCWD, path, 0, &vn);
	return r < 0 ? r : uk_vfs_truncate(vn, len);
}
UK_SYSCALL_REGISTER(truncate, uk_sys_truncate);

/* The regular file open for writing at @fd, or NULL (*@err set). */
static struct uk_vnode *fd_file_w(int fd, long *err)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	*err = -UK_EBADF;
	if (!of || (of->flags & L_O_PATH))
		return NULL;
	*err = -UK_EINVAL;
	if ((of->flags & L_O_ACCMODE) == L_O_RDONLY)
		return NULL;
	if (!of->vn || !uk_vnode_is_reg(of->vn))
		return NULL;
	return of->vn;
}

static long uk_sys_ftruncate(int fd, long len)
{
	long r;
	struct uk_vnode *vn = fd_file_w(fd, &r);

	if (!vn)
		return r;
	if (len < 0)
		return -UK_EINVAL;
	return uk_vfs_truncate(vn, len);
}
UK_SYSCALL_REGISTER(ftruncate, uk_sys_ftruncate);

#define L_FALLOC_FL_KEEP_SIZE	1
#define L_FALLOC_FL_PUNCH_HOLE	2

/* Zeroes [off, end) of @vn where it holds data (holes are zeros). */
static long zero_range(struct uk_vnode *vn, int64_t off, int64_t end)
{
	static const char zeros[4096];

	end = UK_MIN(end, vn->size);
	while (off < end) {
		int64_t data = vn->ops->seek ? vn->ops->seek(vn, off, false) :
			       off;
		long r;

		if (data < 0 || data >= end)
			break;
		r = uk_vfs_write(vn, zeros, UK_MIN((int64_t)sizeof(zeros) -
						   data % 4096, end - data),
				 data);
		if (r < 0)
			return r;
		off = data + r;
	}
	return 0;
}

/*
 * Modes: 0 (the size grows to off + len), KEEP_SIZE (nothing: memory is
 * taken when written), PUNCH_HOLE|KEEP_SIZE (the range reads as zeros
 * after; ramfs writes zeros over the data there rather than freeing it).
 */
static long uk_sys_fallocate(int fd, int mode, long off, long len)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	long r;
	struct uk_vnode *vn;

	if (off < 0 || len <= 0)
		return -UK_EINVAL;
	if (of && !(of->flags & L_O_PATH) &&
	    (of->flags & L_O_ACCMODE) == L_O_RDONLY)
		return -UK_EBADF;
	vn = fd_file_w(fd, &r);
	if (!vn) {
		if (of && of->vn && uk_vnode_is_dir(of->vn))
			return -UK_EISDIR;
		return r == -UK_EINVAL ? -UK_ENODEV : r;
	}
	if (mode & ~(L_FALLOC_FL_KEEP_SIZE | L_FALLOC_FL_PUNCH_HOLE))
		return -UK_EOPNOTSUPP;
	if (mode == L_FALLOC_FL_PUNCH_HOLE)
		return -UK_EOPNOTSUPP;	/* PUNCH_HOLE needs KEEP_SIZE */
	if (len > __LONG_MAX__ - off)
		return -UK_EFBIG;
	if (mode & L_FALLOC_FL_PUNCH_HOLE)
		return zero_range(vn, off, off + len);
	if (mode)
		return 0;
	/* the memory is taken when written: only the size grows */
	if (off + len > vn->size)
		return uk_vfs_truncate(vn, off + len);
	return 0;
}
UK_SYSCALL_REGISTER(fallocate, uk_sys_fallocate);

/* What a file system caches goes out (block devices: a flush; 9pfs:
 * the server's fsync); ramfs has nothing to write back. */
static long uk_sys_fsync(int fd)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (!of || (of->flags & L_O_PATH))
		return -UK_EBADF;
	return of->vn && of->vn->ops->fsync ? of->vn->ops->fsync(of->vn) : 0;
}
UK_SYSCALL_REGISTER(fsync, uk_sys_fsync);
UK_SYSCALL_REGISTER(fdatasync, uk_sys_fsync);
UK_SYSCALL_REGISTER(syncfs, uk_sys_fsync);

static long uk_sys_sync(void)
{
	return 0;
}
UK_SYSCALL_REGISTER(sync, uk_sys_sync);

/* Tells @vn's file system about the attributes the VFS changed. */
static long attr_changed(struct uk_vnode *vn, unsigned int what)
{
	return what && vn->ops->setattr ? vn->ops->setattr(vn, what) : 0;
}

static long uk_sys_utimensat(int dirfd, const char *path,
			     const struct l_timespec *utimes, int flags)
{
	struct uk_vfs_time now = uk_vfs_now(), t[2] = { now, now }, old[2];
	const struct l_timespec *times = NULL;
	struct l_timespec k[2];
	struct uk_vnode *vn;
	long r;

	if (flags & ~(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH))
		return -UK_EINVAL;
	if (utimes) {
		if (uk_copy_from_user(k, utimes, sizeof(k)))
			return -UK_EFAULT;
		times = k;
	}
	for (int i = 0; times && i < 2; i++) {
		long ns = times[i].tv_nsec;

		if (ns == L_UTIME_OMIT) {
			t[i].nsec = -1;
		} else if (ns != L_UTIME_NOW) {
			if (ns < 0 || ns > 999999999)
				return -UK_EINVAL;
			t[i] = (struct uk_vfs_time){ times[i].tv_sec, ns };
		}
	}
	/* futimens: no path, the descriptor */
	if (!path) {
		root();
		if (dirfd == L_AT_FDCWD)
			return -UK_EFAULT;
		r = 0;
		vn = fd_vnode(dirfd, &r);
		if (!vn)
			return r == -UK_EINVAL ? 0 : r;
	} else {
		r = vnode_at(dirfd, path, flags, &vn);
		if (r < 0)
			return r;
	}
	old[0] = vn->atime;
	old[1] = vn->mtime;
	if (t[0].nsec >= 0)
		vn->atime = t[0];
	if (t[1].nsec >= 0)
		vn->mtime = t[1];
	r = attr_changed(vn, (t[0].nsec >= 0 ? UK_VFS_SET_ATIME : 0) |
			 (t[1].nsec >= 0 ? UK_VFS_SET_MTIME : 0));
	if (r < 0) {
		vn->atime = old[0];
		vn->mtime = old[1];
		return r;
	}
	vn->ctime = now;
	return 0;
}
UK_SYSCALL_REGISTER(utimensat, uk_sys_utimensat);

#ifdef UK_NR_futimesat
/* x86_64 only: the microsecond forms (musl itself calls utimensat) */
static long times_at(int dirfd, const char *path,
		     const struct l_timeval *tv)
{
	struct l_timespec ts[2];

	if (!tv)
		return uk_sys_utimensat(dirfd, path, NULL, 0);
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec > 999999)
			return -UK_EINVAL;
		ts[i] = (struct l_timespec){ tv[i].tv_sec,
					     tv[i].tv_usec * 1000 };
	}
	return uk_sys_utimensat(dirfd, path, ts, 0);
}

static long uk_sys_futimesat(int dirfd, const char *path,
			     const struct l_timeval *tv)
{
	return times_at(dirfd, path, tv);
}
UK_SYSCALL_REGISTER(futimesat, uk_sys_futimesat);

static long uk_sys_utimes(const char *path, const struct l_timeval *tv)
{
	return path ? times_at(L_AT_FDCWD, path, tv) : -UK_EFAULT;
}
UK_SYSCALL_REGISTER(utimes, uk_sys_utimes);
#endif

static long set_mode(struct uk_vnode *vn, int mode)
{
	unsigned int old = vn->mode;
	long r;

	vn->mode = (vn->mode & UK_S_IFMT) | (mode & 07777);
	r = attr_changed(vn, UK_VFS_SET_MODE);
	if (r < 0) {
		vn->mode = old;
		return r;
	}
	vn->ctime = uk_vfs_now();
	return 0;
}

static long uk_sys_fchmodat(int dirfd, const char *path, int mode)
{
	struct uk_vnode *vn;
	long r = vnode_at(dirfd, path, 0, &vn);

	return r < 0 ? r : set_mode(vn, mode);
}
UK_SYSCALL_REGISTER(fchmodat, uk_sys_fchmodat);

static long uk_sys_fchmod(int fd, int mode)
{
	long r = 0;
	struct uk_vnode *vn = fd_vnode(fd, &r);
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (of && (of->flags & L_O_PATH))
		return -UK_EBADF;
	if (!vn)
		return r == -UK_EINVAL ? 0 : r;
	return set_mode(vn, mode);
}
UK_SYSCALL_REGISTER(fchmod, uk_sys_fchmod);

static long set_owner(struct uk_vnode *vn, unsigned int uid,
		      unsigned int gid)
{
	unsigned int ouid = vn->uid, ogid = vn->gid, omode = vn->mode;
	long r;

	if (uid != (unsigned int)-1)
		vn->uid = uid;
	if (gid != (unsigned int)-1)
		vn->gid = gid;
	/* as Linux: a change of owner clears set-user-ID of non-dirs */
	if (!uk_vnode_is_dir(vn) && (uid != (unsigned int)-1 ||
				     gid != (unsigned int)-1))
		vn->mode &= ~(vn->mode & 010 ? 06000 : 04000);
	r = attr_changed(vn, UK_VFS_SET_OWNER | UK_VFS_SET_MODE);
	if (r < 0) {
		vn->uid = ouid;
		vn->gid = ogid;
		vn->mode = omode;
		return r;
	}
	vn->ctime = uk_vfs_now();
	return 0;
}

static long uk_sys_fchownat(int dirfd, const char *path, unsigned int uid,
			    unsigned int gid, int flags)
{
	struct uk_vnode *vn;
	long r;

	if (flags & ~(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH))
		return -UK_EINVAL;
	r = vnode_at(dirfd, path, flags, &vn);
	return r < 0 ? r : set_owner(vn, uid, gid);
}
UK_SYSCALL_REGISTER(fchownat, uk_sys_fchownat);

static long uk_sys_fchown(int fd, unsigned int uid, unsigned int gid)
{
	long r = 0;
	struct uk_vnode *vn = fd_vnode(fd, &r);
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (of && (of->flags & L_O_PATH))
		return -UK_EBADF;
	if (!vn)
		return r == -UK_EINVAL ? 0 : r;
	return set_owner(vn, uid, gid);
}
UK_SYSCALL_REGISTER(fchown, uk_sys_fchown);

/* ---- statfs ---- */

struct l_statfs {
	long type, bsize;
	uint64_t blocks, bfree, bavail, files, ffree;
	int fsid[2];
	long namelen, frsize, flags, spare[4];
};

static long fill_statfs(struct uk_vnode *vn, struct l_statfs *usf)
{
	struct l_statfs k, *sf = &k;
	struct uk_vfs_statfs st;
	long r;

	if (vn && vn->ops->statfs) {
		r = vn->ops->statfs(vn, &st);
		if (r < 0)
			return r;
		*sf = (struct l_statfs){
			.type = st.type, .bsize = st.bsize,
			.blocks = st.blocks, .bfree = st.bfree,
			.bavail = st.bavail, .files = st.files,
			.ffree = st.ffree, .namelen = st.namelen,
			.frsize = st.bsize, .flags = 0x20,
		};
		return uk_copy_to_user(usf, sf, sizeof(*sf));
	}
	/* as Linux's ramfs: no limits, so no counts */
	*sf = (struct l_statfs){
		.type = RAMFS_MAGIC,
		.bsize = 4096,
		.namelen = UK_VFS_NAME_MAX,
		.frsize = 4096,
		.flags = 0x20,	/* ST_VALID */
	};
	return uk_copy_to_user(usf, sf, sizeof(*sf));
}

static long uk_sys_statfs(const char *path, struct l_statfs *sf)
{
	struct uk_vnode *vn;
	long r = vnode_at(L_AT_FDCWD, path, 0, &vn);

	return r < 0 ? r : fill_statfs(vn, sf);
}
UK_SYSCALL_REGISTER(statfs, uk_sys_statfs);

static long uk_sys_fstatfs(int fd, struct l_statfs *sf)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (!of)
		return -UK_EBADF;
	return fill_statfs(of->vn, sf);
}
UK_SYSCALL_REGISTER(fstatfs, uk_sys_fstatfs);

#ifdef UK_NR_open
/* x86_64 only: the old path calls */
static long uk_sys_open(const char *path, int flags, int mode)
{
	return uk_sys_openat(L_AT_FDCWD, path, flags, mode);
}
UK_SYSCALL_REGISTER(open, uk_sys_open);

static long uk_sys_creat(const char *path, int mode)
{
	return uk_sys_openat(L_AT_FDCWD, path,
			     L_O_CREAT | L_O_WRONLY | L_O_TRUNC, mode);
}
UK_SYSCALL_REGISTER(creat, uk_sys_creat);

static long uk_sys_stat(const char *path, struct l_stat *st)
{
	return stat_at(L_AT_FDCWD, path, st, 0);
}
UK_SYSCALL_REGISTER(stat, uk_sys_stat);

static long uk_sys_lstat(const char *path, struct l_stat *st)
{
	return stat_at(L_AT_FDCWD, path, st, L_AT_SYMLINK_NOFOLLOW);
}
UK_SYSCALL_REGISTER(lstat, uk_sys_lstat);

static long uk_sys_access(const char *path, int mode)
{
	return access_at(L_AT_FDCWD, path, mode, 0);
}
UK_SYSCALL_REGISTER(access, uk_sys_access);

static long uk_sys_mkdir(const char *path, int mode)
{
	return uk_sys_mkdirat(L_AT_FDCWD, path, mode);
}
UK_SYSCALL_REGISTER(mkdir, uk_sys_mkdir);

static long uk_sys_mknod(const char *path, int mode, int dev)
{
	return uk_sys_mknodat(L_AT_FDCWD, path, mode, dev);
}
UK_SYSCALL_REGISTER(mknod, uk_sys_mknod);

static long uk_sys_rmdir(const char *path)
{
	return uk_sys_unlinkat(L_AT_FDCWD, path, L_AT_REMOVEDIR);
}
UK_SYSCALL_REGISTER(rmdir, uk_sys_rmdir);

static long uk_sys_unlink(const char *path)
{
	return uk_sys_unlinkat(L_AT_FDCWD, path, 0);
}
UK_SYSCALL_REGISTER(unlink, uk_sys_unlink);

static long uk_sys_rename(const char *opath, const char *npath)
{
	return rename_at(L_AT_FDCWD, opath, L_AT_FDCWD, npath, 0);
}
UK_SYSCALL_REGISTER(rename, uk_sys_rename);

static long uk_sys_link(const char *opath, const char *npath)
{
	return uk_sys_linkat(L_AT_FDCWD, opath, L_AT_FDCWD, npath, 0);
}
UK_SYSCALL_REGISTER(link, uk_sys_link);

static long uk_sys_symlink(const char *target, const char *path)
{
	return uk_sys_symlinkat(target, L_AT_FDCWD, path);
}
UK_SYSCALL_REGISTER(symlink, uk_sys_symlink);

static long uk_sys_readlink(const char *path, char *buf, int size)
{
	return uk_sys_readlinkat(L_AT_FDCWD, path, buf, size);
}
UK_SYSCALL_REGISTER(readlink, uk_sys_readlink);

static long uk_sys_chmod(const char *path, int mode)
{
	return uk_sys_fchmodat(L_AT_FDCWD, path, mode);
}
UK_SYSCALL_REGISTER(chmod, uk_sys_chmod);

static long uk_sys_chown(const char *path, unsigned int uid,
			 unsigned int gid)
{
	return uk_sys_fchownat(L_AT_FDCWD, path, uid, gid, 0);
}
UK_SYSCALL_REGISTER(chown, uk_sys_chown);

static long uk_sys_lchown(const char *path, unsigned int uid,
			  unsigned int gid)
{
	return uk_sys_fchownat(L_AT_FDCWD, path, uid, gid,
			       L_AT_SYMLINK_NOFOLLOW);
}
UK_SYSCALL_REGISTER(lchown, uk_sys_lchown);
#endif
