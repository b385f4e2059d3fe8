/*
 * Unit tests of src/rules.c: instrument files are INI text literals, fed
 * key by key to the ruleset the way conf.c does it (tests/ruletext.c, so
 * this test links against the core library alone; what inifile.c itself
 * reports -- syntax errors, over-long lines -- is tested in
 * tests/test_inifile.c).
 *
 * The error cases are a table: an INI text (and optionally a second file)
 * and the exact list of diagnostics expected, each as file:line plus the
 * key part of its message. Every case must produce exactly those
 * diagnostics, in any order.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "date.h"
#include "diag.h"
#include "rules.h"
#include "ruletext.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_WANT	12

/*
 * Section-level diagnostics (unknown section, missing type, missing
 * code, ...) are expected on the line of the section's first key, as
 * treatyd-rules(5) documents ("An error about a whole section ... gives
 * the line of the section's first key"); inih reports no header lines.
 * Every section in the texts below has its first key on the line right
 * after its header, so setting this to 1 expects them on the header line
 * instead.
 */
#define SECTION_DIAG_AT_HEADER	0
#define SEC(n)			((n) + !SECTION_DIAG_AT_HEADER)

/* A valid instrument section, lines 1-4. */
#define INST \
	"[instrument]\n"			/* 1 */ \
	"code = TEST\n"				/* 2 */ \
	"name = Test convention\n"		/* 3 */ \
	"body = Test committee\n"		/* 4 */

#define ANY_LINE	RULETEXT_ANY_LINE

struct rcase {
	const char		*name;
	const char		*text;		/* a.ini */
	const char		*text2;		/* b.ini, or NULL */
	struct ruletext_want	 want[MAX_WANT];	/* until msg == NULL */
};

#define BADCODE(nm, code) \
	{ nm, \
	  "[instrument]\n"			/* 1 */ \
	  "code = " code "\n"			/* 2 */ \
	  "name = Test\n"			/* 3 */ \
	  "body = Committee\n",			/* 4 */ \
	  NULL, \
	  { { "a.ini", 2, "code '" code "': expected 2-15 letters, digits " \
	      "or _, starting with a letter" }, \
	    { "a.ini", SEC(1), "[instrument] needs code = CODE" } } }

