# lib.sh: helpers shared by the integration tests that run treatyd
# (feeds.sh, daemon.sh, page.sh). Sourced, not run:
#
#   . "$top_srcdir/tests/integration/lib.sh"
#
# It sets TREATYD, TREATYCTL, PYTHON, NAME (the script's name) and T (a
# temporary directory), installs the EXIT trap that stops every daemon
# started with start_daemon (by PID) and removes T, and provides counted
# assertions. Finish a script with `finish`.
#
# Environment: top_srcdir and top_builddir (absolute; set by make check);
# TREATYD_REQUIRE_PEERS (set, not 0) turns a missing peer tool into a
# failure instead of a skip (exit 77); TREATYD_KEEP_TMP=1 keeps T for a
# post-mortem.

: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"

NAME=${0##*/}
TREATYD=$top_builddir/treatyd
TREATYCTL=$top_builddir/treatyctl
# Debian's python3 (a pyenv shim would hide python3-icalendar and friends).
PYTHON=/usr/bin/python3

failures=0
checks=0
DAEMON_PIDS=

for prog in "$TREATYD" "$TREATYCTL"; do
	if [ ! -x "$prog" ]; then
		echo "$NAME: $prog is not built" >&2
		exit 1
	fi
done
if [ ! -x "$PYTHON" ]; then
	echo "$NAME: $PYTHON is missing (apt-get install python3)" >&2
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/treatyd-${NAME%.sh}.XXXXXX") || exit 1

# alive PID: the process exists and is not a zombie.
alive() {
	[ -r "/proc/$1/stat" ] || return 1
	# The state is the field after the ")" that ends the command name.
	case $(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) in
	Z* | X* | "") return 1 ;;
	esac
	return 0
}

# stop_pid PID [SECONDS]: SIGTERM, wait up to SECONDS (default 5) for the
# process to go, then SIGKILL. The exit status of the process (when it is
# our child) is left in $stop_rc, "timeout" when it had to be killed.
# shellcheck disable=SC2034 # stop_rc, waited, code: results for the caller
stop_pid() {
	_pid=$1
	_ticks=$(( ${2:-5} * 10 ))
	stop_rc=
	kill -TERM "$_pid" 2>/dev/null
	while [ "$_ticks" -gt 0 ] && alive "$_pid"; do
		sleep 0.1
		_ticks=$((_ticks - 1))
	done
	if alive "$_pid"; then
		kill -KILL "$_pid" 2>/dev/null
		wait "$_pid" 2>/dev/null
		stop_rc=timeout
	else
		wait "$_pid" 2>/dev/null
		stop_rc=$?
	fi
	forget_pid "$_pid"
}

forget_pid() {
	_left=
	for _p in $DAEMON_PIDS; do
		[ "$_p" = "$1" ] || _left="$_left $_p"
	done
	DAEMON_PIDS=$_left
}

cleanup() {
	for _p in $DAEMON_PIDS; do
		stop_pid "$_p" 5
	done
	if [ "${TREATYD_KEEP_TMP:-0}" = 1 ]; then
		echo "$NAME: kept $T" >&2
	else
		rm -rf "$T"
	fi
}
trap 'rc=$?; trap - EXIT; cleanup; exit $rc' EXIT
trap 'exit 1' HUP INT TERM

# ------------------------------------------------------------ assertions

fail() {
	failures=$((failures + 1))
	echo "FAIL: $1" >&2
	shift
	for _line in "$@"; do
		echo "      $_line" >&2
	done
}

# check WHAT COMMAND...: count one check; it fails when COMMAND fails.
check() {
	checks=$((checks + 1))
	_what=$1
	shift
	if ! "$@"; then
		fail "$_what" "command: $*"
		return 1
	fi
	return 0
}

# assert_eq WHAT EXPECTED GOT
assert_eq() {
	checks=$((checks + 1))
	if [ "$2" != "$3" ]; then
		fail "$1" "expected: $2" "got:      $3"
		return 1
	fi
	return 0
}

assert_ne() {
	checks=$((checks + 1))
	if [ "$2" = "$3" ]; then
		fail "$1" "expected anything but: $2"
		return 1
	fi
	return 0
}

# assert_le WHAT MAX GOT (integers)
assert_le() {
	checks=$((checks + 1))
	if ! [ "$3" -le "$2" ] 2>/dev/null; then
		fail "$1" "expected: at most $2" "got:      $3"
		return 1
	fi
	return 0
}

# assert_grep WHAT ERE FILE / assert_not_grep WHAT ERE FILE
assert_grep() {
	checks=$((checks + 1))
	if ! grep -Eq -- "$2" "$3"; then
		fail "$1" "expected: a line matching /$2/ in ${3#"$T"/}" \
		    "got:      $(head -c 300 "$3" | head -n 5 | tr '\r' ' ')"
		return 1
	fi
	return 0
}

