/*
 * The meeting agenda (agenda.c) and the year in review (review.c): a
 * fixed ruleset and fixed facts run through the engine at a fixed today,
 * rendered in every format and language and compared byte for byte with
 * tests/data/golden/ (found under $top_srcdir, default ".."). The HTML
 * golden files hold an empty <style> element: the comparison takes the
 * stylesheet out, and agenda_golden::stylesheet tests it once.
 *
 * To regenerate the golden files after an intended change, run with
 * TREATYD_UPDATE_GOLDEN=1: the files are then written instead of
 * compared. Read the diff before committing them.
 *
 * Smaller datasets check the empty agenda, an agenda of overdue items
 * only (the overdue item, the flag for a cycle without a consultation
 * round) and escaping.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "agenda.h"
#include "date.h"
#include "diag.h"
#include "engine.h"
#include "fact.h"
#include "review.h"
#include "rules.h"
#include "ruletext.h"
#include "text.h"
#include "xmalloc.h"
#include "testutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_FACTS	32

/* ---- Instrument files ---- */

#define MS_KICKOFF(t) \
	"[milestone kickoff]\n" \
	"before = " t "\n" \
	"offset = P12M\n" \
	"label = Kick-off in the network of coordinators\n" \
	"label_nl = Aftrap in het netwerk van coördinatoren\n" \
	"owner = lead\n"
#define MS_CARIB(t) \
	"[milestone caribbean_input]\n" \
	"before = " t "\n" \
	"offset = P7M\n" \
	"label = Input due from Aruba, Curaçao and Sint Maarten\n" \
	"label_nl = Input Aruba, Curaçao en Sint Maarten binnen\n" \
	"owner = BZ\n"
#define MS_DRAFT(t) \
	"[milestone first_draft]\n" \
	"before = " t "\n" \
	"offset = P6M\n" \
	"label = First draft ready\n" \
	"label_nl = Eerste concept gereed\n" \
	"owner = lead\n"
#define MS_CONSULT(t) \
	"[milestone consultation]\n" \
	"before = " t "\n" \
	"offset = P5M\n" \
	"label = Civil-society consultation round\n" \
	"label_nl = Consultatieronde maatschappelijk middenveld\n" \
	"owner = lead\n" \
	"fulfilled_by = consultation_held\n"
#define MS_CABINET(t) \
	"[milestone cabinet_approval]\n" \
	"before = " t "\n" \
	"offset = P2M\n" \
	"label = Cabinet approval (ministerraad)\n" \
	"label_nl = Besluitvorming in de ministerraad\n" \
	"owner = lead\n"

#define REPORT_AFTER_CO(dur) \
	"[rule report]\n" \
	"type = offset\n" \
	"label = Periodic report\n" \
	"label_nl = Periodieke rapportage\n" \
	"anchor = co_adopted + " dur "\n" \
	"cycle = next\n"
#define FOLLOWUP_AFTER_CO(dur) \
	"[rule followup]\n" \
	"type = offset\n" \
	"label = Follow-up information\n" \
	"label_nl = Follow-upinformatie\n" \
	"anchor = co_adopted + " dur "\n"

static const char cedaw_ini[] =
	"[instrument]\n"
	"code = CEDAW\n"
	"name = Convention on the Elimination of All Forms of Discrimination "
	"against Women\n"
	"name_nl = Verdrag inzake de uitbanning van alle vormen van "
	"discriminatie van vrouwen\n"
	"body = Committee on the Elimination of Discrimination against Women\n"
	"lead = OCW\n"
	"contributors = BZ\n"
	REPORT_AFTER_CO("P4Y")
	FOLLOWUP_AFTER_CO("P2Y")
	MS_KICKOFF("report") MS_CARIB("report") MS_CONSULT("report")
	MS_CABINET("report");

/* No consultation milestone: the agenda flags the cycle. */
static const char cat_ini[] =
	"[instrument]\n"
	"code = CAT\n"
	"name = Convention against Torture\n"
	"name_nl = Verdrag tegen foltering\n"
	"body = Committee against Torture\n"
	"lead = JenV\n"
	"contributors = BZ VWS\n"
	REPORT_AFTER_CO("P4Y")
	FOLLOWUP_AFTER_CO("P1Y")
	MS_KICKOFF("report") MS_CARIB("report");

static const char fcnm_ini[] =
	"[instrument]\n"
	"code = FCNM\n"
	"name = Framework Convention for the Protection of National "
	"Minorities\n"
	"name_nl = Kaderverdrag inzake de bescherming van nationale "
	"minderheden\n"
	"body = Advisory Committee on the FCNM\n"
	"lead = BZK\n"
	"contributors = OCW\n"
	"[rule report]\n"
	"type = grid\n"
	"label = State report\n"
	"label_nl = Statenrapportage\n"
	"base = 2006-06-01\n"
	"period = P5Y\n"
	MS_KICKOFF("report") MS_CONSULT("report");

static const char upr_ini[] =
	"[instrument]\n"
	"code = UPR\n"
	"name = Universal Periodic Review\n"
	"name_nl = Universal Periodic Review van de VN-Mensenrechtenraad\n"
	"body = Human Rights Council, UPR Working Group\n"
	"lead = BZK\n"
	"contributors = BZ\n"
	"[rule national_report]\n"
	"type = offset\n"
	"label = National report\n"
	"label_nl = Nationaal rapport\n"
	"anchor = dialogue + P4Y9M\n"
	"cycle = next\n"
	"[rule midterm]\n"
	"type = offset\n"
	"label = Mid-term report\n"
	"label_nl = Tussentijdse rapportage\n"
	"anchor = dialogue + P2Y\n"
	"voluntary = yes\n"
	MS_KICKOFF("national_report") MS_CARIB("national_report")
	MS_CONSULT("national_report");