static const struct rcase rcases[] = {
	{ "unknown_section",
	  INST
	  "[rules report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "[holiday]\n"				/* 7 */
	  "x = 1\n",				/* 8 */
	  NULL,
	  { { "a.ini", SEC(5), "unknown section [rules report] (expected "
	      "[instrument], [rule NAME] or [milestone NAME])" },
	    { "a.ini", SEC(7), "unknown section [holiday]" } } },

	{ "key_outside_section",
	  "code = TEST\n"			/* 1 */
	  "[instrument]\n"			/* 2 */
	  "code = TEST\n"			/* 3 */
	  "name = Test\n"			/* 4 */
	  "body = Committee\n",			/* 5 */
	  NULL,
	  { { "a.ini", 1, "key 'code' outside a section" } } },

	{ "rule_before_instrument",
	  "[rule report]\n"			/* 1 */
	  "type = offset\n"			/* 2 */
	  "anchor = co_adopted + P2Y\n"		/* 3 */
	  "[milestone kickoff]\n"		/* 4 */
	  "before = report\n"			/* 5 */
	  INST,					/* 6-9 */
	  NULL,
	  { { "a.ini", SEC(1), "[rule report] before [instrument]; the "
	      "instrument section comes first" },
	    { "a.ini", SEC(4), "[milestone kickoff] before [instrument]" } } },

	{ "second_instrument",
	  INST
	  "[rule followup]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P2Y\n"		/* 7 */
	  "[instrument]\n"			/* 8 */
	  "code = OTHER\n"			/* 9 */
	  "name = Other\n",			/* 10 */
	  NULL,
	  { { "a.ini", SEC(8), "a second [instrument] section; each file "
	      "defines one instrument" } } },

	/* The same, with nothing between the two sections. */
	{ "second_instrument_adjacent",
	  INST
	  "[instrument]\n"			/* 5 */
	  "source = https://example.org/\n",	/* 6 */
	  NULL,
	  { { "a.ini", SEC(5), "a second [instrument] section" } } },

	BADCODE("bad_code_digit", "1TEST"),
	BADCODE("bad_code_short", "T"),
	BADCODE("bad_code_long", "ABCDEFGHIJKLMNOP"),
	BADCODE("bad_code_char", "TE-ST"),

	{ "unknown_key_instrument",
	  INST
	  "owner = BZK\n"			/* 5 */
	  "lead = BZK\n"			/* 6 */
	  "label = x\n",			/* 7 */
	  NULL,
	  { { "a.ini", 5, "unknown key 'owner' in [instrument] (expected "
	      "code, name, name_nl, body, lead, contributors, scope, source, "
	      "note, records_from)" },
	    { "a.ini", 7, "unknown key 'label' in [instrument]" } } },

	{ "unknown_key_rule",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P2Y\n"		/* 7 */
	  "before = followup\n"			/* 8 */
	  "due = 2026-01-01\n"			/* 9 */
	  "owner = BZK\n",			/* 10 */
	  NULL,
	  { { "a.ini", 8, "unknown key 'before' in [rule report] (expected "
	      "type, label, label_nl, anchor, base, period, first" },
	    { "a.ini", 9, "unknown key 'due' in [rule report]" },
	    { "a.ini", 10, "unknown key 'owner' in [rule report]" } } },

	{ "unknown_key_milestone",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P4Y\n"		/* 7 */
	  "[milestone kickoff]\n"		/* 8 */
	  "before = report\n"			/* 9 */
	  "type = offset\n"			/* 10 */
	  "anchor = co_adopted + P1Y\n"		/* 11 */
	  "voluntary = yes\n",			/* 12 */
	  NULL,
	  { { "a.ini", 10, "unknown key 'type' in [milestone kickoff] "
	      "(expected before, offset, label, label_nl, owner, "
	      "fulfilled_by)" },
	    { "a.ini", 11, "unknown key 'anchor' in [milestone kickoff]" },
	    { "a.ini", 12, "unknown key 'voluntary' in [milestone kickoff]" } } },

	{ "duplicate_key",
	  "[instrument]\n"			/* 1 */
	  "code = TEST\n"			/* 2 */
	  "name = Test\n"			/* 3 */
	  "name = Again\n"			/* 4 */
	  "body = Committee\n"			/* 5 */
	  "[rule report]\n"			/* 6 */
	  "type = offset\n"			/* 7 */
	  "anchor = co_adopted + P2Y\n"		/* 8 */
	  "type = grid\n"			/* 9 */
	  "label = A\n"				/* 10 */
	  "label = B\n"				/* 11 */
	  "[milestone kickoff]\n"		/* 12 */
	  "before = report\n"			/* 13 */
	  "offset = P1M\n"			/* 14 */
	  "offset = P2M\n",			/* 15 */
	  NULL,
	  { { "a.ini", 4, "'name' is given twice in [instrument]" },
	    { "a.ini", 9, "'type' is given twice in [rule report]" },
	    { "a.ini", 11, "'label' is given twice in [rule report]" },
	    { "a.ini", 15, "'offset' is given twice in [milestone kickoff]" } } },

	{ "rule_defined_twice",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P2Y\n"		/* 7 */
	  "[rule followup]\n"			/* 8 */
	  "type = offset\n"			/* 9 */
	  "anchor = co_adopted + P1Y\n"		/* 10 */
	  "[rule report]\n"			/* 11 */
	  "type = grid\n"			/* 12 */
	  "[milestone followup]\n"		/* 13 */
	  "before = report\n",			/* 14 */
	  NULL,
	  { { "a.ini", SEC(11), "rule 'report' is defined twice" },
	    { "a.ini", SEC(13), "milestone 'followup' is defined twice" } } },

	/* The same, with the two sections next to each other. */
	{ "rule_defined_twice_adjacent",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P2Y\n"		/* 7 */
	  "[rule report]\n"			/* 8 */
	  "label = Again\n",			/* 9 */
	  NULL,
	  { { "a.ini", SEC(8), "rule 'report' is defined twice" } } },

	{ "bad_rule_name",
	  INST
	  "[rule Report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "[milestone 2nd_draft]\n"		/* 7 */
	  "before = x\n"			/* 8 */
	  "[rule follow-up]\n"			/* 9 */
	  "type = offset\n"			/* 10 */
	  "[rule a2345678901234567890123456789012]\n"	/* 11: 32 characters */
	  "type = offset\n",			/* 12 */
	  NULL,
	  { { "a.ini", SEC(5), "'Report' is not a valid rule name (lower case "
	      "letters, digits and _, starting with a letter)" },
	    { "a.ini", SEC(7), "'2nd_draft' is not a valid milestone name" },
	    { "a.ini", SEC(9), "'follow-up' is not a valid rule name" },
	    { "a.ini", SEC(11), "'a2345678901234567890123456789012' is not a "
	      "valid rule name" } } },

	/* A name is one word: "follow up" is not the rule "follow". */
	{ "rule_name_with_space",
	  INST
	  "[rule follow up]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P1Y\n",	/* 7 */
	  NULL,
	  { { "a.ini", SEC(5), "is not a valid rule name" } } },

	{ "bad_type",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = weekly\n"			/* 6 */
	  "anchor = co_adopted + P2Y\n",	/* 7 */
	  NULL,
	  { { "a.ini", 6, "type 'weekly': expected offset, on_event, grid "
	      "or yearly" },
	    { "a.ini", SEC(5), "[rule report] needs type = offset, on_event, "
	      "grid or yearly" } } },

	{ "missing_type",
	  INST
	  "[rule report]\n"			/* 5 */
	  "label = Report\n"			/* 6 */
	  "anchor = co_adopted + P2Y\n",	/* 7 */
	  NULL,
	  { { "a.ini", SEC(5), "[rule report] needs type = offset, on_event, "
	      "grid or yearly" } } },

	/* treatyd-rules(5): "A section without any key is ignored." */
	{ "empty_rule_section_ignored",
	  INST
	  "[rule report]\n"			/* 5 */
	  "[rule followup]\n"			/* 6 */
	  "type = offset\n"			/* 7 */
	  "anchor = co_adopted + P2Y\n",	/* 8 */
	  NULL,
	  { { NULL, 0, NULL } } },

	{ "instrument_header_only",
	  "[instrument]\n",			/* 1 */
	  NULL,
	  { { "a.ini", 0, "no [instrument] section" } } },

	{ "bad_cycle",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P4Y\n"		/* 7 */
	  "cycle = previous\n"			/* 8 */
	  "[milestone draft]\n"			/* 9 */
	  "before = report\n"			/* 10 */
	  "cycle = next\n",			/* 11 */
	  NULL,
	  { { "a.ini", 8, "cycle 'previous': expected same or next" },
	    { "a.ini", 11, "unknown key 'cycle' in [milestone draft]" } } },

	/* The example of treatyd-rules(5), ERRORS (without conf.c's checks). */
	{ "man_page_example",
	  "[instrument]\n"			/* 1 */
	  "code = CMW\n"				/* 2 */
	  "name = Migrant Workers Convention\n"	/* 3 */
	  "lead = AenM; the lead\n"		/* 4 */
	  "contributors = SZW JenV XYZ\n"	/* 5 */
	  "\n"					/* 6 */
	  "[rule report]\n"			/* 7 */
	  "type = grid\n"			/* 8 */
	  "base = entry_into_force + 1Y\n"	/* 9 */
	  "period = P5Y\n"			/* 10 */
	  "\n"					/* 11 */
	  "[rule followup]\n"			/* 12 */
	  "type = offset\n"			/* 13 */
	  "anchor = co_adopted + P2Y\n"		/* 14 */
	  "anchor = co_adopted + P1Y\n"		/* 15 */
	  "\n"					/* 16 */
	  "[milestone consultation]\n"		/* 17 */
	  "before = reprt\n"			/* 18 */
	  "offset = P6M\n",			/* 19 */
	  NULL,
	  { { "a.ini", 4, "lead 'AenM; the lead' is not a department code "
	      "(e.g. BZK, JenV)" },
	    { "a.ini", 9, "base: '1Y' is not an ISO 8601 duration (expected "
	      "e.g. P4Y, P18M, P12W, P1Y6M, P30D)" },
	    { "a.ini", 15, "'anchor' is given twice in [rule followup]" },
	    { "a.ini", 2, "[instrument] needs body = ..." },
	    { "a.ini", 8, "[rule report] (grid) needs base = YYYY-MM-DD or "
	      "FACT_KIND + DURATION" },
	    { "a.ini", 18, "[milestone consultation]: before = reprt names no "
	      "[rule reprt] in this file" } } },

	{ "no_instrument",
	  "; only a comment\n"			/* 1 */
	  "\n",					/* 2 */
	  NULL,
	  { { "a.ini", 0, "no [instrument] section" } } },

	{ "missing_name_body_code",
	  "[instrument]\n"			/* 1 */
	  "note = nothing else\n",		/* 2 */
	  NULL,
	  { { "a.ini", SEC(1), "[instrument] needs code = CODE" },
	    { "a.ini", SEC(1), "[instrument] needs name = ..." },
	    { "a.ini", SEC(1), "[instrument] needs body = ..." } } },

	{ "offset_without_anchor",
	  INST
	  "[rule followup]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "[rule report]\n"			/* 7 */
	  "type = on_event\n"			/* 8 */
	  "expect = co_adopted + P7Y\n",	/* 9 */
	  NULL,
	  { { "a.ini", SEC(5), "[rule followup] (offset) needs anchor = "
	      "FACT_KIND + DURATION" },
	    { "a.ini", SEC(7), "[rule report] (on_event) needs anchor = "
	      "FACT_KIND + DURATION" } } },

	{ "anchor_literal_date",
	  INST
	  "[rule followup]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = 2020-01-01 + P2Y\n"		/* 7 */
	  "[rule report]\n"			/* 8 */
	  "type = on_event\n"			/* 9 */
	  "anchor = 2020-01-01\n",		/* 10 */
	  NULL,
	  { { "a.ini", SEC(5), "[rule followup]: the anchor of an offset rule "
	      "must be a fact kind, not a date" },
	    { "a.ini", SEC(8), "[rule report]: the anchor of an on_event rule "
	      "must be a fact kind, not a date" } } },

	{ "bad_anchor",
	  INST
	  "[rule a]\n"				/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adoptd + P2Y\n"		/* 7 */
	  "[rule b]\n"				/* 8 */
	  "type = offset\n"			/* 9 */
	  "anchor = co_adopted + P2X\n"		/* 10 */
	  "[rule c]\n"				/* 11 */
	  "type = offset\n"			/* 12 */
	  "anchor = co_adopted P2Y\n"		/* 13 */
	  "[rule d]\n"				/* 14 */
	  "type = offset\n"			/* 15 */
	  "anchor = co_adopted + P1DT2H\n"	/* 16 */
	  "[rule e]\n"				/* 17 */
	  "type = offset\n"			/* 18 */
	  "anchor = co_adopted * P2Y\n",	/* 19 */
	  NULL,
	  { { "a.ini", 7, "anchor: 'co_adoptd' is not a fact kind" },
	    { "a.ini", SEC(5), "[rule a] (offset) needs anchor" },
	    { "a.ini", 10, "anchor: 'P2X' is not an ISO 8601 duration" },
	    { "a.ini", SEC(8), "[rule b] (offset) needs anchor" },
	    { "a.ini", 13, "anchor: 'co_adopted P2Y': expected + or - after "
	      "'co_adopted'" },
	    { "a.ini", SEC(11), "[rule c] (offset) needs anchor" },
	    { "a.ini", 16, "anchor: 'P1DT2H': durations count whole days" },
	    { "a.ini", SEC(14), "[rule d] (offset) needs anchor" },
	    { "a.ini", 19, "anchor: 'co_adopted * P2Y': expected + or - after "
	      "'co_adopted'" },
	    { "a.ini", SEC(17), "[rule e] (offset) needs anchor" } } },

	{ "bad_expect_base_not_before",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = on_event\n"			/* 6 */
	  "anchor = loipr_received + P1Y\n"	/* 7 */
	  "expect = co_adopted + 7Y\n"		/* 8 */
	  "[rule followup]\n"			/* 9 */
	  "type = offset\n"			/* 10 */
	  "anchor = co_adopted + P2Y\n"		/* 11 */
	  "expect = co_adopted + P3Y\n"		/* 12 */
	  "[rule periodic]\n"			/* 13 */
	  "type = grid\n"			/* 14 */
	  "base = 2006-02-30\n"			/* 15 */
	  "period = P5Y\n"			/* 16 */
	  "not_before = co_adopted - 3Y\n",	/* 17 */
	  NULL,
	  { { "a.ini", 8, "expect: '7Y' is not an ISO 8601 duration" },
	    { "a.ini", SEC(9), "[rule followup]: expect is only for on_event "
	      "rules" },
	    { "a.ini", 15, "base: '2006-02-30' is not a day of the calendar" },
	    { "a.ini", SEC(13), "[rule periodic] (grid) needs base = "
	      "YYYY-MM-DD or FACT_KIND + DURATION" },
	    { "a.ini", 17, "not_before: '3Y' is not an ISO 8601 duration" } } },

	{ "keys_of_other_types",
	  INST
	  "[rule followup]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P2Y\n"		/* 7 */
	  "period = P1Y\n"			/* 8 */
	  "[rule report]\n"			/* 9 */
	  "type = grid\n"			/* 10 */
	  "base = 2006-06-01\n"			/* 11 */
	  "period = P5Y\n"			/* 12 */
	  "rrule = FREQ=YEARLY\n"		/* 13 */
	  "[rule annual]\n"			/* 14 */
	  "type = yearly\n"			/* 15 */
	  "rrule = FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=16\n"	/* 16 */
	  "start = 2026-02-16\n"		/* 17 */
	  "anchor = co_adopted + P1Y\n",	/* 18 */
	  NULL,
	  { { "a.ini", SEC(5), "[rule followup]: not_before, period and rrule "
	      "do not apply to offset rules" },
	    { "a.ini", SEC(9), "[rule report]: expect and rrule do not apply "
	      "to grid rules" },
	    { "a.ini", SEC(14), "[rule annual]: anchor, expect and not_before "
	      "do not apply to yearly rules" } } },

	/* treatyd-rules(5): anchor and base are one key; "give only one". */
	{ "base_and_anchor_both_given",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = grid\n"			/* 6 */
	  "base = 2006-06-01\n"			/* 7 */
	  "anchor = entry_into_force + P1Y\n"	/* 8 */
	  "period = P5Y\n",			/* 9 */
	  NULL,
	  { { "a.ini", 8, "anchor: anchor and base are the same key" } } },

	{ "grid_without_base_period",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = grid\n"			/* 6 */
	  "first = 2\n",			/* 7 */
	  NULL,
	  { { "a.ini", SEC(5), "[rule report] (grid) needs base = YYYY-MM-DD "
	      "or FACT_KIND + DURATION" },
	    { "a.ini", SEC(5), "[rule report] (grid) needs period = DURATION" } } },

	{ "zero_period",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = grid\n"			/* 6 */
	  "base = 2006-06-01\n"			/* 7 */
	  "period = P0D\n"			/* 8 */
	  "recheck = P0M\n",			/* 9 */
	  NULL,
	  { { "a.ini", 8, "period: the duration must not be zero" },
	    { "a.ini", SEC(5), "[rule report] (grid) needs period = DURATION" },
	    { "a.ini", 9, "recheck: the duration must not be zero" } } },

	{ "bad_period",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = grid\n"			/* 6 */
	  "base = entry_into_force + P1Y\n"	/* 7 */
	  "period = 5Y\n"			/* 8 */
	  "recheck = P3X\n",			/* 9 */
	  NULL,
	  { { "a.ini", 8, "period: '5Y' is not an ISO 8601 duration" },
	    { "a.ini", SEC(5), "[rule report] (grid) needs period = DURATION" },
	    { "a.ini", 9, "recheck: 'P3X' is not an ISO 8601 duration" } } },

	{ "bad_first",
	  INST
	  "[rule r1]\n"				/* 5 */
	  "type = grid\n"			/* 6 */
	  "base = 2006-06-01\n"			/* 7 */
	  "period = P5Y\n"			/* 8 */
	  "first = 0\n"				/* 9 */
	  "[rule r2]\n"				/* 10 */
	  "type = grid\n"			/* 11 */
	  "base = 2006-06-01\n"			/* 12 */
	  "period = P5Y\n"			/* 13 */
	  "first = 1000\n"			/* 14 */
	  "[rule r3]\n"				/* 15 */
	  "type = grid\n"			/* 16 */
	  "base = 2006-06-01\n"			/* 17 */
	  "period = P5Y\n"			/* 18 */
	  "first = 2a\n"			/* 19 */
	  "[rule r4]\n"				/* 20 */
	  "type = grid\n"			/* 21 */
	  "base = 2006-06-01\n"			/* 22 */
	  "period = P5Y\n"			/* 23 */
	  "first = -1\n",			/* 24 */
	  NULL,
	  { { "a.ini", 9, "first '0': expected a report number from 1 to 999" },
	    { "a.ini", 14, "first '1000': expected a report number" },
	    { "a.ini", 19, "first '2a': expected a report number" },
	    { "a.ini", 24, "first '-1': expected a report number" } } },

	{ "bad_rrule",
	  INST
	  "[rule a]\n"				/* 5 */
	  "type = yearly\n"			/* 6 */
	  "rrule = FREQ=MONTHLY;BYMONTHDAY=1\n"	/* 7 */
	  "start = 2026-02-16\n"		/* 8 */
	  "[rule b]\n"				/* 9 */
	  "type = yearly\n"			/* 10 */
	  "rrule = FREQ=YEARLY;BYDAY=XX\n"	/* 11 */
	  "start = 2026-02-16\n"		/* 12 */
	  "[rule c]\n"				/* 13 */
	  "type = yearly\n"			/* 14 */
	  "rrule = SOMETIMES\n"			/* 15 */
	  "start = 2026-02-16\n",		/* 16 */
	  NULL,
	  { { "a.ini", 7, "rrule 'FREQ=MONTHLY;BYMONTHDAY=1': a yearly rule "
	      "needs FREQ=YEARLY" },
	    { "a.ini", SEC(5), "[rule a] (yearly) needs rrule = FREQ=YEARLY;..." },
	    { "a.ini", 11, "rrule: 'FREQ=YEARLY;BYDAY=XX' is not a valid RRULE" },
	    { "a.ini", SEC(9), "[rule b] (yearly) needs rrule" },
	    { "a.ini", 15, "rrule 'SOMETIMES': a yearly rule needs "
	      "FREQ=YEARLY" },
	    { "a.ini", SEC(13), "[rule c] (yearly) needs rrule" } } },

	/* A valid-looking RRULE that never occurs (there is no 13th month). */
	{ "rrule_without_occurrences",
	  INST
	  "[rule a]\n"				/* 5 */
	  "type = yearly\n"			/* 6 */
	  "rrule = FREQ=YEARLY;BYMONTH=13\n"	/* 7 */
	  "start = 2026-02-16\n",		/* 8 */
	  NULL,
	  { { "a.ini", ANY_LINE, "FREQ=YEARLY;BYMONTH=13" } } },

	{ "yearly_without_rrule_start",
	  INST
	  "[rule annual_letter]\n"		/* 5 */
	  "type = yearly\n"			/* 6 */
	  "label = Letter\n",			/* 7 */
	  NULL,
	  { { "a.ini", SEC(5), "[rule annual_letter] (yearly) needs rrule = "
	      "FREQ=YEARLY;..." },
	    { "a.ini", SEC(5), "[rule annual_letter] (yearly) needs start = "
	      "YYYY-MM-DD" } } },

	{ "bad_start",
	  INST
	  "[rule a]\n"				/* 5 */
	  "type = yearly\n"			/* 6 */
	  "rrule = FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=16\n"	/* 7 */
	  "start = 2026-2-16\n"			/* 8 */
	  "[rule b]\n"				/* 9 */
	  "type = yearly\n"			/* 10 */
	  "rrule = FREQ=YEARLY\n"		/* 11 */
	  "start = 1799-12-31\n",		/* 12 */
	  NULL,
	  { { "a.ini", 8, "start: '2026-2-16' is not a date (expected "
	      "YYYY-MM-DD)" },
	    { "a.ini", SEC(5), "[rule a] (yearly) needs start = YYYY-MM-DD" },
	    { "a.ini", 12, "start: '1799-12-31': year out of range 1800-2400" },
	    { "a.ini", SEC(9), "[rule b] (yearly) needs start" } } },

	{ "milestone_without_before",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P4Y\n"		/* 7 */
	  "[milestone kickoff]\n"		/* 8 */
	  "offset = P12M\n",			/* 9 */
	  NULL,
	  { { "a.ini", SEC(8), "[milestone kickoff] needs before = RULE" } } },

	{ "milestone_before_unknown_rule",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P4Y\n"		/* 7 */
	  "[milestone draft]\n"			/* 8 */
	  "before = reprot\n"			/* 9 */
	  "offset = P6M\n",			/* 10 */
	  NULL,
	  { { "a.ini", SEC(8), "[milestone draft]: before = reprot names no "
	      "[rule reprot] in this file" } } },

	{ "milestone_before_milestone",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P4Y\n"		/* 7 */
	  "[milestone kickoff]\n"		/* 8 */
	  "before = report\n"			/* 9 */
	  "offset = P12M\n"			/* 10 */
	  "[milestone approval]\n"		/* 11 */
	  "before = kickoff\n",			/* 12 */
	  NULL,
	  { { "a.ini", SEC(11), "[milestone approval]: before = kickoff is a "
	      "milestone; count back from a rule" } } },

	{ "bad_before_and_offset",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P4Y\n"		/* 7 */
	  "[milestone input]\n"			/* 8 */
	  "before = Report\n"			/* 9 */
	  "offset = 6M\n",			/* 10 */
	  NULL,
	  { { "a.ini", 9, "before 'Report' is not a rule name" },
	    { "a.ini", 10, "offset: '6M' is not an ISO 8601 duration" },
	    { "a.ini", SEC(8), "[milestone input] needs before = RULE" } } },

	{ "bad_fulfilled_by",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P4Y\n"		/* 7 */
	  "fulfilled_by = report_sent\n"	/* 8 */
	  "[milestone consultation]\n"		/* 9 */
	  "before = report\n"			/* 10 */
	  "fulfilled_by = consultation\n",	/* 11 */
	  NULL,
	  { { "a.ini", 8, "fulfilled_by 'report_sent' is not a fact kind" },
	    { "a.ini", 11, "fulfilled_by 'consultation' is not a fact kind" } } },

	{ "bad_voluntary",
	  INST
	  "[rule a]\n"				/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P1Y\n"		/* 7 */
	  "voluntary = maybe\n"			/* 8 */
	  "[rule b]\n"				/* 9 */
	  "type = offset\n"			/* 10 */
	  "anchor = co_adopted + P1Y\n"		/* 11 */
	  "voluntary = \n",			/* 12 */
	  NULL,
	  { { "a.ini", 8, "voluntary 'maybe': expected yes or no" },
	    { "a.ini", 12, "voluntary '': expected yes or no" } } },

	{ "bad_owner",
	  INST
	  "[rule report]\n"			/* 5 */
	  "type = offset\n"			/* 6 */
	  "anchor = co_adopted + P4Y\n"		/* 7 */
	  "[milestone kickoff]\n"		/* 8 */
	  "before = report\n"			/* 9 */
	  "owner = the lead\n"			/* 10 */
	  "[milestone draft]\n"			/* 11 */
	  "before = report\n"			/* 12 */
	  "owner = X\n",			/* 13 */
	  NULL,
	  { { "a.ini", 10, "owner 'the lead': expected 'lead' or a department "
	      "code" },
	    { "a.ini", 13, "owner 'X': expected 'lead' or a department code" } } },

	{ "bad_scope",
	  INST
	  "scope = NL BE nl\n",			/* 5 */
	  NULL,
	  { { "a.ini", 5, "scope 'BE': expected NL, AW, CW or SX" },
	    { "a.ini", 5, "scope 'nl': expected NL, AW, CW or SX" } } },

	{ "bad_contributor_and_lead",
	  INST
	  "contributors = BZK 1X J\n"		/* 5 */
	  "lead = B\n",				/* 6 */
	  NULL,
	  { { "a.ini", 5, "contributor '1X' is not a department code" },
	    { "a.ini", 5, "contributor 'J' is not a department code" },
	    { "a.ini", 6, "lead 'B' is not a department code" } } },

	{ "too_many_contributors",
	  INST
	  "contributors = D1 D2 D3 D4 D5 D6 D7 D8 D9 D10 D11 D12 D13 D14 D15 "
	  "D16 D17\n",				/* 5 */
	  NULL,
	  { { "a.ini", 5, "more than 16 contributors" } } },

	{ "duplicate_code_two_files",
	  INST,
	  INST,
	  { { "b.ini", SEC(1), "instrument TEST is already defined in a.ini:" } } },

	/* ruleset_find() ignores case, so "test" and "TEST" are one code. */
	{ "duplicate_code_ignoring_case",
	  INST,
	  "[instrument]\n"			/* 1 */
	  "code = test\n"			/* 2 */
	  "name = Test again\n"			/* 3 */
	  "body = Committee\n",			/* 4 */
	  { { "b.ini", SEC(1), "instrument test is already defined in a.ini:" } } },

};

