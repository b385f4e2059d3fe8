#!/bin/sh
# listen.sh: [http] listen with several addresses, separated by commas or
# spaces, each answered; "[::]:PORT" answered on IPv4 and IPv6; a bad
# address among good ones refused by treatyd -n and treatyctl check with
# file:line, naming it. The IPv6 cases skip (77) on a machine without ::1.
#
# Peers: curl (missing: skip, unless TREATYD_REQUIRE_PEERS is set).

: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

command -v curl >/dev/null 2>&1 || missing_peer curl "apt-get install curl"

mkdir "$T/db" || exit 1
CONF=$T/treatyd.conf
report_instruments "$T/instruments.d" TST || exit 1
write_conf "$CONF" "$T/db/treatyd.db" "$T/instruments.d" nl
ctl init || finish

# listen_conf VALUE: $CONF with listen = VALUE, in $T/l.conf.
listen_conf() {
	sed "s|^listen = .*|listen = $1|" "$CONF" >"$T/l.conf"
}

# start CONF: a daemon on CONF, a new log each time (start_daemon would
# read the last one's port from an old log).
starts=0
start() {
	starts=$((starts + 1))
	start_daemon "$1" "$T/treatyd-$starts.log" || finish
}

# status URL: the status of a GET of URL (000 when nothing answered).
status() {
	curl -sS -g --max-time 5 -o /dev/null -w '%{http_code}' "$1" \
	    2>>"$T/curl.err" || :
}

# Checking the value -----------------------------------------------------------

listen_conf "127.0.0.1:8080, [::1]:8080 0.0.0.0:8081"
"$TREATYD" -n -c "$T/l.conf" >"$T/n.out" 2>"$T/n.err"
assert_eq "treatyd -n: three addresses, commas and spaces: exit status" 0 "$?"
listen_conf "127.0.0.1:8080, localhost:8081, [::1]:8080"
"$TREATYD" -n -c "$T/l.conf" >"$T/n.out" 2>"$T/n.err"
assert_eq "treatyd -n: a bad address among good ones: exit status" 1 "$?"
line=$(grep -n '^listen = ' "$T/l.conf" | cut -d: -f1)
assert_grep "treatyd -n names file:line and the bad address" \
    "l\.conf:$line: listen 'localhost:8081': expected an address and port" \
    "$T/n.err"
"$TREATYCTL" -c "$T/l.conf" check >/dev/null 2>"$T/check.err"
assert_eq "treatyctl check refuses it too" 1 "$?"
assert_grep "... with the same message" "listen 'localhost:8081'" \
    "$T/check.err"

# Two IPv4 addresses, one port -------------------------------------------------

P=$(rem_free_port)
listen_conf "127.0.0.1:$P 127.0.0.2:$P"
start "$T/l.conf"
assert_eq "127.0.0.1:$P answers" 200 "$(status "http://127.0.0.1:$P/healthz")"
assert_eq "127.0.0.2:$P answers" 200 "$(status "http://127.0.0.2:$P/healthz")"
assert_eq "127.0.0.3:$P does not" 000 "$(status "http://127.0.0.3:$P/healthz")"
stop_pid "$DPID"

# IPv6 -------------------------------------------------------------------------

if ! "$PYTHON" -c 'import socket
s = socket.socket(socket.AF_INET6)
s.bind(("::1", 0))' 2>/dev/null; then
	echo "$NAME: SKIP: no IPv6 loopback (::1) here, after $checks checks" >&2
	[ "$failures" -eq 0 ] || finish
	exit 77
fi

P=$(rem_free_port)
listen_conf "127.0.0.1:$P, [::1]:$P"
start "$T/l.conf"
assert_eq "127.0.0.1:$P, [::1]:$P: IPv4 answers" 200 \
    "$(status "http://127.0.0.1:$P/healthz")"
assert_eq "127.0.0.1:$P, [::1]:$P: IPv6 answers" 200 \
    "$(status "http://[::1]:$P/healthz")"
# Both at once, on keep-alive connections, from one loop.
curl -sS -g --max-time 5 -o /dev/null -o /dev/null -w '%{http_code} ' \
    "http://127.0.0.1:$P/feeds/all.ics" "http://[::1]:$P/feeds/all.ics" \
    >"$T/both.out" 2>>"$T/curl.err"
assert_eq "the feed from both" "200 200 " "$(cat "$T/both.out")"
stop_pid "$DPID"

P=$(rem_free_port)
listen_conf "[::]:$P"
start "$T/l.conf"
assert_eq "[::]:$P: 127.0.0.1 answers" 200 \
    "$(status "http://127.0.0.1:$P/healthz")"
assert_eq "[::]:$P: ::1 answers" 200 "$(status "http://[::1]:$P/healthz")"
# An IPv4 client of the IPv6 socket is 127.0.0.1 (not ::ffff:127.0.0.1),
# so trusted_proxy = 127.0.0.1 still matches: the proxy's X-Real-IP counts.
stop_pid "$DPID"
sed -i "s|^\[http\]\$|[http]\ntrusted_proxy = 127.0.0.1\nmax_per_client = 1|" \
    "$T/l.conf"
start "$T/l.conf"
"$PYTHON" - "$P" >"$T/mapped.out" 2>&1 <<'PYEOF'
import socket, sys
port = int(sys.argv[1])
socks = []
for i in range(3):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Real-IP: 192.0.2.%d\r\n\r\n" % i)
    try:
        print(s.recv(100).split(b"\r\n")[0].decode())
    except OSError as e:
        print("error", e)
    socks.append(s)
PYEOF
assert_eq "three proxy connections over [::] with max_per_client 1: served" \
    "3" "$(grep -c '^HTTP/1.1 200' "$T/mapped.out")"

finish
