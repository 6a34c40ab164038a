/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 9P2000.L client (p9.h): messages built in c->req, replies parsed
 * from c->rep with bounds checks; data of reads and writes moves
 * straight between the caller's buffer and the transport.
 *
 * A message is size[4] type[1] tag[2] and the fields of its type, all
 * little-endian; a string is len[2] and its bytes; a qid is type[1]
 * version[4] path[8].
 */
#include "p9.h"
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/string.h>

#define A()	uk_alloc_get_default()

enum {
	RLERROR = 7, TSTATFS = 8, TLOPEN = 12, TLCREATE = 14,
	TSYMLINK = 16, TREADLINK = 22, TGETATTR = 24, TSETATTR = 26,
	TREADDIR = 40, TFSYNC = 50, TLINK = 70, TMKDIR = 72,
	TRENAMEAT = 74, TUNLINKAT = 76, TVERSION = 100, TATTACH = 104,
	TWALK = 110, TREAD = 116, TWRITE = 118, TCLUNK = 120,
};

#define NOTAG		0xffff
#define HDR		7	/* size, type, tag */
#define GETATTR_BASIC	0x7ffULL
#define P9_VERSION		"9P2000.L"

/* ---- building a request ---- */

static void put(struct p9 *c, const void *p, size_t n)
{
	if (c->wpos + n > P9_BUF) {
		c->bad = true;
		return;
	}
	uk_memcpy(c->req + c->wpos, p, n);
	c->wpos += n;
}

/* Little-endian on every libuk architecture: fields are copied as is. */
static void put8(struct p9 *c, uint8_t v)	{ put(c, &v, 1); }
static void put16(struct p9 *c, uint16_t v)	{ put(c, &v, 2); }
static void put32(struct p9 *c, uint32_t v)	{ put(c, &v, 4); }
static void put64(struct p9 *c, uint64_t v)	{ put(c, &v, 8); }

static void putstr(struct p9 *c, const char *s, size_t len)
{
	if (len > 0xffff) {
		c->bad = true;
		return;
	}
	put16(c, len);
	put(c, s, len);
}

static void begin(struct p9 *c, uint8_t type)
{
	c->wpos = 0;
	c->bad = false;
	if (type == TVERSION) {
		c->tag = NOTAG;
	} else if (++c->tag == NOTAG) {
		c->tag = 0;
	}
	put32(c, 0);
	put8(c, type);
	put16(c, c->tag);
}

/* ---- parsing a reply ---- */

static void get(struct p9 *c, void *p, size_t n)
{
	if (c->bad || n > c->rend - c->rpos) {
		c->bad = true;
		uk_memset(p, 0, n);
		return;
	}
	uk_memcpy(p, c->rep + c->rpos, n);
	c->rpos += n;
}

/* A little-endian field of @n bytes (every libuk architecture is). */
static uint64_t getn(struct p9 *c, size_t n)
{
	uint64_t v = 0;

	get(c, &v, n);
	return v;
}

#define get8(c)		((uint8_t)getn(c, 1))
#define get16(c)	((uint16_t)getn(c, 2))
#define get32(c)	((uint32_t)getn(c, 4))
#define get64(c)	getn(c, 8)

/* A string in the reply: its bytes stay in c->rep. */
static const char *getstr(struct p9 *c, size_t *len)
{
	const char *s;

	*len = get16(c);
	if (c->bad || *len > c->rend - c->rpos) {
		c->bad = true;
		*len = 0;
		return "";
	}
	s = c->rep + c->rpos;
	c->rpos += *len;
	return s;
}

static void getqid(struct p9 *c, struct p9_qid *q)
{
	q->type = get8(c);
	q->version = get32(c);
	q->path = get64(c);
}

static int malformed(struct p9 *c, const char *why)
{
	if (!c->warned)
		uk_pr_err("9p: %s: malformed reply (%s); the call fails with EIO\n",
			  c->t->tag, why);
	c->warned = true;
	return -UK_EIO;
}

/* Whether parsing stayed inside the reply; -EIO otherwise. */
static int done(struct p9 *c)
{
	return c->bad ? malformed(c, "fields past its end") : 0;
}

