#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "rec.h"
#include "store.h"
#include "xmalloc.h"

/* Statements run once per deadline or per mail, prepared once. */
enum cached_stmt {
	STMT_OUTBOX_MARK,
	STMT_OUTBOX_SUPERSEDE,
	STMT_OUTBOX_SENDING,
	STMT_OUTBOX_MAILS_SINCE,
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_MAX
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*cached[STMT_MAX];
};

/*
 * Migrations, applied in order; after step i the database is at version
 * i + 1. Never edit a released step: append a new one.
 */
static const char *const migrations[] = {
	/* 1: facts, departments of coordinators, assignments */
	"CREATE TABLE facts ("
	"  id INTEGER PRIMARY KEY,"
	"  instrument TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
	"  rule TEXT NOT NULL DEFAULT '',"
	"  due TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
	"  cycle TEXT NOT NULL DEFAULT '',"
	"  symbol TEXT, paragraph TEXT, url TEXT, note TEXT,"
	"  recorded_by TEXT,"
	"  recorded_at TEXT NOT NULL,"
	"  supersedes INTEGER UNIQUE REFERENCES facts(id)"
	");"
	"CREATE INDEX facts_instrument ON facts(instrument, date);"
	/* Append-only: history is never rewritten. */
	"CREATE TRIGGER facts_no_update BEFORE UPDATE ON facts BEGIN"
	"  SELECT RAISE(ABORT, 'facts are append-only; record a correction with fact supersede');"
	"END;"
	"CREATE TRIGGER facts_no_delete BEFORE DELETE ON facts BEGIN"
	"  SELECT RAISE(ABORT, 'facts are append-only; record a correction with fact supersede');"
	"END;"
	"CREATE TRIGGER facts_supersede_same BEFORE INSERT ON facts"
	"  WHEN NEW.supersedes IS NOT NULL AND EXISTS (SELECT 1 FROM facts"
	"    WHERE id = NEW.supersedes AND instrument IS NOT NEW.instrument) BEGIN"
	"  SELECT RAISE(ABORT, 'a correction must be for the same instrument');"
	"END;"
	"CREATE TABLE coordinators ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  email TEXT NOT NULL,"
	"  department TEXT NOT NULL,"
	"  language TEXT NOT NULL CHECK (language IN ('nl', 'en')),"
	"  token_hash BLOB"
	");"
	"CREATE TABLE assignments ("
	"  coordinator INTEGER NOT NULL REFERENCES coordinators(id) ON DELETE CASCADE,"
	"  instrument TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('lead', 'contributor')),"
	"  PRIMARY KEY (coordinator, instrument)"
	");",
	/* 2: what the feeds published, and every change of it */
	"CREATE TABLE versions ("
	"  id TEXT PRIMARY KEY,"
	"  fingerprint TEXT NOT NULL,"
	"  sequence INTEGER NOT NULL,"
	"  modified INTEGER NOT NULL,"
	"  due TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  gone INTEGER NOT NULL DEFAULT 0,"
	"  round INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE version_history ("
	"  id TEXT NOT NULL,"
	"  sequence INTEGER NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  due TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  PRIMARY KEY (id, sequence)"
	");",
	/* 3: the reminder outbox */
	"CREATE TABLE outbox ("
	"  key TEXT PRIMARY KEY,"
	"  deadline TEXT NOT NULL,"
	"  due TEXT NOT NULL,"
	"  lead TEXT NOT NULL,"
	"  recipient TEXT NOT NULL,"
	"  language TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent',"
	"    'failed', 'skipped', 'superseded')),"
	"  message_id TEXT NOT NULL,"
	"  send_at INTEGER NOT NULL,"
	"  next_attempt INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  sent_at INTEGER NOT NULL DEFAULT 0,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  last_reply TEXT,"
	"  note TEXT"
	");"
	"CREATE INDEX outbox_work ON outbox(state, next_attempt);"
	"CREATE INDEX outbox_deadline ON outbox(deadline, state);",
	/* 4: when a mail was first tried (its Date:), the mail a row went
	 * out in, why a row waits; acknowledgements */
	"ALTER TABLE outbox ADD COLUMN first_attempt INTEGER NOT NULL "
	"  DEFAULT 0;"
	"ALTER TABLE outbox ADD COLUMN mail_id TEXT;"
	"ALTER TABLE outbox ADD COLUMN waiting TEXT;"
	"CREATE INDEX outbox_recipient ON outbox(recipient, sent_at);"
	"CREATE TABLE acks ("
	"  deadline TEXT NOT NULL,"
	"  due TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  coordinator TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  via TEXT NOT NULL,"
	"  PRIMARY KEY (deadline, due, status, coordinator)"
	");",
	/* 5: the workspace: sign-in links and sessions (only their SHA-256
	 * hashes), and the sign-in mails sent, for the rate limits */
	"CREATE TABLE web_tokens ("
	"  hash BLOB PRIMARY KEY CHECK (length(hash) = 32),"
	"  kind TEXT NOT NULL CHECK (kind IN ('link', 'session')),"
	"  address TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX web_tokens_live ON web_tokens(kind, expires);"
	"CREATE TABLE signin_mails ("
	"  address TEXT NOT NULL,"
	"  client TEXT NOT NULL,"
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX signin_mails_at ON signin_mails(at);",
	/* 6: secrets of the database, such as the key that signs the
	 * acknowledgement links of reminders */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL"
	");"
	/* ... and the SHA-256 of each reminder's acknowledgement token */
	"ALTER TABLE outbox ADD COLUMN ack_hash TEXT;"
	"CREATE INDEX outbox_ack ON outbox(ack_hash);",
	/* 7: recommendations, who answers for each, and their progress;
	 * all three append-only */
	"CREATE TABLE recommendations ("
	"  id INTEGER PRIMARY KEY,"
	"  instrument TEXT NOT NULL,"
	"  symbol TEXT NOT NULL,"
	"  paragraph TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  summary_nl TEXT,"
	"  themes TEXT, sdgs TEXT, persons TEXT,"
	"  followup INTEGER NOT NULL DEFAULT 0,"
	"  position TEXT NOT NULL DEFAULT ''"
	"    CHECK (position IN ('', 'supported', 'noted')),"
	"  year INTEGER NOT NULL DEFAULT 0,"
	"  recorded_by TEXT,"
	"  recorded_at TEXT NOT NULL,"
	"  UNIQUE (symbol COLLATE NOCASE, paragraph COLLATE NOCASE)"
	");"
	"CREATE TABLE rec_owners ("
	"  id INTEGER PRIMARY KEY,"
	"  rec INTEGER NOT NULL REFERENCES recommendations(id),"
	"  lead TEXT NOT NULL,"
	"  contributors TEXT NOT NULL DEFAULT '',"
	"  recorded_by TEXT,"
	"  recorded_at TEXT NOT NULL"
	");"
	"CREATE TABLE rec_updates ("
	"  id INTEGER PRIMARY KEY,"
	"  rec INTEGER NOT NULL REFERENCES recommendations(id),"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
	"  status TEXT NOT NULL CHECK (status IN ('not started', 'in progress',"
	"    'partially implemented', 'implemented', 'not accepted')),"
	"  text TEXT NOT NULL,"
	"  recorded_by TEXT,"
	"  recorded_at TEXT NOT NULL"
	");"
	"CREATE INDEX rec_updates_rec ON rec_updates(rec, date);"
	"CREATE TRIGGER recommendations_no_update BEFORE UPDATE ON recommendations"
	"  BEGIN SELECT RAISE(ABORT, 'recommendations are append-only'); END;"
	"CREATE TRIGGER recommendations_no_delete BEFORE DELETE ON recommendations"
	"  BEGIN SELECT RAISE(ABORT, 'recommendations are append-only'); END;"
	"CREATE TRIGGER rec_owners_no_change BEFORE UPDATE ON rec_owners"
	"  BEGIN SELECT RAISE(ABORT, 'owners are append-only; assign again'); END;"
	"CREATE TRIGGER rec_owners_no_delete BEFORE DELETE ON rec_owners"
	"  BEGIN SELECT RAISE(ABORT, 'owners are append-only; assign again'); END;"
	"CREATE TRIGGER rec_updates_no_change BEFORE UPDATE ON rec_updates"
	"  BEGIN SELECT RAISE(ABORT, 'progress updates are never overwritten; record a new one'); END;"
	"CREATE TRIGGER rec_updates_no_delete BEFORE DELETE ON rec_updates"
	"  BEGIN SELECT RAISE(ABORT, 'progress updates are never overwritten; record a new one'); END;",
	/* 8: the recipients of outbox rows pruned, so that the outbox still
	 * knows them (no second catch-up mail) */
	"CREATE TABLE outbox_known ("
	"  address TEXT PRIMARY KEY"
	");",
	/* 9: a recipient's mails of a day counted through an index, as the
	 * recipient is matched (in any case) */
	"DROP INDEX outbox_recipient;"
	"CREATE INDEX outbox_recipient ON outbox(recipient COLLATE NOCASE,"
	"  sent_at);",
};

