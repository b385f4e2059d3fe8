#!/bin/sh
# Reminder e-mail end to end (INTEROP.md §3-5): `treatyctl dispatch --now`
# on small databases of its own, against real SMTP peers on loopback ports.
#
#  1. aiosmtpd: the mails of two send times, parsed with Python's email
#     (policy.default): Subject, From, To, Date, Message-ID (the sha256 of
#     the outbox key), Auto-Submitted, multipart/alternative + .ics
#     (METHOD:PUBLISH, the feed's UID), one recipient each; a second run
#     at the same time sends nothing.
#  2. Lead times and working days: SEND AT of every outbox row over a
#     timeline, a holiday chain, nothing before 09:00; octet rules of the
#     mail as written by the maildir: transport.
#  3. DST: a reminder on 2027-03-28 and on 2027-10-31 goes at 09:00 local.
#  4. Catch-up: one day late is sent, five days late is skipped; P2D edge.
#  5. peer.cjs with STARTTLS: 450 deferred, 550 failed; AUTH 535 and a
#     server without STARTTLS stop the run as configuration errors.
#  6. No server, then a server: deferred, then each delivered once.
#  7. SIGKILL in the middle of a batch of 50 (slow aiosmtpd; and the
#     maildir: transport blocked on a FIFO), then a rerun: every key
#     delivered; over SMTP duplicates only of the batch in flight (its
#     rows left 'sending'), each twice under its Message-ID; none in the
#     maildir.
#  8. smtp-sink: 50 reminders in one dispatch, on one connection.
#  9. CR/LF in addresses: refused by treatyctl; a row with one planted in
#     the database fails without reaching the envelope.
# 10. The network chair gets an overdue repeat beyond chair_after.
#
# Peers: Debian's python3-aiosmtpd and python3-icalendar (missing: skip,
# 77); node with tests/peers/node_modules (npm ci) and openssl for case 5,
# postfix's smtp-sink for case 8 (missing: those cases are skipped). With
# TREATYD_REQUIRE_PEERS set, any missing peer is a failure.

# Functions called through wait_until look unreachable to shellcheck.
# shellcheck disable=SC2317
: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

MAILCHECK=$top_srcdir/tests/peers/mailcheck.py
FROM=treatyd@example.org
DOMAIN=example.org

# Peers ----------------------------------------------------------------------

"$PYTHON" -c 'import aiosmtpd' 2>/dev/null ||
    missing_peer python3-aiosmtpd "apt-get install python3-aiosmtpd"
"$PYTHON" -c 'import icalendar' 2>/dev/null ||
    missing_peer python3-icalendar "apt-get install python3-icalendar"

HAVE_NODE=yes
if ! command -v node >/dev/null 2>&1; then
	HAVE_NODE=no
	rem_optional_peer node "apt-get install nodejs"
elif [ ! -f "$top_srcdir/tests/peers/node_modules/smtp-server/package.json" ]
then
	HAVE_NODE=no
	rem_optional_peer "npm package smtp-server" \
	    "cd tests/peers && npm ci --no-audit --no-fund"
elif ! command -v openssl >/dev/null 2>&1; then
	HAVE_NODE=no
	rem_optional_peer openssl "apt-get install openssl"
fi
HAVE_SINK=yes
[ -x /usr/sbin/smtp-sink ] || {
	HAVE_SINK=no
	rem_optional_peer smtp-sink "apt-get install postfix"
}

# Helpers --------------------------------------------------------------------

# mailcheck MODE ARGS... [< INPUT]: tests/peers/mailcheck.py, its checks
# counted here.
mailcheck() {
	"$PYTHON" "$MAILCHECK" "$@" >"$T/mailcheck.out" 2>&1
	add_results "$T/mailcheck.out"
}

# try ARGS...: treatyctl -c $CONF ARGS, expected to fail or not: stdout in
# $T/ctl.out, stderr in $T/ctl.err, the exit status in $rc.
try() {
	"$TREATYCTL" -c "$CONF" "$@" >"$T/ctl.out" 2>"$T/ctl.err"
	rc=$?
}

# dispatch WHEN EXPECTED-SUMMARY: treatyctl dispatch --now WHEN must exit 0
# and print "queued N, sent N, ..." matching the ERE.
dispatch() {
	try dispatch --now "$1"
	assert_eq "dispatch --now $1 ($CASE): exit status" 0 "$rc" ||
	    sed 's/^/      stderr: /' "$T/ctl.err" >&2
	assert_grep "dispatch --now $1 ($CASE): summary" "$2" "$T/ctl.out"
}

# assert_between WHAT LO HI GOT (integers)
assert_between() {
	checks=$((checks + 1))
	if ! { [ "$4" -ge "$2" ] && [ "$4" -le "$3" ]; } 2>/dev/null; then
		fail "$1" "expected: $2 to $3" "got:      $4"
		return 1
	fi
	return 0
}

