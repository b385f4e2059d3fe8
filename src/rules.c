#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "ical.h"
#include "rules.h"
#include "xmalloc.h"

static const char *const fact_kinds[] = {
	"entry_into_force", "report_submitted", "loipr_received",
	"loi_received", "dialogue", "co_adopted", "followup_submitted",
	"due_date_set", "date_pending", "postponed", "consultation_held",
	"milestone_done", "meeting_held", "letter_sent", "replies_submitted",
	"records_from", "planned", NULL
};

/* Which fact meets a deadline of a given kind, when the rule is silent. */
static const struct {
	const char	*kind;
	const char	*fact;
} default_fulfil[] = {
	{ "report", "report_submitted" },
	{ "loipr_reply", "report_submitted" },
	{ "initial_report", "report_submitted" },
	{ "national_report", "report_submitted" },
	{ "interim", "followup_submitted" },
	{ "followup", "followup_submitted" },
	{ "midterm", "followup_submitted" },
	{ "annual_letter", "letter_sent" },
	{ "network_meeting", "meeting_held" },
	{ "consultation", "consultation_held" },
};

struct parse_state {
	struct instrument	*inst;		/* NULL before [instrument] */
	struct rule		*rule;		/* the section being read */
	char			 section[64];
	unsigned		 seen;		/* keys seen in section (bits) */
	int			 usable;	/* the section opened cleanly */
};

/* One parse in flight per ruleset; kept beside it, not in a global. */
#define STATE(rs)	((struct parse_state *)(rs)->state)

const char *const *
rules_fact_kinds(void)
{
	return fact_kinds;
}

int
rules_fact_kind_valid(const char *s)
{
	for (size_t i = 0; fact_kinds[i] != NULL; i++)
		if (strcmp(s, fact_kinds[i]) == 0)
			return 1;
	return 0;
}

const char *
rules_default_fulfilled_by(const char *kind)
{
	for (size_t i = 0; i < sizeof default_fulfil / sizeof *default_fulfil; i++)
		if (strcmp(kind, default_fulfil[i].kind) == 0)
			return default_fulfil[i].fact;
	return "milestone_done";
}

const char *
rules_type_name(enum rule_type t)
{
	switch (t) {
	case RULE_UNSET:	return "unset";
	case RULE_OFFSET:	return "offset";
	case RULE_ON_EVENT:	return "on_event";
	case RULE_GRID:		return "grid";
	case RULE_YEARLY:	return "yearly";
	case RULE_MILESTONE:	return "milestone";
	}
	return "?";
}

