/*
 * test_mysql.c: the MySQL/MariaDB engine end to end, on a real server.
 *
 * Each test case starts its own mariadbd (latin1 server, and one with the
 * Debian default utf8mb4), builds OpenSER 1.1 databases as
 * openser_mysql.sh 1.1 did (MyISAM, latin1, zero dates; fixtures written
 * from the facts), runs the openser-migrate binary against them, and
 * checks the catalog (information_schema), every carried value, the
 * version rows, kills after every step, migrate into a new database with
 * the old one untouched (CHECKSUM TABLE), sessions, the lock and the exit
 * codes.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/wait.h>

#include <mysql.h>

#include "passwords.h"
#include "strbuf.h"
#include "support.h"

static struct om_test_mariadb server;
static char db[64], url[1024];

static void server_latin1(void)
{
	om_test_mariadb_start(&server, "latin1");
}

static void server_utf8mb4(void)
{
	om_test_mariadb_start(&server, NULL);
}

static void server_stop(void)
{
	om_test_mariadb_stop(&server);
}

static void make_url(char *out, size_t n, const char *name)
{
	snprintf(out, n, "mysql://root@localhost/%s?socket=%s", name, server.socket);
}

/* A fresh database name per test (tests run in forked children). */
static void setup(void)
{
	snprintf(db, sizeof(db), "om%d", (int)getpid());
	make_url(url, sizeof(url), db);
}

static void teardown(void)
{
}

static char *sql(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Run SQL as root (no default database); the output with tabs as '|'. */
static char *sql(const char *fmt, ...)
{
	va_list ap;
	char *out;

	va_start(ap, fmt);
	out = om_test_mariadb_vqueryf(&server, fmt, ap);
	va_end(ap);
	return out;
}

/* A 1.1 database `name` built from fixtures (MySQL schema files + shared rows). */
static void make_db_named(const char *name, bool serweb, bool modules)
{
	om_test_mariadb_openser_db(&server, name, serweb, modules);
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

#define assert_sql(expected, ...) \
	do { \
		char *got_ = sql(__VA_ARGS__); \
		ck_assert_str_eq(got_, expected); \
		free(got_); \
	} while (0)

#define assert_contains(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) != NULL, "expected to find:\n%s\nin:\n%.2500s", (needle), (hay))

/* The catalog of database name, from information_schema, without our own and retained tables. */
static char *catalog(const char *name)
{
	return om_test_mariadb_catalog(&server, name, OM_TEST_MARIADB_LIVE);
}

/* CHECKSUM TABLE of every table of database name (its exact rows), one line each. */
static char *checksums(const char *name)
{
	return om_test_mariadb_checksums(&server, name, NULL);
}

/* ---- the upgrade -------------------------------------------------------------------- */

START_TEST(upgrade_yields_the_exact_1_2_catalog)
{
	char *cat;

	make_db();
	ck_assert_int_eq(upgrade(), 0);
	cat = catalog(db);
	om_test_golden("mysql-1.2-serweb.catalog", cat);
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
	om_test_golden("mysql-1.2-core.catalog", cat);
	free(cat);
}
END_TEST

START_TEST(upgrade_writes_the_1_2_version_rows)
{
	make_db();
	ck_assert_int_eq(upgrade(), 0);
	assert_sql("acc|4\nactive_sessions|1\naddress|3\nadmin_privileges|1\naliases|1004\ncpl|1\n"
		   "dbaliases|1\ndomain|1\ngrp|2\ngw|4\ngw_grp|1\nlcr|2\nlocation|1004\nmissed_calls|3\n"
		   "pending|6\nphonebook|1\nre_grp|1\nserver_monitoring|1\nserver_monitoring_agg|1\n"
		   "silo|5\nsip_trace|1\nspeed_dial|2\nsubscriber|6\ntrusted|4\nuri|1\nusr_preferences|2\n"
		   "usr_preferences_types|1\n",
		   "SELECT table_name, table_version FROM `%s`.version ORDER BY table_name", db);
	/* The 1.1 rows are kept with the old version table. */
	assert_sql("2\n", "SELECT table_version FROM `%s`.old11_version WHERE table_name = 'acc'", db);
}
END_TEST

START_TEST(upgrade_maps_every_value)
{
	make_db();
	ck_assert_int_eq(upgrade(), 0);
	assert_sql("1|INVITE|tag-from-0123456789012345678901234567890123456789012345678901234|to-1|"
		   "call-1@example.com|200||2007-03-01 12:00:00|alice|example.com|bob|example.net\n"
		   "2|INVITE|f2|t2|call-2@example.com||call to voicemail|2007-03-01 12:05:00|carol|"
		   "voip.example.org|Dave|Example.NET\n"
		   "3|INVITE|f3|t3|call-3@example.com|603|Decline because the callee is aw|2007-03-01 12:10:00||"
		   "example.com||[2001:db8::1]\n"
		   "4|BYE|f4|t4|call-4@example.com||2000|2007-03-01 12:15:00|frank|example.com|+4930123|\n",
		   "SELECT id, method, from_tag, to_tag, callid, sip_code, sip_reason, time, src_user, src_domain, "
		   "dst_user, dst_domain FROM `%s`.acc ORDER BY id", db);
	assert_sql("1|486|Busy Here|alice|example.com|bob|example.net\n"
		   "2|408|Request Timeout|bob|example.com|alice|example.com\n",
		   "SELECT id, sip_code, sip_reason, src_user, src_domain, dst_user, dst_domain FROM `%s`.missed_calls "
		   "ORDER BY id", db);
	assert_sql("1|local-gw|1|127.0.0.1|5060|1|1|0|NULL\n2|pstn-gw|2|192.168.1.10|NULL|NULL|NULL|2|0049\n",
		   "SELECT id, gw_name, grp_id, ip_addr, port, uri_scheme, transport, strip, prefix FROM `%s`.gw ORDER BY id",
		   db);
	assert_sql("5|bob|73656520796F752061742035\n9|bob|00FF68690A\n",
		   "SELECT id, username, HEX(body) FROM `%s`.silo ORDER BY id", db);
	assert_sql("3|alice|2007-02-01 08:00:00\n8|a-very-long-user-name-0123456789012345678901234567890123456789-a|"
		   "2007-02-02 08:00:00\n",
		   "SELECT id, username, last_modified FROM `%s`.usr_preferences ORDER BY id", db);
	assert_sql("3|in\n7|out\n", "SELECT id, direction FROM `%s`.sip_trace ORDER BY id", db);
	assert_sql("1|alice|1\n2|alice|2\n", "SELECT id, username, sd_username FROM `%s`.speed_dial ORDER BY id", db);
	assert_sql("1|alice|5d41402abc4b2a76b9719d911017c592|+4930111|1\n2|bob|7d793037a0760186574b0282f2f435e7||0\n",
		   "SELECT id, username, phplib_id, phone, allow_find FROM `%s`.subscriber ORDER BY id", db);
	assert_sql("1|alice|17|1|0|udp:192.0.2.1:5060|8191|0.50\n2|bob|42|0|0|NULL|NULL|1.00\n",
		   "SELECT id, username, cseq, flags, cflags, socket, methods, q FROM `%s`.location ORDER BY id", db);
	assert_sql("1|*|9|intl.example.net\n2|example.com|123|pstn.example.com\n",
		   "SELECT id, sdomain, prefix, domain FROM `%s`.pdt ORDER BY id", db);
	assert_sql("1|alice|0102\n", "SELECT id, username, HEX(cpl_bin) FROM `%s`.cpl", db);
	assert_sql("1|carol|abc123\n", "SELECT id, username, confirmation FROM `%s`.pending", db);
	assert_sql("1|^sip:00|2\n2|^sip:\\+49|1\n", "SELECT id, reg_exp, group_id FROM `%s`.re_grp ORDER BY id", db);
	assert_sql("1|info\n2|sales\n", "SELECT id, alias_username FROM `%s`.dbaliases ORDER BY id", db);
}
END_TEST

/* URIs by the amended rules, and unparsable ones counted and reported, not refused. */
START_TEST(upgrade_reads_name_addr_and_counts_unparsable_uris)
{
	char *out = NULL;

	make_db();
	free(sql("INSERT INTO `%s`.acc " OM_TEST_ACC_URI_ROWS, db));
	/* plan parses every URI up front; upgrade counts the unparsable ones on its copy: the same counts. */
	ck_assert_int_eq(run(&out, NULL, "-d", url, "plan", NULL), 0);
	ck_assert_msg(strstr(out, "acc.src_user: 1 value of from_uri could not be parsed as a SIP URI") &&
		      strstr(out, "acc.dst_domain: 1 value of nonempty(i_uri, to_uri) could not be parsed"),
		      "plan:\n%s", out);
	free(out);
	out = NULL;
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_sql(OM_TEST_ACC_URI_PARTS,
		   "SELECT id, src_user, src_domain, dst_user, dst_domain FROM `%s`.acc WHERE id > 4 ORDER BY id", db);
	om_test_check_uri_report(out);
	free(out);
}
END_TEST

START_TEST(tables_keep_engine_and_charset)
{
	make_db();
	ck_assert_int_eq(upgrade(), 0);
	assert_sql("", "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' "
		   "AND TABLE_NAME NOT LIKE 'openser\\_migrate\\_%%' "
		   "AND (ENGINE <> 'MyISAM' OR TABLE_COLLATION <> 'latin1_swedish_ci')", db);
	/* The migrator's own bookkeeping is on the crash-safe engine, whatever the OpenSER tables'. */
	assert_sql("openser_migrate_drift|InnoDB\nopenser_migrate_history|InnoDB\nopenser_migrate_journal|InnoDB\n"
		   "openser_migrate_version|InnoDB\n",
		   "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' "
		   "AND TABLE_NAME LIKE 'openser\\_migrate\\_%%' ORDER BY 1", db);
}
END_TEST

START_TEST(second_upgrade_is_a_no_op)
{
	char *out = NULL, *before, *after;

	make_db();
	ck_assert_int_eq(upgrade(), 0);
	before = checksums(db);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "nothing to do: the database is already at OpenSER 1.2");
	after = checksums(db);
	ck_assert_str_eq(after, before);
	free(out);
	free(before);
	free(after);
}
END_TEST

START_TEST(upstream_1_2_0_database_gets_the_acc_extras)
{
	char *out = NULL, *cat;

	make_db();
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "cleanup", NULL), 0);
	/* What openser_mysql.sh 1.2.0 made: acc and missed_calls without the extra columns. */
	free(sql("ALTER TABLE `%s`.acc DROP COLUMN src_user, DROP COLUMN src_domain, DROP COLUMN dst_user, "
		 "DROP COLUMN dst_domain; ALTER TABLE `%s`.missed_calls DROP COLUMN src_user, "
		 "DROP COLUMN src_domain, DROP COLUMN dst_user, DROP COLUMN dst_domain", db, db));
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "version:   OpenSER 1.2.0 (exact match)");
	free(out);
	out = NULL;
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "the old tables are retained (old120_*) with every 1.2.0 value");
	free(out);
	cat = catalog(db);
	om_test_golden("mysql-1.2-serweb.catalog", cat);
	free(cat);
	assert_sql("4|4|4\n", "SELECT (SELECT count(*) FROM `%s`.acc), (SELECT max(id) FROM `%s`.acc), "
		   "(SELECT count(*) FROM `%s`.old120_acc)", db, db, db);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "cleanup", NULL), 0);
	assert_sql("0\n", "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' "
		   "AND TABLE_NAME LIKE 'old%%'", db);
}
END_TEST

