#!/bin/sh
# fuzz.sh: the libFuzzer targets of tests/fuzz/, each built with clang and
# run for FUZZ_SECONDS (default 20; 3 under the AddressSanitizer build of
# quickstart, which runs the suite twice) on a copy of its seed corpus.
# The core's targets (rules + engine, dates and durations, the mail
# encoder, templates, the UHRI export reader) link the pure core alone;
# the configuration loader, the seed reader and the HTTP routes (a daemon's
# web_route on a scratch database) link the adapters too. Every source is
# compiled once, into two archives. A crash leaves its input in
# tests/fuzz/crash-*; copy it into the target's corpus as a regression
# case. Run by make check and by `make fuzz FUZZ_SECONDS=N`; FUZZ_TARGETS
# names some ("web conf").
: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"
: "${FUZZ_SOURCES:?FUZZ_SOURCES is not set (the sources of the core)}"
: "${FUZZ_LIB_SOURCES:?FUZZ_LIB_SOURCES is not set (the adapters' sources)}"

CC=${FUZZ_CC:-clang}
if [ -z "$FUZZ_SECONDS" ]; then
	FUZZ_SECONDS=20
	[ -n "$ASAN_OPTIONS" ] && FUZZ_SECONDS=3
fi
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz.sh: $CC is missing (apt-get install clang)" >&2
	[ -n "$TREATYD_REQUIRE_PEERS" ] && [ "$TREATYD_REQUIRE_PEERS" != 0 ] &&
		exit 1
	exit 77
fi
out=$top_builddir/tests/fuzz
mkdir -p "$out" || exit 1
flags="-g -O1 -fno-sanitize-recover=all -I$top_builddir -I$top_srcdir/src"
# The installed paths the adapters fall back on; the targets name theirs.
flags="$flags -DSYSCONFDIR=\"/etc\" -DLOCALSTATEDIR=\"/var\""
flags="$flags -DPKGDATADIR=\"/usr/share/treatyd\""
# shellcheck disable=SC2086 # the flags are words
libs=$(pkg-config --cflags --libs libical sqlite3 inih jansson libcrypto \
    libmicrohttpd libcurl zlib) || exit 1
if pkg-config --exists libsystemd; then
	libs="$libs $(pkg-config --libs libsystemd)"
fi
cflags=$(pkg-config --cflags libical sqlite3 inih jansson libcrypto \
    libmicrohttpd libcurl zlib)

# archive NAME SOURCES...: compile each .c once, two at a time, into
# $out/obj/NAME/, then $out/libNAME.a.
archive() {
	name=$1
	shift
	dir=$out/obj/$name
	rm -rf "$dir" "$dir.log"
	mkdir -p "$dir" || return 1
	n=0
	for s in "$@"; do
		case $s in *.c) ;; *) continue ;; esac
		# shellcheck disable=SC2086
		"$CC" $flags -fsanitize=fuzzer-no-link,address,undefined $cflags \
		    -c -o "$dir/$(basename "$s" .c).o" "$top_srcdir/$s" \
		    2>>"$dir.log" &
		n=$((n + 1))
		[ $((n % 2)) -eq 0 ] && wait
	done
	wait
	if [ "$(find "$dir" -name '*.o' | wc -l)" -ne "$n" ]; then
		echo "FAIL: the sources of $name do not build for fuzzing:" >&2
		cat "$dir.log" >&2
		return 1
	fi
	ar rcs "$out/lib$name.a" "$dir"/*.o
}
# shellcheck disable=SC2086
archive core $FUZZ_SOURCES || exit 1
# shellcheck disable=SC2086
archive adapters $FUZZ_LIB_SOURCES || exit 1

status=0
for t in ${FUZZ_TARGETS:-rules dates message tmpl uhri conf seed web}; do
	case $t in
	conf|seed|web) with="$out/libadapters.a $out/libcore.a $libs -lpthread" ;;
	*) with="$out/libcore.a $(pkg-config --libs libical)" ;;
	esac
	# shellcheck disable=SC2086
	if ! "$CC" $flags -fsanitize=fuzzer,address,undefined $cflags \
	    -DFUZZ_SRCDIR="\"$top_srcdir\"" -I"$top_srcdir/tests/fuzz" \
	    -o "$out/fuzz_$t" "$top_srcdir/tests/fuzz/fuzz_$t.c" $with \
	    2>"$out/fuzz_$t.build.log"; then
		echo "FAIL: fuzz_$t does not build:" >&2
		cat "$out/fuzz_$t.build.log" >&2
		status=1
		continue
	fi
	rm -rf "$out/run_$t"
	cp -r "$top_srcdir/tests/fuzz/corpus/$t" "$out/run_$t"
	rm -rf "$out/tmp_$t"
	mkdir -p "$out/tmp_$t" || exit 1
	if (cd "$out" && TMPDIR=$out/tmp_$t "./fuzz_$t" \
	    -max_total_time="$FUZZ_SECONDS" \
	    -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
	    "run_$t" >"fuzz_$t.log" 2>&1); then
		runs=$(awk '/^stat::number_of_executed_units:/ { print $2 }' \
		    "$out/fuzz_$t.log")
		echo "fuzz_$t: ${runs:-?} inputs in $FUZZ_SECONDS s, no crash"
	else
		echo "FAIL: fuzz_$t crashed; the input is in $out:" >&2
		tail -n 30 "$out/fuzz_$t.log" >&2
		status=1
	fi
	rm -rf "$out/tmp_$t"
done
exit $status
