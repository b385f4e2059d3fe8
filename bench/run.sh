#!/bin/sh
# make bench: treatyd on generated data, each figure beside its target or
# beside a reference measured in the same run (python3 smtplib on
# postfix's smtp-sink; nginx under wrk, when installed).
#
# usage: run.sh TOP_SRCDIR BUILDDIR [SIZES]
#   SIZES  instrument counts, default "1000 3000 10000"
#   BENCH_DIR  where the data goes (default: a new directory in /tmp, kept)
set -eu

top=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
sizes=${3:-"1000 3000 10000"}
ctl=$build/treatyctl
daemon=$build/treatyd
bench=$build/bench/bench
W=${BENCH_DIR:-$(mktemp -d /tmp/treatyd-bench.XXXXXX)}
mkdir -p "$W"
# shellcheck source=lib.sh
. "$top/bench/lib.sh"
PIDS=""

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || :
	done
}
trap cleanup EXIT INT TERM

now_ns() { date +%s%N; }
# ms START_NS: milliseconds since START_NS
ms() { echo $((($(now_ns) - $1) / 1000000)); }
# secs MS: "1.234"
secs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
label() {
	case $1 in
	*000) echo "$(($1 / 1000))k" ;;
	*) echo "$1" ;;
	esac
}
# start_daemon CONF LOG: start treatyd, wait for "ready"; sets DPID and
# START_MS (from exec to the ready line).
start_daemon() {
	: >"$2"
	_t=$(now_ns)
	"$daemon" -f -c "$1" >"$2" 2>&1 &
	DPID=$!
	PIDS="$PIDS $DPID"
	_i=0
	until grep -q ' ready' "$2"; do
		kill -0 "$DPID" 2>/dev/null || {
			echo "bench: treatyd died:" >&2
			cat "$2" >&2
			exit 1
		}
		_i=$((_i + 1))
		[ "$_i" -lt 30000 ] || { echo "bench: no ready" >&2; exit 1; }
		sleep 0.005
	done
	START_MS=$(ms "$_t")
}
stop_daemon() {
	kill "$DPID" 2>/dev/null || :
	wait "$DPID" 2>/dev/null || :
}
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
field() { sed -n "s/^$1 //p" "$2"; }

echo "treatyd benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), data in $W"
echo "machine: $(nproc) cpus, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

first_engine=""
first_n=""
for n in $sizes; do
	k=$(label "$n")
	D=$W/$k
	port=$(free_port)
	rm -rf "$D"
	python3 "$top/bench/gen.py" "$top" "$n" "$D" "$port"
	"$ctl" -c "$D/treatyd.conf" init >/dev/null
	t=$(now_ns)
	"$ctl" -c "$D/treatyd.conf" fact import "$D/facts.ini" >/dev/null
	t_import=$(ms "$t")

	t=$(now_ns)
	"$ctl" -c "$D/treatyd.conf" deadlines --all >"$D/deadlines.txt"
	t_all=$(ms "$t")

	start_daemon "$D/treatyd.conf" "$D/treatyd.log"
	t_first=$START_MS
	stop_daemon
	start_daemon "$D/treatyd.conf" "$D/treatyd.log"
	t_start=$START_MS
	rss_daemon=$(hwm_kib "$DPID")
	stop_daemon

	"$bench" synth "$D/treatyd.conf" 10 >"$D/synth.out"
	eng=$(field engine_cpu_ms "$D/synth.out")
	engw=$(field engine_wall_ms "$D/synth.out")
	engc=$(field engine_cold_cpu_ms "$D/synth.out")
	nd=$(field deadlines "$D/synth.out")
	same=$(field refresh_same_ms "$D/synth.out")
	one=$(field refresh_one_fact_ms "$D/synth.out")
	rss=$(field peak_rss_kib "$D/synth.out")

	echo "data $k: $n instruments, $((n * 11)) facts, $nd deadlines"
	echo "engine $k: $eng ms CPU, $engw ms wall, caches emptied first $engc ms CPU (target <= 50 ms at 10k)"
	if [ -z "$first_engine" ]; then
		first_engine=$eng
		first_cold=$engc
		first_n=$n
	else
		awk -v a="$first_engine" -v b="$eng" -v ca="$first_cold" \
		    -v cb="$engc" -v na="$first_n" -v nb="$n" -v k="$k" 'BEGIN {
		    printf "engine growth %s: %.1fx the time for %.1fx the instruments with caches emptied first, %.1fx with warm caches (target: linear, %.1fx)\n",
		    k, cb / ca, nb / na, b / a, nb / na }'
	fi
	echo "treatyctl deadlines --all $k: $(secs "$t_all") s (target <= 2 s)"
	echo "daemon start to ready $k: $(secs "$t_start") s, first start (every version new) $(secs "$t_first") s (target <= 2 s)"
	echo "refresh, nothing new $k: $same ms; after one new fact: $one ms (target <= 20 ms)"
	echo "peak RSS $k: engine and service $((rss / 1024)) MiB, daemon $((rss_daemon / 1024)) MiB"
	echo "fact import $k: $(secs "$t_import") s (no target)"
	echo
done

# ---------------------------------------------------------------- NL data

