/*
 * SMTP submission through libcurl (7.88 and later). This is the only file
 * that includes <curl/curl.h>. One easy handle per struct smtp, so a batch
 * of messages shares one connection; libcurl closes it after a failed
 * transaction and opens a new one for the next message.
 */
#include "config.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "smtp.h"
#include "xmalloc.h"

#define DEFAULT_TIMEOUT		60L	/* seconds, when the conf gives 0 */
#define MAX_CONNECT_TIMEOUT	30L
#define LAST_LINE_MAX		512

struct smtp {
	CURL		*curl;
	char		*url;
	char		*username;
	char		*password;
	char		*cainfo;
	enum smtp_tls	 tls;
	long		 timeout;
	char		 errbuf[CURL_ERROR_SIZE];
	/* The server's last reply line of the current transfer. */
	char		 last[LAST_LINE_MAX];
};

struct upload {
	const char	*p;
	size_t		 left;
};

static pthread_once_t	 global_once = PTHREAD_ONCE_INIT;
static CURLcode		 global_rc = CURLE_FAILED_INIT;

static void
global_init(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Forget a secret before its memory goes back to the allocator. */
static void
free_secret(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

/*
 * The host part of url, without IPv6 brackets, or NULL with *cause.
 * The caller frees it.
 */
static char *
url_host(const char *url, char **cause)
{
	CURLU		*u;
	CURLUcode	 uc;
	char		*host = NULL, *copy;
	size_t		 n;

	if ((u = curl_url()) == NULL) {
		*cause = xstrdup("smtp: out of memory parsing the URL");
		return NULL;
	}
	uc = curl_url_set(u, CURLUPART_URL, url, 0);
	if (uc == CURLUE_OK)
		uc = curl_url_get(u, CURLUPART_HOST, &host, 0);
	curl_url_cleanup(u);
	if (uc != CURLUE_OK || host == NULL || *host == '\0') {
#if LIBCURL_VERSION_NUM >= 0x075000
		*cause = xasprintf("smtp: bad URL \"%s\": %s", url,
		    uc != CURLUE_OK ? curl_url_strerror(uc) : "no host");
#else
		*cause = xasprintf("smtp: bad URL \"%s\"", url);
#endif
		curl_free(host);
		return NULL;
	}
	n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']')
		copy = xasprintf("%.*s", (int)(n - 2), host + 1);
	else
		copy = xstrdup(host);
	curl_free(host);
	return copy;
}

/* 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) or localhost. */
static int
is_loopback(const char *host)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	size_t		 n = strlen(host);

	if (strcasecmp(host, "localhost") == 0 ||
	    strcasecmp(host, "localhost.") == 0)
		return 1;
	if (n > 0 && host[n - 1] == '.')
		return 0;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1) {
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
	}
	return 0;
}

/*
 * Envelope addresses go into "MAIL FROM:<%s>" and "RCPT TO:<%s>" as
 * written: a CR or LF would inject commands, an angle bracket would end
 * the path early. NUL cannot occur in a C string but is refused by the
 * same rule; all other control characters are refused too.
 */
static const char *
bad_address(const char *s)
{
	const unsigned char	*p;

	if (s == NULL || *s == '\0')
		return "is empty";
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return "contains a control character (CR, LF, NUL...)";
		if (*p == '<' || *p == '>')
			return "contains '<' or '>'";
	}
	return NULL;
}

static size_t
read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload	*up = arg;
	size_t		 n = size * nitems;

	if (n > up->left)
		n = up->left;
	memcpy(buf, up->p, n);
	up->p += n;
	up->left -= n;
	return n;
}

/*
 * libcurl hands every server reply line of SMTP to the header callback;
 * keep the last one for the outbox, since CURLINFO has only the code.
 * Not the 221 to the QUIT libcurl sends when it drops the connection
 * after a failure: the refusal before it is the reply that matters.
 */
