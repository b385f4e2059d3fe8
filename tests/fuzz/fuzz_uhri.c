/*
 * libFuzzer target: a UHRI export (CSV bytes) through the reader and,
 * when it loads, the progress-update deadlines of its recommendations
 * before one cabinet letter. Nothing may crash, leak or read out of
 * bounds; every error is a diagnostic.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "engine.h"
#include "rec.h"
#include "rules.h"
#include "uhri.h"
#include "xmalloc.h"

/* Two instruments the rows can name: CEDAW (by its code and body) and
 * the UPR. */
static void
instruments(struct ruleset *rs, struct diag *dg)
{
	static const char *const kv[][3] = {
		{ "instrument", "code", "CEDAW" },
		{ "instrument", "name", "Convention" },
		{ "instrument", "body", "Committee on the Elimination of "
		    "Discrimination against Women" },
		{ "instrument", "lead", "OCW" },
		{ "rule report", "type", "offset" },
		{ "rule report", "anchor", "co_adopted + P4Y" },
	};

	for (int f = 0; f < 2; f++) {
		ruleset_begin_file(rs, f == 0 ? "cedaw.ini" : "upr.ini");
		for (size_t i = 0; i < sizeof kv / sizeof *kv; i++)
			ruleset_feed(rs, (int)i + 1, kv[i][0], kv[i][1],
			    f == 1 && i == 0 ? "UPR" : kv[i][2], dg);
		ruleset_end_file(rs, dg);
	}
	ruleset_finish(rs, dg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ruleset	 rs;
	static int		 ready;
	struct diag		 dg;
	struct rec		*v = NULL;
	int			*lines = NULL;
	size_t			 n = 0;
	struct uhri_skips	 skipped;

	diag_init(&dg);
	if (!ready) {
		ruleset_init(&rs);
		instruments(&rs, &dg);
		diag_clear(&dg);
		ready = 1;
	}
	if (uhri_csv_parse((const char *)data, size, "fuzz.csv", &rs, &dg, &v,
	    &lines, &n, &skipped) == 0) {
		struct rec_set		 set;
		struct deadlines	 out = { NULL, 0, 0 };
		struct duration		 before = { 0, 0, 6, 0 };
		struct deadline		*letter;
		const struct rec	*wait[8];

		memset(&set, 0, sizeof set);
		for (size_t i = 0; i < n; i++) {
			v[i].id = (long long)i + 1;
			v[i].recorded_at = xstrdup("2026-06-01T00:00:00Z");
		}
		set.v = v;
		set.n = n;
		letter = deadlines_push(&out);
		letter->inst = &rs.v[0];
		snprintf(letter->kind, sizeof letter->kind, "annual_letter");
		snprintf(letter->id, sizeof letter->id, "LETTER/annual_letter/2027");
		snprintf(letter->cycle, sizeof letter->cycle, "2027");
		letter->due = date_from_ymd(2027, 2, 16);
		rec_deadlines(&set, &rs, NULL, &before, date_from_ymd(2026, 12, 3),
		    &out);
		for (size_t i = 1; i < out.n; i++)
			(void)rec_pending(&set, &out.v[i], wait, 8);
		deadlines_free(&out);
		rec_set_free(&set);	/* frees v */
		v = NULL;
	}
	free(v);
	free(lines);
	diag_clear(&dg);
	return 0;
}
