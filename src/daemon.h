/*
 * treatyd's event loop: one epoll over a timerfd armed at the next due
 * moment, a signalfd, inotify on the database directory and the HTTP
 * server. It sleeps until something is due.
 */
#ifndef TREATYD_DAEMON_H
#define TREATYD_DAEMON_H

/* Parse the command line and run; returns the exit status. */
int	 daemon_main(int argc, char **argv);

#endif
