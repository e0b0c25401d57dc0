-- The upgrade of an OpenSER 1.1 SQLite database to 1.2 as a DBA would
-- write it by hand, for `make bench` (tests/bench.sh): one transaction,
-- each changed table renamed to old11_NAME (kept, as openser-migrate keeps
-- it), created again as OpenSER 1.2 defines it (plans/1.2.schema), its
-- indexes, then filled by one INSERT ... SELECT; the same mapping as
-- plans/1.1-1.2.map, in plain SQL (sqlite3 has no function of the tool's):
-- the URI user and host by instr/substr, simpler than openser-migrate's
-- SIP rules (bench.sh counts the values where they differ).  No
-- pre-check, no verification, no history, no journal.
BEGIN;
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
SELECT m, substr(ft, 1, 64), substr(tt, 1, 64), cid,
       CASE WHEN st GLOB '[0-9][0-9][0-9]' OR st GLOB '[0-9][0-9][0-9] *' THEN substr(st, 1, 3) ELSE '' END,
       substr(CASE WHEN st GLOB '[0-9][0-9][0-9]' OR st GLOB '[0-9][0-9][0-9] *' THEN substr(st, 5) ELSE coalesce(st, '') END, 1, 32),
       t,
       substr(CASE WHEN instr(fu2, ';') > 0 THEN substr(fu2, 1, instr(fu2, ';') - 1) ELSE fu2 END, 1, 64),
       CASE WHEN substr(fh, 1, 1) = '[' THEN substr(fh, 1, instr(fh, ']')) ELSE
         CASE WHEN instr(fh3, '?') > 0 THEN substr(fh3, 1, instr(fh3, '?') - 1) ELSE fh3 END END,
       substr(CASE WHEN instr(du2, ';') > 0 THEN substr(du2, 1, instr(du2, ';') - 1) ELSE du2 END, 1, 64),
       CASE WHEN substr(dh, 1, 1) = '[' THEN substr(dh, 1, instr(dh, ']')) ELSE
         CASE WHEN instr(dh3, '?') > 0 THEN substr(dh3, 1, instr(dh3, '?') - 1) ELSE dh3 END END
FROM (SELECT *,
        CASE WHEN instr(fu, ':') > 0 THEN substr(fu, 1, instr(fu, ':') - 1) ELSE fu END AS fu2,
        CASE WHEN instr(fh2, ';') > 0 THEN substr(fh2, 1, instr(fh2, ';') - 1) ELSE fh2 END AS fh3,
        CASE WHEN instr(du, ':') > 0 THEN substr(du, 1, instr(du, ':') - 1) ELSE du END AS du2,
        CASE WHEN instr(dh2, ';') > 0 THEN substr(dh2, 1, instr(dh2, ';') - 1) ELSE dh2 END AS dh3
      FROM (SELECT *,
              CASE WHEN instr(fh, ':') > 0 THEN substr(fh, 1, instr(fh, ':') - 1) ELSE fh END AS fh2,
              CASE WHEN instr(dh, ':') > 0 THEN substr(dh, 1, instr(dh, ':') - 1) ELSE dh END AS dh2
            FROM (SELECT *,
                    CASE fk WHEN 'sip' THEN CASE WHEN instr(fr, '@') > 0 THEN substr(fr, 1, instr(fr, '@') - 1) ELSE '' END
                            WHEN 'tel' THEN fr ELSE '' END AS fu,
                    CASE fk WHEN 'sip' THEN substr(fr, instr(fr, '@') + 1) ELSE '' END AS fh,
                    CASE dk WHEN 'sip' THEN CASE WHEN instr(dr, '@') > 0 THEN substr(dr, 1, instr(dr, '@') - 1) ELSE '' END
                            WHEN 'tel' THEN dr ELSE '' END AS du,
                    CASE dk WHEN 'sip' THEN substr(dr, instr(dr, '@') + 1) ELSE '' END AS dh
                  FROM (SELECT *,
                          CASE WHEN lower(substr(f, 1, 4)) IN ('sip:', 'tel:') OR lower(substr(f, 1, 5)) IN ('sips:', 'tels:')
                               THEN lower(substr(f, 1, 3)) ELSE '' END AS fk,
                          substr(f, instr(f, ':') + 1) AS fr,
                          CASE WHEN lower(substr(d, 1, 4)) IN ('sip:', 'tel:') OR lower(substr(d, 1, 5)) IN ('sips:', 'tels:')
                               THEN lower(substr(d, 1, 3)) ELSE '' END AS dk,
                          substr(d, instr(d, ':') + 1) AS dr
                        FROM (SELECT *,
                                CASE WHEN instr(f1, '>') > 0 THEN substr(f1, 1, instr(f1, '>') - 1) ELSE f1 END AS f,
                                CASE WHEN instr(d1, '>') > 0 THEN substr(d1, 1, instr(d1, '>') - 1) ELSE d1 END AS d
                              FROM (SELECT rowid AS r, "sip_method" AS m, "fromtag" AS ft, "totag" AS tt, "sip_callid" AS cid,
                                      "sip_status" AS st, "time" AS t,
                                      CASE WHEN instr("from_uri", '<') > 0 THEN substr("from_uri", instr("from_uri", '<') + 1)
                                           ELSE coalesce("from_uri", '') END AS f1,
                                      CASE WHEN length("i_uri") > 0 THEN
                                             CASE WHEN instr("i_uri", '<') > 0 THEN substr("i_uri", instr("i_uri", '<') + 1) ELSE "i_uri" END
                                           WHEN instr("to_uri", '<') > 0 THEN substr("to_uri", instr("to_uri", '<') + 1)
                                           ELSE coalesce("to_uri", '') END AS d1
                                    FROM "old11_acc" LIMIT -1 OFFSET 0) LIMIT -1 OFFSET 0) LIMIT -1 OFFSET 0)
                  LIMIT -1 OFFSET 0) LIMIT -1 OFFSET 0) LIMIT -1 OFFSET 0)
ORDER BY t, r;
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
SELECT m, substr(ft, 1, 64), substr(tt, 1, 64), cid,
       CASE WHEN st GLOB '[0-9][0-9][0-9]' OR st GLOB '[0-9][0-9][0-9] *' THEN substr(st, 1, 3) ELSE '' END,
       substr(CASE WHEN st GLOB '[0-9][0-9][0-9]' OR st GLOB '[0-9][0-9][0-9] *' THEN substr(st, 5) ELSE coalesce(st, '') END, 1, 32),
       t,
       substr(CASE WHEN instr(fu2, ';') > 0 THEN substr(fu2, 1, instr(fu2, ';') - 1) ELSE fu2 END, 1, 64),
       CASE WHEN substr(fh, 1, 1) = '[' THEN substr(fh, 1, instr(fh, ']')) ELSE
         CASE WHEN instr(fh3, '?') > 0 THEN substr(fh3, 1, instr(fh3, '?') - 1) ELSE fh3 END END,
       substr(CASE WHEN instr(du2, ';') > 0 THEN substr(du2, 1, instr(du2, ';') - 1) ELSE du2 END, 1, 64),
       CASE WHEN substr(dh, 1, 1) = '[' THEN substr(dh, 1, instr(dh, ']')) ELSE
         CASE WHEN instr(dh3, '?') > 0 THEN substr(dh3, 1, instr(dh3, '?') - 1) ELSE dh3 END END
FROM (SELECT *,
        CASE WHEN instr(fu, ':') > 0 THEN substr(fu, 1, instr(fu, ':') - 1) ELSE fu END AS fu2,
        CASE WHEN instr(fh2, ';') > 0 THEN substr(fh2, 1, instr(fh2, ';') - 1) ELSE fh2 END AS fh3,
        CASE WHEN instr(du, ':') > 0 THEN substr(du, 1, instr(du, ':') - 1) ELSE du END AS du2,
        CASE WHEN instr(dh2, ';') > 0 THEN substr(dh2, 1, instr(dh2, ';') - 1) ELSE dh2 END AS dh3
      FROM (SELECT *,
              CASE WHEN instr(fh, ':') > 0 THEN substr(fh, 1, instr(fh, ':') - 1) ELSE fh END AS fh2,
              CASE WHEN instr(dh, ':') > 0 THEN substr(dh, 1, instr(dh, ':') - 1) ELSE dh END AS dh2
            FROM (SELECT *,
                    CASE fk WHEN 'sip' THEN CASE WHEN instr(fr, '@') > 0 THEN substr(fr, 1, instr(fr, '@') - 1) ELSE '' END
                            WHEN 'tel' THEN fr ELSE '' END AS fu,
                    CASE fk WHEN 'sip' THEN substr(fr, instr(fr, '@') + 1) ELSE '' END AS fh,
                    CASE dk WHEN 'sip' THEN CASE WHEN instr(dr, '@') > 0 THEN substr(dr, 1, instr(dr, '@') - 1) ELSE '' END
                            WHEN 'tel' THEN dr ELSE '' END AS du,
                    CASE dk WHEN 'sip' THEN substr(dr, instr(dr, '@') + 1) ELSE '' END AS dh
                  FROM (SELECT *,
                          CASE WHEN lower(substr(f, 1, 4)) IN ('sip:', 'tel:') OR lower(substr(f, 1, 5)) IN ('sips:', 'tels:')
                               THEN lower(substr(f, 1, 3)) ELSE '' END AS fk,
                          substr(f, instr(f, ':') + 1) AS fr,
                          CASE WHEN lower(substr(d, 1, 4)) IN ('sip:', 'tel:') OR lower(substr(d, 1, 5)) IN ('sips:', 'tels:')
                               THEN lower(substr(d, 1, 3)) ELSE '' END AS dk,
                          substr(d, instr(d, ':') + 1) AS dr
                        FROM (SELECT *,
                                CASE WHEN instr(f1, '>') > 0 THEN substr(f1, 1, instr(f1, '>') - 1) ELSE f1 END AS f,
                                CASE WHEN instr(d1, '>') > 0 THEN substr(d1, 1, instr(d1, '>') - 1) ELSE d1 END AS d
                              FROM (SELECT rowid AS r, "sip_method" AS m, "fromtag" AS ft, "totag" AS tt, "sip_callid" AS cid,
                                      "sip_status" AS st, "time" AS t,
                                      CASE WHEN instr("from_uri", '<') > 0 THEN substr("from_uri", instr("from_uri", '<') + 1)
                                           ELSE coalesce("from_uri", '') END AS f1,
                                      CASE WHEN length("i_uri") > 0 THEN
                                             CASE WHEN instr("i_uri", '<') > 0 THEN substr("i_uri", instr("i_uri", '<') + 1) ELSE "i_uri" END
                                           WHEN instr("to_uri", '<') > 0 THEN substr("to_uri", instr("to_uri", '<') + 1)
                                           ELSE coalesce("to_uri", '') END AS d1
                                    FROM "old11_missed_calls" LIMIT -1 OFFSET 0) LIMIT -1 OFFSET 0) LIMIT -1 OFFSET 0)
                  LIMIT -1 OFFSET 0) LIMIT -1 OFFSET 0) LIMIT -1 OFFSET 0)
ORDER BY t, r;
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
       ("ip_addr" & 255) || '.' || (("ip_addr" >> 8) & 255) || '.' || (("ip_addr" >> 16) & 255) || '.' || (("ip_addr" >> 24) & 255),
       "port",
       "uri_scheme",
       "transport",
       "strip",
       "prefix"
FROM "old11_gw"
ORDER BY "gw_name";
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

CREATE TABLE "address" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "grp" smallint unsigned NOT NULL DEFAULT 0,
  "ip_addr" varchar(15) NOT NULL,
  "mask" tinyint(4) NOT NULL DEFAULT 32,
  "port" smallint unsigned NOT NULL DEFAULT 0
);

CREATE TABLE "pdt" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "sdomain" varchar(255) NOT NULL,
  "prefix" varchar(32) NOT NULL,
  "domain" varchar(255) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX "pdt_sdomain_prefix_key" ON "pdt" ("sdomain", "prefix");
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
DELETE FROM "version" WHERE "table_name" IN ('subscriber', 'acc', 'missed_calls', 'location', 'aliases', 'silo', 'trusted', 'gw', 'address', 'pending');

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
  ('pending', 6);
COMMIT;
