-- upgrade: OpenSER 1.1 -> 1.2 in one transaction; the old tables move to a schema of their own (plan 429a6b71add1)
BEGIN;
SELECT pg_try_advisory_xact_lock(hashtext('openser-migrate.' || current_database())) -- repeated for up to 30 s;
SET LOCAL lock_timeout = '30s';
LOCK TABLE "subscriber", "acc", "missed_calls", "location", "aliases", "dbaliases", "grp", "re_grp", "silo", "domain", "uri", "usr_preferences", "trusted", "speed_dial", "gw", "lcr", "cpl", "pending" IN ACCESS EXCLUSIVE MODE;
LOCK TABLE "pd_multidomain", "version" IN SHARE MODE;
CREATE SCHEMA IF NOT EXISTS "old11";
CREATE TABLE IF NOT EXISTS "openser_migrate_history" (
  "id" integer NOT NULL,
  "plan" character varying(64) NOT NULL,
  "checksum" character varying(64) NOT NULL,
  "engine" character varying(16) NOT NULL,
  "command" character varying(16) NOT NULL,
  "options" character varying(255) DEFAULT '' NOT NULL,
  "source" text,
  "tool" character varying(32) NOT NULL,
  "started" character varying(19) NOT NULL,
  "finished" character varying(19),
  "status" character varying(16) NOT NULL,
  PRIMARY KEY ("id")
);
CREATE TABLE IF NOT EXISTS "openser_migrate_journal" (
  "run" integer NOT NULL,
  "step" integer NOT NULL,
  "name" character varying(128) NOT NULL,
  "finished" character varying(19) NOT NULL,
  "source_rows" bigint,
  PRIMARY KEY ("run", "step")
);
CREATE TABLE IF NOT EXISTS "openser_migrate_drift" (
  "run" integer NOT NULL,
  "kind" character varying(32) NOT NULL,
  "table_name" character varying(64) NOT NULL,
  "name" character varying(64) DEFAULT '' NOT NULL,
  PRIMARY KEY ("run", "kind", "table_name", "name")
);
CREATE TABLE IF NOT EXISTS "openser_migrate_version" (
  "run" integer NOT NULL,
  "table_name" character varying(64) NOT NULL,
  "table_version" integer,
  PRIMARY KEY ("run", "table_name")
);
INSERT INTO "openser_migrate_history" ("id", "plan", "checksum", "engine", "command", "options", "source", "tool", "started", "status") VALUES (1, '1.1->1.2', '429a6b71add10434e13c8787dc5cb31ad8dc53cb95bec65ee108cc5c599c9060', 'pgsql', 'upgrade', 'HAS_SERWEB=unset(yes) INSTALL_PRESENCE_TABLES=unset(no) INSTALL_EXTRA_TABLES=unset(no) STORE_PLAINTEXT_PW=unset', NULL, 'openser-migrate 0.1.0', '2007-03-12 12:00:00', 'running') ON CONFLICT DO NOTHING;

