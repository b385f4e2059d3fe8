/*
 * The follow-up of recommendations in the documents of the network: the
 * section of the year review that the cabinet letter needs (counts by
 * status per instrument and per ministry, what changed in the year, the
 * recommendations of the follow-up procedures and whether their replies
 * went in on time), the follow-up item of the meeting agenda, and the
 * references a feed description lists. Every figure is counted from
 * dated progress updates. Pure: no I/O, no clock.
 */
#ifndef TREATYD_RECREPORT_H
#define TREATYD_RECREPORT_H

#include <stddef.h>

struct agenda_doc;
struct buf;
struct deadline;
struct rec_set;
struct ruleset;
struct text_ctx;

struct recreport {
	const struct rec_set	*recs;
	const struct ruleset	*rules;
	const struct deadline	*v;		/* engine output */
	size_t			 n;
	const struct text_ctx	*tc;
	const char		*lang;
	int			 from, to;	/* [from, to): the period */
};

/* Whether there is anything to say: recommendations are recorded. */
int	 recreport_any(const struct recreport *);
/* The review's section (its heading included) as of the period's end;
 * nothing when rp->recs is NULL. */
void	 recreport_review(const struct recreport *, struct agenda_doc *,
	    const char *heading);
/*
 * The review's CSV rows (columns as review.h says), through field (the
 * review's RFC 4180 writer): "recommendation" (one per recommendation:
 * its status at the period's end and the date of the update that says
 * so), "progress_update" (each update dated in the period) and
 * "followup_procedure" (each selected recommendation: the reply's due
 * date, when it went in and how late).
 */
void	 recreport_csv(const struct recreport *, struct buf *,
	    void (*field)(struct buf *, const char *, int last));
/*
 * The agenda's follow-up item: the recommendations with no update in the
 * year before the meeting (from) and the selected ones whose follow-up
 * reply is due before the next meeting (to), each with its owner.
 */
void	 recreport_agenda(const struct recreport *, struct agenda_doc *);
/*
 * "CEDAW/C/NLD/CO/7, par. 12, 24, 31" for the recommendations of the
 * instrument (followup: only those selected for the follow-up procedure)
 * into b; returns how many.
 */
size_t	 recreport_refs(struct buf *, const struct rec_set *,
	    const char *instrument, int followup, const char *lang);

#endif
