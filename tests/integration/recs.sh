#!/bin/sh
# recs.sh: the follow-up of recommendations end to end, as a chair would
# do it: import a UHRI-format export (made for this test; its texts are
# not real recommendations) with --dry-run first, refuse a bad one with
# file:line and nothing recorded, assign a lead, record progress with
# treatyctl and in the browser's form (signed in, CSRF-checked), and
# see it in the progress-update deadline, the feeds, the year review's
# figures (counted back from the dated updates), the meeting agenda and
# /api/recommendations.json. On the way, the workspace's pages of one
# person: "My feed" (a new address), the chair's meeting page and the
# chair's page of the coordinators.
#
# Peers: curl, sqlite3, faketime, python3 (csv, json, icalendar); where
# its npm packages are installed, chromium (tests/browser/recs.mjs).

: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

command -v curl >/dev/null 2>&1 || missing_peer curl "apt-get install curl"
command -v sqlite3 >/dev/null 2>&1 ||
	missing_peer sqlite3 "apt-get install sqlite3"
command -v faketime >/dev/null 2>&1 ||
	missing_peer faketime "apt-get install faketime"

# treatyctl records on 1 December 2026 whatever the day the test runs:
# which cabinet letter a recommendation counts for depends on when it was
# recorded.
# faketime preloads itself; ASan wants to be first, but need not be.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS
REAL_TREATYCTL=$TREATYCTL
TREATYCTL=$T/treatyctl
cat >"$TREATYCTL" <<EOF
#!/bin/sh
exec faketime '2026-12-01 12:00:00' "$REAL_TREATYCTL" "\$@"
EOF
chmod +x "$TREATYCTL"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
MAIL=$T/outbox
write_conf "$CONF" "$DB" "$top_srcdir/conf/instruments.d" nl
sed -i 's/^public = yes/public = no/' "$CONF"
echo "chair = chair@example.nl" >>"$CONF"
ctl init || finish
ctl fact import "$top_srcdir/conf/seed/nl-facts.ini" || finish
ctl coordinator add --no-welcome "Olga Smit" olga@example.nl OCW --lang en \
    --lead CEDAW || finish
ctl coordinator add --no-welcome "Bas Visser" bas@example.nl BZK --lang nl \
    --lead UPR || finish

# A UHRI export as Excel saves it in a Dutch locale: semicolons, a BOM,
# CRLF, multi-values one a line with "- ", the number at the start of the
# text, and a concern that is not a recommendation.
"$PYTHON" - "$T/uhri.csv" <<'EOF'
import csv, sys
rows = [
    ["Text", "Countries Concerned", "Reccomending Body", "Document Symbol",
     "Themes", "Affected Persons", "Sdgs", "Document Publication Date",
     "UPR Reccomending States", "UPR Position", "Type", "OHCHR Annotation Id"],
    ["11.The Committee is concerned about test matter one.", "- Testland",
     "- CEDAW", "CEDAW/C/TST/CO/1", "- Test theme", "- Women & girls", "",
     "2026-02-20", "", "", "- Concerns/Observations", "a1"],
    ["12.The Committee recommends that the State party take test step one.",
     "- Testland", "- CEDAW", "CEDAW/C/TST/CO/1",
     "- Test theme\n- Second theme", "- Women & girls",
     "- 5.1 - Test target", "2026-02-20", "", "", "- Recommendations", "a2"],
    ["14.The Committee recommends that the State party take test step two,\n"
     "including \"quoted\" words; and more.", "- Testland", "- CEDAW",
     "CEDAW/C/TST/CO/1", "- Other theme", "", "- 16.3 - Test target",
     "2026-02-20", "", "", "- Recommendations", "a3"],
    ["128.26 Take test step three (Otherland);", "- Testland", "- UPR",
     "A/HRC/99/15", "- Test theme", "", "", "46078", "- Otherland",
     "- Supported", "- Recommendations", "a4"],
    ["128.27 Take test step four (Thirdland);", "- Testland", "- UPR",
     "A/HRC/99/15", "", "", "", "46078", "- Thirdland", "- Noted",
     "- Recommendations", "a5"],
]
with open(sys.argv[1], "w", newline="", encoding="utf-8-sig") as f:
    csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows)
EOF

