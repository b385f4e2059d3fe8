#!/bin/sh
# data.sh: the shipped Netherlands data, checked as a whole.
#  1. Every fact section cites a source (url =), every instrument file and
#     the seed load, and importing the seed twice adds nothing.
#  2. As of 2026-12-03, the overdue and unknown deadlines are exactly those
#     of the reviewed list tests/data/nl-overdue-2026-12-03.txt.
. "$top_srcdir/tests/integration/lib.sh"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
SEED=$top_srcdir/conf/seed/nl-facts.ini
write_conf "$CONF" "$DB" "$top_srcdir/conf/instruments.d" nl
sed -i 's/^horizon = P3Y$/horizon = P3Y\nrecords_from = 2026-12-03/' "$CONF"

ctl check
assert_eq "the shipped instruments load" 0 "$rc"
ctl init || finish
ctl fact import "$SEED"
assert_eq "the seed imports" 0 "$rc"
n=$(grep -c '^\[' "$SEED")
assert_grep "every section is a fact" "^imported $n facts" "$T/ctl.out"
ctl fact import "$SEED"
assert_grep "a second import adds nothing" "^imported 0 facts" "$T/ctl.out"
check "every fact cites a source" "$PYTHON" - "$SEED" <<'PY'
import sys
sec, url, bad = None, False, []
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.strip()
    if line.startswith('['):
        if sec and not url:
            bad.append(sec)
        sec, url = line, False
    elif line.startswith('url') and '=' in line and line.split('=', 1)[1].strip():
        url = True
if sec and not url:
    bad.append(sec)
assert not bad, bad
PY

"$TREATYCTL" -c "$CONF" deadlines --today 2026-12-03 --json >"$T/d.json"
assert_eq "deadlines --json" 0 "$?"
check "overdue and unknown as reviewed" "$PYTHON" - "$T/d.json" \
    "$top_srcdir/tests/data/nl-overdue-2026-12-03.txt" <<'PY'
import json, sys
got = {(d['status'], d['id']) for d in json.load(open(sys.argv[1]))
       if d['status'] in ('overdue', 'unknown')}
want = set()
for line in open(sys.argv[2], encoding='utf-8'):
    line = line.split('#', 1)[0].strip()
    if line:
        status, ident = line.split()
        want.add((status, ident))
extra, missing = sorted(got - want), sorted(want - got)
assert not extra and not missing, 'not in the reviewed list: %s; listed but not so: %s' % (extra, missing)
PY
finish
