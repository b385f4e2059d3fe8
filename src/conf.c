#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "buf.h"
#include "conf.h"
#include "diag.h"
#include "holidays.h"
#include "http.h"
#include "inifile.h"
#include "message.h"
#include "planner.h"
#include "remind.h"
#include "smtp.h"
#include "words.h"
#include "xmalloc.h"

struct loader {
	struct conf	*c;
	const char	*file;
	struct diag	*dg;
	char		*dir;		/* of the config file, for relative paths */
	int		 has_database;	/* set, not derived from state */
	int		 has_transport;
	int		 starttls_line;	/* of [mail] starttls, or 0 */
	const char	*starttls_file;	/* the file of that line */
	const char	*user_header_file;
};


static void
set_path(struct loader *ld, char **dst, const char *value)
{
	free(*dst);
	if (value[0] == '/' || ld->dir == NULL)
		*dst = xstrdup(value);
	else
		*dst = xasprintf("%s/%s", ld->dir, value);
}

static void
set_str(char **dst, const char *value)
{
	free(*dst);
	*dst = xstrdup(value);
}

static int
yesno(const char *v, int *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

/* "P180D P90D ..." into at most max durations. */
static void
durations(struct loader *ld, int line, const char *key, const char *value,
    struct duration *out, int *n, int max)
{
	char	*copy = xstrdup(value), *tok, *save = NULL, *cause = NULL;

	*n = 0;
	for (tok = strtok_r(copy, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save)) {
		if (*n == max) {
			diag_add(ld->dg, ld->file, line, "%s: at most %d "
			    "durations", key, max);
			break;
		}
		if (duration_parse(tok, &out[*n], &cause) == -1) {
			diag_add(ld->dg, ld->file, line, "%s: %s", key, cause);
			free(cause);
			cause = NULL;
		} else if (duration_is_zero(&out[*n]))
			diag_add(ld->dg, ld->file, line, "%s: '%s' is zero", key,
			    tok);
		else
			(*n)++;
	}
	free(copy);
}

static void
free_dirs(struct conf *c)
{
	for (size_t i = 0; i < c->ninstruments; i++)
		free(c->instruments[i]);
	free(c->instruments);
	c->instruments = NULL;
	c->ninstruments = 0;
}

/* "DIR [DIR ...]", separated by spaces or commas; the last key counts. */
static void
instrument_dirs(struct loader *ld, int line, const char *value)
{
	struct conf	*c = ld->c;
	char		*copy = xstrdup(value), *tok, *save = NULL;

	free_dirs(c);
	for (tok = strtok_r(copy, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save)) {
		c->instruments = xreallocarray(c->instruments,
		    c->ninstruments + 1, sizeof *c->instruments);
		c->instruments[c->ninstruments] = NULL;
		set_path(ld, &c->instruments[c->ninstruments++], tok);
	}
	free(copy);
	if (c->ninstruments == 0)
		diag_add(ld->dg, ld->file, line, "instruments: no directory "
		    "given (e.g. %s/instruments.d)", PKGDATADIR);
}

static int
number(const char *v, long lo, long hi, long *out)
{
	char	*end;

	if (*v == '\0')
		return -1;
	*out = strtol(v, &end, 10);
	return *end != '\0' || *out < lo || *out > hi ? -1 : 0;
}

/* "90s", "30m", "1h" or plain seconds, from 1 s to 30 days. */
static int
seconds_parse(const char *v, long *out)
{
	long	 n, unit = 1;
	char	*end;

	if (*v < '0' || *v > '9')
		return -1;
	n = strtol(v, &end, 10);
	if (*end == 'm')
		unit = 60;
	else if (*end == 'h')
		unit = 3600;
	else if (*end != 's' && *end != '\0')
		return -1;
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (n < 1 || n > 30L * 86400 / unit)
		return -1;
	*out = n * unit;
	return 0;
}

static void
one_duration(struct loader *ld, int line, const char *key, const char *value,
    struct duration *out)
{
	char	*cause = NULL;

	if (duration_parse(value, out, &cause) == -1) {
		diag_add(ld->dg, ld->file, line, "%s: %s", key, cause);
		free(cause);
	}
}

/*
 * [reminders] keep: longer than the planner looks back, in its shortest
 * reading (a month of 28 days, a year of 365), or a pruned reminder of
 * those days would be planned, and sent, again.
 */
static void
keep_set(struct loader *ld, int line, const char *value)
{
	struct duration	 d;
	char		*cause = NULL;
	long		 days;

	if (duration_parse(value, &d, &cause) == -1) {
		diag_add(ld->dg, ld->file, line, "keep: %s", cause);
		free(cause);
		return;
	}
	days = d.years * 365L + d.months * 28L + d.weeks * 7L + d.days;
	if (days <= PLAN_LOOKBACK_DAYS) {
		diag_add(ld->dg, ld->file, line, "keep '%s': at least %d "
		    "days (e.g. P%dD, P2M or P2Y): the reminders of the last "
		    "%d days are looked at again", value,
		    PLAN_LOOKBACK_DAYS + 1, PLAN_LOOKBACK_DAYS + 1,
		    PLAN_LOOKBACK_DAYS);
		return;
	}
	ld->c->keep = d;
}

static void
mail_key(struct loader *ld, int line, const char *key, const char *value)
{
	struct conf	*c = ld->c;
	long		 n;

	if (!strcmp(key, "transport")) {
		const char	*host = strstr(value, "://");

		ld->has_transport = 1;
		/* A scheme, and a host after it; a Maildir needs a path. */
		if ((strncmp(value, "smtp://", 7) && strncmp(value, "smtps://", 8) &&
		    strncmp(value, "maildir:", 8)) ||
		    !strcmp(value, "maildir:") || (strncmp(value, "maildir:", 8) &&
		    (host == NULL || strchr(":/", host[3]) != NULL)))
			diag_add(ld->dg, ld->file, line, "transport '%s': expected "
			    "smtp://HOST:PORT, smtps://HOST:PORT or maildir:PATH",
			    value);
		else if (!strncmp(value, "maildir:", 8) && value[8] != '/') {
			char	*p = ld->dir ? xasprintf("maildir:%s/%s", ld->dir,
			    value + 8) : xstrdup(value);

			free(c->transport);
			c->transport = p;
		} else
			set_str(&c->transport, value);
	} else if (!strcmp(key, "from")) {
		if (!message_address_ok(value))
			diag_add(ld->dg, ld->file, line, "from '%s' is not an "
			    "e-mail address (plain ASCII user@domain)", value);
		else
			set_str(&c->mail_from, value);
	} else if (!strcmp(key, "username")) {
		if (value[0] == '\0')
			diag_add(ld->dg, ld->file, line, "username is empty: "
			    "give the login name, or leave the key out to send "
			    "without logging in");
		else
			set_str(&c->mail_username, value);
	} else if (!strcmp(key, "password_file")) {
		set_path(ld, &c->mail_password_file, value);
	} else if (!strcmp(key, "cainfo")) {
		set_path(ld, &c->mail_cainfo, value);
	} else if (!strcmp(key, "starttls")) {
		ld->starttls_line = line;
		ld->starttls_file = ld->file;
		if (!strcmp(value, "required"))
			c->mail_starttls = SMTP_TLS_REQUIRED;
		else if (!strcmp(value, "opportunistic"))
			c->mail_starttls = SMTP_TLS_OPPORTUNISTIC;
		else if (!strcmp(value, "off"))
			c->mail_starttls = SMTP_TLS_OFF;
		else
			diag_add(ld->dg, ld->file, line, "starttls '%s': expected "
			    "required, opportunistic or off", value);
	} else if (!strcmp(key, "timeout")) {
		if (number(value, 1, 600, &n) == -1)
			diag_add(ld->dg, ld->file, line, "timeout '%s': expected "
			    "seconds from 1 to 600", value);
		else
			c->mail_timeout = n;
	} else
		diag_add(ld->dg, ld->file, line, "unknown key '%s' in [mail] "
		    "(expected transport, from, username, password_file, "
		    "starttls, timeout, cainfo)", key);
}

static void
reminders_key(struct loader *ld, int line, const char *key, const char *value)
{
	struct conf	*c = ld->c;
	long		 n;
	int		 h, m;
	char		 junk;

	if (!strcmp(key, "lead_times"))
		durations(ld, line, key, value, c->lead, &c->nlead, 8);
	else if (!strcmp(key, "milestone_lead_times"))
		durations(ld, line, key, value, c->milestone_lead,
		    &c->nmilestone_lead, 8);
	else if (!strcmp(key, "send_at")) {
		if (sscanf(value, "%2d:%2d%c", &h, &m, &junk) != 2 || h < 0 ||
		    h > 23 || m < 0 || m > 59 || strlen(value) != 5)
			diag_add(ld->dg, ld->file, line, "send_at '%s': expected "
			    "HH:MM (00:00-23:59)", value);
		else
			c->send_at = h * 60 + m;
	} else if (!strcmp(key, "working_days_only")) {
		if (yesno(value, &c->working_days_only) == -1)
			diag_add(ld->dg, ld->file, line, "working_days_only '%s': "
			    "expected yes or no", value);
	} else if (!strcmp(key, "catch_up"))
		one_duration(ld, line, key, value, &c->catch_up);
	else if (!strcmp(key, "overdue_every"))
		one_duration(ld, line, key, value, &c->overdue_every);
	else if (!strcmp(key, "overdue_slow_after"))
		one_duration(ld, line, key, value, &c->overdue_slow_after);
	else if (!strcmp(key, "overdue_slow_every"))
		one_duration(ld, line, key, value, &c->overdue_slow_every);
	else if (!strcmp(key, "catch_up_mail")) {
		if (yesno(value, &c->catch_up_mail) == -1)
			diag_add(ld->dg, ld->file, line, "catch_up_mail '%s': "
			    "expected yes or no", value);
	} else if (!strcmp(key, "max_per_day")) {
		if (number(value, 1, 100, &n) == -1)
			diag_add(ld->dg, ld->file, line, "max_per_day '%s': "
			    "expected a number from 1 to 100", value);
		else
			c->max_per_day = (int)n;
	} else if (!strcmp(key, "alert_after")) {
		if (seconds_parse(value, &c->alert_after) == -1)
			diag_add(ld->dg, ld->file, line, "alert_after '%s': "
			    "expected seconds, minutes or hours such as 90s, "
			    "30m or 1h", value);
	} else if (!strcmp(key, "chair_after")) {
		if (number(value, 0, 100, &n) == -1)
			diag_add(ld->dg, ld->file, line, "chair_after '%s': "
			    "expected a number from 0 to 100", value);
		else
			c->chair_after = (int)n;
	} else if (!strcmp(key, "chair")) {
		if (!message_address_ok(value))
			diag_add(ld->dg, ld->file, line, "chair '%s' is not an "
			    "e-mail address", value);
		else
			set_str(&c->chair, value);
	} else if (!strcmp(key, "templates"))
		set_path(ld, &c->templates, value);
	else if (!strcmp(key, "keep"))
		keep_set(ld, line, value);
	else if (!strcmp(key, "digest")) {
		if (!strcmp(value, "weekly"))
			c->digest = 1;
		else if (!strcmp(value, "no"))
			c->digest = 0;
		else
			diag_add(ld->dg, ld->file, line, "digest '%s': expected "
			    "no or weekly", value);
	}
	else
		diag_add(ld->dg, ld->file, line, "unknown key '%s' in "
		    "[reminders] (expected lead_times, milestone_lead_times, "
		    "send_at, working_days_only, catch_up, overdue_every, "
		    "overdue_slow_after, overdue_slow_every, max_per_day, "
		    "alert_after, catch_up_mail, "
		    "chair_after, chair, templates, digest, keep)", key);
}

/* A compiled time-zone file (tzfile(5)): it starts with "TZif". */
static int
zone_file(const char *path)
{
	FILE	*fp = fopen(path, "r");
	char	 magic[4];
	int	 ok;

	if (fp == NULL)
		return 0;
	ok = fread(magic, 1, sizeof magic, fp) == sizeof magic &&
	    memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

/* One "A.B.C.D:PORT" or "[IPv6]:PORT" of listen: what the HTTP server
 * can bind. */
static int
listen_ok(const char *v)
{
	char		 host[64];
	const char	*colon;
	unsigned char	 addr[16];
	long		 port;
	char		*end;

	if (v[0] == '[') {
		const char	*close = strchr(v, ']');

		if (close == NULL || close[1] != ':' ||
		    (size_t)(close - v - 1) >= sizeof host)
			return 0;
		memcpy(host, v + 1, (size_t)(close - v - 1));
		host[close - v - 1] = '\0';
		if (inet_pton(AF_INET6, host, addr) != 1)
			return 0;
		colon = close + 1;
	} else {
		if ((colon = strrchr(v, ':')) == NULL ||
		    (size_t)(colon - v) >= sizeof host)
			return 0;
		memcpy(host, v, (size_t)(colon - v));
		host[colon - v] = '\0';
		if (inet_pton(AF_INET, host, addr) != 1)
			return 0;
	}
	port = strtol(colon + 1, &end, 10);
	return colon[1] != '\0' && *end == '\0' && port >= 0 && port <= 65535;
}

static void
meeting_key(struct loader *ld, int line, const char *key, const char *value)
{
	struct conf	*c = ld->c;
	long		 n;

	if (!strcmp(key, "agenda_before"))
		one_duration(ld, line, key, value, &c->agenda_before);
	else if (!strcmp(key, "months")) {
		if (number(value, 1, 60, &n) == -1)
			diag_add(ld->dg, ld->file, line, "months '%s': expected "
			    "1 to 60", value);
		else
			c->agenda_months = (int)n;
	} else if (!strcmp(key, "chair")) {
		if (strlen(value) < 2 || strlen(value) >= RULES_CODE_MAX)
			diag_add(ld->dg, ld->file, line, "chair '%s' is not a "
			    "department code", value);
		else
			snprintf(c->chair_dept, sizeof c->chair_dept, "%s", value);
	} else
		diag_add(ld->dg, ld->file, line, "unknown key '%s' in [meeting] "
		    "(expected agenda_before, months, chair)", key);
}


/*
 * [http] base_url, without its trailing slashes: the feed addresses are
 * base_url + "/feeds/...", and a "//" in them would change every address
 * (and its token) when the slash is later removed.
 */
static int
base_url_set(struct conf *c, const char *value)
{
	const char	*host;
	size_t		 len = strlen(value);

	if (!strncmp(value, "https://", 8))
		host = value + 8;
	else if (!strncmp(value, "http://", 7))
		host = value + 7;
	else
		return -1;
	while (len > (size_t)(host - value) && value[len - 1] == '/')
		len--;
	if (len == (size_t)(host - value) || *host == '/' ||
	    strcspn(value, " \t?#") < len)
		return -1;
	free(c->base_url);
	c->base_url = xasprintf("%.*s", (int)len, value);
	return 0;
}

static void
conf_key(void *arg, int line, const char *section, const char *key,
    const char *value)
{
	struct loader	*ld = arg;
	struct conf	*c = ld->c;
	char		*cause = NULL;

	if (key == NULL)
		return;		/* a section header */
	if (strcmp(section, "general") == 0) {
		if (!strcmp(key, "database")) {
			set_path(ld, &c->database, value);
			ld->has_database = 1;
		}
		else if (!strcmp(key, "state"))
			set_path(ld, &c->state, value);
		else if (!strcmp(key, "instruments"))
			instrument_dirs(ld, line, value);
		else if (!strcmp(key, "holidays"))
			set_path(ld, &c->holidays_file, value);
		else if (!strcmp(key, "departments"))
			set_path(ld, &c->departments_file, value);
		else if (!strcmp(key, "timezone")) {
			char		 zf[512];
			struct stat	 sb;

			snprintf(zf, sizeof zf, "/usr/share/zoneinfo/%s", value);
			/* A zone file starts "TZif"; zone1970.tab does not. */
			if (value[0] == '\0' || value[0] == '/' ||
			    strstr(value, "..") != NULL || stat(zf, &sb) == -1 ||
			    !S_ISREG(sb.st_mode) || !zone_file(zf))
				diag_add(ld->dg, ld->file, line, "timezone '%s' is "
				    "not a known time zone (e.g. Europe/Amsterdam)",
				    value);
			else
				set_str(&c->timezone, value);
		} else if (!strcmp(key, "language")) {
			if (lang_parse(value) == -1)
				diag_add(ld->dg, ld->file, line, "language '%s': "
				    "expected nl or en", value);
			else
				snprintf(c->language, sizeof c->language, "%s", value);
		} else if (!strcmp(key, "horizon")) {
			if (duration_parse(value, &c->horizon, &cause) == -1) {
				diag_add(ld->dg, ld->file, line, "horizon: %s", cause);
				free(cause);
			}
		} else if (!strcmp(key, "records_from")) {
			if (date_parse(value, &c->records_from, &cause) == -1) {
				diag_add(ld->dg, ld->file, line, "records_from: %s",
				    cause);
				free(cause);
			}
		} else
			goto unknown;
		return;
	}
	if (strcmp(section, "http") == 0) {
		if (!strcmp(key, "listen")) {
			char	 a[HTTP_LISTEN_MAX][HTTP_LISTEN_LEN];
			int	 n = http_listen_split(value, a), ok = n > 0;

			if (n == -1)
				diag_add(ld->dg, ld->file, line, "listen '%s': "
				    "at most %d addresses, each of at most %d "
				    "characters", value, HTTP_LISTEN_MAX,
				    HTTP_LISTEN_LEN - 1);
			else if (n == 0)
				diag_add(ld->dg, ld->file, line, "listen '': "
				    "expected an address and port, e.g. "
				    "127.0.0.1:8080 or [::1]:8080");
			for (int i = 0; i < n; i++)
				if (!listen_ok(a[i])) {
					diag_add(ld->dg, ld->file, line,
					    "listen '%s': expected an address "
					    "and port, e.g. 127.0.0.1:8080 or "
					    "[::1]:8080", a[i]);
					ok = 0;
				}
			if (ok)
				set_str(&c->listen, value);
		}
		else if (!strcmp(key, "base_url")) {
			if (base_url_set(c, value) == -1)
				diag_add(ld->dg, ld->file, line, "base_url '%s': "
				    "expected http:// or https:// and a host, "
				    "e.g. https://treatyd.example.org", value);
		}
		else if (!strcmp(key, "max_connections")) {
			long	 n;

			if (number(value, 1, HTTP_CONNECTIONS_MAX, &n) == -1)
				diag_add(ld->dg, ld->file, line,
				    "max_connections '%s': expected a number "
				    "from 1 to %d", value,
				    HTTP_CONNECTIONS_MAX);
			else
				c->max_connections = (unsigned int)n;
		} else if (!strcmp(key, "max_per_client")) {
			long	 n;

			if (number(value, 1, HTTP_CONNECTIONS_MAX, &n) == -1)
				diag_add(ld->dg, ld->file, line,
				    "max_per_client '%s': expected a number "
				    "from 1 to %d", value,
				    HTTP_CONNECTIONS_MAX);
			else {
				c->max_per_client = (unsigned int)n;
				c->max_per_client_line = line;
			}
		}
		else if (!strcmp(key, "trusted_proxy")) {
			unsigned char	 a[16];

			if (inet_pton(AF_INET, value, a) != 1 &&
			    inet_pton(AF_INET6, value, a) != 1)
				diag_add(ld->dg, ld->file, line, "trusted_proxy "
				    "'%s': expected the proxy's IP address, e.g. "
				    "127.0.0.1 or ::1", value);
			else
				set_str(&c->trusted_proxy, value);
		} else if (!strcmp(key, "user_header")) {
			if (value[0] == '\0' || strspn(value, "abcdefghijklmnop"
			    "qrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
			    strlen(value))
				diag_add(ld->dg, ld->file, line, "user_header "
				    "'%s': expected the name of a header, e.g. "
				    "X-Remote-User", value);
			else {
				set_str(&c->user_header, value);
				c->user_header_line = line;
				ld->user_header_file = ld->file;
			}
		}
		else if (!strcmp(key, "public")) {
			if (yesno(value, &c->public_feeds) == -1)
				diag_add(ld->dg, ld->file, line, "public '%s': "
				    "expected yes or no", value);
		} else
			goto unknown;
		return;
	}
	if (strcmp(section, "mail") == 0) {
		mail_key(ld, line, key, value);
		return;
	}
	if (strcmp(section, "reminders") == 0) {
		reminders_key(ld, line, key, value);
		return;
	}
	if (strcmp(section, "meeting") == 0) {
		meeting_key(ld, line, key, value);
		return;
	}
	if (strcmp(section, "recommendations") == 0) {
		size_t	 errs = ld->dg->n;

		if (strcmp(key, "update_before") != 0) {
			diag_add(ld->dg, ld->file, line, "unknown key '%s' in "
			    "[recommendations] (expected update_before)", key);
			return;
		}
		one_duration(ld, line, key, value, &ld->c->update_before);
		if (ld->dg->n == errs &&
		    duration_is_zero(&ld->c->update_before))
			diag_add(ld->dg, ld->file, line, "update_before: '%s' "
			    "is no time at all (say how long before the "
			    "cabinet letter, e.g. P6W)", value);
		return;
	}
	if (strcmp(section, "general") && strcmp(section, "http")) {
		diag_add(ld->dg, ld->file, line, "unknown section [%s] (expected "
		    "general, http, mail, reminders, meeting or "
		    "recommendations)", section);
		return;
	}
unknown:
	diag_add(ld->dg, ld->file, line, "unknown key '%s' in [%s]", key, section);
}

static void
holiday_key(void *arg, int line, const char *section, const char *key,
    const char *value)
{
	struct loader	*ld = arg;
	char		*cause = NULL;

	if (key == NULL)
		return;		/* a section header */
	if (strcmp(section, "holidays") != 0) {
		diag_add(ld->dg, ld->file, line, "unknown section [%s] (expected "
		    "[holidays])", section);
		return;
	}
	if (holidays_add(ld->c->holidays, key, value, &cause) == -1) {
		diag_add(ld->dg, ld->file, line, "%s: %s", key, cause);
		free(cause);
	}
}

static void
department_key(void *arg, int line, const char *section, const char *key,
    const char *value)
{
	struct loader		*ld = arg;
	struct conf		*c = ld->c;
	struct department	*d = NULL;

	if (key == NULL)
		return;		/* a section header */
	for (size_t i = 0; i < c->ndepartments; i++)
		if (!strcasecmp(c->departments[i].code, section))
			d = &c->departments[i];
	if (d == NULL) {
		if (strlen(section) < 2 || strlen(section) >= RULES_CODE_MAX ||
		    strspn(section, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(section)) {
			diag_add(ld->dg, ld->file, line, "[%s] is not a department "
			    "code (2-15 letters or digits)", section);
			return;
		}
		c->departments = xreallocarray(c->departments,
		    c->ndepartments + 1, sizeof *c->departments);
		d = &c->departments[c->ndepartments++];
		memset(d, 0, sizeof *d);
		snprintf(d->code, sizeof d->code, "%s", section);
	}
	if (!strcmp(key, "name"))
		set_str(&d->name, value);
	else if (!strcmp(key, "name_nl"))
		set_str(&d->name_nl, value);
	else
		diag_add(ld->dg, ld->file, line, "unknown key '%s' in [%s] "
		    "(expected name, name_nl)", key, section);
}

static void
rules_key(void *arg, int line, const char *section, const char *key,
    const char *value)
{
	struct loader	*ld = arg;

	ruleset_feed(&ld->c->rules, line, section, key, value, ld->dg);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The *.ini of one directory, in name order so errors come in order; *n
 * 0 for none. -1 when it cannot be opened (errno set).
 */
static int
ini_names(const char *path, char ***out, size_t *n)
{
	DIR		 *dir;
	struct dirent	 *de;
	char		**names = NULL;

	*out = NULL;
	*n = 0;
	if ((dir = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL) {
		size_t	 len = strlen(de->d_name);

		if (len > 4 && de->d_name[0] != '.' &&
		    strcmp(de->d_name + len - 4, ".ini") == 0) {
			names = xreallocarray(names, *n + 1, sizeof *names);
			names[(*n)++] = xasprintf("%s/%s", path, de->d_name);
		}
	}
	closedir(dir);
	if (*n > 0)
		qsort(names, *n, sizeof *names, cmp_str);
	*out = names;
	return 0;
}

/*
 * Every directory of instruments in order, each a layer over the ones
 * before: its file replaces an earlier instrument of the same code. The
 * first must exist; a later one that does not is skipped (the admin's
 * directory before anything is put there).
 */
static void
load_rules(struct loader *ld)
{
	struct conf	 *c = ld->c;
	char		**names;
	size_t		  n, total = 0, before = ld->dg->n;

	for (size_t k = 0; k < c->ninstruments; k++) {
		if (ini_names(c->instruments[k], &names, &n) == -1) {
			if (k == 0 || errno != ENOENT)
				diag_add(ld->dg, c->instruments[k], 0, "cannot "
				    "open instrument directory: %s",
				    strerror(errno));
			continue;
		}
		if (k > 0)
			ruleset_begin_layer(&c->rules);
		for (size_t i = 0; i < n; i++) {
			ruleset_begin_file(&c->rules, names[i]);
			ld->file = c->rules.files[c->rules.nfiles - 1];
			if (inifile_read(names[i], rules_key, ld, ld->dg) == 0)
				ruleset_end_file(&c->rules, ld->dg);
			free(names[i]);
		}
		free(names);
		total += n;
	}
	if (total == 0 && ld->dg->n == before) {
		/* No instrument, no deadline to keep: a configuration error
		 * (treatyd.conf(5)). */
		struct buf	 b;

		buf_init(&b, 64 * 1024);
		for (size_t k = 0; k < c->ninstruments; k++)
			buf_printf(&b, "%s%s", k ? ", " : "", c->instruments[k]);
		diag_add(ld->dg, b.p, 0, "no instrument files (*.ini)%s",
		    c->ninstruments > 1 ? " in any of these directories" : "");
		buf_free(&b);
		return;
	}
	ruleset_finish(&c->rules, ld->dg);
}

/*
 * The drop-ins of the file: DIR/NAME.conf for DIR = the file's name +
 * ".d", in strcmp (C locale) order, each read like the file itself; no
 * such directory, no drop-ins.
 */
static void
read_dropins(struct loader *ld)
{
	struct conf	 *c = ld->c;
	char		 *path = xasprintf("%s.d", c->path), **names = NULL;
	DIR		 *dir;
	struct dirent	 *de;
	size_t		  n = 0;

	if ((dir = opendir(path)) == NULL) {
		if (errno != ENOENT)
			diag_add(ld->dg, path, 0, "cannot open the drop-in "
			    "directory: %s", strerror(errno));
		free(path);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		size_t	 len = strlen(de->d_name);

		if (len > 5 && de->d_name[0] != '.' &&
		    strcmp(de->d_name + len - 5, ".conf") == 0) {
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xasprintf("%s/%s", path, de->d_name);
		}
	}
	closedir(dir);
	free(path);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_str);
	c->dropins = names;
	c->ndropins = n;
	for (size_t i = 0; i < n; i++) {
		ld->file = names[i];
		inifile_read(names[i], conf_key, ld, ld->dg);
	}
	ld->file = c->path;
}

/* Departments named by instruments must be defined. */
static void
check_departments(const struct conf *c, struct diag *dg)
{
	if (conf_department(c, c->chair_dept) == NULL)
		diag_add(dg, c->path ? c->path : "(defaults)", 0, "[meeting] "
		    "chair '%s' is not in %s", c->chair_dept, c->departments_file);
	for (size_t i = 0; i < c->rules.n; i++) {
		const struct instrument	*in = &c->rules.v[i];

		if (in->lead[0] && conf_department(c, in->lead) == NULL)
			diag_add(dg, in->file, in->line, "lead department '%s' "
			    "is not in %s", in->lead, c->departments_file);
		for (int j = 0; j < in->ncontributors; j++)
			if (conf_department(c, in->contributors[j]) == NULL)
				diag_add(dg, in->file, in->line, "contributing "
				    "department '%s' is not in %s",
				    in->contributors[j], c->departments_file);
		for (size_t j = 0; j < in->nrules; j++) {
			const struct rule	*r = &in->rules[j];

			if (r->owner[0] && strcmp(r->owner, "lead") != 0 &&
			    conf_department(c, r->owner) == NULL)
				diag_add(dg, r->file, r->line, "owner '%s' is "
				    "not in %s", r->owner, c->departments_file);
		}
	}
}

/*
 * starttls = off for a host that is not loopback is refused when a
 * message is sent; say so now, with the same words, at the line of the
 * key (transport and starttls may come in either order).
 */
static void
check_starttls(struct loader *ld)
{
	const struct conf	*c = ld->c;
	char			*cause = NULL;

	if (c->mail_starttls != SMTP_TLS_OFF || c->transport == NULL ||
	    (strncmp(c->transport, "smtp://", 7) != 0 &&
	    strncmp(c->transport, "smtps://", 8) != 0))
		return;
	if (smtp_tls_check(c->transport, SMTP_TLS_OFF, &cause) == -1) {
		diag_add(ld->dg, ld->starttls_file, ld->starttls_line, "%s",
		    cause);
		free(cause);
	}
}

static void
defaults(struct conf *c)
{
	c->database = xstrdup(LOCALSTATEDIR "/lib/treatyd/treatyd.db");
	c->state = xstrdup(LOCALSTATEDIR "/lib/treatyd");
	c->instruments = xcalloc(1, sizeof *c->instruments);
	c->instruments[0] = xstrdup(PKGDATADIR "/instruments.d");
	c->ninstruments = 1;
	c->holidays_file = xstrdup(PKGDATADIR "/holidays/nl.ini");
	c->departments_file = xstrdup(PKGDATADIR "/departments.ini");
	c->timezone = xstrdup("Europe/Amsterdam");
	snprintf(c->language, sizeof c->language, "nl");
	c->horizon.years = 3;
	c->records_from = DATE_NONE;
	c->listen = xstrdup("127.0.0.1:8080");
	c->base_url = xstrdup("http://127.0.0.1:8080");
	c->max_connections = HTTP_MAX_CONNECTIONS;
	c->max_per_client = HTTP_MAX_PER_CLIENT;
	c->transport = xstrdup("maildir:" LOCALSTATEDIR "/lib/treatyd/outbox");
	c->mail_from = xstrdup("treatyd@localhost");
	c->mail_timeout = 60;
	c->nlead = 5;
	c->lead[0].days = 180;
	c->lead[1].days = 90;
	c->lead[2].days = 30;
	c->lead[3].days = 7;
	c->lead[4].days = 1;
	c->nmilestone_lead = 1;
	c->milestone_lead[0].days = 7;
	c->send_at = 9 * 60;
	c->working_days_only = 1;
	c->catch_up.days = 3;
	c->overdue_every.days = 7;
	c->overdue_slow_after.months = 1;
	c->overdue_slow_every.months = 1;
	c->max_per_day = 1;
	c->alert_after = 3600;
	c->catch_up_mail = 1;
	c->chair_after = 0;
	c->templates = xstrdup(PKGDATADIR "/templates");
	c->keep.years = 2;
	c->agenda_before.days = 14;
	c->agenda_months = 18;
	snprintf(c->chair_dept, sizeof c->chair_dept, "BZK");
	c->update_before.weeks = 6;
}

struct conf *
conf_load(const char *path, struct diag *dg)
{
	struct conf	*c = xcalloc(1, sizeof *c);
	struct loader	 ld = { c, NULL, dg, NULL, 0, 0, 0, NULL, NULL };
	size_t		 before = dg->n;
	const char	*slash;

	defaults(c);
	ruleset_init(&c->rules);
	c->holidays = holidays_new();
	if (path == NULL && access(CONF_DEFAULT_PATH, F_OK) == 0)
		path = CONF_DEFAULT_PATH;
	if (path != NULL) {
		c->path = xstrdup(path);
		if ((slash = strrchr(path, '/')) != NULL)
			ld.dir = xasprintf("%.*s", (int)(slash - path), path);
		ld.file = c->path;
		if (inifile_read(path, conf_key, &ld, dg) == 0)
			read_dropins(&ld);
	}
	/* The database and the demo outbox live in the state directory
	 * unless given elsewhere. */
	if (!ld.has_database) {
		free(c->database);
		c->database = xasprintf("%s/treatyd.db", c->state);
	}
	if (!ld.has_transport) {
		free(c->transport);
		c->transport = xasprintf("maildir:%s/outbox", c->state);
	}
	check_starttls(&ld);
	/* The default gives way to a smaller max_connections. */
	if (c->max_per_client > c->max_connections &&
	    c->max_per_client_line == 0)
		c->max_per_client = c->max_connections;
	else if (c->max_per_client > c->max_connections)
		diag_add(dg, c->path, c->max_per_client_line, "max_per_client "
		    "%u: more than max_connections (%u)", c->max_per_client,
		    c->max_connections);
	/* A header of the user is believed only from a proxy named. */
	if (c->user_header != NULL && c->trusted_proxy == NULL)
		diag_add(dg, ld.user_header_file, c->user_header_line,
		    "user_header needs "
		    "trusted_proxy: the address of the proxy that sets it "
		    "(from anywhere else anyone could set it)");
	if (dg->n == before) {
		ld.file = c->holidays_file;
		inifile_read(c->holidays_file, holiday_key, &ld, dg);
		ld.file = c->departments_file;
		inifile_read(c->departments_file, department_key, &ld, dg);
		load_rules(&ld);
		check_departments(c, dg);
	}
	free(ld.dir);
	if (dg->n != before) {
		conf_free(c);
		return NULL;
	}
	return c;
}

/* A string copied, NULL kept. */
static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct conf *
conf_mail_copy(const struct conf *c)
{
	struct conf	*m = xcalloc(1, sizeof *m);

	ruleset_init(&m->rules);
	m->database = dup_or_null(c->database);
	m->timezone = dup_or_null(c->timezone);
	m->transport = dup_or_null(c->transport);
	m->mail_from = dup_or_null(c->mail_from);
	m->mail_username = dup_or_null(c->mail_username);
	m->mail_password_file = dup_or_null(c->mail_password_file);
	m->mail_starttls = c->mail_starttls;
	m->mail_timeout = c->mail_timeout;
	m->mail_cainfo = dup_or_null(c->mail_cainfo);
	return m;
}

void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	free(c->path);
	for (size_t i = 0; i < c->ndropins; i++)
		free(c->dropins[i]);
	free(c->dropins);
	free(c->database);
	free(c->state);
	free_dirs(c);
	free(c->holidays_file);
	free(c->departments_file);
	free(c->timezone);
	free(c->listen);
	free(c->base_url);
	free(c->trusted_proxy);
	free(c->user_header);
	free(c->transport);
	free(c->mail_from);
	free(c->mail_username);
	free(c->mail_password_file);
	free(c->mail_cainfo);
	free(c->chair);
	free(c->templates);
	ruleset_free(&c->rules);
	holidays_free(c->holidays);
	for (size_t i = 0; i < c->ndepartments; i++) {
		free(c->departments[i].name);
		free(c->departments[i].name_nl);
	}
	free(c->departments);
	free(c);
}

const struct department *
conf_department(const struct conf *c, const char *code)
{
	for (size_t i = 0; i < c->ndepartments; i++)
		if (strcasecmp(c->departments[i].code, code) == 0)
			return &c->departments[i];
	return NULL;
}

size_t
conf_check_templates(const struct conf *c, struct diag *dg)
{
	static const enum lang langs[] = { LANG_NL, LANG_EN };
	static const char *const names[] = { "reminder.subject",
	    "reminder.txt", "reminder.html", "change.subject", "change.txt",
	    "change.html", "agenda.subject", "agenda.txt", "combined.subject",
	    "combined.txt", "combined.html", "catch-up.subject", "catch-up.txt",
	    "catch-up.html", "summary.subject", "summary.txt", "summary.html",
	    "welcome.subject", "welcome.txt", "welcome.html", "feed.subject",
	    "feed.txt", "feed.html", "signin.subject", "signin.txt",
	    "signin.html" };
	static const char *const digest[] = { "digest.subject", "digest.txt",
	    "digest.html" };
	size_t	 before = dg->n;

	for (size_t i = 0; c->digest && i < 2; i++)
		for (size_t j = 0; j < sizeof digest / sizeof *digest; j++) {
			char	*p = xasprintf("%s/%s/%s", c->templates,
			    lang_name(langs[i]), digest[j]);

			if (access(p, R_OK) == -1)
				diag_add(dg, p, 0, "mail template: %s (needed by "
				    "[reminders] digest = weekly)", strerror(errno));
			free(p);
		}
	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < sizeof names / sizeof *names; j++) {
			char	*p = xasprintf("%s/%s/%s", c->templates,
			    lang_name(langs[i]), names[j]);

			if (access(p, R_OK) == -1)
				diag_add(dg, p, 0, "mail template: %s (see "
				    "[reminders] templates)", strerror(errno));
			free(p);
		}
	return dg->n - before;
}

#define FILE_MAX	(256 * 1024)

/* A whole small file the configuration names; NULL with *cause. */
static char *
read_file(const char *path, char **cause)
{
	FILE		*fp;
	struct buf	 b;
	char		 chunk[4096];
	size_t		 n;
	int		 bad;

	if ((fp = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf_init(&b, FILE_MAX);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	bad = ferror(fp);
	fclose(fp);
	if (bad || b.toobig) {
		buf_free(&b);
		*cause = bad ? xasprintf("%s: read error", path) :
		    xasprintf("%s: larger than %d bytes", path, FILE_MAX);
		return NULL;
	}
	return buf_take(&b);
}

char *
conf_template(const struct conf *c, const char *lang, const char *name,
    char **cause)
{
	char	*path = xasprintf("%s/%s/%s", c->templates, lang, name);
	char	*text = read_file(path, cause);

	free(path);
	return text;
}

char *
conf_mail_password(const struct conf *c, char **cause)
{
	const char	*dir = getenv("CREDENTIALS_DIRECTORY");
	char		*path, *pw;

	if (c->mail_username == NULL)
		return xstrdup("");
	if (c->mail_password_file != NULL)
		path = xstrdup(c->mail_password_file);
	else if (dir != NULL)
		path = xasprintf("%s/smtp-password", dir);
	else {
		*cause = xasprintf("[mail] username is set but there is no "
		    "password_file and no systemd credential smtp-password");
		return NULL;
	}
	pw = read_file(path, cause);
	free(path);
	if (pw != NULL)
		pw[strcspn(pw, "\r\n")] = '\0';
	return pw;
}

void
conf_policy(const struct conf *c, struct remind_policy *pol)
{
	memset(pol, 0, sizeof *pol);
	memcpy(pol->lead, c->lead, sizeof pol->lead);
	pol->nlead = c->nlead;
	memcpy(pol->milestone_lead, c->milestone_lead,
	    sizeof pol->milestone_lead);
	pol->nmilestone_lead = c->nmilestone_lead;
	pol->working_days_only = c->working_days_only;
	pol->overdue_every = c->overdue_every;
	pol->overdue_slow_after = c->overdue_slow_after;
	pol->overdue_slow_every = c->overdue_slow_every;
	pol->chair_after = c->chair_after;
}
