/*
 * Unit tests of the product's words (src/words.c), the HTML escaper
 * (src/escape.c), the text cutter (text_width, text_cut in src/text.c)
 * and the words of a deadline's status (text_late, text_status_line,
 * text_kind in src/text.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "buf.h"
#include "date.h"
#include "escape.h"
#include "text.h"
#include "words.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define ELLIPSIS	"\xE2\x80\xA6"

/* ---------------------------------------------------------------- lang */

Test(lang, parse_knows_nl_and_en_only)
{
	static const char *const unknown[] = { "", "NL", "En", "de", "nl ",
	    " en", "nld", "eng", "n", "nl\n" };

	cr_expect_eq(lang_parse("nl"), LANG_NL);
	cr_expect_eq(lang_parse("en"), LANG_EN);
	cr_expect_eq(lang_parse(NULL), -1);
	for (size_t i = 0; i < NELEM(unknown); i++)
		cr_expect_eq(lang_parse(unknown[i]), -1, "lang_parse(\"%s\")",
		    unknown[i]);
}

Test(lang, unknown_falls_back_to_english)
{
	static const char *const unknown[] = { "", "NL", "de", "fr", "xx" };

	cr_expect_eq(LANG_FALLBACK, LANG_EN);
	cr_expect_eq(lang_or_fallback("nl"), LANG_NL);
	cr_expect_eq(lang_or_fallback("en"), LANG_EN);
	cr_expect_eq(lang_or_fallback(NULL), LANG_EN);
	for (size_t i = 0; i < NELEM(unknown); i++)
		cr_expect_eq(lang_or_fallback(unknown[i]), LANG_EN,
		    "lang_or_fallback(\"%s\")", unknown[i]);
	/* The same rule in the words a renderer shows. */
	cr_expect_str_eq(text_status(STATUS_MET, "de"), "met");
	cr_expect_str_eq(text_status(STATUS_MET, NULL), "met");
	cr_expect_str_eq(text_status(STATUS_MET, "nl"), "voldaan");
}

Test(lang, name_round_trips)
{
	cr_expect_str_eq(lang_name(LANG_NL), "nl");
	cr_expect_str_eq(lang_name(LANG_EN), "en");
	cr_expect_eq(lang_parse(lang_name(LANG_NL)), LANG_NL);
	cr_expect_eq(lang_parse(lang_name(LANG_EN)), LANG_EN);
}

Test(lang, w_picks_by_language)
{
	cr_expect_str_eq(W(LANG_NL, "ja", "yes"), "ja");
	cr_expect_str_eq(W(LANG_EN, "ja", "yes"), "yes");
}

/* ---------------------------------------------------------------- words */