assert_not_grep() {
	checks=$((checks + 1))
	grep -Eq -- "$2" "$3"
	case $? in
	0)
		fail "$1" "expected: no line matching /$2/ in ${3#"$T"/}" \
		    "got:      $(grep -E -m 3 -- "$2" "$3" | tr '\r' ' ')"
		return 1
		;;
	1)	return 0 ;;
	*)
		fail "$1" "grep -E '$2' ${3#"$T"/} failed"
		return 1
		;;
	esac
}

# add_results FILE: fold in the output of a checking helper program that
# prints "FAIL: ..." (with indented detail lines) for each failed check and
# ends with the line "checks N".
add_results() {
	_n=$(sed -n 's/^checks \([0-9][0-9]*\)$/\1/p' "$1" | tail -n 1)
	_f=$(grep -c '^FAIL: ' "$1")
	grep -v '^checks [0-9]*$' "$1" >&2
	if [ -z "$_n" ]; then
		failures=$((failures + 1))
		checks=$((checks + 1))
		echo "FAIL: a checking helper did not finish (see the lines above)" >&2
		return 1
	fi
	checks=$((checks + _n))
	failures=$((failures + _f))
	[ "$_f" -eq 0 ]
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$NAME: $failures of $checks checks failed" >&2
		exit 1
	fi
	echo "$NAME: all $checks checks passed"
	exit 0
}

# missing_peer WHAT HOW: a peer tool is not installed. Skip (77), or fail
# when TREATYD_REQUIRE_PEERS is set, so that CI never skips silently.
missing_peer() {
	if [ -n "${TREATYD_REQUIRE_PEERS:-}" ] &&
	    [ "$TREATYD_REQUIRE_PEERS" != 0 ]; then
		echo "$NAME: FAIL: required peer missing: $1 ($2);" \
		    "TREATYD_REQUIRE_PEERS is set" >&2
		exit 1
	fi
	echo "$NAME: SKIP: $1 is missing ($2);" \
	    "set TREATYD_REQUIRE_PEERS=1 to make this a failure" >&2
	exit 77
}

# ------------------------------------------------------------ waiting

# wait_until TENTHS COMMAND...: run COMMAND every 0.1 s until it succeeds,
# at most TENTHS times; the elapsed tenths are left in $waited.
wait_until() {
	_max=$1
	shift
	waited=0
	while ! "$@"; do
		waited=$((waited + 1))
		[ "$waited" -ge "$_max" ] && return 1
		sleep 0.1
	done
	return 0
}

# maildir_count DIR: how many messages the Maildir DIR holds in new/.
maildir_count() {
	find "$1/new" -type f 2>/dev/null | wc -l | tr -d ' '
}

# maildir_more DIR N: DIR holds more than N messages.
maildir_more() {
	[ "$(maildir_count "$1")" -gt "$2" ]
}

# wait_mail DIR N: wait up to 10 s for a message beyond the N that DIR
# held (the daemon's pages hand their mails to a thread of their own).
wait_mail() {
	wait_until 100 maildir_more "$1" "$2" ||
	    fail "no new mail in $1 within 10 s" "it held $2"
}

# ------------------------------------------------------------ configuration

# write_conf FILE DB INSTRUMENTS [LANGUAGE]: a configuration on the shipped
# Dutch data, listening on an ephemeral loopback port, public feeds on.
# Reminder mail goes to a Maildir in $T (the default is under /var).
write_conf() {
	cat >"$1" <<EOF
[general]
database = $2
instruments = $3
holidays = $top_srcdir/conf/holidays/nl.ini
departments = $top_srcdir/conf/departments.ini
timezone = Europe/Amsterdam
language = ${4:-nl}
horizon = P3Y

[http]
listen = 127.0.0.1:0
base_url = https://treatyd.example.org
public = yes

[mail]
transport = maildir:$T/outbox
from = treatyd@example.org

[reminders]
templates = $top_srcdir/conf/templates
EOF
}

# report_instruments DIR CODE...: an instrument file per CODE in DIR, each
# with one rule: a report a year after the concluding observations.
report_instruments() {
	_dir=$1
	shift
	mkdir -p "$_dir" || return 1
	for _code in "$@"; do
		cat >"$_dir/$_code.ini" <<EOF
[instrument]
code = $_code
name = Test convention $_code
name_nl = Testverdrag $_code
body = Test Committee
lead = BZK

[rule report]
type = offset
label = Periodic report
label_nl = Periodieke rapportage
anchor = co_adopted + P1Y
EOF
	done
}

