/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9pfs: the VFS file-system type "9p", a host directory shared over a
 * 9P2000.L transport (uk/9p.h). The source of a mount is the
 * transport's tag: uk_vfs_mount("9p", "share0", "/data").
 *
 * Every vnode holds a fid walked to its file (the "path fid") and, once
 * read, written or listed, a second fid opened for I/O (O_RDWR, or
 * O_RDONLY where the server refuses writing). Vnodes are kept in a
 * table by the server's qid path, so that a file found twice (two
 * lookups, hard links) is one vnode; a vnode stays while it has a name
 * or a reference, as on ramfs, and is refreshed (attributes, and its
 * fid when no file has it open) at every lookup. Nothing is cached
 * beyond that: every lookup asks the server, so changes made on the
 * host are seen at once, and a file removed on the host gives the
 * server's errors (ENOENT, ESTALE), never stale data.
 *
 * chmod, chown and utimensat are passed on (Tsetattr). Device nodes,
 * fifos and sockets cannot be made (EPERM).
 */
#include <uk/link.h>
#include <uk/vfs.h>
#include <uk/9p.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/string.h>
#include "p9.h"

UK_LINK_ANCHOR(p9fs);
/* its transport (uk/link.h) */
#if UK_CONFIG_VIRTIO
UK_LINK_PULL(virtio_9p);
#endif

#define A()		uk_alloc_get_default()
#define NBUCKETS	256

struct node {
	struct uk_vnode *vn;
	uint32_t fid, iofid;
	bool io_rdonly;
	uint64_t qpath;
	struct node *hnext;
	bool hashed;
	/* directories: the names of the last listing */
	char *names;		/* NUL-separated */
	size_t *offs;
	size_t nnames;
};

struct p9fs {
	struct p9 c;
	struct uk_mount *m;
	struct node *hash[NBUCKETS];
};

static struct uk_9p_trans *transports;

int uk_9p_trans_register(struct uk_9p_trans *t)
{
	if (uk_9p_trans_find(t->tag))
		return -UK_EEXIST;
	t->next = transports;
	transports = t;
	return 0;
}

struct uk_9p_trans *uk_9p_trans_find(const char *tag)
{
	for (struct uk_9p_trans *t = transports; t; t = t->next)
		if (!uk_strcmp(t->tag, tag))
			return t;
	return NULL;
}

static const struct uk_vnode_ops p9fs_ops;

static struct p9fs *fs_of(struct uk_vnode *vn)
{
	return vn->mnt->priv;
}

static struct node *node_of(struct uk_vnode *vn)
{
	return vn->priv;
}

static struct node **bucket(struct p9fs *fs, uint64_t qpath)
{
	return &fs->hash[(qpath ^ (qpath >> 8)) % NBUCKETS];
}

static struct node *hfind(struct p9fs *fs, uint64_t qpath)
{
	for (struct node *n = *bucket(fs, qpath); n; n = n->hnext)
		if (n->qpath == qpath)
			return n;
	return NULL;
}

static void unhash(struct p9fs *fs, struct node *n)
{
	struct node **p;

	if (!n->hashed)
		return;
	for (p = bucket(fs, n->qpath); *p; p = &(*p)->hnext)
		if (*p == n) {
			*p = n->hnext;
			break;
		}
	n->hashed = false;
}

static void clunk(struct p9fs *fs, uint32_t *fid)
{
	if (*fid != P9_NOFID)
		p9_clunk(&fs->c, *fid);
	*fid = P9_NOFID;
}

/* Closes the I/O fid, then the path fid (which may be the same). */
static void clunk_both(struct p9fs *fs, struct node *n)
{
	if (n->iofid == n->fid)
		n->iofid = P9_NOFID;
	clunk(fs, &n->iofid);
	clunk(fs, &n->fid);
}

static void forget_names(struct node *n)
{
	uk_free(A(), n->names);
	uk_free(A(), n->offs);
	n->names = NULL;
	n->offs = NULL;
	n->nnames = 0;
}

