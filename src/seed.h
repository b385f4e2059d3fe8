/*
 * A seed file of facts (INI, one section a fact), read and checked: the
 * file treatyctl fact import takes and the Netherlands data ships as.
 */
#ifndef TREATYD_SEED_H
#define TREATYD_SEED_H

#include <stddef.h>

struct diag;
struct fact;
struct ruleset;

struct seed {
	struct fact	*v;
	int		*lines;		/* where each fact's section starts */
	size_t		 n;
};

/*
 * Read the seed file path (or, with seed_read_string, text named name
 * in messages) into *out: every fact needs instrument, kind and date, and
 * is checked against the rules (fact_validate); one without recorded_by
 * gets by. Returns 0, or -1 with every error at file:line in diag; *out
 * holds what was read either way (seed_free).
 */
int	 seed_read(const char *path, const struct ruleset *, const char *by,
	    struct diag *, struct seed *out);
int	 seed_read_string(const char *name, const char *text,
	    const struct ruleset *, const char *by, struct diag *,
	    struct seed *out);
void	 seed_free(struct seed *);

#endif
