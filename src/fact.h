/*
 * A fact: something that happened or was decided, as recorded in the
 * store. Facts are append-only; a correction is a new fact whose
 * `supersedes` names the old one.
 */
#ifndef TREATYD_FACT_H
#define TREATYD_FACT_H

#include "rules.h"

#define FACT_CYCLE_MAX	24

/*
 * The longest text of each field, in characters: treatyctl and the seed
 * import refuse longer values instead of cutting them, and what fits
 * here fits every feed, page and mail it goes into.
 */
#define FACT_SYMBOL_MAX		100
#define FACT_PARAGRAPH_MAX	100
#define FACT_URL_MAX		1000
#define FACT_NOTE_MAX		1000
#define FACT_BY_MAX		200	/* "import PATH" too */

struct fact {
	long long	 id;
	char		 instrument[RULES_CODE_MAX];
	char		 kind[RULES_NAME_MAX];
	int		 date;		/* when it happened or was decided */
	char		 rule[RULES_NAME_MAX];	/* target deadline kind, or "" */
	int		 due;		/* due_date_set, postponed: the date set */
	char		 cycle[FACT_CYCLE_MAX];	/* "7", "25-27", "2027", or "" */
	char		*symbol;	/* e.g. CEDAW/C/NLD/CO/7 */
	char		*paragraph;
	char		*url;
	char		*note;
	char		*recorded_by;
	char		*recorded_at;	/* ISO 8601 UTC timestamp */
	long long	 supersedes;	/* 0 when none */
};

/* Release the strings of a fact (not the fact itself). */
void	 fact_clear(struct fact *);
void	 facts_free(struct fact *, size_t n);
/*
 * Parse a cycle label "N" or "N-M" (1 <= N <= M <= 999); the range is
 * returned in *lo and *hi. 0 on success, -1 when it is not one.
 */
int	 fact_cycle_range(const char *, int *lo, int *hi);
/*
 * Whether a fact may be recorded: a known instrument (any case), fact
 * kind and rule, a date, a --due only for due_date_set and postponed
 * (and required by due_date_set), a cycle label the engine reads, and
 * text fields of well-formed UTF-8 within their limits. -1 with *cause
 * (caller frees). Pure: the caller stores.
 */
int	 fact_validate(const struct fact *, const struct ruleset *,
	    char **cause);

#endif