#define NMIGRATIONS	((int)(sizeof migrations / sizeof *migrations))

int
store_schema_version(void)
{
	return NMIGRATIONS;
}

static int
fail(struct store *s, char **cause, const char *what)
{
	*cause = xasprintf("%s: %s", what, sqlite3_errmsg(s->db));
	return -1;
}

static int
exec(struct store *s, const char *sql, char **cause)
{
	char	*err = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		*cause = xasprintf("%s", err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* The cached statement for sql, prepared on first use; -1 on error. */
static int
cached(struct store *s, enum cached_stmt which, const char *sql,
    sqlite3_stmt **st)
{
	if (s->cached[which] == NULL &&
	    sqlite3_prepare_v2(s->db, sql, -1, &s->cached[which], NULL) !=
	    SQLITE_OK)
		return -1;
	*st = s->cached[which];
	return 0;
}

/* Done with a cached statement: ready for the next use, nothing held. */
static void
release(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int
store_version(struct store *s)
{
	sqlite3_stmt	*st;
	int		 v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Each step and its version bump commit together or not at all. */
static int
migrate(struct store *s, char **cause)
{
	int	 v = store_version(s);

	if (v < 0)
		return fail(s, cause, "cannot read the schema version");
	if (v > NMIGRATIONS) {
		*cause = xasprintf("its schema version %d is newer than this "
		    "treatyd's (%d); upgrade treatyd", v, NMIGRATIONS);
		return -1;
	}
	for (; v < NMIGRATIONS; v++) {
		char	*sql = xasprintf("BEGIN IMMEDIATE; %s PRAGMA user_version = %d; "
		    "COMMIT;", migrations[v], v + 1);

		if (exec(s, sql, cause) == -1) {
			char	*c2 = xasprintf("schema migration to version %d "
			    "failed: %s", v + 1, *cause);

			free(*cause);
			*cause = c2;
			free(sql);
			store_rollback(s);
			return -1;
		}
		free(sql);
	}
	return 0;
}

/*
 * Why the database cannot be opened, in words an administrator can act
 * on: the path, who owns it and who is asking.
 */
static char *
open_failure(const char *path, const char *why, int create)
{
	struct stat	 sb;
	struct passwd	*pw;
	struct group	*gr;
	char		 owner[64], group[64], *dir, *slash;
	const char	*me = (pw = getpwuid(geteuid())) ? pw->pw_name : "?";
	char		 mine[64];
	int		 found;

	snprintf(mine, sizeof mine, "%s", me);
	found = stat(path, &sb) == 0;
	if (!found) {
		dir = xstrdup(path);
		if ((slash = strrchr(dir, '/')) != NULL)
			*(slash == dir ? slash + 1 : slash) = '\0';
		else
			snprintf(dir, strlen(dir) + 1, ".");
		if (stat(dir, &sb) == -1 || access(dir, W_OK | X_OK) == 0) {
			free(dir);
			return xasprintf("%s: %s%s", path, why, create ? "" :
			    " (run 'treatyctl init' first)");
		}
		path = dir;	/* the directory is what stands in the way */
	}
	snprintf(owner, sizeof owner, "%s", (pw = getpwuid(sb.st_uid)) ?
	    pw->pw_name : "?");
	snprintf(group, sizeof group, "%s", (gr = getgrgid(sb.st_gid)) ?
	    gr->gr_name : "?");
	{
		char	*msg = xasprintf("%s: %s: it belongs to %s:%s (mode %03o) "
		    "and treatyctl runs as %s; run it as root, as %s, or as a "
		    "member of group %s (see treatyd(8), FILES)", path, why,
		    owner, group, (unsigned)(sb.st_mode & 0777), mine, owner,
		    group);

		if (!found)
			free((char *)path);
		return msg;
	}
}

void
store_busy_timeout(struct store *s, int ms)
{
	sqlite3_busy_timeout(s->db, ms);
}

int
store_open(const char *path, int create, struct store **out, char **cause)
{
	struct store	*s = xcalloc(1, sizeof *s);
	int		 flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (create) {
		int	 fd;

		flags |= SQLITE_OPEN_CREATE;
		/* A new database holds e-mail addresses: not for everyone
		 * (its -wal and -shm files take its mode). */
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0640)) != -1)
			close(fd);
	}
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		*cause = open_failure(path, sqlite3_errmsg(s->db), create);
		sqlite3_close(s->db);
		free(s);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (exec(s, "PRAGMA foreign_keys = ON;", cause) == -1)
		goto bad;
	/* Before anything can write: an empty file stays empty. */
	if (!create && store_version(s) != NMIGRATIONS) {
		int	 v = store_version(s);

		/* Readable but not writable (a member of the service's
		 * group): a WAL database needs its -shm, which only the
		 * running daemon keeps. */
		*cause = v < 0 && sqlite3_db_readonly(s->db, "main") == 1 ?
		    xasprintf("%s: cannot read the schema version: %s; this "
		    "user may read the database but not write it, which works "
		    "only while treatyd runs (it keeps %s-shm): start treatyd, "
		    "or run treatyctl as root or as the database's owner",
		    path, sqlite3_errmsg(s->db), path) : v < 0 ?
		    xasprintf("%s: cannot read the schema version: "
		    "%s", path, sqlite3_errmsg(s->db)) : v == 0 ? xasprintf("%s is not a treatyd database (run "
		    "'treatyctl init' first)", path) : v > NMIGRATIONS ?
		    xasprintf("%s has schema version %d, newer than this "
		    "treatyd (%d); upgrade treatyd", path, v, NMIGRATIONS) :
		    xasprintf("%s has schema version %d, this treatyd uses %d "
		    "(run 'treatyctl init' to migrate)", path, v, NMIGRATIONS);
		goto bad;
	}
	if (exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
	    cause) == -1)
		goto bad;
	if (create && migrate(s, cause) == -1)
		goto bad;
	*out = s;
	return 0;
bad:
	sqlite3_close(s->db);
	free(s);
	return -1;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < STMT_MAX; i++)
		sqlite3_finalize(s->cached[i]);
	sqlite3_close(s->db);
	free(s);
}

/* A statement without results, prepared once: BEGIN and COMMIT run
 * several times per mail. */
