/*
 * Unit tests of src/date.c: civil dates, Easter and ISO 8601 durations.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "date.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static struct duration
dur(const char *s)
{
	struct duration	 du;
	char		*cause = NULL;

	cr_assert_eq(duration_parse(s, &du, &cause), 0,
	    "duration_parse(\"%s\"): %s", s, cause != NULL ? cause : "(no cause)");
	cr_assert_null(cause);
	return du;
}

/* ---- calendar arithmetic ------------------------------------------------ */

Test(date, epoch_is_day_zero)
{
	int	 y, m, d;

	cr_expect_eq(date_from_ymd(1970, 1, 1), 0);
	cr_expect_eq(date_from_ymd(1970, 1, 2), 1);
	cr_expect_eq(date_from_ymd(1969, 12, 31), -1);
	cr_expect_eq(date_from_ymd(2000, 3, 1), 11017);
	date_to_ymd(0, &y, &m, &d);
	cr_expect(y == 1970 && m == 1 && d == 1, "day 0 is %d-%d-%d", y, m, d);
}

/* Every day of 1800..2400: consecutive day numbers, exact round trip. */
Test(date, ymd_round_trip_every_day_1800_2400)
{
	int	 prev = date_from_ymd(DATE_MIN_YEAR, 1, 1) - 1, ndays = 0, bad = 0;

	for (int y = DATE_MIN_YEAR; y <= DATE_MAX_YEAR; y++) {
		for (int m = 1; m <= 12; m++) {
			int	 dim = date_days_in_month(y, m);

			for (int d = 1; d <= dim; d++) {
				int	 n = date_from_ymd(y, m, d), ry, rm, rd;

				date_to_ymd(n, &ry, &rm, &rd);
				if (n != prev + 1 || ry != y || rm != m || rd != d ||
				    date_year(n) != y) {
					if (bad++ < 10)
						cr_expect_fail("%04d-%02d-%02d -> %d "
						    "(prev %d) -> %04d-%02d-%02d", y, m,
						    d, n, prev, ry, rm, rd);
				}
				prev = n;
				ndays++;
			}
		}
	}
	cr_expect_eq(bad, 0, "%d days failed the round trip", bad);
	/* 601 years, 146 of them leap (1800..2400: 151 multiples of 4 less
	 * 1800, 1900, 2100, 2200, 2300). */
	cr_expect_eq(ndays, 601 * 365 + 146);
	cr_expect_eq(date_from_ymd(DATE_MAX_YEAR, 12, 31) -
	    date_from_ymd(DATE_MIN_YEAR, 1, 1) + 1, ndays);
}

Test(date, is_leap_and_days_in_month)
{
	static const struct { int y, leap; } leaps[] = {
		{ 1800, 0 }, { 1900, 0 }, { 1996, 1 }, { 2000, 1 }, { 2023, 0 },
		{ 2024, 1 }, { 2100, 0 }, { 2400, 1 },
	};
	static const struct { int y, m, n; } dims[] = {
		{ 2023, 1, 31 }, { 2023, 2, 28 }, { 2024, 2, 29 }, { 1900, 2, 28 },
		{ 2000, 2, 29 }, { 2026, 4, 30 }, { 2026, 6, 30 }, { 2026, 9, 30 },
		{ 2026, 11, 30 }, { 2026, 12, 31 }, { 2026, 0, 0 }, { 2026, 13, 0 },
	};

	for (size_t i = 0; i < NELEM(leaps); i++)
		cr_expect_eq(date_is_leap(leaps[i].y), leaps[i].leap, "leap(%d)",
		    leaps[i].y);
	for (size_t i = 0; i < NELEM(dims); i++)
		cr_expect_eq(date_days_in_month(dims[i].y, dims[i].m), dims[i].n,
		    "days_in_month(%d, %d)", dims[i].y, dims[i].m);
}

