/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wall clock: the MC146818 RTC (CMOS) at ports 0x70/0x71, read once by
 * the probe; the wall clock is that time plus the monotonic clock since.
 * The probe fails when no RTC answers (e.g. microvm,rtc=off).
 */
#include <uk/plat/driver.h>
#include <uk/plat/time.h>
#include <uk/errno.h>
#include <x86/cpu.h>

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71

/* wall-clock time at monotonic 0 (the RTC is read within a few us) */
static uint64_t boot_wall_ns;

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static unsigned int bcd(uint8_t v, bool is_bcd)
{
	return is_bcd ? (v & 0x0f) + (v >> 4) * 10 : v;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's method). */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool rtc_read(uint64_t *secs)
{
	uint8_t sec, min, hour, day, mon, year, cent, regb;
	unsigned int h, y, m, d;
	bool is_bcd;
	int tries = 0;

	/* no RTC at all (e.g. microvm,rtc=off) reads as 0xff */
	if (cmos_read(0x0a) == 0xff)
		return false;
	/* wait for no update in progress (bounded) */
	while ((cmos_read(0x0a) & 0x80) && ++tries < 100000)
		;
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	cent = cmos_read(0x32);
	regb = cmos_read(0x0b);
	if (regb == 0xff && mon == 0xff)
		return false;	/* nothing at the ports */
	is_bcd = !(regb & 0x04);
	if (regb & 0x02)	/* 24-hour mode */
		h = bcd(hour, is_bcd);
	else			/* 12-hour mode, bit 7 = PM */
		h = bcd(hour & 0x7f, is_bcd) % 12 + ((hour & 0x80) ? 12 : 0);
	y = bcd(year, is_bcd) +
	    (cent && cent != 0xff ? bcd(cent, is_bcd) * 100 : 2000);
	m = bcd(mon, is_bcd);
	d = bcd(day, is_bcd);
	if (m < 1 || m > 12 || d < 1 || d > 31 || h > 23)
		return false;
	*secs = days_from_civil(y, m, d) * 86400ULL + h * 3600ULL +
		bcd(min, is_bcd) * 60ULL + bcd(sec, is_bcd);
	return true;
}

static int probe(void)
{
	uint64_t secs;

	if (!rtc_read(&secs))
		return -UK_ENODEV;
	boot_wall_ns = secs * UKPLAT_NSEC_PER_SEC;
	return 0;
}

static uint64_t boot_time(void)
{
	return boot_wall_ns;
}

static const struct ukplat_wallclock_ops ops = {
	.boot_time = boot_time,
};

UKPLAT_DRIVER(cmos, UKPLAT_DRIVER_WALLCLOCK, UKPLAT_DRIVER_PRIO_HW, probe,
	      &ops);