START_TEST(plan_prints_the_mysql_sql_and_changes_nothing)
{
	char *out = NULL, *before, *after;

	make_db();
	before = checksums(db);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "plan", NULL), 0);
	assert_contains(out, "CREATE TABLE `openser_migrate_new_acc` (");
	assert_contains(out, ") ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;\n");
	assert_contains(out, "ALTER TABLE `openser_migrate_new_acc` DISABLE KEYS;\n");
	assert_contains(out, "RENAME TABLE\n  `subscriber` TO `old11_subscriber`,\n  `openser_migrate_new_subscriber` TO `subscriber`,");
	after = checksums(db);
	ck_assert_str_eq(after, before);
	free(out);
	free(before);
	free(after);
}
END_TEST

/* ---- crash safety and resume ---------------------------------------------------------- */

static const char *const kill_points[] = {
	"history", "subscriber", "acc", "missed_calls", "location", "aliases", "dbaliases", "grp", "re_grp", "silo",
	"domain", "uri", "usr_preferences", "trusted", "speed_dial", "gw", "lcr", "address", "pdt", "cpl",
	"sip_trace", "pending", "version", "switch"
};

/* Every 1.2 table's rows (CHECKSUM TABLE), the migrator's and the retained tables aside. */
static char *state(const char *name)
{
	return om_test_mariadb_checksums(&server, name,
					 "TABLE_NAME NOT LIKE 'openser\\_migrate\\_%' AND TABLE_NAME NOT LIKE 'old11\\_%'");
}

/* The same end as an uninterrupted run of a database made alike: every row of every table. */
static void assert_uninterrupted_end(void)
{
	char ref[80], refurl[1024], *a, *b;

	snprintf(ref, sizeof(ref), "%sr", db);
	make_db_named(ref, true, true);
	make_url(refurl, sizeof(refurl), ref);
	ck_assert_int_eq(run(NULL, NULL, "-d", refurl, "--yes", "upgrade", NULL), 0);
	a = state(db);
	b = state(ref);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}

START_TEST(killed_upgrade_resumes_to_the_same_end)
{
	char env0[100], *out = NULL, *cat, *values;
	const char *env[] = { env0, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };
	const char *statusv[] = { "-d", url, "status", NULL };
	int st;

	make_db();
	snprintf(env0, sizeof(env0), "OPENSER_MIGRATE_TEST_KILL_AT=%s", kill_points[_i]);
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	/* At every kill point the live tables are entirely 1.1, or entirely 1.2 after the switch. */
	st = om_test_run(statusv, NULL, &out, NULL);
	ck_assert_int_eq(st, 7);
	if (!strcmp(kill_points[_i], "switch"))
		assert_contains(out, "version:   OpenSER 1.2 (exact match)");
	else
		assert_contains(out, "version:   OpenSER 1.1 (exact match)");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	if (strcmp(kill_points[_i], "switch") && strcmp(kill_points[_i], "history"))
		assert_contains(out, "resuming the unfinished upgrade #1");
	free(out);
	cat = catalog(db);
	om_test_golden("mysql-1.2-serweb.catalog", cat);
	free(cat);
	values = sql("SELECT status FROM `%s`.openser_migrate_history", db);
	ck_assert_str_eq(values, "done\n");
	free(values);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	assert_uninterrupted_end();
}
END_TEST

/*
 * The environment of a run whose step `at` starts an application's
 * statements in the background (once: a later pass of the run reaches the
 * step again) and gives them half a second to reach the server.  The
 * statements wait for the hold, as OpenSER's would.
 */
static void writer_env(char *env0, size_t n0, char *env1, size_t n1, const char *at, const char *statements)
{
	snprintf(env0, n0, "OPENSER_MIGRATE_TEST_EXEC_AT=%s", at);
	snprintf(env1, n1, "OPENSER_MIGRATE_TEST_EXEC=if mkdir %s/writer-%s 2>/dev/null; then "
		 "(mariadb --no-defaults --socket=%s -uroot %s -e \"%s\" >%s/writer-%s.out 2>&1 &); sleep 0.5; fi",
		 server.dir, db, server.socket, db, statements, server.dir, db);
}

/* What the application's statements printed (errors), once they ended. */
static char *writer_output(void)
{
	char path[700], *text;

	om_test_mariadb_wait_idle(&server, db);
	snprintf(path, sizeof(path), "%s/writer-%s.out", server.dir, db);
	text = om_test_read_file(path, NULL);
	ck_assert_ptr_nonnull(text);
	return text;
}

/*
 * Fault 1 of the reliability suite: an application writing to location
 * after its copy (an update, and an insert and a delete that leave the
 * count) waits for the hold; its writes are never lost nor undone: they
 * reach the 1.1 table before the switch, which is copied again.
 */
