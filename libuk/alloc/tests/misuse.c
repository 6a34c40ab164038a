/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Misuses the default allocator on purpose; libuk/alloc/tests/alloc.test
 * checks what the kernel reports:
 *
 *   (no argument)  a few blocks allocated and freed, one left live;
 *                  exits 0 (alloc.stats=1 prints the statistics)
 *   double         frees a block twice: a crash report
 *   overrun        writes one byte past a block, then frees it: a
 *                  crash report in debug builds (--enable-alloc-debug)
 */
#include <uk/alloc.h>
#include <uk/string.h>

int main(int argc, char **argv)
{
	struct uk_alloc *a = uk_alloc_get_default();
	const char *what = argc > 1 ? argv[1] : "";
	volatile uint8_t *p = uk_malloc(a, 100);
	void *q = uk_malloc(a, 5000);

	if (!p || !q)
		return 2;
	if (!uk_strcmp(what, "double")) {
		uk_free(a, q);
		uk_free(a, q);
	} else if (!uk_strcmp(what, "overrun")) {
		p[100] = 1;
		uk_free(a, (void *)p);
	} else {
		uk_free(a, q);
		uk_free(a, uk_malloc(a, 3000));
		return 0;
	}
	return 1;
}
