/* JSON documents through jansson, the only file that includes it. */
#ifndef TREATYD_JSONOUT_H
#define TREATYD_JSONOUT_H

#include <stddef.h>

struct deadline;
struct fact;

/*
 * The deadlines as a JSON array, one object each, labels in lang.
 * Returns a string the caller frees.
 */
char	*jsonout_deadlines(const struct deadline *, size_t n, const char *lang);
/* Facts as a JSON array; superseded ones flagged. */
char	*jsonout_facts(const struct fact *, size_t n, const struct fact *all,
	    size_t nall);

#endif
