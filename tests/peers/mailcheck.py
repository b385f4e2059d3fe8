#!/usr/bin/python3
"""Checks of treatyd's reminder mail for tests/integration/reminders.sh.

    mailcheck.py mail MAILDIR FEEDS_NL FEEDS_EN FROM < EXPECTED
    mailcheck.py raw MAILDIR...
    mailcheck.py ids MAILDIR DOMAIN < KEYS
    mailcheck.py keyfiles MAILDIR DOMAIN < KEYS

Prints "FAIL: ..." (with indented detail lines) per failed check and ends
with "checks N", the format lib.sh's add_results reads.

mail: every message in MAILDIR (as stored by aiosmtpd, with X-RcptTo)
is parsed with email.policy.default and matched to one line of EXPECTED,
tab separated: recipient, outbox key, Subject, display name of To,
language, Date (ISO 8601, UTC), and ";"-separated texts text/plain must
contain. A display name "-" means none (the address alone). X-RcptTo,
when a peer added it, must be the one recipient. FEEDS_NL and FEEDS_EN
are `treatyctl export` directories; the UID of each .ics attachment must
be the feed's UID of the event with the same SUMMARY and DTSTART, and
its ORGANIZER the sender FROM (RFC 5546 wants one with METHOD:PUBLISH).

raw: octet-level rules (INTEROP.md §3) on files delivered by treatyd's
maildir: transport: CRLF only, 7-bit, header lines at most 78 octets,
encoded words at most 75, body lines at most 76.

ids: the crash test against an SMTP server: KEYS (one outbox key a line)
against the Message-IDs received: each key delivered at least once, to
its recipient; duplicates listed: at most one, or with INFLIGHT (a file
of the keys left 'sending' at the crash: the batch in flight) only keys
of INFLIGHT, each delivered at most twice.

keyfiles: the crash test against the maildir: transport: exactly one
file per key, named by the SHA-256 of the key, with that key's
Message-ID; nothing else in new/, cur/ or tmp/.

Debian's /usr/bin/python3 with python3-icalendar.
"""

import email
import email.policy
import email.utils
import hashlib
import os
import re
import sys
from datetime import datetime, timezone

checks = 0
failures = 0


def check(ok, what, *detail):
    global checks, failures
    checks += 1
    if not ok:
        failures += 1
        print("FAIL: " + what)
        for line in detail:
            print("      " + str(line))
    return ok


def message_id(key, domain):
    return "<%s.treatyd@%s>" % (hashlib.sha256(key.encode()).hexdigest()[:40],
                                domain)


def files(maildir, subs=("new", "cur")):
    out = []
    for sub in subs:
        d = os.path.join(maildir, sub)
        if os.path.isdir(d):
            out += [os.path.join(d, f) for f in sorted(os.listdir(d))]
    return out


def parse(path):
    with open(path, "rb") as fp:
        return email.message_from_binary_file(fp, policy=email.policy.default)


def feed_events(directory):
    import icalendar
    path = os.path.join(directory, "feeds", "all.ics")
    with open(path, "rb") as fp:
        cal = icalendar.Calendar.from_ical(fp.read())
    return [(str(e["SUMMARY"]), e.decoded("DTSTART"), str(e["UID"]))
            for e in cal.walk("VEVENT")]