START_TEST(writes_during_the_upgrade_wait_and_are_carried)
{
	char env0[100], env1[1500], *out = NULL, *text;
	const char *env[] = { env0, env1, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db();
	writer_env(env0, sizeof(env0), env1, sizeof(env1), "location",
		   "UPDATE location SET contact = 'sip:alice@10.9.9.9' WHERE username = 'alice'; "
		   "INSERT INTO location (username, domain, contact, callid) VALUES ('carol', 'example.org', "
		   "'sip:carol@10.0.0.3', 'late-reg'); DELETE FROM location WHERE username = 'bob'");
	ck_assert_int_eq(om_test_run(argv, env, &out, NULL), 0);
	assert_contains(out, "pass 1: 1 session waited to write to the tables being copied: what they changed is "
			"copied again");
	assert_contains(out, "location: its source changed since it was built: built again");
	free(out);
	text = writer_output();
	ck_assert_str_eq(text, "");
	free(text);
	/* The live 1.2 location is what the application was told. */
	assert_sql("alice|sip:alice@10.9.9.9\ncarol|sip:carol@10.0.0.3\n",
		   "SELECT username, contact FROM `%s`.location ORDER BY username", db);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

/* A call accounted while the upgrade runs, after acc was copied: it waits, then goes into the 1.2 acc. */
START_TEST(rows_written_during_the_upgrade_are_copied_again)
{
	char env0[100], env1[1500], *text;
	const char *env[] = { env0, env1, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db();
	writer_env(env0, sizeof(env0), env1, sizeof(env1), "acc",
		   "INSERT INTO acc (sip_method, sip_status, sip_callid, time) VALUES ('BYE', '200 OK', 'late-call', NOW())");
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 0);
	text = writer_output();
	ck_assert_str_eq(text, "");
	free(text);
	assert_sql("5\n200|OK\n", "SELECT count(*) FROM `%s`.acc; SELECT sip_code, sip_reason FROM `%s`.acc "
		   "WHERE callid = 'late-call'", db, db);
}
END_TEST

/*
 * A run killed after a shadow was built; the application then changes its
 * source without changing the count.  The rerun never reuses that shadow.
 */
START_TEST(a_shadow_whose_source_changed_is_never_reused)
{
	const char *env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=location", NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };
	char *out = NULL;

	make_db();
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	om_test_mariadb_wait_idle(&server, db);
	free(sql("UPDATE `%s`.location SET contact = 'sip:alice@10.9.9.9' WHERE username = 'alice'; "
		 "INSERT INTO `%s`.location (username, domain, contact, callid) VALUES ('carol', 'example.org', "
		 "'sip:carol@10.0.0.3', 'late-reg'); DELETE FROM `%s`.location WHERE username = 'bob'", db, db, db));
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "resuming the unfinished upgrade #1");
	assert_contains(out, "location: its source changed since it was built: built again");
	free(out);
	assert_sql("alice|sip:alice@10.9.9.9\ncarol|sip:carol@10.0.0.3\n",
		   "SELECT username, contact FROM `%s`.location ORDER BY username", db);
}
END_TEST

/* ---- --jobs ----------------------------------------------------------------------- */

/* Every copy gets a connection of its own, whatever its size (OPENSER_MIGRATE_TEST_JOB_ROWS). */
#define JOBS_ENV "OPENSER_MIGRATE_TEST_JOB_ROWS=0"

/* The same database upgraded on one connection (`ref`, made and upgraded here). */
static char *upgraded_on_one_connection(const char *ref)
{
	char refurl[1024];

	make_db_named(ref, true, true);
	make_url(refurl, sizeof(refurl), ref);
	ck_assert_int_eq(run(NULL, NULL, "-d", refurl, "--yes", "--jobs", "1", "upgrade", NULL), 0);
	return state(ref);
}

/*
 * --jobs 3: the plan shows the copies spread over three connections (the
 * jobs' own reading past waiting writers, their journal rows written by
 * the run's connection once every job is done), and the upgrade ends with
 * the very rows of an upgrade on one connection, the catalog exact.
 */
/* db's tables, row for row, are those of the same database upgraded on one connection. */
static void assert_as_on_one_connection(void)
{
	char ref[80], *a, *b;

	snprintf(ref, sizeof(ref), "%sr", db);
	a = state(db);
	b = upgraded_on_one_connection(ref);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}

START_TEST(jobs_build_what_one_connection_builds)
{
	const char *env[] = { JOBS_ENV, NULL };
	const char *planv[] = { "-d", url, "--jobs", "3", "plan", NULL };
	const char *argv[] = { "-d", url, "--yes", "--jobs", "3", "upgrade", NULL };
	char *out = NULL, *cat;
	const char *join, *journal;

	make_db();
	ck_assert_int_eq(om_test_run(planv, env, &out, NULL), 0);
	assert_contains(out, "its rows, on connection 2 (--jobs)");
	assert_contains(out, "its rows, on connection 3 (--jobs)");
	assert_contains(out, "SELECT HIGH_PRIORITY ");
	join = strstr(out, "-- every connection's copies done (--jobs)");
	ck_assert_ptr_nonnull(join);
	/* Each job's journal row comes after the join: no "its rows, on connection" after it. */
	journal = strstr(join, ": its journal row");
	ck_assert_msg(journal && !strstr(join, "on connection 2 (--jobs)") && !strstr(join, "on connection 3 (--jobs)"),
		      "the jobs' journal rows after the join:\n%.3000s", join);
	free(out);
	out = NULL;
	ck_assert_int_eq(om_test_run(argv, env, &out, NULL), 0);
	free(out);
	cat = catalog(db);
	om_test_golden("mysql-1.2-serweb.catalog", cat);
	free(cat);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	assert_as_on_one_connection();
}
END_TEST

/*
 * Writers queued on every source the moment the hold begins (OpenSER's
 * inserts, a DBA's delete), before any job reads: MyISAM would hand each
 * table to its waiting writer before a new reader, and a job would wait for
 * a writer that waits for the run.  The jobs read past them; what they
 * wrote reaches the 1.2 tables (a second pass copies it).
 */
START_TEST(jobs_read_past_writers_waiting_for_the_hold)
{
	static const char *const tables[] = { "subscriber", "acc", "missed_calls", "location", "aliases", "dbaliases",
					      "grp", "re_grp", "silo", "domain", "uri", "usr_preferences", "trusted",
					      "speed_dial", "gw", "lcr", "cpl", "sip_trace", "pending" };
	char env0[100], *env1, *out = NULL, *text;
	const char *env[] = { env0, NULL, JOBS_ENV, NULL };
	const char *argv[] = { "-d", url, "--yes", "--jobs", "4", "upgrade", NULL };
	struct strbuf sb = STRBUF_INIT;

	make_db();
	snprintf(env0, sizeof(env0), "OPENSER_MIGRATE_TEST_EXEC_AT=jobs-start");
	strbuf_addf(&sb, "OPENSER_MIGRATE_TEST_EXEC=if mkdir %s/writer-%s 2>/dev/null; then ", server.dir, db);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		strbuf_addf(&sb, "(mariadb --no-defaults --socket=%s -uroot %s -e \"DELETE FROM %s WHERE 1 = 0\" "
			    ">>%s/writer-%s.out 2>&1 &); ", server.socket, db, tables[i], server.dir, db);
	strbuf_addf(&sb, "(mariadb --no-defaults --socket=%s -uroot %s -e \"UPDATE location SET contact = "
		    "'sip:alice@10.9.9.9' WHERE username = 'alice'\" >>%s/writer-%s.out 2>&1 &); sleep 0.5; fi",
		    server.socket, db, server.dir, db);
	env1 = strbuf_detach(&sb);
	env[1] = env1;
	ck_assert_int_eq(om_test_run(argv, env, &out, NULL), 0);
	assert_contains(out, "sessions waited to write to the tables being copied: what they changed is copied again");
	free(out);
	free(env1);
	text = writer_output();
	ck_assert_str_eq(text, "");
	free(text);
	assert_sql("alice|sip:alice@10.9.9.9\n", "SELECT username, contact FROM `%s`.location WHERE username = 'alice'",
		   db);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

/* Killed while jobs copy, or after: the rerun (with jobs again) ends where one connection ends. */
static const char *const jobs_kill_points[] = { "jobs-start", "acc", "subscriber", "switch" };

START_TEST(jobs_killed_upgrade_resumes_to_the_same_end)
{
	char env0[100];
	const char *env[] = { env0, JOBS_ENV, NULL };
	const char *rerun_env[] = { JOBS_ENV, NULL };
	const char *argv[] = { "-d", url, "--yes", "--jobs", "3", "upgrade", NULL };

	make_db();
	snprintf(env0, sizeof(env0), "OPENSER_MIGRATE_TEST_KILL_AT=%s", jobs_kill_points[_i]);
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	om_test_mariadb_wait_idle(&server, db);
	ck_assert_int_eq(om_test_run(argv, rerun_env, NULL, NULL), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	assert_as_on_one_connection();
}
END_TEST

/*
 * A write that reaches a 1.1 table between the end of the hold and the
 * switch (here: made to the retained table right after the switch, which
 * is the same) is found even when the count stays: the switch is undone.
 */
START_TEST(an_update_just_before_the_switch_undoes_it)
{
	char cmd[1500], *err = NULL;
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=switched", cmd, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db();
	snprintf(cmd, sizeof(cmd), "OPENSER_MIGRATE_TEST_EXEC=mariadb --no-defaults --socket=%s -uroot %s -e "
		 "\"UPDATE old11_location SET contact = 'sip:alice@10.9.9.9' WHERE username = 'alice'\"",
		 server.socket, db);
	ck_assert_int_eq(om_test_run(argv, env, NULL, &err), 1);
	assert_contains(err, "the switch was undone: the database is as it was");
	assert_contains(err, "table \"location\" was written to between its copy and the switch: its rows are not "
			"those copied");
	ck_assert_ptr_null(strstr(err, "failed before the switch"));
	free(err);
	assert_sql("sip:alice@10.9.9.9\n", "SELECT contact FROM `%s`.location WHERE username = 'alice'", db);
	ck_assert_int_eq(upgrade(), 0);
	assert_sql("sip:alice@10.9.9.9\n", "SELECT contact FROM `%s`.location WHERE username = 'alice'", db);
}
END_TEST

/* ---- tripwires: the writes to the large sources counted by triggers (tripwire.h) ---- */

/* Every source gets a tripwire, whatever its size. */
#define TRIP_ENV "OPENSER_MIGRATE_TEST_TRIPWIRE_ROWS=0"

/* Our triggers and counter tables left in db: "triggers|tables\n". */
static char *tripwires_left(void)
{
	return sql("SELECT (SELECT count(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '%s' AND "
		   "TRIGGER_NAME LIKE 'openser\\_migrate\\_tw\\_%%'), (SELECT count(*) FROM information_schema.TABLES "
		   "WHERE TABLE_SCHEMA = '%s' AND TABLE_NAME LIKE 'openser\\_migrate\\_tw\\_%%')", db, db);
}

#define assert_no_tripwire_left() \
	do { \
		char *left_ = tripwires_left(); \
		ck_assert_str_eq(left_, "0|0\n"); \
		free(left_); \
	} while (0)

/*
 * With tripwires, the write that gets in between the end of the hold and
 * the switch is found by its count (the retained table is not read again):
 * the switch is undone, and nothing of the tripwires is left, on the
 * undone run as on the rerun that upgrades.
 */
START_TEST(a_tripwire_finds_a_write_before_the_switch)
{
	char cmd[2500], seen[600], *err = NULL, *text;
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=switched", cmd, TRIP_ENV, NULL };
	const char *rerun_env[] = { TRIP_ENV, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };
	long n;

	make_db();
	snprintf(seen, sizeof(seen), "%s/tripwires-%d", server.dir, (int)getpid());
	snprintf(cmd, sizeof(cmd), "OPENSER_MIGRATE_TEST_EXEC=mariadb --no-defaults --socket=%s -uroot %s -N -e "
		 "\"SELECT count(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND "
		 "TRIGGER_NAME LIKE 'openser_migrate_tw_%%'\" > %s && mariadb --no-defaults --socket=%s -uroot %s -e "
		 "\"UPDATE old11_location SET contact = 'sip:alice@10.9.9.9' WHERE username = 'alice'\"",
		 server.socket, db, seen, server.socket, db);
	ck_assert_int_eq(om_test_run(argv, env, NULL, &err), 1);
	assert_contains(err, "the switch was undone: the database is as it was");
	assert_contains(err, "table \"location\" was written to between its copy and the switch: its rows are not "
			"those copied");
	free(err);
	/* At the switch, three triggers on each retained table the run counts (location among them). */
	text = om_test_read_file(seen, NULL);
	n = strtol(text, NULL, 10);
	ck_assert_msg(n >= 3 && n % 3 == 0, "triggers at the switch: %s", text);
	free(text);
	assert_no_tripwire_left();
	assert_sql("sip:alice@10.9.9.9\n", "SELECT contact FROM `%s`.location WHERE username = 'alice'", db);
	ck_assert_int_eq(om_test_run(argv, rerun_env, NULL, NULL), 0);
	assert_sql("sip:alice@10.9.9.9\n", "SELECT contact FROM `%s`.location WHERE username = 'alice'", db);
	assert_no_tripwire_left();
	text = catalog(db);
	om_test_golden("mysql-1.2-serweb.catalog", text);
	free(text);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

/*
 * A run killed with its tripwires set leaves OpenSER 1.1 working: a write
 * goes through (counted), and goes through when the counter table is
 * dropped by hand too; the rerun sets them again, upgrades with the row,
 * and leaves none.  Killed after the switch: the rerun that records the
 * run drops them.
 */
START_TEST(a_killed_run_leaves_tripwires_that_never_fail_a_write)
{
	const char *before[] = { "OPENSER_MIGRATE_TEST_KILL_AT=before-switch", TRIP_ENV, NULL };
	const char *after[] = { "OPENSER_MIGRATE_TEST_KILL_AT=switched", TRIP_ENV, NULL };
	const char *rerun_env[] = { TRIP_ENV, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };
	char *left, *out = NULL;

	make_db();
	ck_assert_int_eq(om_test_run(argv, before, NULL, NULL), 128 + SIGKILL);
	om_test_mariadb_wait_idle(&server, db);
	left = tripwires_left();
	ck_assert_str_ne(left, "0|0\n");
	free(left);
	free(sql("INSERT INTO `%s`.acc (sip_status, sip_callid, time) VALUES ('200', 'while-killed', NOW())", db));
	assert_sql("1\n", "SELECT n FROM `%s`.openser_migrate_tw_acc", db);
	free(sql("DROP TABLE `%s`.openser_migrate_tw_acc", db));
	free(sql("INSERT INTO `%s`.acc (sip_status, sip_callid, time) VALUES ('200', 'counter-gone', NOW())", db));
	ck_assert_int_eq(om_test_run(argv, rerun_env, &out, NULL), 0);
	/* The journal holds each count: acc, written to, is built again; subscriber, untouched, is reused. */
	assert_contains(out, "acc: its source changed since it was built: built again");
	ck_assert_msg(!strstr(out, "subscriber: its source changed"), "subscriber built again:\n%s", out);
	free(out);
	assert_sql("2\n", "SELECT count(*) FROM `%s`.acc WHERE callid IN ('while-killed', 'counter-gone')", db);
	assert_no_tripwire_left();
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);

	free(sql("DROP DATABASE `%s`", db));
	make_db();
	ck_assert_int_eq(om_test_run(argv, after, NULL, NULL), 128 + SIGKILL);
	om_test_mariadb_wait_idle(&server, db);
	ck_assert_int_eq(om_test_run(argv, rerun_env, &out, NULL), 0);
	assert_contains(out, "had switched the database to OpenSER 1.2 before it stopped");
	free(out);
	assert_no_tripwire_left();
}
END_TEST

/*
 * A user without the TRIGGER privilege upgrades as before: the run says
 * its tripwires could not be set and reads the retained tables again.
 * After a run of root's with tripwires was killed, that user's rerun
 * counts on them (they are whole), and the triggers it may not drop stay
 * on the retained tables, doing nothing (their counters are gone).
 */
START_TEST(without_trigger_rights_the_retained_tables_are_read_again)
{
	char rc[600], murl[1024], *out = NULL, *err = NULL, *cat;
	const char *env[] = { TRIP_ENV, NULL };
	const char *argv[] = { "-c", rc, "-d", murl, "--yes", "upgrade", NULL };
	const char *kill_env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=before-switch", TRIP_ENV, NULL };
	const char *root_argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db();
	free(sql("CREATE USER IF NOT EXISTS 'notrg'@'localhost' IDENTIFIED BY 'Trg-pw-1';"
		 "GRANT ALL ON *.* TO 'notrg'@'localhost'; REVOKE TRIGGER ON *.* FROM 'notrg'@'localhost'"));
	snprintf(murl, sizeof(murl), "mysql://notrg@localhost/%s?socket=%s", db, server.socket);
	snprintf(rc, sizeof(rc), "%s/rc-notrg-%d", server.dir, (int)getpid());
	om_test_write_file(rc, "DBROOTPW='Trg-pw-1'\n");
	chmod(rc, 0600);
	ck_assert_msg(om_test_run(argv, env, &out, &err) == 0, "upgrade without TRIGGER: %s", err);
	assert_contains(out, "could not be counted by triggers");
	free(out);
	free(err);
	assert_no_tripwire_left();
	cat = catalog(db);
	om_test_golden("mysql-1.2-serweb.catalog", cat);
	free(cat);

	free(sql("DROP DATABASE `%s`", db));
	make_db();
	ck_assert_int_eq(om_test_run(root_argv, kill_env, NULL, NULL), 128 + SIGKILL);
	om_test_mariadb_wait_idle(&server, db);
	free(sql("UPDATE `%s`.subscriber SET email_address = 'tripwire@example.org' LIMIT 1", db));
	out = err = NULL;
	ck_assert_msg(om_test_run(argv, env, &out, &err) == 0, "rerun without TRIGGER: %s", err);
	assert_contains(out, "subscriber: its source changed since it was built: built again");
	free(out);
	free(err);
	assert_sql("1\n", "SELECT count(*) FROM `%s`.subscriber WHERE email_address = 'tripwire@example.org'", db);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	assert_sql("0\n", "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' AND "
		   "TABLE_NAME LIKE 'openser\\_migrate\\_tw\\_%%'", db);
	cat = catalog(db);
	om_test_golden("mysql-1.2-serweb.catalog", cat);
	free(cat);
}
END_TEST

/* Fault 3: SIGINT right after the switch: exit 6, and the message says the database is upgraded. */
START_TEST(interrupted_after_the_switch_says_it_is_upgraded)
{
	const char *env[] = { "OPENSER_MIGRATE_TEST_INTERRUPT_AT=switched", NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };
	char *err = NULL, *out = NULL;

	make_db();
	ck_assert_int_eq(om_test_run(argv, env, NULL, &err), 6);
	assert_contains(err, "interrupted after the switch: the database is upgraded to OpenSER 1.2 and verified; "
			"only the bookkeeping was cut short (the run is not recorded as done yet): run the same "
			"command again to record it, it changes nothing else");
	ck_assert_ptr_null(strstr(err, "nothing was changed"));
	free(err);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "version:   OpenSER 1.2 (exact match)");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "had switched the database to OpenSER 1.2 before it stopped");
	free(out);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "status", NULL), 0);
}
END_TEST

