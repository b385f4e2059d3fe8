/*
 * Reminder dispatch, one pass: the planner says which mails fall due,
 * the outbox queues them once, the composer builds each mail and the
 * sender hands it to the transport (SMTP or a Maildir) and records the
 * result. Each row is marked "sending" and committed before the message
 * leaves, and its Message-ID derives from its key, so a crash at any
 * point loses nothing and a resend is the same message.
 */
#ifndef TREATYD_DISPATCH_H
#define TREATYD_DISPATCH_H

#include "outbox.h"
#include "planner.h"

struct conf;
struct coordinator;
struct outbox_row;
struct service;
struct store;

struct dispatch;

struct dispatch	*dispatch_new(const struct conf *, struct store *);
void		 dispatch_free(struct dispatch *);
/*
 * One pass at `now` over the service's current deadlines. -1 with *cause
 * on a store error or a transport configuration error (login refused,
 * no STARTTLS): the rows stay pending.
 */
int		 dispatch_run(struct dispatch *, struct service *, long long now,
		    struct outbox_stats *, char **cause);
/* When the next pass is due (UNIX time), or 0 when nothing is planned. */
long long	 dispatch_next(struct dispatch *, struct service *, long long now);
/*
 * A mail of its own to one coordinator, sent at once and recorded as
 * sent: the welcome (MAIL_WELCOME) or a new feed address (MAIL_FEED),
 * with their feed's address, which is not kept anywhere. -1 with *cause
 * when it could not be sent (nothing recorded).
 */
int		 dispatch_direct(struct dispatch *, struct service *,
		    enum mail_kind, const struct coordinator *,
		    const char *feed_url, long long now, char **cause);
/* That mail composed, and in *row the outbox row that records it once
 * sent (sender_direct); NULL with *cause. Caller clears and frees. */
char		*dispatch_direct_mail(const struct conf *, struct service *,
		    enum mail_kind, const struct coordinator *,
		    const char *feed_url, long long now, struct outbox_row *row,
		    size_t *len, char **cause);
/* One test message to address through the transport; -1 with *cause. */
int		 dispatch_send_test(struct dispatch *, const char *address,
		    long long now, char **cause);

#endif
