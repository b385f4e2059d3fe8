/*
 * Unit tests of src/store.c on a temporary database: opening and
 * migrating, facts (append-only, supersede), transactions and
 * coordinators. The test goes through store.h only; where it must look
 * under the API (PRAGMAs, the append-only triggers) it runs the sqlite3
 * command-line tool, and where it must make SQLite fail it puts its own
 * sqlite3_prepare_v2 in front of SQLite's.
 */
#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <sqlite3.h>

#include "date.h"
#include "fact.h"
#include "store.h"
#include "testutil.h"

#define SQLITE3_CLI	"/usr/bin/sqlite3"

extern char **environ;

static char	 tmpdir[64];
static char	 dbpath[128];

static void
setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_store.XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp failed");
	snprintf(dbpath, sizeof dbpath, "%s/treatyd.db", tmpdir);
}

/* Remove the database, its -wal and -shm files and the directory. */
static void
teardown(void)
{
	DIR		*dir;
	struct dirent	*de;
	char		 path[512];

	if (tmpdir[0] == '\0' || (dir = opendir(tmpdir)) == NULL)
		return;
	while ((de = readdir(dir)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", tmpdir, de->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(tmpdir);
}

TestSuite(store, .init = setup, .fini = teardown);

/*
 * Run sqlite3 PATH SQL; returns its exit status, stdout and stderr
 * together in *out (caller frees).
 */
static int
sqlite_cli(const char *path, const char *sql, char **out)
{
	posix_spawn_file_actions_t	 fa;
	char				*argv[] = { SQLITE3_CLI, "-batch",
					    (char *)path, (char *)sql, NULL };
	int				 fds[2], status;
	pid_t				 pid;
	size_t				 len = 0, cap = 256;
	ssize_t				 r;
	char				*buf = malloc(cap);

	cr_assert_not_null(buf);
	cr_assert_eq(access(SQLITE3_CLI, X_OK), 0, "%s is not installed",
	    SQLITE3_CLI);
	cr_assert_eq(pipe(fds), 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	cr_assert_eq(posix_spawn(&pid, SQLITE3_CLI, &fa, NULL, argv, environ),
	    0, "cannot run %s", SQLITE3_CLI);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	while ((r = read(fds[0], buf + len, cap - len - 1)) > 0) {
		len += (size_t)r;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			cr_assert_not_null(buf);
		}
	}
	close(fds[0]);
	buf[len] = '\0';
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	*out = buf;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static struct store *
open_ok(int create)
{
	struct store	*s = NULL;
	char		*cause = NULL;

	cr_assert_eq(store_open(dbpath, create, &s, &cause), 0,
	    "store_open(%s, %d): %s", dbpath, create, cause ? cause : "?");
	cr_assert_not_null(s);
	return s;
}

/* A minimal fact; the strings are borrowed, so don't fact_clear it. */
static struct fact
mkfact(const char *inst, const char *kind, const char *date)
{
	struct fact	 f;

	memset(&f, 0, sizeof f);
	snprintf(f.instrument, sizeof f.instrument, "%s", inst);
	snprintf(f.kind, sizeof f.kind, "%s", kind);
	f.date = tu_day(date);
	f.due = DATE_NONE;
	f.recorded_at = "2026-01-01T00:00:00Z";
	return f;
}

static long long
add_ok(struct store *s, struct fact *f)
{
	char	*cause = NULL;

	cr_assert_eq(store_fact_add(s, f, &cause), 0, "store_fact_add: %s",
	    cause ? cause : "?");
	cr_assert_gt(f->id, 0);
	return f->id;
}

/* store_fact_add must fail with a cause containing want. */
static void
add_fails(struct store *s, struct fact *f, const char *want)
{
	char	*cause = NULL;

	cr_assert_eq(store_fact_add(s, f, &cause), -1,
	    "store_fact_add succeeded, expected '%s'", want);
	cr_assert_not_null(cause);
	cr_assert_not_null(strstr(cause, want), "cause '%s' lacks '%s'", cause,
	    want);
	free(cause);
}

static size_t
nfacts(struct store *s)
{
	struct fact	*v = NULL;
	size_t		 n = 0;
	char		*cause = NULL;

	cr_assert_eq(store_facts(s, &v, &n, &cause), 0, "store_facts: %s",
	    cause ? cause : "?");
	facts_free(v, n);
	return n;
}

/*
 * Fault injection: while fail_sql is set, preparing exactly that
 * statement fails as an I/O error would. store.c is linked into this
 * program, so its calls come here; the rest go on to SQLite's.
 */
static const char	*fail_sql;

int
sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
    const char **tail)
{
	static int	(*real)(sqlite3 *, const char *, int, sqlite3_stmt **,
			    const char **);

	if (fail_sql != NULL && strcmp(sql, fail_sql) == 0) {
		*st = NULL;
		return SQLITE_IOERR;
	}
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_prepare_v2");
	cr_assert_not_null(real, "dlsym(sqlite3_prepare_v2): %s", dlerror());
	return real(db, sql, n, st, tail);
}

/* Opening */

Test(store, create_sets_schema_version)
{
	struct store	*s = open_ok(1);

	cr_assert_gt(store_schema_version(), 0);
	cr_assert_eq(store_version(s), store_schema_version());
	cr_assert_eq(store_fact_max_id(s), 0);
	store_close(s);
}

Test(store, reopen_without_create)
{
	struct store	*s = open_ok(1);

	store_close(s);
	s = open_ok(0);
	cr_assert_eq(store_version(s), store_schema_version());
	store_close(s);
	/* Creating again is a no-op on an up-to-date database. */
	s = open_ok(1);
	cr_assert_eq(store_version(s), store_schema_version());
	store_close(s);
}

Test(store, open_missing_without_create_fails)
{
	struct store	*s = NULL;
	char		*cause = NULL;

	cr_assert_eq(store_open(dbpath, 0, &s, &cause), -1);
	cr_assert_not_null(cause, "no cause");
	cr_assert_not_null(strstr(cause, dbpath), "cause '%s' lacks the path",
	    cause);
	cr_assert_not_null(strstr(cause, "treatyctl init"),
	    "cause '%s' does not say what to do", cause);
	cr_assert_neq(access(dbpath, F_OK), 0, "the file was created");
	free(cause);
}

Test(store, newer_schema_refused)
{
	struct store	*s = open_ok(1);
	char		*out = NULL, *cause = NULL;

	store_close(s);
	cr_assert_eq(sqlite_cli(dbpath, "PRAGMA user_version = 99;", &out), 0,
	    "sqlite3: %s", out);
	free(out);

	s = NULL;
	cr_assert_eq(store_open(dbpath, 1, &s, &cause), -1,
	    "a newer database was opened with create");
	cr_assert_not_null(cause);
	cr_assert_not_null(strstr(cause, "99"), "cause '%s' lacks the version",
	    cause);
	cr_assert_not_null(strstr(cause, "newer"), "cause '%s'", cause);
	free(cause);

	cause = NULL;
	cr_assert_eq(store_open(dbpath, 0, &s, &cause), -1,
	    "a newer database was opened without create");
	cr_assert_not_null(cause);
	cr_assert_not_null(strstr(cause, "99"), "cause '%s' lacks the version",
	    cause);
	free(cause);
}

Test(store, not_a_treatyd_database)
{
	struct store	*s = NULL;
	char		*out = NULL, *cause = NULL;

	cr_assert_eq(sqlite_cli(dbpath, "CREATE TABLE x (y);", &out), 0,
	    "sqlite3: %s", out);
	free(out);
	cr_assert_eq(store_open(dbpath, 0, &s, &cause), -1);
	cr_assert_not_null(cause);
	cr_assert_not_null(strstr(cause, "not a treatyd database"), "cause '%s'",
	    cause);
	free(cause);
}

/*
 * The schema version cannot be read: an error saying so, on a new
 * database (create: no migration from version -1) and on an existing
 * one (not "schema version -1").
 */
Test(store, unreadable_schema_version)
{
	struct store	*s = NULL;
	char		*cause = NULL;

	fail_sql = "PRAGMA user_version";
	cr_expect_eq(store_open(dbpath, 1, &s, &cause), -1,
	    "opened with create");
	cr_expect(cause != NULL && strstr(cause, "cannot read the schema "
	    "version") != NULL, "create: cause '%s'", cause ? cause : "");
	free(cause);
	cause = NULL;
	fail_sql = NULL;

	s = open_ok(1);
	store_close(s);
	fail_sql = "PRAGMA user_version";
	cr_expect_eq(store_open(dbpath, 0, &s, &cause), -1, "opened");
	cr_expect(cause != NULL && strstr(cause, "cannot read the schema "
	    "version") != NULL && strstr(cause, "-1") == NULL,
	    "open: cause '%s'", cause ? cause : "");
	free(cause);
	fail_sql = NULL;
	/* Nothing was migrated or damaged: it opens as before. */
	s = open_ok(0);
	cr_expect_eq(store_version(s), store_schema_version());
	store_close(s);
}

Test(store, wal_and_foreign_keys)
{
	struct store	*s = open_ok(1);
	char		*out = NULL;

	store_close(s);
	cr_assert_eq(sqlite_cli(dbpath, "PRAGMA journal_mode;", &out), 0,
	    "sqlite3: %s", out);
	cr_assert_str_eq(out, "wal\n");
	free(out);
}

/* Facts */

Test(store, fact_round_trip)
{
	struct store	*s = open_ok(1);
	struct fact	 f, g, h;
	char		*cause = NULL;
	long long	 id, id2;

	f = mkfact("CEDAW", "co_adopted", "2026-02-20");
	snprintf(f.cycle, sizeof f.cycle, "7");
	f.symbol = "CEDAW/C/NLD/CO/7";
	f.paragraph = "60";
	f.url = "https://undocs.org/CEDAW/C/NLD/CO/7";
	f.note = "from the committee's site; 'quoted' \"text\"";
	f.recorded_by = "tester";
	f.recorded_at = "2026-02-21T10:00:00Z";
	id = add_ok(s, &f);

	g = mkfact("CEDAW", "due_date_set", "2026-03-01");
	snprintf(g.rule, sizeof g.rule, "report");
	g.due = tu_day("2028-02-29");
	snprintf(g.cycle, sizeof g.cycle, "25-27");
	id2 = add_ok(s, &g);
	cr_assert_gt(id2, id);
	cr_assert_eq(store_fact_max_id(s), id2);

	cr_assert_eq(store_fact_get(s, id, &h, &cause), 0, "%s", cause);
	cr_assert_eq(h.id, id);
	cr_assert_str_eq(h.instrument, "CEDAW");
	cr_assert_str_eq(h.kind, "co_adopted");
	cr_assert_eq(h.date, tu_day("2026-02-20"));
	cr_assert_str_eq(h.rule, "");
	cr_assert_eq(h.due, DATE_NONE, "a NULL due did not read back as none");
	cr_assert_str_eq(h.cycle, "7");
	cr_assert_str_eq(h.symbol, "CEDAW/C/NLD/CO/7");
	cr_assert_str_eq(h.paragraph, "60");
	cr_assert_str_eq(h.url, "https://undocs.org/CEDAW/C/NLD/CO/7");
	cr_assert_str_eq(h.note, f.note);
	cr_assert_str_eq(h.recorded_by, "tester");
	cr_assert_str_eq(h.recorded_at, "2026-02-21T10:00:00Z");
	cr_assert_eq(h.supersedes, 0);
	fact_clear(&h);

	cr_assert_eq(store_fact_get(s, id2, &h, &cause), 0, "%s", cause);
	cr_assert_str_eq(h.kind, "due_date_set");
	cr_assert_str_eq(h.rule, "report");
	cr_assert_eq(h.due, tu_day("2028-02-29"));
	cr_assert_str_eq(h.cycle, "25-27");
	cr_assert_null(h.symbol);
	cr_assert_null(h.paragraph);
	cr_assert_null(h.url);
	cr_assert_null(h.note);
	cr_assert_null(h.recorded_by);
	fact_clear(&h);

	cr_assert_eq(store_fact_get(s, id2 + 100, &h, &cause), 1,
	    "a missing fact was found");

	/* store_facts: all, in id order, same content. */
	{
		struct fact	*v = NULL;
		size_t		 n = 0;

		cr_assert_eq(store_facts(s, &v, &n, &cause), 0, "%s", cause);
		cr_assert_eq(n, 2);
		cr_assert_eq(v[0].id, id);
		cr_assert_eq(v[1].id, id2);
		cr_assert_str_eq(v[0].symbol, "CEDAW/C/NLD/CO/7");
		cr_assert_eq(v[1].due, tu_day("2028-02-29"));
		facts_free(v, n);
	}
	store_close(s);

	/* And after reopening. */
	s = open_ok(0);
	cr_assert_eq(nfacts(s), 2);
	cr_assert_eq(store_fact_max_id(s), id2);
	store_close(s);
}

Test(store, facts_append_only)
{
	struct store	*s = open_ok(1);
	struct fact	 f = mkfact("CAT", "dialogue", "2025-11-12");
	char		*out = NULL;
	int		 rc;

	add_ok(s, &f);
	store_close(s);

	rc = sqlite_cli(dbpath, "UPDATE facts SET date = '2025-11-13';", &out);
	cr_assert_neq(rc, 0, "UPDATE succeeded: %s", out);
	cr_assert_not_null(strstr(out, "append-only"), "UPDATE: %s", out);
	free(out);

	rc = sqlite_cli(dbpath, "DELETE FROM facts;", &out);
	cr_assert_neq(rc, 0, "DELETE succeeded: %s", out);
	cr_assert_not_null(strstr(out, "append-only"), "DELETE: %s", out);
	free(out);

	s = open_ok(0);
	cr_assert_eq(nfacts(s), 1);
	{
		struct fact	 h;
		char		*cause = NULL;

		cr_assert_eq(store_fact_get(s, f.id, &h, &cause), 0);
		cr_assert_eq(h.date, tu_day("2025-11-12"));
		fact_clear(&h);
	}
	store_close(s);
}

Test(store, supersede)
{
	struct store	*s = open_ok(1);
	struct fact	 f = mkfact("CEDAW", "co_adopted", "2026-02-20");
	struct fact	 c, c2, h;
	char		*cause = NULL;
	long long	 old;

	old = add_ok(s, &f);
	c = mkfact("CEDAW", "co_adopted", "2026-02-21");
	c.supersedes = old;
	add_ok(s, &c);
	cr_assert_eq(store_fact_get(s, c.id, &h, &cause), 0);
	cr_assert_eq(h.supersedes, old);
	cr_assert_eq(h.date, tu_day("2026-02-21"));
	fact_clear(&h);
	/* The old fact is still there, unchanged. */
	cr_assert_eq(store_fact_get(s, old, &h, &cause), 0);
	cr_assert_eq(h.date, tu_day("2026-02-20"));
	cr_assert_eq(h.supersedes, 0);
	fact_clear(&h);

	/* A correction can itself be corrected. */
	c2 = mkfact("CEDAW", "co_adopted", "2026-02-22");
	c2.supersedes = c.id;
	add_ok(s, &c2);
	cr_assert_eq(nfacts(s), 3);
	store_close(s);
}

Test(store, supersede_twice_fails)
{
	struct store	*s = open_ok(1);
	struct fact	 f = mkfact("CEDAW", "co_adopted", "2026-02-20");
	struct fact	 c, c2;
	char		 want[64];

	add_ok(s, &f);
	c = mkfact("CEDAW", "co_adopted", "2026-02-21");
	c.supersedes = f.id;
	add_ok(s, &c);
	c2 = mkfact("CEDAW", "co_adopted", "2026-02-22");
	c2.supersedes = f.id;
	snprintf(want, sizeof want, "fact %lld is already superseded", f.id);
	add_fails(s, &c2, want);
	cr_assert_eq(nfacts(s), 2);
	store_close(s);
}

Test(store, supersede_missing_fails)
{
	struct store	*s = open_ok(1);
	struct fact	 f = mkfact("CEDAW", "co_adopted", "2026-02-20");
	struct fact	 c;

	add_ok(s, &f);
	c = mkfact("CEDAW", "co_adopted", "2026-02-21");
	c.supersedes = 4242;
	add_fails(s, &c, "fact 4242 does not exist");
	cr_assert_eq(nfacts(s), 1);
	store_close(s);
}

Test(store, supersede_other_instrument_fails)
{
	struct store	*s = open_ok(1);
	struct fact	 f = mkfact("CEDAW", "co_adopted", "2026-02-20");
	struct fact	 c;

	add_ok(s, &f);
	c = mkfact("CAT", "co_adopted", "2026-02-21");
	c.supersedes = f.id;
	add_fails(s, &c, "same instrument");
	cr_assert_eq(nfacts(s), 1);
	store_close(s);
}

/* Transactions */

Test(store, rollback_leaves_nothing)
{
	struct store	*s = open_ok(1);
	struct fact	 a = mkfact("CAT", "dialogue", "2025-11-12");
	struct fact	 b = mkfact("CAT", "co_adopted", "2025-11-28");
	char		*cause = NULL;

	cr_assert_eq(store_begin(s, &cause), 0, "store_begin: %s", cause);
	add_ok(s, &a);
	add_ok(s, &b);
	cr_assert_eq(nfacts(s), 2, "the transaction does not see its writes");
	store_rollback(s);
	cr_assert_eq(nfacts(s), 0);
	cr_assert_eq(store_fact_max_id(s), 0);
	store_close(s);
	s = open_ok(0);
	cr_assert_eq(nfacts(s), 0);
	/* Rolling back outside a transaction is harmless. */
	store_rollback(s);
	store_close(s);
}

Test(store, commit_keeps_all)
{
	struct store	*s = open_ok(1);
	struct fact	 a = mkfact("CAT", "dialogue", "2025-11-12");
	struct fact	 b = mkfact("CAT", "co_adopted", "2025-11-28");
	char		*cause = NULL;

	cr_assert_eq(store_begin(s, &cause), 0, "store_begin: %s", cause);
	add_ok(s, &a);
	add_ok(s, &b);
	cr_assert_eq(store_commit(s, &cause), 0, "store_commit: %s", cause);
	store_close(s);
	s = open_ok(0);
	cr_assert_eq(nfacts(s), 2);
	store_close(s);
}

/* Coordinators */

static struct coordinator
mkcoord(const char *name, const char *email, const char *dept,
    const char *lang)
{
	struct coordinator	 c;

	memset(&c, 0, sizeof c);
	c.name = (char *)name;
	c.email = (char *)email;
	snprintf(c.department, sizeof c.department, "%s", dept);
	snprintf(c.language, sizeof c.language, "%s", lang);
	return c;
}

static const struct coordinator *
find_coord(const struct coordinator *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

static const struct assignment *
find_assign(const struct coordinator *c, const char *inst)
{
	for (size_t i = 0; i < c->nassignments; i++)
		if (!strcmp(c->assignments[i].instrument, inst))
			return &c->assignments[i];
	return NULL;
}

Test(store, coordinators)
{
	struct store			*s = open_ok(1);
	struct coordinator		 a, b, *v = NULL;
	const struct coordinator	*p;
	const struct assignment		*as;
	size_t				 n = 0;
	char				*cause = NULL;

	a = mkcoord("Anna de Vries", "anna@example.nl", "OCW", "nl");
	b = mkcoord("Bob Jansen", "bob@example.nl", "BZK", "en");
	cr_assert_eq(store_coordinator_add(s, &a, &cause), 0, "%s", cause);
	cr_assert_eq(store_coordinator_add(s, &b, &cause), 0, "%s", cause);
	cr_assert_eq(store_assign(s, "Anna de Vries", "CEDAW", "lead", &cause),
	    0, "%s", cause);
	cr_assert_eq(store_assign(s, "Anna de Vries", "CRC", "contributor",
	    &cause), 0, "%s", cause);
	cr_assert_eq(store_assign(s, "Bob Jansen", "CAT", "contributor",
	    &cause), 0, "%s", cause);
	/* Assigning again replaces the role. */
	cr_assert_eq(store_assign(s, "Bob Jansen", "CAT", "lead", &cause), 0,
	    "%s", cause);

	cr_assert_eq(store_coordinators(s, &v, &n, &cause), 0, "%s", cause);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[0].name, "Anna de Vries", "not sorted by name");
	p = find_coord(v, n, "Anna de Vries");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->email, "anna@example.nl");
	cr_assert_str_eq(p->department, "OCW");
	cr_assert_str_eq(p->language, "nl");
	cr_assert_eq(p->nassignments, 2);
	cr_assert_not_null(as = find_assign(p, "CEDAW"));
	cr_assert_str_eq(as->role, "lead");
	cr_assert_not_null(as = find_assign(p, "CRC"));
	cr_assert_str_eq(as->role, "contributor");
	p = find_coord(v, n, "Bob Jansen");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->language, "en");
	cr_assert_eq(p->nassignments, 1);
	cr_assert_str_eq(p->assignments[0].instrument, "CAT");
	cr_assert_str_eq(p->assignments[0].role, "lead");
	coordinators_free(v, n);

	/* Remove cascades to the assignments. */
	cr_assert_eq(store_coordinator_remove(s, "Anna de Vries", &cause), 0,
	    "%s", cause);
	cr_assert_eq(store_coordinator_remove(s, "Anna de Vries", &cause), 1,
	    "removed twice");
	store_close(s);

	cr_assert_eq(sqlite_cli(dbpath, "SELECT count(*) FROM assignments;",
	    &cause), 0, "sqlite3: %s", cause);
	cr_assert_str_eq(cause, "1\n", "assignments left after remove: %s",
	    cause);
	free(cause);
	cause = NULL;

	s = open_ok(0);
	cr_assert_eq(store_coordinators(s, &v, &n, &cause), 0, "%s", cause);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0].name, "Bob Jansen");
	cr_assert_eq(v[0].nassignments, 1);
	coordinators_free(v, n);
	store_close(s);
}

