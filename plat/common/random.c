/* SPDX-License-Identifier: BSD-3-Clause */
/* The entropy device source of uk/plat/random.h (every platform). */
#include <uk/plat/random.h>
#include <uk/errno.h>

static struct ukplat_random_dev *source;
static uint64_t served;

void ukplat_random_dev_register(struct ukplat_random_dev *dev)
{
	source = dev;
}

int ukplat_random_dev(void *buf, size_t len)
{
	int rc;

	if (!source)
		return -UK_ENODEV;
	rc = source->read(source, buf, len);
	if (rc == 0)
		served += len;
	return rc;
}

uint64_t ukplat_random_dev_bytes(void)
{
	return served;
}
