#include "config.h"

#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "diag.h"
#include "rules.h"
#include "ruletext.h"

/* inifile.c's limit (treatyd-rules(5)): 198 characters a line. */
#define LINE_MAX_CHARS	198

static void
trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

void
ruletext_load(struct ruleset *rs, struct diag *dg, const char *name,
    const char *text)
{
	char		 section[LINE_MAX_CHARS + 1] = "";
	const char	*p = text;
	int		 line = 0;

	ruleset_begin_file(rs, name);
	while (*p != '\0') {
		const char	*nl = strchr(p, '\n');
		const char	*e = nl != NULL ? nl : p + strlen(p);
		const char	*eq, *ks, *ke, *vs, *ve;
		char		 key[LINE_MAX_CHARS + 1], value[LINE_MAX_CHARS + 1];
		size_t		 len = (size_t)(e - p);

		line++;
		cr_assert_leq(len, LINE_MAX_CHARS, "%s:%d: the test reader "
		    "takes lines of at most %d characters", name, line,
		    LINE_MAX_CHARS);
		cr_assert(memchr(p, '\r', len) == NULL && (len == 0 ||
		    (*p != ' ' && *p != '\t')), "%s:%d: the test reader takes "
		    "no CR and no continuation lines", name, line);
		for (const char *c = p + 1; c < e; c++)
			cr_assert(*c != ';' || (c[-1] != ' ' && c[-1] != '\t'),
			    "%s:%d: the test reader takes no inline comments",
			    name, line);
		if (len == 0 || *p == ';' || *p == '#') {
			/* blank or comment */
		} else if (*p == '[') {
			cr_assert(e[-1] == ']', "%s:%d: the test reader takes "
			    "\"[section]\" alone on its line", name, line);
			snprintf(section, sizeof section, "%.*s",
			    (int)(len - 2), p + 1);
			ruleset_feed(rs, line, NULL, NULL, NULL, dg);
		} else {
			eq = memchr(p, '=', len);
			cr_assert(eq != NULL && memchr(p, ':', (size_t)(eq - p))
			    == NULL, "%s:%d: the test reader takes key = value "
			    "lines only", name, line);
			ks = p;
			ke = eq;
			vs = eq + 1;
			ve = e;
			trim(&ks, &ke);
			trim(&vs, &ve);
			snprintf(key, sizeof key, "%.*s", (int)(ke - ks), ks);
			snprintf(value, sizeof value, "%.*s", (int)(ve - vs), vs);
			ruleset_feed(rs, line, section, key, value, dg);
		}
		p = nl != NULL ? nl + 1 : e;
	}
	ruleset_end_file(rs, dg);
}

void
ruletext_load_ok(struct ruleset *rs, const char *name, const char *text)
{
	struct diag	 dg;

	diag_init(&dg);
	ruletext_load(rs, &dg, name, text);
	if (dg.n > 0)
		cr_assert_fail("%s: rules do not load: %s", name, dg.msgs[0]);
	diag_clear(&dg);
}

const char *
ruletext_dump(const struct diag *dg)
{
	static char	 buf[8192];
	size_t		 len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < dg->n && len < sizeof buf - 1; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "    %s\n",
		    dg->msgs[i]);
	if (dg->n == 0)
		snprintf(buf, sizeof buf, "    (none)\n");
	return buf;
}

void
ruletext_expect(const char *name, const struct diag *dg,
    const struct ruletext_want *w, size_t max)
{
	unsigned char	 used[64] = { 0 };
	size_t		 nw;

	for (nw = 0; nw < max && w[nw].msg != NULL; nw++)
		;
	cr_expect_eq(dg->n, nw, "%s: expected %zu diagnostics, got %zu:\n%s",
	    name, nw, dg->n, ruletext_dump(dg));
	for (size_t i = 0; i < nw; i++) {
		char	 prefix[128];
		size_t	 plen;
		int	 found = 0;

		if (w[i].line > 0)
			snprintf(prefix, sizeof prefix, "%s:%d: ", w[i].file,
			    w[i].line);
		else if (w[i].line == RULETEXT_ANY_LINE)
			snprintf(prefix, sizeof prefix, "%s:", w[i].file);
		else
			snprintf(prefix, sizeof prefix, "%s: ", w[i].file);
		plen = strlen(prefix);
		for (size_t j = 0; j < dg->n && j < sizeof used; j++) {
			if (used[j] || strncmp(dg->msgs[j], prefix, plen) != 0 ||
			    strstr(dg->msgs[j] + plen, w[i].msg) == NULL)
				continue;
			used[j] = 1;
			found = 1;
			break;
		}
		cr_expect(found, "%s: missing \"%s%s\"; got:\n%s", name, prefix,
		    w[i].msg, ruletext_dump(dg));
	}
}
