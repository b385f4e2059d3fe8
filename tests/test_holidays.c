/*
 * Unit tests of src/holidays.c: holiday specs and the working-day calendar.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "date.h"
#include "holidays.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct spec {
	const char	*name;
	const char	*spec;
};

/* The specs of the Dutch holiday file. */
static const struct spec nl[] = {
	{ "Nieuwjaarsdag", "01-01" },
	{ "Tweede paasdag", "easter+1" },
	{ "Hemelvaartsdag", "easter+39" },
	{ "Tweede pinksterdag", "easter+50" },
	{ "Koningsdag", "04-27 if-sunday=-1 from=2014" },
	{ "Koninginnedag", "04-30 until=2013 if-sunday=1" },
	{ "Bevrijdingsdag", "05-05" },
	{ "Eerste kerstdag", "12-25" },
	{ "Tweede kerstdag", "12-26" },
};

static struct holidays	*cal;

static struct holidays *
build(const struct spec *v, size_t n)
{
	struct holidays	*h = holidays_new();

	cr_assert_not_null(h);
	for (size_t i = 0; i < n; i++) {
		char	*cause = NULL;

		cr_assert_eq(holidays_add(h, v[i].name, v[i].spec, &cause), 0,
		    "holidays_add(\"%s\", \"%s\"): %s", v[i].name, v[i].spec,
		    cause != NULL ? cause : "(no cause)");
		cr_assert_null(cause, "cause set on success for \"%s\"", v[i].spec);
	}
	cr_assert_eq(holidays_count(h), (int)n);
	return h;
}

static void
setup_nl(void)
{
	cal = build(nl, NELEM(nl));
}

static void
teardown(void)
{
	holidays_free(cal);
	cal = NULL;
}

struct name_case {
	const char	*date;
	const char	*name;		/* NULL: not a holiday */
};

static void
check_names(const struct holidays *h, const struct name_case *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char	*got = holidays_name(h, tu_day(t[i].date));

		if (t[i].name == NULL)
			cr_expect_null(got, "%s should be no holiday, got \"%s\"",
			    t[i].date, got != NULL ? got : "");
		else
			cr_expect(got != NULL && strcmp(got, t[i].name) == 0,
			    "%s should be \"%s\", got \"%s\"", t[i].date, t[i].name,
			    got != NULL ? got : "(null)");
	}
}

Test(holidays, empty_calendar)
{
	struct holidays	*h = holidays_new();

	cr_assert_not_null(h);
	cr_expect_eq(holidays_count(h), 0);
	cr_expect_null(holidays_name(h, tu_day("2026-12-25")));
	cr_expect_eq(holidays_is_working_day(h, tu_day("2026-12-25")), 1);
	cr_expect_eq(holidays_is_working_day(h, tu_day("2026-12-26")), 0);
	cr_expect_eq(holidays_prev_working_day(h, tu_day("2026-12-27")),
	    tu_day("2026-12-25"));
	holidays_free(h);
	holidays_free(NULL);		/* must be harmless */
}

Test(holidays, nl_names, .init = setup_nl, .fini = teardown)
{
	static const struct name_case t[] = {
		{ "2026-01-01", "Nieuwjaarsdag" },
		{ "2026-01-02", NULL },
		{ "2026-04-03", NULL },			/* Good Friday: not listed */
		{ "2026-04-05", NULL },			/* Easter Sunday: not listed */
		{ "2026-04-06", "Tweede paasdag" },
		{ "2026-05-14", "Hemelvaartsdag" },
		{ "2026-05-24", NULL },			/* Whit Sunday: not listed */
		{ "2026-05-25", "Tweede pinksterdag" },
		{ "2026-04-27", "Koningsdag" },		/* a Monday */
		{ "2026-04-26", NULL },
		{ "2026-04-30", NULL },
		{ "2025-04-26", "Koningsdag" },		/* 27 April was a Sunday */
		{ "2025-04-27", NULL },
		{ "2025-04-21", "Tweede paasdag" },
		{ "2025-05-29", "Hemelvaartsdag" },
		{ "2025-06-09", "Tweede pinksterdag" },
		{ "2024-04-01", "Tweede paasdag" },
		{ "2024-05-09", "Hemelvaartsdag" },
		{ "2024-05-20", "Tweede pinksterdag" },
		{ "2014-04-26", "Koningsdag" },		/* first one, 27th a Sunday */
		{ "2014-04-27", NULL },
		{ "2014-04-30", NULL },			/* until=2013 */
		{ "2013-04-30", "Koninginnedag" },
		{ "2013-04-27", NULL },			/* from=2014 */
		{ "2013-04-26", NULL },
		{ "2006-04-30", NULL },			/* a Sunday: moved */
		{ "2006-05-01", "Koninginnedag" },
		{ "2000-05-01", "Koninginnedag" },
		{ "2012-04-30", "Koninginnedag" },
		{ "2026-05-05", "Bevrijdingsdag" },
		{ "2024-05-05", "Bevrijdingsdag" },
		{ "2016-05-05", "Hemelvaartsdag" },	/* both: first spec wins */
		{ "2026-12-25", "Eerste kerstdag" },
		{ "2026-12-26", "Tweede kerstdag" },
		{ "2026-12-27", NULL },
		{ "2026-12-31", NULL },
		{ "2027-01-01", "Nieuwjaarsdag" },
	};

	check_names(cal, t, NELEM(t));
}

