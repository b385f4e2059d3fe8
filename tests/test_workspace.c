/*
 * Unit tests of the workspace's rules (src/workspace.c) that need no
 * browser: who may sign in, who may record what, a link's and a
 * session's life, tokens stored only as hashes and used once (through
 * the store, on a temporary database), and the CSRF check.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "hash.h"
#include "rules.h"
#include "store.h"
#include "workspace.h"

static struct assignment anna_asg[] = {
	{ "CEDAW", "lead" }, { "CRC", "contributor" }
};
static struct coordinator coords[] = {
	{ .name = "Anna de Vries", .email = "anna@example.nl",
	  .department = "OCW", .language = "en", .assignments = anna_asg,
	  .nassignments = 2 },
	{ .name = "Bob Jansen", .email = "bob@example.nl",
	  .department = "BZK", .language = "nl" },
};

static struct conf *
test_conf(void)
{
	static struct conf	 c;

	memset(&c, 0, sizeof c);
	c.chair = "Chair@Example.nl";
	snprintf(c.language, sizeof c.language, "nl");
	return &c;
}

Test(workspace, person_find_coordinators_and_chair)
{
	struct ws_person	 p;
	struct conf		*c = test_conf();

	cr_assert_eq(ws_person_find(c, coords, 2, "ANNA@example.NL", &p), 0);
	cr_assert_str_eq(p.address, "anna@example.nl");
	cr_assert_str_eq(p.name, "Anna de Vries");
	cr_assert_str_eq(p.lang, "en");
	cr_assert_eq(p.chair, 0);
	cr_assert_eq(ws_person_find(c, coords, 2, "chair@example.nl", &p), 0);
	cr_assert_eq(p.chair, 1);
	cr_assert_null(p.co);
	cr_assert_str_eq(p.lang, "nl");
	cr_assert_eq(ws_person_find(c, coords, 2, "eve@example.nl", &p), -1);
	cr_assert_eq(ws_person_find(c, coords, 2, "", &p), -1);
	cr_assert_eq(ws_person_find(c, coords, 2, NULL, &p), -1);
	c->chair = NULL;
	cr_assert_eq(ws_person_find(c, coords, 2, "chair@example.nl", &p), -1);
}

Test(workspace, roles)
{
	struct ws_person	 p;
	struct conf		*c = test_conf();

	cr_assert_eq(ws_person_find(c, coords, 2, "anna@example.nl", &p), 0);
	cr_assert(ws_may_record(&p, "CEDAW"));
	cr_assert(ws_may_record(&p, "CRC"), "a contributor records too");
	cr_assert_not(ws_may_record(&p, "CAT"));
	cr_assert_eq(ws_person_find(c, coords, 2, "bob@example.nl", &p), 0);
	cr_assert_not(ws_may_record(&p, "CEDAW"), "no assignments: nothing");
	cr_assert_eq(ws_person_find(c, coords, 2, "chair@example.nl", &p), 0);
	cr_assert(ws_may_record(&p, "CEDAW"));
	cr_assert(ws_may_record(&p, "CAT"), "the chair records for all");
}

Test(workspace, link_lifetime)
{
	struct web_token	 t;

	memset(&t, 0, sizeof t);
	snprintf(t.kind, sizeof t.kind, "link");
	t.created = t.last_seen = 1000;
	t.expires = 1000 + WS_LINK_TTL;
	cr_assert(ws_token_live(&t, 1000));
	cr_assert(ws_token_live(&t, 1000 + WS_LINK_TTL - 1));
	cr_assert_not(ws_token_live(&t, 1000 + WS_LINK_TTL));
	t.used = 1;
	cr_assert_not(ws_token_live(&t, 1001), "a used link is dead");
}

Test(workspace, session_idle_and_absolute_expiry)
{
	struct web_token	 t;

	memset(&t, 0, sizeof t);
	snprintf(t.kind, sizeof t.kind, "session");
	t.created = t.last_seen = 0;
	t.expires = WS_SESSION_MAX;
	cr_assert(ws_token_live(&t, WS_SESSION_IDLE - 1));
	cr_assert_not(ws_token_live(&t, WS_SESSION_IDLE), "idle too long");
	t.last_seen = WS_SESSION_MAX - 10;
	cr_assert(ws_token_live(&t, WS_SESSION_MAX - 1));
	cr_assert_not(ws_token_live(&t, WS_SESSION_MAX),
	    "used, but past the absolute expiry");
	t.used = 1;
	cr_assert_not(ws_token_live(&t, WS_SESSION_MAX - 5), "signed out");
}

Test(workspace, tokens_are_random_and_matched_by_hash)
{
	char			 a[WS_TOKEN_LEN + 1], b[WS_TOKEN_LEN + 1];
	unsigned char		 ha[HASH_LEN], hb[HASH_LEN], h[HASH_LEN];
	struct web_token	 v[2];

	cr_assert_eq(ws_token_new(a, ha), 0);
	cr_assert_eq(ws_token_new(b, hb), 0);
	cr_assert_eq(strlen(a), WS_TOKEN_LEN);
	cr_assert_eq(strspn(a, "0123456789abcdef"), WS_TOKEN_LEN);
	cr_assert_str_neq(a, b);
	hash_sha256(a, strlen(a), h);
	cr_assert_eq(memcmp(h, ha, HASH_LEN), 0, "the hash is SHA-256");
	memset(v, 0, sizeof v);
	for (int i = 0; i < 2; i++) {
		snprintf(v[i].kind, sizeof v[i].kind, "link");
		v[i].expires = 100;
	}
	memcpy(v[0].hash, ha, HASH_LEN);
	memcpy(v[1].hash, hb, HASH_LEN);
	cr_assert_eq(ws_token_match(v, 2, a, 10), &v[0]);
	cr_assert_eq(ws_token_match(v, 2, b, 10), &v[1]);
	cr_assert_null(ws_token_match(v, 2, b, 100), "expired");
	b[0] = b[0] == 'a' ? 'b' : 'a';
	cr_assert_null(ws_token_match(v, 2, b, 10), "another token");
	cr_assert_null(ws_token_match(v, 2, "abc", 10), "too short");
	cr_assert_null(ws_token_match(v, 2, NULL, 10));
	/* The hash is no token: presenting it finds nothing. */
	{
		char	 hex[HASH_HEXLEN];

		hash_sha256_hex(a, strlen(a), hex);
		cr_assert_null(ws_token_match(v, 2, hex, 10));
	}
}