static int
exec_cached(struct store *s, enum cached_stmt which, const char *sql,
    char **cause)
{
	sqlite3_stmt	*st;

	if (cached(s, which, sql, &st) == -1) {
		*cause = xasprintf("%s", sqlite3_errmsg(s->db));
		return -1;
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		*cause = xasprintf("%s", sqlite3_errmsg(s->db));
		release(st);
		return -1;
	}
	release(st);
	return 0;
}

int
store_begin(struct store *s, char **cause)
{
	return exec_cached(s, STMT_BEGIN, "BEGIN IMMEDIATE", cause);
}

int
store_commit(struct store *s, char **cause)
{
	return exec_cached(s, STMT_COMMIT, "COMMIT", cause);
}

void
store_rollback(struct store *s)
{
	char	*cause = NULL;

	if (!sqlite3_get_autocommit(s->db) && exec(s, "ROLLBACK", &cause) == -1)
		free(cause);
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL || v[0] == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void
bind_date(sqlite3_stmt *st, int i, int date)
{
	char	 buf[DATE_STRLEN];

	if (date == DATE_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, date_format(date, buf), -1, SQLITE_TRANSIENT);
}

int
store_fact_add(struct store *s, struct fact *f, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO facts (instrument, kind, "
	    "date, rule, due, cycle, symbol, paragraph, url, note, recorded_by, "
	    "recorded_at, supersedes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "recording a fact");
	sqlite3_bind_text(st, 1, f->instrument, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, f->kind, -1, SQLITE_TRANSIENT);
	bind_date(st, 3, f->date);
	sqlite3_bind_text(st, 4, f->rule, -1, SQLITE_TRANSIENT);
	bind_date(st, 5, f->due);
	sqlite3_bind_text(st, 6, f->cycle, -1, SQLITE_TRANSIENT);
	bind_text(st, 7, f->symbol);
	bind_text(st, 8, f->paragraph);
	bind_text(st, 9, f->url);
	bind_text(st, 10, f->note);
	bind_text(st, 11, f->recorded_by);
	sqlite3_bind_text(st, 12, f->recorded_at ? f->recorded_at : "", -1,
	    SQLITE_TRANSIENT);
	if (f->supersedes)
		sqlite3_bind_int64(st, 13, f->supersedes);
	else
		sqlite3_bind_null(st, 13);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_CONSTRAINT && f->supersedes &&
		    strstr(sqlite3_errmsg(s->db), "UNIQUE") != NULL) {
			*cause = xasprintf("fact %lld is already superseded",
			    f->supersedes);
			return -1;
		}
		if (rc == SQLITE_CONSTRAINT && f->supersedes &&
		    strstr(sqlite3_errmsg(s->db), "FOREIGN KEY") != NULL) {
			*cause = xasprintf("fact %lld does not exist",
			    f->supersedes);
			return -1;
		}
		return fail(s, cause, "recording a fact");
	}
	f->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char	*t = sqlite3_column_text(st, i);

	return t == NULL ? NULL : xstrdup((const char *)t);
}

static void
col_buf(sqlite3_stmt *st, int i, char *buf, size_t len)
{
	const unsigned char	*t = sqlite3_column_text(st, i);

	snprintf(buf, len, "%s", t ? (const char *)t : "");
}

static int
col_date(sqlite3_stmt *st, int i)
{
	const unsigned char	*t = sqlite3_column_text(st, i);
	char			*cause = NULL;
	int			 d;

	if (t == NULL)
		return DATE_NONE;
	if (date_parse((const char *)t, &d, &cause) == -1) {
		free(cause);
		return DATE_NONE;
	}
	return d;
}

#define FACT_COLUMNS "id, instrument, kind, date, rule, due, cycle, symbol, " \
	"paragraph, url, note, recorded_by, recorded_at, supersedes"

static void
row_fact(sqlite3_stmt *st, struct fact *f)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(st, 0);
	col_buf(st, 1, f->instrument, sizeof f->instrument);
	col_buf(st, 2, f->kind, sizeof f->kind);
	f->date = col_date(st, 3);
	col_buf(st, 4, f->rule, sizeof f->rule);
	f->due = col_date(st, 5);
	col_buf(st, 6, f->cycle, sizeof f->cycle);
	f->symbol = col_text(st, 7);
	f->paragraph = col_text(st, 8);
	f->url = col_text(st, 9);
	f->note = col_text(st, 10);
	f->recorded_by = col_text(st, 11);
	f->recorded_at = col_text(st, 12);
	f->supersedes = sqlite3_column_int64(st, 13);
}

/* The facts after id `after`, by id, appended to *out (n of them). */
static int
facts_after(struct store *s, long long after, struct fact **out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*st;
	struct fact	*v = *out;
	size_t		 cnt = *n, cap = *n;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "SELECT " FACT_COLUMNS " FROM facts "
	    "WHERE id > ? ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "reading facts");
	sqlite3_bind_int64(st, 1, after);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof *v);
		}
		row_fact(st, &v[cnt++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = *n; i < cnt; i++)
			fact_clear(&v[i]);
		*out = v;
		return fail(s, cause, "reading facts");
	}
	*out = v;
	*n = cnt;
	return 0;
}

int
store_facts(struct store *s, struct fact **out, size_t *n, char **cause)
{
	struct fact	*v = NULL;
	size_t		 cnt = 0;

	if (facts_after(s, LLONG_MIN, &v, &cnt, cause) == -1) {
		free(v);
		return -1;
	}
	*out = v;
	*n = cnt;
	return 0;
}

