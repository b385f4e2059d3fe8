#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agenda.h"
#include "recreport.h"
#include "buf.h"
#include "date.h"
#include "engine.h"
#include "escape.h"
#include "fact.h"
#include "rules.h"
#include "text.h"
#include "words.h"
#include "xmalloc.h"

#define NITEMS		9	/* opening, (a)..(g), closing */
#define MAX_DEPTS	64	/* departments named in one owner line */
#define DASH		"\xE2\x80\x93"		/* en dash */
#define DOT		" \xC2\xB7 "		/* middle dot */

/* ================================================================ writer */

/*
 * Kept in line with the overview page (page.c): system fonts, dark text
 * on white, the Rijkshuisstijl blue as the accent, late rows in red.
 * Print: A4 portrait, colours kept, table heads repeated.
 */
static const char css[] =
	":root{--ink:#1b1f24;--muted:#5a6472;--line:#d9dee5;--blue:#154273;"
	"--red:#b3261e;--redbg:#fdeceb}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;color:var(--ink);background:#fff;"
	"font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Helvetica Neue\",Arial,\"Noto Sans\",sans-serif;"
	"-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"main{max-width:980px;margin:0 auto;padding:0 24px}\n"
	"header{border-top:6px solid var(--blue);padding-top:16px}\n"
	"h1{font-size:24px;line-height:1.25;margin:0 0 2px;color:var(--blue)}\n"
	".sub{margin:0 0 10px;color:var(--muted);font-size:17px}\n"
	"table.meta{width:auto;margin:0 0 6px}\n"
	"table.meta th,table.meta td{border:0;padding:2px 16px 2px 0}\n"
	"table.meta th{color:var(--muted);font-weight:600;white-space:nowrap}\n"
	"h2{font-size:19px;margin:26px 0 4px;color:var(--blue);"
	"border-bottom:1px solid var(--line);padding-bottom:3px}\n"
	".owner{margin:0 0 8px;color:var(--muted);font-size:14px}\n"
	"h3{font-size:16px;margin:16px 0 4px}\n"
	"p{margin:6px 0}\n"
	"ul,ol{margin:6px 0;padding-left:22px}\n"
	"table{width:100%;border-collapse:collapse;font-size:14px;"
	"margin:6px 0 10px}\n"
	"th,td{padding:5px 8px;text-align:left;vertical-align:top;"
	"border-bottom:1px solid var(--line)}\n"
	"thead th{font-size:13px;color:var(--muted);font-weight:600;"
	"border-bottom:2px solid var(--line)}\n"
	"tr.late td,tr.flag td{background:var(--redbg)}\n"
	"tr.late td:first-child,tr.flag td:first-child{box-shadow:inset 4px 0 0 "
	"var(--red)}\n"
	"td strong,p.flag{color:var(--red)}\n"
	"tr.expected td{font-style:italic}\n"
	"footer{margin:32px auto 24px;max-width:980px;padding:8px 24px 0;"
	"border-top:1px solid var(--line);font-size:13px;color:var(--muted)}\n"
	"@media print{@page{size:A4;margin:15mm}body{font-size:10pt}"
	"main,footer{max-width:none;padding-left:0;padding-right:0}"
	"header{border-top-width:3px}"
	"tr{break-inside:avoid;page-break-inside:avoid}"
	"thead{display:table-header-group}"
	"h2,h3{break-after:avoid;page-break-after:avoid}}\n";

/* Characters that would start markup are escaped; a cell stays one line. */
static void
md_esc(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char	 c = (unsigned char)*s;

		if (strchr("\\`*_[]<>|", c) != NULL) {
			buf_add(b, "\\", 1);
			buf_add(b, s, 1);
		} else if (c < 0x20 || c == 0x7f)
			buf_add(b, " ", 1);
		else
			buf_add(b, s, 1);
	}
}

/* Plain text: control characters (line breaks too) become spaces. */
static void
text_clean(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char	 c = (unsigned char)*s;

		buf_add(b, c < 0x20 || c == 0x7f ? " " : s, 1);
	}
}

static void
put(struct agenda_doc *d, const char *s)
{
	switch (d->fmt) {
	case AGENDA_HTML:	escape_html(&d->b, s); break;
	case AGENDA_MD:		md_esc(&d->b, s); break;
	case AGENDA_TEXT:	text_clean(&d->b, s); break;
	}
}

/* A line of c as long as s has characters (not bytes). */
static void
underline(struct buf *b, const char *s, char c)
{
	for (size_t n = text_width(s); n > 0; n--)
		buf_add(b, &c, 1);
	buf_add(b, "\n", 1);
}

static void
close_blocks(struct agenda_doc *d)
{
	if (d->in_list) {
		if (d->fmt == AGENDA_HTML)
			buf_puts(&d->b, d->in_list == 2 ? "</ol>\n" :
			    "</ul>\n");
		else
			buf_puts(&d->b, "\n");
		d->in_list = 0;
	}
	if (d->in_meta) {
		buf_puts(&d->b, d->fmt == AGENDA_HTML ? "</table>\n" : "\n");
		d->in_meta = 0;
	}
}


/* A heading in Markdown (mark, then an emphasised line under it) or in
 * plain text (underlined with under). */
static void
plain_heading(struct agenda_doc *d, const char *mark, char under,
    const char *text, const char *sub)
{
	if (d->fmt == AGENDA_MD) {
		buf_puts(&d->b, mark);
		md_esc(&d->b, text);
		buf_puts(&d->b, "\n\n");
		if (sub != NULL) {
			buf_puts(&d->b, "*");
			md_esc(&d->b, sub);
			buf_puts(&d->b, "*\n\n");
		}
		return;
	}
	text_clean(&d->b, text);
	buf_puts(&d->b, "\n");
	underline(&d->b, text, under);
	if (sub != NULL) {
		text_clean(&d->b, sub);
		buf_puts(&d->b, "\n");
	}
	buf_puts(&d->b, "\n");
}

void
agenda_doc_begin(struct agenda_doc *d, enum agenda_format fmt,
    enum lang lang, const char *title, const char *subtitle)
{
	memset(d, 0, sizeof *d);
	buf_init(&d->b, AGENDA_MAX);
	d->fmt = fmt;
	d->lang = lang;
	switch (fmt) {
	case AGENDA_HTML:
		buf_printf(&d->b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\""
		    "default-src 'none'; style-src 'unsafe-inline'; "
		    "base-uri 'none'; form-action 'none'\">\n"
		    "<meta name=\"generator\" content=\"treatyd\">\n<title>",
		    lang_name(d->lang));
		escape_html(&d->b, title);
		if (subtitle != NULL) {
			buf_puts(&d->b, " " DASH " ");
			escape_html(&d->b, subtitle);
		}
		buf_printf(&d->b, "</title>\n<style>\n%s</style>\n</head>\n"
		    "<body>\n<main>\n<header>\n<h1>", css);
		escape_html(&d->b, title);
		buf_puts(&d->b, "</h1>\n");
		if (subtitle != NULL) {
			buf_puts(&d->b, "<p class=\"sub\">");
			escape_html(&d->b, subtitle);
			buf_puts(&d->b, "</p>\n");
		}
		d->in_section = 1;	/* the header, closed like a section */
		break;
	case AGENDA_MD:
	case AGENDA_TEXT:
		plain_heading(d, "# ", '=', title, subtitle);
		break;
	}
}

void
agenda_doc_meta(struct agenda_doc *d, const char *label, const char *value)
{
	if (!d->in_meta) {
		close_blocks(d);
		d->in_meta = 1;
		if (d->fmt == AGENDA_HTML)
			buf_puts(&d->b, "<table class=\"meta\">\n");
	}
	switch (d->fmt) {
	case AGENDA_HTML:
		buf_puts(&d->b, "<tr><th scope=\"row\">");
		escape_html(&d->b, label);
		buf_puts(&d->b, "</th><td>");
		escape_html(&d->b, value);
		buf_puts(&d->b, "</td></tr>\n");
		break;
	case AGENDA_MD:
		buf_puts(&d->b, "- **");
		md_esc(&d->b, label);
		buf_puts(&d->b, ":** ");
		md_esc(&d->b, value);
		buf_puts(&d->b, "\n");
		break;
	case AGENDA_TEXT:
		text_clean(&d->b, label);
		buf_puts(&d->b, ": ");
		text_clean(&d->b, value);
		buf_puts(&d->b, "\n");
		break;
	}
}

void
agenda_doc_h2(struct agenda_doc *d, const char *id, const char *text,
    const char *sub)
{
	close_blocks(d);
	switch (d->fmt) {
	case AGENDA_HTML:
		if (d->in_section)
			buf_puts(&d->b, d->in_section == 1 ? "</header>\n" :
			    "</section>\n");
		d->in_section = 2;
		buf_puts(&d->b, "<section");
		if (id != NULL) {
			buf_puts(&d->b, " id=\"");
			escape_html(&d->b, id);
			buf_puts(&d->b, "\"");
		}
		buf_puts(&d->b, ">\n<h2>");
		escape_html(&d->b, text);
		buf_puts(&d->b, "</h2>\n");
		if (sub != NULL) {
			buf_puts(&d->b, "<p class=\"owner\">");
			escape_html(&d->b, sub);
			buf_puts(&d->b, "</p>\n");
		}
		break;
	case AGENDA_MD:
	case AGENDA_TEXT:
		plain_heading(d, "## ", '-', text, sub);
		break;
	}
}

void
agenda_doc_h3(struct agenda_doc *d, const char *text)
{
	close_blocks(d);
	switch (d->fmt) {
	case AGENDA_HTML:
		buf_puts(&d->b, "<h3>");
		escape_html(&d->b, text);
		buf_puts(&d->b, "</h3>\n");
		break;
	case AGENDA_MD:
		buf_puts(&d->b, "### ");
		md_esc(&d->b, text);
		buf_puts(&d->b, "\n\n");
		break;
	case AGENDA_TEXT:
		text_clean(&d->b, text);
		buf_puts(&d->b, "\n");
		break;
	}
}

