/*
 * iCalendar through libical, the only file that includes it: recurrence
 * rules for yearly deadlines (and, later, feeds). Pure: no I/O.
 */
#ifndef TREATYD_ICAL_H
#define TREATYD_ICAL_H

#include <stddef.h>

/* 0 when rrule is a valid RFC 5545 RRULE value; else -1 with *cause. */
int	 ical_rrule_check(const char *rrule, char **cause);
/*
 * Occurrences of rrule with DTSTART start that fall within [from, to],
 * in order; at most max are written to out. Returns how many were.
 */
size_t	 ical_rrule_between(const char *rrule, int start, int from, int to,
	    int *out, size_t max);

#endif
