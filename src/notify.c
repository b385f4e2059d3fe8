#include "config.h"

#include "notify.h"

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#include <stdio.h>

void
notify_ready(void)
{
	sd_notify(0, "READY=1");
}

void
notify_reloading(long long monotonic_us)
{
	char	 msg[64];

	snprintf(msg, sizeof msg, "RELOADING=1\nMONOTONIC_USEC=%lld",
	    monotonic_us);
	sd_notify(0, msg);
}

void
notify_stopping(void)
{
	sd_notify(0, "STOPPING=1");
}

void
notify_status(const char *s)
{
	sd_notifyf(0, "STATUS=%s", s);
}

void
notify_watchdog(void)
{
	sd_notify(0, "WATCHDOG=1");
}

unsigned long long
notify_watchdog_usec(void)
{
	uint64_t	 usec = 0;

	if (sd_watchdog_enabled(0, &usec) <= 0)
		return 0;
	return usec;
}
#else
void notify_ready(void) {}
void notify_reloading(long long t) { (void)t; }
void notify_stopping(void) {}
void notify_status(const char *s) { (void)s; }
void notify_watchdog(void) {}
unsigned long long notify_watchdog_usec(void) { return 0; }
#endif
