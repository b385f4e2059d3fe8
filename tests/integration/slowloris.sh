#!/bin/sh
# slowloris.sh: no slot is held forever. 80 connections from 8 loopback
# addresses (16 from 127.0.0.1, the rest from 127.0.0.2-8) send a request
# line and then one header byte every 2 s, which MHD's inactivity timeout
# alone would let them do for ever. Each is cut 10 s after its accept:
# 13 s in, the server has closed every one it took, and a fresh client is
# served.
. "$top_srcdir/tests/integration/lib.sh"

CONF=$T/treatyd.conf
DB=$T/treatyd.db
report_instruments "$T/instruments.d" TST || exit 1
write_conf "$CONF" "$DB" "$T/instruments.d" nl
# The limits this test was written for (the defaults are 1024 and 64).
sed -i 's/^\[http\]$/[http]\nmax_connections = 64\nmax_per_client = 16/' \
    "$CONF"
ctl init || finish
start_daemon "$CONF" "$T/treatyd.log" || finish

"$PYTHON" - "$PORT" "$T/slow.out" <<'PY' &
import socket, sys, time
port, out = int(sys.argv[1]), sys.argv[2]
socks = []
for i in range(80):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1" if i < 16 else "127.0.0.%d" % (2 + i % 7), 0))
        s.connect(("127.0.0.1", port))
        s.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    except OSError:
        s.close()
start = time.time()
closed = set()
while time.time() - start < 13:
    time.sleep(2)
    for n, s in enumerate(socks):
        if n in closed:
            continue
        try:
            s.send(b"X")
            s.setblocking(False)
            if s.recv(1) == b"":
                closed.add(n)
        except BlockingIOError:
            pass
        except OSError:
            closed.add(n)
        finally:
            s.setblocking(True)
open(out, "w").write("%d %d\n" % (len(socks), len(closed)))
PY
SLOW_PID=$!
DAEMON_PIDS="$DAEMON_PIDS $SLOW_PID"
wait_until 200 test -s "$T/slow.out"
read -r opened closed <"$T/slow.out"
echo "slow connections: $opened opened, $closed closed by the server within 13 s"
# MHD holds at most 64 at once (max_connections); the rest wait in the
# kernel's queue and are cut in their turn.
assert_le "every connection MHD took (max_connections 64) cut within 13 s" \
    "$closed" 64
http "$(url /healthz)"
assert_eq "a fresh client is served" 200 "$code"
finish
