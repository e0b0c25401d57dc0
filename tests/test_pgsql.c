/*
 * test_pgsql.c: the PostgreSQL engine end to end, on a real server.
 *
 * Each test case starts its own PostgreSQL (initdb in a temporary
 * folder, run as nobody when the tests run as root, Unix socket only),
 * builds OpenSER 1.1 databases as the fixed 1.1 script did (fixtures
 * written from the facts), runs the openser-migrate binary, and checks
 * the catalog (pg_catalog), every carried value, sequences, grants, the
 * one-transaction guarantee under failures and kills, migrate through
 * COPY with the old database untouched, sessions, the lock and the exit
 * codes.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "passwords.h"
#include "strbuf.h"
#include "support.h"

static struct om_test_pg server;
static char db[64], url[1024];

static void server_start(void)
{
	om_test_pg_start(&server);
	free(om_test_pg_sql(&server, NULL, "CREATE ROLE openser LOGIN; CREATE ROLE openserro LOGIN"));
}

static void server_stop(void)
{
	om_test_pg_stop(&server);
}

static void make_url(char *out, size_t n, const char *name)
{
	snprintf(out, n, "postgres://postgres@/%s?host=%s&port=%d", name, server.sockdir, server.port);
}

static void setup(void)
{
	snprintf(db, sizeof(db), "om%d", (int)getpid());
	make_url(url, sizeof(url), db);
}

static void teardown(void)
{
}

static char *sql_on(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *sql_on(const char *name, const char *fmt, ...)
{
	va_list ap;
	char *out;

	va_start(ap, fmt);
	out = om_test_pg_vqueryf(&server, name, fmt, ap);
	va_end(ap);
	return out;
}

/* A 1.1 database `name` as the fixed 1.1 script made it, with rows; OpenSER's users have their rights. */
static void make_db_named(const char *name, bool serweb, bool modules)
{
	om_test_pg_openser_db(&server, name, serweb, modules);
}

static void make_db(void)
{
	make_db_named(db, true, true);
}

static int run(char **out, char **err, ...)
	__attribute__((sentinel));

static int run(char **out, char **err, ...)
{
	const char *argv[32];
	size_t n = 0;
	va_list ap;

	va_start(ap, err);
	while (n < 31 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	return om_test_run(argv, NULL, out, err);
}

static int upgrade(void)
{
	char *err = NULL;
	int rc = run(NULL, &err, "-d", url, "--yes", "upgrade", NULL);

	if (rc)
		fprintf(stderr, "upgrade failed (%d): %s\n", rc, err);
	free(err);
	return rc;
}

#define assert_sql(name, expected, ...) \
	do { \
		char *got_ = sql_on(name, __VA_ARGS__); \
		ck_assert_str_eq(got_, expected); \
		free(got_); \
	} while (0)

#define assert_contains(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) != NULL, "expected to find:\n%s\nin:\n%.2500s", (needle), (hay))

/* The catalog of the public schema, without the migrator's tables. */
static char *catalog(const char *name)
{
	return om_test_pg_catalog(&server, name, "public");
}

/* Every row of every table of schema `schema` as an md5 per table. */
static char *state(const char *name, const char *schema)
{
	return om_test_pg_state(&server, name, schema);
}

/* ---- the upgrade ------------------------------------------------------------------------- */

START_TEST(upgrade_yields_the_exact_1_2_catalog)
{
	char *cat;

	make_db();
	ck_assert_int_eq(upgrade(), 0);
	cat = catalog(db);
	om_test_golden("pgsql-1.2-serweb.catalog", cat);
	free(cat);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

START_TEST(upgrade_of_a_core_database_has_no_serweb_parts)
{
	char *cat;

	make_db_named(db, false, false);
	ck_assert_int_eq(upgrade(), 0);
	cat = catalog(db);
	om_test_golden("pgsql-1.2-core.catalog", cat);
	free(cat);
}
END_TEST

START_TEST(upgrade_writes_the_1_2_version_rows)
{
	make_db();
	ck_assert_int_eq(upgrade(), 0);
	assert_sql(db, "acc|4\nactive_sessions|1\naddress|3\nadmin_privileges|1\naliases|1004\ncpl|1\n"
		       "dbaliases|1\ndomain|1\ngrp|2\ngw|4\ngw_grp|1\nlcr|2\nlocation|1004\nmissed_calls|3\n"
		       "pending|6\nphonebook|1\nre_grp|1\nserver_monitoring|1\nserver_monitoring_agg|1\n"
		       "silo|5\nsip_trace|1\nspeed_dial|2\nsubscriber|6\ntrusted|4\nuri|1\nusr_preferences|2\n"
		       "usr_preferences_types|1\n",
		   "SELECT table_name, table_version FROM version ORDER BY table_name");
}
END_TEST

START_TEST(upgrade_maps_every_value)
{
	make_db();
	ck_assert_int_eq(upgrade(), 0);
	assert_sql(db, "1|INVITE|tag-from-0123456789012345678901234567890123456789012345678901234|to-1|"
		       "call-1@example.com|200||2007-03-01 12:00:00|alice|example.com|bob|example.net\n"
		       "2|INVITE|f2|t2|call-2@example.com||call to voicemail|2007-03-01 12:05:00|carol|"
		       "voip.example.org|Dave|Example.NET\n"
		       "3|INVITE|f3|t3|call-3@example.com|603|Decline because the callee is aw|2007-03-01 12:10:00||"
		       "example.com||[2001:db8::1]\n"
		       "4|BYE|f4|t4|call-4@example.com||2000|2007-03-01 12:15:00|frank|example.com|+4930123|\n",
		   /* sip_code is character(3): '' reads back padded unless cast to text. */
		   "SELECT id, method, from_tag, to_tag, callid, sip_code::text, sip_reason, time, src_user, src_domain, "
		   "dst_user, dst_domain FROM acc ORDER BY id");
	assert_sql(db, "1|486|Busy Here|alice|example.com|bob|example.net\n"
		       "2|408|Request Timeout|bob|example.com|alice|example.com\n",
		   "SELECT id, sip_code, sip_reason, src_user, src_domain, dst_user, dst_domain FROM missed_calls ORDER BY id");
	assert_sql(db, "1|local-gw|1|127.0.0.1|5060|1|1|0|\n2|pstn-gw|2|192.168.1.10||||2|0049\n",
		   "SELECT id, gw_name, grp_id, ip_addr, port, uri_scheme, transport, strip, prefix FROM gw ORDER BY id");
	assert_sql(db, "5|bob|see you at 5\n9|bob|bin:hi\n", "SELECT id, username, body FROM silo ORDER BY id");
	assert_sql(db, "3|alice\n8|a-very-long-user-name-0123456789012345678901234567890123456789-abcdefg\n",
		   "SELECT id, username FROM usr_preferences ORDER BY id");
	assert_sql(db, "3|in\n7|out\n", "SELECT id, direction FROM sip_trace ORDER BY id");
	assert_sql(db, "1|alice|1\n2|alice|2\n", "SELECT id, username, sd_username FROM speed_dial ORDER BY id");
	assert_sql(db, "1|alice|5d41402abc4b2a76b9719d911017c592|+4930111|1\n2|bob|7d793037a0760186574b0282f2f435e7||0\n",
		   "SELECT id, username, phplib_id, phone, allow_find FROM subscriber ORDER BY id");
	assert_sql(db, "1|alice|17|0|0.50\n2|bob|42|0|1.00\n",
		   "SELECT id, username, cseq, cflags, q FROM location ORDER BY id");
	assert_sql(db, "1|*|9|intl.example.net\n2|example.com|123|pstn.example.com\n",
		   "SELECT id, sdomain, prefix, domain FROM pdt ORDER BY id");
	assert_sql(db, "1|alice|cpl-bin\n", "SELECT id, username, cpl_bin FROM cpl");
	assert_sql(db, "1|carol|abc123\n", "SELECT id, username, confirmation FROM pending");
}
END_TEST

/* URIs by the amended rules, and unparsable ones counted and reported, not refused. */
START_TEST(upgrade_reads_name_addr_and_counts_unparsable_uris)
{
	char *out = NULL;

	make_db();
	free(sql_on(db, "INSERT INTO acc " OM_TEST_ACC_URI_ROWS));
	/* plan parses every URI up front; upgrade counts the unparsable ones on its copy: the same counts. */
	ck_assert_int_eq(run(&out, NULL, "-d", url, "plan", NULL), 0);
	ck_assert_msg(strstr(out, "acc.src_user: 1 value of from_uri could not be parsed as a SIP URI") &&
		      strstr(out, "acc.dst_domain: 1 value of nonempty(i_uri, to_uri) could not be parsed"),
		      "plan:\n%s", out);
	free(out);
	out = NULL;
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_sql(db, OM_TEST_ACC_URI_PARTS,
		   "SELECT id, src_user, src_domain, dst_user, dst_domain FROM acc WHERE id > 4 ORDER BY id");
	om_test_check_uri_report(out);
	free(out);
}
END_TEST

START_TEST(sequences_go_past_the_kept_ids_for_openser)
{
	PGconn *rw;
	PGresult *res;
	char conninfo[600];

	make_db();
	ck_assert_int_eq(upgrade(), 0);
	/* OpenSER's rw user inserts without ids: silo (kept 5, 9), usr_preferences (3, 8), sip_trace (3, 7), acc. */
	snprintf(conninfo, sizeof(conninfo), "host=%s port=%d dbname=%s user=openser", server.sockdir, server.port, db);
	rw = PQconnectdb(conninfo);
	ck_assert_msg(PQstatus(rw) == CONNECTION_OK, "%s", PQerrorMessage(rw));
	res = PQexec(rw, "INSERT INTO silo (src_addr, dst_addr, username, domain) VALUES ('a', 'b', 'c', 'd') RETURNING id;"
			 );
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(rw));
	ck_assert_str_eq(PQgetvalue(res, 0, 0), "10");
	PQclear(res);
	res = PQexec(rw, "INSERT INTO usr_preferences (uuid, attribute) VALUES ('u', 'x') RETURNING id");
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(rw));
	ck_assert_str_eq(PQgetvalue(res, 0, 0), "9");
	PQclear(res);
	res = PQexec(rw, "INSERT INTO sip_trace (msg) VALUES ('m') RETURNING id");
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(rw));
	ck_assert_str_eq(PQgetvalue(res, 0, 0), "8");
	PQclear(res);
	res = PQexec(rw, "INSERT INTO acc (method, time) VALUES ('BYE', now()) RETURNING id");
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(rw));
	ck_assert_str_eq(PQgetvalue(res, 0, 0), "5");
	PQclear(res);
	res = PQexec(rw, "INSERT INTO address (ip_addr) VALUES ('10.0.0.1') RETURNING id");
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(rw));
	PQclear(res);
	PQfinish(rw);
	assert_sql(db, "t|t|f\n", "SELECT has_table_privilege('openserro', 'acc', 'SELECT'), "
		   "has_table_privilege('openser', 'pdt', 'INSERT'), has_table_privilege('openserro', 'pdt', 'INSERT')");
}
END_TEST

