/*
 * The network's workspace: sign-in by a one-time link mailed to a known
 * address, sessions in a cookie, roles, and the pages and forms that
 * record facts in the browser (every change through the service, the
 * same checks as treatyctl). Links and sessions are stored only as
 * SHA-256 hashes and compared in constant time; every form carries a
 * CSRF token derived from the session; no GET changes anything.
 */
#ifndef TREATYD_WORKSPACE_H
#define TREATYD_WORKSPACE_H

#include <stddef.h>

#include "hash.h"
#include "http.h"

struct conf;
struct coordinator;
struct service;
struct store;
struct web_token;

#define WS_LINK_TTL		(15 * 60)	/* a sign-in link's life */
#define WS_SESSION_IDLE		(8 * 3600)	/* a session unused this long ends */
#define WS_SESSION_MAX		(7 * 86400)	/* ... and this long after sign-in */
#define WS_ACK_LINK_DAYS	60		/* an acknowledgement link's life, days */
#define WS_MAILS_PER_ADDRESS	3		/* sign-in mails an hour */
#define WS_MAILS_PER_CLIENT	10		/* ... asked for by one client */
#define WS_TOKEN_LEN		64		/* hex digits: 256 random bits */
#define WS_COOKIE		"treatyd_session"

/* Someone who may sign in: a coordinator (co set) or the chair. */
struct ws_person {
	char				 address[256];
	const char			*name;		/* borrowed; NULL: the chair */
	const struct coordinator	*co;		/* borrowed; NULL: the chair */
	int				 chair;
	char				 lang[3];
};

struct workspace;

struct courier;
/* The pages' mails (sign-in links, welcomes) go by the courier (NULL:
 * none is sent). */
struct workspace *workspace_new(const struct conf *, struct service *,
		    struct store *, struct courier *);
void		 workspace_free(struct workspace *);
/* The paths that take POST, NULL-terminated (for http_allow_post). */
const char *const *workspace_post_paths(void);
/* Answer a workspace route; 0 when the path is not one of them. */
int		 workspace_route(struct workspace *, const struct http_request *,
		    struct http_reply *);
/* Whether the request carries a live session. */
int		 workspace_signed_in(struct workspace *,
		    const struct http_request *);
/* 1 (once) when a fact was recorded since the last call. */
int		 workspace_take_changed(struct workspace *);

/* The pure rules, for the tests. */

/* The person with this address (any case) among the coordinators and
 * [reminders] chair; 0 found, -1 not. */
int	 ws_person_find(const struct conf *, const struct coordinator *,
	    size_t n, const char *address, struct ws_person *);
/* Whether the person may record facts for the instrument (by code). */
int	 ws_may_record(const struct ws_person *, const char *instrument);
/* Whether a stored token still works at now: a link unused and before
 * its expiry, a session also used within WS_SESSION_IDLE. */
int	 ws_token_live(const struct web_token *, long long now);
/* A new token (WS_TOKEN_LEN hex digits) and its SHA-256; -1 when the
 * kernel gives no randomness. */
int	 ws_token_new(char token[WS_TOKEN_LEN + 1], unsigned char hash[HASH_LEN]);
/* The live token among v[0..n) whose hash is the hash of token, compared
 * in constant time; NULL when none. */
const struct web_token *ws_token_match(const struct web_token *v, size_t n,
	    const char *token, long long now);
/* The CSRF token of a session: derived from it, never stored. */
void	 ws_csrf(const char *session, char out[HASH_HEXLEN]);
/* 1 when given is the session's CSRF token (constant time). */
int	 ws_csrf_ok(const char *session, const char *given);

#endif
