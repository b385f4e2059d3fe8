#!/bin/sh
# fuzz.sh: the libFuzzer targets of tests/fuzz/ (rules + engine, dates and
# durations, the mail encoder, templates, the UHRI export reader), each
# built with clang against the pure core's sources and run for
# FUZZ_SECONDS (default 20; 3 under the AddressSanitizer build of
# quickstart, which runs the suite twice) on a copy of its seed corpus.
# A crash leaves its input in tests/fuzz/crash-*; copy it into the
# target's corpus as a regression case. Run by make check and by
# `make fuzz FUZZ_SECONDS=N`.
: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"
: "${FUZZ_SOURCES:?FUZZ_SOURCES is not set (the sources of the core)}"

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
srcs=
for s in $FUZZ_SOURCES; do
	case $s in *.c) srcs="$srcs $top_srcdir/$s" ;; esac
done
# shellcheck disable=SC2086 # the flags are words
ical=$(pkg-config --cflags --libs libical)
status=0
for t in rules dates message tmpl uhri; do
	# shellcheck disable=SC2086
	if ! "$CC" -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -I"$top_builddir" -I"$top_srcdir/src" \
	    -o "$out/fuzz_$t" "$top_srcdir/tests/fuzz/fuzz_$t.c" $srcs $ical \
	    2>"$out/fuzz_$t.build.log"; then
		echo "FAIL: fuzz_$t does not build:" >&2
		cat "$out/fuzz_$t.build.log" >&2
		status=1
		continue
	fi
	rm -rf "$out/run_$t"
	cp -r "$top_srcdir/tests/fuzz/corpus/$t" "$out/run_$t"
	if (cd "$out" && "./fuzz_$t" -max_total_time="$FUZZ_SECONDS" \
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
done
exit $status
