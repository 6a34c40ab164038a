/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9pfs against a fake transport: a tiny in-test 9P2000.L server (one
 * directory holding files "x" and "y" of 1000 bytes of 'a') whose
 * replies a test can spoil for one message type: wrong tag, wrong type,
 * size field too large or too small, the reply cut short, a length
 * beyond the buffers, an Rlerror with a bad code, a read count beyond
 * what was asked, a readdir entry running past the reply. Each must
 * give -EIO through the VFS (never a crash, never data); a good Rlerror
 * gives its errno.
 */
#include <uk/test.h>
#include <uk/vfs.h>
#include <uk/9p.h>
#include <uk/errno.h>
#include <uk/string.h>

enum { T_VERSION = 100, T_ATTACH = 104, T_WALK = 110, T_GETATTR = 24,
       T_LOPEN = 12, T_READ = 116, T_READDIR = 40, T_CLUNK = 120,
       R_LERROR = 7 };

enum spoil { NONE, TAG, TYPE, SIZE_BIG, SIZE_SMALL, SHORT, GOT_BIG,
	     LERROR, LERROR_BAD, COUNT_BIG, ENTRY_LONG, DEAD, MSIZE_SMALL,
	     EXTRA_QIDS };

static struct {
	uint8_t type;		/* the request type spoiled */
	enum spoil how;
	uint32_t err;		/* for LERROR */
	char only;		/* Twalk: spoil only walks to this name */
} spoil;

static uint8_t rq[16384], rp[16384];
static uint32_t rl;

static void p8(uint8_t v)	{ rp[rl++] = v; }
static void p16(uint16_t v)	{ uk_memcpy(rp + rl, &v, 2); rl += 2; }
static void p32(uint32_t v)	{ uk_memcpy(rp + rl, &v, 4); rl += 4; }
static void p64(uint64_t v)	{ uk_memcpy(rp + rl, &v, 8); rl += 8; }

static void pstr(const char *s)
{
	p16(uk_strlen(s));
	uk_memcpy(rp + rl, s, uk_strlen(s));
	rl += uk_strlen(s);
}

static void pqid(bool dir, uint64_t path)
{
	p8(dir ? 0x80 : 0);
	p32(0);
	p64(path);
}

static uint32_t r32(unsigned int at)
{
	uint32_t v;

	uk_memcpy(&v, rq + at, 4);
	return v;
}

static uint64_t r64(unsigned int at)
{
	uint64_t v;

	uk_memcpy(&v, rq + at, 8);
	return v;
}

/* The good reply to the request in rq, into rp. */
static void serve(uint8_t type)
{
	uint32_t fid = r32(7);

	switch (type) {
	case T_VERSION:
		p32(spoil.how == MSIZE_SMALL ? 1024 : 65536);
		pstr("9P2000.L");
		break;
	case T_ATTACH:
		pqid(true, 1);
		break;
	case T_WALK: {
		uint16_t n;

		uk_memcpy(&n, rq + 15, 2);
		p16(spoil.how == EXTRA_QIDS && spoil.type == type ? 5 : n);
		if (n)
			pqid(false, 2 + rq[19]);	/* by the name's 1st byte */
		break;
	}
	case T_GETATTR:
		p64(0x7ff);
		pqid(fid == 1, fid == 1 ? 1 : 2);
		p32(fid == 1 ? 040755 : 0100644);
		p32(0);
		p32(0);
		p64(1);
		p64(0);
		p64(fid == 1 ? 4096 : 1000);
		for (int i = 0; i < 12; i++)
			p64(0);
		break;
	case T_LOPEN:
		pqid(false, 2);
		p32(0);
		break;
	case T_READ: {
		uint64_t off = r64(11);
		uint32_t count = r32(19);

		if (off > 1000)
			off = 1000;
		if (count > 1000 - off)
			count = 1000 - off;
		if (spoil.how == COUNT_BIG && spoil.type == type)
			count += 10;
		p32(count);
		uk_memset(rp + rl, 'a', count);
		rl += count;
		break;
	}
	case T_READDIR:
		if (r64(11) != 0) {
			p32(0);
			break;
		}
		p32(2 * (13 + 8 + 1 + 2 + 1));
		pqid(false, 2 + 'x');
		p64(1);
		p8(0);
		pstr(spoil.how == ENTRY_LONG && spoil.type == type ? "xx" : "x");
		pqid(false, 2 + 'y');
		p64(2);
		p8(0);
		pstr("y");
		break;
	default:	/* clunk and the others: no fields */
		break;
	}
}

