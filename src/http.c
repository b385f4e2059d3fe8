#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "clock.h"
#include "http.h"
#include "log.h"
#include "xmalloc.h"

/*
 * Limits. The memory limit is per connection and holds the request line,
 * the headers and MHD's write buffer, so it also bounds how large and how
 * many headers a client may send; response bodies live in the response
 * object, outside it.
 */
#define HTTP_TIMEOUT_S		15
#define HTTP_MEMORY_LIMIT	(32 * 1024)
#define HTTP_POST_PATHS		16
#define HTTP_FORM_FIELDS	32
/*
 * From accept (or the end of the previous request on a kept connection)
 * to the end of a request's headers: a client that trickles a byte now
 * and then is cut off here, whatever MHD's inactivity timeout says.
 */
#define HTTP_HEADERS_DEADLINE_MS	(10 * 1000)
#define HTTP_LOG_EVERY_US		(60LL * 1000000)	/* one MHD line a minute */
/* Descriptors the process needs besides the connections: listeners,
 * epoll, the database and its journal, inotify, timers, SMTP, logs. */
#define HTTP_FD_RESERVE			64
#define HTTP_RETRY_AFTER		"5"	/* seconds, on a 503 */
#define HTTP_KEPT			16	/* responses kept */

/* An IP address, IPv4 ones of an IPv6 socket (::ffff:a.b.c.d) as IPv4. */
struct addr {
	int		 family;	/* AF_INET, AF_INET6 or 0: none */
	unsigned char	 a[16];
};

/* A connection, while MHD has it: when its headers are due. */
struct conn {
	struct conn	*prev, *next;
	int		 fd;
	long long	 since_us;	/* waiting for headers since */
	int		 in_request;	/* the headers are in */
	int		 cut;		/* shut down for being slow */
	struct addr	 peer_addr;
	char		 peer[INET6_ADDRSTRLEN];
	/* The client of the request (the peer, or whom the proxy names). */
	char		 client[INET6_ADDRSTRLEN];
	int		 forwarded;	/* came through the proxy */
	int		 active;	/* counted against client's limit */
};

/* A response made once for a cached body (kept_response()). */
struct kept {
	struct MHD_Response	*resp;
	char			*key;
	unsigned long		 used;
};

/* One address listened on: an MHD daemon of its own. */
struct listener {
	struct MHD_Daemon	*daemon;
	int			 port;
	int			 fd;		/* MHD's epoll */
};

struct http {
	struct listener		 ls[HTTP_LISTEN_MAX];
	size_t			 nls;
	http_route_fn		 route;
	void			*arg;
	struct http_stats	 stats;
	const char		*route_class;	/* of the answer going out */
	/* What the caller polls: the one listener's epoll descriptor, or
	 * one of our own that holds every listener's. */
	int			 fd;
	int			 own_fd;
	/* While starting, MHD's first message is kept for the cause. */
	int			 starting;
	char			 start_error[256];
	char			*post_paths[HTTP_POST_PATHS];
	size_t			 npost;
	int			 allow_post;	/* the request's path takes POST */
	struct conn		*conns;		/* every open connection */
	size_t			 nconns;
	unsigned long		 closed;	/* connections closed */
	unsigned int		 max_connections;
	unsigned int		 max_per_client;
	struct addr		 proxy;		/* family 0: none */
	struct kept		 kept[HTTP_KEPT];
	unsigned long		 kept_clock;
	long long		 log_at;	/* the last MHD line logged */
	unsigned long		 log_quiet;	/* and how many since, unlogged */
};

/* One field of a form: its value grows as the post processor reads it. */
struct field {
	char	*key;
	char	*value;
	size_t	 len;
};

/* A POST being read: its form, at most HTTP_FORM_MAX bytes in all. */
struct post {
	struct MHD_PostProcessor	*pp;
	struct field			 fields[HTTP_FORM_FIELDS];
	size_t				 nfields;
	size_t				 total;
	size_t				 raw;		/* bytes received */
	int				 bad;		/* too large, too many */
};

/* What the If-None-Match fields of a request say about our ETag. */
struct inm {
	const char	*etag;
	int		 present;
	int		 match;
};

