/*
 * test_reliability.c: faults at moments nobody chose, on every engine.
 *
 * The other suites kill the tool at its own step hooks; this one kills it
 * (and the database server) at random moments of a real run, starts runs
 * against each other and writes while they run, and checks what a user
 * would see afterwards:
 *
 *   - kills: openser-migrate is killed (SIGKILL and SIGTERM in turn) at a
 *     random moment within the duration of an uninterrupted run; the
 *     database must then be exactly the 1.1 it was or exactly the end
 *     state of the uninterrupted run (MySQL: exactly 1.1 apart from the
 *     migrator's own tables and shadows, or exactly 1.2), and a rerun must
 *     end exactly where the uninterrupted run ended.  The same for
 *     `migrate OLD NEW`: OLD never changes, NEW after a rerun is the NEW
 *     of an uninterrupted migrate.
 *   - server kills (MariaDB, PostgreSQL): the server gets kill -9 at a
 *     random moment of an upgrade and is started again on the same data
 *     directory; then the same checks.
 *   - concurrency: three upgrades at once; an application writing to
 *     location during the upgrade (every row the server acknowledged must
 *     still be somewhere afterwards); `status` during an upgrade.
 *
 * The database is compared by its fingerprint (fingerprint() below).
 * Every trial appends one line to $OM_RELIABILITY_LOG when it is set; the
 * number of trials of each kind is $OM_RELIABILITY_TRIALS (default 2), the
 * random moments come from $OM_RELIABILITY_SEED (printed, and in every log
 * line).  `make reliability` runs many.  To replay a trial: the same seed,
 * and Check's CK_RUN_CASE for its engine, e.g.
 *
 *   OM_RELIABILITY_SEED=S OM_RELIABILITY_TRIALS=N CK_RUN_CASE=mysql \
 *       build/tests/test_reliability
 *
 * (a moment is a fraction u of the uninterrupted run's duration on this
 * machine, so the same u lands at nearly, not exactly, the same point).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>
#ifdef OM_HAVE_MYSQL
#include <mysql.h>
#endif
#ifdef OM_HAVE_PGSQL
#include <libpq-fe.h>
#endif

#include "strbuf.h"
#include "support.h"

/* ---- settings: seed, trials, log -------------------------------------------------- */

static unsigned long long seed;
static int trials = 2;
static const char *log_path;
/* The suite's folder: removed at its end, whatever a failed test left there. */
static char *work_dir;

/* Every run of the binary reads no openserctlrc of the machine's. */
static const char *const run_env[] = { "OPENSER_MIGRATE_RC_PATH=/nonexistent/openserctlrc", NULL };

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* ---- one trial: its random numbers, its log line, its verdict ------------------------ */

struct trial {
	const char *engine;
	const char *kind;
	int n;
	uint64_t stream;      /* seed, engine, kind and trial number, mixed */
	unsigned draws;
	struct strbuf log;    /* " key=value" pairs */
	struct strbuf why;    /* what went wrong */
	struct strbuf note;   /* what happened, shown when something went wrong */
};

