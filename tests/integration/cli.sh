#!/bin/sh
# End-to-end test of treatyctl on a temporary database, with its own tiny
# instrument files, the shipped Dutch holidays and departments.
# Run by `make check` with top_srcdir and top_builddir set (absolute).

: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"

TREATYCTL=$top_builddir/treatyctl
PYTHON=/usr/bin/python3

if [ ! -x "$TREATYCTL" ]; then
	echo "cli.sh: $TREATYCTL is not built" >&2
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/treatyctl-cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

failures=0
checks=0

fail() {
	failures=$((failures + 1))
	echo "FAIL: $1" >&2
	shift
	for line in "$@"; do
		echo "      $line" >&2
	done
}

# check WHAT COMMAND...: one check, failed when COMMAND fails.
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

# run ARGS...: treatyctl -c $CONF ARGS; stdout in $T/out, stderr in $T/err,
# the exit status in $rc. CONF may be changed between calls.
run() {
	"$TREATYCTL" -c "$CONF" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	last="treatyctl $*"
}

show_output() {
	echo "      command: $last" >&2
	sed 's/^/      stdout: /' "$T/out" >&2
	sed 's/^/      stderr: /' "$T/err" >&2
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

# assert_rc WHAT EXPECTED: the exit status of the last run.
assert_rc() {
	checks=$((checks + 1))
	if [ "$rc" != "$2" ]; then
		fail "$1: exit status" "expected: $2" "got:      $rc"
		show_output
		return 1
	fi
	return 0
}

# assert_out WHAT PATTERN / assert_err WHAT PATTERN: grep -E in stdout/stderr.
assert_out() {
	checks=$((checks + 1))
	if ! grep -Eq -- "$2" "$T/out"; then
		fail "$1: stdout lacks /$2/"
		show_output
		return 1
	fi
	return 0
}

assert_not_out() {
	checks=$((checks + 1))
	if grep -Eq -- "$2" "$T/out"; then
		fail "$1: stdout has /$2/"
		show_output
		return 1
	fi
	return 0
}

assert_err() {
	checks=$((checks + 1))
	if ! grep -Eq -- "$2" "$T/err"; then
		fail "$1: stderr lacks /$2/"
		show_output
		return 1
	fi
	return 0
}

assert_not_err() {
	checks=$((checks + 1))
	if grep -Eq -- "$2" "$T/err"; then
		fail "$1: stderr has /$2/"
		show_output
		return 1
	fi
	return 0
}

# A user error: exit 1, exactly one line on stderr, naming the bad value.
assert_user_error() {
	assert_rc "$1" 1 || return 1
	checks=$((checks + 1))
	n=$(wc -l <"$T/err" | tr -d ' ')
	if [ "$n" != 1 ]; then
		fail "$1: expected one line on stderr, got $n"
		show_output
		return 1
	fi
	assert_err "$1" "$2"
}

# A usage error: exit 2 and the usage text on stderr.
assert_usage_error() {
	assert_rc "$1" 2 || return 1
	assert_err "$1" "^usage: treatyctl"
}

# jget ID FIELD: a field of the deadline (or fact, with a numeric ID) in the
# JSON array on stdout of the last run; MISSING when absent.
jget() {
	"$PYTHON" -c '
import json, sys
want, field = sys.argv[1], sys.argv[2]
for o in json.load(sys.stdin):
    if str(o["id"]) == want:
        v = o.get(field, "MISSING")
        print("null" if v is None else str(v).lower() if isinstance(v, bool) else v)
        break
else:
    print("MISSING")
' "$1" "$2" <"$T/out" 2>>"$T/pyerr" || echo "BAD-JSON"
}

# jids: the ids in the JSON array on stdout, space separated, sorted.
jids() {
	"$PYTHON" -c '
import json, sys
print(" ".join(sorted(str(o["id"]) for o in json.load(sys.stdin))))
' <"$T/out" 2>>"$T/pyerr" || echo "BAD-JSON"
}

# Configuration ------------------------------------------------------------

mkdir "$T/instruments.d" "$T/broken.d" || exit 1

# Offset: a follow-up two years after the concluding observations.
cat >"$T/instruments.d/alpha.ini" <<'EOF'
; test instrument: offset rule
[instrument]
code = ALPHA
name = Alpha Convention
name_nl = Alfaverdrag
body = Alpha Committee
lead = BZK
contributors = OCW

[rule followup]
type = offset
label = Follow-up report
label_nl = Follow-uprapportage
anchor = co_adopted + P2Y
EOF

# Grid: report n due 2020-01-01 + (n - 1) x 4 years.
cat >"$T/instruments.d/beta.ini" <<'EOF'
; test instrument: grid rule
[instrument]
code = BETA
name = Beta Convention
body = Beta Committee
lead = OCW

[rule report]
type = grid
label = Periodic report
base = 2020-01-01
period = P4Y
first = 1
EOF

cat >"$T/treatyd.conf" <<EOF
[general]
database = treatyd.db
instruments = instruments.d
holidays = $top_srcdir/conf/holidays/nl.ini
departments = $top_srcdir/conf/departments.ini
timezone = Europe/Amsterdam
language = en
horizon = P3Y

[reminders]
templates = $top_srcdir/conf/templates
EOF

# The same, with a rule file that has a mistake on line 9.
cp "$T/instruments.d/alpha.ini" "$T/broken.d/alpha.ini"
cat >"$T/broken.d/gamma.ini" <<'EOF'
; test instrument with a mistake
[instrument]
code = GAMMA
name = Gamma Convention
body = Gamma Committee

[rule report]
anchor = co_adopted + P4Y
type = offst
EOF
sed 's/^instruments = .*/instruments = broken.d/' "$T/treatyd.conf" \
    >"$T/broken.conf"

CONF=$T/treatyd.conf

# Usage errors (exit 2) ----------------------------------------------------

run
assert_usage_error "no command"
run frobnicate
assert_usage_error "unknown command"
assert_err "unknown command" "frobnicate"
run fact
assert_usage_error "fact without a subcommand"
run fact ad X
assert_usage_error "a mistyped fact command"
assert_err "a mistyped fact command" "did you mean 'add'\?"
run fact add ALPHA co_adopted
assert_usage_error "fact add with a missing DATE"
run fact supersede
assert_usage_error "fact supersede without ID"
run fact import
assert_usage_error "fact import without FILE"
run coordinator add "Anna" anna@example.nl
assert_usage_error "coordinator add without DEPARTMENT"
run coordinator remove
assert_usage_error "coordinator remove without NAME"
run deadlines --bogus
assert_usage_error "deadlines with an unknown option"
run -h
assert_rc "-h" 0
assert_out "-h" "^usage: treatyctl"
run --help
assert_rc "--help" 0
assert_out "--help" "^usage: treatyctl"
run --version
assert_rc "--version" 0
assert_out "--version" "^treatyctl [0-9]+\.[0-9]+"
run -V
assert_rc "-V" 0
run help
assert_rc "help" 0
assert_out "help" "^commands:"
run help deadlines
assert_rc "help deadlines" 0
assert_out "help deadlines" "^usage: treatyctl deadlines \[--from D\]"
assert_not_out "help deadlines: that command only" "fact add"
run deadlines --help
assert_rc "deadlines --help" 0
assert_out "deadlines --help" "^usage: treatyctl deadlines "
run fact add --help
assert_rc "fact add --help" 0
assert_out "fact add --help" "^usage: treatyctl fact add INSTRUMENT KIND DATE"
run help nosuch
assert_usage_error "help nosuch"
run deadlnes
assert_usage_error "a mistyped command"
assert_err "a mistyped command" "did you mean 'deadlines'\?"
run coordinatr list
assert_err "a mistyped command" "did you mean 'coordinator'\?"
run frobnicate
assert_usage_error "an unknown command"
assert_not_err "an unknown command: no suggestion" "did you mean"
run deadlines --form 2026-01-01
assert_usage_error "a mistyped option"
assert_err "a mistyped option" "did you mean '--from'\?"
run fact add ALPHA co_adopted 2026-01-01 --dryrun
assert_err "a mistyped option of fact add" "did you mean '--dry-run'\?"
run deadlines --bogus
assert_not_err "an unknown option: no suggestion" "did you mean"
assert_err "deadlines --bogus: its own usage" "^usage: treatyctl deadlines"
assert_not_err "deadlines --bogus: its own usage only" "coordinator add"

# init, check --------------------------------------------------------------

run deadlines
assert_user_error "deadlines before init" "treatyctl init"

run init
assert_rc "init" 0
assert_out "init" "is ready \(schema version [0-9]+\)"
checks=$((checks + 1))
[ -f "$T/treatyd.db" ] || fail "init: no database at $T/treatyd.db (relative to the config)"
run init
assert_rc "init again" 0

run check
assert_rc "check" 0
assert_out "check" "^configuration OK: 2 instruments"

run instruments
assert_rc "instruments" 0
assert_out "instruments" "^ALPHA +Alpha Committee +BZK +followup"
assert_out "instruments" "^BETA +Beta Committee +OCW +report"

CONF=$T/broken.conf
run check
assert_rc "check of a broken rule file" 1
assert_err "check of a broken rule file" "broken\.d/gamma\.ini:[0-9]+: .*offst"
assert_err "check of a broken rule file" "broken\.d/gamma\.ini:9: "
assert_not_out "check of a broken rule file" "configuration OK"

# Layered directories: local.d's file (of another name) replaces BETA by
# its code; a later directory that is not there is skipped; an error in
# the local file is reported at its line, with nothing else used.
mkdir "$T/local.d"
cat >"$T/local.d/our-beta.ini" <<'EOF'
[instrument]
code = beta
name = Beta Convention, as we keep it
body = Beta Committee (local)
lead = VWS
EOF
sed 's/^instruments = .*/instruments = instruments.d, local.d not-yet.d/' \
    "$T/treatyd.conf" >"$T/layered.conf"
CONF=$T/layered.conf
run check
assert_rc "check of layered instruments" 0
assert_out "check of layered instruments" "^configuration OK: 2 instruments"
run instruments
assert_out "instruments: the local BETA" "^beta +Beta Committee \(local\) +VWS +-"
assert_not_out "instruments: the shipped BETA is gone" "^BETA "
assert_out "instruments: ALPHA from the first directory" \
    "^ +$T/instruments\.d/alpha\.ini$"
assert_out "instruments: where BETA came from and what it replaced" \
    "^ +$T/local\.d/our-beta\.ini \(overrides $T/instruments\.d/beta\.ini\)$"
"$TREATYCTL" -c "$CONF" instruments --json >"$T/j"
check "instruments --json: file and overrides" "$PYTHON" - "$T/j" "$T" <<'EOF'
import json, sys
v = {i["code"]: i for i in json.load(open(sys.argv[1]))}
t = sys.argv[2]
assert set(v) == {"ALPHA", "beta"}, v.keys()
assert v["beta"]["file"] == t + "/local.d/our-beta.ini", v["beta"]
assert v["beta"]["overrides"] == t + "/instruments.d/beta.ini", v["beta"]
assert v["ALPHA"]["overrides"] is None, v["ALPHA"]
EOF
printf '[instrument]\ncode = ALPHA\ncolour = red\n' >"$T/local.d/zz.ini"
run check
assert_rc "check of a broken local file" 1
assert_err "check of a broken local file: at its line" \
    "local\.d/zz\.ini:3: unknown key 'colour'"
rm "$T/local.d/zz.ini"

# A drop-in overrides the file's key; check names it, and --json too.
mkdir "$T/layered.conf.d"
printf '[general]\nlanguage = nl\n' >"$T/layered.conf.d/10-taal.conf"
run check
assert_rc "check with a drop-in" 0
assert_out "check names the drop-in" "^drop-in $T/layered\.conf\.d/10-taal\.conf$"
run instruments
assert_out "instruments: the drop-in's language" "^ +Alfaverdrag$"
"$TREATYCTL" -c "$CONF" check --json >"$T/j"
check "check --json: the drop-ins read" "$PYTHON" - "$T/j" "$T" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert v["ok"] is True, v
assert v["dropins"] == [sys.argv[2] + "/layered.conf.d/10-taal.conf"], v
EOF
rm -r "$T/layered.conf.d"
CONF=$T/treatyd.conf

# Offset: follow-up two years after co_adopted ------------------------------

run fact add ALPHA co_adopted 2026-02-20 --symbol ALPHA/C/NLD/CO/7 --cycle 7
assert_rc "fact add co_adopted" 0
assert_out "fact add co_adopted" "^recorded fact 1$"

run deadlines --today 2026-03-01
assert_rc "deadlines" 0
assert_out "deadlines" "^deadlines as of 2026-03-01"
assert_out "deadlines: a summary" \
    "^[0-9]+ deadlines?: [0-9]+ late, [0-9]+ in the next 90 days"
assert_out "deadlines: follow-up" \
    "^2028-02-20  ALPHA +Follow-up report +7 +open +derived +BZK"

run deadlines --today 2026-03-01 --json
assert_rc "deadlines --json" 0
assert_eq "json ALPHA follow-up due" 2028-02-20 "$(jget ALPHA/followup/1 due)"
assert_eq "json ALPHA follow-up status" open "$(jget ALPHA/followup/1 status)"
assert_eq "json ALPHA follow-up confidence" derived \
    "$(jget ALPHA/followup/1 confidence)"
assert_eq "json ALPHA follow-up cycle" 7 "$(jget ALPHA/followup/1 cycle)"
assert_eq "json ALPHA follow-up facts" "[1]" "$(jget ALPHA/followup/1 facts)"

# Overdue once the due date has passed.
run deadlines --today 2028-02-21 --json --instrument ALPHA
assert_eq "ALPHA follow-up after its due date" overdue \
    "$(jget ALPHA/followup/1 status)"

# Grid: a late report does not move the grid --------------------------------

run deadlines --today 2019-06-01 --json --instrument BETA
assert_rc "grid before any report" 0
assert_eq "BETA report 1 due" 2020-01-01 "$(jget BETA/report/1 due)"

# Report 1 (due 2020-01-01) submitted 14 months late.
run fact add BETA report_submitted 2021-03-01
assert_rc "late report_submitted" 0
run deadlines --today 2023-01-01 --all --json --instrument BETA
assert_eq "BETA report 1 met" met "$(jget BETA/report/1 status)"
assert_eq "BETA report 1 met_on" 2021-03-01 "$(jget BETA/report/1 met_on)"
assert_eq "BETA report 2 stays on the grid" 2024-01-01 \
    "$(jget BETA/report/2 due)"
assert_eq "BETA report 2 open" open "$(jget BETA/report/2 status)"
assert_eq "BETA report 2 derived" derived "$(jget BETA/report/2 confidence)"
assert_eq "BETA report 3 beyond the horizon" MISSING "$(jget BETA/report/3 due)"
run deadlines --today 2025-02-01 --json --instrument BETA
assert_eq "BETA report 2 overdue" overdue "$(jget BETA/report/2 status)"
assert_eq "BETA report 3 projected" 2028-01-01 "$(jget BETA/report/3 due)"
assert_eq "BETA report 3 tentative" tentative \
    "$(jget BETA/report/3 confidence)"
assert_eq "BETA report 3 projection is open" open \
    "$(jget BETA/report/3 status)"

# due_date_set overrides the computed date ----------------------------------

run fact add BETA due_date_set 2023-02-01 --rule report --due 2024-06-30 \
    --note "letter from the committee"
assert_rc "fact add due_date_set" 0
run deadlines --today 2023-03-01
assert_out "due_date_set in the table" \
    "^2024-06-30  BETA +Periodic report +2 +open +confirmed +OCW"
assert_not_out "computed date gone" "^2024-01-01  BETA"
run deadlines --today 2023-03-01 --json
assert_eq "json BETA report 2 due" 2024-06-30 "$(jget BETA/report/2 due)"
assert_eq "json BETA report 2 confidence" confirmed \
    "$(jget BETA/report/2 confidence)"
assert_eq "json BETA report 2 facts" "[3]" "$(jget BETA/report/2 facts)"

# report_submitted makes it met ---------------------------------------------

run fact add BETA report_submitted 2024-06-20
assert_rc "fact add report_submitted" 0
run deadlines --all --today 2024-07-01
assert_rc "deadlines --all" 0
assert_out "report 2 met" \
    "^2024-06-30  BETA +Periodic report +2 +met +confirmed"
run deadlines --today 2024-07-01
assert_not_out "met deadline hidden without --all" "^2024-06-30  BETA"
run deadlines --all --today 2024-07-01 --json
assert_eq "json report 2 met" met "$(jget BETA/report/2 status)"
assert_eq "json report 2 met_on" 2024-06-20 "$(jget BETA/report/2 met_on)"
assert_eq "json report 2 due" 2024-06-30 "$(jget BETA/report/2 due)"
assert_eq "json report 3 back on the grid" 2028-01-01 \
    "$(jget BETA/report/3 due)"
assert_eq "json report 3 derived" derived "$(jget BETA/report/3 confidence)"
checks=$((checks + 1))
[ -s "$T/pyerr" ] && fail "python could not parse the JSON" "$(cat "$T/pyerr")"

# Filters -------------------------------------------------------------------

run deadlines --today 2026-03-01 --from 2028-01-01 --to 2028-12-31 --json
assert_rc "--from/--to" 0
assert_eq "--from/--to" "ALPHA/followup/1 BETA/report/3" "$(jids)"
run deadlines --today 2026-03-01 --from 2028-01-02 --to 2028-12-31 --json
assert_eq "--from excludes an earlier due date" "ALPHA/followup/1" "$(jids)"
run deadlines --today 2026-03-01 --from 2028-01-01 --to 2028-02-19 --json
assert_eq "--to excludes a later due date" "BETA/report/3" "$(jids)"
run deadlines --today 2026-03-01 --from 2028-01-01 --to 2028-12-31 \
    --instrument alpha --json
assert_eq "--instrument (any case)" "ALPHA/followup/1" "$(jids)"
run deadlines --today 2026-03-01 --from 2020-01-01 --to 2020-12-31 --json
assert_eq "--from/--to show met deadlines in the range" "BETA/report/1" "$(jids)"
run deadlines --from 2028-12-31 --to 2028-01-01
assert_user_error "--to before --from" "--to"
run deadlines --instrument NOPE
assert_user_error "deadlines --instrument NOPE" "NOPE"
run deadlines --today 2026-02-30
assert_user_error "deadlines --today 2026-02-30" "2026-02-30"

# fact list, fact supersede -------------------------------------------------

run fact list
assert_rc "fact list" 0
assert_out "fact list" "^1 +ALPHA +co_adopted +2026-02-20 +- +7 +ALPHA/C/NLD/CO/7$"
assert_out "fact list" "^3 +BETA +due_date_set +2023-02-01 +report 2024-06-30 "
run fact list --instrument BETA
assert_not_out "fact list --instrument" "ALPHA"
assert_out "fact list --instrument" "^4 +BETA +report_submitted"

run fact supersede 1 --date 2026-03-05
assert_rc "fact supersede" 0
assert_out "fact supersede" "^recorded correcting fact 5$"
run fact list
assert_not_out "superseded fact hidden" "^1 "
assert_out "correction listed" \
    "^5 +ALPHA +co_adopted +2026-03-05 +- +7 +ALPHA/C/NLD/CO/7$"
run fact list --all
assert_out "fact list --all" "^1 +ALPHA +co_adopted +2026-02-20 .*\(superseded\)$"
assert_not_out "correction not marked" "^5 .*superseded"
run fact list --all --json
assert_eq "json supersedes" 1 "$(jget 5 supersedes)"
assert_eq "json superseded" true "$(jget 1 superseded)"
assert_eq "json symbol kept" ALPHA/C/NLD/CO/7 "$(jget 5 symbol)"
run deadlines --today 2026-03-10 --json --instrument ALPHA
assert_eq "correction used" 2028-03-05 "$(jget ALPHA/followup/1 due)"
assert_eq "correction provenance" "[5]" "$(jget ALPHA/followup/1 facts)"

# A fact says what it changed; one that changes nothing is refused --------
# (on a copy of the database, so the fact ids below stay as they are)

cp "$T/treatyd.db" "$T/facts.db"
sed 's/^database = .*/database = facts.db/' "$T/treatyd.conf" >"$T/facts.conf"
CONF=$T/facts.conf
run fact add ALPHA due_date_set 2026-03-10 --rule followup --due 2028-04-01 \
    --today 2026-03-10
assert_rc "due_date_set moves the follow-up" 0
assert_out "the move is shown" \
    "^  ALPHA/followup/1: 2028-03-05 -> 2028-04-01, open, confirmed$"
run fact add ALPHA due_date_set 2026-03-10 --rule followup --due 2028-04-01 \
    --today 2026-03-10
assert_user_error "the same fact twice" "already recorded as fact 6"
run fact add BETA date_pending 2026-03-10 --rule report --cycle 9 \
    --today 2026-03-10
assert_user_error "a decision for a cycle that is not there" \
    "no deadline for cycle 9 \(the current one is cycle 3\); nothing recorded"
run fact list --all --json
assert_eq "nothing recorded by the refusal" "1 2 3 4 5 6" "$(jids)"
run fact add BETA date_pending 2026-03-10 --rule report --cycle 9 \
    --today 2026-03-10 --force
assert_rc "--force records it anyway" 0
assert_out "--force says why nothing changed" "^  no deadline changes: "
run fact add ALPHA dialogue 2026-03-08 --today 2026-03-10
assert_rc "a kind no rule uses is history" 0
assert_out "history only" "no rule of ALPHA uses dialogue facts"
run fact add ALPHA followup_submitted 2026-03-11 --today 2026-03-10
assert_user_error "a fact dated in the future" \
    "2026-03-11 is in the future"
run fact add ALPHA followup_submitted 2026-03-09 --today 2026-03-10 --dry-run
assert_rc "--dry-run" 0
assert_out "--dry-run shows what would change" \
    "^  ALPHA/followup/1: met on 2026-03-09$"
assert_out "--dry-run records nothing" "^nothing recorded \(--dry-run\)$"
run fact list --all --json
assert_eq "nothing recorded by --dry-run" "1 2 3 4 5 6 7 8" "$(jids)"
run fact supersede 8 --kind followup_submitted --today 2026-03-10
assert_rc "supersede corrects the kind" 0
assert_out "the corrected kind meets the follow-up" \
    "^  ALPHA/followup/1: met on 2026-03-08$"
# A report long after its grid point, without --cycle: a warning.
run fact add BETA report_submitted 2032-06-01 --today 2032-06-02 --dry-run
assert_rc "a late report without --cycle" 0
assert_err "the numbering is a guess" \
    "^treatyctl: warning: without --cycle this counts as report 3, due 2028-01-01"
run fact add BETA report_submitted 2028-06-01 --today 2028-06-02 --dry-run
assert_eq "no warning within a period" "" "$(cat "$T/err")"
CONF=$T/treatyd.conf

run fact supersede 1 --date 2026-03-06
assert_user_error "superseding twice" "already superseded"
run fact supersede 99 --date 2026-03-06
assert_user_error "superseding a missing fact" "99"
run fact supersede abc
assert_user_error "fact supersede abc" "abc"

# fact import: all or nothing -----------------------------------------------

cat >"$T/seed-bad.ini" <<'EOF'
; one good fact, one bad
[alpha-dialogue]
instrument = ALPHA
kind = dialogue
date = 2026-01-10

[nope-dialogue]
instrument = NOPE
kind = dialogue
date = 2026-01-11
EOF
run fact import "$T/seed-bad.ini"
assert_rc "import with a bad fact" 1
assert_err "import names file:line" "seed-bad\.ini:(7|8): unknown instrument 'NOPE'"
assert_err "import says nothing imported" "nothing imported"
run fact list --all --json
assert_eq "nothing imported" "1 2 3 4 5" "$(jids)"

cat >"$T/seed-good.ini" <<'EOF'
[alpha-dialogue]
instrument = alpha
kind = dialogue
date = 2026-01-10
symbol = ALPHA/C/SR.1
url = https://example.org/sr1

[beta-letter]
instrument = BETA
kind = due_date_set
rule = report
due = 2028-06-30
date = 2026-01-11
EOF
run fact import "$T/seed-good.ini"
assert_rc "import" 0
assert_out "import" "^imported 2 facts"
run fact list --json
assert_eq "imported instrument normalised" ALPHA "$(jget 6 instrument)"
assert_eq "imported url" https://example.org/sr1 "$(jget 6 url)"
assert_eq "imported due" 2028-06-30 "$(jget 7 due)"

# Coordinators ---------------------------------------------------------------

run coordinator list
assert_rc "coordinator list (empty)" 0
assert_out "coordinator list (empty)" "\(no coordinators\)"
run coordinator add "Anna de Vries" anna@example.nl OCW --lead BETA \
    --contributor ALPHA
assert_rc "coordinator add" 0
assert_out "coordinator add" "^added coordinator Anna de Vries <anna@example.nl> \(OCW, en\)"
run coordinator add "Bob Jansen" bob@example.nl bzk --lang nl
assert_rc "coordinator add (department in lower case)" 0
run coordinator list
assert_out "coordinator list" "^Anna de Vries +anna@example.nl +OCW +en +ALPHA BETA\(lead\)$"
assert_out "coordinator list" "^Bob Jansen +bob@example.nl +BZK +nl +-$"
run coordinator assign "Bob Jansen" ALPHA lead
assert_rc "coordinator assign" 0
run coordinator list
assert_out "coordinator assign" "^Bob Jansen .* ALPHA\(lead\)$"

run coordinator add "Anna de Vries" anna2@example.nl OCW
assert_user_error "duplicate coordinator" "Anna de Vries"
run coordinator add "Carl" not-an-address OCW
assert_user_error "bad e-mail" "not-an-address"
run coordinator add "Carl" carl@example.nl NOPE
assert_user_error "unknown department" "NOPE"
run coordinator add "Carl" carl@example.nl OCW --lead NOPE
assert_user_error "unknown instrument in --lead" "NOPE"
run coordinator list
assert_not_out "failed add left nothing" "^Carl"
run coordinator assign "Nobody" ALPHA lead
assert_user_error "assign a missing coordinator" "Nobody"
run coordinator assign "Bob Jansen" ALPHA chair
assert_user_error "assign a bad role" "chair"

run coordinator remove "Anna de Vries"
assert_rc "coordinator remove" 0
run coordinator list
assert_not_out "removed" "^Anna"
assert_out "others kept" "^Bob Jansen"
run coordinator remove "Anna de Vries"
assert_user_error "remove twice" "Anna de Vries"

# User errors (exit 1, one line naming the value) ---------------------------

run fact add ALPHA dialogue 2026-02-30
assert_user_error "bad date" "2026-02-30"
run fact add NOPE dialogue 2026-02-10
assert_user_error "unknown instrument" "NOPE"
run fact add ALPHA chat 2026-02-10
assert_user_error "unknown kind" "'chat'"
run fact add BETA due_date_set 2026-02-10 --due 2027-01-01
assert_user_error "due_date_set without --rule" "--rule"
run fact add BETA due_date_set 2026-02-10 --rule report
assert_user_error "due_date_set without --due" "--due"
run fact add BETA due_date_set 2026-02-10 --rule nosuch --due 2027-01-01
assert_user_error "unknown rule" "nosuch"
run fact add BETA report_submitted 2026-02-10 --due 2027-01-01
assert_user_error "--due on a report_submitted" "report_submitted"
run fact add BETA report_submitted 2026-02-10 --cycle x7
assert_user_error "bad cycle" "x7"
run fact add BETA report_submitted 2026-02-10 --due 2027-13-01
assert_user_error "bad --due" "2027-13-01"
run fact list --all --json
assert_eq "no fact recorded by the errors" "1 2 3 4 5 6 7" "$(jids)"

# Text from outside: well-formed UTF-8 of a bounded length -----------------
# Refused at input with one line naming the option or file:line, never
# stored and then left out of --json. (\377 and Latin-1 \351 are never
# UTF-8; \300\257 is an overlong '/', \355\240\200 a surrogate.)

run fact add ALPHA dialogue 2026-02-11 --symbol "$(printf 'ALPHA/C/\377')"
assert_user_error "--symbol not UTF-8" "^treatyctl: --symbol: not valid UTF-8$"
run fact add ALPHA dialogue 2026-02-11 --note "$(printf 'a\300\257b')"
assert_user_error "--note overlong" "^treatyctl: --note: not valid UTF-8$"
run fact add ALPHA dialogue 2026-02-11 --paragraph "$(printf '\355\240\200')"
assert_user_error "--paragraph surrogate" \
    "^treatyctl: --paragraph: not valid UTF-8$"
run fact add ALPHA dialogue 2026-02-11 --url "$(printf 'https://example.org/\351')"
assert_user_error "--url not UTF-8" "^treatyctl: --url: not valid UTF-8$"
run fact add ALPHA dialogue 2026-02-11 --by "$(printf 'Ren\351')"
assert_user_error "--by not UTF-8" "^treatyctl: --by: not valid UTF-8$"
run fact supersede 5 --note "$(printf '\377')"
assert_user_error "supersede --note not UTF-8" \
    "^treatyctl: --note: not valid UTF-8$"
run coordinator add "$(printf 'Ren\351 Dubois')" rene@example.nl OCW
assert_user_error "coordinator name not UTF-8" \
    "^treatyctl: name: not valid UTF-8$"

# Too long: refused with the limit, not cut.
x101=$(printf '%0101d' 0 | tr 0 x)
run fact add ALPHA dialogue 2026-02-11 --symbol "$x101"
assert_user_error "--symbol too long" \
    "^treatyctl: --symbol: too long \(at most 100 characters\)$"
run coordinator add "$x101" long@example.nl OCW
assert_user_error "coordinator name too long" \
    "^treatyctl: name: too long \(at most 100 characters\)$"
run fact add ALPHA dialogue 2026-02-11 --rule "$(printf '%032d' 0 | tr 0 r)"
assert_user_error "--rule too long" "--rule .* is too long \(at most 31 characters\)"

{
	printf '[latin1-note]\ninstrument = ALPHA\nkind = dialogue\n'
	printf 'date = 2026-01-12\nnote = caf\351\n\n'
	printf '[long-kind]\ninstrument = ALPHA\nkind = %s\n' \
	    "$(printf '%032d' 0 | tr 0 k)"
	printf 'date = 2026-01-13\n\n'
	printf '[long-symbol]\ninstrument = ALPHA\nkind = dialogue\n'
	printf 'date = 2026-01-14\nsymbol = %s\n' "$x101"
} >"$T/seed-text.ini"
run fact import "$T/seed-text.ini"
assert_rc "import of bad text" 1
assert_err "import: not UTF-8, file:line" \
    "seed-text\.ini:5: note: not valid UTF-8$"
assert_err "import: kind too long" \
    "seed-text\.ini:9: kind: too long \(at most 31 characters\)$"
assert_err "import: symbol too long" \
    "seed-text\.ini:16: symbol: too long \(at most 100 characters\)$"
assert_err "import: nothing imported" "nothing imported"
run fact list --all --json
assert_eq "no fact recorded by the text errors" "1 2 3 4 5 6 7" "$(jids)"

# At the limit, in characters, not bytes: 100 e-acute are 200 bytes.
e100=$(i=0; while [ $i -lt 100 ]; do printf '\303\251'; i=$((i + 1)); done)
run fact add ALPHA dialogue 2026-02-11 --symbol "$e100" \
    --note "$(printf 'Cura\303\247ao')"
assert_rc "100 characters of two bytes" 0
run fact list --json
assert_eq "symbol of 100 characters kept" "$e100" "$(jget 8 symbol)"
assert_eq "UTF-8 note kept" "$(printf 'Cura\303\247ao')" "$(jget 8 note)"

# Text stored by an older treatyctl that is not UTF-8: --json refuses it
# with one line naming the fact and field, instead of leaving it out.
# (Last: the fact stays, facts are append-only.)
if [ -x /usr/bin/sqlite3 ]; then
	/usr/bin/sqlite3 "$T/treatyd.db" "INSERT INTO facts (instrument, kind,
	    date, note, recorded_at) VALUES ('ALPHA', 'dialogue', '2026-02-12',
	    CAST(X'61FF62' AS TEXT), '2026-02-12T00:00:00Z');" ||
		fail "sqlite3 could not insert the test fact"
	run fact list --json
	assert_user_error "fact list --json with stored non-UTF-8" \
	    "^treatyctl: fact list --json: fact 9: note is not valid UTF-8$"
	run fact list
	assert_rc "fact list (text) still works" 0
