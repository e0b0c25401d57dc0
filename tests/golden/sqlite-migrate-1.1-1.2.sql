-- migrate: OpenSER 1.1 -> 1.2 from database DIR/openser.db into the new database DIR/new.db (plan 429a6b71add1); DIR/openser.db is only read
ATTACH DATABASE 'file:DIR/openser.db?mode=ro' AS "old";
BEGIN;
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
INSERT OR IGNORE INTO "openser_migrate_history" ("id", "plan", "checksum", "engine", "command", "options", "source", "tool", "started", "status") VALUES (1, '1.1->1.2', '429a6b71add10434e13c8787dc5cb31ad8dc53cb95bec65ee108cc5c599c9060', 'sqlite', 'migrate', 'HAS_SERWEB=unset(yes) INSTALL_PRESENCE_TABLES=unset(no) INSTALL_EXTRA_TABLES=unset(no) STORE_PLAINTEXT_PW=unset', 'DIR/openser.db', 'openser-migrate 0.1.0', '2007-03-12 12:00:00', 'running');
COMMIT;
BEGIN IMMEDIATE;

-- version: created empty
CREATE TABLE "version" (
  "table_name" varchar(64) NOT NULL,
  "table_version" smallint(5) NOT NULL DEFAULT 0,
  PRIMARY KEY ("table_name")
);
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 1, 'version', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- subscriber: created, filled from the old database's subscriber
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
FROM "old"."subscriber"
ORDER BY "username", "domain";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 2, 'subscriber', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- acc: created, filled from the old database's acc
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
FROM "old"."acc"
ORDER BY "time", "rowid";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 3, 'acc', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- missed_calls: created, filled from the old database's missed_calls
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
FROM "old"."missed_calls"
ORDER BY "time", "rowid";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 4, 'missed_calls', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- location: created, filled from the old database's location
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
FROM "old"."location"
ORDER BY "username", "domain", "contact";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 5, 'location', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- aliases: created, filled from the old database's aliases
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
FROM "old"."aliases"
ORDER BY "username", "domain", "contact";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 6, 'aliases', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- dbaliases: created, filled from the old database's dbaliases
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
FROM "old"."dbaliases"
ORDER BY "alias_username", "alias_domain";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 7, 'dbaliases', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- grp: created, filled from the old database's grp
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
FROM "old"."grp"
ORDER BY "username", "domain", "grp";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 8, 'grp', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- re_grp: created, filled from the old database's re_grp
CREATE TABLE "re_grp" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "reg_exp" varchar(128) NOT NULL DEFAULT '',
  "group_id" int(11) NOT NULL DEFAULT 0
);
CREATE INDEX "gid_grp_indx" ON "re_grp" ("group_id");
INSERT INTO "re_grp" ("reg_exp", "group_id")
SELECT "reg_exp",
       "group_id"
FROM "old"."re_grp"
ORDER BY "reg_exp";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 9, 're_grp', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- silo: created, filled from the old database's silo
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
FROM "old"."silo";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 10, 'silo', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- domain: created, filled from the old database's domain
CREATE TABLE "domain" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "domain" varchar(128) NOT NULL DEFAULT '',
  "last_modified" datetime NOT NULL DEFAULT '0000-00-00 00:00:00'
);
CREATE UNIQUE INDEX "domain_domain_key" ON "domain" ("domain");
INSERT INTO "domain" ("domain", "last_modified")
SELECT "domain",
       "last_modified"
FROM "old"."domain"
ORDER BY "domain";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 11, 'domain', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- uri: created, filled from the old database's uri
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
FROM "old"."uri"
ORDER BY "username", "domain", "uri_user";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 12, 'uri', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- usr_preferences: created, filled from the old database's usr_preferences
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
FROM "old"."usr_preferences";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 13, 'usr_preferences', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- trusted: created, filled from the old database's trusted
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
FROM "old"."trusted";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 14, 'trusted', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- speed_dial: created, filled from the old database's speed_dial
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
FROM "old"."speed_dial"
ORDER BY "username", "domain", "sd_domain", "sd_username";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 15, 'speed_dial', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- gw: created, filled from the old database's gw
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
FROM "old"."gw"
ORDER BY "gw_name";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 16, 'gw', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- gw_grp: created, filled from the old database's gw_grp
CREATE TABLE "gw_grp" (
  "grp_id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "grp_name" varchar(64) NOT NULL
);
INSERT INTO "gw_grp" ("grp_id", "grp_name")
SELECT "grp_id",
       "grp_name"