Test(store, coordinator_duplicate_refused)
{
	struct store		*s = open_ok(1);
	struct coordinator	 a, *v = NULL;
	size_t			 n = 0;
	char			*cause = NULL;

	a = mkcoord("Anna de Vries", "anna@example.nl", "OCW", "nl");
	cr_assert_eq(store_coordinator_add(s, &a, &cause), 0, "%s", cause);
	a.email = "other@example.nl";
	cr_assert_eq(store_coordinator_add(s, &a, &cause), -1,
	    "a duplicate name was added");
	cr_assert_not_null(cause);
	cr_assert_not_null(strstr(cause, "already exists"), "cause '%s'", cause);
	free(cause);
	cause = NULL;
	cr_assert_eq(store_coordinators(s, &v, &n, &cause), 0, "%s", cause);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0].email, "anna@example.nl");
	coordinators_free(v, n);
	store_close(s);
}

Test(store, coordinator_bad_language_refused)
{
	struct store		*s = open_ok(1);
	struct coordinator	 a;
	char			*cause = NULL;

	a = mkcoord("Anna de Vries", "anna@example.nl", "OCW", "de");
	cr_assert_eq(store_coordinator_add(s, &a, &cause), -1,
	    "language 'de' was accepted");
	cr_assert_not_null(cause);
	free(cause);
	store_close(s);
}

