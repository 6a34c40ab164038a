/* SPDX-License-Identifier: BSD-3-Clause */
/* Without a C library: main(argc, argv, envp) on a stack of its own. */
#include <uk/boot.h>
#include <uk/plat/bootstrap.h>

int main(int argc, char **argv, char **envp);

static int app_argc;
static char **app_argv, **app_envp;

static void run_main(void)
{
	uk_boot_mark_main();
	uk_boot_exit(main(app_argc, app_argv, app_envp));
}

void uk_app_start(int argc, char **argv, char **envp)
{
	app_argc = argc;
	app_argv = argv;
	app_envp = envp;
	/* enter as if called: the return-address slot keeps the ABI alignment */
	ukarch_jump((char *)uk_boot_app_stack() - sizeof(void *), run_main);
}
