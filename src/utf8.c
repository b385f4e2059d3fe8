#include "config.h"

#include "utf8.h"
#include "xmalloc.h"

/* The length of the sequence starting at s, or 0 when it is malformed. */
static size_t
sequence(const unsigned char *s)
{
	unsigned int	 c = s[0], cp, min;
	size_t		 n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else
		return 0;	/* a continuation byte, C0, C1 or F5-FF */
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;	/* also the terminating NUL */
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int
utf8_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	while (*p != '\0') {
		if ((n = sequence(p)) == 0)
			return 0;
		p += n;
	}
	return 1;
}

size_t
utf8_chars(const char *s)
{
	size_t	 n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	return n;
}

int
utf8_check_text(const char *s, size_t max, char **cause)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			*cause = xasprintf("control characters are not allowed");
			return -1;
		}
	if (!utf8_valid(s)) {
		*cause = xasprintf("not valid UTF-8");
		return -1;
	}
	if (utf8_chars(s) > max) {
		*cause = xasprintf("too long (at most %zu characters)", max);
		return -1;
	}
	return 0;
}
