/*
 * What a fact changes: the deadlines of two computations (before and
 * after) compared by identity -> the ones created, moved, met, removed,
 * or whose status or confidence changed. Pure.
 */
#ifndef TREATYD_CHANGE_H
#define TREATYD_CHANGE_H

#include <stddef.h>

#include "engine.h"
#include "fact.h"

enum change_kind {
	CHANGE_CREATED,
	CHANGE_REMOVED,
	CHANGE_MOVED,		/* another due date (and maybe more) */
	CHANGE_MET,
	CHANGE_STATUS,		/* status or confidence only */
	CHANGE_PLANNED		/* the network's planned date */
};

struct change {
	enum change_kind	 kind;
	char			 id[DEADLINE_ID_MAX];
	const struct deadline	*before;	/* NULL when created */
	const struct deadline	*after;		/* NULL when removed */
};

/*
 * The differences, in the order of `after` (then the removed ones);
 * *out is allocated (caller frees). Superseded deadlines count as
 * removed when they were current before.
 */
size_t	 change_list(const struct deadlines *before,
	    const struct deadlines *after, struct change **out);
/*
 * One line for people: "CEDAW/followup/1: 2028-02-20 -> 2028-02-29,
 * confirmed", "CAT/report/8: met on 2022-12-23 (1 day late)",
 * "CED/followup/2: new, due 2025-10-03, derived". Returns buf.
 */
char	*change_line(const struct change *, char *buf, size_t len);

/*
 * Why fact f changes none of the deadlines (the ones computed without
 * it), for people: "due_date_set for CESCR/loi_reply: no loi_received is
 * recorded". Returns 1 when the rules use facts of its kind (so a fact
 * that changes nothing is most likely a mistake), 0 when no rule of the
 * instrument does (it is history only). *why is allocated.
 */
int	 change_why_none(const struct ruleset *, const struct deadlines *,
	    const struct fact *f, char **why);

#endif
