/*
 * Helpers shared by the Criterion tests, core and adapter alike (they
 * need the core library only).
 */
#ifndef TREATYD_TESTS_TESTUTIL_H
#define TREATYD_TESTS_TESTUTIL_H

#include <stddef.h>

#include <criterion/parameterized.h>

/* The day number of a "YYYY-MM-DD" the test knows is good (the test
 * fails otherwise); NULL is DATE_NONE. */
int		 tu_day(const char *);
/* The source tree: $top_srcdir (set by make check), or "..". */
const char	*tu_srcdir(void);
/* The Dutch public holidays of conf/holidays/nl.ini; holidays_free(). */
struct holidays	*tu_nl_holidays(void);

/* The parameters of a table-driven test: the indices of cases[]. */
#define TU_TABLE(suite, name, cases) \
	ParameterizedTestParameters(suite, name) \
	{ \
		static size_t	 idx_[sizeof(cases) / sizeof((cases)[0])]; \
		\
		for (size_t i_ = 0; i_ < sizeof idx_ / sizeof idx_[0]; i_++) \
			idx_[i_] = i_; \
		return cr_make_param_array(size_t, idx_, \
		    sizeof idx_ / sizeof idx_[0]); \
	}

#endif