START_TEST(second_upgrade_is_a_no_op)
{
	char *out = NULL, *before, *after;

	make_db();
	ck_assert_int_eq(upgrade(), 0);
	before = state(db, "public");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "nothing to do: the database is already at OpenSER 1.2");
	after = state(db, "public");
	ck_assert_str_eq(after, before);
	free(out);
	free(before);
	free(after);
}
END_TEST

START_TEST(plan_prints_the_postgresql_sql_and_changes_nothing)
{
	char *out = NULL, *before, *after, *cb, *ca;

	make_db();
	before = state(db, "public");
	cb = catalog(db);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "plan", NULL), 0);
	assert_contains(out, "ALTER TABLE \"acc\" SET SCHEMA \"old11\";\n");
	assert_contains(out, "CREATE TABLE \"acc\" (\n  \"id\" serial,\n");
	assert_contains(out, "SELECT setval(x.seq, x.m) FROM (SELECT pg_get_serial_sequence('\"silo\"', 'id') AS seq, "
			"(SELECT max(\"id\") FROM \"silo\") AS m) x JOIN pg_sequences ps");
	assert_contains(out, "GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE \"acc\" TO openser;\n");
	after = state(db, "public");
	ca = catalog(db);
	ck_assert_str_eq(after, before);
	ck_assert_str_eq(ca, cb);
	free(out);
	free(before);
	free(after);
	free(cb);
	free(ca);
}
END_TEST

START_TEST(cleanup_drops_the_retained_schema)
{
	make_db();
	ck_assert_int_eq(upgrade(), 0);
	assert_sql(db, "18\n", "SELECT count(*) FROM pg_tables WHERE schemaname = 'old11'");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "cleanup", NULL), 0);
	assert_sql(db, "0\n", "SELECT count(*) FROM pg_namespace WHERE nspname = 'old11'");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

START_TEST(upstream_1_2_0_database_gets_address_3_and_the_acc_extras)
{
	char *out = NULL, *cat;

	make_db();
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "cleanup", NULL), 0);
	/* What openser_postgresql.sh 1.2.0 made: no acc extra columns, address version 2. */
	free(sql_on(db, "ALTER TABLE acc DROP COLUMN src_user, DROP COLUMN src_domain, DROP COLUMN dst_user, "
			"DROP COLUMN dst_domain; ALTER TABLE missed_calls DROP COLUMN src_user, DROP COLUMN src_domain, "
			"DROP COLUMN dst_user, DROP COLUMN dst_domain; UPDATE version SET table_version = 2 "
			"WHERE table_name = 'address'"));
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "version:   OpenSER 1.2.0 (exact match)");
	free(out);
	out = NULL;
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "the old tables are retained in the schema old120 with every 1.2.0 value");
	free(out);
	assert_sql(db, "4\n", "SELECT count(*) FROM old120.acc");
	cat = catalog(db);
	om_test_golden("pgsql-1.2-serweb.catalog", cat);
	free(cat);
	assert_sql(db, "3\n", "SELECT table_version FROM version WHERE table_name = 'address'");
	assert_sql(db, "4|4\n", "SELECT count(*), max(id) FROM acc");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "cleanup", NULL), 0);
	assert_sql(db, "0\n", "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'old%%'");
}
END_TEST

/* ---- one transaction ------------------------------------------------------------------------ */

START_TEST(failure_mid_upgrade_leaves_the_database_identical)
{
	char *err = NULL, *before, *after, *cb, *ca;

	make_db();
	free(sql_on(db, "CREATE FUNCTION no_delete() RETURNS trigger LANGUAGE plpgsql AS "
			"$$ BEGIN RAISE EXCEPTION 'version rows are frozen'; END $$;"
			"CREATE TRIGGER no_delete BEFORE DELETE ON version FOR EACH ROW EXECUTE FUNCTION no_delete()"));
	before = state(db, "public");
	cb = catalog(db);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 1);
	assert_contains(err, "version rows are frozen");
	after = state(db, "public");
	ca = catalog(db);
	ck_assert_str_eq(after, before);
	ck_assert_str_eq(ca, cb);
	assert_sql(db, "0\n", "SELECT count(*) FROM pg_namespace WHERE nspname = 'old11'");
	free(err);
	free(before);
	free(after);
	free(cb);
	free(ca);
}
END_TEST

static const char *const kill_points[] = { "history", "subscriber", "acc", "gw", "pdt", "pending", "version", "commit" };

/*
 * Every sequence of the public schema and where it stands (NULL: never
 * used).  The sequences of tables an upgrade leaves alone are set behind
 * their ids first, where a run that moved them would show (setval is not
 * undone by a rollback).
 */
static char *sequences(const char *name)
{
	return sql_on(name, "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1");
}

static void untouched_sequences_behind(const char *name)
{
	free(sql_on(name, "SELECT setval(pg_get_serial_sequence('gw_grp', 'grp_id'), 1, false), "
		    "setval(pg_get_serial_sequence('phonebook', 'id'), 1, false), "
		    "setval(pg_get_serial_sequence('sip_trace', 'id'), 1, false)"));
}

