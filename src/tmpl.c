#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "tmpl.h"
#include "xmalloc.h"

#define TMPL_MAX	(256 * 1024)

/* An HTML value: escaped, each line break kept as <br>. */
static void
html_value(struct buf *b, const char *s)
{
	const char	*nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		escape_html_n(b, s, (size_t)(nl - s));
		buf_puts(b, "<br>\n");
		s = nl + 1;
	}
	escape_html(b, s);
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
			html_value(&b, v[i].value ? v[i].value : "");
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
