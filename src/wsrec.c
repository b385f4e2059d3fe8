/*
 * The recommendations in the workspace: /recommendations lists them
 * (filtered by instrument, theme, SDG, ministry, status and the
 * follow-up procedure, all in the query, so a filtered list is a link),
 * /recommendations/ID shows one with its history and, to whoever answers
 * for it, the form that records a progress update (POST, CSRF-checked,
 * appended, never overwriting; then back to the page).
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
#include "log.h"
#include "rec.h"
#include "rules.h"
#include "service.h"
#include "text.h"
#include "words.h"
#include "wsint.h"
#include "xmalloc.h"

#define DASH		"\xE2\x80\x93"

/* Whether the signed-in person may record progress on r: the chair, a
 * lead coordinator of its instrument, or one of its lead ministry. */
static int
may_update(const struct workspace *ws, const struct rec *r)
{
	const char	*role, *lead;

	if (!ws->signed_in)
		return 0;
	if (ws->me.chair)
		return 1;
	if (ws->me.co == NULL)
		return 0;
	role = coordinator_role(ws->me.co, r->instrument);
	lead = rec_lead(service_recs(ws->sv), r, &ws->conf->rules);
	return (role != NULL && strcmp(role, "lead") == 0) ||
	    (lead[0] != '\0' && strcasecmp(ws->me.co->department, lead) == 0);
}

static void
ref(struct buf *b, const struct rec *r, enum lang l)
{
	escape_html(b, r->symbol);
	buf_printf(b, ", %s ", W(l, "par.", "para."));
	escape_html(b, r->paragraph);
}

/* <select name=NAME> of the options, the one equal to cur selected. */
static void
select_open(struct buf *b, const char *name, const char *label,
    const char *any, enum lang l)
{
	(void)l;
	buf_printf(b, "<label for=\"%s\">%s</label>\n<select id=\"%s\" "
	    "name=\"%s\">\n<option value=\"\">%s</option>\n", name, label, name,
	    name, any);
}

static void
option(struct buf *b, const char *value, const char *text, const char *cur)
{
	buf_puts(b, "<option value=\"");
	escape_html(b, value);
	buf_printf(b, "\"%s>", cur != NULL && strcasecmp(cur, value) == 0 ?
	    " selected" : "");
	escape_html(b, text);
	buf_puts(b, "</option>\n");
}

