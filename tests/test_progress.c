/*
 * test_progress.c: what the tool tells while it runs and when it ends,
 * as a terminal, a maintainer script and a JSON client see it:
 *   - the progress line of a long copy, redrawn in place (\r) on a
 *     pseudo-terminal, on SQLite, MariaDB and PostgreSQL (databases
 *     filled by the benchmark's generator, tests/bench/generate.sql), and
 *     never without a terminal, with -q or with --json;
 *   - one log line per step and per copy on stderr without a terminal;
 *   - --json of every command and of errors (usage, bad URL, connection
 *     refused, refusals), parsed by a real JSON parser, with the common
 *     members checked.
 * OPENSER_MIGRATE_TEST_PROGRESS_MS lowers the 2 s before the line appears
 * (and its redraw period), so that small databases show it.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "json.h"
#include "support.h"

#define PROGRESS_MS "OPENSER_MIGRATE_TEST_PROGRESS_MS=40"

static char *dir;

static void setup(void)
{
	dir = om_test_mkdtemp();
}

static void teardown(void)
{
	om_test_rmtree(dir);
	free(dir);
}

/* ---- the benchmark's generator, for one engine ---------------------------------------- */

static bool word_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * tests/bench/generate.sql for n acc rows, as tests/bench.sh makes it:
 * ROWS, HALF, TENTH, HUNDREDTH replaced, DT[x] made a datetime (pg:
 * CAST(x AS timestamp)), between the creation of bench_n(1..n) and its drop.
 */
static char *generator(const char *engine, long n)
{
	char path[700], *text;
	struct strbuf sb = STRBUF_INIT;
	bool pg = !strcmp(engine, "pgsql");

	snprintf(path, sizeof(path), "%s/tests/bench/generate.sql", OM_SRCDIR);
	text = om_test_read_file(path, NULL);
	ck_assert_ptr_nonnull(text);
	if (!strcmp(engine, "sqlite"))
		strbuf_addf(&sb, "BEGIN; CREATE TABLE bench_n (i integer PRIMARY KEY);\n"
			    "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %ld) "
			    "INSERT INTO bench_n SELECT i FROM s;\n", n);
	else if (pg)
		strbuf_addf(&sb, "BEGIN; CREATE TABLE bench_n (i integer PRIMARY KEY);\n"
			    "INSERT INTO bench_n SELECT generate_series(1, %ld);\n", n);
	else
		strbuf_addf(&sb, "CREATE TABLE bench_n (i int PRIMARY KEY) ENGINE=MyISAM;\n"
			    "INSERT INTO bench_n SELECT seq FROM seq_1_to_%ld;\n", n);
	for (const char *p = text; *p;) {
		if (!strncmp(p, "--", 2)) {
			p += strcspn(p, "\n");
			continue;
		}
		if (!strncmp(p, "DT[", 3) && (p == text || !word_char(p[-1]))) {
			size_t len = strcspn(p + 3, "]");

			strbuf_addf(&sb, pg ? "CAST(%.*s AS timestamp)" : "%.*s", (int)len, p + 3);
			p += 3 + len + (p[3 + len] == ']');
			continue;
		}
		if (word_char(*p) && (p == text || !word_char(p[-1]))) {
			size_t len = 0;
			long v = -1;

			while (word_char(p[len]))
				len++;
			if (len == 4 && !strncmp(p, "ROWS", 4))
				v = n;
			else if (len == 4 && !strncmp(p, "HALF", 4))
				v = n / 2;
			else if (len == 5 && !strncmp(p, "TENTH", 5))
				v = n / 10;
			else if (len == 9 && !strncmp(p, "HUNDREDTH", 9))
				v = n / 100 > 0 ? n / 100 : 1;
			if (v >= 0)
				strbuf_addf(&sb, "%ld", v);
			else
				strbuf_add(&sb, p, len);
			p += len;
			continue;
		}
		strbuf_addch(&sb, *p++);
	}
	strbuf_adds(&sb, !strcmp(engine, "mysql") ? "DROP TABLE bench_n;\n" : "DROP TABLE bench_n; COMMIT;\n");
	free(text);
	return strbuf_detach(&sb);
}

/* ---- running the binary on a pseudo-terminal -------------------------------------------- */

/*
 * Run the binary with argv on a new pseudo-terminal (stdin, stdout and
 * stderr), extra_env added; *out gets all it wrote (malloc'd).  Returns
 * the exit code.
 */
