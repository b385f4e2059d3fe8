#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agenda.h"
#include "buf.h"
#include "clock.h"
#include "conf.h"
#include "date.h"
#include "gzip.h"
#include "hash.h"
#include "jsonout.h"
#include "log.h"
#include "page.h"
#include "review.h"
#include "rules.h"
#include "rec.h"
#include "service.h"
#include "store.h"
#include "text.h"
#include "web.h"
#include "words.h"
#include "workspace.h"
#include "xmalloc.h"

#define CACHE_SLOTS	64
/* A cache key holds at most "c:", a coordinator's name (characters of up
 * to 4 bytes) and "?lang=xx"; a longer one is refused, never cut, or two
 * coordinators would share a feed. */
#define KEY_MAX		(2 + 4 * COORDINATOR_NAME_MAX + 16)

static const char ctype_ics[] = "text/calendar; charset=utf-8";
static const char ctype_json[] = "application/json; charset=utf-8";
static const char ctype_html[] = "text/html; charset=utf-8";
static const char ctype_text[] = "text/plain; charset=utf-8";
static const char ctype_metrics[] = "text/plain; version=0.0.4; charset=utf-8";

struct entry {
	char		 key[KEY_MAX];
	unsigned long	 generation;
	int		 today;
	char		*body;
	size_t		 len;
	char		 etag[40];
	char		*gz;		/* the gzip of body, or NULL */
	size_t		 gzlen;
	char		 gzetag[48];
	long long	 modified;
	const char	*ctype;
	unsigned long	 hits;
};

struct web {
	const struct conf	*conf;
	struct service		*sv;
	const struct http	*http;
	struct workspace	*ws;
	struct entry		 cache[CACHE_SLOTS];
	char			*scratch;	/* the last uncached body */
	unsigned long		 builds;
	long long		 build_us;	/* total time building */
	const struct mail_health *health;	/* the daemon's, or NULL */
};

struct web *
web_new(const struct conf *conf, struct service *sv, struct store *st,
    struct courier *cr)
{
	struct web	*w = xcalloc(1, sizeof *w);

	w->conf = conf;
	w->sv = sv;
	if (st != NULL)
		w->ws = workspace_new(conf, sv, st, cr);
	return w;
}

void
web_free(struct web *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		free(w->cache[i].body);
		free(w->cache[i].gz);
	}
	free(w->scratch);
	workspace_free(w->ws);
	free(w);
}

void
web_set_http(struct web *w, struct http *h)
{
	w->http = h;
	for (const char *const *p = workspace_post_paths(); w->ws && *p; p++)
		http_allow_post(h, *p);
}

int
web_take_changed(struct web *w)
{
	return w->ws != NULL && workspace_take_changed(w->ws);
}

static const char *
req_lang(const struct web *w, const struct http_request *req)
{
	const char	*l = req->query(req, "lang");

	if (lang_parse(l) != -1)
		return l;
	return w->conf->language;
}

static void
reply_text(struct http_reply *r, int status, const char *text)
{
	r->status = status;
	r->content_type = ctype_text;
	r->body = text;
	r->len = strlen(text);
}

/* A cached body, or NULL when it must be built again. */
static struct entry *
cache_get(struct web *w, const char *key)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct entry	*e = &w->cache[i];

		if (e->body != NULL && strcmp(e->key, key) == 0 &&
		    e->generation == service_generation(w->sv) &&
		    e->today == service_today(w->sv)) {
			e->hits++;
			return e;
		}
	}
	return NULL;
}

/* Keep body (taken over) under key, evicting the least used slot. */
static struct entry *
cache_put(struct web *w, const char *key, char *body, size_t len,
    const char *ctype, long long modified)
{
	struct entry	*e = &w->cache[0];
	char		 hex[HASH_HEXLEN];

	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct entry	*c = &w->cache[i];

		if (c->body != NULL && strcmp(c->key, key) == 0) {
			e = c;
			break;
		}
		if (c->body == NULL || c->generation != service_generation(w->sv) ||
		    c->hits < e->hits)
			e = c;
	}
	free(e->body);
	free(e->gz);
	e->gz = NULL;
	snprintf(e->key, sizeof e->key, "%s", key);
	e->generation = service_generation(w->sv);
	e->today = service_today(w->sv);
	e->body = body;
	e->len = len;
	e->ctype = ctype;
	e->modified = modified;
	e->hits = 0;
	/* Strong ETag: the bytes themselves. */
	hash_sha256_hex(body, len, hex);
	snprintf(e->etag, sizeof e->etag, "\"%.32s\"", hex);
	/*
	 * The gzip copy, made here once per body, not per request. Its ETag
	 * is the body's with "-gzip" (as Apache's mod_deflate does): a cache
	 * must not answer one variant's If-None-Match with the other's bytes.
	 */
	if (len >= GZIP_MIN_LEN && (strncmp(ctype, "text/", 5) == 0 ||
	    ctype == ctype_json) && (e->gz = gzip_compress(body, len,
	    &e->gzlen)) != NULL)
		snprintf(e->gzetag, sizeof e->gzetag, "\"%.32s-gzip\"", hex);
	return e;
}

