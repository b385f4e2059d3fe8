/*
 * The overview page served at `/`: one self-contained HTML5 document
 * (inline CSS, a timeline drawn as inline SVG, no script, nothing to
 * fetch) showing the deadlines of the coming months at a glance, in
 * Dutch or English. Pure: no I/O, no clock; `today` is a parameter.
 */
#ifndef TREATYD_PAGE_H
#define TREATYD_PAGE_H

#include <stddef.h>

#include "engine.h"

struct deadline;
struct instrument;
struct text_ctx;

#define PAGE_MONTHS_DEFAULT	18
#define PAGE_MONTHS_MAX		60
#define PAGE_MAX		(4 * 1024 * 1024)	/* cap on the document */

/* "We know; it is being handled": who, for a deadline as it stands. */
struct page_ack {
	const char			 *deadline;
	int				  due;
	enum deadline_status		  status;
	const char			 *who;		/* a name */
	int				  on;		/* the date */
};

struct page_input {
	const struct deadline		 *v;		/* as engine_compute() gives */
	size_t				  n;
	int				  today;
	const char			 *lang;		/* "nl"; anything else: English */
	const char			 *base_url;	/* for feed links; NULL: relative */
	int				  months;	/* <= 0: PAGE_MONTHS_DEFAULT */
	const struct text_ctx		 *tc;		/* may be NULL */
	/* Every instrument, in the order of the timeline rows and the feed
	 * list; deadlines of instruments missing here are added after. */
	const struct instrument *const	 *instruments;
	size_t				  ninstruments;
	const struct page_ack		 *acks;		/* may be NULL */
	size_t				  nacks;
};

/*
 * The overview page from the start of today's month to `months` ahead;
 * NULL when it would exceed PAGE_MAX. Caller frees.
 */
char	*page_overview(const struct page_input *);
/* The overview's stylesheet, for the workspace's pages to share its look;
 * borrowed. */
const char *page_css(void);

#endif
