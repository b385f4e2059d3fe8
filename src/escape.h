/*
 * The one HTML escaper, for text and for quoted attribute values alike.
 * Pure.
 *
 * & < > " and ' become &amp; &lt; &gt; &quot; and &#39;. A control
 * character other than tab, line feed and carriage return (the rest of
 * C0, and DEL) becomes U+FFFD, the replacement character: HTML has no
 * use for them, and a visible mark shows where one was instead of
 * joining the words around it. Every other byte, UTF-8 or not, is
 * copied as it is.
 */
#ifndef TREATYD_ESCAPE_H
#define TREATYD_ESCAPE_H

#include <stddef.h>

struct buf;

/* Append s, escaped, to b. */
void	 escape_html(struct buf *, const char *s);
/* Append the len bytes at s, escaped, to b. */
void	 escape_html_n(struct buf *, const char *s, size_t len);

#endif