/* Every year: exactly the expected number of listed days are holidays. */
Test(holidays, nl_count_per_year, .init = setup_nl, .fini = teardown)
{
	for (int y = 1990; y <= 2040; y++) {
		int	 n = 0, last = date_from_ymd(y, 12, 31);

		for (int d = date_from_ymd(y, 1, 1); d <= last; d++)
			n += holidays_name(cal, d) != NULL;
		/*
		 * Nine specs, but only one of Koningsdag/Koninginnedag a year;
		 * in 2005 and 2016 (Easter 27 March) Ascension fell on 5 May.
		 */
		cr_expect_eq(n, y == 2005 || y == 2016 ? 7 : 8,
		    "%d has %d holidays", y, n);
	}
}

Test(holidays, nl_working_days, .init = setup_nl, .fini = teardown)
{
	static const struct { const char *date; int working; } t[] = {
		{ "2026-11-28", 0 },	/* Saturday */
		{ "2026-11-29", 0 },	/* Sunday */
		{ "2026-11-30", 1 },	/* Monday */
		{ "2026-11-27", 1 },	/* Friday */
		{ "2026-04-03", 1 },	/* Good Friday is not listed */
		{ "2026-04-06", 0 },	/* Easter Monday */
		{ "2026-04-07", 1 },
		{ "2026-04-27", 0 },	/* King's Day, Monday */
		{ "2026-04-28", 1 },
		{ "2026-05-14", 0 },	/* Ascension, Thursday */
		{ "2026-05-15", 1 },
		{ "2026-05-25", 0 },	/* Whit Monday */
		{ "2026-12-24", 1 },
		{ "2026-12-25", 0 },	/* Friday */
		{ "2027-01-01", 0 },	/* Friday */
		{ "2025-04-26", 0 },	/* King's Day on a Saturday */
		{ "2025-04-28", 1 },	/* no Monday substitute */
		{ "2006-05-01", 0 },	/* Queen's Day moved to Monday */
	};

	for (size_t i = 0; i < NELEM(t); i++)
		cr_expect_eq(holidays_is_working_day(cal, tu_day(t[i].date)),
		    t[i].working, "is_working_day(%s)", t[i].date);
}

Test(holidays, null_calendar_is_weekends_only)
{
	static const struct { const char *date; int working; } t[] = {
		{ "2026-12-25", 1 }, { "2026-12-26", 0 }, { "2026-12-27", 0 },
		{ "2026-12-28", 1 }, { "2026-01-01", 1 },
	};

	for (size_t i = 0; i < NELEM(t); i++)
		cr_expect_eq(holidays_is_working_day(NULL, tu_day(t[i].date)),
		    t[i].working, "is_working_day(NULL, %s)", t[i].date);
	cr_expect_eq(holidays_prev_working_day(NULL, tu_day("2026-12-27")),
	    tu_day("2026-12-25"));
}

