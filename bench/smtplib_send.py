#!/usr/bin/env python3
"""The reference for treatyd's mail: python's smtplib sending the same
messages (the files of a maildir treatyd delivered them to) on one
connection. Prints the milliseconds from connecting to QUIT.

usage: smtplib_send.py MAILDIR_NEW PORT
"""
import email.parser
import email.utils
import os
import smtplib
import sys
import time


def main():
    d, port = sys.argv[1], int(sys.argv[2])
    msgs = []
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            data = f.read()
        head = email.parser.BytesHeaderParser().parsebytes(data)
        msgs.append((email.utils.parseaddr(head["To"])[1], data))
    t = time.monotonic()
    s = smtplib.SMTP("127.0.0.1", port)
    for rcpt, data in msgs:
        s.sendmail("treatyd@example.org", [rcpt], data)
    s.quit()
    print("%d" % ((time.monotonic() - t) * 1000))


if __name__ == "__main__":
    main()
