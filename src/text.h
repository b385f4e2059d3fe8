/*
 * The words people read about a deadline, in Dutch or English: summary
 * lines and descriptions for feeds, mails and pages; and the one way to
 * measure and cut text by characters. Pure.
 *
 * lang is a language name ("nl", "en"): anything that is not one falls
 * back as words.h says (English).
 */
#ifndef TREATYD_TEXT_H
#define TREATYD_TEXT_H

#include <stddef.h>

#include "engine.h"

struct buf;
struct rec_set;
struct ruleset;

/* What a description may mention besides the deadline itself. */
/* At most this many recommendations named in a description. */
#define TEXT_RECS_LISTED	40

/* One assignment: who holds instrument code, in which role. */
struct text_role {
	const char			*code;
	const struct coordinator	*co;
	const char			*role;
};

struct text_ctx {
	const struct department		*depts;
	size_t				 ndepts;
	const struct fact		*facts;
	size_t				 nfacts;
	const struct coordinator	*coords;
	size_t				 ncoords;
	/* The assignments of coords by instrument (text_roles_index), or
	 * NULL: text_coordinators then reads every coordinator. */
	const struct text_role		*roles;
	size_t				 nroles;
	const struct rec_set		*recs;		/* NULL: none */
	const struct ruleset		*rules;
};

const char *text_status(enum deadline_status, const char *lang);
const char *text_confidence(enum deadline_confidence, const char *lang);
/* The confidence's first word ("derived"), without the explanation. */
char	*text_confidence_word(enum deadline_confidence, const char *lang,
	    char *buf, size_t len);
/* The department's name in lang, or the code when unknown. */
const char *text_department(const struct text_ctx *, const char *code,
	    const char *lang);
/* The instrument's name in lang. */
const char *text_instrument(const struct instrument *, const char *lang);
/* "1 juni 2026" or "1 June 2026" into buf; returns buf. */
char	*text_long_date(int date, const char *lang, char *buf, size_t len);
/* Every assignment of v[0..n), sorted by instrument and then as in v;
 * caller frees. */
struct text_role *text_roles_index(const struct coordinator *v, size_t n,
	    size_t *nroles);
/*
 * The coordinators of instrument code, "Name (DEPT, lead); ...", appended
 * to b; returns how many.
 */
size_t	 text_coordinators(struct buf *, const struct text_ctx *,
	    const char *code, const char *lang);
/*
 * How late something done (or still not done) on at is for due: "1 dag
 * te laat", "22 dagen te laat", "9 maanden te laat", "4 jaar te laat";
 * "op tijd" when at <= due. Returns buf.
 */
char	*text_late(int due, int at, const char *lang, char *buf, size_t len);
/*
 * The status in words with what the deadline adds to it: "voldaan op 23
 * december 2022, 22 dagen te laat" (or ", op tijd"), "onbekend \xE2\x80\x94
 * niet vast te stellen uit de vastgelegde gegevens", and "; gepland 1
 * oktober 2027" after one not met with a planned date. An overdue one
 * says how late it is on today, "uiterlijk 5 december 2022, 4 jaar te
 * laat"; with today DATE_NONE just "te laat", for text that must not
 * change by the day (a feed's text sets its SEQUENCE). Returns buf.
 */
char	*text_status_line(const struct deadline *, int today, const char *lang,
	    char *buf, size_t len);
/*
 * What kind of deadline it is, one or two words for a calendar's
 * categories: "Rapportage", "Follow-upinformatie", "Interne mijlpaal",
 * "Datum nagaan", "Kabinetsbrief", "Bijeenkomst", else the rule's label
 * up to a parenthesis. Returns buf.
 */
char	*text_kind(const struct deadline *, const char *lang, char *buf,
	    size_t len);
/* One line: "CEDAW: Periodic report (8)"; caller frees. */
char	*text_summary(const struct deadline *, const char *lang);
/*
 * Several lines: what is due, for which body, when, status and
 * confidence, lead department and coordinators, the rule and facts it
 * came from, the source. Caller frees.
 */
/*
 * For a progress-update deadline, "Nog zonder voortgang (2): SYMBOL,
 * par. 12; ..." (at most TEXT_RECS_LISTED named) into b; returns how
 * many wait, 0 (and nothing written) for any other deadline.
 */
size_t	 text_recs_waiting(struct buf *, const struct text_ctx *,
	    const struct deadline *, const char *lang);
char	*text_description(const struct text_ctx *, const struct deadline *,
	    const char *lang);

/* Characters (not bytes) in UTF-8 s. */
size_t	 text_width(const char *s);
/*
 * s cut to at most width characters, never inside a UTF-8 sequence, into
 * buf: when s is longer, its first width - 1 characters and "\xE2\x80\xA6"
 * (an ellipsis), so the cut shows. Returns buf.
 */
char	*text_cut(const char *s, size_t width, char *buf, size_t len);

#endif
