/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ramfs: files in memory. A directory is a list of entries in creation
 * order; a regular file is an array of 4 KiB pages where a missing page
 * is a hole (reads as zeros, takes no memory). Running out of memory is
 * ENOSPC for writes, ENOMEM for new names; what was written stays.
 * Kernel argument vfs.ramfs_size=BYTES (K/M/G suffixes) caps the data
 * pages each ramfs holds (the root's and every other mount's): a write
 * past it is ENOSPC. Default 0: no cap but the allocator's memory.
 * Names, directories and the page tables of files are not counted.
 *
 * A MAP_SHARED mapping (ramfs_map) moves the pages it covers into one
 * contiguous run ("chunk"), since memory is identity-mapped; those pages
 * stay the file's, in the run, until the file is freed (truncating
 * zeroes them rather than freeing them). Mappings that overlap an
 * earlier one without lying inside it cannot be made (-ENODEV).
 */
#include <uk/link.h>
#include <uk/vfs.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/param.h>

UK_LINK_ANCHOR(ramfs);

#define A()		uk_alloc_get_default()
#define PG		4096UL
#define MAX_SIZE	(1LL << 40)	/* 1 TiB: files beyond are EFBIG */

static uint64_t size_cap;
UK_PARAM(vfs, ramfs_size, UK_PARAM_U64, size_cap,
	 "bytes of file data each ramfs may hold (default 0: no limit)");

/* True if @m may take @pages more pages of data. */
static bool room(const struct uk_mount *m, size_t pages)
{
	return !size_cap || (m->bytes <= size_cap &&
			     pages <= (size_cap - m->bytes) / PG);
}

struct dent {
	struct dent *next;
	struct uk_vnode *vn;
	size_t len;
	char name[];
};

/* A run of pages allocated in one piece for a shared mapping: its pages
 * are the file's pages first..first+pages-1 until the file goes. */
struct chunk {
	struct chunk *next;
	size_t first, pages;
	char *mem;
};

struct rfile {
	char **pages;
	size_t npages;		/* slots in pages[] */
	struct chunk *chunks;
};

static const struct uk_vnode_ops ramfs_ops;

static struct dent **find(struct uk_vnode *dir, const char *name, size_t len)
{
	struct dent **d = (struct dent **)&dir->priv;

	for (; *d; d = &(*d)->next)
		if ((*d)->len == len && !uk_memcmp((*d)->name, name, len))
			return d;
	return NULL;
}

static int ramfs_lookup(struct uk_vnode *dir, const char *name, size_t len,
			struct uk_vnode **out)
{
	struct dent **d = find(dir, name, len);

	if (!d)
		return -UK_ENOENT;
	*out = (*d)->vn;
	return 0;
}

/* Adds entry @name for @vn at the end of @dir. */
static int add(struct uk_vnode *dir, const char *name, size_t len,
	       struct uk_vnode *vn)
{
	struct dent *e = uk_malloc(A(), sizeof(*e) + len + 1), **d;

	if (!e)
		return -UK_ENOMEM;
	e->next = NULL;
	e->vn = vn;
	e->len = len;
	uk_memcpy(e->name, name, len);
	e->name[len] = 0;
	for (d = (struct dent **)&dir->priv; *d; d = &(*d)->next)
		;
	*d = e;
	return 0;
}

static void drop_name(struct uk_vnode *vn)
{
	if (uk_vnode_is_dir(vn))
		vn->nlink = 0;
	else
		vn->nlink--;
	vn->ctime = uk_vfs_now();
	if (vn->nlink == 0 && vn->refs == 0)
		vn->ops->release(vn);
}

