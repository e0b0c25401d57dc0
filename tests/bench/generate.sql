-- Rows for the benchmark, added to an empty OpenSER 1.1 SQLite database
-- (tests/fixtures/sqlite-1.1-core.sql + serweb).  ROWS is replaced by
-- tests/bench.sh.  Values look like real ones: URIs with and without user
-- parts, status lines, long tags.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ROWS)
INSERT INTO acc (sip_from, sip_to, sip_status, sip_method, i_uri, o_uri, from_uri, to_uri, sip_callid,
  username, domain, fromtag, totag, time, timestamp)
SELECT '"User ' || i || '" <sip:u' || i || '@example.com>', '<sip:d' || i || '@example.net>',
  CASE i % 4 WHEN 0 THEN '200' WHEN 1 THEN '486 Busy Here' WHEN 2 THEN 'voicemail' ELSE '603 Decline' END,
  'INVITE', CASE i % 3 WHEN 0 THEN '' ELSE 'sip:d' || i || '@example.net;transport=udp' END,
  'sip:d' || i || '@10.0.0.' || (i % 250), 'sip:u' || i || ':pw@example.com:5060', 'sip:d' || i || '@example.net',
  'call-' || i || '@example.com', 'u' || i, 'example.com', 'ftag-' || hex(randomblob(20)), 'ttag-' || i,
  '2007-03-01 12:00:00', '2007-03-01 12:00:00'
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ROWS / 4)
INSERT INTO missed_calls (sip_status, sip_method, i_uri, from_uri, to_uri, sip_callid, username, domain,
  fromtag, totag, time, timestamp)
SELECT '486 Busy Here', 'INVITE', 'sip:d' || i || '@example.net', 'sip:u' || i || '@example.com',
  'sip:d' || i || '@example.net', 'mc-' || i, 'u' || i, 'example.com', 'f' || i, 't' || i,
  '2007-03-02 09:00:00', '2007-03-02 09:00:00'
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ROWS / 4)
INSERT INTO subscriber (phplib_id, username, domain, password, first_name, email_address, ha1, ha1b)
SELECT hex(randomblob(16)), 'u' || i, 'example.com', 'pw' || i, 'User', 'u' || i || '@example.com',
  hex(randomblob(16)), hex(randomblob(16))
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ROWS / 4)
INSERT INTO location (username, domain, contact, expires, q, callid, cseq, last_modified, flags, user_agent)
SELECT 'u' || i, 'example.com', 'sip:u' || i || '@192.0.2.' || (i % 250) || ':5060', '2007-03-05 10:00:00', 1.0,
  'reg-' || i, i % 1000, '2007-03-05 09:00:00', 0, 'Phone/1.0'
FROM n;
