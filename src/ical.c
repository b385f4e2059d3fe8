#include "config.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "engine.h"
#include "ical.h"
#include "text.h"
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

static struct icaltimetype
to_icalutc(time_t t)
{
	return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
}

static void
add_event(icalcomponent *cal, const struct ical_event *ev,
    const struct ical_calendar *meta)
{
	const struct deadline	*d = ev->d;
	icalcomponent		*ve = icalcomponent_new_vevent();
	icalproperty		*p;
	struct icaltimetype	 mod = to_icalutc(ev->modified);
	char			 kind[256], *mailto;

	icalcomponent_add_property(ve, icalproperty_new_uid(ev->uid));
	icalcomponent_add_property(ve, icalproperty_new_dtstamp(mod));
	icalcomponent_add_property(ve, icalproperty_new_lastmodified(mod));
	icalcomponent_add_property(ve, icalproperty_new_sequence(ev->sequence));
	icalcomponent_add_property(ve, icalproperty_new_dtstart(to_icaldate(d->due)));
	/* DTEND is exclusive: the next day, or Outlook shows 00:00. */
	icalcomponent_add_property(ve, icalproperty_new_dtend(
	    to_icaldate(d->due + 1)));
	icalcomponent_add_property(ve, icalproperty_new_summary(ev->summary));
	if (ev->description != NULL)
		icalcomponent_add_property(ve,
		    icalproperty_new_description(ev->description));
	icalcomponent_add_property(ve, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	p = icalproperty_new_x("FREE");
	icalproperty_set_x_name(p, "X-MICROSOFT-CDO-BUSYSTATUS");
	icalcomponent_add_property(ve, p);
	/* One value per property. libical writes CATEGORIES as a list,
	 * commas and semicolons unescaped: a comma in a value would split
	 * it, so the kind has none. */
	icalcomponent_add_property(ve, icalproperty_new_categories(d->inst->code));
	text_kind(d, meta->lang, kind, sizeof kind);
	for (char *c = kind; *c != '\0'; c++)
		if (*c == ',' || *c == ';')
			*c = ' ';
	icalcomponent_add_property(ve, icalproperty_new_categories(kind));
	if (ev->url != NULL)
		icalcomponent_add_property(ve, icalproperty_new_url(ev->url));
	if (meta->organizer != NULL) {
		mailto = xasprintf("mailto:%s", meta->organizer);
		p = icalproperty_new_organizer(mailto);
		if (meta->organizer_name != NULL)
			icalproperty_add_parameter(p,
			    icalparameter_new_cn(meta->organizer_name));
		icalcomponent_add_property(ve, p);
		free(mailto);
	}
	icalcomponent_add_component(cal, ve);
}

char *
ical_calendar(const struct ical_calendar *meta, const struct ical_event *ev,
    size_t n)
{
	icalcomponent	*cal = icalcomponent_new_vcalendar();
	icalproperty	*p;
	char		*text, *copy;

	icalcomponent_add_property(cal, icalproperty_new_prodid(
	    "-//treatyd//treatyd " PACKAGE_VERSION "//EN"));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	if (meta->method != NULL)
		icalcomponent_add_property(cal, icalproperty_new_method(
		    icalproperty_string_to_method(meta->method)));
	if (meta->name != NULL) {
		icalcomponent_add_property(cal, icalproperty_new_name(meta->name));
		p = icalproperty_new_x(meta->name);
		icalproperty_set_x_name(p, "X-WR-CALNAME");
		icalcomponent_add_property(cal, p);
	}
	if (meta->refresh != NULL) {
		struct icaldurationtype	 dur = icaldurationtype_from_string(
		    meta->refresh);

		p = icalproperty_new_refreshinterval(dur);
		icalproperty_add_parameter(p, icalparameter_new_value(
		    ICAL_VALUE_DURATION));
		icalcomponent_add_property(cal, p);
		p = icalproperty_new_x(meta->refresh);
		icalproperty_set_x_name(p, "X-PUBLISHED-TTL");
		icalcomponent_add_property(cal, p);
	}
	for (size_t i = 0; i < n; i++)
		add_event(cal, &ev[i], meta);
	text = icalcomponent_as_ical_string_r(cal);
	copy = xstrdup(text);
	free(text);
	icalcomponent_free(cal);
	return copy;
}
