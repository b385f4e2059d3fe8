/* Unit tests of src/change.c: two computations -> what changed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "change.h"
#include "date.h"
#include "engine.h"
#include "testutil.h"

static struct deadline
dl(const char *id, const char *due, enum deadline_status st,
    enum deadline_confidence cf)
{
	struct deadline	 d;

	memset(&d, 0, sizeof d);
	strcpy(d.id, id);
	d.due = tu_day(due);
	d.status = st;
	d.confidence = cf;
	d.met_on = d.postponed_from = d.planned = d.opened = DATE_NONE;
	return d;
}

Test(change, each_kind_and_its_line)
{
	struct deadline	 b[5], a[5];
	struct deadlines before = { b, 0, 5 }, after = { a, 0, 5 };
	struct change	*c;
	char		 line[256];
	size_t		 n;

	b[before.n++] = dl("X/followup/1", "2028-02-20", STATUS_OPEN,
	    CONF_DERIVED);
	b[before.n++] = dl("X/report/8", "2022-12-01", STATUS_OVERDUE,
	    CONF_DERIVED);
	b[before.n++] = dl("X/gone/1", "2027-01-01", STATUS_OPEN, CONF_DERIVED);
	b[before.n++] = dl("X/same/1", "2027-01-01", STATUS_OPEN, CONF_DERIVED);
	a[after.n++] = dl("X/followup/1", "2028-02-29", STATUS_OPEN,
	    CONF_CONFIRMED);
	a[after.n] = dl("X/report/8", "2022-12-01", STATUS_MET, CONF_DERIVED);
	a[after.n++].met_on = tu_day("2022-12-23");
	a[after.n++] = dl("X/same/1", "2027-01-01", STATUS_OPEN, CONF_DERIVED);
	a[after.n++] = dl("X/new/1", "2029-01-01", STATUS_OPEN, CONF_TENTATIVE);
	n = change_list(&before, &after, &c);
	cr_assert_eq(n, 4, "unchanged deadlines are not listed");
	cr_expect_eq(c[0].kind, CHANGE_MOVED);
	cr_expect_str_eq(change_line(&c[0], line, sizeof line),
	    "X/followup/1: 2028-02-20 -> 2028-02-29, open, confirmed");
	cr_expect_eq(c[1].kind, CHANGE_MET);
	cr_expect_str_eq(change_line(&c[1], line, sizeof line),
	    "X/report/8: met on 2022-12-23 (22 days late)");
	cr_expect_eq(c[2].kind, CHANGE_CREATED);
	cr_expect_str_eq(change_line(&c[2], line, sizeof line),
	    "X/new/1: new, due 2029-01-01, open, tentative");
	cr_expect_eq(c[3].kind, CHANGE_REMOVED);
	cr_expect_str_eq(change_line(&c[3], line, sizeof line),
	    "X/gone/1: removed (was due 2027-01-01)");
	free(c);
}

Test(change, superseded_and_status)
{
	struct deadline	 b[2], a[2];
	struct deadlines before = { b, 0, 2 }, after = { a, 0, 2 };
	struct change	*c;
	char		 line[256];

	b[before.n++] = dl("X/followup/1", "2021-01-01", STATUS_OVERDUE,
	    CONF_DERIVED);
	b[before.n++] = dl("X/meeting/2026", "2026-11-10", STATUS_OVERDUE,
	    CONF_DERIVED);
	a[after.n++] = dl("X/followup/1", "2021-01-01", STATUS_SUPERSEDED,
	    CONF_DERIVED);
	a[after.n++] = dl("X/meeting/2026", "2026-11-10", STATUS_UNKNOWN,
	    CONF_TENTATIVE);
	cr_assert_eq(change_list(&before, &after, &c), 2);
	cr_expect_str_eq(change_line(&c[0], line, sizeof line),
	    "X/followup/1: superseded (was due 2021-01-01)");
	cr_expect_str_eq(change_line(&c[1], line, sizeof line),
	    "X/meeting/2026: overdue, derived -> unknown, tentative");
	free(c);
	/* Nothing changed: nothing listed. */
	cr_expect_eq(change_list(&before, &before, &c), 0);
	free(c);
}
