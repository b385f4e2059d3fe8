/* The outbox side of dispatch: planned rows into the store, once. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "engine.h"
#include "hash.h"
#include "log.h"
#include "outbox.h"
#include "remind.h"
#include "store.h"
#include "xmalloc.h"

void
outbox_message_id(const char *from, const char *key, char *out, size_t len)
{
	char		 hex[HASH_HEXLEN];
	const char	*at = strchr(from, '@');

	hash_sha256_hex(key, strlen(key), hex);
	snprintf(out, len, "<%.40s.treatyd@%s>", hex, at ? at + 1 : "localhost");
}

int
outbox_ack_key(struct store *st, unsigned char key[OUTBOX_ACK_KEY_LEN],
    char **cause)
{
	unsigned char	 fresh[OUTBOX_ACK_KEY_LEN];
	int		 rc;

	if ((rc = store_meta(st, "ack-key", key, OUTBOX_ACK_KEY_LEN, NULL,
	    cause)) != 0)
		return rc == 1 ? 0 : -1;
	if (hash_random(fresh, sizeof fresh) == -1) {
		*cause = xasprintf("no randomness for the acknowledgement key");
		return -1;
	}
	rc = store_meta(st, "ack-key", key, OUTBOX_ACK_KEY_LEN, fresh, cause);
	explicit_bzero(fresh, sizeof fresh);
	return rc == 1 ? 0 : -1;
}

void
outbox_ack_token(const unsigned char key[OUTBOX_ACK_KEY_LEN],
    const char *deadline, const char *due, const char *recipient,
    char out[HASH_HEXLEN])
{
	char	*msg = xasprintf("treatyd ack|%s|%s|%s", deadline, due,
	    recipient);

	for (char *p = msg; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');	/* addresses in any case */
	hash_hmac_hex(key, OUTBOX_ACK_KEY_LEN, msg, out);
	free(msg);
}

static int
queue_row(struct store *st, const char *from, const struct plan_row *p,
    long long now, struct outbox_stats *stats, char **cause)
{
	struct outbox_row	 r;
	char			 due[DATE_STRLEN], old[DATE_STRLEN];
	int			 rc;

	const char		*id = p->deadline ? p->deadline->id : "";

	memset(&r, 0, sizeof r);
	date_format(p->due, due);
	if (snprintf(r.key, sizeof r.key, "%s|%s|%s|%s", id, due, p->lead,
	    p->recipient) >= (int)sizeof r.key) {
		log_warnx("%s for %s to %s not queued: its key is too long",
		    mail_kind_name(p->kind), id, p->recipient);
		return 0;
	}
	snprintf(r.deadline, sizeof r.deadline, "%s", id);
	snprintf(r.due, sizeof r.due, "%s", due);
	snprintf(r.lead, sizeof r.lead, "%s", p->lead);
	snprintf(r.recipient, sizeof r.recipient, "%s", p->recipient);
	snprintf(r.language, sizeof r.language, "%s", p->language);
	r.kind = p->kind;
	r.state = p->skipped ? OUTBOX_SKIPPED : OUTBOX_PENDING;
	outbox_message_id(from, r.key, r.message_id, sizeof r.message_id);
	r.send_at = p->send_at;
	r.next_attempt = p->next_attempt;
	r.created = now;
	if (p->old_due != DATE_NONE)
		r.note = date_format(p->old_due, old);
	if ((rc = store_outbox_add(st, &r, cause)) == 1) {
		if (p->skipped) {
			stats->skipped++;
			log_info("reminder %s skipped: its send time is further "
			    "back than catch_up, or a catch-up mail lists it",
			    r.key);
		} else
			stats->queued++;
	}
	return rc == -1 ? -1 : 0;
}

int
outbox_queue(struct store *st, const char *from, const struct deadlines *dl,
    const struct plan_row *rows, size_t n, long long now,
    struct outbox_stats *stats, char **cause)
{
	char	 due[DATE_STRLEN];
	int	 k;

	if (store_begin(st, cause) == -1)
		return -1;
	for (size_t i = 0; i < dl->n; i++) {
		if (!remind_applies(&dl->v[i]))
			continue;
		if ((k = store_outbox_supersede(st, dl->v[i].id,
		    date_format(dl->v[i].due, due), cause)) == -1)
			goto fail;
		stats->superseded += k;
	}
	for (size_t i = 0; i < n; i++)
		if (queue_row(st, from, &rows[i], now, stats, cause) == -1)
			goto fail;
	if (store_commit(st, cause) == -1)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}
