/*
 * Instrument definitions and their cycle rules, parsed from INI keys.
 * The caller reads the files (inifile.c) and feeds each key here with its
 * file and line; every error is collected in a struct diag as file:line.
 * The format is documented in treatyd-rules(5). Pure: no I/O.
 */
#ifndef TREATYD_RULES_H
#define TREATYD_RULES_H

#include <stddef.h>

#include "date.h"

struct diag;

#define RULES_CODE_MAX		16
#define RULES_NAME_MAX		32
#define RULES_MAX_CONTRIB	16

enum rule_type {
	RULE_UNSET,		/* no type = given yet */
	RULE_OFFSET,		/* anchor fact + duration */
	RULE_ON_EVENT,		/* as offset, but only once the trigger exists */
	RULE_GRID,		/* base + n x period; lateness does not shift it */
	RULE_YEARLY,		/* an RFC 5545 RRULE from a start date */
	RULE_MILESTONE		/* internal step counted back from another rule */
};

/* "FACT_KIND [+|- DURATION]" or a literal "YYYY-MM-DD [+|- DURATION]". */
struct anchor {
	char		fact[RULES_NAME_MAX];	/* empty for a literal date */
	int		date;			/* literal date or DATE_NONE */
	struct duration	dur;
	int		sign;			/* +1 or -1 */
};

struct rule {
	char		 name[RULES_NAME_MAX];	/* the deadline kind */
	enum rule_type	 type;
	char		*label;			/* English, may be NULL */
	char		*label_nl;		/* Dutch, may be NULL */
	struct anchor	 anchor;		/* offset, on_event; grid: base */
	int		 has_anchor;
	struct anchor	 expect;		/* on_event: tentative window */
	int		 has_expect;
	struct anchor	 not_before;		/* grid: combine reports until */
	int		 has_not_before;
	struct duration	 period;		/* grid */
	int		 first;			/* grid: number due at base */
	char		*rrule;			/* yearly */
	int		 start;			/* yearly: DTSTART */
	char		 before[RULES_NAME_MAX];	/* milestone: target rule */
	struct duration	 offset;		/* milestone: counted back */
	char		 owner[RULES_CODE_MAX];	/* milestone: "lead" or a department */
	char		 fulfilled_by[RULES_NAME_MAX];	/* fact kind meeting it */
	struct duration	 recheck;		/* after date_pending */
	int		 voluntary;
	int		 tentative;		/* the date is a placeholder */
	int		 past_unknown;		/* past_due = unknown */
	int		 next_cycle;		/* cycle = next: anchor's cycle + 1 */
	const char	*file;			/* borrowed from the ruleset */
	int		 line;			/* where the section starts */
};

struct instrument {
	char		 code[RULES_CODE_MAX];
	char		*name;
	char		*name_nl;
	char		*body;
	char		*source;
	char		*note;
	char		 lead[RULES_CODE_MAX];	/* empty when unknown */
	char		 contributors[RULES_MAX_CONTRIB][RULES_CODE_MAX];
	int		 ncontributors;
	char		 scope[32];		/* e.g. "NL AW CW SX" */
	int		 records_from;		/* facts complete from; DATE_NONE */
	struct rule	*rules;
	size_t		 nrules;
	const char	*file;
	int		 line;
	int		 layer;			/* of ruleset_begin_layer() */
	const char	*overrides;		/* the file it replaced, or NULL */
	int		 overrides_line;
};

/* A department (ministry), from the departments file. */
struct department {
	char	 code[RULES_CODE_MAX];
	char	*name;
	char	*name_nl;
};

/* The longest coordinator name, in characters; treatyctl refuses longer
 * ones (names go into feed cache keys, mail headers and pages). */
#define COORDINATOR_NAME_MAX	100

/* A coordinator of the network and the instruments they work on. */
struct assignment {
	char	 instrument[RULES_CODE_MAX];
	char	 role[12];		/* "lead" or "contributor" */
};

struct coordinator {
	long long		 id;
	char			*name;
	char			*email;
	char			 department[RULES_CODE_MAX];
	char			 language[3];
	unsigned char		 token_hash[32];	/* SHA-256 of the feed token */
	int			 has_token;
	struct assignment	*assignments;
	size_t			 nassignments;
};

void	 coordinators_free(struct coordinator *, size_t);
/* The coordinator's role for an instrument: "lead", "contributor" or NULL. */
const char *coordinator_role(const struct coordinator *, const char *code);

struct ruleset {
	struct instrument	*v;
	size_t			 n;
	char			**files;	/* owned copies of file names */
	size_t			 nfiles;
	void			*state;		/* the file being parsed */
	int			 layer;		/* of the files read now */
	size_t			*by_code;	/* v's indices by code, once finished */
	size_t			 nby_code;
};

/* 1 when name is a fact kind treatyd knows (see fact_kinds in rules.c). */
int	 rules_fact_kind_valid(const char *);
/* The NULL-terminated list of fact kinds. */
const char *const *rules_fact_kinds(void);
/* Default fulfilling fact kind for a deadline kind. */
const char *rules_default_fulfilled_by(const char *kind);
/* Parse an anchor expression; -1 with *cause (caller frees). */
int	 rules_parse_anchor(const char *, struct anchor *, char **cause);
/* Name of a rule type ("offset", ...). */
const char *rules_type_name(enum rule_type);

void	 ruleset_init(struct ruleset *);
void	 ruleset_free(struct ruleset *);
/* Start reading a new instrument file. */
void	 ruleset_begin_file(struct ruleset *, const char *file);
/*
 * The files begun after this call are a layer above those before: at
 * ruleset_finish() an instrument of theirs replaces the one of the same
 * code from a lower layer (recorded in its overrides), where the same
 * code twice in one layer is an error.
 */
void	 ruleset_begin_layer(struct ruleset *);
/* One key of the current file; errors go to diag as file:line. */
void	 ruleset_feed(struct ruleset *, int line, const char *section,
	    const char *key, const char *value, struct diag *);
/* The current file is complete: check required keys and references. */
void	 ruleset_end_file(struct ruleset *, struct diag *);
/* Cross-file checks: a lower layer's instrument overridden by code goes,
 * a code twice in one layer is an error. Returns the number of errors. */
size_t	 ruleset_finish(struct ruleset *, struct diag *);
const struct instrument *ruleset_find(const struct ruleset *, const char *code);
const struct rule *instrument_rule(const struct instrument *, const char *name);
/* 1 when dept is the lead or a contributor of the instrument. */
int	 instrument_involves(const struct instrument *, const char *dept);

#endif
