#!/bin/sh
# planning.sh: the annual meeting and the cabinet letter, end to end on the
# shipped Netherlands data: treatyctl agenda in every format and language,
# treatyctl report, the draft agenda mailed once per meeting (across
# restarts), and the /agenda and /report pages of the daemon.
. "$top_srcdir/tests/integration/lib.sh"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
write_conf "$CONF" "$DB" "$top_srcdir/conf/instruments.d" nl
ctl init || finish
ctl fact import "$top_srcdir/conf/seed/nl-facts.ini" || finish
ctl coordinator add --no-welcome "Anna de Vries" anna@example.org BZK --lang nl \
    --lead FCNM,NETWORK || finish
ctl coordinator add --no-welcome "Emma Jansen" emma@example.org BZ --lang en \
    --contributor CEDAW || finish
# The chair fixes the date of the 2027 meeting.
ctl fact add NETWORK due_date_set 2027-01-15 --rule network_meeting \
    --due 2027-03-16 --cycle 2027 --today 2027-01-15 || finish
TODAY=2027-01-20

# agenda: the recorded meeting date, in each format and language.
ctl agenda --today "$TODAY" --format md
assert_grep "agenda md: Dutch title" "^# Conceptagenda jaarlijkse bijeenkomst" \
    "$T/ctl.out"
assert_grep "agenda md: the meeting date set by the chair" "16 maart 2027" \
    "$T/ctl.out"
assert_grep "agenda md: consultation item" \
    "Consultatierondes met het maatschappelijk middenveld" "$T/ctl.out"
assert_grep "agenda md: Caribbean input item" "Aruba, Cura" "$T/ctl.out"
assert_grep "agenda md: kabinetsbrief item" "kabinetsbrief" "$T/ctl.out"
ctl agenda --today "$TODAY" --format md --lang en
assert_grep "agenda md en: English title" "^# Draft agenda" "$T/ctl.out"
assert_grep "agenda md en: the meeting date" "16 March 2027" "$T/ctl.out"
ctl agenda --today "$TODAY" --format html
assert_grep "agenda html: a document" "^<!DOCTYPE html>" "$T/ctl.out"
assert_not_grep "agenda html: no script" "<script" "$T/ctl.out"
ctl agenda --today "$TODAY" --format ics
cp "$T/ctl.out" "$T/meeting.ics"
check "agenda ics: one event on 16 March 2027 with the agenda" \
    "$PYTHON" - "$T/meeting.ics" <<'EOF'
import sys, icalendar, datetime
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
ev = [e for e in cal.walk('VEVENT')]
assert len(ev) == 1, len(ev)
assert str(cal['METHOD']) == 'PUBLISH'
assert ev[0].decoded('DTSTART') == datetime.date(2027, 3, 16), ev[0].decoded('DTSTART')
assert 'Consultatierondes' in str(ev[0]['DESCRIPTION'])
EOF
"$TREATYCTL" -c "$CONF" agenda --format pdf >/dev/null 2>"$T/err"
assert_eq "agenda: a bad format is a user error" 1 "$?"
assert_grep "agenda: the bad value named" "'pdf'" "$T/err"

# report: the year in review, CSV parsed.
ctl report --today "$TODAY" --year 2026 --format csv
check "report csv: RFC 4180, the header and rows" "$PYTHON" - "$T/ctl.out" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
assert rows[0] == ['section', 'instrument', 'date', 'due', 'days_late', 'what', 'symbol', 'paragraph', 'lead'], rows[0]
assert any(r[1] == 'CEDAW' for r in rows[1:]), rows
EOF
ctl report --today "$TODAY" --year 2026 --format md
assert_grep "report md: concluding observations of 2026" "CEDAW" "$T/ctl.out"

# The agenda mail: P14D before 16 March is 2 March, 09:00 Amsterdam.
"$TREATYCTL" -c "$CONF" dispatch --now 2027-03-01T10:00 >"$T/d1" 2>&1
assert_eq "no agenda mail before its time" 0 \
    "$(grep -l 'Conceptagenda\|Draft agenda' "$T"/outbox/new/* 2>/dev/null | wc -l)"
"$TREATYCTL" -c "$CONF" dispatch --now 2027-03-02T09:00 >"$T/d2" 2>&1
"$TREATYCTL" -c "$CONF" dispatch --now 2027-03-03T09:00 >"$T/d3" 2>&1
"$TREATYCTL" -c "$CONF" dispatch --now 2027-03-09T09:00 >"$T/d4" 2>&1
count=$(ctl outbox --limit 1000 && grep -c ' agenda ' "$T/ctl.out")
assert_eq "the agenda goes once to each coordinator, across restarts" 2 "$count"
check "the agenda mail: subject, parts and the meeting attached" \
    "$PYTHON" - "$T/outbox/new" <<'EOF'
import email, email.policy, os, sys
d = sys.argv[1]
found = 0
for f in os.listdir(d):
    m = email.message_from_binary_file(open(os.path.join(d, f), 'rb'),
                                       policy=email.policy.default)
    s = str(m['subject'])
    if 'agenda' not in s.lower():
        continue
    found += 1
    types = [p.get_content_type() for p in m.walk()]
    assert 'text/plain' in types and 'text/html' in types and 'text/calendar' in types, types
    if str(m['to']).startswith('Anna'):
        assert s.startswith('Conceptagenda'), s
    else:
        assert s.startswith('Draft agenda'), s
assert found == 2, found
EOF

# The daemon serves both documents.
start_daemon "$CONF" "$T/daemon.log" || finish
http "$(url /agenda)"
assert_eq "/agenda: 200" 200 "$code"
assert_eq "/agenda: HTML" "text/html; charset=utf-8" "$(hdr Content-Type)"
http "$(url '/report?lang=en')"
assert_eq "/report: 200" 200 "$code"
assert_grep "/report: English" "[Yy]ear in review" "$T/b"
http "$(url /)"
assert_grep "overview links the agenda" 'href="/agenda\?lang=nl"' "$T/b"
finish