# add_coordinators N CODE: coordinators "C 1" ... "C N" (cI@example.org,
# BZK), each lead of CODE, without welcome mails.
add_coordinators() {
	_i=1
	while [ "$_i" -le "$1" ]; do
		ctl coordinator add --no-welcome "C $_i" "c$_i@example.org" BZK \
		    --lead "$2" || return 1
		_i=$((_i + 1))
	done
}

# ctl ARGS...: treatyctl -c $CONF; stdout in $T/ctl.out, stderr in
# $T/ctl.err, the exit status in $rc; a failure is reported (not counted
# as a check: a setup step).
ctl() {
	"$TREATYCTL" -c "$CONF" "$@" >"$T/ctl.out" 2>"$T/ctl.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "treatyctl $* exited $rc" "$(cat "$T/ctl.err")"
	fi
	return "$rc"
}

# ------------------------------------------------------------ the daemon

# start_daemon CONF LOG [ARGS...]: start treatyd in the background and wait
# (at most 10 s) for "serving on ... (port N)"; sets DPID and PORT.
start_daemon() {
	_conf=$1
	_log=$2
	shift 2
	# Emptied here, not by the background's redirection, which may come
	# after daemon_port has read the previous daemon's port.
	: >"$_log"
	"$TREATYD" -c "$_conf" "$@" >"$_log" 2>&1 </dev/null &
	DPID=$!
	DAEMON_PIDS="$DAEMON_PIDS $DPID"
	PORT=
	if ! wait_until 100 daemon_port "$_log"; then
		fail "treatyd did not start within 10 s" \
		    "log: $(tr '\n' '|' <"$_log")"
		return 1
	fi
	if ! alive "$DPID"; then
		fail "treatyd exited at start" "log: $(tr '\n' '|' <"$_log")"
		return 1
	fi
	return 0
}

daemon_port() {
	PORT=$(sed -n 's/.*serving on .*(port \([0-9][0-9]*\)).*/\1/p' "$1" |
	    tail -n 1)
	[ -n "$PORT" ] && return 0
	alive "$DPID" || return 0
	return 1
}

# ------------------------------------------------------------ HTTP (curl)

# http [CURL-ARGS...] URL: one request with curl (libcurl). The status is
# left in $code (000 when curl failed), headers in $T/h, the body in $T/b.
http() {
	rm -f "$T/h" "$T/b"
	: >"$T/h"
	: >"$T/b"
	code=$(curl -sS --max-time 10 -o "$T/b" -D "$T/h" -w '%{http_code}' \
	    "$@" 2>"$T/curl.err")
	[ -n "$code" ] || code=000
}

# url PATH: the daemon's address of PATH.
url() {
	printf 'http://127.0.0.1:%s%s' "$PORT" "$1"
}

# hdr NAME: a header of the last response ($T/h), without CR.
hdr() {
	tr -d '\r' <"$T/h" | sed -n "s/^$1: *//Ip" | tail -n 1
}

# ------------------------------------------------------------ reminders (rem_)
# Helpers of reminders.sh: SMTP peers on loopback ports, read-only looks
# into the database. Every peer started here is stopped by the EXIT trap.

