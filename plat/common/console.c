/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The console (uk/plat/console.h) on the bound console driver. Before
 * one is bound, and on a board without one, output is dropped and
 * there is no input.
 */
#include <uk/plat/console.h>
#include <uk/plat/driver.h>
#include <uk/errno.h>

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

int ukplat_cin_notify(void (*fn)(void))
{
	const struct ukplat_console_ops *c =
		ukplat_driver_ops(UKPLAT_DRIVER_CONSOLE);

	return c && c->cin_notify ? c->cin_notify(fn) : -UK_ENOTSUP;
}

int ukplat_console_crlf(const char *buf, unsigned int len,
			void (*putc)(char c))
{
	for (unsigned int i = 0; i < len; i++) {
		if (buf[i] == '\n')
			putc('\r');
		putc(buf[i]);
	}
	return len;
}
