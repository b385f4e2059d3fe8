/* The sender: transport and the result of every kind of mail. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "hash.h"
#include "log.h"
#include "maildir.h"
#include "sender.h"
#include "store.h"
#include "xmalloc.h"

struct sender {
	const struct conf	*conf;
	struct store		*store;
	struct smtp		*smtp;		/* opened on first use */
	char			*password;
	int			 unreachable;	/* the server did not answer */
};

struct sender *
sender_new(const struct conf *conf, struct store *store)
{
	struct sender	*s = xcalloc(1, sizeof *s);

	s->conf = conf;
	s->store = store;
	return s;
}

void
sender_free(struct sender *s)
{
	if (s == NULL)
		return;
	smtp_free(s->smtp);
	if (s->password != NULL) {
		explicit_bzero(s->password, strlen(s->password));
		free(s->password);
	}
	free(s);
}

/* The SMTP connection, opened once. */
static enum smtp_result
open_smtp(struct sender *s, char *reply, size_t rlen)
{
	const struct conf	*c = s->conf;
	struct smtp_conf	 sc;
	char			*cause = NULL;

	if (s->password == NULL &&
	    (s->password = conf_mail_password(c, &cause)) == NULL)
		goto fail;
	memset(&sc, 0, sizeof sc);
	sc.url = c->transport;
	sc.username = c->mail_username;
	sc.password = c->mail_username != NULL ? s->password : NULL;
	sc.tls = (enum smtp_tls)c->mail_starttls;
	sc.timeout = c->mail_timeout;
	sc.cainfo = c->mail_cainfo;
	if ((s->smtp = smtp_new(&sc, &cause)) == NULL)
		goto fail;
	return SMTP_SENT;
fail:
	snprintf(reply, rlen, "%s", cause);
	free(cause);
	return SMTP_CONFIG;
}

enum smtp_result
sender_transmit(struct sender *s, const char *key, const char *rcpt,
    const char *data, size_t len, char *reply, size_t rlen)
{
	const char		*t = s->conf->transport;
	char			*cause = NULL, name[HASH_HEXLEN];
	enum smtp_result	 res;

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
	if (s->smtp == NULL && open_smtp(s, reply, rlen) == SMTP_CONFIG)
		return SMTP_CONFIG;
	/* After silence, the rest of the pass waits at once instead of each
	 * mail timing out in turn. */
	if (s->unreachable) {
		snprintf(reply, rlen, "not tried: the mail server did not "
		    "answer an earlier mail of this pass");
		return SMTP_UNREACHABLE;
	}
	if ((res = smtp_send(s->smtp, s->conf->mail_from, rcpt, data, len,
	    reply, rlen)) == SMTP_UNREACHABLE)
		s->unreachable = 1;
	return res;
}

