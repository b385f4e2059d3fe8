#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "clock.h"
#include "agenda.h"
#include "atomic.h"
#include "conf.h"
#include "ctl.h"
#include "ctlint.h"
#include "coord.h"
#include "date.h"
#include "diag.h"
#include "dispatch.h"
#include "engine.h"
#include "fact.h"
#include "holidays.h"
#include "jsonout.h"
#include "prune.h"
#include "review.h"
#include "log.h"
#include "message.h"
#include "rules.h"
#include "seed.h"
#include "service.h"
#include "store.h"
#include "text.h"
#include "words.h"
#include "utf8.h"
#include "xmalloc.h"


static const char usage_text[] =
"usage: treatyctl [-v] [-c FILE] COMMAND [ARGS]\n"
"       treatyctl -h | --help | -V | --version | help [COMMAND]\n"
"\n"
"commands:\n"
"  init                          create or migrate the database\n"
"  check [--json]                check the configuration and rule files\n"
"  instruments [--json|--wide]   list the instruments and their rules\n"
"  deadlines [--from D] [--to D] [--instrument X] [--today D] [--all]\n"
"           [--json] [--wide]\n"
"  fact add INSTRUMENT KIND DATE [--rule R] [--due D] [--cycle C]\n"
"           [--symbol S] [--paragraph P] [--url U] [--note N] [--by WHO]\n"
"           [--force] [--dry-run] [--today D]\n"
"  fact list [--instrument X] [--all] [--json]\n"
"  fact supersede ID [--date D] [--due D] [--cycle C] [--rule R] [--symbol S]\n"
"           [--paragraph P] [--url U] [--note N] [--by WHO] [--kind K]\n"
"           [--force] [--dry-run] [--today D]\n"
"  fact import FILE [--dry-run]\n"
"  coordinator add NAME EMAIL DEPARTMENT [--lang nl|en] [--lead CODES]\n"
"           [--contributor CODES] [--no-welcome]\n"
"  coordinator assign NAME INSTRUMENT lead|contributor\n"
"  coordinator list [--json] [--wide]\n"
"  coordinator remove NAME\n"
"  coordinator token NAME [--rotate] [--mail]\n"
"  ack DEADLINE --coordinator NAME [--today D]\n"
"  export DIR [--lang nl|en] [--today D]\n"
"  outbox [--state pending|sending|sent|failed|skipped|superseded] [--limit N]\n"
"           [--json] [--wide]\n"
"  dispatch [--now YYYY-MM-DDTHH:MM]\n"
"  prune [--dry-run] [--now YYYY-MM-DDTHH:MM]\n"
"           remove the finished outbox rows and mail files older than keep\n"
"  send-test ADDRESS\n"
"  agenda [--meeting D] [--previous D] [--months N] [--format md|html|text|ics]\n"
"           [--lang nl|en] [--today D]\n"
"  report [--year Y] [--format md|html|csv] [--lang nl|en] [--today D]\n"
"  backup FILE                   copy the database, consistent, to a new FILE\n"
"  rec import FILE [--dry-run] [--by WHO]\n"
"           read recommendations from UHRI's export (CSV or JSON)\n"
"  rec list [--instrument X] [--symbol S] [--theme T] [--sdg N]\n"
"           [--ministry DEPT] [--status S] [--followup] [--json]\n"
"  rec show REC\n"
"  rec assign REC --lead DEPT [--contributors \"DEPT ...\"] [--by WHO]\n"
"  rec update REC --status S --text T [--date D] [--by WHO]\n"
"\n"
"COMMAND --help or 'treatyctl help COMMAND' shows one command. See treatyctl(1).\n";

/* The user the packaged daemon runs as (debian/treatyd.sysusers). */
#define SERVICE_USER	"treatyd"

/*
 * Run as root on the service's database (its directory belongs to the
 * service user), treatyctl must not leave files the daemon cannot write:
 * the database and its -wal and -shm files that root made go to the
 * service user and group. Said on stderr when it happens.
 */
static void
give_to_service_user(const char *database)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
	    "-journal" };
	const struct passwd	*pw;
	struct stat		 sb;
	char			*dir, *slash, *path;

	if (geteuid() != 0 || (pw = getpwnam(SERVICE_USER)) == NULL)
		return;
	dir = xstrdup(database);
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, strlen(dir) + 1, ".");
	if (stat(dir, &sb) == -1 || sb.st_uid != pw->pw_uid) {
		free(dir);
		return;		/* not the service's directory */
	}
	free(dir);
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		path = xasprintf("%s%s", database, suffixes[i]);
		if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_uid == 0) {
			if (chown(path, pw->pw_uid, pw->pw_gid) == -1)
				fprintf(stderr, "treatyctl: warning: %s stays "
				    "root's: %s; the daemon cannot write it "
				    "(chown %s %s)\n", path, strerror(errno),
				    SERVICE_USER, path);
			else
				fprintf(stderr, "treatyctl: %s now belongs to "
				    "%s, as the daemon runs\n", path,
				    SERVICE_USER);
		}
		free(path);
	}
}

/* The command being run: ctl_usage() shows its lines of usage_text only. */
static const char *current_command;

/*
 * Print the lines of usage_text for command name (every "fact ..." line
 * for "fact"), the syntax after "usage: treatyctl" and the description
 * beneath it. Returns the number of lines found.
 */
static int
command_usage(const char *name, FILE *fp)
{
	const char	*p = strstr(usage_text, "commands:\n");
	size_t		 nlen = strlen(name);
	int		 found = 0, in = 0;

	if (p == NULL)
		return 0;
	for (p = strchr(p, '\n') + 1; *p != '\0'; ) {
		const char	*eol = strchr(p, '\n');
		size_t		 len = eol ? (size_t)(eol - p) : strlen(p);

		if (len > 2 && p[0] == ' ' && p[1] == ' ' && p[2] != ' ') {
			in = len >= 2 + nlen && !strncmp(p + 2, name, nlen) &&
			    (len == 2 + nlen || p[2 + nlen] == ' ');
			if (in) {
				const char	*line = p + 2, *gap;
				size_t		 llen = len - 2, slen = llen;

				/* "init      create ...": the syntax, then why */
				gap = strstr(line, "  ");
				if (gap != NULL && gap < line + llen)
					slen = gap - line;
				fprintf(fp, "%s treatyctl %.*s\n",
				    found ? "      " : "usage:", (int)slen, line);
				if (slen < llen) {
					while (slen < llen && line[slen] == ' ')
						slen++;
					fprintf(fp, "  %.*s\n", (int)(llen - slen),
					    line + slen);
				}
				found++;
			}
		} else if (in && len > 2 && p[0] == ' ') {
			/* a continuation line of the matched command */
			while (len > 0 && *p == ' ') {
				p++;
				len--;
			}
			fprintf(fp, "%17s%.*s\n", "", (int)len, p);
		} else
			in = 0;
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	return found;
}

/* The arguments after the command name, for option suggestions. */
static int	  command_argc;
static char	**command_argv;

static const char *closest(const char *, const char *const *);

/*
 * After getopt refused an option of the current command: the first
 * "--name" of its arguments that none of its usage lines lists, and the
 * listed option closest to it, if one is.
 */
static void
suggest_option(void)
{
	const char	*names[64], *p, *near;
	char		 buf[64][24];
	size_t		 n = 0, nlen = strlen(current_command);
	int		 in = 0;

	p = strstr(usage_text, "commands:\n");
	for (; p != NULL && *p != '\0' && n < 63; p++) {
		if (p[-1] == '\n' && p[0] == ' ' && p[1] == ' ' && p[2] != ' ')
			in = !strncmp(p + 2, current_command, nlen) &&
			    (p[2 + nlen] == ' ' || p[2 + nlen] == '\n');
		if (in && p[0] == '-' && p[1] == '-' && p[-1] == '[') {
			size_t	 len = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");

			if (len > 0 && len < sizeof buf[n]) {
				memcpy(buf[n], p + 2, len);
				buf[n][len] = '\0';
				names[n] = buf[n];
				n++;
			}
		}
	}
	names[n] = NULL;
	for (int i = 1; i < command_argc; i++) {
		char		 word[64];
		const char	*a = command_argv[i];
		size_t		 len, j;

		if (!strcmp(a, "--"))
			return;
		if (strncmp(a, "--", 2) != 0)
			continue;
		len = strcspn(a + 2, "=");
		if (len == 0 || len >= sizeof word)
			continue;
		memcpy(word, a + 2, len);
		word[len] = '\0';
		for (j = 0; j < n && strcmp(names[j], word) != 0; j++)
			;
		if (j < n)
			continue;	/* a known option */
		if ((near = closest(word, names)) != NULL)
			fprintf(stderr, "treatyctl: did you mean '--%s'?\n", near);
		return;
	}
}

int
ctl_usage(const char *fmt, ...)
{
	va_list	 ap;

	if (fmt == NULL && current_command != NULL && command_argv != NULL)
		suggest_option();
	if (fmt != NULL) {
		char	*msg;

		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) == -1)
			msg = NULL;
		va_end(ap);
		fprintf(stderr, "treatyctl: %s\n", msg ?
		    diag_sanitize(msg, DIAG_MSG_MAX) : "out of memory");
		free(msg);
	}
	if (current_command != NULL &&
	    command_usage(current_command, stderr) > 0)
		fprintf(stderr, "See 'treatyctl help' and treatyctl(1).\n");
	else
		fputs(usage_text, stderr);
	return CTL_USAGE;
}

