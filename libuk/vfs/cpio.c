/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cpio "newc" archives (the initrd format of Linux): the parser, and the
 * boot-time unpacking of the initrd into the root.
 *
 * An entry is a 110-byte header ("070701" or "070702", then 13 fields
 * of 8 hex digits: ino mode uid gid nlink mtime filesize devmajor
 * devminor rdevmajor rdevminor namesize check), the name with its NUL,
 * padding to 4 bytes, the data, padding to 4 bytes. "TRAILER!!!" ends
 * the archive. The whole archive is checked before anything is made: a
 * malformed or truncated one leaves the tree as it was.
 *
 * Made: directories, regular files and symbolic links, with their mode,
 * owner and mtime; an entry whose parent is missing makes the missing
 * directories. Device nodes, fifos and sockets are skipped with a
 * warning. Hard links are not joined: in newc, all names of a file but
 * the last have no data, and each becomes a file of its own.
 */
#include <uk/link.h>
#include <uk/vfs.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/plat/memory.h>

UK_LINK_ANCHOR(cpio);

#define HDR	110
#define F_MODE	1
#define F_UID	2
#define F_GID	3
#define F_MTIME	5
#define F_SIZE	6
#define F_NAMESZ 11

struct entry {
	uint32_t f[13];
	const char *name;	/* NUL-terminated inside the archive */
	const char *data;
	size_t next;		/* offset of the next header */
};

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Parses the entry at @off; -EINVAL with *@why set when malformed. */
static int parse(const char *a, size_t len, size_t off, struct entry *e,
		 const char **why)
{
	size_t name_end, data_end;

	if (len - off < HDR) {
		*why = "truncated header";
		return -UK_EINVAL;
	}
	if (uk_memcmp(a + off, "07070", 5) ||
	    (a[off + 5] != '1' && a[off + 5] != '2')) {
		*why = "bad magic (not a cpio newc archive)";
		return -UK_EINVAL;
	}
	for (int i = 0; i < 13; i++) {
		uint32_t v = 0;

		for (int k = 0; k < 8; k++) {
			char c = a[off + 6 + 8 * i + k];
			int d = c >= '0' && c <= '9' ? c - '0' :
				c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

			if (d < 0) {
				*why = "bad hex digit in a header";
				return -UK_EINVAL;
			}
			v = v << 4 | d;
		}
		e->f[i] = v;
	}
	if (e->f[F_NAMESZ] == 0 || e->f[F_NAMESZ] > UK_VFS_PATH_MAX) {
		*why = "bad name size";
		return -UK_EINVAL;
	}
	if (e->f[F_NAMESZ] > len - off - HDR) {
		*why = "truncated name";
		return -UK_EINVAL;
	}
	name_end = off + HDR + e->f[F_NAMESZ];
	e->name = a + off + HDR;
	if (e->name[e->f[F_NAMESZ] - 1] != 0) {
		*why = "name not terminated";
		return -UK_EINVAL;
	}
	if (pad4(name_end) > len || e->f[F_SIZE] > len - pad4(name_end)) {
		*why = "truncated data";
		return -UK_EINVAL;
	}
	e->data = a + pad4(name_end);
	data_end = pad4(name_end) + e->f[F_SIZE];
	e->next = UK_MIN(pad4(data_end), len);
	return 0;
}

static bool is_trailer(const struct entry *e)
{
	return !uk_strncmp(e->name, "TRAILER!!!", 11);
}

/* Makes the directories of @path's parent that are missing. */
static int make_parents(struct uk_vnode *dir, const char *path)
{
	char buf[UK_VFS_NAME_MAX + 1];
	const char *p = path, *q;
	struct uk_vnode *vn;
	int r;

	for (;;) {
		while (*p == '/')
			p++;
		for (q = p; *q && *q != '/'; q++)
			;
		if (!*q)
			return 0;	/* the last component */
		if ((size_t)(q - p) > UK_VFS_NAME_MAX)
			return -UK_ENAMETOOLONG;
		uk_memcpy(buf, p, q - p);
		buf[q - p] = 0;
		if (dir->ops->lookup(dir, p, q - p, &vn) < 0) {
			r = uk_vfs_create(dir, p, q - p, UK_S_IFDIR | 0755, 0,
					  NULL, &vn);
			if (r < 0)
				return r;
		}
		while (vn->mounted)
			vn = vn->mounted->root;
		if (!uk_vnode_is_dir(vn))
			return -UK_ENOTDIR;
		dir = vn;
		p = q;
	}
}

