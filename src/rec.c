#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"
#include "holidays.h"
#include "rec.h"
#include "utf8.h"
#include "xmalloc.h"

static const char *const status_names[REC_NSTATUS] = {
	[REC_NOT_STARTED] = "not started",
	[REC_IN_PROGRESS] = "in progress",
	[REC_PARTIAL] = "partially implemented",
	[REC_IMPLEMENTED] = "implemented",
	[REC_NOT_ACCEPTED] = "not accepted",
};

static const enum word status_words[REC_NSTATUS] = {
	[REC_NOT_STARTED] = WORD_REC_NOT_STARTED,
	[REC_IN_PROGRESS] = WORD_REC_IN_PROGRESS,
	[REC_PARTIAL] = WORD_REC_PARTIAL,
	[REC_IMPLEMENTED] = WORD_REC_IMPLEMENTED,
	[REC_NOT_ACCEPTED] = WORD_REC_NOT_ACCEPTED,
};

static const struct rule update_rule = {
	.name = "rec_update",
	.type = RULE_OFFSET,
	.label = "Progress update on recommendations for the cabinet letter",
	.label_nl = "Voortgang opvolging aanbevelingen bijwerken voor de "
	    "kabinetsbrief",
	.fulfilled_by = "rec_update",
	.owner = "lead",
};

void
rec_clear(struct rec *r)
{
	free(r->symbol);
	free(r->paragraph);
	free(r->text);
	free(r->summary_nl);
	free(r->themes);
	free(r->sdgs);
	free(r->persons);
	free(r->recorded_by);
	free(r->recorded_at);
	memset(r, 0, sizeof *r);
}

void
rec_set_free(struct rec_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		rec_clear(&s->v[i]);
	for (size_t i = 0; i < s->nowners; i++) {
		free(s->owners[i].contributors);
		free(s->owners[i].recorded_by);
		free(s->owners[i].recorded_at);
	}
	for (size_t i = 0; i < s->nupdates; i++) {
		free(s->updates[i].text);
		free(s->updates[i].recorded_by);
		free(s->updates[i].recorded_at);
	}
	free(s->v);
	free(s->owners);
	free(s->updates);
	memset(s, 0, sizeof *s);
}

const char *
rec_status_name(enum rec_status st)
{
	return (unsigned)st < REC_NSTATUS ? status_names[st] : "?";
}

/* s and name equal, taking '_' and '-' in s for a space, in any case. */
static int
same_words(const char *s, const char *name)
{
	for (; *s != '\0' && *name != '\0'; s++, name++) {
		int	 c = *s == '_' || *s == '-' ? ' ' : *s;

		if (tolower((unsigned char)c) != *name)
			return 0;
	}
	return *s == '\0' && *name == '\0';
}

int
rec_status_parse(const char *s)
{
	if (s == NULL)
		return -1;
	/* The English name, or the Dutch words the pages show. */
	for (int i = 0; i < REC_NSTATUS; i++)
		if (same_words(s, status_names[i]) ||
		    same_words(s, words_get(status_words[i], LANG_NL)))
			return i;
	return -1;
}

const char *
rec_status_word(enum rec_status st, enum lang l)
{
	return (unsigned)st < REC_NSTATUS ? words_get(status_words[st], l) :
	    "?";
}

int
rec_status_closed(enum rec_status st)
{
	return st == REC_IMPLEMENTED || st == REC_NOT_ACCEPTED;
}

const char *
rec_position_name(enum rec_position p)
{
	return p == REC_POS_SUPPORTED ? "supported" :
	    p == REC_POS_NOTED ? "noted" : "";
}

int
rec_position_parse(const char *s)
{
	if (s == NULL || *s == '\0')
		return REC_POS_NONE;
	if (strcasecmp(s, "supported") == 0 || strcasecmp(s, "accepted") == 0)
		return REC_POS_SUPPORTED;
	if (strcasecmp(s, "noted") == 0)
		return REC_POS_NOTED;
	return -1;
}

