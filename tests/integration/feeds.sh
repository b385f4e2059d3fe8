#!/bin/sh
# Feeds must parse in independent parsers (INTEROP.md §1, §6).
#
# Starts treatyd on the shipped Dutch instruments and seed facts plus a
# corpus fact whose symbol and note hold Dutch diacritics, emoji and
# , ; \ and a coordinator whose name has diacritics. Fetches /feeds/all.ics,
# an instrument, a department and a coordinator's token feed with curl, and
# writes the feeds with `treatyctl export`. Every feed is checked line by
# line (CRLF, <= 75 octets, UTF-8, BEGIN/END, the properties of each
# VEVENT and of the calendar), then parsed by ical.js (Thunderbird's
# parser), node-ical, python3-icalendar and python3-vobject, which must
# agree on (UID, SUMMARY, DTSTART, DTEND); the corpus text must come back
# exactly. Recording facts must change the ETag within 2 s, raise the
# SEQUENCE of a moved deadline under the same UID, and drop a deadline that
# no longer exists.
#
# Peers: curl, node with tests/interop/node_modules (npm ci), Debian's
# python3-icalendar and python3-vobject. Missing ones skip (77) unless
# TREATYD_REQUIRE_PEERS is set.

# find_event splits "UID SEQUENCE DTSTART DTEND" lines on purpose;
# functions called through wait_until look unreachable to shellcheck.
# shellcheck disable=SC2046,SC2317
: "${top_srcdir:?top_srcdir is not set}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$top_srcdir/tests/integration/lib.sh"

INTEROP=$top_srcdir/tests/interop
# make distcheck's copy of the tree has no node_modules: it names the
# checkout's (configure's TREATYD_INTEROP_MODULES), used beside a copy of
# the parser script, since node looks for modules next to the script.
if [ ! -d "$INTEROP/node_modules" ] &&
    [ -d "${TREATYD_INTEROP_MODULES:-/nonexistent}" ]; then
	mkdir -p "$T/interop" || exit 1
	cp "$INTEROP/parse.mjs" "$INTEROP/package.json" "$T/interop/" || exit 1
	ln -s "$TREATYD_INTEROP_MODULES" "$T/interop/node_modules" || exit 1
	INTEROP=$T/interop
fi

# Peers ----------------------------------------------------------------------

command -v curl >/dev/null 2>&1 || missing_peer curl "apt-get install curl"
command -v node >/dev/null 2>&1 || missing_peer node "apt-get install nodejs"
[ -f "$INTEROP/node_modules/ical.js/package.json" ] ||
    missing_peer "npm package ical.js" \
    "cd tests/interop && npm ci --no-audit --no-fund"
# node-ical is a fourth parser when it loads (it asks for node >= 22, but
# runs on 20); it is not required.
NODEICAL=yes
if ! (cd "$INTEROP" && node -e "require('node-ical')") >"$T/nodeical.err" 2>&1
then
	NODEICAL=no
	echo "NOTE: node-ical does not load with node $(node --version)," \
	    "checking with three parsers: $(head -n 3 "$T/nodeical.err")" >&2
fi
"$PYTHON" -c 'import icalendar' 2>/dev/null ||
    missing_peer python3-icalendar "apt-get install python3-icalendar"
"$PYTHON" -c 'import vobject' 2>/dev/null ||
    missing_peer python3-vobject "apt-get install python3-vobject"

# The checker: lint, parse with the Python parsers, compare ------------------

cat >"$T/feedcheck.py" <<'PYEOF'
"""feedcheck.py: checks of iCalendar feeds for feeds.sh.

  lint [--nonempty] FILE...          line-level and structural checks
  agree ICALJS.json NODEICAL.json FILE...
                                     icalendar, vobject, ical.js and
                                     node-ical agree on the events
  empty ICALJS.json NODEICAL.json TZID FILE
                                     a feed without events: one VTIMEZONE
                                     TZID that every parser takes, shows
                                     no event, and reads as that zone
  categories ICALJS.json FILE WORD...
                                     each event's CATEGORIES: the code of
                                     its instrument and one of the WORDs
  events ICALJS.json FILE PREFIX     UID, SEQUENCE, DTSTART, DTEND of the
                                     events whose SUMMARY starts with PREFIX
  roundtrip ICALJS.json NODEICAL.json FILE UID EXPECT-FILE
                                     each line of EXPECT-FILE is in the
                                     DESCRIPTION of the event, per parser

Each failed check prints "FAIL: ..." (details indented); the last line is
"checks N".
"""
import datetime
import json
import re
import sys

checks = 0


def fail(msg, *details):
    print("FAIL: " + msg)
    for d in details:
        print("      " + d)


def check(ok, msg, *details):
    global checks
    checks += 1
    if not ok:
        fail(msg, *details)
    return ok


def first(items, n=3):
    items = list(items)
    s = "; ".join(str(i) for i in items[:n])
    return s + ("; ..." if len(items) > n else "")


PROP = re.compile(r'^([A-Za-z0-9-]+)((?:;[^:;]+=(?:"[^"]*"|[^:;"]*))*):(.*)$',
                  re.S)
DUR = re.compile(r'^[+-]?P(\d+W|(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?)$')


def valid_date(s):
    try:
        datetime.datetime.strptime(s, "%Y%m%d")
        return True
    except ValueError:
        return False