static int run_on_pty(const char *const *argv, const char *const *extra_env, char **out)
{
	struct winsize ws = { .ws_row = 40, .ws_col = 160 };
	struct strbuf sb = STRBUF_INIT;
	int master, status;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);

	ck_assert_msg(pid >= 0, "forkpty: %s", strerror(errno));
	if (pid == 0) {
		const char *av[40];
		size_t n = 0;

		av[n++] = om_test_binary();
		for (size_t i = 0; argv[i] && n < 39; i++)
			av[n++] = argv[i];
		av[n] = NULL;
		for (size_t i = 0; extra_env && extra_env[i]; i++)
			putenv((char *)extra_env[i]);
		setenv("OPENSER_MIGRATE_RC_PATH", "/nonexistent/openserctlrc", 1);
		execv(av[0], (char *const *)av);
		_exit(127);
	}
	for (;;) {
		char buf[4096];
		ssize_t r = read(master, buf, sizeof(buf));

		if (r > 0)
			strbuf_add(&sb, buf, (size_t)r);
		else if (r < 0 && errno == EINTR)
			continue;
		else
			break; /* EIO: the child closed the terminal */
	}
	close(master);
	ck_assert(waitpid(pid, &status, 0) == pid);
	*out = strbuf_detach(&sb);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/*
 * The progress line of table's copy was drawn on the terminal, redrawn
 * in place, and cleared before the log line of its end.
 */
static void assert_progress(const char *tty, const char *table, const char *rows)
{
	char line[100], copied[140];

	snprintf(line, sizeof(line), "\r%s: ", table);
	snprintf(copied, sizeof(copied), "%s: copied %s rows in ", table, rows);
	ck_assert_msg(count(tty, line) >= 2, "no progress line of %s redrawn on the terminal:\n%.1500s", table, tty);
	ck_assert_msg(strstr(tty, "\r\033[K") != NULL, "the progress line is never cleared:\n%.1500s", tty);
	ck_assert_msg(strstr(tty, copied) != NULL, "no log line \"%s\":\n%.1500s", copied, tty);
	/* Nothing is ever written after a progress line but the line again or its clearing (--jobs: log lines of other copies). */
	for (const char *p = tty; (p = strstr(p, "\033[K")); p += 3)
		ck_assert_msg(p > tty && (p[-1] == '\r' || p[3] == '\r' || !p[3]),
			      "text written after a progress line, not in its place:\n%.300s", p > tty + 200 ? p - 200 : tty);
}

static void assert_no_progress(const char *text, const char *what)
{
	ck_assert_msg(!strchr(text, '\r') || !strstr(text, " rows ("), "%s: a progress line:\n%s", what, text);
	ck_assert_msg(!strstr(text, "ETA") && !strstr(text, "\033[K"), "%s: a progress line:\n%s", what, text);
}

/*
 * The three ways on one engine: on a terminal (progress), with -q and
 * with --json on a terminal (none), without a terminal (the log only).
 * fresh(i) makes the i-th fresh 1.1 database and returns its URL.
 */
static void progress_three_ways(const char *(*fresh)(int), const char *table, const char *rows, bool log_rows)
{
	const char *env[] = { PROGRESS_MS, NULL };
	char *tty, *out, *err, copied[140];
	const char *argv[8];

	argv[0] = "-d";
	argv[1] = fresh(0);
	argv[2] = "--yes";
	argv[3] = "--no-snapshot";
	argv[4] = "upgrade";
	argv[5] = NULL;
	ck_assert_int_eq(run_on_pty(argv, env, &tty), 0);
	assert_progress(tty, table, rows);
	free(tty);
	/* -q, and --json: nothing of it. */
	argv[1] = fresh(1);
	argv[5] = "-q";
	argv[6] = NULL;
	ck_assert_int_eq(run_on_pty(argv, env, &tty), 0);
	assert_no_progress(tty, "-q");
	ck_assert_ptr_null(strstr(tty, "copied"));
	free(tty);
	argv[1] = fresh(2);
	argv[5] = "--json";
	ck_assert_int_eq(run_on_pty(argv, env, &tty), 0);
	assert_no_progress(tty, "--json");
	ck_assert_ptr_nonnull(strstr(tty, "\"result\": \"ok\""));
	free(tty);
	/* Without a terminal: one line a step and a copy, no progress. */
	argv[1] = fresh(3);
	argv[5] = NULL;
	ck_assert_int_eq(om_test_run(argv, env, &out, &err), 0);
	assert_no_progress(err, "no terminal");
	snprintf(copied, sizeof(copied), "openser-migrate: [");
	ck_assert_msg(strstr(err, copied) != NULL, "no log without a terminal:\n%s", err);
	if (log_rows)
		snprintf(copied, sizeof(copied), "] %s: copied %s rows in ", table, rows);
	else
		snprintf(copied, sizeof(copied), "] %s: copied ", table);
	ck_assert_msg(strstr(err, copied) != NULL, "no log line \"%s\":\n%s", copied, err);
	ck_assert_msg(strstr(err, "] commit: done\n") || strstr(err, "] switched: done\n"),
		      "no log line of the end:\n%s", err);
	free(out);
	free(err);
}