int
store_facts_update(struct store *s, struct fact **v, size_t *n, char **cause)
{
	sqlite3_stmt	*st;
	long long	 last = *n > 0 ? (*v)[*n - 1].id : 0, have = -1;

	/* Facts are never changed or deleted (the triggers refuse it), so
	 * the ones held are still there unless the file was replaced. */
	if (*n > 0 && sqlite3_prepare_v2(s->db, "SELECT count(*) FROM facts "
	    "WHERE id <= ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, last);
		if (sqlite3_step(st) == SQLITE_ROW)
			have = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (*n == 0 || have != (long long)*n) {
		facts_free(*v, *n);
		*v = NULL;
		*n = 0;
		return store_facts(s, v, n, cause);
	}
	return facts_after(s, last, v, n, cause);
}

int
store_fact_get(struct store *s, long long id, struct fact *f, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "SELECT " FACT_COLUMNS " FROM facts "
	    "WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "reading a fact");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_fact(st, f);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return fail(s, cause, "reading a fact");
}

long long
store_data_version(struct store *s)
{
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

long long
store_fact_max_id(struct store *s)
{
	sqlite3_stmt	*st;
	long long	 id = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT max(id) FROM facts", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

int
store_coordinator_add(struct store *s, const struct coordinator *c, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO coordinators (name, email, "
	    "department, language) VALUES (?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "adding a coordinator");
	sqlite3_bind_text(st, 1, c->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, c->email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, c->department, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, c->language, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT &&
	    strstr(sqlite3_errmsg(s->db), "UNIQUE") != NULL) {
		*cause = xasprintf("a coordinator named '%s' already exists",
		    c->name);
		return -1;
	}
	if (rc != SQLITE_DONE)
		return fail(s, cause, "adding a coordinator");
	return 0;
}

int
store_coordinator_remove(struct store *s, const char *name, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "DELETE FROM coordinators WHERE name = ?",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "removing a coordinator");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "removing a coordinator");
	return sqlite3_changes(s->db) == 0 ? 1 : 0;
}

int
store_coordinator_token(struct store *s, const char *name,
    const unsigned char hash[32], char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "UPDATE coordinators SET token_hash = ? "
	    "WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "setting a token");
	if (hash != NULL)
		sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "setting a token");
	if (sqlite3_changes(s->db) == 0) {
		*cause = xasprintf("no coordinator named '%s'", name);
		return -1;
	}
	return 0;
}

int
store_assign(struct store *s, const char *name, const char *instrument,
    const char *role, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO assignments "
	    "(coordinator, instrument, role) SELECT id, ?, ? FROM coordinators "
	    "WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "assigning a coordinator");
	sqlite3_bind_text(st, 1, instrument, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "assigning a coordinator");
	if (sqlite3_changes(s->db) == 0) {
		*cause = xasprintf("no coordinator named '%s'", name);
		return -1;
	}
	return 0;
}

int
store_coordinators(struct store *s, struct coordinator **out, size_t *n,
    char **cause)
{
	sqlite3_stmt		*st;
	struct coordinator	*v = NULL;
	size_t			 cnt = 0;
	int			 rc;

	if (sqlite3_prepare_v2(s->db, "SELECT id, name, email, department, "
	    "language, token_hash FROM coordinators ORDER BY name", -1, &st,
	    NULL) != SQLITE_OK)
		return fail(s, cause, "reading coordinators");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct coordinator	*c;

		v = xreallocarray(v, cnt + 1, sizeof *v);
		c = &v[cnt++];
		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(st, 0);
		c->name = col_text(st, 1);
		c->email = col_text(st, 2);
		col_buf(st, 3, c->department, sizeof c->department);
		col_buf(st, 4, c->language, sizeof c->language);
		if (sqlite3_column_bytes(st, 5) == (int)sizeof c->token_hash) {
			memcpy(c->token_hash, sqlite3_column_blob(st, 5),
			    sizeof c->token_hash);
			c->has_token = 1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		coordinators_free(v, cnt);
		return fail(s, cause, "reading coordinators");
	}
	if (sqlite3_prepare_v2(s->db, "SELECT coordinator, instrument, role FROM "
	    "assignments ORDER BY instrument", -1, &st, NULL) != SQLITE_OK) {
		coordinators_free(v, cnt);
		return fail(s, cause, "reading assignments");
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long	 id = sqlite3_column_int64(st, 0);

		for (size_t i = 0; i < cnt; i++) {
			struct assignment	*a;

			if (v[i].id != id)
				continue;
			v[i].assignments = xreallocarray(v[i].assignments,
			    v[i].nassignments + 1, sizeof *a);
			a = &v[i].assignments[v[i].nassignments++];
			col_buf(st, 1, a->instrument, sizeof a->instrument);
			col_buf(st, 2, a->role, sizeof a->role);
		}
	}
	sqlite3_finalize(st);
	*out = v;
	*n = cnt;
	return 0;
}

/* A row of versions as stored, for the comparison in memory. */
struct stored_version {
	char		*id;
	char		 fingerprint[65];
	int		 sequence;
	long long	 modified;
	int		 gone;
};

static int
cmp_version_ptr(const void *a, const void *b)
{
	const struct version	*x = *(const struct version *const *)a;
	const struct version	*y = *(const struct version *const *)b;

	return strcmp(x->id, y->id);
}

/* The rows of versions, by id (the primary key's order, strcmp's): every
 * one, or those of the instruments codes[0..ncodes) (sorted by strcmp),
 * whose ids begin with "CODE/". */
static int
versions_read(struct store *s, const char *const *codes, size_t ncodes,
    struct stored_version **out, size_t *n)
{
	sqlite3_stmt		*st;
	struct stored_version	*v = NULL;
	size_t			 cnt = 0, cap = 0;
	int			 rc = SQLITE_DONE;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, ncodes == 0 ? "SELECT id, fingerprint, "
	    "sequence, modified, gone FROM versions ORDER BY id" :
	    "SELECT id, fingerprint, sequence, modified, gone FROM versions "
	    "WHERE id >= ?1 || '/' AND id < ?1 || '0' ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	/* Once for all, or once a code: '0' follows '/'. */
	for (size_t k = 0; k < (ncodes ? ncodes : 1) && rc == SQLITE_DONE;
	    k++) {
		if (ncodes > 0) {
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, codes[k], -1, SQLITE_STATIC);
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (cnt == cap) {
				cap = cap ? cap * 2 : 256;
				v = xreallocarray(v, cap, sizeof *v);
			}
			v[cnt].id = col_text(st, 0);
			col_buf(st, 1, v[cnt].fingerprint,
			    sizeof v[cnt].fingerprint);
			v[cnt].sequence = sqlite3_column_int(st, 2);
			v[cnt].modified = sqlite3_column_int64(st, 3);
			v[cnt].gone = sqlite3_column_int(st, 4);
			cnt++;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < cnt; i++)
			free(v[i].id);
		free(v);
		return -1;
	}
	*out = v;
	*n = cnt;
	return 0;
}

/*
 * The stored rows are read once and compared in memory with what was
 * computed, both in id order; only a new, changed or returning row is
 * written, and only a row newly gone is marked. (The round column of
 * schema 2, which once told the untouched rows, is no longer needed.)
 */
int
store_versions_sync(struct store *s, struct version *v, size_t n,
    const char *const *codes, size_t ncodes, long long now, char **cause)
{
	sqlite3_stmt		*put = NULL, *hist = NULL, *gone = NULL;
	struct stored_version	*old = NULL;
	struct version		**byid = NULL;
	size_t			 nold = 0, j = 0;
	int			 changed = 0;

	if (store_begin(s, cause) == -1)
		return -1;
	if (versions_read(s, codes, ncodes, &old, &nold) == -1)
		goto bad;
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO versions (id, "
	    "fingerprint, sequence, modified, due, status, gone, round) VALUES "
	    "(?,?,?,?,?,?,0,0)", -1, &put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO version_history "
	    "(id, sequence, at, due, status) VALUES (?,?,?,?,?)", -1, &hist,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "UPDATE versions SET gone = 1 WHERE id = ?",
	    -1, &gone, NULL) != SQLITE_OK)
		goto bad;
	byid = xcalloc(n ? n : 1, sizeof *byid);
	for (size_t i = 0; i < n; i++)
		byid[i] = &v[i];
	qsort(byid, n, sizeof *byid, cmp_version_ptr);
	for (size_t i = 0; i <= n; i++) {
		struct version		*w = i < n ? byid[i] : NULL;
		struct stored_version	*o = NULL;
		int			 change;

		/* Stored rows before this id are no longer computed. */
		while (j < nold && (w == NULL || strcmp(old[j].id, w->id) < 0)) {
			if (!old[j].gone) {
				sqlite3_reset(gone);
				sqlite3_bind_text(gone, 1, old[j].id, -1,
				    SQLITE_STATIC);
				if (sqlite3_step(gone) != SQLITE_DONE)
					goto bad;
				changed++;
			}
			j++;
		}
		if (w == NULL)
			break;
		if (j < nold && strcmp(old[j].id, w->id) == 0)
			o = &old[j];
		/* New, changed, or back after it was gone. */
		change = o == NULL || o->gone ||
		    strcmp(o->fingerprint, w->fingerprint) != 0;
		w->sequence = o != NULL ? o->sequence : 0;
		w->modified = o != NULL ? o->modified : now;
		if (o != NULL && change)
			w->sequence++;
		if (change)
			w->modified = now;
		/* The next computed row with this id compares with it too. */
		if (o != NULL && (i + 1 == n || strcmp(byid[i + 1]->id,
		    w->id) != 0))
			j++;
		if (!change)
			continue;
		sqlite3_reset(put);
		sqlite3_bind_text(put, 1, w->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(put, 2, w->fingerprint, -1, SQLITE_STATIC);
		sqlite3_bind_int(put, 3, w->sequence);
		sqlite3_bind_int64(put, 4, w->modified);
		sqlite3_bind_text(put, 5, w->due, -1, SQLITE_STATIC);
		sqlite3_bind_text(put, 6, w->status, -1, SQLITE_STATIC);
		if (sqlite3_step(put) != SQLITE_DONE)
			goto bad;
		changed++;
		sqlite3_reset(hist);
		sqlite3_bind_text(hist, 1, w->id, -1, SQLITE_STATIC);
		sqlite3_bind_int(hist, 2, w->sequence);
		sqlite3_bind_int64(hist, 3, now);
		sqlite3_bind_text(hist, 4, w->due, -1, SQLITE_STATIC);
		sqlite3_bind_text(hist, 5, w->status, -1, SQLITE_STATIC);
		if (sqlite3_step(hist) != SQLITE_DONE)
			goto bad;
	}
	sqlite3_finalize(put);
	sqlite3_finalize(hist);
	sqlite3_finalize(gone);
	put = hist = gone = NULL;
	if (store_commit(s, cause) == -1) {
		store_rollback(s);
		changed = -1;
	}
	goto out;
bad:
	*cause = xasprintf("recording deadline versions: %s",
	    sqlite3_errmsg(s->db));
	sqlite3_finalize(put);
	sqlite3_finalize(hist);
	sqlite3_finalize(gone);
	store_rollback(s);
	changed = -1;
out:
	for (size_t i = 0; i < nold; i++)
		free(old[i].id);
	free(old);
	free(byid);
	return changed;
}

#define OUTBOX_COLUMNS "key, deadline, due, lead, recipient, language, kind, " \
	"state, message_id, send_at, next_attempt, created, sent_at, attempts, " \
	"last_reply, note, first_attempt, mail_id, waiting"

int
store_outbox_add(struct store *s, const struct outbox_row *r, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO outbox ("
	    OUTBOX_COLUMNS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,NULL,NULL)",
	    -1, &st,
	    NULL) != SQLITE_OK)
		return fail(s, cause, "queueing a reminder");
	sqlite3_bind_text(st, 1, r->key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, r->deadline, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, r->due, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, r->lead, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, r->recipient, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, r->language, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, mail_kind_name(r->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, outbox_state_name(r->state), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 9, r->message_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 10, r->send_at);
	sqlite3_bind_int64(st, 11, r->next_attempt);
	sqlite3_bind_int64(st, 12, r->created);
	sqlite3_bind_int64(st, 13, r->sent_at);
	sqlite3_bind_int(st, 14, r->attempts);
	bind_text(st, 15, r->last_reply);
	bind_text(st, 16, r->note);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "queueing a reminder");
	return sqlite3_changes(s->db) > 0;
}