/*
 * Rows written between the last check and the switch make the switch be
 * undone; what OpenSER wrote to the switched-in 1.2 tables meanwhile is
 * kept, never dropped (a rerun drops shadows, so they are not shadows).
 */
START_TEST(undone_switch_keeps_rows_written_to_the_new_tables)
{
	char cmd[1500], *err = NULL, *out;
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=switched", cmd, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db();
	/* Right after the switch: a late row in the retained acc, and a registration in the new location. */
	snprintf(cmd, sizeof(cmd), "OPENSER_MIGRATE_TEST_EXEC=mariadb --no-defaults --socket=%s -uroot %s -e "
		 "\"INSERT INTO old11_acc (sip_status, sip_callid, time) VALUES ('200', 'late-call', NOW()); "
		 "INSERT INTO location (username, domain, contact, callid) VALUES ('new', 'example.org', "
		 "'sip:new@10.0.0.9', 'written-after-switch')\"", server.socket, db);
	ck_assert_int_eq(om_test_run(argv, env, NULL, &err), 1);
	assert_contains(err, "the switch was undone: the database is as it was");
	assert_contains(err, "are kept as openser_migrate_kept1_*");
	assert_contains(err, "table \"acc\" got 1 rows between its copy and the switch");
	free(err);
	/* 1.1 again, with the late call; the new registration kept in the set-aside 1.2 location. */
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "version:   OpenSER 1.1 (exact match)");
	free(out);
	assert_sql("1\n", "SELECT count(*) FROM `%s`.acc WHERE sip_callid = 'late-call'", db);
	assert_sql("new|sip:new@10.0.0.9\n", "SELECT username, contact FROM `%s`.openser_migrate_kept1_location "
		   "WHERE callid = 'written-after-switch'", db);
	/* A rerun upgrades, and leaves the kept tables alone. */
	ck_assert_int_eq(upgrade(), 0);
	assert_sql("5\n", "SELECT count(*) FROM `%s`.acc", db);
	assert_sql("1\n", "SELECT count(*) FROM `%s`.openser_migrate_kept1_location WHERE callid = "
		   "'written-after-switch'", db);
}
END_TEST

START_TEST(report_counts_match_the_tables)
{
	char *out = NULL;

	make_db();
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "acc                                 4            4  rebuilt, old table kept as old11_acc");
	assert_contains(out, "subscriber                          2            2  rebuilt, old table kept as old11_subscriber");
	assert_contains(out, "sip_trace                           2            2  rebuilt, old table kept as old11_sip_trace");
	assert_contains(out, "  usr_preferences.username: 1 value longer than 64 characters is cut");
	free(out);
}
END_TEST

START_TEST(openserctlrc_alone_names_the_database)
{
	char rc[600], text[300], env0[700], *out = NULL;
	const char *env[] = { env0, NULL };
	const char *argv[] = { "-c", rc, "status", NULL };

	make_db();
	snprintf(rc, sizeof(rc), "%s/rc-%d", server.dir, (int)getpid());
	snprintf(text, sizeof(text), "DBENGINE=MYSQL\nDBHOST=localhost\nDBNAME=%s\nDBROOTUSER=root\n", db);
	om_test_write_file(rc, text);
	snprintf(env0, sizeof(env0), "MYSQL_UNIX_PORT=%s", server.socket);
	ck_assert_int_eq(om_test_run(argv, env, &out, NULL), 7);
	assert_contains(out, "version:   OpenSER 1.1 (exact match)");
	free(out);
}
END_TEST

/* ---- rollback ------------------------------------------------------------------------------ */

static int rollback(void)
{
	char *err = NULL;
	int rc = run(NULL, &err, "-d", url, "--yes", "rollback", NULL);

	if (rc)
		fprintf(stderr, "rollback failed (%d): %s\n", rc, err);
	free(err);
	return rc;
}