/* Edit distance (insertions, deletions, substitutions, transpositions). */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), d[33][33];

	if (la > 32 || lb > 32)
		return SIZE_MAX;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t	 cost = a[i - 1] != b[j - 1];
			size_t	 v = d[i - 1][j - 1] + cost;

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

/*
 * The one of names (NULL-terminated) closest to word, when it is close
 * enough to be a typing slip (at most 2 edits, and fewer than the word's
 * length), or a name that word begins; NULL otherwise.
 */
static const char *
closest(const char *word, const char *const *names)
{
	const char	*best = NULL;
	size_t		 bestd = SIZE_MAX, wl = strlen(word);

	for (size_t i = 0; names[i] != NULL; i++) {
		size_t	 dist = edit_distance(word, names[i]);

		if (wl >= 3 && !strncmp(names[i], word, wl))
			dist = 1;	/* a prefix: "dead" for "deadlines" */
		if (dist < bestd) {
			bestd = dist;
			best = names[i];
		}
	}
	if (best == NULL || bestd > 2 || bestd >= wl)
		return NULL;
	return best;
}

/* A usage error for an unknown (sub)command, with a suggestion. */
int
ctl_unknown_command(const char *what, const char *word,
    const char *const *names)
{
	const char	*near = closest(word, names);

	if (near != NULL)
		return ctl_usage("unknown %s '%s'; did you mean '%s'?", what, word,
		    near);
	return ctl_usage("unknown %s '%s'", what, word);
}

/* One line naming what is wrong; exit status 1. */
int
ctl_fail(const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	/* A bad value may hold a line break or be huge: one short line. */
	fprintf(stderr, "treatyctl: %s\n", msg ?
	    diag_sanitize(msg, DIAG_MSG_MAX) : "out of memory");
	free(msg);
	return CTL_ERROR;
}

int
ctl_fail_cause(const char *what, char *cause)
{
	int	 rc = ctl_fail("%s: %s", what, cause);

	free(cause);
	return rc;
}

/* Print a JSON document made by jsonout (NULL: say why, from *cause). */
static int
print_json(const char *what, char *doc, char **cause)
{
	if (doc == NULL)
		return ctl_fail_cause(what, *cause);
	printf("%s\n", doc);
	free(doc);
	return CTL_OK;
}

/* Whether the command's arguments are exactly "--json". */
static int
only_json(const struct ctl *c)
{
	return c->argc == 2 && strcmp(c->argv[1], "--json") == 0;
}

static int
load_conf(struct ctl *c, int json)
{
	struct diag	 dg;

	diag_init(&dg);
	c->conf = conf_load(c->confpath, &dg);
	if (c->conf == NULL) {
		/* check --json: the verdict as JSON on stdout too */
		if (json) {
			char	*cause = NULL;

			print_json("check", jsonout_check(&dg, 0, 0, 0, 0,
			    NULL, 0, &cause), &cause);
		}
		diag_print(&dg, stderr, "treatyctl: ");
		fprintf(stderr, "treatyctl: %zu error%s in the configuration\n",
		    dg.n, dg.n == 1 ? "" : "s");
		diag_clear(&dg);
		return -1;
	}
	diag_clear(&dg);
	return 0;
}

int
ctl_open_store(struct ctl *c, int create)
{
	char	*cause = NULL;

	if (c->store != NULL)
		return 0;	/* already open */
	if (store_open(c->conf->database, create, &c->store, &cause) == -1) {
		ctl_fail("database: %s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

int
ctl_parse_date_arg(const char *opt, const char *value, int *out)
{
	char	*cause = NULL;

	if (date_parse(value, out, &cause) == -1) {
		ctl_fail("%s: %s", opt, cause);
		free(cause);
		return -1;
	}
	return 0;
}

static const struct instrument *
find_instrument(const struct ctl *c, const char *code)
{
	const struct instrument	*in = ruleset_find(&c->conf->rules, code);

	if (in == NULL)
		ctl_fail("unknown instrument '%s' (see 'treatyctl instruments')", code);
	return in;
}

/* A --lang value: a language words.h knows; -1 after saying so. */
static int
parse_lang(const char *v, const char **out)
{
	if (lang_parse(v) == -1)
		return ctl_fail("--lang '%s': expected nl or en", v), -1;
	*out = v;
	return 0;
}

/*
 * Text that will be stored: well-formed UTF-8 (JSON, feeds and mail need
 * it), no control characters (values end up in mail headers and feeds),
 * at most max characters. -1 after a one-line error naming what.
 */
static int
clean_text(const char *what, const char *s, size_t max)
{
	char	*cause = NULL;

	if (utf8_check_text(s, max, &cause) == -1) {
		ctl_fail_cause(what, cause);
		return -1;
	}
	return 0;
}

/* A table cell: s cut to width characters (text_cut), padded to width. */
const char *
ctl_column(const char *s, size_t width, char *buf, size_t len)
{
	size_t	 o;

	text_cut(s, width, buf, len);
	o = strlen(buf);
	for (size_t n = text_width(buf); n < width && o + 1 < len; n++)
		buf[o++] = ' ';
	buf[o] = '\0';
	return buf;
}

static int
cmd_backup(struct ctl *c)
{
	char	*cause = NULL;

	if (c->argc != 2)
		return ctl_usage("backup needs FILE, a new file for the copy");
	if (ctl_open_store(c, 0) == -1)
		return CTL_ERROR;
	if (store_backup(c->store, c->argv[1], &cause) == -1)
		return ctl_fail_cause("backup", cause);
	printf("copied %s to %s (mode 0600; it holds e-mail addresses: keep it "
	    "private)\n", c->conf->database, c->argv[1]);
	return CTL_OK;
}

static int
cmd_init(struct ctl *c)
{
	if (c->argc != 1)
		return ctl_usage("init takes no arguments");
	if (ctl_open_store(c, 1) == -1)
		return CTL_ERROR;
	printf("database %s is ready (schema version %d)\n", c->conf->database,
	    store_version(c->store));
	return CTL_OK;
}

static int
cmd_check(struct ctl *c)
{
	size_t	 nrules = 0;

	struct diag	 dg;

	if (c->argc != 1 && !only_json(c))
		return ctl_usage("check takes only --json");
	diag_init(&dg);
	if (conf_check_templates(c->conf, &dg) > 0) {
		if (only_json(c)) {
			char	*cause = NULL;

			print_json("check", jsonout_check(&dg, 0, 0, 0, 0,
			    NULL, 0, &cause), &cause);
		}
		diag_print(&dg, stderr, "treatyctl: ");
		diag_clear(&dg);
		return CTL_ERROR;
	}
	for (size_t i = 0; i < c->conf->rules.n; i++)
		nrules += c->conf->rules.v[i].nrules;
	if (only_json(c)) {
		char	*cause = NULL;

		return print_json("check", jsonout_check(NULL, c->conf->rules.n,
		    nrules, holidays_count(c->conf->holidays),
		    c->conf->ndepartments, c->conf->dropins,
		    c->conf->ndropins, &cause), &cause);
	}
	printf("configuration OK: %zu instruments, %zu rules and milestones, "
	    "%d holidays, %zu departments\n", c->conf->rules.n, nrules,
	    holidays_count(c->conf->holidays), c->conf->ndepartments);
	for (size_t i = 0; i < c->conf->ndropins; i++)
		printf("drop-in %s\n", c->conf->dropins[i]);
	return CTL_OK;
}

static int
cmd_instruments(struct ctl *c)
{
	const char	*lang = c->conf->language;
	char		 body[512];
	struct buf	 b;
	size_t		 cols, bw = 22;
	int		 wide = 0;

	if (c->argc == 2 && strcmp(c->argv[1], "--wide") == 0)
		wide = 1;
	else if (c->argc != 1 && !only_json(c))
		return ctl_usage("instruments takes only --json or --wide");
	if (only_json(c)) {
		char	*cause = NULL;

		return print_json("instruments",
		    jsonout_instruments(&c->conf->rules, &cause), &cause);
	}
	/* The body 22 wide on a terminal, else as wide as the longest. */
	if ((cols = ctl_columns(wide)) == 0)
		for (size_t i = 0; i < c->conf->rules.n; i++)
			if (text_width(c->conf->rules.v[i].body) > bw)
				bw = text_width(c->conf->rules.v[i].body);
	buf_init(&b, 64 * 1024);
	printf("%-8s %s %-6s %s\n", "CODE", ctl_column("BODY", bw, body,
	    sizeof body), "LEAD", "RULES");
	for (size_t i = 0; i < c->conf->rules.n; i++) {
		const struct instrument	*in = &c->conf->rules.v[i];

		b.len = 0;
		buf_printf(&b, "%-8s %s %-6s ", in->code, ctl_column(in->body,
		    bw, body, sizeof body), in->lead[0] ? in->lead : "-");
		for (size_t j = 0; j < in->nrules; j++)
			buf_printf(&b, "%s%s", j ? "," : "", in->rules[j].name);
		buf_puts(&b, in->nrules ? "" : "-");
		ctl_print_line(b.p, cols);
		b.len = 0;
		buf_printf(&b, "         %s", text_instrument(in, lang));
		ctl_print_line(b.p, cols);
		/* Where it came from, and what a later directory replaced. */
		b.len = 0;
		if (in->overrides != NULL)
			buf_printf(&b, "         %s (overrides %s)", in->file,
			    in->overrides);
		else
			buf_printf(&b, "         %s", in->file);
		ctl_print_line(b.p, cols);
	}
	buf_free(&b);
	return CTL_OK;
}

/* A service computed for today that records nothing: for reading. */
struct service *
ctl_planning_service(struct ctl *c, int today)
{
	struct service	*sv;
	char		*cause = NULL;

	if (ctl_open_store(c, 0) == -1)
		return NULL;
	sv = service_new(c->conf, c->store);
	service_read_only(sv);
	if (service_refresh(sv, today, clock_now(), &cause) == -1) {
		ctl_fail_cause("computing deadlines", cause);
		service_free(sv);
		return NULL;
	}
	return sv;
}

/*
 * "139 deadlines: 11 late, 8 in the next 90 days, 5 unknown": overdue counts
 * as late; unknown ones (the records cannot tell) are never counted late.
 */
static void
deadlines_summary(const struct deadline *sel, size_t n, int today)
{
	size_t	 late = 0, soon = 0, unknown = 0;

	for (size_t i = 0; i < n; i++) {
		if (sel[i].status == STATUS_OVERDUE)
			late++;
		else if (sel[i].status == STATUS_UNKNOWN)
			unknown++;
		else if (sel[i].status == STATUS_OPEN && sel[i].due >= today &&
		    sel[i].due < today + 90)
			soon++;
	}
	printf("\n%zu deadline%s: %zu late, %zu in the next 90 days", n,
	    n == 1 ? "" : "s", late, soon);
	if (unknown > 0)
		printf(", %zu unknown", unknown);
	printf("\n");
}

static int
cmd_deadlines(struct ctl *c)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "instrument", required_argument, NULL, 'i' },
		{ "today", required_argument, NULL, 'd' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "wide", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	int			 from = DATE_NONE, to = DATE_NONE, today, all = 0;
	int			 json = 0, wide = 0, ch, rc = CTL_OK;
	const char		*code = NULL, *lang = c->conf->language;
	struct service_filter	 f;
	struct service		*sv;
	size_t			 n = 0;
	struct deadline		*sel;

	today = clock_today(c->conf->timezone);
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (ctl_parse_date_arg("--from", optarg, &from) == -1)
				return CTL_ERROR;
			break;
		case 't':
			if (ctl_parse_date_arg("--to", optarg, &to) == -1)
				return CTL_ERROR;
			break;
		case 'd':
			if (ctl_parse_date_arg("--today", optarg, &today) == -1)
				return CTL_ERROR;
			break;
		case 'i':
			code = optarg;
			break;
		case 'a':
			all = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'w':
			wide = 1;
			break;
		default:
			return ctl_usage(NULL);
		}
	}
	if (optind != c->argc)
		return ctl_usage("deadlines: unexpected argument '%s'",
		    c->argv[optind]);
	if (from != DATE_NONE && to != DATE_NONE && to < from)
		return ctl_fail("--to is before --from");
	if (code != NULL && find_instrument(c, code) == NULL)
		return CTL_ERROR;
	if ((sv = ctl_planning_service(c, today)) == NULL)
		return CTL_ERROR;
	memset(&f, 0, sizeof f);
	f.from = from;
	f.to = to;
	f.instrument = code;
	f.status = -1;
	/* Without a range: what still needs doing, unless --all. */
	f.current = !all && from == DATE_NONE && to == DATE_NONE;
	sel = service_select(sv, &f, &n);
	if (json) {
		char	*cause = NULL, *text = jsonout_deadlines(sel, n, lang,
		    &cause);

		if (text == NULL)
			rc = ctl_fail_cause("deadlines --json", cause);
		else
			printf("%s\n", text);
		free(text);
	} else {
		static const char *const head[] = { "DUE", "CODE", "DEADLINE",
		    "CYCLE", "STATUS", "CONFIDENCE", "LEAD" };
		/* The label is cut first, the notes after the lead next. */
		static const size_t	 least[] = { 0, 0, 16, 0, 0, 0, 3 };
		struct ctl_table	*t = ctl_table_new(7, head, least);
		char	 due[DATE_STRLEN], label[256], tbuf[DATE_STRLEN];

		printf("deadlines as of %s\n", date_format(today, tbuf));
		for (size_t i = 0; i < n; i++) {
			const struct deadline	*d = &sel[i];
			const char		*row[7];
			char			 note[64] = "", lead[128];

			if (engine_days_late(d) > 0)
				snprintf(note, sizeof note, "  (met %d days late)",
				    engine_days_late(d));
			else if (d->planned != DATE_NONE)
				snprintf(note, sizeof note, "  (planned %s)",
				    date_format(d->planned, tbuf));
			snprintf(lead, sizeof lead, "%s%s%s",
			    d->inst->lead[0] ? d->inst->lead : "-",
			    d->voluntary ? "  (voluntary)" : "", note);
			row[0] = date_format(d->due, due);
			row[1] = d->inst->code;
			row[2] = engine_label(d, lang, label, sizeof label);
			row[3] = d->cycle;
			row[4] = engine_status_name(d->status);
			row[5] = engine_confidence_name(d->confidence);
			row[6] = lead;
			ctl_table_add(t, row);
		}
		if (n > 0)
			ctl_table_print(t, wide);
		ctl_table_free(t);
		if (n == 0)
			printf("(no deadlines)\n");
		else
			deadlines_summary(sel, n, today);
	}
	free(sel);
	service_free(sv);
	return rc;
}