static void
row_outbox(sqlite3_stmt *st, struct outbox_row *r)
{
	char	 word[16];

	memset(r, 0, sizeof *r);
	col_buf(st, 0, r->key, sizeof r->key);
	col_buf(st, 1, r->deadline, sizeof r->deadline);
	col_buf(st, 2, r->due, sizeof r->due);
	col_buf(st, 3, r->lead, sizeof r->lead);
	col_buf(st, 4, r->recipient, sizeof r->recipient);
	col_buf(st, 5, r->language, sizeof r->language);
	/* state has a CHECK; kind does not: an unknown kind reads as a reminder. */
	col_buf(st, 6, word, sizeof word);
	if (mail_kind_parse(word, &r->kind) == -1)
		r->kind = MAIL_REMINDER;
	col_buf(st, 7, word, sizeof word);
	if (outbox_state_parse(word, &r->state) == -1)
		r->state = OUTBOX_FAILED;
	col_buf(st, 8, r->message_id, sizeof r->message_id);
	r->send_at = sqlite3_column_int64(st, 9);
	r->next_attempt = sqlite3_column_int64(st, 10);
	r->created = sqlite3_column_int64(st, 11);
	r->sent_at = sqlite3_column_int64(st, 12);
	r->attempts = sqlite3_column_int(st, 13);
	r->last_reply = col_text(st, 14);
	r->note = col_text(st, 15);
	r->first_attempt = sqlite3_column_int64(st, 16);
	col_buf(st, 17, r->mail_id, sizeof r->mail_id);
	col_buf(st, 18, r->waiting, sizeof r->waiting);
}

static int
outbox_query(struct store *s, sqlite3_stmt *st, struct outbox_row **out,
    size_t *n, char **cause)
{
	struct outbox_row	*v = NULL;
	size_t			 cnt = 0, cap = 0;
	int			 rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 32;
			v = xreallocarray(v, cap, sizeof *v);
		}
		row_outbox(st, &v[cnt++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		outbox_free(v, cnt);
		return fail(s, cause, "reading the outbox");
	}
	*out = v;
	*n = cnt;
	return 0;
}

int
store_outbox_due(struct store *s, long long now, struct outbox_row **out,
    size_t *n, char **cause)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(s->db, "SELECT " OUTBOX_COLUMNS " FROM outbox "
	    "WHERE state = 'sending' OR (state = 'pending' AND next_attempt <= ?) "
	    "ORDER BY send_at, key", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "reading the outbox");
	sqlite3_bind_int64(st, 1, now);
	return outbox_query(s, st, out, n, cause);
}

int
store_outbox_list(struct store *s, const enum outbox_state *state,
    size_t limit,
    struct outbox_row **out, size_t *n, char **cause)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(s->db, "SELECT " OUTBOX_COLUMNS " FROM outbox "
	    "WHERE ?1 IS NULL OR state = ?1 ORDER BY send_at DESC, key LIMIT ?2",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "reading the outbox");
	if (state != NULL)
		sqlite3_bind_text(st, 1, outbox_state_name(*state), -1,
		    SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	return outbox_query(s, st, out, n, cause);
}

int
store_outbox_mark(struct store *s, const char *key, enum outbox_state state,
    long long next_attempt, const char *reply, long long sent_at, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (cached(s, STMT_OUTBOX_MARK, "UPDATE outbox SET state = ?1, "
	    "attempts = attempts + (?1 = 'sending'), "
	    "next_attempt = CASE WHEN ?2 > 0 THEN ?2 ELSE next_attempt END, "
	    "last_reply = coalesce(?3, last_reply), "
	    "sent_at = CASE WHEN ?4 > 0 THEN ?4 ELSE sent_at END, "
	    "waiting = NULL WHERE key = ?5", &st) == -1)
		return fail(s, cause, "updating the outbox");
	sqlite3_bind_text(st, 1, outbox_state_name(state), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, next_attempt);
	bind_text(st, 3, reply);
	sqlite3_bind_int64(st, 4, sent_at);
	sqlite3_bind_text(st, 5, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	release(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "updating the outbox");
	return 0;
}

int
store_outbox_supersede(struct store *s, const char *deadline, const char *due,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (cached(s, STMT_OUTBOX_SUPERSEDE, "UPDATE outbox SET state = "
	    "'superseded' WHERE deadline = ? AND due <> ? AND state = 'pending' "
	    "AND kind = 'reminder'", &st) == -1)
		return fail(s, cause, "updating the outbox");
	sqlite3_bind_text(st, 1, deadline, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, due, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	release(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "updating the outbox");
	return sqlite3_changes(s->db);
}

long long
store_outbox_next(struct store *s)
{
	sqlite3_stmt	*st;
	long long	 t = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(min(next_attempt), 0) "
	    "FROM outbox WHERE state IN ('pending', 'sending')", -1, &st,
	    NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		t = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return t;
}

int
store_version_previous_due(struct store *s, const char *id, char *due,
    size_t len)
{
	sqlite3_stmt	*st;

	due[0] = '\0';
	if (sqlite3_prepare_v2(s->db, "SELECT due FROM version_history WHERE "
	    "id = ? ORDER BY sequence DESC LIMIT 1 OFFSET 1", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		col_buf(st, 0, due, len);
	sqlite3_finalize(st);
	return 0;
}

void
outbox_free(struct outbox_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].last_reply);
		free(v[i].note);
	}
	free(v);
}

int
store_outbox_defer(struct store *s, long long now, long long until,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "UPDATE outbox SET next_attempt = ?, "
	    "state = 'pending', waiting = 'config' WHERE (state = 'pending' AND "
	    "next_attempt <= ?) OR state = 'sending'", -1, &st, NULL) !=
	    SQLITE_OK)
		return fail(s, cause, "updating the outbox");
	sqlite3_bind_int64(st, 1, until);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "updating the outbox");
	return sqlite3_changes(s->db);
}

