/*
 * Unit tests of src/engine.c: rules (INI text) + facts + today -> the
 * deadlines, with every field that matters checked against fixed values.
 *
 * The main test is a table: each case is an instrument file, a list of
 * facts, `today` and the horizon, and the exact list of deadlines expected,
 * in output order (due date, then id). Semantics: treatyd-rules(5)
 * (doc/treatyd-rules.5); the worked examples of that page are cases here.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "date.h"
#include "diag.h"
#include "engine.h"
#include "fact.h"
#include "holidays.h"
#include "rules.h"
#include "ruletext.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_FACTS	12
#define MAX_WANT	12

/* A fact: id from 1; inst NULL means "TEST"; NULL strings are empty. */
struct fspec {
	long long	 id;
	const char	*kind;
	const char	*date;
	const char	*rule;
	const char	*due;		/* NULL: DATE_NONE */
	const char	*cycle;
	long long	 supersedes;
	const char	*inst;
};

/* An expected deadline. NULL met/from: DATE_NONE; NULL parent: "". */
struct dspec {
	const char		*id;
	const char		*cycle;
	const char		*due;
	enum deadline_status	 status;
	enum deadline_confidence conf;
	const char		*met;
	const char		*from;		/* postponed_from */
	const char		*parent;
	int			 voluntary;
};

struct ecase {
	const char	*name;
	const char	*rules;		/* first instrument file */
	const char	*rules2;	/* a second one, or NULL */
	int		 calendar;	/* 1: the Dutch holidays */
	const char	*today;
	const char	*horizon;
	struct fspec	 facts[MAX_FACTS];	/* until id == 0 */
	struct dspec	 want[MAX_WANT];	/* until id == NULL */
};

/* Designated initializers: what is left out is empty or DATE_NONE. */
#define F(i, k, d, ...) \
	{ .id = (i), .kind = (k), .date = (d), __VA_ARGS__ }
#define D(i, c, d, s, f, ...) \
	{ .id = (i), .cycle = (c), .due = (d), .status = (s), .conf = (f), \
	  __VA_ARGS__ }

/* ---- Helpers ---- */

static const char *
fmt(int date, char buf[DATE_STRLEN])
{
	return date_format(date, buf);
}

static void
finish_rules(struct ruleset *rs)
{
	struct diag	 dg;

	diag_init(&dg);
	cr_assert_eq(ruleset_finish(rs, &dg), 0, "%s", dg.n ? dg.msgs[0] : "");
	diag_clear(&dg);
}

static size_t
make_facts(const struct fspec *spec, size_t max, struct fact *out)
{
	size_t	 n;

	for (n = 0; n < max && spec[n].id != 0; n++) {
		struct fact	*f = &out[n];

		memset(f, 0, sizeof *f);
		f->id = spec[n].id;
		snprintf(f->instrument, sizeof f->instrument, "%s",
		    spec[n].inst ? spec[n].inst : "TEST");
		snprintf(f->kind, sizeof f->kind, "%s", spec[n].kind);
		f->date = tu_day(spec[n].date);
		snprintf(f->rule, sizeof f->rule, "%s",
		    spec[n].rule ? spec[n].rule : "");
		f->due = tu_day(spec[n].due);
		snprintf(f->cycle, sizeof f->cycle, "%s",
		    spec[n].cycle ? spec[n].cycle : "");
		f->supersedes = spec[n].supersedes;
	}
	return n;
}

/* Everything computed, one a line, for failure messages. */
static const char *
dump(const struct deadlines *d)
{
	static char	 buf[8192];
	size_t		 len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < d->n && len < sizeof buf - 1; i++) {
		const struct deadline	*x = &d->v[i];
		char			 a[DATE_STRLEN], b[DATE_STRLEN];
		char			 c[DATE_STRLEN];

		len += (size_t)snprintf(buf + len, sizeof buf - len,
		    "    %s [%s] due %s %s %s met %s from %s parent '%s'%s\n",
		    x->id, x->cycle, fmt(x->due, a),
		    engine_status_name(x->status),
		    engine_confidence_name(x->confidence), fmt(x->met_on, b),
		    fmt(x->postponed_from, c), x->parent,
		    x->voluntary ? " voluntary" : "");
	}
	if (d->n == 0)
		snprintf(buf, sizeof buf, "    (none)\n");
	return buf;
}

/* The expected kind: the middle of the id, "recheck" for a recheck. */
static void
want_kind(const char *id, char *kind, size_t len)
{
	const char	*p = strchr(id, '/'), *q;

	cr_assert_not_null(p, "bad expected id %s", id);
	q = strchr(p + 1, '/');
	cr_assert_not_null(q, "bad expected id %s", id);
	snprintf(kind, len, "%.*s", (int)(q - p - 1), p + 1);
	if (strstr(kind, ".recheck") != NULL)
		snprintf(kind, len, "recheck");
}

static void
check_one(const char *name, size_t i, const struct deadline *d,
    const struct dspec *w, const struct deadlines *all)
{
	char	 got[DATE_STRLEN], exp[DATE_STRLEN], kind[RULES_NAME_MAX];

	cr_expect_str_eq(d->id, w->id, "%s #%zu: id %s, want %s; got:\n%s",
	    name, i, d->id, w->id, dump(all));
	want_kind(w->id, kind, sizeof kind);
	cr_expect_str_eq(d->kind, kind, "%s %s: kind %s, want %s", name, w->id,
	    d->kind, kind);
	cr_expect_str_eq(d->cycle, w->cycle, "%s %s: cycle '%s', want '%s'",
	    name, w->id, d->cycle, w->cycle);
	cr_expect_str_eq(fmt(d->due, got), fmt(tu_day(w->due), exp),
	    "%s %s: due %s, want %s", name, w->id, got, exp);
	cr_expect_str_eq(engine_status_name(d->status),
	    engine_status_name(w->status), "%s %s: status %s, want %s", name,
	    w->id, engine_status_name(d->status),
	    engine_status_name(w->status));
	cr_expect_str_eq(engine_confidence_name(d->confidence),
	    engine_confidence_name(w->conf), "%s %s: confidence %s, want %s",
	    name, w->id, engine_confidence_name(d->confidence),
	    engine_confidence_name(w->conf));
	cr_expect_str_eq(fmt(d->met_on, got), fmt(tu_day(w->met), exp),
	    "%s %s: met on %s, want %s", name, w->id, got, exp);
	cr_expect_str_eq(fmt(d->postponed_from, got), fmt(tu_day(w->from), exp),
	    "%s %s: postponed from %s, want %s", name, w->id, got, exp);
	cr_expect_str_eq(d->parent, w->parent ? w->parent : "",
	    "%s %s: parent '%s', want '%s'", name, w->id, d->parent,
	    w->parent ? w->parent : "");
	cr_expect_eq(d->voluntary, w->voluntary, "%s %s: voluntary %d", name,
	    w->id, d->voluntary);
	cr_expect_not_null(d->inst, "%s %s: no instrument", name, w->id);
	cr_expect_not_null(d->rule, "%s %s: no rule", name, w->id);
}

/* A computation kept for a test's own checks. */
struct run {
	struct ruleset	 rs;
	struct holidays	*cal;
	struct fact	 facts[MAX_FACTS];
	size_t		 nfacts;
	struct deadlines out;
};

static void
run_compute_from(struct run *r, const char *today, const char *horizon,
    const char *records_from)
{
	struct engine_input	 in;

	memset(&in, 0, sizeof in);
	in.records_from = records_from ? tu_day(records_from) : DATE_NONE;
	in.rules = &r->rs;
	in.holidays = r->cal;
	in.facts = r->facts;
	in.nfacts = r->nfacts;
	in.today = tu_day(today);
	in.horizon = tu_day(horizon);
	engine_compute(&in, &r->out);
}

static void
run_compute(struct run *r, const char *today, const char *horizon)
{
	run_compute_from(r, today, horizon, NULL);
}

static void
run_setup(struct run *r, const char *rules, const char *rules2, int calendar,
    const struct fspec *facts)
{
	memset(r, 0, sizeof *r);
	ruleset_init(&r->rs);
	ruletext_load_ok(&r->rs, "a.ini", rules);
	if (rules2 != NULL)
		ruletext_load_ok(&r->rs, "b.ini", rules2);
	finish_rules(&r->rs);
	r->cal = calendar ? tu_nl_holidays() : NULL;
	r->nfacts = make_facts(facts, MAX_FACTS, r->facts);
}

static void
run_free(struct run *r)
{
	deadlines_free(&r->out);
	ruleset_free(&r->rs);
	holidays_free(r->cal);
}

static const struct deadline *
find_id(const struct deadlines *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].id, id) == 0)
			return &d->v[i];
	return NULL;
}

/* ---- Instrument files ---- */

#define INST(code) \
	"[instrument]\n" \
	"code = " code "\n" \
	"name = Test convention\n" \
	"body = Test committee\n" \
	"lead = BZK\n"

