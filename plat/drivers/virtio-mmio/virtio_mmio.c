/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-mmio transport (virtio 1.2, 4.2): the legacy (version 1) and
 * modern (version 2) register layouts. The devices are found by
 * cmdline.c (x86_64: virtio_mmio.device= arguments) or fdt.c (aarch64:
 * virtio,mmio nodes), which call virtio_mmio_add().
 */
#include <virtio/transport.h>
#include <virtio/mmio.h>
#include <uk/plat/irq.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/errno.h>

#define MAGIC			0x000	/* "virt" */
#define VERSION_REG		0x004
#define DEVICE_ID		0x008
#define DEVICE_FEATURES		0x010
#define DEVICE_FEATURES_SEL	0x014
#define DRIVER_FEATURES		0x020
#define DRIVER_FEATURES_SEL	0x024
#define GUEST_PAGE_SIZE		0x028	/* legacy */
#define QUEUE_SEL		0x030
#define QUEUE_NUM_MAX		0x034
#define QUEUE_NUM		0x038
#define QUEUE_ALIGN		0x03c	/* legacy */
#define QUEUE_PFN		0x040	/* legacy */
#define QUEUE_READY		0x044
#define QUEUE_NOTIFY		0x050
#define INTERRUPT_STATUS	0x060
#define INTERRUPT_ACK		0x064
#define STATUS			0x070
#define QUEUE_DESC		0x080	/* low, high */
#define QUEUE_DRIVER		0x090
#define QUEUE_DEVICE		0x0a0
#define CONFIG_GENERATION	0x0fc
#define CONFIG			0x100

#define MMIO_MAGIC		0x74726976

struct vmmio {
	struct uk_virtio_dev vdev;
	volatile uint8_t *base;
};

static struct vmmio *vm(struct uk_virtio_dev *vdev)
{
	return uk_container_of(vdev, struct vmmio, vdev);
}

static uint32_t rd32(struct vmmio *m, unsigned int reg)
{
	return virtio_rd32(m->base, reg);
}

static void wr32(struct vmmio *m, unsigned int reg, uint32_t v)
{
	virtio_wr32(m->base, reg, v);
}

static uint8_t m_status_get(struct uk_virtio_dev *vdev)
{
	return (uint8_t)rd32(vm(vdev), STATUS);
}

static void m_status_set(struct uk_virtio_dev *vdev, uint8_t s)
{
	wr32(vm(vdev), STATUS, s);
}

static uint64_t m_features_get(struct uk_virtio_dev *vdev)
{
	return virtio_features_read(vm(vdev)->base, DEVICE_FEATURES_SEL,
				    DEVICE_FEATURES);
}

static void m_features_set(struct uk_virtio_dev *vdev, uint64_t f)
{
	virtio_features_write(vm(vdev)->base, DRIVER_FEATURES_SEL,
			      DRIVER_FEATURES, f);
}

static uint32_t m_generation(struct uk_virtio_dev *vdev)
{
	return rd32(vm(vdev), CONFIG_GENERATION);
}

/* Byte accesses: valid for any field on both layouts under QEMU. */
static void m_config_read(struct uk_virtio_dev *vdev, unsigned int off,
			  void *buf, unsigned int len)
{
	virtio_config_copy_in(buf, vm(vdev)->base + CONFIG + off, len);
}

static void m_config_write(struct uk_virtio_dev *vdev, unsigned int off,
			   const void *buf, unsigned int len)
{
	virtio_config_copy_out(vm(vdev)->base + CONFIG + off, buf, len);
}

static uint16_t m_queue_max(struct uk_virtio_dev *vdev, uint16_t index)
{
	struct vmmio *m = vm(vdev);
	uint32_t max;

	wr32(m, QUEUE_SEL, index);
	if (!vdev->legacy && rd32(m, QUEUE_READY))
		return 0;	/* in use: not ours to take */
	max = rd32(m, QUEUE_NUM_MAX);
	return max > 0x8000 ? 0x8000 : (uint16_t)max;
}

