/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Runs the init calls the libraries registered (see uk/init.h). The linker
 * script sorts .uk_inittab.<class><prio> by name, which is class order
 * then priority order, and brackets the table with the symbols below.
 */
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>

extern const struct uk_initcall __uk_inittab_start[], __uk_inittab_end[];
extern const uk_term_func_t __uk_termtab_start[], __uk_termtab_end[];

int uk_init_run(void)
{
	const struct uk_initcall *c;
	int rc;

	for (c = __uk_inittab_start; c < __uk_inittab_end; c++) {
		uk_pr_debug("init: %s\n", c->name);
		rc = c->fn();
		ukplat_boot_mark(c->name);
		if (rc < 0) {
			uk_pr_crit("init call %s failed: error %d\n",
				   c->name, -rc);
			return rc;
		}
	}
	return 0;
}

void uk_term_run(int status)
{
	const uk_term_func_t *t = __uk_termtab_end;

	while (t > __uk_termtab_start)
		(*--t)(status);
}
