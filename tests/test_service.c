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