/* One UPDATE of the outbox with its parameters bound by the caller. */
static int
outbox_update(struct store *s, sqlite3_stmt *st, char **cause)
{
	int	 rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "updating the outbox");
	return sqlite3_changes(s->db);
}

int
store_outbox_sending(struct store *s, const char *key, const char *mail_id,
    long long now, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (cached(s, STMT_OUTBOX_SENDING, "UPDATE outbox SET state = "
	    "'sending', attempts = attempts + 1, waiting = NULL, mail_id = ?2, "
	    "first_attempt = CASE WHEN first_attempt > 0 THEN first_attempt "
	    "ELSE ?3 END WHERE key = ?1", &st) == -1)
		return fail(s, cause, "updating the outbox");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, mail_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	rc = sqlite3_step(st);
	release(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "updating the outbox");
	return 0;
}

int
store_outbox_wait(struct store *s, const char *key, long long until,
    const char *why, const char *reply, char **cause)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(s->db, "UPDATE outbox SET state = 'pending', "
	    "next_attempt = ?2, waiting = ?3, last_reply = coalesce(?4, "
	    "last_reply) WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "updating the outbox");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_text(st, 3, why, -1, SQLITE_TRANSIENT);
	bind_text(st, 4, reply);
	return outbox_update(s, st, cause) == -1 ? -1 : 0;
}

int
store_outbox_retry(struct store *s, const char *why, long long now,
    char **cause)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(s->db, "UPDATE outbox SET next_attempt = ?2 "
	    "WHERE state = 'pending' AND waiting = ?1 AND next_attempt > ?2",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "updating the outbox");
	sqlite3_bind_text(st, 1, why, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	return outbox_update(s, st, cause);
}

int
store_outbox_recipients(struct store *s, char ***out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*st;
	char		**v = NULL;
	size_t		 cnt = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	/* UNION: each once, those of pruned rows too. */
	if (sqlite3_prepare_v2(s->db, "SELECT lower(recipient) FROM outbox "
	    "UNION SELECT address FROM outbox_known", -1, &st, NULL) !=
	    SQLITE_OK)
		return fail(s, cause, "reading the outbox");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, cnt + 1, sizeof *v);
		v[cnt++] = col_text(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < cnt; i++)
			free(v[i]);
		free(v);
		return fail(s, cause, "reading the outbox");
	}
	*out = v;
	*n = cnt;
	return 0;
}

/*
 * Finished rows (never pending or sending) whose every time is before
 * ?1; the same rows for the count, the recipients and the delete, in
 * one transaction.
 */
#define PRUNABLE	"SELECT key FROM outbox WHERE state IN ('sent', " \
	"'failed', 'skipped', 'superseded') AND max(created, send_at, " \
	"sent_at, first_attempt) < ?1 ORDER BY key LIMIT ?2"

/* One batch: its recipients remembered, then its rows gone. */
static int
prune_batch(struct store *s, long long before, size_t *n, char **cause)
{
	sqlite3_stmt	*known = NULL, *del = NULL;
	int		 rc = -1;

	if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO outbox_known "
	    "SELECT DISTINCT lower(recipient) FROM outbox WHERE key IN ("
	    PRUNABLE ")", -1, &known, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "DELETE FROM outbox WHERE key IN ("
	    PRUNABLE ")", -1, &del, NULL) != SQLITE_OK) {
		fail(s, cause, "pruning the outbox");
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt	*st = i == 0 ? known : del;

		sqlite3_bind_int64(st, 1, before);
		sqlite3_bind_int64(st, 2, STORE_PRUNE_BATCH);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fail(s, cause, "pruning the outbox");
			goto out;
		}
	}
	*n = (size_t)sqlite3_changes(s->db);
	rc = 0;
out:
	sqlite3_finalize(known);
	sqlite3_finalize(del);
	return rc;
}

int
store_outbox_prune(struct store *s, long long before, int dry_run,
    size_t *n, char **cause)
{
	sqlite3_stmt	*st;
	size_t		 batch;

	*n = 0;
	if (dry_run) {
		if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM ("
		    PRUNABLE ")", -1, &st, NULL) != SQLITE_OK)
			return fail(s, cause, "reading the outbox");
		sqlite3_bind_int64(st, 1, before);
		sqlite3_bind_int64(st, 2, -1);	/* no limit */
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_finalize(st);
			return fail(s, cause, "reading the outbox");
		}
		*n = (size_t)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		return 0;
	}
	/* Short transactions: the loop's writer waits a batch at most. */
	do {
		if (store_begin(s, cause) == -1)
			return -1;
		if (prune_batch(s, before, &batch, cause) == -1) {
			store_rollback(s);
			return -1;
		}
		if (store_commit(s, cause) == -1) {
			store_rollback(s);
			return -1;
		}
		*n += batch;
	} while (batch == STORE_PRUNE_BATCH);
	return 0;
}

int
store_outbox_mails_between(struct store *s, const char *recipient,
    long long since, long long until)
{
	sqlite3_stmt	*st;
	int		 n = 0;

	if (cached(s, STMT_OUTBOX_MAILS_SINCE, "SELECT count(DISTINCT "
	    "coalesce(mail_id, key)) FROM outbox WHERE recipient = ?1 COLLATE "
	    "NOCASE AND state = 'sent' AND sent_at >= ?2 AND sent_at < ?3",
	    &st) == -1)
		return 0;
	sqlite3_bind_text(st, 1, recipient, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, until);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	release(st);
	return n;
}

