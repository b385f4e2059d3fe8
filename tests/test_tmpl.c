/*
 * Unit tests of src/tmpl.c: {{name}} placeholders filled from a list of
 * variables, values escaped in HTML templates and left alone in text
 * ones, and the errors tmpl.h documents (an unknown placeholder, named,
 * so a typo in an edited template shows; an unclosed "{{"; a result over
 * the size cap). A table of templates and their exact output.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "tmpl.h"
#include "xmalloc.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct tmpl_var vars[] = {
	{ "name", "Anna de Vries" },
	{ "due", "2027-02-13" },
	{ "what", "CEDAW: <report> & \"reply\" 'now'" },
	{ "lines", "one\ntwo" },
	{ "empty", "" },
	{ "null", NULL },
	{ "self", "{{name}}" },
	{ "names", "not name" },
};

struct tcase {
	const char	*name;
	const char	*tmpl;
	int		 html;
	const char	*want;		/* NULL: an error */
	const char	*cause;		/* the error, exactly */
};

static const struct tcase tcases[] = {
	{ "plain_text", "Geen variabelen.", 0, "Geen variabelen.", NULL },
	{ "empty_template", "", 0, "", NULL },
	{ "substitution", "Dear {{name}}, due {{due}}.", 0,
	  "Dear Anna de Vries, due 2027-02-13.", NULL },
	{ "adjacent_and_repeated", "{{due}}{{due}} {{name}}", 0,
	  "2027-02-132027-02-13 Anna de Vries", NULL },
	{ "at_both_ends", "{{name}} ... {{due}}", 0,
	  "Anna de Vries ... 2027-02-13", NULL },
	{ "empty_and_null_values", "[{{empty}}][{{null}}]", 0, "[][]", NULL },
	/* The name is matched whole: "name" is not "names". */
	{ "whole_names", "{{names}}/{{name}}", 0, "not name/Anna de Vries",
	  NULL },
	/* One pass: a value holding "{{name}}" is not filled in again. */
	{ "values_not_expanded", "{{self}}", 0, "{{name}}", NULL },
	{ "lone_closing_braces", "a }} b {{name}} }}", 0,
	  "a }} b Anna de Vries }}", NULL },

	/* Text: values as they are, line breaks included. */
	{ "text_no_escaping", "{{what}}\n{{lines}}", 0,
	  "CEDAW: <report> & \"reply\" 'now'\none\ntwo", NULL },
	/* HTML: the five special characters escaped, a line break becomes
	 * <br>; the template's own markup is kept. */
	{ "html_escapes_values", "<p>{{what}}</p>", 1,
	  "<p>CEDAW: &lt;report&gt; &amp; &quot;reply&quot; &#39;now&#39;"
	  "</p>", NULL },
	{ "html_line_breaks", "<p>{{lines}}</p>", 1, "<p>one<br>\ntwo</p>",
	  NULL },
	{ "html_template_text_kept", "<a href=\"x\">&amp; {{due}}</a>", 1,
	  "<a href=\"x\">&amp; 2027-02-13</a>", NULL },
	{ "html_value_placeholder_escaped_once", "{{self}}", 1, "{{name}}",
	  NULL },

	/* The documented error: NULL, and the cause names the placeholder. */
	{ "unknown_placeholder", "Dear {{nmae}},", 0, NULL,
	  "unknown placeholder {{nmae}}" },
	{ "unknown_placeholder_html", "<p>{{due}} {{deu}}</p>", 1, NULL,
	  "unknown placeholder {{deu}}" },
	/* Spaces are part of the name: "{{ name }}" is a typo too. */
	{ "spaces_in_placeholder", "{{ name }}", 0, NULL,
	  "unknown placeholder {{ name }}" },
	{ "empty_placeholder", "{{}}", 0, NULL, "unknown placeholder {{}}" },
	/* A long name is cut to 40 characters in the message. */
	{ "long_unknown_placeholder",
	  "{{abcdefghijabcdefghijabcdefghijabcdefghijXYZ}}", 0, NULL,
	  "unknown placeholder {{abcdefghijabcdefghijabcdefghijabcdefghij}}" },
	{ "unclosed", "Dear {{name}, hello", 0, NULL, "'{{' without '}}'" },
	{ "unclosed_after_good", "{{name}} {{due", 1, NULL,
	  "'{{' without '}}'" },
};

TU_TABLE(tmpl, table, tcases)

ParameterizedTest(size_t *i, tmpl, table)
{
	const struct tcase	*c = &tcases[*i];
	char			*cause = NULL, *got;

	got = tmpl_render(c->tmpl, vars, NELEM(vars), c->html, &cause);
	if (c->want != NULL) {
		cr_expect_not_null(got, "%s: failed: %s", c->name,
		    cause ? cause : "(no cause)");
		if (got != NULL)
			cr_expect_str_eq(got, c->want, "%s:\n  got  \"%s\"\n"
			    "  want \"%s\"", c->name, got, c->want);
		cr_expect_null(cause, "%s: a cause on success", c->name);
	} else {
		cr_expect_null(got, "%s: rendered \"%s\"", c->name,
		    got ? got : "");
		cr_expect_not_null(cause, "%s: no cause", c->name);
		if (cause != NULL)
			cr_expect_str_eq(cause, c->cause, "%s: cause \"%s\"",
			    c->name, cause);
	}
	free(got);
	free(cause);
}

/* No variables at all: every placeholder is unknown. */
Test(tmpl, no_variables)
{
	char	*cause = NULL;

	cr_expect_null(tmpl_render("{{name}}", NULL, 0, 0, &cause));
	cr_expect_str_eq(cause ? cause : "", "unknown placeholder {{name}}");
	free(cause);
}

/* The result is capped (256 KiB): a larger one is an error, not a cut. */
Test(tmpl, size_cap)
{
	size_t			 n = 256 * 1024 + 1;
	char			*big = xmalloc(n + 1), *cause = NULL, *got;
	struct tmpl_var		 v = { "big", big };

	memset(big, 'x', n);
	big[n] = '\0';
	got = tmpl_render("{{big}}", &v, 1, 0, &cause);
	cr_expect_null(got);
	cr_expect_str_eq(cause ? cause : "", "the text is longer than 262144 "
	    "bytes");
	free(cause);
	cause = NULL;

	/* At the cap passes whole. */
	big[256 * 1024] = '\0';
	got = tmpl_render("{{big}}", &v, 1, 0, &cause);
	cr_expect_not_null(got, "%s", cause ? cause : "");
	if (got != NULL)
		cr_expect_eq(strlen(got), 256 * 1024);
	free(got);
	free(cause);
	free(big);
}

/* Escaping can grow a value past the cap; that is the same error. */
Test(tmpl, escaping_counts_against_the_cap)
{
	size_t			 n = 60 * 1024;
	char			*amp = xmalloc(n + 1), *cause = NULL, *got;
	struct tmpl_var		 v = { "amp", amp };

	memset(amp, '&', n);
	amp[n] = '\0';
	got = tmpl_render("{{amp}}", &v, 1, 0, &cause);
	cr_expect_not_null(got, "text: %s", cause ? cause : "");
	free(got);
	free(cause);
	cause = NULL;
	got = tmpl_render("{{amp}}", &v, 1, 1, &cause);
	cr_expect_null(got, "HTML: 60 KiB of & is 300 KiB of &amp;");
	cr_expect_not_null(cause);
	free(cause);
	free(amp);
}
