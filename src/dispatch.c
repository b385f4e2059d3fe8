/* One dispatch pass: plan -> queue -> compose -> send, in that order. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "clock.h"
#include "compose.h"
#include "conf.h"
#include "date.h"
#include "dispatch.h"
#include "hash.h"
#include "message.h"
#include "outbox.h"
#include "planner.h"
#include "remind.h"
#include "sender.h"
#include "service.h"
#include "store.h"
#include "xmalloc.h"

#define KEYS_MAX	(256 * 1024)

struct by_id {
	const char	*id;
	size_t		 i;		/* in the service's deadlines */
};

struct dispatch {
	const struct conf	*conf;
	struct store		*store;
	struct sender		*sender;
	int			 fresh;		/* a configuration not yet used */
	/* what the planner reads from the store, for one pass */
	char			**known;
	size_t			 nknown;
	struct ack		*acks;
	size_t			 nacks;
	struct plan_ack		*packs;
	unsigned char		 ack_key[OUTBOX_ACK_KEY_LEN];
	int			 have_ack_key;
	/* lookups for one send: deadlines by id, coordinators by address */
	struct by_id		*by_id;
	size_t			 nby_id;
	/* mails composed, delivered SENDER_BATCH at a time */
	struct sender_mail	 batch[SENDER_BATCH];
	size_t			 nbatch;
	const struct coordinator **by_email;
	size_t			 nby_email;
};

struct dispatch *
dispatch_new(const struct conf *conf, struct store *store)
{
	struct dispatch	*d = xcalloc(1, sizeof *d);

	d->conf = conf;
	d->store = store;
	d->sender = sender_new(conf, store);
	d->fresh = 1;
	return d;
}

static void
pass_free(struct dispatch *d)
{
	for (size_t i = 0; i < d->nknown; i++)
		free(d->known[i]);
	free(d->known);
	free(d->acks);
	free(d->packs);
	d->known = NULL;
	d->acks = NULL;
	d->packs = NULL;
	d->nknown = d->nacks = 0;
}

/* The recipients the outbox knows and the acknowledgements. */
static int
pass_load(struct dispatch *d, char **cause)
{
	pass_free(d);
	if (store_outbox_recipients(d->store, &d->known, &d->nknown,
	    cause) == -1 ||
	    store_acks(d->store, &d->acks, &d->nacks, cause) == -1)
		return -1;
	d->packs = xcalloc(d->nacks ? d->nacks : 1, sizeof *d->packs);
	for (size_t i = 0; i < d->nacks; i++) {
		char	*why = NULL;

		d->packs[i].deadline = d->acks[i].deadline;
		d->packs[i].recipient = d->acks[i].coordinator;
		d->packs[i].due = DATE_NONE;
		if (date_parse(d->acks[i].due, &d->packs[i].due, &why) == -1)
			free(why);
		/* A status this build does not know matches nothing. */
		if (engine_status_parse(d->acks[i].status) == -1)
			d->packs[i].due = DATE_NONE;
		else
			d->packs[i].status = (enum deadline_status)
			    engine_status_parse(d->acks[i].status);
	}
	return 0;
}

void
dispatch_free(struct dispatch *d)
{
	if (d == NULL)
		return;
	pass_free(d);
	sender_free(d->sender);
	explicit_bzero(d->ack_key, sizeof d->ack_key);
	free(d);
}

/* The send time on a local date, for the planner. */
static long long
send_time(int date, void *arg)
{
	const struct conf	*c = arg;

	return clock_local_time(date, c->send_at, c->timezone);
}

/* The planner's view of now, the configuration and the service. */
static void
plan_input(struct dispatch *d, struct service *sv, long long now,
    struct remind_policy *pol, struct plan_published *pub,
    struct plan_input *in)
{
	const struct conf	*c = d->conf;
	const struct deadlines	*dl = service_deadlines(sv);