static int ramfs_create(struct uk_vnode *dir, const char *name, size_t len,
			unsigned int mode, unsigned int rdev,
			const char *target, struct uk_vnode **out)
{
	struct uk_vnode *vn;
	char *t = NULL;

	if (find(dir, name, len))
		return -UK_EEXIST;
	vn = uk_vnode_alloc(dir->mnt, mode);
	if (!vn)
		return -UK_ENOMEM;
	vn->ops = &ramfs_ops;
	vn->rdev = rdev;
	vn->nlink = 1;
	if (uk_vnode_is_dir(vn)) {
		vn->nlink = 2;
		vn->parent = dir;
		vn->size = 4096;
	} else if (uk_vnode_is_lnk(vn)) {
		size_t tl = uk_strlen(target);

		t = uk_malloc(A(), tl + 1);
		if (!t)
			goto nomem;
		uk_memcpy(t, target, tl + 1);
		vn->target = t;
		vn->size = tl;
	} else if (uk_vnode_is_reg(vn)) {
		vn->priv = uk_calloc(A(), 1, sizeof(struct rfile));
		if (!vn->priv)
			goto nomem;
	}
	if (add(dir, name, len, vn) < 0)
		goto nomem;
	if (uk_vnode_is_dir(vn))
		dir->nlink++;
	*out = vn;
	return 0;
nomem:
	uk_free(A(), t);
	uk_free(A(), uk_vnode_is_reg(vn) ? vn->priv : NULL);
	uk_free(A(), vn);
	return -UK_ENOMEM;
}

static int ramfs_link(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode *vn)
{
	int r;

	if (find(dir, name, len))
		return -UK_EEXIST;
	r = add(dir, name, len, vn);
	if (r == 0)
		vn->nlink++;
	return r;
}

/* Takes entry *@d out of its list. */
static struct uk_vnode *take(struct dent **d)
{
	struct dent *e = *d;
	struct uk_vnode *vn = e->vn;

	*d = e->next;
	uk_free(A(), e);
	return vn;
}

static int ramfs_unlink(struct uk_vnode *dir, const char *name, size_t len,
			bool rmdir)
{
	struct dent **d = find(dir, name, len);
	struct uk_vnode *vn;

	if (!d)
		return -UK_ENOENT;
	vn = (*d)->vn;
	if (rmdir && vn->priv)
		return -UK_ENOTEMPTY;
	take(d);
	if (rmdir)
		dir->nlink--;
	drop_name(vn);
	return 0;
}

static int ramfs_rename(struct uk_vnode *odir, const char *oname, size_t olen,
			struct uk_vnode *ndir, const char *nname, size_t nlen)
{
	struct dent **od = find(odir, oname, olen), **nd;
	struct uk_vnode *vn;
	struct dent *e;

	if (!od)
		return -UK_ENOENT;
	vn = (*od)->vn;
	nd = find(ndir, nname, nlen);
	if (nd && uk_vnode_is_dir((*nd)->vn) && (*nd)->vn->priv)
		return -UK_ENOTEMPTY;
	/* the new entry first: it is the one that may fail */
	if (!nd) {
		e = uk_malloc(A(), sizeof(*e) + nlen + 1);
		if (!e)
			return -UK_ENOMEM;
		e->next = NULL;
		e->vn = vn;
		e->len = nlen;
		uk_memcpy(e->name, nname, nlen);
		e->name[nlen] = 0;
		for (nd = (struct dent **)&ndir->priv; *nd; nd = &(*nd)->next)
			;
		*nd = e;
	} else {
		struct uk_vnode *old = (*nd)->vn;

		(*nd)->vn = vn;
		if (uk_vnode_is_dir(old))
			ndir->nlink--;
		drop_name(old);
	}
	/* the list may have changed: find the old entry again */
	for (od = (struct dent **)&odir->priv; *od; od = &(*od)->next)
		if ((*od)->vn == vn && (*od)->len == olen &&
		    !uk_memcmp((*od)->name, oname, olen))
			break;
	take(od);
	if (uk_vnode_is_dir(vn) && odir != ndir) {
		odir->nlink--;
		ndir->nlink++;
	}
	return 0;
}

static int ramfs_readdir(struct uk_vnode *dir, long pos, const char **name,
			 struct uk_vnode **vn)
{
	struct dent *d = dir->priv;

