#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "buf.h"
#include "change.h"
#include "clock.h"
#include "conf.h"
#include "date.h"
#include "fact.h"
#include "hash.h"
#include "ical.h"
#include "review.h"
#include "rec.h"
#include "service.h"
#include "store.h"
#include "text.h"
#include "words.h"
#include "xmalloc.h"

/* Feeds show a year of the past and everything ahead. */
static const struct duration feed_past = { 1, 0, 0, 0 };

struct published {
	int		 sequence;
	long long	 modified;
};

struct service {
	const struct conf	*conf;
	struct store		*store;
	struct fact		*facts;
	size_t			 nfacts;
	struct coordinator	*coords;
	size_t			 ncoords;
	struct text_role	*roles;		/* coords' roles by code */
	size_t			 nroles;
	struct ack		*acks;		/* "we know; it is being handled" */
	size_t			 nacks;
	struct rec_set		 recs;		/* recommendations and their follow-up */
	long long		 recs_marker;	/* store_rec_marker when read, */
	int			 recs_read;	/* ... once read at all */
	struct deadlines	 dl;
	struct published	*pub;		/* parallel to dl.v */
	char			(*fp)[65];	/* fingerprints, parallel to dl.v */
	char			 coords_fp[65];	/* what fp was made with */
	int			 today;
	unsigned long		 generation;
	int			 read_only;
	/* The next refresh computes every instrument: nothing was computed
	 * yet, or what all of them read changed (recommendations, a failed
	 * refresh). Else only those with new facts. */
	int			 full;
	int			 full_recs;	/* recommendations read anew */
};

struct service *
service_new(const struct conf *conf, struct store *store)
{
	struct service	*s = xcalloc(1, sizeof *s);

	s->conf = conf;
	s->store = store;
	s->today = DATE_NONE;
	s->full = 1;
	return s;
}

void
service_free(struct service *s)
{
	if (s == NULL)
		return;
	facts_free(s->facts, s->nfacts);
	coordinators_free(s->coords, s->ncoords);
	free(s->roles);
	free(s->acks);
	rec_set_free(&s->recs);
	deadlines_free(&s->dl);
	free(s->pub);
	free(s->fp);
	free(s);
}

void
service_text_ctx(const struct service *s, struct text_ctx *tc)
{
	tc->depts = s->conf->departments;
	tc->ndepts = s->conf->ndepartments;
	tc->facts = s->facts;
	tc->nfacts = s->nfacts;
	tc->coords = s->coords;
	tc->ncoords = s->ncoords;
	tc->roles = s->roles;
	tc->nroles = s->nroles;
	tc->recs = &s->recs;
	tc->rules = &s->conf->rules;
}

/* Validate f, spell its instrument as the file does, stamp it. */
static int
prepare_fact(const struct service *s, struct fact *f, const char *stamp,
    char **cause)
{
	if (fact_validate(f, &s->conf->rules, cause) == -1)
		return -1;
	snprintf(f->instrument, sizeof f->instrument, "%s",
	    ruleset_find(&s->conf->rules, f->instrument)->code);
	free(f->recorded_at);
	f->recorded_at = xstrdup(stamp);
	return 0;
}

int
service_record_fact(struct service *s, struct fact *f, long long now,
    char **cause)
{
	char	 stamp[32], *why = NULL;

	if (prepare_fact(s, f, clock_format_utc(now, stamp, sizeof stamp),
	    cause) == -1)
		return -1;
	if (store_fact_add(s->store, f, &why) == -1) {
		*cause = xasprintf("cannot record the fact: %s", why);
		free(why);
		return -1;
	}
	return 0;
}

static int
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The id of the same fact in force (a re-import of a seed file), or 0. */
static long long
already_recorded(const struct fact *have, size_t n, const struct fact *f)
{
	for (size_t i = 0; i < n; i++)
		/* The scan for a superseding fact last: only for a match. */
		if (have[i].date == f->date && have[i].due == f->due &&
		    strcasecmp(have[i].instrument, f->instrument) == 0 &&
		    strcmp(have[i].kind, f->kind) == 0 &&
		    strcmp(have[i].rule, f->rule) == 0 &&
		    strcmp(have[i].cycle, f->cycle) == 0 &&
		    same_text(have[i].symbol, f->symbol) &&
		    !engine_fact_superseded(have, n, have[i].id))
			return have[i].id;
	return 0;
}

long long
service_fact_in_force(const struct service *s, const struct fact *f)
{
	return already_recorded(s->facts, s->nfacts, f);
}