/* Options shared by fact add and fact supersede. */
struct fact_opts {
	const char	*rule, *due, *cycle, *date, *kind, *today;
	const char	*symbol, *paragraph, *url, *note, *by;
	int		 force, dry_run;
};

static int
fact_options(struct ctl *c, struct fact_opts *fo, int with_date)
{
	static const struct option opts[] = {
		{ "rule", required_argument, NULL, 'r' },
		{ "due", required_argument, NULL, 'u' },
		{ "cycle", required_argument, NULL, 'y' },
		{ "date", required_argument, NULL, 'd' },
		{ "symbol", required_argument, NULL, 's' },
		{ "paragraph", required_argument, NULL, 'p' },
		{ "url", required_argument, NULL, 'l' },
		{ "note", required_argument, NULL, 'n' },
		{ "by", required_argument, NULL, 'b' },
		{ "kind", required_argument, NULL, 'k' },
		{ "force", no_argument, NULL, 'F' },
		{ "dry-run", no_argument, NULL, 'N' },
		{ "today", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	memset(fo, 0, sizeof *fo);
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': fo->rule = optarg; break;
		case 'u': fo->due = optarg; break;
		case 'y': fo->cycle = optarg; break;
		case 'd':
			if (!with_date)
				return ctl_usage("fact add takes the date as an "
				    "argument, not --date");
			fo->date = optarg;
			break;
		case 'k':
			if (!with_date)
				return ctl_usage("fact add takes the kind as an "
				    "argument, not --kind");
			fo->kind = optarg;
			break;
		case 'F': fo->force = 1; break;
		case 'N': fo->dry_run = 1; break;
		case 'T': fo->today = optarg; break;
		case 's': fo->symbol = optarg; break;
		case 'p': fo->paragraph = optarg; break;
		case 'l': fo->url = optarg; break;
		case 'n': fo->note = optarg; break;
		case 'b': fo->by = optarg; break;
		default:
			return ctl_usage(NULL);
		}
	}
	return CTL_OK;
}

static int
copy_field(char *dst, size_t len, const char *what, const char *v)
{
	if (strlen(v) >= len) {
		ctl_fail("%s '%s' is too long (at most %zu characters)", what, v,
		    len - 1);
		return -1;
	}
	snprintf(dst, len, "%s", v);
	return 0;
}

/* Apply options to a fact; -1 after reporting a bad value. */
static int
fact_apply(struct fact *f, const struct fact_opts *fo)
{
	char	*cause = NULL;

	if (fo->date != NULL && date_parse(fo->date, &f->date, &cause) == -1)
		return ctl_fail_cause("--date", cause), -1;
	if (fo->kind != NULL && copy_field(f->kind, sizeof f->kind, "--kind",
	    fo->kind) == -1)
		return -1;
	if (fo->due != NULL && date_parse(fo->due, &f->due, &cause) == -1)
		return ctl_fail_cause("--due", cause), -1;
	if (fo->rule != NULL && copy_field(f->rule, sizeof f->rule, "--rule",
	    fo->rule) == -1)
		return -1;
	if (fo->cycle != NULL && copy_field(f->cycle, sizeof f->cycle,
	    "--cycle", fo->cycle) == -1)
		return -1;
#define TEXT(field, opt, max) \
	if (fo->field != NULL) { \
		if (clean_text(opt, fo->field, max) == -1) \
			return -1; \
		free(f->field); \
		f->field = xstrdup(fo->field); \
	}
	TEXT(symbol, "--symbol", FACT_SYMBOL_MAX)
	TEXT(paragraph, "--paragraph", FACT_PARAGRAPH_MAX)
	TEXT(url, "--url", FACT_URL_MAX)
	TEXT(note, "--note", FACT_NOTE_MAX)
#undef TEXT
	if (fo->by != NULL) {
		if (clean_text("--by", fo->by, FACT_BY_MAX) == -1)
			return -1;
		free(f->recorded_by);
		f->recorded_by = xstrdup(fo->by);
	}
	return 0;
}

