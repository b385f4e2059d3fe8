/*
 * treatyctl rec: the recommendations of the treaty bodies and the UPR,
 * and their follow-up. import reads UHRI's export (CSV or JSON), list
 * and show read, assign and update append: nothing is ever overwritten.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <pwd.h>
#include <unistd.h>

#include "clock.h"
#include "conf.h"
#include "ctl.h"
#include "ctlint.h"
#include "date.h"
#include "diag.h"
#include "engine.h"
#include "jsonout.h"
#include "rec.h"
#include "service.h"
#include "text.h"
#include "uhri.h"
#include "utf8.h"
#include "xmalloc.h"

#define REC_FILE_MAX	(256L * 1024 * 1024)	/* UHRI's whole export */

/* The file's bytes, NUL-terminated; NULL said why. */
static char *
slurp(const char *path, size_t *len)
{
	struct stat	 sb;
	FILE		*fp;
	char		*buf;

	if (stat(path, &sb) == -1) {
		ctl_fail("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		ctl_fail("%s is not a file: rec import reads one UHRI export "
		    "(CSV or JSON)", path);
		return NULL;
	}
	if (sb.st_size > REC_FILE_MAX) {
		ctl_fail("%s: larger than %ld MiB", path, REC_FILE_MAX >> 20);
		return NULL;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		ctl_fail("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	*len = fread(buf, 1, (size_t)sb.st_size, fp);
	if (ferror(fp)) {
		ctl_fail("%s: %s", path, strerror(errno));
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[*len] = '\0';
	return buf;
}

/* Who records: --by, else the user running, as "treatyctl: USER". */
static char *
recorder(const char *by)
{
	const struct passwd	*pw;
	const char		*user = getenv("USER");
	char			*who, *cause = NULL;

	if (user == NULL && (pw = getpwuid(getuid())) != NULL)
		user = pw->pw_name;

	who = by != NULL ? xstrdup(by) :
	    xasprintf("treatyctl: %s", user != NULL ? user : "unknown");
	if (utf8_check_text(who, REC_BY_MAX, &cause) == -1) {
		ctl_fail("%s: %s", by != NULL ? "--by" : "$USER (give --by)",
		    cause);
		free(cause);
		free(who);
		return NULL;
	}
	return who;
}

/* JSON when the file says so (its name or its first character). */
static int
looks_json(const char *path, const char *text)
{
	size_t	 n = strlen(path);

	if (n > 5 && strcasecmp(path + n - 5, ".json") == 0)
		return 1;
	text += strspn(text, " \t\r\n");
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3;
	return *text == '[' || *text == '{';
}

/* The next progress-update deadline of the instrument, as the service
 * has it. */
static void
print_update_deadlines(struct service *sv, const char *code)
{
	const struct deadlines	*dl = service_deadlines(sv);
	char			 due[DATE_STRLEN];

	for (size_t i = 0; i < dl->n; i++) {
		const struct deadline	*d = &dl->v[i];

		if (strcmp(d->kind, "rec_update") != 0 ||
		    strcmp(d->inst->code, code) != 0 ||
		    (d->status != STATUS_OPEN && d->status != STATUS_OVERDUE))
			continue;
		printf("  deadline %s: progress updates due %s (%s)\n", d->id,
		    date_format(d->due, due), engine_status_name(d->status));
		return;
	}
}

static int
rec_import(struct ctl *c)
{
	static const struct option	 opts[] = {
		{ "dry-run", no_argument, NULL, 'N' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	struct diag	 dg;
	struct service	*sv = NULL;
	struct rec	*v = NULL;
	int		*lines = NULL, dry_run = 0, ch, rc = CTL_ERROR;
	size_t		 n = 0, len = 0, skipped = 0, already = 0;
	struct uhri_skips sk;
	const char	*by = NULL, *file;
	char		*text = NULL, *who = NULL, *cause = NULL;
	char		 codes[64][RULES_CODE_MAX];
	unsigned char	*known = NULL;
	size_t		 ncodes = 0;

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'N': dry_run = 1; break;
		case 'b': by = optarg; break;
		default: return ctl_usage(NULL);
		}
	if (c->argc - optind != 1)
		return ctl_usage("rec import needs FILE (UHRI's export, CSV or "
		    "JSON)");
	file = c->argv[optind];
	diag_init(&dg);
	if ((text = slurp(file, &len)) == NULL || (who = recorder(by)) == NULL)
		goto out;
	if (looks_json(file, text) ?
	    jsonout_read_uhri(text, len, file, &c->conf->rules, &dg, &v, &n,
	    &sk) :
	    uhri_csv_parse(text, len, file, &c->conf->rules, &dg, &v, &lines,
	    &n, &sk)) {
		diag_print(&dg, stderr, "treatyctl: ");
		fprintf(stderr, "treatyctl: nothing imported (%zu error%s)\n",
		    dg.n, dg.n == 1 ? "" : "s");
		goto out;
	}
	if (n == 0) {
		ctl_fail("%s holds no recommendation (%zu concern or "
		    "observation rows, %zu rows of other mechanisms): is it "
		    "UHRI's export of the recommendations?", file, sk.concerns,
		    sk.bodies);
		goto out;
	}
	if ((sv = ctl_planning_service(c, clock_today(c->conf->timezone))) ==
	    NULL)
		goto out;
	/* By instrument: how many, how many for the follow-up procedure. */
	for (size_t i = 0; i < n; i++) {
		size_t	 k;

		for (k = 0; k < ncodes; k++)
			if (strcmp(codes[k], v[i].instrument) == 0)
				break;
		if (k == ncodes && ncodes < sizeof codes / sizeof *codes)
			memcpy(codes[ncodes++], v[i].instrument,
			    sizeof *codes);
	}
	known = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++) {
		const struct rec_set	*set = service_recs(sv);

		known[i] = rec_index(set->v, set->n, &v[i]) < set->n;
		already += known[i];
	}
	printf("%s %zu recommendation%s from %s", dry_run ? "would import" :
	    "importing", n - already, n - already == 1 ? "" : "s", file);
	if (already > 0)
		printf(" (%zu already recorded)", already);
	if (sk.concerns > 0)
		printf("; %zu concern%s or observation%s skipped", sk.concerns,
		    sk.concerns == 1 ? "" : "s", sk.concerns == 1 ? "" : "s");
	if (sk.bodies > 0)
		printf("; %zu of other mechanisms skipped ('%s'%s)", sk.bodies,
		    diag_sanitize(sk.body, sizeof sk.body),
		    sk.bodies > 1 ? " and others" : "");
	printf("\n");
	for (size_t k = 0; k < ncodes; k++) {
		size_t	 m = 0, fu = 0;

		for (size_t i = 0; i < n; i++)
			if (!known[i] && strcmp(v[i].instrument, codes[k]) == 0) {
				m++;
				fu += v[i].followup != 0;
			}
		if (m > 0)
			printf("  %-8s %zu new, %zu of them selected for the "
			    "follow-up procedure\n", codes[k], m, fu);
	}
	if (dry_run) {
		printf("nothing recorded (--dry-run)\n");
		rc = CTL_OK;
		goto out;
	}
	if (service_import_recs(sv, v, n, who, clock_now(), &skipped,
	    &cause) == -1) {
		fprintf(stderr, "treatyctl: %s; nothing imported\n", cause);
		free(cause);
		goto out;
	}
	if (n == skipped) {
		printf("nothing new: every recommendation of %s is recorded\n",
		    file);
		rc = CTL_OK;
		goto out;
	}
	printf("imported %zu recommendation%s (recorded by %s)\n", n - skipped,
	    n - skipped == 1 ? "" : "s", who);
	if (service_refresh(sv, clock_today(c->conf->timezone), clock_now(),
	    &cause) == -1) {
		ctl_fail_cause("computing deadlines", cause);
		goto out;
	}
	for (size_t k = 0; k < ncodes; k++)
		print_update_deadlines(sv, codes[k]);
	rc = CTL_OK;
out:
	for (size_t i = 0; i < n; i++)
		rec_clear(&v[i]);
	free(v);
	free(lines);
	free(known);
	free(text);
	free(who);
	diag_clear(&dg);
	service_free(sv);
	return rc;
}

/* The status --status names, or -1 said why. */
static int
status_arg(const char *arg)
{
	int	 k = rec_status_parse(arg);

	if (k < 0)
		ctl_fail("--status '%s': expected not started, in progress, "
		    "partially implemented, implemented or not accepted", arg);
	return k;
}

static int
rec_list(struct ctl *c)
{
	static const struct option	 opts[] = {
		{ "instrument", required_argument, NULL, 'i' },
		{ "symbol", required_argument, NULL, 's' },
		{ "theme", required_argument, NULL, 't' },
		{ "sdg", required_argument, NULL, 'g' },
		{ "ministry", required_argument, NULL, 'm' },
		{ "status", required_argument, NULL, 'S' },
		{ "followup", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct rec_filter	 f;
	struct service		*sv;
	const struct rec_set	*set;
	const struct rec	**sel;
	size_t			 n = 0;
	int			 ch, json = 0, rc = CTL_OK;

	rec_filter_init(&f);
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'i': f.instrument = optarg; break;
		case 's': f.symbol = optarg; break;
		case 't': f.theme = optarg; break;
		case 'g': f.sdg = optarg; break;
		case 'm': f.ministry = optarg; break;
		case 'S':
			if ((f.status = status_arg(optarg)) < 0)
				return CTL_ERROR;
			break;
		case 'f': f.followup = 1; break;
		case 'j': json = 1; break;
		default: return ctl_usage(NULL);
		}
	if (optind != c->argc)
		return ctl_usage("rec list takes no arguments, only options");
	if (f.instrument != NULL &&
	    ruleset_find(&c->conf->rules, f.instrument) == NULL)
		return ctl_fail("--instrument '%s': no such instrument",
		    f.instrument);
	if (f.ministry != NULL && conf_department(c->conf, f.ministry) == NULL)
		return ctl_fail("--ministry '%s': not a department of the "
		    "departments file", f.ministry);
	if ((sv = ctl_planning_service(c, clock_today(c->conf->timezone))) ==
	    NULL)
		return CTL_ERROR;
	set = service_recs(sv);
	sel = xcalloc(set->n ? set->n : 1, sizeof *sel);
	for (size_t i = 0; i < set->n; i++)
		if (rec_match(set, &set->v[i], &c->conf->rules, &f))
			sel[n++] = &set->v[i];
	if (json) {
		char	*cause = NULL, *doc = jsonout_recs(set, sel, n,
		    &c->conf->rules, &cause);

		if (doc == NULL)
			rc = ctl_fail_cause("rec list", cause);
		else {
			printf("%s\n", doc);
			free(doc);
		}
	} else {
		char	 ref[64], st[64], text[256];
		size_t	 closed = 0;

		/* English, as every listing of treatyctl. */
		printf("%5s %-24s %-6s %-14s %s\n", "ID", "SYMBOL:PARAGRAPH",
		    "LEAD", "STATUS", "TEXT");
		for (size_t i = 0; i < n; i++) {
			const struct rec	*r = sel[i];
			enum rec_status		 s = rec_status_at(set, r->id,
			    DATE_NONE);
			char			*sp = xasprintf("%s:%s%s",
			    r->symbol, r->paragraph, r->followup ? "*" : "");

			closed += rec_status_closed(s);
			printf("%5lld %s %-6s %s %s\n", r->id,
			    ctl_column(sp, 24, ref, sizeof ref),
			    rec_lead(set, r, &c->conf->rules),
			    ctl_column(rec_status_name(s), 14, st,
			    sizeof st),
			    text_cut(r->text, 26, text, sizeof text));
			free(sp);
		}
		printf("\n%zu recommendation%s: %zu open, %zu closed "
		    "(implemented or not accepted); * = follow-up procedure\n",
		    n, n == 1 ? "" : "s", n - closed, closed);
	}
	free(sel);
	service_free(sv);
	return rc;
}

/* The recommendation an argument names (an id or SYMBOL:PARAGRAPH). */
static const struct rec *
named(struct service *sv, const char *arg)
{
	const struct rec	*r = rec_find(service_recs(sv), arg);

	if (r == NULL)
		ctl_fail("no recommendation '%s' (give its id or "
		    "SYMBOL:PARAGRAPH, as rec list shows)", arg);
	return r;
}

static int
rec_show(struct ctl *c)
{
	struct service		*sv;
	const struct rec_set	*set;
	const struct rec	*r;
	const struct rec_owner	*o;
	enum lang		 l = lang_or_fallback(c->conf->language);
	char			 d[DATE_STRLEN];

	if (c->argc != 2)
		return ctl_usage("rec show needs REC (an id or "
		    "SYMBOL:PARAGRAPH)");
	if ((sv = ctl_planning_service(c, clock_today(c->conf->timezone))) ==
	    NULL)
		return CTL_ERROR;
	set = service_recs(sv);
	if ((r = named(sv, c->argv[1])) == NULL) {
		service_free(sv);
		return CTL_ERROR;
	}
	o = rec_owner_of(set, r->id);
	printf("%s %lld: %s %s %s\n", W(l, "Aanbeveling", "Recommendation"),
	    r->id, r->symbol, W(l, "paragraaf", "paragraph"), r->paragraph);
	printf("%s: %s\n", W(l, "Verdrag", "Instrument"), r->instrument);
	if (r->themes != NULL)
		printf("%s: %s\n", W(l, "Thema's", "Themes"), r->themes);
	if (r->sdgs != NULL)
		printf("SDG: %s\n", r->sdgs);
	if (r->persons != NULL)
		printf("%s: %s\n", W(l, "Betrokken personen",
		    "Affected persons"), r->persons);
	if (r->followup)
		printf("%s\n", W(l, "Geselecteerd voor de follow-upprocedure",
		    "Selected for the follow-up procedure"));
	if (r->position != REC_POS_NONE)
		printf("%s: %s\n", W(l, "Standpunt", "Position"),
		    rec_position_name(r->position));
	printf("%s: %s", W(l, "Trekker", "Lead"),
	    rec_lead(set, r, &c->conf->rules));
	if (o != NULL)
		printf("%s%s (%s, %s)", o->contributors[0] ? ", " : "",
		    o->contributors, o->recorded_by ? o->recorded_by : "?",
		    o->recorded_at);
	printf("\n%s: %s\n\n%s\n", W(l, "Vastgelegd door", "Recorded by"),
	    r->recorded_by ? r->recorded_by : "?", r->text);
	if (r->summary_nl != NULL)
		printf("\n%s\n", r->summary_nl);
	printf("\n%s:\n", W(l, "Voortgang", "Progress"));
	{
		int	 any = 0;

		for (size_t i = 0; i < set->nupdates; i++) {
			const struct rec_update	*u = &set->updates[i];

			if (u->rec != r->id)
				continue;
			any = 1;
			printf("  %s  %-24s %s (%s)\n", date_format(u->date, d),
			    rec_status_word(u->status, l), u->text,
			    u->recorded_by ? u->recorded_by : "?");
		}
		if (!any)
			printf("  %s\n", W(l, "nog geen voortgang vastgelegd",
			    "no update recorded yet"));
	}
	service_free(sv);
	return CTL_OK;
}

static int
rec_assign(struct ctl *c)
{
	static const struct option	 opts[] = {
		{ "lead", required_argument, NULL, 'l' },
		{ "contributors", required_argument, NULL, 'c' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	struct rec_owner	 o;
	struct service		*sv;
	const struct rec	*r;
	const char		*lead = NULL, *contrib = NULL, *by = NULL;
	char			*cause = NULL, *ref;
	int			 ch, rc = CTL_OK;

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'l': lead = optarg; break;
		case 'c': contrib = optarg; break;
		case 'b': by = optarg; break;
		default: return ctl_usage(NULL);
		}
	if (c->argc - optind != 1 || lead == NULL)
		return ctl_usage("rec assign needs REC and --lead DEPARTMENT");
	if ((sv = ctl_planning_service(c, clock_today(c->conf->timezone))) ==
	    NULL)
		return CTL_ERROR;
	if ((r = named(sv, c->argv[optind])) == NULL) {
		service_free(sv);
		return CTL_ERROR;
	}
	memset(&o, 0, sizeof o);
	o.rec = r->id;
	if (strlen(lead) >= sizeof o.lead) {
		service_free(sv);
		return ctl_fail("--lead '%s': not a department of the "
		    "departments file", lead);
	}
	snprintf(o.lead, sizeof o.lead, "%s", lead);
	o.contributors = xstrdup(contrib != NULL ? contrib : "");
	/* Recording reloads the recommendations: r goes. */
	ref = xasprintf("%s:%s", r->symbol, r->paragraph);
	if ((o.recorded_by = recorder(by)) == NULL)
		rc = CTL_ERROR;
	else if (service_rec_assign(sv, &o, clock_now(), &cause) == -1)
		rc = ctl_fail("rec assign: %s", cause), free(cause);
	else
		printf("recommendation %lld (%s): lead %s%s%s\n", o.rec, ref,
		    o.lead, o.contributors[0] ? ", contributors " : "",
		    o.contributors);
	free(ref);
	free(o.contributors);
	free(o.recorded_by);
	free(o.recorded_at);
	service_free(sv);
	return rc;
}

static int
rec_update(struct ctl *c)
{
	static const struct option	 opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "text", required_argument, NULL, 't' },
		{ "date", required_argument, NULL, 'd' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	struct rec_update	 u;
	struct service		*sv;
	const struct rec	*r;
	const char		*by = NULL;
	char			*cause = NULL, *ref, d[DATE_STRLEN];
	int			 ch, rc = CTL_OK, k, today;

	today = clock_today(c->conf->timezone);
	memset(&u, 0, sizeof u);
	u.date = today;
	u.status = REC_NSTATUS;
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 's':
			if ((k = status_arg(optarg)) < 0)
				return CTL_ERROR;
			u.status = k;
			break;
		case 't': u.text = optarg; break;
		case 'd':
			if (ctl_parse_date_arg("--date", optarg, &u.date) == -1)
				return CTL_ERROR;
			break;
		case 'b': by = optarg; break;
		default: return ctl_usage(NULL);
		}
	if (c->argc - optind != 1 || u.status == REC_NSTATUS || u.text == NULL)
		return ctl_usage("rec update needs REC, --status STATUS and "
		    "--text TEXT");
	if (u.date > today)
		return ctl_fail("--date %s is in the future: an update says "
		    "how things stand", date_format(u.date, d));
	if ((sv = ctl_planning_service(c, today)) == NULL)
		return CTL_ERROR;
	if ((r = named(sv, c->argv[optind])) == NULL) {
		service_free(sv);
		return CTL_ERROR;
	}
	u.rec = r->id;
	u.text = xstrdup(u.text);
	/* Recording reloads the recommendations: r goes. */
	ref = xasprintf("%s:%s", r->symbol, r->paragraph);
	if ((u.recorded_by = recorder(by)) == NULL)
		rc = CTL_ERROR;
	else if (service_rec_update(sv, &u, clock_now(), &cause) == -1)
		rc = ctl_fail("rec update: %s", cause), free(cause);
	else
		printf("recommendation %lld (%s): %s as of %s (update %lld)\n",
		    u.rec, ref, rec_status_name(u.status),
		    date_format(u.date, d), u.id);
	free(ref);
	free(u.text);
	free(u.recorded_by);
	free(u.recorded_at);
	service_free(sv);
	return rc;
}

int
ctl_rec(struct ctl *c)
{
	static const char *const subs[] = { "import", "list", "show",
	    "assign", "update", NULL };
	const char	*sub;

	if (c->argc < 2)
		return ctl_usage("rec needs import, list, show, assign or "
		    "update");
	sub = c->argv[1];
	c->argc--;
	c->argv++;
	if (!strcmp(sub, "import"))
		return rec_import(c);
	if (!strcmp(sub, "list"))
		return rec_list(c);
	if (!strcmp(sub, "show"))
		return rec_show(c);
	if (!strcmp(sub, "assign"))
		return rec_assign(c);
	if (!strcmp(sub, "update"))
		return rec_update(c);
	return ctl_unknown_command("rec command", sub, subs);
}
