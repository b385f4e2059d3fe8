/*
 * The Universal Human Rights Index's export of recommendations, read
 * into struct rec: its Excel export saved as CSV (comma or semicolon
 * separated, as Excel writes it in an English or a Dutch locale, UTF-8
 * with or without a byte-order mark), the columns found by their
 * headings (uhri_columns lists which each field takes), others ignored.
 * Every row is checked; every error is collected as file:line, the line
 * where the row starts. Pure: the caller reads the file.
 */
#ifndef TREATYD_UHRI_H
#define TREATYD_UHRI_H

#include <stddef.h>

struct diag;
struct rec;
struct ruleset;

/* Rows that are not recommendations of a body treatyd has an instrument
 * for: counted, and the first such body named. */
struct uhri_skips {
	size_t	 concerns;	/* a concern or an observation (Type) */
	size_t	 bodies;	/* another mechanism (a Special Procedure) */
	char	 body[80];	/* the first of them, as the export names it */
};

#define UHRI_ROWS_MAX	100000

/*
 * Parse len bytes of CSV named file. On success (no error) *out holds
 * *n recommendations (caller frees each with rec_clear, then the array),
 * *lines the line each came from (caller frees), in *skipped the rows
 * that were concerns or observations rather than recommendations (a Type
 * column says so) or of a mechanism without an instrument (a body the
 * instruments do not name, such as a Special Procedure), and 0 is
 * returned; otherwise -1, with every error in diag and nothing in *out.
 */
int	 uhri_csv_parse(const char *text, size_t len, const char *file,
	    const struct ruleset *, struct diag *, struct rec **out,
	    int **lines, size_t *n, struct uhri_skips *skipped);

/*
 * One field of a row as it was read (a JSON export goes through the same
 * checks): its heading and value. A row is turned into a recommendation
 * by uhri_row: 0; 1 when it is skipped (counted in *skips: a concern or
 * an observation, or another mechanism's); -1 with the errors in diag at
 * file:line. A row without a body that names no instrument by its
 * symbol is an error.
 * The paragraph is the Paragraph column's, else the number UHRI puts
 * at the start of the text; HTML in the text becomes plain text.
 */
struct uhri_cell {
	const char	*heading;
	const char	*value;
};
int	 uhri_row(const struct uhri_cell *, size_t ncells, const char *file,
	    int line, const struct ruleset *, struct diag *, struct rec *out,
	    struct uhri_skips *skips);

/* The headings each field is read from, for the manual and errors:
 * "Symbol" ... NULL-terminated lists, one per field, in field order. */
const char *const *uhri_columns(size_t field, const char **field_name);
size_t	 uhri_nfields(void);

#endif
