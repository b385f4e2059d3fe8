/*
 * Unit tests of src/planner.c: deadlines + recipients + policy + now ->
 * the rows to queue. Times are UTC with send_at 09:00, so a row's send
 * time is its date at 09:00 UTC.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "date.h"
#include "engine.h"
#include "planner.h"
#include "remind.h"
#include "rules.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* 09:00 UTC on a date: the days since 1970-01-01 times a day. */
static long long
at9(int date, void *arg)
{
	(void)arg;
	return (long long)(date - tu_day("1970-01-01")) * 86400 + 9 * 3600;
}

static struct rule	 report = { .name = "report", .type = RULE_OFFSET };
static struct rule	 step = { .name = "draft", .type = RULE_MILESTONE };
static struct rule	 meeting_rule = { .name = "network_meeting",
    .type = RULE_YEARLY };
static struct instrument tst = { .code = "TST", .lead = "BZK" };
static struct instrument oth = { .code = "OTH", .lead = "VWS" };
static struct instrument net = { .code = "NETWORK", .lead = "BZK" };

static struct assignment a_tst[] = { { "TST", "lead" } };
static struct assignment a_oth[] = { { "OTH", "contributor" } };
static struct coordinator coords[] = {
	{ .name = "Anna", .email = "anna@example.org", .language = "nl",
	  .assignments = a_tst, .nassignments = 1 },
	{ .name = "Bob", .email = "bob@example.org", .language = "en",
	  .assignments = a_oth, .nassignments = 1 },
};

static struct deadline
deadline(const char *id, struct instrument *in, struct rule *r,
    const char *due, enum deadline_status st, enum deadline_confidence cf)
{
	struct deadline	 d;

	memset(&d, 0, sizeof d);
	strcpy(d.id, id);
	d.inst = in;
	d.rule = r;
	d.due = tu_day(due);
	d.status = st;
	d.confidence = cf;
	d.met_on = d.postponed_from = d.opened = DATE_NONE;
	return d;
}

static const char *const everyone[] = { "anna@example.org",
    "bob@example.org" };
static struct remind_policy	 pol;
static struct plan_input	 in;
static struct deadlines		 dl;
static struct deadline		 v[8];

static void
setup(const char *now)
{
	char	*cause = NULL;

	memset(&pol, 0, sizeof pol);
	cr_assert_eq(duration_parse("P30D", &pol.lead[0], &cause), 0);
	cr_assert_eq(duration_parse("P7D", &pol.lead[1], &cause), 0);
	pol.nlead = 2;
	cr_assert_eq(duration_parse("P3D", &pol.milestone_lead[0], &cause), 0);
	pol.nmilestone_lead = 1;
	cr_assert_eq(duration_parse("P7D", &pol.overdue_every, &cause), 0);
	pol.chair_after = 1;
	memset(&in, 0, sizeof in);
	dl.v = v;
	dl.n = 0;
	in.deadlines = &dl;
	in.coordinators = coords;
	in.ncoordinators = NELEM(coords);
	in.known = everyone;	/* both have had mail before */
	in.nknown = NELEM(everyone);
	in.catch_up_mail = 1;
	in.policy = &pol;
	cr_assert_eq(duration_parse("P2D", &in.catch_up, &cause), 0);
	in.today = tu_day(now);
	in.now = at9(in.today, NULL) + 3600;	/* 10:00 */
	in.at = at9;
}

static size_t
plan(struct plan_row **rows)
{
	return planner_rows(&in, rows);
}

Test(planner, lead_times_to_the_instruments_coordinators)
{
	struct plan_row	*r;
	size_t		 n;

	setup("2027-05-02");
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-06-01",
	    STATUS_OPEN, CONF_DERIVED);
	n = plan(&r);
	/* P30D = 2027-05-02, today: Anna only (Bob is not on TST). */
	cr_assert_eq(n, 1);
	cr_assert_str_eq(r[0].recipient, "anna@example.org");
	cr_assert_str_eq(r[0].lead, "P30D");
	cr_assert_eq(r[0].kind, MAIL_REMINDER);
	cr_assert_eq(r[0].send_at, at9(tu_day("2027-05-02"), NULL));
	cr_assert_eq(r[0].next_attempt, r[0].send_at);
	cr_assert_eq(r[0].skipped, 0);
	cr_assert_eq(r[0].coordinator, &coords[0]);
	free(r);
}

