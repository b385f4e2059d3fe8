/*
 * Unit tests of src/rec.c and src/uhri.c: the names of statuses and
 * positions, finding and filtering recommendations, their latest status,
 * the progress-update deadline before each cabinet letter (a table of
 * cases, every expected date worked out by hand from the contract in
 * rec.h: P6W before the letter, on the working day before when that is
 * not one), and the reader of UHRI's CSV export with each of its errors
 * at its file:line.
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
#include "holidays.h"
#include "rec.h"
#include "rules.h"
#include "ruletext.h"
#include "testutil.h"
#include "uhri.h"
#include "xmalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- Instrument files ---- */

static const char cedaw_ini[] =
	"[instrument]\n"
	"code = CEDAW\n"
	"name = Convention on the Elimination of All Forms of Discrimination "
	"against Women\n"
	"body = Committee on the Elimination of Discrimination against Women\n"
	"lead = OCW\n"
	"contributors = BZ\n";

static const char upr_ini[] =
	"[instrument]\n"
	"code = UPR\n"
	"name = Universal Periodic Review\n"
	"body = Human Rights Council, UPR Working Group\n"
	"lead = BZK\n"
	"contributors = BZ\n";

static const char letter_ini[] =
	"[instrument]\n"
	"code = LETTER\n"
	"name = Annual cabinet letter on treaty reporting\n"
	"body = Tweede Kamer\n"
	"lead = BZK\n"
	"[rule annual_letter]\n"
	"type = yearly\n"
	"label = Annual cabinet letter\n"
	"rrule = FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=16\n"
	"start = 2026-02-16\n";

static struct ruleset	 rs;

static void
setup(void)
{
	struct diag	 dg;

	ruleset_init(&rs);
	ruletext_load_ok(&rs, "cedaw.ini", cedaw_ini);
	ruletext_load_ok(&rs, "upr.ini", upr_ini);
	ruletext_load_ok(&rs, "letter.ini", letter_ini);
	diag_init(&dg);
	cr_assert_eq(ruleset_finish(&rs, &dg), 0, "%s", ruletext_dump(&dg));
	diag_clear(&dg);
}

static void
teardown(void)
{
	ruleset_free(&rs);
}

static const struct instrument *
inst(const char *code)
{
	const struct instrument	*in = ruleset_find(&rs, code);

	cr_assert_not_null(in, "no instrument %s in the test rules", code);
	return in;
}

static const char *
fmt(int date, char buf[DATE_STRLEN])
{
	return date_format(date, buf);
}

/* ---- Building a rec_set ---- */

/* A recommendation; NULL strings stay NULL, symbol NULL is "SYM/1". */
struct rspec {
	long long	 id;		/* 0 ends a list */
	const char	*inst;
	const char	*at;		/* recorded_at */
	const char	*symbol;
	const char	*para;		/* NULL: the id */
	const char	*themes;
	const char	*sdgs;
	int		 followup;
};

struct ospec {
	long long	 id;		/* 0 ends a list */
	long long	 rec;
	const char	*lead;
	const char	*contributors;
};

struct uspec {
	long long	 id;		/* 0 ends a list */
	long long	 rec;
	const char	*date;
	enum rec_status	 status;
};

static void
make_set(struct rec_set *s, const struct rspec *r, size_t maxr,
    const struct ospec *o, size_t maxo, const struct uspec *u, size_t maxu)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < maxr && r[i].id != 0; i++) {
		struct rec	*x;
		char		 para[32];

		s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
		x = &s->v[s->n++];
		memset(x, 0, sizeof *x);
		x->id = r[i].id;
		snprintf(x->instrument, sizeof x->instrument, "%s", r[i].inst);
		x->symbol = xstrdup(r[i].symbol ? r[i].symbol : "SYM/1");
		snprintf(para, sizeof para, "%lld", r[i].id);
		x->paragraph = xstrdup(r[i].para ? r[i].para : para);
		x->text = xstrdup("The Committee recommends.");
		x->themes = xstrdup_or_null(r[i].themes);
		x->sdgs = xstrdup_or_null(r[i].sdgs);
		x->followup = r[i].followup;
		x->recorded_by = xstrdup("test");
		x->recorded_at = xstrdup_or_null(r[i].at);
	}
	for (size_t i = 0; o != NULL && i < maxo && o[i].id != 0; i++) {
		struct rec_owner	*x;

		s->owners = xreallocarray(s->owners, s->nowners + 1,
		    sizeof *s->owners);
		x = &s->owners[s->nowners++];
		memset(x, 0, sizeof *x);
		x->id = o[i].id;
		x->rec = o[i].rec;
		snprintf(x->lead, sizeof x->lead, "%s", o[i].lead);
		x->contributors = xstrdup(o[i].contributors ?
		    o[i].contributors : "");
		x->recorded_by = xstrdup("test");
		x->recorded_at = xstrdup("2026-01-01T00:00:00Z");
	}
	for (size_t i = 0; u != NULL && i < maxu && u[i].id != 0; i++) {
		struct rec_update	*x;

		s->updates = xreallocarray(s->updates, s->nupdates + 1,
		    sizeof *s->updates);
		x = &s->updates[s->nupdates++];
		memset(x, 0, sizeof *x);
		x->id = u[i].id;
		x->rec = u[i].rec;
		x->date = tu_day(u[i].date);
		x->status = u[i].status;
		x->text = xstrdup("progress");
		x->recorded_by = xstrdup("test");
		x->recorded_at = xstrdup("2026-01-01T00:00:00Z");
	}
}

/* ---- Names ---- */

TestSuite(rec, .init = setup, .fini = teardown);

Test(rec, status_names_round_trip)
{
	for (int st = 0; st < REC_NSTATUS; st++) {
		const char	*name = rec_status_name(st);

		cr_expect_eq(rec_status_parse(name), st, "'%s' parses as %d, "
		    "want %d", name, rec_status_parse(name), st);
		cr_expect_str_neq(name, "?");
	}
	cr_expect_str_eq(rec_status_name(REC_NOT_STARTED), "not started");
	cr_expect_str_eq(rec_status_name(REC_PARTIAL),
	    "partially implemented");
	cr_expect_str_eq(rec_status_name(REC_NSTATUS), "?");
	cr_expect_str_eq(rec_status_name((enum rec_status)-1), "?");

	cr_expect_eq(rec_status_parse("not_started"), REC_NOT_STARTED);
	cr_expect_eq(rec_status_parse("Not-Started"), REC_NOT_STARTED);
	cr_expect_eq(rec_status_parse("NOT STARTED"), REC_NOT_STARTED);
	cr_expect_eq(rec_status_parse("In_Progress"), REC_IN_PROGRESS);
	cr_expect_eq(rec_status_parse("partially implemented"), REC_PARTIAL);
	cr_expect_eq(rec_status_parse("partially-implemented"), REC_PARTIAL);
	cr_expect_eq(rec_status_parse("implemented"), REC_IMPLEMENTED);
	cr_expect_eq(rec_status_parse("not accepted"), REC_NOT_ACCEPTED);
	cr_expect_eq(rec_status_parse("done"), -1);
	cr_expect_eq(rec_status_parse(NULL), -1);
	cr_expect_eq(rec_status_parse(""), -1);
	cr_expect_eq(rec_status_parse("not"), -1, "a prefix is not a name");
	cr_expect_eq(rec_status_parse("implemented!"), -1);
	cr_expect_eq(rec_status_parse("not  started"), -1);

	cr_expect(!rec_status_closed(REC_NOT_STARTED));
	cr_expect(!rec_status_closed(REC_IN_PROGRESS));
	cr_expect(!rec_status_closed(REC_PARTIAL),
	    "partially implemented is still open");
	cr_expect(rec_status_closed(REC_IMPLEMENTED));
	cr_expect(rec_status_closed(REC_NOT_ACCEPTED));

	for (int l = LANG_NL; l <= LANG_EN; l++)
		for (int st = 0; st < REC_NSTATUS; st++)
			cr_expect(rec_status_word(st, l) != NULL &&
			    rec_status_word(st, l)[0] != '\0' &&
			    strcmp(rec_status_word(st, l), "?") != 0,
			    "status %d has no word in language %d", st, l);
	cr_expect_str_eq(rec_status_word(REC_NSTATUS, LANG_EN), "?");
}