static const char days[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static void log_mhd(void *, const char *, va_list)
    __attribute__((format(printf, 2, 0)));
static void log_limited(struct http *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * A line through the logger, at most one a minute, with a count of those
 * left out: a flood of clients must not flood the log.
 */
static void
log_line(struct http *h, const char *line)
{
	long long	 now = clock_monotonic_us();

	if (h->log_at != 0 && now - h->log_at < HTTP_LOG_EVERY_US) {
		h->log_quiet++;
		return;
	}
	if (h->log_quiet > 0)
		log_warnx("http: %s (and %lu more messages in the last minute)",
		    line, h->log_quiet);
	else
		log_warnx("http: %s", line);
	h->log_at = now;
	h->log_quiet = 0;
}

static void
log_limited(struct http *h, const char *fmt, ...)
{
	char	 line[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	log_line(h, line);
}

/*
 * MHD's error log. During start-up the first message becomes the cause
 * that http_new() returns, so it is reported once, by the caller. Later
 * ones (a connection refused at the limit, say) go through the logger,
 * at most one a minute, with a count of those left out.
 */
static void
log_mhd(void *cls, const char *fmt, va_list ap)
{
	struct http	*h = cls;
	char		 line[512];
	size_t		 len;

	vsnprintf(line, sizeof line, fmt, ap);
	len = strlen(line);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (h->starting) {
		if (h->start_error[0] == '\0')
			snprintf(h->start_error, sizeof h->start_error,
			    "%.255s", line);
		return;
	}
	log_line(h, line);
}

/* An address of family (AF_INET, AF_INET6) from its bytes. */
static void
addr_set(struct addr *a, int family, const unsigned char *bytes)
{
	static const unsigned char	 mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	memset(a, 0, sizeof *a);
	if (family == AF_INET6 && memcmp(bytes, mapped, sizeof mapped) == 0) {
		family = AF_INET;
		bytes += sizeof mapped;
	}
	a->family = family;
	memcpy(a->a, bytes, family == AF_INET ? 4 : 16);
}

/* The address of sa, IPv4-mapped IPv6 as IPv4; -1 for another family. */
static int
addr_of(const struct sockaddr *sa, struct addr *a)
{
	memset(a, 0, sizeof *a);
	if (sa == NULL)
		return -1;
	if (sa->sa_family == AF_INET)
		addr_set(a, AF_INET, (const unsigned char *)
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr);
	else if (sa->sa_family == AF_INET6)
		addr_set(a, AF_INET6, ((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr.s6_addr);
	else
		return -1;
	return 0;
}

/* A written address ("192.0.2.1", "::1", "::ffff:192.0.2.1"); -1 if not. */
static int
addr_parse(const char *s, struct addr *a)
{
	unsigned char	 bytes[16];

	memset(a, 0, sizeof *a);
	if (s == NULL)
		return -1;
	if (inet_pton(AF_INET, s, bytes) == 1)
		addr_set(a, AF_INET, bytes);
	else if (inet_pton(AF_INET6, s, bytes) == 1)
		addr_set(a, AF_INET6, bytes);
	else
		return -1;
	return 0;
}

static void
addr_format(const struct addr *a, char *buf, size_t len)
{
	if (a->family == 0 || inet_ntop(a->family, a->a, buf,
	    (socklen_t)len) == NULL)
		snprintf(buf, len, "%s", "");
}

static int
addr_eq(const struct addr *x, const struct addr *y)
{
	return x->family != 0 && x->family == y->family &&
	    memcmp(x->a, y->a, x->family == AF_INET ? 4 : 16) == 0;
}

/*
 * MHD offers a connection: refuse it past max_connections, or past
 * max_per_client from one address, except from the trusted proxy, whose
 * clients are counted per request instead (client_busy()).
 */
static enum MHD_Result
accept_conn(void *cls, const struct sockaddr *sa, socklen_t salen)
{
	struct http	*h = cls;
	struct addr	 a;
	char		 who[INET6_ADDRSTRLEN];
	unsigned int	 n = 0;

	(void)salen;
	if (h->nconns >= h->max_connections) {
		log_limited(h, "a connection refused: max_connections (%u) "
		    "are open", h->max_connections);
		return MHD_NO;
	}
	if (addr_of(sa, &a) == -1 || addr_eq(&a, &h->proxy))
		return MHD_YES;
	for (const struct conn *k = h->conns; k != NULL; k = k->next)
		if (addr_eq(&k->peer_addr, &a))
			n++;
	if (n >= h->max_per_client) {
		addr_format(&a, who, sizeof who);
		log_limited(h, "a connection from %s refused: it has "
		    "max_per_client (%u) open", who, h->max_per_client);
		return MHD_NO;
	}
	return MHD_YES;
}

/* MHD opened or closed a connection: keep it in the list. */
static void
notify_conn(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct http			*h = cls;
	struct conn			*k = *socket_context;
	const union MHD_ConnectionInfo	*info;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		k = xcalloc(1, sizeof *k);
		info = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		k->fd = info != NULL ? info->connect_fd : -1;
		k->since_us = clock_monotonic_us();
		info = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (info != NULL && addr_of(info->client_addr,
		    &k->peer_addr) == 0)
			addr_format(&k->peer_addr, k->peer, sizeof k->peer);
		h->nconns++;
		if ((k->next = h->conns) != NULL)
			k->next->prev = k;
		h->conns = k;
		*socket_context = k;
	} else if (k != NULL) {
		if (k->prev != NULL)
			k->prev->next = k->next;
		else
			h->conns = k->next;
		if (k->next != NULL)
			k->next->prev = k->prev;
		h->nconns--;
		h->closed++;
		free(k);
		*socket_context = NULL;
	}
}

/* The connection of a request, as notify_conn() keeps it. */
static struct conn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo	*info = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return info != NULL ? info->socket_context : NULL;
}

/*
 * The client of a request: the peer, unless the peer is the trusted
 * proxy; then the address the proxy gives in X-Real-IP (nginx:
 * "proxy_set_header X-Real-IP $remote_addr", which replaces one the
 * client sent). The proxy's own address when it gives none.
 */
static void
client_of(struct http *h, struct MHD_Connection *c, struct conn *k)
{
	const char	*v;
	struct addr	 a;

	k->forwarded = 0;
	snprintf(k->client, sizeof k->client, "%s", k->peer);
	if (!addr_eq(&k->peer_addr, &h->proxy))
		return;
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    HTTP_CLIENT_HEADER);
	if (addr_parse(v, &a) == -1) {
		log_limited(h, "the trusted proxy %s sent no valid "
		    HTTP_CLIENT_HEADER ": its own address counts as the "
		    "client's", k->peer);
		return;
	}
	addr_format(&a, k->client, sizeof k->client);
	k->forwarded = 1;
}

/* Whether the proxy's client of k has max_per_client requests going. */
static int
client_busy(const struct http *h, const struct conn *k)
{
	unsigned int	 n = 0;

	for (const struct conn *o = h->conns; o != NULL; o = o->next)
		if (o != k && o->active && strcmp(o->client, k->client) == 0)
			n++;
	return n >= h->max_per_client;
}

/* Shut down every connection past its deadline for the headers; how
 * many were. */
static int
cut_slow(struct http *h)
{
	long long	 now = clock_monotonic_us();
	int		 n = 0;

	for (struct conn *k = h->conns; k != NULL; k = k->next) {
		if (k->in_request || k->cut || k->fd == -1 ||
		    now - k->since_us < HTTP_HEADERS_DEADLINE_MS * 1000LL)
			continue;
		shutdown(k->fd, SHUT_RDWR);
		k->cut = 1;
		h->stats.client_errors++;
		n++;
	}
	return n;
}

/*
 * Parse "A.B.C.D:PORT" or "[IPV6]:PORT" into *ss. Literal addresses only:
 * a name would need a resolver here and could bind somewhere unexpected.
 */
static int
parse_listen(const char *listen, struct sockaddr_storage *ss, char **cause)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;
	char			 host[INET6_ADDRSTRLEN];
	const char		*colon, *start, *end;
	char			*ep;
	long			 port;
	int			 v6;

	memset(ss, 0, sizeof *ss);
	if (listen[0] == '[') {
		v6 = 1;
		start = listen + 1;
		if ((end = strchr(start, ']')) == NULL || end[1] != ':')
			goto syntax;
		colon = end + 1;
	} else {
		v6 = 0;
		start = listen;
		if ((colon = strrchr(listen, ':')) == NULL)
			goto syntax;
		end = colon;
	}
	if (end == start)
		goto syntax;
	if ((size_t)(end - start) >= sizeof host)
		goto address;
	memcpy(host, start, end - start);
	host[end - start] = '\0';

	if (colon[1] < '0' || colon[1] > '9')
		goto syntax;
	errno = 0;
	port = strtol(colon + 1, &ep, 10);
	if (*ep != '\0')
		goto syntax;
	if (errno != 0 || port < 0 || port > 65535) {
		*cause = xasprintf("listen '%s': port out of range", listen);
		return -1;
	}

	if (v6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((unsigned short)port);
		if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1)
			goto address;
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((unsigned short)port);
		if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
			goto address;
	}
	return 0;

syntax:
	*cause = xasprintf("listen '%s': expected HOST:PORT", listen);
	return -1;
address:
	*cause = xasprintf("listen '%s': expected an IPv4 address or an "
	    "IPv6 address in brackets", listen);
	return -1;
}

