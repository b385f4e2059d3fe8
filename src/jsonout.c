#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "date.h"
#include "diag.h"
#include "engine.h"
#include "jsonout.h"
#include "rec.h"
#include "rules.h"
#include "store.h"
#include "uhri.h"
#include "xmalloc.h"

/*
 * One document being built. jansson allocates through xmalloc (out of
 * memory is fatal), so a call that fails was handed text that is not
 * UTF-8: the first such failure is kept, naming the object and the key,
 * and the document is refused rather than written without that key.
 */
struct doc {
	char		 where[96];	/* "fact 12", "deadline CEDAW/report/8" */
	char		*cause;
};

static void
doc_init(struct doc *d)
{
	json_set_alloc_funcs(xmalloc, free);
	d->where[0] = '\0';
	d->cause = NULL;
}

static void
put(struct doc *d, json_t *o, const char *key, json_t *v)
{
	if (json_object_set_new(o, key, v) == -1 && d->cause == NULL)
		d->cause = xasprintf("%s: %s is not valid UTF-8", d->where, key);
}

static void
append(struct doc *d, json_t *arr, json_t *v)
{
	if (json_array_append_new(arr, v) == -1 && d->cause == NULL)
		d->cause = xasprintf("%s: cannot be added", d->where);
}

static json_t *
jdate(int date)
{
	char	 buf[DATE_STRLEN];

	return date == DATE_NONE ? json_null() : json_string(date_format(date, buf));
}

/* NULL (the JSON value) for an empty string; NULL (no value) when s is
 * not UTF-8, which put() reports. */
static json_t *
jstr(const char *s)
{
	return s == NULL || s[0] == '\0' ? json_null() : json_string(s);
}

