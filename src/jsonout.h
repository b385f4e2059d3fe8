/* JSON documents through jansson, the only file that includes it. */
#ifndef TREATYD_JSONOUT_H
#define TREATYD_JSONOUT_H

#include <stddef.h>

struct deadline;
struct diag;
struct fact;
struct rec;
struct rec_set;
struct ack;
struct coordinator;
struct outbox_row;
struct ruleset;
struct uhri_skips;

/*
 * The deadlines as a JSON array, one object each, labels in lang.
 * Returns a string the caller frees, or NULL with *cause (caller frees)
 * naming the deadline and key whose text is not UTF-8: a document is
 * never written with a value left out.
 */
char	*jsonout_deadlines(const struct deadline *, size_t n, const char *lang,
	    char **cause);
/* Facts as a JSON array, superseded ones flagged; NULL with *cause as
 * above. */
char	*jsonout_facts(const struct fact *, size_t n, const struct fact *all,
	    size_t nall, char **cause);

/* Recommendations v[0..n) of set, each with its owner, status and every
 * progress update; NULL with *cause as above. */
char	*jsonout_recs(const struct rec_set *set, const struct rec *const *v,
	    size_t n, const struct ruleset *, char **cause);
/*
 * UHRI's JSON export (an array of objects with its field names: Symbol,
 * Text, Body, Themes, ...) read as uhri_csv_parse reads the CSV: every
 * entry through uhri_row, errors as "FILE: entry N" (a syntax error at
 * FILE:LINE); 0 or -1, nothing in *out on -1.
 */
int	 jsonout_read_uhri(const char *text, size_t len, const char *file,
	    const struct ruleset *, struct diag *, struct rec **out, size_t *n,
	    struct uhri_skips *skipped);

/* treatyctl's other listings as JSON (--json): the instruments with their
 * rules; the coordinators with their assignments (whether a feed address
 * exists, never a token); the outbox rows and the acknowledgements, as
 * {"rows": [...], "acknowledgements": [...]}, times in UTC; and check's
 * verdict, {"ok": ..., "errors": ["file:line: ...", ...], counts}. NULL
 * with *cause as above. */
char	*jsonout_instruments(const struct ruleset *, char **cause);
char	*jsonout_coordinators(const struct coordinator *, size_t n,
	    char **cause);
char	*jsonout_outbox(const struct outbox_row *, size_t n,
	    const struct ack *, size_t nacks, char **cause);
/* check --json: ok, errors, and on success the counts and the drop-ins
 * read (dropins[0..ndropins)). */
char	*jsonout_check(const struct diag *, size_t ninstruments, size_t nrules,
	    int nholidays, size_t ndepartments, char *const *dropins,
	    size_t ndropins, char **cause);

#endif
