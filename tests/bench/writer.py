#!/usr/bin/env python3
# The load of OpenSER 1.1 for tests/bench-online.sh: registrations
# (location INSERT, UPDATE, DELETE) and call records (acc and missed_calls
# INSERT), each committed on its own, for SECONDS seconds (or until the
# file STOP exists).  Prints: operations, seconds, operations per second,
# the longest single write in ms.  A fifth argument "nosync" turns
# SQLite's synchronous writes off (the cost of the triggers without the
# disk's flush, which varies more than they cost).
import os
import sqlite3
import sys
import time

db, seconds, stop = sys.argv[1], float(sys.argv[2]), sys.argv[3]
tag = sys.argv[4] if len(sys.argv) > 4 else str(os.getpid())
c = sqlite3.connect(db, timeout=120, isolation_level=None)
if len(sys.argv) > 5 and sys.argv[5] == "nosync":
    c.execute("PRAGMA synchronous = OFF")
ops, longest, t0 = 0, 0.0, time.monotonic()
while time.monotonic() - t0 < seconds and not os.path.exists(stop):
    i, k = ops, ops % 5
    u = "bw%s_%d" % (tag, i - k)
    t = time.monotonic()
    if k == 0:
        c.execute("INSERT INTO location (username, domain, contact, expires, q, callid, cseq, user_agent) "
                  "VALUES (?, 'example.com', ?, '2030-01-01 00:00:00', 0.5, ?, 1, 'bench')",
                  (u, "sip:%s@10.1.0.%d" % (u, i % 250), "c" + u))
    elif k == 1:
        c.execute("UPDATE location SET cseq = cseq + 1, expires = '2030-01-02 00:00:00' WHERE username = ?", (u,))
    elif k == 2:
        c.execute("INSERT INTO acc (sip_from, sip_to, sip_status, sip_method, i_uri, from_uri, to_uri, sip_callid, "
                  "username, domain, fromtag, totag, time) VALUES (?, '<sip:d@example.net>', '486 Busy Here', "
                  "'INVITE', 'sip:d@example.net', ?, 'sip:d@example.net', ?, ?, 'example.com', 'f', 't', "
                  "'2007-06-01 00:00:00')", ("<sip:%s@example.com>" % u, "sip:%s@example.com" % u, "a" + u, u))
    elif k == 3:
        c.execute("INSERT INTO missed_calls (sip_from, sip_to, sip_status, sip_method, i_uri, from_uri, to_uri, "
                  "sip_callid, username, domain, fromtag, totag, time) VALUES (?, '<sip:d@example.net>', "
                  "'408 Request Timeout', 'INVITE', '', ?, 'sip:d@example.net', ?, ?, 'example.com', 'f', 't', "
                  "'2007-06-01 00:00:00')", ("<sip:%s@example.com>" % u, "sip:%s@example.com" % u, "m" + u, u))
    elif i % 10 == 4:
        c.execute("DELETE FROM location WHERE username = ?", (u,))
    longest = max(longest, time.monotonic() - t)
    ops += 1
el = time.monotonic() - t0
print("%d %.2f %.0f %.1f" % (ops, el, ops / el if el else 0, longest * 1000))
