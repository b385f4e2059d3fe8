#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "conf.h"
#include "courier.h"
#include "daemon.h"
#include "diag.h"
#include "dispatch.h"
#include "http.h"
#include "log.h"
#include "notify.h"
#include "prune.h"
#include "service.h"
#include "store.h"
#include "web.h"
#include "xmalloc.h"

#define RETRY_MAX	15	/* seconds between tries while the database is busy */
#define LOOP_BUSY_MS	200	/* the loop's own wait for a lock */

/* What the epoll events carry. */
enum source { SRC_SIGNAL = 1, SRC_TIMER, SRC_INOTIFY, SRC_HTTP, SRC_SENDER };

/*
 * One dispatch pass, run by the sender thread with a store connection, a
 * service and a dispatcher of its own, so the loop goes on answering
 * HTTP, signals and the watchdog while mail waits on the wire. The pass
 * reads the configuration it started with; a reload keeps that alive
 * until the pass is over.
 */
struct pass {
	const struct conf	*conf;
	long long		 now;
	struct outbox_stats	 st;
	struct outbox_health	 health;
	int			 health_ok;
	char			*cause;
	int			 prune;		/* the day's housekeeping too */
	int			 pruned;	/* it ran: pr holds what went */
	struct prune_result	 pr;
	char			*prune_cause;
	int			 done_fd;	/* one byte when finished */
};

struct daemon {
	const char	*confpath;
	struct conf	*conf;
	struct store	*store;
	struct service	*sv;
	struct web	*web;
	struct dispatch	*dp;
	struct http	*http;
	int		 epfd, sigfd, timerfd, inofd, lockfd;
	int		 passfd[2];	/* the sender thread's "done" */
	long long	 data_version;
	int		 quit;
	pthread_t	 sender;
	struct pass	 pass;
	int		 sending;	/* a pass runs */
	int		 dirty;		/* the database changed during it */
	long long	 fact_mark;	/* the newest fact when it began */
	long long	 retry_at;	/* a refresh, pass or reload to try again */
	int		 retry_delay;	/* seconds, doubling to RETRY_MAX */
	int		 reload_pending;	/* SIGHUP met a busy database */
	int		 again;		/* another one was asked for meanwhile */
	int		 pruned_day;	/* local date last pruned, or 0 */
	struct conf	*retired;	/* the pass's configuration, reloaded */
	struct mail_health health;	/* for /healthz and /metrics */
	struct courier	*courier;	/* the pages' mails, off the loop */
};

static const char usage_text[] =
    "usage: treatyd [-fn] [-c FILE] [--log-level LEVEL]\n"
    "       treatyd -h | --help | -V | --version\n"
    "  -c FILE   configuration file (default " CONF_DEFAULT_PATH ")\n"
    "  -f        stay in the foreground (the only mode; for systemd)\n"
    "  -n        check the configuration and exit\n"
    "  --log-level err|warning|info|debug\n";

static struct conf *
load(const char *path)
{
	struct diag	 dg;
	struct conf	*c;

	diag_init(&dg);
	if ((c = conf_load(path, &dg)) != NULL &&
	    conf_check_templates(c, &dg) > 0) {
		conf_free(c);
		c = NULL;
	}
	if (c == NULL) {
		for (size_t i = 0; i < dg.n; i++)
			log_err("%s", dg.msgs[i]);
		log_err("%zu error%s in the configuration", dg.n,
		    dg.n == 1 ? "" : "s");
	}
	diag_clear(&dg);
	return c;
}

/*
 * A busy database (another writer holds the lock) or a failed pass: try
 * again in 1, 2, 4 ... RETRY_MAX seconds, by the timer, never by waiting
 * in the loop.
 */
static void
retry_soon(struct daemon *d)
{
	d->retry_delay = d->retry_delay == 0 ? 1 : d->retry_delay * 2;
	if (d->retry_delay > RETRY_MAX)
		d->retry_delay = RETRY_MAX;
	d->retry_at = clock_now() + d->retry_delay;
}