static int
is_ident(const char *s, size_t max)
{
	size_t	 n = strlen(s);

	if (n == 0 || n >= max || !islower((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) &&
		    s[i] != '_')
			return 0;
	return 1;
}

static int
is_code(const char *s)
{
	size_t	 n = strlen(s);

	if (n < 2 || n >= RULES_CODE_MAX || !isalpha((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

int
rules_parse_anchor(const char *s, struct anchor *a, char **cause)
{
	char	 head[RULES_NAME_MAX], *dcause = NULL;
	size_t	 n;
	const char *p;

	memset(a, 0, sizeof *a);
	a->date = DATE_NONE;
	a->sign = 1;
	n = strcspn(s, " \t+-");
	/* A literal date contains '-', so take its fixed ten characters. */
	if (n == 4 && s[4] == '-')
		n = strlen(s) >= 10 ? 10 : strlen(s);
	if (n == 0 || n >= sizeof head) {
		*cause = xasprintf("'%s': expected FACT_KIND or YYYY-MM-DD, "
		    "optionally followed by + or - and a duration", s);
		return -1;
	}
	memcpy(head, s, n);
	head[n] = '\0';
	if (isdigit((unsigned char)head[0])) {
		if (date_parse(head, &a->date, &dcause) == -1) {
			*cause = dcause;
			return -1;
		}
	} else if (rules_fact_kind_valid(head)) {
		snprintf(a->fact, sizeof a->fact, "%s", head);
	} else {
		*cause = xasprintf("'%s' is not a fact kind (one of "
		    "entry_into_force, report_submitted, loipr_received, "
		    "dialogue, co_adopted, ...) nor a date", head);
		return -1;
	}
	p = s + n;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return 0;
	if (*p != '+' && *p != '-') {
		*cause = xasprintf("'%s': expected + or - after '%s'", s, head);
		return -1;
	}
	a->sign = *p == '-' ? -1 : 1;
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	return duration_parse(p, &a->dur, cause);
}

void
ruleset_init(struct ruleset *rs)
{
	memset(rs, 0, sizeof *rs);
}

static void
rule_free(struct rule *r)
{
	free(r->label);
	free(r->label_nl);
	free(r->rrule);
}

static void
instrument_free(struct instrument *in)
{
	free(in->name);
	free(in->name_nl);
	free(in->body);
	free(in->source);
	free(in->note);
	for (size_t i = 0; i < in->nrules; i++)
		rule_free(&in->rules[i]);
	free(in->rules);
}

void
ruleset_free(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		instrument_free(&rs->v[i]);
	free(rs->v);
	for (size_t i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	free(rs->files);
	free(rs->state);
	free(rs->by_code);
	ruleset_init(rs);
}

void
ruleset_begin_file(struct ruleset *rs, const char *file)
{
	struct parse_state	*st;

	rs->files = xreallocarray(rs->files, rs->nfiles + 1, sizeof *rs->files);
	rs->files[rs->nfiles++] = xstrdup(file);
	free(rs->state);
	st = xcalloc(1, sizeof *st);
	rs->state = st;
}

void
ruleset_begin_layer(struct ruleset *rs)
{
	rs->layer++;
}

static const char *
cur_file(const struct ruleset *rs)
{
	return rs->nfiles ? rs->files[rs->nfiles - 1] : "(none)";
}

/* The rule by name in an instrument still being built. */
static struct rule *
find_rule(struct instrument *in, const char *name)
{
	for (size_t i = 0; i < in->nrules; i++)
		if (strcmp(in->rules[i].name, name) == 0)
			return &in->rules[i];
	return NULL;
}

static void
open_section(struct ruleset *rs, int line, const char *section, struct diag *dg)
{
	struct parse_state	*st = STATE(rs);
	const char		*file = cur_file(rs);
	char			 word[32], name[64];
	struct instrument	*in;
	struct rule		*r;

	snprintf(st->section, sizeof st->section, "%s", section);
	st->seen = 0;
	st->rule = NULL;
	st->usable = 0;
	if (strcmp(section, "instrument") == 0) {
		if (st->inst != NULL) {
			diag_add(dg, file, line, "a second [instrument] section; "
			    "each file defines one instrument");
			return;
		}
		rs->v = xreallocarray(rs->v, rs->n + 1, sizeof *rs->v);
		in = &rs->v[rs->n++];
		memset(in, 0, sizeof *in);
		in->records_from = DATE_NONE;
		in->file = file;
		in->line = line;
		in->layer = rs->layer;
		st->inst = in;
		st->usable = 1;
		return;
	}
	int			 end = 0;

	if (sscanf(section, "%31s %63s %n", word, name, &end) < 2 ||
	    (strcmp(word, "rule") != 0 && strcmp(word, "milestone") != 0)) {
		diag_add(dg, file, line, "unknown section [%s] (expected "
		    "[instrument], [rule NAME] or [milestone NAME])", section);
		return;
	}
	if (st->inst == NULL) {
		diag_add(dg, file, line, "[%s] before [instrument]; the "
		    "instrument section comes first", section);
		return;
	}
	if (!is_ident(name, RULES_NAME_MAX) || section[end] != '\0') {
		diag_add(dg, file, line, "'%s' is not a valid %s name (lower "
		    "case letters, digits and _, starting with a letter)",
		    name, word);
		return;
	}
	if (find_rule(st->inst, name) != NULL) {
		diag_add(dg, file, line, "%s '%s' is defined twice", word, name);
		return;
	}
	/* rs->v may have moved since st->inst was set: refresh it. */
	in = &rs->v[rs->n - 1];
	st->inst = in;
	in->rules = xreallocarray(in->rules, in->nrules + 1, sizeof *in->rules);
	r = &in->rules[in->nrules++];
	memset(r, 0, sizeof *r);
	memcpy(r->name, name, strlen(name) + 1);	/* is_ident checked the size */
	r->type = strcmp(word, "milestone") == 0 ? RULE_MILESTONE : RULE_UNSET;
	r->anchor.date = r->expect.date = r->not_before.date = DATE_NONE;
	r->start = DATE_NONE;
	r->first = 1;
	r->recheck.months = 3;
	r->file = file;
	r->line = line;
	st->rule = r;
	st->usable = 1;
}

static int
parse_yesno(const char *v, int *out)
{
	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static void
feed_instrument(struct ruleset *rs, int line, const char *key, const char *value,
    struct diag *dg)
{
	struct instrument	*in = STATE(rs)->inst;
	const char		*file = cur_file(rs);

	if (strcmp(key, "code") == 0) {
		if (!is_code(value))
			diag_add(dg, file, line, "code '%s': expected 2-15 "
			    "letters, digits or _, starting with a letter", value);
		else
			snprintf(in->code, sizeof in->code, "%s", value);
	} else if (strcmp(key, "name") == 0) {
		in->name = xstrdup(value);
	} else if (strcmp(key, "name_nl") == 0) {
		in->name_nl = xstrdup(value);
	} else if (strcmp(key, "body") == 0) {
		in->body = xstrdup(value);
	} else if (strcmp(key, "source") == 0) {
		in->source = xstrdup(value);
	} else if (strcmp(key, "note") == 0) {
		in->note = xstrdup(value);
	} else if (strcmp(key, "lead") == 0) {
		if (!is_code(value))
			diag_add(dg, file, line, "lead '%s' is not a department "
			    "code (e.g. BZK, JenV)", value);
		else
			snprintf(in->lead, sizeof in->lead, "%s", value);
	} else if (strcmp(key, "contributors") == 0) {
		char	*copy = xstrdup(value), *tok, *save = NULL;

		for (tok = strtok_r(copy, " \t,", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t,", &save)) {
			if (!is_code(tok))
				diag_add(dg, file, line, "contributor '%s' is not "
				    "a department code", tok);
			else if (in->ncontributors == RULES_MAX_CONTRIB)
				diag_add(dg, file, line, "more than %d "
				    "contributors", RULES_MAX_CONTRIB);
			else
				snprintf(in->contributors[in->ncontributors++],
				    RULES_CODE_MAX, "%s", tok);
		}
		free(copy);
	} else if (strcmp(key, "scope") == 0) {
		char	*copy = xstrdup(value), *tok, *save = NULL;

		for (tok = strtok_r(copy, " \t,", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t,", &save))
			if (strcmp(tok, "NL") && strcmp(tok, "AW") &&
			    strcmp(tok, "CW") && strcmp(tok, "SX"))
				diag_add(dg, file, line, "scope '%s': expected "
				    "NL, AW, CW or SX", tok);
		free(copy);
		snprintf(in->scope, sizeof in->scope, "%s", value);
	} else if (strcmp(key, "records_from") == 0) {
		char	*cause = NULL;

		if (date_parse(value, &in->records_from, &cause) == -1) {
			diag_add(dg, file, line, "records_from: %s", cause);
			free(cause);
		}
	} else
		diag_add(dg, file, line, "unknown key '%s' in [instrument] "
		    "(expected code, name, name_nl, body, lead, contributors, "
		    "scope, source, note, records_from)", key);
}

static void
set_anchor(struct anchor *a, int *has, const char *file, int line,
    const char *key, const char *value, struct diag *dg)
{
	char	*cause = NULL;

	if (rules_parse_anchor(value, a, &cause) == -1) {
		diag_add(dg, file, line, "%s: %s", key, cause);
		free(cause);
		return;
	}
	*has = 1;
}

static void
set_duration(struct duration *d, const char *file, int line, const char *key,
    const char *value, int nonzero, struct diag *dg)
{
	char	*cause = NULL;

	if (duration_parse(value, d, &cause) == -1) {
		diag_add(dg, file, line, "%s: %s", key, cause);
		free(cause);
	} else if (nonzero && duration_is_zero(d))
		diag_add(dg, file, line, "%s: the duration must not be zero", key);
}

static void
feed_rule(struct ruleset *rs, int line, const char *key, const char *value,
    struct diag *dg)
{
	struct rule	*r = STATE(rs)->rule;
	const char	*file = cur_file(rs);
	int		 ms = r->type == RULE_MILESTONE;
	char		*cause = NULL;

	if (strcmp(key, "type") == 0 && !ms) {
		if (strcmp(value, "offset") == 0)
			r->type = RULE_OFFSET;
		else if (strcmp(value, "on_event") == 0)
			r->type = RULE_ON_EVENT;
		else if (strcmp(value, "grid") == 0)
			r->type = RULE_GRID;
		else if (strcmp(value, "yearly") == 0)
			r->type = RULE_YEARLY;
		else
			diag_add(dg, file, line, "type '%s': expected offset, "
			    "on_event, grid or yearly", value);
	} else if (strcmp(key, "label") == 0) {
		free(r->label);
		r->label = xstrdup(value);
	} else if (strcmp(key, "label_nl") == 0) {
		free(r->label_nl);
		r->label_nl = xstrdup(value);
	} else if (!ms && (strcmp(key, "anchor") == 0 || strcmp(key, "base") == 0)) {
		if (r->has_anchor)
			diag_add(dg, file, line, "%s: anchor and base are the "
			    "same key; give one", key);
		set_anchor(&r->anchor, &r->has_anchor, file, line, key, value, dg);
	} else if (!ms && strcmp(key, "expect") == 0) {
		set_anchor(&r->expect, &r->has_expect, file, line, key, value, dg);
	} else if (!ms && strcmp(key, "not_before") == 0) {
		set_anchor(&r->not_before, &r->has_not_before, file, line, key,
		    value, dg);
	} else if (!ms && strcmp(key, "period") == 0) {
		set_duration(&r->period, file, line, key, value, 1, dg);
	} else if (!ms && strcmp(key, "recheck") == 0) {
		set_duration(&r->recheck, file, line, key, value, 1, dg);
	} else if (!ms && strcmp(key, "first") == 0) {
		char	*end;
		long	 v = strtol(value, &end, 10);

		if (*value == '\0' || *end != '\0' || v < 1 || v > 999)
			diag_add(dg, file, line, "first '%s': expected a report "
			    "number from 1 to 999", value);
		else
			r->first = (int)v;
	} else if (!ms && strcmp(key, "rrule") == 0) {
		if (strncmp(value, "FREQ=YEARLY", 11) != 0 &&
		    strstr(value, ";FREQ=YEARLY") == NULL) {
			diag_add(dg, file, line, "rrule '%s': a yearly rule needs "
			    "FREQ=YEARLY", value);
		} else if (ical_rrule_check(value, &cause) == -1) {
			diag_add(dg, file, line, "rrule: %s", cause);
			free(cause);
		} else {
			free(r->rrule);
			r->rrule = xstrdup(value);
		}
	} else if (!ms && strcmp(key, "start") == 0) {
		if (date_parse(value, &r->start, &cause) == -1) {
			diag_add(dg, file, line, "start: %s", cause);
			free(cause);
		}
	} else if (!ms && strcmp(key, "cycle") == 0) {
		if (strcmp(value, "same") == 0)
			r->next_cycle = 0;
		else if (strcmp(value, "next") == 0)
			r->next_cycle = 1;
		else
			diag_add(dg, file, line, "cycle '%s': expected same or "
			    "next", value);
	} else if (!ms && strcmp(key, "voluntary") == 0) {
		if (parse_yesno(value, &r->voluntary) == -1)
			diag_add(dg, file, line, "voluntary '%s': expected yes "
			    "or no", value);
	} else if (!ms && strcmp(key, "tentative") == 0) {
		if (parse_yesno(value, &r->tentative) == -1)
			diag_add(dg, file, line, "tentative '%s': expected yes "
			    "or no", value);
	} else if (!ms && strcmp(key, "past_due") == 0) {
		if (strcmp(value, "overdue") == 0)
			r->past_unknown = 0;
		else if (strcmp(value, "unknown") == 0)
			r->past_unknown = 1;
		else
			diag_add(dg, file, line, "past_due '%s': expected overdue "
			    "or unknown", value);
	} else if (strcmp(key, "fulfilled_by") == 0) {
		if (!rules_fact_kind_valid(value))
			diag_add(dg, file, line, "fulfilled_by '%s' is not a "
			    "fact kind", value);
		else
			snprintf(r->fulfilled_by, sizeof r->fulfilled_by, "%s",
			    value);
	} else if (ms && strcmp(key, "before") == 0) {
		if (!is_ident(value, RULES_NAME_MAX))
			diag_add(dg, file, line, "before '%s' is not a rule name",
			    value);
		else
			snprintf(r->before, sizeof r->before, "%s", value);
	} else if (ms && strcmp(key, "offset") == 0) {
		set_duration(&r->offset, file, line, key, value, 0, dg);
	} else if (ms && strcmp(key, "owner") == 0) {
		if (strcmp(value, "lead") != 0 && !is_code(value))
			diag_add(dg, file, line, "owner '%s': expected 'lead' "
			    "or a department code", value);
		else
			snprintf(r->owner, sizeof r->owner, "%s", value);
	} else if (ms) {
		diag_add(dg, file, line, "unknown key '%s' in [milestone %s] "
		    "(expected before, offset, label, label_nl, owner, "
		    "fulfilled_by)", key, r->name);
	} else {
		diag_add(dg, file, line, "unknown key '%s' in [rule %s] (expected "
		    "type, label, label_nl, anchor, base, period, first, "
		    "not_before, expect, rrule, start, fulfilled_by, recheck, "
		    "voluntary, cycle, tentative, past_due)", key, r->name);
	}
}

/* Keys are remembered per section so a repeated one is reported. */
static int
seen_before(struct parse_state *st, const char *key)
{
	static const char *const keys[] = {
		"code", "name", "name_nl", "body", "source", "note", "lead",
		"contributors", "scope", "type", "label", "label_nl", "anchor",
		"base", "expect", "not_before", "period", "recheck", "first",
		"rrule", "start", "voluntary", "fulfilled_by", "before",
		"offset", "owner", "cycle", "records_from", "tentative",
		"past_due", NULL
	};

	for (unsigned i = 0; keys[i] != NULL; i++) {
		if (strcmp(keys[i], key) != 0)
			continue;
		if (st->seen & (1u << i))
			return 1;
		st->seen |= 1u << i;
		return 0;
	}
	return 0;
}

void
ruleset_feed(struct ruleset *rs, int line, const char *section, const char *key,
    const char *value, struct diag *dg)
{
	struct parse_state	*st = STATE(rs);
	const char		*file = cur_file(rs);

	if (key == NULL) {
		st->section[0] = '\0';	/* a header: a new section begins */
		return;
	}
	if (section[0] == '\0') {
		diag_add(dg, file, line, "key '%s' outside a section", key);
		return;
	}
	if (strcmp(section, st->section) != 0)
		open_section(rs, line, section, dg);
	if (!st->usable)
		return;		/* the section's error is already reported */
	if (seen_before(st, key)) {
		diag_add(dg, file, line, "'%s' is given twice in [%s]", key, section);
		return;
	}
	if (st->rule != NULL)
		feed_rule(rs, line, key, value, dg);
	else
		feed_instrument(rs, line, key, value, dg);
}

static void
check_rule(const struct instrument *in, const struct rule *r, struct diag *dg)
{
	const struct rule	*t;

	switch ((int)r->type) {
	case RULE_OFFSET:
	case RULE_ON_EVENT:
		if (!r->has_anchor)
			diag_add(dg, r->file, r->line, "[rule %s] (%s) needs "
			    "anchor = FACT_KIND + DURATION", r->name,
			    rules_type_name(r->type));
		else if (r->anchor.fact[0] == '\0')
			diag_add(dg, r->file, r->line, "[rule %s]: the anchor of "
			    "an %s rule must be a fact kind, not a date",
			    r->name, rules_type_name(r->type));
		if (r->type == RULE_OFFSET && r->has_expect)
			diag_add(dg, r->file, r->line, "[rule %s]: expect is "
			    "only for on_event rules", r->name);
		if (r->has_not_before || !duration_is_zero(&r->period) ||
		    r->rrule != NULL)
			diag_add(dg, r->file, r->line, "[rule %s]: not_before, "
			    "period and rrule do not apply to %s rules",
			    r->name, rules_type_name(r->type));
		break;
	case RULE_GRID:
		if (!r->has_anchor)
			diag_add(dg, r->file, r->line, "[rule %s] (grid) needs "
			    "base = YYYY-MM-DD or FACT_KIND + DURATION", r->name);
		if (duration_is_zero(&r->period))
			diag_add(dg, r->file, r->line, "[rule %s] (grid) needs "
			    "period = DURATION", r->name);
		if (r->has_expect || r->rrule != NULL)
			diag_add(dg, r->file, r->line, "[rule %s]: expect and "
			    "rrule do not apply to grid rules", r->name);
		break;
	case RULE_YEARLY:
		if (r->rrule == NULL)
			diag_add(dg, r->file, r->line, "[rule %s] (yearly) needs "
			    "rrule = FREQ=YEARLY;...", r->name);
		if (r->start == DATE_NONE)
			diag_add(dg, r->file, r->line, "[rule %s] (yearly) needs "
			    "start = YYYY-MM-DD", r->name);
		if (r->has_anchor || r->has_expect || r->has_not_before)
			diag_add(dg, r->file, r->line, "[rule %s]: anchor, expect "
			    "and not_before do not apply to yearly rules", r->name);
		if (r->rrule != NULL && r->start != DATE_NONE) {
			int	 one;

			if (ical_rrule_between(r->rrule, r->start, r->start,
			    date_from_ymd(DATE_MAX_YEAR, 12, 31), &one, 1) == 0)
				diag_add(dg, r->file, r->line, "[rule %s]: rrule "
				    "'%s' never occurs after %04d", r->name,
				    r->rrule, date_year(r->start));
		}
		break;
	case RULE_MILESTONE:
		if (r->before[0] == '\0') {
			diag_add(dg, r->file, r->line, "[milestone %s] needs "
			    "before = RULE", r->name);
			break;
		}
		t = instrument_rule(in, r->before);
		if (t == NULL)
			diag_add(dg, r->file, r->line, "[milestone %s]: before = "
			    "%s names no [rule %s] in this file", r->name,
			    r->before, r->before);
		else if (t->type == RULE_MILESTONE)
			diag_add(dg, r->file, r->line, "[milestone %s]: before = "
			    "%s is a milestone; count back from a rule", r->name,
			    r->before);
		break;
	default:
		diag_add(dg, r->file, r->line, "[rule %s] needs type = offset, "
		    "on_event, grid or yearly", r->name);
	}
}

void
ruleset_end_file(struct ruleset *rs, struct diag *dg)
{
	struct parse_state	*st = STATE(rs);
	const char		*file = cur_file(rs);
	struct instrument	*in;

	if (st == NULL || st->inst == NULL) {
		diag_add(dg, file, 0, "no [instrument] section");
		free(rs->state);
		rs->state = NULL;
		return;
	}
	in = &rs->v[rs->n - 1];
	if (in->code[0] == '\0')
		diag_add(dg, file, in->line, "[instrument] needs code = CODE");
	if (in->name == NULL)
		diag_add(dg, file, in->line, "[instrument] needs name = ...");
	if (in->body == NULL)
		diag_add(dg, file, in->line, "[instrument] needs body = ...");
	for (size_t i = 0; i < in->nrules; i++)
		check_rule(in, &in->rules[i], dg);
	free(rs->state);
	rs->state = NULL;
}

/* qsort_r() is not C11: the ruleset travels in the sorted elements. */
struct code_ref {
	const struct ruleset	*rs;
	size_t			 i;
};

static int
cmp_code_ref(const void *a, const void *b)
{
	const struct code_ref	*x = a, *y = b;
	int			 c = strcasecmp(x->rs->v[x->i].code,
				    y->rs->v[y->i].code);

	return c != 0 ? c : x->i < y->i ? -1 : x->i > y->i;
}

/* The sorted references of every instrument: by code, then file order. */
static struct code_ref *
sorted_refs(const struct ruleset *rs)
{
	struct code_ref	*ref = xcalloc(rs->n ? rs->n : 1, sizeof *ref);

	for (size_t i = 0; i < rs->n; i++) {
		ref[i].rs = rs;
		ref[i].i = i;
	}
	qsort(ref, rs->n, sizeof *ref, cmp_code_ref);
	return ref;
}

/*
 * Of the instruments of one code, those of the highest layer stay (two
 * there are the duplicates ruleset_finish reports); the first of them
 * records the last one it replaced, and the lower ones go.
 */
static void
drop_overridden(struct ruleset *rs)
{
	struct code_ref	*ref = sorted_refs(rs);
	unsigned char	*gone = xcalloc(rs->n ? rs->n : 1, 1);
	size_t		 k = 0, end, top, kept = 0;

	while (k < rs->n) {
		const char	*code = rs->v[ref[k].i].code;

		/* File order is layer order: the run's last is the top. */
		for (end = k + 1; end < rs->n && code[0] != '\0' &&
		    strcasecmp(rs->v[ref[end].i].code, code) == 0; end++)
			;
		for (top = end - 1; top > k && rs->v[ref[top - 1].i].layer ==
		    rs->v[ref[end - 1].i].layer; top--)
			;
		if (top > k) {
			struct instrument	*prev = &rs->v[ref[top - 1].i];

			rs->v[ref[top].i].overrides = prev->file;
			rs->v[ref[top].i].overrides_line = prev->line;
			for (; k < top; k++)
				gone[ref[k].i] = 1;
		}
		k = end;
	}
	for (size_t i = 0; i < rs->n; i++) {
		if (gone[i])
			instrument_free(&rs->v[i]);
		else
			rs->v[kept++] = rs->v[i];
	}
	rs->n = kept;
	free(gone);
	free(ref);
}

size_t
ruleset_finish(struct ruleset *rs, struct diag *dg)
{
	struct code_ref	*ref;
	size_t		*pos, *by_code;

	drop_overridden(rs);
	/* Sorted by code, then file order: duplicates sit side by side. */
	ref = sorted_refs(rs);
	pos = xcalloc(rs->n ? rs->n : 1, sizeof *pos);
	for (size_t k = 0; k < rs->n; k++)
		pos[ref[k].i] = k;
	/* Each duplicate names every earlier definition, in file order. */
	for (size_t i = 0; i < rs->n; i++) {
		size_t	 k = pos[i], first = k;

		if (rs->v[i].code[0] == '\0')
			continue;
		while (first > 0 && strcasecmp(rs->v[ref[first - 1].i].code,
		    rs->v[i].code) == 0)
			first--;
		for (; first < k; first++) {
			const struct instrument	*j = &rs->v[ref[first].i];

			diag_add(dg, rs->v[i].file, rs->v[i].line,
			    "instrument %s is already defined in %s:%d",
			    rs->v[i].code, j->file, j->line);
		}
	}
	by_code = xcalloc(rs->n ? rs->n : 1, sizeof *by_code);
	for (size_t k = 0; k < rs->n; k++)
		by_code[k] = ref[k].i;
	free(rs->by_code);
	rs->by_code = by_code;
	rs->nby_code = rs->n;
	free(pos);
	free(ref);
	return dg->n;
}

const struct instrument *
ruleset_find(const struct ruleset *rs, const char *code)
{
	size_t	 lo = 0, hi = rs->nby_code;

	if (rs->by_code == NULL || rs->nby_code != rs->n) {
		/* Not finished: look at each. */
		for (size_t i = 0; i < rs->n; i++)
			if (strcasecmp(rs->v[i].code, code) == 0)
				return &rs->v[i];
		return NULL;
	}
	/* The first of equal codes, as the scan in file order finds it. */
	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (strcasecmp(rs->v[rs->by_code[mid]].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < rs->nby_code &&
	    strcasecmp(rs->v[rs->by_code[lo]].code, code) == 0)
		return &rs->v[rs->by_code[lo]];
	return NULL;
}

const struct rule *
instrument_rule(const struct instrument *in, const char *name)
{
	for (size_t i = 0; i < in->nrules; i++)
		if (strcmp(in->rules[i].name, name) == 0)
			return &in->rules[i];
	return NULL;
}

int
instrument_involves(const struct instrument *in, const char *dept)
{
	if (strcasecmp(in->lead, dept) == 0)
		return 1;
	for (int i = 0; i < in->ncontributors; i++)
		if (strcasecmp(in->contributors[i], dept) == 0)
			return 1;
	return 0;
}

void
coordinators_free(struct coordinator *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].email);
		free(v[i].assignments);
	}
	free(v);
}

const char *
coordinator_role(const struct coordinator *c, const char *code)
{
	for (size_t i = 0; i < c->nassignments; i++)
		if (strcasecmp(c->assignments[i].instrument, code) == 0)
			return c->assignments[i].role;
	return NULL;
}