static void
reply_entry(struct http_reply *r, const struct entry *e)
{
	r->status = 200;
	r->content_type = e->ctype;
	r->body = e->body;
	r->len = e->len;
	r->etag = e->etag;
	if (e->gz != NULL) {
		r->gzip_body = e->gz;
		r->gzip_len = e->gzlen;
		r->gzip_etag = e->gzetag;
	}
	r->last_modified = e->modified;
	r->cache_control = "no-cache";
}

/* "CODE.ics" at the end of a path, copied into code; 0 when it is one. */
static int
feed_key(const char *rest, char *code, size_t len)
{
	size_t	 n = strlen(rest);

	if (n <= 4 || n - 4 >= len || strcmp(rest + n - 4, ".ics") != 0 ||
	    strchr(rest, '/') != NULL)
		return -1;
	memcpy(code, rest, n - 4);
	code[n - 4] = '\0';
	return 0;
}

/* A feed in the language asked for, else in deflang (NULL: the site's). */
static void
route_feed_lang(struct web *w, const struct http_request *req,
    struct http_reply *r, enum feed_scope scope, const char *key,
    const char *cachekey, const char *deflang)
{
	const char	*q = req->query(req, "lang");
	const char	*lang = q != NULL || deflang == NULL ? req_lang(w, req) :
	    deflang;
	char		 ck[KEY_MAX], *body;
	long long	 modified, t0;
	struct entry	*e;

	if (snprintf(ck, sizeof ck, "%s?lang=%s", cachekey, lang) >=
	    (int)sizeof ck) {
		log_warnx("feed cache key too long: %.40s...", cachekey);
		reply_text(r, 500, "the feed cannot be served\n");
		return;
	}
	if ((e = cache_get(w, ck)) == NULL) {
		t0 = clock_monotonic_us();
		body = service_feed(w->sv, scope, key, lang, &modified);
		w->build_us += clock_monotonic_us() - t0;
		w->builds++;
		if (body == NULL) {
			reply_text(r, 404, "not found\n");
			return;
		}
		e = cache_put(w, ck, body, strlen(body), ctype_ics, modified);
	}
	reply_entry(r, e);
}

static void
route_feed(struct web *w, const struct http_request *req, struct http_reply *r,
    enum feed_scope scope, const char *key, const char *cachekey)
{
	route_feed_lang(w, req, r, scope, key, cachekey, NULL);
}

/* A JSON document (owned by w until the next request), or 500 and why
 * in the log when it could not be written. */
static void
reply_json(struct web *w, struct http_reply *r, const char *path, char *body,
    char *cause)
{
	if (body == NULL) {
		log_warnx("%s: %s", path, cause);
		free(cause);
		reply_text(r, 500, "the document cannot be written as JSON\n");
		return;
	}
	free(w->scratch);
	w->scratch = body;
	r->status = 200;
	r->content_type = ctype_json;
	r->body = body;
	r->len = strlen(body);
	r->cache_control = "no-cache";
}