void
agenda_doc_para(struct agenda_doc *d, const char *text, int strong)
{
	close_blocks(d);
	switch (d->fmt) {
	case AGENDA_HTML:
		buf_puts(&d->b, strong ? "<p class=\"flag\"><strong>" : "<p>");
		escape_html(&d->b, text);
		buf_puts(&d->b, strong ? "</strong></p>\n" : "</p>\n");
		break;
	case AGENDA_MD:
		buf_puts(&d->b, strong ? "**" : "");
		md_esc(&d->b, text);
		buf_puts(&d->b, strong ? "**\n\n" : "\n\n");
		break;
	case AGENDA_TEXT:
		text_clean(&d->b, text);
		buf_puts(&d->b, "\n\n");
		break;
	}
}

static void
list_item(struct agenda_doc *d, int kind, int n, const char *text)
{
	if (d->in_list != kind) {
		close_blocks(d);
		d->in_list = kind;
		if (d->fmt == AGENDA_HTML)
			buf_puts(&d->b, kind == 2 ? "<ol>\n" : "<ul>\n");
	}
	switch (d->fmt) {
	case AGENDA_HTML:
		if (kind == 2)
			buf_printf(&d->b, "<li value=\"%d\">", n);
		else
			buf_puts(&d->b, "<li>");
		escape_html(&d->b, text);
		buf_puts(&d->b, "</li>\n");
		break;
	case AGENDA_MD:
	case AGENDA_TEXT:
		if (kind == 2)
			buf_printf(&d->b, "%d. ", n);
		else
			buf_puts(&d->b, "- ");
		put(d, text);
		buf_puts(&d->b, "\n");
		break;
	}
}

void
agenda_doc_bullet(struct agenda_doc *d, const char *text)
{
	list_item(d, 1, 0, text);
}

/* A numbered line: the overview of a plain-text agenda. */
static void
numbered(struct agenda_doc *d, int n, const char *text)
{
	list_item(d, 2, n, text);
}

void
agenda_doc_table(struct agenda_doc *d, int ncols, const char *const *heads,
    unsigned labelled)
{
	d->nested = d->fmt == AGENDA_TEXT && d->in_list == 1;
	if (d->nested)
		d->in_list = 0;		/* the rows continue the list */
	close_blocks(d);
	if (ncols > AGENDA_DOC_COLS)
		ncols = AGENDA_DOC_COLS;
	d->ncols = ncols;
	d->labelled = labelled;
	for (int i = 0; i < ncols; i++)
		d->heads[i] = heads[i];
	switch (d->fmt) {
	case AGENDA_HTML:
		buf_puts(&d->b, "<table>\n<thead><tr>");
		for (int i = 0; i < ncols; i++) {
			buf_puts(&d->b, "<th>");
			escape_html(&d->b, heads[i]);
			buf_puts(&d->b, "</th>");
		}
		buf_puts(&d->b, "</tr></thead>\n<tbody>\n");
		break;
	case AGENDA_MD:
		buf_puts(&d->b, "|");
		for (int i = 0; i < ncols; i++) {
			buf_puts(&d->b, " ");
			md_esc(&d->b, heads[i]);
			buf_puts(&d->b, " |");
		}
		buf_puts(&d->b, "\n|");
		for (int i = 0; i < ncols; i++)
			buf_puts(&d->b, "---|");
		buf_puts(&d->b, "\n");
		break;
	case AGENDA_TEXT:
		break;
	}
}

/* "Uiterste datum" -> "uiterste datum", for a label inside a line. */
static void
text_head(struct buf *b, const char *h)
{
	if (*h >= 'A' && *h <= 'Z') {
		char	 c = (char)(*h - 'A' + 'a');

		buf_add(b, &c, 1);
		h++;
	}
	text_clean(b, h);
}

void
agenda_doc_row(struct agenda_doc *d, const char *const *cells, unsigned strong,
    const char *cls)
{
	int	 n = 0;

	switch (d->fmt) {
	case AGENDA_HTML:
		if (cls != NULL)
			buf_printf(&d->b, "<tr class=\"%s\">", cls);
		else
			buf_puts(&d->b, "<tr>");
		for (int i = 0; i < d->ncols; i++) {
			int	 st = (strong >> i) & 1;

			buf_puts(&d->b, st ? "<td><strong>" : "<td>");
			escape_html(&d->b, cells[i] != NULL ? cells[i] : "");
			buf_puts(&d->b, st ? "</strong></td>" : "</td>");
		}
		buf_puts(&d->b, "</tr>\n");
		break;
	case AGENDA_MD:
		buf_puts(&d->b, "|");
		for (int i = 0; i < d->ncols; i++) {
			int	 st = (strong >> i) & 1 && cells[i] != NULL &&
			    cells[i][0] != '\0';

			buf_puts(&d->b, st ? " **" : " ");
			md_esc(&d->b, cells[i] != NULL ? cells[i] : "");
			buf_puts(&d->b, st ? "** |" : " |");
		}
		buf_puts(&d->b, "\n");
		break;
	case AGENDA_TEXT:
		buf_puts(&d->b, d->nested ? "  - " : "- ");
		for (int i = 0; i < d->ncols; i++) {
			if (cells[i] == NULL || cells[i][0] == '\0')
				continue;
			if (n++ > 0)
				buf_puts(&d->b, DOT);
			if ((d->labelled >> i) & 1) {
				text_head(&d->b, d->heads[i]);
				buf_puts(&d->b, ": ");
			}
			text_clean(&d->b, cells[i]);
		}
		buf_puts(&d->b, "\n");
		break;
	}
}

void
agenda_doc_table_end(struct agenda_doc *d)
{
	buf_puts(&d->b, d->fmt == AGENDA_HTML ? "</tbody>\n</table>\n" : "\n");
	d->ncols = 0;
}

void
agenda_doc_none(struct agenda_doc *d)
{
	agenda_doc_para(d, words_get(WORD_NONE, d->lang), 0);
}

char *
agenda_doc_end(struct agenda_doc *d, const char *footer)
{
	close_blocks(d);
	switch (d->fmt) {
	case AGENDA_HTML:
		if (d->in_section)
			buf_puts(&d->b, d->in_section == 1 ? "</header>\n" :
			    "</section>\n");
		buf_puts(&d->b, "</main>\n<footer>");
		escape_html(&d->b, footer);
		buf_puts(&d->b, "</footer>\n</body>\n</html>\n");
		break;
	case AGENDA_MD:
		buf_puts(&d->b, "---\n\n*");
		md_esc(&d->b, footer);
		buf_puts(&d->b, "*\n");
		break;
	case AGENDA_TEXT:
		text_clean(&d->b, footer);
		buf_puts(&d->b, "\n");
		break;
	}
	if (d->b.toobig) {
		buf_free(&d->b);
		return NULL;
	}
	return buf_take(&d->b);
}

/* ================================================================ kinds */

static const char *
fulfilling(const struct rule *r)
{
	return r->fulfilled_by[0] != '\0' ? r->fulfilled_by :
	    rules_default_fulfilled_by(r->name);
}

static enum agenda_kind
rule_kind(const struct rule *r)
{
	if (r->type == RULE_MILESTONE)
		return AGENDA_KIND_MILESTONE;
	if (strcmp(r->name, "followup") == 0 ||
	    strcmp(r->name, "interim") == 0 || strcmp(r->name, "midterm") == 0)
		return AGENDA_KIND_FOLLOWUP;
	if (strcmp(fulfilling(r), "report_submitted") == 0)
		return AGENDA_KIND_REPORT;
	if (strcmp(fulfilling(r), "followup_submitted") == 0)
		return AGENDA_KIND_FOLLOWUP;
	return AGENDA_KIND_OTHER;
}

enum agenda_kind
agenda_kind_of(const struct deadline *d)
{
	if (strcmp(d->kind, "recheck") == 0)
		return AGENDA_KIND_RECHECK;
	if (d->rule == NULL)
		return AGENDA_KIND_OTHER;
	return rule_kind(d->rule);
}

/* ================================================================ agenda */

struct dlist {
	const struct deadline	**v;
	size_t			  n;
};

/* Departments named in an owner line, without duplicates. */
struct depts {
	char	 code[MAX_DEPTS][RULES_CODE_MAX];
	size_t	 n;
};

enum item {
	I_OPEN, I_DUE, I_FOLLOWUP, I_LATE, I_CO, I_CONSULT, I_CARIB, I_LETTER,
	I_CLOSE
};

struct ag {
	const struct agenda_input	*in;
	struct agenda_doc		 doc;
	enum lang			 lang;
	const char			*langname;	/* for text_*() */
	const char			*chair;
	int				 meeting;
	int				 previous;
	int				 wend;		/* after the window */
	int				 months;
	struct dlist			 due, due_rc, fu, fu_rc;
	struct dlist			 late_rep, late_fu, late_other, late_ms;
	size_t				 late_ms_inst;	/* instruments */
	struct dlist			 cycles, carib;
	size_t				 no_consult;	/* cycles without */
	const struct fact		**co;
	size_t				 nco;
	int				 minutes[NITEMS];
	char				 title[NITEMS][160];
	char				 owner[NITEMS][512];
};

static char *
day(const struct ag *ag, int date, char *out, size_t len)
{
	enum lang	 lang = ag->lang;

	if (date == DATE_NONE) {
		snprintf(out, len, "%s", W(lang, "onbekend", "unknown"));
		return out;
	}
	return text_long_date(date, ag->langname, out, len);
}

