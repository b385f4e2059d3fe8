/*
 * The year in review for the annual cabinet letter (kabinetsbrief) on
 * treaty reporting: reports and follow-up submitted (on time or how
 * late), dialogues held, concluding observations received, civil-society
 * consultation rounds held, and what is due the year after. Markdown,
 * HTML or CSV, in Dutch or English. Pure: no I/O, no clock.
 */
#ifndef TREATYD_REVIEW_H
#define TREATYD_REVIEW_H

#include <stddef.h>

struct deadline;
struct fact;
struct instrument;
struct text_ctx;

struct review_input {
	const struct deadline	*v;		/* engine output */
	size_t			 n;
	const struct fact	*facts;		/* all facts, superseded too */
	size_t			 nfacts;
	const struct text_ctx	*tc;
	const struct instrument	*inst;		/* every instrument */
	size_t			 ninst;
	int			 year;		/* the calendar year reviewed */
	const char		*lang;		/* "nl"; anything else: English */
};

enum review_format { REVIEW_MD, REVIEW_HTML, REVIEW_CSV };

/*
 * The review of in->year; CSV has one row per item (section,instrument,
 * date,due,days_late,what,symbol,paragraph,lead; RFC 4180, CRLF), the
 * recommendations' rows as recreport.h says. The follow-up of
 * recommendations comes from in->tc->recs. NULL when the year
 * is out of range or the document would exceed AGENDA_MAX. Caller frees.
 */
char	*review_render(const struct review_input *, enum review_format);

#endif
