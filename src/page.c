#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "date.h"
#include "engine.h"
#include "escape.h"
#include "page.h"
#include "text.h"
#include "words.h"
#include "xmalloc.h"

/* Timeline geometry in SVG user units; one unit is about one CSS pixel
 * in the 1200px container of a laptop screen. */
#define SVG_W		1160
#define LABEL_W		112	/* instrument codes */
#define LATE_W		52	/* deadlines overdue from before the window */
#define PAD_R		14
#define HEAD_H		40	/* year and month labels */
#define ROW_H		26
#define FOOT_H		22	/* the "today" label */
#define LABEL_GAP	36	/* least room between two month labels */
#define YEAR_GAP	40	/* least room between two year labels */
#define LATE_SHOWN	3	/* late markers drawn per row before "+n" */
#define SOON_DAYS	90	/* the "coming" count in the summary */
#define NEAR_DAYS	30	/* show "in N days" in the list */

enum shape {
	SHAPE_MAJOR,		/* report, reply, follow-up, yearly: diamond */
	SHAPE_MILESTONE,	/* internal step: small dot */
	SHAPE_RECHECK		/* check whether the body set a date: ring */
};

static const char *const shape_class[] = { "dl", "ms", "rc" };

struct group {
	const struct instrument	 *inst;
	size_t			  order;
	int			  charted;	/* has a timeline row */
	const struct deadline	**rows;		/* listed, in table order */
	size_t			  nrows;
	int			  overdue;
};

struct page {
	const struct page_input	*in;
	struct buf		 b;
	enum lang		 lang;
	const char		*langname;	/* lang_name(lang): text_*() */
	int			 today;
	int			 start;		/* first day of the window */
	int			 end;		/* first day after it */
	int			 months;
	struct group		*g;
	size_t			 ng;
	size_t			*gi;		/* group of each deadline */
	size_t			*kids;		/* deadlines with a parent */
	size_t			 nkids;
	struct group		**order;	/* groups in table order */
	int			 x0, x1;	/* timeline plot area */
};

/*
 * Kept short and conservative: system fonts, dark text on white (WCAG AA
 * for every colour pair), the government blue of the Rijkshuisstijl as
 * the accent. Print: A4 landscape, colours kept, no link decoration.
 */
static const char css[] =
	":root{--ink:#1b1f24;--muted:#5a6472;--line:#d9dee5;--soft:#f4f6f9;"
	"--blue:#154273;--blue2:#5677a6;--red:#b3261e;--redbg:#fdeceb;"
	"--grey:#8f98a3;--amber:#c25400;--unk:#6b4c9a}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%}\n"
	"body{margin:0;color:var(--ink);background:#fff;"
	"font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Helvetica Neue\",Arial,\"Noto Sans\",sans-serif;"
	"-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	".wrap{max-width:1200px;margin:0 auto;padding:0 24px}\n"
	"a{color:var(--blue)}\n"
	"a:hover{color:#0b2a4d}\n"
	"header.top{border-top:6px solid var(--blue);"
	"border-bottom:1px solid var(--line);margin-bottom:20px}\n"
	"header.top .wrap{display:flex;flex-wrap:wrap;align-items:baseline;"
	"gap:4px 20px;padding-top:18px;padding-bottom:14px}\n"
	"h1{font-size:26px;line-height:1.2;margin:0;color:var(--blue)}\n"
	".asof{margin:0;color:var(--muted)}\n"
	".lang{margin-left:auto;font-size:14px}\n"
	".lang a,.lang strong{padding:2px 6px}\n"
	".lang strong{background:var(--blue);color:#fff;border-radius:3px}\n"
	"h2{font-size:19px;margin:28px 0 10px;color:var(--blue)}\n"
	"h2 small{font-size:14px;font-weight:normal;color:var(--muted)}\n"
	".cards{display:flex;flex-wrap:wrap;gap:12px;margin:0;padding:0;"
	"list-style:none}\n"
	".cards li{flex:1 1 200px;border:1px solid var(--line);"
	"border-left:5px solid var(--blue2);border-radius:4px;padding:10px 14px}\n"
	".cards li.bad{border-left-color:var(--red);background:var(--redbg)}\n"
	".cards .n{display:block;font-size:24px;font-weight:700;line-height:1.2}\n"
	".cards li.bad .n{color:var(--red)}\n"
	".cards .t{color:var(--muted);font-size:14px}\n"
	".cards a{text-decoration:none}\n"
	"figure{margin:0}\n"
	"svg.timeline{display:block;width:100%;height:auto;"
	"border:1px solid var(--line);border-radius:4px;background:#fff}\n"
	"svg text{font-size:11px;fill:#3d4651}\n"
	"svg .code{font-size:12px;font-weight:700;fill:var(--blue)}\n"
	"svg a:hover .code{text-decoration:underline}\n"
	"svg .stripe{fill:var(--soft)}\n"
	"svg .track{stroke:#cfd6df;stroke-width:1}\n"
	"svg .grid{stroke:#e3e7ec;stroke-width:1}\n"
	"svg .year{stroke:#7d8794;stroke-width:1.5}\n"
	"svg .mon{fill:var(--muted)}\n"
	"svg .yr{font-weight:700;fill:var(--ink)}\n"
	"svg .latebg{fill:var(--redbg)}\n"
	"svg .latehd,svg .more{fill:var(--red);font-weight:700}\n"
	"svg .today{stroke:var(--amber);stroke-width:2}\n"
	"svg text.today{fill:var(--amber);stroke:none;font-weight:700}\n"
	"svg .span{fill:#dbe5f1}\n"
	"svg .span.tentative{fill:none;stroke:#9fb3cf;stroke-dasharray:3 2}\n"
	"svg .empty{fill:var(--muted);font-style:italic}\n"
	".mk{stroke-width:1.5}\n"
	".mk.open{fill:var(--blue);stroke:var(--blue)}\n"
	".mk.ms.open{fill:var(--blue2);stroke:var(--blue2)}\n"
	".mk.rc{fill:#fff}\n"
	".mk.overdue{fill:var(--red);stroke:var(--red)}\n"
	".mk.met{fill:var(--grey);stroke:var(--grey)}\n"
	".mk.unknown{fill:var(--unk);stroke:var(--unk)}\n"
	".mk.tentative{fill:#fff;stroke-dasharray:2.5 1.5}\n"
	"svg a:hover .mk{stroke:var(--amber)}\n"
	".legend{display:flex;flex-wrap:wrap;gap:4px 18px;margin:8px 0 0;"
	"padding:0;list-style:none;font-size:13px;color:var(--muted)}\n"
	".lg{display:inline-block;width:10px;height:10px;margin-right:6px;"
	"vertical-align:-1px;background:var(--blue);border:1.5px solid "
	"var(--blue)}\n"
	".lg.dl{transform:rotate(45deg) scale(.85)}\n"
	".lg.ms{width:8px;height:8px;border-radius:50%;background:var(--blue2);"
	"border-color:var(--blue2)}\n"
	".lg.rc{border-radius:50%;background:#fff}\n"
	".lg.overdue{background:var(--red);border-color:var(--red)}\n"
	".lg.met{background:var(--grey);border-color:var(--grey)}\n"
	".lg.unknown{background:var(--unk);border-color:var(--unk)}\n"
	".lg.tentative{background:#fff;border-style:dashed}\n"
	".lg.today{width:2px;height:14px;background:var(--amber);border:0;"
	"vertical-align:-3px}\n"
	".lg.span{width:22px;height:8px;background:#dbe5f1;border:0}\n"
	"table{width:100%;border-collapse:collapse;font-size:14px}\n"
	"th,td{padding:6px 8px;text-align:left;vertical-align:top;"
	"border-bottom:1px solid var(--line)}\n"
	"thead th{font-size:13px;color:var(--muted);font-weight:600;"
	"border-bottom:2px solid var(--line);white-space:nowrap}\n"
	"tr.grp th{background:#e9eff6;color:var(--ink);font-weight:normal;"
	"padding-top:8px;border-top:12px solid #fff}\n"
	"tr.grp .code{font-weight:700;color:var(--blue);margin-right:6px}\n"
	"tr.grp .body{color:var(--muted)}\n"
	"tr.grp .ics{float:right;font-size:13px}\n"
	"td.due{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	".rel{display:block;font-size:12px;color:var(--muted)}\n"
	"tr.overdue td{background:var(--redbg)}\n"
	"tr.overdue td:first-child{box-shadow:inset 4px 0 0 var(--red)}\n"
	"tr.overdue .rel{color:var(--red);font-weight:600}\n"
	"tr.met td{color:var(--muted)}\n"
	"tr.fold td{background:var(--redbg);padding-top:0}\n"
	"tr.fold td:first-child{box-shadow:inset 4px 0 0 var(--red)}\n"
	"summary{cursor:pointer;color:var(--red);font-size:13px}\n"
	"details ul{margin:4px 0 2px;padding-left:14px;font-size:13px;"
	"list-style:none}\n"
	"details li time{display:inline-block;min-width:96px;"
	"font-variant-numeric:tabular-nums}\n"
	"li:target{outline:2px solid var(--amber)}\n"
	"tr.tentative td.what{font-style:italic}\n"
	"tr:target td{outline:2px solid var(--amber);outline-offset:-2px}\n"
	".ic{display:inline-block;width:14px;color:var(--blue)}\n"
	"tr.dl .ic::before{content:\"\\25C6\"}\n"
	"tr.ms .ic::before{content:\"\\25CF\";font-size:.8em}\n"
	"tr.rc .ic::before{content:\"\\25CB\"}\n"
	"tr.ms .ic{color:var(--blue2)}\n"
	"tr.overdue .ic{color:var(--red)}\n"
	"tr.met .ic{color:var(--grey)}\n"
	"tr.unknown .ic{color:var(--unk)}\n"
	".tag{font-size:12px;color:var(--muted);border:1px solid var(--line);"
	"border-radius:3px;padding:0 4px;margin-left:4px;font-style:normal}\n"
	".st{display:inline-block;padding:0 8px;border-radius:10px;"
	"font-size:12px;font-weight:600;white-space:nowrap;background:#e6edf6;"
	"color:var(--blue)}\n"
	".st.overdue{background:var(--red);color:#fff}\n"
	".st.met{background:#eceef1;color:#4a525c}\n"
	".st.unknown{background:#efeaf6;color:#553b7d}\n"
	".why{display:block;font-size:12px;color:var(--muted)}\n"
	"abbr{text-decoration:none;border-bottom:1px dotted var(--grey)}\n"
	".note{font-size:13px;color:var(--muted)}\n"
	".feeds td{vertical-align:middle}\n"
	".feeds .url{font-family:ui-monospace,\"SF Mono\",Menlo,Consolas,"
	"monospace;font-size:13px;white-space:nowrap}\n"
	".howto{background:var(--soft);border:1px solid var(--line);"
	"border-radius:4px;padding:10px 14px}\n"
	".howto p{margin:0 0 6px}\n"
	".howto ul{margin:0;padding-left:20px}\n"
	"footer{margin:36px 0 24px;padding-top:10px;border-top:1px solid "
	"var(--line);font-size:13px;color:var(--muted)}\n"
	"@media (max-width:700px){.wrap{padding:0 12px}"
	"td,th{padding:5px 4px}.feeds .url{white-space:normal;"
	"word-break:break-all}}\n"
	"@media print{@page{size:A4 landscape;margin:12mm}"
	"body{font-size:10pt}.wrap{max-width:none;padding:0}"
	"a{text-decoration:none;color:inherit}.lang{display:none}"
	"header.top{border-top-width:3px}"
	"svg.timeline{width:100%;height:auto;break-inside:avoid;"
	"page-break-inside:avoid}"
	"tr,.cards li,.howto{break-inside:avoid;page-break-inside:avoid}"
	"thead{display:table-header-group}"
	"h2{break-after:avoid;page-break-after:avoid}"
	"tr:target td{outline:0}.ics{display:none}}\n";

