/* Which mails fall due: the pure planner of the dispatch pipeline. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "planner.h"
#include "xmalloc.h"

#define MAX_SLOTS	16

static const char *const kind_names[] = { "reminder", "change", "agenda",
    "test" };
static const char *const state_names[] = { "pending", "sending", "sent",
    "failed", "skipped", "superseded" };

const char *
mail_kind_name(enum mail_kind k)
{
	return (size_t)k < sizeof kind_names / sizeof *kind_names ?
	    kind_names[k] : "?";
}

int
mail_kind_parse(const char *s, enum mail_kind *out)
{
	for (size_t i = 0; i < sizeof kind_names / sizeof *kind_names; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum mail_kind)i;
			return 0;
		}
	return -1;
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
	for (size_t i = 0; i < sizeof state_names / sizeof *state_names; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum outbox_state)i;
			return 0;
		}
	return -1;
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

static void
plan_reminders(const struct plan_input *in, const struct deadline *d,
    long long cut, struct rows *r)
{
	struct remind_slot	 slots[MAX_SLOTS];
	size_t			 n;

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
			    d->inst->code) == NULL)
				continue;
			p = add(r, d, MAIL_REMINDER, slots[i].lead, at);
			to_coordinator(p, &in->coordinators[j]);
			p->skipped = at < cut;
			p->next_attempt = next;
		}
		if (slots[i].to_chair && in->chair != NULL) {
			p = add(r, d, MAIL_REMINDER, slots[i].lead, at);
			p->recipient = in->chair;
			p->language = in->chair_language;
			p->skipped = at < cut;
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

	if (pub == NULL || pub->sequence == 0 || pub->modified < cut ||
	    d->rule->type == RULE_MILESTONE ||
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
	return next;
}
