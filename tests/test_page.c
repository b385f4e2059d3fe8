/*
 * The overview page: a fixed set of instruments and deadlines (and one
 * ruleset run through the engine) rendered for a fixed today, checked
 * for structure, classes, escaping, language and feed links.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "engine.h"
#include "page.h"
#include "text.h"

static struct rule r_report = {
	.name = "report", .type = RULE_GRID,
	.label = "Periodic report", .label_nl = "Periodieke rapportage"
};
static struct rule r_followup = {
	.name = "followup", .type = RULE_OFFSET,
	.label = "Follow-up information", .label_nl = "Follow-upinformatie"
};
static struct rule r_kickoff = {
	.name = "kickoff", .type = RULE_MILESTONE, .before = "report",
	.owner = "lead", .label = "Kick-off", .label_nl = "Aftrap"
};
static struct rule r_caribbean = {
	.name = "caribbean_input", .type = RULE_MILESTONE, .before = "report",
	.owner = "BZ", .label = "Caribbean input",
	.label_nl = "Input Caribische landen"
};

static struct instrument i_cedaw = {
	.code = "CEDAW",
	.name = "Convention on the Elimination of All Forms of "
	    "Discrimination against Women",
	.name_nl = "Verdrag inzake de uitbanning van alle vormen van "
	    "discriminatie van vrouwen",
	.body = "Committee on the Elimination of Discrimination against Women",
	.lead = "OCW"
};
static struct instrument i_evil = {
	.code = "EVIL",
	.name = "<script>alert(\"x\")</script> & 'q'",
	.body = "Body \"B\" <b>",
	.lead = "BZK"
};
static struct instrument i_net = {
	.code = "NETWORK", .name = "Network meeting",
	.name_nl = "Netwerkbijeenkomst", .body = "Network", .lead = "BZK"
};
static struct instrument i_quiet = {
	.code = "QUIET", .name = "Nothing due", .body = "Nobody"
};

static const struct instrument *const insts[] = {
	&i_cedaw, &i_evil, &i_net, &i_quiet
};

static struct department depts[] = {
	{ "OCW", "Ministry of Education, Culture and Science",
	    "Ministerie van Onderwijs, Cultuur en Wetenschap" },
	{ "BZK", "Ministry of the Interior and Kingdom Relations",
	    "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties" },
	{ "BZ", "Ministry of Foreign Affairs",
	    "Ministerie van Buitenlandse Zaken" },
};
static const struct text_ctx tc = { .depts = depts, .ndepts = 3 };

static struct deadline dls[24];
static size_t ndls;
static int today;

static int
ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static struct deadline *
add(const struct instrument *in, const struct rule *r, const char *kind,
    const char *cycle, int due, enum deadline_status st,
    enum deadline_confidence c)
{
	struct deadline	*d = &dls[ndls++];

	memset(d, 0, sizeof *d);
	d->inst = in;
	d->rule = r;
	snprintf(d->kind, sizeof d->kind, "%s", kind);
	snprintf(d->cycle, sizeof d->cycle, "%s", cycle);
	snprintf(d->id, sizeof d->id, "%s/%s/%s", in->code, kind, cycle);
	d->due = due;
	d->met_on = DATE_NONE;
	d->postponed_from = DATE_NONE;
	d->planned = DATE_NONE;
	d->opened = DATE_NONE;
	d->status = st;
	d->confidence = c;
	return d;
}

static void
setup(void)
{
	struct deadline	*d;

	ndls = 0;
	today = ymd(2026, 11, 28);
	/* Before the window: at the left edge; the network plans it. */
	d = add(&i_cedaw, &r_report, "report", "7", ymd(2026, 2, 1),
	    STATUS_OVERDUE, CONF_DERIVED);
	d->planned = ymd(2027, 10, 1);
	d = add(&i_cedaw, &r_kickoff, "kickoff", "7", ymd(2025, 2, 3),
	    STATUS_OVERDUE, CONF_DERIVED);
	snprintf(d->parent, sizeof d->parent, "CEDAW/report/7");
	add(&i_cedaw, &r_report, "report", "6", ymd(2027, 1, 1),
	    STATUS_SUPERSEDED, CONF_DERIVED);
	d = add(&i_cedaw, &r_kickoff, "kickoff", "8", ymd(2027, 3, 1),
	    STATUS_OPEN, CONF_DERIVED);
	snprintf(d->parent, sizeof d->parent, "CEDAW/report/8");
	d = add(&i_cedaw, &r_caribbean, "caribbean_input", "8",
	    ymd(2027, 8, 2), STATUS_OPEN, CONF_DERIVED);
	snprintf(d->parent, sizeof d->parent, "CEDAW/report/8");
	add(&i_cedaw, &r_report, "report", "8", ymd(2028, 3, 1), STATUS_OPEN,
	    CONF_CONFIRMED);
	add(&i_cedaw, &r_report, "report", "9", ymd(2032, 3, 1), STATUS_OPEN,
	    CONF_TENTATIVE);
	/* Overdue within the window, before today. */
	add(&i_evil, &r_followup, "followup", "1", ymd(2026, 11, 20),
	    STATUS_OVERDUE, CONF_DERIVED);
	d = add(&i_evil, &r_report, "report", "2", ymd(2026, 11, 5), STATUS_MET,
	    CONF_DERIVED);
	d->met_on = ymd(2026, 11, 4);
	d = add(&i_evil, &r_report, "recheck", "3", ymd(2027, 2, 26),
	    STATUS_OPEN, CONF_DERIVED);
	snprintf(d->id, sizeof d->id, "EVIL/report.recheck/3");
	add(&i_evil, &r_report, "report", "4", ymd(2027, 6, 1), STATUS_OPEN,
	    CONF_TENTATIVE);
	add(&i_net, &r_report, "report", "2027", ymd(2027, 11, 9), STATUS_OPEN,
	    CONF_DERIVED);
	/* What the records cannot tell: within the window and before it. */
	add(&i_evil, &r_report, "report", "1", ymd(2026, 11, 10),
	    STATUS_UNKNOWN, CONF_TENTATIVE);
	add(&i_evil, &r_report, "report", "0", ymd(2025, 11, 11),
	    STATUS_UNKNOWN, CONF_TENTATIVE);
	/* Met 22 days late, this month. */
	d = add(&i_evil, &r_followup, "followup", "0", ymd(2026, 11, 2),
	    STATUS_MET, CONF_DERIVED);
	d->met_on = ymd(2026, 11, 24);
}

