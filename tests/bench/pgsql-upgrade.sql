-- The upgrade of an OpenSER 1.1 PostgreSQL database to 1.2 as a DBA
-- would write it by hand, for `make bench` (tests/bench.sh): one
-- transaction; each changed table moved to the schema old11 (kept, as
-- openser-migrate keeps it), created again as OpenSER 1.2 defines it
-- (plans/1.2.schema), filled by one INSERT ... SELECT, its indexes built
-- after the load.  The same mapping as plans/1.1-1.2.map, in plain SQL:
-- the URI user and host by regular expressions, simpler than
-- openser-migrate's SIP rules (bench.sh counts the values where they
-- differ).  No pre-check, no verification, no lock, no history, no
-- journal.
BEGIN;
CREATE SCHEMA IF NOT EXISTS "old11";
ALTER TABLE "subscriber" SET SCHEMA "old11";

CREATE TABLE "subscriber" (
  "id" serial,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "password" character varying(25) DEFAULT '' NOT NULL,
  "first_name" character varying(25) DEFAULT '' NOT NULL,
  "last_name" character varying(45) DEFAULT '' NOT NULL,
  "email_address" character varying(50) DEFAULT '' NOT NULL,
  "datetime_created" timestamp without time zone DEFAULT now() NOT NULL,
  "ha1" character varying(128) DEFAULT '' NOT NULL,
  "ha1b" character varying(128) DEFAULT '' NOT NULL,
  "timezone" character varying(128) DEFAULT NULL,
  "rpid" character varying(128) DEFAULT NULL,
  "phplib_id" character varying(32) DEFAULT '' NOT NULL,
  "phone" character varying(15) DEFAULT '' NOT NULL,
  "datetime_modified" timestamp without time zone DEFAULT now() NOT NULL,
  "confirmation" character varying(64) DEFAULT '' NOT NULL,
  "flag" character(1) DEFAULT 'o' NOT NULL,
  "sendnotification" character varying(50) DEFAULT '' NOT NULL,
  "greeting" character varying(50) DEFAULT '' NOT NULL,
  "allow_find" character(1) DEFAULT '0' NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "subscriber_username_domain_key" UNIQUE ("username", "domain"),
  CONSTRAINT "phplib_id_key" UNIQUE ("phplib_id")
);

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
FROM "old11"."subscriber"
ORDER BY "username", "domain";
CREATE INDEX "username_subs_indx" ON "subscriber" ("username");
ALTER TABLE "acc" SET SCHEMA "old11";

CREATE TABLE "acc" (
  "id" serial,
  "method" character varying(16) DEFAULT '' NOT NULL,
  "from_tag" character varying(64) DEFAULT '' NOT NULL,
  "to_tag" character varying(64) DEFAULT '' NOT NULL,
  "callid" character varying(128) DEFAULT '' NOT NULL,
  "sip_code" character(3) DEFAULT '' NOT NULL,
  "sip_reason" character varying(32) DEFAULT '' NOT NULL,
  "time" timestamp without time zone DEFAULT '1900-01-01 00:00:01' NOT NULL,
  "src_user" character varying(64) DEFAULT '' NOT NULL,
  "src_domain" character varying(128) DEFAULT '' NOT NULL,
  "dst_user" character varying(64) DEFAULT '' NOT NULL,
  "dst_domain" character varying(128) DEFAULT '' NOT NULL,
  PRIMARY KEY ("id")
);
INSERT INTO "acc" ("method", "from_tag", "to_tag", "callid", "sip_code", "sip_reason", "time", "src_user", "src_domain", "dst_user", "dst_domain")
SELECT a."sip_method", left(a."fromtag", 64), left(a."totag", 64), a."sip_callid",
       CASE WHEN a."sip_status" ~ '^[0-9]{3}( |$)' THEN left(a."sip_status", 3) ELSE '' END,
       left(CASE WHEN a."sip_status" ~ '^[0-9]{3}( |$)' THEN substr(a."sip_status", 5) ELSE coalesce(a."sip_status", '') END, 32),
       a."time",
       left(CASE WHEN u.f ~* '^sips?:' THEN coalesce(split_part(split_part(substring(u.f from ':([^@]*)@'), ':', 1), ';', 1), '')
                 WHEN u.f ~* '^tels?:' THEN split_part(substring(u.f from ':(.*)$'), ';', 1) ELSE '' END, 64),
       CASE WHEN u.f ~* '^sips?:' THEN coalesce(substring(u.f from '^[^:]*:(?:[^@]*@)?(\[[^]]*\]|[^:;?]*)'), '') ELSE '' END,
       left(CASE WHEN u.d ~* '^sips?:' THEN coalesce(split_part(split_part(substring(u.d from ':([^@]*)@'), ':', 1), ';', 1), '')
                 WHEN u.d ~* '^tels?:' THEN split_part(substring(u.d from ':(.*)$'), ';', 1) ELSE '' END, 64),
       CASE WHEN u.d ~* '^sips?:' THEN coalesce(substring(u.d from '^[^:]*:(?:[^@]*@)?(\[[^]]*\]|[^:;?]*)'), '') ELSE '' END