static void p9fs_release(struct uk_vnode *vn)
{
	struct p9fs *fs = fs_of(vn);
	struct node *n = node_of(vn);

	unhash(fs, n);
	clunk_both(fs, n);
	forget_names(n);
	uk_free(A(), (void *)vn->target);
	uk_free(A(), n);
	uk_free(A(), vn);
}

/* A vnode without names: freed unless something holds it. */
static void drop(struct uk_vnode *vn)
{
	if (vn->nlink == 0 && vn->refs == 0 && vn != vn->mnt->root)
		p9fs_release(vn);
}

static struct uk_vfs_time ts(int64_t sec, long nsec)
{
	return (struct uk_vfs_time){ sec, nsec };
}

static void set_attr(struct uk_vnode *vn, const struct p9_attr *a)
{
	uint64_t maj = (a->rdev >> 8) & 0xfff;
	uint64_t min = (a->rdev & 0xff) | ((a->rdev >> 12) & 0xfff00);

	vn->ino = a->qid.path;
	vn->mode = a->mode;
	vn->uid = a->uid;
	vn->gid = a->gid;
	vn->nlink = a->nlink > 0xffffffffULL ? 0xffffffffU : a->nlink;
	vn->rdev = (maj << 8) | (min & 0xff);
	vn->size = a->size;
	vn->blocks = a->blocks;
	vn->atime = ts(a->atime_sec, a->atime_nsec);
	vn->mtime = ts(a->mtime_sec, a->mtime_nsec);
	vn->ctime = ts(a->ctime_sec, a->ctime_nsec);
	vn->btime = ts(a->btime_sec, a->btime_nsec);
}

/* A new vnode for fid @fid of qid path @qpath, in the table. */
static struct uk_vnode *vnode_new(struct p9fs *fs, uint32_t fid,
				  uint64_t qpath, unsigned int mode)
{
	struct uk_vnode *vn = uk_vnode_alloc(fs->m, mode);
	struct node *n, *old;

	if (!vn)
		return NULL;
	n = uk_calloc(A(), 1, sizeof(*n));
	if (!n) {
		uk_free(A(), vn);
		return NULL;
	}
	/* a stale vnode of a file gone, whose number the server reused */
	old = hfind(fs, qpath);
	if (old) {
		unhash(fs, old);
		if (!old->vn->refs)
			old->vn->nlink = 0;
		drop(old->vn);
	}
	n->vn = vn;
	n->fid = fid;
	n->iofid = P9_NOFID;
	n->qpath = qpath;
	n->hnext = *bucket(fs, qpath);
	*bucket(fs, qpath) = n;
	n->hashed = true;
	vn->ops = &p9fs_ops;
	vn->priv = n;
	vn->ino = qpath;
	return vn;
}

/* Reads the target of symlink @vn into vn->target. */
static int load_target(struct p9fs *fs, struct uk_vnode *vn)
{
	char *buf = uk_malloc(A(), UK_VFS_PATH_MAX);
	int r;

	if (!buf)
		return -UK_ENOMEM;
	r = p9_readlink(&fs->c, node_of(vn)->fid, buf, UK_VFS_PATH_MAX);
	if (r < 0) {
		uk_free(A(), buf);
		return r;
	}
	uk_free(A(), (void *)vn->target);
	vn->target = buf;
	vn->size = uk_strlen(buf);
	return 0;
}

static int p9fs_lookup(struct uk_vnode *dir, const char *name, size_t len,
		       struct uk_vnode **out)
{
	struct p9fs *fs = fs_of(dir);
	uint32_t fid = p9_fid_new(&fs->c);
	struct uk_vnode *vn;
	struct p9_attr a;
	struct p9_qid qid;
	struct node *n;
	int r;

