-- migrate: OpenSER 1.1 -> 1.2 from database DB into the new database NEWDB (plan 429a6b71add1); rows are streamed from a SELECT on DB, which is only read
CREATE DATABASE "NEWDB" TEMPLATE template0 ENCODING 'UTF8';
\connect "NEWDB";
BEGIN;
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
INSERT INTO "openser_migrate_history" ("id", "plan", "checksum", "engine", "command", "options", "source", "tool", "started", "status") VALUES (1, '1.1->1.2', '429a6b71add10434e13c8787dc5cb31ad8dc53cb95bec65ee108cc5c599c9060', 'pgsql', 'migrate', 'HAS_SERWEB=unset(yes) INSTALL_PRESENCE_TABLES=unset(no) INSTALL_EXTRA_TABLES=unset(no) STORE_PLAINTEXT_PW=unset', 'DB', 'openser-migrate 0.1.0', '2007-03-12 12:00:00', 'running') ON CONFLICT DO NOTHING;
COMMIT;
BEGIN;
SELECT pg_try_advisory_xact_lock(hashtext('openser-migrate.' || current_database())) -- repeated for up to 30 s;

-- version: created empty
CREATE TABLE "version" (
  "table_name" character varying(64) NOT NULL,
  "table_version" smallint DEFAULT 0 NOT NULL,
  PRIMARY KEY ("table_name")
);
GRANT ALL ON TABLE "version" TO "openser";
GRANT SELECT ON TABLE "version" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 1, 'version', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- subscriber: created, filled from the old database's subscriber
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
COPY "subscriber" ("username", "domain", "password", "first_name", "last_name", "email_address", "datetime_created", "ha1", "ha1b", "timezone", "rpid", "phplib_id", "phone", "datetime_modified", "confirmation", "flag", "sendnotification", "greeting", "allow_find") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "username",
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
FROM "subscriber"
ORDER BY "username", "domain") TO STDOUT;
CREATE INDEX "username_subs_indx" ON "subscriber" ("username");
GRANT ALL ON TABLE "subscriber" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "subscriber_id_seq" TO "openser";
GRANT SELECT ON TABLE "subscriber" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 2, 'subscriber', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- acc: created, filled from the old database's acc
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
COPY "acc" ("method", "from_tag", "to_tag", "callid", "sip_code", "sip_reason", "time", "src_user", "src_domain", "dst_user", "dst_domain") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "sip_method",
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
FROM "acc"
ORDER BY "time", "ctid") TO STDOUT;
CREATE INDEX "acc_callid_indx" ON "acc" ("callid");
GRANT ALL ON TABLE "acc" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "acc_id_seq" TO "openser";
GRANT SELECT ON TABLE "acc" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 3, 'acc', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- missed_calls: created, filled from the old database's missed_calls
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
COPY "missed_calls" ("method", "from_tag", "to_tag", "callid", "sip_code", "sip_reason", "time", "src_user", "src_domain", "dst_user", "dst_domain") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "sip_method",
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
FROM "missed_calls"
ORDER BY "time", "ctid") TO STDOUT;
CREATE INDEX "mc_callid_indx" ON "missed_calls" ("callid");
GRANT ALL ON TABLE "missed_calls" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "missed_calls_id_seq" TO "openser";
GRANT SELECT ON TABLE "missed_calls" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 4, 'missed_calls', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- location: created, filled from the old database's location
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
COPY "location" ("username", "domain", "contact", "received", "path", "expires", "q", "callid", "cseq", "last_modified", "flags", "user_agent", "socket", "methods") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "username",
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
FROM "location"
ORDER BY "username", "domain", "contact") TO STDOUT;
CREATE INDEX "location_udc_indx" ON "location" ("username", "domain", "contact");
GRANT ALL ON TABLE "location" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "location_id_seq" TO "openser";
GRANT SELECT ON TABLE "location" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 5, 'location', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- aliases: created, filled from the old database's aliases
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
COPY "aliases" ("username", "domain", "contact", "received", "path", "expires", "q", "callid", "cseq", "last_modified", "flags", "user_agent", "socket", "methods") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "username",
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
FROM "aliases"
ORDER BY "username", "domain", "contact") TO STDOUT;
CREATE INDEX "aliases_udc_indx" ON "aliases" ("username", "domain", "contact");
GRANT ALL ON TABLE "aliases" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "aliases_id_seq" TO "openser";
GRANT SELECT ON TABLE "aliases" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 6, 'aliases', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- dbaliases: created, filled from the old database's dbaliases
CREATE TABLE "dbaliases" (
  "id" serial,
  "alias_username" character varying(64) DEFAULT '' NOT NULL,
  "alias_domain" character varying(128) DEFAULT '' NOT NULL,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "dbaliases_alias_username_alias_domain_key" UNIQUE ("alias_username", "alias_domain")
);
COPY "dbaliases" ("alias_username", "alias_domain", "username", "domain") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "alias_username",
       "alias_domain",
       "username",
       "domain"
