/*
 * Tests of src/http.c against a real HTTP client: the server runs in the
 * test process on an ephemeral loopback port, its event loop in a thread
 * (epoll on http_fd() with http_timeout_ms(), then http_run()), and
 * libcurl makes the requests. Where libcurl would hide what is on the
 * wire (a body after HEAD, an oversized header) a raw socket is used.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <curl/curl.h>

#include "http.h"

#define FEED_BODY	"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
#define FEED_TYPE	"text/calendar; charset=utf-8"
#define FEED_ETAG	"\"abc123\""
#define FEED_MTIME	1741910400LL	/* 2025-03-14 00:00:00 UTC */
#define FEED_MDATE	"Fri, 14 Mar 2025 00:00:00 GMT"
#define BIG_LEN		(3 * 1024 * 1024)

static struct http	*srv;
static int		 port;
static pthread_t	 loop_thread;
static int		 stop_pipe[2] = { -1, -1 };
/* http.c is single-threaded: the loop and the test take turns. */
static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static char		*big;

struct resp {
	long	 status;
	char	 headers[16384];
	size_t	 hlen;
	char	*body;
	size_t	 len;
};

static void
test_route(void *arg, const struct http_request *req, struct http_reply *r)
{
	static char	 echo[256];
	const char	*lang;

	(void)arg;
	if (strcmp(req->path, "/feed.ics") == 0) {
		r->status = 200;
		r->content_type = FEED_TYPE;
		r->body = FEED_BODY;
		r->len = strlen(FEED_BODY);
		r->etag = FEED_ETAG;
		r->last_modified = FEED_MTIME;
		r->cache_control = "max-age=300";
	} else if (strcmp(req->path, "/lang") == 0) {
		lang = req->query(req, "lang");
		snprintf(echo, sizeof echo, "%s %s", req->method,
		    lang != NULL ? lang : "(none)");
		r->status = 200;
		r->content_type = "text/plain; charset=utf-8";
		r->body = echo;
		r->len = strlen(echo);
	} else if (strncmp(req->path, "/form", 5) == 0) {
		const char	*a = req->form(req, "a");
		const char	*c = req->cookie(req, "c");

		snprintf(echo, sizeof echo, "%s %s a=%s c=%s from %s",
		    req->method, req->path, a ? a : "(none)", c ? c : "(none)",
		    req->client);
		r->status = strcmp(req->method, "POST") == 0 ? 303 : 200;
		r->location = "/done";
		r->set_cookie = "s=1; HttpOnly";
		r->private_page = 1;
		r->content_type = "text/plain; charset=utf-8";
		r->body = echo;
		r->len = strlen(echo);
	} else if (strcmp(req->path, "/big") == 0) {
		r->status = 200;
		r->content_type = "application/octet-stream";
		r->body = big;
		r->len = BIG_LEN;
	} else {
		r->status = 404;
		r->content_type = "text/plain; charset=utf-8";
		r->body = "not found\n";
		r->len = strlen(r->body);
	}
}

/* A server on listen with the default limits. */
static struct http *
new_server(const char *listen, char **cause)
{
	struct http_options	 o;

	memset(&o, 0, sizeof o);
	o.listen = listen;
	return http_new(&o, test_route, NULL, cause);
}

/* The daemon's event loop, as treatyd will run it, until stop_pipe. */
static void *
loop(void *arg)
{
	struct epoll_event	 ev, evs[4];
	long long		 t;
	int			 ep, n, i, stop = 0;

	(void)arg;
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep == -1)
		return NULL;
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.fd = http_fd(srv);
	epoll_ctl(ep, EPOLL_CTL_ADD, http_fd(srv), &ev);
	ev.data.fd = stop_pipe[0];
	epoll_ctl(ep, EPOLL_CTL_ADD, stop_pipe[0], &ev);
	while (!stop) {
		pthread_mutex_lock(&lock);
		t = http_timeout_ms(srv);
		pthread_mutex_unlock(&lock);
		if (t > INT_MAX)
			t = INT_MAX;
		n = epoll_wait(ep, evs, 4, (int)t);
		if (n == -1 && errno != EINTR)
			break;
		for (i = 0; i < n; i++)
			if (evs[i].data.fd == stop_pipe[0])
				stop = 1;
		pthread_mutex_lock(&lock);
		http_run(srv);
		pthread_mutex_unlock(&lock);
	}
	close(ep);
	return NULL;
}

