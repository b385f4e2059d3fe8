#!/bin/sh
# http.sh: the HTTP server's protocol details, with curl and a raw socket
# on loopback: a 304 has no Content-Length, no Transfer-Encoding and no
# body.
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
start_daemon "$CONF" "$T/treatyd.log" || finish

# raw REQUEST: send REQUEST (\r\n escapes) to the daemon on a raw socket
# and print what came back until it closed (10 s at most): the header
# lines, then "BODY-BYTES N".
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

raw "GET /feeds/all.ics HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: $ETAG\r\n\r\n" \
    >"$T/304.raw"
assert_grep "raw socket: 304" "^HTTP/1\.1 304 " "$T/304.raw"
assert_not_grep "raw socket: no Content-Length" "^Content-Length:" "$T/304.raw"
assert_not_grep "raw socket: no Transfer-Encoding" "^Transfer-Encoding:" \
    "$T/304.raw"
assert_grep "raw socket: no body, and the server closes" "^BODY-BYTES 0$" \
    "$T/304.raw"
assert_not_grep "raw socket: the server closed by itself" "^TIMEOUT$" \
    "$T/304.raw"
# The 200 keeps its length.
raw "GET /feeds/all.ics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" \
    >"$T/200.raw"
assert_grep "raw socket: the 200 has its Content-Length" \
    "^Content-Length: [1-9][0-9]*$" "$T/200.raw"

finish
