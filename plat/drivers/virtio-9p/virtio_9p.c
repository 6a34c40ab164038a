/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-9p (virtio 1.2, 5.3 "9P transport"): a 9P transport (uk/9p.h)
 * per device, named by the mount tag of its configuration space.
 *
 * One request queue. A request is one descriptor chain: the pieces the
 * client sends, then the pieces the reply goes into; the client waits
 * for it by polling the used ring (one request at a time). A device
 * that does not answer within TIMEOUT_NS, or that the core finds
 * breaking the ring's rules, kills the transport: that request and
 * every later one fail with -EIO, and the buffers it may still hold are
 * never handed to it again.
 */
#include <uk/link.h>
#include <uk/9p.h>
#include <uk/virtio.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/plat/time.h>

UK_LINK_ANCHOR(virtio_9p);

#define VIRTIO_9P_F_MOUNT_TAG	0
#define CFG_TAG_LEN		0	/* le16 */
#define CFG_TAG			2
#define TAG_MAX			255
#define TIMEOUT_NS		(60ULL * 1000000000ULL)

struct v9p {
	struct uk_9p_trans trans;
	struct uk_virtio_dev *vdev;
	struct uk_virtqueue *vq;
	bool dead;
	char tag[TAG_MAX + 1];
};

static int v9p_request(struct uk_9p_trans *t, const struct uk_9p_iov *out,
		       unsigned int nout, const struct uk_9p_iov *in,
		       unsigned int nin, uint32_t *got)
{
	struct v9p *v = t->priv;
	struct uk_virtq_buf bufs[4];
	unsigned int n = 0, no = 0, i;
	uint64_t deadline;
	void *cookie;
	int rc;

	if (v->dead || nout > 2 || nin > 2)
		return -UK_EIO;
	for (i = 0; i < nout; i++)
		if (out[i].len) {
			bufs[n].addr = out[i].base;
			bufs[n++].len = out[i].len;
		}
	no = n;
	for (i = 0; i < nin; i++)
		if (in[i].len) {
			bufs[n].addr = in[i].base;
			bufs[n++].len = in[i].len;
		}
	rc = uk_virtq_add(v->vq, bufs, no, n - no, v);
	if (rc)
		goto out_dead;
	uk_virtq_kick(v->vq);
	deadline = ukplat_monotonic_clock() + TIMEOUT_NS;
	while ((rc = uk_virtq_get(v->vq, &cookie, got)) == -UK_EAGAIN) {
		if (ukplat_monotonic_clock() > deadline) {
			uk_pr_err("virtio-9p: %s: no reply within %llu s\n",
				  v->tag, TIMEOUT_NS / 1000000000ULL);
			goto out_dead;
		}
		uk_cpu_relax();
	}
	if (rc == 0 && cookie == v)
		return 0;
out_dead:
	uk_pr_err("virtio-9p: %s: transport failed (%d); its calls fail with EIO\n",
		  v->tag, rc);
	v->dead = true;
	return -UK_EIO;
}

static int v9p_probe(struct uk_virtio_dev *vdev)
{
	struct v9p *v;
	uint16_t len;
	int rc;

	if (!uk_virtio_has_feature(vdev, VIRTIO_9P_F_MOUNT_TAG)) {
		uk_pr_err("virtio-9p: %s: no mount tag\n",
			  uk_virtio_dev_name(vdev));
		return -UK_EINVAL;
	}
	rc = uk_virtio_config_read(vdev, CFG_TAG_LEN, &len, sizeof(len));
	if (rc)
		return rc;
	if (len == 0 || len > TAG_MAX) {
		uk_pr_err("virtio-9p: %s: mount tag of %u bytes\n",
			  uk_virtio_dev_name(vdev), len);
		return -UK_EINVAL;
	}
	v = uk_calloc(uk_alloc_get_default(), 1, sizeof(*v));
	if (!v)
		return -UK_ENOMEM;
	rc = uk_virtio_config_read(vdev, CFG_TAG, v->tag, len);
	if (!rc && uk_strnlen(v->tag, len) != len)
		rc = -UK_EINVAL;	/* a NUL inside the tag */
	if (!rc)
		rc = uk_virtio_vq_setup(vdev, 0, 0, NULL, NULL, &v->vq);
	if (rc)
		goto out_free;
	v->vdev = vdev;
	v->trans.tag = v->tag;
	v->trans.request = v9p_request;
	v->trans.priv = v;
	rc = uk_9p_trans_register(&v->trans);
	if (rc) {
		uk_pr_err("virtio-9p: %s: mount tag '%s' is taken already\n",
			  uk_virtio_dev_name(vdev), v->tag);
		goto out_free;
	}
	uk_virtio_dev_priv_set(vdev, v);
	uk_pr_info("virtio-9p: %s: mount tag '%s'\n",
		   uk_virtio_dev_name(vdev), v->tag);
	return 0;

out_free:
	/* the core resets the device and frees its queue */
	uk_free(uk_alloc_get_default(), v);
	return rc;
}

static const struct uk_virtio_driver v9p_driver = {
	.name = "virtio-9p",
	.device_id = UK_VIRTIO_ID_9P,
	.features = UK_VIRTIO_FEATURE(VIRTIO_9P_F_MOUNT_TAG),
	.probe = v9p_probe,
};
UK_VIRTIO_DRIVER(v9p_driver);
