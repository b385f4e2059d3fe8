/* The one composer of treatyd's mail, built on the templates. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agenda.h"
#include "buf.h"
#include "compose.h"
#include "conf.h"
#include "date.h"
#include "hash.h"
#include "ical.h"
#include "message.h"
#include "planner.h"
#include "remind.h"
#include "service.h"
#include "text.h"
#include "tmpl.h"
#include "words.h"
#include "xmalloc.h"

#define ITEMS_MAX	(256 * 1024)

/* "nog 3 dagen", "today", "2 days overdue". */
static void
days_left(int left, enum lang l, char *buf, size_t len)
{
	if (left > 0)
		snprintf(buf, len, W(l, "nog %d %s", "%d %s left"), left,
		    words_get(left == 1 ? WORD_DAY : WORD_DAYS, l));
	else if (left == 0)
		snprintf(buf, len, "%s", words_get(WORD_TODAY, l));
	else
		snprintf(buf, len, W(l, "%d %s te laat", "%d %s overdue"), -left,
		    words_get(-left == 1 ? WORD_DAY : WORD_DAYS, l));
}

/* The internal steps of the deadline (or of its parent) not done yet:
 * those behind first, marked, then those ahead. */
static char *
milestones_ahead(const struct service *sv, const struct deadline *dl,
    const char *lang)
{
	const struct deadlines	*all = service_deadlines(sv);
	const char		*parent = dl->parent[0] ? dl->parent : dl->id;
	enum lang		 l = lang_or_fallback(lang);
	struct buf		 b;
	char			 date[DATE_STRLEN], label[256];

	buf_init(&b, ITEMS_MAX);
	for (size_t i = 0; i < all->n; i++) {
		const struct deadline	*m = &all->v[i];

		/* The instrument first: a pointer, before the string. */
		if (m == dl || m->inst != dl->inst ||
		    strcmp(m->parent, parent) != 0 ||
		    (m->status != STATUS_OPEN && m->status != STATUS_OVERDUE))
			continue;
		buf_printf(&b, "- %s  %s%s\n", date_format(m->due, date),
		    engine_label(m, lang, label, sizeof label),
		    m->status == STATUS_OVERDUE ? W(l, " (te laat)",
		    " (overdue)") : "");
	}
	if (b.len == 0)
		buf_puts(&b, W(lang_or_fallback(lang), "(geen)\n", "(none)\n"));
	return buf_take(&b);
}

/* The deadlines as calendar events with the feed's UIDs. */
static char *
events(const struct conf *c, const struct service *sv, const struct mail *ml,
    const char *lang, const char *agenda_text, const char *desc)
{
	struct ical_event	*ev = xcalloc(ml->nitems, sizeof *ev);
	char			(*uids)[37] = xcalloc(ml->nitems, sizeof *uids);
	struct ical_calendar	 cal;
	char			*ics;

	for (size_t i = 0; i < ml->nitems; i++) {
		const struct deadline	*dl =
		    &service_deadlines(sv)->v[ml->items[i]];
		long long		 mod;

		ev[i].d = dl;
		ev[i].uid = hash_uuid(dl->id, uids[i]);
		ev[i].summary = text_summary(dl, lang);
		ev[i].description = agenda_text ? agenda_text : desc;
		ev[i].url = c->base_url;
		service_published(sv, ml->items[i], &ev[i].sequence, &mod);
		ev[i].modified = (time_t)mod;
	}
	memset(&cal, 0, sizeof cal);
	cal.method = "PUBLISH";
	cal.lang = lang;
	cal.organizer = c->mail_from;
	cal.organizer_name = words_get(WORD_TREATY_REPORTING,
	    lang_or_fallback(lang));
	cal.timezone = c->timezone;
	ics = ical_calendar(&cal, ev, ml->nitems);
	for (size_t i = 0; i < ml->nitems; i++)
		free((char *)ev[i].summary);
	free(ev);
	free(uids);
	return ics;
}

