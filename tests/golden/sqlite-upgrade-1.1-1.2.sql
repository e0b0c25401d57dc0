-- upgrade: OpenSER 1.1 -> 1.2 in one transaction (plan 429a6b71add1)
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS "openser_migrate_history" (
  "id" integer NOT NULL,
  "plan" varchar(64) NOT NULL,
  "checksum" varchar(64) NOT NULL,
  "engine" varchar(16) NOT NULL,
  "command" varchar(16) NOT NULL,
  "options" varchar(255) NOT NULL DEFAULT '',
  "source" text,
  "tool" varchar(32) NOT NULL,
  "started" varchar(19) NOT NULL,
  "finished" varchar(19),
  "status" varchar(16) NOT NULL,
  PRIMARY KEY ("id")
);
CREATE TABLE IF NOT EXISTS "openser_migrate_journal" (
  "run" integer NOT NULL,
  "step" integer NOT NULL,
  "name" varchar(128) NOT NULL,
  "finished" varchar(19) NOT NULL,
  "source_rows" integer,
  PRIMARY KEY ("run", "step")
);
CREATE TABLE IF NOT EXISTS "openser_migrate_drift" (
  "run" integer NOT NULL,
  "kind" varchar(32) NOT NULL,
  "table_name" varchar(64) NOT NULL,
  "name" varchar(64) NOT NULL DEFAULT '',
  PRIMARY KEY ("run", "kind", "table_name", "name")
);
CREATE TABLE IF NOT EXISTS "openser_migrate_version" (
  "run" integer NOT NULL,
  "table_name" varchar(64) NOT NULL,
  "table_version" integer,
  PRIMARY KEY ("run", "table_name")
);
INSERT OR IGNORE INTO "openser_migrate_history" ("id", "plan", "checksum", "engine", "command", "options", "source", "tool", "started", "status") VALUES (1, '1.1->1.2', '429a6b71add10434e13c8787dc5cb31ad8dc53cb95bec65ee108cc5c599c9060', 'sqlite', 'upgrade', 'HAS_SERWEB=unset(yes) INSTALL_PRESENCE_TABLES=unset(no) INSTALL_EXTRA_TABLES=unset(no) STORE_PLAINTEXT_PW=unset', NULL, 'openser-migrate 0.1.0', '2007-03-12 12:00:00', 'running');

-- subscriber: rebuilt; the old table is kept as old11_subscriber
DROP INDEX "user_2_subs_indx";
DROP INDEX "subscriber_phplib_id_key";
ALTER TABLE "subscriber" RENAME TO "old11_subscriber";
CREATE TABLE "subscriber" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "password" varchar(25) NOT NULL DEFAULT '',
  "first_name" varchar(25) NOT NULL DEFAULT '',
  "last_name" varchar(45) NOT NULL DEFAULT '',
  "email_address" varchar(50) NOT NULL DEFAULT '',
  "datetime_created" datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  "ha1" varchar(128) NOT NULL DEFAULT '',
  "ha1b" varchar(128) NOT NULL DEFAULT '',
  "timezone" varchar(128),
  "rpid" varchar(128),
  "phplib_id" varchar(32) NOT NULL DEFAULT '',
  "phone" varchar(15) NOT NULL DEFAULT '',
  "datetime_modified" datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  "confirmation" varchar(64) NOT NULL DEFAULT '',
  "flag" char(1) NOT NULL DEFAULT 'o',
  "sendnotification" varchar(50) NOT NULL DEFAULT '',
  "greeting" varchar(50) NOT NULL DEFAULT '',
  "allow_find" char(1) NOT NULL DEFAULT '0'
);
CREATE UNIQUE INDEX "subscriber_username_domain_key" ON "subscriber" ("username", "domain");
CREATE UNIQUE INDEX "phplib_id_key" ON "subscriber" ("phplib_id");
CREATE INDEX "username_subs_indx" ON "subscriber" ("username");
INSERT INTO "subscriber" ("username", "domain", "password", "first_name", "last_name", "email_address", "datetime_created", "ha1", "ha1b", "timezone", "rpid", "phplib_id", "phone", "datetime_modified", "confirmation", "flag", "sendnotification", "greeting", "allow_find")
SELECT "username",
       "domain",
       "password",
       "first_name",
       "last_name",
       "email_address",
       "datetime_created",
       "ha1",
       "ha1b",
       "timezone",
       "rpid",
       "phplib_id",
       "phone",
       "datetime_modified",
       "confirmation",
       "flag",
       "sendnotification",
       "greeting",
       "allow_find"