TU_TABLE(rules_errors, table, rcases)

ParameterizedTest(size_t *i, rules_errors, table)
{
	const struct rcase	*c = &rcases[*i];
	struct ruleset		 rs;
	struct diag		 dg;
	size_t			 nerr;

	ruleset_init(&rs);
	diag_init(&dg);
	ruletext_load(&rs, &dg, "a.ini", c->text);
	if (c->text2 != NULL)
		ruletext_load(&rs, &dg, "b.ini", c->text2);
	nerr = ruleset_finish(&rs, &dg);
	cr_expect_eq(nerr, dg.n, "%s: ruleset_finish returned %zu, diag has %zu",
	    c->name, nerr, dg.n);
	ruletext_expect(c->name, &dg, c->want, MAX_WANT);
	ruleset_free(&rs);
	diag_clear(&dg);
}

/* ---- Valid files: zero diagnostics and the right fields. ---- */

static const char full_text[] =
	"; A complete instrument file.\n"			/* 1 */
	"[instrument]\n"					/* 2 */
	"code = CERD\n"						/* 3 */
	"name = Convention on Racial Discrimination\n"		/* 4 */
	"name_nl = Verdrag rassendiscriminatie\n"		/* 5 */
	"body = CERD Committee\n"				/* 6 */
	"lead = BZK\n"						/* 7 */
	"contributors = BZ JenV, SZW\n"				/* 8 */
	"scope = NL AW CW SX\n"					/* 9 */
	"source = https://undocs.org/CERD/C/NLD/CO/22-24\n"	/* 10 */
	"note = derived, not confirmed\n"			/* 11 */
	"\n"							/* 12 */
	"[rule report]\n"					/* 13 */
	"type = grid\n"						/* 14 */
	"label = Periodic report\n"				/* 15 */
	"label_nl = Periodieke rapportage\n"			/* 16 */
	"base = entry_into_force + P1Y\n"			/* 17 */
	"period = P2Y\n"					/* 18 */
	"first = 3\n"						/* 19 */
	"not_before = co_adopted + P3Y\n"			/* 20 */
	"recheck = P6M\n"					/* 21 */
	"\n"							/* 22 */
	"[rule followup]\n"					/* 23 */
	"type = offset\n"					/* 24 */
	"anchor = co_adopted + P1Y\n"				/* 25 */
	"\n"							/* 26 */
	"[rule written_replies]\n"				/* 27 */
	"type = offset\n"					/* 28 */
	"anchor = dialogue - P12W\n"				/* 29 */
	"fulfilled_by = report_submitted\n"			/* 30 */
	"voluntary = yes\n"					/* 31 */
	"\n"							/* 32 */
	"[rule loipr_reply]\n"					/* 33 */
	"type = on_event\n"					/* 34 */
	"anchor = loipr_received + P1Y\n"			/* 35 */
	"expect = co_adopted + P7Y\n"				/* 36 */
	"cycle = next\n"					/* 37 */
	"\n"							/* 38 */
	"[rule annual_letter]\n"				/* 39 */
	"type = yearly\n"					/* 40 */
	"rrule = FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=16\n"		/* 41 */
	"start = 2026-02-16\n"					/* 42 */
	"voluntary = true\n"					/* 43 */
	"\n"							/* 44 */
	"[rule old_grid]\n"					/* 45 */
	"type = grid\n"						/* 46 */
	"base = 2006-06-01\n"					/* 47 */
	"period = P5Y\n"					/* 48 */
	"\n"							/* 49 */
	"[milestone consultation]\n"				/* 50 */
	"before = report\n"					/* 51 */
	"offset = P6M\n"					/* 52 */
	"label = Civil-society consultation round\n"		/* 53 */
	"label_nl = Consultatieronde\n"				/* 54 */
	"owner = lead\n"					/* 55 */
	"fulfilled_by = consultation_held\n"			/* 56 */
	"\n"							/* 57 */
	"[milestone kickoff]\n"					/* 58 */
	"before = later_rule\n"					/* 59 */
	"offset = P1Y2M3W4D\n"					/* 60 */
	"owner = JenV\n"					/* 61 */
	"\n"							/* 62 */
	"; a milestone may name a rule defined further down\n"	/* 63 */
	"[rule later_rule]\n"					/* 64 */
	"type = offset\n"					/* 65 */
	"anchor = entry_into_force + P1Y\n";			/* 66 */