Test(rec, positions)
{
	cr_expect_eq(rec_position_parse("Supported"), REC_POS_SUPPORTED);
	cr_expect_eq(rec_position_parse("SUPPORTED"), REC_POS_SUPPORTED);
	cr_expect_eq(rec_position_parse("accepted"), REC_POS_SUPPORTED);
	cr_expect_eq(rec_position_parse("noted"), REC_POS_NOTED);
	cr_expect_eq(rec_position_parse("Noted"), REC_POS_NOTED);
	cr_expect_eq(rec_position_parse(""), REC_POS_NONE);
	cr_expect_eq(rec_position_parse(NULL), REC_POS_NONE);
	cr_expect_eq(rec_position_parse("rejected"), -1);
	cr_expect_eq(rec_position_parse("supported in part"), -1);
	cr_expect_str_eq(rec_position_name(REC_POS_SUPPORTED), "supported");
	cr_expect_str_eq(rec_position_name(REC_POS_NOTED), "noted");
	cr_expect_str_eq(rec_position_name(REC_POS_NONE), "");
	cr_expect_eq(rec_position_parse(rec_position_name(REC_POS_NOTED)),
	    REC_POS_NOTED);
}

Test(rec, recorded_on)
{
	cr_expect_eq(rec_recorded_on("2026-03-01T10:00:00Z"),
	    tu_day("2026-03-01"));
	cr_expect_eq(rec_recorded_on("2026-03-01"), tu_day("2026-03-01"));
	cr_expect_eq(rec_recorded_on("2026-02-30T10:00:00Z"), DATE_NONE);
	cr_expect_eq(rec_recorded_on("yesterday"), DATE_NONE);
	cr_expect_eq(rec_recorded_on(NULL), DATE_NONE);
}

Test(rec, validate)
{
	struct rec	 r;
	char		*cause = NULL;

	memset(&r, 0, sizeof r);
	snprintf(r.instrument, sizeof r.instrument, "cedaw");
	r.symbol = xstrdup("CEDAW/C/NLD/CO/7");
	r.paragraph = xstrdup("12");
	r.text = xstrdup("The Committee recommends.\nIt also recommends.");
	r.year = 2021;
	cr_expect_eq(rec_validate(&r, &rs, &cause), 0, "%s",
	    cause ? cause : "");
	cr_expect_str_eq(r.instrument, "CEDAW", "set to its code as spelt");
	free(cause);
	cause = NULL;

	r.year = 1900;
	cr_expect_eq(rec_validate(&r, &rs, &cause), -1);
	cr_expect(cause != NULL && strstr(cause, "1900") != NULL, "%s",
	    cause ? cause : "(none)");
	free(cause);
	cause = NULL;
	r.year = 0;

	free(r.symbol);
	r.symbol = xstrdup("CEDAW:7");
	cr_expect_eq(rec_validate(&r, &rs, &cause), -1, "a ':' in a symbol "
	    "would make SYMBOL:PARAGRAPH ambiguous");
	free(cause);
	cause = NULL;

	snprintf(r.instrument, sizeof r.instrument, "NOPE");
	cr_expect_eq(rec_validate(&r, &rs, &cause), -1);
	cr_expect_str_eq(cause ? cause : "", "unknown instrument 'NOPE'");
	free(cause);
	rec_clear(&r);
}

/* ---- Finding, latest status, filters ---- */

static const struct rspec find_recs[] = {
	{ 1, "CEDAW", "2026-01-10T09:00:00Z", "CEDAW/C/NLD/CO/7", "12",
	  "Women's rights; Gender-based violence",
	  "5.1 - End all forms of discrimination against all women; "
	  "5.2 - Eliminate all forms of violence against all women", 1 },
	{ 2, "CEDAW", "2026-01-10T09:00:00Z", "CEDAW/C/NLD/CO/7", "14",
	  "Education",
	  "15.2 - Promote the sustainable management of all types of forests",
	  0 },
	{ 3, "UPR", "2026-01-10T09:00:00Z", "A/HRC/52/15", "128.26",
	  "International instruments",
	  "1.5 - By 2030, build the resilience of the poor", 0 },
	{ 4, "UPR", "2026-01-10T09:00:00Z", "A/HRC/52/15", "128.27",
	  NULL, "SDG 5 - Gender equality", 0 },
	{ 0 }
};

static const struct ospec find_owners[] = {
	{ 1, 2, "VWS", "SZW JenV" },
	{ 0 }
};

static const struct uspec find_updates[] = {
	{ 1, 1, "2026-03-01", REC_IN_PROGRESS },
	{ 2, 1, "2026-06-01", REC_PARTIAL },
	{ 3, 3, "2026-04-01", REC_IMPLEMENTED },
	{ 0 }
};

Test(rec, find)
{
	struct rec_set		 s;
	const struct rec	*r;

	make_set(&s, find_recs, NELEM(find_recs), find_owners,
	    NELEM(find_owners), find_updates, NELEM(find_updates));
	cr_expect_eq(rec_find(&s, "1"), &s.v[0]);
	cr_expect_eq(rec_find(&s, "4"), &s.v[3]);
	cr_expect_eq(rec_by_id(&s, 3), &s.v[2]);
	cr_expect_null(rec_by_id(&s, 5));
	cr_expect_null(rec_find(&s, "99"));
	cr_expect_null(rec_find(&s, "0"));
	cr_expect_null(rec_find(&s, "-1"));
	cr_expect_null(rec_find(&s, "1x"));
	cr_expect_null(rec_find(&s, ""));
	cr_expect_null(rec_find(&s, NULL));

	r = rec_find(&s, "CEDAW/C/NLD/CO/7:12");
	cr_expect_eq(r, &s.v[0]);
	cr_expect_eq(rec_find(&s, "cedaw/c/nld/co/7:14"), &s.v[1]);
	cr_expect_eq(rec_find(&s, "A/hrc/52/15:128.26"), &s.v[2]);
	cr_expect_eq(rec_find(&s, "a/hrc/52/15:128.27"), &s.v[3]);
	cr_expect_null(rec_find(&s, "CEDAW/C/NLD/CO/7:13"));
	cr_expect_null(rec_find(&s, "CEDAW/C/NLD/CO:12"),
	    "a prefix of a symbol is not the symbol");
	cr_expect_null(rec_find(&s, "CEDAW/C/NLD/CO/77:12"));
	cr_expect_null(rec_find(&s, "A/HRC/52/15:128.2"));
	cr_expect_null(rec_find(&s, "CEDAW/C/NLD/CO/7"));
	cr_expect_null(rec_find(&s, ":12"));
	rec_set_free(&s);
	cr_expect_eq(s.n, 0);
}

