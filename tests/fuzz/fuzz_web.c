/*
 * libFuzzer target: requests through the routes (web_route) of a daemon
 * on the Netherlands data with two coordinators, on a scratch database:
 * every path, query, cookie, header and form field the public pages, the
 * feeds, the API and the workspace read. The input is lines: the method,
 * the path, then "q key=value" (query), "f key=value" (form), "c n=v"
 * (cookie), "h Name=value" (header), "a ADDRESS" (the client), "p
 * ADDRESS" (the socket's peer, the client's by default). Nothing
 * may crash, leak or read out of bounds, and every answer is whole: a
 * status from 200 to 599, a body for its length, a Location for a 303.
 */
#include "config.h"

#include <stdint.h>
#include <strings.h>

#include "conf.h"
#include "coord.h"
#include "date.h"
#include "diag.h"
#include "fact.h"
#include "http.h"
#include "scratch.h"
#include "seed.h"
#include "service.h"
#include "store.h"
#include "web.h"
#include "xmalloc.h"

#define NPAIRS	16

struct pair {
	char	*k, *v;
};

struct fuzz_req {
	struct http_request	 req;
	struct pair		 q[NPAIRS], f[NPAIRS], c[NPAIRS], h[NPAIRS];
	size_t			 nq, nf, nc, nh;
};

static const char *
find(const struct pair *v, size_t n, const char *key, int nocase)
{
	for (size_t i = 0; i < n; i++)
		if (nocase ? strcasecmp(v[i].k, key) == 0 :
		    strcmp(v[i].k, key) == 0)
			return v[i].v;
	return NULL;
}

static const char *
q_of(const struct http_request *r, const char *k)
{
	const struct fuzz_req	*f = r->impl;

	return find(f->q, f->nq, k, 0);
}

static const char *
f_of(const struct http_request *r, const char *k)
{
	const struct fuzz_req	*f = r->impl;

	return strcmp(r->method, "POST") == 0 ? find(f->f, f->nf, k, 0) : NULL;
}

static const char *
c_of(const struct http_request *r, const char *k)
{
	const struct fuzz_req	*f = r->impl;

	return find(f->c, f->nc, k, 0);
}

static const char *
h_of(const struct http_request *r, const char *k)
{
	const struct fuzz_req	*f = r->impl;

	return find(f->h, f->nh, k, 1);
}

static struct web	*web;
static struct service	*sv;

static void
setup(void)
{
	static const char	 text[] = "[general]\nstate = .\n"
	    "instruments = instruments.d\nholidays = holidays/nl.ini\n"
	    "departments = departments.ini\n"
	    "[http]\nbase_url = https://treatyd.example.org\npublic = yes\n"
	    "[reminders]\nchair = chair@example.nl\ntemplates = templates\n";
	struct conf		*c;
	struct store		*st;
	struct diag		 dg;
	struct seed		 s;
	char			 path[4096], seed[4096], token[41];
	char			*cause = NULL, *why = NULL;
	size_t			 skipped, at;
	int			 mailed;
	long long		 now = 1796378400;	/* 2026-12-04 10:00Z */

	scratch_write("web.conf", text, sizeof text - 1, path, sizeof path);
	diag_init(&dg);
	if ((c = conf_load(path, &dg)) == NULL) {
		diag_print(&dg, stderr, "fuzz_web: ");
		exit(1);
	}
	if (store_open(c->database, 1, &st, &cause) == -1) {
		fprintf(stderr, "fuzz_web: %s\n", cause);
		exit(1);
	}
	snprintf(seed, sizeof seed, "%s/conf/seed/nl-facts.ini", FUZZ_SRCDIR);
	sv = service_new(c, st);
	if (seed_read(seed, &c->rules, "fuzz", &dg, &s) == -1 ||
	    service_import_facts(sv, s.v, s.n, now, &skipped, &at,
	    &cause) == -1 ||
	    coord_add(c, st, "Anna de Vries", "anna@example.nl", "OCW", "nl",
	    "CEDAW", "CRC", &cause) == -1 ||
	    coord_add(c, st, "Bob Jansen", "bob@example.nl", "BZK", "en",
	    NULL, NULL, &cause) == -1 ||
	    coord_issue_feed(c, st, sv, NULL, "Anna de Vries", MAIL_WELCOME, 0,
	    token, &mailed, &why, &cause) == -1 ||
	    service_refresh(sv, date_from_ymd(2026, 12, 4), now,
	    &cause) == -1) {
		diag_print(&dg, stderr, "fuzz_web: ");
		fprintf(stderr, "fuzz_web: %s\n", cause ? cause : "seed");
		exit(1);
	}
	seed_free(&s);
	diag_clear(&dg);
	web = web_new(c, sv, st, NULL);	/* no mail leaves */
}

