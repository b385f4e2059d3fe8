/*
 * The SQLite store, the only file that includes sqlite3.h: facts
 * (append-only; a correction supersedes), coordinators and their
 * assignments. WAL, foreign keys, migrations by PRAGMA user_version.
 * Every write is one transaction, so a crash leaves it consistent.
 */
#ifndef TREATYD_STORE_H
#define TREATYD_STORE_H

#include <stddef.h>

#include "fact.h"
#include "planner.h"
#include "rules.h"

struct store;

/* The schema version this build writes. */
int	 store_schema_version(void);
/*
 * Open (create = 1: create and migrate when needed) the database.
 * -1 with *cause (caller frees) on failure.
 */
int	 store_open(const char *path, int create, struct store **, char **cause);
void	 store_close(struct store *);
/* How long a statement waits for another writer's lock (default 5 s). */
void	 store_busy_timeout(struct store *, int ms);
/*
 * Hold DATABASE.lock: one treatyd (or dispatching treatyctl) per
 * database. -1 with *cause when another holds it.
 */
int	 store_lock(const char *database, int *fd, char **cause);
/* The schema version of the opened database, or -1 when it cannot be read. */
int	 store_version(struct store *);

/*
 * A consistent copy of the database at path, made with SQLite's online
 * backup while others write: a new file (an existing one is refused),
 * mode 0600. -1 with *cause, and no file left, on failure.
 */
int	 store_backup(struct store *, const char *path, char **cause);

/* A transaction around several writes: all land, or none. */
int	 store_begin(struct store *, char **cause);
int	 store_commit(struct store *, char **cause);
void	 store_rollback(struct store *);

/* Append a fact; sets f->id. -1 with *cause on a violated constraint. */
int	 store_fact_add(struct store *, struct fact *, char **cause);
/* All facts (superseded too) in id order; caller frees with facts_free. */
int	 store_facts(struct store *, struct fact **, size_t *, char **cause);
/*
 * Bring v (n facts by id, as store_facts left them) up to date: only the
 * facts recorded since are read, unless those held are no longer all
 * there (another file), when all are read again. 0 or -1; on -1 v holds
 * what could be read.
 */
int	 store_facts_update(struct store *, struct fact **v, size_t *n,
	    char **cause);
/* One fact: 0 found, 1 not found, -1 error. */
int	 store_fact_get(struct store *, long long id, struct fact *, char **cause);
/* Changes when another connection committed (PRAGMA data_version). */
long long store_data_version(struct store *);
/* Largest fact id, a cheap change marker (0 when empty). */
long long store_fact_max_id(struct store *);

/*
 * What was published about a deadline: a fingerprint of its rendered
 * content, raised sequence and time of the last change.
 */
struct version {
	char		 id[80];
	char		 fingerprint[65];
	char		 due[11];		/* YYYY-MM-DD */
	char		 status[12];
	int		 sequence;		/* out */
	long long	 modified;		/* out: UNIX time */
};

/*
 * Record the current deadlines in one transaction: a new id starts at
 * sequence 0; a changed fingerprint raises the sequence, stamps now and
 * adds a history row; ids no longer computed are marked gone. Fills
 * sequence and modified. With codes (ncodes of them, sorted by strcmp),
 * v holds the deadlines of those instruments only and the others' rows
 * are left as they are. Returns how many changed, or -1.
 */
int	 store_versions_sync(struct store *, struct version *, size_t,
	    const char *const *codes, size_t ncodes, long long now,
	    char **cause);

/*
 * The outbox: one row per (deadline, due date, lead time, recipient).
 * pending -> sending -> sent | failed; skipped when missed beyond the
 * catch-up window; superseded when the due date moved before sending.
 */
/* "<" 40 hex digits ".treatyd@" domain ">": room for the longest domain. */
#define OUTBOX_MID_MAX	320