static char *
day_week(const struct ag *ag, int date, char *out, size_t len)
{
	enum lang	 lang = ag->lang;
	char		 d[40];

	snprintf(out, len, "%s %s", words_weekday(date_weekday(date), lang),
	    day(ag, date, d, sizeof d));
	return out;
}

/* "5 december 2022", and "; gepland 1 oktober 2027" when the network
 * planned its own date: both, the body's first. */
static char *
due_planned(const struct ag *ag, const struct deadline *d, char *out,
    size_t len)
{
	char	 d1[40], d2[40];

	if (d->planned == DATE_NONE)
		return day(ag, d->due, out, len);
	snprintf(out, len, "%s; %s %s", day(ag, d->due, d1, sizeof d1),
	    words_get(WORD_PLANNED, ag->lang), day(ag, d->planned, d2,
	    sizeof d2));
	return out;
}

/* "12 dagen", "75 dagen (2 maanden)", "800 dagen (2 jaar)". */
static char *
lateness(enum lang lang, int due, int at, char *out, size_t len)
{
	int	 n = at - due, mo = date_months_between(due, at);

	if (n < 60)
		snprintf(out, len, "%d %s", n, words_get(n == 1 ? WORD_DAY :
		    WORD_DAYS, lang));
	else if (mo < 24)
		snprintf(out, len, "%d %s (%d %s)", n,
		    words_get(WORD_DAYS, lang), mo,
		    words_get(WORD_MONTHS, lang));
	else
		snprintf(out, len, "%d %s (%d %s)", n,
		    words_get(WORD_DAYS, lang), mo / 12,
		    words_get(WORD_YEARS, lang));
	return out;
}

static int
is_open(const struct deadline *d)
{
	return d->status == STATUS_OPEN || d->status == STATUS_OVERDUE;
}

/* Late on the meeting date: what the engine calls overdue, seen then. */
static int
late_at(const struct ag *ag, const struct deadline *d)
{
	return is_open(d) && d->due != DATE_NONE && d->due < ag->meeting &&
	    !d->voluntary && d->confidence != CONF_TENTATIVE &&
	    agenda_kind_of(d) != AGENDA_KIND_RECHECK;
}

static enum deadline_status
status_at(const struct ag *ag, const struct deadline *d)
{
	if (late_at(ag, d))
		return STATUS_OVERDUE;
	return is_open(d) ? STATUS_OPEN : d->status;
}

/*
 * The label and what it leaves out (voluntary; expected, for a projected
 * cycle): "label (vrijwillig)", or with the cycle "label (8, verwacht)".
 */
static char *
labelled(const struct ag *ag, const struct deadline *d, const char *cycle,
    char *out, size_t len)
{
	char	 label[256], vol[40] = "", exp[40] = "";

	engine_label(d, ag->langname, label, sizeof label);
	if (d->voluntary)
		snprintf(vol, sizeof vol, cycle != NULL ? ", %s" : " (%s)",
		    words_get(WORD_VOLUNTARY, ag->lang));
	if (d->confidence == CONF_TENTATIVE)
		snprintf(exp, sizeof exp, cycle != NULL ? ", %s" : " (%s)",
		    words_get(WORD_EXPECTED, ag->lang));
	if (cycle != NULL)
		snprintf(out, len, "%s (%s%s%s)", label, cycle, vol, exp);
	else
		snprintf(out, len, "%s%s%s", label, vol, exp);
	return out;
}

/* The label, with "(expected)" for a projected cycle. */
static char *
what(const struct ag *ag, const struct deadline *d, char *out, size_t len)
{
	return labelled(ag, d, NULL, out, len);
}

/* "Periodieke rapportage (8)", "Antwoorden op de lijst van vragen (6,
 * verwacht)" */
static char *
what_cycle(const struct ag *ag, const struct deadline *d, char *out,
    size_t len)
{
	if (d->cycle[0] == '\0' || (d->rule != NULL &&
	    d->rule->type == RULE_YEARLY))
		return what(ag, d, out, len);
	return labelled(ag, d, d->cycle, out, len);
}

/* The name of the rule a recheck is about, without "Check whether...". */
static const char *
rule_label(const struct ag *ag, const struct deadline *d)
{
	const struct rule	*r = d->rule;

	if (r == NULL)
		return d->kind;
	if (ag->lang == LANG_NL && r->label_nl != NULL)
		return r->label_nl;
	return r->label != NULL ? r->label : r->label_nl != NULL ?
	    r->label_nl : r->name;
}

static const char *
cycle_of(const struct deadline *d)
{
	return d->cycle[0] != '\0' ? d->cycle : DASH;
}

static const char *
lead_of(const struct deadline *d)
{
	return d->inst != NULL && d->inst->lead[0] != '\0' ? d->inst->lead :
	    DASH;
}

/* Who carries out a milestone: its owner, "lead" meaning the lead. */
static const char *
owner_of(const struct deadline *d)
{
	const struct rule	*r = d->rule;

	if (r != NULL && r->owner[0] != '\0' && strcmp(r->owner, "lead") != 0)
		return r->owner;
	return lead_of(d);
}

static const struct deadline *
find_id(const struct ag *ag, const char *id)
{
	for (size_t i = 0; i < ag->in->n; i++)
		if (strcmp(ag->in->v[i].id, id) == 0)
			return &ag->in->v[i];
	return NULL;
}

static const struct instrument *
find_inst(const struct ag *ag, const char *code)
{
	for (size_t i = 0; i < ag->in->ninst; i++)
		if (strcasecmp(ag->in->inst[i].code, code) == 0)
			return &ag->in->inst[i];
	for (size_t i = 0; i < ag->in->n; i++)
		if (ag->in->v[i].inst != NULL &&
		    strcasecmp(ag->in->v[i].inst->code, code) == 0)
			return ag->in->v[i].inst;
	return NULL;
}

static int
superseded(const struct ag *ag, const struct fact *f)
{
	return engine_fact_superseded(ag->in->facts, ag->in->nfacts, f->id);
}

static void
depts_add(struct depts *ds, const char *code)
{
	if (code == NULL || code[0] == '\0' || strcmp(code, DASH) == 0)
		return;
	for (size_t i = 0; i < ds->n; i++)
		if (strcasecmp(ds->code[i], code) == 0)
			return;
	if (ds->n < MAX_DEPTS)
		snprintf(ds->code[ds->n++], RULES_CODE_MAX, "%s", code);
}

static int
cmp_code(const void *a, const void *b)
{
	return strcasecmp(a, b);
}

/* "A, B en C" into b. */
static void
join(struct buf *b, enum lang lang, const struct depts *ds, size_t from)
{
	for (size_t i = from; i < ds->n; i++) {
		if (i > from)
			buf_puts(b, i + 1 == ds->n ? words_get(WORD_AND, lang) :
			    ", ");
		buf_puts(b, ds->code[i]);
	}
}

/* "Voorzitter (BZK), met OCW en JenV" */
static void
owner_line(struct ag *ag, enum item it, const struct dlist *l,
    const struct dlist *l2, int milestones)
{
	enum lang	 lang = ag->lang;
	struct depts	 ds;
	struct buf	 b;
	char		*s;

	memset(&ds, 0, sizeof ds);
	depts_add(&ds, ag->chair);
	for (size_t i = 0; l != NULL && i < l->n; i++)
		depts_add(&ds, milestones ? owner_of(l->v[i]) :
		    lead_of(l->v[i]));
	for (size_t i = 0; l2 != NULL && i < l2->n; i++)
		depts_add(&ds, lead_of(l2->v[i]));
	if (ds.n > 1)
		qsort(ds.code[1], ds.n - 1, sizeof ds.code[0], cmp_code);
	buf_init(&b, sizeof ag->owner[it]);
	buf_printf(&b, "%s (%s)", words_get(WORD_CHAIR, lang), ag->chair);
	if (ds.n > 1) {
		buf_puts(&b, W(lang, ", met ", ", with "));
		join(&b, ag->lang, &ds, 1);
	}
	s = buf_take(&b);
	snprintf(ag->owner[it], sizeof ag->owner[it], "%s", s);
	free(s);
}

static void
push(struct dlist *l, const struct deadline *d)
{
	l->v[l->n++] = d;
}

static int
has_milestone_kind(const struct ag *ag, const struct deadline *p,
    const char *fulfil, const struct deadline **out)
{
	*out = NULL;
	for (size_t i = 0; i < ag->in->n; i++) {
		const struct deadline	*m = &ag->in->v[i];

		if (m->rule == NULL || m->rule->type != RULE_MILESTONE ||
		    m->status == STATUS_SUPERSEDED ||
		    strcmp(m->parent, p->id) != 0 ||
		    strcmp(fulfilling(m->rule), fulfil) != 0)
			continue;
		*out = m;
		return 1;
	}
	return 0;
}

/* A fact naming a cycle belongs to it; one naming none, to its window. */
static int
in_cycle(const struct fact *f, const struct deadline *d)
{
	int	 lo, hi, clo, chi;

	if (strcasecmp(f->instrument, d->inst->code) != 0)
		return 0;
	if (f->cycle[0] != '\0') {
		if (strcmp(f->cycle, d->cycle) == 0)
			return 1;
		return fact_cycle_range(f->cycle, &lo, &hi) == 0 &&
		    fact_cycle_range(d->cycle, &clo, &chi) == 0 && lo == clo;
	}
	return d->opened == DATE_NONE || f->date >= d->opened;
}

/* The consultation rounds held in d's cycle, up to the meeting. */
static size_t
held(const struct ag *ag, const struct deadline *d, const struct fact **out,
    size_t max)
{
	size_t	 n = 0;

	for (size_t i = 0; i < ag->in->nfacts; i++) {
		const struct fact	*f = &ag->in->facts[i];

		if (strcmp(f->kind, "consultation_held") != 0 ||
		    superseded(ag, f) || f->date > ag->meeting ||
		    !in_cycle(f, d))
			continue;
		if (n < max)
			out[n] = f;
		n++;
	}
	if (n > 1)
		qsort(out, n < max ? n : max, sizeof *out, engine_cmp_fact);
	return n;
}