static size_t
header_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct smtp	*s = arg;
	size_t		 n = size * nitems, i, j;

	if (n >= 4 && strncmp(buf, "221", 3) == 0 &&
	    (buf[3] == ' ' || buf[3] == '-'))
		return n;
	for (i = 0, j = 0; i < n && j < sizeof s->last - 1; i++) {
		unsigned char	 c = (unsigned char)buf[i];

		if (c == '\r' || c == '\n')
			break;
		/* Server text ends up in logs and the outbox. */
		s->last[j++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	s->last[j] = '\0';
	return n;
}

int
smtp_tls_check(const char *url, enum smtp_tls tls, char **cause)
{
	char	*host;
	int	 rc = 0;

	/* Before libcurl's URL parser, as smtp_new() does. */
	pthread_once(&global_once, global_init);
	if ((host = url_host(url, cause)) == NULL)
		return -1;
	/* Named as in treatyd.conf: [mail] starttls. */
	switch (tls) {
	case SMTP_TLS_OFF:
		if (strncasecmp(url, "smtps://", 8) == 0) {
			*cause = xasprintf("smtp: starttls = off contradicts %s "
			    "(smtps:// is always TLS)", url);
			rc = -1;
		} else if (!is_loopback(host)) {
			*cause = xasprintf("smtp: starttls = off is only allowed "
			    "for a loopback host (127.0.0.0/8, ::1, "
			    "localhost), not \"%s\": the password and the "
			    "mail would cross the network in clear", host);
			rc = -1;
		}
		break;
	case SMTP_TLS_OPPORTUNISTIC:
	case SMTP_TLS_REQUIRED:
		break;
	default:
		*cause = xstrdup("smtp: unknown starttls mode");
		rc = -1;
	}
	free(host);
	return rc;
}

#define SETOPT(s, opt, val) do {					\
	if ((rc = curl_easy_setopt((s)->curl, (opt), (val))) != CURLE_OK) \
		goto setopt_failed;					\
} while (0)