TestSuite(page, .init = setup);

static char *
render(const char *lang, const char *base, int months)
{
	struct page_input	 in = {
		.v = dls, .n = ndls, .today = today, .lang = lang,
		.base_url = base, .months = months, .tc = &tc,
		.instruments = insts,
		.ninstruments = sizeof insts / sizeof insts[0]
	};
	char			*html = page_overview(&in);

	cr_assert_not_null(html);
	return html;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* hay starts with prefix. */
static int
starts(const char *hay, const char *prefix)
{
	return strncmp(hay, prefix, strlen(prefix)) == 0;
}

static const char *
find(const char *hay, const char *needle)
{
	const char	*p = strstr(hay, needle);

	cr_assert_not_null(p, "missing: %s", needle);
	return p;
}

Test(page, one_document)
{
	char	*h = render("en", "https://treaties.example.org", 0);
	size_t	 len = strlen(h);

	cr_assert_eq(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">", 31), 0);
	cr_assert_str_eq(h + len - 8, "</html>\n");
	cr_assert_eq(count(h, "<html"), 1);
	cr_assert_eq(count(h, "<head>"), 1);
	cr_assert_eq(count(h, "<body>"), 1);
	cr_assert_eq(count(h, "</body>"), 1);
	cr_assert_eq(count(h, "<svg"), 1);
	cr_assert_eq(count(h, "</svg>"), 1);
	cr_assert_eq(count(h, "<style>"), 1);
	find(h, "<meta charset=\"utf-8\">");
	/* The marker shapes are balanced. */
	cr_assert_eq(count(h, "<g class=\"mk"), count(h, "</g>") -
	    count(h, "<g class=\"row\""));
	free(h);
}