/* A text field: required or not, UTF-8, within max characters. */
static int
check_field(const char *name, const char *v, size_t max, int required,
    int oneline, char **cause)
{
	char	*why = NULL;

	if (v == NULL || *v == '\0') {
		if (!required)
			return 0;
		*cause = xasprintf("%s is missing", name);
		return -1;
	}
	if (oneline) {
		if (utf8_check_text(v, max, &why) == -1) {
			*cause = xasprintf("%s: %s", name, why);
			free(why);
			return -1;
		}
		return 0;
	}
	if (!utf8_valid(v)) {
		*cause = xasprintf("%s is not valid UTF-8", name);
		return -1;
	}
	if (utf8_chars(v) > max) {
		*cause = xasprintf("%s is longer than %zu characters", name, max);
		return -1;
	}
	for (const char *p = v; *p != '\0'; p++)
		if (((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') ||
		    *p == 0x7f) {
			*cause = xasprintf("%s holds a control character", name);
			return -1;
		}
	return 0;
}

int
rec_validate(struct rec *r, const struct ruleset *rules, char **cause)
{
	const struct instrument	*in;

	if ((in = ruleset_find(rules, r->instrument)) == NULL) {
		*cause = xasprintf("unknown instrument '%s'", r->instrument);
		return -1;
	}
	memcpy(r->instrument, in->code, sizeof r->instrument);
	if (check_field("symbol", r->symbol, REC_SYMBOL_MAX, 1, 1, cause) ||
	    check_field("paragraph", r->paragraph, REC_PARAGRAPH_MAX, 1, 1,
	    cause) ||
	    check_field("text", r->text, REC_TEXT_MAX, 1, 0, cause) ||
	    check_field("Dutch summary", r->summary_nl, REC_TEXT_MAX, 0, 0,
	    cause) ||
	    check_field("themes", r->themes, REC_LIST_MAX, 0, 1, cause) ||
	    check_field("SDGs", r->sdgs, REC_LIST_MAX, 0, 1, cause) ||
	    check_field("affected persons", r->persons, REC_LIST_MAX, 0, 1,
	    cause) ||
	    check_field("recorded by", r->recorded_by, REC_BY_MAX, 0, 1, cause))
		return -1;
	if (strchr(r->symbol, ':') != NULL) {
		*cause = xasprintf("symbol '%s' holds a ':'", r->symbol);
		return -1;
	}
	if (r->year != 0 && (r->year < 1945 || r->year > 2999)) {
		*cause = xasprintf("year %d is not a year of a document",
		    r->year);
		return -1;
	}
	return 0;
}

int
rec_update_validate(const struct rec_update *u, char **cause)
{
	if (u->date == DATE_NONE) {
		*cause = xasprintf("the update has no date");
		return -1;
	}
	if ((unsigned)u->status >= REC_NSTATUS) {
		*cause = xasprintf("the update has no status");
		return -1;
	}
	return check_field("text", u->text, REC_UPDATE_MAX, 1, 0, cause) ||
	    check_field("recorded by", u->recorded_by, REC_BY_MAX, 0, 1,
	    cause) ? -1 : 0;
}

const struct rec *
rec_by_id(const struct rec_set *s, long long id)
{
	size_t	 lo = 0, hi = s->n;

	while (lo < hi) {	/* in id order */
		size_t	 mid = lo + (hi - lo) / 2;

		if (s->v[mid].id == id)
			return &s->v[mid];
		if (s->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t
rec_index(const struct rec *v, size_t n, const struct rec *r)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(v[i].symbol, r->symbol) == 0 &&
		    strcasecmp(v[i].paragraph, r->paragraph) == 0)
			return i;
	return n;
}

const struct rec *
rec_find(const struct rec_set *s, const char *key)
{
	const char	*colon;
	char		*end;
	long long	 id;

	if (key == NULL || *key == '\0')
		return NULL;
	if ((colon = strrchr(key, ':')) == NULL) {
		id = strtoll(key, &end, 10);
		return *end == '\0' && id > 0 ? rec_by_id(s, id) : NULL;
	}
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i].symbol) == (size_t)(colon - key) &&
		    strncasecmp(s->v[i].symbol, key, colon - key) == 0 &&
		    strcasecmp(s->v[i].paragraph, colon + 1) == 0)
			return &s->v[i];
	return NULL;
}

const struct rec_update *
rec_latest(const struct rec_set *s, long long rec, int asof)
{
	const struct rec_update	*best = NULL;

	for (size_t i = 0; i < s->nupdates; i++) {
		const struct rec_update	*u = &s->updates[i];

		if (u->rec != rec || (asof != DATE_NONE && u->date > asof))
			continue;
		/* By date; of one date, the one recorded last. */
		if (best == NULL || u->date >= best->date)
			best = u;
	}
	return best;
}

enum rec_status
rec_status_at(const struct rec_set *s, long long rec, int asof)
{
	const struct rec_update	*u = rec_latest(s, rec, asof);

	return u != NULL ? u->status : REC_NOT_STARTED;
}