/* The three templates of a kind rendered with vars; 0, or -1 with cause. */
static int
render(const struct conf *c, const char *lang, const char *kind,
    const struct tmpl_var *vars, size_t nv, int want_html, char **subject,
    char **text, char **html, char **cause)
{
	const char	*suffix[] = { "subject", "txt", "html" };
	char		**out[] = { subject, text, html };
	int		 rc = 0;

	for (int i = 0; i < (want_html ? 3 : 2) && rc == 0; i++) {
		char	*name = xasprintf("%s.%s", kind, suffix[i]);
		char	*t = conf_template(c, lang, name, cause);

		free(name);
		if (t == NULL || (*out[i] = tmpl_render(t, vars, nv, i == 2,
		    cause)) == NULL)
			rc = -1;
		free(t);
	}
	if (rc == 0)
		(*subject)[strcspn(*subject, "\r\n")] = '\0';
	return rc;
}

/* One line about a deadline in a list mail: when, how far, what, who. */
static void
item_line(const struct service *sv, const struct deadline *dl,
    const char *lang, struct buf *b)
{
	enum lang	 l = lang_or_fallback(lang);
	struct text_ctx	 tc;
	char		 label[256], dlong[64], plong[64], days[96];

	service_text_ctx(sv, &tc);
	if (dl->status == STATUS_UNKNOWN)
		snprintf(days, sizeof days, "%s", words_get(WORD_STATUS_UNKNOWN,
		    l));
	else
		days_left(dl->due - service_today(sv), l, days, sizeof days);
	buf_printf(b, "- %s (%s): %s: %s%s%s%s%s",
	    text_long_date(dl->due, lang, dlong, sizeof dlong), days,
	    dl->inst->code, engine_label(dl, lang, label, sizeof label),
	    dl->cycle[0] ? " (" : "", dl->cycle[0] ? dl->cycle : "",
	    dl->cycle[0] ? ")" : "", dl->inst->lead[0] ? W(l, "; trekker ",
	    "; lead ") : "");
	if (dl->inst->lead[0])
		buf_puts(b, text_department(&tc, dl->inst->lead, lang));
	if (dl->planned != DATE_NONE)
		buf_printf(b, W(l, "; gepland %s", "; planned %s"),
		    text_long_date(dl->planned, lang, plong, sizeof plong));
	{
		struct buf	 w;

		buf_init(&w, ITEMS_MAX);
		if (text_recs_waiting(&w, &tc, dl, lang) > 0)
			buf_printf(b, "; %s", w.p);
		buf_free(&w);
	}
	buf_puts(b, "\n");
}

/* The items of a list mail, one line each ("(geen)" for none). */
static char *
item_lines(const struct service *sv, const size_t *items, size_t n,
    const char *lang)
{
	struct buf	 b;

	buf_init(&b, ITEMS_MAX);
	for (size_t i = 0; i < n; i++)
		item_line(sv, &service_deadlines(sv)->v[items[i]], lang, &b);
	if (n == 0)
		buf_puts(&b, W(lang_or_fallback(lang), "(geen)\n", "(none)\n"));
	return buf_take(&b);
}

/* Subject, text and HTML of a combined mail. */
static int
compose_combined(const struct conf *c, const struct service *sv,
    const struct mail *ml, const char *lang, const char *name, char **subject,
    char **text, char **html, char **cause)
{
	char	 number[24], *items = item_lines(sv, ml->items, ml->nitems, lang);
	char	*overview = xasprintf("%s/?lang=%s", c->base_url, lang);
	int	 rc;

	snprintf(number, sizeof number, "%zu", ml->nitems);
	{
		const struct tmpl_var vars[] = {
			{ "name", name },
			{ "count", number },
			{ "items", items },
			{ "overview_url", overview },
		};

		rc = render(c, lang, ml->weekly ? "digest" : "combined", vars,
		    sizeof vars / sizeof *vars, 1, subject, text, html, cause);
	}
	free(items);
	free(overview);
	return rc;
}