Test(page, self_contained)
{
	char	*h = render("en", "https://treaties.example.org", 0);

	cr_assert_null(strcasestr(h, "<script"));
	cr_assert_null(strcasestr(h, "javascript:"));
	cr_assert_null(strcasestr(h, " src="));
	cr_assert_null(strcasestr(h, "<link"));
	cr_assert_null(strcasestr(h, "<img"));
	cr_assert_null(strcasestr(h, "@import"));
	cr_assert_null(strcasestr(h, "url("));
	cr_assert_null(strcasestr(h, " onclick"));
	cr_assert_null(strcasestr(h, " onload"));
	cr_assert_null(strstr(h, "href=\"http://"));
	free(h);
}

Test(page, a_row_per_instrument_with_deadlines)
{
	char	*h = render("en", NULL, 0);

	cr_assert_eq(count(h, "<g class=\"row\""), 3);
	find(h, "<g class=\"row\" data-code=\"CEDAW\"");
	find(h, "<g class=\"row\" data-code=\"EVIL\"");
	find(h, "<g class=\"row\" data-code=\"NETWORK\"");
	cr_assert_null(strstr(h, "data-code=\"QUIET\""));
	/* Rows follow the order of the instruments. */
	cr_assert(strstr(h, "data-code=\"CEDAW\"") <
	    strstr(h, "data-code=\"EVIL\""));
	cr_assert(strstr(h, "data-code=\"EVIL\"") <
	    strstr(h, "data-code=\"NETWORK\""));
	/* Listed as having nothing in this period. */
	find(h, "No deadlines in this period: <abbr title=\"Nothing due\">"
	    "QUIET</abbr>");
	free(h);
}

Test(page, today_line)
{
	char	*h = render("en", NULL, 0);
	const char *p = find(h, "<line class=\"today\" ");
	int	 x1, y1, x2, y2;

	cr_assert_eq(sscanf(p, "<line class=\"today\" x1=\"%d\" y1=\"%d\" "
	    "x2=\"%d\" y2=\"%d\"", &x1, &y1, &x2, &y2), 4);
	cr_assert_eq(x1, x2);
	cr_assert_gt(y2, y1);
	/* 28 November lies near the end of the first of 18 months. */
	cr_assert_gt(x1, 112 + 52 + 40);
	cr_assert_lt(x1, 112 + 52 + 60);
	find(h, "<text class=\"today\"");
	find(h, ">today</text>");
	free(h);
}

Test(page, overdue_highlighted)
{
	char	*h = render("en", NULL, 0);

	/* On the timeline: in the late column and within the window. */
	cr_assert_eq(count(h, "<g class=\"mk dl overdue\">"), 2);
	find(h, "<text class=\"latehd\"");
	find(h, ">late</text>");
	/* In the list, with the status word of text_status(). */
	find(h, "<tr id=\"d-CEDAW-report-7\" class=\"dl overdue\">");
	find(h, "<tr id=\"d-EVIL-followup-1\" class=\"dl overdue\">");
	find(h, "<span class=\"st overdue\">overdue</span>");
	find(h, "9 months late");
	find(h, "8 days late");
	/* Overdue first within the group, the rest by date. */
	cr_assert(strstr(h, "id=\"d-CEDAW-report-7\"") <
	    strstr(h, "id=\"d-CEDAW-kickoff-8\""));
	cr_assert(strstr(h, "id=\"d-CEDAW-kickoff-8\"") <
	    strstr(h, "id=\"d-CEDAW-caribbean_input-8\""));
	/* Instruments with something overdue before the others. */
	cr_assert(strstr(h, "<tbody id=\"i-EVIL\"") <
	    strstr(h, "<tbody id=\"i-NETWORK\""));
	cr_assert(strstr(h, "<tbody id=\"i-CEDAW\"") <
	    strstr(h, "<tbody id=\"i-NETWORK\""));
	free(h);
}

