#include "config.h"

#include <stddef.h>
#include <string.h>

#include "words.h"

static const char *const lang_names[] = {
	[LANG_NL] = "nl", [LANG_EN] = "en"
};

/* [word][lang]: LANG_NL (0) is Dutch, LANG_EN (1) English. */
static const char *const words[WORD_COUNT][2] = {
	[WORD_STATUS_OPEN] =		{ "open", "open" },
	[WORD_STATUS_MET] =		{ "voldaan", "met" },
	[WORD_STATUS_OVERDUE] =		{ "te laat", "overdue" },
	[WORD_STATUS_SUPERSEDED] =	{ "vervallen", "superseded" },
	[WORD_STATUS_UNKNOWN] =		{ "onbekend", "unknown" },
	[WORD_CONFIDENCE_CONFIRMED] =	{
	    "bevestigd (datum vastgesteld door het orgaan)",
	    "confirmed (date set by the body)" },
	[WORD_CONFIDENCE_DERIVED] =	{
	    "afgeleid (berekend uit de cyclusregel)",
	    "derived (computed from the cycle rule)" },
	[WORD_CONFIDENCE_TENTATIVE] =	{
	    "voorlopig (verwachte volgende cyclus)",
	    "tentative (projected next cycle)" },
	[WORD_ROLE_LEAD] =		{ "trekker", "lead" },
	[WORD_ROLE_CONTRIBUTOR] =	{ "bijdrager", "contributor" },
	[WORD_DUE] =			{ "Uiterste datum", "Due" },
	[WORD_WHAT] =			{ "Wat", "What" },
	[WORD_CYCLE] =			{ "Cyclus", "Cycle" },
	[WORD_STATUS] =			{ "Status", "Status" },
	[WORD_CONFIDENCE] =		{ "Zekerheid", "Confidence" },
	[WORD_INSTRUMENT] =		{ "Verdrag", "Instrument" },
	[WORD_LEAD] =			{ "Trekker", "Lead" },
	[WORD_OWNER] =			{ "Uitvoering", "Owner" },
	[WORD_SYMBOL] =			{ "Symbool", "Symbol" },
	[WORD_ADOPTED_ON] =		{ "Vastgesteld op", "Adopted on" },
	[WORD_WHAT_FOLLOWS] =		{ "Wat volgt", "What follows" },
	[WORD_COORDINATORS] =		{ "Co\xC3\xB6rdinatoren",
					  "Coordinators" },
	[WORD_CHAIR] =			{ "Voorzitter", "Chair" },
	[WORD_LED_BY] =			{ "Inleiding", "Led by" },
	[WORD_LATE_BY] =		{ "Te laat", "Late by" },
	[WORD_TREATY_REPORTING] =	{ "Verdragsrapportages",
					  "Treaty reporting" },
	[WORD_CALENDAR] =		{ "Agenda", "Calendar" },
	[WORD_TODAY] =			{ "vandaag", "today" },
	[WORD_DAY] =			{ "dag", "day" },
	[WORD_DAYS] =			{ "dagen", "days" },
	[WORD_MONTHS] =			{ "maanden", "months" },
	[WORD_YEARS] =			{ "jaar", "years" },
	[WORD_HOURS] =			{ "uur", "h" },
	[WORD_DAY_LATE] =		{ "dag te laat", "day late" },
	[WORD_DAYS_LATE] =		{ "dagen te laat", "days late" },
	[WORD_LATE] =			{ "te laat", "late" },
	[WORD_ON_TIME] =		{ "op tijd", "on time" },
	[WORD_DUE_BY] =			{ "uiterlijk", "due" },
	[WORD_UP_TO_AND_INCLUDING] =	{ "tot en met", "up to and including" },
	[WORD_HELD_ON] =		{ "gehouden op", "held on" },
	[WORD_MET_ON] =			{ "voldaan op", "met on" },
	[WORD_PLANNED] =		{ "gepland", "planned" },
	[WORD_UNKNOWN_WHY] =		{
	    "niet vast te stellen uit de vastgelegde gegevens",
	    "the recorded facts cannot tell" },
	[WORD_AND] =			{ " en ", " and " },
	[WORD_NONE] =			{ "Geen.", "None." },
	[WORD_NOT_YET_KNOWN] =		{ "nog niet vastgesteld",
					  "not yet known" },
	[WORD_VOLUNTARY] =		{ "vrijwillig", "voluntary" },
	[WORD_EXPECTED] =		{ "verwacht", "expected" },
	[WORD_INTERNAL_MILESTONE] =	{ "interne mijlpaal",
					  "internal milestone" },
	[WORD_INTERNAL_MILESTONES] =	{ "interne mijlpalen",
					  "internal milestones" },
	[WORD_INTERNAL_MILESTONES_AHEAD] = { "Interne mijlpalen die nog komen",
					  "Internal milestones ahead" },
	[WORD_REPORT] =			{ "Rapportage", "Report" },
	[WORD_REPORTS_SUBMITTED] =	{ "Rapportages ingediend",
					  "Reports submitted" },
	[WORD_CO_RECEIVED] =		{ "Slotbeschouwingen ontvangen",
					  "Concluding observations received" },
	[WORD_FOLLOWUP_INFORMATION] =	{ "Follow-upinformatie",
					  "Follow-up information" },
	[WORD_FOLLOWUP_SUBMITTED] =	{ "Follow-upinformatie ingediend",
					  "Follow-up information submitted" },
	[WORD_NO_FOLLOWUP_DATE] =	{ "geen vervolgtermijn berekend",
					  "no follow-up date computed" },
	[WORD_NEXT_CABINET_LETTER] =	{ "Volgende kabinetsbrief",
					  "Next cabinet letter" },
	[WORD_REC_NOT_STARTED] =	{ "niet gestart", "not started" },
	[WORD_REC_IN_PROGRESS] =	{ "in uitvoering", "in progress" },
	[WORD_REC_PARTIAL] =		{ "gedeeltelijk uitgevoerd",
					  "partially implemented" },
	[WORD_REC_IMPLEMENTED] =	{ "uitgevoerd", "implemented" },
	[WORD_REC_NOT_ACCEPTED] =	{ "niet aanvaard", "not accepted" },
	[WORD_RECOMMENDATION] =		{ "Aanbeveling", "Recommendation" },
	[WORD_RECOMMENDATIONS] =	{ "Aanbevelingen", "Recommendations" },
	[WORD_PARAGRAPH] =		{ "Paragraaf", "Paragraph" },
	[WORD_THEMES] =			{ "Thema's", "Themes" },
	[WORD_MINISTRY] =		{ "Ministerie", "Ministry" },
	[WORD_FOLLOWUP_PROCEDURE] =	{ "Follow-upprocedure",
					  "Follow-up procedure" },
	[WORD_LAST_UPDATE] =		{ "Laatste voortgang", "Last update" },
};