/* Recompute for today and now; log what changed. */
static int
refresh(struct daemon *d, const char *why)
{
	char		*cause = NULL;
	long long	 t0 = clock_monotonic_us();
	int		 today = clock_today(d->conf->timezone), n;

	n = service_refresh(d->sv, today, clock_now(), &cause);
	if (n == -1) {
		log_warnx("recompute (%s) failed: %s; trying again shortly",
		    why, cause);
		/* For /healthz: what stands in the way, and since when. */
		if (d->health.store_failing_since == 0)
			d->health.store_failing_since = clock_now();
		snprintf(d->health.store_error, sizeof d->health.store_error,
		    "%s", cause);
		diag_sanitize(d->health.store_error,
		    sizeof d->health.store_error);
		free(cause);
		retry_soon(d);
		return -1;
	}
	d->health.store_failing_since = 0;
	d->health.recompute_last_us = clock_monotonic_us() - t0;
	d->health.recompute_us += d->health.recompute_last_us;
	d->health.recomputes++;
	d->retry_delay = 0;
	d->data_version = store_data_version(d->store);
	log_info("recomputed (%s): %zu deadlines, %d changed, %lld ms", why,
	    service_deadlines(d->sv)->n, n, d->health.recompute_last_us / 1000);
	return 0;
}

/* The sender thread: one dispatch pass on connections of its own. */
static void *
sender_main(void *arg)
{
	struct pass	*p = arg;
	struct store	*st = NULL;
	struct service	*sv;
	struct dispatch	*dp;
	char		 byte = 1, *why = NULL;

	memset(&p->st, 0, sizeof p->st);
	p->cause = NULL;
	if (store_open(p->conf->database, 0, &st, &p->cause) == 0) {
		sv = service_new(p->conf, st);
		if (service_refresh(sv, clock_local_date(p->now,
		    p->conf->timezone), p->now, &p->cause) == 0) {
			dp = dispatch_new(p->conf, st);
			dispatch_run(dp, sv, p->now, &p->st, &p->cause);
			dispatch_free(dp);
			p->health_ok = store_outbox_health(st, &p->health,
			    &why) == 0;
			free(why);
		}
		/* Once a day, on this thread: the loop never waits for it. */
		if (p->prune)
			p->pruned = prune_run(p->conf, st, p->now, 0, &p->pr,
			    &p->prune_cause) == 0;
		service_free(sv);
		store_close(st);
	}
	while (write(p->done_fd, &byte, 1) == -1 && errno == EINTR)
		;
	return NULL;
}

/* Send what is due, off the loop; one pass at a time. */
static void
run_dispatch(struct daemon *d)
{
	int	 rc;

	if (d->sending) {
		d->again = 1;
		return;
	}
	memset(&d->pass, 0, sizeof d->pass);
	d->pass.conf = d->conf;
	d->pass.now = clock_now();
	d->pass.done_fd = d->passfd[1];
	d->pass.prune = clock_local_date(d->pass.now, d->conf->timezone) !=
	    d->pruned_day;
	d->fact_mark = store_fact_max_id(d->store);
	if ((rc = pthread_create(&d->sender, NULL, sender_main,
	    &d->pass)) != 0) {
		log_err("reminders: cannot start the sender: %s", strerror(rc));
		return;
	}
	d->sending = 1;
}

static void arm_timer(struct daemon *);

/* The day's pruning: logged, and not again today (a failure: next pass). */
static void
housekeeping_done(struct daemon *d)
{
	struct pass	*p = &d->pass;
	char		 line[160];

	if (!p->prune)
		return;
	if (p->pruned) {
		d->pruned_day = clock_local_date(p->now, p->conf->timezone);
		prune_describe(&p->pr, 0, line, sizeof line);
		if (p->pr.rows > 0 || p->pr.files > 0)
			log_info("housekeeping: %s", line);
		else
			log_debug("housekeeping: %s", line);
	} else if (p->prune_cause != NULL)
		log_warnx("housekeeping: %s; trying again with the next pass",
		    p->prune_cause);
	free(p->prune_cause);
	p->prune_cause = NULL;
}

/* The pass is over: its log line, and the next. */
static void
on_sender(struct daemon *d)
{
	struct outbox_stats	*st = &d->pass.st;
	char			 byte;

	while (read(d->passfd[0], &byte, 1) > 0)
		;
	if (!d->sending)
		return;
	pthread_join(d->sender, NULL);
	d->sending = 0;
	if (d->pass.cause != NULL) {
		/* A locked database, say: the due rows are tried again in
		 * seconds, not at midnight. */
		log_err("reminders: %s; trying again shortly", d->pass.cause);
		free(d->pass.cause);
		d->pass.cause = NULL;
		retry_soon(d);
	}
	if (st->queued || st->sent || st->retried || st->failed ||
	    st->skipped || st->superseded || st->waiting)
		log_info("reminders: %d queued, %d sent, %d deferred, %d failed, "
		    "%d skipped, %d superseded, %d waiting for tomorrow; %d "
		    "mails to the transport in %lld ms", st->queued, st->sent,
		    st->retried, st->failed, st->skipped, st->superseded,
		    st->waiting, st->mails, st->wire_us / 1000);
	d->health.failed_since_start += st->failed;
	housekeeping_done(d);
	if (d->pass.health_ok) {
		d->health.outbox = d->pass.health;
		d->health.known = 1;
	}
	if (d->retired != NULL) {
		conf_free(d->retired);
		d->retired = NULL;
	}
	/* What changed meanwhile (the pass's own rows, or a fact recorded
	 * while it ran) shows in the feeds now; a fact recorded meanwhile
	 * gets a pass of its own (the pass never records facts). */
	if (d->dirty) {
		d->dirty = 0;
		refresh(d, "after the reminders");
		if (store_fact_max_id(d->store) != d->fact_mark)
			d->again = 1;
	} else
		d->data_version = store_data_version(d->store);
	if (d->again && !d->quit) {
		d->again = 0;
		run_dispatch(d);
	}
	arm_timer(d);
}