static const char crc_ini[] =
	"[instrument]\n"
	"code = CRC\n"
	"name = Convention on the Rights of the Child\n"
	"name_nl = Verdrag inzake de rechten van het kind\n"
	"body = Committee on the Rights of the Child\n"
	"lead = VWS\n"
	"contributors = JenV OCW\n"
	REPORT_AFTER_CO("P5Y")
	MS_KICKOFF("report") MS_CARIB("report") MS_DRAFT("report")
	MS_CONSULT("report");

/* No lead yet; the next report is only expected (tentative). */
static const char ccpr_ini[] =
	"[instrument]\n"
	"code = CCPR\n"
	"name = International Covenant on Civil and Political Rights\n"
	"name_nl = Internationaal Verdrag inzake burgerrechten en politieke "
	"rechten\n"
	"body = Human Rights Committee\n"
	"contributors = BZ\n"
	"[rule report]\n"
	"type = on_event\n"
	"label = Reply to the list of issues\n"
	"label_nl = Antwoorden op de lijst van vragen\n"
	"anchor = loipr_received + P1Y\n"
	"expect = co_adopted + P8Y\n"
	"[milestone kickoff]\n"
	"before = report\n"
	"offset = P12M\n"
	"label = Kick-off in the network of coordinators\n"
	"label_nl = Aftrap in het netwerk van coördinatoren\n"
	"owner = BZK\n";

/* The Committee will communicate the date: a re-check, no guess. */
static const char crpd_ini[] =
	"[instrument]\n"
	"code = CRPD\n"
	"name = Convention on the Rights of Persons with Disabilities\n"
	"name_nl = Verdrag inzake de rechten van personen met een handicap\n"
	"body = Committee on the Rights of Persons with Disabilities\n"
	"lead = VWS\n"
	REPORT_AFTER_CO("P4Y");

static const char letter_ini[] =
	"[instrument]\n"
	"code = LETTER\n"
	"name = Annual cabinet letter on treaty reporting\n"
	"name_nl = Jaarlijkse kabinetsbrief verdragsrapportages\n"
	"body = Tweede Kamer\n"
	"lead = BZK\n"
	"[rule annual_letter]\n"
	"type = yearly\n"
	"label = Annual cabinet letter\n"
	"label_nl = Jaarlijkse kabinetsbrief\n"
	"rrule = FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=16\n"
	"start = 2026-02-16\n";

static const char network_ini[] =
	"[instrument]\n"
	"code = NETWORK\n"
	"name = Annual meeting of the network of coordinators\n"
	"name_nl = Jaarlijkse bijeenkomst netwerk van coördinatoren\n"
	"body = Network of coordinators (chaired by BZK)\n"
	"lead = BZK\n"
	"[rule network_meeting]\n"
	"type = yearly\n"
	"label = Annual meeting of the network of coordinators\n"
	"label_nl = Jaarlijkse bijeenkomst netwerk van coördinatoren\n"
	"rrule = FREQ=YEARLY;BYMONTH=11;BYDAY=2TU\n"
	"start = 2025-11-11\n";

/* ---- Facts ---- */

struct fspec {
	long long	 id;
	const char	*inst;
	const char	*kind;
	const char	*date;
	const char	*cycle;
	const char	*symbol;
	const char	*rule;
	const char	*note;
	long long	 supersedes;
};

static const struct fspec full_facts[] = {
	{ 1, "CEDAW", "co_adopted", "2024-02-20", "7", "CEDAW/C/NLD/CO/7",
	    NULL, NULL, 0 },
	{ 2, "CEDAW", "followup_submitted", "2026-02-18", "7",
	    "CEDAW/C/NLD/FCO/7", NULL, NULL, 0 },
	{ 3, "CAT", "co_adopted", "2018-12-05", "7", "CAT/C/NLD/CO/7", NULL,
	    NULL, 0 },
	{ 4, "CAT", "followup_submitted", "2019-12-02", "7",
	    "CAT/C/NLD/CO/7/Add.1", NULL, NULL, 0 },
	{ 5, "CAT", "report_submitted", "2026-03-10", "8", "CAT/C/NLD/8",
	    NULL, NULL, 0 },
	/* Recorded with the wrong day, then corrected by fact 18. */
	{ 6, "CAT", "dialogue", "2026-07-14", "8", NULL, NULL, NULL, 0 },
	{ 7, "CAT", "co_adopted", "2026-08-01", "8", "CAT/C/NLD/CO/8", NULL,
	    NULL, 0 },
	{ 8, "FCNM", "report_submitted", "2021-05-31", "4",
	    "ACFC/SR/V(2021)004", NULL, NULL, 0 },
	{ 9, "FCNM", "consultation_held", "2026-03-02", "5", NULL, NULL,
	    "Internetconsultatie en gesprek met minderhedenorganisaties", 0 },
	{ 10, "FCNM", "report_submitted", "2026-05-28", "5",
	    "ACFC/SR/VI(2026)001", NULL, NULL, 0 },
	{ 11, "UPR", "dialogue", "2022-11-15", "4", NULL, NULL, NULL, 0 },
	{ 12, "UPR", "followup_submitted", "2024-11-20", NULL, NULL, "midterm",
	    NULL, 0 },
	{ 13, "UPR", "consultation_held", "2026-09-20", "5", NULL, NULL,
	    "Consultatiebijeenkomst met het maatschappelijk middenveld", 0 },
	{ 14, "CRC", "co_adopted", "2021-02-11", "5-6", "CRC/C/NLD/CO/5-6",
	    NULL, NULL, 0 },
	{ 15, "CCPR", "co_adopted", "2019-07-18", "5", "CCPR/C/NLD/CO/5",
	    NULL, NULL, 0 },
	{ 16, "LETTER", "letter_sent", "2026-02-16", NULL,
	    "Kamerstuk 33826-57", NULL, NULL, 0 },
	{ 17, "NETWORK", "meeting_held", "2025-11-11", NULL, NULL, NULL, NULL,
	    0 },
	{ 18, "CAT", "dialogue", "2026-07-15", "8", NULL, NULL, NULL, 6 },
	{ 19, "CRPD", "co_adopted", "2024-08-30", "1", "CRPD/C/NLD/CO/1",
	    NULL, NULL, 0 },
	{ 20, "CRPD", "date_pending", "2024-09-15", "2", NULL, "report",
	    "The Committee will communicate the date of the next review", 0 },
};