START_TEST(killed_upgrade_leaves_the_database_identical)
{
	char env0[100], *before, *after, *cb, *ca, *sb, *sa;
	const char *env[] = { env0, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db();
	untouched_sequences_behind(db);
	before = state(db, "public");
	cb = catalog(db);
	sb = sequences(db);
	snprintf(env0, sizeof(env0), "OPENSER_MIGRATE_TEST_KILL_AT=%s", kill_points[_i]);
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	/* The server rolls the killed client's transaction back. */
	om_test_pg_wait_idle(&server, db);
	after = state(db, "public");
	ca = catalog(db);
	sa = sequences(db);
	ck_assert_str_eq(after, before);
	ck_assert_str_eq(ca, cb);
	ck_assert_str_eq(sa, sb);
	ck_assert_int_eq(upgrade(), 0);
	free(before);
	free(after);
	free(cb);
	free(ca);
	free(sb);
	free(sa);
}
END_TEST

START_TEST(interrupted_upgrade_exits_6)
{
	char *err = NULL, *before, *after, *sb, *sa;
	const char *env[] = { "OPENSER_MIGRATE_TEST_INTERRUPT_AT=acc", NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db();
	untouched_sequences_behind(db);
	before = state(db, "public");
	sb = sequences(db);
	ck_assert_int_eq(om_test_run(argv, env, NULL, &err), 6);
	assert_contains(err, "interrupted; nothing was changed");
	after = state(db, "public");
	sa = sequences(db);
	ck_assert_str_eq(after, before);
	ck_assert_str_eq(sa, sb);
	free(err);
	free(before);
	free(after);
	free(sb);
	free(sa);
}
END_TEST

/* Fault 4: the sequences of the tables the upgrade leaves alone are theirs: never moved. */
START_TEST(sequences_of_untouched_tables_are_left_alone)
{
	char *before, *after;

	make_db();
	untouched_sequences_behind(db);
	before = sql_on(db, "SELECT sequencename, last_value FROM pg_sequences WHERE sequencename IN "
			"('gw_grp_grp_id_seq', 'phonebook_id_seq', 'sip_trace_id_seq') ORDER BY 1");
	ck_assert_str_eq(before, "gw_grp_grp_id_seq|\nphonebook_id_seq|\nsip_trace_id_seq|\n");
	ck_assert_int_eq(upgrade(), 0);
	after = sql_on(db, "SELECT sequencename, last_value FROM pg_sequences WHERE sequencename IN "
		       "('gw_grp_grp_id_seq', 'phonebook_id_seq', 'sip_trace_id_seq') ORDER BY 1");
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
}
END_TEST

/* ---- migrate OLD NEW ------------------------------------------------------------------------- */

START_TEST(migrate_streams_into_new_and_leaves_old_untouched)
{
	char newdb[80], nurl[1024], *before, *after, *cat, *out = NULL;

	make_db();
	snprintf(newdb, sizeof(newdb), "%s_new", db);
	before = state(db, "public");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "migrate", db, newdb, NULL), 0);
	free(out);
	after = state(db, "public");
	ck_assert_str_eq(after, before);
	cat = catalog(newdb);
	om_test_golden("pgsql-1.2-serweb-migrated.catalog", cat);
	assert_sql(newdb, "4\n", "SELECT count(*) FROM acc");
	assert_sql(newdb, "pstn-gw|192.168.1.10\n", "SELECT gw_name, ip_addr FROM gw WHERE id = 2");
	assert_sql(newdb, "t|t|f\n", "SELECT has_table_privilege('openser', 'acc', 'INSERT'), "
		   "has_table_privilege('openserro', 'acc', 'SELECT'), has_table_privilege('openserro', 'acc', 'INSERT')");
	assert_sql(newdb, "10\n", "SELECT nextval('silo_id_seq')");
	make_url(nurl, sizeof(nurl), newdb);
	ck_assert_int_eq(run(NULL, NULL, "-d", nurl, "verify", NULL), 0);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "migrate", db, newdb, NULL), 0);
	assert_contains(out, "nothing to do");
	free(out);
	free(before);
	free(after);
	free(cat);
}
END_TEST

START_TEST(migrate_killed_resumes)
{
	char newdb[80], *out = NULL, *cat;
	const char *env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=acc", NULL };
	const char *argv[] = { "-d", url, "migrate", db, newdb, NULL };

	make_db();
	snprintf(newdb, sizeof(newdb), "%s_new", db);
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	om_test_pg_wait_idle(&server, NULL);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "migrate", db, newdb, NULL), 0);
	assert_contains(out, "resuming the unfinished migrate #1");
	free(out);
	cat = catalog(newdb);
	om_test_golden("pgsql-1.2-serweb-migrated.catalog", cat);
	free(cat);
}
END_TEST

START_TEST(migrate_refuses_an_existing_new_and_the_same_name)
{
	char other[80], *err = NULL;

	make_db();
	snprintf(other, sizeof(other), "%s_x", db);
	free(sql_on(NULL, "CREATE DATABASE \"%s\"", other));
	free(sql_on(other, "CREATE TABLE t (x int)"));
	ck_assert_int_eq(run(NULL, &err, "-d", url, "migrate", db, other, NULL), 3);
	assert_contains(err, "exists and is not a migrate of");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "migrate", db, db, NULL), 2);
	assert_contains(err, "OLD and NEW are the same database");
	free(err);
}
END_TEST

/* ---- refusals ---------------------------------------------------------------------------------- */

START_TEST(connected_openser_is_refused_unless_forced)
{
	PGconn *rw;
	char conninfo[600], *err = NULL, *before, *after;

	make_db();
	snprintf(conninfo, sizeof(conninfo), "host=%s port=%d dbname=%s user=openser", server.sockdir, server.port, db);
	rw = PQconnectdb(conninfo);
	ck_assert_msg(PQstatus(rw) == CONNECTION_OK, "%s", PQerrorMessage(rw));
	before = state(db, "public");
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 3);
	assert_contains(err, "OpenSER is still connected (stop it first, or --force), nothing was changed:");
	assert_contains(err, ": openser on ");
	after = state(db, "public");
	ck_assert_str_eq(after, before);
	free(err);
	PQfinish(rw);
	free(before);
	free(after);
}
END_TEST

START_TEST(locked_database_exits_4)
{
	PGconn *h;
	PGresult *res;
	char conninfo[600], q[200], *err = NULL;

	make_db();
	snprintf(conninfo, sizeof(conninfo), "host=%s port=%d dbname=%s user=postgres", server.sockdir, server.port, db);
	h = PQconnectdb(conninfo);
	ck_assert(PQstatus(h) == CONNECTION_OK);
	snprintf(q, sizeof(q), "SELECT pg_advisory_lock(hashtext('openser-migrate.%s'))", db);
	res = PQexec(h, q);
	ck_assert(PQresultStatus(res) == PGRES_TUPLES_OK);
	PQclear(res);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "--lock-timeout", "1", "upgrade", NULL), 4);
	assert_contains(err, "is locked by another openser-migrate run (waited 1 s; see --lock-timeout)");
	free(err);
	PQfinish(h);
}
END_TEST

START_TEST(drifted_schema_exits_5)
{
	char *err = NULL;

	make_db();
	/* A column the upgrade reads is gone: it cannot be carried out (an extra column would be kept). */
	free(sql_on(db, "ALTER TABLE acc DROP COLUMN sip_status"));
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 5);
	assert_contains(err, "table \"acc\": missing column \"sip_status\": the upgrade reads it");
	free(err);
}
END_TEST

START_TEST(openserctlrc_names_the_postgresql_database)
{
	char rc[600], text[300], h[700], p[64], *out = NULL;
	const char *env[] = { h, p, NULL };
	const char *argv[] = { "-c", rc, "status", NULL };

	make_db();
	snprintf(rc, sizeof(rc), "%s/rc-%d", server.dir, (int)getpid());
	/* openserctl's spelling; host and port from libpq's own variables. */
	snprintf(text, sizeof(text), "DBENGINE=postgres\nDBNAME=%s\nDBROOTUSER=postgres\nDBHOST=\n", db);
	om_test_write_file(rc, text);
	snprintf(h, sizeof(h), "PGHOST=%s", server.sockdir);
	snprintf(p, sizeof(p), "PGPORT=%d", server.port);
	ck_assert_int_eq(om_test_run(argv, env, &out, NULL), 7);
	assert_contains(out, "version:   OpenSER 1.1 (exact match)");
	free(out);
}
END_TEST

START_TEST(password_sources_and_no_secret_shown)
{
	char rc[600], text[300], murl[1024], env0[100], *out = NULL, *err = NULL;
	const char *env[] = { env0, NULL };
	const char *argv[] = { "-d", murl, "--json", "status", NULL };

	make_db();
	free(sql_on(NULL, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'migr') THEN "
			  "CREATE ROLE migr LOGIN SUPERUSER PASSWORD 'S3cr3t-pw'; END IF; END $$"));
	snprintf(murl, sizeof(murl), "postgres://migr@/%s?host=%s&port=%d", db, server.sockdir, server.port);
	/* From openserctlrc's DBROOTPW. */
	snprintf(rc, sizeof(rc), "%s/rc-%d", server.dir, (int)getpid());
	snprintf(text, sizeof(text), "DBROOTPW='S3cr3t-pw'\n");
	om_test_write_file(rc, text);
	ck_assert_int_eq(run(&out, &err, "-c", rc, "-d", murl, "--json", "status", NULL), 7);
	ck_assert_ptr_null(strstr(out, "S3cr3t"));
	ck_assert_ptr_null(strstr(err, "S3cr3t"));
	free(out);
	free(err);
	/* From PGPASSWORD (libpq's own). */
	snprintf(env0, sizeof(env0), "PGPASSWORD=S3cr3t-pw");
	ck_assert_int_eq(om_test_run(argv, env, &out, NULL), 7);
	ck_assert_ptr_null(strstr(out, "S3cr3t"));
	free(out);
	/* None, and no terminal to ask on: a clear error. */
	ck_assert_int_eq(run(NULL, &err, "-d", murl, "status", NULL), 2);
	assert_contains(err, "cannot connect to PostgreSQL database");
	assert_contains(err, "password");
	free(err);
	/* A wrong one is not shown either. */
	om_test_write_file(rc, "DBROOTPW=wrong-pw\n");
	ck_assert_int_eq(run(NULL, &err, "-c", rc, "-d", murl, "status", NULL), 2);
	ck_assert_ptr_null(strstr(err, "wrong-pw"));
	free(err);
}
END_TEST

