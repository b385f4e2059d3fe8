/*
 * Files written whole or not at all: the data goes to a temporary file,
 * is synced, renamed over the target and the target's directory synced,
 * so a reader sees the old file or the new one and a crash leaves no
 * half-written file under the target's name. Used by the Maildir
 * outbox and by treatyctl export.
 */
#ifndef TREATYD_ATOMIC_H
#define TREATYD_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Write data to tmp (created with mode, before the umask; an existing
 * file is truncated, a symbolic link refused), then rename it to path.
 * tmp must be on path's file system. On failure tmp is removed and path
 * untouched: -1 with *cause.
 */
int	 atomic_write(const char *path, const char *tmp, const void *data,
	    size_t len, mode_t mode, char **cause);
/* fsync a directory, so the names in it last. -1 with *cause. */
int	 atomic_sync_dir(const char *dir, char **cause);

#endif
