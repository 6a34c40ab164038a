/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * procfs, mounted on /proc (vfs.c): the files programs look at, made at
 * read time from the kernel's state.
 *
 *   /proc/self          symlink to "1" (the one process)
 *   /proc/1/maps        the image and every mmap (mm.c), Linux's format
 *   /proc/1/exe         symlink to "/" + argv[0]'s last component
 *   /proc/1/fd/N        symlink per open descriptor: the file's path, or
 *                       "socket:[N]", "anon_inode:[eventpoll]" ...
 *   /proc/1/stat        the fields Linux has, what libuk knows filled in
 *   /proc/1/status      Name, State, Pid, PPid, Uid, Gid, Threads, VmRSS
 *   /proc/1/cmdline     argv[0] (the kernel keeps no copy of the rest)
 *   /proc/meminfo       MemTotal, MemFree, MemAvailable (the allocator's)
 *   /proc/cpuinfo       one processor entry
 *   /proc/uptime        seconds since boot, idle seconds (0)
 *
 * Files report size 0, as Linux's do; reading gives the text as of the
 * read at offset 0 (each read regenerates it, so a program reading in
 * pieces sees one consistent copy only if nothing changed between).
 * Nothing can be created (ENOENT, as Linux says), removed or written.
 * The paths of /proc/1/fd/N are found by searching the tree from the
 * root (files keep no name); a file with no name left reads as
 * "/NAME (deleted)" for memfds, "(deleted)" otherwise.
 */
#include <uk/link.h>
#include <uk/vfs.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/boot.h>
#include <uk/syscall.h>
#include <uk/plat/time.h>
#include "posix.h"
#include "file.h"

UK_LINK_ANCHOR(procfs);

#define A()	uk_alloc_get_default()

enum kind {
	K_ROOT, K_PID, K_FDDIR, K_FD, K_SELF, K_EXE,
	K_MAPS, K_STAT, K_STATUS, K_CMDLINE, K_MEMINFO, K_CPUINFO, K_UPTIME,
};

struct pnode {
	const char *name;
	enum kind kind;
	unsigned int mode;
};

static const struct pnode root_ents[] = {
	{ "self", K_SELF, UK_S_IFLNK | 0777 },
	{ "1", K_PID, UK_S_IFDIR | 0555 },
	{ "meminfo", K_MEMINFO, UK_S_IFREG | 0444 },
	{ "cpuinfo", K_CPUINFO, UK_S_IFREG | 0444 },
	{ "uptime", K_UPTIME, UK_S_IFREG | 0444 },
};

static const struct pnode pid_ents[] = {
	{ "maps", K_MAPS, UK_S_IFREG | 0444 },
	{ "exe", K_EXE, UK_S_IFLNK | 0777 },
	{ "fd", K_FDDIR, UK_S_IFDIR | 0500 },
	{ "stat", K_STAT, UK_S_IFREG | 0444 },
	{ "status", K_STATUS, UK_S_IFREG | 0444 },
	{ "cmdline", K_CMDLINE, UK_S_IFREG | 0444 },
};

static const struct pnode root_node = { "", K_ROOT, UK_S_IFDIR | 0555 };
static const struct pnode fd_node = { "", K_FD, UK_S_IFLNK | 0700 };

/* The vnodes, made at mount: one per entry above, fds on demand. */
static struct uk_vnode *root_vn, *root_vns[UK_ARRAY_SIZE(root_ents)];
static struct uk_vnode *pid_vns[UK_ARRAY_SIZE(pid_ents)];
static struct uk_vnode *fd_vns[L_NOFILE];
static char exe_path[UK_VFS_NAME_MAX + 2];	/* /proc/1/exe's target */
static const struct uk_vnode_ops proc_ops;

static enum kind kind_of(const struct uk_vnode *vn)
{
	return ((const struct pnode *)vn->priv)->kind;
}

static struct uk_vnode *make(struct uk_mount *m, const struct pnode *p,
			     struct uk_vnode *parent)
{
	struct uk_vnode *vn = uk_vnode_alloc(m, p->mode);

	if (!vn)
		return NULL;
	vn->ops = &proc_ops;
	vn->priv = (void *)p;
	vn->nlink = uk_vnode_is_dir(vn) ? 2 : 1;
	vn->parent = uk_vnode_is_dir(vn) ? parent : NULL;
	return vn;
}

/* ---- descriptors ---- */

/* Searches @dir's subtree (not other procfs mounts) for @vn; on
 * success its path from @dir is at @buf[*at..], NUL-terminated. */
static bool search(struct uk_vnode *dir, const struct uk_vnode *vn,
		   char *buf, size_t *at, int depth)
{
	const char *name;
	struct uk_vnode *c;

	if (depth > 64 || !dir->ops->readdir)
		return false;
	for (long i = 0; dir->ops->readdir(dir, i, &name, &c) == 0; i++) {
		size_t l = uk_strlen(name);
		bool found;

		while (c->mounted)
			c = c->mounted->root;
		if (c->ops == &proc_ops || l + 1 > *at)
			continue;
		found = c == vn || (uk_vnode_is_dir(c) &&
				    search(c, vn, buf, at, depth + 1));
		if (found) {
			*at -= l;
			uk_memcpy(buf + *at, name, l);
			buf[--*at] = '/';
			return true;
		}
	}
	return false;
}

/* The path of vnode @vn into @buf of UK_VFS_PATH_MAX bytes. */
static void vnode_path(struct uk_vnode *vn, char *buf)
{
	char *tmp;
	size_t at = UK_VFS_PATH_MAX - 1;

	if (uk_vnode_is_dir(vn) && vn->nlink &&
	    uk_vfs_path(vn, buf, UK_VFS_PATH_MAX) > 0)
		return;
	tmp = uk_malloc(A(), UK_VFS_PATH_MAX);
	if (tmp) {
		tmp[at] = 0;
		if (vn->nlink && search(uk_vfs_root(), vn, tmp, &at, 0)) {
			uk_memcpy(buf, tmp + at, UK_VFS_PATH_MAX - at);
			uk_free(A(), tmp);
			return;
		}
		uk_free(A(), tmp);
	}
	/* nameless: memfds keep theirs in target (vfs.c) */
	if (vn->target && !uk_vnode_is_lnk(vn))
		uk_snprintf(buf, UK_VFS_PATH_MAX, "/%s (deleted)", vn->target);
	else
		uk_strlcpy(buf, "(deleted)", UK_VFS_PATH_MAX);
}

/* What /proc/1/fd/@fd points to, into @buf (UK_VFS_PATH_MAX bytes). */
static void fd_target(int fd, const struct uk_ofile *of, char *buf)
{
	const char *p = of->node->path;

	if (of->vn)
		vnode_path(of->vn, buf);
	else if (of->node == &uk_posix_console)
		uk_strlcpy(buf, "/dev/ttyS0", UK_VFS_PATH_MAX);
	else if (p && p[0] && p[uk_strlen(p) - 1] == ':')
		uk_snprintf(buf, UK_VFS_PATH_MAX, "%s[%lu]", p,
			    1000UL + (unsigned long)fd);
	else
		uk_strlcpy(buf, p ? p : "anon_inode:[unknown]",
			   UK_VFS_PATH_MAX);
}

/* The symlink vnode of @fd, its target brought up to date; NULL when
 * @fd is not open or memory is short. */
static struct uk_vnode *fd_vnode(struct uk_mount *m, int fd)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	struct uk_vnode *vn;
	char *buf, *t;

	if (!of)
		return NULL;
	if (!fd_vns[fd]) {
		fd_vns[fd] = make(m, &fd_node, NULL);
		if (!fd_vns[fd])
			return NULL;
	}
	vn = fd_vns[fd];
	buf = uk_malloc(A(), UK_VFS_PATH_MAX);
	if (!buf)
		return NULL;
	fd_target(fd, of, buf);
	t = uk_malloc(A(), uk_strlen(buf) + 1);
	if (t) {
		uk_memcpy(t, buf, uk_strlen(buf) + 1);
		uk_free(A(), (void *)vn->target);
		vn->target = t;
		vn->size = uk_strlen(t);
	}
	uk_free(A(), buf);
	return vn->target ? vn : NULL;
}

