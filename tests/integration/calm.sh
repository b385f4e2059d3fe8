#!/bin/sh
# calm.sh: reminders people keep reading.
#  1. A first dispatch: one catch-up mail per coordinator, not one per item.
#  2. max_per_day = 1: two reminders of one day go as one combined mail; a
#     change notice later that day waits for tomorrow.
#  3. Date: is the time of the first attempt, not the scheduled time.
#  4. An acknowledged deadline gets no more repeats.
#  5. Rows that waited for a broken [mail] configuration go at once once a
#     dispatch runs with a fixed one.
#  6. Every mail passes python's email parser and node's mailparser.
#  7. The shipped data and the demo's coordinators simulated from
#     1 December 2026 over 13 weeks, a dispatch every day at 09:00: mails
#     per person per week, printed; nobody gets two mails on one day, the
#     chair one summary a week at most.
. "$top_srcdir/tests/integration/lib.sh"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
MD=$T/outbox
report_instruments "$T/instruments.d" TST TSB || exit 1
write_conf "$CONF" "$DB" "$T/instruments.d" nl
cat >>"$CONF" <<'EOF'
lead_times = P30D P7D
overdue_every = P7D
catch_up = P2D
EOF

dispatch() {
	"$TREATYCTL" -c "$CONF" dispatch --now "$1" >"$T/d.out" 2>"$T/d.err"
	assert_eq "dispatch $1: exit status" 0 "$?"
	assert_grep "dispatch $1: $2" "$2" "$T/d.out"
}
mails() {
	find "$MD/new" -type f 2>/dev/null | wc -l
}
# mail_field FIELD: FIELD of the newest mail in the Maildir.
mail_field() {
	"$PYTHON" - "$MD/new" "$1" <<'PY'
import email, email.policy, os, sys
d, field = sys.argv[1], sys.argv[2]
f = max((os.path.join(d, n) for n in os.listdir(d)), key=os.path.getmtime)
m = email.message_from_binary_file(open(f, 'rb'), policy=email.policy.default)
print(m[field])
PY
}

ctl init || finish
ctl coordinator add --no-welcome "Anna de Vries" anna@example.org BZK \
    --lang nl --lead TST,TSB || finish
ctl coordinator add --no-welcome "John Smith" john@example.org BZ \
    --lang en --contributor TST || finish
# Both due Tue 2027-06-01: P30D on Sun 05-02, sent Fri 04-30.
ctl fact add TST co_adopted 2026-06-01 || finish
ctl fact add TSB co_adopted 2026-06-01 || finish

# 1. The first dispatch: a catch-up mail each, the day's reminders in it.
dispatch 2027-04-30T09:00 "^queued 2, sent 2, deferred 0, failed 0, skipped 3,"
assert_eq "1: one mail per coordinator" 2 "$(mails)"
ctl outbox --state sent
assert_grep "1: Anna's catch-up" "catch-up +anna@example.org" "$T/ctl.out"
assert_grep "1: John's catch-up" "catch-up +john@example.org" "$T/ctl.out"
check "1: the catch-up lists what is coming" "$PYTHON" - "$MD/new" <<'PY'
import email, email.policy, os, sys
d = sys.argv[1]
for n in os.listdir(d):
    m = email.message_from_binary_file(open(os.path.join(d, n), 'rb'),
                                       policy=email.policy.default)
    body = m.get_body(('plain',)).get_content()
    if 'anna' in str(m['to']):
        assert str(m['subject']).startswith('Verdragsrapportages: stand'), m['subject']
        assert 'TST: Periodieke rapportage' in body, body
        assert 'TSB: Periodieke rapportage' in body, body
        assert 'https://treatyd.example.org/feeds/instrument/TST.ics' in body
    else:
        assert 'TST: Periodic report' in body and 'TSB' not in body, body
PY

# 2. One mail a day: the P7D reminders of both (Tue 05-25) in one mail.
rm -rf "$MD"
dispatch 2027-05-25T09:00 "^queued 3, sent 3, deferred 0, failed 0,"
assert_eq "2: Anna's two reminders in one mail, John's alone" 2 "$(mails)"
assert_eq "2: the combined mail's subject" \
    "Verdragsrapportages: 2 termijn(en) vragen aandacht" \
    "$(ANNA=1 "$PYTHON" - "$MD/new" <<'PY'
