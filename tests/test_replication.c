/*
 * test_replication.c: replicated deployments, on real servers.
 *
 * MariaDB: a primary (binary log, server-id 1, TCP on a free port of
 * 127.0.0.1) and a replica (server-id 2, read_only, replicating over TCP
 * with GTIDs), one case per binlog format (STATEMENT, MIXED, ROW: the
 * primary's global format is set before each case's database is made).
 * PostgreSQL: a primary and a streaming standby (pg_basebackup -R).
 *
 * Each case fills a 1.1 database on the primary, waits for the replica,
 * then: every command that changes a database is refused on the replica
 * (exit 3, --force too) with nothing changed; `status` there works, says
 * it is a replica and writes nothing; `upgrade` on the primary; after the
 * catch-up the replica's catalog and per-table checksums equal the
 * primary's (the snapshot taken before the upgrade included) and
 * replication still runs; the same after `rollback`.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mysql.h>

#include "driver_replica.h"
#include "strbuf.h"
#include "support.h"

static int run(char **out, char **err, ...) __attribute__((sentinel));

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

static void assert_contains(const char *text, const char *part)
{
	ck_assert_msg(text && strstr(text, part), "expected \"%s\" in:\n%s", part, text ? text : "(null)");
}

/* Run a command that must succeed, printing its stderr when it does not. */
static void run_ok(const char *url, const char *command)
{
	char *err = NULL;
	int rc = run(NULL, &err, "-d", url, "--yes", command, NULL);

	ck_assert_msg(rc == 0, "%s failed (%d): %s", command, rc, err ? err : "");
	free(err);
}

/*
 * The commands that change a database, each refused on the replica url
 * (exit 3, the message naming the replica and primary_says), --force or not.
 */
static void assert_refused_everywhere(const char *url, const char *primary_says)
{
	static const char *const commands[][4] = {
		{ "upgrade", NULL },
		{ "--force", "upgrade", NULL },
		{ "--no-snapshot", "upgrade", NULL },
		{ "rollback", NULL },
		{ "--force", "rollback", NULL },
		{ "cleanup", NULL },
		{ "snapshot", "save", "mine", NULL },
		{ "snapshot", "restore", "mine", NULL },
		{ "snapshot", "drop", "mine", NULL },
	};

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const char *argv[12];
		size_t n = 0;
		char *out = NULL, *err = NULL;
		int rc;

		argv[n++] = "-d";
		argv[n++] = url;
		argv[n++] = "--yes";
		for (size_t k = 0; commands[i][k]; k++)
			argv[n++] = commands[i][k];
		argv[n] = NULL;
		rc = om_test_run(argv, NULL, &out, &err);
		ck_assert_msg(rc == 3, "%s %s on the replica: exit %d, expected 3: %s", commands[i][0],
			      commands[i][1] ? commands[i][1] : "", rc, err);
		assert_contains(err, "this server is a replica");
		assert_contains(err, primary_says);
		assert_contains(err, "must run on the primary");
		assert_contains(err, "--force does not override this");
		assert_contains(err, "nothing was changed");
		free(out);
		free(err);
	}
}

/* status on the replica: works, says replica, the version it sees; its exit code.  plan and verify work there too. */
static void assert_status_on_replica(const char *url, int code, const char *version, const char *primary_says)
{
	char *out = NULL, *err = NULL;
	int rc = run(&out, &err, "-d", url, "plan", NULL);

	ck_assert_msg(rc == 0, "plan on the replica: exit %d: %s", rc, err);
	free(out);
	free(err);
	rc = run(&out, &err, "-d", url, "verify", NULL);
	ck_assert_msg(rc == 0, "verify on the replica: exit %d: %s", rc, err);
	free(out);
	free(err);
	rc = run(&out, &err, "-d", url, "status", NULL);

	ck_assert_msg(rc == code, "status on the replica: exit %d, expected %d: %s", rc, code, err);
	assert_contains(out, "replica:   yes");
	assert_contains(out, primary_says);
	assert_contains(out, version);
	free(out);
	free(err);
	rc = run(&out, &err, "-d", url, "--json", "status", NULL);
	ck_assert_msg(rc == code, "status --json on the replica: exit %d: %s", rc, err);
	assert_contains(out, "\"replica\": {\"replica\": true");
	assert_contains(out, primary_says);
	free(out);
	free(err);
}

/* ---- MariaDB: a primary and a binlog replica ------------------------------------ */

static struct om_test_mariadb primary, replica;
static int primary_port;
static char port_opt[32];

