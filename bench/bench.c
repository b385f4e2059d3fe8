/*
 * treatyd benchmarks: the deadline engine, feed rendering and the
 * overview page on the shipped Netherlands data, each reported as a
 * ratio to a reference run made in the same invocation (the engine on
 * the seed facts), so results compare across machines.
 *
 * usage: bench TOP_SRCDIR [ROUNDS]
 *        bench synth CONF [ROUNDS]
 *
 * The second form runs on an installation bench/gen.py generated (its
 * database already holding the facts) and prints the engine's full
 * recompute (with warm caches, and with caches emptied before each
 * round), a refresh with nothing new, a refresh after one new fact and
 * the peak RSS, one "name value" line each, for bench/run.sh.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "conf.h"
#include "date.h"
#include "diag.h"
#include "engine.h"
#include "fact.h"
#include "ical.h"
#include "inifile.h"
#include "page.h"
#include "service.h"
#include "store.h"
#include "text.h"
#include "xmalloc.h"

struct seed {
	struct fact	*v;
	size_t		 n;
	char		 section[128];
};

static void
seed_key(void *arg, int line, const char *section, const char *key,
    const char *value)
{
	struct seed	*s = arg;
	struct fact	*f;
	char		*cause = NULL;

	(void)line;
	if (key == NULL) {
		s->section[0] = '\0';
		return;
	}
	if (s->section[0] == '\0' || strcmp(s->section, section) != 0) {
		s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
		f = &s->v[s->n++];
		memset(f, 0, sizeof *f);
		f->id = (long long)s->n;
		f->date = f->due = DATE_NONE;
		snprintf(s->section, sizeof s->section, "%s", section);
	}
	f = &s->v[s->n - 1];
	if (!strcmp(key, "instrument"))
		snprintf(f->instrument, sizeof f->instrument, "%s", value);
	else if (!strcmp(key, "kind"))
		snprintf(f->kind, sizeof f->kind, "%s", value);
	else if (!strcmp(key, "rule"))
		snprintf(f->rule, sizeof f->rule, "%s", value);
	else if (!strcmp(key, "cycle"))
		snprintf(f->cycle, sizeof f->cycle, "%s", value);
	else if (!strcmp(key, "date") && date_parse(value, &f->date, &cause))
		free(cause);
	else if (!strcmp(key, "due") && date_parse(value, &f->due, &cause))
		free(cause);
}

static double
seconds(void)
{
	return (double)clock_monotonic_us() / 1e6;
}

/*
 * The CPU time this process used: on a machine shared with other work
 * the wall clock also counts their time slices.
 */
static double
cpu_seconds(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run fn rounds times; the mean seconds per round. */
#define MEASURE(out, rounds, body) do {				\
	double	 t0 = seconds();					\
	for (int r_ = 0; r_ < (rounds); r_++) { body; }		\
	(out) = (seconds() - t0) / (rounds);				\
} while (0)

/*
 * Push the data out of the caches, as the daemon meets it: between its
 * refreshes other work runs, and the data of 10,000 instruments (the
 * rules alone some 40 MB) is larger than a last-level cache. Writes a
 * buffer of four times the last-level cache, at least 64 MiB.
 */
static void
evict_caches(void)
{
	static unsigned char	*junk;
	static size_t		 size;
	long			 l3;

	if (junk == NULL) {
		l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
		size = l3 > 0 && (size_t)l3 * 4 > (64u << 20) ?
		    (size_t)l3 * 4 : (64u << 20);
		junk = xmalloc(size);
	}
	for (size_t k = 0; k < size; k += 64)
		junk[k]++;
}

/* A count of rounds, 1 to 100000; 0 when it is not one. */
static int
count(const char *s)
{
	char	*end;
	long	 v = strtol(s, &end, 10);

	return *s != '\0' && *end == '\0' && v >= 1 && v <= 100000 ?
	    (int)v : 0;
}