/* A fragment identifier: letters, digits, - and _ only. */
static void
anchor(struct buf *b, const char *prefix, const char *s)
{
	buf_puts(b, prefix);
	for (; *s != '\0'; s++) {
		unsigned char	 c = (unsigned char)*s;
		int		 ok = (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';

		buf_add(b, ok ? s : "-", 1);
	}
}

/* A URL path segment, percent-encoded (and so safe in an attribute). */
static void
url_segment(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char	 c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
		    c == '~')
			buf_add(b, s, 1);
		else
			buf_printf(b, "%%%02X", c);
	}
}

static char *
date_long(const struct page *pg, int date, char *out, size_t len)
{
	return text_long_date(date, pg->langname, out, len);
}

static char *
date_short(const struct page *pg, int date, char *out, size_t len)
{
	int	 y, m, d;

	date_to_ymd(date, &y, &m, &d);
	snprintf(out, len, "%d %s %d", d, words_month_short(m, pg->lang), y);
	return out;
}

static char *
month_year(const struct page *pg, int date, char *out, size_t len)
{
	int	 y, m, d;

	date_to_ymd(date, &y, &m, &d);
	snprintf(out, len, "%s %d", words_month(m, pg->lang), y);
	return out;
}

static enum shape
shape_of(const struct deadline *d)
{
	if (strcmp(d->kind, "recheck") == 0)
		return SHAPE_RECHECK;
	if (d->rule != NULL && d->rule->type == RULE_MILESTONE)
		return SHAPE_MILESTONE;
	return SHAPE_MAJOR;
}

static const char *
status_class(const struct deadline *d)
{
	switch (d->status) {
	case STATUS_OVERDUE:	return "overdue";
	case STATUS_MET:	return "met";
	case STATUS_UNKNOWN:	return "unknown";
	default:		return "open";
	}
}

/* text_summary() and text_description() need the rule. */
static char *
summary(const struct page *pg, const struct deadline *d)
{
	char	 label[256];

	if (d->rule != NULL)
		return text_summary(d, pg->langname);
	engine_label(d, pg->langname, label, sizeof label);
	return xasprintf("%s: %s", d->inst->code, label);
}

/* On the timeline: overdue, or due within the window. */
static int
charted(const struct page *pg, const struct deadline *d)
{
	if (d->inst == NULL || d->due == DATE_NONE ||
	    d->status == STATUS_SUPERSEDED)
		return 0;
	return d->status == STATUS_OVERDUE ||
	    (d->due >= pg->start && d->due < pg->end);
}

/* In the list: overdue, or still to come within the window. */
static int
listed(const struct page *pg, const struct deadline *d)
{
	if (!charted(pg, d))
		return 0;
	if (d->status == STATUS_OVERDUE)
		return 1;
	return d->status != STATUS_MET || d->due >= pg->today;
}

