/* The workspace: sign-in links, sessions, roles and forms. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "change.h"
#include "clock.h"
#include "compose.h"
#include "conf.h"
#include "date.h"
#include "engine.h"
#include "escape.h"
#include "fact.h"
#include "hash.h"
#include "log.h"
#include "outbox.h"
#include "page.h"
#include "planner.h"
#include "courier.h"
#include "service.h"
#include "store.h"
#include "text.h"
#include "words.h"
#include "workspace.h"
#include "wsint.h"
#include "xmalloc.h"

#define WS_PAGE_MAX	(1024 * 1024)


static const char ctype_html[] = "text/html; charset=utf-8";

/* ------------------------------------------------------------ pure rules */

int
ws_person_find(const struct conf *c, const struct coordinator *co, size_t n,
    const char *address, struct ws_person *p)
{
	memset(p, 0, sizeof *p);
	if (address == NULL || address[0] == '\0' ||
	    strlen(address) >= sizeof p->address)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(co[i].email, address) == 0) {
			snprintf(p->address, sizeof p->address, "%s",
			    co[i].email);
			p->name = co[i].name;
			p->co = &co[i];
			snprintf(p->lang, sizeof p->lang, "%s", co[i].language);
			/* The chair may also be a coordinator. */
			p->chair = c->chair != NULL &&
			    strcasecmp(c->chair, address) == 0;
			return 0;
		}
	if (c->chair != NULL && strcasecmp(c->chair, address) == 0) {
		snprintf(p->address, sizeof p->address, "%s", c->chair);
		p->chair = 1;
		snprintf(p->lang, sizeof p->lang, "%s", c->language);
		return 0;
	}
	return -1;
}

int
ws_may_record(const struct ws_person *p, const char *instrument)
{
	if (p->chair)
		return 1;
	return p->co != NULL && coordinator_role(p->co, instrument) != NULL;
}

int
ws_token_live(const struct web_token *t, long long now)
{
	if (t->used || now >= t->expires)
		return 0;
	if (strcmp(t->kind, "session") == 0 &&
	    now - t->last_seen >= WS_SESSION_IDLE)
		return 0;
	return 1;
}

int
ws_token_new(char token[WS_TOKEN_LEN + 1], unsigned char hash[HASH_LEN])
{
	unsigned char	 r[WS_TOKEN_LEN / 2];
	static const char hex[] = "0123456789abcdef";

	if (hash_random(r, sizeof r) == -1)
		return -1;
	for (size_t i = 0; i < sizeof r; i++) {
		token[2 * i] = hex[r[i] >> 4];
		token[2 * i + 1] = hex[r[i] & 15];
	}
	token[WS_TOKEN_LEN] = '\0';
	hash_sha256(token, WS_TOKEN_LEN, hash);
	explicit_bzero(r, sizeof r);
	return 0;
}

const struct web_token *
ws_token_match(const struct web_token *v, size_t n, const char *token,
    long long now)
{
	unsigned char		 h[HASH_LEN];
	const struct web_token	*found = NULL;

	if (token == NULL || strlen(token) != WS_TOKEN_LEN)
		return NULL;
	hash_sha256(token, WS_TOKEN_LEN, h);
	/* Every one is compared, so the time says nothing of which. */
	for (size_t i = 0; i < n; i++)
		if (hash_equal(v[i].hash, h, HASH_LEN) && found == NULL)
			found = &v[i];
	if (found != NULL && !ws_token_live(found, now))
		return NULL;
	return found;
}

void
ws_csrf(const char *session, char out[HASH_HEXLEN])
{
	char	*s = xasprintf("treatyd csrf %s", session);

	hash_sha256_hex(s, strlen(s), out);
	free(s);
}

int
ws_csrf_ok(const char *session, const char *given)
{
	char	 want[HASH_HEXLEN];

	if (session == NULL || session[0] == '\0' || given == NULL ||
	    strlen(given) != HASH_HEXLEN - 1)
		return 0;
	ws_csrf(session, want);
	return hash_equal(want, given, HASH_HEXLEN - 1);
}

/* ------------------------------------------------------------ the object */

struct workspace *
workspace_new(const struct conf *c, struct service *sv, struct store *st,
    struct courier *cr)
{
	struct workspace	*ws = xcalloc(1, sizeof *ws);

	ws->conf = c;
	ws->sv = sv;
	ws->store = st;
	ws->courier = cr;
	return ws;
}

void
workspace_free(struct workspace *ws)
{
	if (ws == NULL)
		return;
	free(ws->body);
	free(ws->cookie);
	explicit_bzero(ws->session, sizeof ws->session);
	free(ws);
}

const char *const *
workspace_post_paths(void)
{
	static const char *const paths[] = { "/signin", "/signout", "/record",
	    "/ack", "/recommendations", "/feed", "/meeting", "/coordinators",
	    "/my", NULL };

	return paths;
}

int
workspace_take_changed(struct workspace *ws)
{
	int	 c = ws->changed;

	ws->changed = 0;
	return c;
}

/* Two IP addresses the same, whatever their spelling ("::1", "0::1"). */
static int
same_address(const char *a, const char *b)
{
	unsigned char	 x[16], y[16];

	if (a == NULL || b == NULL)
		return 0;
	if (inet_pton(AF_INET, a, x) == 1)
		return inet_pton(AF_INET, b, y) == 1 && memcmp(x, y, 4) == 0;
	return inet_pton(AF_INET6, a, x) == 1 &&
	    inet_pton(AF_INET6, b, y) == 1 && memcmp(x, y, 16) == 0;
}

/*
 * Single sign-on: from [http] trusted_proxy, and only from there, the
 * person is the address in its user_header. There is no session token
 * then; the forms' CSRF token comes from a secret of the database and the
 * address instead. 1 signed in, 0 not.
 */
static int
proxy_session(struct workspace *ws, const struct http_request *req)
{
	const struct coordinator *co;
	unsigned char		 key[OUTBOX_ACK_KEY_LEN];
	const char		*who;
	char			*msg, *cause = NULL, out[HASH_HEXLEN];
	size_t			 nco;

	if (ws->conf->trusted_proxy == NULL || ws->conf->user_header == NULL ||
	    req->header == NULL ||
	    !same_address(req->peer, ws->conf->trusted_proxy) ||
	    (who = req->header(req, ws->conf->user_header)) == NULL)
		return 0;
	co = service_coordinators(ws->sv, &nco);
	if (ws_person_find(ws->conf, co, nco, who, &ws->me) == -1)
		return 0;
	if (outbox_ack_key(ws->store, key, &cause) == -1) {
		log_warnx("workspace: %s", cause);
		free(cause);
		return 0;
	}
	msg = xasprintf("treatyd proxy session|%s", ws->me.address);
	for (char *p = msg; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	hash_hmac_hex(key, sizeof key, msg, out);
	explicit_bzero(key, sizeof key);
	free(msg);
	snprintf(ws->session, sizeof ws->session, "%s", out);
	ws->signed_in = 1;
	ws->proxy = 1;
	return 1;
}

/* The session of the request: ws->me and ws->session when live. */
static int
find_session(struct workspace *ws, const struct http_request *req)
{
	const char		*tok = req->cookie(req, WS_COOKIE);
	const struct coordinator *co;
	const struct web_token	*t;
	struct web_token	*v = NULL;
	long long		 now = clock_now();
	size_t			 n = 0, nco;
	char			*cause = NULL;

	ws->signed_in = 0;
	ws->proxy = 0;
	ws->session[0] = '\0';
	if (proxy_session(ws, req))
		return 1;
	if (tok == NULL || strlen(tok) != WS_TOKEN_LEN)
		return 0;
	if (store_tokens(ws->store, "session", now, &v, &n, &cause) == -1) {
		log_warnx("workspace: %s", cause);
		free(cause);
		return 0;
	}
	co = service_coordinators(ws->sv, &nco);
	if ((t = ws_token_match(v, n, tok, now)) != NULL &&
	    ws_person_find(ws->conf, co, nco, t->address, &ws->me) == 0) {
		ws->signed_in = 1;
		snprintf(ws->session, sizeof ws->session, "%s", tok);
		/* Seen: the idle expiry starts again (not more than once a
		 * minute, so reading pages hardly writes). */
		if (now - t->last_seen >= 60 && store_token_touch(ws->store,
		    t->hash, now, &cause) == -1) {
			log_warnx("workspace: %s", cause);
			free(cause);
		}
	}
	free(v);
	return ws->signed_in;
}

int
workspace_signed_in(struct workspace *ws, const struct http_request *req)
{
	return find_session(ws, req);
}

/* ------------------------------------------------------------ pages */

enum lang
ws_lang_of(const struct workspace *ws, const struct http_request *req)
{
	const char	*q = req->query(req, "lang");

	if (ws->signed_in)
		return lang_or_fallback(ws->me.lang);
	if (lang_parse(q) != -1)
		return lang_or_fallback(q);
	return lang_or_fallback(ws->conf->language);
}

void
ws_csrf_field(struct workspace *ws, struct buf *b)
{
	char	 t[HASH_HEXLEN];

	ws_csrf(ws->session, t);
	buf_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
	    t);
}

