/*
 * Reminder dispatch: queue the reminders that are due in the outbox, then
 * send what is pending through the configured transport (SMTP or a
 * Maildir). Each row is marked "sending" and committed before the
 * message leaves, and its Message-ID derives from its key, so a crash at
 * any point loses nothing and a resend is the same message.
 */
#ifndef TREATYD_DISPATCH_H
#define TREATYD_DISPATCH_H

struct conf;
struct service;
struct store;

struct dispatch_stats {
	int	 queued;
	int	 sent;
	int	 retried;
	int	 failed;
	int	 skipped;
	int	 superseded;
};

struct dispatch;

struct dispatch	*dispatch_new(const struct conf *, struct store *);
void		 dispatch_free(struct dispatch *);
/*
 * One pass at `now` over the service's current deadlines. -1 with *cause
 * on a store error or a transport configuration error (login refused,
 * no STARTTLS): the rows stay pending.
 */
int		 dispatch_run(struct dispatch *, struct service *, long long now,
		    struct dispatch_stats *, char **cause);
/* When the next pass is due (UNIX time), or 0 when nothing is planned. */
long long	 dispatch_next(struct dispatch *, struct service *, long long now);
/* One test message to address through the transport; -1 with *cause. */
int		 dispatch_send_test(struct dispatch *, const char *address,
		    long long now, char **cause);

#endif