/* The synthetic installation's figures (see the usage above). */
static int
synth(const char *conffile, int rounds)
{
	struct diag		 dg;
	struct conf		*c;
	struct store		*st;
	struct service		*sv;
	struct fact		*facts, f;
	size_t			 nfacts;
	struct engine_input	 in;
	struct deadlines	 dl = { NULL, 0, 0 };
	struct rusage		 ru;
	char			*cause = NULL;
	int			 today = date_from_ymd(2026, 11, 28);
	long long		 now = 1795000000;
	double			 t_engine, t_engine_wall, t_cold, t_first, t_same;
	double			 t_one, start;
	int			 changed_one;

	diag_init(&dg);
	if ((c = conf_load(conffile, &dg)) == NULL) {
		diag_print(&dg, stderr, "bench: ");
		return 1;
	}
	if (store_open(c->database, 0, &st, &cause) == -1 ||
	    store_facts(st, &facts, &nfacts, &cause) == -1) {
		fprintf(stderr, "bench: %s\n", cause);
		return 1;
	}
	memset(&in, 0, sizeof in);
	in.rules = &c->rules;
	in.holidays = c->holidays;
	in.facts = facts;
	in.nfacts = nfacts;
	in.today = today;
	in.horizon = date_add(today, &c->horizon, 1);
	in.records_from = c->records_from;
	/* The fastest round, in CPU time and on the wall clock. */
	t_engine = t_engine_wall = 1e9;
	for (int r = 0; r < rounds; r++) {
		double	 t = cpu_seconds(), w = seconds();

		engine_compute(&in, &dl);
		t = cpu_seconds() - t;
		w = seconds() - w;
		if (t < t_engine)
			t_engine = t;
		if (w < t_engine_wall)
			t_engine_wall = w;
	}

	sv = service_new(c, st);
	start = seconds();
	if (service_refresh(sv, today, now, &cause) < 0)
		goto bad;
	t_first = seconds() - start;
	start = seconds();
	if (service_refresh(sv, today, now + 60, &cause) < 0)
		goto bad;
	t_same = seconds() - start;

	/* One new fact: the follow-up of one instrument is submitted. */
	memset(&f, 0, sizeof f);
	snprintf(f.instrument, sizeof f.instrument, "%s", c->rules.v[0].code);
	snprintf(f.kind, sizeof f.kind, "followup_submitted");
	f.date = date_from_ymd(2026, 11, 20);
	f.due = DATE_NONE;
	f.url = xstrdup("https://example.org/bench");
	f.recorded_by = xstrdup("bench");
	if (service_record_fact(sv, &f, now + 120, &cause) == -1)
		goto bad;
	fact_clear(&f);
	start = seconds();
	if ((changed_one = service_refresh(sv, today, now + 180, &cause)) < 0)
		goto bad;
	t_one = seconds() - start;
	getrusage(RUSAGE_SELF, &ru);

	/* The same with cold caches (after the peak RSS: the buffer). */
	t_cold = 1e9;
	for (int r = 0; r < rounds; r++) {
		double	 t;

		evict_caches();
		t = cpu_seconds();
		engine_compute(&in, &dl);
		t = cpu_seconds() - t;
		if (t < t_cold)
			t_cold = t;
	}

	printf("instruments %zu\nfacts %zu\ndeadlines %zu\n", c->rules.n,
	    nfacts, dl.n);
	printf("engine_cpu_ms %.3f\n", t_engine * 1e3);
	printf("engine_wall_ms %.3f\n", t_engine_wall * 1e3);
	printf("engine_cold_cpu_ms %.3f\n", t_cold * 1e3);
	printf("refresh_first_ms %.3f\n", t_first * 1e3);
	printf("refresh_same_ms %.3f\n", t_same * 1e3);
	printf("refresh_one_fact_ms %.3f\n", t_one * 1e3);
	printf("refresh_one_fact_changed %d\n", changed_one);
	printf("peak_rss_kib %ld\n", ru.ru_maxrss);
	service_free(sv);
	store_close(st);
	deadlines_free(&dl);
	facts_free(facts, nfacts);
	conf_free(c);
	diag_clear(&dg);
	return 0;
bad:
	fprintf(stderr, "bench: %s\n", cause);
	return 1;
}