def mode_mail(maildir, feeds_nl, feeds_en, sender):
    import icalendar
    domain = sender.split("@", 1)[1]
    feeds = {"nl": feed_events(feeds_nl), "en": feed_events(feeds_en)}
    expected = {}
    for line in sys.stdin.read().splitlines():
        if not line.strip():
            continue
        rcpt, key, subject, name, lang, date, contains = line.split("\t")
        expected[message_id(key, domain)] = dict(
            rcpt=rcpt, key=key, subject=subject, name=name, lang=lang,
            date=date, contains=[c for c in contains.split(";") if c])
    paths = files(maildir)
    check(len(paths) == len(expected), "number of messages received",
          "expected: %d" % len(expected), "got:      %d" % len(paths))
    seen = set()
    for path in paths:
        m = parse(path)
        mid = str(m["Message-ID"] or "").strip()
        tag = "message %s (%s)" % (os.path.basename(path), mid)
        if not check(mid in expected, tag + ": Message-ID is one of the "
                     "outbox keys' sha256 IDs",
                     "expected one of: " + " ".join(sorted(expected))):
            continue
        e = expected[mid]
        tag = "message to %s, key %s" % (e["rcpt"], e["key"])
        check(mid not in seen, tag + ": received once")
        seen.add(mid)
        if m["X-RcptTo"] is not None:     # SMTP peers add it
            rcpts = [a.strip() for a in str(m["X-RcptTo"]).split(",")]
            check(rcpts == [e["rcpt"]], tag + ": one envelope recipient",
                  "got: %r" % rcpts)
        check(str(m["Subject"]) == e["subject"], tag + ": Subject",
              "expected: " + e["subject"], "got:      " + str(m["Subject"]))
        frm = m["From"].addresses if m["From"] else ()
        check(len(frm) == 1 and frm[0].addr_spec == sender and
              frm[0].display_name == ("Verdragsrapportages" if e["lang"] ==
                                      "nl" else "Treaty reporting"),
              tag + ": From", "got: %s" % m["From"])
        to = m["To"].addresses if m["To"] else ()
        check(len(to) == 1 and to[0].addr_spec == e["rcpt"] and
              to[0].display_name == (e["name"] if e["name"] != "-" else ""),
              tag + ": To",
              "expected: %s <%s>" % (e["name"], e["rcpt"]),
              "got:      %s" % m["To"])
        try:
            date = m["Date"].datetime.astimezone(timezone.utc)
        except Exception as ex:   # noqa: BLE001 - reported as a failure
            date = "unparsable (%s)" % ex
        want = datetime.fromisoformat(e["date"])
        check(date == want, tag + ": Date", "expected: %s" % want,
              "got:      %s (%s)" % (date, m["Date"]))
        check(mid == message_id(e["key"], domain), tag + ": Message-ID")
        check(str(m["Auto-Submitted"]) == "auto-generated",
              tag + ": Auto-Submitted", "got: %s" % m["Auto-Submitted"])
        check(str(m["MIME-Version"]) == "1.0", tag + ": MIME-Version")
        check(str(m["Content-Language"]) == e["lang"],
              tag + ": Content-Language", "got: %s" % m["Content-Language"])
        # multipart/mixed { multipart/alternative { plain, html }, ics }
        shape = [p.get_content_type() for p in m.walk()]
        check(shape == ["multipart/mixed", "multipart/alternative",
                        "text/plain", "text/html", "text/calendar"],
              tag + ": MIME structure", "got: %s" % shape)
        parts = {p.get_content_type(): p for p in m.walk()}
        plain = parts.get("text/plain")
        html = parts.get("text/html")
        ics = parts.get("text/calendar")
        for p in (plain, html, ics):
            if p is not None:
                check(p.get_content_charset() == "utf-8", tag + ": " +
                      p.get_content_type() + " charset=utf-8")
        if plain is not None:
            text = plain.get_content()
            for want_text in ([e["name"]] if e["name"] != "-" else []) + \
                    e["contains"]:
                check(want_text in text, tag + ": text/plain contains " +
                      repr(want_text), "text: " + text[:600].replace(
                          "\n", " | "))
        if html is not None and e["name"] != "-":
            check(e["name"] in html.get_content(),
                  tag + ": text/html contains the name")
        if ics is None:
            continue
        check(ics.get_param("method") == "PUBLISH",
              tag + ": .ics Content-Type method=PUBLISH",
              "got: %s" % ics["Content-Type"])
        # One deadline: deadline.ics; a mail listing several (a combined
        # mail, a summary, a catch-up): deadlines.ics or termijnen.ics.
        name = ics.get_filename()
        single = name == "deadline.ics"
        check(ics.get_content_disposition() == "attachment" and
              name in ("deadline.ics", "deadlines.ics", "termijnen.ics"),
              tag + ": .ics is an attachment named deadline(s).ics",
              "got: %r" % name)
        try:
            cal = icalendar.Calendar.from_ical(ics.get_content())
        except Exception as ex:   # noqa: BLE001 - reported as a failure
            check(False, tag + ": .ics parses with icalendar", str(ex))
            continue
        check(str(cal.get("METHOD")) == "PUBLISH", tag + ": METHOD:PUBLISH")
        events = cal.walk("VEVENT")
        if single and not check(len(events) == 1, tag + ": one VEVENT"):
            continue
        for ev in events:
            # RFC 5546 3.2.1: a PUBLISH event has an ORGANIZER, the sender.
            org = ev.get("ORGANIZER")
            check(org is not None and str(org).lower() == "mailto:" +
                  sender.lower(), tag + ": .ics ORGANIZER is the sender "
                  "(RFC 5546 PUBLISH)", "expected: mailto:" + sender,
                  "got:      %s" % org)
            cn = org.params.get("CN") if org is not None else None
            check(cn == ("Verdragsrapportages" if e["lang"] == "nl" else
                         "Treaty reporting"), tag + ": .ics ORGANIZER CN is "
                  "the sender's display name", "got: %s" % cn)
            summary, start = str(ev["SUMMARY"]), ev.decoded("DTSTART")
            uid = str(ev["UID"])
            match = [f for f in feeds[e["lang"]] if f[0] == summary and
                     f[1] == start]
            check(len(match) == 1, tag + ": the feed has one event with "
                  "the .ics's SUMMARY and DTSTART", "SUMMARY %r DTSTART %s" %
                  (summary, start), "feed matches: %r" % match)
            if len(match) == 1:
                check(match[0][2] == uid, tag + ": .ics UID = feed UID",
                      "ics:  " + uid, "feed: " + match[0][2])
    for mid, e in expected.items():
        check(mid in seen, "a message to %s for key %s was received" %
              (e["rcpt"], e["key"]))