# one_line_error WHAT PATTERN: the last try exited 1 with one line on
# stderr matching PATTERN (the treatyctl convention for user errors).
one_line_error() {
	assert_eq "$1: exit status" 1 "$rc"
	assert_eq "$1: one line on stderr" 1 "$(wc -l <"$T/ctl.err" |
	    tr -d ' ')" || sed 's/^/      stderr: /' "$T/ctl.err" >&2
	assert_grep "$1: the message" "$2" "$T/ctl.err"
}

# outbox [ARGS...]: the outbox as "SEND AT|STATE|DEADLINE|LEAD|RECIPIENT"
# lines, sorted.
outbox() {
	"$TREATYCTL" -c "$CONF" outbox --limit 1000 "$@" 2>"$T/outbox.err" |
	    awk 'NR > 1 && NF >= 7 { print $1 " " $2 "|" $3 "|" $5 "|" $6 "|" $7 }' |
	    LC_ALL=C sort
}

# The instruments: TST, a report a year after the concluding observations
# with a consultation round a month before it; HOL, the same report, used
# where a send date must step over holidays. No fact, no deadline.
mkdir "$T/instruments.d" || exit 1
cat >"$T/instruments.d/tst.ini" <<'EOF'
; test instrument for reminders.sh
[instrument]
code = TST
name = Test Convention
name_nl = Testverdrag
body = Test Committee
lead = BZK
contributors = OCW

[rule report]
type = offset
label = Periodic report
label_nl = Periodieke rapportage
anchor = co_adopted + P1Y

[milestone consultation]
before = report
offset = P1M
label = Civil-society consultation round
label_nl = Consultatieronde maatschappelijk middenveld (ook Curaçao)
owner = lead
fulfilled_by = consultation_held
EOF
cat >"$T/instruments.d/hol.ini" <<'EOF'
; test instrument for reminders.sh: send dates over holidays
[instrument]
code = HOL
name = Holiday Convention
body = Holiday Committee
lead = BZK

[rule report]
type = offset
label = Periodic report
label_nl = Periodieke rapportage
anchor = co_adopted + P1Y
EOF

# setup NAME TRANSPORT [WORKING_DAYS_ONLY [MAIL-LINE...]]: $T/NAME.conf on
# $T/NAME.db (CONF, DB), [mail] with TRANSPORT and the extra lines.
setup() {
	CASE=$1
	CONF=$T/$1.conf
	DB=$T/$1.db
	_transport=$2
	_wdo=${3:-yes}
	shift 2
	[ $# -gt 0 ] && shift
	{
		cat <<EOF
[general]
database = $DB
instruments = $T/instruments.d
holidays = $top_srcdir/conf/holidays/nl.ini
departments = $top_srcdir/conf/departments.ini
timezone = Europe/Amsterdam
language = nl
horizon = P3Y

[http]
listen = 127.0.0.1:0
base_url = https://treatyd.example.org
public = yes

[reminders]
templates = $top_srcdir/conf/templates
lead_times = P30D P7D
milestone_lead_times = P7D
send_at = 09:00
working_days_only = $_wdo
catch_up = P2D
overdue_every = P7D
overdue_slow_after = P0D
chair_after = 1
chair = chair@example.org
; These cases test each row's way to the wire: one mail per row, and no
; catch-up mail for a first dispatch (calm.sh tests those).
catch_up_mail = no
max_per_day = 100

[mail]
transport = $_transport
from = $FROM
timeout = 10
EOF
		for _line in "$@"; do
			printf '%s\n' "$_line"
		done
	} >"$CONF"
}

# newdb [CO_ADOPTED]: a fresh $DB with TST's concluding observations
# (default 2026-06-01: consultation due Fri 2027-04-30, report due Tue
# 2027-06-01), a Dutch lead and an English contributor.
newdb() {
	ctl init &&
	    ctl fact add TST co_adopted "${1:-2026-06-01}" &&
	    ctl coordinator add --no-welcome "Zoë de Vries" zoe@example.nl BZK --lang nl \
		--lead TST &&
	    ctl coordinator add --no-welcome "John Smith" john@example.org OCW --lang en \
		--contributor TST
}

ZOE=zoe@example.nl
JOHN=john@example.org
K_CONS="TST/consultation/1|2027-04-30|P7D"
K_P30="TST/report/1|2027-06-01|P30D"
S_CONS_NL="TST: Consultatieronde maatschappelijk middenveld (ook Curaçao)"
S_CONS_NL="$S_CONS_NL uiterlijk 30 april 2027"
S_CONS_EN="TST: Civil-society consultation round due 30 April 2027"
S_REP_NL="TST: Periodieke rapportage uiterlijk 1 juni 2027"
S_REP_EN="TST: Periodic report due 1 June 2027"
M_NL="- 2027-04-30  Consultatieronde maatschappelijk middenveld (ook Curaçao)"
M_EN="- 2027-04-30  Civil-society consultation round"

# expect RCPT KEY SUBJECT NAME LANG DATE CONTAINS: one line of mailcheck's
# EXPECTED, appended to $T/expected.
expect() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" \
	    "$7" >>"$T/expected"
}

# 1. aiosmtpd: the mail itself -----------------------------------------------

