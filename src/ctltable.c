/*
 * treatyctl's tables: on a terminal the columns that may be cut are cut
 * (the widest first, with an ellipsis, never below their least width) so
 * that a line fits the terminal (80 columns when it does not say); in a
 * pipe, a file or with --wide every cell is whole.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctlint.h"
#include "text.h"
#include "xmalloc.h"

#define GAP	2	/* spaces between columns */

struct ctl_table {
	size_t		 ncols;
	const size_t	*least;		/* 0: never cut */
	char		**cells;	/* rows * ncols, the heading first */
	size_t		 nrows;
};

struct ctl_table *
ctl_table_new(size_t ncols, const char *const *headings, const size_t *least)
{
	struct ctl_table	*t = xcalloc(1, sizeof *t);

	t->ncols = ncols;
	t->least = least;
	ctl_table_add(t, headings);
	return t;
}

void
ctl_table_add(struct ctl_table *t, const char *const *cells)
{
	t->cells = xreallocarray(t->cells, (t->nrows + 1) * t->ncols,
	    sizeof *t->cells);
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] != NULL &&
		    cells[i][0] != '\0' ? cells[i] : "-");
	t->nrows++;
}

size_t
ctl_columns(int wide)
{
	struct winsize	 ws;

	if (wide || !isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

void
ctl_table_print(struct ctl_table *t, int wide)
{
	size_t	*w = xcalloc(t->ncols, sizeof *w);
	size_t	 cols = ctl_columns(wide), total = 0;
	char	 buf[4096];	/* a cut cell: at most a terminal wide */

	for (size_t r = 0; r < t->nrows; r++)
		for (size_t i = 0; i < t->ncols; i++) {
			size_t	 n = text_width(t->cells[r * t->ncols + i]);

			if (n > w[i])
				w[i] = n;
		}
	for (size_t i = 0; i < t->ncols; i++)
		total += w[i] + (i ? GAP : 0);
	/* One character off the widest column that may lose one. */
	while (cols > 0 && total > cols) {
		size_t	 best = t->ncols;

		for (size_t i = 0; i < t->ncols; i++)
			if (t->least[i] > 0 && w[i] > t->least[i] &&
			    (best == t->ncols || w[i] > w[best]))
				best = i;
		if (best == t->ncols)
			break;
		w[best]--;
		total--;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncols; i++) {
			const char	*s = t->cells[r * t->ncols + i];
			size_t		 n = text_width(s);

			/* Only a cut cell is copied: a whole one is long. */
			if (n > w[i]) {
				s = text_cut(s, w[i], buf, sizeof buf);
				n = w[i];
			}
			if (i + 1 < t->ncols)
				printf("%s%*s", s, (int)(w[i] - n + GAP), "");
			else
				printf("%s\n", s);
		}
	}
	free(w);
}

void
ctl_print_line(const char *line, size_t cols)
{
	char	 buf[4096];

	if (cols > 0 && cols < sizeof buf / 4 && text_width(line) > cols)
		line = text_cut(line, cols, buf, sizeof buf);
	printf("%s\n", line);
}

void
ctl_table_free(struct ctl_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}