FROM "old"."gw_grp";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 17, 'gw_grp', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- lcr: created, filled from the old database's lcr
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
FROM "old"."lcr";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 18, 'lcr', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- address: created empty
CREATE TABLE "address" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "grp" smallint unsigned NOT NULL DEFAULT 0,
  "ip_addr" varchar(15) NOT NULL,
  "mask" tinyint(4) NOT NULL DEFAULT 32,
  "port" smallint unsigned NOT NULL DEFAULT 0
);
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 19, 'address', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- pdt: created, filled from the old database's pd_multidomain
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
FROM "old"."pd_multidomain"
ORDER BY "sdomain", "prefix";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 20, 'pdt', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- cpl: created, filled from the old database's cpl
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
FROM "old"."cpl"
ORDER BY "username", "domain";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 21, 'cpl', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- sip_trace: created, filled from the old database's sip_trace
CREATE TABLE "sip_trace" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "date" datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  "callid" varchar(254) NOT NULL DEFAULT '',
  "traced_user" varchar(128) NOT NULL DEFAULT '',
  "msg" text NOT NULL,
  "method" varchar(50) NOT NULL DEFAULT '',
  "status" varchar(254) NOT NULL DEFAULT '',
  "fromip" varchar(50) NOT NULL DEFAULT '',
  "toip" varchar(50) NOT NULL DEFAULT '',
  "fromtag" varchar(64) NOT NULL DEFAULT '',
  "direction" varchar(4) NOT NULL DEFAULT ''
);
CREATE INDEX "user_idx" ON "sip_trace" ("traced_user");
CREATE INDEX "date_idx" ON "sip_trace" ("date");
CREATE INDEX "fromip_idx" ON "sip_trace" ("fromip");
CREATE INDEX "callid_idx" ON "sip_trace" ("callid");
INSERT INTO "sip_trace" ("id", "date", "callid", "traced_user", "msg", "method", "status", "fromip", "toip", "fromtag", "direction")
SELECT "id",
       "date",
       "callid",
       "traced_user",
       "msg",
       "method",
       "status",
       "fromip",
       "toip",
       "fromtag",
       "direction"
FROM "old"."sip_trace";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 22, 'sip_trace', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- active_sessions: created, filled from the old database's active_sessions
CREATE TABLE "active_sessions" (
  "sid" varchar(32) NOT NULL DEFAULT '',
  "name" varchar(32) NOT NULL DEFAULT '',
  "val" text,
  "changed" varchar(14) NOT NULL DEFAULT '',
  PRIMARY KEY ("name", "sid")
);
CREATE INDEX "ch_active_sess_indx" ON "active_sessions" ("changed");
INSERT INTO "active_sessions" ("sid", "name", "val", "changed")
SELECT "sid",
       "name",
       "val",
       "changed"
FROM "old"."active_sessions";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 23, 'active_sessions', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- pending: created, filled from the old database's pending
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
FROM "old"."pending"
ORDER BY "username", "domain";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 24, 'pending', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- phonebook: created, filled from the old database's phonebook
CREATE TABLE "phonebook" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "fname" varchar(32) NOT NULL DEFAULT '',
  "lname" varchar(32) NOT NULL DEFAULT '',
  "sip_uri" varchar(128) NOT NULL DEFAULT ''
);
INSERT INTO "phonebook" ("id", "username", "domain", "fname", "lname", "sip_uri")
SELECT "id",
       "username",
       "domain",
       "fname",
       "lname",
       "sip_uri"
FROM "old"."phonebook";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 25, 'phonebook', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- server_monitoring: created, filled from the old database's server_monitoring
CREATE TABLE "server_monitoring" (
  "time" datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  "id" int unsigned NOT NULL DEFAULT 0,
  "param" varchar(32) NOT NULL DEFAULT '',
  "value" int(10) NOT NULL DEFAULT 0,
  "increment" int(10) NOT NULL DEFAULT 0,
  PRIMARY KEY ("id", "param")
);
INSERT INTO "server_monitoring" ("time", "id", "param", "value", "increment")
SELECT "time",
       "id",
       "param",
       "value",
       "increment"