struct outbox_row {
	/* deadline|due|lead|recipient: at most 79 + 10 + 15 + 254 + 3 bytes
	 * (an id, a date, a lead, an address); a cut key would make two
	 * recipients one row. */
	char		 key[384];
	char		 deadline[80];
	char		 due[11];
	char		 lead[16];
	char		 recipient[256];
	char		 language[3];
	enum mail_kind	 kind;
	enum outbox_state state;
	char		 message_id[OUTBOX_MID_MAX];
	long long	 send_at;
	long long	 next_attempt;
	long long	 created;
	long long	 sent_at;		/* 0 until sent */
	int		 attempts;
	char		*last_reply;
	char		*note;
	long long	 first_attempt;		/* 0 until tried: the Date: */
	char		 mail_id[OUTBOX_MID_MAX];	/* the mail it went in */
	char		 waiting[16];		/* why pending: config, ... */
};

/* Queue a row unless its key exists. 1 queued, 0 existed, -1 error. */
int	 store_outbox_add(struct store *, const struct outbox_row *,
	    char **cause);
/* Rows to send now: pending with next_attempt <= now, and any left in
 * sending by a crash, oldest first. Caller frees with outbox_free. */
int	 store_outbox_due(struct store *, long long now, struct outbox_row **,
	    size_t *, char **cause);
/* Rows in a state (NULL: all), newest first, at most limit. */
int	 store_outbox_list(struct store *, const enum outbox_state *, size_t limit,
	    struct outbox_row **, size_t *, char **cause);
/*
 * Move a row to state. "sending" counts an attempt; next_attempt and
 * reply are recorded when given (0 / NULL keep them); sent_at is set for
 * "sent". Committed at once.
 */
int	 store_outbox_mark(struct store *, const char *key, enum outbox_state,
	    long long next_attempt, const char *reply, long long sent_at,
	    char **cause);
/* Pending rows of a deadline for another due date become superseded;
 * returns how many. */
int	 store_outbox_supersede(struct store *, const char *deadline,
	    const char *due, char **cause);
/* Put every pending row due by now off until `until` (a transport
 * configuration error); returns how many. */
int	 store_outbox_defer(struct store *, long long now, long long until,
	    char **cause);
/* Mark a row sending (an attempt) in the mail mail_id; the first attempt
 * stamps first_attempt with now. */
int	 store_outbox_sending(struct store *, const char *key,
	    const char *mail_id, long long now, char **cause);
/* Put a row back to pending until `until`, saying why it waits. */
int	 store_outbox_wait(struct store *, const char *key, long long until,
	    const char *why, const char *reply, char **cause);
/* Rows waiting for `why` are due now; returns how many. */
int	 store_outbox_retry(struct store *, const char *why, long long now,
	    char **cause);
/*
 * Delete the finished rows (sent, failed, skipped, superseded; never
 * pending or sending) whose times (created, send_at, first_attempt,
 * sent_at) are all before `before`, STORE_PRUNE_BATCH to a transaction,
 * their recipients kept in outbox_known. *n the rows deleted (with
 * dry_run: that would be, deleting nothing). -1 with *cause: the batches
 * before it stay deleted.
 */
#define STORE_PRUNE_BATCH	500
int	 store_outbox_prune(struct store *, long long before, int dry_run,
	    size_t *n, char **cause);
/* Every recipient the outbox has held a row for, pruned ones too, in
 * lower case. */
int	 store_outbox_recipients(struct store *, char ***, size_t *,
	    char **cause);
/* How many mails went to recipient in [since, until) (0 on an error). */
int	 store_outbox_mails_between(struct store *, const char *recipient,
	    long long since, long long until);

/* The outbox at a glance, for /healthz and /metrics. */
struct outbox_health {
	long long	 rows[OUTBOX_NSTATES];	/* by enum outbox_state */
	long long	 deferred;	/* pending again after a temporary failure */
	long long	 deferred_since;	/* the oldest one's first try, or 0 */
	long long	 last_sent;	/* the latest successful send, or 0 */
};
int	 store_outbox_health(struct store *, struct outbox_health *,
	    char **cause);

/* "We know; it is being handled": one coordinator, one deadline as it
 * stands (its due date and status). */