	r = p9_walk(&fs->c, node_of(dir)->fid, fid, name, len, &qid);
	if (r < 0)
		return r;
	r = p9_getattr(&fs->c, fid, &a);
	if (r < 0)
		goto out_clunk;
	n = hfind(fs, a.qid.path);
	if (n && n->vn->refs) {
		/* open somewhere: keep the fid it has */
		clunk(fs, &fid);
	} else if (n) {
		/* a fresh fid: the file may have moved on the host */
		clunk_both(fs, n);
		n->fid = fid;
	} else {
		vn = vnode_new(fs, fid, a.qid.path, a.mode);
		if (!vn) {
			r = -UK_ENOMEM;
			goto out_clunk;
		}
		n = node_of(vn);
	}
	vn = n->vn;
	set_attr(vn, &a);
	if (uk_vnode_is_dir(vn))
		vn->parent = dir;
	if (uk_vnode_is_lnk(vn)) {
		r = load_target(fs, vn);
		if (r < 0)
			return r;
	}
	*out = vn;
	return 0;

out_clunk:
	clunk(fs, &fid);
	return r;
}

/* Opens the I/O fid of @vn if it has none. */
static int io_fid(struct uk_vnode *vn, bool write, uint32_t *out)
{
	struct p9fs *fs = fs_of(vn);
	struct node *n = node_of(vn);
	uint32_t fid, dir = uk_vnode_is_dir(vn) ? P9_O_DIRECTORY : 0;
	struct p9_qid qid;
	int r;

	if (n->iofid == P9_NOFID) {
		fid = p9_fid_new(&fs->c);
		r = p9_walk(&fs->c, n->fid, fid, NULL, 0, &qid);
		if (r < 0)
			return r;
		n->io_rdonly = dir != 0;
		r = dir ? -UK_EISDIR : p9_lopen(&fs->c, fid, P9_O_RDWR);
		if (r == -UK_EACCES || r == -UK_EROFS || r == -UK_EISDIR ||
		    r == -UK_EPERM) {
			n->io_rdonly = true;
			r = p9_lopen(&fs->c, fid, P9_O_RDONLY | dir);
		}
		if (r < 0) {
			clunk(fs, &fid);
			return r;
		}
		n->iofid = fid;
	}
	if (write && n->io_rdonly)
		return -UK_EACCES;
	*out = n->iofid;
	return 0;
}

/* Reads or writes @len bytes at @off in pieces of at most one message. */
static long rw(struct uk_vnode *vn, void *buf, size_t len, int64_t off,
	       bool write)
{
	struct p9 *c = &fs_of(vn)->c;
	size_t done = 0;
	uint32_t fid;
	int r = io_fid(vn, write, &fid);

	if (r < 0)
		return r;
	while (done < len) {
		uint32_t want = UK_MIN(len - done, c->msize - P9_IOHDR);
		char *p = (char *)buf + done;
		long n = write ? p9_write(c, fid, off + done, p, want)
			       : p9_read(c, fid, off + done, p, want);

		if (n < 0)
			return done ? (long)done : n;
		done += n;
		if ((uint32_t)n < want)
			break;	/* the end of the file, or a full disk */
	}
	return done;
}

static long p9fs_read(struct uk_vnode *vn, void *buf, size_t len,
		      int64_t off)
{
	return rw(vn, buf, len, off, false);
}

static long p9fs_write(struct uk_vnode *vn, const void *buf, size_t len,
		       int64_t off)
{
	long done = rw(vn, (void *)buf, len, off, true);

	if (done > 0 && off + done > vn->size) {
		vn->size = off + done;
		vn->blocks = (vn->size + 511) / 512;
	}
	return done;
}

static int p9fs_truncate(struct uk_vnode *vn, int64_t size)
{
	struct p9_attr a = { .size = size };
	int r = p9_setattr(&fs_of(vn)->c, node_of(vn)->fid, P9_SETATTR_SIZE,
			   &a);

	if (r == 0)
		vn->size = size;
	return r;
}

