#include "config.h"

#include <jansson.h>
#include <stdlib.h>

#include "date.h"
#include "engine.h"
#include "jsonout.h"
#include "xmalloc.h"

static json_t *
jdate(int date)
{
	char	 buf[DATE_STRLEN];

	return date == DATE_NONE ? json_null() : json_string(date_format(date, buf));
}

static json_t *
jstr(const char *s)
{
	return s == NULL || s[0] == '\0' ? json_null() : json_string(s);
}

static char *
dump(json_t *root)
{
	char	*text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	char	*copy;

	json_decref(root);
	if (text == NULL)
		return xstrdup("[]");
	copy = xstrdup(text);
	free(text);
	return copy;
}

char *
jsonout_deadlines(const struct deadline *v, size_t n, const char *lang)
{
	json_t	*arr = json_array();
	char	 label[256];

	for (size_t i = 0; i < n; i++) {
		const struct deadline	*d = &v[i];
		json_t			*o = json_object(), *facts = json_array();

		json_object_set_new(o, "id", json_string(d->id));
		json_object_set_new(o, "instrument", json_string(d->inst->code));
		json_object_set_new(o, "kind", json_string(d->kind));
		json_object_set_new(o, "label",
		    json_string(engine_label(d, lang, label, sizeof label)));
		json_object_set_new(o, "cycle", jstr(d->cycle));
		json_object_set_new(o, "due", jdate(d->due));
		json_object_set_new(o, "status",
		    json_string(engine_status_name(d->status)));
		json_object_set_new(o, "confidence",
		    json_string(engine_confidence_name(d->confidence)));
		json_object_set_new(o, "voluntary", json_boolean(d->voluntary));
		json_object_set_new(o, "met_on", jdate(d->met_on));
		json_object_set_new(o, "days_late",
		    json_integer(engine_days_late(d)));
		json_object_set_new(o, "planned", jdate(d->planned));
		json_object_set_new(o, "postponed_from", jdate(d->postponed_from));
		json_object_set_new(o, "parent", jstr(d->parent));
		json_object_set_new(o, "rule", json_string(d->rule->name));
		json_object_set_new(o, "lead", jstr(d->inst->lead));
		json_object_set_new(o, "body", jstr(d->inst->body));
		for (int j = 0; j < d->nfacts; j++)
			json_array_append_new(facts, json_integer(d->facts[j]));
		json_object_set_new(o, "facts", facts);
		json_array_append_new(arr, o);
	}
	return dump(arr);
}

char *
jsonout_facts(const struct fact *v, size_t n, const struct fact *all, size_t nall)
{
	json_t	*arr = json_array();

	for (size_t i = 0; i < n; i++) {
		const struct fact	*f = &v[i];
		json_t			*o = json_object();

		json_object_set_new(o, "id", json_integer(f->id));
		json_object_set_new(o, "instrument", json_string(f->instrument));
		json_object_set_new(o, "kind", json_string(f->kind));
		json_object_set_new(o, "date", jdate(f->date));
		json_object_set_new(o, "rule", jstr(f->rule));
		json_object_set_new(o, "due", jdate(f->due));
		json_object_set_new(o, "cycle", jstr(f->cycle));
		json_object_set_new(o, "symbol", jstr(f->symbol));
		json_object_set_new(o, "paragraph", jstr(f->paragraph));
		json_object_set_new(o, "url", jstr(f->url));
		json_object_set_new(o, "note", jstr(f->note));
		json_object_set_new(o, "recorded_by", jstr(f->recorded_by));
		json_object_set_new(o, "recorded_at", jstr(f->recorded_at));
		json_object_set_new(o, "supersedes", f->supersedes ?
		    json_integer(f->supersedes) : json_null());
		json_object_set_new(o, "superseded",
		    json_boolean(engine_fact_superseded(all, nall, f->id)));
		json_array_append_new(arr, o);
	}
	return dump(arr);
}
