/* JSON documents through jansson, the only file that includes it. */
#ifndef TREATYD_JSONOUT_H
#define TREATYD_JSONOUT_H

#include <stddef.h>

struct deadline;
struct fact;

/*
 * The deadlines as a JSON array, one object each, labels in lang.
 * Returns a string the caller frees, or NULL with *cause (caller frees)
 * naming the deadline and key whose text is not UTF-8: a document is
 * never written with a value left out.
 */
char	*jsonout_deadlines(const struct deadline *, size_t n, const char *lang,
	    char **cause);
/* Facts as a JSON array, superseded ones flagged; NULL with *cause as
 * above. */
char	*jsonout_facts(const struct fact *, size_t n, const struct fact *all,
	    size_t nall, char **cause);

#endif