Test(date, valid)
{
	static const struct { int y, m, d, ok; } t[] = {
		{ 1900, 2, 29, 0 }, { 2000, 2, 29, 1 }, { 2024, 2, 29, 1 },
		{ 2100, 2, 29, 0 }, { 2023, 2, 29, 0 }, { 2024, 2, 30, 0 },
		{ 2026, 4, 31, 0 }, { 2026, 4, 30, 1 }, { 2026, 6, 31, 0 },
		{ 2026, 9, 31, 0 }, { 2026, 11, 31, 0 }, { 2026, 12, 31, 1 },
		{ 2026, 1, 0, 0 }, { 2026, 1, 32, 0 }, { 2026, 0, 1, 0 },
		{ 2026, 13, 1, 0 }, { 2026, -1, 1, 0 }, { 2026, 1, -1, 0 },
		{ 1800, 1, 1, 1 }, { 1799, 12, 31, 0 }, { 2400, 12, 31, 1 },
		{ 2401, 1, 1, 0 }, { 0, 1, 1, 0 },
	};

	for (size_t i = 0; i < NELEM(t); i++)
		cr_expect_eq(date_valid(t[i].y, t[i].m, t[i].d), t[i].ok,
		    "date_valid(%d, %d, %d) should be %d", t[i].y, t[i].m,
		    t[i].d, t[i].ok);
}

Test(date, weekday)
{
	static const struct { const char *d; int wd; } t[] = {
		{ "1970-01-01", 4 }, { "1969-12-31", 3 }, { "1969-12-28", 7 },
		{ "2000-01-01", 6 }, { "2026-11-28", 6 }, { "2026-11-30", 1 },
		{ "1800-01-01", 3 }, { "1900-01-01", 1 }, { "2001-09-11", 2 },
		{ "2024-02-29", 4 }, { "2026-04-05", 7 }, { "2400-12-31", 7 },
	};

	for (size_t i = 0; i < NELEM(t); i++)
		cr_expect_eq(date_weekday(tu_day(t[i].d)), t[i].wd,
		    "weekday(%s)", t[i].d);
}

Test(date, weekday_cycles_every_day)
{
	int	 first = date_from_ymd(DATE_MIN_YEAR, 1, 1);
	int	 last = date_from_ymd(DATE_MAX_YEAR, 12, 31), bad = 0;

	cr_expect_eq(date_weekday(first), 3, "1800-01-01 was a Wednesday");
	for (int n = first + 1; n <= last; n++) {
		int	 w = date_weekday(n), pw = date_weekday(n - 1);

		if (w < 1 || w > 7 || w != pw % 7 + 1)
			bad++;
	}
	cr_expect_eq(bad, 0, "%d days broke the weekday cycle", bad);
}

/* ---- parse and format --------------------------------------------------- */

Test(date, parse_good)
{
	static const struct { const char *s; int y, m, d; } t[] = {
		{ "1970-01-01", 1970, 1, 1 }, { "2026-02-01", 2026, 2, 1 },
		{ "2024-02-29", 2024, 2, 29 }, { "1800-01-01", 1800, 1, 1 },
		{ "2400-12-31", 2400, 12, 31 }, { "2000-02-29", 2000, 2, 29 },
	};

	for (size_t i = 0; i < NELEM(t); i++) {
		char	*cause = NULL;
		int	 d = DATE_NONE;

		cr_expect_eq(date_parse(t[i].s, &d, &cause), 0, "parse %s", t[i].s);
		cr_expect_null(cause, "cause set on success for %s", t[i].s);
		cr_expect_eq(d, date_from_ymd(t[i].y, t[i].m, t[i].d), "parse %s",
		    t[i].s);
		free(cause);
	}
}

Test(date, parse_bad)
{
	static const char *const bad[] = {
		"2026-2-1", "2026-02-1", "2026-2-01", "2026-02-30", "2026-04-31",
		"2025-02-29", "1900-02-29", "2100-02-29", "20260201", "",
		"2026-13-01", "2026-00-01", "2026-01-00", "2026-01-32",
		"1799-12-31", "2401-01-01", "0000-01-01", "2026-02-01x",
		"2026-02-01 ", " 2026-02-01", "2026-02-01T00:00", "2026/02/01",
		"2026-02_01", "2026-0a-01", "abcd-02-01", "+026-02-01",
		"2026--2-01", "2026-02--1", "-2026-02-01", "12026-02-01",
		"02-01-2026", "2026-02", "2026",
	};

	for (size_t i = 0; i < NELEM(bad); i++) {
		char	*cause = NULL, want[64];
		int	 d = 12345;

		cr_expect_eq(date_parse(bad[i], &d, &cause), -1,
		    "\"%s\" should not parse", bad[i]);
		cr_expect_eq(d, 12345, "\"%s\" wrote the date on failure", bad[i]);
		cr_expect_not_null(cause, "no cause for \"%s\"", bad[i]);
		if (cause == NULL)
			continue;
		snprintf(want, sizeof want, "'%s'", bad[i]);
		cr_expect(strstr(cause, want) != NULL,
		    "cause for \"%s\" does not name it: %s", bad[i], cause);
		free(cause);
	}
}

