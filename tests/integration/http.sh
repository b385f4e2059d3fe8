#!/bin/sh
# http.sh: the HTTP server's protocol details, with curl and raw sockets
# on loopback: a 304 has no Content-Length, no Transfer-Encoding and no
# body; Accept-Encoding: gzip gets the cached gzip copy of a feed (the
# same bytes, smaller, Vary both ways, an ETag of its own, HEAD too);
# [http] max_connections and max_per_client refuse what is over
# them; the open-file limit is raised for max_connections, or the limit
# capped and logged; behind trusted_proxy the clients it names in
# X-Real-IP are counted, each at most max_per_client requests at once
# (then 503 and Retry-After), and the proxy's connections are not.
#
# Peers: curl (missing: skip, unless TREATYD_REQUIRE_PEERS is set).

: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

command -v curl >/dev/null 2>&1 || missing_peer curl "apt-get install curl"

# The shipped instruments and facts: a feed of some size, for gzip.
mkdir "$T/db" "$T/instruments.d" || exit 1
cp "$top_srcdir"/conf/instruments.d/*.ini "$T/instruments.d/" || exit 1
CONF=$T/treatyd.conf
write_conf "$CONF" "$T/db/treatyd.db" "$T/instruments.d" nl
ctl init || finish
ctl fact import "$top_srcdir/conf/seed/nl-facts.ini" || finish

# start CONF: a daemon on CONF, its log in $LOG, a new file each time
# (start_daemon would read the last one's port from an old log).
starts=0
start() {
	starts=$((starts + 1))
	LOG=$T/treatyd-$starts.log
	start_daemon "$1" "$LOG" || finish
}

start "$CONF"

# raw REQUEST: send REQUEST (\r\n escapes) to the daemon on a raw socket
# and print what came back until it closed (10 s at most): the header
# lines, then "BODY-BYTES N", then "RESPONSES N", the status lines of
# all that came back (pipelined requests get one each).
raw() {
	"$PYTHON" - "$PORT" "$1" <<'PYEOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode())
data = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except socket.timeout:
    print("TIMEOUT")
head, sep, body = data.partition(b"\r\n\r\n")
for line in head.split(b"\r\n"):
    print(line.decode())
print(f"BODY-BYTES {len(body)}")
n = (b"\r\n" + data).count(b"\r\nHTTP/1.1 ")
print(f"RESPONSES {n}")
PYEOF
}

# 304 ------------------------------------------------------------------------

http "$(url /feeds/all.ics)"
assert_eq "GET /feeds/all.ics: status" 200 "$code"
ETAG=$(hdr ETag)

curl -sS -i --max-time 10 -H "If-None-Match: $ETAG" "$(url /feeds/all.ics)" \
    >"$T/304.curl" 2>"$T/curl.err"
tr -d '\r' <"$T/304.curl" >"$T/304.txt"
assert_grep "curl -i: 304" "^HTTP/1\.1 304 " "$T/304.txt"
assert_grep "curl -i: the 304 carries the ETag" "^ETag: $ETAG$" "$T/304.txt"
assert_not_grep "curl -i: no Content-Length on the 304" "^Content-Length:" \
    "$T/304.txt"
assert_eq "curl -i: nothing after the 304's headers" "" \
    "$(sed '1,/^$/d' "$T/304.txt")"

raw "GET /feeds/all.ics HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: $ETAG\r\nConnection: close\r\n\r\n" \
    >"$T/304.raw"
assert_grep "raw socket: 304" "^HTTP/1\.1 304 " "$T/304.raw"
assert_not_grep "raw socket: no Content-Length" "^Content-Length:" "$T/304.raw"
assert_not_grep "raw socket: no Transfer-Encoding" "^Transfer-Encoding:" \
    "$T/304.raw"
assert_grep "raw socket: no body" "^BODY-BYTES 0$" "$T/304.raw"
# Two requests on one connection: libmicrohttpd 0.9.77 and later send
# the 304 on a connection that stays open, and so answer both; earlier
# ones close after the first.
mhd=$(pkg-config --modversion libmicrohttpd 2>/dev/null || echo 0)
if [ "$(printf '%s\n' 0.9.77 "$mhd" | sort -V | head -n 1)" = 0.9.77 ]; then
	want=2
else
	want=1
fi
req="GET /feeds/all.ics HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: $ETAG\r\n"
got=$(raw "$req\r\n${req}Connection: close\r\n\r\n" |
    sed -n 's/^RESPONSES //p')
assert_eq "two requests on one connection, libmicrohttpd $mhd: 304s" \
    "$want" "$got"
# The 200 keeps its length.
raw "GET /feeds/all.ics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" \
    >"$T/200.raw"
assert_grep "raw socket: the 200 has its Content-Length" \
    "^Content-Length: [1-9][0-9]*$" "$T/200.raw"

# restart CONF: stop the running daemon and start one on CONF.
restart() {
	stop_pid "$DPID"
	start "$1"
}

# with_http LINE...: $CONF with LINEs added to [http], in $T/lim.conf.
with_http() {
	cp "$CONF" "$T/lim.conf"
	for _l in "$@"; do
		sed -i "s|^\[http\]\$|[http]\n$_l|" "$T/lim.conf"
	done
}

# gzip -----------------------------------------------------------------------

stop_pid "$DPID"
start "$CONF"
http "$(url /feeds/all.ics)"
cp "$T/b" "$T/plain.ics"
cp "$T/h" "$T/plain.h"
PLAIN_ETAG=$(hdr ETag)
PLAIN_LEN=$(wc -c <"$T/plain.ics" | tr -d ' ')
check "the feed is large enough to be compressed (>= 1 KiB)" \
    test "$PLAIN_LEN" -ge 1024
assert_grep "the plain answer: Vary: Accept-Encoding" \
    "^Vary: Accept-Encoding" "$T/plain.h"
assert_not_grep "the plain answer: no Content-Encoding" \
    "^Content-Encoding" "$T/plain.h"
http --compressed "$(url /feeds/all.ics)"
check "curl --compressed: the same bytes as the plain GET" \
    cmp -s "$T/b" "$T/plain.ics"
assert_eq "curl --compressed: Content-Encoding" gzip "$(hdr Content-Encoding)"
assert_eq "the gzip answer: Vary" Accept-Encoding "$(hdr Vary)"
GZ_ETAG=$(hdr ETag)
assert_eq "the gzip answer's ETag: the plain one with -gzip" \
    "${PLAIN_ETAG%\"}-gzip\"" "$GZ_ETAG"
http -H "Accept-Encoding: gzip" "$(url /feeds/all.ics)"
GZ_LEN=$(wc -c <"$T/b" | tr -d ' ')
assert_le "the gzip body is smaller than the plain one" \
    "$((PLAIN_LEN - 1))" "$GZ_LEN"
assert_eq "its Content-Length is the gzip's" "$GZ_LEN" \
    "$(hdr Content-Length)"
check "it is gzip of the same bytes" sh -c \
    "gzip -dc <'$T/b' | cmp -s - '$T/plain.ics'"
http -H "Accept-Encoding: gzip;q=0, identity" "$(url /feeds/all.ics)"
assert_eq "gzip;q=0: plain" "" "$(hdr Content-Encoding)"
assert_eq "gzip;q=0: the plain ETag" "$PLAIN_ETAG" "$(hdr ETag)"
http -H "Accept-Encoding: br, *;q=0.5" "$(url /feeds/all.ics)"
assert_eq "*;q=0.5 takes gzip" gzip "$(hdr Content-Encoding)"
http -H "Accept-Encoding: gzip" -H "If-None-Match: $GZ_ETAG" \
    "$(url /feeds/all.ics)"
assert_eq "If-None-Match with the gzip ETag, gzip accepted: 304" 304 "$code"
assert_eq "... with the gzip ETag" "$GZ_ETAG" "$(hdr ETag)"
assert_eq "... and Vary" Accept-Encoding "$(hdr Vary)"
http -H "If-None-Match: $GZ_ETAG" "$(url /feeds/all.ics)"
assert_eq "the gzip ETag without gzip accepted: 200, the plain bytes" \
    "200 $PLAIN_ETAG" "$code $(hdr ETag)"
http -H "Accept-Encoding: gzip" -H "If-None-Match: $PLAIN_ETAG" \
    "$(url /feeds/all.ics)"
assert_eq "the plain ETag with gzip accepted: 200, gzipped" "200 gzip" \
    "$code $(hdr Content-Encoding)"
raw "HEAD /feeds/all.ics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n" \
    >"$T/head.raw"
assert_grep "HEAD with gzip: Content-Encoding" "^Content-Encoding: gzip$" \
    "$T/head.raw"
assert_grep "HEAD with gzip: the gzip's Content-Length" \
    "^Content-Length: $GZ_LEN$" "$T/head.raw"
assert_grep "HEAD with gzip: no body" "^BODY-BYTES 0$" "$T/head.raw"
http -H "Accept-Encoding: gzip" "$(url /healthz)"
assert_eq "/healthz (small, not cached): not gzipped" "" \
    "$(hdr Content-Encoding)"
# Many requests, one compression: the build count stays at one feed.
for _i in 1 2 3 4 5; do
	http --compressed "$(url /feeds/all.ics)"
done
http "$(url /metrics)"
assert_grep "the feed is rendered once for all those requests" \
    "^treatyd_feed_build_seconds_count 1$" "$T/b"

# Connection limits ----------------------------------------------------------

with_http "max_connections = 6" "max_per_client = 4"
restart "$T/lim.conf"
# Connections stay open (keep-alive) once answered; each line says whether
# one from that address was answered (200) or closed unanswered (refused).
"$PYTHON" - "$PORT" >"$T/limits.out" 2>&1 <<'PYEOF'
import socket, sys
port = int(sys.argv[1])
socks = []
def one(src):
    s = socket.socket()
    s.settimeout(5)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        data = s.recv(4096)
    except OSError:
        data = b""
    print(src, "answered" if data.startswith(b"HTTP/1.1 200") else "refused")
    socks.append(s)
for src in ["127.0.0.1"] * 5 + ["127.0.0.2"] * 2 + ["127.0.0.3"]:
    one(src)
for s in socks:
    s.close()
PYEOF
assert_eq "max_per_client 4: four from 127.0.0.1 answered, the fifth refused" \
    "4 1" "$(grep -c '^127.0.0.1 answered' "$T/limits.out") $(grep -c '^127.0.0.1 refused' "$T/limits.out")"
assert_eq "another address is served meanwhile" 2 \
    "$(grep -c '^127.0.0.2 answered' "$T/limits.out")"
assert_grep "max_connections 6: the seventh is refused" \
    '^127.0.0.3 refused$' "$T/limits.out"
assert_grep "the log says which limit refused a connection" \
    "a connection from 127\.0\.0\.1 refused: it has max_per_client \(4\) open" \
    "$LOG"
sleep 0.3
http "$(url /healthz)"
assert_eq "once they are closed, a client is served" 200 "$code"

# The open-file limit --------------------------------------------------------

# A wrapper that lowers the limit before treatyd starts (exec: same PID).
cat >"$T/limited.sh" <<WRAP
#!/bin/sh
ulimit -S -n "\$NOFILE_SOFT" || exit 1
[ -z "\${NOFILE_HARD:-}" ] || ulimit -H -n "\$NOFILE_HARD" || exit 1
exec "$TREATYD" "\$@"
WRAP
chmod +x "$T/limited.sh"
REAL_TREATYD=$TREATYD
stop_pid "$DPID"
hard=$(ulimit -H -n)
if [ "$hard" = unlimited ] || [ "$hard" -ge 1088 ]; then
	TREATYD=$T/limited.sh
	NOFILE_SOFT=200
	export NOFILE_SOFT
	start "$CONF"
	assert_grep "a low soft limit is raised for max_connections 1024" \
	    "open-file limit raised from 200 to 1088 for max_connections 1024" \
	    "$LOG"
	assert_eq "... and the process has it" 1088 \
	    "$(awk '/^Max open files/ { print $4 }' "/proc/$DPID/limits")"
	stop_pid "$DPID"
else
	echo "$NAME: SKIP (one case): the hard open-file limit is below 1088" >&2
fi
TREATYD=$T/limited.sh
NOFILE_SOFT=300
NOFILE_HARD=300
export NOFILE_SOFT NOFILE_HARD
start "$CONF"
assert_grep "a hard limit of 300 caps max_connections, and the log says so" \
    "max_connections 1024 capped to 236: the open-file limit \(RLIMIT_NOFILE\) is 300" \
    "$LOG"
http "$(url /healthz)"
assert_eq "capped, it serves" 200 "$code"
stop_pid "$DPID"
TREATYD=$REAL_TREATYD
unset NOFILE_SOFT NOFILE_HARD

# Behind the trusted proxy ---------------------------------------------------

with_http "trusted_proxy = 127.0.0.1" "max_per_client = 2"
start "$T/lim.conf"
"$PYTHON" - "$PORT" >"$T/proxy.out" 2>&1 <<'PYEOF'
import socket, sys, time
port = int(sys.argv[1])
def conn(src="127.0.0.1"):
    s = socket.socket()
    s.settimeout(5)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    return s
def get(s, real):
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Real-IP: %s\r\n\r\n"
              % real.encode())
    try:
        data = s.recv(4096)
    except OSError:
        data = b""
    head = data.split(b"\r\n\r\n")[0].decode(errors="replace").split("\r\n")
    return head[0][9:12] if head[0].startswith("HTTP/") else "none", head
# Five connections from the proxy, each for another client: all served,
# though max_per_client is 2.
keep = [conn() for i in range(5)]
print("proxy connections:", " ".join(get(s, "198.51.100.%d" % (i + 1))[0]
      for i, s in enumerate(keep)))
# Two requests of 198.51.100.7 going (a form half sent), then a third.
held = []
for i in range(2):
    s = conn()
    s.sendall(b"POST /signin HTTP/1.1\r\nHost: x\r\nX-Real-IP: 198.51.100.7"
              b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: 40\r\n\r\naddress=")
    held.append(s)
time.sleep(0.3)
status, head = get(conn(), "198.51.100.7")
print("third of 198.51.100.7:", status)
for h in head:
    if h.lower().startswith("retry-after:"):
        print("retry-after:", h.split(":", 1)[1].strip())
print("another client meanwhile:", get(conn(), "198.51.100.8")[0])
print("the same name, not from the proxy:", get(conn("127.0.0.2"),
      "198.51.100.7")[0])
held[0].close()
time.sleep(0.3)
print("after one ended:", get(conn(), "198.51.100.7")[0])
PYEOF
assert_grep "the proxy's connections are not limited per address" \
    "^proxy connections: 200 200 200 200 200$" "$T/proxy.out"
assert_grep "a client with max_per_client requests going through the proxy: 503" \
    "^third of 198\.51\.100\.7: 503$" "$T/proxy.out"
assert_grep "... with Retry-After" "^retry-after: 5$" "$T/proxy.out"
assert_grep "another client of the proxy is served meanwhile" \
    "^another client meanwhile: 200$" "$T/proxy.out"
assert_grep "X-Real-IP from elsewhere is not believed" \
    "^the same name, not from the proxy: 200$" "$T/proxy.out"
assert_grep "served again once a request has ended" \
    "^after one ended: 200$" "$T/proxy.out"
assert_grep "the log names the client, not the proxy" \
    "a request of 198\.51\.100\.7 through the proxy refused" "$LOG"

finish
