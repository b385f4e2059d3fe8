/*
 * A working-day calendar: weekends plus the public holidays of a holiday
 * file. Each holiday is a spec (see treatyd-rules(5)):
 *   MM-DD [if-saturday=N] [if-sunday=N] [from=YEAR] [until=YEAR] [every=N]
 *   easter[+N|-N] [from=YEAR] [until=YEAR]
 * Pure: computed per year on demand.
 */
#ifndef TREATYD_HOLIDAYS_H
#define TREATYD_HOLIDAYS_H

struct holidays;

struct holidays	*holidays_new(void);
void		 holidays_free(struct holidays *);
/* Add one holiday; -1 with *cause (caller frees) when the spec is bad. */
int		 holidays_add(struct holidays *, const char *name,
		    const char *spec, char **cause);
/* Number of holidays defined. */
int		 holidays_count(const struct holidays *);
/* The holiday's name when date is one, else NULL (borrowed). */
const char	*holidays_name(const struct holidays *, int date);
/* 1 for Monday-Friday that is not a holiday. */
int		 holidays_is_working_day(const struct holidays *, int date);
/* date itself when a working day, else the closest working day before. */
int		 holidays_prev_working_day(const struct holidays *, int date);

#endif