Test(date, parse_bad_says_why)
{
	static const struct { const char *s, *why; } t[] = {
		{ "2026-2-1", "YYYY-MM-DD" }, { "20260201", "YYYY-MM-DD" },
		{ "", "YYYY-MM-DD" }, { "2026-02-01x", "YYYY-MM-DD" },
		{ "1799-12-31", "range" }, { "2401-01-01", "range" },
		{ "2026-02-30", "not a day" }, { "2026-13-01", "not a day" },
	};

	for (size_t i = 0; i < NELEM(t); i++) {
		char	*cause = NULL;
		int	 d;

		cr_expect_eq(date_parse(t[i].s, &d, &cause), -1, "%s", t[i].s);
		cr_expect(cause != NULL && strstr(cause, t[i].why) != NULL,
		    "cause for \"%s\" should mention \"%s\": %s", t[i].s, t[i].why,
		    cause != NULL ? cause : "(null)");
		free(cause);
	}
}

Test(date, format)
{
	static const struct { int y, m, d; const char *s; } t[] = {
		{ 1970, 1, 1, "1970-01-01" }, { 2026, 2, 1, "2026-02-01" },
		{ 1800, 1, 1, "1800-01-01" }, { 2400, 12, 31, "2400-12-31" },
		{ 2024, 2, 29, "2024-02-29" }, { 1969, 12, 31, "1969-12-31" },
	};
	char	 buf[DATE_STRLEN];

	for (size_t i = 0; i < NELEM(t); i++) {
		char	*r = date_format(date_from_ymd(t[i].y, t[i].m, t[i].d), buf);

		cr_expect_eq(r, buf, "date_format returns its buffer");
		cr_expect_str_eq(buf, t[i].s);
	}
	cr_expect_str_eq(date_format(DATE_NONE, buf), "unknown");
}

Test(date, format_parse_round_trip_every_day)
{
	int	 first = date_from_ymd(DATE_MIN_YEAR, 1, 1);
	int	 last = date_from_ymd(DATE_MAX_YEAR, 12, 31), bad = 0;
	char	 buf[DATE_STRLEN];

	for (int n = first; n <= last; n++) {
		char	*cause = NULL;
		int	 back = DATE_NONE;

		if (date_parse(date_format(n, buf), &back, &cause) != 0 || back != n) {
			if (bad++ < 10)
				cr_expect_fail("day %d -> \"%s\" -> %d (%s)", n, buf,
				    back, cause != NULL ? cause : "ok");
		}
		free(cause);
	}
	cr_expect_eq(bad, 0, "%d days failed format/parse", bad);
}

/* ---- Easter ------------------------------------------------------------- */

Test(easter, well_known_dates)
{
	static const char *const t[] = {
		"2000-04-23", "2024-03-31", "2025-04-20", "2026-04-05",
		"1943-04-25", "2038-04-25", "2008-03-23", "1818-03-22",
		"2285-03-22", "1961-04-02", "2019-04-21",
	};
	char	 buf[DATE_STRLEN];

	for (size_t i = 0; i < NELEM(t); i++) {
		int	 want = tu_day(t[i]);

		cr_expect_str_eq(date_format(date_easter(date_year(want)), buf),
		    t[i]);
	}
}

/* Always a Sunday between 22 March and 25 April. */
Test(easter, sunday_in_window_1800_2400)
{
	for (int y = DATE_MIN_YEAR; y <= DATE_MAX_YEAR; y++) {
		int	 e = date_easter(y);

		cr_expect_eq(date_weekday(e), 7, "Easter %d is not a Sunday", y);
		cr_expect(e >= date_from_ymd(y, 3, 22) && e <= date_from_ymd(y, 4, 25),
		    "Easter %d outside 22 Mar..25 Apr", y);
	}
}