Test(holidays, nl_prev_working_day, .init = setup_nl, .fini = teardown)
{
	static const struct { const char *from, *to; } t[] = {
		{ "2026-12-26", "2026-12-24" },	/* Sat, Christmas Fri -> Thu */
		{ "2026-12-27", "2026-12-24" },
		{ "2026-12-25", "2026-12-24" },
		{ "2026-12-24", "2026-12-24" },	/* a working day is itself */
		{ "2026-04-06", "2026-04-03" },	/* Easter Monday -> Friday */
		{ "2026-04-05", "2026-04-03" },
		{ "2026-04-27", "2026-04-24" },	/* King's Day Monday -> Friday */
		{ "2026-05-25", "2026-05-22" },
		{ "2026-05-14", "2026-05-13" },
		{ "2027-01-01", "2026-12-31" },	/* across the year */
		{ "2027-01-03", "2026-12-31" },
		{ "2026-11-30", "2026-11-30" },
		{ "2026-11-29", "2026-11-27" },
	};
	char	 buf[DATE_STRLEN];

	for (size_t i = 0; i < NELEM(t); i++)
		cr_expect_str_eq(date_format(holidays_prev_working_day(cal,
		    tu_day(t[i].from)), buf), t[i].to, "prev_working_day(%s)",
		    t[i].from);
}

Test(holidays, lustrum_every_5_from_1945)
{
	static const struct spec v[] = {
		{ "Bevrijdingsdag", "05-05 every=5 from=1945" },
	};
	static const struct name_case t[] = {
		{ "1940-05-05", NULL }, { "1944-05-05", NULL },
		{ "1945-05-05", "Bevrijdingsdag" }, { "1946-05-05", NULL },
		{ "1950-05-05", "Bevrijdingsdag" }, { "1995-05-05", "Bevrijdingsdag" },
		{ "2000-05-05", "Bevrijdingsdag" }, { "2020-05-05", "Bevrijdingsdag" },
		{ "2024-05-05", NULL }, { "2025-05-05", "Bevrijdingsdag" },
		{ "2026-05-05", NULL }, { "2029-05-05", NULL },
		{ "2030-05-05", "Bevrijdingsdag" }, { "2025-05-06", NULL },
	};

	cal = build(v, NELEM(v));
	check_names(cal, t, NELEM(t));
	/* Liberation Day 2025 was a Monday: a day off, 2026's Tuesday is not. */
	cr_expect_eq(holidays_is_working_day(cal, tu_day("2025-05-05")), 0);
	cr_expect_eq(holidays_is_working_day(cal, tu_day("2026-05-05")), 1);
	teardown();
}

Test(holidays, every_with_until)
{
	static const struct spec v[] = {
		{ "Biennial", "06-01 every=2 from=2020 until=2024" },
	};
	static const struct name_case t[] = {
		{ "2018-06-01", NULL }, { "2020-06-01", "Biennial" },
		{ "2021-06-01", NULL }, { "2022-06-01", "Biennial" },
		{ "2024-06-01", "Biennial" }, { "2026-06-01", NULL },
	};

	cal = build(v, NELEM(v));
	check_names(cal, t, NELEM(t));
	teardown();
}

Test(holidays, easter_offsets)
{
	static const struct spec v[] = {
		{ "Goede vrijdag", "easter-2" },
		{ "Eerste paasdag", "easter" },
		{ "Eerste pinksterdag", "easter+49" },
		{ "Far back", "easter-100" },
		{ "Far ahead", "easter+100" },
	};
	static const struct name_case t[] = {
		{ "2026-04-03", "Goede vrijdag" },
		{ "2026-04-05", "Eerste paasdag" },
		{ "2026-04-04", NULL },
		{ "2026-05-24", "Eerste pinksterdag" },
		{ "2026-07-14", "Far ahead" },
		{ "2025-12-26", "Far back" },	/* 2026's, in the year before */
		{ "2024-03-29", "Goede vrijdag" },
		{ "2024-03-31", "Eerste paasdag" },
	};

	cal = build(v, NELEM(v));
	check_names(cal, t, NELEM(t));
	teardown();
}

Test(holidays, weekend_shifts)
{
	static const struct spec v[] = {
		/* 25 Dec 2021 Sat -> Mon 27; 2022 Sun -> Mon 26. */
		{ "Christmas", "12-25 if-saturday=2 if-sunday=1" },
		{ "Midsummer", "06-21 if-saturday=-1 if-sunday=-2" },
	};
	static const struct name_case t[] = {
		{ "2021-12-25", NULL }, { "2021-12-27", "Christmas" },
		{ "2022-12-25", NULL }, { "2022-12-26", "Christmas" },
		{ "2026-12-25", "Christmas" },	/* a Friday: unmoved */
		{ "2025-06-21", NULL }, { "2025-06-20", "Midsummer" },	/* Sat */
		{ "2026-06-21", NULL }, { "2026-06-19", "Midsummer" },	/* Sun */
		{ "2027-06-21", "Midsummer" },				/* Mon */
	};

	cal = build(v, NELEM(v));
	check_names(cal, t, NELEM(t));
	teardown();
}