Test(rec, latest_and_status_at)
{
	/* Ids in the order recorded; dates as of when. */
	static const struct uspec ups[] = {
		{ 1, 1, "2026-03-01", REC_IN_PROGRESS },
		{ 2, 1, "2026-06-01", REC_PARTIAL },
		{ 3, 2, "2026-07-01", REC_IMPLEMENTED },	/* rec 2 */
		{ 4, 1, "2026-06-01", REC_IMPLEMENTED },	/* same day */
		{ 5, 1, "2026-02-01", REC_NOT_ACCEPTED },	/* backdated */
		{ 0 }
	};
	struct rec_set			 s;
	const struct rec_update		*u;

	make_set(&s, find_recs, NELEM(find_recs), NULL, 0, ups, NELEM(ups));

	u = rec_latest(&s, 1, DATE_NONE);
	cr_assert_not_null(u);
	cr_expect_eq(u->id, 4, "the latest date, of that date the one "
	    "recorded last: got update %lld", u->id);
	u = rec_latest(&s, 1, tu_day("2026-06-01"));
	cr_expect(u != NULL && u->id == 4, "asof includes its own day");
	u = rec_latest(&s, 1, tu_day("2026-05-31"));
	cr_expect(u != NULL && u->id == 1, "got %lld", u ? u->id : 0);
	u = rec_latest(&s, 1, tu_day("2026-02-28"));
	cr_expect(u != NULL && u->id == 5, "the backdated one: got %lld",
	    u ? u->id : 0);
	cr_expect_null(rec_latest(&s, 1, tu_day("2026-01-31")));
	cr_expect_null(rec_latest(&s, 3, DATE_NONE), "rec 3 has none");
	u = rec_latest(&s, 2, DATE_NONE);
	cr_expect(u != NULL && u->id == 3);

	cr_expect_eq(rec_status_at(&s, 1, DATE_NONE), REC_IMPLEMENTED);
	cr_expect_eq(rec_status_at(&s, 1, tu_day("2026-01-01")),
	    REC_NOT_STARTED, "no update yet: not started");
	cr_expect_eq(rec_status_at(&s, 1, tu_day("2026-02-01")),
	    REC_NOT_ACCEPTED);
	cr_expect_eq(rec_status_at(&s, 1, tu_day("2026-03-01")),
	    REC_IN_PROGRESS);
	cr_expect_eq(rec_status_at(&s, 1, tu_day("2026-05-31")),
	    REC_IN_PROGRESS);
	cr_expect_eq(rec_status_at(&s, 3, DATE_NONE), REC_NOT_STARTED);
	cr_expect_eq(rec_status_at(&s, 2, tu_day("2026-06-30")),
	    REC_NOT_STARTED);
	rec_set_free(&s);
}

Test(rec, owner_and_lead)
{
	struct rec_set		 s;
	const struct rec_owner	*o;

	make_set(&s, find_recs, NELEM(find_recs), find_owners,
	    NELEM(find_owners), NULL, 0);
	cr_expect_null(rec_owner_of(&s, 1));
	cr_expect_str_eq(rec_lead(&s, &s.v[0], &rs), "OCW");
	cr_expect_str_eq(rec_lead(&s, &s.v[2], &rs), "BZK");
	o = rec_owner_of(&s, 2);
	cr_assert_not_null(o);
	cr_expect_str_eq(rec_lead(&s, &s.v[1], &rs), "VWS");
	cr_expect(rec_involves(&s, &s.v[0], &rs, "ocw"));
	cr_expect(rec_involves(&s, &s.v[0], &rs, "BZ"));
	cr_expect(!rec_involves(&s, &s.v[0], &rs, "BZK"));
	cr_expect(rec_involves(&s, &s.v[1], &rs, "VWS"));
	cr_expect(rec_involves(&s, &s.v[1], &rs, "jenv"));
	cr_expect(!rec_involves(&s, &s.v[1], &rs, "OCW"),
	    "an owner row replaces the instrument's lead");
	cr_expect(!rec_involves(&s, &s.v[1], &rs, "Jen"));
	rec_set_free(&s);
}

struct mcase {
	const char	*name;
	const char	*instrument, *symbol, *theme, *sdg, *ministry;
	int		 status;	/* -1: any */
	int		 followup;	/* -1: any */
	const char	*asof;		/* NULL: latest */
	const char	*want;		/* the ids that match, "13" */
};

#define ANY	-1

static const struct mcase mcases[] = {
	{ "no_filter", NULL, NULL, NULL, NULL, NULL, ANY, ANY, NULL, "1234" },
	{ "instrument_any_case", "cedaw", NULL, NULL, NULL, NULL, ANY, ANY,
	  NULL, "12" },
	{ "instrument_upr", "UPR", NULL, NULL, NULL, NULL, ANY, ANY, NULL,
	  "34" },
	{ "instrument_unknown", "CRC", NULL, NULL, NULL, NULL, ANY, ANY, NULL,
	  "" },
	{ "symbol_any_case", NULL, "a/hrc/52/15", NULL, NULL, NULL, ANY, ANY,
	  NULL, "34" },
	{ "theme_substring_any_case", NULL, NULL, "gender-BASED", NULL, NULL,
	  ANY, ANY, NULL, "1" },
	{ "theme_rights", NULL, NULL, "RIGHTS", NULL, NULL, ANY, ANY, NULL,
	  "1" },
	{ "theme_educ", NULL, NULL, "educ", NULL, NULL, ANY, ANY, NULL, "2" },
	{ "theme_none", NULL, NULL, "climate", NULL, NULL, ANY, ANY, NULL, "" },
	{ "sdg_goal_5", NULL, NULL, NULL, "5", NULL, ANY, ANY, NULL, "14" },
	{ "sdg_target_5_2", NULL, NULL, NULL, "5.2", NULL, ANY, ANY, NULL,
	  "1" },
	{ "sdg_goal_15", NULL, NULL, NULL, "15", NULL, ANY, ANY, NULL, "2" },
	{ "sdg_goal_1", NULL, NULL, NULL, "1", NULL, ANY, ANY, NULL, "3" },
	{ "sdg_target_1_5", NULL, NULL, NULL, "1.5", NULL, ANY, ANY, NULL,
	  "3" },
	{ "sdg_goal_2", NULL, NULL, NULL, "2", NULL, ANY, ANY, NULL, "" },
	{ "ministry_lead", NULL, NULL, NULL, NULL, "ocw", ANY, ANY, NULL, "1" },
	{ "ministry_contributor", NULL, NULL, NULL, NULL, "BZ", ANY, ANY, NULL,
	  "134" },
	{ "ministry_upr_lead", NULL, NULL, NULL, NULL, "BZK", ANY, ANY, NULL,
	  "34" },
	{ "ministry_owner_lead", NULL, NULL, NULL, NULL, "VWS", ANY, ANY, NULL,
	  "2" },
	{ "ministry_owner_contributor", NULL, NULL, NULL, NULL, "JenV", ANY,
	  ANY, NULL, "2" },
	{ "ministry_none", NULL, NULL, NULL, NULL, "EZK", ANY, ANY, NULL, "" },
	{ "status_partial", NULL, NULL, NULL, NULL, NULL, REC_PARTIAL, ANY,
	  NULL, "1" },
	{ "status_not_started", NULL, NULL, NULL, NULL, NULL, REC_NOT_STARTED,
	  ANY, NULL, "24" },
	{ "status_implemented", NULL, NULL, NULL, NULL, NULL, REC_IMPLEMENTED,
	  ANY, NULL, "3" },
	{ "status_as_of", NULL, NULL, NULL, NULL, NULL, REC_IN_PROGRESS, ANY,
	  "2026-04-01", "1" },
	{ "status_not_started_as_of", NULL, NULL, NULL, NULL, NULL,
	  REC_NOT_STARTED, ANY, "2026-02-01", "1234" },
	{ "followup", NULL, NULL, NULL, NULL, NULL, ANY, 1, NULL, "1" },
	{ "combined", "CEDAW", NULL, NULL, NULL, "BZ", ANY, ANY, NULL, "1" },
	{ "combined_none", "CEDAW", NULL, NULL, "5", "VWS", ANY, ANY, NULL,
	  "" },
};

