/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Names: a small read-only tree with the devices a C program expects.
 *
 *   /              directory
 *   /dev           directory
 *   /dev/null      reads end at once, writes vanish        (1, 3)
 *   /dev/zero      reads give zeros, writes vanish,        (1, 5)
 *                  mmap gives anonymous memory (mm.c)
 *   /dev/full      reads give zeros, writes fail ENOSPC    (1, 7)
 *   /dev/random    getrandom's entropy (CPU, virtio-rng)   (1, 8)
 *   /dev/urandom   the same                                (1, 9)
 *   /dev/ttyS0     the console (descriptors 0-2 at start)  (4, 64)
 *
 * There is no other file system yet: a name that is not here is ENOENT,
 * creating one is EROFS (the tree is read-only), and so is opening a
 * directory for writing EISDIR, as on Linux. Paths are resolved as Linux
 * does (".", "..", repeated and trailing slashes, ENOTDIR through a
 * device, ENAMETOOLONG); there are no symbolic links. The working
 * directory starts at "/" and may move to any directory of the tree.
 * We are root: access() grants reading and writing everywhere, and
 * executing where an x bit is set.
 *
 * Writes to /dev/random and /dev/urandom are accepted and dropped: the
 * CPU's generator has no pool to mix them into.
 */
#include <uk/syscall.h>
#include <uk/string.h>
#include <uk/errno.h>
#include "posix.h"
#include "file.h"

#define DEV_MEM(minor)	((1 << 8) | (minor))
#define S_IFCHR_0666	(0020000 | 0666)
#define S_IFDIR_0755	(L_S_IFDIR | 0755)
#define ST_DEV		0x16	/* the tree's device number (any fixed value) */

#define L_DT_CHR	2
#define L_DT_DIR	4

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

static const struct uk_node nodes[];
#define ROOT	(&nodes[0])
#define DEV	(&nodes[1])

static const struct uk_node nodes[] = {
	{ "", "/", ROOT, S_IFDIR_0755, 0, NULL, NULL, true, false },
	{ "dev", "/dev", ROOT, S_IFDIR_0755, 0, NULL, NULL, true, false },
	{ "null", "/dev/null", DEV, S_IFCHR_0666, DEV_MEM(3),
	  null_read, sink_write, true, false },
	{ "zero", "/dev/zero", DEV, S_IFCHR_0666, DEV_MEM(5),
	  zero_read, sink_write, true, true },
	{ "full", "/dev/full", DEV, S_IFCHR_0666, DEV_MEM(7),
	  zero_read, full_write, true, false },
	{ "random", "/dev/random", DEV, S_IFCHR_0666, DEV_MEM(8),
	  random_read, sink_write, true, false },
	{ "urandom", "/dev/urandom", DEV, S_IFCHR_0666, DEV_MEM(9),
	  random_read, sink_write, true, false },
};

#define NNODES	(sizeof(nodes) / sizeof(nodes[0]))

static const struct uk_node *cwd = ROOT;

/* The children of @dir, in a fixed order; NULL after the last. */
static const struct uk_node *child(const struct uk_node *dir, size_t i)
{
	for (size_t k = 1; k < NNODES; k++)
		if (nodes[k].parent == dir && i-- == 0)
			return &nodes[k];
	if (dir == DEV && i == 0)
		return &uk_posix_console;
	return NULL;
}

static const struct uk_node *parent_of(const struct uk_node *n)
{
	return n == &uk_posix_console ? DEV : n->parent;
}

static unsigned long ino_of(const struct uk_node *n)
{
	if (n == &uk_posix_console)
		return NNODES + 1;
	return (unsigned long)(n - nodes) + 1;
}

void uk_posix_node_stat(const struct uk_node *n, struct l_stat *st)
{
	*st = (struct l_stat){
		.st_dev = ST_DEV,
		.st_ino = ino_of(n),
		.st_nlink = uk_node_is_dir(n) ? 2 : 1,
		.st_mode = n->mode,
		.st_rdev = n->rdev,
		.st_blksize = 4096,
	};
	if (n == &uk_posix_console)
		st->st_blksize = 1024;
}

/* The directory relative paths start from: the working directory, or
 * the directory open at @dirfd. */
static long start_dir(int dirfd, const struct uk_node **dir)
{
	struct uk_ofile *of;

	if (dirfd == L_AT_FDCWD) {
		*dir = cwd;
		return 0;
	}
	of = uk_posix_fd_get(dirfd);
	if (!of)
		return -UK_EBADF;
	if (!uk_node_is_dir(of->node))
		return -UK_ENOTDIR;
	*dir = of->node;
	return 0;
}

