/*
 * The service layer: recompute deadlines from the store, record what
 * changed, and render feeds. Called by treatyd's loop and by treatyctl;
 * `today` and `now` come from the caller.
 */
#ifndef TREATYD_SERVICE_H
#define TREATYD_SERVICE_H

#include <stddef.h>

#include "engine.h"

struct ack;
struct conf;
struct store;
struct text_ctx;

enum feed_scope {
	FEED_ALL,
	FEED_INSTRUMENT,	/* key: instrument code */
	FEED_DEPARTMENT,	/* key: department code */
	FEED_COORDINATOR	/* key: coordinator name */
};

struct service;

struct service	*service_new(const struct conf *, struct store *);
void		 service_free(struct service *);
/*
 * Compute without recording versions: for a calendar as it will stand on
 * another day (--today), which must not touch what subscribers saw.
 */
void		 service_read_only(struct service *);
/*
 * Reload facts and coordinators, recompute for today and record versions
 * (a changed deadline gets a higher SEQUENCE, stamped now). Returns how
 * many deadlines changed, or -1 with *cause.
 */
int		 service_refresh(struct service *, int today, long long now,
		    char **cause);
/*
 * Record a fact: fact_validate() against the instruments, the instrument
 * code as the instrument file spells it, recorded_at from now (UTC),
 * then the store; f->id is set. -1 with *cause (caller frees): why the
 * fact is refused, or "cannot record the fact: ..." when the store fails.
 * Deadlines are recomputed by the next refresh.
 */
int		 service_record_fact(struct service *, struct fact *,
		    long long now, char **cause);
/*
 * Record facts all or nothing (one transaction), each as by
 * service_record_fact, except those already in force with the same
 * instrument, kind, dates, rule, cycle and symbol (importing a file
 * again records nothing twice): *skipped counts them. -1 with *cause;
 * *at is the index of the fact that failed, or n when none did.
 */
int		 service_import_facts(struct service *, struct fact *, size_t n,
		    long long now, size_t *skipped, size_t *at, char **cause);
/*
 * What recording facts v[0..n) would change, judged on the day of the
 * last refresh, without recording anything: the deadlines before and
 * after, and the differences (change.h). Free with service_preview_free.
 */
struct service_preview {
	struct deadlines	 before, after;
	struct change		*changes;
	size_t			 n;
};
void		 service_preview_facts(const struct service *,
		    const struct fact *v, size_t n, struct service_preview *);
void		 service_preview_free(struct service_preview *);
/* The id of a fact in force the same as f (see service_import_facts),
 * or 0 when there is none. */
long long	 service_fact_in_force(const struct service *,
		    const struct fact *f);
/* Raised by every refresh that changed something; 0 before the first. */
/* The acknowledgements, as of the last refresh. */
const struct ack *service_acks(const struct service *, size_t *n);
unsigned long	 service_generation(const struct service *);
int		 service_today(const struct service *);
const struct deadlines *service_deadlines(const struct service *);
/*
 * Which deadlines a listing shows (treatyctl deadlines, the JSON API);
 * every criterion that is set narrows it.
 */
struct service_filter {
	int		 from;		/* due on or after; DATE_NONE: any */
	int		 to;		/* due on or before; DATE_NONE: any */
	const char	*instrument;	/* its code, any case; NULL: any */
	const char	*department;	/* lead or contributing; NULL: any */
	int		 status;	/* an enum deadline_status; -1: any */
	int		 current;	/* only open, overdue and unknown ones */
};
/* Copies of the deadlines f selects, in order, *n of them; caller frees. */
struct deadline	*service_select(const struct service *,
		    const struct service_filter *f, size_t *n);
/* The SEQUENCE and last change (UNIX time) published for deadline i. */
void		 service_published(const struct service *, size_t i,
		    int *sequence, long long *modified);
/* The coordinators as last loaded. */
const struct coordinator *service_coordinators(const struct service *,
		    size_t *n);
/* What descriptions may mention: departments, facts, coordinators. */
void		 service_text_ctx(const struct service *, struct text_ctx *);
/*
 * An iCalendar feed of the scope in lang; NULL when key names nothing.
 * *modified is the newest change among its events. Caller frees.
 */
char		*service_feed(struct service *, enum feed_scope, const char *key,
		    const char *lang, long long *modified);
/*
 * The coordinator whose feed token this is (compared in constant time
 * against the stored hashes), or NULL. Borrowed until the next refresh.
 */
const char	*service_token_owner(const struct service *, const char *token);
/* The coordinator's language ("nl"/"en"), or NULL. */
const char	*service_coordinator_language(const struct service *,
		    const char *name);
/* A new feed token: 160 random bits as 40 hex digits, and its hash. */
int		 service_token_new(char token[41], unsigned char hash[32]);
/* The next network meeting on or after today: its deadline, or NULL. */
const struct deadline *service_next_meeting(const struct service *);
/*
 * The draft agenda of the network meeting on `meeting` (DATE_NONE: the
 * next one) in lang, as AGENDA_MD, AGENDA_HTML or AGENDA_TEXT (see
 * agenda.h); months <= 0 takes [meeting] months. NULL with *cause when
 * there is no meeting to prepare. Caller frees.
 */
char		*service_agenda(const struct service *, int meeting, int previous,
		    int months, const char *lang, int format, char **cause);
/* The meeting as one iCalendar event (METHOD PUBLISH when method is
 * set) whose description is the agenda. Caller frees. */
char		*service_agenda_ics(const struct service *, int meeting,
		    const char *lang, const char *method, char **cause);
/* The year in review for the annual letter (review.h formats). */
char		*service_review(const struct service *, int year,
		    const char *lang, int format, char **cause);
/*
 * Recommendations (rec.h), as of the last refresh or the last change
 * made through the calls below.
 */
struct rec;
struct rec_owner;
struct rec_set;
struct rec_update;
const struct rec_set *service_recs(const struct service *);
/*
 * Record recommendations all or nothing (one transaction), recorded by
 * `by`, except those recorded before with the same symbol and paragraph:
 * *skipped counts them. -1 with *cause naming the one that failed.
 */
int		 service_import_recs(struct service *, struct rec *v, size_t n,
		    const char *by, long long now, size_t *skipped, char **cause);
/* A new owner of o->rec: the lead and contributors must be departments
 * (set to their codes as the departments file spells them). */
int		 service_rec_assign(struct service *, struct rec_owner *o,
		    long long now, char **cause);
/* A progress update of u->rec, checked by rec_update_validate. */
int		 service_rec_update(struct service *, struct rec_update *u,
		    long long now, char **cause);

/* The feed's name for people, e.g. "Verdragsrapportages: CEDAW". */
char		*service_feed_name(const struct service *, enum feed_scope,
		    const char *key, const char *lang);

#endif
