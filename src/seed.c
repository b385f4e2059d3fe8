#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "fact.h"
#include "inifile.h"
#include "rules.h"
#include "seed.h"
#include "utf8.h"
#include "xmalloc.h"

struct seed_reader {
	const char		*file;
	struct diag		*dg;
	struct seed		*out;
	int			 header;	/* a section began */
	unsigned		 seen;		/* keys of the section (bits) */
};

/* The keys of a seed file and the longest value each takes. */
static const struct {
	const char	*key;
	size_t		 max;
} seed_keys[] = {
	{ "instrument", RULES_CODE_MAX - 1 },
	{ "kind", RULES_NAME_MAX - 1 },
	{ "date", DATE_STRLEN - 1 },
	{ "rule", RULES_NAME_MAX - 1 },
	{ "due", DATE_STRLEN - 1 },
	{ "cycle", FACT_CYCLE_MAX - 1 },
	{ "symbol", FACT_SYMBOL_MAX },
	{ "paragraph", FACT_PARAGRAPH_MAX },
	{ "url", FACT_URL_MAX },
	{ "note", FACT_NOTE_MAX },
	{ "recorded_by", FACT_BY_MAX },
};
#define NSEED_KEYS	(sizeof seed_keys / sizeof seed_keys[0])

static void
seed_key(void *arg, int line, const char *section, const char *key,
    const char *value)
{
	struct seed_reader	*im = arg;
	struct fact	*f;
	char		*cause = NULL;
	size_t		 k;

	if (key == NULL) {
		im->header = 1;		/* each header starts a new fact */
		return;
	}
	if (im->out->n == 0 || im->header) {
		im->out->v = xreallocarray(im->out->v, im->out->n + 1,
		    sizeof *im->out->v);
		im->out->lines = xreallocarray(im->out->lines, im->out->n + 1,
		    sizeof *im->out->lines);
		f = &im->out->v[im->out->n];
		memset(f, 0, sizeof *f);
		f->date = f->due = DATE_NONE;
		im->out->lines[im->out->n++] = line;
		im->header = 0;
		im->seen = 0;
	}
	f = &im->out->v[im->out->n - 1];
	for (k = 0; k < NSEED_KEYS; k++)
		if (!strcmp(key, seed_keys[k].key))
			break;
	if (k == NSEED_KEYS) {
		diag_add(im->dg, im->file, line, "unknown key '%s' (expected "
		    "instrument, kind, date, rule, due, cycle, symbol, "
		    "paragraph, url, note, recorded_by)", key);
		return;
	}
	/* Twice in one fact: which would count? Neither. */
	if (im->seen & (1u << k)) {
		diag_add(im->dg, im->file, line, "%s is given twice in this "
		    "fact", key);
		return;
	}
	im->seen |= 1u << k;
	/* Refused, never cut: a value that does not fit is an error. */
	if (utf8_check_text(value, seed_keys[k].max, &cause) == -1) {
		diag_add(im->dg, im->file, line, "%s: %s", key, cause);
		free(cause);
		return;
	}
	if (!strcmp(key, "instrument")) {
		snprintf(f->instrument, sizeof f->instrument, "%s", value);
	} else if (!strcmp(key, "kind")) {
		snprintf(f->kind, sizeof f->kind, "%s", value);
	} else if (!strcmp(key, "date") || !strcmp(key, "due")) {
		if (date_parse(value, !strcmp(key, "date") ? &f->date : &f->due,
		    &cause) == -1) {
			diag_add(im->dg, im->file, line, "%s: %s", key, cause);
			free(cause);
		}
	} else if (!strcmp(key, "rule")) {
		snprintf(f->rule, sizeof f->rule, "%s", value);
	} else if (!strcmp(key, "cycle")) {
		snprintf(f->cycle, sizeof f->cycle, "%s", value);
	} else if (!strcmp(key, "symbol")) {
		free(f->symbol);
		f->symbol = xstrdup(value);
	} else if (!strcmp(key, "paragraph")) {
		free(f->paragraph);
		f->paragraph = xstrdup(value);
	} else if (!strcmp(key, "url")) {
		free(f->url);
		f->url = xstrdup(value);
	} else if (!strcmp(key, "note")) {
		free(f->note);
		f->note = xstrdup(value);
	} else if (!strcmp(key, "recorded_by")) {
		free(f->recorded_by);
		f->recorded_by = xstrdup(value);
	}
}

/* Every fact complete and valid, each error at its section's line. */
static int
seed_check(const char *file, const struct ruleset *rs, const char *by,
    struct diag *dg, struct seed *out, size_t before)
{
	char	*cause = NULL;

	for (size_t i = 0; i < out->n; i++) {
		struct fact	*f = &out->v[i];

		if (f->instrument[0] == '\0' || f->kind[0] == '\0' ||
		    f->date == DATE_NONE) {
			diag_add(dg, file, out->lines[i], "a fact needs "
			    "instrument, kind and date");
			continue;
		}
		if (f->recorded_by == NULL)
			f->recorded_by = xstrdup(by);
		if (fact_validate(f, rs, &cause) == -1) {
			diag_add(dg, file, out->lines[i], "%s", cause);
			free(cause);
			cause = NULL;
		}
	}
	return dg->n > before ? -1 : 0;
}

int
seed_read(const char *path, const struct ruleset *rs, const char *by,
    struct diag *dg, struct seed *out)
{
	struct seed_reader	 rd = { .file = path, .dg = dg, .out = out };
	size_t			 before = dg->n;

	memset(out, 0, sizeof *out);
	if (inifile_read(path, seed_key, &rd, dg) == -1)
		return -1;
	return seed_check(path, rs, by, dg, out, before);
}

int
seed_read_string(const char *name, const char *text, const struct ruleset *rs,
    const char *by, struct diag *dg, struct seed *out)
{
	struct seed_reader	 rd = { .file = name, .dg = dg, .out = out };
	size_t			 before = dg->n;

	memset(out, 0, sizeof *out);
	if (inifile_read_string(name, text, seed_key, &rd, dg) == -1)
		return -1;
	return seed_check(name, rs, by, dg, out, before);
}

void
seed_free(struct seed *s)
{
	facts_free(s->v, s->n);
	free(s->lines);
	memset(s, 0, sizeof *s);
}
