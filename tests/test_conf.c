/*
 * Configuration files: every error is reported as file:line with what is
 * wrong, all of them before loading fails, and a good file loads with the
 * values and defaults of treatyd.conf(5).
 */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "diag.h"
#include "testutil.h"
#include "smtp.h"

static char	 dir[] = "/tmp/treatyd-test-conf.XXXXXX";

static void
setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

static void
teardown(void)
{
	char	 cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(conf, .init = setup, .fini = teardown);

/* Write a config whose [general] points at the shipped data, then body. */
static char *
write_conf(const char *body)
{
	static char	 path[600];
	FILE		*fp;

	snprintf(path, sizeof path, "%s/treatyd.conf", dir);
	cr_assert_not_null(fp = fopen(path, "w"));
	fprintf(fp, "[general]\n"
	    "instruments = %s/conf/instruments.d\n"
	    "holidays = %s/conf/holidays/nl.ini\n"
	    "departments = %s/conf/departments.ini\n"
	    "%s", tu_srcdir(), tu_srcdir(), tu_srcdir(), body);
	fclose(fp);
	return path;
}

static int
has(const struct diag *dg, const char *needle)
{
	for (size_t i = 0; i < dg->n; i++)
		if (strstr(dg->msgs[i], needle) != NULL)
			return 1;
	return 0;
}

Test(conf, good_file_and_defaults)
{
	struct diag	 dg;
	struct conf	*c;

	diag_init(&dg);
	c = conf_load(write_conf("timezone = Europe/Amsterdam\nlanguage = en\n"
	    "[http]\nlisten = [::1]:8081, 127.0.0.1:8081 [::]:8082\n"
	    "public = yes\n"
	    "[mail]\ntransport = maildir:outbox\nfrom = a@example.org\n"
	    "starttls = opportunistic\ntimeout = 30\n"
	    "[reminders]\nlead_times = P60D P1D\nsend_at = 08:30\n"
	    "catch_up = P5D\nchair_after = 2\nchair = chair@example.org\n"
	    "alert_after = 30m\n"
	    "[meeting]\nagenda_before = P21D\nmonths = 12\n"), &dg);
	diag_print(&dg, stderr, "unexpected: ");
	cr_assert_not_null(c);
	cr_assert_str_eq(c->language, "en");
	cr_assert_str_eq(c->listen, "[::1]:8081, 127.0.0.1:8081 [::]:8082");
	cr_assert(c->public_feeds);
	/* A relative maildir is relative to the configuration's directory. */
	cr_assert(strncmp(c->transport, "maildir:/tmp/", 13) == 0, "%s",
	    c->transport);
	cr_assert_eq(c->mail_starttls, 1);
	cr_assert_eq(c->mail_timeout, 30);
	cr_assert_eq(c->nlead, 2);
	cr_assert_eq(c->lead[0].days, 60);
	cr_assert_eq(c->send_at, 8 * 60 + 30);
	cr_assert_eq(c->catch_up.days, 5);
	cr_assert_eq(c->chair_after, 2);
	cr_assert_eq(c->alert_after, 30 * 60);
	cr_assert_eq(c->agenda_before.days, 21);
	cr_assert_eq(c->agenda_months, 12);
	/* Defaults. */
	cr_assert_eq(c->horizon.years, 3);
	cr_assert_eq(c->working_days_only, 1);
	cr_assert_eq(c->overdue_every.days, 7);
	cr_assert_str_eq(c->chair_dept, "BZK");
	cr_assert_eq(c->keep.years, 2);
	cr_assert_eq(c->max_connections, 1024);
	cr_assert_eq(c->max_per_client, 64);
	cr_assert_gt(c->rules.n, 15);
	conf_free(c);
	/* The shortest keep allowed, and a year. */
	c = conf_load(write_conf("[reminders]\nkeep = P31D\n"), &dg);
	cr_assert_not_null(c);
	cr_expect_eq(c->keep.days, 31);
	cr_expect_eq(c->keep.years, 0);
	conf_free(c);
	c = conf_load(write_conf("[reminders]\nkeep = P1Y\n"), &dg);
	cr_assert_not_null(c);
	cr_expect_eq(c->keep.years, 1);
	conf_free(c);
	diag_clear(&dg);
}

Test(conf, connection_limits)
{
	struct diag	 dg;
	struct conf	*c;

	diag_init(&dg);
	c = conf_load(write_conf("[http]\nmax_connections = 4096\n"
	    "max_per_client = 256\n"), &dg);
	cr_assert_not_null(c, "%s", dg.n ? dg.msgs[0] : "");
	cr_assert_eq(c->max_connections, 4096);
	cr_assert_eq(c->max_per_client, 256);
	conf_free(c);
	/* The default per client gives way to a smaller total. */
	c = conf_load(write_conf("[http]\nmax_connections = 16\n"), &dg);
	cr_assert_not_null(c, "%s", dg.n ? dg.msgs[0] : "");
	cr_assert_eq(c->max_connections, 16);
	cr_assert_eq(c->max_per_client, 16);
	conf_free(c);
	diag_clear(&dg);
}

/* Each bad line, the line number it is reported at, and the message. */
static const struct {
	const char	*text;		/* after the 4 [general] lines */
	int		 line;
	const char	*message;
} bad[] = {
	{ "timezone = Mars/Olympus\n", 5, "not a known time zone" },
	{ "language = fr\n", 5, "language 'fr': expected nl or en" },
	{ "horizon = 3 years\n", 5, "horizon: '3 years' is not an ISO 8601" },
	{ "colour = blue\n", 5, "unknown key 'colour' in [general]" },
	{ "[http]\nlisten = localhost:80\n", 6, "listen 'localhost:80'" },
	{ "[http]\nlisten = 127.0.0.1:99999\n", 6, "listen '127.0.0.1:99999'" },
	{ "[http]\npublic = maybe\n", 6, "public 'maybe': expected yes or no" },
	{ "[http]\nlisten = 127.0.0.1:80, localhost:81 [::1]:80\n", 6,
	    "listen 'localhost:81': expected an address and port" },
	{ "[http]\nlisten = , ,\n", 6, "listen '': expected an address" },
	{ "[http]\nlisten = 127.0.0.1:1 127.0.0.1:2 127.0.0.1:3 127.0.0.1:4 "
	    "127.0.0.1:5 127.0.0.1:6 127.0.0.1:7 127.0.0.1:8 127.0.0.1:9\n", 6,
	    "at most 8 addresses" },
	{ "[http]\nmax_connections = 0\n", 6,
	    "max_connections '0': expected a number from 1 to 100000" },
	{ "[http]\nmax_connections = 100001\n", 6, "max_connections '100001'" },
	{ "[http]\nmax_connections = lots\n", 6, "max_connections 'lots'" },
	{ "[http]\nmax_connections = 64x\n", 6, "max_connections '64x'" },
	{ "[http]\nmax_per_client = -1\n", 6,
	    "max_per_client '-1': expected a number from 1 to 100000" },
	{ "[http]\nmax_per_client = \n", 6, "max_per_client ''" },
	{ "[http]\nmax_per_client = 20\nmax_connections = 10\n", 6,
	    "max_per_client 20: more than max_connections (10)" },
	{ "[mail]\ntransport = ftp://x\n", 6, "transport 'ftp://x'" },
	{ "[mail]\nfrom = nobody\n", 6, "from 'nobody' is not an e-mail" },
	{ "[mail]\nfrom = zoë@example.org\n", 6, "is not an e-mail" },
	{ "[mail]\nstarttls = sometimes\n", 6, "starttls 'sometimes'" },
	/* In clear across the network: refused at load, at the key. */
	{ "[mail]\ntransport = smtp://mail.example.org:587/\nstarttls = off\n",
	    7, "smtp: starttls = off is only allowed for a loopback host" },
	{ "[mail]\nstarttls = off\ntransport = smtp://192.0.2.1/\n", 6,
	    "not \"192.0.2.1\": the password and the mail would cross" },
	{ "[mail]\ntransport = smtps://127.0.0.1:465/\nstarttls = off\n", 7,
	    "smtp: starttls = off contradicts smtps://127.0.0.1:465/" },
	{ "[mail]\ntimeout = 0\n", 6, "timeout '0': expected seconds" },
	{ "[mail]\npassword = x\n", 6, "unknown key 'password' in [mail]" },
	{ "[reminders]\nlead_times = P30D 7D\n", 6, "lead_times: '7D'" },
	{ "[reminders]\nlead_times = P0D\n", 6, "lead_times: 'P0D' is zero" },
	{ "[reminders]\nsend_at = 9:00\n", 6, "send_at '9:00': expected HH:MM" },
	{ "[reminders]\nsend_at = 24:00\n", 6, "send_at '24:00'" },
	{ "[reminders]\nworking_days_only = often\n", 6,
	    "working_days_only 'often'" },
	{ "[reminders]\nchair_after = -1\n", 6, "chair_after '-1'" },
	{ "[reminders]\nchair = voorzitter\n", 6, "chair 'voorzitter'" },
	{ "[reminders]\ncatch_up = soon\n", 6, "catch_up: 'soon'" },
	{ "[reminders]\nalert_after = 1d\n", 6, "alert_after '1d': expected" },
	{ "[reminders]\nalert_after = 0s\n", 6, "alert_after '0s'" },
	{ "[reminders]\nalert_after = 1hh\n", 6, "alert_after '1hh'" },
	{ "[reminders]\nalert_after = 721h\n", 6, "alert_after '721h'" },
	{ "[reminders]\nkeep = forever\n", 6, "keep: 'forever' is not an "
	    "ISO 8601" },
	{ "[reminders]\nkeep = P30D\n", 6, "keep 'P30D': at least 31 days" },
	{ "[reminders]\nkeep = P1M\n", 6, "keep 'P1M': at least 31 days" },
	{ "[reminders]\nkeep = P0D\n", 6, "keep 'P0D': at least 31 days" },
	{ "[reminders]\nkeep = PT1H\n", 6, "keep: 'PT1H'" },
	{ "[meeting]\nmonths = 100\n", 6, "months '100': expected 1 to 60" },
	{ "[meeting]\nwhen = monday\n", 6, "unknown key 'when' in [meeting]" },
	{ "[database]\npath = x\n", 6, "unknown section [database]" },
	{ "this is not ini\n", 5, "syntax error" },
};

Test(conf, every_error_with_file_and_line)
{
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct diag	 dg;
		struct conf	*c;
		char		*path = write_conf(bad[i].text), where[700];

		diag_init(&dg);
		c = conf_load(path, &dg);
		cr_expect_null(c, "case %zu was accepted", i);
		conf_free(c);
		snprintf(where, sizeof where, "%s:%d: ", path, bad[i].line);
		cr_expect(has(&dg, where) && has(&dg, bad[i].message),
		    "case %zu: expected '%s' with '%s'; got: %s", i, where,
		    bad[i].message, dg.n ? dg.msgs[0] : "(nothing)");
		diag_clear(&dg);
	}
}

