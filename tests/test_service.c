/*
 * Recording facts through the service (service_record_fact,
 * service_import_facts) on a temporary database with the shipped
 * instruments: what is refused stores nothing, what is recorded is
 * stamped with the caller's `now` and spelled as the instrument file
 * spells it, an import is all or nothing and never records a fact twice.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "date.h"
#include "diag.h"
#include "fact.h"
#include "seed.h"
#include "service.h"
#include "store.h"
#include "testutil.h"

/* 2026-01-01T00:00:00Z */
#define NOW	1767225600LL

static char		 dir[] = "/tmp/treatyd-test-service.XXXXXX";
static struct conf	*conf;
static struct store	*store;
static struct service	*sv;

static void
setup(void)
{
	char		 path[600], db[600], *cause = NULL;
	struct diag	 dg;
	FILE		*fp;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/treatyd.conf", dir);
	snprintf(db, sizeof db, "%s/treatyd.db", dir);
	cr_assert_not_null(fp = fopen(path, "w"));
	fprintf(fp, "[general]\ndatabase = %s\n"
	    "instruments = %s/conf/instruments.d\n"
	    "holidays = %s/conf/holidays/nl.ini\n"
	    "departments = %s/conf/departments.ini\n", db, tu_srcdir(),
	    tu_srcdir(), tu_srcdir());
	fclose(fp);
	diag_init(&dg);
	conf = conf_load(path, &dg);
	cr_assert_not_null(conf, "%s", dg.n ? dg.msgs[0] : "");
	diag_clear(&dg);
	cr_assert_eq(store_open(db, 1, &store, &cause), 0, "%s", cause);
	sv = service_new(conf, store);
}