static void
list_page(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	enum lang		 l = ws_lang_of(ws, req);
	const struct rec_set	*set = service_recs(ws->sv);
	const struct ruleset	*rules = &ws->conf->rules;
	const char		*q_inst = req->query(req, "instrument");
	const char		*q_min = req->query(req, "ministry");
	const char		*q_st = req->query(req, "status");
	const char		*q_theme = req->query(req, "theme");
	const char		*q_sdg = req->query(req, "sdg");
	const char		*q_fu = req->query(req, "followup");
	struct rec_filter	 f;
	struct buf		 b;
	size_t			 n = 0;
	char			 cut[400], d1[DATE_STRLEN];

	rec_filter_init(&f);
	f.instrument = q_inst != NULL && q_inst[0] ? q_inst : NULL;
	f.ministry = q_min != NULL && q_min[0] ? q_min : NULL;
	f.theme = q_theme != NULL && q_theme[0] ? q_theme : NULL;
	f.sdg = q_sdg != NULL && q_sdg[0] ? q_sdg : NULL;
	f.followup = q_fu != NULL && q_fu[0] ? 1 : -1;
	if (q_st != NULL && q_st[0] != '\0' &&
	    (f.status = rec_status_parse(q_st)) < 0) {
		ws_message_page(ws, r, l, 400, W(l, "Onbekende status",
		    "Unknown status"), W(l, "Kies een status uit de lijst.",
		    "Choose a status from the list."));
		return;
	}
	ws_page_open(ws, &b, l, words_get(WORD_RECOMMENDATIONS, l));
	buf_printf(&b, "<form class=\"ws filter\" method=\"get\" "
	    "action=\"/recommendations\">\n");
	select_open(&b, "instrument", words_get(WORD_INSTRUMENT, l),
	    W(l, "alle", "all"), l);
	for (size_t i = 0; i < rules->n; i++) {
		int	 has = 0;

		for (size_t j = 0; j < set->n && !has; j++)
			has = strcmp(set->v[j].instrument, rules->v[i].code) == 0;
		if (has)
			option(&b, rules->v[i].code, rules->v[i].code,
			    f.instrument);
	}
	buf_puts(&b, "</select>\n");
	select_open(&b, "ministry", words_get(WORD_MINISTRY, l),
	    W(l, "alle", "all"), l);
	for (size_t i = 0; i < ws->conf->ndepartments; i++)
		option(&b, ws->conf->departments[i].code,
		    ws->conf->departments[i].code, f.ministry);
	buf_puts(&b, "</select>\n");
	select_open(&b, "status", words_get(WORD_STATUS, l),
	    W(l, "alle", "all"), l);
	for (int s = 0; s < REC_NSTATUS; s++) {
		buf_printf(&b, "<option value=\"%s\"%s>%s</option>\n",
		    rec_status_name(s), f.status == s ? " selected" : "",
		    rec_status_word(s, l));
	}
	buf_puts(&b, "</select>\n");
	ws_input(&b, "text", "theme", words_get(WORD_THEMES, l),
	    f.theme ? f.theme : "", NULL, NULL);
	ws_input(&b, "text", "sdg", "SDG", f.sdg ? f.sdg : "", NULL,
	    W(l, "Het nummer van het doel, bijv. 5.", "The goal's number, "
	    "e.g. 5."));
	buf_printf(&b, "<p><input type=\"checkbox\" id=\"followup\" "
	    "name=\"followup\" value=\"1\"%s> <label for=\"followup\">%s"
	    "</label></p>\n<button type=\"submit\">%s</button>\n</form>\n",
	    f.followup == 1 ? " checked" : "", W(l, "Alleen de "
	    "follow-upprocedure", "Only the follow-up procedure"),
	    W(l, "Filteren", "Filter"));
	for (size_t i = 0; i < set->n; i++)
		n += rec_match(set, &set->v[i], rules, &f);
	buf_printf(&b, "<p>%zu %s</p>\n", n, n == 1 ?
	    W(l, "aanbeveling", "recommendation") :
	    W(l, "aanbevelingen", "recommendations"));
	if (n > 0) {
		buf_printf(&b, "<table class=\"ws stack\">\n<thead><tr><th scope=\"col\">"
		    "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		    "</thead>\n<tbody>\n", words_get(WORD_RECOMMENDATION, l),
		    words_get(WORD_LEAD, l), words_get(WORD_STATUS, l),
		    words_get(WORD_LAST_UPDATE, l), W(l, "Tekst", "Text"));
		for (size_t i = 0; i < set->n; i++) {
			const struct rec	*rc = &set->v[i];
			const struct rec_update	*u;

			if (!rec_match(set, rc, rules, &f))
				continue;
			u = rec_latest(set, rc->id, DATE_NONE);
			buf_printf(&b, "<tr><td><a href=\"/recommendations/%lld\">",
			    rc->id);
			ref(&b, rc, l);
			buf_puts(&b, "</a>");
			if (rc->followup)
				buf_printf(&b, "<br><span class=\"hint\">%s</span>",
				    words_get(WORD_FOLLOWUP_PROCEDURE, l));
			buf_puts(&b, "</td><td>");
			escape_html(&b, rec_lead(set, rc, rules));
			buf_printf(&b, "</td><td>%s</td><td>%s</td><td>",
			    rec_status_word(u != NULL ? u->status :
			    REC_NOT_STARTED, l), u != NULL ?
			    date_format(u->date, d1) : DASH);
			escape_html(&b, text_cut(rc->text, 160, cut, sizeof cut));
			buf_puts(&b, "</td></tr>\n");
		}
		buf_puts(&b, "</tbody></table>\n");
	}
	ws_page_close(ws, &b, r, 200);
}

struct upd_form {
	const char	*status, *date, *text;
	const char	*err_status, *err_date, *err_text;
	char		*err;		/* owned */
};