static const char *const primary_opts[] = { "--server-id=1", "--log-bin=primary-bin", "--skip-networking=0",
					    "--bind-address=127.0.0.1", port_opt, "--binlog-format=MIXED", NULL };
static const char *const replica_opts[] = { "--server-id=2", "--relay-log=replica-relay", "--read-only",
					    "--skip-slave-start", NULL };

/* A client connection to a test server as root. */
static MYSQL *connect_to(const struct om_test_mariadb *m)
{
	MYSQL *my = mysql_init(NULL);

	ck_assert(my != NULL);
	ck_assert_msg(mysql_real_connect(my, "localhost", "root", NULL, NULL, 0, m->socket, 0) != NULL,
		      "cannot connect to the test server: %s", mysql_error(my));
	return my;
}

/* Column `name` of the first row of SHOW SLAVE STATUS on the replica (malloc'd, "" when none). */
static char *slave_field(const char *name)
{
	MYSQL *my = connect_to(&replica);
	MYSQL_RES *res;
	MYSQL_ROW row;
	char *v = NULL;

	ck_assert_msg(mysql_query(my, "SHOW SLAVE STATUS") == 0, "%s", mysql_error(my));
	res = mysql_store_result(my);
	ck_assert(res != NULL);
	row = mysql_fetch_row(res);
	if (row) {
		MYSQL_FIELD *f = mysql_fetch_fields(res);

		for (unsigned i = 0; i < mysql_num_fields(res); i++)
			if (!strcmp(f[i].name, name))
				v = strdup(row[i] ? row[i] : "");
	}
	mysql_free_result(res);
	mysql_close(my);
	return v ? v : strdup("");
}

static void assert_replication_runs(void)
{
	char *io = slave_field("Slave_IO_Running"), *sqlt = slave_field("Slave_SQL_Running");
	char *e = slave_field("Last_SQL_Error"), *ioe = slave_field("Last_IO_Error");

	ck_assert_msg(!strcmp(io, "Yes") && !strcmp(sqlt, "Yes") && !*e && !*ioe,
		      "replication stopped: IO %s, SQL %s, SQL error \"%s\", IO error \"%s\"", io, sqlt, e, ioe);
	free(io);
	free(sqlt);
	free(e);
	free(ioe);
}

/* Wait until the replica has applied everything the primary logged. */
static void mariadb_catch_up(void)
{
	char *pos = om_test_mariadb_queryf(&primary, "SELECT @@GLOBAL.gtid_binlog_pos");
	char *res;

	pos[strcspn(pos, "\n")] = '\0';
	res = om_test_mariadb_queryf(&replica, "SELECT MASTER_GTID_WAIT('%s', 60)", pos);
	ck_assert_msg(!strcmp(res, "0\n"), "the replica did not reach %s within 60 s (%s)", pos, res);
	free(res);
	free(pos);
	assert_replication_runs();
}

static void mariadb_pair_start(void)
{
	char *out;

	primary_port = om_test_free_port();
	snprintf(port_opt, sizeof(port_opt), "--port=%d", primary_port);
	om_test_mariadb_start_with(&primary, "latin1", primary_opts);
	om_test_mariadb_start_with(&replica, "latin1", replica_opts);
	/* The replication account, not logged (the replica has its own system tables). */
	free(om_test_mariadb_queryf(&primary, "SET SESSION sql_log_bin = 0; "
				    "CREATE USER 'repl'@'127.0.0.1'; GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'"));
	free(om_test_mariadb_queryf(&replica, "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = %d, "
				    "MASTER_USER = 'repl', MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1; "
				    "START SLAVE", primary_port));
	for (int i = 0; i < 300; i++) {
		out = om_test_mariadb_queryf(&replica, "SHOW GLOBAL STATUS LIKE 'Slave_running'");
		if (strstr(out, "ON")) {
			free(out);
			return;
		}
		free(out);
		usleep(100000);
	}
	ck_abort_msg("the MariaDB replica did not start replicating");
}

static void mariadb_pair_stop(void)
{
	om_test_mariadb_stop(&replica);
	om_test_mariadb_stop(&primary);
}

/* Every table of every database but the system's: the catalog, then the checksums. */
static char *mariadb_everything(const struct om_test_mariadb *m, const char *db)
{
	struct strbuf sb = STRBUF_INIT;
	char *dbs = om_test_mariadb_queryf(m, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME "
					   "LIKE '%s%%' ORDER BY SCHEMA_NAME", db);

	for (char *p = dbs, *nl; *p; p = nl + 1) {
		char *cat, *sums;

		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		cat = om_test_mariadb_catalog(m, p, NULL);
		sums = om_test_mariadb_checksums(m, p, NULL);
		strbuf_addf(&sb, "== %s\n%s%s", !strcmp(p, db) ? "(db)" : p + strlen(db), cat, sums);
		free(cat);
		free(sums);
	}
	free(dbs);
	return strbuf_detach(&sb);
}

