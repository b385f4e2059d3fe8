#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "rec.h"
#include "rules.h"
#include "uhri.h"
#include "xmalloc.h"

enum field {
	F_INSTRUMENT,
	F_BODY,
	F_SYMBOL,
	F_PARAGRAPH,
	F_TEXT,
	F_SUMMARY_NL,
	F_THEMES,
	F_SDGS,
	F_PERSONS,
	F_FOLLOWUP,
	F_POSITION,
	F_YEAR,
	F_COUNTRY,
	F_TYPE,
	F_COUNT
};

/* The headings of each field, compared in any case with spaces, '_'
 * and '-' alike: UHRI's own first, then the names other trackers and
 * hand-made sheets use. */
static const char *const f_instrument[] = { "Instrument", "Treaty", NULL };
static const char *const f_body[] = { "Reccomending Body",
	"Recommending Body", "Body", "Mechanism", "Treaty body", NULL };
static const char *const f_symbol[] = { "Document Symbol", "Symbol",
	"Document", "Reference", NULL };
static const char *const f_paragraph[] = { "Paragraph", "Para",
	"Paragraph number", "Recommendation number", "Number", NULL };
static const char *const f_text[] = { "Text", "Recommendation",
	"Recommendation text", NULL };
static const char *const f_summary[] = { "Summary nl", "Samenvatting",
	"Dutch summary", NULL };
static const char *const f_themes[] = { "Themes", "Theme",
	"Human rights themes", "Thematic issues", NULL };
static const char *const f_sdgs[] = { "Sdgs", "SDG",
	"Sustainable Development Goals", NULL };
static const char *const f_persons[] = { "Affected Persons",
	"Concerned persons", NULL };
static const char *const f_followup[] = { "Follow-up", "Follow-up procedure",
	"Selected for follow-up", NULL };
static const char *const f_position[] = { "UPR Position", "UPR Positions",
	"Position", "Response", NULL };
static const char *const f_year[] = { "Document Publication Date",
	"Publication Date", "Year", "Date", NULL };
static const char *const f_country[] = { "Countries Concerned", "Countries",
	"Country", NULL };
static const char *const f_type[] = { "Type", "Annotation Type", NULL };

static const struct {
	const char		 *name;
	const char *const	 *headings;
} fields[F_COUNT] = {
	[F_INSTRUMENT] = { "instrument", f_instrument },
	[F_BODY] = { "body", f_body },
	[F_SYMBOL] = { "symbol", f_symbol },
	[F_PARAGRAPH] = { "paragraph", f_paragraph },
	[F_TEXT] = { "text", f_text },
	[F_SUMMARY_NL] = { "Dutch summary", f_summary },
	[F_THEMES] = { "themes", f_themes },
	[F_SDGS] = { "SDGs", f_sdgs },
	[F_PERSONS] = { "affected persons", f_persons },
	[F_FOLLOWUP] = { "follow-up", f_followup },
	[F_POSITION] = { "position", f_position },
	[F_YEAR] = { "year", f_year },
	[F_COUNTRY] = { "country", f_country },
	[F_TYPE] = { "type", f_type },
};

/* Symbol prefixes whose first part is not the instrument's code. */
static const struct {
	const char	*prefix;
	const char	*code;
} prefixes[] = {
	{ "E/C.12/", "CESCR" },
	{ "A/HRC/", "UPR" },
	{ "CRC/C/OPAC/", "OPAC" },
	{ "CRC/C/OPSC/", "OPSC" },
};

size_t
uhri_nfields(void)
{
	return F_COUNT;
}

const char *const *
uhri_columns(size_t field, const char **name)
{
	if (field >= F_COUNT)
		return NULL;
	*name = fields[field].name;
	return fields[field].headings;
}

/* Headings equal, in any case, with spaces, '_', '-' and '.' alike and
 * the spaces around them ignored. */
static int
same_heading(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '_' || *a == '-' || *a == '.')
			a++;
		while (*b == ' ' || *b == '_' || *b == '-' || *b == '.')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++, b++;
	}
}