static int m_queue_enable(struct uk_virtio_dev *vdev, uint16_t index,
			  uint16_t size, uint64_t desc, uint64_t avail,
			  uint64_t used, bool has_cb)
{
	struct vmmio *m = vm(vdev);

	wr32(m, QUEUE_SEL, index);
	wr32(m, QUEUE_NUM, size);
	if (vdev->legacy) {
		if (desc % VIRTIO_LEGACY_ALIGN ||
		    (desc >> 12) > UINT32_MAX)
			return -UK_EINVAL;
		/* the PFN's unit: set here, a reset may have dropped it */
		wr32(m, GUEST_PAGE_SIZE, 4096);
		wr32(m, QUEUE_ALIGN, VIRTIO_LEGACY_ALIGN);
		wr32(m, QUEUE_PFN, (uint32_t)(desc >> 12));
		return 0;
	}
	virtio_wr64(m->base, QUEUE_DESC, desc);
	virtio_wr64(m->base, QUEUE_DRIVER, avail);
	virtio_wr64(m->base, QUEUE_DEVICE, used);
	wr32(m, QUEUE_READY, 1);
	return 0;
}

static void m_queue_notify(struct uk_virtio_dev *vdev, uint16_t index)
{
	wr32(vm(vdev), QUEUE_NOTIFY, index);
}

static const struct virtio_transport_ops mmio_ops = {
	.status_get = m_status_get,
	.status_set = m_status_set,
	.features_get = m_features_get,
	.features_set = m_features_set,
	.config_generation = NULL,	/* set per device: modern only */
	.config_read = m_config_read,
	.config_write = m_config_write,
	.queue_max = m_queue_max,
	.queue_enable = m_queue_enable,
	.queue_notify = m_queue_notify,
};

static const struct virtio_transport_ops mmio_modern_ops = {
	.status_get = m_status_get,
	.status_set = m_status_set,
	.features_get = m_features_get,
	.features_set = m_features_set,
	.config_generation = m_generation,
	.config_read = m_config_read,
	.config_write = m_config_write,
	.queue_max = m_queue_max,
	.queue_enable = m_queue_enable,
	.queue_notify = m_queue_notify,
};

static int m_interrupt(void *arg)
{
	struct vmmio *m = arg;
	uint32_t isr = rd32(m, INTERRUPT_STATUS);

	if (!isr)
		return 0;
	wr32(m, INTERRUPT_ACK, isr);
	virtio_dev_interrupt(&m->vdev, isr);
	return 1;
}

int virtio_mmio_add(uint64_t base, uint64_t size, int irq)
{
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)base;
	uint32_t magic, version, id;
	struct vmmio *m;
	int rc;

	if (size < CONFIG || base % 4)
		return -UK_EINVAL;
	magic = *(volatile uint32_t *)(p + MAGIC);
	version = *(volatile uint32_t *)(p + VERSION_REG);
	id = *(volatile uint32_t *)(p + DEVICE_ID);
	if (magic != MMIO_MAGIC) {
		uk_pr_warn("virtio-mmio@0x%llx: bad magic 0x%x\n",
			   (unsigned long long)base, magic);
		return -UK_ENODEV;
	}
	if (version != 1 && version != 2) {
		uk_pr_warn("virtio-mmio@0x%llx: unknown version %u\n",
			   (unsigned long long)base, version);
		return -UK_ENODEV;
	}
	if (id == 0 || id > 0xffff)	/* an empty slot */
		return -UK_ENODEV;
	m = uk_calloc(uk_alloc_get_default(), 1, sizeof(*m));
	if (!m)
		return -UK_ENOMEM;
	m->base = p;
	m->vdev.ops = version == 1 ? &mmio_ops : &mmio_modern_ops;
	m->vdev.id = (uint16_t)id;
	m->vdev.legacy = version == 1;
	m->vdev.config_len = size - CONFIG > 0x1000 ? 0x1000 : size - CONFIG;
	uk_snprintf(m->vdev.name, sizeof(m->vdev.name),
		    "virtio-mmio%s@0x%llx", version == 1 ? "-legacy" : "",
		    (unsigned long long)base);
	if (irq >= 0) {
		rc = ukplat_irq_register((unsigned int)irq, m_interrupt, m);
		if (rc)
			uk_pr_warn("%s: interrupt %d not available (%d): polling only\n",
				   m->vdev.name, irq, rc);
	}
	return virtio_dev_add(&m->vdev);
}
