/*
 * RFC 5322 / MIME mail text for reminders. Pure: the same input gives the
 * same bytes (boundaries derive from the Message-ID), so a message sent
 * again after a crash is the same message.
 */
#ifndef TREATYD_MESSAGE_H
#define TREATYD_MESSAGE_H

#include <stddef.h>

struct message {
	const char	*from;		/* addr-spec, e.g. treatyd@example.org */
	const char	*from_name;	/* display name (UTF-8) or NULL */
	const char	*to;		/* addr-spec */
	const char	*to_name;	/* display name (UTF-8) or NULL */
	const char	*subject;	/* UTF-8 */
	const char	*message_id;	/* "<...@...>" */
	long long	 date;		/* UNIX time for the Date: header */
	const char	*text;		/* text/plain body, UTF-8, LF or CRLF */
	const char	*html;		/* text/html body or NULL */
	const char	*ics;		/* text/calendar attachment or NULL */
	const char	*ics_name;	/* its file name, e.g. "deadline.ics" */
	const char	*ics_method;	/* METHOD of the attachment, "PUBLISH" */
	const char	*language;	/* Content-Language, "nl" or "en" */
};

/* 1 when s has no CR, LF or NUL (and is not NULL): safe in a header. */
int	 message_header_safe(const char *);
/* 1 for a plain addr-spec that is safe on the SMTP envelope. */
int	 message_address_ok(const char *);
/*
 * An unstructured header value (Subject) as it follows "Name: ", where
 * header_name_len is strlen("Name"): words with non-ASCII or control
 * characters become RFC 2047 encoded words (UTF-8, Q) of at most 75
 * octets that never split a UTF-8 character, folded with CRLF SP so no
 * line exceeds 78 octets; printable ASCII is returned as it is (folded
 * at its spaces when long). Caller frees.
 */
char	*message_encode_header(const char *utf8, size_t header_name_len);
/*
 * The whole message with CRLF line ends: Date, From, To, Subject,
 * Message-ID, MIME-Version, Auto-Submitted: auto-generated,
 * X-Auto-Response-Suppress, Content-Language; multipart/mixed of
 * multipart/alternative (text/plain then text/html, UTF-8 quoted-
 * printable) and the .ics attachment (base64, so its bytes survive);
 * a NULL html or ics leaves its part out, and no multipart has one
 * child. The ics must carry a METHOD line matching ics_method
 * (default "PUBLISH"; ics_name defaults to "deadline.ics"). NULL with
 * *cause ("Subject: contains a line break") when a header value or
 * address is unsafe. Caller frees; *len is its length.
 */
char	*message_build(const struct message *, size_t *len, char **cause);

#endif
