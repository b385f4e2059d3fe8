#include "config.h"

#include <stdlib.h>

#include <criterion/criterion.h>

#include "date.h"
#include "holidays.h"
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

struct holidays *
tu_nl_holidays(void)
{
	static const char *const specs[][2] = {
		{ "nieuwjaarsdag", "01-01" },
		{ "goede_vrijdag", "easter-2" },
		{ "tweede_paasdag", "easter+1" },
		{ "koningsdag", "04-27 if-sunday=-1 from=2014" },
		{ "bevrijdingsdag", "05-05" },
		{ "hemelvaartsdag", "easter+39" },
		{ "tweede_pinksterdag", "easter+50" },
		{ "eerste_kerstdag", "12-25" },
		{ "tweede_kerstdag", "12-26" },
	};
	struct holidays	*h = holidays_new();

	for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
		char	*cause = NULL;

		cr_assert_eq(holidays_add(h, specs[i][0], specs[i][1],
		    &cause), 0, "%s", cause ? cause : "");
	}
	return h;
}
