/*
 * A list of diagnostics, each "file:line: message". Parsers collect every
 * error before failing so the user can fix a file in one pass.
 */
#ifndef TREATYD_DIAG_H
#define TREATYD_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct diag {
	char	**msgs;
	size_t	  n;
	size_t	  cap;
};

void	 diag_init(struct diag *);
void	 diag_clear(struct diag *);
/* Record "file:line: message"; line <= 0 records "file: message". */
void	 diag_add(struct diag *, const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* Write each message on its own line, prefixed with prefix when not NULL. */
void	 diag_print(const struct diag *, FILE *, const char *prefix);
/*
 * Make a message fit one line of a terminal or a log, in place: control
 * characters become '?' (so data cannot forge a line or colour the
 * screen), and a message longer than max bytes (at least 4) is cut at a
 * character boundary with "...". Returns msg.
 */
#define DIAG_MSG_MAX	400	/* an error message for people */
char	*diag_sanitize(char *msg, size_t max);

#endif
