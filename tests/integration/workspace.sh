#!/bin/sh
# The workspace, driven with curl against treatyd on loopback: sign in by
# the link mailed to a Maildir, record a report as submitted through the
# form's check and confirm steps and see the feed's SEQUENCE raised;
# refused: another ministry's instrument (403), a POST without or with a
# wrong CSRF token, a used and an expired link, an unknown address (the
# same answer, no mail); sign out.
#
# Peers: curl, sqlite3 (to age a link past its 15 minutes).

: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

command -v curl >/dev/null 2>&1 || missing_peer curl "apt-get install curl"
command -v sqlite3 >/dev/null 2>&1 ||
	missing_peer sqlite3 "apt-get install sqlite3"

# Configuration and data -----------------------------------------------------

mkdir "$T/db" "$T/instruments.d" || exit 1
# Two instruments of two ministries: reports every four years.
cat >"$T/instruments.d/alpha.ini" <<'EOF'
[instrument]
code = ALPHA
name = Alpha Convention
name_nl = Alfaverdrag
body = Alpha Committee
lead = OCW

[rule report]
type = grid
label = Periodic report
label_nl = Periodieke rapportage
base = 2024-01-01
period = P4Y
first = 1
EOF
sed -e 's/ALPHA/BETA/; s/Alpha/Beta/g; s/Alfa/Bèta/; s/OCW/BZK/' \
    "$T/instruments.d/alpha.ini" >"$T/instruments.d/beta.ini"

CONF=$T/treatyd.conf
write_conf "$CONF" "$T/db/treatyd.db" "$T/instruments.d" nl
sed -i 's/^public = yes/public = no/' "$CONF"
# Single sign-on: the proxy on 127.0.0.1 names the user in X-Remote-User.
sed -i 's/^\[http\]$/[http]\ntrusted_proxy = 127.0.0.1\nuser_header = X-Remote-User/' \
    "$CONF"
echo "chair = chair@example.nl" >>"$CONF"
DB=$T/db/treatyd.db
MAIL=$T/outbox

ctl init || finish
ctl coordinator add "Anna de Vries" anna@example.nl OCW --lang en \
    --lead ALPHA || finish
ctl coordinator add "Bob Jansen" bob@example.nl BZK --lang nl \
    --lead BETA || finish
start_daemon "$CONF" "$T/treatyd.log" || finish

# Helpers --------------------------------------------------------------------

# mails: how many messages the Maildir holds.
mails() {
	maildir_count "$MAIL"
}

# link_of ADDRESS: the sign-in link in the newest mail to ADDRESS.
link_of() {
	"$PYTHON" - "$MAIL/new" "$1" <<'PYEOF'
import email, email.policy, os, re, sys
d, to = sys.argv[1], sys.argv[2]
best = None
for n in os.listdir(d):
    p = os.path.join(d, n)
    m = email.message_from_binary_file(open(p, 'rb'), policy=email.policy.default)
    if to not in str(m['To']):
        continue
    if best is None or os.path.getmtime(p) >= best[0]:
        best = (os.path.getmtime(p), m)
if best:
    body = best[1].get_body(('plain',)).get_content()
    found = re.search(r'https?://\S+/signin/[0-9a-f]{64}', body)
    if found:
        print(found.group(0))
PYEOF
}

# local URL: a link to base_url made one to the daemon.
local_url() {
	url "${1#https://treatyd.example.org}"
}

# csrf: the CSRF token of the last page ($T/b).
csrf() {
	sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -n 1
}

# signin ADDRESS: sign in through the mailed link; the session's cookie
# header is left in $COOKIE.
signin() {
	_before=$(mails)
	http -d "address=$1" "$(url /signin)"
	assert_eq "POST /signin ($1)" 200 "$code"
	wait_mail "$MAIL" "$_before"
	LINK=$(link_of "$1")
	assert_ne "a sign-in link mailed to $1" "" "$LINK"
	http "$(local_url "$LINK")"
	assert_eq "GET the link: a page, not a sign-in" 200 "$code"
	assert_not_grep "GET the link sets no cookie" "^Set-Cookie" "$T/h"
	http -X POST "$(local_url "$LINK")"
	assert_eq "POST the link: 303" 303 "$code"
	assert_eq "POST the link: to /my" /my "$(hdr Location)"
	_sc=$(hdr Set-Cookie)
	case $_sc in
	treatyd_session=*HttpOnly*SameSite=Strict*Path=/*Secure*) ;;
	*) fail "the session cookie's attributes" "got: $_sc" ;;
	esac
	checks=$((checks + 1))
	COOKIE="Cookie: $(printf '%s' "$_sc" | sed 's/;.*//')"
}