static int p9fs_setattr(struct uk_vnode *vn, unsigned int what)
{
	struct p9_attr a = {
		.mode = vn->mode & 07777, .uid = vn->uid, .gid = vn->gid,
		.atime_sec = vn->atime.sec, .atime_nsec = vn->atime.nsec,
		.mtime_sec = vn->mtime.sec, .mtime_nsec = vn->mtime.nsec,
	};
	uint32_t valid = 0;

	if (what & UK_VFS_SET_MODE)
		valid |= P9_SETATTR_MODE;
	if (what & UK_VFS_SET_OWNER)
		valid |= P9_SETATTR_UID | P9_SETATTR_GID;
	if (what & UK_VFS_SET_ATIME)
		valid |= P9_SETATTR_ATIME | P9_SETATTR_ATIME_SET;
	if (what & UK_VFS_SET_MTIME)
		valid |= P9_SETATTR_MTIME | P9_SETATTR_MTIME_SET;
	return p9_setattr(&fs_of(vn)->c, node_of(vn)->fid, valid, &a);
}

static int p9fs_fsync(struct uk_vnode *vn)
{
	struct node *n = node_of(vn);

	/* nothing written through a fid never opened */
	if (n->iofid == P9_NOFID || n->io_rdonly)
		return 0;
	return p9_fsync(&fs_of(vn)->c, n->iofid);
}

static int p9fs_statfs(struct uk_vnode *vn, struct uk_vfs_statfs *st)
{
	struct p9_statfs s;
	int r = p9_statfs(&fs_of(vn)->c, node_of(vn->mnt->root)->fid, &s);

	if (r < 0)
		return r;
	*st = (struct uk_vfs_statfs){
		.type = 0x01021997,	/* V9FS_MAGIC, as Linux reports */
		.bsize = s.bsize, .namelen = s.namelen,
		.blocks = s.blocks, .bfree = s.bfree, .bavail = s.bavail,
		.files = s.files, .ffree = s.ffree,
	};
	return 0;
}

/* Makes a vnode for new file @name in @dir whose qid is @qid: walks a
 * path fid to it (@fid when the caller has one already). */
static int made(struct uk_vnode *dir, const char *name, size_t len,
		const struct p9_qid *qid, uint32_t fid, unsigned int mode,
		struct uk_vnode **out)
{
	struct p9fs *fs = fs_of(dir);
	struct p9_qid q;
	struct uk_vnode *vn;
	int r;

	if (fid == P9_NOFID) {
		fid = p9_fid_new(&fs->c);
		r = p9_walk(&fs->c, node_of(dir)->fid, fid, name, len, &q);
		if (r < 0)
			return r;
	}
	vn = vnode_new(fs, fid, qid->path, mode);
	if (!vn) {
		clunk(fs, &fid);
		return -UK_ENOMEM;
	}
	vn->nlink = uk_vnode_is_dir(vn) ? 2 : 1;
	if (uk_vnode_is_dir(vn)) {
		vn->parent = dir;
		dir->nlink++;
	}
	*out = vn;
	return 0;
}