static size_t
group_find(const struct page *pg, const struct instrument *inst)
{
	for (size_t i = 0; i < pg->ng; i++)
		if (pg->g[i].inst == inst)
			return i;
	for (size_t i = 0; i < pg->ng; i++)
		if (strcmp(pg->g[i].inst->code, inst->code) == 0)
			return i;
	return SIZE_MAX;
}

static size_t
group_add(struct page *pg, const struct instrument *inst)
{
	size_t	 i = group_find(pg, inst);

	if (i != SIZE_MAX)
		return i;
	i = pg->ng++;
	memset(&pg->g[i], 0, sizeof pg->g[i]);
	pg->g[i].inst = inst;
	pg->g[i].order = i;
	return i;
}

/* Overdue first, then by due date and identity. */
static int
cmp_row(const void *a, const void *b)
{
	const struct deadline	*x = *(const struct deadline *const *)a;
	const struct deadline	*y = *(const struct deadline *const *)b;
	int			 ox = x->status == STATUS_OVERDUE;
	int			 oy = y->status == STATUS_OVERDUE;

	if (ox != oy)
		return oy - ox;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Instruments with overdue deadlines first, then by the next date. */
static int
cmp_group(const void *a, const void *b)
{
	const struct group	*x = *(const struct group *const *)a;
	const struct group	*y = *(const struct group *const *)b;

	if ((x->overdue > 0) != (y->overdue > 0))
		return x->overdue > 0 ? -1 : 1;
	if (x->nrows > 0 && y->nrows > 0 && x->rows[0]->due != y->rows[0]->due)
		return x->rows[0]->due < y->rows[0]->due ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
groups_build(struct page *pg)
{
	const struct page_input	*in = pg->in;
	size_t			*fill;

	pg->g = xcalloc(in->ninstruments + in->n + 1, sizeof *pg->g);
	pg->gi = xcalloc(in->n + 1, sizeof *pg->gi);
	pg->kids = xcalloc(in->n + 1, sizeof *pg->kids);
	for (size_t i = 0; i < in->ninstruments; i++)
		if (in->instruments[i] != NULL)
			group_add(pg, in->instruments[i]);
	for (size_t i = 0; i < in->n; i++) {
		const struct deadline	*d = &in->v[i];

		pg->gi[i] = d->inst != NULL ? group_add(pg, d->inst) : SIZE_MAX;
		if (pg->gi[i] == SIZE_MAX)
			continue;
		if (d->parent[0] != '\0' && d->due != DATE_NONE &&
		    d->status != STATUS_SUPERSEDED)
			pg->kids[pg->nkids++] = i;
		if (charted(pg, d))
			pg->g[pg->gi[i]].charted = 1;
		if (listed(pg, d)) {
			pg->g[pg->gi[i]].nrows++;
			if (d->status == STATUS_OVERDUE)
				pg->g[pg->gi[i]].overdue++;
		}
	}
	fill = xcalloc(pg->ng + 1, sizeof *fill);
	for (size_t i = 0; i < pg->ng; i++)
		pg->g[i].rows = xcalloc(pg->g[i].nrows + 1, sizeof *pg->g[i].rows);
	for (size_t i = 0; i < in->n; i++)
		if (pg->gi[i] != SIZE_MAX && listed(pg, &in->v[i]))
			pg->g[pg->gi[i]].rows[fill[pg->gi[i]]++] = &in->v[i];
	free(fill);
	pg->order = xcalloc(pg->ng + 1, sizeof *pg->order);
	for (size_t i = 0; i < pg->ng; i++) {
		qsort(pg->g[i].rows, pg->g[i].nrows, sizeof *pg->g[i].rows,
		    cmp_row);
		pg->order[i] = &pg->g[i];
	}
	qsort(pg->order, pg->ng, sizeof *pg->order, cmp_group);
}

static void
groups_free(struct page *pg)
{
	for (size_t i = 0; i < pg->ng; i++)
		free(pg->g[i].rows);
	free(pg->g);
	free(pg->gi);
	free(pg->kids);
	free(pg->order);
}

/* ------------------------------------------------------------ head */

static void
head(struct page *pg)
{
	struct buf	*b = &pg->b;
	char		 day[40];

	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
	    "form-action 'none'\">\n"
	    "<meta name=\"robots\" content=\"noindex\">\n"
	    "<meta name=\"generator\" content=\"treatyd\">\n"
	    "<title>%s \xE2\x80\x93 %s</title>\n<style>\n%s</style>\n"
	    "</head>\n<body>\n", pg->langname,
	    words_get(WORD_TREATY_REPORTING, pg->lang),
	    date_short(pg, pg->today, day, sizeof day), css);
}

static void
header(struct page *pg)
{
	struct buf	*b = &pg->b;
	char		 iso[DATE_STRLEN], day[40];

	buf_printf(b, "<header class=\"top\"><div class=\"wrap\">\n"
	    "<h1>%s</h1>\n<p class=\"asof\">%s <time datetime=\"%s\">%s</time>"
	    "</p>\n", words_get(WORD_TREATY_REPORTING, pg->lang),
	    W(pg->lang, "Stand van zaken op", "As of"),
	    date_format(pg->today, iso), date_long(pg, pg->today, day,
	    sizeof day));
	if (pg->lang == LANG_NL)
		buf_puts(b, "<nav class=\"lang\" aria-label=\"Taal\">"
		    "<strong>NL</strong> <a href=\"?lang=en\" hreflang=\"en\" "
		    "lang=\"en\" title=\"English\">EN</a></nav>\n");
	else
		buf_puts(b, "<nav class=\"lang\" aria-label=\"Language\">"
		    "<a href=\"?lang=nl\" hreflang=\"nl\" lang=\"nl\" "
		    "title=\"Nederlands\">NL</a> <strong>EN</strong></nav>\n");
	buf_puts(b, "</div></header>\n<main class=\"wrap\">\n");
}

/* Three figures: overdue, due soon, and the next major deadline. */
static void
cards(struct page *pg)
{
	const struct page_input	*in = pg->in;
	const struct deadline	*next = NULL;
	struct buf		*b = &pg->b;
	int			 overdue = 0, overdue_ms = 0, soon = 0;
	char			 day[40];

	for (size_t i = 0; i < in->n; i++) {
		const struct deadline	*d = &in->v[i];

		if (d->inst == NULL || d->due == DATE_NONE)
			continue;
		if (d->status == STATUS_OVERDUE) {
			if (shape_of(d) == SHAPE_MILESTONE)
				overdue_ms++;
			else
				overdue++;
		}
		if (d->status != STATUS_OPEN || d->due < pg->today)
			continue;
		if (d->due < pg->today + SOON_DAYS)
			soon++;
		/* A date, not a projection: open (so not unknown) and not
		 * tentative, as the list marks them. */
		if (shape_of(d) == SHAPE_MAJOR && d->due < pg->end &&
		    d->confidence != CONF_TENTATIVE &&
		    (next == NULL || d->due < next->due ||
		    (d->due == next->due && strcmp(d->id, next->id) < 0)))
			next = d;
	}
	buf_printf(b, "<ul class=\"cards\">\n<li class=\"%s\"><span class=\"n\">"
	    "%d</span><span class=\"t\">%s", overdue + overdue_ms ? "bad" : "",
	    overdue, W(pg->lang, "te laat: rapportages, antwoorden, follow-up",
	    "overdue: reports, replies, follow-up"));
	if (overdue_ms > 0)
		buf_printf(b, "<br>%s %d %s", W(pg->lang, "en", "and"),
		    overdue_ms, words_get(overdue_ms == 1 ?
		    WORD_INTERNAL_MILESTONE : WORD_INTERNAL_MILESTONES,
		    pg->lang));
	buf_puts(b, "</span></li>\n");
	buf_printf(b, "<li><span class=\"n\">%d</span><span class=\"t\">%s</span>"
	    "</li>\n", soon, W(pg->lang, "deadlines in de komende 90 dagen",
	    "deadlines in the next 90 days"));
	buf_printf(b, "<li><span class=\"t\">%s</span><span class=\"n\">",
	    W(pg->lang, "eerstvolgende hoofddeadline", "next major deadline"));
	if (next != NULL) {
		char	*s = summary(pg, next);

		buf_puts(b, "<a href=\"#");
		anchor(b, "d-", next->id);
		buf_puts(b, "\">");
		escape_html(b, date_short(pg, next->due, day, sizeof day));
		buf_puts(b, "</a></span><span class=\"t\">");
		escape_html(b, s);
		free(s);
	} else
		buf_puts(b, "\xE2\x80\x93</span><span class=\"t\">");
	buf_puts(b, "</span></li>\n</ul>\n");
}

/* ------------------------------------------------------------ timeline */

/* The left edge of a day. */
static int
x_edge(const struct page *pg, int date)
{
	long long	 w = pg->x1 - pg->x0;

	return pg->x0 + (int)((long long)(date - pg->start) * w /
	    (pg->end - pg->start));
}

/* The middle of a day. */
static int
x_mid(const struct page *pg, int date)
{
	long long	 w = pg->x1 - pg->x0;

	return pg->x0 + (int)(((long long)(date - pg->start) * 2 + 1) * w /
	    (2LL * (pg->end - pg->start)));
}

static void
marker(struct page *pg, const struct deadline *d, int cx, int cy)
{
	struct buf	*b = &pg->b;
	enum shape	 sh = shape_of(d);
	char		*s = summary(pg, d);
	char		 day[40], conf[64], st[256];
	int		 link = listed(pg, d);

	if (link) {
		buf_puts(b, "<a href=\"#");
		anchor(b, "d-", d->id);
		buf_puts(b, "\">");
	}
	buf_printf(b, "<g class=\"mk %s %s%s\"><title>", shape_class[sh],
	    status_class(d), d->confidence == CONF_TENTATIVE ? " tentative" : "");
	escape_html(b, s);
	free(s);
	buf_printf(b, "\n%s %s \xC2\xB7 ", words_get(WORD_DUE, pg->lang),
	    date_short(pg, d->due, day, sizeof day));
	escape_html(b, text_status_line(d, pg->today, pg->langname, st,
	    sizeof st));
	buf_printf(b, " \xC2\xB7 %s</title>", text_confidence_word(
	    d->confidence, pg->langname, conf, sizeof conf));
	switch (sh) {
	case SHAPE_MAJOR:
		buf_printf(b, "<path d=\"M%d %dl7 7l-7 7l-7-7z\"/>", cx, cy - 7);
		break;
	case SHAPE_MILESTONE:
		buf_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\"/>", cx, cy);
		break;
	case SHAPE_RECHECK:
		buf_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"5\"/>", cx, cy);
		break;
	}
	buf_puts(b, "</g>");
	if (link)
		buf_puts(b, "</a>");
	buf_puts(b, "\n");
}

