/*
 * The courier: mails composed while answering a request (a sign-in link,
 * a welcome with its feed address) carried to the transport by a thread
 * of its own, so that no request, and so not the daemon's loop, waits on
 * the mail server. It keeps a copy of the [mail] settings it was made
 * with and its own database connection, and outlives a reload: the old
 * courier finishes what it holds, then ends. What it holds is in memory
 * only (a link or a feed address is never written down in clear); a
 * crash loses it, and the person asks again.
 */
#ifndef TREATYD_COURIER_H
#define TREATYD_COURIER_H

#include <stddef.h>

struct conf;
struct outbox_row;

#define COURIER_QUEUE_MAX	32	/* mails waiting; more are refused */

struct courier;

/* NULL with *cause (caller frees) when the thread cannot start. */
struct courier	*courier_new(const struct conf *, char **cause);
/* After a reload: deliver what waits, then end and free itself. */
void		 courier_retire(struct courier *);
/* At exit: drop what waits (logged), wait for the mail on the wire. */
void		 courier_free(struct courier *);
/*
 * Queue one mail to rcpt (what names it in the log: "sign-in link",
 * "welcome"; key names it in a Maildir). data is taken: cleared and freed
 * by the courier. When row is not NULL, it is recorded in the outbox as
 * sent once the transport took the mail. -1 (data freed) when the queue
 * is full.
 */
int		 courier_send(struct courier *, const char *what,
		    const char *key, const char *rcpt, char *data, size_t len,
		    const struct outbox_row *row);

#endif
