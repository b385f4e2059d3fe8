#include "config.h"

#include <libical/ical.h>
#include <string.h>

#include "date.h"
#include "ical.h"
#include "xmalloc.h"

int
ical_rrule_check(const char *rrule, char **cause)
{
	struct icalrecurrencetype r;

	icalerror_clear_errno();
	r = icalrecurrencetype_from_string(rrule);
	if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
		icalerror_clear_errno();
		*cause = xasprintf("'%s' is not a valid RRULE "
		    "(e.g. FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=16)", rrule);
		return -1;
	}
	if (r.freq < ICAL_DAILY_RECURRENCE) {
		*cause = xasprintf("'%s': deadlines are whole days, "
		    "FREQ must be DAILY or longer", rrule);
		return -1;
	}
	return 0;
}

static struct icaltimetype
to_icaldate(int date)
{
	struct icaltimetype	 t = icaltime_null_date();
	int			 y, m, d;

	date_to_ymd(date, &y, &m, &d);
	t.year = y;
	t.month = m;
	t.day = d;
	return t;
}

size_t
ical_rrule_between(const char *rrule, int start, int from, int to, int *out,
    size_t max)
{
	struct icalrecurrencetype	 r;
	icalrecur_iterator		*it;
	struct icaltimetype		 t;
	size_t				 n = 0;

	r = icalrecurrencetype_from_string(rrule);
	if (r.freq == ICAL_NO_RECURRENCE)
		return 0;
	it = icalrecur_iterator_new(r, to_icaldate(start));
	if (it == NULL)
		return 0;
	/* Bounded: a yearly rule from DATE_MIN_YEAR stays far below this. */
	for (int guard = 0; guard < 100000 && n < max; guard++) {
		int	 date;

		t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t))
			break;
		date = date_from_ymd(t.year, t.month, t.day);
		if (date > to)
			break;
		if (date >= from)
			out[n++] = date;
	}
	icalrecur_iterator_free(it);
	return n;
}