	conf_policy(c, pol);
	for (size_t i = 0; pub != NULL && i < dl->n; i++) {
		char	 prev[DATE_STRLEN], *cause = NULL;

		service_published(sv, i, &pub[i].sequence, &pub[i].modified);
		pub[i].previous_due = DATE_NONE;
		if (pub[i].sequence == 0 || !remind_applies(&dl->v[i]))
			continue;
		store_version_previous_due(d->store, dl->v[i].id, prev,
		    sizeof prev);
		if (prev[0] != '\0' &&
		    date_parse(prev, &pub[i].previous_due, &cause) == -1) {
			pub[i].previous_due = DATE_NONE;
			free(cause);
		}
	}
	memset(in, 0, sizeof *in);
	in->known = (const char *const *)d->known;
	in->nknown = d->nknown;
	in->acks = d->packs;
	in->nacks = d->nacks;
	in->catch_up_mail = c->catch_up_mail;
	in->deadlines = dl;
	in->published = pub;
	in->coordinators = service_coordinators(sv, &in->ncoordinators);
	in->chair = c->chair;
	in->chair_language = c->language;
	in->policy = pol;
	in->holidays = c->holidays;
	in->meeting = service_next_meeting(sv);
	in->agenda_before = c->agenda_before;
	in->catch_up = c->catch_up;
	in->digest = c->digest;
	in->today = clock_local_date(now, c->timezone);
	in->now = now;
	in->at = send_time;
	in->arg = (void *)c;
}

static int
cmp_by_id(const void *a, const void *b)
{
	return strcmp(((const struct by_id *)a)->id,
	    ((const struct by_id *)b)->id);
}

static int
cmp_by_email(const void *a, const void *b)
{
	return strcasecmp((*(const struct coordinator *const *)a)->email,
	    (*(const struct coordinator *const *)b)->email);
}

/* Sorted lookups of the deadlines and coordinators, for one send. */
static void
lookups_build(struct dispatch *d, const struct service *sv)
{
	const struct deadlines		*dl = service_deadlines(sv);
	const struct coordinator	*co;
	size_t				 nco;

	d->nby_id = dl->n;
	d->by_id = xcalloc(dl->n ? dl->n : 1, sizeof *d->by_id);
	for (size_t i = 0; i < dl->n; i++) {
		d->by_id[i].id = dl->v[i].id;
		d->by_id[i].i = i;
	}
	qsort(d->by_id, dl->n, sizeof *d->by_id, cmp_by_id);
	co = service_coordinators(sv, &nco);
	d->nby_email = nco;
	d->by_email = xcalloc(nco ? nco : 1, sizeof *d->by_email);
	for (size_t i = 0; i < nco; i++)
		d->by_email[i] = &co[i];
	qsort(d->by_email, nco, sizeof *d->by_email, cmp_by_email);
}

static void
lookups_free(struct dispatch *d)
{
	free(d->by_id);
	free(d->by_email);
	d->by_id = NULL;
	d->by_email = NULL;
	d->nby_id = d->nby_email = 0;
}