/*
 * starttls = off is refused by loading for a host that is not loopback,
 * with the message the sender gives (smtp_new); loopback and a maildir
 * are fine, and so is TLS to the same host.
 */
Test(conf, starttls_off_only_on_loopback)
{
	static const char *const ok[] = {
		"[mail]\ntransport = smtp://127.0.0.1:2525/\nstarttls = off\n",
		"[mail]\ntransport = smtp://[::1]:25/\nstarttls = off\n",
		"[mail]\ntransport = smtp://localhost/\nstarttls = off\n",
		"[mail]\ntransport = maildir:/tmp/x\nstarttls = off\n",
		"[mail]\nstarttls = off\n",	/* the default maildir */
		"[mail]\ntransport = smtp://mail.example.org:587/\n"
		    "starttls = opportunistic\n",
		"[mail]\ntransport = smtp://mail.example.org:587/\n",
	};
	struct smtp_conf sc = { .url = "smtp://mail.example.org:587/",
	    .tls = SMTP_TLS_OFF, .timeout = 5 };
	struct diag	 dg;
	struct conf	*c;
	char		*path, *cause = NULL, *want;

	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		diag_init(&dg);
		c = conf_load(write_conf(ok[i]), &dg);
		cr_expect_not_null(c, "case %zu refused: %s", i,
		    dg.n ? dg.msgs[0] : "");
		conf_free(c);
		diag_clear(&dg);
	}

	/* Word for word what the daemon says when it would send. */
	cr_assert_null(smtp_new(&sc, &cause));
	cr_assert_not_null(cause);
	diag_init(&dg);
	path = write_conf("[mail]\ntransport = smtp://mail.example.org:587/\n"
	    "starttls = off\n");
	cr_assert_null(conf_load(path, &dg));
	cr_assert_eq(dg.n, 1, "%zu errors", dg.n);
	cr_assert(asprintf(&want, "%s:7: %s", path, cause) > 0);
	cr_expect(strstr(dg.msgs[0], want) != NULL, "expected: %s\ngot: %s",
	    want, dg.msgs[0]);
	cr_expect(strstr(cause, "starttls = off") != NULL, "%s", cause);
	cr_expect(strstr(cause, "tls = off") == cause + strlen("smtp: start"),
	    "the key as spelled in the file: %s", cause);
	free(want);
	free(cause);
	diag_clear(&dg);
}

