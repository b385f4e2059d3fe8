/*
 * Two pages of the workspace for one person each: "My feed" (/feed),
 * where a coordinator finds the addresses to subscribe to and makes a
 * new address of their own (the old one stops working; the new one is
 * shown once, only its hash is kept), and the chair's meeting page
 * (/meeting): record that the network met, and fix the date of the next
 * meeting. Every change is a POST with the session's CSRF token, goes
 * through the service as treatyctl's does, and says what it changed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "clock.h"
#include "conf.h"
#include "date.h"
#include "escape.h"
#include "fact.h"
#include "log.h"
#include "rules.h"
#include "service.h"
#include "store.h"
#include "text.h"
#include "words.h"
#include "wsint.h"
#include "xmalloc.h"

/* ------------------------------------------------------------ my feed */

/* "https://host/feeds/..." and its webcal:// twin, each a link. */
static void
feed_links(struct buf *b, const char *base, const char *path)
{
	const char	*rest = strstr(base, "://");

	buf_puts(b, "<li><a href=\"");
	escape_html(b, base);
	escape_html(b, path);
	buf_puts(b, "\"><code>");
	escape_html(b, base);
	escape_html(b, path);
	buf_puts(b, "</code></a><br><a href=\"webcal://");
	escape_html(b, rest != NULL ? rest + 3 : base);
	escape_html(b, path);
	buf_puts(b, "\"><code>webcal://");
	escape_html(b, rest != NULL ? rest + 3 : base);
	escape_html(b, path);
	buf_puts(b, "</code></a></li>\n");
}

static void
feed_page(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, const char *token, int status)
{
	enum lang	 l = ws_lang_of(ws, req);
	const char	*base = ws->conf->base_url;
	struct buf	 b;
	char		 path[96];

	ws_page_open(ws, &b, l, W(l, "Mijn agenda-abonnement", "My feed"));
	if (token != NULL) {
		buf_printf(&b, "<div class=\"ok\" role=\"status\"><p>%s</p>\n"
		    "<ul>\n", W(l, "Uw nieuwe adres. Het wordt maar één keer "
		    "getoond: abonneer u er nu op (of bewaar het op een veilige "
		    "plek). Het oude adres werkt niet meer.", "Your new address. "
		    "It is shown only once: subscribe to it now (or keep it "
		    "somewhere safe). The old address no longer works."));
		snprintf(path, sizeof path, "/feeds/c/%s.ics", token);
		feed_links(&b, base, path);
		buf_puts(&b, "</ul></div>\n");
	}
	if (ws->me.co != NULL) {
		buf_printf(&b, "<h3>%s</h3>\n<p>%s</p>\n", W(l, "Uw eigen "
		    "agenda", "Your own calendar"), W(l, "Uw eigen adres, met de "
		    "termijnen van uw verdragen, stond in de welkomstmail. "
		    "treatyd bewaart het niet leesbaar en kan het dus niet nog "
		    "eens tonen. Kwijt, of bij iemand anders terechtgekomen? "
		    "Maak een nieuw adres: het oude werkt dan niet meer, en u "
		    "abonneert u opnieuw.", "Your own address, with the deadlines "
		    "of your instruments, was in the welcome mail. treatyd does "
		    "not keep it readable, so it cannot show it again. Lost it, "
		    "or has someone else got it? Make a new address: the old one "
		    "stops working, and you subscribe again."));
		buf_puts(&b, "<form class=\"ws\" method=\"post\" action=\"/feed\">\n");
		ws_csrf_field(ws, &b);
		buf_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n",
		    W(l, "Maak een nieuw adres", "Make a new address"));
	} else
		buf_printf(&b, "<p>%s</p>\n", W(l, "Als voorzitter hebt u geen "
		    "eigen agenda; abonneer u op een van de agenda's hieronder.",
		    "As the chair you have no calendar of your own; subscribe to "
		    "one of the calendars below."));
	buf_printf(&b, "<h3>%s</h3>\n<p>%s</p>\n<ul>\n", W(l, "Agenda's van "
	    "het netwerk", "The network's calendars"), W(l, "Voor wie is "
	    "aangemeld of wanneer ze openbaar zijn.", "For whoever is signed in, "
	    "or when they are public."));
	feed_links(&b, base, "/feeds/all.ics");
	if (ws->me.co != NULL && ws->me.co->department[0] != '\0') {
		snprintf(path, sizeof path, "/feeds/department/%s.ics",
		    ws->me.co->department);
		feed_links(&b, base, path);
	}
	buf_printf(&b, "</ul>\n<p class=\"hint\">%s</p>\n", W(l, "In Outlook: "
	    "Agenda toevoegen, Van internet, plak het adres. In Google Agenda: "
	    "Andere agenda's, Via URL. Op een iPhone of Mac: tik op het "
	    "webcal://-adres.", "In Outlook: Add calendar, From Internet, paste "
	    "the address. In Google Calendar: Other calendars, From URL. On an "
	    "iPhone or a Mac: tap the webcal:// address."));
	ws_page_close(ws, &b, r, status);
}

