/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VFS core and the cpio parser, called directly: archives built
 * here are unpacked into fresh directories; every truncation of a good
 * archive and a set of corruptions must be refused (-EINVAL) with the
 * directory left empty. Also mounts: a ramfs mounted on a directory,
 * ".." out of it, links across it (EXDEV), the path of a directory.
 */
#include <uk/test.h>
#include <uk/vfs.h>
#include <uk/errno.h>
#include <uk/string.h>
#include <uk/print.h>

static char arc[8192];
static size_t arc_len;

static void hex8(char *p, uint32_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 4)
		p[i] = "0123456789abcdef"[v & 15];
}

/* Appends an entry to arc. */
static void add(const char *name, unsigned int mode, const char *data,
		size_t len)
{
	size_t nl = uk_strlen(name) + 1;
	uint32_t f[13] = { 1, mode, 0, 0, 1, 1700000000, len, 0, 0, 0, 0,
			   nl, 0 };

	uk_memcpy(arc + arc_len, "070701", 6);
	for (int i = 0; i < 13; i++)
		hex8(arc + arc_len + 6 + 8 * i, f[i]);
	arc_len += 110;
	uk_memcpy(arc + arc_len, name, nl);
	arc_len += nl;
	while (arc_len % 4)
		arc[arc_len++] = 0;
	uk_memcpy(arc + arc_len, data, len);
	arc_len += len;
	while (arc_len % 4)
		arc[arc_len++] = 0;
}

static void build(void)
{
	arc_len = 0;
	add(".", UK_S_IFDIR | 0755, "", 0);
	add("etc", UK_S_IFDIR | 0755, "", 0);
	add("etc/hostname", UK_S_IFREG | 0644, "libuk\n", 6);
	add("deep/er/file", UK_S_IFREG | 0600, "nested", 6);
	add("empty", UK_S_IFREG | 0644, "", 0);
	add("link", UK_S_IFLNK | 0777, "etc/hostname", 12);
	add("TRAILER!!!", 0, "", 0);
}

/* A fresh empty directory under the root. */
static struct uk_vnode *fresh(void)
{
	static int n;
	char name[16] = "cpio-";
	struct uk_vnode *d;

	name[5] = 'a' + n / 26;
	name[6] = 'a' + n % 26;
	n++;
	UK_TEST_ASSERT(uk_vfs_create(uk_vfs_root(), name, 7, UK_S_IFDIR | 0755,
				     0, NULL, &d) == 0);
	return d;
}

static bool is_empty(struct uk_vnode *d)
{
	const char *name;
	struct uk_vnode *vn;

	return d->ops->readdir(d, 0, &name, &vn) < 0;
}

static void expect_file(struct uk_vnode *d, const char *path,
			const char *text)
{
	struct uk_vfs_nd nd;
	char buf[32] = { 0 };

	UK_TEST_ASSERT(uk_vfs_lookup(d, path, UK_VFS_FOLLOW, &nd) == 0);
	UK_TEST_EXPECT_EQ(uk_vfs_read(nd.vn, buf, sizeof(buf) - 1, 0),
			  uk_strlen(text));
	UK_TEST_EXPECT_STR_EQ(buf, text);
}

UK_TESTCASE(cpio, good_archive)
{
	struct uk_vnode *d = fresh();
	struct uk_vfs_nd nd;

	build();
	UK_TEST_ASSERT(uk_vfs_cpio_extract(d, arc, arc_len) == 0);
	expect_file(d, "etc/hostname", "libuk\n");
	expect_file(d, "deep/er/file", "nested");
	expect_file(d, "empty", "");
	expect_file(d, "link", "libuk\n");
	UK_TEST_ASSERT(uk_vfs_lookup(d, "link", 0, &nd) == 0);
	UK_TEST_EXPECT(uk_vnode_is_lnk(nd.vn));
	UK_TEST_ASSERT(uk_vfs_lookup(d, "deep/er/file", 0, &nd) == 0);
	UK_TEST_EXPECT_EQ(nd.vn->mode, UK_S_IFREG | 0600);
	UK_TEST_EXPECT_EQ(nd.vn->mtime.sec, 1700000000);
	/* trailing zeros after the trailer (block padding) are fine */
	d = fresh();
	uk_memset(arc + arc_len, 0, 512);
	UK_TEST_EXPECT_EQ(uk_vfs_cpio_extract(d, arc, arc_len + 512), 0);
}

UK_TESTCASE(cpio, every_truncation_refused)
{
	struct uk_vnode *d = fresh();
	size_t bad = 0;

	build();
	/* up to the trailer's header end: every shorter archive is bad */
	for (size_t len = 0; len < arc_len - 12; len++) {
		if (uk_vfs_cpio_extract(d, arc, len) != -UK_EINVAL)
			bad++;
		if (!is_empty(d))
			bad++;
	}
	UK_TEST_EXPECT_EQ(bad, 0);
}