Test(conf, state_directory_holds_database_and_outbox)
{
	struct diag	 dg;
	struct conf	*c;

	diag_init(&dg);
	c = conf_load(write_conf("state = /srv/treatyd\n"), &dg);
	cr_assert_not_null(c);
	cr_expect_str_eq(c->database, "/srv/treatyd/treatyd.db");
	cr_expect_str_eq(c->transport, "maildir:/srv/treatyd/outbox");
	conf_free(c);
	/* Given explicitly, they stay where they are said to be. */
	c = conf_load(write_conf("state = /srv/treatyd\ndatabase = /db/t.db\n"
	    "[mail]\ntransport = smtp://127.0.0.1:25/\n"), &dg);
	cr_assert_not_null(c);
	cr_expect_str_eq(c->database, "/db/t.db");
	cr_expect_str_eq(c->transport, "smtp://127.0.0.1:25/");
	conf_free(c);
	diag_clear(&dg);
}

Test(conf, all_errors_collected_before_failing)
{
	struct diag	 dg;

	diag_init(&dg);
	cr_assert_null(conf_load(write_conf("language = fr\n[http]\n"
	    "public = maybe\n[reminders]\nsend_at = noon\n"), &dg));
	cr_expect_eq(dg.n, 3, "%zu errors", dg.n);
	cr_expect(has(&dg, ":5: ") && has(&dg, ":7: ") && has(&dg, ":9: "));
	diag_clear(&dg);
}