FROM "dbaliases"
ORDER BY "alias_username", "alias_domain") TO STDOUT;
CREATE INDEX "alias_user_indx" ON "dbaliases" ("username", "domain");
GRANT ALL ON TABLE "dbaliases" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "dbaliases_id_seq" TO "openser";
GRANT SELECT ON TABLE "dbaliases" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 7, 'dbaliases', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- grp: created, filled from the old database's grp
CREATE TABLE "grp" (
  "id" serial,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "grp" character varying(50) DEFAULT '' NOT NULL,
  "last_modified" timestamp without time zone DEFAULT now() NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "grp_username_domain_grp_key" UNIQUE ("username", "domain", "grp")
);
COPY "grp" ("username", "domain", "grp", "last_modified") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "username",
       "domain",
       "grp",
       "last_modified"
FROM "grp"
ORDER BY "username", "domain", "grp") TO STDOUT;
GRANT ALL ON TABLE "grp" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "grp_id_seq" TO "openser";
GRANT SELECT ON TABLE "grp" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 8, 'grp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- re_grp: created, filled from the old database's re_grp
CREATE TABLE "re_grp" (
  "id" serial,
  "reg_exp" character varying(128) DEFAULT '' NOT NULL,
  "group_id" integer DEFAULT 0 NOT NULL,
  PRIMARY KEY ("id")
);
COPY "re_grp" ("reg_exp", "group_id") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "reg_exp",
       "group_id"
FROM "re_grp"
ORDER BY "reg_exp") TO STDOUT;
CREATE INDEX "gid_grp_indx" ON "re_grp" ("group_id");
GRANT ALL ON TABLE "re_grp" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "re_grp_id_seq" TO "openser";
GRANT SELECT ON TABLE "re_grp" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 9, 're_grp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- silo: created, filled from the old database's silo
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
COPY "silo" ("id", "src_addr", "dst_addr", "username", "domain", "inc_time", "exp_time", "snd_time", "ctype", "body") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "mid",
       "src_addr",
       "dst_addr",
       "username",
       "domain",
       "inc_time",
       "exp_time",
       "snd_time",
       "ctype",
       "body"
FROM "silo") TO STDOUT;
CREATE INDEX "silo_idx" ON "silo" ("username", "domain");
SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('"silo"', 'id') AS seq, (SELECT max("id") FROM "silo") AS m) x JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0);
GRANT ALL ON TABLE "silo" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "silo_id_seq" TO "openser";
GRANT SELECT ON TABLE "silo" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 10, 'silo', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- domain: created, filled from the old database's domain
CREATE TABLE "domain" (
  "id" serial,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "last_modified" timestamp without time zone DEFAULT now() NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "domain_domain_key" UNIQUE ("domain")
);
COPY "domain" ("domain", "last_modified") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "domain",
       "last_modified"
