/*
 * The draft agenda of the annual meeting of the network of treaty
 * coordinators (chaired by BZK), in Markdown, HTML or plain text, in
 * Dutch or English: what is due in the coming months, what is late, the
 * concluding observations since the last meeting, the civil-society
 * consultation round of each cycle, the input of Aruba, Curaçao and
 * Sint Maarten and the points for the annual cabinet letter. Each item
 * has an owner and a time box. Pure: no I/O, no clock.
 *
 * The document writer (agenda_doc_*, declared at the end of this header,
 * defined at the top of agenda.c with its stylesheet) is shared with
 * review.c.
 */
#ifndef TREATYD_AGENDA_H
#define TREATYD_AGENDA_H

#include <stddef.h>

#include "buf.h"
#include "words.h"

struct deadline;
struct fact;
struct instrument;
struct text_ctx;

#define AGENDA_MONTHS_DEFAULT	18
#define AGENDA_MONTHS_MAX	60
#define AGENDA_MAX		(4 * 1024 * 1024)	/* cap on a document */

struct agenda_input {
	const struct deadline	*v;		/* engine output at today */
	size_t			 n;
	const struct fact	*facts;		/* all facts, superseded too */
	size_t			 nfacts;
	const struct text_ctx	*tc;		/* departments, coordinators */
	const struct instrument	*inst;		/* every instrument */
	size_t			 ninst;
	int			 today;		/* the engine's today */
	int			 meeting;	/* the meeting date */
	int			 previous;	/* DATE_NONE: meeting - 1 year */
	int			 months;	/* window; <= 0: the default */
	const char		*lang;		/* "nl"; anything else: English */
	const char		*chair;		/* department code; NULL: "BZK" */
};

enum agenda_format { AGENDA_MD, AGENDA_HTML, AGENDA_TEXT };

/*
 * The agenda as of the meeting date; NULL when it would exceed
 * AGENDA_MAX. Caller frees.
 */
char	*agenda_render(const struct agenda_input *, enum agenda_format);

/* What a deadline is, for grouping on the agenda and in the review. */
enum agenda_kind {
	AGENDA_KIND_REPORT,	/* met by report_submitted: report, reply */
	AGENDA_KIND_FOLLOWUP,	/* followup, interim, midterm */
	AGENDA_KIND_MILESTONE,	/* an internal step */
	AGENDA_KIND_RECHECK,	/* check whether the body set the date */
	AGENDA_KIND_OTHER	/* annual letter, network meeting, ... */
};

enum agenda_kind agenda_kind_of(const struct deadline *);

/* ---- The writer: one API, three outputs (shared with review.c). ---- */

#define AGENDA_DOC_COLS		8

struct agenda_doc {
	struct buf		 b;
	enum agenda_format	 fmt;
	enum lang		 lang;
	int			 in_list;	/* a bullet list is open */
	int			 in_meta;	/* the metadata block is open */
	int			 in_section;	/* an HTML <section> is open */
	int			 ncols;		/* the table being written */
	const char		*heads[AGENDA_DOC_COLS];
	unsigned		 labelled;	/* text: "head: value" columns */
	int			 nested;	/* text: rows under a bullet */
};

/* Start a document (HTML: head, inline CSS, <main>; others: the title). */
void	 agenda_doc_begin(struct agenda_doc *, enum agenda_format,
	    enum lang, const char *title, const char *subtitle);
/* One "label: value" line of the block under the title. */
void	 agenda_doc_meta(struct agenda_doc *, const char *label,
	    const char *value);
/* A numbered or plain section heading; sub (owner, time) may be NULL. */
void	 agenda_doc_h2(struct agenda_doc *, const char *id, const char *text,
	    const char *sub);
void	 agenda_doc_h3(struct agenda_doc *, const char *text);
void	 agenda_doc_para(struct agenda_doc *, const char *text, int strong);
/* A paragraph saying the section is empty: "Geen." / "None." */
void	 agenda_doc_none(struct agenda_doc *);
/* A bullet; consecutive bullets form one list. */
void	 agenda_doc_bullet(struct agenda_doc *, const char *text);
/*
 * A table of ncols (<= AGENDA_DOC_COLS) with these headings (borrowed
 * until agenda_doc_table_end). In plain text a row is one bullet line;
 * columns whose bit is set in labelled are written "heading: value".
 */
void	 agenda_doc_table(struct agenda_doc *, int ncols,
	    const char *const *heads, unsigned labelled);
/* One row; bit i of strong emphasises cell i; cls is an HTML class. */
void	 agenda_doc_row(struct agenda_doc *, const char *const *cells,
	    unsigned strong, const char *cls);
void	 agenda_doc_table_end(struct agenda_doc *);
/* Close the document with a footer line; NULL when over AGENDA_MAX. */
char	*agenda_doc_end(struct agenda_doc *, const char *footer);

#endif