# Import: a dry run records nothing, then all of it.
ctl rec import "$T/uhri.csv" --dry-run
assert_grep "dry run: four recommendations" "would import 4 recommendations" \
    "$T/ctl.out"
assert_grep "dry run: the concern is skipped and counted" \
    "1 concern or observation skipped" "$T/ctl.out"
ctl rec list --json
assert_eq "dry run: nothing recorded" "[]" "$(tr -d ' \n' <"$T/ctl.out")"
ctl rec import "$T/uhri.csv" || finish
assert_grep "import: says what it recorded" "imported 4 recommendations" \
    "$T/ctl.out"
assert_grep "import: says which deadline it made" \
    "deadline CEDAW/rec_update/2027: progress updates due 2027-01-05" \
    "$T/ctl.out"
ctl rec import "$T/uhri.csv"
assert_grep "a second import records nothing twice" \
    "importing 0 recommendations .*\(4 already recorded\)" "$T/ctl.out"

# A bad file: every error at its line, nothing recorded.
"$PYTHON" - "$T/uhri.csv" "$T/bad.csv" <<'EOF'
import sys
t = open(sys.argv[1], encoding="utf-8-sig", newline="").read().split("\r\n")
t[3] = t[3].replace("- CEDAW", "").replace("CEDAW/C/TST", "XX/C/TST")
t.insert(5, t[4].replace("- UPR", "- SR on test").replace("128.26", "7"))
t[4] = t[4].replace("- Supported", "- Maybe")
open(sys.argv[2], "w", newline="").write("\r\n".join(t))
EOF
"$TREATYCTL" -c "$CONF" rec import "$T/bad.csv" >"$T/out" 2>"$T/err"
assert_eq "a bad file is a user error" 1 "$?"
# Rows 3 and 5 hold a quoted line break: the rows after start lower.
assert_grep "no body and an unknown symbol: at its line" \
    "bad.csv:5: no instrument for symbol 'XX/C/TST/CO/1'" "$T/err"
assert_grep "bad position at its line" "bad.csv:7: position 'Maybe'" "$T/err"
assert_not_grep "a Special Procedure's row is no error" "bad.csv:8" "$T/err"
assert_grep "nothing imported" "nothing imported \(2 errors\)" "$T/err"

printf 'Text,Document Symbol,Type\n13.The Committee is concerned.,CEDAW/C/TST/CO/1,- Concerns/Observations\n' \
    >"$T/concerns.csv"
"$TREATYCTL" -c "$CONF" rec import "$T/concerns.csv" >/dev/null 2>"$T/err"
assert_eq "a file without recommendations is a user error" 1 "$?"
assert_grep "... that says so" "holds no recommendation \(1 concern" "$T/err"

# The list and its filters.
ctl rec list --instrument CEDAW --json
check "rec list --json: both CEDAW recommendations, fields parsed" \
    "$PYTHON" - "$T/ctl.out" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert [r["paragraph"] for r in v] == ["12", "14"], v
assert v[0]["text"].startswith("The Committee recommends"), v[0]["text"]
assert v[0]["themes"] == ["Test theme", "Second theme"], v[0]["themes"]
assert v[0]["lead"] == "OCW" and v[0]["status"] == "not started", v[0]
assert '"quoted" words; and more.' in v[1]["text"], v[1]["text"]
assert v[0]["year"] == 2026
EOF
ctl rec list --sdg 5 --json
check "rec list --sdg 5: only the recommendation under goal 5" \
    "$PYTHON" - "$T/ctl.out" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert [r["paragraph"] for r in v] == ["12"], v
EOF
ctl rec list --instrument UPR --json
check "UPR positions read" "$PYTHON" - "$T/ctl.out" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert [(r["paragraph"], r["position"]) for r in v] == \
    [("128.26", "supported"), ("128.27", "noted")], v
EOF
"$TREATYCTL" -c "$CONF" rec list --status done >/dev/null 2>"$T/err"
assert_eq "rec list: a bad status is a user error" 1 "$?"
assert_grep "rec list: the bad value named" "'done'" "$T/err"

# Responsibility and progress with treatyctl.
ctl rec assign A/HRC/99/15:128.26 --lead jenv --contributors "bz"
assert_grep "assign: says what it recorded" "lead JenV, contributors BZ" \
    "$T/ctl.out"
