/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-pci transport (virtio 1.2, 4.1): the modern layout (vendor
 * capabilities pointing into memory BARs) and the legacy one (I/O BAR0)
 * of legacy and transitional devices; MSI-X when the device has it
 * (vector 0 for configuration changes, one per queue up to
 * VECTORS_MAX, the last shared by the remaining queues), INTx with the
 * ISR otherwise.
 */
#include <virtio/transport.h>
#include <pci/pci.h>
#include <uk/plat/irq.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/errno.h>

#define VIRTIO_VENDOR		0x1af4
#define ID_LEGACY_FIRST		0x1000	/* transitional: ID from subsystem */
#define ID_LEGACY_LAST		0x103f
#define ID_MODERN_BASE		0x1040
#define ID_MODERN_LAST		0x107f

/* vendor capability (virtio 1.2, 4.1.4) */
#define CAP_CFG_TYPE		3
#define CAP_BAR			4
#define CAP_OFFSET		8
#define CAP_LENGTH		12
#define CAP_NOTIFY_MULT		16
#define TYPE_COMMON		1
#define TYPE_NOTIFY		2
#define TYPE_ISR		3
#define TYPE_DEVICE		4

/* common configuration */
#define C_DFSELECT		0x00
#define C_DF			0x04
#define C_GFSELECT		0x08
#define C_GF			0x0c
#define C_MSIX_CONFIG		0x10
#define C_NUM_QUEUES		0x12
#define C_STATUS		0x14
#define C_GENERATION		0x15
#define C_Q_SELECT		0x16
#define C_Q_SIZE		0x18
#define C_Q_MSIX		0x1a
#define C_Q_ENABLE		0x1c
#define C_Q_NOTIFY_OFF		0x1e
#define C_Q_DESC		0x20
#define C_Q_DRIVER		0x28
#define C_Q_DEVICE		0x30
#define COMMON_LEN		0x38

/* legacy I/O registers (virtio 1.2, 4.1.4.8) */
#define L_HOST_FEATURES		0x00
#define L_GUEST_FEATURES	0x04
#define L_Q_PFN			0x08
#define L_Q_SIZE		0x0c
#define L_Q_SELECT		0x0e
#define L_Q_NOTIFY		0x10
#define L_STATUS		0x12
#define L_ISR			0x13
#define L_MSIX_CONFIG		0x14
#define L_Q_MSIX		0x16
#define L_CONFIG		0x14	/* 0x18 with MSI-X on */

#define NO_VECTOR		0xffff
#define VECTORS_MAX		4

struct vpci;

struct vpci_vec {
	struct vpci *vp;
	unsigned int v;
};

struct vpci {
	struct uk_virtio_dev vdev;
	struct pci_dev *pdev;
	/* modern */
	volatile uint8_t *common, *notify, *isr, *device;
	uint32_t notify_mult, notify_len;
	volatile uint16_t *qnotify[VIRTIO_QUEUES_MAX];
	/* legacy */
	uint32_t io;		/* I/O BAR0 port */
	unsigned int config_off;
	/* interrupts */
	unsigned int nvec;		/* MSI-X vectors, 0: INTx */
	struct vpci_vec vec[VECTORS_MAX];
};

static struct vpci *vp_of(struct uk_virtio_dev *vdev)
{
	return uk_container_of(vdev, struct vpci, vdev);
}

/* The MSI-X vector of queue @q. */
static uint16_t queue_vector(struct vpci *vp, unsigned int q)
{
	if (!vp->nvec)
		return NO_VECTOR;
	return (uint16_t)UK_MIN(1 + q, vp->nvec - 1);
}

/* ---- modern ---- */

static uint8_t rd8(volatile uint8_t *b, unsigned int off)
{
	uint8_t v = b[off];

	virtio_mb();
	return v;
}

static uint16_t rd16(volatile uint8_t *b, unsigned int off)
{
	uint16_t v = *(volatile uint16_t *)(b + off);

	virtio_mb();
	return v;
}

static void wr8(volatile uint8_t *b, unsigned int off, uint8_t v)
{
	virtio_mb();
	b[off] = v;
}

static void wr16(volatile uint8_t *b, unsigned int off, uint16_t v)
{
	virtio_mb();
	*(volatile uint16_t *)(b + off) = v;
}