	while (d && pos--)
		d = d->next;
	if (!d)
		return -UK_ENOENT;
	*name = d->name;
	*vn = d->vn;
	return 0;
}

static long ramfs_read(struct uk_vnode *vn, void *buf, size_t len,
		       int64_t off)
{
	struct rfile *f = vn->priv;
	size_t done = 0;

	if (off >= vn->size)
		return 0;
	len = UK_MIN(len, (size_t)(vn->size - off));
	while (done < len) {
		uint64_t at = off + done;
		size_t pg = at / PG, in = at % PG;
		size_t n = UK_MIN(len - done, PG - in);

		if (pg < f->npages && f->pages[pg])
			uk_memcpy((char *)buf + done, f->pages[pg] + in, n);
		else
			uk_memset((char *)buf + done, 0, n);
		done += n;
	}
	return done;
}

/* Makes room for page @pg in the array. */
static int grow(struct rfile *f, size_t pg)
{
	size_t n = f->npages ? f->npages : 16;
	char **p;

	while (n <= pg)
		n *= 2;
	if (n == f->npages)
		return 0;
	p = uk_realloc(A(), f->pages, n * sizeof(*p));
	if (!p)
		return -UK_ENOSPC;
	uk_memset(p + f->npages, 0, (n - f->npages) * sizeof(*p));
	f->pages = p;
	f->npages = n;
	return 0;
}

static long ramfs_write(struct uk_vnode *vn, const void *buf, size_t len,
			int64_t off)
{
	struct rfile *f = vn->priv;
	size_t done = 0;

	if (off >= MAX_SIZE)
		return -UK_EFBIG;
	len = UK_MIN(len, (size_t)(MAX_SIZE - off));
	while (done < len) {
		uint64_t at = off + done;
		size_t pg = at / PG, in = at % PG;
		size_t n = UK_MIN(len - done, PG - in);

		if (grow(f, pg) < 0)
			break;
		if (!f->pages[pg]) {
			if (!room(vn->mnt, 1))
				break;
			f->pages[pg] = uk_malloc(A(), PG);
			if (!f->pages[pg])
				break;
			uk_memset(f->pages[pg], 0, PG);
			vn->blocks += PG / 512;
			vn->mnt->bytes += PG;
		}
		uk_memcpy(f->pages[pg] + in, (const char *)buf + done, n);
		done += n;
		if ((int64_t)(off + done) > vn->size)
			vn->size = off + done;
	}
	if (!done && len)
		return -UK_ENOSPC;
	return done;
}

/* The chunk holding page @pg, or NULL. */
static struct chunk *chunk_of(const struct rfile *f, size_t pg)
{
	for (struct chunk *c = f->chunks; c; c = c->next)
		if (pg >= c->first && pg - c->first < c->pages)
			return c;
	return NULL;
}

static void free_pages(struct uk_vnode *vn, size_t from)
{
	struct rfile *f = vn->priv;

	for (size_t i = from; i < f->npages; i++)
		if (f->pages[i] && chunk_of(f, i)) {
			uk_memset(f->pages[i], 0, PG);
		} else if (f->pages[i]) {
			uk_free(A(), f->pages[i]);
			f->pages[i] = NULL;
			vn->blocks -= PG / 512;
			vn->mnt->bytes -= PG;
		}
}

static int ramfs_truncate(struct uk_vnode *vn, int64_t size)
{
	struct rfile *f = vn->priv;

	if (size > MAX_SIZE)
		return -UK_EFBIG;
	if (size < vn->size) {
		size_t pg = size / PG, in = size % PG;

		free_pages(vn, in ? pg + 1 : pg);
		if (in && pg < f->npages && f->pages[pg])
			uk_memset(f->pages[pg] + in, 0, PG - in);
	} else if (f->chunks) {
		/* what a mapping wrote past the old end is not the file's */
		for (int64_t at = vn->size; at < size;
		     at = (at / PG + 1) * PG) {
			size_t pg = at / PG, in = at % PG;

			if (pg < f->npages && f->pages[pg] && chunk_of(f, pg))
				uk_memset(f->pages[pg] + in, 0,
					  UK_MIN((int64_t)(PG - in),
						 size - at));
		}
	}
	vn->size = size;
	return 0;
}