/* Overdue milestones of an overdue deadline fold under it. */
Test(page, overdue_milestones_folded)
{
	char		*h = render("en", NULL, 0);
	const char	*p = find(h, "<tr id=\"d-CEDAW-report-7\"");
	const char	*f = find(h, "<tr class=\"fold\">");

	cr_assert_lt(p, f);
	cr_assert_null(strstr(h, "<tr id=\"d-CEDAW-kickoff-7\""));
	find(h, "<summary>1 internal milestone for it is overdue as well"
	    "</summary>");
	find(h, "<li id=\"d-CEDAW-kickoff-7\"><time datetime=\"2025-02-03\">"
	    "3 Feb 2025</time> Kick-off");
	/* Still on the timeline, at the left edge. */
	find(h, "<g class=\"mk ms overdue\">");
	/* Counted apart in the summary. */
	find(h, "<span class=\"n\">2</span><span class=\"t\">overdue: "
	    "reports, replies, follow-up<br>and 1 internal milestone");
	free(h);
}

Test(page, shapes_and_states)
{
	char	*h = render("en", NULL, 0);

	find(h, "<g class=\"mk ms open\">");		/* milestone */
	find(h, "<g class=\"mk rc open\">");		/* recheck */
	find(h, "<g class=\"mk dl met\">");		/* met, in grey */
	find(h, "<g class=\"mk dl open tentative\">");	/* dashed */
	find(h, "<g class=\"mk dl open\">");
	/* A tooltip with the summary and the due date. */
	find(h, "<title>CEDAW: Periodic report (8)\nDue 1 Mar 2028");
	/* The preparation bar from the first milestone to the report. */
	find(h, "<rect class=\"span\"");
	/* Met in the past and superseded: not in the list. */
	cr_assert_null(strstr(h, "id=\"d-EVIL-report-2\""));
	cr_assert_null(strstr(h, "d-CEDAW-report-6"));
	cr_assert_null(strstr(h, "uperseded"));
	/* Beyond the window: nowhere. */
	cr_assert_null(strstr(h, "d-CEDAW-report-9"));
	/* The milestone's owner, else the lead, as an abbreviation. */
	find(h, "<abbr title=\"Ministry of Foreign Affairs\">BZ</abbr>");
	find(h, "<abbr title=\"Ministry of Education, Culture and Science\">"
	    "OCW</abbr>");
	find(h, "<span title=\"confirmed (date set by the body)\">confirmed"
	    "</span>");
	free(h);
}

Test(page, escapes_data)
{
	char	*h = render("en", NULL, 0);

	cr_assert_null(strcasestr(h, "<script"));
	cr_assert_null(strstr(h, "<b>"));
	find(h, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
	    "&#39;q&#39;");
	find(h, "Body &quot;B&quot; &lt;b&gt;");
	free(h);
}

Test(page, escapes_base_url)
{
	char	*h = render("en", "https://x.example/\"><script>", 0);

	cr_assert_null(strcasestr(h, "<script"));
	find(h, "href=\"https://x.example/&quot;&gt;&lt;script&gt;/feeds/all.ics\"");
	free(h);
}

Test(page, dutch)
{
	char	*h = render("nl", NULL, 0);

	find(h, "<html lang=\"nl\">");
	find(h, "<h1>Verdragsrapportages</h1>");
	find(h, "Stand van zaken op <time datetime=\"2026-11-28\">28 november "
	    "2026</time>");
	find(h, "href=\"?lang=en\"");
	find(h, "<text class=\"mon\" x=\"");
	find(h, ">mrt</text>");
	find(h, ">mei</text>");
	find(h, "<text class=\"yr\" x=\"");
	find(h, ">2027</text>");
	find(h, "Periodieke rapportage");
	find(h, "Verdrag inzake de uitbanning");
	find(h, "<span class=\"st overdue\">te laat</span>");
	find(h, "<span class=\"st open\">open</span>");
	find(h, ">vandaag</text>");
	find(h, "Ministerie van Buitenlandse Zaken");
	cr_assert_null(strstr(h, "Treaty reporting"));
	cr_assert_null(strstr(h, "href=\"?lang=nl\""));
	find(h, "<a href=\"/agenda?lang=nl\">Conceptagenda");
	find(h, "<a href=\"/report?lang=nl\">Jaaroverzicht");
	free(h);
}