"$TREATYCTL" -c "$CONF" rec assign A/HRC/99/15:128.26 --lead NOPE \
    >/dev/null 2>"$T/err"
assert_eq "assign: an unknown ministry is a user error" 1 "$?"
ctl rec update CEDAW/C/TST/CO/1:12 --status "in progress" \
    --text "Test bill drafted" --date 2026-03-01
ctl rec update CEDAW/C/TST/CO/1:12 --status implemented \
    --text "Test act in force" --date 2026-10-01
ctl rec update A/HRC/99/15:128.27 --status not_accepted \
    --text "Test position kept" --date 2026-05-01
"$TREATYCTL" -c "$CONF" rec update CEDAW/C/TST/CO/1:14 --status implemented \
    --text x --date 2099-01-01 >/dev/null 2>"$T/err"
assert_eq "update: a date in the future is a user error" 1 "$?"
sqlite3 "$DB" "UPDATE rec_updates SET text = 'x'" 2>"$T/err"
assert_grep "updates are never overwritten, even in SQL" "never overwritten" \
    "$T/err"

# The deadline: open until every counted recommendation has an update.
ctl deadlines --instrument CEDAW --today 2026-12-01 --json
check "CEDAW/rec_update/2027 open, due six weeks before the letter" \
    "$PYTHON" - "$T/ctl.out" <<'EOF'
import json, sys
d = {x["id"]: x for x in json.load(open(sys.argv[1]))}
u = d["CEDAW/rec_update/2027"]
assert u["due"] == "2027-01-05" and u["status"] == "open", u
assert u["parent"] == "LETTER/annual_letter/2027", u
EOF

# The year review: the figures counted back from the updates.
ctl report --year 2026 --format csv --lang en
check "report csv: a row per recommendation with its status at year end" \
    "$PYTHON" - "$T/ctl.out" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
rec = {(r["symbol"], r["paragraph"]): r for r in rows
       if r["section"] == "recommendation"}
assert rec[("CEDAW/C/TST/CO/1", "12")]["what"] == "implemented", rec
assert rec[("CEDAW/C/TST/CO/1", "12")]["date"] == "2026-10-01", rec
assert rec[("CEDAW/C/TST/CO/1", "14")]["what"] == "not started", rec
assert rec[("A/HRC/99/15", "128.26")]["lead"] == "JenV", rec
assert rec[("A/HRC/99/15", "128.27")]["what"] == "not accepted", rec
ups = [r for r in rows if r["section"] == "progress_update"]
assert len(ups) == 3, ups
EOF
ctl report --year 2026 --format md --lang en
check "report md: counts by instrument equal the CSV's" \
    "$PYTHON" - "$T/ctl.out" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
sec = t[t.index("## 7. Follow-up of recommendations"):]
row = re.search(r"^\| CEDAW \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$",
                sec, re.M)
assert row, sec[:800]
total, ns, ip, part, impl, na = map(int, row.groups())
assert (total, ns, impl) == (2, 1, 1), row.groups()
assert "| UPR | 2 | 1 | 0 | 0 | 0 | 1 |" in sec, sec[:1200]
assert "Test act in force" in sec
EOF
ctl report --year 2025 --format md --lang en
assert_not_grep "report of 2025: nothing of updates made later" \
    "Test act in force" "$T/ctl.out"

# The agenda of the 2027 meeting: recommendations without an update.
ctl agenda --today 2026-12-01 --meeting 2027-03-16 --format md --lang en
assert_grep "agenda: the follow-up item lists those without an update" \
    "| CEDAW | 1 / 1 | CEDAW/C/TST/CO/1, para. 14 | OCW | Olga Smit" \
    "$T/ctl.out"

# Reminders, once the letter's date is agreed: on 4 December (30 days
# before, off the Sunday; for a new recipient, the overview of all) each
# lead gets one mail naming what still waits, never one per
# recommendation.
ctl fact add LETTER due_date_set 2026-12-01 --rule annual_letter \
    --due 2027-02-16 --cycle 2027 || finish
ctl dispatch --now 2026-12-04T09:00 || finish
check "reminders: one mail each to the two leads, naming what waits" \
    "$PYTHON" - "$MAIL/new" <<'EOF'
