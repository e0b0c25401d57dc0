#define _XOPEN_SOURCE 700
/*
 * support.c: temporary directories, running the CLI under test, files.
 */
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "hash.h"
#include "run.h"
#include "strbuf.h"

char *om_test_mkdtemp(void)
{
	const char *base = getenv("TMPDIR");
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/om-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(sb.buf))
		ck_abort_msg("mkdtemp: %s", strerror(errno));
	return strbuf_detach(&sb);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void om_test_rmtree(const char *path)
{
	if (path && !getenv("OM_TEST_KEEP"))
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *om_test_read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	if (len_out)
		*len_out = sb.len;
	return strbuf_detach(&sb);
}

void om_test_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

const char *om_test_binary(void)
{
	return OM_TEST_SRCDIR "/openser-migrate";
}

static char *slurp_fd(int fd)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	return strbuf_detach(&sb);
}

double om_test_elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

void om_test_start(struct om_test_child *c, const char *const *argv, const char *const *extra_env)
{
	size_t argc = 0;
	sigset_t all, old;
	pid_t pid;

	memset(c, 0, sizeof(*c));
	snprintf(c->out_path, sizeof(c->out_path), "/tmp/om-out-XXXXXX");
	snprintf(c->err_path, sizeof(c->err_path), "/tmp/om-err-XXXXXX");
	c->out_fd = mkstemp(c->out_path);
	c->err_fd = mkstemp(c->err_path);
	ck_assert(c->out_fd >= 0 && c->err_fd >= 0);
	while (argv[argc])
		argc++;
	clock_gettime(CLOCK_MONOTONIC, &c->t0);
	/*
	 * Until it execs, the child runs the test's signal handlers, and
	 * Check's for SIGTERM sends SIGTERM to the whole process group: a
	 * test that signals its child at once would kill itself.  So signals
	 * wait for the child to have the default handlers.
	 */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid = fork();
	if (pid == 0) {
		static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGALRM, SIGUSR1, SIGUSR2 };
		const char **av = calloc(argc + 2, sizeof(*av));
		int devnull = open("/dev/null", O_RDONLY);
		struct sigaction dfl;

		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			sigaction(sigs[i], &dfl, NULL);
		sigprocmask(SIG_SETMASK, &old, NULL);

		av[0] = om_test_binary();
		for (size_t i = 0; i < argc; i++)
			av[i + 1] = argv[i];
		if (extra_env)
			for (size_t i = 0; extra_env[i]; i++)
				putenv((char *)extra_env[i]);
		dup2(devnull, 0);
		dup2(c->out_fd, 1);
		dup2(c->err_fd, 2);
		execv(av[0], (char *const *)av);
		_exit(127);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	ck_assert(pid >= 0);
	c->pid = pid;
}

bool om_test_ended(struct om_test_child *c)
{
	if (!c->reaped && waitpid(c->pid, &c->status, WNOHANG) == c->pid) {
		c->reaped = true;
		c->seconds = om_test_elapsed(&c->t0);
	}
	return c->reaped;
}

int om_test_finish(struct om_test_child *c, double timeout, char **out, char **errout)
{
	int status = c->status, code;
	pid_t got = c->pid;

	while (!c->reaped) {
		got = waitpid(c->pid, &status, timeout > 0 ? WNOHANG : 0);
		if (got == c->pid || (got < 0 && errno != EINTR))
			break;
		if (got == 0 && om_test_elapsed(&c->t0) > timeout) {
			kill(c->pid, SIGKILL);
			while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
				;
			got = -1;
			break;
		}
		if (got == 0)
			usleep(2000);
	}
	if (!c->reaped)
		c->seconds = om_test_elapsed(&c->t0);
	lseek(c->out_fd, 0, SEEK_SET);
	lseek(c->err_fd, 0, SEEK_SET);
	if (out)
		*out = slurp_fd(c->out_fd);
	if (errout)
		*errout = slurp_fd(c->err_fd);
	close(c->out_fd);
	close(c->err_fd);
	unlink(c->out_path);
	unlink(c->err_path);
	if (got != c->pid)
		code = -1;
	else if (WIFSIGNALED(status))
		code = 128 + WTERMSIG(status);
	else
		code = WEXITSTATUS(status);
	c->pid = 0;
	return code;
}

int om_test_run(const char *const *argv, const char *const *extra_env,
		char **out, char **errout)
{
	struct om_test_child c;

	om_test_start(&c, argv, extra_env);
	return om_test_finish(&c, 0, out, errout);
}

/* The text of a file another process writes, once it is there (renamed into place): at most 20 s. */
static char *wait_for_file(const char *path)
{
	char *text = NULL;

	for (int i = 0; i < 200 && !(text = om_test_read_file(path, NULL)); i++)
		usleep(100000);
	ck_assert_msg(text != NULL, "\"%s\" was not written within 20 s", path);
	return text;
}

char *om_test_strip_log(char *text)
{
	char *w = text;

	if (!text)
		return text;
	for (const char *r = text; *r;) {
		size_t n = strcspn(r, "\n");

		if (r[n] == '\n')
			n++;
		if (strncmp(r, "openser-migrate: [", 18)) {
			memmove(w, r, n);
			w += n;
		}
		r += n;
	}
	*w = '\0';
	return text;
}

void om_test_check_status_beside_upgrade(const char *url)
{
	char *dir = om_test_mkdtemp(), *text;
	struct strbuf cmd = STRBUF_INIT, file = STRBUF_INIT;
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=acc", NULL, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };
	char *err = NULL;
	int rc;

	strbuf_addf(&file, "%s/status.out", dir);
	/* Written elsewhere, then renamed: the file is there once it is whole. */
	strbuf_addf(&cmd, "OPENSER_MIGRATE_TEST_EXEC=(%s -d '%s' --lock-timeout 10 status >%s.tmp 2>&1; "
		    "echo \"exit $?\" >>%s.tmp; mv %s.tmp %s) & sleep 0.5", om_test_binary(), url, file.buf, file.buf,
		    file.buf, file.buf);
	env[1] = cmd.buf;
	rc = om_test_run(argv, env, NULL, &err);
	ck_assert_msg(rc == 0, "the upgrade exited %d: %s", rc, err);
	text = wait_for_file(file.buf);
	ck_assert_msg(strstr(text, "version:   OpenSER 1.2 (exact match)") && strstr(text, "exit 0\n"),
		      "status beside the upgrade did not wait for it and report 1.2:\n%s", text);
	free(text);
	free(err);
	strbuf_release(&cmd);
	strbuf_release(&file);
	om_test_rmtree(dir);
	free(dir);
}

void om_test_check_upgrade_inside_status(const char *url, const char *upgrade_says)
{
	char *dir = om_test_mkdtemp(), *up, *out = NULL, *err = NULL;
	struct strbuf cmd = STRBUF_INIT, file = STRBUF_INIT;
	const char *env[] = { "OPENSER_MIGRATE_TEST_EXEC_AT=catalog", NULL, NULL };
	const char *argv[] = { "-d", url, "status", NULL };
	int rc;

	strbuf_addf(&file, "%s/upgrade.out", dir);
	strbuf_addf(&cmd, "OPENSER_MIGRATE_TEST_EXEC=%s -d '%s' --yes --lock-timeout 1 upgrade >%s 2>&1; "
		    "echo \"exit $?\" >>%s", om_test_binary(), url, file.buf, file.buf);
	env[1] = cmd.buf;
	rc = om_test_run(argv, env, &out, &err);
	up = wait_for_file(file.buf);
	ck_assert_msg(rc == 7 && strstr(out, "version:   OpenSER 1.1 (exact match)") && !*err,
		      "status with an upgrade started inside it exited %d:\n%s%s", rc, out, err);
	ck_assert_msg(strstr(up, upgrade_says) && strstr(up, "exit 4\n"),
		      "the upgrade started inside status did not wait (\"%s\", exit 4):\n%s", upgrade_says, up);
	free(up);
	free(out);
	free(err);
	strbuf_release(&cmd);
	strbuf_release(&file);
	om_test_rmtree(dir);
	free(dir);
}