/*
 * Sleep until the next due moment: the next reminder or retry, or local
 * midnight, when statuses turn.
 */
static void
arm_timer(struct daemon *d)
{
	struct itimerspec	 its;
	long long		 when, now = clock_now(), next;

	when = clock_next_midnight(now, d->conf->timezone);
	next = dispatch_next(d->dp, d->sv, now);
	if (next > 0 && next < when)
		when = next > now ? next : now + 1;
	if (d->retry_at > 0 && d->retry_at < when)
		when = d->retry_at > now ? d->retry_at : now + 1;
	memset(&its, 0, sizeof its);
	its.it_value.tv_sec = (time_t)when;
	if (timerfd_settime(d->timerfd, TFD_TIMER_ABSTIME |
	    TFD_TIMER_CANCEL_ON_SET, &its, NULL) == -1)
		log_warn("timerfd_settime");
	else
		log_debug("next wake-up at %lld", when);
}

static void
route(void *arg, const struct http_request *req, struct http_reply *r)
{
	struct daemon	*d = arg;

	web_route(d->web, req, r);
}

static int
add_fd(struct daemon *d, int fd, enum source src)
{
	struct epoll_event	 ev;

	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.u32 = src;
	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* Watch the database's directory: the WAL grows when a fact is recorded. */
static int
watch_database(struct daemon *d)
{
	char	*dir = xstrdup(d->conf->database), *slash;
	int	 rc;

	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, strlen(dir) + 1, ".");
	rc = inotify_add_watch(d->inofd, dir, IN_MODIFY | IN_CLOSE_WRITE |
	    IN_MOVED_TO | IN_CREATE);
	if (rc == -1)
		log_warn("inotify_add_watch %s", dir);
	free(dir);
	return rc;
}