FROM "old11_subscriber"
ORDER BY "username", "domain";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 1, 'subscriber', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- acc: rebuilt; the old table is kept as old11_acc
DROP INDEX "sip_callid_indx";
DROP INDEX "acc_user_indx";
ALTER TABLE "acc" RENAME TO "old11_acc";
CREATE TABLE "acc" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "method" varchar(16) NOT NULL DEFAULT '',
  "from_tag" varchar(64) NOT NULL DEFAULT '',
  "to_tag" varchar(64) NOT NULL DEFAULT '',
  "callid" varchar(128) NOT NULL DEFAULT '',
  "sip_code" char(3) NOT NULL DEFAULT '',
  "sip_reason" varchar(32) NOT NULL DEFAULT '',
  "time" datetime NOT NULL,
  "src_user" varchar(64) NOT NULL DEFAULT '',
  "src_domain" varchar(128) NOT NULL DEFAULT '',
  "dst_user" varchar(64) NOT NULL DEFAULT '',
  "dst_domain" varchar(128) NOT NULL DEFAULT ''
);
CREATE INDEX "acc_callid_indx" ON "acc" ("callid");
INSERT INTO "acc" ("method", "from_tag", "to_tag", "callid", "sip_code", "sip_reason", "time", "src_user", "src_domain", "dst_user", "dst_domain")
SELECT "sip_method",
       substr("fromtag", 1, 64),
       substr("totag", 1, 64),
       "sip_callid",
       om_status_code("sip_status"),
       substr(om_status_reason("sip_status"), 1, 32),
       "time",
       substr(om_uri_user("from_uri"), 1, 64),
       om_uri_host("from_uri"),
       substr(om_uri_user(om_nonempty("i_uri", "to_uri")), 1, 64),
       om_uri_host(om_nonempty("i_uri", "to_uri"))
FROM "old11_acc"
ORDER BY "time", "rowid";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 2, 'acc', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- missed_calls: rebuilt; the old table is kept as old11_missed_calls
DROP INDEX "mc_user_indx";
ALTER TABLE "missed_calls" RENAME TO "old11_missed_calls";
CREATE TABLE "missed_calls" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "method" varchar(16) NOT NULL DEFAULT '',
  "from_tag" varchar(64) NOT NULL DEFAULT '',
  "to_tag" varchar(64) NOT NULL DEFAULT '',
  "callid" varchar(128) NOT NULL DEFAULT '',
  "sip_code" char(3) NOT NULL DEFAULT '',
  "sip_reason" varchar(32) NOT NULL DEFAULT '',
  "time" datetime NOT NULL,
  "src_user" varchar(64) NOT NULL DEFAULT '',
  "src_domain" varchar(128) NOT NULL DEFAULT '',
  "dst_user" varchar(64) NOT NULL DEFAULT '',
  "dst_domain" varchar(128) NOT NULL DEFAULT ''
);
CREATE INDEX "mc_callid_indx" ON "missed_calls" ("callid");
INSERT INTO "missed_calls" ("method", "from_tag", "to_tag", "callid", "sip_code", "sip_reason", "time", "src_user", "src_domain", "dst_user", "dst_domain")
SELECT "sip_method",
       substr("fromtag", 1, 64),
       substr("totag", 1, 64),
       "sip_callid",
       om_status_code("sip_status"),
       substr(om_status_reason("sip_status"), 1, 32),
       "time",
       substr(om_uri_user("from_uri"), 1, 64),
       om_uri_host("from_uri"),
       substr(om_uri_user(om_nonempty("i_uri", "to_uri")), 1, 64),
       om_uri_host(om_nonempty("i_uri", "to_uri"))
