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

/* The zone's offsets from 2020 on, not its history: enough for any
 * client, and a fixed start keeps the bytes (and the ETag) the same. */
#define VTIMEZONE_FROM	"20200101T000000Z"

/* An observance's RRULE without its UNTIL, as text, and whether it had
 * one; NULL without an RRULE. Free with icalmemory_free_buffer(). */
static char *
rule_text(icalcomponent *obs, int *until)
{
	icalproperty			*p;
	struct icalrecurrencetype	 r;

	if ((p = icalcomponent_get_first_property(obs,
	    ICAL_RRULE_PROPERTY)) == NULL)
		return NULL;
	r = icalproperty_get_rrule(p);
	*until = !icaltime_is_null_time(r.until);
	r.until = icaltime_null_time();
	return icalrecurrencetype_as_string_r(&r);
}

static int
same_offsets(icalcomponent *a, icalcomponent *b)
{
	icalproperty	*fa, *fb, *ta, *tb;

	fa = icalcomponent_get_first_property(a, ICAL_TZOFFSETFROM_PROPERTY);
	fb = icalcomponent_get_first_property(b, ICAL_TZOFFSETFROM_PROPERTY);
	ta = icalcomponent_get_first_property(a, ICAL_TZOFFSETTO_PROPERTY);
	tb = icalcomponent_get_first_property(b, ICAL_TZOFFSETTO_PROPERTY);
	return icalcomponent_isa(a) == icalcomponent_isa(b) && fa && fb &&
	    ta && tb && icalproperty_get_tzoffsetfrom(fa) ==
	    icalproperty_get_tzoffsetfrom(fb) &&
	    icalproperty_get_tzoffsetto(ta) == icalproperty_get_tzoffsetto(tb);
}

#define OBSERVANCES_MAX	64

/*
 * libical writes a zone's current rule twice: with an UNTIL up to 2037,
 * where the transitions of the zoneinfo file end, and open-ended after
 * it. Join the two into one rule without UNTIL, as other producers
 * write it; python3-icalendar 4.0.3 (and so khal) cannot read a
 * VTIMEZONE's UNTIL.
 */
static void
join_rules(icalcomponent *vtz)
{
	icalcomponent	*obs[OBSERVANCES_MAX], *c;
	size_t		 n = 0;

	for (c = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT);
	    c != NULL && n < OBSERVANCES_MAX;
	    c = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT))
		obs[n++] = c;
	for (size_t i = 0; i < n; i++) {
		char	*ri;
		int	 ui = 0;

		if ((ri = rule_text(obs[i], &ui)) == NULL)
			continue;
		for (size_t j = i + 1; ui && j < n; j++) {
			char	*rj;
			int	 uj = 0, same;

			if (obs[j] == NULL || (rj = rule_text(obs[j], &uj)) ==
			    NULL)
				continue;
			same = !uj && strcmp(ri, rj) == 0 &&
			    same_offsets(obs[i], obs[j]);
			icalmemory_free_buffer(rj);
			if (same) {
				icalproperty *p = icalcomponent_get_first_property(
				    obs[i], ICAL_RRULE_PROPERTY);
				struct icalrecurrencetype r = icalproperty_get_rrule(p);

				r.until = icaltime_null_time();
				icalproperty_set_rrule(p, r);
				icalcomponent_remove_component(vtz, obs[j]);
				icalcomponent_free(obs[j]);
				obs[j] = NULL;
				break;
			}
		}
		icalmemory_free_buffer(ri);
	}
}

/*
 * The VTIMEZONE of an Olson zone, from the system's time zone data
 * through libical, with the Olson name as TZID (Outlook.com shows
 * nothing on another, INTEROP.md 1.7); for UTC or an unknown zone, a
 * UTC one.
 */
static icalcomponent *
vtimezone(const char *location)
{
	icaltimezone	*z = NULL;
	icalcomponent	*c = NULL, *std;
	icalproperty	*p;

	if (location != NULL && *location != '\0')
		z = icaltimezone_get_builtin_timezone(location);
	if (z != NULL && icaltimezone_get_component(z) != NULL) {
		c = icalcomponent_new_clone(icaltimezone_get_component(z));
		icaltimezone_truncate_vtimezone(c,
		    icaltime_from_string(VTIMEZONE_FROM), icaltime_null_time(), 0);
		join_rules(c);
		if ((p = icalcomponent_get_first_property(c,
		    ICAL_TZID_PROPERTY)) != NULL)
			icalproperty_set_tzid(p, location);
		/* A VTIMEZONE needs a STANDARD or a DAYLIGHT. */
		if (icalcomponent_get_first_component(c,
		    ICAL_XSTANDARD_COMPONENT) != NULL ||
		    icalcomponent_get_first_component(c,
		    ICAL_XDAYLIGHT_COMPONENT) != NULL)
			return c;
		icalcomponent_free(c);
	}
	icalerror_clear_errno();
	c = icalcomponent_new_vtimezone();
	icalcomponent_add_property(c, icalproperty_new_tzid("UTC"));
	std = icalcomponent_new_xstandard();
	icalcomponent_add_property(std, icalproperty_new_dtstart(
	    icaltime_from_string("19700101T000000")));
	icalcomponent_add_property(std, icalproperty_new_tzoffsetfrom(0));
	icalcomponent_add_property(std, icalproperty_new_tzoffsetto(0));
	icalcomponent_add_property(std, icalproperty_new_tzname("UTC"));
	icalcomponent_add_component(c, std);
	return c;
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
	/* RFC 5545 3.4: a calendar holds at least one component. */
	if (n == 0)
		icalcomponent_add_component(cal, vtimezone(meta->timezone));
	text = icalcomponent_as_ical_string_r(cal);
	copy = xstrdup(text);
	free(text);
	icalcomponent_free(cal);
	return copy;
}