/* Subject, text and HTML of a mail about one deadline. */
static int
compose_one(const struct conf *c, const struct service *sv,
    const struct mail *ml, const char *lang, const char *name,
    const char *agenda_text, const char *desc, char **subject, char **text,
    char **html, char **cause)
{
	const struct deadline	*dl = &service_deadlines(sv)->v[ml->items[0]];
	enum lang		 l = lang_or_fallback(lang);
	int			 agenda = ml->kind == MAIL_AGENDA;
	struct text_ctx		 tc;
	char			 label[256], due_long[64], days[96];
	char			 old_long[64] = "";
	char			*ms = milestones_ahead(sv, dl, lang);
	char			*overview = xasprintf("%s/?lang=%s", c->base_url,
	    lang);
	char			*feed = xasprintf("%s/feeds/instrument/%s.ics",
	    c->base_url, dl->inst->code);
	int			 rc;

	service_text_ctx(sv, &tc);
	engine_label(dl, lang, label, sizeof label);
	text_long_date(dl->due, lang, due_long, sizeof due_long);
	days_left(dl->due - service_today(sv), l, days, sizeof days);
	if (ml->old_due != DATE_NONE)
		text_long_date(ml->old_due, lang, old_long, sizeof old_long);
	{
		const struct tmpl_var vars[] = {
			{ "name", name },
			{ "instrument", dl->inst->code },
			{ "instrument_name", text_instrument(dl->inst, lang) },
			{ "body", dl->inst->body },
			{ "what", label },
			{ "cycle", dl->cycle },
			{ "due", due_long },
			{ "days", days },
			{ "status", text_status(dl->status, lang) },
			{ "confidence", text_confidence(dl->confidence, lang) },
			{ "lead", dl->inst->lead[0] ? text_department(&tc,
			    dl->inst->lead, lang) : words_get(WORD_NOT_YET_KNOWN,
			    l) },
			{ "milestones", ms },
			{ "overview_url", overview },
			{ "feed_url", feed },
			{ "description", desc },
			{ "old_due", old_long },
			{ "agenda", agenda_text ? agenda_text : "" },
			{ "ack_url", ml->ack_url ? ml->ack_url : overview },
		};

		/* The agenda's HTML is the agenda document itself. */
		rc = render(c, lang, mail_kind_name(ml->kind), vars,
		    sizeof vars / sizeof *vars, !agenda, subject, text, html,
		    cause);
	}
	if (rc == 0 && agenda && (*html = service_agenda(sv, dl->due,
	    DATE_NONE, 0, lang, AGENDA_HTML, cause)) == NULL)
		rc = -1;
	free(ms);
	free(overview);
	free(feed);
	return rc;
}

/* The feeds of a coordinator's instruments, one line each, with the role. */
static char *
feed_lines(const struct conf *c, const struct coordinator *co,
    const char *lang)
{
	enum lang	 l = lang_or_fallback(lang);
	struct buf	 b;

	buf_init(&b, ITEMS_MAX);
	for (size_t i = 0; co != NULL && i < co->nassignments; i++)
		buf_printf(&b, "- %s (%s): %s/feeds/instrument/%s.ics\n",
		    co->assignments[i].instrument,
		    words_get(strcmp(co->assignments[i].role, "lead") == 0 ?
		    WORD_ROLE_LEAD : WORD_ROLE_CONTRIBUTOR, l), c->base_url,
		    co->assignments[i].instrument);
	if (b.len == 0)
		buf_puts(&b, W(l, "(nog geen verdragen toegewezen)\n",
		    "(no instruments assigned yet)\n"));
	return buf_take(&b);
}

/*
 * A catch-up, a welcome or the chair's summary: the deadlines it lists
 * are worked out here (*items, *n) from the service and the policy.
 */
static int
compose_list(const struct conf *c, const struct service *sv,
    const struct mail *ml, const char *lang, const char *name,
    size_t **items, size_t *n, char **subject, char **text, char **html,
    char **cause)
{
	const struct deadlines	*dl = service_deadlines(sv);
	struct remind_policy	 pol;
	char			 nlate[24], ncoming[24];
	char			*late, *coming, *feeds, *overview;
	size_t			 k = 0;
	int			 rc;

	if (ml->kind == MAIL_SUMMARY) {
		conf_policy(c, &pol);
		*n = planner_summary_items(dl, &pol, c->holidays,
		    service_today(sv), items);
		k = *n;
	} else {
		*n = planner_catchup_items(dl, ml->coordinator,
		    service_today(sv), items);
		/* The late ones (overdue or unknown) come first. */
		while (k < *n && (dl->v[(*items)[k]].status == STATUS_OVERDUE ||
		    dl->v[(*items)[k]].status == STATUS_UNKNOWN))
			k++;
	}
	late = item_lines(sv, *items, k, lang);
	coming = item_lines(sv, *n > k ? *items + k : NULL, *n - k, lang);
	feeds = feed_lines(c, ml->coordinator, lang);
	overview = xasprintf("%s/?lang=%s", c->base_url, lang);
	snprintf(nlate, sizeof nlate, "%zu", k);
	snprintf(ncoming, sizeof ncoming, "%zu", *n - k);
	{
		const struct tmpl_var vars[] = {
			{ "name", name },
			{ "count", nlate },
			{ "late", late },
			{ "count_coming", ncoming },
			{ "coming", coming },
			{ "feeds", feeds },
			{ "feed_url", ml->feed_url ? ml->feed_url : "" },
			{ "overview_url", overview },
		};

		rc = render(c, lang, mail_kind_name(ml->kind), vars,
		    sizeof vars / sizeof *vars, 1, subject, text, html, cause);
	}
	free(late);
	free(coming);
	free(feeds);
	free(overview);
	return rc;
}