/* Parses a descriptor number (decimal, no sign, no leading zero). */
static int parse_fd(const char *name, size_t len)
{
	int fd = 0;

	if (!len || len > 4 || (name[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		fd = fd * 10 + name[i] - '0';
	}
	return fd < L_NOFILE ? fd : -1;
}

/* /proc/1/fd/N stands for the open file itself (Linux's magic link):
 * a file without a name still opens through it. */
static int proc_follow(struct uk_vnode *lnk, struct uk_vnode **out)
{
	struct uk_ofile *of;

	*out = NULL;
	for (int fd = 0; fd < L_NOFILE; fd++)
		if (fd_vns[fd] == lnk) {
			of = uk_posix_fd_get(fd);
			if (!of)
				return -UK_ENOENT;
			*out = of->vn;
			break;
		}
	return 0;
}

/* ---- directories ---- */

static int proc_lookup(struct uk_vnode *dir, const char *name, size_t len,
		       struct uk_vnode **out)
{
	const struct pnode *ents = kind_of(dir) == K_ROOT ? root_ents :
				   pid_ents;
	struct uk_vnode **vns = kind_of(dir) == K_ROOT ? root_vns : pid_vns;
	size_t n = kind_of(dir) == K_ROOT ? UK_ARRAY_SIZE(root_ents) :
		   UK_ARRAY_SIZE(pid_ents);

	if (kind_of(dir) == K_FDDIR) {
		int fd = parse_fd(name, len);

		*out = fd < 0 ? NULL : fd_vnode(dir->mnt, fd);
		return *out ? 0 : -UK_ENOENT;
	}
	for (size_t i = 0; i < n; i++)
		if (uk_strlen(ents[i].name) == len &&
		    !uk_memcmp(ents[i].name, name, len)) {
			*out = vns[i];
			return 0;
		}
	return -UK_ENOENT;
}

static int proc_readdir(struct uk_vnode *dir, long pos, const char **name,
			struct uk_vnode **vn)
{
	static char num[8];

	switch (kind_of(dir)) {
	case K_ROOT:
		if (pos >= (long)UK_ARRAY_SIZE(root_ents))
			return -UK_ENOENT;
		*name = root_ents[pos].name;
		*vn = root_vns[pos];
		return 0;
	case K_PID:
		if (pos >= (long)UK_ARRAY_SIZE(pid_ents))
			return -UK_ENOENT;
		*name = pid_ents[pos].name;
		*vn = pid_vns[pos];
		return 0;
	default:
		/* entry @pos is the pos-th open descriptor */
		for (int fd = 0; fd < L_NOFILE; fd++) {
			if (!uk_posix_fd_get(fd) || pos--)
				continue;
			*vn = fd_vnode(dir->mnt, fd);
			if (!*vn)
				return -UK_ENOENT;
			uk_snprintf(num, sizeof(num), "%d", fd);
			*name = num;
			return 0;
		}
		return -UK_ENOENT;
	}
}

/* ---- the generated files ---- */

/* An output buffer that records the length a full text would have. */
struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *fmt, ...) __printf_like(2, 3);

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vsnprintf(o->buf + UK_MIN(o->len, o->size),
			 o->size - UK_MIN(o->len, o->size), fmt, ap);
	va_end(ap);
	o->len += n;
}