/* ---- Departments and coordinators ---- */

static struct department depts[] = {
	{ "BZK", "Ministry of the Interior and Kingdom Relations",
	    "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties" },
	{ "BZ", "Ministry of Foreign Affairs",
	    "Ministerie van Buitenlandse Zaken" },
	{ "JenV", "Ministry of Justice and Security",
	    "Ministerie van Justitie en Veiligheid" },
	{ "OCW", "Ministry of Education, Culture and Science",
	    "Ministerie van Onderwijs, Cultuur en Wetenschap" },
	{ "VWS", "Ministry of Health, Welfare and Sport",
	    "Ministerie van Volksgezondheid, Welzijn en Sport" },
};

static struct assignment as_vries[] = { { "CEDAW", "lead" } };
static struct assignment as_jansen[] = {
	{ "CEDAW", "contributor" }, { "CAT", "contributor" },
	{ "UPR", "contributor" }, { "CCPR", "contributor" }
};
static struct assignment as_bakker[] = {
	{ "CAT", "lead" }, { "CCPR", "lead" }
};
static struct assignment as_amrani[] = {
	{ "UPR", "lead" }, { "FCNM", "lead" }, { "LETTER", "lead" },
	{ "NETWORK", "lead" }
};
static struct assignment as_dijk[] = { { "CRC", "lead" } };

static struct coordinator coords[] = {
	{ 1, "Anna de Vries", "a.devries@example.nl", "OCW", "nl", { 0 }, 0,
	    as_vries, NELEM(as_vries) },
	{ 2, "Bram Jansen", "b.jansen@example.nl", "BZ", "nl", { 0 }, 0,
	    as_jansen, NELEM(as_jansen) },
	{ 3, "Chris Bakker", "c.bakker@example.nl", "JenV", "en", { 0 }, 0,
	    as_bakker, NELEM(as_bakker) },
	{ 4, "Fatima El Amrani", "f.elamrani@example.nl", "BZK", "nl", { 0 },
	    0, as_amrani, NELEM(as_amrani) },
	{ 5, "Gert van Dijk", "g.vandijk@example.nl", "VWS", "nl", { 0 }, 0,
	    as_dijk, NELEM(as_dijk) },
};

/* ---- Helpers ---- */

/* A ruleset, facts and the engine's deadlines at a fixed today. */
struct world {
	struct ruleset		 rs;
	struct fact		 facts[MAX_FACTS];
	size_t			 nfacts;
	struct deadlines	 dl;
	struct text_ctx		 tc;
	int			 today;
};

static void
world_setup(struct world *w, const char *const *files, size_t nfiles,
    const struct fspec *facts, size_t nfacts, const char *today)
{
	struct engine_input	 in;
	struct diag		 dg;

	memset(w, 0, sizeof *w);
	ruleset_init(&w->rs);
	for (size_t i = 0; i < nfiles; i++) {
		char	 name[32];

		snprintf(name, sizeof name, "file%zu.ini", i);
		ruletext_load_ok(&w->rs, name, files[i]);
	}
	diag_init(&dg);
	cr_assert_eq(ruleset_finish(&w->rs, &dg), 0, "%s",
	    dg.n ? dg.msgs[0] : "");
	diag_clear(&dg);
	cr_assert_leq(nfacts, MAX_FACTS);
	for (size_t i = 0; i < nfacts; i++) {
		struct fact		*f = &w->facts[i];
		const struct fspec	*s = &facts[i];

		f->id = s->id;
		snprintf(f->instrument, sizeof f->instrument, "%s", s->inst);
		snprintf(f->kind, sizeof f->kind, "%s", s->kind);
		f->date = tu_day(s->date);
		f->due = DATE_NONE;
		snprintf(f->rule, sizeof f->rule, "%s", s->rule ? s->rule : "");
		snprintf(f->cycle, sizeof f->cycle, "%s", s->cycle ? s->cycle : "");
		f->symbol = xstrdup_or_null(s->symbol);
		f->note = xstrdup_or_null(s->note);
		f->supersedes = s->supersedes;
	}
	w->nfacts = nfacts;
	w->today = tu_day(today);
	memset(&in, 0, sizeof in);
	in.rules = &w->rs;
	in.facts = w->facts;
	in.nfacts = w->nfacts;
	in.today = w->today;
	in.horizon = tu_day("2031-12-31");
	engine_compute(&in, &w->dl);
	w->tc.depts = depts;
	w->tc.ndepts = NELEM(depts);
	w->tc.facts = w->facts;
	w->tc.nfacts = w->nfacts;
	w->tc.coords = coords;
	w->tc.ncoords = NELEM(coords);
}