Test(store, assign_missing_coordinator_fails)
{
	struct store	*s = open_ok(1);
	char		*cause = NULL;

	cr_assert_eq(store_assign(s, "Nobody", "CEDAW", "lead", &cause), -1,
	    "assigned a missing coordinator");
	cr_assert_not_null(cause);
	cr_assert_not_null(strstr(cause, "Nobody"), "cause '%s'", cause);
	free(cause);
	store_close(s);
}

Test(store, assign_bad_role_fails)
{
	struct store		*s = open_ok(1);
	struct coordinator	 a;
	char			*cause = NULL;

	a = mkcoord("Anna de Vries", "anna@example.nl", "OCW", "nl");
	cr_assert_eq(store_coordinator_add(s, &a, &cause), 0, "%s", cause);
	cr_assert_eq(store_assign(s, "Anna de Vries", "CEDAW", "chair", &cause),
	    -1, "role 'chair' was accepted");
	cr_assert_not_null(cause);
	free(cause);
	store_close(s);
}

/* The facts held stay; only the ones recorded since are read. */
Test(store, facts_update_reads_only_new)
{
	struct store	*s = open_ok(1), *t;
	struct fact	 a = mkfact("CAT", "dialogue", "2025-11-12");
	struct fact	 b = mkfact("CAT", "co_adopted", "2025-11-28");
	struct fact	*v = NULL;
	size_t		 n = 0;
	char		*cause = NULL, other[160];

	cr_assert_eq(store_facts_update(s, &v, &n, &cause), 0, "%s", cause);
	cr_assert_eq(n, 0);
	add_ok(s, &a);
	cr_assert_eq(store_facts_update(s, &v, &n, &cause), 0, "%s", cause);
	cr_assert_eq(n, 1);
	cr_assert_eq(v[0].id, a.id);
	add_ok(s, &b);
	cr_assert_eq(store_facts_update(s, &v, &n, &cause), 0, "%s", cause);
	cr_assert_eq(n, 2);
	cr_assert_eq(v[0].id, a.id);
	cr_assert_eq(v[1].id, b.id);
	cr_assert_str_eq(v[1].kind, "co_adopted");
	cr_assert_eq(store_facts_update(s, &v, &n, &cause), 0, "%s", cause);
	cr_assert_eq(n, 2, "nothing new: nothing added");

	/* Another database, holding only one of them: all read again. */
	snprintf(other, sizeof other, "%s/other.db", tmpdir);
	cr_assert_eq(store_open(other, 1, &t, &cause), 0, "%s", cause);
	b = mkfact("CAT", "report_submitted", "2026-01-05");
	add_ok(t, &b);
	cr_assert_eq(store_facts_update(t, &v, &n, &cause), 0, "%s", cause);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0].kind, "report_submitted");
	facts_free(v, n);
	store_close(t);
	store_close(s);
}

