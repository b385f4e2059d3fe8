#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "engine.h"
#include "holidays.h"
#include "ical.h"
#include "rec.h"
#include "words.h"
#include "xmalloc.h"

#define GRID_MAX_COMBINE	64	/* reports one combined report may cover */
#define YEARLY_MAX		1024	/* occurrences looked at per yearly rule */

/* The facts of one instrument that are in force, sorted by date then id. */
struct factview {
	const struct fact	**v;
	size_t			  n;
};

/* One cycle of a rule while it is being worked out. */
struct cycle {
	char			 idpart[FACT_CYCLE_MAX];	/* in the identity */
	char			 label[FACT_CYCLE_MAX];		/* shown */
	int			 num;		/* report number, year or ordinal */
	int			 opened;	/* DATE_NONE: from the beginning */
	int			 closes;	/* DATE_NONE: open-ended */
	int			 due;
	enum deadline_confidence conf;
	int			 latest;	/* the current cycle of the rule */
	int			 met_on;
	long long		 facts[DEADLINE_MAX_FACTS];
	int			 nfacts;
	int			 postponed_from;
	int			 planned;	/* a planned fact: the network's date */
	int			 pending;	/* a date_pending fact holds */
	int			 pending_since;
	long long		 anchor_id;	/* opens the cycle; cannot meet it */
};

struct ctx {
	const struct engine_input	*in;
	const struct instrument		*inst;
	struct factview			 fv;
	const struct fact		**rf;	/* its records_from facts */
	size_t				 nrf;
	struct deadlines		*out;
};

/*
 * Bounded copies for the engine's names: what snprintf("%s...") would
 * write, without parsing a format for each of the many deadlines.
 */
static void
append(char *dst, size_t len, size_t *at, const char *src)
{
	size_t	 n = strlen(src);

	if (*at + n > len - 1)
		n = len - 1 - *at;
	memcpy(dst + *at, src, n);
	*at += n;
	dst[*at] = '\0';
}

static void
copy(char *dst, size_t len, const char *src)
{
	size_t	 at = 0;

	append(dst, len, &at, src);
}

/* "a/b/c", cut to len as snprintf cuts it. */
static void
join3(char *dst, size_t len, const char *a, const char *b, const char *b2,
    const char *c)
{
	size_t	 at = 0;

	append(dst, len, &at, a);
	append(dst, len, &at, "/");
	append(dst, len, &at, b);
	append(dst, len, &at, b2);
	append(dst, len, &at, "/");
	append(dst, len, &at, c);
}

/* A cycle number in decimal, as "%d" writes it. */
static void
format_num(char *dst, size_t len, int num)
{
	char	 tmp[16];
	size_t	 n = 0;
	unsigned u;

	if (num < 0) {
		snprintf(dst, len, "%d", num);
		return;
	}
	u = (unsigned)num;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	for (size_t i = 0; i < n && i < len - 1; i++)
		dst[i] = tmp[n - 1 - i];
	dst[n < len - 1 ? n : len - 1] = '\0';
}

const char *
engine_status_name(enum deadline_status s)
{
	switch (s) {
	case STATUS_OPEN:	return "open";
	case STATUS_MET:	return "met";
	case STATUS_OVERDUE:	return "overdue";
	case STATUS_SUPERSEDED:	return "superseded";
	case STATUS_UNKNOWN:	return "unknown";
	}
	return "?";
}

int
engine_status_parse(const char *s)
{
	for (int i = STATUS_OPEN; i <= STATUS_UNKNOWN; i++)
		if (strcmp(s, engine_status_name((enum deadline_status)i)) == 0)
			return i;
	return -1;
}

int
engine_days_late(const struct deadline *d)
{
	return d->status == STATUS_MET && d->met_on != DATE_NONE &&
	    d->due != DATE_NONE && d->met_on > d->due ? d->met_on - d->due : 0;
}

const char *
engine_confidence_name(enum deadline_confidence c)
{
	switch (c) {
	case CONF_CONFIRMED:	return "confirmed";
	case CONF_DERIVED:	return "derived";
	case CONF_TENTATIVE:	return "tentative";
	}
	return "?";
}

int
engine_fact_superseded(const struct fact *v, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].supersedes == id)
			return 1;
	return 0;
}

