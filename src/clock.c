#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "date.h"

/*
 * The zone is the process's TZ, so the daemon's sender thread and its
 * loop take turns: lock_zone() sets it (only when it changes) and holds
 * the lock until unlock_zone().
 */
static pthread_mutex_t	 zone_lock = PTHREAD_MUTEX_INITIALIZER;

static void
lock_zone(const char *timezone)
{
	const char	*cur;

	pthread_mutex_lock(&zone_lock);
	if (timezone != NULL && ((cur = getenv("TZ")) == NULL ||
	    strcmp(cur, timezone) != 0))
		setenv("TZ", timezone, 1);
	tzset();
}

static void
unlock_zone(void)
{
	pthread_mutex_unlock(&zone_lock);
}

int
clock_today(const char *timezone)
{
	time_t		 now = time(NULL);
	struct tm	 tm;

	lock_zone(timezone);
	localtime_r(&now, &tm);
	unlock_zone();
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

char *
clock_format_utc(long long t, char *buf, size_t len)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	if (len > 0)
		buf[0] = '\0';
	if (gmtime_r(&tt, &tm) != NULL)
		strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

long long
clock_now(void)
{
	return (long long)time(NULL);
}

long long
clock_monotonic_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

long long
clock_next_midnight(long long now, const char *timezone)
{
	time_t		 t = (time_t)now;
	struct tm	 tm;
	long long	 r;

	lock_zone(timezone);
	localtime_r(&t, &tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;	/* let mktime find it: DST may differ */
	r = (long long)mktime(&tm);
	unlock_zone();
	return r;
}

static long long
local_time(int date, int minutes)
{
	struct tm	 tm;
	int		 y, m, d;

	date_to_ymd(date, &y, &m, &d);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minutes / 60;
	tm.tm_min = minutes % 60;
	tm.tm_isdst = -1;
	{
		struct tm	 a = tm, b = tm, chk;
		time_t		 ta, tb;

		/* In the hour that repeats when DST ends, take the first. */
		a.tm_isdst = 0;
		b.tm_isdst = 1;
		ta = mktime(&a);
		tb = mktime(&b);
		localtime_r(&tb, &chk);
		if (chk.tm_hour == minutes / 60 && chk.tm_min == minutes % 60 &&
		    chk.tm_isdst == 1) {
			localtime_r(&ta, &chk);
			if (chk.tm_hour == minutes / 60 &&
			    chk.tm_min == minutes % 60 && chk.tm_isdst == 0)
				return (long long)(ta < tb ? ta : tb);
			return (long long)tb;
		}
	}
	return (long long)mktime(&tm);
}

long long
clock_local_time(int date, int minutes, const char *timezone)
{
	long long	 r;

	lock_zone(timezone);
	r = local_time(date, minutes);
	unlock_zone();
	return r;
}

int
clock_local_date(long long t, const char *timezone)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	lock_zone(timezone);
	localtime_r(&tt, &tm);
	unlock_zone();
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

char *
clock_format_local(long long t, const char *timezone, char *buf, size_t len)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	lock_zone(timezone);
	localtime_r(&tt, &tm);
	unlock_zone();
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
	return buf;
}