rem_start_aiosmtpd aio1 "$T/c1.mail" || finish
setup c1 "smtp://127.0.0.1:$REM_PORT" yes "starttls = off"
newdb || finish
# Fri 2027-04-23 09:00: the consultation round is due in 7 days.
dispatch 2027-04-23T08:59 "^queued 0, sent 0,"
assert_eq "1: nothing before 09:00" 0 "$(rem_count "$T/c1.mail")"
dispatch 2027-04-23T09:00 "^queued 2, sent 2, deferred 0, failed 0,"
# Fri 2027-04-30 09:00: the report's 30 days (Sun 2 May, moved back).
dispatch 2027-04-30T09:00 "^queued 2, sent 2, deferred 0, failed 0,"
assert_eq "1: four messages arrived" 4 "$(rem_count "$T/c1.mail")"
dispatch 2027-04-30T09:00 "^queued 0, sent 0, deferred 0, failed 0,"
dispatch 2027-04-30T09:05 "^queued 0, sent 0, deferred 0, failed 0,"
assert_eq "1: a second run sends nothing new" 4 "$(rem_count "$T/c1.mail")"
ctl export "$T/c1.nl" --lang nl --today 2027-04-30 >/dev/null
ctl export "$T/c1.en" --lang en --today 2027-04-30 >/dev/null
: >"$T/expected"
expect "$ZOE" "$K_CONS|$ZOE" "$S_CONS_NL (nog 7 dagen)" "Zoë de Vries" nl \
    2027-04-23T07:00:00+00:00 \
    "Beste Zoë de Vries,;Uiterste datum:   30 april 2027"
expect "$JOHN" "$K_CONS|$JOHN" "$S_CONS_EN (7 days left)" "John Smith" en \
    2027-04-23T07:00:00+00:00 \
    "Dear John Smith,;Due:              30 April 2027"
expect "$ZOE" "$K_P30|$ZOE" "$S_REP_NL (nog 32 dagen)" "Zoë de Vries" nl \
    2027-04-30T07:00:00+00:00 "Beste Zoë de Vries,;$(
    )Uiterste datum:   1 juni 2027 (nog 32 dagen);$(
    )Interne stappen die nog open staan:;$M_NL"
expect "$JOHN" "$K_P30|$JOHN" "$S_REP_EN (32 days left)" "John Smith" en \
    2027-04-30T07:00:00+00:00 \
    "Dear John Smith,;Due:              1 June 2027 (32 days left);$M_EN"
mailcheck mail "$T/c1.mail" "$T/c1.nl" "$T/c1.en" "$FROM" <"$T/expected"

# 2. Lead times and working days ---------------------------------------------
# Send date = due - lead, moved back to the previous working day, at 09:00:
#   HOL report due Thu 2027-05-13: P30D Tue 04-13; P7D Thu 05-06 is
#     Ascension, Wed 05-05 Liberation Day, so Tue 05-04;
#   TST consultation due Fri 04-30 (Sat 05-01 moved back): P7D Fri 04-23;
#   TST report due Tue 06-01: P30D Sun 05-02, so Fri 04-30; P7D Tue 05-25.

setup c2 "maildir:$T/c2.md"
newdb || finish
ctl fact add HOL co_adopted 2026-05-13 >/dev/null
ctl coordinator assign "Zoë de Vries" HOL lead >/dev/null
dispatch 2027-04-13T08:59 "^queued 0, sent 0,"
dispatch 2027-04-13T09:00 "^queued 1, sent 1,"
dispatch 2027-04-23T08:59 "^queued 0, sent 0,"
dispatch 2027-04-23T09:00 "^queued 2, sent 2,"
dispatch 2027-04-30T08:59 "^queued 0, sent 0,"
dispatch 2027-04-30T09:00 "^queued 2, sent 2,"
# Met, so no overdue repeats in the table below.
ctl fact add TST consultation_held 2027-04-29 --today 2027-04-30 >/dev/null
dispatch 2027-05-03T09:00 "^queued 0, sent 0,"
dispatch 2027-05-04T08:59 "^queued 0, sent 0,"
dispatch 2027-05-04T09:00 "^queued 1, sent 1,"
ctl fact add HOL report_submitted 2027-05-12 --today 2027-05-12 >/dev/null
dispatch 2027-05-24T09:00 "^queued 0, sent 0,"
dispatch 2027-05-25T08:59 "^queued 0, sent 0,"
dispatch 2027-05-25T09:00 "^queued 2, sent 2,"
assert_eq "2: every outbox row and its SEND AT" "\
2027-04-13 09:00|sent|HOL/report/1|P30D|$ZOE
2027-04-23 09:00|sent|TST/consultation/1|P7D|$JOHN
2027-04-23 09:00|sent|TST/consultation/1|P7D|$ZOE
2027-04-30 09:00|sent|TST/report/1|P30D|$JOHN
2027-04-30 09:00|sent|TST/report/1|P30D|$ZOE
2027-05-04 09:00|sent|HOL/report/1|P7D|$ZOE
2027-05-25 09:00|sent|TST/report/1|P7D|$JOHN
2027-05-25 09:00|sent|TST/report/1|P7D|$ZOE" "$(outbox)"
assert_eq "2: one file per reminder in the maildir" 8 \
    "$(rem_count "$T/c2.md")"