static void
route_api(struct web *w, const struct http_request *req, struct http_reply *r)
{
	const char		*q_from = req->query(req, "from");
	const char		*q_to = req->query(req, "to");
	const char		*q_inst = req->query(req, "instrument");
	const char		*q_dept = req->query(req, "department");
	const char		*q_status = req->query(req, "status");
	const char		*lang = req_lang(w, req);
	struct service_filter	 f;
	struct deadline		*sel;
	char			*cause = NULL, *body;
	size_t			 n = 0;

	memset(&f, 0, sizeof f);
	f.from = f.to = DATE_NONE;
	f.status = -1;
	if ((q_from && date_parse(q_from, &f.from, &cause) == -1) ||
	    (q_to && date_parse(q_to, &f.to, &cause) == -1)) {
		free(w->scratch);
		w->scratch = xasprintf("bad date: %s\n", cause);
		free(cause);
		reply_text(r, 400, w->scratch);
		return;
	}
	if (q_status && (f.status = engine_status_parse(q_status)) == -1) {
		reply_text(r, 400, "status: expected open, met, overdue, unknown or "
		    "superseded\n");
		return;
	}
	if (q_inst && ruleset_find(&w->conf->rules, q_inst) == NULL) {
		reply_text(r, 404, "unknown instrument\n");
		return;
	}
	if (q_dept && conf_department(w->conf, q_dept) == NULL) {
		reply_text(r, 404, "unknown department\n");
		return;
	}
	f.instrument = q_inst;
	f.department = q_dept;
	sel = service_select(w->sv, &f, &n);
	body = jsonout_deadlines(sel, n, lang, &cause);
	free(sel);
	reply_json(w, r, req->path, body, cause);
}

/* GET /api/recommendations.json: the filters of /recommendations. */
static void
route_api_recs(struct web *w, const struct http_request *req,
    struct http_reply *r)
{
	const struct rec_set	*set = service_recs(w->sv);
	const char		*q_inst = req->query(req, "instrument");
	const char		*q_min = req->query(req, "ministry");
	const char		*q_st = req->query(req, "status");
	const char		*q_fu = req->query(req, "followup");
	const struct rec	**sel;
	struct rec_filter	 f;
	size_t			 n = 0;
	char			*cause = NULL, *body;

	rec_filter_init(&f);
	f.theme = req->query(req, "theme");
	f.sdg = req->query(req, "sdg");
	f.symbol = req->query(req, "symbol");
	if (q_st != NULL && (f.status = rec_status_parse(q_st)) < 0) {
		reply_text(r, 400, "status: expected not started, in progress, "
		    "partially implemented, implemented or not accepted\n");
		return;
	}
	if (q_inst != NULL && ruleset_find(&w->conf->rules, q_inst) == NULL) {
		reply_text(r, 404, "unknown instrument\n");
		return;
	}
	if (q_min != NULL && conf_department(w->conf, q_min) == NULL) {
		reply_text(r, 404, "unknown ministry\n");
		return;
	}
	f.instrument = q_inst;
	f.ministry = q_min;
	f.followup = q_fu != NULL && strcmp(q_fu, "1") == 0 ? 1 : -1;
	sel = xcalloc(set->n ? set->n : 1, sizeof *sel);
	for (size_t i = 0; i < set->n; i++)
		if (rec_match(set, &set->v[i], &w->conf->rules, &f))
			sel[n++] = &set->v[i];
	body = jsonout_recs(set, sel, n, &w->conf->rules, &cause);
	free(sel);
	reply_json(w, r, req->path, body, cause);
}

/* The acknowledgements as the overview shows them, by name; caller frees. */
static struct page_ack *
page_acks(const struct web *w, size_t *n)
{
	const struct ack		*a = service_acks(w->sv, n);
	const struct coordinator	*co;
	struct page_ack			*v = xcalloc(*n ? *n : 1, sizeof *v);
	size_t				 nco, k = 0;
	char				*why = NULL;

	co = service_coordinators(w->sv, &nco);
	for (size_t i = 0; i < *n; i++) {
		const char	*who = a[i].coordinator;
		int		 st = engine_status_parse(a[i].status);

		if (st == -1 || date_parse(a[i].due, &v[k].due, &why) == -1) {
			free(why);
			why = NULL;
			continue;
		}
		for (size_t j = 0; j < nco; j++)
			if (strcasecmp(co[j].email, who) == 0)
				who = co[j].name;
		v[k].deadline = a[i].deadline;
		v[k].status = (enum deadline_status)st;
		v[k].who = who;
		v[k].on = clock_local_date(a[i].at, w->conf->timezone);
		k++;
	}
	*n = k;
	return v;
}