/* Catalog and the exact rows (CHECKSUM TABLE) of the OpenSER tables. */
static char *whole(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *a = catalog(db), *b = state(db);

	strbuf_addf(&sb, "%s\n%s", a, b);
	free(a);
	free(b);
	return strbuf_detach(&sb);
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
	ck_assert_str_eq(after, before);
	assert_sql("1.1->1.2|upgrade|rolled back\n1.2->1.1|rollback|done\n",
		   "SELECT plan, command, status FROM `%s`.openser_migrate_history ORDER BY id", db);
	assert_sql("0\n", "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' AND "
		   "(TABLE_NAME LIKE 'old11%%' OR TABLE_NAME LIKE 'openser\\_migrate\\_gone%%' OR TABLE_NAME LIKE "
		   "'openser\\_migrate\\_new%%')", db);
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
	free(sql("INSERT INTO `%s`.acc (method, from_tag, to_tag, callid, sip_code, sip_reason, time) "
		 "VALUES ('BYE', 'ft', 'tt', 'call-9', '200', 'OK', '2007-04-01 10:00:00');"
		 "UPDATE `%s`.acc SET sip_reason = 'ringing' WHERE callid = 'call-2@example.com';"
		 "UPDATE `%s`.location SET contact = 'sip:alice@198.51.100.7' WHERE username = 'alice';"
		 "DELETE FROM `%s`.subscriber WHERE username = 'bob';"
		 "INSERT INTO `%s`.gw (gw_name, grp_id, ip_addr, port) VALUES ('gw9', 1, '10.0.0.9', 5060)",
		 db, db, db, db, db));
	ck_assert_int_eq(rollback(), 0);
	assert_sql("BYE|ft|tt|200 OK|\n",
		   "SELECT sip_method, fromtag, totag, sip_status, from_uri FROM `%s`.acc WHERE sip_callid = 'call-9'", db);
	/* A change of letter case is a change; the retained row gives what 1.2 lacks. */
	assert_sql("ringing|sip:carol:secret@voip.example.org:5060\n",
		   "SELECT sip_status, from_uri FROM `%s`.acc WHERE sip_callid = 'call-2@example.com'", db);
	assert_sql("603 Decline because the callee is away for the weekend\n",
		   "SELECT sip_status FROM `%s`.acc WHERE sip_callid = 'call-3@example.com'", db);
	assert_sql("alice|sip:alice@198.51.100.7\nbob|sip:bob@192.0.2.11\n",
		   "SELECT username, contact FROM `%s`.location ORDER BY username", db);
	assert_sql("alice\n", "SELECT username FROM `%s`.subscriber ORDER BY username", db);
	assert_sql("150994954\n", "SELECT ip_addr FROM `%s`.gw WHERE gw_name = 'gw9'", db);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

static const char *const rollback_kill_points[] = { "subscriber", "acc", "gw", "switch", "history" };

/* Killed before its switch the database is 1.2, after it 1.1; a rerun (and a cleanup) finishes. */
START_TEST(killed_rollback_leaves_1_2_or_1_1)
{
	char env0[100], *err = NULL;
	const char *env[] = { env0, NULL };
	const char *argv[] = { "-d", url, "--yes", "rollback", NULL };
	char *upgraded, *after;

	make_db();
	ck_assert_int_eq(upgrade(), 0);
	upgraded = whole();
	snprintf(env0, sizeof(env0), "OPENSER_MIGRATE_TEST_KILL_AT=%s", rollback_kill_points[_i]);
	ck_assert_int_eq(om_test_run(argv, env, NULL, &err), 128 + SIGKILL);
	free(err);
	after = whole();
	if (strcmp(rollback_kill_points[_i], "switch") && strcmp(rollback_kill_points[_i], "history")) {
		ck_assert_str_eq(after, upgraded);
		ck_assert_int_eq(rollback(), 0);
	} else {
		char *left, *out = NULL;

		/*
		 * Switched: the 1.2 tables it set aside and the retained ones it
		 * consumed go with the rerun; once its history row is written, the
		 * last one with `cleanup`.
		 */
		if (!strcmp(rollback_kill_points[_i], "switch"))
			ck_assert_int_eq(rollback(), 0);
		ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "cleanup", NULL), 0);
		free(out);
		left = sql("SELECT GROUP_CONCAT(TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' "
			   "AND (TABLE_NAME LIKE 'openser\\_migrate\\_gone\\_%%' OR TABLE_NAME LIKE 'old11\\_%%')", db);
		ck_assert_str_eq(left, "NULL\n");
		free(left);
	}
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	free(upgraded);
	free(after);
}
END_TEST

/* ---- STORE_PLAINTEXT_PW ------------------------------------------------------------------ */

/*
 * A 1.1 serweb database (subscriber and pending converted to charset)
 * holding the password cases, their
 * text written as UTF-8 bytes (what a latin1 deployment stores for a
 * UTF-8 client); upgraded with rc_text; its cases checked.
 */
static void password_upgrade(const char *charset, const char *rc_text, bool stripped)
{
	char rc[600], *ins = om_test_pw_sql(true, true), *out = NULL;

	free(sql("CREATE DATABASE `%s` CHARACTER SET %s", db, charset));
	om_test_mariadb_fixture(&server, db, "", "mysql-1.1-core.sql");
	om_test_mariadb_fixture(&server, db, "", "mysql-1.1-serweb.sql");
	if (strcmp(charset, "latin1"))
		free(om_test_mariadb_sql(&server, db, NULL,
					 "ALTER TABLE subscriber CONVERT TO CHARACTER SET utf8mb4;"
					 "ALTER TABLE pending CONVERT TO CHARACTER SET utf8mb4"));
	free(om_test_mariadb_sql(&server, db, "ANSI_QUOTES,NO_BACKSLASH_ESCAPES", ins));
	snprintf(rc, sizeof(rc), "%s/rc-%d", server.dir, (int)getpid());
	om_test_write_file(rc, rc_text);
	{
		char *err = NULL;
		int code = run(&out, &err, "-c", rc, "-d", url, "--yes", "upgrade", NULL);

		ck_assert_msg(code == 0, "upgrade exited %d: %s", code, err);
		free(err);
	}
	for (int t = 0; t < 2; t++) {
		const char *table = t ? "pending" : "subscriber";
		char *q = om_test_pw_select(table, "hex(%s)");
		char *rows = om_test_mariadb_sql(&server, db, NULL, q);

		om_test_pw_check(rows, '\t', stripped, t == 1);
		free(rows);
		free(q);
	}
	if (stripped)
		om_test_pw_check_report(out, true, "old11_");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	free(out);
	free(ins);
}

START_TEST(store_plaintext_pw_0_hashes_and_empties_passwords)
{
	password_upgrade("latin1", "STORE_PLAINTEXT_PW=0\n", true);
}
END_TEST

START_TEST(store_plaintext_pw_1_leaves_passwords)
{
	password_upgrade("latin1", "STORE_PLAINTEXT_PW=1\n", false);
}
END_TEST

/* Tables a DBA converted to utf8mb4: the hashes are of their UTF-8 bytes. */
START_TEST(store_plaintext_pw_0_on_utf8mb4_tables)
{
	password_upgrade("utf8mb4", "STORE_PLAINTEXT_PW=0\n", true);
}
END_TEST

/* ---- migrate OLD NEW -------------------------------------------------------------------- */

START_TEST(migrate_builds_new_and_leaves_old_untouched)
{
	char newdb[80], *before, *after, *cat, *grants, *pw_before, *pw_after, *out = NULL;

	make_db();
	snprintf(newdb, sizeof(newdb), "%s_new", db);
	free(sql("CREATE USER IF NOT EXISTS 'openser'@'localhost' IDENTIFIED BY 'rwpw';"
		 "CREATE USER IF NOT EXISTS 'openserro'@'localhost' IDENTIFIED BY 'ropw';"
		 "GRANT ALL ON `%s`.* TO 'openser'@'localhost'", db));
	pw_before = sql("SELECT User, Host, authentication_string FROM mysql.user WHERE User LIKE 'openser%%' ORDER BY 1, 2");
	before = checksums(db);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "migrate", db, newdb, NULL), 0);
	after = checksums(db);
	ck_assert_str_eq(after, before);
	cat = catalog(newdb);
	om_test_golden("mysql-1.2-serweb-migrated.catalog", cat);
	assert_sql("4\n", "SELECT count(*) FROM `%s`.acc", newdb);
	assert_sql("pstn-gw|192.168.1.10\n", "SELECT gw_name, ip_addr FROM `%s`.gw WHERE id = 2", newdb);
	grants = sql("SHOW GRANTS FOR 'openser'@'localhost'; SHOW GRANTS FOR 'openserro'@'localhost'");
	{
		char want[200];

		snprintf(want, sizeof(want), "GRANT ALL PRIVILEGES ON `%s`.* TO `openser`@`localhost`", newdb);
		assert_contains(grants, want);
		snprintf(want, sizeof(want), "GRANT SELECT ON `%s`.* TO `openserro`@`localhost`", newdb);
		assert_contains(grants, want);
	}
	pw_after = sql("SELECT User, Host, authentication_string FROM mysql.user WHERE User LIKE 'openser%%' ORDER BY 1, 2");
	ck_assert_str_eq(pw_after, pw_before);
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "migrate", db, newdb, NULL), 0);
	assert_contains(out, "nothing to do");
	free(out);
	free(before);
	free(after);
	free(cat);
	free(grants);
	free(pw_before);
	free(pw_after);
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
	ck_assert_int_eq(run(&out, NULL, "-d", url, "migrate", db, newdb, NULL), 0);
	assert_contains(out, "resuming the unfinished migrate #1");
	free(out);
	cat = catalog(newdb);
	om_test_golden("mysql-1.2-serweb-migrated.catalog", cat);
	free(cat);
}
END_TEST

/*
 * Fault 2: a migrate stopped after it created its own tables in NEW and
 * before it wrote its history row (MySQL commits each CREATE TABLE):
 * NEW holds only those tables, empty.  The rerun takes it as NEW; a NEW
 * that holds anything else is still refused.
 */
START_TEST(migrate_stopped_before_its_history_row_is_run_again)
{
	char newdb[80], *out = NULL, *err = NULL, *cat;
	const char *env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=history", NULL };
	const char *argv[] = { "-d", url, "migrate", db, newdb, NULL };

	make_db();
	snprintf(newdb, sizeof(newdb), "%s_new", db);
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	om_test_mariadb_wait_idle(&server, newdb);
	/* As if killed a statement earlier: the own tables, no history row. */
	free(sql("DELETE FROM `%s`.openser_migrate_history", newdb));
	assert_sql("openser_migrate_drift\nopenser_migrate_history\nopenser_migrate_journal\nopenser_migrate_version\n",
		   "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' ORDER BY 1", newdb);
	/* Anything else in NEW, an empty table or a row in one of its own: refused, as before. */
	for (int i = 0; i < 2; i++) {
		free(sql(i ? "DROP TABLE `%s`.t; INSERT INTO `%s`.openser_migrate_drift (run, kind, table_name) "
			 "VALUES (7, 'x', 'y')" : "CREATE TABLE `%s`.t (x int)", newdb, newdb));
		ck_assert_int_eq(run(NULL, &err, "-d", url, "migrate", db, newdb, NULL), 3);
		assert_contains(err, "exists and is not a migrate of");
		free(err);
	}
	free(sql("DELETE FROM `%s`.openser_migrate_drift", newdb));
	ck_assert_int_eq(run(&out, NULL, "-d", url, "migrate", db, newdb, NULL), 0);
	assert_contains(out, "holds only this tool's empty tables (a migrate stopped before it began): it is used as NEW");
	free(out);
	cat = catalog(newdb);
	om_test_golden("mysql-1.2-serweb-migrated.catalog", cat);
	free(cat);
	assert_sql("done\n", "SELECT status FROM `%s`.openser_migrate_history", newdb);
}
END_TEST