static void assert_replica_equal(const char *db, const char *when)
{
	char *a, *b;

	mariadb_catch_up();
	a = mariadb_everything(&primary, db);
	b = mariadb_everything(&replica, db);
	ck_assert_msg(!strcmp(a, b), "%s: the replica differs from the primary:\n--- primary\n%s\n--- replica\n%s",
		      when, a, b);
	free(a);
	free(b);
}

/* The length of a server's error log now. */
static size_t log_length(const struct om_test_mariadb *m)
{
	struct strbuf path = STRBUF_INIT;
	size_t n = 0;
	char *log;

	strbuf_addf(&path, "%s/server.log", m->dir);
	log = om_test_read_file(path.buf, &n);
	free(log);
	strbuf_release(&path);
	return n;
}

/* Did the error log get, past offset `from`, a line about a statement unsafe for statement-based replication? */
static bool unsafe_logged(const struct om_test_mariadb *m, size_t from)
{
	struct strbuf path = STRBUF_INIT;
	size_t n = 0;
	char *log;
	bool found;

	strbuf_addf(&path, "%s/server.log", m->dir);
	log = om_test_read_file(path.buf, &n);
	found = log && n > from && (strstr(log + from, "Unsafe statement") || strstr(log + from, "unsafe"));
	if (found)
		fprintf(stderr, "primary's log:\n%s\n", log + from);
	free(log);
	strbuf_release(&path);
	return found;
}

static const char *const formats[] = { "STATEMENT", "MIXED", "ROW" };

START_TEST(mariadb_upgrade_and_rollback_replicate)
{
	const char *format = formats[_i];
	char db[64], purl[1024], rurl[1024], primary_says[64];
	char *before, *after, *out;
	size_t logged;

	snprintf(db, sizeof(db), "om%s%d", format, (int)getpid());
	snprintf(purl, sizeof(purl), "mysql://root@localhost/%s?socket=%s", db, primary.socket);
	snprintf(rurl, sizeof(rurl), "mysql://root@localhost/%s?socket=%s", db, replica.socket);
	snprintf(primary_says, sizeof(primary_says), "127.0.0.1:%d", primary_port);
	free(om_test_mariadb_queryf(&primary, "SET GLOBAL binlog_format = '%s'", format));
	om_test_mariadb_openser_db(&primary, db, true, true);
	/* More rows, also in the tables without a key (acc, missed_calls: ids in scan order). */
	{
		struct strbuf q = STRBUF_INIT;

		strbuf_addf(&q, "USE `%s`; INSERT INTO acc " OM_TEST_ACC_URI_ROWS "; ", db);
		for (int i = 0; i < 40; i++)
			strbuf_addf(&q, "INSERT INTO acc (sip_method, from_uri, to_uri, sip_callid, sip_status, time) VALUES "
				    "('BYE', 'sip:u%d@example.com', 'sip:v%d@example.org', 'call-r%d', '200 OK', "
				    "'2007-03-02 10:%02d:00'); ", i, i, i, i);
		strbuf_addf(&q, "DELETE FROM acc WHERE sip_callid IN ('call-r3', 'call-r17'); "
			    "INSERT INTO missed_calls (sip_method, from_uri, to_uri, sip_callid, sip_status, time) VALUES "
			    "('INVITE', 'sip:a@x', 'sip:b@y', 'm-1', '486 Busy Here', '2007-03-03 10:00:00')");
		free(om_test_mariadb_sql(&primary, NULL, NULL, q.buf));
		strbuf_release(&q);
	}
	assert_replica_equal(db, "the 1.1 database");
	before = mariadb_everything(&replica, db);

	/* The replica: refused, --force too; nothing changed, replication runs. */
	assert_refused_everywhere(rurl, primary_says);
	/* migrate's NEW side, on the replica's server. */
	out = NULL;
	ck_assert_int_eq(run(NULL, &out, "-d", rurl, "--yes", "migrate", db, "omnew", NULL), 3);
	assert_contains(out, "this server is a replica");
	free(out);
	after = om_test_mariadb_queryf(&replica, "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'omnew'");
	ck_assert_str_eq(after, "0\n");
	free(after);
	assert_status_on_replica(rurl, 7, "OpenSER 1.1", primary_says);
	/* Also when it is not read only: its replica connection tells. */
	free(om_test_mariadb_queryf(&replica, "SET GLOBAL read_only = 0"));
	out = NULL;
	ck_assert_int_eq(run(NULL, &out, "-d", rurl, "--yes", "--force", "upgrade", NULL), 3);
	assert_contains(out, "a replica connection is configured");
	free(out);
	free(om_test_mariadb_queryf(&replica, "SET GLOBAL read_only = 1"));
	after = mariadb_everything(&replica, db);
	ck_assert_str_eq(before, after);
	free(after);
	assert_replica_equal(db, "after the refusals and status on the replica");

	/* The primary: status says it is not a replica; upgrade; the replica follows. */
	ck_assert_int_eq(run(&out, NULL, "-d", purl, "status", NULL), 7);
	assert_contains(out, "replica:   no");
	free(out);
	logged = log_length(&primary);
	run_ok(purl, "upgrade");
	ck_assert_msg(!unsafe_logged(&primary, logged), "the upgrade wrote statements unsafe for %s replication", format);
	assert_replica_equal(db, "after the upgrade");
	assert_status_on_replica(rurl, 0, "OpenSER 1.2", primary_says);

	/* rollback on the primary: the replica follows. */
	logged = log_length(&primary);
	run_ok(purl, "rollback");
	ck_assert_msg(!unsafe_logged(&primary, logged), "the rollback wrote statements unsafe for %s replication", format);
	assert_replica_equal(db, "after the rollback");
	assert_status_on_replica(rurl, 7, "OpenSER 1.1", primary_says);
	free(before);
}
END_TEST

