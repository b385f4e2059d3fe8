/* treatyd: keeps the treaty reporting calendar, serves feeds. */
#include "config.h"

#include "daemon.h"

int
main(int argc, char **argv)
{
	return daemon_main(argc, argv);
}
