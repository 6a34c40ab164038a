/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtual file system: vnodes, file-system types, mounts and path
 * lookup. The POSIX layer (libuk/posix) puts the system calls on top.
 *
 * A vnode is a file, directory, symbolic link or device node of one
 * mounted file system. It lives while it has a name (nlink > 0) or a
 * reference (an open file, the working directory): uk_vnode_get() and
 * uk_vnode_put(); the file system frees it at the last put after its
 * last name went. Lookups take no reference: every system call runs
 * with preemption off, so nothing goes away during one call.
 *
 * File-system types register through the .uk_fstypes linker section
 * (UK_FSTYPE_REGISTER); uk_vfs_mount() mounts one on a directory.
 * The root is a ramfs, made at the first use of the VFS.
 *
 * Functions return 0 or a negative errno unless said otherwise.
 */
#ifndef UK_VFS_H
#define UK_VFS_H

#include <uk/essentials.h>

#define UK_S_IFMT	0170000
#define UK_S_IFSOCK	0140000
#define UK_S_IFLNK	0120000
#define UK_S_IFREG	0100000
#define UK_S_IFBLK	0060000
#define UK_S_IFDIR	0040000
#define UK_S_IFCHR	0020000
#define UK_S_IFIFO	0010000

#define UK_VFS_PATH_MAX		4096	/* with its NUL */
#define UK_VFS_NAME_MAX		255
#define UK_VFS_SYMLOOP_MAX	40

struct uk_vnode;
struct uk_mount;

struct uk_vfs_time {
	int64_t sec;
	long nsec;
};

/* A file system's counts, for statfs (as Linux's struct statfs). */
struct uk_vfs_statfs {
	unsigned long type, bsize, namelen;
	uint64_t blocks, bfree, bavail, files, ffree;
};

/* What a file system does; NULL entries give -EPERM (or -EINVAL for
 * read/write), as for a file system that cannot. */
struct uk_vnode_ops {
	/* directories: the child @name (@len bytes, not "." or "..") */
	int (*lookup)(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode **out);
	/* makes @name in @dir: a node of @mode (regular, directory,
	 * device, fifo; @rdev for devices), or a symlink to @target */
	int (*create)(struct uk_vnode *dir, const char *name, size_t len,
		      unsigned int mode, unsigned int rdev,
		      const char *target, struct uk_vnode **out);
	/* another name for @vn (not a directory) */
	int (*link)(struct uk_vnode *dir, const char *name, size_t len,
		    struct uk_vnode *vn);
	/* removes the name; @dir: only an empty directory, else only a
	 * non-directory */
	int (*unlink)(struct uk_vnode *dir, const char *name, size_t len,
		      bool rmdir);
	/* moves a name, replacing what the new name held (POSIX rules
	 * checked by the VFS: types match, a directory replaced is empty) */
	int (*rename)(struct uk_vnode *odir, const char *oname, size_t olen,
		      struct uk_vnode *ndir, const char *nname, size_t nlen);
	/* directory entry @pos (0, 1, ...; no "." or ".."): its name,
	 * inode and vnode; -ENOENT past the end */
	int (*readdir)(struct uk_vnode *dir, long pos, const char **name,
		       struct uk_vnode **vn);
	long (*read)(struct uk_vnode *vn, void *buf, size_t len, int64_t off);
	long (*write)(struct uk_vnode *vn, const void *buf, size_t len,
		      int64_t off);
	int (*truncate)(struct uk_vnode *vn, int64_t size);
	/* next data (or hole) at or after @off; -ENXIO past the end */
	int64_t (*seek)(struct uk_vnode *vn, int64_t off, bool hole);
	/* passes on the attributes @what (UK_VFS_SET_*) the VFS changed in
	 * @vn (chmod, chown, utimensat); NULL: the vnode is all there is.
	 * On an error the caller puts the old values back. */
	int (*setattr)(struct uk_vnode *vn, unsigned int what);
	/* writes what the file holds back to its storage (fsync: 9pfs's
	 * server, a block device's cache); NULL: nothing to write back */
	int (*fsync)(struct uk_vnode *vn);
	/* the counts of the file system @vn is on; NULL: ramfs's */
	int (*statfs)(struct uk_vnode *vn, struct uk_vfs_statfs *st);
	/* nlink and refs are 0: free it */
	void (*release)(struct uk_vnode *vn);
	/* regular files, for MAP_SHARED: *@addr is @pages pages of memory
	 * that are the file's data from page @pgoff on (the file's own
	 * pages: what is written there, read() sees, and the reverse),
	 * valid while the caller holds a reference on @vn; pages past the
	 * end of the file read as zeros. NULL: such mappings are not
	 * possible (-ENODEV) */
	int (*map)(struct uk_vnode *vn, uint64_t pgoff, size_t pages,
		   void **addr);
	/* symlinks that stand for a vnode rather than a path (procfs's
	 * fd/N): *@out is it, or NULL to follow the target as a path */
	int (*follow)(struct uk_vnode *lnk, struct uk_vnode **out);
	/* device requests (ioctl: @req is 32 bits, as Linux's cmd) on an
	 * open file; NULL: -ENOTTY */
	int (*ioctl)(struct uk_vnode *vn, unsigned long req, void *arg);
};

#define UK_VFS_SET_MODE		1
#define UK_VFS_SET_OWNER	2	/* uid and gid */
#define UK_VFS_SET_ATIME	4
#define UK_VFS_SET_MTIME	8

