/*
 * Recommendations of the treaty bodies and the UPR, and the follow-up
 * of each: who is responsible (a lead ministry and contributors) and a
 * dated history of progress updates. All three are append-only, as
 * facts are: a new owner or a new status is a new row, and the latest
 * counts. From them come the progress-update deadlines before each
 * cabinet letter (one per instrument with open recommendations).
 * Pure: no I/O, no clock; `today` is a parameter.
 */
#ifndef TREATYD_REC_H
#define TREATYD_REC_H

#include <stddef.h>

#include "date.h"
#include "rules.h"
#include "words.h"

struct deadlines;
struct holidays;

/* The longest value of each field, in characters. */
#define REC_SYMBOL_MAX		100
#define REC_PARAGRAPH_MAX	32
#define REC_TEXT_MAX		20000	/* the body's words */
#define REC_LIST_MAX		2000	/* themes, SDGs, affected persons */
#define REC_UPDATE_MAX		2000	/* a progress update's text */
#define REC_BY_MAX		200

enum rec_status {
	REC_NOT_STARTED,
	REC_IN_PROGRESS,
	REC_PARTIAL,		/* partially implemented: still open */
	REC_IMPLEMENTED,
	REC_NOT_ACCEPTED,
	REC_NSTATUS
};

/* The UPR: whether the state supported or noted it. */
enum rec_position {
	REC_POS_NONE,
	REC_POS_SUPPORTED,
	REC_POS_NOTED
};

struct rec {
	long long	 id;
	char		 instrument[RULES_CODE_MAX];
	char		*symbol;	/* CEDAW/C/NLD/CO/7 */
	char		*paragraph;	/* "12", "140.1" */
	char		*text;		/* the body's words, in English */
	char		*summary_nl;	/* may be NULL */
	char		*themes;	/* "a; b": several, "; " between */
	char		*sdgs;
	char		*persons;	/* affected persons */
	int		 followup;	/* selected for the follow-up procedure */
	enum rec_position position;
	int		 year;		/* of the document; 0 when not given */
	char		*recorded_by;
	char		*recorded_at;	/* ISO 8601 UTC */
};

/* Who answers for a recommendation, from `at` on. */
struct rec_owner {
	long long	 id;
	long long	 rec;
	char		 lead[RULES_CODE_MAX];
	char		*contributors;	/* department codes, space separated */
	char		*recorded_by;
	char		*recorded_at;
};

struct rec_update {
	long long	 id;
	long long	 rec;
	int		 date;		/* as of when */
	enum rec_status	 status;
	char		*text;
	char		*recorded_by;
	char		*recorded_at;
};

/* Everything recorded, each list in id order. */
struct rec_set {
	struct rec		*v;
	size_t			 n;
	struct rec_owner	*owners;
	size_t			 nowners;
	struct rec_update	*updates;
	size_t			 nupdates;
};

void	 rec_clear(struct rec *);
void	 rec_set_free(struct rec_set *);

/* "not started", ... ; "?" for no status. */
const char *rec_status_name(enum rec_status);
/* The status a name gives ("not started", "not_started", "Not-Started",
 * or the Dutch "niet gestart"), or -1. */
int	 rec_status_parse(const char *);
/* The status in lang ("niet gestart", ...). */
const char *rec_status_word(enum rec_status, enum lang);
/* Implemented or not accepted: no more updates are asked for. */
int	 rec_status_closed(enum rec_status);
const char *rec_position_name(enum rec_position);
/* "supported"/"noted" (any case, "accepted" too), "" none; -1 otherwise. */
int	 rec_position_parse(const char *);

/*
 * Whether a recommendation may be recorded: a known instrument (any
 * case, set to its code as the file spells it), a symbol, a paragraph
 * and a text, each well-formed UTF-8 within its limit. -1 with *cause.
 */
int	 rec_validate(struct rec *, const struct ruleset *, char **cause);
/* Whether an update may be recorded: a date, a status, its text. */
int	 rec_update_validate(const struct rec_update *, char **cause);

/* The recommendation with this id, or "SYMBOL:PARAGRAPH" (any case), or
 * NULL. */
const struct rec *rec_find(const struct rec_set *, const char *);
const struct rec *rec_by_id(const struct rec_set *, long long id);
/* The index in v[0..n) of the recommendation with r's symbol and
 * paragraph (any case): one recommendation however often exported; n
 * when there is none. */
size_t	 rec_index(const struct rec *v, size_t n, const struct rec *r);
/* The latest update dated on or before asof (DATE_NONE: any), or NULL. */
const struct rec_update *rec_latest(const struct rec_set *, long long rec,
	    int asof);
/* Its status as of asof: the latest update's, else "not started". */
enum rec_status rec_status_at(const struct rec_set *, long long rec,
	    int asof);
/* Its latest owner row, or NULL: the instrument's lead and contributors
 * answer for it then. */
const struct rec_owner *rec_owner_of(const struct rec_set *, long long rec);
/* The lead department ("" when unknown) and whether dept is the lead or a
 * contributor. */
const char *rec_lead(const struct rec_set *, const struct rec *,
	    const struct ruleset *);
int	 rec_involves(const struct rec_set *, const struct rec *,
	    const struct ruleset *, const char *dept);
/* The date part of recorded_at, or DATE_NONE. */
int	 rec_recorded_on(const char *recorded_at);

/* Which recommendations a listing shows; every criterion set narrows. */
struct rec_filter {
	const char	*instrument;	/* code, any case */
	const char	*symbol;
	const char	*theme;		/* a theme containing it, any case */
	const char	*sdg;		/* "5": an SDG numbered 5 or 5.x */
	const char	*ministry;	/* lead or contributor */
	int		 status;	/* enum rec_status, or -1 */
	int		 followup;	/* 1: selected only; -1: any */
	int		 asof;		/* the status as of; DATE_NONE: latest */
};
void	 rec_filter_init(struct rec_filter *);
int	 rec_match(const struct rec_set *, const struct rec *,
	    const struct ruleset *, const struct rec_filter *);

/*
 * Add the progress-update deadlines: for each cabinet letter (a deadline
 * whose kind is "annual_letter") and each instrument with recommendations
 * open when its window opens, "CODE/rec_update/CYCLE" due `before`
 * ahead of the letter, on the working day before when that is not one.
 * The window runs from the previous such deadline (or a year before);
 * a recommendation counts when it was recorded before the due date and
 * was open (not implemented, not accepted) when the window opened; the
 * deadline is met once each of them has an update dated in the window.
 */
void	 rec_deadlines(const struct rec_set *, const struct ruleset *,
	    const struct holidays *, const struct duration *before, int today,
	    struct deadlines *);
/* The rule every progress-update deadline points to. */
const struct rule *rec_update_rule(void);
/*
 * The recommendations a progress-update deadline still waits for (all of
 * them counted, with pending): those of its instrument open when its
 * window opened (d->opened) with no update dated since. Up to max into
 * out; returns how many there are.
 */
struct deadline;
size_t	 rec_pending(const struct rec_set *, const struct deadline *,
	    const struct rec **out, size_t max);

#endif