static void
world_free(struct world *w)
{
	for (size_t i = 0; i < w->nfacts; i++)
		fact_clear(&w->facts[i]);
	deadlines_free(&w->dl);
	ruleset_free(&w->rs);
}

static char *
agenda(const struct world *w, const char *lang, enum agenda_format fmt,
    const char *meeting, const char *previous)
{
	struct agenda_input	 in;
	char			*s;

	memset(&in, 0, sizeof in);
	in.v = w->dl.v;
	in.n = w->dl.n;
	in.facts = w->facts;
	in.nfacts = w->nfacts;
	in.tc = &w->tc;
	in.inst = w->rs.v;
	in.ninst = w->rs.n;
	in.today = w->today;
	in.meeting = tu_day(meeting);
	in.previous = tu_day(previous);
	in.months = 18;
	in.lang = lang;
	in.chair = "BZK";
	s = agenda_render(&in, fmt);
	cr_assert_not_null(s, "agenda_render returned NULL");
	return s;
}

static char *
review(const struct world *w, const char *lang, enum review_format fmt,
    int year)
{
	struct review_input	 in;
	char			*s;

	memset(&in, 0, sizeof in);
	in.v = w->dl.v;
	in.n = w->dl.n;
	in.facts = w->facts;
	in.nfacts = w->nfacts;
	in.tc = &w->tc;
	in.inst = w->rs.v;
	in.ninst = w->rs.n;
	in.year = year;
	in.lang = lang;
	s = review_render(&in, fmt);
	cr_assert_not_null(s, "review_render returned NULL");
	return s;
}

static char *
golden_path(const char *name)
{
	return xasprintf("%s/tests/data/golden/%s", tu_srcdir(), name);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*p = NULL;
	size_t	 cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			p = xreallocarray(p, cap, 1);
		}
		r = fread(p + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
}

static int
count(const char *hay, const char *needle)
{
	int	 n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* The <style> element's text of an HTML document (asserting there is
 * exactly one), as offsets: [*start, *end). */
static void
style_span(const char *doc, size_t *start, size_t *end)
{
	const char	*open = strstr(doc, "<style>"), *close;

	cr_assert_eq(count(doc, "<style"), 1, "not one <style> element");
	cr_assert_eq(count(doc, "</style>"), 1, "not one </style>");
	cr_assert_not_null(open);
	close = strstr(open, "</style>");
	cr_assert_not_null(close, "</style> before <style>");
	*start = (size_t)(open - doc) + strlen("<style>");
	*end = (size_t)(close - doc);
}

/* The document with the stylesheet's text taken out of its <style>
 * element: the golden files hold the markup, the stylesheet is tested
 * once on its own (agenda_golden::stylesheet). */
static char *
without_style(const char *doc)
{
	size_t	 start, end;

	style_span(doc, &start, &end);
	return xasprintf("%.*s%s", (int)start, doc, doc + end);
}

/*
 * Compare got with the golden file byte for byte, HTML without its
 * stylesheet; with TREATYD_UPDATE_GOLDEN=1 write it instead. On a
 * difference, say where.
 */
static void
golden(const char *name, const char *doc)
{
	const char	*upd = getenv("TREATYD_UPDATE_GOLDEN");
	const char	*dot = strrchr(name, '.');
	char		*path = golden_path(name), *want, *stripped = NULL;
	const char	*got = doc;
	size_t		 len, i, line = 1, col = 1;

	if (dot != NULL && strcmp(dot, ".html") == 0)
		got = stripped = without_style(doc);

	if (upd != NULL && strcmp(upd, "1") == 0) {
		FILE	*f = fopen(path, "wb");

		cr_assert_not_null(f, "cannot write %s: %s", path,
		    strerror(errno));
		cr_assert_eq(fwrite(got, 1, strlen(got), f), strlen(got));
		cr_assert_eq(fclose(f), 0);
		free(stripped);
		free(path);
		return;
	}
	want = slurp(path, &len);
	cr_assert_not_null(want, "cannot read %s (set top_srcdir; "
	    "TREATYD_UPDATE_GOLDEN=1 writes it): %s", path, strerror(errno));
	for (i = 0; i < len && got[i] != '\0' && got[i] == want[i]; i++) {
		if (got[i] == '\n') {
			line++;
			col = 0;
		}
		col++;
	}
	if (i < len || got[i] != '\0') {
		const char	*gl = got + i, *wl = want + i;

		while (gl > got && gl[-1] != '\n')
			gl--;
		while (wl > want && wl[-1] != '\n')
			wl--;
		cr_assert_fail("%s differs at line %zu, column %zu\n"
		    "  want: %.*s\n  got:  %.*s\n(TREATYD_UPDATE_GOLDEN=1 "
		    "rewrites the golden files)", path, line, col,
		    (int)strcspn(wl, "\n"), wl, (int)strcspn(gl, "\n"), gl);
	}
	free(want);
	free(stripped);
	free(path);
}