/* The test message: no template, no deadline. */
static void
compose_test(enum lang l, char **subject, char **text)
{
	*subject = xstrdup(W(l, "Testbericht van treatyd",
	    "Test message from treatyd"));
	*text = xstrdup(W(l, "Dit is een testbericht. Als u dit leest, kan "
	    "treatyd u herinneringen sturen.\n", "This is a test message. If "
	    "you can read it, treatyd can send you reminders.\n"));
}

char *
compose_mail(const struct conf *c, const struct service *sv,
    const struct mail *ml, size_t *len, char **cause)
{
	enum lang		 l = lang_or_fallback(ml->language);
	const char		*lang = lang_name(l);
	const char		*name = ml->to_name ? ml->to_name :
	    W(l, "voorzitter van het netwerk", "chair of the network");
	char	*subject = NULL, *text = NULL, *html = NULL, *ics = NULL;
	char	*desc = NULL, *agenda_text = NULL, *out = NULL;
	struct message		 m;
	struct mail		 list;
	size_t			*items = NULL;
	int			 rc = 0;

	if (ml->kind == MAIL_TEST)
		compose_test(l, &subject, &text);
	else if (ml->kind == MAIL_SIGNIN) {
		const struct tmpl_var vars[] = {
			{ "name", name },
			{ "link", ml->link != NULL ? ml->link : "" },
			{ "minutes", "15" },
		};

		rc = render(c, lang, mail_kind_name(ml->kind), vars,
		    sizeof vars / sizeof *vars, 1, &subject, &text, &html,
		    cause);
	}
	else if (ml->kind == MAIL_CATCHUP || ml->kind == MAIL_SUMMARY ||
	    ml->kind == MAIL_WELCOME || ml->kind == MAIL_FEED) {
		list = *ml;
		rc = compose_list(c, sv, ml, lang, name, &items, &list.nitems,
		    &subject, &text, &html, cause);
		list.items = items;
		list.combined = 1;
		ml = &list;
	} else if (ml->combined)
		rc = compose_combined(c, sv, ml, lang, name, &subject, &text,
		    &html, cause);
	else {
		const struct deadline	*dl =
		    &service_deadlines(sv)->v[ml->items[0]];
		struct text_ctx		 tc;

		service_text_ctx(sv, &tc);
		desc = text_description(&tc, dl, lang);
		if (ml->kind == MAIL_AGENDA && (agenda_text = service_agenda(sv,
		    dl->due, DATE_NONE, 0, lang, AGENDA_TEXT, cause)) == NULL)
			rc = -1;
		else
			rc = compose_one(c, sv, ml, lang, name, agenda_text, desc,
			    &subject, &text, &html, cause);
	}
	if (rc == -1)
		goto done;
	if (ml->nitems > 0)
		ics = events(c, sv, ml, lang, agenda_text, ml->combined ? NULL :
		    desc);
	memset(&m, 0, sizeof m);
	m.from = c->mail_from;
	m.from_name = words_get(WORD_TREATY_REPORTING, l);
	m.to = ml->to;
	m.to_name = ml->to_name;
	m.subject = subject;
	m.message_id = ml->message_id;
	m.date = ml->date;
	m.text = text;
	m.html = html;
	m.ics = ics;
	m.ics_name = ml->combined ? W(l, "termijnen.ics", "deadlines.ics") :
	    ml->kind == MAIL_AGENDA ? W(l, "bijeenkomst.ics", "meeting.ics") :
	    "deadline.ics";
	m.ics_method = "PUBLISH";
	m.language = lang;
	out = message_build(&m, len, cause);
done:
	free(subject);
	free(text);
	free(html);
	free(ics);
	free(desc);
	free(agenda_text);
	free(items);
	return out;
}