/* The change notices a change will cause: to the instrument's people. */
static void
print_notices(const struct service *sv, const struct change *ch,
    const char *verb)
{
	const struct coordinator	*co;
	size_t				 nco;

	if (ch->kind != CHANGE_MOVED || ch->after->rule->type == RULE_MILESTONE ||
	    ch->after->confidence == CONF_TENTATIVE)
		return;
	co = service_coordinators(sv, &nco);
	for (size_t i = 0; i < nco; i++)
		if (coordinator_role(&co[i], ch->after->inst->code) != NULL)
			printf("  %s a change notice to %s <%s>\n", verb,
			    co[i].name, co[i].email);
}

/* What facts v[0..n) change, one line each (a summary when many). */
static void
print_changes(const struct service *sv, const struct service_preview *p,
    int dry_run)
{
	char	 line[512];
	size_t	 counts[CHANGE_PLANNED + 1] = { 0 };

	if (p->n > 30) {
		for (size_t i = 0; i < p->n; i++)
			counts[p->changes[i].kind]++;
		printf("  %zu deadlines changed: %zu new, %zu moved, %zu met, "
		    "%zu removed or superseded, %zu with another status "
		    "(see 'treatyctl deadlines')\n", p->n, counts[CHANGE_CREATED],
		    counts[CHANGE_MOVED], counts[CHANGE_MET],
		    counts[CHANGE_REMOVED], counts[CHANGE_STATUS] +
		    counts[CHANGE_PLANNED]);
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		printf("  %s\n", change_line(&p->changes[i], line, sizeof line));
		print_notices(sv, &p->changes[i], dry_run ? "would send" :
		    "treatyd sends");
	}
}

/*
 * A report without --cycle meets the next report of a grid in number; when
 * it comes more than a period after that report's date, earlier reports
 * are probably missing from the records, and the numbering is a guess.
 */
static void
warn_numbering(const struct fact *f, const struct service_preview *p)
{
	char	 d1[DATE_STRLEN];

	if (f->cycle[0] != '\0')
		return;
	for (size_t i = 0; i < p->n; i++) {
		const struct deadline	*a = p->changes[i].after;

		if (p->changes[i].kind != CHANGE_MET ||
		    a->rule->type != RULE_GRID ||
		    date_add(a->due, &a->rule->period, 1) >= f->date)
			continue;
		fprintf(stderr, "treatyctl: warning: without --cycle this "
		    "counts as report %s, due %s, more than a period earlier; "
		    "if reports are missing from the records, give --cycle\n",
		    a->cycle, date_format(a->due, d1));
	}
}

/*
 * Record f through the service, as by treatyctl: who ran it. Refused
 * when the same fact is in force, when it is dated in the future, and
 * when it changes no deadline although the rules use its kind (unless
 * --force); with --dry-run it says what would change and records
 * nothing.
 */
static int
store_one(struct ctl *c, struct fact *f, const struct fact_opts *fo,
    const char *verb)
{
	struct service		*sv;
	struct service_preview	 p;
	char			*cause = NULL, *why = NULL, d1[DATE_STRLEN];
	int			 today = clock_today(c->conf->timezone), rc = CTL_OK;
	int			 used = 0;
	long long		 dup;

	if (fo->today != NULL && ctl_parse_date_arg("--today", fo->today,
	    &today) == -1)
		return CTL_ERROR;
	if (f->recorded_by == NULL && getenv("USER") != NULL) {
		if (clean_text("$USER (give --by instead)", getenv("USER"),
		    FACT_BY_MAX) == -1)
			return CTL_ERROR;
		f->recorded_by = xstrdup(getenv("USER"));
	}
	if (fact_validate(f, &c->conf->rules, &cause) == -1)
		return ctl_fail("%s", cause), free(cause), CTL_ERROR;
	if (f->date > today)
		return ctl_fail("%s is in the future: a fact records what happened "
		    "or was decided (a date the body set, or the network plans, "
		    "goes in --due)", date_format(f->date, d1));
	if ((sv = ctl_planning_service(c, today)) == NULL)
		return CTL_ERROR;
	if ((dup = service_fact_in_force(sv, f)) != 0 && !fo->force) {
		rc = ctl_fail("already recorded as fact %lld; nothing recorded", dup);
		goto out;
	}
	service_preview_facts(sv, f, 1, &p);
	if (p.n == 0) {
		used = change_why_none(&c->conf->rules, &p.before, f, &why);
		if (used && !fo->force) {
			rc = ctl_fail("%s; nothing recorded (--force records it "
			    "anyway)", why);
			goto out_preview;
		}
	}
	if (fo->dry_run) {
		printf("would record: %s %s %s\n", f->instrument, f->kind,
		    date_format(f->date, d1));
		print_changes(sv, &p, 1);
		warn_numbering(f, &p);
		if (p.n == 0)
			printf("  no deadline changes: %s\n", why);
		printf("nothing recorded (--dry-run)\n");
		goto out_preview;
	}
	if (service_record_fact(sv, f, clock_now(), &cause) == -1) {
		rc = ctl_fail("%s", cause);
		free(cause);
		goto out_preview;
	}
	printf("%s fact %lld\n", verb, f->id);
	print_changes(sv, &p, 0);
	warn_numbering(f, &p);
	if (p.n == 0)
		printf("  no deadline changes: %s\n", why);
out_preview:
	service_preview_free(&p);
out:
	free(why);
	service_free(sv);
	return rc;
}

static int
fact_add(struct ctl *c)
{
	struct fact_opts	 fo;
	struct fact		 f;
	char			*cause = NULL;
	int			 rc;

	if ((rc = fact_options(c, &fo, 0)) != CTL_OK)
		return rc;
	if (c->argc - optind != 3)
		return ctl_usage("fact add needs INSTRUMENT KIND DATE");
	memset(&f, 0, sizeof f);
	f.due = DATE_NONE;
	if (find_instrument(c, c->argv[optind]) == NULL)
		return CTL_ERROR;
	snprintf(f.instrument, sizeof f.instrument, "%s",
	    ruleset_find(&c->conf->rules, c->argv[optind])->code);
	if (copy_field(f.kind, sizeof f.kind, "kind", c->argv[optind + 1]) == -1)
		return CTL_ERROR;
	if (date_parse(c->argv[optind + 2], &f.date, &cause) == -1)
		return ctl_fail_cause("date", cause);
	if (fact_apply(&f, &fo) == -1) {
		fact_clear(&f);
		return CTL_ERROR;
	}
	rc = store_one(c, &f, &fo, "recorded");
	fact_clear(&f);
	return rc;
}

static int
parse_id(const char *s, long long *id)
{
	char	*end;

	*id = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || *id <= 0)
		return ctl_fail("'%s' is not a fact id (see 'treatyctl fact list')",
		    s), -1;
	return 0;
}

static int
fact_supersede(struct ctl *c)
{
	struct fact_opts	 fo;
	struct fact		 f;
	long long		 id;
	char			*cause = NULL;
	int			 rc;

	if ((rc = fact_options(c, &fo, 1)) != CTL_OK)
		return rc;
	if (c->argc - optind != 1)
		return ctl_usage("fact supersede needs the ID of the fact to correct");
	if (parse_id(c->argv[optind], &id) == -1)
		return CTL_ERROR;
	if (ctl_open_store(c, 0) == -1)
		return CTL_ERROR;
	rc = store_fact_get(c->store, id, &f, &cause);
	if (rc == -1)
		return ctl_fail_cause("reading the fact", cause);
	if (rc == 1)
		return ctl_fail("no fact %lld", id);
	f.supersedes = id;
	free(f.recorded_by);
	f.recorded_by = NULL;
	if (fact_apply(&f, &fo) == -1) {
		fact_clear(&f);
		return CTL_ERROR;
	}
	rc = store_one(c, &f, &fo, "recorded correcting");
	fact_clear(&f);
	return rc;
}

