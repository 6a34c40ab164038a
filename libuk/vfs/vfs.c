/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VFS core (uk/vfs.h): vnode lifetime, the file-system types of the
 * .uk_fstypes section, mounts, path lookup and the checks every file
 * system shares (the errors Linux gives for each operation).
 */
#include <uk/link.h>
#include <uk/vfs.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/plat/time.h>

/* the root file system, the initrd and the mounts of the command line
 * come with the VFS (uk/link.h) */
UK_LINK_ANCHOR(vfs);
UK_LINK_PULL(ramfs);
UK_LINK_PULL(cpio);
UK_LINK_PULL(mountarg);

extern const struct uk_fstype *const __uk_fstypes_start[];
extern const struct uk_fstype *const __uk_fstypes_end[];

static struct uk_mount *root_mnt;
static unsigned long next_dev = 0x16;

#define A()	uk_alloc_get_default()

struct uk_vfs_time uk_vfs_now(void)
{
	uint64_t ns = ukplat_wall_clock();

	return (struct uk_vfs_time){ ns / 1000000000ULL, ns % 1000000000ULL };
}

struct uk_vnode *uk_vnode_alloc(struct uk_mount *m, unsigned int mode)
{
	struct uk_vnode *vn = uk_calloc(A(), 1, sizeof(*vn));

	if (!vn)
		return NULL;
	vn->mnt = m;
	vn->ino = ++m->next_ino;
	vn->mode = mode;
	vn->atime = vn->mtime = vn->ctime = vn->btime = uk_vfs_now();
	return vn;
}

void uk_vnode_get(struct uk_vnode *vn)
{
	vn->refs++;
}

void uk_vnode_put(struct uk_vnode *vn)
{
	if (--vn->refs == 0 && vn->nlink == 0 && vn->ops->release)
		vn->ops->release(vn);
}

static const struct uk_fstype *fstype(const char *name)
{
	for (const struct uk_fstype *const *t = __uk_fstypes_start;
	     t < __uk_fstypes_end; t++)
		if (!uk_strncmp((*t)->name, name, 64))
			return *t;
	return NULL;
}

static int mount_new(const char *type, const char *source,
		     struct uk_mount **out)
{
	const struct uk_fstype *t = fstype(type);
	struct uk_mount *m;
	int r;

	if (!t)
		return -UK_ENODEV;
	m = uk_calloc(A(), 1, sizeof(*m));
	if (!m)
		return -UK_ENOMEM;
	m->type = t;
	m->dev = next_dev++;
	r = t->mount(m, source);
	if (r < 0) {
		uk_free(A(), m);
		return r;
	}
	uk_vnode_get(m->root);
	*out = m;
	return 0;
}

struct uk_vnode *uk_vfs_root(void)
{
	if (!root_mnt && mount_new("ramfs", "", &root_mnt) < 0)
		UK_CRASH("vfs: no memory for the root file system\n");
	return root_mnt->root;
}

int uk_vfs_mount(const char *type, const char *source, const char *path)
{
	struct uk_vfs_nd nd;
	struct uk_mount *m;
	int r;

	r = uk_vfs_lookup(uk_vfs_root(), path, UK_VFS_FOLLOW, &nd);
	if (r < 0)
		return r;
	if (!uk_vnode_is_dir(nd.vn))
		return -UK_ENOTDIR;
	if (nd.vn->mounted || nd.vn == uk_vfs_root())
		return -UK_EBUSY;
	r = mount_new(type, source, &m);
	if (r < 0)
		return r;
	m->covered = nd.vn;
	uk_vnode_get(nd.vn);
	nd.vn->mounted = m;
	return 0;
}

/* ---- lookup ---- */

/* What @dir's child @name is, through mounts. */
static int child(struct uk_vnode *dir, const char *name, size_t len,
		 struct uk_vnode **out)
{
	struct uk_vnode *c;
	int r;

	if (len == 1 && name[0] == '.') {
		*out = dir;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		/* from a mounted root, the mount point's parent */
		while (dir == dir->mnt->root && dir->mnt->covered)
			dir = dir->mnt->covered;
		*out = dir->parent ? dir->parent : dir;
		return 0;
	}
	if (!dir->ops->lookup)
		return -UK_ENOENT;
	r = dir->ops->lookup(dir, name, len, &c);
	if (r < 0)
		return r;
	while (c->mounted)
		c = c->mounted->root;
	*out = c;
	return 0;
}

/* One lookup's state across the symlinks it follows. */
struct walk {
	int links;		/* symlinks followed so far */
};

static int walk(struct walk *w, struct uk_vnode *start, const char *path,
		int flags, struct uk_vfs_nd *nd);

/* Follows symlink @vn found in @dir into *@out. */
static int follow(struct walk *w, struct uk_vnode *dir, struct uk_vnode *vn,
		  struct uk_vnode **out)
{
	struct uk_vfs_nd nd;
	int r;