static const char *prog_name(void)
{
	const char *a = uk_boot_argv0(), *s;

	for (s = a; *s; s++)
		if (*s == '/' && s[1])
			a = s + 1;
	return a;
}

static void gen_meminfo(struct out *o)
{
	struct l_sysinfo si;
	unsigned long kb;

	uk_syscall(UK_NR_sysinfo, &si);
	kb = si.freeram >> 10;
	put(o, "MemTotal:       %8lu kB\n", si.totalram >> 10);
	put(o, "MemFree:        %8lu kB\n", kb);
	put(o, "MemAvailable:   %8lu kB\n", kb);
	put(o, "Buffers:        %8lu kB\n", 0UL);
	put(o, "Cached:         %8lu kB\n", 0UL);
	put(o, "SwapTotal:      %8lu kB\n", 0UL);
	put(o, "SwapFree:       %8lu kB\n", 0UL);
}

static void gen_cpuinfo(struct out *o)
{
	put(o, "processor\t: 0\n");
#if defined(__x86_64__)
	{
		uint32_t r[12], a, b, c, d;
		char *s = (char *)r;

		__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
				 : "a"(0), "c"(0));
		put(o, "vendor_id\t: %.4s%.4s%.4s\n", (char *)&b, (char *)&d,
		    (char *)&c);
		__asm__ volatile("cpuid" : "=a"(a) : "a"(0x80000000), "c"(0)
				 : "ebx", "edx");
		for (uint32_t i = 0; a >= 0x80000004 && i < 3; i++)
			__asm__ volatile("cpuid"
					 : "=a"(r[4 * i]), "=b"(r[4 * i + 1]),
					   "=c"(r[4 * i + 2]), "=d"(r[4 * i + 3])
					 : "a"(0x80000002 + i), "c"(0));
		if (a >= 0x80000004)
			put(o, "model name\t: %.48s\n", s);
	}
#elif defined(__aarch64__)
	{
		uint64_t midr;

		__asm__ volatile("mrs %0, midr_el1" : "=r"(midr));
		put(o, "CPU implementer\t: 0x%02lx\n", (midr >> 24) & 0xff);
		put(o, "CPU part\t: 0x%03lx\n", (midr >> 4) & 0xfff);
	}
#endif
	put(o, "\n");
}

static void gen_uptime(struct out *o)
{
	uint64_t cs = ukplat_monotonic_clock() / 10000000ULL;

	put(o, "%lu.%02lu 0.00\n", (unsigned long)(cs / 100),
	    (unsigned long)(cs % 100));
}

