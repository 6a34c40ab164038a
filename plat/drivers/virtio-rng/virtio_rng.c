/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-rng (virtio 1.2, 5.4): one queue of buffers the device fills
 * with entropy. It becomes the platform's entropy device source
 * (uk/plat/random.h), which getrandom uses when the CPU has no random
 * instruction.
 *
 * Requests are synchronous and polled: getrandom runs with interrupts
 * off, and under --with-sched=none nothing else would wait. The device
 * writes into a buffer of the driver, copied out afterwards, so that a
 * request given up on (the device did not answer within a second)
 * leaves no caller memory in the device's hands.
 */
#include <uk/virtio.h>
#include <uk/plat/random.h>
#include <uk/plat/time.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/print.h>

#define CHUNK		4096
#define TIMEOUT_NS	UKPLAT_NSEC_PER_SEC

struct vrng {
	struct ukplat_random_dev rdev;	/* first: the source's handle */
	struct uk_virtio_dev *vdev;
	struct uk_virtqueue *vq;
	bool pending;			/* buf is with the device */
	uint8_t buf[CHUNK];
};

/* Waits for the buffer to come back; the bytes written, or -errno. */
static int wait_buf(struct vrng *r)
{
	uint64_t deadline = ukplat_monotonic_clock() + TIMEOUT_NS;
	void *cookie;
	uint32_t len;
	int rc;

	while ((rc = uk_virtq_get(r->vq, &cookie, &len)) == -UK_EAGAIN)
		if (ukplat_monotonic_clock() > deadline) {
			uk_pr_warn("%s: no entropy within a second\n",
				   uk_virtio_dev_name(r->vdev));
			return -UK_ETIMEDOUT;
		}
	if (rc)
		return rc;
	r->pending = false;
	return (int)len;
}

static int vrng_read(struct ukplat_random_dev *dev, void *buf, size_t len)
{
	struct vrng *r = (struct vrng *)dev;
	struct uk_virtq_buf b = { r->buf, CHUNK };
	uint8_t *p = buf;
	int n;

	while (len) {
		if (!r->pending) {
			n = uk_virtq_add(r->vq, &b, 0, 1, r);
			if (n)
				return n;
			r->pending = true;
			uk_virtq_kick(r->vq);
		}
		n = wait_buf(r);
		if (n < 0)
			return n;
		n = UK_MIN((size_t)n, len);
		uk_memcpy(p, r->buf, n);
		uk_memset(r->buf, 0, n);	/* never handed out twice */
		p += n;
		len -= n;
	}
	return 0;
}

/* The reader polls: nothing to do here. */
static void vrng_done(struct uk_virtqueue *vq, void *arg)
{
}

static int vrng_probe(struct uk_virtio_dev *vdev)
{
	struct vrng *r = uk_calloc(uk_alloc_get_default(), 1, sizeof(*r));
	int rc;

	if (!r)
		return -UK_ENOMEM;
	r->vdev = vdev;
	r->rdev.name = "virtio-rng";
	r->rdev.read = vrng_read;
	/*
	 * Interrupts are asked for although reads poll: when something
	 * waits with interrupts on (a halted CPU), the buffer's return
	 * raises one, which is how the interrupt path gets exercised.
	 */
	rc = uk_virtio_vq_setup(vdev, 0, 1, vrng_done, r, &r->vq);
	if (rc) {
		uk_free(uk_alloc_get_default(), r);
		return rc;
	}
	uk_virtio_dev_priv_set(vdev, r);
	ukplat_random_dev_register(&r->rdev);
	return 0;
}

static const struct uk_virtio_driver vrng_driver = {
	.name = "virtio-rng",
	.device_id = UK_VIRTIO_ID_RNG,
	.features = 0,
	.probe = vrng_probe,
};
UK_VIRTIO_DRIVER(vrng_driver);
