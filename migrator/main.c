/*
 * main.c: the openser-migrate command line.  Parses options (before or
 * after the command), reads the configuration, runs one command through
 * run.h, prints what it returns, and exits with the contract's code.
 * The only place that prints or exits.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cfgrun.h"
#include "config.h"
#include "jsonout.h"
#include "progress.h"
#include "report.h"
#include "run.h"
#include "online.h"

#ifndef OM_PLANDIR
#define OM_PLANDIR "/usr/local/share/openser-migrate/plans"
#endif
#ifndef OM_VERSION
#define OM_VERSION "0"
#endif

struct cli {
	const char *config;
	const char *db;
	const char *to;
	const char *plans;
	const char *output;     /* cfg-fix -o OUT */
	bool yes, force, no_snapshot, json, quiet, version;
	int verbose;
	int jobs;
	int lock_timeout;
	const char *command;
	char **args;
	int nargs;
	struct om_config cfg;
	bool tty;
	bool err_tty;           /* stderr is a terminal: progress, and the log without a prefix */
	bool changes;           /* the command changes databases: its steps are logged without a terminal too */
	struct om_progress *progress;  /* the progress thread, when drawn */
	struct timespec t0;
};

static struct om_run run;

static void usage(FILE *f)
{
	fputs("usage: openser-migrate [options] COMMAND [ARGS]\n"
	      "\n"
	      "commands:\n"
	      "  status            engine, detected version, differences, pending steps\n"
	      "  plan [--to V]     print the exact SQL an upgrade would run; change nothing\n"
	      "  upgrade [--to V]  upgrade the database in place (one transaction on SQLite)\n"
	      "  migrate OLD NEW   build NEW at the target version from OLD; OLD is never modified\n"
	      "  verify            compare the database with its version's schema\n"
	      "  cleanup           drop the old tables an upgrade retained (old11_*, ...)\n"
	      "  rollback          undo the last upgrade (after cleanup: --force, from the rollback map)\n"
	      "  snapshot save NAME     copy the whole database beside it (NAME: letters, digits, _ -)\n"
	      "  snapshot list          the snapshots: where, when, how, which OpenSER version\n"
	      "  snapshot diff NAME     compare the database with a snapshot (exit 0 same, 5 differs)\n"
	      "  snapshot restore NAME  make the database exactly the snapshot again (asks)\n"
	      "  snapshot drop NAME     remove a snapshot (asks)\n"
	      "  cfg-check FILE    what an openser.cfg of 1.1 must change for 1.2 (no database needed)\n"
	      "  cfg-fix FILE -o OUT  write OUT with the mechanical changes made; FILE is never modified\n"
	      "\n"
	      "options (before or after the command):\n"
	      "  -c, --config FILE     read this openserctlrc only\n"
	      "  -d, --db URL          sqlite:PATH | mysql://USER@HOST[:PORT]/DB | postgres://...\n"
	      "      --to V            target version (1.1 or 1.2; default: the newest)\n"
	      "  -y, --yes             answer yes to questions (needed without a terminal)\n"
	      "      --force           override a safety refusal (see README)\n"
	      "      --no-snapshot     upgrade without saving a snapshot before-upgrade-<UTC> first\n"
	      "      --json            machine-readable output\n"
	      "      --jobs N          MySQL: copy large tables on up to N connections at once\n"
	      "                        (default: the number of cores; SQLite, PostgreSQL: 1)\n"
	      "      --lock-timeout S  wait up to S seconds for another run's lock (default 30)\n"
	      "      --plans DIR       the plans directory (default: " OM_PLANDIR ")\n"
	      "  -o, --output OUT      cfg-fix: the file to write\n"
	      "  -q, --quiet           only errors\n"
	      "  -v, --verbose         more detail\n"
	      "  -h, --help            this help\n"
	      "      --version         the version\n"
	      "\n"
	      "exit codes: 0 done or nothing to do; 1 failed, database unchanged; 2 usage or\n"
	      "configuration error; 3 refused by a safety check; 4 locked by another run;\n"
	      "5 unknown or drifted schema; 6 interrupted, a rerun resumes; 7 (status) an\n"
	      "upgrade is pending.  cfg-check and cfg-fix: 0 nothing (more) to change; 1 changes\n"
	      "left (errors or warnings); 2 FILE unreadable or unparsable, or OUT not writable.\n", f);
}

static int parse_int(const char *s, const char *opt, int min, int max, int *out, struct om_error *err)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		return om_error_set(err, OM_EXIT_USAGE, "%s \"%s\" is not a number from %d to %d", opt, s, min, max);
	}
	*out = (int)v;
	return 0;
}

enum { OPT_TO = 256, OPT_FORCE, OPT_NO_SNAPSHOT, OPT_JSON, OPT_JOBS, OPT_LOCK_TIMEOUT, OPT_VERSION, OPT_PLANS };