import email, email.policy, os, sys
d = sys.argv[1]
for n in os.listdir(d):
    m = email.message_from_binary_file(open(os.path.join(d, n), 'rb'),
                                       policy=email.policy.default)
    if 'anna' in str(m['to']):
        print(m['subject'])
PY
)"
# The body moves TST's date the same day: the change notice waits.
ctl fact add TST due_date_set 2027-05-25 --rule report --due 2027-06-15 \
    --today 2027-05-25 || finish
dispatch 2027-05-25T14:00 "waiting for tomorrow 2$"
assert_eq "2: nothing more today" 2 "$(mails)"
ctl outbox --state pending
assert_grep "2: the outbox says why it waits" \
    "waits for tomorrow: \[reminders\] max_per_day" "$T/ctl.out"
dispatch 2027-05-26T09:00 "^queued 0, sent 2,"
assert_eq "2: the change notices the next morning" 4 "$(mails)"

# 3. Date: when it was first tried (09:00 local, 07:00 UTC), not when the
# reminder was scheduled: a dispatch late in the day dates it then.
rm -rf "$MD"
dispatch 2027-06-08T16:30 "^queued 3, sent 3,"
assert_eq "3: two mails: Anna's two reminders together, John's" 2 "$(mails)"
assert_eq "3: Date: is the first attempt" "Tue, 08 Jun 2027 14:30:00 +0000" \
    "$(mail_field Date)"

# 4. Acknowledged: no more repeats for Anna (overdue since 06-02 for TSB).
ctl ack TSB/report/1 --coordinator "Anna de Vries" --today 2027-06-08
assert_eq "4: ack" 0 "$rc"
assert_grep "4: ack says what it did" "^acknowledged TSB/report/1 \(due 2027-06-01, overdue\) for Anna de Vries" "$T/ctl.out"
"$TREATYCTL" -c "$CONF" ack TSB/report/1 --coordinator "John Smith" \
    --today 2027-06-08 >/dev/null 2>"$T/ack.err"
assert_eq "4: not John's instrument" 1 "$?"
assert_grep "4: says why" "John Smith is not a coordinator of TSB" "$T/ack.err"
rm -rf "$MD"
# Mon 06-15: TSB's second repeat, Anna's only; nothing else is due.
dispatch 2027-06-15T09:00 "^queued 0, sent 0,"
ctl outbox
assert_not_grep "4: no repeat for the acknowledged deadline" \
    "TSB/report/1 .*overdue-2 +anna" "$T/ctl.out"
assert_grep "4: the outbox shows the acknowledgement" \
    "^acknowledged TSB/report/1 \(due 2027-06-01, overdue\) by anna@example.org" \
    "$T/ctl.out"

# 5. A broken [mail] configuration (a username but no password): the rows
# wait for it; a dispatch with the fixed configuration sends them at once,
# not an hour later.
sed 's|^transport = .*|transport = smtp://127.0.0.1:1|' "$CONF" >"$T/bad.conf"
printf '[mail]\nstarttls = off\nusername = treatyd\n' >>"$T/bad.conf"
"$TREATYCTL" -c "$T/bad.conf" dispatch --now 2027-06-22T09:00 >"$T/d.out" \
    2>"$T/d.err"
assert_eq "5: a configuration error: exit status 1" 1 "$?"
assert_grep "5: it names the problem" "password_file" "$T/d.err"
"$TREATYCTL" -c "$T/bad.conf" outbox --state pending >"$T/o.out" 2>&1
assert_grep "5: the outbox says why the rows wait" \
    "waits for the \[mail\] configuration to be fixed" "$T/o.out"
rm -rf "$MD"
dispatch 2027-06-22T09:05 "sent [1-9]"
assert_eq "5: sent at once with the fixed configuration" 1 \
    "$(test "$(mails)" -gt 0 && echo 1)"

# 6. Every mail so far parses with both parsers.
rm -rf "$MD"
dispatch 2027-06-29T09:00 "^queued"
check "6: python's email parser" "$PYTHON" - "$MD/new" <<'PY'
import email, email.policy, email.utils, os, sys
for n in os.listdir(sys.argv[1]):
    raw = open(os.path.join(sys.argv[1], n), 'rb').read()
    m = email.message_from_bytes(raw, policy=email.policy.strict)
    assert m['message-id'] and m['date'] and m['subject'], n
    assert email.utils.parsedate_to_datetime(str(m['date'])), n