Test(planner, nothing_before_the_send_time)
{
	struct plan_row	*r;

	setup("2027-05-02");
	in.now = at9(in.today, NULL) - 60;	/* 08:59 */
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-06-01",
	    STATUS_OPEN, CONF_DERIVED);
	cr_assert_eq(plan(&r), 0);
	free(r);
	cr_assert_eq(planner_next(&in), at9(in.today, NULL),
	    "the next pass is today's send time");
}

Test(planner, catch_up_window)
{
	struct plan_row	*r;
	size_t		 n;

	/* The P30D slot was 2027-05-02; four days later it is skipped, the
	 * P7D slot is not due yet. */
	setup("2027-05-06");
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-06-01",
	    STATUS_OPEN, CONF_DERIVED);
	n = plan(&r);
	cr_assert_eq(n, 1);
	cr_assert_eq(r[0].skipped, 1);
	free(r);
	/* Two days late exactly: still sent (the window is P2D). */
	setup("2027-05-04");
	in.now = at9(in.today, NULL);
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-06-01",
	    STATUS_OPEN, CONF_DERIVED);
	n = plan(&r);
	cr_assert_eq(n, 1);
	cr_assert_eq(r[0].skipped, 0);
	free(r);
}

Test(planner, no_reminders_for_met_tentative_or_superseded)
{
	struct plan_row	*r;

	setup("2027-05-02");
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-06-01",
	    STATUS_MET, CONF_DERIVED);
	v[dl.n++] = deadline("TST/report/2", &tst, &report, "2027-06-01",
	    STATUS_OPEN, CONF_TENTATIVE);
	v[dl.n++] = deadline("TST/report/3", &tst, &report, "2027-06-01",
	    STATUS_SUPERSEDED, CONF_DERIVED);
	cr_assert_eq(plan(&r), 0);
	free(r);
}

Test(planner, overdue_repeats_go_to_the_coordinators_not_the_chair)
{
	struct plan_row	*r;
	size_t		 n;

	/* Due 2027-05-01; repeats every 7 days: 05-08 (1) ... 05-29 (4); the
	 * lead times' slots are more than 30 days back. */
	setup("2027-05-29");
	in.chair = "chair@example.org";
	in.chair_language = "en";
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-05-01",
	    STATUS_OVERDUE, CONF_DERIVED);
	n = plan(&r);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(r[0].lead, "overdue-4");
	cr_expect_str_eq(r[0].recipient, "anna@example.org");
	/* The chair: Monday's summary only (05-24, past catch_up). */
	cr_expect_eq(r[1].kind, MAIL_SUMMARY);
	cr_expect_str_eq(r[1].recipient, "chair@example.org");
	free(r);
}

Test(planner, milestones_use_their_own_lead_times)
{
	struct plan_row	*r;
	size_t		 n;

	setup("2027-05-07");
	v[dl.n++] = deadline("TST/draft/1", &tst, &step, "2027-05-10",
	    STATUS_OPEN, CONF_DERIVED);
	n = plan(&r);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(r[0].lead, "P3D");
	free(r);
}

Test(planner, digest_waits_for_monday)
{
	struct plan_row	*r;
	size_t		 n;

	/* 2027-04-30 is a Friday: the digest takes it on Monday 05-03. */
	setup("2027-04-30");
	in.digest = 1;
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-05-30",
	    STATUS_OPEN, CONF_DERIVED);
	n = plan(&r);
	cr_assert_eq(n, 1);
	cr_assert_eq(r[0].send_at, at9(tu_day("2027-04-30"), NULL));
	cr_assert_eq(r[0].next_attempt, at9(tu_day("2027-05-03"), NULL));
	free(r);
}

