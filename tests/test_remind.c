/*
 * Unit tests of src/remind.c: a deadline + a reminder policy + a window
 * of dates -> the send dates of its reminders (lead times, the working
 * day before, overdue repeats, the chair after n repeats), and the next
 * send date the daemon sleeps until. Deadlines are built by hand: the
 * engine has its own tests.
 *
 * Both functions are driven by tables; each case names the dates it
 * expects, weekdays in the comments (2025: Easter on 20 April, so
 * Ascension Day on Thursday 29 May and Whit Monday on 9 June).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "date.h"
#include "engine.h"
#include "holidays.h"
#include "remind.h"
#include "rules.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_WANT	(REMIND_MAX_LEADS + 1)
#define MAX_DL		4

/* The policy as treatyd.conf(5) writes it; NULL durations: none. */
struct pspec {
	const char	*leads;		/* lead_times */
	const char	*mleads;	/* milestone_lead_times */
	int		 working_days_only;
	const char	*every;		/* overdue_every; NULL: P0D */
	int		 chair_after;
};

/* A deadline: a rule (or a milestone) with a due date and a status. */
struct dlspec {
	const char		*due;
	enum deadline_status	 status;
	enum deadline_confidence conf;
	int			 milestone;
	int			 voluntary;
};

struct slotspec {
	const char	*lead;		/* NULL ends the list */
	const char	*send;
	int		 repeat;
	int		 chair;
};

struct scase {
	const char	*name;
	struct pspec	 pol;
	int		 calendar;	/* 1: the Dutch holidays; 0: weekends */
	struct dlspec	 dl;
	const char	*from, *to;
	size_t		 max;		/* 0: room for every slot */
	struct slotspec	 want[MAX_WANT];
};

#define OPEN(due)	{ (due), STATUS_OPEN, CONF_DERIVED, 0, 0 }
#define OVERDUE(due)	{ (due), STATUS_OVERDUE, CONF_DERIVED, 0, 0 }
#define LEADS(l)	{ (l), "P7D", 0, NULL, 3 }

/* ---- Helpers ---- */

static int
durations(const char *s, struct duration *out, int max)
{
	char	 copy[128], *tok, *save = NULL, *cause = NULL;
	int	 n = 0;

	if (s == NULL)
		return 0;
	snprintf(copy, sizeof copy, "%s", s);
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		cr_assert_lt(n, max);
		cr_assert_eq(duration_parse(tok, &out[n], &cause), 0,
		    "duration \"%s\": %s", tok, cause ? cause : "");
		n++;
	}
	return n;
}

static void
make_policy(const struct pspec *ps, struct remind_policy *p)
{
	memset(p, 0, sizeof *p);
	p->nlead = durations(ps->leads, p->lead, REMIND_MAX_LEADS);
	p->nmilestone_lead = durations(ps->mleads, p->milestone_lead,
	    REMIND_MAX_LEADS);
	p->working_days_only = ps->working_days_only;
	if (ps->every != NULL)
		durations(ps->every, &p->overdue_every, 1);
	p->chair_after = ps->chair_after;
}

static const struct rule rule_report = { .name = "report",
    .type = RULE_OFFSET };
static const struct rule rule_kickoff = { .name = "kickoff",
    .type = RULE_MILESTONE };

static void
make_deadline(const struct dlspec *s, const char *id, struct deadline *d)
{
	memset(d, 0, sizeof *d);
	snprintf(d->id, sizeof d->id, "%s", id);
	d->rule = s->milestone ? &rule_kickoff : &rule_report;
	snprintf(d->kind, sizeof d->kind, "%s", d->rule->name);
	d->due = tu_day(s->due);
	d->status = s->status;
	d->confidence = s->conf;
	d->voluntary = s->voluntary;
	d->met_on = s->status == STATUS_MET ? d->due : DATE_NONE;
	d->postponed_from = DATE_NONE;
	d->opened = DATE_NONE;
}

/* ---- remind_slots ---- */