static void
load_ok(struct ruleset *rs, const char *name, const char *text)
{
	struct diag	 dg;

	diag_init(&dg);
	ruletext_load(rs, &dg, name, text);
	cr_assert_eq(ruleset_finish(rs, &dg), 0, "diagnostics:\n%s",
	    ruletext_dump(&dg));
	diag_clear(&dg);
}

static void
expect_dur(const struct duration *d, int y, int m, int w, int dd,
    const char *what)
{
	cr_expect(d->years == y && d->months == m && d->weeks == w &&
	    d->days == dd, "%s: got P%dY%dM%dW%dD, want P%dY%dM%dW%dD", what,
	    d->years, d->months, d->weeks, d->days, y, m, w, dd);
}

static int
ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

Test(rules_valid, instrument_fields)
{
	struct ruleset			 rs;
	const struct instrument		*in;

	ruleset_init(&rs);
	load_ok(&rs, "cerd.ini", full_text);
	cr_assert_eq(rs.n, 1);
	in = &rs.v[0];
	cr_expect_str_eq(in->code, "CERD");
	cr_expect_str_eq(in->name, "Convention on Racial Discrimination");
	cr_expect_str_eq(in->name_nl, "Verdrag rassendiscriminatie");
	cr_expect_str_eq(in->body, "CERD Committee");
	cr_expect_str_eq(in->lead, "BZK");
	cr_assert_eq(in->ncontributors, 3);
	cr_expect_str_eq(in->contributors[0], "BZ");
	cr_expect_str_eq(in->contributors[1], "JenV");
	cr_expect_str_eq(in->contributors[2], "SZW");
	cr_expect_str_eq(in->scope, "NL AW CW SX");
	cr_expect_str_eq(in->source, "https://undocs.org/CERD/C/NLD/CO/22-24");
	cr_expect_str_eq(in->note, "derived, not confirmed");
	cr_expect_str_eq(in->file, "cerd.ini");
	cr_expect_eq(in->line, SEC(2));
	cr_expect_eq(in->nrules, 9);

	cr_expect_eq(ruleset_find(&rs, "CERD"), in);
	cr_expect_eq(ruleset_find(&rs, "cerd"), in);
	cr_expect_null(ruleset_find(&rs, "CEDAW"));
	cr_expect(instrument_involves(in, "BZK"));
	cr_expect(instrument_involves(in, "jenv"));
	cr_expect(instrument_involves(in, "SZW"));
	cr_expect(!instrument_involves(in, "OCW"));
	cr_expect_null(instrument_rule(in, "nothing"));
	ruleset_free(&rs);
	cr_expect_eq(rs.n, 0);
	cr_expect_null(rs.v);
}