/* ---- PostgreSQL: a primary and a streaming standby ------------------------------- */

static struct om_test_pg pgp, pgs;

static void pg_pair_start(void)
{
	om_test_pg_start(&pgp);
	free(om_test_pg_sql(&pgp, NULL, "CREATE ROLE openser LOGIN; CREATE ROLE openserro LOGIN"));
	om_test_pg_openser_db(&pgp, "openser", true, true);
	om_test_pg_start_standby(&pgs, &pgp);
}

static void pg_pair_stop(void)
{
	om_test_pg_stop(&pgs);
	om_test_pg_stop(&pgp);
}

static void pg_catch_up(void)
{
	char *lsn = om_test_pg_sql(&pgp, NULL, "SELECT pg_current_wal_lsn()");
	bool done = false;

	lsn[strcspn(lsn, "\n")] = '\0';
	for (int i = 0; i < 600 && !done; i++) {
		char *r = om_test_pg_queryf(&pgs, NULL, "SELECT pg_last_wal_replay_lsn() >= '%s'::pg_lsn", lsn);

		done = !strcmp(r, "t\n");
		free(r);
		if (!done)
			usleep(100000);
	}
	ck_assert_msg(done, "the standby did not replay up to %s within 60 s", lsn);
	free(lsn);
	{
		char *r = om_test_pg_sql(&pgp, NULL, "SELECT state FROM pg_stat_replication");

		ck_assert_msg(!strcmp(r, "streaming\n"), "replication is not streaming: \"%s\"", r);
		free(r);
	}
}

/* Catalog and rows of every schema of the OpenSER database, and the databases of the cluster. */
static char *pg_everything(const struct om_test_pg *p)
{
	struct strbuf sb = STRBUF_INIT;
	char *dbs = om_test_pg_sql(p, NULL, "SELECT datname FROM pg_database WHERE datname LIKE 'openser%' ORDER BY 1");
	char *schemas = om_test_pg_sql(p, "openser", "SELECT nspname FROM pg_namespace WHERE nspname IN ('public', 'old11') "
				       "ORDER BY 1");

	strbuf_addf(&sb, "databases:\n%s", dbs);
	for (char *d = dbs, *nl; (nl = strchr(d, '\n')); d = nl + 1) {
		char *st;

		*nl = '\0';
		st = om_test_pg_state(p, d, "public");
		strbuf_addf(&sb, "== database %s\n%s", d, st);
		free(st);
		*nl = '\n';
	}
	for (char *s = schemas, *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		char *cat, *st;

		*nl = '\0';
		cat = om_test_pg_catalog(p, "openser", s);
		st = om_test_pg_state(p, "openser", s);
		strbuf_addf(&sb, "== %s\n%s%s", s, cat, st);
		free(cat);
		free(st);
	}
	{
		char *own = om_test_pg_sql(p, "openser", "SELECT count(*) FROM openser_migrate_history");

		strbuf_addf(&sb, "history rows: %s", own);
		free(own);
	}
	free(dbs);
	free(schemas);
	return strbuf_detach(&sb);
}

