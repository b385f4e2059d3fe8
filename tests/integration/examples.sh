#!/bin/sh
# tests/integration/examples.sh: the commands of the EXAMPLES sections of
# treatyctl(1), treatyd(8), treatyd.conf(5) and treatyd-rules(5), run on
# scratch databases as the pages set them up, each page on the date its
# examples were run (faketime): every exit status as the page shows, and
# the words of every output shown, in order (tests/integration/examples.py).
. "$top_srcdir/tests/integration/lib.sh"

command -v faketime >/dev/null 2>&1 ||
	missing_peer faketime "apt-get install faketime"
# faketime preloads itself; ASan wants to be first, but need not be.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

# The commands as the pages write them: treatyctl and treatyd on PATH,
# treatyctl given -c treatyd.conf unless the command names a file.
mkdir "$T/bin"
cat >"$T/bin/treatyctl" <<EOT
#!/bin/sh
case "\$1" in -c) exec "$TREATYCTL" "\$@" ;; esac
exec "$TREATYCTL" -c treatyd.conf "\$@"
EOT
cat >"$T/bin/treatyd" <<EOT
#!/bin/sh
exec "$TREATYD" "\$@"
EOT
chmod +x "$T/bin/treatyctl" "$T/bin/treatyd"
PATH=$T/bin:$PATH
export PATH

# setup DIR: the directory the pages describe: treatyd.conf, the holiday
# and departments files, the templates, the instruments of the examples.
setup() {
	mkdir -p "$1/instruments.d"
	cp "$top_srcdir/conf/holidays/nl.ini" "$1/nl.ini"
	cp "$top_srcdir/conf/departments.ini" "$1/departments.ini"
	cp -r "$top_srcdir/conf/templates" "$1/templates"
	for code in cerd cescr cedaw; do
		cp "$top_srcdir/conf/instruments.d/$code.ini" "$1/instruments.d/"
	done
	cat >"$1/treatyd.conf" <<EOT
[general]
database = treatyd.db
instruments = instruments.d
holidays = nl.ini
departments = departments.ini
language = en

[http]
base_url = https://treatyd.example.org

[mail]
transport = maildir:outbox
from = treatyd@example.org

[reminders]
templates = templates
EOT
	sed 's/^language = en$/language = fr/' "$1/treatyd.conf" \
		>"$1/treatyd.conf.new"
}

# setup_nl DIR: "the shipped Netherlands instruments and seed facts", for
# the planning examples of treatyctl(1).
setup_nl() {
	mkdir -p "$1"
	cat >"$1/treatyd.conf" <<EOT
[general]
database = treatyd.db
instruments = $top_srcdir/conf/instruments.d
holidays = $top_srcdir/conf/holidays/nl.ini
departments = $top_srcdir/conf/departments.ini
language = en

[http]
base_url = https://treatyd.example.org

[mail]
transport = maildir:outbox
from = treatyd@example.org

[reminders]
templates = $top_srcdir/conf/templates
EOT
	(cd "$1" && "$TREATYCTL" -c treatyd.conf init >/dev/null &&
	    "$TREATYCTL" -c treatyd.conf fact import \
		"$top_srcdir/conf/seed/nl-facts.ini" >/dev/null) ||
		fail "setting up the Netherlands data in $1"
}

run_page() {	# PAGE DATE [SETUP-FROM-PAGE | DIR-OF-PAGE]
	dir=$T/${1%.*}
	case ${3:-} in
	dir:*)	# the directory another page left
		cp -r "$T/${3#dir:}" "$dir" ;;
	*)	setup "$dir" ;;
	esac
	setup_nl "$dir-nl"
	if [ -n "${3:-}" ] && [ "${3#dir:}" = "$3" ]; then	# its files
		"$PYTHON" "$top_srcdir/tests/integration/examples.py" --files \
			"$top_srcdir/doc/$3" "$dir"
	fi
	checks=$((checks + 1))
	if ! "$PYTHON" "$top_srcdir/tests/integration/examples.py" \
		"$top_srcdir/doc/$1" "$dir" "$2"; then
		fail "$1: the EXAMPLES do not do what the page says"
	fi
}

# The directory of treatyctl(1) holds the instrument files of
# treatyd-rules(5) (instruments.d/cmw.ini); treatyd(8) goes on in it.
run_page treatyd-rules.5 2027-03-01
run_page treatyctl.1 2026-11-28 treatyd-rules.5
run_page treatyd.8 2026-11-28 dir:treatyctl
run_page treatyd.conf.5 2026-11-28
finish
