#include "config.h"

#include <stdio.h>
#include <string.h>

#include "holidays.h"
#include "remind.h"

int
remind_applies(const struct deadline *d)
{
	return (d->status == STATUS_OPEN || d->status == STATUS_OVERDUE) &&
	    d->confidence != CONF_TENTATIVE;
}

/* Repeats are counted from the due date; a bound on a broken policy. */
#define REPEAT_MAX	100000

static int
send_day(const struct remind_policy *p, const struct holidays *h, int date)
{
	return p->working_days_only ? holidays_prev_working_day(h, date) : date;
}

/* The lead times of a deadline: milestones have their own. */
static const struct duration *
leads(const struct remind_policy *p, const struct deadline *d, int *n)
{
	if (d->rule != NULL && d->rule->type == RULE_MILESTONE) {
		*n = p->nmilestone_lead;
		return p->milestone_lead;
	}
	*n = p->nlead;
	return p->lead;
}

/*
 * 1 when the deadline gets overdue repeats once it is overdue. A
 * voluntary deadline never is (engine.c), so it gets none, and nobody
 * wakes for them.
 */
static int
repeats(const struct remind_policy *p, const struct deadline *d)
{
	return !duration_is_zero(&p->overdue_every) && !d->voluntary;
}

/*
 * The date of overdue repeat k (1, 2, ...): every overdue_every until
 * overdue_slow_after past the due date, then every overdue_slow_every
 * from there (none more when that is zero). DATE_NONE when there is no
 * such repeat.
 */
static int
repeat_date(const struct remind_policy *p, const struct deadline *d, int k)
{
	int	 slow, fast = 0;

	if (duration_is_zero(&p->overdue_slow_after))
		return date_add_times(d->due, &p->overdue_every, k);
	slow = date_add(d->due, &p->overdue_slow_after, 1);
	while (fast < REPEAT_MAX &&
	    date_add_times(d->due, &p->overdue_every, fast + 1) <= slow)
		fast++;
	if (k <= fast)
		return date_add_times(d->due, &p->overdue_every, k);
	if (duration_is_zero(&p->overdue_slow_every))
		return DATE_NONE;
	return date_add_times(slow, &p->overdue_slow_every, k - fast);
}

/* The send date of overdue repeat k, or DATE_NONE. */
static int
repeat_day(const struct remind_policy *p, const struct holidays *h,
    const struct deadline *d, int k)
{
	int	 date = repeat_date(p, d, k);

	return date == DATE_NONE ? DATE_NONE : send_day(p, h, date);
}

/* The number of the last repeat sent on or before `to`, or 0. */
static int
last_repeat(const struct remind_policy *p, const struct holidays *h,
    const struct deadline *d, int to)
{
	int	 k, date, last = 0;

	for (k = 1; k < REPEAT_MAX; k++) {
		if ((date = repeat_day(p, h, d, k)) == DATE_NONE || date > to)
			break;
		last = k;
	}
	return last;
}

int
remind_repeats(const struct remind_policy *p, const struct holidays *h,
    const struct deadline *d, int today)
{
	if (d->status != STATUS_OVERDUE || !repeats(p, d))
		return 0;
	return last_repeat(p, h, d, today);
}

size_t
remind_slots(const struct remind_policy *p, const struct holidays *h,
    const struct deadline *d, int from, int to, struct remind_slot *out,
    size_t max)
{
	struct remind_slot	 all[REMIND_MAX_LEADS + 1], tmp;
	const struct duration	*lead;
	int			 nlead;
	size_t			 n = 0;

	if (!remind_applies(d))
		return 0;
	lead = leads(p, d, &nlead);
	for (int i = 0; i < nlead && i < REMIND_MAX_LEADS; i++) {
		int	 date = send_day(p, h, date_add(d->due, &lead[i], -1));

		if (date < from || date > to)
			continue;
		memset(&all[n], 0, sizeof all[n]);
		all[n].d = d;
		duration_format(&lead[i], all[n].lead, sizeof all[n].lead);
		all[n].send_date = date;
		n++;
	}
	/*
	 * Overdue: every overdue_every after the due date, the latest whose
	 * send date is on or before `to` only. The send date counts, not the
	 * repeat's own: a repeat on a Saturday is Friday's with
	 * working_days_only.
	 */
	if (d->status == STATUS_OVERDUE && repeats(p, d)) {
		int	 last = last_repeat(p, h, d, to);

		if (last > 0 && repeat_day(p, h, d, last) >= from) {
			memset(&all[n], 0, sizeof all[n]);
			all[n].d = d;
			snprintf(all[n].lead, sizeof all[n].lead, "overdue-%d",
			    last);
			all[n].send_date = repeat_day(p, h, d, last);
			all[n].repeat = last;
			all[n].to_chair = last > p->chair_after;
			n++;
		}
	}
	/*
	 * Date order whatever the order of lead_times (and P1M is not
	 * always longer than P30D); stable, so equal dates keep it.
	 */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 &&
		    all[j - 1].send_date > all[j].send_date; j--) {
			tmp = all[j];
			all[j] = all[j - 1];
			all[j - 1] = tmp;
		}
	if (n > max)
		n = max;
	memcpy(out, all, n * sizeof *out);
	return n;
}

int
remind_next_date(const struct remind_policy *p, const struct holidays *h,
    const struct deadline *v, size_t n, int after)
{
	int	 best = DATE_NONE;

	for (size_t i = 0; i < n; i++) {
		const struct deadline	*d = &v[i];
		const struct duration	*lead;
		int			 nlead, date, k;

		if (!remind_applies(d))
			continue;
		lead = leads(p, d, &nlead);
		for (int j = 0; j < nlead && j < REMIND_MAX_LEADS; j++) {
			date = send_day(p, h, date_add(d->due, &lead[j], -1));
			if (date > after && (best == DATE_NONE || date < best))
				best = date;
		}
		/* The first overdue repeat sent after `after`; an open
		 * deadline is overdue by then unless it is met. */
		if (!repeats(p, d))
			continue;
		for (k = 1; k < REPEAT_MAX &&
		    (date = repeat_day(p, h, d, k)) != DATE_NONE &&
		    date <= after; k++)
			;
		if (date != DATE_NONE && date > after &&
		    (best == DATE_NONE || date < best))
			best = date;
	}
	return best;
}
