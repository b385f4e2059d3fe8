#!/bin/sh
# tables.sh: treatyctl's tables on a terminal 80 columns wide (a pty made
# by Python's pty module, its window size set) fit within 80 columns and
# show a cut with an ellipsis; --wide and a pipe print every cell whole.
# On the shipped data, with coordinators of long names and a filled
# outbox.
. "$top_srcdir/tests/integration/lib.sh"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
write_conf "$CONF" "$DB" "$top_srcdir/conf/instruments.d" nl
ctl init || finish
ctl fact import "$top_srcdir/conf/seed/nl-facts.ini" || finish
ctl coordinator add --no-welcome "Anna-Maria van den Berg-Oosterhuis" \
    anna-maria.vandenberg-oosterhuis@minbzk.example.nl BZK \
    --lead CEDAW,CRC,CRPD,UPR --contributor CCPR,CESCR,CAT || finish
ctl coordinator add --no-welcome "Bob Jansen" bob@example.nl OCW \
    --lead CERD || finish
ctl dispatch || finish

# tty COLUMNS ARGS...: treatyctl ARGS on a pty COLUMNS wide; what it
# printed in $T/tty.out.
tty() {
	_cols=$1
	shift
	"$PYTHON" - "$_cols" "$TREATYCTL" -c "$CONF" "$@" >"$T/tty.out" <<'PY'
import fcntl, os, pty, struct, subprocess, sys, termios
cols = int(sys.argv[1])
argv = sys.argv[2:]
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, cols, 0, 0))
p = subprocess.Popen(argv, stdout=slave, stderr=subprocess.STDOUT)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
p.wait()
sys.stdout.write(out.decode("utf-8").replace("\r\n", "\n"))
PY
}

# widest FILE: the longest line of FILE, in characters.
widest() {
	"$PYTHON" -c 'import sys
print(max((len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")),
          default=0))' "$1"
}

for cmd in "deadlines" "outbox" "coordinator list" "instruments"; do
	# shellcheck disable=SC2086 # the command's words
	tty 80 $cmd
	assert_ne "$cmd on a terminal: a table" 0 "$(wc -l <"$T/tty.out")"
	assert_le "$cmd on a terminal of 80 columns fits" 80 "$(widest "$T/tty.out")"
	assert_grep "$cmd on a terminal: cut cells end in an ellipsis" "…" \
	    "$T/tty.out"
	# shellcheck disable=SC2086
	tty 80 $cmd --wide
	checks=$((checks + 1))
	[ "$(widest "$T/tty.out")" -gt 80 ] ||
		fail "$cmd --wide on a terminal: whole cells, wider than 80"
	assert_not_grep "$cmd --wide: nothing cut" "…" "$T/tty.out"
	# shellcheck disable=SC2086
	ctl $cmd
	assert_not_grep "$cmd into a file: nothing cut" "…" "$T/ctl.out"
done
tty 80 coordinator list
assert_grep "coordinator list: the heading" "^NAME  *E-MAIL  *DEPT  *LANG  *INSTRUMENTS" \
    "$T/tty.out"
tty 80 outbox
assert_grep "outbox: the heading" "^SEND AT  *STATE  *TRY  *DEADLINE" \
    "$T/tty.out"
ctl coordinator list
assert_grep "coordinator list into a file: whole" \
    "anna-maria.vandenberg-oosterhuis@minbzk.example.nl  BZK" "$T/ctl.out"
finish
