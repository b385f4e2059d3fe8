#!/bin/sh
# ack.sh: "we know; it is being handled" from the reminder itself. A
# reminder carries a link to /ack/TOKEN; opening it changes nothing and
# shows a confirm button; the POST (with its CSRF field) records the
# acknowledgement as `treatyctl ack` does (whose effect on the planner
# calm.sh checks), and the overview shows it. Refused: a POST without the
# CSRF field, a token that belongs to no reminder, a link 61 days old, a
# link whose deadline has moved. A resent reminder carries the same link.
# The outbox keeps only the token's hash.
#
# Peers: curl, sqlite3; for the confirm, chromium and the npm packages of
# tests/browser (else curl confirms).
: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

command -v curl >/dev/null 2>&1 || missing_peer curl "apt-get install curl"
command -v sqlite3 >/dev/null 2>&1 ||
	missing_peer sqlite3 "apt-get install sqlite3"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
MAIL=$T/outbox
report_instruments "$T/instruments.d" TST || exit 1
write_conf "$CONF" "$DB" "$T/instruments.d" nl
cat >>"$CONF" <<'EOF'
lead_times = P7D
catch_up = P3D
catch_up_mail = no
overdue_every = P1D
EOF
ctl init || finish
ctl coordinator add --no-welcome "Anna de Vries" anna@example.org BZK \
    --lead TST || finish
# Due in 7 days: the P7D reminder is due today.
today=$(TZ=Europe/Amsterdam date +%F)
co=$(date -u -d "$today - 1 year + 7 days" +%F)
ctl fact add TST co_adopted "$co" || finish
due=$(date -u -d "$today + 7 days" +%F)

# link_of: the acknowledgement link in the newest mail's text part.
link_of() {
	"$PYTHON" - "$MAIL/new" <<'PYEOF'
import email, email.policy, os, re, sys
d = sys.argv[1]
f = max((os.path.join(d, n) for n in os.listdir(d)), key=os.path.getmtime)
m = email.message_from_binary_file(open(f, 'rb'), policy=email.policy.default)
found = re.search(r'https?://\S+/ack/[0-9a-f]{64}',
    m.get_body(('plain',)).get_content())
html = m.get_body(('html',)).get_content()
if found and ('href="%s"' % found.group(0)) in html:
    print(found.group(0))
PYEOF
}
local_url() {
	url "${1#https://treatyd.example.org}"
}
csrf() {
	sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -n 1
}

ctl dispatch
assert_grep "the reminder is sent" "^queued 1, sent 1," "$T/ctl.out"
LINK=$(link_of)
assert_ne "the reminder carries an acknowledgement link, in text and HTML" \
    "" "$LINK"
token=${LINK##*/}
assert_eq "the outbox keeps only the token's hash" 0 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE ack_hash = '$token'")"
assert_eq "... its SHA-256" 1 \
    "$(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE ack_hash = \
'$(printf %s "$token" | sha256sum | cut -d' ' -f1)'")"

# sql STATEMENT: on the database, waiting for the daemon's own writes.
sql() {
	sqlite3 -cmd ".timeout 10000" "$DB" "$1"
}

# Sent again (the row made pending, as after a crash): the same link.
sql "UPDATE outbox SET state = 'pending', next_attempt = 0"
sleep 1
ctl dispatch
assert_grep "the reminder is sent again" "sent 1," "$T/ctl.out"
assert_eq "the resent reminder carries the same link" "$LINK" "$(link_of)"

start_daemon "$CONF" "$T/treatyd.log" || finish

http "$(local_url "$LINK")"
assert_eq "GET the link: a page" 200 "$code"
assert_grep "the page names the deadline" "TST" "$T/b"
assert_grep "the page has the confirm button" \
    "Wij weten ervan; het wordt opgepakt" "$T/b"
ctl outbox
assert_not_grep "GET records nothing" "^acknowledged" "$T/ctl.out"

http -X POST "$(local_url "$LINK")"
assert_eq "POST without the CSRF field: 403" 403 "$code"
http -d "csrf=$(printf '%064d' 0)" "$(local_url "/ack/$(printf '%064d' 1)")"
assert_eq "an unknown token: 403 (its CSRF cannot match)" 403 "$code"
http "$(local_url "/ack/$(printf '%064d' 1)")"
assert_eq "GET an unknown token: 404" 404 "$code"
ctl outbox
assert_not_grep "the refused POSTs recorded nothing" "^acknowledged" \
    "$T/ctl.out"

# The confirm: in Debian's chromium (tests/browser/ack.mjs, with axe-core)
# where its npm packages are installed, else with curl.
BROWSER=$top_srcdir/tests/browser
if command -v node >/dev/null 2>&1 && [ -x /usr/bin/chromium ] &&
    [ -d "$BROWSER/node_modules/puppeteer-core" ] &&
    [ -d "$BROWSER/node_modules/@axe-core/puppeteer" ]; then
	mkdir -p "$T/home"
	HOME=$T/home timeout 120 node "$BROWSER/ack.mjs" \
	    "$(local_url "$LINK")" "Vastgelegd: u weet ervan" \
	    >"$T/browser.out" 2>&1
	rc=$?
	add_results "$T/browser.out"
	assert_eq "the browser run's exit status" 0 "$rc"
else
	echo "no chromium or npm packages: confirming with curl"
	http "$(local_url "$LINK")"
	http -d "csrf=$(csrf)" "$(local_url "$LINK")"
	assert_eq "POST with the CSRF field: 200" 200 "$code"
	assert_grep "the page says it is recorded" "Vastgelegd: u weet ervan" \
	    "$T/b"
fi
http "$(local_url "$LINK")"
c=$(csrf)
ctl outbox
assert_grep "the outbox shows the acknowledgement, by web" \
    "^acknowledged TST/report/1 \\(due $due, [a-z]*\\) by anna@example.org" \
    "$T/ctl.out"
assert_grep "the log says what changed" \
    "acknowledged TST/report/1 \\(due $due" "$T/treatyd.log"
http -d "csrf=$c" "$(local_url "$LINK")"
assert_grep "a second POST changes nothing and says so" \
    "Dit was al vastgelegd" "$T/b"
# The overview says who knows of it, and since when.
shown() {
	http "$(url /?lang=nl)"
	grep -q "bekend bij Anna de Vries" "$T/b"
}
wait_until 100 shown
http "$(url /?lang=nl)"
assert_grep "the overview shows the acknowledgement" \
    "bekend bij Anna de Vries, " "$T/b"

# A link whose newest mail went out more than 60 days ago: expired.
sql "UPDATE outbox SET first_attempt = first_attempt - 61 * 86400"
http "$(local_url "$LINK")"
assert_eq "a link 61 days old: 410" 410 "$code"
assert_grep "... and says it expired" "Deze link is verlopen" "$T/b"
sql "UPDATE outbox SET first_attempt = first_attempt + 61 * 86400"

# A link of a reminder sent for a date the deadline no longer has (the
# row's due date set back, as a moved deadline leaves it): out of date.
sql "UPDATE outbox SET due = '2000-01-01' WHERE ack_hash IS NOT NULL"
http "$(local_url "$LINK")"
assert_eq "a link whose date moved: 410" 410 "$code"
assert_grep "... and says so" "De datum van deze termijn is veranderd" "$T/b"
finish
wait_until 100 grep -q "recomputed (database changed)" "$T/treatyd.log"
sleep 1
http "$(local_url "$LINK")"
assert_eq "a link whose date moved: 410" 410 "$code"
finish