# rem_free_port: a loopback TCP port nothing listens on right now (the
# kernel's pick for port 0).
rem_free_port() {
	"$PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# rem_listening PORT: something listens on 127.0.0.1:PORT. Read from
# /proc/net/tcp, so no connection is made (smtp-sink counts every
# connection as a session).
rem_listening() {
	_hex=$(printf '%04X' "$1")
	grep -Eq "^ *[0-9]+: (0100007F|00000000):$_hex 00000000:0000 0A " \
	    /proc/net/tcp
}

# rem_bg NAME COMMAND...: COMMAND in the background, stdout in $T/NAME.out
# and stderr in $T/NAME.err; its PID in $REM_PID (stopped at exit).
rem_bg() {
	_name=$1
	shift
	"$@" >"$T/$_name.out" 2>"$T/$_name.err" </dev/null &
	REM_PID=$!
	DAEMON_PIDS="$DAEMON_PIDS $REM_PID"
}

# rem_wait_listening PID PORT: wait (at most 10 s) until PORT listens;
# 1 (after a failure is reported) when PID died or time ran out.
rem_wait_listening() {
	_i=0
	while ! rem_listening "$2"; do
		if ! alive "$1" || [ "$_i" -ge 100 ]; then
			fail "no peer listening on 127.0.0.1:$2 (pid $1)"
			return 1
		fi
		_i=$((_i + 1))
		sleep 0.1
	done
	return 0
}

# rem_wait_line NAME ERE: wait (at most 10 s) for a line matching ERE in
# $T/NAME.out of the peer $REM_PID; the line in $REM_LINE.
rem_wait_line() {
	_i=0
	REM_LINE=
	while :; do
		REM_LINE=$(grep -E -m 1 -- "$2" "$T/$1.out" 2>/dev/null)
		[ -n "$REM_LINE" ] && return 0
		if ! alive "$REM_PID" || [ "$_i" -ge 100 ]; then
			fail "$1 did not print /$2/ within 10 s" \
			    "stdout: $(head -c 300 "$T/$1.out" 2>/dev/null)" \
			    "stderr: $(head -c 300 "$T/$1.err" 2>/dev/null)"
			return 1
		fi
		_i=$((_i + 1))
		sleep 0.1
	done
}

# rem_start_aiosmtpd NAME MAILDIR [PORT]: python3-aiosmtpd's Mailbox
# handler, plain SMTP on 127.0.0.1:PORT (a free one when not given),
# storing into MAILDIR. Sets REM_PID and REM_PORT.
rem_start_aiosmtpd() {
	REM_PORT=${3:-$(rem_free_port)}
	rem_bg "$1" "$PYTHON" -m aiosmtpd -n -l "127.0.0.1:$REM_PORT" \
	    -c aiosmtpd.handlers.Mailbox "$2"
	rem_wait_listening "$REM_PID" "$REM_PORT"
}

# rem_start_slow NAME MAILDIR DELAY [before|after]: tests/peers/
# slow_smtpd.py (every message waits DELAY seconds before it is stored in
# MAILDIR, or after, before the 250). Sets REM_PID and REM_PORT.
rem_start_slow() {
	rem_bg "$1" "$PYTHON" "$top_srcdir/tests/peers/slow_smtpd.py" "$2" "$3" \
	    "${4:-before}"
	rem_wait_line "$1" '^listening [0-9]+$' || return 1
	REM_PORT=${REM_LINE#listening }
}

# rem_start_peer NAME [VAR=VALUE...]: tests/peers/peer.cjs (node
# smtp-server) on a port it picks, with the given environment (KEY= and
# CERT= for STARTTLS, NO_TLS=1 for none). Sets REM_PID and REM_PORT.
rem_start_peer() {
	_name=$1
	shift
	rem_bg "$_name" env PORT=0 "$@" node \
	    "$top_srcdir/tests/peers/peer.cjs"
	rem_wait_line "$_name" '"event":"listening"' || return 1
	REM_PORT=$(printf '%s\n' "$REM_LINE" |
	    sed -n 's/.*"port":\([0-9][0-9]*\).*/\1/p')
}

# rem_start_sink NAME: postfix's smtp-sink counting (-c) on a free port;
# it refuses to run as root without -u. Sets REM_PID and REM_PORT.
rem_start_sink() {
	REM_PORT=$(rem_free_port)
	if [ "$(id -u)" = 0 ]; then
		rem_bg "$1" /usr/sbin/smtp-sink -u nobody -c \
		    "127.0.0.1:$REM_PORT" 100
	else
		rem_bg "$1" /usr/sbin/smtp-sink -c "127.0.0.1:$REM_PORT" 100
	fi
	rem_wait_listening "$REM_PID" "$REM_PORT"
}

# rem_optional_peer WHAT HOW: a peer that only some cases need is missing.
# With TREATYD_REQUIRE_PEERS set that is a failure; otherwise those cases
# are skipped with a note. Returns 1 either way, so: `have || rem_... || ...`.
rem_optional_peer() {
	if [ -n "${TREATYD_REQUIRE_PEERS:-}" ] &&
	    [ "$TREATYD_REQUIRE_PEERS" != 0 ]; then
		fail "required peer missing: $1 ($2); TREATYD_REQUIRE_PEERS is set"
	else
		echo "$NAME: SKIP (some cases): $1 is missing ($2)" >&2
	fi
	return 1
}

# rem_sql DB QUERY: the rows of a query (run with query_only), fields
# joined by "|".
rem_sql() {
	"$PYTHON" -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA query_only = 1")
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))' "$1" "$2"
}

# rem_copy_db FROM TO: a consistent copy of an SQLite database (WAL too).
rem_copy_db() {
	rm -f "$2" "$2-wal" "$2-shm"
	"$PYTHON" -c 'import sqlite3, sys
src = sqlite3.connect(sys.argv[1])
dst = sqlite3.connect(sys.argv[2])
src.backup(dst)
dst.close()
src.close()' "$1" "$2"
}

# rem_count DIR: the messages in a Maildir (new/ and cur/).
rem_count() {
	find "$1/new" "$1/cur" -type f 2>/dev/null | wc -l | tr -d ' '
}