/* ---- the scripts, byte for byte ------------------------------------------------------- */

/* ---- STORE_PLAINTEXT_PW ------------------------------------------------------------------ */

/* A 1.1 serweb database (UTF8) holding the password cases, upgraded with rc_text, its cases checked. */
static void password_upgrade(const char *rc_text, bool stripped)
{
	char rc[600], *ins = om_test_pw_sql(false, true), *out = NULL, *err = NULL;
	int code;

	free(sql_on(NULL, "CREATE DATABASE \"%s\"", db));
	om_test_pg_fixture(&server, db, "pgsql-1.1-core.sql");
	om_test_pg_fixture(&server, db, "pgsql-1.1-serweb.sql");
	free(sql_on(db, "%s", ins));
	snprintf(rc, sizeof(rc), "%s/rc-%d", server.dir, (int)getpid());
	om_test_write_file(rc, rc_text);
	code = run(&out, &err, "-c", rc, "-d", url, "--yes", "upgrade", NULL);
	ck_assert_msg(code == 0, "upgrade exited %d: %s", code, err);
	for (int t = 0; t < 2; t++) {
		char *q = om_test_pw_select(t ? "pending" : "subscriber", "encode(convert_to(%s, 'UTF8'), 'hex')");
		char *rows = sql_on(db, "%s", q);

		om_test_pw_check(rows, '|', stripped, t == 1);
		free(rows);
		free(q);
	}
	if (stripped)
		om_test_pw_check_report(out, true, "old11.");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	free(out);
	free(err);
	free(ins);
}

START_TEST(store_plaintext_pw_0_hashes_and_empties_passwords)
{
	password_upgrade("STORE_PLAINTEXT_PW=0\n", true);
}
END_TEST

START_TEST(store_plaintext_pw_1_leaves_passwords)
{
	password_upgrade("STORE_PLAINTEXT_PW=1\n", false);
}
END_TEST

/* ---- rollback ----------------------------------------------------------------------------- */

/* Catalog, rows and sequence values of the public schema. */
static char *whole(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *a = catalog(db), *b = state(db, "public"),
	     *c = sql_on(db, "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' "
			     "AND sequencename NOT LIKE 'openser_migrate_%%' ORDER BY 1");

	strbuf_addf(&sb, "%s\n%s\n%s", a, b, c);
	free(a);
	free(b);
	free(c);
	return strbuf_detach(&sb);
}

/* a and b, equal; else the first lines where they differ. */
static void assert_same_text(const char *a, const char *b)
{
	size_t i = 0;

	if (!strcmp(a, b))
		return;
	while (a[i] && a[i] == b[i])
		i++;
	while (i && a[i - 1] != '\n')
		i--;
	ck_abort_msg("they differ from:\n%.400s\n---- vs ----\n%.400s", a + i, b + i);
}

static int rollback(void)
{
	char *err = NULL;
	int rc = run(NULL, &err, "-d", url, "--yes", "rollback", NULL);

	if (rc)
		fprintf(stderr, "rollback failed (%d): %s\n", rc, err);
	free(err);
	return rc;
}

START_TEST(rollback_brings_back_exactly_the_1_1_database)
{
	char *before, *after;

	make_db();
	before = whole();
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "save", "before", NULL), 0);
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(rollback(), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "diff", "before", NULL), 0);
	after = whole();
	assert_same_text(after, before);
	assert_sql(db, "1.1->1.2|upgrade|rolled back\n1.2->1.1|rollback|done\n",
		   "SELECT plan, command, status FROM openser_migrate_history ORDER BY id");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	ck_assert_int_eq(upgrade(), 0);
	free(before);
	free(after);
}
END_TEST

START_TEST(rollback_carries_what_openser_1_2_wrote)
{
	make_db();
	ck_assert_int_eq(upgrade(), 0);
	free(sql_on(db, "INSERT INTO acc (method, from_tag, to_tag, callid, sip_code, sip_reason, time) "
			"VALUES ('BYE', 'ft', 'tt', 'call-9', '200', 'OK', '2007-04-01 10:00:00');"
			"UPDATE acc SET sip_reason = 'Ringing' WHERE callid = 'call-2@example.com';"
			"UPDATE location SET contact = 'sip:alice@198.51.100.7' WHERE username = 'alice';"
			"DELETE FROM subscriber WHERE username = 'bob';"
			"INSERT INTO silo (src_addr, dst_addr, username, domain, inc_time, exp_time, body) "
			"VALUES ('sip:a@x', 'sip:b@x', 'b', 'x', 1, 2, 'hello')"));
	ck_assert_int_eq(rollback(), 0);
	assert_sql(db, "BYE|ft|tt|200 OK|\n",
		   "SELECT sip_method, fromtag, totag, sip_status, from_uri FROM acc WHERE sip_callid = 'call-9'");
	assert_sql(db, "Ringing|sip:carol:secret@voip.example.org:5060\n",
		   "SELECT sip_status, from_uri FROM acc WHERE sip_callid = 'call-2@example.com'");
	assert_sql(db, "603 Decline because the callee is away for the weekend\n",
		   "SELECT sip_status FROM acc WHERE sip_callid = 'call-3@example.com'");
	assert_sql(db, "alice|sip:alice@198.51.100.7\nbob|sip:bob@192.0.2.11\n",
		   "SELECT username, contact FROM location ORDER BY username");
	assert_sql(db, "alice\n", "SELECT username FROM subscriber ORDER BY username");
	/* The new message took a new mid, and the sequence went past it. */
	assert_sql(db, "3|t\n", "SELECT count(*), last_value >= max(mid) FROM silo, silo_mid_seq GROUP BY last_value");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

static const char *const rollback_kill_points[] = { "subscriber", "acc", "gw", "address", "version", "history",
						    "commit" };

START_TEST(killed_rollback_leaves_the_upgraded_database)
{
	char env0[100], *upgraded, *after;
	const char *env[] = { env0, NULL };
	const char *argv[] = { "-d", url, "--yes", "rollback", NULL };

	make_db();
	ck_assert_int_eq(upgrade(), 0);
	upgraded = whole();
	snprintf(env0, sizeof(env0), "OPENSER_MIGRATE_TEST_KILL_AT=%s", rollback_kill_points[_i]);
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	for (int i = 0; i < 50; i++) {
		char *busy = sql_on(NULL, "SELECT count(*) FROM pg_stat_activity WHERE datname = '%s' "
					  "AND application_name = 'openser-migrate'", db);
		bool idle = !strcmp(busy, "0\n");

		free(busy);
		if (idle)
			break;
		usleep(100000);
	}
	after = whole();
	assert_same_text(after, upgraded);
	ck_assert_int_eq(rollback(), 0);
	free(upgraded);
	free(after);
}
END_TEST

START_TEST(plan_sql_is_the_golden_text)
{
	const char *const repl[] = { db, "DB", server.sockdir, "SOCKDIR", NULL };
	char *text;

	make_db();
	text = om_test_script(url, NULL, repl);
	om_test_golden("pgsql-upgrade-1.1-1.2.sql", text);
	free(text);
}
END_TEST

START_TEST(migrate_sql_is_the_golden_text)
{
	char newname[80];
	const char *const repl[] = { newname, "NEWDB", db, "DB", server.sockdir, "SOCKDIR", NULL };
	char *text;

	make_db();
	snprintf(newname, sizeof(newname), "%s_new", db);
	text = om_test_script(url, newname, repl);
	om_test_golden("pgsql-migrate-1.1-1.2.sql", text);
	free(text);
}
END_TEST

/* ---- databases that are not pristine ------------------------------------------------------ */

START_TEST(lived_in_database_keeps_what_operators_added)
{
	char *out = NULL, *cat;

	make_db();
	free(sql_on(db, "CREATE INDEX acc_time ON acc (time);"
			"ALTER TABLE subscriber ADD COLUMN email_verified boolean NOT NULL DEFAULT false;"
			"UPDATE subscriber SET email_verified = true WHERE username = 'alice';"
			"ALTER TABLE subscriber ALTER COLUMN username TYPE varchar(128);"
			"DROP INDEX acc_user_indx;"
			"DROP TABLE phonebook;"
			"UPDATE version SET table_version = 4 WHERE table_name = 'subscriber'"));
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "  kept (carried into OpenSER 1.2 as they are):\n"
			"    table \"subscriber\": column \"username\" has type character varying(128), expected "
			"character varying(64)\n"
			"    table \"subscriber\": unexpected column \"email_verified\"\n"
			"    table \"acc\": unexpected index \"acc_time\" (time)\n");
	free(out);
	ck_assert_int_eq(upgrade(), 0);
	assert_sql(db, "alice|t\nbob|f\n", "SELECT username, email_verified FROM subscriber ORDER BY username");
	assert_sql(db, "character varying(128)\n", "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
		   "WHERE attrelid = 'subscriber'::regclass AND attname = 'username'");
	assert_sql(db, "acc_time\n", "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'acc' "
		   "AND indexname = 'acc_time'");
	assert_sql(db, "0\n", "SELECT count(*) FROM phonebook");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "verify", NULL), 0);
	assert_contains(out, "with the 3 differences an upgrade kept");
	free(out);
	free(sql_on(db, "DROP INDEX acc_time; ALTER TABLE subscriber DROP COLUMN email_verified;"
			"ALTER TABLE subscriber ALTER COLUMN username TYPE varchar(64)"));
	cat = catalog(db);
	om_test_golden("pgsql-1.2-serweb.catalog", cat);
	free(cat);
}
END_TEST

