/*
 * Unit tests of src/utf8.c: which byte strings are well-formed UTF-8
 * (RFC 3629, as jansson takes them), how many characters they hold, and
 * the checks on a text value from outside.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "testutil.h"
#include "utf8.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct vcase {
	const char	*name;
	const char	*s;
	int		 valid;
	size_t		 chars;		/* when valid */
};

static const struct vcase vcases[] = {
	{ "empty", "", 1, 0 },
	{ "ascii", "CEDAW/C/NLD/CO/7", 1, 16 },
	{ "two_bytes", "Cura\xc3\xa7" "ao", 1, 7 },
	{ "three_bytes", "\xe2\x80\x93", 1, 1 },		/* en dash */
	{ "four_bytes", "\xf0\x9f\x93\x85", 1, 1 },		/* U+1F4C5 */
	{ "last_code_point", "\xf4\x8f\xbf\xbf", 1, 1 },	/* U+10FFFF */
	{ "before_surrogates", "\xed\x9f\xbf", 1, 1 },		/* U+D7FF */
	{ "after_surrogates", "\xee\x80\x80", 1, 1 },		/* U+E000 */
	{ "smallest_two_bytes", "\xc2\x80", 1, 1 },		/* U+0080 */
	{ "smallest_three_bytes", "\xe0\xa0\x80", 1, 1 },	/* U+0800 */
	{ "smallest_four_bytes", "\xf0\x90\x80\x80", 1, 1 },	/* U+10000 */

	{ "latin1", "Ren\xe9", 0, 0 },
	{ "lone_continuation", "a\x80z", 0, 0 },
	{ "ff", "\xff", 0, 0 },
	{ "fe", "\xfe", 0, 0 },
	{ "truncated_two", "\xc3", 0, 0 },
	{ "truncated_three", "\xe2\x80", 0, 0 },
	{ "truncated_four", "\xf0\x9f\x93", 0, 0 },
	{ "truncated_then_ascii", "\xe2\x80z", 0, 0 },
	{ "overlong_slash_c0", "\xc0\xaf", 0, 0 },
	{ "overlong_c1", "\xc1\xbf", 0, 0 },
	{ "overlong_three", "\xe0\x80\xaf", 0, 0 },
	{ "overlong_four", "\xf0\x80\x80\xaf", 0, 0 },
	{ "surrogate_high", "\xed\xa0\x80", 0, 0 },		/* U+D800 */
	{ "surrogate_low", "\xed\xbf\xbf", 0, 0 },		/* U+DFFF */
	{ "above_10ffff", "\xf4\x90\x80\x80", 0, 0 },		/* U+110000 */
	{ "f5", "\xf5\x80\x80\x80", 0, 0 },
	{ "valid_then_invalid", "\xc3\xa7\xff", 0, 0 },
};

TU_TABLE(utf8, valid, vcases)

ParameterizedTest(size_t *i, utf8, valid)
{
	const struct vcase	*c = &vcases[*i];

	cr_expect_eq(utf8_valid(c->s), c->valid, "%s: utf8_valid %d, want %d",
	    c->name, utf8_valid(c->s), c->valid);
	if (c->valid)
		cr_expect_eq(utf8_chars(c->s), c->chars, "%s: %zu characters, "
		    "want %zu", c->name, utf8_chars(c->s), c->chars);
}

Test(utf8, check_text)
{
	static const struct {
		const char	*s;
		size_t		 max;
		const char	*cause;		/* NULL: accepted */
	} cases[] = {
		{ "Anna de Vries", 100, NULL },
		{ "", 0, NULL },
		/* Characters count, not bytes: five of two bytes each. */
		{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 5, NULL },
		{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 4,
		  "too long (at most 4 characters)" },
		{ "abcdef", 5, "too long (at most 5 characters)" },
		{ "Ren\xe9", 100, "not valid UTF-8" },
		{ "a\tb", 100, "control characters are not allowed" },
		{ "line\r\nbreak", 100, "control characters are not allowed" },
		{ "del\x7f", 100, "control characters are not allowed" },
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		char	*cause = NULL;
		int	 rc = utf8_check_text(cases[i].s, cases[i].max, &cause);

		if (cases[i].cause == NULL) {
			cr_expect_eq(rc, 0, "case %zu refused: %s", i,
			    cause ? cause : "");
		} else {
			cr_expect_eq(rc, -1, "case %zu accepted", i);
			cr_expect_str_eq(cause ? cause : "", cases[i].cause,
			    "case %zu", i);
		}
		free(cause);
	}
}
