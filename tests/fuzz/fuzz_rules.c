/*
 * libFuzzer target: an instrument file (INI text) through the rule parser
 * and, when it loads, the engine with a few facts. Nothing may crash,
 * leak or read out of bounds; every error is a diagnostic.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "rules.h"
#include "xmalloc.h"

/* Lines of [section] and key = value, fed as inifile.c feeds them. */
static void
feed(struct ruleset *rs, struct diag *dg, char *text)
{
	char	 section[128] = "", *save = NULL, *line;
	int	 n = 0;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char	*eq;

		n++;
		if (line[0] == ';' || line[0] == '#' || line[0] == '\0')
			continue;
		if (line[0] == '[') {
			char	*end = strchr(line, ']');

			if (end == NULL || (size_t)(end - line) >= sizeof section)
				continue;
			memcpy(section, line + 1, (size_t)(end - line - 1));
			section[end - line - 1] = '\0';
			ruleset_feed(rs, n, section, NULL, NULL, dg);
			continue;
		}
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		while (eq > line && eq[-1] == ' ')
			*--eq = '\0';
		eq += strlen(eq) + 1;
		while (*eq == ' ')
			eq++;
		ruleset_feed(rs, n, section, line, eq, dg);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "entry_into_force", "co_adopted",
	    "report_submitted", "due_date_set", "date_pending", "planned",
	    "records_from", "loi_received" };
	struct ruleset		 rs;
	struct diag		 dg;
	struct deadlines	 out = { NULL, 0, 0 };
	struct fact		 facts[8];
	char			*text = xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	diag_init(&dg);
	ruleset_init(&rs);
	ruleset_begin_file(&rs, "fuzz.ini");
	feed(&rs, &dg, text);
	ruleset_end_file(&rs, &dg);
	if (dg.n == 0 && ruleset_finish(&rs, &dg) == 0 && rs.n > 0) {
		struct engine_input	 in;

		memset(facts, 0, sizeof facts);
		for (size_t i = 0; i < 8; i++) {
			facts[i].id = (long long)i + 1;
			snprintf(facts[i].instrument, sizeof facts[i].instrument,
			    "%s", rs.v[0].code);
			snprintf(facts[i].kind, sizeof facts[i].kind, "%s",
			    kinds[i]);
			facts[i].date = date_from_ymd(2020, 1 + (int)i, 15);
			facts[i].due = date_from_ymd(2027, 1 + (int)i, 1);
			if (rs.v[0].nrules > 0)
				snprintf(facts[i].rule, sizeof facts[i].rule,
				    "%s", rs.v[0].rules[i % rs.v[0].nrules].name);
		}
		memset(&in, 0, sizeof in);
		in.rules = &rs;
		in.facts = facts;
		in.nfacts = 8;
		in.today = date_from_ymd(2026, 12, 3);
		in.horizon = date_from_ymd(2030, 1, 1);
		in.records_from = DATE_NONE;
		engine_compute(&in, &out);
		deadlines_free(&out);
	}
	ruleset_free(&rs);
	diag_clear(&dg);
	free(text);
	return 0;
}