static void
feed_post(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	enum lang	 l = ws_lang_of(ws, req);
	char		 token[41], *cause = NULL;
	unsigned char	 hash[32];

	if (!ws_form_ok(ws, req, r))
		return;
	if (ws->me.co == NULL) {
		ws_forbidden(ws, r, l, W(l, "Alleen een coördinator heeft een "
		    "eigen agenda.", "Only a coordinator has a calendar of their "
		    "own."));
		return;
	}
	if (service_token_new(token, hash) == -1 ||
	    store_coordinator_token(ws->store, ws->me.co->name, hash,
	    &cause) == -1) {
		log_warnx("workspace: a new feed address for %s: %s",
		    ws->me.address, cause != NULL ? cause : "no random bytes");
		free(cause);
		ws_message_page(ws, r, l, 500, W(l, "Niet gelukt",
		    "Not done"), W(l, "Er kon geen nieuw adres worden gemaakt; "
		    "het oude werkt nog.", "No new address could be made; the "
		    "old one still works."));
		return;
	}
	/* The token goes to the page only, never to the log. */
	log_info("workspace: %s made a new feed address; the old one no longer "
	    "works", ws->me.address);
	ws->changed = 1;
	feed_page(ws, req, r, token, 200);
	explicit_bzero(token, sizeof token);
}

/* ------------------------------------------------------------ meeting */

struct meet_form {
	const char	*held, *next;
	const char	*err_held, *err_next;
	char		*err;		/* owned */
	char		*done;		/* owned: what was recorded */
};

static void
meeting_page(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, struct meet_form *mf, int status)
{
	enum lang		 l = ws_lang_of(ws, req);
	const struct deadline	*next = service_next_meeting(ws->sv);
	struct buf		 b;
	char			 d1[64], st[256];

	ws_page_open(ws, &b, l, W(l, "Bijeenkomst van het netwerk",
	    "The network's meeting"));
	if (mf->done != NULL) {
		buf_puts(&b, "<p class=\"ok\" role=\"status\">");
		escape_html(&b, mf->done);
		buf_puts(&b, "</p>\n");
	}
	if (mf->err != NULL) {
		buf_puts(&b, "<p class=\"err\" role=\"alert\">");
		escape_html(&b, mf->err);
		buf_printf(&b, " %s</p>\n", W(l, "Er is niets vastgelegd.",
		    "Nothing was recorded."));
	}
	if (next != NULL) {
		buf_printf(&b, "<p>%s ", W(l, "Volgende bijeenkomst:",
		    "Next meeting:"));
		escape_html(&b, text_long_date(next->due, lang_name(l), d1,
		    sizeof d1));
		buf_puts(&b, " (");
		escape_html(&b, text_status_line(next, service_today(ws->sv),
		    lang_name(l), st, sizeof st));
		buf_printf(&b, ", %s)</p>\n", next->confidence == CONF_CONFIRMED ?
		    W(l, "datum vastgesteld", "date set") : W(l, "voorlopige "
		    "datum", "provisional date"));
		buf_printf(&b, "<p><a href=\"/agenda\">%s</a></p>\n",
		    W(l, "Conceptagenda", "Draft agenda"));
	}
	buf_printf(&b, "<h3>%s</h3>\n<form class=\"ws\" method=\"post\" "
	    "action=\"/meeting\">\n", W(l, "De bijeenkomst is gehouden",
	    "The meeting was held"));
	ws_csrf_field(ws, &b);
	ws_hidden(&b, "what", "held");
	ws_input(&b, "date", "held", W(l, "Gehouden op", "Held on"), mf->held,
	    mf->err_held, W(l, "JJJJ-MM-DD, niet in de toekomst.",
	    "YYYY-MM-DD, not in the future."));
	buf_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n",
	    W(l, "Vastleggen", "Record"));
	buf_printf(&b, "<h3>%s</h3>\n<form class=\"ws\" method=\"post\" "
	    "action=\"/meeting\">\n", W(l, "Datum van de volgende bijeenkomst",
	    "Date of the next meeting"));
	ws_csrf_field(ws, &b);
	ws_hidden(&b, "what", "next");
	ws_input(&b, "date", "next", W(l, "Datum", "Date"), mf->next,
	    mf->err_next, W(l, "De datum die u als voorzitter vaststelt; de "
	    "herinneringen en de conceptagenda volgen hem.", "The date you set "
	    "as the chair; the reminders and the draft agenda follow it."));
	buf_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n",
	    W(l, "Vastleggen", "Record"));
	ws_page_close(ws, &b, r, status);
}

/* The instrument of the network meeting: that of the next meeting, or
 * else the one with a yearly rule met by meeting_held. */
static const struct deadline *
meeting_deadline(struct workspace *ws, int on_or_after)
{
	const struct deadlines	*dl = service_deadlines(ws->sv);
	const struct deadline	*best = NULL;

	for (size_t i = 0; i < dl->n; i++) {
		const struct deadline	*d = &dl->v[i];

		if (d->rule == NULL || d->rule->type != RULE_YEARLY ||
		    strcmp(d->rule->fulfilled_by[0] != '\0' ?
		    d->rule->fulfilled_by : rules_default_fulfilled_by(
		    d->rule->name), "meeting_held") != 0 ||
		    d->status == STATUS_SUPERSEDED)
			continue;
		if (d->due >= on_or_after && (best == NULL || d->due < best->due))
			best = d;
	}
	return best;
}