FROM "old11_missed_calls"
ORDER BY "time", "rowid";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 3, 'missed_calls', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- location: rebuilt; the old table is kept as old11_location
ALTER TABLE "location" RENAME TO "old11_location";
CREATE TABLE "location" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "contact" varchar(255) NOT NULL DEFAULT '',
  "received" varchar(255),
  "path" varchar(255),
  "expires" datetime NOT NULL DEFAULT '2020-05-28 21:32:15',
  "q" float(10,2) NOT NULL DEFAULT 1.00,
  "callid" varchar(255) NOT NULL DEFAULT 'Default-Call-ID',
  "cseq" int(11) NOT NULL DEFAULT 13,
  "last_modified" datetime NOT NULL DEFAULT '1900-01-01 00:00:00',
  "flags" int(11) NOT NULL DEFAULT 0,
  "cflags" int(11) NOT NULL DEFAULT 0,
  "user_agent" varchar(255) NOT NULL DEFAULT '',
  "socket" varchar(128),
  "methods" int(11)
);
CREATE INDEX "location_udc_indx" ON "location" ("username", "domain", "contact");
INSERT INTO "location" ("username", "domain", "contact", "received", "path", "expires", "q", "callid", "cseq", "last_modified", "flags", "user_agent", "socket", "methods")
SELECT "username",
       "domain",
       "contact",
       "received",
       "path",
       "expires",
       "q",
       "callid",
       "cseq",
       "last_modified",
       "flags",
       "user_agent",
       "socket",
       "methods"
FROM "old11_location"
ORDER BY "username", "domain", "contact";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 4, 'location', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- aliases: rebuilt; the old table is kept as old11_aliases
DROP INDEX "aliases_contact_indx";
ALTER TABLE "aliases" RENAME TO "old11_aliases";
CREATE TABLE "aliases" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "contact" varchar(255) NOT NULL DEFAULT '',
  "received" varchar(255),
  "path" varchar(255),
  "expires" datetime NOT NULL DEFAULT '2020-05-28 21:32:15',
  "q" float(10,2) NOT NULL DEFAULT 1.00,
  "callid" varchar(255) NOT NULL DEFAULT 'Default-Call-ID',
  "cseq" int(11) NOT NULL DEFAULT 13,
  "last_modified" datetime NOT NULL DEFAULT '1900-01-01 00:00:00',
  "flags" int(11) NOT NULL DEFAULT 0,
  "cflags" int(11) NOT NULL DEFAULT 0,
  "user_agent" varchar(255) NOT NULL DEFAULT '',
  "socket" varchar(128),
  "methods" int(11)
);
CREATE INDEX "aliases_udc_indx" ON "aliases" ("username", "domain", "contact");
INSERT INTO "aliases" ("username", "domain", "contact", "received", "path", "expires", "q", "callid", "cseq", "last_modified", "flags", "user_agent", "socket", "methods")
SELECT "username",
       "domain",
       "contact",
       "received",
       "path",
       "expires",
       "q",
       "callid",
       "cseq",
       "last_modified",
       "flags",
       "user_agent",
       "socket",
       "methods"
FROM "old11_aliases"
ORDER BY "username", "domain", "contact";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 5, 'aliases', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- dbaliases: rebuilt; the old table is kept as old11_dbaliases
DROP INDEX "alias_user_indx";
DROP INDEX "dbaliases_alias_username_alias_domain_key";
ALTER TABLE "dbaliases" RENAME TO "old11_dbaliases";
CREATE TABLE "dbaliases" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "alias_username" varchar(64) NOT NULL DEFAULT '',
  "alias_domain" varchar(128) NOT NULL DEFAULT '',
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX "dbaliases_alias_username_alias_domain_key" ON "dbaliases" ("alias_username", "alias_domain");
CREATE INDEX "alias_user_indx" ON "dbaliases" ("username", "domain");
INSERT INTO "dbaliases" ("alias_username", "alias_domain", "username", "domain")
SELECT "alias_username",
       "alias_domain",
       "username",
       "domain"
FROM "old11_dbaliases"
ORDER BY "alias_username", "alias_domain";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 6, 'dbaliases', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- grp: rebuilt; the old table is kept as old11_grp
ALTER TABLE "grp" RENAME TO "old11_grp";
CREATE TABLE "grp" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "grp" varchar(50) NOT NULL DEFAULT '',
  "last_modified" datetime NOT NULL DEFAULT '0000-00-00 00:00:00'
);
CREATE UNIQUE INDEX "grp_username_domain_grp_key" ON "grp" ("username", "domain", "grp");
INSERT INTO "grp" ("username", "domain", "grp", "last_modified")
SELECT "username",
       "domain",
       "grp",
       "last_modified"
FROM "old11_grp"
ORDER BY "username", "domain", "grp";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 7, 'grp', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- re_grp: rebuilt; the old table is kept as old11_re_grp
DROP INDEX "re_grp_reg_exp_key";
ALTER TABLE "re_grp" RENAME TO "old11_re_grp";
CREATE TABLE "re_grp" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "reg_exp" varchar(128) NOT NULL DEFAULT '',
  "group_id" int(11) NOT NULL DEFAULT 0
);
CREATE INDEX "gid_grp_indx" ON "re_grp" ("group_id");
INSERT INTO "re_grp" ("reg_exp", "group_id")
SELECT "reg_exp",
       "group_id"
