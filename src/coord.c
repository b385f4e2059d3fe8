#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "coord.h"
#include "courier.h"
#include "dispatch.h"
#include "message.h"
#include "rules.h"
#include "service.h"
#include "store.h"
#include "utf8.h"
#include "words.h"
#include "xmalloc.h"

/* Assign within the caller's transaction; -1 with *cause. */
static int
assign_codes(const struct conf *c, struct store *s, const char *name,
    const char *codes, const char *role, char **cause)
{
	char	*copy = xstrdup(codes), *tok, *save = NULL;
	int	 rc = 0;

	for (tok = strtok_r(copy, ", ", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, ", ", &save)) {
		const struct instrument	*in = ruleset_find(&c->rules, tok);
		char			*why = NULL;

		if (in == NULL) {
			*cause = xasprintf("unknown instrument '%s' (see "
			    "'treatyctl instruments')", tok);
			rc = -1;
		} else if (store_assign(s, name, in->code, role, &why) == -1) {
			*cause = xasprintf("assign: %s", why);
			free(why);
			rc = -1;
		}
	}
	free(copy);
	return rc;
}

int
coord_add(const struct conf *c, struct store *s, const char *name,
    const char *email, const char *dept, const char *lang, const char *lead,
    const char *contrib, char **cause)
{
	const struct department	*d;
	struct coordinator	 co;
	char			*why = NULL;

	if (name == NULL || name[0] == '\0') {
		*cause = xstrdup("the name is empty");
		return -1;
	}
	if (utf8_check_text(name, COORDINATOR_NAME_MAX, &why) == -1) {
		*cause = xasprintf("name: %s", why);
		free(why);
		return -1;
	}
	if (email == NULL || !message_address_ok(email)) {
		*cause = xasprintf("'%s' is not an e-mail address",
		    email != NULL ? email : "");
		return -1;
	}
	if (dept == NULL || (d = conf_department(c, dept)) == NULL) {
		*cause = xasprintf("unknown department '%s' (see %s)",
		    dept != NULL ? dept : "", c->departments_file);
		return -1;
	}
	if (lang == NULL || lang_parse(lang) == -1) {
		*cause = xasprintf("language '%s': expected nl or en",
		    lang != NULL ? lang : "");
		return -1;
	}
	memset(&co, 0, sizeof co);
	co.name = (char *)name;
	co.email = (char *)email;
	snprintf(co.department, sizeof co.department, "%s", d->code);
	snprintf(co.language, sizeof co.language, "%s", lang);
	if (store_begin(s, cause) == -1)
		return -1;
	if (store_coordinator_add(s, &co, &why) == -1) {
		*cause = xasprintf("coordinator add: %s", why);
		free(why);
		store_rollback(s);
		return -1;
	}
	if ((lead != NULL && lead[0] != '\0' &&
	    assign_codes(c, s, name, lead, "lead", cause) == -1) ||
	    (contrib != NULL && contrib[0] != '\0' &&
	    assign_codes(c, s, name, contrib, "contributor", cause) == -1)) {
		store_rollback(s);
		return -1;
	}
	if (store_commit(s, cause) == -1) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

int
coord_assign(const struct conf *c, struct store *s, const char *name,
    const char *codes, const char *role, char **cause)
{
	if (strcmp(role, "lead") != 0 && strcmp(role, "contributor") != 0) {
		*cause = xasprintf("role '%s': expected lead or contributor",
		    role);
		return -1;
	}
	/* Every instrument or none: "CEDAW,XYZ" assigns nothing. */
	if (store_begin(s, cause) == -1)
		return -1;
	if (assign_codes(c, s, name, codes, role, cause) == -1) {
		store_rollback(s);
		return -1;
	}
	if (store_commit(s, cause) == -1) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

int
coord_remove(struct store *s, const char *name, char **cause)
{
	return store_coordinator_remove(s, name, cause);
}

int
coord_issue_feed(const struct conf *c, struct store *s, struct service *sv,
    struct courier *cr, const char *name, enum mail_kind kind, int mail,
    char token[41], int *mailed, char **why, char **cause)
{
	struct coordinator	*v = NULL;
	const struct coordinator *co = NULL;
	struct dispatch		*dp;
	unsigned char		 hash[32];
	size_t			 n = 0;
	char			*url;

	*mailed = 0;
	*why = NULL;
	if (service_token_new(token, hash) == -1) {
		*cause = xasprintf("cannot read random bytes from the kernel: "
		    "%s", strerror(errno));
		return -1;
	}
	if (store_coordinator_token(s, name, hash, cause) == -1)
		return -1;
	if (!mail)
		return 0;
	/* The coordinator as stored now: one just added is not yet in the
	 * service's list. */
	if (store_coordinators(s, &v, &n, why) == -1)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			co = &v[i];
	url = xasprintf("%s/feeds/c/%s.ics", c->base_url, token);
	if (co == NULL)
		*why = xstrdup("no such coordinator");
	else if (cr != NULL) {
		struct outbox_row	 r;
		char			*data;
		size_t			 len;

		if ((data = dispatch_direct_mail(c, sv, kind, co, url,
		    clock_now(), &r, &len, why)) != NULL &&
		    courier_send(cr, kind == MAIL_WELCOME ? "welcome" :
		    "new feed address", r.key, co->email, data, len, &r) == 0)
			*mailed = 1;
		else if (*why == NULL)
			*why = xstrdup("too many mails wait already");
	} else {
		dp = dispatch_new(c, s);
		if (dispatch_direct(dp, sv, kind, co, url, clock_now(),
		    why) == 0)
			*mailed = 1;
		dispatch_free(dp);
	}
	explicit_bzero(url, strlen(url));
	free(url);
	coordinators_free(v, n);
	return 0;
}