def lint(path, nonempty):
    name = path
    data = open(path, "rb").read()
    check(len(data) > 0, f"{name}: empty")
    check(len(data) < 1024 * 1024,
          f"{name}: {len(data)} bytes; keep a feed well under 1 MB")
    bare_lf = [m.start() for m in re.finditer(rb"(?<!\r)\n", data)]
    bare_cr = [m.start() for m in re.finditer(rb"\r(?!\n)", data)]
    check(not bare_lf, f"{name}: {len(bare_lf)} bare LF (CRLF only)",
          "expected: every line ends with CRLF",
          f"got:      LF without CR at byte offsets {first(bare_lf)}")
    check(not bare_cr, f"{name}: {len(bare_cr)} bare CR",
          f"got:      CR without LF at byte offsets {first(bare_cr)}")
    check(data.endswith(b"\r\n"), f"{name}: does not end with CRLF",
          f"got:      {data[-20:]!r}")
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    long = [(i + 1, len(l)) for i, l in enumerate(lines) if len(l) > 75]
    check(not long, f"{name}: {len(long)} lines longer than 75 octets",
          "expected: every line at most 75 octets (RFC 5545 3.1)",
          "got:      (line, octets) " + first(long))
    bad = []
    for i, l in enumerate(lines):
        try:
            l.decode("utf-8", "strict")
        except UnicodeDecodeError as e:
            bad.append((i + 1, str(e)))
    check(not bad, f"{name}: {len(bad)} lines are not valid UTF-8 "
          "(a fold inside a UTF-8 sequence?)", "got:      " + first(bad))
    ctrl = [i + 1 for i, l in enumerate(lines)
            if re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", l)]
    check(not ctrl, f"{name}: control characters on {len(ctrl)} lines",
          "got:      lines " + first(ctrl))

    # Unfold: a line starting with a space or tab continues the previous.
    logical = []
    for l in lines:
        if l[:1] in (b" ", b"\t") and logical:
            logical[-1] += l[1:]
        else:
            logical.append(l)
    logical = [l.decode("utf-8", "replace") for l in logical]

    stack, problems, cal, events, cur = [], [], {}, [], None
    ncal, ncomp = 0, 0
    for n, l in enumerate(logical):
        m = PROP.match(l)
        if not m:
            problems.append(f"logical line {n + 1} is not NAME[;PARAMS]:VALUE:"
                            f" {l[:60]!r}")
            continue
        pname, params, value = m.group(1).upper(), m.group(2), m.group(3)
        if pname == "BEGIN":
            stack.append(value.upper())
            if value.upper() == "VCALENDAR":
                ncal += 1
                if len(stack) != 1:
                    problems.append(f"VCALENDAR nested at line {n + 1}")
            if len(stack) == 2:
                ncomp += 1
            if value.upper() == "VEVENT":
                cur = {}
                if stack[:-1] != ["VCALENDAR"]:
                    problems.append(f"VEVENT inside {stack[:-1]} at line "
                                    f"{n + 1}")
            continue
        if pname == "END":
            if not stack or stack[-1] != value.upper():
                problems.append(f"END:{value} at logical line {n + 1} closes "
                                f"{stack[-1] if stack else 'nothing'}")
            else:
                stack.pop()
                if value.upper() == "VEVENT" and cur is not None:
                    events.append(cur)
                    cur = None
            continue
        if not stack:
            problems.append(f"property {pname} outside VCALENDAR")
            continue
        target = cur if stack[-1] == "VEVENT" else (
            cal if stack == ["VCALENDAR"] else None)
        if target is not None:
            target.setdefault(pname, []).append((params, value))
    if stack:
        problems.append(f"unclosed: {stack}")
    check(ncal == 1, f"{name}: {ncal} VCALENDAR components", "expected: 1")
    # RFC 5545 3.4: icalbody = calprops component, and component is
    # 1*(...): a calendar without events still needs one (khal refuses
    # one without).
    check(ncomp >= 1, f"{name}: no component inside VCALENDAR",
          "expected: at least one (RFC 5545 3.4), e.g. a VTIMEZONE when "
          "there are no events")
    check(logical[:1] == ["BEGIN:VCALENDAR"] and
          logical[-1:] == ["END:VCALENDAR"],
          f"{name}: does not start with BEGIN:VCALENDAR and end with "
          "END:VCALENDAR")
    check(not problems, f"{name}: BEGIN/END or syntax: {len(problems)} "
          "problems", "got:      " + first(problems))

    def one(props, key):
        v = props.get(key, [])
        return v[0] if len(v) == 1 else None

    v = one(cal, "VERSION")
    check(v is not None and v[1] == "2.0", f"{name}: VERSION:2.0 missing",
          f"got:      {cal.get('VERSION')}")
    check(one(cal, "PRODID") is not None, f"{name}: PRODID missing")
    check("METHOD" not in cal, f"{name}: has METHOD "
          "(omit it in a subscribed feed, INTEROP.md §1.10)",
          f"got:      METHOD:{cal.get('METHOD', [('', '')])[0][1]}")
    wr, nm = one(cal, "X-WR-CALNAME"), one(cal, "NAME")
    check(wr is not None and wr[1] != "", f"{name}: X-WR-CALNAME missing",
          f"got:      {cal.get('X-WR-CALNAME')}")
    check(nm is not None and nm[1] != "", f"{name}: NAME missing",
          f"got:      {cal.get('NAME')}")
    check(wr is None or nm is None or wr[1] == nm[1],
          f"{name}: NAME and X-WR-CALNAME differ",
          f"got:      {nm and nm[1]!r} and {wr and wr[1]!r}")
    ri = one(cal, "REFRESH-INTERVAL")
    check(ri is not None and ri[0].upper() == ";VALUE=DURATION" and
          DUR.match(ri[1]), f"{name}: REFRESH-INTERVAL;VALUE=DURATION:<dur>"
          " missing", f"got:      {cal.get('REFRESH-INTERVAL')}")
    ttl = one(cal, "X-PUBLISHED-TTL")
    check(ttl is not None and DUR.match(ttl[1]),
          f"{name}: X-PUBLISHED-TTL:<dur> missing",
          f"got:      {cal.get('X-PUBLISHED-TTL')}")

    if nonempty:
        check(len(events) > 0, f"{name}: no VEVENT", "expected: events")
    # Per event; one check per kind of problem per feed.
    kinds = {}

    def bad_event(kind, ev, why):
        uid = ev.get("UID", [("", "?")])[0][1]
        kinds.setdefault(kind, []).append(f"{uid}: {why}")

    uids = {}
    for ev in events:
        for key in ("UID", "DTSTAMP", "SEQUENCE", "DTSTART", "DTEND",
                    "SUMMARY", "TRANSP", "LAST-MODIFIED"):
            if len(ev.get(key, [])) != 1:
                bad_event(f"exactly one {key}", ev,
                          f"{len(ev.get(key, []))} {key}")
        uid = one(ev, "UID")
        if uid:
            uids[uid[1]] = uids.get(uid[1], 0) + 1
            # Opaque: a bare id, or <hex id>@host; never a person's address.
            if uid[1] == "" or ("@" in uid[1] and not re.match(
                    r"^[0-9A-Fa-f-]{8,}@[^@\s]+$", uid[1])):
                bad_event("UID opaque, no e-mail address", ev, uid[1])
        st = one(ev, "DTSTAMP")
        if st and not re.match(r"^\d{8}T\d{6}Z$", st[1]):
            bad_event("DTSTAMP in UTC", ev, st[1])
        lm = one(ev, "LAST-MODIFIED")
        if lm and not re.match(r"^\d{8}T\d{6}Z$", lm[1]):
            bad_event("LAST-MODIFIED in UTC", ev, lm[1])
        sq = one(ev, "SEQUENCE")
        if sq and not re.match(r"^\d+$", sq[1]):
            bad_event("SEQUENCE an integer", ev, sq[1])
        ds, de = one(ev, "DTSTART"), one(ev, "DTEND")
        for key, p in (("DTSTART", ds), ("DTEND", de)):
            if p and (p[0].upper() != ";VALUE=DATE" or
                      not re.match(r"^\d{8}$", p[1]) or not valid_date(p[1])):
                bad_event(f"{key};VALUE=DATE:YYYYMMDD", ev,
                          f"{key}{p[0]}:{p[1]}")
        if ds and de and not de[1] > ds[1]:
            bad_event("DTEND after DTSTART", ev, f"{ds[1]} .. {de[1]}")
        tr = one(ev, "TRANSP")
        if tr and tr[1] != "TRANSPARENT":
            bad_event("TRANSP:TRANSPARENT", ev, tr[1])
    for kind in ("exactly one UID", "exactly one DTSTAMP",
                 "exactly one SEQUENCE", "exactly one DTSTART",
                 "exactly one DTEND", "exactly one SUMMARY",
                 "exactly one TRANSP", "exactly one LAST-MODIFIED",
                 "UID opaque, no e-mail address", "DTSTAMP in UTC",
                 "LAST-MODIFIED in UTC", "SEQUENCE an integer",
                 "DTSTART;VALUE=DATE:YYYYMMDD", "DTEND;VALUE=DATE:YYYYMMDD",
                 "DTEND after DTSTART", "TRANSP:TRANSPARENT"):
        got = kinds.get(kind, [])
        if not events:
            continue
        check(not got, f"{name}: {len(got)} of {len(events)} VEVENTs break "
              f"'{kind}'", "got:      " + first(got))
    dup = [u for u, c in uids.items() if c > 1]
    if events:
        check(not dup, f"{name}: duplicate UIDs", "got:      " + first(dup))
    return len(events)


def raw_count(path):
    return len(re.findall(rb"^BEGIN:VEVENT\r?$", open(path, "rb").read(),
                          re.M))


def ymd(d):
    return d.strftime("%Y%m%d")


def parse_icalendar(path):
    import icalendar
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    out = []
    for e in cal.walk("VEVENT"):
        s, t = e.decoded("DTSTART"), e.decoded("DTEND")
        out.append({
            "uid": str(e["UID"]), "summary": str(e["SUMMARY"]),
            "dtstart": ymd(s), "dtend": ymd(t),
            "date": not isinstance(s, datetime.datetime) and
                    not isinstance(t, datetime.datetime),
            "sequence": int(e.decoded("SEQUENCE")) if "SEQUENCE" in e
                        else None,
            "description": str(e["DESCRIPTION"]) if "DESCRIPTION" in e
                           else None,
        })
    return out


def parse_vobject(path):
    import vobject
    cal = vobject.readOne(open(path, encoding="utf-8").read())
    out = []
    for e in cal.contents.get("vevent", []):
        s, t = e.dtstart.value, e.dtend.value
        out.append({
            "uid": e.uid.value, "summary": e.summary.value,
            "dtstart": ymd(s), "dtend": ymd(t),
            "date": not isinstance(s, datetime.datetime) and
                    not isinstance(t, datetime.datetime),
            "sequence": int(e.sequence.value) if hasattr(e, "sequence")
                        else None,
            "description": e.description.value
                           if hasattr(e, "description") else None,
        })
    return out


def parsed(icaljs_json, nodeical_json, path):
    """{parser: events or an error string} for one file."""
    res = {}
    for pname, fn in (("ical.js", None), ("node-ical", None),
                      ("icalendar", parse_icalendar),
                      ("vobject", parse_vobject)):
        if fn is None:
            src = icaljs_json if pname == "ical.js" else nodeical_json
            if src is None:
                continue    # node-ical does not load here
            v = src.get(path)
            if v is None:
                res[pname] = "not parsed"
            elif isinstance(v, dict):
                res[pname] = v.get("error", "error")
            else:
                res[pname] = v
        else:
            try:
                res[pname] = fn(path)
            except Exception as e:  # noqa: BLE001 - report any parser error
                res[pname] = f"{type(e).__name__}: {e}"
    return res


def agree(icaljs_json, nodeical_json, paths):
    for path in paths:
        want = raw_count(path)
        res = parsed(icaljs_json, nodeical_json, path)
        sets = {}
        for pname, evs in res.items():
            if not check(isinstance(evs, list), f"{path}: {pname} rejects "
                         "the feed", f"got:      {evs}"):
                continue
            check(len(evs) == want, f"{path}: {pname} found {len(evs)} "
                  f"events", f"expected: {want} (BEGIN:VEVENT lines)")
            notdate = [e["uid"] for e in evs if not e["date"]]
            check(not notdate, f"{path}: {pname} reads DTSTART/DTEND as a "
                  "date-time, not an all-day DATE",
                  "got:      " + first(notdate))
            sets[pname] = {(e["uid"], e["summary"], e["dtstart"], e["dtend"])
                           for e in evs}
        ref = sets.get("ical.js")
        if ref is None:
            continue
        for pname, s in sets.items():
            if pname == "ical.js":
                continue
            check(s == ref, f"{path}: {pname} and ical.js disagree on "
                  "(UID, SUMMARY, DTSTART, DTEND)",
                  "only ical.js:   " + first(sorted(ref - s), 2),
                  f"only {pname}: " + first(sorted(s - ref), 2))


def empty(icaljs_json, nodeical_json, tzid, path):
    """A feed without events: every parser takes it and finds none; its
    one component is the VTIMEZONE of the configured zone, which the
    Python parsers turn into that zone (CET in January, CEST in July)."""
    text = open(path, "rb").read().decode("utf-8")
    check(raw_count(path) == 0, f"{path}: has VEVENTs", "expected: none")
    tzids = re.findall(r"^TZID:(.*?)\r$", text, re.M)
    check(len(re.findall(r"^BEGIN:VTIMEZONE\r$", text, re.M)) == 1 and
          tzids == [tzid], f"{path}: not one VTIMEZONE of {tzid}",
          f"got:      TZID {tzids}")
    for pname, evs in parsed(icaljs_json, nodeical_json, path).items():
        if check(isinstance(evs, list), f"{path}: {pname} rejects the "
                 "feed", f"got:      {evs}"):
            check(evs == [], f"{path}: {pname} shows events",
                  f"got:      {first(e['summary'] for e in evs)}")
    jan, jul = datetime.datetime(2027, 1, 15, 12), \
        datetime.datetime(2027, 7, 15, 12)
    try:
        import icalendar
        cal = icalendar.Calendar.from_ical(text.encode("utf-8"))
        tz = [c for c in cal.walk("VTIMEZONE")][0].to_tz()
        got = (str(tz.utcoffset(jan)), str(tz.utcoffset(jul)))
    except Exception as e:  # noqa: BLE001
        got = f"{type(e).__name__}: {e}"
    check(got == ("1:00:00", "2:00:00"), f"{path}: icalendar does not "
          f"read the VTIMEZONE as {tzid}", "expected: +1:00 in January, "
          "+2:00 in July", f"got:      {got}")
    try:
        import vobject
        tz = vobject.readOne(text).vtimezone.gettzinfo()
        got = (str(tz.utcoffset(jan)), str(tz.utcoffset(jul)))
    except Exception as e:  # noqa: BLE001
        got = f"{type(e).__name__}: {e}"
    check(got == ("1:00:00", "2:00:00"), f"{path}: vobject does not read "
          f"the VTIMEZONE as {tzid}", f"got:      {got}")


def categories(icaljs_json, path, words):
    """CATEGORIES, per event: its instrument's code (the SUMMARY's first
    word) and a kind in the feed's language, one of words."""
    text = open(path, "rb").read().decode("utf-8")
    text = re.sub(r"\r\n[ \t]", "", text)
    bad, seen = [], set()
    for block in text.split("BEGIN:VEVENT")[1:]:
        block = block.split("END:VEVENT")[0]
        cats = re.findall(r"^CATEGORIES:(.*?)\r$", block, re.M)
        summ = re.findall(r"^SUMMARY:(.*?)\r$", block, re.M)
        code = summ[0].split(":")[0] if summ else "?"
        if len(cats) != 2 or cats[0] != code or cats[1] not in words:
            bad.append(f"{code}: {cats}")
        elif cats:
            seen.add(cats[1])
    check(not bad, f"{path}: {len(bad)} events whose CATEGORIES are not "
          "the code and a kind word", f"expected: one of {words}",
          "got:      " + first(bad))
    return seen


def escape(text):
    """RFC 5545 3.3.11 TEXT escaping."""
    return (text.replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\n", "\\n"))


def raw_description(path, uid):
    """The unfolded, still escaped DESCRIPTION of the event UID."""
    text = open(path, "rb").read().decode("utf-8")
    text = re.sub(r"\r\n[ \t]", "", text)
    for block in text.split("BEGIN:VEVENT")[1:]:
        lines = block.split("\r\n")
        if "UID:" + uid in lines:
            for l in lines:
                if l.startswith("DESCRIPTION:"):
                    return l[len("DESCRIPTION:"):]
    return None


def roundtrip(a, b, path, uid, expect, lenient):
    """Each line of expect is a line of the event's DESCRIPTION: escaped
    exactly as RFC 5545 says in the bytes, and unescaped by each parser.
    A parser in lenient is known to unescape wrongly: a mismatch there is
    a note, not a failure."""
    raw = raw_description(path, uid)
    for x in expect:
        check(raw is not None and
              "\\n" + escape(x) + "\\n" in "\\n" + raw + "\\n",
              f"{path}: the DESCRIPTION bytes of {uid} lack a line, "
              "escaped as RFC 5545 3.3.11 says",
              f"expected: {escape(x)!r}", f"got:      {raw!r}"[:600])
    for pname, evs in parsed(a, b, path).items():
        if not check(isinstance(evs, list), f"{path}: {pname} rejects "
                     "the feed", f"got:      {evs}"):
            continue
        ev = [e for e in evs if e["uid"] == uid]
        if not check(len(ev) == 1, f"{path}: {pname}: no event {uid}"):
            continue
        lines = (ev[0]["description"] or "").split("\n")
        for x in expect:
            if x in lines:
                check(True, "")
                continue
            near = first([l for l in lines if l[:6] == x[:6]], 2)
            if pname in lenient:
                print(f"NOTE: {path}: {pname} unescapes this DESCRIPTION "
                      "line wrongly (a known bug of that parser; the bytes "
                      "are checked above)")
                print(f"      expected: {x!r}")
                print(f"      got:      {near}")
                continue
            check(False, f"{path}: {pname}: the DESCRIPTION of {uid} "
                  "does not give back a line", f"expected: {x!r}",
                  f"got:      {near}")


def main():
    global checks
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "lint":
        nonempty = False
        if args and args[0] == "--nonempty":
            nonempty = True
            args = args[1:]
        for p in args:
            lint(p, nonempty)
    elif cmd == "agree":
        a = json.load(open(args[0], encoding="utf-8"))
        b = json.load(open(args[1], encoding="utf-8"))
        agree(a, b, args[2:])
    elif cmd == "empty":
        a = json.load(open(args[0], encoding="utf-8"))
        b = json.load(open(args[1], encoding="utf-8"))
        empty(a, b, args[2], args[3])
    elif cmd == "categories":
        a = json.load(open(args[0], encoding="utf-8"))
        seen = categories(a, args[1], args[2:])
        check(len(seen) >= 3, f"{args[1]}: only {sorted(seen)} as kinds",
              "expected: reports, follow-up and milestones at least")
    elif cmd == "events":
        evs = json.load(open(args[0], encoding="utf-8")).get(args[1], [])
        for e in evs if isinstance(evs, list) else []:
            if e["summary"].startswith(args[2]):
                print(f'{e["uid"]} {e["sequence"]} {e["dtstart"]} '
                      f'{e["dtend"]}')
        return
    elif cmd == "roundtrip":
        a = json.load(open(args[0], encoding="utf-8"))
        b = json.load(open(args[1], encoding="utf-8"))
        path, uid = args[2], args[3]
        expect = [l for l in open(args[4], encoding="utf-8").read()
                  .split("\n") if l]
        lenient = args[5].split(",") if len(args) > 5 else []
        roundtrip(a, b, path, uid, expect, lenient)
    else:
        sys.exit(f"feedcheck.py: unknown command {cmd}")
    print(f"checks {checks}")


main()
PYEOF

# feedcheck ARGS...: run the checker and count its results.
feedcheck() {
	"$PYTHON" "$T/feedcheck.py" "$@" >"$T/fc.out" 2>&1
	add_results "$T/fc.out"
}

# node_parse PARSER OUT FILE...: parse with ical.js or node-ical into OUT.
node_parse() {
	_parser=$1
	_out=$2
	shift 2
	if [ "$_parser" = nodeical ] && [ "$NODEICAL" = no ]; then
		echo null >"$_out"
		return
	fi
	if ! TZ=UTC node "$INTEROP/parse.mjs" "$_parser" "$@" >"$_out" \
	    2>"$T/node.err"; then
		fail "node parse.mjs $_parser failed" "$(cat "$T/node.err")"
		echo '{}' >"$_out"
	fi
}

# events PREFIX FILE: "UID SEQUENCE DTSTART DTEND" of the events whose
# SUMMARY (per ical.js) starts with PREFIX.
events() {
	node_parse icaljs "$T/ev.json" "$2"
	"$PYTHON" "$T/feedcheck.py" events "$T/ev.json" "$2" "$1"
}

# find_event WHAT PREFIX FILE: the one event whose SUMMARY starts with
# PREFIX; sets EV_UID, EV_SEQ and EV_DATES ("DTSTART DTEND"). Counts a
# check: exactly one such event.
find_event() {
	set -- "$1" $(events "$2" "$3")
	EV_UID=$2
	EV_SEQ=$3
	EV_DATES="$4 $5"
	assert_eq "$1: events found" 1 $((($# - 1) / 4))
}

# Configuration and data -----------------------------------------------------

mkdir "$T/db" "$T/feeds" || exit 1
CONF=$T/treatyd.conf
write_conf "$CONF" "$T/db/treatyd.db" "$top_srcdir/conf/instruments.d" nl
# The change mail below must go the moment the fact is recorded: no
# catch-up mail first, no daily limit (calm.sh tests those).
printf 'catch_up_mail = no\nmax_per_day = 100\n' >>"$CONF"

ctl init || finish
ctl fact import "$top_srcdir/conf/seed/nl-facts.ini" || finish

# The corpus: Dutch diacritics, emoji (one outside the BMP, a flag of two
# regional indicators) and the characters iCalendar escapes , ; \ on a
# CCPR fact. On a CAT fact, backslashes before the characters that follow a
# backslash in an escape (, ; \ n N), which must come back as written and
# not as an escaped comma or a newline.
SYMBOL='CCPR/C/NLD/CO/5/Add.1 «Geëvalueerd», Zoë; Çelik-Öztürk 🎉📅🇳🇱 a,b;c\d'
NOTE='Brief van de Commissie: ë ö ç 🎉, komma; puntkomma \ backslash'
# shellcheck disable=SC1003 # the backslash at the end is data
HARD='CAT/C/NLD/CO/7/Add.1 C:\new\Nieuw \, \; \\ einde\'
COORD='Zoë Çelik-Öztürk'
ctl fact add CCPR due_date_set 2026-01-15 --rule followup --due 2027-01-15 \
    --symbol "$SYMBOL" --note "$NOTE" || finish
FACT=$(sed -n 's/^recorded fact \([0-9][0-9]*\)$/\1/p' "$T/ctl.out")
ctl fact add CAT due_date_set 2026-01-20 --rule followup --due 2027-02-01 \
    --symbol "$HARD" --note "$HARD" || finish
HARD_FACT=$(sed -n 's/^recorded fact \([0-9][0-9]*\)$/\1/p' "$T/ctl.out")
ctl coordinator add --no-welcome "$COORD" zoe@example.nl OCW --lead CCPR,CEDAW || finish
ctl coordinator token "$COORD" || finish
TOKEN_URL=$(sed -n 's,^https://treatyd\.example\.org\(/feeds/c/[0-9a-f]*\.ics\)$,\1,p' \
    "$T/ctl.out")
assert_grep "coordinator token prints the webcal:// address" \
    "^webcal://treatyd\.example\.org/feeds/c/[0-9a-f]{40}\.ics$" "$T/ctl.out"
assert_ne "coordinator token prints the https:// address" "" "$TOKEN_URL"

# Two coordinators whose names of the longest length (100 characters of
# four bytes: 400 bytes) differ only at the end: each token keeps its own
# feed (a cut feed cache key would serve one feed for both). They work
# on no instrument, so no other feed shows them.
LONG_A="$(i=0; while [ $i -lt 99 ]; do printf '\360\237\223\205'; i=$((i + 1)); done)A"
LONG_B="${LONG_A%A}B"
ctl coordinator add --no-welcome "$LONG_A" long.a@example.nl OCW || finish
ctl coordinator token "$LONG_A" || finish
TOKEN_A=$(sed -n 's,^https://treatyd\.example\.org\(/feeds/c/[0-9a-f]*\.ics\)$,\1,p' \
    "$T/ctl.out")
ctl coordinator add --no-welcome "$LONG_B" long.b@example.nl BZK || finish
ctl coordinator token "$LONG_B" || finish
TOKEN_B=$(sed -n 's,^https://treatyd\.example\.org\(/feeds/c/[0-9a-f]*\.ics\)$,\1,p' \
    "$T/ctl.out")

start_daemon "$CONF" "$T/treatyd.log" || finish

# Fetch the feeds ------------------------------------------------------------

# get PATH FILE: GET with curl; the body to FILE; 200 and text/calendar.
get() {
	http "$(url "$1")"
	assert_eq "GET $1: status" 200 "$code"
	assert_eq "GET $1: Content-Type" "text/calendar; charset=utf-8" \
	    "$(hdr Content-Type)"
	cp "$T/b" "$2"
}

get /feeds/all.ics "$T/feeds/all.ics"
get /feeds/instrument/CEDAW.ics "$T/feeds/CEDAW.ics"
get /feeds/instrument/CCPR.ics "$T/feeds/CCPR.ics"
get /feeds/department/OCW.ics "$T/feeds/OCW.ics"
get "$TOKEN_URL" "$T/feeds/token.ics"
HTTP_FEEDS="$T/feeds/all.ics $T/feeds/CEDAW.ics $T/feeds/CCPR.ics
	$T/feeds/OCW.ics $T/feeds/token.ics"
# Defence (DEF) leads and contributes to nothing: a feed with no events.
get /feeds/department/DEF.ics "$T/feeds/empty.ics"

ctl export "$T/export" || finish
assert_grep "export reports what it wrote" "^exported [0-9]+ feeds to " \
    "$T/ctl.out"
EXPORTED=$(find "$T/export" -name '*.ics' | sort)
assert_ne "export wrote .ics files" "" "$EXPORTED"
for f in all.ics instrument/CEDAW.ics department/OCW.ics; do
	check "export wrote feeds/$f" test -s "$T/export/feeds/$f"
done
# The same feeds as files: byte for byte what the daemon serves.
check "exported all.ics = GET /feeds/all.ics" \
    cmp -s "$T/export/feeds/all.ics" "$T/feeds/all.ics"
check "exported CEDAW.ics = GET /feeds/instrument/CEDAW.ics" \
    cmp -s "$T/export/feeds/instrument/CEDAW.ics" "$T/feeds/CEDAW.ics"

# Line-level and structural checks -------------------------------------------

# shellcheck disable=SC2086 # word splitting of the file lists is intended
feedcheck lint --nonempty $HTTP_FEEDS
# shellcheck disable=SC2086
feedcheck lint $EXPORTED "$T/feeds/empty.ics"

# Four parsers agree ---------------------------------------------------------

ALL_FEEDS="$HTTP_FEEDS $EXPORTED"
# shellcheck disable=SC2086
node_parse icaljs "$T/icaljs.json" $ALL_FEEDS
# shellcheck disable=SC2086
node_parse nodeical "$T/nodeical.json" $ALL_FEEDS
# shellcheck disable=SC2086
feedcheck agree "$T/icaljs.json" "$T/nodeical.json" $ALL_FEEDS

# An empty feed is a calendar every parser takes (INTEROP.md §6) ---------

node_parse icaljs "$T/icaljs-empty.json" "$T/feeds/empty.ics"
node_parse nodeical "$T/nodeical-empty.json" "$T/feeds/empty.ics"
feedcheck empty "$T/icaljs-empty.json" "$T/nodeical-empty.json" \
    Europe/Amsterdam "$T/feeds/empty.ics"
check "the exported DEF feed is the served one" \
    cmp -s "$T/export/feeds/department/DEF.ics" "$T/feeds/empty.ics"

# Categories: the code, and the kind as a word of the feed's language ----

feedcheck categories "$T/icaljs.json" "$T/feeds/all.ics" Rapportage \
    Follow-upinformatie "Interne mijlpaal" "Datum nagaan" Kabinetsbrief \
    Bijeenkomst "Aanvullende informatie"

# Scope: an instrument feed holds that instrument, a token feed the
# coordinator's instruments.
"$PYTHON" - "$T/icaljs.json" "$T/feeds/CEDAW.ics" "$T/feeds/token.ics" \
    >"$T/scope.out" 2>&1 <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
checks = 0
for path, allowed in ((sys.argv[2], ("CEDAW:",)),
                      (sys.argv[3], ("CEDAW:", "CCPR:"))):
    evs = d.get(path)
    checks += 1
    if not isinstance(evs, list):
        print(f"FAIL: {path}: not parsed by ical.js: {evs}")
        continue
    other = [e["summary"] for e in evs if not e["summary"].startswith(allowed)]
    if other:
        print(f"FAIL: {path}: events of other instruments")
        print(f"      expected: only SUMMARY starting with {allowed}")
        print(f"      got:      {other[:3]}")
    checks += 1
    have = {a for a in allowed for e in evs if e["summary"].startswith(a)}
    if have != set(allowed):
        print(f"FAIL: {path}: expected events of {allowed}, got {sorted(have)}")
print(f"checks {checks}")
PYEOF
add_results "$T/scope.out"

# The corpus round-trips exactly ---------------------------------------------

# The CCPR follow-up cites the corpus fact and names the coordinator.
find_event "CCPR follow-up in the CCPR feed" "CCPR: Follow-upinformatie" \
    "$T/feeds/CCPR.ics"
assert_eq "CCPR follow-up: DTSTART DTEND" "20270115 20270116" "$EV_DATES"
CORPUS_UID=$EV_UID
{
	printf 'Feit #%s: due_date_set 2026-01-15 %s\n' "$FACT" "$SYMBOL"
	printf 'Coördinatoren: %s (OCW, trekker)\n' "$COORD"
} >"$T/expect.txt"
for f in "$T/feeds/CCPR.ics" "$T/feeds/all.ics" "$T/feeds/token.ics"; do
	feedcheck roundtrip "$T/icaljs.json" "$T/nodeical.json" "$f" \
	    "$CORPUS_UID" "$T/expect.txt"
done
# Backslashes: ical.js (Thunderbird) and vobject must give them back.
# python3-icalendar 4.0.3 unescapes twice (collective/icalendar#1008, fixed
# upstream by #1014) and node-ical 0.27.2 turns an escaped backslash before
# an n into a backslash and a newline (observed here): notes only.
find_event "CAT follow-up in all.ics" "CAT: Follow-upinformatie" \
    "$T/feeds/all.ics"
assert_eq "CAT follow-up: DTSTART DTEND" "20270201 20270202" "$EV_DATES"
HARD_UID=$EV_UID
printf 'Feit #%s: due_date_set 2026-01-20 %s\n' "$HARD_FACT" "$HARD" \
    >"$T/expect-hard.txt"
feedcheck roundtrip "$T/icaljs.json" "$T/nodeical.json" "$T/feeds/all.ics" \
    "$HARD_UID" "$T/expect-hard.txt" icalendar,node-ical
# The token feed is named after the coordinator, diacritics intact.
"$PYTHON" - "$T/feeds/token.ics" "$COORD" >"$T/name.out" 2>&1 <<'PYEOF'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
want = "Verdragsrapportages: " + sys.argv[2]
for key in ("X-WR-CALNAME", "NAME"):
    got = str(cal.get(key))
    if got != want:
        print(f"FAIL: token feed {key} (icalendar)")
        print(f"      expected: {want!r}")
        print(f"      got:      {got!r}")
print("checks 2")
PYEOF
add_results "$T/name.out"
get "$TOKEN_A" "$T/feeds/token-a.ics"
get "$TOKEN_B" "$T/feeds/token-b.ics"
get "$TOKEN_A" "$T/feeds/token-a2.ics"
for who in a:"$LONG_A" b:"$LONG_B" a2:"$LONG_A"; do
	"$PYTHON" - "$T/feeds/token-${who%%:*}.ics" "${who#*:}" \
	    >"$T/name.out" 2>&1 <<'PYEOF'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
want = "Verdragsrapportages: " + sys.argv[2]
if str(cal.get("X-WR-CALNAME")) != want:
    print(f"FAIL: {sys.argv[1]}: not the feed of its coordinator")
    print(f"      got: {str(cal.get('X-WR-CALNAME'))[-40:]!r}")
print("checks 1")
PYEOF
	add_results "$T/name.out"
done

# A change: new ETag within 2 s, SEQUENCE + 1 under the same UID -------------

etag_of_all() {
	http -I "$(url /feeds/all.ics)"
	hdr ETag
}

etag_changed() {
	[ "$(etag_of_all)" != "$ETAG0" ]
}

find_event "CEDAW follow-up before the change" "CEDAW: Follow-upinformatie" \
    "$T/feeds/all.ics"
assert_eq "CEDAW follow-up before the change: DTSTART DTEND" \
    "20280220 20280221" "$EV_DATES"
FU_UID=$EV_UID
FU_SEQ=${EV_SEQ:-0}
ETAG0=$(etag_of_all)
assert_ne "all.ics has an ETag" "" "$ETAG0"

ctl fact add CEDAW due_date_set 2026-03-01 --rule followup --due 2028-03-15
if wait_until 20 etag_changed; then
	echo "ETag of /feeds/all.ics changed $((waited * 100)) ms after the fact"
else
	fail "ETag of /feeds/all.ics did not change within 2 s of a new fact" \
	    "expected: anything but $ETAG0" "got:      $(etag_of_all)"
fi
checks=$((checks + 1))
http -H "If-None-Match: $ETAG0" "$(url /feeds/all.ics)"
assert_eq "the old ETag no longer matches: 200, not 304" 200 "$code"
cp "$T/b" "$T/feeds/all2.ics"
feedcheck lint --nonempty "$T/feeds/all2.ics"
find_event "CEDAW follow-up after the change (no duplicate)" \
    "CEDAW: Follow-upinformatie" "$T/feeds/all2.ics"
assert_eq "CEDAW follow-up keeps its UID" "$FU_UID" "$EV_UID"
assert_eq "CEDAW follow-up SEQUENCE raised by one" "$((FU_SEQ + 1))" "$EV_SEQ"
assert_eq "CEDAW follow-up moved: DTSTART DTEND" "20280315 20280316" \
    "$EV_DATES"
node_parse icaljs "$T/icaljs2.json" "$T/feeds/all2.ics"
node_parse nodeical "$T/nodeical2.json" "$T/feeds/all2.ics"
feedcheck agree "$T/icaljs2.json" "$T/nodeical2.json" "$T/feeds/all2.ics"

# The change mail to the coordinator carries the same event: its .ics
# (METHOD:PUBLISH) reuses the feed's UID and SEQUENCE (INTEROP.md §3).
change_mail() {
	[ -n "$(find "$T/outbox/new" -type f 2>/dev/null | head -n 1)" ]
}
checks=$((checks + 1))
if ! wait_until 50 change_mail; then
	fail "no change mail in the Maildir $T/outbox 5 s after the fact" \
	    "log: $(grep -i remind "$T/treatyd.log" | tail -n 3 | tr '\n' '|')"
else
	"$PYTHON" - "$FU_UID" "$((FU_SEQ + 1))" "$T"/outbox/new/* \
	    >"$T/mail.out" 2>&1 <<'PYEOF'
import email, re, sys
from email import policy
uid, seq, files = sys.argv[1], sys.argv[2], sys.argv[3:]
checks, found = 1, []
for f in files:
    m = email.message_from_binary_file(open(f, "rb"), policy=policy.default)
    for p in m.walk():
        if p.get_content_type() == "text/calendar":
            text = p.get_content()
            if re.search(r"^UID:" + re.escape(uid) + r"\r?$", text, re.M):
                found.append((p, text))
if not found:
    print(f"FAIL: no mail in the Maildir has a text/calendar part with UID:{uid}")
else:
    p, text = found[-1]
    want = {"METHOD": "PUBLISH", "SEQUENCE": seq,
            "DTSTART;VALUE=DATE": "20280315"}
    for k, v in want.items():
        checks += 1
        got = re.findall(r"^" + re.escape(k) + r":(.*?)\r?$", text, re.M)
        if got != [v]:
            print(f"FAIL: the change mail's .ics: {k}")
            print(f"      expected: {v}")
            print(f"      got:      {got}")
    checks += 1
    if p.get_param("method") != "PUBLISH":
        print("FAIL: the change mail's .ics part: Content-Type method")
        print("      expected: method=PUBLISH (as METHOD inside)")
        print(f"      got:      {p.get_param('method')}")
print(f"checks {checks}")
PYEOF
	add_results "$T/mail.out"
fi

# A deadline that no longer exists leaves the feed: once the committee sets
# the date of the 8th report, the "check whether the date is set" goes.
find_event "the CEDAW re-check before the date is set" \
    "CEDAW: Nagaan of de datum is vastgesteld" "$T/feeds/all2.ics"
RECHECK_UID=$EV_UID
ETAG0=$(etag_of_all)
ctl fact add CEDAW due_date_set 2026-03-01 --rule report --due 2030-08-22 \
    --cycle 8
wait_until 20 etag_changed ||
    fail "ETag did not change within 2 s after the report date was set"
checks=$((checks + 1))
http "$(url /feeds/all.ics)"
cp "$T/b" "$T/feeds/all3.ics"
assert_not_grep "the CEDAW re-check left the feed" "^UID:${RECHECK_UID:-none}" \
    "$T/feeds/all3.ics"
find_event "the CEDAW 8th report once its date is set" \
    "CEDAW: Periodieke rapportage (8)" "$T/feeds/all3.ics"
assert_eq "the CEDAW 8th report: DTSTART DTEND" "20300822 20300823" \
    "$EV_DATES"
feedcheck lint --nonempty "$T/feeds/all3.ics"

stop_pid "$DPID" 5
assert_eq "treatyd exit status after SIGTERM" 0 "$stop_rc"

finish