/* The text of one agenda item in Markdown: from its heading to the next. */
static char *
md_item(const char *doc, int nr)
{
	char		 head[16];
	const char	*p, *end;

	snprintf(head, sizeof head, "\n## %d. ", nr);
	p = strstr(doc, head);
	cr_assert_not_null(p, "no item %d in:\n%s", nr, doc);
	p++;
	end = strstr(p + 1, "\n## ");
	if (end == NULL)
		end = p + strlen(p);
	return xasprintf("%.*s", (int)(end - p), p);
}

static const char *const full_files[] = {
	cedaw_ini, cat_ini, fcnm_ini, upr_ini, crc_ini, ccpr_ini, crpd_ini,
	letter_ini, network_ini
};

/* ---- The full dataset: golden files ---- */

static struct world W;

static void
full_setup(void)
{
	world_setup(&W, full_files, NELEM(full_files), full_facts,
	    NELEM(full_facts), "2026-10-01");
}

static void
full_teardown(void)
{
	world_free(&W);
}

TestSuite(agenda_golden, .init = full_setup, .fini = full_teardown);

static void
agenda_golden_one(const char *lang, enum agenda_format fmt, const char *ext)
{
	char	*s = agenda(&W, lang, fmt, "2026-11-10", "2025-11-11");
	char	 name[64];

	snprintf(name, sizeof name, "agenda.%s.%s", lang, ext);
	golden(name, s);
	free(s);
}

static void
review_golden_one(const char *lang, enum review_format fmt, const char *ext)
{
	char	*s = review(&W, lang, fmt, 2026);
	char	 name[64];

	snprintf(name, sizeof name, "review.%s.%s", lang, ext);
	golden(name, s);
	free(s);
}

Test(agenda_golden, nl_md) { agenda_golden_one("nl", AGENDA_MD, "md"); }
Test(agenda_golden, nl_html) { agenda_golden_one("nl", AGENDA_HTML, "html"); }
Test(agenda_golden, nl_text) { agenda_golden_one("nl", AGENDA_TEXT, "txt"); }
Test(agenda_golden, en_md) { agenda_golden_one("en", AGENDA_MD, "md"); }
Test(agenda_golden, en_html) { agenda_golden_one("en", AGENDA_HTML, "html"); }
Test(agenda_golden, en_text) { agenda_golden_one("en", AGENDA_TEXT, "txt"); }
Test(agenda_golden, review_nl_md) { review_golden_one("nl", REVIEW_MD, "md"); }
Test(agenda_golden, review_nl_html)
{
	review_golden_one("nl", REVIEW_HTML, "html");
}
Test(agenda_golden, review_nl_csv)
{
	review_golden_one("nl", REVIEW_CSV, "csv");
}
Test(agenda_golden, review_en_md) { review_golden_one("en", REVIEW_MD, "md"); }
Test(agenda_golden, review_en_html)
{
	review_golden_one("en", REVIEW_HTML, "html");
}
Test(agenda_golden, review_en_csv)
{
	review_golden_one("en", REVIEW_CSV, "csv");
}

/*
 * The stylesheet the golden files leave out, tested once: one <style>
 * element in the <head> of each HTML document, allowed by its
 * Content-Security-Policy, the same in the agenda and the review in both
 * languages, holding the rules the layout and the printout rely on.
 */
Test(agenda_golden, stylesheet)
{
	static const char *const rules[] = {
		":root{--ink:#1b1f24;",			/* the palette */
		"main{max-width:980px;",		/* the column */
		"tr.late td,tr.flag td{background:var(--redbg)}",
		"td strong,p.flag{color:var(--red)}",	/* what is late */
		"@media print{@page{size:A4;margin:15mm}",
		"thead{display:table-header-group}",	/* heads on each page */
	};
	char		*docs[4], *css = NULL;
	size_t		 start, end;

	docs[0] = agenda(&W, "nl", AGENDA_HTML, "2026-11-10", "2025-11-11");
	docs[1] = agenda(&W, "en", AGENDA_HTML, "2026-11-10", "2025-11-11");
	docs[2] = review(&W, "nl", REVIEW_HTML, 2026);
	docs[3] = review(&W, "en", REVIEW_HTML, 2026);
	for (size_t i = 0; i < NELEM(docs); i++) {
		const char	*head_end = strstr(docs[i], "</head>");

		style_span(docs[i], &start, &end);
		cr_expect(head_end != NULL && (size_t)(head_end - docs[i]) > end,
		    "document %zu: the <style> element is not in <head>", i);
		cr_expect(strstr(docs[i], "style-src 'unsafe-inline'") != NULL,
		    "document %zu: the CSP does not allow the stylesheet", i);
		if (css == NULL) {
			css = xasprintf("%.*s", (int)(end - start),
			    docs[i] + start);
			continue;
		}
		cr_expect(end - start == strlen(css) &&
		    strncmp(docs[i] + start, css, end - start) == 0,
		    "document %zu has another stylesheet", i);
	}
	for (size_t i = 0; i < NELEM(rules); i++)
		cr_expect_eq(count(css, rules[i]), 1, "the stylesheet lacks "
		    "\"%s\":\n%s", rules[i], css);
	cr_expect(strchr(css, '<') == NULL, "'<' in the stylesheet");
	free(css);
	for (size_t i = 0; i < NELEM(docs); i++)
		free(docs[i]);
}

