/* Which mails fall due: the pure planner of the dispatch pipeline. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "planner.h"
#include "xmalloc.h"

#define MAX_SLOTS	16

static const char *const kind_names[] = { "reminder", "change", "agenda",
    "test", "catch-up", "summary", "welcome", "feed", "signin" };
static const char *const state_names[] = { "pending", "sending", "sent",
    "failed", "skipped", "superseded" };

/* The index of s in names[0..n), or -1. */
static int
lookup(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
mail_kind_name(enum mail_kind k)
{
	return (size_t)k < sizeof kind_names / sizeof *kind_names ?
	    kind_names[k] : "?";
}

int
mail_kind_parse(const char *s, enum mail_kind *out)
{
	int	 i = lookup(kind_names, sizeof kind_names / sizeof *kind_names, s);

	if (i >= 0)
		*out = (enum mail_kind)i;
	return i >= 0 ? 0 : -1;
}

const char *
outbox_state_name(enum outbox_state s)
{
	return (size_t)s < sizeof state_names / sizeof *state_names ?
	    state_names[s] : "?";
}

int
outbox_state_parse(const char *s, enum outbox_state *out)
{
	int	 i = lookup(state_names, sizeof state_names / sizeof *state_names,
	    s);

	if (i >= 0)
		*out = (enum outbox_state)i;
	return i >= 0 ? 0 : -1;
}

struct rows {
	struct plan_row	*v;
	size_t		 n, cap;
};

static struct plan_row *
add(struct rows *r, const struct deadline *d, enum mail_kind kind,
    const char *lead, long long at)
{
	struct plan_row	*p;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
	}
	p = &r->v[r->n++];
	memset(p, 0, sizeof *p);
	p->deadline = d;
	p->due = d != NULL ? d->due : DATE_NONE;
	p->kind = kind;
	snprintf(p->lead, sizeof p->lead, "%s", lead);
	p->send_at = p->next_attempt = at;
	p->old_due = DATE_NONE;
	return p;
}

static void
to_coordinator(struct plan_row *p, const struct coordinator *co)
{
	p->recipient = co->email;
	p->language = co->language;
	p->coordinator = co;
}

/* Has the outbox ever held a row for this recipient? */
static int
known(const struct plan_input *in, const char *email)
{
	for (size_t i = 0; i < in->nknown; i++)
		if (strcasecmp(in->known[i], email) == 0)
			return 1;
	return 0;
}

/* Rows sent this long ago or longer are skipped, not caught up. */
static long long
cutoff(const struct plan_input *in)
{
	return in->now - (long long)(in->today -
	    date_add(in->today, &in->catch_up, -1)) * 86400;
}

/* The weekly digest that takes a reminder due on a date: its Monday. */
static long long
digest_at(const struct plan_input *in, int date)
{
	return in->at(date + (8 - date_weekday(date)) % 7, in->arg);
}

/* Did the coordinator acknowledge the deadline as it stands? */
static int
acknowledged(const struct plan_input *in, const struct deadline *d,
    const char *email)
{
	for (size_t i = 0; i < in->nacks; i++)
		if (in->acks[i].due == d->due && in->acks[i].status == d->status &&
		    strcmp(in->acks[i].deadline, d->id) == 0 &&
		    strcasecmp(in->acks[i].recipient, email) == 0)
			return 1;
	return 0;
}

static void
plan_reminders(const struct plan_input *in, const struct deadline *d,
    long long cut, struct rows *r)
{
	struct remind_slot	 slots[MAX_SLOTS];
	size_t			 n;

	/* The report's own reminder lists the steps that are behind. */
	if (planner_step_of_overdue(in->deadlines, d))
		return;
	n = remind_slots(in->policy, in->holidays, d, in->today -
	    PLAN_LOOKBACK_DAYS, in->today, slots, MAX_SLOTS);
	for (size_t i = 0; i < n; i++) {
		long long	 at = in->at(slots[i].send_date, in->arg);
		long long	 next = in->digest ?
		    digest_at(in, slots[i].send_date) : at;
		struct plan_row	*p;

		if (at > in->now)
			continue;
		for (size_t j = 0; j < in->ncoordinators; j++) {
			if (coordinator_role(&in->coordinators[j],
			    d->inst->code) == NULL ||
			    acknowledged(in, d, in->coordinators[j].email))
				continue;
			p = add(r, d, MAIL_REMINDER, slots[i].lead, at);
			to_coordinator(p, &in->coordinators[j]);
			p->skipped = at < cut || (in->catch_up_mail &&
			    !known(in, p->recipient));
			p->next_attempt = next;
		}
	}
}

