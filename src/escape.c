#include "config.h"

#include <string.h>

#include "buf.h"
#include "escape.h"

#define REPLACEMENT	"\xEF\xBF\xBD"		/* U+FFFD */

void
escape_html_n(struct buf *b, const char *s, size_t len)
{
	const char	*run = s, *end = s + len;

	for (; s < end; s++) {
		unsigned char	 c = (unsigned char)*s;
		const char	*rep;

		switch (c) {
		case '&':	rep = "&amp;"; break;
		case '<':	rep = "&lt;"; break;
		case '>':	rep = "&gt;"; break;
		case '"':	rep = "&quot;"; break;
		case '\'':	rep = "&#39;"; break;
		case '\t':
		case '\n':
		case '\r':	continue;
		default:
			if (c >= 0x20 && c != 0x7f)
				continue;
			rep = REPLACEMENT;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

void
escape_html(struct buf *b, const char *s)
{
	escape_html_n(b, s, strlen(s));
}
