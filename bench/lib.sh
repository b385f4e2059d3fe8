# Shell functions of bench/run.sh and bench/http.sh, which source this
# file after setting top (the source tree) and build (the build tree).

# free_port: a TCP port free on 127.0.0.1 now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# listening PORT: whether something listens on PORT, on 127.0.0.1 or on
# every address.
listening() {
	_hex=$(printf '%04X' "$1")
	grep -Eq "^ *[0-9]+: (0100007F|00000000):$_hex 00000000:0000 0A " \
	    /proc/net/tcp
}

# nl_data DIR PORT: DIR/treatyd.conf for the shipped instruments,
# holidays and departments, listening on 127.0.0.1:PORT, mail into a
# maildir; its database in DIR/db, made and given the shipped facts.
nl_data() {
	mkdir -p "$1/db"
	cat >"$1/treatyd.conf" <<CONF
[general]
state = $1/db
database = $1/db/treatyd.db
instruments = $top/conf/instruments.d
holidays = $top/conf/holidays/nl.ini
departments = $top/conf/departments.ini
[http]
listen = 127.0.0.1:$2
public = yes
[mail]
transport = maildir:$1/db/outbox
from = treatyd@example.org
[reminders]
templates = $top/conf/templates
CONF
	"$build/treatyctl" -c "$1/treatyd.conf" init >/dev/null
	"$build/treatyctl" -c "$1/treatyd.conf" fact import \
	    "$top/conf/seed/nl-facts.ini" >/dev/null
}