/* OpenSER's tables owned by its own role, no GRANT at all; the upgrade runs as postgres. */
START_TEST(tables_owned_by_openser_stay_usable_by_it)
{
	char *bad, *owners;

	make_db();

	free(sql_on(db, "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM openser, openserro;"
			"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM openser"));
	owners = sql_on(db, "SELECT string_agg(format('ALTER TABLE %%I OWNER TO openser', tablename), '; ') "
			    "FROM pg_tables WHERE schemaname = 'public'");
	owners[strcspn(owners, "\n")] = '\0';
	free(sql_on(db, "%s", owners));
	free(owners);
	ck_assert_int_eq(upgrade(), 0);
	/* Every OpenSER table and sequence: openser may read, insert and update. */
	bad = sql_on(db, "SELECT string_agg(relname, ',') FROM pg_class WHERE relnamespace = 'public'::regnamespace "
			 "AND relname NOT LIKE 'openser_migrate_%%' AND CASE WHEN relkind = 'r' THEN NOT (has_table_privilege("
			 "'openser', oid, 'SELECT') AND has_table_privilege('openser', oid, 'INSERT') "
			 "AND has_table_privilege('openser', oid, 'UPDATE')) ELSE false END");
	ck_assert_str_eq(bad, "\n");
	free(bad);
	bad = sql_on(db, "SELECT string_agg(relname, ',') FROM pg_class WHERE relnamespace = 'public'::regnamespace "
			 "AND CASE WHEN relkind = 'S' THEN NOT has_sequence_privilege('openser', oid, 'USAGE') ELSE false END");
	ck_assert_str_eq(bad, "\n");
	free(bad);
	assert_sql(db, "openser\n", "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public' "
		   "AND tablename NOT LIKE 'openser_migrate_%%'");
}
END_TEST

START_TEST(role_without_the_rights_is_refused_before_any_change)
{
	char wurl[1200], *err = NULL, *before, *after;

	make_db();
	free(sql_on(NULL, "DO $$BEGIN CREATE ROLE weak LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$"));
	free(sql_on(db, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO weak"));
	snprintf(wurl, sizeof(wurl), "postgres://weak@/%s?host=%s&port=%d", db, server.sockdir, server.port);
	before = state(db, "public");
	ck_assert_int_eq(run(NULL, &err, "-d", wurl, "--yes", "upgrade", NULL), 3);
	assert_contains(err, "the role weak cannot do what the upgrade needs, nothing was changed: it lacks");
	assert_contains(err, "ownership of table subscriber (owned by postgres)");
	after = state(db, "public");
	ck_assert_str_eq(after, before);
	free(err);
	free(before);
	free(after);
}
END_TEST


/* Each kind of drift alone: status says pending, the upgrade runs, verify accepts what it kept. */
static const char *const one_drift[] = {
	"CREATE INDEX acc_time ON acc (time)",
	"ALTER TABLE subscriber ADD COLUMN email_verified boolean NOT NULL DEFAULT false",
	"ALTER TABLE subscriber ALTER COLUMN username TYPE varchar(128)",
	"ALTER TABLE usr_preferences ALTER COLUMN value TYPE text",
	"DROP INDEX acc_user_indx",
	"DROP TABLE phonebook",
	"UPDATE version SET table_version = 4 WHERE table_name = 'subscriber'",
	"ALTER INDEX sip_callid_indx RENAME TO acc_callid_by_another_name",
};

START_TEST(each_kind_of_drift_alone_is_upgraded)
{
	char *out = NULL;

	make_db();
	free(sql_on(db, "%s", one_drift[_i]));
	ck_assert_msg(run(&out, NULL, "-d", url, "status", NULL) == 7, "%s: status: %s", one_drift[_i], out);
	free(out);
	ck_assert_msg(upgrade() == 0, "%s: the upgrade failed", one_drift[_i]);
	ck_assert_msg(run(&out, NULL, "-d", url, "verify", NULL) == 0, "%s: verify: %s", one_drift[_i], out);
	free(out);
	assert_sql(db, "4\n", "SELECT count(*) FROM acc");
}
END_TEST

START_TEST(half_way_table_is_refused)
{
	char *err = NULL, *before, *after;

	make_db();
	free(sql_on(db, "ALTER TABLE acc ADD COLUMN id integer"));
	before = state(db, "public");
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "--force", "upgrade", NULL), 5);
	assert_contains(err, "table \"acc\": unexpected column \"id\": it is a column of OpenSER 1.2");
	after = state(db, "public");
	ck_assert_str_eq(after, before);
	free(err);
	free(before);
	free(after);
}
END_TEST

/* ---- faults found from outside ------------------------------------------------------ */

/* An application that was not stopped inserts while the upgrade holds its tables: it waits, nothing is lost. */
START_TEST(writer_waits_for_the_upgrade)
{
	char cmd[1500], *out = NULL;
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=history", cmd, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };
	int i;

	make_db();
	snprintf(cmd, sizeof(cmd), "OPENSER_MIGRATE_TEST_EXEC=psql -X -q -h %s -p %d -U postgres -d %s -c "
		 "\"INSERT INTO location (username, domain, contact, callid) VALUES ('late', 'example.org', "
		 "'sip:late@10.0.0.7', 'written-during-upgrade')\" >/dev/null 2>&1 &", server.sockdir, server.port, db);
	ck_assert_int_eq(om_test_run(argv, env, &out, NULL), 0);
	free(out);
	/* The insert waited for the commit and went into the 1.2 table. */
	for (i = 0; i < 100; i++) {
		char *n = sql_on(db, "SELECT count(*) FROM location WHERE callid = 'written-during-upgrade'");
		int found = !strcmp(n, "1\n");

		free(n);
		if (found)
			break;
		usleep(100000);
	}
	ck_assert_msg(i < 100, "the writer's row is not in the 1.2 location table");
	assert_sql(db, "0\n", "SELECT count(*) FROM old11.location WHERE callid = 'written-during-upgrade'");
}
END_TEST

/*
 * Fault 5: a row written after the pre-checks counted the rows and before
 * the upgrade locked the tables goes into the copy; the count the result is
 * checked against is taken under the locks, so the upgrade succeeds.
 */
START_TEST(a_row_written_before_the_locks_is_copied_and_counted)
{
	char cmd[1500], *out = NULL;
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=planned", cmd, NULL };
	const char *argv[] = { "-d", url, "--yes", "--force", "upgrade", NULL };

	make_db();
	snprintf(cmd, sizeof(cmd), "OPENSER_MIGRATE_TEST_EXEC=psql -X -q -h %s -p %d -U postgres -d %s -c "
		 "\"INSERT INTO location (username, domain, contact, callid) VALUES ('late', 'example.org', "
		 "'sip:late@10.0.0.7', 'written-before-the-locks')\"", server.sockdir, server.port, db);
	ck_assert_int_eq(om_test_run(argv, env, &out, NULL), 0);
	assert_contains(out, "location                            3            3  rebuilt");
	free(out);
	assert_sql(db, "3|1\n", "SELECT count(*), count(*) FILTER (WHERE callid = 'written-before-the-locks') FROM location");
}
END_TEST

/* status while an upgrade runs: "locked", not a mix of the old and the new catalog. */
START_TEST(status_during_an_upgrade_is_locked)
{
	char cmd[4000], file[600], *out = NULL, *text;
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=acc", cmd, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };
	char *dir = om_test_mkdtemp();

	make_db();
	snprintf(file, sizeof(file), "%s/status.out", dir);
	snprintf(cmd, sizeof(cmd), "OPENSER_MIGRATE_TEST_EXEC=%s -d '%s' --lock-timeout 1 status >%s 2>&1; echo \"exit $?\" >>%s",
		 om_test_binary(), url, file, file);
	ck_assert_int_eq(om_test_run(argv, env, &out, NULL), 0);
	free(out);
	text = om_test_read_file(file, NULL);
	ck_assert_ptr_nonnull(text);
	assert_contains(text, "is locked by another openser-migrate run (waited 1 s; see --lock-timeout)");
	assert_contains(text, "exit 4");
	free(text);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 0);
	assert_contains(out, "OpenSER 1.2 (exact match)");
	free(out);
	om_test_rmtree(dir);
	free(dir);
}
END_TEST