Test(planner, change_notice_for_a_moved_date)
{
	struct plan_row		*r;
	struct plan_published	 pub[2];
	size_t			 n;

	setup("2027-03-01");
	v[dl.n++] = deadline("OTH/report/1", &oth, &report, "2027-09-01",
	    STATUS_OPEN, CONF_CONFIRMED);
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-10-01",
	    STATUS_OPEN, CONF_CONFIRMED);
	memset(pub, 0, sizeof pub);
	pub[0].sequence = 2;
	pub[0].modified = in.now - 600;
	pub[0].previous_due = tu_day("2027-08-01");
	/* Changed, but the date is the same: no notice. */
	pub[1].sequence = 1;
	pub[1].modified = in.now - 600;
	pub[1].previous_due = tu_day("2027-10-01");
	in.published = pub;
	n = plan(&r);
	cr_assert_eq(n, 1);
	cr_assert_eq(r[0].kind, MAIL_CHANGE);
	cr_assert_str_eq(r[0].lead, "change-2");
	cr_assert_str_eq(r[0].recipient, "bob@example.org",
	    "a contributor gets the notice too");
	cr_assert_eq(r[0].old_due, tu_day("2027-08-01"));
	cr_assert_eq(r[0].send_at, pub[0].modified);
	free(r);
	/* A change older than the catch-up window: no notice. */
	pub[0].modified = in.now - 5 * 86400;
	cr_assert_eq(plan(&r), 0);
	free(r);
}

Test(planner, agenda_only_for_a_fixed_meeting_date)
{
	struct plan_row	*r;
	size_t		 n;
	char		*cause = NULL;

	setup("2027-10-26");
	v[dl.n++] = deadline("NETWORK/network_meeting/2027", &net,
	    &meeting_rule, "2027-11-09", STATUS_OPEN, CONF_DERIVED);
	in.meeting = &v[0];
	cr_assert_eq(duration_parse("P2W", &in.agenda_before, &cause), 0);
	cr_assert_eq(plan(&r), 0, "no agenda mail for the rule's placeholder");
	free(r);
	v[0].confidence = CONF_CONFIRMED;
	n = plan(&r);
	/* Both coordinators get the agenda; the meeting itself has no
	 * coordinators, so no reminders. */
	cr_assert_eq(n, 2);
	cr_assert_eq(r[0].kind, MAIL_AGENDA);
	cr_assert_str_eq(r[0].lead, "agenda");
	cr_assert_eq(r[0].send_at, at9(tu_day("2027-10-26"), NULL));
	free(r);
}

Test(planner, next_pass)
{
	setup("2027-05-03");
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-06-10",
	    STATUS_OPEN, CONF_DERIVED);
	/* P30D: 2027-05-11; P7D: 06-03. */
	cr_assert_eq(planner_next(&in), at9(tu_day("2027-05-11"), NULL));
}

Test(planner, names_round_trip)
{
	enum mail_kind		 k;
	enum outbox_state	 s;

	for (int i = MAIL_REMINDER; i <= MAIL_FEED; i++) {
		cr_assert_eq(mail_kind_parse(mail_kind_name(i), &k), 0);
		cr_assert_eq((int)k, i);
	}
	for (int i = OUTBOX_PENDING; i <= OUTBOX_SUPERSEDED; i++) {
		cr_assert_eq(outbox_state_parse(outbox_state_name(i), &s), 0);
		cr_assert_eq((int)s, i);
	}
	cr_assert_eq(mail_kind_parse("digest", &k), -1);
	cr_assert_eq(outbox_state_parse("Sent", &s), -1);
}