else
	fail "/usr/bin/sqlite3 is missing (apt-get install sqlite3)"
fi

# A missing configuration file.
CONF=$T/nonexistent.conf
run check
assert_rc "missing configuration" 1
assert_err "missing configuration" "nonexistent\.conf"
CONF=$T/treatyd.conf

# Refused at the door: one line naming the bad value, nothing recorded ------

run fact add ALPHA dialogue 2026-02-12 --cycle 007
assert_user_error "--cycle with a leading zero" "cycle '007'"
run fact add ALPHA dialogue 2026-02-12 --cycle 0000
assert_user_error "--cycle 0000" "cycle '0000'"
run fact import "$T"
assert_user_error "fact import of a directory" "is not a file"
printf '[twice]\ninstrument = ALPHA\nkind = dialogue\ndate = 2026-02-12\ndate = 2026-02-13\nurl = https://example.org/\n' \
    >"$T/twice.ini"
run fact import "$T/twice.ini"
assert_rc "a key twice in a seed fact" 1
assert_err "a key twice: file:line" "twice\.ini:5: date is given twice"
run coordinator add --no-welcome "Dot" .dot@example.nl BZK
assert_user_error "an address starting with a dot" "'\.dot@example\.nl'"
run coordinator add --no-welcome "Hyphen" h@-example.nl BZK
assert_user_error "a domain label starting with a hyphen" "h@-example\.nl"
run coordinator assign "Bob Jansen" "BETA,XYZ" lead
assert_rc "assign with an unknown instrument" 1
run coordinator list
assert_not_out "nothing of a failed assign is kept" "BETA"
: >"$T/empty.db"
sed "s|^database = .*|database = $T/empty.db|" "$T/treatyd.conf" \
    >"$T/empty.conf"