/*
 * status that waits for a running upgrade reports what the upgrade left: the
 * catalog, the history and the pre-checks from one snapshot taken after the
 * wait, never a snapshot of 1.1 with queries on the 1.2 tables (which failed
 * with `column "fromtag" does not exist`).
 */
START_TEST(status_waits_for_a_running_upgrade_then_reports_it)
{
	make_db();
	om_test_check_status_beside_upgrade(url);
}
END_TEST

/* An upgrade started while status reads waits for status: status's pre-checks meet the 1.1 of its catalog. */
START_TEST(upgrade_waits_while_status_reads)
{
	make_db();
	om_test_check_upgrade_inside_status(url, "is locked by another openser-migrate run (waited 1 s; "
					    "see --lock-timeout)");
	ck_assert_int_eq(upgrade(), 0);
}
END_TEST

/* The history and the journal say when each step ended, not when the transaction began. */
START_TEST(journal_times_are_the_wall_clock)
{
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=acc", "OPENSER_MIGRATE_TEST_EXEC=sleep 1.2", NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db();
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 0);
	assert_sql(db, "t|t\n", "SELECT (SELECT finished FROM openser_migrate_journal WHERE name = 'missed_calls') > "
		   "(SELECT finished FROM openser_migrate_journal WHERE name = 'subscriber'), "
		   "(SELECT finished > started FROM openser_migrate_history)");
}
END_TEST

START_TEST(connection_failures_exit_2_and_names_are_checked)
{
	char u[1200], newname[80], longname[80], *err = NULL, *out = NULL;

	snprintf(u, sizeof(u), "postgres://postgres@/x?host=%s&port=1", server.sockdir);
	ck_assert_int_eq(run(NULL, &err, "-d", u, "status", NULL), 2);
	assert_contains(err, "cannot connect to PostgreSQL database");
	free(err);
	make_db();
	memset(longname, 'n', 64);
	longname[64] = '\0';
	ck_assert_int_eq(run(NULL, &err, "-d", url, "migrate", db, longname, NULL), 2);
	assert_contains(err, "has 64 bytes: PostgreSQL allows 1 to 63");
	free(err);
	snprintf(newname, sizeof(newname), "%s_n", db);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "migrate", db, newname, NULL), 0);
	/* The report names NEW, as on MySQL. */
	assert_contains(out, "migrate of postgres://postgres@");
	assert_contains(out, newname);
	free(out);
}
END_TEST

/* ---- snapshots ---------------------------------------------------------------------------- */

static void snap_db(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s__snap_%s", db, name);
}

/*
 * The whole catalog of database name, every schema but the system's, the
 * snapshot's marker aside: columns, constraints, indexes, sequences with
 * their values, owners and grants.
 */
static char *all_catalog(const char *name)
{
	return sql_on(name,
		      "SELECT n.nspname, c.relname, c.relkind, pg_get_userbyid(c.relowner), c.relacl FROM pg_class c "
		      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT LIKE 'pg\\_%%' "
		      "AND n.nspname <> 'information_schema' AND c.relname <> 'openser_migrate_snapshot' ORDER BY 1, 2;"
		      "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
		      "coalesce(pg_get_expr(d.adbin, d.adrelid), '(none)') FROM pg_class c "
		      "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname NOT LIKE 'pg\\_%%' "
		      "AND n.nspname <> 'information_schema' "
		      "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
		      "LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
		      "WHERE c.relkind = 'r' AND c.relname <> 'openser_migrate_snapshot' ORDER BY 1, 2, a.attnum;"
		      "SELECT n.nspname, c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
		      "JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
		      "WHERE n.nspname NOT LIKE 'pg\\_%%' ORDER BY 1, 2, 3;"
		      "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
		      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT LIKE 'pg\\_%%' ORDER BY 1;"
		      "SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2");
}

/* Every row of every table of the schemas public and old11, as an md5 per table. */
static char *all_rows(const char *name)
{
	char *has = sql_on(name, "SELECT count(*) FROM pg_namespace WHERE nspname = 'old11'");
	char *a = state(name, "public"), *b = strcmp(has, "0\n") ? state(name, "old11") : om_xstrdup("");
	struct strbuf sb = STRBUF_INIT;

	free(has);
	strbuf_addf(&sb, "%s--\n%s", a, b);
	free(a);
	free(b);
	return strbuf_detach(&sb);
}

START_TEST(snapshot_save_upgrade_restore_is_identical)
{
	char snap[128], *out = NULL, *a, *b, *before_rows, *before_cat;

	make_db();
	snap_db(snap, sizeof(snap), "s1");
	before_rows = all_rows(db);
	before_cat = all_catalog(db);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "save", "s1", NULL), 0);
	assert_contains(out, "method: template (CREATE DATABASE ... TEMPLATE, the server's own copy: no other session");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "snapshot \"before-upgrade-");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "list", NULL), 0);
	assert_contains(out, "s1\n  taken ");
	assert_contains(out, ", OpenSER 1.1\n  database: ");
	assert_contains(out, snap);
	assert_contains(out, "method: template");
	assert_contains(out, "before-upgrade-");
	free(out);
	/* Rows written after the upgrade, and a sequence moved: the restore discards them. */
	free(sql_on(db, "INSERT INTO acc (method, time) VALUES ('BYE', now()); SELECT nextval('acc_id_seq')"));
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "diff", "s1", NULL), 5);
	assert_contains(out, "catalog: table \"acc\": missing column \"sip_status\"");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "snapshot", "restore", "s1", NULL), 0);
	assert_contains(out, "one transaction in the live database");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "diff", "s1", NULL), 0);
	assert_contains(out, "equals snapshot \"s1\"");
	free(out);
	a = all_rows(db);
	b = all_rows(snap);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(a, before_rows);
	free(a);
	free(b);
	a = all_catalog(db);
	ck_assert_str_eq(a, before_cat);
	b = all_catalog(snap);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "OpenSER 1.1 (exact match)");
	free(out);
	free(before_rows);
	free(before_cat);
}
END_TEST

/* With another session on the database, the copy: as exact as the server's own, and said so. */
START_TEST(snapshot_with_a_session_connected_is_a_copy)
{
	PGconn *other;
	char conninfo[600], snap[128], *out = NULL, *a, *b;

	make_db();
	/* An upgraded database: a retained schema, sequences past their rows. */
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "--no-snapshot", "upgrade", NULL), 0);
	/* A table of OpenSER's own role, with the sequence its serial column owns (which follows the table's owner). */
	free(sql_on(db, "ALTER TABLE gw_grp OWNER TO openser"));
	snprintf(conninfo, sizeof(conninfo), "host=%s port=%d dbname=%s user=postgres", server.sockdir, server.port, db);
	other = PQconnectdb(conninfo);
	ck_assert(PQstatus(other) == CONNECTION_OK);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "save", "c1", NULL), 0);
	assert_contains(out, "method: copy (1 other session was connected to ");
	assert_contains(out, "in one REPEATABLE READ snapshot");
	free(out);
	snap_db(snap, sizeof(snap), "c1");
	a = all_catalog(db);
	b = all_catalog(snap);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	a = all_rows(db);
	b = all_rows(snap);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	assert_sql(snap, "gw_grp|openser\ngw_grp_grp_id_seq|openser\n", "SELECT relname, pg_get_userbyid(relowner) "
		   "FROM pg_class WHERE relname IN ('gw_grp', 'gw_grp_grp_id_seq') ORDER BY 1");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "diff", "c1", NULL), 0);
	assert_contains(out, "equals snapshot");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "list", NULL), 0);
	assert_contains(out, "method: copy");
	free(out);
	PQfinish(other);
}
END_TEST

START_TEST(snapshot_diff_finds_each_change)
{
	char *out = NULL;

	make_db();
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "save", "s1", NULL), 0);
	free(sql_on(db, "UPDATE subscriber SET rpid = 'changed' WHERE username = 'alice';"
			"INSERT INTO grp (username, domain, grp) VALUES ('zed', 'example.com', 'x');"
			"DROP INDEX sip_callid_indx;"
			"ALTER TABLE domain ALTER COLUMN domain TYPE varchar(200);"
			"CREATE TABLE extra (a int); DROP TABLE speed_dial"));
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "diff", "s1", NULL), 5);
	assert_contains(out, "changed: username=alice, domain=example.com");
	assert_contains(out, "only in the live database: username=zed, domain=example.com, grp=x");
	assert_contains(out, "catalog: table \"acc\": missing index");
	assert_contains(out, "catalog: table \"domain\": column \"domain\" has type character varying(200)");
	assert_contains(out, "catalog: unexpected table \"extra\"");
	assert_contains(out, "catalog: missing table \"speed_dial\"");
	free(out);
}
END_TEST