Test(easter, table_1900_2100)
{
	char		 path[4096], line[1024], buf[DATE_STRLEN];
	FILE		*f;
	int		 year = 1900;

	snprintf(path, sizeof path, "%s/tests/data/easter-1900-2100.txt",
	    tu_srcdir());
	f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s (set top_srcdir)", path);
	while (fgets(line, sizeof line, f) != NULL) {
		cr_assert(strchr(line, '\n') != NULL || feof(f),
		    "%s: line longer than %zu bytes", path, sizeof line - 1);
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		cr_expect_eq(date_year(tu_day(line)), year,
		    "%s: line \"%s\" out of sequence, expected year %d", path,
		    line, year);
		cr_expect_str_eq(date_format(date_easter(year), buf), line,
		    "Easter %d", year);
		year++;
	}
	fclose(f);
	cr_expect_eq(year, 2101, "%s holds %d years, expected 201", path,
	    year - 1900);
}

/* ---- durations ---------------------------------------------------------- */

Test(duration, parse_good)
{
	static const struct { const char *s; int y, m, w, d; } t[] = {
		{ "P4Y", 4, 0, 0, 0 }, { "P18M", 0, 18, 0, 0 },
		{ "P12W", 0, 0, 12, 0 }, { "P1Y6M", 1, 6, 0, 0 },
		{ "P30D", 0, 0, 0, 30 }, { "P1Y2M3W4D", 1, 2, 3, 4 },
		{ "P0D", 0, 0, 0, 0 }, { "P2W3D", 0, 0, 2, 3 },
		{ "P1Y1D", 1, 0, 0, 1 }, { "P007D", 0, 0, 0, 7 },
		{ "P9999Y", 9999, 0, 0, 0 },
	};

	for (size_t i = 0; i < NELEM(t); i++) {
		struct duration	 du = dur(t[i].s);

		cr_expect(du.years == t[i].y && du.months == t[i].m &&
		    du.weeks == t[i].w && du.days == t[i].d,
		    "%s parsed as Y%d M%d W%d D%d", t[i].s, du.years, du.months,
		    du.weeks, du.days);
	}
}

Test(duration, parse_bad)
{
	static const char *const bad[] = {
		"", "P", "4Y", "PT1H", "P1DT1H", "P1Y1DT", "P1M1Y", "P1D1W",
		"P1W1M", "P1Y1Y", "P-1D", "P+1D", "P1.5Y", "P1,5Y", "P1", "PY",
		"P1Y ", " P1Y", "p1y", "P1y", "P1H", "P1S", "P10000Y",
		"P99999999999999999999D", "PP1D", "P1YX", "-P1D",
	};

	for (size_t i = 0; i < NELEM(bad); i++) {
		struct duration	 du;
		char		*cause = NULL, want[64];

		cr_expect_eq(duration_parse(bad[i], &du, &cause), -1,
		    "\"%s\" should not parse", bad[i]);
		cr_expect_not_null(cause, "no cause for \"%s\"", bad[i]);
		if (cause == NULL)
			continue;
		snprintf(want, sizeof want, "'%s'", bad[i]);
		cr_expect(strstr(cause, want) != NULL,
		    "cause for \"%s\" does not name it: %s", bad[i], cause);
		free(cause);
	}
}

Test(duration, format)
{
	static const struct { struct duration d; const char *s; } t[] = {
		{ { 4, 0, 0, 0 }, "P4Y" }, { { 0, 18, 0, 0 }, "P18M" },
		{ { 0, 0, 12, 0 }, "P12W" }, { { 1, 6, 0, 0 }, "P1Y6M" },
		{ { 0, 0, 0, 30 }, "P30D" }, { { 1, 2, 3, 4 }, "P1Y2M3W4D" },
		{ { 0, 0, 0, 0 }, "P0D" }, { { 1, 0, 0, 1 }, "P1Y1D" },
	};
	char	 buf[64];

	for (size_t i = 0; i < NELEM(t); i++) {
		duration_format(&t[i].d, buf, sizeof buf);
		cr_expect_str_eq(buf, t[i].s);
	}
}