/*
 * Preparation bars: from the first milestone to the deadline it serves,
 * cut at the edges of the window.
 */
static void
spans(struct page *pg, size_t g, int cy)
{
	const struct page_input	*in = pg->in;

	for (size_t i = 0; i < in->n; i++) {
		const struct deadline	*p = &in->v[i];
		int			 from = DATE_NONE, a, z;

		if (pg->gi[i] != g || p->due == DATE_NONE ||
		    shape_of(p) != SHAPE_MAJOR || (p->status != STATUS_OPEN &&
		    p->status != STATUS_OVERDUE) || p->due < pg->start)
			continue;
		for (size_t k = 0; k < pg->nkids; k++) {
			const struct deadline	*m = &in->v[pg->kids[k]];

			if (pg->gi[pg->kids[k]] == g &&
			    strcmp(m->parent, p->id) == 0 &&
			    (from == DATE_NONE || m->due < from))
				from = m->due;
		}
		if (from == DATE_NONE || from >= p->due || from >= pg->end)
			continue;
		a = x_edge(pg, from < pg->start ? pg->start : from);
		z = p->due < pg->end ? x_mid(pg, p->due) : pg->x1;
		buf_printf(&pg->b, "<rect class=\"span%s\" x=\"%d\" y=\"%d\" "
		    "width=\"%d\" height=\"8\" rx=\"4\"/>\n",
		    p->confidence == CONF_TENTATIVE ? " tentative" : "", a, cy - 4,
		    z - a > 0 ? z - a : 1);
	}
}

/* One instrument's row: label, track, bars, markers, late column. */
static void
row(struct page *pg, size_t g, int r)
{
	const struct page_input	*in = pg->in;
	const struct instrument	*inst = pg->g[g].inst;
	struct buf		*b = &pg->b;
	int			 cy = HEAD_H + r * ROW_H + ROW_H / 2;
	int			 nlate = 0, k = 0;

	buf_puts(b, "<g class=\"row\" data-code=\"");
	escape_html(b, inst->code);
	buf_puts(b, "\">\n");
	if (pg->g[g].nrows > 0) {
		buf_puts(b, "<a href=\"#");
		anchor(b, "i-", inst->code);
		buf_puts(b, "\">");
	}
	buf_printf(b, "<text class=\"code\" x=\"10\" y=\"%d\"><title>",
	    cy + 4);
	escape_html(b, text_instrument(inst, pg->langname));
	buf_puts(b, "</title>");
	escape_html(b, inst->code);
	buf_printf(b, "</text>%s\n<line class=\"track\" x1=\"%d\" y1=\"%d\" "
	    "x2=\"%d\" y2=\"%d\"/>\n", pg->g[g].nrows > 0 ? "</a>" : "",
	    pg->x0, cy, pg->x1, cy);
	spans(pg, g, cy);

	/* Met first so open ones are drawn on top; overdue on top of all. */
	for (int pass = 0; pass < 4; pass++)
		for (size_t i = 0; i < in->n; i++) {
			const struct deadline	*d = &in->v[i];
			int			 p;

			if (pg->gi[i] != g || !charted(pg, d))
				continue;
			if (d->status == STATUS_MET)
				p = 0;
			else if (d->status == STATUS_OVERDUE)
				p = 3;
			else
				p = shape_of(d) == SHAPE_MAJOR ? 2 : 1;
			if (p != pass)
				continue;
			if (d->due < pg->start) {
				nlate++;
				continue;
			}
			marker(pg, d, x_mid(pg, d->due), cy);
		}

	/* Overdue from before the window, at the left edge. */
	for (size_t i = 0; nlate > 0 && i < in->n; i++) {
		const struct deadline	*d = &in->v[i];

		if (pg->gi[i] != g || !charted(pg, d) || d->due >= pg->start)
			continue;
		if (k < LATE_SHOWN - 1 || nlate == LATE_SHOWN)
			marker(pg, d, LABEL_W + 12 + k * 12, cy);
		else if (k == LATE_SHOWN - 1) {
			buf_printf(b, "<text class=\"more\" x=\"%d\" y=\"%d\">"
			    "+%d<title>", LABEL_W + 12 + k * 12 - 6, cy + 4,
			    nlate - k);
			for (size_t j = i; j < in->n; j++) {
				const struct deadline	*m = &in->v[j];
				char			*s;

				if (pg->gi[j] != g || !charted(pg, m) ||
				    m->due >= pg->start)
					continue;
				s = summary(pg, m);
				escape_html(b, s);
				buf_puts(b, "\n");
				free(s);
			}
			buf_puts(b, "</title></text>\n");
		}
		k++;
	}
	buf_puts(b, "</g>\n");
}