/* Format t as an IMF-fixdate (RFC 9110 §5.6.7), whatever the locale. */
static void
format_date(long long t, char *buf, size_t len)
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	if (gmtime_r(&tt, &tm) == NULL) {
		snprintf(buf, len, "Thu, 01 Jan 1970 00:00:00 GMT");
		return;
	}
	snprintf(buf, len, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Parse an IMF-fixdate; -1 when it is not one (the field is then ignored). */
static int
parse_date(const char *s, long long *t)
{
	struct tm	 tm;
	const char	*ep;
	time_t		 tt;

	memset(&tm, 0, sizeof tm);
	ep = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (ep == NULL)
		return -1;
	while (*ep == ' ' || *ep == '\t')
		ep++;
	if (*ep != '\0')
		return -1;
	if ((tt = timegm(&tm)) == (time_t)-1)
		return -1;
	*t = (long long)tt;
	return 0;
}

/* The opaque part of an entity tag: without a weakness prefix W/. */
static const char *
opaque_tag(const char *tag, size_t *len)
{
	if (tag[0] == 'W' && tag[1] == '/')
		tag += 2;
	*len = strlen(tag);
	return tag;
}

/*
 * Whether an If-None-Match value ("*" or a list of entity tags) matches
 * etag, by the weak comparison that RFC 9110 §13.1.2 asks for.
 */
static int
etag_matches(const char *list, const char *etag)
{
	const char	*p = list, *tag, *q, *ours = NULL;
	size_t		 ourslen = 0;

	if (etag != NULL)
		ours = opaque_tag(etag, &ourslen);
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			return 0;
		if (*p == '*')
			return 1;
		tag = p;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p == '"' && (q = strchr(p + 1, '"')) != NULL) {
			if (ours != NULL && (size_t)(q + 1 - p) == ourslen &&
			    memcmp(p, ours, ourslen) == 0)
				return 1;
			p = q + 1;
		} else
			p = tag + 1;
		/* Skip anything malformed up to the next member. */
		while (*p != '\0' && *p != ',')
			p++;
	}
}

/* A request may carry If-None-Match in several fields: look at them all. */
static enum MHD_Result
inm_field(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct inm	*inm = cls;

	(void)kind;
	if (strcasecmp(key, MHD_HTTP_HEADER_IF_NONE_MATCH) == 0) {
		inm->present = 1;
		if (value != NULL && etag_matches(value, inm->etag))
			inm->match = 1;
	}
	return MHD_YES;
}

/*
 * RFC 9110 §13.2.2: If-None-Match decides when present; only without it
 * does If-Modified-Since count.
 */
static int
not_modified(struct MHD_Connection *c, const char *etag,
    long long last_modified)
{
	struct inm	 inm = { etag, 0, 0 };
	const char	*ims;
	long long	 since;

	MHD_get_connection_values(c, MHD_HEADER_KIND, inm_field, &inm);
	if (inm.present)
		return inm.match;
	if (last_modified <= 0)
		return 0;
	ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	if (ims == NULL || parse_date(ims, &since) == -1)
		return 0;
	return since >= last_modified;
}

static void
count(struct http *h, unsigned int status)
{
	struct http_stats	*s = &h->stats;
	const char		*route = h->route_class != NULL ?
	    h->route_class : "none";
	size_t			 i;

	if (status == MHD_HTTP_NOT_MODIFIED)
		s->not_modified++;
	else if (status >= 400 && status <= 499)
		s->client_errors++;
	for (i = 0; i < s->ncounts; i++)
		if (s->counts[i].status == status &&
		    strcmp(s->counts[i].route, route) == 0)
			break;
	if (i == s->ncounts) {
		if (i == HTTP_COUNTS_MAX)
			return;
		s->counts[i].route = route;
		s->counts[i].status = status;
		s->ncounts++;
	}
	s->counts[i].n++;
}

static enum MHD_Result
queue(struct http *h, struct MHD_Connection *c, unsigned int status,
    struct MHD_Response *resp)
{
	enum MHD_Result	 ret;

