/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Block devices as /dev/NAME (vda, vdb ... as uk/blkdev.h names them):
 * block-device nodes (major 253, minor 16 per device, as Linux's
 * virtio_blk numbers them) whose data is the device's, at any byte
 * offset: read, write, pread, pwrite, lseek (SEEK_END is the capacity),
 * fsync/fdatasync (a device flush), ioctl BLKGETSIZE64, BLKGETSIZE,
 * BLKSSZGET, BLKBSZGET, BLKROGET, BLKFLSBUF. A transfer goes through a
 * bounce buffer of 64 KiB at most per request; a partial sector is read,
 * changed and written back. Writing at or past the end is ENOSPC (a
 * write that reaches the end is cut short), reading there gives 0. A
 * read-only device's node has mode 0440 and writes are EROFS (from the
 * device). stat reports size 0, as Linux does for devices.
 */
#include <uk/blkdev.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/vfs.h>
#include "posix.h"
#include "file.h"

#define A()		uk_alloc_get_default()
#define CHUNK		(64 * 1024)
#define BLK_MAJOR	253

#define L_BLKROGET	0x125e
#define L_BLKGETSIZE	0x1260
#define L_BLKFLSBUF	0x1261
#define L_BLKSSZGET	0x1268
#define L_BLKBSZGET	0x80081270
#define L_BLKGETSIZE64	0x80081272

static const struct uk_node blk_node = {
	.mode = UK_S_IFBLK | 0660,
	.seekable = true,
};

static struct uk_blkdev *dev_of(const struct uk_vnode *vn)
{
	return vn->priv;
}

/* One transfer of at most CHUNK bytes at @off (within the device):
 * the sectors it touches, through an aligned bounce buffer. */
static long chunk_io(struct uk_vnode *vn, char *buf, size_t len, int64_t off,
		     bool writing)
{
	struct uk_blkdev *d = dev_of(vn);
	const struct uk_blkdev_info *in = uk_blkdev_info(d);
	uint32_t ss = in->sector_size;
	size_t head = off % ss, n = UK_MIN(len, CHUNK - head);
	uint64_t sec = off / ss;
	uint32_t cnt = (head + n + ss - 1) / ss;
	char *b = uk_memalign(A(), UK_MAX(in->buf_align, 16U), cnt * ss);
	int r = 0;

	if (!b)
		return -UK_ENOMEM;
	/* a write of part of a sector keeps the rest of it */
	if (!writing || head || (head + n) % ss)
		r = uk_blkdev_read(d, sec, cnt, b);
	if (!r && writing) {
		uk_memcpy(b + head, buf, n);
		r = uk_blkdev_write(d, sec, cnt, b);
	} else if (!r) {
		uk_memcpy(buf, b + head, n);
	}
	uk_free(A(), b);
	return r < 0 ? r : (long)n;
}

static long blk_io(struct uk_vnode *vn, char *buf, size_t len, int64_t off,
		   bool writing)
{
	size_t done = 0;
	long r = 0;

	if (off >= vn->size)
		return writing && len ? -UK_ENOSPC : 0;
	len = UK_MIN(len, (size_t)(vn->size - off));
	while (done < len) {
		r = chunk_io(vn, buf + done, len - done, off + done, writing);
		if (r < 0)
			break;
		done += r;
	}
	return done ? (long)done : r;
}

static long blk_read(struct uk_vnode *vn, void *buf, size_t len, int64_t off)
{
	return blk_io(vn, buf, len, off, false);
}

static long blk_write(struct uk_vnode *vn, const void *buf, size_t len,
		      int64_t off)
{
	return blk_io(vn, (char *)buf, len, off, true);
}

static int blk_fsync(struct uk_vnode *vn)
{
	return uk_blkdev_flush(dev_of(vn));
}

static int blk_ioctl(struct uk_vnode *vn, unsigned long req, void *arg)
{
	const struct uk_blkdev_info *in = uk_blkdev_info(dev_of(vn));

	if (!arg && req != L_BLKFLSBUF)
		return -UK_EFAULT;
	switch (req) {
	case L_BLKGETSIZE64:
		*(uint64_t *)arg = vn->size;
		return 0;
	case L_BLKGETSIZE:
		*(unsigned long *)arg = vn->size >> 9;
		return 0;
	case L_BLKSSZGET:
		*(int *)arg = in->sector_size;
		return 0;
	case L_BLKBSZGET:
		*(int *)arg = UK_MAX(in->sector_size, 4096U);
		return 0;
	case L_BLKROGET:
		*(int *)arg = !!(in->flags & UK_BLKDEV_F_RO);
		return 0;
	case L_BLKFLSBUF:
		return blk_fsync(vn);
	}
	return -UK_ENOTTY;
}

static void blk_release(struct uk_vnode *vn)
{
	uk_free(A(), vn);
}

static const struct uk_vnode_ops blk_ops = {
	.read = blk_read,
	.write = blk_write,
	.fsync = blk_fsync,
	.ioctl = blk_ioctl,
	.release = blk_release,
};

void uk_posix_blk_nodes(struct uk_vnode *dir)
{
	for (unsigned int i = 0; i < uk_blkdev_count(); i++) {
		struct uk_blkdev *d = uk_blkdev_get(i);
		const struct uk_blkdev_info *in = uk_blkdev_info(d);
		const char *name = uk_blkdev_name(d);
		bool ro = in->flags & UK_BLKDEV_F_RO;
		struct uk_vnode *vn;

		if (uk_vfs_create(dir, name, uk_strlen(name),
				  UK_S_IFBLK | (ro ? 0440 : 0660),
				  (BLK_MAJOR << 8) | ((i * 16) & 0xff), NULL,
				  &vn) < 0)
			continue;
		/* the name is the directory's; the data is the device's */
		vn->ops = &blk_ops;
		vn->priv = d;
		vn->dev = &blk_node;
		vn->size = in->sectors * in->sector_size;
	}
}