static const char ws_css[] =
    "form.ws label{display:block;font-weight:600;margin:12px 0 4px}\n"
    "form.ws input[type=text],form.ws input[type=email],"
    "form.ws input[type=date],form.ws select,form.ws textarea{"
    "font:inherit;width:100%;max-width:28em;padding:6px 8px;"
    "border:1px solid var(--muted);border-radius:3px}\n"
    "button{font:inherit;padding:8px 16px;margin-top:14px;"
    "background:var(--blue);color:#fff;border:0;border-radius:3px;"
    "cursor:pointer}\n"
    "button.link{background:none;color:var(--blue);padding:0;margin:0;"
    "text-decoration:underline}\n"
    ".err{color:var(--red);font-weight:600;margin:4px 0}\n"
    ".ok{border-left:5px solid var(--blue2);padding:6px 12px;"
    "background:var(--soft)}\n"
    "nav.ws{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center}\n"
    "nav.ws form,form.inline{display:inline;margin:0 6px 4px 0}\n"
    "table.ws{border-collapse:collapse;width:100%}\n"
    "table.ws th,table.ws td{text-align:left;padding:6px 8px;"
    "border-bottom:1px solid var(--line);vertical-align:top;"
    "overflow-wrap:anywhere}\n"
    ".hint{color:var(--muted);font-size:14px;margin:2px 0}\n"
    "main code{overflow-wrap:anywhere}\n"
    /* On a phone a table of many columns becomes one block a row. */
    "@media (max-width:640px){table.stack thead{display:none}"
    "table.stack tr{display:block;border-bottom:1px solid var(--line);"
    "padding:6px 0}table.stack td{display:block;border:0;padding:2px 0}}\n";

void
ws_page_open(struct workspace *ws, struct buf *b, enum lang l, const char *title)
{
	buf_init(b, WS_PAGE_MAX);
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n"
	    "<title>", lang_name(l));
	escape_html(b, title);
	buf_printf(b, " \xE2\x80\x93 %s</title>\n<style>\n%s%s</style>\n"
	    "</head>\n<body>\n<header class=\"top\"><div class=\"wrap\">\n"
	    "<h1>%s</h1>\n", words_get(WORD_TREATY_REPORTING, l), page_css(),
	    ws_css, words_get(WORD_TREATY_REPORTING, l));
	if (ws->signed_in) {
		buf_printf(b, "<nav class=\"ws\" aria-label=\"%s\">"
		    "<a href=\"/my\">%s</a> <a href=\"/record\">%s</a> "
		    "<a href=\"/recommendations\">%s</a> "
		    "<a href=\"/feed\">%s</a> %s"
		    "<a href=\"/\">%s</a>\n", W(l, "Werkruimte", "Workspace"),
		    W(l, "Mijn termijnen", "My deadlines"),
		    W(l, "Feit vastleggen", "Record a fact"),
		    words_get(WORD_RECOMMENDATIONS, l),
		    W(l, "Mijn agenda", "My feed"),
		    ws->me.chair ? W(l, "<a href=\"/meeting\">Bijeenkomst</a> "
		    "<a href=\"/coordinators\">Co\xC3\xB6rdinatoren</a> ",
		    "<a href=\"/meeting\">Meeting</a> "
		    "<a href=\"/coordinators\">Coordinators</a> ") : "",
		    W(l, "Overzicht", "Overview"));
		/* Signed in by the proxy, one signs out there. */
		if (!ws->proxy) {
			buf_puts(b, "<form method=\"post\" action=\"/signout\">");
			ws_csrf_field(ws, b);
			buf_printf(b, "<button class=\"link\" type=\"submit\">"
			    "%s</button></form> ", W(l, "Afmelden", "Sign out"));
		}
		buf_puts(b, "<span class=\"asof\">");
		escape_html(b, ws->me.address);
		buf_puts(b, "</span></nav>\n");
	}
	buf_puts(b, "</div></header>\n<main class=\"wrap\">\n<h2>");
	escape_html(b, title);
	buf_puts(b, "</h2>\n");
}

void
ws_page_close(struct workspace *ws, struct buf *b, struct http_reply *r,
    int status)
{
	buf_puts(b, "</main>\n</body>\n</html>\n");
	free(ws->body);
	ws->body = buf_take(b);
	r->status = status;
	r->content_type = ctype_html;
	r->body = ws->body;
	r->len = strlen(ws->body);
	r->private_page = 1;
}

/* A page of one paragraph. */
void
ws_message_page(struct workspace *ws, struct http_reply *r, enum lang l,
    int status, const char *title, const char *text)
{
	struct buf	 b;

	ws_page_open(ws, &b, l, title);
	buf_puts(&b, "<p>");
	escape_html(&b, text);
	buf_puts(&b, "</p>\n");
	ws_page_close(ws, &b, r, status);
}

void
ws_redirect(struct workspace *ws, struct http_reply *r, const char *to)
{
	free(ws->body);
	snprintf(ws->location, sizeof ws->location, "%s", to);
	ws->body = xasprintf("see %s\n", ws->location);
	r->status = 303;
	r->location = ws->location;
	r->content_type = "text/plain; charset=utf-8";
	r->body = ws->body;
	r->len = strlen(ws->body);
	r->private_page = 1;
}

void
ws_forbidden(struct workspace *ws, struct http_reply *r, enum lang l,
    const char *text)
{
	ws_message_page(ws, r, l, 403, W(l, "Niet toegestaan", "Not allowed"),
	    text);
}

int
ws_form_ok(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	enum lang	 l = ws_lang_of(ws, req);

	if (ws_csrf_ok(ws->session, ws_field(req, "csrf")))
		return 1;
	ws_forbidden(ws, r, l, W(l, "Het formulier is verlopen; er is niets "
	    "veranderd. Open de pagina opnieuw.", "The form has expired; "
	    "nothing changed. Open the page again."));
	return 0;
}

/* ------------------------------------------------------------ sign-in */