Test(duration, format_truncates_safely)
{
	struct duration	 d = { 1234, 5678, 0, 0 };
	char		 buf[8];

	memset(buf, 'x', sizeof buf);
	duration_format(&d, buf, sizeof buf);
	cr_expect_eq(memchr(buf, '\0', sizeof buf) != NULL, 1,
	    "not NUL-terminated");
	cr_expect_eq(strncmp(buf, "P1234Y", 6), 0, "got \"%s\"", buf);
}

Test(duration, round_trip)
{
	static const char *const t[] = {
		"P4Y", "P18M", "P12W", "P1Y6M", "P30D", "P1Y2M3W4D", "P0D",
		"P5Y", "P3M2D", "P9999Y9999M9999W9999D",
	};
	char	 buf[64];

	for (size_t i = 0; i < NELEM(t); i++) {
		struct duration	 du = dur(t[i]), back;

		duration_format(&du, buf, sizeof buf);
		cr_expect_str_eq(buf, t[i]);
		back = dur(buf);
		cr_expect(memcmp(&du, &back, sizeof du) == 0, "%s", t[i]);
	}
}

Test(duration, is_zero)
{
	struct duration	 parsed;

	cr_expect(duration_is_zero(&(struct duration){ 0, 0, 0, 0 }));
	cr_expect_not(duration_is_zero(&(struct duration){ 0, 0, 0, 1 }));
	cr_expect_not(duration_is_zero(&(struct duration){ 0, 0, 1, 0 }));
	cr_expect_not(duration_is_zero(&(struct duration){ 0, 1, 0, 0 }));
	cr_expect_not(duration_is_zero(&(struct duration){ 1, 0, 0, 0 }));
	parsed = dur("P0D");
	cr_expect(duration_is_zero(&parsed));
}

/* ---- date arithmetic ---------------------------------------------------- */

Test(date_add, table)
{
	static const struct { const char *from, *dur; int sign; const char *to; } t[] = {
		/* end-of-month clamping */
		{ "2024-01-31", "P1M", 1, "2024-02-29" },
		{ "2023-01-31", "P1M", 1, "2023-02-28" },
		{ "2024-02-29", "P1Y", 1, "2025-02-28" },
		{ "2024-02-29", "P4Y", 1, "2028-02-29" },
		{ "2024-02-29", "P12M", 1, "2025-02-28" },
		{ "2024-03-31", "P1M", -1, "2024-02-29" },
		{ "2025-05-31", "P10M", -1, "2024-07-31" },
		{ "2026-03-31", "P1M", 1, "2026-04-30" },
		{ "2026-08-31", "P1M", 1, "2026-09-30" },
		{ "1900-01-31", "P1M", 1, "1900-02-28" },
		{ "2000-01-31", "P1M", 1, "2000-02-29" },
		/* months across year boundaries */
		{ "2026-11-15", "P2M", 1, "2027-01-15" },
		{ "2026-01-15", "P1M", -1, "2025-12-15" },
		{ "2026-02-01", "P18M", 1, "2027-08-01" },
		{ "2026-02-01", "P1Y6M", 1, "2027-08-01" },
		{ "2027-08-01", "P1Y6M", -1, "2026-02-01" },
		{ "2026-02-01", "P24M", -1, "2024-02-01" },
		{ "2026-12-31", "P12M", 1, "2027-12-31" },
		/* weeks and days */
		{ "2026-02-01", "P12W", 1, "2026-04-26" },
		{ "2026-02-01", "P30D", 1, "2026-03-03" },
		{ "2024-02-01", "P30D", 1, "2024-03-02" },
		{ "2026-12-25", "P7D", 1, "2027-01-01" },
		{ "2027-01-01", "P1W", -1, "2026-12-25" },
		{ "2026-03-03", "P30D", -1, "2026-02-01" },
		{ "2024-03-01", "P1D", -1, "2024-02-29" },
		/* months first, then days */
		{ "2024-01-31", "P1M1D", 1, "2024-03-01" },
		{ "2024-03-31", "P1M1D", -1, "2024-02-28" },
		{ "2026-01-31", "P1M1W", 1, "2026-03-07" },
		/* zero, and sign is only a sign */
		{ "2026-02-01", "P0D", 1, "2026-02-01" },
		{ "2026-02-01", "P0D", -1, "2026-02-01" },
		{ "2026-02-01", "P1D", 5, "2026-02-02" },
		{ "2026-02-01", "P1D", -7, "2026-01-31" },
		{ "2026-02-01", "P4Y", 1, "2030-02-01" },
	};
	char	 buf[DATE_STRLEN];

	for (size_t i = 0; i < NELEM(t); i++) {
		struct duration	 du = dur(t[i].dur);

		cr_expect_str_eq(date_format(date_add(tu_day(t[i].from), &du,
		    t[i].sign), buf), t[i].to, "%s %c %s", t[i].from,
		    t[i].sign < 0 ? '-' : '+', t[i].dur);
	}
}

