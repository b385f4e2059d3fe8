#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tmpl.h"
#include "xmalloc.h"

#define TMPL_MAX	(256 * 1024)

static void
escape_html(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		case '\n': buf_puts(b, "<br>\n"); break;
		default: buf_add(b, s, 1);
		}
	}
}

char *
tmpl_render(const char *t, const struct tmpl_var *v, size_t n, int html,
    char **cause)
{
	struct buf	 b;
	const char	*p = t, *open, *close;

	buf_init(&b, TMPL_MAX);
	while ((open = strstr(p, "{{")) != NULL) {
		size_t	 len, i;

		buf_add(&b, p, (size_t)(open - p));
		if ((close = strstr(open + 2, "}}")) == NULL) {
			*cause = xasprintf("'{{' without '}}'");
			buf_free(&b);
			return NULL;
		}
		len = (size_t)(close - open - 2);
		for (i = 0; i < n; i++)
			if (strlen(v[i].name) == len &&
			    strncmp(v[i].name, open + 2, len) == 0)
				break;
		if (i == n) {
			*cause = xasprintf("unknown placeholder {{%.*s}}",
			    (int)(len > 40 ? 40 : len), open + 2);
			buf_free(&b);
			return NULL;
		}
		if (html)
			escape_html(&b, v[i].value ? v[i].value : "");
		else
			buf_puts(&b, v[i].value ? v[i].value : "");
		p = close + 2;
	}
	buf_puts(&b, p);
	if (b.toobig) {
		*cause = xasprintf("the text is longer than %d bytes", TMPL_MAX);
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}
