#!/bin/sh
# Housekeeping: outbox rows that are done with and the Maildir files
# treatyd wrote go once they are older than [reminders] keep.
#
#  1. treatyctl prune --dry-run says what would go and removes nothing;
#     treatyctl prune removes the rows and files it names, keeps another
#     program's file, and a dispatch at the same moment then sends
#     nothing: not the pruned reminder again, and no catch-up mail to a
#     coordinator whose every row was pruned (the outbox still knows
#     them).
#  2. The daemon prunes at its first pass of the day: old sent, failed
#     and superseded rows and an old mail file go, a young row and a
#     young file stay, logged; a second pass the same day does not prune
#     again (an old row planted meanwhile stays).
#
# No peers: the transport is maildir:.

# shellcheck disable=SC2317
: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

report_instruments "$T/instruments.d" TESTA
mkdir -p "$T/db"
CONF=$T/treatyd.conf
write_conf "$CONF" "$T/db/treatyd.db" "$T/instruments.d" en
cat >>"$CONF" <<EOF
lead_times = P180D P7D
working_days_only = no
send_at = 09:00
keep = P60D
EOF

ctl init || finish
# The report falls due 2040-06-01; its P180D reminder on 2039-12-04.
ctl fact add TESTA co_adopted 2039-06-01 --symbol TESTA/C/CO/1 \
    --today 2039-06-02 || finish
# With the welcome: the outbox knows the coordinator from then on.
ctl coordinator add "Anna de Vries" anna@example.org BZK --lead TESTA ||
    finish

# 1. treatyctl prune -------------------------------------------------------

ctl dispatch --now 2039-12-04T10:00
assert_grep "the P180D reminder is sent" "sent 1," "$T/ctl.out"
# As the daemon would have written it then.
newest=$(ls -t "$T/outbox/new" | head -1)
touch -d "2039-12-04 10:00" "$T/outbox/new/$newest"
echo "not treatyd's" >"$T/outbox/new/README"
assert_eq "two mails in the Maildir" 3 "$(ls "$T/outbox/new" | wc -l)"

ctl prune --dry-run --now 2039-12-20T10:00
assert_grep "prune --dry-run: what would go (the welcome only)" \
    "^would prune 1 outbox row and 1 mail file older than 2039-10-21$" \
    "$T/ctl.out"
ctl outbox --json
check "prune --dry-run removes no row" "$PYTHON" - "$T/ctl.out" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert len(v["rows"]) == 2, v["rows"]
EOF
assert_eq "prune --dry-run removes no file" 3 "$(ls "$T/outbox/new" | wc -l)"

ctl prune --now 2040-02-15T10:00
assert_grep "prune: what went" \
    "^pruned 2 outbox rows and 2 mail files older than 2039-12-17$" \
    "$T/ctl.out"
ctl outbox --json
check "prune: the rows are gone" "$PYTHON" - "$T/ctl.out" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert v["rows"] == [], v["rows"]
EOF
assert_eq "prune: only another program's file is left" README \
    "$(ls "$T/outbox/new")"

# Pruned: nothing is planned again, and Anna is no new recipient.
ctl dispatch --now 2040-02-15T10:00
assert_grep "no resend and no catch-up mail after pruning" \
    "^queued 0, sent 0," "$T/ctl.out"
ctl prune --now 2040-02-15T10:00
assert_grep "prune again: nothing left" \
    "^pruned 0 outbox rows and 0 mail files older than 2039-12-17$" \
    "$T/ctl.out"

"$TREATYCTL" -c "$CONF" prune --now tomorrow >"$T/ctl.out" 2>"$T/ctl.err"
assert_eq "prune --now with a bad time: exit status" 1 "$?"
assert_grep "prune --now with a bad time: says why" "--now 'tomorrow'" \
    "$T/ctl.err"