Test(page, english)
{
	char	*h = render("en", NULL, 0);

	find(h, "<h1>Treaty reporting</h1>");
	find(h, "As of <time datetime=\"2026-11-28\">28 November 2026</time>");
	find(h, "href=\"?lang=nl\"");
	find(h, ">Mar</text>");
	find(h, ">May</text>");
	find(h, ">2027</text>");
	cr_assert_null(strstr(h, ">mrt</text>"));
	find(h, "Periodic report");
	cr_assert_null(strstr(h, "Verdragsrapportages"));
	cr_assert_null(strstr(h, "href=\"?lang=en\""));
	find(h, "<a href=\"/agenda?lang=en\">Draft agenda");
	find(h, "<a href=\"/report?lang=en\">Year in review");
	cr_assert_null(strstr(h, "Periodieke"));
	free(h);
}

Test(page, unknown_language_is_english)
{
	char	*h = render(NULL, NULL, 0);

	find(h, "<html lang=\"en\">");
	free(h);
}

Test(page, feed_links)
{
	char	*h = render("en", "https://treaties.example.org/", 0);

	find(h, "href=\"https://treaties.example.org/feeds/all.ics\"");
	find(h, "href=\"webcal://treaties.example.org/feeds/all.ics\"");
	for (size_t i = 0; i < sizeof insts / sizeof insts[0]; i++) {
		char	 want[200];

		snprintf(want, sizeof want, "href=\"https://treaties.example.org"
		    "/feeds/instrument/%s.ics\"", insts[i]->code);
		find(h, want);
		snprintf(want, sizeof want, "href=\"webcal://treaties.example.org"
		    "/feeds/instrument/%s.ics\"", insts[i]->code);
		find(h, want);
	}
	find(h, "Subscribe from web");
	find(h, "From URL");
	free(h);
}

Test(page, feed_links_without_base_url)
{
	char	*h = render("nl", NULL, 0);

	find(h, "href=\"/feeds/all.ics\"");
	find(h, "href=\"/feeds/instrument/QUIET.ics\"");
	cr_assert_null(strstr(h, "webcal://"));
	find(h, "Abonneren vanaf internet");
	free(h);
}

Test(page, window)
{
	char	*h = render("en", NULL, 0);

	find(h, "<small>November 2026 \xE2\x80\x93 April 2028</small>");
	find(h, "id=\"d-CEDAW-report-8\"");
	free(h);

	h = render("en", NULL, 6);
	find(h, "<small>November 2026 \xE2\x80\x93 April 2027</small>");
	cr_assert_null(strstr(h, "id=\"d-CEDAW-report-8\""));
	cr_assert_null(strstr(h, "data-code=\"NETWORK\""));
	/* Still overdue, still shown. */
	find(h, "id=\"d-CEDAW-report-7\"");
	free(h);

	h = render("en", NULL, 1000);
	find(h, "<small>November 2026 \xE2\x80\x93 October 2031</small>");
	free(h);
}

Test(page, nothing_due)
{
	struct page_input	 in = {
		.today = today, .lang = "en", .instruments = insts,
		.ninstruments = 1
	};
	char			*h = page_overview(&in);

	cr_assert_not_null(h);
	find(h, "<svg");
	find(h, "No deadlines in this period.");
	find(h, "No open deadlines in this period.");
	cr_assert_null(strstr(h, "class=\"latehd\""));
	free(h);
}

Test(page, too_big_is_null)
{
	size_t			 n = 20000;
	struct deadline		*v = calloc(n, sizeof *v);
	struct page_input	 in = {
		.today = today, .lang = "en", .instruments = insts,
		.ninstruments = 1
	};

	const struct deadline	*report = NULL;

	for (size_t i = 0; i < ndls; i++)
		if (strcmp(dls[i].id, "CEDAW/report/8") == 0)
			report = &dls[i];
	cr_assert_not_null(report);
	cr_assert_not_null(v);
	for (size_t i = 0; i < n; i++) {
		v[i] = *report;
		snprintf(v[i].cycle, sizeof v[i].cycle, "%zu", i);
		snprintf(v[i].id, sizeof v[i].id, "CEDAW/report/%zu", i);
	}
	in.v = v;
	in.n = n;
	cr_assert_null(page_overview(&in));
	free(v);
}