static int
fact_list(struct ctl *c)
{
	static const struct option opts[] = {
		{ "instrument", required_argument, NULL, 'i' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*code = NULL;
	int		 all = 0, json = 0, ch;
	struct fact	*v = NULL, *sel;
	size_t		 n = 0, m = 0;
	char		*cause = NULL, d1[DATE_STRLEN], d2[DATE_STRLEN];

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'i': code = optarg; break;
		case 'a': all = 1; break;
		case 'j': json = 1; break;
		default: return ctl_usage(NULL);
		}
	}
	if (optind != c->argc)
		return ctl_usage("fact list: unexpected argument '%s'", c->argv[optind]);
	if (code != NULL && find_instrument(c, code) == NULL)
		return CTL_ERROR;
	if (ctl_open_store(c, 0) == -1)
		return CTL_ERROR;
	if (store_facts(c->store, &v, &n, &cause) == -1)
		return ctl_fail_cause("reading facts", cause);
	sel = xcalloc(n ? n : 1, sizeof *sel);
	for (size_t i = 0; i < n; i++) {
		if (code != NULL && strcasecmp(v[i].instrument, code) != 0)
			continue;
		if (!all && engine_fact_superseded(v, n, v[i].id))
			continue;
		sel[m++] = v[i];	/* shallow: v keeps ownership */
	}
	if (json) {
		char	*text = jsonout_facts(sel, m, v, n, &cause);

		if (text == NULL) {
			free(sel);
			facts_free(v, n);
			return ctl_fail_cause("fact list --json", cause);
		}
		printf("%s\n", text);
		free(text);
	} else {
		printf("%-5s  %-8s  %-18s  %-10s  %-14s  %-6s  %s\n", "ID", "CODE",
		    "KIND", "DATE", "RULE/DUE", "CYCLE", "SYMBOL");
		for (size_t i = 0; i < m; i++) {
			const struct fact	*f = &sel[i];
			char			 rd[48];

			if (f->due != DATE_NONE)
				snprintf(rd, sizeof rd, "%s %s", f->rule,
				    date_format(f->due, d2));
			else
				snprintf(rd, sizeof rd, "%s", f->rule[0] ? f->rule : "-");
			printf("%-5lld  %-8s  %-18s  %-10s  %-14s  %-6s  %s%s\n",
			    f->id, f->instrument, f->kind,
			    date_format(f->date, d1), rd,
			    f->cycle[0] ? f->cycle : "-",
			    f->symbol ? f->symbol : "-",
			    engine_fact_superseded(v, n, f->id) ?
			    "  (superseded)" : "");
		}
		if (m == 0)
			printf("(no facts)\n");
	}
	free(sel);
	facts_free(v, n);
	return CTL_OK;
}

static int
fact_import(struct ctl *c)
{
	struct diag	 dg;
	struct seed	 im;
	const char	*file;
	struct service	*sv;
	struct service_preview p;
	struct fact	*fresh;
	size_t		 skipped = 0, at, nfresh = 0;
	char		*cause = NULL, *by = NULL;
	int		 rc = CTL_OK, dry_run = 0;

	if (c->argc == 4 && strcmp(c->argv[2], "--dry-run") == 0)
		dry_run = 1;
	else if (c->argc == 4 && strcmp(c->argv[3], "--dry-run") == 0)
		dry_run = 2;
	else if (c->argc != 3)
		return ctl_usage("fact import needs FILE (and may take --dry-run)");
	diag_init(&dg);
	memset(&im, 0, sizeof im);
	file = c->argv[dry_run == 1 ? 3 : 2];
	{
		struct stat	 sb;

		if (stat(file, &sb) == -1)
			return ctl_fail("%s: %s", file, strerror(errno));
		if (!S_ISREG(sb.st_mode))
			return ctl_fail("%s is not a file: fact import reads one "
			    "seed file (INI)", file);
	}
	/* Who recorded the facts the file leaves silent on. */
	by = xasprintf("import %s", file);
	if (utf8_check_text(by, FACT_BY_MAX, &cause) == -1) {
		rc = ctl_fail("%s: the path cannot be recorded as who imported "
		    "(%s)", file, cause);
		free(cause);
		goto out;
	}
	/* Every error now, each with its line; the service checks again
	 * when it records. */
	seed_read(file, &c->conf->rules, by, &dg, &im);
	if (dg.n > 0) {
		diag_print(&dg, stderr, "treatyctl: ");
		fprintf(stderr, "treatyctl: nothing imported (%zu error%s)\n",
		    dg.n, dg.n == 1 ? "" : "s");
		rc = CTL_ERROR;
		goto out;
	}
	if ((sv = ctl_planning_service(c, clock_today(c->conf->timezone))) == NULL) {
		rc = CTL_ERROR;
		goto out;
	}
	/* What the facts not recorded yet will change. */
	fresh = xcalloc(im.n ? im.n : 1, sizeof *fresh);
	for (size_t i = 0; i < im.n; i++)
		if (service_fact_in_force(sv, &im.v[i]) == 0)
			fresh[nfresh++] = im.v[i];
	service_preview_facts(sv, fresh, nfresh, &p);
	free(fresh);
	if (dry_run) {
		printf("would import %zu facts from %s (%zu already recorded)\n",
		    nfresh, file, im.n - nfresh);
		print_changes(sv, &p, 1);
		printf("nothing recorded (--dry-run)\n");
		service_preview_free(&p);
		service_free(sv);
		goto out;
	}
	/* All or nothing; importing the same file again records nothing
	 * twice. */
	if (service_import_facts(sv, im.v, im.n, clock_now(), &skipped, &at,
	    &cause) == -1) {
		if (at < im.n)
			fprintf(stderr, "treatyctl: %s:%d: %s; nothing imported\n",
			    file, im.lines[at], cause);
		else
			fprintf(stderr, "treatyctl: import: %s\n", cause);
		free(cause);
		rc = CTL_ERROR;
	} else {
		printf("imported %zu facts from %s", im.n - skipped, file);
		if (skipped > 0)
			printf(" (%zu already recorded)", skipped);
		printf("\n");
		print_changes(sv, &p, 0);
	}
	service_preview_free(&p);
	service_free(sv);
out:
	seed_free(&im);
	free(by);
	diag_clear(&dg);
	return rc;
}

static int
cmd_fact(struct ctl *c)
{
	const char	*sub;

	if (c->argc < 2)
		return ctl_usage("fact needs add, list, supersede or import");
	sub = c->argv[1];
	c->argc--;
	c->argv++;
	if (!strcmp(sub, "add"))
		return fact_add(c);
	if (!strcmp(sub, "list"))
		return fact_list(c);
	if (!strcmp(sub, "supersede"))
		return fact_supersede(c);
	if (!strcmp(sub, "import")) {
		c->argc++;
		c->argv--;
		return fact_import(c);
	}
	{
		static const char *const subs[] = { "add", "list",
		    "supersede", "import", NULL };

		return ctl_unknown_command("fact command", sub, subs);
	}
}

static int	 issue_feed(struct ctl *, const char *, enum mail_kind, int);

static int
coordinator_add(struct ctl *c)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "lead", required_argument, NULL, 'L' },
		{ "contributor", required_argument, NULL, 'C' },
		{ "no-welcome", no_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*lang = c->conf->language, *lead = NULL;
	const char		*contrib = NULL;
	const struct department	*dept;
	char			*cause = NULL;
	int			 ch, welcome = 1;

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'W': welcome = 0; break;
		case 'l': lang = optarg; break;
		case 'L': lead = optarg; break;
		case 'C': contrib = optarg; break;
		default: return ctl_usage(NULL);
		}
	}
	if (c->argc - optind != 3)
		return ctl_usage("coordinator add needs NAME EMAIL DEPARTMENT");
	if (parse_lang(lang, &lang) == -1)
		return CTL_ERROR;
	if (ctl_open_store(c, 0) == -1)
		return CTL_ERROR;
	if (coord_add(c->conf, c->store, c->argv[optind], c->argv[optind + 1],
	    c->argv[optind + 2], lang, lead, contrib, &cause) == -1)
		return ctl_fail("%s", cause), free(cause), CTL_ERROR;
	dept = conf_department(c->conf, c->argv[optind + 2]);
	printf("added coordinator %s <%s> (%s, %s)\n", c->argv[optind],
	    c->argv[optind + 1], dept->code, lang);
	/* The welcome carries their own feed, issued now. */
	if (welcome && issue_feed(c, c->argv[optind], MAIL_WELCOME, 1) == -1)
		return CTL_ERROR;
	return CTL_OK;
}