struct ack {
	char		 deadline[80];
	char		 due[11];
	char		 status[12];
	char		 coordinator[256];	/* the coordinator's address */
	long long	 at;
	char		 via[64];		/* "treatyctl: root", "web" */
};
/* 1 recorded, 0 recorded before, -1 error. */
int	 store_ack_add(struct store *, const struct ack *, char **cause);
int	 store_acks(struct store *, struct ack **, size_t *, char **cause);

/* The SHA-256 (hex) of the acknowledgement token of the row key; and the
 * deadline, due date and recipient of a hash, with in at when the newest
 * mail carrying it was sent: 1 found, 0 none, -1. */
int	 store_outbox_set_ack(struct store *, const char *key,
	    const char *hash, char **cause);
int	 store_outbox_by_ack(struct store *, const char *hash, struct ack *,
	    char **cause);
/*
 * A secret of the database (len bytes): with fresh, stored first unless
 * one is there. 1 found (into value), 0 none, -1 error.
 */
int	 store_meta(struct store *, const char *key, unsigned char *value,
	    size_t len, const unsigned char *fresh, char **cause);

/* The earliest next_attempt of a pending row, or 0 when none. */
long long store_outbox_next(struct store *);
/* The due date a deadline had before its latest change ("" if none). */
int	 store_version_previous_due(struct store *, const char *id, char *due,
	    size_t len);
void	 outbox_free(struct outbox_row *, size_t);

/*
 * The workspace's secrets, stored only as SHA-256 hashes: a sign-in
 * link (used once) or a session (idle and absolute expiry).
 */
struct web_token {
	unsigned char	 hash[32];
	char		 kind[8];		/* "link" or "session" */
	char		 address[256];		/* whose, in the case given */
	long long	 created;
	long long	 last_seen;
	long long	 expires;		/* absolute */
	int		 used;			/* a used link, an ended session */
};
int	 store_token_add(struct store *, const struct web_token *,
	    char **cause);
/* The tokens of a kind not expired by now and not used; caller frees. */
int	 store_tokens(struct store *, const char *kind, long long now,
	    struct web_token **, size_t *, char **cause);
/* Mark a token used (a link followed, a session ended): 1 when it was
 * unused until now, 0 when not, -1 on an error. */
int	 store_token_use(struct store *, const unsigned char hash[32],
	    char **cause);
/* A session seen now (its idle expiry starts again). */
int	 store_token_touch(struct store *, const unsigned char hash[32],
	    long long now, char **cause);
/* Forget expired and used tokens, and sign-in mails older than a day. */
int	 store_tokens_expire(struct store *, long long now, char **cause);
/* A sign-in mail sent to address at the request of client. */
int	 store_signin_mail_add(struct store *, const char *address,
	    const char *client, long long at, char **cause);
/* How many sign-in mails went to address (or, with address NULL, at the
 * request of client) after since; 0 on an error. */
int	 store_signin_mails_since(struct store *, const char *address,
	    const char *client, long long since);

/*
 * Recommendations (rec.h), append-only: a recommendation, a new owner, a
 * progress update; each sets its id. store_recs reads them all.
 */
struct rec;
struct rec_owner;
struct rec_update;
struct rec_set;
int	 store_rec_add(struct store *, struct rec *, char **cause);
int	 store_rec_owner_add(struct store *, struct rec_owner *, char **cause);
int	 store_rec_update_add(struct store *, struct rec_update *,
	    char **cause);
int	 store_recs(struct store *, struct rec_set *, char **cause);
/* Changes when any of them was added (-1 on an error). */
long long store_rec_marker(struct store *);

int	 store_coordinator_add(struct store *, const struct coordinator *,
	    char **cause);
/* 0 removed, 1 no such coordinator, -1 error. */
int	 store_coordinator_remove(struct store *, const char *name, char **cause);
/* Set (or, with hash NULL, clear) the coordinator's feed token hash. */
int	 store_coordinator_token(struct store *, const char *name,
	    const unsigned char hash[32], char **cause);
/* Assign a coordinator (by name) to an instrument. */
int	 store_assign(struct store *, const char *name, const char *instrument,
	    const char *role, char **cause);
int	 store_coordinators(struct store *, struct coordinator **, size_t *,
	    char **cause);

#endif