static void
detail_page(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, const struct rec *rc, struct upd_form *uf,
    int status)
{
	enum lang		 l = ws_lang_of(ws, req);
	const struct rec_set	*set = service_recs(ws->sv);
	const struct rec_owner	*o = rec_owner_of(set, rc->id);
	const struct instrument	*in = ruleset_find(&ws->conf->rules,
	    rc->instrument);
	struct buf		 b, t;
	char			 d1[DATE_STRLEN], *title;
	int			 any = 0;

	buf_init(&t, 512);
	buf_printf(&t, "%s %s, %s %s", words_get(WORD_RECOMMENDATION, l),
	    rc->symbol, W(l, "par.", "para."), rc->paragraph);
	title = buf_take(&t);
	ws_page_open(ws, &b, l, title);
	free(title);
	buf_puts(&b, "<dl>\n");
	buf_printf(&b, "<dt>%s</dt><dd>", words_get(WORD_INSTRUMENT, l));
	escape_html(&b, in != NULL ? text_instrument(in, lang_name(l)) :
	    rc->instrument);
	buf_puts(&b, " (");
	escape_html(&b, rc->instrument);
	buf_puts(&b, ")</dd>\n");
	buf_printf(&b, "<dt>%s</dt><dd>", words_get(WORD_LEAD, l));
	escape_html(&b, rec_lead(set, rc, &ws->conf->rules));
	if (o != NULL && o->contributors[0] != '\0') {
		buf_puts(&b, "; ");
		escape_html(&b, o->contributors);
	}
	buf_puts(&b, "</dd>\n");
	buf_printf(&b, "<dt>%s</dt><dd>%s</dd>\n", words_get(WORD_STATUS, l),
	    rec_status_word(rec_status_at(set, rc->id, DATE_NONE), l));
	if (rc->themes != NULL) {
		buf_printf(&b, "<dt>%s</dt><dd>", words_get(WORD_THEMES, l));
		escape_html(&b, rc->themes);
		buf_puts(&b, "</dd>\n");
	}
	if (rc->sdgs != NULL) {
		buf_puts(&b, "<dt>SDG</dt><dd>");
		escape_html(&b, rc->sdgs);
		buf_puts(&b, "</dd>\n");
	}
	if (rc->persons != NULL) {
		buf_printf(&b, "<dt>%s</dt><dd>", W(l, "Betrokken personen",
		    "Affected persons"));
		escape_html(&b, rc->persons);
		buf_puts(&b, "</dd>\n");
	}
	if (rc->followup)
		buf_printf(&b, "<dt>%s</dt><dd>%s</dd>\n",
		    words_get(WORD_FOLLOWUP_PROCEDURE, l), W(l, "geselecteerd "
		    "door het comité", "selected by the committee"));
	if (rc->position != REC_POS_NONE)
		buf_printf(&b, "<dt>%s</dt><dd>%s</dd>\n", W(l, "Standpunt",
		    "Position"), rc->position == REC_POS_SUPPORTED ?
		    W(l, "gesteund (supported)", "supported") :
		    W(l, "kennis genomen (noted)", "noted"));
	buf_puts(&b, "</dl>\n<blockquote lang=\"en\"><p>");
	escape_html(&b, rc->text);
	buf_puts(&b, "</p></blockquote>\n");
	if (rc->summary_nl != NULL) {
		buf_puts(&b, "<p lang=\"nl\">");
		escape_html(&b, rc->summary_nl);
		buf_puts(&b, "</p>\n");
	}
	buf_printf(&b, "<h3>%s</h3>\n", W(l, "Voortgang", "Progress"));
	for (size_t i = set->nupdates; i-- > 0;) {
		const struct rec_update	*u = &set->updates[i];

		if (u->rec != rc->id)
			continue;
		if (!any++)
			buf_printf(&b, "<table class=\"ws stack\">\n<thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "</tr></thead>\n<tbody>\n", W(l, "Datum", "Date"),
			    words_get(WORD_STATUS, l), W(l, "Voortgang",
			    "Progress"), W(l, "Vastgelegd door", "Recorded by"));
		buf_printf(&b, "<tr><td>%s</td><td>%s</td><td>",
		    date_format(u->date, d1), rec_status_word(u->status, l));
		escape_html(&b, u->text);
		buf_puts(&b, "</td><td>");
		escape_html(&b, u->recorded_by != NULL ? u->recorded_by : DASH);
		buf_puts(&b, "<br><span class=\"hint\">");
		escape_html(&b, u->recorded_at != NULL ? u->recorded_at : "");
		buf_puts(&b, "</span></td></tr>\n");
	}
	if (any)
		buf_puts(&b, "</tbody></table>\n");
	else
		buf_printf(&b, "<p>%s</p>\n", W(l, "Nog geen voortgang "
		    "vastgelegd.", "No update recorded yet."));
	if (may_update(ws, rc)) {
		buf_printf(&b, "<h3>%s</h3>\n", W(l, "Voortgang vastleggen",
		    "Record progress"));
		if (uf->err != NULL) {
			buf_puts(&b, "<p class=\"err\" role=\"alert\">");
			escape_html(&b, uf->err);
			buf_printf(&b, " %s</p>\n", W(l, "Er is niets vastgelegd.",
			    "Nothing was recorded."));
		}
		buf_printf(&b, "<form class=\"ws\" method=\"post\" "
		    "action=\"/recommendations/%lld\">\n", rc->id);
		ws_csrf_field(ws, &b);
		buf_printf(&b, "<label for=\"status\">%s</label>\n",
		    words_get(WORD_STATUS, l));
		if (uf->err_status != NULL) {
			buf_puts(&b, "<p class=\"err\" id=\"status-err\">");
			escape_html(&b, uf->err_status);
			buf_puts(&b, "</p>\n");
		}
		buf_puts(&b, "<select id=\"status\" name=\"status\">\n");
		for (int s = 0; s < REC_NSTATUS; s++)
			buf_printf(&b, "<option value=\"%s\"%s>%s</option>\n",
			    rec_status_name(s), rec_status_parse(uf->status) == s ?
			    " selected" : "", rec_status_word(s, l));
		buf_puts(&b, "</select>\n");
		ws_input(&b, "date", "date", W(l, "Stand per", "As of"),
		    uf->date, uf->err_date, W(l, "De datum waarop dit de stand "
		    "van zaken is (JJJJ-MM-DD).", "The date this is how things "
		    "stand (YYYY-MM-DD)."));
		buf_printf(&b, "<label for=\"text\">%s</label>\n", W(l,
		    "Wat er is gedaan", "What was done"));
		if (uf->err_text != NULL) {
			buf_puts(&b, "<p class=\"err\" id=\"text-err\">");
			escape_html(&b, uf->err_text);
			buf_puts(&b, "</p>\n");
		}
		buf_printf(&b, "<textarea id=\"text\" name=\"text\" rows=\"4\" "
		    "maxlength=\"%d\"%s>", REC_UPDATE_MAX, uf->err_text != NULL ?
		    " aria-invalid=\"true\" aria-describedby=\"text-err\"" : "");
		escape_html(&b, uf->text);
		buf_printf(&b, "</textarea>\n<button type=\"submit\">%s</button>\n"
		    "</form>\n", W(l, "Vastleggen", "Record"));
	}
	buf_puts(&b, "<p><a href=\"/recommendations?instrument=");
	escape_html(&b, rc->instrument);
	buf_printf(&b, "\">%s</a></p>\n", W(l, "Alle aanbevelingen van dit "
	    "verdrag", "All recommendations of this instrument"));
	ws_page_close(ws, &b, r, status);
}

