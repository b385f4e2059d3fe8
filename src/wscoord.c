/*
 * The chair's page of the coordinators (/coordinators): who they are,
 * their department, language and instruments; add one (with their
 * assignments and a welcome mail carrying their own feed), assign one to
 * more instruments, send the welcome again (a new feed address: the old
 * one stops working) and remove one. Only the chair sees it; every
 * change is a POST with the session's CSRF token through coord.c, the
 * path of treatyctl coordinator, and says what it changed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "conf.h"
#include "coord.h"
#include "escape.h"
#include "log.h"
#include "rules.h"
#include "service.h"
#include "store.h"
#include "words.h"
#include "wsint.h"
#include "xmalloc.h"

struct coord_form {
	const char	*name, *email, *dept, *lang, *lead, *contrib;
	char		*err;		/* owned */
	char		*done;		/* owned */
};

static void
hidden_post(struct workspace *ws, struct buf *b, const char *what,
    const char *name, const char *button)
{
	buf_puts(b, "<form class=\"inline\" method=\"post\" "
	    "action=\"/coordinators\">\n");
	ws_csrf_field(ws, b);
	ws_hidden(b, "what", what);
	ws_hidden(b, "name", name);
	buf_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", button);
}

static void
coord_page(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, struct coord_form *cf, int status)
{
	enum lang	 l = ws_lang_of(ws, req);
	struct coordinator *v = NULL;
	struct buf	 b;
	size_t		 n = 0;
	char		*cause = NULL;

	if (store_coordinators(ws->store, &v, &n, &cause) == -1) {
		log_warnx("workspace: coordinators: %s", cause);
		free(cause);
		n = 0;
	}
	ws_page_open(ws, &b, l, words_get(WORD_COORDINATORS, l));
	if (cf->done != NULL) {
		buf_puts(&b, "<p class=\"ok\" role=\"status\">");
		escape_html(&b, cf->done);
		buf_puts(&b, "</p>\n");
	}
	if (cf->err != NULL) {
		buf_puts(&b, "<p class=\"err\" role=\"alert\">");
		escape_html(&b, cf->err);
		buf_printf(&b, " %s</p>\n", W(l, "Er is niets veranderd.",
		    "Nothing changed."));
	}
	if (n == 0)
		buf_printf(&b, "<p>%s</p>\n", W(l, "Nog geen coördinatoren.",
		    "No coordinators yet."));
	else {
		buf_printf(&b, "<table class=\"ws stack\">\n<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead>\n<tbody>\n", W(l, "Naam", "Name"),
		    W(l, "Departement", "Department"),
		    words_get(WORD_INSTRUMENT, l), W(l, "Wijzigen", "Change"));
		for (size_t i = 0; i < n; i++) {
			buf_puts(&b, "<tr><td>");
			escape_html(&b, v[i].name);
			buf_puts(&b, "<br><span class=\"hint\">");
			escape_html(&b, v[i].email);
			buf_printf(&b, " (%s)</span></td><td>", v[i].language);
			escape_html(&b, v[i].department);
			buf_puts(&b, "</td><td>");
			for (size_t j = 0; j < v[i].nassignments; j++) {
				escape_html(&b, v[i].assignments[j].instrument);
				buf_printf(&b, " (%s)%s",
				    strcmp(v[i].assignments[j].role, "lead") ==
				    0 ? words_get(WORD_ROLE_LEAD, l) :
				    words_get(WORD_ROLE_CONTRIBUTOR, l),
				    j + 1 < v[i].nassignments ? ", " : "");
			}
			if (v[i].nassignments == 0)
				buf_puts(&b, "\xE2\x80\x93");
			buf_puts(&b, "</td><td>");
			hidden_post(ws, &b, "welcome", v[i].name, W(l, "Welkomst"
			    "mail opnieuw (nieuw agenda-adres)", "Send the welcome "
			    "again (new feed address)"));
			hidden_post(ws, &b, "remove", v[i].name, W(l,
			    "Verwijderen", "Remove"));
			buf_puts(&b, "</td></tr>\n");
		}
		buf_puts(&b, "</tbody></table>\n");
	}

	buf_printf(&b, "<h3>%s</h3>\n<form class=\"ws\" method=\"post\" "
	    "action=\"/coordinators\">\n", W(l, "Coördinator toevoegen",
	    "Add a coordinator"));
	ws_csrf_field(ws, &b);
	ws_hidden(&b, "what", "add");
	ws_input(&b, "text", "name", W(l, "Naam", "Name"), cf->name, NULL, NULL);
	ws_input(&b, "email", "email", W(l, "E-mailadres", "E-mail address"),
	    cf->email, NULL, NULL);
	buf_printf(&b, "<label for=\"dept\">%s</label>\n<select id=\"dept\" "
	    "name=\"dept\">\n", W(l, "Departement", "Department"));
	for (size_t i = 0; i < ws->conf->ndepartments; i++) {
		const struct department	*d = &ws->conf->departments[i];

		buf_printf(&b, "<option value=\"%s\"%s>%s \xE2\x80\x93 ", d->code,
		    strcasecmp(d->code, cf->dept) == 0 ? " selected" : "",
		    d->code);
		escape_html(&b, l == LANG_NL && d->name_nl ? d->name_nl :
		    d->name ? d->name : d->code);
		buf_puts(&b, "</option>\n");
	}
	buf_printf(&b, "</select>\n<label for=\"lang\">%s</label>\n"
	    "<select id=\"lang\" name=\"lang\">\n<option value=\"nl\"%s>"
	    "Nederlands</option>\n<option value=\"en\"%s>English</option>\n"
	    "</select>\n", W(l, "Taal van de e-mail", "Language of the mail"),
	    strcmp(cf->lang, "en") != 0 ? " selected" : "",
	    strcmp(cf->lang, "en") == 0 ? " selected" : "");
	ws_input(&b, "text", "lead", W(l, "Trekker van", "Lead of"), cf->lead,
	    NULL, W(l, "Codes van verdragen, bijv. CEDAW CRC.",
	    "Codes of instruments, e.g. CEDAW CRC."));
	ws_input(&b, "text", "contrib", W(l, "Bijdrager aan",
	    "Contributor to"), cf->contrib, NULL, NULL);
	buf_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n",
	    W(l, "Toevoegen en welkomstmail sturen",
	    "Add and send the welcome"));

	buf_printf(&b, "<h3>%s</h3>\n<form class=\"ws\" method=\"post\" "
	    "action=\"/coordinators\">\n", W(l, "Toewijzen aan verdragen",
	    "Assign to instruments"));
	ws_csrf_field(ws, &b);
	ws_hidden(&b, "what", "assign");
	buf_printf(&b, "<label for=\"aname\">%s</label>\n<select id=\"aname\" "
	    "name=\"name\">\n", W(l, "Coördinator", "Coordinator"));
	for (size_t i = 0; i < n; i++) {
		buf_puts(&b, "<option value=\"");
		escape_html(&b, v[i].name);
		buf_puts(&b, "\">");
		escape_html(&b, v[i].name);
		buf_puts(&b, "</option>\n");
	}
	buf_printf(&b, "</select>\n");
	ws_input(&b, "text", "codes", words_get(WORD_INSTRUMENT, l), "", NULL,
	    W(l, "Codes, bijv. CEDAW CRC.", "Codes, e.g. CEDAW CRC."));
	buf_printf(&b, "<label for=\"role\">%s</label>\n<select id=\"role\" "
	    "name=\"role\">\n<option value=\"lead\">%s</option>\n<option "
	    "value=\"contributor\">%s</option>\n</select>\n"
	    "<button type=\"submit\">%s</button>\n</form>\n", W(l, "Rol",
	    "Role"), words_get(WORD_ROLE_LEAD, l),
	    words_get(WORD_ROLE_CONTRIBUTOR, l), W(l, "Toewijzen", "Assign"));
	coordinators_free(v, n);
	ws_page_close(ws, &b, r, status);
}

