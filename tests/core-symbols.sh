#!/bin/sh
# The pure core (libtreatyd-core.a) calls no libc function that reads the
# clock, the environment, files, sockets or randomness: DESIGN.md says
# the core takes `today` and `now` as parameters and does no I/O. Its
# unit tests link against it with libical alone, which catches every
# other library; this catches what libc itself offers. Writing to a
# stream the caller hands over (fprintf, fputs, fwrite) is allowed.
# Run by `make check` with top_builddir set (absolute).

: "${top_builddir:?top_builddir is not set}"

LIB=$top_builddir/libtreatyd-core.a
NM=${NM:-nm}

if [ ! -f "$LIB" ]; then
	echo "core-symbols.sh: $LIB is not built" >&2
	exit 1
fi
if ! command -v "$NM" >/dev/null 2>&1; then
	echo "core-symbols.sh: $NM not found (apt-get install binutils)" >&2
	exit 1
fi

# One name a line; a trailing 64 (open64, stat64, ...) counts as the name.
FORBIDDEN='time clock clock_gettime gettimeofday ftime timespec_get
localtime localtime_r mktime tzset ctime ctime_r asctime strftime
getenv secure_getenv setenv unsetenv putenv
fopen freopen fdopen open openat creat read write pread pwrite close
opendir readdir closedir stat fstat lstat fstatat access unlink rename
mkdir rmdir mkstemp tmpfile dup dup2 fcntl ioctl mmap
printf puts putchar vprintf perror syslog
socket connect bind listen accept send recv sendto recvfrom select poll
epoll_wait getaddrinfo
getrandom getentropy rand rand_r random srand srandom drand48
getpid fork execve system popen sleep usleep nanosleep exit _exit'

# "file: U name" lines with the name bare: no version, no _chk or
# __isoc99_ wrapper, no 64 suffix.
symbols() {
	"$NM" -A -u "$LIB" 2>/dev/null | awk '{
		s = $NF
		sub(/@.*/, "", s); sub(/^__isoc99_/, "", s); sub(/^__/, "", s)
		sub(/_chk$/, "", s); sub(/64$/, "", s)
		print $1 " " s
	}'
}
undefined=$(symbols | awk '{ print $2 }' | sort -u)
if [ -z "$undefined" ]; then
	echo "core-symbols.sh: $NM -u $LIB printed nothing" >&2
	exit 1
fi

bad=
for name in $FORBIDDEN; do
	if printf '%s\n' "$undefined" | grep -qx -- "$name"; then
		bad="$bad $name"
	fi
done
if [ -n "$bad" ]; then
	echo "FAIL: the pure core calls:$bad" >&2
	for name in $bad; do
		symbols | awk -v n="$name" '$2 == n { print "      " $0 }' >&2
	done
	echo "      (pass the value in from the caller, or move the function" >&2
	echo "      to an adapter in libtreatyd.a)" >&2
	exit 1
fi
echo "ok: libtreatyd-core.a calls none of the clock, environment, file," \
	"socket or randomness functions of libc"
