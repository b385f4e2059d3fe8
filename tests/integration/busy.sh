#!/bin/sh
# busy.sh: a busy database is temporary. Another writer holds the lock for
# 6 s while treatyd starts with reminders due: it serves at once, answers
# /healthz throughout (503, naming the database, until it can recompute),
# tries again by its timer, and sends every due reminder within seconds of
# the lock's release (not at midnight).
. "$top_srcdir/tests/integration/lib.sh"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
report_instruments "$T/instruments.d" TST || exit 1
write_conf "$CONF" "$DB" "$T/instruments.d" nl
cat >>"$CONF" <<'EOF'
lead_times = P7D
catch_up = P3D
catch_up_mail = no
max_per_day = 100
send_at = 00:00
EOF
ctl init || finish
add_coordinators 5 TST || finish
today=$(TZ=Europe/Amsterdam date +%F)
ctl fact add TST co_adopted "$(date -u -d "$today - 1 year + 7 days" +%F)" ||
    finish

# The other writer: holds the write lock for 6 s.
"$PYTHON" - "$DB" "$T/locked" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").write("1")
time.sleep(6)
c.execute("COMMIT")
PY
LOCK_PID=$!
DAEMON_PIDS="$DAEMON_PIDS $LOCK_PID"
wait_until 50 test -s "$T/locked" || { fail "no lock"; finish; }
locked_at=$(date +%s)
start_daemon "$CONF" "$T/treatyd.log" || finish
slow=0
n=0
while [ "$n" -lt 20 ]; do
	ms=$(curl -s -o "$T/healthz.$n" -w '%{time_total}' --max-time 2 \
	    "$(url /healthz)" | awk '{ printf "%d", $1 * 1000 }')
	[ "${ms:-9999}" -gt 300 ] && slow=$((slow + 1))
	n=$((n + 1))
	sleep 0.2
done
assert_eq "/healthz answers while the database is locked" 0 "$slow"
assert_eq "/healthz says the database stands in the way" 1 \
    "$(cat "$T"/healthz.* | grep -c -m 1 '^database: recomputing fails since .*locked')"
assert_grep "the daemon says it will try again" "trying again shortly" \
    "$T/treatyd.log"
delivered() {
	[ "$(rem_count "$T/outbox")" -ge 5 ]
}
if wait_until 400 delivered; then
	echo "every reminder sent $(( $(date +%s) - locked_at - 6 )) s after the lock was released"
else
	fail "the due reminders were not sent within 34 s of the lock's release" \
	    "log: $(tail -n 5 "$T/treatyd.log" | tr '\n' '|')"
fi
checks=$((checks + 1))
http "$(url /healthz)"
assert_eq "/healthz is ok again once the lock is gone" "200 ok" "$code $(cat "$T/b")"
finish