static void
signin_form(struct workspace *ws, struct http_reply *r, enum lang l)
{
	struct buf	 b;

	ws_page_open(ws, &b, l, W(l, "Aanmelden", "Sign in"));
	buf_printf(&b, "<p>%s</p>\n<form class=\"ws\" method=\"post\" "
	    "action=\"/signin\">\n<input type=\"hidden\" name=\"lang\" "
	    "value=\"%s\">\n<label for=\"address\">%s</label>\n"
	    "<input type=\"email\" id=\"address\" name=\"address\" required "
	    "autocomplete=\"email\">\n<button type=\"submit\">%s</button>\n"
	    "</form>\n", W(l, "Vul uw e-mailadres in. Bent u coördinator of "
	    "voorzitter van het netwerk, dan krijgt u een link om u aan te "
	    "melden.", "Enter your e-mail address. If you are a coordinator "
	    "or the chair of the network, you get a link to sign in."),
	    lang_name(l), W(l, "E-mailadres", "E-mail address"),
	    W(l, "Stuur mij een link", "Send me a link"));
	ws_page_close(ws, &b, r, 200);
}

/* Mail a one-time link to p; -1 when it could not be queued (logged). */
static int
send_link(struct workspace *ws, const struct ws_person *p, const char *client,
    long long now)
{
	struct web_token	 t;
	struct mail		 ml;
	char			 token[WS_TOKEN_LEN + 1], hex[HASH_HEXLEN];
	char			 mid[OUTBOX_MID_MAX], *key, *link;
	char			*data, *cause = NULL;
	size_t			 len;
	int			 rc;

	memset(&t, 0, sizeof t);
	if (ws_token_new(token, t.hash) == -1) {
		log_warnx("workspace: no randomness for a sign-in link");
		return -1;
	}
	snprintf(t.kind, sizeof t.kind, "link");
	snprintf(t.address, sizeof t.address, "%s", p->address);
	t.created = t.last_seen = now;
	t.expires = now + WS_LINK_TTL;
	if (store_token_add(ws->store, &t, &cause) == -1 ||
	    store_signin_mail_add(ws->store, p->address, client, now,
	    &cause) == -1) {
		log_warnx("workspace: %s", cause);
		free(cause);
		return -1;
	}
	hash_sha256_hex(t.hash, sizeof t.hash, hex);
	key = xasprintf("signin|%s", hex);
	outbox_message_id(ws->conf->mail_from, key, mid, sizeof mid);
	link = xasprintf("%s/signin/%s", ws->conf->base_url, token);
	explicit_bzero(token, sizeof token);
	memset(&ml, 0, sizeof ml);
	ml.kind = MAIL_SIGNIN;
	ml.to = p->address;
	ml.to_name = p->name;
	ml.language = p->lang;
	ml.message_id = mid;
	ml.date = now;
	ml.link = link;
	data = compose_mail(ws->conf, ws->sv, &ml, &len, &cause);
	explicit_bzero(link, strlen(link));
	free(link);
	if (data == NULL) {
		log_warnx("workspace: sign-in mail: %s", cause);
		free(cause);
		free(key);
		return -1;
	}
	/* On its way at once, by the courier: the page does not wait on
	 * the mail server. */
	if (ws->courier == NULL) {
		log_warnx("workspace: sign-in link to %s not sent: no mail "
		    "thread", p->address);
		explicit_bzero(data, len);
		free(data);
		free(key);
		return -1;
	}
	rc = courier_send(ws->courier, "sign-in link", key, p->address, data,
	    len, NULL);
	free(key);
	return rc;
}

static void
signin_post(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	const char		*addr = req->form(req, "address");
	const char		*ql = req->form(req, "lang");
	enum lang		 l = lang_parse(ql) != -1 ? lang_or_fallback(ql) :
	    ws_lang_of(ws, req);
	const struct coordinator *co;
	struct ws_person	 p;
	long long		 now = clock_now();
	size_t			 nco;
	char			*cause = NULL;

	if (store_tokens_expire(ws->store, now, &cause) == -1) {
		log_warnx("workspace: %s", cause);
		free(cause);
	}
	co = service_coordinators(ws->sv, &nco);
	if (addr != NULL && ws_person_find(ws->conf, co, nco, addr, &p) == 0) {
		if (store_signin_mails_since(ws->store, p.address, NULL,
		    now - 3600) >= WS_MAILS_PER_ADDRESS ||
		    store_signin_mails_since(ws->store, NULL, req->client,
		    now - 3600) >= WS_MAILS_PER_CLIENT)
			log_warnx("workspace: sign-in mail to %s held back: "
			    "too many this hour", p.address);
		else
			(void)send_link(ws, &p, req->client, now);
	}
	/* The same answer whoever asked: it tells nobody who is known. */
	ws_message_page(ws, r, l, 200, W(l, "Kijk in uw mail", "Check your mail"),
	    W(l, "Als dit adres bij het netwerk bekend is, is er een link "
	    "naar onderweg. De link werkt één keer en 15 minuten.",
	    "If this address is known to the network, a link is on its way "
	    "to it. The link works once and for 15 minutes."));
}

/* GET /signin/TOKEN: a button, because mail scanners follow links. */
static void
link_page(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, const char *token)
{
	enum lang		 l = ws_lang_of(ws, req);
	struct web_token	*v = NULL;
	size_t			 n = 0;
	char			*cause = NULL;
	struct buf		 b;
	int			 ok;

	if (store_tokens(ws->store, "link", clock_now(), &v, &n, &cause) ==
	    -1) {
		log_warnx("workspace: %s", cause);
		free(cause);
	}
	ok = ws_token_match(v, n, token, clock_now()) != NULL;
	free(v);
	if (!ok) {
		ws_message_page(ws, r, l, 404, W(l, "Link verlopen",
		    "Link expired"), W(l, "Deze link is verlopen of al "
		    "gebruikt. Vraag een nieuwe aan op /signin.", "This link "
		    "has expired or was used before. Ask for a new one at "
		    "/signin."));
		return;
	}
	ws_page_open(ws, &b, l, W(l, "Aanmelden", "Sign in"));
	buf_printf(&b, "<form class=\"ws\" method=\"post\" "
	    "action=\"/signin/%s\">\n<button type=\"submit\">%s</button>\n"
	    "</form>\n", token, W(l, "Aanmelden", "Sign in"));
	ws_page_close(ws, &b, r, 200);
}

static void
link_post(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, const char *token)
{
	enum lang		 l = ws_lang_of(ws, req);
	const struct web_token	*t;
	const struct coordinator *co;
	struct web_token	*v = NULL, s;
	struct ws_person	 p;
	long long		 now = clock_now();
	size_t			 n = 0, nco;
	char			*cause = NULL, session[WS_TOKEN_LEN + 1];
	int			 used = 0;

	if (store_tokens(ws->store, "link", now, &v, &n, &cause) == -1) {
		log_warnx("workspace: %s", cause);
		free(cause);
		cause = NULL;
	}
	co = service_coordinators(ws->sv, &nco);
	/* Used once: only the request that marks it used signs in. */
	if ((t = ws_token_match(v, n, token, now)) != NULL &&
	    ws_person_find(ws->conf, co, nco, t->address, &p) == 0 &&
	    (used = store_token_use(ws->store, t->hash, &cause)) == 1) {
		memset(&s, 0, sizeof s);
		snprintf(s.kind, sizeof s.kind, "session");
		snprintf(s.address, sizeof s.address, "%s", p.address);
		s.created = s.last_seen = now;
		s.expires = now + WS_SESSION_MAX;
		if (ws_token_new(session, s.hash) == -1 ||
		    store_token_add(ws->store, &s, &cause) == -1)
			used = -1;
	}
	free(v);
	if (used == -1) {
		log_warnx("workspace: %s", cause ? cause : "no randomness");
		free(cause);
		ws_message_page(ws, r, l, 500, W(l, "Fout", "Error"),
		    W(l, "Aanmelden lukt nu niet.", "Signing in failed."));
		return;
	}
	if (used != 1) {
		ws_message_page(ws, r, l, 404, W(l, "Link verlopen",
		    "Link expired"), W(l, "Deze link is verlopen of al "
		    "gebruikt. Vraag een nieuwe aan op /signin.", "This link "
		    "has expired or was used before. Ask for a new one at "
		    "/signin."));
		return;
	}
	free(ws->cookie);
	ws->cookie = xasprintf("%s=%s; HttpOnly; SameSite=Strict; Path=/; "
	    "Max-Age=%d%s", WS_COOKIE, session, WS_SESSION_MAX,
	    strncmp(ws->conf->base_url, "https:", 6) == 0 ? "; Secure" : "");
	explicit_bzero(session, sizeof session);
	r->set_cookie = ws->cookie;
	log_info("workspace: %s signed in", p.address);
	ws_redirect(ws, r, "/my");
}