CONF=$T/empty.conf
run deadlines
assert_user_error "an empty file is no database" "not a treatyd database"
assert_eq "the empty file stays empty" 0 "$(wc -c <"$T/empty.db" | tr -d ' ')"
for bad in "timezone = zone1970.tab" "transport = maildir:" \
    "transport = smtp://" "username ="; do
	key=${bad%% *}
	{
		sed '/^timezone/d; /^transport/d; /^username/d' "$T/treatyd.conf"
		case $key in
		timezone) printf '[general]\n%s\n' "$bad" ;;
		*) printf '[mail]\n%s\n' "$bad" ;;
		esac
	} >"$T/bad.conf"
	CONF=$T/bad.conf
	run check
	assert_rc "check refuses '$bad'" 1
	assert_err "check names '$key'" "$key"
done
CONF=$T/treatyd.conf

# treatyd's own conventions: --help and --version to stdout, exit 0 --------

for opt in -h --help; do
	out=$("$top_builddir/treatyd" "$opt" 2>/dev/null); rc=$?
	assert_eq "treatyd $opt: exit status" 0 "$rc"
	assert_eq "treatyd $opt: usage on stdout" "usage: treatyd [-fn] [-c FILE] [--log-level LEVEL]" \
		"$(printf '%s\n' "$out" | head -n1)"
