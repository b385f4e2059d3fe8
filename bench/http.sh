#!/bin/sh
# /feeds/all.ics through treatyd against nginx serving the same bytes,
# both on loopback under wrk at 16, 64 and 256 connections: 200, 304 (an
# If-None-Match with each server's own ETag) and gzip (treatyd's cached
# copy; nginx's gzip_static with the .gz file). One line per figure.
# Run by run.sh (make bench) and by make bench-http; skipped with a
# message when nginx or wrk is missing.
#
# usage: http.sh TOP_SRCDIR BUILDDIR
#   BENCH_DIR           where the data goes (default: a new directory in /tmp)
#   BENCH_HTTP_CONF     a treatyd.conf with data (default: the shipped
#                       instruments and facts)
#   BENCH_HTTP_SECONDS  length of each wrk run (default 5)
#   BENCH_HTTP_CONNS    connection counts (default "16 64 256")
set -eu

top=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
# shellcheck source=lib.sh
. "$top/bench/lib.sh"
secs=${BENCH_HTTP_SECONDS:-5}
conns=${BENCH_HTTP_CONNS:-"16 64 256"}

for prog in nginx wrk curl; do
	if ! command -v "$prog" >/dev/null 2>&1; then
		echo "feed: skipped ($prog missing: apt-get install nginx-light wrk curl)"
		exit 0
	fi
done

W=${BENCH_DIR:-$(mktemp -d /tmp/treatyd-bench.XXXXXX)}/http
rm -rf "$W"
mkdir -p "$W/www/feeds" "$W/nginx" "$W/db"
TPID=
NPID=
cleanup() {
	for p in $TPID $NPID; do
		kill "$p" 2>/dev/null || :
		wait "$p" 2>/dev/null || :
	done
}
trap cleanup EXIT INT TERM

wait_listening() {
	_i=0
	until listening "$1"; do
		kill -0 "$2" 2>/dev/null || { echo "bench: $3 died" >&2; exit 1; }
		_i=$((_i + 1))
		[ "$_i" -lt 500 ] || { echo "bench: $3 does not listen" >&2; exit 1; }
		sleep 0.02
	done
}

# Every connection of the largest run must be accepted: room for them in
# the open-file limit of both servers (and of wrk).
max_c=0
for c in $conns; do
	[ "$c" -gt "$max_c" ] && max_c=$c
done
ulimit -n $((max_c * 4 + 1024)) 2>/dev/null || ulimit -n "$(ulimit -H -n)"

tport=$(free_port)
if [ -n "${BENCH_HTTP_CONF:-}" ]; then
	sed "s|^listen = .*|listen = 127.0.0.1:$tport|" "$BENCH_HTTP_CONF" \
	    >"$W/treatyd.conf"
else
	nl_data "$W" "$tport"
fi
# wrk connects from one address: max_per_client as high as the total.
sed -i "s|^\[http\]\$|[http]\nmax_connections = $((max_c * 2))\nmax_per_client = $((max_c * 2))|" \
    "$W/treatyd.conf"
"$build/treatyd" -f -c "$W/treatyd.conf" >"$W/treatyd.log" 2>&1 &
TPID=$!
wait_listening "$tport" "$TPID" treatyd

turl=http://127.0.0.1:$tport/feeds/all.ics
curl -sf -o "$W/www/feeds/all.ics" -D "$W/t.h" "$turl"
gzip -9 -n -c "$W/www/feeds/all.ics" >"$W/www/feeds/all.ics.gz"
# nginx's worker (nobody when started as root) reads them: mktemp made
# the directory above 0700.
chmod a+x "$W/.." "$W"
chmod -R a+rX "$W/www"
tetag=$(tr -d '\r' <"$W/t.h" | sed -n 's/^ETag: //Ip')
curl -sf -H 'Accept-Encoding: gzip' -o "$W/t.gz" "$turl"

