/*
 * Which mails fall due: deadlines + recipients + the reminder policy +
 * now -> the rows to queue in the outbox, and when the next one is due.
 * Pure: local times come from the caller's `at` function, so a test sets
 * the clock and the time zone.
 */
#ifndef TREATYD_PLANNER_H
#define TREATYD_PLANNER_H

#include <stddef.h>

#include "date.h"
#include "engine.h"
#include "remind.h"

/* What a mail (and each outbox row) is about. */
enum mail_kind {
	MAIL_REMINDER,		/* a deadline is coming or overdue */
	MAIL_CHANGE,		/* a due date moved */
	MAIL_AGENDA,		/* the draft agenda of a network meeting */
	MAIL_TEST,		/* treatyctl send-test */
	MAIL_CATCHUP,		/* a new recipient: what is late and coming */
	MAIL_SUMMARY,		/* the chair's weekly summary of what is late */
	MAIL_WELCOME,		/* a new coordinator: the calendar and a feed */
	MAIL_FEED,		/* a coordinator's new feed address */
	MAIL_SIGNIN		/* a one-time link to the workspace */
};

/* Where an outbox row stands. */
enum outbox_state {
	OUTBOX_PENDING,
	OUTBOX_SENDING,		/* committed before the message leaves */
	OUTBOX_SENT,
	OUTBOX_FAILED,
	OUTBOX_SKIPPED,		/* missed beyond the catch-up window */
	OUTBOX_SUPERSEDED	/* met or moved before it was sent */
};
#define OUTBOX_NSTATES	(OUTBOX_SUPERSEDED + 1)

const char	*mail_kind_name(enum mail_kind);
/* 0 and *out on success, -1 when s names no kind. */
int		 mail_kind_parse(const char *s, enum mail_kind *out);
const char	*outbox_state_name(enum outbox_state);
int		 outbox_state_parse(const char *s, enum outbox_state *out);

/* What was last published about a deadline (parallel to the deadlines). */
struct plan_published {
	int		 sequence;	/* 0: never changed */
	long long	 modified;	/* UNIX time of the last change */
	int		 previous_due;	/* the due date before it, or DATE_NONE */
};

/* "We know; it is being handled": no repeats for that coordinator while
 * the deadline keeps this due date and status. */
struct plan_ack {
	const char		*deadline;	/* its id */
	int			 due;
	enum deadline_status	 status;
	const char		*recipient;	/* the coordinator's address */
};

struct plan_input {
	const struct deadlines		*deadlines;
	const struct plan_published	*published;	/* NULL: none changed */
	const struct coordinator	*coordinators;
	size_t				 ncoordinators;
	const char			*chair;		/* address, or NULL */
	const char			*chair_language;
	/* Recipients the outbox knows; the others get one catch-up mail
	 * (with catch_up_mail set). */
	const char *const		*known;
	size_t				 nknown;
	int				 catch_up_mail;
	const struct plan_ack		*acks;
	size_t				 nacks;
	const struct remind_policy	*policy;
	const struct holidays		*holidays;
	const struct deadline		*meeting;	/* next meeting, or NULL */
	struct duration			 agenda_before;	/* zero: no agenda mail */
	struct duration			 catch_up;
	int				 digest;	/* reminders wait for Monday */
	int				 today;		/* local date of now */
	long long			 now;
	/* The UNIX time of the send time on a local date. */
	long long			(*at)(int date, void *arg);
	void				*arg;
};

#define PLAN_LOOKBACK_DAYS	30	/* reminder slots looked at before today */

struct plan_row {
	const struct deadline		*deadline;	/* NULL: a list mail */
	int				 due;		/* its due date, or the list's day */
	enum mail_kind			 kind;
	char				 lead[REMIND_LEAD_MAX];	/* "P30D", "overdue-2", "change-3", "agenda" */
	const char			*recipient;	/* borrowed from the input */
	const char			*language;
	const struct coordinator	*coordinator;	/* NULL: the chair */
	long long			 send_at;
	long long			 next_attempt;	/* the digest's Monday, or send_at */
	int				 skipped;	/* older than catch_up, or in a catch-up mail */
	int				 old_due;	/* MAIL_CHANGE: the date before */
};

/*
 * Every row due by now: reminders of open and overdue deadlines to the
 * coordinators of their instrument (none of their own for the internal
 * steps of a report that is overdue: the report's reminder lists them),
 * change notices for dates moved by a recorded fact, the agenda mail
 * before a meeting the chair fixed, the chair's summary on Mondays while
 * anything is overdue, and one catch-up mail for a recipient the outbox
 * does not know yet (their reminders of this pass are skipped: the
 * catch-up lists them). Rows the outbox holds already are returned again:
 * queueing is idempotent by key. *out is allocated (caller frees).
 */
size_t		 planner_rows(const struct plan_input *, struct plan_row **out);
/*
 * The first local date whose outbox rows pruning must keep: today - keep,
 * but never later than today - PLAN_LOOKBACK_DAYS - 1 nor the day before
 * today - catch_up, so that no row the planner could return again (and
 * queue, and send) is ever pruned.
 */
int		 planner_prune_before(int today, const struct duration *keep,
		    const struct duration *catch_up);
/* When the next row falls due after now (UNIX time), or 0 when none. */
long long	 planner_next(const struct plan_input *);

#define PLAN_COMING_DAYS	90	/* what a catch-up mail looks ahead */

/*
 * The deadlines a list mail is about, as indexes into the deadlines, in
 * due-date order; *out allocated (caller frees). A catch-up for a
 * coordinator: what is overdue or unknown on their instruments (not the
 * internal steps of an overdue report), then what is due in the next
 * PLAN_COMING_DAYS days (not tentative). The chair's summary: every
 * overdue deadline (not the internal steps of an overdue report), once
 * its coordinators had chair_after repeats, and every past date whose
 * rule says past_due = unknown (a meeting: was it held?).
 */
size_t		 planner_catchup_items(const struct deadlines *,
		    const struct coordinator *, int today, size_t **out);
size_t		 planner_summary_items(const struct deadlines *,
		    const struct remind_policy *, const struct holidays *,
		    int today, size_t **out);
/* 1 when d is an internal step of a deadline that is overdue. */
int		 planner_step_of_overdue(const struct deadlines *,
		    const struct deadline *d);

#endif
