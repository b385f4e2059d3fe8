/*
 * Unit tests of src/inifile.c, the one file that includes inih: what it
 * hands over (sections, keys, values and their lines) and what it
 * reports itself -- syntax errors on every bad line, over-long lines,
 * continuation lines, a byte order mark, CR LF, an unreadable file. The
 * keys go to a ruleset the way conf.c feeds them, so the ruleset's own
 * diagnostics show alongside, each with its line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "diag.h"
#include "inifile.h"
#include "rules.h"
#include "ruletext.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_WANT	12

/* Section-level diagnostics come on the line of the section's first key
 * (treatyd-rules(5); see tests/test_rules.c). */
#define SEC(n)			((n) + 1)

/* A valid instrument section, lines 1-4. */
#define INST \
	"[instrument]\n"			/* 1 */ \
	"code = TEST\n"				/* 2 */ \
	"name = Test convention\n"		/* 3 */ \
	"body = Test committee\n"		/* 4 */

/* treatyd-rules(5): "A line may hold at most 198 characters, not counting
 * its line end". */
#define A10	"aaaaaaaaaa"
#define A100	A10 A10 A10 A10 A10 A10 A10 A10 A10 A10
/* "note = " (7) + 191 = a line of 198 characters, the maximum. */
#define NOTE198	"note = " A100 A10 A10 A10 A10 A10 A10 A10 A10 A10 "a"
/* One more: 199 characters, too long. */
#define NOTE199	NOTE198 "a"
#define TOO_LONG "line longer than 198 characters"

struct rcase {
	const char		*name;
	const char		*text;		/* a.ini */
	const char		*text2;		/* b.ini, or NULL */
	struct ruletext_want	 want[MAX_WANT];	/* until msg == NULL */
};

struct feeder {
	struct ruleset	*rs;
	struct diag	*dg;
};

static void
feed_key(void *arg, int line, const char *section, const char *key,
    const char *value)
{
	struct feeder	*f = arg;

	ruleset_feed(f->rs, line, section, key, value, f->dg);
}

/* One instrument file, as conf.c reads it. */
static void
load_text(struct ruleset *rs, struct diag *dg, const char *name,
    const char *text)
{
	struct feeder	 f = { rs, dg };

	ruleset_begin_file(rs, name);
	cr_assert_eq(inifile_read_string(name, text, feed_key, &f, dg), 0);
	ruleset_end_file(rs, dg);
}