static void
signout_post(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	enum lang	 l = ws_lang_of(ws, req);
	unsigned char	 h[HASH_LEN];
	char		*cause = NULL;

	if (!ws->signed_in) {
		ws_redirect(ws, r, "/signin");
		return;
	}
	if (!ws_csrf_ok(ws->session, req->form(req, "csrf"))) {
		ws_forbidden(ws, r, l, W(l, "Het formulier is verlopen; probeer "
		    "het opnieuw.", "The form has expired; try again."));
		return;
	}
	hash_sha256(ws->session, strlen(ws->session), h);
	if (store_token_use(ws->store, h, &cause) == -1) {
		log_warnx("workspace: %s", cause);
		free(cause);
	}
	free(ws->cookie);
	ws->cookie = xasprintf("%s=; HttpOnly; SameSite=Strict; Path=/; "
	    "Max-Age=0%s", WS_COOKIE, strncmp(ws->conf->base_url, "https:",
	    6) == 0 ? "; Secure" : "");
	r->set_cookie = ws->cookie;
	log_info("workspace: %s signed out", ws->me.address);
	ws->signed_in = 0;
	ws_message_page(ws, r, l, 200, W(l, "Afgemeld", "Signed out"),
	    W(l, "U bent afgemeld.", "You are signed out."));
}

/* ------------------------------------------------------------ my deadlines */

static int
mine(const struct workspace *ws, const struct deadline *d)
{
	return ws_may_record(&ws->me, d->inst->code);
}

static void
deadline_row(struct buf *b, const struct deadline *d, enum lang l, int today)
{
	char	 label[256], due[64], status[256];

	engine_label(d, lang_name(l), label, sizeof label);
	buf_printf(b, "<tr><td><a href=\"/instrument/%s\">", d->inst->code);
	escape_html(b, d->inst->code);
	buf_puts(b, "</a></td><td>");
	escape_html(b, label);
	if (d->cycle[0]) {
		buf_puts(b, " (");
		escape_html(b, d->cycle);
		buf_puts(b, ")");
	}
	buf_printf(b, "</td><td><time datetime=\"%s\">", date_format(d->due,
	    due));
	escape_html(b, text_long_date(d->due, lang_name(l), due, sizeof due));
	buf_puts(b, "</time></td><td>");
	escape_html(b, text_status_line(d, today, lang_name(l), status,
	    sizeof status));
	buf_puts(b, "</td></tr>\n");
}

static void
table_open(struct buf *b, enum lang l)
{
	buf_printf(b, "<table class=\"ws\"><thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
	    words_get(WORD_INSTRUMENT, l), words_get(WORD_WHAT, l),
	    words_get(WORD_DUE, l), words_get(WORD_STATUS, l));
}

/* The person's acknowledgement of d as it stands, or NULL. */
static const struct ack *
acked(const struct workspace *ws, const struct deadline *d)
{
	const struct ack	*a;
	size_t			 n;
	char			 due[DATE_STRLEN];

	date_format(d->due, due);
	a = service_acks(ws->sv, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i].deadline, d->id) == 0 &&
		    strcmp(a[i].due, due) == 0 &&
		    strcmp(a[i].status, engine_status_name(d->status)) == 0 &&
		    strcasecmp(a[i].coordinator, ws->me.address) == 0)
			return &a[i];
	return NULL;
}

/*
 * Under a row of "My deadlines": "we know; it is being handled", as the
 * reminder's link says it (POST /my, the session's CSRF token), or that
 * it was said. Only a coordinator's, for a deadline open or late.
 */
static void
ack_cell(struct workspace *ws, struct buf *b, const struct deadline *d,
    enum lang l)
{
	char	 due[DATE_STRLEN];

	if (ws->me.co == NULL || (d->status != STATUS_OPEN &&
	    d->status != STATUS_OVERDUE))
		return;
	buf_puts(b, "<tr class=\"ack\"><td></td><td colspan=\"3\">");
	if (acked(ws, d) != NULL)
		buf_printf(b, "<span class=\"hint\">%s</span>", W(l, "U hebt "
		    "laten weten dat u ervan weet; geen herinneringen meer tot "
		    "de datum of de status verandert.", "You said you know of "
		    "it; no more reminders until its date or status changes."));
	else {
		buf_puts(b, "<form class=\"inline\" method=\"post\" "
		    "action=\"/my\">\n");
		ws_csrf_field(ws, b);
		ws_hidden(b, "deadline", d->id);
		ws_hidden(b, "due", date_format(d->due, due));
		buf_printf(b, "<button type=\"submit\">%s</button>\n</form>",
		    W(l, "Wij weten ervan; het wordt opgepakt",
		    "We know; it is being handled"));
	}
	buf_puts(b, "</td></tr>\n");
}

/* POST /my: the acknowledgement of one of the person's deadlines. */
static void
my_ack_post(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	const struct deadlines	*dl = service_deadlines(ws->sv);
	enum lang		 l = ws_lang_of(ws, req);
	const char		*id = ws_field(req, "deadline");
	const char		*due = ws_field(req, "due");
	const struct deadline	*d = NULL;
	struct ack		 a;
	char			 dd[DATE_STRLEN], *cause = NULL;

	if (!ws_form_ok(ws, req, r))
		return;
	for (size_t i = 0; i < dl->n; i++)
		if (strcmp(dl->v[i].id, id) == 0 &&
		    strcmp(date_format(dl->v[i].due, dd), due) == 0)
			d = &dl->v[i];
	if (ws->me.co == NULL || d == NULL || !mine(ws, d) ||
	    (d->status != STATUS_OPEN && d->status != STATUS_OVERDUE)) {
		ws_message_page(ws, r, l, 409, W(l, "Niet vastgelegd",
		    "Not recorded"), W(l, "Deze termijn is niet (meer) een "
		    "van uw open termijnen met deze datum; er is niets "
		    "vastgelegd.", "This deadline is not (or no longer) one of "
		    "your open deadlines with this date; nothing was "
		    "recorded."));
		return;
	}
	memset(&a, 0, sizeof a);
	snprintf(a.deadline, sizeof a.deadline, "%s", d->id);
	snprintf(a.due, sizeof a.due, "%s", due);
	snprintf(a.status, sizeof a.status, "%s", engine_status_name(d->status));
	snprintf(a.coordinator, sizeof a.coordinator, "%s", ws->me.address);
	a.at = clock_now();
	snprintf(a.via, sizeof a.via, "web");
	if (store_ack_add(ws->store, &a, &cause) == -1) {
		log_warnx("workspace: acknowledgement: %s", cause);
		free(cause);
		ws_message_page(ws, r, l, 500, W(l, "Niet gelukt", "Not done"),
		    W(l, "Er kon niets worden vastgelegd; probeer het later "
		    "opnieuw.", "Nothing could be recorded; try again later."));
		return;
	}
	log_info("workspace: %s acknowledged %s (due %s)", ws->me.address,
	    a.deadline, a.due);
	ws->changed = 1;
	ws_redirect(ws, r, "/my");
}