static int
coordinator_list(struct ctl *c)
{
	static const char *const head[] = { "NAME", "E-MAIL", "DEPT", "LANG",
	    "INSTRUMENTS" };
	static const size_t	 least[] = { 12, 16, 0, 0, 12 };
	struct coordinator	*v = NULL;
	struct ctl_table	*t;
	struct buf		 b;
	size_t			 n = 0;
	char			*cause = NULL;
	int			 json = 0, wide = 0;

	for (int i = 1; i < c->argc; i++) {
		if (strcmp(c->argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(c->argv[i], "--wide") == 0)
			wide = 1;
		else
			return ctl_usage("coordinator list takes --json or "
			    "--wide, not '%s'", c->argv[i]);
	}
	if (ctl_open_store(c, 0) == -1)
		return CTL_ERROR;
	if (store_coordinators(c->store, &v, &n, &cause) == -1)
		return ctl_fail_cause("reading coordinators", cause);
	if (json) {
		int	 rc = print_json("coordinator list",
		    jsonout_coordinators(v, n, &cause), &cause);

		coordinators_free(v, n);
		return rc;
	}
	t = ctl_table_new(5, head, least);
	buf_init(&b, 64 * 1024);
	for (size_t i = 0; i < n; i++) {
		const char	*row[5];

		b.len = 0;
		buf_add(&b, "", 0);
		for (size_t j = 0; j < v[i].nassignments; j++)
			buf_printf(&b, "%s%s%s", j ? " " : "",
			    v[i].assignments[j].instrument,
			    strcmp(v[i].assignments[j].role, "lead") ? "" :
			    "(lead)");
		row[0] = v[i].name;
		row[1] = v[i].email;
		row[2] = v[i].department;
		row[3] = v[i].language;
		row[4] = b.p;
		ctl_table_add(t, row);
	}
	if (n == 0)
		printf("(no coordinators)\n");
	else
		ctl_table_print(t, wide);
	ctl_table_free(t);
	buf_free(&b);
	coordinators_free(v, n);
	return CTL_OK;
}

/* Feed URLs of a token: https:// to copy, webcal:// to click. */
static void
print_feed_urls(const char *base, const char *token)
{
	const char	*rest = strstr(base, "://");

	printf("%s/feeds/c/%s.ics\n", base, token);
	printf("webcal://%s/feeds/c/%s.ics\n", rest ? rest + 3 : base, token);
}

/*
 * A new feed token for a coordinator (only its hash kept) and, with
 * kind, a mail of its own with the address: the welcome or the new
 * address. Says what happened; -1 after an error was reported.
 */
static int
issue_feed(struct ctl *c, const char *name, enum mail_kind kind, int mail)
{
	struct service	*sv = NULL;
	char		*cause = NULL, *why = NULL, token[41];
	int		 mailed = 0;

	if (mail && (sv = ctl_planning_service(c,
	    clock_today(c->conf->timezone))) == NULL)
		return -1;
	if (coord_issue_feed(c->conf, c->store, sv, NULL, name, kind, mail,
	    token,
	    &mailed, &why, &cause) == -1) {
		service_free(sv);
		return ctl_fail_cause("coordinator token", cause), -1;
	}
	printf("feed of %s (keep this address secret; anyone with it can read "
	    "the feed):\n", name);
	print_feed_urls(c->conf->base_url, token);
	explicit_bzero(token, sizeof token);
	if (mail && mailed)
		printf("mailed %s to %s\n", kind == MAIL_WELCOME ?
		    "a welcome" : "the new address", name);
	else if (mail) {
		fprintf(stderr, "treatyctl: warning: the %s mail to %s was not "
		    "sent: %s; give them the address above yourself\n",
		    kind == MAIL_WELCOME ? "welcome" : "new address", name,
		    why ? why : "unknown reason");
	}
	free(why);
	service_free(sv);
	return 0;
}

static int
coordinator_token(struct ctl *c)
{
	static const struct option opts[] = {
		{ "rotate", no_argument, NULL, 'r' },
		{ "mail", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct coordinator	*v = NULL;
	size_t			 n = 0;
	int			 rotate = 0, mail = 0, ch, found = -1;
	char			*cause = NULL;

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		if (ch == 'r')
			rotate = 1;
		else if (ch == 'm')
			mail = 1;
		else
			return ctl_usage(NULL);
	}
	if (c->argc - optind != 1)
		return ctl_usage("coordinator token needs NAME");
	if (ctl_open_store(c, 0) == -1)
		return CTL_ERROR;
	if (store_coordinators(c->store, &v, &n, &cause) == -1)
		return ctl_fail_cause("reading coordinators", cause);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, c->argv[optind]) == 0)
			found = v[i].has_token;
	coordinators_free(v, n);
	if (found == -1)
		return ctl_fail("no coordinator named '%s'", c->argv[optind]);
	if (found == 1 && !rotate)
		return ctl_fail("%s already has a feed token; only its hash is kept, "
		    "so it cannot be shown again: use --rotate to issue a new one "
		    "(the old one stops working at once)", c->argv[optind]);
	return issue_feed(c, c->argv[optind], MAIL_FEED, mail) == -1 ?
	    CTL_ERROR : CTL_OK;
}

/* Write path atomically: a temporary file in the same directory, renamed. */
static int
write_atomic(const char *path, const char *data, size_t len)
{
	char	*tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	char	*cause = NULL;
	int	 rv;

	if ((rv = atomic_write(path, tmp, data, len, 0666, &cause)) == -1)
		ctl_fail_cause("export", cause);
	free(tmp);
	return rv;
}

static int
make_dir(const char *path)
{
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		ctl_fail("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
export_feed(struct service *sv, const char *dir, enum feed_scope scope,
    const char *key, const char *lang, int *count)
{
	char		*path, *data;
	long long	 modified;
	int		 rc;

	data = service_feed(sv, scope, key, lang, &modified);
	if (data == NULL)
		return 0;
	if (scope == FEED_ALL)
		path = xasprintf("%s/feeds/all.ics", dir);
	else
		path = xasprintf("%s/feeds/%s/%s.ics", dir, scope ==
		    FEED_INSTRUMENT ? "instrument" : "department", key);
	rc = write_atomic(path, data, strlen(data));
	free(path);
	free(data);
	if (rc == 0)
		(*count)++;
	return rc;
}

static int
cmd_export(struct ctl *c)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "today", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*lang = c->conf->language, *dir;
	struct service	*sv;
	char		*cause = NULL, *sub;
	int		 today, ch, count = 0, rc = CTL_OK, projected = 0;

	today = clock_today(c->conf->timezone);
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			lang = optarg;
			break;
		case 'd':
			if (ctl_parse_date_arg("--today", optarg, &today) == -1)
				return CTL_ERROR;
			projected = 1;
			break;
		default:
			return ctl_usage(NULL);
		}
	}
	if (parse_lang(lang, &lang) == -1)
		return CTL_ERROR;
	if (c->argc - optind != 1)
		return ctl_usage("export needs DIR");
	dir = c->argv[optind];
	if (make_dir(dir) == -1)
		return CTL_ERROR;
	sub = xasprintf("%s/feeds", dir);
	rc = make_dir(sub);
	free(sub);
	sub = xasprintf("%s/feeds/instrument", dir);
	rc = rc || make_dir(sub);
	free(sub);
	if (c->conf->public_feeds) {
		sub = xasprintf("%s/feeds/department", dir);
		rc = rc || make_dir(sub);
		free(sub);
	}
	if (rc != 0)
		return CTL_ERROR;
	if (ctl_open_store(c, 0) == -1)
		return CTL_ERROR;
	sv = service_new(c->conf, c->store);
	if (projected)
		service_read_only(sv);
	if (service_refresh(sv, today, clock_now(), &cause) == -1) {
		service_free(sv);
		return ctl_fail_cause("computing deadlines", cause);
	}
	rc = export_feed(sv, dir, FEED_ALL, NULL, lang, &count);
	for (size_t i = 0; rc == 0 && i < c->conf->rules.n; i++)
		rc = export_feed(sv, dir, FEED_INSTRUMENT,
		    c->conf->rules.v[i].code, lang, &count);
	for (size_t i = 0; rc == 0 && c->conf->public_feeds &&
	    i < c->conf->ndepartments; i++)
		rc = export_feed(sv, dir, FEED_DEPARTMENT,
		    c->conf->departments[i].code, lang, &count);
	service_free(sv);
	if (rc != 0)
		return CTL_ERROR;
	printf("exported %d feeds to %s/feeds\n", count, dir);
	return CTL_OK;
}

/* "We know; it is being handled": no repeats for that coordinator until
 * the deadline's date or status changes. */