/* A shift can move a holiday into the neighbouring year. */
Test(holidays, shift_across_year_boundary)
{
	static const struct spec v[] = {
		{ "New Year observed", "01-01 if-saturday=-1" },	/* 2022: Sat */
		{ "Old Year observed", "12-31 if-saturday=2" },	/* 2022: Sat */
	};
	static const struct name_case t[] = {
		{ "2021-12-31", "New Year observed" },
		{ "2022-01-01", NULL },
		{ "2022-12-31", NULL },
		{ "2023-01-02", "Old Year observed" },
		{ "2023-01-01", "New Year observed" },	/* a Sunday: unmoved */
	};

	cal = build(v, NELEM(v));
	check_names(cal, t, NELEM(t));
	teardown();
}

Test(holidays, leap_day_only_in_leap_years)
{
	static const struct spec v[] = { { "Leap day", "02-29" } };
	static const struct name_case t[] = {
		{ "2024-02-29", "Leap day" }, { "2000-02-29", "Leap day" },
		{ "2023-02-28", NULL }, { "2023-03-01", NULL },
		{ "2100-02-28", NULL }, { "2100-03-01", NULL },
	};

	cal = build(v, NELEM(v));
	check_names(cal, t, NELEM(t));
	teardown();
}

Test(holidays, first_spec_wins_on_same_day)
{
	static const struct spec v[] = {
		{ "First", "05-05" }, { "Second", "05-05 every=5 from=1945" },
	};
	static const struct name_case t[] = {
		{ "2025-05-05", "First" }, { "2026-05-05", "First" },
	};

	cal = build(v, NELEM(v));
	check_names(cal, t, NELEM(t));
	teardown();
}

Test(holidays, tabs_and_repeated_blanks)
{
	static const struct spec v[] = {
		{ "Koningsdag", "  04-27\tif-sunday=-1   from=2014\t" },
	};
	static const struct name_case t[] = {
		{ "2025-04-26", "Koningsdag" }, { "2013-04-27", NULL },
		{ "2026-04-27", "Koningsdag" },
	};

	cal = build(v, NELEM(v));
	check_names(cal, t, NELEM(t));
	teardown();
}

Test(holidays, name_is_copied)
{
	char	 name[] = "Koningsdag";
	char	*cause = NULL;

	cal = holidays_new();
	cr_assert_eq(holidays_add(cal, name, "04-27", &cause), 0);
	name[0] = 'X';
	cr_expect_str_eq(holidays_name(cal, tu_day("2026-04-27")),
	    "Koningsdag");
	teardown();
}