/*
 * Month boundaries as grid lines, January's stronger; month names in a
 * row with the years above them, thinned out when the months are narrow.
 */
static void
month_labels(struct page *pg, int height)
{
	struct buf	*b = &pg->b;
	int		 step = 12, lastx = -1000;
	double		 colw = (double)(pg->x1 - pg->x0) / pg->months;
	static const int steps[] = { 1, 2, 3, 6, 12 };

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (steps[i] * colw >= LABEL_GAP) {
			step = steps[i];
			break;
		}
	for (int i = 0; i <= pg->months; i++) {
		struct duration	 dm = { 0, i, 0, 0 };
		int		 day = date_add(pg->start, &dm, 1);
		int		 x = x_edge(pg, day), y, m, dd;

		date_to_ymd(day, &y, &m, &dd);
		buf_printf(b, "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\"/>\n", m == 1 || i == 0 || i == pg->months ?
		    "year" : "grid", x, m == 1 || i == 0 ? 2 : HEAD_H - 14, x,
		    height - FOOT_H);
		if (i == pg->months)
			break;
		/* The first year yields when January follows too closely. */
		if (m == 1 || (i == 0 && x_edge(pg, date_from_ymd(y + 1, 1, 1)) -
		    x >= YEAR_GAP))
			buf_printf(b, "<text class=\"yr\" x=\"%d\" y=\"%d\">%d"
			    "</text>\n", x + 4, HEAD_H - 26, y);
		if (((m - 1) % step != 0 && i != 0) || x - lastx < LABEL_GAP)
			continue;
		lastx = x;
		buf_printf(b, "<text class=\"mon\" x=\"%d\" y=\"%d\">%s</text>\n",
		    x + 4, HEAD_H - 9, words_month_short(m, pg->lang));
	}
}

static void
timeline(struct page *pg)
{
	struct buf	*b = &pg->b;
	int		 nrows = 0, late = 0, height, r = 0, tx;
	char		 from[40], to[40], conf[64];

	for (size_t i = 0; i < pg->ng; i++)
		nrows += pg->g[i].charted;
	for (size_t i = 0; i < pg->in->n; i++)
		if (pg->gi[i] != SIZE_MAX && charted(pg, &pg->in->v[i]) &&
		    pg->in->v[i].due < pg->start)
			late = 1;
	pg->x0 = LABEL_W + (late ? LATE_W : 0);
	pg->x1 = SVG_W - PAD_R;
	height = HEAD_H + (nrows > 0 ? nrows : 1) * ROW_H + FOOT_H;

	month_year(pg, pg->start, from, sizeof from);
	month_year(pg, pg->end - 1, to, sizeof to);
	buf_printf(b, "<section id=\"timeline\">\n<h2>%s <small>%s \xE2\x80\x93 "
	    "%s</small></h2>\n<figure>\n<svg class=\"timeline\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-labelledby=\"tl-title\" font-family=\"system-ui, sans-serif\">"
	    "\n<title id=\"tl-title\">%s %s \xE2\x80\x93 %s</title>\n",
	    W(pg->lang, "Tijdlijn", "Timeline"), from, to, SVG_W, height, SVG_W,
	    height, W(pg->lang, "Tijdlijn van de deadlines",
	    "Timeline of deadlines"), from, to);
	for (size_t i = 0; i < pg->ng; i++)
		if (pg->g[i].charted && r++ % 2 == 0)
			buf_printf(b, "<rect class=\"stripe\" x=\"0\" y=\"%d\" "
			    "width=\"%d\" height=\"%d\"/>\n", HEAD_H + (r - 1) *
			    ROW_H, SVG_W, ROW_H);
	if (late)
		buf_printf(b, "<rect class=\"latebg\" x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\"/>\n<text class=\"latehd\" x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\">%s</text>\n", LABEL_W, HEAD_H,
		    LATE_W - 6, height - HEAD_H - FOOT_H, LABEL_W + (LATE_W - 6) / 2,
		    HEAD_H - 9, words_get(WORD_LATE, pg->lang));
	month_labels(pg, height);
	if (nrows == 0)
		buf_printf(b, "<text class=\"empty\" x=\"%d\" y=\"%d\">%s</text>\n",
		    pg->x0 + 12, HEAD_H + ROW_H / 2 + 4, W(pg->lang,
		    "Geen deadlines in deze periode.",
		    "No deadlines in this period."));
	r = 0;
	for (size_t i = 0; i < pg->ng && !b->toobig; i++)
		if (pg->g[i].charted)
			row(pg, i, r++);
	tx = x_mid(pg, pg->today);
	buf_printf(b, "<line class=\"today\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\"/>\n<text class=\"today\" x=\"%d\" y=\"%d\" "
	    "text-anchor=\"middle\">%s</text>\n</svg>\n", tx, HEAD_H - 4, tx,
	    height - FOOT_H + 4, tx, height - 6,
	    words_get(WORD_TODAY, pg->lang));

	buf_printf(b, "<figcaption><ul class=\"legend\">\n"
	    "<li><span class=\"lg dl\"></span>%s</li>\n"
	    "<li><span class=\"lg ms\"></span>%s</li>\n"
	    "<li><span class=\"lg rc\"></span>%s</li>\n"
	    "<li><span class=\"lg span\"></span>%s</li>\n"
	    "<li><span class=\"lg overdue\"></span>%s</li>\n"
	    "<li><span class=\"lg met\"></span>%s</li>\n"
	    "<li><span class=\"lg unknown\"></span>%s</li>\n"
	    "<li><span class=\"lg tentative\"></span>%s</li>\n"
	    "<li><span class=\"lg today\"></span>%s</li>\n"
	    "</ul></figcaption>\n</figure>\n</section>\n",
	    W(pg->lang, "rapportage, antwoord of follow-up",
	    "report, reply or follow-up"),
	    words_get(WORD_INTERNAL_MILESTONE, pg->lang),
	    W(pg->lang, "nagaan of de datum is vastgesteld",
	    "check whether the date is set"),
	    W(pg->lang, "voorbereiding", "preparation"),
	    text_status(STATUS_OVERDUE, pg->langname),
	    text_status(STATUS_MET, pg->langname),
	    text_status(STATUS_UNKNOWN, pg->langname),
	    text_confidence_word(CONF_TENTATIVE, pg->langname, conf,
	    sizeof conf), words_get(WORD_TODAY, pg->lang));
}

/* ------------------------------------------------------------ list */

static void
department(struct page *pg, const char *code)
{
	struct buf	*b = &pg->b;
	const char	*name;

	if (code == NULL || code[0] == '\0') {
		buf_printf(b, "<span title=\"%s\">\xE2\x80\x93</span>",
		    words_get(WORD_NOT_YET_KNOWN, pg->lang));
		return;
	}
	name = text_department(pg->in->tc, code, pg->langname);
	if (strcmp(name, code) == 0) {
		escape_html(b, code);
		return;
	}
	buf_puts(b, "<abbr title=\"");
	escape_html(b, name);
	buf_puts(b, "\">");
	escape_html(b, code);
	buf_puts(b, "</abbr>");
}