Test(conf, missing_files_named)
{
	struct diag	 dg;
	char		 path[600];

	diag_init(&dg);
	snprintf(path, sizeof path, "%s/absent.conf", dir);
	cr_assert_null(conf_load(path, &dg));
	cr_expect(has(&dg, "absent.conf: cannot open"));
	diag_clear(&dg);
	cr_assert_null(conf_load(write_conf("[general]\n"
	    "instruments = /nonexistent/instruments.d\n"), &dg));
	cr_expect(has(&dg, "/nonexistent/instruments.d: cannot open"));
	diag_clear(&dg);
}

/*
 * An instruments directory without *.ini files is a configuration error
 * (treatyd.conf(5)): there would be no deadline to keep. Files of other
 * names do not count.
 */
Test(conf, empty_instruments_directory)
{
	struct diag	 dg;
	char		 inst[600], body[700], other[700];
	FILE		*fp;

	diag_init(&dg);
	snprintf(inst, sizeof inst, "%s/empty.d", dir);
	cr_assert_eq(mkdir(inst, 0700), 0);
	snprintf(body, sizeof body, "[general]\ninstruments = %s\n", inst);
	cr_assert_null(conf_load(write_conf(body), &dg));
	cr_expect_eq(dg.n, 1, "%zu errors", dg.n);
	cr_expect(has(&dg, "empty.d: no instrument files (*.ini)"));
	diag_clear(&dg);

	snprintf(other, sizeof other, "%s/README", inst);
	cr_assert_not_null(fp = fopen(other, "w"));
	fclose(fp);
	cr_assert_null(conf_load(write_conf(body), &dg));
	cr_expect(has(&dg, "empty.d: no instrument files (*.ini)"));
	diag_clear(&dg);
}

