/*
 * Unit tests of src/fact.c: fact_validate() against a small instrument
 * file (the checks treatyctl and the seed import rely on, each message
 * exact), and fact_cycle_range().
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "date.h"
#include "diag.h"
#include "fact.h"
#include "rules.h"
#include "ruletext.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char test_ini[] =
	"[instrument]\n"
	"code = TEST\n"
	"name = Test convention\n"
	"body = Test committee\n"
	"[rule report]\n"
	"type = offset\n"
	"anchor = co_adopted + P4Y\n"
	"[milestone kickoff]\n"
	"before = report\n"
	"offset = P1Y\n";

/* A fact; NULL strings are left empty, date NULL is DATE_NONE. */
struct fspec {
	const char	*inst, *kind, *date, *rule, *due, *cycle;
	const char	*symbol, *paragraph, *url, *note, *by;
};

struct vcase {
	const char	*name;
	struct fspec	 f;
	const char	*cause;		/* NULL: valid */
};

#define A10	"aaaaaaaaaa"
#define A100	A10 A10 A10 A10 A10 A10 A10 A10 A10 A10
#define A1000	A100 A100 A100 A100 A100 A100 A100 A100 A100 A100

static const struct vcase vcases[] = {
	{ "minimal", { .inst = "TEST", .kind = "co_adopted",
	  .date = "2026-02-20" }, NULL },
	{ "instrument_any_case", { .inst = "test", .kind = "dialogue",
	  .date = "2026-02-20" }, NULL },
	{ "unknown_instrument", { .inst = "NOPE", .kind = "dialogue",
	  .date = "2026-02-20" },
	  "unknown instrument 'NOPE'" },
	{ "unknown_kind", { .inst = "TEST", .kind = "chat",
	  .date = "2026-02-20" },
	  "unknown fact kind 'chat' (one of: entry_into_force "
	  "report_submitted loipr_received loi_received dialogue co_adopted "
	  "followup_submitted due_date_set date_pending postponed "
	  "consultation_held milestone_done meeting_held letter_sent "
	  "replies_submitted records_from planned)" },
	{ "no_date", { .inst = "TEST", .kind = "dialogue" },
	  "a fact needs a date" },

	/* Decisions name the deadline they decide. */
	{ "due_date_set_without_rule",
	  { .inst = "TEST", .kind = "due_date_set", .date = "2026-02-20",
	  .due = "2027-01-01" },
	  "a due_date_set fact needs --rule (one of TEST's rules or "
	  "milestones)" },
	{ "postponed_without_rule",
	  { .inst = "TEST", .kind = "postponed", .date = "2026-02-20",
	  .due = "2027-01-01" },
	  "a postponed fact needs --rule (one of TEST's rules or milestones)" },
	{ "date_pending_without_rule", { .inst = "TEST", .kind = "date_pending",
	  .date = "2026-02-20" },
	  "a date_pending fact needs --rule (one of TEST's rules or "
	  "milestones)" },
	{ "milestone_done_without_rule",
	  { .inst = "TEST", .kind = "milestone_done", .date = "2026-02-20" },
	  "a milestone_done fact needs --rule (one of TEST's rules or "
	  "milestones)" },
	{ "unknown_rule",
	  { .inst = "TEST", .kind = "due_date_set", .date = "2026-02-20",
	  .rule = "nosuch", .due = "2027-01-01" },
	  "TEST has no rule or milestone 'nosuch'" },
	{ "rule_on_any_kind", { .inst = "TEST", .kind = "dialogue",
	  .date = "2026-02-20", .rule = "nosuch" },
	  "TEST has no rule or milestone 'nosuch'" },
	{ "milestone_as_rule",
	  { .inst = "TEST", .kind = "milestone_done", .date = "2026-02-20",
	  .rule = "kickoff" }, NULL },
	{ "due_date_set_without_due",
	  { .inst = "TEST", .kind = "due_date_set", .date = "2026-02-20",
	  .rule = "report" },
	  "a due_date_set fact needs --due DATE" },
	{ "due_date_set", { .inst = "TEST", .kind = "due_date_set",
	  .date = "2026-02-20", .rule = "report", .due = "2027-01-01" }, NULL },
	{ "postponed_with_due", { .inst = "TEST", .kind = "postponed",
	  .date = "2026-02-20", .rule = "report", .due = "2027-01-01" }, NULL },
	{ "postponed_without_due", { .inst = "TEST", .kind = "postponed",
	  .date = "2026-02-20", .rule = "report" }, NULL },
	{ "due_on_another_kind",
	  { .inst = "TEST", .kind = "report_submitted", .date = "2026-02-20",
	  .due = "2027-01-01" },
	  "--due applies to due_date_set, postponed and planned facts, not "
	  "report_submitted" },

	/* Cycles: a number, a range, a year. */
	{ "cycle_number", { .inst = "TEST", .kind = "report_submitted",
	  .date = "2026-02-20", .cycle = "7" }, NULL },
	{ "cycle_range", { .inst = "TEST", .kind = "report_submitted",
	  .date = "2026-02-20", .cycle = "25-27" }, NULL },
	{ "cycle_year", { .inst = "TEST", .kind = "report_submitted",
	  .date = "2026-02-20", .cycle = "2027" }, NULL },
	{ "cycle_letters", { .inst = "TEST", .kind = "report_submitted",
	  .date = "2026-02-20",
	  .cycle = "x7" }, "cycle 'x7': expected a report number (7), a range "
	  "(25-27) or a year (2027)" },
	{ "cycle_zero", { .inst = "TEST", .kind = "report_submitted",
	  .date = "2026-02-20",
	  .cycle = "0" }, "cycle '0': expected a report number (7), a range "
	  "(25-27) or a year (2027)" },
	{ "cycle_backwards", { .inst = "TEST", .kind = "report_submitted",
	  .date = "2026-02-20",
	  .cycle = "27-25" }, "cycle '27-25': expected a report number (7), a "
	  "range (25-27) or a year (2027)" },
	{ "cycle_five_digits", { .inst = "TEST", .kind = "report_submitted",
	  .date = "2026-02-20",
	  .cycle = "20271" }, "cycle '20271': expected a report number "
	  "(7), a range (25-27) or a year (2027)" },

	/* Text: UTF-8, no control characters, within the limits. */
	{ "text_fields", { .inst = "TEST", .kind = "co_adopted",
	  .date = "2026-02-20", .symbol = "CEDAW/C/NLD/CO/7",
	  .paragraph = "12 (a)", .url = "https://undocs.org/x",
	  .note = "Cura\xc3\xa7" "ao", .by = "Zo\xc3\xab" }, NULL },
	{ "symbol_at_limit", { .inst = "TEST", .kind = "co_adopted",
	  .date = "2026-02-20", .symbol = A100 }, NULL },
	{ "symbol_too_long", { .inst = "TEST", .kind = "co_adopted",
	  .date = "2026-02-20", .symbol = A100 "a" },
	  "symbol: too long (at most 100 characters)" },
	{ "symbol_not_utf8", { .inst = "TEST", .kind = "co_adopted",
	  .date = "2026-02-20", .symbol = "CEDAW/\xff" },
	  "symbol: not valid UTF-8" },
	{ "paragraph_not_utf8", { .inst = "TEST", .kind = "co_adopted",
	  .date = "2026-02-20", .paragraph = "\xc0\xaf" },
	  "paragraph: not valid UTF-8" },
	{ "url_control", { .inst = "TEST", .kind = "co_adopted",
	  .date = "2026-02-20", .url = "https://x\r\nBcc: y" },
	  "url: control characters are not allowed" },
	{ "note_at_limit", { .inst = "TEST", .kind = "co_adopted",
	  .date = "2026-02-20", .note = A1000 }, NULL },
	{ "note_too_long", { .inst = "TEST", .kind = "co_adopted",
	  .date = "2026-02-20", .note = A1000 "a" },
	  "note: too long (at most 1000 characters)" },
	{ "recorded_by_not_utf8", { .inst = "TEST", .kind = "co_adopted",
	  .date = "2026-02-20", .by = "Ren\xe9" },
	  "recorded_by: not valid UTF-8" },
};

