/*
 * The sender: hands a composed mail to the transport (SMTP through the
 * smtp adapter, or a Maildir) and records the result on each outbox row
 * the mail carries, by one path for every kind of mail. Rows are
 * committed as sending before the message leaves, so a crash resends
 * the same message and never loses one.
 */
#ifndef TREATYD_SENDER_H
#define TREATYD_SENDER_H

#include <stddef.h>

#include "outbox.h"
#include "smtp.h"
#include "store.h"

struct conf;
struct outbox_row;
struct store;

#define SENDER_MAX_ATTEMPTS	8	/* temporary failures before giving up */
#define SENDER_CONFIG_WAIT	3600	/* a transport configuration error */

struct sender;

struct sender	*sender_new(const struct conf *, struct store *);
void		 sender_free(struct sender *);
/* Hand one message to the transport; the server's reply (or the reason)
 * goes to reply. */
enum smtp_result sender_transmit(struct sender *, const char *key,
		    const char *rcpt, const char *data, size_t len, char *reply,
		    size_t rlen);
/*
 * A mail outside the schedule (a sign-in link, a welcome), transmitted
 * now; when row is not NULL, recorded in the outbox as sent at now once
 * the transport took it. -1 with *cause when it was not sent ("refused:
 * …", "temporary failure: …", "configuration problem: …") or could not
 * be recorded.
 */
int		 sender_direct(struct sender *, const char *key,
		    const char *rcpt, const char *data, size_t len,
		    struct outbox_row *row, long long now, char **cause);
/* One composed mail of a batch, made of rows[0..n) of one recipient. */
struct sender_mail {
	struct outbox_row	**rows;
	size_t			 n;
	char			*what;		/* names it in the log */
	char			*key;		/* its name in a Maildir */
	char			 mail_id[OUTBOX_MID_MAX];	/* Message-ID */
	char			*data;
	size_t			 len;
	char			*ack_hash;	/* acknowledgement or NULL */
};

/* Mails marked sending, then recorded, at once. */
#define SENDER_BATCH	20

/*
 * Deliver mails v[0..n): every row marked sending (with its mail's
 * Message-ID and acknowledgement hash) in one transaction committed
 * before any mail leaves, so that a crash resends the batch's mails with
 * the same Message-IDs and never loses a row; then each mail to the
 * transport; then every row's result in one transaction: sent, pending
 * again with backoff (a temporary failure, up to SENDER_MAX_ATTEMPTS), or
 * failed. -1 with *cause on a store error or a transport configuration
 * error, after which every due row waits SENDER_CONFIG_WAIT (or until the
 * configuration is loaded again).
 */
int		 sender_deliver(struct sender *, const struct sender_mail *v,
		    size_t n, long long now, struct outbox_stats *,
		    char **cause);
/* Rows that will not be sent: superseded (no longer due) or failed (why),
 * logged once. -1 with *cause on a store error. */
int		 sender_drop(struct sender *, struct outbox_row *const *rows,
		    size_t n, int superseded, const char *what, const char *why,
		    struct outbox_stats *, char **cause);

#endif