/* The engine on the facts of the last refresh, plus extra ones. */
static void
compute(const struct service *s, const struct fact *extra, size_t nextra,
    struct deadlines *out)
{
	struct engine_input	 in;
	struct fact		*all = NULL;
	long long		 id = 0;

	/* The facts as they are, unless extra ones are to go after them. */
	if (nextra > 0) {
		all = xcalloc(s->nfacts + nextra, sizeof *all);
		if (s->nfacts > 0)	/* none: s->facts may be NULL */
			memcpy(all, s->facts, s->nfacts * sizeof *all);
		for (size_t i = 0; i < s->nfacts; i++)
			if (all[i].id > id)
				id = all[i].id;
		for (size_t i = 0; i < nextra; i++) {
			all[s->nfacts + i] = extra[i];
			all[s->nfacts + i].id = ++id;	/* as the store will number */
		}
	}
	memset(&in, 0, sizeof in);
	in.rules = &s->conf->rules;
	in.holidays = s->conf->holidays;
	in.facts = all != NULL ? all : s->facts;
	in.nfacts = s->nfacts + nextra;
	in.today = s->today;
	in.horizon = date_add(s->today, &s->conf->horizon, 1);
	in.records_from = s->conf->records_from;
	in.recs = &s->recs;
	in.update_before = s->conf->update_before;
	memset(out, 0, sizeof *out);
	engine_compute(&in, out);
	free(all);	/* the strings stay the callers' */
}

void
service_preview_facts(const struct service *s, const struct fact *v, size_t n,
    struct service_preview *p)
{
	memset(p, 0, sizeof *p);
	compute(s, NULL, 0, &p->before);
	compute(s, v, n, &p->after);
	p->n = change_list(&p->before, &p->after, &p->changes);
}

void
service_preview_free(struct service_preview *p)
{
	deadlines_free(&p->before);
	deadlines_free(&p->after);
	free(p->changes);
	memset(p, 0, sizeof *p);
}

int
service_import_facts(struct service *s, struct fact *v, size_t n,
    long long now, size_t *skipped, size_t *at, char **cause)
{
	struct fact	*have = NULL;
	size_t		 nhave = 0;
	char		 stamp[32];
	int		 rc = -1;

	*skipped = 0;
	*at = n;
	clock_format_utc(now, stamp, sizeof stamp);
	for (size_t i = 0; i < n; i++)
		if (prepare_fact(s, &v[i], stamp, cause) == -1) {
			*at = i;
			return -1;
		}
	if (store_begin(s->store, cause) == -1)
		return -1;
	if (store_facts(s->store, &have, &nhave, cause) == -1)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (already_recorded(have, nhave, &v[i])) {
			(*skipped)++;
			continue;
		}
		if (store_fact_add(s->store, &v[i], cause) == -1) {
			*at = i;
			goto out;
		}
	}
	rc = store_commit(s->store, cause);
out:
	if (rc == -1)
		store_rollback(s->store);
	facts_free(have, nhave);
	return rc;
}

/* Everything a subscriber sees of a deadline, in both languages. */
static void
fingerprint(const struct service *s, const struct deadline *d, char out[65])
{
	static const enum lang langs[] = { LANG_EN, LANG_NL };
	struct text_ctx	 tc;
	struct buf	 b;
	char		 date[DATE_STRLEN];

	service_text_ctx(s, &tc);
	buf_init(&b, 1 << 20);
	buf_printf(&b, "%s\n%s\n", d->id, date_format(d->due, date));
	for (size_t i = 0; i < 2; i++) {
		char	*sum = text_summary(d, lang_name(langs[i]));
		char	*desc = text_description(&tc, d, lang_name(langs[i]));

		buf_printf(&b, "%s\n%s\n", sum, desc);
		free(sum);
		free(desc);
	}
	hash_sha256_hex(b.p, b.len, out);
	buf_free(&b);
}

/* The coordinators as a description shows them, in one hash. */
static void
coordinators_fingerprint(const struct service *s, char out[65])
{
	struct buf	 b;

	buf_init(&b, 64 << 20);
	for (size_t i = 0; i < s->ncoords; i++) {
		const struct coordinator	*c = &s->coords[i];

		buf_printf(&b, "%s\n%s\n%s\n%s\n", c->name, c->email,
		    c->department, c->language);
		for (size_t j = 0; j < c->nassignments; j++)
			buf_printf(&b, "%s %s\n", c->assignments[j].instrument,
			    c->assignments[j].role);
	}
	hash_sha256_hex(b.p != NULL ? b.p : "", b.len, out);
	buf_free(&b);
}