/* ---- SQLite ------------------------------------------------------------------------------ */

static char *sqlite_base;
static char sqlite_urls[4][800];

static const char *sqlite_fresh(int i)
{
	char path[700];

	snprintf(path, sizeof(path), "%s/t%d.db", dir, i);
	om_test_copy_file(sqlite_base, path);
	snprintf(sqlite_urls[i], sizeof(sqlite_urls[i]), "sqlite:%s", path);
	return sqlite_urls[i];
}

START_TEST(sqlite_progress_on_a_terminal_only)
{
	static const char *const schema[] = { "sqlite-1.1-core.sql", "sqlite-1.1-serweb.sql", NULL };
	char base[700], *gen = generator("sqlite", 60000);

	snprintf(base, sizeof(base), "%s/base.db", dir);
	om_test_build_db(base, schema);
	om_test_sql(base, gen);
	free(gen);
	sqlite_base = base;
	progress_three_ways(sqlite_fresh, "acc", "60000", true);
}
END_TEST

/* The line itself: exact where the rows are counted, '~' where estimated. */
START_TEST(progress_line_format)
{
	char *tty;
	const char *env[] = { PROGRESS_MS, NULL };
	const char *argv[] = { "-d", NULL, "--yes", "--no-snapshot", "upgrade", NULL };
	static const char *const schema[] = { "sqlite-1.1-core.sql", "sqlite-1.1-serweb.sql", NULL };
	char base[700], *gen = generator("sqlite", 60000), *p;

	snprintf(base, sizeof(base), "%s/base.db", dir);
	om_test_build_db(base, schema);
	om_test_sql(base, gen);
	free(gen);
	sqlite_base = base;
	argv[1] = sqlite_fresh(0);
	ck_assert_int_eq(run_on_pty(argv, env, &tty), 0);
	/* "acc: 12345 of 60000 rows (20%), 45678 rows/s, 0 s, ETA 1 s" (SQLite counts the rows exactly). */
	p = strstr(tty, "\racc: ");
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(strstr(tty, " of 60000 rows (") && strstr(tty, " rows/s, ") && strstr(tty, ", ETA "),
		      "the line lacks a figure:\n%s", tty);
	ck_assert_msg(!strstr(tty, "\racc: ~"), "SQLite's count is exact, not estimated:\n%s", tty);
	free(tty);
}
END_TEST

/* ---- MariaDB ----------------------------------------------------------------------------- */

static struct om_test_mariadb mdb;
static char mdb_urls[4][800];

static void mdb_start(void)
{
	om_test_mariadb_start(&mdb, "latin1");
}

static void mdb_stop(void)
{
	om_test_mariadb_stop(&mdb);
}

static const char *mdb_fresh(int i)
{
	char name[64];

	snprintf(name, sizeof(name), "p%d_%d", (int)getpid(), i);
	free(om_test_mariadb_queryf(&mdb, "CREATE DATABASE `%s` CHARACTER SET latin1 COLLATE latin1_swedish_ci", name));
	{
		char base[64];

		snprintf(base, sizeof(base), "pb%d", (int)getpid());
		/* A copy of the generated base, table by table. */
		char *tables = om_test_mariadb_queryf(&mdb, "SELECT table_name FROM information_schema.tables "
						      "WHERE table_schema = '%s'", base);
		for (char *t = strtok(tables, "\n"); t; t = strtok(NULL, "\n"))
			free(om_test_mariadb_queryf(&mdb, "CREATE TABLE `%s`.`%s` LIKE `%s`.`%s`; "
						    "INSERT INTO `%s`.`%s` SELECT * FROM `%s`.`%s`",
						    name, t, base, t, name, t, base, t));
		free(tables);
	}
	snprintf(mdb_urls[i], sizeof(mdb_urls[i]), "mysql://root@localhost/%s?socket=%s", name, mdb.socket);
	return mdb_urls[i];
}

