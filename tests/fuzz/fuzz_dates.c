/*
 * libFuzzer target: dates, durations and date arithmetic, one piece of
 * input a line: date_parse, duration_parse, then date_add and
 * date_add_times with what parsed.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "xmalloc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*text = xmalloc(size + 1), *save = NULL, *line, buf[64];
	int		 date = date_from_ymd(2026, 1, 31);

	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		struct duration	 d;
		char		*cause = NULL;
		int		 v;

		if (date_parse(line, &v, &cause) == 0) {
			date = v;
			date_format(v, buf);
			(void)date_weekday(v);
		} else
			free(cause);
		cause = NULL;
		if (duration_parse(line, &d, &cause) == 0) {
			duration_format(&d, buf, sizeof buf);
			(void)date_add(date, &d, 1);
			(void)date_add(date, &d, -1);
			(void)date_add_times(date, &d, 7);
		} else
			free(cause);
	}
	free(text);
	return 0;
}