FROM "domain"
ORDER BY "domain") TO STDOUT;
GRANT ALL ON TABLE "domain" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "domain_id_seq" TO "openser";
GRANT SELECT ON TABLE "domain" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 11, 'domain', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- uri: created, filled from the old database's uri
CREATE TABLE "uri" (
  "id" serial,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "uri_user" character varying(50) DEFAULT '' NOT NULL,
  "last_modified" timestamp without time zone DEFAULT now() NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "uri_username_domain_uri_user_key" UNIQUE ("username", "domain", "uri_user")
);
COPY "uri" ("username", "domain", "uri_user", "last_modified") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "username",
       "domain",
       "uri_user",
       "last_modified"
FROM "uri"
ORDER BY "username", "domain", "uri_user") TO STDOUT;
GRANT ALL ON TABLE "uri" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "uri_id_seq" TO "openser";
GRANT SELECT ON TABLE "uri" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 12, 'uri', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- usr_preferences: created, filled from the old database's usr_preferences
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
COPY "usr_preferences" ("id", "uuid", "username", "domain", "attribute", "value", "type", "last_modified") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "id",
       "uuid",
       "username",
       "domain",
       "attribute",
       "value",
       "type",
       "modified"
FROM "usr_preferences") TO STDOUT;
CREATE INDEX "ua_idx" ON "usr_preferences" ("uuid", "attribute");
CREATE INDEX "uda_idx" ON "usr_preferences" ("username", "domain", "attribute");
SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('"usr_preferences"', 'id') AS seq, (SELECT max("id") FROM "usr_preferences") AS m) x JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0);
GRANT ALL ON TABLE "usr_preferences" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "usr_preferences_id_seq" TO "openser";
GRANT SELECT ON TABLE "usr_preferences" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 13, 'usr_preferences', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- trusted: created, filled from the old database's trusted
CREATE TABLE "trusted" (
  "id" serial,
  "src_ip" character varying(39) NOT NULL,
  "proto" character varying(4) NOT NULL,
  "from_pattern" character varying(64) DEFAULT NULL,
  "tag" character varying(32) DEFAULT NULL,
  PRIMARY KEY ("id")
);
COPY "trusted" ("src_ip", "proto", "from_pattern", "tag") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "src_ip",
       "proto",
       "from_pattern",
       "tag"
FROM "trusted") TO STDOUT;
CREATE INDEX "ip_addr" ON "trusted" ("src_ip");
GRANT ALL ON TABLE "trusted" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "trusted_id_seq" TO "openser";
GRANT SELECT ON TABLE "trusted" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 14, 'trusted', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- speed_dial: created, filled from the old database's speed_dial
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
COPY "speed_dial" ("username", "domain", "sd_username", "sd_domain", "new_uri", "fname", "lname", "description") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "username",
       "domain",
       "sd_username",
       "sd_domain",
       "new_uri",
       "fname",
       "lname",
       "description"
FROM "speed_dial"
ORDER BY "username", "domain", "sd_domain", "sd_username") TO STDOUT;
GRANT ALL ON TABLE "speed_dial" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "speed_dial_id_seq" TO "openser";
GRANT SELECT ON TABLE "speed_dial" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 15, 'speed_dial', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- gw: created, filled from the old database's gw
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
COPY "gw" ("gw_name", "grp_id", "ip_addr", "port", "uri_scheme", "transport", "strip", "prefix") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "gw_name",
       "grp_id",
       regexp_replace(host('0.0.0.0'::inet + coalesce(nullif(least(substring(("ip_addr")::text COLLATE "C" from '^[[:blank:]]*0*([1-9][0-9]{0,9})[[:blank:]]*$')::bigint, 4294967296), 4294967296), 0)), '^([0-9]+)[.]([0-9]+)[.]([0-9]+)[.]([0-9]+)$', E'\\4.\\3.\\2.\\1'),
       "port",
       "uri_scheme",
       "transport",
       "strip",
       "prefix"
FROM "gw"
ORDER BY "gw_name") TO STDOUT;
CREATE INDEX "gw_grp_id_indx" ON "gw" ("grp_id");
GRANT ALL ON TABLE "gw" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "gw_id_seq" TO "openser";
GRANT SELECT ON TABLE "gw" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 16, 'gw', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- gw_grp: created, filled from the old database's gw_grp
CREATE TABLE "gw_grp" (
  "grp_id" serial,
  "grp_name" character varying(64) NOT NULL,
  PRIMARY KEY ("grp_id")
);
COPY "gw_grp" ("grp_id", "grp_name") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "grp_id",
       "grp_name"
