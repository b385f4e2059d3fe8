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

static int
send_day(const struct remind_policy *p, const struct holidays *h, int date)
{
	return p->working_days_only ? holidays_prev_working_day(h, date) : date;
}

size_t
remind_slots(const struct remind_policy *p, const struct holidays *h,
    const struct deadline *d, int from, int to, struct remind_slot *out,
    size_t max)
{
	const struct duration	*lead = p->lead;
	int			 nlead = p->nlead;
	size_t			 n = 0;

	if (!remind_applies(d))
		return 0;
	if (d->rule != NULL && d->rule->type == RULE_MILESTONE) {
		lead = p->milestone_lead;
		nlead = p->nmilestone_lead;
	}
	/* Lead times, longest first, so the slots come in date order. */
	for (int i = 0; i < nlead && n < max; i++) {
		int	 date = send_day(p, h, date_add(d->due, &lead[i], -1));

		if (date < from || date > to)
			continue;
		memset(&out[n], 0, sizeof out[n]);
		out[n].d = d;
		duration_format(&lead[i], out[n].lead, sizeof out[n].lead);
		out[n].send_date = date;
		n++;
	}
	/* Overdue: every overdue_every after the due date; the latest only. */
	if (d->status == STATUS_OVERDUE && !duration_is_zero(&p->overdue_every) &&
	    n < max) {
		int	 k = 0, date, last = DATE_NONE, lastk = 0;

		while (k < 100000) {
			date = date_add_times(d->due, &p->overdue_every, ++k);
			if (date > to)
				break;
			last = date;
			lastk = k;
		}
		if (last != DATE_NONE && send_day(p, h, last) >= from) {
			memset(&out[n], 0, sizeof out[n]);
			out[n].d = d;
			snprintf(out[n].lead, sizeof out[n].lead, "overdue-%d",
			    lastk);
			out[n].send_date = send_day(p, h, last);
			out[n].repeat = lastk;
			out[n].to_chair = lastk > p->chair_after;
			n++;
		}
	}
	return n;
}

int
remind_next_date(const struct remind_policy *p, const struct holidays *h,
    const struct deadline *v, size_t n, int after)
{
	int	 best = DATE_NONE;

	for (size_t i = 0; i < n; i++) {
		const struct deadline	*d = &v[i];

		if (!remind_applies(d))
			continue;
		for (int j = 0; j < (d->rule->type == RULE_MILESTONE ?
		    p->nmilestone_lead : p->nlead); j++) {
			const struct duration	*l = d->rule->type ==
			    RULE_MILESTONE ? &p->milestone_lead[j] : &p->lead[j];
			int			 date = send_day(p, h,
			    date_add(d->due, l, -1));

			if (date > after && (best == DATE_NONE || date < best))
				best = date;
		}
		if (d->status == STATUS_OPEN || d->status == STATUS_OVERDUE) {
			/* The first overdue repeat after `after`. */
			int	 k = 1, date;

			if (duration_is_zero(&p->overdue_every))
				continue;
			while ((date = date_add_times(d->due, &p->overdue_every,
			    k)) <= after && k < 100000)
				k++;
			date = send_day(p, h, date);
			if (date > after && (best == DATE_NONE || date < best))
				best = date;
		}
	}
	return best;
}