EW = re.compile(rb"=\?[^?]+\?[QqBb]\?[^?]*\?=")


def mode_raw(maildirs):
    paths = [p for d in maildirs for p in files(d)]
    check(len(paths) > 0, "raw: there are messages to look at")
    for path in paths:
        with open(path, "rb") as fp:
            data = fp.read()
        tag = "raw %s" % os.path.basename(path)[:16]
        check(b"\n" not in data.replace(b"\r\n", b"") and
              b"\r" not in data.replace(b"\r\n", b""),
              tag + ": CRLF line ends only")
        check(all(b < 0x80 for b in data), tag + ": 7-bit octets only")
        head, _, body = data.partition(b"\r\n\r\n")
        for line in head.split(b"\r\n"):
            check(len(line) <= 78, tag + ": header line <= 78 octets",
                  "got %d: %r" % (len(line), line))
            for word in EW.findall(line):
                check(len(word) <= 75, tag + ": encoded word <= 75 octets",
                      "got %d: %r" % (len(word), word))
        long_lines = [ln for ln in body.split(b"\r\n") if len(ln) > 76]
        check(not long_lines, tag + ": body lines <= 76 octets",
              "got: %r" % long_lines[:3])


def read_keys():
    return [k for k in sys.stdin.read().splitlines() if k]


def mode_ids(maildir, domain, inflight=None):
    keys = read_keys()
    by_id = {message_id(k, domain): k for k in keys}
    got = {}
    for path in files(maildir):
        m = parse(path)
        mid = str(m["Message-ID"] or "").strip()
        rcpts = [a.strip() for a in str(m["X-RcptTo"] or "").split(",")]
        if check(mid in by_id, "a received Message-ID belongs to an outbox "
                 "key", "got: %s in %s" % (mid, os.path.basename(path))):
            check(rcpts == [by_id[mid].rsplit("|", 1)[1]],
                  "message %s went to its key's recipient only" % mid,
                  "got: %r" % rcpts)
        got[mid] = got.get(mid, 0) + 1
    missing = [k for k in keys if message_id(k, domain) not in got]
    check(not missing, "every outbox key was delivered (%d keys)" % len(keys),
          *["missing: " + k for k in missing[:10]])
    dups = {mid: n for mid, n in got.items() if n > 1}
    for mid, n in sorted(dups.items()):
        print("note: duplicate delivery: %s x%d (key %s)" %
              (mid, n, by_id.get(mid)))
    if inflight is None:
        check(sum(n - 1 for n in dups.values()) <= 1,
              "at most one duplicate (the message in flight at the crash)",
              "duplicates: %r" % dups)
        return
    batch = {message_id(k, domain)
             for k in open(inflight).read().splitlines() if k}
    check(all(mid in batch and n == 2 for mid, n in dups.items()),
          "duplicates only of the batch in flight at the crash (%d keys), "
          "each twice" % len(batch),
          "outside it or more: %r" % {mid: n for mid, n in dups.items()
                                     if mid not in batch or n != 2})


def mode_keyfiles(maildir, domain):
    keys = read_keys()
    want = {hashlib.sha256(k.encode()).hexdigest(): k for k in keys}
    new = os.listdir(os.path.join(maildir, "new"))
    cur = os.listdir(os.path.join(maildir, "cur"))
    tmp = os.listdir(os.path.join(maildir, "tmp"))
    check(sorted(new) == sorted(want), "maildir: new/ holds exactly one "
          "file per key (%d keys, %d files)" % (len(want), len(new)),
          "missing: %r" % sorted(set(want) - set(new))[:5],
          "extra:   %r" % sorted(set(new) - set(want))[:5])
    check(not cur and not tmp, "maildir: nothing in cur/ or tmp/",
          "cur: %r tmp: %r" % (cur[:5], tmp[:5]))
    for name in new:
        if name not in want:
            continue
        m = parse(os.path.join(maildir, "new", name))
        check(str(m["Message-ID"]).strip() == message_id(want[name], domain),
              "maildir: file %s... has its key's Message-ID" % name[:16])


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "mail":
        mode_mail(*args)
    elif mode == "raw":
        mode_raw(args)
    elif mode == "ids":
        mode_ids(*args)
    elif mode == "keyfiles":
        mode_keyfiles(*args)
    else:
        sys.exit("mailcheck.py: unknown mode " + mode)
    print("checks %d" % checks)


if __name__ == "__main__":
    main()
