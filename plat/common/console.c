/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The console (uk/plat/console.h) on the bound console driver. Before
 * one is bound, and on a board without one, output is dropped and
 * there is no input.
 */
#include <uk/plat/console.h>
#include <uk/plat/driver.h>

int ukplat_coutk(const char *buf, unsigned int len)
{
	const struct ukplat_console_ops *c =
		ukplat_driver_ops(UKPLAT_DRIVER_CONSOLE);

	return c ? c->coutk(buf, len) : (int)len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	const struct ukplat_console_ops *c =
		ukplat_driver_ops(UKPLAT_DRIVER_CONSOLE);

	return c ? c->cink(buf, maxlen) : 0;
}