static void
setup(void)
{
	char	*cause = NULL;

	cr_assert_eq(curl_global_init(CURL_GLOBAL_ALL), CURLE_OK);
	big = malloc(BIG_LEN);
	cr_assert_not_null(big);
	memset(big, 'x', BIG_LEN);
	big[BIG_LEN - 1] = 'y';
	srv = new_server("127.0.0.1:0", &cause);
	cr_assert_not_null(srv, "http_new: %s", cause != NULL ? cause : "?");
	http_allow_post(srv, "/form");
	cr_assert_null(cause);
	port = http_port(srv);
	cr_assert_gt(port, 0);
	cr_assert_geq(http_fd(srv), 0);
	cr_assert_eq(pipe(stop_pipe), 0);
	cr_assert_eq(pthread_create(&loop_thread, NULL, loop, NULL), 0);
}

static void
teardown(void)
{
	if (stop_pipe[1] != -1) {
		if (write(stop_pipe[1], "x", 1) == 1)
			pthread_join(loop_thread, NULL);
		close(stop_pipe[0]);
		close(stop_pipe[1]);
		stop_pipe[0] = stop_pipe[1] = -1;
	}
	http_free(srv);
	srv = NULL;
	free(big);
	big = NULL;
	curl_global_cleanup();
}

TestSuite(http, .init = setup, .fini = teardown);

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct resp	*r = arg;
	char		*p;

	p = realloc(r->body, r->len + size * n + 1);
	if (p == NULL)
		return 0;
	r->body = p;
	memcpy(r->body + r->len, data, size * n);
	r->len += size * n;
	r->body[r->len] = '\0';
	return size * n;
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct resp	*r = arg;
	size_t		 len = size * n;

	if (r->hlen + len < sizeof r->headers) {
		memcpy(r->headers + r->hlen, data, len);
		r->hlen += len;
		r->headers[r->hlen] = '\0';
	}
	return len;
}

/*
 * Make one request with libcurl; extra is a NULL-terminated list of
 * header lines ("Name: value", or "Name:" to drop a default one).
 */
static CURLcode
fetch(const char *method, const char *path, const char *const *extra,
    struct resp *r)
{
	CURL			*curl;
	struct curl_slist	*hdrs = NULL;
	char			 url[512];
	CURLcode		 rc;

	memset(r, 0, sizeof *r);
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
	curl = curl_easy_init();
	cr_assert_not_null(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, r);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "POST") == 0)
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "a=b");
	else if (strcmp(method, "POSTFORM") == 0)
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS,
		    "x=1&a=caf%C3%A9+%26+%3D&y=");
	else if (strcmp(method, "POSTBIG") == 0) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE,
		    (long)(HTTP_FORM_MAX + 10));
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, big);
	}
	else if (strcmp(method, "PUT") == 0) {
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "a=b");
	} else if (strcmp(method, "GET+BODY") == 0) {
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "GET");
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "a=b");
	} else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	for (; extra != NULL && *extra != NULL; extra++)
		hdrs = curl_slist_append(hdrs, *extra);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(curl);
	return rc;
}

static void
resp_free(struct resp *r)
{
	free(r->body);
	r->body = NULL;
}

