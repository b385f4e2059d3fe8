/*
 * systemd's readiness protocol through libsystemd, the only file that
 * includes it; without libsystemd every call does nothing.
 */
#ifndef TREATYD_NOTIFY_H
#define TREATYD_NOTIFY_H

void	 notify_ready(void);
/* RELOADING=1 stamped with the time of the reload, CLOCK_MONOTONIC in
 * microseconds (clock_monotonic_us()), as systemd asks. */
void	 notify_reloading(long long monotonic_us);
void	 notify_stopping(void);
void	 notify_status(const char *);
void	 notify_watchdog(void);
/* The watchdog interval in microseconds, or 0 when none is asked for. */
unsigned long long notify_watchdog_usec(void);

#endif