static int
field_of(const char *heading)
{
	for (int f = 0; f < F_COUNT; f++)
		for (const char *const *h = fields[f].headings; *h != NULL; h++)
			if (same_heading(heading, *h))
				return f;
	return -1;
}

/* A copy of s without the white space around it and UHRI's "- " before
 * a value; NULL for "". */
static char *
trimmed(const char *s)
{
	size_t	 n;

	if (s == NULL)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	if (s[0] == '-' && s[1] == ' ')
		for (s++; isspace((unsigned char)*s); s++)
			;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return NULL;
	return xasprintf("%.*s", (int)n, s);
}

/* A list of values (one a line as UHRI writes them, or "a; b", "a|b")
 * as "a; b". */
static char *
list_of(const char *s)
{
	struct buf	 b;

	if (s == NULL)
		return NULL;
	buf_init(&b, 1 << 20);
	for (const char *p = s; *p != '\0';) {
		size_t	 k = strcspn(p, ";|\n\r");
		char	*item = xasprintf("%.*s", (int)k, p);
		char	*t = trimmed(item);

		if (t != NULL) {
			if (b.len > 0)
				buf_puts(&b, "; ");
			buf_puts(&b, t);
		}
		free(t);
		free(item);
		p += k;
		if (*p != '\0')
			p++;
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/*
 * UHRI's text may carry HTML: tags go, the entities it uses become
 * their characters, runs of white space one space (a line break stays).
 */
static char *
plain_text(const char *s)
{
	static const struct {
		const char	*entity, *text;
	} entities[] = {
		{ "&nbsp;", " " }, { "&amp;", "&" }, { "&lt;", "<" },
		{ "&gt;", ">" }, { "&quot;", "\"" }, { "&#39;", "'" },
		{ "&apos;", "'" },
	};
	struct buf	 b;
	char		*t;

	if (s == NULL)
		return NULL;
	buf_init(&b, 1 << 20);
	for (const char *p = s; *p != '\0';) {
		size_t	 i;

		if (*p == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/') &&
		    strchr(p, '>') != NULL) {
			int	 br = strncasecmp(p, "<br", 3) == 0 ||
			    strncasecmp(p, "</p", 3) == 0;

			p = strchr(p, '>') + 1;
			buf_puts(&b, br ? "\n" : " ");
			continue;
		}
		for (i = 0; i < sizeof entities / sizeof *entities; i++)
			if (strncmp(p, entities[i].entity,
			    strlen(entities[i].entity)) == 0)
				break;
		if (i < sizeof entities / sizeof *entities) {
			buf_puts(&b, entities[i].text);
			p += strlen(entities[i].entity);
			continue;
		}
		if (*p == '\r') {
			p++;
			continue;
		}
		if ((*p == ' ' || *p == '\t') && b.len > 0 &&
		    (b.p[b.len - 1] == ' ' || b.p[b.len - 1] == '\n')) {
			p++;
			continue;
		}
		buf_add(&b, *p == '\t' ? " " : p, 1);
		p++;
	}
	buf_add(&b, "", 1);
	t = trimmed(b.p);
	buf_free(&b);
	return t;
}

/*
 * The paragraph number UHRI puts at the start of the text ("4.The
 * Committee ...", "128.26 Ratify ...", or after a heading: "Rural women
 * 49.The Committee"): a copy, or NULL when there is none; *rest is where
 * the words after it begin.
 */
static char *
paragraph_of(const char *text, const char **rest)
{
	for (const char *p = text; p != NULL && *p != '\0' &&
	    p - text < 200; p++) {
		const char	*q = p;

		if (!isdigit((unsigned char)*p) ||
		    (p > text && !isspace((unsigned char)p[-1])))
			continue;
		while (isdigit((unsigned char)*q) ||
		    (*q == '.' && isdigit((unsigned char)q[1])))
			q++;
		/* "49.The", "49. The", "128.26 Ratify" */
		if (*q == '.' && (isupper((unsigned char)q[1]) ||
		    (q[1] == ' ' && isupper((unsigned char)q[2])))) {
			*rest = q + 1;
			return xasprintf("%.*s", (int)(q - p), p);
		}
		if (*q == ' ' && isupper((unsigned char)q[1]) &&
		    memchr(p, '.', q - p) != NULL) {
			*rest = q + 1;
			return xasprintf("%.*s", (int)(q - p), p);
		}
	}
	return NULL;
}

/* The instrument a body's name, a code or a symbol names, or NULL. */
static const struct instrument *
instrument_of(const struct ruleset *rules, const char *body,
    const char *symbol)
{
	const struct instrument	*in;

	if (body != NULL) {
		const char	*open = strrchr(body, '(');

		if ((in = ruleset_find(rules, body)) != NULL)
			return in;
		if (strcasecmp(body, "Universal Periodic Review") == 0 ||
		    strncasecmp(body, "UPR", 3) == 0)
			return ruleset_find(rules, "UPR");
		/* UHRI's names of the optional protocols to the CRC */
		if (strcasecmp(body, "CRC-OP-AC") == 0)
			return ruleset_find(rules, "OPAC");
		if (strcasecmp(body, "CRC-OP-SC") == 0)
			return ruleset_find(rules, "OPSC");
		for (size_t i = 0; i < rules->n; i++)
			if ((rules->v[i].body != NULL &&
			    strcasecmp(rules->v[i].body, body) == 0) ||
			    (rules->v[i].name != NULL &&
			    strcasecmp(rules->v[i].name, body) == 0))
				return &rules->v[i];
		/* "Committee against Torture (CAT)" */
		if (open != NULL && strchr(open, ')') != NULL) {
			char	 code[RULES_CODE_MAX];
			size_t	 k = strcspn(open + 1, ")");

			if (k > 0 && k < sizeof code) {
				memcpy(code, open + 1, k);
				code[k] = '\0';
				if ((in = ruleset_find(rules, code)) != NULL)
					return in;
			}
		}
	}
	if (symbol == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
		if (strncasecmp(symbol, prefixes[i].prefix,
		    strlen(prefixes[i].prefix)) == 0)
			return ruleset_find(rules, prefixes[i].code);
	{
		char	 code[RULES_CODE_MAX];
		size_t	 k = strcspn(symbol, "/");

		if (symbol[k] == '/' && k > 0 && k < sizeof code) {
			memcpy(code, symbol, k);
			code[k] = '\0';
			return ruleset_find(rules, code);
		}
	}
	return NULL;
}

/* "CEDAW/C/NLD/CO/7, para. 12" or "... para 12" or "... § 12": the
 * symbol and the paragraph apart. 1 when split. */
static int
split_reference(char *symbol, char **paragraph)
{
	/* The longer words first: ", para" would cut ", paragraph". */
	static const char *const marks[] = { ", paragraph", " paragraph",
		", para.", ", para", " para.", " para", ", \xC2\xA7",
		" \xC2\xA7", NULL };

	for (const char *const *m = marks; *m != NULL; m++) {
		char	*at = strcasestr(symbol, *m);

		if (at != NULL) {
			char	*p = trimmed(at + strlen(*m));

			if (p == NULL)
				return 0;
			*at = '\0';
			*paragraph = p;
			return 1;
		}
	}
	return 0;
}

/* yes/no, x, 1/0, true/false, ja/nee; -1 for anything else. */
static int
yes_no(const char *s)
{
	static const char *const yes[] = { "yes", "y", "x", "1", "true", "ja",
		"selected", NULL };
	static const char *const no[] = { "no", "n", "0", "false", "nee",
		NULL };

	if (s == NULL)
		return 0;
	for (const char *const *w = yes; *w != NULL; w++)
		if (strcasecmp(s, *w) == 0)
			return 1;
	for (const char *const *w = no; *w != NULL; w++)
		if (strcasecmp(s, *w) == 0)
			return 0;
	return -1;
}

/* "2026", "2026-02-20", "2025-02-12T00:00:00", "20/02/2026", or an
 * Excel serial day ("46078", days since 1899-12-30): the year, or -1. */
static int
year_of(const char *s)
{
	int	 y = -1, a, b, c;
	char	*end;
	long	 serial;

	if (s == NULL)
		return 0;
	if (strlen(s) == 4 && sscanf(s, "%4d", &y) == 1)
		return y;
	if (sscanf(s, "%4d-%2d-%2d", &a, &b, &c) == 3 && a > 999)
		return a;
	if ((sscanf(s, "%2d/%2d/%4d", &a, &b, &c) == 3 ||
	    sscanf(s, "%2d-%2d-%4d", &a, &b, &c) == 3) && c > 999)
		return c;
	serial = strtol(s, &end, 10);
	if ((*end == '\0' || *end == '.') && serial > 0 && serial < 400000)
		return date_year(date_from_ymd(1899, 12, 30) + (int)serial);
	return -1;
}

int
uhri_row(const struct uhri_cell *cells, size_t ncells, const char *file,
    int line, const struct ruleset *rules, struct diag *diag, struct rec *r,
    struct uhri_skips *skips)
{
	const char		*v[F_COUNT] = { NULL };
	char			*val[F_COUNT] = { NULL };
	const struct instrument	*in;
	const char		*body = NULL;
	char			*cause = NULL;
	int			 errors = 0, k;

	memset(r, 0, sizeof *r);
	for (size_t i = 0; i < ncells; i++) {
		int	 f = field_of(cells[i].heading);

		if (f >= 0 && v[f] == NULL)
			v[f] = cells[i].value;
	}
	/* A concern or an observation is not a recommendation. */
	if (v[F_TYPE] != NULL && strcasestr(v[F_TYPE], "recommend") == NULL &&
	    strspn(v[F_TYPE], " -\t\r\n") != strlen(v[F_TYPE])) {
		skips->concerns++;
		return 1;
	}
	for (int f = 0; f < F_COUNT; f++)
		if (f != F_THEMES && f != F_SDGS && f != F_PERSONS &&
		    f != F_TEXT && f != F_SUMMARY_NL)
			val[f] = trimmed(v[f]);
	r->symbol = val[F_SYMBOL];
	r->paragraph = val[F_PARAGRAPH];
	r->text = plain_text(v[F_TEXT]);
	r->summary_nl = plain_text(v[F_SUMMARY_NL]);
	if (r->symbol != NULL && r->paragraph == NULL) {
		char	*p = NULL;

		if (split_reference(r->symbol, &p))
			r->paragraph = p;
		else if ((r->paragraph = paragraph_of(r->text, &body)) !=
		    NULL) {
			/* The body's words, without the number (and the
			 * heading UHRI may put before it). */
			char	*t = trimmed(body);

			if (t != NULL) {
				free(r->text);
				r->text = t;
			}
		}
	}
	r->themes = list_of(v[F_THEMES]);
	r->sdgs = list_of(v[F_SDGS]);
	r->persons = list_of(v[F_PERSONS]);

	/* The body says whose it is; the symbol only when there is none. */
	in = val[F_INSTRUMENT] != NULL ?
	    ruleset_find(rules, val[F_INSTRUMENT]) :
	    instrument_of(rules, val[F_BODY], val[F_BODY] == NULL ? r->symbol :
	    NULL);
	if (in == NULL && val[F_INSTRUMENT] == NULL && val[F_BODY] != NULL) {
		/* A mechanism the network does not report to. */
		if (skips->bodies++ == 0)
			snprintf(skips->body, sizeof skips->body, "%s",
			    val[F_BODY]);
		for (int f = 0; f < F_COUNT; f++)
			if (f != F_SYMBOL && f != F_PARAGRAPH)
				free(val[f]);
		rec_clear(r);
		return 1;
	}
	if (r->symbol == NULL) {
		diag_add(diag, file, line, "the document symbol is missing");
		errors++;
	} else if (in == NULL) {
		if (val[F_INSTRUMENT] != NULL)
			diag_add(diag, file, line, "unknown instrument '%s'",
			    val[F_INSTRUMENT]);
		else
			diag_add(diag, file, line, "no instrument for symbol "
			    "'%s' (add a Reccomending Body or an Instrument "
			    "column)", r->symbol);
		errors++;
	} else
		memcpy(r->instrument, in->code, sizeof r->instrument);
	if (r->symbol != NULL && r->paragraph == NULL && r->text != NULL) {
		diag_add(diag, file, line, "no paragraph number: %s",
		    v[F_PARAGRAPH] != NULL ? "the Paragraph cell is empty "
		    "and the text starts with no number" : "no Paragraph "
		    "column and no number at the start of the text");
		errors++;
	}
	if ((k = yes_no(val[F_FOLLOWUP])) < 0) {
		diag_add(diag, file, line, "follow-up '%s' is not yes or no",
		    val[F_FOLLOWUP]);
		errors++;
	} else
		r->followup = k;
	if ((k = rec_position_parse(val[F_POSITION])) < 0) {
		diag_add(diag, file, line, "position '%s' is not Supported or "
		    "Noted", val[F_POSITION]);
		errors++;
	} else
		r->position = k;
	if ((k = year_of(val[F_YEAR])) < 0) {
		diag_add(diag, file, line, "date '%s' is not a year or a date",
		    val[F_YEAR]);
		errors++;
	} else
		r->year = k;
	if (errors == 0 && rec_validate(r, rules, &cause) == -1) {
		/* Excel's "CSV" is not UTF-8; its "CSV UTF-8" is. */
		diag_add(diag, file, line, "%s%s", cause,
		    strstr(cause, "UTF-8") != NULL ? " (save the export as "
		    "\"CSV UTF-8\")" : "");
		free(cause);
		errors++;
	}
	for (int f = 0; f < F_COUNT; f++)
		if (f != F_SYMBOL && f != F_PARAGRAPH)
			free(val[f]);
	if (errors > 0) {
		rec_clear(r);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- CSV */

struct csv {
	const char	*p, *end;
	int		 line;		/* of p */
	char		 sep;
	char		*fields[256];
	size_t		 n;
};

static void
csv_row_clear(struct csv *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->fields[i]);
	c->n = 0;
}

/*
 * The next row into c->fields: 1 a row, 0 the end, -1 an error (into
 * *why). Quoted fields may hold the separator, "" and line breaks.
 */
static int
csv_row(struct csv *c, const char **why)
{
	struct buf	 b;
	int		 more = 1;

	csv_row_clear(c);
	if (c->p >= c->end)
		return 0;
	while (more) {
		buf_init(&b, 1 << 20);
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end) {
					buf_free(&b);
					*why = "a quoted field is not closed";
					return -1;
				}
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						buf_add(&b, "\"", 1);
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n')
					c->line++;
				buf_add(&b, c->p++, 1);
			}
			if (c->p < c->end && *c->p != c->sep && *c->p != '\n' &&
			    *c->p != '\r') {
				buf_free(&b);
				*why = "text after a closing quote";
				return -1;
			}
		} else
			while (c->p < c->end && *c->p != c->sep &&
			    *c->p != '\n' && *c->p != '\r')
				buf_add(&b, c->p++, 1);
		if (b.toobig) {
			buf_free(&b);
			*why = "a field is longer than 1 MiB";
			return -1;
		}
		if (c->n == sizeof c->fields / sizeof *c->fields) {
			buf_free(&b);
			*why = "more than 256 fields";
			return -1;
		}
		if (b.len == 0)
			buf_add(&b, "", 1), b.len = 0;
		c->fields[c->n++] = buf_take(&b);
		if (c->p < c->end && *c->p == c->sep)
			c->p++;
		else
			more = 0;
	}
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n') {
		c->p++;
		c->line++;
	}
	return 1;
}