done
for opt in -V --version; do
	out=$("$top_builddir/treatyd" "$opt" 2>/dev/null); rc=$?
	assert_eq "treatyd $opt: exit status" 0 "$rc"
	assert_eq "treatyd $opt" "treatyd $(sed -n 's/^AC_INIT(\[treatyd\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")" "$out"
done
"$top_builddir/treatyd" --bogus >/dev/null 2>&1
assert_eq "treatyd --bogus: a usage error" 2 "$?"

# Bash completion (completion/treatyctl) -------------------------------------

# complete WORDS...: what the completion offers for the last word.
complete_words() {
	bash -c '. /usr/share/bash-completion/bash_completion
		. "$1/completion/treatyctl"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_treatyctl treatyctl "${COMP_WORDS[COMP_CWORD]}" \
			"${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' sh "$top_srcdir" "$@"
}
if [ -r /usr/share/bash-completion/bash_completion ] &&
    command -v bash >/dev/null 2>&1; then
	assert_eq "completion of 'dead'" deadlines \
		"$(complete_words treatyctl dead)"
	assert_eq "completion of 'fact su'" supersede \
		"$(complete_words treatyctl fact su)"
	assert_eq "completion of 'deadlines --ins'" --instrument \
		"$(complete_words treatyctl deadlines --ins)"
	assert_eq "completion of 'agenda --lang '" "nl en" \
		"$(complete_words treatyctl agenda --lang "" | tr '\n' ' ' |
		    sed 's/ $//')"
	# Every command of the usage text is completed.
	for cmd in $(sed -n '/^"commands:/,/^"COMMAND --help/s/^"  \([a-z-]*\) .*/\1/p' \
	    "$top_srcdir/src/ctl.c" | sort -u); do
		assert_eq "completion knows '$cmd'" "$cmd" \
			"$(complete_words treatyctl "$cmd" | grep -x -- "$cmd")"
	done