/*
 * Sends the request built, with @wdata after it, and checks the reply's
 * header: the reply goes to c->rep (@rhdr bytes of it when @rdata is
 * given, the rest into @rdata of @rlen bytes). Returns 0 with c->rpos
 * at the reply's fields and c->rend at its end (in c->rep), the errno
 * of an Rlerror negated, or -EIO. *@extra gets the bytes of the reply
 * that went into @rdata.
 */
static int rpc_data(struct p9 *c, const void *wdata, uint32_t wlen,
		    uint32_t rhdr, void *rdata, uint32_t rlen,
		    uint32_t *extra)
{
	struct uk_9p_iov out[2], in[2];
	uint8_t type = c->req[4];
	uint32_t got = 0, size, cap;
	uint16_t tag;
	int r;

	if (c->bad)
		return -UK_ENAMETOOLONG;	/* a request too big to send */
	if (!c->t)
		return -UK_EIO;
	size = c->wpos + wlen;
	uk_memcpy(c->req, &size, 4);
	out[0] = (struct uk_9p_iov){ c->req, c->wpos };
	out[1] = (struct uk_9p_iov){ (void *)wdata, wlen };
	in[0] = (struct uk_9p_iov){ c->rep, rdata ? rhdr : P9_BUF };
	in[1] = (struct uk_9p_iov){ rdata, rlen };
	r = c->t->request(c->t, out, wlen ? 2 : 1, in, rdata ? 2 : 1, &got);
	if (r < 0)
		return -UK_EIO;
	cap = in[0].len + (rdata ? rlen : 0);
	if (got < HDR || got > cap)
		return malformed(c, "length out of range");
	uk_memcpy(&size, c->rep, 4);
	if (size < HDR || size > got)
		return malformed(c, "size field out of range");
	c->rpos = HDR;
	c->rend = UK_MIN(size, in[0].len);
	*extra = size - c->rend;
	c->bad = false;
	uk_memcpy(&tag, c->rep + 5, 2);
	if (tag != c->tag)
		return malformed(c, "wrong tag");
	if ((uint8_t)c->rep[4] == RLERROR) {
		uint32_t e = get32(c);

		if (c->bad || *extra || e == 0 || e > 4095)
			return malformed(c, "bad Rlerror");
		return -(int)e;
	}
	if ((uint8_t)c->rep[4] != type + 1)
		return malformed(c, "wrong type");
	return 0;
}

static int rpc(struct p9 *c)
{
	uint32_t extra;

	return rpc_data(c, NULL, 0, 0, NULL, 0, &extra);
}

/* A reply with no fields. */
static int rpc_empty(struct p9 *c)
{
	int r = rpc(c);

	return r < 0 ? r : done(c);
}

/* A reply of one qid. */
static int rpc_qid(struct p9 *c, struct p9_qid *qid)
{
	int r = rpc(c);

	if (r < 0)
		return r;
	getqid(c, qid);
	return done(c);
}

/* ---- the calls ---- */

int p9_connect(struct p9 *c, struct uk_9p_trans *t)
{
	uint32_t want = P9_MSIZE;
	size_t vlen;
	const char *v;
	int r;

	*c = (struct p9){ .t = t, .next_fid = 1 };
	c->req = uk_malloc(A(), P9_BUF);
	c->rep = uk_malloc(A(), P9_BUF);
	if (!c->req || !c->rep) {
		p9_disconnect(c);
		return -UK_ENOMEM;
	}
	if (t->max_msize && t->max_msize < want)
		want = t->max_msize;
	begin(c, TVERSION);
	put32(c, want);
	putstr(c, P9_VERSION, sizeof(P9_VERSION) - 1);
	r = rpc(c);
	if (r == 0) {
		c->msize = get32(c);
		v = getstr(c, &vlen);
		r = done(c);
	}
	if (r == 0 && (c->msize < 4096 || c->msize > want ||
		       vlen != sizeof(P9_VERSION) - 1 ||
		       uk_memcmp(v, P9_VERSION, vlen)))
		r = malformed(c, "version or msize refused");
	if (r < 0)
		p9_disconnect(c);
	return r;
}

void p9_disconnect(struct p9 *c)
{
	uk_free(A(), c->req);
	uk_free(A(), c->rep);
	c->req = c->rep = NULL;
	c->t = NULL;
}

uint32_t p9_fid_new(struct p9 *c)
{
	if (c->next_fid == P9_NOFID)
		c->next_fid = 1;
	return c->next_fid++;
}

