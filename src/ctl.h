/*
 * treatyctl's commands: record facts, administer coordinators, list
 * deadlines. Exit status 0 on success, 1 on a user error (one line saying
 * which value is wrong), 2 on a usage error.
 */
#ifndef TREATYD_CTL_H
#define TREATYD_CTL_H

#define CTL_OK		0
#define CTL_ERROR	1
#define CTL_USAGE	2

int	 ctl_main(int argc, char **argv);

#endif
