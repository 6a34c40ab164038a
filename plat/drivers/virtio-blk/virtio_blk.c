/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-blk (virtio 1.2, 5.2): block devices for uk/blkdev.h.
 *
 * One request queue, or with VIRTIO_BLK_F_MQ as many as the device has
 * (up to UK_BLKDEV_QUEUES_MAX): blkdev queue i is virtqueue i, each
 * with its own slots. A request is one descriptor chain: the
 * header the device reads (type, sector), the data (read by the device
 * for a write, written for a read; split at size_max when the device
 * has one), a discard segment for a discard, and the status byte the
 * device writes. Each request in flight owns a slot holding its header,
 * segment and status; the slot is the chain's cookie.
 *
 * The status byte is set to a value the device never writes before the
 * chain is made available: a completion that leaves it there, or that
 * reports fewer bytes than a read asked for, fails the request with
 * -EIO (reported once), never passing on data the device did not give.
 *
 * Locking: uk/blkdev_driver.h (the library holds the queue's lock around
 * submit, reap and set_intr).
 */
#include <uk/link.h>
#include <uk/blkdev_driver.h>
#include <uk/virtio.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/string.h>

UK_LINK_ANCHOR(virtio_blk);

/* feature bits (5.2.3) */
#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9
#define VIRTIO_BLK_F_MQ		12
#define VIRTIO_BLK_F_DISCARD	13

/* configuration space offsets (5.2.4) */
#define CFG_CAPACITY		0	/* le64, 512-byte sectors */
#define CFG_SIZE_MAX		8	/* le32 */
#define CFG_SEG_MAX		12	/* le32 */
#define CFG_BLK_SIZE		20	/* le32 */
#define CFG_NUM_QUEUES		34	/* le16 */
#define CFG_MAX_DISCARD_SECTORS	36	/* le32 */

/* request types and statuses (5.2.6) */
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_T_DISCARD	11
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2
#define STATUS_UNSET		0xff

#define MAX_REQ_BYTES		(1024 * 1024)	/* one request's data */
#define MAX_DEPTH		256

struct vblk_hdr {
	uint32_t type;
	uint32_t ioprio;
	uint64_t sector;	/* 512-byte units */
};

struct vblk_discard {
	uint64_t sector;
	uint32_t num_sectors;
	uint32_t flags;
};

struct vblk_slot {
	struct vblk_hdr hdr;
	struct vblk_discard seg;
	uint8_t status;
	struct uk_blkreq *req;
	struct vblk_slot *next_free;
};

struct vblk;

/* One request queue: blkdev queue i is virtqueue i. */
struct vblk_queue {
	struct vblk *b;
	uint16_t index;
	struct uk_virtqueue *vq;
	struct vblk_slot *slots, *free;
};

struct vblk {
	struct uk_blkdev bdev;
	struct uk_virtio_dev *vdev;
	struct vblk_queue q[UK_BLKDEV_QUEUES_MAX];
	uint32_t seg_bytes;	/* largest data buffer of one descriptor */
	unsigned int shift;	/* log2(sector_size / 512) */
	bool warned;
};

static unsigned int ndisks;

static struct vblk *to_vblk(struct uk_blkdev *dev)
{
	return uk_container_of(dev, struct vblk, bdev);
}

/* Fills @bufs with the data of @req cut into seg_bytes pieces. */
static unsigned int data_bufs(struct vblk *b, struct uk_blkreq *req,
			      struct uk_virtq_buf *bufs)
{
	size_t left = (size_t)req->count << (b->shift + 9);
	char *p = req->buf;
	unsigned int n = 0;

	while (left) {
		uint32_t len = UK_MIN(left, (size_t)b->seg_bytes);

		bufs[n].addr = p;
		bufs[n++].len = len;
		p += len;
		left -= len;
	}
	return n;
}

static int vblk_submit(struct uk_blkdev *dev, uint16_t q,
		       struct uk_blkreq *req)
{
	struct vblk *b = to_vblk(dev);
	struct vblk_queue *vq = &b->q[q];
	struct uk_virtq_buf bufs[UK_VIRTQ_CHAIN_MAX];
	struct vblk_slot *s = vq->free;
	unsigned int nout = 1, nin = 0, nd;
	int rc;