/* The golden files say what the brief asks; check the key facts here too. */
Test(agenda_golden, content)
{
	char	*s = agenda(&W, "nl", AGENDA_MD, "2026-11-10", "2025-11-11");
	char	*it;

	cr_expect(strstr(s, "# Conceptagenda jaarlijkse bijeenkomst netwerk "
	    "van coördinatoren mensenrechtenverdragen\n") == s, "%s", s);
	/* Item 2: CEDAW, the UPR and the expected CCPR reply in the window. */
	it = md_item(s, 2);
	cr_expect(strstr(it, "| 20 februari 2028 | CEDAW | Periodieke "
	    "rapportage | 8 | open | afgeleid | OCW |") != NULL, "%s", it);
	cr_expect(strstr(it, "Antwoorden op de lijst van vragen (verwacht)") !=
	    NULL, "%s", it);
	cr_expect(strstr(it, "Anna de Vries (OCW, trekker)") != NULL, "%s", it);
	cr_expect(strstr(it, "- CRPD: Periodieke rapportage (2); opnieuw nagaan "
	    "op 15 december 2026\n") != NULL, "%s", it);
	free(it);
	/* Item 4: the CRC report late by about nine months, first. */
	it = md_item(s, 4);
	cr_expect(strstr(it, "| CRC | Periodieke rapportage | 7 | 11 februari "
	    "2026 | 272 dagen (8 maanden) | VWS |") != NULL, "%s", it);
	free(it);
	/* Item 5: CAT's CO/8 and the follow-up it starts. */
	it = md_item(s, 5);
	cr_expect(strstr(it, "CAT/C/NLD/CO/8") != NULL, "%s", it);
	cr_expect(strstr(it, "Follow-upinformatie (8) uiterlijk 1 augustus "
	    "2027") != NULL, "%s", it);
	cr_expect(strstr(it, "CCPR") == NULL, "an old CO listed: %s", it);
	free(it);
	/* Item 6: held (UPR), planned (CEDAW), missing (CAT). */
	it = md_item(s, 6);
	cr_expect(strstr(it, "gehouden op 20 september 2026") != NULL, "%s", it);
	cr_expect(strstr(it, "| CEDAW | Periodieke rapportage (8) | 20 februari "
	    "2028 | gepland, uiterlijk 20 september 2027 |") != NULL, "%s", it);
	cr_expect(strstr(it, "**gepland uiterlijk 11 september 2025; nog niet "
	    "gehouden**") != NULL, "%s", it);
	cr_expect(strstr(it, "**Ontbreekt: geen consultatieronde gepland of "
	    "gehouden**") != NULL, "%s", it);
	free(it);
	/* Item 8: counts since the previous meeting; the superseded dialogue
	 * fact does not count twice anywhere. */
	it = md_item(s, 8);
	cr_expect(strstr(it, "Rapportages ingediend: 2 (CAT, FCNM)") != NULL,
	    "%s", it);
	cr_expect(strstr(it, "Volgende kabinetsbrief: uiterlijk 16 februari "
	    "2027") != NULL, "%s", it);
	free(it);
	free(s);

	s = review(&W, "en", REVIEW_CSV, 2026);
	cr_expect(strstr(s, "report_submitted,CAT,2026-03-10,2022-12-05,1191,") !=
	    NULL, "%s", s);
	cr_expect(strstr(s, "report_submitted,FCNM,2026-05-28,2026-06-01,0,") !=
	    NULL, "%s", s);
	cr_expect_eq(count(s, "\ndialogue,"), 1, "%s", s);
	cr_expect(strstr(s, "dialogue,CAT,2026-07-15,") != NULL, "%s", s);
	free(s);
}

/* The deadline of an instrument, kind and cycle (as people number it). */
static struct deadline *
find_deadline(struct world *w, const char *code, const char *kind,
    const char *cycle)
{
	for (size_t i = 0; i < w->dl.n; i++)
		if (strcmp(w->dl.v[i].inst->code, code) == 0 &&
		    strcmp(w->dl.v[i].kind, kind) == 0 &&
		    strcmp(w->dl.v[i].cycle, cycle) == 0)
			return &w->dl.v[i];
	cr_assert_fail("no deadline %s %s %s", code, kind, cycle);
	return NULL;
}