static int64_t ramfs_seek(struct uk_vnode *vn, int64_t off, bool hole)
{
	struct rfile *f = vn->priv;

	if (off >= vn->size)
		return -UK_ENXIO;
	for (int64_t at = off; at < vn->size; at = (at / PG + 1) * PG) {
		size_t pg = at / PG;
		bool data = pg < f->npages && f->pages[pg];

		if (data != hole)
			return at;
	}
	return hole ? vn->size : -UK_ENXIO;
}

static void ramfs_release(struct uk_vnode *vn)
{
	if (uk_vnode_is_reg(vn)) {
		struct rfile *f = vn->priv;

		free_pages(vn, 0);
		while (f->chunks) {
			struct chunk *c = f->chunks;

			f->chunks = c->next;
			uk_pfree(A(), c->mem, c->pages);
			vn->mnt->bytes -= c->pages * PG;
			uk_free(A(), c);
		}
		uk_free(A(), f->pages);
		uk_free(A(), f);
	}
	uk_free(A(), (void *)vn->target);
	uk_free(A(), vn);
}

static int ramfs_map(struct uk_vnode *vn, uint64_t pgoff, size_t pages,
		     void **addr)
{
	struct rfile *f = vn->priv;
	struct chunk *c;

	if (pgoff > MAX_SIZE / PG || pages > MAX_SIZE / PG - pgoff)
		return -UK_EFBIG;
	for (c = f->chunks; c; c = c->next) {
		if (pgoff >= c->first &&
		    pgoff + pages <= c->first + c->pages) {
			*addr = c->mem + (pgoff - c->first) * PG;
			return 0;
		}
		if (pgoff < c->first + c->pages && c->first < pgoff + pages)
			return -UK_ENODEV;
	}
	if (!room(vn->mnt, pages))
		return -UK_ENOSPC;
	if (grow(f, pgoff + pages - 1) < 0)
		return -UK_ENOMEM;
	c = uk_malloc(A(), sizeof(*c));
	if (!c)
		return -UK_ENOMEM;
	c->mem = uk_palloc(A(), pages);
	if (!c->mem) {
		uk_free(A(), c);
		return -UK_ENOMEM;
	}
	/* the pages move into the run; every page of it is counted held */
	for (size_t i = 0; i < pages; i++) {
		char **pp = &f->pages[pgoff + i], *pg = c->mem + i * PG;

		if (*pp) {
			uk_memcpy(pg, *pp, PG);
			uk_free(A(), *pp);
		} else {
			uk_memset(pg, 0, PG);
			vn->blocks += PG / 512;
			vn->mnt->bytes += PG;
		}
		*pp = pg;
	}
	c->first = pgoff;
	c->pages = pages;
	c->next = f->chunks;
	f->chunks = c;
	*addr = c->mem;
	return 0;
}

static const struct uk_vnode_ops ramfs_ops = {
	.map = ramfs_map,
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rename = ramfs_rename,
	.readdir = ramfs_readdir,
	.read = ramfs_read,
	.write = ramfs_write,
	.truncate = ramfs_truncate,
	.seek = ramfs_seek,
	.release = ramfs_release,
};

static int ramfs_mount(struct uk_mount *m, const char *source)
{
	struct uk_vnode *root = uk_vnode_alloc(m, UK_S_IFDIR | 0755);

	if (!root)
		return -UK_ENOMEM;
	root->ops = &ramfs_ops;
	root->nlink = 2;
	root->size = 4096;
	root->parent = root;
	m->root = root;
	return 0;
}

static const struct uk_fstype ramfs = {
	.name = "ramfs",
	.mount = ramfs_mount,
};
UK_FSTYPE_REGISTER(ramfs);