TU_TABLE(rec_match, table, mcases)

ParameterizedTest(size_t *i, rec_match, table, .init = setup,
    .fini = teardown)
{
	const struct mcase	*c = &mcases[*i];
	struct rec_set		 s;
	struct rec_filter	 f;

	make_set(&s, find_recs, NELEM(find_recs), find_owners,
	    NELEM(find_owners), find_updates, NELEM(find_updates));
	rec_filter_init(&f);
	f.instrument = c->instrument;
	f.symbol = c->symbol;
	f.theme = c->theme;
	f.sdg = c->sdg;
	f.ministry = c->ministry;
	f.status = c->status;
	f.followup = c->followup;
	f.asof = tu_day(c->asof);
	for (size_t k = 0; k < s.n; k++) {
		int	 want;

		want = strchr(c->want, '0' + (int)s.v[k].id) != NULL;

		cr_expect_eq(rec_match(&s, &s.v[k], &rs, &f), want,
		    "%s: recommendation %lld (sdgs '%s', themes '%s') %s",
		    c->name, s.v[k].id, s.v[k].sdgs ? s.v[k].sdgs : "",
		    s.v[k].themes ? s.v[k].themes : "",
		    want ? "does not match" : "matches");
	}
	rec_set_free(&s);
}

/* ---- Progress-update deadlines ---- */

/* A cabinet letter: LETTER/annual_letter/CYCLE. */
struct lspec {
	const char		*cycle;		/* NULL ends a list */
	const char		*due;
	enum deadline_confidence conf;
	enum deadline_status	 status;
};

/* An expected progress-update deadline. */
struct wspec {
	const char		*id;		/* NULL ends a list */
	const char		*due;
	const char		*opened;
	enum deadline_status	 status;
	const char		*met;		/* NULL: not met */
	enum deadline_confidence conf;
	long long		 pending[6];	/* until 0 */
};

struct dcase {
	const char	*name;
	int		 nl;		/* 1: Dutch holidays; 0: weekends */
	const char	*today;
	struct lspec	 letters[3];
	struct rspec	 recs[6];
	struct uspec	 ups[8];
	struct wspec	 want[4];
};

#define O	STATUS_OPEN
#define M	STATUS_MET
#define L	STATUS_OVERDUE
#define CF	CONF_CONFIRMED
#define DV	CONF_DERIVED
#define TT	CONF_TENTATIVE

/* On a Tuesday. */
#define LETTER_2027	{ "2027", "2027-02-16", DV, O }
#define R(i, in, at)	{ (i), (in), (at), NULL, NULL, NULL, NULL, 0 }
#define U(i, r, d, st)	{ (i), (r), (d), (st) }

/*
 * Every date by hand. 2027-02-16 (Tue) - P6W = 2027-01-05 (Tue); its
 * window opens P6W before the letter a year before: 2026-02-16 (Mon) -
 * P6W = 2026-01-05 (Mon).
 */