struct uk_vnode {
	const struct uk_vnode_ops *ops;
	struct uk_mount *mnt;
	unsigned long ino;
	unsigned int mode;		/* UK_S_IF* and permissions */
	unsigned int uid, gid;
	unsigned int nlink;
	unsigned int refs;		/* uk_vnode_get()s not put */
	unsigned int rdev;		/* (major << 8) | minor */
	int64_t size;			/* bytes; symlinks: target length */
	uint64_t blocks;		/* 512-byte blocks held */
	struct uk_vfs_time atime, mtime, ctime, btime;
	struct uk_vnode *parent;	/* directories: for ".." */
	struct uk_mount *mounted;	/* a file system mounted here */
	bool linkable;			/* nlink 0 but may be linked again
					 * (O_TMPFILE without O_EXCL) */
	/* symlinks: the target; a regular file with no name (memfd):
	 * NULL or what /proc/self/fd shows for it, freed with the vnode */
	const char *target;
	const void *dev;		/* device nodes: the POSIX layer's node */
	void *priv;			/* the file system's */
};

struct uk_mount {
	const struct uk_fstype *type;
	struct uk_vnode *root;
	struct uk_vnode *covered;	/* the directory mounted on */
	unsigned long dev;		/* st_dev of its vnodes */
	unsigned long next_ino;
	uint64_t bytes;			/* data held (statfs) */
	void *priv;
};

struct uk_fstype {
	const char *name;
	/* fills @m->root (and @m->priv) from @source */
	int (*mount)(struct uk_mount *m, const char *source);
};

#define UK_FSTYPE_REGISTER(fs)						\
	static const struct uk_fstype *const __uk_fstype_##fs		\
	__used __section(".uk_fstypes") __aligned(8) = &(fs)

static inline bool uk_vnode_is_dir(const struct uk_vnode *vn)
{
	return (vn->mode & UK_S_IFMT) == UK_S_IFDIR;
}

static inline bool uk_vnode_is_reg(const struct uk_vnode *vn)
{
	return (vn->mode & UK_S_IFMT) == UK_S_IFREG;
}

static inline bool uk_vnode_is_lnk(const struct uk_vnode *vn)
{
	return (vn->mode & UK_S_IFMT) == UK_S_IFLNK;
}

void uk_vnode_get(struct uk_vnode *vn);
void uk_vnode_put(struct uk_vnode *vn);

/* A vnode a file system makes: zeroed, with its mount, a fresh inode
 * number, the times now, uid/gid 0; NULL when memory is short. */
struct uk_vnode *uk_vnode_alloc(struct uk_mount *m, unsigned int mode);
/* The current wall-clock time. */
struct uk_vfs_time uk_vfs_now(void);

/* The root directory (made at the first call). */
struct uk_vnode *uk_vfs_root(void);

/* Mounts a file system of type @type from @source on directory @path. */
int uk_vfs_mount(const char *type, const char *source, const char *path);

/*
 * Path lookup from @start (absolute paths from the root). Handles ".",
 * "..", repeated slashes, mounts and symbolic links (-ELOOP past
 * UK_VFS_SYMLOOP_MAX), -ENAMETOOLONG, -ENOTDIR.
 *
 * UK_VFS_FOLLOW: a symlink as the last component is followed.
 * UK_VFS_PARENT: stops at the last component: nd->dir is its directory,
 * nd->name/len the name (len 0 for "/"), nd->vn the vnode it names or
 * NULL when it does not exist (then the return is 0).
 * Without it, nd->vn is what @path names, or -ENOENT.
 * A trailing slash requires a directory (-ENOTDIR), and for a missing
 * last component with UK_VFS_PARENT sets nd->slash.
 */
#define UK_VFS_FOLLOW	1
#define UK_VFS_PARENT	2

struct uk_vfs_nd {
	struct uk_vnode *dir;
	const char *name;
	size_t len;
	struct uk_vnode *vn;
	bool slash;
};

int uk_vfs_lookup(struct uk_vnode *start, const char *path, int flags,
		  struct uk_vfs_nd *nd);

/* The absolute path of directory @dir into @buf of @size bytes; returns
 * its length with the NUL, or -ERANGE. */
long uk_vfs_path(struct uk_vnode *dir, char *buf, size_t size);

/* Operations with the VFS's checks, on vnodes found by lookup. */
int uk_vfs_create(struct uk_vnode *dir, const char *name, size_t len,
		  unsigned int mode, unsigned int rdev, const char *target,
		  struct uk_vnode **out);
int uk_vfs_unlink(struct uk_vnode *dir, const char *name, size_t len,
		  bool rmdir);
int uk_vfs_rename(struct uk_vfs_nd *from, struct uk_vfs_nd *to);
int uk_vfs_link(struct uk_vnode *dir, const char *name, size_t len,
		struct uk_vnode *vn);
long uk_vfs_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off);
long uk_vfs_write(struct uk_vnode *vn, const void *buf, size_t len,
		  int64_t off);
int uk_vfs_truncate(struct uk_vnode *vn, int64_t size);

/* Unpacks a cpio (newc) archive of @len bytes into directory @dir;
 * -EINVAL with a message on the console for a malformed archive. */
int uk_vfs_cpio_extract(struct uk_vnode *dir, const void *archive,
			size_t len);

#endif /* UK_VFS_H */