static void
route_page(struct web *w, const struct http_request *req, struct http_reply *r)
{
	const struct deadlines		*dl = service_deadlines(w->sv);
	const char			*lang = req_lang(w, req);
	const struct instrument		**insts;
	struct page_input		 pi;
	struct page_ack			*acks;
	struct text_ctx			 tc;
	struct entry			*e;
	char				 ck[KEY_MAX], *body;

	snprintf(ck, sizeof ck, "/?lang=%s", lang);
	if ((e = cache_get(w, ck)) == NULL) {
		insts = xcalloc(w->conf->rules.n ? w->conf->rules.n : 1,
		    sizeof *insts);
		for (size_t i = 0; i < w->conf->rules.n; i++)
			insts[i] = &w->conf->rules.v[i];
		service_text_ctx(w->sv, &tc);
		memset(&pi, 0, sizeof pi);
		pi.v = dl->v;
		pi.n = dl->n;
		pi.today = service_today(w->sv);
		pi.lang = lang;
		pi.base_url = w->conf->base_url;
		pi.months = 18;
		pi.tc = &tc;
		pi.instruments = insts;
		pi.ninstruments = w->conf->rules.n;
		acks = page_acks(w, &pi.nacks);
		pi.acks = acks;
		body = page_overview(&pi);
		free(insts);
		free(acks);
		if (body == NULL) {
			log_warnx("the overview page is over its size limit");
			reply_text(r, 500, "the page is too large\n");
			return;
		}
		e = cache_put(w, ck, body, strlen(body), ctype_html, 0);
	}
	reply_entry(r, e);
	r->last_modified = 0;
}

/* The agenda of the next meeting, or last year's review, as HTML. */
static void
route_document(struct web *w, const struct http_request *req,
    struct http_reply *r, int review)
{
	const char	*lang = req_lang(w, req);
	char		 ck[KEY_MAX], *body, *cause = NULL;
	struct entry	*e;

	snprintf(ck, sizeof ck, "%s?lang=%s", review ? "/report" : "/agenda",
	    lang);
	if ((e = cache_get(w, ck)) == NULL) {
		body = review ? service_review(w->sv,
		    date_year(service_today(w->sv)) - 1, lang, REVIEW_HTML,
		    &cause) : service_agenda(w->sv, DATE_NONE, DATE_NONE, 0, lang,
		    AGENDA_HTML, &cause);
		if (body == NULL) {
			free(w->scratch);
			w->scratch = xasprintf("%s\n", cause);
			free(cause);
			reply_text(r, 404, w->scratch);
			return;
		}
		e = cache_put(w, ck, body, strlen(body), ctype_html, 0);
	}
	reply_entry(r, e);
}

void
web_set_health(struct web *w, const struct mail_health *h)
{
	w->health = h;
}

/* "ok", or 503 and why: reminders deferred longer than alert_after, or
 * failed since the start. Read from memory, so it answers while the
 * database is locked. */
static void
route_health(struct web *w, struct http_reply *r)
{
	const struct mail_health	*h = w->health;
	long long			 since, now = clock_now();
	struct buf			 b;

	buf_init(&b, 256);
	if (h != NULL && h->known && h->outbox.deferred > 0 &&
	    (since = h->outbox.deferred_since) > 0 &&
	    now - since > w->conf->alert_after)
		buf_printf(&b, "reminders deferred: %lld, the oldest first "
		    "tried %lld min ago (alert_after %ld s)\n",
		    h->outbox.deferred, (now - since) / 60, w->conf->alert_after);
	if (h != NULL && h->failed_since_start > 0)
		buf_printf(&b, "reminders failed since the start: %lld\n",
		    h->failed_since_start);
	if (h != NULL && h->store_failing_since > 0)
		buf_printf(&b, "database: recomputing fails since %lld s ago: "
		    "%s\n", now - h->store_failing_since, h->store_error);
	free(w->scratch);
	if (b.len == 0) {
		buf_free(&b);
		w->scratch = xstrdup("ok\n");
		reply_text(r, 200, w->scratch);
	} else {
		w->scratch = buf_take(&b);
		reply_text(r, 503, w->scratch);
	}
	r->cache_control = "no-store";
}

