/*
 * libFuzzer target: a treatyd.conf through the loader (conf_load): every
 * section and key, durations, addresses, listen, base_url, the time zone,
 * and the rule, holiday and department files it names (the corpus names
 * the source tree's, through the scratch directory). Nothing may crash,
 * leak or read out of bounds; every problem is a diagnostic with a line.
 */
#include "config.h"

#include <stdint.h>

#include "conf.h"
#include "diag.h"
#include "scratch.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag	 dg;
	struct conf	*c;
	char		 path[4096];

	/* Not the kernel's endless or special files: a path the fuzzer
	 * spells out is read as the configuration says. */
	if (memmem(data, size, "/dev", 4) != NULL ||
	    memmem(data, size, "/proc", 5) != NULL ||
	    memmem(data, size, "/sys", 4) != NULL)
		return 0;
	scratch_write("treatyd.conf", data, size, path, sizeof path);
	diag_init(&dg);
	if ((c = conf_load(path, &dg)) != NULL) {
		if (dg.n != 0)
			abort();	/* loaded, yet an error was reported */
		(void)conf_check_templates(c, &dg);
		conf_free(c);
	} else if (dg.n == 0)
		abort();		/* refused without saying why */
	for (size_t i = 0; i < dg.n; i++)
		if (strlen(dg.msgs[i]) == 0)
			abort();
	diag_clear(&dg);
	return 0;
}