static const struct rcase rcases[] = {
	/* An indented line continues the key above: that key given again. */
	{ "continuation_line",
	  INST
	  "note = first part\n"			/* 5 */
	  "  second part\n",			/* 6 */
	  NULL,
	  { { "a.ini", 6, "'note' is given twice in [instrument]" } } },

	/* inifile.c reports every bad line, not only the first. */
	{ "syntax_errors",
	  "[instrument]\n"			/* 1 */
	  "code = TEST\n"			/* 2 */
	  "name = Test\n"			/* 3 */
	  "this line has no equals sign\n"	/* 4 */
	  "body = Committee\n"			/* 5 */
	  "[rule report\n"			/* 6 */
	  "type = offset\n"			/* 7: still [instrument] */
	  "another bad line\n"			/* 8 */
	  "[rule followup]\n"			/* 9 */
	  "type = offset\n"			/* 10 */
	  "anchor = co_adopted + P2Y\n",	/* 11 */
	  NULL,
	  { { "a.ini", 4, "syntax error: expected key = value" },
	    { "a.ini", 6, "syntax error: section header without ]" },
	    { "a.ini", 7, "unknown key 'type' in [instrument]" },
	    { "a.ini", 8, "syntax error: expected key = value" } } },

	/* Lines inih rejects that look like key = value at first sight. */
	{ "syntax_errors_inline_comment",
	  INST
	  "note ; = x\n"			/* 5 */
	  "source ; = y\n",			/* 6 */
	  NULL,
	  { { "a.ini", 5, "syntax error" },
	    { "a.ini", 6, "syntax error" } } },

	/* Errors of every layer in one file, all with their lines. */
	{ "many_errors",
	  "; a comment\n"			/* 1 */
	  "\n"					/* 2 */
	  "[instrument]\n"			/* 3 */
	  "code = TEST\n"			/* 4 */
	  "name = Test\n"			/* 5 */
	  "scope = NL XX\n"			/* 6 */
	  "\n"					/* 7 */
	  "[rule report]\n"			/* 8 */
	  "type = grid\n"			/* 9 */
	  "base = entry_into_force + P1Y\n"	/* 10 */
	  "period = P0Y\n"			/* 11 */
	  "oops\n"				/* 12 */
	  "first = zero\n"			/* 13 */
	  "; comment\n"				/* 14 */
	  "[rule followup]\n"			/* 15 */
	  "type = offset\n"			/* 16 */
	  "anchor = co_adopted - P2Y\n"		/* 17 */
	  "anchor = co_adopted + P2Y\n"		/* 18 */
	  NOTE199 "\n"				/* 19 */
	  "[milestone kickoff]\n"		/* 20 */
	  "before = nothing\n",			/* 21 */
	  NULL,
	  { { "a.ini", 6, "scope 'XX'" },
	    { "a.ini", 11, "period: the duration must not be zero" },
	    { "a.ini", 12, "syntax error: expected key = value" },
	    { "a.ini", 13, "first 'zero'" },
	    { "a.ini", 18, "'anchor' is given twice in [rule followup]" },
	    { "a.ini", 19, TOO_LONG },
	    { "a.ini", SEC(3), "[instrument] needs body" },
	    { "a.ini", SEC(8), "[rule report] (grid) needs period" },
	    { "a.ini", SEC(20), "[milestone kickoff]: before = nothing names no "
	      "[rule nothing]" } } },

	/* The documented limit: 198 characters pass, 199 do not. */
	{ "line_length",
	  INST
	  NOTE198 "\n"				/* 5 */
	  "source = x\n"			/* 6 */
	  NOTE199 "\n"				/* 7 */
	  "lead = ?\n",				/* 8 */
	  NULL,
	  { { "a.ini", 7, TOO_LONG },
	    { "a.ini", 8, "lead '?' is not a department code" } } },

	/* The last line may lack its newline, at full length too. */
	{ "line_length_at_end",
	  INST
	  NOTE198,				/* 5 */
	  NULL,
	  { { NULL, 0, NULL } } },

	{ "line_too_long_at_end",
	  INST
	  NOTE199,				/* 5 */
	  NULL,
	  { { "a.ini", 5, TOO_LONG } } },
};

TU_TABLE(inifile_errors, table, rcases)

ParameterizedTest(size_t *i, inifile_errors, table)
{
	const struct rcase	*c = &rcases[*i];
	struct ruleset		 rs;
	struct diag		 dg;

	ruleset_init(&rs);
	diag_init(&dg);
	load_text(&rs, &dg, "a.ini", c->text);
	if (c->text2 != NULL)
		load_text(&rs, &dg, "b.ini", c->text2);
	ruleset_finish(&rs, &dg);
	ruletext_expect(c->name, &dg, c->want, MAX_WANT);
	ruleset_free(&rs);
	diag_clear(&dg);
}

/* ---- The same checks through a real file (the stdio reader). ---- */