const struct rec_owner *
rec_owner_of(const struct rec_set *s, long long rec)
{
	for (size_t i = s->nowners; i-- > 0;)
		if (s->owners[i].rec == rec)
			return &s->owners[i];
	return NULL;
}

const char *
rec_lead(const struct rec_set *s, const struct rec *r,
    const struct ruleset *rules)
{
	const struct rec_owner	*o = rec_owner_of(s, r->id);
	const struct instrument	*in;

	if (o != NULL && o->lead[0] != '\0')
		return o->lead;
	in = ruleset_find(rules, r->instrument);
	return in != NULL ? in->lead : "";
}

/* 1 when word is one of the space-separated words of list, any case. */
static int
in_words(const char *list, const char *word)
{
	size_t	 n = strlen(word);

	for (const char *p = list; p != NULL && *p != '\0';) {
		size_t	 k;

		p += strspn(p, " ,;");
		k = strcspn(p, " ,;");
		if (k == n && k > 0 && strncasecmp(p, word, n) == 0)
			return 1;
		p += k;
	}
	return 0;
}

int
rec_involves(const struct rec_set *s, const struct rec *r,
    const struct ruleset *rules, const char *dept)
{
	const struct rec_owner	*o = rec_owner_of(s, r->id);
	const struct instrument	*in;

	if (o != NULL)
		return strcasecmp(o->lead, dept) == 0 ||
		    in_words(o->contributors, dept);
	in = ruleset_find(rules, r->instrument);
	return in != NULL && instrument_involves(in, dept);
}