int om_test_stride(void)
{
	const char *v = getenv("OM_TEST_STRIDE");
	int s = v ? atoi(v) : 1;

	return s > 1 ? s : 1;
}

int om_test_main(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* ---- SQLite helpers -------------------------------------------------------- */

#include <sqlite3.h>

static sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;

	ck_assert_msg(sqlite3_open(path, &db) == SQLITE_OK, "cannot open %s", path);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

void om_test_build_db(const char *path, const char *const *fixtures)
{
	sqlite3 *db = open_db(path);

	for (size_t i = 0; fixtures[i]; i++) {
		struct strbuf p = STRBUF_INIT;
		char *sql, *msg = NULL;

		strbuf_addf(&p, "%s/tests/fixtures/%s", OM_TEST_SRCDIR, fixtures[i]);
		sql = om_test_read_file(p.buf, NULL);
		ck_assert_msg(sql != NULL, "cannot read fixture %s", p.buf);
		ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK, "fixture %s: %s", fixtures[i],
			      msg ? msg : "?");
		free(sql);
		strbuf_release(&p);
	}
	sqlite3_close(db);
}

void om_test_sql(const char *path, const char *sql)
{
	sqlite3 *db = open_db(path);
	char *msg = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK, "%s: %s", sql, msg ? msg : "?");
	sqlite3_close(db);
}

char *om_test_query(const char *path, const char *sql)
{
	sqlite3 *db = open_db(path);
	sqlite3_stmt *st = NULL;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);

			if (i)
				strbuf_addch(&sb, '|');
			strbuf_adds(&sb, v ? v : "NULL");
		}
		strbuf_addch(&sb, '\n');
	}
	ck_assert_msg(rc == SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return strbuf_detach(&sb);
}

/* The tables of db whose name satisfies where, sorted by name: a prepared "SELECT name, sql". */
static sqlite3_stmt *tables_where(sqlite3 *db, const char *where, bool internal)
{
	sqlite3_stmt *st = NULL;
	char *q = sqlite3_mprintf("SELECT name, sql FROM sqlite_master WHERE type = 'table' %s AND (%s) ORDER BY name",
				  internal ? "" : "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", where ? where : "1");

	ck_assert_msg(sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK, "%s: %s", q, sqlite3_errmsg(db));
	sqlite3_free(q);
	return st;
}

char *om_test_catalog(const char *path)
{
	return om_test_catalog_where(path, "name NOT LIKE 'openser\\_migrate\\_%' ESCAPE '\\' AND name NOT GLOB 'old[0-9]*_*'");
}

char *om_test_catalog_where(const char *path, const char *where)
{
	sqlite3 *db = open_db(path);
	sqlite3_stmt *tables = tables_where(db, where, false);
	struct strbuf sb = STRBUF_INIT;

	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		const char *sql = (const char *)sqlite3_column_text(tables, 1);
		char *q;
		sqlite3_stmt *st = NULL;

		strbuf_addf(&sb, "table %s%s\n", name, strstr(sql, "AUTOINCREMENT") ? " (autoincrement)" : "");
		q = sqlite3_mprintf("PRAGMA table_info(\"%w\")", name);
		ck_assert(sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK);
		sqlite3_free(q);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *dflt = (const char *)sqlite3_column_text(st, 4);

			strbuf_addf(&sb, "  column %s %s%s", sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
				    sqlite3_column_int(st, 3) ? " NOT NULL" : "");
			if (dflt)
				strbuf_addf(&sb, " DEFAULT %s", dflt);
			if (sqlite3_column_int(st, 5))
				strbuf_addf(&sb, " PK%d", sqlite3_column_int(st, 5));
			strbuf_addch(&sb, '\n');
		}
		sqlite3_finalize(st);
		q = sqlite3_mprintf("SELECT il.name, il.\"unique\", il.origin, "
				    "(SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno)) "
				    "FROM pragma_index_list(\"%w\") AS il WHERE il.origin <> 'pk' ORDER BY il.name", name);
		ck_assert_msg(sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
		sqlite3_free(q);
		while (sqlite3_step(st) == SQLITE_ROW)
			strbuf_addf(&sb, "  %s %s (%s)\n", sqlite3_column_int(st, 1) ? "unique" : "index",
				    sqlite3_column_text(st, 0), sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	return strbuf_detach(&sb);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rows of one table as text lines, sorted; their count and MD5 added to sb as "TABLE|ROWS|MD5". */
static void add_table_digest(sqlite3 *db, const char *table, struct strbuf *sb)
{
	char *q = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
	sqlite3_stmt *st = NULL;
	char **rows = NULL, hex[33];
	size_t n = 0, cap = 0;
	struct strbuf all = STRBUF_INIT;

	ck_assert_msg(sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK, "%s: %s", q, sqlite3_errmsg(db));
	sqlite3_free(q);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct strbuf row = STRBUF_INIT;

		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *b;
			int len;

			if (i)
				strbuf_addch(&row, '|');
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_NULL:
				strbuf_adds(&row, "NULL");
				break;
			case SQLITE_BLOB:
				b = sqlite3_column_blob(st, i);
				len = sqlite3_column_bytes(st, i);
				strbuf_adds(&row, "x'");
				for (int k = 0; k < len; k++)
					strbuf_addf(&row, "%02x", b[k]);
				strbuf_addch(&row, '\'');
				break;
			default:
				strbuf_adds(&row, (const char *)sqlite3_column_text(st, i));
			}
		}
		OM_GROW(rows, n + 1, cap);
		rows[n++] = strbuf_detach(&row);
	}
	sqlite3_finalize(st);
	if (n)
		qsort(rows, n, sizeof(*rows), cmp_str);
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(&all, rows[i]);
		strbuf_addch(&all, '\n');
		free(rows[i]);
	}
	free(rows);
	om_md5_hex(all.buf, all.len, hex);
	strbuf_addf(sb, "%s|%zu|%s\n", table, n, hex);
	strbuf_release(&all);
}

char *om_test_contents(const char *path, const char *where)
{
	sqlite3 *db = open_db(path);
	sqlite3_stmt *tables = tables_where(db, where, true);
	struct strbuf sb = STRBUF_INIT;

	while (sqlite3_step(tables) == SQLITE_ROW)
		add_table_digest(db, (const char *)sqlite3_column_text(tables, 0), &sb);
	sqlite3_finalize(tables);
	sqlite3_close(db);
	return strbuf_detach(&sb);
}

void om_test_golden(const char *name, const char *text)
{
	struct strbuf p = STRBUF_INIT;
	char *want;

	strbuf_addf(&p, "%s/tests/golden/%s", OM_TEST_SRCDIR, name);
	if (getenv("OM_TEST_UPDATE_GOLDEN")) {
		om_test_write_file(p.buf, text);
		strbuf_release(&p);
		return;
	}
	want = om_test_read_file(p.buf, NULL);
	ck_assert_msg(want != NULL, "golden file %s is missing (OM_TEST_UPDATE_GOLDEN=1 writes it)", p.buf);
	if (strcmp(want, text)) {
		/* Show where they part: the first differing line. */
		const char *a = want, *b = text;
		int line = 1;

		while (*a && *a == *b) {
			if (*a == '\n')
				line++;
			a++;
			b++;
		}
		ck_abort_msg("%s differs from the golden file at line %d:\n  golden: %.120s\n  actual: %.120s",
			     name, line, a, b);
	}
	free(want);
	strbuf_release(&p);
}

