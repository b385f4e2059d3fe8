/*
 * What treatyctl's command files share: the parsed command line, the
 * configuration and store it opened, and the one way each says an error.
 * ctl.c holds the commands of the calendar; ctlrec.c those of the
 * recommendations.
 */
#ifndef TREATYD_CTLINT_H
#define TREATYD_CTLINT_H

#include <stddef.h>

struct conf;
struct service;
struct store;

struct ctl {
	const char	*confpath;
	struct conf	*conf;
	struct store	*store;
	int		 argc;
	char		**argv;
};

/* A usage error (fmt NULL: the command's usage lines); CTL_USAGE. */
int	 ctl_usage(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* An unknown (sub)command, with the nearest of names as a suggestion. */
int	 ctl_unknown_command(const char *what, const char *word,
	    const char *const *names);
/* One line naming what is wrong; CTL_ERROR. */
int	 ctl_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "what: cause", freeing cause; CTL_ERROR. */
int	 ctl_fail_cause(const char *what, char *cause);
/* Open the database (create: and migrate it); -1 said why. */
int	 ctl_open_store(struct ctl *, int create);
/* A service computed for today that records nothing: for reading. */
struct service *ctl_planning_service(struct ctl *, int today);

/* A table cell: s cut to width characters with "...", padded. */
const char *ctl_column(const char *s, size_t width, char *buf, size_t len);
/*
 * A table (ctltable.c): headings, then rows of ncols cells (copied; NULL
 * or "" shows as "-"); printed cut to the terminal, columns with least[i]
 * 0 never cut, the others never below least[i]; whole with wide or when
 * not a terminal.
 */
struct ctl_table;
struct ctl_table *ctl_table_new(size_t ncols, const char *const *headings,
	    const size_t *least);
void	 ctl_table_add(struct ctl_table *, const char *const *cells);
void	 ctl_table_print(struct ctl_table *, int wide);
void	 ctl_table_free(struct ctl_table *);
/* The terminal's columns (80 when it does not say), or 0 with wide, in a
 * pipe or a file: then nothing is cut. */
size_t	 ctl_columns(int wide);
/* One line, cut to cols with an ellipsis (0: whole). */
void	 ctl_print_line(const char *line, size_t cols);
/* The date of an option (named what), or -1 said why. */
int	 ctl_parse_date_arg(const char *what, const char *arg, int *date);

/* treatyctl rec ... (ctlrec.c). */
int	 ctl_rec(struct ctl *);

#endif
