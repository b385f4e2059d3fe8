/*
 * treatyd.conf and the files it names (instrument rules, holidays,
 * departments), parsed and range-checked into one const struct conf.
 * Every error is collected with file:line before loading fails.
 */
#ifndef TREATYD_CONF_H
#define TREATYD_CONF_H

#include "date.h"
#include "rules.h"

struct diag;
struct holidays;

#define CONF_DEFAULT_PATH	SYSCONFDIR "/treatyd/treatyd.conf"

struct conf {
	char			*path;		/* NULL: built-in defaults */
	char			**dropins;	/* path.d/NAME.conf, in order */
	size_t			 ndropins;
	char			*database;
	char			*state;		/* state directory */
	char			**instruments;	/* directories of *.ini, in order */
	size_t			 ninstruments;
	char			*holidays_file;
	char			*departments_file;
	char			*timezone;
	char			 language[3];	/* "nl" or "en" */
	struct duration		 horizon;
	int			 records_from;	/* facts complete from, or DATE_NONE */
	/* [http] */
	char			*listen;
	char			*base_url;
	int			 public_feeds;
	unsigned int		 max_connections;	/* at once */
	unsigned int		 max_per_client;	/* from one client */
	int			 max_per_client_line;
	char			*trusted_proxy;	/* an address, or NULL */
	char			*user_header;	/* the proxy's header of the user */
	int			 user_header_line;
	/* [mail] */
	char			*transport;
	char			*mail_from;
	char			*mail_username;
	char			*mail_password_file;
	int			 mail_starttls;	/* enum smtp_tls */
	long			 mail_timeout;	/* seconds */
	char			*mail_cainfo;
	/* [reminders] */
	struct duration		 lead[8];
	int			 nlead;
	struct duration		 milestone_lead[8];
	int			 nmilestone_lead;
	int			 send_at;	/* minutes after local midnight */
	int			 working_days_only;
	struct duration		 catch_up;
	struct duration		 overdue_every;
	struct duration		 overdue_slow_after;	/* then repeats slow down */
	struct duration		 overdue_slow_every;
	int			 max_per_day;	/* mails to one person a day */
	long			 alert_after;	/* seconds deferred before /healthz says so */
	int			 catch_up_mail;	/* a new recipient: one catch-up */
	int			 chair_after;	/* repeats before the chair's summary */
	char			*chair;		/* the network chair's address */
	char			*templates;	/* directory with nl/ and en/ */
	int			 digest;	/* 1: one weekly mail per person */
	struct duration		 keep;		/* how long done mail stays */
	/* [meeting] */
	struct duration		 agenda_before;	/* the agenda mail goes out */
	int			 agenda_months;	/* planning window */
	char			 chair_dept[RULES_CODE_MAX];
	/* [recommendations] */
	struct duration		 update_before;	/* progress due before a letter */
	/* loaded from the files above */
	struct ruleset		 rules;
	struct holidays		*holidays;
	struct department	*departments;
	size_t			 ndepartments;
};

/*
 * Load path (or the default path when NULL; a missing default file means
 * built-in defaults), then each drop-in path.d/NAME.conf in C-locale
 * order, whose keys override the file's. Returns NULL with every problem
 * in diag.
 */
struct conf	*conf_load(const char *path, struct diag *);
void		 conf_free(struct conf *);
/* A copy of the database's path, the time zone and [mail] alone, for a
 * mail thread that outlives a reload (conf_free). */
struct conf	*conf_mail_copy(const struct conf *);
/* Every mail template present and readable; returns the errors added. */
size_t		 conf_check_templates(const struct conf *, struct diag *);
struct remind_policy;

/* The reminder schedule of [reminders]. */
void		 conf_policy(const struct conf *, struct remind_policy *);
/* The text of template lang/name (e.g. "nl", "reminder.txt"), read now so
 * an edited template takes effect; NULL with *cause. Caller frees. */
char		*conf_template(const struct conf *, const char *lang,
		    const char *name, char **cause);
/* The SMTP password from password_file or systemd's credential
 * smtp-password ("" without a username); NULL with *cause. Caller frees
 * (and clears) it. */
char		*conf_mail_password(const struct conf *, char **cause);
const struct department *conf_department(const struct conf *,
		    const char *code);

#endif