static unsigned long threads(void)
{
	unsigned long n = 0;

	for (struct uk_posix_thread *t = uk_posix_thread_first(); t;
	     t = t->next)
		n++;
	return n ? n : 1;
}

static void gen_stat(struct out *o)
{
	struct l_sysinfo si;
	size_t vm = uk_posix_mm_bytes();

	uk_syscall(UK_NR_sysinfo, &si);
	/* pid comm state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime cutime cstime priority nice threads
	 * itrealvalue starttime vsize rss, then the rest as zeros */
	put(o, "1 (%.15s) R 0 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 %lu 0 0 "
	    "%zu %zu", prog_name(), threads(), vm, vm / 4096);
	for (int i = 25; i <= 52; i++)
		put(o, " 0");
	put(o, "\n");
}

static void gen_status(struct out *o)
{
	put(o, "Name:\t%.15s\nUmask:\t0022\nState:\tR (running)\n"
	    "Tgid:\t1\nPid:\t1\nPPid:\t0\nUid:\t0\t0\t0\t0\n"
	    "Gid:\t0\t0\t0\t0\nFDSize:\t%d\nVmRSS:\t%8zu kB\n"
	    "Threads:\t%lu\n", prog_name(), L_NOFILE,
	    uk_posix_mm_bytes() >> 10, threads());
}

static void generate(struct uk_vnode *vn, struct out *o)
{
	switch (kind_of(vn)) {
	case K_MAPS:
		uk_posix_mm_maps(o->buf, o->size, &o->len, prog_name());
		break;
	case K_STAT:
		gen_stat(o);
		break;
	case K_STATUS:
		gen_status(o);
		break;
	case K_CMDLINE:
		put(o, "%s", uk_boot_argv0());
		o->len++;	/* its NUL */
		break;
	case K_MEMINFO:
		gen_meminfo(o);
		break;
	case K_CPUINFO:
		gen_cpuinfo(o);
		break;
	default:
		gen_uptime(o);
		break;
	}
}

static long proc_read(struct uk_vnode *vn, void *buf, size_t len,
		      int64_t off)
{
	struct out o = { NULL, 2048, 0 };
	long r;

	/* grow until the whole text fits */
	for (;;) {
		o.buf = uk_malloc(A(), o.size + 1);
		if (!o.buf)
			return -UK_ENOMEM;
		o.len = 0;
		generate(vn, &o);
		if (o.len <= o.size)
			break;
		uk_free(A(), o.buf);
		o.size = o.len + 256;
	}
	r = off < (int64_t)o.len ? (long)UK_MIN(len, o.len - off) : 0;
	if (r)
		uk_memcpy(buf, o.buf + off, r);
	uk_free(A(), o.buf);
	return r;
}

/* Nothing can be made here: Linux says the name does not exist. */
static int proc_create(struct uk_vnode *dir, const char *name, size_t len,
		       unsigned int mode, unsigned int rdev,
		       const char *target, struct uk_vnode **out)
{
	return -UK_ENOENT;
}

static const struct uk_vnode_ops proc_ops = {
	.lookup = proc_lookup,
	.create = proc_create,
	.follow = proc_follow,
	.readdir = proc_readdir,
	.read = proc_read,
};

/* ---- the file system type ---- */

static int proc_mount(struct uk_mount *m, const char *source)
{
	struct uk_vnode *pid;
	size_t i;

	if (root_vn)
		return -UK_EBUSY;	/* one instance: its nodes are static */
	root_vn = make(m, &root_node, NULL);
	if (!root_vn)
		return -UK_ENOMEM;
	root_vn->parent = root_vn;
	for (i = 0; i < UK_ARRAY_SIZE(root_ents); i++) {
		root_vns[i] = make(m, &root_ents[i], root_vn);
		if (!root_vns[i])
			return -UK_ENOMEM;
	}
	root_vns[0]->target = "1";
	root_vns[0]->size = 1;
	pid = root_vns[1];
	for (i = 0; i < UK_ARRAY_SIZE(pid_ents); i++) {
		pid_vns[i] = make(m, &pid_ents[i], pid);
		if (!pid_vns[i])
			return -UK_ENOMEM;
	}
	uk_snprintf(exe_path, sizeof(exe_path), "/%s", prog_name());
	pid_vns[1]->target = exe_path;
	pid_vns[1]->size = uk_strlen(exe_path);
	m->root = root_vn;
	return 0;
}

static const struct uk_fstype procfs = {
	.name = "proc",
	.mount = proc_mount,
};
UK_FSTYPE_REGISTER(procfs);