/* "12 days late", "9 months late", "6 years late"; "in 5 days" when near. */
static void
relative(struct page *pg, const struct deadline *d)
{
	struct buf	*b = &pg->b;
	int		 n = d->due - pg->today;
	char		 late[64];

	if (d->status == STATUS_OVERDUE)
		buf_printf(b, "<span class=\"rel\">%s</span>", text_late(d->due,
		    pg->today, pg->langname, late, sizeof late));
	else if (d->status != STATUS_OPEN || n < 0 || n > NEAR_DAYS)
		return;
	else if (n == 0)
		buf_printf(b, "<span class=\"rel\">%s</span>",
		    words_get(WORD_TODAY, pg->lang));
	else if (n == 1)
		buf_printf(b, "<span class=\"rel\">%s</span>",
		    W(pg->lang, "morgen", "tomorrow"));
	else
		buf_printf(b, "<span class=\"rel\">%s %d %s</span>",
		    W(pg->lang, "over", "in"), n,
		    words_get(WORD_DAYS, pg->lang));
}

static void
list_row(struct page *pg, const struct deadline *d)
{
	struct buf		*b = &pg->b;
	const struct rule	*r = d->rule;
	char			 iso[DATE_STRLEN], day[40], label[256], conf[64];
	char			 late[64];
	char			*desc;
	const char		*owner = d->inst->lead;

	buf_puts(b, "<tr id=\"");
	anchor(b, "d-", d->id);
	buf_printf(b, "\" class=\"%s %s%s\">\n<td class=\"due\">"
	    "<time datetime=\"%s\">%s</time>", shape_class[shape_of(d)],
	    status_class(d), d->confidence == CONF_TENTATIVE ? " tentative" : "",
	    date_format(d->due, iso), date_short(pg, d->due, day, sizeof day));
	relative(pg, d);
	buf_puts(b, "</td>\n<td class=\"what\"");
	if (r != NULL) {
		desc = text_description(pg->in->tc, d, pg->langname);
		buf_puts(b, " title=\"");
		escape_html(b, desc);
		buf_puts(b, "\"");
		free(desc);
	}
	buf_puts(b, "><span class=\"ic\"></span>");
	escape_html(b, engine_label(d, pg->langname, label, sizeof label));
	if (d->voluntary)
		buf_printf(b, "<span class=\"tag\">%s</span>",
		    words_get(WORD_VOLUNTARY, pg->lang));
	if (d->postponed_from != DATE_NONE)
		buf_printf(b, "<span class=\"tag\">%s %s</span>",
		    W(pg->lang, "uitgesteld van", "postponed from"),
		    date_short(pg, d->postponed_from, day, sizeof day));
	if (d->status == STATUS_MET && d->met_on != DATE_NONE)
		buf_printf(b, "<span class=\"tag\">%s %s, %s</span>",
		    words_get(WORD_MET_ON, pg->lang),
		    date_short(pg, d->met_on, day, sizeof day),
		    text_late(d->due, d->met_on, pg->langname, late,
		    sizeof late));
	if (d->planned != DATE_NONE && d->status != STATUS_MET &&
	    d->status != STATUS_SUPERSEDED)
		buf_printf(b, "<span class=\"tag\">%s %s</span>",
		    words_get(WORD_PLANNED, pg->lang),
		    date_short(pg, d->planned, day, sizeof day));
	for (size_t i = 0; i < pg->in->nacks; i++) {
		const struct page_ack	*a = &pg->in->acks[i];

		if (a->due != d->due || a->status != d->status ||
		    strcmp(a->deadline, d->id) != 0)
			continue;
		buf_printf(b, "<span class=\"tag\">%s ", W(pg->lang,
		    "bekend bij", "acknowledged by"));
		escape_html(b, a->who);
		buf_printf(b, ", %s</span>", date_short(pg, a->on, day,
		    sizeof day));
	}
	buf_puts(b, "</td>\n<td>");
	if (d->cycle[0] != '\0')
		escape_html(b, d->cycle);
	else
		buf_puts(b, "\xE2\x80\x93");
	buf_printf(b, "</td>\n<td><span class=\"st %s\">%s</span>",
	    status_class(d), text_status(d->status, pg->langname));
	/* Why, in plain words: no colour or hover needed to read it. */
	if (d->status == STATUS_UNKNOWN)
		buf_printf(b, "<span class=\"why\">%s</span>",
		    words_get(WORD_UNKNOWN_WHY, pg->lang));
	buf_puts(b, "</td>\n<td><span title=\"");
	escape_html(b, text_confidence(d->confidence, pg->langname));
	buf_printf(b, "\">%s</span></td>\n<td>",
	    text_confidence_word(d->confidence, pg->langname, conf,
	    sizeof conf));
	if (r != NULL && r->type == RULE_MILESTONE && r->owner[0] != '\0' &&
	    strcmp(r->owner, "lead") != 0)
		owner = r->owner;
	department(pg, owner);
	buf_puts(b, "</td>\n</tr>\n");
}

/* The listed deadline of the group with this identity, or NULL. */
static const struct deadline *
row_find(const struct group *g, const char *id)
{
	for (size_t i = 0; i < g->nrows; i++)
		if (strcmp(g->rows[i]->id, id) == 0)
			return g->rows[i];
	return NULL;
}

/*
 * An overdue milestone of an overdue deadline says nothing new: it is
 * folded under that deadline instead of taking a row of its own.
 */
static int
folded(const struct group *g, const struct deadline *d)
{
	const struct deadline	*p;

	if (shape_of(d) != SHAPE_MILESTONE || d->status != STATUS_OVERDUE ||
	    d->parent[0] == '\0')
		return 0;
	p = row_find(g, d->parent);
	return p != NULL && p->status == STATUS_OVERDUE;
}