/* A due date that moved since the catch-up window began: a notice. */
static void
plan_change(const struct plan_input *in, const struct deadline *d,
    const struct plan_published *pub, long long cut, struct rows *r)
{
	char	 lead[REMIND_LEAD_MAX];

	/* Only a date a recorded fact moved: not a recheck rolling on by
	 * rule, nor a projection. */
	if (pub == NULL || pub->sequence == 0 || pub->modified < cut ||
	    d->rule->type == RULE_MILESTONE || strcmp(d->kind, "recheck") == 0 ||
	    d->confidence == CONF_TENTATIVE ||
	    pub->previous_due == DATE_NONE || pub->previous_due == d->due)
		return;
	snprintf(lead, sizeof lead, "change-%d", pub->sequence);
	for (size_t j = 0; j < in->ncoordinators; j++) {
		struct plan_row	*p;

		if (coordinator_role(&in->coordinators[j], d->inst->code) == NULL)
			continue;
		p = add(r, d, MAIL_CHANGE, lead, pub->modified);
		to_coordinator(p, &in->coordinators[j]);
		p->old_due = pub->previous_due;
		p->skipped = in->catch_up_mail && !known(in, p->recipient);
	}
}

/* When the agenda of the meeting goes out, or 0 when it does not. */
static long long
agenda_at(const struct plan_input *in)
{
	const struct deadline	*m = in->meeting;

	/* Only for a date the chair fixed: not for the rule's placeholder. */
	if (m == NULL || m->confidence != CONF_CONFIRMED ||
	    duration_is_zero(&in->agenda_before))
		return 0;
	return in->at(date_add(m->due, &in->agenda_before, -1), in->arg);
}

/* The draft agenda, to every coordinator, once per meeting and date. */
static void
plan_agenda(const struct plan_input *in, long long cut, struct rows *r)
{
	long long	 at = agenda_at(in);

	if (at == 0 || at > in->now)
		return;
	for (size_t j = 0; j < in->ncoordinators; j++) {
		struct plan_row	*p = add(r, in->meeting, MAIL_AGENDA, "agenda",
		    at);

		to_coordinator(p, &in->coordinators[j]);
		p->skipped = at < cut && in->now - at > 86400 * 7;
	}
}

/*
 * A coordinator the outbox does not know: one mail with what is late and
 * what is coming, instead of one per item (those rows are skipped).
 */
static void
plan_catchup(const struct plan_input *in, struct rows *r)
{
	for (size_t j = 0; in->catch_up_mail && j < in->ncoordinators; j++) {
		struct plan_row	*p;

		if (known(in, in->coordinators[j].email))
			continue;
		p = add(r, NULL, MAIL_CATCHUP, "catch-up", in->now);
		p->due = in->today;
		to_coordinator(p, &in->coordinators[j]);
	}
}

/* The Monday of the week of a date. */
static int
monday(int date)
{
	return date - (date_weekday(date) + 6) % 7;
}

/* On Mondays at the send time, while anything is overdue: the chair's
 * summary, one a week. */
static void
plan_summary(const struct plan_input *in, long long cut, struct rows *r)
{
	int		 mon = monday(in->today);
	long long	 at = in->at(mon, in->arg);
	size_t		*items, n;
	struct plan_row	*p;

	if (in->chair == NULL || at > in->now)
		return;
	n = planner_summary_items(in->deadlines, in->policy, in->holidays,
	    in->today, &items);
	free(items);
	if (n == 0)
		return;
	p = add(r, NULL, MAIL_SUMMARY, "summary", at);
	p->due = mon;
	p->recipient = in->chair;
	p->language = in->chair_language;
	p->skipped = at < cut;
}