static void
coord_post(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	enum lang		 l = ws_lang_of(ws, req);
	const char		*what = ws_field(req, "what");
	const char		*name = ws_field(req, "name");
	struct coord_form	 cf;
	char			*cause = NULL, *why = NULL, token[41];
	int			 rc = -1, mailed = 0;

	if (!ws_form_ok(ws, req, r))
		return;
	memset(&cf, 0, sizeof cf);
	cf.name = cf.email = cf.lead = cf.contrib = "";
	cf.dept = "";
	cf.lang = ws->conf->language;
	if (strcmp(what, "add") == 0) {
		cf.name = name;
		cf.email = ws_field(req, "email");
		cf.dept = ws_field(req, "dept");
		cf.lang = ws_field(req, "lang");
		cf.lead = ws_field(req, "lead");
		cf.contrib = ws_field(req, "contrib");
		if ((rc = coord_add(ws->conf, ws->store, cf.name, cf.email,
		    cf.dept, cf.lang, cf.lead, cf.contrib, &cause)) == 0) {
			if (coord_issue_feed(ws->conf, ws->store, ws->sv,
			    ws->courier, cf.name, MAIL_WELCOME, 1, token, &mailed,
			    &why,
			    &cause) == -1) {
				/* Added; the welcome can be sent again. */
				log_warnx("workspace: %s", cause);
				free(cause);
				cause = NULL;
			}
			explicit_bzero(token, sizeof token);
			cf.done = xasprintf(W(l, "Toegevoegd: %s <%s>%s",
			    "Added: %s <%s>%s"), cf.name, cf.email, mailed ?
			    W(l, "; de welkomstmail is onderweg.", "; the "
			    "welcome is on its way.") : W(l, "; de welkomstmail kon "
			    "niet worden verstuurd: stuur hem opnieuw.", "; the "
			    "welcome could not be sent: send it again."));
			cf.name = cf.email = cf.lead = cf.contrib = "";
		}
	} else if (strcmp(what, "assign") == 0) {
		if ((rc = coord_assign(ws->conf, ws->store, name,
		    ws_field(req, "codes"), ws_field(req, "role"), &cause)) == 0)
			cf.done = xasprintf(W(l, "Toegewezen: %s aan %s als %s.",
			    "Assigned: %s to %s as %s."), name,
			    ws_field(req, "codes"), ws_field(req, "role"));
	} else if (strcmp(what, "remove") == 0) {
		if ((rc = coord_remove(ws->store, name, &cause)) == 1) {
			cause = xasprintf(W(l, "Er is geen coördinator '%s'.",
			    "There is no coordinator '%s'."), name);
			rc = -1;
		} else if (rc == 0)
			cf.done = xasprintf(W(l, "Verwijderd: %s. De feiten die "
			    "zij vastlegden blijven.", "Removed: %s. The facts "
			    "they recorded stay."), name);
	} else if (strcmp(what, "welcome") == 0) {
		if ((rc = coord_issue_feed(ws->conf, ws->store, ws->sv,
		    ws->courier, name, MAIL_WELCOME, 1, token, &mailed, &why,
		    &cause)) == 0) {
			explicit_bzero(token, sizeof token);
			cf.done = xasprintf(mailed ? W(l, "De welkomstmail met "
			    "een nieuw agenda-adres is onderweg naar %s; het oude "
			    "adres werkt niet meer.", "The welcome with a new feed "
			    "address is on its way to %s; the old address no "
			    "longer works.")
			    : W(l, "%s heeft een nieuw agenda-adres, maar de mail "
			    "kon niet worden verstuurd.", "%s has a new feed "
			    "address, but the mail could not be sent."), name);
		}
	} else
		cause = xstrdup(W(l, "Onbekend formulier.", "Unknown form."));
	if (why != NULL) {
		log_warnx("workspace: the mail to %s: %s", name, why);
		free(why);
	}
	if (rc == 0) {
		log_info("workspace: coordinators: %s %s, by %s", what, name,
		    ws->me.address);
		ws->changed = 1;
	} else
		cf.err = cause;
	coord_page(ws, req, r, &cf, rc == 0 ? 200 : 400);
	free(cf.err);
	free(cf.done);
}

void
wscoord_route(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	enum lang		 l = ws_lang_of(ws, req);
	struct coord_form	 cf;

	if (!ws->me.chair) {
		ws_forbidden(ws, r, l, W(l, "Deze pagina is voor de voorzitter "
		    "van het netwerk.", "This page is for the chair of the "
		    "network."));
		return;
	}
	if (strcmp(req->method, "POST") == 0) {
		coord_post(ws, req, r);
		return;
	}
	memset(&cf, 0, sizeof cf);
	cf.name = cf.email = cf.dept = cf.lead = cf.contrib = "";
	cf.lang = ws->conf->language;
	coord_page(ws, req, r, &cf, 200);
}
