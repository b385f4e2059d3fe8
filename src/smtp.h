/*
 * Sending one message over SMTP through libcurl, the only file that
 * includes it. One handle keeps its connection for a batch.
 */
#ifndef TREATYD_SMTP_H
#define TREATYD_SMTP_H

#include <stddef.h>

enum smtp_tls {
	SMTP_TLS_REQUIRED,	/* STARTTLS or fail (smtp://) */
	SMTP_TLS_OPPORTUNISTIC,
	SMTP_TLS_OFF		/* refused unless the host is loopback */
};

struct smtp_conf {
	const char	*url;		/* smtp://host:port/ehlo or smtps://... */
	const char	*username;	/* NULL: no AUTH */
	const char	*password;
	enum smtp_tls	 tls;
	long		 timeout;	/* seconds; 0: 60 */
	const char	*cainfo;	/* CA bundle file or NULL for the system's */
};

enum smtp_result {
	SMTP_SENT,
	SMTP_TEMPORARY,		/* 4xx, connection failure, timeout: retry */
	SMTP_PERMANENT,		/* 5xx: give up and report */
	SMTP_CONFIG,		/* login refused, no STARTTLS, bad URL: fix it */
	SMTP_UNREACHABLE	/* no answer: refused, timed out, cut off; retry
				 * later, and the rest of a batch with it */
};

struct smtp;

/*
 * 0 when the TLS mode suits url ([mail] starttls = off only for a
 * loopback host and never with smtps://); else -1 with *cause, the
 * message smtp_new() gives, so that loading the configuration can say
 * it first. Caller frees *cause.
 */
int		 smtp_tls_check(const char *url, enum smtp_tls, char **cause);
/* NULL with *cause when the configuration is unusable (e.g. starttls off
 * on a non-loopback host). */
struct smtp	*smtp_new(const struct smtp_conf *, char **cause);
void		 smtp_free(struct smtp *);
/*
 * Send data (a whole RFC 5322 message, CRLF) from one sender to one
 * recipient. reply gets the server's last reply or libcurl's error, for
 * the outbox (at most len bytes).
 */
enum smtp_result smtp_send(struct smtp *, const char *from, const char *rcpt,
		    const char *data, size_t len, char *reply, size_t replylen);

#endif