/* A planned date next to the body's; met, unknown and planned in words. */
Test(agenda_golden, planned_met_unknown)
{
	struct deadline	*d;
	char		*s, *it;

	/* Item 2: due ahead, with the network's own date. */
	d = find_deadline(&W, "CEDAW", "report", "8");
	d->planned = tu_day("2027-12-01");
	s = agenda(&W, "nl", AGENDA_MD, "2026-11-10", "2025-11-11");
	it = md_item(s, 2);
	cr_expect(strstr(it, "| 20 februari 2028; gepland 1 december 2027 | "
	    "CEDAW | Periodieke rapportage | 8 | open |") != NULL, "%s", it);
	free(it);
	free(s);

	/* The review's next year: each status in words. */
	find_deadline(&W, "UPR", "national_report", "5")->planned =
	    tu_day("2027-07-01");
	d = find_deadline(&W, "CAT", "followup", "8");
	d->status = STATUS_MET;
	d->met_on = tu_day("2027-08-23");
	find_deadline(&W, "NETWORK", "network_meeting",
	    "2027")->status =
	    STATUS_UNKNOWN;
	s = review(&W, "nl", REVIEW_MD, 2026);
	cr_expect(strstr(s, "| 1 augustus 2027 | CAT | Follow-upinformatie (8) | "
	    "voldaan op 23 augustus 2027, 22 dagen te laat | afgeleid |") !=
	    NULL, "%s", s);
	cr_expect(strstr(s, "| UPR | Nationaal rapport (5) | open; gepland 1 "
	    "juli 2027 |") != NULL, "%s", s);
	cr_expect(strstr(s, "| onbekend \xE2\x80\x94 niet vast te stellen uit "
	    "de vastgelegde gegevens |") != NULL, "%s", s);
	free(s);
	s = review(&W, "en", REVIEW_HTML, 2026);
	cr_expect(strstr(s, "met on 23 August 2027, 22 days late") != NULL, "%s",
	    s);
	free(s);
}

/* Time boxes: the overview's total is the sum of the items. */
Test(agenda_golden, time_boxes)
{
	char	*s = agenda(&W, "en", AGENDA_MD, "2026-11-10", NULL);
	char	*p = strstr(s, "**Total time:** ");
	int	 total, sum = 0, m;

	cr_assert_not_null(p, "%s", s);
	cr_assert_eq(sscanf(p, "**Total time:** %d min", &total), 1);
	for (int i = 1; i <= 9; i++) {
		char	 row[16];
		char	*r;

		snprintf(row, sizeof row, "\n| %d | ", i);
		r = strstr(s, row);
		cr_assert_not_null(r, "no overview row %d", i);
		r = strchr(r + 1, '\n');
		cr_assert_not_null(r);
		while (r[-1] != '|' || r[-2] != ' ')
			r--;
		r -= 2;
		while (r[-1] != '|')
			r--;
		cr_assert_eq(sscanf(r, " %d min", &m), 1, "row %d", i);
		sum += m;
	}
	cr_expect_eq(sum, total, "items add up to %d, total says %d", sum, total);
	/* previous = DATE_NONE: one year before the meeting. */
	cr_expect(strstr(s, "**Previous meeting:** 10 November 2025") != NULL,
	    "%s", s);
	free(s);
}

/* ---- The empty dataset ---- */

Test(agenda_empty, every_section_says_none)
{
	struct world	 w;
	char		*s;

	world_setup(&w, NULL, 0, NULL, 0, "2026-10-01");
	s = agenda(&w, "nl", AGENDA_MD, "2026-11-10", NULL);
	/* Items 2 to 7 are empty; 8 still has its counts. */
	cr_expect_eq(count(s, "\nGeen.\n"), 6, "%s", s);
	cr_expect(strstr(s, "**Totale tijd:** 20 min") != NULL, "%s", s);
	cr_expect(strstr(s, "Rapportages ingediend: 0") != NULL, "%s", s);
	cr_expect(strstr(s, "Volgende kabinetsbrief: geen termijn berekend") !=
	    NULL, "%s", s);
	free(s);
	s = agenda(&w, "en", AGENDA_TEXT, "2026-11-10", NULL);
	cr_expect_eq(count(s, "\nNone.\n"), 6, "%s", s);
	cr_expect(strstr(s, "1. Opening and adoption of the agenda (5 min)\n") !=
	    NULL, "%s", s);
	free(s);
	s = agenda(&w, "en", AGENDA_HTML, "2026-11-10", NULL);
	cr_expect(strncmp(s, "<!DOCTYPE html>\n", 16) == 0);
	cr_expect(strstr(s, "</html>\n") != NULL && s[strlen(s) - 1] == '\n');
	cr_expect_eq(count(s, "<p>None.</p>"), 6, "%s", s);
	free(s);
	s = review(&w, "nl", REVIEW_CSV, 2026);
	cr_expect_str_eq(s, "section,instrument,date,due,days_late,what,"
	    "symbol,paragraph,lead\r\n");
	free(s);
	s = review(&w, "en", REVIEW_MD, 2026);
	cr_expect_eq(count(s, "\nNone.\n"), 6, "%s", s);
	free(s);
	world_free(&w);
}

/* ---- Only overdue items ---- */

static const char late_ini[] =
	"[instrument]\n"
	"code = CRPD\n"
	"name = Convention on the Rights of Persons with Disabilities\n"
	"name_nl = Verdrag inzake de rechten van personen met een handicap\n"
	"body = Committee on the Rights of Persons with Disabilities\n"
	"lead = VWS\n"
	REPORT_AFTER_CO("P4Y")
	FOLLOWUP_AFTER_CO("P1Y")
	MS_KICKOFF("report") MS_CARIB("report");

static const struct fspec late_facts[] = {
	{ 1, "CRPD", "co_adopted", "2021-09-01", "1", "CRPD/C/NLD/CO/1", NULL,
	    NULL, 0 },
};