static const struct scase scases[] = {
	/* Due Monday 30 June: P30D Saturday 31 May, P7D Monday 23 June,
	 * P1D Sunday 29 June; without working_days_only sent as computed. */
	{ "lead_times",
	  LEADS("P30D P7D P1D"), 0, OPEN("2025-06-30"),
	  "2025-05-01", "2025-06-30", 0,
	  { { "P30D", "2025-05-31", 0, 0 }, { "P7D", "2025-06-23", 0, 0 },
	    { "P1D", "2025-06-29", 0, 0 } } },

	/* The window is inclusive at both ends. */
	{ "window_inclusive",
	  LEADS("P30D P7D P1D"), 0, OPEN("2025-06-30"),
	  "2025-06-23", "2025-06-29", 0,
	  { { "P7D", "2025-06-23", 0, 0 }, { "P1D", "2025-06-29", 0, 0 } } },

	{ "window_between_slots",
	  LEADS("P30D P7D P1D"), 0, OPEN("2025-06-30"),
	  "2025-06-24", "2025-06-28", 0,
	  { { NULL } } },

	/* treatyd.conf(5) takes lead_times in any order; the slots still
	 * come in date order (remind.h). */
	{ "lead_times_in_any_order",
	  LEADS("P1D P30D P7D"), 0, OPEN("2025-06-30"),
	  "2025-05-01", "2025-06-30", 0,
	  { { "P30D", "2025-05-31", 0, 0 }, { "P7D", "2025-06-23", 0, 0 },
	    { "P1D", "2025-06-29", 0, 0 } } },

	/* Months and days: P1M before 31 March is 28 February, P30D is
	 * 1 March; the order follows the dates, not the list. */
	{ "months_and_days_in_date_order",
	  LEADS("P30D P1M"), 0, OPEN("2025-03-31"),
	  "2025-01-01", "2025-03-31", 0,
	  { { "P1M", "2025-02-28", 0, 0 }, { "P30D", "2025-03-01", 0, 0 } } },

	/* max cuts the list after the earliest slots. */
	{ "max_keeps_the_earliest",
	  LEADS("P1D P7D P30D"), 0, OPEN("2025-06-30"),
	  "2025-05-01", "2025-06-30", 2,
	  { { "P30D", "2025-05-31", 0, 0 }, { "P7D", "2025-06-23", 0, 0 } } },

	/* Working days only: Saturday 31 May and Sunday 29 June go back to
	 * the Friday before; Monday 23 June stays. */
	{ "working_days_weekend",
	  { "P30D P7D P1D", NULL, 1, NULL, 3 }, 0, OPEN("2025-06-30"),
	  "2025-05-01", "2025-06-30", 0,
	  { { "P30D", "2025-05-30", 0, 0 }, { "P7D", "2025-06-23", 0, 0 },
	    { "P1D", "2025-06-27", 0, 0 } } },

	/* A slot moved back across the window's start is outside it. */
	{ "working_days_moved_out_of_window",
	  { "P1D", NULL, 1, NULL, 3 }, 0, OPEN("2025-06-30"),
	  "2025-06-28", "2025-06-30", 0,
	  { { NULL } } },

	/* Holidays: P7D before Thursday 5 June is Ascension Day (Thursday
	 * 29 May) -> Wednesday 28 May; P1D before Tuesday 10 June is Whit
	 * Monday -> past the weekend to Friday 6 June. */
	{ "working_days_holidays",
	  { "P7D", NULL, 1, NULL, 3 }, 1, OPEN("2025-06-05"),
	  "2025-05-01", "2025-06-30", 0,
	  { { "P7D", "2025-05-28", 0, 0 } } },
	{ "working_days_holiday_and_weekend",
	  { "P1D", NULL, 1, NULL, 3 }, 1, OPEN("2025-06-10"),
	  "2025-05-01", "2025-06-30", 0,
	  { { "P1D", "2025-06-06", 0, 0 } } },

	/* The holiday calendar counts only with working_days_only. */
	{ "holidays_ignored_without_working_days_only",
	  { "P1D", NULL, 0, NULL, 3 }, 1, OPEN("2025-06-10"),
	  "2025-05-01", "2025-06-30", 0,
	  { { "P1D", "2025-06-09", 0, 0 } } },

	/* A milestone takes milestone_lead_times, not lead_times. */
	{ "milestone_leads",
	  { "P30D P7D", "P14D P1D", 0, NULL, 3 }, 0,
	  { "2025-06-30", STATUS_OPEN, CONF_DERIVED, 1, 0 },
	  "2025-05-01", "2025-06-30", 0,
	  { { "P14D", "2025-06-16", 0, 0 }, { "P1D", "2025-06-29", 0, 0 } } },

	/* No lead times, no reminders before the due date. */
	{ "no_lead_times",
	  { NULL, NULL, 0, "P7D", 3 }, 0, OPEN("2025-06-30"),
	  "2025-05-01", "2025-06-30", 0,
	  { { NULL } } },

	/* Not reminded: met, superseded, tentative. */
	{ "met",
	  LEADS("P7D"), 0,
	  { "2025-06-30", STATUS_MET, CONF_DERIVED, 0, 0 },
	  "2025-05-01", "2025-06-30", 0,
	  { { NULL } } },
	{ "superseded",
	  LEADS("P7D"), 0,
	  { "2025-06-30", STATUS_SUPERSEDED, CONF_DERIVED, 0, 0 },
	  "2025-05-01", "2025-06-30", 0,
	  { { NULL } } },
	{ "tentative",
	  LEADS("P7D"), 0,
	  { "2025-06-30", STATUS_OPEN, CONF_TENTATIVE, 0, 0 },
	  "2025-05-01", "2025-06-30", 0,
	  { { NULL } } },
	/* A confirmed date is reminded like a derived one. */
	{ "confirmed",
	  LEADS("P7D"), 0,
	  { "2025-06-30", STATUS_OPEN, CONF_CONFIRMED, 0, 0 },
	  "2025-05-01", "2025-06-30", 0,
	  { { "P7D", "2025-06-23", 0, 0 } } },

	/* Overdue since Monday 3 March, every P7D: repeats on 10, 17, 24
	 * and 31 March. Only the latest on or before `to`, never a
	 * backlog; the chair from the repeat after chair_after (3) on. */
	{ "overdue_latest_repeat_only",
	  { "P7D", NULL, 0, "P7D", 3 }, 0, OVERDUE("2025-03-03"),
	  "2025-01-01", "2025-03-26", 0,
	  { { "P7D", "2025-02-24", 0, 0 },
	    { "overdue-3", "2025-03-24", 3, 0 } } },
	{ "overdue_chair_after_n",
	  { NULL, NULL, 0, "P7D", 3 }, 0, OVERDUE("2025-03-03"),
	  "2025-03-31", "2025-03-31", 0,
	  { { "overdue-4", "2025-03-31", 4, 1 } } },
	{ "overdue_chair_after_0",
	  { NULL, NULL, 0, "P7D", 0 }, 0, OVERDUE("2025-03-03"),
	  "2025-03-10", "2025-03-10", 0,
	  { { "overdue-1", "2025-03-10", 1, 1 } } },
	{ "overdue_not_before_the_first_repeat",
	  { NULL, NULL, 0, "P7D", 3 }, 0, OVERDUE("2025-03-03"),
	  "2025-03-03", "2025-03-09", 0,
	  { { NULL } } },
	/* The latest repeat lies before the window: nothing to send. */
	{ "overdue_latest_before_window",
	  { NULL, NULL, 0, "P7D", 3 }, 0, OVERDUE("2025-03-03"),
	  "2025-03-25", "2025-03-30", 0,
	  { { NULL } } },
	{ "overdue_every_zero",
	  { NULL, NULL, 0, "P0D", 3 }, 0, OVERDUE("2025-03-03"),
	  "2025-01-01", "2025-12-31", 0,
	  { { NULL } } },
	/* An open deadline has no overdue repeats, even past its date. */
	{ "open_past_due_no_repeats",
	  { NULL, NULL, 0, "P7D", 3 }, 0, OPEN("2025-03-03"),
	  "2025-01-01", "2025-03-31", 0,
	  { { NULL } } },
	/* Repeats count from the due date each time: 31 January + 2 x P1M
	 * is 31 March, not 28 March. */
	{ "overdue_month_end",
	  { NULL, NULL, 0, "P1M", 3 }, 0, OVERDUE("2025-01-31"),
	  "2025-03-01", "2025-03-31", 0,
	  { { "overdue-2", "2025-03-31", 2, 0 } } },
	/* Working days only: the first repeat after Wednesday 5 March, every
	 * P10D, is Saturday 15 March, sent on Friday 14 March -- a window
	 * ending on that Friday holds it. */
	{ "overdue_working_days_weekend_repeat",
	  { NULL, NULL, 1, "P10D", 3 }, 0, OVERDUE("2025-03-05"),
	  "2025-03-14", "2025-03-14", 0,
	  { { "overdue-1", "2025-03-14", 1, 0 } } },
	/* ... and on the Monday after, that repeat is still the latest. */
	{ "overdue_working_days_weekend_repeat_later",
	  { NULL, NULL, 1, "P10D", 3 }, 0, OVERDUE("2025-03-05"),
	  "2025-03-10", "2025-03-17", 0,
	  { { "overdue-1", "2025-03-14", 1, 0 } } },
};

