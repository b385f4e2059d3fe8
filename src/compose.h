/*
 * The one composer of treatyd's mail: reminders, change notices,
 * combined mails, the agenda and the test message, each from the
 * templates of its kind, with the deadlines attached as iCalendar
 * events carrying the feed's UIDs. Same input, same bytes.
 */
#ifndef TREATYD_COMPOSE_H
#define TREATYD_COMPOSE_H

#include <stddef.h>

#include "planner.h"

struct conf;
struct service;

struct coordinator;

struct mail {
	enum mail_kind		 kind;
	int			 combined;	/* one mail listing every item */
	int			 weekly;	/* ... the weekly digest */
	const char		*to;
	const char		*to_name;	/* NULL: not a coordinator (the chair) */
	const char		*language;	/* "nl"; anything else reads as "en" */
	const char		*message_id;
	long long		 date;		/* the Date: header */
	const size_t		*items;		/* indexes into the deadlines */
	size_t			 nitems;	/* (a catch-up, summary or welcome
						 * finds its own) */
	int			 old_due;	/* MAIL_CHANGE: the date before */
	const struct coordinator *coordinator;	/* catch-up, welcome */
	const char		*feed_url;	/* welcome: their own feed */
	const char		*link;		/* signin: the one-time link */
	const char		*ack_url;	/* reminder: "we know" (or NULL) */
};

/*
 * The whole message (RFC 5322, CRLF), *len its length; NULL with *cause
 * on a missing template or a bad template variable. Caller frees.
 */
char	*compose_mail(const struct conf *, const struct service *,
	    const struct mail *, size_t *len, char **cause);

#endif