#define FOLLOWUP_P2Y \
	INST("TEST") \
	"[rule followup]\n" \
	"type = offset\n" \
	"label = Follow-up information\n" \
	"label_nl = Follow-upinformatie\n" \
	"anchor = co_adopted + P2Y\n"

#define LOIPR_REPLY \
	INST("TEST") \
	"[rule loipr_reply]\n" \
	"type = on_event\n" \
	"label = Reply to the list of issues\n" \
	"anchor = loipr_received + P1Y\n"

#define EXPECTED_REPORT \
	INST("TEST") \
	"[rule report]\n" \
	"type = on_event\n" \
	"anchor = loipr_received + P1Y\n" \
	"expect = co_adopted + P7Y\n"

#define GRID_2006 \
	INST("TEST") \
	"[rule report]\n" \
	"type = grid\n" \
	"base = 2006-06-01\n" \
	"period = P5Y\n" \
	"first = 3\n"

#define CERD_GRID \
	"[rule report]\n" \
	"type = grid\n" \
	"label = Periodic report\n" \
	"base = entry_into_force + P1Y\n" \
	"period = P2Y\n"

#define CERD \
	INST("TEST") \
	CERD_GRID \
	"not_before = co_adopted + P3Y\n" \
	"[rule followup]\n" \
	"type = offset\n" \
	"label = Follow-up to concluding observations\n" \
	"anchor = co_adopted + P1Y\n"

#define LETTER \
	INST("TEST") \
	"[rule annual_letter]\n" \
	"type = yearly\n" \
	"label = Annual cabinet letter\n" \
	"rrule = FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=16\n" \
	"start = 2026-02-16\n"

#define REPORT_P4Y_MILESTONES \
	INST("TEST") \
	"[rule report]\n" \
	"type = offset\n" \
	"anchor = co_adopted + P4Y\n" \
	"[milestone kickoff]\n" \
	"before = report\n" \
	"offset = P12M\n" \
	"owner = BZK\n" \
	"[milestone first_draft]\n" \
	"before = report\n" \
	"offset = P6M\n" \
	"owner = lead\n" \
	"[milestone consultation]\n" \
	"before = report\n" \
	"offset = P5M\n" \
	"owner = lead\n" \
	"fulfilled_by = consultation_held\n" \
	"[milestone cabinet_approval]\n" \
	"before = report\n" \
	"offset = P2M\n"

/* treatyd-rules(5), EXAMPLES: the Migrant Workers Convention. */
#define CMW \
	INST("CMW") \
	"[rule report]\n" \
	"type = grid\n" \
	"label = Report under article 73\n" \
	"base = entry_into_force + P1Y\n" \
	"period = P5Y\n" \
	"[rule followup]\n" \
	"type = offset\n" \
	"anchor = co_adopted + P2Y\n" \
	"[milestone kickoff]\n" \
	"before = report\n" \
	"offset = P12M\n" \
	"owner = BZK\n" \
	"[milestone caribbean_input]\n" \
	"before = report\n" \
	"offset = P7M\n" \
	"owner = BZ\n" \
	"[milestone consultation]\n" \
	"before = report\n" \
	"offset = P6M\n" \
	"owner = lead\n" \
	"[milestone cabinet]\n" \
	"before = report\n" \
	"offset = P2M\n" \
	"owner = lead\n"

#define CMW_FACTS \
	F(1, "entry_into_force", "2021-07-01", .inst = "CMW"), \
	F(2, "report_submitted", "2022-09-30", .inst = "CMW"), \
	F(3, "co_adopted", "2024-04-12", .inst = "CMW"), \
	F(4, "followup_submitted", "2026-03-30", .inst = "CMW"), \
	F(5, "milestone_done", "2026-06-25", .rule = "kickoff", .inst = "CMW")

#define O	STATUS_OPEN
#define M	STATUS_MET
#define L	STATUS_OVERDUE		/* late */
#define S	STATUS_SUPERSEDED
#define CF	CONF_CONFIRMED
#define DV	CONF_DERIVED
#define TT	CONF_TENTATIVE
#define U	STATUS_UNKNOWN

