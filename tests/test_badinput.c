/*
 * test_badinput.c: bad input, the way an operator (or a script) gives it.
 *
 * Each case runs the openser-migrate binary on a fresh OpenSER 1.1 SQLite
 * database (MySQL and PostgreSQL URLs where no server is needed) and
 * checks what the user sees: the exit code of the contract, one message
 * line that names the problem (printable, no secret in it), and the
 * database byte for byte as it was.  With OM_TESTING_TABLE=FILE each case
 * appends a row of the table in TESTING.md (the message as observed).
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "strbuf.h"
#include "support.h"

static const char *const FULL[] = {
	"sqlite-1.1-core.sql", "sqlite-1.1-serweb.sql", "sqlite-1.1-modules.sql",
	"rows-1.1-core.sql", "rows-1.1-serweb.sql", "rows-1.1-modules.sql", NULL
};

/* Where a case runs: a temporary folder with db (1.1), pristine (its copy), and whatever setup adds. */
struct bctx {
	char *dir;
	char db[600], pristine[600], url[700], rc[600], plans[600], newdb[600], other[600];
	bool as_nobody;       /* run as the user nobody (when root): permissions hold */
	long fsize_limit;     /* > 0: the largest file the run may write (a full disk) */
	struct strbuf env;    /* "KEY=VALUE" lines for the run */
};

struct bad_case {
	const char *kind;                 /* for the table */
	const char *args[10];             /* @URL@ @DB@ @RC@ @PLANS@ @NEW@ @OTHER@ @LONG@ are replaced */
	void (*setup)(struct bctx *b);    /* NULL: nothing */
	int exit_code;
	const char *message;              /* a part of the message, as it must appear */
	const char *unchanged;            /* NULL: the database; "both": it and NEW; "changed": upgraded */
	void (*check)(struct bctx *b);    /* what else must hold afterwards, or NULL */
};

/* ---- setups ------------------------------------------------------------------------ */

static void rc_file(struct bctx *b, const char *text)
{
	om_test_write_file(b->rc, text);
}

static void rc_shell_command(struct bctx *b)
{
	rc_file(b, "DBENGINE=SQLITE\nDB_PATH=$(rm -rf /tmp/x)\n");
}

static void rc_unclosed_quote(struct bctx *b)
{
	rc_file(b, "DBENGINE=SQLITE\nDB_PATH='/var/lib/openser.db\n");
}

static void rc_binary(struct bctx *b)
{
	rc_file(b, "DBENGINE=SQLITE\n\x01\x02\xff\xfe\x80 binary\n");
}

static void rc_bad_engine(struct bctx *b)
{
	rc_file(b, "DBENGINE=ORACLE\n");
}

static void rc_bad_serweb(struct bctx *b)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "DBENGINE=SQLITE\nDB_PATH=%s\nHAS_SERWEB=\"yes'; DROP TABLE version; --\"\n", b->db);
	rc_file(b, sb.buf);
	strbuf_release(&sb);
}

static void rc_long_line(struct bctx *b)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "DBENGINE=SQLITE\nDBHOST=");
	for (int i = 0; i < 200000; i++)
		strbuf_addch(&sb, 'h');
	strbuf_adds(&sb, "\nDB_PATH=/nonexistent/openser.db\n");
	rc_file(b, sb.buf);
	strbuf_release(&sb);
}

static void rc_invalid_utf8_path(struct bctx *b)
{
	rc_file(b, "DBENGINE=SQLITE\nDB_PATH=/nonexistent/\xc3" "A\xff.db\n");
}

static void rc_unreadable(struct bctx *b)
{
	rc_file(b, "DBENGINE=SQLITE\n");
	chmod(b->rc, 0);
	b->as_nobody = true;
}