static uint8_t m_status_get(struct uk_virtio_dev *vdev)
{
	return rd8(vp_of(vdev)->common, C_STATUS);
}

static void m_status_set(struct uk_virtio_dev *vdev, uint8_t s)
{
	wr8(vp_of(vdev)->common, C_STATUS, s);
}

static uint64_t m_features_get(struct uk_virtio_dev *vdev)
{
	return virtio_features_read(vp_of(vdev)->common, C_DFSELECT, C_DF);
}

static void m_features_set(struct uk_virtio_dev *vdev, uint64_t f)
{
	virtio_features_write(vp_of(vdev)->common, C_GFSELECT, C_GF, f);
}

static uint32_t m_generation(struct uk_virtio_dev *vdev)
{
	return rd8(vp_of(vdev)->common, C_GENERATION);
}

static void m_config_read(struct uk_virtio_dev *vdev, unsigned int off,
			  void *buf, unsigned int len)
{
	virtio_config_copy_in(buf, vp_of(vdev)->device + off, len);
}

static void m_config_write(struct uk_virtio_dev *vdev, unsigned int off,
			   const void *buf, unsigned int len)
{
	virtio_config_copy_out(vp_of(vdev)->device + off, buf, len);
}

static uint16_t m_queue_max(struct uk_virtio_dev *vdev, uint16_t index)
{
	volatile uint8_t *c = vp_of(vdev)->common;

	if (index >= rd16(c, C_NUM_QUEUES))
		return 0;
	wr16(c, C_Q_SELECT, index);
	if (rd16(c, C_Q_ENABLE))
		return 0;
	return UK_MIN(rd16(c, C_Q_SIZE), 0x8000);
}

static int m_queue_enable(struct uk_virtio_dev *vdev, uint16_t index,
			  uint16_t size, uint64_t desc, uint64_t avail,
			  uint64_t used, bool has_cb)
{
	struct vpci *vp = vp_of(vdev);
	volatile uint8_t *c = vp->common;
	uint64_t noff;
	uint16_t vec = queue_vector(vp, index);

	wr16(c, C_Q_SELECT, index);
	wr16(c, C_Q_SIZE, size);
	if (vp->nvec) {
		/* a reset forgot it: set again with every queue */
		wr16(c, C_MSIX_CONFIG, 0);
		wr16(c, C_Q_MSIX, vec);
		if (rd16(c, C_Q_MSIX) != vec)
			return -UK_EIO;
	}
	noff = (uint64_t)rd16(c, C_Q_NOTIFY_OFF) * vp->notify_mult;
	if (noff + 2 > vp->notify_len)
		return -UK_EIO;
	vp->qnotify[index] = (volatile uint16_t *)(vp->notify + noff);
	virtio_wr64(c, C_Q_DESC, desc);
	virtio_wr64(c, C_Q_DRIVER, avail);
	virtio_wr64(c, C_Q_DEVICE, used);
	wr16(c, C_Q_ENABLE, 1);
	return 0;
}

static void m_queue_notify(struct uk_virtio_dev *vdev, uint16_t index)
{
	virtio_mb();
	*vp_of(vdev)->qnotify[index] = index;
}