int
store_outbox_health(struct store *s, struct outbox_health *h, char **cause)
{
	sqlite3_stmt	*st;

	memset(h, 0, sizeof *h);
	if (sqlite3_prepare_v2(s->db, "SELECT state, count(*) FROM outbox "
	    "GROUP BY state", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "counting the outbox");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char		*name = (const char *)
		    sqlite3_column_text(st, 0);
		enum outbox_state	 state;

		if (name != NULL && outbox_state_parse(name, &state) == 0)
			h->rows[state] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	/* Deferred: pending again after a try; since its first try. */
	if (sqlite3_prepare_v2(s->db, "SELECT count(*), min(CASE WHEN "
	    "first_attempt > 0 THEN first_attempt END) FROM outbox WHERE "
	    "state = 'pending' AND attempts > 0", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "counting the outbox");
	if (sqlite3_step(st) == SQLITE_ROW) {
		h->deferred = sqlite3_column_int64(st, 0);
		h->deferred_since = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(s->db, "SELECT max(sent_at) FROM outbox WHERE "
	    "state = 'sent'", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "counting the outbox");
	if (sqlite3_step(st) == SQLITE_ROW)
		h->last_sent = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int
store_ack_add(struct store *s, const struct ack *a, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO acks (deadline, "
	    "due, status, coordinator, at, via) VALUES (?,?,?,?,?,?)", -1, &st,
	    NULL) != SQLITE_OK)
		return fail(s, cause, "recording the acknowledgement");
	sqlite3_bind_text(st, 1, a->deadline, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, a->due, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, a->status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, a->coordinator, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, a->at);
	sqlite3_bind_text(st, 6, a->via, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "recording the acknowledgement");
	return sqlite3_changes(s->db) > 0;
}

int
store_acks(struct store *s, struct ack **out, size_t *n, char **cause)
{
	sqlite3_stmt	*st;
	struct ack	*v = NULL;
	size_t		 cnt = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT deadline, due, status, "
	    "coordinator, at, via FROM acks ORDER BY at", -1, &st, NULL) !=
	    SQLITE_OK)
		return fail(s, cause, "reading the acknowledgements");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, cnt + 1, sizeof *v);
		memset(&v[cnt], 0, sizeof v[cnt]);
		col_buf(st, 0, v[cnt].deadline, sizeof v[cnt].deadline);
		col_buf(st, 1, v[cnt].due, sizeof v[cnt].due);
		col_buf(st, 2, v[cnt].status, sizeof v[cnt].status);
		col_buf(st, 3, v[cnt].coordinator, sizeof v[cnt].coordinator);
		v[cnt].at = sqlite3_column_int64(st, 4);
		col_buf(st, 5, v[cnt].via, sizeof v[cnt].via);
		cnt++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return fail(s, cause, "reading the acknowledgements");
	}
	*out = v;
	*n = cnt;
	return 0;
}

int
store_meta(struct store *s, const char *key, unsigned char *value,
    size_t len, const unsigned char *fresh, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, found = 0;

	/* Insert the fresh value unless one is there, then read what is. */
	if (fresh != NULL) {
		if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO meta (key, "
		    "value) VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK)
			return fail(s, cause, "writing the database's secrets");
		sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 2, fresh, (int)len, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return fail(s, cause, "writing the database's secrets");
	}
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "reading the database's secrets");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (size_t)sqlite3_column_bytes(st, 0) == len) {
		memcpy(value, sqlite3_column_blob(st, 0), len);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

int
store_outbox_set_ack(struct store *s, const char *key, const char *hash,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "UPDATE outbox SET ack_hash = ? WHERE "
	    "key = ?", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "recording the acknowledgement link");
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "recording the acknowledgement link");
	return 0;
}

int
store_outbox_by_ack(struct store *s, const char *hash, struct ack *a,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 found = 0;

	memset(a, 0, sizeof *a);
	/* The newest mail carrying it: a later reminder of the same date
	 * carries the same link and renews it. */
	if (sqlite3_prepare_v2(s->db, "SELECT deadline, due, recipient, "
	    "CASE WHEN first_attempt > 0 THEN first_attempt ELSE created END "
	    "AS sent FROM outbox WHERE ack_hash = ? ORDER BY sent DESC LIMIT 1",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "reading the acknowledgement link");
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(a->deadline, sizeof a->deadline, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		snprintf(a->due, sizeof a->due, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		snprintf(a->coordinator, sizeof a->coordinator, "%s",
		    (const char *)sqlite3_column_text(st, 2));
		a->at = sqlite3_column_int64(st, 3);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

int
store_lock(const char *database, int *fd, char **cause)
{
	char	*path = xasprintf("%s.lock", database);

	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd == -1) {
		*cause = xasprintf("cannot open %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) == -1) {
		*cause = xasprintf("another treatyd is already running on %s "
		    "(lock %s is held)", database, path);
		close(*fd);
		*fd = -1;
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

int
store_token_add(struct store *s, const struct web_token *t, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO web_tokens (hash, kind, "
	    "address, created, last_seen, expires, used) VALUES "
	    "(?,?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "recording a sign-in token");
	sqlite3_bind_blob(st, 1, t->hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, t->kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, t->address, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, t->created);
	sqlite3_bind_int64(st, 5, t->last_seen);
	sqlite3_bind_int64(st, 6, t->expires);
	sqlite3_bind_int(st, 7, t->used);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "recording a sign-in token");
	return 0;
}

int
store_tokens(struct store *s, const char *kind, long long now,
    struct web_token **out, size_t *n, char **cause)
{
	sqlite3_stmt		*st;
	struct web_token	*v = NULL;
	size_t			 cnt = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT hash, kind, address, created, "
	    "last_seen, expires, used FROM web_tokens WHERE kind = ? AND "
	    "expires > ? AND used = 0", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "reading the sign-in tokens");
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) != 32)
			continue;
		v = xreallocarray(v, cnt + 1, sizeof *v);
		memset(&v[cnt], 0, sizeof v[cnt]);
		memcpy(v[cnt].hash, sqlite3_column_blob(st, 0), 32);
		col_buf(st, 1, v[cnt].kind, sizeof v[cnt].kind);
		col_buf(st, 2, v[cnt].address, sizeof v[cnt].address);
		v[cnt].created = sqlite3_column_int64(st, 3);
		v[cnt].last_seen = sqlite3_column_int64(st, 4);
		v[cnt].expires = sqlite3_column_int64(st, 5);
		v[cnt].used = sqlite3_column_int(st, 6);
		cnt++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return fail(s, cause, "reading the sign-in tokens");
	}
	*out = v;
	*n = cnt;
	return 0;
}

/* One statement on a token by its hash; returns the rows changed. */
static int
token_exec(struct store *s, const char *sql, const unsigned char hash[32],
    long long arg, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "updating a sign-in token");
	sqlite3_bind_int64(st, 1, arg);
	sqlite3_bind_blob(st, 2, hash, 32, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "updating a sign-in token");
	return sqlite3_changes(s->db);
}

int
store_token_use(struct store *s, const unsigned char hash[32], char **cause)
{
	return token_exec(s, "UPDATE web_tokens SET used = ?1 WHERE hash = ?2 "
	    "AND used = 0", hash, 1, cause);
}

int
store_token_touch(struct store *s, const unsigned char hash[32],
    long long now, char **cause)
{
	return token_exec(s, "UPDATE web_tokens SET last_seen = ?1 WHERE "
	    "hash = ?2", hash, now, cause) < 0 ? -1 : 0;
}

int
store_tokens_expire(struct store *s, long long now, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "DELETE FROM web_tokens WHERE expires "
	    "<= ?1 OR used = 1",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "expiring sign-in tokens");
	sqlite3_bind_int64(st, 1, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "expiring sign-in tokens");
	if (sqlite3_prepare_v2(s->db, "DELETE FROM signin_mails WHERE at <= ?",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "expiring sign-in mails");
	sqlite3_bind_int64(st, 1, now - 86400);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "expiring sign-in mails");
	return 0;
}

int
store_signin_mail_add(struct store *s, const char *address,
    const char *client, long long at, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO signin_mails (address, "
	    "client, at) VALUES (lower(?), ?, ?)", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "recording a sign-in mail");
	sqlite3_bind_text(st, 1, address, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, client, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, at);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "recording a sign-in mail");
	return 0;
}