int
sender_direct(struct sender *s, const char *key, const char *rcpt,
    const char *data, size_t len, struct outbox_row *row, long long now,
    char **cause)
{
	char			 reply[512];
	enum smtp_result	 res;

	res = sender_transmit(s, key, rcpt, data, len, reply, sizeof reply);
	if (res != SMTP_SENT) {
		*cause = xasprintf("%s: %s", res == SMTP_CONFIG ?
		    "configuration problem" : res == SMTP_PERMANENT ?
		    "refused" : "temporary failure", reply);
		return -1;
	}
	if (row == NULL)
		return 0;
	row->state = OUTBOX_SENT;
	row->send_at = row->next_attempt = row->created = row->sent_at = now;
	row->attempts = 1;
	row->last_reply = reply;
	if (store_outbox_add(s->store, row, cause) == -1) {
		row->last_reply = NULL;
		return -1;
	}
	row->last_reply = NULL;
	return 0;
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

/* Record the transport's result on one row. */
static int
record(struct sender *s, const struct outbox_row *r, enum smtp_result res,
    const char *reply, long long now, struct outbox_stats *st, char **cause)
{
	switch (res) {
	case SMTP_SENT:
		st->sent++;
		return store_outbox_mark(s->store, r->key, OUTBOX_SENT, 0, reply,
		    now, cause);
	case SMTP_TEMPORARY:
	case SMTP_UNREACHABLE:
		if (r->attempts + 1 >= SENDER_MAX_ATTEMPTS) {
			st->failed++;
			log_err("reminder %s failed after %d attempts: %s",
			    r->key, r->attempts + 1, reply);
			return store_outbox_mark(s->store, r->key, OUTBOX_FAILED,
			    0, reply, 0, cause);
		}
		st->retried++;
		return store_outbox_wait(s->store, r->key,
		    now + backoff(r->attempts), "retry", reply, cause);
	case SMTP_PERMANENT:
		st->failed++;
		return store_outbox_mark(s->store, r->key, OUTBOX_FAILED, 0,
		    reply, 0, cause);
	case SMTP_CONFIG:
		return store_outbox_wait(s->store, r->key,
		    now + SENDER_CONFIG_WAIT, "config", reply, cause);
	}
	return 0;
}

int
sender_deliver(struct sender *s, const struct sender_mail *v, size_t n,
    long long now, struct outbox_stats *st, char **cause)
{
	enum smtp_result	*res;
	char			(*reply)[512];
	long long		 t0;
	int			 config = -1;

	if (n == 0)
		return 0;
	/* Committed before any mail leaves: a crash resends, same IDs. */
	if (store_begin(s->store, cause) == -1)
		return -1;
	for (size_t m = 0; m < n; m++) {
		for (size_t i = 0; i < v[m].n; i++)
			if (store_outbox_sending(s->store, v[m].rows[i]->key,
			    v[m].mail_id, now, cause) == -1)
				goto rollback;
		if (v[m].ack_hash != NULL && store_outbox_set_ack(s->store,
		    v[m].rows[0]->key, v[m].ack_hash, cause) == -1)
			goto rollback;
	}
	if (store_commit(s->store, cause) == -1)
		goto rollback;
	res = xcalloc(n, sizeof *res);
	reply = xcalloc(n, sizeof *reply);
	t0 = clock_monotonic_us();
	for (size_t m = 0; m < n; m++) {
		/* After a configuration error the rest wait for the fix. */
		if (config != -1) {
			res[m] = SMTP_CONFIG;
			snprintf(reply[m], sizeof reply[m], "%s",
			    reply[config]);
			continue;
		}
		res[m] = sender_transmit(s, v[m].key, v[m].rows[0]->recipient,
		    v[m].data, v[m].len, reply[m], sizeof reply[m]);
		st->mails++;
		switch (res[m]) {
		case SMTP_SENT:
			log_info("%s sent: %s", v[m].what, reply[m]);
			break;
		case SMTP_TEMPORARY:
		case SMTP_UNREACHABLE:
			log_warnx("%s deferred: %s", v[m].what, reply[m]);
			break;
		case SMTP_PERMANENT:
			log_err("%s refused: %s", v[m].what, reply[m]);
			break;
		case SMTP_CONFIG:
			config = (int)m;
			break;
		}
	}
	st->wire_us += clock_monotonic_us() - t0;
	if (store_begin(s->store, cause) == -1)
		goto out;
	for (size_t m = 0; m < n; m++)
		for (size_t i = 0; i < v[m].n; i++)
			if (record(s, v[m].rows[i], res[m], reply[m], now, st,
			    cause) == -1) {
				store_rollback(s->store);
				goto out;
			}
	if (store_commit(s->store, cause) == -1) {
		store_rollback(s->store);
		goto out;
	}
	if (config != -1) {
		/* Fix the configuration; every due row waits for it. */
		if (store_outbox_defer(s->store, now, now + SENDER_CONFIG_WAIT,
		    cause) == -1)
			goto out;
		*cause = xasprintf("mail transport: %s (check [mail]; reminders "
		    "stay queued)", reply[config]);
		goto out;
	}
	free(res);
	free(reply);
	return 0;
out:
	free(res);
	free(reply);
	return -1;
rollback:
	store_rollback(s->store);
	return -1;
}

int
sender_drop(struct sender *s, struct outbox_row *const *rows, size_t n,
    int superseded, const char *what, const char *why,
    struct outbox_stats *st, char **cause)
{
	/* A failure at error, for journalctl -p err; no longer due, info. */
	if (superseded)
		log_info("%s superseded: %s", what, why);
	else
		log_err("%s failed: %s", what, why);
	if (store_begin(s->store, cause) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (store_outbox_mark(s->store, rows[i]->key, superseded ?
		    OUTBOX_SUPERSEDED : OUTBOX_FAILED, 0, why, 0, cause) == -1) {
			store_rollback(s->store);
			return -1;
		}
		superseded ? st->superseded++ : st->failed++;
	}
	if (store_commit(s->store, cause) == -1) {
		store_rollback(s->store);
		return -1;
	}
	return 0;
}
