/*
 * Maildir delivery: the message is written to tmp/KEY and synced, then
 * renamed to new/KEY, and the directory synced, so a reader sees either
 * nothing or the whole message, and a crash never leaves half a file in
 * new/. The caller's key is the file name, which makes a redelivery
 * replace the earlier copy instead of adding one.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "atomic.h"
#include "maildir.h"
#include "xmalloc.h"

#define KEY_MAX		200	/* well below NAME_MAX, leaves room for ":2,S" */

static const char *const subdirs[] = { "tmp", "new", "cur" };

/* mkdir path 0700 unless it is already a directory. */
static int
make_dir(const char *path, char **cause)
{
	struct stat	 sb;

	if (mkdir(path, 0700) == 0)
		return 0;
	if (errno != EEXIST) {
		*cause = xasprintf("maildir: mkdir %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (stat(path, &sb) == -1) {
		*cause = xasprintf("maildir: %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		*cause = xasprintf("maildir: %s exists and is not a directory",
		    path);
		return -1;
	}
	return 0;
}

int
maildir_prepare(const char *dir, char **cause)
{
	char	*path;
	size_t	 i;
	int	 rv;

	*cause = NULL;
	if (dir == NULL || *dir == '\0') {
		*cause = xstrdup("maildir: no directory");
		return -1;
	}
	if (make_dir(dir, cause) == -1)
		return -1;
	for (i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
		path = xasprintf("%s/%s", dir, subdirs[i]);
		rv = make_dir(path, cause);
		free(path);
		if (rv == -1)
			return -1;
	}
	return 0;
}

/*
 * [A-Za-z0-9._-], not starting with '.' (readers skip hidden files,
 * and it rules out "." and ".."), at most KEY_MAX bytes.
 */
static const char *
bad_key(const char *key)
{
	const char	*p;

	if (key == NULL || *key == '\0')
		return "is empty";
	if (*key == '.')
		return "starts with '.'";
	if (strlen(key) > KEY_MAX)
		return "is too long";
	for (p = key; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-')
			continue;
		return "has a character outside [A-Za-z0-9._-]";
	}
	return NULL;
}

/* Prefix an atomic.c cause with "maildir: ". */
static int
failed(char **cause)
{
	char	*c = *cause;

	*cause = xasprintf("maildir: %s", c);
	free(c);
	return -1;
}

/*
 * A reader that has seen the earlier copy moved it to cur/KEY or
 * cur/KEY:2,FLAGS; remove it, so the new copy in new/ is the only one.
 */
static int
remove_seen(const char *dir, const char *key, char **cause)
{
	DIR		*d;
	struct dirent	*de;
	char		*cur, *path;
	size_t		 klen = strlen(key);
	int		 removed = 0;

	cur = xasprintf("%s/cur", dir);
	if ((d = opendir(cur)) == NULL) {
		*cause = xasprintf("maildir: opendir %s: %s", cur,
		    strerror(errno));
		free(cur);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, key, klen) != 0 ||
		    (de->d_name[klen] != '\0' && de->d_name[klen] != ':'))
			continue;
		path = xasprintf("%s/%s", cur, de->d_name);
		if (unlink(path) == -1 && errno != ENOENT) {
			*cause = xasprintf("maildir: unlink %s: %s", path,
			    strerror(errno));
			free(path);
			closedir(d);
			free(cur);
			return -1;
		}
		free(path);
		removed = 1;
	}
	closedir(d);
	if (removed && atomic_sync_dir(cur, cause) == -1) {
		free(cur);
		return failed(cause);
	}
	free(cur);
	return 0;
}

int
maildir_deliver(const char *dir, const char *key, const char *data,
    size_t len, char **cause)
{
	char		*tmp, *new;
	const char	*why;
	int		 rv;

	*cause = NULL;
	if ((why = bad_key(key)) != NULL) {
		*cause = xasprintf("maildir: key \"%s\" %s", key != NULL ?
		    key : "(null)", why);
		return -1;
	}
	tmp = xasprintf("%s/tmp/%s", dir, key);
	new = xasprintf("%s/new/%s", dir, key);
	/* Replaces an earlier new/KEY atomically. */
	if (atomic_write(new, tmp, data, len, 0600, cause) == -1)
		rv = failed(cause);
	else
		rv = remove_seen(dir, key, cause);
	free(tmp);
	free(new);
	return rv;
}

/* The name of a message treatyd wrote: a SHA-256 in hex, then a reader's
 * ":2,FLAGS" or nothing. */
static int
our_name(const char *name)
{
	size_t	 n = strspn(name, "0123456789abcdef");

	return n == 64 && (name[n] == '\0' || name[n] == ':');
}

int
maildir_prune(const char *dir, long long before, int dry_run, size_t *n,
    char **cause)
{
	static const char *const boxes[] = { "new", "cur" };

	*n = 0;
	*cause = NULL;
	for (size_t i = 0; i < sizeof boxes / sizeof *boxes; i++) {
		char		*box = xasprintf("%s/%s", dir, boxes[i]), *path;
		DIR		*d;
		struct dirent	*de;
		struct stat	 sb;

		if ((d = opendir(box)) == NULL) {
			if (errno != ENOENT) {
				*cause = xasprintf("maildir: opendir %s: %s",
				    box, strerror(errno));
				free(box);
				return -1;
			}
			free(box);
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			if (!our_name(de->d_name))
				continue;
			path = xasprintf("%s/%s", box, de->d_name);
			if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
			    (long long)sb.st_mtime < before) {
				if (dry_run || unlink(path) == 0)
					(*n)++;
				else if (errno != ENOENT) {
					*cause = xasprintf("maildir: unlink "
					    "%s: %s", path, strerror(errno));
					free(path);
					closedir(d);
					free(box);
					return -1;
				}
			}
			free(path);
		}
		closedir(d);
		free(box);
	}
	return 0;
}