static struct version
mkversion(const char *id, const char *fp)
{
	struct version	 v;

	memset(&v, 0, sizeof v);
	snprintf(v.id, sizeof v.id, "%s", id);
	snprintf(v.fingerprint, sizeof v.fingerprint, "%s", fp);
	snprintf(v.due, sizeof v.due, "2027-01-01");
	snprintf(v.status, sizeof v.status, "open");
	return v;
}

/* New, changed, gone and back, each counted once; the rest untouched. */
Test(store, versions_sync_changes)
{
	struct store	*s = open_ok(1);
	struct version	 v[2];
	char		*cause = NULL;

	v[0] = mkversion("CAT/report/8", "f1");
	v[1] = mkversion("CAT/followup/7", "f1");
	cr_assert_eq(store_versions_sync(s, v, 2, NULL, 0, 100, &cause), 2,
	    "%s", cause);
	cr_assert_eq(v[0].sequence, 0);
	cr_assert_eq(v[0].modified, 100);

	v[0] = mkversion("CAT/report/8", "f1");
	v[1] = mkversion("CAT/followup/7", "f1");
	cr_assert_eq(store_versions_sync(s, v, 2, NULL, 0, 200, &cause), 0,
	    "%s", cause);
	cr_assert_eq(v[1].sequence, 0);
	cr_assert_eq(v[1].modified, 100, "unchanged keeps its time");

	/* The report changes, the follow-up is gone. */
	v[0] = mkversion("CAT/report/8", "f2");
	cr_assert_eq(store_versions_sync(s, v, 1, NULL, 0, 300, &cause), 2,
	    "%s", cause);
	cr_assert_eq(v[0].sequence, 1);
	cr_assert_eq(v[0].modified, 300);
	cr_assert_eq(store_versions_sync(s, v, 1, NULL, 0, 350, &cause), 0,
	    "%s", cause);

	/* The follow-up is back: a change, with a raised sequence. */
	v[0] = mkversion("CAT/report/8", "f2");
	v[1] = mkversion("CAT/followup/7", "f1");
	cr_assert_eq(store_versions_sync(s, v, 2, NULL, 0, 400, &cause), 1,
	    "%s", cause);
	cr_assert_eq(v[0].sequence, 1);
	cr_assert_eq(v[0].modified, 300);
	cr_assert_eq(v[1].sequence, 1);
	cr_assert_eq(v[1].modified, 400);
	store_close(s);
}