/* The setup is whole: the deadlines are computed and the health page
 * answers. */
static void
check_setup(struct fuzz_req *fr)
{
	struct http_reply	 r;

	fr->req.path = "/healthz";
	web_route(web, &fr->req, &r);
	if (r.status != 200 || service_deadlines(sv)->n == 0) {
		fprintf(stderr, "fuzz_web: the setup does not serve (%d)\n",
		    r.status);
		exit(1);
	}
}

/* The next line of the input, NUL-terminated in place. */
static char *
next_line(char **p, char *end)
{
	char	*s = *p, *nl;

	if (s >= end)
		return NULL;
	if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
		nl = end;
	*nl = '\0';
	*p = nl + 1;
	return s;
}

static void
add(struct pair *v, size_t *n, char *kv)
{
	char	*eq;

	if (*n == NPAIRS)
		return;
	if ((eq = strchr(kv, '=')) != NULL)
		*eq++ = '\0';
	v[*n].k = kv;
	v[*n].v = eq != NULL ? eq : kv + strlen(kv);
	(*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = { "GET", "HEAD", "POST" };
	struct fuzz_req		 fr;
	struct http_reply	 r;
	char			*buf, *p, *end, *line;

	buf = xmalloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	p = buf;
	end = buf + size;
	memset(&fr, 0, sizeof fr);
	fr.req.method = "GET";
	fr.req.path = "/";
	fr.req.client = "127.0.0.1";
	if ((line = next_line(&p, end)) != NULL)
		fr.req.method = methods[strcmp(line, "POST") == 0 ? 2 :
		    strcmp(line, "HEAD") == 0 ? 1 : 0];
	if ((line = next_line(&p, end)) != NULL)
		fr.req.path = line;
	while ((line = next_line(&p, end)) != NULL) {
		if (line[0] == '\0' || line[1] != ' ')
			continue;
		switch (line[0]) {
		case 'q':
			add(fr.q, &fr.nq, line + 2);
			break;
		case 'f':
			add(fr.f, &fr.nf, line + 2);
			break;
		case 'c':
			add(fr.c, &fr.nc, line + 2);
			break;
		case 'h':
			add(fr.h, &fr.nh, line + 2);
			break;
		case 'a':
			fr.req.client = line + 2;
			break;
		case 'p':
			fr.req.peer = line + 2;
			break;
		}
	}
	if (fr.req.peer == NULL)
		fr.req.peer = fr.req.client;
	fr.req.query = q_of;
	fr.req.form = f_of;
	fr.req.cookie = c_of;
	fr.req.header = h_of;
	fr.req.impl = &fr;
	if (web == NULL) {
		const char	*path = fr.req.path;

		setup();
		check_setup(&fr);
		fr.req.path = path;
	}
	web_route(web, &fr.req, &r);
	if (r.status < 200 || r.status > 599)
		abort();
	if (r.len > 0 && r.body == NULL)
		abort();
	if (r.status == 303 && (r.location == NULL || r.location[0] == '\0'))
		abort();
	if (r.status == 200 && r.content_type == NULL)
		abort();
	/* What the workspace recorded is read again, as the daemon does. */
	if (web_take_changed(web)) {
		char	*cause = NULL;

		if (service_refresh(sv, date_from_ymd(2026, 12, 4), 1796378400,
		    &cause) == -1)
			free(cause);
	}
	free(buf);
	return 0;
}