static const struct dcase dcases[] = {
	{ "one_open_rec", 0, "2026-12-01", { LETTER_2027 },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", O, NULL, DV,
	      { 1 } } } },

	{ "due_today_still_open", 0, "2027-01-05", { LETTER_2027 },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", O, NULL, DV,
	      { 1 } } } },

	{ "overdue_the_day_after", 0, "2027-01-06", { LETTER_2027 },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", L, NULL, DV,
	      { 1 } } } },

	/* One deadline per instrument with open recommendations: none for
	 * LETTER itself, none for UPR without recommendations. */
	{ "one_per_instrument", 0, "2026-12-01", { LETTER_2027 },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z"),
	    R(2, "CEDAW", "2026-03-02T10:00:00Z"),
	    R(3, "UPR", "2026-03-03T10:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", O, NULL, DV,
	      { 1, 2 } },
	    { "UPR/rec_update/2027", "2027-01-05", "2026-01-05", O, NULL, DV,
	      { 3 } } } },

	/* Letter on a Saturday: 2027-02-20 - P6W = 2027-01-09 (Sat) ->
	 * Friday 2027-01-08; a year before 2026-02-20 - P6W = 2026-01-09
	 * (Fri). */
	{ "due_saturday_to_friday", 0, "2026-12-01",
	  { { "2027", "2027-02-20", DV, O } },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2027-01-08", "2026-01-09", O, NULL, DV,
	      { 1 } } } },

	/* On a Sunday: 2027-01-10 (Sun) -> 2027-01-08 (Fri); opened
	 * 2026-01-10 (Sat) -> 2026-01-09 (Fri). */
	{ "due_sunday_to_friday", 0, "2026-12-01",
	  { { "2027", "2027-02-21", DV, O } },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2027-01-08", "2026-01-09", O, NULL, DV,
	      { 1 } } } },

	/* 2027-02-12 (Fri) - P6W = 2027-01-01 (Fri): a working day with
	 * weekends only; New Year's Day with the Dutch holidays -> Thursday
	 * 2026-12-31. Opened 2026-01-01 (Thu) -> 2025-12-31 (Wed). */
	{ "new_year_weekends_only", 0, "2026-12-01",
	  { { "2027", "2027-02-12", DV, O } },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2027-01-01", "2026-01-01", O, NULL, DV,
	      { 1 } } } },
	{ "new_year_dutch_holiday", 1, "2026-12-01",
	  { { "2027", "2027-02-12", DV, O } },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2026-12-31", "2025-12-31", O, NULL, DV,
	      { 1 } } } },

	/* Met: each has an update after the window opened; met on the latest
	 * of the first updates (rec 1's first is 03-10, though recorded after
	 * its 09-01 one), not on the latest update. */
	{ "met_latest_first_update", 0, "2027-03-01", { LETTER_2027 },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z"),
	    R(2, "CEDAW", "2026-03-01T10:00:00Z") },
	  { U(1, 1, "2026-09-01", REC_PARTIAL),
	    U(2, 1, "2026-03-10", REC_IN_PROGRESS),
	    U(3, 2, "2026-06-01", REC_IN_PROGRESS) },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", M,
	      "2026-06-01", DV, { 0 } } } },

	/* An update on the day the window opened is not in it; the day after
	 * is. */
	{ "update_on_opening_day_not_counted", 0, "2026-12-01", { LETTER_2027 },
	  { R(1, "CEDAW", "2025-12-01T10:00:00Z"),
	    R(2, "CEDAW", "2025-12-01T10:00:00Z") },
	  { U(1, 1, "2026-01-05", REC_IN_PROGRESS),
	    U(2, 2, "2026-01-06", REC_IN_PROGRESS) },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", O, NULL, DV,
	      { 1 } } } },

	/* Only one of three updated: not met, the other two pending; an
	 * update before the window does not count. */
	{ "partly_updated", 0, "2027-02-01", { LETTER_2027 },
	  { R(1, "CEDAW", "2025-06-01T10:00:00Z"),
	    R(2, "CEDAW", "2025-06-01T10:00:00Z"),
	    R(3, "CEDAW", "2025-06-01T10:00:00Z") },
	  { U(1, 3, "2025-12-01", REC_IN_PROGRESS),
	    U(2, 2, "2026-05-01", REC_IN_PROGRESS) },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", L, NULL, DV,
	      { 1, 3 } } } },

	/* Closed before the window opened: implemented, not accepted. */
	{ "all_closed_before_window", 0, "2026-12-01", { LETTER_2027 },
	  { R(1, "CEDAW", "2025-06-01T10:00:00Z"),
	    R(2, "CEDAW", "2025-06-01T10:00:00Z") },
	  { U(1, 1, "2025-11-01", REC_IMPLEMENTED),
	    U(2, 2, "2026-01-05", REC_NOT_ACCEPTED) },
	  { { 0 } } },

	/* Closed within the window: it was open when the window opened, and
	 * closing it is its update. */
	{ "implemented_within_window", 0, "2026-12-01", { LETTER_2027 },
	  { R(1, "CEDAW", "2025-06-01T10:00:00Z") },
	  { U(1, 1, "2026-05-01", REC_IMPLEMENTED) },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", M,
	      "2026-05-01", DV, { 0 } } } },

	/* Partially implemented is still open. */
	{ "partial_before_window_counts", 0, "2026-12-01", { LETTER_2027 },
	  { R(1, "CEDAW", "2025-06-01T10:00:00Z") },
	  { U(1, 1, "2025-11-01", REC_PARTIAL) },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", O, NULL, DV,
	      { 1 } } } },

	/* Recorded on or after the due date: not counted; the day before
	 * is. */
	{ "recorded_on_due_date", 0, "2027-01-10", { LETTER_2027 },
	  { R(1, "CEDAW", "2027-01-05T08:00:00Z"),
	    R(2, "UPR", "2027-02-01T08:00:00Z") }, { { 0 } },
	  { { 0 } } },
	{ "recorded_day_before_due", 0, "2027-01-10", { LETTER_2027 },
	  { R(1, "CEDAW", "2027-01-04T23:00:00Z"),
	    R(2, "UPR", "2027-01-05T08:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", L, NULL, DV,
	      { 1 } } } },
	{ "recorded_at_unreadable", 0, "2026-12-01", { LETTER_2027 },
	  { R(1, "CEDAW", "sometime") }, { { 0 } }, { { 0 } } },

	/* Confidence: a confirmed letter gives a derived deadline, a
	 * tentative letter a tentative one. */
	{ "confirmed_letter", 0, "2026-12-01",
	  { { "2027", "2027-02-16", CF, O } },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", O, NULL, DV,
	      { 1 } } } },
	{ "tentative_letter", 0, "2026-12-01",
	  { { "2027", "2027-02-16", TT, O } },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") }, { { 0 } },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", O, NULL, TT,
	      { 1 } } } },

	/* A superseded letter asks for nothing. */
	{ "superseded_letter", 0, "2026-12-01",
	  { { "2027", "2027-02-16", DV, STATUS_SUPERSEDED } },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") }, { { 0 } }, { { 0 } } },

	/*
	 * Two letters: the 2028 window opens at the 2027 deadline
	 * (2027-01-05); due 2028-02-16 (Wed) - P6W = 2028-01-05 (Wed). Rec 1
	 * updated in 2026 only: met for 2027, pending for 2028. Rec 3
	 * implemented in 2026: counts for 2027 only. Rec 2 (UPR) recorded
	 * after the 2027 deadline: counts for 2028 only.
	 */
	{ "two_letters", 0, "2027-06-01",
	  { { "2027", "2027-02-16", DV, M },
	    { "2028", "2028-02-16", DV, O } },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z"),
	    R(2, "UPR", "2027-03-01T10:00:00Z"),
	    R(3, "CEDAW", "2026-03-01T10:00:00Z") },
	  { U(1, 1, "2026-04-01", REC_IN_PROGRESS),
	    U(2, 3, "2026-06-01", REC_IMPLEMENTED) },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", M,
	      "2026-06-01", DV, { 0 } },
	    { "CEDAW/rec_update/2028", "2028-01-05", "2027-01-05", O, NULL, DV,
	      { 1 } },
	    { "UPR/rec_update/2028", "2028-01-05", "2027-01-05", O, NULL, DV,
	      { 2 } } } },

	/* The letters in the other order give the same windows. */
	{ "two_letters_reversed", 0, "2027-06-01",
	  { { "2028", "2028-02-16", DV, O },
	    { "2027", "2027-02-16", DV, M } },
	  { R(1, "CEDAW", "2026-03-01T10:00:00Z") },
	  { U(1, 1, "2026-04-01", REC_IN_PROGRESS) },
	  { { "CEDAW/rec_update/2027", "2027-01-05", "2026-01-05", M,
	      "2026-04-01", DV, { 0 } },
	    { "CEDAW/rec_update/2028", "2028-01-05", "2027-01-05", O, NULL, DV,
	      { 1 } } } },
};

static const char *
dump_deadlines(const struct deadlines *d)
{
	static char	 buf[4096];
	size_t		 len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < d->n && len < sizeof buf - 1; i++) {
		char	 a[DATE_STRLEN], b[DATE_STRLEN], c[DATE_STRLEN];

		len += (size_t)snprintf(buf + len, sizeof buf - len,
		    "    %s due %s opened %s %s met %s\n", d->v[i].id,
		    fmt(d->v[i].due, a), fmt(d->v[i].opened, b),
		    engine_status_name(d->v[i].status), fmt(d->v[i].met_on, c));
	}
	if (d->n == 0)
		snprintf(buf, sizeof buf, "    (none)\n");
	return buf;
}

static void
push_letters(struct deadlines *out, const struct lspec *l, size_t max)
{
	for (size_t i = 0; i < max && l[i].cycle != NULL; i++) {
		struct deadline	*d = deadlines_push(out);

		d->inst = inst("LETTER");
		d->rule = instrument_rule(d->inst, "annual_letter");
		cr_assert_not_null(d->rule);
		snprintf(d->kind, sizeof d->kind, "annual_letter");
		snprintf(d->cycle, sizeof d->cycle, "%s", l[i].cycle);
		snprintf(d->id, sizeof d->id, "LETTER/annual_letter/%s",
		    l[i].cycle);
		d->due = tu_day(l[i].due);
		d->status = l[i].status;
		d->confidence = l[i].conf;
	}
}

static void
check_pending(const char *name, const struct rec_set *s,
    const struct deadline *d, const long long *want)
{
	const struct rec	*got[8];
	size_t			 n, nw;

	for (nw = 0; nw < 6 && want[nw] != 0; nw++)
		;
	n = rec_pending(s, d, got, NELEM(got));
	cr_expect_eq(n, nw, "%s %s: %zu pending, want %zu", name, d->id, n,
	    nw);
	for (size_t i = 0; i < n && i < nw; i++)
		cr_expect_eq(got[i]->id, want[i], "%s %s: pending #%zu is "
		    "%lld, want %lld", name, d->id, i, got[i]->id, want[i]);
	if (nw > 1) {
		/* Room for one: the count is still all of them. */
		cr_expect_eq(rec_pending(s, d, got, 1), nw);
		cr_expect_eq(got[0]->id, want[0]);
	}
}

TU_TABLE(rec_deadlines, table, dcases)