/* Deadlines as the engine makes them from rules fed as INI keys. */
Test(page, from_the_engine)
{
	struct ruleset		 rs;
	struct diag		 dg;
	struct deadlines	 out = { NULL, 0, 0 };
	struct fact		 facts[2];
	struct engine_input	 ein;
	const struct instrument	*list[1];
	struct page_input	 in;
	struct duration		 three = { 3, 0, 0, 0 };
	char			*h;

	ruleset_init(&rs);
	diag_init(&dg);
	ruleset_begin_file(&rs, "crc.ini");
	ruleset_feed(&rs, 1, "instrument", "code", "CRC", &dg);
	ruleset_feed(&rs, 2, "instrument", "name", "Rights of the Child", &dg);
	ruleset_feed(&rs, 3, "instrument", "name_nl", "Rechten van het kind",
	    &dg);
	ruleset_feed(&rs, 4, "instrument", "body", "Committee", &dg);
	ruleset_feed(&rs, 5, "instrument", "lead", "VWS", &dg);
	ruleset_feed(&rs, 7, "rule report", "type", "grid", &dg);
	ruleset_feed(&rs, 8, "rule report", "label", "Periodic report", &dg);
	ruleset_feed(&rs, 9, "rule report", "base", "entry_into_force + P5Y",
	    &dg);
	ruleset_feed(&rs, 10, "rule report", "period", "P5Y", &dg);
	ruleset_feed(&rs, 12, "milestone kickoff", "before", "report", &dg);
	ruleset_feed(&rs, 13, "milestone kickoff", "offset", "P12M", &dg);
	ruleset_feed(&rs, 14, "milestone kickoff", "label", "Kick-off", &dg);
	ruleset_end_file(&rs, &dg);
	ruleset_finish(&rs, &dg);
	cr_assert_eq(dg.n, 0, "%s", dg.n ? dg.msgs[0] : "");

	memset(facts, 0, sizeof facts);
	facts[0].id = 1;
	snprintf(facts[0].instrument, sizeof facts[0].instrument, "CRC");
	snprintf(facts[0].kind, sizeof facts[0].kind, "entry_into_force");
	facts[0].date = ymd(2013, 1, 1);
	facts[0].due = DATE_NONE;
	facts[1].id = 2;
	snprintf(facts[1].instrument, sizeof facts[1].instrument, "CRC");
	snprintf(facts[1].kind, sizeof facts[1].kind, "report_submitted");
	snprintf(facts[1].cycle, sizeof facts[1].cycle, "2");
	facts[1].date = ymd(2022, 12, 1);
	facts[1].due = DATE_NONE;

	memset(&ein, 0, sizeof ein);
	ein.rules = &rs;
	ein.facts = facts;
	ein.nfacts = 2;
	ein.today = today;
	ein.horizon = date_add(today, &three, 1);
	engine_compute(&ein, &out);
	cr_assert_gt(out.n, 0);

	list[0] = &rs.v[0];
	memset(&in, 0, sizeof in);
	in.v = out.v;
	in.n = out.n;
	in.today = today;
	in.lang = "en";
	in.base_url = "http://localhost:8080";
	in.instruments = list;
	in.ninstruments = 1;
	h = page_overview(&in);
	cr_assert_not_null(h);
	/* Report 3 is due 2028-01-01, its kick-off a year before. */
	find(h, "<tr id=\"d-CRC-report-3\" class=\"dl open\">");
	find(h, "<time datetime=\"2028-01-01\">1 Jan 2028</time>");
	find(h, "<tr id=\"d-CRC-kickoff-3\" class=\"ms open\">");
	find(h, "<g class=\"row\" data-code=\"CRC\"");
	find(h, "href=\"webcal://localhost:8080/feeds/instrument/CRC.ics\"");
	free(h);
	deadlines_free(&out);
	diag_clear(&dg);
	ruleset_free(&rs);
}