int p9_attach(struct p9 *c, uint32_t fid, struct p9_qid *qid)
{
	begin(c, TATTACH);
	put32(c, fid);
	put32(c, P9_NOFID);
	putstr(c, "root", 4);
	putstr(c, "", 0);
	put32(c, 0);
	return rpc_qid(c, qid);
}

int p9_walk(struct p9 *c, uint32_t fid, uint32_t newfid, const char *name,
	    size_t len, struct p9_qid *qid)
{
	uint16_t n;
	int r;

	begin(c, TWALK);
	put32(c, fid);
	put32(c, newfid);
	put16(c, len ? 1 : 0);
	if (len)
		putstr(c, name, len);
	r = rpc(c);
	if (r < 0)
		return r;
	n = get16(c);
	if (n > (len ? 1 : 0))
		return malformed(c, "more qids than names");
	if (n)
		getqid(c, qid);
	r = done(c);
	if (r == 0 && len && n == 0)
		r = -UK_ENOENT;	/* the server made no newfid */
	return r;
}

int p9_getattr(struct p9 *c, uint32_t fid, struct p9_attr *a)
{
	int r;

	begin(c, TGETATTR);
	put32(c, fid);
	put64(c, GETATTR_BASIC);
	r = rpc(c);
	if (r < 0)
		return r;
	getn(c, 8);	/* valid */
	getqid(c, &a->qid);
	a->mode = get32(c);
	a->uid = get32(c);
	a->gid = get32(c);
	a->nlink = get64(c);
	a->rdev = get64(c);
	a->size = get64(c);
	getn(c, 8);	/* blksize */
	a->blocks = get64(c);
	a->atime_sec = get64(c);
	a->atime_nsec = get64(c);
	a->mtime_sec = get64(c);
	a->mtime_nsec = get64(c);
	a->ctime_sec = get64(c);
	a->ctime_nsec = get64(c);
	a->btime_sec = get64(c);
	a->btime_nsec = get64(c);
	getn(c, 8);	/* gen */
	getn(c, 8);	/* data_version */
	return done(c);
}

int p9_setattr(struct p9 *c, uint32_t fid, uint32_t valid,
	       const struct p9_attr *a)
{
	begin(c, TSETATTR);
	put32(c, fid);
	put32(c, valid);
	put32(c, a->mode);
	put32(c, a->uid);
	put32(c, a->gid);
	put64(c, a->size);
	put64(c, a->atime_sec);
	put64(c, a->atime_nsec);
	put64(c, a->mtime_sec);
	put64(c, a->mtime_nsec);
	return rpc_empty(c);
}

int p9_lopen(struct p9 *c, uint32_t fid, uint32_t flags)
{
	struct p9_qid qid;
	int r;

	begin(c, TLOPEN);
	put32(c, fid);
	put32(c, flags);
	r = rpc(c);
	if (r < 0)
		return r;
	getqid(c, &qid);
	getn(c, 4);	/* iounit */
	return done(c);
}

int p9_lcreate(struct p9 *c, uint32_t fid, const char *name, size_t len,
	       uint32_t flags, uint32_t mode, struct p9_qid *qid)
{
	int r;

	begin(c, TLCREATE);
	put32(c, fid);
	putstr(c, name, len);
	put32(c, flags);
	put32(c, mode);
	put32(c, 0);	/* gid */
	r = rpc(c);
	if (r < 0)
		return r;
	getqid(c, qid);
	getn(c, 4);	/* iounit */
	return done(c);
}

/* The largest data one Tread or Twrite carries. */
static uint32_t chunk(struct p9 *c, uint32_t len)
{
	return UK_MIN(len, c->msize - P9_IOHDR);
}

long p9_read(struct p9 *c, uint32_t fid, uint64_t off, void *buf,
	     uint32_t len)
{
	uint32_t count, extra;
	int r;

	len = chunk(c, len);
	begin(c, TREAD);
	put32(c, fid);
	put64(c, off);
	put32(c, len);
	/* size, type, tag, count: then the data lands in @buf */
	r = rpc_data(c, NULL, 0, HDR + 4, buf, len, &extra);
	if (r < 0)
		return r;
	count = get32(c);
	r = done(c);
	if (r < 0)
		return r;
	if (count != extra || count > len)
		return malformed(c, "read count does not match");
	return count;
}