static void
collect(struct ag *ag)
{
	const struct agenda_input	*in = ag->in;
	struct dlist			*all[] = { &ag->due, &ag->due_rc, &ag->fu,
	    &ag->fu_rc, &ag->late_rep, &ag->late_fu, &ag->late_other,
	    &ag->late_ms, &ag->cycles, &ag->carib };

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		all[i]->v = xcalloc(in->n + 1, sizeof *all[i]->v);
	for (size_t i = 0; i < in->n; i++) {
		const struct deadline	*d = &in->v[i];
		enum agenda_kind	 k = agenda_kind_of(d);
		int			 window, late;

		if (d->inst == NULL || d->due == DATE_NONE || !is_open(d))
			continue;
		window = d->due >= ag->meeting && d->due < ag->wend;
		late = late_at(ag, d);
		switch (k) {
		case AGENDA_KIND_REPORT:
			if (window)
				push(&ag->due, d);
			if (late)
				push(&ag->late_rep, d);
			if (d->confidence != CONF_TENTATIVE)
				push(&ag->cycles, d);
			break;
		case AGENDA_KIND_FOLLOWUP:
			if (window)
				push(&ag->fu, d);
			if (late)
				push(&ag->late_fu, d);
			break;
		case AGENDA_KIND_MILESTONE:
			if (late)
				push(&ag->late_ms, d);
			if (strcmp(d->kind, "caribbean_input") == 0 &&
			    d->due < ag->wend)
				push(&ag->carib, d);
			break;
		case AGENDA_KIND_RECHECK:
			if (d->rule == NULL)
				break;
			if (rule_kind(d->rule) == AGENDA_KIND_REPORT)
				push(&ag->due_rc, d);
			else if (rule_kind(d->rule) == AGENDA_KIND_FOLLOWUP)
				push(&ag->fu_rc, d);
			break;
		case AGENDA_KIND_OTHER:
			/* The meeting is not late at itself. */
			if (late && d->rule != NULL &&
			    strcmp(fulfilling(d->rule), "meeting_held") != 0)
				push(&ag->late_other, d);
			break;
		}
	}
	for (size_t i = 0; i < ag->late_ms.n; i++) {
		size_t	 j;

		for (j = 0; j < i; j++)
			if (ag->late_ms.v[j]->inst == ag->late_ms.v[i]->inst)
				break;
		if (j == i)
			ag->late_ms_inst++;
	}
	for (size_t i = 0; i < ag->cycles.n; i++) {
		const struct deadline	*m;
		const struct fact	*f;

		if (held(ag, ag->cycles.v[i], &f, 1) == 0 &&
		    !has_milestone_kind(ag, ag->cycles.v[i], "consultation_held",
		    &m))
			ag->no_consult++;
	}
	ag->co = xcalloc(in->nfacts + 1, sizeof *ag->co);
	for (size_t i = 0; i < in->nfacts; i++) {
		const struct fact	*f = &in->facts[i];

		if (strcmp(f->kind, "co_adopted") == 0 && !superseded(ag, f) &&
		    f->date > ag->previous && f->date <= ag->meeting)
			ag->co[ag->nco++] = f;
	}
	if (ag->nco > 1)
		qsort(ag->co, ag->nco, sizeof *ag->co, engine_cmp_fact);
}

static void
collect_free(struct ag *ag)
{
	struct dlist	*all[] = { &ag->due, &ag->due_rc, &ag->fu, &ag->fu_rc,
	    &ag->late_rep, &ag->late_fu, &ag->late_other, &ag->late_ms,
	    &ag->cycles, &ag->carib };

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		free(all[i]->v);
	free(ag->co);
}

/*
 * Time boxes: a few minutes to introduce an item and a few per entry to
 * discuss, in steps of five, capped so one long list cannot eat the
 * meeting. An empty item is only mentioned: no time of its own.
 */
static int
box(size_t n, int raw, int cap)
{
	if (n == 0)
		return 0;
	raw = (raw + 4) / 5 * 5;
	return raw > cap ? cap : raw;
}

static void
plan(struct ag *ag)
{
	enum lang	 lang = ag->lang;

	ag->minutes[I_OPEN] = 5;
	ag->minutes[I_DUE] = box(ag->due.n + ag->due_rc.n,
	    5 + 5 * (int)ag->due.n + 2 * (int)ag->due_rc.n, 45);
	ag->minutes[I_FOLLOWUP] = box(ag->fu.n + ag->fu_rc.n,
	    5 + 3 * (int)ag->fu.n + 2 * (int)ag->fu_rc.n, 20);
	ag->minutes[I_LATE] = box(ag->late_rep.n + ag->late_fu.n +
	    ag->late_other.n + ag->late_ms.n, 5 + 2 * (int)(ag->late_rep.n +
	    ag->late_fu.n + ag->late_other.n + ag->late_ms_inst), 30);
	ag->minutes[I_CO] = box(ag->nco, 5 + 5 * (int)ag->nco, 30);
	ag->minutes[I_CONSULT] = box(ag->cycles.n, 5 + 2 * (int)ag->cycles.n +
	    3 * (int)ag->no_consult, 30);
	ag->minutes[I_CARIB] = box(ag->carib.n, 5 + 2 * (int)ag->carib.n, 15);
	ag->minutes[I_LETTER] = 10;
	ag->minutes[I_CLOSE] = 5;

	snprintf(ag->title[I_OPEN], sizeof ag->title[0], "%s",
	    W(lang, "Opening en vaststelling van de agenda",
	    "Opening and adoption of the agenda"));
	snprintf(ag->title[I_DUE], sizeof ag->title[0], "%s %d %s",
	    W(lang, "Rapportageprocedures in de komende", "Reporting "
	    "procedures due in the next"), ag->months,
	    words_get(WORD_MONTHS, lang));
	snprintf(ag->title[I_FOLLOWUP], sizeof ag->title[0], "%s %d %s",
	    W(lang, "Follow-upinformatie in de komende", "Follow-up "
	    "information due in the next"), ag->months,
	    words_get(WORD_MONTHS, lang));
	snprintf(ag->title[I_LATE], sizeof ag->title[0], "%s",
	    W(lang, "Achterstanden op de vergaderdatum",
	    "Overdue items as of the meeting date"));
	snprintf(ag->title[I_CO], sizeof ag->title[0], "%s",
	    W(lang, "Slotbeschouwingen sinds de vorige bijeenkomst",
	    "Concluding observations adopted since the previous meeting"));
	snprintf(ag->title[I_CONSULT], sizeof ag->title[0], "%s",
	    W(lang, "Consultatierondes met het maatschappelijk middenveld",
	    "Civil-society consultation rounds"));
	snprintf(ag->title[I_CARIB], sizeof ag->title[0], "%s",
	    W(lang, "Input van Aruba, Curaçao en Sint Maarten",
	    "Input from Aruba, Curaçao and Sint Maarten"));
	snprintf(ag->title[I_LETTER], sizeof ag->title[0], "%s",
	    W(lang, "Punten voor de jaarlijkse kabinetsbrief",
	    "Points for the annual cabinet letter"));
	snprintf(ag->title[I_CLOSE], sizeof ag->title[0], "%s",
	    W(lang, "Rondvraag en sluiting", "Any other business and closing"));

	owner_line(ag, I_OPEN, NULL, NULL, 0);
	owner_line(ag, I_DUE, &ag->due, &ag->due_rc, 0);
	owner_line(ag, I_FOLLOWUP, &ag->fu, &ag->fu_rc, 0);
	owner_line(ag, I_LATE, NULL, NULL, 0);
	owner_line(ag, I_CONSULT, &ag->cycles, NULL, 0);
	owner_line(ag, I_CARIB, &ag->carib, NULL, 1);
	owner_line(ag, I_LETTER, NULL, NULL, 0);
	owner_line(ag, I_CLOSE, NULL, NULL, 0);
	{
		struct dlist	 l;
		const struct deadline	**v = xcalloc(ag->nco + 1, sizeof *v);
		struct deadline		*fake = xcalloc(ag->nco + 1, sizeof *fake);

		/* The leads of the instruments whose COs came in. */
		for (size_t i = 0; i < ag->nco; i++) {
			const struct instrument	*inst = find_inst(ag,
			    ag->co[i]->instrument);

			fake[i].inst = inst;
			v[i] = &fake[i];
		}
		l.v = v;
		l.n = ag->nco;
		owner_line(ag, I_CO, &l, NULL, 0);
		free(v);
		free(fake);
	}
}

static int
total_minutes(const struct ag *ag)
{
	int	 t = 0;

	for (int i = 0; i < NITEMS; i++)
		t += ag->minutes[i];
	return t;
}

static char *
duration_text(enum lang lang, int min, char *out, size_t len)
{
	if (min >= 60 && min % 60 != 0)
		snprintf(out, len, "%d min (%d %s %d min)", min, min / 60,
		    words_get(WORD_HOURS, lang), min % 60);
	else if (min >= 60)
		snprintf(out, len, "%d min (%d %s)", min, min / 60,
		    words_get(WORD_HOURS, lang));
	else
		snprintf(out, len, "%d min", min);
	return out;
}

static void
heading(struct ag *ag, enum item it)
{
	enum lang	 lang = ag->lang;
	char		 id[24], text[200], sub[600];

	snprintf(id, sizeof id, "item-%d", (int)it + 1);
	snprintf(text, sizeof text, "%d. %s", (int)it + 1, ag->title[it]);
	snprintf(sub, sizeof sub, "%s: %s" DOT "%d min",
	    words_get(WORD_LED_BY, lang), ag->owner[it], ag->minutes[it]);
	agenda_doc_h2(&ag->doc, id, text, sub);
}