static int fake_request(struct uk_9p_trans *t_, const struct uk_9p_iov *out,
			unsigned int nout, const struct uk_9p_iov *in,
			unsigned int nin, uint32_t *got)
{
	uint32_t at = 0, size, cap = 0;
	uint8_t type;
	int r;

	for (unsigned int i = 0; i < nout; i++) {
		uk_memcpy(rq + at, out[i].base, out[i].len);
		at += out[i].len;
	}
	type = rq[4];
	rl = 7;
	if (spoil.only && spoil.type == T_WALK && type == T_WALK &&
	    rq[19] != spoil.only) {
		uint8_t t = spoil.type;

		spoil.type = 0;		/* this walk goes through */
		r = fake_request(t_, out, nout, in, nin, got);
		spoil.type = t;
		return r;
	}
	if (spoil.type == type && spoil.how == DEAD)
		return -UK_EIO;
	if (spoil.type == type && (spoil.how == LERROR ||
				   spoil.how == LERROR_BAD)) {
		p32(spoil.how == LERROR ? spoil.err : 0);
		type = R_LERROR - 1;
	} else {
		serve(type);
	}
	size = rl;
	rp[4] = type + 1;
	uk_memcpy(rp + 5, rq + 5, 2);
	if (spoil.type == rq[4]) {
		switch (spoil.how) {
		case TAG:	rp[5] ^= 1; break;
		case TYPE:	rp[4] += 2; break;
		case SIZE_BIG:	size = rl + 1; break;
		case SIZE_SMALL: size = 5; break;
		case SHORT:	rl -= 3; size = rl; break;
		default:	break;
		}
	}
	uk_memcpy(rp, &size, 4);
	for (unsigned int i = 0, o = 0; i < nin && o < rl; i++) {
		uint32_t n = UK_MIN(in[i].len, rl - o);

		uk_memcpy(in[i].base, rp + o, n);
		o += n;
		cap += in[i].len;
	}
	*got = rl;
	if (spoil.type == rq[4] && spoil.how == GOT_BIG)
		*got = cap + 100;
	return 0;
}

static struct uk_9p_trans fake = {
	.tag = "fake",
	.request = fake_request,
};

static void set_spoil(uint8_t type, enum spoil how, uint32_t err)
{
	spoil.type = type;
	spoil.how = how;
	spoil.err = err;
	spoil.only = 0;
}

/* Mounts the fake server on /f (once). */
static struct uk_vnode *mounted(void)
{
	static bool done;
	struct uk_vfs_nd nd;

	if (!done) {
		set_spoil(0, NONE, 0);
		uk_9p_trans_register(&fake);
		uk_vfs_create(uk_vfs_root(), "f", 1, UK_S_IFDIR | 0755, 0,
			      NULL, NULL);
		UK_TEST_ASSERT_EQ(uk_vfs_mount("9p", "fake", "/f"), 0);
		done = true;
	}
	UK_TEST_ASSERT_EQ(uk_vfs_lookup(uk_vfs_root(), "/f", 0, &nd), 0);
	return nd.vn;
}

static int lookup(const char *path, struct uk_vnode **vn)
{
	struct uk_vfs_nd nd;
	int r = uk_vfs_lookup(uk_vfs_root(), path, 0, &nd);

	*vn = r ? NULL : nd.vn;
	return r;
}

UK_TESTCASE(ninep, mount_refusals)
{
	uk_9p_trans_register(&fake);
	uk_vfs_create(uk_vfs_root(), "g", 1, UK_S_IFDIR | 0755, 0, NULL,
		      NULL);
	UK_TEST_EXPECT_EQ(uk_vfs_mount("9p", "nosuch", "/g"), -UK_ENODEV);
	set_spoil(T_VERSION, MSIZE_SMALL, 0);
	UK_TEST_EXPECT_EQ(uk_vfs_mount("9p", "fake", "/g"), -UK_EIO);
	set_spoil(T_VERSION, TYPE, 0);
	UK_TEST_EXPECT_EQ(uk_vfs_mount("9p", "fake", "/g"), -UK_EIO);
	set_spoil(T_ATTACH, LERROR, UK_EACCES);
	UK_TEST_EXPECT_EQ(uk_vfs_mount("9p", "fake", "/g"), -UK_EACCES);
	set_spoil(T_ATTACH, SHORT, 0);
	UK_TEST_EXPECT_EQ(uk_vfs_mount("9p", "fake", "/g"), -UK_EIO);
	set_spoil(0, NONE, 0);
}