static const struct virtio_transport_ops modern_ops = {
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

/* ---- legacy (I/O ports) ---- */

static uint8_t l_status_get(struct uk_virtio_dev *vdev)
{
	return pci_io_read8(vp_of(vdev)->io + L_STATUS);
}

static void l_status_set(struct uk_virtio_dev *vdev, uint8_t s)
{
	virtio_mb();
	pci_io_write8(vp_of(vdev)->io + L_STATUS, s);
}

static uint64_t l_features_get(struct uk_virtio_dev *vdev)
{
	return pci_io_read32(vp_of(vdev)->io + L_HOST_FEATURES);
}

static void l_features_set(struct uk_virtio_dev *vdev, uint64_t f)
{
	pci_io_write32(vp_of(vdev)->io + L_GUEST_FEATURES, (uint32_t)f);
}

static void l_config_read(struct uk_virtio_dev *vdev, unsigned int off,
			  void *buf, unsigned int len)
{
	struct vpci *vp = vp_of(vdev);
	uint8_t *b = buf;

	for (unsigned int i = 0; i < len; i++)
		b[i] = pci_io_read8(vp->io + vp->config_off + off + i);
}

static void l_config_write(struct uk_virtio_dev *vdev, unsigned int off,
			   const void *buf, unsigned int len)
{
	struct vpci *vp = vp_of(vdev);
	const uint8_t *b = buf;

	for (unsigned int i = 0; i < len; i++)
		pci_io_write8(vp->io + vp->config_off + off + i, b[i]);
}

static uint16_t l_queue_max(struct uk_virtio_dev *vdev, uint16_t index)
{
	struct vpci *vp = vp_of(vdev);

	pci_io_write16(vp->io + L_Q_SELECT, index);
	if (pci_io_read32(vp->io + L_Q_PFN))
		return 0;
	return UK_MIN(pci_io_read16(vp->io + L_Q_SIZE), 0x8000);
}

static int l_queue_enable(struct uk_virtio_dev *vdev, uint16_t index,
			  uint16_t size, uint64_t desc, uint64_t avail,
			  uint64_t used, bool has_cb)
{
	struct vpci *vp = vp_of(vdev);
	uint16_t vec = queue_vector(vp, index);

	if (desc % VIRTIO_LEGACY_ALIGN || (desc >> 12) > UINT32_MAX)
		return -UK_EINVAL;
	pci_io_write16(vp->io + L_Q_SELECT, index);
	if (vp->nvec) {
		/* a reset forgot it: set again with every queue */
		pci_io_write16(vp->io + L_MSIX_CONFIG, 0);
		pci_io_write16(vp->io + L_Q_MSIX, vec);
		if (pci_io_read16(vp->io + L_Q_MSIX) != vec)
			return -UK_EIO;
	}
	virtio_mb();
	pci_io_write32(vp->io + L_Q_PFN, (uint32_t)(desc >> 12));
	return 0;
}

static void l_queue_notify(struct uk_virtio_dev *vdev, uint16_t index)
{
	virtio_mb();
	pci_io_write16(vp_of(vdev)->io + L_Q_NOTIFY, index);
}

static const struct virtio_transport_ops legacy_ops = {
	.status_get = l_status_get,
	.status_set = l_status_set,
	.features_get = l_features_get,
	.features_set = l_features_set,
	.config_generation = NULL,
	.config_read = l_config_read,
	.config_write = l_config_write,
	.queue_max = l_queue_max,
	.queue_enable = l_queue_enable,
	.queue_notify = l_queue_notify,
};

/* ---- interrupts ---- */

static int intx_handler(void *arg)
{
	struct vpci *vp = arg;
	uint8_t isr = vp->vdev.legacy ? pci_io_read8(vp->io + L_ISR)
				      : rd8(vp->isr, 0);

	if (!isr)
		return 0;
	virtio_dev_interrupt(&vp->vdev, isr);
	return 1;
}

static int msix_handler(void *arg)
{
	struct vpci_vec *v = arg;
	struct vpci *vp = v->vp;

	if (v->v == 0) {
		virtio_dev_interrupt(&vp->vdev, VIRTIO_ISR_CONFIG);
		return 1;
	}
	for (unsigned int q = 0; q < VIRTIO_QUEUES_MAX; q++)
		if (vp->vdev.vqs[q] && queue_vector(vp, q) == v->v)
			virtio_vq_interrupt(vp->vdev.vqs[q]);
	return 1;
}

/* MSI-X vectors, else INTx, else polling only. */
static void irq_setup(struct vpci *vp)
{
	int irqs[VECTORS_MAX], irq, rc = -UK_ENOTSUP;
	unsigned int n;

	for (n = VECTORS_MAX; n >= 2; n--) {
		rc = pci_msix_enable(vp->pdev, n, irqs);
		if (rc != -UK_ENOSPC)
			break;
	}
	if (rc == 0) {
		vp->nvec = n;
		for (unsigned int i = 0; i < n; i++) {
			vp->vec[i] = (struct vpci_vec){ vp, i };
			rc = ukplat_irq_register(irqs[i], msix_handler,
						 &vp->vec[i]);
			if (rc)
				uk_pr_warn("%s: vector %d: %d\n",
					   vp->vdev.name, irqs[i], rc);
		}
		uk_pr_debug("%s: MSI-X, %u vectors from %d\n", vp->vdev.name,
			    n, irqs[0]);
		return;
	}
	irq = pci_intx_irq(vp->pdev);
	if (irq < 0 || ukplat_irq_register(irq, intx_handler, vp) < 0)
		uk_pr_warn("%s: no interrupt (%d): polling only\n",
			   vp->vdev.name, irq);
	else
		uk_pr_debug("%s: INTx, vector %d\n", vp->vdev.name, irq);
}

/* The region a vendor capability points at, or NULL. */
static volatile uint8_t *cap_region(struct pci_dev *d, uint8_t cap,
				    uint32_t *len)
{
	uint8_t bar = pci_read8(d, cap + CAP_BAR);
	uint32_t off = pci_read32(d, cap + CAP_OFFSET);

	*len = pci_read32(d, cap + CAP_LENGTH);
	return pci_bar_map(d, bar, off, *len);
}

/* Finds the modern capabilities; 0 or -ENODEV (not modern). */
static int modern_find(struct vpci *vp)
{
	struct pci_dev *d = vp->pdev;
	uint32_t len, common_len = 0, device_len = 0;
	uint8_t cap = 0;

	while ((cap = pci_cap_next(d, PCI_CAP_VENDOR, cap))) {
		volatile uint8_t *r;

		switch (pci_read8(d, cap + CAP_CFG_TYPE)) {
		case TYPE_COMMON:
			if (!vp->common && (r = cap_region(d, cap, &len))) {
				vp->common = r;
				common_len = len;
			}
			break;
		case TYPE_NOTIFY:
			if (!vp->notify && (r = cap_region(d, cap, &len))) {
				vp->notify = r;
				vp->notify_len = len;
				vp->notify_mult = pci_read32(d, cap +
							     CAP_NOTIFY_MULT);
			}
			break;
		case TYPE_ISR:
			if (!vp->isr && (r = cap_region(d, cap, &len)) && len)
				vp->isr = r;
			break;
		case TYPE_DEVICE:
			if (!vp->device && (r = cap_region(d, cap, &len))) {
				vp->device = r;
				device_len = len;
			}
			break;
		}
	}
	if (!vp->common || !vp->notify || !vp->isr ||
	    common_len < COMMON_LEN)
		return -UK_ENODEV;
	vp->vdev.config_len = vp->device ? UK_MIN(device_len, 0x1000) : 0;
	return 0;
}

static bool vpci_match(const struct pci_dev *d)
{
	return d->vendor == VIRTIO_VENDOR &&
	       d->device >= ID_LEGACY_FIRST && d->device <= ID_MODERN_LAST;
}

static int vpci_probe(struct pci_dev *d)
{
	struct vpci *vp = uk_calloc(uk_alloc_get_default(), 1, sizeof(*vp));

	if (!vp)
		return -UK_ENOMEM;
	vp->pdev = d;
	d->priv = vp;
	vp->vdev.id = d->device >= ID_MODERN_BASE
		? d->device - ID_MODERN_BASE : d->subsys_id;
	pci_enable(d);
	if (modern_find(vp) == 0) {
		vp->vdev.ops = &modern_ops;
		uk_snprintf(vp->vdev.name, sizeof(vp->vdev.name),
			    "virtio-pci %s", d->name);
		irq_setup(vp);
	} else if (d->device <= ID_LEGACY_LAST && d->bar[0].io &&
		   d->bar[0].size >= 0x20) {
		vp->io = (uint32_t)d->bar[0].addr;
		vp->vdev.ops = &legacy_ops;
		vp->vdev.legacy = true;
		vp->vdev.fixed_queue_size = true;
		uk_snprintf(vp->vdev.name, sizeof(vp->vdev.name),
			    "virtio-pci-legacy %s", d->name);
		irq_setup(vp);
		vp->config_off = vp->nvec ? L_CONFIG + 4 : L_CONFIG;
		vp->vdev.config_len = d->bar[0].size - vp->config_off;
	} else {
		uk_pr_warn("pci %s: virtio device without usable registers\n",
			   d->name);
		return -UK_ENODEV;
	}
	return virtio_dev_add(&vp->vdev);
}

static const struct pci_driver vpci_driver = {
	.name = "virtio-pci",
	.match = vpci_match,
	.probe = vpci_probe,
};
UK_PCI_DRIVER(vpci_driver);