Test(workspace, csrf)
{
	char	 s1[WS_TOKEN_LEN + 1], s2[WS_TOKEN_LEN + 1];
	char	 t1[HASH_HEXLEN], t2[HASH_HEXLEN];
	unsigned char h[HASH_LEN];

	cr_assert_eq(ws_token_new(s1, h), 0);
	cr_assert_eq(ws_token_new(s2, h), 0);
	ws_csrf(s1, t1);
	ws_csrf(s2, t2);
	cr_assert_str_neq(t1, t2, "one per session");
	cr_assert_str_neq(t1, s1, "not the session itself");
	cr_assert(ws_csrf_ok(s1, t1));
	cr_assert_not(ws_csrf_ok(s2, t1), "another session's token");
	cr_assert_not(ws_csrf_ok(s1, NULL), "none");
	cr_assert_not(ws_csrf_ok(s1, ""), "empty");
	cr_assert_not(ws_csrf_ok("", t1), "no session");
	t1[5] ^= 1;
	cr_assert_not(ws_csrf_ok(s1, t1), "one character off");
}

Test(workspace, store_links_used_once_and_forgotten)
{
	char			 dir[] = "/tmp/test_workspace.XXXXXX", db[128];
	char			 tok[WS_TOKEN_LEN + 1], *cause = NULL;
	struct store		*st;
	struct web_token	 t, *v;
	size_t			 n;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/t.db", dir);
	cr_assert_eq(store_open(db, 1, &st, &cause), 0, "%s", cause);
	memset(&t, 0, sizeof t);
	cr_assert_eq(ws_token_new(tok, t.hash), 0);
	snprintf(t.kind, sizeof t.kind, "link");
	snprintf(t.address, sizeof t.address, "anna@example.nl");
	t.created = t.last_seen = 1000;
	t.expires = 1000 + WS_LINK_TTL;
	cr_assert_eq(store_token_add(st, &t, &cause), 0, "%s", cause);
	cr_assert_eq(store_tokens(st, "link", 1001, &v, &n, &cause), 0);
	cr_assert_eq(n, 1);
	cr_assert_not_null(ws_token_match(v, n, tok, 1001));
	cr_assert_str_eq(v[0].address, "anna@example.nl");
	free(v);
	cr_assert_eq(store_tokens(st, "session", 1001, &v, &n, &cause), 0);
	cr_assert_eq(n, 0, "a link is no session");
	free(v);
	/* Used once: the second use changes nothing. */
	cr_assert_eq(store_token_use(st, t.hash, &cause), 1);
	cr_assert_eq(store_token_use(st, t.hash, &cause), 0);
	cr_assert_eq(store_tokens(st, "link", 1001, &v, &n, &cause), 0);
	cr_assert_eq(n, 0, "a used link is not listed");
	free(v);
	/* Rate limits count the mails. */
	cr_assert_eq(store_signin_mail_add(st, "Anna@example.nl", "10.0.0.1",
	    1000, &cause), 0);
	cr_assert_eq(store_signin_mails_since(st, "anna@EXAMPLE.nl", NULL,
	    999), 1);
	cr_assert_eq(store_signin_mails_since(st, NULL, "10.0.0.1", 999), 1);
	cr_assert_eq(store_signin_mails_since(st, NULL, "10.0.0.2", 999), 0);
	cr_assert_eq(store_signin_mails_since(st, "anna@example.nl", NULL,
	    1000), 0, "older than the window");
	cr_assert_eq(store_tokens_expire(st, 1000 + 86401, &cause), 0);
	cr_assert_eq(store_signin_mails_since(st, NULL, "10.0.0.1", 0), 0);
	store_close(st);
	for (int i = 0; i < 3; i++) {
		char	 p[160];

		snprintf(p, sizeof p, "%s%s", db, i == 0 ? "" : i == 1 ?
		    "-wal" : "-shm");
		unlink(p);
	}
	cr_assert_eq(rmdir(dir), 0);
}
