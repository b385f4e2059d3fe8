#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "buf.h"
#include "clock.h"
#include "conf.h"
#include "date.h"
#include "dispatch.h"
#include "hash.h"
#include "ical.h"
#include "log.h"
#include "maildir.h"
#include "message.h"
#include "remind.h"
#include "service.h"
#include "smtp.h"
#include "store.h"
#include "text.h"
#include "tmpl.h"
#include "xmalloc.h"

#define LOOKBACK_DAYS	30	/* slots looked at before today */
#define MAX_ATTEMPTS	8	/* temporary failures before giving up */
#define MAX_SLOTS	16
#define FILE_MAX	(256 * 1024)

struct dispatch {
	const struct conf	*conf;
	struct store		*store;
	struct smtp		*smtp;		/* opened on first use */
	char			*password;
};

struct dispatch *
dispatch_new(const struct conf *conf, struct store *store)
{
	struct dispatch	*d = xcalloc(1, sizeof *d);

	d->conf = conf;
	d->store = store;
	return d;
}

void
dispatch_free(struct dispatch *d)
{
	if (d == NULL)
		return;
	smtp_free(d->smtp);
	if (d->password != NULL) {
		explicit_bzero(d->password, strlen(d->password));
		free(d->password);
	}
	free(d);
}

static char *
read_file(const char *path, char **cause)
{
	FILE		*fp;
	struct buf	 b;
	char		 chunk[4096];
	size_t		 n;

	if ((fp = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf_init(&b, FILE_MAX);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	if (b.toobig) {
		buf_free(&b);
		*cause = xasprintf("%s: larger than %d bytes", path, FILE_MAX);
		return NULL;
	}
	return buf_take(&b);
}

/* The SMTP password: password_file, else systemd's credential. */
static int
load_password(struct dispatch *d, char **cause)
{
	const char	*dir = getenv("CREDENTIALS_DIRECTORY");
	char		*path, *pw;
	size_t		 n;

	if (d->password != NULL || d->conf->mail_username == NULL)
		return 0;
	if (d->conf->mail_password_file != NULL)
		path = xstrdup(d->conf->mail_password_file);
	else if (dir != NULL)
		path = xasprintf("%s/smtp-password", dir);
	else {
		*cause = xasprintf("[mail] username is set but there is no "
		    "password_file and no systemd credential smtp-password");
		return -1;
	}
	pw = read_file(path, cause);
	free(path);
	if (pw == NULL)
		return -1;
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	d->password = pw;
	return 0;
}

/* Hand one message to the transport. */
static enum smtp_result
transport_send(struct dispatch *d, const char *key, const char *rcpt,
    const char *data, size_t len, char *reply, size_t rlen)
{
	const char	*t = d->conf->transport;
	char		*cause = NULL, name[HASH_HEXLEN];

	if (strncmp(t, "maildir:", 8) == 0) {
		/* The file is named by the key: delivering again replaces. */
		hash_sha256_hex(key, strlen(key), name);
		if (maildir_prepare(t + 8, &cause) == -1 ||
		    maildir_deliver(t + 8, name, data, len, &cause) == -1) {
			snprintf(reply, rlen, "%s", cause);
			free(cause);
			return SMTP_TEMPORARY;
		}
		snprintf(reply, rlen, "delivered to %s/new/%.16s", t + 8, name);
		return SMTP_SENT;
	}
	if (d->smtp == NULL) {
		struct smtp_conf	 sc;

		if (load_password(d, &cause) == -1) {
			snprintf(reply, rlen, "%s", cause);
			free(cause);
			return SMTP_CONFIG;
		}
		memset(&sc, 0, sizeof sc);
		sc.url = t;
		sc.username = d->conf->mail_username;
		sc.password = d->password;
		sc.tls = (enum smtp_tls)d->conf->mail_starttls;
		sc.timeout = d->conf->mail_timeout;
		sc.cainfo = d->conf->mail_cainfo;
		if ((d->smtp = smtp_new(&sc, &cause)) == NULL) {
			snprintf(reply, rlen, "%s", cause);
			free(cause);
			return SMTP_CONFIG;
		}
	}
	return smtp_send(d->smtp, d->conf->mail_from, rcpt, data, len, reply,
	    rlen);
}

/* The display name the mail comes from. */
static const char *
sender_name(int nl)
{
	return nl ? "Verdragsrapportages" : "Treaty reporting";
}

static void
message_id(const struct dispatch *d, const char *key, char *out, size_t len)
{
	char		 hex[HASH_HEXLEN];
	const char	*at = strchr(d->conf->mail_from, '@');

	hash_sha256_hex(key, strlen(key), hex);
	snprintf(out, len, "<%.40s.treatyd@%s>", hex, at ? at + 1 : "localhost");
}

static const struct coordinator *
find_recipient(const struct service *sv, const char *email)
{
	const struct coordinator	*v;
	size_t				 n;

	v = service_coordinators(sv, &n);
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(v[i].email, email) == 0)
			return &v[i];
	return NULL;
}

static long
deadline_index(const struct service *sv, const char *id)
{
	const struct deadlines	*dl = service_deadlines(sv);

	for (size_t i = 0; i < dl->n; i++)
		if (strcmp(dl->v[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* The weekly digest that takes a reminder due at t: Monday at send_at. */
static long long
digest_time(const struct conf *c, long long t)
{
	int		 date = clock_local_date(t, c->timezone);
	int		 days = (8 - date_weekday(date)) % 7;
	long long	 at = clock_local_time(date + days, c->send_at, c->timezone);

	if (at < t)
		at = clock_local_time(date + days + 7, c->send_at, c->timezone);
	return at;
}

static int
queue_row(struct dispatch *d, struct dispatch_stats *st, const char *id,
    const char *due, const char *lead, const char *kind, const char *rcpt,
    const char *lang, long long send_at, int skipped, const char *note,
    long long now, char **cause)
{
	struct outbox_row	 r;
	int			 rc;

	memset(&r, 0, sizeof r);
	snprintf(r.key, sizeof r.key, "%s|%s|%s|%s", id, due, lead, rcpt);
	snprintf(r.deadline, sizeof r.deadline, "%s", id);
	snprintf(r.due, sizeof r.due, "%s", due);
	snprintf(r.lead, sizeof r.lead, "%s", lead);
	snprintf(r.recipient, sizeof r.recipient, "%s", rcpt);
	snprintf(r.language, sizeof r.language, "%s", lang);
	snprintf(r.kind, sizeof r.kind, "%s", kind);
	snprintf(r.state, sizeof r.state, "%s", skipped ? "skipped" : "pending");
	message_id(d, r.key, r.message_id, sizeof r.message_id);
	r.send_at = send_at;
	r.next_attempt = d->conf->digest && strcmp(kind, "reminder") == 0 ?
	    digest_time(d->conf, send_at) : send_at;
	r.created = now;
	r.note = (char *)note;
	rc = store_outbox_add(d->store, &r, cause);
	if (rc == 1) {
		if (skipped) {
			st->skipped++;
			log_info("reminder %s skipped: its send time is "
			    "further back than catch_up", r.key);
		} else
			st->queued++;
	}
	return rc == -1 ? -1 : 0;
}

/* The reminder schedule of the configuration. */
static void
policy(const struct conf *c, struct remind_policy *pol)
{
	memset(pol, 0, sizeof *pol);
	memcpy(pol->lead, c->lead, sizeof pol->lead);
	pol->nlead = c->nlead;
	memcpy(pol->milestone_lead, c->milestone_lead,
	    sizeof pol->milestone_lead);
	pol->nmilestone_lead = c->nmilestone_lead;
	pol->working_days_only = c->working_days_only;
	pol->overdue_every = c->overdue_every;
	pol->chair_after = c->chair_after;
}

/* Queue the reminders of one deadline that fall due by now. */
static int
queue_deadline(struct dispatch *d, struct service *sv, size_t idx,
    long long now, long long cutoff, int today, struct dispatch_stats *st,
    char **cause)
{
	const struct conf		*c = d->conf;
	const struct deadline		*dl = &service_deadlines(sv)->v[idx];
	struct remind_policy		 pol;
	struct remind_slot		 slots[MAX_SLOTS];
	const struct coordinator	*co;
	size_t				 n, nco;
	char				 due[DATE_STRLEN];

	policy(c, &pol);
	date_format(dl->due, due);
	n = remind_slots(&pol, c->holidays, dl, today - LOOKBACK_DAYS, today,
	    slots, MAX_SLOTS);
	co = service_coordinators(sv, &nco);
	for (size_t i = 0; i < n; i++) {
		long long	 at = clock_local_time(slots[i].send_date,
		    c->send_at, c->timezone);
		int		 skipped = at < cutoff;

		if (at > now)
			continue;
		for (size_t j = 0; j < nco; j++) {
			if (coordinator_role(&co[j], dl->inst->code) == NULL)
				continue;
			if (queue_row(d, st, dl->id, due, slots[i].lead,
			    "reminder", co[j].email, co[j].language, at, skipped,
			    NULL, now, cause) == -1)
				return -1;
		}
		if (slots[i].to_chair && c->chair != NULL &&
		    queue_row(d, st, dl->id, due, slots[i].lead, "reminder",
		    c->chair, c->language, at, skipped, NULL, now, cause) == -1)
			return -1;
	}
	return 0;
}

/* A due date that moved: pending reminders go, a change notice comes. */
static int
queue_change(struct dispatch *d, struct service *sv, size_t idx, long long now,
    long long cutoff, struct dispatch_stats *st, char **cause)
{
	const struct deadline		*dl = &service_deadlines(sv)->v[idx];
	const struct coordinator	*co;
	size_t				 nco;
	long long			 modified;
	int				 seq, n;
	char				 due[DATE_STRLEN], prev[DATE_STRLEN];
	char				 lead[REMIND_LEAD_MAX], *note;

	date_format(dl->due, due);
	if ((n = store_outbox_supersede(d->store, dl->id, due, cause)) == -1)
		return -1;
	st->superseded += n;
	service_published(sv, idx, &seq, &modified);
	if (seq == 0 || modified < cutoff || dl->rule->type == RULE_MILESTONE)
		return 0;
	store_version_previous_due(d->store, dl->id, prev, sizeof prev);
	if (prev[0] == '\0' || strcmp(prev, due) == 0)
		return 0;
	snprintf(lead, sizeof lead, "change-%d", seq);
	note = xasprintf("%s", prev);
	co = service_coordinators(sv, &nco);
	for (size_t j = 0; j < nco; j++) {
		if (coordinator_role(&co[j], dl->inst->code) == NULL)
			continue;
		if (queue_row(d, st, dl->id, due, lead, "change", co[j].email,
		    co[j].language, modified, 0, note, now, cause) == -1) {
			free(note);
			return -1;
		}
	}
	free(note);
	return 0;
}

static char *
template(const struct dispatch *d, const char *lang, const char *name,
    char **cause)
{
	char	*path = xasprintf("%s/%s/%s", d->conf->templates, lang, name);
	char	*text = read_file(path, cause);

	free(path);
	return text;
}

/* Milestones still ahead of the deadline (or of its parent). */
static char *
milestones_ahead(const struct service *sv, const struct deadline *dl,
    const char *lang)
{
	const struct deadlines	*all = service_deadlines(sv);
	const char		*parent = dl->parent[0] ? dl->parent : dl->id;
	struct buf		 b;
	char			 date[DATE_STRLEN], label[256];

	buf_init(&b, 16 * 1024);
	for (size_t i = 0; i < all->n; i++) {
		const struct deadline	*m = &all->v[i];

		if (m == dl || strcmp(m->parent, parent) != 0 ||
		    m->status != STATUS_OPEN ||
		    m->due < service_today(sv))
			continue;
		buf_printf(&b, "- %s  %s\n", date_format(m->due, date),
		    engine_label(m, lang, label, sizeof label));
	}
	if (b.len == 0)
		buf_puts(&b, strcmp(lang, "nl") == 0 ? "(geen)\n" : "(none)\n");
	return buf_take(&b);
}

/* Build the whole mail of an outbox row. */
static char *
compose(struct dispatch *d, struct service *sv, const struct outbox_row *r,
    size_t *len, char **cause)
{
	const struct conf		*c = d->conf;
	const char			*lang = strcmp(r->language, "en") == 0 ?
	    "en" : "nl";
	int				 nl = strcmp(lang, "nl") == 0;
	long				 idx = deadline_index(sv, r->deadline);
	const struct deadline		*dl;
	const struct coordinator	*co = find_recipient(sv, r->recipient);
	struct text_ctx			 tc;
	struct ical_event		 ev;
	struct ical_calendar		 cal;
	struct message			 m;
	char	*subj_t = NULL, *txt_t = NULL, *html_t = NULL, *subject = NULL;
	char	*text = NULL, *html = NULL, *desc = NULL, *ms = NULL, *ics = NULL;
	char	*sum = NULL, *out = NULL, *overview = NULL, *feed = NULL;
	char	 label[256], due_long[64], days[96], uid[37], old_long[64];
	char	 cycle[64];
	int	 left, seq, old;
	long long modified;
	const char *kind = strcmp(r->kind, "change") == 0 ? "change" :
	    strcmp(r->kind, "agenda") == 0 ? "agenda" : "reminder";
	int	 agenda = strcmp(kind, "agenda") == 0;
	char	*agenda_text = NULL;

	if (idx < 0) {
		*cause = xasprintf("deadline %s no longer exists", r->deadline);
		return NULL;
	}
	dl = &service_deadlines(sv)->v[idx];
	{
		char	 cur[DATE_STRLEN];

		/* Met, or moved, while the row waited: nothing to remind of. */
		if (strcmp(r->kind, "change") != 0 && !agenda &&
		    (!remind_applies(dl) ||
		    strcmp(date_format(dl->due, cur), r->due) != 0)) {
			*cause = xasprintf("%s is %s now", r->deadline,
			    remind_applies(dl) ? "due on another date" :
			    engine_status_name(dl->status));
			return NULL;
		}
	}
	service_text_ctx(sv, &tc);
	engine_label(dl, lang, label, sizeof label);
	text_long_date(dl->due, lang, due_long, sizeof due_long);
	left = dl->due - service_today(sv);
	if (left > 0)
		snprintf(days, sizeof days, nl ? "nog %d dag%s" : "%d day%s left",
		    left, left == 1 ? "" : (nl ? "en" : "s"));
	else if (left == 0)
		snprintf(days, sizeof days, nl ? "vandaag" : "today");
	else
		snprintf(days, sizeof days, nl ? "%d dag%s te laat" :
		    "%d day%s overdue", -left, -left == 1 ? "" : (nl ? "en" : "s"));
	snprintf(cycle, sizeof cycle, "%s", dl->cycle);
	old_long[0] = '\0';
	if (r->note != NULL) {
		char	*oc = NULL;

		if (date_parse(r->note, &old, &oc) == 0)
			text_long_date(old, lang, old_long, sizeof old_long);
		free(oc);
	}
	desc = text_description(&tc, dl, lang);
	if (agenda && (agenda_text = service_agenda(sv, dl->due, DATE_NONE, 0,
	    lang, AGENDA_TEXT, cause)) == NULL)
		goto done;
	ms = milestones_ahead(sv, dl, lang);
	overview = xasprintf("%s/?lang=%s", c->base_url, lang);
	feed = xasprintf("%s/feeds/instrument/%s.ics", c->base_url,
	    dl->inst->code);
	{
		const struct tmpl_var vars[] = {
			{ "name", co ? co->name : (nl ? "voorzitter van het "
			    "netwerk" : "chair of the network") },
			{ "instrument", dl->inst->code },
			{ "instrument_name", text_instrument(dl->inst, lang) },
			{ "body", dl->inst->body },
			{ "what", label },
			{ "cycle", cycle },
			{ "due", due_long },
			{ "days", days },
			{ "status", text_status(dl->status, lang) },
			{ "confidence", text_confidence(dl->confidence, lang) },
			{ "lead", dl->inst->lead[0] ? text_department(&tc,
			    dl->inst->lead, lang) : (nl ? "nog niet vastgesteld" :
			    "not yet known") },
			{ "milestones", ms },
			{ "overview_url", overview },
			{ "feed_url", feed },
			{ "description", desc },
			{ "old_due", old_long },
			{ "agenda", agenda_text ? agenda_text : "" },
		};
		size_t	 nv = sizeof vars / sizeof *vars;
		char	*tn = xasprintf("%s.subject", kind);
		char	*xn = xasprintf("%s.txt", kind);
		char	*hn = xasprintf("%s.html", kind);

		/* The agenda's HTML is the agenda document itself. */
		if ((subj_t = template(d, lang, tn, cause)) != NULL &&
		    (txt_t = template(d, lang, xn, cause)) != NULL &&
		    (agenda || (html_t = template(d, lang, hn, cause)) != NULL) &&
		    (subject = tmpl_render(subj_t, vars, nv, 0, cause)) != NULL &&
		    (text = tmpl_render(txt_t, vars, nv, 0, cause)) != NULL)
			html = agenda ? service_agenda(sv, dl->due, DATE_NONE, 0,
			    lang, AGENDA_HTML, cause) :
			    tmpl_render(html_t, vars, nv, 1, cause);
		free(tn);
		free(xn);
		free(hn);
	}
	if (html == NULL)
		goto done;
	subject[strcspn(subject, "\r\n")] = '\0';
	/* The deadline as an event: the feed's UID, so calendars match. */
	service_published(sv, (size_t)idx, &seq, &modified);
	sum = text_summary(dl, lang);
	memset(&ev, 0, sizeof ev);
	ev.d = dl;
	ev.uid = hash_uuid(dl->id, uid);
	ev.summary = sum;
	ev.description = agenda ? agenda_text : desc;
	ev.url = c->base_url;
	ev.sequence = seq;
	ev.modified = (time_t)modified;
	memset(&cal, 0, sizeof cal);
	cal.method = "PUBLISH";
	cal.lang = lang;
	ics = ical_calendar(&cal, &ev, 1);
	memset(&m, 0, sizeof m);
	m.from = c->mail_from;
	m.from_name = sender_name(nl);
	m.to = r->recipient;
	m.to_name = co ? co->name : NULL;
	m.subject = subject;
	m.message_id = r->message_id;
	m.date = r->send_at;
	m.text = text;
	m.html = html;
	m.ics = ics;
	m.ics_name = agenda ? (nl ? "bijeenkomst.ics" : "meeting.ics") :
	    "deadline.ics";
	m.ics_method = "PUBLISH";
	m.language = lang;
	out = message_build(&m, len, cause);
done:
	free(subj_t);
	free(txt_t);
	free(html_t);
	free(subject);
	free(text);
	free(html);
	free(desc);
	free(ms);
	free(ics);
	free(sum);
	free(agenda_text);
	free(overview);
	free(feed);
	return out;
}

/* Exponential backoff with jitter: about 1, 2, 4 ... 128 minutes. */
static long long
backoff(int attempts)
{
	unsigned int	 r = 0;
	long long	 base = 60LL << (attempts > 7 ? 7 : attempts);

	hash_random(&r, sizeof r);
	return base + (long long)(r % (unsigned int)(base / 2 + 1));
}

static int
send_row(struct dispatch *d, struct service *sv, const struct outbox_row *r,
    long long now, struct dispatch_stats *st, char **cause)
{
	char			 reply[512], cur[DATE_STRLEN];
	char			*data, *why = NULL;
	size_t			 len;
	enum smtp_result	 res;

	if ((data = compose(d, sv, r, &len, &why)) == NULL) {
		/* Nothing to send any more, or a broken template. */
		long	 i = deadline_index(sv, r->deadline);
		int	 gone = i < 0 || (strcmp(r->kind, "change") != 0 &&
		    (!remind_applies(&service_deadlines(sv)->v[i]) ||
		    strcmp(date_format(service_deadlines(sv)->v[i].due, cur),
		    r->due) != 0));

		log_warnx("reminder %s %s: %s", r->key, gone ? "superseded" :
		    "failed", why);
		store_outbox_mark(d->store, r->key, gone ? "superseded" : "failed",
		    0, why, 0, cause);
		free(why);
		gone ? st->superseded++ : st->failed++;
		return 0;
	}
	/* Committed before the message leaves: a crash resends, same ID. */
	if (store_outbox_mark(d->store, r->key, "sending", 0, NULL, 0,
	    cause) == -1) {
		free(data);
		return -1;
	}
	reply[0] = '\0';
	res = transport_send(d, r->key, r->recipient, data, len, reply,
	    sizeof reply);
	free(data);
	switch (res) {
	case SMTP_SENT:
		st->sent++;
		log_info("reminder %s sent: %s", r->key, reply);
		return store_outbox_mark(d->store, r->key, "sent", 0, reply, now,
		    cause);
	case SMTP_TEMPORARY:
		if (r->attempts + 1 >= MAX_ATTEMPTS) {
			st->failed++;
			log_warnx("reminder %s failed after %d attempts: %s",
			    r->key, r->attempts + 1, reply);
			return store_outbox_mark(d->store, r->key, "failed", 0,
			    reply, 0, cause);
		}
		st->retried++;
		log_info("reminder %s deferred: %s", r->key, reply);
		return store_outbox_mark(d->store, r->key, "pending",
		    now + backoff(r->attempts), reply, 0, cause);
	case SMTP_PERMANENT:
		st->failed++;
		log_warnx("reminder %s refused: %s", r->key, reply);
		return store_outbox_mark(d->store, r->key, "failed", 0, reply, 0,
		    cause);
	case SMTP_CONFIG:
		/* Fix the configuration; every due row waits an hour for it. */
		store_outbox_mark(d->store, r->key, "pending", now + 3600, reply,
		    0, cause);
		store_outbox_defer(d->store, now, now + 3600, cause);
		*cause = xasprintf("mail transport: %s (check [mail]; reminders "
		    "stay queued)", reply);
		return -1;
	}
	return 0;
}

/* Mark a row of a digest; its key is cleared once handled. */
static int
digest_mark(struct dispatch *d, struct outbox_row *r, const char *state,
    long long next, const char *reply, long long sent, char **cause)
{
	int	 rc = store_outbox_mark(d->store, r->key, state, next, reply, sent,
	    cause);

	r->key[0] = '\0';
	return rc;
}

/*
 * One mail with every due reminder of a recipient (rows[0..n) holds them
 * among others, found by recipient). Rows whose deadline was met or moved
 * are withdrawn. The Message-ID derives from the set of keys.
 */
static int
send_digest(struct dispatch *d, struct service *sv, struct outbox_row *rows,
    size_t n, const char *rcpt, size_t count, long long now,
    struct dispatch_stats *st, char **cause)
{
	const struct conf		*c = d->conf;
	const struct coordinator	*co = find_recipient(sv, rcpt);
	const char			*lang = co && strcmp(co->language, "en") == 0 ?
	    "en" : "nl";
	int				 nl = strcmp(lang, "nl") == 0;
	struct outbox_row		**mine = xcalloc(count, sizeof *mine);
	struct ical_event		*ev = xcalloc(count, sizeof *ev);
	char				(*uids)[37] = xcalloc(count, sizeof *uids);
	struct buf			 items, keys;
	struct ical_calendar		 cal;
	struct message			 m;
	size_t				 k = 0, len;
	char	*subj_t = NULL, *txt_t = NULL, *html_t = NULL, *subject = NULL;
	char	*text = NULL, *html = NULL, *ics = NULL, *data = NULL;
	char	 reply[512], mid[128], number[24], rcptcopy[256], *overview;
	enum smtp_result res;
	int	 rc = 0;

	snprintf(rcptcopy, sizeof rcptcopy, "%s", rcpt);
	buf_init(&items, 256 * 1024);
	buf_init(&keys, 256 * 1024);
	for (size_t i = 0; i < n && k < count; i++) {
		struct outbox_row	*r = &rows[i];
		long			 idx;
		const struct deadline	*dl;
		char			 due[DATE_STRLEN], label[256], dlong[64];
		int			 left;

		if (r->key[0] == '\0' || strcmp(r->kind, "reminder") != 0 ||
		    strcasecmp(r->recipient, rcptcopy) != 0)
			continue;
		idx = deadline_index(sv, r->deadline);
		dl = idx < 0 ? NULL : &service_deadlines(sv)->v[idx];
		if (dl == NULL || !remind_applies(dl) ||
		    strcmp(date_format(dl->due, due), r->due) != 0) {
			st->superseded++;
			if (digest_mark(d, r, "superseded", 0, "no longer due", 0,
			    cause) == -1)
				goto out;
			continue;
		}
		mine[k] = r;
		left = dl->due - service_today(sv);
		buf_printf(&items, "- %s (%s%d %s): %s: %s%s%s\n",
		    text_long_date(dl->due, lang, dlong, sizeof dlong),
		    left < 0 ? "-" : "", left < 0 ? -left : left,
		    nl ? "dagen" : "days", dl->inst->code,
		    engine_label(dl, lang, label, sizeof label),
		    dl->cycle[0] ? ", " : "", dl->cycle[0] ? dl->cycle : "");
		buf_printf(&keys, "%s\n", r->key);
		ev[k].d = dl;
		ev[k].uid = hash_uuid(dl->id, uids[k]);
		ev[k].summary = text_summary(dl, lang);
		ev[k].url = c->base_url;
		{
			long long	 mod;

			service_published(sv, (size_t)idx, &ev[k].sequence, &mod);
			ev[k].modified = (time_t)mod;
		}
		k++;
	}
	if (k == 0)
		goto out;
	message_id(d, keys.p, mid, sizeof mid);
	snprintf(number, sizeof number, "%zu", k);
	overview = xasprintf("%s/?lang=%s", c->base_url, lang);
	{
		const struct tmpl_var vars[] = {
			{ "name", co ? co->name : rcptcopy },
			{ "count", number },
			{ "items", items.p },
			{ "overview_url", overview },
		};
		size_t	 nv = sizeof vars / sizeof *vars;

		if ((subj_t = template(d, lang, "digest.subject", cause)) != NULL &&
		    (txt_t = template(d, lang, "digest.txt", cause)) != NULL &&
		    (html_t = template(d, lang, "digest.html", cause)) != NULL &&
		    (subject = tmpl_render(subj_t, vars, nv, 0, cause)) != NULL &&
		    (text = tmpl_render(txt_t, vars, nv, 0, cause)) != NULL)
			html = tmpl_render(html_t, vars, nv, 1, cause);
	}
	free(overview);
	if (html == NULL) {
		log_warnx("digest for %s failed: %s", rcptcopy, *cause);
		for (size_t i = 0; i < k; i++)
			store_outbox_mark(d->store, mine[i]->key, "failed", 0,
			    *cause, 0, &(char *){ NULL });
		st->failed += (int)k;
		free(*cause);
		*cause = NULL;
		goto out;
	}
	subject[strcspn(subject, "\r\n")] = '\0';
	memset(&cal, 0, sizeof cal);
	cal.method = "PUBLISH";
	cal.lang = lang;
	ics = ical_calendar(&cal, ev, k);
	memset(&m, 0, sizeof m);
	m.from = c->mail_from;
	m.from_name = sender_name(nl);
	m.to = rcptcopy;
	m.to_name = co ? co->name : NULL;
	m.subject = subject;
	m.message_id = mid;
	m.date = mine[0]->next_attempt;
	m.text = text;
	m.html = html;
	m.ics = ics;
	m.ics_name = nl ? "termijnen.ics" : "deadlines.ics";
	m.ics_method = "PUBLISH";
	m.language = lang;
	if ((data = message_build(&m, &len, cause)) == NULL)
		goto out_fail;
	for (size_t i = 0; i < k; i++)
		if (store_outbox_mark(d->store, mine[i]->key, "sending", 0, NULL, 0,
		    cause) == -1)
			goto out_fail;
	reply[0] = '\0';
	res = transport_send(d, keys.p, rcptcopy, data, len, reply, sizeof reply);
	for (size_t i = 0; i < k && rc == 0; i++) {
		struct outbox_row	*r = mine[i];

		switch (res) {
		case SMTP_SENT:
			st->sent++;
			rc = digest_mark(d, r, "sent", 0, reply, now, cause);
			break;
		case SMTP_TEMPORARY:
			st->retried++;
			rc = digest_mark(d, r, r->attempts + 1 >= MAX_ATTEMPTS ?
			    "failed" : "pending", now + backoff(r->attempts),
			    reply, 0, cause);
			break;
		case SMTP_PERMANENT:
			st->failed++;
			rc = digest_mark(d, r, "failed", 0, reply, 0, cause);
			break;
		case SMTP_CONFIG:
			rc = digest_mark(d, r, "pending", now + 3600, reply, 0,
			    cause);
			break;
		}
	}
	log_info("digest of %zu reminders for %s: %s", k, rcptcopy, reply);
	if (res == SMTP_CONFIG && rc == 0) {
		store_outbox_defer(d->store, now, now + 3600, cause);
		*cause = xasprintf("mail transport: %s (check [mail]; reminders "
		    "stay queued)", reply);
		rc = -1;
	}
	goto out;
out_fail:
	rc = -1;
out:
	for (size_t i = 0; i < k; i++) {
		free((char *)ev[i].summary);
		mine[i]->key[0] = '\0';
	}
	free(mine);
	free(ev);
	free(uids);
	buf_free(&items);
	buf_free(&keys);
	free(subj_t);
	free(txt_t);
	free(html_t);
	free(subject);
	free(text);
	free(html);
	free(ics);
	free(data);
	return rc;
}

/*
 * The draft agenda goes to every coordinator agenda_before the network
 * meeting, once: the outbox key names the meeting and its date.
 */
static int
queue_agenda(struct dispatch *d, struct service *sv, long long now,
    long long cutoff, struct dispatch_stats *st, char **cause)
{
	const struct conf		*c = d->conf;
	const struct deadline		*m = service_next_meeting(sv);
	const struct coordinator	*co;
	size_t				 nco;
	long long			 at;
	char				 due[DATE_STRLEN];

	/* Only for a date the chair fixed: not for the rule's placeholder. */
	if (m == NULL || m->confidence != CONF_CONFIRMED ||
	    duration_is_zero(&c->agenda_before))
		return 0;
	at = clock_local_time(date_add(m->due, &c->agenda_before, -1),
	    c->send_at, c->timezone);
	if (at > now)
		return 0;
	date_format(m->due, due);
	co = service_coordinators(sv, &nco);
	for (size_t j = 0; j < nco; j++)
		if (queue_row(d, st, m->id, due, "agenda", "agenda", co[j].email,
		    co[j].language, at, at < cutoff && now - at > 86400 * 7, NULL,
		    now, cause) == -1)
			return -1;
	return 0;
}

int
dispatch_run(struct dispatch *d, struct service *sv, long long now,
    struct dispatch_stats *st, char **cause)
{
	const struct conf	*c = d->conf;
	const struct deadlines	*dl = service_deadlines(sv);
	struct outbox_row	*rows = NULL;
	size_t			 n = 0;
	int			 today = clock_local_date(now, c->timezone);
	long long		 cutoff;
	int			 rc = 0;

	memset(st, 0, sizeof *st);
	cutoff = now - (long long)(today - date_add(today, &c->catch_up, -1)) *
	    86400;
	if (store_begin(d->store, cause) == -1)
		return -1;
	for (size_t i = 0; i < dl->n; i++) {
		if (!remind_applies(&dl->v[i]))
			continue;
		if (queue_change(d, sv, i, now, cutoff, st, cause) == -1 ||
		    queue_deadline(d, sv, i, now, cutoff, today, st, cause) == -1) {
			store_rollback(d->store);
			return -1;
		}
	}
	if (queue_agenda(d, sv, now, cutoff, st, cause) == -1) {
		store_rollback(d->store);
		return -1;
	}
	if (store_commit(d->store, cause) == -1) {
		store_rollback(d->store);
		return -1;
	}
	if (store_outbox_due(d->store, now, &rows, &n, cause) == -1)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (d->conf->digest && strcmp(rows[i].kind, "reminder") == 0)
			continue;
		rc = send_row(d, sv, &rows[i], now, st, cause);
	}
	/* Digests: the reminders of one recipient together. */
	for (size_t i = 0; i < n && rc == 0 && d->conf->digest; i++) {
		size_t	 m = 0;

		if (strcmp(rows[i].kind, "reminder") != 0 || rows[i].key[0] == '\0')
			continue;
		for (size_t j = i; j < n; j++)
			if (strcmp(rows[j].kind, "reminder") == 0 &&
			    rows[j].key[0] != '\0' &&
			    strcasecmp(rows[j].recipient, rows[i].recipient) == 0)
				m++;
		rc = send_digest(d, sv, rows + i, n - i, rows[i].recipient, m,
		    now, st, cause);
	}
	outbox_free(rows, n);
	return rc;
}

long long
dispatch_next(struct dispatch *d, struct service *sv, long long now)
{
	const struct conf	*c = d->conf;
	const struct deadlines	*dl = service_deadlines(sv);
	struct remind_policy	 pol;
	long long		 next = store_outbox_next(d->store), t;
	int			 today = clock_local_date(now, c->timezone);
	int			 date;

	policy(c, &pol);
	/* Today's send time may still be ahead. */
	t = clock_local_time(today, c->send_at, c->timezone);
	date = remind_next_date(&pol, c->holidays, dl->v, dl->n, today - 1);
	if (date == today && t > now && (next == 0 || t < next))
		next = t;
	date = remind_next_date(&pol, c->holidays, dl->v, dl->n, today);
	if (date != DATE_NONE) {
		t = clock_local_time(date, c->send_at, c->timezone);
		if (next == 0 || t < next)
			next = t;
	}
	/* The agenda of the next meeting. */
	{
		const struct deadline	*m = service_next_meeting(sv);

		if (m != NULL && m->confidence == CONF_CONFIRMED &&
		    !duration_is_zero(&c->agenda_before)) {
			t = clock_local_time(date_add(m->due, &c->agenda_before,
			    -1), c->send_at, c->timezone);
			if (t > now && (next == 0 || t < next))
				next = t;
		}
	}
	return next;
}

int
dispatch_send_test(struct dispatch *d, const char *address, long long now,
    char **cause)
{
	const struct conf	*c = d->conf;
	struct message		 m;
	char			 mid[128], reply[512], *data, *key;
	size_t			 len;
	enum smtp_result	 res;
	int			 nl = strcmp(c->language, "nl") == 0;

	if (!message_address_ok(address)) {
		*cause = xasprintf("'%s' is not an e-mail address", address);
		return -1;
	}
	key = xasprintf("test|%lld|%s", now, address);
	message_id(d, key, mid, sizeof mid);
	memset(&m, 0, sizeof m);
	m.from = c->mail_from;
	m.from_name = sender_name(nl);
	m.to = address;
	m.subject = nl ? "Testbericht van treatyd" : "Test message from treatyd";
	m.message_id = mid;
	m.date = now;
	m.text = nl ? "Dit is een testbericht. Als u dit leest, kan treatyd u "
	    "herinneringen sturen.\n" : "This is a test message. If you can "
	    "read it, treatyd can send you reminders.\n";
	m.language = c->language;
	if ((data = message_build(&m, &len, cause)) == NULL) {
		free(key);
		return -1;
	}
	res = transport_send(d, key, address, data, len, reply, sizeof reply);
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