int
main(int argc, char **argv)
{
	struct diag		 dg;
	struct conf		*c;
	struct seed		 s;
	struct engine_input	 in;
	struct deadlines	 dl = { NULL, 0, 0 };
	struct text_ctx		 tc;
	struct fact		*many;
	char			*path;
	int			 rounds = 200;
	int			 today = date_from_ymd(2026, 11, 28);
	double			 ref, t_many, t_feed, t_page;
	size_t			 nmany, feedlen = 0, pagelen = 0;
	struct rusage		 ru;

	if (argc > 2 && strcmp(argv[1], "synth") == 0)
		return synth(argv[2], argc > 3 ? count(argv[3]) : 10);
	if (argc > 2)
		rounds = count(argv[2]);
	if (argc < 2 || rounds < 1) {
		fprintf(stderr, "usage: bench TOP_SRCDIR [ROUNDS]\n"
		    "       bench synth CONF [ROUNDS]\n");
		return 2;
	}
	diag_init(&dg);
	path = xasprintf("%s/bench/bench.conf", argv[1]);
	if ((c = conf_load(path, &dg)) == NULL) {
		diag_print(&dg, stderr, "bench: ");
		return 1;
	}
	memset(&s, 0, sizeof s);
	free(path);
	path = xasprintf("%s/conf/seed/nl-facts.ini", argv[1]);
	inifile_read(path, seed_key, &s, &dg);
	free(path);

	in.rules = &c->rules;
	in.holidays = c->holidays;
	in.facts = s.v;
	in.nfacts = s.n;
	in.today = today;
	in.horizon = date_add(today, &c->horizon, 1);
	in.records_from = c->records_from;

	/* Reference: the engine on the seed facts. */
	MEASURE(ref, rounds, engine_compute(&in, &dl));

	/* Ten years of history: every seed fact ten times, a year apart. */
	nmany = s.n * 10;
	many = xcalloc(nmany, sizeof *many);
	for (size_t i = 0; i < nmany; i++) {
		many[i] = s.v[i % s.n];
		many[i].id = (long long)i + 1;
		many[i].date -= (int)(i / s.n) * 365;
		many[i].cycle[0] = '\0';
	}
	in.facts = many;
	in.nfacts = nmany;
	MEASURE(t_many, rounds / 10 + 1, engine_compute(&in, &dl));
	in.facts = s.v;
	in.nfacts = s.n;
	engine_compute(&in, &dl);

	memset(&tc, 0, sizeof tc);
	tc.depts = c->departments;
	tc.ndepts = c->ndepartments;
	tc.facts = s.v;
	tc.nfacts = s.n;
	MEASURE(t_feed, rounds / 10 + 1, {
		struct ical_event	*ev = xcalloc(dl.n, sizeof *ev);
		char			*feed;

		for (size_t i = 0; i < dl.n; i++) {
			ev[i].d = &dl.v[i];
			ev[i].uid = dl.v[i].id;
			ev[i].summary = text_summary(&dl.v[i], "nl");
			ev[i].description = text_description(&tc, &dl.v[i], "nl");
		}
		feed = ical_calendar(&(struct ical_calendar){ .name = "bench",
		    .refresh = "PT4H", .lang = "nl" }, ev, dl.n);
		feedlen = strlen(feed);
		free(feed);
		for (size_t i = 0; i < dl.n; i++) {
			free((char *)ev[i].summary);
			free((char *)ev[i].description);
		}
		free(ev);
	});
	MEASURE(t_page, rounds / 10 + 1, {
		const struct instrument	**ip = xcalloc(c->rules.n,
		    sizeof *ip);
		struct page_input	 pi;
		char			*page;

		for (size_t i = 0; i < c->rules.n; i++)
			ip[i] = &c->rules.v[i];
		memset(&pi, 0, sizeof pi);
		pi.v = dl.v;
		pi.n = dl.n;
		pi.today = today;
		pi.lang = "nl";
		pi.base_url = "https://treatyd.example.org";
		pi.months = 18;
		pi.tc = &tc;
		pi.instruments = ip;
		pi.ninstruments = c->rules.n;
		page = page_overview(&pi);
		pagelen = page ? strlen(page) : 0;
		free(page);
		free(ip);
	});
	getrusage(RUSAGE_SELF, &ru);

	printf("treatyd benchmark: %zu instruments, %zu seed facts, %zu "
	    "deadlines, %d rounds\n", c->rules.n, s.n, dl.n, rounds);
	printf("%-34s %10s %8s\n", "case", "ms/round", "ratio");
	printf("%-34s %10.3f %8.2f\n", "engine, seed facts (reference)",
	    ref * 1e3, 1.0);
	printf("%-34s %10.3f %8.2f\n", "engine, 10x facts", t_many * 1e3,
	    t_many / ref);
	printf("%-34s %10.3f %8.2f   (%zu bytes)\n", "all.ics feed, nl", t_feed * 1e3,
	    t_feed / ref, feedlen);
	printf("%-34s %10.3f %8.2f   (%zu bytes)\n", "overview page, nl",
	    t_page * 1e3, t_page / ref, pagelen);
	printf("peak memory: %ld KiB\n", ru.ru_maxrss);

	deadlines_free(&dl);
	free(many);
	facts_free(s.v, s.n);
	conf_free(c);
	diag_clear(&dg);
	return 0;
}