Test(rules_valid, grid_fields)
{
	struct ruleset		 rs;
	const struct rule	*r;

	ruleset_init(&rs);
	load_ok(&rs, "cerd.ini", full_text);
	r = instrument_rule(&rs.v[0], "report");
	cr_assert_not_null(r);
	cr_expect_eq(r->type, RULE_GRID);
	cr_expect_str_eq(r->label, "Periodic report");
	cr_expect_str_eq(r->label_nl, "Periodieke rapportage");
	cr_expect(r->has_anchor);
	cr_expect_str_eq(r->anchor.fact, "entry_into_force");
	cr_expect_eq(r->anchor.date, DATE_NONE);
	cr_expect_eq(r->anchor.sign, 1);
	expect_dur(&r->anchor.dur, 1, 0, 0, 0, "base");
	expect_dur(&r->period, 2, 0, 0, 0, "period");
	cr_expect_eq(r->first, 3);
	cr_expect(r->has_not_before);
	cr_expect_str_eq(r->not_before.fact, "co_adopted");
	cr_expect_eq(r->not_before.sign, 1);
	expect_dur(&r->not_before.dur, 3, 0, 0, 0, "not_before");
	expect_dur(&r->recheck, 0, 6, 0, 0, "recheck");
	cr_expect(!r->has_expect);
	cr_expect_null(r->rrule);
	cr_expect_eq(r->voluntary, 0);
	cr_expect_str_eq(r->fulfilled_by, "");
	cr_expect_str_eq(r->file, "cerd.ini");
	cr_expect_eq(r->line, SEC(13));

	r = instrument_rule(&rs.v[0], "old_grid");
	cr_assert_not_null(r);
	cr_expect_eq(r->type, RULE_GRID);
	cr_expect_str_eq(r->anchor.fact, "");
	cr_expect_eq(r->anchor.date, ymd(2006, 6, 1));
	expect_dur(&r->anchor.dur, 0, 0, 0, 0, "literal base");
	expect_dur(&r->period, 5, 0, 0, 0, "period");
	cr_expect_eq(r->first, 1, "first defaults to 1");
	expect_dur(&r->recheck, 0, 3, 0, 0, "recheck defaults to P3M");
	cr_expect(!r->has_not_before);
	cr_expect_null(r->label);
	cr_expect_null(r->label_nl);
	ruleset_free(&rs);
}