size_t
planner_rows(const struct plan_input *in, struct plan_row **out)
{
	const struct deadlines	*dl = in->deadlines;
	long long		 cut = cutoff(in);
	struct rows		 r = { NULL, 0, 0 };

	for (size_t i = 0; i < dl->n; i++) {
		if (!remind_applies(&dl->v[i]))
			continue;
		plan_change(in, &dl->v[i], in->published ? &in->published[i] :
		    NULL, cut, &r);
		plan_reminders(in, &dl->v[i], cut, &r);
	}
	plan_agenda(in, cut, &r);
	plan_summary(in, cut, &r);
	plan_catchup(in, &r);
	*out = r.v;
	return r.n;
}

static void
earliest(long long *next, long long t)
{
	if (t != 0 && (*next == 0 || t < *next))
		*next = t;
}

long long
planner_next(const struct plan_input *in)
{
	const struct deadlines	*dl = in->deadlines;
	long long		 next = 0, t;
	int			 date;

	/* Today's send time may still be ahead. */
	t = in->at(in->today, in->arg);
	date = remind_next_date(in->policy, in->holidays, dl->v, dl->n,
	    in->today - 1);
	if (date == in->today && t > in->now)
		earliest(&next, t);
	date = remind_next_date(in->policy, in->holidays, dl->v, dl->n,
	    in->today);
	if (date != DATE_NONE)
		earliest(&next, in->at(date, in->arg));
	t = agenda_at(in);
	if (t > in->now)
		earliest(&next, t);
	/* The chair's summary: next Monday (or today's, still ahead). */
	if (in->chair != NULL) {
		t = in->at(monday(in->today), in->arg);
		earliest(&next, t > in->now ? t :
		    in->at(monday(in->today) + 7, in->arg));
	}
	return next;
}

int
planner_prune_before(int today, const struct duration *keep,
    const struct duration *catch_up)
{
	int	 d = date_add(today, keep, -1), reach;

	/* Reminders are planned from slots PLAN_LOOKBACK_DAYS back, change
	 * notices from catch_up back (cutoff()). */
	reach = today - PLAN_LOOKBACK_DAYS - 1;
	if (date_add(today, catch_up, -1) - 1 < reach)
		reach = date_add(today, catch_up, -1) - 1;
	return d < reach ? d : reach;
}

int
planner_step_of_overdue(const struct deadlines *dl, const struct deadline *d)
{
	if (d->parent[0] == '\0' || d->rule == NULL ||
	    d->rule->type != RULE_MILESTONE)
		return 0;
	for (size_t i = 0; i < dl->n; i++)
		if (strcmp(dl->v[i].id, d->parent) == 0)
			return dl->v[i].status == STATUS_OVERDUE;
	return 0;
}

static size_t
push_index(size_t **v, size_t n, size_t i)
{
	*v = xreallocarray(*v, n + 1, sizeof **v);
	(*v)[n] = i;
	return n + 1;
}

size_t
planner_catchup_items(const struct deadlines *dl,
    const struct coordinator *co, int today, size_t **out)
{
	size_t	 n = 0;

	*out = NULL;
	/* Late first, then what is coming; each in due-date order. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < dl->n; i++) {
			const struct deadline	*d = &dl->v[i];
			int			 late = d->status == STATUS_OVERDUE ||
			    d->status == STATUS_UNKNOWN;

			if (coordinator_role(co, d->inst->code) == NULL ||
			    planner_step_of_overdue(dl, d))
				continue;
			if (pass == 0 ? late : (d->status == STATUS_OPEN &&
			    d->confidence != CONF_TENTATIVE && d->due >= today &&
			    d->due <= today + PLAN_COMING_DAYS))
				n = push_index(out, n, i);
		}
	return n;
}

size_t
planner_summary_items(const struct deadlines *dl,
    const struct remind_policy *pol, const struct holidays *h, int today,
    size_t **out)
{
	size_t	 n = 0;

	*out = NULL;
	for (size_t i = 0; i < dl->n; i++) {
		const struct deadline	*d = &dl->v[i];

		/* A meeting whose date passed unrecorded: was it held? */
		if ((d->status == STATUS_OVERDUE && !d->voluntary &&
		    !planner_step_of_overdue(dl, d) &&
		    remind_repeats(pol, h, d, today) >= pol->chair_after) ||
		    (d->status == STATUS_UNKNOWN && d->rule != NULL &&
		    d->rule->past_unknown))
			n = push_index(out, n, i);
	}
	return n;
}