-- subscriber: rebuilt; the old table is kept as old11.subscriber
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "subscriber" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "subscriber_id_seq" TO openser;
GRANT SELECT ON TABLE "subscriber" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 1, 'subscriber', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- acc: rebuilt; the old table is kept as old11.acc
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
SELECT "sip_method",
       left("fromtag", 64),
       left("totag", 64),
       "sip_callid",
       CASE WHEN ("sip_status")::text COLLATE "C" ~ '^[0-9]{3}(?: |$)' THEN left(("sip_status")::text COLLATE "C", 3) ELSE '' END,
       left(coalesce(regexp_replace(("sip_status")::text COLLATE "C", '^[0-9]{3}(?: |$)', ''), ''), 32),
       "time",
       left(((SELECT CASE rtrim(lower(split_part(left(om_u, 5) || '.', ':', 1)), 's') WHEN 'sip' THEN CASE WHEN strpos(om_u, '@') > 0 THEN split_part(split_part(split_part(om_u, ':', 2), '@', 1), CASE WHEN strpos(om_u, '=phone') = 0 THEN ':' WHEN om_u ~ '^[^@]*@[^?]*;[uU][sS][eE][rR]=phone(?![^;?])(?![^?]*;[uU][sS][eE][rR]=)' THEN ';' ELSE ':' END, 1) ELSE '' END WHEN 'tel' THEN split_part(substr(om_u, strpos(om_u, ':') + 1), ';', 1) ELSE CASE WHEN strpos(om_u, '@') > 0 THEN split_part(split_part(om_u, '@', 1), ':', 1) ELSE '' END END FROM (SELECT split_part(split_part(("from_uri")::text COLLATE "C", '<', (strpos(("from_uri")::text COLLATE "C", '<') > 0)::int + 1), '>', 1) AS om_u OFFSET 0) AS om_uri) COLLATE "C"), 64),
       ((SELECT CASE rtrim(lower(split_part(left(om_u, 5) || '.', ':', 1)), 's') WHEN 'sip' THEN coalesce(substring(substr(om_u, coalesce(nullif(strpos(om_u, '@'), 0), strpos(om_u, ':')) + 1) from '^(?:[[][^]]*[]]?|[^:;?[][^:;?]*)'), '') WHEN 'tel' THEN '' ELSE coalesce(substring(substr(om_u, coalesce(nullif(strpos(om_u, '@'), 0), 0) + 1) from '^(?:[[][^]]*[]]?|[^:;?[][^:;?]*)'), '') END FROM (SELECT split_part(split_part(("from_uri")::text COLLATE "C", '<', (strpos(("from_uri")::text COLLATE "C", '<') > 0)::int + 1), '>', 1) AS om_u OFFSET 0) AS om_uri) COLLATE "C"),
       left(((SELECT CASE rtrim(lower(split_part(left(om_u, 5) || '.', ':', 1)), 's') WHEN 'sip' THEN CASE WHEN strpos(om_u, '@') > 0 THEN split_part(split_part(split_part(om_u, ':', 2), '@', 1), CASE WHEN strpos(om_u, '=phone') = 0 THEN ':' WHEN om_u ~ '^[^@]*@[^?]*;[uU][sS][eE][rR]=phone(?![^;?])(?![^?]*;[uU][sS][eE][rR]=)' THEN ';' ELSE ':' END, 1) ELSE '' END WHEN 'tel' THEN split_part(substr(om_u, strpos(om_u, ':') + 1), ';', 1) ELSE CASE WHEN strpos(om_u, '@') > 0 THEN split_part(split_part(om_u, '@', 1), ':', 1) ELSE '' END END FROM (SELECT split_part(split_part((coalesce(nullif(("i_uri")::text COLLATE "C", ''), ("to_uri")::text COLLATE "C"))::text COLLATE "C", '<', (strpos((coalesce(nullif(("i_uri")::text COLLATE "C", ''), ("to_uri")::text COLLATE "C"))::text COLLATE "C", '<') > 0)::int + 1), '>', 1) AS om_u OFFSET 0) AS om_uri) COLLATE "C"), 64),
       ((SELECT CASE rtrim(lower(split_part(left(om_u, 5) || '.', ':', 1)), 's') WHEN 'sip' THEN coalesce(substring(substr(om_u, coalesce(nullif(strpos(om_u, '@'), 0), strpos(om_u, ':')) + 1) from '^(?:[[][^]]*[]]?|[^:;?[][^:;?]*)'), '') WHEN 'tel' THEN '' ELSE coalesce(substring(substr(om_u, coalesce(nullif(strpos(om_u, '@'), 0), 0) + 1) from '^(?:[[][^]]*[]]?|[^:;?[][^:;?]*)'), '') END FROM (SELECT split_part(split_part((coalesce(nullif(("i_uri")::text COLLATE "C", ''), ("to_uri")::text COLLATE "C"))::text COLLATE "C", '<', (strpos((coalesce(nullif(("i_uri")::text COLLATE "C", ''), ("to_uri")::text COLLATE "C"))::text COLLATE "C", '<') > 0)::int + 1), '>', 1) AS om_u OFFSET 0) AS om_uri) COLLATE "C")