START_TEST(mysql_progress_on_a_terminal_only)
{
	char base[64], *gen = generator("mysql", 60000);
	const char *mode = "PIPES_AS_CONCAT,ANSI_QUOTES,NO_BACKSLASH_ESCAPES,NO_ENGINE_SUBSTITUTION";

	snprintf(base, sizeof(base), "pb%d", (int)getpid());
	free(om_test_mariadb_queryf(&mdb, "CREATE DATABASE `%s` CHARACTER SET latin1 COLLATE latin1_swedish_ci", base));
	om_test_mariadb_fixture(&mdb, base, NULL, "mysql-1.1-core.sql");
	om_test_mariadb_fixture(&mdb, base, NULL, "mysql-1.1-serweb.sql");
	free(om_test_mariadb_sql(&mdb, base, mode, gen));
	free(gen);
	/* MyISAM's INSERT ... SELECT tells nothing while it runs: the line says what is copied, for how long. */
	progress_three_ways(mdb_fresh, "acc", "60000", true);
}
END_TEST

/* ---- PostgreSQL -------------------------------------------------------------------------- */

static struct om_test_pg pg;
static char pg_urls[4][800];

static void pg_start(void)
{
	om_test_pg_start(&pg);
}

static void pg_stop(void)
{
	om_test_pg_stop(&pg);
}

static const char *pg_fresh(int i)
{
	char name[64];

	snprintf(name, sizeof(name), "p%d_%d", (int)getpid(), i);
	free(om_test_pg_queryf(&pg, NULL, "CREATE DATABASE \"%s\" TEMPLATE \"pb%d\"", name, (int)getpid()));
	snprintf(pg_urls[i], sizeof(pg_urls[i]), "postgres://postgres@/%s?host=%s&port=%d", name, pg.sockdir, pg.port);
	return pg_urls[i];
}

START_TEST(pgsql_progress_on_a_terminal_only)
{
	char base[64], *gen = generator("pgsql", 60000), *tty;
	const char *env[] = { PROGRESS_MS, NULL };
	const char *argv[] = { "-d", NULL, "--yes", "--no-snapshot", "upgrade", NULL };

	snprintf(base, sizeof(base), "pb%d", (int)getpid());
	free(om_test_pg_queryf(&pg, NULL, "CREATE DATABASE \"%s\"", base));
	om_test_pg_fixture(&pg, base, "pgsql-1.1-core.sql");
	om_test_pg_fixture(&pg, base, "pgsql-1.1-serweb.sql");
	free(om_test_pg_sql(&pg, base, gen));
	free(om_test_pg_sql(&pg, base, "VACUUM ANALYZE"));
	free(gen);
	progress_three_ways(pg_fresh, "acc", "60000", true);
	/* The rows are estimated from the size of the new table's file: marked '~'. */
	free(om_test_pg_queryf(&pg, NULL, "DROP DATABASE \"p%d_3\"", (int)getpid()));
	argv[1] = pg_fresh(3);
	ck_assert_int_eq(run_on_pty(argv, env, &tty), 0);
	ck_assert_msg(strstr(tty, "\racc: ~"), "no estimated progress of acc:\n%s", tty);
	free(tty);
}
END_TEST

/* ---- --json of every command -------------------------------------------------------------- */

/*
 * Run with --json (argv includes it); stdout must be exactly one JSON
 * object with the common members: command, database, result, exit_code
 * (the process's), error (null, or {code, exit_code, message} when result
 * is "error"), config_warnings.  Returns the parsed object.
 */
static struct om_test_json *json_run(const char *const *argv, int want_exit, const char *command)
{
	char *out, *err, msg[300];
	struct om_test_json *j;
	const struct om_test_json *m, *e;
	int rc = om_test_run(argv, NULL, &out, &err);