START_TEST(migrate_refuses_an_existing_new_and_the_same_name)
{
	char *err = NULL;

	make_db();
	free(sql("CREATE DATABASE `%s_x`; CREATE TABLE `%s_x`.t (x int)", db, db));
	{
		char other[80];

		snprintf(other, sizeof(other), "%s_x", db);
		ck_assert_int_eq(run(NULL, &err, "-d", url, "migrate", db, other, NULL), 3);
		assert_contains(err, "exists and is not a migrate of");
		free(err);
	}
	ck_assert_int_eq(run(NULL, &err, "-d", url, "migrate", db, db, NULL), 2);
	assert_contains(err, "OLD and NEW are the same database");
	free(err);
}
END_TEST

/* ---- refusals ------------------------------------------------------------------------------ */

START_TEST(connected_openser_is_refused_unless_forced)
{
	MYSQL *m = mysql_init(NULL);
	char *err = NULL, *before, *after;

	make_db();
	free(sql("CREATE USER IF NOT EXISTS 'openser'@'localhost' IDENTIFIED BY 'rwpw';"
		 "GRANT ALL ON `%s`.* TO 'openser'@'localhost'", db));
	ck_assert_msg(mysql_real_connect(m, "localhost", "openser", "rwpw", db, 0, server.socket, 0) != NULL,
		      "%s", mysql_error(m));
	before = checksums(db);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 3);
	assert_contains(err, "OpenSER is still connected (stop it first, or --force), nothing was changed:");
	assert_contains(err, "openser@localhost");
	after = checksums(db);
	ck_assert_str_eq(after, before);
	free(err);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "--force", "upgrade", NULL), 0);
	mysql_close(m);
	free(before);
	free(after);
}
END_TEST

START_TEST(locked_database_exits_4)
{
	MYSQL *m = mysql_init(NULL);
	MYSQL_RES *res;
	char q[200], *err = NULL;

	make_db();
	ck_assert(mysql_real_connect(m, "localhost", "root", NULL, NULL, 0, server.socket, 0) != NULL);
	snprintf(q, sizeof(q), "SELECT GET_LOCK('openser-migrate.%s', 0)", db);
	ck_assert_int_eq(mysql_query(m, q), 0);
	res = mysql_store_result(m);
	mysql_free_result(res);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "--lock-timeout", "1", "upgrade", NULL), 4);
	assert_contains(err, "is locked by another openser-migrate run (waited 1 s; see --lock-timeout)");
	free(err);
	/* status waits for a run as a run does. */
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--lock-timeout", "1", "status", NULL), 4);
	assert_contains(err, "is locked by another openser-migrate run (waited 1 s; see --lock-timeout)");
	free(err);
	mysql_close(m);
}
END_TEST

/*
 * status beside an upgrade waits for the run's lock as a run does, then
 * reports what the upgrade left: information_schema is no snapshot, and
 * read during the switch it showed the RENAME TABLE half done (exit 5, or
 * a pre-check on a column of 1.1 in a table of 1.2).
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

START_TEST(drifted_schema_exits_5)
{
	char *err = NULL;

	make_db();
	/* A column the upgrade reads is gone: it cannot be carried out (an extra column would be kept). */
	free(sql("ALTER TABLE `%s`.acc DROP COLUMN sip_status", db));
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 5);
	assert_contains(err, "table \"acc\": missing column \"sip_status\": the upgrade reads it");
	free(err);
}
END_TEST

START_TEST(password_comes_from_openserctlrc_and_is_never_shown)
{
	char rc[600], text[400], *out = NULL, *err = NULL;
	char murl[1024];

	make_db();
	free(sql("CREATE USER IF NOT EXISTS 'migr'@'localhost' IDENTIFIED BY 'S3cr3t-pw';"
		 "GRANT ALL ON *.* TO 'migr'@'localhost'"));
	snprintf(murl, sizeof(murl), "mysql://migr@localhost/%s?socket=%s", db, server.socket);
	snprintf(rc, sizeof(rc), "%s/rc-%d", server.dir, (int)getpid());
	snprintf(text, sizeof(text), "DBROOTPW='S3cr3t-pw'\n");
	om_test_write_file(rc, text);
	ck_assert_int_eq(run(&out, &err, "-c", rc, "-d", murl, "--json", "--yes", "upgrade", NULL), 0);
	ck_assert_ptr_null(strstr(out, "S3cr3t"));
	ck_assert_ptr_null(strstr(err, "S3cr3t"));
	free(out);
	free(err);
	/* A wrong password is a clear error, and is not shown either. */
	om_test_write_file(rc, "DBROOTPW=wrong-pw\n");
	ck_assert_int_eq(run(NULL, &err, "-c", rc, "-d", murl, "status", NULL), 2);
	assert_contains(err, "cannot connect to MySQL as migr@localhost");
	ck_assert_ptr_null(strstr(err, "wrong-pw"));
	free(err);
}
END_TEST

START_TEST(upgrade_on_a_utf8mb4_server_keeps_latin1_tables)
{
	char *cat;

	make_db();
	ck_assert_int_eq(upgrade(), 0);
	cat = catalog(db);
	om_test_golden("mysql-1.2-serweb.catalog", cat);
	free(cat);
}
END_TEST

/* ---- the scripts, byte for byte ------------------------------------------------------- */

START_TEST(plan_sql_is_the_golden_text)
{
	const char *const repl[] = { db, "DB", server.socket, "SOCKET", NULL };
	char *text;

	make_db();
	text = om_test_script(url, NULL, repl);
	om_test_golden("mysql-upgrade-1.1-1.2.sql", text);
	free(text);
}
END_TEST

START_TEST(migrate_sql_is_the_golden_text)
{
	char newname[80];
	const char *const repl[] = { newname, "NEWDB", db, "DB", server.socket, "SOCKET", NULL };
	char *text;

	make_db();
	snprintf(newname, sizeof(newname), "%s_new", db);
	text = om_test_script(url, newname, repl);
	om_test_golden("mysql-migrate-1.1-1.2.sql", text);
	free(text);
}
END_TEST

/* ---- databases that are not pristine ------------------------------------------------------ */

START_TEST(lived_in_database_keeps_what_operators_added)
{
	char *out = NULL, *cat;

	make_db();
	free(sql("USE `%s`; CREATE INDEX acc_time ON acc (time);"
		 "ALTER TABLE subscriber ADD COLUMN email_verified tinyint(1) NOT NULL DEFAULT 0;"
		 "UPDATE subscriber SET email_verified = 1 WHERE username = 'alice';"
		 "ALTER TABLE subscriber MODIFY username varchar(128) NOT NULL DEFAULT '';"
		 "UPDATE subscriber SET username = 'a-user-name-longer-than-sixty-four-characters-0123456789-0123456789' "
		 "WHERE username = 'bob';"
		 "ALTER TABLE acc DROP INDEX acc_user;"
		 "DROP TABLE phonebook;"
		 "UPDATE version SET table_version = 4 WHERE table_name = 'subscriber'", db));
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "  kept (carried into OpenSER 1.2 as they are):\n"
			"    table \"subscriber\": column \"username\" has type varchar(128), expected varchar(64)\n"
			"    table \"subscriber\": unexpected column \"email_verified\"\n"
			"    table \"acc\": unexpected index \"acc_time\" (time)\n");
	assert_contains(out, "    table \"acc\": missing index \"acc_user\" (username, domain)\n");
	assert_contains(out, "    missing table \"phonebook\"\n");
	free(out);
	ck_assert_int_eq(upgrade(), 0);
	/* The widened column keeps its width and its long value (not cut to 64); the extra column its values. */
	assert_sql("alice|1\na-user-name-longer-than-sixty-four-characters-0123456789-0123456789|0\n",
		   "SELECT username, email_verified FROM `%s`.subscriber ORDER BY email_verified DESC", db);
	assert_sql("acc_time\n", "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '%s' "
		   "AND TABLE_NAME = 'acc' AND INDEX_NAME = 'acc_time'", db);
	assert_sql("0\n", "SELECT count(*) FROM `%s`.phonebook", db);
	assert_sql("4\n", "SELECT count(*) FROM `%s`.acc", db);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "verify", NULL), 0);
	assert_contains(out, "with the 3 differences an upgrade kept");
	free(out);
	/* Otherwise the 1.2 target exactly. */
	free(sql("USE `%s`; DROP INDEX acc_time ON acc; UPDATE subscriber SET username = 'bob' WHERE email_verified = 0;"
		 "ALTER TABLE subscriber DROP COLUMN email_verified;"
		 "ALTER TABLE subscriber MODIFY username varchar(64) NOT NULL DEFAULT ''", db));
	cat = catalog(db);
	om_test_golden("mysql-1.2-serweb.catalog", cat);
	free(cat);
}
END_TEST


/* Each kind of drift alone: status says pending, the upgrade runs, verify accepts what it kept. */
static const char *const one_drift[] = {
	"CREATE INDEX acc_time ON acc (time)",
	"ALTER TABLE subscriber ADD COLUMN email_verified tinyint(1) NOT NULL DEFAULT 0",
	"ALTER TABLE subscriber MODIFY username varchar(128) NOT NULL DEFAULT ''",
	"ALTER TABLE cpl CONVERT TO CHARACTER SET utf8mb4",
	"ALTER TABLE usr_preferences MODIFY value mediumtext NOT NULL",
	"ALTER TABLE acc DROP INDEX sip_callid",
	"DROP TABLE phonebook",
	"UPDATE version SET table_version = 4 WHERE table_name = 'subscriber'",
	"CREATE INDEX gw_grp_later ON gw_grp (grp_name)",
};

START_TEST(each_kind_of_drift_alone_is_upgraded)
{
	char *out = NULL;

	make_db();
	free(sql("USE `%s`; %s", db, one_drift[_i]));
	ck_assert_msg(run(&out, NULL, "-d", url, "status", NULL) == 7, "%s: status: %s", one_drift[_i], out);
	free(out);
	ck_assert_msg(upgrade() == 0, "%s: the upgrade failed", one_drift[_i]);
	ck_assert_msg(run(&out, NULL, "-d", url, "verify", NULL) == 0, "%s: verify: %s", one_drift[_i], out);
	free(out);
	assert_sql("4\n", "SELECT count(*) FROM `%s`.acc", db);
}
END_TEST

START_TEST(half_way_table_is_refused)
{
	char *err = NULL, *before, *after;

	make_db();
	free(sql("ALTER TABLE `%s`.acc ADD COLUMN id int(10) unsigned NULL", db));
	before = checksums(db);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "--force", "upgrade", NULL), 5);
	assert_contains(err, "table \"acc\": unexpected column \"id\": it is a column of OpenSER 1.2: the table is "
			"half-way to it");
	after = checksums(db);
	ck_assert_str_eq(after, before);
	free(err);
	free(before);
	free(after);
}
END_TEST

