#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "xmalloc.h"

int
atomic_sync_dir(const char *dir, char **cause)
{
	int	 fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("open %s: %s", dir, strerror(errno));
		return -1;
	}
	if (fsync(fd) == -1) {
		*cause = xasprintf("fsync %s: %s", dir, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int
write_all(int fd, const char *tmp, const char *p, size_t len, char **cause)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("write %s: %s", tmp, strerror(errno));
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) == -1) {
		*cause = xasprintf("fsync %s: %s", tmp, strerror(errno));
		return -1;
	}
	return 0;
}

int
atomic_write(const char *path, const char *tmp, const void *data, size_t len,
    mode_t mode, char **cause)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;
	int		 fd, rv;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (fd == -1) {
		*cause = xasprintf("open %s: %s", tmp, strerror(errno));
		return -1;
	}
	if (write_all(fd, tmp, data, len, cause) == -1) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) == -1) {
		*cause = xasprintf("close %s: %s", tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	/* rename() replaces an earlier path atomically. */
	if (rename(tmp, path) == -1) {
		*cause = xasprintf("rename %s to %s: %s", tmp, path,
		    strerror(errno));
		unlink(tmp);
		return -1;
	}
	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xasprintf("%.*s", (int)(slash - path), path);
	rv = atomic_sync_dir(dir, cause);
	free(dir);
	return rv;
}
