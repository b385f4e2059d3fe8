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
