#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "inifile.h"
#include "utf8.h"

/* inih asks for one line at a time: counting them here gives the line. */
struct reader {
	const char	*name;
	FILE		*fp;		/* or */
	const char	*text;
	int		 line;
	int		 firstbad;	/* first syntax error reported here */
	inifile_cb	 cb;
	void		*arg;
	struct diag	*dg;
};

/* inih stops counting after its first error; check every line here. */
static void
check_syntax(struct reader *rd, const char *buf)
{
	const char	*p = buf;

	if (*p == ' ' || *p == '\t') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '\r' || *p == '\n' || *p == ';' || *p == '#')
			return;
		return;		/* a continuation line */
	}
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0 && rd->line == 1)
		p += 3;
	if (*p == '\0' || *p == '\r' || *p == '\n' || *p == ';' || *p == '#')
		return;
	if (*p == '[') {
		if (strchr(p, ']') != NULL) {
			if (!utf8_valid(p))
				diag_add(rd->dg, rd->name, rd->line, "section "
				    "header: not valid UTF-8");
			rd->cb(rd->arg, rd->line, NULL, NULL, NULL);
			return;
		}
	} else {
		/* inih's rule: '=' or ':' before any " ;" inline comment. */
		const char	*sep = strpbrk(p, "=:"), *c;

		for (c = p + 1; *c != '\0'; c++)
			if (*c == ';' && (c[-1] == ' ' || c[-1] == '\t'))
				break;
		if (sep != NULL && (*c == '\0' || sep < c))
			return;
	}
	diag_add(rd->dg, rd->name, rd->line, *p == '[' ?
	    "syntax error: section header without ]" :
	    "syntax error: expected key = value");
	if (rd->firstbad == 0)
		rd->firstbad = rd->line;
}

static char *
next_line(char *buf, int size, void *stream)
{
	struct reader	*rd = stream;
	size_t		 n;
	int		 c = 0, nul = 0;

	if (rd->fp != NULL) {
		/* fgets() would end the line at a NUL and lose the rest. */
		n = 0;
		while (n < (size_t)size - 1 && (c = fgetc(rd->fp)) != EOF) {
			if (c == '\0') {
				nul = 1;
				continue;
			}
			buf[n++] = (char)c;
			if (c == '\n')
				break;
		}
		if (n == 0 && !nul)
			return NULL;
		buf[n] = '\0';
	} else {
		const char	*nl;

		if (*rd->text == '\0')
			return NULL;
		nl = strchr(rd->text, '\n');
		n = nl ? (size_t)(nl - rd->text) + 1 : strlen(rd->text);
		if (n > (size_t)size - 1)
			n = (size_t)size - 1;
		memcpy(buf, rd->text, n);
		buf[n] = '\0';
		rd->text += n;
	}
	rd->line++;
	if (nul) {
		/* Refused, not cut short at the NUL: nothing of it is used. */
		diag_add(rd->dg, rd->name, rd->line, "a NUL byte in the line");
		n = strlen(buf);
		if (n == (size_t)size - 1 && buf[n - 1] != '\n')
			while ((c = fgetc(rd->fp)) != EOF && c != '\n')
				;
		buf[0] = '\0';	/* hand inih an empty line */
		check_syntax(rd, buf);
		return buf;
	}
	n = strlen(buf);
	if (n > 0 && buf[n - 1] != '\n' && n == (size_t)size - 1) {
		/* Over-long: report it and skip the rest of the line. */
		diag_add(rd->dg, rd->name, rd->line, "line longer than %d "
		    "characters", size - 2);
		if (rd->fp != NULL)
			while ((c = fgetc(rd->fp)) != EOF && c != '\n')
				;
		else {
			const char	*nl = strchr(rd->text, '\n');

			rd->text = nl ? nl + 1 : rd->text + strlen(rd->text);
		}
		buf[0] = '\0';	/* hand inih an empty line */
	}
	check_syntax(rd, buf);
	return buf;
}

/*
 * Text is well-formed UTF-8 from here on (JSON, feeds and mail need it):
 * a key that is not, or whose value or section is not, is reported and
 * not handed over.
 */
static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct reader	*rd = user;

	if (!utf8_valid(section))
		return 1;	/* reported at its header */
	if (!utf8_valid(name))
		diag_add(rd->dg, rd->name, rd->line, "a key that is not valid "
		    "UTF-8");
	else if (!utf8_valid(value))
		diag_add(rd->dg, rd->name, rd->line, "%s: not valid UTF-8", name);
	else
		rd->cb(rd->arg, rd->line, section, name, value);
	return 1;
}

static void
report(struct reader *rd, int rc)
{
	if (rc > 0 && rc != rd->firstbad)
		diag_add(rd->dg, rd->name, rc, "syntax error (expected [section], "
		    "key = value, or a ; comment)");
	else if (rc == -2)
		diag_add(rd->dg, rd->name, 0, "out of memory while reading");
}

int
inifile_read(const char *path, inifile_cb cb, void *arg, struct diag *dg)
{
	struct reader	 rd = { path, NULL, NULL, 0, 0, cb, arg, dg };
	int		 rc;

	if ((rd.fp = fopen(path, "r")) == NULL) {
		diag_add(dg, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	rc = ini_parse_stream(next_line, &rd, handler, &rd);
	fclose(rd.fp);
	report(&rd, rc);
	return 0;
}

int
inifile_read_string(const char *name, const char *text, inifile_cb cb,
    void *arg, struct diag *dg)
{
	struct reader	 rd = { name, NULL, text, 0, 0, cb, arg, dg };

	report(&rd, ini_parse_stream(next_line, &rd, handler, &rd));
	return 0;
}
