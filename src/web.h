/*
 * The routes of the HTTP server: feeds, the JSON API, the overview page,
 * health and metrics. Rendered bytes are cached per route and language
 * and rebuilt only when the service's data changed.
 */
#ifndef TREATYD_WEB_H
#define TREATYD_WEB_H

#include "http.h"
#include "store.h"

struct conf;
struct service;
struct store;
struct web;

/* With a store (NULL: none), the workspace too (workspace.h), whose
 * mails go by the courier. */
struct courier;
struct web	*web_new(const struct conf *, struct service *, struct store *,
		    struct courier *);
void		 web_free(struct web *);
/* Let /metrics report the server's counters; the workspace's paths take
 * POST. */
void		 web_set_http(struct web *, struct http *);
/* What the daemon knows of the mail and its recomputes, kept by the
 * daemon (it outlives a reload) and read by /healthz and /metrics. */
struct mail_health {
	struct outbox_health	 outbox;	/* after the latest pass */
	int			 known;		/* a pass has counted it */
	long long		 failed_since_start;
	/* The database: since when recomputing fails (0: it does not), and
	 * why. */
	long long		 store_failing_since;
	char			 store_error[200];
	/* The recomputes that succeeded: how many, how long in all and
	 * the latest (microseconds). */
	unsigned long		 recomputes;
	long long		 recompute_us;
	long long		 recompute_last_us;
};
void		 web_set_health(struct web *, const struct mail_health *);
/* 1 (once) when the workspace recorded something: refresh and dispatch. */
int		 web_take_changed(struct web *);
/* An http_route_fn: arg is the struct web. */
void		 web_route(void *arg, const struct http_request *,
		    struct http_reply *);

#endif