	if (++w->links > UK_VFS_SYMLOOP_MAX)
		return -UK_ELOOP;
	if (vn->ops->follow) {
		r = vn->ops->follow(vn, out);
		if (r < 0 || *out)
			return r;
	}
	if (!vn->target || !vn->target[0])
		return -UK_ENOENT;
	r = walk(w, dir, vn->target, UK_VFS_FOLLOW, &nd);
	if (r < 0)
		return r;
	*out = nd.vn;
	return 0;
}

static int walk(struct walk *w, struct uk_vnode *start, const char *path,
		int flags, struct uk_vfs_nd *nd)
{
	struct uk_vnode *dir = path[0] == '/' ? uk_vfs_root() : start;
	const char *p = path;
	int r;

	*nd = (struct uk_vfs_nd){ .dir = dir, .name = "", .vn = dir };
	for (;;) {
		const char *q;
		struct uk_vnode *c;
		bool last;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		for (q = p; *q && *q != '/'; q++)
			;
		if ((size_t)(q - p) > UK_VFS_NAME_MAX)
			return -UK_ENAMETOOLONG;
		if (!uk_vnode_is_dir(dir))
			return -UK_ENOTDIR;
		last = true;
		for (const char *s = q; *s; s++)
			if (*s != '/') {
				last = false;
				break;
			}
		r = child(dir, p, q - p, &c);
		if (last && (flags & UK_VFS_PARENT)) {
			if (r < 0 && r != -UK_ENOENT)
				return r;
			nd->dir = dir;
			nd->name = p;
			nd->len = q - p;
			nd->vn = r < 0 ? NULL : c;
			nd->slash = *q == '/';
			if (r < 0)
				return 0;
		} else if (r < 0) {
			return r;
		}
		if (uk_vnode_is_lnk(c) && (!last || (flags & UK_VFS_FOLLOW) ||
					   *q == '/')) {
			r = follow(w, dir, c, &c);
			if (r < 0)
				return r;
			if (last && (flags & UK_VFS_PARENT))
				nd->vn = c;
		}
		if (!(last && (flags & UK_VFS_PARENT))) {
			nd->dir = dir;
			nd->name = p;
			nd->len = q - p;
		}
		nd->vn = c;
		dir = c;
		p = q;
		if (last)
			break;
	}
	return 0;
}

int uk_vfs_lookup(struct uk_vnode *start, const char *path, int flags,
		  struct uk_vfs_nd *nd)
{
	struct walk w = { 0 };
	size_t len;
	int r;

	if (!path)
		return -UK_EFAULT;
	len = uk_strnlen(path, UK_VFS_PATH_MAX);
	if (len == 0)
		return -UK_ENOENT;
	if (len >= UK_VFS_PATH_MAX)
		return -UK_ENAMETOOLONG;
	r = walk(&w, start, path, flags, nd);
	if (r < 0)
		return r;
	if (!nd->vn && !(flags & UK_VFS_PARENT))
		return -UK_ENOENT;
	/* "name/" must be a directory */
	if (nd->vn && path[len - 1] == '/' && !uk_vnode_is_dir(nd->vn))
		return -UK_ENOTDIR;
	nd->slash = path[len - 1] == '/';
	return 0;
}

/* The name of @vn in directory @dir, or NULL. */
static const char *name_in(struct uk_vnode *dir, struct uk_vnode *vn)
{
	const char *name;
	struct uk_vnode *c;

	for (long i = 0; dir->ops->readdir &&
			 dir->ops->readdir(dir, i, &name, &c) == 0; i++)
		if (c == vn || (c->mounted && c->mounted->root == vn))
			return name;
	return NULL;
}

long uk_vfs_path(struct uk_vnode *dir, char *buf, size_t size)
{
	char *tmp = uk_malloc(A(), UK_VFS_PATH_MAX);
	size_t at = UK_VFS_PATH_MAX - 1;
	struct uk_vnode *vn = dir;
	long r;

	if (!tmp)
		return -UK_ENOMEM;
	tmp[at] = 0;
	while (vn != uk_vfs_root()) {
		struct uk_vnode *p, *self = vn;
		const char *name;
		size_t l;

		while (self == self->mnt->root && self->mnt->covered)
			self = self->mnt->covered;
		p = self->parent;
		if (!p || p == self)
			break;
		name = name_in(p, self);
		if (!name) {	/* removed: Linux says "(unreachable)" */
			name = "(deleted)";
		}
		l = uk_strlen(name);
		if (l + 1 > at) {
			uk_free(A(), tmp);
			return -UK_ENAMETOOLONG;
		}
		at -= l;
		uk_memcpy(tmp + at, name, l);
		tmp[--at] = '/';
		vn = p;
	}
	if (at == UK_VFS_PATH_MAX - 1)
		tmp[--at] = '/';
	r = UK_VFS_PATH_MAX - at;
	if ((size_t)r > size)
		r = -UK_ERANGE;
	else
		uk_memcpy(buf, tmp + at, r);
	uk_free(A(), tmp);
	return r;
}

/* ---- operations ---- */

int uk_vfs_create(struct uk_vnode *dir, const char *name, size_t len,
		  unsigned int mode, unsigned int rdev, const char *target,
		  struct uk_vnode **out)
{
	struct uk_vnode *vn;
	int r;