	count(h, status);
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

#if MHD_VERSION >= 0x00097701
/*
 * A 304 without Content-Length or Transfer-Encoding, as nginx sends it,
 * on a connection that stays open: an empty response marked head-only
 * (libmicrohttpd 0.9.77 and later) gets neither header.
 */
static struct MHD_Response *
not_modified_response(void)
{
	struct MHD_Response	*resp;

	resp = MHD_create_response_from_buffer_static(0, "");
	if (resp != NULL && MHD_set_response_options(resp,
	    MHD_RF_HEAD_ONLY_RESPONSE, MHD_RO_END) != MHD_YES) {
		MHD_destroy_response(resp);
		resp = NULL;
	}
	return resp;
}
#else
/* The content of a 304, which is never sent: abort if MHD asks. */
static ssize_t
no_content(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)cls;
	(void)pos;
	(void)buf;
	(void)max;
	return MHD_CONTENT_READER_END_WITH_ERROR;
}

/*
 * A 304 without Content-Length or Transfer-Encoding, as nginx sends it:
 * libmicrohttpd before 0.9.77 (Debian 12 has 0.9.75) writes the length
 * of any response of a known size (and a 304 of the 200's length would
 * be wrong for the other encoding), and "Transfer-Encoding: chunked" for
 * one of unknown size, unless the response is marked for HTTP/1.0
 * clients. Then MHD ends the connection after it ("Connection: close"),
 * which is what marks the end of a response of unknown size there; a
 * 304 has no content to wait for.
 */
static struct MHD_Response *
not_modified_response(void)
{
	struct MHD_Response	*resp;

	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	    no_content, NULL, NULL);
	if (resp != NULL && MHD_set_response_options(resp,
	    MHD_RF_HTTP_1_0_COMPATIBLE_STRICT, MHD_RO_END) != MHD_YES) {
		MHD_destroy_response(resp);
		resp = NULL;
	}
	return resp;
}
#endif

/* A short plain-text answer of http.c's own (405, 413, 500). */
static enum MHD_Result
answer_text(struct http *h, struct MHD_Connection *c, unsigned int status,
    const char *text)
{
	struct MHD_Response	*resp;

	resp = MHD_create_response_from_buffer(strlen(text), (void *)text,
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/plain; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_X_CONTENT_TYPE_OPTIONS,
	    "nosniff");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
		    h->allow_post ? "GET, HEAD, POST" : "GET, HEAD");
	if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER,
		    HTTP_RETRY_AFTER);
	return queue(h, c, status, resp);
}

/* What is sent of a reply: its body, or the gzip of it. */
struct variant {
	const char	*body;
	size_t		 len;
	const char	*etag;
	int		 gzip;
};

/*
 * Whether Accept-Encoding (every field of it) takes gzip: "gzip" or
 * "x-gzip" with a q above 0, or else "*" with one (RFC 9110 §12.5.3).
 */
struct accept {
	int	 gzip;		/* -1 not named, 0 refused, 1 taken */
	int	 star;
};

static enum MHD_Result
accept_field(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct accept	*a = cls;
	const char	*p = value, *name, *q;
	size_t		 n;
	int		 ok;

	(void)kind;
	if (strcasecmp(key, MHD_HTTP_HEADER_ACCEPT_ENCODING) != 0 ||
	    value == NULL)
		return MHD_YES;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		name = p;
		while (*p != '\0' && *p != ',' && *p != ';' && *p != ' ' &&
		    *p != '\t')
			p++;
		n = (size_t)(p - name);
		ok = 1;
		while (*p != '\0' && *p != ',') {
			/* A q of 0 (0, 0.0, 0.000) refuses the coding. */
			if ((*p == 'q' || *p == 'Q') && p[1] == '=') {
				q = p + 2;
				ok = *q != '0' || strspn(q + 1, ".0") !=
				    strcspn(q + 1, ", \t;");
			}
			p++;
		}
		if ((n == 4 && strncasecmp(name, "gzip", 4) == 0) ||
		    (n == 6 && strncasecmp(name, "x-gzip", 6) == 0))
			a->gzip = ok;
		else if (n == 1 && *name == '*')
			a->star = ok;
	}
	return MHD_YES;
}

static int
accepts_gzip(struct MHD_Connection *c)
{
	struct accept	 a = { -1, 0 };

	MHD_get_connection_values(c, MHD_HEADER_KIND, accept_field, &a);
	return a.gzip == 1 || (a.gzip == -1 && a.star);
}

/* The headers of a reply (of variant v) on resp; 0 when MHD refused one. */
static int
add_headers(struct MHD_Response *resp, const struct http_reply *r,
    const struct variant *v, unsigned int status)
{
	const char	*type;
	char		 date[64];
	int		 ok = 1, validators = r->status == MHD_HTTP_OK;

	/* MHD refuses values with CR or LF: then the route has a bug. */
	if (status != MHD_HTTP_NOT_MODIFIED) {
		type = r->content_type != NULL ? r->content_type :
		    "text/plain; charset=utf-8";
		ok &= MHD_add_response_header(resp,
		    MHD_HTTP_HEADER_CONTENT_TYPE, type) == MHD_YES;
		ok &= MHD_add_response_header(resp,
		    MHD_HTTP_HEADER_X_CONTENT_TYPE_OPTIONS, "nosniff") ==
		    MHD_YES;
		if (v->gzip)
			ok &= MHD_add_response_header(resp,
			    MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip") ==
			    MHD_YES;
	}
	/* Both variants, and their 304 (RFC 9110 §15.4.5), say they vary. */
	if (r->gzip_body != NULL)
		ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
		    MHD_HTTP_HEADER_ACCEPT_ENCODING) == MHD_YES;
	if (validators && v->etag != NULL)
		ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG,
		    v->etag) == MHD_YES;
	if (validators && r->last_modified > 0) {
		format_date(r->last_modified, date, sizeof date);
		ok &= MHD_add_response_header(resp,
		    MHD_HTTP_HEADER_LAST_MODIFIED, date) == MHD_YES;
	}
	/* A 304 repeats Cache-Control (RFC 9110 §15.4.5). */
	if (r->private_page)
		ok &= MHD_add_response_header(resp,
		    MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") == MHD_YES;
	else if (r->cache_control != NULL)
		ok &= MHD_add_response_header(resp,
		    MHD_HTTP_HEADER_CACHE_CONTROL, r->cache_control) ==
		    MHD_YES;
	if (r->private_page) {
		/* No script, nothing from elsewhere, forms only to us, never
		 * in a frame; a sign-in link in the URL is never a Referer. */
		ok &= MHD_add_response_header(resp,
		    "Content-Security-Policy", "default-src 'none'; "
		    "style-src 'unsafe-inline'; script-src 'none'; "
		    "img-src 'self'; form-action 'self'; frame-ancestors "
		    "'none'; base-uri 'none'") == MHD_YES;
		ok &= MHD_add_response_header(resp, "X-Frame-Options",
		    "DENY") == MHD_YES;
		ok &= MHD_add_response_header(resp, "Referrer-Policy",
		    "no-referrer") == MHD_YES;
	}
	if (r->location != NULL)
		ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION,
		    r->location) == MHD_YES;
	if (r->set_cookie != NULL)
		ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE,
		    r->set_cookie) == MHD_YES;
	return ok;
}