	if (!s)
		return -UK_EAGAIN;
	s->hdr.ioprio = 0;
	s->hdr.sector = req->sector << b->shift;
	bufs[0].addr = &s->hdr;
	bufs[0].len = sizeof(s->hdr);
	switch (req->op) {
	case UK_BLKREQ_READ:
		s->hdr.type = VIRTIO_BLK_T_IN;
		nin = data_bufs(b, req, &bufs[1]);
		break;
	case UK_BLKREQ_WRITE:
		s->hdr.type = VIRTIO_BLK_T_OUT;
		nout += data_bufs(b, req, &bufs[1]);
		break;
	case UK_BLKREQ_FLUSH:
		s->hdr.type = VIRTIO_BLK_T_FLUSH;
		s->hdr.sector = 0;
		break;
	case UK_BLKREQ_DISCARD:
		s->hdr.type = VIRTIO_BLK_T_DISCARD;
		s->hdr.sector = 0;
		s->seg.sector = req->sector << b->shift;
		s->seg.num_sectors = req->count << b->shift;
		s->seg.flags = 0;
		bufs[1].addr = &s->seg;
		bufs[1].len = sizeof(s->seg);
		nout = 2;
		break;
	default:
		return -UK_EINVAL;
	}
	nd = nout + nin;
	s->status = STATUS_UNSET;
	bufs[nd].addr = &s->status;
	bufs[nd].len = 1;
	rc = uk_virtq_add(vq->vq, bufs, nout, nin + 1, s);
	if (rc == -UK_ENOSPC)
		return -UK_EAGAIN;
	if (rc)
		return rc;
	s->req = req;
	vq->free = s->next_free;
	uk_virtq_kick(vq->vq);
	return 0;
}

static void warn_once(struct vblk *b, const char *what)
{
	if (b->warned)
		return;
	b->warned = true;
	uk_pr_err("virtio-blk: %s: %s: request failed with -EIO\n",
		  b->bdev.name, what);
}

/* The request's status from the slot and the bytes the device wrote. */
static int req_status(struct vblk *b, struct vblk_slot *s, uint32_t len)
{
	struct uk_blkreq *req = s->req;
	uint32_t want = 1;

	if (req->op == UK_BLKREQ_READ)
		want += (uint32_t)req->count << (b->shift + 9);
	switch (s->status) {
	case VIRTIO_BLK_S_OK:
		if (len < want) {
			warn_once(b, "completion shorter than the request");
			return -UK_EIO;
		}
		return 0;
	case VIRTIO_BLK_S_IOERR:
		return -UK_EIO;
	case VIRTIO_BLK_S_UNSUPP:
		return -UK_EOPNOTSUPP;
	}
	warn_once(b, "no valid status byte");
	return -UK_EIO;
}

/* Appends @s's request, with @status, to the list ending at **@tail. */
static void finish(struct vblk_queue *vq, struct vblk_slot *s, int status,
		   struct uk_blkreq ***tail)
{
	struct uk_blkreq *req = s->req;

	req->status = status;
	req->next = NULL;
	**tail = req;
	*tail = &req->next;
	s->req = NULL;
	s->next_free = vq->free;
	vq->free = s;
}

/* Takes every finished chain, in the device's order, onto *@tail. */
static void drain(struct vblk_queue *vq, struct uk_blkreq ***tail)
{
	struct vblk *b = vq->b;
	struct vblk_slot *s;
	void *cookie;
	uint32_t len;
	unsigned int i;
	int rc;

	while ((rc = uk_virtq_get(vq->vq, &cookie, &len)) == 0) {
		s = cookie;
		finish(vq, s, req_status(b, s, len), tail);
	}
	if (rc != -UK_EIO)
		return;
	/* the core reported the broken device: fail what is left */
	for (i = 0; i < b->bdev.info.queue_depth; i++)
		if (vq->slots[i].req)
			finish(vq, &vq->slots[i], -UK_EIO, tail);
}