Test(planner, a_new_coordinator_gets_one_catch_up_mail)
{
	struct plan_row	*r;
	size_t		 n;

	setup("2027-05-02");
	in.nknown = 1;		/* Anna is known, Bob is new */
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-06-01",
	    STATUS_OPEN, CONF_DERIVED);
	v[dl.n++] = deadline("OTH/report/1", &oth, &report, "2027-06-01",
	    STATUS_OPEN, CONF_DERIVED);
	n = plan(&r);
	cr_assert_eq(n, 3);
	/* Anna's reminder as usual; Bob's is skipped: the catch-up lists it. */
	cr_expect_str_eq(r[0].recipient, "anna@example.org");
	cr_expect_eq(r[0].skipped, 0);
	cr_expect_str_eq(r[1].recipient, "bob@example.org");
	cr_expect_eq(r[1].kind, MAIL_REMINDER);
	cr_expect_eq(r[1].skipped, 1);
	cr_expect_eq(r[2].kind, MAIL_CATCHUP);
	cr_expect_str_eq(r[2].recipient, "bob@example.org");
	cr_expect_null(r[2].deadline);
	cr_expect_eq(r[2].send_at, in.now);
	free(r);
}

Test(planner, no_reminders_of_their_own_for_steps_of_an_overdue_report)
{
	struct plan_row	*r;
	size_t		 n;

	setup("2027-05-07");
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-05-01",
	    STATUS_OVERDUE, CONF_DERIVED);
	v[dl.n] = deadline("TST/draft/1", &tst, &step, "2027-05-10",
	    STATUS_OPEN, CONF_DERIVED);
	strcpy(v[dl.n++].parent, "TST/report/1");
	n = plan(&r);
	for (size_t i = 0; i < n; i++)
		cr_expect_str_neq(r[i].deadline->id, "TST/draft/1");
	free(r);
	cr_expect_eq(planner_step_of_overdue(&dl, &v[1]), 1);
	v[0].status = STATUS_OPEN;
	cr_expect_eq(planner_step_of_overdue(&dl, &v[1]), 0);
	cr_expect_eq(planner_step_of_overdue(&dl, &v[0]), 0, "not a step");
}

Test(planner, an_acknowledged_deadline_is_not_repeated)
{
	struct plan_row	*r;
	struct plan_ack	 ack = { "TST/report/1", 0, STATUS_OVERDUE,
	    "ANNA@example.org" };
	size_t		 n;

	/* Overdue repeat on 05-08; Anna acknowledged the deadline as it is. */
	setup("2027-05-08");
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-05-01",
	    STATUS_OVERDUE, CONF_DERIVED);
	ack.due = v[0].due;
	in.acks = &ack;
	in.nacks = 1;
	cr_expect_eq(plan(&r), 0);
	free(r);
	/* The date moved: the acknowledgement no longer holds. */
	ack.due = v[0].due - 1;
	n = plan(&r);
	cr_expect_eq(n, 2, "the P7D slot (skipped) and the repeat");
	cr_expect_str_eq(r[n - 1].lead, "overdue-1");
	free(r);
}

Test(planner, the_chairs_weekly_summary)
{
	struct plan_row	*r;
	size_t		*items, n;

	/* 2027-05-10 is a Monday; 05-12 a Wednesday. */
	setup("2027-05-12");
	in.chair = "chair@example.org";
	in.chair_language = "en";
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-05-01",
	    STATUS_OVERDUE, CONF_DERIVED);
	v[dl.n] = deadline("TST/draft/1", &tst, &step, "2027-04-20",
	    STATUS_OVERDUE, CONF_DERIVED);
	strcpy(v[dl.n++].parent, "TST/report/1");
	n = plan(&r);
	cr_assert_gt(n, 0);
	cr_expect_eq(r[n - 1].kind, MAIL_SUMMARY);
	cr_expect_str_eq(r[n - 1].recipient, "chair@example.org");
	cr_expect_str_eq(r[n - 1].language, "en");
	cr_expect_eq(r[n - 1].due, tu_day("2027-05-10"), "Monday's");
	cr_expect_eq(r[n - 1].send_at, at9(tu_day("2027-05-10"), NULL));
	cr_expect_eq(r[n - 1].skipped, 1, "two days back is past catch_up");
	for (size_t i = 0; i + 1 < n; i++)
		cr_expect_str_neq(r[i].recipient, "chair@example.org",
		    "no copies of reminders for the chair");
	free(r);
	/* The summary lists the report, not the steps of the overdue report. */
	cr_expect_eq(planner_summary_items(&dl, &pol, NULL, in.today, &items),
	    1);
	cr_expect_eq(items[0], 0);
	free(items);
	/* A meeting nobody recorded as held: the chair is asked. */
	{
		struct rule	 held = { .name = "network_meeting",
		    .type = RULE_YEARLY, .past_unknown = 1 };

		v[dl.n++] = deadline("NETWORK/network_meeting/2027", &net, &held,
		    "2027-05-04", STATUS_UNKNOWN, CONF_TENTATIVE);
		cr_expect_eq(planner_summary_items(&dl, &pol, NULL, in.today,
		    &items), 2);
		cr_expect_eq(items[1], 2);
		free(items);
		dl.n--;
	}
	/* Nothing overdue: no summary. */
	v[0].status = v[1].status = STATUS_OPEN;
	n = plan(&r);
	for (size_t i = 0; i < n; i++)
		cr_expect_neq(r[i].kind, MAIL_SUMMARY);
	free(r);
}