/*
 * The response of a 200 with a strong ETag, made once and then queued
 * again for every request of the same bytes and headers, so that MHD
 * copies a cached body once rather than per request. The key is the ETag
 * (a hash of the bytes) and every other header's value. NULL on failure.
 */
static struct MHD_Response *
kept_response(struct http *h, const struct http_reply *r,
    const struct variant *v)
{
	struct kept	*k, *victim = &h->kept[0];
	char		*key;

	key = xasprintf("%s|%d|%s|%lld|%s|%d", v->etag, v->gzip,
	    r->content_type != NULL ? r->content_type : "", r->last_modified,
	    r->cache_control != NULL ? r->cache_control : "",
	    r->gzip_body != NULL);
	h->kept_clock++;
	for (size_t i = 0; i < HTTP_KEPT; i++) {
		k = &h->kept[i];
		if (k->key != NULL && strcmp(k->key, key) == 0) {
			free(key);
			k->used = h->kept_clock;
			return k->resp;
		}
		if (k->key == NULL || k->used < victim->used)
			victim = k;
	}
	k = victim;
	if (k->resp != NULL)
		MHD_destroy_response(k->resp);	/* queued: MHD's */
	free(k->key);
	k->key = NULL;
	k->resp = MHD_create_response_from_buffer(v->len, (void *)v->body,
	    MHD_RESPMEM_MUST_COPY);
	if (k->resp == NULL) {
		free(key);
		return NULL;
	}
	if (!add_headers(k->resp, r, v, MHD_HTTP_OK)) {
		MHD_destroy_response(k->resp);
		k->resp = NULL;
		free(key);
		return NULL;
	}
	k->key = key;
	k->used = h->kept_clock;
	return k->resp;
}

/* The route's reply, or 304 when the client's copy is current. */
static enum MHD_Result
answer(struct http *h, struct MHD_Connection *c, const struct http_reply *r)
{
	struct MHD_Response	*resp;
	struct variant		 v = { r->body, r->len, r->etag, 0 };
	unsigned int		 status = (unsigned int)r->status;

	if (r->status < 200 || r->status > 599 ||
	    (r->body == NULL && r->len != 0) ||
	    (r->gzip_body != NULL && r->gzip_etag == NULL))
		return answer_text(h, c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "internal error\n");
	if (r->gzip_body != NULL && accepts_gzip(c)) {
		v.body = r->gzip_body;
		v.len = r->gzip_len;
		v.etag = r->gzip_etag;
		v.gzip = 1;
	}
	if (status == MHD_HTTP_OK && not_modified(c, v.etag,
	    r->last_modified)) {
		status = MHD_HTTP_NOT_MODIFIED;
		resp = not_modified_response();
	} else if (status == MHD_HTTP_OK && v.etag != NULL &&
	    r->location == NULL && r->set_cookie == NULL && !r->private_page) {
		if ((resp = kept_response(h, r, &v)) == NULL)
			return answer_text(h, c, MHD_HTTP_INTERNAL_SERVER_ERROR,
			    "internal error\n");
		count(h, status);
		return MHD_queue_response(c, status, resp);
	} else
		resp = MHD_create_response_from_buffer(v.len, (void *)v.body,
		    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	if (!add_headers(resp, r, &v, status)) {
		MHD_destroy_response(resp);
		return answer_text(h, c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "internal error\n");
	}
	return queue(h, c, status, resp);
}

static const char *
query(const struct http_request *req, const char *key)
{
	return MHD_lookup_connection_value(((void **)req->impl)[0],
	    MHD_GET_ARGUMENT_KIND, key);
}

/* Whether the request announces a body (which GET and HEAD don't need). */
static int
has_body(struct MHD_Connection *c)
{
	const char	*v;

	if (MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL)
		return 1;
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (v == NULL)
		return 0;
	while (*v == '0')
		v++;
	return *v != '\0';
}

static const char *
form(const struct http_request *req, const char *key)
{
	const struct post	*p = ((void **)req->impl)[1];

	if (p == NULL)
		return NULL;
	for (size_t i = 0; i < p->nfields; i++)
		if (strcmp(p->fields[i].key, key) == 0)
			return p->fields[i].value;
	return NULL;
}

static const char *
cookie(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(((void **)req->impl)[0],
	    MHD_COOKIE_KIND, name);
}

static const char *
header(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(((void **)req->impl)[0],
	    MHD_HEADER_KIND, name);
}

/* Whether path is one of the POST paths or below one. */
static int
takes_post(const struct http *h, const char *path)
{
	for (size_t i = 0; i < h->npost; i++) {
		size_t	 n = strlen(h->post_paths[i]);

		if (strncmp(path, h->post_paths[i], n) == 0 &&
		    (path[n] == '\0' || path[n] == '/'))
			return 1;
	}
	return 0;
}

/* Markers of where a GET or HEAD stands (a POST has its struct post). */
static int	 started, answered;

/* The post processor's callback: one piece of one field's value. */
static enum MHD_Result
on_field(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off,
    size_t size)
{
	struct post	*p = cls;
	struct field	*f;

	(void)kind;
	(void)filename;
	(void)content_type;
	(void)transfer_encoding;
	(void)off;
	p->total += strlen(key) + size;
	if (p->total > HTTP_FORM_MAX) {
		p->bad = 1;
		return MHD_NO;
	}
	/* A value arrives in pieces: the same key again, further on. */
	f = p->nfields > 0 && strcmp(p->fields[p->nfields - 1].key, key) == 0 &&
	    off > 0 ? &p->fields[p->nfields - 1] : NULL;
	if (f == NULL) {
		if (p->nfields == HTTP_FORM_FIELDS) {
			p->bad = 1;
			return MHD_NO;
		}
		f = &p->fields[p->nfields++];
		f->key = xstrdup(key);
		f->value = xstrdup("");
		f->len = 0;
	}
	f->value = xreallocarray(f->value, f->len + size + 1, 1);
	memcpy(f->value + f->len, data, size);
	f->len += size;
	f->value[f->len] = '\0';
	return MHD_YES;
}

static void
post_free(struct post *p)
{
	if (p == NULL)
		return;
	if (p->pp != NULL)
		MHD_destroy_post_processor(p->pp);
	for (size_t i = 0; i < p->nfields; i++) {
		free(p->fields[i].key);
		free(p->fields[i].value);
	}
	free(p);
}

/* MHD is done with a request: free a POST's form. */
static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn	*k = conn_of(c);

	(void)cls;
	(void)toe;
	if (*con_cls != NULL && *con_cls != &started && *con_cls != &answered)
		post_free(*con_cls);
	*con_cls = NULL;
	/* A kept connection: the next request's headers are due in turn. */
	if (k != NULL) {
		k->in_request = 0;
		k->active = 0;
		k->since_us = clock_monotonic_us();
	}
}