FROM "old"."server_monitoring";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 26, 'server_monitoring', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- usr_preferences_types: created, filled from the old database's usr_preferences_types
CREATE TABLE "usr_preferences_types" (
  "att_name" varchar(32) NOT NULL DEFAULT '',
  "att_rich_type" varchar(32) NOT NULL DEFAULT 'string',
  "att_raw_type" int(11) NOT NULL DEFAULT 2,
  "att_type_spec" text,
  "default_value" varchar(100) NOT NULL DEFAULT '',
  PRIMARY KEY ("att_name")
);
INSERT INTO "usr_preferences_types" ("att_name", "att_rich_type", "att_raw_type", "att_type_spec", "default_value")
SELECT "att_name",
       "att_rich_type",
       "att_raw_type",
       "att_type_spec",
       "default_value"
FROM "old"."usr_preferences_types";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 27, 'usr_preferences_types', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- server_monitoring_agg: created, filled from the old database's server_monitoring_agg
CREATE TABLE "server_monitoring_agg" (
  "param" varchar(32) NOT NULL DEFAULT '',
  "s_value" int(10) NOT NULL DEFAULT 0,
  "s_increment" int(10) NOT NULL DEFAULT 0,
  "last_aggregated_increment" int(10) NOT NULL DEFAULT 0,
  "av" float NOT NULL DEFAULT 0,
  "mv" int(10) NOT NULL DEFAULT 0,
  "ad" float NOT NULL DEFAULT 0,
  "lv" int(10) NOT NULL DEFAULT 0,
  "min_val" int(10) NOT NULL DEFAULT 0,
  "max_val" int(10) NOT NULL DEFAULT 0,
  "min_inc" int(10) NOT NULL DEFAULT 0,
  "max_inc" int(10) NOT NULL DEFAULT 0,
  "lastupdate" datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY ("param")
);
INSERT INTO "server_monitoring_agg" ("param", "s_value", "s_increment", "last_aggregated_increment", "av", "mv", "ad", "lv", "min_val", "max_val", "min_inc", "max_inc", "lastupdate")
SELECT "param",
       "s_value",
       "s_increment",
       "last_aggregated_increment",
       "av",
       "mv",
       "ad",
       "lv",
       "min_val",
       "max_val",
       "min_inc",
       "max_inc",
       "lastupdate"
FROM "old"."server_monitoring_agg";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 28, 'server_monitoring_agg', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- admin_privileges: created, filled from the old database's admin_privileges
CREATE TABLE "admin_privileges" (
  "username" varchar(64) NOT NULL DEFAULT '',
  "domain" varchar(128) NOT NULL DEFAULT '',
  "priv_name" varchar(64) NOT NULL DEFAULT '',
  "priv_value" varchar(64) NOT NULL DEFAULT '',
  PRIMARY KEY ("username", "priv_name", "priv_value", "domain")
);
INSERT INTO "admin_privileges" ("username", "domain", "priv_name", "priv_value")
SELECT "username",
       "domain",
       "priv_name",
       "priv_value"
FROM "old"."admin_privileges";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 29, 'admin_privileges', strftime('%Y-%m-%d %H:%M:%S', 'now'));

-- version rows (the ones replaced are kept for a rollback)
DELETE FROM "version" WHERE "table_name" IN ('subscriber', 'acc', 'missed_calls', 'location', 'aliases', 'dbaliases', 'grp', 're_grp', 'silo', 'domain', 'uri', 'usr_preferences', 'trusted', 'speed_dial', 'gw', 'gw_grp', 'lcr', 'address', 'cpl', 'sip_trace', 'active_sessions', 'pending', 'phonebook', 'server_monitoring', 'usr_preferences_types', 'server_monitoring_agg', 'admin_privileges');
INSERT INTO "version" ("table_name", "table_version") VALUES
  ('subscriber', 6),
  ('acc', 4),
  ('missed_calls', 3),
  ('location', 1004),
  ('aliases', 1004),
  ('dbaliases', 1),
  ('grp', 2),
  ('re_grp', 1),
  ('silo', 5),
  ('domain', 1),
  ('uri', 1),
  ('usr_preferences', 2),
  ('trusted', 4),
  ('speed_dial', 2),
  ('gw', 4),
  ('gw_grp', 1),
  ('lcr', 2),
  ('address', 3),
  ('cpl', 1),
  ('sip_trace', 1),
  ('active_sessions', 1),
  ('pending', 6),
  ('phonebook', 1),
  ('server_monitoring', 1),
  ('usr_preferences_types', 1),
  ('server_monitoring_agg', 1),
  ('admin_privileges', 1);
UPDATE "openser_migrate_history" SET "status" = 'done', "finished" = strftime('%Y-%m-%d %H:%M:%S', 'now') WHERE "id" = 1;
COMMIT;