# seqsum: the sum of the SEQUENCE values of the ALPHA feed.
seqsum() {
	http -H "$COOKIE" "$(url /feeds/instrument/ALPHA.ics)"
	tr -d '\r' <"$T/b" | sed -n 's/^SEQUENCE://p' |
	    awk '{ s += $1 } END { print s + 0 }'
}

# Not signed in ----------------------------------------------------------------

http "$(url /)"
assert_eq "GET / with public = no: 404 without a session" 404 "$code"
http "$(url /my)"
assert_eq "GET /my without a session: 303" 303 "$code"
assert_eq "GET /my without a session: to /signin" /signin "$(hdr Location)"
http "$(url /signin)"
assert_eq "GET /signin" 200 "$code"
assert_grep "GET /signin: a form" '<form[^>]*method="post"[^>]*action="/signin"' \
    "$T/b"
assert_grep "GET /signin: X-Frame-Options DENY" "^X-Frame-Options: DENY" "$T/h"
assert_grep "GET /signin: a CSP without script" \
    "^Content-Security-Policy: .*script-src 'none'" "$T/h"
assert_grep "GET /signin: no-store" "^Cache-Control: no-store" "$T/h"

# An unknown address: the same answer and no mail (the welcome mails of
# the two coordinators are there already).
n0=$(mails)
http -d "address=nobody@example.org" "$(url /signin)"
cp "$T/b" "$T/unknown.html"
assert_eq "POST /signin, unknown address" 200 "$code"
assert_eq "no mail for an unknown address" "$n0" "$(mails)"

# Sign in and record -----------------------------------------------------------

signin anna@example.nl
_before=$(mails)
http -d "address=anna@example.nl" "$(url /signin)"
cp "$T/b" "$T/known.html"
wait_mail "$MAIL" "$_before"
check "a known and an unknown address get the same page" \
    cmp -s "$T/known.html" "$T/unknown.html"

http -H "$COOKIE" "$(url /my)"
assert_eq "GET /my signed in" 200 "$code"
assert_grep "GET /my in Anna's language" "My deadlines" "$T/b"
assert_grep "GET /my lists ALPHA" "ALPHA" "$T/b"
assert_not_grep "GET /my does not list BETA" "BETA" "$T/b"
# "We know; it is being handled" from My deadlines.
ACKID=$(sed -n 's/.*name="deadline" value="\(ALPHA[^"]*\)".*/\1/p' "$T/b" | head -n 1)
ACKDUE=$(grep -A1 "value=\"$ACKID\"" "$T/b" | sed -n 's/.*name="due" value="\([0-9-]*\)".*/\1/p' | head -n 1)
assert_ne "My deadlines offers to acknowledge" "" "$ACKID"
MTOKEN=$(csrf)
http -H "$COOKIE" -d "deadline=$ACKID&due=$ACKDUE" "$(url /my)"
assert_eq "an acknowledgement without the CSRF token: 403" 403 "$code"
http -H "$COOKIE" -d "csrf=$MTOKEN&deadline=BETA/report/1&due=$ACKDUE" "$(url /my)"
assert_eq "an acknowledgement of another's deadline: refused" 409 "$code"
http -H "$COOKIE" -d "csrf=$MTOKEN&deadline=$ACKID&due=$ACKDUE" "$(url /my)"
assert_eq "the acknowledgement: 303 to /my" 303 "$code"
sleep 0.5
http -H "$COOKIE" "$(url /my)"
assert_grep "My deadlines says it was acknowledged" "You said you know of it" \
    "$T/b"
ctl outbox
assert_grep "recorded as an acknowledgement by Anna, on the web" \
    "^acknowledged $ACKID .* by anna@example.nl .*, web" "$T/ctl.out"

http -H "$COOKIE" "$(url /)"
assert_eq "GET / signed in, public = no" 200 "$code"

before=$(seqsum)
http -H "$COOKIE" "$(url /record)"
assert_eq "GET /record" 200 "$code"
TOKEN=$(csrf)
assert_ne "the form carries a CSRF token" "" "$TOKEN"
assert_not_grep "the form offers only Anna's instruments" 'value="BETA"' "$T/b"

