/*
 * Tests of src/maildir.c on a temporary directory: layout and modes,
 * delivery, redelivery under the same key (one file, the new content),
 * refused keys and the cause when a directory cannot be written.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "maildir.h"
#include "xmalloc.h"

#define MSG1	"From: a@example.org\r\nSubject: one\r\n\r\nfirst\r\n"
#define MSG2	"From: a@example.org\r\nSubject: two\r\n\r\nsecond, longer\r\n"

static char	 base[] = "/tmp/test_maildir.XXXXXX";
static char	*md;

static void
rm_rf(const char *path)
{
	struct stat	 sb;
	DIR		*d;
	struct dirent	*de;
	char		*sub;

	if (lstat(path, &sb) == -1)
		return;
	if (S_ISDIR(sb.st_mode)) {
		chmod(path, 0700);
		if ((d = opendir(path)) != NULL) {
			while ((de = readdir(d)) != NULL) {
				if (strcmp(de->d_name, ".") == 0 ||
				    strcmp(de->d_name, "..") == 0)
					continue;
				sub = xasprintf("%s/%s", path, de->d_name);
				rm_rf(sub);
				free(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else
		unlink(path);
}

static void
setup(void)
{
	cr_assert_not_null(mkdtemp(base), "mkdtemp: %s", strerror(errno));
	md = xasprintf("%s/outbox", base);
}

static void
teardown(void)
{
	rm_rf(base);
	free(md);
}

TestSuite(maildir, .init = setup, .fini = teardown, .timeout = 20);

/* Number of entries in dir other than "." and "..". */
static int
count_entries(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	d = opendir(dir);
	cr_assert_not_null(d, "opendir %s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static char *
slurp(const char *path, size_t *lenp)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	f = fopen(path, "rb");
	cr_assert_not_null(f, "fopen %s: %s", path, strerror(errno));
	buf = xmalloc(65536);
	n = fread(buf, 1, 65535, f);
	fclose(f);
	buf[n] = '\0';
	*lenp = n;
	return buf;
}

static void
assert_content(const char *key, const char *want)
{
	char	*path, *got;
	size_t	 len;

	path = xasprintf("%s/new/%s", md, key);
	got = slurp(path, &len);
	cr_assert_eq(len, strlen(want));
	cr_assert_str_eq(got, want);
	free(got);
	free(path);
}

static void
prepare_ok(void)
{
	char	*cause = NULL;

	cr_assert_eq(maildir_prepare(md, &cause), 0, "prepare: %s",
	    cause != NULL ? cause : "?");
	cr_assert_null(cause);
}

Test(maildir, prepare_creates_layout_0700)
{
	const char	*sub[] = { "", "/tmp", "/new", "/cur" };
	struct stat	 sb;
	char		*path;
	size_t		 i;

	umask(022);
	prepare_ok();
	for (i = 0; i < sizeof sub / sizeof sub[0]; i++) {
		path = xasprintf("%s%s", md, sub[i]);
		cr_assert_eq(stat(path, &sb), 0, "%s: %s", path,
		    strerror(errno));
		cr_assert(S_ISDIR(sb.st_mode), "%s is not a directory", path);
		cr_assert_eq(sb.st_mode & 07777, 0700, "%s has mode %o", path,
		    (unsigned)(sb.st_mode & 07777));
		free(path);
	}
	/* Preparing again is harmless. */
	prepare_ok();
}

Test(maildir, deliver_writes_new_and_leaves_tmp_empty)
{
	char	*cause = NULL, *tmp, *new;
	struct stat sb;

	prepare_ok();
	cr_assert_eq(maildir_deliver(md, "r-1.2_x", MSG1, strlen(MSG1),
	    &cause), 0, "deliver: %s", cause != NULL ? cause : "?");
	assert_content("r-1.2_x", MSG1);
	new = xasprintf("%s/new", md);
	tmp = xasprintf("%s/tmp", md);
	cr_assert_eq(count_entries(new), 1);
	cr_assert_eq(count_entries(tmp), 0);
	cr_assert_eq(stat(md, &sb), 0);
	free(new);
	free(tmp);
}

Test(maildir, redeliver_same_key_leaves_one_file_with_new_content)
{
	char	*cause = NULL, *new;

	prepare_ok();
	cr_assert_eq(maildir_deliver(md, "k1", MSG1, strlen(MSG1), &cause), 0);
	cr_assert_eq(maildir_deliver(md, "k2", MSG1, strlen(MSG1), &cause), 0);
	cr_assert_eq(maildir_deliver(md, "k1", MSG2, strlen(MSG2), &cause), 0,
	    "redeliver: %s", cause != NULL ? cause : "?");
	new = xasprintf("%s/new", md);
	cr_assert_eq(count_entries(new), 2);
	assert_content("k1", MSG2);
	assert_content("k2", MSG1);
	free(new);

	/* Shorter content after longer: no tail of the old one remains. */
	cr_assert_eq(maildir_deliver(md, "k1", "x\r\n", 3, &cause), 0);
	assert_content("k1", "x\r\n");
}

Test(maildir, redeliver_replaces_a_copy_a_reader_moved_to_cur)
{
	char	*cause = NULL, *from, *to, *cur, *new;

	prepare_ok();
	cr_assert_eq(maildir_deliver(md, "k1", MSG1, strlen(MSG1), &cause), 0);
	cr_assert_eq(maildir_deliver(md, "k10", MSG1, strlen(MSG1), &cause), 0);
	/* A mail reader marks both seen. */
	from = xasprintf("%s/new/k1", md);
	to = xasprintf("%s/cur/k1:2,S", md);
	cr_assert_eq(rename(from, to), 0);
	free(from);
	free(to);
	from = xasprintf("%s/new/k10", md);
	to = xasprintf("%s/cur/k10:2,S", md);
	cr_assert_eq(rename(from, to), 0);
	free(from);
	free(to);

	cr_assert_eq(maildir_deliver(md, "k1", MSG2, strlen(MSG2), &cause), 0,
	    "redeliver: %s", cause != NULL ? cause : "?");
	cur = xasprintf("%s/cur", md);
	new = xasprintf("%s/new", md);
	/* k1 is back in new/ once; k10 (a longer key) is untouched. */
	cr_assert_eq(count_entries(new), 1);
	cr_assert_eq(count_entries(cur), 1);
	assert_content("k1", MSG2);
	to = xasprintf("%s/cur/k10:2,S", md);
	cr_assert_eq(access(to, F_OK), 0);
	free(to);
	free(cur);
	free(new);
}

Test(maildir, bad_keys_are_refused)
{
	const char	*bad[] = { "", ".", "..", ".hidden", "a/b", "../x",
			    "a b", "a:2,S", "caf\xc3\xa9", "a\nb", "a\\b" };
	char		 longkey[300];
	char		*cause, *new;
	size_t		 i;

	prepare_ok();
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		cr_assert_eq(maildir_deliver(md, bad[i], MSG1, strlen(MSG1),
		    &cause), -1, "key \"%s\" accepted", bad[i]);
		cr_assert_not_null(cause);
		cr_assert_not_null(strstr(cause, "key"), "cause: %s", cause);
		free(cause);
	}
	memset(longkey, 'a', sizeof longkey - 1);
	longkey[sizeof longkey - 1] = '\0';
	cause = NULL;
	cr_assert_eq(maildir_deliver(md, longkey, MSG1, strlen(MSG1), &cause),
	    -1);
	cr_assert_not_null(strstr(cause, "too long"), "cause: %s", cause);
	free(cause);

	new = xasprintf("%s/new", md);
	cr_assert_eq(count_entries(new), 0);
	free(new);
}