FROM "old11"."acc"
ORDER BY "time", "ctid";
CREATE INDEX "acc_callid_indx" ON "acc" ("callid");
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "acc" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "acc_id_seq" TO openser;
GRANT SELECT ON TABLE "acc" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 2, 'acc', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- missed_calls: rebuilt; the old table is kept as old11.missed_calls
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
SELECT "sip_method",
       left("fromtag", 64),
       left("totag", 64),
       "sip_callid",
       CASE WHEN ("sip_status")::text COLLATE "C" ~ '^[0-9]{3}(?: |$)' THEN left(("sip_status")::text COLLATE "C", 3) ELSE '' END,
       left(coalesce(regexp_replace(("sip_status")::text COLLATE "C", '^[0-9]{3}(?: |$)', ''), ''), 32),
       "time",
       left(((SELECT CASE rtrim(lower(split_part(left(om_u, 5) || '.', ':', 1)), 's') WHEN 'sip' THEN CASE WHEN strpos(om_u, '@') > 0 THEN split_part(split_part(split_part(om_u, ':', 2), '@', 1), CASE WHEN strpos(om_u, '=phone') = 0 THEN ':' WHEN om_u ~ '^[^@]*@[^?]*;[uU][sS][eE][rR]=phone(?![^;?])(?![^?]*;[uU][sS][eE][rR]=)' THEN ';' ELSE ':' END, 1) ELSE '' END WHEN 'tel' THEN split_part(substr(om_u, strpos(om_u, ':') + 1), ';', 1) ELSE CASE WHEN strpos(om_u, '@') > 0 THEN split_part(split_part(om_u, '@', 1), ':', 1) ELSE '' END END FROM (SELECT split_part(split_part(("from_uri")::text COLLATE "C", '<', (strpos(("from_uri")::text COLLATE "C", '<') > 0)::int + 1), '>', 1) AS om_u OFFSET 0) AS om_uri) COLLATE "C"), 64),
       ((SELECT CASE rtrim(lower(split_part(left(om_u, 5) || '.', ':', 1)), 's') WHEN 'sip' THEN coalesce(substring(substr(om_u, coalesce(nullif(strpos(om_u, '@'), 0), strpos(om_u, ':')) + 1) from '^(?:[[][^]]*[]]?|[^:;?[][^:;?]*)'), '') WHEN 'tel' THEN '' ELSE coalesce(substring(substr(om_u, coalesce(nullif(strpos(om_u, '@'), 0), 0) + 1) from '^(?:[[][^]]*[]]?|[^:;?[][^:;?]*)'), '') END FROM (SELECT split_part(split_part(("from_uri")::text COLLATE "C", '<', (strpos(("from_uri")::text COLLATE "C", '<') > 0)::int + 1), '>', 1) AS om_u OFFSET 0) AS om_uri) COLLATE "C"),
       left(((SELECT CASE rtrim(lower(split_part(left(om_u, 5) || '.', ':', 1)), 's') WHEN 'sip' THEN CASE WHEN strpos(om_u, '@') > 0 THEN split_part(split_part(split_part(om_u, ':', 2), '@', 1), CASE WHEN strpos(om_u, '=phone') = 0 THEN ':' WHEN om_u ~ '^[^@]*@[^?]*;[uU][sS][eE][rR]=phone(?![^;?])(?![^?]*;[uU][sS][eE][rR]=)' THEN ';' ELSE ':' END, 1) ELSE '' END WHEN 'tel' THEN split_part(substr(om_u, strpos(om_u, ':') + 1), ';', 1) ELSE CASE WHEN strpos(om_u, '@') > 0 THEN split_part(split_part(om_u, '@', 1), ':', 1) ELSE '' END END FROM (SELECT split_part(split_part((coalesce(nullif(("i_uri")::text COLLATE "C", ''), ("to_uri")::text COLLATE "C"))::text COLLATE "C", '<', (strpos((coalesce(nullif(("i_uri")::text COLLATE "C", ''), ("to_uri")::text COLLATE "C"))::text COLLATE "C", '<') > 0)::int + 1), '>', 1) AS om_u OFFSET 0) AS om_uri) COLLATE "C"), 64),
       ((SELECT CASE rtrim(lower(split_part(left(om_u, 5) || '.', ':', 1)), 's') WHEN 'sip' THEN coalesce(substring(substr(om_u, coalesce(nullif(strpos(om_u, '@'), 0), strpos(om_u, ':')) + 1) from '^(?:[[][^]]*[]]?|[^:;?[][^:;?]*)'), '') WHEN 'tel' THEN '' ELSE coalesce(substring(substr(om_u, coalesce(nullif(strpos(om_u, '@'), 0), 0) + 1) from '^(?:[[][^]]*[]]?|[^:;?[][^:;?]*)'), '') END FROM (SELECT split_part(split_part((coalesce(nullif(("i_uri")::text COLLATE "C", ''), ("to_uri")::text COLLATE "C"))::text COLLATE "C", '<', (strpos((coalesce(nullif(("i_uri")::text COLLATE "C", ''), ("to_uri")::text COLLATE "C"))::text COLLATE "C", '<') > 0)::int + 1), '>', 1) AS om_u OFFSET 0) AS om_uri) COLLATE "C")
