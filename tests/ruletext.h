/*
 * Instrument files as INI text literals for the tests of the pure core,
 * fed to a ruleset key by key the way conf.c feeds the keys inifile.c
 * reads, but without inih: the core tests link against the core library
 * alone. The reader takes only what the literals need -- [section],
 * key = value, blank lines and whole-line ; or # comments -- and fails
 * the test on any other line (an inline comment, a continuation, a CR,
 * an over-long line), so a literal cannot mean one thing here and
 * another in inifile.c. inifile.c is tested on its own in
 * tests/test_inifile.c.
 */
#ifndef TREATYD_TESTS_RULETEXT_H
#define TREATYD_TESTS_RULETEXT_H

#include <stddef.h>

struct diag;
struct ruleset;

/* One file: ruleset_begin_file, every key, ruleset_end_file. */
void		 ruletext_load(struct ruleset *, struct diag *,
		    const char *name, const char *text);
/* The same for a file that must load without a diagnostic. */
void		 ruletext_load_ok(struct ruleset *, const char *name,
		    const char *text);

/* An expected diagnostic: file:line and a part of the message. */
#define RULETEXT_ANY_LINE	(-1)
struct ruletext_want {
	const char	*file;
	int		 line;		/* 0: "file: message"; ANY_LINE */
	const char	*msg;		/* a part of the message */
};

/* All diagnostics, one a line, for failure messages (a static buffer). */
const char	*ruletext_dump(const struct diag *);
/* Expect exactly the wanted diagnostics (until msg == NULL, at most
 * max), in any order; name labels the failure messages. */
void		 ruletext_expect(const char *name, const struct diag *,
		    const struct ruletext_want *, size_t max);

#endif
