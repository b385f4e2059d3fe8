#!/usr/bin/env python3
"""Generate a synthetic treatyd installation: N instruments, each a copy
of conf/instruments.d/cedaw.ini under a new code, with 11 facts over
twenty years (1991-2026), and a treatyd.conf pointing at them.

usage: gen.py TOP_SRCDIR N DIR [PORT [COORDINATORS]]

With COORDINATORS = yes, every instrument's facts fall on the same days
(so one dispatch finds every reminder due) and coordinators.sql adds a
Dutch lead and an English contributor to each instrument.
"""
import os
import re
import sys

FACTS = [
    # kind, date, extra keys
    ("entry_into_force", "1991-08-%02d", {}),
    ("records_from", "2020-01-%02d", {}),
    ("report_submitted", "2020-10-%02d", {"cycle": "8"}),
    ("dialogue", "2022-02-%02d", {"cycle": "8"}),
    ("co_adopted", "2022-03-%02d", {"cycle": "8"}),
    ("followup_submitted", "2024-02-%02d", {}),
    ("consultation_held", "2024-04-%02d", {}),
    ("report_submitted", "2024-09-%02d", {"cycle": "9"}),
    ("dialogue", "2026-02-%02d", {"cycle": "9"}),
    ("co_adopted", "2026-03-%02d", {"cycle": "9"}),
    ("date_pending", "2026-03-%02d", {"rule": "report", "cycle": "10"}),
]


def main():
    top, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    port = sys.argv[4] if len(sys.argv) > 4 else "18080"
    coords = len(sys.argv) > 5 and sys.argv[5] == "yes"
    src = open(os.path.join(top, "conf/instruments.d/cedaw.ini")).read()
    inst = os.path.join(out, "instruments.d")
    os.makedirs(inst, exist_ok=True)
    for f in os.listdir(inst):
        os.unlink(os.path.join(inst, f))
    with open(os.path.join(out, "facts.ini"), "w") as facts:
        for i in range(n):
            code = "SYN%05d" % i
            text = re.sub(r"(?m)^code = CEDAW$", "code = " + code, src)
            with open(os.path.join(inst, code.lower() + ".ini"), "w") as f:
                f.write(text)
            day = 1 if coords else 1 + i % 27
            for k, (kind, date, extra) in enumerate(FACTS):
                facts.write("[%s-%d]\ninstrument = %s\nkind = %s\n"
                            "date = %s\nurl = https://example.org/%s/%d\n"
                            % (code, k, code, kind, date % day, code, k))
                for key, val in extra.items():
                    facts.write("%s = %s\n" % (key, val))
                facts.write("\n")
    if coords:
        with open(os.path.join(out, "coordinators.sql"), "w") as f:
            f.write("BEGIN;\n")
            for i in range(n):
                code = "SYN%05d" % i
                for k, (lang, role) in enumerate((("nl", "lead"),
                                                  ("en", "contributor"))):
                    cid = 2 * i + k + 1
                    f.write("INSERT INTO coordinators (id, name, email, "
                            "department, language) VALUES (%d, 'Coordinator "
                            "%d', 'c%d@example.org', 'OCW', '%s');\n"
                            % (cid, cid, cid, lang))
                    f.write("INSERT INTO assignments (coordinator, "
                            "instrument, role) VALUES (%d, '%s', '%s');\n"
                            % (cid, code, role))
            f.write("COMMIT;\n")
    with open(os.path.join(out, "treatyd.conf"), "w") as c:
        c.write("""[general]
state = {out}
database = {out}/treatyd.db
instruments = {out}/instruments.d
holidays = {top}/conf/holidays/nl.ini
departments = {top}/conf/departments.ini
horizon = P3Y
[http]
listen = 127.0.0.1:{port}
base_url = http://127.0.0.1:{port}
public = yes
[mail]
transport = maildir:{out}/maildir
from = treatyd@example.org
[reminders]
templates = {top}/conf/templates
lead_times = P30D
send_at = 09:00
catch_up = P2D
catch_up_mail = no
max_per_day = 100
""".format(out=out, top=top, port=port))


if __name__ == "__main__":
    main()