/* A copy of the plans, one file edited after the database was upgraded with them. */
static void copy_plans(struct bctx *b)
{
	const char *names[] = { "1.1.schema", "1.2.schema", "1.1-1.2.map", "1.2.0.schema", "1.2.0-1.2.map", NULL };

	mkdir(b->plans, 0755);
	for (int i = 0; names[i]; i++) {
		char from[800], to[800];

		snprintf(from, sizeof(from), "%s/plans/%s", OM_TEST_SRCDIR, names[i]);
		snprintf(to, sizeof(to), "%s/%s", b->plans, names[i]);
		om_test_copy_file(from, to);
	}
}

static void append_to(const char *path, const char *text)
{
	char *old = om_test_read_file(path, NULL);
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, old);
	strbuf_adds(&sb, text);
	om_test_write_file(path, sb.buf);
	strbuf_release(&sb);
	free(old);
}

static void edited_plan(struct bctx *b)
{
	char map[800];
	const char *argv[] = { "-d", b->url, "--plans", b->plans, "--yes", "upgrade", NULL };

	copy_plans(b);
	ck_assert_int_eq(om_test_run(argv, NULL, NULL, NULL), 0);
	om_test_copy_file(b->db, b->pristine);
	snprintf(map, sizeof(map), "%s/1.1-1.2.map", b->plans);
	append_to(map, "# edited after it was applied\n");
}

static void plan_syntax_error(struct bctx *b)
{
	char map[800];

	copy_plans(b);
	snprintf(map, sizeof(map), "%s/1.1-1.2.map", b->plans);
	append_to(map, "table zz from acc\n  sip_code = status_code(sip_status\nend\n");
}

static void already_1_2(struct bctx *b)
{
	const char *argv[] = { "-d", b->url, "--yes", "upgrade", NULL };

	ck_assert_int_eq(om_test_run(argv, NULL, NULL, NULL), 0);
	om_test_copy_file(b->db, b->pristine);
}

static void not_openser(struct bctx *b)
{
	unlink(b->db);
	om_test_sql(b->db, "CREATE TABLE invoices (id integer primary key, total real)");
	om_test_copy_file(b->db, b->pristine);
}

static void drifted(struct bctx *b)
{
	om_test_sql(b->db, "ALTER TABLE acc DROP COLUMN sip_status");
	om_test_copy_file(b->db, b->pristine);
}

static void not_a_database(struct bctx *b)
{
	om_test_write_file(b->db, "this is a text file, not a database\n");
	om_test_copy_file(b->db, b->pristine);
}

static void read_only(struct bctx *b)
{
	chmod(b->dir, 0755);
	chmod(b->db, 0444);
	b->as_nobody = true;
}

static void disk_full(struct bctx *b)
{
	struct stat st;

	ck_assert(stat(b->db, &st) == 0);
	/* The rebuilt tables need new pages: the file may not grow past its size. */
	b->fsize_limit = (long)st.st_size;
}

static void existing_new(struct bctx *b)
{
	om_test_sql(b->newdb, "CREATE TABLE precious (x); INSERT INTO precious VALUES (42)");
	om_test_copy_file(b->newdb, b->other);
}

static void new_with_quotes(struct bctx *b)
{
	snprintf(b->newdb, sizeof(b->newdb), "%s/x'\"; DROP TABLE version; --.db", b->dir);
}

static void injected_values(struct bctx *b)
{
	om_test_sql(b->db, "UPDATE subscriber SET username = 'x''); DROP TABLE version; --', "
			   "first_name = 'Robert\"); DROP TABLE acc; --' WHERE rowid = 1");
	om_test_copy_file(b->db, b->pristine);
}

static void nul_free_binary_values(struct bctx *b)
{
	om_test_sql(b->db, "UPDATE acc SET from_uri = CAST(x'736970ff3a80c3287b40fe' AS TEXT), "
			   "sip_status = x'3438362042c3' WHERE rowid = 1");
	om_test_copy_file(b->db, b->pristine);
}

/* ---- checks afterwards ------------------------------------------------------------------ */

static void check_query(struct bctx *b, const char *sql, const char *want)
{
	char *got = om_test_query(b->db, sql);

	ck_assert_msg(!strcmp(got, want), "%s: got %s, expected %s", sql, got, want);
	free(got);
}