static void trial_begin(struct trial *t, const char *engine, const char *kind, int n)
{
	uint64_t h = 1469598103934665603ULL;

	memset(t, 0, sizeof(*t));
	t->engine = engine;
	t->kind = kind;
	t->n = n;
	for (const char *p = engine; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (const char *p = kind; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	t->stream = mix64(h ^ mix64(seed + (uint64_t)n));
	strbuf_init(&t->log);
	strbuf_init(&t->why);
	strbuf_init(&t->note);
}

/* The next random number of the trial, in [0, 1): the same for the same seed, engine, kind and trial. */
static double trial_random(struct trial *t)
{
	return (double)(mix64(t->stream + t->draws++) >> 11) / 9007199254740992.0;
}

static void trial_log(struct trial *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void trial_log(struct trial *t, const char *fmt, ...)
{
	va_list ap;

	strbuf_addch(&t->log, ' ');
	va_start(ap, fmt);
	strbuf_vaddf(&t->log, fmt, ap);
	va_end(ap);
}

static void trial_fail(struct trial *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void trial_fail(struct trial *t, const char *fmt, ...)
{
	va_list ap;

	strbuf_adds(&t->why, "\n  ");
	va_start(ap, fmt);
	strbuf_vaddf(&t->why, fmt, ap);
	va_end(ap);
}

/* The log line (when asked for), then the verdict. */
static void trial_end(struct trial *t)
{
	struct strbuf line = STRBUF_INIT;

	strbuf_addf(&line, "engine=%s kind=%s trial=%d seed=%llu%s result=%s\n", t->engine, t->kind, t->n, seed,
		    t->log.buf, t->why.len ? "FAIL" : "ok");
	if (log_path) {
		int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT, 0644);

		if (fd >= 0) {
			ck_assert(write(fd, line.buf, line.len) == (ssize_t)line.len);
			close(fd);
		}
	}
	ck_assert_msg(!t->why.len, "%s %s trial %d (OM_RELIABILITY_SEED=%llu):%s%s\n%s", t->engine, t->kind, t->n, seed,
		      t->why.buf, t->note.buf, line.buf);
	strbuf_release(&line);
	strbuf_release(&t->log);
	strbuf_release(&t->why);
	strbuf_release(&t->note);
}

/* The lines of a that b lacks ("-") and of b that a lacks ("+"), at most 12. */
static void add_difference(struct strbuf *sb, const char *a, const char *b)
{
	int shown = 0;

	for (int side = 0; side < 2; side++) {
		const char *x = side ? b : a, *y = side ? a : b;

		for (const char *p = x; *p && shown < 12;) {
			size_t n = strcspn(p, "\n");
			bool found = false;

			for (const char *q = y; *q && !found;) {
				size_t m = strcspn(q, "\n");

				found = m == n && !memcmp(p, q, n);
				q += m + (q[m] == '\n');
			}
			if (!found) {
				strbuf_addf(sb, "\n    %c %.*s", side ? '+' : '-', (int)(n > 200 ? 200 : n), p);
				shown++;
			}
			p += n + (p[n] == '\n');
		}
	}
}

/* Sleep this long (a signal may end it early). */
static void pause_s(double seconds)
{
	struct timespec ts;

	if (seconds <= 0)
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

/* Sleep until `seconds` after t0. */
static void sleep_until(const struct timespec *t0, double seconds)
{
	pause_s(seconds - om_test_elapsed(t0));
}

/* The last n characters of a run's stderr, where its error is (the progress lines come first). */
static const char *tail(const char *s, size_t n)
{
	size_t len;

	if (!s)
		return "";
	len = strlen(s);
	return len > n ? s + len - n : s;
}

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* The answer of a count query (freed): is it more than 0? */
static bool nonzero(char *count)
{
	bool yes = strcmp(count, "0\n") != 0;

	free(count);
	return yes;
}

/* ---- the engines ------------------------------------------------------------------ */

struct reference {
	bool ready;
	char *start, *start_live;  /* a fresh 1.1 database, with and without the migrator's own tables */
	char *end, *end_live;      /* after an uninterrupted upgrade */
	char *migrated;            /* NEW after an uninterrupted migrate, OLD's name as "OLD" */
	double upgrade_s, migrate_s;
};

struct engine {
	const char *name;
	/* MySQL: shadows and one switch, no transaction (the 1.1 state may hold the migrator's tables) */
	bool shadows;
	/* a fresh full 1.1 database `name` (a file in work_dir on SQLite) */
	void (*make_db)(const char *name);
	void (*drop_db)(const char *name);
	bool (*exists)(const char *name);
	/* what the CLI takes: -d URL, and OLD/NEW of migrate */
	void (*url)(struct strbuf *sb, const char *name);
	void (*arg)(struct strbuf *sb, const char *name);
	/* SQL on database name; rows as lines, values separated by '|' */
	char *(*query)(const char *name, const char *sql);
	bool (*has_table)(const char *name, const char *table);
	/* the catalog and rows of every table but the migrator's own two (with or without the rest of openser_migrate_*) */
	void (*state)(const char *name, bool own, struct strbuf *fp);
	/* wait until no session of a killed run is left */
	void (*settle)(const char *name);
	/* the tables that may hold an application's location rows (live, retained, kept), quoted */
	const char *location_tables;
	/* kill -9 the server and start it again (NULL: no server) */
	void (*crash)(void);
	/* the application: connect as user (NULL: the engine's application user), run, close */
	void *(*w_connect)(const char *name, const char *user);
	long long (*w_exec)(void *h, const char *sql);
	void (*w_close)(void *h);
	struct reference ref;
};

/* A database name of this test process: tests run in forked children. */
static void db_name(char *out, size_t n, const char *what)
{
	snprintf(out, n, "rl%d%s", (int)getpid(), what);
}

/*
 * The fingerprint of database name, compared as text between databases:
 *
 *   - the catalog of every table: the live ones, the retained old11_* (the
 *     1.1 rows a user gets back), on PostgreSQL the schemas, owners and
 *     rights (the upgrade copies them) and whether each sequence's next
 *     value is past the highest id of its column, on MySQL the next
 *     AUTO_INCREMENT values (OpenSER's next id);
 *   - the rows of every table, a checksum each;
 *   - with own: the migrator's tables too (shadows and kept tables would
 *     show as extra tables), the history and the journal without what
 *     differs between runs that did the same (run ids, start and end
 *     times).  Without own (MySQL's 1.1 state, where a killed run leaves
 *     its shadows and its history row, as the README says) the
 *     openser_migrate_* tables are left out altogether.
 */
static char *fingerprint(const struct engine *e, const char *name, bool own)
{
	static const char *const own_tables[][2] = {
		{ "openser_migrate_history", "SELECT plan, checksum, engine, command, options, source, tool, status "
					     "FROM openser_migrate_history ORDER BY id" },
		{ "openser_migrate_journal", "SELECT step, name, source_rows FROM openser_migrate_journal ORDER BY run, step" },
	};
	struct strbuf fp = STRBUF_INIT;

	e->state(name, own, &fp);
	/* A run killed between creating the two has made one of them only. */
	for (size_t i = 0; own && i < 2; i++) {
		if (e->has_table(name, own_tables[i][0])) {
			char *rows = e->query(name, own_tables[i][1]);

			strbuf_addf(&fp, "-- %s\n%s", own_tables[i][0], rows);
			free(rows);
		}
	}
	return strbuf_detach(&fp);
}

/* NEW's fingerprint with OLD's name (its history says where it came from) as "OLD". */
static char *migrated_fingerprint(const struct engine *e, const char *old, const char *new)
{
	struct strbuf a = STRBUF_INIT, fp = STRBUF_INIT;
	char *text = fingerprint(e, new, true);

	strbuf_adds(&fp, text);
	free(text);
	e->arg(&a, old);
	om_test_replace(&fp, a.buf, "OLD");
	strbuf_release(&a);
	return strbuf_detach(&fp);
}

/* Start the binary on database name: "upgrade", "migrate" (into new), "status". */
static void start_run(const struct engine *e, struct om_test_child *c, const char *cmd, const char *name,
		      const char *new, const char *extra)
{
	struct strbuf url = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	const char *argv[12];
	size_t n = 0;

	e->url(&url, name);
	argv[n++] = "-d";
	argv[n++] = url.buf;
	argv[n++] = "--yes";
	if (extra)
		argv[n++] = extra;
	if (!strcmp(cmd, "status")) {
		argv[n++] = "--lock-timeout";
		argv[n++] = "1";
	}
	argv[n++] = cmd;
	if (new) {
		e->arg(&a, name);
		e->arg(&b, new);
		argv[n++] = a.buf;
		argv[n++] = b.buf;
	}
	argv[n] = NULL;
	om_test_start(c, argv, run_env);
	strbuf_release(&url);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* Run to its end (at most 5 minutes: longer is a hang); the exit code, -1 for a hang. */
static int run(const struct engine *e, const char *cmd, const char *name, const char *new, const char *extra,
	       char **err, double *seconds)
{
	struct om_test_child c;
	int rc;

	start_run(e, &c, cmd, name, new, extra);
	rc = om_test_finish(&c, 300, NULL, err);
	if (seconds)
		*seconds = c.seconds;
	return rc;
}

/* The fingerprints of a fresh database and of an uninterrupted upgrade and migrate, once per process. */
static void ensure_reference(struct engine *e)
{
	struct reference *r = &e->ref;
	char a[64], o[64], n[64], *err = NULL;
	int rc;

	if (r->ready)
		return;
	db_name(a, sizeof(a), "ref");
	db_name(o, sizeof(o), "refo");
	db_name(n, sizeof(n), "refn");
	e->make_db(a);
	r->start = fingerprint(e, a, true);
	r->start_live = fingerprint(e, a, false);
	rc = run(e, "upgrade", a, NULL, NULL, &err, &r->upgrade_s);
	ck_assert_msg(rc == 0, "the reference upgrade failed (%d): %s", rc, err);
	free(err);
	r->end = fingerprint(e, a, true);
	r->end_live = fingerprint(e, a, false);
	e->make_db(o);
	rc = run(e, "migrate", o, n, NULL, &err, &r->migrate_s);
	ck_assert_msg(rc == 0, "the reference migrate failed (%d): %s", rc, err);
	free(err);
	r->migrated = migrated_fingerprint(e, o, n);
	e->drop_db(a);
	e->drop_db(o);
	e->drop_db(n);
	r->ready = true;
	fprintf(stderr, "reliability: %s: upgrade %.0f ms, migrate %.0f ms uninterrupted; seed %llu, %d trial%s a kind\n",
		e->name, r->upgrade_s * 1000, r->migrate_s * 1000, seed, trials, trials == 1 ? "" : "s");
}

/*
 * The state of database name after a fault: "1.1" (as it was), "1.2" (as
 * the uninterrupted run left it) or "neither", with the difference from
 * the nearer of the two in why.
 */
static const char *state_of(const struct engine *e, const char *name, struct strbuf *why)
{
	const struct reference *r = &e->ref;
	char *fp = fingerprint(e, name, !e->shadows);
	const char *start = e->shadows ? r->start_live : r->start, *end = e->shadows ? r->end_live : r->end;
	const char *state = "neither";

	if (!strcmp(fp, start)) {
		state = "1.1";
	} else if (!strcmp(fp, end)) {
		state = "1.2";
	} else {
		strbuf_adds(why, "differences from 1.1:");
		add_difference(why, start, fp);
		strbuf_adds(why, "\n  differences from 1.2:");
		add_difference(why, end, fp);
	}
	free(fp);
	return state;
}

/* A rerun must end exactly where the uninterrupted run ended; "ok", or what it did instead. */
static const char *rerun(const struct engine *e, struct trial *t, const char *name, const char *new)
{
	char *err = NULL, *fp;
	int rc = run(e, new ? "migrate" : "upgrade", name, new, NULL, &err, NULL);
	const char *res = "ok";

	if (rc != 0) {
		trial_fail(t, "the rerun exited %d: ...%s", rc, tail(err, 600));
		free(err);
		return "failed";
	}
	free(err);
	fp = new ? migrated_fingerprint(e, name, new) : fingerprint(e, name, true);
	if (strcmp(fp, new ? e->ref.migrated : e->ref.end)) {
		struct strbuf d = STRBUF_INIT;

		add_difference(&d, new ? e->ref.migrated : e->ref.end, fp);
		trial_fail(t, "after the rerun the database is not where an uninterrupted run ends:%s", d.buf);
		strbuf_release(&d);
		res = "differs";
	}
	free(fp);
	return res;
}

/* What the run said must be what happened: done means 1.2, "nothing was changed" means 1.1. */
static void check_words(struct trial *t, int rc, const char *err, const char *state)
{
	if (rc == 0 && strcmp(state, "1.2"))
		trial_fail(t, "the run exited 0 but the database is %s", state);
	if ((has(err, "nothing was changed") || has(err, "the database is unchanged") ||
	     has(err, "the database is as it was;")) && strcmp(state, "1.1"))
		trial_fail(t, "the run said \"%.300s\" but the database is %s", err, state);
}

/* ---- kills ----------------------------------------------------------------------------- */

/*
 * Start a run of cmd and hit it at a random moment of the uninterrupted
 * run's duration: the signal sig to the tool, or (sig 0) kill -9 to the
 * server, started again at once.  Wait for the run and for its sessions
 * to end.  Returns the exit code (-1: it did not end in 5 minutes), the
 * run's stderr in *err; the moment is logged.
 */
static int hit_run(struct engine *e, struct trial *t, int sig, const char *name, const char *new, char **err)
{
	struct om_test_child c;
	double u = trial_random(t), d = new ? e->ref.migrate_s : e->ref.upgrade_s;
	int rc;

	start_run(e, &c, new ? "migrate" : "upgrade", name, new, NULL);
	sleep_until(&c.t0, u * d);
	if (sig)
		kill(c.pid, sig);
	else
		e->crash();
	rc = om_test_finish(&c, 300, NULL, err);
	strbuf_addf(&t->note, "\n  the run exited %d: ...%s", rc, tail(*err, 600));
	trial_log(t, "signal=%s u=%.4f at_ms=%.1f ref_ms=%.1f exit=%d", sig == SIGKILL ? "KILL" : sig ? "TERM" : "server-KILL",
		  u, u * d * 1000, d * 1000, rc);
	/* Ended before the hit; killed; stopped on SIGTERM; the server gone (never connected: 2, lost: 6). */
	if (rc != 0 && rc != (sig ? 128 + sig : 2) && !(sig != SIGKILL && rc == 6))
		trial_fail(t, "%s, the run exited %d%s", sig ? "killed" : "the server crashed", rc,
			   rc == -1 ? " (it did not end within 5 minutes)" : "");
	/*
	 * The killed run's statements end on the server after it: a migrate's
	 * (PostgreSQL's CREATE DATABASE of NEW, on no database of the trial's)
	 * as well as an upgrade's.
	 */
	e->settle(new ? NULL : name);
	return rc;
}

/* An upgrade killed (or its server crashed): exactly 1.1 or exactly 1.2, and a rerun ends at the reference. */
static void hit_upgrade(struct engine *e, const char *kind, int n, int sig)
{
	struct trial t;
	struct strbuf why = STRBUF_INIT;
	char name[64], *err = NULL;
	const char *state;
	int rc;

	trial_begin(&t, e->name, kind, n);
	ensure_reference(e);
	db_name(name, sizeof(name), "");
	e->make_db(name);
	rc = hit_run(e, &t, sig, name, NULL, &err);
	state = state_of(e, name, &why);
	trial_log(&t, "state=%s", state);
	if (!strcmp(state, "neither"))
		trial_fail(&t, "the database is neither the 1.1 it was nor the 1.2 of an uninterrupted run: %s", why.buf);
	check_words(&t, rc, err, state);
	trial_log(&t, "rerun=%s", rerun(e, &t, name, NULL));
	e->drop_db(name);
	free(err);
	strbuf_release(&why);
	trial_end(&t);
}

/* OLD's fingerprint must be the 1.1 it was; "1.1", or "changed" with the difference. */
static const char *old_state(const struct engine *e, struct trial *t, const char *old, const char *when)
{
	char *fp = fingerprint(e, old, true);
	const char *state = "1.1";

	if (strcmp(fp, e->ref.start)) {
		struct strbuf d = STRBUF_INIT;

		add_difference(&d, e->ref.start, fp);
		trial_fail(t, "%s changed OLD:%s", when, d.buf);
		strbuf_release(&d);
		state = "changed";
	}
	free(fp);
	return state;
}

/* A migrate killed: OLD untouched, and a rerun makes the NEW of an uninterrupted migrate. */
static void kill_migrate(struct engine *e, int n)
{
	struct trial t;
	char old[64], new[64], *err = NULL, *fp;
	const char *new_state = "none";
	int rc;

	trial_begin(&t, e->name, "kill-migrate", n);
	ensure_reference(e);
	db_name(old, sizeof(old), "o");
	db_name(new, sizeof(new), "n");
	e->make_db(old);
	rc = hit_run(e, &t, n % 2 ? SIGTERM : SIGKILL, old, new, &err);
	if (e->exists(new)) {
		e->settle(new);
		fp = migrated_fingerprint(e, old, new);
		new_state = strcmp(fp, e->ref.migrated) ? "partial" : "1.2";
		if (strcmp(fp, e->ref.migrated)) {
			strbuf_adds(&t.note, "\n  NEW after the kill, against an uninterrupted migrate's:");
			add_difference(&t.note, e->ref.migrated, fp);
		}
		free(fp);
	}
	trial_log(&t, "state=%s new=%s", old_state(e, &t, old, "the killed migrate"), new_state);
	if (rc == 0 && strcmp(new_state, "1.2"))
		trial_fail(&t, "migrate exited 0 but NEW is %s", new_state);
	trial_log(&t, "rerun=%s", rerun(e, &t, old, new));
	old_state(e, &t, old, "the rerun");
	e->drop_db(old);
	e->drop_db(new);
	free(err);
	trial_end(&t);
}

/* ---- concurrency -------------------------------------------------------------------- */

static void three_upgrades(struct engine *e, int n)
{
	struct trial t;
	struct om_test_child c[3];
	char name[64], *err[3], *history, *fp;
	int rc[3];

	trial_begin(&t, e->name, "three-upgrades", n);
	ensure_reference(e);
	db_name(name, sizeof(name), "");
	e->make_db(name);
	for (int i = 0; i < 3; i++) {
		/* At once, give or take a few milliseconds that differ from trial to trial. */
		pause_s(trial_random(&t) * 0.005);
		start_run(e, &c[i], "upgrade", name, NULL, NULL);
	}
	for (int i = 0; i < 3; i++)
		rc[i] = om_test_finish(&c[i], 300, NULL, &err[i]);
	trial_log(&t, "exits=%d,%d,%d", rc[0], rc[1], rc[2]);
	for (int i = 0; i < 3; i++) {
		if (rc[i] != 0 && rc[i] != 4)
			trial_fail(&t, "run %d exited %d: ...%s", i + 1, rc[i], tail(err[i], 600));
		free(err[i]);
	}
	history = e->query(name, "SELECT status FROM openser_migrate_history ORDER BY id");
	trial_log(&t, "state=%s", strcmp(history, "done\n") ? "history-wrong" : "1.2");
	if (strcmp(history, "done\n"))
		trial_fail(&t, "the history is not exactly one run done: \"%s\"", history);
	fp = fingerprint(e, name, true);
	if (strcmp(fp, e->ref.end)) {
		struct strbuf d = STRBUF_INIT;

		add_difference(&d, e->ref.end, fp);
		trial_fail(&t, "the database is not where one uninterrupted upgrade ends:%s", d.buf);
		strbuf_release(&d);
	}
	e->drop_db(name);
	free(fp);
	free(history);
	trial_end(&t);
}

/* `status` again and again during an upgrade: 0, 7 or 4, never 5 (a mix), never past --lock-timeout (1 s). */
static void status_during_upgrade(struct engine *e, int n)
{
	struct trial t;
	struct om_test_child up;
	char name[64], *err = NULL;
	int rc, runs = 0, seen[256] = { 0 };
	double slowest = 0;
	bool ended = false;

	trial_begin(&t, e->name, "status", n);
	ensure_reference(e);
	db_name(name, sizeof(name), "");
	e->make_db(name);
	start_run(e, &up, "upgrade", name, NULL, NULL);
	sleep_until(&up.t0, trial_random(&t) * e->ref.upgrade_s / 2);
	/* Until the upgrade has ended, and once at least. */
	while (!ended || runs == 0) {
		struct om_test_child s;
		char *sout = NULL, *serr = NULL;
		int src;

		ended = om_test_ended(&up);
		start_run(e, &s, "status", name, NULL, NULL);
		src = om_test_finish(&s, 30, &sout, &serr);
		runs++;
		if (s.seconds > slowest)
			slowest = s.seconds;
		if (src >= 0 && src < 256)
			seen[src]++;
		if (src != 0 && src != 4 && src != 7)
			trial_fail(&t, "status %d during the upgrade exited %d:\n%.1500s%.600s", runs, src, sout, serr);
		else if (s.seconds > 1 + 3)
			trial_fail(&t, "status %d took %.1f s with --lock-timeout 1", runs, s.seconds);
		free(sout);
		free(serr);
	}
	rc = om_test_finish(&up, 300, NULL, &err);
	trial_log(&t, "exit=%d status_runs=%d status_exits=", rc, runs);
	for (int i = 0, first = 1; i < 256; i++)
		if (seen[i]) {
			strbuf_addf(&t.log, "%s%dx%d", first ? "" : ",", i, seen[i]);
			first = 0;
		}
	trial_log(&t, "slowest_s=%.2f", slowest);
	if (rc != 0)
		trial_fail(&t, "the upgrade exited %d: ...%s", rc, tail(err, 600));
	free(err);
	rc = run(e, "status", name, NULL, NULL, &err, NULL);
	trial_log(&t, "state=%s", rc == 0 ? "1.2" : "not-1.2");
	if (rc != 0)
		trial_fail(&t, "status after the upgrade exited %d: %.600s", rc, err);
	free(err);
	e->drop_db(name);
	trial_end(&t);
}

/* ---- an application writing during the upgrade -------------------------------------- */

static volatile sig_atomic_t writer_stop;

static void on_stop(int sig)
{
	(void)sig;
	writer_stop = 1;
}

/*
 * The application: inserts registrations into location (a unique callid
 * each), updates (a share `updates` of its statements: OpenSER refreshes
 * registrations far more often than it adds them) and deletes (a share
 * `deletes`) some of its own, in autocommit, pace seconds at most between
 * two statements, and writes a
 * line to the file ack for every statement the server acknowledged:
 * "I n", "U n k rows", "D n rows".  Runs until SIGUSR1.  A child process:
 * it never returns.
 */
static void writer(const struct engine *e, const char *name, const char *user, const char *ack, struct trial *t,
		   double pace, double updates, double deletes)
{
	struct sigaction sa;
	int fd = open(ack, O_WRONLY | O_CREAT | O_APPEND, 0644);
	void *h = e->w_connect(name, user);
	int *live = NULL, nlive = 0, cap = 0, next = 0, k = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	if (fd < 0 || !h) {
		if (fd >= 0)
			dprintf(fd, "E cannot connect\n");
		_exit(1);
	}
	while (!writer_stop) {
		double r = trial_random(t);
		char q[400];
		long long rows;

		if (nlive && r < updates) {
			int i = (int)(trial_random(t) * nlive);

			k++;
			snprintf(q, sizeof(q), "UPDATE location SET contact = 'sip:rel%d-u%d@10.0.0.1' WHERE callid = 'rel-%d'",
				 live[i], k, live[i]);
			if ((rows = e->w_exec(h, q)) >= 0)
				dprintf(fd, "U %d %d %lld\n", live[i], k, rows);
		} else if (nlive && r < updates + deletes) {
			int i = (int)(trial_random(t) * nlive);

			snprintf(q, sizeof(q), "DELETE FROM location WHERE callid = 'rel-%d'", live[i]);
			if ((rows = e->w_exec(h, q)) >= 0) {
				dprintf(fd, "D %d %lld\n", live[i], rows);
				live[i] = live[--nlive];
			}
		} else {
			snprintf(q, sizeof(q), "INSERT INTO location (username, domain, contact, callid) VALUES "
				 "('rel%d', 'example.org', 'sip:rel%d@10.0.0.1', 'rel-%d')", next, next, next);
			if (e->w_exec(h, q) >= 0) {
				dprintf(fd, "I %d\n", next);
				OM_GROW(live, nlive + 1, cap);
				live[nlive++] = next;
			}
			next++;
		}
		pause_s(trial_random(t) * pace);
	}
	e->w_close(h);
	close(fd);
	_exit(0);
}

struct app_row {
	bool inserted, deleted;
	int contact;          /* the last acknowledged update, 0 for none */
	bool live, elsewhere; /* where it is now */
	int live_contact;
};

struct app_view {
	struct app_row *rows;
	int n;
	int inserts, updates, deletes, vanished;
	bool kept;           /* the run left kept tables (an undone switch) */
};

/* What the application was told, from its file of acknowledgements. */
static void read_acks(const char *ack, struct app_view *v)
{
	char *text = om_test_read_file(ack, NULL);

	memset(v, 0, sizeof(*v));
	for (const char *p = text ? text : ""; *p;) {
		char op = *p;
		long a = 0, b = 0, c = 0;
		char *end;

		a = strtol(p + 1, &end, 10);
		if (op == 'U') {
			b = strtol(end, &end, 10);
			c = strtol(end, &end, 10);
		} else if (op == 'D') {
			c = strtol(end, &end, 10);
		}
		ck_assert_msg(op != 'E', "the application could not connect");
		if (a + 1 > v->n) {
			v->rows = om_xrealloc(v->rows, (size_t)(a + 1) * sizeof(*v->rows));
			memset(v->rows + v->n, 0, (size_t)(a + 1 - v->n) * sizeof(*v->rows));
			v->n = (int)a + 1;
		}
		if (op == 'I') {
			v->rows[a].inserted = true;
			v->inserts++;
		} else if (op == 'U') {
			v->updates++;
			if (c > 0)
				v->rows[a].contact = (int)b;
			else
				v->vanished++;
		} else if (op == 'D') {
			v->deletes++;
			if (c > 0)
				v->rows[a].deleted = true;
			else
				v->vanished++;
		}
		p = end + strcspn(end, "\n");
		p += *p == '\n';
	}
	free(text);
}

/* Where each of the application's rows is now: live, retained, kept. */
static void find_rows(const struct engine *e, const char *name, struct app_view *v)
{
	char *tables = e->query(name, e->location_tables), *rows;
	struct strbuf q = STRBUF_INIT;
	int ntables = 0;
	const char *names[16];

	for (int i = 0; i < v->n; i++) {
		v->rows[i].live = v->rows[i].elsewhere = false;
		v->rows[i].live_contact = -1;
	}
	v->kept = false;
	for (char *p = tables; *p && ntables < 16;) {
		size_t len = strcspn(p, "\n");

		names[ntables] = p;
		if (p[len])
			p[len++] = '\0';
		if (strstr(names[ntables], "kept"))
			v->kept = true;
		strbuf_addf(&q, "%sSELECT %d, callid, contact FROM %s WHERE callid LIKE 'rel-%%'", ntables ? " UNION ALL " : "",
			    ntables, names[ntables]);
		ntables++;
		p += len;
	}
	rows = q.len ? e->query(name, q.buf) : om_xstrdup("");
	for (char *p = rows; *p;) {
		long where = strtol(p, &p, 10), id;
		int contact = 0;
		char *at;

		p += strcspn(p, "-") + 1;
		id = strtol(p, &p, 10);
		at = p + strcspn(p, "\n");
		/* The contact: sip:relN@... or sip:relN-uK@... */
		{
			char *u = strstr(p, "-u");

			if (u && u < at)
				contact = (int)strtol(u + 2, NULL, 10);
		}
		if (id >= 0 && id < v->n) {
			bool live = !strstr(names[where], "old11") && !strstr(names[where], "kept");

			if (live) {
				v->rows[id].live = true;
				v->rows[id].live_contact = contact;
			} else {
				v->rows[id].elsewhere = true;
			}
		}
		p = at + (*at == '\n');
	}
	free(rows);
	free(tables);
	strbuf_release(&q);
}

/*
 * Every acknowledged row must be somewhere: in the live table, or in a
 * retained or kept one; never lost.  At the end, unless a switch was
 * undone (its kept tables hold what was written meanwhile, for the user
 * to look at, as the README says), the live table must also be what the
 * application was told: no row it deleted back, no contact it changed
 * back, no row it wrote only in a retained table (that `cleanup` drops).
 */
static int check_rows(const struct engine *e, struct trial *t, const char *name, const char *ack, const char *when,
		      bool final)
{
	struct app_view v;
	int lost = 0, resurrected = 0, stale = 0, stranded = 0;

	read_acks(ack, &v);
	find_rows(e, name, &v);
	for (int i = 0; i < v.n; i++) {
		const struct app_row *r = &v.rows[i];

		if (r->inserted && !r->deleted && !r->live && !r->elsewhere) {
			lost++;
			if (lost <= 5)
				trial_fail(t, "%s: the acknowledged row rel-%d is nowhere (live, retained or kept)", when, i);
		}
		if (!final || v.kept)
			continue;
		if (r->deleted && r->live)
			resurrected++;
		if (r->inserted && !r->deleted && r->live && r->live_contact != r->contact)
			stale++;
		if (r->inserted && !r->deleted && !r->live && r->elsewhere)
			stranded++;
	}
	if (final) {
		trial_log(t, "acked_inserts=%d acked_updates=%d acked_deletes=%d resurrected=%d stale=%d stranded=%d vanished=%d "
			  "kept=%s", v.inserts, v.updates, v.deletes, resurrected, stale, stranded, v.vanished,
			  v.kept ? "yes" : "no");
		if (resurrected || stale || stranded)
			trial_fail(t, "%s: the live location table is not what the application was told: %d row(s) it "
				   "deleted are back, %d hold a contact it had changed, %d are only in a retained table",
				   when, resurrected, stale, stranded);
	}
	free(v.rows);
	return lost;
}

static void app_writes(struct engine *e, int n, bool as_openser)
{
	struct trial t;
	struct om_test_child up;
	char name[64], ack[600], *err = NULL;
	double pace, updates, deletes;
	pid_t w;
	int rc, status = 0, lost, lost_end;
	bool stopped = false;

	trial_begin(&t, e->name, as_openser ? "writer-force" : "writer", n);
	ensure_reference(e);
	db_name(name, sizeof(name), "");
	e->make_db(name);
	snprintf(ack, sizeof(ack), "%s/acks-%d", work_dir, (int)getpid());
	/* From a busy OpenSER to a quiet one: at most a hundredth to a whole run between two statements. */
	pace = e->ref.upgrade_s * (0.01 + 0.99 * trial_random(&t) * trial_random(&t));
	updates = 0.2 + 0.7 * trial_random(&t);
	deletes = 0.1 * trial_random(&t);
	w = fork();
	ck_assert(w >= 0);
	if (w == 0)
		writer(e, name, as_openser ? "openser" : NULL, ack, &t, pace, updates, deletes);
	pause_s(trial_random(&t) * e->ref.upgrade_s);
	start_run(e, &up, "upgrade", name, NULL, as_openser ? "--force" : NULL);
	rc = om_test_finish(&up, 300, NULL, &err);
	if (rc != 0)
		strbuf_addf(&t.note, "\n  the upgrade exited %d: ...%s", rc, tail(err, 600));
	pause_s(trial_random(&t) * e->ref.upgrade_s);
	kill(w, SIGUSR1);
	for (int i = 0; i < 600 && !stopped; i++) {
		stopped = waitpid(w, &status, WNOHANG) == w;
		if (!stopped)
			pause_s(0.1);
	}
	ck_assert_msg(stopped, "the application did not stop within 60 s");
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the application failed");
	trial_log(&t, "pace_ms=%.1f updates=%.2f deletes=%.2f exit=%d", pace * 1000, updates, deletes, rc);
	if (rc == -1)
		trial_fail(&t, "the upgrade did not end within 5 minutes");
	e->settle(name);
	lost = check_rows(e, &t, name, ack, "after the run", false);
	if (rc != 0) {
		char *err2 = NULL;
		int rc2 = run(e, "upgrade", name, NULL, NULL, &err2, NULL);

		trial_log(&t, "rerun=%s", rc2 == 0 ? "ok" : "failed");
		if (rc2 != 0)
			trial_fail(&t, "after a run that exited %d (%.300s), the rerun exited %d: ...%s", rc, err, rc2, tail(err2, 600));
		free(err2);
	}
	rc = run(e, "verify", name, NULL, NULL, NULL, NULL);
	trial_log(&t, "state=%s", rc == 0 ? "1.2" : "not-1.2");
	if (rc != 0)
		trial_fail(&t, "at the end, verify exited %d: the database is not 1.2", rc);
	lost_end = check_rows(e, &t, name, ack, "at the end", true);
	trial_log(&t, "lost=%d", lost > lost_end ? lost : lost_end);
	e->drop_db(name);
	free(err);
	unlink(ack);
	trial_end(&t);
}

/* ---- SQLite ----------------------------------------------------------------------------- */

static const char *const FULL[] = {
	"sqlite-1.1-core.sql", "sqlite-1.1-serweb.sql", "sqlite-1.1-modules.sql",
	"rows-1.1-core.sql", "rows-1.1-serweb.sql", "rows-1.1-modules.sql", NULL
};

static void sq_arg(struct strbuf *sb, const char *name)
{
	strbuf_addf(sb, "%s/%s.db", work_dir, name);
}

static void sq_url(struct strbuf *sb, const char *name)
{
	strbuf_adds(sb, "sqlite:");
	sq_arg(sb, name);
}

static void sq_make_db(const char *name)
{
	struct strbuf p = STRBUF_INIT;

	sq_arg(&p, name);
	om_test_build_db(p.buf, FULL);
	strbuf_release(&p);
}

static void sq_drop_db(const char *name)
{
	struct strbuf p = STRBUF_INIT;

	sq_arg(&p, name);
	unlink(p.buf);
	strbuf_adds(&p, "-journal");
	unlink(p.buf);
	strbuf_release(&p);
}

static bool sq_exists(const char *name)
{
	struct strbuf p = STRBUF_INIT;
	struct stat st;
	bool there;

	sq_arg(&p, name);
	there = stat(p.buf, &st) == 0 && st.st_size > 0;
	strbuf_release(&p);
	return there;
}

static char *sq_query(const char *name, const char *sql)
{
	struct strbuf p = STRBUF_INIT;
	char *res;

	sq_arg(&p, name);
	res = om_test_query(p.buf, sql);
	strbuf_release(&p);
	return res;
}

static bool sq_has_table(const char *name, const char *table)
{
	struct strbuf q = STRBUF_INIT;
	bool there;

	strbuf_addf(&q, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'", table);
	there = nonzero(sq_query(name, q.buf));
	strbuf_release(&q);
	return there;
}

static void sq_state(const char *name, bool own, struct strbuf *fp)
{
	const char *not_own = "name NOT LIKE 'openser\\_migrate\\_%' ESCAPE '\\'";
	struct strbuf p = STRBUF_INIT;
	char *cat, *rows;

	sq_arg(&p, name);
	cat = om_test_catalog_where(p.buf, own ? NULL : not_own);
	rows = om_test_contents(p.buf, own ? "name NOT IN ('openser_migrate_history', 'openser_migrate_journal')" : not_own);
	strbuf_addf(fp, "-- catalog\n%s-- rows\n%s", cat, rows);
	free(cat);
	free(rows);
	strbuf_release(&p);
}

static void sq_settle(const char *name)
{
	/* A killed process leaves no lock; its hot journal is rolled back by the next reader. */
	(void)name;
}

static void *sq_connect(const char *name, const char *user)
{
	struct strbuf p = STRBUF_INIT;
	sqlite3 *db = NULL;

	(void)user;
	sq_arg(&p, name);
	if (sqlite3_open(p.buf, &db) != SQLITE_OK) {
		sqlite3_close(db);
		db = NULL;
	} else {
		sqlite3_busy_timeout(db, 10000);
	}
	strbuf_release(&p);
	return db;
}

static long long sq_exec(void *h, const char *sql)
{
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	return sqlite3_changes(h);
}

static void sq_close(void *h)
{
	sqlite3_close(h);
}

static struct engine sqlite_engine = {
	.name = "sqlite",
	.make_db = sq_make_db,
	.drop_db = sq_drop_db,
	.exists = sq_exists,
	.url = sq_url,
	.arg = sq_arg,
	.query = sq_query,
	.has_table = sq_has_table,
	.state = sq_state,
	.settle = sq_settle,
	.location_tables = "SELECT '\"' || name || '\"' FROM sqlite_master WHERE type = 'table' "
			   "AND name IN ('location', 'old11_location') ORDER BY name",
	.w_connect = sq_connect,
	.w_exec = sq_exec,
	.w_close = sq_close,
};

/* ---- MariaDB ---------------------------------------------------------------------------- */

#ifdef OM_HAVE_MYSQL
static struct om_test_mariadb my_server;

static void my_arg(struct strbuf *sb, const char *name)
{
	strbuf_adds(sb, name);
}

static void my_url(struct strbuf *sb, const char *name)
{
	strbuf_addf(sb, "mysql://root@localhost/%s?socket=%s", name, my_server.socket);
}

static void my_make_db(const char *name)
{
	om_test_mariadb_openser_db(&my_server, name, true, true);
	/* The application's own account (not OpenSER's: no --force needed while it writes). */
	free(om_test_mariadb_queryf(&my_server, "GRANT ALL ON `%s`.* TO 'app'@'localhost'", name));
}

static void my_drop_db(const char *name)
{
	free(om_test_mariadb_queryf(&my_server, "DROP DATABASE IF EXISTS `%s`", name));
}

static bool my_exists(const char *name)
{
	return nonzero(om_test_mariadb_queryf(&my_server, "SELECT count(*) FROM information_schema.SCHEMATA "
					      "WHERE SCHEMA_NAME = '%s'", name));
}

static char *my_query(const char *name, const char *sql)
{
	char *out = om_test_mariadb_sql(&my_server, name, NULL, sql);

	for (char *p = out; *p; p++)
		if (*p == '\t')
			*p = '|';
	return out;
}

static bool my_has_table(const char *name, const char *table)
{
	return nonzero(om_test_mariadb_queryf(&my_server, "SELECT count(*) FROM information_schema.TABLES "
					      "WHERE TABLE_SCHEMA = '%s' AND TABLE_NAME = '%s'", name, table));
}

static void my_state(const char *name, bool own, struct strbuf *fp)
{
	const char *not_own = "TABLE_NAME NOT LIKE 'openser\\_migrate\\_%'";
	char *cat = om_test_mariadb_catalog(&my_server, name, own ? NULL : not_own);
	char *ai = om_test_mariadb_queryf(&my_server, "SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES "
					  "WHERE TABLE_SCHEMA = '%s' AND AUTO_INCREMENT IS NOT NULL AND %s ORDER BY 1",
					  name, own ? "1" : not_own);
	char *sums = om_test_mariadb_checksums(&my_server, name, own ? "TABLE_NAME NOT IN ('openser_migrate_history', "
					       "'openser_migrate_journal')" : not_own);

	strbuf_addf(fp, "-- catalog\n%s-- next ids\n%s-- rows\n%s", cat, ai, sums);
	free(cat);
	free(ai);
	free(sums);
}

static void my_settle(const char *name)
{
	om_test_mariadb_wait_idle(&my_server, name);
}

static void my_crash(void)
{
	om_test_mariadb_crash_restart(&my_server);
}

static void *my_connect(const char *name, const char *user)
{
	MYSQL *m = mysql_init(NULL);

	if (m && !mysql_real_connect(m, "localhost", user ? user : "app", user ? NULL : "apppw", name, 0,
				     my_server.socket, 0)) {
		mysql_close(m);
		m = NULL;
	}
	return m;
}

static long long my_exec(void *h, const char *sql)
{
	if (mysql_query(h, sql))
		return -1;
	return (long long)mysql_affected_rows(h);
}

static void my_close(void *h)
{
	mysql_close(h);
}

static struct engine mysql_engine = {
	.name = "mysql",
	.shadows = true,
	.make_db = my_make_db,
	.drop_db = my_drop_db,
	.exists = my_exists,
	.url = my_url,
	.arg = my_arg,
	.query = my_query,
	.has_table = my_has_table,
	.state = my_state,
	.settle = my_settle,
	.location_tables = "SELECT CONCAT('`', TABLE_NAME, '`') FROM information_schema.TABLES "
			   "WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME IN ('location', 'old11_location') "
			   "OR TABLE_NAME LIKE 'openser\\_migrate\\_kept%\\_location') ORDER BY 1",
	.crash = my_crash,
	.w_connect = my_connect,
	.w_exec = my_exec,
	.w_close = my_close,
};

static void my_up(void)
{
	om_test_mariadb_start(&my_server, "latin1");
	free(om_test_mariadb_queryf(&my_server, "CREATE USER 'app'@'localhost' IDENTIFIED BY 'apppw'"));
}

static void my_down(void)
{
	om_test_mariadb_stop(&my_server);
}
#endif

/* ---- PostgreSQL ------------------------------------------------------------------------- */

#ifdef OM_HAVE_PGSQL
static struct om_test_pg pg_server;

static void pg_arg(struct strbuf *sb, const char *name)
{
	strbuf_adds(sb, name);
}

static void pg_url(struct strbuf *sb, const char *name)
{
	strbuf_addf(sb, "postgres://postgres@/%s?host=%s&port=%d", name, pg_server.sockdir, pg_server.port);
}

static void pg_make_db(const char *name)
{
	om_test_pg_openser_db(&pg_server, name, true, true);
}

static void pg_drop_db(const char *name)
{
	free(om_test_pg_queryf(&pg_server, NULL, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name));
}

static bool pg_exists(const char *name)
{
	return nonzero(om_test_pg_queryf(&pg_server, NULL, "SELECT count(*) FROM pg_database WHERE datname = '%s'", name));
}

static char *pg_query(const char *name, const char *sql)
{
	return om_test_pg_sql(&pg_server, name, sql);
}

static bool pg_has_table(const char *name, const char *table)
{
	return nonzero(om_test_pg_queryf(&pg_server, name, "SELECT count(*) FROM pg_tables "
					 "WHERE schemaname = 'public' AND tablename = '%s'", table));
}

static void pg_state(const char *name, bool own, struct strbuf *fp)
{
	const char *not_own = own ? "" : "AND c.relname NOT LIKE 'openser\\_migrate\\_%'";
	char *where = om_test_pg_queryf(&pg_server, name,
		"SELECT '-- schemas'; SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%%' "
		"AND nspname <> 'information_schema' ORDER BY 1;"
		"SELECT '-- tables, sequences, owners and rights'; SELECT n.nspname, c.relname, c.relkind, "
		"pg_get_userbyid(c.relowner), coalesce(c.relacl::text, '') FROM pg_class c "
		"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'S') "
		"AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%%' %s "
		"ORDER BY 1, 2;"
		/*
		 * Not a sequence's value: after a crash PostgreSQL may have moved it
		 * on (it logs 32 values ahead), which is no fault.  What OpenSER
		 * sees is whether its next insert takes an id that is already used.
		 */
		"SELECT '-- sequences: is the next value past the highest id of the column that takes it?';"
		"SELECT s.schemaname, s.sequencename, coalesce(tn.nspname || '.' || t.relname || '.' || a.attname, '-'), "
		"CASE WHEN t.oid IS NULL THEN '' WHEN coalesce(s.last_value + s.increment_by, s.start_value) > "
		"coalesce((xpath('/row/m/text()', query_to_xml(format('SELECT max(%%I) AS m FROM %%I.%%I', a.attname, "
		"tn.nspname, t.relname), false, true, '')))[1]::text::numeric, 0) THEN 'past' ELSE 'NOT past' END "
		"FROM pg_sequences s JOIN pg_namespace sn ON sn.nspname = s.schemaname "
		"JOIN pg_class sc ON sc.relnamespace = sn.oid AND sc.relname = s.sequencename "
		"LEFT JOIN pg_depend d ON d.refobjid = sc.oid AND d.classid = 'pg_attrdef'::regclass "
		"LEFT JOIN pg_attrdef ad ON ad.oid = d.objid LEFT JOIN pg_class t ON t.oid = ad.adrelid "
		"LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace "
		"LEFT JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum ORDER BY 1, 2, 3",
		not_own);
	char *cat = om_test_pg_catalog(&pg_server, name, "public"), *cat11 = om_test_pg_catalog(&pg_server, name, "old11");
	char *rows = om_test_pg_state(&pg_server, name, "public"), *rows11 = om_test_pg_state(&pg_server, name, "old11");

	strbuf_addf(fp, "%s-- catalog\n%s-- catalog of old11\n%s-- rows\n%s-- rows of old11\n%s", where, cat, cat11,
		    rows, rows11);
	free(where);
	free(cat);
	free(cat11);
	free(rows);
	free(rows11);
}

static void pg_settle(const char *name)
{
	om_test_pg_wait_idle(&pg_server, name);
}

static void pg_crash(void)
{
	om_test_pg_crash_restart(&pg_server);
}

static void *pg_connect(const char *name, const char *user)
{
	char conninfo[800];
	PGconn *c;

	snprintf(conninfo, sizeof(conninfo), "host=%s port=%d dbname=%s user=%s", pg_server.sockdir, pg_server.port,
		 name, user ? user : "app");
	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		c = NULL;
	}
	return c;
}

static long long pg_exec(void *h, const char *sql)
{
	PGresult *res = PQexec(h, sql);
	long long rows = PQresultStatus(res) == PGRES_COMMAND_OK ? strtoll(PQcmdTuples(res), NULL, 10) : -1;

	PQclear(res);
	return rows;
}

static void pg_close(void *h)
{
	PQfinish(h);
}

static struct engine pgsql_engine = {
	.name = "pgsql",
	.make_db = pg_make_db,
	.drop_db = pg_drop_db,
	.exists = pg_exists,
	.url = pg_url,
	.arg = pg_arg,
	.query = pg_query,
	.has_table = pg_has_table,
	.state = pg_state,
	.settle = pg_settle,
	.location_tables = "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
			   "WHERE (tablename = 'location' AND schemaname IN ('public', 'old11')) "
			   "OR tablename LIKE 'openser\\_migrate\\_kept%\\_location' ORDER BY 1",
	.crash = pg_crash,
	.w_connect = pg_connect,
	.w_exec = pg_exec,
	.w_close = pg_close,
};

static void pg_up(void)
{
	om_test_pg_start(&pg_server);
	/* OpenSER's roles, and an application's own that has OpenSER's rights (so, on every new table too). */
	free(om_test_pg_sql(&pg_server, NULL, "CREATE ROLE openser LOGIN; CREATE ROLE openserro LOGIN; "
			    "CREATE ROLE app LOGIN IN ROLE openser"));
}

static void pg_down(void)
{
	om_test_pg_stop(&pg_server);
}
#endif

/* ---- the suite -------------------------------------------------------------------------- */

/* The engine of the test case being run (set by its fixture, inherited by the forked tests). */
static struct engine *current;

static void sqlite_up(void)
{
	current = &sqlite_engine;
	ensure_reference(current);
}

#ifdef OM_HAVE_MYSQL
static void mysql_up(void)
{
	my_up();
	current = &mysql_engine;
	ensure_reference(current);
}

static void mysql_own_server(void)
{
	my_up();
	current = &mysql_engine;
}
#endif

#ifdef OM_HAVE_PGSQL
static void pgsql_up(void)
{
	pg_up();
	current = &pgsql_engine;
	ensure_reference(current);
}

static void pgsql_own_server(void)
{
	pg_up();
	current = &pgsql_engine;
}
#endif

START_TEST(killed_upgrade_is_1_1_or_1_2_and_a_rerun_ends_at_the_reference)
{
	/* SIGKILL and SIGTERM in turn. */
	hit_upgrade(current, "kill-upgrade", _i, _i % 2 ? SIGTERM : SIGKILL);
}
END_TEST

START_TEST(killed_migrate_leaves_old_alone_and_a_rerun_ends_at_the_reference)
{
	kill_migrate(current, _i);
}
END_TEST

START_TEST(crashed_server_leaves_1_1_or_1_2_and_a_rerun_ends_at_the_reference)
{
	hit_upgrade(current, "server-kill", _i, 0);
}
END_TEST

START_TEST(three_upgrades_at_once_end_at_the_reference)
{
	three_upgrades(current, _i);
}
END_TEST

START_TEST(rows_written_during_the_upgrade_are_never_lost)
{
	app_writes(current, _i, false);
}
END_TEST

START_TEST(rows_written_by_openser_during_a_forced_upgrade_are_never_lost)
{
	app_writes(current, _i, true);
}
END_TEST

START_TEST(status_during_an_upgrade_is_never_a_mix)
{
	status_during_upgrade(current, _i);
}
END_TEST

/* The kinds every engine has, on the server of the fixture. */
static TCase *engine_case(const char *name, void (*up)(void), void (*down)(void))
{
	TCase *tc = tcase_create(name);

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, killed_upgrade_is_1_1_or_1_2_and_a_rerun_ends_at_the_reference, 0, trials);
	tcase_add_loop_test(tc, killed_migrate_leaves_old_alone_and_a_rerun_ends_at_the_reference, 0, trials);
	tcase_add_loop_test(tc, three_upgrades_at_once_end_at_the_reference, 0, trials);
	tcase_add_loop_test(tc, rows_written_during_the_upgrade_are_never_lost, 0, trials);
	tcase_add_loop_test(tc, status_during_an_upgrade_is_never_a_mix, 0, trials);
	return tc;
}

/* Server kills: each test crashes a server of its own (tests run in forked children). */
static TCase *crash_case(const char *name, void (*up)(void), void (*down)(void))
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, up, down);
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, crashed_server_leaves_1_1_or_1_2_and_a_rerun_ends_at_the_reference, 0, trials);
	return tc;
}

static Suite *reliability_suite(void)
{
	Suite *s = suite_create("reliability");

	suite_add_tcase(s, engine_case("sqlite", sqlite_up, NULL));
#ifdef OM_HAVE_MYSQL
	suite_add_tcase(s, engine_case("mysql", mysql_up, my_down));
	suite_add_tcase(s, crash_case("mysql server kills", mysql_own_server, my_down));
#endif
#ifdef OM_HAVE_PGSQL
	{
		TCase *tc = engine_case("pgsql", pgsql_up, pg_down);

		/* As OpenSER's own user, which only --force lets the upgrade run beside. */
		tcase_add_loop_test(tc, rows_written_by_openser_during_a_forced_upgrade_are_never_lost, 0, trials);
		suite_add_tcase(s, tc);
	}
	suite_add_tcase(s, crash_case("pgsql server kills", pgsql_own_server, pg_down));
#endif
	return s;
}

int main(void)
{
	const char *s = getenv("OM_RELIABILITY_SEED"), *n = getenv("OM_RELIABILITY_TRIALS");
	char *end;
	int rc;

	if (s && *s) {
		errno = 0;
		seed = strtoull(s, &end, 10);
		if (errno || *end) {
			fprintf(stderr, "OM_RELIABILITY_SEED=\"%s\" is not a number\n", s);
			return EXIT_FAILURE;
		}
	} else {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = mix64((uint64_t)ts.tv_sec ^ ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)getpid()) % 1000000000ULL;
	}
	if (n && *n) {
		long v = strtol(n, &end, 10);

		if (*end || v < 1 || v > 10000) {
			fprintf(stderr, "OM_RELIABILITY_TRIALS=\"%s\" is not a number from 1 to 10000\n", n);
			return EXIT_FAILURE;
		}
		trials = (int)v;
	}
	log_path = getenv("OM_RELIABILITY_LOG");
	if (log_path && !*log_path)
		log_path = NULL;
	fprintf(stderr, "reliability: seed %llu (OM_RELIABILITY_SEED=%llu replays it), %d trial%s of each kind\n", seed,
		seed, trials, trials == 1 ? "" : "s");
	work_dir = om_test_mkdtemp();
	rc = om_test_main(reliability_suite());
	om_test_rmtree(work_dir);
	free(work_dir);
	return rc;
}