static void
route_metrics(struct web *w, struct http_reply *r)
{
	const struct deadlines	*dl = service_deadlines(w->sv);
	const struct http_stats	*hs = w->http ? http_stats(w->http) : NULL;
	unsigned long		 count[STATUS_UNKNOWN + 1] = { 0 };
	struct buf		 b;

	for (size_t i = 0; i < dl->n; i++)
		count[dl->v[i].status]++;
	buf_init(&b, 64 * 1024);
	buf_puts(&b, "# HELP treatyd_http_requests_total HTTP requests served.\n"
	    "# TYPE treatyd_http_requests_total counter\n");
	buf_printf(&b, "treatyd_http_requests_total %lu\n", hs ? hs->requests : 0);
	buf_puts(&b, "# HELP treatyd_http_not_modified_total 304 answers.\n"
	    "# TYPE treatyd_http_not_modified_total counter\n");
	buf_printf(&b, "treatyd_http_not_modified_total %lu\n",
	    hs ? hs->not_modified : 0);
	buf_puts(&b, "# HELP treatyd_http_client_errors_total 4xx answers.\n"
	    "# TYPE treatyd_http_client_errors_total counter\n");
	buf_printf(&b, "treatyd_http_client_errors_total %lu\n",
	    hs ? hs->client_errors : 0);
	buf_puts(&b, "# HELP treatyd_http_responses_total HTTP answers by "
	    "route class and status.\n"
	    "# TYPE treatyd_http_responses_total counter\n");
	for (size_t i = 0; hs != NULL && i < hs->ncounts; i++)
		buf_printf(&b, "treatyd_http_responses_total{route=\"%s\","
		    "code=\"%u\"} %lu\n", hs->counts[i].route,
		    hs->counts[i].status, hs->counts[i].n);
	buf_puts(&b, "# HELP treatyd_feed_build_seconds Time spent rendering "
	    "feeds.\n# TYPE treatyd_feed_build_seconds summary\n");
	buf_printf(&b, "treatyd_feed_build_seconds_sum %.6f\n",
	    (double)w->build_us / 1e6);
	buf_printf(&b, "treatyd_feed_build_seconds_count %lu\n", w->builds);
	buf_puts(&b, "# HELP treatyd_deadlines Deadlines by status.\n"
	    "# TYPE treatyd_deadlines gauge\n");
	for (int s = 0; s <= STATUS_UNKNOWN; s++)
		buf_printf(&b, "treatyd_deadlines{status=\"%s\"} %lu\n",
		    engine_status_name((enum deadline_status)s), count[s]);
	if (w->health != NULL) {
		const struct mail_health	*h = w->health;

		buf_puts(&b, "# HELP treatyd_recompute_seconds Time spent "
		    "recomputing the deadlines.\n"
		    "# TYPE treatyd_recompute_seconds summary\n");
		buf_printf(&b, "treatyd_recompute_seconds_sum %.6f\n"
		    "treatyd_recompute_seconds_count %lu\n",
		    (double)h->recompute_us / 1e6, h->recomputes);
		buf_puts(&b, "# HELP treatyd_recompute_last_seconds How long "
		    "the latest recompute took.\n"
		    "# TYPE treatyd_recompute_last_seconds gauge\n");
		buf_printf(&b, "treatyd_recompute_last_seconds %.6f\n",
		    (double)h->recompute_last_us / 1e6);
	}
	if (w->health != NULL && w->health->known) {
		const struct mail_health	*h = w->health;

		buf_puts(&b, "# HELP treatyd_outbox_rows Outbox rows by state, "
		    "after the latest pass.\n# TYPE treatyd_outbox_rows gauge\n");
		for (int i = 0; i < OUTBOX_NSTATES; i++)
			buf_printf(&b, "treatyd_outbox_rows{state=\"%s\"} %lld\n",
			    outbox_state_name((enum outbox_state)i),
			    h->outbox.rows[i]);
		buf_puts(&b, "# HELP treatyd_outbox_deferred Reminders pending "
		    "again after a temporary failure.\n"
		    "# TYPE treatyd_outbox_deferred gauge\n");
		buf_printf(&b, "treatyd_outbox_deferred %lld\n",
		    h->outbox.deferred);
		buf_puts(&b, "# HELP treatyd_last_send_timestamp_seconds When "
		    "a mail last left.\n"
		    "# TYPE treatyd_last_send_timestamp_seconds gauge\n");
		buf_printf(&b, "treatyd_last_send_timestamp_seconds %lld\n",
		    h->outbox.last_sent);
		buf_puts(&b, "# HELP treatyd_reminders_failed_total Reminders "
		    "given up on since the start.\n"
		    "# TYPE treatyd_reminders_failed_total counter\n");
		buf_printf(&b, "treatyd_reminders_failed_total %lld\n",
		    h->failed_since_start);
	}
	free(w->scratch);
	w->scratch = buf_take(&b);
	r->status = 200;
	r->content_type = ctype_metrics;
	r->body = w->scratch;
	r->len = strlen(w->scratch);
	r->cache_control = "no-store";
}

