#!/bin/sh
# offloop.sh: the event loop never waits on mail. A mail server that
# accepts connections and never answers, [mail] timeout = 3, 100 reminders
# due at start: the daemon serves /healthz at once and all the while, and
# the pass defers the rest of the batch after the first silence instead of
# waiting 3 s for each of the 100. Then, with [reminders] alert_after = 2s,
# /healthz answers 503 and says why, and /metrics counts the outbox. Last,
# a sign-in link asked for on the page is answered at once, and /healthz
# all the while, though its mail waits on the black hole.
. "$top_srcdir/tests/integration/lib.sh"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
report_instruments "$T/instruments.d" TST || exit 1

# The black hole: the kernel completes the handshake, nobody ever greets.
"$PYTHON" - "$T/hole.port" <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(200)
open(sys.argv[1], "w").write("%d\n" % s.getsockname()[1])
held = []
end = time.time() + 120
s.settimeout(1)
while time.time() < end:
    try:
        c, _ = s.accept()
        held.append(c)
    except socket.timeout:
        pass
PY
HOLE_PID=$!
DAEMON_PIDS="$DAEMON_PIDS $HOLE_PID"
wait_until 50 test -s "$T/hole.port" || { fail "no black-hole server"; finish; }
HOLE=$(cat "$T/hole.port")

write_conf "$CONF" "$DB" "$T/instruments.d" nl
sed -i "s|^transport = .*|transport = smtp://127.0.0.1:$HOLE\nstarttls = off\ntimeout = 3|" "$CONF"
cat >>"$CONF" <<'EOF'
lead_times = P7D
catch_up = P3D
catch_up_mail = no
max_per_day = 100
alert_after = 2s
EOF
ctl init || finish
add_coordinators 100 TST || finish
# Due in 7 days: the P7D reminder of each of the 100 is due today.
today=$(TZ=Europe/Amsterdam date +%F)
co=$(date -u -d "$today - 1 year + 7 days" +%F)
ctl fact add TST co_adopted "$co" || finish
sed -i 's/^send_at = .*//' "$CONF"
printf 'send_at = 00:00\n' >>"$CONF"

t0=$(date +%s%N)
start_daemon "$CONF" "$T/treatyd.log" || finish
ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "serving $ready_ms ms after start"
checks=$((checks + 1))
[ "$ready_ms" -lt 3000 ] || fail "serving only $ready_ms ms after start"

# slow_healthz N: /healthz N times, every 100 ms; in $slow how many
# answers took longer than 100 ms.
slow_healthz() {
	slow=0
	_n=0
	while [ "$_n" -lt "$1" ]; do
		_ms=$(curl -s -o /dev/null -w '%{time_total}' --max-time 2 \
		    "$(url /healthz)" | awk '{ printf "%d", $1 * 1000 }')
		[ "${_ms:-9999}" -gt 100 ] && slow=$((slow + 1))
		_n=$((_n + 1))
		sleep 0.1
	done
}

# /healthz every 100 ms for 4 s while the pass waits on the black hole.
slow_healthz 40
echo "/healthz over 100 ms: $slow of 40"
assert_eq "/healthz answers within 100 ms throughout the pass" 0 "$slow"

# The pass ends after about one time-out, not a hundred.
wait_until 100 grep -q "^reminders: " "$T/treatyd.log"
assert_grep "the pass deferred the batch" \
    "^reminders: 100 queued, 0 sent, 100 deferred" "$T/treatyd.log"
assert_grep "the rest were not tried" "not tried: the mail server did not" \
    "$T/treatyd.log"
# Deferred longer than alert_after: /healthz says so.
unhealthy() {
	[ "$(curl -s -o "$T/health" -w '%{http_code}' "$(url /healthz)")" = 503 ]
}
wait_until 100 unhealthy
http "$(url /healthz)"
assert_eq "/healthz: 503 once reminders wait longer than alert_after" \
    503 "$code"
assert_grep "/healthz: why" "^reminders deferred: 100, the oldest" "$T/b"
http "$(url /metrics)"
assert_grep "/metrics: the outbox by state" \
    '^treatyd_outbox_rows{state="pending"} 100$' "$T/b"
assert_grep "/metrics: the deferred rows" '^treatyd_outbox_deferred 100$' \
    "$T/b"
assert_grep "/metrics: no mail has left" \
    '^treatyd_last_send_timestamp_seconds 0$' "$T/b"
# Prometheus's own Python client reads the exposition as a scraper would.
checks=$((checks + 1))
if "$PYTHON" - "$T/b" >"$T/prom.out" 2>&1 <<'PY'
import sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
names = [f.name for f in text_string_to_metric_families(text)]
assert "treatyd_outbox_rows" in names, names
assert "treatyd_reminders_failed" in names, names
PY
then :; else fail "/metrics does not parse: $(cat "$T/prom.out")"; fi
assert_grep "/metrics: answers by route class and status" \
    '^treatyd_http_responses_total\{route="health",code="200"\} [1-9][0-9]*$' \
    "$T/b"
assert_grep "/metrics: the 503s of /healthz apart" \
    '^treatyd_http_responses_total\{route="health",code="503"\} [1-9]' "$T/b"
assert_grep "/metrics: the recomputes, counted" \
    '^treatyd_recompute_seconds_count [1-9]' "$T/b"
assert_grep "/metrics: the latest recompute's time" \
    '^treatyd_recompute_last_seconds [0-9]+\.[0-9]{6}$' "$T/b"
# Prometheus's own linter: names, types and help by its conventions.
PROMTOOL=${PROMTOOL:-$(command -v promtool)}
if [ -n "$PROMTOOL" ]; then
	checks=$((checks + 1))
	"$PROMTOOL" check metrics <"$T/b" >"$T/promtool.out" 2>&1 ||
		fail "promtool check metrics: $(cat "$T/promtool.out")"
elif [ -n "$TREATYD_REQUIRE_PEERS" ] && [ "$TREATYD_REQUIRE_PEERS" != 0 ]; then
	fail "promtool is missing (./quickstart test unpacks it)"
else
	echo "promtool not found: /metrics not linted"
fi
ctl outbox --state pending
assert_eq "every row waits for its retry" 100 \
    "$(grep -c 'retried after a temporary failure' "$T/ctl.out")"

# The page's mail goes by the courier: the answer does not wait for it.
ms=$(curl -s -o "$T/b" -w '%{time_total}' --max-time 10 \
    -d "address=c1@example.org" "$(url /signin)" |
    awk '{ printf "%d", $1 * 1000 }')
echo "POST /signin answered in $ms ms"
assert_grep "the sign-in page answers" "Kijk in uw mail" "$T/b"
checks=$((checks + 1))
[ "${ms:-9999}" -lt 500 ] ||
	fail "POST /signin waited $ms ms on the mail server (timeout 3 s)"
slow_healthz 20
assert_eq "/healthz within 100 ms while the link's mail waits" 0 "$slow"
wait_until 100 grep -q "sign-in link to c1@example.org not sent" \
    "$T/treatyd.log"
assert_grep "the courier says the link did not go, and why" \
    "sign-in link to c1@example.org not sent: temporary failure" \
    "$T/treatyd.log"
finish
