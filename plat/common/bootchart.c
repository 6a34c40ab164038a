/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The boot chart's record (uk/plat/bootstrap.h): a fixed table of
 * (step, counter) pairs, filled from the platform's first C code on,
 * converted to nanoseconds only when read. Steps past the table's end
 * are dropped; ukplat_boot_step() reports them as one last row named
 * "(more steps not recorded)".
 */
#include <uk/plat/bootstrap.h>
#include <plat/common.h>

static struct {
	const char *what;
	uint64_t ticks;
} marks[UKPLAT_BOOT_MARKS];
static unsigned int nmarks;
static bool dropped;

void ukplat_boot_mark(const char *what)
{
	if (nmarks < UKPLAT_BOOT_MARKS) {
		marks[nmarks].what = what;
		marks[nmarks].ticks = plat_boot_ticks();
		nmarks++;
	} else {
		dropped = true;
	}
}

int ukplat_boot_step(unsigned int i, const char **what, uint64_t *ns)
{
	if (i < nmarks) {
		*what = marks[i].what;
		*ns = plat_boot_ticks_to_ns(marks[i].ticks);
		return 0;
	}
	if (i == nmarks && dropped && nmarks) {
		*what = "(more steps not recorded)";
		*ns = plat_boot_ticks_to_ns(marks[nmarks - 1].ticks);
		return 0;
	}
	return -1;
}
