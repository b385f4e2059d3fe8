#!/bin/sh
# digest.sh: [reminders] digest = weekly. The reminders of a week go to each
# coordinator in one mail on Monday at send_at, with the deadlines attached;
# nothing leaves before Monday, nothing twice.
. "$top_srcdir/tests/integration/lib.sh"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
report_instruments "$T/instruments.d" TST TSB || exit 1
write_conf "$CONF" "$DB" "$T/instruments.d" nl
cat >>"$CONF" <<'EOF'
lead_times = P30D P7D
catch_up = P7D
digest = weekly
catch_up_mail = no
EOF
ctl init || finish
ctl coordinator add --no-welcome "Anna de Vries" anna@example.org BZK --lang nl \
    --lead TST,TSB || finish
# TST due Tue 2027-06-01: P30D falls on Sun 2 May, sent on Fri 30 April;
# TSB due Wed 2027-06-02: P30D on Mon 3 May.
ctl fact add TST co_adopted 2026-06-01 || finish
ctl fact add TSB co_adopted 2026-06-02 || finish

dispatch() {
	"$TREATYCTL" -c "$CONF" dispatch --now "$1" >"$T/d.out" 2>"$T/d.err"
	assert_eq "dispatch $1: exit status" 0 "$?"
	assert_grep "dispatch $1: $2" "$2" "$T/d.out"
}
mails() {
	ls "$T/outbox/new" 2>/dev/null | wc -l
}

dispatch 2027-04-30T10:00 "^queued 1, sent 0,"
assert_eq "Friday: the reminder waits for Monday's digest" 0 "$(mails)"
dispatch 2027-05-03T08:59 "^queued 0, sent 0,"
assert_eq "Monday before send_at: nothing yet" 0 "$(mails)"
dispatch 2027-05-03T09:00 "^queued 1, sent 2,"
assert_eq "Monday at send_at: one mail for both reminders" 1 "$(mails)"
check "the digest: subject, both deadlines, the attachment" \
    "$PYTHON" - "$T/outbox/new" <<'EOF'
import email, email.policy, os, sys, icalendar
d = sys.argv[1]
(f,) = os.listdir(d)
m = email.message_from_binary_file(open(os.path.join(d, f), 'rb'),
                                   policy=email.policy.default)
assert str(m['subject']) == 'Weekoverzicht verdragsrapportages: 2 termijn(en)', m['subject']
assert str(m['auto-submitted']) == 'auto-generated'
body = m.get_body(('plain',)).get_content()
assert '1 juni 2027' in body and 'TST: Periodieke rapportage' in body, body
assert '2 juni 2027' in body and 'TSB: Periodieke rapportage' in body, body
ics = [p for p in m.walk() if p.get_content_type() == 'text/calendar']
assert len(ics) == 1 and ics[0].get_param('method') == 'PUBLISH'
cal = icalendar.Calendar.from_ical(ics[0].get_payload(decode=True))
assert len(list(cal.walk('VEVENT'))) == 2
EOF
dispatch 2027-05-03T12:00 "^queued 0, sent 0,"
assert_eq "nothing twice" 1 "$(mails)"
ctl outbox --state sent
assert_eq "both rows sent" 2 "$(grep -c 'anna@example.org' "$T/ctl.out")"
# A week later the P7D reminders of the same deadlines: the next digest.
dispatch 2027-05-25T10:00 "^queued 1, sent 0,"
dispatch 2027-05-31T09:00 "^queued 1, sent 2,"
assert_eq "the next Monday: the second digest" 2 "$(mails)"

# The chair's weekly summary speaks the configured language: the chair has
# no coordinator record to take a language from.
CONF=$T/chair.conf
DB=$T/chair.db
rm -rf "$T/outbox"
write_conf "$CONF" "$DB" "$T/instruments.d" en
cat >>"$CONF" <<'EOF'
lead_times = P7D
overdue_every = P7D
chair_after = 0
chair = chair@example.org
digest = weekly
catch_up_mail = no
EOF
ctl init || finish
ctl coordinator add --no-welcome "Anna de Vries" anna@example.org BZK --lang nl \
    --lead TST || finish
ctl fact add TST co_adopted 2026-06-01 || finish
# TST due Tue 2027-06-01, overdue; repeat 1 on Tue 06-08 waits for Anna's
# digest of Monday 06-14; the chair's summary of Monday 06-07 goes at once.
dispatch 2027-06-08T10:00 "^queued 2, sent 1,"
dispatch 2027-06-14T09:00 "^queued 1, sent 2,"
check "the chair's summary in English, Anna's digest in Dutch" \
    "$PYTHON" - "$T/outbox/new" <<'EOF'
import email, email.policy, os, sys
d = sys.argv[1]
subj = {}
for f in os.listdir(d):
    m = email.message_from_binary_file(open(os.path.join(d, f), 'rb'),
                                       policy=email.policy.default)
    subj[m['to'].addresses[0].addr_spec] = (str(m['subject']),
                                            str(m['content-language']))
assert subj['chair@example.org'][0].startswith('Treaty reporting: weekly summary'), subj
assert subj['chair@example.org'][1] == 'en', subj
assert subj['anna@example.org'][0].startswith('Weekoverzicht'), subj
EOF

# A digest row at its last attempt fails, is counted as failed and logged,
# like a single reminder (a Maildir that cannot be made is temporary).
dispatch 2027-06-15T10:00 "^queued 1, sent 0,"
sqlite3 "$DB" "UPDATE outbox SET attempts = 7 WHERE lead = 'overdue-2'"
rm -rf "$T/outbox" && : >"$T/outbox"
"$TREATYCTL" -c "$CONF" dispatch --now 2027-06-21T09:00 >"$T/d.out" \
    2>"$T/d.err"
assert_eq "a failed row: exit status 1" 1 "$?"
assert_grep "the failures are counted as such (the new summary is deferred)" \
    "^queued 1, sent 0, deferred 1, failed 1," "$T/d.out"
assert_grep "the last attempt is logged" "failed after 8 attempts" "$T/d.err"
ctl outbox --state failed
assert_eq "the digest row failed" 1 "$(grep -c 'overdue-2' "$T/ctl.out")"
rm -f "$T/outbox"
finish
