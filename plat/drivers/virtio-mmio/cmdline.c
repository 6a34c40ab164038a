/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-mmio devices from the kernel command line, as QEMU's microvm
 * (and Firecracker) describe them: virtio_mmio.device=SIZE@ADDR:IRQ,
 * one argument per device. SIZE takes a K/M suffix; ADDR is decimal or
 * 0x hex; IRQ is a GSI, routed through the IOAPIC when there is one.
 * QEMU appends them after the application's arguments; libuk/boot
 * takes trailing ones back as kernel arguments.
 */
#include <virtio/mmio.h>
#include <uk/param.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/errno.h>
#include <ioapic/ioapic.h>

#define DEVICES_MAX	32
/*
 * What the kernel can read without a fault: the first 4 GiB are
 * identity-mapped, page 0 is not. A window elsewhere is refused as a bad
 * value; one on RAM fails virtio-mmio's magic check.
 */
#define MMIO_BASE_MIN	0x100000ULL
#define MMIO_END	(4ULL << 30)
#define MMIO_SIZE_MIN	0x100
#define MMIO_SIZE_MAX	0x100000

static struct {
	uint64_t base, size;
	unsigned int gsi;
	bool has_irq;
} devs[DEVICES_MAX];
static unsigned int ndevs;

/* Parses a number at *@s (decimal, or hex after 0x); 0 or -EINVAL. */
static int number(const char **s, uint64_t *v)
{
	const char *p = *s;
	unsigned int radix = 10, d;
	uint64_t n = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		radix = 16;
		p += 2;
	}
	for (*s = p; ; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (radix == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (radix == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (n > (UINT64_MAX - d) / radix)
			return -UK_EINVAL;
		n = n * radix + d;
	}
	if (p == *s)
		return -UK_EINVAL;
	*s = p;
	*v = n;
	return 0;
}

static int parse_device(const char *v)
{
	uint64_t size, base, irq = 0;
	unsigned int shift = 0;

	if (number(&v, &size))
		return -UK_EINVAL;
	if (*v == 'K' || *v == 'k')
		shift = 10;
	else if (*v == 'M' || *v == 'm')
		shift = 20;
	if (shift) {
		v++;
		if (size > (UINT64_MAX >> shift))
			return -UK_EINVAL;
		size <<= shift;
	}
	if (*v++ != '@' || number(&v, &base))
		return -UK_EINVAL;
	if (*v == ':' && (v++, number(&v, &irq) || irq > 255))
		return -UK_EINVAL;
	if (*v == ':') {	/* Linux's optional platform device id */
		uint64_t id;

		v++;
		if (number(&v, &id))
			return -UK_EINVAL;
	}
	if (*v || size < MMIO_SIZE_MIN || size > MMIO_SIZE_MAX ||
	    base < MMIO_BASE_MIN || base % 4 || base > MMIO_END ||
	    size > MMIO_END - base)	/* base + size may wrap */
		return -UK_EINVAL;
	if (ndevs == DEVICES_MAX) {
		uk_pr_warn("virtio_mmio.device: more than %u devices; ignored\n",
			   DEVICES_MAX);
		return 0;
	}
	devs[ndevs].base = base;
	devs[ndevs].size = size;
	devs[ndevs].gsi = (unsigned int)irq;
	devs[ndevs].has_irq = irq != 0;
	ndevs++;
	return 0;
}

UK_PARAM_PARSE(virtio_mmio, device, parse_device,
	       "SIZE@ADDR:IRQ, a virtio-mmio device");

static int virtio_mmio_cmdline_probe(void)
{
	for (unsigned int i = 0; i < ndevs; i++) {
		int irq = devs[i].has_irq ? ioapic_route(devs[i].gsi, IOAPIC_LEVEL) : -1;

		if (devs[i].has_irq && irq < 0)
			uk_pr_warn("virtio-mmio@0x%llx: GSI %u cannot be routed (%d): polling only\n",
				   (unsigned long long)devs[i].base,
				   devs[i].gsi, irq);
		virtio_mmio_add(devs[i].base, devs[i].size, irq);
	}
	return 0;
}
uk_initcall_prio(virtio_mmio_cmdline_probe, 2, 8);
