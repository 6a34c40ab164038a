/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform drivers (inside plat/ only; not installed).
 *
 * A driver lives in plat/drivers/NAME/ and registers itself with
 * UKPLAT_DRIVER(): a name, a class, a priority, a probe function and an
 * ops struct whose type the class fixes (below). A board links the
 * drivers of its list (its Makemodule.am) and calls
 * ukplat_driver_probe(CLASS) at the point of its boot where a class can
 * be found; the common dispatch (plat/common: console, exit, clocks,
 * timer, interrupt controller) then calls through the ops of the driver
 * bound to each class. Nothing names a driver but its own folder and
 * the board's list.
 *
 * Contract of probe():
 *   - returns 0 when it found its device and set it up: the driver is
 *     bound, and from then on its ops MAY be called at any time (also
 *     from interrupt context, and from the vDSO for a clock);
 *   - returns -UK_ENODEV when its device is absent (another hypervisor,
 *     no node in the device tree); it MUST then have changed nothing;
 *   - returns another negative errno when the device is there but
 *     unusable: the dispatch reports it and tries the next driver.
 * A probe runs once per ukplat_driver_probe() call at most, on the boot
 * CPU; the board's calls come during the boot, interrupts disabled.
 *
 * Preference: drivers of a class are probed in priority order (0 first;
 * paravirtual devices UKPLAT_DRIVER_PRIO_PV, emulated or real hardware
 * UKPLAT_DRIVER_PRIO_HW, last resorts UKPLAT_DRIVER_PRIO_FALLBACK), then
 * in link order (the board's list; within one file, unspecified); the
 * first that returns 0 is bound. @prio_ must be a literal or a macro
 * expanding to one: it names the section the link script sorts.
 */
#ifndef UK_PLAT_DRIVER_H
#define UK_PLAT_DRIVER_H

#include <uk/essentials.h>

/* Classes, and the ops struct each one's drivers give. */
enum ukplat_driver_class {
	/* finds the hypervisor's interface; ops unused (NULL) */
	UKPLAT_DRIVER_HYPERVISOR,
	UKPLAT_DRIVER_CONSOLE,		/* struct ukplat_console_ops */
	UKPLAT_DRIVER_EXIT,		/* struct ukplat_exit_ops */
	/* arm64: struct arm64_irqchip; x86_64: NULL (Xen's event channels) */
	UKPLAT_DRIVER_IRQCHIP,
	UKPLAT_DRIVER_CLOCK,		/* struct ukplat_clock_ops */
	UKPLAT_DRIVER_TIMER,		/* struct ukplat_timer_ops */
	UKPLAT_DRIVER_WALLCLOCK,	/* struct ukplat_wallclock_ops */
	UKPLAT_DRIVER_CLASSES
};

#define UKPLAT_DRIVER_PRIO_PV		3
#define UKPLAT_DRIVER_PRIO_HW		5
#define UKPLAT_DRIVER_PRIO_FALLBACK	7

struct ukplat_driver {
	const char *name;
	enum ukplat_driver_class cls;
	unsigned int prio;	/* as in its section's name */
	int (*probe)(void);
	const void *ops;
};

struct ukplat_console_ops {
	/* as ukplat_coutk and ukplat_cink (uk/plat/console.h) */
	int (*coutk)(const char *buf, unsigned int len);
	int (*cink)(char *buf, unsigned int maxlen);
	/* as ukplat_cin_notify; NULL: no receive interrupt */
	int (*cin_notify)(void (*fn)(void));
};

/*
 * For a console driver's coutk: writes @buf with @putc, each "\n" as
 * "\r\n"; returns @len.
 */
int ukplat_console_crlf(const char *buf, unsigned int len,
			void (*putc)(char c));

struct ukplat_exit_ops {
	/*
	 * Stops the machine with @status (0..255, or UK_STATUS_CRASH),
	 * interrupts disabled. Returns only when it could not.
	 */
	void (*terminate)(int status);
};

struct ukplat_clock_ops {
	/* as in uk/plat/time.h */
	uint64_t (*monotonic)(void);
	uint64_t (*raw)(void);
	uint64_t (*raw_to_ns)(uint64_t raw);
	uint64_t (*resolution)(void);
};

struct ukplat_timer_ops {
	/* as in uk/plat/timer.h */
	unsigned int (*irq)(void);
	void (*set)(uint64_t deadline_ns);
	void (*stop)(void);
};

struct ukplat_wallclock_ops {
	/* the wall-clock time (ns since 1970) at monotonic time 0 */
	uint64_t (*boot_time)(void);
};

/*
 * Registers driver @name_ (an identifier, also its printed name) of
 * class @cls_ (UKPLAT_DRIVER_...) at priority @prio_ (0..9) with
 * @probe_ and @ops_ (a pointer to the class's ops struct, or NULL).
 */
#define UKPLAT_DRIVER_SECTION_(prio) ".uk_drivertab." #prio
#define UKPLAT_DRIVER_SECTION(prio) UKPLAT_DRIVER_SECTION_(prio)
#define UKPLAT_DRIVER(name_, cls_, prio_, probe_, ops_)			\
	static const struct ukplat_driver				\
	__used __section(UKPLAT_DRIVER_SECTION(prio_)) __aligned(8)	\
	UK_CONCAT(__ukplat_driver_, name_) = {				\
		.name = #name_, .cls = (cls_), .prio = (prio_),		\
		.probe = (probe_), .ops = (ops_),			\
	}

/*
 * Probes the drivers of class @cls in preference order until one binds.
 * Called again (when the board knows more of the machine), it probes
 * only the drivers preferred to the one bound already, which a new
 * binding replaces. Returns 0 when a driver is bound, else -UK_ENODEV.
 */
int ukplat_driver_probe(enum ukplat_driver_class cls);

/* Written by ukplat_driver_probe() only: use ukplat_driver_bound(). */
extern const struct ukplat_driver *ukplat_driver_bound_[UKPLAT_DRIVER_CLASSES];

/* The driver bound to class @cls, or NULL. */
static inline const struct ukplat_driver *
ukplat_driver_bound(enum ukplat_driver_class cls)
{
	return ukplat_driver_bound_[cls];
}

/* The ops of the driver bound to class @cls, or NULL. */
static inline const void *ukplat_driver_ops(enum ukplat_driver_class cls)
{
	const struct ukplat_driver *d = ukplat_driver_bound(cls);

	return d ? d->ops : NULL;
}

#endif /* UK_PLAT_DRIVER_H */