/*
 * Resolves @path (from @dirfd when relative) to *@out. Returns 0, or a
 * negative errno; -ENOENT with *@last_missing set when only the last
 * component is missing (so the name could be created there).
 */
static long resolve(int dirfd, const char *path, const struct uk_node **out,
		    bool *last_missing)
{
	const struct uk_node *n;
	size_t len;
	long r;

	*last_missing = false;
	if (!path)
		return -UK_EFAULT;
	len = uk_strlen(path);
	if (len == 0)
		return -UK_ENOENT;
	if (len >= L_PATH_MAX)
		return -UK_ENAMETOOLONG;
	if (path[0] == '/') {
		n = ROOT;
	} else {
		r = start_dir(dirfd, &n);
		if (r < 0)
			return r;
	}
	for (const char *p = path; *p;) {
		const char *q;
		const struct uk_node *c;
		size_t i;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		for (q = p; *q && *q != '/'; q++)
			;
		if ((size_t)(q - p) > L_NAME_MAX)
			return -UK_ENAMETOOLONG;
		if (!uk_node_is_dir(n))
			return -UK_ENOTDIR;
		if (q - p == 1 && p[0] == '.') {
			c = n;
		} else if (q - p == 2 && p[0] == '.' && p[1] == '.') {
			c = parent_of(n);
		} else {
			for (i = 0; (c = child(n, i)); i++)
				if (uk_strlen(c->name) == (size_t)(q - p) &&
				    !uk_memcmp(c->name, p, q - p))
					break;
		}
		if (!c) {
			for (; *q == '/'; q++)
				;
			*last_missing = !*q;
			return -UK_ENOENT;
		}
		n = c;
		p = q;
	}
	/* "name/" must be a directory */
	if (path[len - 1] == '/' && !uk_node_is_dir(n))
		return -UK_ENOTDIR;
	*out = n;
	return 0;
}

static long uk_sys_openat(int dirfd, const char *path, int flags, int mode)
{
	const struct uk_node *n;
	bool last_missing;
	int acc = flags & L_O_ACCMODE;
	long r;

	if (acc == L_O_ACCMODE && !(flags & L_O_PATH))
		return -UK_EINVAL;
	if (flags & L_O_TMPFILE_DIR)
		return (flags & L_O_DIRECTORY) ? -UK_EOPNOTSUPP : -UK_EINVAL;
	r = resolve(dirfd, path, &n, &last_missing);
	if (r == -UK_ENOENT && last_missing && (flags & L_O_CREAT))
		return -UK_EROFS;	/* would create a file */
	if (r < 0)
		return r;
	if ((flags & (L_O_CREAT | L_O_EXCL)) == (L_O_CREAT | L_O_EXCL))
		return -UK_EEXIST;
	if (flags & L_O_PATH)
		return uk_posix_fd_open(n, flags & (L_O_PATH | L_O_CLOEXEC |
						    L_O_DIRECTORY |
						    L_O_NOFOLLOW));
	if ((flags & L_O_DIRECTORY) && !uk_node_is_dir(n))
		return -UK_ENOTDIR;
	if (uk_node_is_dir(n) &&
	    (acc != L_O_RDONLY || (flags & L_O_CREAT)))
		return -UK_EISDIR;
	/* O_TRUNC on a device changes nothing, as on Linux */
	return uk_posix_fd_open(n, flags);
}
UK_SYSCALL_REGISTER(openat, uk_sys_openat);

static long stat_at(int dirfd, const char *path, struct l_stat *st,
		    int flags)
{
	const struct uk_node *n;
	struct uk_ofile *of;
	bool last_missing;
	long r;

	if (flags & ~(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH | 0x800))
		return -UK_EINVAL;	/* 0x800: AT_NO_AUTOMOUNT */
	if (path && !path[0] && (flags & L_AT_EMPTY_PATH)) {
		if (dirfd == L_AT_FDCWD) {
			n = cwd;
		} else {
			of = uk_posix_fd_get(dirfd);
			if (!of)
				return -UK_EBADF;
			n = of->node;
		}
	} else {
		r = resolve(dirfd, path, &n, &last_missing);
		if (r < 0)
			return r;
	}
	if (!st)
		return -UK_EFAULT;
	uk_posix_node_stat(n, st);
	return 0;
}

static long uk_sys_newfstatat(int dirfd, const char *path,
			      struct l_stat *st, int flags)
{
	return stat_at(dirfd, path, st, flags);
}
UK_SYSCALL_REGISTER(newfstatat, uk_sys_newfstatat);