static int parse_args(struct cli *c, int argc, char **argv, struct om_error *err)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "to", required_argument, NULL, OPT_TO },
		{ "yes", no_argument, NULL, 'y' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "no-snapshot", no_argument, NULL, OPT_NO_SNAPSHOT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT },
		{ "plans", required_argument, NULL, OPT_PLANS },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:d:o:yqvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			c->config = optarg;
			break;
		case 'd':
			c->db = optarg;
			break;
		case OPT_TO:
			c->to = optarg;
			break;
		case 'y':
			c->yes = true;
			break;
		case OPT_FORCE:
			c->force = true;
			break;
		case OPT_NO_SNAPSHOT:
			c->no_snapshot = true;
			break;
		case OPT_JSON:
			c->json = true;
			break;
		case OPT_JOBS:
			if (parse_int(optarg, "--jobs", 1, 64, &c->jobs, err))
				return -1;
			break;
		case OPT_LOCK_TIMEOUT:
			if (parse_int(optarg, "--lock-timeout", 0, 86400, &c->lock_timeout, err))
				return -1;
			break;
		case OPT_PLANS:
			c->plans = optarg;
			break;
		case 'o':
			c->output = optarg;
			break;
		case 'q':
			c->quiet = true;
			break;
		case 'v':
			c->verbose++;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case OPT_VERSION:
			c->version = true;
			break;
		case ':':
			return om_error_set(err, OM_EXIT_USAGE, "option \"%s\" needs a value", argv[optind - 1]);
		default:
			return om_error_set(err, OM_EXIT_USAGE, "unknown option \"%s\" (see --help)", argv[optind - 1]);
		}
	}
	if (c->version)
		return 0;
	if (optind >= argc)
		return om_error_set(err, OM_EXIT_USAGE, "no command given (see --help)");
	c->command = argv[optind];
	c->args = argv + optind + 1;
	c->nargs = argc - optind - 1;
	return 0;
}

/* ---- callbacks ------------------------------------------------------------------ */

static bool confirm(const char *question, void *ud);

/*
 * openserctlrc values for the planner.  "ask" (INSTALL_*_TABLES) becomes
 * the operator's answer, asked once; without a terminal it is "no" unless
 * --yes.
 */
static const char *getvar(const char *name, void *ud)
{
	struct cli *c = ud;
	const char *v = om_rc_get(&c->cfg.rc, name);
	static struct om_strlist answered;
	char question[200];

	if (!v || strcasecmp(v, "ask"))
		return v;
	for (size_t i = 0; i + 1 < answered.n; i += 2)
		if (!strcmp(answered.v[i], name))
			return answered.v[i + 1];
	snprintf(question, sizeof(question), "%s=ask: install these tables?", name);
	om_strlist_add(&answered, name);
	om_strlist_add(&answered, confirm(question, ud) ? "yes" : "no");
	return answered.v[answered.n - 1];
}

static bool confirm(const char *question, void *ud)
{
	struct cli *c = ud;
	char line[64];

	if (c->yes)
		return true;
	if (!c->tty)
		return false;
	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

/* A password from the terminal, not echoed; NULL without a terminal. */
static char *ask_password(const char *prompt, void *ud)
{
	struct cli *c = ud;
	struct termios old, quiet;
	char line[256];
	FILE *tty;
	char *res = NULL;

	if (!c->tty)
		return NULL;
	tty = fopen("/dev/tty", "r+");
	if (!tty)
		return NULL;
	fputs(prompt, tty);
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	}
	if (fgets(line, sizeof(line), tty)) {
		line[strcspn(line, "\r\n")] = '\0';
		res = om_xstrdup(line);
	}
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	memset(line, 0, sizeof(line));
	return res;
}

/*
 * One line of the log on stderr (not with --quiet): on a terminal
 * "  [  1.23s] what", else (a maintainer script's log)
 * "openser-migrate: [  1.23s] what".
 */
