/*
 * libFuzzer target: templates. The input is the template; the values
 * are fixed, one of them with every character HTML escapes, rendered as
 * text and as HTML.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl.h"
#include "xmalloc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tmpl_var vars[] = {
		{ "name", "Zo\xc3\xab <de> \"Vries\" & 'co'\n\x01" },
		{ "due", "1 juni 2027" },
		{ "items", "- a\n- b\n" },
	};
	char	*tmpl = xmalloc(size + 1), *out, *cause = NULL;

	memcpy(tmpl, data, size);
	tmpl[size] = '\0';
	for (int html = 0; html < 2; html++) {
		if ((out = tmpl_render(tmpl, vars, 3, html, &cause)) != NULL) {
			if (html && strchr(out, '<') != NULL &&
			    strstr(out, "<de>") != NULL && strstr(tmpl, "<de>") ==
			    NULL)
				abort();	/* a value reached HTML unescaped */
			free(out);
		} else
			free(cause);
		cause = NULL;
	}
	free(tmpl);
	return 0;
}
