/*
 * The only module that reads the system clock (time(), clock_gettime()):
 * every other module, the pure core above all, takes `now` or `today` as
 * a parameter from its caller. It also converts between UNIX time and
 * local dates in a named time zone, which sets TZ in the environment.
 */
#ifndef TREATYD_CLOCK_H
#define TREATYD_CLOCK_H

#include <stddef.h>

/* Seconds since the epoch, UTC. */
long long clock_now(void);
/* A monotonic clock in microseconds, for measuring durations. */
long long clock_monotonic_us(void);
/* The first local midnight after now (UNIX time) in the time zone. */
long long clock_next_midnight(long long now, const char *timezone);
/* The UNIX time of a local date and minute of the day in the time zone
 * (DST resolved by the zone's rules). */
long long clock_local_time(int date, int minutes, const char *timezone);
/* "YYYY-MM-DD HH:MM" of a UNIX time in the time zone; returns buf. */
char	*clock_format_local(long long t, const char *timezone, char *buf,
	    size_t len);
/* The local date of a UNIX time in the time zone. */
int	 clock_local_date(long long t, const char *timezone);
/* Today's date (a day number) in the named time zone. */
int	 clock_today(const char *timezone);
/* A UNIX time as "YYYY-MM-DDTHH:MM:SSZ" (UTC) into buf; returns buf. */
char	*clock_format_utc(long long t, char *buf, size_t len);

#endif
