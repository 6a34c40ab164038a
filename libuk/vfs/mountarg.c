/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mounts from the kernel command line: vfs.mount=TYPE:SOURCE:PATH or
 * vfs.mount=TYPE:PATH (no source, e.g. ramfs:/scratch), repeatable (up
 * to MOUNTS_MAX). They are mounted at boot after the initrd is
 * unpacked, in the order given; the directories of PATH are made as
 * needed. A malformed spec is refused when parsed and a failed mount
 * reported on the console; neither stops the boot.
 */
#include <uk/vfs.h>
#include <uk/param.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/errno.h>

#define MOUNTS_MAX	8
#define FIELD_MAX	256

struct spec {
	char type[32];
	char source[FIELD_MAX];
	char path[FIELD_MAX];
};

static struct spec specs[MOUNTS_MAX];
static unsigned int nspecs;

/* Copies @len bytes of @s into @dst of @size bytes; false if too long. */
static bool field(char *dst, size_t size, const char *s, size_t len)
{
	if (len >= size)
		return false;
	uk_memcpy(dst, s, len);
	dst[len] = 0;
	return true;
}

static int mount_parse(const char *v)
{
	const char *c1 = uk_strchr(v, ':'), *c2 = c1 ? uk_strchr(c1 + 1, ':')
						       : NULL;
	struct spec *s = &specs[nspecs];
	const char *path = c2 ? c2 + 1 : c1 ? c1 + 1 : NULL;

	if (nspecs == MOUNTS_MAX) {
		uk_pr_err("vfs.mount=%s: more than %d mounts\n", v,
			  MOUNTS_MAX);
		return -UK_EINVAL;
	}
	if (!c1 || c1 == v || !field(s->type, sizeof(s->type), v, c1 - v) ||
	    (c2 && !field(s->source, sizeof(s->source), c1 + 1,
			  c2 - c1 - 1)) ||
	    !field(s->path, sizeof(s->path), path, uk_strlen(path)) ||
	    s->path[0] != '/') {
		uk_pr_err("vfs.mount=%s: not TYPE:SOURCE:/PATH or TYPE:/PATH\n",
			  v);
		return -UK_EINVAL;
	}
	if (!c2)
		s->source[0] = 0;
	nspecs++;
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
	for (unsigned int i = 0; i < nspecs; i++) {
		struct spec *s = &specs[i];
		int r = mkdirs(s->path);

		if (r == 0)
			r = uk_vfs_mount(s->type, s->source, s->path);
		if (r < 0)
			uk_pr_err("vfs.mount: %s %s on %s failed (error %d)\n",
				  s->type, s->source, s->path, -r);
		else
			uk_pr_info("vfs: %s %s mounted on %s\n", s->type,
				   s->source, s->path);
	}
	return 0;
}
uk_initcall_prio(mount_all, 4, 7);	/* ROOTFS, after the initrd */
