/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Time: calendar conversions on fixed inputs (gmtime_r, localtime_r with
 * POSIX TZ strings, mktime, timegm, strftime, difftime) and the clocks,
 * whose readings are never printed: only facts that hold on any run
 * (monotonic time does not go back, a sleep lasts at least its length,
 * the wall clock is after 2020 and agrees with time()).
 * Compared with the host's static musl build by tests/apps-compare.test.
 */
#define _GNU_SOURCE	/* timegm, tm_gmtoff */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static void show_tm(const char *what, const struct tm *tm)
{
	char buf[128];

	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a %b yday %j wday %w "
		 "%Z %z", tm);
	printf("%s: %s isdst %d gmtoff %ld\n", what, buf, tm->tm_isdst,
	       tm->tm_gmtoff);
}

static void calendar(void)
{
	static const time_t stamps[] = {
		0, 1, -1, 86399, 86400, 951782400 /* 2000-02-29 */,
		1234567890, 1700000000, 2147483647, 2147483648LL,
		4102444800LL /* 2100-01-01 */, -2208988800LL /* 1900 */,
		253402300799LL /* 9999-12-31 23:59:59 */,
	};
	struct tm tm;
	size_t i;

	for (i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
		char what[48];

		snprintf(what, sizeof(what), "gmtime_r(%lld)",
			 (long long)stamps[i]);
		if (gmtime_r(&stamps[i], &tm))
			show_tm(what, &tm);
		else
			printf("%s: NULL\n", what);
		printf("  timegm back: %lld\n", (long long)timegm(&tm));
	}
}

static void zones(void)
{
	static const char *const tzs[] = {
		"UTC0", "EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3",
		"<+0530>-5:30", "NZST-12NZDT,M9.5.0,M4.1.0/3",
	};
	static const time_t stamps[] = {
		0, 1700000000 /* November */, 1690000000 /* July */,
		1710054000 /* 2024-03-10 07:00 UTC, US DST starts */,
	};
	size_t z, i;
	struct tm tm;

	for (z = 0; z < sizeof(tzs) / sizeof(tzs[0]); z++) {
		setenv("TZ", tzs[z], 1);
		tzset();
		printf("TZ=%s: tzname %s/%s\n", tzs[z], tzname[0], tzname[1]);
		for (i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
			char what[48];

			snprintf(what, sizeof(what), "  localtime_r(%lld)",
				 (long long)stamps[i]);
			localtime_r(&stamps[i], &tm);
			show_tm(what, &tm);
			tm.tm_isdst = -1;
			printf("  mktime back: %lld\n", (long long)mktime(&tm));
		}
	}
}

static void normalization(void)
{
	struct tm tm;
	time_t t;

	setenv("TZ", "UTC0", 1);
	tzset();
	/* 2023-01-31 + 1 month = 2023-02-31, i.e. March 3rd */
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 123;
	tm.tm_mon = 1;
	tm.tm_mday = 31;
	tm.tm_hour = 25;
	tm.tm_min = -30;
	tm.tm_sec = 61;
	tm.tm_isdst = 0;
	t = mktime(&tm);
	show_tm("mktime normalizes 2023-02-31 25:-30:61", &tm);
	printf("  = %lld\n", (long long)t);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 124;
	tm.tm_mon = 11;
	tm.tm_mday = 31;
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_sec = 60;
	t = timegm(&tm);
	show_tm("timegm of a leap second", &tm);
	printf("  = %lld\n", (long long)t);
	printf("difftime = %.1f\n", difftime(1700000000, 1600000000));
}

static void formats(void)
{
	static const char *const fmts[] = {
		"%A %B %d %Y", "%c", "%D %T", "%F %R", "%x %X",
		"%e|%k|%l|%I %p",
		"%C %g %G %y %V %U %W %u", "%s", "%n%t%%", "%h %r", "[%10A]",
		"%Ey %Od %+", "",
	};
	time_t t = 1234567890;
	struct tm tm;
	char buf[256];
	size_t i, n;

	setenv("TZ", "UTC0", 1);
	tzset();
	gmtime_r(&t, &tm);
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		/* the buffer is unspecified when strftime returns 0 */
		n = strftime(buf, sizeof(buf), fmts[i], &tm);
		printf("strftime(\"%s\") = %zu \"%s\"\n", fmts[i], n,
		       n ? buf : "");
	}
	n = strftime(buf, 5, "%Y-%m-%d", &tm);
	printf("strftime into 5 bytes = %zu\n", n);
	memset(&tm, 0, sizeof(tm));
	printf("strptime: %s",
	       strptime("2024-02-29 13:45:07", "%Y-%m-%d %H:%M:%S", &tm) ?
	       "parsed" : "failed");
	printf(", %d-%d-%d %d:%d:%d\n", tm.tm_year, tm.tm_mon, tm.tm_mday,
	       tm.tm_hour, tm.tm_min, tm.tm_sec);
	gmtime_r(&t, &tm);
	printf("asctime_r: %s", asctime_r(&tm, buf));
}

