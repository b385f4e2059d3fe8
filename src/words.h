/*
 * The product's words in Dutch and English, in one place: the language
 * names, month and weekday names, and the words that more than one page,
 * document or feed says (status, confidence, roles, column heads, units).
 * Pure: no I/O, libc only.
 *
 * Two ways to say something, one rule for which:
 *  - a word or phrase used in more than one place is a named word in the
 *    table below: words_get(WORD_DUE, lang);
 *  - a sentence said in one place only stays where it is said, in both
 *    languages, through W(lang, "Dutch", "English"), so the call site
 *    reads as the text it writes and printf formats stay checked.
 *
 * An unknown language: everything that takes a language by name (a
 * string from the configuration, a query or a coordinator) and does not
 * reject it falls back to English, LANG_FALLBACK. "nl" is Dutch; NULL,
 * "", "de" or "NL" are English.
 */
#ifndef TREATYD_WORDS_H
#define TREATYD_WORDS_H

enum lang {
	LANG_NL,
	LANG_EN
};

#define LANG_FALLBACK	LANG_EN

/* LANG_NL for "nl", LANG_EN for "en"; -1 for anything else or NULL. */
int		 lang_parse(const char *);
/* The language s names, or LANG_FALLBACK when it names none. */
enum lang	 lang_or_fallback(const char *s);
/* "nl" or "en"; borrowed. */
const char	*lang_name(enum lang);

/* One of two literals by language; both may be printf formats. */
#define W(lang, nl, en)	((lang) == LANG_NL ? (nl) : (en))

enum word {
	/* The status of a deadline (text_status). */
	WORD_STATUS_OPEN,
	WORD_STATUS_MET,
	WORD_STATUS_OVERDUE,
	WORD_STATUS_SUPERSEDED,
	WORD_STATUS_UNKNOWN,
	/* Its confidence, with what it means (text_confidence). */
	WORD_CONFIDENCE_CONFIRMED,
	WORD_CONFIDENCE_DERIVED,
	WORD_CONFIDENCE_TENTATIVE,
	/* A coordinator's role for an instrument. */
	WORD_ROLE_LEAD,			/* trekker */
	WORD_ROLE_CONTRIBUTOR,		/* bijdrager */
	/* Column heads and labels. */
	WORD_DUE,			/* Uiterste datum */
	WORD_WHAT,
	WORD_CYCLE,
	WORD_STATUS,
	WORD_CONFIDENCE,
	WORD_INSTRUMENT,		/* Verdrag */
	WORD_LEAD,			/* Trekker */
	WORD_OWNER,			/* Uitvoering: who does a milestone */
	WORD_SYMBOL,
	WORD_ADOPTED_ON,
	WORD_WHAT_FOLLOWS,
	WORD_COORDINATORS,
	WORD_CHAIR,			/* Voorzitter */
	WORD_LED_BY,			/* Inleiding: who leads an item */
	WORD_LATE_BY,			/* Te laat: a column of lateness */
	/* The product's name for what it shows. */
	WORD_TREATY_REPORTING,		/* Verdragsrapportages */
	WORD_CALENDAR,			/* Agenda: "Google Agenda" */
	/* Time and lateness. */
	WORD_TODAY,			/* vandaag */
	WORD_DAY,
	WORD_DAYS,
	WORD_MONTHS,
	WORD_YEARS,			/* jaar */
	WORD_HOURS,			/* uur, h: "1 uur 30 min" */
	WORD_DAY_LATE,
	WORD_DAYS_LATE,
	WORD_LATE,			/* te laat */
	WORD_ON_TIME,
	WORD_DUE_BY,			/* uiterlijk: "report due 1 June" */
	WORD_UP_TO_AND_INCLUDING,	/* tot en met */
	WORD_HELD_ON,
	WORD_MET_ON,			/* voldaan op: when a deadline was met */
	WORD_PLANNED,			/* gepland: the network's planned date */
	WORD_UNKNOWN_WHY,		/* why a status is unknown */
	/* Small words and answers. */
	WORD_AND,			/* " en ", with the spaces */
	WORD_NONE,			/* "Geen.": an empty section */
	WORD_NOT_YET_KNOWN,		/* nog niet vastgesteld */
	WORD_VOLUNTARY,			/* vrijwillig */
	WORD_EXPECTED,			/* verwacht: a projected cycle */
	WORD_INTERNAL_MILESTONE,
	WORD_INTERNAL_MILESTONES,
	WORD_INTERNAL_MILESTONES_AHEAD,
	/* What a year brought (agenda item 8, the review's summary). */
	WORD_REPORT,			/* Rapportage */
	WORD_REPORTS_SUBMITTED,
	WORD_CO_RECEIVED,
	WORD_FOLLOWUP_INFORMATION,
	WORD_FOLLOWUP_SUBMITTED,
	WORD_NO_FOLLOWUP_DATE,
	WORD_NEXT_CABINET_LETTER,
	/* Recommendations: the status of their follow-up, and the words
	 * every listing of them uses. */
	WORD_REC_NOT_STARTED,
	WORD_REC_IN_PROGRESS,
	WORD_REC_PARTIAL,
	WORD_REC_IMPLEMENTED,
	WORD_REC_NOT_ACCEPTED,
	WORD_RECOMMENDATION,		/* Aanbeveling */
	WORD_RECOMMENDATIONS,		/* Aanbevelingen */
	WORD_PARAGRAPH,			/* Paragraaf */
	WORD_THEMES,			/* Thema's */
	WORD_MINISTRY,			/* Ministerie */
	WORD_FOLLOWUP_PROCEDURE,	/* the body selected it */
	WORD_LAST_UPDATE,		/* Laatste voortgang */
	WORD_COUNT
};

/* The word in lang; borrowed, never NULL. */
const char	*words_get(enum word, enum lang);
/* "januari" / "January" for month 1 to 12; "?" for any other. */
const char	*words_month(int month, enum lang);
/* "jan", "mrt" / "Jan", "Mar" for month 1 to 12; "?" for any other. */
const char	*words_month_short(int month, enum lang);
/* "maandag" / "Monday" for ISO weekday 1 (Monday) to 7; "?" otherwise. */
const char	*words_weekday(int weekday, enum lang);

#endif