static long
deadline_index(const struct dispatch *d, const char *id)
{
	size_t	 lo = 0, hi = d->nby_id;

	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;
		int	 c = strcmp(d->by_id[mid].id, id);

		if (c == 0)
			return (long)d->by_id[mid].i;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static const struct coordinator *
find_coordinator(const struct dispatch *d, const char *email)
{
	size_t	 lo = 0, hi = d->nby_email;

	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;
		int	 c = strcasecmp(d->by_email[mid]->email, email);

		if (c == 0)
			return d->by_email[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A mail that lists deadlines it works out itself. */
static int
list_kind(enum mail_kind k)
{
	return k == MAIL_CATCHUP || k == MAIL_SUMMARY || k == MAIL_WELCOME ||
	    k == MAIL_FEED;
}

/*
 * The deadline a row is about, or -1 with *why when it is gone, met or
 * moved while the row waited (change notices and the agenda stand as
 * long as their deadline exists).
 */
static long
row_deadline(const struct dispatch *d, const struct service *sv,
    const struct outbox_row *r, char **why)
{
	long			 i = deadline_index(d, r->deadline);
	const struct deadline	*dl;
	char			 cur[DATE_STRLEN];

	if (list_kind(r->kind))
		return 0;	/* about no one deadline */
	if (i < 0) {
		*why = xasprintf("deadline %s no longer exists", r->deadline);
		return -1;
	}
	dl = &service_deadlines(sv)->v[i];
	if (r->kind == MAIL_REMINDER && (!remind_applies(dl) ||
	    strcmp(date_format(dl->due, cur), r->due) != 0)) {
		*why = xasprintf("%s is %s now", r->deadline, remind_applies(dl) ?
		    "due on another date" : engine_status_name(dl->status));
		return -1;
	}
	return i;
}

/*
 * Compose and send one mail for rows[0..n) of one recipient: a combined
 * mail when `combined`, else about rows[0] alone.
 */
/*
 * The link by which the recipient of a reminder says "we know; it is
 * being handled": the same on every resend (outbox_ack_token); the row
 * keeps the token's hash, which /ack looks up.
 */
static int
ack_link(struct dispatch *d, const struct outbox_row *r, char **url,
    char **hash, char **cause)
{
	char	 token[HASH_HEXLEN];

	if (!d->have_ack_key) {
		if (outbox_ack_key(d->store, d->ack_key, cause) == -1)
			return -1;
		d->have_ack_key = 1;
	}
	outbox_ack_token(d->ack_key, r->deadline, r->due, r->recipient, token);
	*hash = xmalloc(HASH_HEXLEN);
	hash_sha256_hex(token, strlen(token), *hash);
	*url = xasprintf("%s/ack/%s", d->conf->base_url, token);
	return 0;
}

/* Deliver the mails composed so far; the batch is empty after. */
static int
flush(struct dispatch *d, long long now, struct outbox_stats *st,
    char **cause)
{
	int	 rc = sender_deliver(d->sender, d->batch, d->nbatch, now, st,
	    cause);

	for (size_t m = 0; m < d->nbatch; m++) {
		struct sender_mail	*ml = &d->batch[m];

		free(ml->rows);
		free(ml->what);
		free(ml->key);
		free(ml->data);
		free(ml->ack_hash);
	}
	memset(d->batch, 0, d->nbatch * sizeof *d->batch);
	d->nbatch = 0;
	return rc;
}

static int
send_mail(struct dispatch *d, struct service *sv, struct outbox_row **rows,
    size_t n, int combined, long long now, struct outbox_stats *st,
    char **cause)
{
	const struct coordinator	*co = find_coordinator(d,
	    rows[0]->recipient);
	size_t				*items = xcalloc(n, sizeof *items);
	struct outbox_row		**live = xcalloc(n, sizeof *live);
	struct buf			 keys;
	struct mail			 ml;
	char				 mid[OUTBOX_MID_MAX], *what, *data, *why = NULL;
	char				*ack_url = NULL, *ack_hash = NULL;
	struct sender_mail		*m;
	size_t				 k = 0, len;
	int				 rc = 0;

	buf_init(&keys, KEYS_MAX);
	for (size_t i = 0; i < n && rc == 0; i++) {
		long	 idx = row_deadline(d, sv, rows[i], &why);

		if (idx < 0) {
			what = xasprintf("%s %s", mail_kind_name(rows[i]->kind),
			    rows[i]->key);
			rc = sender_drop(d->sender, &rows[i], 1, 1, what, why, st,
			    cause);
			free(what);
			free(why);
			why = NULL;
			continue;
		}
		items[k] = (size_t)idx;
		live[k++] = rows[i];
		buf_printf(&keys, "%s\n", rows[i]->key);
	}
	if (rc == -1 || k == 0)
		goto out;
	memset(&ml, 0, sizeof ml);
	ml.kind = live[0]->kind;
	ml.combined = combined;
	ml.weekly = combined && d->conf->digest;
	ml.to = live[0]->recipient;
	ml.to_name = co ? co->name : NULL;
	ml.language = live[0]->language;
	ml.items = list_kind(ml.kind) ? NULL : items;
	ml.nitems = list_kind(ml.kind) ? 0 : k;
	ml.old_due = DATE_NONE;
	ml.coordinator = co;
	/* Dated when it was first tried, so a resend is the same mail. */
	ml.date = now;
	for (size_t i = 0; i < k; i++)
		if (live[i]->first_attempt > 0 && live[i]->first_attempt < ml.date)
			ml.date = live[i]->first_attempt;
	if (combined) {
		/* The Message-ID derives from the set of keys. */
		outbox_message_id(d->conf->mail_from, keys.p, mid, sizeof mid);
		ml.message_id = mid;
		what = xasprintf("%s of %zu for %s", ml.weekly ? "digest" :
		    "combined mail", k, ml.to);
	} else {
		ml.message_id = live[0]->message_id;
		if (ml.kind == MAIL_REMINDER &&
		    ack_link(d, live[0], &ack_url, &ack_hash, cause) == -1) {
			rc = -1;
			goto out;
		}
		ml.ack_url = ack_url;
		if (live[0]->note != NULL)
			date_parse(live[0]->note, &ml.old_due, &why);
		free(why);
		why = NULL;
		what = xasprintf("%s %s", mail_kind_name(live[0]->kind),
		    live[0]->key);
	}
	if ((data = compose_mail(d->conf, sv, &ml, &len, &why)) == NULL) {
		rc = sender_drop(d->sender, live, k, 0, what, why, st, cause);
		free(why);
		free(what);
		goto out;
	}
	/* Into the batch, which owns it now; delivered when full. */
	m = &d->batch[d->nbatch++];
	m->rows = live;
	m->n = k;
	m->what = what;
	m->key = xstrdup(combined ? keys.p : live[0]->key);
	snprintf(m->mail_id, sizeof m->mail_id, "%s", ml.message_id);
	m->data = data;
	m->len = len;
	m->ack_hash = ack_hash;
	live = NULL;
	ack_hash = NULL;
	if (d->nbatch == SENDER_BATCH)
		rc = flush(d, now, st, cause);
out:
	free(ack_url);
	free(ack_hash);
	buf_free(&keys);
	free(items);
	free(live);
	return rc;
}

/* Reminders and change notices may go together in one mail. */
static int
combinable(enum mail_kind k)
{
	return k == MAIL_REMINDER || k == MAIL_CHANGE;
}

/*
 * The due rows of one recipient (g[0..n)): a catch-up, summary, welcome
 * or agenda goes on its own; the reminders and change notices go one
 * mail each while they fit in [reminders] max_per_day for today, else
 * together in one mail, and wait for tomorrow once today's mails are
 * spent. With digest = weekly they go together.
 */
static int
send_recipient(struct dispatch *d, struct service *sv, struct outbox_row **g,
    size_t n, long long now, struct outbox_stats *st, char **cause)
{
	const struct conf	*c = d->conf;
	int			 today = clock_local_date(now, c->timezone);
	int			 sent = store_outbox_mails_between(d->store,
	    g[0]->recipient, clock_local_time(today, 0, c->timezone),
	    clock_local_time(today + 1, 0, c->timezone));
	size_t			 m = 0;
	int			 rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		if (combinable(g[i]->kind))
			g[m++] = g[i];	/* kept, in order, for below */
		else {
			rc = send_mail(d, sv, &g[i], 1, 0, now, st, cause);
			sent++;
		}
	}
	if (rc == -1 || m == 0)
		return rc;
	if (sent >= c->max_per_day && !c->digest) {
		long long	 until = clock_local_time(today + 1, c->send_at,
		    c->timezone);

		for (size_t i = 0; i < m; i++) {
			if (store_outbox_wait(d->store, g[i]->key, until,
			    "max_per_day", NULL, cause) == -1)
				return -1;
			st->waiting++;
		}
		return 0;
	}
	if (c->digest || (int)m > c->max_per_day - sent)
		return send_mail(d, sv, g, m, 1, now, st, cause);
	for (size_t i = 0; i < m && rc == 0; i++)
		rc = send_mail(d, sv, &g[i], 1, 0, now, st, cause);
	return rc;
}

/* Send what is due, recipient by recipient. */
/* Rows by recipient (in any case), then in their order. */
static int
cmp_recipient(const void *a, const void *b)
{
	const struct outbox_row	*x = *(const struct outbox_row *const *)a;
	const struct outbox_row	*y = *(const struct outbox_row *const *)b;
	int			 c = strcasecmp(x->recipient, y->recipient);

	return c != 0 ? c : (x < y ? -1 : x > y);
}

/* One recipient's rows, in their order. */
struct group {
	struct outbox_row	**rows;
	size_t			 n;
};

/* Groups by where their first row stands. */
static int
cmp_group(const void *a, const void *b)
{
	const struct outbox_row	*x = ((const struct group *)a)->rows[0];
	const struct outbox_row	*y = ((const struct group *)b)->rows[0];

	return x < y ? -1 : x > y;
}

/* Send what is due, recipient by recipient, in the order of each one's
 * first row. */
static int
send_due(struct dispatch *d, struct service *sv, long long now,
    struct outbox_stats *st, char **cause)
{
	struct outbox_row	*rows = NULL, **by;
	struct group		*g;
	size_t			 ng = 0, n = 0;
	int			 rc = 0;

	if (store_outbox_due(d->store, now, &rows, &n, cause) == -1)
		return -1;
	by = xcalloc(n ? n : 1, sizeof *by);
	g = xcalloc(n ? n : 1, sizeof *g);
	for (size_t i = 0; i < n; i++)
		by[i] = &rows[i];
	qsort(by, n, sizeof *by, cmp_recipient);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcasecmp(by[i]->recipient,
		    by[i - 1]->recipient) != 0)
			g[ng++].rows = &by[i];
		g[ng - 1].n++;
	}
	qsort(g, ng, sizeof *g, cmp_group);
	lookups_build(d, sv);
	for (size_t i = 0; i < ng && rc == 0; i++)
		rc = send_recipient(d, sv, g[i].rows, g[i].n, now, st, cause);
	/* What is composed goes, also after an error (it is marked
	 * nowhere yet); the first error is the one told. */
	if (rc == 0)
		rc = flush(d, now, st, cause);
	else {
		char	*later = NULL;

		(void)flush(d, now, st, &later);
		free(later);
	}
	lookups_free(d);
	free(g);
	free(by);
	outbox_free(rows, n);
	return rc;
}