static const struct ecase ecases[] = {
	/* ---- offset ---- */
	{ "offset_followup_p2y", FOLLOWUP_P2Y, NULL, 0,
	  "2022-01-01", "2025-01-01",
	  { F(1, "co_adopted", "2021-08-24") },
	  { D("TEST/followup/1", "1", "2023-08-24", O, DV) } },

	{ "offset_31_january_plus_p1m_clamps", INST("TEST")
	  "[rule interim]\ntype = offset\nanchor = co_adopted + P1M\n", NULL, 0,
	  "2024-02-01", "2026-01-01",
	  { F(1, "co_adopted", "2023-01-31"),
	    F(2, "followup_submitted", "2023-02-20"),
	    F(3, "co_adopted", "2024-01-31") },
	  { D("TEST/interim/1", "1", "2023-02-28", M, DV, .met = "2023-02-20"),
	    D("TEST/interim/2", "2", "2024-02-29", O, DV) } },

	/* A report due a fixed time after the previous report. */
	{ "offset_anchor_is_fulfilling_kind", INST("TEST")
	  "[rule report]\ntype = offset\nanchor = report_submitted + P4Y\n",
	  NULL, 0, "2023-01-01", "2026-01-01",
	  { F(1, "report_submitted", "2016-01-10"),
	    F(2, "report_submitted", "2020-03-01") },
	  { D("TEST/report/1", "1", "2020-01-10", M, DV, .met = "2020-03-01"),
	    D("TEST/report/2", "2", "2024-03-01", O, DV) } },

	/* The cycle of the anchor fact, and facts naming it. */
	{ "offset_cycle_from_anchor_fact", FOLLOWUP_P2Y, NULL, 0,
	  "2023-06-01", "2026-01-01",
	  { F(1, "co_adopted", "2017-01-01", .cycle = "6"),
	    F(2, "co_adopted", "2021-02-20", .cycle = "7"),
	    F(3, "due_date_set", "2021-02-20", .rule = "followup",
	      .due = "2023-03-31", .cycle = "7"),
	    F(4, "followup_submitted", "2021-03-01", .cycle = "6") },
	  { D("TEST/followup/1", "6", "2019-01-01", M, DV, .met = "2021-03-01"),
	    D("TEST/followup/2", "7", "2023-03-31", L, CF) } },

	{ "offset_cycle_next", INST("TEST")
	  "[rule report]\ntype = offset\nanchor = co_adopted + P4Y\n"
	  "cycle = next\n", NULL, 0, "2029-06-01", "2031-01-01",
	  { F(1, "co_adopted", "2026-02-20", .cycle = "7"),
	    F(2, "report_submitted", "2029-05-01", .cycle = "8") },
	  { D("TEST/report/1", "8", "2030-02-20", M, DV,
	      .met = "2029-05-01") } },

	/* ---- on_event ---- */
	{ "on_event_nothing_before_trigger", LOIPR_REPLY, NULL, 0,
	  "2024-01-01", "2027-01-01",
	  { F(1, "co_adopted", "2019-07-18"),
	    F(2, "report_submitted", "2020-01-01") },
	  { { 0 } } },

	{ "on_event_loipr_reply", LOIPR_REPLY, NULL, 0,
	  "2025-04-01", "2028-01-01",
	  { F(1, "loipr_received", "2024-03-15") },
	  { D("TEST/loipr_reply/1", "1", "2025-03-15", L, DV) } },

	{ "on_event_loipr_reply_met", LOIPR_REPLY, NULL, 0,
	  "2025-04-01", "2028-01-01",
	  { F(1, "loipr_received", "2024-03-15"),
	    F(2, "report_submitted", "2025-03-10") },
	  { D("TEST/loipr_reply/1", "1", "2025-03-15", M, DV,
	      .met = "2025-03-10") } },

	/* treatyd-rules(5): a date set by the body, CESCR. */
	{ "on_event_due_date_set", LOIPR_REPLY, NULL, 0,
	  "2024-06-01", "2027-06-01",
	  { F(11, "loipr_received", "2023-11-06"),
	    F(12, "due_date_set", "2023-11-06", .rule = "loipr_reply",
	      .due = "2024-10-31") },
	  { D("TEST/loipr_reply/1", "1", "2024-10-31", O, CF) } },

	{ "on_event_expect_tentative", EXPECTED_REPORT, NULL, 0,
	  "2025-01-01", "2028-01-01",
	  { F(1, "co_adopted", "2019-07-18") },
	  { D("TEST/report/1", "1", "2026-07-18", O, TT) } },

	{ "on_event_expect_trigger_arrives", EXPECTED_REPORT, NULL, 0,
	  "2025-07-01", "2028-01-01",
	  { F(1, "co_adopted", "2019-07-18"),
	    F(2, "loipr_received", "2025-06-01") },
	  { D("TEST/report/1", "1", "2026-06-01", O, DV) } },

	{ "on_event_expect_after_a_met_cycle", EXPECTED_REPORT, NULL, 0,
	  "2025-01-01", "2028-01-01",
	  { F(1, "loipr_received", "2014-01-10"),
	    F(2, "report_submitted", "2015-01-05"),
	    F(3, "co_adopted", "2019-07-18") },
	  { D("TEST/report/1", "1", "2015-01-10", M, DV, .met = "2015-01-05"),
	    D("TEST/report/2", "2", "2026-07-18", O, TT) } },

	{ "on_event_expect_then_trigger", EXPECTED_REPORT, NULL, 0,
	  "2025-07-01", "2028-01-01",
	  { F(1, "loipr_received", "2014-01-10"),
	    F(2, "report_submitted", "2015-01-05"),
	    F(3, "co_adopted", "2019-07-18"),
	    F(4, "loipr_received", "2025-06-01") },
	  { D("TEST/report/1", "1", "2015-01-10", M, DV, .met = "2015-01-05"),
	    D("TEST/report/2", "2", "2026-06-01", O, DV) } },

	/* ---- grid ---- */
	{ "grid_late_report_does_not_shift", GRID_2006, NULL, 0,
	  "2014-01-01", "2022-01-01",
	  { F(1, "report_submitted", "2008-01-15", .cycle = "3"),
	    F(2, "report_submitted", "2012-03-01", .cycle = "4") },
	  { D("TEST/report/3", "3", "2006-06-01", M, DV, .met = "2008-01-15"),
	    D("TEST/report/4", "4", "2011-06-01", M, DV, .met = "2012-03-01"),
	    D("TEST/report/5", "5", "2016-06-01", O, DV),
	    D("TEST/report/6", "6", "2021-06-01", O, TT) } },

	{ "grid_reports_counted_without_cycle", GRID_2006, NULL, 0,
	  "2017-01-01", "2022-01-01",
	  { F(1, "report_submitted", "2008-01-15"),
	    F(2, "report_submitted", "2012-03-01") },
	  { D("TEST/report/3", "3", "2006-06-01", M, DV, .met = "2008-01-15"),
	    D("TEST/report/4", "4", "2011-06-01", M, DV, .met = "2012-03-01"),
	    D("TEST/report/5", "5", "2016-06-01", L, DV),
	    D("TEST/report/6", "6", "2021-06-01", O, TT) } },

	{ "grid_nothing_without_base_fact", CERD, NULL, 0,
	  "2020-01-01", "2023-01-01",
	  { F(1, "report_submitted", "2019-02-01", .cycle = "22-24") },
	  { { 0 } } },

	{ "grid_combined_report_covers_its_range", INST("TEST") CERD_GRID,
	  NULL, 0,
	  "2020-01-01", "2023-12-31",
	  { F(1, "entry_into_force", "1972-01-09"),
	    F(2, "report_submitted", "2019-02-01", .cycle = "22-24") },
	  { D("TEST/report/22", "22-24", "2019-01-09", M, DV,
	      .met = "2019-02-01"),
	    D("TEST/report/25", "25", "2021-01-09", O, DV),
	    D("TEST/report/26", "26", "2023-01-09", O, TT) } },

	/* treatyd-rules(5), EXAMPLES: combined reports, CERD. */
	{ "grid_not_before_combines_cerd", CERD, NULL, 0,
	  "2026-11-28", "2029-11-28",
	  { F(1, "entry_into_force", "1972-01-09"),
	    F(2, "report_submitted", "2019-01-09", .cycle = "22-24"),
	    F(3, "co_adopted", "2021-08-24") },
	  { D("TEST/report/22", "22-24", "2019-01-09", M, DV,
	      .met = "2019-01-09"),
	    D("TEST/followup/1", "1", "2022-08-24", L, DV),
	    D("TEST/report/25", "25-27", "2025-01-09", L, DV),
	    D("TEST/report/28", "28", "2027-01-09", O, TT),
	    D("TEST/report/29", "29", "2029-01-09", O, TT) } },

	{ "grid_due_date_set_overrides", CERD, NULL, 0,
	  "2026-11-28", "2029-11-28",
	  { F(1, "entry_into_force", "1972-01-09"),
	    F(2, "report_submitted", "2019-01-09", .cycle = "22-24"),
	    F(3, "co_adopted", "2021-08-24"),
	    F(4, "due_date_set", "2021-08-24", .rule = "report",
	      .due = "2025-06-30", .cycle = "25-27") },
	  { D("TEST/report/22", "22-24", "2019-01-09", M, DV,
	      .met = "2019-01-09"),
	    D("TEST/followup/1", "1", "2022-08-24", L, DV),
	    D("TEST/report/25", "25-27", "2025-06-30", L, CF) } },

	/* Without not_before the range of the body's date names the report. */
	{ "grid_due_date_set_with_range", INST("TEST") CERD_GRID, NULL, 0,
	  "2024-01-01", "2027-01-01",
	  { F(1, "entry_into_force", "1972-01-09"),
	    F(2, "report_submitted", "2019-01-09", .cycle = "22-24"),
	    F(3, "due_date_set", "2021-08-24", .rule = "report",
	      .due = "2025-01-09", .cycle = "25-27") },
	  { D("TEST/report/22", "22-24", "2019-01-09", M, DV,
	      .met = "2019-01-09"),
	    D("TEST/report/25", "25-27", "2025-01-09", O, CF) } },

	{ "grid_projection_up_to_horizon_inclusive", INST("TEST") CERD_GRID,
	  NULL, 0, "2020-01-01", "2023-01-09",
	  { F(1, "entry_into_force", "1972-01-09"),
	    F(2, "report_submitted", "2019-02-01", .cycle = "22-24") },
	  { D("TEST/report/22", "22-24", "2019-01-09", M, DV,
	      .met = "2019-02-01"),
	    D("TEST/report/25", "25", "2021-01-09", O, DV),
	    D("TEST/report/26", "26", "2023-01-09", O, TT) } },

	{ "grid_projection_not_past_horizon", INST("TEST") CERD_GRID,
	  NULL, 0, "2020-01-01", "2023-01-08",
	  { F(1, "entry_into_force", "1972-01-09"),
	    F(2, "report_submitted", "2019-02-01", .cycle = "22-24") },
	  { D("TEST/report/22", "22-24", "2019-01-09", M, DV,
	      .met = "2019-02-01"),
	    D("TEST/report/25", "25", "2021-01-09", O, DV) } },

	/* A report recorded for the loipr_reply rule is no grid report. */
	{ "fact_with_rule_meets_only_that_rule", INST("TEST")
	  "[rule report]\ntype = grid\nbase = 2014-06-01\nperiod = P5Y\n"
	  "[rule loipr_reply]\ntype = on_event\n"
	  "anchor = loipr_received + P1Y\n", NULL, 0,
	  "2015-06-01", "2019-01-01",
	  { F(1, "loipr_received", "2014-05-01"),
	    F(2, "report_submitted", "2015-04-01", .rule = "loipr_reply") },
	  { D("TEST/report/1", "1", "2014-06-01", L, DV),
	    D("TEST/loipr_reply/1", "1", "2015-05-01", M, DV,
	      .met = "2015-04-01") } },

	{ "fact_for_another_rule_does_not_meet", FOLLOWUP_P2Y, NULL, 0,
	  "2023-09-01", "2026-01-01",
	  { F(1, "co_adopted", "2021-08-24"),
	    F(2, "followup_submitted", "2023-01-01", .rule = "interim") },
	  { D("TEST/followup/1", "1", "2023-08-24", L, DV) } },

	/* ---- decisions of the body ---- */
	{ "due_date_set_applies_to_its_cycle_by_date", FOLLOWUP_P2Y, NULL, 0,
	  "2022-01-01", "2025-01-01",
	  { F(1, "co_adopted", "2017-01-01"),
	    F(2, "due_date_set", "2017-03-01", .rule = "followup",
	      .due = "2019-06-30"),
	    F(3, "followup_submitted", "2019-06-20"),
	    F(4, "co_adopted", "2021-08-24") },
	  { D("TEST/followup/1", "1", "2019-06-30", M, CF, .met = "2019-06-20"),
	    D("TEST/followup/2", "2", "2023-08-24", O, DV) } },

	{ "due_date_set_applies_to_its_cycle_by_number", FOLLOWUP_P2Y, NULL, 0,
	  "2022-01-01", "2025-01-01",
	  { F(1, "co_adopted", "2017-01-01"),
	    F(2, "followup_submitted", "2018-12-01"),
	    F(3, "co_adopted", "2021-08-24"),
	    F(4, "due_date_set", "2021-09-10", .rule = "followup",
	      .due = "2023-12-01", .cycle = "2") },
	  { D("TEST/followup/1", "1", "2019-01-01", M, DV, .met = "2018-12-01"),
	    D("TEST/followup/2", "2", "2023-12-01", O, CF) } },

	{ "due_date_set_for_another_rule_ignored", FOLLOWUP_P2Y, NULL, 0,
	  "2022-01-01", "2025-01-01",
	  { F(1, "co_adopted", "2021-08-24"),
	    F(2, "due_date_set", "2021-09-10", .rule = "report",
	      .due = "2022-12-01") },
	  { D("TEST/followup/1", "1", "2023-08-24", O, DV) } },

	{ "postponed_with_new_due", FOLLOWUP_P2Y, NULL, 0,
	  "2023-09-01", "2026-01-01",
	  { F(1, "co_adopted", "2021-08-24"),
	    F(2, "postponed", "2023-05-01", .rule = "followup",
	      .due = "2024-02-01") },
	  { D("TEST/followup/1", "1", "2024-02-01", O, CF,
	      .from = "2023-08-24") } },

	{ "postponed_without_due_rechecks", FOLLOWUP_P2Y, NULL, 0,
	  "2023-09-01", "2026-01-01",
	  { F(1, "co_adopted", "2021-08-24"),
	    F(2, "postponed", "2023-05-01", .rule = "followup") },
	  { D("TEST/followup.recheck/1", "1", "2023-11-01", O, DV,
	      .parent = "TEST/followup/1") } },

	{ "date_pending_grid_recheck", CERD, NULL, 0,
	  "2025-03-01", "2028-03-01",
	  { F(1, "entry_into_force", "1972-01-09"),
	    F(2, "report_submitted", "2019-01-09", .cycle = "22-24"),
	    F(3, "co_adopted", "2021-08-24"),
	    F(4, "date_pending", "2024-11-20", .rule = "report") },
	  { D("TEST/report/22", "22-24", "2019-01-09", M, DV,
	      .met = "2019-01-09"),
	    D("TEST/followup/1", "1", "2022-08-24", L, DV),
	    D("TEST/report.recheck/25", "25-27", "2025-05-20", O, DV,
	      .parent = "TEST/report/25") } },

	/* The first recheck date on or after today may be today. */
	{ "date_pending_recheck_due_today", CERD, NULL, 0,
	  "2025-05-20", "2028-03-01",
	  { F(1, "entry_into_force", "1972-01-09"),
	    F(2, "report_submitted", "2019-01-09", .cycle = "22-24"),
	    F(3, "co_adopted", "2021-08-24"),
	    F(4, "date_pending", "2024-11-20", .rule = "report") },
	  { D("TEST/report/22", "22-24", "2019-01-09", M, DV,
	      .met = "2019-01-09"),
	    D("TEST/followup/1", "1", "2022-08-24", L, DV),
	    D("TEST/report.recheck/25", "25-27", "2025-05-20", O, DV,
	      .parent = "TEST/report/25") } },

	/* treatyd-rules(5), EXAMPLES: a date still to be set. */
	{ "date_pending_offset_recheck", INST("TEST")
	  "[rule report]\ntype = offset\nlabel = Periodic report\n"
	  "anchor = co_adopted + P4Y\n", NULL, 0,
	  "2026-11-28", "2029-11-28",
	  { F(1, "co_adopted", "2026-02-20"),
	    F(2, "date_pending", "2026-02-20", .rule = "report") },
	  { D("TEST/report.recheck/1", "1", "2027-02-20", O, DV,
	      .parent = "TEST/report/1") } },

	{ "date_pending_recheck_period_of_rule", INST("TEST")
	  "[rule report]\ntype = offset\nanchor = co_adopted + P4Y\n"
	  "recheck = P1M\n", NULL, 0,
	  "2026-11-28", "2029-11-28",
	  { F(1, "co_adopted", "2026-02-20"),
	    F(2, "date_pending", "2026-02-20", .rule = "report") },
	  { D("TEST/report.recheck/1", "1", "2026-12-20", O, DV,
	      .parent = "TEST/report/1") } },

	{ "date_pending_ended_by_due_date_set", INST("TEST")
	  "[rule report]\ntype = offset\nanchor = co_adopted + P4Y\n", NULL, 0,
	  "2027-02-01", "2030-02-01",
	  { F(1, "co_adopted", "2026-02-20"),
	    F(2, "date_pending", "2026-02-20", .rule = "report"),
	    F(3, "due_date_set", "2027-01-15", .rule = "report",
	      .due = "2030-03-01") },
	  { D("TEST/report/1", "1", "2030-03-01", O, CF) } },

	/* ---- yearly ---- */
	{ "yearly_letter_met", LETTER, NULL, 0,
	  "2026-06-01", "2028-12-31",
	  { F(1, "letter_sent", "2026-02-16") },
	  { D("TEST/annual_letter/2026", "2026", "2026-02-16", M, DV,
	      .met = "2026-02-16"),
	    D("TEST/annual_letter/2027", "2027", "2027-02-16", O, DV),
	    D("TEST/annual_letter/2028", "2028", "2028-02-16", O, DV) } },

	{ "yearly_letter_overdue", LETTER, NULL, 0,
	  "2027-03-01", "2028-12-31",
	  { F(1, "letter_sent", "2026-02-16") },
	  { D("TEST/annual_letter/2027", "2027", "2027-02-16", L, DV),
	    D("TEST/annual_letter/2028", "2028", "2028-02-16", O, DV) } },

	{ "yearly_letter_a_little_late_meets_its_year", LETTER, NULL, 0,
	  "2027-03-01", "2028-12-31",
	  { F(1, "letter_sent", "2026-02-16"),
	    F(2, "letter_sent", "2027-02-20") },
	  { D("TEST/annual_letter/2027", "2027", "2027-02-16", M, DV,
	      .met = "2027-02-20"),
	    D("TEST/annual_letter/2028", "2028", "2028-02-16", O, DV) } },

	{ "yearly_letter_with_year_as_cycle", LETTER, NULL, 0,
	  "2027-07-01", "2028-12-31",
	  { F(1, "letter_sent", "2026-02-16", .cycle = "2026"),
	    F(2, "letter_sent", "2027-06-01", .cycle = "2027") },
	  { D("TEST/annual_letter/2027", "2027", "2027-02-16", M, DV,
	      .met = "2027-06-01"),
	    D("TEST/annual_letter/2028", "2028", "2028-02-16", O, DV) } },

	/*
	 * Every letter two weeks late, four years running: each still meets
	 * its own year, and the letter not yet sent is not met.
	 */
	{ "yearly_letters_late_every_year", LETTER, NULL, 0,
	  "2030-01-01", "2030-12-31",
	  { F(1, "letter_sent", "2026-03-02"),
	    F(2, "letter_sent", "2027-03-01"),
	    F(3, "letter_sent", "2028-03-01"),
	    F(4, "letter_sent", "2029-03-01") },
	  { D("TEST/annual_letter/2029", "2029", "2029-02-16", M, DV,
	      .met = "2029-03-01"),
	    D("TEST/annual_letter/2030", "2030", "2030-02-16", O, DV) } },

	/* ---- milestones ---- */
	{ "milestones_snap_to_working_days", REPORT_P4Y_MILESTONES, NULL, 1,
	  "2025-03-01", "2030-01-01",
	  { F(1, "co_adopted", "2022-06-01") },
	  { D("TEST/kickoff/1", "1", "2025-05-30", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/first_draft/1", "1", "2025-12-01", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/consultation/1", "1", "2025-12-31", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/cabinet_approval/1", "1", "2026-04-01", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/report/1", "1", "2026-06-01", O, DV) } },

	{ "milestones_weekends_only_without_calendar", REPORT_P4Y_MILESTONES,
	  NULL, 0, "2025-03-01", "2030-01-01",
	  { F(1, "co_adopted", "2022-06-01") },
	  { D("TEST/kickoff/1", "1", "2025-05-30", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/first_draft/1", "1", "2025-12-01", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/consultation/1", "1", "2026-01-01", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/cabinet_approval/1", "1", "2026-04-01", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/report/1", "1", "2026-06-01", O, DV) } },

	{ "milestones_met", REPORT_P4Y_MILESTONES, NULL, 1,
	  "2026-01-10", "2030-01-01",
	  { F(1, "co_adopted", "2022-06-01"),
	    F(2, "milestone_done", "2025-05-20", .rule = "kickoff"),
	    F(3, "consultation_held", "2025-12-10"),
	    F(4, "milestone_done", "2025-11-01", .rule = "cabinet"),
	    F(5, "milestone_done", "2025-11-20") },
	  { D("TEST/kickoff/1", "1", "2025-05-30", M, DV, .met = "2025-05-20",
	      .parent = "TEST/report/1"),
	    D("TEST/first_draft/1", "1", "2025-12-01", L, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/consultation/1", "1", "2025-12-31", M, DV,
	      .met = "2025-12-10", .parent = "TEST/report/1"),
	    D("TEST/cabinet_approval/1", "1", "2026-04-01", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/report/1", "1", "2026-06-01", O, DV) } },

	{ "milestones_none_for_met_deadline", REPORT_P4Y_MILESTONES, NULL, 1,
	  "2026-07-01", "2030-01-01",
	  { F(1, "co_adopted", "2022-06-01"),
	    F(2, "report_submitted", "2026-05-20") },
	  { D("TEST/report/1", "1", "2026-06-01", M, DV,
	      .met = "2026-05-20") } },

	{ "milestones_none_for_superseded_deadline", REPORT_P4Y_MILESTONES,
	  NULL, 1, "2026-07-01", "2027-01-01",
	  { F(1, "co_adopted", "2018-06-01"),
	    F(2, "co_adopted", "2026-06-15") },
	  { D("TEST/report/1", "1", "2022-06-01", S, DV),
	    D("TEST/kickoff/2", "2", "2029-06-15", O, DV,
	      .parent = "TEST/report/2"),
	    D("TEST/first_draft/2", "2", "2029-12-14", O, DV,
	      .parent = "TEST/report/2"),
	    D("TEST/consultation/2", "2", "2030-01-15", O, DV,
	      .parent = "TEST/report/2"),
	    D("TEST/cabinet_approval/2", "2", "2030-04-15", O, DV,
	      .parent = "TEST/report/2"),
	    D("TEST/report/2", "2", "2030-06-15", O, DV) } },

	/* Projected (tentative) deadlines get tentative milestones. */
	{ "milestones_of_projected_grid_reports", GRID_2006
	  "[milestone draft]\nbefore = report\noffset = P6M\n", NULL, 1,
	  "2014-01-01", "2022-01-01",
	  { F(1, "report_submitted", "2008-01-15", .cycle = "3"),
	    F(2, "report_submitted", "2012-03-01", .cycle = "4") },
	  { D("TEST/report/3", "3", "2006-06-01", M, DV, .met = "2008-01-15"),
	    D("TEST/report/4", "4", "2011-06-01", M, DV, .met = "2012-03-01"),
	    D("TEST/draft/5", "5", "2015-12-01", O, DV,
	      .parent = "TEST/report/5"),
	    D("TEST/report/5", "5", "2016-06-01", O, DV),
	    D("TEST/draft/6", "6", "2020-12-01", O, TT,
	      .parent = "TEST/report/6"),
	    D("TEST/report/6", "6", "2021-06-01", O, TT) } },

	/* While the date is pending there is nothing to count back from. */
	{ "milestones_none_while_date_pending", REPORT_P4Y_MILESTONES, NULL, 1,
	  "2022-07-01", "2027-01-01",
	  { F(1, "co_adopted", "2022-06-01"),
	    F(2, "date_pending", "2022-06-01", .rule = "report") },
	  { D("TEST/report.recheck/1", "1", "2022-09-01", O, DV,
	      .parent = "TEST/report/1") } },

	/*
	 * A milestone fact meets one cycle: the kick-off done late for the
	 * overdue combined report is not also the kick-off of report 28.
	 */
	{ "milestone_fact_meets_one_cycle", CERD
	  "[milestone kickoff]\nbefore = report\noffset = P12M\n", NULL, 1,
	  "2025-06-01", "2027-12-31",
	  { F(1, "entry_into_force", "1972-01-09"),
	    F(2, "report_submitted", "2019-01-09", .cycle = "22-24"),
	    F(3, "co_adopted", "2021-08-24"),
	    F(4, "milestone_done", "2025-02-01", .rule = "kickoff") },
	  { D("TEST/report/22", "22-24", "2019-01-09", M, DV,
	      .met = "2019-01-09"),
	    D("TEST/followup/1", "1", "2022-08-24", L, DV),
	    D("TEST/kickoff/25", "25-27", "2024-01-09", M, DV,
	      .met = "2025-02-01", .parent = "TEST/report/25"),
	    D("TEST/report/25", "25-27", "2025-01-09", L, DV),
	    D("TEST/kickoff/28", "28", "2026-01-09", O, TT,
	      .parent = "TEST/report/28"),
	    D("TEST/report/28", "28", "2027-01-09", O, TT) } },

	/* No offset: the deadline's own day, moved back to a working day. */
	{ "milestone_offset_defaults_to_zero", INST("TEST")
	  "[rule report]\ntype = offset\nanchor = co_adopted + P4Y\n"
	  "[milestone submit]\nbefore = report\n", NULL, 1,
	  "2026-01-01", "2029-01-01",
	  { F(1, "co_adopted", "2022-05-31") },
	  { D("TEST/submit/1", "1", "2026-05-29", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/report/1", "1", "2026-05-31", O, DV) } },

	/* treatyd-rules(5), EXAMPLES: the Migrant Workers Convention. */
	{ "cmw_example_2026_11_28", CMW, NULL, 1,
	  "2026-11-28", "2029-11-28",
	  { CMW_FACTS },
	  { D("CMW/report/1", "1", "2022-07-01", M, DV, .met = "2022-09-30"),
	    D("CMW/followup/1", "1", "2026-04-12", M, DV, .met = "2026-03-30"),
	    D("CMW/kickoff/2", "2", "2026-07-01", M, DV, .met = "2026-06-25",
	      .parent = "CMW/report/2"),
	    D("CMW/caribbean_input/2", "2", "2026-12-01", O, DV,
	      .parent = "CMW/report/2"),
	    D("CMW/consultation/2", "2", "2026-12-31", O, DV,
	      .parent = "CMW/report/2"),
	    D("CMW/cabinet/2", "2", "2027-04-30", O, DV,
	      .parent = "CMW/report/2"),
	    D("CMW/report/2", "2", "2027-07-01", O, DV) } },

	{ "cmw_example_postponed", CMW, NULL, 1,
	  "2027-03-01", "2030-03-01",
	  { CMW_FACTS,
	    F(6, "consultation_held", "2026-12-15", .inst = "CMW"),
	    F(7, "postponed", "2027-03-01", .rule = "report",
	      .due = "2027-10-01", .inst = "CMW") },
	  { D("CMW/report/1", "1", "2022-07-01", M, DV, .met = "2022-09-30"),
	    D("CMW/followup/1", "1", "2026-04-12", M, DV, .met = "2026-03-30"),
	    D("CMW/kickoff/2", "2", "2026-10-01", M, DV, .met = "2026-06-25",
	      .parent = "CMW/report/2"),
	    D("CMW/caribbean_input/2", "2", "2027-03-01", O, DV,
	      .parent = "CMW/report/2"),
	    D("CMW/consultation/2", "2", "2027-04-01", M, DV,
	      .met = "2026-12-15", .parent = "CMW/report/2"),
	    D("CMW/cabinet/2", "2", "2027-07-30", O, DV,
	      .parent = "CMW/report/2"),
	    D("CMW/report/2", "2", "2027-10-01", O, CF,
	      .from = "2027-07-01") } },

	/* ---- voluntary ---- */
	{ "voluntary_never_overdue", INST("TEST")
	  "[rule midterm]\ntype = offset\nanchor = co_adopted + P2Y\n"
	  "voluntary = yes\n"
	  "[milestone draft]\nbefore = midterm\noffset = P1M\n", NULL, 0,
	  "2023-01-01", "2026-01-01",
	  { F(1, "co_adopted", "2020-01-15") },
	  { D("TEST/draft/1", "1", "2021-12-15", O, DV,
	      .parent = "TEST/midterm/1", .voluntary = 1),
	    D("TEST/midterm/1", "1", "2022-01-15", O, DV, .voluntary = 1) } },

	/* ---- status over time ---- */
	{ "status_day_before_due", FOLLOWUP_P2Y, NULL, 0,
	  "2023-08-23", "2026-01-01",
	  { F(1, "co_adopted", "2021-08-24") },
	  { D("TEST/followup/1", "1", "2023-08-24", O, DV) } },

	{ "status_on_due_date", FOLLOWUP_P2Y, NULL, 0,
	  "2023-08-24", "2026-01-01",
	  { F(1, "co_adopted", "2021-08-24") },
	  { D("TEST/followup/1", "1", "2023-08-24", O, DV) } },

	{ "status_day_after_due", FOLLOWUP_P2Y, NULL, 0,
	  "2023-08-25", "2026-01-01",
	  { F(1, "co_adopted", "2021-08-24") },
	  { D("TEST/followup/1", "1", "2023-08-24", L, DV) } },

	{ "status_met_late", FOLLOWUP_P2Y, NULL, 0,
	  "2023-09-11", "2026-01-01",
	  { F(1, "co_adopted", "2021-08-24"),
	    F(2, "followup_submitted", "2023-09-10") },
	  { D("TEST/followup/1", "1", "2023-08-24", M, DV,
	      .met = "2023-09-10") } },

	/* ---- superseded ---- */
	{ "superseded_before_new_anchor", FOLLOWUP_P2Y, NULL, 0,
	  "2018-01-01", "2021-01-01",
	  { F(1, "co_adopted", "2015-03-01") },
	  { D("TEST/followup/1", "1", "2017-03-01", L, DV) } },

	{ "superseded_by_new_anchor", FOLLOWUP_P2Y, NULL, 0,
	  "2020-01-01", "2023-01-01",
	  { F(1, "co_adopted", "2015-03-01"),
	    F(2, "co_adopted", "2019-03-01") },
	  { D("TEST/followup/1", "1", "2017-03-01", S, DV),
	    D("TEST/followup/2", "2", "2021-03-01", O, DV) } },

	{ "superseded_fact_ignored", FOLLOWUP_P2Y, NULL, 0,
	  "2023-09-01", "2026-01-01",
	  { F(1, "co_adopted", "2021-08-24"),
	    F(2, "co_adopted", "2021-08-26", .supersedes = 1),
	    F(3, "followup_submitted", "2023-08-20"),
	    F(4, "followup_submitted", "2023-08-30", .supersedes = 3) },
	  { D("TEST/followup/1", "1", "2023-08-26", M, DV,
	      .met = "2023-08-30") } },

	/* ---- several instruments: order by due date, then id ---- */
	{ "sorted_by_due_then_id", INST("BBB")
	  "[rule followup]\ntype = offset\nanchor = co_adopted + P2Y\n"
	  "[rule interim]\ntype = offset\nanchor = co_adopted + P1Y\n",
	  INST("AAA")
	  "[rule followup]\ntype = offset\nanchor = co_adopted + P2Y\n", 0,
	  "2021-06-01", "2024-01-01",
	  { F(1, "co_adopted", "2021-01-01", .inst = "bbb"),
	    F(2, "co_adopted", "2021-01-01", .inst = "AAA"),
	    F(3, "co_adopted", "2020-01-01", .inst = "OTHER") },
	  { D("BBB/interim/1", "1", "2022-01-01", O, DV),
	    D("AAA/followup/1", "1", "2023-01-01", O, DV),
	    D("BBB/followup/1", "1", "2023-01-01", O, DV) } },

	/* ---- What the records cannot tell ---- */

	/* Due before the records begin, nothing meets it: unknown. */
	{ "unknown_before_records_from", FOLLOWUP_P2Y, NULL, 0,
	  "2026-01-01", "2027-01-01",
	  { F(1, "co_adopted", "2019-01-01"),
	    F(2, "records_from", "2022-01-01") },
	  { D("TEST/followup/1", "1", "2021-01-01", U, DV) } },

	/* Due after the records begin and not met: truly overdue. */
	{ "overdue_after_records_from", FOLLOWUP_P2Y, NULL, 0,
	  "2026-01-01", "2027-01-01",
	  { F(1, "co_adopted", "2019-01-01"),
	    F(2, "records_from", "2020-06-01") },
	  { D("TEST/followup/1", "1", "2021-01-01", L, DV) } },

	/* records_from does not hide what was met. */
	{ "met_before_records_from", FOLLOWUP_P2Y, NULL, 0,
	  "2026-01-01", "2027-01-01",
	  { F(1, "co_adopted", "2019-01-01"),
	    F(2, "followup_submitted", "2021-03-01"),
	    F(3, "records_from", "2022-01-01") },
	  { D("TEST/followup/1", "1", "2021-01-01", M, DV,
	      .met = "2021-03-01") } },

	/* A records_from fact naming a rule speaks for that rule alone. */
	{ "records_from_for_one_rule", INST("TEST")
	  "[rule interim]\ntype = offset\nanchor = co_adopted + P1Y\n"
	  "[rule followup]\ntype = offset\nanchor = co_adopted + P2Y\n", NULL, 0,
	  "2026-01-01", "2027-01-01",
	  { F(1, "co_adopted", "2019-01-01"),
	    F(2, "records_from", "2022-01-01", .rule = "followup") },
	  { D("TEST/interim/1", "1", "2020-01-01", L, DV),
	    D("TEST/followup/1", "1", "2021-01-01", U, DV) } },

	/* A placeholder rule: tentative, never derived ... */
	{ "tentative_rule_is_tentative", INST("TEST")
	  "[rule report]\ntype = offset\nanchor = co_adopted + P4Y\n"
	  "tentative = yes\n", NULL, 0,
	  "2026-01-01", "2030-01-01",
	  { F(1, "co_adopted", "2024-01-01") },
	  { D("TEST/report/1", "1", "2028-01-01", O, TT) } },

	/* ... unknown once its date passed unmet ... */
	{ "tentative_rule_past_is_unknown", INST("TEST")
	  "[rule report]\ntype = offset\nanchor = co_adopted + P4Y\n"
	  "tentative = yes\n", NULL, 0,
	  "2029-01-01", "2030-01-01",
	  { F(1, "co_adopted", "2024-01-01") },
	  { D("TEST/report/1", "1", "2028-01-01", U, TT) } },

	/* ... and confirmed (then overdue) once the body sets a date. */
	{ "tentative_rule_confirmed_by_due_date_set", INST("TEST")
	  "[rule report]\ntype = offset\nanchor = co_adopted + P4Y\n"
	  "tentative = yes\n", NULL, 0,
	  "2029-01-01", "2030-01-01",
	  { F(1, "co_adopted", "2024-01-01"),
	    F(2, "due_date_set", "2024-01-01", .rule = "report",
	      .due = "2028-06-01") },
	  { D("TEST/report/1", "1", "2028-06-01", L, CF) } },

	/* A meeting whose date passed with no meeting_held: was it held? */
	{ "past_due_unknown", LETTER "past_due = unknown\n", NULL, 0,
	  "2027-03-01", "2028-12-31",
	  { F(1, "letter_sent", "2026-02-16") },
	  { D("TEST/annual_letter/2027", "2027", "2027-02-16", U, DV),
	    D("TEST/annual_letter/2028", "2028", "2028-02-16", O, DV) } },

	/* Past grid projections with no facts are unknown, not open. */
	{ "grid_past_projection_unknown", GRID_2006, NULL, 0,
	  "2017-01-01", "2022-01-01",
	  { F(1, "report_submitted", "2008-01-15", .cycle = "3"),
	    F(2, "report_submitted", "2012-03-01", .cycle = "4") },
	  { D("TEST/report/3", "3", "2006-06-01", M, DV, .met = "2008-01-15"),
	    D("TEST/report/4", "4", "2011-06-01", M, DV, .met = "2012-03-01"),
	    D("TEST/report/5", "5", "2016-06-01", L, DV),
	    D("TEST/report/6", "6", "2021-06-01", O, TT) } },

	/* The network's planned date moves the internal steps, never the
	 * body's date. */
	{ "planned_moves_milestones", REPORT_P4Y_MILESTONES, NULL, 1,
	  "2026-01-01", "2030-01-01",
	  { F(1, "co_adopted", "2018-06-01"),
	    F(2, "planned", "2025-11-01", .rule = "report",
	      .due = "2026-10-01") },
	  { D("TEST/report/1", "1", "2022-06-01", L, DV),
	    D("TEST/kickoff/1", "1", "2025-10-01", L, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/first_draft/1", "1", "2026-04-01", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/consultation/1", "1", "2026-05-01", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/cabinet_approval/1", "1", "2026-07-31", O, DV,
	      .parent = "TEST/report/1") } },

	/* A report whose date the body will set: steps from the plan. */
	{ "planned_while_date_pending", REPORT_P4Y_MILESTONES, NULL, 1,
	  "2026-01-01", "2030-01-01",
	  { F(1, "co_adopted", "2022-06-01"),
	    F(2, "date_pending", "2022-06-01", .rule = "report"),
	    F(3, "planned", "2025-11-01", .rule = "report",
	      .due = "2027-03-01") },
	  { /* 2026-03-01 is a Sunday; 2027-01-01 New Year's Day. */
	    D("TEST/kickoff/1", "1", "2026-02-27", O, DV,
	      .parent = "TEST/report.recheck/1"),
	    D("TEST/report.recheck/1", "1", "2026-03-01", O, DV,
	      .parent = "TEST/report/1"),
	    D("TEST/first_draft/1", "1", "2026-09-01", O, DV,
	      .parent = "TEST/report.recheck/1"),
	    D("TEST/consultation/1", "1", "2026-10-01", O, DV,
	      .parent = "TEST/report.recheck/1"),
	    D("TEST/cabinet_approval/1", "1", "2026-12-31", O, DV,
	      .parent = "TEST/report.recheck/1") } },
};

TU_TABLE(engine, table, ecases)

ParameterizedTest(size_t *i, engine, table)
{
	const struct ecase	*c = &ecases[*i];
	struct run		 r;
	size_t			 nw;

	run_setup(&r, c->rules, c->rules2, c->calendar, c->facts);
	run_compute(&r, c->today, c->horizon);
	for (nw = 0; nw < MAX_WANT && c->want[nw].id != NULL; nw++)
		;
	cr_expect_eq(r.out.n, nw, "%s: %zu deadlines, want %zu; got:\n%s",
	    c->name, r.out.n, nw, dump(&r.out));
	for (size_t j = 0; j < nw && j < r.out.n; j++)
		check_one(c->name, j, &r.out.v[j], &c->want[j], &r.out);
	run_free(&r);
}

/* ---- Properties checked over several computations ---- */

/* The same facts judged on several days: open, open, overdue; then met. */
Test(engine, status_transitions_over_time)
{
	static const struct fspec facts[] = {
		F(1, "co_adopted", "2021-08-24"),
		{ 0 }
	};
	static const struct {
		const char		*today;
		enum deadline_status	 status;
	} t[] = {
		{ "2021-08-24", STATUS_OPEN },
		{ "2023-08-23", STATUS_OPEN },
		{ "2023-08-24", STATUS_OPEN },
		{ "2023-08-25", STATUS_OVERDUE },
		{ "2030-01-01", STATUS_OVERDUE },
	};
	struct run	 r;
	char		 buf[DATE_STRLEN];

	run_setup(&r, FOLLOWUP_P2Y, NULL, 0, facts);
	for (size_t i = 0; i < NELEM(t); i++) {
		run_compute(&r, t[i].today, "2035-01-01");
		cr_assert_eq(r.out.n, 1, "%s:\n%s", t[i].today, dump(&r.out));
		cr_expect_str_eq(r.out.v[0].id, "TEST/followup/1");
		cr_expect_str_eq(fmt(r.out.v[0].due, buf), "2023-08-24");
		cr_expect_str_eq(engine_status_name(r.out.v[0].status),
		    engine_status_name(t[i].status), "on %s", t[i].today);
	}
	/* A follow-up submitted: met, whatever the day. */
	r.facts[1] = r.facts[0];
	r.facts[1].id = 2;
	snprintf(r.facts[1].kind, sizeof r.facts[1].kind, "followup_submitted");
	r.facts[1].date = tu_day("2023-09-10");
	r.nfacts = 2;
	for (size_t i = 0; i < NELEM(t); i++) {
		run_compute(&r, t[i].today, "2035-01-01");
		cr_assert_eq(r.out.n, 1);
		cr_expect_eq(r.out.v[0].status, STATUS_MET, "on %s: %s",
		    t[i].today, engine_status_name(r.out.v[0].status));
		cr_expect_str_eq(fmt(r.out.v[0].met_on, buf), "2023-09-10");
	}
	run_free(&r);
}

/* Changing a due date keeps the identity of the deadline. */
Test(engine, identity_stable_when_dates_change)
{
	static const struct fspec facts[] = {
		F(1, "co_adopted", "2021-08-24"),
		F(2, "co_adopted", "2021-09-30", .supersedes = 1),
		F(3, "due_date_set", "2021-10-01", .rule = "followup",
		    .due = "2024-01-31"),
		{ 0 }
	};
	static const struct {
		size_t		 nfacts;
		const char	*due;
		enum deadline_confidence conf;
		long long	 fact;		/* in the provenance */
	} steps[] = {
		{ 1, "2023-08-24", CONF_DERIVED, 1 },
		{ 2, "2023-09-30", CONF_DERIVED, 2 },	/* corrected date */
		{ 3, "2024-01-31", CONF_CONFIRMED, 3 },	/* body's date */
	};
	struct run	 r;
	char		 buf[DATE_STRLEN];

	run_setup(&r, FOLLOWUP_P2Y, NULL, 0, facts);
	for (size_t i = 0; i < NELEM(steps); i++) {
		const struct deadline	*d;
		int			 has = 0;

		r.nfacts = steps[i].nfacts;
		run_compute(&r, "2022-01-01", "2026-01-01");
		cr_assert_eq(r.out.n, 1, "step %zu:\n%s", i, dump(&r.out));
		d = &r.out.v[0];
		cr_expect_str_eq(d->id, "TEST/followup/1", "step %zu", i);
		cr_expect_str_eq(fmt(d->due, buf), steps[i].due, "step %zu", i);
		cr_expect_eq(d->confidence, steps[i].conf, "step %zu", i);
		for (int k = 0; k < d->nfacts; k++) {
			has |= d->facts[k] == steps[i].fact;
			if (i > 0)
				cr_expect_neq(d->facts[k], 1, "step %zu: "
				    "superseded fact 1 in the provenance", i);
		}
		cr_expect(has, "step %zu: fact %lld not in the provenance", i,
		    steps[i].fact);
	}
	run_free(&r);
}

/* The tentative deadline of an on_event rule keeps its id on the trigger. */
Test(engine, identity_stable_from_expect_to_trigger)
{
	static const struct fspec facts[] = {
		F(1, "co_adopted", "2019-07-18"),
		F(2, "loipr_received", "2025-06-01"),
		{ 0 }
	};
	struct run	 r;
	char		 id[DEADLINE_ID_MAX], buf[DATE_STRLEN];

	run_setup(&r, EXPECTED_REPORT, NULL, 0, facts);
	r.nfacts = 1;
	run_compute(&r, "2025-01-01", "2028-01-01");
	cr_assert_eq(r.out.n, 1, "%s", dump(&r.out));
	cr_expect_eq(r.out.v[0].confidence, CONF_TENTATIVE);
	cr_expect_str_eq(fmt(r.out.v[0].due, buf), "2026-07-18");
	snprintf(id, sizeof id, "%s", r.out.v[0].id);
	cr_expect_str_eq(id, "TEST/report/1");

	r.nfacts = 2;
	run_compute(&r, "2025-07-01", "2028-01-01");
	cr_assert_eq(r.out.n, 1, "%s", dump(&r.out));
	cr_expect_str_eq(r.out.v[0].id, id);
	cr_expect_eq(r.out.v[0].confidence, CONF_DERIVED);
	cr_expect_str_eq(fmt(r.out.v[0].due, buf), "2026-06-01");
	run_free(&r);
}

/* Milestones keep their ids when their deadline moves. */
Test(engine, milestone_identity_follows_deadline)
{
	static const struct fspec facts[] = {
		F(1, "co_adopted", "2022-06-01"),
		F(2, "postponed", "2025-01-10", .rule = "report",
		    .due = "2026-09-01"),
		{ 0 }
	};
	struct run		 r;
	const struct deadline	*d;
	char			 buf[DATE_STRLEN];

	run_setup(&r, REPORT_P4Y_MILESTONES, NULL, 1, facts);
	r.nfacts = 1;
	run_compute(&r, "2025-01-01", "2030-01-01");
	d = find_id(&r.out, "TEST/consultation/1");
	cr_assert_not_null(d, "%s", dump(&r.out));
	cr_expect_str_eq(fmt(d->due, buf), "2025-12-31");

	r.nfacts = 2;
	run_compute(&r, "2025-02-01", "2030-01-01");
	d = find_id(&r.out, "TEST/consultation/1");
	cr_assert_not_null(d, "%s", dump(&r.out));
	cr_expect_str_eq(fmt(d->due, buf), "2026-04-01");
	cr_expect_str_eq(d->parent, "TEST/report/1");
	d = find_id(&r.out, "TEST/report/1");
	cr_assert_not_null(d);
	cr_expect_str_eq(fmt(d->due, buf), "2026-09-01");
	cr_expect_str_eq(fmt(d->postponed_from, buf), "2026-06-01");
	cr_expect_eq(d->confidence, CONF_CONFIRMED);
	run_free(&r);
}

/* Deadlines come sorted by due date, then id, whatever the input order. */
Test(engine, output_sorted)
{
	static const struct fspec facts[] = {
		F(5, "co_adopted", "2024-04-12", .inst = "CMW"),
		F(1, "entry_into_force", "2021-07-01", .inst = "CMW"),
		F(9, "entry_into_force", "1972-01-09"),
		F(7, "co_adopted", "2021-08-24"),
		F(8, "report_submitted", "2019-01-09", .cycle = "22-24"),
		{ 0 }
	};
	struct run	 r;

	run_setup(&r, CERD, CMW, 1, facts);
	run_compute(&r, "2026-11-28", "2035-01-01");
	cr_assert_geq(r.out.n, 10, "%s", dump(&r.out));
	for (size_t i = 1; i < r.out.n; i++) {
		const struct deadline	*a = &r.out.v[i - 1], *b = &r.out.v[i];

		cr_expect(a->due < b->due ||
		    (a->due == b->due && strcmp(a->id, b->id) < 0),
		    "#%zu %s before %s:\n%s", i, a->id, b->id, dump(&r.out));
	}
	/* Computing again resets the output. */
	{
		size_t	 n = r.out.n;

		run_compute(&r, "2026-11-28", "2035-01-01");
		cr_expect_eq(r.out.n, n);
	}
	run_free(&r);
	cr_expect_null(r.out.v);
	cr_expect_eq(r.out.n, 0);
}

/* Each deadline before the next: by date, then id. */
static void
expect_sorted(const struct deadlines *d)
{
	for (size_t i = 1; i < d->n; i++) {
		const struct deadline	*a = &d->v[i - 1], *b = &d->v[i];

		cr_expect(a->due < b->due ||
		    (a->due == b->due && strcmp(a->id, b->id) < 0),
		    "#%zu %s before %s", i, a->id, b->id);
	}
}

/*
 * K instruments x00.. and K Y00.. on the same grid: on each date their
 * deadlines come in the order of the codes (x before Y, case folded)
 * and must leave in the order of the ids (Y before x). Few such pairs
 * are put right in place, many (K = 20) by qsort: both sorted.
 */
Test(engine, sorted_when_ids_and_codes_disagree)
{
	static const size_t	 sizes[] = { 3, 20 };

	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		struct run	 r;
		size_t		 k = sizes[s], per = 0;

		memset(&r, 0, sizeof r);
		ruleset_init(&r.rs);
		for (size_t i = 0; i < 2 * k; i++) {
			char	 name[32], text[512];

			snprintf(name, sizeof name, "i%zu.ini", i);
			snprintf(text, sizeof text, "[instrument]\n"
			    "code = %s%02zu\nname = Test convention\n"
			    "body = Test committee\nlead = BZK\n"
			    "[rule report]\ntype = grid\nbase = 2006-06-01\n"
			    "period = P5Y\nfirst = 3\n", i < k ? "x" : "Y",
			    i % k);
			ruletext_load_ok(&r.rs, name, text);
		}
		finish_rules(&r.rs);
		run_compute(&r, "2026-11-28", "2040-01-01");
		for (size_t i = 0; i < r.out.n; i++)
			if (strcmp(r.out.v[i].inst->code, "x00") == 0)
				per++;
		cr_assert_gt(per, 1, "%s", dump(&r.out));
		cr_expect_eq(r.out.n, 2 * k * per, "%s", dump(&r.out));
		expect_sorted(&r.out);
		cr_expect_str_eq(r.out.v[0].inst->code, "Y00");
		run_free(&r);
	}
}

/* Two instruments' dates over far more days than deadlines: sorted. */
Test(engine, sorted_over_centuries)
{
	static const struct fspec facts[] = { { 0 } };
	struct run	 r;

	run_setup(&r, GRID_2006, INST("AAA") "[rule report]\ntype = grid\n"
	    "base = 2007-01-15\nperiod = P4Y\nfirst = 3\n", 0, facts);
	run_compute(&r, "2026-11-28", "2399-01-01");
	cr_assert_gt(r.out.n, 50, "%s", dump(&r.out));
	expect_sorted(&r.out);
	run_free(&r);
}

Test(engine, labels)
{
	static const struct fspec facts[] = {
		F(1, "co_adopted", "2021-08-24"),
		F(2, "co_adopted", "2021-08-24", .inst = "BOTH"),
		F(3, "date_pending", "2021-09-01", .rule = "followup"),
		{ 0 }
	};
	static const char rules2[] =
	    INST("BOTH")
	    "[rule en_only]\ntype = offset\nanchor = co_adopted + P1Y\n"
	    "label = English only\n"
	    "[rule nl_only]\ntype = offset\nanchor = co_adopted + P2Y\n"
	    "label_nl = Alleen Nederlands\n"
	    "[rule bare]\ntype = offset\nanchor = co_adopted + P3Y\n";
	static const struct {
		const char	*id;
		const char	*en;
		const char	*nl;
	} t[] = {
		{ "TEST/followup.recheck/1",
		  "Check whether the date is set: Follow-up information",
		  "Nagaan of de datum is vastgesteld: Follow-upinformatie" },
		{ "BOTH/en_only/1", "English only", "English only" },
		{ "BOTH/nl_only/1", "Alleen Nederlands", "Alleen Nederlands" },
		{ "BOTH/bare/1", "bare", "bare" },
	};
	struct run	 r;
	char		 buf[160];

	run_setup(&r, FOLLOWUP_P2Y, rules2, 0, facts);
	run_compute(&r, "2022-01-01", "2026-01-01");
	cr_expect_eq(r.out.n, NELEM(t), "%s", dump(&r.out));
	for (size_t i = 0; i < NELEM(t); i++) {
		const struct deadline	*d = find_id(&r.out, t[i].id);

		cr_assert_not_null(d, "%s missing:\n%s", t[i].id, dump(&r.out));
		cr_expect_str_eq(engine_label(d, "en", buf, sizeof buf), t[i].en);
		cr_expect_str_eq(engine_label(d, "nl", buf, sizeof buf), t[i].nl);
		cr_expect_str_eq(engine_label(d, NULL, buf, sizeof buf), t[i].en,
		    "no language: English");
	}
	/* Without the pending fact: the rule's labels. */
	r.nfacts = 2;
	run_compute(&r, "2022-01-01", "2026-01-01");
	{
		const struct deadline	*d = find_id(&r.out, "TEST/followup/1");

		cr_assert_not_null(d);
		cr_expect_str_eq(engine_label(d, "en", buf, sizeof buf),
		    "Follow-up information");
		cr_expect_str_eq(engine_label(d, "nl", buf, sizeof buf),
		    "Follow-upinformatie");
		/* A short buffer is cut, not overrun. */
		cr_expect_str_eq(engine_label(d, "en", buf, 7), "Follow");
	}
	run_free(&r);
}

Test(engine, names_and_superseded_facts)
{
	struct fact	 f[3];

	cr_expect_str_eq(engine_status_name(STATUS_OPEN), "open");
	cr_expect_str_eq(engine_status_name(STATUS_MET), "met");
	cr_expect_str_eq(engine_status_name(STATUS_OVERDUE), "overdue");
	cr_expect_str_eq(engine_status_name(STATUS_SUPERSEDED), "superseded");
	cr_expect_str_eq(engine_confidence_name(CONF_CONFIRMED), "confirmed");
	cr_expect_str_eq(engine_confidence_name(CONF_DERIVED), "derived");
	cr_expect_str_eq(engine_confidence_name(CONF_TENTATIVE), "tentative");

	memset(f, 0, sizeof f);
	f[0].id = 1;
	f[1].id = 2;
	f[1].supersedes = 1;
	f[2].id = 3;
	cr_expect(engine_fact_superseded(f, 3, 1));
	cr_expect(!engine_fact_superseded(f, 3, 2));
	cr_expect(!engine_fact_superseded(f, 3, 3));
	cr_expect(!engine_fact_superseded(f, 0, 1));
}

Test(engine, empty_input)
{
	struct ruleset		 rs;
	struct deadlines	 out = { NULL, 0, 0 };
	struct engine_input	 in;

	ruleset_init(&rs);
	memset(&in, 0, sizeof in);
	in.records_from = DATE_NONE;
	in.rules = &rs;
	in.today = tu_day("2026-01-01");
	in.horizon = tu_day("2029-01-01");
	engine_compute(&in, &out);
	cr_expect_eq(out.n, 0);
	deadlines_free(&out);
	ruleset_free(&rs);
}

Test(engine, days_late)
{
	static const struct fspec facts[] = {
		F(1, "co_adopted", "2019-01-01"),
		F(2, "followup_submitted", "2021-03-01"),
		{ 0 }
	};
	struct run		 r;
	const struct deadline	*d;

	run_setup(&r, FOLLOWUP_P2Y, NULL, 0, facts);
	run_compute(&r, "2026-01-01", "2027-01-01");
	cr_assert_not_null(d = find_id(&r.out, "TEST/followup/1"));
	cr_expect_eq(engine_days_late(d), 59, "met 59 days after 1 January");
	run_free(&r);
	/* Met early: not late. */
	run_setup(&r, FOLLOWUP_P2Y, NULL, 0, facts);
	r.facts[1].date = tu_day("2020-12-01");
	run_compute(&r, "2026-01-01", "2027-01-01");
	cr_assert_not_null(d = find_id(&r.out, "TEST/followup/1"));
	cr_expect_eq(engine_days_late(d), 0);
	run_free(&r);
}

/* The configuration's records_from: the body's deadlines take it when the
 * instrument says nothing, and the network's own steps are known no
 * earlier than it, whatever the instrument's facts. */
Test(engine, general_records_from)
{
	static const struct fspec facts[] = {
		F(1, "co_adopted", "2019-01-01"),
		{ 0 }
	};
	static const struct fspec steps[] = {
		F(1, "co_adopted", "2022-06-01"),
		F(2, "records_from", "2015-01-01"),
		{ 0 }
	};
	static const struct {
		const char		*id;
		enum deadline_status	 status;
	} want[] = {
		{ "TEST/kickoff/1", STATUS_UNKNOWN },		/* 2025-05-30 */
		{ "TEST/first_draft/1", STATUS_OVERDUE },	/* 2025-12-01 */
		{ "TEST/cabinet_approval/1", STATUS_OPEN },	/* 2026-04-01 */
		{ "TEST/report/1", STATUS_OPEN },		/* 2026-06-01 */
	};
	struct run		 r;
	const struct deadline	*d;

	run_setup(&r, FOLLOWUP_P2Y, NULL, 0, facts);
	run_compute_from(&r, "2026-01-01", "2027-01-01", "2022-01-01");
	cr_assert_not_null(d = find_id(&r.out, "TEST/followup/1"));
	cr_expect_eq(d->status, STATUS_UNKNOWN);
	run_free(&r);
	run_setup(&r, REPORT_P4Y_MILESTONES, NULL, 1, steps);
	run_compute_from(&r, "2026-01-01", "2030-01-01", "2025-09-01");
	for (size_t i = 0; i < NELEM(want); i++) {
		cr_assert_not_null(d = find_id(&r.out, want[i].id), "%s",
		    want[i].id);
		cr_expect_eq(d->status, want[i].status, "%s: %s", want[i].id,
		    engine_status_name(d->status));
	}
	run_free(&r);
}
