/*
 * Housekeeping: the outbox rows that are done with (sent, failed,
 * skipped, superseded) and the Maildir files treatyd delivered, older
 * than [reminders] keep, go; never a row still to send, nor one the
 * planner could plan again (planner_prune_before), so pruning never
 * makes a reminder go twice.
 */
#ifndef TREATYD_PRUNE_H
#define TREATYD_PRUNE_H

#include <stddef.h>

struct conf;
struct store;

struct prune_result {
	int	 before;	/* local date: what is older went */
	size_t	 rows;
	size_t	 files;
	int	 maildir;	/* the transport is a Maildir */
};

/*
 * Prune as of now (UNIX time); with dry_run count only. 0, or -1 with
 * *cause (what went before the error stays gone; the next run goes on).
 */
int	 prune_run(const struct conf *, struct store *, long long now,
	    int dry_run, struct prune_result *, char **cause);
/* "pruned 120 outbox rows and 118 mail files older than 2024-12-04"
 * ("would prune ..." for a dry run) into buf. */
void	 prune_describe(const struct prune_result *, int dry_run, char *buf,
	    size_t len);

#endif
