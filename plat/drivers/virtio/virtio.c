/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio core, the device side of uk/virtio.h: the driver table, reset,
 * feature negotiation, probe, configuration space, interrupts.
 */
#include <virtio/transport.h>
#include <uk/print.h>
#include <uk/errno.h>

extern const struct uk_virtio_driver *const __uk_virtio_drivers_start[];
extern const struct uk_virtio_driver *const __uk_virtio_drivers_end[];

/* What the core itself handles, offered to every device. */
#define CORE_FEATURES (UK_VIRTIO_FEATURE(UK_VIRTIO_F_VERSION_1) |	\
		       UK_VIRTIO_FEATURE(UK_VIRTIO_F_EVENT_IDX) |	\
		       UK_VIRTIO_FEATURE(UK_VIRTIO_F_INDIRECT_DESC))
/* The reserved range (24..49) is the core's, never a driver's. */
#define RESERVED_FEATURES (((1ULL << 50) - 1) & ~((1ULL << 24) - 1))

/* Polls for a reset to be read back (spec: the driver waits for it). */
#define RESET_POLLS	1000000

static struct uk_virtio_dev *devices;
static unsigned int ndevices;

uint16_t uk_virtio_dev_id(const struct uk_virtio_dev *vdev)
{
	return vdev->id;
}

const char *uk_virtio_dev_name(const struct uk_virtio_dev *vdev)
{
	return vdev->name;
}

bool uk_virtio_has_feature(const struct uk_virtio_dev *vdev,
			   unsigned int bit)
{
	return bit < 64 && (vdev->features & (1ULL << bit));
}

void uk_virtio_dev_priv_set(struct uk_virtio_dev *vdev, void *priv)
{
	vdev->priv = priv;
}

void *uk_virtio_dev_priv(const struct uk_virtio_dev *vdev)
{
	return vdev->priv;
}

bool uk_virtio_dev_broken(const struct uk_virtio_dev *vdev)
{
	return vdev->broken;
}

unsigned int uk_virtio_dev_count(void)
{
	return ndevices;
}

struct uk_virtio_dev *uk_virtio_dev_get(unsigned int i)
{
	struct uk_virtio_dev *d = devices;

	/* the list is newest first */
	if (i >= ndevices)
		return NULL;
	for (i = ndevices - 1 - i; i; i--)
		d = d->next;
	return d;
}

uint64_t uk_virtio_dev_irq_count(const struct uk_virtio_dev *vdev)
{
	return vdev->irqs;
}

static void status_add(struct uk_virtio_dev *vdev, uint8_t bits)
{
	vdev->ops->status_set(vdev, vdev->ops->status_get(vdev) | bits);
}

void virtio_dev_fail(struct uk_virtio_dev *vdev, const char *why)
{
	if (vdev->broken)
		return;
	vdev->broken = true;
	uk_pr_err("%s: %s: device dropped\n", vdev->name, why);
	status_add(vdev, VIRTIO_STATUS_FAILED);
}

void uk_virtio_dev_drop(struct uk_virtio_dev *vdev, const char *why)
{
	virtio_dev_fail(vdev, why);
	uk_virtio_dev_reset(vdev);
}

void uk_virtio_dev_reset(struct uk_virtio_dev *vdev)
{
	unsigned int i;

	vdev->ops->status_set(vdev, 0);
	for (i = 0; i < RESET_POLLS; i++)
		if (vdev->ops->status_get(vdev) == 0)
			break;
	if (i == RESET_POLLS)
		uk_pr_warn("%s: status not 0 after a reset\n", vdev->name);
	vdev->ready = false;
}

static bool config_range_ok(struct uk_virtio_dev *vdev, unsigned int off,
			    unsigned int len)
{
	return len <= vdev->config_len && off <= vdev->config_len - len;
}

int uk_virtio_config_read(struct uk_virtio_dev *vdev, unsigned int off,
			  void *buf, unsigned int len)
{
	const struct virtio_transport_ops *ops = vdev->ops;
	uint32_t gen;

	if (!buf || !config_range_ok(vdev, off, len))
		return -UK_EINVAL;
	if (!ops->config_generation) {
		ops->config_read(vdev, off, buf, len);
		return 0;
	}
	do {
		gen = ops->config_generation(vdev);
		ops->config_read(vdev, off, buf, len);
	} while (gen != ops->config_generation(vdev));
	return 0;
}

