/*
 * The deadline engine: instrument rules + recorded facts + today ->
 * deadlines. Pure: no I/O, no clock; `today` is a parameter.
 * Semantics are those of treatyd-rules(5).
 */
#ifndef TREATYD_ENGINE_H
#define TREATYD_ENGINE_H

#include <stddef.h>

#include "fact.h"
#include "rules.h"

struct holidays;
struct rec_set;

#define DEADLINE_ID_MAX		80
#define DEADLINE_MAX_FACTS	4

enum deadline_status {
	STATUS_OPEN,
	STATUS_MET,
	STATUS_OVERDUE,
	STATUS_SUPERSEDED,
	STATUS_UNKNOWN		/* the records cannot tell: before records_from,
				 * a past placeholder, a meeting not recorded */
};

enum deadline_confidence {
	CONF_CONFIRMED,		/* date stated by the body */
	CONF_DERIVED,		/* computed from a rule and facts */
	CONF_TENTATIVE		/* a projected cycle or a placeholder date */
};

struct deadline {
	char			 id[DEADLINE_ID_MAX];	/* CODE/kind/cycle, stable */
	const struct instrument	*inst;
	const struct rule	*rule;		/* the rule or milestone */
	char			 kind[RULES_NAME_MAX];	/* rule name or "recheck" */
	char			 cycle[FACT_CYCLE_MAX];
	int			 due;
	int			 met_on;	/* DATE_NONE unless met */
	enum deadline_status	 status;
	enum deadline_confidence confidence;
	int			 voluntary;
	int			 postponed_from;	/* DATE_NONE unless postponed */
	int			 planned;	/* the network's planned date, or DATE_NONE */
	long long		 facts[DEADLINE_MAX_FACTS];	/* provenance */
	int			 nfacts;
	char			 parent[DEADLINE_ID_MAX];	/* milestone target */
	int			 opened;	/* the cycle began; DATE_NONE: always */
};

struct deadlines {
	struct deadline	*v;
	size_t		 n;
	size_t		 cap;
};

struct engine_input {
	const struct ruleset	*rules;
	const struct holidays	*holidays;	/* NULL: weekends only */
	const struct fact	*facts;		/* all facts, superseded too */
	size_t			 nfacts;
	int			 today;
	int			 horizon;	/* last day to project to */
	int			 records_from;	/* [general] records_from, or DATE_NONE */
	const struct rec_set	*recs;		/* NULL: none */
	struct duration		 update_before;	/* [recommendations] update_before */
};

/* Compute every deadline; out is reset first. Sorted by due date, then id. */
void	 engine_compute(const struct engine_input *, struct deadlines *out);
void	 deadlines_free(struct deadlines *);
/* A new deadline at the end of the list, zeroed, its dates DATE_NONE. */
struct deadline *deadlines_push(struct deadlines *);
const char *engine_status_name(enum deadline_status);
const char *engine_confidence_name(enum deadline_confidence);
/* The status named s, or -1. */
int	 engine_status_parse(const char *s);
/*
 * The deadline's name in lang ("nl" or "en"): the rule's label, or its
 * kind; a recheck says what is to be checked. Returns buf.
 */
char	*engine_label(const struct deadline *, const char *lang, char *buf,
	    size_t len);
/* Days a met deadline was met after its due date (0 when on time or not
 * met). */
int	 engine_days_late(const struct deadline *);
/*
 * qsort() comparator for an array of const struct fact *: by date, then
 * by id, so facts of one day keep the order they were recorded in.
 */
int	 engine_cmp_fact(const void *, const void *);
/* 1 when fact id is superseded by another fact in the list. */
int	 engine_fact_superseded(const struct fact *, size_t n, long long id);

#endif