/* An outbox row of the given state whose times are all `at`. */
static void
outbox_put(struct store *s, const char *key, const char *to,
    enum outbox_state state, long long at)
{
	struct outbox_row	 r;
	char			*cause = NULL;

	memset(&r, 0, sizeof r);
	snprintf(r.key, sizeof r.key, "%s", key);
	snprintf(r.deadline, sizeof r.deadline, "X/report/1");
	snprintf(r.due, sizeof r.due, "2020-01-01");
	snprintf(r.lead, sizeof r.lead, "P30D");
	snprintf(r.recipient, sizeof r.recipient, "%s", to);
	snprintf(r.language, sizeof r.language, "en");
	snprintf(r.message_id, sizeof r.message_id, "<%s@example.org>", key);
	r.kind = MAIL_REMINDER;
	r.state = state;
	r.send_at = r.next_attempt = r.created = at;
	r.sent_at = state == OUTBOX_SENT ? at : 0;
	cr_assert_eq(store_outbox_add(s, &r, &cause), 1, "%s",
	    cause ? cause : "exists");
}

static size_t
outbox_count(struct store *s)
{
	struct outbox_row	*v;
	size_t			 n;
	char			*cause = NULL;

	cr_assert_eq(store_outbox_list(s, NULL, 100000, &v, &n, &cause), 0,
	    "%s", cause ? cause : "?");
	outbox_free(v, n);
	return n;
}