import email, email.policy, os, sys
got = {}
for n in os.listdir(sys.argv[1]):
    m = email.message_from_binary_file(open(os.path.join(sys.argv[1], n), "rb"),
                                       policy=email.policy.default)
    body = m.get_body(("plain",)).get_content()
    if "rec_update" in body or "aanbevelingen bijwerken" in body or \
            "Progress update on recommendations" in body:
        got.setdefault(str(m["To"]), []).append(body)
olga = [v for k, v in got.items() if "olga@" in k]
bas = [v for k, v in got.items() if "bas@" in k]
assert len(olga) == 1 and len(olga[0]) == 1, got.keys()
assert len(bas) == 1 and len(bas[0]) == 1, got.keys()
assert "CEDAW/C/TST/CO/1, para. 14" in olga[0][0], olga[0][0]
assert "para. 12" not in olga[0][0], olga[0][0]
assert "A/HRC/99/15, par. 128.26" in bas[0][0], bas[0][0]
assert "128.27" not in bas[0][0], bas[0][0]
EOF

# The daemon: feeds, pages, the form, the API.
start_daemon "$CONF" "$T/treatyd.log" || finish
link_of() {
	"$PYTHON" - "$MAIL/new" "$1" <<'PYEOF'
import email, email.policy, os, re, sys
for n in sorted(os.listdir(sys.argv[1]), key=lambda n: os.path.getmtime(os.path.join(sys.argv[1], n))):
    m = email.message_from_binary_file(open(os.path.join(sys.argv[1], n), 'rb'),
                                       policy=email.policy.default)
    if sys.argv[2] in str(m['To']):
        f = re.search(r'https?://\S+/signin/[0-9a-f]{64}',
                      m.get_body(('plain',)).get_content())
        if f:
            last = f.group(0)
print(last)
PYEOF
}
http "$(url /recommendations)"
assert_eq "GET /recommendations without a session, public = no: 303" 303 \
    "$code"
_before=$(maildir_count "$MAIL")
http -d "address=olga@example.nl" "$(url /signin)"
wait_mail "$MAIL" "$_before"
LINK=$(link_of olga@example.nl)
http -X POST "$(url "${LINK#https://treatyd.example.org}")"
assert_eq "Olga signs in" 303 "$code"
COOKIE="Cookie: $(hdr Set-Cookie | sed 's/;.*//')"

http -H "$COOKIE" "$(url '/recommendations?instrument=CEDAW')"
assert_eq "GET /recommendations?instrument=CEDAW" 200 "$code"
assert_grep "the list: 2 recommendations" "<p>2 recommendations</p>" "$T/b"
assert_not_grep "the list: no UPR" "A/HRC/99/15" "$T/b"
ID=$(sed -n 's|.*href="/recommendations/\([0-9]*\)">CEDAW/C/TST/CO/1, para. 14.*|\1|p' "$T/b")
assert_ne "the list links to paragraph 14" "" "$ID"
http -H "$COOKIE" "$(url "/recommendations/$ID")"
assert_eq "GET /recommendations/$ID" 200 "$code"
assert_grep "the page: its text" "take test step two" "$T/b"
assert_grep "the page: Olga, the lead, gets the form" \
    "action=\"/recommendations/$ID\"" "$T/b"
TOKEN=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -n 1)
http -H "$COOKIE" -d "csrf=$TOKEN&status=in+progress&date=2026-13-01&text=Test" \
    "$(url "/recommendations/$ID")"
assert_eq "a bad date: the form again, 400" 400 "$code"
assert_grep "a bad date: the error at the field" 'id="date-err"' "$T/b"
http -H "$COOKIE" -d "status=in+progress&date=2026-11-01&text=Test" \
    "$(url "/recommendations/$ID")"
assert_eq "without a CSRF token: 403" 403 "$code"
today=$(TZ=Europe/Amsterdam date +%F)
http -H "$COOKIE" -d "csrf=$TOKEN&status=in+progress&date=$today&text=Test+consultation+started" \
    "$(url "/recommendations/$ID")"
assert_eq "the update is recorded: 303 back to the page" 303 "$code"
assert_eq "back to the page" "/recommendations/$ID" "$(hdr Location)"
ctl rec show "$ID"
cp "$T/ctl.out" "$T/show.out"
assert_grep "recorded by the web, with the address" \
    "Test consultation started \(web: olga@example.nl\)" "$T/ctl.out"