static int p9fs_create(struct uk_vnode *dir, const char *name, size_t len,
		       unsigned int mode, unsigned int rdev,
		       const char *target, struct uk_vnode **out)
{
	struct p9fs *fs = fs_of(dir);
	uint32_t dfid = node_of(dir)->fid, fid;
	struct p9_qid qid;
	int r;

	switch (mode & UK_S_IFMT) {
	case UK_S_IFREG:
		fid = p9_fid_new(&fs->c);
		r = p9_walk(&fs->c, dfid, fid, NULL, 0, &qid);
		if (r < 0)
			return r;
		r = p9_lcreate(&fs->c, fid, name, len,
			       P9_O_RDWR | P9_O_CREAT | P9_O_EXCL,
			       mode & 07777, &qid);
		if (r < 0) {
			clunk(fs, &fid);
			return r;
		}
		r = made(dir, name, len, &qid, fid, mode, out);
		if (r == 0)
			node_of(*out)->iofid = fid;
		return r;
	case UK_S_IFDIR:
		r = p9_mkdir(&fs->c, dfid, name, len, mode & 07777, &qid);
		break;
	case UK_S_IFLNK:
		r = p9_symlink(&fs->c, dfid, name, len, target, &qid);
		if (r == 0)
			r = made(dir, name, len, &qid, P9_NOFID, mode, out);
		if (r == 0) {
			(*out)->size = uk_strlen(target);
			(*out)->target = uk_malloc(A(), (*out)->size + 1);
			if ((*out)->target)
				uk_memcpy((void *)(*out)->target, target,
					  (*out)->size + 1);
		}
		return r;
	default:
		return -UK_EPERM;
	}
	if (r < 0)
		return r;
	return made(dir, name, len, &qid, P9_NOFID, mode, out);
}

static int p9fs_link(struct uk_vnode *dir, const char *name, size_t len,
		     struct uk_vnode *vn)
{
	int r = p9_link(&fs_of(dir)->c, node_of(dir)->fid, node_of(vn)->fid,
			name, len);

	if (r == 0)
		vn->nlink++;
	return r;
}

/*
 * @vn is about to lose a name: when a file has it open, its I/O fid is
 * opened now, because the server finds a file by its path and an
 * unlinked file only stays reachable through a fid open already.
 */
static void keep_open(struct uk_vnode *vn)
{
	uint32_t fid;

	if (vn && vn->refs && uk_vnode_is_reg(vn))
		io_fid(vn, false, &fid);
}

/* @vn lost a name (@dir was its directory). */
static void lost_name(struct uk_vnode *dir, struct uk_vnode *vn)
{
	if (uk_vnode_is_dir(vn)) {
		vn->nlink = 0;
		if (dir->nlink > 2)
			dir->nlink--;
	} else if (vn->nlink) {
		vn->nlink--;
	}
	drop(vn);
}

static int p9fs_unlink(struct uk_vnode *dir, const char *name, size_t len,
		       bool rmdir)
{
	struct uk_vnode *vn = NULL;
	int r;

	p9fs_lookup(dir, name, len, &vn);
	keep_open(vn);
	r = p9_unlinkat(&fs_of(dir)->c, node_of(dir)->fid, name, len,
			rmdir ? P9_AT_REMOVEDIR : 0);
	if (r == 0 && vn)
		lost_name(dir, vn);
	return r;
}

static int p9fs_rename(struct uk_vnode *odir, const char *oname, size_t olen,
		       struct uk_vnode *ndir, const char *nname, size_t nlen)
{
	struct uk_vnode *old = NULL;
	int r;

	p9fs_lookup(ndir, nname, nlen, &old);
	keep_open(old);
	r = p9_renameat(&fs_of(odir)->c, node_of(odir)->fid, oname, olen,
			node_of(ndir)->fid, nname, nlen);
	if (r == 0 && old)
		lost_name(ndir, old);
	return r;
}

struct listing {
	char *names;
	size_t *offs;
	size_t n, cap, used, size;
	int err;
};

static void add_name(void *arg, const char *name, size_t len,
		     const struct p9_qid *qid)
{
	struct listing *l = arg;

	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.') || l->err)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		size_t *o = uk_realloc(A(), l->offs, cap * sizeof(*o));

		if (!o) {
			l->err = -UK_ENOMEM;
			return;
		}
		l->offs = o;
		l->cap = cap;
	}
	if (l->used + len + 1 > l->size) {
		size_t size = UK_MAX(2 * l->size, l->used + len + 1 + 1024);
		char *s = uk_realloc(A(), l->names, size);

		if (!s) {
			l->err = -UK_ENOMEM;
			return;
		}
		l->names = s;
		l->size = size;
	}
	l->offs[l->n++] = l->used;
	uk_memcpy(l->names + l->used, name, len);
	l->names[l->used + len] = 0;
	l->used += len + 1;
}