FROM "gw_grp") TO STDOUT;
SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('"gw_grp"', 'grp_id') AS seq, (SELECT max("grp_id") FROM "gw_grp") AS m) x JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0);
GRANT ALL ON TABLE "gw_grp" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "gw_grp_grp_id_seq" TO "openser";
GRANT SELECT ON TABLE "gw_grp" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 17, 'gw_grp', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- lcr: created, filled from the old database's lcr
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
COPY "lcr" ("prefix", "from_uri", "grp_id", "priority") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "prefix",
       "from_uri",
       "grp_id",
       "priority"
FROM "lcr") TO STDOUT;
CREATE INDEX "lcr_prefix_indx" ON "lcr" ("prefix");
CREATE INDEX "lcr_from_uri_indx" ON "lcr" ("from_uri");
CREATE INDEX "lcr_grp_id_indx" ON "lcr" ("grp_id");
GRANT ALL ON TABLE "lcr" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "lcr_id_seq" TO "openser";
GRANT SELECT ON TABLE "lcr" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 18, 'lcr', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- address: created empty
CREATE TABLE "address" (
  "id" serial,
  "grp" smallint DEFAULT 0 NOT NULL,
  "ip_addr" character varying(15) DEFAULT '' NOT NULL,
  "mask" numeric(4,0) DEFAULT 32 NOT NULL,
  "port" smallint DEFAULT 0 NOT NULL,
  PRIMARY KEY ("id")
);
GRANT ALL ON TABLE "address" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "address_id_seq" TO "openser";
GRANT SELECT ON TABLE "address" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 19, 'address', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- pdt: created, filled from the old database's pd_multidomain
CREATE TABLE "pdt" (
  "id" serial,
  "sdomain" character varying(255) NOT NULL,
  "prefix" character varying(32) NOT NULL,
  "domain" character varying(255) DEFAULT '' NOT NULL,
  PRIMARY KEY ("id"),
  CONSTRAINT "pdt_sdomain_prefix_key" UNIQUE ("sdomain", "prefix")
);
COPY "pdt" ("sdomain", "prefix", "domain") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "sdomain",
       "prefix",
       "domain"
FROM "pd_multidomain"
ORDER BY "sdomain", "prefix") TO STDOUT;
GRANT ALL ON TABLE "pdt" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "pdt_id_seq" TO "openser";
GRANT SELECT ON TABLE "pdt" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 20, 'pdt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- cpl: created, filled from the old database's cpl
CREATE TABLE "cpl" (
  "id" serial,
  "username" character varying(64) NOT NULL,
  "domain" character varying(64) DEFAULT '' NOT NULL,
  "cpl_xml" text,
  "cpl_bin" text,
  PRIMARY KEY ("id"),
  CONSTRAINT "cpl_username_domain_key" UNIQUE ("username", "domain")
);
COPY "cpl" ("username", "domain", "cpl_xml", "cpl_bin") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "username",
       "domain",
       "cpl_xml",
       "cpl_bin"
