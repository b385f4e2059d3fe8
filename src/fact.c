#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fact.h"

void
fact_clear(struct fact *f)
{
	free(f->symbol);
	free(f->paragraph);
	free(f->url);
	free(f->note);
	free(f->recorded_by);
	free(f->recorded_at);
	f->symbol = f->paragraph = f->url = f->note = NULL;
	f->recorded_by = f->recorded_at = NULL;
}

void
facts_free(struct fact *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fact_clear(&v[i]);
	free(v);
}

static int
number(const char **p, int *out)
{
	int	 v = 0, n = 0;

	while (**p >= '0' && **p <= '9' && n < 4) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n == 0 || n > 3 ? -1 : 0;
}

int
fact_cycle_range(const char *s, int *lo, int *hi)
{
	const char	*p = s;

	if (number(&p, lo) == -1)
		return -1;
	*hi = *lo;
	if (*p == '-') {
		p++;
		if (number(&p, hi) == -1)
			return -1;
	}
	if (*p != '\0' || *lo < 1 || *hi < *lo)
		return -1;
	return 0;
}