/* ---------------------------------------------------------------- head */

static void
participants(struct ag *ag, struct buf *b)
{
	enum lang	 lang = ag->lang;
	struct depts	 ds;

	memset(&ds, 0, sizeof ds);
	depts_add(&ds, ag->chair);
	for (size_t i = 0; i < ag->in->ninst; i++) {
		const struct instrument	*inst = &ag->in->inst[i];

		depts_add(&ds, inst->lead);
		for (int j = 0; j < inst->ncontributors; j++)
			depts_add(&ds, inst->contributors[j]);
	}
	for (size_t i = 0; ag->in->tc != NULL && i < ag->in->tc->ncoords; i++)
		depts_add(&ds, ag->in->tc->coords[i].department);
	if (ds.n > 1)
		qsort(ds.code[1], ds.n - 1, sizeof ds.code[0], cmp_code);
	buf_printf(b, "%s %s (%s)", W(lang, "coördinatoren van",
	    "coordinators of"), ds.code[0], W(lang, "voorzitter", "chair"));
	if (ds.n > 1) {
		buf_puts(b, ds.n > 2 ? ", " : words_get(WORD_AND, lang));
		join(b, ag->lang, &ds, 1);
	}
	buf_puts(b, W(lang, "; ambtenaren van Aruba, Curaçao en Sint Maarten "
	    "zijn uitgenodigd", "; officials of Aruba, Curaçao and Sint Maarten "
	    "are invited"));
}

static void
head(struct ag *ag, enum agenda_format fmt)
{
	struct agenda_doc	*doc = &ag->doc;
	struct buf		 b;
	char			 d1[64], d2[64], s[512], *p;
	enum lang		 lang = ag->lang;

	agenda_doc_begin(doc, fmt, ag->lang, W(lang, "Conceptagenda jaarlijkse "
	    "bijeenkomst netwerk van coördinatoren mensenrechtenverdragen",
	    "Draft agenda \xE2\x80\x94 annual meeting of the network of "
	    "human-rights treaty coordinators"), day_week(ag, ag->meeting, d1,
	    sizeof d1));
	snprintf(s, sizeof s, "%s (%s)", text_department(ag->in->tc, ag->chair,
	    ag->langname), ag->chair);
	if (strcmp(text_department(ag->in->tc, ag->chair, ag->langname),
	    ag->chair) == 0)
		snprintf(s, sizeof s, "%s", ag->chair);
	agenda_doc_meta(doc, words_get(WORD_CHAIR, lang), s);
	buf_init(&b, 4096);
	participants(ag, &b);
	p = buf_take(&b);
	agenda_doc_meta(doc, W(lang, "Deelnemers", "Participants"), p);
	free(p);
	agenda_doc_meta(doc, W(lang, "Vorige bijeenkomst", "Previous meeting"),
	    day(ag, ag->previous, d1, sizeof d1));
	snprintf(s, sizeof s, "%s %s %s (%d %s)", day(ag, ag->meeting, d1,
	    sizeof d1), words_get(WORD_UP_TO_AND_INCLUDING, lang),
	    day(ag, ag->wend - 1, d2, sizeof d2), ag->months,
	    words_get(WORD_MONTHS, lang));
	agenda_doc_meta(doc, W(lang, "Planningsperiode", "Planning window"), s);
	agenda_doc_meta(doc, W(lang, "Peildatum deadlines", "Deadlines as of"),
	    day(ag, ag->in->today, d1, sizeof d1));
	agenda_doc_meta(doc, W(lang, "Totale tijd", "Total time"),
	    duration_text(lang, total_minutes(ag), d1, sizeof d1));
}

static void
overview(struct ag *ag)
{
	enum lang		 lang = ag->lang;
	const char *const	 heads[] = {
		W(lang, "Nr.", "No."),
		W(lang, "Agendapunt", "Item"),
		words_get(WORD_LED_BY, lang),
		W(lang, "Tijd", "Time")
	};
	char	 nr[8], min[16], line[800];

	agenda_doc_h2(&ag->doc, "agenda", W(lang, "Agenda", "Agenda"), NULL);
	if (ag->doc.fmt == AGENDA_TEXT) {
		for (int i = 0; i < NITEMS; i++) {
			snprintf(line, sizeof line, "%s (%d min)", ag->title[i],
			    ag->minutes[i]);
			numbered(&ag->doc, i + 1, line);
		}
		return;
	}
	agenda_doc_table(&ag->doc, 4, heads, 0);
	for (int i = 0; i < NITEMS; i++) {
		const char	*cells[4];

		snprintf(nr, sizeof nr, "%d", i + 1);
		snprintf(min, sizeof min, "%d min", ag->minutes[i]);
		cells[0] = nr;
		cells[1] = ag->title[i];
		cells[2] = ag->owner[i];
		cells[3] = min;
		agenda_doc_row(&ag->doc, cells, 0, NULL);
	}
	agenda_doc_table_end(&ag->doc);
}

/* ---------------------------------------------------------------- items */

/* Due date, instrument, what, cycle, status, confidence, lead. */
static void
due_table(struct ag *ag, const struct dlist *l)
{
	enum lang		 lang = ag->lang;
	const char *const	 heads[] = {
		words_get(WORD_DUE, lang),
		words_get(WORD_INSTRUMENT, lang),
		words_get(WORD_WHAT, lang),
		words_get(WORD_CYCLE, lang),
		words_get(WORD_STATUS, lang),
		words_get(WORD_CONFIDENCE, lang),
		words_get(WORD_LEAD, lang)
	};

	agenda_doc_table(&ag->doc, 7, heads, 0x78);
	for (size_t i = 0; i < l->n; i++) {
		const struct deadline	*d = l->v[i];
		char			 due[100], w[320], conf[40];
		const char		*cells[7];

		cells[0] = due_planned(ag, d, due, sizeof due);
		cells[1] = d->inst->code;
		cells[2] = what(ag, d, w, sizeof w);
		cells[3] = cycle_of(d);
		cells[4] = text_status(status_at(ag, d), ag->langname);
		cells[5] = text_confidence_word(d->confidence, ag->langname,
		    conf, sizeof conf);
		cells[6] = lead_of(d);
		agenda_doc_row(&ag->doc, cells, 0,
		    d->confidence == CONF_TENTATIVE ? "expected" : NULL);
	}
	agenda_doc_table_end(&ag->doc);
}

/* Dates still to be set by the body: say when to check again. */
static void
rechecks(struct ag *ag, const struct dlist *l)
{
	enum lang	 lang = ag->lang;
	char		 d1[40], s[600];

	if (l->n == 0)
		return;
	agenda_doc_para(&ag->doc, W(lang, "Nog geen datum vastgesteld door "
	    "het toezichthoudende orgaan:", "No date set yet by the monitoring "
	    "body:"), 0);
	for (size_t i = 0; i < l->n; i++) {
		const struct deadline	*d = l->v[i];

		snprintf(s, sizeof s, "%s: %s%s%s%s; %s %s", d->inst->code,
		    rule_label(ag, d),
		    d->cycle[0] ? " (" : "", d->cycle, d->cycle[0] ? ")" : "",
		    W(lang, "opnieuw nagaan op", "check again on"),
		    day(ag, d->due, d1, sizeof d1));
		agenda_doc_bullet(&ag->doc, s);
	}
}

static void
procedure(struct ag *ag, const struct deadline *p)
{
	enum lang		 lang = ag->lang;
	const char *const	 heads[] = {
		words_get(WORD_DUE, lang),
		W(lang, "Mijlpaal", "Milestone"),
		words_get(WORD_OWNER, lang)
	};
	const struct instrument	*inst = p->inst;
	struct buf		 b;
	char			 w[400], s[700], d1[40], *t;
	size_t			 ahead = 0, late = 0;

	snprintf(s, sizeof s, "%s: %s", inst->code, what_cycle(ag, p, w,
	    sizeof w));
	agenda_doc_h3(&ag->doc, s);
	snprintf(s, sizeof s, "%s: %s (%s)", words_get(WORD_INSTRUMENT, lang),
	    text_instrument(inst, ag->langname), inst->body != NULL ?
	    inst->body : DASH);
	agenda_doc_bullet(&ag->doc, s);

	buf_init(&b, 8192);
	buf_printf(&b, "%s: ", W(lang, "Trekker", "Lead department"));
	if (inst->lead[0] != '\0') {
		const char	*name = text_department(ag->in->tc, inst->lead,
		    ag->langname);

		if (strcmp(name, inst->lead) != 0)
			buf_printf(&b, "%s (%s)", inst->lead, name);
		else
			buf_puts(&b, inst->lead);
	} else
		buf_puts(&b, words_get(WORD_NOT_YET_KNOWN, lang));
	for (int i = 0; i < inst->ncontributors; i++)
		buf_printf(&b, "%s%s", i ? ", " : W(lang, "; bijdragend: ",
		    "; contributing: "), inst->contributors[i]);
	t = buf_take(&b);
	agenda_doc_bullet(&ag->doc, t);
	free(t);

	buf_init(&b, 8192);
	buf_printf(&b, "%s: ", words_get(WORD_COORDINATORS, lang));
	if (text_coordinators(&b, ag->in->tc, p->inst->code, ag->langname) == 0)
		buf_puts(&b, W(lang, "nog niet aangewezen",
		    "none assigned yet"));
	t = buf_take(&b);
	agenda_doc_bullet(&ag->doc, t);
	free(t);

	/* Done, late (see item 4) and still ahead. */
	buf_init(&b, 8192);
	for (size_t i = 0; i < ag->in->n; i++) {
		const struct deadline	*m = &ag->in->v[i];
		char			 lab[256];

		if (strcmp(m->parent, p->id) != 0 || m->rule == NULL ||
		    m->rule->type != RULE_MILESTONE)
			continue;
		if (m->status == STATUS_MET) {
			buf_printf(&b, "%s%s (%s)", b.len ? "; " : "",
			    engine_label(m, ag->langname, lab, sizeof lab),
			    day(ag, m->met_on != DATE_NONE ? m->met_on : m->due,
			    d1, sizeof d1));
		} else if (late_at(ag, m))
			late++;
		else if (is_open(m) && m->due >= ag->meeting)
			ahead++;
	}
	if (b.len > 0) {
		t = buf_take(&b);
		snprintf(s, sizeof s, "%s: %s", W(lang, "Afgerond", "Done"), t);
		free(t);
		agenda_doc_bullet(&ag->doc, s);
	} else
		buf_free(&b);
	if (late > 0) {
		snprintf(s, sizeof s, "%s: %zu (%s)", W(lang,
		    "Te late mijlpalen", "Overdue milestones"), late,
		    W(lang, "zie punt 4", "see item 4"));
		agenda_doc_bullet(&ag->doc, s);
	}
	if (ahead == 0) {
		snprintf(s, sizeof s, "%s: %s",
		    words_get(WORD_INTERNAL_MILESTONES_AHEAD, lang),
		    W(lang, "geen", "none"));
		agenda_doc_bullet(&ag->doc, s);
		return;
	}
	snprintf(s, sizeof s, "%s:",
	    words_get(WORD_INTERNAL_MILESTONES_AHEAD, lang));
	agenda_doc_bullet(&ag->doc, s);
	agenda_doc_table(&ag->doc, 3, heads, 0x4);
	for (size_t i = 0; i < ag->in->n; i++) {
		const struct deadline	*m = &ag->in->v[i];
		const char		*cells[3];
		char			 lab[320];

		if (strcmp(m->parent, p->id) != 0 || m->rule == NULL ||
		    m->rule->type != RULE_MILESTONE || !is_open(m) ||
		    late_at(ag, m) || m->due < ag->meeting)
			continue;
		cells[0] = day(ag, m->due, d1, sizeof d1);
		cells[1] = what(ag, m, lab, sizeof lab);
		cells[2] = owner_of(m);
		agenda_doc_row(&ag->doc, cells, 0, m->confidence ==
		    CONF_TENTATIVE ? "expected" : NULL);
	}
	agenda_doc_table_end(&ag->doc);
}