FROM "old11"."acc" AS a,
     LATERAL (SELECT split_part(coalesce(substring(a."from_uri" from '<(.*)$'), a."from_uri"), '>', 1) AS f,
                     split_part(coalesce(substring(coalesce(nullif(a."i_uri", ''), a."to_uri") from '<(.*)$'),
                                         coalesce(nullif(a."i_uri", ''), a."to_uri")), '>', 1) AS d) AS u
ORDER BY a."time", a.ctid;
CREATE INDEX "acc_callid_indx" ON "acc" ("callid");
ALTER TABLE "missed_calls" SET SCHEMA "old11";

CREATE TABLE "missed_calls" (
  "id" serial,
  "method" character varying(16) DEFAULT '' NOT NULL,
  "from_tag" character varying(64) DEFAULT '' NOT NULL,
  "to_tag" character varying(64) DEFAULT '' NOT NULL,
  "callid" character varying(128) DEFAULT '' NOT NULL,
  "sip_code" character(3) DEFAULT '' NOT NULL,
  "sip_reason" character varying(32) DEFAULT '' NOT NULL,
  "time" timestamp without time zone DEFAULT '1900-01-01 00:00:01' NOT NULL,
  "src_user" character varying(64) DEFAULT '' NOT NULL,
  "src_domain" character varying(128) DEFAULT '' NOT NULL,
  "dst_user" character varying(64) DEFAULT '' NOT NULL,
  "dst_domain" character varying(128) DEFAULT '' NOT NULL,
  PRIMARY KEY ("id")
);
INSERT INTO "missed_calls" ("method", "from_tag", "to_tag", "callid", "sip_code", "sip_reason", "time", "src_user", "src_domain", "dst_user", "dst_domain")
SELECT a."sip_method", left(a."fromtag", 64), left(a."totag", 64), a."sip_callid",
       CASE WHEN a."sip_status" ~ '^[0-9]{3}( |$)' THEN left(a."sip_status", 3) ELSE '' END,
       left(CASE WHEN a."sip_status" ~ '^[0-9]{3}( |$)' THEN substr(a."sip_status", 5) ELSE coalesce(a."sip_status", '') END, 32),
       a."time",
       left(CASE WHEN u.f ~* '^sips?:' THEN coalesce(split_part(split_part(substring(u.f from ':([^@]*)@'), ':', 1), ';', 1), '')
                 WHEN u.f ~* '^tels?:' THEN split_part(substring(u.f from ':(.*)$'), ';', 1) ELSE '' END, 64),
       CASE WHEN u.f ~* '^sips?:' THEN coalesce(substring(u.f from '^[^:]*:(?:[^@]*@)?(\[[^]]*\]|[^:;?]*)'), '') ELSE '' END,
       left(CASE WHEN u.d ~* '^sips?:' THEN coalesce(split_part(split_part(substring(u.d from ':([^@]*)@'), ':', 1), ';', 1), '')
                 WHEN u.d ~* '^tels?:' THEN split_part(substring(u.d from ':(.*)$'), ';', 1) ELSE '' END, 64),
       CASE WHEN u.d ~* '^sips?:' THEN coalesce(substring(u.d from '^[^:]*:(?:[^@]*@)?(\[[^]]*\]|[^:;?]*)'), '') ELSE '' END
FROM "old11"."missed_calls" AS a,
     LATERAL (SELECT split_part(coalesce(substring(a."from_uri" from '<(.*)$'), a."from_uri"), '>', 1) AS f,
                     split_part(coalesce(substring(coalesce(nullif(a."i_uri", ''), a."to_uri") from '<(.*)$'),
                                         coalesce(nullif(a."i_uri", ''), a."to_uri")), '>', 1) AS d) AS u
ORDER BY a."time", a.ctid;
CREATE INDEX "mc_callid_indx" ON "missed_calls" ("callid");
ALTER TABLE "location" SET SCHEMA "old11";

