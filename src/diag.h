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

#endif
