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

/* What a description may mention besides the deadline itself. */
struct text_ctx {
	const struct department		*depts;
	size_t				 ndepts;
	const struct fact		*facts;
	size_t				 nfacts;
	const struct coordinator	*coords;
	size_t				 ncoords;
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
/*
 * The coordinators of instrument code, "Name (DEPT, lead); ...", appended
 * to b; returns how many.
 */
size_t	 text_coordinators(struct buf *, const struct text_ctx *,
	    const char *code, const char *lang);
/* One line: "CEDAW: Periodic report (8)"; caller frees. */
char	*text_summary(const struct deadline *, const char *lang);
/*
 * Several lines: what is due, for which body, when, status and
 * confidence, lead department and coordinators, the rule and facts it
 * came from, the source. Caller frees.
 */
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