int
engine_cmp_fact(const void *a, const void *b)
{
	const struct fact	*x = *(const struct fact *const *)a;
	const struct fact	*y = *(const struct fact *const *)b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Facts grouped by instrument once, for every instrument at a time. */
struct factindex {
	const struct fact	**v;	/* in force, by instrument, date, id */
	size_t			 *start;	/* per instrument: first in v */
	size_t			 *count;
};

static int
cmp_id(const void *a, const void *b)
{
	long long	 x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The hash of an instrument code, ASCII case folded as strcasecmp does. */
static size_t
code_hash(const char *s)
{
	size_t	 h = 2166136261u;

	for (; *s != '\0'; s++) {
		unsigned char	 c = (unsigned char)*s;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 16777619u;
	}
	return h;
}

/*
 * By date then id. A bucket is filled in the store's id order, so it is
 * mostly sorted already: an insertion sort for the few facts most
 * instruments have, qsort for many.
 */
static void
sort_facts(const struct fact **v, size_t n)
{
	if (n > 32) {
		qsort(v, n, sizeof *v, engine_cmp_fact);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		const struct fact	*f = v[i];
		size_t			 j = i;

		while (j > 0 && engine_cmp_fact(&v[j - 1], &f) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = f;
	}
}

/*
 * One pass over the facts: those superseded (a sorted set of the ids
 * named by supersedes) are left out, the rest are bucketed by instrument
 * through a hash of the codes, and each bucket is sorted by date and id,
 * as one instrument's scan of every fact used to leave them.
 */
static void
index_build(struct factindex *ix, const struct engine_input *in)
{
	const struct ruleset	*rs = in->rules;
	long long		*gone;
	size_t			 ngone = 0, nslot = 16, *slot, *owner, *fill;

	while (nslot < rs->n * 2)
		nslot *= 2;
	slot = xcalloc(nslot, sizeof *slot);	/* instrument index + 1 */
	for (size_t i = 0; i < rs->n; i++) {
		size_t	 h = code_hash(rs->v[i].code) & (nslot - 1);

		while (slot[h] != 0 &&
		    strcasecmp(rs->v[slot[h] - 1].code, rs->v[i].code) != 0)
			h = (h + 1) & (nslot - 1);
		if (slot[h] == 0)	/* a duplicate code: the first wins */
			slot[h] = i + 1;
	}

	gone = xcalloc(in->nfacts ? in->nfacts : 1, sizeof *gone);
	for (size_t i = 0; i < in->nfacts; i++)
		if (in->facts[i].supersedes != 0)
			gone[ngone++] = in->facts[i].supersedes;
	qsort(gone, ngone, sizeof *gone, cmp_id);

	ix->start = xcalloc(rs->n + 1, sizeof *ix->start);
	ix->count = xcalloc(rs->n + 1, sizeof *ix->count);
	owner = xcalloc(in->nfacts ? in->nfacts : 1, sizeof *owner);
	for (size_t i = 0; i < in->nfacts; i++) {
		const struct fact	*f = &in->facts[i];
		size_t			 h = code_hash(f->instrument) & (nslot - 1);

		owner[i] = 0;
		if (ngone && bsearch(&f->id, gone, ngone, sizeof *gone, cmp_id))
			continue;
		while (slot[h] != 0 &&
		    strcasecmp(rs->v[slot[h] - 1].code, f->instrument) != 0)
			h = (h + 1) & (nslot - 1);
		if (slot[h] == 0)
			continue;	/* no such instrument */
		owner[i] = slot[h];
		ix->count[slot[h] - 1]++;
	}
	for (size_t i = 1; i <= rs->n; i++)
		ix->start[i] = ix->start[i - 1] + ix->count[i - 1];
	ix->v = xcalloc(ix->start[rs->n] ? ix->start[rs->n] : 1,
	    sizeof *ix->v);
	fill = xcalloc(rs->n + 1, sizeof *fill);
	for (size_t i = 0; i < in->nfacts; i++)
		if (owner[i] != 0) {
			size_t	 k = owner[i] - 1;

			ix->v[ix->start[k] + fill[k]++] = &in->facts[i];
		}
	for (size_t i = 0; i < rs->n; i++)
		sort_facts(ix->v + ix->start[i], ix->count[i]);
	free(fill);
	free(owner);
	free(gone);
	free(slot);
}

static void
index_free(struct factindex *ix)
{
	free(ix->v);
	free(ix->start);
	free(ix->count);
}

/* The instrument's records_from facts, looked at once per deadline. */
static void
view_build(struct ctx *x, const struct factindex *ix, size_t inst)
{
	x->fv.v = ix->v + ix->start[inst];
	x->fv.n = ix->count[inst];
	x->nrf = 0;
	x->rf = NULL;
	for (size_t i = 0; i < x->fv.n; i++)
		if (strcmp(x->fv.v[i]->kind, "records_from") == 0)
			x->nrf++;
	if (x->nrf == 0)
		return;
	x->rf = xcalloc(x->nrf, sizeof *x->rf);
	x->nrf = 0;
	for (size_t i = 0; i < x->fv.n; i++)
		if (strcmp(x->fv.v[i]->kind, "records_from") == 0)
			x->rf[x->nrf++] = x->fv.v[i];
}

/*
 * From when the facts behind a rule's deadlines are complete: the latest
 * records_from fact of the instrument for this rule (one naming the rule
 * comes before one naming none), else the instrument file's records_from,
 * else the configuration's. The network's own steps (milestones) are
 * known no earlier than the configuration says its records begin.
 */
static int
records_from(const struct ctx *x, const struct rule *r)
{
	const struct fact	*any = NULL, *mine = NULL;
	int			 d;

	for (size_t i = 0; i < x->nrf; i++) {
		const struct fact	*f = x->rf[i];

		if (f->rule[0] == '\0')
			any = f;
		else if (strcmp(f->rule, r->name) == 0)
			mine = f;
	}
	d = mine ? mine->date : any ? any->date : x->inst->records_from;
	if (r->type == RULE_MILESTONE)
		return d == DATE_NONE || (x->in->records_from != DATE_NONE &&
		    x->in->records_from > d) ? x->in->records_from : d;
	return d != DATE_NONE ? d : x->in->records_from;
}

static void
add_fact(struct cycle *c, long long id)
{
	for (int i = 0; i < c->nfacts; i++)
		if (c->facts[i] == id)
			return;
	if (c->nfacts < DEADLINE_MAX_FACTS)
		c->facts[c->nfacts++] = id;
}

/* Earliest (first = 1) or latest fact of a kind; NULL when none. */
static const struct fact *
find_kind(const struct factview *fv, const char *kind, int first)
{
	const struct fact	*found = NULL;

	for (size_t i = 0; i < fv->n; i++)
		if (strcmp(fv->v[i]->kind, kind) == 0) {
			found = fv->v[i];
			if (first)
				break;
		}
	return found;
}

/* Resolve an anchor to a date; DATE_NONE when its fact is not recorded. */
static int
resolve(const struct factview *fv, const struct anchor *a, int first,
    const struct fact **used)
{
	const struct fact	*f;
	int			 base;

	*used = NULL;
	if (a->fact[0] == '\0')
		base = a->date;
	else {
		if ((f = find_kind(fv, a->fact, first)) == NULL)
			return DATE_NONE;
		*used = f;
		base = f->date;
	}
	return date_add(base, &a->dur, a->sign);
}

static const char *
fulfilling_kind(const struct rule *r)
{
	return r->fulfilled_by[0] ? r->fulfilled_by :
	    rules_default_fulfilled_by(r->name);
}

/* Does fact f meet a deadline of rule r? */
static int
fulfils(const struct fact *f, const struct rule *r, const char *kind)
{
	if (strcmp(f->kind, kind) != 0)
		return 0;
	if (strcmp(kind, "milestone_done") == 0)
		return strcmp(f->rule, r->name) == 0;
	return f->rule[0] == '\0' || strcmp(f->rule, r->name) == 0;
}

static int
in_window(int date, const struct cycle *c)
{
	return (c->opened == DATE_NONE || date >= c->opened) &&
	    (c->closes == DATE_NONE || date < c->closes);
}

/* A fact naming a cycle belongs to it; one naming none, to its window. */
static int
belongs(const struct fact *f, const struct cycle *c)
{
	int	 lo, hi, clo, chi;

	if (f->cycle[0] != '\0') {
		if (strcmp(f->cycle, c->label) == 0)
			return 1;
		/* "25" names the combined "25-27" too. */
		return fact_cycle_range(f->cycle, &lo, &hi) == 0 &&
		    fact_cycle_range(c->label, &clo, &chi) == 0 && lo == clo;
	}
	return in_window(f->date, c);
}

/*
 * Apply the body's decisions on dates (due_date_set, postponed,
 * date_pending) recorded for this rule and cycle, in date order: the
 * latest decision holds.
 */
static void
apply_decisions(const struct factview *fv, const struct rule *r, struct cycle *c)
{
	for (size_t i = 0; i < fv->n; i++) {
		const struct fact	*f = fv->v[i];
		int			 lo, hi;

		if (strcmp(f->rule, r->name) != 0 || !belongs(f, c))
			continue;
		if (strcmp(f->kind, "due_date_set") == 0 ||
		    (strcmp(f->kind, "postponed") == 0 && f->due != DATE_NONE)) {
			if (strcmp(f->kind, "postponed") == 0 && c->due != f->due)
				c->postponed_from = c->due;
			c->due = f->due;
			c->conf = CONF_CONFIRMED;
			c->pending = 0;
			if (f->cycle[0] != '\0' &&
			    fact_cycle_range(f->cycle, &lo, &hi) == 0 && hi > lo)
				snprintf(c->label, sizeof c->label, "%s", f->cycle);
			add_fact(c, f->id);
		} else if (strcmp(f->kind, "planned") == 0 &&
		    f->due != DATE_NONE) {
			c->planned = f->due;
			add_fact(c, f->id);
		} else if (strcmp(f->kind, "date_pending") == 0 ||
		    strcmp(f->kind, "postponed") == 0) {
			c->pending = 1;
			c->pending_since = f->date;
			add_fact(c, f->id);
		}
	}
}

/* The first fact meeting the cycle, if any. */
static void
apply_fulfilment(const struct factview *fv, const struct rule *r, struct cycle *c)
{
	const char	*kind = fulfilling_kind(r);

	for (size_t i = 0; i < fv->n; i++) {
		const struct fact	*f = fv->v[i];

		if (f->id != c->anchor_id && fulfils(f, r, kind) && belongs(f, c)) {
			c->met_on = f->date;
			add_fact(c, f->id);
			return;
		}
	}
}

struct deadline *
deadlines_push(struct deadlines *out)
{
	struct deadline	*d;

	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 64;
		out->v = xreallocarray(out->v, out->cap, sizeof *out->v);
	}
	d = &out->v[out->n++];
	memset(d, 0, sizeof *d);
	d->met_on = DATE_NONE;
	d->postponed_from = DATE_NONE;
	d->planned = DATE_NONE;
	d->opened = DATE_NONE;
	return d;
}

/* Turn a worked-out cycle into a deadline (or a recheck when pending). */
static void
emit(struct ctx *x, const struct rule *r, const struct cycle *c)
{
	struct deadline	*d;
	int		 today = x->in->today;

	d = deadlines_push(x->out);
	d->inst = x->inst;
	d->rule = r;
	/* A placeholder rule's date stays tentative until the body sets one. */
	d->confidence = r->tentative && c->conf == CONF_DERIVED ?
	    CONF_TENTATIVE : c->conf;
	d->planned = c->planned;
	d->voluntary = r->voluntary;
	d->opened = c->opened;
	d->postponed_from = c->postponed_from;
	memcpy(d->facts, c->facts, sizeof d->facts);
	d->nfacts = c->nfacts;
	copy(d->cycle, sizeof d->cycle, c->label);
	if (c->met_on == DATE_NONE && c->latest && c->pending) {
		/* The body will communicate the date: check back, don't guess. */
		int	 k = 1;

		copy(d->kind, sizeof d->kind, "recheck");
		join3(d->id, sizeof d->id, x->inst->code, r->name, ".recheck",
		    c->idpart);
		join3(d->parent, sizeof d->parent, x->inst->code, r->name, "",
		    c->idpart);
		while ((d->due = date_add_times(c->pending_since, &r->recheck, k)) <
		    today && k < 10000)
			k++;
		d->confidence = CONF_DERIVED;
		d->status = STATUS_OPEN;
		return;
	}
	copy(d->kind, sizeof d->kind, r->name);
	join3(d->id, sizeof d->id, x->inst->code, r->name, "", c->idpart);
	d->due = c->due;
	d->met_on = c->met_on;
	if (c->met_on != DATE_NONE)
		d->status = STATUS_MET;
	else if (!c->latest)
		d->status = STATUS_SUPERSEDED;
	else if (c->due >= today || r->voluntary)
		d->status = STATUS_OPEN;
	else if (d->confidence == CONF_TENTATIVE || r->past_unknown ||
	    c->due < records_from(x, r))
		/* Past, unmet, and the records cannot say it was missed. */
		d->status = STATUS_UNKNOWN;
	else
		d->status = STATUS_OVERDUE;
}

static void
cycle_init(struct cycle *c, int num)
{
	memset(c, 0, sizeof *c);
	c->num = num;
	format_num(c->idpart, sizeof c->idpart, num);
	memcpy(c->label, c->idpart, sizeof c->label);
	c->opened = c->closes = DATE_NONE;
	c->met_on = DATE_NONE;
	c->postponed_from = DATE_NONE;
	c->planned = DATE_NONE;
	c->conf = CONF_DERIVED;
}

/*
 * Take the cycle number shown from the anchor fact ("7", "5-6"); with
 * cycle = next, the deadline is for the cycle after it (a report due
 * after the concluding observations on the previous one).
 */
static void
label_from(const struct fact *f, int next, struct cycle *c)
{
	int	 lo, hi;

	if (f->cycle[0] == '\0')
		return;
	if (fact_cycle_range(f->cycle, &lo, &hi) == -1) {
		snprintf(c->label, sizeof c->label, "%s", f->cycle);
		return;
	}
	c->num = next ? hi + 1 : lo;
	if (next)
		snprintf(c->label, sizeof c->label, "%d", hi + 1);
	else
		snprintf(c->label, sizeof c->label, "%s", f->cycle);
}

/*
 * offset and on_event: one cycle per anchor fact, numbered in order. An
 * on_event rule with `expect` shows a tentative cycle while a newer
 * expect-anchor than the last trigger exists.
 */
static void
rule_offset(struct ctx *x, const struct rule *r)
{
	const struct factview	*fv = &x->fv;
	const struct fact	*exp = NULL;
	int			 nanchor = 0, expect_due = DATE_NONE;
	int			 last_anchor = DATE_NONE;

	for (size_t i = 0; i < fv->n; i++)
		if (strcmp(fv->v[i]->kind, r->anchor.fact) == 0) {
			nanchor++;
			last_anchor = fv->v[i]->date;
		}
	if (r->type == RULE_ON_EVENT && r->has_expect) {
		expect_due = resolve(fv, &r->expect, 0, &exp);
		if (exp != NULL && last_anchor != DATE_NONE &&
		    exp->date <= last_anchor)
			exp = NULL;	/* the trigger came after it */
	}
	for (size_t i = 0, k = 0; i < fv->n; i++) {
		const struct fact	*f = fv->v[i];
		struct cycle		 c;
		size_t			 j;

		if (strcmp(f->kind, r->anchor.fact) != 0)
			continue;
		cycle_init(&c, (int)++k);
		label_from(f, r->next_cycle, &c);
		c.opened = f->date;
		c.anchor_id = f->id;
		for (j = i + 1; j < fv->n; j++)
			if (strcmp(fv->v[j]->kind, r->anchor.fact) == 0) {
				c.closes = fv->v[j]->date;
				/* A report anchoring the next cycle meets this one. */
				if (strcmp(r->anchor.fact, fulfilling_kind(r)) == 0)
					c.closes++;
				break;
			}
		c.latest = (int)k == nanchor && exp == NULL;
		if (exp != NULL && c.closes == DATE_NONE)
			c.closes = exp->date;
		c.due = date_add(f->date, &r->anchor.dur, r->anchor.sign);
		add_fact(&c, f->id);
		apply_decisions(fv, r, &c);
		apply_fulfilment(fv, r, &c);
		emit(x, r, &c);
	}
	if (exp != NULL) {
		struct cycle	 c;

		cycle_init(&c, nanchor + 1);
		label_from(exp, 1, &c);
		c.opened = exp->date;
		c.latest = 1;
		c.due = expect_due;
		c.conf = CONF_TENTATIVE;
		add_fact(&c, exp->id);
		apply_decisions(fv, r, &c);
		apply_fulfilment(fv, r, &c);
		emit(x, r, &c);
	}
}

/*
 * grid: report n is due at base + (n - first) x period. Submitted reports
 * are counted by number, so a late report does not move the grid.
 */
static void
rule_grid(struct ctx *x, const struct rule *r)
{
	const struct factview	*fv = &x->fv;
	const struct fact	*bf, *nbf;
	const char		*kind = fulfilling_kind(r);
	int			 base, last, opened = DATE_NONE, threshold;
	struct cycle		 c;

	if ((base = resolve(fv, &r->anchor, 1, &bf)) == DATE_NONE)
		return;		/* e.g. entry into force not recorded */
	last = r->first - 1;
	for (size_t i = 0; i < fv->n; i++) {
		const struct fact	*f = fv->v[i];
		int			 lo, hi;

		if (!fulfils(f, r, kind))
			continue;
		if (f->cycle[0] == '\0' || fact_cycle_range(f->cycle, &lo, &hi))
			lo = hi = last + 1;
		cycle_init(&c, lo);
		if (hi > lo)
			snprintf(c.label, sizeof c.label, "%d-%d", lo, hi);
		c.opened = opened;
		c.closes = f->date + 1;
		c.due = date_add_times(base, &r->period, hi - r->first);
		c.met_on = f->date;
		if (bf != NULL)
			add_fact(&c, bf->id);
		add_fact(&c, f->id);
		apply_decisions(fv, r, &c);
		emit(x, r, &c);
		if (hi > last)
			last = hi;
		opened = f->date + 1;
	}

	/* The current report, combining grid points before not_before. */
	cycle_init(&c, last + 1);
	c.opened = opened;
	c.latest = 1;
	{
		int	 hi = last + 1;

		threshold = r->has_not_before ?
		    resolve(fv, &r->not_before, 0, &nbf) : DATE_NONE;
		if (threshold != DATE_NONE) {
			while (hi - last < GRID_MAX_COMBINE &&
			    date_add_times(base, &r->period, hi - r->first) <
			    threshold)
				hi++;
			if (nbf != NULL)
				add_fact(&c, nbf->id);
		}
		if (hi > last + 1)
			snprintf(c.label, sizeof c.label, "%d-%d", last + 1, hi);
		c.due = date_add_times(base, &r->period, hi - r->first);
		if (bf != NULL)
			add_fact(&c, bf->id);
		apply_decisions(fv, r, &c);
		emit(x, r, &c);
		if (c.conf != CONF_DERIVED || c.pending)
			return;		/* the body's date breaks the grid */
		/* Projected cycles up to the horizon. */
		for (int n = hi + 1; n - hi < GRID_MAX_COMBINE; n++) {
			struct cycle	 t;

			cycle_init(&t, n);
			t.due = date_add_times(base, &r->period, n - r->first);
			if (t.due > x->in->horizon)
				break;
			t.latest = 1;
			t.conf = CONF_TENTATIVE;
			t.opened = date_add_times(base, &r->period,
			    n - 1 - r->first) + 1;
			if (bf != NULL)
				add_fact(&t, bf->id);
			emit(x, r, &t);
		}
	}
}

/* yearly: one deadline per occurrence from a year back to the horizon. */
static void
rule_yearly(struct ctx *x, const struct rule *r)
{
	static const struct duration	 two_years = { 2, 0, 0, 0 };
	static const struct duration	 one_year = { 1, 0, 0, 0 };
	const char			*kind = fulfilling_kind(r);
	int				 occ[YEARLY_MAX], from;
	size_t				 n;
	unsigned char			*used;

	from = date_add(x->in->today, &one_year, -1);
	/* From the start, so each year's window has its true lower bound. */
	n = ical_rrule_between(r->rrule, r->start, r->start,
	    date_add(x->in->horizon, &two_years, 1), occ, YEARLY_MAX);
	used = xcalloc(x->fv.n ? x->fv.n : 1, 1);
	for (size_t i = 0; i < n; i++) {
		struct cycle	 c;

		cycle_init(&c, date_year(occ[i]));
		c.opened = i > 0 ? occ[i - 1] + 1 : DATE_NONE;
		c.closes = i + 1 < n ? occ[i + 1] : DATE_NONE;
		c.due = occ[i];
		c.latest = 1;
		apply_decisions(&x->fv, r, &c);
		for (size_t j = 0; j < x->fv.n; j++) {
			const struct fact	*f = x->fv.v[j];

			if (!used[j] && fulfils(f, r, kind) && belongs(f, &c)) {
				used[j] = 1;
				c.met_on = f->date;
				add_fact(&c, f->id);
				break;
			}
		}
		if (occ[i] >= from && occ[i] <= x->in->horizon)
			emit(x, r, &c);
	}
	free(used);
}

/* Internal steps counted back from each open deadline of the target. */
static void
rule_milestone(struct ctx *x, const struct rule *m, size_t first)
{
	const char	*kind = fulfilling_kind(m);
	size_t		 end = x->out->n;
	unsigned char	*used = xcalloc(x->fv.n ? x->fv.n : 1, 1);

	for (size_t i = first; i < end; i++) {
		const struct deadline *q = &x->out->v[i];
		struct deadline	 p;
		struct deadline	*d;
		struct cycle	 c;
		const char	*slash;

		/* A report whose date the body has yet to set gets its steps
		 * only once the network planned a date for it. */
		if ((q->status != STATUS_OPEN && q->status != STATUS_OVERDUE) ||
		    q->rule == NULL || strcmp(q->rule->name, m->before) != 0 ||
		    (strcmp(q->kind, m->before) != 0 && q->planned == DATE_NONE))
			continue;
		p = *q;		/* push() may move it */
		slash = strrchr(p.id, '/');
		cycle_init(&c, 0);
		snprintf(c.idpart, sizeof c.idpart, "%s", slash ? slash + 1 : "");
		snprintf(c.label, sizeof c.label, "%s", p.cycle);
		fact_cycle_range(c.idpart, &c.num, &(int){ 0 });
		c.opened = p.opened;
		c.latest = 1;
		/* The network's planned date, where it set one, else the
		 * body's: the steps lead up to when the report will go. */
		c.due = holidays_prev_working_day(x->in->holidays,
		    date_add(p.planned != DATE_NONE ? p.planned : p.due,
		    &m->offset, -1));
		c.conf = p.confidence == CONF_TENTATIVE && p.planned == DATE_NONE ?
		    CONF_TENTATIVE : CONF_DERIVED;
		/* One fact meets one step: windows of projected cycles overlap. */
		for (size_t j = 0; j < x->fv.n; j++) {
			const struct fact	*f = x->fv.v[j];

			if (!used[j] && fulfils(f, m, kind) && belongs(f, &c)) {
				used[j] = 1;
				c.met_on = f->date;
				add_fact(&c, f->id);
				break;
			}
		}
		emit(x, m, &c);
		d = &x->out->v[x->out->n - 1];
		d->voluntary = p.voluntary;
		if (p.voluntary && d->status == STATUS_OVERDUE)
			d->status = STATUS_OPEN;
		snprintf(d->parent, sizeof d->parent, "%s", p.id);
	}
	free(used);
}

static int
cmp_deadline(const void *a, const void *b)
{
	const struct deadline	*x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * One date's deadlines [lo, hi) by id. They come in the order of the
 * instruments, which is nearly the order of their ids: an insertion sort
 * while it moves few (at most 8 per deadline), qsort when it would not.
 */
static void
sort_by_id(struct deadline *v, size_t lo, size_t hi)
{
	size_t	 budget = 8 * (hi - lo);

	for (size_t i = lo + 1; i < hi; i++) {
		struct deadline	 d;
		size_t		 j = i;

		if (strcmp(v[i - 1].id, v[i].id) <= 0)
			continue;
		d = v[i];
		while (j > lo && strcmp(v[j - 1].id, d.id) > 0) {
			if (budget-- == 0) {
				v[j] = d;
				qsort(v + lo, hi - lo, sizeof *v, cmp_deadline);
				return;
			}
			v[j] = v[j - 1];
			j--;
		}
		v[j] = d;
	}
}

/*
 * The deadlines by date, then id, in time linear in their number: a
 * stable counting sort by date (the dates of one computation span a few
 * decades), then each date's deadlines by id. qsort when the dates span
 * more than 180 years and more days than twice the deadlines.
 */
static void
sort_deadlines(struct deadlines *out)
{
	struct deadline	*v;
	size_t		*at, span, none = 0, n = out->n;
	int		 lo = INT_MAX, hi = INT_MIN;

	for (size_t i = 0; i < n; i++) {
		int	 due = out->v[i].due;

		if (due == DATE_NONE) {
			none++;
			continue;
		}
		if (due < lo)
			lo = due;
		if (due > hi)
			hi = due;
	}
	span = none == n ? 0 : (size_t)(hi - lo) + 1;
	if (span > 2 * n + 65536) {
		qsort(out->v, n, sizeof *out->v, cmp_deadline);
		return;
	}
	/* Slot 0 holds DATE_NONE, which sorts first, slot 1 + d the date
	 * lo + d; at[k + 1] counts slot k. */
	at = xcalloc(span + 2, sizeof *at);
	for (size_t i = 0; i < n; i++) {
		int	 due = out->v[i].due;

		at[due == DATE_NONE ? 1 : (size_t)(due - lo) + 2]++;
	}
	for (size_t k = 1; k < span + 2; k++)
		at[k] += at[k - 1];	/* at[k]: where slot k begins */
	v = xreallocarray(NULL, out->cap, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		int	 due = out->v[i].due;
		size_t	 k = due == DATE_NONE ? 0 : (size_t)(due - lo) + 1;

		v[at[k]++] = out->v[i];
	}
	free(out->v);
	out->v = v;
	/* Now at[k] is where slot k ends, and so where slot k + 1 begins. */
	for (size_t k = 0, begin = 0; k < span + 1; k++) {
		if (at[k] - begin > 1)
			sort_by_id(v, begin, at[k]);
		begin = at[k];
	}
	free(at);
}

void
engine_compute(const struct engine_input *in, struct deadlines *out)
{
	struct factindex	 ix;

	out->n = 0;
	index_build(&ix, in);
	for (size_t i = 0; i < in->rules->n; i++) {
		struct ctx	 x = { in, &in->rules->v[i], { NULL, 0 }, NULL, 0,
		    out };
		size_t		 first = out->n;

		view_build(&x, &ix, i);
		for (size_t j = 0; j < x.inst->nrules; j++) {
			const struct rule	*r = &x.inst->rules[j];

			switch (r->type) {
			case RULE_OFFSET:
			case RULE_ON_EVENT:
				rule_offset(&x, r);
				break;
			case RULE_GRID:
				rule_grid(&x, r);
				break;
			case RULE_YEARLY:
				rule_yearly(&x, r);
				break;
			case RULE_MILESTONE:
			case RULE_UNSET:
				break;
			}
		}
		for (size_t j = 0; j < x.inst->nrules; j++)
			if (x.inst->rules[j].type == RULE_MILESTONE)
				rule_milestone(&x, &x.inst->rules[j], first);
		free(x.rf);
	}
	index_free(&ix);
	rec_deadlines(in->recs, in->rules, in->holidays, &in->update_before,
	    in->today, out);
	if (out->n > 1)
		sort_deadlines(out);
}

void
deadlines_free(struct deadlines *d)
{
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

char *
engine_label(const struct deadline *d, const char *lang, char *buf, size_t len)
{
	const struct rule	*r = d->rule;
	const char		*label = NULL;
	enum lang		 l = lang_or_fallback(lang);

	if (r != NULL)
		label = l == LANG_NL && r->label_nl ? r->label_nl :
		    r->label ? r->label : r->label_nl;
	if (label == NULL)
		label = r != NULL ? r->name : d->kind;
	if (strcmp(d->kind, "recheck") == 0)
		snprintf(buf, len, W(l, "Nagaan of de datum is vastgesteld: %s",
		    "Check whether the date is set: %s"), label);
	else
		snprintf(buf, len, "%s", label);
	return buf;
}