static void
item_due(struct ag *ag)
{
	enum lang	 lang = ag->lang;
	char		 d1[40], d2[40], s[600];
	int		 tentative = 0;

	heading(ag, I_DUE);
	if (ag->due.n == 0 && ag->due_rc.n == 0) {
		agenda_doc_none(&ag->doc);
		return;
	}
	for (size_t i = 0; i < ag->due.n; i++)
		tentative |= ag->due.v[i]->confidence == CONF_TENTATIVE;
	snprintf(s, sizeof s, W(lang, "Rapportages en antwoorden op lijsten "
	    "van vragen met een uiterste datum van %s tot en met %s, met de "
	    "interne mijlpalen die nog komen.%s", "Reports and replies to lists "
	    "of issues due from %s up to and including %s, with the internal "
	    "milestones still ahead.%s"), day(ag, ag->meeting, d1, sizeof d1),
	    day(ag, ag->wend - 1, d2, sizeof d2), !tentative ? "" :
	    W(lang, " Een verwachte datum is doorgerekend uit de vorige "
	    "cyclus en nog niet door het orgaan vastgesteld.", " An expected "
	    "date is projected from the previous cycle and not yet set by the "
	    "body."));
	agenda_doc_para(&ag->doc, s, 0);
	if (ag->due.n > 0)
		due_table(ag, &ag->due);
	rechecks(ag, &ag->due_rc);
	for (size_t i = 0; i < ag->due.n; i++)
		procedure(ag, ag->due.v[i]);
}

static void
item_followup(struct ag *ag)
{
	enum lang		 lang = ag->lang;
	char			 d1[40], d2[40], s[400];
	struct recreport	 rp;

	memset(&rp, 0, sizeof rp);
	rp.recs = ag->in->tc != NULL ? ag->in->tc->recs : NULL;
	rp.rules = ag->in->tc != NULL ? ag->in->tc->rules : NULL;
	rp.v = ag->in->v;
	rp.n = ag->in->n;
	rp.tc = ag->in->tc;
	rp.lang = ag->langname;
	rp.from = ag->meeting;
	rp.to = ag->wend;
	heading(ag, I_FOLLOWUP);
	if (ag->fu.n == 0 && ag->fu_rc.n == 0 && !recreport_any(&rp)) {
		agenda_doc_none(&ag->doc);
		return;
	}
	if (ag->fu.n == 0 && ag->fu_rc.n == 0) {
		recreport_agenda(&rp, &ag->doc);
		return;
	}
	snprintf(s, sizeof s, W(lang, "Follow-upinformatie over aanbevelingen "
	    "en tussentijdse rapportages met een uiterste datum van %s tot en "
	    "met %s.", "Follow-up information on recommendations and interim or "
	    "mid-term reports due from %s up to and including %s."),
	    day(ag, ag->meeting, d1, sizeof d1),
	    day(ag, ag->wend - 1, d2, sizeof d2));
	agenda_doc_para(&ag->doc, s, 0);
	if (ag->fu.n > 0)
		due_table(ag, &ag->fu);
	rechecks(ag, &ag->fu_rc);
	recreport_agenda(&rp, &ag->doc);
}

static void
late_table(struct ag *ag, const char *title, const struct dlist *l)
{
	enum lang		 lang = ag->lang;
	const char *const	 heads[] = {
		words_get(WORD_INSTRUMENT, lang),
		words_get(WORD_WHAT, lang),
		words_get(WORD_CYCLE, lang),
		words_get(WORD_DUE, lang),
		words_get(WORD_LATE_BY, lang),
		words_get(WORD_LEAD, lang)
	};

	if (l->n == 0)
		return;
	agenda_doc_h3(&ag->doc, title);
	agenda_doc_table(&ag->doc, 6, heads, 0x3c);
	for (size_t i = 0; i < l->n; i++) {
		const struct deadline	*d = l->v[i];
		const char		*cells[6];
		char			 w[320], due[100], late[64];

		cells[0] = d->inst->code;
		cells[1] = what(ag, d, w, sizeof w);
		cells[2] = d->rule != NULL && d->rule->type == RULE_YEARLY ?
		    DASH : cycle_of(d);
		cells[3] = due_planned(ag, d, due, sizeof due);
		cells[4] = lateness(ag->lang, d->due, ag->meeting, late,
		    sizeof late);
		cells[5] = lead_of(d);
		agenda_doc_row(&ag->doc, cells, 0, "late");
	}
	agenda_doc_table_end(&ag->doc);
}

static void
item_late(struct ag *ag)
{
	enum lang		 lang = ag->lang;
	const char *const	 heads[] = {
		words_get(WORD_INSTRUMENT, lang),
		W(lang, "Aantal", "Count"),
		W(lang, "Oudste", "Oldest"),
		words_get(WORD_DUE, lang),
		words_get(WORD_LATE_BY, lang)
	};
	char	 d1[40], s[400];

	heading(ag, I_LATE);
	if (ag->late_rep.n + ag->late_fu.n + ag->late_other.n +
	    ag->late_ms.n == 0) {
		agenda_doc_none(&ag->doc);
		return;
	}
	snprintf(s, sizeof s, W(lang, "Termijnen die op %s verstreken zijn "
	    "zonder dat de indiening of afronding is vastgelegd, de oudste "
	    "eerst.", "Deadlines that have passed by %s with no submission or "
	    "completion recorded, oldest first."), day(ag, ag->meeting, d1,
	    sizeof d1));
	agenda_doc_para(&ag->doc, s, 0);
	late_table(ag, W(lang, "Rapportages", "Reports"), &ag->late_rep);
	late_table(ag, words_get(WORD_FOLLOWUP_INFORMATION, lang),
	    &ag->late_fu);
	late_table(ag, W(lang, "Overige termijnen", "Other deadlines"),
	    &ag->late_other);
	if (ag->late_ms.n == 0)
		return;
	agenda_doc_h3(&ag->doc, W(lang, "Interne mijlpalen (per verdrag)",
	    "Internal milestones (per instrument)"));
	agenda_doc_table(&ag->doc, 5, heads, 0x1e);
	for (size_t i = 0; i < ag->late_ms.n; i++) {
		const struct deadline	*m = ag->late_ms.v[i];
		const struct deadline	*p;
		const char		*cells[5];
		char			 n[16], lab[256], old[600], late[64];
		size_t			 k = 0, j;

		for (j = 0; j < i; j++)
			if (ag->late_ms.v[j]->inst == m->inst)
				break;
		if (j < i)
			continue;	/* counted with its oldest */
		for (j = i; j < ag->late_ms.n; j++)
			k += ag->late_ms.v[j]->inst == m->inst;
		snprintf(n, sizeof n, "%zu", k);
		engine_label(m, ag->langname, lab, sizeof lab);
		p = m->parent[0] ? find_id(ag, m->parent) : NULL;
		if (p != NULL) {
			char	 pw[400];

			snprintf(old, sizeof old, "%s; %s %s", lab,
			    W(lang, "voor", "for"), what_cycle(ag, p, pw,
			    sizeof pw));
		} else
			snprintf(old, sizeof old, "%s", lab);
		cells[0] = m->inst->code;
		cells[1] = n;
		cells[2] = old;
		cells[3] = day(ag, m->due, d1, sizeof d1);
		cells[4] = lateness(ag->lang, m->due, ag->meeting, late,
		    sizeof late);
		agenda_doc_row(&ag->doc, cells, 0, "late");
	}
	agenda_doc_table_end(&ag->doc);
}