int
store_signin_mails_since(struct store *s, const char *address,
    const char *client, long long since)
{
	sqlite3_stmt	*st;
	int		 n = 0;

	if (sqlite3_prepare_v2(s->db, address != NULL ?
	    "SELECT count(*) FROM signin_mails WHERE address = lower(?) AND "
	    "at > ?" : "SELECT count(*) FROM signin_mails WHERE client = ? "
	    "AND at > ?", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, address != NULL ? address : client, -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, since);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* ------------------------------------------------------ recommendations */

/* Run a prepared INSERT and finalize it; its row's id into *id. */
static int
insert(struct store *s, sqlite3_stmt *st, const char *what, long long *id,
    char **cause)
{
	int	 rc = sqlite3_step(st);

	if (rc != SQLITE_DONE) {
		fail(s, cause, what);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_rec_add(struct store *s, struct rec *r, char **cause)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO recommendations "
	    "(instrument, symbol, paragraph, text, summary_nl, themes, sdgs, "
	    "persons, followup, position, year, recorded_by, recorded_at) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "recording a recommendation");
	sqlite3_bind_text(st, 1, r->instrument, -1, SQLITE_TRANSIENT);
	bind_text(st, 2, r->symbol);
	bind_text(st, 3, r->paragraph);
	bind_text(st, 4, r->text);
	bind_text(st, 5, r->summary_nl);
	bind_text(st, 6, r->themes);
	bind_text(st, 7, r->sdgs);
	bind_text(st, 8, r->persons);
	sqlite3_bind_int(st, 9, r->followup != 0);
	sqlite3_bind_text(st, 10, rec_position_name(r->position), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 11, r->year);
	bind_text(st, 12, r->recorded_by);
	sqlite3_bind_text(st, 13, r->recorded_at ? r->recorded_at : "", -1,
	    SQLITE_TRANSIENT);
	return insert(s, st, "recording a recommendation", &r->id, cause);
}

int
store_rec_owner_add(struct store *s, struct rec_owner *o, char **cause)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO rec_owners (rec, lead, "
	    "contributors, recorded_by, recorded_at) VALUES (?,?,?,?,?)", -1,
	    &st, NULL) != SQLITE_OK)
		return fail(s, cause, "recording who answers for it");
	sqlite3_bind_int64(st, 1, o->rec);
	sqlite3_bind_text(st, 2, o->lead, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, o->contributors ? o->contributors : "", -1,
	    SQLITE_TRANSIENT);
	bind_text(st, 4, o->recorded_by);
	sqlite3_bind_text(st, 5, o->recorded_at ? o->recorded_at : "", -1,
	    SQLITE_TRANSIENT);
	return insert(s, st, "recording who answers for it", &o->id, cause);
}

int
store_rec_update_add(struct store *s, struct rec_update *u, char **cause)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO rec_updates (rec, date, "
	    "status, text, recorded_by, recorded_at) VALUES (?,?,?,?,?,?)", -1,
	    &st, NULL) != SQLITE_OK)
		return fail(s, cause, "recording a progress update");
	sqlite3_bind_int64(st, 1, u->rec);
	bind_date(st, 2, u->date);
	sqlite3_bind_text(st, 3, rec_status_name(u->status), -1, SQLITE_STATIC);
	bind_text(st, 4, u->text);
	bind_text(st, 5, u->recorded_by);
	sqlite3_bind_text(st, 6, u->recorded_at ? u->recorded_at : "", -1,
	    SQLITE_TRANSIENT);
	return insert(s, st, "recording a progress update", &u->id, cause);
}

/* Grow an array by one element of size sz, zeroed; returns it. */
static void *
grow(void **v, size_t *n, size_t *cap, size_t sz)
{
	char	*p;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xreallocarray(*v, *cap, sz);
	}
	p = (char *)*v + (*n)++ * sz;
	memset(p, 0, sz);
	return p;
}

int
store_recs(struct store *s, struct rec_set *out, char **cause)
{
	sqlite3_stmt	*st;
	size_t		 cap;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(s->db, "SELECT id, instrument, symbol, "
	    "paragraph, text, summary_nl, themes, sdgs, persons, followup, "
	    "position, year, recorded_by, recorded_at FROM recommendations "
	    "ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return fail(s, cause, "reading recommendations");
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rec	*r = grow((void **)&out->v, &out->n, &cap,
		    sizeof *r);

		r->id = sqlite3_column_int64(st, 0);
		col_buf(st, 1, r->instrument, sizeof r->instrument);
		r->symbol = col_text(st, 2);
		r->paragraph = col_text(st, 3);
		r->text = col_text(st, 4);
		r->summary_nl = col_text(st, 5);
		r->themes = col_text(st, 6);
		r->sdgs = col_text(st, 7);
		r->persons = col_text(st, 8);
		r->followup = sqlite3_column_int(st, 9);
		r->position = rec_position_parse(
		    (const char *)sqlite3_column_text(st, 10));
		if ((int)r->position < 0)
			r->position = REC_POS_NONE;
		r->year = sqlite3_column_int(st, 11);
		r->recorded_by = col_text(st, 12);
		r->recorded_at = col_text(st, 13);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto bad;
	if (sqlite3_prepare_v2(s->db, "SELECT id, rec, lead, contributors, "
	    "recorded_by, recorded_at FROM rec_owners ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK)
		goto bad;
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rec_owner	*o = grow((void **)&out->owners,
		    &out->nowners, &cap, sizeof *o);

		o->id = sqlite3_column_int64(st, 0);
		o->rec = sqlite3_column_int64(st, 1);
		col_buf(st, 2, o->lead, sizeof o->lead);
		o->contributors = col_text(st, 3);
		o->recorded_by = col_text(st, 4);
		o->recorded_at = col_text(st, 5);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto bad;
	if (sqlite3_prepare_v2(s->db, "SELECT id, rec, date, status, text, "
	    "recorded_by, recorded_at FROM rec_updates ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK)
		goto bad;
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rec_update	*u = grow((void **)&out->updates,
		    &out->nupdates, &cap, sizeof *u);
		int			 k;

		u->id = sqlite3_column_int64(st, 0);
		u->rec = sqlite3_column_int64(st, 1);
		u->date = col_date(st, 2);
		k = rec_status_parse((const char *)sqlite3_column_text(st, 3));
		u->status = k < 0 ? REC_NOT_STARTED : (enum rec_status)k;
		u->text = col_text(st, 4);
		u->recorded_by = col_text(st, 5);
		u->recorded_at = col_text(st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto bad;
	return 0;
bad:
	rec_set_free(out);
	return fail(s, cause, "reading recommendations");
}

long long
store_rec_marker(struct store *s)
{
	sqlite3_stmt	*st;
	long long	 v = 0;

	/* Append-only tables: the sum of their largest ids only grows. */
	if (sqlite3_prepare_v2(s->db, "SELECT (SELECT ifnull(max(id), 0) FROM "
	    "recommendations) + (SELECT ifnull(max(id), 0) FROM rec_updates) "
	    "+ (SELECT ifnull(max(id), 0) FROM rec_owners)", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
store_backup(struct store *s, const char *path, char **cause)
{
	sqlite3		*dst = NULL;
	sqlite3_backup	*b;
	int		 fd, rc;

	/* Made here, 0600 and new: the copy holds e-mail addresses, and an
	 * existing file is not overwritten. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) ==
	    -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		*cause = xasprintf("%s: %s", path, dst ? sqlite3_errmsg(dst) :
		    "out of memory");
		goto bad;
	}
	if ((b = sqlite3_backup_init(dst, "main", s->db, "main")) == NULL) {
		*cause = xasprintf("%s: %s", path, sqlite3_errmsg(dst));
		goto bad;
	}
	/* All at once; a writer's lock is waited for, up to 10 s. */
	for (int tries = 0;; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && tries < 200) {
			sqlite3_sleep(50);
			continue;
		}
		if (rc != SQLITE_OK)
			break;
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		*cause = xasprintf("%s: %s", path, sqlite3_errstr(rc));
		goto bad;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		*cause = xasprintf("%s: cannot be closed", path);
		dst = NULL;
		goto bad;
	}
	return 0;
bad:
	if (dst != NULL)
		sqlite3_close(dst);
	unlink(path);
	return -1;
}