FROM "old11_re_grp"
ORDER BY "reg_exp";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 8, 're_grp', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- silo: rebuilt; the old table is kept as old11_silo
ALTER TABLE "silo" RENAME TO "old11_silo";
CREATE TABLE "silo" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "src_addr" varchar(255) NOT NULL DEFAULT '',
  "dst_addr" varchar(255) NOT NULL DEFAULT '',
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "inc_time" int(11) NOT NULL DEFAULT 0,
  "exp_time" int(11) NOT NULL DEFAULT 0,
  "snd_time" int(11) NOT NULL DEFAULT 0,
  "ctype" varchar(32) NOT NULL DEFAULT 'text/plain',
  "body" blob NOT NULL DEFAULT ''
);
CREATE INDEX "silo_idx" ON "silo" ("username", "domain");
INSERT INTO "silo" ("id", "src_addr", "dst_addr", "username", "domain", "inc_time", "exp_time", "snd_time", "ctype", "body")
SELECT "mid",
       "src_addr",
       "dst_addr",
       "username",
       "domain",
       "inc_time",
       "exp_time",
       "snd_time",
       "ctype",
       "body"
FROM "old11_silo";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 9, 'silo', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- domain: rebuilt; the old table is kept as old11_domain
ALTER TABLE "domain" RENAME TO "old11_domain";
CREATE TABLE "domain" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "domain" varchar(128) NOT NULL DEFAULT '',
  "last_modified" datetime NOT NULL DEFAULT '0000-00-00 00:00:00'
);
CREATE UNIQUE INDEX "domain_domain_key" ON "domain" ("domain");
INSERT INTO "domain" ("domain", "last_modified")
SELECT "domain",
       "last_modified"
FROM "old11_domain"
ORDER BY "domain";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 10, 'domain', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- uri: rebuilt; the old table is kept as old11_uri
ALTER TABLE "uri" RENAME TO "old11_uri";
CREATE TABLE "uri" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "uri_user" varchar(50) NOT NULL DEFAULT '',
  "last_modified" datetime NOT NULL DEFAULT '0000-00-00 00:00:00'
);
CREATE UNIQUE INDEX "uri_username_domain_uri_user_key" ON "uri" ("username", "domain", "uri_user");
INSERT INTO "uri" ("username", "domain", "uri_user", "last_modified")
SELECT "username",
       "domain",
       "uri_user",
       "last_modified"
FROM "old11_uri"
ORDER BY "username", "domain", "uri_user";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 11, 'uri', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- usr_preferences: rebuilt; the old table is kept as old11_usr_preferences
DROP INDEX "uda_idx";
DROP INDEX "ua_idx";
ALTER TABLE "usr_preferences" RENAME TO "old11_usr_preferences";
CREATE TABLE "usr_preferences" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "uuid" varchar(64) NOT NULL DEFAULT '',
  "username" varchar(64) NOT NULL DEFAULT '0',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "attribute" varchar(32) NOT NULL DEFAULT '',
  "type" int(11) NOT NULL DEFAULT 0,
  "value" varchar(128) NOT NULL DEFAULT '',
  "last_modified" timestamp NOT NULL DEFAULT '0000-00-00 00:00:00'
);
CREATE INDEX "ua_idx" ON "usr_preferences" ("uuid", "attribute");
CREATE INDEX "uda_idx" ON "usr_preferences" ("username", "domain", "attribute");
INSERT INTO "usr_preferences" ("id", "uuid", "username", "domain", "attribute", "type", "value", "last_modified")
SELECT "id",
       "uuid",
       substr("username", 1, 64),
       "domain",
       "attribute",
       "type",
       "value",
       "modified"
FROM "old11_usr_preferences";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 12, 'usr_preferences', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- trusted: rebuilt; the old table is kept as old11_trusted
DROP INDEX "ip_addr";
ALTER TABLE "trusted" RENAME TO "old11_trusted";
CREATE TABLE "trusted" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "src_ip" varchar(39) NOT NULL,
  "proto" varchar(4) NOT NULL,
  "from_pattern" varchar(64),
  "tag" varchar(32)
);
CREATE INDEX "ip_addr" ON "trusted" ("src_ip");
INSERT INTO "trusted" ("src_ip", "proto", "from_pattern", "tag")
SELECT "src_ip",
       "proto",
       "from_pattern",
       "tag"