int
dispatch_run(struct dispatch *d, struct service *sv, long long now,
    struct outbox_stats *st, char **cause)
{
	const struct deadlines	*dl = service_deadlines(sv);
	struct remind_policy	 pol;
	struct plan_published	*pub = xcalloc(dl->n ? dl->n : 1, sizeof *pub);
	struct plan_input	 in;
	struct plan_row		*rows;
	size_t			 n;
	int			 rc;

	memset(st, 0, sizeof *st);
	/* A configuration loaded again may have fixed the transport. */
	if (d->fresh) {
		d->fresh = 0;
		if (store_outbox_retry(d->store, "config", now, cause) == -1) {
			free(pub);
			return -1;
		}
	}
	if (pass_load(d, cause) == -1) {
		free(pub);
		return -1;
	}
	plan_input(d, sv, now, &pol, pub, &in);
	n = planner_rows(&in, &rows);
	rc = outbox_queue(d->store, d->conf->mail_from, dl, rows, n, now, st,
	    cause);
	free(rows);
	free(pub);
	if (rc == -1)
		return -1;
	return send_due(d, sv, now, st, cause);
}

long long
dispatch_next(struct dispatch *d, struct service *sv, long long now)
{
	struct remind_policy	 pol;
	struct plan_input	 in;
	long long		 next = store_outbox_next(d->store), t;

	plan_input(d, sv, now, &pol, NULL, &in);
	t = planner_next(&in);
	if (t != 0 && (next == 0 || t < next))
		next = t;
	return next;
}

