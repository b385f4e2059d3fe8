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
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

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

static int
sync_dir(const char *path, char **cause)
{
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("maildir: open %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fsync(fd) == -1) {
		*cause = xasprintf("maildir: fsync %s: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int
write_file(const char *path, const char *data, size_t len, char **cause)
{
	ssize_t	 n;
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		*cause = xasprintf("maildir: open %s: %s", path,
		    strerror(errno));
		return -1;
	}
	while (len > 0) {
		if ((n = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("maildir: write %s: %s", path,
			    strerror(errno));
			close(fd);
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	if (fsync(fd) == -1) {
		*cause = xasprintf("maildir: fsync %s: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) == -1) {
		*cause = xasprintf("maildir: close %s: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
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
	if (removed && sync_dir(cur, cause) == -1) {
		free(cur);
		return -1;
	}
	free(cur);
	return 0;
}

int
maildir_deliver(const char *dir, const char *key, const char *data,
    size_t len, char **cause)
{
	char		*tmp, *new, *newdir;
	const char	*why;
	int		 rv = -1;

	*cause = NULL;
	if ((why = bad_key(key)) != NULL) {
		*cause = xasprintf("maildir: key \"%s\" %s", key != NULL ?
		    key : "(null)", why);
		return -1;
	}
	tmp = xasprintf("%s/tmp/%s", dir, key);
	new = xasprintf("%s/new/%s", dir, key);
	newdir = xasprintf("%s/new", dir);

	if (write_file(tmp, data, len, cause) == -1) {
		unlink(tmp);
		goto out;
	}
	/* rename() replaces an earlier new/KEY atomically. */
	if (rename(tmp, new) == -1) {
		*cause = xasprintf("maildir: rename %s to %s: %s", tmp, new,
		    strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (sync_dir(newdir, cause) == -1)
		goto out;
	if (remove_seen(dir, key, cause) == -1)
		goto out;
	rv = 0;
out:
	free(tmp);
	free(new);
	free(newdir);
	return rv;
}