CREATE TABLE "location" (
  "id" serial,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "contact" character varying(255) DEFAULT '' NOT NULL,
  "received" character varying(255) DEFAULT NULL,
  "path" character varying(255) DEFAULT NULL,
  "expires" timestamp without time zone DEFAULT '2020-05-28 21:32:15' NOT NULL,
  "q" numeric(10,2) DEFAULT 1 NOT NULL,
  "callid" character varying(255) DEFAULT 'Default-Call-ID' NOT NULL,
  "cseq" integer DEFAULT 42 NOT NULL,
  "last_modified" timestamp without time zone DEFAULT now() NOT NULL,
  "flags" integer DEFAULT 0 NOT NULL,
  "cflags" integer DEFAULT 0 NOT NULL,
  "user_agent" character varying(255) DEFAULT '' NOT NULL,
  "socket" character varying(128) DEFAULT NULL,
  "methods" integer,
  PRIMARY KEY ("id")
);

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
FROM "old11"."location"
ORDER BY "username", "domain", "contact";
CREATE INDEX "location_udc_indx" ON "location" ("username", "domain", "contact");
ALTER TABLE "aliases" SET SCHEMA "old11";

CREATE TABLE "aliases" (
  "id" serial,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "contact" character varying(255) DEFAULT '' NOT NULL,
  "received" character varying(255) DEFAULT NULL,
  "path" character varying(255) DEFAULT NULL,
  "expires" timestamp without time zone DEFAULT '2020-05-28 21:32:15' NOT NULL,
  "q" numeric(10,2) DEFAULT 1 NOT NULL,
  "callid" character varying(255) DEFAULT 'Default-Call-ID' NOT NULL,
  "cseq" integer DEFAULT 42 NOT NULL,
  "last_modified" timestamp without time zone DEFAULT now() NOT NULL,
  "flags" integer DEFAULT 0 NOT NULL,
  "cflags" integer DEFAULT 0 NOT NULL,
  "user_agent" character varying(255) DEFAULT '' NOT NULL,
  "socket" character varying(128) DEFAULT NULL,
  "methods" integer,
  PRIMARY KEY ("id")
);

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
FROM "old11"."aliases"
ORDER BY "username", "domain", "contact";
CREATE INDEX "aliases_udc_indx" ON "aliases" ("username", "domain", "contact");
ALTER TABLE "dbaliases" SET SCHEMA "old11";

CREATE TABLE "dbaliases" (
  "id" serial,
  "alias_username" character varying(64) DEFAULT '' NOT NULL,
  "alias_domain" character varying(128) DEFAULT '' NOT NULL,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "dbaliases_alias_username_alias_domain_key" UNIQUE ("alias_username", "alias_domain")
);

INSERT INTO "dbaliases" ("alias_username", "alias_domain", "username", "domain")
SELECT "alias_username",
       "alias_domain",
       "username",
       "domain"
FROM "old11"."dbaliases"
ORDER BY "alias_username", "alias_domain";
CREATE INDEX "alias_user_indx" ON "dbaliases" ("username", "domain");
ALTER TABLE "grp" SET SCHEMA "old11";

CREATE TABLE "grp" (
  "id" serial,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "grp" character varying(50) DEFAULT '' NOT NULL,
  "last_modified" timestamp without time zone DEFAULT now() NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "grp_username_domain_grp_key" UNIQUE ("username", "domain", "grp")
);

INSERT INTO "grp" ("username", "domain", "grp", "last_modified")
SELECT "username",
       "domain",
       "grp",
       "last_modified"
FROM "old11"."grp"
ORDER BY "username", "domain", "grp";
ALTER TABLE "re_grp" SET SCHEMA "old11";

CREATE TABLE "re_grp" (
  "id" serial,
  "reg_exp" character varying(128) DEFAULT '' NOT NULL,
  "group_id" integer DEFAULT 0 NOT NULL,
  PRIMARY KEY ("id")
);

INSERT INTO "re_grp" ("reg_exp", "group_id")
SELECT "reg_exp",
       "group_id"
FROM "old11"."re_grp"
ORDER BY "reg_exp";
CREATE INDEX "gid_grp_indx" ON "re_grp" ("group_id");
ALTER TABLE "silo" SET SCHEMA "old11";

