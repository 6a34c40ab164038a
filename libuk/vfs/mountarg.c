/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mounts from the kernel command line: vfs.mount=TYPE:SOURCE:PATH or
 * vfs.mount=TYPE:PATH (no source, e.g. ramfs:/scratch), repeatable (up
 * to MOUNTS_MAX). They are mounted at boot after the initrd is
 * unpacked, in the order given; the directories of PATH are made as
 * needed. A malformed spec is refused when parsed and a failed mount
 * reported on the console; neither stops the boot.
 */
#include <uk/link.h>
#include <uk/vfs.h>
#include <uk/param.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/errno.h>

UK_LINK_ANCHOR(mountarg);

#define MOUNTS_MAX	8
#define SPEC_MAX	512

/* The specs as given: they point into the command line, which stays. */
static const char *specs[MOUNTS_MAX];
static unsigned int nspecs;

struct spec {
	char buf[SPEC_MAX];
	const char *type, *source;
	char *path;
};

/* Splits @v into @s; false if it is not TYPE:[SOURCE:]/PATH. */
static bool split(const char *v, struct spec *s)
{
	char *c1, *c2;

	if (uk_strnlen(v, SPEC_MAX) >= SPEC_MAX)
		return false;
	uk_memcpy(s->buf, v, uk_strlen(v) + 1);
	c1 = uk_strchr(s->buf, ':');
	if (!c1 || c1 == s->buf)
		return false;
	*c1 = 0;
	s->type = s->buf;
	c2 = uk_strchr(c1 + 1, ':');
	if (c2) {
		*c2 = 0;
		s->source = c1 + 1;
		s->path = c2 + 1;
	} else {
		s->source = "";
		s->path = c1 + 1;
	}
	return s->path[0] == '/';
}

static int mount_parse(const char *v)
{
	struct spec s;

	if (nspecs == MOUNTS_MAX) {
		uk_pr_err("vfs.mount=%s: more than %d mounts\n", v,
			  MOUNTS_MAX);
		return -UK_EINVAL;
	}
	if (!split(v, &s)) {
		uk_pr_err("vfs.mount=%s: not TYPE:SOURCE:/PATH or TYPE:/PATH\n",
			  v);
		return -UK_EINVAL;
	}
	specs[nspecs++] = v;
	return 0;
}
UK_PARAM_PARSE(vfs, mount, mount_parse,
	       "TYPE:SOURCE:/PATH or TYPE:/PATH, e.g. 9p:share0:/data");

/* Makes every missing directory of absolute path @path. */
static int mkdirs(char *path)
{
	struct uk_vfs_nd nd;
	char *p = path;
	int r;

	for (;;) {
		char save;

		while (*p == '/')
			p++;
		if (!*p)
			return 0;
		while (*p && *p != '/')
			p++;
		save = *p;
		*p = 0;
		r = uk_vfs_lookup(uk_vfs_root(), path,
				  UK_VFS_FOLLOW | UK_VFS_PARENT, &nd);
		if (r == 0 && !nd.vn)
			r = uk_vfs_create(nd.dir, nd.name, nd.len,
					  UK_S_IFDIR | 0755, 0, NULL, NULL);
		*p = save;
		if (r < 0)
			return r;
	}
}

static int mount_all(void)
{
	struct spec s;

	for (unsigned int i = 0; i < nspecs; i++) {
		int r;

		split(specs[i], &s);
		r = mkdirs(s.path);
		if (r == 0)
			r = uk_vfs_mount(s.type, s.source, s.path);
		if (r < 0)
			uk_pr_err("vfs.mount: %s %s on %s failed (error %d)\n",
				  s.type, s.source, s.path, -r);
		else
			uk_pr_info("vfs: %s %s mounted on %s\n", s.type,
				   s.source, s.path);
	}
	return 0;
}
uk_initcall_prio(mount_all, 4, 7);	/* ROOTFS, after the initrd */