Test(rules_valid, offset_and_on_event_fields)
{
	struct ruleset		 rs;
	const struct rule	*r;

	ruleset_init(&rs);
	load_ok(&rs, "cerd.ini", full_text);

	r = instrument_rule(&rs.v[0], "followup");
	cr_assert_not_null(r);
	cr_expect_eq(r->type, RULE_OFFSET);
	cr_expect(r->has_anchor);
	cr_expect_str_eq(r->anchor.fact, "co_adopted");
	cr_expect_eq(r->anchor.sign, 1);
	expect_dur(&r->anchor.dur, 1, 0, 0, 0, "followup anchor");
	cr_expect_eq(r->voluntary, 0);
	cr_expect_eq(r->next_cycle, 0, "cycle = same by default");
	cr_expect_eq(r->line, SEC(23));

	r = instrument_rule(&rs.v[0], "written_replies");
	cr_assert_not_null(r);
	cr_expect_eq(r->type, RULE_OFFSET);
	cr_expect_str_eq(r->anchor.fact, "dialogue");
	cr_expect_eq(r->anchor.sign, -1, "\"dialogue - P12W\" counts back");
	expect_dur(&r->anchor.dur, 0, 0, 12, 0, "dialogue - P12W");
	cr_expect_str_eq(r->fulfilled_by, "report_submitted");
	cr_expect_eq(r->voluntary, 1);

	r = instrument_rule(&rs.v[0], "loipr_reply");
	cr_assert_not_null(r);
	cr_expect_eq(r->type, RULE_ON_EVENT);
	cr_expect_str_eq(r->anchor.fact, "loipr_received");
	expect_dur(&r->anchor.dur, 1, 0, 0, 0, "loipr anchor");
	cr_expect(r->has_expect);
	cr_expect_str_eq(r->expect.fact, "co_adopted");
	cr_expect_eq(r->expect.sign, 1);
	expect_dur(&r->expect.dur, 7, 0, 0, 0, "expect");
	cr_expect_eq(r->voluntary, 0);
	cr_expect_eq(r->next_cycle, 1, "cycle = next");
	ruleset_free(&rs);
}

