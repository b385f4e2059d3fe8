/*
 * Mail templates: text with {{name}} placeholders, filled from a list of
 * variables; in HTML templates the values are escaped. Pure.
 */
#ifndef TREATYD_TMPL_H
#define TREATYD_TMPL_H

#include <stddef.h>

struct tmpl_var {
	const char	*name;
	const char	*value;
};

/*
 * Fill tmpl. An unknown placeholder is an error (NULL with *cause naming
 * it), so a typo in an edited template shows instead of mailing "{{x}}".
 */
char	*tmpl_render(const char *tmpl, const struct tmpl_var *, size_t n,
	    int html, char **cause);

#endif