Test(conf, templates_checked)
{
	struct diag	 dg;
	struct conf	*c;

	diag_init(&dg);
	c = conf_load(write_conf("[reminders]\ntemplates = nowhere\n"), &dg);
	cr_assert_not_null(c);
	cr_expect_eq(conf_check_templates(c, &dg), 52);
	cr_expect(has(&dg, "nowhere/nl/reminder.subject: mail template"));
	conf_free(c);
	diag_clear(&dg);
	c = conf_load(write_conf(""), &dg);
	free(c->templates);
	c->templates = NULL;
	{
		char	*t;

		cr_assert(asprintf(&t, "%s/conf/templates", tu_srcdir()) > 0);
		c->templates = t;
	}
	cr_expect_eq(conf_check_templates(c, &dg), 0);
	conf_free(c);
	diag_clear(&dg);
}

/*
 * base_url loses its trailing slashes, so that feed addresses never hold
 * "//"; one that is not an http(s) address of a host is refused.
 */
Test(conf, base_url_normalised)
{
	static const struct {
		const char	*in, *out;
	} good[] = {
		{ "https://treatyd.example.org/", "https://treatyd.example.org" },
		{ "https://treatyd.example.org//", "https://treatyd.example.org" },
		{ "https://example.org/treatyd/", "https://example.org/treatyd" },
		{ "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
	};
	static const char *const refused[] = {
		"treatyd.example.org", "ftp://example.org", "https://",
		"https:///", "https://example.org/?a=b",
	};
	struct diag	 dg;
	struct conf	*c;
	char		 body[256];

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		diag_init(&dg);
		snprintf(body, sizeof body, "[http]\nbase_url = %s\n", good[i].in);
		c = conf_load(write_conf(body), &dg);
		diag_print(&dg, stderr, "unexpected: ");
		cr_assert_not_null(c, "%s", good[i].in);
		cr_assert_str_eq(c->base_url, good[i].out);
		conf_free(c);
		diag_clear(&dg);
	}
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		diag_init(&dg);
		snprintf(body, sizeof body, "[http]\nbase_url = %s\n", refused[i]);
		c = conf_load(write_conf(body), &dg);
		cr_assert_null(c, "%s accepted", refused[i]);
		cr_assert(has(&dg, "base_url"), "%s", refused[i]);
		diag_clear(&dg);
	}
}

/* Write dir/name with text; returns the path (static). */
static const char *
put_file(const char *sub, const char *name, const char *text)
{
	static char	 path[700];
	char		 d[600];
	FILE		*fp;

	snprintf(d, sizeof d, "%s/%s", dir, sub);
	mkdir(d, 0700);
	snprintf(path, sizeof path, "%s/%s", d, name);
	cr_assert_not_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
	return path;
}

/*
 * instruments = BASE LOCAL: a file of LOCAL replaces the instrument of
 * the same code from BASE, whatever its name; the others stay; commas
 * separate as well as spaces; a later directory that does not exist is
 * skipped, the first is not; errors keep the local file's line; none in
 * any of them is still an error.
 */