/* The values went through as data: carried whole, nothing dropped. */
static void values_carried(struct bctx *b)
{
	check_query(b, "SELECT count(*) FROM subscriber WHERE username = 'x''); DROP TABLE version; --' "
		       "AND first_name = 'Robert\"); DROP TABLE acc; --'", "1\n");
	check_query(b, "SELECT count(*) > 0 FROM version", "1\n");
	check_query(b, "SELECT count(*) FROM acc", "4\n");
}

static void bytes_kept(struct bctx *b)
{
	check_query(b, "SELECT hex(sip_status), hex(from_uri) FROM old11_acc WHERE rowid = 1",
		    "3438362042C3|736970FF3A80C3287B40FE\n");
	check_query(b, "SELECT count(*) FROM acc", "4\n");
}

static void new_is_built(struct bctx *b)
{
	char *v = om_test_query(b->newdb, "SELECT count(*) FROM acc");

	ck_assert_str_eq(v, "4\n");
	free(v);
}

/* ---- the cases ----------------------------------------------------------------------- */

/* The client libraries' name, as if they were not installed (drivers/clientlib.c). */
static void no_client_library(struct bctx *b)
{
	(void)b;
	setenv("OPENSER_MIGRATE_TEST_CLIENTLIB", "libom-not-installed.so.0", 1);
}