static int
cmd_ack(struct ctl *c)
{
	static const struct option opts[] = {
		{ "coordinator", required_argument, NULL, 'c' },
		{ "today", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	const struct coordinator	*co = NULL, *v;
	const struct deadlines		*dl;
	const struct deadline		*d = NULL;
	struct service			*sv;
	struct ack			 a;
	const char			*name = NULL, *user = getenv("USER");
	char				*cause = NULL;
	size_t				 n;
	int				 ch, rc, today = clock_today(c->conf->timezone);

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		if (ch == 'c')
			name = optarg;
		else if (ch != 'd' || ctl_parse_date_arg("--today", optarg,
		    &today) == -1)
			return ch == 'd' ? CTL_ERROR : ctl_usage(NULL);
	}
	if (c->argc - optind != 1 || name == NULL)
		return ctl_usage("ack needs DEADLINE and --coordinator NAME");
	if ((sv = ctl_planning_service(c, today)) == NULL)
		return CTL_ERROR;
	dl = service_deadlines(sv);
	for (size_t i = 0; i < dl->n; i++)
		if (strcmp(dl->v[i].id, c->argv[optind]) == 0)
			d = &dl->v[i];
	v = service_coordinators(sv, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			co = &v[i];
	if (d == NULL)
		rc = ctl_fail("no deadline '%s' (the ids are in 'treatyctl deadlines "
		    "--json')", c->argv[optind]);
	else if (d->status != STATUS_OPEN && d->status != STATUS_OVERDUE)
		rc = ctl_fail("%s is %s: there are no reminders to stop", d->id,
		    engine_status_name(d->status));
	else if (co == NULL)
		rc = ctl_fail("no coordinator named '%s'", name);
	else if (coordinator_role(co, d->inst->code) == NULL)
		rc = ctl_fail("%s is not a coordinator of %s", co->name,
		    d->inst->code);
	else {
		memset(&a, 0, sizeof a);
		snprintf(a.deadline, sizeof a.deadline, "%s", d->id);
		date_format(d->due, a.due);
		snprintf(a.status, sizeof a.status, "%s",
		    engine_status_name(d->status));
		snprintf(a.coordinator, sizeof a.coordinator, "%s", co->email);
		a.at = clock_now();
		snprintf(a.via, sizeof a.via, "treatyctl: %.40s",
		    user && utf8_check_text(user, 40, &cause) == 0 ? user :
		    "?");
		free(cause);
		cause = NULL;
		if ((rc = store_ack_add(c->store, &a, &cause)) == -1)
			rc = ctl_fail_cause("ack", cause);
		else {
			printf("%s %s (due %s, %s) for %s: no more reminders to "
			    "them until its date or status changes\n", rc == 1 ?
			    "acknowledged" : "already acknowledged", d->id, a.due,
			    a.status, co->name);
			rc = CTL_OK;
		}
	}
	service_free(sv);
	return rc;
}

/* Why a pending row waits, for the LAST REPLY column. */
static const char *
waits_why(const char *waiting)
{
	if (strcmp(waiting, "config") == 0)
		return "(waits for the [mail] configuration to be fixed) ";
	if (strcmp(waiting, "retry") == 0)
		return "(retried after a temporary failure) ";
	if (strcmp(waiting, "max_per_day") == 0)
		return "(waits for tomorrow: [reminders] max_per_day) ";
	return "";
}

static int
cmd_outbox(struct ctl *c)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "wide", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const head[] = { "SEND AT", "STATE", "TRY",
	    "DEADLINE", "LEAD", "RECIPIENT", "LAST REPLY" };
	static const size_t	 least[] = { 0, 0, 0, 10, 0, 10, 6 };
	struct outbox_row	*v = NULL;
	struct ctl_table	*t;
	int			 json = 0, wide = 0;
	enum outbox_state	 state, *want = NULL;
	size_t			 n = 0, i;
	long			 limit = 200;
	char			*cause = NULL, *end, when[32];
	int			 ch;

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (outbox_state_parse(optarg, &state) == -1)
				return ctl_fail("--state '%s': expected pending, "
				    "sending, sent, failed, skipped or superseded",
				    optarg);
			want = &state;
			break;
		case 'n':
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit < 1 ||
			    limit > 100000)
				return ctl_fail("--limit '%s': expected 1 to 100000",
				    optarg);
			break;
		case 'j':
			json = 1;
			break;
		case 'w':
			wide = 1;
			break;
		default:
			return ctl_usage(NULL);
		}
	}
	if (optind != c->argc)
		return ctl_usage("outbox: unexpected argument '%s'", c->argv[optind]);
	if (ctl_open_store(c, 0) == -1)
		return CTL_ERROR;
	if (store_outbox_list(c->store, want, (size_t)limit, &v, &n, &cause) == -1)
		return ctl_fail_cause("outbox", cause);
	if (json) {
		struct ack	*a = NULL;
		size_t		 na = 0;
		int		 rc;

		if (store_acks(c->store, &a, &na, &cause) == -1) {
			outbox_free(v, n);
			return ctl_fail_cause("outbox", cause);
		}
		rc = print_json("outbox", jsonout_outbox(v, n, a, na, &cause),
		    &cause);
		outbox_free(v, n);
		free(a);
		return rc;
	}
	t = ctl_table_new(7, head, least);
	for (i = 0; i < n; i++) {
		const char	*row[7];
		char		 try[16], *reply;

		clock_format_local(v[i].send_at, c->conf->timezone, when,
		    sizeof when);
		snprintf(try, sizeof try, "%d", v[i].attempts);
		reply = xasprintf("%s%s", v[i].state != OUTBOX_PENDING ? "" :
		    waits_why(v[i].waiting), v[i].last_reply ? v[i].last_reply :
		    "");
		row[0] = when;
		row[1] = outbox_state_name(v[i].state);
		row[2] = try;
		row[3] = v[i].deadline;
		row[4] = v[i].lead;
		row[5] = v[i].recipient;
		row[6] = reply;
		ctl_table_add(t, row);
		free(reply);
	}
	if (n == 0)
		printf("(the outbox is empty)\n");
	else
		ctl_table_print(t, wide);
	ctl_table_free(t);
	outbox_free(v, n);
	{
		struct ack	*a = NULL;
		size_t		 na = 0;

		if (store_acks(c->store, &a, &na, &cause) == -1)
			return ctl_fail_cause("outbox", cause);
		for (i = 0; i < na; i++) {
			clock_format_local(a[i].at, c->conf->timezone, when,
			    sizeof when);
			printf("%sacknowledged %s (due %s, %s) by %s on %s, %s\n",
			    i == 0 ? "\n" : "", a[i].deadline, a[i].due,
			    a[i].status, a[i].coordinator, when, a[i].via);
		}
		free(a);
	}
	return CTL_OK;
}

/* "YYYY-MM-DDTHH:MM" in the configured time zone. */
static int
parse_now(const struct ctl *c, const char *s, long long *out)
{
	char	 day[11], *cause = NULL;
	int	 date, h, m;

	if (strlen(s) != 16 || s[10] != 'T' || s[13] != ':' ||
	    sscanf(s + 11, "%2d:%2d", &h, &m) != 2 || h > 23 || m > 59 ||
	    h < 0 || m < 0) {
		ctl_fail("--now '%s': expected YYYY-MM-DDTHH:MM (local time)", s);
		return -1;
	}
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, &date, &cause) == -1) {
		ctl_fail("--now: %s", cause);
		free(cause);
		return -1;
	}
	*out = clock_local_time(date, h * 60 + m, c->conf->timezone);
	return 0;
}

static int
cmd_dispatch(struct ctl *c)
{
	static const struct option opts[] = {
		{ "now", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct outbox_stats	 st;
	struct service		*sv;
	struct dispatch		*dp;
	long long		 now = clock_now();
	char			*cause = NULL;
	int			 ch, rc, lockfd = -1;

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		if (ch != 'n')
			return ctl_usage(NULL);
		if (parse_now(c, optarg, &now) == -1)
			return CTL_ERROR;
	}
	if (optind != c->argc)
		return ctl_usage("dispatch: unexpected argument '%s'",
		    c->argv[optind]);
	/* Never beside a running treatyd: it dispatches by itself. */
	if (store_lock(c->conf->database, &lockfd, &cause) == -1)
		return ctl_fail_cause("dispatch", cause);
	if (ctl_open_store(c, 0) == -1) {
		close(lockfd);
		return CTL_ERROR;
	}
	sv = service_new(c->conf, c->store);
	if (service_refresh(sv, clock_local_date(now, c->conf->timezone), now,
	    &cause) == -1) {
		service_free(sv);
		close(lockfd);
		return ctl_fail_cause("computing deadlines", cause);
	}
	dp = dispatch_new(c->conf, c->store);
	rc = dispatch_run(dp, sv, now, &st, &cause);
	printf("queued %d, sent %d, deferred %d, failed %d, skipped %d, "
	    "superseded %d, waiting for tomorrow %d", st.queued, st.sent,
	    st.retried, st.failed, st.skipped, st.superseded, st.waiting);
	printf("\n");
	if (st.mails > 0)
		printf("%d mail%s handed to the transport in %lld ms\n",
		    st.mails, st.mails == 1 ? "" : "s", st.wire_us / 1000);
	dispatch_free(dp);
	service_free(sv);
	close(lockfd);
	if (rc == -1)
		return ctl_fail_cause("dispatch", cause);
	return st.failed > 0 ? CTL_ERROR : CTL_OK;
}

/* The outbox rows and Maildir files older than [reminders] keep. */
static int
cmd_prune(struct ctl *c)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'd' },
		{ "now", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct prune_result	 res;
	long long		 now = clock_now();
	char			*cause = NULL, line[160];
	int			 ch, dry_run = 0;

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		if (ch == 'd')
			dry_run = 1;
		else if (ch != 'n')
			return ctl_usage(NULL);
		else if (parse_now(c, optarg, &now) == -1)
			return CTL_ERROR;
	}
	if (optind != c->argc)
		return ctl_usage("prune: unexpected argument '%s'",
		    c->argv[optind]);
	if (ctl_open_store(c, 0) == -1)
		return CTL_ERROR;
	if (prune_run(c->conf, c->store, now, dry_run, &res, &cause) == -1)
		return ctl_fail_cause("prune", cause);
	prune_describe(&res, dry_run, line, sizeof line);
	printf("%s\n", line);
	return CTL_OK;
}

static int
cmd_send_test(struct ctl *c)
{
	struct dispatch	*dp;
	char		*cause = NULL;
	int		 rc;

	if (c->argc != 2)
		return ctl_usage("send-test needs ADDRESS");
	dp = dispatch_new(c->conf, NULL);
	rc = dispatch_send_test(dp, c->argv[1], clock_now(), &cause);
	dispatch_free(dp);
	if (rc == -1)
		return ctl_fail_cause("send-test", cause);
	printf("test message sent to %s through %s\n", c->argv[1],
	    c->conf->transport);
	return CTL_OK;
}

