#!/bin/sh
# treatyd as a server, driven over HTTP with curl on an ephemeral loopback
# port (INTEROP.md §1.13-15, §6): content type, HEAD, conditional GET, 404
# and 405, token feeds and their rotation, the JSON API and its filters,
# /healthz and /metrics; then the process: `treatyd -n`, one instance per
# database, SIGHUP with a good and with a broken configuration, idleness
# (context switches) and SIGTERM.
#
# Peers: curl (missing: skip, unless TREATYD_REQUIRE_PEERS is set).

# Functions called through wait_until look unreachable to shellcheck.
# shellcheck disable=SC2317
: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

command -v curl >/dev/null 2>&1 || missing_peer curl "apt-get install curl"

# Configuration and data -----------------------------------------------------

# The database in a directory of its own: treatyd watches that directory,
# and the logs written in $T must not wake it.
mkdir "$T/db" "$T/instruments.d" || exit 1
cp "$top_srcdir"/conf/instruments.d/*.ini "$T/instruments.d/" || exit 1
CONF=$T/treatyd.conf
write_conf "$CONF" "$T/db/treatyd.db" "$T/instruments.d" nl

ctl init || finish
ctl fact import "$top_srcdir/conf/seed/nl-facts.ini" || finish
ctl coordinator add --no-welcome "Anna de Vries" anna@example.nl OCW --lead CEDAW || finish
ctl coordinator token "Anna de Vries" || finish
TOKEN1=$(sed -n 's,^https://[^/]*\(/feeds/c/[0-9a-f]*\.ics\)$,\1,p' "$T/ctl.out")
assert_ne "coordinator token prints an https:// address" "" "$TOKEN1"

# A rule file with a mistake on line 9, for -n and for SIGHUP.
cat >"$T/broken.ini" <<'EOF'
; test instrument with a mistake
[instrument]
code = GAMMA
name = Gamma Convention
body = Gamma Committee

[rule report]
anchor = co_adopted + P4Y
type = offst
EOF

# treatyd -n -----------------------------------------------------------------

"$TREATYD" -n -c "$CONF" >"$T/n.out" 2>"$T/n.err"
assert_eq "treatyd -n on a good configuration: exit status" 0 "$?"
assert_grep "treatyd -n on a good configuration" "^configuration OK" "$T/n.out"

mkdir "$T/broken.d" && cp "$T"/instruments.d/*.ini "$T/broken.d/" &&
    cp "$T/broken.ini" "$T/broken.d/gamma.ini" || exit 1
write_conf "$T/broken.conf" "$T/db/treatyd.db" "$T/broken.d" nl
"$TREATYD" -n -c "$T/broken.conf" >"$T/n.out" 2>"$T/n.err"
assert_eq "treatyd -n on a broken rule file: exit status" 1 "$?"
assert_grep "treatyd -n names file:line of the mistake" \
    "broken\.d/gamma\.ini:9: " "$T/n.err"
assert_not_grep "treatyd -n on a broken rule file says nothing is OK" \
    "configuration OK" "$T/n.out"

# Drop-ins: FILE.d/*.conf after the file, each named by -n; a mistake in
# one is reported at its line.
mkdir "$T/dropin.d" && cp "$T"/instruments.d/*.ini "$T/dropin.d/" || exit 1
write_conf "$T/dropin.conf" "$T/db/treatyd.db" "$T/dropin.d" nl
mkdir "$T/dropin.conf.d"
printf '[general]\nlanguage = en\n' >"$T/dropin.conf.d/50-lang.conf"
printf '[general]\nlanguage = de\n' >"$T/dropin.conf.d/50-lang.conf.off"
"$TREATYD" -n -c "$T/dropin.conf" >"$T/n.out" 2>"$T/n.err"
assert_eq "treatyd -n with a drop-in: exit status" 0 "$?"
assert_grep "treatyd -n names the drop-in it read" \
    "^drop-in $T/dropin\.conf\.d/50-lang\.conf$" "$T/n.out"
assert_not_grep "treatyd -n reads only *.conf" "50-lang\.conf\.off" "$T/n.out"
printf '[general]\n; local\nlanguage = fr\n' >"$T/dropin.conf.d/60-bad.conf"
"$TREATYD" -n -c "$T/dropin.conf" >"$T/n.out" 2>"$T/n.err"
assert_eq "treatyd -n with a broken drop-in: exit status" 1 "$?"
assert_grep "treatyd -n names the drop-in's file:line" \
    "dropin\.conf\.d/60-bad\.conf:3: language 'fr'" "$T/n.err"

# Start ----------------------------------------------------------------------

start_daemon "$CONF" "$T/treatyd.log" || finish
echo "treatyd runs as PID $DPID on port $PORT"

# A second instance on the same database is refused (bounded: if it did
# start, timeout stops it after 10 s and the check fails).
timeout 10 "$TREATYD" -c "$CONF" >"$T/second.log" 2>&1 </dev/null
rc=$?
checks=$((checks + 1))
if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ]; then
	fail "a second treatyd on the same database was not refused" \
	    "expected: a non-zero exit at once" "got:      exit $rc"
fi
assert_grep "the second instance says why" "already running" "$T/second.log"
check "the first instance still runs" alive "$DPID"

# GET, HEAD, conditional GET -------------------------------------------------

http "$(url /feeds/all.ics)"
assert_eq "GET /feeds/all.ics: status" 200 "$code"
assert_eq "GET /feeds/all.ics: Content-Type" "text/calendar; charset=utf-8" \
    "$(hdr Content-Type)"
assert_grep "GET /feeds/all.ics: a calendar" "^BEGIN:VCALENDAR" "$T/b"
ETAG=$(hdr ETag)
LASTMOD=$(hdr Last-Modified)
LENGTH=$(wc -c <"$T/b" | tr -d ' ')
check "GET /feeds/all.ics: a strong ETag" \
    expr "x$ETAG" : 'x"[^"]\{1,\}"$' >/dev/null
assert_ne "GET /feeds/all.ics: Last-Modified" "" "$LASTMOD"
assert_eq "GET /feeds/all.ics: Content-Length" "$LENGTH" \
    "$(hdr Content-Length)"
assert_eq "GET /feeds/all.ics: no gzip unasked" "" "$(hdr Content-Encoding)"

# HEAD: the same headers and no body. A raw socket, so that a body sent
# after the headers would be seen (curl -I would not read it).
"$PYTHON" - "$PORT" >"$T/head.out" 2>&1 <<'PYEOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"HEAD /feeds/all.ics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          b"Connection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
head, sep, body = data.partition(b"\r\n\r\n")
print(head.split(b"\r\n")[0].decode())
for line in head.split(b"\r\n")[1:]:
    print(line.decode())
print(f"BODY-BYTES {len(body)}")
PYEOF
assert_grep "HEAD /feeds/all.ics: 200" "^HTTP/1\.1 200 " "$T/head.out"
assert_grep "HEAD /feeds/all.ics: Content-Type" \
    "^Content-Type: text/calendar; charset=utf-8$" "$T/head.out"
assert_grep "HEAD /feeds/all.ics: the GET's Content-Length" \
    "^Content-Length: $LENGTH$" "$T/head.out"
assert_grep "HEAD /feeds/all.ics: the GET's ETag" "^ETag: $ETAG$" "$T/head.out"
assert_grep "HEAD /feeds/all.ics: no body" "^BODY-BYTES 0$" "$T/head.out"

http -H "If-None-Match: $ETAG" "$(url /feeds/all.ics)"
assert_eq "If-None-Match with the current ETag: status" 304 "$code"
assert_eq "304: no body" 0 "$(wc -c <"$T/b" | tr -d ' ')"
assert_eq "304: carries the ETag" "$ETAG" "$(hdr ETag)"
http -H 'If-None-Match: "0000"' "$(url /feeds/all.ics)"
assert_eq "If-None-Match with another ETag: status" 200 "$code"
http -H "If-Modified-Since: $LASTMOD" "$(url /feeds/all.ics)"
assert_eq "If-Modified-Since = Last-Modified: status" 304 "$code"
http -H "If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT" \
    "$(url /feeds/all.ics)"
assert_eq "If-Modified-Since long ago: status" 200 "$code"
# If-None-Match first (RFC 9110 §13.2.2): a different ETag wins over a
# matching date.
http -H 'If-None-Match: "0000"' -H "If-Modified-Since: $LASTMOD" \
    "$(url /feeds/all.ics)"
assert_eq "If-None-Match (other) + If-Modified-Since (current): status" \
    200 "$code"

# Google sends no Accept header: don't negotiate.
http -H 'Accept:' "$(url /feeds/all.ics)"
assert_eq "no Accept header: status" 200 "$code"
assert_eq "no Accept header: Content-Type" "text/calendar; charset=utf-8" \
    "$(hdr Content-Type)"
http -H 'Accept: text/html' -A 'Google-Calendar-Importer' \
    "$(url /feeds/all.ics)"
assert_eq "Accept: text/html (a calendar is sent anyway): status" 200 "$code"
assert_eq "Accept: text/html: Content-Type" "text/calendar; charset=utf-8" \
    "$(hdr Content-Type)"

http "$(url /feeds/instrument/CEDAW.ics)"
assert_eq "GET /feeds/instrument/CEDAW.ics: status" 200 "$code"
http "$(url /feeds/department/OCW.ics)"
assert_eq "GET /feeds/department/OCW.ics: status" 200 "$code"

# Errors ---------------------------------------------------------------------

http "$(url /nope)"
assert_eq "unknown path: status" 404 "$code"
http "$(url /feeds/instrument/NOPE.ics)"
assert_eq "unknown instrument: status" 404 "$code"
http "$(url /feeds/department/NOPE.ics)"
assert_eq "unknown department: status" 404 "$code"
http -X POST -d x=1 "$(url /feeds/all.ics)"
assert_eq "POST /feeds/all.ics: status" 405 "$code"
assert_grep "405 says what is allowed" "^Allow: .*GET" "$T/h"
http -X PUT -d x=1 "$(url /feeds/all.ics)"
assert_eq "PUT /feeds/all.ics: status" 405 "$code"

# Token feeds ----------------------------------------------------------------

http "$(url "$TOKEN1")"
assert_eq "token feed: status" 200 "$code"
assert_eq "token feed: Content-Type" "text/calendar; charset=utf-8" \
    "$(hdr Content-Type)"
assert_grep "token feed: the coordinator's instrument" "^SUMMARY:CEDAW: " "$T/b"
assert_not_grep "token feed: nothing else" "^SUMMARY:(CCPR|CAT): " "$T/b"
http "$(url /feeds/c/0123456789abcdef0123456789abcdef01234567.ics)"
assert_eq "bogus token: status" 404 "$code"
http "$(url /feeds/c/nothex.ics)"
assert_eq "malformed token: status" 404 "$code"

ctl coordinator token "Anna de Vries" --rotate
TOKEN2=$(sed -n 's,^https://[^/]*\(/feeds/c/[0-9a-f]*\.ics\)$,\1,p' "$T/ctl.out")
assert_ne "--rotate gives a new token" "$TOKEN1" "$TOKEN2"
old_token_gone() {
	http "$(url "$TOKEN1")"
	[ "$code" = 404 ]
}
checks=$((checks + 1))
if wait_until 20 old_token_gone; then
	echo "old token refused $((waited * 100)) ms after --rotate"
else
	fail "the old token still works 2 s after --rotate" \
	    "expected: 404" "got:      $code"
fi
http "$(url "$TOKEN2")"
assert_eq "the new token: status" 200 "$code"

# /api/deadlines.json --------------------------------------------------------

# api QUERY NAME: GET /api/deadlines.json?QUERY into $T/api-NAME.json.
api() {
	http "$(url "/api/deadlines.json$1")"
	cp "$T/b" "$T/api-$2.json"
}

# apicheck NAME MIN [instrument=X] [status=S] [from=D] [to=D]: the JSON is
# an array of at least MIN deadlines and each matches the filters.
apicheck() {
	"$PYTHON" - "$T/api-$1.json" "$@" >"$T/apicheck.out" 2>&1 <<'PYEOF'
import json, sys
path, name, least = sys.argv[1], sys.argv[2], int(sys.argv[3])
want = dict(a.split("=", 1) for a in sys.argv[4:])
checks = 1
try:
    data = json.load(open(path, encoding="utf-8"))
except ValueError as e:
    print(f"FAIL: api {name}: not JSON: {e}")
    print("checks 1")
    sys.exit()
if not isinstance(data, list):
    print(f"FAIL: api {name}: expected a JSON array, got {type(data).__name__}")
    print("checks 1")
    sys.exit()
checks += 1
if len(data) < least:
    print(f"FAIL: api {name}: expected at least {least} deadlines, "
          f"got {len(data)}")
bad = []
for d in data:
    keys = {"id", "instrument", "due", "status", "confidence"}
    if not keys <= set(d):
        bad.append(f"{d.get('id')}: lacks {sorted(keys - set(d))}")
        continue
    if "instrument" in want and d["instrument"] != want["instrument"].upper():
        bad.append(f"{d['id']}: instrument {d['instrument']}")
    if "status" in want and d["status"] != want["status"]:
        bad.append(f"{d['id']}: status {d['status']}")
    if "from" in want and d["due"] < want["from"]:
        bad.append(f"{d['id']}: due {d['due']} before {want['from']}")
    if "to" in want and d["due"] > want["to"]:
        bad.append(f"{d['id']}: due {d['due']} after {want['to']}")
checks += 1
if bad:
    print(f"FAIL: api {name}: {len(bad)} deadlines do not match {want}")
    print("      got: " + "; ".join(bad[:3]))
print(f"COUNT {len(data)}")
print(f"checks {checks}")
PYEOF
	api_count=$(sed -n 's/^COUNT //p' "$T/apicheck.out")
	grep -v '^COUNT ' "$T/apicheck.out" >"$T/apicheck.res"
	add_results "$T/apicheck.res"
}

api "" all
assert_eq "api: status" 200 "$code"
assert_eq "api: Content-Type" "application/json; charset=utf-8" \
    "$(hdr Content-Type)"
apicheck all 50
api "?instrument=CEDAW" cedaw
assert_eq "api ?instrument=CEDAW: status" 200 "$code"
apicheck cedaw 1 instrument=CEDAW
api "?instrument=cedaw" cedaw-lower
apicheck cedaw-lower 1 instrument=CEDAW
api "?status=overdue" overdue
assert_eq "api ?status=overdue: status" 200 "$code"
apicheck overdue 1 status=overdue
OVERDUE=$api_count
api "?status=open" open
apicheck open 1 status=open
api "?from=2027-01-01&to=2027-12-31" range
assert_eq "api ?from&to: status" 200 "$code"
apicheck range 1 from=2027-01-01 to=2027-12-31
api "?instrument=CEDAW&status=open&from=2027-01-01&to=2031-12-31" combined
apicheck combined 1 instrument=CEDAW status=open from=2027-01-01 \
    to=2031-12-31
api "?from=2026-02-30" baddate
assert_eq "api: a bad date (2026-02-30): status" 400 "$code"
api "?to=tomorrow" baddate2
assert_eq "api: a bad date (tomorrow): status" 400 "$code"
api "?status=late" badstatus
assert_eq "api: a bad status: status" 400 "$code"
api "?instrument=NOPE" badinst
assert_eq "api: an unknown instrument: status" 404 "$code"

# /healthz, /metrics ---------------------------------------------------------

http "$(url /healthz)"
assert_eq "/healthz: status" 200 "$code"
assert_grep "/healthz: body" "^ok$" "$T/b"
http "$(url /metrics)"
assert_eq "/metrics: status" 200 "$code"
cp "$T/b" "$T/metrics.txt"
assert_grep "/metrics: treatyd_http_requests_total" \
    "^treatyd_http_requests_total [1-9][0-9]*$" "$T/metrics.txt"
assert_eq "/metrics: treatyd_deadlines{status=\"overdue\"} = the API's count" \
    "$OVERDUE" \
    "$(sed -n 's/^treatyd_deadlines{status="overdue"} \([0-9]*\)$/\1/p' \
    "$T/metrics.txt")"

# SIGHUP: a good change is applied -------------------------------------------

# unfolded FILE: the feed with its folded lines joined, LF line ends.
unfolded() {
	"$PYTHON" -c 'import re, sys
sys.stdout.write(re.sub(r"\r\n[ \t]", "", open(sys.argv[1], encoding="utf-8").read()).replace("\r\n", "\n"))' "$1"
}

feed_in_english() {
	http "$(url /feeds/all.ics)"
	unfolded "$T/b" >"$T/all.txt"
	grep -q '^X-WR-CALNAME:Treaty reporting$' "$T/all.txt"
}

http "$(url /feeds/all.ics)"
unfolded "$T/b" >"$T/all.txt"
assert_grep "before SIGHUP: the Dutch name" "^X-WR-CALNAME:Verdragsrapportages$" \
    "$T/all.txt"
write_conf "$CONF" "$T/db/treatyd.db" "$T/instruments.d" en
kill -HUP "$DPID"
checks=$((checks + 1))
if ! wait_until 50 feed_in_english; then
	fail "SIGHUP with language = en: the feed is not in English after 5 s" \
	    "expected: X-WR-CALNAME:Treaty reporting" \
	    "got:      $(grep '^X-WR-CALNAME' "$T/all.txt")"
fi
assert_grep "after SIGHUP: NAME in English" "^NAME:Treaty reporting$" \
    "$T/all.txt"
assert_grep "after SIGHUP: summaries in English" \
    "^SUMMARY:CEDAW: Follow-up information on selected recommendations" \
    "$T/all.txt"
assert_not_grep "after SIGHUP: no Dutch summaries left" \
    "^SUMMARY:CEDAW: Follow-upinformatie" "$T/all.txt"
assert_grep "SIGHUP is logged" "configuration reloaded" "$T/treatyd.log"

# SIGHUP: a broken instrument file is refused, the old configuration runs on

cp "$T/broken.ini" "$T/instruments.d/gamma.ini"
kill -HUP "$DPID"
refused() {
	grep -q "instruments\.d/gamma\.ini:9: " "$T/treatyd.log" &&
	    grep -q "reload refused" "$T/treatyd.log"
}
checks=$((checks + 1))
if ! wait_until 50 refused; then
	fail "SIGHUP with a broken rule file: no 'gamma.ini:9:' and 'reload" \
	    "refused' in the log after 5 s" "log: $(tail -n 5 "$T/treatyd.log" |
	    tr '\n' '|')"
fi
check "still running after a refused reload" alive "$DPID"
http "$(url /feeds/all.ics)"
assert_eq "after a refused reload: GET /feeds/all.ics" 200 "$code"
unfolded "$T/b" >"$T/all.txt"
assert_grep "after a refused reload: the running (English) configuration" \
    "^X-WR-CALNAME:Treaty reporting$" "$T/all.txt"
http "$(url /feeds/instrument/GAMMA.ics)"
assert_eq "after a refused reload: the broken instrument is not served" \
    404 "$code"
rm -f "$T/instruments.d/gamma.ini"

# Idle: a handful of context switches over 30 s ------------------------------

# ctxt PID: voluntary + nonvoluntary context switches of all its threads.
ctxt() {
	cat /proc/"$1"/task/*/status 2>/dev/null | awk '
	    /^voluntary_ctxt_switches:/ || /^nonvoluntary_ctxt_switches:/ {
		n += $2 }
	    END { print n + 0 }'
}

sleep 0.5
c0=$(ctxt "$DPID")
sleep 30
c1=$(ctxt "$DPID")
echo "context switches over 30 s idle: $((c1 - c0))"
assert_le "context switches of an idle treatyd over 30 s" 5 $((c1 - c0))

# SIGTERM --------------------------------------------------------------------

stop_pid "$DPID" 5
assert_eq "SIGTERM: exit status (within 5 s)" 0 "$stop_rc"
assert_grep "SIGTERM is logged" "stopping|stopped" "$T/treatyd.log"

finish