FROM "old11"."missed_calls"
ORDER BY "time", "ctid";
CREATE INDEX "mc_callid_indx" ON "missed_calls" ("callid");
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "missed_calls" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "missed_calls_id_seq" TO openser;
GRANT SELECT ON TABLE "missed_calls" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 3, 'missed_calls', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- location: rebuilt; the old table is kept as old11.location
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "location" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "location_id_seq" TO openser;
GRANT SELECT ON TABLE "location" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 4, 'location', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- aliases: rebuilt; the old table is kept as old11.aliases
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "aliases" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "aliases_id_seq" TO openser;
GRANT SELECT ON TABLE "aliases" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 5, 'aliases', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- dbaliases: rebuilt; the old table is kept as old11.dbaliases
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "dbaliases" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "dbaliases_id_seq" TO openser;
GRANT SELECT ON TABLE "dbaliases" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 6, 'dbaliases', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- grp: rebuilt; the old table is kept as old11.grp
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "grp" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "grp_id_seq" TO openser;
GRANT SELECT ON TABLE "grp" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 7, 'grp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- re_grp: rebuilt; the old table is kept as old11.re_grp
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "re_grp" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "re_grp_id_seq" TO openser;
GRANT SELECT ON TABLE "re_grp" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 8, 're_grp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- silo: rebuilt; the old table is kept as old11.silo
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
SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('"silo"', 'id') AS seq, (SELECT max("id") FROM "silo") AS m) x JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0);
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "silo" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "silo_id_seq" TO openser;
GRANT SELECT ON TABLE "silo" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 9, 'silo', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- domain: rebuilt; the old table is kept as old11.domain
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "domain" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "domain_id_seq" TO openser;
GRANT SELECT ON TABLE "domain" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 10, 'domain', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- uri: rebuilt; the old table is kept as old11.uri
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "uri" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "uri_id_seq" TO openser;
GRANT SELECT ON TABLE "uri" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 11, 'uri', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- usr_preferences: rebuilt; the old table is kept as old11.usr_preferences
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
SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('"usr_preferences"', 'id') AS seq, (SELECT max("id") FROM "usr_preferences") AS m) x JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0);
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "usr_preferences" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "usr_preferences_id_seq" TO openser;
GRANT SELECT ON TABLE "usr_preferences" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 12, 'usr_preferences', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- trusted: rebuilt; the old table is kept as old11.trusted
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "trusted" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "trusted_id_seq" TO openser;
GRANT SELECT ON TABLE "trusted" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 13, 'trusted', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- speed_dial: rebuilt; the old table is kept as old11.speed_dial
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "speed_dial" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "speed_dial_id_seq" TO openser;
GRANT SELECT ON TABLE "speed_dial" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 14, 'speed_dial', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- gw: rebuilt; the old table is kept as old11.gw
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
       regexp_replace(host('0.0.0.0'::inet + coalesce(nullif(least(substring(("ip_addr")::text COLLATE "C" from '^[[:blank:]]*0*([1-9][0-9]{0,9})[[:blank:]]*$')::bigint, 4294967296), 4294967296), 0)), '^([0-9]+)[.]([0-9]+)[.]([0-9]+)[.]([0-9]+)$', E'\\4.\\3.\\2.\\1'),
       "port",
       "uri_scheme",
       "transport",
       "strip",
       "prefix"
