#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "xmalloc.h"

int
date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return mdays[m - 1] + (m == 2 && date_is_leap(y));
}

int
date_valid(int y, int m, int d)
{
	return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 &&
	    d >= 1 && d <= date_days_in_month(y, m);
}

/* Days from civil, after Howard Hinnant's public-domain algorithm. */
int
date_from_ymd(int y, int m, int d)
{
	int	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_to_ymd(int z, int *yp, int *mp, int *dp)
{
	int	 era, doe, yoe, y, doy, mp5, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp5 = (5 * doy + 2) / 153;
	d = doy - (153 * mp5 + 2) / 5 + 1;
	m = mp5 < 10 ? mp5 + 3 : mp5 - 9;
	*yp = y + (m <= 2);
	*mp = m;
	*dp = d;
}

int
date_year(int date)
{
	int	 y, m, d;

	date_to_ymd(date, &y, &m, &d);
	return y;
}

int
date_weekday(int date)
{
	/* 1970-01-01 was a Thursday (4). */
	int	 w = (date % 7 + 7) % 7;

	return (w + 3) % 7 + 1;
}

int
date_months_between(int a, int b)
{
	int	 ay, am, ad, by, bm, bd, n;

	date_to_ymd(a, &ay, &am, &ad);
	date_to_ymd(b, &by, &bm, &bd);
	n = (by - ay) * 12 + (bm - am);
	return bd < ad ? n - 1 : n;
}

static int
digits(const char *s, int n, int *out)
{
	int	 v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
date_parse(const char *s, int *date, char **cause)
{
	int	 y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d)) {
		*cause = xasprintf("'%s' is not a date (expected YYYY-MM-DD)", s);
		return -1;
	}
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR) {
		*cause = xasprintf("'%s': year out of range %d-%d", s,
		    DATE_MIN_YEAR, DATE_MAX_YEAR);
		return -1;
	}
	if (!date_valid(y, m, d)) {
		*cause = xasprintf("'%s' is not a day of the calendar", s);
		return -1;
	}
	*date = date_from_ymd(y, m, d);
	return 0;
}

char *
date_format(int date, char buf[DATE_STRLEN])
{
	int	 y, m, d;

	if (date == DATE_NONE) {
		snprintf(buf, DATE_STRLEN, "unknown");
		return buf;
	}
	date_to_ymd(date, &y, &m, &d);
	snprintf(buf, DATE_STRLEN, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
	return buf;
}

int
date_easter(int y)
{
	int	 a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int	 f = (b + 8) / 25, g = (b - f + 1) / 3;
	int	 h = (19 * a + b - d - g + 15) % 30;
	int	 i = c / 4, k = c % 4;
	int	 l = (32 + 2 * e + 2 * i - h - k) % 7;
	int	 m = (a + 11 * h + 22 * l) / 451;
	int	 month = (h + l - 7 * m + 114) / 31;
	int	 day = (h + l - 7 * m + 114) % 31 + 1;

	return date_from_ymd(y, month, day);
}

int
duration_parse(const char *s, struct duration *dur, char **cause)
{
	const char	*p = s;
	int		 seen = 0, order = 0;

	memset(dur, 0, sizeof *dur);
	if (*p++ != 'P')
		goto bad;
	while (*p != '\0') {
		long	 v;
		char	*end;
		int	 rank;

		if (*p == 'T') {
			*cause = xasprintf("'%s': durations count whole days, "
			    "a time part (T...) is not allowed", s);
			return -1;
		}
		if (!isdigit((unsigned char)*p))
			goto bad;
		v = strtol(p, &end, 10);
		if (end == p || v > 9999)
			goto bad;
		switch (*end) {
		case 'Y': rank = 1; dur->years = (int)v; break;
		case 'M': rank = 2; dur->months = (int)v; break;
		case 'W': rank = 3; dur->weeks = (int)v; break;
		case 'D': rank = 4; dur->days = (int)v; break;
		default:
			goto bad;
		}
		if (rank <= order)
			goto bad;
		order = rank;
		seen = 1;
		p = end + 1;
	}
	if (!seen)
		goto bad;
	return 0;
bad:
	*cause = xasprintf("'%s' is not an ISO 8601 duration "
	    "(expected e.g. P4Y, P18M, P12W, P1Y6M, P30D)", s);
	return -1;
}

void
duration_format(const struct duration *d, char *buf, size_t len)
{
	int	 n;

	n = snprintf(buf, len, "P");
	if (d->years && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, "%dY", d->years);
	if (d->months && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, "%dM", d->months);
	if (d->weeks && n > 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, "%dW", d->weeks);
	if ((d->days || duration_is_zero(d)) && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, "%dD", d->days);
}

int
duration_is_zero(const struct duration *d)
{
	return d->years == 0 && d->months == 0 && d->weeks == 0 && d->days == 0;
}

static int
add_months(int date, long months)
{
	int	 y, m, d, dim;
	long	 total;

	date_to_ymd(date, &y, &m, &d);
	total = (long)y * 12 + (m - 1) + months;
	y = (int)(total >= 0 ? total / 12 : -((-total + 11) / 12));
	m = (int)(total - (long)y * 12) + 1;
	dim = date_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return date_from_ymd(y, m, d);
}

int
date_add_times(int date, const struct duration *dur, int n)
{
	long	 months = ((long)dur->years * 12 + dur->months) * n;
	long	 days = ((long)dur->weeks * 7 + dur->days) * n;

	if (months != 0)
		date = add_months(date, months);
	return (int)(date + days);
}

int
date_add(int date, const struct duration *dur, int sign)
{
	return date_add_times(date, dur, sign < 0 ? -1 : 1);
}