TU_TABLE(remind_slots, table, scases)

ParameterizedTest(size_t *i, remind_slots, table)
{
	const struct scase	*c = &scases[*i];
	struct remind_policy	 pol;
	struct remind_slot	 out[MAX_WANT + 1];
	struct holidays		*h = c->calendar ? tu_nl_holidays() : NULL;
	struct deadline		 d;
	size_t			 n, nw, max = c->max ? c->max : NELEM(out);
	char			 date[DATE_STRLEN];

	make_policy(&c->pol, &pol);
	make_deadline(&c->dl, "TEST/report/1", &d);
	for (nw = 0; nw < MAX_WANT && c->want[nw].lead != NULL; nw++)
		;
	memset(out, 0, sizeof out);
	n = remind_slots(&pol, h, &d, tu_day(c->from), tu_day(c->to), out, max);
	cr_expect_eq(n, nw, "%s: %zu slots, want %zu", c->name, n, nw);
	for (size_t k = 0; k < n && k < nw; k++) {
		const struct slotspec	*w = &c->want[k];

		cr_expect_eq(out[k].d, &d, "%s: slot %zu: the deadline",
		    c->name, k);
		cr_expect_str_eq(out[k].lead, w->lead, "%s: slot %zu: lead %s, "
		    "want %s", c->name, k, out[k].lead, w->lead);
		cr_expect_eq(out[k].send_date, tu_day(w->send), "%s: slot %zu "
		    "(%s): sent on %s, want %s", c->name, k, out[k].lead,
		    date_format(out[k].send_date, date), w->send);
		cr_expect_eq(out[k].repeat, w->repeat, "%s: slot %zu: repeat "
		    "%d, want %d", c->name, k, out[k].repeat, w->repeat);
		cr_expect_eq(out[k].to_chair, w->chair, "%s: slot %zu: to_chair "
		    "%d, want %d", c->name, k, out[k].to_chair, w->chair);
	}
	/* Nothing written past what was returned. */
	for (size_t k = n; k < NELEM(out); k++)
		cr_expect_null(out[k].d, "%s: slot %zu written past n",
		    c->name, k);
	holidays_free(h);
}