Test(agenda_overdue, listed_and_flagged)
{
	const char *const files[] = { late_ini };
	struct world	 w;
	char		*s, *it;

	/* Report due 2025-09-01, follow-up 2022-09-01: both late. */
	world_setup(&w, files, 1, late_facts, NELEM(late_facts), "2026-03-01");
	s = agenda(&w, "nl", AGENDA_MD, "2026-03-10", "2025-03-11");
	it = md_item(s, 4);
	cr_expect(strstr(it, "### Rapportages\n") != NULL, "%s", it);
	cr_expect(strstr(it, "| CRPD | Periodieke rapportage | 2 | 1 september "
	    "2025 | 190 dagen (6 maanden) | VWS |") != NULL, "%s", it);
	cr_expect(strstr(it, "### Follow-upinformatie\n") != NULL, "%s", it);
	cr_expect(strstr(it, "| CRPD | Follow-upinformatie | 1 | 1 september "
	    "2022 | 1286 dagen (3 jaar) | VWS |") != NULL, "%s", it);
	/* Reports before follow-up, milestones last. */
	cr_expect(strstr(it, "### Rapportages") < strstr(it,
	    "### Follow-upinformatie"));
	cr_expect(strstr(it, "### Follow-upinformatie") < strstr(it,
	    "### Interne mijlpalen (per verdrag)"));
	cr_expect(strstr(it, "| CRPD | 2 | Aftrap in het netwerk van "
	    "coördinatoren; voor Periodieke rapportage (2) |") != NULL, "%s", it);
	free(it);
	it = md_item(s, 6);
	cr_expect(strstr(it, "**Ontbreekt: geen consultatieronde gepland of "
	    "gehouden**") != NULL, "%s", it);
	cr_expect(strstr(it, "**Cyclus zonder consultatieronde: CRPD, Periodieke "
	    "rapportage (2).") != NULL, "%s", it);
	free(it);
	it = md_item(s, 7);
	cr_expect(strstr(it, "| te laat: 403 dagen (13 maanden) | BZ |") !=
	    NULL, "%s", it);
	free(it);
	/* Nothing due ahead: items 2 and 3 say so. */
	it = md_item(s, 2);
	cr_expect(strstr(it, "\nGeen.\n") != NULL, "%s", it);
	free(it);
	free(s);


	s = agenda(&w, "en", AGENDA_TEXT, "2026-03-10", "2025-03-11");
	cr_expect(strstr(s, "Missing: no consultation round planned or held") !=
	    NULL, "%s", s);
	cr_expect(strstr(s, "- CRPD \xC2\xB7 Periodic report \xC2\xB7 cycle: 2 "
	    "\xC2\xB7 due: 1 September 2025 \xC2\xB7 late by: 190 days "
	    "(6 months) \xC2\xB7 lead: VWS\n") != NULL, "%s", s);
	free(s);
	s = agenda(&w, "en", AGENDA_HTML, "2026-03-10", "2025-03-11");
	cr_expect(strstr(s, "<tr class=\"flag\">") != NULL, "%s", s);
	cr_expect(strstr(s, "<td><strong>Missing: no consultation round planned "
	    "or held</strong></td>") != NULL, "%s", s);
	free(s);
	/* A late report the network plans to send: both dates. */
	find_deadline(&w, "CRPD", "report", "2")->planned = tu_day("2026-10-01");
	s = agenda(&w, "nl", AGENDA_MD, "2026-03-10", "2025-03-11");
	it = md_item(s, 4);
	cr_expect(strstr(it, "| CRPD | Periodieke rapportage | 2 | 1 september "
	    "2025; gepland 1 oktober 2026 | 190 dagen (6 maanden) | VWS |") !=
	    NULL, "%s", it);
	free(it);
	free(s);
	world_free(&w);
}

/* ---- Escaping ---- */

static const char evil_ini[] =
	"[instrument]\n"
	"code = EVIL\n"
	"name = <script>alert('x')</script> | & co\n"
	"body = Body *bold* _it_\n"
	"lead = BZK\n"
	REPORT_AFTER_CO("P1Y");

static const struct fspec evil_facts[] = {
	{ 1, "EVIL", "co_adopted", "2026-06-01", "1", "EVIL/\"C\",1 <b>", NULL,
	    NULL, 0 },
};

Test(agenda_escape, html_md_csv)
{
	const char *const files[] = { evil_ini };
	struct world	 w;
	char		*s;

	world_setup(&w, files, 1, evil_facts, NELEM(evil_facts), "2026-10-01");
	s = agenda(&w, "en", AGENDA_HTML, "2026-11-10", NULL);
	cr_expect(strstr(s, "<script>") == NULL, "%s", s);
	cr_expect(strstr(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | "
	    "&amp; co") != NULL, "%s", s);
	cr_expect(strstr(s, "EVIL/&quot;C&quot;,1 &lt;b&gt;") != NULL, "%s", s);
	free(s);
	s = agenda(&w, "en", AGENDA_MD, "2026-11-10", NULL);
	cr_expect(strstr(s, "\\<script\\>alert('x')\\</script\\> \\| & co") !=
	    NULL, "%s", s);
	cr_expect(strstr(s, "Body \\*bold\\* \\_it\\_") != NULL, "%s", s);
	cr_expect(strstr(s, "EVIL/\"C\",1 \\<b\\>") != NULL, "%s", s);
	free(s);
	s = review(&w, "en", REVIEW_CSV, 2026);
	cr_expect(strstr(s, "\r\nco_adopted,EVIL,2026-06-01,,,Concluding "
	    "observations (1),\"EVIL/\"\"C\"\",1 <b>\",,BZK\r\n") != NULL,
	    "%s", s);
	free(s);
	world_free(&w);
}
