/*
 * Civil dates and ISO 8601 durations, proleptic Gregorian calendar.
 * A date is a day number: days since 1970-01-01. Pure: no clock, no I/O.
 */
#ifndef TREATYD_DATE_H
#define TREATYD_DATE_H

#include <limits.h>
#include <stddef.h>

#define DATE_NONE	INT_MIN		/* an unknown or absent date */
#define DATE_MIN_YEAR	1800
#define DATE_MAX_YEAR	2400
#define DATE_STRLEN	11		/* "YYYY-MM-DD" plus NUL */

struct duration {
	int	years;
	int	months;
	int	weeks;
	int	days;
};

int	 date_is_leap(int year);
int	 date_days_in_month(int year, int month);
/* 1 when y-m-d names a real day within DATE_MIN_YEAR..DATE_MAX_YEAR. */
int	 date_valid(int year, int month, int day);
/* Day number of a valid y-m-d. */
int	 date_from_ymd(int year, int month, int day);
void	 date_to_ymd(int date, int *year, int *month, int *day);
int	 date_year(int date);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int	 date_weekday(int date);
/* Whole months from a to b (a <= b): 31 January to 28 February is 0. */
int	 date_months_between(int a, int b);
/* Parse exactly "YYYY-MM-DD"; 0 on success, -1 with *cause set (caller frees). */
int	 date_parse(const char *, int *date, char **cause);
/* Write "YYYY-MM-DD", or "unknown" for DATE_NONE; returns buf. */
char	*date_format(int date, char buf[DATE_STRLEN]);
/* Gregorian Easter Sunday of a year (anonymous Gregorian algorithm). */
int	 date_easter(int year);

/* Parse "PnYnMnWnD" (each part optional, at least one, no time part). */
int	 duration_parse(const char *, struct duration *, char **cause);
/* Canonical text, e.g. "P1Y6M"; "P0D" for an empty duration. */
void	 duration_format(const struct duration *, char *buf, size_t len);
int	 duration_is_zero(const struct duration *);
/*
 * date + sign * duration. Years and months are applied first as one
 * month count, clamping the day to the end of the target month
 * (31 Jan + P1M = 28/29 Feb); weeks and days are then added.
 */
int	 date_add(int date, const struct duration *, int sign);
/* date + n * duration, computed from the base each time so clamping does
 * not accumulate (31 Jan + 2 x P1M = 31 Mar). */
int	 date_add_times(int date, const struct duration *, int n);

#endif