Test(remind, applies)
{
	static const struct {
		enum deadline_status	 status;
		enum deadline_confidence conf;
		int			 want;
	} cases[] = {
		{ STATUS_OPEN, CONF_DERIVED, 1 },
		{ STATUS_OPEN, CONF_CONFIRMED, 1 },
		{ STATUS_OVERDUE, CONF_DERIVED, 1 },
		{ STATUS_OPEN, CONF_TENTATIVE, 0 },
		{ STATUS_OVERDUE, CONF_TENTATIVE, 0 },
		{ STATUS_MET, CONF_DERIVED, 0 },
		{ STATUS_SUPERSEDED, CONF_DERIVED, 0 },
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct dlspec	 s = { "2025-06-30", cases[i].status,
		    cases[i].conf, 0, 0 };
		struct deadline	 d;

		make_deadline(&s, "TEST/report/1", &d);
		cr_expect_eq(remind_applies(&d), cases[i].want,
		    "case %zu: status %s, confidence %s", i,
		    engine_status_name(cases[i].status),
		    engine_confidence_name(cases[i].conf));
	}
}

/* ---- remind_next_date ---- */

struct ncase {
	const char	*name;
	struct pspec	 pol;
	int		 calendar;
	struct dlspec	 dl[MAX_DL];	/* until due == NULL */
	const char	*after;
	const char	*want;		/* NULL: DATE_NONE */
};