static void
my_page(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	const struct deadlines	*dl = service_deadlines(ws->sv);
	enum lang		 l = ws_lang_of(ws, req);
	int			 today = service_today(ws->sv);
	static const char *const nl[] = { "Te laat", "Binnenkort",
	    "Mijn stappen" };
	static const char *const en[] = { "Late", "Coming",
	    "My steps" };
	struct buf		 b;

	ws_page_open(ws, &b, l, W(l, "Mijn termijnen", "My deadlines"));
	if (ws->me.chair)
		buf_printf(&b, "<p>%s</p>\n", W(l, "U bent voorzitter: u ziet "
		    "alle verdragen.", "You are the chair: you see every "
		    "instrument."));
	for (int sec = 0; sec < 3; sec++) {
		size_t	 k = 0;

		buf_printf(&b, "<h2>%s</h2>\n", l == LANG_NL ? nl[sec] :
		    en[sec]);
		for (size_t i = 0; i < dl->n; i++) {
			const struct deadline	*d = &dl->v[i];
			int	 step = d->rule != NULL &&
			    d->rule->type == RULE_MILESTONE;
			int	 late = d->status == STATUS_OVERDUE;
			int	 open = d->status == STATUS_OPEN &&
			    d->due <= today + 366;

			if (!mine(ws, d))
				continue;
			if (!(sec == 0 ? late && !step : sec == 1 ? open &&
			    !step : step && (open || late)))
				continue;
			if (k++ == 0)
				table_open(&b, l);
			deadline_row(&b, d, l, today);
			ack_cell(ws, &b, d, l);
		}
		if (k > 0)
			buf_puts(&b, "</tbody></table>\n");
		else
			buf_printf(&b, "<p>%s</p>\n", words_get(WORD_NONE, l));
	}
	ws_page_close(ws, &b, r, 200);
}

static void
instrument_page(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, const char *code)
{
	const struct instrument	*in = ruleset_find(&ws->conf->rules, code);
	const struct deadlines	*dl = service_deadlines(ws->sv);
	enum lang		 l = ws_lang_of(ws, req);
	int			 today = service_today(ws->sv);
	struct text_ctx		 tc;
	struct buf		 b;
	char			*title, d1[DATE_STRLEN];
	size_t			 k = 0;

	if (in == NULL) {
		ws_message_page(ws, r, l, 404, W(l, "Onbekend verdrag",
		    "Unknown instrument"), code);
		return;
	}
	title = xasprintf("%s: %s", in->code, text_instrument(in,
	    lang_name(l)));
	ws_page_open(ws, &b, l, title);
	free(title);
	if (ws_may_record(&ws->me, in->code))
		buf_printf(&b, "<p><a href=\"/record?instrument=%s\">%s</a></p>\n",
		    in->code, W(l, "Feit vastleggen", "Record a fact"));
	buf_printf(&b, "<h2>%s</h2>\n", W(l, "Termijnen", "Deadlines"));
	for (size_t i = 0; i < dl->n; i++) {
		if (dl->v[i].inst != in || dl->v[i].status == STATUS_SUPERSEDED)
			continue;
		if (k++ == 0)
			table_open(&b, l);
		deadline_row(&b, &dl->v[i], l, today);
	}
	buf_puts(&b, k ? "</tbody></table>\n" : "");
	buf_printf(&b, "<h2>%s</h2>\n<table class=\"ws\"><thead><tr>"
	    "<th scope=\"col\">#</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
	    W(l, "Feiten", "Facts"), W(l, "Datum", "Date"), W(l, "Soort",
	    "Kind"), words_get(WORD_SYMBOL, l), W(l, "Vastgelegd door",
	    "Recorded by"));
	service_text_ctx(ws->sv, &tc);
	for (size_t i = tc.nfacts; i-- > 0;) {
		const struct fact	*f = &tc.facts[i];

		if (strcasecmp(f->instrument, in->code) != 0)
			continue;
		buf_printf(&b, "<tr><td>%lld</td><td>%s</td><td>", f->id,
		    date_format(f->date, d1));
		escape_html(&b, f->kind);
		if (f->rule[0]) {
			buf_puts(&b, " (");
			escape_html(&b, f->rule);
			buf_puts(&b, ")");
		}
		buf_puts(&b, "</td><td>");
		escape_html(&b, f->symbol ? f->symbol : "");
		buf_puts(&b, "</td><td>");
		escape_html(&b, f->recorded_by ? f->recorded_by : "");
		buf_puts(&b, ", ");
		escape_html(&b, f->recorded_at ? f->recorded_at : "");
		buf_puts(&b, "</td></tr>\n");
	}
	buf_puts(&b, "</tbody></table>\n");
	ws_page_close(ws, &b, r, 200);
}

/* ------------------------------------------------------------ record */

/* What the form says, as given, and what is wrong with it. */
struct record_form {
	const char	*instrument, *kind, *date, *symbol, *url, *rule, *due;
	const char	*cycle;
	const char	*err_instrument, *err_kind, *err_date, *err_due;
	const char	*err_rule, *err_cycle;
	char		*err;		/* at the top (allocated) */
	char		*err_field;	/* for err_rule, err_due, err_cycle */
};

const char *
ws_field(const struct http_request *req, const char *key)
{
	const char	*v = req->form != NULL ? req->form(req, key) : NULL;

	if (v == NULL)
		v = req->query(req, key);
	return v != NULL ? v : "";
}

static void
form_read(const struct http_request *req, struct record_form *f)
{
	memset(f, 0, sizeof *f);
	f->instrument = ws_field(req, "instrument");
	f->kind = ws_field(req, "kind");
	f->date = ws_field(req, "date");
	f->symbol = ws_field(req, "symbol");
	f->url = ws_field(req, "url");
	f->rule = ws_field(req, "rule");
	f->due = ws_field(req, "due");
	f->cycle = ws_field(req, "cycle");
}

void
ws_input(struct buf *b, const char *type, const char *name, const char *label,
    const char *value, const char *err, const char *hint)
{
	buf_printf(b, "<label for=\"%s\">%s</label>\n", name, label);
	if (hint != NULL)
		buf_printf(b, "<p class=\"hint\" id=\"%s-hint\">%s</p>\n", name,
		    hint);
	if (err != NULL) {
		buf_printf(b, "<p class=\"err\" id=\"%s-err\">", name);
		escape_html(b, err);
		buf_puts(b, "</p>\n");
	}
	buf_printf(b, "<input type=\"%s\" id=\"%s\" name=\"%s\" value=\"", type,
	    name, name);
	escape_html(b, value);
	buf_puts(b, "\"");
	if (err != NULL)
		buf_printf(b, " aria-invalid=\"true\" aria-describedby=\"%s-err\"",
		    name);
	else if (hint != NULL)
		buf_printf(b, " aria-describedby=\"%s-hint\"", name);
	buf_puts(b, ">\n");
}

void
ws_hidden(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	escape_html(b, value);
	buf_puts(b, "\">\n");
}