void om_test_copy_file(const char *from, const char *to)
{
	size_t n;
	char *data = om_test_read_file(from, &n);
	FILE *f;

	ck_assert_msg(data != NULL, "cannot read %s", from);
	f = fopen(to, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", to);
	ck_assert(fwrite(data, 1, n, f) == n);
	ck_assert_int_eq(fclose(f), 0);
	free(data);
}

int om_test_same_file(const char *a, const char *b)
{
	size_t na, nb;
	char *da = om_test_read_file(a, &na), *db = om_test_read_file(b, &nb);
	int same = da && db && na == nb && !memcmp(da, db, na);

	free(da);
	free(db);
	return same;
}

/* ---- throwaway MariaDB servers --------------------------------------------------- */

/*
 * In a server's process, before exec: die with the test process that
 * started it, even when that one fails (Check does not run the teardown
 * of a failed test) or is killed, instead of running on, unowned.
 */
static void die_with_parent(void)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
}

static const char *find_program(const char *const *names)
{
	static char found[512];
	const char *dirs[] = { "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin", NULL };

	for (size_t i = 0; names[i]; i++)
		for (size_t d = 0; dirs[d]; d++) {
			snprintf(found, sizeof(found), "%s/%s", dirs[d], names[i]);
			if (access(found, X_OK) == 0)
				return found;
		}
	return NULL;
}