/* One running instance per database: a lock beside it. */
static int
lock_database(struct daemon *d)
{
	char	*cause = NULL;

	if (store_lock(d->conf->database, &d->lockfd, &cause) == -1) {
		log_err("%s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

static int
start_services(struct daemon *d)
{
	struct http_options	 ho;
	char			*cause = NULL;

	if (store_open(d->conf->database, 1, &d->store, &cause) == -1) {
		log_err("database: %s", cause);
		free(cause);
		return -1;
	}
	/* The loop never sits long on a lock; the timer tries again. */
	store_busy_timeout(d->store, LOOP_BUSY_MS);
	d->sv = service_new(d->conf, d->store);
	if ((d->courier = courier_new(d->conf, &cause)) == NULL) {
		log_err("mail: %s", cause);
		free(cause);
		return -1;
	}
	d->web = web_new(d->conf, d->sv, d->store, d->courier);
	web_set_health(d->web, &d->health);
	d->dp = dispatch_new(d->conf, d->store);
	/* A database another writer holds: serve, and compute once it is
	 * free (refresh() arranged the retry). */
	refresh(d, "start");
	memset(&ho, 0, sizeof ho);
	ho.listen = d->conf->listen;
	ho.max_connections = d->conf->max_connections;
	ho.max_per_client = d->conf->max_per_client;
	ho.trusted_proxy = d->conf->trusted_proxy;
	if ((d->http = http_new(&ho, route, d, &cause)) == NULL) {
		log_err("http: %s", cause);
		free(cause);
		return -1;
	}
	web_set_http(d->web, d->http);
	log_info("serving on %s (port %d)", d->conf->listen, http_port(d->http));
	return 0;
}

/* SIGHUP: a broken new configuration is refused; the old one runs on. */
static void
reload(struct daemon *d)
{
	struct conf	*nc;
	struct service	*nsv;
	struct web	*nweb;
	struct courier	*nco;
	char		*cause = NULL;

	notify_reloading(clock_monotonic_us());
	log_info("reloading the configuration");
	if ((nc = load(d->confpath)) == NULL) {
		log_err("reload refused: keeping the running configuration");
		notify_ready();
		return;
	}
	if (strcmp(nc->database, d->conf->database) != 0 ||
	    strcmp(nc->listen, d->conf->listen) != 0 ||
	    nc->max_connections != d->conf->max_connections ||
	    nc->max_per_client != d->conf->max_per_client)
		log_warnx("database, listen, max_connections and "
		    "max_per_client changes take effect at restart");
	nsv = service_new(nc, d->store);
	if (service_refresh(nsv, clock_today(nc->timezone), clock_now(),
	    &cause) == -1) {
		/* A good file on a busy database: load it again shortly. */
		log_warnx("reload waits: %s; trying again shortly", cause);
		free(cause);
		service_free(nsv);
		conf_free(nc);
		d->reload_pending = 1;
		retry_soon(d);
		arm_timer(d);
		notify_ready();
		return;
	}
	/* The database path and listen address stay those of the start. */
	free(nc->database);
	nc->database = xstrdup(d->conf->database);
	free(nc->listen);
	nc->listen = xstrdup(d->conf->listen);
	nc->max_connections = d->conf->max_connections;
	nc->max_per_client = d->conf->max_per_client;
	/* The pages' mails with the new [mail]; the old courier delivers
	 * what it holds, then ends. */
	if ((nco = courier_new(nc, &cause)) == NULL) {
		log_err("mail: %s; the pages' mails keep the old [mail]",
		    cause);
		free(cause);
	} else {
		courier_retire(d->courier);
		d->courier = nco;
	}
	nweb = web_new(nc, nsv, d->store, d->courier);
	web_set_http(nweb, d->http);
	web_set_health(nweb, &d->health);
	web_free(d->web);
	dispatch_free(d->dp);
	d->dp = dispatch_new(nc, d->store);
	service_free(d->sv);
	/* The proxy is the workspace's and the limits' at once. */
	http_trust_proxy(d->http, nc->trusted_proxy);
	/* A pass that runs keeps reading the configuration it started with. */
	if (d->sending && d->pass.conf == d->conf) {
		conf_free(d->retired);
		d->retired = d->conf;
	} else
		conf_free(d->conf);
	d->conf = nc;
	d->sv = nsv;
	d->web = nweb;
	/* Rows waiting for a fixed [mail] go now, with the new one. */
	run_dispatch(d);
	arm_timer(d);
	log_info("configuration reloaded: %zu instruments", nc->rules.n);
	notify_ready();
}

static void
on_signal(struct daemon *d)
{
	struct signalfd_siginfo	 si;

	while (read(d->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		switch (si.ssi_signo) {
		case SIGHUP:
			reload(d);
			break;
		case SIGTERM:
		case SIGINT:
			log_info("signal %u: stopping", si.ssi_signo);
			d->quit = 1;
			break;
		}
	}
}

static void	 reload(struct daemon *);

static void
on_timer(struct daemon *d)
{
	unsigned long long	 n;

	/* ECANCELED: the clock was set; work out the day again. */
	if (read(d->timerfd, &n, sizeof n) == -1 && errno == ECANCELED)
		log_info("the system clock changed");
	d->retry_at = 0;
	if (d->reload_pending) {
		d->reload_pending = 0;
		reload(d);
	}
	if (refresh(d, "timer") == 0)
		run_dispatch(d);
	arm_timer(d);
}

static void
on_inotify(struct daemon *d)
{
	char		 buf[4096] __attribute__((aligned(8)));
	long long	 v;

	while (read(d->inofd, buf, sizeof buf) > 0)
		;
	/* The sender's writes are another connection's: look once it is
	 * done, not at each of them. */
	if (d->sending) {
		d->dirty = 1;
		return;
	}
	/* Our own writes do not move data_version; another process's do. */
	v = store_data_version(d->store);
	if (v != d->data_version) {
		refresh(d, "database changed");
		run_dispatch(d);
		arm_timer(d);
	}
}

static int
loop(struct daemon *d)
{
	unsigned long long	 wd = notify_watchdog_usec();

	while (!d->quit) {
		struct epoll_event	 ev[8];
		long long		 t = http_timeout_ms(d->http);
		int			 n, timeout;

		if (wd > 0 && (t == -1 || t > (long long)(wd / 2000)))
			t = (long long)(wd / 2000);
		timeout = t < 0 ? -1 : t > INT_MAX ? INT_MAX : (int)t;
		n = epoll_wait(d->epfd, ev, 8, timeout);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			log_warn("epoll_wait");
			return -1;
		}
		if (wd > 0)
			notify_watchdog();
		for (int i = 0; i < n; i++) {
			switch (ev[i].data.u32) {
			case SRC_SIGNAL:
				on_signal(d);
				break;
			case SRC_TIMER:
				on_timer(d);
				break;
			case SRC_INOTIFY:
				on_inotify(d);
				break;
			case SRC_SENDER:
				on_sender(d);
				break;
			}
		}
		http_run(d->http);
		/* A fact recorded in the workspace: the feeds and the mail
		 * follow at once, as after treatyctl. */
		if (web_take_changed(d->web)) {
			refresh(d, "workspace");
			run_dispatch(d);
			arm_timer(d);
		}
	}
	return 0;
}

static void
cleanup(struct daemon *d)
{
	char	 byte;

	/* A pass that runs finishes its mail; nothing is left half sent. */
	if (d->sending) {
		log_info("waiting for the reminders being sent");
		pthread_join(d->sender, NULL);
		while (read(d->passfd[0], &byte, 1) > 0)
			;
		free(d->pass.cause);
		d->sending = 0;
	}
	conf_free(d->retired);
	if (d->passfd[0] != -1)
		close(d->passfd[0]);
	if (d->passfd[1] != -1)
		close(d->passfd[1]);
	http_free(d->http);
	web_free(d->web);
	courier_free(d->courier);
	dispatch_free(d->dp);
	service_free(d->sv);
	store_close(d->store);
	conf_free(d->conf);
	if (d->lockfd != -1)
		close(d->lockfd);
	if (d->inofd != -1)
		close(d->inofd);
	if (d->timerfd != -1)
		close(d->timerfd);
	if (d->sigfd != -1)
		close(d->sigfd);
	if (d->epfd != -1)
		close(d->epfd);
}

int
daemon_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "log-level", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct daemon	 d;
	sigset_t	 mask;
	int		 ch, check = 0, level = LOG_LEVEL_INFO, rc = 1;

	memset(&d, 0, sizeof d);
	d.epfd = d.sigfd = d.timerfd = d.inofd = d.lockfd = -1;
	d.passfd[0] = d.passfd[1] = -1;
	while ((ch = getopt_long(argc, argv, "c:fnhV", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			d.confpath = optarg;
			break;
		case 'f':
			break;		/* always in the foreground */
		case 'n':
			check = 1;
			break;
		case 'l':
			if ((level = log_level_from(optarg)) == -1) {
				fprintf(stderr, "treatyd: --log-level '%s': "
				    "expected err, warning, info or debug\n",
				    optarg);
				return 2;
			}
			break;
		case 'V':
			printf("treatyd %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "treatyd: unexpected argument '%s'\n%s",
		    argv[optind], usage_text);
		return 2;
	}
	log_init(level);
	if ((d.conf = load(d.confpath)) == NULL)
		return 1;
	if (check) {
		printf("configuration OK\n");
		for (size_t i = 0; i < d.conf->ndropins; i++)
			printf("drop-in %s\n", d.conf->dropins[i]);
		conf_free(d.conf);
		return 0;
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((d.epfd = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
	    (d.sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) == -1 ||
	    (d.timerfd = timerfd_create(CLOCK_REALTIME,
	    TFD_NONBLOCK | TFD_CLOEXEC)) == -1 ||
	    (d.inofd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1 ||
	    pipe2(d.passfd, O_NONBLOCK | O_CLOEXEC) == -1) {
		log_err("cannot set up the event loop: %s", strerror(errno));
		goto out;
	}
	if (lock_database(&d) == -1 || start_services(&d) == -1)
		goto out;
	if (add_fd(&d, d.sigfd, SRC_SIGNAL) == -1 ||
	    add_fd(&d, d.timerfd, SRC_TIMER) == -1 ||
	    add_fd(&d, d.inofd, SRC_INOTIFY) == -1 ||
	    add_fd(&d, d.passfd[0], SRC_SENDER) == -1 ||
	    add_fd(&d, http_fd(d.http), SRC_HTTP) == -1) {
		log_err("epoll_ctl: %s", strerror(errno));
		goto out;
	}
	watch_database(&d);
	arm_timer(&d);
	notify_ready();
	log_info("treatyd %s ready", PACKAGE_VERSION);
	run_dispatch(&d);	/* catch up on what fell due while stopped */
	rc = loop(&d) == 0 ? 0 : 1;
	notify_stopping();
	log_info("stopped");
out:
	cleanup(&d);
	return rc;
}