static int
cmp_due_id(const struct deadline *x, const struct deadline *y)
{
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * Fingerprints for the new deadlines: one equal, byte for byte, to a
 * deadline of the last refresh keeps that one's fingerprint when the
 * coordinators are the same (the configuration is, for this service,
 * and facts are never changed, only added). Both lists are in the
 * engine's order, by due date and id, so one walk pairs them.
 */
static void
fingerprints(struct service *s, const struct deadlines *old,
    char (*oldfp)[65], struct version *v)
{
	char	 cfp[65];
	size_t	 j = 0;
	int	 reuse;

	coordinators_fingerprint(s, cfp);
	reuse = oldfp != NULL && strcmp(cfp, s->coords_fp) == 0;
	memcpy(s->coords_fp, cfp, sizeof cfp);
	free(s->fp);
	s->fp = xcalloc(s->dl.n ? s->dl.n : 1, sizeof *s->fp);
	for (size_t i = 0; i < s->dl.n; i++) {
		const struct deadline	*d = &s->dl.v[i];
		int			 c = 1;

		while (reuse && j < old->n &&
		    (c = cmp_due_id(&old->v[j], d)) < 0)
			j++;
		if (reuse && j < old->n && c == 0 &&
		    memcmp(&old->v[j], d, sizeof *d) == 0)
			memcpy(s->fp[i], oldfp[j], sizeof s->fp[i]);
		else
			fingerprint(s, d, s->fp[i]);
		memcpy(v[i].fingerprint, s->fp[i], sizeof v[i].fingerprint);
	}
}

/* The recommendations again, when any was added since they were read. */
static int
load_recs(struct service *s, char **cause)
{
	long long	 m = store_rec_marker(s->store);

	/* -1: the marker could not be read; read them to find out why. */
	if (s->recs_read && m == s->recs_marker && m != -1)
		return 0;
	s->full_recs = 1;	/* the deadlines they make, computed again */
	rec_set_free(&s->recs);
	s->recs_read = 0;
	if (store_recs(s->store, &s->recs, cause) == -1)
		return -1;
	s->recs_marker = m;
	s->recs_read = 1;
	return 0;
}

/*
 * The instruments with facts new since the last refresh, by index into
 * the rules, when only they need computing again: every other deadline
 * is the same function of the same facts, coordinators and day. 0 when
 * all must be computed: the first time, another day, other coordinators,
 * a fact of the cabinet letter (whose dates the recommendations' progress
 * deadlines follow) or of an instrument not in the rules.
 */
static int
scope_of(struct service *s, size_t before, size_t **scope, size_t *n)
{
	const struct ruleset	*rs = &s->conf->rules;
	char			 cfp[65];
	size_t			*v;

	*scope = NULL;
	*n = 0;
	coordinators_fingerprint(s, cfp);
	if (strcmp(cfp, s->coords_fp) != 0)
		return 0;
	v = xcalloc(s->nfacts - before + 1, sizeof *v);
	for (size_t i = before; i < s->nfacts; i++) {
		const struct instrument	*in = ruleset_find(rs,
		    s->facts[i].instrument);
		size_t			 k, j;

		if (in == NULL ||
		    instrument_rule(in, "annual_letter") != NULL) {
			free(v);
			return 0;
		}
		k = (size_t)(in - rs->v);
		for (j = 0; j < *n && v[j] != k; j++)
			;
		if (j == *n)
			v[(*n)++] = k;
	}
	*scope = v;
	return 1;
}

static int
cmp_code_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether deadline d is of an instrument of the scope. */
static int
of_scope(const struct service *s, const struct deadline *d,
    const size_t *scope, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (d->inst == &s->conf->rules.v[scope[i]])
			return 1;
	return 0;
}

/*
 * The refresh of the scope's instruments alone: their deadlines computed
 * again (but for the progress-update deadlines of recommendations, which
 * follow the cabinet letter and stay), put in place of theirs in the
 * list, fingerprinted and recorded; the rest kept with their
 * fingerprints and versions. Returns how many changed, or -1.
 */
static int
refresh_some(struct service *s, const size_t *scope, size_t nscope,
    long long now, char **cause)
{
	const struct ruleset	*rs = &s->conf->rules;
	struct ruleset		 view;
	struct engine_input	 in;
	struct deadlines	 sub, dl;
	struct fact		*fv;
	struct version		*v;
	struct published	*pub;
	char			(*fp)[65];
	const char		**codes;
	size_t			 nf = 0, i = 0, j = 0, nv = 0;
	int			 changed;

	/* No new fact: every deadline stands (and no code would mean every
	 * instrument's versions to store_versions_sync). */
	if (nscope == 0)
		return 0;
	/* The engine on the scope's instruments and their facts. */
	memset(&view, 0, sizeof view);
	view.v = xcalloc(nscope, sizeof *view.v);
	view.n = nscope;
	for (size_t k = 0; k < nscope; k++)
		view.v[k] = rs->v[scope[k]];
	fv = xcalloc(s->nfacts + 1, sizeof *fv);
	for (size_t f = 0; f < s->nfacts; f++)
		for (size_t k = 0; k < nscope; k++)
			if (strcasecmp(s->facts[f].instrument,
			    view.v[k].code) == 0) {
				fv[nf++] = s->facts[f];
				break;
			}
	memset(&in, 0, sizeof in);
	in.rules = &view;
	in.holidays = s->conf->holidays;
	in.facts = fv;
	in.nfacts = nf;
	in.today = s->today;
	in.horizon = date_add(s->today, &s->conf->horizon, 1);
	in.records_from = s->conf->records_from;
	in.update_before = s->conf->update_before;
	memset(&sub, 0, sizeof sub);
	engine_compute(&in, &sub);
	for (size_t k = 0; k < sub.n; k++)
		sub.v[k].inst = &rs->v[scope[sub.v[k].inst - view.v]];
	free(view.v);
	free(fv);

	/* One list again, in the engine's order: the others and the kept
	 * progress-update deadlines as they were, the scope's new. */
	memset(&dl, 0, sizeof dl);
	dl.cap = s->dl.n + sub.n + 1;	/* grown once */
	dl.v = xreallocarray(NULL, dl.cap, sizeof *dl.v);
	pub = xcalloc(s->dl.n + sub.n + 1, sizeof *pub);
	fp = xcalloc(s->dl.n + sub.n + 1, sizeof *fp);
	v = xcalloc(s->dl.n + sub.n + 1, sizeof *v);
	while (i < s->dl.n || j < sub.n) {
		const struct deadline	*o = i < s->dl.n ? &s->dl.v[i] : NULL;
		int			 mine;

		if (o != NULL && of_scope(s, o, scope, nscope) &&
		    strcmp(o->kind, "rec_update") != 0) {
			i++;	/* computed again */
			continue;
		}
		if (o != NULL &&
		    (j == sub.n || cmp_due_id(o, &sub.v[j]) <= 0)) {
			dl.v[dl.n++] = *o;
			pub[dl.n - 1] = s->pub[i];
			memcpy(fp[dl.n - 1], s->fp[i], sizeof fp[0]);
			mine = of_scope(s, o, scope, nscope);
			i++;
		} else {
			dl.v[dl.n++] = sub.v[j++];
			fingerprint(s, &dl.v[dl.n - 1], fp[dl.n - 1]);
			mine = 1;
		}
		if (!mine)
			continue;
		/* The scope's versions, to record. */
		snprintf(v[nv].id, sizeof v[nv].id, "%s", dl.v[dl.n - 1].id);
		date_format(dl.v[dl.n - 1].due, v[nv].due);
		snprintf(v[nv].status, sizeof v[nv].status, "%s",
		    engine_status_name(dl.v[dl.n - 1].status));
		memcpy(v[nv].fingerprint, fp[dl.n - 1],
		    sizeof v[nv].fingerprint);
		/* Where it stands in the list, for the versions below. */
		v[nv].sequence = (int)(dl.n - 1);
		nv++;
	}
	deadlines_free(&sub);
	codes = xcalloc(nscope, sizeof *codes);
	for (size_t k = 0; k < nscope; k++)
		codes[k] = rs->v[scope[k]].code;
	qsort(codes, nscope, sizeof *codes, cmp_code_ptr);
	{
		size_t	*at = xcalloc(nv + 1, sizeof *at);

		for (size_t k = 0; k < nv; k++)
			at[k] = (size_t)v[k].sequence;
		changed = store_versions_sync(s->store, v, nv, codes, nscope,
		    now, cause);
		for (size_t k = 0; changed >= 0 && k < nv; k++) {
			pub[at[k]].sequence = v[k].sequence;
			pub[at[k]].modified = v[k].modified;
		}
		free(at);
	}
	free(codes);
	free(v);
	if (changed < 0) {
		deadlines_free(&dl);
		free(pub);
		free(fp);
		return -1;
	}
	deadlines_free(&s->dl);
	free(s->pub);
	free(s->fp);
	s->dl = dl;
	s->pub = pub;
	s->fp = fp;
	return changed;
}

int
service_refresh(struct service *s, int today, long long now, char **cause)
{
	struct version		*v;
	struct deadlines	 old;
	char			(*oldfp)[65];
	int			 changed, full = s->full || s->read_only;
	size_t			 nacks = s->nacks, before = s->nfacts, nscope;
	size_t			*scope;

	/* Until this refresh has succeeded, the next one computes all. */
	s->full = 1;
	coordinators_free(s->coords, s->ncoords);
	s->coords = NULL;
	s->ncoords = 0;
	free(s->roles);
	s->roles = NULL;
	s->nroles = 0;
	free(s->acks);
	s->acks = NULL;
	s->nacks = 0;
	if (store_facts_update(s->store, &s->facts, &s->nfacts, cause) == -1 ||
	    store_coordinators(s->store, &s->coords, &s->ncoords, cause) == -1 ||
	    store_acks(s->store, &s->acks, &s->nacks, cause) == -1 ||
	    load_recs(s, cause) == -1)
		return -1;
	s->roles = text_roles_index(s->coords, s->ncoords, &s->nroles);
	/* Only the instruments with new facts, when nothing else moved. */
	if (!full && !s->full_recs && today == s->today &&
	    scope_of(s, before, &scope, &nscope)) {
		changed = refresh_some(s, scope, nscope, now, cause);
		free(scope);
		if (changed < 0)
			return -1;
		if (changed > 0 || s->nacks != nacks)
			s->generation++;
		s->full = 0;
		return changed;
	}
	s->today = today;
	old = s->dl;
	oldfp = s->fp;
	s->fp = NULL;
	compute(s, NULL, 0, &s->dl);

	v = xcalloc(s->dl.n ? s->dl.n : 1, sizeof *v);
	for (size_t i = 0; i < s->dl.n; i++) {
		const struct deadline	*d = &s->dl.v[i];

		snprintf(v[i].id, sizeof v[i].id, "%s", d->id);
		date_format(d->due, v[i].due);
		snprintf(v[i].status, sizeof v[i].status, "%s",
		    engine_status_name(d->status));
	}
	if (!s->read_only)	/* nothing to compare it with */
		fingerprints(s, &old, oldfp, v);
	deadlines_free(&old);
	free(oldfp);
	if (s->read_only) {
		/* Nothing recorded: every deadline as new, stamped now. */
		for (size_t i = 0; i < s->dl.n; i++)
			v[i].modified = now;
		changed = (int)s->dl.n;
	} else
		changed = store_versions_sync(s->store, v, s->dl.n, NULL, 0,
		    now, cause);
	if (changed >= 0) {
		free(s->pub);
		s->pub = xcalloc(s->dl.n ? s->dl.n : 1, sizeof *s->pub);
		for (size_t i = 0; i < s->dl.n; i++) {
			s->pub[i].sequence = v[i].sequence;
			s->pub[i].modified = v[i].modified;
		}
		/* A new acknowledgement shows on the overview too. */
		if (changed > 0 || s->generation == 0 || s->nacks != nacks)
			s->generation++;
		s->full = s->read_only;
		s->full_recs = 0;
	}
	free(v);
	return changed;
}

void
service_read_only(struct service *s)
{
	s->read_only = 1;
}

const struct ack *
service_acks(const struct service *s, size_t *n)
{
	*n = s->nacks;
	return s->acks;
}

unsigned long
service_generation(const struct service *s)
{
	return s->generation;
}

int
service_today(const struct service *s)
{
	return s->today;
}

const struct deadlines *
service_deadlines(const struct service *s)
{
	return &s->dl;
}

static int
selected(const struct service_filter *f, const struct deadline *d)
{
	if (f->from != DATE_NONE && d->due < f->from)
		return 0;
	if (f->to != DATE_NONE && d->due > f->to)
		return 0;
	if (f->instrument != NULL && strcasecmp(d->inst->code,
	    f->instrument) != 0)
		return 0;
	if (f->department != NULL && !instrument_involves(d->inst,
	    f->department))
		return 0;
	if (f->status != -1 && (int)d->status != f->status)
		return 0;
	return !f->current || d->status == STATUS_OPEN ||
	    d->status == STATUS_OVERDUE || d->status == STATUS_UNKNOWN;
}

struct deadline *
service_select(const struct service *s, const struct service_filter *f,
    size_t *n)
{
	struct deadline	*sel = xcalloc(s->dl.n ? s->dl.n : 1, sizeof *sel);

	*n = 0;
	for (size_t i = 0; i < s->dl.n; i++)
		if (selected(f, &s->dl.v[i]))
			sel[(*n)++] = s->dl.v[i];
	return sel;
}

static const struct coordinator *
find_coordinator(const struct service *s, const char *name)
{
	for (size_t i = 0; i < s->ncoords; i++)
		if (strcmp(s->coords[i].name, name) == 0)
			return &s->coords[i];
	return NULL;
}

/* Does the scope include the deadline? */
static int
in_scope(const struct service *s, const struct deadline *d,
    enum feed_scope scope, const char *key, const struct coordinator *co)
{
	switch (scope) {
	case FEED_ALL:
		return 1;
	case FEED_INSTRUMENT:
		return strcasecmp(d->inst->code, key) == 0;
	case FEED_DEPARTMENT:
		return instrument_involves(d->inst, key) ||
		    (d->rule->type == RULE_MILESTONE &&
		    strcasecmp(d->rule->owner, key) == 0);
	case FEED_COORDINATOR:
		return co != NULL && coordinator_role(co, d->inst->code) != NULL;
	}
	(void)s;
	return 0;
}

char *
service_feed_name(const struct service *s, enum feed_scope scope,
    const char *key, const char *lang)
{
	const char	*base = words_get(WORD_TREATY_REPORTING,
	    lang_or_fallback(lang));

	(void)s;
	switch (scope) {
	case FEED_ALL:
		return xstrdup(base);
	case FEED_INSTRUMENT:
	case FEED_DEPARTMENT:
		return xasprintf("%s: %s", base, key);
	case FEED_COORDINATOR:
		return xasprintf("%s: %s", base, key);
	}
	return xstrdup(base);
}

char *
service_feed(struct service *s, enum feed_scope scope, const char *key,
    const char *lang, long long *modified)
{
	const struct coordinator	*co = NULL;
	struct ical_event		*ev;
	struct ical_calendar		 cal;
	struct text_ctx			 tc;
	size_t				 n = 0;
	char				*out, *name, (*uids)[37];
	int				 from;

	if (scope == FEED_INSTRUMENT && ruleset_find(&s->conf->rules, key) == NULL)
		return NULL;
	if (scope == FEED_DEPARTMENT && conf_department(s->conf, key) == NULL)
		return NULL;
	if (scope == FEED_COORDINATOR && (co = find_coordinator(s, key)) == NULL)
		return NULL;
	service_text_ctx(s, &tc);
	from = date_add(s->today, &feed_past, -1);
	ev = xcalloc(s->dl.n ? s->dl.n : 1, sizeof *ev);
	uids = xcalloc(s->dl.n ? s->dl.n : 1, sizeof *uids);
	*modified = 0;
	for (size_t i = 0; i < s->dl.n; i++) {
		const struct deadline	*d = &s->dl.v[i];

		/* A superseded deadline no longer exists: it leaves. Old
		 * ones leave too, unless still overdue. */
		if (d->status == STATUS_SUPERSEDED ||
		    (d->due < from && d->status != STATUS_OVERDUE) ||
		    !in_scope(s, d, scope, key, co))
			continue;
		ev[n].d = d;
		ev[n].uid = hash_uuid(d->id, uids[n]);
		ev[n].summary = text_summary(d, lang);
		ev[n].description = text_description(&tc, d, lang);
		ev[n].url = s->conf->base_url;
		ev[n].sequence = s->pub ? s->pub[i].sequence : 0;
		ev[n].modified = s->pub ? (time_t)s->pub[i].modified : 0;
		if (ev[n].modified > *modified)
			*modified = ev[n].modified;
		n++;
	}
	name = service_feed_name(s, scope, key, lang);
	memset(&cal, 0, sizeof cal);
	cal.name = name;
	cal.refresh = "PT4H";
	cal.lang = lang;
	cal.timezone = s->conf->timezone;
	out = ical_calendar(&cal, ev, n);
	for (size_t i = 0; i < n; i++) {
		free((char *)ev[i].summary);
		free((char *)ev[i].description);
	}
	free(ev);
	free(uids);
	free(name);
	return out;
}

const char *
service_token_owner(const struct service *s, const char *token)
{
	unsigned char	 h[HASH_LEN];
	const char	*owner = NULL;

	if (strlen(token) != 40 || strspn(token, "0123456789abcdef") != 40)
		return NULL;
	hash_sha256(token, 40, h);
	/* Look at every coordinator so the time says nothing of a match. */
	for (size_t i = 0; i < s->ncoords; i++)
		if (s->coords[i].has_token &&
		    hash_equal(s->coords[i].token_hash, h, HASH_LEN))
			owner = s->coords[i].name;
	return owner;
}

int
service_token_new(char token[41], unsigned char hash[32])
{
	unsigned char	 raw[20];

	if (hash_random(raw, sizeof raw) == -1)
		return -1;
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(token + 2 * i, 3, "%02x", raw[i]);
	hash_sha256(token, 40, hash);
	return 0;
}

void
service_published(const struct service *s, size_t i, int *sequence,
    long long *modified)
{
	*sequence = s->pub != NULL && i < s->dl.n ? s->pub[i].sequence : 0;
	*modified = s->pub != NULL && i < s->dl.n ? s->pub[i].modified : 0;
}

const struct coordinator *
service_coordinators(const struct service *s, size_t *n)
{
	*n = s->ncoords;
	return s->coords;
}

const char *
service_coordinator_language(const struct service *s, const char *name)
{
	const struct coordinator	*c = find_coordinator(s, name);

	return c != NULL ? c->language : NULL;
}

const struct deadline *
service_next_meeting(const struct service *s)
{
	for (size_t i = 0; i < s->dl.n; i++) {
		const struct deadline	*d = &s->dl.v[i];

		if (strcmp(d->kind, "network_meeting") == 0 &&
		    d->due >= s->today && d->status != STATUS_SUPERSEDED)
			return d;	/* sorted by date: the first is next */
	}
	return NULL;
}

/* The meeting deadline on a date, or the next one. */
static const struct deadline *
meeting_on(const struct service *s, int date)
{
	if (date == DATE_NONE)
		return service_next_meeting(s);
	for (size_t i = 0; i < s->dl.n; i++)
		if (strcmp(s->dl.v[i].kind, "network_meeting") == 0 &&
		    s->dl.v[i].due == date)
			return &s->dl.v[i];
	return NULL;
}

/* The latest meeting held before a date (a meeting_held fact). */
static int
previous_meeting(const struct service *s, int before)
{
	int	 best = DATE_NONE;

	for (size_t i = 0; i < s->nfacts; i++)
		if (strcmp(s->facts[i].kind, "meeting_held") == 0 &&
		    s->facts[i].date < before &&
		    !engine_fact_superseded(s->facts, s->nfacts, s->facts[i].id) &&
		    (best == DATE_NONE || s->facts[i].date > best))
			best = s->facts[i].date;
	return best;
}

char *
service_agenda(const struct service *s, int meeting, int previous, int months,
    const char *lang, int format, char **cause)
{
	const struct deadline	*m = meeting_on(s, meeting);
	struct agenda_input	 in;
	struct text_ctx		 tc;
	char			*out;

	if (meeting == DATE_NONE && m == NULL) {
		*cause = xasprintf("no network meeting ahead: record its date with "
		    "'treatyctl fact add NETWORK due_date_set ...' or give "
		    "--meeting DATE");
		return NULL;
	}
	service_text_ctx(s, &tc);
	memset(&in, 0, sizeof in);
	in.v = s->dl.v;
	in.n = s->dl.n;
	in.facts = s->facts;
	in.nfacts = s->nfacts;
	in.tc = &tc;
	in.inst = s->conf->rules.v;
	in.ninst = s->conf->rules.n;
	in.today = s->today;
	in.meeting = meeting != DATE_NONE ? meeting : m->due;
	in.previous = previous != DATE_NONE ? previous :
	    previous_meeting(s, in.meeting);
	in.months = months > 0 ? months : s->conf->agenda_months;
	in.lang = lang;
	in.chair = s->conf->chair_dept;
	if ((out = agenda_render(&in, (enum agenda_format)format)) == NULL)
		*cause = xasprintf("the agenda is larger than its size limit");
	return out;
}

char *
service_agenda_ics(const struct service *s, int meeting, const char *lang,
    const char *method, char **cause)
{
	const struct deadline	*m = meeting_on(s, meeting);
	struct ical_event	 ev;
	struct ical_calendar	 cal;
	char			*desc, *sum, *out, uid[37];
	int			 seq = 0;
	long long		 modified = 0;

	if (m == NULL) {
		*cause = xasprintf("no network meeting %s in the calendar",
		    meeting == DATE_NONE ? "ahead" : "on that date");
		return NULL;
	}
	if ((desc = service_agenda(s, m->due, DATE_NONE, 0, lang, AGENDA_TEXT,
	    cause)) == NULL)
		return NULL;
	for (size_t i = 0; i < s->dl.n; i++)
		if (&s->dl.v[i] == m)
			service_published(s, i, &seq, &modified);
	sum = text_summary(m, lang);
	memset(&ev, 0, sizeof ev);
	ev.d = m;
	ev.uid = hash_uuid(m->id, uid);
	ev.summary = sum;
	ev.description = desc;
	ev.url = s->conf->base_url;
	ev.sequence = seq;
	ev.modified = (time_t)modified;
	memset(&cal, 0, sizeof cal);
	cal.method = method;
	cal.lang = lang;
	cal.timezone = s->conf->timezone;
	/* RFC 5546: a METHOD wants an ORGANIZER, the mail's sender. */
	if (method != NULL) {
		cal.organizer = s->conf->mail_from;
		cal.organizer_name = words_get(WORD_TREATY_REPORTING,
		    lang_or_fallback(lang));
	}
	out = ical_calendar(&cal, &ev, 1);
	free(sum);
	free(desc);
	return out;
}

char *
service_review(const struct service *s, int year, const char *lang, int format,
    char **cause)
{
	struct review_input	 in;
	struct text_ctx		 tc;
	char			*out;

	service_text_ctx(s, &tc);
	memset(&in, 0, sizeof in);
	in.v = s->dl.v;
	in.n = s->dl.n;
	in.facts = s->facts;
	in.nfacts = s->nfacts;
	in.tc = &tc;
	in.inst = s->conf->rules.v;
	in.ninst = s->conf->rules.n;
	in.year = year;
	in.lang = lang;
	if ((out = review_render(&in, (enum review_format)format)) == NULL)
		*cause = xasprintf("no review for %d (year out of range, or too "
		    "large)", year);
	return out;
}

/* ------------------------------------------------------ recommendations */

const struct rec_set *
service_recs(const struct service *s)
{
	return &s->recs;
}

int
service_import_recs(struct service *s, struct rec *v, size_t n,
    const char *by, long long now, size_t *skipped, char **cause)
{
	char	 stamp[32], *why = NULL;

	*skipped = 0;
	clock_format_utc(now, stamp, sizeof stamp);
	if (store_begin(s->store, cause) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (rec_index(s->recs.v, s->recs.n, &v[i]) < s->recs.n) {
			(*skipped)++;
			continue;
		}
		free(v[i].recorded_by);
		free(v[i].recorded_at);
		v[i].recorded_by = xstrdup(by);
		v[i].recorded_at = xstrdup(stamp);
		if (rec_validate(&v[i], &s->conf->rules, &why) == -1 ||
		    store_rec_add(s->store, &v[i], &why) == -1) {
			*cause = xasprintf("%s paragraph %s: %s", v[i].symbol,
			    v[i].paragraph, why);
			free(why);
			store_rollback(s->store);
			return -1;
		}
	}
	if (store_commit(s->store, cause) == -1)
		return -1;
	return load_recs(s, cause);
}

/* A department code of the departments file, as it spells it; NULL. */
static const char *
department_code(const struct service *s, const char *code)
{
	const struct department	*d = conf_department(s->conf, code);

	return d != NULL ? d->code : NULL;
}

int
service_rec_assign(struct service *s, struct rec_owner *o, long long now,
    char **cause)
{
	char		 stamp[32], *why = NULL, *list;
	const char	*code;
	struct buf	 b;

	if (rec_by_id(&s->recs, o->rec) == NULL) {
		*cause = xasprintf("no recommendation %lld", o->rec);
		return -1;
	}
	if ((code = department_code(s, o->lead)) == NULL) {
		*cause = xasprintf("lead '%s' is not a department of the "
		    "departments file", o->lead);
		return -1;
	}
	snprintf(o->lead, sizeof o->lead, "%s", code);
	buf_init(&b, 4096);
	list = xstrdup(o->contributors ? o->contributors : "");
	for (char *tok = strtok(list, " ,;"); tok != NULL;
	    tok = strtok(NULL, " ,;")) {
		if ((code = department_code(s, tok)) == NULL) {
			*cause = xasprintf("contributor '%s' is not a department "
			    "of the departments file", tok);
			free(list);
			buf_free(&b);
			return -1;
		}
		buf_printf(&b, "%s%s", b.len ? " " : "", code);
	}
	free(list);
	free(o->contributors);
	o->contributors = buf_take(&b);
	o->recorded_at = xstrdup(clock_format_utc(now, stamp, sizeof stamp));
	if (store_rec_owner_add(s->store, o, &why) == -1) {
		*cause = xasprintf("cannot record who answers for it: %s", why);
		free(why);
		return -1;
	}
	return load_recs(s, cause);
}

int
service_rec_update(struct service *s, struct rec_update *u, long long now,
    char **cause)
{
	char	 stamp[32], *why = NULL;

	if (rec_by_id(&s->recs, u->rec) == NULL) {
		*cause = xasprintf("no recommendation %lld", u->rec);
		return -1;
	}
	if (rec_update_validate(u, cause) == -1)
		return -1;
	u->recorded_at = xstrdup(clock_format_utc(now, stamp, sizeof stamp));
	if (store_rec_update_add(s->store, u, &why) == -1) {
		*cause = xasprintf("cannot record the update: %s", why);
		free(why);
		return -1;
	}
	return load_recs(s, cause);
}
