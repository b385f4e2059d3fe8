/*
 * What the workspace's page files share: the request's session and the
 * page frame every page uses. workspace.c holds sign-in, facts and
 * acknowledgements; wsrec.c the recommendations.
 */
#ifndef TREATYD_WSINT_H
#define TREATYD_WSINT_H

#include "workspace.h"
#include "words.h"

struct buf;

struct workspace {
	const struct conf	*conf;
	struct service		*sv;
	struct store		*store;
	struct courier		*courier;	/* the mails of the pages */
	int			 changed;
	/* What the reply borrows until the next request. */
	char			*body;
	char			*cookie;
	char			 location[256];	/* of a 303 */
	/* The request's session, when it has one. */
	struct ws_person	 me;
	char			 session[WS_TOKEN_LEN + 1];
	int			 signed_in;
	int			 proxy;		/* by the proxy's header, no cookie */
};

/* The page's language: the person's, else ?lang=, else the default. */
enum lang	 ws_lang_of(const struct workspace *, const struct http_request *);
/* The session's CSRF token as a hidden field of a form. */
void		 ws_csrf_field(struct workspace *, struct buf *);
/* A hidden field, its value escaped. */
void		 ws_hidden(struct buf *, const char *name, const char *value);
/* A field of the form (or, for GET, the query), "" when absent. */
const char	*ws_field(const struct http_request *, const char *key);
/* The page frame: its head, the workspace's menu, the title; then the
 * page's body; then ws_page_close replies with it. */
void		 ws_page_open(struct workspace *, struct buf *, enum lang,
		    const char *title);
void		 ws_page_close(struct workspace *, struct buf *,
		    struct http_reply *, int status);
/* Whether the form carries the session's CSRF token; if not, 403 has
 * been answered, saying nothing changed. */
int		 ws_form_ok(struct workspace *, const struct http_request *,
		    struct http_reply *);
/* A labelled input, with its hint and its error (either may be NULL). */
void		 ws_input(struct buf *, const char *type, const char *name,
		    const char *label, const char *value, const char *err,
		    const char *hint);
void		 ws_message_page(struct workspace *, struct http_reply *,
		    enum lang, int status, const char *title, const char *text);
/* 303 to a path of the site (copied). */
void		 ws_redirect(struct workspace *, struct http_reply *,
		    const char *to);
void		 ws_forbidden(struct workspace *, struct http_reply *, enum lang,
		    const char *text);

/* GET and POST /feed (anyone signed in) and /meeting (the chair), in
 * wsmine.c. */
void		 wsmine_route(struct workspace *, const struct http_request *,
		    struct http_reply *, const char *path);

/* GET and POST /coordinators, the chair's (wscoord.c). */
void		 wscoord_route(struct workspace *, const struct http_request *,
		    struct http_reply *);

/* GET /recommendations[/ID] and POST /recommendations/ID (wsrec.c);
 * rest: after "/recommendations/", or NULL for the list. */
void		 wsrec_route(struct workspace *, const struct http_request *,
		    struct http_reply *, const char *rest);

#endif