# The shipped instruments, facts and departments: the daemon's start to
# ready, and its RSS after answering every route (each in Dutch and in
# English, plain and gzipped), beside the reference, measured now: the
# same libraries loaded by a program that does nothing else.
D=$W/nl
rm -rf "$D"
port=$(free_port)
nl_data "$D" "$port"
start_daemon "$D/treatyd.conf" "$D/treatyd.log"
t_nl=$START_MS
{
	for p in / /agenda /report /recommendations /signin /my /meeting \
	    /coordinators /record /api/deadlines.json \
	    /api/recommendations.json /feeds/all.ics /healthz /metrics; do
		echo "$p"
	done
	sed -n 's/^code *= *//p' "$top"/conf/instruments.d/*.ini |
	    while read -r c; do
		echo "/feeds/instrument/$c.ics"
		echo "/instrument/$c"
	done
	sed -n 's/^\[\([A-Za-z]*\)\]$/\1/p' "$top/conf/departments.ini" |
	    while read -r c; do
		echo "/feeds/department/$c.ics"
	done
} >"$D/routes"
nreq=0
while read -r p; do
	for lang in nl en; do
		for enc in identity gzip; do
			curl -s -o /dev/null -H "Accept-Encoding: $enc" \
			    "http://127.0.0.1:$port$p?lang=$lang" || :
			nreq=$((nreq + 1))
		done
	done
done <"$D/routes"
kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$2/status"; }
rss_nl=$(kib VmRSS "$DPID")
anon_nl=$(kib RssAnon "$DPID")
file_nl=$(kib RssFile "$DPID")
stop_daemon
needed=$(readelf -d "$daemon" |
    sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | grep -v '^libc\.so' |
    tr '\n' ' ')
LD_PRELOAD=$needed "$build/bench/floor" >"$D/floor.out" &
FPID=$!
PIDS="$PIDS $FPID"
until grep -q ready "$D/floor.out"; do sleep 0.01; done
rss_floor=$(kib VmRSS "$FPID")
kill "$FPID"
wait "$FPID" 2>/dev/null || :
echo "NL data: daemon start to ready $t_nl ms (target <= 100 ms)"
awk -v r="$rss_nl" -v a="$anon_nl" -v f="$file_nl" -v l="$rss_floor" \
    -v n="$nreq" 'BEGIN {
    printf "NL data: daemon RSS after %d requests to every route %.1f MiB (anonymous %.1f, file pages %.1f); its libraries loaded by a program that does nothing else %.1f MiB; treatyd beyond them %.1f MiB (target <= 16 MiB)\n",
    n, r / 1024, a / 1024, f / 1024, l / 1024, (r - l) / 1024 }'
echo

# ---------------------------------------------------------------- mail

SINK=/usr/sbin/smtp-sink
if [ -x "$SINK" ]; then
	D=$W/mail
	rm -rf "$D"
	python3 "$top/bench/gen.py" "$top" 1110 "$D" "$(free_port)" yes
	"$ctl" -c "$D/treatyd.conf" init >/dev/null
	"$ctl" -c "$D/treatyd.conf" fact import "$D/facts.ini" >/dev/null
	python3 - "$D/treatyd.db" "$D/coordinators.sql" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript(open(sys.argv[2]).read())
db.close()
EOF
	cp "$D/treatyd.db" "$D/base.db"
	# The same messages as files, for smtplib to send.
	sed "s|^transport = .*|transport = maildir:$D/md|" "$D/treatyd.conf" \
	    >"$D/maildir.conf"
	"$ctl" -c "$D/maildir.conf" dispatch --now 2028-01-31T09:00 >/dev/null
	nmail=$(find "$D/md/new" -type f | wc -l)

	sport=$(free_port)
	if [ "$(id -u)" = 0 ]; then
		"$SINK" -u nobody -c "127.0.0.1:$sport" 1000 >"$D/sink.out" 2>&1 &
	else
		"$SINK" -c "127.0.0.1:$sport" 1000 >"$D/sink.out" 2>&1 &
	fi
	PIDS="$PIDS $!"
	until listening "$sport"; do sleep 0.02; done
	cp "$D/base.db" "$D/smtp.db"
	sed "s|^transport = .*|transport = smtp://127.0.0.1:$sport\\
starttls = off|; s|^database = .*|database = $D/smtp.db|" \
	    "$D/treatyd.conf" >"$D/smtp.conf"
	t=$(now_ns)
	"$ctl" -c "$D/smtp.conf" dispatch --now 2028-01-31T09:00 >"$D/dispatch.out"
	t_mail=$(ms "$t")
	# The wire alone: from the first mail handed over to the last.
	t_wire=$(sed -n 's/^[0-9]* mails* handed to the transport in \([0-9]*\) ms$/\1/p' \
	    "$D/dispatch.out")
	t_py=$(python3 "$top/bench/smtplib_send.py" "$D/md/new" "$sport")
	awk -v n="$nmail" -v a="$t_wire" -v b="$t_py" -v w="$t_mail" 'BEGIN {
	    printf "mail %d to smtp-sink, on the wire: treatyd %.2f s, smtplib %.2f s (one connection), ratio %.2f (target >= 1.0)\n",
	    n, a / 1000, b / 1000, b / a
	    printf "mail %d to smtp-sink, whole dispatch (recompute, plan, queue, compose, send): treatyd %.2f s, smtplib sending alone %.2f s, ratio %.2f\n",
	    n, w / 1000, b / 1000, b / w }'
	echo
else
	echo "mail: skipped ($SINK missing: apt-get install postfix)"
fi

# ---------------------------------------------------------------- http

# The shipped data's /feeds/all.ics, against nginx (bench/http.sh); with
# BENCH_HTTP_CONF=$W/1k/treatyd.conf the 1,000 instruments' instead.
BENCH_DIR=$W sh "$top/bench/http.sh" "$top" "$build"