PY
if [ -d "$top_builddir/tests/peers/node_modules/mailparser" ] ||
    [ -d "$top_srcdir/tests/peers/node_modules/mailparser" ]; then
	check "6: node's mailparser" node -e '
const fs = require("fs"), path = require("path");
const dir = process.argv[1];
let mp;
for (const d of [process.env.top_builddir, process.env.top_srcdir])
	try { mp = require(path.join(d, "tests/peers/node_modules/mailparser")); break; } catch (e) {}
(async () => {
	for (const n of fs.readdirSync(dir)) {
		const m = await mp.simpleParser(fs.readFileSync(path.join(dir, n)));
		if (!m.date || !m.messageId || !m.subject || !m.text)
			throw new Error(n + ": missing Date, Message-ID, Subject or text");
	}
})().catch(e => { console.error(e.message); process.exit(1); });
' "$MD/new"
else
	echo "note: node mailparser not installed (npm ci in tests/peers)"
fi

# 7. Thirteen weeks of the shipped data ---------------------------------------
# The demo's coordinators and a chair; a dispatch every day at 09:00 from
# Tuesday 1 December 2026, as treatyd would do them.
CONF=$T/nl.conf
DB=$T/nl.db
MD=$T/nl.outbox
write_conf "$CONF" "$DB" "$top_srcdir/conf/instruments.d" nl
sed -i "s|^transport = .*|transport = maildir:$MD|; s|^horizon = P3Y$|horizon = P3Y\nrecords_from = 2026-12-01|" "$CONF"
printf 'chair = voorzitter@example.org\n' >>"$CONF"
ctl init || finish
ctl fact import "$top_srcdir/conf/seed/nl-facts.ini" || finish
ctl coordinator add --no-welcome "Anna de Vries" anna.devries@example.org BZK \
    --lang nl --lead FCNM,UPR,LETTER,NETWORK --contributor CCPR || finish
ctl coordinator add --no-welcome "Joost Bakker" joost.bakker@example.org OCW \
    --lang nl --lead CEDAW || finish
ctl coordinator add --no-welcome "Emma Jansen" emma.jansen@example.org BZ \
    --lang en --contributor CEDAW,UPR,CAT || finish
day=0
while [ "$day" -lt 91 ]; do
	d=$(date -u -d "2026-12-01 + $day days" +%F)
	"$TREATYCTL" -c "$CONF" dispatch --now "${d}T09:00" >"$T/d.out" \
	    2>"$T/d.err" || { fail "dispatch $d failed" "$(cat "$T/d.err")"; break; }
	day=$((day + 1))
done
check "7: 13 weeks: at most one mail a person a day, the chair's summary at most weekly" \
    "$PYTHON" - "$MD/new" <<'PY'
import collections, datetime, email, email.policy, email.utils, os, sys
d = sys.argv[1]
# Calendar weeks from Monday 30 November (the 1st is a Tuesday).
start = datetime.date(2026, 11, 30)
per_day = collections.Counter()
per_week = collections.defaultdict(collections.Counter)
kinds = collections.Counter()
for n in os.listdir(d):
    m = email.message_from_binary_file(open(os.path.join(d, n), 'rb'),
                                       policy=email.policy.default)
    who = m['to'].addresses[0].addr_spec
    when = email.utils.parsedate_to_datetime(str(m['date'])).date()
    per_day[(who, when)] += 1
    per_week[who][(when - start).days // 7] += 1
people = sorted(per_week)
print("mails per calendar week, 1 December 2026 to 1 March 2027:")
for who in people:
    row = [per_week[who][w] for w in range(14)]
    print("  %-28s %s  total %d" % (who, " ".join("%2d" % x for x in row),
                                    sum(row)))
worst = max(per_day.values()) if per_day else 0
print("most mails to one person on one day: %d" % worst)
assert worst <= 1, [k for k, v in per_day.items() if v > 1]
for w, c in per_week['voorzitter@example.org'].items():
    assert c <= 1, ('chair', w, c)
for who in people:
    assert max(per_week[who].values()) <= 3, (who, per_week[who])
PY
finish