Test(rules_valid, yearly_and_milestone_fields)
{
	struct ruleset		 rs;
	const struct rule	*r;

	ruleset_init(&rs);
	load_ok(&rs, "cerd.ini", full_text);

	r = instrument_rule(&rs.v[0], "annual_letter");
	cr_assert_not_null(r);
	cr_expect_eq(r->type, RULE_YEARLY);
	cr_expect_str_eq(r->rrule, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=16");
	cr_expect_eq(r->start, ymd(2026, 2, 16));
	cr_expect_eq(r->voluntary, 1, "\"true\" is yes");
	cr_expect(!r->has_anchor);

	r = instrument_rule(&rs.v[0], "consultation");
	cr_assert_not_null(r);
	cr_expect_eq(r->type, RULE_MILESTONE);
	cr_expect_str_eq(r->before, "report");
	expect_dur(&r->offset, 0, 6, 0, 0, "milestone offset");
	cr_expect_str_eq(r->owner, "lead");
	cr_expect_str_eq(r->fulfilled_by, "consultation_held");
	cr_expect_str_eq(r->label, "Civil-society consultation round");
	cr_expect_str_eq(r->label_nl, "Consultatieronde");
	cr_expect_eq(r->line, SEC(50));

	r = instrument_rule(&rs.v[0], "kickoff");
	cr_assert_not_null(r);
	cr_expect_eq(r->type, RULE_MILESTONE);
	cr_expect_str_eq(r->before, "later_rule");
	expect_dur(&r->offset, 1, 2, 3, 4, "P1Y2M3W4D");
	cr_expect_str_eq(r->owner, "JenV");
	cr_expect_str_eq(r->fulfilled_by, "");
	ruleset_free(&rs);
}

/* One small valid file per rule type, each on its own. */
Test(rules_valid, each_type_alone)
{
	static const struct {
		const char	*text;
		enum rule_type	 type;
	} t[] = {
		{ INST "[rule followup]\ntype = offset\n"
		    "anchor = co_adopted + P2Y\n", RULE_OFFSET },
		{ INST "[rule loipr_reply]\ntype = on_event\n"
		    "anchor = loipr_received + P1Y\n", RULE_ON_EVENT },
		{ INST "[rule report]\ntype = grid\nbase = 2006-06-01\n"
		    "period = P5Y\n", RULE_GRID },
		{ INST "[rule annual_letter]\ntype = yearly\n"
		    "rrule = FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=16\n"
		    "start = 2026-02-16\n", RULE_YEARLY },
		{ INST "[rule report]\ntype = offset\n"
		    "anchor = co_adopted + P4Y\n[milestone draft]\n"
		    "before = report\n", RULE_MILESTONE },
	};

	for (size_t i = 0; i < NELEM(t); i++) {
		struct ruleset	 rs;
		const struct rule *last;

		ruleset_init(&rs);
		load_ok(&rs, "t.ini", t[i].text);
		cr_assert_eq(rs.n, 1);
		cr_assert_geq(rs.v[0].nrules, 1);
		last = &rs.v[0].rules[rs.v[0].nrules - 1];
		cr_expect_eq(last->type, t[i].type, "case %zu: type %s", i,
		    rules_type_name(last->type));
		ruleset_free(&rs);
	}
}

/* A repeated key is reported and the first value is kept. */
Test(rules_valid, first_value_of_a_repeated_key_holds)
{
	struct ruleset		 rs;
	struct diag		 dg;
	const struct rule	*r;

	ruleset_init(&rs);
	diag_init(&dg);
	ruletext_load(&rs, &dg, "a.ini", INST
	    "[rule report]\n"			/* 5 */
	    "type = grid\n"			/* 6 */
	    "base = 2006-06-01\n"		/* 7 */
	    "period = P5Y\n"			/* 8 */
	    "period = P4Y\n");			/* 9 */
	cr_expect_eq(dg.n, 1, "got:\n%s", ruletext_dump(&dg));
	r = instrument_rule(&rs.v[0], "report");
	cr_assert_not_null(r);
	expect_dur(&r->period, 5, 0, 0, 0, "the first period");
	ruleset_free(&rs);
	diag_clear(&dg);
}

Test(rules_valid, two_files)
{
	struct ruleset	 rs;

	ruleset_init(&rs);
	load_ok(&rs, "a.ini", INST "[rule followup]\ntype = offset\n"
	    "anchor = co_adopted + P2Y\n");
	load_ok(&rs, "b.ini", "[instrument]\ncode = OTHER_2\nname = Other\n"
	    "body = Other committee\nlead = OCW\n");
	cr_assert_eq(rs.n, 2);
	cr_expect_eq(rs.nfiles, 2);
	cr_expect_str_eq(rs.v[0].file, "a.ini");
	cr_expect_str_eq(rs.v[1].file, "b.ini");
	cr_expect_str_eq(rs.v[0].rules[0].file, "a.ini");
	cr_expect_eq(ruleset_find(&rs, "other_2"), &rs.v[1]);
	cr_expect_eq(rs.v[1].nrules, 0);
	cr_expect_str_eq(rs.v[0].lead, "", "lead empty when unknown");
	cr_expect(!instrument_involves(&rs.v[0], "OCW"));
	cr_expect(instrument_involves(&rs.v[1], "OCW"));
	ruleset_free(&rs);
}

/*
 * A file of a later layer replaces the instrument of the same code (in
 * any case, whatever the file is called) from an earlier one and says
 * which it replaced; the others stay; the same code twice in one layer
 * is still an error.
 */
Test(rules_valid, later_layer_overrides_by_code)
{
	struct ruleset		 rs;
	struct diag		 dg;
	const struct instrument	*in;

	ruleset_init(&rs);
	diag_init(&dg);
	ruletext_load(&rs, &dg, "base/a.ini", INST "lead = BZK\n");
	ruletext_load(&rs, &dg, "base/b.ini", "[instrument]\ncode = OTHER\n"
	    "name = Other\nbody = Other committee\n");
	ruleset_begin_layer(&rs);
	ruletext_load(&rs, &dg, "mid/zz.ini", "[instrument]\ncode = test\n"
	    "name = Middle\nbody = Committee\n");
	ruleset_begin_layer(&rs);
	ruletext_load(&rs, &dg, "etc/local.ini", "[instrument]\ncode = Test\n"
	    "name = Local\nbody = Committee\nlead = OCW\n"
	    "[rule report]\ntype = offset\nanchor = co_adopted + P4Y\n");
	cr_assert_eq(ruleset_finish(&rs, &dg), 0, "diagnostics:\n%s",
	    ruletext_dump(&dg));
	cr_assert_eq(rs.n, 2, "%zu instruments", rs.n);
	cr_assert_not_null(in = ruleset_find(&rs, "TEST"));
	cr_expect_str_eq(in->name, "Local");
	cr_expect_str_eq(in->lead, "OCW");
	cr_expect_str_eq(in->file, "etc/local.ini");
	cr_expect_str_eq(in->rules[0].file, "etc/local.ini");
	cr_assert_not_null(in->overrides);
	cr_expect_str_eq(in->overrides, "mid/zz.ini");
	cr_expect_eq(in->overrides_line, SEC(1));
	cr_assert_not_null(in = ruleset_find(&rs, "OTHER"));
	cr_expect_null(in->overrides);
	cr_expect_str_eq(in->file, "base/b.ini");
	ruleset_free(&rs);
	diag_clear(&dg);

	/* Twice in the top layer: an error at the second, naming the first. */
	ruleset_init(&rs);
	diag_init(&dg);
	ruletext_load(&rs, &dg, "base/a.ini", INST);
	ruleset_begin_layer(&rs);
	ruletext_load(&rs, &dg, "etc/a.ini", INST);
	ruletext_load(&rs, &dg, "etc/b.ini", INST);
	cr_assert_eq(ruleset_finish(&rs, &dg), 1, "diagnostics:\n%s",
	    ruletext_dump(&dg));
	cr_expect(strstr(dg.msgs[0], "etc/b.ini:") == dg.msgs[0] &&
	    strstr(dg.msgs[0], "instrument TEST is already defined in "
	    "etc/a.ini:") != NULL, "%s", dg.msgs[0]);
	ruleset_free(&rs);
	diag_clear(&dg);
}

Test(rules_api, anchors)
{
	static const struct {
		const char	*s;
		const char	*fact;
		const char	*date;		/* NULL: DATE_NONE */
		int		 sign;
		struct duration	 dur;
	} ok[] = {
		{ "co_adopted + P2Y", "co_adopted", NULL, 1, { 2, 0, 0, 0 } },
		{ "dialogue - P12W", "dialogue", NULL, -1, { 0, 0, 12, 0 } },
		{ "entry_into_force+P1Y", "entry_into_force", NULL, 1,
		    { 1, 0, 0, 0 } },
		{ "loipr_received", "loipr_received", NULL, 1, { 0, 0, 0, 0 } },
		{ "2006-06-01", "", "2006-06-01", 1, { 0, 0, 0, 0 } },
		{ "2006-06-01 - P1M2D", "", "2006-06-01", -1, { 0, 1, 0, 2 } },
		{ "2006-06-01+P18M", "", "2006-06-01", 1, { 0, 18, 0, 0 } },
	};
	static const char *const bad[] = {
		"", "+ P2Y", "co_adopted +", "co_adopted + 2Y", "adopted + P2Y",
		"co_adopted ~ P2Y", "2006-13-01", "2006-6-1 + P1Y",
		"co_adopted + P1Y junk",
	};

	for (size_t i = 0; i < NELEM(ok); i++) {
		struct anchor	 a;
		char		*cause = NULL;
		int		 want_date = DATE_NONE;

		if (ok[i].date != NULL)
			cr_assert_eq(date_parse(ok[i].date, &want_date, &cause), 0);
		cr_expect_eq(rules_parse_anchor(ok[i].s, &a, &cause), 0,
		    "\"%s\": %s", ok[i].s, cause ? cause : "");
		cr_expect_str_eq(a.fact, ok[i].fact, "\"%s\"", ok[i].s);
		cr_expect_eq(a.date, want_date, "\"%s\"", ok[i].s);
		cr_expect_eq(a.sign, ok[i].sign, "\"%s\"", ok[i].s);
		expect_dur(&a.dur, ok[i].dur.years, ok[i].dur.months,
		    ok[i].dur.weeks, ok[i].dur.days, ok[i].s);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		struct anchor	 a;
		char		*cause = NULL;

		cr_expect_eq(rules_parse_anchor(bad[i], &a, &cause), -1,
		    "\"%s\" should be rejected", bad[i]);
		cr_expect_not_null(cause, "\"%s\": no cause", bad[i]);
		free(cause);
	}
}

Test(rules_api, fact_kinds_and_defaults)
{
	static const char *const kinds[] = {
		"entry_into_force", "report_submitted", "loipr_received",
		"loi_received", "dialogue", "co_adopted", "followup_submitted",
		"due_date_set", "date_pending", "postponed", "consultation_held",
		"milestone_done", "meeting_held", "letter_sent",
		"replies_submitted", "records_from", "planned",
	};
	static const struct {
		const char	*kind;
		const char	*fact;
	} def[] = {
		{ "report", "report_submitted" },
		{ "loipr_reply", "report_submitted" },
		{ "initial_report", "report_submitted" },
		{ "national_report", "report_submitted" },
		{ "followup", "followup_submitted" },
		{ "interim", "followup_submitted" },
		{ "midterm", "followup_submitted" },
		{ "annual_letter", "letter_sent" },
		{ "network_meeting", "meeting_held" },
		{ "consultation", "consultation_held" },
		{ "kickoff", "milestone_done" },
	};
	const char *const *list = rules_fact_kinds();
	size_t		 n;

	for (n = 0; list[n] != NULL; n++)
		;
	cr_expect_eq(n, NELEM(kinds));
	for (size_t i = 0; i < NELEM(kinds); i++) {
		cr_expect(rules_fact_kind_valid(kinds[i]), "%s", kinds[i]);
		if (i < n)
			cr_expect_str_eq(list[i], kinds[i]);
	}
	cr_expect(!rules_fact_kind_valid("report"));
	cr_expect(!rules_fact_kind_valid("CO_ADOPTED"));
	cr_expect(!rules_fact_kind_valid(""));
	for (size_t i = 0; i < NELEM(def); i++)
		cr_expect_str_eq(rules_default_fulfilled_by(def[i].kind),
		    def[i].fact, "default for %s", def[i].kind);
	cr_expect_str_eq(rules_type_name(RULE_UNSET), "unset");
	cr_expect_str_eq(rules_type_name(RULE_OFFSET), "offset");
	cr_expect_str_eq(rules_type_name(RULE_ON_EVENT), "on_event");
	cr_expect_str_eq(rules_type_name(RULE_GRID), "grid");
	cr_expect_str_eq(rules_type_name(RULE_YEARLY), "yearly");
	cr_expect_str_eq(rules_type_name(RULE_MILESTONE), "milestone");
}

Test(rules_api, valid_edges)
{
	struct ruleset	 rs;

	/* 15-character code, 31-character rule name, voluntary = 1/0. */
	ruleset_init(&rs);
	load_ok(&rs, "e.ini",
	    "[instrument]\n"
	    "code = ABCDEFGHIJKLMN1\n"
	    "name = Edge\n"
	    "body = Body\n"
	    "scope = NL,SX\n"
	    "[rule a234567890123456789012345678901]\n"
	    "type = offset\n"
	    "anchor = co_adopted + P1D\n"
	    "voluntary = 1\n"
	    "[rule b]\n"
	    "type = offset\n"
	    "anchor = co_adopted + P1D\n"
	    "voluntary = false\n"
	    "[rule c]\n"
	    "type = offset\n"
	    "anchor = co_adopted + P1D\n"
	    "voluntary = no\n"
	    "cycle = same\n");
	cr_expect_str_eq(rs.v[0].code, "ABCDEFGHIJKLMN1");
	cr_expect_str_eq(rs.v[0].scope, "NL,SX");
	cr_assert_eq(rs.v[0].nrules, 3);
	cr_expect_str_eq(rs.v[0].rules[0].name,
	    "a234567890123456789012345678901");
	cr_expect_eq(rs.v[0].rules[0].voluntary, 1);
	cr_expect_eq(rs.v[0].rules[1].voluntary, 0);
	cr_expect_eq(rs.v[0].rules[2].voluntary, 0);
	cr_expect_eq(rs.v[0].rules[2].next_cycle, 0);
	ruleset_free(&rs);
}