static int make(struct uk_vnode *top, const struct entry *e)
{
	unsigned int mode = e->f[F_MODE], type = mode & UK_S_IFMT;
	struct uk_vfs_nd nd;
	struct uk_vnode *vn;
	char *target = NULL;
	int r;

	r = make_parents(top, e->name);
	if (r < 0)
		return r;
	r = uk_vfs_lookup(top, e->name, UK_VFS_PARENT, &nd);
	if (r < 0)
		return r;
	if (!nd.len)
		return 0;	/* "." or "/": the top itself */
	vn = nd.vn;
	if (vn && !(type == UK_S_IFDIR && uk_vnode_is_dir(vn))) {
		/* a later entry replaces an earlier one, as cpio -i -u */
		r = uk_vfs_unlink(nd.dir, nd.name, nd.len,
				  uk_vnode_is_dir(vn));
		if (r < 0)
			return r;
		vn = NULL;
	}
	if (type == UK_S_IFLNK) {
		if (e->f[F_SIZE] == 0 || e->f[F_SIZE] >= UK_VFS_PATH_MAX)
			return -UK_EINVAL;
		target = uk_malloc(uk_alloc_get_default(), e->f[F_SIZE] + 1);
		if (!target)
			return -UK_ENOMEM;
		uk_memcpy(target, e->data, e->f[F_SIZE]);
		target[e->f[F_SIZE]] = 0;
	} else if (type != UK_S_IFDIR && type != UK_S_IFREG) {
		uk_pr_warn("initrd: %s: not a file, directory or symlink; skipped\n",
			   e->name);
		return 0;
	}
	if (!vn) {
		r = uk_vfs_create(nd.dir, nd.name, nd.len, mode, 0, target,
				  &vn);
		uk_free(uk_alloc_get_default(), target);
		if (r < 0)
			return r;
	}
	if (type == UK_S_IFREG && e->f[F_SIZE]) {
		long n = uk_vfs_write(vn, e->data, e->f[F_SIZE], 0);

		if (n < 0)
			return n;
		if (n != (long)e->f[F_SIZE])
			return -UK_ENOSPC;
	}
	vn->mode = mode;
	vn->uid = e->f[F_UID];
	vn->gid = e->f[F_GID];
	vn->mtime = (struct uk_vfs_time){ e->f[F_MTIME], 0 };
	return 0;
}

int uk_vfs_cpio_extract(struct uk_vnode *dir, const void *archive,
			size_t len)
{
	const char *a = archive, *why = NULL;
	struct entry e;
	size_t off;
	int r;

	/* first the whole archive: nothing is made from a bad one */
	for (off = 0;; off = e.next) {
		if (parse(a, len, off, &e, &why) < 0) {
			uk_pr_err("initrd: %s at byte %lu of %lu\n", why,
				  (unsigned long)off, (unsigned long)len);
			return -UK_EINVAL;
		}
		if (is_trailer(&e))
			break;
		if (e.next == off) {
			uk_pr_err("initrd: no TRAILER!!! entry\n");
			return -UK_EINVAL;
		}
	}
	for (off = 0;; off = e.next) {
		parse(a, len, off, &e, &why);
		if (is_trailer(&e))
			return 0;
		r = make(dir, &e);
		if (r < 0) {
			uk_pr_err("initrd: %s: cannot be made (error %d)\n",
				  e.name, -r);
			return r;
		}
	}
}

/* Read by the platform before the memory map is made (arm virt: where
 * uk-run had QEMU's loader put the archive); known here so that the
 * parameter is not reported as unknown. */
static const char *initrd_at;
UK_PARAM(vfs, initrd, UK_PARAM_STR, initrd_at,
	 "ADDR:LEN of an initrd a loader placed (arm virt; set by uk-run)");

/* The LEN of vfs.initrd=ADDR:LEN (decimal), or @dflt. */
static uint64_t initrd_param_len(uint64_t dflt)
{
	const char *p = initrd_at;
	uint64_t v = 0;

	while (p && *p && *p != ':')
		p++;
	if (!p || *p++ != ':')
		return dflt;
	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	return v;
}

/* Unpacks the boot loader's initrd (the first one) into the root. The
 * region may be rounded to pages: vfs.initrd's LEN is the exact size. */
static int initrd_unpack(void)
{
	for (int i = 0; i < ukplat_memregion_count(); i++) {
		const struct ukplat_memregion *m = ukplat_memregion_get(i);
		uint64_t len;

		if (m->type != UKPLAT_MEMRT_INITRD || !m->len)
			continue;
		len = UK_MIN(m->len, initrd_param_len(m->len));
		uk_pr_info("initrd: %lu bytes at 0x%lx\n",
			   (unsigned long)len, (unsigned long)m->base);
		return uk_vfs_cpio_extract(uk_vfs_root(),
					   (const void *)(uintptr_t)m->base,
					   len);
	}
	return 0;
}
uk_rootfs_initcall(initrd_unpack);