static const struct bad_case cases[] = {
	{ "no command", { NULL }, NULL, 2, "no command given", NULL, NULL },
	{ "unknown command", { "frobnicate", NULL }, NULL, 2, "unknown command \"frobnicate\"", NULL, NULL },
	{ "unknown option", { "--frobnicate", "status", NULL }, NULL, 2, "unknown option \"--frobnicate\"", NULL, NULL },
	{ "option without its value", { "status", "-d", NULL }, NULL, 2, "option \"-d\" needs a value", NULL, NULL },
	{ "bad number", { "--lock-timeout", "-5", "-d", "@URL@", "status", NULL }, NULL, 2,
	  "--lock-timeout \"-5\" is not a number from 0 to 86400", NULL, NULL },
	{ "extra argument", { "-d", "@URL@", "upgrade", "now", NULL }, NULL, 2, "upgrade takes no arguments (\"now\")",
	  NULL, NULL },
	{ "no database configured", { "status", NULL }, NULL, 2, "no database: give -d URL", NULL, NULL },
	{ "URL without a scheme", { "-d", "/var/lib/openser.db", "status", NULL }, NULL, 2, "no scheme", NULL, NULL },
	{ "unknown scheme", { "-d", "oracle://scott@db/orcl", "status", NULL }, NULL, 2, "unknown scheme \"oracle\"",
	  NULL, NULL },
	{ "password in a URL", { "-d", "mysql://root:s3cret@localhost/openser", "status", NULL }, NULL, 2,
	  "\"mysql://root:***@localhost/openser\": a password is not allowed in a URL", NULL, NULL },
	{ "password in a libpq keyword string", { "-d", "host=/run/postgresql password=s3cret", "status", NULL },
	  NULL, 2, "\"host=/run/postgresql password=***\": a password is not allowed", NULL, NULL },
	{ "URL with a line break", { "-d", "mysql://root@local\nhost/x", "status", NULL }, NULL, 2,
	  "it holds a control character (byte 0x0A at 19)", NULL, NULL },
	{ "URL with invalid UTF-8", { "-d", "mysql://root@h\xff\xfe/x", "status", NULL }, NULL, 2,
	  "cannot connect to MySQL as root@h\\xFF\\xFE", NULL, NULL },
	{ "very long URL", { "-d", "@LONG@", "status", NULL }, NULL, 2, "cannot connect to MySQL as root@hhhh", NULL, NULL },
	{ "bad port", { "-d", "mysql://root@localhost:99999/x", "status", NULL }, NULL, 2, "99999", NULL, NULL },
	{ "unreachable MySQL server", { "-d", "mysql://root@127.0.0.1:1/openser", "status", NULL }, NULL, 2,
	  "cannot connect to MySQL as root@127.0.0.1", NULL, NULL },
	{ "unreachable PostgreSQL server", { "-d", "postgres://postgres@127.0.0.1:1/openser", "status", NULL }, NULL, 2,
	  "cannot connect to PostgreSQL database \"openser\"", NULL, NULL },
	{ "missing SQLite database", { "-d", "sqlite:@DIR@/nothing.db", "status", NULL }, NULL, 2,
	  "nothing.db\": No such file or directory", NULL, NULL },
	{ "not a database", { "-d", "@URL@", "status", NULL }, not_a_database, 2, "file is not a database", NULL, NULL },
	{ "not an OpenSER database", { "-d", "@URL@", "--yes", "upgrade", NULL }, not_openser, 5,
	  "no OpenSER tables found: this is not an OpenSER database", NULL, NULL },
	{ "drifted schema", { "-d", "@URL@", "--yes", "upgrade", NULL }, drifted, 5,
	  "table \"acc\": missing column \"sip_status\": the upgrade reads it", NULL, NULL },
	{ "already 1.2", { "-d", "@URL@", "--yes", "upgrade", NULL }, already_1_2, 0,
	  "nothing to do: the database is already at OpenSER 1.2", NULL, NULL },
	{ "downgrade", { "-d", "@URL@", "--to", "1.1", "--yes", "upgrade", NULL }, already_1_2, 2,
	  "the database is at 1.2: going back to 1.1 is not an upgrade", NULL, NULL },
	{ "unknown version", { "-d", "@URL@", "--to", "9.9", "plan", NULL }, NULL, 2, "unknown version \"9.9\" (--to)",
	  NULL, NULL },
	{ "edited plan", { "-d", "@URL@", "--plans", "@PLANS@", "verify", NULL }, edited_plan, 5,
	  "a plan file was edited after it was applied", NULL, NULL },
	{ "plan with a syntax error", { "-d", "@URL@", "--plans", "@PLANS@", "plan", NULL }, plan_syntax_error, 2,
	  "1.1-1.2.map:101: expected ')'", NULL, NULL },
	{ "openserctlrc runs a command", { "-c", "@RC@", "status", NULL }, rc_shell_command, 2,
	  "command substitution is not supported", NULL, NULL },
	{ "openserctlrc with an unclosed quote", { "-c", "@RC@", "status", NULL }, rc_unclosed_quote, 2,
	  "unterminated", NULL, NULL },
	{ "binary openserctlrc", { "-c", "@RC@", "status", NULL }, rc_binary, 2, "\"\\x01\\x02\\xFF\\xFE\\x80\" is not an assignment",
	  NULL, NULL },
	{ "openserctlrc: unknown engine", { "-c", "@RC@", "status", NULL }, rc_bad_engine, 2,
	  "DBENGINE \"ORACLE\" is not MYSQL, PGSQL or SQLITE", NULL, NULL },
	{ "openserctlrc: SQL in an option", { "-c", "@RC@", "--yes", "upgrade", NULL }, rc_bad_serweb, 2,
	  "HAS_SERWEB has the value \"yes'; DROP TABLE version; --\"; expected yes or no", NULL, NULL },
	{ "openserctlrc: a very long line", { "-c", "@RC@", "status", NULL }, rc_long_line, 2, "nonexistent", NULL, NULL },
	{ "openserctlrc: invalid UTF-8", { "-c", "@RC@", "status", NULL }, rc_invalid_utf8_path, 2,
	  "/nonexistent/\\xC3A\\xFF.db\": No such file or directory", NULL, NULL },
	{ "openserctlrc: /dev/zero", { "-c", "/dev/zero", "status", NULL }, NULL, 2,
	  "\"/dev/zero\" is larger than 1024 KiB: not an openserctlrc", NULL, NULL },
	{ "openserctlrc: unreadable", { "-c", "@RC@", "status", NULL }, rc_unreadable, 2, "Permission denied", NULL, NULL },
	{ "no terminal and no --yes", { "-d", "@URL@", "upgrade", NULL }, NULL, 3,
	  "not confirmed, nothing was changed (use --yes to upgrade without a question)", NULL, NULL },
	{ "read-only database file", { "-d", "@URL@", "--yes", "--no-snapshot", "upgrade", NULL }, read_only, 1,
	  "attempt to write a readonly database", NULL, NULL },
	{ "disk full during the copy", { "-d", "@URL@", "--yes", "--no-snapshot", "upgrade", NULL }, disk_full, 1,
	  "statement failed (COMMIT): disk I/O error", NULL, NULL },
	{ "migrate into an existing database", { "migrate", "@DB@", "@NEW@", NULL }, existing_new, 3,
	  "exists and is not a migrate of", "both", NULL },
	{ "migrate OLD into itself", { "migrate", "@DB@", "@DB@", NULL }, NULL, 2, "OLD and NEW are the same database",
	  NULL, NULL },
	{ "migrate from a missing file", { "migrate", "@DIR@/nothing.db", "@NEW@", NULL }, NULL, 2,
	  "cannot tell the engine", NULL, NULL },
	{ "migrate: NEW named to inject SQL", { "migrate", "@DB@", "@NEW@", NULL }, new_with_quotes, 0,
	  "DROP TABLE version; --.db", NULL, new_is_built },
	{ "values that look like SQL", { "-d", "@URL@", "--yes", "upgrade", NULL }, injected_values, 0,
	  "subscriber", "changed", values_carried },
	{ "values that are not UTF-8", { "-d", "@URL@", "--yes", "upgrade", NULL }, nul_free_binary_values, 0, "acc",
	  "changed", bytes_kept },
	/* The snapshot before the upgrade cannot be written beside the file. */
	{ "snapshot before the upgrade impossible", { "-d", "@URL@", "--yes", "upgrade", NULL }, read_only, 3,
	  "cannot take a snapshot before the upgrade, nothing was changed (--no-snapshot upgrades without one)",
	  NULL, NULL },
	{ "snapshot NAME that is not a word", { "-d", "@URL@", "snapshot", "save", "x;rm -rf", NULL }, NULL, 2,
	  "snapshot name \"x;rm -rf\" is not a short safe word", NULL, NULL },
	{ "snapshot that does not exist", { "-d", "@URL@", "--yes", "snapshot", "restore", "nope", NULL }, NULL, 2,
	  "no snapshot \"nope\" of sqlite:", NULL, NULL },
	{ "MySQL client library not installed", { "-d", "mysql://root@localhost/openser", "status", NULL },
	  no_client_library, 2,
	  "cannot load the MySQL client library (libom-not-installed.so.0): libom-not-installed.so.0: cannot open "
	  "shared object file: No such file or directory; is it installed?", NULL, NULL },
	{ "PostgreSQL client library not installed", { "-d", "postgres://postgres@localhost/openser", "status", NULL },
	  no_client_library, 2, "cannot load the PostgreSQL client library (libom-not-installed.so.0)", NULL, NULL },
	{ "SQLite needs neither client library", { "-d", "@URL@", "status", NULL }, no_client_library, 7,
	  "pending:", NULL, NULL },
};