static void assert_standby_equal(const char *when)
{
	char *a, *b;

	pg_catch_up();
	a = pg_everything(&pgp);
	b = pg_everything(&pgs);
	ck_assert_msg(!strcmp(a, b), "%s: the standby differs from the primary:\n--- primary\n%s\n--- standby\n%s",
		      when, a, b);
	free(a);
	free(b);
}

START_TEST(pgsql_upgrade_and_rollback_stream)
{
	char purl[1024], surl[1024], primary_says[900];
	char *out = NULL, *before, *after;

	snprintf(purl, sizeof(purl), "postgres://postgres@/openser?host=%s&port=%d", pgp.sockdir, pgp.port);
	snprintf(surl, sizeof(surl), "postgres://postgres@/openser?host=%s&port=%d", pgs.sockdir, pgs.port);
	snprintf(primary_says, sizeof(primary_says), "%s:%d", pgp.sockdir, pgp.port);
	/* Rows written after the base backup arrive by streaming; the history table exists from here on. */
	free(om_test_pg_sql(&pgp, "openser", "INSERT INTO acc " OM_TEST_ACC_URI_ROWS));
	ck_assert_int_eq(run(&out, NULL, "-d", purl, "status", NULL), 7);
	assert_contains(out, "replica:   no");
	free(out);
	pg_catch_up();
	before = om_test_pg_catalog(&pgs, "openser", "public");

	assert_refused_everywhere(surl, primary_says);
	ck_assert_int_eq(run(NULL, &out, "-d", surl, "--yes", "migrate", "openser", "omnew", NULL), 3);
	assert_contains(out, "this server is a replica");
	free(out);
	out = NULL;
	assert_status_on_replica(surl, 7, "OpenSER 1.1", primary_says);
	after = om_test_pg_catalog(&pgs, "openser", "public");
	ck_assert_str_eq(before, after);
	free(before);
	free(after);

	/* upgrade, then rollback on the primary; the standby follows. */
	run_ok(purl, "upgrade");
	assert_standby_equal("after the upgrade");
	assert_status_on_replica(surl, 0, "OpenSER 1.2", primary_says);
	run_ok(purl, "rollback");
	assert_standby_equal("after the rollback");
	assert_status_on_replica(surl, 7, "OpenSER 1.1", primary_says);
}
END_TEST

/* The primary named from primary_conninfo: its host and port, never its password nor its user. */
START_TEST(primary_conninfo_shows_no_secret)
{
	static const char *const cases[][2] = {
		{ "host=db1.example.com port=5433 user=rep password=s3cret sslmode=require", "db1.example.com:5433" },
		{ "user=rep password='s3 cret' host=/var/run/postgresql", "/var/run/postgresql:5432" },
		{ "hostaddr=192.0.2.7 password=s3cret", "192.0.2.7:5432" },
		{ "postgresql://rep:s3cret@db2:6000/x?application_name=walreceiver", "db2:6000" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;

		ck_assert(om_pgsql_conninfo_primary(cases[i][0], &sb));
		ck_assert_str_eq(sb.buf, cases[i][1]);
		ck_assert(!strstr(sb.buf, "s3"));
		strbuf_release(&sb);
	}
	{
		struct strbuf sb = STRBUF_INIT;

		ck_assert(!om_pgsql_conninfo_primary("host='unterminated password=s3cret", &sb));
		ck_assert(!strstr(sb.buf, "s3"));
		strbuf_release(&sb);
	}
}
END_TEST

static Suite *replication_suite(void)
{
	Suite *s = suite_create("replication");
	TCase *tc = tcase_create("conninfo");

	tcase_add_test(tc, primary_conninfo_shows_no_secret);
	suite_add_tcase(s, tc);
	tc = tcase_create("mariadb");

	tcase_add_unchecked_fixture(tc, mariadb_pair_start, mariadb_pair_stop);
	tcase_set_timeout(tc, 180);
	tcase_add_loop_test(tc, mariadb_upgrade_and_rollback_replicate, 0, (int)(sizeof(formats) / sizeof(formats[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("pgsql");
	tcase_add_unchecked_fixture(tc, pg_pair_start, pg_pair_stop);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, pgsql_upgrade_and_rollback_stream);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return om_test_main(replication_suite());
}