FROM "old11_trusted";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 13, 'trusted', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- speed_dial: rebuilt; the old table is kept as old11_speed_dial
ALTER TABLE "speed_dial" RENAME TO "old11_speed_dial";
CREATE TABLE "speed_dial" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "sd_username" varchar(64) NOT NULL DEFAULT '',
  "sd_domain" varchar(128) NOT NULL DEFAULT '',
  "new_uri" varchar(192) NOT NULL DEFAULT '',
  "fname" varchar(128) NOT NULL DEFAULT '',
  "lname" varchar(128) NOT NULL DEFAULT '',
  "description" varchar(64) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX "speed_dial_username_domain_sd_domain_sd_username_key" ON "speed_dial" ("username", "domain", "sd_domain", "sd_username");
INSERT INTO "speed_dial" ("username", "domain", "sd_username", "sd_domain", "new_uri", "fname", "lname", "description")
SELECT "username",
       "domain",
       "sd_username",
       "sd_domain",
       "new_uri",
       "fname",
       "lname",
       "description"
FROM "old11_speed_dial"
ORDER BY "username", "domain", "sd_domain", "sd_username";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 14, 'speed_dial', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- gw: rebuilt; the old table is kept as old11_gw
DROP INDEX "gw_grp_id_indx";
ALTER TABLE "gw" RENAME TO "old11_gw";
CREATE TABLE "gw" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "gw_name" varchar(128) NOT NULL,
  "grp_id" int unsigned NOT NULL,
  "ip_addr" varchar(15) NOT NULL,
  "port" smallint unsigned,
  "uri_scheme" tinyint unsigned,
  "transport" tinyint unsigned,
  "strip" tinyint unsigned,
  "prefix" varchar(16)
);
CREATE UNIQUE INDEX "gw_gw_name_key" ON "gw" ("gw_name");
CREATE INDEX "gw_grp_id_indx" ON "gw" ("grp_id");
INSERT INTO "gw" ("gw_name", "grp_id", "ip_addr", "port", "uri_scheme", "transport", "strip", "prefix")
SELECT "gw_name",
       "grp_id",
       om_ip_from_le_int("ip_addr"),
       "port",
       "uri_scheme",
       "transport",
       "strip",
       "prefix"
FROM "old11_gw"
ORDER BY "gw_name";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 15, 'gw', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- lcr: rebuilt; the old table is kept as old11_lcr
DROP INDEX "lcr_grp_id_indx";
DROP INDEX "lcr_from_uri_indx";
DROP INDEX "lcr_prefix_indx";
ALTER TABLE "lcr" RENAME TO "old11_lcr";
CREATE TABLE "lcr" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "prefix" varchar(16) NOT NULL,
  "from_uri" varchar(128),
  "grp_id" int unsigned NOT NULL,
  "priority" tinyint unsigned NOT NULL
);
CREATE INDEX "lcr_prefix_indx" ON "lcr" ("prefix");
CREATE INDEX "lcr_from_uri_indx" ON "lcr" ("from_uri");
CREATE INDEX "lcr_grp_id_indx" ON "lcr" ("grp_id");
INSERT INTO "lcr" ("prefix", "from_uri", "grp_id", "priority")
SELECT "prefix",
       "from_uri",
       "grp_id",
       "priority"
FROM "old11_lcr";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 16, 'lcr', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- address: created empty
CREATE TABLE "address" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "grp" smallint unsigned NOT NULL DEFAULT 0,
  "ip_addr" varchar(15) NOT NULL,
  "mask" tinyint(4) NOT NULL DEFAULT 32,
  "port" smallint unsigned NOT NULL DEFAULT 0
);
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 17, 'address', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- pdt: created, filled from pd_multidomain (which is left as it is)
CREATE TABLE "pdt" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "sdomain" varchar(255) NOT NULL,
  "prefix" varchar(32) NOT NULL,
  "domain" varchar(255) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX "pdt_sdomain_prefix_key" ON "pdt" ("sdomain", "prefix");
INSERT INTO "pdt" ("sdomain", "prefix", "domain")
SELECT "sdomain",
       "prefix",
       "domain"