/* A response header's value (trimmed), or NULL; valid until the next call. */
static const char *
header(const struct resp *r, const char *name)
{
	static char	 value[1024];
	const char	*line = r->headers, *eol, *v;
	size_t		 nlen = strlen(name), len;

	for (; *line != '\0'; line = eol + 1) {
		if ((eol = strchr(line, '\n')) == NULL)
			break;
		if (strncasecmp(line, name, nlen) != 0 || line[nlen] != ':')
			continue;
		v = line + nlen + 1;
		while (*v == ' ')
			v++;
		len = eol - v;
		while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == ' '))
			len--;
		if (len >= sizeof value)
			len = sizeof value - 1;
		memcpy(value, v, len);
		value[len] = '\0';
		return value;
	}
	return NULL;
}

static void
assert_header(const struct resp *r, const char *name, const char *want)
{
	const char	*got = header(r, name);

	cr_assert_not_null(got, "no %s header in:\n%s", name, r->headers);
	cr_assert_str_eq(got, want, "%s", name);
}

/* Send raw bytes, then read the whole answer until the server closes. */
static size_t
raw_exchange(const char *req, size_t reqlen, char *out, size_t outlen)
{
	struct sockaddr_in	 sin;
	struct timeval		 tv = { 10, 0 };
	size_t			 off = 0, got = 0;
	ssize_t			 n;
	int			 s;

	s = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(s, 0);
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(connect(s, (struct sockaddr *)&sin, sizeof sin), 0);
	/* The server may give up and close before it has read everything. */
	while (off < reqlen) {
		n = send(s, req + off, reqlen - off, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	while (got + 1 < outlen) {
		n = recv(s, out + got, outlen - got - 1, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	out[got] = '\0';
	close(s);
	return got;
}

static unsigned long
stat_of(int which)
{
	const struct http_stats	*st;
	unsigned long		 v;

	pthread_mutex_lock(&lock);
	st = http_stats(srv);
	v = which == 0 ? st->requests : which == 1 ? st->not_modified :
	    st->client_errors;
	pthread_mutex_unlock(&lock);
	return v;
}

Test(http, get_feed)
{
	struct resp	 r;

	cr_assert_eq(fetch("GET", "/feed.ics", NULL, &r), CURLE_OK);
	cr_assert_eq(r.status, 200);
	assert_header(&r, "Content-Type", FEED_TYPE);
	assert_header(&r, "ETag", FEED_ETAG);
	assert_header(&r, "Last-Modified", FEED_MDATE);
	assert_header(&r, "Cache-Control", "max-age=300");
	assert_header(&r, "X-Content-Type-Options", "nosniff");
	cr_assert_null(header(&r, "Content-Encoding"));
	cr_assert_not_null(header(&r, "Date"));
	cr_assert_eq(r.len, strlen(FEED_BODY));
	cr_assert_str_eq(r.body, FEED_BODY);
	resp_free(&r);
}

Test(http, head_has_headers_and_no_body)
{
	struct resp	 g, h;
	char		 buf[4096], len[32];
	const char	*end;

	cr_assert_eq(fetch("GET", "/feed.ics", NULL, &g), CURLE_OK);
	cr_assert_eq(fetch("HEAD", "/feed.ics", NULL, &h), CURLE_OK);
	cr_assert_eq(h.status, 200);
	cr_assert_eq(h.len, 0);
	snprintf(len, sizeof len, "%zu", strlen(FEED_BODY));
	assert_header(&h, "Content-Length", len);
	assert_header(&h, "Content-Type", FEED_TYPE);
	assert_header(&h, "ETag", FEED_ETAG);
	assert_header(&h, "Last-Modified", FEED_MDATE);
	assert_header(&h, "Cache-Control", "max-age=300");
	assert_header(&h, "X-Content-Type-Options", "nosniff");
	resp_free(&g);
	resp_free(&h);

	/* On the wire: the answer ends with the header block. */
	raw_exchange("HEAD /feed.ics HTTP/1.0\r\nHost: x\r\n\r\n", 37, buf,
	    sizeof buf);
	cr_assert(strncmp(buf, "HTTP/1.0 200", 12) == 0 ||
	    strncmp(buf, "HTTP/1.1 200", 12) == 0, "%s", buf);
	end = strstr(buf, "\r\n\r\n");
	cr_assert_not_null(end);
	cr_assert_eq(end[4], '\0', "body after HEAD: %s", end + 4);
}

static void
assert_304(const char *const *extra)
{
	struct resp	 r;

	cr_assert_eq(fetch("GET", "/feed.ics", extra, &r), CURLE_OK);
	cr_assert_eq(r.status, 304, "%s: %ld", extra[0], r.status);
	cr_assert_eq(r.len, 0);
	assert_header(&r, "ETag", FEED_ETAG);
	assert_header(&r, "Last-Modified", FEED_MDATE);
	resp_free(&r);
}

static void
assert_200(const char *const *extra)
{
	struct resp	 r;

	cr_assert_eq(fetch("GET", "/feed.ics", extra, &r), CURLE_OK);
	cr_assert_eq(r.status, 200, "%s: %ld", extra[0], r.status);
	cr_assert_str_eq(r.body, FEED_BODY);
	resp_free(&r);
}

Test(http, if_none_match)
{
	const char	*exact[] = { "If-None-Match: " FEED_ETAG, NULL };
	const char	*list[] = { "If-None-Match: \"zzz\", W/\"yyy\","
			    FEED_ETAG, NULL };
	const char	*star[] = { "If-None-Match: *", NULL };
	const char	*weak[] = { "If-None-Match: W/" FEED_ETAG, NULL };
	const char	*two[] = { "If-None-Match: \"zzz\"",
			    "If-None-Match: " FEED_ETAG, NULL };
	const char	*other[] = { "If-None-Match: \"abc1234\"", NULL };
	const char	*prefix[] = { "If-None-Match: \"abc12\"", NULL };
	const char	*junk[] = { "If-None-Match: abc123, \"", NULL };
	/* If-None-Match decides; If-Modified-Since is then ignored. */
	const char	*both[] = { "If-None-Match: \"zzz\"",
			    "If-Modified-Since: " FEED_MDATE, NULL };

	assert_304(exact);
	assert_304(list);
	assert_304(star);
	assert_304(weak);
	assert_304(two);
	assert_200(other);
	assert_200(prefix);
	assert_200(junk);
	assert_200(both);
}

Test(http, if_modified_since)
{
	const char	*same[] = { "If-Modified-Since: " FEED_MDATE, NULL };
	const char	*later[] = {
			    "If-Modified-Since: Sat, 15 Mar 2025 10:00:00 GMT",
			    NULL };
	const char	*earlier[] = {
			    "If-Modified-Since: Thu, 13 Mar 2025 23:59:59 GMT",
			    NULL };
	const char	*bad[] = { "If-Modified-Since: yesterday", NULL };
	const char	*trail[] = {
			    "If-Modified-Since: " FEED_MDATE "x", NULL };

	assert_304(same);
	assert_304(later);
	assert_200(earlier);
	assert_200(bad);
	assert_200(trail);
}

Test(http, not_modified_on_the_wire_has_no_body)
{
	char		 buf[4096];
	const char	 req[] = "GET /feed.ics HTTP/1.1\r\nHost: x\r\n"
			    "If-None-Match: " FEED_ETAG "\r\n\r\n";
	const char	*end;

	raw_exchange(req, sizeof req - 1, buf, sizeof buf);
	cr_assert(strstr(buf, " 304 ") != NULL, "%s", buf);
	cr_assert(strcasestr(buf, "\r\nCache-Control: max-age=300\r\n") !=
	    NULL, "%s", buf);
	end = strstr(buf, "\r\n\r\n");
	cr_assert_not_null(end);
	cr_assert_eq(end[4], '\0');
	/* No length and no chunks, as nginx: nothing of a body at all. */
	cr_assert(strcasestr(buf, "\r\nContent-Length:") == NULL, "%s", buf);
	cr_assert(strcasestr(buf, "\r\nTransfer-Encoding:") == NULL, "%s",
	    buf);
}

Test(http, route_404)
{
	struct resp	 r;

	cr_assert_eq(fetch("GET", "/feed/0123456789abcdef.ics", NULL, &r),
	    CURLE_OK);
	cr_assert_eq(r.status, 404);
	cr_assert_str_eq(r.body, "not found\n");
	assert_header(&r, "X-Content-Type-Options", "nosniff");
	/* Validators belong to a 200 only. */
	cr_assert_null(header(&r, "ETag"));
	resp_free(&r);
}

Test(http, other_methods_405)
{
	static const char *const methods[] = {
		"POST", "PUT", "DELETE", "OPTIONS", "PATCH"
	};
	struct resp	 r;
	size_t		 i;

	for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		cr_assert_eq(fetch(methods[i], "/feed.ics", NULL, &r),
		    CURLE_OK, "%s", methods[i]);
		cr_assert_eq(r.status, 405, "%s: %ld", methods[i], r.status);
		assert_header(&r, "Allow", "GET, HEAD");
		cr_assert_not_null(r.body);
		resp_free(&r);
	}
	cr_assert_eq(stat_of(2), 5);
}

Test(http, post_form_fields_cookie_client)
{
	const char	*ck[] = { "Cookie: z=9; c=d", NULL };
	struct resp	 r;

	cr_assert_eq(fetch("POSTFORM", "/form/x", ck, &r), CURLE_OK);
	cr_assert_eq(r.status, 303);
	cr_assert_str_eq(r.body, "POST /form/x a=caf\xc3\xa9 & = c=d from "
	    "127.0.0.1");
	assert_header(&r, "Location", "/done");
	assert_header(&r, "Set-Cookie", "s=1; HttpOnly");
	assert_header(&r, "Cache-Control", "no-store");
	assert_header(&r, "X-Frame-Options", "DENY");
	cr_assert_not_null(strstr(header(&r, "Content-Security-Policy"),
	    "script-src 'none'"));
	resp_free(&r);
	/* A GET has no form. */
	cr_assert_eq(fetch("GET", "/form", NULL, &r), CURLE_OK);
	cr_assert_eq(r.status, 200);
	cr_assert_str_eq(r.body, "GET /form a=(none) c=(none) from 127.0.0.1");
	resp_free(&r);
	/* Only /form and below: /formx is another path. */
	cr_assert_eq(fetch("POST", "/formx", NULL, &r), CURLE_OK);
	cr_assert_eq(r.status, 405);
	resp_free(&r);
}

Test(http, post_form_too_large_or_not_a_form)
{
	const char	*json[] = { "Content-Type: application/json", NULL };
	struct resp	 r;
	const char	*chunked[] = { "Transfer-Encoding: chunked", NULL };

	cr_assert_eq(fetch("POSTBIG", "/form", NULL, &r), CURLE_OK);
	cr_assert_eq(r.status, 413);
	resp_free(&r);
	/* A form must say its length: its size is then known at once. */
	fetch("POSTBIG", "/form", chunked, &r);
	cr_assert_eq(r.status, 411);
	resp_free(&r);
	cr_assert_eq(fetch("POST", "/form", json, &r), CURLE_OK);
	cr_assert_eq(r.status, 415);
	resp_free(&r);
	cr_assert_eq(fetch("PUT", "/form", NULL, &r), CURLE_OK);
	cr_assert_eq(r.status, 405);
	assert_header(&r, "Allow", "GET, HEAD, POST");
	resp_free(&r);
}

Test(http, get_with_body_refused)
{
	struct resp	 r;

	fetch("GET+BODY", "/feed.ics", NULL, &r);
	cr_assert_eq(r.status, 413);
	resp_free(&r);
}

Test(http, no_accept_header)
{
	const char	*noaccept[] = { "Accept:", "User-Agent:", NULL };
	struct resp	 r;

	cr_assert_eq(fetch("GET", "/feed.ics", noaccept, &r), CURLE_OK);
	cr_assert_eq(r.status, 200);
	assert_header(&r, "Content-Type", FEED_TYPE);
	cr_assert_str_eq(r.body, FEED_BODY);
	resp_free(&r);
}

Test(http, query_and_path)
{
	struct resp	 r;

	cr_assert_eq(fetch("GET", "/lang?lang=en", NULL, &r), CURLE_OK);
	cr_assert_eq(r.status, 200);
	cr_assert_str_eq(r.body, "GET en");
	resp_free(&r);
	cr_assert_eq(fetch("GET", "/lang?x=1&lang=nl%20x", NULL, &r), CURLE_OK);
	cr_assert_str_eq(r.body, "GET nl x");
	resp_free(&r);
	cr_assert_eq(fetch("GET", "/lang", NULL, &r), CURLE_OK);
	cr_assert_str_eq(r.body, "GET (none)");
	resp_free(&r);
	/* The path reaches the route decoded. */
	cr_assert_eq(fetch("GET", "/l%61ng?lang=de", NULL, &r), CURLE_OK);
	cr_assert_eq(r.status, 200);
	cr_assert_str_eq(r.body, "GET de");
	resp_free(&r);
}

/* Answers keep the connection open: clients poll over one connection. */
Test(http, keep_alive)
{
	CURL		*curl;
	char		 url[128];
	long		 status, connects;
	struct resp	 r;
	int		 i;

	memset(&r, 0, sizeof r);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/feed.ics", port);
	curl = curl_easy_init();
	cr_assert_not_null(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r);
	for (i = 0; i < 3; i++) {
		cr_assert_eq(curl_easy_perform(curl), CURLE_OK);
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
		cr_assert_eq(status, 200);
		cr_assert_eq(connects, i == 0 ? 1 : 0, "request %d", i);
	}
	curl_easy_cleanup(curl);
	resp_free(&r);
}

/* An idle connection arms the 15 s timeout; none is pending without. */
Test(http, timeout_armed_by_connection)
{
	struct sockaddr_in	 sin;
	long long		 t;
	int			 s, i;

	pthread_mutex_lock(&lock);
	t = http_timeout_ms(srv);
	pthread_mutex_unlock(&lock);
	cr_assert_eq(t, -1);

	s = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(s, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(connect(s, (struct sockaddr *)&sin, sizeof sin), 0);
	for (i = 0; i < 100; i++) {
		pthread_mutex_lock(&lock);
		t = http_timeout_ms(srv);
		pthread_mutex_unlock(&lock);
		if (t != -1)
			break;
		usleep(10000);
	}
	cr_assert(t >= 0 && t <= 15000, "timeout %lld", t);
	close(s);
}

Test(http, big_body)
{
	struct resp	 r;

	cr_assert_eq(fetch("GET", "/big", NULL, &r), CURLE_OK);
	cr_assert_eq(r.status, 200);
	cr_assert_eq(r.len, BIG_LEN);
	cr_assert_eq(memcmp(r.body, big, BIG_LEN), 0);
	resp_free(&r);
}

Test(http, oversized_header_refused)
{
	const char	*extra[2] = { NULL, NULL };
	char		*line, *req, buf[4096];
	size_t		 n = 100 * 1024, len;
	struct resp	 r;
	CURLcode	 rc;

	line = malloc(n + 16);
	cr_assert_not_null(line);
	memcpy(line, "X-Big: ", 7);
	memset(line + 7, 'a', n);
	line[7 + n] = '\0';
	extra[0] = line;
	rc = fetch("GET", "/feed.ics", extra, &r);
	cr_assert(rc != CURLE_OK || r.status != 200, "status %ld", r.status);
	if (rc == CURLE_OK)
		cr_assert(r.status == 400 || r.status == 413 ||
		    r.status == 431, "status %ld", r.status);
	resp_free(&r);

	/* The same by hand: an error status or a closed connection. */
	req = malloc(n + 128);
	cr_assert_not_null(req);
	len = (size_t)snprintf(req, n + 128,
	    "GET /feed.ics HTTP/1.1\r\nHost: x\r\n%s\r\n\r\n", line);
	raw_exchange(req, len, buf, sizeof buf);
	cr_assert(strncmp(buf, "HTTP/1.1 200", 12) != 0, "%s", buf);
	free(req);
	free(line);

	/* The server is still fine. */
	cr_assert_eq(fetch("GET", "/feed.ics", NULL, &r), CURLE_OK);
	cr_assert_eq(r.status, 200);
	resp_free(&r);
}

Test(http, stats)
{
	const char	*inm[] = { "If-None-Match: " FEED_ETAG, NULL };
	struct resp	 r;

	cr_assert_eq(stat_of(0), 0);
	fetch("GET", "/feed.ics", NULL, &r);
	resp_free(&r);
	fetch("HEAD", "/feed.ics", NULL, &r);
	resp_free(&r);
	fetch("GET", "/feed.ics", inm, &r);
	resp_free(&r);
	fetch("GET", "/nope", NULL, &r);
	resp_free(&r);
	fetch("POST", "/feed.ics", NULL, &r);
	resp_free(&r);
	cr_assert_eq(stat_of(0), 5);
	cr_assert_eq(stat_of(1), 1);
	cr_assert_eq(stat_of(2), 2);
}

Test(http, bad_listen)
{
	static const char *const bad[] = {
		"x", "127.0.0.1", "127.0.0.1:", ":8080", "127.0.0.1:80x",
		"127.0.0.1:-1", "127.0.0.1:65536", "127.0.0.1:99999999999999",
		"localhost:8080", "::1:8080", "[::1]8080", "[::1]:", "[]:80",
		"[127.0.0.1]:80", "1.2.3:80", "",
	};
	struct http	*h;
	char		*cause, want[64];
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		h = new_server(bad[i], &cause);
		cr_assert_null(h, "'%s' accepted", bad[i]);
		cr_assert_not_null(cause, "'%s': no cause", bad[i]);
		snprintf(want, sizeof want, "listen '%s': ", bad[i]);
		cr_assert(strncmp(cause, want, strlen(want)) == 0, "%s",
		    cause);
		free(cause);
	}
	cause = NULL;
	h = new_server("x", &cause);
	cr_assert_str_eq(cause, "listen 'x': expected HOST:PORT");
	free(cause);
}

Test(http, port_in_use)
{
	struct http	*h;
	char		 addr[64], *cause = NULL;

	snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
	h = new_server(addr, &cause);
	cr_assert_null(h);
	cr_assert_not_null(cause);
	cr_assert_not_null(strstr(cause, strerror(EADDRINUSE)), "%s", cause);
	cr_assert(strncmp(cause, "listen '127.0.0.1:", 18) == 0, "%s", cause);
	free(cause);
}

Test(http, ipv6_listen)
{
	struct http	*h;
	char		*cause = NULL;

	h = new_server("[::1]:0", &cause);
	if (h == NULL && cause != NULL && (strstr(cause,
	    strerror(EADDRNOTAVAIL)) != NULL || strstr(cause,
	    strerror(EAFNOSUPPORT)) != NULL)) {
		free(cause);
		cr_skip_test("no IPv6 loopback here");
	}
	cr_assert_not_null(h, "%s", cause != NULL ? cause : "?");
	cr_assert_gt(http_port(h), 0);
	cr_assert_geq(http_fd(h), 0);
	/* No connection yet: nothing to time out. */
	cr_assert_eq(http_timeout_ms(h), -1);
	http_free(h);
}