# The same in Debian's chromium (tests/browser/recs.mjs, with axe-core),
# where its npm packages are installed.
BROWSER=$top_srcdir/tests/browser
if command -v node >/dev/null 2>&1 && [ -x /usr/bin/chromium ] &&
    [ -d "$BROWSER/node_modules/puppeteer-core" ] &&
    [ -d "$BROWSER/node_modules/@axe-core/puppeteer" ]; then
	mkdir -p "$T/home"
	HOME=$T/home timeout 120 node "$BROWSER/recs.mjs" "$(url "")" \
	    "${COOKIE#Cookie: treatyd_session=}" "Browser test update" \
	    >"$T/browser.out" 2>&1
	rc=$?
	add_results "$T/browser.out"
	assert_eq "the browser run's exit status" 0 "$rc"
	ctl rec show "$ID"
	assert_grep "the browser's update is recorded" \
	    "Browser test update \(web: olga@example.nl\)" "$T/ctl.out"
else
	echo "no chromium or npm packages: the pages checked with curl only"
fi
# Bas (BZK, UPR) may not update a CEDAW recommendation.
_before=$(maildir_count "$MAIL")
http -d "address=bas@example.nl" "$(url /signin)"
wait_mail "$MAIL" "$_before"
LINK=$(link_of bas@example.nl)
http -X POST "$(url "${LINK#https://treatyd.example.org}")"
BAS="Cookie: $(hdr Set-Cookie | sed 's/;.*//')"
http -H "$BAS" "$(url "/recommendations/$ID")"
assert_not_grep "Bas sees no form" "action=\"/recommendations/$ID\"" "$T/b"
http -H "$BAS" "$(url /recommendations)"
BTOKEN=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -n 1)
http -H "$BAS" -d "csrf=$BTOKEN&status=implemented&date=$today&text=x" \
    "$(url "/recommendations/$ID")"
assert_eq "Bas's POST is refused: 403" 403 "$code"

# My feed: a new address of her own, shown once, that works at once;
# the chair's page is not hers.
http -H "$COOKIE" "$(url /feed)"
assert_eq "GET /feed" 200 "$code"
assert_grep "GET /feed: the network's calendar to subscribe to" \
    "/feeds/all.ics" "$T/b"
FTOKEN=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -n 1)
http -H "$COOKIE" -X POST "$(url /feed)"
assert_eq "POST /feed without a CSRF token: 403" 403 "$code"
http -H "$COOKIE" -d "csrf=$FTOKEN" "$(url /feed)"
assert_eq "POST /feed: a new address" 200 "$code"
FEED=$(sed -n 's|.*<code>https://treatyd.example.org\(/feeds/c/[0-9a-f]*\.ics\)</code>.*|\1|p' "$T/b" | head -n 1)
assert_ne "the new address is on the page" "" "$FEED"
assert_not_grep "the token is not in the log" "${FEED#/feeds/c/}" \
    "$T/treatyd.log"
ok=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
	http "$(url "$FEED")"
	[ "$code" = 200 ] && { ok=1; break; }
	sleep 0.3
done
assert_eq "the new address serves Olga's feed" 1 "$ok"
http -H "$COOKIE" "$(url /meeting)"
assert_eq "GET /meeting by a coordinator: 403" 403 "$code"

# The chair's meeting page: the date of the next meeting, then that the
# last one was held.
_before=$(maildir_count "$MAIL")
http -d "address=chair@example.nl" "$(url /signin)"
wait_mail "$MAIL" "$_before"
LINK=$(link_of chair@example.nl)
http -X POST "$(url "${LINK#https://treatyd.example.org}")"
CHAIR="Cookie: $(hdr Set-Cookie | sed 's/;.*//')"
http -H "$CHAIR" "$(url /meeting)"
assert_eq "GET /meeting by the chair" 200 "$code"
CTOKEN=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -n 1)
http -H "$CHAIR" -d "csrf=$CTOKEN&what=next&next=2020-01-01" "$(url /meeting)"
assert_eq "a next meeting in the past: 400" 400 "$code"
assert_grep "... the error at the field" 'id="next-err"' "$T/b"
next_year=$(( $(TZ=Europe/Amsterdam date +%Y) + 1 ))
http -H "$CHAIR" -d "csrf=$CTOKEN&what=next&next=$next_year-03-16" \
    "$(url /meeting)"
