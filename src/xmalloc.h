/* Allocation that never returns NULL: running out of memory is fatal. */
#ifndef TREATYD_XMALLOC_H
#define TREATYD_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
/* Duplicate s, or return NULL when s is NULL. */
char	*xstrdup_or_null(const char *);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