elif [ -n "${TREATYD_REQUIRE_PEERS:-}" ] && [ "$TREATYD_REQUIRE_PEERS" != 0 ]; then
	fail "bash-completion is not installed (apt-get install bash-completion)"
fi

# --json on every listing ----------------------------------------------------

"$TREATYCTL" -c "$CONF" check --json >"$T/j" 2>/dev/null
assert_eq "check --json: exit 0" 0 "$?"
check "check --json: ok, no errors, the counts" "$PYTHON" - "$T/j" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert v["ok"] is True and v["errors"] == [] and v["instruments"] > 0, v
EOF
printf '[general]\nbogus = 1\n' >"$T/badjson.conf"
"$TREATYCTL" -c "$T/badjson.conf" check --json >"$T/j" 2>/dev/null
assert_eq "check --json of a bad file: exit 1" 1 "$?"
check "check --json of a bad file: the error at file:line" "$PYTHON" - \
    "$T/j" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert v["ok"] is False and len(v["errors"]) == 1, v
assert v["errors"][0].endswith("badjson.conf:2: unknown key 'bogus' in [general]"), v
EOF
"$TREATYCTL" -c "$CONF" instruments --json >"$T/j"
check "instruments --json: every instrument with its rules" "$PYTHON" - \
    "$T/j" "$("$TREATYCTL" -c "$CONF" check | sed 's/.*OK: \([0-9]*\) instr.*/\1/')" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert len(v) == int(sys.argv[2]), (len(v), sys.argv[2])
