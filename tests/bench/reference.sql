-- The engine's floor for the benchmark: a hand-written one-pass script
-- that rebuilds the big tables once each (new table, one INSERT ... SELECT,
-- indexes after the load), in one transaction, copying the columns
-- without computing anything.  openser-migrate does this and more (the
-- mapping functions, the pre-checks, the verification, every other table).
BEGIN;
ALTER TABLE acc RENAME TO r_acc;
DROP INDEX acc_user_indx;
DROP INDEX sip_callid_indx;
CREATE TABLE acc (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, method varchar(16) NOT NULL DEFAULT '',
  from_tag varchar(64) NOT NULL DEFAULT '', to_tag varchar(64) NOT NULL DEFAULT '',
  callid varchar(128) NOT NULL DEFAULT '', sip_code char(3) NOT NULL DEFAULT '',
  sip_reason varchar(32) NOT NULL DEFAULT '', time datetime NOT NULL,
  src_user varchar(64) NOT NULL DEFAULT '', src_domain varchar(128) NOT NULL DEFAULT '',
  dst_user varchar(64) NOT NULL DEFAULT '', dst_domain varchar(128) NOT NULL DEFAULT '');
INSERT INTO acc (method, from_tag, to_tag, callid, sip_code, sip_reason, time, src_user, src_domain, dst_user, dst_domain)
SELECT sip_method, fromtag, totag, sip_callid, sip_status, sip_status, time, from_uri, from_uri, i_uri, to_uri FROM r_acc;
CREATE INDEX acc_callid_indx ON acc (callid);

ALTER TABLE missed_calls RENAME TO r_missed_calls;
DROP INDEX mc_user_indx;
CREATE TABLE missed_calls (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, method varchar(16) NOT NULL DEFAULT '',
  from_tag varchar(64) NOT NULL DEFAULT '', to_tag varchar(64) NOT NULL DEFAULT '',
  callid varchar(128) NOT NULL DEFAULT '', sip_code char(3) NOT NULL DEFAULT '',
  sip_reason varchar(32) NOT NULL DEFAULT '', time datetime NOT NULL,
  src_user varchar(64) NOT NULL DEFAULT '', src_domain varchar(128) NOT NULL DEFAULT '',
  dst_user varchar(64) NOT NULL DEFAULT '', dst_domain varchar(128) NOT NULL DEFAULT '');
INSERT INTO missed_calls (method, from_tag, to_tag, callid, sip_code, sip_reason, time, src_user, src_domain, dst_user, dst_domain)
SELECT sip_method, fromtag, totag, sip_callid, sip_status, sip_status, time, from_uri, from_uri, i_uri, to_uri FROM r_missed_calls;
CREATE INDEX mc_callid_indx ON missed_calls (callid);

ALTER TABLE subscriber RENAME TO r_subscriber;
DROP INDEX user_2_subs_indx;
DROP INDEX subscriber_phplib_id_key;
CREATE TABLE subscriber (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, username varchar(64) NOT NULL DEFAULT '',
  domain varchar(128) NOT NULL DEFAULT '', password varchar(25) NOT NULL DEFAULT '',
  first_name varchar(25) NOT NULL DEFAULT '', last_name varchar(45) NOT NULL DEFAULT '',
  email_address varchar(50) NOT NULL DEFAULT '', datetime_created datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  ha1 varchar(128) NOT NULL DEFAULT '', ha1b varchar(128) NOT NULL DEFAULT '', timezone varchar(128),
  rpid varchar(128), phplib_id varchar(32) NOT NULL DEFAULT '', phone varchar(15) NOT NULL DEFAULT '',
  datetime_modified datetime NOT NULL DEFAULT '0000-00-00 00:00:00', confirmation varchar(64) NOT NULL DEFAULT '',
  flag char(1) NOT NULL DEFAULT 'o', sendnotification varchar(50) NOT NULL DEFAULT '',
  greeting varchar(50) NOT NULL DEFAULT '', allow_find char(1) NOT NULL DEFAULT '0');
INSERT INTO subscriber (username, domain, password, first_name, last_name, email_address, datetime_created, ha1, ha1b,
  timezone, rpid, phplib_id, phone, datetime_modified, confirmation, flag, sendnotification, greeting, allow_find)
SELECT username, domain, password, first_name, last_name, email_address, datetime_created, ha1, ha1b,
  timezone, rpid, phplib_id, phone, datetime_modified, confirmation, flag, sendnotification, greeting, allow_find
FROM r_subscriber ORDER BY username, domain;
CREATE UNIQUE INDEX subscriber_username_domain_key ON subscriber (username, domain);
CREATE UNIQUE INDEX phplib_id_key ON subscriber (phplib_id);
CREATE INDEX username_subs_indx ON subscriber (username);

ALTER TABLE location RENAME TO r_location;
CREATE TABLE location (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, username varchar(64) NOT NULL DEFAULT '',
  domain varchar(128) NOT NULL DEFAULT '', contact varchar(255) NOT NULL DEFAULT '', received varchar(255),
  path varchar(255), expires datetime NOT NULL DEFAULT '2020-05-28 21:32:15', q float(10,2) NOT NULL DEFAULT 1.00,
  callid varchar(255) NOT NULL DEFAULT 'Default-Call-ID', cseq int(11) NOT NULL DEFAULT 13,
  last_modified datetime NOT NULL DEFAULT '1900-01-01 00:00:00', flags int(11) NOT NULL DEFAULT 0,
  cflags int(11) NOT NULL DEFAULT 0, user_agent varchar(255) NOT NULL DEFAULT '', socket varchar(128), methods int(11));
INSERT INTO location (username, domain, contact, received, path, expires, q, callid, cseq, last_modified, flags,
  user_agent, socket, methods)
SELECT username, domain, contact, received, path, expires, q, callid, cseq, last_modified, flags, user_agent, socket, methods
FROM r_location ORDER BY username, domain, contact;
CREATE INDEX location_udc_indx ON location (username, domain, contact);
COMMIT;