FROM "old11"."gw"
ORDER BY "gw_name";
CREATE INDEX "gw_grp_id_indx" ON "gw" ("grp_id");
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "gw" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "gw_id_seq" TO openser;
GRANT SELECT ON TABLE "gw" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 15, 'gw', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- lcr: rebuilt; the old table is kept as old11.lcr
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "lcr" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "lcr_id_seq" TO openser;
GRANT SELECT ON TABLE "lcr" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 16, 'lcr', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- address: created empty
CREATE TABLE "address" (
  "id" serial,
  "grp" smallint DEFAULT 0 NOT NULL,
  "ip_addr" character varying(15) DEFAULT '' NOT NULL,
  "mask" numeric(4,0) DEFAULT 32 NOT NULL,
  "port" smallint DEFAULT 0 NOT NULL,
  PRIMARY KEY ("id")
);
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "address" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "address_id_seq" TO openser;
GRANT SELECT ON TABLE "address" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 17, 'address', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- pdt: created, filled from pd_multidomain (which is left as it is)
CREATE TABLE "pdt" (
  "id" serial,
  "sdomain" character varying(255) NOT NULL,
  "prefix" character varying(32) NOT NULL,
  "domain" character varying(255) DEFAULT '' NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "pdt_sdomain_prefix_key" UNIQUE ("sdomain", "prefix")
);
INSERT INTO "pdt" ("sdomain", "prefix", "domain")
SELECT "sdomain",
       "prefix",
       "domain"
FROM "pd_multidomain"
ORDER BY "sdomain", "prefix";
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "pdt" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "pdt_id_seq" TO openser;
GRANT SELECT ON TABLE "pdt" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 18, 'pdt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- cpl: rebuilt; the old table is kept as old11.cpl
ALTER TABLE "cpl" SET SCHEMA "old11";
CREATE TABLE "cpl" (
  "id" serial,
  "username" character varying(64) NOT NULL,
  "domain" character varying(64) DEFAULT '' NOT NULL,
  "cpl_xml" text,
  "cpl_bin" text,
  PRIMARY KEY ("id"),
  CONSTRAINT "cpl_username_domain_key" UNIQUE ("username", "domain")
);
INSERT INTO "cpl" ("username", "domain", "cpl_xml", "cpl_bin")
SELECT "username",
       "domain",
       "cpl_xml",
       "cpl_bin"
FROM "old11"."cpl"
ORDER BY "username", "domain";
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "cpl" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "cpl_id_seq" TO openser;
GRANT SELECT ON TABLE "cpl" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 19, 'cpl', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- pending: rebuilt; the old table is kept as old11.pending
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
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE "pending" TO openser;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "pending_id_seq" TO openser;
GRANT SELECT ON TABLE "pending" TO openserro;
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 20, 'pending', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));
SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('"gw_grp"', 'grp_id') AS seq, (SELECT max("grp_id") FROM "gw_grp") AS m) x JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0);
SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('"sip_trace"', 'id') AS seq, (SELECT max("id") FROM "sip_trace") AS m) x JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0);
SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('"phonebook"', 'id') AS seq, (SELECT max("id") FROM "phonebook") AS m) x JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0);

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
UPDATE "openser_migrate_history" SET "status" = 'done', "finished" = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') WHERE "id" = 1;
COMMIT;