Test(maildir, prepare_under_a_file_gives_cause)
{
	char	*file, *dir, *cause = NULL;
	int	 fd;

	file = xasprintf("%s/plain", base);
	fd = open(file, O_WRONLY | O_CREAT, 0600);
	cr_assert_neq(fd, -1);
	close(fd);

	/* The maildir itself is a file. */
	cr_assert_eq(maildir_prepare(file, &cause), -1);
	cr_assert_not_null(strstr(cause, "not a directory"), "cause: %s",
	    cause);
	cr_assert_not_null(strstr(cause, file), "cause: %s", cause);
	free(cause);

	/* Its parent is a file. */
	dir = xasprintf("%s/outbox", file);
	cause = NULL;
	cr_assert_eq(maildir_prepare(dir, &cause), -1);
	cr_assert_not_null(strstr(cause, dir), "cause: %s", cause);
	cr_assert_not_null(strstr(cause, strerror(ENOTDIR)), "cause: %s",
	    cause);
	free(cause);
	free(dir);
	free(file);
}

Test(maildir, unwritable_tmp_gives_cause)
{
	char	*tmp, *cause = NULL, *new;
	int	 fd;

	prepare_ok();
	tmp = xasprintf("%s/tmp", md);
	if (geteuid() != 0) {
		/* Permissions stop everyone but root. */
		cr_assert_eq(chmod(tmp, 0500), 0);
		cr_assert_eq(maildir_deliver(md, "k1", MSG1, strlen(MSG1),
		    &cause), -1);
		cr_assert_not_null(strstr(cause, strerror(EACCES)),
		    "cause: %s", cause);
		cr_assert_not_null(strstr(cause, tmp), "cause: %s", cause);
		free(cause);
		cause = NULL;
		cr_assert_eq(chmod(tmp, 0700), 0);
	}
	/* Root too: tmp/ replaced by a file. */
	cr_assert_eq(rmdir(tmp), 0);
	fd = open(tmp, O_WRONLY | O_CREAT, 0600);
	cr_assert_neq(fd, -1);
	close(fd);
	cr_assert_eq(maildir_deliver(md, "k1", MSG1, strlen(MSG1), &cause), -1);
	cr_assert_not_null(strstr(cause, "maildir: open"), "cause: %s", cause);
	cr_assert_not_null(strstr(cause, strerror(ENOTDIR)), "cause: %s",
	    cause);
	free(cause);
	new = xasprintf("%s/new", md);
	cr_assert_eq(count_entries(new), 0);
	/* And prepare notices it. */
	cause = NULL;
	cr_assert_eq(maildir_prepare(md, &cause), -1);
	cr_assert_not_null(strstr(cause, "not a directory"), "cause: %s",
	    cause);
	free(cause);
	free(new);
	free(tmp);
}