UK_TESTCASE(ninep, good_server)
{
	struct uk_vnode *root = mounted(), *x;
	const char *name;
	char b[2000];

	UK_TEST_EXPECT(uk_vnode_is_dir(root));
	UK_TEST_ASSERT_EQ(lookup("/f/x", &x), 0);
	UK_TEST_EXPECT_EQ(x->size, 1000);
	UK_TEST_EXPECT_EQ(uk_vfs_read(x, b, sizeof(b), 0), 1000);
	UK_TEST_EXPECT_EQ(b[999], 'a');
	UK_TEST_EXPECT_EQ(uk_vfs_read(x, b, 10, 995), 5);
	UK_TEST_ASSERT_EQ(root->ops->readdir(root, 0, &name, &x), 0);
	UK_TEST_EXPECT_STR_EQ(name, "x");
	UK_TEST_ASSERT_EQ(root->ops->readdir(root, 1, &name, &x), 0);
	UK_TEST_EXPECT_STR_EQ(name, "y");
	UK_TEST_EXPECT_EQ(root->ops->readdir(root, 2, &name, &x), -UK_ENOENT);
}

UK_TESTCASE(ninep, walk_replies_spoiled)
{
	static const enum spoil hows[] = { TAG, TYPE, SIZE_BIG, SIZE_SMALL,
					   SHORT, GOT_BIG, LERROR_BAD,
					   EXTRA_QIDS, DEAD };
	struct uk_vnode *vn;

	mounted();
	for (size_t i = 0; i < UK_ARRAY_SIZE(hows); i++) {
		set_spoil(T_WALK, hows[i], 0);
		UK_TEST_EXPECT_EQ(lookup("/f/x", &vn), -UK_EIO);
	}
	set_spoil(T_WALK, LERROR, UK_ENOENT);
	UK_TEST_EXPECT_EQ(lookup("/f/x", &vn), -UK_ENOENT);
	set_spoil(T_GETATTR, SHORT, 0);
	UK_TEST_EXPECT_EQ(lookup("/f/x", &vn), -UK_EIO);
	set_spoil(0, NONE, 0);
	UK_TEST_EXPECT_EQ(lookup("/f/x", &vn), 0);
}

UK_TESTCASE(ninep, read_replies_spoiled)
{
	static const enum spoil hows[] = { TAG, TYPE, SIZE_BIG, SIZE_SMALL,
					   SHORT, GOT_BIG, COUNT_BIG,
					   LERROR_BAD };
	struct uk_vnode *x;
	char b[1000];

	mounted();
	UK_TEST_ASSERT_EQ(lookup("/f/y", &x), 0);
	for (size_t i = 0; i < UK_ARRAY_SIZE(hows); i++) {
		set_spoil(T_READ, hows[i], 0);
		UK_TEST_EXPECT_EQ(uk_vfs_read(x, b, 100, 0), -UK_EIO);
	}
	set_spoil(T_READ, LERROR, UK_EIO + 1);
	UK_TEST_EXPECT_EQ(uk_vfs_read(x, b, 100, 0), -(UK_EIO + 1));
	set_spoil(0, NONE, 0);
	UK_TEST_EXPECT_EQ(uk_vfs_read(x, b, 100, 0), 100);
}

UK_TESTCASE(ninep, readdir_replies_spoiled)
{
	static const enum spoil hows[] = { ENTRY_LONG, SHORT, SIZE_BIG, TAG };
	struct uk_vnode *root = mounted(), *vn;
	const char *name;

	for (size_t i = 0; i < UK_ARRAY_SIZE(hows); i++) {
		set_spoil(T_READDIR, hows[i], 0);
		UK_TEST_EXPECT_EQ(root->ops->readdir(root, 0, &name, &vn),
				  -UK_EIO);
	}
	set_spoil(0, NONE, 0);
	UK_TEST_EXPECT_EQ(root->ops->readdir(root, 0, &name, &vn), 0);
	/* "x" gone since the listing: "y" moves up to position 0 */
	set_spoil(T_WALK, LERROR, UK_ENOENT);
	spoil.only = 'x';
	UK_TEST_ASSERT_EQ(root->ops->readdir(root, 0, &name, &vn), 0);
	UK_TEST_EXPECT_STR_EQ(name, "y");
	UK_TEST_EXPECT_EQ(root->ops->readdir(root, 1, &name, &vn), -UK_ENOENT);
	set_spoil(0, NONE, 0);
}

UK_TEST_MAIN();
