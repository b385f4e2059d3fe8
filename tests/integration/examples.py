#!/usr/bin/env python3
"""Run the commands of a man page's EXAMPLES section and compare.

usage: examples.py PAGE DIR DATE
       examples.py --files PAGE DIR   (only write the page's files, the
                                       first version of each)

Every "$ command" line of the section's literal blocks (continued by a
trailing backslash) runs with sh in DIR, in order, under faketime DATE;
a block whose paragraph names a file (.Pa NAME) and holds no command is
written to DIR/NAME first. Checked:
  - the exit status: 0, or what a following "$ echo $?" shows, or not 0
    when the output shown is a treatyctl or treatyd error;
  - the output shown: its words appear, in order, in the real output (the
    pages wrap long lines, narrow the padding of columns and leave some
    columns out, so a word-by-word match in order is what they promise).
    A difference fails; with EXAMPLES_STRICT=0 it is only printed.
Commands that need a running daemon or root (treatyd without -n, curl,
systemctl) are not run. Prints one line per failure; exits 1 on any.
"""
import os
import re
import subprocess
import sys

SKIP = re.compile(r"^(treatyd (?!.*-n)|curl |tok=|systemctl |journalctl |sudo )")
# Output that is new on every run (a feed token) or that a page shows only
# in part; only its exit status is checked.
UNCOMPARED = re.compile(r"coordinator token|--format ics|^grep ")


def unroff(line):
    line = line.replace("\\e", "\\").replace("\\(,c", "\u00e7")
    line = line.replace("\\&", "").replace("\\-", "-")
    line = re.sub(r"\\f[BIRP]", "", line)
    return line