/* Run argv (NULL-terminated) with stdin from the file `in` (or /dev/null), output to `out_path`. */
static int run_program(const char *const *argv, const char *in, const char *out_path)
{
	pid_t pid = fork();
	int status;

	ck_assert(pid >= 0);
	if (pid == 0) {
		int fi = open(in ? in : "/dev/null", O_RDONLY);
		int fo = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fo, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Start mariadbd on m's data directory and wait until it answers. */
static void mariadb_launch(struct om_test_mariadb *m)
{
	static const char *const server_names[] = { "mariadbd", "mysqld", NULL };
	static const char *const admin_names[] = { "mariadb-admin", "mysqladmin", NULL };
	char server[512], admin[512], data[600], log[600], pidf[600], user[64], cs[100], coll[100];
	const char *p;
	int ok = 0;
	pid_t pid;

	p = find_program(server_names);
	ck_assert_msg(p != NULL, "cannot start a MariaDB test server: mariadbd not found (install the Debian package mariadb-server)");
	snprintf(server, sizeof(server), "%s", p);
	p = find_program(admin_names);
	ck_assert_msg(p != NULL, "cannot start a MariaDB test server: mariadb-admin not found (install mariadb-client)");
	snprintf(admin, sizeof(admin), "%s", p);
	snprintf(data, sizeof(data), "%s/data", m->dir);
	snprintf(log, sizeof(log), "%s/server.log", m->dir);
	snprintf(pidf, sizeof(pidf), "%s/server.pid", m->dir);
	snprintf(user, sizeof(user), "--user=%s", getuid() == 0 ? "root" : (getenv("USER") ? getenv("USER") : "nobody"));
	snprintf(cs, sizeof(cs), "--character-set-server=%s", m->charset);
	snprintf(coll, sizeof(coll), "--collation-server=%s",
		 !strcmp(m->charset, "latin1") ? "latin1_swedish_ci" : "utf8mb4_general_ci");
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		char dd[700], so[700], lo[700], pi[700], td[700];
		/* Its own tmpdir: a server starting removes the #sql* files of the tmpdir, another server's included. */
		const char *argv[] = { server, "--no-defaults", dd, so, lo, pi, td, user, "--skip-networking",
				       "--skip-name-resolve",
				       cs, coll, "--sql-mode=STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
				       "--explicit-defaults-for-timestamp=OFF", "--skip-log-bin",
				       "--innodb-buffer-pool-size=32M", "--max-connections=50", NULL, NULL, NULL, NULL,
				       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
		int devnull = open("/dev/null", O_RDWR);
		size_t n = 0;

		while (argv[n])
			n++;
		for (size_t i = 0; m->extra && m->extra[i] && n + 1 < sizeof(argv) / sizeof(argv[0]); i++)
			argv[n++] = m->extra[i];

		snprintf(dd, sizeof(dd), "--datadir=%s", data);
		snprintf(so, sizeof(so), "--socket=%s", m->socket);
		snprintf(lo, sizeof(lo), "--log-error=%s", log);
		snprintf(pi, sizeof(pi), "--pid-file=%s", pidf);
		snprintf(td, sizeof(td), "--tmpdir=%s", m->dir);
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		setsid();
		die_with_parent();
		execv(server, (char *const *)argv);
		_exit(127);
	}
	m->pid = pid;
	for (int i = 0; i < 300 && !ok; i++) {
		char so[700];
		const char *argv[] = { admin, "--no-defaults", so, "-uroot", "ping", NULL };
		int status;

		snprintf(so, sizeof(so), "--socket=%s", m->socket);
		if (waitpid(m->pid, &status, WNOHANG) == m->pid) {
			char *text = om_test_read_file(log, NULL);

			m->pid = 0;
			ck_abort_msg("cannot start a MariaDB test server: mariadbd exited:\n%.2000s", text ? text : "");
		}
		if (access(m->socket, F_OK) == 0 && run_program(argv, NULL, NULL) == 0)
			ok = 1;
		else
			usleep(100000);
	}
	ck_assert_msg(ok, "cannot start a MariaDB test server: no answer on %s after 30 s", m->socket);
}

void om_test_mariadb_start(struct om_test_mariadb *m, const char *charset)
{
	om_test_mariadb_start_with(m, charset, NULL);
}

int om_test_free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	ck_assert(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	ck_assert(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

void om_test_mariadb_start_with(struct om_test_mariadb *m, const char *charset, const char *const *extra)
{
	static const char *const install_names[] = { "mariadb-install-db", "mysql_install_db", NULL };
	char install[512], data[600], user[64], out[600], basedir_opt[64];
	const char *p;

	memset(m, 0, sizeof(*m));
	m->extra = extra;
	p = find_program(install_names);
	ck_assert_msg(p != NULL, "cannot start a MariaDB test server: mariadb-install-db not found (install mariadb-server)");
	snprintf(install, sizeof(install), "%s", p);
	snprintf(m->charset, sizeof(m->charset), "%s", charset ? charset : "utf8mb4");
	m->dir = om_test_mkdtemp();
	chmod(m->dir, 0755);
	snprintf(data, sizeof(data), "%s/data", m->dir);
	snprintf(out, sizeof(out), "%s/install.log", m->dir);
	{
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s/sock", m->dir);
		m->socket = strbuf_detach(&sb);
	}
	/* As root the server must be told to stay root: it is our own throwaway one. */
	snprintf(user, sizeof(user), "--user=%s", getuid() == 0 ? "root" : (getenv("USER") ? getenv("USER") : "nobody"));
	snprintf(basedir_opt, sizeof(basedir_opt), "--basedir=/usr");
	{
		char dd[700];
		/* --force, --skip-name-resolve: a fresh machine may not resolve its own host name. */
		const char *argv[] = { install, "--no-defaults", dd, user, basedir_opt, "--force", "--skip-name-resolve",
				       "--auth-root-authentication-method=normal", "--skip-test-db", NULL };

		snprintf(dd, sizeof(dd), "--datadir=%s", data);
		if (run_program(argv, NULL, out) != 0) {
			char *text = om_test_read_file(out, NULL);

			ck_abort_msg("cannot start a MariaDB test server: mariadb-install-db failed:\n%.2000s", text ? text : "");
		}
	}
	mariadb_launch(m);
}

void om_test_mariadb_crash_restart(struct om_test_mariadb *m)
{
	int status;

	if (m->pid > 0) {
		kill(m->pid, SIGKILL);
		waitpid(m->pid, &status, 0);
	}
	unlink(m->socket);
	mariadb_launch(m);
}

void om_test_mariadb_stop(struct om_test_mariadb *m)
{
	int status;

	if (m->pid > 0) {
		kill(m->pid, SIGTERM);
		for (int i = 0; i < 300; i++) {
			if (waitpid(m->pid, &status, WNOHANG) == m->pid)
				break;
			usleep(100000);
		}
		kill(m->pid, SIGKILL);
		waitpid(m->pid, &status, WNOHANG);
	}
	om_test_rmtree(m->dir);
	free(m->dir);
	free(m->socket);
	memset(m, 0, sizeof(*m));
}

static char *mariadb_client(const struct om_test_mariadb *m, const char *db, const char *infile)
{
	static const char *const client_names[] = { "mariadb", "mysql", NULL };
	const char *p = find_program(client_names);
	char client[512], so[700], out[700];
	const char *argv[12];
	size_t n = 0;
	int rc;
	char *text;

	ck_assert_msg(p != NULL, "the mariadb client is missing (install mariadb-client)");
	snprintf(client, sizeof(client), "%s", p);
	snprintf(so, sizeof(so), "--socket=%s", m->socket);
	snprintf(out, sizeof(out), "%s/client-%d.out", m->dir, (int)getpid());
	argv[n++] = client;
	argv[n++] = "--no-defaults";
	argv[n++] = so;
	argv[n++] = "-uroot";
	argv[n++] = "--batch";
	argv[n++] = "--skip-column-names";
	argv[n++] = "--raw";
	argv[n++] = "--default-character-set=utf8mb4";
	if (db)
		argv[n++] = db;
	argv[n] = NULL;
	rc = run_program(argv, infile, out);
	text = om_test_read_file(out, NULL);
	ck_assert_msg(rc == 0, "mariadb client failed (%d):\n%.3000s", rc, text ? text : "");
	return text;
}

char *om_test_mariadb_sql(const struct om_test_mariadb *m, const char *db, const char *mode,
			  const char *sql)
{
	char in[700];
	struct strbuf sb = STRBUF_INIT;
	char *res;

	snprintf(in, sizeof(in), "%s/client-%d.in", m->dir, (int)getpid());
	if (mode)
		strbuf_addf(&sb, "SET SESSION sql_mode = '%s';\n", mode);
	strbuf_adds(&sb, sql);
	strbuf_adds(&sb, ";\n");
	om_test_write_file(in, sb.buf);
	strbuf_release(&sb);
	res = mariadb_client(m, db, in);
	return res;
}

void om_test_mariadb_fixture(const struct om_test_mariadb *m, const char *db, const char *mode,
			     const char *name)
{
	struct strbuf path = STRBUF_INIT;
	char *sql;

	strbuf_addf(&path, "%s/tests/fixtures/%s", OM_TEST_SRCDIR, name);
	sql = om_test_read_file(path.buf, NULL);
	ck_assert_msg(sql != NULL, "cannot read fixture %s", path.buf);
	free(om_test_mariadb_sql(m, db, mode, sql));
	free(sql);
	strbuf_release(&path);
}

char *om_test_mariadb_vqueryf(const struct om_test_mariadb *m, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;

	strbuf_vaddf(&sb, fmt, ap);
	out = om_test_mariadb_sql(m, NULL, NULL, sb.buf);
	for (char *p = out; *p; p++)
		if (*p == '\t')
			*p = '|';
	strbuf_release(&sb);
	return out;
}

char *om_test_mariadb_queryf(const struct om_test_mariadb *m, const char *fmt, ...)
{
	va_list ap;
	char *out;

	va_start(ap, fmt);
	out = om_test_mariadb_vqueryf(m, fmt, ap);
	va_end(ap);
	return out;
}

char *om_test_mariadb_catalog(const struct om_test_mariadb *m, const char *db, const char *where)
{
	const char *w = where ? where : "1";

	return om_test_mariadb_queryf(m,
		"SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES "
		"WHERE TABLE_SCHEMA = '%s' AND %s ORDER BY TABLE_NAME;"
		"SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, IFNULL(COLUMN_DEFAULT, '(none)'), EXTRA, "
		"IFNULL(COLLATION_NAME, '') FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '%s' "
		"AND %s ORDER BY TABLE_NAME, ORDINAL_POSITION;"
		"SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) "
		"FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '%s' AND %s "
		"GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE ORDER BY TABLE_NAME, INDEX_NAME",
		db, w, db, w, db, w);
}

char *om_test_mariadb_checksums(const struct om_test_mariadb *m, const char *db, const char *where)
{
	char *tables = om_test_mariadb_queryf(m, "SELECT GROUP_CONCAT(CONCAT('`%s`.`', TABLE_NAME, '`') ORDER BY TABLE_NAME) "
					      "FROM information_schema.TABLES WHERE TABLE_SCHEMA = '%s' AND %s",
					      db, db, where ? where : "1");
	struct strbuf sb = STRBUF_INIT;
	char *res, *p;

	tables[strcspn(tables, "\n")] = '\0';
	if (!strcmp(tables, "NULL")) {
		free(tables);
		return strbuf_detach(&sb);
	}
	res = om_test_mariadb_queryf(m, "CHECKSUM TABLE %s EXTENDED", tables);
	/* Compare the checksums, not the database names: drop "db." from each line. */
	for (p = res; *p;) {
		char *dot = strchr(p, '.'), *nl = strchr(p, '\n');

		if (!nl)
			nl = p + strlen(p);
		if (dot && dot < nl)
			p = dot + 1;
		strbuf_add(&sb, p, (size_t)(nl - p));
		strbuf_addch(&sb, '\n');
		p = *nl ? nl + 1 : nl;
	}
	free(res);
	free(tables);
	return strbuf_detach(&sb);
}

void om_test_mariadb_openser_db(const struct om_test_mariadb *m, const char *name, bool serweb, bool modules)
{
	free(om_test_mariadb_queryf(m, "CREATE DATABASE `%s` CHARACTER SET latin1 COLLATE latin1_swedish_ci", name));
	om_test_mariadb_fixture(m, name, "", "mysql-1.1-core.sql");
	if (serweb)
		om_test_mariadb_fixture(m, name, "", "mysql-1.1-serweb.sql");
	if (modules)
		om_test_mariadb_fixture(m, name, "", "mysql-1.1-modules.sql");
	om_test_mariadb_fixture(m, name, "ANSI_QUOTES,NO_BACKSLASH_ESCAPES", "rows-1.1-core.sql");
	if (serweb)
		om_test_mariadb_fixture(m, name, "ANSI_QUOTES,NO_BACKSLASH_ESCAPES", "rows-1.1-serweb.sql");
	if (modules)
		om_test_mariadb_fixture(m, name, "ANSI_QUOTES,NO_BACKSLASH_ESCAPES", "rows-1.1-modules.sql");
}

/* Poll the count query q (its output "0\n" when idle) for up to 60 s. */
static bool wait_for_zero(char *(*query)(const void *server, const char *q), const void *server, const char *q)
{
	for (int i = 0; i < 600; i++) {
		char *n = query(server, q);
		bool idle = !strcmp(n, "0\n");

		free(n);
		if (idle)
			return true;
		usleep(100000);
	}
	return false;
}

static char *mariadb_count(const void *server, const char *q)
{
	return om_test_mariadb_sql(server, NULL, NULL, q);
}

void om_test_mariadb_wait_idle(const struct om_test_mariadb *m, const char *db)
{
	struct strbuf q = STRBUF_INIT;

	/* db NULL: every client session of the server (a killed run's session may be on no database yet). */
	strbuf_adds(&q, "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND ");
	if (db)
		strbuf_addf(&q, "DB = '%s'", db);
	else
		strbuf_adds(&q, "COMMAND NOT IN ('Daemon', 'Binlog Dump', 'Slave_IO', 'Slave_SQL') "
			    "AND USER NOT IN ('system user', 'event_scheduler')");
	ck_assert_msg(wait_for_zero(mariadb_count, m, q.buf), "sessions on %s did not end within 60 s",
		      db ? db : "the server");
	strbuf_release(&q);
}

/* ---- throwaway PostgreSQL servers ------------------------------------------------ */

#include <glob.h>
#include <grp.h>
#include <pwd.h>

/* A PostgreSQL program: pg_config's bindir, Debian's versioned folders, then PATH. */
static const char *pg_program(const char *name)
{
	static char found[600];
	glob_t g;

	snprintf(found, sizeof(found), "/usr/lib/postgresql/*/bin/%s", name);
	if (glob(found, 0, NULL, &g) == 0 && g.gl_pathc) {
		/* The newest version: glob sorts, so the last one. */
		snprintf(found, sizeof(found), "%s", g.gl_pathv[g.gl_pathc - 1]);
		globfree(&g);
		return found;
	}
	globfree(&g);
	{
		const char *names[] = { name, NULL };

		return find_program(names);
	}
}

/* Run argv as `user` (when we are root) with output to out_path; returns the exit code. */
static int run_as(const struct passwd *pw, const char *const *argv, const char *out_path, bool wait_for_it,
		  pid_t *child)
{
	pid_t pid = fork();
	int status;

	ck_assert(pid >= 0);
	if (pid == 0) {
		int fi = open("/dev/null", O_RDONLY);
		int fo = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0644);

		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fo, 2);
		if (pw && getuid() == 0) {
			if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)
				_exit(126);
		}
		if (!wait_for_it) {
			setsid();
			/* After setuid, which clears it. */
			die_with_parent();
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (child)
		*child = pid;
	if (!wait_for_it)
		return 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The end of a server's log, for a message. */
static const char *log_tail(const char *text)
{
	size_t n = text ? strlen(text) : 0;

	return !text ? "" : n > 2000 ? text + n - 2000 : text;
}

/*
 * Start postgres on p's data directory and socket and wait until it
 * answers.  When it exits at once: abort the test, or (retry) return
 * false.
 */
static bool pg_launch(struct om_test_pg *p, bool retry)
{
	const struct passwd *pw = getuid() == 0 ? getpwnam("nobody") : NULL;
	char postgres[600], data[700], log[700];
	const char *prog = pg_program("postgres");
	bool ok = false;

	ck_assert_msg(prog != NULL, "cannot start a PostgreSQL test server: postgres not found (install postgresql)");
	snprintf(postgres, sizeof(postgres), "%s", prog);
	snprintf(data, sizeof(data), "%s/data", p->dir);
	snprintf(log, sizeof(log), "%s/server.log", p->dir);
	{
		char sockopt[800], port[32];
		const char *argv[] = { postgres, "-D", data, "-k", sockopt, "-p", port, "-c", "listen_addresses=",
				       "-c", "fsync=off", "-c", "max_connections=40", NULL };
		pid_t pid;

		snprintf(sockopt, sizeof(sockopt), "%s", p->dir);
		snprintf(port, sizeof(port), "%d", p->port);
		run_as(pw, argv, log, false, &pid);
		p->pid = pid;
	}
	for (int i = 0; i < 300 && !ok; i++) {
		char sock[800];
		int status;

		snprintf(sock, sizeof(sock), "%s/.s.PGSQL.%d", p->dir, p->port);
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			char *text = om_test_read_file(log, NULL);

			p->pid = 0;
			if (retry) {
				free(text);
				return false;
			}
			ck_abort_msg("cannot start a PostgreSQL test server: postgres exited:\n%s", log_tail(text));
		}
		if (access(sock, F_OK) == 0) {
			const char *psql = pg_program("psql");
			char host[800], port[32], outp[800];
			const char *argv[] = { psql, "-h", host, "-p", port, "-U", "postgres", "-d", "postgres",
					       "-Atc", "SELECT 1", NULL };

			snprintf(host, sizeof(host), "%s", p->dir);
			snprintf(port, sizeof(port), "%d", p->port);
			snprintf(outp, sizeof(outp), "%s/ping.out", p->dir);
			if (psql && run_program(argv, NULL, outp) == 0)
				ok = true;
		}
		if (!ok)
			usleep(100000);
	}
	ck_assert_msg(ok, "cannot start a PostgreSQL test server: no answer in %s after 30 s", p->dir);
	return true;
}

void om_test_pg_start(struct om_test_pg *p)
{
	const struct passwd *pw = getuid() == 0 ? getpwnam("nobody") : NULL;
	char initdb[600], data[700], log[700];
	static int port_counter;
	const char *prog;

	memset(p, 0, sizeof(*p));
	prog = pg_program("initdb");
	ck_assert_msg(prog != NULL, "cannot start a PostgreSQL test server: initdb not found (install the Debian package postgresql)");
	snprintf(initdb, sizeof(initdb), "%s", prog);
	ck_assert_msg(getuid() != 0 || pw, "cannot start a PostgreSQL test server as root: there is no user \"nobody\" to run it as");
	p->dir = om_test_mkdtemp();
	chmod(p->dir, 0755);
	if (pw)
		ck_assert(chown(p->dir, pw->pw_uid, pw->pw_gid) == 0);
	p->sockdir = om_xstrdup(p->dir);
	/* Unix sockets only; the port number names the socket file. */
	p->port = 54300 + (int)(getpid() % 500) + (port_counter++ % 50);
	snprintf(data, sizeof(data), "%s/data", p->dir);
	snprintf(log, sizeof(log), "%s/server.log", p->dir);
	{
		char dd[720];
		const char *argv[] = { initdb, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
				       "--locale=C", "--no-sync", NULL };

		(void)dd;
		if (run_as(pw, argv, log, true, NULL) != 0) {
			char *text = om_test_read_file(log, NULL);

			ck_abort_msg("cannot start a PostgreSQL test server: initdb failed:\n%.2000s", text ? text : "");
		}
	}
	{
		/* The role "migr" must give a password (tests of password sources); all else is trusted. */
		char hba[800];

		snprintf(hba, sizeof(hba), "%s/pg_hba.conf", data);
		om_test_write_file(hba, "local all migr scram-sha-256\nlocal all all trust\nlocal replication all trust\n");
		if (pw)
			ck_assert(chown(hba, pw->pw_uid, pw->pw_gid) == 0);
	}
	pg_launch(p, false);
}

void om_test_pg_start_standby(struct om_test_pg *standby, const struct om_test_pg *primary)
{
	const struct passwd *pw = getuid() == 0 ? getpwnam("nobody") : NULL;
	const char *prog = pg_program("pg_basebackup");
	char basebackup[600], data[700], log[700], port[32];
	static int standby_counter;

	memset(standby, 0, sizeof(*standby));
	ck_assert_msg(prog != NULL, "cannot start a PostgreSQL standby: pg_basebackup not found (install postgresql)");
	snprintf(basebackup, sizeof(basebackup), "%s", prog);
	standby->dir = om_test_mkdtemp();
	chmod(standby->dir, 0755);
	if (pw)
		ck_assert(chown(standby->dir, pw->pw_uid, pw->pw_gid) == 0);
	standby->sockdir = om_xstrdup(standby->dir);
	standby->port = primary->port + 500 + (standby_counter++ % 50);
	snprintf(data, sizeof(data), "%s/data", standby->dir);
	snprintf(log, sizeof(log), "%s/server.log", standby->dir);
	snprintf(port, sizeof(port), "%d", primary->port);
	{
		const char *argv[] = { basebackup, "-h", primary->sockdir, "-p", port, "-U", "postgres", "-D", data,
				       "-R", "-X", "stream", "--no-sync", "-c", "fast", NULL };

		if (run_as(pw, argv, log, true, NULL) != 0) {
			char *text = om_test_read_file(log, NULL);

			ck_abort_msg("cannot start a PostgreSQL standby: pg_basebackup failed:\n%.2000s", text ? text : "");
		}
	}
	pg_launch(standby, false);
}

void om_test_pg_stop(struct om_test_pg *p)
{
	int status;

	if (p->pid > 0) {
		/* SIGQUIT: immediate shutdown; it is a throwaway server. */
		kill(p->pid, SIGQUIT);
		for (int i = 0; i < 300; i++) {
			if (waitpid(p->pid, &status, WNOHANG) == p->pid)
				break;
			usleep(100000);
		}
		kill(p->pid, SIGKILL);
		waitpid(p->pid, &status, WNOHANG);
	}
	om_test_rmtree(p->dir);
	free(p->dir);
	free(p->sockdir);
	memset(p, 0, sizeof(*p));
}

static char *psql_file(const struct om_test_pg *p, const char *db, const char *infile)
{
	const char *psql = pg_program("psql");
	char host[800], port[32], out[800], in[800];
	const char *argv[16];
	size_t n = 0;
	int rc;
	char *text;

	ck_assert_msg(psql != NULL, "psql is missing (install postgresql-client)");
	snprintf(host, sizeof(host), "%s", p->dir);
	snprintf(port, sizeof(port), "%d", p->port);
	snprintf(out, sizeof(out), "%s/psql.out", p->dir);
	snprintf(in, sizeof(in), "%s", infile);
	argv[n++] = psql;
	argv[n++] = "-X";
	argv[n++] = "-q";
	argv[n++] = "-A";
	argv[n++] = "-t";
	argv[n++] = "-v";
	argv[n++] = "ON_ERROR_STOP=1";
	argv[n++] = "-h";
	argv[n++] = host;
	argv[n++] = "-p";
	argv[n++] = port;
	argv[n++] = "-U";
	argv[n++] = "postgres";
	argv[n++] = "-d";
	argv[n++] = db ? db : "postgres";
	argv[n] = NULL;
	rc = run_program(argv, in, out);
	text = om_test_read_file(out, NULL);
	ck_assert_msg(rc == 0, "psql failed (%d):\n%.3000s", rc, text ? text : "");
	return text;
}

char *om_test_pg_sql(const struct om_test_pg *p, const char *db, const char *sql)
{
	char in[800];
	struct strbuf sb = STRBUF_INIT;
	char *res;

	snprintf(in, sizeof(in), "%s/psql-%d.in", p->dir, (int)getpid());
	strbuf_adds(&sb, sql);
	strbuf_adds(&sb, ";\n");
	om_test_write_file(in, sb.buf);
	strbuf_release(&sb);
	res = psql_file(p, db, in);
	unlink(in);
	return res;
}

void om_test_pg_fixture(const struct om_test_pg *p, const char *db, const char *name)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/tests/fixtures/%s", OM_TEST_SRCDIR, name);
	free(psql_file(p, db, path.buf));
	strbuf_release(&path);
}

char *om_test_pg_vqueryf(const struct om_test_pg *p, const char *db, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;

	strbuf_vaddf(&sb, fmt, ap);
	out = om_test_pg_sql(p, db, sb.buf);
	strbuf_release(&sb);
	return out;
}

char *om_test_pg_queryf(const struct om_test_pg *p, const char *db, const char *fmt, ...)
{
	va_list ap;
	char *out;

	va_start(ap, fmt);
	out = om_test_pg_vqueryf(p, db, fmt, ap);
	va_end(ap);
	return out;
}

void om_test_pg_openser_db(const struct om_test_pg *p, const char *name, bool serweb, bool modules)
{
	free(om_test_pg_queryf(p, NULL, "CREATE DATABASE \"%s\"", name));
	om_test_pg_fixture(p, name, "pgsql-1.1-core.sql");
	if (serweb)
		om_test_pg_fixture(p, name, "pgsql-1.1-serweb.sql");
	if (modules)
		om_test_pg_fixture(p, name, "pgsql-1.1-modules.sql");
	om_test_pg_fixture(p, name, "rows-1.1-core-pgsql.sql");
	if (serweb)
		om_test_pg_fixture(p, name, "rows-1.1-serweb-pgsql.sql");
	if (modules)
		om_test_pg_fixture(p, name, "rows-1.1-modules-pgsql.sql");
	free(om_test_pg_sql(p, name, "GRANT ALL ON ALL TABLES IN SCHEMA public TO openser;"
			    "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO openser;"
			    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO openserro"));
}

void om_test_pg_crash_restart(struct om_test_pg *p)
{
	int status;

	if (p->pid > 0) {
		/* The postmaster leads its own process group (setsid): the backends die with it. */
		kill(-p->pid, SIGKILL);
		kill(p->pid, SIGKILL);
		waitpid(p->pid, &status, 0);
	}
	/* Until the last backend has died it holds the shared memory, and postgres refuses to start. */
	for (int i = 0; i < 50 && !pg_launch(p, true); i++)
		usleep(100000);
	if (!p->pid)
		pg_launch(p, false);
}

char *om_test_pg_catalog(const struct om_test_pg *p, const char *db, const char *schema)
{
	return om_test_pg_queryf(p, db,
		"SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
		"coalesce(pg_get_expr(d.adbin, d.adrelid), '(none)') FROM pg_class c "
		"JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = '%s' "
		"JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
		"LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
		"WHERE c.relkind = 'r' AND c.relname NOT LIKE 'openser_migrate_%%' ORDER BY c.relname, a.attnum;"
		"SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
		"JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
		"AND n.nspname = '%s' WHERE c.relname NOT LIKE 'openser_migrate_%%' ORDER BY 1, 2;"
		"SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
		"JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = '%s' "
		"WHERE c.relname NOT LIKE 'openser_migrate_%%' ORDER BY 1;"
		"SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = '%s' "
		"AND sequence_name NOT LIKE 'openser_migrate_%%' ORDER BY 1",
		schema, schema, schema, schema);
}

char *om_test_pg_state(const struct om_test_pg *p, const char *db, const char *schema)
{
	char *tables = om_test_pg_queryf(p, db, "SELECT string_agg(format('SELECT %%L, md5(coalesce(string_agg(t::text, %%L "
					 "ORDER BY t::text), %%L)) FROM %%I.%%I t', tablename, '|', '', schemaname, tablename), "
					 "' UNION ALL ' ORDER BY tablename) FROM pg_tables "
					 "WHERE schemaname = '%s' AND tablename NOT LIKE 'openser_migrate_%%'", schema);
	char *res;

	tables[strcspn(tables, "\n")] = '\0';
	/* A schema without tables (or none at all): nothing to list. */
	res = *tables ? om_test_pg_queryf(p, db, "%s ORDER BY 1", tables) : om_xstrdup("");
	free(tables);
	return res;
}

static char *pg_count(const void *server, const char *q)
{
	return om_test_pg_sql(server, NULL, q);
}

void om_test_pg_wait_idle(const struct om_test_pg *p, const char *db)
{
	struct strbuf q = STRBUF_INIT;

	strbuf_adds(&q, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'openser-migrate'");
	if (db)
		strbuf_addf(&q, " AND datname = '%s'", db);
	ck_assert_msg(wait_for_zero(pg_count, p, q.buf), "sessions of openser-migrate on %s did not end within 60 s",
		      db ? db : "the server");
	strbuf_release(&q);
}

/* ---- the C reference of the mapping functions ------------------------------ */

#include "sipfn.h"

bool om_ref_uri_user(const char *s, size_t n, bool null, struct strbuf *out)
{
	size_t off, len;

	if (!null) {
		om_sip_uri_user(s, n, &off, &len);
		strbuf_add(out, s + off, len);
	}
	return true;
}

bool om_ref_uri_host(const char *s, size_t n, bool null, struct strbuf *out)
{
	size_t off, len;

	if (!null) {
		om_sip_uri_host(s, n, &off, &len);
		strbuf_add(out, s + off, len);
	}
	return true;
}

bool om_ref_status_code(const char *s, size_t n, bool null, struct strbuf *out)
{
	size_t off, len;

	if (!null && om_sip_status_split(s, n, &off, &len))
		strbuf_add(out, s, 3);
	return true;
}

bool om_ref_status_reason(const char *s, size_t n, bool null, struct strbuf *out)
{
	size_t off, len;

	if (!null) {
		om_sip_status_split(s, n, &off, &len);
		strbuf_add(out, s + off, len);
	}
	return true;
}

bool om_ref_ip_text(const char *s, size_t n, bool null, struct strbuf *out)
{
	char quad[16];

	om_ip_from_le_text(null ? NULL : s, null ? 0 : n, quad);
	strbuf_adds(out, quad);
	return true;
}

bool om_ref_ip_text_invalid(const char *s, size_t n, bool null, struct strbuf *out)
{
	char quad[16];

	strbuf_adds(out, om_ip_from_le_text(null ? NULL : s, null ? 0 : n, quad) ? "1" : "0");
	return true;
}

bool om_ref_ip_to_le_int(const char *s, size_t n, bool null, struct strbuf *out)
{
	long long v;

	if (null || om_ip_to_le_int(s, n, &v))
		return false;
	strbuf_addf(out, "%lld", v);
	return true;
}

bool om_ref_ip_to_le_int_invalid(const char *s, size_t n, bool null, struct strbuf *out)
{
	long long v;

	strbuf_adds(out, null || om_ip_to_le_int(s, n, &v) ? "1" : "0");
	return true;
}

bool om_ref_ip_round_trip(const char *s, size_t n, bool null, struct strbuf *out)
{
	long long v;

	if (null || om_ip_to_le_int(s, n, &v))
		strbuf_adds(out, "0.0.0.0");
	else
		strbuf_add(out, s, n);
	return true;
}

/*
 * tests/test_sipfn.c's cases and more: octets at 0, 9, 10, 99, 100, 199,
 * 200, 249, 250, 255 and just beyond; digits of other scripts and
 * look-alikes of the '.' (which a collation may take for ASCII); blanks
 * and control characters where a trim or a PAD SPACE comparison would
 * drop them; the bytes of a latin1 column where ASCII reads a digit.
 */
#define V(lit) OM_TEST_V(lit)
const struct om_test_value om_test_quad_values[] = {
	/* valid */
	V("1.2.3.4"), V("127.0.0.1"), V("192.168.1.10"), V("0.0.0.1"), V("1.0.0.0"), V("255.255.255.255"),
	V("0.0.0.255"), V("255.0.0.0"), V("0.1.0.0"), V("0.0.1.0"), V("10.0.0.0"), V("9.99.199.249"),
	V("250.251.252.253"), V("100.200.0.9"), V("192.0.2.50"), V("10.20.30.40"), V("0.0.0.10"),
	/* the integer 0; octets beyond 255 */
	V("0.0.0.0"), V("256.0.0.1"), V("1.256.0.0"), V("0.0.256.1"), V("1.2.3.256"), V("999.1.1.1"),
	V("1.2.3.260"), V("300.1.1.1"), V("1.2.3.299"), V("1.2.3.355"), V("255.255.255.256"),
	/* not four octets */
	V("1.2.3"), V("1.2.3.4.5"), V("127.1"), V("1"), V("1.2.3."), V(".1.2.3"), V(".1.2.3.4"), V("1.2.3.4."),
	V("1..2.3"), V("1.2..3.4"), V("..."), V("...."), V("."), V("1.2.3.4.0"),
	/* more than 3 digits, leading zeros */
	V("1.2.3.0004"), V("0001.2.3.4"), V("010.0.0.1"), V("1.02.3.4"), V("1.2.3.00"), V("00.0.0.1"),
	V("1.2.3.04"), V("1.2.3.1234"), V("1.2.3.099"),
	/* blanks, signs, other characters */
	V(" 1.2.3.4"), V("1.2.3.4 "), V("1.2.3.4  "), V("1. 2.3.4"), V("1.2.3.4\n"), V("\t1.2.3.4"), V("1.2.3.4\t"),
	V("1.2.3.4\r"), V("\n1.2.3.4"), V("1.2.3\n.4"), V("+1.2.3.4"), V("1.-2.3.4"), V("-1.2.3.4"), V("1.2.3.4a"),
	V("1.2.3.4A"), V("a.b.c.d"), V("0x1.2.3.4"), V("1,2,3,4"), V("1:2:3:4"), V("1.2.3.4/32"),
	V("1.2.3.4:5060"), V("::ffff:1.2.3.4"), V("1e2.1.1.1"), V("1.2.3.4\0"), V("1.2\0.3.4"), V("\0" "1.2.3.4"),
	V("1.2.3.4\\"), V("1.2.3.4'"), V("1.2.3.4\""), V("1.2.3.4%"), V("1.2.3._"), V("1.2.3.*"),
	/* other scripts' digits, fullwidth digits and dots, look-alikes */
	V("1.2.3.\xd9\xa4"), V("\xef\xbc\x91.2.3.4"), V("1\xe3\x80\x82" "2.3.4"), V("1\xef\xbc\x8e" "2.3.4"),
	V("\xef\xbc\x91\xef\xbc\x8e\xef\xbc\x92\xef\xbc\x8e\xef\xbc\x93\xef\xbc\x8e\xef\xbc\x94"),
	V("1.2.3.\xf0\x9d\x9f\x92"), V("1.2.3.\xe0\xa5\xaa"), V("1.2.3.4\xc2\xa0"), V("\xc2\xa0" "1.2.3.4"),
	V("1.2.3.\xc2\xb9"), V("1.2.3.\xc2\xb2\xc2\xb3"), V("1.2.\xc3\x96.4"), V("1.2.3.4\xc3\xbc"),
	V("1\xc2\xb7" "2.3.4"), V("1.2.3.\xe2\x81\xb4"),
	/* empty, blanks only */
	V(""), V(" "), V("   "),
};
#undef V
const size_t om_test_nquad_values = sizeof(om_test_quad_values) / sizeof(om_test_quad_values[0]);

/*
 * tests/test_sipfn.c's cases and more: letter cases the collations fold
 * (ſ, İ, fullwidth letters and brackets), non-ASCII around the
 * delimiters, NULs, newlines, parameters in odd places.
 */
#define V(lit) OM_TEST_V(lit)
const struct om_test_value om_test_uri_values[] = {
	V("tel:+4930123;phone-context=x"), V("tel:+4930123"), V("tels:+4930123;x=y"), V("TeLs:+49"),
	V("tel:+4930123@gw"), V("tel:+49:30?x;y"), V("tel:;x"), V("tels:"), V("telx:+49@gw"), V("tels"),
	V(" tel:+49"), V("sip:+4930123;npdi@gw.example.com;user=phone"),
	V("sips:+49;rn=+4930;npdi@gw;user=phone"), V("sip:+49;npdi@gw;user=ip"),
	V("sip:+49;npdi@gw;USER=phone"), V("SIP:+49;npdi@gw;User=phone"), V("sip:+49;npdi@gw;uSeR=phone"),
	V("sip:+49;npdi@gw;user=PHONE"), V("sip:+49;npdi@gw;user=phonex"), V("sip:+49;npdi@gw;xuser=phone"),
	V("sip:+49;npdi@gw;user =phone"), V("sip:+49;npdi@gw;user"),
	V("sip:+49;npdi@gw;user=phone;transport=udp"), V("sip:+49;npdi@gw;lr;user=phone?subject=x"),
	V("sip:+49;npdi@gw:5060;user=phone"), V("sip:+49;npdi@gw?x=1;user=phone"), V("sip:+49;user=phone@gw"),
	V("sip:+49;npdi@gw;user=phone;user=ip"), V("sip:+49;npdi@gw;user=ip;user=phone"),
	V("sip:+49;npdi@gw;user=phone;user="), V("sip:+49;npdi@gw;user=phone?;user=ip"),
	V("sip:+49;npdi:pw@gw;user=phone"), V("sip:+49:pw;x@gw;user=phone"), V("+49;npdi@gw;user=phone"),
	V("tel:+49@gw;user=phone"), V("sip:;x@;user=phone"), V("sip:;x@?;user=phone"),
	V("sip:a;b@c@d;user=phone"), V("sip:a;b@c;user=phone@d"), V("sip:a;b@c;user=phone\n"),
	V("sip:a;b@c;\nuser=phone"), V("sip:a;b@c;user=phone;"), V("sip:a;b@c;user=phone="),
	V("sip:a;b@c;ÜSER=phone"), V("sip:a;b@c;uſer=phone"), V("sip:a;b@c;user=phoné"),
	V("sip:a;b@c;user=ｐhone"), V("sip:a;b@[c;user=phone]"), V("sips:a;b@c;;user=phone"),
	V("sip:a;b@c;user=phone;x;user=;y"), V("sip:a;b@c;user=phone\0"), V("sip:ü;b@ö;user=phone"),
	V("sip:a;b@c;user=ph\0one"), V("<sip:alice@example.com>"), V("\"Bob\" <sip:bob@example.org>;tag=1"),
	V("Bob <sips:bob:pw@example.org:5061;lr>"), V("<sip:bob@example.org>junk@other.example;x"),
	V("a@b <sip:example.org>"), V("a>b<sip:c@d"), V("<sip:+49;npdi@gw>;user=phone"), V("Bob <sip:bob@example.org;lr"),
	V("<sip:bob@"), V("\"a<b\" <sip:x@y>"), V("a<b <sip:x@y>"), V("<sip:a@b<c>"), V("<<sip:a@b>"),
	V("<SIPS:Carol@Host>"), V("\"Num\" <tel:+4930123;phone-context=x>"),
	V("<sip:+49;npdi@gw;user=phone>;tag=x"), V("< sip:a@b>"), V("<alice@example.com>"),
	V("<sip:a@[2001:db8::1]:5060>"), V("\"x\" <sip:[::1]>;tag=2"), V("<sip:a@[::1>x]"), V("sip:a>b@c"),
	V("sip:alice@host>;x"), V("sip:+49;x@gw>;user=phone"), V(">sip:a@b"), V("<sip:@>"), V("<>"), V("<"),
	V(">"), V("\"Bob\" <>"), V("<tel:;x>"), V("sip:@;x"), V("sip:@:5060"), V("sip:@?x"), V("<x>"),
	V("mailto:"), V("<sip:müller@höst>"), V("„Jörg“ <sip:jörg@bücher.de>"), V("<ſip:a@b>"), V("<SİP:a@b>"),
	V("<sip:a\tb@c>"), V("<sip:a\0b@c>"), V("sip:+49\0;x@gw;user=phone"), V("<TEL:+49>"), V("<tel:>"),
	V("＜sip:a@b＞"), V("Åsa <sip:åsa@höst>"), V("<sip:Ö@Å>"), V("<sip:a@b>Ö<c>"), V("Ö<tel:+49;x>"),
};
#undef V
const size_t om_test_nuri_values = sizeof(om_test_uri_values) / sizeof(om_test_uri_values[0]);

void om_test_check_uri_report(const char *report)
{
	static const char *const lines[] = {
		"\n  acc.src_user: 1 value of from_uri could not be parsed as a SIP URI (user and host are ''); "
		"e.g. \"<sip:@>\"\n",
		"\n  acc.dst_domain: 1 value of nonempty(i_uri, to_uri) could not be parsed as a SIP URI (user and host "
		"are ''); e.g. \"sip:\"\n",
		"\n    src_user: 1 invalid input\n",
		"\n    dst_domain: 1 invalid input\n",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ck_assert_msg(strstr(report, lines[i]) != NULL, "no line \"%s\" in:\n%s", lines[i], report);
}

bool om_ref_uri_unparsable(const char *s, size_t n, bool null, struct strbuf *out)
{
	strbuf_adds(out, !null && om_sip_uri_unparsable(s, n) ? "1" : "0");
	return true;
}

bool om_ref_md5(const char *s, size_t n, bool null, struct strbuf *out)
{
	char hex[33];

	if (null)
		return false;
	om_md5_hex(s, n, hex);
	strbuf_adds(out, hex);
	return true;
}

void om_test_add_printable(struct strbuf *sb, const char *s, size_t n, bool null)
{
	if (null) {
		strbuf_adds(sb, "NULL");
		return;
	}
	strbuf_addch(sb, '"');
	for (size_t i = 0; i < n && i < 70; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			strbuf_addch(sb, (char)c);
		else
			strbuf_addf(sb, "\\x%02x", c);
	}
	strbuf_adds(sb, n > 70 ? "\"..." : "\"");
}

void om_test_add_printable_hex(struct strbuf *sb, const char *hex, size_t n)
{
	struct strbuf raw = STRBUF_INIT;

	if (n == 4 && !memcmp(hex, "NULL", 4)) {
		strbuf_adds(sb, "NULL");
		return;
	}
	for (size_t i = 0; i + 1 < n; i += 2) {
		char two[3] = { hex[i], hex[i + 1], '\0' };

		strbuf_addch(&raw, (char)strtoul(two, NULL, 16));
	}
	om_test_add_printable(sb, raw.buf, raw.len, false);
	strbuf_release(&raw);
}

bool om_test_field(const char *p, const char *end, size_t k, char sep, const char **f, size_t *len)
{
	const char *next;

	for (; k > 0; k--) {
		next = memchr(p, sep, (size_t)(end - p));
		if (!next)
			return false;
		p = next + 1;
	}
	*f = p;
	next = memchr(p, sep, (size_t)(end - p));
	*len = (size_t)((next ? next : end) - p);
	return true;
}

void om_test_report_init(struct om_test_report *r)
{
	strbuf_init(&r->text);
	r->bad = 0;
}

void om_test_report_finish(struct om_test_report *r, const char *what)
{
	if (r->bad)
		ck_abort_msg("%s: %d result(s) differ from the C reference:%s", what, r->bad, r->text.buf);
	strbuf_release(&r->text);
}

/* ---- the SQL of a run, through the library ------------------------------------------ */

static const char *no_var(const char *name, void *ud)
{
	(void)name;
	(void)ud;
	return NULL;
}

void om_test_replace(struct strbuf *sb, const char *from, const char *to)
{
	struct strbuf out = STRBUF_INIT;
	size_t n = strlen(from);
	const char *p = sb->buf, *hit;

	if (!n)
		return;
	while ((hit = strstr(p, from))) {
		strbuf_add(&out, p, (size_t)(hit - p));
		strbuf_adds(&out, to);
		p = hit + n;
	}
	strbuf_adds(&out, p);
	strbuf_release(sb);
	*sb = out;
}

char *om_test_script(const char *url, const char *new_db, const char *const *replace)
{
	struct om_config cfg;
	struct om_run r;
	struct om_run_opts o;
	struct om_error err;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	om_config_init(&cfg);
	om_run_init(&r);
	om_error_clear(&err);
	setenv("OPENSER_MIGRATE_RC_PATH", "/nonexistent/openserctlrc", 1);
	ck_assert_msg(om_config_load(&cfg, NULL, url, &err) == 0, "%s", err.msg);
	memset(&o, 0, sizeof(o));
	o.lock_timeout = 30;
	o.getvar = no_var;
	if (!new_db) {
		rc = om_cmd_plan(&r, OM_TEST_SRCDIR "/plans", &cfg.target, &o, &err);
	} else {
		struct om_dbtarget nt = cfg.target;

		if (nt.engine == OM_ENGINE_SQLITE)
			nt.path = (char *)new_db;
		else
			nt.db = (char *)new_db;
		rc = om_cmd_migrate(&r, OM_TEST_SRCDIR "/plans", &cfg.target, &nt, &o, &err);
	}
	ck_assert_msg(rc == 0, "the run failed (%d): %s", rc, err.msg);
	om_script_format(&r.script, &sb);
	om_test_replace(&sb, r.plan.started, "2007-03-12 12:00:00");
	for (size_t i = 0; replace && replace[i] && replace[i + 1]; i += 2)
		om_test_replace(&sb, replace[i], replace[i + 1]);
	om_run_release(&r);
	om_config_release(&cfg);
	return strbuf_detach(&sb);
}