	ck_assert_msg(rc == want_exit, "%s: exit %d, expected %d:\n%s%s", command ? command : "?", rc, want_exit, out,
		      err);
	j = om_test_json_parse(out, msg, sizeof(msg));
	ck_assert_msg(j != NULL, "%s: not one JSON document (%s):\n%s", command ? command : "?", msg, out);
	ck_assert_int_eq(j->type, OM_TEST_JSON_OBJECT);
	m = om_test_json_get(j, "command");
	ck_assert_ptr_nonnull(m);
	if (command) {
		ck_assert_int_eq(m->type, OM_TEST_JSON_STRING);
		ck_assert_str_eq(m->str, command);
	} else {
		ck_assert_int_eq(m->type, OM_TEST_JSON_NULL);
	}
	m = om_test_json_get(j, "database");
	ck_assert(m && (m->type == OM_TEST_JSON_STRING || m->type == OM_TEST_JSON_NULL));
	m = om_test_json_get(j, "exit_code");
	ck_assert(m && m->type == OM_TEST_JSON_NUMBER && (int)m->num == rc);
	m = om_test_json_get(j, "config_warnings");
	ck_assert(m && m->type == OM_TEST_JSON_ARRAY);
	m = om_test_json_get(j, "result");
	ck_assert(m && m->type == OM_TEST_JSON_STRING);
	e = om_test_json_get(j, "error");
	ck_assert_ptr_nonnull(e);
	if (!rc) {
		ck_assert_str_eq(m->str, "ok");
		ck_assert_int_eq(e->type, OM_TEST_JSON_NULL);
	} else if (!strcmp(m->str, "differs")) {
		ck_assert_int_eq(e->type, OM_TEST_JSON_NULL);
	} else {
		static const char *const names[] = { "ok", "failed", "usage", "refused", "locked", "schema",
						     "interrupted", "pending" };
		const struct om_test_json *c = om_test_json_get(e, "code"), *x = om_test_json_get(e, "exit_code"),
					  *t = om_test_json_get(e, "message");

		ck_assert_str_eq(m->str, "error");
		ck_assert_int_eq(e->type, OM_TEST_JSON_OBJECT);
		ck_assert(c && c->type == OM_TEST_JSON_STRING && rc < 8);
		ck_assert_str_eq(c->str, names[rc]);
		ck_assert(x && x->type == OM_TEST_JSON_NUMBER && (int)x->num == rc);
		ck_assert(t && t->type == OM_TEST_JSON_STRING && *t->str);
		/* The error is in the document, not on stderr (only log lines are). */
		om_test_strip_log(err);
		ck_assert_msg(!*err, "%s: stderr with --json: %s", command ? command : "?", err);
	}
	free(out);
	free(err);
	return j;
}

static const char *member_str(const struct om_test_json *j, const char *key)
{
	const struct om_test_json *m = om_test_json_get(j, key);

	ck_assert_msg(m && m->type == OM_TEST_JSON_STRING, "no string member %s", key);
	return m->str;
}

