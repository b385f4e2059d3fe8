/*
 * Logging to stderr: with "<N>" priority prefixes under journald
 * (JOURNAL_STREAM set), plain lines otherwise. Never log a secret.
 */
#ifndef TREATYD_LOG_H
#define TREATYD_LOG_H

#define LOG_LEVEL_ERR	3
#define LOG_LEVEL_WARN	4
#define LOG_LEVEL_INFO	6
#define LOG_LEVEL_DEBUG	7

void	 log_init(int level);
/* "err", "warning", "info" or "debug"; -1 when none of those. */
int	 log_level_from(const char *);
void	 log_err(const char *, ...) __attribute__((format(printf, 1, 2)));
/* As log_warnx, with ": strerror(errno)" appended. */
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
