#!/usr/bin/env python3
"""Generate a synthetic treatyd installation: N instruments, each a copy
of conf/instruments.d/cedaw.ini under a new code, with 11 facts over
twenty years (1991-2026), and a treatyd.conf pointing at them.

usage: gen.py TOP_SRCDIR N DIR [PORT]
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
            day = 1 + i % 27
            for k, (kind, date, extra) in enumerate(FACTS):
                facts.write("[%s-%d]\ninstrument = %s\nkind = %s\n"
                            "date = %s\nurl = https://example.org/%s/%d\n"
                            % (code, k, code, kind, date % day, code, k))
                for key, val in extra.items():
                    facts.write("%s = %s\n" % (key, val))
                facts.write("\n")
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
""".format(out=out, top=top, port=port))


if __name__ == "__main__":
    main()