/* ---- faults found from outside ------------------------------------------------------ */

START_TEST(connection_failures_exit_2)
{
	char u[1200], *err = NULL;

	/* A database that does not exist, a port nobody listens on: the configuration is wrong. */
	make_url(u, sizeof(u), "no_such_database");
	ck_assert_int_eq(run(NULL, &err, "-d", u, "status", NULL), 2);
	assert_contains(err, "cannot connect to MySQL");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", "mysql://root@127.0.0.1:1/openser", "status", NULL), 2);
	assert_contains(err, "cannot connect to MySQL as root@127.0.0.1");
	free(err);
}
END_TEST

START_TEST(migrate_refuses_a_name_mysql_cannot_hold)
{
	char longname[80], *err = NULL;

	make_db();
	memset(longname, 'n', 65);
	longname[65] = '\0';
	ck_assert_int_eq(run(NULL, &err, "-d", url, "migrate", db, longname, NULL), 2);
	assert_contains(err, "has 65 characters: MySQL allows 1 to 64");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "migrate", db, "a.b", NULL), 2);
	assert_contains(err, "MySQL allows no '/', '\\' or '.'");
	free(err);
	assert_sql("0\n", "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'nnnn%%'");
}
END_TEST

START_TEST(migrate_report_names_new)
{
	char newname[80], *out = NULL;

	make_db();
	snprintf(newname, sizeof(newname), "%s_n", db);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "migrate", db, newname, NULL), 0);
	assert_contains(out, "migrate of mysql://root@localhost/");
	assert_contains(out, newname);
	free(out);
}
END_TEST

static void own_server(void)
{
	om_test_mariadb_start(&server, "latin1");
	setup();
}

static void own_server_stop(void)
{
	om_test_mariadb_stop(&server);
}

/* The server dies right after the switch: exit 6, not "unchanged"; a rerun records what happened. */
START_TEST(server_gone_after_the_switch_exits_6)
{
	char cmd[200], *err = NULL, *out = NULL;
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=switched", cmd, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db();
	snprintf(cmd, sizeof(cmd), "OPENSER_MIGRATE_TEST_EXEC=kill -9 %d", server.pid);
	ck_assert_int_eq(om_test_run(argv, env, NULL, &err), 6);
	assert_contains(err, "the connection was lost during the switch: the database is either as it was or "
			"entirely upgraded; run the same command again");
	ck_assert_ptr_null(strstr(err, "failed before the switch"));
	free(err);
	om_test_mariadb_crash_restart(&server);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "had switched the database to OpenSER 1.2 before it stopped");
	free(out);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

/*
 * A server crash while a run was filling its shadows leaves MyISAM tables
 * marked as crashed (the operator's that were open, and the shadows): the
 * rerun's snapshot lets the server's own recovery open the live ones and
 * leaves the shadows out (scratch, built again or proven by the journal).
 */
START_TEST(crashed_leftover_shadow_is_built_again)
{
	const char *env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=before-switch", NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };
	const char *tables[] = { "openser_migrate_new_version", "openser_migrate_new_subscriber", NULL };
	char *out = NULL, *err = NULL, *left;
	int status;

	make_db();
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	om_test_mariadb_wait_idle(&server, db);
	left = sql("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' "
		   "AND TABLE_NAME IN ('%s', '%s')", db, tables[0], tables[1]);
	ck_assert_str_eq(left, "2\n");
	free(left);
	/* The server dies; the shadows' index files say "crashed" (the changed byte of the state, bit 2). */
	kill(server.pid, SIGKILL);
	waitpid(server.pid, &status, 0);
	server.pid = 0;
	for (int i = 0; tables[i]; i++) {
		char path[1400];
		unsigned char b;
		FILE *f;

		snprintf(path, sizeof(path), "%s/data/%s/%s.MYI", server.dir, db, tables[i]);
		f = fopen(path, "r+b");
		ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
		ck_assert_int_eq(fseek(f, 26, SEEK_SET), 0);
		ck_assert_int_eq(fread(&b, 1, 1, f), 1);
		b |= 2;
		ck_assert_int_eq(fseek(f, 26, SEEK_SET), 0);
		ck_assert_int_eq(fwrite(&b, 1, 1, f), 1);
		fclose(f);
	}
	om_test_mariadb_crash_restart(&server);
	status = om_test_run(argv, NULL, &out, &err);
	ck_assert_msg(status == 0, "exit %d: %s", status, err);
	free(out);
	free(err);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	left = sql("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' "
		   "AND TABLE_NAME LIKE 'openser\\_migrate\\_new\\_%%'", db);
	ck_assert_str_eq(left, "0\n");
	free(left);
}
END_TEST

/*
 * A server crash leaves a MyISAM shadow without rows its INSERT wrote (its
 * row count and index blocks were still in memory) while the journal, on
 * InnoDB, says the step was done: the resumed run sees the shadow short
 * and builds it again.  The crash is stood in for by the rows it loses,
 * in three shadows: one emptied, one with a row less, and the version
 * table's (always built again: its rows are not its source's count).  Own tables left on
 * MyISAM by an earlier version move to InnoDB on the way.
 */
START_TEST(a_shadow_short_of_its_journal_is_built_again)
{
	const char *env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=before-switch", NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };
	char *out = NULL, *err = NULL, *v;
	int status;

	make_db();
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	om_test_mariadb_wait_idle(&server, db);
	free(sql("DELETE FROM `%s`.openser_migrate_new_subscriber", db));
	free(sql("DELETE FROM `%s`.openser_migrate_new_acc LIMIT 1", db));
	free(sql("DELETE FROM `%s`.openser_migrate_new_version LIMIT 3", db));
	free(sql("ALTER TABLE `%s`.openser_migrate_journal ENGINE=MyISAM", db));
	free(sql("ALTER TABLE `%s`.openser_migrate_history ENGINE=MyISAM", db));
	status = om_test_run(argv, NULL, &out, &err);
	ck_assert_msg(status == 0, "exit %d: %s", status, err);
	assert_contains(out, "subscriber: its shadow lacks rows it was built with");
	assert_contains(out, "acc: its shadow lacks rows it was built with");
	free(out);
	free(err);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	v = sql("SELECT GROUP_CONCAT(DISTINCT ENGINE) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' "
		"AND TABLE_NAME IN ('openser_migrate_journal', 'openser_migrate_history')", db);
	ck_assert_str_eq(v, "InnoDB\n");
	free(v);
	assert_uninterrupted_end();
}
END_TEST

/* ---- snapshots ---------------------------------------------------------------------------- */

/* The snapshot database of NAME, as the tool names it. */
static void snap_db(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s__snap_%s", db, name);
}

/* Every table's rows (CHECKSUM TABLE) of database name, the snapshot's marker aside, without the database's name. */
static char *all_rows(const char *name)
{
	char *tables = sql("SELECT GROUP_CONCAT(CONCAT('`%s`.`', TABLE_NAME, '`') ORDER BY TABLE_NAME) "
			   "FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' "
			   "AND TABLE_NAME <> 'openser_migrate_snapshot'", name, name);
	struct strbuf sb = STRBUF_INIT;
	char *res, *p;

	tables[strcspn(tables, "\n")] = '\0';
	res = sql("CHECKSUM TABLE %s EXTENDED", tables);
	for (p = res; *p; p++)
		if (!strncmp(p, name, strlen(name)) && p[strlen(name)] == '.')
			p += strlen(name);
		else
			strbuf_addch(&sb, *p);
	free(res);
	free(tables);
	return strbuf_detach(&sb);
}

/* The whole catalog (own and retained tables too), the marker aside, without the database's name. */
static char *all_catalog(const char *name)
{
	return sql("SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES "
		   "WHERE TABLE_SCHEMA = '%s' AND TABLE_NAME <> 'openser_migrate_snapshot' ORDER BY TABLE_NAME;"
		   "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, IFNULL(COLUMN_DEFAULT, '(none)'), EXTRA, "
		   "IFNULL(COLLATION_NAME, '') FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '%s' "
		   "AND TABLE_NAME <> 'openser_migrate_snapshot' ORDER BY TABLE_NAME, ORDINAL_POSITION;"
		   "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) "
		   "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '%s' "
		   "GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE ORDER BY TABLE_NAME, INDEX_NAME;"
		   "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
		   "WHERE SCHEMA_NAME = '%s'", name, name, name, name);
}

START_TEST(snapshot_save_upgrade_restore_is_identical)
{
	char snap[128], *out = NULL, *a, *b, *before_rows, *before_cat;

	make_db();
	snap_db(snap, sizeof(snap), "s1");
	before_rows = all_rows(db);
	before_cat = all_catalog(db);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "save", "s1", NULL), 0);
	assert_contains(out, "method: copy");
	free(out);
	/* The snapshot is the database, exactly; the live one is untouched. */
	a = all_rows(snap);
	ck_assert_str_eq(a, before_rows);
	free(a);
	a = all_catalog(snap);
	ck_assert_str_eq(a, before_cat);
	free(a);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "snapshot \"before-upgrade-");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "list", NULL), 0);
	assert_contains(out, "s1\n  taken ");
	assert_contains(out, ", OpenSER 1.1\n  database: ");
	assert_contains(out, snap);
	assert_contains(out, "before-upgrade-");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "diff", "s1", NULL), 5);
	assert_contains(out, "catalog: table \"acc\": missing column \"sip_status\"");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "snapshot", "restore", "s1", NULL), 0);
	assert_contains(out, "ONE RENAME TABLE");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "diff", "s1", NULL), 0);
	assert_contains(out, "equals snapshot \"s1\"");
	free(out);
	/* Independently: every table's definition and rows are the snapshot's, and the database's as it was. */
	a = all_rows(db);
	b = all_rows(snap);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(a, before_rows);
	free(a);
	free(b);
	a = all_catalog(db);
	ck_assert_str_eq(a, before_cat);
	free(a);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "OpenSER 1.1 (exact match)");
	free(out);
	free(before_rows);
	free(before_cat);
}
END_TEST