# 3. DST ---------------------------------------------------------------------
# working_days_only = no, so Sunday sends stay on Sunday. Report due Sun
# 2027-04-04: P7D on Sun 03-28, the day summer time starts (09:00 CEST =
# 07:00Z); due Sun 2027-11-07: P7D on Sun 10-31, the day it ends (09:00
# CET = 08:00Z).

for dst in "2026-04-04 2027-03-28 Sun, 28 Mar 2027 07:00:00 +0000" \
    "2026-11-07 2027-10-31 Sun, 31 Oct 2027 08:00:00 +0000"; do
	# shellcheck disable=SC2086 # split on purpose
	set -- $dst
	co=$1
	day=$2
	shift 2
	want_date=$*
	setup "c3-$day" "maildir:$T/c3-$day.md" no
	newdb "$co" || finish
	dispatch "${day}T08:59" "sent 0,"
	assert_eq "3: $day 08:59: nothing sent" 0 "$(rem_count "$T/c3-$day.md")"
	dispatch "${day}T09:00" "sent 2,"
	assert_eq "3: $day 09:00: both sent" 2 "$(rem_count "$T/c3-$day.md")"
	assert_eq "3: $day: outbox SEND AT" "\
$day 09:00|sent|TST/report/1|P7D|$JOHN
$day 09:00|sent|TST/report/1|P7D|$ZOE" "$(outbox --state sent)"
	for f in "$T/c3-$day.md"/new/*; do
		assert_eq "3: $day: Date: is 09:00 local" "Date: $want_date" \
		    "$(grep -m 1 '^Date: ' "$f" | tr -d '\r')"
	done
done

# 4. Catch-up ----------------------------------------------------------------
# treatyd "down" from before Fri 04-23 until Wed 04-28 09:00: the
# consultation's 04-23 09:00 is 5 days past (> catch_up P2D): skipped.
# Next run Sat 05-01 09:00: the report's 04-30 09:00 is 1 day past: sent.

setup c4 "maildir:$T/c4.md"
newdb || finish
dispatch 2027-04-28T09:00 "^queued 0, sent 0, deferred 0, failed 0, skipped 2,"
assert_eq "4: five days late: skipped" "\
2027-04-23 09:00|skipped|TST/consultation/1|P7D|$JOHN
2027-04-23 09:00|skipped|TST/consultation/1|P7D|$ZOE" "$(outbox)"
assert_eq "4: five days late: nothing sent" 0 "$(rem_count "$T/c4.md")"
dispatch 2027-05-01T09:00 "^queued 2, sent 2,"
assert_eq "4: one day late: sent" "\
2027-04-30 09:00|sent|TST/report/1|P30D|$JOHN
2027-04-30 09:00|sent|TST/report/1|P30D|$ZOE" "$(outbox --state sent)"
assert_eq "4: skipped rows stay skipped" 2 "$(outbox --state skipped | wc -l |
    tr -d ' ')"
assert_eq "4: one day late: two files" 2 "$(rem_count "$T/c4.md")"
# The edge: exactly P2D late is sent, a minute more is skipped.
setup c4b "maildir:$T/c4b.md"
newdb || finish
dispatch 2027-05-02T09:00 "sent 2,"
assert_eq "4: exactly two days late: sent" "\
2027-04-30 09:00|sent|TST/report/1|P30D|$JOHN
2027-04-30 09:00|sent|TST/report/1|P30D|$ZOE" "$(outbox | grep P30D)"
setup c4c "maildir:$T/c4c.md"
newdb || finish
dispatch 2027-05-02T09:01 "sent 0,"
assert_eq "4: two days and a minute late: skipped" "\
2027-04-30 09:00|skipped|TST/report/1|P30D|$JOHN
2027-04-30 09:00|skipped|TST/report/1|P30D|$ZOE" "$(outbox | grep P30D)"

# 5. peer.cjs: STARTTLS, 450, 550, AUTH 535, no STARTTLS ---------------------

if [ "$HAVE_NODE" = yes ]; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" \
	    -out "$T/cert.pem" -days 2 -subj /CN=localhost \
	    -addext subjectAltName=IP:127.0.0.1 >"$T/openssl.log" 2>&1 ||
	    fail "openssl req failed" "$(cat "$T/openssl.log")"
	rem_start_peer peer5 KEY="$T/key.pem" CERT="$T/cert.pem" || finish
	PORT5=$REM_PORT
	TLS5="smtp://127.0.0.1:$PORT5"

	setup c5 "$TLS5" yes "starttls = required" "cainfo = $T/cert.pem"
	newdb || finish
	ctl coordinator add --no-welcome Temp temp@example.org OCW --lang en \
	    --contributor TST >/dev/null
	ctl coordinator add --no-welcome Perm perm@example.org OCW --lang en \
	    --contributor TST >/dev/null
	try dispatch --now 2027-04-30T09:00
	assert_eq "5: dispatch with a 550: exit status 1" 1 "$rc"
	assert_grep "5: summary" \
	    "^queued 4, sent 2, deferred 1, failed 1," "$T/ctl.out"
	# peer_messages FILE: "RECIPIENTS SECURE" per message peer.cjs took.
	peer_messages() {
		"$PYTHON" -c 'import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("event") == "message":
        print(",".join(e["to"]), str(e["secure"]).lower())' "$1" |
		    LC_ALL=C sort
	}
	assert_eq "5: the peer got the two good ones, over TLS" \
	    "john@example.org true
zoe@example.nl true" "$(peer_messages "$T/peer5.out")"
	"$TREATYCTL" -c "$CONF" outbox >"$T/c5.outbox"
	assert_grep "5: temp@: deferred (pending), last reply 450" \
	    " pending +[0-9]+ +TST/report/1 +P30D +temp@example.org +\(retried after a temporary failure\) 450 4\.2\.1" \
	    "$T/c5.outbox"
	"$TREATYCTL" -c "$CONF" outbox --state failed >"$T/c5.failed"
	assert_eq "5: outbox --state failed: only perm@" 1 \
	    "$(grep -c '@' "$T/c5.failed")"
	assert_grep "5: perm@: failed with 550" \
	    " failed +[0-9]+ +TST/report/1 +P30D +perm@example.org +550 5\.1\.1" \
	    "$T/c5.failed"
	assert_eq "5: temp@: state, attempts" "pending|1" \
	    "$(rem_sql "$DB" "SELECT state, attempts FROM outbox
	    WHERE recipient = 'temp@example.org' AND lead = 'P30D'")"
	wait5=$(rem_sql "$DB" "SELECT next_attempt - send_at FROM outbox
	    WHERE recipient = 'temp@example.org' AND lead = 'P30D'")
	assert_between "5: first retry of temp@ after 1-2 minutes (s)" \
	    60 120 "$wait5"
	conns=$(grep -c '"event":"connect"' "$T/peer5.out")
	dispatch 2027-04-30T09:00 "^queued 0, sent 0, deferred 0, failed 0,"
	assert_eq "5: no retry before next_attempt" "$conns" \
	    "$(grep -c '"event":"connect"' "$T/peer5.out")"
	dispatch 2027-04-30T09:10 "^queued 0, sent 0, deferred 1, failed 0,"
	assert_eq "5: temp@ after the second 450" "pending|2" \
	    "$(rem_sql "$DB" "SELECT state, attempts FROM outbox
	    WHERE recipient = 'temp@example.org' AND lead = 'P30D'")"
	# The second try was at 09:10, send_at + 600 s.
	wait5=$(rem_sql "$DB" "SELECT next_attempt - send_at - 600 FROM outbox
	    WHERE recipient = 'temp@example.org' AND lead = 'P30D'")
	assert_between "5: second retry of temp@ after 2-4 minutes (s)" \
	    120 240 "$wait5"
	# Temporary failures end after 8 attempts (MAX_ATTEMPTS).
	for day in 01 02 03 04 05; do
		dispatch "2027-05-${day}T09:00" \
		    "^queued 0, sent 0, deferred 1, failed 0,"
	done
	try dispatch --now 2027-05-06T09:00
	assert_eq "5: the 8th 450 in a row: exit status" 1 "$rc"
	assert_grep "5: the 8th 450 in a row: summary" \
	    "^queued 0, sent 0, deferred 0, failed 1," "$T/ctl.out"
	assert_eq "5: temp@ gave up after 8 attempts" "failed|8" \
	    "$(rem_sql "$DB" "SELECT state, attempts FROM outbox
	    WHERE recipient = 'temp@example.org' AND lead = 'P30D'")"

	# AUTH refused: a configuration error, one line, the rows wait.
	(umask 077 && printf 'not-the-password\n' >"$T/password")
	setup c5b "$TLS5" yes "starttls = required" "cainfo = $T/cert.pem" \
	    "username = treatyd" "password_file = $T/password"
	newdb || finish
	msgs=$(grep -c '"event":"message"' "$T/peer5.out")
	try dispatch --now 2027-04-30T09:00
	one_line_error "5: AUTH 535" \
	    "^treatyctl: dispatch: .*535.*(configuration|check \[mail\])"
	assert_eq "5: AUTH 535: the rows stay pending" "\
2027-04-30 09:00|pending|TST/report/1|P30D|$JOHN
2027-04-30 09:00|pending|TST/report/1|P30D|$ZOE" "$(outbox | grep P30D)"
	assert_eq "5: AUTH 535: nothing delivered" "$msgs" \
	    "$(grep -c '"event":"message"' "$T/peer5.out")"
	assert_eq "5: AUTH only after STARTTLS" '{"event":"secure"}' \
	    "$(grep -B 1 '"event":"auth"' "$T/peer5.out" | head -n 1)"

	# No STARTTLS offered, starttls = required: nothing goes in clear.
	rem_start_peer peer5c NO_TLS=1 || finish
	setup c5c "smtp://127.0.0.1:$REM_PORT" yes "starttls = required" \
	    "cainfo = $T/cert.pem"
	newdb || finish
	try dispatch --now 2027-04-30T09:00
	one_line_error "5: no STARTTLS" \
	    "^treatyctl: dispatch: .*STARTTLS.*(configuration|check \[mail\])"
	assert_not_grep "5: no STARTTLS: nothing sent in plain text" \
	    '"event":"(message|auth)"' "$T/peer5c.out"
	assert_eq "5: no STARTTLS: the rows stay pending" "\
2027-04-30 09:00|pending|TST/report/1|P30D|$JOHN
2027-04-30 09:00|pending|TST/report/1|P30D|$ZOE" "$(outbox | grep P30D)"
fi

# 6. No server, then a server ------------------------------------------------

PORT6=$(rem_free_port)
setup c6 "smtp://127.0.0.1:$PORT6" yes "starttls = off"
newdb || finish
dispatch 2027-04-30T09:00 "^queued 2, sent 0, deferred 2, failed 0,"
assert_eq "6: nothing listening: both deferred" "\
2027-04-30 09:00|pending|TST/report/1|P30D|$JOHN
2027-04-30 09:00|pending|TST/report/1|P30D|$ZOE" "$(outbox | grep P30D)"
rem_start_aiosmtpd aio6 "$T/c6.mail" "$PORT6" || finish
dispatch 2027-04-30T09:00 "^queued 0, sent 0, deferred 0,"
assert_eq "6: back, but before next_attempt: nothing" 0 \
    "$(rem_count "$T/c6.mail")"
dispatch 2027-04-30T09:10 "^queued 0, sent 2, deferred 0, failed 0,"
dispatch 2027-04-30T09:20 "^queued 0, sent 0, deferred 0, failed 0,"
rem_sql "$DB" "SELECT key FROM outbox WHERE state != 'skipped'" >"$T/c6.keys"
mailcheck ids "$T/c6.mail" "$DOMAIN" <"$T/c6.keys"
assert_eq "6: each delivered once" 2 "$(rem_count "$T/c6.mail")"

# 7. SIGKILL in the middle of a batch ----------------------------------------
# 50 recipients of the report's P30D (04-30 09:00); the consultation is met.

setup bulk "maildir:$T/bulk.md"
newdb || finish
ctl fact add TST consultation_held 2027-04-20 --today 2027-04-20 >/dev/null
i=1
while [ "$i" -le 48 ]; do
	n=$(printf '%02d' "$i")
	lang="nl"
	[ $((i % 2)) = 0 ] && lang=en
	"$TREATYCTL" -c "$CONF" coordinator add --no-welcome "Coordinator $n" \
	    "c$n@example.org" OCW --lang "$lang" --contributor TST \
	    >/dev/null 2>"$T/ctl.err" ||
	    fail "coordinator add --no-welcome c$n" "$(cat "$T/ctl.err")"
	i=$((i + 1))
done
{
	printf '%s\n' "$ZOE" "$JOHN"
	i=1
	while [ "$i" -le 48 ]; do
		printf 'c%02d@example.org\n' "$i"
		i=$((i + 1))
	done
} | awk -v k="$K_P30" '{ print k "|" $0 }' | LC_ALL=C sort >"$T/bulk.keys"

# kill_when DIR N PID: SIGKILL PID once DIR holds N messages (at most
# 10 s); the count at the kill in $killed_at.
kill_when() {
	_i=0
	while [ "$(rem_count "$1")" -lt "$2" ] && alive "$3" &&
	    [ "$_i" -lt 200 ]; do
		_i=$((_i + 1))
		sleep 0.05
	done
	kill -KILL "$3" 2>/dev/null
	wait "$3" 2>/dev/null
	forget_pid "$3"
	killed_at=$(rem_count "$1")
}

# The slow server waits 50 ms per message, before storing it or (the
# second round) after storing it and before its 250: then the message in
# flight at the kill is likely delivered without treatyd knowing, and
# comes again on the rerun (RFC 1047), under the same Message-ID.
for mode in before after; do
	c=c7-$mode
	rem_start_slow "slow-$mode" "$T/$c.mail" 0.05 "$mode" || finish
	setup "$c" "smtp://127.0.0.1:$REM_PORT" yes "starttls = off"
	rem_copy_db "$T/bulk.db" "$DB"
	"$TREATYCTL" -c "$CONF" dispatch --now 2027-04-30T09:00 \
	    >"$T/$c.run1" 2>&1 &
	pid=$!
	DAEMON_PIDS="$DAEMON_PIDS $pid"
	if [ "$mode" = before ]; then
		# A second dispatcher meanwhile would send the rows in flight.
		started() {
			[ "$(rem_count "$T/$c.mail")" -ge 3 ] || ! alive "$pid"
		}
		wait_until 100 started
		try dispatch --now 2027-04-30T09:00
		one_line_error "7: a second dispatch beside a running one" \
		    "lock|running"
	fi
	kill_when "$T/$c.mail" 10 "$pid"
	assert_between "7 ($mode): delivered at the SIGKILL (mid-batch)" 1 49 \
	    "$killed_at"
	sleep 0.2
	# The batch in flight (SENDER_BATCH: the first 20): marked 'sending'
	# before its first mail left, its results not committed.
	rem_sql "$DB" "SELECT key FROM outbox WHERE state = 'sending'" \
	    >"$T/$c.inflight"
	assert_eq "7 ($mode): the batch in flight left 'sending', the rest pending" \
	    "pending|30
sending|20" "$(rem_sql "$DB" "SELECT state, count(*) FROM outbox
	    GROUP BY state ORDER BY state")"
	dispatch 2027-04-30T09:00 "failed 0,"
	assert_eq "7 ($mode): after the rerun all 50 are sent" "sent|50" \
	    "$(rem_sql "$DB" "SELECT state, count(*) FROM outbox
	    GROUP BY state")"
	dispatch 2027-04-30T09:30 "^queued 0, sent 0,"
	mailcheck ids "$T/$c.mail" "$DOMAIN" "$T/$c.inflight" <"$T/bulk.keys"
	echo "$NAME: 7 ($mode): killed after $killed_at of 50;" \
	    "$(rem_count "$T/$c.mail") messages received in all"
	stop_pid "$REM_PID"
done

# The maildir: transport, stopped in the middle: the 25th key's tmp file
# is a FIFO, so its open() blocks until the SIGKILL.
setup c7m "maildir:$T/c7m.md"
rem_copy_db "$T/bulk.db" "$DB"
mkdir -p "$T/c7m.md/tmp" "$T/c7m.md/new" "$T/c7m.md/cur" || exit 1
fifo=$(sed -n 25p "$T/bulk.keys" | tr -d '\n' | sha256sum | cut -c1-64)
mkfifo "$T/c7m.md/tmp/$fifo" || exit 1
"$TREATYCTL" -c "$CONF" dispatch --now 2027-04-30T09:00 >"$T/c7m.run1" 2>&1 &
pid=$!
DAEMON_PIDS="$DAEMON_PIDS $pid"
# Blocked once the 25th row is committed as 'sending' (before its open()).
k25=$(sed -n 25p "$T/bulk.keys")
blocked() {
	[ "$(rem_sql "$DB" "SELECT state FROM outbox WHERE key = '$k25'")" = \
	    sending ] || ! alive "$pid"
}
wait_until 100 blocked
sleep 0.2
kill_when "$T/c7m.md" 24 "$pid"
assert_eq "7m: 24 delivered before the blocked one" 24 \
    "$(rem_count "$T/c7m.md")"
# The first batch of 20 recorded; the second (21-40) marked 'sending'.
assert_eq "7m: the rows at the kill" "pending|10
sending|20
sent|20" "$(rem_sql "$DB" "SELECT state, count(*) FROM outbox GROUP BY state
    ORDER BY state")"
rm -f "$T/c7m.md/tmp/$fifo"
# The rerun delivers the second batch again (its 4 files are replaced,
# named by their keys) and the rest.
dispatch 2027-04-30T09:00 "^queued 0, sent 30, deferred 0, failed 0,"
mailcheck keyfiles "$T/c7m.md" "$DOMAIN" <"$T/bulk.keys"

# 8. smtp-sink: 50 in one dispatch -------------------------------------------

if [ "$HAVE_SINK" = yes ]; then
	rem_start_sink sink8 || finish
	setup c8 "smtp://127.0.0.1:$REM_PORT/treatyd.test" yes "starttls = off"
	rem_copy_db "$T/bulk.db" "$DB"
	dispatch 2027-04-30T09:00 "^queued 50, sent 50, deferred 0, failed 0,"
	assert_eq "8: all 50 rows sent" "sent|50" \
	    "$(rem_sql "$DB" "SELECT state, count(*) FROM outbox GROUP BY state")"
	# "sess=N quit=N mesg=N" records, updated when a session ends.
	sink_done() {
		tr '\r' '\n' <"$T/sink8.out" | grep -q 'mesg=50'
	}
	wait_until 50 sink_done
	assert_eq "8: smtp-sink counted 50 messages in one session" \
	    "sess=1 quit=1 mesg=50" \
	    "$(tr '\r' '\n' <"$T/sink8.out" | grep 'sess=' | tail -n 1 |
	    sed 's/ *$//')"
fi

# 9. CR/LF in addresses ------------------------------------------------------

rem_start_aiosmtpd aio9 "$T/c9.mail" || finish
setup c9 "smtp://127.0.0.1:$REM_PORT" yes "starttls = off"
newdb || finish
CRLF=$(printf '\r\n_')
CRLF=${CRLF%_}
LF=$(printf '\n_')
LF=${LF%_}
try coordinator add --no-welcome Eve "eve@example.org${CRLF}RCPT TO:<x@y.example>" OCW \
    --contributor TST
one_line_error "9: coordinator add --no-welcome with CR LF in the e-mail" \
    "not an e-mail address"
try coordinator add --no-welcome Eve "eve@example.org${LF}RCPT TO:<x@y.example>" OCW \
    --contributor TST
one_line_error "9: coordinator add --no-welcome with LF in the e-mail" \
    "not an e-mail address"
try coordinator add --no-welcome "Eve${CRLF}Bcc: x@y.example" eve@example.org OCW \
    --contributor TST
one_line_error "9: coordinator add --no-welcome with CR LF in the name" "control character"
try coordinator list
assert_not_grep "9: no Eve was added" "Eve|x@y" "$T/ctl.out"
# shellcheck disable=SC1003 # a literal backslash-r backslash-n
try send-test 'a@b\r\nRCPT TO:<x@y>'
one_line_error "9: send-test with a literal \\r\\n" "not an e-mail address"
try send-test "a@b.example${CRLF}RCPT TO:<x@y.example>"
one_line_error "9: send-test with CR LF" "not an e-mail address"
assert_eq "9: the server saw nothing" 0 "$(rem_count "$T/c9.mail")"
# Defence in depth: a row planted in the database, past treatyctl.
"$PYTHON" - "$DB" <<'EOF' || fail "9: planting a coordinator row failed"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO coordinators (name, email, department, language) "
           "VALUES ('Eve', 'eve@example.org' || char(13, 10) || "
           "'RCPT TO:<x@y.example>', 'OCW', 'en')")
db.execute("INSERT INTO assignments VALUES ((SELECT id FROM coordinators "
           "WHERE name = 'Eve'), 'TST', 'contributor')")
db.commit()
EOF
try dispatch --now 2027-04-30T09:00
assert_grep "9: the planted row fails, the others go" \
    "^queued 3, sent 2, deferred 0, failed 1," "$T/ctl.out"
assert_eq "9: the planted row is failed, not sent" "failed" \
    "$(rem_sql "$DB" "SELECT state FROM outbox WHERE recipient LIKE 'eve@%'
    AND lead = 'P30D'")"
assert_eq "9: two messages reached the server" 2 "$(rem_count "$T/c9.mail")"
cat "$T"/c9.mail/new/* >"$T/c9.all" 2>/dev/null
assert_not_grep "9: no injected recipient reached the server" \
    "x@y\.example|^X-RcptTo:.*eve@" "$T/c9.all"

# 10. The chair --------------------------------------------------------------
# The consultation (due Fri 04-30) is never held: overdue repeats every
# P7D to the coordinators, Fri 05-07 (repeat 1) and Fri 05-14 (repeat 2);
# the chair gets no copies but Monday's summary of what is late once the
# coordinators had chair_after = 1 repeat: Mon 05-10.

setup c10 "maildir:$T/c10.md"
newdb || finish
dispatch 2027-05-07T09:00 "sent 2,"
assert_eq "10: repeat 1 goes to the coordinators only" "\
2027-05-07 09:00|sent|TST/consultation/1|overdue-1|$JOHN
2027-05-07 09:00|sent|TST/consultation/1|overdue-1|$ZOE" \
    "$(outbox --state sent)"
dispatch 2027-05-10T09:00 "sent 1,"
assert_eq "10: Monday: the chair's summary" \
    "2027-05-10 09:00|sent|-|summary|chair@example.org" \
    "$(outbox --state sent | grep chair)"
dispatch 2027-05-14T09:00 "sent 2,"
assert_eq "10: repeat 2 goes to the coordinators only" "\
2027-05-14 09:00|sent|TST/consultation/1|overdue-2|$JOHN
2027-05-14 09:00|sent|TST/consultation/1|overdue-2|$ZOE" \
    "$(outbox --state sent | grep overdue-2)"
dispatch 2027-05-14T12:00 "sent 0,"
ctl export "$T/c10.nl" --lang nl --today 2027-05-14 >/dev/null
ctl export "$T/c10.en" --lang en --today 2027-05-14 >/dev/null
: >"$T/expected"
K_OD="TST/consultation/1|2027-04-30|overdue"
expect "$ZOE" "$K_OD-1|$ZOE" "$S_CONS_NL (7 dagen te laat)" "Zoë de Vries" \
    nl 2027-05-07T07:00:00+00:00 "Status:           te laat"
expect "$JOHN" "$K_OD-1|$JOHN" "$S_CONS_EN (7 days overdue)" "John Smith" \
    en 2027-05-07T07:00:00+00:00 "Status:           overdue"
expect chair@example.org "|2027-05-10|summary|chair@example.org" \
    "Verdragsrapportages: weekoverzicht van wat te laat is (1)" - nl \
    2027-05-10T07:00:00+00:00 "Beste voorzitter van het netwerk,;$(
    )(10 dagen te laat): TST: "
expect "$ZOE" "$K_OD-2|$ZOE" "$S_CONS_NL (14 dagen te laat)" \
    "Zoë de Vries" nl 2027-05-14T07:00:00+00:00 ""
expect "$JOHN" "$K_OD-2|$JOHN" "$S_CONS_EN (14 days overdue)" "John Smith" \
    en 2027-05-14T07:00:00+00:00 ""
mailcheck mail "$T/c10.md" "$T/c10.nl" "$T/c10.en" "$FROM" <"$T/expected"

# Octet rules of everything the maildir: transport wrote in cases 2 and 10.
mailcheck raw "$T/c2.md" "$T/c10.md"

finish
