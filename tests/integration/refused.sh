#!/bin/sh
# refused.sh: a mail server that refuses every recipient (550). The
# daemon gives the reminders up at once, logs each at error, and /healthz
# answers 503 "reminders failed since the start: N" while /metrics counts
# them in treatyd_reminders_failed_total; outbox --state failed lists them
# with the server's words.
. "$top_srcdir/tests/integration/lib.sh"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
report_instruments "$T/instruments.d" TST || exit 1

# The refusing server: aiosmtpd, whose RCPT handler answers 550.
"$PYTHON" - "$T/refuse.port" >"$T/refuse.log" 2>&1 <<'PY' &
import asyncio, socket, sys
from aiosmtpd.controller import Controller

class Refuse:
    async def handle_RCPT(self, server, session, envelope, address, options):
        return "550 5.1.1 <%s>: no such user here" % address

s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
c = Controller(Refuse(), hostname="127.0.0.1", port=port)
c.start()
open(sys.argv[1], "w").write("%d\n" % port)
import time
time.sleep(120)
PY
SRV_PID=$!
DAEMON_PIDS="$DAEMON_PIDS $SRV_PID"
wait_until 100 test -s "$T/refuse.port" ||
	{ fail "no refusing server" "$(cat "$T/refuse.log")"; finish; }
SRV=$(cat "$T/refuse.port")

write_conf "$CONF" "$DB" "$T/instruments.d" nl
sed -i "s|^transport = .*|transport = smtp://127.0.0.1:$SRV\nstarttls = off\ntimeout = 5|" "$CONF"
cat >>"$CONF" <<'EOF'
lead_times = P7D
catch_up = P3D
catch_up_mail = no
max_per_day = 100
EOF
ctl init || finish
add_coordinators 3 TST || finish
today=$(TZ=Europe/Amsterdam date +%F)
co=$(date -u -d "$today - 1 year + 7 days" +%F)
ctl fact add TST co_adopted "$co" || finish
printf 'send_at = 00:00\n' >>"$CONF"

start_daemon "$CONF" "$T/treatyd.log" || finish
wait_until 100 grep -q "^reminders: " "$T/treatyd.log"
assert_grep "the pass gave up on the three" \
    "^reminders: 3 queued, 0 sent, 0 deferred, 3 failed" "$T/treatyd.log"
assert_eq "each refusal logged at error, with the server's words" 3 \
    "$(grep -c '^error: reminder .* refused: 550 5.1.1' "$T/treatyd.log")"
http "$(url /healthz)"
assert_eq "/healthz: 503 after a failure since the start" 503 "$code"
assert_grep "/healthz: why" "^reminders failed since the start: 3$" "$T/b"
http "$(url /metrics)"
assert_grep "/metrics: the failures counted" \
    '^treatyd_reminders_failed_total 3$' "$T/b"
assert_grep "/metrics: the failed rows" \
    '^treatyd_outbox_rows\{state="failed"\} 3$' "$T/b"
ctl outbox --state failed
assert_eq "three rows failed" 3 "$(grep -c ' failed ' "$T/ctl.out")"
assert_grep "... with the server's words" "no such user here" "$T/ctl.out"
finish