CREATE TABLE "silo" (
  "id" serial,
  "src_addr" character varying(255) DEFAULT '' NOT NULL,
  "dst_addr" character varying(255) DEFAULT '' NOT NULL,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "inc_time" integer DEFAULT 0 NOT NULL,
  "exp_time" integer DEFAULT 0 NOT NULL,
  "snd_time" integer DEFAULT 0 NOT NULL,
  "ctype" character varying(32) DEFAULT 'text/plain' NOT NULL,
  "body" text DEFAULT '' NOT NULL,
  PRIMARY KEY ("id")
);

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
FROM "old11"."silo";
CREATE INDEX "silo_idx" ON "silo" ("username", "domain");
SELECT setval(pg_get_serial_sequence('"silo"', 'id'), max("id")) FROM "silo";
ALTER TABLE "domain" SET SCHEMA "old11";

CREATE TABLE "domain" (
  "id" serial,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "last_modified" timestamp without time zone DEFAULT now() NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "domain_domain_key" UNIQUE ("domain")
);

INSERT INTO "domain" ("domain", "last_modified")
SELECT "domain",
       "last_modified"
FROM "old11"."domain"
ORDER BY "domain";
ALTER TABLE "uri" SET SCHEMA "old11";

CREATE TABLE "uri" (
  "id" serial,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "uri_user" character varying(50) DEFAULT '' NOT NULL,
  "last_modified" timestamp without time zone DEFAULT now() NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "uri_username_domain_uri_user_key" UNIQUE ("username", "domain", "uri_user")
);

INSERT INTO "uri" ("username", "domain", "uri_user", "last_modified")
SELECT "username",
       "domain",
       "uri_user",
       "last_modified"
FROM "old11"."uri"
ORDER BY "username", "domain", "uri_user";
ALTER TABLE "usr_preferences" SET SCHEMA "old11";

CREATE TABLE "usr_preferences" (
  "id" serial,
  "uuid" character varying(64) DEFAULT '' NOT NULL,
  "username" character varying(100) DEFAULT '0' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "attribute" character varying(32) DEFAULT '' NOT NULL,
  "value" character varying(128) DEFAULT '' NOT NULL,
  "type" integer DEFAULT 0 NOT NULL,
  "last_modified" timestamp without time zone DEFAULT now() NOT NULL,
  PRIMARY KEY ("id")
);

INSERT INTO "usr_preferences" ("id", "uuid", "username", "domain", "attribute", "value", "type", "last_modified")
SELECT "id",
       "uuid",
       "username",
       "domain",
       "attribute",
       "value",
       "type",
       "modified"
FROM "old11"."usr_preferences";
CREATE INDEX "ua_idx" ON "usr_preferences" ("uuid", "attribute");
CREATE INDEX "uda_idx" ON "usr_preferences" ("username", "domain", "attribute");
SELECT setval(pg_get_serial_sequence('"usr_preferences"', 'id'), max("id")) FROM "usr_preferences";
ALTER TABLE "trusted" SET SCHEMA "old11";

CREATE TABLE "trusted" (
  "id" serial,
  "src_ip" character varying(39) NOT NULL,
  "proto" character varying(4) NOT NULL,
  "from_pattern" character varying(64) DEFAULT NULL,
  "tag" character varying(32) DEFAULT NULL,
  PRIMARY KEY ("id")
);

INSERT INTO "trusted" ("src_ip", "proto", "from_pattern", "tag")
SELECT "src_ip",
       "proto",
       "from_pattern",
       "tag"
FROM "old11"."trusted";
CREATE INDEX "ip_addr" ON "trusted" ("src_ip");
ALTER TABLE "speed_dial" SET SCHEMA "old11";

CREATE TABLE "speed_dial" (
  "id" serial,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "sd_username" character varying(64) DEFAULT '' NOT NULL,
  "sd_domain" character varying(128) DEFAULT '' NOT NULL,
  "new_uri" character varying(192) DEFAULT '' NOT NULL,
  "fname" character varying(128) DEFAULT '' NOT NULL,
  "lname" character varying(128) DEFAULT '' NOT NULL,
  "description" character varying(64) DEFAULT '' NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "speed_dial_username_domain_sd_domain_sd_username_key" UNIQUE ("username", "domain", "sd_domain", "sd_username")
);

INSERT INTO "speed_dial" ("username", "domain", "sd_username", "sd_domain", "new_uri", "fname", "lname", "description")
SELECT "username",
       "domain",
       "sd_username",
       "sd_domain",
       "new_uri",
       "fname",
       "lname",
       "description"
FROM "old11"."speed_dial"
ORDER BY "username", "domain", "sd_domain", "sd_username";
ALTER TABLE "gw" SET SCHEMA "old11";