static void
meeting_post(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	enum lang		 l = ws_lang_of(ws, req);
	const char		*what = ws_field(req, "what");
	const struct deadline	*d;
	struct meet_form	 mf;
	struct fact		 f;
	char			*cause = NULL, d1[64];
	int			 today = service_today(ws->sv), date;

	if (!ws_form_ok(ws, req, r))
		return;
	memset(&mf, 0, sizeof mf);
	mf.held = ws_field(req, "held");
	mf.next = ws_field(req, "next");
	memset(&f, 0, sizeof f);
	f.recorded_by = xasprintf("web: %s", ws->me.address);
	f.date = f.due = DATE_NONE;
	if (strcmp(what, "held") == 0) {
		if (date_parse(mf.held, &date, &cause) == -1) {
			free(cause);
			mf.err_held = W(l, "Geef een datum als JJJJ-MM-DD.",
			    "Give a date as YYYY-MM-DD.");
		} else if (date > today)
			mf.err_held = W(l, "Deze datum ligt in de toekomst.",
			    "This date is in the future.");
		else if ((d = meeting_deadline(ws, date - 183)) == NULL)
			mf.err_held = W(l, "Er is geen bijeenkomst rond deze "
			    "datum.", "There is no meeting around this date.");
		else {
			snprintf(f.instrument, sizeof f.instrument, "%s",
			    d->inst->code);
			snprintf(f.kind, sizeof f.kind, "meeting_held");
			snprintf(f.cycle, sizeof f.cycle, "%s", d->cycle);
			f.date = date;
			mf.done = xasprintf(W(l, "Vastgelegd: de bijeenkomst is "
			    "gehouden op %s.", "Recorded: the meeting was held on "
			    "%s."), text_long_date(date, lang_name(l), d1,
			    sizeof d1));
		}
	} else if (strcmp(what, "next") == 0) {
		if (date_parse(mf.next, &date, &cause) == -1) {
			free(cause);
			mf.err_next = W(l, "Geef een datum als JJJJ-MM-DD.",
			    "Give a date as YYYY-MM-DD.");
		} else if (date < today)
			mf.err_next = W(l, "Deze datum is al voorbij.",
			    "This date has passed.");
		else if ((d = meeting_deadline(ws, today)) == NULL)
			mf.err_next = W(l, "Er is geen volgende bijeenkomst in "
			    "de agenda.", "There is no next meeting in the "
			    "calendar.");
		else {
			/* The body of this deadline is the chair: a date set. */
			snprintf(f.instrument, sizeof f.instrument, "%s",
			    d->inst->code);
			snprintf(f.kind, sizeof f.kind, "due_date_set");
			snprintf(f.rule, sizeof f.rule, "%s", d->rule->name);
			snprintf(f.cycle, sizeof f.cycle, "%s", d->cycle);
			f.date = today;
			f.due = date;
			mf.done = xasprintf(W(l, "Vastgelegd: de volgende "
			    "bijeenkomst is op %s.", "Recorded: the next meeting "
			    "is on %s."), text_long_date(date, lang_name(l), d1,
			    sizeof d1));
		}
	} else
		mf.err = xstrdup(W(l, "Onbekend formulier.", "Unknown form."));
	if (f.date != DATE_NONE &&
	    service_record_fact(ws->sv, &f, clock_now(), &cause) == -1) {
		free(mf.done);
		mf.done = NULL;
		mf.err = cause;
	} else if (f.date != DATE_NONE) {
		log_info("workspace: fact %lld (%s %s) recorded by %s", f.id,
		    f.instrument, f.kind, f.recorded_by);
		ws->changed = 1;
		mf.held = mf.next = "";
	}
	meeting_page(ws, req, r, &mf, mf.done != NULL ? 200 : 400);
	free(mf.done);
	free(mf.err);
	fact_clear(&f);
}

/* ------------------------------------------------------------ routes */

void
wsmine_route(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, const char *path)
{
	enum lang	 l = ws_lang_of(ws, req);
	int		 post = strcmp(req->method, "POST") == 0;

	if (strcmp(path, "/feed") == 0) {
		if (post)
			feed_post(ws, req, r);
		else
			feed_page(ws, req, r, NULL, 200);
		return;
	}
	if (!ws->me.chair) {
		ws_forbidden(ws, r, l, W(l, "Deze pagina is voor de voorzitter "
		    "van het netwerk.", "This page is for the chair of the "
		    "network."));
		return;
	}
	if (post)
		meeting_post(ws, req, r);
	else {
		struct meet_form	 mf;
		char			 d1[DATE_STRLEN];

		memset(&mf, 0, sizeof mf);
		mf.held = date_format(service_today(ws->sv), d1);
		mf.next = "";
		meeting_page(ws, req, r, &mf, 200);
	}
}
