#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xmalloc.h"

void
diag_init(struct diag *d)
{
	d->msgs = NULL;
	d->n = d->cap = 0;
}

void
diag_clear(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	diag_init(d);
}

void
diag_add(struct diag *d, const char *file, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *full;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = xstrdup("(out of memory formatting a message)");
	va_end(ap);
	if (line > 0)
		full = xasprintf("%s:%d: %s", file, line, msg);
	else
		full = xasprintf("%s: %s", file, msg);
	free(msg);
	diag_sanitize(full, DIAG_MSG_MAX);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->msgs = xreallocarray(d->msgs, d->cap, sizeof *d->msgs);
	}
	d->msgs[d->n++] = full;
}

void
diag_print(const struct diag *d, FILE *fp, const char *prefix)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(fp, "%s%s\n", prefix ? prefix : "", d->msgs[i]);
}

char *
diag_sanitize(char *msg, size_t max)
{
	size_t	 n;

	for (char *p = msg; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if ((n = strlen(msg)) > max) {
		n = max - 3;
		/* Back to the start of a UTF-8 character. */
		while (n > 0 && ((unsigned char)msg[n] & 0xc0) == 0x80)
			n--;
		memcpy(msg + n, "...", 4);
	}
	return msg;
}