START_TEST(snapshot_killed_save_bad_names_and_drop)
{
	char snap[128], *out = NULL, *err = NULL;
	const char *env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=snapshot-copied", NULL };
	const char *argv[] = { "-d", url, "snapshot", "save", "k", NULL };

	make_db();
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "list", NULL), 0);
	assert_contains(out, "no snapshots of ");
	assert_contains(out, "not a snapshot: ");
	free(out);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "save", "k", NULL), 0);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "save", "k;drop", NULL), 2);
	assert_contains(err, "snapshot name \"k;drop\" is not a short safe word");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "diff", "nope", NULL), 2);
	assert_contains(err, "no snapshot \"nope\" of ");
	free(err);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "snapshot", "drop", "k", NULL), 0);
	snap_db(snap, sizeof(snap), "k");
	out = sql_on(NULL, "SELECT count(*) FROM pg_database WHERE datname = '%s'", snap);
	ck_assert_str_eq(out, "0\n");
	free(out);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "--no-snapshot", "upgrade", NULL), 0);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--json", "snapshot", "list", NULL), 0);
	assert_contains(out, "\"snapshots\": [], \"incomplete\": []");
	free(out);
}
END_TEST

/* ---- --jobs ----------------------------------------------------------------------------- */

/* a and b (freed), equal (assert_same_text). */
static void assert_same_and_free(char *a, char *b)
{
	assert_same_text(a, b);
	free(a);
	free(b);
}

/* Every copy large enough for a job of its own (the tests' databases are small). */
#define JOBS_ENV "OPENSER_MIGRATE_TEST_JOB_ROWS=0"

static void assert_no_job_schema(const char *name)
{
	assert_sql(name, "0\n", "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'openser\\_migrate\\_job%%'");
}

/* The exact 1.2 catalog, no job schema left, and verify passes. */
static void assert_upgraded_with_no_job_left(void)
{
	char *cat = catalog(db);

	om_test_golden("pgsql-1.2-serweb.catalog", cat);
	free(cat);
	assert_no_job_schema(db);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}

/*
 * The tables built on other connections, committed in their schemas and
 * moved in by the run's transaction, are the ones one connection builds:
 * catalog, rows, the retained schema, sequences.
 */
START_TEST(jobs_build_what_one_connection_builds)
{
	const char *env[] = { JOBS_ENV, NULL };
	const char *planv[] = { "-d", url, "--jobs", "3", "plan", NULL };
	const char *argv[] = { "-d", url, "--yes", "--jobs", "3", "upgrade", NULL };
	char ref[80], refurl[1024], *out = NULL, *cat;
	const char *join;

	make_db();
	snprintf(ref, sizeof(ref), "%sr", db);
	make_db_named(ref, true, true);
	make_url(refurl, sizeof(refurl), ref);
	ck_assert_int_eq(om_test_run(planv, env, &out, NULL), 0);
	assert_contains(out, "built by connection 2 (--jobs)");
	assert_contains(out, "built by connection 3 (--jobs)");
	join = strstr(out, "-- every connection's tables built (--jobs)");
	ck_assert_ptr_nonnull(join);
	assert_contains(join, "the table connection 2 built takes its place");
	assert_contains(join, "DROP SCHEMA \"openser_migrate_job2\"");
	free(out);
	out = NULL;
	ck_assert_int_eq(om_test_run(argv, env, &out, NULL), 0);
	free(out);
	cat = catalog(db);
	om_test_golden("pgsql-1.2-serweb.catalog", cat);
	free(cat);
	assert_no_job_schema(db);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	{
		const char *one[] = { "-d", refurl, "--yes", "--jobs", "1", "upgrade", NULL };

		ck_assert_int_eq(om_test_run(one, NULL, NULL, NULL), 0);
	}
	assert_same_and_free(state(db, "public"), state(ref, "public"));
	assert_same_and_free(state(db, "old11"), state(ref, "old11"));
	assert_same_and_free(sequences(db), sequences(ref));
	/* Back to 1.1 as without jobs. */
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "rollback", NULL), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", refurl, "--yes", "rollback", NULL), 0);
	assert_same_and_free(state(db, "public"), state(ref, "public"));
}
END_TEST

/*
 * OpenSER writes to the tables the moment the jobs start, to those the
 * jobs copy and to those the run copies: each write waits for the commit
 * and lands in the 1.2 table, none in a copy or an old table.
 */
START_TEST(jobs_writers_wait_and_land_in_the_1_2_tables)
{
	static const char *const writes[] = {
		"INSERT INTO location (username, domain, contact, callid) VALUES ('late', 'example.org', "
		"'sip:late@10.0.0.7', 'written-during-upgrade')",
		"INSERT INTO aliases (username, domain, contact, callid) VALUES ('late', 'example.org', "
		"'sip:late@10.0.0.7', 'written-during-upgrade')",
		"INSERT INTO grp (username, domain, grp) VALUES ('late', 'example.org', 'written-during-upgrade')",
	};
	struct strbuf cmd = STRBUF_INIT;
	char *out = NULL, *err = NULL;
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=jobs-start", NULL, JOBS_ENV, NULL };
	const char *argv[] = { "-d", url, "--yes", "--jobs", "3", "upgrade", NULL };
	int i;

	make_db();
	strbuf_adds(&cmd, "OPENSER_MIGRATE_TEST_EXEC=");
	for (size_t w = 0; w < sizeof(writes) / sizeof(writes[0]); w++)
		strbuf_addf(&cmd, "(psql -X -q -h %s -p %d -U postgres -d %s -c \"%s\" >/dev/null 2>&1 &); ",
			    server.sockdir, server.port, db, writes[w]);
	strbuf_adds(&cmd, "sleep 0.3");
	env[1] = cmd.buf;
	ck_assert_int_eq(om_test_run(argv, env, &out, &err), 0);
	/* At least one of those tables was copied by a job. */
	ck_assert_msg(strstr(err, "(--jobs connection") != NULL, "no copy on a job's connection:\n%s", err);
	for (i = 0; i < 100; i++) {
		char *n = sql_on(db, "SELECT (SELECT count(*) FROM location WHERE callid = 'written-during-upgrade') + "
				 "(SELECT count(*) FROM aliases WHERE callid = 'written-during-upgrade') + "
				 "(SELECT count(*) FROM grp WHERE grp = 'written-during-upgrade')");
		int found = !strcmp(n, "3\n");

		free(n);
		if (found)
			break;
		usleep(100000);
	}
	ck_assert_msg(i < 100, "a writer's row is not in its 1.2 table");
	assert_sql(db, "0\n", "SELECT (SELECT count(*) FROM old11.location WHERE callid = 'written-during-upgrade') + "
		   "(SELECT count(*) FROM old11.aliases WHERE callid = 'written-during-upgrade') + "
		   "(SELECT count(*) FROM old11.grp WHERE grp = 'written-during-upgrade')");
	assert_no_job_schema(db);
	free(out);
	free(err);
	strbuf_release(&cmd);
}
END_TEST

static const char *const jobs_kill_points[] = { "jobs-start", "subscriber", "acc", "version", "commit" };

/*
 * Killed anywhere, a run with jobs leaves the 1.1 database as it was (the
 * tables the jobs committed in their schemas are all it leaves); the rerun
 * drops those and ends as one connection ends.
 */
START_TEST(jobs_killed_upgrade_leaves_the_database_identical)
{
	char env0[100], *before, *after, *cb, *ca;
	const char *env[] = { env0, JOBS_ENV, NULL };
	const char *rerun_env[] = { JOBS_ENV, NULL };
	const char *argv[] = { "-d", url, "--yes", "--jobs", "3", "upgrade", NULL };

	make_db();
	before = state(db, "public");
	cb = catalog(db);
	snprintf(env0, sizeof(env0), "OPENSER_MIGRATE_TEST_KILL_AT=%s", jobs_kill_points[_i]);
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	om_test_pg_wait_idle(&server, db);
	after = state(db, "public");
	ca = catalog(db);
	ck_assert_str_eq(after, before);
	ck_assert_str_eq(ca, cb);
	ck_assert_int_eq(om_test_run(argv, rerun_env, NULL, NULL), 0);
	assert_upgraded_with_no_job_left();
	free(before);
	free(after);
	free(cb);
	free(ca);
}
END_TEST

/*
 * The price of the two-step lock (README, --jobs): an application
 * transaction that has read a table a job copies, then waits for a table
 * the run's transaction replaces itself, is in a deadlock with the run once
 * the run takes the job's table.  PostgreSQL breaks it after
 * deadlock_timeout by cancelling one side: mostly the application, which
 * has waited longest (its check finds the cycle first), and the run goes
 * on to 1.2; else the run, which then exits 4 with the database as it was,
 * the application's transaction done, and a rerun upgrades.
 */
