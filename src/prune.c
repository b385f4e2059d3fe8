#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "date.h"
#include "maildir.h"
#include "planner.h"
#include "prune.h"
#include "store.h"

int
prune_run(const struct conf *c, struct store *st, long long now,
    int dry_run, struct prune_result *res, char **cause)
{
	long long	 cut;

	memset(res, 0, sizeof *res);
	res->before = planner_prune_before(clock_local_date(now, c->timezone),
	    &c->keep, &c->catch_up);
	cut = clock_local_time(res->before, 0, c->timezone);
	res->maildir = strncmp(c->transport, "maildir:", 8) == 0;
	/* The files first: a failure leaves rows that say what was sent. */
	if (res->maildir && maildir_prune(c->transport + 8, cut, dry_run,
	    &res->files, cause) == -1)
		return -1;
	return store_outbox_prune(st, cut, dry_run, &res->rows, cause);
}

void
prune_describe(const struct prune_result *res, int dry_run, char *buf,
    size_t len)
{
	char	 day[DATE_STRLEN], files[64] = "";

	date_format(res->before, day);
	if (res->maildir)
		snprintf(files, sizeof files, " and %zu mail file%s",
		    res->files, res->files == 1 ? "" : "s");
	snprintf(buf, len, "%s %zu outbox row%s%s older than %s",
	    dry_run ? "would prune" : "pruned", res->rows,
	    res->rows == 1 ? "" : "s", files, day);
}
