#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "fact.h"
#include "utf8.h"
#include "xmalloc.h"

void
fact_clear(struct fact *f)
{
	free(f->symbol);
	free(f->paragraph);
	free(f->url);
	free(f->note);
	free(f->recorded_by);
	free(f->recorded_at);
	f->symbol = f->paragraph = f->url = f->note = NULL;
	f->recorded_by = f->recorded_at = NULL;
}

void
facts_free(struct fact *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fact_clear(&v[i]);
	free(v);
}

static int
number(const char **p, int *out)
{
	int	 v = 0, n = 0;

	/* No leading zero: "007" is no report number. */
	if (**p == '0')
		return -1;
	while (**p >= '0' && **p <= '9' && n < 4) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n == 0 || n > 3 ? -1 : 0;
}

int
fact_cycle_range(const char *s, int *lo, int *hi)
{
	const char	*p = s;

	if (number(&p, lo) == -1)
		return -1;
	*hi = *lo;
	if (*p == '-') {
		p++;
		if (number(&p, hi) == -1)
			return -1;
	}
	if (*p != '\0' || *lo < 1 || *hi < *lo)
		return -1;
	return 0;
}

/* "unknown fact kind 'x' (one of: a b c ...)" */
static char *
unknown_kind(const char *kind)
{
	const char *const	*k = rules_fact_kinds();
	struct buf		 b;

	buf_init(&b, 4096);
	buf_printf(&b, "unknown fact kind '%s' (one of:", kind);
	for (; *k != NULL; k++)
		buf_printf(&b, " %s", *k);
	buf_puts(&b, ")");
	return buf_take(&b);
}

int
fact_validate(const struct fact *f, const struct ruleset *rules, char **cause)
{
	const struct {
		const char	*name;
		const char	*text;
		size_t		 max;
	} texts[] = {
		{ "symbol", f->symbol, FACT_SYMBOL_MAX },
		{ "paragraph", f->paragraph, FACT_PARAGRAPH_MAX },
		{ "url", f->url, FACT_URL_MAX },
		{ "note", f->note, FACT_NOTE_MAX },
		{ "recorded_by", f->recorded_by, FACT_BY_MAX },
	};
	const struct instrument	*in;
	int			 decision, lo, hi;

	if ((in = ruleset_find(rules, f->instrument)) == NULL) {
		*cause = xasprintf("unknown instrument '%s'", f->instrument);
		return -1;
	}
	if (!rules_fact_kind_valid(f->kind)) {
		*cause = unknown_kind(f->kind);
		return -1;
	}
	if (f->date == DATE_NONE) {
		*cause = xasprintf("a fact needs a date");
		return -1;
	}
	decision = !strcmp(f->kind, "due_date_set") ||
	    !strcmp(f->kind, "postponed") || !strcmp(f->kind, "date_pending") ||
	    !strcmp(f->kind, "milestone_done") || !strcmp(f->kind, "planned");
	if (decision && f->rule[0] == '\0') {
		*cause = xasprintf("a %s fact needs --rule (one of %s's rules "
		    "or milestones)", f->kind, in->code);
		return -1;
	}
	if (f->rule[0] != '\0' && instrument_rule(in, f->rule) == NULL) {
		*cause = xasprintf("%s has no rule or milestone '%s'", in->code,
		    f->rule);
		return -1;
	}
	if ((!strcmp(f->kind, "due_date_set") || !strcmp(f->kind, "planned")) &&
	    f->due == DATE_NONE) {
		*cause = xasprintf("a %s fact needs --due DATE", f->kind);
		return -1;
	}
	if (f->due != DATE_NONE && strcmp(f->kind, "due_date_set") &&
	    strcmp(f->kind, "postponed") && strcmp(f->kind, "planned")) {
		*cause = xasprintf("--due applies to due_date_set, postponed and "
		    "planned facts, not %s", f->kind);
		return -1;
	}
	/* A report number or range, or a year of this millennium or the
	 * last: 1000-2999. */
	if (f->cycle[0] != '\0' && fact_cycle_range(f->cycle, &lo, &hi) == -1 &&
	    (strlen(f->cycle) != 4 || strspn(f->cycle, "0123456789") != 4 ||
	    f->cycle[0] < '1' || f->cycle[0] > '2')) {
		*cause = xasprintf("cycle '%s': expected a report number (7), a "
		    "range (25-27) or a year (2027)", f->cycle);
		return -1;
	}
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char	*why = NULL;

		if (texts[i].text != NULL &&
		    utf8_check_text(texts[i].text, texts[i].max, &why) == -1) {
			*cause = xasprintf("%s: %s", texts[i].name, why);
			free(why);
			return -1;
		}
	}
	return 0;
}