ParameterizedTest(size_t *i, rec_deadlines, table, .init = setup,
    .fini = teardown)
{
	static const struct duration	 p6w = { 0, 0, 6, 0 };
	const struct dcase		*c = &dcases[*i];
	struct deadlines		 out = { NULL, 0, 0 };
	struct holidays			*hol;
	struct rec_set			 s;
	size_t				 nletters, nw, nupd = 0;

	hol = c->nl ? tu_nl_holidays() : NULL;
	make_set(&s, c->recs, NELEM(c->recs), NULL, 0, c->ups, NELEM(c->ups));
	push_letters(&out, c->letters, NELEM(c->letters));
	nletters = out.n;
	rec_deadlines(&s, &rs, hol, &p6w, tu_day(c->today), &out);

	/* The letters stay as they were, first. */
	cr_assert_geq(out.n, nletters);
	for (size_t k = 0; k < nletters; k++)
		cr_expect_str_eq(out.v[k].kind, "annual_letter", "%s: #%zu",
		    c->name, k);
	for (size_t k = nletters; k < out.n; k++) {
		cr_expect_str_eq(out.v[k].kind, "rec_update", "%s: %s",
		    c->name, out.v[k].id);
		nupd++;
	}
	for (nw = 0; nw < NELEM(c->want) && c->want[nw].id != NULL; nw++)
		;
	cr_expect_eq(nupd, nw, "%s: %zu progress-update deadlines, want "
	    "%zu; got:\n%s", c->name, nupd, nw, dump_deadlines(&out));

	for (size_t k = 0; k < nw; k++) {
		const struct wspec	*w = &c->want[k];
		const struct deadline	*d = NULL;
		char			 got[DATE_STRLEN], exp[DATE_STRLEN];
		char			 code[RULES_CODE_MAX], parent[64];
		const char		*cycle;

		for (size_t j = nletters; j < out.n; j++)
			if (strcmp(out.v[j].id, w->id) == 0) {
				cr_expect_null(d, "%s: two deadlines %s",
				    c->name, w->id);
				d = &out.v[j];
			}
		cr_expect_not_null(d, "%s: no %s; got:\n%s", c->name, w->id,
		    dump_deadlines(&out));
		if (d == NULL)
			continue;
		snprintf(code, sizeof code, "%.*s", (int)strcspn(w->id, "/"),
		    w->id);
		cycle = strrchr(w->id, '/') + 1;
		snprintf(parent, sizeof parent, "LETTER/annual_letter/%s",
		    cycle);
		cr_expect_str_eq(fmt(d->due, got), fmt(tu_day(w->due), exp),
		    "%s %s: due %s, want %s", c->name, w->id, got, exp);
		cr_expect_str_eq(fmt(d->opened, got),
		    fmt(tu_day(w->opened), exp), "%s %s: opened %s, want %s",
		    c->name, w->id, got, exp);
		cr_expect_str_eq(engine_status_name(d->status),
		    engine_status_name(w->status), "%s %s: status %s, want %s",
		    c->name, w->id, engine_status_name(d->status),
		    engine_status_name(w->status));
		cr_expect_str_eq(fmt(d->met_on, got), fmt(tu_day(w->met), exp),
		    "%s %s: met on %s, want %s", c->name, w->id, got, exp);
		cr_expect_str_eq(engine_confidence_name(d->confidence),
		    engine_confidence_name(w->conf), "%s %s: confidence %s, "
		    "want %s", c->name, w->id,
		    engine_confidence_name(d->confidence),
		    engine_confidence_name(w->conf));
		cr_expect_str_eq(d->parent, parent, "%s %s: parent '%s'",
		    c->name, w->id, d->parent);
		cr_expect_str_eq(d->cycle, cycle);
		cr_expect_eq(d->rule, rec_update_rule());
		cr_expect(d->inst != NULL && strcmp(d->inst->code, code) == 0,
		    "%s %s: instrument %s", c->name, w->id,
		    d->inst ? d->inst->code : "(none)");
		check_pending(c->name, &s, d, w->pending);
	}
	/* A letter is not a progress-update deadline. */
	if (nletters > 0)
		cr_expect_eq(rec_pending(&s, &out.v[0], NULL, 0), 0);
	deadlines_free(&out);
	rec_set_free(&s);
	holidays_free(hol);
}

Test(rec, deadlines_without_recs_or_letters)
{
	static const struct duration	 p6w = { 0, 0, 6, 0 };
	static const struct lspec	 letters[] = { LETTER_2027, { 0 } };
	static const struct rspec	 recs[] = {
		R(1, "CEDAW", "2026-03-01T10:00:00Z"), { 0 }
	};
	struct deadlines		 out = { NULL, 0, 0 };
	struct rec_set			 s;

	/* No recommendations: the letter alone. */
	memset(&s, 0, sizeof s);
	push_letters(&out, letters, NELEM(letters));
	rec_deadlines(&s, &rs, NULL, &p6w, tu_day("2026-12-01"), &out);
	cr_expect_eq(out.n, 1);
	rec_deadlines(NULL, &rs, NULL, &p6w, tu_day("2026-12-01"), &out);
	cr_expect_eq(out.n, 1);
	deadlines_free(&out);

	/* No letter: nothing. */
	make_set(&s, recs, NELEM(recs), NULL, 0, NULL, 0);
	rec_deadlines(&s, &rs, NULL, &p6w, tu_day("2026-12-01"), &out);
	cr_expect_eq(out.n, 0);
	deadlines_free(&out);
	rec_set_free(&s);
}

/* Through the engine: the yearly letter of the rule text, and the
 * recommendations of engine_input. */
Test(rec, deadlines_through_engine)
{
	static const struct rspec	 recs[] = {
		R(1, "CEDAW", "2026-03-01T10:00:00Z"),
		R(2, "UPR", "2026-03-01T10:00:00Z"),
		{ 0 }
	};
	static const struct uspec	 ups[] = {
		U(1, 2, "2026-05-01", REC_IN_PROGRESS), { 0 }
	};
	struct engine_input		 in;
	struct deadlines		 out = { NULL, 0, 0 };
	struct rec_set			 s;
	const struct deadline		*cedaw = NULL, *upr = NULL;
	char				 a[DATE_STRLEN], *cause = NULL;

	make_set(&s, recs, NELEM(recs), NULL, 0, ups, NELEM(ups));
	memset(&in, 0, sizeof in);
	in.rules = &rs;
	in.today = tu_day("2026-06-01");
	in.horizon = tu_day("2027-12-31");
	in.records_from = DATE_NONE;
	in.recs = &s;
	cr_assert_eq(duration_parse("P6W", &in.update_before, &cause), 0);
	engine_compute(&in, &out);
	for (size_t k = 0; k < out.n; k++) {
		cr_expect_str_neq(out.v[k].id, "CEDAW/rec_update/2026",
		    "recorded after the 2026 deadline (2026-01-05)");
		if (strcmp(out.v[k].id, "CEDAW/rec_update/2027") == 0)
			cedaw = &out.v[k];
		if (strcmp(out.v[k].id, "UPR/rec_update/2027") == 0)
			upr = &out.v[k];
	}
	cr_assert_not_null(cedaw, "got:\n%s", dump_deadlines(&out));
	cr_expect_str_eq(fmt(cedaw->due, a), "2027-01-05");
	cr_expect_str_eq(fmt(cedaw->opened, a), "2026-01-05");
	cr_expect_eq(cedaw->status, STATUS_OPEN);
	cr_expect_str_eq(cedaw->parent, "LETTER/annual_letter/2027");
	cr_assert_not_null(upr, "got:\n%s", dump_deadlines(&out));
	cr_expect_eq(upr->status, STATUS_MET);
	cr_expect_str_eq(fmt(upr->met_on, a), "2026-05-01");
	/* Sorted by due date with the rest. */
	for (size_t k = 1; k < out.n; k++)
		cr_expect_leq(out.v[k - 1].due, out.v[k].due);
	deadlines_free(&out);
	rec_set_free(&s);
}

/* ---- UHRI's CSV export ---- */

#define HEADINGS \
	"Text,Reccomending Body,Document Symbol,Themes,Affected Persons," \
	"Sdgs,Document Publication Date,UPR Position,Type"