int
dispatch_send_test(struct dispatch *d, const char *address, long long now,
    char **cause)
{
	struct mail		 ml;
	char			 mid[OUTBOX_MID_MAX], reply[512], *data, *key;
	size_t			 len;
	enum smtp_result	 res;

	if (!message_address_ok(address)) {
		*cause = xasprintf("'%s' is not an e-mail address", address);
		return -1;
	}
	key = xasprintf("test|%lld|%s", now, address);
	outbox_message_id(d->conf->mail_from, key, mid, sizeof mid);
	memset(&ml, 0, sizeof ml);
	ml.kind = MAIL_TEST;
	ml.to = address;
	ml.language = d->conf->language;
	ml.message_id = mid;
	ml.date = now;
	ml.old_due = DATE_NONE;
	if ((data = compose_mail(d->conf, NULL, &ml, &len, cause)) == NULL) {
		free(key);
		return -1;
	}
	res = sender_transmit(d->sender, key, address, data, len, reply,
	    sizeof reply);
	free(data);
	free(key);
	if (res != SMTP_SENT) {
		*cause = xasprintf("%s: %s", res == SMTP_CONFIG ?
		    "configuration problem" : res == SMTP_PERMANENT ?
		    "refused" : "temporary failure", reply);
		return -1;
	}
	return 0;
}

