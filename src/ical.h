/*
 * iCalendar through libical, the only file that includes it: recurrence
 * rules for yearly deadlines (and, later, feeds). Pure: no I/O.
 */
#ifndef TREATYD_ICAL_H
#define TREATYD_ICAL_H

#include <stddef.h>
#include <time.h>

struct deadline;

/* One deadline as an all-day event. */
struct ical_event {
	const struct deadline	*d;
	const char		*uid;		/* stable, opaque */
	const char		*summary;
	const char		*description;
	const char		*url;		/* may be NULL */
	int			 sequence;	/* raised on every change */
	time_t			 modified;	/* DTSTAMP and LAST-MODIFIED */
};

struct ical_calendar {
	const char	*name;		/* X-WR-CALNAME and NAME */
	const char	*refresh;	/* e.g. "PT4H"; NULL: none */
	const char	*method;	/* NULL for feeds; "PUBLISH" in mail */
	const char	*lang;		/* "nl" or "en" */
	/* Every event's ORGANIZER, which RFC 5546 requires with a METHOD:
	 * the sender's address ([mail] from) and display name; NULL:
	 * none, as in a feed. */
	const char	*organizer;
	const char	*organizer_name;	/* CN; may be NULL */
	/* The Olson zone ([general] timezone) of the VTIMEZONE that stands
	 * in for the events when there are none; NULL or unknown: UTC. */
	const char	*timezone;
};

/* 0 when rrule is a valid RFC 5545 RRULE value; else -1 with *cause. */
int	 ical_rrule_check(const char *rrule, char **cause);
/*
 * Occurrences of rrule with DTSTART start that fall within [from, to],
 * in order; at most max are written to out. Returns how many were.
 */
size_t	 ical_rrule_between(const char *rrule, int start, int from, int to,
	    int *out, size_t max);

/*
 * An RFC 5545 calendar of the events: CRLF lines folded by libical,
 * TEXT escaped by libical, all-day VALUE=DATE with an exclusive DTEND,
 * CATEGORIES the instrument's code and the kind in the calendar's
 * language. With no events, a VTIMEZONE of the calendar's zone, since
 * the grammar wants at least one component and no client shows one as
 * an event. Caller frees.
 */
char	*ical_calendar(const struct ical_calendar *, const struct ical_event *,
	    size_t n);

#endif