/* As UHRI exports it: a BOM, CRLF, one value a line in a cell. */
static const char good_csv[] =
	"\xEF\xBB\xBF" HEADINGS "\r\n"				/* 1 */
	"\"12.The Committee recommends that the State party "
	"\"\"adopt\"\" a plan.\r\n"				/* 2 */
	"It also recommends, in particular, a budget.\",- CEDAW,"
	"- CEDAW/C/NLD/CO/7,\"- Women's rights\r\n"		/* 3 */
	"- Gender-based violence\",\"- Women\r\n"			/* 4 */
	"- Girls\",\"- 5.1 - End all forms of discrimination\r\n"	/* 5 */
	"- 5.2 - Eliminate all forms of violence\",2021-11-12,,"
	"- Recommendations\r\n"					/* 6 */
	"\"13.The Committee is concerned about the gap.\",- CEDAW,"
	"- CEDAW/C/NLD/CO/7,,,,2021-11-12,,- Concerns/Observations\r\n"	/* 7 */
	"\"Rural women 49. The Committee recommends that the State party "
	"ensure access.\",- CEDAW,- CEDAW/C/NLD/CO/7,- Rural women,"
	"- Rural women,,12/11/2021,,- Recommendations\r\n"		/* 8 */
	"128.26 Ratify the Optional Protocol to the Convention against "
	"Torture,- UPR,- A/HRC/52/15,- International instruments,,,"
	"2022-12-22,- Supported,- Recommendations\r\n"			/* 9 */
	"130.1 Consider the views of the Committee,UPR,A/HRC/52/15,,,,"
	"2022,noted,";							/* 10 */

static void
free_recs(struct rec *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec_clear(&v[i]);
	free(v);
}

static void
expect_str(const char *what, const char *got, const char *want)
{
	if (want == NULL)
		cr_expect_null(got, "%s: '%s', want none", what, got);
	else
		cr_expect_str_eq(got ? got : "(null)", want, "%s:\n  got  %s\n"
		    "  want %s", what, got ? got : "(null)", want);
}

Test(rec, uhri_good_file)
{
	struct diag	 dg;
	struct rec	*v = NULL;
	int		*lines = NULL;
	size_t		 n = 99;
	struct uhri_skips skipped;
	int		 rc;

	diag_init(&dg);
	rc = uhri_csv_parse(good_csv, sizeof good_csv - 1, "uhri.csv", &rs,
	    &dg, &v, &lines, &n, &skipped);
	cr_assert_eq(rc, 0, "refused:\n%s", ruletext_dump(&dg));
	cr_expect_eq(dg.n, 0);
	cr_assert_eq(n, 4, "got %zu recommendations", n);
	cr_expect_eq(skipped.concerns, 1, "the concern is skipped");
	cr_expect_eq(skipped.bodies, 0);
	cr_assert_not_null(lines);
	cr_expect_eq(lines[0], 2);
	cr_expect_eq(lines[1], 8);
	cr_expect_eq(lines[2], 9);
	cr_expect_eq(lines[3], 10);

	cr_expect_str_eq(v[0].instrument, "CEDAW");
	expect_str("symbol", v[0].symbol, "CEDAW/C/NLD/CO/7");
	expect_str("paragraph", v[0].paragraph, "12");
	expect_str("text", v[0].text, "The Committee recommends that the "
	    "State party \"adopt\" a plan.\nIt also recommends, in "
	    "particular, a budget.");
	expect_str("themes", v[0].themes,
	    "Women's rights; Gender-based violence");
	expect_str("persons", v[0].persons, "Women; Girls");
	expect_str("sdgs", v[0].sdgs, "5.1 - End all forms of discrimination; "
	    "5.2 - Eliminate all forms of violence");
	cr_expect_eq(v[0].year, 2021);
	cr_expect_eq(v[0].position, REC_POS_NONE);
	cr_expect_eq(v[0].followup, 0);

	/* A heading before the number, and "49. The". */
	expect_str("paragraph", v[1].paragraph, "49");
	expect_str("text", v[1].text, "The Committee recommends that the "
	    "State party ensure access.");
	expect_str("themes", v[1].themes, "Rural women");
	cr_expect_eq(v[1].year, 2021);

	/* The UPR's numbering. */
	cr_expect_str_eq(v[2].instrument, "UPR");
	expect_str("symbol", v[2].symbol, "A/HRC/52/15");
	expect_str("paragraph", v[2].paragraph, "128.26");
	expect_str("text", v[2].text, "Ratify the Optional Protocol to the "
	    "Convention against Torture");
	cr_expect_eq(v[2].position, REC_POS_SUPPORTED);
	cr_expect_eq(v[2].year, 2022);
	expect_str("themes", v[2].themes, "International instruments");
	expect_str("sdgs", v[2].sdgs, NULL);

	/* The last line without a line break; an empty Type. */
	expect_str("paragraph", v[3].paragraph, "130.1");
	expect_str("text", v[3].text, "Consider the views of the Committee");
	cr_expect_eq(v[3].position, REC_POS_NOTED);
	cr_expect_eq(v[3].year, 2022);

	free_recs(v, n);
	free(lines);
	diag_clear(&dg);
}

/* As Excel writes it in a Dutch locale: ';' between fields, LF only, a
 * blank line, commas inside fields, a symbol with its paragraph. */
static const char semicolon_csv[] =
	"Document Symbol;Text;Reccomending Body;Document Publication Date;"
	"Sdgs\n"							/* 1 */
	"CEDAW/C/NLD/CO/7;14.The Committee recommends, in particular, a "
	"plan.;Committee on the Elimination of Discrimination against Women;"
	"12-11-2021;\"5.1 - End discrimination; 5.2 - End violence\"\n"	/* 2 */
	"\n"								/* 3 */
	"CEDAW/C/NLD/CO/7, para. 16;The Committee recommends a law, soon.;"
	"Committee on the Elimination of Discrimination against Women "
	"(CEDAW);2021;\n";						/* 4 */

Test(rec, uhri_semicolons)
{
	struct diag	 dg;
	struct rec	*v = NULL;
	int		*lines = NULL;
	size_t		 n = 0;
	struct uhri_skips skipped;

	diag_init(&dg);
	cr_assert_eq(uhri_csv_parse(semicolon_csv, strlen(semicolon_csv),
	    "nl.csv", &rs, &dg, &v, &lines, &n, &skipped), 0, "refused:\n%s",
	    ruletext_dump(&dg));
	cr_assert_eq(n, 2);
	cr_expect_eq(skipped.concerns, 0);
	cr_expect_eq(lines[0], 2);
	cr_expect_eq(lines[1], 4);
	cr_expect_str_eq(v[0].instrument, "CEDAW");
	expect_str("paragraph", v[0].paragraph, "14");
	expect_str("text", v[0].text,
	    "The Committee recommends, in particular, a plan.");
	expect_str("sdgs", v[0].sdgs,
	    "5.1 - End discrimination; 5.2 - End violence");
	cr_expect_eq(v[0].year, 2021);
	cr_expect_str_eq(v[1].instrument, "CEDAW");
	expect_str("symbol", v[1].symbol, "CEDAW/C/NLD/CO/7");
	expect_str("paragraph", v[1].paragraph, "16");
	expect_str("text", v[1].text, "The Committee recommends a law, soon.");
	free_recs(v, n);
	free(lines);
	diag_clear(&dg);
}

