-- Rows for the benchmark, added server-side to an empty OpenSER 1.1
-- database (the fixtures' core and serweb tables), on every engine.
-- tests/bench.sh replaces ROWS (acc), HALF (missed_calls), TENTH
-- (subscriber, location, grp, usr_preferences, sip_trace) and HUNDREDTH
-- (aliases, dbaliases, speed_dial, uri, silo, pending), and DT[expr] by
-- the engine's way to make a datetime of a string; it has filled the
-- table bench_n(i) with 1..ROWS first and drops it after.  The SQL is the
-- common subset of SQLite, PostgreSQL and MariaDB (with sql_mode
-- PIPES_AS_CONCAT,ANSI_QUOTES).  Values look like real ones and include
-- the awkward ones: name-addr URIs with display names and parameters,
-- passwords and ports in URIs, tel: and user=phone URIs, IPv6 hosts,
-- empty URIs, request URIs empty (the To URI is used), status comments
-- written by acc_db_request, reasons and tags longer than their 1.2
-- columns, NULLs, quotes.

INSERT INTO "acc" ("sip_from", "sip_to", "sip_status", "sip_method", "i_uri", "o_uri", "from_uri", "to_uri",
  "sip_callid", "username", "domain", "fromtag", "totag", "time", "timestamp", "src_leg", "dst_leg")
SELECT '"User ' || i || '" <sip:u' || i || '@example.com>;tag=f' || i,
  '<sip:d' || i || '@example.net>',
  CASE i % 5 WHEN 0 THEN '200' WHEN 1 THEN '486 Busy Here' WHEN 2 THEN 'voicemail: caller left a message'
    WHEN 3 THEN '603 Decline' ELSE '183 Session Progress, early media from the remote gateway' END,
  CASE i % 9 WHEN 0 THEN 'BYE' ELSE 'INVITE' END,
  CASE WHEN i % 3 = 0 THEN '' ELSE 'sip:d' || i || '@example.net;transport=udp' END,
  'sip:d' || i || '@10.0.0.' || (i % 250),
  CASE WHEN i % 7 = 0 THEN '"O''Brien, Pat" <sip:u' || i || '@example.com;transport=tcp>;tag=' || i
    WHEN i % 11 = 0 THEN 'sip:u' || i || ':secret@example.com:5060'
    WHEN i % 13 = 0 THEN 'tel:+4930' || i
    WHEN i % 17 = 0 THEN 'sip:+4930' || i || '@gw.example.com;user=phone'
    WHEN i % 19 = 0 THEN ''
    WHEN i % 23 = 0 THEN 'sip:[2001:db8::' || (i % 100) || ']:5060'
    ELSE 'sip:u' || i || '@example.com' END,
  CASE WHEN i % 6 = 0 THEN '<sips:d' || i || '@Example.NET>' ELSE 'sip:d' || i || '@example.net' END,
  'call-' || i || '@example.com', 'u' || i, 'example.com',
  CASE WHEN i % 50 = 0 THEN 'ftag-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-' || i
    ELSE 'ftag-' || i END,
  'ttag-' || i,
  DT['2007-03-' || (10 + i % 20) || ' ' || (10 + i % 13) || ':' || (10 + i % 50) || ':00'],
  '2007-03-01 12:00:00',
  CASE WHEN i % 2 = 0 THEN NULL ELSE 'leg-' || i END, NULL
FROM "bench_n" WHERE i <= ROWS;

INSERT INTO "missed_calls" ("sip_from", "sip_to", "sip_status", "sip_method", "i_uri", "o_uri", "from_uri", "to_uri",
  "sip_callid", "username", "domain", "fromtag", "totag", "time", "timestamp", "src_leg", "dst_leg")
SELECT '<sip:u' || i || '@example.com>', '"Callee" <sip:d' || i || '@example.net>',
  CASE i % 3 WHEN 0 THEN '486 Busy Here' WHEN 1 THEN '408 Request Timeout' ELSE 'no answer' END,
  'INVITE',
  CASE WHEN i % 4 = 0 THEN '' ELSE 'sip:d' || i || '@example.net' END,
  '',
  CASE WHEN i % 7 = 0 THEN '"Anonymous" <sip:anonymous@anonymous.invalid>' ELSE 'sip:u' || i || '@example.com' END,
  'sip:d' || i || '@example.net:5061;transport=tls',
  'mc-' || i, 'u' || i, 'example.com', 'f' || i, 't' || i,
  DT['2007-03-' || (10 + i % 20) || ' 09:' || (10 + i % 50) || ':00'],
  '2007-03-02 09:00:00', NULL, NULL
FROM "bench_n" WHERE i <= HALF;

INSERT INTO "subscriber" ("phplib_id", "username", "domain", "password", "first_name", "last_name", "phone",
  "email_address", "datetime_created", "datetime_modified", "confirmation", "flag", "sendnotification",
  "greeting", "ha1", "ha1b", "allow_find", "timezone", "rpid", "domn", "uuid")
SELECT 'p' || i, 'u' || i, CASE WHEN i % 10 = 0 THEN 'example.net' ELSE 'example.com' END, 'pw' || i,
  'User', 'O''Brien', '+4930' || i, 'u' || i || '@example.com', '2006-01-01 00:00:00', '2006-06-01 00:00:00',
  '', 'o', '', '', 'ha1-' || i, 'ha1b-' || i, '0',
  CASE WHEN i % 2 = 0 THEN NULL ELSE 'Europe/Berlin' END, NULL, NULL, 'uuid-' || i
FROM "bench_n" WHERE i <= TENTH;

INSERT INTO "location" ("username", "domain", "contact", "received", "path", "expires", "q", "callid", "cseq",
  "last_modified", "flags", "user_agent", "socket", "methods")
SELECT 'u' || i, 'example.com', 'sip:u' || i || '@192.0.2.' || (i % 250) || ':5060;transport=udp',
  CASE WHEN i % 3 = 0 THEN 'sip:198.51.100.' || (i % 250) || ':' || (5060 + i % 1000) ELSE NULL END,
  NULL, '2007-03-05 10:00:00', CASE WHEN i % 4 = 0 THEN 0.5 ELSE 1.0 END, 'reg-' || i || '@192.0.2.1',
  i % 1000, '2007-03-05 09:00:00', 0, 'Phone/1.0 "quoted" ''it''s''', NULL, NULL
FROM "bench_n" WHERE i <= TENTH;

INSERT INTO "aliases" ("username", "domain", "contact", "received", "path", "expires", "q", "callid", "cseq",
  "last_modified", "flags", "user_agent", "socket", "methods")
SELECT 'alias' || i, 'example.com', 'sip:u' || i || '@example.com', NULL, NULL, '2020-05-28 21:32:15', 1.0,
  'Default-Call-ID', 42, '2007-03-05 09:00:00', 0, '', NULL, NULL
FROM "bench_n" WHERE i <= HUNDREDTH;

INSERT INTO "dbaliases" ("alias_username", "alias_domain", "username", "domain")
SELECT 'a' || i, 'example.com', 'u' || i, 'example.com' FROM "bench_n" WHERE i <= HUNDREDTH;

INSERT INTO "grp" ("username", "domain", "grp", "last_modified")
SELECT 'u' || i, 'example.com', CASE WHEN i % 2 = 0 THEN 'local' ELSE 'ld' END, '2006-01-01 00:00:00'
FROM "bench_n" WHERE i <= TENTH;

INSERT INTO "re_grp" ("reg_exp", "group_id")
SELECT '^sip:\+4930' || i || '.*@', i FROM "bench_n" WHERE i <= 10;

INSERT INTO "silo" ("src_addr", "dst_addr", "r_uri", "username", "domain", "inc_time", "exp_time", "snd_time",
  "ctype", "body")
SELECT 'sip:u' || i || '@example.com', 'sip:d' || i || '@example.net', 'sip:d' || i || '@example.net',
  'd' || i, 'example.net', 1170000000 + i, 1170259200 + i, 0, 'text/plain', 'Hello, it''s message ' || i
FROM "bench_n" WHERE i <= HUNDREDTH;

INSERT INTO "domain" ("domain", "last_modified")
SELECT 'd' || i || '.example.com', '2006-01-01 00:00:00' FROM "bench_n" WHERE i <= 10;

INSERT INTO "uri" ("username", "domain", "uri_user", "last_modified")
SELECT 'u' || i, 'example.com', 'u' || i, '2006-01-01 00:00:00' FROM "bench_n" WHERE i <= HUNDREDTH;

INSERT INTO "usr_preferences" ("uuid", "username", "domain", "attribute", "type", "value", "modified")
SELECT 'uuid-' || i, 'u' || i, 'example.com', CASE WHEN i % 2 = 0 THEN 'callfwd' ELSE 'voicemail' END, 0,
  'sip:vm' || i || '@example.com', '2007-01-01 00:00:00'
FROM "bench_n" WHERE i <= TENTH;

INSERT INTO "trusted" ("src_ip", "proto", "from_pattern", "tag")
SELECT '203.0.113.' || i, CASE WHEN i % 2 = 0 THEN 'udp' ELSE 'any' END,
  CASE WHEN i % 3 = 0 THEN NULL ELSE '^sip:.*@example.com$' END, CASE WHEN i % 5 = 0 THEN NULL ELSE 't' || i END
FROM "bench_n" WHERE i <= 50;

INSERT INTO "speed_dial" ("uuid", "username", "domain", "sd_username", "sd_domain", "new_uri", "fname", "lname",
  "description")
SELECT 'uuid-' || i, 'u' || i, 'example.com', '1' || (i % 10), 'example.com', 'sip:d' || i || '@example.net',
  'First', 'Last', 'speed dial ' || i
FROM "bench_n" WHERE i <= HUNDREDTH;

INSERT INTO "gw" ("gw_name", "grp_id", "ip_addr", "port", "uri_scheme", "transport", "strip", "prefix")
SELECT 'gw' || i, 1 + i % 3, 16777226 + 256 * i, 5060, 1, 1, 0, CASE WHEN i % 2 = 0 THEN NULL ELSE '00' END
FROM "bench_n" WHERE i <= 10;

INSERT INTO "lcr" ("prefix", "from_uri", "grp_id", "priority")
SELECT '49' || i, CASE WHEN i % 4 = 0 THEN NULL ELSE '^sip:u' || i || '@' END, 1 + i % 3, i % 5
FROM "bench_n" WHERE i <= 100;

INSERT INTO "pending" ("phplib_id", "username", "domain", "password", "first_name", "last_name", "phone",
  "email_address", "datetime_created", "datetime_modified", "confirmation", "flag", "sendnotification",
  "greeting", "ha1", "ha1b", "allow_find", "timezone", "rpid", "domn", "uuid")
SELECT 'pp' || i, 'new' || i, 'example.com', 'pw' || i, 'New', 'User', '', 'new' || i || '@example.com',
  '2007-01-01 00:00:00', '2007-01-01 00:00:00', 'c' || i, 'o', '', '', '', '', '0', NULL, NULL, NULL, NULL
FROM "bench_n" WHERE i <= HUNDREDTH;

INSERT INTO "sip_trace" ("date", "callid", "traced_user", "msg", "method", "status", "fromip", "toip", "fromtag",
  "direction")
SELECT '2007-03-01 12:00:00', 'call-' || i || '@example.com', 'u' || i,
  'INVITE sip:d' || i || '@example.net SIP/2.0', 'INVITE', '', 'udp:192.0.2.1:5060', 'udp:192.0.2.2:5060',
  'ftag-' || i, 'in'
FROM "bench_n" WHERE i <= TENTH;