static char *
dump(struct doc *d, json_t *root, char **cause)
{
	char	*text = NULL, *copy;

	if (d->cause == NULL &&
	    (text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ==
	    NULL)
		d->cause = xasprintf("the JSON document could not be written");
	json_decref(root);
	if (d->cause != NULL) {
		free(text);
		*cause = d->cause;
		return NULL;
	}
	copy = xstrdup(text);
	free(text);
	return copy;
}

char *
jsonout_deadlines(const struct deadline *v, size_t n, const char *lang,
    char **cause)
{
	struct doc	 doc;
	json_t		*arr;
	char		 label[256];

	doc_init(&doc);
	arr = json_array();
	for (size_t i = 0; i < n && doc.cause == NULL; i++) {
		const struct deadline	*d = &v[i];
		json_t			*o = json_object(), *facts = json_array();

		snprintf(doc.where, sizeof doc.where, "deadline %s", d->id);
		put(&doc, o, "id", json_string(d->id));
		put(&doc, o, "instrument", json_string(d->inst->code));
		put(&doc, o, "kind", json_string(d->kind));
		put(&doc, o, "label",
		    json_string(engine_label(d, lang, label, sizeof label)));
		put(&doc, o, "cycle", jstr(d->cycle));
		put(&doc, o, "due", jdate(d->due));
		put(&doc, o, "status", json_string(engine_status_name(d->status)));
		put(&doc, o, "confidence",
		    json_string(engine_confidence_name(d->confidence)));
		put(&doc, o, "voluntary", json_boolean(d->voluntary));
		put(&doc, o, "met_on", jdate(d->met_on));
		put(&doc, o, "days_late", json_integer(engine_days_late(d)));
		put(&doc, o, "planned", jdate(d->planned));
		put(&doc, o, "postponed_from", jdate(d->postponed_from));
		put(&doc, o, "parent", jstr(d->parent));
		put(&doc, o, "rule", json_string(d->rule->name));
		put(&doc, o, "lead", jstr(d->inst->lead));
		put(&doc, o, "body", jstr(d->inst->body));
		for (int j = 0; j < d->nfacts; j++)
			append(&doc, facts, json_integer(d->facts[j]));
		put(&doc, o, "facts", facts);
		append(&doc, arr, o);
	}
	return dump(&doc, arr, cause);
}

char *
jsonout_facts(const struct fact *v, size_t n, const struct fact *all,
    size_t nall, char **cause)
{
	struct doc	 doc;
	json_t		*arr;

	doc_init(&doc);
	arr = json_array();
	for (size_t i = 0; i < n && doc.cause == NULL; i++) {
		const struct fact	*f = &v[i];
		json_t			*o = json_object();

		snprintf(doc.where, sizeof doc.where, "fact %lld", f->id);
		put(&doc, o, "id", json_integer(f->id));
		put(&doc, o, "instrument", json_string(f->instrument));
		put(&doc, o, "kind", json_string(f->kind));
		put(&doc, o, "date", jdate(f->date));
		put(&doc, o, "rule", jstr(f->rule));
		put(&doc, o, "due", jdate(f->due));
		put(&doc, o, "cycle", jstr(f->cycle));
		put(&doc, o, "symbol", jstr(f->symbol));
		put(&doc, o, "paragraph", jstr(f->paragraph));
		put(&doc, o, "url", jstr(f->url));
		put(&doc, o, "note", jstr(f->note));
		put(&doc, o, "recorded_by", jstr(f->recorded_by));
		put(&doc, o, "recorded_at", jstr(f->recorded_at));
		put(&doc, o, "supersedes", f->supersedes ?
		    json_integer(f->supersedes) : json_null());
		put(&doc, o, "superseded",
		    json_boolean(engine_fact_superseded(all, nall, f->id)));
		append(&doc, arr, o);
	}
	return dump(&doc, arr, cause);
}

/* A list (items between sep) as a JSON array of its items. */
static json_t *
jlist(const char *s, const char *sep_text)
{
	json_t	*arr = json_array();

	for (const char *p = s; p != NULL && *p != '\0';) {
		const char	*sep = strstr(p, sep_text);
		size_t		 k = sep ? (size_t)(sep - p) : strlen(p);
		char		*item = xasprintf("%.*s", (int)k, p);
		json_t		*v = json_string(item);

		free(item);
		if (v == NULL) {	/* not UTF-8: the caller checked */
			json_decref(arr);
			return NULL;
		}
		json_array_append_new(arr, v);
		p += k;
		if (sep != NULL)
			p += strlen(sep_text);
	}
	return arr;
}

char *
jsonout_recs(const struct rec_set *set, const struct rec *const *v, size_t n,
    const struct ruleset *rules, char **cause)
{
	struct doc	 doc;
	json_t		*arr;

	doc_init(&doc);
	arr = json_array();
	for (size_t i = 0; i < n && doc.cause == NULL; i++) {
		const struct rec	*r = v[i];
		const struct rec_owner	*ow = rec_owner_of(set, r->id);
		const struct instrument	*in = ruleset_find(rules, r->instrument);
		json_t			*o = json_object(), *ups = json_array();

		snprintf(doc.where, sizeof doc.where, "recommendation %lld",
		    r->id);
		put(&doc, o, "id", json_integer(r->id));
		put(&doc, o, "instrument", json_string(r->instrument));
		put(&doc, o, "symbol", json_string(r->symbol));
		put(&doc, o, "paragraph", json_string(r->paragraph));
		put(&doc, o, "text", json_string(r->text));
		put(&doc, o, "summary_nl", jstr(r->summary_nl));
		put(&doc, o, "themes", jlist(r->themes, "; "));
		put(&doc, o, "sdgs", jlist(r->sdgs, "; "));
		put(&doc, o, "affected_persons", jlist(r->persons, "; "));
		put(&doc, o, "followup_procedure", json_boolean(r->followup));
		put(&doc, o, "position", jstr(rec_position_name(r->position)));
		put(&doc, o, "year", r->year ? json_integer(r->year) :
		    json_null());
		put(&doc, o, "lead", jstr(rec_lead(set, r, rules)));
		put(&doc, o, "contributors", ow != NULL ? jlist(ow->contributors, " ") :
		    json_array());
		if (ow == NULL && in != NULL) {
			json_t	*c = json_object_get(o, "contributors");

			for (int j = 0; j < in->ncontributors; j++)
				json_array_append_new(c,
				    json_string(in->contributors[j]));
		}
		put(&doc, o, "status",
		    json_string(rec_status_name(rec_status_at(set, r->id,
		    DATE_NONE))));
		for (size_t j = 0; j < set->nupdates; j++) {
			const struct rec_update	*u = &set->updates[j];
			json_t			*uo;

			if (u->rec != r->id)
				continue;
			uo = json_object();
			put(&doc, uo, "date", jdate(u->date));
			put(&doc, uo, "status",
			    json_string(rec_status_name(u->status)));
			put(&doc, uo, "text", json_string(u->text));
			put(&doc, uo, "recorded_by", jstr(u->recorded_by));
			put(&doc, uo, "recorded_at", jstr(u->recorded_at));
			append(&doc, ups, uo);
		}
		put(&doc, o, "updates", ups);
		put(&doc, o, "recorded_by", jstr(r->recorded_by));
		put(&doc, o, "recorded_at", jstr(r->recorded_at));
		append(&doc, arr, o);
	}
	return dump(&doc, arr, cause);
}

/* A value of the export as text: arrays become one item a line. */
static char *
cell_text(json_t *v)
{
	size_t	 i;
	json_t	*item;
	char	*out = NULL;

	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	if (json_is_true(v))
		return xstrdup("yes");
	if (json_is_false(v))
		return xstrdup("no");
	if (!json_is_array(v))
		return NULL;
	json_array_foreach(v, i, item) {
		char	*t = cell_text(item), *joined;

		if (t == NULL)
			continue;
		joined = out == NULL ? t : xasprintf("%s\n%s", out, t);
		if (joined != t)
			free(t);
		free(out);
		out = joined;
	}
	return out;
}

int
jsonout_read_uhri(const char *text, size_t len, const char *file,
    const struct ruleset *rules, struct diag *diag, struct rec **out,
    size_t *n, struct uhri_skips *skipped)
{
	json_error_t	 err;
	json_t		*root, *obj;
	size_t		 i, nv = 0, before = diag->n, *entry;
	struct rec	*v;

	*out = NULL;
	*n = 0;
	memset(skipped, 0, sizeof *skipped);
	json_set_alloc_funcs(xmalloc, free);
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err)) ==
	    NULL) {
		diag_add(diag, file, err.line, "%s", err.text);
		return -1;
	}
	if (!json_is_array(root)) {
		diag_add(diag, file, 1, "expected an array of recommendations "
		    "(UHRI's JSON export), found another value");
		json_decref(root);
		return -1;
	}
	v = xcalloc(json_array_size(root) ? json_array_size(root) : 1,
	    sizeof *v);
	entry = xcalloc(json_array_size(root) ? json_array_size(root) : 1,
	    sizeof *entry);
	json_array_foreach(root, i, obj) {
		struct uhri_cell	 cells[64];
		char			*vals[64], where[64];
		const char		*key;
		json_t			*val;
		size_t			 nc = 0;
		int			 rc;

		snprintf(where, sizeof where, "%s: entry %zu", file, i + 1);
		if (!json_is_object(obj)) {
			diag_add(diag, where, 0, "not an object");
			continue;
		}
		json_object_foreach(obj, key, val) {
			if (nc == sizeof cells / sizeof *cells)
				break;
			vals[nc] = cell_text(val);
			cells[nc].heading = key;
			cells[nc].value = vals[nc];
			nc++;
		}
		rc = uhri_row(cells, nc, where, 0, rules, diag, &v[nv],
		    skipped);
		for (size_t k = 0; k < nc; k++)
			free(vals[k]);
		if (rc == 0) {
			size_t	 k = rec_index(v, nv, &v[nv]);

			if (k < nv)
				diag_add(diag, where, 0, "%s paragraph %s is "
				    "already entry %zu", v[nv].symbol,
				    v[nv].paragraph, entry[k] + 1);
			entry[nv++] = i;
		}
	}
	json_decref(root);
	free(entry);
	if (diag->n > before) {
		for (size_t k = 0; k < nv; k++)
			rec_clear(&v[k]);
		free(v);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

/* A UNIX time as ISO 8601 UTC, or null for 0. */
static json_t *
jtime(long long t)
{
	char	 buf[32];

	if (t == 0)
		return json_null();
	return json_string(clock_format_utc(t, buf, sizeof buf));
}

char *
jsonout_instruments(const struct ruleset *rules, char **cause)
{
	struct doc	 doc;
	json_t		*arr;

	doc_init(&doc);
	arr = json_array();
	for (size_t i = 0; i < rules->n && doc.cause == NULL; i++) {
		const struct instrument	*in = &rules->v[i];
		json_t			*o = json_object(), *c = json_array();
		json_t			*rs = json_array();

		snprintf(doc.where, sizeof doc.where, "instrument %s", in->code);
		put(&doc, o, "code", json_string(in->code));
		put(&doc, o, "name", jstr(in->name));
		put(&doc, o, "name_nl", jstr(in->name_nl));
		put(&doc, o, "body", jstr(in->body));
		put(&doc, o, "lead", jstr(in->lead));
		for (int j = 0; j < in->ncontributors; j++)
			append(&doc, c, json_string(in->contributors[j]));
		put(&doc, o, "contributors", c);
		put(&doc, o, "scope", jstr(in->scope));
		put(&doc, o, "records_from", jdate(in->records_from));
		put(&doc, o, "source", jstr(in->source));
		put(&doc, o, "file", jstr(in->file));
		put(&doc, o, "overrides", jstr(in->overrides));
		for (size_t j = 0; j < in->nrules; j++) {
			const struct rule	*r = &in->rules[j];
			json_t			*ro = json_object();

			put(&doc, ro, "name", json_string(r->name));
			put(&doc, ro, "type", json_string(rules_type_name(r->type)));
			put(&doc, ro, "label", jstr(r->label));
			put(&doc, ro, "label_nl", jstr(r->label_nl));
			put(&doc, ro, "tentative", json_boolean(r->tentative));
			append(&doc, rs, ro);
		}
		put(&doc, o, "rules", rs);
		append(&doc, arr, o);
	}
	return dump(&doc, arr, cause);
}

char *
jsonout_coordinators(const struct coordinator *v, size_t n, char **cause)
{
	struct doc	 doc;
	json_t		*arr;

	doc_init(&doc);
	arr = json_array();
	for (size_t i = 0; i < n && doc.cause == NULL; i++) {
		json_t	*o = json_object(), *as = json_array();

		snprintf(doc.where, sizeof doc.where, "coordinator %lld",
		    v[i].id);
		put(&doc, o, "name", json_string(v[i].name));
		put(&doc, o, "email", json_string(v[i].email));
		put(&doc, o, "department", jstr(v[i].department));
		put(&doc, o, "language", jstr(v[i].language));
		/* Whether a feed address exists; the token itself is never
		 * kept. */
		put(&doc, o, "feed", json_boolean(v[i].has_token));
		for (size_t j = 0; j < v[i].nassignments; j++) {
			json_t	*a = json_object();

			put(&doc, a, "instrument",
			    json_string(v[i].assignments[j].instrument));
			put(&doc, a, "role", json_string(v[i].assignments[j].role));
			append(&doc, as, a);
		}
		put(&doc, o, "assignments", as);
		append(&doc, arr, o);
	}
	return dump(&doc, arr, cause);
}

char *
jsonout_outbox(const struct outbox_row *v, size_t n, const struct ack *acks,
    size_t nacks, char **cause)
{
	struct doc	 doc;
	json_t		*root, *rows, *as;

	doc_init(&doc);
	root = json_object();
	rows = json_array();
	as = json_array();
	for (size_t i = 0; i < n && doc.cause == NULL; i++) {
		const struct outbox_row	*r = &v[i];
		json_t			*o = json_object();

		snprintf(doc.where, sizeof doc.where, "outbox row %.60s",
		    r->deadline);
		put(&doc, o, "deadline", jstr(r->deadline));
		put(&doc, o, "due", jstr(r->due));
		put(&doc, o, "lead", jstr(r->lead));
		put(&doc, o, "recipient", json_string(r->recipient));
		put(&doc, o, "language", jstr(r->language));
		put(&doc, o, "kind", json_string(mail_kind_name(r->kind)));
		put(&doc, o, "state", json_string(outbox_state_name(r->state)));
		put(&doc, o, "waiting", jstr(r->waiting));
		put(&doc, o, "message_id", jstr(r->message_id));
		put(&doc, o, "send_at", jtime(r->send_at));
		put(&doc, o, "next_attempt", jtime(r->next_attempt));
		put(&doc, o, "created", jtime(r->created));
		put(&doc, o, "sent_at", jtime(r->sent_at));
		put(&doc, o, "attempts", json_integer(r->attempts));
		put(&doc, o, "last_reply", jstr(r->last_reply));
		put(&doc, o, "note", jstr(r->note));
		append(&doc, rows, o);
	}
	for (size_t i = 0; i < nacks && doc.cause == NULL; i++) {
		json_t	*o = json_object();

		snprintf(doc.where, sizeof doc.where, "acknowledgement %zu", i);
		put(&doc, o, "deadline", json_string(acks[i].deadline));
		put(&doc, o, "due", jstr(acks[i].due));
		put(&doc, o, "status", jstr(acks[i].status));
		put(&doc, o, "coordinator", json_string(acks[i].coordinator));
		put(&doc, o, "at", jtime(acks[i].at));
		put(&doc, o, "via", jstr(acks[i].via));
		append(&doc, as, o);
	}
	put(&doc, root, "rows", rows);
	put(&doc, root, "acknowledgements", as);
	return dump(&doc, root, cause);
}

char *
jsonout_check(const struct diag *dg, size_t ninstruments, size_t nrules,
    int nholidays, size_t ndepartments, char *const *dropins,
    size_t ndropins, char **cause)
{
	struct doc	 doc;
	json_t		*o, *errs, *di;

	doc_init(&doc);
	snprintf(doc.where, sizeof doc.where, "check");
	o = json_object();
	errs = json_array();
	for (size_t i = 0; dg != NULL && i < dg->n; i++)
		append(&doc, errs, json_string(dg->msgs[i]));
	put(&doc, o, "ok", json_boolean(dg == NULL || dg->n == 0));
	put(&doc, o, "errors", errs);
	if (dg == NULL || dg->n == 0) {
		put(&doc, o, "instruments", json_integer((json_int_t)ninstruments));
		put(&doc, o, "rules", json_integer((json_int_t)nrules));
		put(&doc, o, "holidays", json_integer(nholidays));
		put(&doc, o, "departments", json_integer((json_int_t)ndepartments));
		di = json_array();
		for (size_t i = 0; i < ndropins; i++)
			append(&doc, di, json_string(dropins[i]));
		put(&doc, o, "dropins", di);
	}
	return dump(&doc, o, cause);
}
