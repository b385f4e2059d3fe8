/*
 * The HTTP server through libmicrohttpd, the only file that includes it.
 * It speaks the protocol (GET and HEAD; POST with a form body for the
 * paths that ask for it; conditional requests, limits and timeouts);
 * what a path returns is the route callback's business. It
 * runs inside the caller's event loop: poll http_fd() for input, then
 * call http_run().
 */
#ifndef TREATYD_HTTP_H
#define TREATYD_HTTP_H

#include <stddef.h>

struct http;

struct http_request {
	const char	*method;	/* "GET", "HEAD" or "POST" */
	const char	*path;		/* decoded, without the query */
	/* A query argument's value, or NULL. */
	const char	*(*query)(const struct http_request *, const char *key);
	/* A field of a POST's form (decoded), or NULL; NULL for GET. */
	const char	*(*form)(const struct http_request *, const char *key);
	/* The value of a cookie of the Cookie header, or NULL. */
	const char	*(*cookie)(const struct http_request *, const char *name);
	/* The value of a header of the request, or NULL. */
	const char	*(*header)(const struct http_request *, const char *name);
	const char	*client;	/* the peer's address, "127.0.0.1" */
	void		*impl;
};

struct http_reply {
	int		 status;	/* 200, 404, ... */
	const char	*content_type;
	const char	*body;		/* borrowed; copied by http.c */
	size_t		 len;
	/* For 200: a strong ETag (quoted) and the last change (UNIX time,
	 * 0 for none); http.c answers 304 when the request matches. */
	const char	*etag;
	long long	 last_modified;
	const char	*cache_control;	/* may be NULL */
	const char	*location;	/* for 303: where to go; may be NULL */
	const char	*set_cookie;	/* a Set-Cookie value; may be NULL */
	/* A page of the signed-in workspace: a strict Content-Security-
	 * Policy, X-Frame-Options DENY, no referrer, Cache-Control no-store. */
	int		 private_page;
};

typedef void (*http_route_fn)(void *arg, const struct http_request *,
    struct http_reply *);

struct http_stats {
	unsigned long	 requests;
	unsigned long	 not_modified;	/* 304 */
	unsigned long	 client_errors;	/* 4xx */
};

/*
 * Listen on "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080"; port 0 picks a
 * free one). NULL with *cause (caller frees) on failure.
 */
struct http	*http_new(const char *listen, http_route_fn, void *arg,
		    char **cause);
void		 http_free(struct http *);
/* The largest form body a POST may send; more gets 413. */
#define HTTP_FORM_MAX	(16 * 1024)
/*
 * Accept POST (a form, application/x-www-form-urlencoded) for path and
 * every path below it ("/signin": "/signin" and "/signin/..."); other
 * paths answer 405 to a POST.
 */
void		 http_allow_post(struct http *, const char *path);
/* The port actually bound. */
int		 http_port(const struct http *);
/* A descriptor that becomes readable when http_run() has work. */
int		 http_fd(const struct http *);
/* Do all pending work without blocking. */
void		 http_run(struct http *);
/* Milliseconds until http_run() must be called for timeouts; -1: none. */
long long	 http_timeout_ms(const struct http *);
const struct http_stats *http_stats(const struct http *);

#endif
