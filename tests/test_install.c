/*
 * test_install.c: what a packager and an operator get outside the source
 * tree.  `make install` (its file list, DESTDIR kept out of the binary, the
 * installed binary finding its installed plans from anywhere, `make
 * uninstall`), the manual page (rendered, linted, and naming every command
 * and option of --help), `make deb` (contents, Depends, the extracted
 * binary upgrading a database, lintian), the dbconfig-common upgrade
 * scripts run by dbconfig-common's own code against SQLite, MariaDB and
 * PostgreSQL, and the example postinst.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "strbuf.h"
#include "support.h"

static char *tmp;

static void setup(void)
{
	tmp = om_test_mkdtemp();
}

static void teardown(void)
{
	om_test_rmtree(tmp);
	free(tmp);
	tmp = NULL;
}

/*
 * Run a shell command (printf-style), stdin from /dev/null, stdout and
 * stderr together into *out (malloc'd; NULL to discard).  Returns its exit
 * code, 128+signal when killed.
 */
static int sh(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sh(char **out, const char *fmt, ...)
{
	struct strbuf cmd = STRBUF_INIT, path = STRBUF_INIT;
	va_list ap;
	pid_t pid;
	int fd, status;

	va_start(ap, fmt);
	strbuf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	strbuf_addf(&path, "%s/sh-XXXXXX", tmp);
	fd = mkstemp(path.buf);
	ck_assert_msg(fd >= 0, "mkstemp: %s", strerror(errno));
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		dup2(devnull, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execl("/bin/sh", "sh", "-c", cmd.buf, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	close(fd);
	if (out)
		*out = om_test_read_file(path.buf, NULL);
	unlink(path.buf);
	strbuf_release(&path);
	strbuf_release(&cmd);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* sh(), which must exit 0; returns its output (malloc'd). */
static char *vsh_ok(const char *what, const char *fmt, va_list ap)
{
	struct strbuf cmd = STRBUF_INIT;
	char *out;
	int rc;

	strbuf_vaddf(&cmd, fmt, ap);
	rc = sh(&out, "%s", cmd.buf);
	ck_assert_msg(rc == 0, "%s: exit %d\n$ %s\n%.4000s", what, rc, cmd.buf, out ? out : "");
	strbuf_release(&cmd);
	return out;
}

static char *sh_ok(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *sh_ok(const char *what, const char *fmt, ...)
{
	va_list ap;
	char *out;

	va_start(ap, fmt);
	out = vsh_ok(what, fmt, ap);
	va_end(ap);
	return out;
}

/* sh_ok() for a command whose output does not matter. */
static void run_ok(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void run_ok(const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(vsh_ok(what, fmt, ap));
	va_end(ap);
}

static bool have(const char *program)
{
	return sh(NULL, "command -v %s", program) == 0;
}

/* Run make in the source tree with these arguments (a nested make inherits make check's flags). */
static void make(const char *args)
{
	free(sh_ok("make", "make -C %s --no-print-directory -s %s", OM_TEST_SRCDIR, args));
}

static void assert_contains(const char *text, const char *needle, const char *what)
{
	ck_assert_msg(text && strstr(text, needle), "%s: \"%s\" not found in:\n%.4000s", what, needle,
		      text ? text : "(null)");
}

static void assert_lacks(const char *text, const char *needle, const char *what)
{
	ck_assert_msg(!text || !strstr(text, needle), "%s: \"%s\" found in:\n%.4000s", what, needle, text);
}

/* A fresh OpenSER 1.1 SQLite database (core tables and rows) at path. */
static void sqlite_11(const char *path)
{
	static const char *const fixtures[] = { "sqlite-1.1-core.sql", "rows-1.1-core.sql", NULL };

	om_test_build_db(path, fixtures);
}

/* ---- make install ------------------------------------------------------------------------ */

static const char *const installed_files =
	"usr/bin/openser-migrate 755\n"
	"usr/share/doc/openser-migrate/README.md 644\n"
	"usr/share/doc/openser-migrate/examples/postinst 644\n"
	"usr/share/doc/openser-migrate/openserctlrc.sample 644\n"
	"usr/share/man/man1/openser-migrate.1 644\n"
	"usr/share/openser-migrate/dbconfig-common/dbc-upgrade 755\n"
	"usr/share/openser-migrate/dbconfig-common/upgrade/mysql/1.2.0 755\n"
	"usr/share/openser-migrate/dbconfig-common/upgrade/pgsql/1.2.0 755\n"
	"usr/share/openser-migrate/dbconfig-common/upgrade/sqlite3/1.2.0 755\n"
	"usr/share/openser-migrate/plans/1.1-1.2.map 644\n"
	"usr/share/openser-migrate/plans/1.1.schema 644\n"
	"usr/share/openser-migrate/plans/1.2-1.1.map 644\n"
	"usr/share/openser-migrate/plans/1.2.0-1.2.map 644\n"
	"usr/share/openser-migrate/plans/1.2.0.schema 644\n"
	"usr/share/openser-migrate/plans/1.2.schema 644\n"
	"usr/share/openser-migrate/plans/README.md 644\n";

START_TEST(install_with_destdir_puts_every_file_in_place)
{
	char *list, *text;

	{
		char args[600];

		snprintf(args, sizeof(args), "install PREFIX=/usr DESTDIR=%s/root", tmp);
		make(args);
	}
	list = sh_ok("list", "cd %s/root && find . -type f -printf '%%P %%m\\n' | LC_ALL=C sort", tmp);
	ck_assert_str_eq(list, installed_files);
	free(list);

	/* DESTDIR is where files go, never a path the programs use. */
	text = sh_ok("grep", "grep -rl -- '%s' %s/root || true", tmp, tmp);
	ck_assert_msg(!*text, "DESTDIR leaked into: %s", text);
	free(text);
	text = sh_ok("help", "%s/root/usr/bin/openser-migrate --help", tmp);
	assert_contains(text, "(default: /usr/share/openser-migrate/plans)", "--help of the installed binary");
	free(text);
	text = sh_ok("script", "cat %s/root/usr/share/openser-migrate/dbconfig-common/upgrade/mysql/1.2.0 "
		     "%s/root/usr/share/openser-migrate/dbconfig-common/dbc-upgrade", tmp, tmp);
	assert_contains(text, "exec '/usr/share/openser-migrate/dbconfig-common/dbc-upgrade' mysql \"$0\" \"$@\"",
			"the mysql upgrade script");
	assert_contains(text, "bin='/usr/bin/openser-migrate'", "dbc-upgrade");
	assert_lacks(text, "@BINDIR@", "the substituted scripts");
	assert_lacks(text, "@DBCDIR@", "the substituted scripts");
	assert_lacks(text, "@DBTYPE@", "the substituted scripts");
	free(text);

	{
		char args[600];

		snprintf(args, sizeof(args), "uninstall PREFIX=/usr DESTDIR=%s/root", tmp);
		make(args);
	}
	list = sh_ok("list", "cd %s/root && find . -type f", tmp);
	ck_assert_msg(!*list, "make uninstall left: %s", list);
	free(list);
}
END_TEST

START_TEST(installed_binary_upgrades_from_any_directory_with_its_own_plans)
{
	char args[600], db[600], *text;

	snprintf(args, sizeof(args), "install PREFIX=%s/prefix", tmp);
	make(args);
	snprintf(db, sizeof(db), "%s/openser.db", tmp);
	sqlite_11(db);
	run_ok("mkdir", "mkdir %s/elsewhere", tmp);

	/* No option, no variable: only what a shell started by hand has. */
	text = sh_ok("upgrade", "cd %s/elsewhere && env -i PATH=/usr/bin:/bin HOME=%s/elsewhere "
		     "%s/prefix/bin/openser-migrate -d sqlite:%s --yes upgrade", tmp, tmp, tmp, db);
	assert_contains(text, "OpenSER 1.1 -> 1.2, done", "the installed binary's upgrade");
	free(text);
	text = sh_ok("verify", "cd / && env -i PATH=/usr/bin:/bin %s/prefix/bin/openser-migrate -d sqlite:%s verify",
		     tmp, db);
	assert_contains(text, "matches OpenSER 1.2", "verify");
	free(text);
	/* ...and the plans were the installed ones: the binary names no other directory. */
	text = sh_ok("help", "%s/prefix/bin/openser-migrate --help", tmp);
	{
		char want[700];

		snprintf(want, sizeof(want), "(default: %s/prefix/share/openser-migrate/plans)", tmp);
		assert_contains(text, want, "--help of the installed binary");
	}
	free(text);
	text = sh_ok("strings", "grep -c -- '%s/plans' %s/prefix/bin/openser-migrate || true", OM_TEST_SRCDIR, tmp);
	ck_assert_str_eq(text, "0\n");
	free(text);
	text = sh_ok("mv", "mv %s/prefix/share/openser-migrate/plans %s/gone && cd / && "
		     "%s/prefix/bin/openser-migrate -d sqlite:%s status; echo \"exit $?\"", tmp, tmp, tmp, db);
	assert_contains(text, "exit 2", "status without the installed plans");
	assert_contains(text, "/prefix/share/openser-migrate/plans", "status without the installed plans");
	free(text);
}
END_TEST

/* ---- the manual page --------------------------------------------------------------------- */

static const char *man_page(void)
{
	return OM_TEST_SRCDIR "/man/openser-migrate.1";
}

START_TEST(man_page_renders_and_lints_clean)
{
	char *text;

	if (!have("groff") || !have("mandoc") || !have("man")) {
		printf("SKIP man_page_renders_and_lints_clean: groff, mandoc or man missing "
		       "(scripts/install-deps installs groff-base, mandoc and man-db)\n");
		return;
	}
	text = sh_ok("groff", "groff -ww -man -Tutf8 -z %s 2>&1", man_page());
	ck_assert_msg(!*text, "groff -ww warns:\n%s", text);
	free(text);
	text = sh_ok("mandoc", "mandoc -T lint %s 2>&1", man_page());
	ck_assert_msg(!*text, "mandoc -T lint says:\n%s", text);
	free(text);
	text = sh_ok("man", "MANWIDTH=80 man -l %s 2>&1 >/dev/null", man_page());
	ck_assert_msg(!*text, "man -l warns:\n%s", text);
	free(text);
	text = sh_ok("man", "MANWIDTH=80 man -l %s", man_page());
	for (const char *const *s = (const char *const[]){ "NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS",
							    "DATABASE URLS", "CONFIGURATION", "EXIT STATUS",
							    "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO", NULL };
	     *s; s++) {
		char line[64];

		snprintf(line, sizeof(line), "\n%s\n", *s);
		assert_contains(text, line, "man -l: section");
	}
	free(text);
}
END_TEST

/* The rendered section called name (up to the next heading), malloc'd. */
static char *section(const char *page, const char *name)
{
	struct strbuf head = STRBUF_INIT;
	const char *p, *end;
	char *res;

	strbuf_addf(&head, "\n%s\n", name);
	p = strstr(page, head.buf);
	ck_assert_msg(p != NULL, "no section %s", name);
	/* From the newline before its first line, as every line is found. */
	p += head.len - 1;
	for (end = p; *end && !(end[0] == '\n' && end[1] >= 'A' && end[1] <= 'Z'); end++)
		;
	res = om_xstrndup(p, (size_t)(end - p));
	strbuf_release(&head);
	return res;
}

/*
 * Every command and option that --help lists has its entry: a tagged
 * paragraph of COMMANDS or OPTIONS that starts with it; every exit code of
 * --help has one in EXIT STATUS; every variable of openserctlrc.sample is
 * described.
 */
START_TEST(man_page_documents_every_command_option_and_exit_code)
{
	char *help, *page, *commands, *options, *status, *config, *sample, *line, *save = NULL;
	bool in_commands = false, in_options = false;

	if (!have("man")) {
		printf("SKIP man_page_documents_every_command_option_and_exit_code: man missing (install man-db)\n");
		return;
	}
	help = sh_ok("help", "%s --help", om_test_binary());
	page = sh_ok("man", "MANWIDTH=250 man --nh --nj -l %s", man_page());
	commands = section(page, "COMMANDS");
	options = section(page, "OPTIONS");
	status = section(page, "EXIT STATUS");
	config = section(page, "CONFIGURATION");
	for (line = strtok_r(help, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char word[64], entry[128];

		if (!strncmp(line, "commands:", 9) || !strncmp(line, "options", 7)) {
			in_commands = line[0] == 'c';
			in_options = !in_commands;
			continue;
		}
		if (in_commands && sscanf(line, " %63s", word) == 1) {
			const char *after = line + strspn(line, " ") + strlen(word);
			char sub[32];

			/* A subcommand ("snapshot save NAME") is one space away; a description, two. */
			if (after[0] == ' ' && after[1] >= 'a' && after[1] <= 'z' && sscanf(after, " %31[a-z]", sub) == 1)
				snprintf(entry, sizeof(entry), "\n       %s %s", word, sub);
			else
				snprintf(entry, sizeof(entry), "\n       %s", word);
			assert_contains(commands, entry, "COMMANDS entry of a command of --help");
		} else if (in_options && line[0] == ' ') {
			/* "  -c, --config FILE ...": each spelling. */
			for (const char *p = line; (p = strstr(p, "-")) != NULL && p < line + 24;) {
				size_t n = strspn(p, "-abcdefghijklmnopqrstuvwxyz");

				snprintf(word, sizeof(word), "%.*s", (int)n, p);
				if (n > 1) {
					snprintf(entry, sizeof(entry), "\n       %s", word);
					if (!strstr(options, entry)) {
						snprintf(entry, sizeof(entry), ", %s", word);
						assert_contains(options, entry, "OPTIONS entry of an option of --help");
					}
				}
				p += n ? n : 1;
			}
		}
	}
	for (int code = 0; code <= 7; code++) {
		char entry[32];

		snprintf(entry, sizeof(entry), "\n       %d      ", code);
		assert_contains(status, entry, "EXIT STATUS");
	}
	sample = om_test_read_file(OM_TEST_SRCDIR "/openserctlrc.sample", NULL);
	ck_assert(sample != NULL);
	save = NULL;
	for (line = strtok_r(sample, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64];

		if (sscanf(line, "# %63[A-Z_]=", name) == 1 || sscanf(line, "%63[A-Z_]=", name) == 1)
			assert_contains(config, name, "CONFIGURATION: a variable of openserctlrc.sample");
	}
	for (const char *const *s = (const char *const[]){ "/etc/openser/openserctlrc",
							    "/usr/local/etc/openser/openserctlrc",
							    "~/.openserctlrc", "OPENSER_MIGRATE_RC_PATH",
							    "chmod 600", NULL };
	     *s; s++)
		assert_contains(config, *s, "CONFIGURATION");
	free(sample);
	free(commands);
	free(options);
	free(status);
	free(config);
	free(page);
	free(help);
}
END_TEST

/* ---- make deb ------------------------------------------------------------------------------ */

START_TEST(deb_holds_the_tool_and_installs_as_a_tree)
{
	char *deb, *text, db[600];

	if (!have("dpkg-deb") || !have("dpkg-shlibdeps")) {
		printf("SKIP deb_holds_the_tool_and_installs_as_a_tree: dpkg-dev missing\n");
		return;
	}
	deb = sh_ok("make deb", "make -C %s --no-print-directory -s deb | tail -n 1", OM_TEST_SRCDIR);
	deb[strcspn(deb, "\n")] = '\0';
	text = sh_ok("dpkg-deb -I", "cd %s && dpkg-deb -I %s", OM_TEST_SRCDIR, deb);
	assert_contains(text, " Package: openser-migrate\n", "dpkg-deb -I");
	assert_contains(text, "libsqlite3-0 (>=", "Depends");
	if (sh(NULL, "pkg-config --exists libmariadb") == 0)
		assert_contains(text, "libmariadb3 (>=", "Depends");
	if (sh(NULL, "pkg-config --exists libpq") == 0)
		assert_contains(text, "libpq5 (>=", "Depends");
	free(text);
	/* ... though the binary does not link them: it loads them when it opens a database of their engine. */
	text = sh_ok("readelf -d", "readelf -d %s/build/deb/root/usr/bin/openser-migrate", OM_TEST_SRCDIR);
	assert_contains(text, "(NEEDED)", "readelf -d");
	assert_lacks(text, "libpq", "the binary's NEEDED libraries");
	assert_lacks(text, "libmariadb", "the binary's NEEDED libraries");
	assert_lacks(text, "libmysqlclient", "the binary's NEEDED libraries");
	free(text);
	text = sh_ok("dpkg-deb -c", "cd %s && dpkg-deb -c %s", OM_TEST_SRCDIR, deb);
	for (const char *const *s = (const char *const[]){ " root/root ", " ./usr/bin/openser-migrate\n",
							    "./usr/share/man/man1/openser-migrate.1.gz\n",
							    "./usr/share/openser-migrate/plans/1.1.schema\n",
							    "./usr/share/openser-migrate/plans/1.2.schema\n",
							    "./usr/share/openser-migrate/plans/1.1-1.2.map\n",
							    "./usr/share/openser-migrate/dbconfig-common/dbc-upgrade\n",
							    "./usr/share/openser-migrate/dbconfig-common/upgrade/mysql/1.2.0\n",
							    "./usr/share/openser-migrate/dbconfig-common/upgrade/pgsql/1.2.0\n",
							    "./usr/share/openser-migrate/dbconfig-common/upgrade/sqlite3/1.2.0\n",
							    "./usr/share/doc/openser-migrate/copyright\n",
							    "./usr/share/doc/openser-migrate/changelog.gz\n",
							    "./usr/share/doc/openser-migrate/openserctlrc.sample\n",
							    "./usr/share/doc/openser-migrate/examples/postinst\n", NULL };
	     *s; s++)
		assert_contains(text, *s, "dpkg-deb -c");
	free(text);

	/* The package's tree, and its binary run with the package's plans. */
	run_ok("dpkg-deb -x", "cd %s && dpkg-deb -x %s %s/root", OM_TEST_SRCDIR, deb, tmp);
	text = sh_ok("--version", "%s/root/usr/bin/openser-migrate --version", tmp);
	ck_assert_str_eq(text, "openser-migrate 0.1.0\n");
	free(text);
	snprintf(db, sizeof(db), "%s/openser.db", tmp);
	sqlite_11(db);
	text = sh_ok("upgrade", "cd / && %s/root/usr/bin/openser-migrate --plans %s/root/usr/share/openser-migrate/plans "
		     "-d sqlite:%s --yes upgrade", tmp, tmp, db);
	assert_contains(text, "OpenSER 1.1 -> 1.2, done", "the packaged binary's upgrade");
	free(text);
	text = sh_ok("man", "MANWIDTH=200 man --nj -l %s/root/usr/share/man/man1/openser-migrate.1.gz 2>&1 | head -n 5", tmp);
	assert_contains(text, "openser-migrate - upgrade OpenSER 1.1 databases", "the packaged manual page");
	free(text);

	if (have("lintian")) {
		/* Errors and warnings fail; informational tags are printed. */
		text = sh_ok("lintian", "cd %s && lintian --pedantic -I %s 2>&1 | grep -v '^running with root' || true",
			     OM_TEST_SRCDIR, deb);
		printf("lintian %s: %s\n", deb, *text ? text : "no tags\n");
		ck_assert_msg(!strstr(text, "E: ") && !strstr(text, "W: "), "lintian:\n%s", text);
		free(text);
	} else {
		printf("SKIP lintian of %s: lintian missing\n", deb);
	}
	free(deb);
}
END_TEST

/* ---- dbconfig-common ----------------------------------------------------------------------- */

/*
 * Install into tmp/prefix and lay out a dbconfig-common share for the
 * package "openser": scripts/openser/upgrade/DBTYPE/1.2.0 a symlink to
 * the installed script, as an OpenSER package would ship it.
 */
static void dbc_layout(const char *dbtype)
{
	char args[600];

	snprintf(args, sizeof(args), "install PREFIX=%s/prefix", tmp);
	make(args);
	run_ok("layout", "mkdir -p %s/share/scripts/openser/upgrade/%s && ln -s "
	      "%s/prefix/share/openser-migrate/dbconfig-common/upgrade/%s/1.2.0 %s/share/scripts/openser/upgrade/%s/1.2.0",
	      tmp, dbtype, tmp, dbtype, tmp, dbtype);
}

/* tmp/options.rc: OpenSER's own openserctlrc, read before dbconfig-common's settings. */
static void write_options(const char *text)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/options.rc", tmp);
	om_test_write_file(path.buf, text);
	strbuf_release(&path);
}

/* A value in single quotes, as dbconfig-common writes its configuration (dbc_sq_escape). */
static void add_sq(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, "%s='", name);
	for (const char *p = value; *p; p++)
		strbuf_adds(sb, *p == '\'' ? "'\\''" : (char[]){ *p, 0 });
	strbuf_adds(sb, "'\n");
}

/* The package's dbconfig-common configuration, tmp/openser.conf. */
static void dbc_conf(const char *dbtype, const char *user, const char *pass, const char *server, const char *port,
		     const char *name, const char *basepath, const char *authmethod)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;

	strbuf_adds(&sb, "# automatically generated by the maintainer scripts of openser\n");
	add_sq(&sb, "dbc_install", "true");
	add_sq(&sb, "dbc_upgrade", "true");
	add_sq(&sb, "dbc_remove", "");
	add_sq(&sb, "dbc_dbtype", dbtype);
	add_sq(&sb, "dbc_dbuser", user);
	add_sq(&sb, "dbc_dbpass", pass);
	add_sq(&sb, "dbc_dballow", "");
	add_sq(&sb, "dbc_dbserver", server);
	add_sq(&sb, "dbc_dbport", port);
	add_sq(&sb, "dbc_dbname", name);
	add_sq(&sb, "dbc_dbadmin", "root");
	add_sq(&sb, "dbc_basepath", basepath);
	add_sq(&sb, "dbc_ssl", "");
	add_sq(&sb, "dbc_authmethod_admin", "");
	add_sq(&sb, "dbc_authmethod_user", authmethod);
	strbuf_addf(&path, "%s/openser.conf", tmp);
	om_test_write_file(path.buf, sb.buf);
	chmod(path.buf, 0600);
	strbuf_release(&path);
	strbuf_release(&sb);
}

/*
 * Upgrade the package from oldversion the way dbconfig-common does
 * (tests/dbc-run.sh), with the configuration tmp/openser.conf and no
 * openserctlrc but tmp/options.rc; env: more "VAR=value " words, or "".
 * Returns the exit status; *out gets the output.
 */
static int dbc_upgrade(const char *dbtype, const char *oldversion, const char *env, char **out)
{
	int rc = sh(out, "cd / && env %s OPENSER_MIGRATE_DBC_CONFIG=%s/openser.conf OPENSER_MIGRATE_RC_PATH=%s/options.rc "
		    "%s/tests/dbc-run.sh %s/share openser %s %s",
		    env, tmp, tmp, OM_TEST_SRCDIR, tmp, dbtype, oldversion);

	if (rc == 99) {
		printf("SKIP: dbconfig-common is not installed (scripts/install-deps installs it)\n");
		return -1;
	}
	return rc;
}

/* What openser-migrate itself saw, written at its "history" step by the test hook. */
static const char *seen_hook =
	"OPENSER_MIGRATE_TEST_EXEC_AT=history "
	"OPENSER_MIGRATE_TEST_EXEC='tr \"\\0\" \" \" </proc/$PPID/cmdline >%s/argv; "
	"tr \"\\0\" \"\\n\" </proc/$PPID/environ >%s/environ; "
	"for f in $(sed -n \"s/^OPENSER_MIGRATE_RC_PATH=//p\" %s/environ | tr : \" \"); do "
	"[ -f $f ] && stat -c \"%%a %%n\" $f && cat $f; done >%s/rc 2>&1'";

static char *hook_env(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, seen_hook, tmp, tmp, tmp, tmp);
	return strbuf_detach(&sb);
}

/* The password reached openser-migrate in a file of mode 600 only, never in argv or the environment. */
static void assert_password_kept_secret(const char *password)
{
	struct strbuf p = STRBUF_INIT;
	char *text;

	strbuf_addf(&p, "%s/argv", tmp);
	text = om_test_read_file(p.buf, NULL);
	ck_assert_msg(text != NULL, "the test hook did not run");
	assert_contains(text, "--yes --no-snapshot upgrade", "openser-migrate's argv");
	assert_lacks(text, password, "openser-migrate's argv");
	free(text);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/environ", tmp);
	text = om_test_read_file(p.buf, NULL);
	assert_lacks(text, password, "openser-migrate's environment");
	assert_lacks(text, "MYSQL_PWD", "openser-migrate's environment");
	assert_lacks(text, "PGPASSWORD", "openser-migrate's environment");
	free(text);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/rc", tmp);
	text = om_test_read_file(p.buf, NULL);
	assert_contains(text, "600 ", "the temporary openserctlrc's mode");
	assert_contains(text, "DBROOTPW=", "the temporary openserctlrc");
	free(text);
	strbuf_release(&p);
}

START_TEST(dbconfig_sqlite3_script_upgrades_once)
{
	char db[600], *out, *text;
	int rc;

	dbc_layout("sqlite3");
	run_ok("mkdir", "mkdir -p %s/lib", tmp);
	snprintf(db, sizeof(db), "%s/lib/openser", tmp);
	sqlite_11(db);
	/* dbc_basepath is the directory, dbc_dbname the file in it. */
	{
		char base[600];

		snprintf(base, sizeof(base), "%s/lib", tmp);
		dbc_conf("sqlite3", "openser", "", "", "", "openser", base, "");
	}
	/* An option of OpenSER's own openserctlrc still applies; its database does not. */
	write_options("DBENGINE=MYSQL\nDBNAME=elsewhere\nSTORE_PLAINTEXT_PW=0\n");

	rc = dbc_upgrade("sqlite3", "1.1.1-3", "", &out);
	if (rc < 0)
		return;
	ck_assert_msg(rc == 0, "dbconfig-common upgrade: exit %d\n%s", rc, out);
	assert_contains(out, "pending upgrades: 1.2.0", "dbconfig-common");
	assert_contains(out, "applying upgrade script for 1.1.1-3 -> 1.2.0", "dbconfig-common");
	assert_contains(out, "OpenSER 1.1 -> 1.2, done", "the upgrade's report");
	assert_contains(out, "(dbconfig-common, sqlite3 upgrade to 1.2.0): done: the database is at OpenSER 1.2", "dbc-upgrade");
	free(out);
	text = om_test_query(db, "SELECT table_version FROM version WHERE table_name = 'subscriber'");
	ck_assert_str_eq(text, "6\n");
	free(text);
	/* dbconfig-common's backup stands for our snapshot: none beside the database. */
	text = sh_ok("ls", "ls %s/lib", tmp);
	ck_assert_str_eq(text, "openser\n");
	free(text);
	/* STORE_PLAINTEXT_PW=0 of the options file: no plaintext left where both hashes are set. */
	text = om_test_query(db, "SELECT count(*) FROM subscriber WHERE password <> '' AND ha1 <> '' AND ha1b <> ''");
	ck_assert_str_eq(text, "0\n");
	free(text);

	/* A second run (retry, or a reinstall) does nothing and succeeds. */
	rc = dbc_upgrade("sqlite3", "1.1.1-3", "", &out);
	ck_assert_msg(rc == 0, "second run: exit %d\n%s", rc, out);
	assert_contains(out, "nothing to do: the database is already at OpenSER 1.2", "second run");
	free(out);
	/* From a version that has it already, dbconfig-common runs nothing. */
	rc = dbc_upgrade("sqlite3", "1.2.0-1", "", &out);
	ck_assert_msg(rc == 0, "from 1.2.0-1: exit %d\n%s", rc, out);
	assert_contains(out, "pending upgrades: none", "from 1.2.0-1");
	free(out);
}
END_TEST

START_TEST(dbconfig_failure_is_explained_and_aborts)
{
	char db[700], base[600], *out;
	int rc;

	dbc_layout("sqlite3");
	snprintf(base, sizeof(base), "%s/lib", tmp);
	run_ok("mkdir", "mkdir -p %s", base);
	snprintf(db, sizeof(db), "%s/openser", base);
	om_test_sql(db, "CREATE TABLE notes (body text)");
	dbc_conf("sqlite3", "openser", "", "", "", "openser", base, "");
	rc = dbc_upgrade("sqlite3", "1.1.1-3", "", &out);
	if (rc < 0)
		return;
	ck_assert_msg(rc == 1, "dbconfig-common should abort: exit %d\n%s", rc, out);
	assert_contains(out, "no OpenSER tables found", "openser-migrate's message");
	assert_contains(out, "not a known OpenSER schema (exit 5); nothing was changed", "dbc-upgrade's explanation");
	assert_contains(out, "exited with non-zero status", "dbconfig-common");
	assert_contains(out, "dbconfig-common: openser configure: aborted.", "dbconfig-common");
	free(out);

	/* No configuration at all: exit 2, before anything. */
	run_ok("rm", "rm %s/openser.conf", tmp);
	rc = dbc_upgrade("sqlite3", "1.1.1-3", "", &out);
	ck_assert_msg(rc == 1, "exit %d\n%s", rc, out);
	assert_contains(out, "no readable dbconfig-common configuration", "dbc-upgrade");
	free(out);
}
END_TEST

START_TEST(dbconfig_mysql_script_upgrades_as_the_package_user)
{
	static const char password[] = "it's a $ecret \\ \"x\"";
	struct om_test_mariadb server;
	char env[900], *out, *text, *hook;
	int rc;

	if (sh(NULL, "test -f /usr/share/dbconfig-common/dpkg/postinst") != 0) {
		printf("SKIP: dbconfig-common is not installed (scripts/install-deps installs it)\n");
		return;
	}
	dbc_layout("mysql");
	om_test_mariadb_start(&server, "latin1");
	free(om_test_mariadb_sql(&server, NULL, NULL, "CREATE DATABASE openser CHARACTER SET latin1"));
	om_test_mariadb_fixture(&server, "openser", "", "mysql-1.1-core.sql");
	om_test_mariadb_fixture(&server, "openser", "ANSI_QUOTES,NO_BACKSLASH_ESCAPES", "rows-1.1-core.sql");
	/* As dbconfig-common makes it: a user with a password and every right on the database. */
	free(om_test_mariadb_sql(&server, NULL, "NO_BACKSLASH_ESCAPES",
				 "CREATE USER 'omdbc'@'localhost' IDENTIFIED BY 'it''s a $ecret \\ \"x\"'; "
				 "GRANT ALL PRIVILEGES ON openser.* TO 'omdbc'@'localhost'"));
	dbc_conf("mysql", "omdbc", password, "", "", "openser", "", "");
	write_options("HAS_SERWEB=no\n");

	hook = hook_env();
	snprintf(env, sizeof(env), "MYSQL_UNIX_PORT=%s MYSQL_PWD=wrong %s", server.socket, hook);
	rc = dbc_upgrade("mysql", "1.1.1-3", env, &out);
	ck_assert_msg(rc == 0, "dbconfig-common upgrade: exit %d\n%s", rc, out);
	assert_contains(out, "OpenSER 1.1 -> 1.2, done", "the upgrade's report");
	assert_lacks(out, "it's a", "the output");
	free(out);
	assert_password_kept_secret("$ecret");
	text = om_test_mariadb_sql(&server, "openser", NULL,
				   "SELECT table_version FROM version WHERE table_name = 'subscriber'");
	ck_assert_str_eq(text, "6\n");
	free(text);
	rc = dbc_upgrade("mysql", "1.1.1-3", env, &out);
	ck_assert_msg(rc == 0, "second run: exit %d\n%s", rc, out);
	assert_contains(out, "nothing to do", "second run");
	free(out);

	/* A wrong password: exit 2, explained, and dbconfig-common aborts. */
	dbc_conf("mysql", "omdbc", "not it", "", "", "openser", "", "");
	rc = dbc_upgrade("mysql", "1.1.1-3", env, &out);
	ck_assert_msg(rc == 1, "wrong password: exit %d\n%s", rc, out);
	assert_contains(out, "cannot connect to MySQL as omdbc@localhost", "wrong password");
	assert_contains(out, "(exit 2); nothing was changed", "wrong password");
	free(out);
	free(hook);
	om_test_mariadb_stop(&server);
}
END_TEST

/* A PostgreSQL 1.1 database "openser" owned by role (which the upgrade needs), with OpenSER's users. */
static void pg_openser_owned_by(struct om_test_pg *server, const char *role)
{
	char sql[900];

	snprintf(sql, sizeof(sql), "CREATE DATABASE openser OWNER \"%s\"", role);
	free(om_test_pg_sql(server, NULL, sql));
	om_test_pg_fixture(server, "openser", "pgsql-1.1-core.sql");
	om_test_pg_fixture(server, "openser", "rows-1.1-core-pgsql.sql");
	snprintf(sql, sizeof(sql),
		 "DO $$ DECLARE t record; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
		 "LOOP EXECUTE format('ALTER TABLE public.%%I OWNER TO %%I', t.tablename, '%s'); END LOOP; END $$",
		 role);
	free(om_test_pg_sql(server, "openser", sql));
}

START_TEST(dbconfig_pgsql_script_upgrades_with_the_password)
{
	static const char password[] = "it's a $ecret \\ x";
	struct om_test_pg server;
	char env[900], port[16], *out, *text, *hook;
	int rc;

	if (sh(NULL, "test -f /usr/share/dbconfig-common/dpkg/postinst") != 0) {
		printf("SKIP: dbconfig-common is not installed (scripts/install-deps installs it)\n");
		return;
	}
	dbc_layout("pgsql");
	om_test_pg_start(&server);
	/* The test server asks "migr" for its password (scram-sha-256); everyone else is trusted. */
	free(om_test_pg_sql(&server, NULL, "CREATE ROLE migr LOGIN PASSWORD 'it''s a $ecret \\ x'"));
	pg_openser_owned_by(&server, "migr");
	snprintf(port, sizeof(port), "%d", server.port);
	dbc_conf("pgsql", "migr", password, server.sockdir, port, "openser", "", "password");
	write_options("HAS_SERWEB=no\n");

	hook = hook_env();
	snprintf(env, sizeof(env), "PGPASSWORD=wrong %s", hook);
	rc = dbc_upgrade("pgsql", "1.1.1-3", env, &out);
	ck_assert_msg(rc == 0, "dbconfig-common upgrade: exit %d\n%s", rc, out);
	assert_contains(out, "OpenSER 1.1 -> 1.2, done", "the upgrade's report");
	free(out);
	assert_password_kept_secret("$ecret");
	text = om_test_pg_sql(&server, "openser", "SELECT table_version FROM version WHERE table_name = 'subscriber'");
	ck_assert_str_eq(text, "6\n");
	free(text);
	text = om_test_pg_sql(&server, "openser", "SELECT tableowner FROM pg_tables WHERE tablename = 'subscriber' "
			      "AND schemaname = 'public'");
	ck_assert_str_eq(text, "migr\n");
	free(text);
	rc = dbc_upgrade("pgsql", "1.1.1-3", env, &out);
	ck_assert_msg(rc == 0, "second run: exit %d\n%s", rc, out);
	assert_contains(out, "nothing to do", "second run");
	free(out);

	dbc_conf("pgsql", "migr", "not it", server.sockdir, port, "openser", "", "password");
	rc = dbc_upgrade("pgsql", "1.1.1-3", env, &out);
	ck_assert_msg(rc == 1, "wrong password: exit %d\n%s", rc, out);
	assert_contains(out, "password authentication failed for user \"migr\"", "wrong password");
	assert_contains(out, "(exit 2); nothing was changed", "wrong password");
	free(out);
	free(hook);
	om_test_pg_stop(&server);
}
END_TEST

/* ident: as dbconfig-common does, the upgrade runs as the system account named like the role. */
START_TEST(dbconfig_pgsql_script_with_ident_runs_as_the_user)
{
	struct om_test_pg server;
	char env[900], port[16], *out, *text;
	int rc;

	if (getuid() != 0 || sh(NULL, "id nobody && command -v runuser") != 0 ||
	    sh(NULL, "test -f /usr/share/dbconfig-common/dpkg/postinst") != 0) {
		printf("SKIP dbconfig_pgsql_script_with_ident_runs_as_the_user: needs root, runuser, "
		       "the user nobody and dbconfig-common\n");
		return;
	}
	/* nobody must reach the installed binary and its plans. */
	chmod(tmp, 0755);
	dbc_layout("pgsql");
	om_test_pg_start(&server);
	free(om_test_pg_sql(&server, NULL, "CREATE ROLE nobody LOGIN"));
	pg_openser_owned_by(&server, "nobody");
	snprintf(port, sizeof(port), "%d", server.port);
	dbc_conf("pgsql", "nobody", "", "", port, "openser", "", "ident");
	write_options("HAS_SERWEB=no\n");
	/* No server named: libpq's default, the local socket (PGHOST here, /run/postgresql on a real system). */
	run_ok("mkdir", "mkdir -m 777 %s/seen", tmp);
	snprintf(env, sizeof(env), "PGHOST=%s OPENSER_MIGRATE_TEST_EXEC_AT=history "
		 "OPENSER_MIGRATE_TEST_EXEC='id -un >%s/seen/whoami'", server.sockdir, tmp);
	rc = dbc_upgrade("pgsql", "1.1.1-3", env, &out);
	ck_assert_msg(rc == 0, "dbconfig-common upgrade: exit %d\n%s", rc, out);
	assert_contains(out, "OpenSER 1.1 -> 1.2, done", "the upgrade's report");
	free(out);
	text = sh_ok("whoami", "cat %s/seen/whoami", tmp);
	ck_assert_str_eq(text, "nobody\n");
	free(text);
	om_test_pg_stop(&server);
}
END_TEST

/* ---- the example postinst ------------------------------------------------------------------ */

START_TEST(example_postinst_upgrades_on_configure_from_1_1)
{
	char db[600], rcpath[600], rcline[700], *out, *text;
	int rc;

	{
		char args[600];

		snprintf(args, sizeof(args), "install PREFIX=%s/prefix", tmp);
		make(args);
	}
	/* PATH: the installed openser-migrate, and an invoke-rc.d that only says what it was asked. */
	run_ok("bin", "mkdir %s/bin && ln -s %s/prefix/bin/openser-migrate %s/bin/ && "
	      "printf '#!/bin/sh\\necho \"invoke-rc.d $*\"\\n' >%s/bin/invoke-rc.d && chmod 755 %s/bin/invoke-rc.d",
	      tmp, tmp, tmp, tmp, tmp);
	snprintf(db, sizeof(db), "%s/openser.db", tmp);
	sqlite_11(db);
	snprintf(rcpath, sizeof(rcpath), "%s/openserctlrc", tmp);
	snprintf(rcline, sizeof(rcline), "DBENGINE=SQLITE\nDB_PATH=%s\n", db);
	om_test_write_file(rcpath, rcline);

#define POSTINST "cd / && PATH=%s/bin:/usr/bin:/bin OPENSERCTLRC=%s sh %s/examples/postinst configure "
	/* A first install, and an upgrade from a version with 1.2 already: nothing. */
	text = sh_ok("postinst", POSTINST "''", tmp, rcpath, OM_TEST_SRCDIR);
	ck_assert_str_eq(text, "");
	free(text);
	text = sh_ok("postinst", POSTINST "1.2.0-1", tmp, rcpath, OM_TEST_SRCDIR);
	ck_assert_str_eq(text, "");
	free(text);

	rc = sh(&out, POSTINST "1.1.1-3", tmp, rcpath, OM_TEST_SRCDIR);
	ck_assert_msg(rc == 0, "postinst configure 1.1.1-3: exit %d\n%s", rc, out);
	assert_contains(out, "invoke-rc.d openser stop\n", "postinst");
	assert_contains(out, "OpenSER 1.1 -> 1.2, done", "postinst");
	assert_contains(out, "saved before the upgrade", "postinst: the snapshot");
	free(out);
	/* dpkg --configure -a runs it again: nothing to do, exit 0. */
	rc = sh(&out, POSTINST "1.1.1-3", tmp, rcpath, OM_TEST_SRCDIR);
	ck_assert_msg(rc == 0, "postinst again: exit %d\n%s", rc, out);
	assert_contains(out, "nothing to do", "postinst again");
	free(out);

	/* A failure: non-zero for dpkg, with what to do. */
	snprintf(db, sizeof(db), "%s/other.db", tmp);
	om_test_sql(db, "CREATE TABLE notes (body text)");
	snprintf(rcline, sizeof(rcline), "DBENGINE=SQLITE\nDB_PATH=%s\n", db);
	om_test_write_file(rcpath, rcline);
	rc = sh(&out, POSTINST "1.1.1-3", tmp, rcpath, OM_TEST_SRCDIR);
	ck_assert_msg(rc == 1, "postinst on a database that is not OpenSER's: exit %d\n%s", rc, out);
	assert_contains(out, "no OpenSER tables found", "postinst");
	assert_contains(out, "(exit 5); nothing was changed", "postinst");
	free(out);

	/* No database configured: nothing to upgrade, and the package configures. */
	om_test_write_file(rcpath, "# nothing here\n");
	rc = sh(&out, POSTINST "1.1.1-3", tmp, rcpath, OM_TEST_SRCDIR);
	ck_assert_msg(rc == 0, "postinst without a database: exit %d\n%s", rc, out);
	assert_contains(out, "no database configured", "postinst");
	free(out);
#undef POSTINST
}
END_TEST

static Suite *install_suite(void)
{
	Suite *s = suite_create("install");
	TCase *tc;

	tc = tcase_create("make_install");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, install_with_destdir_puts_every_file_in_place);
	tcase_add_test(tc, installed_binary_upgrades_from_any_directory_with_its_own_plans);
	suite_add_tcase(s, tc);

	tc = tcase_create("man_page");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, man_page_renders_and_lints_clean);
	tcase_add_test(tc, man_page_documents_every_command_option_and_exit_code);
	suite_add_tcase(s, tc);

	tc = tcase_create("make_deb");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, deb_holds_the_tool_and_installs_as_a_tree);
	suite_add_tcase(s, tc);

	tc = tcase_create("dbconfig_common");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, dbconfig_sqlite3_script_upgrades_once);
	tcase_add_test(tc, dbconfig_failure_is_explained_and_aborts);
	tcase_add_test(tc, dbconfig_mysql_script_upgrades_as_the_package_user);
	tcase_add_test(tc, dbconfig_pgsql_script_upgrades_with_the_password);
	tcase_add_test(tc, dbconfig_pgsql_script_with_ident_runs_as_the_user);
	suite_add_tcase(s, tc);

	tc = tcase_create("postinst");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, example_postinst_upgrades_on_configure_from_1_1);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return om_test_main(install_suite());
}