FROM "pd_multidomain"
ORDER BY "sdomain", "prefix";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 18, 'pdt', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- cpl: rebuilt; the old table is kept as old11_cpl
ALTER TABLE "cpl" RENAME TO "old11_cpl";
CREATE TABLE "cpl" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "username" varchar(64) NOT NULL,
  "domain" varchar(64) NOT NULL DEFAULT '',
  "cpl_xml" text,
  "cpl_bin" text
);
CREATE UNIQUE INDEX "cpl_username_domain_key" ON "cpl" ("username", "domain");
INSERT INTO "cpl" ("username", "domain", "cpl_xml", "cpl_bin")
SELECT "username",
       "domain",
       "cpl_xml",
       "cpl_bin"
FROM "old11_cpl"
ORDER BY "username", "domain";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 19, 'cpl', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- pending: rebuilt; the old table is kept as old11_pending
DROP INDEX "user_2_pend_indx";
DROP INDEX "pending_phplib_id_key";
ALTER TABLE "pending" RENAME TO "old11_pending";
CREATE TABLE "pending" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "phplib_id" varchar(32) NOT NULL DEFAULT '',
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "password" varchar(25) NOT NULL DEFAULT '',
  "first_name" varchar(25) NOT NULL DEFAULT '',
  "last_name" varchar(45) NOT NULL DEFAULT '',
  "phone" varchar(15) NOT NULL DEFAULT '',
  "email_address" varchar(50) NOT NULL DEFAULT '',
  "datetime_created" datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  "datetime_modified" datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  "confirmation" varchar(64) NOT NULL DEFAULT '',
  "flag" char(1) NOT NULL DEFAULT 'o',
  "sendnotification" varchar(50) NOT NULL DEFAULT '',
  "greeting" varchar(50) NOT NULL DEFAULT '',
  "ha1" varchar(128) NOT NULL DEFAULT '',
  "ha1b" varchar(128) NOT NULL DEFAULT '',
  "allow_find" char(1) NOT NULL DEFAULT '0',
  "timezone" varchar(128),
  "rpid" varchar(128)
);
CREATE UNIQUE INDEX "pending_username_domain_key" ON "pending" ("username", "domain");
CREATE UNIQUE INDEX "pending_phplib_id_key" ON "pending" ("phplib_id");
CREATE INDEX "username_pend_indx" ON "pending" ("username");
INSERT INTO "pending" ("phplib_id", "username", "domain", "password", "first_name", "last_name", "phone", "email_address", "datetime_created", "datetime_modified", "confirmation", "flag", "sendnotification", "greeting", "ha1", "ha1b", "allow_find", "timezone", "rpid")
SELECT "phplib_id",
       "username",
       "domain",
       "password",
       "first_name",
       "last_name",
       "phone",
       "email_address",
       "datetime_created",
       "datetime_modified",
       "confirmation",
       "flag",
       "sendnotification",
       "greeting",
       "ha1",
       "ha1b",
       "allow_find",
       "timezone",
       "rpid"
FROM "old11_pending"
ORDER BY "username", "domain";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 20, 'pending', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- version rows (the ones replaced are kept for a rollback)
INSERT INTO "openser_migrate_version" ("run", "table_name", "table_version")
SELECT 1, n.t, v."table_version"
FROM (SELECT 'subscriber' AS t UNION ALL SELECT 'acc' AS t UNION ALL SELECT 'missed_calls' AS t UNION ALL SELECT 'location' AS t UNION ALL SELECT 'aliases' AS t UNION ALL SELECT 'silo' AS t UNION ALL SELECT 'trusted' AS t UNION ALL SELECT 'gw' AS t UNION ALL SELECT 'address' AS t UNION ALL SELECT 'cpl' AS t UNION ALL SELECT 'pending' AS t) n LEFT JOIN "version" v ON v."table_name" = n.t;
DELETE FROM "version" WHERE "table_name" IN ('subscriber', 'acc', 'missed_calls', 'location', 'aliases', 'silo', 'trusted', 'gw', 'address', 'cpl', 'pending');
INSERT INTO "version" ("table_name", "table_version") VALUES
  ('subscriber', 6),
  ('acc', 4),
  ('missed_calls', 3),
  ('location', 1004),
  ('aliases', 1004),
  ('silo', 5),
  ('trusted', 4),
  ('gw', 4),
  ('address', 3),
  ('cpl', 1),
  ('pending', 6);
UPDATE "openser_migrate_history" SET "status" = 'done', "finished" = strftime('%Y-%m-%d %H:%M:%S', 'now') WHERE "id" = 1;
COMMIT;
