/*
 * When reminders fall due: deadlines + lead times + today -> the send
 * dates of each deadline's reminders. Pure: recipients, times of day and
 * the outbox are the caller's; `today` is a parameter.
 */
#ifndef TREATYD_REMIND_H
#define TREATYD_REMIND_H

#include <stddef.h>

#include "date.h"
#include "engine.h"

struct holidays;

#define REMIND_MAX_LEADS	8
#define REMIND_LEAD_MAX		16

struct remind_policy {
	struct duration	 lead[REMIND_MAX_LEADS];	/* for rules */
	int		 nlead;
	struct duration	 milestone_lead[REMIND_MAX_LEADS];
	int		 nmilestone_lead;
	int		 working_days_only;	/* send on the working day before */
	struct duration	 overdue_every;		/* repeat while overdue ... */
	struct duration	 overdue_slow_after;	/* ... until this long overdue */
	struct duration	 overdue_slow_every;	/* then this often (zero: never) */
	int		 chair_after;		/* repeats before the chair */
};

struct remind_slot {
	const struct deadline	*d;
	char			 lead[REMIND_LEAD_MAX];	/* "P30D", "overdue-2" */
	int			 send_date;	/* local date to send on */
	int			 repeat;	/* 0, or the overdue repeat */
	int			 to_chair;	/* also to the network chair */
};

/* 1 when a deadline gets reminders at all: open or overdue, not a
 * tentative projection. */
int	 remind_applies(const struct deadline *);
/*
 * The slots of a deadline whose send date falls within [from, to], in
 * date order whatever the order of the lead times; at most max (the
 * earliest) are written. For an overdue deadline only the latest repeat
 * sent on or before `to` counts (never a backlog of repeats).
 */
size_t	 remind_slots(const struct remind_policy *, const struct holidays *,
	    const struct deadline *, int from, int to, struct remind_slot *out,
	    size_t max);
/* How many overdue repeats of d fell due by `today` (0 when none). */
int	 remind_repeats(const struct remind_policy *, const struct holidays *,
	    const struct deadline *, int today);
/* The first send date after `after` among the deadlines, or DATE_NONE;
 * overdue repeats count for open deadlines too (they will be overdue by
 * then), never for voluntary ones. */
int	 remind_next_date(const struct remind_policy *, const struct holidays *,
	    const struct deadline *, size_t n, int after);

#endif