/* "SYMBOL, paragraph N" is one of the forms split_reference() knows. */
Test(rec, uhri_symbol_with_paragraph_word)
{
	static const char csv[] =
	    "Document Symbol,Text,Reccomending Body\n"
	    "\"CEDAW/C/NLD/CO/7, paragraph 18\",The Committee recommends.,"
	    "CEDAW\n";
	struct diag	 dg;
	struct rec	*v = NULL;
	int		*lines = NULL;
	size_t		 n = 0;
	struct uhri_skips skipped;

	diag_init(&dg);
	cr_assert_eq(uhri_csv_parse(csv, strlen(csv), "p.csv", &rs, &dg, &v,
	    &lines, &n, &skipped), 0, "refused:\n%s", ruletext_dump(&dg));
	cr_assert_eq(n, 1);
	expect_str("symbol", v[0].symbol, "CEDAW/C/NLD/CO/7");
	expect_str("paragraph", v[0].paragraph, "18");
	free_recs(v, n);
	free(lines);
	diag_clear(&dg);
}

struct ucase {
	const char		*name;
	const char		*text;
	size_t			 len;		/* 0: strlen(text) */
	struct ruletext_want	 want[4];	/* until msg == NULL */
};

#define UH	"Text,Reccomending Body,Document Symbol,UPR Position\n"

/* A NUL on line 4, after a row with a quoted line break. */
#define NUL_CSV \
	UH \
	"\"12.The Committee\nrecommends.\",CEDAW,CEDAW/C/NLD/CO/7,\n" \
	"13.The Committee\0 recommends.,CEDAW,CEDAW/C/NLD/CO/7,\n"

static const struct ucase ucases[] = {
	/* Every row is read, each error at the line its row starts on (the
	 * quoted line break of row 3 counted); a good row among them is not
	 * returned either. */
	{ "several_errors",
	  UH								/* 1 */
	  "12.The Committee recommends a plan.,- Committee on Nothing,"
	  "- XYZ/C/1,\n"						/* 2 */
	  "\"12.The Committee recommends\n"				/* 3 */
	  "a plan.\",- CEDAW,- CEDAW/C/NLD/CO/7,\n"			/* 4 */
	  "12. The Committee recommends it again.,CEDAW,"
	  "cedaw/c/nld/co/7,\n"						/* 5 */
	  "128.26 Ratify the Protocol,UPR,A/HRC/52/15,- Maybe\n",	/* 6 */
	  0,
	  { { "u.csv", 5, "paragraph 12 is already on line 3" },
	    { "u.csv", 6, "position 'Maybe' is not Supported or Noted" } } },

	{ "no_body_unknown_symbol",
	  UH "\"First\nrow 1.The Committee\",CEDAW,CEDAW/C/NLD/CO/7,\n"
	  "3.The Committee recommends.,,XYZ/1,\n", 0,
	  { { "u.csv", 4, "no instrument for symbol 'XYZ/1'" } } },

	{ "no_text_column",
	  "Document Symbol,Reccomending Body\r\nCEDAW/C/NLD/CO/7,CEDAW\r\n", 0,
	  { { "u.csv", 1, "no column gives the text" } } },

	{ "no_text_column_after_blank_lines",
	  "\r\n\r\nDocument Symbol,Reccomending Body\r\nCEDAW/C/NLD/CO/7,"
	  "CEDAW\r\n", 0,
	  { { "u.csv", 3, "no column gives the text" } } },

	{ "no_symbol_column",
	  "Text,Reccomending Body\n12.The Committee recommends.,CEDAW\n", 0,
	  { { "u.csv", 1, "no column gives the symbol" } } },

	{ "two_text_columns",
	  "Text,Recommendation,Document Symbol\n", 0,
	  { { "u.csv", 1, "two columns give the text" } } },

	{ "empty_file", "", 0,
	  { { "u.csv", 1, "no heading line" } } },

	{ "unclosed_quote",
	  UH
	  "\"12.The Committee\nrecommends.\",CEDAW,CEDAW/C/NLD/CO/7,\n"/* 2-3 */
	  "\"13.The Committee recommends,CEDAW,CEDAW/C/NLD/CO/7,\n",	/* 4 */
	  0,
	  { { "u.csv", 4, "a quoted field is not closed" } } },

	{ "text_after_closing_quote",
	  UH "\"12.The Committee\" recommends,CEDAW,CEDAW/C/NLD/CO/7,\n", 0,
	  { { "u.csv", 2, "text after a closing quote" } } },

	{ "nul_byte", NUL_CSV, sizeof NUL_CSV - 1,
	  { { "u.csv", 4, "a NUL byte" } } },

	{ "too_many_fields",
	  UH "12.The Committee recommends.,CEDAW,CEDAW/C/NLD/CO/7,,extra\n", 0,
	  { { "u.csv", 2, "5 fields where the heading line has 4" } } },

	{ "no_paragraph",
	  UH "The Committee recommends a plan.,CEDAW,CEDAW/C/NLD/CO/7,\n", 0,
	  { { "u.csv", 2, "no paragraph number" } } },

	{ "bad_upr_position",
	  UH "128.26 Ratify the Protocol.,UPR,A/HRC/52/15,Maybe\n", 0,
	  { { "u.csv", 2, "position 'Maybe'" } } },
};

TU_TABLE(uhri_errors, table, ucases)

ParameterizedTest(size_t *i, uhri_errors, table, .init = setup,
    .fini = teardown)
{
	const struct ucase	*c = &ucases[*i];
	struct diag		 dg;
	struct rec		*v = (struct rec *)&dg;	/* not NULL */
	int			*lines = (int *)&dg;
	size_t			 n = 99;
	struct uhri_skips	 skipped;
	int			 rc;

	diag_init(&dg);
	rc = uhri_csv_parse(c->text, c->len ? c->len : strlen(c->text),
	    "u.csv", &rs, &dg, &v, &lines, &n, &skipped);
	cr_expect_eq(rc, -1, "%s: accepted", c->name);
	cr_expect_eq(n, 0, "%s: %zu returned", c->name, n);
	cr_expect_null(v, "%s: recommendations returned", c->name);
	cr_expect_null(lines, "%s: lines returned", c->name);
	ruletext_expect(c->name, &dg, c->want, NELEM(c->want));
	diag_clear(&dg);
}

/* A row of a mechanism without an instrument (a Special Procedure, the
 * CMW) is skipped and counted, not refused; a row of a CRC protocol
 * goes to its instrument by UHRI's name for it. */
Test(rec, uhri_other_mechanisms_skipped)
{
	static const char csv[] =
	    "Text,Reccomending Body,Document Symbol,Type\r\n"
	    "12.The Committee recommends a plan.,- CEDAW,CEDAW/C/NLD/CO/7,"
	    "- Recommendations\r\n"
	    "8.The Special Rapporteur recommends a plan.,- SR on test,"
	    "A/HRC/99/1/Add.1,- Recommendations\r\n"
	    "9.The Committee recommends a plan.,- CMW,CMW/C/XYZ/CO/1,"
	    "- Recommendations\r\n";
	struct diag		 dg;
	struct rec		*v = NULL;
	int			*lines = NULL;
	size_t			 n = 0;
	struct uhri_skips	 sk;

	diag_init(&dg);
	cr_assert_eq(uhri_csv_parse(csv, sizeof csv - 1, "sp.csv", &rs, &dg,
	    &v, &lines, &n, &sk), 0, "refused:\n%s", ruletext_dump(&dg));
	cr_expect_eq(n, 1);
	cr_expect_str_eq(v[0].instrument, "CEDAW");
	cr_expect_eq(sk.bodies, 2);
	cr_expect_eq(sk.concerns, 0);
	cr_expect_str_eq(sk.body, "SR on test");
	cr_expect_eq(lines[0], 2);
	for (size_t i = 0; i < n; i++)
		rec_clear(&v[i]);
	free(v);
	free(lines);
	diag_clear(&dg);
}