static void
record_form_page(struct workspace *ws, struct http_reply *r, enum lang l,
    const struct record_form *f, int status)
{
	const char *const	*kinds = rules_fact_kinds();
	struct buf		 b;

	ws_page_open(ws, &b, l, W(l, "Feit vastleggen", "Record a fact"));
	if (f->err != NULL) {
		buf_puts(&b, "<p class=\"err\" role=\"alert\">");
		escape_html(&b, f->err);
		buf_printf(&b, " %s</p>\n", W(l, "Er is niets vastgelegd.",
		    "Nothing was recorded."));
	}
	buf_puts(&b, "<form class=\"ws\" method=\"post\" action=\"/record\">\n");
	ws_csrf_field(ws, &b);
	ws_hidden(&b, "step", "preview");
	buf_printf(&b, "<label for=\"instrument\">%s</label>\n",
	    words_get(WORD_INSTRUMENT, l));
	if (f->err_instrument != NULL) {
		buf_puts(&b, "<p class=\"err\">");
		escape_html(&b, f->err_instrument);
		buf_puts(&b, "</p>\n");
	}
	buf_puts(&b, "<select id=\"instrument\" name=\"instrument\">\n");
	for (size_t i = 0; i < ws->conf->rules.n; i++) {
		const struct instrument	*in = &ws->conf->rules.v[i];

		if (!ws_may_record(&ws->me, in->code))
			continue;
		buf_printf(&b, "<option value=\"%s\"%s>%s \xE2\x80\x93 ",
		    in->code, strcasecmp(in->code, f->instrument) == 0 ?
		    " selected" : "", in->code);
		escape_html(&b, text_instrument(in, lang_name(l)));
		buf_puts(&b, "</option>\n");
	}
	buf_printf(&b, "</select>\n<label for=\"kind\">%s</label>\n",
	    W(l, "Soort feit", "Kind of fact"));
	if (f->err_kind != NULL) {
		buf_puts(&b, "<p class=\"err\">");
		escape_html(&b, f->err_kind);
		buf_puts(&b, "</p>\n");
	}
	buf_puts(&b, "<select id=\"kind\" name=\"kind\">\n");
	for (size_t i = 0; kinds[i] != NULL; i++)
		buf_printf(&b, "<option%s>%s</option>\n",
		    strcmp(kinds[i], f->kind) == 0 ? " selected" : "", kinds[i]);
	buf_puts(&b, "</select>\n");
	ws_input(&b, "date", "date", W(l, "Datum", "Date"), f->date, f->err_date,
	    W(l, "Wanneer het gebeurde of werd besloten (JJJJ-MM-DD).",
	    "When it happened or was decided (YYYY-MM-DD)."));
	ws_input(&b, "text", "symbol", words_get(WORD_SYMBOL, l), f->symbol, NULL,
	    W(l, "Het documentnummer, bijv. CEDAW/C/NLD/7.",
	    "The document symbol, e.g. CEDAW/C/NLD/7."));
	ws_input(&b, "text", "url", W(l, "Bron (URL)", "Source (URL)"), f->url,
	    NULL, NULL);
	ws_input(&b, "text", "rule", W(l, "Termijn (soort)", "Deadline (kind)"),
	    f->rule, f->err_rule, W(l, "Alleen bij due_date_set en postponed: de "
	    "soort termijn, bijv. report.", "Only for due_date_set and "
	    "postponed: the deadline's kind, e.g. report."));
	ws_input(&b, "date", "due", W(l, "Nieuwe uiterste datum", "New due date"),
	    f->due, f->err_due, W(l, "Alleen bij due_date_set en postponed.",
	    "Only for due_date_set and postponed."));
	ws_input(&b, "text", "cycle", words_get(WORD_CYCLE, l), f->cycle,
	    f->err_cycle,
	    W(l, "Optioneel: de cyclus, bijv. 7.", "Optional: the cycle, "
	    "e.g. 7."));
	buf_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n",
	    W(l, "Controleren", "Check"));
	ws_page_close(ws, &b, r, status);
}

/*
 * Why fact_validate refused the fact, next to the field it is about when
 * it is about one (its causes speak treatyctl's options), else at the top.
 */
static void
field_error(struct record_form *rf, enum lang l, const char *cause)
{
	if (cause == NULL)
		rf->err = xstrdup(W(l, "Een veld is te lang.",
		    "A field is too long."));
	else if (strstr(cause, "needs --rule") != NULL)
		rf->err_rule = W(l, "Deze soort feit gaat over één termijn: vul "
		    "de soort termijn in.", "This kind of fact is about one "
		    "deadline: fill in the deadline's kind.");
	else if (strstr(cause, "has no rule or milestone") != NULL)
		rf->err_rule = rf->err_field = xstrdup(cause);
	else if (strstr(cause, "needs --due") != NULL)
		rf->err_due = W(l, "Deze soort feit vraagt om een nieuwe "
		    "uiterste datum.", "This kind of fact needs a new due date.");
	else if (strstr(cause, "--due applies to") != NULL)
		rf->err_due = W(l, "Alleen due_date_set, postponed en planned "
		    "hebben een nieuwe datum; laat dit veld leeg.", "Only "
		    "due_date_set, postponed and planned have a new date; leave "
		    "this empty.");
	else if (strncmp(cause, "cycle '", 7) == 0)
		rf->err_cycle = W(l, "Een rapportnummer (7), een reeks (25-27) "
		    "of een jaar (2027).", "A report number (7), a range "
		    "(25-27) or a year (2027).");
	else
		rf->err = xstrdup(cause);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? xstrdup(s) : NULL;
}

/* The change notices a change will cause: to the instrument's people. */
static void
notices(struct workspace *ws, struct buf *b, const struct change *ch,
    enum lang l)
{
	const struct coordinator	*co;
	size_t				 nco;

	if (ch->kind != CHANGE_MOVED || ch->after->rule->type == RULE_MILESTONE ||
	    ch->after->confidence == CONF_TENTATIVE)
		return;
	co = service_coordinators(ws->sv, &nco);
	for (size_t i = 0; i < nco; i++)
		if (coordinator_role(&co[i], ch->after->inst->code) != NULL) {
			buf_printf(b, "<li>%s ", W(l, "Wijzigingsbericht aan",
			    "Change notice to"));
			escape_html(b, co[i].name);
			buf_puts(b, " &lt;");
			escape_html(b, co[i].email);
			buf_puts(b, "&gt;</li>\n");
		}
}