# Bad input: the form again, with the error at the field, nothing recorded.
http -H "$COOKIE" -d "csrf=$TOKEN&step=preview&instrument=ALPHA&kind=report_submitted&date=2026-13-40" \
    "$(url /record)"
assert_eq "a bad date: 400" 400 "$code"
assert_grep "a bad date: the error at the field" 'id="date-err"' "$T/b"
assert_grep "a bad date: the values are kept" 'value="2026-13-40"' "$T/b"
http -H "$COOKIE" -d "csrf=$TOKEN&step=preview&instrument=ALPHA&kind=due_date_set&date=2024-01-15&due=2028-06-01" \
    "$(url /record)"
assert_eq "a decision without its deadline: 400" 400 "$code"
assert_grep "a decision without its deadline: the error at the field" \
    'id="rule-err"' "$T/b"
http -H "$COOKIE" -d "csrf=$TOKEN&step=preview&instrument=ALPHA&kind=report_submitted&date=2099-01-01" \
    "$(url /record)"
assert_eq "a date in the future: 400" 400 "$code"

FORM="instrument=ALPHA&kind=report_submitted&date=2024-01-15&symbol=ALPHA%2FC%2FNLD%2F1"
http -H "$COOKIE" -d "csrf=$TOKEN&step=preview&$FORM" "$(url /record)"
assert_eq "the check step" 200 "$code"
assert_grep "the check step says what would change" "ALPHA/report/1" "$T/b"
assert_grep "the check step has a Confirm button" ">Confirm<" "$T/b"
ctl fact list || true
assert_not_grep "nothing recorded by the check step" "ALPHA" "$T/ctl.out"

# Without and with a wrong CSRF token: refused.
http -H "$COOKIE" -d "step=confirm&$FORM" "$(url /record)"
assert_eq "a POST without a CSRF token: 403" 403 "$code"
http -H "$COOKIE" -d "csrf=0000$TOKEN&step=confirm&$FORM" "$(url /record)"
assert_eq "a POST with a wrong CSRF token: 403" 403 "$code"
http -d "csrf=$TOKEN&step=confirm&$FORM" "$(url /record)"
assert_eq "a POST without a session: 403" 403 "$code"
ctl fact list || true
assert_not_grep "nothing recorded by the refused POSTs" "ALPHA" "$T/ctl.out"

# Another ministry's instrument.
http -H "$COOKIE" -d "csrf=$TOKEN&step=confirm&instrument=BETA&kind=report_submitted&date=2024-01-15" \
    "$(url /record)"
assert_eq "a fact for another ministry's instrument: 403" 403 "$code"

http -H "$COOKIE" -d "csrf=$TOKEN&step=confirm&$FORM" "$(url /record)"
assert_eq "the confirm step" 200 "$code"
assert_grep "the confirm step says it was recorded" "Recorded as fact" "$T/b"
assert_eq "the fact is recorded, by the web" "ALPHA web: anna@example.nl" \
    "$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT instrument || ' ' || recorded_by FROM facts")"
after=$(seqsum)
checks=$((checks + 1))
if ! [ "$after" -gt "$before" ]; then
	fail "the feed's SEQUENCE is raised" "before: $before" "after: $after"
fi
http -H "$COOKIE" "$(url /instrument/ALPHA)"
assert_eq "GET /instrument/ALPHA" 200 "$code"
assert_grep "the instrument page shows who recorded it" \
    "web: anna@example.nl" "$T/b"

# A decision that moves a date: the check step names the change notice,
# and the daemon queues it once confirmed.
FORM="instrument=ALPHA&kind=due_date_set&date=2026-01-10&rule=report&due=2028-06-01"
http -H "$COOKIE" -d "csrf=$TOKEN&step=preview&$FORM" "$(url /record)"
assert_eq "due_date_set: the check step" 200 "$code"
assert_grep "due_date_set: the move" "ALPHA/report/2: 2028-01-01 -&gt; 2028-06-01" \
    "$T/b"
assert_grep "due_date_set: the change notice it causes" \
    "Change notice to Anna de Vries &lt;anna@example.nl&gt;" "$T/b"