static const struct ncase ncases[] = {
	{ "first_lead",
	  LEADS("P30D P7D P1D"), 0, { OPEN("2025-06-30") },
	  "2025-01-01", "2025-05-31" },
	/* Strictly after `after`. */
	{ "strictly_after",
	  LEADS("P30D P7D P1D"), 0, { OPEN("2025-06-30") },
	  "2025-05-31", "2025-06-23" },
	{ "lead_times_in_any_order",
	  LEADS("P1D P7D P30D"), 0, { OPEN("2025-06-30") },
	  "2025-06-01", "2025-06-23" },
	{ "working_day_before",
	  { "P1D", NULL, 1, NULL, 3 }, 1, { OPEN("2025-06-10") },
	  "2025-06-01", "2025-06-06" },
	{ "milestone_leads",
	  { "P30D", "P1D", 0, NULL, 3 }, 0,
	  { { "2025-06-30", STATUS_OPEN, CONF_DERIVED, 1, 0 } },
	  "2025-05-01", "2025-06-29" },
	/* The earliest over all deadlines; met ones do not count. */
	{ "earliest_of_several",
	  LEADS("P7D"), 0,
	  { OPEN("2025-06-30"), OPEN("2025-06-20"),
	    { "2025-06-10", STATUS_MET, CONF_DERIVED, 0, 0 },
	    { "2025-06-12", STATUS_OPEN, CONF_TENTATIVE, 0, 0 } },
	  "2025-06-01", "2025-06-13" },
	/* After the last lead time of an open deadline: its first overdue
	 * repeat (it will be overdue by then). */
	{ "open_then_first_repeat",
	  { "P7D", NULL, 0, "P7D", 3 }, 0, { OPEN("2025-06-30") },
	  "2025-06-29", "2025-07-07" },
	{ "overdue_next_repeat",
	  { "P7D", NULL, 0, "P7D", 3 }, 0, { OVERDUE("2025-03-03") },
	  "2025-03-17", "2025-03-24" },
	{ "overdue_every_zero",
	  { "P7D", NULL, 0, "P0D", 3 }, 0, { OVERDUE("2025-03-03") },
	  "2025-03-17", NULL },
	/* A repeat on Saturday 15 March is sent on Friday 14 March. */
	{ "overdue_working_days",
	  { NULL, NULL, 1, "P10D", 3 }, 0, { OVERDUE("2025-03-05") },
	  "2025-03-13", "2025-03-14" },
	/* Once that Friday has passed, the next repeat: Tuesday 25 March. */
	{ "overdue_working_days_after_the_friday",
	  { NULL, NULL, 1, "P10D", 3 }, 0, { OVERDUE("2025-03-05") },
	  "2025-03-14", "2025-03-25" },
	/* Voluntary deadlines are never overdue and get no repeats
	 * (treatyd.conf(5), overdue_every): nothing to wake for. */
	{ "voluntary_past_due",
	  { "P7D", NULL, 0, "P7D", 3 }, 0,
	  { { "2025-06-30", STATUS_OPEN, CONF_DERIVED, 0, 1 } },
	  "2025-07-01", NULL },
	{ "none",
	  LEADS("P7D"), 0, { { NULL } },
	  "2025-07-01", NULL },
};

TU_TABLE(remind_next_date, table, ncases)

ParameterizedTest(size_t *i, remind_next_date, table)
{
	const struct ncase	*c = &ncases[*i];
	struct remind_policy	 pol;
	struct holidays		*h = c->calendar ? tu_nl_holidays() : NULL;
	struct deadline		 v[MAX_DL];
	size_t			 n;
	int			 got;
	char			 date[DATE_STRLEN];

	make_policy(&c->pol, &pol);
	for (n = 0; n < MAX_DL && c->dl[n].due != NULL; n++) {
		char	 id[32];

		snprintf(id, sizeof id, "TEST/report/%zu", n + 1);
		make_deadline(&c->dl[n], id, &v[n]);
	}
	got = remind_next_date(&pol, h, v, n, tu_day(c->after));
	cr_expect_eq(got, tu_day(c->want), "%s: next %s, want %s", c->name,
	    got == DATE_NONE ? "none" : date_format(got, date),
	    c->want ? c->want : "none");
	holidays_free(h);
}