int
rec_recorded_on(const char *at)
{
	int	 y, m, d;

	if (at == NULL || sscanf(at, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    !date_valid(y, m, d))
		return DATE_NONE;
	return date_from_ymd(y, m, d);
}

void
rec_filter_init(struct rec_filter *f)
{
	memset(f, 0, sizeof *f);
	f->status = -1;
	f->followup = -1;
	f->asof = DATE_NONE;
}

/* Whether needle is part of the "; " list, in any case. */
static int
list_has(const char *list, const char *needle)
{
	size_t	 n = strlen(needle);

	if (list == NULL)
		return 0;
	for (const char *p = list; *p != '\0'; p++)
		if (strncasecmp(p, needle, n) == 0)
			return 1;
	return 0;
}

/*
 * An SDG by its number, at the start of an item of the list ("5 - Gender
 * equality", "5.2 - ...", "SDG 5"): goal "5" matches goal 5 and its
 * targets 5.x, a target "5.2" only itself; a number in the words does
 * not count.
 */
static int
sdg_has(const char *list, const char *goal)
{
	size_t	 n = strlen(goal);

	if (list == NULL || n == 0)
		return 0;
	for (const char *p = list; *p != '\0';) {
		const char	*item = p;
		size_t		 k = strcspn(p, ";");

		p += k;
		p += *p == ';';
		while (*item == ' ')
			item++;
		if (strncasecmp(item, "SDG", 3) == 0)
			for (item += 3; *item == ' '; item++)
				;
		if (strncmp(item, goal, n) != 0)
			continue;
		if (isdigit((unsigned char)item[n]) ||
		    isalpha((unsigned char)item[n]))
			continue;	/* "5" is not "50" nor "5a" */
		if (item[n] == '.' && strchr(goal, '.') != NULL &&
		    isalnum((unsigned char)item[n + 1]))
			continue;	/* "5.2" is not "5.2.1" */
		return 1;
	}
	return 0;
}

int
rec_match(const struct rec_set *s, const struct rec *r,
    const struct ruleset *rules, const struct rec_filter *f)
{
	if (f->instrument != NULL &&
	    strcasecmp(f->instrument, r->instrument) != 0)
		return 0;
	if (f->symbol != NULL && strcasecmp(f->symbol, r->symbol) != 0)
		return 0;
	if (f->theme != NULL && !list_has(r->themes, f->theme))
		return 0;
	if (f->sdg != NULL && !sdg_has(r->sdgs, f->sdg))
		return 0;
	if (f->ministry != NULL && !rec_involves(s, r, rules, f->ministry))
		return 0;
	if (f->followup == 1 && !r->followup)
		return 0;
	if (f->status >= 0 && (int)rec_status_at(s, r->id, f->asof) != f->status)
		return 0;
	return 1;
}

const struct rule *
rec_update_rule(void)
{
	return &update_rule;
}

/* Whether rec counts for a window opening on `opened` with due `due`. */
static int
counts(const struct rec_set *s, const struct rec *r, int opened, int due)
{
	int	 on = rec_recorded_on(r->recorded_at);

	if (on == DATE_NONE || on >= due)
		return 0;
	return !rec_status_closed(rec_status_at(s, r->id, opened));
}

/* The first update of rec dated after opened (DATE_NONE: any), or
 * DATE_NONE. */
static int
first_update(const struct rec_set *s, long long rec, int opened)
{
	int	 first = DATE_NONE;

	for (size_t i = 0; i < s->nupdates; i++) {
		const struct rec_update	*u = &s->updates[i];

		if (u->rec == rec && (opened == DATE_NONE || u->date > opened) &&
		    (first == DATE_NONE || u->date < first))
			first = u->date;
	}
	return first;
}

static void
emit_update(const struct rec_set *s, const struct instrument *in,
    const struct deadline *letter, int opened, int due, int today,
    struct deadlines *out)
{
	struct deadline	*d;
	int		 met = DATE_NONE, any = 0;

	for (size_t i = 0; i < s->n; i++) {
		int	 first;

		if (strcmp(s->v[i].instrument, in->code) != 0 ||
		    !counts(s, &s->v[i], opened, due))
			continue;
		any = 1;
		first = first_update(s, s->v[i].id, opened);
		if (first == DATE_NONE) {
			met = DATE_NONE;
			break;
		}
		if (met == DATE_NONE || first > met)
			met = first;
	}
	if (!any)
		return;
	d = deadlines_push(out);
	d->inst = in;
	d->rule = &update_rule;
	snprintf(d->kind, sizeof d->kind, "%s", update_rule.name);
	snprintf(d->cycle, sizeof d->cycle, "%s", letter->cycle);
	snprintf(d->id, sizeof d->id, "%s/%s/%s", in->code, update_rule.name,
	    letter->cycle);
	snprintf(d->parent, sizeof d->parent, "%s", letter->id);
	d->due = due;
	d->opened = opened;
	d->met_on = met;
	d->confidence = letter->confidence == CONF_CONFIRMED ? CONF_DERIVED :
	    letter->confidence;
	if (met != DATE_NONE)
		d->status = STATUS_MET;
	else if (due >= today)
		d->status = STATUS_OPEN;
	else
		d->status = STATUS_OVERDUE;
}

void
rec_deadlines(const struct rec_set *s, const struct ruleset *rules,
    const struct holidays *hol, const struct duration *before, int today,
    struct deadlines *out)
{
	static const struct duration	 one_year = { 1, 0, 0, 0 };
	size_t				 nletters = out->n;
	struct deadline			*letters;
	size_t				 k = 0;

	if (s == NULL || s->n == 0)
		return;
	/* The letters first: pushing may move out->v. */
	letters = xcalloc(nletters ? nletters : 1, sizeof *letters);
	for (size_t i = 0; i < nletters; i++)
		if (strcmp(out->v[i].kind, "annual_letter") == 0 &&
		    out->v[i].status != STATUS_SUPERSEDED)
			letters[k++] = out->v[i];
	for (size_t i = 0; i < k; i++) {
		int	 due, opened, prev = DATE_NONE;

		/* The previous letter of the same instrument. */
		for (size_t j = 0; j < k; j++)
			if (letters[j].inst == letters[i].inst &&
			    letters[j].due < letters[i].due &&
			    (prev == DATE_NONE || letters[j].due > prev))
				prev = letters[j].due;
		if (prev == DATE_NONE)
			prev = date_add(letters[i].due, &one_year, -1);
		due = date_add(letters[i].due, before, -1);
		opened = date_add(prev, before, -1);
		due = holidays_prev_working_day(hol, due);
		opened = holidays_prev_working_day(hol, opened);
		for (size_t j = 0; j < rules->n; j++)
			emit_update(s, &rules->v[j], &letters[i], opened, due,
			    today, out);
	}
	free(letters);
}

size_t
rec_pending(const struct rec_set *s, const struct deadline *d,
    const struct rec **out, size_t max)
{
	size_t	 n = 0;

	if (s == NULL || strcmp(d->kind, update_rule.name) != 0)
		return 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct rec	*r = &s->v[i];

		if (strcmp(r->instrument, d->inst->code) != 0 ||
		    !counts(s, r, d->opened, d->due) ||
		    first_update(s, r->id, d->opened) != DATE_NONE)
			continue;
		if (n < max)
			out[n] = r;
		n++;
	}
	return n;
}