/* The announced length of the body, -1 when chunked (no length). */
static long long
body_length(struct MHD_Connection *c)
{
	const char	*v;
	char		*ep;
	long long	 n;

	if (MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL)
		return -1;
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (v == NULL)
		return 0;
	errno = 0;
	n = strtoll(v, &ep, 10);
	if (*ep != '\0' || errno != 0 || n < 0)
		return LLONG_MAX;
	return n;
}

/* Only a form, of the one encoding a browser's form sends. */
static int
form_encoded(struct MHD_Connection *c)
{
	const char	*t = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t		 n = strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED);

	return t != NULL && strncasecmp(t,
	    MHD_HTTP_POST_ENCODING_FORM_URLENCODED, n) == 0 &&
	    (t[n] == '\0' || t[n] == ';' || t[n] == ' ');
}

/* The route's answer to a request that is complete. */
static enum MHD_Result
route_request(struct http *h, struct MHD_Connection *c, const char *url,
    const char *method, struct post *p)
{
	struct http_request	 req;
	struct http_reply	 reply;
	struct conn		*k = conn_of(c);
	void			*impl[2] = { c, p };
	enum MHD_Result		 ret;

	memset(&req, 0, sizeof req);
	req.method = method;
	req.path = url;
	req.query = query;
	req.form = form;
	req.cookie = cookie;
	req.header = header;
	req.client = k != NULL ? k->client : "";
	req.peer = k != NULL ? k->peer : "";
	req.impl = impl;
	memset(&reply, 0, sizeof reply);
	h->route(h->arg, &req, &reply);
	/* Counted under the route's class, whatever answer goes. */
	h->route_class = reply.route;
	ret = answer(h, c, &reply);
	h->route_class = NULL;
	return ret;
}

/*
 * MHD calls this at least twice per request. A refusal (method, body) is
 * queued on the first call, before any body is read, and MHD then closes
 * the connection. A GET or HEAD is answered on the second call: a
 * response queued on the first one makes MHD close even a keep-alive
 * connection. A POST's form is fed to the post processor as it arrives
 * and answered on the call after the last piece.
 */
static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http		*h = cls;
	struct post		*p;
	int			 post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
	long long		 len;

	(void)version;
	if (*con_cls == NULL) {
		struct conn	*k = conn_of(c);

		h->stats.requests++;
		if (k != NULL) {
			k->in_request = 1;	/* its headers are in */
			client_of(h, c, k);
			if (k->forwarded && client_busy(h, k)) {
				log_limited(h, "a request of %s through the "
				    "proxy refused: it has max_per_client (%u) "
				    "going", k->client, h->max_per_client);
				*con_cls = &answered;
				return answer_text(h, c,
				    MHD_HTTP_SERVICE_UNAVAILABLE,
				    "too many requests at once; try again "
				    "shortly\n");
			}
			k->active = 1;
		}
		h->allow_post = takes_post(h, url);
		if (post && h->allow_post) {
			len = body_length(c);
			/* A browser sends a form with its length; without
			 * one its size would be known only at the end. */
			if (len == -1) {
				*con_cls = &answered;
				return answer_text(h, c,
				    MHD_HTTP_LENGTH_REQUIRED,
				    "a form needs a Content-Length\n");
			}
			if (len > HTTP_FORM_MAX) {
				*con_cls = &answered;
				return answer_text(h, c,
				    MHD_HTTP_CONTENT_TOO_LARGE,
				    "the form is too large\n");
			}
			if (len != 0 && !form_encoded(c)) {
				*con_cls = &answered;
				return answer_text(h, c,
				    MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
				    "expected a form (application/"
				    "x-www-form-urlencoded)\n");
			}
			p = xcalloc(1, sizeof *p);
			if (len != 0 && (p->pp = MHD_create_post_processor(c,
			    4096, on_field, p)) == NULL) {
				free(p);
				*con_cls = &answered;
				return answer_text(h, c, MHD_HTTP_BAD_REQUEST,
				    "the form cannot be read\n");
			}
			*con_cls = p;
			return MHD_YES;
		}
		if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
		    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
			*con_cls = &answered;
			return answer_text(h, c, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "method not allowed\n");
		}
		if (has_body(c)) {
			*con_cls = &answered;
			return answer_text(h, c, MHD_HTTP_CONTENT_TOO_LARGE,
			    "request bodies are not accepted\n");
		}
		*con_cls = &started;
		return MHD_YES;
	}
	if (*con_cls != &started && *con_cls != &answered) {
		p = *con_cls;
		if (*upload_data_size != 0) {
			/* The bytes as sent count too: "&&&&" has no fields
			 * (Content-Length, checked first, bounds them). */
			p->raw += *upload_data_size;
			if (p->raw > HTTP_FORM_MAX)
				p->bad = 1;
			if (!p->bad && p->pp != NULL &&
			    MHD_post_process(p->pp, upload_data,
			    *upload_data_size) != MHD_YES && !p->bad)
				p->bad = 2;
			*upload_data_size = 0;
			return MHD_YES;
		}
		if (p->pp != NULL && MHD_destroy_post_processor(p->pp) !=
		    MHD_YES && p->bad == 0)
			p->bad = 2;
		p->pp = NULL;
		if (p->bad) {
			int	 big = p->bad == 1;

			post_free(p);
			*con_cls = &answered;
			return answer_text(h, c, big ?
			    MHD_HTTP_CONTENT_TOO_LARGE : MHD_HTTP_BAD_REQUEST,
			    big ? "the form is too large\n" :
			    "the form cannot be read\n");
		}
		*con_cls = &answered;
		{
			enum MHD_Result	 ret = route_request(h, c, url, method,
			    p);

			post_free(p);
			return ret;
		}
	}
	if (*con_cls == &answered || *upload_data_size != 0) {
		/* Drop a body nobody announced (or one still arriving). */
		*upload_data_size = 0;
		return MHD_YES;
	}
	*con_cls = &answered;
	return route_request(h, c, url, method, NULL);
}