static char *
write_temp(const char *text)
{
	char	*path = strdup("/tmp/test_inifile.XXXXXX");
	int	 fd;
	FILE	*fp;

	cr_assert_not_null(path);
	fd = mkstemp(path);
	cr_assert_neq(fd, -1);
	fp = fdopen(fd, "w");
	cr_assert_not_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

Test(inifile, file_reader_reports_like_the_string_reader)
{
	static const struct ruletext_want want[] = {
		{ NULL, 4, "syntax error: expected key = value" },
		{ NULL, 6, "syntax error: section header without ]" },
		{ NULL, 7, TOO_LONG },
		{ NULL, 8, "lead '?' is not a department code" },
	};
	struct ruletext_want	 w[NELEM(want) + 1];
	struct ruleset	 rs;
	struct diag	 dg;
	struct feeder	 f = { &rs, &dg };
	char		*path;

	path = write_temp(
	    "[instrument]\n"			/* 1 */
	    "code = TEST\n"			/* 2 */
	    "name = Test\n"			/* 3 */
	    "no equals here\n"			/* 4 */
	    NOTE198 "\n"			/* 5 */
	    "[rule report\n"			/* 6 */
	    NOTE199 "\n"			/* 7 */
	    "lead = ?\n"			/* 8 */
	    "body = Committee\n");		/* 9 */
	for (size_t i = 0; i < NELEM(want); i++) {
		w[i] = want[i];
		w[i].file = path;
	}
	w[NELEM(want)].msg = NULL;
	ruleset_init(&rs);
	diag_init(&dg);
	ruleset_begin_file(&rs, path);
	cr_expect_eq(inifile_read(path, feed_key, &f, &dg), 0);
	ruleset_end_file(&rs, &dg);
	ruletext_expect("file_reader", &dg, w, NELEM(w));
	cr_expect_eq(rs.n, 1);
	if (rs.n == 1) {
		cr_expect_str_eq(rs.v[0].code, "TEST");
		cr_expect(rs.v[0].note != NULL && strlen(rs.v[0].note) == 191,
		    "the 198-character line gives a 191-character note");
	}
	ruleset_free(&rs);
	diag_clear(&dg);
	unlink(path);
	free(path);
}

Test(inifile, cannot_open)
{
	struct ruleset	 rs;
	struct diag	 dg;
	struct feeder	 f = { &rs, &dg };
	const char	*path = "/nonexistent/treatyd/x.ini";

	ruleset_init(&rs);
	diag_init(&dg);
	cr_expect_eq(inifile_read(path, feed_key, &f, &dg), -1);
	cr_assert_eq(dg.n, 1, "got:\n%s", ruletext_dump(&dg));
	cr_expect_str_eq(dg.msgs[0], "/nonexistent/treatyd/x.ini: cannot open: "
	    "No such file or directory");
	ruleset_free(&rs);
	diag_clear(&dg);
}

/* What inih hands over: sections, keys, values, lines, comments. */
struct seen {
	int	 n;
	int	 line[16];
	char	 what[16][96];
};

static void
record_key(void *arg, int line, const char *section, const char *key,
    const char *value)
{
	struct seen	*s = arg;

	if (key != NULL && s->n < 16) {
		s->line[s->n] = line;
		snprintf(s->what[s->n], sizeof s->what[s->n], "[%s] %s=%s",
		    section, key, value);
		s->n++;
	}
}

Test(inifile, keys_values_and_lines)
{
	static const struct {
		int		 line;
		const char	*what;
	} want[] = {
		{ 3, "[instrument] code=TEST" },
		{ 4, "[instrument] name=Convention on ... (1979)" },
		{ 6, "[instrument] note=a; b" },
		{ 9, "[rule report] anchor=dialogue - P12W" },
	};
	struct seen	 s = { 0 };
	struct diag	 dg;

	diag_init(&dg);
	inifile_read_string("k.ini",
	    "; comment\n"				/* 1 */
	    "[instrument]\n"				/* 2 */
	    "code = TEST          ; inline comment\n"	/* 3 */
	    "name = Convention on ... (1979)\n"		/* 4 */
	    "# hash comment\n"				/* 5 */
	    "note = a; b\n"				/* 6: no space, no comment */
	    "\n"					/* 7 */
	    "[rule report]\n"				/* 8 */
	    "anchor = dialogue - P12W\n",		/* 9 */
	    record_key, &s, &dg);
	cr_expect_eq(dg.n, 0, "got:\n%s", ruletext_dump(&dg));
	cr_assert_eq(s.n, (int)NELEM(want));
	for (size_t i = 0; i < NELEM(want); i++) {
		cr_expect_eq(s.line[i], want[i].line, "key %zu: line %d, not %d",
		    i, s.line[i], want[i].line);
		cr_expect_str_eq(s.what[i], want[i].what);
	}
	diag_clear(&dg);
}

/* A byte order mark is skipped; CR LF line ends count against the limit. */
Test(inifile, bom_and_crlf)
{
	struct ruleset	 rs;
	struct diag	 dg;

	ruleset_init(&rs);
	diag_init(&dg);
	load_text(&rs, &dg, "crlf.ini",
	    "\xef\xbb\xbf[instrument]\r\n"		/* 1 */
	    "code = TEST\r\n"				/* 2 */
	    "name = Test\r\n"				/* 3 */
	    "body = Committee\r\n"			/* 4 */
	    "[rule followup]\r\n"			/* 5 */
	    "type = offset\r\n"				/* 6 */
	    "anchor = co_adopted + P2Y\r\n"		/* 7 */
	    "label = " A100 A10 A10 A10 A10 A10 A10 A10 A10 "aaaaaaaaa\r\n"
							/* 8: 197 + CR LF */
	    "label_nl = " A100 A10 A10 A10 A10 A10 A10 A10 A10 A10 "\r\n");
							/* 9: 201 + CR LF */
	cr_expect_eq(dg.n, 1, "got:\n%s", ruletext_dump(&dg));
	if (dg.n == 1)
		cr_expect_str_eq(dg.msgs[0], "crlf.ini:9: " TOO_LONG);
	cr_assert_eq(rs.n, 1);
	cr_expect_str_eq(rs.v[0].code, "TEST");
	cr_expect_str_eq(rs.v[0].name, "Test", "no CR left in the value");
	cr_assert_eq(rs.v[0].nrules, 1);
	cr_expect_eq(rs.v[0].rules[0].type, RULE_OFFSET);
	cr_expect(rs.v[0].rules[0].label != NULL &&
	    strlen(rs.v[0].rules[0].label) == 189);
	cr_expect_null(rs.v[0].rules[0].label_nl);
	ruleset_free(&rs);
	diag_clear(&dg);
}

/*
 * Text that is not well-formed UTF-8 is reported with its line and not
 * handed over: a value, a key, a section header (whose keys are then
 * dropped too). Well-formed text of several bytes a character passes.
 */
Test(inifile, not_utf8)
{
	static const struct {
		int		 line;
		const char	*what;
	} want_keys[] = {
		{ 2, "[instrument] name=Cura\xc3\xa7" "ao" },
		{ 7, "[rule report] type=offset" },
	};
	static const char *const want_diags[] = {
		"u.ini:3: body: not valid UTF-8",
		"u.ini:4: a key that is not valid UTF-8",
		"u.ini:5: note: not valid UTF-8",
		"u.ini:8: section header: not valid UTF-8",
	};
	struct seen	 s = { 0 };
	struct diag	 dg;

	diag_init(&dg);
	inifile_read_string("u.ini",
	    "[instrument]\n"				/* 1 */
	    "name = Cura\xc3\xa7" "ao\n"			/* 2 */
	    "body = Ren\xe9\n"				/* 3: Latin-1 */
	    "n\xffte = x\n"				/* 4 */
	    "note = \xed\xa0\x80\n"			/* 5: a surrogate */
	    "[rule report]\n"				/* 6 */
	    "type = offset\n"				/* 7 */
	    "[rule r\xc0\xafport]\n"			/* 8: overlong */
	    "type = offset\n",				/* 9: dropped */
	    record_key, &s, &dg);
	cr_expect_eq(dg.n, NELEM(want_diags), "got:\n%s", ruletext_dump(&dg));
	for (size_t i = 0; i < NELEM(want_diags) && i < dg.n; i++)
		cr_expect_str_eq(dg.msgs[i], want_diags[i]);
	cr_expect_eq(s.n, (int)NELEM(want_keys), "%d keys handed over", s.n);
	for (size_t i = 0; i < NELEM(want_keys) && i < (size_t)s.n; i++) {
		cr_expect_eq(s.line[i], want_keys[i].line);
		cr_expect_str_eq(s.what[i], want_keys[i].what);
	}
	diag_clear(&dg);
}

/* A NUL in a line: the line is refused with its number, not cut short at
 * the NUL and used; the lines after it are read. */
Test(inifile, nul_byte)
{
	static const char text[] = "[instrument]\n"	/* 1 */
	    "name = Alfa\0Beta\n"			/* 2 */
	    "body = Committee\n";			/* 3 */
	struct seen	 s = { 0 };
	struct diag	 dg;
	char		*path = write_temp("");
	FILE		*fp;
	char		 want[600];

	cr_assert_not_null(fp = fopen(path, "w"));
	cr_assert_eq(fwrite(text, 1, sizeof text - 1, fp), sizeof text - 1);
	fclose(fp);
	diag_init(&dg);
	cr_expect_eq(inifile_read(path, record_key, &s, &dg), 0);
	snprintf(want, sizeof want, "%s:2: a NUL byte in the line", path);
	cr_expect_eq(dg.n, 1, "got:\n%s", ruletext_dump(&dg));
	if (dg.n == 1)
		cr_expect_str_eq(dg.msgs[0], want);
	cr_expect_eq(s.n, 1, "%d keys handed over", s.n);
	if (s.n == 1) {
		cr_expect_eq(s.line[0], 3);
		cr_expect_str_eq(s.what[0], "[instrument] body=Committee");
	}
	diag_clear(&dg);
	unlink(path);
	free(path);
}