static void
update_post(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, const struct rec *rc)
{
	enum lang		 l = ws_lang_of(ws, req);
	struct upd_form		 uf;
	struct rec_update	 u;
	char			*cause = NULL, to[64];
	int			 k, today = service_today(ws->sv);

	if (!ws_form_ok(ws, req, r))
		return;
	if (!may_update(ws, rc)) {
		ws_forbidden(ws, r, l, W(l, "Alleen de trekker van deze "
		    "aanbeveling of de voorzitter legt de voortgang vast; er is "
		    "niets vastgelegd.", "Only the lead of this recommendation or "
		    "the chair records its progress; nothing was recorded."));
		return;
	}
	memset(&uf, 0, sizeof uf);
	uf.status = ws_field(req, "status");
	uf.date = ws_field(req, "date");
	uf.text = ws_field(req, "text");
	memset(&u, 0, sizeof u);
	u.rec = rc->id;
	if ((k = rec_status_parse(uf.status)) < 0)
		uf.err_status = W(l, "Kies een status uit de lijst.",
		    "Choose a status from the list.");
	else
		u.status = k;
	if (date_parse(uf.date, &u.date, &cause) == -1) {
		free(cause);
		cause = NULL;
		uf.err_date = W(l, "Geef een datum als JJJJ-MM-DD.",
		    "Give a date as YYYY-MM-DD.");
	} else if (u.date > today)
		uf.err_date = W(l, "Deze datum ligt in de toekomst; een update "
		    "zegt hoe het nu staat.", "This date is in the future; an "
		    "update says how things stand.");
	if (uf.text[0] == '\0')
		uf.err_text = W(l, "Beschrijf kort wat er is gedaan.",
		    "Say briefly what was done.");
	if (uf.err_status == NULL && uf.err_date == NULL &&
	    uf.err_text == NULL) {
		u.text = xstrdup(uf.text);
		u.recorded_by = xasprintf("web: %s", ws->me.address);
		if (service_rec_update(ws->sv, &u, clock_now(), &cause) == 0) {
			log_info("recommendation %lld: %s as of %s, recorded by "
			    "%s", u.rec, rec_status_name(u.status), uf.date,
			    u.recorded_by);
			free(u.text);
			free(u.recorded_by);
			free(u.recorded_at);
			ws->changed = 1;
			/* rc went with the reload; the id is in u. */
			snprintf(to, sizeof to, "/recommendations/%lld", u.rec);
			ws_redirect(ws, r, to);
			return;
		}
		uf.err = cause;
		free(u.text);
		free(u.recorded_by);
		free(u.recorded_at);
		/* A failed reload may have taken rc with it. */
		if ((rc = rec_by_id(service_recs(ws->sv), u.rec)) == NULL) {
			log_warnx("recommendation %lld: %s", u.rec, uf.err);
			free(uf.err);
			ws_message_page(ws, r, l, 500, W(l, "Niet gelukt",
			    "Not done"), W(l, "De aanbevelingen konden niet "
			    "worden gelezen; probeer het later opnieuw.", "The "
			    "recommendations could not be read; try again "
			    "later."));
			return;
		}
	}
	detail_page(ws, req, r, rc, &uf, 400);
	free(uf.err);
}