/* The routes other than the workspace's; pub: the public ones too. */
static void
route(struct web *w, const struct http_request *req, struct http_reply *r,
    int pub)
{
	const char	*p = req->path;
	char		 key[64];

	if (strcmp(p, "/healthz") == 0) {
		route_health(w, r);
		return;
	}
	if (strcmp(p, "/metrics") == 0) {
		route_metrics(w, r);
		return;
	}
	if (strncmp(p, "/feeds/c/", 9) == 0) {
		const char	*owner;

		/* The token never reaches a log or a cache key. */
		if (feed_key(p + 9, key, sizeof key) == -1 ||
		    (owner = service_token_owner(w->sv, key)) == NULL) {
			reply_text(r, 404, "not found\n");
			return;
		}
		{
			char	 ck[KEY_MAX];

			if (snprintf(ck, sizeof ck, "c:%s", owner) >=
			    (int)sizeof ck) {
				log_warnx("coordinator name too long for a "
				    "feed: %.40s...", owner);
				reply_text(r, 500, "the feed cannot be served\n");
				return;
			}
			route_feed_lang(w, req, r, FEED_COORDINATOR, owner, ck,
			    service_coordinator_language(w->sv, owner));
		}
		return;
	}
	if (pub && strcmp(p, "/") == 0) {
		route_page(w, req, r);
		return;
	}
	if (pub && (strcmp(p, "/agenda") == 0 || strcmp(p, "/report") == 0)) {
		route_document(w, req, r, p[1] == 'r');
		return;
	}
	if (pub && strcmp(p, "/feeds/all.ics") == 0) {
		route_feed(w, req, r, FEED_ALL, NULL, p);
		return;
	}
	if (pub && strncmp(p, "/feeds/instrument/", 18) == 0 &&
	    feed_key(p + 18, key, sizeof key) == 0) {
		const struct instrument	*in = ruleset_find(&w->conf->rules, key);

		if (in != NULL) {
			char	 ck[KEY_MAX];

			snprintf(ck, sizeof ck, "/feeds/instrument/%s", in->code);
			route_feed(w, req, r, FEED_INSTRUMENT, in->code, ck);
			return;
		}
	}
	if (pub && strncmp(p, "/feeds/department/", 18) == 0 &&
	    feed_key(p + 18, key, sizeof key) == 0) {
		const struct department	*d = conf_department(w->conf, key);

		if (d != NULL) {
			char	 ck[KEY_MAX];

			snprintf(ck, sizeof ck, "/feeds/department/%s", d->code);
			route_feed(w, req, r, FEED_DEPARTMENT, d->code, ck);
			return;
		}
	}
	if (pub && strcmp(p, "/api/deadlines.json") == 0) {
		route_api(w, req, r);
		return;
	}
	if (pub && strcmp(p, "/api/recommendations.json") == 0) {
		route_api_recs(w, req, r);
		return;
	}
	reply_text(r, 404, "not found\n");
}

/* The class of a path for the counts of /metrics. */
static const char *
route_class(const char *p)
{
	if (strncmp(p, "/feeds/", 7) == 0)
		return "feed";
	if (strncmp(p, "/api/", 5) == 0)
		return "api";
	if (strcmp(p, "/healthz") == 0)
		return "health";
	if (strcmp(p, "/metrics") == 0)
		return "metrics";
	return "page";
}

static void	 route_all(struct web *, const struct http_request *,
		    struct http_reply *);

void
web_route(void *arg, const struct http_request *req, struct http_reply *r)
{
	struct web	*w = arg;
	const char	*p = req->path;

	memset(r, 0, sizeof *r);
	route_all(w, req, r);
	if (r->route == NULL)
		r->route = route_class(p);
}

/* The routes in turn: the workspace's first. */
static void
route_all(struct web *w, const struct http_request *req, struct http_reply *r)
{
	const char	*p = req->path;

	if (strcmp(req->method, "POST") == 0 && w->ws == NULL) {
		reply_text(r, 404, "not found\n");
		return;
	}
	if (w->ws != NULL && workspace_route(w->ws, req, r)) {
		r->route = "workspace";
		return;
	}
	if (strcmp(req->method, "POST") == 0) {
		reply_text(r, 404, "not found\n");
		return;
	}
	/* Signed in, the network sees everything, public or not. */
	if (!w->conf->public_feeds && w->ws != NULL &&
	    strcmp(p, "/healthz") != 0 && strcmp(p, "/metrics") != 0 &&
	    strncmp(p, "/feeds/c/", 9) != 0 &&
	    workspace_signed_in(w->ws, req)) {
		route(w, req, r, 1);
		if (r->status == 200)
			r->cache_control = "private, no-cache";
		return;
	}
	route(w, req, r, w->conf->public_feeds);
}