START_TEST(snapshot_diff_finds_each_change)
{
	char *out = NULL;

	make_db();
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "save", "s1", NULL), 0);
	free(sql("UPDATE `%s`.subscriber SET rpid = 'changed' WHERE username = 'alice'", db));
	free(sql("INSERT INTO `%s`.grp (username, domain, grp) VALUES ('zed', 'example.com', 'x')", db));
	free(sql("ALTER TABLE `%s`.acc DROP INDEX sip_callid", db));
	free(sql("ALTER TABLE `%s`.domain MODIFY domain varchar(200) NOT NULL DEFAULT ''", db));
	free(sql("CREATE TABLE `%s`.extra (a int)", db));
	free(sql("DROP TABLE `%s`.speed_dial", db));
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "diff", "s1", NULL), 5);
	assert_contains(out, "table subscriber: rows differ: 2 here, 2 in the snapshot; 1 only here, 1 only in the snapshot");
	assert_contains(out, "changed: username=alice, domain=example.com");
	assert_contains(out, "only in the live database: username=zed, domain=example.com, grp=x");
	assert_contains(out, "catalog: table \"acc\": missing index");
	assert_contains(out, "catalog: table \"domain\": column \"domain\" has type varchar(200)");
	assert_contains(out, "catalog: unexpected table \"extra\"");
	assert_contains(out, "catalog: missing table \"speed_dial\"");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--json", "snapshot", "diff", "s1", NULL), 5);
	assert_contains(out, "\"identical\": false");
	free(out);
}
END_TEST

START_TEST(snapshot_killed_save_bad_names_and_drop)
{
	char snap[128], *out = NULL, *err = NULL, *before;
	const char *env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=snapshot-copied", NULL };
	const char *argv[] = { "-d", url, "snapshot", "save", "k", NULL };

	make_db();
	before = all_rows(db);
	ck_assert_int_eq(om_test_run(argv, env, NULL, NULL), 128 + SIGKILL);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "list", NULL), 0);
	assert_contains(out, "no snapshots of ");
	assert_contains(out, "not a snapshot: ");
	free(out);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "diff", "k", NULL), 2);
	assert_contains(err, "snapshot \"k\" is incomplete (its save was interrupted)");
	free(err);
	/* Saved again, the leftover is replaced. */
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "save", "k", NULL), 0);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "save", "k", NULL), 3);
	assert_contains(err, "snapshot \"k\" exists (taken ");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "save", "../x", NULL), 2);
	assert_contains(err, "snapshot name \"../x\" is not a short safe word");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "save", "a123456789b123456789c123456789d123456789e", NULL), 2);
	assert_contains(err, "is too long: at most 40 characters");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "snapshot", "restore", "nope", NULL), 2);
	assert_contains(err, "no snapshot \"nope\" of ");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "drop", "k", NULL), 3);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "snapshot", "drop", "k", NULL), 0);
	snap_db(snap, sizeof(snap), "k");
	out = sql("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '%s'", snap);
	ck_assert_str_eq(out, "0\n");
	free(out);
	free(err);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "--no-snapshot", "upgrade", NULL), 0);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--json", "snapshot", "list", NULL), 0);
	assert_contains(out, "\"snapshots\": [], \"incomplete\": []");
	free(out);
	out = all_rows(db);
	ck_assert_str_ne(out, before);
	free(out);
	free(before);
}
END_TEST

/*
 * An application's transaction that holds location (InnoDB) longer than
 * --lock-timeout: the run cannot hold its writers, and stops before the
 * switch (exit 4); nothing changed, and a rerun finishes.
 */
START_TEST(an_application_transaction_holding_a_table_exits_4)
{
	MYSQL *m = mysql_init(NULL);
	char *err = NULL;

	make_db();
	free(sql("ALTER TABLE `%s`.location ENGINE=InnoDB", db));
	ck_assert_msg(mysql_real_connect(m, "localhost", "root", NULL, db, 0, server.socket, 0) != NULL, "%s",
		      mysql_error(m));
	ck_assert_int_eq(mysql_query(m, "BEGIN"), 0);
	ck_assert_int_eq(mysql_query(m, "UPDATE location SET cseq = cseq + 1 WHERE username = 'alice'"), 0);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "--lock-timeout", "1", "upgrade", NULL), 4);
	assert_contains(err, "another session's transaction holds the tables (waited 1 s; see --lock-timeout): "
			"nothing was changed, a rerun resumes");
	free(err);
	ck_assert_int_eq(mysql_query(m, "COMMIT"), 0);
	mysql_close(m);
	assert_sql("18\n", "SELECT cseq FROM `%s`.location WHERE username = 'alice'", db);
	ck_assert_int_eq(upgrade(), 0);
	assert_sql("18\n", "SELECT cseq FROM `%s`.location WHERE username = 'alice'", db);
}
END_TEST

static Suite *mysql_suite(void)
{
	Suite *s = suite_create("mysql");
	TCase *tc;

	tc = tcase_create("upgrade (latin1 server)");
	tcase_add_unchecked_fixture(tc, server_latin1, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, upgrade_yields_the_exact_1_2_catalog);
	tcase_add_test(tc, upgrade_of_a_core_database_has_no_serweb_parts);
	tcase_add_test(tc, upgrade_writes_the_1_2_version_rows);
	tcase_add_test(tc, upgrade_maps_every_value);
	tcase_add_test(tc, upgrade_reads_name_addr_and_counts_unparsable_uris);
	tcase_add_test(tc, tables_keep_engine_and_charset);
	tcase_add_test(tc, second_upgrade_is_a_no_op);
	tcase_add_test(tc, upstream_1_2_0_database_gets_the_acc_extras);
	tcase_add_test(tc, plan_prints_the_mysql_sql_and_changes_nothing);
	tcase_add_test(tc, plan_sql_is_the_golden_text);
	OM_TEST_ADD_LOOP(tc, killed_upgrade_resumes_to_the_same_end,
			 (int)(sizeof(kill_points) / sizeof(kill_points[0])));
	tcase_add_test(tc, writes_during_the_upgrade_wait_and_are_carried);
	tcase_add_test(tc, rows_written_during_the_upgrade_are_copied_again);
	tcase_add_test(tc, a_shadow_whose_source_changed_is_never_reused);
	tcase_add_test(tc, jobs_build_what_one_connection_builds);
	tcase_add_test(tc, jobs_read_past_writers_waiting_for_the_hold);
	OM_TEST_ADD_LOOP(tc, jobs_killed_upgrade_resumes_to_the_same_end,
			 (int)(sizeof(jobs_kill_points) / sizeof(jobs_kill_points[0])));
	tcase_add_test(tc, an_update_just_before_the_switch_undoes_it);
	tcase_add_test(tc, interrupted_after_the_switch_says_it_is_upgraded);
	tcase_add_test(tc, undone_switch_keeps_rows_written_to_the_new_tables);
	tcase_add_test(tc, a_tripwire_finds_a_write_before_the_switch);
	tcase_add_test(tc, a_killed_run_leaves_tripwires_that_never_fail_a_write);
	tcase_add_test(tc, without_trigger_rights_the_retained_tables_are_read_again);
	tcase_add_test(tc, report_counts_match_the_tables);
	tcase_add_test(tc, lived_in_database_keeps_what_operators_added);
	OM_TEST_ADD_LOOP(tc, each_kind_of_drift_alone_is_upgraded,
			 (int)(sizeof(one_drift) / sizeof(one_drift[0])));
	tcase_add_test(tc, half_way_table_is_refused);
	tcase_add_test(tc, openserctlrc_alone_names_the_database);
	tcase_add_test(tc, store_plaintext_pw_0_hashes_and_empties_passwords);
	tcase_add_test(tc, store_plaintext_pw_1_leaves_passwords);
	tcase_add_test(tc, rollback_brings_back_exactly_the_1_1_database);
	tcase_add_test(tc, rollback_carries_what_openser_1_2_wrote);
	OM_TEST_ADD_LOOP(tc, killed_rollback_leaves_1_2_or_1_1,
			 (int)(sizeof(rollback_kill_points) / sizeof(rollback_kill_points[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("snapshots (latin1 server)");
	tcase_add_unchecked_fixture(tc, server_latin1, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, snapshot_save_upgrade_restore_is_identical);
	tcase_add_test(tc, snapshot_diff_finds_each_change);
	tcase_add_test(tc, snapshot_killed_save_bad_names_and_drop);
	suite_add_tcase(s, tc);

	tc = tcase_create("migrate (latin1 server)");
	tcase_add_unchecked_fixture(tc, server_latin1, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, migrate_builds_new_and_leaves_old_untouched);
	tcase_add_test(tc, migrate_killed_resumes);
	tcase_add_test(tc, migrate_stopped_before_its_history_row_is_run_again);
	tcase_add_test(tc, migrate_refuses_an_existing_new_and_the_same_name);
	tcase_add_test(tc, migrate_sql_is_the_golden_text);
	tcase_add_test(tc, migrate_refuses_a_name_mysql_cannot_hold);
	tcase_add_test(tc, migrate_report_names_new);
	suite_add_tcase(s, tc);

	tc = tcase_create("refusals (latin1 server)");
	tcase_add_unchecked_fixture(tc, server_latin1, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, connected_openser_is_refused_unless_forced);
	tcase_add_test(tc, an_application_transaction_holding_a_table_exits_4);
	tcase_add_test(tc, locked_database_exits_4);
	tcase_add_test(tc, status_waits_for_a_running_upgrade_then_reports_it);
	tcase_add_test(tc, upgrade_waits_while_status_reads);
	tcase_add_test(tc, drifted_schema_exits_5);
	tcase_add_test(tc, connection_failures_exit_2);
	tcase_add_test(tc, password_comes_from_openserctlrc_and_is_never_shown);
	suite_add_tcase(s, tc);

	tc = tcase_create("upgrade (Debian default utf8mb4 server)");
	tcase_add_unchecked_fixture(tc, server_utf8mb4, server_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, upgrade_on_a_utf8mb4_server_keeps_latin1_tables);
	tcase_add_test(tc, store_plaintext_pw_0_hashes_and_empties_passwords);
	tcase_add_test(tc, store_plaintext_pw_0_on_utf8mb4_tables);
	suite_add_tcase(s, tc);
	tc = tcase_create("server crashes");
	tcase_add_checked_fixture(tc, own_server, own_server_stop);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, server_gone_after_the_switch_exits_6);
	tcase_add_test(tc, crashed_leftover_shadow_is_built_again);
	tcase_add_test(tc, a_shadow_short_of_its_journal_is_built_again);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return om_test_main(mysql_suite());
}