http -H "$COOKIE" -d "csrf=$TOKEN&step=confirm&$FORM" "$(url /record)"
assert_eq "due_date_set: confirmed" 200 "$code"
# Queued at once by the sender thread (Anna had her mail of the day: it
# goes tomorrow).
change_queued() {
	[ "$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT count(*) FROM outbox WHERE kind = 'change' AND recipient = 'anna@example.nl'")" = 1 ]
}
wait_until 50 change_queued
assert_eq "the change notice is queued for Anna" 1 \
    "$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT count(*) FROM outbox WHERE kind = 'change' AND recipient = 'anna@example.nl'")"

# Links are used once and expire --------------------------------------------------

http -X POST "$(local_url "$LINK")"
assert_eq "a used link: refused" 404 "$code"
assert_not_grep "a used link sets no cookie" "^Set-Cookie" "$T/h"

_before=$(mails)
http -d "address=bob@example.nl" "$(url /signin)"
wait_mail "$MAIL" "$_before"
LINK2=$(link_of bob@example.nl)
assert_ne "a link for Bob" "" "$LINK2"
sqlite3 -cmd ".timeout 5000" "$DB" "UPDATE web_tokens SET expires = 1 WHERE kind = 'link'" ||
	fail "cannot age the link"
http -X POST "$(local_url "$LINK2")"
assert_eq "an expired link: refused" 404 "$code"
assert_grep "an expired link: said in Dutch by default" "verlopen" "$T/b"

# Rate limit: three mails an hour to one address.
n0=$(mails)
for _i in 1 2 3 4; do
	http -d "address=bob@example.nl" "$(url /signin)"
done
wait_mail "$MAIL" "$((n0 + 1))"
sleep 0.5	# time for a mail too many, were one on its way
assert_eq "at most three sign-in mails an hour to an address" \
    "$((n0 + 2))" "$(mails)"

# Sign out ------------------------------------------------------------------------

http -H "$COOKIE" "$(url /my)"
TOKEN=$(csrf)
http -H "$COOKIE" -X POST "$(url /signout)"
assert_eq "sign out without the CSRF token: 403" 403 "$code"
http -H "$COOKIE" -d "csrf=$TOKEN" "$(url /signout)"
assert_eq "sign out" 200 "$code"
assert_grep "sign out clears the cookie" "^Set-Cookie: treatyd_session=;" \
    "$T/h"
http -H "$COOKIE" "$(url /my)"
assert_eq "after sign-out the session is gone" 303 "$code"

# The chair: every instrument, in the configured language -------------------------

sqlite3 -cmd ".timeout 5000" "$DB" "DELETE FROM signin_mails" || fail "cannot reset the limits"
signin chair@example.nl
http -H "$COOKIE" "$(url /record)"
assert_eq "the chair: GET /record" 200 "$code"
assert_grep "the chair: the form in Dutch" "Feit vastleggen" "$T/b"
assert_grep "the chair may choose BETA" 'value="BETA"' "$T/b"
assert_grep "the chair may choose ALPHA" 'value="ALPHA"' "$T/b"
TOKEN=$(csrf)
FORM="instrument=BETA&kind=report_submitted&date=2024-02-01"
http -H "$COOKIE" -d "csrf=$TOKEN&step=preview&$FORM" "$(url /record)"
assert_grep "the chair's check step: Bevestigen" ">Bevestigen<" "$T/b"
http -H "$COOKIE" -d "csrf=$TOKEN&step=confirm&$FORM" "$(url /record)"
assert_eq "the chair records for BETA" 200 "$code"
assert_grep "the chair's fact is recorded" "Vastgelegd als feit" "$T/b"
assert_eq "recorded by the chair, through the web" "web: chair@example.nl" \
    "$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT recorded_by FROM facts WHERE instrument = 'BETA'")"

# A session unused for 8 hours ends.
sqlite3 -cmd ".timeout 5000" "$DB" "UPDATE web_tokens SET last_seen = last_seen - 8 * 3600 - 60 \
    WHERE kind = 'session'" || fail "cannot age the session"
http -H "$COOKIE" "$(url /my)"
assert_eq "a session idle for 8 hours has ended" 303 "$code"
sqlite3 -cmd ".timeout 5000" "$DB" .dump >"$T/dump.sql"
assert_not_grep "the session token is not in the database" \
    "${COOKIE#*=}" "$T/dump.sql"
assert_not_grep "the link's token is not in the database" \
    "${LINK##*/}" "$T/dump.sql"