static int
row_blank(const struct csv *c)
{
	for (size_t i = 0; i < c->n; i++)
		for (const char *p = c->fields[i]; *p != '\0'; p++)
			if (!isspace((unsigned char)*p))
				return 0;
	return 1;
}

/* Excel writes ';' where the decimal mark is a comma (a Dutch locale):
 * the separator is the one the heading line has most of. */
static char
separator(const char *p, const char *end)
{
	size_t	 comma = 0, semi = 0, tab = 0;
	int	 quoted = 0;

	for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++)
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted)
			comma += *p == ',', semi += *p == ';', tab += *p == '\t';
	return tab > comma && tab > semi ? '\t' : semi > comma ? ';' : ',';
}

int
uhri_csv_parse(const char *text, size_t len, const char *file,
    const struct ruleset *rules, struct diag *diag, struct rec **out,
    int **lines, size_t *n, struct uhri_skips *skipped)
{
	struct csv	 c;
	char		*heads[256];
	size_t		 nheads = 0, nv = 0, cap = 0, before = diag->n, k;
	int		 seen[F_COUNT] = { 0 }, *lv = NULL, start, rc;
	struct rec	*v = NULL;
	const char	*why = NULL, *nul;

	*out = NULL;
	*lines = NULL;
	*n = 0;
	memset(skipped, 0, sizeof *skipped);
	if ((nul = memchr(text, '\0', len)) != NULL) {
		int	 line = 1;

		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		diag_add(diag, file, line, "a NUL byte in the line");
		return -1;
	}
	memset(&c, 0, sizeof c);
	c.p = text;
	c.end = text + len;
	c.line = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		c.p += 3;
	c.sep = separator(c.p, c.end);
	do {
		start = c.line;
		rc = csv_row(&c, &why);
	} while (rc == 1 && row_blank(&c));
	if (rc <= 0) {
		diag_add(diag, file, start, "%s", rc < 0 ? why :
		    "no heading line: the file is empty");
		csv_row_clear(&c);
		return -1;
	}
	for (size_t i = 0; i < c.n; i++) {
		int	 f = field_of(c.fields[i]);

		heads[nheads++] = c.fields[i];
		if (f >= 0 && seen[f]++)
			diag_add(diag, file, start, "two columns give the %s "
			    "('%s')", fields[f].name, c.fields[i]);
	}
	c.n = 0;	/* the headings are kept in heads */
	if (!seen[F_SYMBOL])
		diag_add(diag, file, start, "no column gives the symbol of "
		    "the document (a heading such as 'Document Symbol')");
	if (!seen[F_TEXT])
		diag_add(diag, file, start, "no column gives the text of the "
		    "recommendation (a heading such as 'Text')");
	/* Every row is read, for all its errors at once, unless the
	 * headings are wrong: then every row would say the same. */
	for (int headings_ok = diag->n == before; headings_ok;) {
		struct uhri_cell	 cells[256];
		struct rec		 r;
		size_t			 ncells;

		start = c.line;
		if ((rc = csv_row(&c, &why)) < 0)
			diag_add(diag, file, start, "%s", why);
		if (rc <= 0)
			break;
		if (row_blank(&c))
			continue;
		for (size_t i = nheads; i < c.n; i++)
			if (c.fields[i][0] != '\0') {
				diag_add(diag, file, start, "%zu fields where "
				    "the heading line has %zu", c.n, nheads);
				break;
			}
		ncells = c.n < nheads ? c.n : nheads;
		for (size_t i = 0; i < ncells; i++) {
			cells[i].heading = heads[i];
			cells[i].value = c.fields[i];
		}
		if (nv == UHRI_ROWS_MAX) {
			diag_add(diag, file, start, "more than %d "
			    "recommendations in one file", UHRI_ROWS_MAX);
			break;
		}
		if (uhri_row(cells, ncells, file, start, rules, diag, &r,
		    skipped) != 0)
			continue;
		if ((k = rec_index(v, nv, &r)) < nv)
			diag_add(diag, file, start, "%s paragraph %s is already "
			    "on line %d", r.symbol, r.paragraph, lv[k]);
		if (nv == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof *v);
			lv = xreallocarray(lv, cap, sizeof *lv);
		}
		v[nv] = r;
		lv[nv++] = start;
	}
	csv_row_clear(&c);
	for (size_t i = 0; i < nheads; i++)
		free(heads[i]);
	if (diag->n > before) {
		for (size_t i = 0; i < nv; i++)
			rec_clear(&v[i]);
		free(v);
		free(lv);
		return -1;
	}
	*out = v;
	*lines = lv;
	*n = nv;
	return 0;
}