FROM "cpl"
ORDER BY "username", "domain") TO STDOUT;
GRANT ALL ON TABLE "cpl" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "cpl_id_seq" TO "openser";
GRANT SELECT ON TABLE "cpl" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 21, 'cpl', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- sip_trace: created, filled from the old database's sip_trace
CREATE TABLE "sip_trace" (
  "id" serial,
  "date" timestamp without time zone DEFAULT now() NOT NULL,
  "callid" character varying(254) DEFAULT '' NOT NULL,
  "traced_user" character varying(128) DEFAULT '' NOT NULL,
  "msg" text NOT NULL,
  "method" character varying(50) DEFAULT '' NOT NULL,
  "status" character varying(254) DEFAULT '' NOT NULL,
  "fromip" character varying(50) DEFAULT '' NOT NULL,
  "toip" character varying(50) DEFAULT '' NOT NULL,
  "fromtag" character varying(64) DEFAULT '' NOT NULL,
  "direction" character varying(4) DEFAULT '' NOT NULL,
  PRIMARY KEY ("id")
);
COPY "sip_trace" ("id", "date", "callid", "traced_user", "msg", "method", "status", "fromip", "toip", "fromtag", "direction") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "id",
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
FROM "sip_trace") TO STDOUT;
CREATE INDEX "user_idx" ON "sip_trace" ("traced_user");
CREATE INDEX "date_idx" ON "sip_trace" ("date");
CREATE INDEX "fromip_idx" ON "sip_trace" ("fromip");
CREATE INDEX "callid_idx" ON "sip_trace" ("callid");
SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('"sip_trace"', 'id') AS seq, (SELECT max("id") FROM "sip_trace") AS m) x JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0);
GRANT ALL ON TABLE "sip_trace" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "sip_trace_id_seq" TO "openser";
GRANT SELECT ON TABLE "sip_trace" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 22, 'sip_trace', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- active_sessions: created, filled from the old database's active_sessions
CREATE TABLE "active_sessions" (
  "sid" character varying(32) DEFAULT '' NOT NULL,
  "name" character varying(32) DEFAULT '' NOT NULL,
  "val" text,
  "changed" character varying(14) DEFAULT '' NOT NULL,
  PRIMARY KEY ("name", "sid")
);
COPY "active_sessions" ("sid", "name", "val", "changed") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "sid",
       "name",
       "val",
       "changed"
FROM "active_sessions") TO STDOUT;
CREATE INDEX "ch_active_sess_indx" ON "active_sessions" ("changed");
GRANT ALL ON TABLE "active_sessions" TO "openser";
GRANT SELECT ON TABLE "active_sessions" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 23, 'active_sessions', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- pending: created, filled from the old database's pending
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
COPY "pending" ("phplib_id", "username", "domain", "password", "first_name", "last_name", "phone", "email_address", "datetime_created", "datetime_modified", "confirmation", "flag", "sendnotification", "greeting", "ha1", "ha1b", "allow_find", "timezone", "rpid") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "phplib_id",
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
FROM "pending"
ORDER BY "username", "domain") TO STDOUT;
CREATE INDEX "username_pend_indx" ON "pending" ("username");
GRANT ALL ON TABLE "pending" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "pending_id_seq" TO "openser";
GRANT SELECT ON TABLE "pending" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 24, 'pending', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- phonebook: created, filled from the old database's phonebook
CREATE TABLE "phonebook" (
  "id" serial,
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "fname" character varying(32) DEFAULT '' NOT NULL,
  "lname" character varying(32) DEFAULT '' NOT NULL,
  "sip_uri" character varying(128) DEFAULT '' NOT NULL,
  PRIMARY KEY ("id")
);
COPY "phonebook" ("id", "username", "domain", "fname", "lname", "sip_uri") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "id",
       "username",
       "domain",
       "fname",
       "lname",
       "sip_uri"
FROM "phonebook") TO STDOUT;
SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('"phonebook"', 'id') AS seq, (SELECT max("id") FROM "phonebook") AS m) x JOIN pg_sequences ps ON format('%I.%I', ps.schemaname, ps.sequencename)::regclass = x.seq::regclass WHERE x.m IS NOT NULL AND x.m > COALESCE(ps.last_value, 0);
GRANT ALL ON TABLE "phonebook" TO "openser";
GRANT USAGE, SELECT, UPDATE ON SEQUENCE "phonebook_id_seq" TO "openser";
GRANT SELECT ON TABLE "phonebook" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 25, 'phonebook', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- server_monitoring: created, filled from the old database's server_monitoring
CREATE TABLE "server_monitoring" (
  "time" timestamp without time zone DEFAULT now() NOT NULL,
  "id" bigint DEFAULT 0 NOT NULL,
  "param" character varying(32) DEFAULT '' NOT NULL,
  "value" integer DEFAULT 0 NOT NULL,
  "increment" integer DEFAULT 0 NOT NULL,
  PRIMARY KEY ("id", "param")
);
COPY "server_monitoring" ("time", "id", "param", "value", "increment") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "time",
       "id",
       "param",
       "value",
       "increment"