static int
outbox_has(struct store *s, const char *key)
{
	struct outbox_row	*v;
	size_t			 n;
	char			*cause = NULL;
	int			 found = 0;

	cr_assert_eq(store_outbox_list(s, NULL, 100000, &v, &n, &cause), 0);
	for (size_t i = 0; i < n; i++)
		found |= strcmp(v[i].key, key) == 0;
	outbox_free(v, n);
	return found;
}

/*
 * Pruning deletes the finished rows older than the cut (sent, failed,
 * skipped, superseded), never one still pending or sending however old,
 * nor a young one; a dry run deletes nothing; more rows than one batch
 * all go; the recipients of deleted rows stay known.
 */
Test(store, outbox_prune)
{
	struct store	*s = open_ok(1);
	char		*cause = NULL, **rcpt, key[64];
	size_t		 n, nr;
	long long	 cut = 1700000000, old = cut - 86400, young = cut + 1;

	outbox_put(s, "sent-old", "Old@example.org", OUTBOX_SENT, old);
	outbox_put(s, "failed-old", "b@example.org", OUTBOX_FAILED, old);
	outbox_put(s, "skipped-old", "b@example.org", OUTBOX_SKIPPED, old);
	outbox_put(s, "superseded-old", "b@example.org", OUTBOX_SUPERSEDED,
	    old);
	outbox_put(s, "pending-old", "c@example.org", OUTBOX_PENDING, old);
	outbox_put(s, "sending-old", "c@example.org", OUTBOX_SENDING, old);
	outbox_put(s, "sent-young", "d@example.org", OUTBOX_SENT, young);
	outbox_put(s, "sent-at-cut", "d@example.org", OUTBOX_SENT, cut);
	for (int i = 0; i < STORE_PRUNE_BATCH + 7; i++) {
		snprintf(key, sizeof key, "bulk-%04d", i);
		outbox_put(s, key, "e@example.org", OUTBOX_SENT, old - i);
	}

	cr_assert_eq(store_outbox_prune(s, cut, 1, &n, &cause), 0, "%s",
	    cause ? cause : "?");
	cr_expect_eq(n, 4 + STORE_PRUNE_BATCH + 7, "dry run counts %zu", n);
	cr_expect_eq(outbox_count(s), 8 + STORE_PRUNE_BATCH + 7,
	    "a dry run deletes nothing");

	cr_assert_eq(store_outbox_prune(s, cut, 0, &n, &cause), 0, "%s",
	    cause ? cause : "?");
	cr_expect_eq(n, 4 + STORE_PRUNE_BATCH + 7, "pruned %zu", n);
	cr_expect_eq(outbox_count(s), 4);
	cr_expect(outbox_has(s, "pending-old"));
	cr_expect(outbox_has(s, "sending-old"));
	cr_expect(outbox_has(s, "sent-young"));
	cr_expect(outbox_has(s, "sent-at-cut"));
	cr_expect(!outbox_has(s, "sent-old"));

	/* Again: nothing left to prune. */
	cr_assert_eq(store_outbox_prune(s, cut, 0, &n, &cause), 0);
	cr_expect_eq(n, 0);

	/* old@ and e@ have no rows left, and are still known. */
	cr_assert_eq(store_outbox_recipients(s, &rcpt, &nr, &cause), 0);
	cr_expect_eq(nr, 5, "%zu recipients", nr);
	{
		int	 seen_old = 0, seen_e = 0;

		for (size_t i = 0; i < nr; i++) {
			seen_old |= strcmp(rcpt[i], "old@example.org") == 0;
			seen_e |= strcmp(rcpt[i], "e@example.org") == 0;
			free(rcpt[i]);
		}
		free(rcpt);
		cr_expect(seen_old && seen_e);
	}
	store_close(s);
}