static void log_line(const struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void log_line(const struct cli *c, const char *fmt, ...)
{
	struct timespec t;
	va_list ap;

	if (c->quiet)
		return;
	/* Whole lines, from any thread (--jobs copies), never inside the progress line. */
	om_progress_hold(c->progress);
	flockfile(stderr);
	clock_gettime(CLOCK_MONOTONIC, &t);
	fprintf(stderr, "%s[%6.2fs] ", c->err_tty && !c->json ? "  " : "openser-migrate: ",
		(double)(t.tv_sec - c->t0.tv_sec) + (double)(t.tv_nsec - c->t0.tv_nsec) / 1e9);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
	om_progress_release(c->progress);
}

static void after_step(const char *step, void *ud)
{
	struct cli *c = ud;
	const char *kill_at = getenv("OPENSER_MIGRATE_TEST_KILL_AT");
	const char *int_at = getenv("OPENSER_MIGRATE_TEST_INTERRUPT_AT");

	/*
	 * Fault injection for the tests: die here, as a crash or `kill -9`
	 * would, or get the Ctrl-C of an impatient operator.
	 */
	if (kill_at && !strcmp(kill_at, step))
		raise(SIGKILL);
	if (int_at && !strcmp(int_at, step))
		raise(SIGINT);
	/* ...or a concurrent writer (a shell command run at that step). */
	if (getenv("OPENSER_MIGRATE_TEST_EXEC_AT") && !strcmp(getenv("OPENSER_MIGRATE_TEST_EXEC_AT"), step) &&
	    getenv("OPENSER_MIGRATE_TEST_EXEC")) {
		if (system(getenv("OPENSER_MIGRATE_TEST_EXEC")) != 0)
			fprintf(stderr, "openser-migrate: the test command failed\n");
	}
	/* A reading command's steps only on a terminal or with -v, as they always were. */
	if (c->changes || (c->err_tty && !c->json) || c->verbose)
		log_line(c, "%s: done", step);
}

/* The progress line, drawn in place on the terminal ("" clears it). */
static void draw_progress(const char *line, void *ud)
{
	(void)ud;
	if (*line)
		fprintf(stderr, "\r%s\033[K", line);
	else
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* A copy begins or ends: the progress line, then one log line when it ends. */
static void on_copy(const struct om_copy *cp, void *ud)
{
	struct cli *c = ud;
	char on[40] = "";

	om_progress_copy(c->progress, cp);
	if (!cp->done)
		return;
	if (cp->conn > 0)
		snprintf(on, sizeof(on), " (--jobs connection %d)", cp->conn);
	if (!cp->ok)
		log_line(c, "%s: copy failed after %.2f s", cp->table, cp->seconds);
	else if (cp->rows >= 0)
		log_line(c, "%s: copied %lld row%s in %.2f s%s", cp->table, cp->rows, cp->rows == 1 ? "" : "s",
			 cp->seconds, on);
	else
		log_line(c, "%s: copied (%lld rows in its source) in %.2f s%s", cp->table, cp->total, cp->seconds, on);
}

/*
 * Progress on a terminal only (stderr), never with --quiet or --json.
 * OPENSER_MIGRATE_TEST_PROGRESS_MS (tests) is both the delay before the
 * line appears (2 s) and its redraw period (0.25 s).
 */
static void start_progress(struct cli *c, struct om_run_opts *o)
{
	const char *ms = getenv("OPENSER_MIGRATE_TEST_PROGRESS_MS");
	int after = 2000, period = 250;

	if (!c->quiet)
		o->copy = on_copy;
	if (!c->err_tty || c->quiet || c->json)
		return;
	if (ms && atoi(ms) > 0)
		after = period = atoi(ms);
	c->progress = om_progress_start(after, period, draw_progress, c);
	o->count_rows = c->progress != NULL;
}

static void on_signal(int sig)
{
	(void)sig;
	om_run_request_interrupt(&run);
}

/* ---- output ----------------------------------------------------------------------- */

static void print_error(const struct cli *c, const struct om_error *err)
{
	if (c->json)
		return;
	fprintf(stderr, "openser-migrate: %s\n", err->msg);
}

static void out(const struct strbuf *sb)
{
	fwrite(sb->buf, 1, sb->len, stdout);
}

/*
 * The one --json document of a run (jsonout.h, README "JSON output"): the
 * common members, then the command's own (fields: an object, or NULL).
 * answer: a non-zero code is the command's answer, not a failure.
 */
static void emit_json(const struct cli *c, const char *command, const char *database, int code, bool answer,
		      const struct om_error *err, const char *error_extra, const char *fields)
{
	struct strbuf sb = STRBUF_INIT;
	struct om_json_doc d = { command, database, code, answer, err ? err->msg : NULL, error_extra,
				 &c->cfg.warnings, fields };

	om_json_document(&sb, &d);
	out(&sb);
	strbuf_release(&sb);
}

static void print_lines(const struct om_strlist *l, FILE *f)
{
	for (size_t i = 0; i < l->n; i++)
		fprintf(f, "%s\n", l->v[i]);
}

static int finish_json(struct cli *c, const char *command, const char *target, int code,
		       const struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	if (c->json) {
		om_report_run_json(&run, &sb);
		emit_json(c, command, target, code, false, err, NULL, sb.buf);
	}
	strbuf_release(&sb);
	return code;
}

/* The exit code of a command's result: 0, or the error's code. */
static int exit_code(int rc, const struct om_error *err)
{
	return rc < 0 ? err->code : 0;
}

/* Did the command get as far as telling what the database is (a known version or not)? */
static bool state_known(const struct om_error *err)
{
	return run.detected && (err->code == OM_EXIT_PENDING ||
				(err->code == OM_EXIT_SCHEMA && (!run.detect.schema || !run.detect.exact)));
}

/* ---- the commands ------------------------------------------------------------------- */

struct command {
	const char *name;
	int nargs;              /* arguments it takes */
	bool needs_db;          /* a database must be configured */
	int (*run)(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		   struct om_error *err);
	bool offline;           /* reads no openserctlrc and no database at all (o and target are NULL) */
	const char *usage;      /* its arguments, for a usage error; NULL: OLD NEW */
};

static int cmd_status(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		      struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int code = exit_code(om_cmd_status(&run, plan_dir, &c->cfg.target, o, err), err);

	/* Pending, unknown or not OpenSER at all: the report says what is there. */
	if (code && !state_known(err)) {
		print_error(c, err);
		if (c->json)
			finish_json(c, "status", target, code, err);
		return code;
	}
	if (c->json) {
		om_report_status_json(&run, target, code, &sb);
		emit_json(c, "status", target, code, true, err, NULL, sb.buf);
	} else if (!c->quiet) {
		om_report_status_text(&run, target, code, &sb);
		out(&sb);
	}
	strbuf_release(&sb);
	return code;
}

static int cmd_verify(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		      struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int code = exit_code(om_cmd_verify(&run, plan_dir, &c->cfg.target, o, err), err);

	if (c->json && run.detected) {
		om_report_status_json(&run, target, code, &sb);
		emit_json(c, "verify", target, code, code == OM_EXIT_SCHEMA, err, NULL, sb.buf);
		strbuf_release(&sb);
		return code;
	}
	if (code && c->json)
		return finish_json(c, "verify", target, code, err);
	if (!code) {
		if (!c->quiet && run.detect.drift.n)
			printf("%s: matches OpenSER %s, with the %zu difference%s an upgrade kept\n", target,
			       run.detect.schema->version, run.detect.drift.n, run.detect.drift.n == 1 ? "" : "s");
		else if (!c->quiet)
			printf("%s: matches OpenSER %s exactly\n", target, run.detect.schema->version);
		return 0;
	}
	if (state_known(err) && run.detect.diff.n) {
		fprintf(stderr, "openser-migrate: %s:\n", err->msg);
		for (size_t i = 0; i < run.detect.diff.n; i++)
			fprintf(stderr, "  %s\n", run.detect.diff.v[i]);
	} else {
		print_error(c, err);
	}
	return code;
}

/* plan prints its findings as SQL comments first, so that stdout stays a valid script. */
static int cmd_plan(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		    struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, rep = STRBUF_INIT;
	int code = exit_code(om_cmd_plan(&run, plan_dir, &c->cfg.target, o, err), err);

	/* A plan the upgrade would refuse is printed all the same, with its problems. */
	if (code && !(code == OM_EXIT_REFUSED && run.script.n)) {
		print_error(c, err);
		return finish_json(c, "plan", target, code, err);
	}
	if (c->json)
		return finish_json(c, "plan", target, code, err);
	om_report_run_text(&run, "plan", target, &rep);
	for (size_t i = 0, start = 0; i <= rep.len; i++)
		if (i == rep.len || rep.buf[i] == '\n') {
			if (i > start)
				printf("-- %.*s\n", (int)(i - start), rep.buf + start);
			start = i + 1;
		}
	if (run.script.n) {
		printf("\n");
		om_script_format(&run.script, &sb);
		out(&sb);
	}
	strbuf_release(&sb);
	strbuf_release(&rep);
	return code;
}

static int cmd_upgrade(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		       struct om_error *err)
{
	int code = exit_code(om_cmd_upgrade(&run, plan_dir, &c->cfg.target, o, err), err);

	if (code) {
		print_error(c, err);
		if (!c->json && run.planned && (run.plan.problems.n || run.plan.warnings.n) &&
		    code != OM_EXIT_REFUSED)
			print_lines(&run.plan.warnings, stderr);
	} else if (!c->quiet && !c->json) {
		struct strbuf rep = STRBUF_INIT;

		om_report_run_text(&run, "upgrade", target, &rep);
		out(&rep);
		strbuf_release(&rep);
	}
	return finish_json(c, "upgrade", target, code, err);
}

/* finish: upgrade with prepare's shadows (online.h). */
static int cmd_finish(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		      struct om_error *err)
{
	int code;

	o->online = true;
	code = exit_code(om_cmd_upgrade(&run, plan_dir, &c->cfg.target, o, err), err);
	if (code) {
		print_error(c, err);
	} else if (!c->quiet && !c->json) {
		struct strbuf rep = STRBUF_INIT;

		om_report_run_text(&run, "finish", target, &rep);
		out(&rep);
		strbuf_release(&rep);
	}
	return finish_json(c, "finish", target, code, err);
}

/* prepare and abort: what they did, one line each. */
static int cmd_prepare(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		       struct om_error *err)
{
	int code = exit_code(om_cmd_prepare(&run, plan_dir, &c->cfg.target, o, err), err);

	if (code)
		print_error(c, err);
	else if (!c->quiet && !c->json)
		print_lines(&run.info, stdout);
	return finish_json(c, "prepare", target, code, err);
}

static int cmd_abort(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		     struct om_error *err)
{
	int code = exit_code(om_cmd_abort(&run, plan_dir, &c->cfg.target, o, err), err);

	if (code)
		print_error(c, err);
	else if (!c->quiet && !c->json)
		print_lines(&run.info, stdout);
	return finish_json(c, "abort", target, code, err);
}

static int cmd_cleanup(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		       struct om_error *err)
{
	int code = exit_code(om_cmd_cleanup(&run, plan_dir, &c->cfg.target, o, err), err);

	if (code)
		print_error(c, err);
	else if (!c->quiet && !c->json)
		print_lines(&run.info, stdout);
	return finish_json(c, "cleanup", target, code, err);
}

/* Is path an SQLite database file (by its header)? */
static bool is_sqlite_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char hdr[16];
	bool yes;

	if (!f)
		return false;
	yes = fread(hdr, 1, 16, f) == 16 && !memcmp(hdr, "SQLite format 3", 16);
	fclose(f);
	return yes;
}

static char *dup_opt(const char *s)
{
	return s ? om_xstrdup(s) : NULL;
}

/* t as the configured server, with database db. */
static void copy_target(struct om_dbtarget *t, const struct om_dbtarget *from, const char *db)
{
	t->engine = from->engine;
	t->user = dup_opt(from->user);
	t->host = dup_opt(from->host);
	t->socket = dup_opt(from->socket);
	t->uri = dup_opt(from->uri);
	t->port = from->port;
	t->password = dup_opt(from->password);
	t->rw_user = dup_opt(from->rw_user);
	t->ro_user = dup_opt(from->ro_user);
	t->ask_password = from->ask_password;
	t->ask_ud = from->ask_ud;
	t->db = om_xstrdup(db);
}

/*
 * OLD and NEW: two SQLite files (named so, or no database configured), or
 * two databases of the server that -d or openserctlrc names, as in the
 * old tool.  desc describes NEW.
 */
static int migrate_targets(struct cli *c, struct om_dbtarget *old, struct om_dbtarget *nw, struct strbuf *desc,
			   struct om_error *err)
{
	const char *a = c->args[0], *b = c->args[1];
	bool files = c->cfg.target.engine == OM_ENGINE_NONE || c->cfg.target.engine == OM_ENGINE_SQLITE;

	/* "sqlite:" in front of the names is accepted, as in -d. */
	if (!strncmp(a, "sqlite:", 7) && !strncmp(b, "sqlite:", 7)) {
		a += 7;
		b += 7;
		files = true;
	} else if (c->cfg.target.engine == OM_ENGINE_NONE && !is_sqlite_file(a)) {
		return om_error_set(err, OM_EXIT_USAGE,
				    "migrate: cannot tell the engine: give -d URL (or DBENGINE in openserctlrc), "
				    "or name two SQLite files");
	}
	if (files) {
		old->engine = nw->engine = OM_ENGINE_SQLITE;
		old->path = om_xstrdup(a);
		nw->path = om_xstrdup(b);
		strbuf_addf(desc, "sqlite:%s", b);
	} else {
		struct om_dbtarget shown;

		copy_target(old, &c->cfg.target, a);
		copy_target(nw, &c->cfg.target, b);
		/* NEW by its name (a libpq URI, shown as given, would name OLD's database). */
		shown = *nw;
		shown.uri = NULL;
		om_dbtarget_describe(&shown, desc);
	}
	return 0;
}

static int cmd_migrate(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		       struct om_error *err)
{
	struct om_dbtarget old, nw;
	struct strbuf desc = STRBUF_INIT;
	int code;

	(void)target;
	om_dbtarget_init(&old);
	om_dbtarget_init(&nw);
	if (migrate_targets(c, &old, &nw, &desc, err)) {
		print_error(c, err);
		code = finish_json(c, "migrate", c->args[0], err->code, err);
		goto out;
	}
	run.target_desc = desc.buf;
	code = exit_code(om_cmd_migrate(&run, plan_dir, &old, &nw, o, err), err);
	if (code) {
		print_error(c, err);
	} else if (!c->quiet && !c->json) {
		struct strbuf rep = STRBUF_INIT;

		om_report_run_text(&run, "migrate", desc.buf, &rep);
		out(&rep);
		strbuf_release(&rep);
	}
	finish_json(c, "migrate", desc.buf, code, err);
out:
	run.target_desc = NULL;
	om_dbtarget_release(&old);
	om_dbtarget_release(&nw);
	strbuf_release(&desc);
	return code;
}

static int cmd_rollback(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
			struct om_error *err)
{
	int code = exit_code(om_cmd_rollback(&run, plan_dir, &c->cfg.target, o, err), err);

	if (code) {
		print_error(c, err);
	} else if (!c->quiet && !c->json && run.planned) {
		/* Without the retained tables (--force): the rollback map's plan, reported as an upgrade's. */
		struct strbuf rep = STRBUF_INIT;

		om_report_run_text(&run, "rollback", target, &rep);
		out(&rep);
		strbuf_release(&rep);
	} else if (!c->quiet && !c->json) {
		print_lines(&run.info, stdout);
	}
	return finish_json(c, "rollback", target, code, err);
}

/* ---- snapshot SUBCOMMAND [NAME] ---------------------------------------------------------- */

/* The JSON of a snapshot command: the common members, then `extra` (", \"k\": v..." or ""). */
static void snapshot_json_out(struct cli *c, const char *command, const char *target, int code,
			      const struct om_error *err, const char *extra)
{
	struct strbuf fields = STRBUF_INIT;

	strbuf_addf(&fields, "{%s}", *extra ? extra + 2 : "");
	/* A diff that differs is the answer. */
	emit_json(c, command, target, code, run.diffed && code == OM_EXIT_SCHEMA, err, NULL, fields.buf);
	strbuf_release(&fields);
}

static void list_text(const char *target)
{
	size_t complete = 0;

	for (size_t i = 0; i < run.snaps.n; i++) {
		const struct om_snapshot *s = &run.snaps.v[i];

		if (!s->complete)
			continue;
		complete++;
		printf("%s\n  taken %s UTC, OpenSER %s\n  %s: %s\n  method: %s (%s)\n", s->name, s->taken, s->version,
		       run.drv->list_databases ? "database" : "file", s->place, s->method, s->why);
	}
	if (!complete)
		printf("no snapshots of %s\n", target);
	for (size_t i = 0; i < run.snaps.n; i++)
		if (!run.snaps.v[i].complete)
			printf("not a snapshot: %s, left by an interrupted save of \"%s\" (the next save of that name, "
			       "or `snapshot drop %s`, removes it)\n", run.snaps.v[i].place, run.snaps.v[i].name,
			       run.snaps.v[i].name);
}

static void list_json(struct strbuf *sb)
{
	for (int pass = 0; pass < 2; pass++) {
		bool first = true;

		strbuf_adds(sb, pass ? "], \"incomplete\": [" : ", \"snapshots\": [");
		for (size_t i = 0; i < run.snaps.n; i++) {
			if (run.snaps.v[i].complete == (pass == 1))
				continue;
			strbuf_adds(sb, first ? "" : ", ");
			first = false;
			om_snapshot_json(sb, &run.snaps.v[i]);
		}
	}
	strbuf_adds(sb, "]");
}

/* What a snapshot command that succeeded (or a diff that differs) tells, as text. */
static void snapshot_text(const char *sub, const char *target)
{
	const struct om_snapshot *s = &run.snap;

	if (!strcmp(sub, "save")) {
		printf("snapshot \"%s\" of %s saved: OpenSER %s\n  %s: %s\n  method: %s (%s)\n", s->name, target,
		       s->version, run.drv->list_databases ? "database" : "file", s->place, s->method, s->why);
	} else if (!strcmp(sub, "list")) {
		list_text(target);
	} else if (!strcmp(sub, "restore")) {
		printf("%s restored to snapshot \"%s\" (taken %s UTC, OpenSER %s)\n  %s\n", target, s->name, s->taken,
		       s->version, run.restored_how);
	} else if (!strcmp(sub, "drop")) {
		printf("snapshot \"%s\" dropped (%s)\n", s->name, s->place);
	} else if (run.diff.identical) {
		long long rows = 0;

		for (size_t i = 0; i < run.diff.ntables; i++)
			rows += run.diff.tables[i].live_rows;
		printf("%s equals snapshot \"%s\": the same catalog, and the same rows in all %zu tables (%lld rows)\n",
		       target, s->name, run.diff.ntables, rows);
	} else {
		struct strbuf sb = STRBUF_INIT;

		om_snapdiff_text(&sb, &run.diff);
		printf("%s differs from snapshot \"%s\":\n%s", target, s->name, sb.buf);
		strbuf_release(&sb);
	}
}

static int cmd_snapshot(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
			struct om_error *err)
{
	const char *sub = c->nargs ? c->args[0] : "", *name = c->nargs > 1 ? c->args[1] : NULL;
	const struct om_dbtarget *t = &c->cfg.target;
	struct strbuf command = STRBUF_INIT, extra = STRBUF_INIT;
	int rc;

	if (!strcmp(sub, "list") ? c->nargs != 1 :
	    (c->nargs != 2 || (strcmp(sub, "save") && strcmp(sub, "diff") && strcmp(sub, "restore") && strcmp(sub, "drop")))) {
		om_error_set(err, OM_EXIT_USAGE, "usage: openser-migrate snapshot save|diff|restore|drop NAME, "
			     "or snapshot list");
		print_error(c, err);
		snapshot_json_out(c, "snapshot", target, OM_EXIT_USAGE, err, "");
		return OM_EXIT_USAGE;
	}
	strbuf_addf(&command, "snapshot %s", sub);
	if (!strcmp(sub, "save"))
		rc = om_cmd_snapshot_save(&run, plan_dir, t, o, name, err);
	else if (!strcmp(sub, "list"))
		rc = om_cmd_snapshot_list(&run, plan_dir, t, o, err);
	else if (!strcmp(sub, "diff"))
		rc = om_cmd_snapshot_diff(&run, plan_dir, t, o, name, err);
	else if (!strcmp(sub, "restore"))
		rc = om_cmd_snapshot_restore(&run, plan_dir, t, o, name, err);
	else
		rc = om_cmd_snapshot_drop(&run, plan_dir, t, o, name, err);
	rc = exit_code(rc, err);
	/* A diff that differs is an answer, not a failure: it is told in full. */
	if ((!rc || (run.diffed && rc == OM_EXIT_SCHEMA)) && !c->quiet && !c->json)
		snapshot_text(sub, target);
	if (rc && !(run.diffed && rc == OM_EXIT_SCHEMA))
		print_error(c, err);
	if (run.snap.name) {
		strbuf_adds(&extra, ", \"snapshot\": ");
		om_snapshot_json(&extra, &run.snap);
	}
	if (!strcmp(sub, "list") && !rc)
		list_json(&extra);
	if (run.diffed) {
		strbuf_adds(&extra, ", ");
		om_snapdiff_json(&extra, &run.diff);
	}
	if (run.restored_how && !rc) {
		strbuf_adds(&extra, ", \"how\": ");
		om_json_string(&extra, run.restored_how);
	}
	if (c->json)
		snapshot_json_out(c, command.buf, target, rc, err, extra.buf);
	strbuf_release(&command);
	strbuf_release(&extra);
	return rc;
}

/* ---- the routing script --------------------------------------------------------------- */

/* Findings on stdout, the summary on stderr; a failure as one line, or as the JSON object. */
static int cfg_finish(struct cli *c, const char *command, struct om_cfg_run *r, int code, const struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, where = STRBUF_INIT;

	if (c->json) {
		/* Exit 1 is the answer "changes left"; a failure says where the script could not be read. */
		if (r->where.line)
			strbuf_addf(&where, ", \"line\": %d, \"col\": %d", r->where.line, r->where.col);
		else
			strbuf_adds(&where, ", \"line\": null, \"col\": null");
		om_cfg_report_json(r, &sb);
		emit_json(c, command, NULL, code, code == OM_EXIT_FAILED, err, where.buf, sb.buf);
	} else if (code != OM_EXIT_OK && code != OM_EXIT_FAILED) {
		print_error(c, err);
	} else {
		om_cfg_report_text(r, &sb);
		out(&sb);
		if (!c->quiet) {
			strbuf_reset(&sb);
			om_cfg_report_summary(r, &sb);
			fputs(sb.buf, stderr);
		}
	}
	strbuf_release(&sb);
	strbuf_release(&where);
	om_cfg_run_release(r);
	return code;
}

/* cfg-check FILE, or cfg-fix FILE -o OUT. */
static int cmd_cfg(struct cli *c, bool fix, struct om_error *err)
{
	struct om_cfg_run r;
	int code;

	om_cfg_run_init(&r);
	if (fix ? om_cfg_fix_file(&r, c->args[0], c->output, err) : om_cfg_check_file(&r, c->args[0], err))
		/* Even a fault of ours (a result that would not parse) wrote nothing: not "changes left". */
		code = err->code == OM_EXIT_FAILED ? OM_EXIT_USAGE : err->code;
	else
		code = om_cfg_run_exit(&r);
	return cfg_finish(c, fix ? "cfg-fix" : "cfg-check", &r, code, err);
}

static int cmd_cfg_check(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
			 struct om_error *err)
{
	(void)plan_dir;
	(void)o;
	(void)target;
	return cmd_cfg(c, false, err);
}

static int cmd_cfg_fix(struct cli *c, const char *plan_dir, struct om_run_opts *o, const char *target,
		       struct om_error *err)
{
	(void)plan_dir;
	(void)o;
	(void)target;
	return cmd_cfg(c, true, err);
}

static const struct command commands[] = {
	{ "status", 0, true, cmd_status, false, NULL },
	{ "plan", 0, true, cmd_plan, false, NULL },
	{ "upgrade", 0, true, cmd_upgrade, false, NULL },
	{ "verify", 0, true, cmd_verify, false, NULL },
	{ "cleanup", 0, true, cmd_cleanup, false, NULL },
	{ "prepare", 0, true, cmd_prepare, false, NULL },
	{ "finish", 0, true, cmd_finish, false, NULL },
	{ "abort", 0, true, cmd_abort, false, NULL },
	{ "rollback", 0, true, cmd_rollback, false, NULL },
	/* migrate of two SQLite files needs no configured database. */
	{ "migrate", 2, false, cmd_migrate, false, NULL },
	/* snapshot SUBCOMMAND [NAME]: its arguments are checked by the command. */
	{ "snapshot", -1, true, cmd_snapshot, false, NULL },
	/* The routing script's commands need no database and no openserctlrc. */
	{ "cfg-check", 1, false, cmd_cfg_check, true, "FILE" },
	{ "cfg-fix", 1, false, cmd_cfg_fix, true, "FILE -o OUT" },
	{ NULL, 0, false, NULL, false, NULL }
};

/* The command called name, or NULL after saying why there is none. */
static const struct command *find_command(const struct cli *c, struct om_error *err)
{
	for (const struct command *cmd = commands; cmd->name; cmd++) {
		if (strcmp(cmd->name, c->command))
			continue;
		if (cmd->nargs >= 0 && c->nargs != cmd->nargs) {
			if (cmd->nargs)
				om_error_set(err, OM_EXIT_USAGE, "usage: openser-migrate %s %s", cmd->name,
					     cmd->usage ? cmd->usage : "OLD NEW");
			else
				om_error_set(err, OM_EXIT_USAGE, "%s takes no arguments (\"%s\")", cmd->name, c->args[0]);
			return NULL;
		}
		return cmd;
	}
	om_error_set(err, OM_EXIT_USAGE, "unknown command \"%s\" (see --help)", c->command);
	return NULL;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static void run_options(struct cli *c, struct om_run_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->to_version = c->to;
	o->force = c->force;
	o->snapshot = !c->no_snapshot;
	o->lock_timeout = c->lock_timeout;
	o->jobs = c->jobs;
	o->getvar = getvar;
	o->confirm = confirm;
	o->after_step = after_step;
	o->ud = c;
}

/* --json anywhere among the options (before a "--"): a usage error is told as JSON too. */
static bool wants_json(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--json"))
			return true;
	return false;
}

/* A usage error: one line on stderr, or the JSON document (command null unless known). */
static int usage_error(const struct cli *c, const struct om_error *err)
{
	const char *name = NULL;

	for (const struct command *cmd = commands; c->command && cmd->name; cmd++)
		if (!strcmp(cmd->name, c->command))
			name = cmd->name;
	if (c->json)
		emit_json(c, name, NULL, err->code, false, err, NULL, NULL);
	else
		fprintf(stderr, "openser-migrate: %s\n", err->msg);
	return err->code;
}

int main(int argc, char **argv)
{
	struct cli c;
	struct om_error err;
	struct om_run_opts o;
	struct strbuf target = STRBUF_INIT;
	const struct command *cmd;
	const char *plan_dir;
	int rc;

	memset(&c, 0, sizeof(c));
	c.lock_timeout = 30;
	/* --jobs: the number of cores (README: "--jobs"). */
	{
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		c.jobs = n < 1 ? 1 : n > 64 ? 64 : (int)n;
	}
	om_error_clear(&err);
	om_config_init(&c.cfg);
	om_run_init(&run);
	clock_gettime(CLOCK_MONOTONIC, &c.t0);
	c.json = wants_json(argc, argv);
	if (parse_args(&c, argc, argv, &err))
		return usage_error(&c, &err);
	if (c.version) {
		if (c.json)
			emit_json(&c, "version", NULL, 0, false, NULL, NULL, "{\"version\": \"" OM_VERSION "\"}");
		else
			printf("openser-migrate %s\n", OM_VERSION);
		return 0;
	}
	if (!(cmd = find_command(&c, &err)))
		return usage_error(&c, &err);
	if ((c.output != NULL) != !strcmp(cmd->name, "cfg-fix")) {
		om_error_set(&err, OM_EXIT_USAGE, c.output ? "-o is for cfg-fix only"
							   : "usage: openser-migrate cfg-fix FILE -o OUT");
		return usage_error(&c, &err);
	}
	if (cmd->offline) {
		rc = cmd->run(&c, NULL, NULL, NULL, &err);
		om_config_release(&c.cfg);
		return rc;
	}
	c.tty = isatty(0) && isatty(2);
	plan_dir = c.plans ? c.plans : getenv("OPENSER_MIGRATE_PLANS");
	if (!plan_dir)
		plan_dir = OM_PLANDIR;
	if (om_config_load(&c.cfg, c.config, c.db, &err) || (cmd->needs_db && om_config_require_db(&c.cfg, &err))) {
		print_error(&c, &err);
		finish_json(&c, c.command, NULL, err.code, &err);
		om_config_release(&c.cfg);
		return err.code;
	}
	/* Always, --quiet or --json too: like ssh's, this warning is not to be missed. */
	for (size_t i = 0; i < c.cfg.warnings.n; i++)
		fprintf(stderr, "openser-migrate: warning: %s\n", c.cfg.warnings.v[i]);
	c.cfg.target.ask_password = ask_password;
	c.cfg.target.ask_ud = &c;
	run_options(&c, &o);
	c.err_tty = isatty(2);
	c.changes = strcmp(cmd->name, "status") && strcmp(cmd->name, "verify") && strcmp(cmd->name, "plan") &&
		    !(!strcmp(cmd->name, "snapshot") && c.nargs &&
		      (!strcmp(c.args[0], "list") || !strcmp(c.args[0], "diff")));
	start_progress(&c, &o);
	catch_signals();
	if (c.verbose && !c.json)
		for (size_t i = 0; i < c.cfg.files.n; i++)
			fprintf(stderr, "openser-migrate: read %s\n", c.cfg.files.v[i]);
	om_dbtarget_describe(&c.cfg.target, &target);
	run.target_desc = target.buf;
	rc = cmd->run(&c, plan_dir, &o, target.buf, &err);
	om_progress_stop(c.progress);
	om_run_release(&run);
	om_config_release(&c.cfg);
	strbuf_release(&target);
	return rc;
}
