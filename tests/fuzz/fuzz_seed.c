/*
 * libFuzzer target: a seed file of facts (treatyctl fact import) through
 * the seed reader and the Netherlands rules: sections, keys given twice,
 * dates, cycles, lengths, UTF-8. Nothing may crash, leak or read out of
 * bounds; a file that reads without error yields facts that validate.
 */
#include "config.h"

#include <stdint.h>

#include "conf.h"
#include "diag.h"
#include "fact.h"
#include "scratch.h"
#include "seed.h"
#include "xmalloc.h"

static const struct conf *
netherlands(void)
{
	static struct conf	*c;
	static const char	 text[] = "[general]\n"
	    "instruments = instruments.d\nholidays = holidays/nl.ini\n"
	    "departments = departments.ini\n";
	struct diag		 dg;
	char			 path[4096];

	if (c != NULL)
		return c;
	scratch_write("seed.conf", text, sizeof text - 1, path, sizeof path);
	diag_init(&dg);
	if ((c = conf_load(path, &dg)) == NULL) {
		diag_print(&dg, stderr, "fuzz_seed: ");
		exit(1);
	}
	diag_clear(&dg);
	return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct conf	*c = netherlands();
	struct diag		 dg;
	struct seed		 s;
	char			*text, *cause = NULL;
	int			 rc;

	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	diag_init(&dg);
	rc = seed_read_string("seed.ini", text, &c->rules, "fuzz", &dg, &s);
	if (rc == 0) {
		if (dg.n != 0)
			abort();
		for (size_t i = 0; i < s.n; i++) {
			if (fact_validate(&s.v[i], &c->rules, &cause) == -1)
				abort();	/* accepted, yet invalid */
			if (s.v[i].recorded_by == NULL)
				abort();
		}
	} else if (dg.n == 0)
		abort();
	seed_free(&s);
	diag_clear(&dg);
	free(text);
	return 0;
}