static long access_at(int dirfd, const char *path, int mode, int flags)
{
	const struct uk_node *n;
	bool last_missing;
	long r;

	if (mode & ~7)
		return -UK_EINVAL;
	if (flags & ~(L_AT_EACCESS | L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH))
		return -UK_EINVAL;
	r = resolve(dirfd, path, &n, &last_missing);
	if (r < 0)
		return r;
	if ((mode & 2) && !uk_node_is_dir(n) && !n->write)
		return -UK_EROFS;
	if ((mode & 2) && uk_node_is_dir(n))
		return -UK_EROFS;	/* no entry can be added */
	/* root may execute what has an x bit (and search any directory) */
	if ((mode & 1) && !(n->mode & 0111))
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

#ifdef UK_NR_open
/* x86_64 only: the old path calls */
static long uk_sys_open(const char *path, int flags, int mode)
{
	return uk_sys_openat(L_AT_FDCWD, path, flags, mode);
}
UK_SYSCALL_REGISTER(open, uk_sys_open);

static long uk_sys_stat(const char *path, struct l_stat *st)
{
	return stat_at(L_AT_FDCWD, path, st, 0);
}
UK_SYSCALL_REGISTER(stat, uk_sys_stat);
UK_SYSCALL_REGISTER(lstat, uk_sys_stat);

static long uk_sys_access(const char *path, int mode)
{
	return access_at(L_AT_FDCWD, path, mode, 0);
}
UK_SYSCALL_REGISTER(access, uk_sys_access);
#endif

/* ---- the working directory ---- */

static long uk_sys_getcwd(char *buf, size_t size)
{
	size_t len = uk_strlen(cwd->path) + 1;

	if (!buf)
		return -UK_EFAULT;
	if (size < len)
		return -UK_ERANGE;
	uk_memcpy(buf, cwd->path, len);
	return len;
}
UK_SYSCALL_REGISTER(getcwd, uk_sys_getcwd);

static long uk_sys_chdir(const char *path)
{
	const struct uk_node *n;
	bool last_missing;
	long r = resolve(L_AT_FDCWD, path, &n, &last_missing);

	if (r < 0)
		return r;
	if (!uk_node_is_dir(n))
		return -UK_ENOTDIR;
	cwd = n;
	return 0;
}
UK_SYSCALL_REGISTER(chdir, uk_sys_chdir);

static long uk_sys_fchdir(int fd)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (!of)
		return -UK_EBADF;
	if (!uk_node_is_dir(of->node))
		return -UK_ENOTDIR;
	cwd = of->node;
	return 0;
}
UK_SYSCALL_REGISTER(fchdir, uk_sys_fchdir);

/* ---- directory listing ---- */

struct l_dirent64 {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
	char name[];
};

/* Entry @i of @dir: ".", "..", then its children; false past the end. */
static bool entry(const struct uk_node *dir, long i, const char **name,
		  const struct uk_node **n)
{
	if (i == 0) {
		*name = ".";
		*n = dir;
	} else if (i == 1) {
		*name = "..";
		*n = parent_of(dir);
	} else {
		*n = child(dir, i - 2);
		if (!*n)
			return false;
		*name = (*n)->name;
	}
	return true;
}

static long uk_sys_getdents64(int fd, void *buf, size_t size)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	size_t used = 0;
	const struct uk_node *n;
	const char *name;

	if (!of || (of->flags & L_O_PATH))
		return -UK_EBADF;
	if (!uk_node_is_dir(of->node))
		return -UK_ENOTDIR;
	if (!buf)
		return -UK_EFAULT;
	while (entry(of->node, of->pos, &name, &n)) {
		size_t nl = uk_strlen(name) + 1;
		size_t rl = UK_ALIGN_UP(sizeof(struct l_dirent64) + nl, 8);
		struct l_dirent64 *d = (void *)((char *)buf + used);

		if (used + rl > size)
			break;
		d->ino = ino_of(n);
		d->off = of->pos + 1;
		d->reclen = rl;
		d->type = uk_node_is_dir(n) ? L_DT_DIR : L_DT_CHR;
		uk_memcpy(d->name, name, nl);
		used += rl;
		of->pos++;
	}
	/* a buffer too small for the next entry */
	if (!used && entry(of->node, of->pos, &name, &n))
		return -UK_EINVAL;
	return used;
}
UK_SYSCALL_REGISTER(getdents64, uk_sys_getdents64);
