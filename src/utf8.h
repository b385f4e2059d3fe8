/*
 * UTF-8 as treatyd takes it in: well formed (RFC 3629 -- no overlong
 * forms, no surrogates, nothing above U+10FFFF), which is what jansson,
 * iCalendar clients and mail readers need; text that is not is refused
 * where it comes in, never dropped or mangled further down. Pure.
 */
#ifndef TREATYD_UTF8_H
#define TREATYD_UTF8_H

#include <stddef.h>

/* 1 when s is well-formed UTF-8. */
int	 utf8_valid(const char *s);
/* The number of characters (code points) of well-formed s. */
size_t	 utf8_chars(const char *s);
/*
 * A one-line text value from outside (a command-line argument, a key of
 * a seed file): well-formed UTF-8, no control characters, at most max
 * characters. -1 with *cause (caller frees) saying which rule it breaks,
 * for the caller to prefix with where the value came from.
 */
int	 utf8_check_text(const char *s, size_t max, char **cause);

#endif
