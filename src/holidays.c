#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "holidays.h"
#include "xmalloc.h"

struct holiday {
	char	*name;
	int	 easter;		/* 1: offset from Easter Sunday */
	int	 offset;		/* days from Easter */
	int	 month, day;
	int	 if_saturday, if_sunday;	/* shift in days when it falls so */
	int	 from, until, every;
};

struct holidays {
	struct holiday	*v;
	int		 n;
};

struct holidays *
holidays_new(void)
{
	return xcalloc(1, sizeof(struct holidays));
}

void
holidays_free(struct holidays *h)
{
	if (h == NULL)
		return;
	for (int i = 0; i < h->n; i++)
		free(h->v[i].name);
	free(h->v);
	free(h);
}

int
holidays_count(const struct holidays *h)
{
	return h->n;
}

static int
parse_int(const char *s, long lo, long hi, int *out)
{
	char	*end;
	long	 v;

	/* Digits, with a sign only where offsets may be negative. */
	if (!isdigit((unsigned char)s[0]) && !(lo < 0 &&
	    (s[0] == '-' || s[0] == '+') && isdigit((unsigned char)s[1])))
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int
holidays_add(struct holidays *h, const char *name, const char *spec, char **cause)
{
	struct holiday	 hd;
	char		*copy, *tok, *save = NULL;
	int		 first = 1;

	memset(&hd, 0, sizeof hd);
	hd.from = DATE_MIN_YEAR;
	hd.until = DATE_MAX_YEAR;
	copy = xstrdup(spec);
	for (tok = strtok_r(copy, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save), first = 0) {
		char	*eq = strchr(tok, '=');

		if (first) {
			if (strncmp(tok, "easter", 6) == 0) {
				hd.easter = 1;
				if (tok[6] != '\0' && ((tok[6] != '+' && tok[6] != '-') ||
				    parse_int(tok + 6, -100, 100, &hd.offset))) {
					*cause = xasprintf("'%s': expected easter, "
					    "easter+N or easter-N", tok);
					goto fail;
				}
			} else if (strlen(tok) != 5 || tok[2] != '-' ||
			    parse_int((tok[2] = '\0', tok), 1, 12, &hd.month) ||
			    parse_int(tok + 3, 1, 31, &hd.day) ||
			    hd.day > date_days_in_month(2000, hd.month)) {
				*cause = xasprintf("'%s': expected a day as MM-DD or "
				    "easter[+-N]", spec);
				goto fail;
			}
			continue;
		}
		if (eq == NULL)
			goto badmod;
		*eq++ = '\0';
		if (strcmp(tok, "if-saturday") == 0 && !hd.easter) {
			if (parse_int(eq, -6, 6, &hd.if_saturday))
				goto badmod;
		} else if (strcmp(tok, "if-sunday") == 0 && !hd.easter) {
			if (parse_int(eq, -6, 6, &hd.if_sunday))
				goto badmod;
		} else if (strcmp(tok, "from") == 0) {
			if (parse_int(eq, DATE_MIN_YEAR, DATE_MAX_YEAR, &hd.from))
				goto badmod;
		} else if (strcmp(tok, "until") == 0) {
			if (parse_int(eq, DATE_MIN_YEAR, DATE_MAX_YEAR, &hd.until))
				goto badmod;
		} else if (strcmp(tok, "every") == 0) {
			if (parse_int(eq, 1, 100, &hd.every))
				goto badmod;
		} else
			goto badmod;
	}
	if (first) {
		*cause = xasprintf("holiday '%s' has an empty spec", name);
		goto fail;
	}
	if (hd.from > hd.until) {
		*cause = xasprintf("'%s': from=%d is after until=%d", spec,
		    hd.from, hd.until);
		goto fail;
	}
	free(copy);
	hd.name = xstrdup(name);
	h->v = xreallocarray(h->v, h->n + 1, sizeof *h->v);
	h->v[h->n++] = hd;
	return 0;
badmod:
	*cause = xasprintf("'%s': unknown or bad modifier in '%s' (expected "
	    "if-saturday=N, if-sunday=N, from=YEAR, until=YEAR, every=N)",
	    tok, spec);
fail:
	free(copy);
	return -1;
}

/* The holiday's date in a year, or DATE_NONE when it is not held then. */
static int
occurrence(const struct holiday *hd, int year)
{
	int	 date, wd;

	if (year < hd->from || year > hd->until)
		return DATE_NONE;
	if (hd->every && (year - hd->from) % hd->every != 0)
		return DATE_NONE;
	if (hd->easter)
		return date_easter(year) + hd->offset;
	if (!date_valid(year, hd->month, hd->day))
		return DATE_NONE;	/* 29 Feb outside leap years */
	date = date_from_ymd(year, hd->month, hd->day);
	wd = date_weekday(date);
	if (wd == 6)
		date += hd->if_saturday;
	else if (wd == 7)
		date += hd->if_sunday;
	return date;
}

const char *
holidays_name(const struct holidays *h, int date)
{
	int	 year = date_year(date);

	for (int i = 0; i < h->n; i++) {
		/* A shifted holiday can cross a year boundary. */
		for (int y = year - 1; y <= year + 1; y++)
			if (occurrence(&h->v[i], y) == date)
				return h->v[i].name;
	}
	return NULL;
}

int
holidays_is_working_day(const struct holidays *h, int date)
{
	return date_weekday(date) <= 5 && (h == NULL || holidays_name(h, date) == NULL);
}

int
holidays_prev_working_day(const struct holidays *h, int date)
{
	while (!holidays_is_working_day(h, date))
		date--;
	return date;
}