"$TREATYCTL" -c "$CONF" prune extra >"$T/ctl.out" 2>"$T/ctl.err"
assert_eq "prune with an argument: usage error" 2 "$?"

# 2. The daemon ------------------------------------------------------------

mkdir -p "$T/d/db"
CONF=$T/d/treatyd.conf
write_conf "$CONF" "$T/d/db/treatyd.db" "$T/instruments.d" en
sed -i "s|maildir:$T/outbox|maildir:$T/d/outbox|" "$CONF"
ctl init || finish
mkdir -p "$T/d/outbox/new" "$T/d/outbox/cur" "$T/d/outbox/tmp"
old=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
young=1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
echo old >"$T/d/outbox/cur/$old:2,S"
echo young >"$T/d/outbox/new/$young"
touch -d "3 years ago" "$T/d/outbox/cur/$old:2,S"
"$PYTHON" - "$T/d/db/treatyd.db" <<'EOF' || fail "planting outbox rows"
import sqlite3, sys, time
now = int(time.time())
old = now - 3 * 366 * 86400
db = sqlite3.connect(sys.argv[1])
for key, state, t in (("a", "sent", old), ("b", "failed", old),
                      ("c", "superseded", old), ("d", "sent", now - 86400)):
    db.execute("INSERT INTO outbox (key, deadline, due, lead, recipient,"
               " language, kind, state, message_id, send_at, next_attempt,"
               " created, sent_at) VALUES (?, 'X/report/1', '2020-01-01',"
               " 'P30D', 'old@example.org', 'en', 'reminder', ?, ?, ?, ?, ?,"
               " ?)", (key, state, "<%s@example.org>" % key, t, t, t,
                       t if state == "sent" else 0))
db.commit()
EOF
cutoff=$("$PYTHON" -c '
import datetime, zoneinfo
d = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Amsterdam")).date()
try:
    print(d.replace(year=d.year - 2))
except ValueError:
    print(d.replace(year=d.year - 2, day=28))
')
start_daemon "$CONF" "$T/d/treatyd.log" || finish
pruned() { grep -q "housekeeping: pruned" "$T/d/treatyd.log"; }
wait_until 100 pruned
assert_grep "the daemon prunes at its first pass, logged at info" \
    "^housekeeping: pruned 3 outbox rows and 1 mail file older than $cutoff\$" \
    "$T/d/treatyd.log"
ctl outbox --json
check "the daemon kept the young row" "$PYTHON" - "$T/ctl.out" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert [r["state"] for r in v["rows"]] == ["sent"], v["rows"]
EOF
checks=$((checks + 1))
[ -f "$T/d/outbox/new/$young" ] && [ ! -e "$T/d/outbox/cur/$old:2,S" ] ||
    fail "the daemon removes the old mail file only"
# Another old row, and another pass the same day (a reload dispatches):
# no second pruning.
"$PYTHON" - "$T/d/db/treatyd.db" <<'EOF' || fail "planting an outbox row"
import sqlite3, sys, time
t = int(time.time()) - 3 * 366 * 86400
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO outbox (key, deadline, due, lead, recipient,"
           " language, kind, state, message_id, send_at, next_attempt,"
           " created, sent_at) VALUES ('e', 'X/report/1', '2020-01-01',"
           " 'P30D', 'old@example.org', 'en', 'reminder', 'failed',"
           " '<e@example.org>', ?, ?, ?, 0)", (t, t, t))
db.commit()
EOF
kill -HUP "$DPID"
reloaded() { grep -q "configuration reloaded" "$T/d/treatyd.log"; }
wait_until 100 reloaded
sleep 1
assert_eq "pruned once a day" 1 "$(grep -c "housekeeping:" "$T/d/treatyd.log")"
ctl outbox --json
check "the row planted after the day's pruning stays" "$PYTHON" - \
    "$T/ctl.out" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert sorted(r["state"] for r in v["rows"]) == ["failed", "sent"], v["rows"]
EOF

finish
