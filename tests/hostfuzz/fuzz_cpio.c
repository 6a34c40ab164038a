/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the initrd, a cpio "newc" archive unpacked into a
 * fresh ramfs root (libuk/vfs/cpio.c over vfs.c, included to start each
 * input from an empty tree, and ramfs.c), under the sanitizers.
 */
#include <uk/vfs.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/plat/memory.h>
#include "shim.h"
#include "../../libuk/vfs/vfs.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

uint64_t ukplat_wall_clock(void)
{
	return 1700000000ULL * 1000000000ULL;
}

/* the boot's initrd: none here, the harness unpacks its input itself */
int ukplat_memregion_count(void)
{
	return 0;
}

const struct ukplat_memregion *ukplat_memregion_get(int i)
{
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uk_vnode *root;

	shim_alloc(32 * UK_MiB);
	shim_alloc_reset();
	root_mnt = NULL;
	root = uk_vfs_root();
	uk_vfs_cpio_extract(root, data, size);
	return 0;
}