START_TEST(json_of_every_command_and_error)
{
	static const char *const full[] = { "sqlite-1.1-core.sql", "sqlite-1.1-serweb.sql", "sqlite-1.1-modules.sql",
					    "rows-1.1-core.sql", "rows-1.1-serweb.sql", "rows-1.1-modules.sql", NULL };
	char db[700], url[800], other[700], newdb[700], cfg[700], cfgout[700];
	struct om_test_json *j;

	snprintf(db, sizeof(db), "%s/openser.db", dir);
	snprintf(url, sizeof(url), "sqlite:%s", db);
	snprintf(other, sizeof(other), "%s/old.db", dir);
	snprintf(newdb, sizeof(newdb), "%s/new.db", dir);
	snprintf(cfg, sizeof(cfg), "%s/openser.cfg", dir);
	snprintf(cfgout, sizeof(cfgout), "%s/openser-1.2.cfg", dir);
	om_test_build_db(db, full);
	om_test_copy_file(db, other);
	om_test_write_file(cfg, "loadmodule \"tm.so\"\nroute {\n  t_relay();\n}\n");

	/* status of a 1.1 database: pending (7) is its answer. */
	j = json_run((const char *[]){ "--json", "-d", url, "status", NULL }, 7, "status");
	ck_assert_str_eq(member_str(j, "result"), "differs");
	ck_assert_str_eq(member_str(j, "version"), "1.1");
	ck_assert_str_eq(member_str(j, "database"), url);
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "verify", NULL }, 0, "verify");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "plan", NULL }, 0, "plan");
	ck_assert_str_eq(member_str(j, "to"), "1.2");
	om_test_json_free(j);
	/* Without a terminal and without --yes the upgrade is refused (3). */
	j = json_run((const char *[]){ "--json", "-d", url, "upgrade", NULL }, 3, "upgrade");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "snapshot", "save", "s1", NULL }, 0, "snapshot save");
	ck_assert_ptr_nonnull(om_test_json_get(j, "snapshot"));
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "--yes", "upgrade", NULL }, 0, "upgrade");
	ck_assert_int_eq(om_test_json_get(j, "done")->type, OM_TEST_JSON_BOOL);
	ck_assert(om_test_json_get(j, "done")->b);
	ck_assert_int_eq(om_test_json_get(j, "tables")->type, OM_TEST_JSON_ARRAY);
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "status", NULL }, 0, "status");
	ck_assert_str_eq(member_str(j, "version"), "1.2");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "snapshot", "list", NULL }, 0, "snapshot list");
	ck_assert_int_eq(om_test_json_get(j, "snapshots")->type, OM_TEST_JSON_ARRAY);
	om_test_json_free(j);
	/* A diff that differs (5) is its answer. */
	j = json_run((const char *[]){ "--json", "-d", url, "snapshot", "diff", "s1", NULL }, 5, "snapshot diff");
	ck_assert_str_eq(member_str(j, "result"), "differs");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "--yes", "cleanup", NULL }, 0, "cleanup");
	om_test_json_free(j);
	/* After cleanup a rollback is refused (3). */
	j = json_run((const char *[]){ "--json", "-d", url, "--yes", "rollback", NULL }, 3, "rollback");
	ck_assert_str_eq(member_str(om_test_json_get(j, "error"), "code"), "refused");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "--yes", "snapshot", "restore", "s1", NULL }, 0,
		     "snapshot restore");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "--yes", "snapshot", "drop", "s1", NULL }, 0, "snapshot drop");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "snapshot", "drop", "nosuch", NULL }, 2, "snapshot drop");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "migrate", other, newdb, NULL }, 0, "migrate");
	ck_assert_str_eq(member_str(j, "to"), "1.2");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "cfg-check", cfg, NULL }, 0, "cfg-check");
	ck_assert_int_eq(om_test_json_get(j, "database")->type, OM_TEST_JSON_NULL);
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "cfg-fix", cfg, "-o", cfgout, NULL }, 0, "cfg-fix");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "--version", NULL }, 0, "version");
	om_test_json_free(j);

	/* Usage errors: the command when known, else null. */
	j = json_run((const char *[]){ "--json", NULL }, 2, NULL);
	ck_assert_str_eq(member_str(om_test_json_get(j, "error"), "message"), "no command given (see --help)");
	om_test_json_free(j);
	j = json_run((const char *[]){ "frobnicate", "--json", NULL }, 2, NULL);
	om_test_json_free(j);
	j = json_run((const char *[]){ "--bogus", "--json", "status", NULL }, 2, NULL);
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "--jobs", "x", "status", NULL }, 2, NULL);
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "status", "extra", NULL }, 2, "status");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", url, "snapshot", "frob", NULL }, 2, "snapshot");
	om_test_json_free(j);
	/* Configuration and connection errors. */
	j = json_run((const char *[]){ "--json", "-d", "foo://bar", "status", NULL }, 2, "status");
	ck_assert_str_eq(member_str(om_test_json_get(j, "error"), "code"), "usage");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", "mysql://u:s3cret@127.0.0.1:1/x", "status", NULL }, 2, "status");
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", "mysql://u@127.0.0.1:1/x", "status", NULL }, 2, "status");
	ck_assert_ptr_nonnull(strstr(member_str(om_test_json_get(j, "error"), "message"), "cannot connect"));
	om_test_json_free(j);
	j = json_run((const char *[]){ "--json", "-d", "postgres://u@127.0.0.1:1/x", "--yes", "upgrade", NULL }, 2,
		     "upgrade");
	om_test_json_free(j);
}
END_TEST

/* No secret in the JSON or the log, whatever fails. */
START_TEST(json_and_log_show_no_password)
{
	char *out, *err;
	const char *argv[] = { "--json", "-d", "mysql://u:s3cret@127.0.0.1:1/x", "status", NULL };

	om_test_run(argv, NULL, &out, &err);
	ck_assert_ptr_null(strstr(out, "s3cret"));
	ck_assert_ptr_null(strstr(err, "s3cret"));
	free(out);
	free(err);
}
END_TEST

static Suite *progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc;

	tc = tcase_create("sqlite");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sqlite_progress_on_a_terminal_only);
	tcase_add_test(tc, progress_line_format);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, json_of_every_command_and_error);
	tcase_add_test(tc, json_and_log_show_no_password);
	suite_add_tcase(s, tc);

	tc = tcase_create("mysql");
	tcase_add_unchecked_fixture(tc, mdb_start, mdb_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, mysql_progress_on_a_terminal_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("pgsql");
	tcase_add_unchecked_fixture(tc, pg_start, pg_stop);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, pgsql_progress_on_a_terminal_only);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return om_test_main(progress_suite());
}
