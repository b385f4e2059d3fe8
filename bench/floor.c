/*
 * The reference for the daemon's resident memory: a program that does
 * nothing but wait, started by bench/run.sh with LD_PRELOAD naming the
 * libraries treatyd needs (readelf -d), so that it loads exactly those.
 * What it holds resident is what loading them costs (relocations, the
 * pages the loader reads, their constructors); the daemon's figure
 * beside it, minus this, is what treatyd itself uses. run.sh reads its
 * RSS and stops it by its PID.
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	puts("ready");
	fflush(stdout);
	pause();	/* until SIGTERM */
	return 0;
}