static const char *const month_long[2][12] = {
	[LANG_NL] = { "januari", "februari", "maart", "april", "mei", "juni",
	    "juli", "augustus", "september", "oktober", "november",
	    "december" },
	[LANG_EN] = { "January", "February", "March", "April", "May", "June",
	    "July", "August", "September", "October", "November",
	    "December" }
};

static const char *const month_short[2][12] = {
	[LANG_NL] = { "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug",
	    "sep", "okt", "nov", "dec" },
	[LANG_EN] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
	    "Sep", "Oct", "Nov", "Dec" }
};

static const char *const weekdays[2][7] = {
	[LANG_NL] = { "maandag", "dinsdag", "woensdag", "donderdag",
	    "vrijdag", "zaterdag", "zondag" },
	[LANG_EN] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	    "Saturday", "Sunday" }
};

/* An index into the tables: a value outside the enum reads as English. */
static int
li(enum lang l)
{
	return l == LANG_NL ? LANG_NL : LANG_EN;
}

int
lang_parse(const char *s)
{
	if (s != NULL && strcmp(s, lang_names[LANG_NL]) == 0)
		return LANG_NL;
	if (s != NULL && strcmp(s, lang_names[LANG_EN]) == 0)
		return LANG_EN;
	return -1;
}

enum lang
lang_or_fallback(const char *s)
{
	int	 l = lang_parse(s);

	return l == -1 ? LANG_FALLBACK : (enum lang)l;
}

const char *
lang_name(enum lang l)
{
	return lang_names[li(l)];
}

const char *
words_get(enum word w, enum lang l)
{
	const char	*s;

	if ((int)w < 0 || w >= WORD_COUNT)
		return "?";
	s = words[w][li(l)];
	return s != NULL ? s : "?";
}

const char *
words_month(int month, enum lang l)
{
	return month >= 1 && month <= 12 ? month_long[li(l)][month - 1] : "?";
}

const char *
words_month_short(int month, enum lang l)
{
	return month >= 1 && month <= 12 ? month_short[li(l)][month - 1] : "?";
}

const char *
words_weekday(int weekday, enum lang l)
{
	return weekday >= 1 && weekday <= 7 ? weekdays[li(l)][weekday - 1] :
	    "?";
}
