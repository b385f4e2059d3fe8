#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "date.h"
#include "engine.h"
#include "jsonout.h"
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