/* Set a file's times to t. */
static void
age(const char *sub, const char *name, time_t t)
{
	char		*path = xasprintf("%s/%s/%s", md, sub, name);
	struct timespec	 ts[2] = { { t, 0 }, { t, 0 } };

	cr_assert_eq(utimensat(AT_FDCWD, path, ts, 0), 0, "%s: %s", path,
	    strerror(errno));
	free(path);
}

/*
 * Pruning removes the messages treatyd wrote (a SHA-256 name, in new/ or
 * seen in cur/) last written before the cut, and nothing else: not a
 * young one, not one of another name, not tmp/; a dry run counts the same
 * and removes none; a Maildir not made yet holds none.
 */
Test(maildir, prune_removes_only_our_old_messages)
{
	static const char	 a[] = "0123456789abcdef0123456789abcdef"
				    "0123456789abcdef0123456789abcdef";
	static const char	 b[] = "1123456789abcdef0123456789abcdef"
				    "0123456789abcdef0123456789abcdef";
	static const char	 c[] = "2123456789abcdef0123456789abcdef"
				    "0123456789abcdef0123456789abcdef";
	char			*cause = NULL, *from, *to, *seen;
	size_t			 n = 99;
	time_t			 cut = 1700000000;

	cr_assert_eq(maildir_prune(md, cut, 0, &n, &cause), 0, "%s",
	    cause ? cause : "?");
	cr_expect_eq(n, 0, "no Maildir yet");
	prepare_ok();
	cr_assert_eq(maildir_deliver(md, a, MSG1, strlen(MSG1), &cause), 0);
	cr_assert_eq(maildir_deliver(md, b, MSG1, strlen(MSG1), &cause), 0);
	cr_assert_eq(maildir_deliver(md, c, MSG1, strlen(MSG1), &cause), 0);
	cr_assert_eq(maildir_deliver(md, "notes", MSG1, strlen(MSG1), &cause),
	    0);
	/* A reader saw b. */
	from = xasprintf("%s/new/%s", md, b);
	seen = xasprintf("%s:2,S", b);
	to = xasprintf("%s/cur/%s", md, seen);
	cr_assert_eq(rename(from, to), 0);
	age("new", a, cut - 10);
	age("cur", seen, cut - 10);
	age("new", c, cut + 10);
	age("new", "notes", cut - 10);

	cr_assert_eq(maildir_prune(md, cut, 1, &n, &cause), 0);
	cr_expect_eq(n, 2, "dry run: %zu", n);
	{
		char	*new = xasprintf("%s/new", md);

		cr_expect_eq(count_entries(new), 3);
		free(new);
	}
	cr_assert_eq(maildir_prune(md, cut, 0, &n, &cause), 0, "%s",
	    cause ? cause : "?");
	cr_expect_eq(n, 2, "%zu removed", n);
	cr_expect_neq(access(to, F_OK), 0, "the seen copy went");
	free(to);
	to = xasprintf("%s/new/%s", md, a);
	cr_expect_neq(access(to, F_OK), 0);
	free(to);
	to = xasprintf("%s/new/%s", md, c);
	cr_expect_eq(access(to, F_OK), 0, "a young one stays");
	free(to);
	to = xasprintf("%s/new/notes", md);
	cr_expect_eq(access(to, F_OK), 0, "another's file stays");
	free(to);
	free(from);
	free(seen);
}
