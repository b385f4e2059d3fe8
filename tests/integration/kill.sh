#!/bin/sh
# kill.sh: SIGKILL at random moments of a dispatch, KILL_ROUNDS times (20;
# 100 with make check-long). 60 reminders due at once go to a slow aiosmtpd
# (python3-aiosmtpd) that writes every message to disk, 30 ms each, half
# the rounds storing before its 250 and half after. After the last round a
# dispatch finishes the batch. Then: every key was delivered, a duplicate
# only ever carries the same Message-ID (the resend of a message accepted
# just before the kill), the database passes integrity_check. The figures
# are printed.
. "$top_srcdir/tests/integration/lib.sh"

ROUNDS=${KILL_ROUNDS:-20}
CONF=$T/treatyd.conf
DB=$T/treatyd.db
report_instruments "$T/instruments.d" TST || exit 1
write_conf "$CONF" "$DB" "$T/instruments.d" nl
cat >>"$CONF" <<'EOF'
lead_times = P30D
catch_up = P7D
catch_up_mail = no
max_per_day = 100
EOF
ctl init || finish
add_coordinators 60 TST || finish
# TST due Tue 2027-06-01: its P30D reminder goes on Fri 2027-04-30 09:00.
ctl fact add TST co_adopted 2026-06-01 || finish

MAIL=$T/mail
round=0
killed_mid=0
while [ "$round" -lt "$ROUNDS" ]; do
	mode=before
	[ $((round % 2)) = 1 ] && mode=after
	rem_start_slow "slow$round" "$MAIL" 0.03 "$mode" || finish
	sed -i "/^transport = /d; /^starttls = /d" "$CONF"
	sed -i "s|^\[mail\]$|[mail]\ntransport = smtp://127.0.0.1:$REM_PORT\nstarttls = off|" \
	    "$CONF"
	"$TREATYCTL" -c "$CONF" dispatch --now 2027-04-30T09:00 \
	    >"$T/run.out" 2>&1 &
	pid=$!
	DAEMON_PIDS="$DAEMON_PIDS $pid"
	# 0 to 0.9 s into the batch.
	sleep "0.$(od -An -N1 -tu1 /dev/urandom | awk '{ print $1 % 10 }')"
	if alive "$pid"; then
		killed_mid=$((killed_mid + 1))
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	forget_pid "$pid"
	kill "$REM_PID" 2>/dev/null
	wait "$REM_PID" 2>/dev/null
	forget_pid "$REM_PID"
	round=$((round + 1))
done
# The last dispatch, not killed, finishes what is left.
rem_start_slow final "$MAIL" 0 before || finish
sed -i "/^transport = /d; /^starttls = /d" "$CONF"
sed -i "s|^\[mail\]$|[mail]\ntransport = smtp://127.0.0.1:$REM_PORT\nstarttls = off|" \
    "$CONF"
ctl dispatch --now 2027-04-30T09:00 || finish
check "every key delivered; duplicates only as resends of one message" \
    "$PYTHON" - "$MAIL" "$ROUNDS" "$killed_mid" <<'PY'
import collections, email, email.policy, os, sys
d, rounds, killed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
by_rcpt = collections.defaultdict(set)
count = collections.Counter()
for sub in ("new", "cur"):
    p = os.path.join(d, sub)
    for n in os.listdir(p) if os.path.isdir(p) else []:
        m = email.message_from_binary_file(open(os.path.join(p, n), "rb"),
                                           policy=email.policy.default)
        rcpt = str(m["X-RcptTo"] or m["To"])
        by_rcpt[rcpt].add(str(m["Message-ID"]))
        count[rcpt] += 1
missing = [i for i in range(1, 61)
           if not any("c%d@example.org" % i in r for r in by_rcpt)]
dups = sum(c - 1 for c in count.values())
print("kill rounds: %d, killed mid-batch: %d, messages: %d, "
      "recipients: %d of 60, resent duplicates: %d" %
      (rounds, killed, sum(count.values()), len(by_rcpt), dups))
assert not missing, missing
for r, ids in by_rcpt.items():
    assert len(ids) == 1, (r, ids)
PY
assert_eq "every row sent" "sent|60" \
    "$(rem_sql "$DB" "SELECT state, count(*) FROM outbox GROUP BY state")"
assert_eq "integrity_check" ok "$(rem_sql "$DB" "PRAGMA integrity_check")"
finish