static struct ruleset	 rs;

static void
setup(void)
{
	struct diag	 dg;

	diag_init(&dg);
	ruleset_init(&rs);
	ruletext_load(&rs, &dg, "test.ini", test_ini);
	ruleset_finish(&rs, &dg);
	cr_assert_eq(dg.n, 0, "%s", ruletext_dump(&dg));
	diag_clear(&dg);
}

static void
teardown(void)
{
	ruleset_free(&rs);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
make_fact(const struct fspec *s, struct fact *f)
{
	char	*cause = NULL;

	memset(f, 0, sizeof *f);
	snprintf(f->instrument, sizeof f->instrument, "%s", s->inst);
	snprintf(f->kind, sizeof f->kind, "%s", s->kind);
	snprintf(f->rule, sizeof f->rule, "%s", s->rule ? s->rule : "");
	snprintf(f->cycle, sizeof f->cycle, "%s", s->cycle ? s->cycle : "");
	f->date = f->due = DATE_NONE;
	if (s->date != NULL)
		cr_assert_eq(date_parse(s->date, &f->date, &cause), 0);
	if (s->due != NULL)
		cr_assert_eq(date_parse(s->due, &f->due, &cause), 0);
	f->symbol = dup_or_null(s->symbol);
	f->paragraph = dup_or_null(s->paragraph);
	f->url = dup_or_null(s->url);
	f->note = dup_or_null(s->note);
	f->recorded_by = dup_or_null(s->by);
}

TU_TABLE(fact_validate, table, vcases)

ParameterizedTest(size_t *i, fact_validate, table, .init = setup,
    .fini = teardown)
{
	const struct vcase	*c = &vcases[*i];
	struct fact		 f;
	char			*cause = NULL;
	int			 rc;

	make_fact(&c->f, &f);
	rc = fact_validate(&f, &rs, &cause);
	if (c->cause == NULL)
		cr_expect_eq(rc, 0, "%s: refused: %s", c->name,
		    cause ? cause : "");
	else {
		cr_expect_eq(rc, -1, "%s: accepted", c->name);
		cr_expect_str_eq(cause ? cause : "", c->cause, "%s:\n  got  %s",
		    c->name, cause ? cause : "(none)");
	}
	free(cause);
	fact_clear(&f);
}

Test(fact, cycle_range)
{
	static const struct {
		const char	*s;
		int		 rc, lo, hi;
	} cases[] = {
		{ "7", 0, 7, 7 }, { "25-27", 0, 25, 27 },
		{ "999", 0, 999, 999 },
		{ "1-1", 0, 1, 1 }, { "", -1, 0, 0 }, { "0", -1, 0, 0 },
		{ "1000", -1, 0, 0 }, { "3-2", -1, 0, 0 }, { "3-", -1, 0, 0 },
		{ "-3", -1, 0, 0 }, { "7a", -1, 0, 0 }, { "2027", -1, 0, 0 },
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		int	 lo = 0, hi = 0;

		cr_expect_eq(fact_cycle_range(cases[i].s, &lo, &hi),
		    cases[i].rc, "'%s'", cases[i].s);
		if (cases[i].rc == 0)
			cr_expect(lo == cases[i].lo && hi == cases[i].hi,
			    "'%s': %d-%d", cases[i].s, lo, hi);
	}
}