/* What follows from a CO: the deadlines it is the provenance of. */
static void
follows(struct ag *ag, const struct fact *f, struct buf *b)
{
	enum lang	 lang = ag->lang;
	int		 n = 0;

	for (size_t i = 0; i < ag->in->n; i++) {
		const struct deadline	*d = &ag->in->v[i];
		char			 w[400], d1[40];
		int			 mine = 0;

		for (int k = 0; k < d->nfacts; k++)
			mine |= d->facts[k] == f->id;
		if (!mine || d->status == STATUS_SUPERSEDED ||
		    agenda_kind_of(d) == AGENDA_KIND_MILESTONE)
			continue;
		if (n++ > 0)
			buf_puts(b, "; ");
		if (agenda_kind_of(d) == AGENDA_KIND_RECHECK) {
			buf_printf(b, "%s%s%s%s: %s", rule_label(ag, d),
			    d->cycle[0] ? " (" : "", d->cycle, d->cycle[0] ?
			    ")" : "", W(lang, "datum nog niet vastgesteld",
			    "date not yet set"));
		} else if (d->status == STATUS_MET)
			buf_printf(b, "%s: %s %s", what_cycle(ag, d, w, sizeof w),
			    W(lang, "ingediend op", "submitted on"),
			    day(ag, d->met_on, d1, sizeof d1));
		else
			buf_printf(b, "%s %s %s", what_cycle(ag, d, w, sizeof w),
			    words_get(WORD_DUE_BY, lang),
			    day(ag, d->due, d1, sizeof d1));
	}
	if (n == 0)
		buf_puts(b, words_get(WORD_NO_FOLLOWUP_DATE, lang));
}

static void
item_co(struct ag *ag)
{
	enum lang		 lang = ag->lang;
	const char *const	 heads[] = {
		words_get(WORD_INSTRUMENT, lang),
		words_get(WORD_ADOPTED_ON, lang),
		words_get(WORD_SYMBOL, lang),
		words_get(WORD_WHAT_FOLLOWS, lang)
	};
	char	 d1[40], d2[40], s[400];

	heading(ag, I_CO);
	snprintf(s, sizeof s, W(lang, "Slotbeschouwingen en uitkomsten "
	    "vastgesteld na de vorige bijeenkomst (%s) tot en met %s.",
	    "Concluding observations and outcomes adopted after the previous "
	    "meeting (%s) up to and including %s."), day(ag, ag->previous, d1,
	    sizeof d1), day(ag, ag->meeting, d2, sizeof d2));
	agenda_doc_para(&ag->doc, s, 0);
	if (ag->nco == 0) {
		agenda_doc_none(&ag->doc);
		return;
	}
	agenda_doc_table(&ag->doc, 4, heads, 0x8);
	for (size_t i = 0; i < ag->nco; i++) {
		const struct fact	*f = ag->co[i];
		const char		*cells[4];
		struct buf		 b;
		char			*t;

		buf_init(&b, 8192);
		follows(ag, f, &b);
		t = buf_take(&b);
		cells[0] = f->instrument;
		cells[1] = day(ag, f->date, d1, sizeof d1);
		cells[2] = f->symbol != NULL && f->symbol[0] ? f->symbol : DASH;
		cells[3] = t;
		agenda_doc_row(&ag->doc, cells, 0, NULL);
		free(t);
	}
	agenda_doc_table_end(&ag->doc);
}

static void
item_consult(struct ag *ag)
{
	enum lang		 lang = ag->lang;
	const char *const	 heads[] = {
		words_get(WORD_INSTRUMENT, lang),
		words_get(WORD_REPORT, lang),
		words_get(WORD_DUE, lang),
		W(lang, "Consultatieronde", "Consultation round")
	};
	struct buf	 b;
	char		*t;
	int		 n = 0;

	heading(ag, I_CONSULT);
	agenda_doc_para(&ag->doc, W(lang, "Het kabinet zet in op in ieder "
	    "geval één consultatieronde met het maatschappelijk middenveld per "
	    "rapportagecyclus. Per lopende cyclus: gehouden, gepland of "
	    "ontbrekend.", "The cabinet has committed to at least one "
	    "consultation round with civil society per reporting cycle. For "
	    "each current cycle: held, planned or missing."), 0);
	if (ag->cycles.n == 0) {
		agenda_doc_none(&ag->doc);
		return;
	}
	agenda_doc_table(&ag->doc, 4, heads, 0);
	for (size_t i = 0; i < ag->cycles.n; i++) {
		const struct deadline	*d = ag->cycles.v[i];
		const struct deadline	*m;
		const struct fact	*f[8];
		const char		*cells[4];
		char			 w[400], due[40], d1[40], st[600];
		size_t			 nh = held(ag, d, f, 8);
		int			 missing = 0, overdue = 0;

		if (nh > 0) {
			size_t	 len;

			len = (size_t)snprintf(st, sizeof st, "%s ",
			    words_get(WORD_HELD_ON, lang));
			for (size_t k = 0; k < nh && k < 8 && len < sizeof st;
			    k++)
				len += (size_t)snprintf(st + len, sizeof st - len,
				    "%s%s", k == 0 ? "" : k + 1 == nh ?
				    words_get(WORD_AND, lang) : ", ",
				    day(ag, f[k]->date, d1, sizeof d1));
		} else if (has_milestone_kind(ag, d, "consultation_held", &m)) {
			if (m->status == STATUS_MET)
				snprintf(st, sizeof st, "%s %s",
				    words_get(WORD_HELD_ON, lang),
				    day(ag, m->met_on, d1, sizeof d1));
			else if (late_at(ag, m)) {
				snprintf(st, sizeof st, "%s %s; %s", W(lang,
				    "gepland uiterlijk", "planned by"), day(ag,
				    m->due, d1, sizeof d1), W(lang,
				    "nog niet gehouden", "not yet held"));
				overdue = 1;
			} else
				snprintf(st, sizeof st, "%s %s", W(lang,
				    "gepland, uiterlijk", "planned by"), day(ag,
				    m->due, d1, sizeof d1));
		} else {
			missing = 1;
			snprintf(st, sizeof st, "%s", W(lang, "Ontbreekt: "
			    "geen consultatieronde gepland of gehouden",
			    "Missing: no consultation round planned or held"));
		}
		cells[0] = d->inst->code;
		cells[1] = what_cycle(ag, d, w, sizeof w);
		cells[2] = day(ag, d->due, due, sizeof due);
		cells[3] = st;
		agenda_doc_row(&ag->doc, cells, missing || overdue ? 0x8 : 0,
		    missing ? "flag" : overdue || late_at(ag, d) ? "late" :
		    NULL);
	}
	agenda_doc_table_end(&ag->doc);
	if (ag->no_consult == 0)
		return;
	buf_init(&b, 8192);
	buf_printf(&b, "%s: ", ag->no_consult == 1 ?
	    W(lang, "Cyclus zonder consultatieronde",
	    "Cycle without a consultation round") :
	    W(lang, "Cycli zonder consultatieronde",
	    "Cycles without a consultation round"));
	for (size_t i = 0; i < ag->cycles.n; i++) {
		const struct deadline	*d = ag->cycles.v[i];
		const struct deadline	*m;
		const struct fact	*f;
		char			 w[400];

		if (held(ag, d, &f, 1) > 0 ||
		    has_milestone_kind(ag, d, "consultation_held", &m))
			continue;
		buf_printf(&b, "%s%s, %s", n++ ? "; " : "", d->inst->code,
		    what_cycle(ag, d, w, sizeof w));
	}
	buf_puts(&b, W(lang, ". Voorstel: per cyclus afspreken wie de "
	    "consultatieronde organiseert en wanneer.", ". Proposal: agree for "
	    "each cycle who organises the consultation round and when."));
	t = buf_take(&b);
	agenda_doc_para(&ag->doc, t, 1);
	free(t);
}

static void
item_carib(struct ag *ag)
{
	enum lang		 lang = ag->lang;
	const char *const	 heads[] = {
		words_get(WORD_DUE, lang),
		words_get(WORD_INSTRUMENT, lang),
		W(lang, "Voor", "For"),
		words_get(WORD_STATUS, lang),
		W(lang, "Via", "Through")
	};
	char	 d1[40], s[400];

	heading(ag, I_CARIB);
	snprintf(s, sizeof s, W(lang, "Openstaande input van de Caribische "
	    "landen van het Koninkrijk voor rapportages van het Koninkrijk, met "
	    "een uiterste datum tot en met %s.", "Outstanding input from the "
	    "Caribbean countries of the Kingdom for Kingdom reports, due up to "
	    "and including %s."), day(ag, ag->wend - 1, d1, sizeof d1));
	agenda_doc_para(&ag->doc, s, 0);
	if (ag->carib.n == 0) {
		agenda_doc_none(&ag->doc);
		return;
	}
	agenda_doc_table(&ag->doc, 5, heads, 0x10);
	for (size_t i = 0; i < ag->carib.n; i++) {
		const struct deadline	*m = ag->carib.v[i];
		const struct deadline	*p = m->parent[0] ?
		    find_id(ag, m->parent) : NULL;
		const char		*cells[5];
		char			 due[40], pd[40], w[400], what_for[600];
		char			 st[120], late[64];

		if (p != NULL)
			snprintf(what_for, sizeof what_for, "%s, %s %s",
			    what_cycle(ag, p, w, sizeof w),
			    words_get(WORD_DUE_BY, lang),
			    day(ag, p->due, pd, sizeof pd));
		else
			snprintf(what_for, sizeof what_for, "%s", DASH);
		if (late_at(ag, m))
			snprintf(st, sizeof st, "%s: %s",
			    text_status(STATUS_OVERDUE, ag->langname),
			    lateness(ag->lang, m->due, ag->meeting, late,
			    sizeof late));
		else if (m->confidence == CONF_TENTATIVE)
			snprintf(st, sizeof st, "%s (%s)",
			    text_status(STATUS_OPEN, ag->langname),
			    words_get(WORD_EXPECTED, lang));
		else
			snprintf(st, sizeof st, "%s",
			    text_status(STATUS_OPEN, ag->langname));
		cells[0] = day(ag, m->due, due, sizeof due);
		cells[1] = m->inst->code;
		cells[2] = what_for;
		cells[3] = st;
		cells[4] = owner_of(m);
		agenda_doc_row(&ag->doc, cells, 0, late_at(ag, m) ? "late" :
		    m->confidence == CONF_TENTATIVE ? "expected" : NULL);
	}
	agenda_doc_table_end(&ag->doc);
}

