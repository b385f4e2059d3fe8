/* What a fact changes: two computations compared by identity. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "date.h"
#include "xmalloc.h"

static const struct deadline *
find(const struct deadlines *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].id, id) == 0)
			return &d->v[i];
	return NULL;
}

/* Present and not superseded: what people see as a current deadline. */
static int
current(const struct deadline *d)
{
	return d != NULL && d->status != STATUS_SUPERSEDED;
}

struct list {
	struct change	*v;
	size_t		 n, cap;
};

static void
add(struct list *l, enum change_kind k, const char *id,
    const struct deadline *b, const struct deadline *a)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n].kind = k;
	snprintf(l->v[l->n].id, sizeof l->v[l->n].id, "%s", id);
	l->v[l->n].before = b;
	l->v[l->n].after = a;
	l->n++;
}

size_t
change_list(const struct deadlines *before, const struct deadlines *after,
    struct change **out)
{
	struct list	 l = { NULL, 0, 0 };

	for (size_t i = 0; i < after->n; i++) {
		const struct deadline	*a = &after->v[i];
		const struct deadline	*b = find(before, a->id);

		if (!current(a)) {
			if (current(b))
				add(&l, CHANGE_REMOVED, a->id, b, a);
			continue;
		}
		if (!current(b))
			add(&l, CHANGE_CREATED, a->id, b, a);
		else if (a->due != b->due)
			add(&l, CHANGE_MOVED, a->id, b, a);
		else if (a->status == STATUS_MET && b->status != STATUS_MET)
			add(&l, CHANGE_MET, a->id, b, a);
		else if (a->status != b->status || a->confidence != b->confidence)
			add(&l, CHANGE_STATUS, a->id, b, a);
		else if (a->planned != b->planned)
			add(&l, CHANGE_PLANNED, a->id, b, a);
	}
	for (size_t i = 0; i < before->n; i++) {
		const struct deadline	*b = &before->v[i];

		if (current(b) && find(after, b->id) == NULL)
			add(&l, CHANGE_REMOVED, b->id, b, NULL);
	}
	*out = l.v;
	return l.n;
}

char *
change_line(const struct change *c, char *buf, size_t len)
{
	const struct deadline	*a = c->after, *b = c->before;
	char			 d1[DATE_STRLEN], d2[DATE_STRLEN];

	switch (c->kind) {
	case CHANGE_CREATED:
		snprintf(buf, len, "%s: new, due %s, %s, %s", c->id,
		    date_format(a->due, d1), engine_status_name(a->status),
		    engine_confidence_name(a->confidence));
		break;
	case CHANGE_REMOVED:
		snprintf(buf, len, "%s: %s (was due %s)", c->id, a != NULL ?
		    "superseded" : "removed", date_format(b->due, d1));
		break;
	case CHANGE_MOVED:
		snprintf(buf, len, "%s: %s -> %s, %s, %s", c->id,
		    date_format(b->due, d1), date_format(a->due, d2),
		    engine_status_name(a->status),
		    engine_confidence_name(a->confidence));
		break;
	case CHANGE_MET:
		if (engine_days_late(a) > 0)
			snprintf(buf, len, "%s: met on %s (%d day%s late)", c->id,
			    date_format(a->met_on, d1), engine_days_late(a),
			    engine_days_late(a) == 1 ? "" : "s");
		else
			snprintf(buf, len, "%s: met on %s", c->id,
			    date_format(a->met_on, d1));
		break;
	case CHANGE_STATUS:
		snprintf(buf, len, "%s: %s, %s -> %s, %s", c->id,
		    engine_status_name(b->status),
		    engine_confidence_name(b->confidence),
		    engine_status_name(a->status),
		    engine_confidence_name(a->confidence));
		break;
	case CHANGE_PLANNED:
		snprintf(buf, len, "%s: planned %s (due %s)", c->id,
		    date_format(a->planned, d1), date_format(a->due, d2));
		break;
	}
	return buf;
}

static int
decision(const char *kind)
{
	return !strcmp(kind, "due_date_set") || !strcmp(kind, "postponed") ||
	    !strcmp(kind, "date_pending") || !strcmp(kind, "planned");
}

/* The kind that meets a rule's deadlines. */
static const char *
meets(const struct rule *r)
{
	return r->fulfilled_by[0] ? r->fulfilled_by :
	    rules_default_fulfilled_by(r->name);
}

/* Does a rule of the instrument use facts of this kind? */
static int
used(const struct instrument *in, const char *kind)
{
	if (decision(kind) || !strcmp(kind, "records_from"))
		return 1;
	for (size_t i = 0; i < in->nrules; i++) {
		const struct rule	*r = &in->rules[i];

		if ((r->has_anchor && !strcmp(r->anchor.fact, kind)) ||
		    (r->has_expect && !strcmp(r->expect.fact, kind)) ||
		    (r->has_not_before && !strcmp(r->not_before.fact, kind)) ||
		    !strcmp(meets(r), kind))
			return 1;
	}
	return 0;
}

int
change_why_none(const struct ruleset *rs, const struct deadlines *dl,
    const struct fact *f, char **why)
{
	const struct instrument	*in = ruleset_find(rs, f->instrument);
	const struct rule	*r;
	const struct deadline	*cur = NULL;
	char			 cyc[FACT_CYCLE_MAX + 16] = "";

	if (in == NULL) {
		*why = xasprintf("unknown instrument '%s'", f->instrument);
		return 1;
	}
	if (!used(in, f->kind)) {
		*why = xasprintf("no rule of %s uses %s facts: it is kept as "
		    "history and changes no deadline", in->code, f->kind);
		return 0;
	}
	if (f->cycle[0] != '\0')
		snprintf(cyc, sizeof cyc, " for cycle %s", f->cycle);
	if (!decision(f->kind) || (r = instrument_rule(in, f->rule)) == NULL) {
		*why = xasprintf("%s%s changes no deadline of %s (it may meet "
		    "one that is met already, or anchor one that another fact "
		    "anchors)", f->kind, cyc, in->code);
		return 1;
	}
	for (size_t i = 0; i < dl->n; i++)
		if (dl->v[i].inst == in && dl->v[i].rule == r &&
		    dl->v[i].status != STATUS_SUPERSEDED)
			cur = &dl->v[i];
	if (cur == NULL && r->has_anchor && r->anchor.fact[0] != '\0')
		*why = xasprintf("%s for %s/%s: no %s is recorded%s", f->kind,
		    in->code, r->name, r->anchor.fact, cyc);
	else if (cur == NULL)
		*why = xasprintf("%s for %s/%s: there is no such deadline now",
		    f->kind, in->code, r->name);
	else if (f->cycle[0] != '\0' && strcmp(f->cycle, cur->cycle) != 0)
		*why = xasprintf("%s for %s/%s: no deadline for cycle %s (the "
		    "current one is cycle %s)", f->kind, in->code, r->name,
		    f->cycle, cur->cycle);
	else
		*why = xasprintf("%s for %s/%s changes nothing: the deadline "
		    "says so already, or the fact is dated outside its cycle",
		    f->kind, in->code, r->name);
	return 1;
}