UK_TESTCASE(cpio, corruptions_refused)
{
	static const size_t at[] = {
		0,		/* magic */
		5,		/* magic's last digit */
		6 + 8 * 6 + 3,	/* file size digit */
		6 + 8 * 11 + 7,	/* name size */
	};
	struct uk_vnode *d = fresh();

	for (size_t i = 0; i < UK_ARRAY_SIZE(at); i++) {
		build();
		/* in the third entry (etc/hostname) */
		arc[112 + 116 + at[i]] = 'z';
		UK_TEST_EXPECT_EQ(uk_vfs_cpio_extract(d, arc, arc_len),
				  -UK_EINVAL);
		UK_TEST_EXPECT(is_empty(d));
	}
	/* a huge file size */
	build();
	hex8(arc + 6 + 8 * 6, 0xffffffff);
	UK_TEST_EXPECT_EQ(uk_vfs_cpio_extract(d, arc, arc_len), -UK_EINVAL);
	/* a name without its NUL */
	build();
	arc[110 + 1] = 'x';
	UK_TEST_EXPECT_EQ(uk_vfs_cpio_extract(d, arc, arc_len), -UK_EINVAL);
	/* no trailer */
	build();
	arc_len -= 124;
	UK_TEST_EXPECT_EQ(uk_vfs_cpio_extract(d, arc, arc_len), -UK_EINVAL);
	UK_TEST_EXPECT(is_empty(d));
}

UK_TESTCASE(vfs, mount_and_paths)
{
	struct uk_vnode *r = uk_vfs_root(), *mnt, *f;
	struct uk_vfs_nd nd, to;
	char buf[64];

	UK_TEST_ASSERT(uk_vfs_create(r, "mnt", 3, UK_S_IFDIR | 0755, 0, NULL,
				     &mnt) == 0);
	UK_TEST_EXPECT_EQ(uk_vfs_mount("nofs", "", "/mnt"), -UK_ENODEV);
	UK_TEST_ASSERT(uk_vfs_mount("ramfs", "", "/mnt") == 0);
	UK_TEST_EXPECT_EQ(uk_vfs_mount("ramfs", "", "/dev/../nowhere"),
			  -UK_ENOENT);
	UK_TEST_ASSERT(uk_vfs_lookup(r, "/mnt", 0, &nd) == 0);
	UK_TEST_EXPECT(nd.vn != mnt);
	UK_TEST_EXPECT(nd.vn == nd.vn->mnt->root);
	UK_TEST_ASSERT(uk_vfs_create(nd.vn, "sub", 3, UK_S_IFDIR | 0755, 0,
				     NULL, NULL) == 0);
	UK_TEST_ASSERT(uk_vfs_lookup(r, "/mnt/sub/../..", 0, &nd) == 0);
	UK_TEST_EXPECT(nd.vn == r);
	UK_TEST_ASSERT(uk_vfs_lookup(r, "/mnt/sub", 0, &nd) == 0);
	UK_TEST_EXPECT_EQ(uk_vfs_path(nd.vn, buf, sizeof(buf)), 9);
	UK_TEST_EXPECT_STR_EQ(buf, "/mnt/sub");
	UK_TEST_EXPECT_EQ(uk_vfs_path(nd.vn, buf, 5), -UK_ERANGE);
	/* names cannot cross file systems */
	UK_TEST_ASSERT(uk_vfs_create(r, "f", 1, UK_S_IFREG | 0644, 0, NULL,
				     &f) == 0);
	UK_TEST_EXPECT_EQ(uk_vfs_link(nd.vn, "f", 1, f), -UK_EXDEV);
	UK_TEST_ASSERT(uk_vfs_lookup(r, "/f", UK_VFS_PARENT, &nd) == 0);
	UK_TEST_ASSERT(uk_vfs_lookup(r, "/mnt/f", UK_VFS_PARENT, &to) == 0);
	UK_TEST_EXPECT_EQ(uk_vfs_rename(&nd, &to), -UK_EXDEV);
	UK_TEST_EXPECT_EQ(uk_vfs_unlink(r, "mnt", 3, true), -UK_EBUSY);
	UK_TEST_EXPECT_EQ(uk_vfs_unlink(r, "f", 1, false), 0);
}

UK_TESTCASE(vfs, sparse_and_truncate)
{
	struct uk_vnode *f;
	char b[8];

	UK_TEST_ASSERT(uk_vfs_create(uk_vfs_root(), "sparse", 6,
				     UK_S_IFREG | 0644, 0, NULL, &f) == 0);
	UK_TEST_EXPECT_EQ(uk_vfs_write(f, "x", 1, 1 << 30), 1);
	UK_TEST_EXPECT_EQ(f->size, (1 << 30) + 1);
	UK_TEST_EXPECT_EQ(f->blocks, 8);	/* one page */
	UK_TEST_EXPECT_EQ(f->ops->seek(f, 0, false), 1 << 30);
	UK_TEST_EXPECT_EQ(f->ops->seek(f, 0, true), 0);
	UK_TEST_EXPECT_EQ(uk_vfs_read(f, b, 8, 12345), 8);
	UK_TEST_EXPECT_EQ(uk_vfs_truncate(f, 10), 0);
	UK_TEST_EXPECT_EQ(f->blocks, 0);
	UK_TEST_EXPECT_EQ(uk_vfs_unlink(uk_vfs_root(), "sparse", 6, false), 0);
}

UK_TEST_MAIN();
