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

#define UHRI_ROWS_MAX	100000

/*
 * Parse len bytes of CSV named file. On success (no error) *out holds
 * *n recommendations (caller frees each with rec_clear, then the array),
 * *lines the line each came from (caller frees), *skipped how many rows
 * were concerns or observations rather than recommendations (a Type
 * column says so), and 0 is returned; otherwise -1, with every error in
 * diag and nothing in *out.
 */
int	 uhri_csv_parse(const char *text, size_t len, const char *file,
	    const struct ruleset *, struct diag *, struct rec **out,
	    int **lines, size_t *n, size_t *skipped);

/*
 * One field of a row as it was read (a JSON export goes through the same
 * checks): its heading and value. A row is turned into a recommendation
 * by uhri_row: 0; 1 when it is not a recommendation (its Type says a
 * concern or an observation); -1 with the errors in diag at file:line.
 * The paragraph is the Paragraph column's, else the number UHRI puts
 * at the start of the text; HTML in the text becomes plain text.
 */
struct uhri_cell {
	const char	*heading;
	const char	*value;
};
int	 uhri_row(const struct uhri_cell *, size_t ncells, const char *file,
	    int line, const struct ruleset *, struct diag *, struct rec *out);

/* The headings each field is read from, for the manual and errors:
 * "Symbol" ... NULL-terminated lists, one per field, in field order. */
const char *const *uhri_columns(size_t field, const char **field_name);
size_t	 uhri_nfields(void);

#endif
