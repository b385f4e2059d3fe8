#!/usr/bin/python3
"""A slow SMTP sink for the crash test of tests/integration/reminders.sh.

    /usr/bin/python3 slow_smtpd.py MAILDIR [DELAY [before|after]]

Listens on 127.0.0.1 on a port the kernel picks and prints one line,
"listening PORT", when it accepts connections. Each message goes into
MAILDIR/new as the octets the client sent, after one added header line
"X-RcptTo: ..." with the envelope recipients, and is then answered 250.
The server waits DELAY seconds (default 0.05) per message: "before"
(the default) storing it, so a client that disconnects meanwhile leaves
nothing stored; or "after" storing it and before the 250, which widens
the window in which a client that dies has a message delivered that it
was never told about (and will send again).

aiosmtpd (python3-aiosmtpd) only; run with Debian's /usr/bin/python3.
SIGTERM or SIGINT ends it.
"""

import asyncio
import os
import signal
import sys
import time

from aiosmtpd.smtp import SMTP


class SlowMaildir:
    def __init__(self, maildir, delay, after):
        self.maildir = maildir
        self.delay = delay
        self.after = after
        self.count = 0
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(maildir, sub), exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        if not self.after:
            await asyncio.sleep(self.delay)
        self.count += 1
        name = "%d.P%dQ%d.slow" % (time.time_ns(), os.getpid(), self.count)
        tmp = os.path.join(self.maildir, "tmp", name)
        data = envelope.original_content
        if data is None:
            data = envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        head = ("X-RcptTo: %s\r\n" % ", ".join(envelope.rcpt_tos)).encode()
        with open(tmp, "wb") as fp:
            fp.write(head + data)
            fp.flush()
            os.fsync(fp.fileno())
        os.rename(tmp, os.path.join(self.maildir, "new", name))
        if self.after:
            await asyncio.sleep(self.delay)
        return "250 OK stored"


def main():
    if len(sys.argv) not in (2, 3, 4) or (len(sys.argv) == 4 and
                                           sys.argv[3] not in ("before",
                                                               "after")):
        sys.stderr.write("usage: slow_smtpd.py MAILDIR [DELAY "
                         "[before|after]]\n")
        return 2
    delay = float(sys.argv[2]) if len(sys.argv) >= 3 else 0.05
    after = len(sys.argv) == 4 and sys.argv[3] == "after"
    handler = SlowMaildir(sys.argv[1], delay, after)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, hostname="slow.test", loop=loop),
        host="127.0.0.1", port=0))
    port = server.sockets[0].getsockname()[1]
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    sys.stdout.write("listening %d\n" % port)
    sys.stdout.flush()
    try:
        loop.run_forever()
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