static int64_t ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static void clocks(void)
{
	struct timespec a, b, res, req = { 0, 20000000 };
	struct timeval tv;
	int64_t prev, cur, slept;
	int i, back = 0, bad_nsec = 0, r, r2;
	time_t t1;

	r = clock_gettime(CLOCK_MONOTONIC, &a);
	printf("clock_gettime(CLOCK_MONOTONIC) = %d\n", r);
	prev = ns(&a);
	for (i = 0; i < 10000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		cur = ns(&b);
		if (cur < prev)
			back++;
		if (b.tv_nsec < 0 || b.tv_nsec >= 1000000000)
			bad_nsec++;
		prev = cur;
	}
	printf("monotonic went back: %d times; tv_nsec out of range: %d\n",
	       back, bad_nsec);
	printf("monotonic advanced over the loop: %s\n",
	       ns(&b) > ns(&a) ? "yes" : "no");

	clock_gettime(CLOCK_MONOTONIC, &a);
	r = nanosleep(&req, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	slept = ns(&b) - ns(&a);
	/* no upper bound: a loaded host can stall the guest any time */
	printf("nanosleep(20 ms) = %d, lasted at least 20 ms: %s\n", r,
	       slept >= 20000000 ? "yes" : "no");
	if (slept < 20000000)
		printf("  it lasted %lld ns\n", (long long)slept);

	r = clock_getres(CLOCK_MONOTONIC, &res);
	printf("clock_getres(CLOCK_MONOTONIC) = %d, "
	       "between 1 ns and 10 ms: %s\n", r,
	       ns(&res) >= 1 && ns(&res) <= 10000000 ? "yes" : "no");

	/*
	 * time() and gettimeofday() agree with the realtime clock read
	 * before and after them: an order, with no allowance in seconds
	 * that a stalled host could exceed.
	 */
	r = clock_gettime(CLOCK_REALTIME, &a);
	t1 = time(NULL);
	r2 = gettimeofday(&tv, NULL);
	clock_gettime(CLOCK_REALTIME, &b);
	printf("clock_gettime(CLOCK_REALTIME) = %d, after 2020: %s\n", r,
	       a.tv_sec > 1577836800 ? "yes" : "no");
	printf("time() between two readings of it: %s\n",
	       t1 >= a.tv_sec && t1 <= b.tv_sec ? "yes" : "no");
	printf("gettimeofday = %d, between them: %s, tv_usec in range: %s\n",
	       r2, ns(&a) / 1000 <= (int64_t)tv.tv_sec * 1000000 + tv.tv_usec &&
	       (int64_t)tv.tv_sec * 1000000 + tv.tv_usec <= ns(&b) / 1000 ?
	       "yes" : "no",
	       tv.tv_usec >= 0 && tv.tv_usec < 1000000 ? "yes" : "no");

	errno = 0;
	r = clock_gettime((clockid_t)12345, &a);
	printf("clock_gettime(12345) = %d, %s\n", r,
	       errno == EINVAL ? "EINVAL" : strerror(errno));
	req.tv_nsec = 1000000000;
	errno = 0;
	r = nanosleep(&req, NULL);
	printf("nanosleep with tv_nsec 1e9 = %d, %s\n", r,
	       errno == EINVAL ? "EINVAL" : strerror(errno));
	printf("clock() works: %s\n", clock() != (clock_t)-1 ? "yes" : "no");
}

int main(void)
{
	setenv("TZ", "UTC0", 1);
	tzset();
	calendar();
	zones();
	normalization();
	formats();
	clocks();
	return 0;
}