assert_eq "the next meeting's date recorded" 200 "$code"
assert_grep "... and said" "Vastgelegd: de volgende bijeenkomst is op 16 maart" \
    "$T/b"
ctl fact list --instrument NETWORK --json
check "a due_date_set of the network meeting, by the chair on the web" \
    "$PYTHON" - "$T/ctl.out" "$next_year" <<'EOF'
import json, sys
v = [f for f in json.load(open(sys.argv[1])) if f["kind"] == "due_date_set"]
assert len(v) == 1 and v[0]["due"] == sys.argv[2] + "-03-16", v
assert v[0]["rule"] == "network_meeting" and v[0]["recorded_by"] == "web: chair@example.nl", v
EOF
http -H "$CHAIR" -d "csrf=$CTOKEN&what=held&held=2099-01-01" "$(url /meeting)"
assert_eq "a meeting held in the future: 400" 400 "$code"
http -H "$CHAIR" -d "csrf=$CTOKEN&what=held&held=$today" "$(url /meeting)"
assert_eq "the meeting held today recorded" 200 "$code"
ctl fact list --instrument NETWORK --json
check "a meeting_held fact, by the chair on the web" "$PYTHON" - \
    "$T/ctl.out" "$today" <<'EOF'
import json, sys
v = [f for f in json.load(open(sys.argv[1])) if f["kind"] == "meeting_held"]
assert [f["date"] for f in v] == [sys.argv[2]], v
EOF

# The chair's page of the coordinators: add (with the welcome), assign,
# the welcome again, remove; nobody else's.
http -H "$COOKIE" "$(url /coordinators)"
assert_eq "GET /coordinators by a coordinator: 403" 403 "$code"
http -H "$CHAIR" "$(url /coordinators)"
assert_eq "GET /coordinators by the chair" 200 "$code"
assert_grep "the list has Olga" "Olga Smit" "$T/b"
CTOKEN=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -n 1)
http -H "$CHAIR" -d "what=add&name=Test+Persoon&email=test%40example.nl&dept=VWS&lang=nl&lead=CRC" \
    "$(url /coordinators)"
assert_eq "an add without the CSRF token: 403" 403 "$code"
http -H "$CHAIR" -d "csrf=$CTOKEN&what=add&name=Test+Persoon&email=not-an-address&dept=VWS&lang=nl&lead=CRC" \
    "$(url /coordinators)"
assert_eq "a bad address: 400" 400 "$code"
assert_grep "... says why" "not-an-address&#39; is not an e-mail address" "$T/b"
http -H "$CHAIR" -d "csrf=$CTOKEN&what=add&name=Test+Persoon&email=test%40example.nl&dept=VWS&lang=nl&lead=CRC&contrib=CEDAW" \
    "$(url /coordinators)"
assert_eq "add: 200" 200 "$code"
assert_grep "add: says so, and that the welcome is on its way" \
    "Toegevoegd: Test Persoon &lt;test@example.nl&gt;; de welkomstmail is onderweg" "$T/b"
http -H "$CHAIR" -d "csrf=$CTOKEN&what=assign&name=Bas+Visser&codes=CEDAW+NOSUCH&role=contributor" \
    "$(url /coordinators)"
assert_eq "assign with an unknown instrument: 400" 400 "$code"
http -H "$CHAIR" -d "csrf=$CTOKEN&what=assign&name=Bas+Visser&codes=CEDAW&role=contributor" \
    "$(url /coordinators)"
assert_eq "assign: 200" 200 "$code"
ctl coordinator list --json
check "the coordinators as the chair left them" "$PYTHON" - "$T/ctl.out" <<'EOF'
import json, sys
v = {c["name"]: c for c in json.load(open(sys.argv[1]))}
t = v["Test Persoon"]
assert t["email"] == "test@example.nl" and t["department"] == "VWS", t
assert sorted((a["instrument"], a["role"]) for a in t["assignments"]) == \
    [("CEDAW", "contributor"), ("CRC", "lead")], t
assert t["feed"] is True, t
assert ("CEDAW", "contributor") in [(a["instrument"], a["role"])
                                    for a in v["Bas Visser"]["assignments"]], v["Bas Visser"]