Test(page, unknown_is_neither_late_nor_open)
{
	char	*h = render("en", NULL, 0);

	/* Its own marker, legend entry, style and status word. */
	find(h, "<g class=\"mk dl unknown tentative\">");
	find(h, "<li><span class=\"lg unknown\"></span>unknown</li>");
	find(h, ".mk.unknown{fill:var(--unk)");
	find(h, ".lg.unknown{");
	find(h, ".st.unknown{");
	find(h, "<tr id=\"d-EVIL-report-1\" class=\"dl unknown tentative\">");
	/* Why, in plain words, in the list and in the tooltip. */
	find(h, "<span class=\"st unknown\">unknown</span><span class=\"why\">"
	    "the recorded facts cannot tell</span>");
	find(h, "\nDue 10 Nov 2026 \xC2\xB7 unknown \xE2\x80\x94 the recorded "
	    "facts cannot tell \xC2\xB7 tentative</title>");
	/* Never late: not counted, not in the late column, no lateness. */
	find(h, "<span class=\"n\">2</span><span class=\"t\">overdue: ");
	cr_assert_eq(count(h, "<g class=\"mk dl overdue\">"), 2);
	/* Before the window: only under "What the records cannot tell",
	 * once; the one in the window is in the list, once. */
	cr_assert(find(h, "<tr id=\"d-EVIL-report-0\"") >
	    find(h, "<section id=\"unknown\">\n<h2>What the records cannot "
	    "tell</h2>"));
	cr_assert_eq(count(h, "<tr id=\"d-EVIL-report-0\""), 1);
	cr_assert_eq(count(h, "<tr id=\"d-EVIL-report-1\""), 1);
	cr_assert(starts(find(h, "<tr id=\"d-EVIL-report-1\""),
	    "<tr id=\"d-EVIL-report-1\" class=\"dl unknown tentative\">\n"
	    "<td class=\"due\"><time datetime=\"2026-11-10\">10 Nov 2026</time>"
	    "</td>"));
	free(h);

	h = render("nl", NULL, 0);
	find(h, "<li><span class=\"lg unknown\"></span>onbekend</li>");
	find(h, "<span class=\"st unknown\">onbekend</span><span class=\"why\">"
	    "niet vast te stellen uit de vastgelegde gegevens</span>");
	free(h);
}

Test(page, met_late_and_planned)
{
	char	*h = render("en", NULL, 0);

	/* Met after its date: how late, in the tooltip of the timeline. */
	find(h, "<title>EVIL: Follow-up information (0)\nDue 2 Nov 2026 "
	    "\xC2\xB7 met on 24 November 2026, 22 days late \xC2\xB7 derived"
	    "</title>");
	/* Overdue with a planned date: both, in the list and the tooltip. */
	find(h, "<span class=\"tag\">planned 1 Oct 2027</span>");
	find(h, "Due 1 Feb 2026 \xC2\xB7 due 1 February 2026, 9 months late; "
	    "planned 1 October 2027 \xC2\xB7 derived</title>");
	cr_assert_eq(count(h, "<span class=\"tag\">planned "), 1);
	free(h);

	h = render("nl", NULL, 0);
	find(h, "<span class=\"tag\">gepland 1 okt 2027</span>");
	find(h, "voldaan op 24 november 2026, 22 dagen te laat");
	find(h, "uiterlijk 1 februari 2026, 9 maanden te laat; gepland 1 "
	    "oktober 2027");
	free(h);
}

/* The card shows a date, never a projection as if it were one. */
Test(page, next_major_deadline_is_not_tentative)
{
	char		*h = render("en", NULL, 0);
	const char	*card = find(h, "next major deadline</span>");

	/* EVIL report 4 (1 June 2027) is tentative: NETWORK's comes first. */
	cr_assert(starts(card, "next major deadline</span><span class=\"n\">"
	    "<a href=\"#d-NETWORK-report-2027\">9 Nov 2027</a></span>"),
	    "%.120s", card);
	free(h);

	for (size_t i = 0; i < ndls; i++)
		if (strcmp(dls[i].id, "NETWORK/report/2027") == 0)
			dls[i].confidence = CONF_TENTATIVE;
	h = render("nl", NULL, 0);
	card = find(h, "eerstvolgende hoofddeadline</span>");
	cr_assert_not_null(strstr(card, "<a href=\"#d-CEDAW-report-8\">1 mrt "
	    "2028</a>"), "%.120s", card);
	free(h);
}