assert all(i["code"] and isinstance(i["rules"], list) for i in v), v[0]
EOF
"$TREATYCTL" -c "$CONF" coordinator list --json >"$T/j"
check "coordinator list --json: names, roles, no token" "$PYTHON" - "$T/j" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert isinstance(v, list), v
for c in v:
    assert set(c) == {"name", "email", "department", "language", "feed", "assignments"}, c
EOF
"$TREATYCTL" -c "$CONF" outbox --json >"$T/j"
check "outbox --json: rows and acknowledgements" "$PYTHON" - "$T/j" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert set(v) == {"rows", "acknowledgements"}, v
EOF

# A new database is not for everyone: no permission for others.
assert_eq "the database has no permission for others" 0 \
    "$(( $(stat -c %a "$T/treatyd.db") % 10 ))"

# backup: a consistent copy, private, never over another file --------------

run backup "$T/copy.db"
assert_rc "backup: exit 0" 0
assert_eq "backup: mode 0600" 600 "$(stat -c %a "$T/copy.db")"
assert_eq "backup: a sound database" ok \
    "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check' 2>&1)"
assert_eq "backup: the same facts" \
    "$(sqlite3 "$T/treatyd.db" 'SELECT count(*) FROM facts')" \
    "$(sqlite3 "$T/copy.db" 'SELECT count(*) FROM facts')"
run backup "$T/copy.db"
assert_rc "backup over an existing file: a user error" 1
assert_eq "backup over an existing file: the file named" 1 \
    "$(grep -c "copy.db: File exists" "$T/err")"

# ----------------------------------------------------------------------------

if [ "$failures" -gt 0 ]; then
	echo "cli.sh: $failures of $checks checks failed" >&2
	exit 1
fi
echo "cli.sh: all $checks checks passed"
exit 0