static void
record_post(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	enum lang		 l = ws_lang_of(ws, req);
	const char		*step = ws_field(req, "step");
	const struct instrument	*in;
	struct record_form	 rf;
	struct service_preview	 p;
	struct fact		 f;
	struct buf		 b;
	char			*cause = NULL, *why = NULL, line[512];
	char			*by;
	int			 today = service_today(ws->sv), confirm;
	long long		 dup;

	if (!ws_csrf_ok(ws->session, req->form(req, "csrf"))) {
		ws_forbidden(ws, r, l, W(l, "Het formulier is verlopen of niet "
		    "van deze site; er is niets vastgelegd.", "The form has "
		    "expired or is not from this site; nothing was recorded."));
		return;
	}
	confirm = strcmp(step, "confirm") == 0;
	form_read(req, &rf);
	if ((in = ruleset_find(&ws->conf->rules, rf.instrument)) == NULL) {
		rf.err_instrument = W(l, "Kies een verdrag.",
		    "Choose an instrument.");
		record_form_page(ws, r, l, &rf, 400);
		return;
	}
	if (!ws_may_record(&ws->me, in->code)) {
		ws_forbidden(ws, r, l, W(l, "U kunt alleen feiten vastleggen voor "
		    "de verdragen waaraan u bent toegewezen; er is niets "
		    "vastgelegd.", "You can record facts only for the "
		    "instruments you are assigned to; nothing was recorded."));
		return;
	}
	memset(&f, 0, sizeof f);
	f.due = DATE_NONE;
	snprintf(f.instrument, sizeof f.instrument, "%s", in->code);
	if (!rules_fact_kind_valid(rf.kind))
		rf.err_kind = W(l, "Kies een soort feit.",
		    "Choose a kind of fact.");
	snprintf(f.kind, sizeof f.kind, "%s", rf.kind);
	if (date_parse(rf.date, &f.date, &cause) == -1) {
		rf.err_date = W(l, "Een datum als 2026-03-15.",
		    "A date such as 2026-03-15.");
		free(cause);
		cause = NULL;
	} else if (f.date > today)
		rf.err_date = W(l, "Deze datum ligt in de toekomst: een feit "
		    "legt vast wat gebeurde of werd besloten.", "This date is "
		    "in the future: a fact records what happened or was "
		    "decided.");
	if (rf.due[0] != '\0' && date_parse(rf.due, &f.due, &cause) == -1) {
		rf.err_due = W(l, "Een datum als 2026-03-15.",
		    "A date such as 2026-03-15.");
		free(cause);
		cause = NULL;
	}
	if (rf.err_kind || rf.err_date || rf.err_due) {
		record_form_page(ws, r, l, &rf, 400);
		return;
	}
	snprintf(f.rule, sizeof f.rule, "%s", rf.rule);
	snprintf(f.cycle, sizeof f.cycle, "%s", rf.cycle);
	f.symbol = dup_or_null(rf.symbol);
	f.url = dup_or_null(rf.url);
	by = xasprintf("web: %s", ws->me.address);
	f.recorded_by = by;
	if (strlen(rf.rule) >= sizeof f.rule || strlen(rf.cycle) >=
	    sizeof f.cycle || fact_validate(&f, &ws->conf->rules, &cause) == -1) {
		field_error(&rf, l, cause);
		record_form_page(ws, r, l, &rf, 400);
		free(rf.err);
		free(rf.err_field);
		free(cause);
		fact_clear(&f);
		return;
	}
	if ((dup = service_fact_in_force(ws->sv, &f)) != 0) {
		rf.err = xasprintf(W(l, "Dit is al vastgelegd als feit %lld.",
		    "This is recorded already, as fact %lld."), dup);
		record_form_page(ws, r, l, &rf, 400);
		free(rf.err);
		fact_clear(&f);
		return;
	}
	service_preview_facts(ws->sv, &f, 1, &p);
	if (p.n == 0 && change_why_none(&ws->conf->rules, &p.before, &f,
	    &why)) {
		rf.err = xasprintf(W(l, "Dit feit verandert geen termijn: %s.",
		    "This fact changes no deadline: %s."), why);
		record_form_page(ws, r, l, &rf, 400);
		free(rf.err);
		goto out;
	}
	if (confirm) {
		if (service_record_fact(ws->sv, &f, clock_now(), &cause) == -1) {
			rf.err = cause;
			record_form_page(ws, r, l, &rf, 400);
			free(rf.err);
			goto out;
		}
		log_info("workspace: %s recorded fact %lld (%s %s)",
		    ws->me.address, f.id, f.instrument, f.kind);
		ws->changed = 1;
	}
	ws_page_open(ws, &b, l, confirm ? W(l, "Vastgelegd", "Recorded") :
	    W(l, "Controleren", "Check"));
	if (confirm)
		buf_printf(&b, "<p class=\"ok\" role=\"status\">%s %lld.</p>\n",
		    W(l, "Vastgelegd als feit", "Recorded as fact"), f.id);
	buf_printf(&b, "<p>%s</p>\n<ul>\n", confirm ? W(l, "Wat er veranderde:",
	    "What changed:") : W(l, "Wat er zou veranderen (er is nog niets "
	    "vastgelegd):", "What would change (nothing is recorded yet):"));
	for (size_t i = 0; i < p.n; i++) {
		buf_puts(&b, "<li>");
		escape_html(&b, change_line(&p.changes[i], line, sizeof line));
		buf_puts(&b, "</li>\n");
		notices(ws, &b, &p.changes[i], l);
	}
	if (p.n == 0) {
		buf_puts(&b, "<li>");
		escape_html(&b, why ? why : "");
		buf_puts(&b, "</li>\n");
	}
	buf_puts(&b, "</ul>\n");
	if (!confirm) {
		buf_puts(&b, "<form class=\"ws\" method=\"post\" "
		    "action=\"/record\">\n");
		ws_csrf_field(ws, &b);
		ws_hidden(&b, "step", "confirm");
		ws_hidden(&b, "instrument", in->code);
		ws_hidden(&b, "kind", rf.kind);
		ws_hidden(&b, "date", rf.date);
		ws_hidden(&b, "symbol", rf.symbol);
		ws_hidden(&b, "url", rf.url);
		ws_hidden(&b, "rule", rf.rule);
		ws_hidden(&b, "due", rf.due);
		ws_hidden(&b, "cycle", rf.cycle);
		buf_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n"
		    "<p><a href=\"/record?instrument=%s\">%s</a></p>\n",
		    W(l, "Bevestigen", "Confirm"), in->code,
		    W(l, "Annuleren", "Cancel"));
	} else
		buf_printf(&b, "<p><a href=\"/instrument/%s\">%s</a></p>\n",
		    in->code, W(l, "Naar het verdrag", "To the instrument"));
	ws_page_close(ws, &b, r, 200);
out:
	service_preview_free(&p);
	free(why);
	f.recorded_by = NULL;
	free(by);
	fact_clear(&f);
}

/* ------------------------------------------------- acknowledgement links */

/*
 * The deadline a reminder's acknowledgement link names, as it stands
 * now; NULL (and a page) when the link is unknown or the date moved.
 */
static const struct deadline *
ack_find(struct workspace *ws, struct http_reply *r, enum lang l,
    const char *token, struct ack *a)
{
	const struct deadlines	*dl = service_deadlines(ws->sv);
	char			 hash[HASH_HEXLEN], due[DATE_STRLEN];
	char			*cause = NULL;
	int			 found;

	if (strlen(token) != HASH_HEXLEN - 1 ||
	    strspn(token, "0123456789abcdef") != HASH_HEXLEN - 1)
		found = 0;
	else {
		hash_sha256_hex(token, strlen(token), hash);
		found = store_outbox_by_ack(ws->store, hash, a, &cause);
	}
	if (found == -1) {
		log_warnx("workspace: %s", cause);
		free(cause);
		ws_message_page(ws, r, l, 500, W(l, "Fout", "Error"), W(l,
		    "Dit lukt nu niet; probeer het later opnieuw.",
		    "This failed; try again later."));
		return NULL;
	}
	if (found == 1 && clock_now() - a->at > WS_ACK_LINK_DAYS * 86400LL) {
		ws_message_page(ws, r, l, 410, W(l, "Link verlopen",
		    "Link expired"), W(l, "Deze link is verlopen. De volgende "
		    "herinnering brengt een nieuwe.", "This link has expired. "
		    "The next reminder brings a new one."));
		return NULL;
	}
	for (size_t i = 0; found == 1 && i < dl->n; i++) {
		if (strcmp(dl->v[i].id, a->deadline) != 0)
			continue;
		date_format(dl->v[i].due, due);
		if (strcmp(due, a->due) != 0)
			break;
		return &dl->v[i];
	}
	if (found == 1)
		ws_message_page(ws, r, l, 410, W(l, "Link verouderd",
		    "Link out of date"), W(l, "De datum van deze termijn is "
		    "veranderd sinds de herinnering. Een nieuwe herinnering "
		    "brengt een nieuwe link.", "The date of this deadline has "
		    "changed since the reminder. A new reminder brings a new "
		    "link."));
	else
		ws_message_page(ws, r, l, 404, W(l, "Onbekende link",
		    "Unknown link"), W(l, "Deze link hoort bij geen enkele "
		    "herinnering.", "This link belongs to no reminder."));
	return NULL;
}