/* Lists directory @dir anew into its node. */
static int list(struct uk_vnode *dir)
{
	struct p9fs *fs = fs_of(dir);
	struct node *n = node_of(dir);
	struct listing l = { 0 };
	uint64_t off = 0;
	uint32_t fid;
	int r;

	forget_names(n);
	r = io_fid(dir, false, &fid);
	while (r >= 0 && !l.err) {
		r = p9_readdir(&fs->c, fid, &off, add_name, &l);
		if (r == 0)
			break;
	}
	if (r < 0 || l.err) {
		uk_free(A(), l.names);
		uk_free(A(), l.offs);
		return r < 0 ? r : l.err;
	}
	n->names = l.names;
	n->offs = l.offs;
	n->nnames = l.n;
	return 0;
}

static int p9fs_readdir(struct uk_vnode *dir, long pos, const char **name,
			struct uk_vnode **vn)
{
	struct node *n = node_of(dir);
	int r;

	if (pos == 0 || !n->names) {
		r = list(dir);
		if (r < 0)
			return r;
	}
	/* an entry removed since the listing leaves it: the next entries
	 * move up, so that the positions after this one stay right */
	while (pos >= 0 && (size_t)pos < n->nnames) {
		const char *s = n->names + n->offs[pos];

		if (p9fs_lookup(dir, s, uk_strlen(s), vn) == 0) {
			*name = s;
			return 0;
		}
		n->nnames--;
		uk_memmove(&n->offs[pos], &n->offs[pos + 1],
			   (n->nnames - pos) * sizeof(*n->offs));
	}
	return -UK_ENOENT;
}

static const struct uk_vnode_ops p9fs_ops = {
	.lookup = p9fs_lookup,
	.create = p9fs_create,
	.link = p9fs_link,
	.unlink = p9fs_unlink,
	.rename = p9fs_rename,
	.readdir = p9fs_readdir,
	.read = p9fs_read,
	.write = p9fs_write,
	.truncate = p9fs_truncate,
	.setattr = p9fs_setattr,
	.fsync = p9fs_fsync,
	.statfs = p9fs_statfs,
	.release = p9fs_release,
};

static int p9fs_mount(struct uk_mount *m, const char *source)
{
	struct uk_9p_trans *t = uk_9p_trans_find(source ? source : "");
	struct p9fs *fs;
	struct p9_attr a;
	struct p9_qid qid;
	struct uk_vnode *root;
	uint32_t fid;
	int r;

	if (!t) {
		uk_pr_err("9p: no device with mount tag '%s'\n",
			  source ? source : "");
		return -UK_ENODEV;
	}
	fs = uk_calloc(A(), 1, sizeof(*fs));
	if (!fs)
		return -UK_ENOMEM;
	fs->m = m;
	m->priv = fs;
	r = p9_connect(&fs->c, t);
	if (r < 0)
		goto out_free;
	fid = p9_fid_new(&fs->c);
	r = p9_attach(&fs->c, fid, &qid);
	if (r == 0)
		r = p9_getattr(&fs->c, fid, &a);
	if (r < 0)
		goto out_disconnect;
	root = vnode_new(fs, fid, a.qid.path, a.mode);
	if (!root) {
		r = -UK_ENOMEM;
		goto out_disconnect;
	}
	set_attr(root, &a);
	if (!uk_vnode_is_dir(root)) {
		r = -UK_ENOTDIR;
		p9fs_release(root);
		goto out_disconnect;
	}
	root->parent = root;
	m->root = root;
	return 0;

out_disconnect:
	p9_disconnect(&fs->c);
out_free:
	uk_free(A(), fs);
	return r;
}

static const struct uk_fstype p9fs_type = {
	.name = "9p",
	.mount = p9fs_mount,
};
UK_FSTYPE_REGISTER(p9fs_type);