	if (!dir->ops->create)
		return -UK_EPERM;
	if (dir->nlink == 0)
		return -UK_ENOENT;
	r = dir->ops->create(dir, name, len, mode, rdev, target, &vn);
	if (r < 0)
		return r;
	dir->mtime = dir->ctime = vn->ctime;
	if (out)
		*out = vn;
	return 0;
}

int uk_vfs_unlink(struct uk_vnode *dir, const char *name, size_t len,
		  bool rmdir)
{
	struct uk_vnode *vn;
	int r = child(dir, name, len, &vn);

	if (r < 0)
		return r;
	if (rmdir) {
		if (!uk_vnode_is_dir(vn))
			return -UK_ENOTDIR;
		if (vn->mounted || vn == vn->mnt->root)
			return -UK_EBUSY;
	} else if (uk_vnode_is_dir(vn)) {
		return -UK_EISDIR;
	}
	if (!dir->ops->unlink)
		return -UK_EPERM;
	r = dir->ops->unlink(dir, name, len, rmdir);
	if (r < 0)
		return r;
	dir->mtime = dir->ctime = vn->ctime = uk_vfs_now();
	return 0;
}

int uk_vfs_link(struct uk_vnode *dir, const char *name, size_t len,
		struct uk_vnode *vn)
{
	int r;

	if (uk_vnode_is_dir(vn))
		return -UK_EPERM;
	if (dir->mnt != vn->mnt)
		return -UK_EXDEV;
	if (!dir->ops->link)
		return -UK_EPERM;
	if (vn->nlink == 0 && !vn->linkable)
		return -UK_ENOENT;
	r = dir->ops->link(dir, name, len, vn);
	if (r < 0)
		return r;
	vn->linkable = false;
	dir->mtime = dir->ctime = vn->ctime = uk_vfs_now();
	return 0;
}

/* True if @a is @b or above it. */
static bool is_ancestor(struct uk_vnode *a, struct uk_vnode *b)
{
	for (;;) {
		if (a == b)
			return true;
		if (!b->parent || b->parent == b)
			return false;
		b = b->parent;
	}
}

int uk_vfs_rename(struct uk_vfs_nd *from, struct uk_vfs_nd *to)
{
	struct uk_vnode *vn = from->vn, *old = to->vn;
	int r;

	if (!vn)
		return -UK_ENOENT;
	if (from->dir->mnt != to->dir->mnt || vn->mounted ||
	    vn == vn->mnt->root)
		return vn == vn->mnt->root ? -UK_EBUSY : -UK_EXDEV;
	if ((from->len == 1 && from->name[0] == '.') ||
	    (from->len == 2 && !uk_memcmp(from->name, "..", 2)) ||
	    (to->len == 1 && to->name[0] == '.') ||
	    (to->len == 2 && !uk_memcmp(to->name, "..", 2)) || !to->len)
		return from->len && to->len ? -UK_EINVAL : -UK_EBUSY;
	if (old == vn)
		return 0;
	if (uk_vnode_is_dir(vn) && is_ancestor(vn, to->dir))
		return -UK_EINVAL;
	if (!uk_vnode_is_dir(vn) && (from->slash || to->slash) && !old)
		return -UK_ENOTDIR;
	if (old) {
		if (uk_vnode_is_dir(vn) && !uk_vnode_is_dir(old))
			return -UK_ENOTDIR;
		if (!uk_vnode_is_dir(vn) && uk_vnode_is_dir(old))
			return -UK_EISDIR;
		if (old->mounted)
			return -UK_EBUSY;
		if (is_ancestor(old, from->dir))
			return -UK_ENOTEMPTY;
	}
	if (!from->dir->ops->rename)
		return -UK_EPERM;
	r = from->dir->ops->rename(from->dir, from->name, from->len,
				   to->dir, to->name, to->len);
	if (r < 0)
		return r;
	from->dir->mtime = from->dir->ctime = uk_vfs_now();
	to->dir->mtime = to->dir->ctime = vn->ctime = from->dir->mtime;
	if (uk_vnode_is_dir(vn))
		vn->parent = to->dir;
	return 0;
}

long uk_vfs_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off)
{
	if (uk_vnode_is_dir(vn))
		return -UK_EISDIR;
	if (!vn->ops->read)
		return -UK_EINVAL;
	return vn->ops->read(vn, buf, len, off);
}

long uk_vfs_write(struct uk_vnode *vn, const void *buf, size_t len,
		  int64_t off)
{
	long r;

	if (!vn->ops->write)
		return -UK_EINVAL;
	r = vn->ops->write(vn, buf, len, off);
	if (r > 0)
		vn->mtime = vn->ctime = uk_vfs_now();
	return r;
}

int uk_vfs_truncate(struct uk_vnode *vn, int64_t size)
{
	int r;

	if (uk_vnode_is_dir(vn))
		return -UK_EISDIR;
	if (!uk_vnode_is_reg(vn))
		return -UK_EINVAL;
	if (size < 0)
		return -UK_EINVAL;
	if (!vn->ops->truncate)
		return -UK_EPERM;
	r = vn->ops->truncate(vn, size);
	if (r == 0)
		vn->mtime = vn->ctime = uk_vfs_now();
	return r;
}