char *
dispatch_direct_mail(const struct conf *c, struct service *sv,
    enum mail_kind kind, const struct coordinator *co, const char *feed_url,
    long long now, struct outbox_row *r, size_t *len, char **cause)
{
	struct mail		 ml;
	char			 day[DATE_STRLEN];

	memset(r, 0, sizeof *r);
	date_format(clock_local_date(now, c->timezone), day);
	snprintf(r->key, sizeof r->key, "|%s|%s-%lld|%s", day,
	    mail_kind_name(kind), now, co->email);
	outbox_message_id(c->mail_from, r->key, r->message_id,
	    sizeof r->message_id);
	/* On record, as sent: the outbox knows the coordinator then. */
	snprintf(r->due, sizeof r->due, "%s", day);
	snprintf(r->lead, sizeof r->lead, "%s", mail_kind_name(kind));
	snprintf(r->recipient, sizeof r->recipient, "%s", co->email);
	snprintf(r->language, sizeof r->language, "%s", co->language);
	r->kind = kind;
	memset(&ml, 0, sizeof ml);
	ml.kind = kind;
	ml.to = co->email;
	ml.to_name = co->name;
	ml.language = co->language;
	ml.message_id = r->message_id;
	ml.date = now;
	ml.old_due = DATE_NONE;
	ml.coordinator = co;
	ml.feed_url = feed_url;
	return compose_mail(c, sv, &ml, len, cause);
}

int
dispatch_direct(struct dispatch *d, struct service *sv, enum mail_kind kind,
    const struct coordinator *co, const char *feed_url, long long now,
    char **cause)
{
	struct outbox_row	 r;
	char			*data;
	size_t			 len;
	int			 rc;

	if ((data = dispatch_direct_mail(d->conf, sv, kind, co, feed_url, now,
	    &r, &len, cause)) == NULL)
		return -1;
	rc = sender_direct(d->sender, r.key, co->email, data, len, &r, now,
	    cause);
	explicit_bzero(data, len);
	free(data);
	return rc;
}