Test(planner, catch_up_items_late_then_coming)
{
	size_t	*items, n;

	setup("2027-05-02");
	v[dl.n++] = deadline("TST/report/1", &tst, &report, "2027-04-01",
	    STATUS_OVERDUE, CONF_DERIVED);
	v[dl.n++] = deadline("TST/report/2", &tst, &report, "2027-06-01",
	    STATUS_OPEN, CONF_DERIVED);
	v[dl.n++] = deadline("TST/report/3", &tst, &report, "2027-06-02",
	    STATUS_OPEN, CONF_TENTATIVE);
	v[dl.n++] = deadline("TST/report/4", &tst, &report, "2027-09-01",
	    STATUS_OPEN, CONF_DERIVED);
	v[dl.n++] = deadline("OTH/report/1", &oth, &report, "2027-05-05",
	    STATUS_OPEN, CONF_DERIVED);
	n = planner_catchup_items(&dl, &coords[0], in.today, &items);
	/* Late, then within 90 days; not tentative, not beyond, not OTH. */
	cr_assert_eq(n, 2);
	cr_expect_eq(items[0], 0);
	cr_expect_eq(items[1], 1);
	free(items);
}

/*
 * What pruning keeps: today - keep, but never a day the planner still
 * looks at: the last PLAN_LOOKBACK_DAYS of reminder slots, and catch_up
 * of change notices (and a day more of each).
 */
Test(planner, prune_keeps_what_could_be_planned_again)
{
	static const struct {
		const char	*today;
		struct duration	 keep, catch_up;
		const char	*before;
	} cases[] = {
		{ "2026-12-04", { 2, 0, 0, 0 }, { 0, 0, 0, 3 }, "2024-12-04" },
		{ "2024-02-29", { 1, 0, 0, 0 }, { 0, 0, 0, 3 }, "2023-02-28" },
		{ "2026-12-04", { 0, 0, 0, 31 }, { 0, 0, 0, 3 }, "2026-11-03" },
		/* Shorter than the look-back: the look-back holds. */
		{ "2026-12-04", { 0, 0, 0, 10 }, { 0, 0, 0, 3 }, "2026-11-03" },
		/* A long catch_up keeps its change notices. */
		{ "2026-12-04", { 0, 2, 0, 0 }, { 0, 0, 0, 90 }, "2026-09-04" },
		{ "2026-12-04", { 0, 0, 0, 60 }, { 0, 0, 0, 59 },
		    "2026-10-05" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int	 got = planner_prune_before(tu_day(cases[i].today),
		    &cases[i].keep, &cases[i].catch_up);
		char	 buf[DATE_STRLEN];

		date_format(got, buf);
		cr_expect_str_eq(buf, cases[i].before, "case %zu: %s, not %s",
		    i, buf, cases[i].before);
	}
}