static void
teardown(void)
{
	char	 path[600];

	service_free(sv);
	store_close(store);
	conf_free(conf);
	for (const char *const *e = (const char *const[]){ "", "-wal", "-shm",
	    ".lock", NULL }; *e != NULL; e++) {
		snprintf(path, sizeof path, "%s/treatyd.db%s", dir, *e);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/treatyd.conf", dir);
	unlink(path);
	rmdir(dir);
}

TestSuite(service, .init = setup, .fini = teardown);

static struct fact
fact(const char *inst, const char *kind, const char *date, const char *symbol)
{
	struct fact	 f;
	char		*cause = NULL;

	memset(&f, 0, sizeof f);
	snprintf(f.instrument, sizeof f.instrument, "%s", inst);
	snprintf(f.kind, sizeof f.kind, "%s", kind);
	cr_assert_eq(date_parse(date, &f.date, &cause), 0);
	f.due = DATE_NONE;
	f.symbol = symbol ? strdup(symbol) : NULL;
	return f;
}

static size_t
stored(void)
{
	struct fact	*v = NULL;
	size_t		 n = 0;
	char		*cause = NULL;

	cr_assert_eq(store_facts(store, &v, &n, &cause), 0, "%s", cause);
	facts_free(v, n);
	return n;
}

Test(service, record_fact)
{
	struct fact	 f = fact("cedaw", "co_adopted", "2025-10-20",
	    "CEDAW/C/NLD/CO/8");
	struct fact	*v = NULL;
	size_t		 n = 0;
	char		*cause = NULL;

	cr_assert_eq(service_record_fact(sv, &f, NOW, &cause), 0, "%s", cause);
	cr_expect_gt(f.id, 0);
	cr_expect_str_eq(f.instrument, "CEDAW", "spelled as the file does");
	cr_expect_str_eq(f.recorded_at, "2026-01-01T00:00:00Z");
	cr_assert_eq(store_facts(store, &v, &n, &cause), 0);
	cr_assert_eq(n, 1);
	cr_expect_eq(v[0].id, f.id);
	cr_expect_str_eq(v[0].instrument, "CEDAW");
	cr_expect_str_eq(v[0].recorded_at, "2026-01-01T00:00:00Z");
	cr_expect_str_eq(v[0].symbol, "CEDAW/C/NLD/CO/8");
	facts_free(v, n);
	fact_clear(&f);
}

Test(service, refused_fact_stores_nothing)
{
	struct fact	 f = fact("CEDAW", "chat", "2025-10-20", NULL);
	struct fact	 g = fact("CEDAW", "co_adopted", "2025-10-20",
	    "CEDAW/\xff");
	char		*cause = NULL;

	cr_expect_eq(service_record_fact(sv, &f, NOW, &cause), -1);
	cr_expect(cause != NULL && strncmp(cause, "unknown fact kind 'chat'",
	    24) == 0, "%s", cause ? cause : "");
	free(cause);
	cause = NULL;
	cr_expect_eq(service_record_fact(sv, &g, NOW, &cause), -1);
	cr_expect_str_eq(cause ? cause : "", "symbol: not valid UTF-8");
	free(cause);
	cr_expect_eq(stored(), 0);
	fact_clear(&f);
	fact_clear(&g);
}

Test(service, import_all_or_nothing_and_once)
{
	struct fact	 v[3];
	size_t		 skipped = 9, at = 9;
	char		*cause = NULL;

	v[0] = fact("CEDAW", "co_adopted", "2025-10-20", "CEDAW/C/NLD/CO/8");
	v[1] = fact("CAT", "dialogue", "2025-11-04", NULL);
	v[2] = fact("NOPE", "dialogue", "2025-11-05", NULL);
	cr_expect_eq(service_import_facts(sv, v, 3, NOW, &skipped, &at,
	    &cause), -1);
	cr_expect_eq(at, 2, "the failing fact: %zu", at);
	cr_expect_str_eq(cause ? cause : "", "unknown instrument 'NOPE'");
	free(cause);
	cause = NULL;
	cr_expect_eq(stored(), 0, "nothing imported");

	cr_assert_eq(service_import_facts(sv, v, 2, NOW, &skipped, &at,
	    &cause), 0, "%s", cause);
	cr_expect_eq(skipped, 0);
	cr_expect_eq(at, 2);
	cr_expect_eq(stored(), 2);
	/* Again: both in force already, nothing recorded twice. */
	cr_assert_eq(service_import_facts(sv, v, 2, NOW + 60, &skipped, &at,
	    &cause), 0, "%s", cause);
	cr_expect_eq(skipped, 2);
	cr_expect_eq(stored(), 2);
	for (size_t i = 0; i < 3; i++)
		fact_clear(&v[i]);
}

/* Deadlines, sequences and stamps of a and b the same, and b's versions
 * as a recorded them. */
static void
same_as_full(struct service *a, int today, long long now, const char *what)
{
	struct service		*b = service_new(conf, store);
	const struct deadlines	*x = service_deadlines(a), *y;
	char			*cause = NULL;

	/* Computed from nothing: every fingerprint made anew, and what a
	 * wrote is what b finds. */
	cr_assert_eq(service_refresh(b, today, now, &cause), 0,
	    "%s: a full refresh finds versions the incremental one did not "
	    "write (%s)", what, cause ? cause : "changed");
	y = service_deadlines(b);
	cr_assert_eq(x->n, y->n, "%s: %zu deadlines, full %zu", what, x->n,
	    y->n);
	for (size_t i = 0; i < x->n; i++) {
		int		 s1, s2;
		long long	 m1, m2;

		cr_assert_eq(memcmp(&x->v[i], &y->v[i], sizeof x->v[i]), 0,
		    "%s: deadline %zu (%s / %s) differs", what, i, x->v[i].id,
		    y->v[i].id);
		service_published(a, i, &s1, &m1);
		service_published(b, i, &s2, &m2);
		cr_assert_eq(s1, s2, "%s: %s sequence %d, full %d", what,
		    x->v[i].id, s1, s2);
		cr_assert_eq(m1, m2, "%s: %s stamp", what, x->v[i].id);
	}
	service_free(b);
}

Test(service, incremental_refresh_is_the_full_one)
{
	struct diag	 dg;
	struct seed	 s;
	char		 path[600], *cause = NULL;
	size_t		 skipped, at;
	int		 today = date_from_ymd(2026, 12, 4), n;
	static const struct {
		const char	*inst, *kind, *date, *rule, *due;
	} steps[] = {
		{ "CEDAW", "report_submitted", "2026-11-30", NULL, NULL },
		{ "CRC", "due_date_set", "2026-12-01", "report", "2027-09-01" },
		{ "CRC", "milestone_done", "2026-12-02", "kickoff", NULL },
		{ "NETWORK", "meeting_held", "2026-11-10", NULL, NULL },
		{ "UPR", "dialogue", "2026-11-05", NULL, NULL },
		{ "LETTER", "letter_sent", "2026-11-20", NULL, NULL },
		{ "CAT", "co_adopted", "2026-11-25", NULL, NULL },
	};

	snprintf(path, sizeof path, "%s/conf/seed/nl-facts.ini", tu_srcdir());
	diag_init(&dg);
	cr_assert_eq(seed_read(path, &conf->rules, "test", &dg, &s), 0, "%s",
	    dg.n ? dg.msgs[0] : "");
	cr_assert_eq(service_import_facts(sv, s.v, s.n, NOW, &skipped, &at,
	    &cause), 0, "%s", cause);
	seed_free(&s);
	diag_clear(&dg);
	cr_assert_geq(service_refresh(sv, today, NOW, &cause), 0, "%s", cause);
	same_as_full(sv, today, NOW, "after the seed");
	/* Nothing new: nothing changes. */
	cr_assert_eq(service_refresh(sv, today, NOW + 60, &cause), 0, "%s",
	    cause);
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		struct fact	 f = fact(steps[i].inst, steps[i].kind,
		    steps[i].date, NULL);

		if (steps[i].rule != NULL)
			snprintf(f.rule, sizeof f.rule, "%s", steps[i].rule);
		if (steps[i].due != NULL)
			cr_assert_eq(date_parse(steps[i].due, &f.due, &cause),
			    0);
		f.recorded_by = strdup("test");
		cr_assert_eq(service_record_fact(sv, &f, NOW + 120 + (long)i,
		    &cause), 0, "%s %s: %s", steps[i].inst, steps[i].kind,
		    cause);
		fact_clear(&f);
		n = service_refresh(sv, today, NOW + 180 + (long)i, &cause);
		cr_assert_geq(n, 0, "%s", cause);
		same_as_full(sv, today, NOW + 180 + (long)i, steps[i].kind);
	}
}
