#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "log.h"

static int	 max_level = LOG_LEVEL_INFO;
static int	 journald;

void
log_init(int level)
{
	max_level = level;
	journald = getenv("JOURNAL_STREAM") != NULL;
}

int
log_level_from(const char *s)
{
	if (strcmp(s, "err") == 0 || strcmp(s, "error") == 0)
		return LOG_LEVEL_ERR;
	if (strcmp(s, "warning") == 0 || strcmp(s, "warn") == 0)
		return LOG_LEVEL_WARN;
	if (strcmp(s, "info") == 0)
		return LOG_LEVEL_INFO;
	if (strcmp(s, "debug") == 0)
		return LOG_LEVEL_DEBUG;
	return -1;
}

static void
vlog(int level, const char *suffix, const char *fmt, va_list ap)
{
	if (level > max_level)
		return;
	char	 line[2048];

	if (journald)
		fprintf(stderr, "<%d>", level);
	else if (level <= LOG_LEVEL_WARN)
		fputs(level == LOG_LEVEL_ERR ? "error: " : "warning: ", stderr);
	/* One entry, one line: control characters from data cannot forge
	 * another. */
	vsnprintf(line, sizeof line, fmt, ap);
	fputs(diag_sanitize(line, sizeof line), stderr);
	if (suffix != NULL)
		fprintf(stderr, ": %s", suffix);
	fputc('\n', stderr);
	fflush(stderr);
}

#define LOGFN(name, level, suffix) \
void \
name(const char *fmt, ...) \
{ \
	va_list	 ap; \
	int	 saved = errno; \
	va_start(ap, fmt); \
	vlog(level, suffix, fmt, ap); \
	va_end(ap); \
	errno = saved; \
}

LOGFN(log_err, LOG_LEVEL_ERR, NULL)
LOGFN(log_warn, LOG_LEVEL_WARN, strerror(saved))
LOGFN(log_warnx, LOG_LEVEL_WARN, NULL)
LOGFN(log_info, LOG_LEVEL_INFO, NULL)
LOGFN(log_debug, LOG_LEVEL_DEBUG, NULL)
