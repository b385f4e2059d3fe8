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
	/*
	 * The client's address, "127.0.0.1": the peer's, or, when the peer
	 * is the trusted proxy and names a valid address in X-Real-IP,
	 * that one. An IPv4 client of an IPv6 socket is written as IPv4.
	 */
	const char	*client;
	const char	*peer;		/* the socket's peer, proxy or not */
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
	/*
	 * The same content gzipped (borrowed, copied like body), or NULL:
	 * sent with "Content-Encoding: gzip" and gzip_etag (which must
	 * differ from etag) to a client whose Accept-Encoding takes gzip;
	 * both variants then carry "Vary: Accept-Encoding".
	 */
	const char	*gzip_body;
	size_t		 gzip_len;
	const char	*gzip_etag;
	const char	*cache_control;	/* may be NULL */
	const char	*location;	/* for 303: where to go; may be NULL */
	const char	*set_cookie;	/* a Set-Cookie value; may be NULL */
	/* A page of the signed-in workspace: a strict Content-Security-
	 * Policy, X-Frame-Options DENY, no referrer, Cache-Control no-store. */
	int		 private_page;
	/* The route's class for the counts ("feed", "page", ...; a string
	 * that lives as long as the server); NULL: "none". */
	const char	*route;
};

typedef void (*http_route_fn)(void *arg, const struct http_request *,
    struct http_reply *);

/* The answers of one route class with one status. */
struct http_count {
	const char	*route;		/* "none": refused before a route */
	unsigned int	 status;
	unsigned long	 n;
};

#define HTTP_COUNTS_MAX	64	/* classes x statuses; more go uncounted */

struct http_stats {
	unsigned long	 requests;
	unsigned long	 not_modified;	/* 304 */
	unsigned long	 client_errors;	/* 4xx */
	/* by route and status */
	struct http_count counts[HTTP_COUNTS_MAX];
	size_t		 ncounts;
};

#define HTTP_MAX_CONNECTIONS	1024	/* the defaults of struct http_options */
#define HTTP_MAX_PER_CLIENT	64
#define HTTP_CONNECTIONS_MAX	100000	/* the most either may be */
/* The proxy's header of the client's address (nginx: $remote_addr). */
#define HTTP_CLIENT_HEADER	"X-Real-IP"

struct http_options {
	const char	*listen;	/* see http_new() */
	unsigned int	 max_connections;	/* 0: HTTP_MAX_CONNECTIONS */
	unsigned int	 max_per_client;	/* 0: HTTP_MAX_PER_CLIENT */
	const char	*trusted_proxy;	/* an IP address, or NULL */
};

#define HTTP_LISTEN_MAX		8	/* addresses of one listen value */
#define HTTP_LISTEN_LEN		64	/* the longest address, with its NUL */

/*
 * The addresses of a listen value, separated by commas or spaces: their
 * number, or -1 when there are more than HTTP_LISTEN_MAX or one is
 * longer than HTTP_LISTEN_LEN - 1 (nothing is checked but that).
 */
int		 http_listen_split(const char *,
		    char [HTTP_LISTEN_MAX][HTTP_LISTEN_LEN]);

/*
 * Listen on every "HOST:PORT" of listen ("127.0.0.1:8080", "[::1]:8080",
 * several separated by commas or spaces; "[::]:8080" is IPv4 and IPv6;
 * port 0 picks a free one). At most max_connections connections at once, and at most
 * max_per_client from one address, except from trusted_proxy: there, at
 * most max_per_client requests at once of one client it names (more get
 * 503). The open-file limit is raised for max_connections, or the
 * connections capped to it (logged). NULL with *cause (caller frees) on
 * failure.
 */
struct http	*http_new(const struct http_options *, http_route_fn,
		    void *arg, char **cause);
void		 http_free(struct http *);
/* The trusted proxy from now on (an IP address, or NULL for none). */
void		 http_trust_proxy(struct http *, const char *address);
/* The connections allowed at once (max_connections, or less if capped). */
unsigned int	 http_max_connections(const struct http *);
/* The largest form body a POST may send; more gets 413. */
#define HTTP_FORM_MAX	(16 * 1024)
/*
 * Accept POST (a form, application/x-www-form-urlencoded) for path and
 * every path below it ("/signin": "/signin" and "/signin/..."); other
 * paths answer 405 to a POST.
 */
void		 http_allow_post(struct http *, const char *path);
/* The port actually bound (of the first address). */
int		 http_port(const struct http *);
/* One descriptor, whatever the addresses, that becomes readable when
 * http_run() has work. */
int		 http_fd(const struct http *);
/* Do all pending work without blocking. */
void		 http_run(struct http *);
/* Milliseconds until http_run() must be called for timeouts; -1: none. */
long long	 http_timeout_ms(const struct http *);
const struct http_stats *http_stats(const struct http *);

#endif
