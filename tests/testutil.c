#include "config.h"

#include <stdlib.h>

#include <criterion/criterion.h>

#include "date.h"
#include "testutil.h"

int
tu_day(const char *s)
{
	char	*cause = NULL;
	int	 d = DATE_NONE;

	if (s == NULL)
		return DATE_NONE;
	cr_assert_eq(date_parse(s, &d, &cause), 0, "date_parse(\"%s\"): %s", s,
	    cause != NULL ? cause : "(no cause)");
	return d;
}

const char *
tu_srcdir(void)
{
	const char	*s = getenv("top_srcdir");

	return s != NULL && s[0] != '\0' ? s : "..";
}