Test(conf, layered_instrument_directories)
{
	struct diag		 dg;
	struct conf		*c, *base;
	const struct instrument	*in;
	char			 body[2000], want[800];

	diag_init(&dg);
	cr_assert_not_null(base = conf_load(write_conf(""), &dg));
	put_file("local.d", "ours.ini", "[instrument]\ncode = cedaw\n"
	    "name = Our CEDAW\nbody = CEDAW Committee\nlead = BZK\n");
	snprintf(body, sizeof body, "[general]\ninstruments = "
	    "%s/conf/instruments.d, %s/local.d %s/absent.d\n", tu_srcdir(),
	    dir, dir);
	c = conf_load(write_conf(body), &dg);
	diag_print(&dg, stderr, "unexpected: ");
	cr_assert_not_null(c);
	cr_expect_eq(c->ninstruments, 3);
	cr_expect_eq(c->rules.n, base->rules.n, "%zu, not %zu", c->rules.n,
	    base->rules.n);
	cr_assert_not_null(in = ruleset_find(&c->rules, "CEDAW"));
	cr_expect_str_eq(in->name, "Our CEDAW");
	cr_expect_eq(in->nrules, 0, "the shipped rules went with it");
	snprintf(want, sizeof want, "%s/local.d/ours.ini", dir);
	cr_expect_str_eq(in->file, want);
	cr_assert_not_null(in->overrides);
	cr_expect(strstr(in->overrides, "conf/instruments.d/cedaw.ini") !=
	    NULL, "%s", in->overrides);
	cr_assert_not_null(in = ruleset_find(&c->rules, "CRC"));
	cr_expect_null(in->overrides);
	conf_free(c);
	conf_free(base);

	/* An error in the local file, at its line. */
	put_file("local.d", "ours.ini", "[instrument]\ncode = CEDAW\n"
	    "colour = red\nname = x\nbody = y\n");
	c = conf_load(write_conf(body), &dg);
	cr_expect_null(c);
	snprintf(want, sizeof want, "%s/local.d/ours.ini:3: ", dir);
	cr_expect(has(&dg, want), "want %s, got %s", want,
	    dg.n ? dg.msgs[0] : "(nothing)");
	diag_clear(&dg);

	/* The first directory must exist. */
	snprintf(body, sizeof body, "[general]\ninstruments = %s/absent.d "
	    "%s/local.d\n", dir, dir);
	cr_expect_null(conf_load(write_conf(body), &dg));
	cr_expect(has(&dg, "absent.d: cannot open instrument directory"));
	diag_clear(&dg);

	/* A later one that is not a directory is not skipped. */
	put_file("x", "plain", "");
	snprintf(body, sizeof body, "[general]\ninstruments = "
	    "%s/conf/instruments.d %s/x/plain\n", tu_srcdir(), dir);
	cr_expect_null(conf_load(write_conf(body), &dg));
	cr_expect(has(&dg, "plain: cannot open instrument directory: Not a "
	    "directory"), "%s", dg.n ? dg.msgs[0] : "(nothing)");
	diag_clear(&dg);

	/* Nothing anywhere. */
	put_file("empty.d", "README", "");
	snprintf(body, sizeof body, "[general]\ninstruments = %s/empty.d "
	    "%s/absent.d\n", dir, dir);
	cr_expect_null(conf_load(write_conf(body), &dg));
	snprintf(want, sizeof want, "%s/empty.d, %s/absent.d: no instrument "
	    "files (*.ini) in any of these directories", dir, dir);
	cr_expect(has(&dg, want), "%s", dg.n ? dg.msgs[0] : "(nothing)");
	cr_expect_eq(dg.n, 1);
	diag_clear(&dg);

	/* No directory at all. */
	cr_expect_null(conf_load(write_conf("[general]\ninstruments = , \n"),
	    &dg));
	cr_expect(has(&dg, "treatyd.conf:6: instruments: no directory given"),
	    "%s", dg.n ? dg.msgs[0] : "(nothing)");
	diag_clear(&dg);
}