EOF
# The welcomes to Test Persoon: the mails that carry a feed address.
welcomes() {
	grep -l "^To: .*test@example.nl" "$MAIL"/new/* 2>/dev/null |
	    xargs -r grep -l "feeds/c/" | wc -l | tr -d ' '
}
one_welcome() { [ "$(welcomes)" -ge 1 ]; }
two_welcomes() { [ "$(welcomes)" -ge 2 ]; }
wait_until 100 one_welcome
assert_eq "the welcome mailed to the new coordinator (by the courier)" 1 \
    "$(welcomes)"
ctl outbox --json
check "the welcome on record in the outbox as sent" "$PYTHON" - "$T/ctl.out" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))
rows = rows["rows"] if isinstance(rows, dict) else rows
w = [r for r in rows if r.get("recipient") == "test@example.nl"
     and r["kind"] == "welcome"]
assert len(w) == 1 and w[0]["state"] == "sent", w
EOF
sleep 1		# a mail of its own is named by the second it is sent
http -H "$CHAIR" -d "csrf=$CTOKEN&what=welcome&name=Test+Persoon" \
    "$(url /coordinators)"
assert_eq "the welcome again: 200" 200 "$code"
wait_until 100 two_welcomes
assert_eq "... a second mail" 2 "$(welcomes)"
http -H "$CHAIR" -d "csrf=$CTOKEN&what=remove&name=Test+Persoon" \
    "$(url /coordinators)"
assert_eq "remove: 200" 200 "$code"
ctl coordinator list --json
assert_not_grep "removed" "Test Persoon" "$T/ctl.out"

# The chair's pages in chromium, with axe-core.
if command -v node >/dev/null 2>&1 && [ -x /usr/bin/chromium ] &&
    [ -d "$BROWSER/node_modules/puppeteer-core" ] &&
    [ -d "$BROWSER/node_modules/@axe-core/puppeteer" ]; then
	# Screenshots of each page, phone and desktop, kept in the build.
	HOME=$T/home SHOTS=$top_builddir/tests/screenshots \
	    timeout 120 node "$BROWSER/pages.mjs" "$(url "")" \
	    "${CHAIR#Cookie: treatyd_session=}" /feed /meeting /coordinators \
	    /recommendations "/recommendations/$ID" /my \
	    >"$T/pages.out" 2>&1
	rc=$?
	add_results "$T/pages.out"
	assert_eq "the browser run of the chair's pages" 0 "$rc"
fi

http -H "$COOKIE" "$(url '/api/recommendations.json?status=implemented')"
check "the API: filtered by status" "$PYTHON" - "$T/b" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
assert [(r["symbol"], r["paragraph"]) for r in v] == [("CEDAW/C/TST/CO/1", "12")], v
assert [u["status"] for u in v[0]["updates"]] == ["in progress", "implemented"], v
EOF
http -H "$COOKIE" "$(url '/api/recommendations.json?status=bogus')"
assert_eq "the API: a bad status is 400" 400 "$code"

# Every counted recommendation now has an update after the window
# opened: the 2027 deadline is met, in the feed too.
sleep 1
http -H "$COOKIE" "$(url /feeds/instrument/CEDAW.ics)"
check "the CEDAW feed: the progress update deadline" "$PYTHON" - "$T/b" <<'EOF'
import icalendar, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
import datetime
ev = [e for e in cal.walk("VEVENT") if "Voortgang opvolging" in str(e["SUMMARY"])
      and e.decoded("DTSTART") == datetime.date(2027, 1, 5)]
assert len(ev) == 1, [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
# The follow-up's description names the selected recommendations; none
# of the test file's is selected.
fu = [e for e in cal.walk("VEVENT") if "Follow-upinformatie" in str(e["SUMMARY"])]
assert fu and all("Geselecteerd voor de follow-upprocedure: geen aanbeveling "
                  "vastgelegd" in str(e["DESCRIPTION"]) for e in fu), \
    [str(e["DESCRIPTION"]) for e in fu]
EOF
ctl deadlines --instrument CEDAW --all --json
check "CEDAW/rec_update/2027 met by the updates" "$PYTHON" - "$T/ctl.out" <<'EOF'
import json, sys
d = {x["id"]: x for x in json.load(open(sys.argv[1]))}
assert d["CEDAW/rec_update/2027"]["status"] == "met", d["CEDAW/rec_update/2027"]
EOF

finish