/* Every slot remind_slots gives is a date remind_next_date wakes for. */
Test(remind, next_date_agrees_with_slots)
{
	static const struct pspec pols[] = {
		{ "P30D P7D P1D", "P7D", 0, "P7D", 3 },
		{ "P1D P30D P7D", "P7D", 1, "P10D", 2 },
		{ "P1M P2W", "P3D", 1, "P1M", 0 },
	};
	static const char *const dues[] = {
		"2025-03-05", "2025-05-31", "2025-06-10", "2025-12-31",
	};
	struct holidays	*h = tu_nl_holidays();

	for (size_t p = 0; p < NELEM(pols); p++)
		for (size_t k = 0; k < NELEM(dues); k++) {
			struct remind_policy	 pol;
			struct dlspec		 s = OPEN(dues[k]);
			struct deadline		 d;
			int			 due = tu_day(dues[k]);

			make_policy(&pols[p], &pol);
			make_deadline(&s, "TEST/report/1", &d);
			for (int today = due - 60; today < due + 90; today++) {
				struct remind_slot	 out[MAX_WANT];
				size_t			 n;

				d.status = today > due ? STATUS_OVERDUE :
				    STATUS_OPEN;
				n = remind_slots(&pol, h, &d, today, today, out,
				    NELEM(out));
				for (size_t j = 0; j < n; j++)
					cr_expect_eq(remind_next_date(&pol, h,
					    &d, 1, today - 1), today,
					    "policy %zu, due %s: a slot on day "
					    "%d that next_date skips", p,
					    dues[k], today - due);
			}
		}
	holidays_free(h);
}

/*
 * Overdue repeats slow down: every 7 days for the first month, then
 * monthly from a month after the due date. Due Wednesday 5 March 2025:
 * repeats on 12, 19, 26 March and 2 April (4 within P1M, up to 5 April),
 * then 5 May, 5 June, ... ; remind_slots, remind_next_date and
 * remind_repeats agree on them.
 */
Test(remind, overdue_repeats_slow_down)
{
	static const char *const want[] = {
		"2025-03-12", "2025-03-19", "2025-03-26", "2025-04-02",
		"2025-05-05", "2025-06-05", "2025-07-05",
	};
	struct remind_policy	 pol;
	struct dlspec		 s = OVERDUE("2025-03-05");
	struct deadline		 d;
	struct remind_slot	 out[MAX_WANT];
	char			*cause = NULL;
	int			 after = tu_day("2025-03-05");

	memset(&pol, 0, sizeof pol);
	cr_assert_eq(duration_parse("P7D", &pol.overdue_every, &cause), 0);
	cr_assert_eq(duration_parse("P1M", &pol.overdue_slow_after, &cause), 0);
	cr_assert_eq(duration_parse("P1M", &pol.overdue_slow_every, &cause), 0);
	make_deadline(&s, "TEST/report/1", &d);
	for (size_t i = 0; i < NELEM(want); i++) {
		int	 date = tu_day(want[i]);

		cr_expect_eq(remind_next_date(&pol, NULL, &d, 1, after), date,
		    "repeat %zu: want %s", i + 1, want[i]);
		cr_assert_eq(remind_slots(&pol, NULL, &d, date, date, out,
		    NELEM(out)), 1, "repeat %zu on %s", i + 1, want[i]);
		cr_expect_eq(out[0].repeat, (int)i + 1);
		cr_expect_eq(remind_repeats(&pol, NULL, &d, date), (int)i + 1);
		cr_expect_eq(remind_repeats(&pol, NULL, &d, date - 1), (int)i);
		after = date;
	}
	/* Nothing on the days between. */
	cr_expect_eq(remind_slots(&pol, NULL, &d, tu_day("2025-04-03"),
	    tu_day("2025-05-04"), out, NELEM(out)), 0);
	/* A zero slow period: no repeats after the first month. */
	memset(&pol.overdue_slow_every, 0, sizeof pol.overdue_slow_every);
	cr_expect_eq(remind_next_date(&pol, NULL, &d, 1, tu_day("2025-04-02")),
	    DATE_NONE);
	/* Not overdue: no repeats counted. */
	d.status = STATUS_OPEN;
	cr_expect_eq(remind_repeats(&pol, NULL, &d, tu_day("2025-06-01")), 0);
}