static int
cmd_agenda(struct ctl *c)
{
	static const struct option opts[] = {
		{ "meeting", required_argument, NULL, 'm' },
		{ "previous", required_argument, NULL, 'p' },
		{ "months", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "today", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*lang = c->conf->language, *fmt = "md", *marg = NULL;
	int		 meeting = DATE_NONE, previous = DATE_NONE, months = 0;
	int		 today = clock_today(c->conf->timezone), ch;
	struct service	*sv;
	char		*out, *cause = NULL, *end;

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			if (ctl_parse_date_arg("--meeting", optarg, &meeting) == -1)
				return CTL_ERROR;
			marg = optarg;
			break;
		case 'p':
			if (ctl_parse_date_arg("--previous", optarg, &previous) == -1)
				return CTL_ERROR;
			break;
		case 'd':
			if (ctl_parse_date_arg("--today", optarg, &today) == -1)
				return CTL_ERROR;
			break;
		case 'n':
			months = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || months < 1 ||
			    months > 60)
				return ctl_fail("--months '%s': expected 1 to 60",
				    optarg);
			break;
		case 'f':
			if (strcmp(optarg, "md") && strcmp(optarg, "html") &&
			    strcmp(optarg, "text") && strcmp(optarg, "ics"))
				return ctl_fail("--format '%s': expected md, html, "
				    "text or ics", optarg);
			fmt = optarg;
			break;
		case 'l':
			if (parse_lang(optarg, &lang) == -1)
				return CTL_ERROR;
			break;
		default:
			return ctl_usage(NULL);
		}
	}
	if (optind != c->argc)
		return ctl_usage("agenda: unexpected argument '%s'", c->argv[optind]);
	if (meeting != DATE_NONE && meeting < today)
		return ctl_fail("--meeting %s is before today", marg);
	if ((sv = ctl_planning_service(c, today)) == NULL)
		return CTL_ERROR;
	if (strcmp(fmt, "ics") == 0)
		out = service_agenda_ics(sv, meeting, lang, "PUBLISH", &cause);
	else
		out = service_agenda(sv, meeting, previous, months, lang,
		    strcmp(fmt, "html") == 0 ? AGENDA_HTML :
		    strcmp(fmt, "text") == 0 ? AGENDA_TEXT : AGENDA_MD, &cause);
	service_free(sv);
	if (out == NULL)
		return ctl_fail_cause("agenda", cause);
	fputs(out, stdout);
	free(out);
	return CTL_OK;
}

static int
cmd_report(struct ctl *c)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "today", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*lang = c->conf->language, *fmt = "md";
	int		 today = clock_today(c->conf->timezone), ch, year = 0;
	struct service	*sv;
	char		*out, *cause = NULL, *end;

	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			year = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' ||
			    year < DATE_MIN_YEAR || year > DATE_MAX_YEAR - 1)
				return ctl_fail("--year '%s': expected a year such as "
				    "2026", optarg);
			break;
		case 'f':
			if (strcmp(optarg, "md") && strcmp(optarg, "html") &&
			    strcmp(optarg, "csv"))
				return ctl_fail("--format '%s': expected md, html or "
				    "csv", optarg);
			fmt = optarg;
			break;
		case 'l':
			if (parse_lang(optarg, &lang) == -1)
				return CTL_ERROR;
			break;
		case 'd':
			if (ctl_parse_date_arg("--today", optarg, &today) == -1)
				return CTL_ERROR;
			break;
		default:
			return ctl_usage(NULL);
		}
	}
	if (optind != c->argc)
		return ctl_usage("report: unexpected argument '%s'", c->argv[optind]);
	/* The letter goes out early in the year: by default, the last one. */
	if (year == 0)
		year = date_year(today) - 1;
	if ((sv = ctl_planning_service(c, today)) == NULL)
		return CTL_ERROR;
	out = service_review(sv, year, lang, strcmp(fmt, "html") == 0 ?
	    REVIEW_HTML : strcmp(fmt, "csv") == 0 ? REVIEW_CSV : REVIEW_MD,
	    &cause);
	service_free(sv);
	if (out == NULL)
		return ctl_fail_cause("report", cause);
	fputs(out, stdout);
	free(out);
	return CTL_OK;
}

static int
cmd_coordinator(struct ctl *c)
{
	const char	*sub;
	char		*cause = NULL;
	int		 rc;

	if (c->argc < 2)
		return ctl_usage("coordinator needs add, assign, list, remove or "
		    "token");
	sub = c->argv[1];
	c->argc--;
	c->argv++;
	if (!strcmp(sub, "add"))
		return coordinator_add(c);
	if (!strcmp(sub, "list"))
		return coordinator_list(c);
	if (!strcmp(sub, "remove")) {
		if (c->argc != 2)
			return ctl_usage("coordinator remove needs NAME");
		if (ctl_open_store(c, 0) == -1)
			return CTL_ERROR;
		rc = coord_remove(c->store, c->argv[1], &cause);
		if (rc == -1)
			return ctl_fail_cause("coordinator remove", cause);
		if (rc == 1)
			return ctl_fail("no coordinator named '%s'", c->argv[1]);
		printf("removed coordinator %s\n", c->argv[1]);
		return CTL_OK;
	}
	if (!strcmp(sub, "token"))
		return coordinator_token(c);
	if (!strcmp(sub, "assign")) {
		if (c->argc != 4)
			return ctl_usage("coordinator assign needs NAME INSTRUMENT "
			    "lead|contributor");
		if (strcmp(c->argv[3], "lead") && strcmp(c->argv[3], "contributor"))
			return ctl_fail("role '%s': expected lead or contributor",
			    c->argv[3]);
		if (ctl_open_store(c, 0) == -1)
			return CTL_ERROR;
		/* Every instrument or none: "CEDAW,XYZ" assigns nothing. */
		if (coord_assign(c->conf, c->store, c->argv[1], c->argv[2],
		    c->argv[3], &cause) == -1)
			return ctl_fail("%s", cause), free(cause), CTL_ERROR;
		printf("assigned %s to %s as %s\n", c->argv[1], c->argv[2],
		    c->argv[3]);
		return CTL_OK;
	}
	{
		static const char *const subs[] = { "add", "assign", "list",
		    "remove", "token", NULL };

		return ctl_unknown_command("coordinator command", sub, subs);
	}
}

static const struct {
	const char	*name;
	int		(*fn)(struct ctl *);
} commands[] = {
	{ "init", cmd_init },
	{ "check", cmd_check },
	{ "instruments", cmd_instruments },
	{ "deadlines", cmd_deadlines },
	{ "fact", cmd_fact },
	{ "coordinator", cmd_coordinator },
	{ "export", cmd_export },
	{ "outbox", cmd_outbox },
	{ "ack", cmd_ack },
	{ "dispatch", cmd_dispatch },
	{ "prune", cmd_prune },
	{ "send-test", cmd_send_test },
	{ "agenda", cmd_agenda },
	{ "report", cmd_report },
	{ "rec", ctl_rec },
	{ "backup", cmd_backup },
};

/* COMMAND --help (or -h) before any "--": the command's usage. */
static int
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

/* treatyctl help [COMMAND]: to standard output, exit 0. */
static int
cmd_help(int argc, char **argv)
{
	const char	*names[sizeof commands / sizeof *commands + 2];
	size_t		 n = 0;

	if (argc < 2) {
		fputs(usage_text, stdout);
		return CTL_OK;
	}
	if (argc > 2)
		return ctl_usage("help takes one COMMAND");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		names[n++] = commands[i].name;
	names[n++] = "help";
	names[n] = NULL;
	if (!strcmp(argv[1], "help")) {
		printf("usage: treatyctl help [COMMAND]\n"
		    "  the usage of COMMAND, or of every command\n");
		return CTL_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(argv[1], commands[i].name) &&
		    command_usage(argv[1], stdout) > 0) {
			printf("See treatyctl(1).\n");
			return CTL_OK;
		}
	return ctl_unknown_command("command", argv[1], names);
}

int
ctl_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*names[sizeof commands / sizeof *commands + 2];
	struct ctl	 c;
	int		 ch, rc, opened;
	size_t		 n = 0;

	memset(&c, 0, sizeof c);
	/* The summary lines say what happened; -v shows each step. */
	log_init(LOG_LEVEL_WARN);
	while ((ch = getopt_long(argc, argv, "+c:hvV", opts, NULL)) != -1) {
		switch (ch) {
		case 'v':
			log_init(LOG_LEVEL_INFO);
			break;
		case 'c':
			c.confpath = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return CTL_OK;
		case 'V':
			printf("treatyctl %s\n", PACKAGE_VERSION);
			return CTL_OK;
		default:
			return ctl_usage(NULL);
		}
	}
	if (optind >= argc)
		return ctl_usage("no command given");
	c.argc = argc - optind;
	c.argv = argv + optind;
	if (!strcmp(c.argv[0], "help"))
		return cmd_help(c.argc, c.argv);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (strcmp(c.argv[0], commands[i].name) != 0)
			continue;
		current_command = commands[i].name;
		command_argc = c.argc;
		command_argv = c.argv;
		if (wants_help(c.argc, c.argv)) {
			command_usage(current_command, stdout);
			printf("See treatyctl(1).\n");
			return CTL_OK;
		}
		if (load_conf(&c, strcmp(c.argv[0], "check") == 0 &&
		    c.argc == 2 && strcmp(c.argv[1], "--json") == 0) == -1)
			return CTL_ERROR;
		optind = 0;	/* sub-command options: restart getopt */
		rc = commands[i].fn(&c);
		opened = c.store != NULL;
		store_close(c.store);
		if (opened)
			give_to_service_user(c.conf->database);
		conf_free(c.conf);
		return rc;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		names[n++] = commands[i].name;
	names[n++] = "help";
	names[n] = NULL;
	return ctl_unknown_command("command", c.argv[0], names);
}