def section(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out, on = [], False
    for ln in lines:
        if ln.startswith(".Sh "):
            on = ln.strip() == ".Sh EXAMPLES"
            continue
        if on:
            out.append(ln)
    return out


def events(lines):
    """Yield ("file", name, text), ("fragment", title, text), and
    ("cmds", [(cmd, [output lines])], paragraph)."""
    para, i, title = [], 0, ""
    while i < len(lines):
        ln = lines[i]
        if ln.startswith(".Ss "):
            title = ln[4:]
        if ln.startswith(".Bd -literal"):
            block = []
            i += 1
            while i < len(lines) and not lines[i].startswith(".Ed"):
                block.append(unroff(lines[i]))
                i += 1
            if any(b.startswith("$ ") for b in block):
                cmds = []
                for b in block:
                    if b.startswith("$ "):
                        cmds.append([b[2:], []])
                    elif cmds and cmds[-1][0].endswith("\\") and not cmds[-1][1]:
                        cmds[-1][0] = cmds[-1][0][:-1] + " " + b.strip()
                    elif cmds:
                        cmds[-1][1].append(b)
                yield ("cmds", cmds, " ".join(para))
            else:
                names = [m for p in para for m in
                         re.findall(r"^\.Pa (\S+)", p)]
                if names and re.search(r"\.(ini|conf|new)$", names[-1]):
                    yield ("file", names[-1], "\n".join(block) + "\n")
                elif block and block[0].startswith("[rule "):
                    yield ("fragment", title, "\n".join(block) + "\n")
            para = []
        elif ln.startswith(".Pp"):
            para = []
        else:
            para.append(ln)
        i += 1


def words_in_order(expected, actual):
    """None when the words of expected appear in actual in order, else the
    first that does not. A word the page wrapped without a space ("...,"
    at the end of a line, the rest on the next) is tried joined with the
    words after it."""
    want = " ".join(expected).split()
    have = actual.split()
    i = j = 0
    while i < len(want):
        for n in range(1, 5):
            w = "".join(want[i:i + n])
            try:
                k = have.index(w, j)
            except ValueError:
                continue
            j, i = k + 1, i + n
            break
        else:
            return want[i]
    return None


def write_fragments(evs, wd):
    """The rules a page shows for an instrument (a .Ss titled "...: CERD",
    or the instrument of the commands that follow) replace the rules of
    its file in DIR/instruments.d, whose [instrument] section stays."""
    for k, ev in enumerate(evs):
        if ev[0] != "fragment":
            continue
        code = None
        m = re.search(r"\b([A-Z]{3,})\b", ev[1])
        if m:
            code = m.group(1)
        else:
            for later in evs[k + 1:]:
                if later[0] == "cmds":
                    m = re.search(r"fact add ([A-Z]+) ", later[1][0][0])
                    code = m.group(1) if m else None
                    break
        if code is None:
            continue
        path = os.path.join(wd, "instruments.d", code.lower() + ".ini")
        if not os.path.exists(path):
            continue
        head = []
        for ln in open(path, encoding="utf-8"):
            if ln.startswith("[rule ") or ln.startswith("[milestone "):
                break
            head.append(ln)
        open(path, "w", encoding="utf-8").write("".join(head) + "\n" + ev[2])


def write_files(page, wd):
    written = set()
    evs = list(events(section(page)))
    for ev in evs:
        if ev[0] == "file" and ev[1] not in written:
            path = os.path.join(wd, ev[1])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w", encoding="utf-8").write(ev[2])
            written.add(ev[1])
    write_fragments(evs, wd)
    return 0


def main():
    if sys.argv[1] == "--files":
        return write_files(sys.argv[2], sys.argv[3])
    page, wd, date = sys.argv[1], sys.argv[2], sys.argv[3]
    name = os.path.basename(page)
    strict = os.environ.get("EXAMPLES_STRICT", "1") not in ("", "0")
    notes = 0
    failures = ran = 0
    env = dict(os.environ)
    evs = list(events(section(page)))
    write_fragments(evs, wd)
    for ev in evs:
        if ev[0] == "fragment":
            continue
        if ev[0] == "file":
            _, fname, text = ev
            path = os.path.join(wd, fname)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w", encoding="utf-8").write(text)
            continue
        cmds, para = ev[1], ev[2]
        # "On the shipped Netherlands instruments and seed facts": DIR-nl.
        cwd = wd + "-nl" if "shipped Netherlands" in para else wd
        for k, (cmd, shown) in enumerate(cmds):
            if SKIP.match(cmd) or cmd == "echo $?":
                continue
            want_rc = 0
            if k + 1 < len(cmds) and cmds[k + 1][0] == "echo $?":
                want_rc = int(cmds[k + 1][1][0])
            elif shown and re.match(r"^(treatyctl: |error: )", shown[0]):
                want_rc = None		# an error: not 0
            p = subprocess.run(["faketime", date + " 12:00:00",
                                "sh", "-c", cmd], cwd=cwd, env=env,
                               capture_output=True, text=True)
            ran += 1
            out = p.stdout + p.stderr
            if os.environ.get("EXAMPLES_SHOW"):	# to update a page
                print("$ %s\n%s" % (cmd, out), end="")
            bad = note = None
            if want_rc is None and p.returncode == 0:
                bad = "exit status 0, the page shows an error"
            elif want_rc is not None and p.returncode != want_rc:
                bad = "exit status %d, the page shows %d" % (
                    p.returncode, want_rc)
            elif shown and not UNCOMPARED.search(cmd):
                missing = words_in_order(shown, out)
                if missing is not None:
                    note = "output lacks '%s' (in the page's order)" % missing
                    if strict:
                        bad = note
                    else:
                        notes += 1
            if bad or note:
                failures += 1 if bad else 0
                print("%s: $ %s: %s" % (name, cmd, bad or "note: " + note))
                print("  page:   " + "\n          ".join(shown[:12]))
                print("  output: " + "\n          ".join(
                    out.rstrip("\n").split("\n")[:12]))
    print("%s: %d commands run, %d failed, %d outputs differ%s" % (
        name, ran, failures, notes,
        "" if strict or not notes else " (EXAMPLES_STRICT=0)"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