Test(words, months_in_both_languages)
{
	static const char *const nl[] = { "januari", "februari", "maart",
	    "april", "mei", "juni", "juli", "augustus", "september", "oktober",
	    "november", "december" };
	static const char *const en[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	static const char *const nl_short[] = { "jan", "feb", "mrt", "apr",
	    "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec" };
	static const char *const en_short[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

	for (int m = 1; m <= 12; m++) {
		cr_expect_str_eq(words_month(m, LANG_NL), nl[m - 1]);
		cr_expect_str_eq(words_month(m, LANG_EN), en[m - 1]);
		cr_expect_str_eq(words_month_short(m, LANG_NL),
		    nl_short[m - 1]);
		cr_expect_str_eq(words_month_short(m, LANG_EN),
		    en_short[m - 1]);
	}
	cr_expect_str_eq(words_month(0, LANG_EN), "?");
	cr_expect_str_eq(words_month(13, LANG_NL), "?");
	cr_expect_str_eq(words_month_short(-1, LANG_NL), "?");
}

Test(words, long_dates_use_the_month_names)
{
	int	 day = date_from_ymd(2026, 6, 1);
	char	 buf[40];

	cr_expect_str_eq(text_long_date(day, "nl", buf, sizeof buf),
	    "1 juni 2026");
	cr_expect_str_eq(text_long_date(day, "en", buf, sizeof buf),
	    "1 June 2026");
	cr_expect_str_eq(text_long_date(day, "xx", buf, sizeof buf),
	    "1 June 2026");
}

Test(words, weekdays_are_iso)
{
	cr_expect_str_eq(words_weekday(1, LANG_NL), "maandag");
	cr_expect_str_eq(words_weekday(7, LANG_NL), "zondag");
	cr_expect_str_eq(words_weekday(1, LANG_EN), "Monday");
	cr_expect_str_eq(words_weekday(7, LANG_EN), "Sunday");
	cr_expect_str_eq(words_weekday(0, LANG_EN), "?");
	cr_expect_str_eq(words_weekday(8, LANG_NL), "?");
}

Test(words, every_word_exists_in_both_languages)
{
	for (int w = 0; w < WORD_COUNT; w++) {
		const char	*nl = words_get((enum word)w, LANG_NL);
		const char	*en = words_get((enum word)w, LANG_EN);

		cr_expect(nl[0] != '\0' && strcmp(nl, "?") != 0,
		    "word %d has no Dutch", w);
		cr_expect(en[0] != '\0' && strcmp(en, "?") != 0,
		    "word %d has no English", w);
	}
	cr_expect_str_eq(words_get(WORD_COUNT, LANG_EN), "?");
}

Test(words, statuses_and_confidences)
{
	char	 buf[64];

	cr_expect_str_eq(words_get(WORD_STATUS_OVERDUE, LANG_NL), "te laat");
	cr_expect_str_eq(words_get(WORD_STATUS_OVERDUE, LANG_EN), "overdue");
	cr_expect_str_eq(text_status(STATUS_SUPERSEDED, "nl"), "vervallen");
	cr_expect_str_eq(text_confidence(CONF_DERIVED, "en"),
	    "derived (computed from the cycle rule)");
	cr_expect_str_eq(text_confidence_word(CONF_DERIVED, "nl", buf,
	    sizeof buf), "afgeleid");
	cr_expect_str_eq(text_confidence_word(CONF_TENTATIVE, "en", buf,
	    sizeof buf), "tentative");
}

/* ---------------------------------------------------------------- status */

static const struct rule r_report = {
	.name = "report", .type = RULE_GRID, .label = "Periodic report",
	.label_nl = "Periodieke rapportage"
};
static const struct rule r_step = {
	.name = "kickoff", .type = RULE_MILESTONE, .before = "report",
	.label = "Kick-off", .label_nl = "Aftrap"
};
static const struct rule r_letter = {
	.name = "annual_letter", .type = RULE_YEARLY,
	.label = "Annual cabinet letter",
	.label_nl = "Jaarlijkse kabinetsbrief"
};
static const struct rule r_other = {
	.name = "additional_info", .type = RULE_OFFSET,
	.label = "Additional information (art. 29(4))",
	.label_nl = "Aanvullende informatie (art. 29, lid 4)",
	.fulfilled_by = "info_sent"
};
static const struct instrument i_x = { .code = "X", .name = "X" };

static struct deadline
deadline(const struct rule *r, int due, enum deadline_status st)
{
	struct deadline	 d;

	memset(&d, 0, sizeof d);
	d.inst = &i_x;
	d.rule = r;
	snprintf(d.kind, sizeof d.kind, "%s", r->name);
	d.due = due;
	d.met_on = d.postponed_from = d.planned = d.opened = DATE_NONE;
	d.status = st;
	return d;
}

Test(status, lateness_in_days_months_and_years)
{
	int	 due = date_from_ymd(2022, 12, 5);
	char	 buf[64];

	cr_expect_str_eq(text_late(due, due, "nl", buf, sizeof buf), "op tijd");
	cr_expect_str_eq(text_late(due, due - 3, "en", buf, sizeof buf),
	    "on time");
	cr_expect_str_eq(text_late(due, due + 1, "nl", buf, sizeof buf),
	    "1 dag te laat");
	cr_expect_str_eq(text_late(due, due + 22, "en", buf, sizeof buf),
	    "22 days late");
	cr_expect_str_eq(text_late(due, date_from_ymd(2023, 9, 6), "nl", buf,
	    sizeof buf), "9 maanden te laat");
	cr_expect_str_eq(text_late(due, date_from_ymd(2026, 12, 6), "nl", buf,
	    sizeof buf), "4 jaar te laat");
	cr_expect_str_eq(text_late(due, date_from_ymd(2026, 12, 6), "en", buf,
	    sizeof buf), "4 years late");
	/* 60 days that make one whole month: singular. */
	cr_expect_str_eq(text_late(date_from_ymd(2026, 7, 1),
	    date_from_ymd(2026, 8, 30), "en", buf, sizeof buf), "1 month late");
}

Test(status, met_says_when_and_how_late)
{
	struct deadline	 d = deadline(&r_report, date_from_ymd(2022, 12, 1),
	    STATUS_MET);
	char		 buf[256];

	d.met_on = date_from_ymd(2022, 12, 23);
	cr_expect_str_eq(text_status_line(&d, DATE_NONE, "nl", buf, sizeof buf),
	    "voldaan op 23 december 2022, 22 dagen te laat");
	cr_expect_str_eq(text_status_line(&d, DATE_NONE, "en", buf, sizeof buf),
	    "met on 23 December 2022, 22 days late");
	d.met_on = date_from_ymd(2022, 11, 30);
	cr_expect_str_eq(text_status_line(&d, DATE_NONE, "en", buf, sizeof buf),
	    "met on 30 November 2022, on time");
	/* A planned date no longer matters once it is met. */
	d.planned = date_from_ymd(2022, 11, 1);
	cr_expect_str_eq(text_status_line(&d, DATE_NONE, "nl", buf, sizeof buf),
	    "voldaan op 30 november 2022, op tijd");
}

Test(status, overdue_with_a_plan)
{
	struct deadline	 d = deadline(&r_report, date_from_ymd(2022, 12, 5),
	    STATUS_OVERDUE);
	int		 today = date_from_ymd(2026, 12, 6);
	char		 buf[256];

	d.planned = date_from_ymd(2027, 10, 1);
	cr_expect_str_eq(text_status_line(&d, today, "nl", buf, sizeof buf),
	    "uiterlijk 5 december 2022, 4 jaar te laat; gepland 1 oktober 2027");
	cr_expect_str_eq(text_status_line(&d, today, "en", buf, sizeof buf),
	    "due 5 December 2022, 4 years late; planned 1 October 2027");
	/* Without today: nothing that changes by the day. */
	cr_expect_str_eq(text_status_line(&d, DATE_NONE, "nl", buf, sizeof buf),
	    "te laat; gepland 1 oktober 2027");
	d.planned = DATE_NONE;
	cr_expect_str_eq(text_status_line(&d, DATE_NONE, "en", buf, sizeof buf),
	    "overdue");
	/* A small buffer is cut, never overrun. */
	d.planned = date_from_ymd(2027, 10, 1);
	cr_expect_str_eq(text_status_line(&d, today, "en", buf, 8), "due 5 D");
}

Test(status, unknown_says_why)
{
	struct deadline	 d = deadline(&r_report, date_from_ymd(2010, 1, 1),
	    STATUS_UNKNOWN);
	char		 buf[256];

	cr_expect_str_eq(text_status_line(&d, date_from_ymd(2026, 1, 1), "nl",
	    buf, sizeof buf), "onbekend \xE2\x80\x94 niet vast te stellen uit "
	    "de vastgelegde gegevens");
	cr_expect_str_eq(text_status_line(&d, DATE_NONE, "en", buf, sizeof buf),
	    "unknown \xE2\x80\x94 the recorded facts cannot tell");
	d = deadline(&r_report, date_from_ymd(2027, 1, 1), STATUS_OPEN);
	cr_expect_str_eq(text_status_line(&d, DATE_NONE, "nl", buf, sizeof buf),
	    "open");
}

Test(status, kinds_are_words_of_the_language)
{
	struct deadline	 d = deadline(&r_report, 0, STATUS_OPEN);
	char		 buf[128];

	cr_expect_str_eq(text_kind(&d, "nl", buf, sizeof buf), "Rapportage");
	cr_expect_str_eq(text_kind(&d, "en", buf, sizeof buf), "Report");
	d = deadline(&r_step, 0, STATUS_OPEN);
	cr_expect_str_eq(text_kind(&d, "nl", buf, sizeof buf),
	    "Interne mijlpaal");
	snprintf(d.kind, sizeof d.kind, "recheck");
	d.rule = &r_report;
	cr_expect_str_eq(text_kind(&d, "en", buf, sizeof buf), "Date to check");
	d = deadline(&r_letter, 0, STATUS_OPEN);
	cr_expect_str_eq(text_kind(&d, "nl", buf, sizeof buf), "Kabinetsbrief");
	cr_expect_str_eq(text_kind(&d, "en", buf, sizeof buf), "Cabinet letter");
	/* Anything else: its label, without the reference. */
	d = deadline(&r_other, 0, STATUS_OPEN);
	cr_expect_str_eq(text_kind(&d, "nl", buf, sizeof buf),
	    "Aanvullende informatie");
	cr_expect_str_eq(text_kind(&d, "en", buf, sizeof buf),
	    "Additional information");
}

/* ---------------------------------------------------------------- escape */

static char *
escaped(const char *s)
{
	struct buf	 b;

	buf_init(&b, 4096);
	escape_html(&b, s);
	return buf_take(&b);
}

static void
expect_escaped(const char *in, const char *want)
{
	char	*got = escaped(in);

	cr_expect_str_eq(got, want, "escape_html(\"%s\")", in);
	free(got);
}

Test(escape, each_special_character)
{
	expect_escaped("&", "&amp;");
	expect_escaped("<", "&lt;");
	expect_escaped(">", "&gt;");
	expect_escaped("\"", "&quot;");
	expect_escaped("'", "&#39;");
	expect_escaped("a<b>&\"c'd", "a&lt;b&gt;&amp;&quot;c&#39;d");
	expect_escaped("&amp;", "&amp;amp;");
	expect_escaped("", "");
}

Test(escape, control_characters_become_the_replacement_character)
{
	expect_escaped("a\x01z", "a\xEF\xBF\xBDz");
	expect_escaped("\x1b[1m", "\xEF\xBF\xBD[1m");
	expect_escaped("del\x7f", "del\xEF\xBF\xBD");
	expect_escaped("\x1f", "\xEF\xBF\xBD");
	/* Tab, line feed and carriage return are text. */
	expect_escaped("a\tb\nc\r\nd", "a\tb\nc\r\nd");
}

Test(escape, utf8_passes_untouched)
{
	static const char *const s[] = { "Cura\xC3\xA7" "ao",
	    "co\xC3\xB6rdinatoren", "\xE2\x80\x93 \xE2\x86\x92 \xE2\x80\xA6",
	    "\xF0\x9F\x93\x85 agenda", "\xC2\xA0\xC2\x85" };

	for (size_t i = 0; i < NELEM(s); i++)
		expect_escaped(s[i], s[i]);
}

Test(escape, a_length_stops_it)
{
	struct buf	 b;
	char		*got;

	buf_init(&b, 64);
	escape_html_n(&b, "<a>&<b>", 3);
	got = buf_take(&b);
	cr_expect_str_eq(got, "&lt;a&gt;");
	free(got);
	/* A NUL inside the length is a control character too. */
	buf_init(&b, 64);
	escape_html_n(&b, "a\0b", 3);
	got = buf_take(&b);
	cr_expect_str_eq(got, "a\xEF\xBF\xBD" "b");
	free(got);
}

/* ---------------------------------------------------------------- cut */

Test(cut, width_counts_characters)
{
	cr_expect_eq(text_width(""), 0);
	cr_expect_eq(text_width("abc"), 3);
	cr_expect_eq(text_width("Cura\xC3\xA7" "ao"), 7);
	cr_expect_eq(text_width("\xE2\x80\x93\xE2\x80\x93"), 2);
	cr_expect_eq(text_width("\xF0\x9F\x93\x85"), 1);
}

Test(cut, short_and_exact_text_is_kept)
{
	char	 buf[64];

	cr_expect_str_eq(text_cut("abc", 5, buf, sizeof buf), "abc");
	cr_expect_str_eq(text_cut("abcde", 5, buf, sizeof buf), "abcde");
	cr_expect_str_eq(text_cut("", 3, buf, sizeof buf), "");
	/* Exactly width characters, more bytes than that. */
	cr_expect_str_eq(text_cut("\xC3\xA9\xC3\xA9\xC3\xA9", 3, buf,
	    sizeof buf), "\xC3\xA9\xC3\xA9\xC3\xA9");
}

Test(cut, longer_text_ends_in_an_ellipsis)
{
	char	 buf[64];

	cr_expect_str_eq(text_cut("abcdef", 5, buf, sizeof buf),
	    "abcd" ELLIPSIS);
	cr_expect_eq(text_width(buf), 5);
	cr_expect_str_eq(text_cut("abcdef", 1, buf, sizeof buf), ELLIPSIS);
	cr_expect_str_eq(text_cut("abcdef", 0, buf, sizeof buf), "");
}

Test(cut, never_inside_a_character)
{
	char	 buf[64];

	/* "Curaçao" cut after the ç, and with the ç the last kept one. */
	cr_expect_str_eq(text_cut("Cura\xC3\xA7" "ao", 6, buf, sizeof buf),
	    "Cura\xC3\xA7" ELLIPSIS);
	cr_expect_str_eq(text_cut("Cura\xC3\xA7" "ao", 5, buf, sizeof buf),
	    "Cura" ELLIPSIS);
	cr_expect_str_eq(text_cut("\xE2\x80\x93\xE2\x80\x93\xE2\x80\x93", 2,
	    buf, sizeof buf), "\xE2\x80\x93" ELLIPSIS);
	cr_expect_str_eq(text_cut("\xF0\x9F\x93\x85\xF0\x9F\x93\x85x", 2,
	    buf, sizeof buf), "\xF0\x9F\x93\x85" ELLIPSIS);
}

Test(cut, a_small_buffer_holds_whole_characters_only)
{
	char	 buf[4];

	/* Room for 3 bytes: "a" and one 2-byte é, not half of the next. */
	text_cut("a\xC3\xA9\xC3\xA9", 10, buf, sizeof buf);
	cr_expect_str_eq(buf, "a\xC3\xA9");
}