static struct uk_blkreq *vblk_reap(struct uk_blkdev *dev, uint16_t q)
{
	struct vblk *b = to_vblk(dev);
	struct vblk_queue *vq = &b->q[q];
	struct uk_blkreq *done = NULL, **tail = &done;

	drain(vq, &tail);
	if (!dev->queue[q].polling)
		while (!uk_virtq_intr_enable(vq->vq) &&
		       !uk_virtio_dev_broken(b->vdev))
			drain(vq, &tail);
	return done;
}

static int vblk_set_intr(struct uk_blkdev *dev, uint16_t q, bool on)
{
	struct uk_virtqueue *vq = to_vblk(dev)->q[q].vq;

	if (on)
		uk_virtq_intr_enable(vq);	/* the library reaps next */
	else
		uk_virtq_intr_disable(vq);
	return 0;
}

/* A request timed out: the device is stopped, reap fails the rest. */
static void vblk_abort(struct uk_blkdev *dev)
{
	uk_virtio_dev_drop(to_vblk(dev)->vdev, "no answer in time");
}

static const struct uk_blkdev_ops vblk_ops = {
	.submit = vblk_submit,
	.reap = vblk_reap,
	.set_intr = vblk_set_intr,
	.abort = vblk_abort,
};

static void vblk_irq(struct uk_virtqueue *v, void *arg)
{
	struct vblk_queue *vq = arg;

	uk_blkdev_queue_event(&vq->b->bdev, vq->index);
}

static uint32_t cfg32(struct uk_virtio_dev *vdev, unsigned int bit,
		      unsigned int off, uint32_t dflt)
{
	uint32_t v;

	if (!uk_virtio_has_feature(vdev, bit) ||
	    uk_virtio_config_read(vdev, off, &v, sizeof(v)))
		return dflt;
	return v;
}

/* Sizes and limits from the configuration space; -EINVAL if unusable. */
static int vblk_config(struct vblk *b)
{
	struct uk_virtio_dev *vdev = b->vdev;
	struct uk_blkdev_info *info = &b->bdev.info;
	uint32_t bsize, seg_max, nseg, disc;
	uint64_t cap;
	int rc;

	rc = uk_virtio_config_read(vdev, CFG_CAPACITY, &cap, sizeof(cap));
	if (rc)
		return rc;
	bsize = cfg32(vdev, VIRTIO_BLK_F_BLK_SIZE, CFG_BLK_SIZE, 512);
	if (bsize < 512 || bsize > 65536 || !UK_IS_POW2(bsize)) {
		uk_pr_err("virtio-blk: %s: block size %u not supported\n",
			  uk_virtio_dev_name(vdev), bsize);
		return -UK_EINVAL;
	}
	b->shift = __builtin_ctz(bsize) - 9;
	b->seg_bytes = cfg32(vdev, VIRTIO_BLK_F_SIZE_MAX, CFG_SIZE_MAX,
			     MAX_REQ_BYTES);
	b->seg_bytes = UK_MIN(UK_MAX(b->seg_bytes, bsize), MAX_REQ_BYTES);
	b->seg_bytes = UK_ALIGN_DOWN(b->seg_bytes, bsize);
	seg_max = cfg32(vdev, VIRTIO_BLK_F_SEG_MAX, CFG_SEG_MAX, 1);
	nseg = UK_MIN(UK_MAX(seg_max, 1u), UK_VIRTQ_CHAIN_MAX - 3u);

	info->sector_size = bsize;
	info->sectors = cap >> b->shift;
	info->max_sectors = UK_MIN((uint64_t)nseg * b->seg_bytes,
				   MAX_REQ_BYTES) / bsize;
	info->buf_align = 512;
	info->queues = 1;
	if (uk_virtio_has_feature(vdev, VIRTIO_BLK_F_MQ)) {
		uint16_t nq = 1;

		uk_virtio_config_read(vdev, CFG_NUM_QUEUES, &nq, sizeof(nq));
		info->queues = UK_MIN(UK_MAX(nq, 1), UK_BLKDEV_QUEUES_MAX);
	}
	info->flags = 0;
	if (uk_virtio_has_feature(vdev, VIRTIO_BLK_F_RO))
		info->flags |= UK_BLKDEV_F_RO;
	if (uk_virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH))
		info->flags |= UK_BLKDEV_F_FLUSH;
	disc = cfg32(vdev, VIRTIO_BLK_F_DISCARD, CFG_MAX_DISCARD_SECTORS, 0);
	info->max_discard = disc >> b->shift;
	if (info->max_discard)
		info->flags |= UK_BLKDEV_F_DISCARD;
	return 0;
}