void
http_allow_post(struct http *h, const char *path)
{
	if (h->npost == HTTP_POST_PATHS || takes_post(h, path))
		return;
	h->post_paths[h->npost++] = xstrdup(path);
}

/*
 * The connections the open-file limit (RLIMIT_NOFILE) leaves room for,
 * at most want: the soft limit is raised towards the hard one when it is
 * too low, and what could not be had is logged.
 */
static unsigned int
fd_budget(unsigned int want)
{
	struct rlimit	 rl;
	rlim_t		 need = (rlim_t)want + HTTP_FD_RESERVE, was;
	unsigned int	 got;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		log_warn("http: getrlimit RLIMIT_NOFILE");
		return want;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return want;
	was = rl.rlim_cur;
	rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need ?
	    rl.rlim_max : need;
	if (rl.rlim_cur > was && setrlimit(RLIMIT_NOFILE, &rl) == -1) {
		log_warn("http: setrlimit RLIMIT_NOFILE %llu",
		    (unsigned long long)rl.rlim_cur);
		rl.rlim_cur = was;
	}
	if (rl.rlim_cur >= need) {
		log_info("http: open-file limit raised from %llu to %llu for "
		    "max_connections %u", (unsigned long long)was,
		    (unsigned long long)rl.rlim_cur, want);
		return want;
	}
	got = rl.rlim_cur > HTTP_FD_RESERVE ?
	    (unsigned int)(rl.rlim_cur - HTTP_FD_RESERVE) : 1;
	log_warnx("http: max_connections %u capped to %u: the open-file "
	    "limit (RLIMIT_NOFILE) is %llu and %d files are kept for the "
	    "rest; raise it (LimitNOFILE= in the unit, ulimit -n)", want, got,
	    (unsigned long long)rl.rlim_cur, HTTP_FD_RESERVE);
	return got;
}

void
http_trust_proxy(struct http *h, const char *address)
{
	if (addr_parse(address, &h->proxy) == -1)
		memset(&h->proxy, 0, sizeof h->proxy);
}

unsigned int
http_max_connections(const struct http *h)
{
	return h->max_connections;
}

int
http_listen_split(const char *list, char out[HTTP_LISTEN_MAX][HTTP_LISTEN_LEN])
{
	const char	*p = list;
	size_t		 len;
	int		 n = 0;

	for (;;) {
		p += strspn(p, ", \t");
		if (*p == '\0')
			return n;
		len = strcspn(p, ", \t");
		if (n == HTTP_LISTEN_MAX || len >= HTTP_LISTEN_LEN)
			return -1;
		memcpy(out[n], p, len);
		out[n++][len] = '\0';
		p += len;
	}
}

/* Start MHD on one address (parsed into ss); NULL with *cause. */
static struct MHD_Daemon *
start_listener(struct http *h, const char *addr,
    const struct sockaddr_storage *ss, char **cause)
{
	struct MHD_Daemon	*d;
	unsigned int		 flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	int			 saved;

	/* [::] is every address, IPv4 ones too (IPV6_V6ONLY off). */
	if (ss->ss_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(
	    &((const struct sockaddr_in6 *)(const void *)ss)->sin6_addr))
		flags |= MHD_USE_DUAL_STACK;
	else if (ss->ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	h->starting = 1;
	h->start_error[0] = '\0';
	errno = 0;
	d = MHD_start_daemon(flags, 0, accept_conn, h, handle, h,
	    MHD_OPTION_EXTERNAL_LOGGER, log_mhd, h,
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)ss,
	    MHD_OPTION_CONNECTION_LIMIT, h->max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEMORY_LIMIT,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, notify_conn, h,
	    MHD_OPTION_END);
	saved = errno;
	h->starting = 0;
	if (d == NULL) {
		/*
		 * errno was cleared, so it is the failed socket call's
		 * (bind: EADDRINUSE, EADDRNOTAVAIL, EACCES). MHD's message
		 * is second best: it names port 0 when given an address.
		 */
		if (saved != 0)
			*cause = xasprintf("listen '%s': %s", addr,
			    strerror(saved));
		else if (h->start_error[0] != '\0')
			*cause = xasprintf("listen '%s': %s", addr,
			    h->start_error);
		else
			*cause = xasprintf("listen '%s': cannot start the "
			    "HTTP server", addr);
		return NULL;
	}
	/* A warning on a successful start is still worth seeing. */
	if (h->start_error[0] != '\0')
		log_warnx("http: %s", h->start_error);
	return d;
}