/* Every error path, with what the cause must say. */
Test(holidays, add_errors)
{
	static const struct {
		const char	*spec;
		const char	*want1, *want2;	/* substrings of *cause */
	} t[] = {
		/* empty */
		{ "", "empty spec", "'Bad'" },
		{ "  \t ", "empty spec", "'Bad'" },
		/* bad MM-DD */
		{ "4-27", "'4-27'", "MM-DD" },
		{ "04-7", "'04-7'", "MM-DD" },
		{ "0427", "'0427'", "MM-DD" },
		{ "04/27", "'04/27'", "MM-DD" },
		{ "04-270", "'04-270'", "MM-DD" },
		{ "ab-cd", "'ab-cd'", "MM-DD" },
		{ "13-01", "'13-01'", "MM-DD" },
		{ "00-10", "'00-10'", "MM-DD" },
		{ "01-00", "'01-00'", "MM-DD" },
		{ "01-32", "'01-32'", "MM-DD" },
		{ "02-30", "'02-30'", "MM-DD" },
		{ "04-31", "'04-31'", "MM-DD" },
		{ "11-31 from=2000", "'11-31 from=2000'", "MM-DD" },
		{ "-1-01", "'-1-01'", "MM-DD" },
		{ "Easter", "'Easter'", "MM-DD" },
		{ "if-sunday=1", "'if-sunday=1'", "MM-DD" },
		/* bad easter offset */
		{ "easter+x", "'easter+x'", "easter+N" },
		{ "easter+", "'easter+'", "easter+N" },
		{ "easter-", "'easter-'", "easter+N" },
		{ "easter1", "'easter1'", "easter+N" },
		{ "easter*2", "'easter*2'", "easter+N" },
		{ "easter+1.5", "'easter+1.5'", "easter+N" },
		{ "easter+1x", "'easter+1x'", "easter+N" },
		{ "easter+-1", "'easter+-1'", "easter+N" },
		{ "easter+101", "'easter+101'", "easter+N" },
		{ "easter-101", "'easter-101'", "easter+N" },
		{ "eastern", "'eastern'", "easter+N" },
		{ "easter+x from=2000", "'easter+x'", "easter+N" },
		/* unknown modifiers */
		{ "01-01 foo=1", "'foo'", "01-01 foo=1" },
		{ "01-01 foo", "'foo'", "unknown or bad modifier" },
		{ "01-01 from", "'from'", "unknown or bad modifier" },
		{ "01-01 =1", "'01-01 =1'", "unknown or bad modifier" },
		{ "01-01 01-02", "'01-02'", "unknown or bad modifier" },
		{ "01-01 If-Sunday=1", "'If-Sunday'", "unknown or bad modifier" },
		/* bad values */
		{ "04-27 if-sunday=9", "if-sunday=9", "unknown or bad modifier" },
		{ "04-27 if-sunday=-7", "if-sunday=-7", "bad modifier" },
		{ "04-27 if-sunday=", "'04-27 if-sunday='", "bad modifier" },
		{ "04-27 if-sunday=x", "if-sunday=x", "bad modifier" },
		{ "04-27 if-sunday=1x", "if-sunday=1x", "bad modifier" },
		{ "04-27 if-saturday=7", "if-saturday=7", "bad modifier" },
		{ "04-27 from=1799", "from=1799", "bad modifier" },
		{ "04-27 from=2401", "from=2401", "bad modifier" },
		{ "04-27 from=20x4", "from=20x4", "bad modifier" },
		{ "04-27 until=1799", "until=1799", "bad modifier" },
		{ "04-27 until=2401", "until=2401", "bad modifier" },
		{ "05-05 every=0", "every=0", "bad modifier" },
		{ "05-05 every=101", "every=101", "bad modifier" },
		{ "05-05 every=-5", "every=-5", "bad modifier" },
		/* no weekend shift for Easter-based days (always a fixed weekday) */
		{ "easter+1 if-sunday=1", "'if-sunday'", "bad modifier" },
		{ "easter+1 if-saturday=1", "'if-saturday'", "bad modifier" },
		/* from after until */
		{ "04-30 from=2014 until=2013", "from=2014 is after until=2013",
		    "'04-30 from=2014 until=2013'" },
		{ "easter+1 until=1900 from=1901", "from=1901 is after until=1900",
		    "'easter+1 until=1900 from=1901'" },
	};

	cal = build(nl, NELEM(nl));
	for (size_t i = 0; i < NELEM(t); i++) {
		char	*cause = NULL;

		cr_expect_eq(holidays_add(cal, "Bad", t[i].spec, &cause), -1,
		    "\"%s\" should be refused", t[i].spec);
		cr_expect_not_null(cause, "no cause for \"%s\"", t[i].spec);
		if (cause == NULL)
			continue;
		cr_expect(strstr(cause, t[i].want1) != NULL,
		    "cause for \"%s\" lacks \"%s\": %s", t[i].spec, t[i].want1,
		    cause);
		cr_expect(strstr(cause, t[i].want2) != NULL,
		    "cause for \"%s\" lacks \"%s\": %s", t[i].spec, t[i].want2,
		    cause);
		free(cause);
	}
	/* Nothing refused was added. */
	cr_expect_eq(holidays_count(cal), (int)NELEM(nl));
	cr_expect_null(holidays_name(cal, tu_day("2026-06-01")));
	teardown();
}

Test(holidays, add_boundaries_accepted)
{
	static const struct spec v[] = {
		{ "a", "01-01 if-saturday=-6 if-sunday=6" },
		{ "b", "12-31 from=1800 until=2400" },
		{ "c", "06-15 from=2000 until=2000" },
		{ "d", "05-05 every=1" },
		{ "e", "05-05 every=100 from=1900" },
		{ "f", "easter-100 from=1800" },
		{ "g", "easter+100 until=2400" },
		{ "h", "02-29" },
		{ "i", "easter+0" },
	};
	static const struct name_case t[] = {
		{ "2000-06-15", "c" }, { "2001-06-15", NULL }, { "1999-06-15", NULL },
	};

	cal = build(v, NELEM(v));
	check_names(cal, t, NELEM(t));
	teardown();
}