FROM "server_monitoring") TO STDOUT;
GRANT ALL ON TABLE "server_monitoring" TO "openser";
GRANT SELECT ON TABLE "server_monitoring" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 26, 'server_monitoring', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- usr_preferences_types: created, filled from the old database's usr_preferences_types
CREATE TABLE "usr_preferences_types" (
  "att_name" character varying(32) DEFAULT '' NOT NULL,
  "att_rich_type" character varying(32) DEFAULT 'string' NOT NULL,
  "att_raw_type" integer DEFAULT 2 NOT NULL,
  "att_type_spec" text,
  "default_value" character varying(100) DEFAULT '' NOT NULL,
  PRIMARY KEY ("att_name")
);
COPY "usr_preferences_types" ("att_name", "att_rich_type", "att_raw_type", "att_type_spec", "default_value") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "att_name",
       "att_rich_type",
       "att_raw_type",
       "att_type_spec",
       "default_value"
FROM "usr_preferences_types") TO STDOUT;
GRANT ALL ON TABLE "usr_preferences_types" TO "openser";
GRANT SELECT ON TABLE "usr_preferences_types" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 27, 'usr_preferences_types', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- server_monitoring_agg: created, filled from the old database's server_monitoring_agg
CREATE TABLE "server_monitoring_agg" (
  "param" character varying(32) DEFAULT '' NOT NULL,
  "s_value" integer DEFAULT 0 NOT NULL,
  "s_increment" integer DEFAULT 0 NOT NULL,
  "last_aggregated_increment" integer DEFAULT 0 NOT NULL,
  "av" real DEFAULT 0 NOT NULL,
  "mv" integer DEFAULT 0 NOT NULL,
  "ad" real DEFAULT 0 NOT NULL,
  "lv" integer DEFAULT 0 NOT NULL,
  "min_val" integer DEFAULT 0 NOT NULL,
  "max_val" integer DEFAULT 0 NOT NULL,
  "min_inc" integer DEFAULT 0 NOT NULL,
  "max_inc" integer DEFAULT 0 NOT NULL,
  "lastupdate" timestamp without time zone DEFAULT now() NOT NULL,
  PRIMARY KEY ("param")
);
COPY "server_monitoring_agg" ("param", "s_value", "s_increment", "last_aggregated_increment", "av", "mv", "ad", "lv", "min_val", "max_val", "min_inc", "max_inc", "lastupdate") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "param",
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
FROM "server_monitoring_agg") TO STDOUT;
GRANT ALL ON TABLE "server_monitoring_agg" TO "openser";
GRANT SELECT ON TABLE "server_monitoring_agg" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 28, 'server_monitoring_agg', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

-- admin_privileges: created, filled from the old database's admin_privileges
CREATE TABLE "admin_privileges" (
  "username" character varying(64) DEFAULT '' NOT NULL,
  "domain" character varying(128) DEFAULT '' NOT NULL,
  "priv_name" character varying(64) DEFAULT '' NOT NULL,
  "priv_value" character varying(64) DEFAULT '' NOT NULL,
  PRIMARY KEY ("username", "priv_name", "priv_value", "domain")
);
COPY "admin_privileges" ("username", "domain", "priv_name", "priv_value") FROM STDIN
-- fed by, on the old database:
COPY (SELECT "username",
       "domain",
       "priv_name",
       "priv_value"
FROM "admin_privileges") TO STDOUT;
GRANT ALL ON TABLE "admin_privileges" TO "openser";
GRANT SELECT ON TABLE "admin_privileges" TO "openserro";
INSERT INTO "openser_migrate_journal" ("run", "step", "name", "finished") VALUES (1, 29, 'admin_privileges', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'));

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
UPDATE "openser_migrate_history" SET "status" = 'done', "finished" = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') WHERE "id" = 1;
COMMIT;