nport=$(free_port)
# One worker, as treatyd has one event loop; keep-alive without a cap on
# requests per connection, as libmicrohttpd.
cat >"$W/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile $((max_c * 4 + 1024));
daemon off;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log;
events { worker_connections $((max_c * 2 + 64)); }
http {
	access_log off;
	client_body_temp_path $W/nginx;
	proxy_temp_path $W/nginx;
	fastcgi_temp_path $W/nginx;
	uwsgi_temp_path $W/nginx;
	scgi_temp_path $W/nginx;
	types { text/calendar ics; }
	keepalive_requests 1000000;
	gzip off;
	gzip_static on;
	gzip_vary on;
	server {
		listen 127.0.0.1:$nport;
		root $W/www;
	}
}
EOF
nginx -c "$W/nginx.conf" -p "$W/nginx" 2>"$W/nginx.err" &
NPID=$!
wait_listening "$nport" "$NPID" nginx
nurl=http://127.0.0.1:$nport/feeds/all.ics
netag=$(curl -sf -D - -o /dev/null "$nurl" | tr -d '\r' |
    sed -n 's/^ETag: //Ip')

# The same bytes from both, and each answers what is measured.
curl -sf "$nurl" | cmp -s - "$W/www/feeds/all.ics" ||
	{ echo "bench: nginx does not serve treatyd's bytes" >&2; exit 1; }
curl -sf --compressed "$nurl" | cmp -s - "$W/www/feeds/all.ics" ||
	{ echo "bench: nginx's gzip is not the feed" >&2; exit 1; }
curl -sf --compressed "$turl" | cmp -s - "$W/www/feeds/all.ics" ||
	{ echo "bench: treatyd's gzip is not the feed" >&2; exit 1; }
for pair in "$turl $tetag" "$nurl $netag"; do
	set -- $pair
	s=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $2" "$1")
	[ "$s" = 304 ] || { echo "bench: $1 answers $s to its ETag" >&2; exit 1; }
done

echo "feed: /feeds/all.ics, $(wc -c <"$W/www/feeds/all.ics") bytes, gzip $(wc -c <"$W/t.gz") (treatyd) and $(wc -c <"$W/www/feeds/all.ics.gz") (gzip -9, nginx); wrk -t2, ${secs} s a run; nginx 1 worker"

# run NAME C URL [HEADER]: wrk; "REQ/S ERRORS" into $W/NAME-C.res.
run() {
	_out=$W/wrk-$1-$2.out
	if [ -n "${4:-}" ]; then
		wrk -t2 -c"$2" -d"${secs}s" -H "$4" "$3" >"$_out" 2>&1 || :
	else
		wrk -t2 -c"$2" -d"${secs}s" "$3" >"$_out" 2>&1 || :
	fi
	_rps=$(sed -n 's/^Requests\/sec: *//p' "$_out")
	_err=$(awk '/Socket errors:/ {
		for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i + 0 }
	    /Non-2xx or 3xx responses:/ { n += $NF }
	    END { print n + 0 }' "$_out")
	echo "${_rps:-0} $_err"
}

for kind in 200 304 gzip; do
	for c in $conns; do
		case $kind in
		200)	th="" nh="" ;;
		304)	th="If-None-Match: $tetag" nh="If-None-Match: $netag" ;;
		gzip)	th="Accept-Encoding: gzip" nh="Accept-Encoding: gzip" ;;
		esac
		t=$(run "t-$kind" "$c" "$turl" "$th")
		n=$(run "n-$kind" "$c" "$nurl" "$nh")
		echo "$t $n" | awk -v k="$kind" -v c="$c" '{
		    printf "feed %s c=%d: treatyd %.1fk req/s, nginx %.1fk, ratio %.2f; errors: treatyd %d, nginx %d\n",
		    k, c, $1 / 1000, $3 / 1000, ($3 > 0 ? $1 / $3 : 0), $2, $4 }'
	done
done
grep -E 'capped|refused|warning' "$W/treatyd.log" | head -n 5 || :