long p9_write(struct p9 *c, uint32_t fid, uint64_t off, const void *buf,
	      uint32_t len)
{
	uint32_t count, extra;
	int r;

	len = chunk(c, len);
	begin(c, TWRITE);
	put32(c, fid);
	put64(c, off);
	put32(c, len);
	r = rpc_data(c, buf, len, 0, NULL, 0, &extra);
	if (r < 0)
		return r;
	count = get32(c);
	r = done(c);
	if (r < 0)
		return r;
	if (count > len)
		return malformed(c, "wrote more than sent");
	return count;
}

int p9_readdir(struct p9 *c, uint32_t fid, uint64_t *off,
	       void (*fn)(void *arg, const char *name, size_t len,
			  const struct p9_qid *qid),
	       void *arg)
{
	uint32_t count, end;
	int r, n = 0;

	begin(c, TREADDIR);
	put32(c, fid);
	put64(c, *off);
	put32(c, P9_BUF - HDR - 4);
	r = rpc(c);
	if (r < 0)
		return r;
	count = get32(c);
	if (c->bad || count != c->rend - c->rpos)
		return malformed(c, "readdir count does not match");
	end = c->rend;
	while (c->rpos < end) {
		struct p9_qid qid;
		const char *name;
		uint64_t next;
		size_t len;

		getqid(c, &qid);
		next = get64(c);
		getn(c, 1);	/* type */
		name = getstr(c, &len);
		if (c->bad)
			return done(c);
		fn(arg, name, len, &qid);
		*off = next;
		n++;
	}
	return n;
}

int p9_mkdir(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode, struct p9_qid *qid)
{
	begin(c, TMKDIR);
	put32(c, dfid);
	putstr(c, name, len);
	put32(c, mode);
	put32(c, 0);	/* gid */
	return rpc_qid(c, qid);
}

int p9_symlink(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	       const char *target, struct p9_qid *qid)
{
	begin(c, TSYMLINK);
	put32(c, dfid);
	putstr(c, name, len);
	putstr(c, target, uk_strlen(target));
	put32(c, 0);	/* gid */
	return rpc_qid(c, qid);
}

int p9_readlink(struct p9 *c, uint32_t fid, char *buf, size_t size)
{
	const char *s;
	size_t len;
	int r;

	begin(c, TREADLINK);
	put32(c, fid);
	r = rpc(c);
	if (r < 0)
		return r;
	s = getstr(c, &len);
	r = done(c);
	if (r < 0)
		return r;
	if (len + 1 > size)
		return -UK_ENAMETOOLONG;
	uk_memcpy(buf, s, len);
	buf[len] = 0;
	return 0;
}

int p9_link(struct p9 *c, uint32_t dfid, uint32_t fid, const char *name,
	    size_t len)
{
	begin(c, TLINK);
	put32(c, dfid);
	put32(c, fid);
	putstr(c, name, len);
	return rpc_empty(c);
}

int p9_unlinkat(struct p9 *c, uint32_t dfid, const char *name, size_t len,
		uint32_t flags)
{
	begin(c, TUNLINKAT);
	put32(c, dfid);
	putstr(c, name, len);
	put32(c, flags);
	return rpc_empty(c);
}

int p9_renameat(struct p9 *c, uint32_t ofid, const char *oname, size_t olen,
		uint32_t nfid, const char *nname, size_t nlen)
{
	begin(c, TRENAMEAT);
	put32(c, ofid);
	putstr(c, oname, olen);
	put32(c, nfid);
	putstr(c, nname, nlen);
	return rpc_empty(c);
}

int p9_fsync(struct p9 *c, uint32_t fid)
{
	begin(c, TFSYNC);
	put32(c, fid);
	put32(c, 0);	/* datasync */
	return rpc_empty(c);
}

int p9_clunk(struct p9 *c, uint32_t fid)
{
	begin(c, TCLUNK);
	put32(c, fid);
	return rpc_empty(c);
}

int p9_statfs(struct p9 *c, uint32_t fid, struct p9_statfs *st)
{
	int r;

	begin(c, TSTATFS);
	put32(c, fid);
	r = rpc(c);
	if (r < 0)
		return r;
	st->type = get32(c);
	st->bsize = get32(c);
	st->blocks = get64(c);
	st->bfree = get64(c);
	st->bavail = get64(c);
	st->files = get64(c);
	st->ffree = get64(c);
	st->fsid = get64(c);
	st->namelen = get32(c);
	return done(c);
}
