/* A growable text buffer with a size cap (appends past it are dropped). */
#ifndef TREATYD_BUF_H
#define TREATYD_BUF_H

#include <stddef.h>

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	size_t	 max;		/* the cap on len */
	int	 toobig;	/* an append was refused */
};

void	 buf_init(struct buf *, size_t max);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* The NUL-terminated text, handed over to the caller (frees it). */
char	*buf_take(struct buf *);
void	 buf_free(struct buf *);

#endif