/* "2 (CAT, FCNM)" or "0": facts of a kind since the previous meeting. */
static void
count_facts(struct ag *ag, const char *kind, struct buf *b)
{
	struct depts	 ds;
	size_t		 n = 0;

	memset(&ds, 0, sizeof ds);
	for (size_t i = 0; i < ag->in->nfacts; i++) {
		const struct fact	*f = &ag->in->facts[i];

		if (strcmp(f->kind, kind) != 0 || superseded(ag, f) ||
		    f->date <= ag->previous || f->date > ag->meeting)
			continue;
		n++;
		depts_add(&ds, f->instrument);
	}
	buf_printf(b, "%zu", n);
	if (ds.n > 0) {
		qsort(ds.code, ds.n, sizeof ds.code[0], cmp_code);
		buf_puts(b, " (");
		for (size_t i = 0; i < ds.n; i++)
			buf_printf(b, "%s%s", i ? ", " : "", ds.code[i]);
		buf_puts(b, ")");
	}
}

static void
bullet_count(struct ag *ag, const char *label, const char *kind)
{
	struct buf	 b;
	char		*t;

	buf_init(&b, 8192);
	buf_printf(&b, "%s: ", label);
	count_facts(ag, kind, &b);
	t = buf_take(&b);
	agenda_doc_bullet(&ag->doc, t);
	free(t);
}

static void
item_letter(struct ag *ag)
{
	const struct deadline	*next = NULL;
	char			 d1[40], s[600], late[64];
	enum lang		 lang = ag->lang;

	heading(ag, I_LETTER);
	snprintf(s, sizeof s, W(lang, "Sinds de vorige bijeenkomst (%s):",
	    "Since the previous meeting (%s):"), day(ag, ag->previous, d1,
	    sizeof d1));
	agenda_doc_para(&ag->doc, s, 0);
	bullet_count(ag, words_get(WORD_REPORTS_SUBMITTED, lang),
	    "report_submitted");
	bullet_count(ag, words_get(WORD_CO_RECEIVED, lang), "co_adopted");
	bullet_count(ag, words_get(WORD_FOLLOWUP_SUBMITTED, lang),
	    "followup_submitted");
	bullet_count(ag, W(lang, "Consultatierondes gehouden",
	    "Consultation rounds held"), "consultation_held");
	{
		struct buf	 b;
		char		*t;

		buf_init(&b, 1024);
		buf_printf(&b, "%s: %zu %s, %zu %s", W(lang, "Achterstanden op "
		    "de vergaderdatum", "Overdue on the meeting date"),
		    ag->late_rep.n, ag->late_rep.n == 1 ? W(lang,
		    "rapportage", "report") : W(lang, "rapportages",
		    "reports"), ag->late_fu.n,
		    ag->late_fu.n == 1 ? "follow-up" : "follow-ups");
		if (ag->late_other.n > 0)
			buf_printf(&b, ", %zu %s", ag->late_other.n,
			    ag->late_other.n == 1 ? W(lang, "overige termijn",
			    "other deadline") : W(lang, "overige termijnen",
			    "other deadlines"));
		buf_printf(&b, "%s%zu %s%s", words_get(WORD_AND, lang),
		    ag->late_ms.n, words_get(ag->late_ms.n == 1 ?
		    WORD_INTERNAL_MILESTONE : WORD_INTERNAL_MILESTONES, lang),
		    ag->late_rep.n + ag->late_fu.n +
		    ag->late_other.n + ag->late_ms.n > 0 ? W(lang,
		    " (zie punt 4)", " (see item 4)") : "");
		t = buf_take(&b);
		agenda_doc_bullet(&ag->doc, t);
		free(t);
	}
	{
		struct depts	 ds;
		struct buf	 b;
		char		*t;

		memset(&ds, 0, sizeof ds);
		for (size_t i = 0; i < ag->cycles.n; i++) {
			const struct deadline	*m;
			const struct fact	*f;

			if (held(ag, ag->cycles.v[i], &f, 1) == 0 &&
			    !has_milestone_kind(ag, ag->cycles.v[i],
			    "consultation_held", &m))
				depts_add(&ds, ag->cycles.v[i]->inst->code);
		}
		buf_init(&b, 1024);
		buf_printf(&b, "%s: %zu", W(lang, "Lopende cycli zonder "
		    "consultatieronde", "Current cycles without a consultation "
		    "round"), ag->no_consult);
		if (ds.n > 0) {
			buf_puts(&b, " (");
			for (size_t i = 0; i < ds.n; i++)
				buf_printf(&b, "%s%s", i ? ", " : "", ds.code[i]);
			buf_puts(&b, ")");
		}
		t = buf_take(&b);
		agenda_doc_bullet(&ag->doc, t);
		free(t);
	}

	for (size_t i = 0; i < ag->in->n; i++) {
		const struct deadline	*d = &ag->in->v[i];

		if (d->rule != NULL && agenda_kind_of(d) == AGENDA_KIND_OTHER &&
		    strcmp(fulfilling(d->rule), "letter_sent") == 0 &&
		    is_open(d) && (next == NULL || d->due < next->due))
			next = d;
	}
	if (next == NULL)
		snprintf(s, sizeof s, "%s: %s",
		    words_get(WORD_NEXT_CABINET_LETTER, lang),
		    W(lang, "geen termijn berekend", "no deadline computed"));
	else if (late_at(ag, next))
		snprintf(s, sizeof s, "%s: %s %s, %s %s",
		    words_get(WORD_NEXT_CABINET_LETTER, lang),
		    words_get(WORD_DUE_BY, lang), day(ag, next->due, d1,
		    sizeof d1), W(lang, "te laat:", "overdue by"),
		    lateness(lang, next->due,
		    ag->meeting, late, sizeof late));
	else
		snprintf(s, sizeof s, "%s: %s %s",
		    words_get(WORD_NEXT_CABINET_LETTER, lang),
		    words_get(WORD_DUE_BY, lang), day(ag, next->due, d1,
		    sizeof d1));
	agenda_doc_bullet(&ag->doc, s);
}

static void
item_close(struct ag *ag)
{
	enum lang		 lang = ag->lang;
	const struct deadline	*next = NULL;
	char			 d1[64], s[300];

	heading(ag, I_CLOSE);
	for (size_t i = 0; i < ag->in->n; i++) {
		const struct deadline	*d = &ag->in->v[i];

		if (d->rule != NULL && d->rule->type == RULE_YEARLY &&
		    strcmp(fulfilling(d->rule), "meeting_held") == 0 &&
		    is_open(d) && d->due > ag->meeting &&
		    (next == NULL || d->due < next->due))
			next = d;
	}
	if (next == NULL) {
		agenda_doc_para(&ag->doc, W(lang, "Rondvraag; datum van de "
		    "volgende bijeenkomst.", "Any other business; date of the "
		    "next meeting."), 0);
		return;
	}
	snprintf(s, sizeof s, "%s %s%s.", W(lang, "Rondvraag; volgende "
	    "bijeenkomst:", "Any other business; next meeting:"),
	    day_week(ag, next->due, d1, sizeof d1),
	    next->confidence == CONF_CONFIRMED ? "" : W(lang,
	    " (voorlopige datum, vast te stellen door de voorzitter)",
	    " (provisional date, to be set by the chair)"));
	agenda_doc_para(&ag->doc, s, 0);
}

char *
agenda_render(const struct agenda_input *in, enum agenda_format fmt)
{
	static const struct duration	 year = { 1, 0, 0, 0 };
	struct ag			 ag;
	struct duration			 span = { 0, 0, 0, 0 };
	char				 d1[40], foot[300];

	memset(&ag, 0, sizeof ag);
	ag.in = in;
	ag.lang = lang_or_fallback(in->lang);
	ag.langname = lang_name(ag.lang);
	ag.chair = in->chair != NULL && in->chair[0] != '\0' ? in->chair :
	    "BZK";
	ag.meeting = in->meeting;
	ag.previous = in->previous != DATE_NONE ? in->previous :
	    date_add(in->meeting, &year, -1);
	ag.months = in->months <= 0 ? AGENDA_MONTHS_DEFAULT :
	    in->months > AGENDA_MONTHS_MAX ? AGENDA_MONTHS_MAX : in->months;
	span.months = ag.months;
	ag.wend = date_add(ag.meeting, &span, 1);

	collect(&ag);
	plan(&ag);
	head(&ag, fmt);
	overview(&ag);
	heading(&ag, I_OPEN);
	item_due(&ag);
	item_followup(&ag);
	item_late(&ag);
	item_co(&ag);
	item_consult(&ag);
	item_carib(&ag);
	item_letter(&ag);
	item_close(&ag);
	collect_free(&ag);
	snprintf(foot, sizeof foot, W(ag.lang, "Opgesteld door treatyd uit de "
	    "cyclusregels en de vastgelegde feiten; peildatum deadlines %s.",
	    "Prepared by treatyd from the cycle rules and the recorded facts; "
	    "deadlines as of %s."), day(&ag, in->today, d1, sizeof d1));
	return agenda_doc_end(&ag.doc, foot);
}