/* The deadline in words: "CAT: periodic report, due 1 March 2027". */
static void
ack_what(struct buf *b, const struct deadline *d, enum lang l)
{
	char	 label[256], due[64];

	engine_label(d, lang_name(l), label, sizeof label);
	buf_puts(b, "<p><strong>");
	escape_html(b, d->inst->code);
	buf_puts(b, ": ");
	escape_html(b, label);
	buf_puts(b, "</strong><br>");
	escape_html(b, W(l, "Uiterste datum: ", "Due: "));
	escape_html(b, text_long_date(d->due, lang_name(l), due, sizeof due));
	buf_puts(b, "</p>\n");
}

/* GET /ack/TOKEN: what the link is about, and a button; nothing changes. */
static void
ack_page(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, const char *token)
{
	enum lang		 l = ws_lang_of(ws, req);
	const struct deadline	*d;
	struct ack		 a;
	char			 csrf[HASH_HEXLEN];
	struct buf		 b;

	if ((d = ack_find(ws, r, l, token, &a)) == NULL)
		return;
	ws_csrf(token, csrf);
	ws_page_open(ws, &b, l, W(l, "Bevestigen", "Confirm"));
	ack_what(&b, d, l);
	buf_puts(&b, "<p>");
	escape_html(&b, W(l, "Bevestig dat u hiervan weet en dat eraan wordt "
	    "gewerkt. U krijgt dan over deze termijn geen herinneringen meer "
	    "tot de datum of de status verandert.", "Confirm that you know of "
	    "this and that it is being handled. You then get no more "
	    "reminders of this deadline until its date or status changes."));
	buf_printf(&b, "</p>\n<form class=\"ws\" method=\"post\" "
	    "action=\"/ack/%s\">\n", token);
	ws_hidden(&b, "csrf", csrf);
	buf_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n",
	    W(l, "Wij weten ervan; het wordt opgepakt",
	    "We know; it is being handled"));
	ws_page_close(ws, &b, r, 200);
}

/* POST /ack/TOKEN: record the acknowledgement, as treatyctl ack does. */
static void
ack_post(struct workspace *ws, const struct http_request *req,
    struct http_reply *r, const char *token)
{
	enum lang		 l = ws_lang_of(ws, req);
	const struct deadline	*d;
	struct ack		 a;
	char			*cause = NULL;
	struct buf		 b;
	int			 rc;

	if (!ws_csrf_ok(token, ws_field(req, "csrf"))) {
		ws_forbidden(ws, r, l, W(l, "Het formulier is verlopen; er is "
		    "niets vastgelegd. Open de link uit de e-mail opnieuw.",
		    "The form has expired; nothing was recorded. Open the link "
		    "from the e-mail again."));
		return;
	}
	if ((d = ack_find(ws, r, l, token, &a)) == NULL)
		return;
	snprintf(a.status, sizeof a.status, "%s", engine_status_name(d->status));
	/* a.at was the mail's; from here on the acknowledgement's. */
	a.at = clock_now();
	snprintf(a.via, sizeof a.via, "web");
	if ((rc = store_ack_add(ws->store, &a, &cause)) == -1) {
		log_warnx("workspace: %s", cause);
		free(cause);
		ws_message_page(ws, r, l, 500, W(l, "Fout", "Error"), W(l,
		    "Er is niets vastgelegd; probeer het later opnieuw.",
		    "Nothing was recorded; try again later."));
		return;
	}
	if (rc == 1) {
		log_info("workspace: %s acknowledged %s (due %s, %s)",
		    a.coordinator, a.deadline, a.due, a.status);
		ws->changed = 1;
	}
	ws_page_open(ws, &b, l, W(l, "Vastgelegd", "Recorded"));
	ack_what(&b, d, l);
	buf_puts(&b, "<p role=\"status\">");
	escape_html(&b, rc == 1 ? W(l, "Vastgelegd: u weet ervan en het wordt "
	    "opgepakt. U krijgt over deze termijn geen herinneringen meer tot "
	    "de datum of de status verandert.", "Recorded: you know of it and "
	    "it is being handled. You get no more reminders of this deadline "
	    "until its date or status changes.") : W(l, "Dit was al "
	    "vastgelegd; er is niets veranderd.", "This was recorded before; "
	    "nothing changed."));
	buf_puts(&b, "</p>\n");
	ws_page_close(ws, &b, r, 200);
}

/* ------------------------------------------------------------ routes */

int
workspace_route(struct workspace *ws, const struct http_request *req,
    struct http_reply *r)
{
	const char	*p = req->path;
	int		 post = strcmp(req->method, "POST") == 0;
	enum lang	 l;

	if (strcmp(p, "/signin") != 0 && strncmp(p, "/signin/", 8) != 0 &&
	    strcmp(p, "/signout") != 0 && strcmp(p, "/my") != 0 &&
	    strcmp(p, "/record") != 0 && strncmp(p, "/instrument/", 12) != 0 &&
	    strncmp(p, "/ack/", 5) != 0 && strcmp(p, "/recommendations") != 0 &&
	    strncmp(p, "/recommendations/", 17) != 0 && strcmp(p, "/feed") != 0 &&
	    strcmp(p, "/meeting") != 0 && strcmp(p, "/coordinators") != 0)
		return 0;
	find_session(ws, req);
	l = ws_lang_of(ws, req);
	/* Public with the overview; to record, signed in. */
	if (strncmp(p, "/recommendations", 16) == 0 &&
	    (ws->signed_in || (!post && ws->conf->public_feeds))) {
		wsrec_route(ws, req, r, p[16] == '/' ? p + 17 : NULL);
		return 1;
	}
	/* The link from the reminder is the proof; no session needed. */
	if (strncmp(p, "/ack/", 5) == 0) {
		if (post)
			ack_post(ws, req, r, p + 5);
		else
			ack_page(ws, req, r, p + 5);
		return 1;
	}
	if (strcmp(p, "/signin") == 0) {
		if (post)
			signin_post(ws, req, r);
		else if (ws->signed_in)
			ws_redirect(ws, r, "/my");
		else
			signin_form(ws, r, l);
		return 1;
	}
	if (strncmp(p, "/signin/", 8) == 0) {
		if (post)
			link_post(ws, req, r, p + 8);
		else
			link_page(ws, req, r, p + 8);
		return 1;
	}
	if (strcmp(p, "/signout") == 0) {
		signout_post(ws, req, r);
		return 1;
	}
	if (!ws->signed_in) {
		/* A form posted without a session changes nothing either. */
		if (post)
			ws_forbidden(ws, r, l, W(l, "U bent niet aangemeld; er is "
			    "niets vastgelegd.", "You are not signed in; nothing "
			    "was recorded."));
		else
			ws_redirect(ws, r, "/signin");
		return 1;
	}
	if (strcmp(p, "/feed") == 0 || strcmp(p, "/meeting") == 0)
		wsmine_route(ws, req, r, p);
	else if (strcmp(p, "/coordinators") == 0)
		wscoord_route(ws, req, r);
	else if (strcmp(p, "/my") == 0 && post)
		my_ack_post(ws, req, r);
	else if (strcmp(p, "/my") == 0)
		my_page(ws, req, r);
	else if (strncmp(p, "/instrument/", 12) == 0)
		instrument_page(ws, req, r, p + 12);
	else if (post)
		record_post(ws, req, r);
	else {
		struct record_form	 rf;

		form_read(req, &rf);
		record_form_page(ws, r, l, &rf, 200);
	}
	return 1;
}