int uk_virtio_config_write(struct uk_virtio_dev *vdev, unsigned int off,
			   const void *buf, unsigned int len)
{
	if (!buf || !config_range_ok(vdev, off, len))
		return -UK_EINVAL;
	vdev->ops->config_write(vdev, off, buf, len);
	return 0;
}

int uk_virtio_dev_ready(struct uk_virtio_dev *vdev)
{
	if (vdev->broken)
		return -UK_EIO;
	if (vdev->ops->status_get(vdev) & VIRTIO_STATUS_NEEDS_RESET) {
		virtio_dev_fail(vdev, "device needs a reset");
		return -UK_EIO;
	}
	if (!vdev->ready) {
		status_add(vdev, VIRTIO_STATUS_DRIVER_OK);
		vdev->ready = true;
	}
	return 0;
}

static const struct uk_virtio_driver *driver_find(uint16_t id)
{
	const struct uk_virtio_driver *const *d;

	for (d = __uk_virtio_drivers_start; d < __uk_virtio_drivers_end; d++)
		if ((*d)->device_id == id)
			return *d;
	return NULL;
}

/*
 * Agrees on the features; sets FEATURES_OK on a modern device and
 * checks that it kept it. Returns 0 or -EIO (reported).
 */
static int negotiate(struct uk_virtio_dev *vdev)
{
	uint64_t offered = vdev->ops->features_get(vdev);
	uint64_t wanted = (vdev->drv->features & ~RESERVED_FEATURES) |
			  CORE_FEATURES;

	if (vdev->legacy) {
		vdev->features = offered & wanted & 0xffffffffULL;
		vdev->ops->features_set(vdev, vdev->features);
		return 0;
	}
	if (!(offered & UK_VIRTIO_FEATURE(UK_VIRTIO_F_VERSION_1))) {
		uk_pr_err("%s: a modern transport without VIRTIO_F_VERSION_1 (features 0x%llx)\n",
			  vdev->name, (unsigned long long)offered);
		return -UK_EIO;
	}
	vdev->features = offered & wanted;
	vdev->ops->features_set(vdev, vdev->features);
	status_add(vdev, VIRTIO_STATUS_FEATURES_OK);
	if (!(vdev->ops->status_get(vdev) & VIRTIO_STATUS_FEATURES_OK)) {
		uk_pr_err("%s: the device refused features 0x%llx (offered 0x%llx): FEATURES_OK not kept\n",
			  vdev->name, (unsigned long long)vdev->features,
			  (unsigned long long)offered);
		return -UK_EIO;
	}
	return 0;
}

static void queues_free(struct uk_virtio_dev *vdev)
{
	for (unsigned int i = 0; i < VIRTIO_QUEUES_MAX; i++) {
		if (vdev->vqs[i])
			virtio_vq_free(vdev->vqs[i]);
		vdev->vqs[i] = NULL;
	}
}

int virtio_dev_add(struct uk_virtio_dev *vdev)
{
	int rc;

	vdev->next = devices;
	devices = vdev;
	ndevices++;

	uk_virtio_dev_reset(vdev);
	vdev->drv = driver_find(vdev->id);
	if (!vdev->drv) {
		uk_pr_info("%s: device ID %u, no driver\n", vdev->name,
			   vdev->id);
		return -UK_ENODEV;
	}
	status_add(vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	status_add(vdev, VIRTIO_STATUS_DRIVER);
	rc = negotiate(vdev);
	if (rc)
		goto out_fail;
	rc = vdev->drv->probe(vdev);
	if (rc) {
		uk_pr_err("%s: %s probe failed (%d)\n", vdev->name,
			  vdev->drv->name, rc);
		goto out_fail;
	}
	rc = uk_virtio_dev_ready(vdev);
	if (rc)
		goto out_fail;
	uk_pr_info("%s: %s, features 0x%llx\n", vdev->name, vdev->drv->name,
		   (unsigned long long)vdev->features);
	return 0;

out_fail:
	uk_virtio_dev_reset(vdev);
	status_add(vdev, VIRTIO_STATUS_FAILED);
	queues_free(vdev);
	return rc;
}

void virtio_dev_interrupt(struct uk_virtio_dev *vdev, unsigned int isr)
{
	vdev->irqs++;
	if (isr & VIRTIO_ISR_CONFIG && vdev->drv && vdev->drv->config_changed
	    && !vdev->broken)
		vdev->drv->config_changed(vdev);
	if (!(isr & VIRTIO_ISR_QUEUE))
		return;
	for (unsigned int i = 0; i < VIRTIO_QUEUES_MAX; i++)
		if (vdev->vqs[i])
			virtio_vq_callback(vdev->vqs[i]);
}