assert_eq "only hashes are stored" 0 \
    "$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT count(*) FROM web_tokens WHERE typeof(hash) != 'blob' OR length(hash) != 32")"

# Single sign-on through the trusted proxy -----------------------------------

http -H "X-Remote-User: ANNA@example.nl" "$(url /my)"
assert_eq "the proxy's user: signed in without a cookie" 200 "$code"
assert_grep "... as that person" "My deadlines" "$T/b"
assert_not_grep "... with no sign-out of ours" 'action="/signout"' "$T/b"
http -H "X-Remote-User: nobody@example.org" "$(url /my)"
assert_eq "an unknown user from the proxy: not signed in" 303 "$code"
http --interface 127.0.0.2 -H "X-Remote-User: anna@example.nl" "$(url /my)"
assert_eq "the header from another address is not believed" 303 "$code"
http -H "X-Remote-User: anna@example.nl" "$(url /record)"
PTOKEN=$(csrf)
assert_ne "the proxy's user gets a CSRF token" "" "$PTOKEN"
http -H "X-Remote-User: anna@example.nl" \
    -d "step=preview&instrument=ALPHA&kind=report_submitted&date=2024-01-15" \
    "$(url /record)"
assert_eq "the proxy's user without the CSRF token: 403" 403 "$code"
http -H "X-Remote-User: bob@example.nl" \
    -d "csrf=$PTOKEN&step=preview&instrument=BETA&kind=report_submitted&date=2024-01-15" \
    "$(url /record)"
assert_eq "another user with Anna's CSRF token: 403" 403 "$code"
http -H "X-Remote-User: anna@example.nl" \
    -d "csrf=$PTOKEN&step=preview&instrument=ALPHA&kind=report_submitted&date=2024-01-15" \
    "$(url /record)"
assert_eq "the proxy's user with the CSRF token: the check step" 200 "$code"
sed '/^trusted_proxy/d' "$CONF" >"$T/noproxy.conf"
"$TREATYCTL" -c "$T/noproxy.conf" check >/dev/null 2>"$T/err"
assert_eq "user_header without trusted_proxy is refused" 1 "$?"
assert_grep "... saying why" "user_header needs trusted_proxy" "$T/err"

# Sign-in mails per client behind the proxy ----------------------------------

# From the trusted proxy the client is the address it names in X-Real-IP:
# that is the one recorded, and the one whose mails an hour are counted.
sqlite3 -cmd ".timeout 5000" "$DB" "DELETE FROM signin_mails" ||
    fail "cannot reset the limits"
http -H "X-Real-IP: 203.0.113.7" -d "address=anna@example.nl" "$(url /signin)"
assert_eq "POST /signin through the proxy" 200 "$code"
http --interface 127.0.0.2 -H "X-Real-IP: 203.0.113.8" \
    -d "address=bob@example.nl" "$(url /signin)"
assert_eq "the clients recorded: the proxy's, and the peer elsewhere" \
    "203.0.113.7 127.0.0.2" \
    "$(sqlite3 -cmd ".timeout 5000" "$DB" "SELECT client FROM signin_mails ORDER BY rowid" | tr '\n' ' ' | sed 's/ $//')"
# Ten mails an hour for 203.0.113.9 already: its next is held back, while
# another client of the same proxy still gets one.
sqlite3 -cmd ".timeout 5000" "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) INSERT INTO signin_mails SELECT 'x' || i || '@example.org', '203.0.113.9', strftime('%s', 'now') FROM n" ||
    fail "cannot fill the client's hour"
sqlite3 -cmd ".timeout 5000" "$DB" "DELETE FROM signin_mails WHERE address LIKE '%@example.nl'"
n0=$(mails)
http -H "X-Real-IP: 203.0.113.9" -d "address=bob@example.nl" "$(url /signin)"
assert_eq "a client of the proxy over its mails an hour: none sent" "$n0" \
    "$(mails)"
wait_until 20 grep -q "sign-in mail to bob@example.nl held back" \
    "$T/treatyd.log"
assert_grep "... and the log says so" \
    "sign-in mail to bob@example.nl held back: too many this hour" \
    "$T/treatyd.log"
http -H "X-Real-IP: 203.0.113.10" -d "address=bob@example.nl" "$(url /signin)"
assert_eq "another client of the same proxy: the mail goes" "$((n0 + 1))" \
    "$(mails)"

finish