/* The folded milestones of p, in a <details> (opens without script). */
static void
fold_row(struct page *pg, const struct group *g, const struct deadline *p)
{
	struct buf	*b = &pg->b;
	char		 iso[DATE_STRLEN], day[40], label[256];
	int		 n = 0;

	if (p->status != STATUS_OVERDUE)
		return;
	for (size_t i = 0; i < g->nrows; i++)
		if (folded(g, g->rows[i]) && strcmp(g->rows[i]->parent, p->id) == 0)
			n++;
	if (n == 0)
		return;
	buf_printf(b, "<tr class=\"fold\"><td></td><td colspan=\"5\"><details>"
	    "<summary>%d %s</summary>\n<ul>\n", n, n == 1 ?
	    W(pg->lang, "interne mijlpaal hiervoor is ook te laat",
	    "internal milestone for it is overdue as well") :
	    W(pg->lang, "interne mijlpalen hiervoor zijn ook te laat",
	    "internal milestones for it are overdue as well"));
	for (size_t i = 0; i < g->nrows; i++) {
		const struct deadline	*m = g->rows[i];
		const char		*owner = m->inst->lead;

		if (!folded(g, m) || strcmp(m->parent, p->id) != 0)
			continue;
		buf_puts(b, "<li id=\"");
		anchor(b, "d-", m->id);
		buf_printf(b, "\"><time datetime=\"%s\">%s</time> ",
		    date_format(m->due, iso), date_short(pg, m->due, day,
		    sizeof day));
		escape_html(b, engine_label(m, pg->langname, label, sizeof label));
		if (m->rule != NULL && m->rule->owner[0] != '\0' &&
		    strcmp(m->rule->owner, "lead") != 0)
			owner = m->rule->owner;
		if (owner[0] != '\0') {
			buf_puts(b, " \xC2\xB7 ");
			department(pg, owner);
		}
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul></details></td></tr>\n");
}

static void
feed_path(struct buf *b, const char *code)
{
	if (code == NULL)
		buf_puts(b, "/feeds/all.ics");
	else {
		buf_puts(b, "/feeds/instrument/");
		url_segment(b, code);
		buf_puts(b, ".ics");
	}
}

/* base_url without its trailing slashes; "" when there is none. */
static void
base(const struct page *pg, const char **p, size_t *len)
{
	*p = pg->in->base_url != NULL ? pg->in->base_url : "";
	*len = strlen(*p);
	while (*len > 0 && (*p)[*len - 1] == '/')
		(*len)--;
}

static void
feed_url(struct page *pg, const char *code)
{
	const char	*p;
	size_t		 len;
	struct buf	*b = &pg->b;

	base(pg, &p, &len);
	escape_html_n(b, p, len);
	feed_path(b, code);
}

/* The host part of an http(s) base URL for webcal://; NULL when none. */
static const char *
webcal_rest(const struct page *pg, size_t *len)
{
	const char	*p, *rest;
	size_t		 n;

	base(pg, &p, &n);
	if (strncasecmp(p, "https://", 8) == 0)
		rest = p + 8;
	else if (strncasecmp(p, "http://", 7) == 0)
		rest = p + 7;
	else
		return NULL;
	if (rest >= p + n)
		return NULL;
	*len = (size_t)(p + n - rest);
	return rest;
}

static void
deadline_list(struct page *pg)
{
	struct buf	*b = &pg->b;
	int		 any = 0, none = 0;
	char		 to[40];

	month_year(pg, pg->end - 1, to, sizeof to);
	buf_printf(b, "<section id=\"deadlines\">\n<h2>%s <small>%s %s</small>"
	    "</h2>\n", W(pg->lang, "Komende deadlines", "Coming deadlines"),
	    words_get(WORD_UP_TO_AND_INCLUDING, pg->lang), to);
	for (size_t i = 0; i < pg->ng; i++)
		any |= pg->g[i].nrows > 0;
	if (!any)
		buf_printf(b, "<p>%s</p>\n", W(pg->lang,
		    "Geen openstaande deadlines in deze periode.",
		    "No open deadlines in this period."));
	else {
		buf_printf(b, "<table class=\"list\">\n<thead><tr><th>%s</th>"
		    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		    "</tr></thead>\n", words_get(WORD_DUE, pg->lang),
		    words_get(WORD_WHAT, pg->lang),
		    words_get(WORD_CYCLE, pg->lang),
		    words_get(WORD_STATUS, pg->lang),
		    words_get(WORD_CONFIDENCE, pg->lang),
		    words_get(WORD_LEAD, pg->lang));
		for (size_t k = 0; k < pg->ng; k++) {
			const struct group	*g = pg->order[k];
			const struct instrument	*inst = g->inst;

			if (g->nrows == 0)
				continue;
			buf_puts(b, "<tbody id=\"");
			anchor(b, "i-", inst->code);
			buf_puts(b, "\">\n<tr class=\"grp\"><th colspan=\"6\">"
			    "<a class=\"ics\" href=\"");
			feed_url(pg, inst->code);
			buf_printf(b, "\" title=\"%s\">iCal</a><span class=\"code\">",
			    W(pg->lang, "agenda-feed van dit verdrag",
			    "calendar feed of this instrument"));
			escape_html(b, inst->code);
			buf_puts(b, "</span>");
			escape_html(b, text_instrument(inst, pg->langname));
			if (inst->body != NULL) {
				buf_puts(b, " <span class=\"body\">\xC2\xB7 ");
				escape_html(b, inst->body);
				buf_puts(b, "</span>");
			}
			buf_puts(b, "</th></tr>\n");
			for (size_t i = 0; i < g->nrows && !b->toobig; i++) {
				if (folded(g, g->rows[i]))
					continue;
				list_row(pg, g->rows[i]);
				fold_row(pg, g, g->rows[i]);
			}
			buf_puts(b, "</tbody>\n");
		}
		buf_puts(b, "</table>\n");
	}
	for (size_t k = 0; k < pg->ng; k++) {
		const struct instrument	*inst = pg->g[k].inst;

		if (pg->g[k].nrows > 0)
			continue;
		buf_puts(b, none++ ? ", " : W(pg->lang,
		    "<p class=\"note\">Geen "
		    "deadlines in deze periode: ", "<p class=\"note\">No "
		    "deadlines in this period: "));
		buf_puts(b, "<abbr title=\"");
		escape_html(b, text_instrument(inst, pg->langname));
		buf_puts(b, "\">");
		escape_html(b, inst->code);
		buf_puts(b, "</abbr>");
	}
	if (none)
		buf_puts(b, ".</p>\n");
	buf_printf(b, "<p class=\"note\">%s: ",
	    words_get(WORD_CONFIDENCE, pg->lang));
	for (int c = CONF_CONFIRMED; c <= CONF_TENTATIVE; c++) {
		escape_html(b, text_confidence((enum deadline_confidence)c,
		    pg->langname));
		buf_puts(b, c < CONF_TENTATIVE ? "; " : ".");
	}
	buf_puts(b, "</p>\n</section>\n");
}

/*
 * What the records cannot tell: the unknown deadlines from before the
 * list's window (their date passed before the facts are complete, a
 * placeholder passed, a meeting nobody recorded as held), so the page
 * does not hide them; those in the window are in the list already.
 * Internal steps are counted, not listed.
 */
static void
unknown_list(struct page *pg)
{
	struct buf	*b = &pg->b;
	size_t		 n = 0, steps = 0;

	for (size_t i = 0; i < pg->in->n; i++) {
		const struct deadline	*d = &pg->in->v[i];

		if (d->inst == NULL || d->status != STATUS_UNKNOWN ||
		    listed(pg, d))
			continue;
		if (shape_of(d) == SHAPE_MILESTONE)
			steps++;
		else
			n++;
	}
	if (n == 0 && steps == 0)
		return;
	buf_printf(b, "<section id=\"unknown\">\n<h2>%s</h2>\n<p>%s</p>\n",
	    W(pg->lang, "Wat de gegevens niet vertellen",
	    "What the records cannot tell"),
	    W(pg->lang, "Deze termijnen zijn verstreken, maar de vastgelegde "
	    "feiten zeggen niet of ze gehaald zijn: leg het vast als een "
	    "rapportage of antwoord is ingediend, of een bijeenkomst is "
	    "gehouden. Ze krijgen geen herinneringen.", "These deadlines "
	    "have passed, but the recorded facts do not say whether they were "
	    "met: record it when a report or reply was submitted, or a "
	    "meeting held. They get no reminders."));
	if (n > 0) {
		buf_printf(b, "<table class=\"list\">\n<thead><tr><th>%s</th>"
		    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		    "</tr></thead>\n<tbody>\n", words_get(WORD_DUE, pg->lang),
		    words_get(WORD_WHAT, pg->lang),
		    words_get(WORD_CYCLE, pg->lang),
		    words_get(WORD_STATUS, pg->lang),
		    words_get(WORD_CONFIDENCE, pg->lang),
		    words_get(WORD_LEAD, pg->lang));
		/* By instrument, in the list's order, each under its name. */
		for (size_t k = 0; k < pg->ng && !b->toobig; k++) {
			const struct instrument	*inst = pg->order[k]->inst;
			int			 head = 0;

			for (size_t i = 0; i < pg->in->n && !b->toobig; i++) {
				const struct deadline	*d = &pg->in->v[i];

				if (d->inst != inst || d->status != STATUS_UNKNOWN ||
				    listed(pg, d) || shape_of(d) == SHAPE_MILESTONE)
					continue;
				if (!head++) {
					buf_puts(b, "<tr class=\"grp\"><th colspan="
					    "\"6\"><span class=\"code\">");
					escape_html(b, inst->code);
					buf_puts(b, "</span>");
					escape_html(b, text_instrument(inst,
					    pg->langname));
					buf_puts(b, "</th></tr>\n");
				}
				list_row(pg, d);
			}
		}
		buf_puts(b, "</tbody>\n</table>\n");
	}
	if (steps > 0)
		buf_printf(b, "<p class=\"note\">%s %zu.</p>\n", W(pg->lang,
		    "Interne mijlpalen van voor het begin van de gegevens van het "
		    "netwerk:", "Internal milestones from before the network's "
		    "records begin:"), steps);
	buf_puts(b, "</section>\n");
}

/* ------------------------------------------------------------ feeds */

static void
feed_row(struct page *pg, const struct instrument *inst)
{
	struct buf	*b = &pg->b;
	const char	*rest;
	size_t		 len;

	buf_puts(b, "<tr><td>");
	if (inst != NULL) {
		buf_puts(b, "<span class=\"code\"><strong>");
		escape_html(b, inst->code);
		buf_puts(b, "</strong></span> ");
		escape_html(b, text_instrument(inst, pg->langname));
	} else
		buf_printf(b, "<strong>%s</strong>", W(pg->lang,
		    "Alle verdragen", "All instruments"));
	buf_puts(b, "</td>\n<td class=\"url\"><a href=\"");
	feed_url(pg, inst ? inst->code : NULL);
	buf_puts(b, "\">");
	feed_url(pg, inst ? inst->code : NULL);
	buf_puts(b, "</a></td>\n<td>");
	if ((rest = webcal_rest(pg, &len)) != NULL) {
		buf_puts(b, "<a href=\"webcal://");
		escape_html_n(b, rest, len);
		feed_path(b, inst ? inst->code : NULL);
		buf_puts(b, "\">webcal</a>");
	}
	buf_puts(b, "</td></tr>\n");
}

static void
feeds(struct page *pg)
{
	struct buf	*b = &pg->b;
	enum lang	 l = pg->lang;

	buf_printf(b, "<section id=\"feeds\">\n<h2>%s</h2>\n"
	    "<div class=\"howto\">\n<p>%s</p>\n<ul>\n"
	    "<li><strong>Outlook</strong>: %s</li>\n"
	    "<li><strong>Google %s</strong>: %s</li>\n"
	    "<li><strong>Apple %s, Thunderbird</strong>: %s</li>\n"
	    "</ul>\n</div>\n",
	    W(l, "Agenda-abonnementen", "Calendar feeds"),
	    W(l, "Abonneer u op een feed, dan staan de deadlines in uw eigen "
	    "agenda en worden ze vanzelf bijgewerkt. Kopieer daarvoor de link "
	    "van een feed hieronder.", "Subscribe to a feed to have the "
	    "deadlines in your own calendar, kept up to date automatically. "
	    "Copy the link of a feed below."),
	    W(l, "Agenda toevoegen \xE2\x86\x92 Abonneren vanaf internet "
	    "(<em>Add calendar \xE2\x86\x92 Subscribe from web</em>), plak de "
	    "link.", "Add calendar \xE2\x86\x92 Subscribe from web, and paste "
	    "the link."),
	    words_get(WORD_CALENDAR, l),
	    W(l, "Andere agenda's \xE2\x86\x92 Via URL (<em>Other calendars "
	    "\xE2\x86\x92 From URL</em>), plak de link.", "Other calendars "
	    "\xE2\x86\x92 From URL, and paste the link."),
	    words_get(WORD_CALENDAR, l),
	    W(l, "klik op de webcal-link.", "click the webcal link."));
	buf_printf(b, "<table class=\"feeds\">\n<thead><tr><th>%s</th><th>%s</th>"
	    "<th></th></tr></thead>\n<tbody>\n", "Feed",
	    W(l, "Link (https)", "Link (https)"));
	feed_row(pg, NULL);
	for (size_t i = 0; i < pg->ng; i++)
		feed_row(pg, pg->g[i].inst);
	buf_puts(b, "</tbody>\n</table>\n</section>\n");
	/* The documents of the network's year. */
	buf_printf(b, "<section class=\"planning\"><h2>%s</h2>\n<ul>\n"
	    "<li><a href=\"/agenda?lang=%s\">%s</a></li>\n"
	    "<li><a href=\"/report?lang=%s\">%s</a></li>\n</ul>\n</section>\n",
	    W(l, "Planning", "Planning"), pg->langname,
	    W(l, "Conceptagenda van de volgende bijeenkomst van het netwerk van "
	    "co\xC3\xB6rdinatoren", "Draft agenda of the next meeting of the "
	    "network of coordinators"), pg->langname,
	    W(l, "Jaaroverzicht voor de kabinetsbrief (vorig jaar)",
	    "Year in review for the cabinet letter (last year)"));
}

static void
footer(struct page *pg)
{
	char	 day[40];

	buf_printf(&pg->b, "</main>\n<footer><div class=\"wrap\">treatyd \xC2\xB7 "
	    "%s \xC2\xB7 %s %s</div></footer>\n</body>\n</html>\n",
	    W(pg->lang, "deadlines berekend uit de cyclusregels en de "
	    "vastgelegde feiten", "deadlines computed from the cycle rules and "
	    "the recorded facts"), W(pg->lang, "stand", "as of"),
	    date_long(pg, pg->today, day, sizeof day));
}

char *
page_overview(const struct page_input *in)
{
	struct page	 pg;
	struct duration	 span = { 0, 0, 0, 0 };
	int		 y, m, d;

	memset(&pg, 0, sizeof pg);
	pg.in = in;
	pg.lang = lang_or_fallback(in->lang);
	pg.langname = lang_name(pg.lang);
	pg.today = in->today;
	pg.months = in->months <= 0 ? PAGE_MONTHS_DEFAULT :
	    in->months > PAGE_MONTHS_MAX ? PAGE_MONTHS_MAX : in->months;
	date_to_ymd(pg.today, &y, &m, &d);
	pg.start = date_from_ymd(y, m, 1);
	span.months = pg.months;
	pg.end = date_add(pg.start, &span, 1);
	buf_init(&pg.b, PAGE_MAX);
	groups_build(&pg);

	head(&pg);
	header(&pg);
	cards(&pg);
	timeline(&pg);
	deadline_list(&pg);
	unknown_list(&pg);
	feeds(&pg);
	footer(&pg);

	groups_free(&pg);
	if (pg.b.toobig) {
		buf_free(&pg.b);
		return NULL;
	}
	return buf_take(&pg.b);
}

const char *
page_css(void)
{
	return css;
}