/* Queue depth: every request fits in the ring even unindirected. */
static uint16_t vblk_depth(struct vblk *b)
{
	unsigned int per_req, nseg;

	nseg = (b->bdev.info.max_sectors * b->bdev.info.sector_size +
		b->seg_bytes - 1) / b->seg_bytes;
	per_req = uk_virtio_has_feature(b->vdev, UK_VIRTIO_F_INDIRECT_DESC) ?
		  1 : nseg + 2;
	return UK_MIN(uk_virtq_size(b->q[0].vq) / per_req, MAX_DEPTH);
}

/* Sets up every request queue; the depth once the first exists. */
static int vblk_queues(struct vblk *b)
{
	struct uk_alloc *a = uk_alloc_get_default();
	uint16_t i, j, depth = 0;
	int rc;

	for (i = 0; i < b->bdev.info.queues; i++) {
		struct vblk_queue *vq = &b->q[i];

		vq->b = b;
		vq->index = i;
		rc = uk_virtio_vq_setup(b->vdev, i, 0, vblk_irq, vq, &vq->vq);
		if (rc)
			return rc;
		if (i == 0)
			depth = vblk_depth(b);
		if (!depth)
			return -UK_EINVAL;
		vq->slots = uk_calloc(a, depth, sizeof(*vq->slots));
		if (!vq->slots)
			return -UK_ENOMEM;
		for (j = 0; j < depth; j++) {
			vq->slots[j].next_free = vq->free;
			vq->free = &vq->slots[j];
		}
	}
	b->bdev.info.queue_depth = depth;
	return 0;
}

static void vblk_free(struct vblk *b)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned int i;

	for (i = 0; i < UK_BLKDEV_QUEUES_MAX; i++)
		uk_free(a, b->q[i].slots);
	uk_free(a, b);
}

static int vblk_probe(struct uk_virtio_dev *vdev)
{
	struct vblk *b;
	int rc;

	b = uk_calloc(uk_alloc_get_default(), 1, sizeof(*b));
	if (!b)
		return -UK_ENOMEM;
	b->vdev = vdev;
	rc = vblk_config(b);
	if (!rc)
		rc = vblk_queues(b);
	if (rc)
		goto out_free;
	b->bdev.ops = &vblk_ops;
	b->bdev.priv = b;
	uk_snprintf(b->bdev.name, sizeof(b->bdev.name), "vd%c",
		    'a' + (ndisks % 26));
	rc = uk_blkdev_register(&b->bdev);
	if (rc)
		goto out_free;
	ndisks++;
	uk_virtio_dev_priv_set(vdev, b);
	return 0;

out_free:
	/* the core resets the device and frees its queues */
	vblk_free(b);
	return rc;
}

static const struct uk_virtio_driver vblk_driver = {
	.name = "virtio-blk",
	.device_id = UK_VIRTIO_ID_BLK,
	.features = UK_VIRTIO_FEATURE(VIRTIO_BLK_F_SIZE_MAX) |
		    UK_VIRTIO_FEATURE(VIRTIO_BLK_F_SEG_MAX) |
		    UK_VIRTIO_FEATURE(VIRTIO_BLK_F_RO) |
		    UK_VIRTIO_FEATURE(VIRTIO_BLK_F_BLK_SIZE) |
		    UK_VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH) |
		    UK_VIRTIO_FEATURE(VIRTIO_BLK_F_MQ) |
		    UK_VIRTIO_FEATURE(VIRTIO_BLK_F_DISCARD),
	.probe = vblk_probe,
};
UK_VIRTIO_DRIVER(vblk_driver);