START_TEST(jobs_an_application_in_a_lock_cycle_is_cancelled_not_the_run)
{
	static const char *const rebuilt[] = { "subscriber", "acc", "missed_calls", "location", "aliases", "grp",
					       "usr_preferences", "trusted", "gw", "lcr", NULL };
	const char *planv[] = { "-d", url, "--jobs", "3", "plan", NULL };
	const char *argv[] = { "-d", url, "--yes", "--jobs", "3", "upgrade", NULL };
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=jobs-start", NULL, JOBS_ENV, NULL };
	const char *plan_env[] = { JOBS_ENV, NULL };
	struct strbuf cmd = STRBUF_INIT, reads = STRBUF_INIT;
	const char *own = NULL;
	char path[600], *out = NULL, *err = NULL, *app, *cat, *before;
	int rc;

	make_db();
	before = catalog(db);
	ck_assert_int_eq(om_test_run(planv, plan_env, &out, NULL), 0);
	/* The application reads every table a job builds, then one the run builds itself. */
	for (int i = 0; rebuilt[i]; i++) {
		struct strbuf mark = STRBUF_INIT;

		strbuf_addf(&mark, "-- %s: built by connection ", rebuilt[i]);
		if (strstr(out, mark.buf))
			strbuf_addf(&reads, "-c 'SELECT count(*) FROM %s' ", rebuilt[i]);
		else if (!own)
			own = rebuilt[i];
		strbuf_release(&mark);
	}
	ck_assert_msg(reads.len && own, "the plan has no table on each side:\n%s", out);
	free(out);
	out = NULL;
	snprintf(path, sizeof(path), "%s/app-%s.out", server.dir, db);
	strbuf_addf(&cmd, "OPENSER_MIGRATE_TEST_EXEC=(psql -X -h %s -p %d -U postgres -d %s -c 'BEGIN' %s"
		    "-c 'SELECT count(*) FROM %s' -c 'COMMIT' >%s 2>&1 &); sleep 0.5",
		    server.sockdir, server.port, db, reads.buf, own, path);
	env[1] = cmd.buf;
	rc = om_test_run(argv, env, &out, &err);
	om_test_pg_wait_idle(&server, db);
	app = om_test_read_file(path, NULL);
	ck_assert_ptr_nonnull(app);
	if (rc == 0) {
		assert_contains(app, "deadlock detected");
	} else {
		ck_assert_msg(rc == 4, "exit %d: %s", rc, err);
		assert_contains(err, "deadlock detected");
		ck_assert_msg(!strstr(app, "deadlock") && strstr(app, "COMMIT"), "the application:\n%s", app);
		cat = catalog(db);
		ck_assert_str_eq(cat, before);
		free(cat);
		ck_assert_int_eq(om_test_run(argv, plan_env, NULL, NULL), 0);
	}
	assert_upgraded_with_no_job_left();
	free(before);
	free(app);
	free(out);
	free(err);
	strbuf_release(&cmd);
	strbuf_release(&reads);
}
END_TEST

/*
 * A run with three connections killed once its jobs have committed leaves
 * their schemas; a rerun on one connection (no job of its own to empty
 * them) drops them in its transaction: nothing of the killed run stays.
 */
START_TEST(jobs_schemas_of_a_killed_run_go_with_a_rerun_without_jobs)
{
	const char *env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=version", JOBS_ENV, NULL };
	const char *argv[] = { "-d", url, "--yes", "--jobs", "3", "upgrade", NULL };
	const char *rerun[] = { "-d", url, "--yes", "--jobs", "1", "upgrade", NULL };
	char *left, *out = NULL, *err = NULL;
	int rc;

	make_db();
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	om_test_pg_wait_idle(&server, db);
	left = sql_on(db, "SELECT count(*) > 0 FROM pg_tables WHERE schemaname LIKE 'openser\\_migrate\\_job%%'");
	ck_assert_str_eq(left, "t\n");
	free(left);
	rc = om_test_run(rerun, NULL, &out, &err);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	assert_upgraded_with_no_job_left();
	free(out);
	free(err);
}
END_TEST

static Suite *pgsql_suite(void)
{
	Suite *s = suite_create("pgsql");
	TCase *tc;

	tc = tcase_create("upgrade");
	tcase_add_unchecked_fixture(tc, server_start, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, upgrade_yields_the_exact_1_2_catalog);
	tcase_add_test(tc, upgrade_of_a_core_database_has_no_serweb_parts);
	tcase_add_test(tc, upgrade_writes_the_1_2_version_rows);
	tcase_add_test(tc, upgrade_maps_every_value);
	tcase_add_test(tc, store_plaintext_pw_0_hashes_and_empties_passwords);
	tcase_add_test(tc, store_plaintext_pw_1_leaves_passwords);
	tcase_add_test(tc, rollback_brings_back_exactly_the_1_1_database);
	tcase_add_test(tc, rollback_carries_what_openser_1_2_wrote);
	OM_TEST_ADD_LOOP(tc, killed_rollback_leaves_the_upgraded_database,
			 (int)(sizeof(rollback_kill_points) / sizeof(rollback_kill_points[0])));
	tcase_add_test(tc, upgrade_reads_name_addr_and_counts_unparsable_uris);
	tcase_add_test(tc, sequences_go_past_the_kept_ids_for_openser);
	tcase_add_test(tc, second_upgrade_is_a_no_op);
	tcase_add_test(tc, plan_prints_the_postgresql_sql_and_changes_nothing);
	tcase_add_test(tc, plan_sql_is_the_golden_text);
	tcase_add_test(tc, cleanup_drops_the_retained_schema);
	tcase_add_test(tc, upstream_1_2_0_database_gets_address_3_and_the_acc_extras);
	tcase_add_test(tc, lived_in_database_keeps_what_operators_added);
	tcase_add_test(tc, tables_owned_by_openser_stay_usable_by_it);
	tcase_add_test(tc, role_without_the_rights_is_refused_before_any_change);
	OM_TEST_ADD_LOOP(tc, each_kind_of_drift_alone_is_upgraded,
			 (int)(sizeof(one_drift) / sizeof(one_drift[0])));
	tcase_add_test(tc, half_way_table_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("one transaction");
	tcase_add_unchecked_fixture(tc, server_start, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, failure_mid_upgrade_leaves_the_database_identical);
	OM_TEST_ADD_LOOP(tc, killed_upgrade_leaves_the_database_identical,
			 (int)(sizeof(kill_points) / sizeof(kill_points[0])));
	tcase_add_test(tc, interrupted_upgrade_exits_6);
	tcase_add_test(tc, sequences_of_untouched_tables_are_left_alone);
	suite_add_tcase(s, tc);

	tc = tcase_create("jobs");
	tcase_add_unchecked_fixture(tc, server_start, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, jobs_build_what_one_connection_builds);
	tcase_add_test(tc, jobs_writers_wait_and_land_in_the_1_2_tables);
	OM_TEST_ADD_LOOP(tc, jobs_killed_upgrade_leaves_the_database_identical,
			 (int)(sizeof(jobs_kill_points) / sizeof(jobs_kill_points[0])));
	tcase_add_test(tc, jobs_schemas_of_a_killed_run_go_with_a_rerun_without_jobs);
	tcase_add_test(tc, jobs_an_application_in_a_lock_cycle_is_cancelled_not_the_run);
	suite_add_tcase(s, tc);

	tc = tcase_create("snapshots");
	tcase_add_unchecked_fixture(tc, server_start, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, snapshot_save_upgrade_restore_is_identical);
	tcase_add_test(tc, snapshot_with_a_session_connected_is_a_copy);
	tcase_add_test(tc, snapshot_diff_finds_each_change);
	tcase_add_test(tc, snapshot_killed_save_bad_names_and_drop);
	suite_add_tcase(s, tc);

	tc = tcase_create("migrate");
	tcase_add_unchecked_fixture(tc, server_start, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, migrate_streams_into_new_and_leaves_old_untouched);
	tcase_add_test(tc, migrate_killed_resumes);
	tcase_add_test(tc, migrate_refuses_an_existing_new_and_the_same_name);
	tcase_add_test(tc, migrate_sql_is_the_golden_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("refusals");
	tcase_add_unchecked_fixture(tc, server_start, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, connected_openser_is_refused_unless_forced);
	tcase_add_test(tc, writer_waits_for_the_upgrade);
	tcase_add_test(tc, a_row_written_before_the_locks_is_copied_and_counted);
	tcase_add_test(tc, status_during_an_upgrade_is_locked);
	tcase_add_test(tc, status_waits_for_a_running_upgrade_then_reports_it);
	tcase_add_test(tc, upgrade_waits_while_status_reads);
	tcase_add_test(tc, journal_times_are_the_wall_clock);
	tcase_add_test(tc, connection_failures_exit_2_and_names_are_checked);
	tcase_add_test(tc, locked_database_exits_4);
	tcase_add_test(tc, drifted_schema_exits_5);
	tcase_add_test(tc, openserctlrc_names_the_postgresql_database);
	tcase_add_test(tc, password_sources_and_no_secret_shown);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return om_test_main(pgsql_suite());
}
