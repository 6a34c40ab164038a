/*
 * Driver binding (uk/plat/driver.h): the drivers a board links are
 * sorted by priority, each class of the board has the driver this
 * machine (QEMU under uk-run) should give it, and probing a class again
 * keeps what is bound. The image reads the platform's internal header
 * and tables directly: it is built from the source tree.
 */
#include <uk/test.h>
#include <uk/errno.h>
#include <uk/string.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/driver.h>

extern const struct ukplat_driver __uk_drivertab_start[],
	__uk_drivertab_end[];

static const char *const class_names[UKPLAT_DRIVER_CLASSES] = {
	"hypervisor", "console", "exit", "irqchip", "clock", "timer",
	"wallclock",
};

/* What each class binds to, per platform; "" for none, "|" for either. */
static const char *const x86_kvm[UKPLAT_DRIVER_CLASSES] = {
	"", "ns16550", "isa_debug_exit", "", "tsc", "lapic_timer", "cmos",
};
static const char *const x86_xen[UKPLAT_DRIVER_CLASSES] = {
	"xen", "xen_console_io|xen_console_ring", "xen_shutdown",
	"xen_evtchn", "xen_pvclock", "xen_timer", "xen_wallclock",
};
static const char *const arm_kvm[UKPLAT_DRIVER_CLASSES] = {
	"", "pl011", "semihosting", "gicv2|gicv3", "arm_generic_clock",
	"arm_generic_timer", "pl031",
};
static const char *const arm_rpi3[UKPLAT_DRIVER_CLASSES] = {
	"", "pl011", "semihosting", "bcm2836", "arm_generic_clock",
	"arm_generic_timer", "epoch",
};

/* True when @name is one of the '|'-separated names of @want. */
static bool one_of(const char *want, const char *name)
{
	size_t n = uk_strlen(name);

	while (*want) {
		size_t len = 0;

		while (want[len] && want[len] != '|')
			len++;
		if (len == n && !uk_strncmp(want, name, n))
			return true;
		want += len + (want[len] == '|');
	}
	return false;
}

static const char *const *expected(void)
{
	const struct ukplat_driver *h =
		ukplat_driver_bound(UKPLAT_DRIVER_HYPERVISOR);

	if (!uk_strcmp(ukplat_arch(), "x86_64"))
		return h ? x86_xen : x86_kvm;
	return uk_strcmp(ukplat_name(), "rpi3") ? arm_kvm : arm_rpi3;
}

UK_TESTCASE(driver, table_sorted_by_priority)
{
	const struct ukplat_driver *d;
	unsigned int prev = 0, n = 0;

	for (d = __uk_drivertab_start; d < __uk_drivertab_end; d++, n++) {
		UK_TEST_EXPECT_LE(prev, d->prio);
		UK_TEST_EXPECT_LE(d->prio, 9);
		UK_TEST_EXPECT_LT(d->cls, UKPLAT_DRIVER_CLASSES);
		UK_TEST_EXPECT_NOT_NULL(d->probe);
		prev = d->prio;
	}
	UK_TEST_EXPECT_GE(n, 5);
}

UK_TESTCASE(driver, each_class_has_the_expected_driver)
{
	const char *const *want = expected();

	for (int c = 0; c < UKPLAT_DRIVER_CLASSES; c++) {
		const struct ukplat_driver *d = ukplat_driver_bound(c);
		const char *name = d ? d->name : "";

		uk_test_diag("%s: %s\n", class_names[c], d ? name : "(none)");
		if (*want[c])
			UK_TEST_EXPECT(one_of(want[c], name));
		else
			UK_TEST_EXPECT_NULL(d);
		if (d)
			UK_TEST_EXPECT_EQ(d->cls, c);
	}
}

UK_TESTCASE(driver, probing_again_keeps_the_binding)
{
	const struct ukplat_driver *before =
		ukplat_driver_bound(UKPLAT_DRIVER_CONSOLE);

	UK_TEST_EXPECT_EQ(ukplat_driver_probe(UKPLAT_DRIVER_CONSOLE), 0);
	UK_TEST_EXPECT_PTR_EQ(ukplat_driver_bound(UKPLAT_DRIVER_CONSOLE),
			      before);
	UK_TEST_EXPECT_EQ(ukplat_driver_probe(UKPLAT_DRIVER_CLASSES),
			  -UK_EINVAL);
}

UK_TEST_MAIN()