void
wsrec_route(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, const char *rest)
{
	enum lang		 l = ws_lang_of(ws, req);
	const struct rec	*rc;
	struct upd_form		 uf;
	char			*end, d1[DATE_STRLEN];
	long long		 id;

	if (rest == NULL) {
		if (strcmp(req->method, "POST") == 0)
			ws_message_page(ws, r, l, 405, W(l, "Niet toegestaan",
			    "Not allowed"), W(l, "Deze pagina neemt geen "
			    "formulier aan.", "This page takes no form."));
		else
			list_page(ws, req, r);
		return;
	}
	id = strtoll(rest, &end, 10);
	if (*end != '\0' || id <= 0 ||
	    (rc = rec_by_id(service_recs(ws->sv), id)) == NULL) {
		ws_message_page(ws, r, l, 404, W(l, "Onbekende aanbeveling",
		    "Unknown recommendation"), W(l, "Er is geen aanbeveling met "
		    "dit nummer.", "There is no recommendation with this "
		    "number."));
		return;
	}
	if (strcmp(req->method, "POST") == 0) {
		update_post(ws, req, r, rc);
		return;
	}
	memset(&uf, 0, sizeof uf);
	uf.status = rec_status_name(rec_status_at(service_recs(ws->sv), rc->id,
	    DATE_NONE));
	uf.date = date_format(service_today(ws->sv), d1);
	uf.text = "";
	detail_page(ws, req, r, rc, &uf, 200);
}