struct smtp *
smtp_new(const struct smtp_conf *conf, char **cause)
{
	struct smtp	*s;
	long		 use_ssl, connect_timeout;
	CURLcode	 rc;

	*cause = NULL;
	if (conf->url == NULL) {
		*cause = xstrdup("smtp: no URL");
		return NULL;
	}
	if (strncasecmp(conf->url, "smtps://", 8) != 0 &&
	    strncasecmp(conf->url, "smtp://", 7) != 0) {
		*cause = xasprintf("smtp: URL \"%s\" is neither smtp:// nor "
		    "smtps://", conf->url);
		return NULL;
	}
	if (conf->timeout < 0) {
		*cause = xasprintf("smtp: negative timeout %ld", conf->timeout);
		return NULL;
	}
	if (conf->username != NULL && *conf->username == '\0') {
		*cause = xstrdup("smtp: empty username (leave it out for no "
		    "AUTH)");
		return NULL;
	}

	pthread_once(&global_once, global_init);
	if (global_rc != CURLE_OK) {
		*cause = xasprintf("smtp: curl_global_init: %s",
		    curl_easy_strerror(global_rc));
		return NULL;
	}

	if (smtp_tls_check(conf->url, conf->tls, cause) == -1)
		return NULL;
	use_ssl = conf->tls == SMTP_TLS_OFF ? CURLUSESSL_NONE :
	    conf->tls == SMTP_TLS_OPPORTUNISTIC ? CURLUSESSL_TRY : CURLUSESSL_ALL;

	s = xcalloc(1, sizeof *s);
	s->url = xstrdup(conf->url);
	s->username = xstrdup_or_null(conf->username);
	s->password = xstrdup_or_null(conf->password);
	s->cainfo = xstrdup_or_null(conf->cainfo);
	s->tls = conf->tls;
	s->timeout = conf->timeout != 0 ? conf->timeout : DEFAULT_TIMEOUT;
	connect_timeout = s->timeout < MAX_CONNECT_TIMEOUT ?
	    s->timeout : MAX_CONNECT_TIMEOUT;

	if ((s->curl = curl_easy_init()) == NULL) {
		*cause = xstrdup("smtp: curl_easy_init failed");
		smtp_free(s);
		return NULL;
	}
	/* Options that stay the same for every message of the batch. */
	SETOPT(s, CURLOPT_ERRORBUFFER, s->errbuf);
	SETOPT(s, CURLOPT_NOSIGNAL, 1L);
	SETOPT(s, CURLOPT_URL, s->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	SETOPT(s, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#endif
	SETOPT(s, CURLOPT_USE_SSL, use_ssl);
	SETOPT(s, CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(s, CURLOPT_SSL_VERIFYHOST, 2L);
	SETOPT(s, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (s->cainfo != NULL)
		SETOPT(s, CURLOPT_CAINFO, s->cainfo);
	if (s->username != NULL) {
		SETOPT(s, CURLOPT_USERNAME, s->username);
		SETOPT(s, CURLOPT_PASSWORD,
		    s->password != NULL ? s->password : "");
	}
	SETOPT(s, CURLOPT_TIMEOUT, s->timeout);
	SETOPT(s, CURLOPT_CONNECTTIMEOUT, connect_timeout);
	SETOPT(s, CURLOPT_UPLOAD, 1L);
	SETOPT(s, CURLOPT_READFUNCTION, read_cb);
	SETOPT(s, CURLOPT_HEADERFUNCTION, header_cb);
	SETOPT(s, CURLOPT_HEADERDATA, s);
	return s;

setopt_failed:
	*cause = xasprintf("smtp: libcurl refused an option: %s",
	    curl_easy_strerror(rc));
	smtp_free(s);
	return NULL;
}

void
smtp_free(struct smtp *s)
{
	if (s == NULL)
		return;
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);	/* sends QUIT */
	free(s->url);
	free(s->username);
	free_secret(s->password);
	free(s->cainfo);
	free(s);
}

/* Errors that no retry will cure: the configuration must change. */
static int
config_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_LOGIN_DENIED:		/* AUTH refused */
	case CURLE_USE_SSL_FAILED:		/* no STARTTLS offered */
	case CURLE_PEER_FAILED_VERIFICATION:	/* certificate or name */
	case CURLE_SSL_CONNECT_ERROR:		/* handshake, e.g. versions */
	case CURLE_SSL_CACERT_BADFILE:		/* cainfo unreadable */
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_AUTH_ERROR:			/* no usable mechanism */
		return 1;
	default:
		return 0;
	}
}

static enum smtp_result
classify(CURLcode rc, long code)
{
	if (rc == CURLE_OK)
		return SMTP_SENT;
	if (config_error(rc))
		return SMTP_CONFIG;
	switch (code / 100) {
	case 4:
		return SMTP_TEMPORARY;
	case 5:
		switch (code) {
		case 530:	/* authentication required */
		case 534:	/* mechanism too weak */
		case 535:	/* credentials invalid */
		case 538:	/* encryption required for the mechanism */
			return SMTP_CONFIG;
		default:
			return SMTP_PERMANENT;
		}
	default:
		/*
		 * No failure reply: connection refused (7), timeout (28),
		 * a send or receive error (55, 56), nothing (52), or
		 * anything else. Try again later; the next mail of the
		 * batch would meet the same silence.
		 */
		return SMTP_UNREACHABLE;
	}
}

static void
set_reply(char *reply, size_t replylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_reply(char *reply, size_t replylen, const char *fmt, ...)
{
	va_list	 ap;

	if (reply == NULL || replylen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(reply, replylen, fmt, ap);
	va_end(ap);
}

enum smtp_result
smtp_send(struct smtp *s, const char *from, const char *rcpt,
    const char *data, size_t len, char *reply, size_t replylen)
{
	struct curl_slist	*rcpts;
	struct upload		 up;
	const char		*why;
	long			 code = 0;
	CURLcode		 rc;
	enum smtp_result	 result;

	if (reply != NULL && replylen > 0)
		*reply = '\0';
	if ((why = bad_address(from)) != NULL) {
		set_reply(reply, replylen, "refused locally: sender %s", why);
		return SMTP_PERMANENT;
	}
	if ((why = bad_address(rcpt)) != NULL) {
		set_reply(reply, replylen, "refused locally: recipient %s",
		    why);
		return SMTP_PERMANENT;
	}

	/* curl_slist_append copies; NULL only when out of memory. */
	if ((rcpts = curl_slist_append(NULL, rcpt)) == NULL) {
		set_reply(reply, replylen, "out of memory");
		return SMTP_TEMPORARY;
	}
	up.p = data;
	up.left = len;
	s->errbuf[0] = '\0';
	s->last[0] = '\0';
	rc = curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, from);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, rcpts);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(s->curl, CURLOPT_READDATA, &up);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE,
		    (curl_off_t)len);
	if (rc == CURLE_OK)
		rc = curl_easy_perform(s->curl);
	if (curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code) !=
	    CURLE_OK)
		code = 0;
	/* The handle must not keep pointers into this call's memory. */
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, (struct curl_slist *)NULL);
	curl_easy_setopt(s->curl, CURLOPT_READDATA, (void *)NULL);
	curl_slist_free_all(rcpts);

	result = classify(rc, code);
	/*
	 * The server's words when it refused (or accepted); otherwise
	 * libcurl's, since the last line is then some earlier success
	 * (e.g. the EHLO reply when STARTTLS is missing).
	 */
	if (s->last[0] != '\0' && (rc == CURLE_OK || code >= 400) &&
	    strtol(s->last, NULL, 10) == code)
		set_reply(reply, replylen, "%s", s->last);
	else if (code >= 400)
		set_reply(reply, replylen, "%ld (%s)", code,
		    s->errbuf[0] != '\0' ? s->errbuf :
		    curl_easy_strerror(rc));
	else if (s->errbuf[0] != '\0')
		set_reply(reply, replylen, "%s: %s", curl_easy_strerror(rc),
		    s->errbuf);
	else
		set_reply(reply, replylen, "%s", curl_easy_strerror(rc));
	return result;
}