struct http *
http_new(const struct http_options *o, http_route_fn route, void *arg,
    char **cause)
{
	struct http			*h;
	struct sockaddr_storage		 ss[HTTP_LISTEN_MAX];
	char				 addrs[HTTP_LISTEN_MAX][HTTP_LISTEN_LEN];
	const union MHD_DaemonInfo	*info;
	struct epoll_event		 ev;
	struct listener			*l;
	unsigned int			 maxc, per;
	int				 n;

	*cause = NULL;
	maxc = o->max_connections != 0 ? o->max_connections :
	    HTTP_MAX_CONNECTIONS;
	per = o->max_per_client != 0 ? o->max_per_client :
	    HTTP_MAX_PER_CLIENT;
	if (maxc > HTTP_CONNECTIONS_MAX || per > maxc) {
		*cause = xasprintf("max_connections %u, max_per_client %u: "
		    "expected 1 <= max_per_client <= max_connections <= %d",
		    maxc, per, HTTP_CONNECTIONS_MAX);
		return NULL;
	}
	if ((n = http_listen_split(o->listen, addrs)) == -1) {
		*cause = xasprintf("listen '%s': at most %d addresses",
		    o->listen, HTTP_LISTEN_MAX);
		return NULL;
	}
	if (n == 0) {
		(void)parse_listen(o->listen, &ss[0], cause);	/* says why */
		return NULL;
	}
	for (int i = 0; i < n; i++)
		if (parse_listen(addrs[i], &ss[i], cause) == -1)
			return NULL;

	h = xcalloc(1, sizeof *h);
	h->route = route;
	h->arg = arg;
	h->fd = h->own_fd = -1;
	h->max_connections = fd_budget(maxc);
	h->max_per_client = per;
	http_trust_proxy(h, o->trusted_proxy);
	for (int i = 0; i < n; i++) {
		l = &h->ls[h->nls];
		if ((l->daemon = start_listener(h, addrs[i], &ss[i],
		    cause)) == NULL) {
			http_free(h);
			return NULL;
		}
		h->nls++;
		info = MHD_get_daemon_info(l->daemon,
		    MHD_DAEMON_INFO_BIND_PORT);
		l->port = info != NULL ? info->port : 0;
		info = MHD_get_daemon_info(l->daemon,
		    MHD_DAEMON_INFO_EPOLL_FD);
		l->fd = info != NULL ? info->epoll_fd : -1;
		if (l->port == 0 || l->fd == -1) {
			*cause = xasprintf("listen '%s': cannot query the "
			    "HTTP server", addrs[i]);
			http_free(h);
			return NULL;
		}
	}
	if (h->nls == 1) {
		h->fd = h->ls[0].fd;
		return h;
	}
	/* Several: one descriptor for the caller, readable when any is. */
	if ((h->own_fd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		*cause = xasprintf("listen '%s': epoll_create1: %s", o->listen,
		    strerror(errno));
		http_free(h);
		return NULL;
	}
	for (size_t i = 0; i < h->nls; i++) {
		memset(&ev, 0, sizeof ev);
		ev.events = EPOLLIN;
		ev.data.u32 = (uint32_t)i;
		if (epoll_ctl(h->own_fd, EPOLL_CTL_ADD, h->ls[i].fd,
		    &ev) == -1) {
			*cause = xasprintf("listen '%s': epoll_ctl: %s",
			    o->listen, strerror(errno));
			http_free(h);
			return NULL;
		}
	}
	h->fd = h->own_fd;
	return h;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->nls; i++)
		MHD_stop_daemon(h->ls[i].daemon);
	if (h->own_fd != -1)
		close(h->own_fd);
	for (size_t i = 0; i < HTTP_KEPT; i++) {
		if (h->kept[i].resp != NULL)
			MHD_destroy_response(h->kept[i].resp);
		free(h->kept[i].key);
	}
	for (size_t i = 0; i < h->npost; i++)
		free(h->post_paths[i]);
	free(h);
}

int
http_port(const struct http *h)
{
	return h->ls[0].port;
}

int
http_fd(const struct http *h)
{
	return h->fd;
}

/*
 * Another round after one that cut or closed connections: MHD sees what
 * was shut down, and at its connection limit it takes the listening
 * socket back into its epoll set only in the round after connections
 * went (else nothing would wake the loop to accept again).
 */
void
http_run(struct http *h)
{
	unsigned long	 closed;

	for (int round = 0; round < 3; round++) {
		closed = h->closed;
		for (size_t i = 0; i < h->nls; i++)
			MHD_run(h->ls[i].daemon);
		if (cut_slow(h) == 0 && h->closed == closed)
			break;
	}
}

long long
http_timeout_ms(const struct http *h)
{
	MHD_UNSIGNED_LONG_LONG	 t;
	long long		 ms = -1, next = -1, now = clock_monotonic_us();

	for (size_t i = 0; i < h->nls; i++) {
		long long	 one;

		if (MHD_get_timeout(h->ls[i].daemon, &t) != MHD_YES)
			continue;
		one = t > (MHD_UNSIGNED_LONG_LONG)LLONG_MAX ? LLONG_MAX :
		    (long long)t;
		if (ms == -1 || one < ms)
			ms = one;
	}
	/* The loop must wake for the next deadline of a slow client. */
	for (const struct conn *k = h->conns; k != NULL; k = k->next) {
		long long	 left;

		if (k->in_request || k->cut)
			continue;
		left = (k->since_us + HTTP_HEADERS_DEADLINE_MS * 1000LL - now) /
		    1000;
		if (left < 0)
			left = 0;
		if (next == -1 || left < next)
			next = left;
	}
	if (next != -1 && (ms == -1 || next < ms))
		ms = next;
	return ms;
}

const struct http_stats *
http_stats(const struct http *h)
{
	return &h->stats;
}