/*
 * treatyd.conf.d/NAME.conf, in C-locale order after the file: a key
 * there overrides the file's and an earlier drop-in's; other names are
 * not read; errors name the drop-in and its line, including the
 * starttls check that needs a key of the main file.
 */
Test(conf, dropins_after_the_file)
{
	struct diag	 dg;
	struct conf	*c;
	char		 want[800];
	const char	*path;

	diag_init(&dg);
	path = write_conf("language = nl\ntimezone = UTC\n"
	    "[reminders]\nlead_times = P30D P7D P1D\nsend_at = 08:00\n");
	put_file("treatyd.conf.d", "20-b.conf", "[general]\nlanguage = en\n");
	put_file("treatyd.conf.d", "10-a.conf", "[general]\nlanguage = nl\n"
	    "timezone = Europe/Amsterdam\n[reminders]\nlead_times = P60D\n");
	put_file("treatyd.conf.d", "Z-upper.conf", "[reminders]\n"
	    "send_at = 07:15\n");
	put_file("treatyd.conf.d", "a-lower.conf", "[reminders]\n"
	    "send_at = 10:45\n");
	put_file("treatyd.conf.d", "30.conf.bak", "[general]\nlanguage = xx\n");
	put_file("treatyd.conf.d", ".40.conf", "[general]\nlanguage = xx\n");
	put_file("treatyd.conf.d", "README", "not ini at all\n");
	c = conf_load(path, &dg);
	diag_print(&dg, stderr, "unexpected: ");
	cr_assert_not_null(c);
	cr_expect_str_eq(c->language, "en", "20-b.conf comes last");
	cr_expect_str_eq(c->timezone, "Europe/Amsterdam");
	cr_expect_eq(c->nlead, 1, "the list replaced, not added to");
	cr_expect_eq(c->lead[0].days, 60);
	/* C locale: "Z" (0x5a) sorts before "a" (0x61). */
	cr_expect_eq(c->send_at, 10 * 60 + 45);
	cr_assert_eq(c->ndropins, 4);
	snprintf(want, sizeof want, "%s.d/10-a.conf", path);
	cr_expect_str_eq(c->dropins[0], want);
	cr_expect(strstr(c->dropins[1], "/20-b.conf") != NULL);
	cr_expect(strstr(c->dropins[2], "/Z-upper.conf") != NULL);
	cr_expect(strstr(c->dropins[3], "/a-lower.conf") != NULL);
	conf_free(c);

	/* An error in a drop-in: its file and line; nothing loaded. */
	put_file("treatyd.conf.d", "20-b.conf", "[general]\n\nlanguage = fr\n");
	cr_expect_null(conf_load(path, &dg));
	snprintf(want, sizeof want, "%s.d/20-b.conf:3: language 'fr'", path);
	cr_expect(has(&dg, want), "want %s, got %s", want,
	    dg.n ? dg.msgs[0] : "(nothing)");
	cr_expect_eq(dg.n, 1);
	diag_clear(&dg);

	/* starttls = off in a drop-in, for the file's remote host. */
	put_file("treatyd.conf.d", "20-b.conf", "[mail]\nstarttls = off\n");
	path = write_conf("[mail]\ntransport = smtp://mail.example.org:587/\n");
	cr_expect_null(conf_load(path, &dg));
	snprintf(want, sizeof want, "%s.d/20-b.conf:2: smtp: starttls = off",
	    path);
	cr_expect(has(&dg, want), "want %s, got %s", want,
	    dg.n ? dg.msgs[0] : "(nothing)");
	diag_clear(&dg);
}

/* Without the directory: no drop-ins, and nothing else changes. */
Test(conf, no_dropin_directory)
{
	struct diag	 dg;
	struct conf	*c;

	diag_init(&dg);
	c = conf_load(write_conf("language = en\n"), &dg);
	cr_assert_not_null(c);
	cr_expect_eq(c->ndropins, 0);
	cr_expect_str_eq(c->language, "en");
	conf_free(c);
	diag_clear(&dg);
}