/* ---- running one ------------------------------------------------------------------------ */

static const char *subst(struct bctx *b, const char *a, struct strbuf *keep)
{
	static const char *const keys[] = { "@URL@", "@DB@", "@RC@", "@PLANS@", "@NEW@", "@OTHER@", "@DIR@", NULL };
	const char *vals[] = { b->url, b->db, b->rc, b->plans, b->newdb, b->other, b->dir };

	if (!strcmp(a, "@LONG@")) {
		strbuf_adds(keep, "mysql://root@");
		for (int i = 0; i < 100000; i++)
			strbuf_addch(keep, 'h');
		strbuf_adds(keep, "/x");
		return keep->buf;
	}
	for (int k = 0; keys[k]; k++) {
		const char *at = strstr(a, keys[k]);

		if (!at)
			continue;
		strbuf_add(keep, a, (size_t)(at - a));
		strbuf_adds(keep, vals[k]);
		strbuf_adds(keep, at + strlen(keys[k]));
		return keep->buf;
	}
	return a;
}

static char *slurp(const char *path)
{
	char *s = om_test_read_file(path, NULL);

	return s ? s : strdup("");
}

/* Run the binary with argv in b's conditions; stdout and stderr into *out, *err. */
static int run_case(struct bctx *b, const char *const *argv, char **out, char **err)
{
	char op[700], ep[700];
	int status;
	pid_t pid;

	snprintf(op, sizeof(op), "%s/stdout", b->dir);
	snprintf(ep, sizeof(ep), "%s/stderr", b->dir);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		const char *av[16];
		size_t n = 0;
		int in = open("/dev/null", O_RDONLY), o = open(op, O_WRONLY | O_CREAT | O_TRUNC, 0644),
		    e = open(ep, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		av[n++] = om_test_binary();
		for (size_t i = 0; argv[i] && n < 15; i++)
			av[n++] = argv[i];
		av[n] = NULL;
		dup2(in, 0);
		dup2(o, 1);
		dup2(e, 2);
		setenv("OPENSER_MIGRATE_RC_PATH", "/nonexistent/openserctlrc", 1);
		if (b->fsize_limit > 0) {
			struct rlimit rl = { (rlim_t)b->fsize_limit, (rlim_t)b->fsize_limit };

			signal(SIGXFSZ, SIG_IGN);
			setrlimit(RLIMIT_FSIZE, &rl);
		}
		if (b->as_nobody && getuid() == 0) {
			struct passwd *pw = getpwnam("nobody");

			if (!pw || setgid(pw->pw_gid) || setuid(pw->pw_uid))
				_exit(126);
		}
		execv(av[0], (char *const *)av);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	*out = slurp(op);
	*err = slurp(ep);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* One row of the TESTING.md table: the message as a user sees it. */
static void table_row(int i, const struct bad_case *c, int code, const char *msg)
{
	const char *path = getenv("OM_TESTING_TABLE");
	struct strbuf sb = STRBUF_INIT;
	FILE *f;

	if (!path || !*path)
		return;
	strbuf_addf(&sb, "| %d | %s | `", i + 1, c->kind);
	for (size_t k = 0; c->args[k]; k++) {
		const char *a = !strcmp(c->args[k], "@LONG@") ? "mysql://root@hhhh...(100000 h)/x" : c->args[k];

		for (const unsigned char *p = (const unsigned char *)a; *p; p++) {
			if (*p == '\n')
				strbuf_adds(&sb, "\\n");
			else if (*p < 0x20 || *p >= 0x7f)
				strbuf_addf(&sb, "\\x%02X", *p);
			else if (*p == '|' || *p == '`')
				strbuf_addf(&sb, "\\%c", *p);
			else
				strbuf_addch(&sb, (char)*p);
		}
		strbuf_addch(&sb, c->args[k + 1] ? ' ' : '`');
	}
	if (!c->args[0])
		strbuf_addch(&sb, '`');
	strbuf_addf(&sb, " | %d | ", code);
	for (const char *p = msg; *p && *p != '\n' && p - msg < 240; p++)
		strbuf_adds(&sb, *p == '|' ? "\\|" : (char[]){ *p, 0 });
	if (strlen(msg) > 240 && !memchr(msg, '\n', 240))
		strbuf_adds(&sb, "...");
	strbuf_addf(&sb, " | %s |\n", c->unchanged && !strcmp(c->unchanged, "changed") ? "upgraded, every value kept" :
		    c->unchanged && !strcmp(c->unchanged, "both") ? "OLD and NEW unchanged" : "unchanged");
	f = fopen(path, "a");
	if (f) {
		fputs(sb.buf, f);
		fclose(f);
	}
	strbuf_release(&sb);
}

/* Open the file as SQLite would (rolling back a hot journal); not a database: nothing to do. */
static void recover(const char *path)
{
	sqlite3 *h = NULL;

	if (access(path, F_OK) == 0 && sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
		sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	sqlite3_close(h);
}

START_TEST(bad_input_is_refused_clearly_and_changes_nothing)
{
	const struct bad_case *c = &cases[_i];
	struct bctx b;
	const char *argv[12];
	struct strbuf keep[12];
	char *out, *err, *all;
	int code;

	memset(&b, 0, sizeof(b));
	b.dir = om_test_mkdtemp();
	snprintf(b.db, sizeof(b.db), "%s/openser.db", b.dir);
	snprintf(b.pristine, sizeof(b.pristine), "%s/pristine.db", b.dir);
	snprintf(b.url, sizeof(b.url), "sqlite:%s", b.db);
	snprintf(b.rc, sizeof(b.rc), "%s/openserctlrc", b.dir);
	snprintf(b.plans, sizeof(b.plans), "%s/plans", b.dir);
	snprintf(b.newdb, sizeof(b.newdb), "%s/new.db", b.dir);
	snprintf(b.other, sizeof(b.other), "%s/new-before.db", b.dir);
	om_test_build_db(b.db, FULL);
	om_test_copy_file(b.db, b.pristine);
	if (c->setup)
		c->setup(&b);
	for (size_t i = 0; i < 12; i++)
		strbuf_init(&keep[i]);
	for (size_t i = 0; i < 11; i++) {
		argv[i] = c->args[i] ? subst(&b, c->args[i], &keep[i]) : NULL;
		if (!c->args[i])
			break;
	}
	argv[11] = NULL;
	code = run_case(&b, argv, &out, &err);
	om_test_strip_log(err);
	all = *err ? err : out;
	table_row(_i, c, code, all);
	ck_assert_msg(code == c->exit_code, "%s: exit %d, expected %d; stderr: %.600s", c->kind, code, c->exit_code, err);
	ck_assert_msg(strstr(all, c->message) != NULL, "%s: expected \"%s\" in: %.800s", c->kind, c->message, all);
	/* No secret shown, ever. */
	ck_assert_msg(!strstr(out, "s3cret") && !strstr(err, "s3cret"), "%s: the password is shown", c->kind);
	/* An error is one printable line (a refusal's list may follow on indented lines). */
	if (code) {
		for (const unsigned char *p = (const unsigned char *)err; *p; p++)
			ck_assert_msg(*p >= 0x20 || *p == '\n', "%s: control byte 0x%02x in the message", c->kind, *p);
		ck_assert_msg(!strchr(err, '\n') || strchr(err, '\n')[1] == '\0' || !strncmp(strchr(err, '\n'), "\n  ", 3) ||
			      code == 1, "%s: the message is not one line: %.600s", c->kind, err);
	}
	/* A run that stopped mid-write leaves a journal: SQLite rolls it back at the next open, as ours does. */
	if (code)
		recover(b.db);
	if (!c->unchanged || strcmp(c->unchanged, "changed"))
		ck_assert_msg(om_test_same_file(b.db, b.pristine), "%s: the database changed", c->kind);
	if (c->unchanged && !strcmp(c->unchanged, "both"))
		ck_assert_msg(om_test_same_file(b.newdb, b.other), "%s: NEW changed", c->kind);
	if (c->check)
		c->check(&b);
	for (size_t i = 0; i < 12; i++)
		strbuf_release(&keep[i]);
	free(out);
	free(err);
	chmod(b.dir, 0700);
	om_test_rmtree(b.dir);
	free(b.dir);
}
END_TEST

static Suite *badinput_suite(void)
{
	Suite *s = suite_create("badinput");
	TCase *tc = tcase_create("bad input");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, bad_input_is_refused_clearly_and_changes_nothing, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return om_test_main(badinput_suite());
}
