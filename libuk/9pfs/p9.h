/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 9P2000.L client: one call per message type, over a transport of
 * uk/9p.h. Each call sends one request and checks its reply: an Rlerror
 * gives its errno negated; a reply that is malformed (size field out of
 * range, wrong tag or type, fields past its end, a count larger than
 * asked) gives -EIO and is reported once. Calls are not reentrant: the
 * caller serialises them (one request in flight).
 */
#ifndef P9_H
#define P9_H

#include <uk/9p.h>

#define P9_NOFID	0xffffffffU
#define P9_MSIZE	(512 * 1024)	/* what the client asks for */
#define P9_BUF		8192		/* request/reply buffer, non-data */
#define P9_IOHDR	24		/* room a read/write header takes */

#define P9_QTDIR	0x80
#define P9_QTSYMLINK	0x02

/* Linux open flags, as Tlopen/Tlcreate carry them */
#define P9_O_RDONLY	0
#define P9_O_WRONLY	1
#define P9_O_RDWR	2
#define P9_O_CREAT	0100
#define P9_O_EXCL	0200
#define P9_O_DIRECTORY	0200000
#define P9_AT_REMOVEDIR	0x200

struct p9_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

struct p9_attr {
	struct p9_qid qid;
	uint32_t mode, uid, gid;
	uint64_t nlink, rdev, size, blocks;
	int64_t atime_sec, mtime_sec, ctime_sec, btime_sec;
	long atime_nsec, mtime_nsec, ctime_nsec, btime_nsec;
};

struct p9_statfs {
	uint32_t type, bsize, namelen;
	uint64_t blocks, bfree, bavail, files, ffree, fsid;
};

struct p9 {
	struct uk_9p_trans *t;
	uint32_t msize;		/* negotiated */
	uint16_t tag;		/* of the request being made */
	uint32_t next_fid;
	char *req, *rep;	/* P9_BUF bytes each */
	uint32_t wpos;		/* request being built */
	uint32_t rpos, rend;	/* reply being parsed */
	bool bad;		/* request overflow or reply malformed */
	bool warned;
};

/* Tversion: negotiates msize and "9P2000.L" over @t. -EIO when the
 * server does not speak it or gives an msize below 4096. */
int p9_connect(struct p9 *c, struct uk_9p_trans *t);
/* Frees the buffers (the transport stays). */
void p9_disconnect(struct p9 *c);

/* A fid number no other fid of @c has. */
uint32_t p9_fid_new(struct p9 *c);

int p9_attach(struct p9 *c, uint32_t fid, struct p9_qid *qid);
/* Walks @fid to @newfid through name @name (@len 0: a clone). */
int p9_walk(struct p9 *c, uint32_t fid, uint32_t newfid, const char *name,
	    size_t len, struct p9_qid *qid);
int p9_getattr(struct p9 *c, uint32_t fid, struct p9_attr *a);
/* Tsetattr: the fields of @valid (P9_SETATTR_*) from @a (mode, uid,
 * gid, size, atime, mtime). */
#define P9_SETATTR_MODE		0x1
#define P9_SETATTR_UID		0x2
#define P9_SETATTR_GID		0x4
#define P9_SETATTR_SIZE		0x8
#define P9_SETATTR_ATIME	0x10
#define P9_SETATTR_MTIME	0x20
#define P9_SETATTR_ATIME_SET	0x80
#define P9_SETATTR_MTIME_SET	0x100
int p9_setattr(struct p9 *c, uint32_t fid, uint32_t valid,
	       const struct p9_attr *a);
int p9_lopen(struct p9 *c, uint32_t fid, uint32_t flags);
int p9_lcreate(struct p9 *c, uint32_t fid, const char *name, size_t len,
	       uint32_t flags, uint32_t mode, struct p9_qid *qid);
/* One Tread/Twrite of at most msize - P9_IOHDR bytes straight into or
 * from @buf: the bytes moved, or a negative errno. */
long p9_read(struct p9 *c, uint32_t fid, uint64_t off, void *buf,
	     uint32_t len);
long p9_write(struct p9 *c, uint32_t fid, uint64_t off, const void *buf,
	      uint32_t len);
/*
 * Treaddir from *@off: calls @fn for each entry (name not
 * NUL-terminated) and moves *@off past it. Returns the number of
 * entries (0 at the end) or a negative errno.
 */
int p9_readdir(struct p9 *c, uint32_t fid, uint64_t *off,
	       void (*fn)(void *arg, const char *name, size_t len,
			  const struct p9_qid *qid),
	       void *arg);
int p9_mkdir(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode, struct p9_qid *qid);
int p9_symlink(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	       const char *target, struct p9_qid *qid);
/* The target, NUL-terminated, into @buf of @size bytes (-ENAMETOOLONG
 * when it does not fit). */
int p9_readlink(struct p9 *c, uint32_t fid, char *buf, size_t size);
int p9_link(struct p9 *c, uint32_t dfid, uint32_t fid, const char *name,
	    size_t len);
int p9_unlinkat(struct p9 *c, uint32_t dfid, const char *name, size_t len,
		uint32_t flags);
int p9_renameat(struct p9 *c, uint32_t ofid, const char *oname, size_t olen,
		uint32_t nfid, const char *nname, size_t nlen);
int p9_fsync(struct p9 *c, uint32_t fid);
int p9_clunk(struct p9 *c, uint32_t fid);
int p9_statfs(struct p9 *c, uint32_t fid, struct p9_statfs *st);

#endif /* P9_H */
