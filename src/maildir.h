/*
 * Delivery into a Maildir (the demo's outbox): written to tmp/, synced,
 * renamed into new/. The file name comes from the caller's unique key,
 * so delivering the same message again replaces it: never two copies.
 */
#ifndef TREATYD_MAILDIR_H
#define TREATYD_MAILDIR_H

#include <stddef.h>

/* Create DIR/{tmp,new,cur} when missing. -1 with *cause. */
int	 maildir_prepare(const char *dir, char **cause);
/* Deliver data under a key made of [A-Za-z0-9._-]. -1 with *cause. */
int	 maildir_deliver(const char *dir, const char *key, const char *data,
	    size_t len, char **cause);

/*
 * Remove (with dry_run: count only) the messages treatyd delivered, in
 * DIR/new and DIR/cur, last written before `before` (UNIX time): files
 * named as maildir_deliver names them for treatyd (64 hex digits, in
 * cur/ with a ":2,..." suffix a reader added). Other files stay. *n the
 * files; a missing directory holds none. -1 with *cause.
 */
int	 maildir_prune(const char *dir, long long before, int dry_run,
	    size_t *n, char **cause);

#endif