CREATE TABLE "gw" (
  "id" serial,
  "gw_name" character varying(128) NOT NULL,
  "grp_id" integer NOT NULL,
  "ip_addr" character varying(15) NOT NULL,
  "port" integer,
  "uri_scheme" smallint,
  "transport" smallint,
  "strip" smallint,
  "prefix" character varying(16) DEFAULT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "gw_gw_name_key" UNIQUE ("gw_name"),
  CONSTRAINT "gw_grp_id_check" CHECK ((grp_id > 0)),
  CONSTRAINT "gw_port_check" CHECK (((port > 0) AND (port < 65536))),
  CONSTRAINT "gw_strip_check" CHECK ((strip >= 0)),
  CONSTRAINT "gw_transport_check" CHECK (((transport >= 0) AND (transport < 256))),
  CONSTRAINT "gw_uri_scheme_check" CHECK (((uri_scheme >= 0) AND (uri_scheme < 256)))
);

INSERT INTO "gw" ("gw_name", "grp_id", "ip_addr", "port", "uri_scheme", "transport", "strip", "prefix")
SELECT "gw_name",
       "grp_id",
       concat_ws('.', "ip_addr" & 255, "ip_addr" >> 8 & 255, "ip_addr" >> 16 & 255, "ip_addr" >> 24 & 255),
       "port",
       "uri_scheme",
       "transport",
       "strip",
       "prefix"
FROM "old11"."gw"
ORDER BY "gw_name";
CREATE INDEX "gw_grp_id_indx" ON "gw" ("grp_id");
ALTER TABLE "lcr" SET SCHEMA "old11";

CREATE TABLE "lcr" (
  "id" serial,
  "prefix" character varying(16) NOT NULL,
  "from_uri" character varying(128) DEFAULT NULL,
  "grp_id" integer NOT NULL,
  "priority" smallint NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "lcr_grp_id_check" CHECK ((grp_id > 0)),
  CONSTRAINT "lcr_priority_check" CHECK (((priority >= 0) AND (priority < 256)))
);

INSERT INTO "lcr" ("prefix", "from_uri", "grp_id", "priority")
SELECT "prefix",
       "from_uri",
       "grp_id",
       "priority"
FROM "old11"."lcr";
CREATE INDEX "lcr_prefix_indx" ON "lcr" ("prefix");
CREATE INDEX "lcr_from_uri_indx" ON "lcr" ("from_uri");
CREATE INDEX "lcr_grp_id_indx" ON "lcr" ("grp_id");

CREATE TABLE "address" (
  "id" serial,
  "grp" smallint DEFAULT 0 NOT NULL,
  "ip_addr" character varying(15) DEFAULT '' NOT NULL,
  "mask" numeric(4,0) DEFAULT 32 NOT NULL,
  "port" smallint DEFAULT 0 NOT NULL,
  PRIMARY KEY ("id")
);

CREATE TABLE "pdt" (
  "id" serial,
  "sdomain" character varying(255) NOT NULL,
  "prefix" character varying(32) NOT NULL,
  "domain" character varying(255) DEFAULT '' NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "pdt_sdomain_prefix_key" UNIQUE ("sdomain", "prefix")
);
ALTER TABLE "pending" SET SCHEMA "old11";

CREATE TABLE "pending" (
  "id" serial,
  "phplib_id" character varying(32) DEFAULT '' NOT NULL,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "password" character varying(25) DEFAULT '' NOT NULL,
  "first_name" character varying(25) DEFAULT '' NOT NULL,
  "last_name" character varying(45) DEFAULT '' NOT NULL,
  "phone" character varying(15) DEFAULT '' NOT NULL,
  "email_address" character varying(50) DEFAULT '' NOT NULL,
  "datetime_created" timestamp without time zone DEFAULT now() NOT NULL,
  "datetime_modified" timestamp without time zone DEFAULT now() NOT NULL,
  "confirmation" character varying(64) DEFAULT '' NOT NULL,
  "flag" character(1) DEFAULT 'o' NOT NULL,
  "sendnotification" character varying(50) DEFAULT '' NOT NULL,
  "greeting" character varying(50) DEFAULT '' NOT NULL,
  "ha1" character varying(128) DEFAULT '' NOT NULL,
  "ha1b" character varying(128) DEFAULT '' NOT NULL,
  "allow_find" character(1) DEFAULT '0' NOT NULL,
  "timezone" character varying(128) DEFAULT NULL,
  "rpid" character varying(128) DEFAULT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "pending_username_domain_key" UNIQUE ("username", "domain"),
  CONSTRAINT "pending_phplib_id_key" UNIQUE ("phplib_id")
);

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
FROM "old11"."pending"
ORDER BY "username", "domain";
CREATE INDEX "username_pend_indx" ON "pending" ("username");
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