Test(date_add, times)
{
	static const struct { const char *from, *dur; int n; const char *to; } t[] = {
		{ "2024-01-31", "P1M", 2, "2024-03-31" },	/* not 03-29 */
		{ "2024-01-31", "P1M", 1, "2024-02-29" },
		{ "2024-01-31", "P1M", 3, "2024-04-30" },
		{ "2024-01-31", "P1M", 0, "2024-01-31" },
		{ "2024-01-31", "P1M", -2, "2023-11-30" },
		{ "2024-02-29", "P1Y", 4, "2028-02-29" },
		{ "2024-02-29", "P1Y", 3, "2027-02-28" },
		/* a P5Y grid from a base */
		{ "2001-05-17", "P5Y", 0, "2001-05-17" },
		{ "2001-05-17", "P5Y", 1, "2006-05-17" },
		{ "2001-05-17", "P5Y", 5, "2026-05-17" },
		{ "2001-05-17", "P5Y", -3, "1986-05-17" },
		{ "2000-02-29", "P5Y", 1, "2005-02-28" },
		{ "2000-02-29", "P5Y", 4, "2020-02-29" },
		{ "2026-02-01", "P2W", 3, "2026-03-15" },
		{ "2026-02-01", "P1M1D", 2, "2026-04-03" },
	};
	char	 buf[DATE_STRLEN];

	for (size_t i = 0; i < NELEM(t); i++) {
		struct duration	 du = dur(t[i].dur);

		cr_expect_str_eq(date_format(date_add_times(tu_day(t[i].from),
		    &du, t[i].n), buf), t[i].to, "%s + %d x %s", t[i].from,
		    t[i].n, t[i].dur);
	}
}

/* date_add_times(n) agrees with date_add for n = +-1, and for pure
 * week/day durations with n repeated additions. */
Test(date_add, times_consistent_with_add)
{
	static const char *const durs[] = { "P1M", "P1Y6M", "P5Y", "P12W", "P30D" };
	int	 base = tu_day("2024-01-31");

	for (size_t i = 0; i < NELEM(durs); i++) {
		struct duration	 du = dur(durs[i]);

		cr_expect_eq(date_add_times(base, &du, 1), date_add(base, &du, 1),
		    "%s", durs[i]);
		cr_expect_eq(date_add_times(base, &du, -1), date_add(base, &du, -1),
		    "%s", durs[i]);
	}
	for (int n = 0; n <= 20; n++) {
		struct duration	 du = dur("P1W2D");
		int		 d = base;

		for (int k = 0; k < n; k++)
			d = date_add(d, &du, 1);
		cr_expect_eq(date_add_times(base, &du, n), d, "n = %d", n);
	}
}

Test(date, months_between_counts_whole_months)
{
	static const struct { const char *a, *b; int months; } t[] = {
		{ "2026-01-31", "2026-02-28", 0 },
		{ "2026-01-31", "2026-03-01", 1 },
		{ "2026-01-15", "2026-01-15", 0 },
		{ "2026-01-15", "2026-02-15", 1 },
		{ "2026-01-15", "2026-02-14", 0 },
		{ "2024-02-29", "2025-02-28", 11 },
		{ "2020-06-01", "2026-06-01", 72 },
	};

	for (size_t i = 0; i < NELEM(t); i++)
		cr_expect_eq(date_months_between(tu_day(t[i].a), tu_day(t[i].b)),
		    t[i].months, "%s to %s", t[i].a, t[i].b);
}
