/*
 * run.c: the commands.  Each one connects, reads the catalog, detects the
 * version, and then looks (status, plan, verify) or acts (upgrade,
 * migrate, cleanup).  Acting commands validate everything first, take the
 * lock, run the rendered script, verify the result before it is final,
 * and only then commit.  Where engines differ, the driver's hooks say so;
 * nothing here writes SQL (render.c does) or prints.
 */
#include "run.h"
#include "online.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "drift.h"
#include "history.h"
#include "jobs.h"
#include "precheck.h"
#include "render.h"
#include "rollback.h"
#include "strbuf.h"
#include "tripwire.h"
#include "verify.h"

static volatile sig_atomic_t interrupted;
/*
 * Set while om_run_release closes the connection: the signal handler then
 * leaves it alone (it would interrupt a connection being freed).
 */
static volatile sig_atomic_t closing;

void om_run_init(struct om_run *r)
{
	memset(r, 0, sizeof(*r));
	om_detect_init(&r->detect);
	om_plan_init(&r->plan);
	om_script_init(&r->script);
	om_strlist_init(&r->info);
	om_strlist_init(&r->history);
	om_replica_init(&r->replica);
}

void om_run_release(struct om_run *r)
{
	struct om_conn *c = r->conn;

	struct om_jobs *j = r->jobs;

	closing = 1;
	r->conn = NULL;
	r->jobs = NULL;
	om_jobs_close(j);
	if (c) {
		r->drv->rollback(c);
		r->drv->close(c);
	}
	om_planset_free(r->plans);
	om_detect_release(&r->detect);
	om_plan_release(&r->plan);
	om_script_release(&r->script);
	om_strlist_release(&r->info);
	om_strlist_release(&r->history);
	om_history_release(&r->hist);
	om_replica_release(&r->replica);
	free(r->source_qualifier);
	free(r->old_path);
	free(r->new_path);
	om_snapshot_release(&r->snap);
	om_snapshot_list_release(&r->snaps);
	om_snapdiff_release(&r->diff);
	free(r->restored_how);
	om_run_init(r);
	/* r->conn is NULL before the handler may use it again. */
	atomic_signal_fence(memory_order_seq_cst);
	closing = 0;
}

void om_run_request_interrupt(struct om_run *r)
{
	interrupted = 1;
	if (!closing && r && r->jobs)
		om_jobs_interrupt(r->jobs);
	if (!closing && r && r->conn && r->drv && r->drv->interrupt)
		r->drv->interrupt(r->conn);
}

const char *om_planset_latest(const struct om_planset *ps)
{
	const char *latest = NULL;

	for (size_t i = 0; i < ps->nschemas; i++) {
		bool starts = false;

		for (size_t j = 0; j < ps->nmaps; j++)
			if (!ps->maps[j]->rollback && !strcmp(ps->maps[j]->from, ps->schemas[i]->version))
				starts = true;
		if (starts)
			continue;
		if (latest)
			return NULL;
		latest = ps->schemas[i]->version;
	}
	return latest;
}

/* ---- common steps ----------------------------------------------------------- */

/* The words of an interrupt before the final statement (the switch or the commit) began. */
#define INTERRUPTED_MSG "interrupted; nothing was changed, run the command again to do it"

static int check_interrupt(struct om_error *err)
{
	if (interrupted)
		return om_error_set(err, OM_EXIT_INTERRUPTED, INTERRUPTED_MSG);
	return 0;
}

/* Does the engine run the whole upgrade in one transaction (begun by the lock)? */
static bool transactional(const struct om_run *r)
{
	return !r->drv->switch_tables;
}

static int start(struct om_run *r, const char *plan_dir, const struct om_dbtarget *target,
		 const struct om_run_opts *o, unsigned flags, struct om_error *err)
{
	struct om_dbtarget tw = *target;
	const struct om_dbtarget *t = &tw;

	tw.wait = o->lock_timeout;
	r->drv = om_driver_for(t->engine);
	if (!r->drv)
		return om_error_set(err, OM_EXIT_USAGE, "this build has no %s driver", om_engine_name(t->engine));
	if (om_planset_load(&r->plans, plan_dir, err))
		return -1;
	if (!om_planset_latest(r->plans))
		return om_error_set(err, OM_EXIT_USAGE, "the plans in \"%s\" have no single newest version", plan_dir);
	if (r->drv->open(&r->conn, t, flags, err))
		return -1;
	/*
	 * A replica is never changed by itself (replica.h), whatever --force
	 * says; the commands that only look say that it is one.
	 */
	if (om_replica_read(&r->replica, r->drv, r->conn, err)) {
		if (!(flags & OM_OPEN_READONLY))
			return -1;
		om_error_clear(err);
	}
	if (!(flags & OM_OPEN_READONLY) && om_replica_refuse(&r->replica, "a command that changes the database", err))
		return -1;
	return check_interrupt(err);
}

static int read_catalog(struct om_run *r, struct om_conn *c, const char *db, struct om_error *err)
{
	struct om_catalog full;

	om_catalog_init(&full);
	if (r->drv->introspect(c, db, &full, err)) {
		om_catalog_release(&full);
		return -1;
	}
	om_detect_release(&r->detect);
	if (om_detect_run(&r->detect, r->plans, r->drv, &full, err))
		return -1;
	r->detected = true;
	return 0;
}

/* Where the history of database db (NULL: the one connected to) is read. */
static struct om_history_ctx history_at(struct om_run *r, const char *db)
{
	struct om_history_ctx x = { r->drv, r->conn, db, &r->history, &r->info };

	return x;
}

static int read_history(struct om_run *r, bool refuse_edited, struct om_history *h, struct om_error *err)
{
	struct om_history_ctx x = history_at(r, NULL);

	if (om_history_read(h, &x, r->plans, r->detect.has_history, refuse_edited, err))
		return -1;
	if (om_strlist_has(&r->detect.own, OM_DRIFT_TABLE))
		return om_history_read_kept(h, &x, err);
	return 0;
}

static int resume_run(struct om_run *r, const struct om_history *h, struct om_error *err)
{
	struct om_history_ctx x = history_at(r, NULL);

	return om_history_resume(h, &x, &r->plan, &r->resumed, err);
}

static const char *target_version(const struct om_run *r, const struct om_run_opts *o)
{
	return o->to_version ? o->to_version : om_planset_latest(r->plans);
}

/* Can the connecting role do what the plan needs (where the driver can tell)? */
static int check_rights(struct om_run *r, struct om_error *err)
{
	struct om_strlist replace, read;
	int rc;

	if (!r->drv->check_rights)
		return 0;
	om_strlist_init(&replace);
	om_strlist_init(&read);
	om_plan_tables(&r->plan, &replace, &read);
	rc = r->drv->check_rights(r->conn, &replace, &read, err);
	om_strlist_release(&replace);
	om_strlist_release(&read);
	return rc;
}

/*
 * The fewest source rows that give a copy a connection of its own with
 * --jobs (a connection costs milliseconds; a copy this size, a tenth of a
 * second or more), and that get a tripwire (tripwire.h: below it, reading
 * the table again costs less than the triggers' DDL): 50 000, or what
 * environment variable `var` says (tests: OPENSER_MIGRATE_TEST_JOB_ROWS,
 * OPENSER_MIGRATE_TEST_TRIPWIRE_ROWS).
 */
static long long rows_setting(const char *var)
{
	const char *v = getenv(var);

	return v && *v ? strtoll(v, NULL, 10) : 50000;
}

/* Plan the run on connection c (where the source is) and pre-check it there. */
static int make_plan(struct om_run *r, struct om_conn *c, const struct om_run_opts *o, enum om_plan_mode mode,
		     const char *source_db, const char *source_path, struct om_error *err)
{
	struct om_plan_opts po;

	memset(&po, 0, sizeof(po));
	po.mode = mode;
	/* An upgrade counts what never refuses on its copies, in the pass that verifies them. */
	po.defer = mode == OM_MODE_INPLACE && r->upgrading;
	po.force = o->force;
	po.getvar = o->getvar;
	po.ud = o->ud;
	po.source_db = source_db;
	po.source_path = source_path;
	om_plan_release(&r->plan);
	if (o->to_version && !om_planset_schema(r->plans, o->to_version))
		return om_error_set(err, OM_EXIT_USAGE, "unknown version \"%s\" (--to)", o->to_version);
	if (om_plan_build(&r->plan, r->plans, &r->detect, target_version(r, o), &po, r->drv, err))
		return -1;
	r->planned = true;
	/* finish: the rebuilt tables are prepare's shadows; only what arrived since is pre-checked (online.h). */
	r->plan.online = o->online && mode == OM_MODE_INPLACE && om_online_prepared(r);
	r->plan.lock_timeout = o->lock_timeout;
	r->plan.jobs = o->jobs;
	r->plan.job_rows = rows_setting("OPENSER_MIGRATE_TEST_JOB_ROWS");
	if (om_plan_is_empty(&r->plan))
		return 0;
	/* An upgrade first makes sure it may do what it plans (the pre-checks read every source). */
	if (mode == OM_MODE_INPLACE && check_rights(r, err))
		return -1;
	return om_plan_precheck(&r->plan, c, &po, err);
}

/* The pre-checks' problems, as one refusal (OM_EXIT_REFUSED); lead says what is refused. */
static int refuse_problems(struct om_run *r, const char *lead, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	if (!r->plan.problems.n)
		return 0;
	for (size_t i = 0; i < r->plan.problems.n; i++)
		strbuf_addf(&sb, "\n  %s", r->plan.problems.v[i]);
	om_error_set(err, OM_EXIT_REFUSED, "%s (--force overrides):%s", lead, sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* Is every difference of the database from its version one that a finished run kept? */
static bool drift_recorded(const struct om_run *r)
{
	for (size_t i = 0; i < r->detect.drift.n; i++)
		if (!om_history_kept(&r->hist, &r->detect.drift.v[i]))
			return false;
	return true;
}

/* Does the database differ from its version only in what an upgrade keeps? */
static bool drift_only_kept(const struct om_run *r)
{
	for (size_t i = 0; i < r->detect.live.ntables; i++)
		if (!om_drift_keeps(&r->detect, r->detect.live.tables[i].name))
			return false;
	return true;
}

/* The database matches no known version: exit 5, the nearest named (status lists the differences). */
static int refuse_unknown(struct om_run *r, struct om_error *err)
{
	if (!r->detect.schema)
		return om_error_set(err, OM_EXIT_SCHEMA, "no OpenSER tables found: this is not an OpenSER database");
	return om_error_set(err, OM_EXIT_SCHEMA,
			    "%s does not match any known version; nearest is OpenSER %s, with %zu difference%s",
			    r->target_desc ? r->target_desc : "the database", r->detect.schema->version,
			    r->detect.diff.n, r->detect.diff.n == 1 ? "" : "s");
}

/* ---- execution -------------------------------------------------------------------- */

/*
 * The switch happened but the result is not the target: switch back.  The
 * switched-in tables are kept aside (render.c): what OpenSER wrote to them
 * meanwhile is never dropped.
 */
static void unswitch(struct om_run *r, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct om_error e2;

	om_error_clear(&e2);
	om_render_unswitch(&sb, &r->plan);
	if (r->drv->exec(r->conn, sb.buf, &e2)) {
		om_error_prefix(err, "the switch could not be undone (%s); the database is at the new version, "
				"unverified", e2.msg);
		strbuf_release(&sb);
		return;
	}
	/* The shadows are not to be trusted any more: a rerun builds them all again. */
	strbuf_reset(&sb);
	om_render_journal_forget(&sb, r->drv, r->plan.history_id);
	r->drv->exec(r->conn, sb.buf, &e2);
	strbuf_release(&sb);
	r->unswitched = true;
	/* finish: prepare's shadows went with the switched-in tables; the next prepare builds them again. */
	if (r->plan.online && !om_online_forget_shadows(r, &e2)) {
		om_error_prefix(err, "the switch was undone: the database is as it was, the capture still in place; "
				"the switched-in tables, with anything written to them meanwhile, are kept as "
				"%s%lld_* (check them, then drop them); run prepare (it builds the shadows again), "
				"then finish", OM_KEPT_PREFIX, r->plan.history_id);
		return;
	}
	om_error_prefix(err, "the switch was undone: the database is as it was; the switched-in tables, with "
			"anything written to them meanwhile, are kept as %s%lld_* (check them, then drop them); "
			"a rerun upgrades again", OM_KEPT_PREFIX, r->plan.history_id);
}

/* The final statement failed: did it run?  Only a lost connection leaves that open. */
static int final_failed(const struct om_stmt *st, struct om_error *err)
{
	if (err->code == OM_EXIT_INTERRUPTED)
		om_error_prefix(err, "the connection was lost during the %s: the database is either as it was or "
				"entirely upgraded; run the same command again, it finishes the run either way",
				st->kind == OM_STMT_SWITCH ? "switch" : "commit");
	return -1;
}

/*
 * The end of the hold on writers (shadows), right before the switch: the
 * shadows are verified while writers still wait (a shadow that no longer
 * matches its source refuses the switch, nothing changed).  Writers that
 * waited run on the old tables the moment it ends, before the switch can
 * (MariaDB cannot hand a table lock to RENAME TABLE); then *again is set,
 * with why in err: the caller copies what they changed instead of
 * switching.
 */
static int run_unhold(struct om_run *r, const struct om_stmt *st, bool *again, struct om_error *err)
{
	long long waiting = 0;

	*again = false;
	if (om_verify_result(&r->plan, r->conn, OM_VERIFY_BEFORE_SWITCH, err) || check_interrupt(err) ||
	    (r->drv->waiting && r->drv->waiting(r->conn, &waiting, err)) ||
	    om_tripwire_read(&r->plan, r->conn, err) || r->drv->exec(r->conn, st->sql, err))
		return -1;
	if (waiting)
		om_error_set(err, OM_EXIT_FAILED, "%lld session%s waited to write to the tables being copied", waiting,
			     waiting == 1 ? "" : "s");
	*again = waiting > 0;
	return 0;
}

static int run_final(struct om_run *r, const struct om_run_opts *o, const struct om_stmt *st, bool verified,
		     struct om_error *err)
{
	if (st->kind == OM_STMT_SWITCH) {
		if (!verified && om_verify_result(&r->plan, r->conn, OM_VERIFY_BEFORE_SWITCH, err))
			return -1;
		if (check_interrupt(err))
			return -1;
		if (o->after_step)
			o->after_step("before-switch", o->ud);
		r->finishing = true;
		if (r->drv->exec(r->conn, st->sql, err))
			return final_failed(st, err);
		if (o->after_step)
			o->after_step("switched", o->ud);
		if (om_verify_result(&r->plan, r->conn, OM_VERIFY_AFTER_SWITCH, err)) {
			/* Switched, and the server gone: nothing can be verified or undone now. */
			if (err->code == OM_EXIT_INTERRUPTED)
				return final_failed(st, err);
			unswitch(r, err);
			return -1;
		}
		/*
		 * Verified: the tripwires (now on the retained tables) have done
		 * their work.  Best effort: a user who may not drop triggers leaves
		 * them there, doing nothing once their counters are gone.
		 */
		om_tripwire_disarm(&r->plan, r->conn);
	} else {
		if (om_verify_result(&r->plan, r->conn, OM_VERIFY_COMMIT, err) || check_interrupt(err))
			return -1;
		if (o->after_step)
			o->after_step("commit", o->ud);
		r->finishing = true;
		if (r->drv->exec(r->conn, st->sql, err))
			return final_failed(st, err);
	}
	r->executed = true;
	return 0;
}

/*
 * Run the script.  locked: the lock (and, on engines where it is one, the
 * transaction) is already held, so BEGIN is not run again.  Returns 0,
 * -1, or 1 when the run must copy what writers changed again before it can
 * switch (why in err; run_unhold).
 */
/* A copy of a job begins or ends: told as the run's own copies are, from the job's thread. */
struct job_watch {
	struct om_run *r;
	const struct om_run_opts *o;
	/* Each copy's probe, by statement (a job's thread touches only its own statements'). */
	struct om_probe **probes;
};

static void job_copy(const struct om_stmt *st, int job, bool done, bool ok, long long rows, double seconds,
		     void *ud)
{
	struct job_watch *w = ud;
	const struct om_step *step;
	struct om_copy cp = { 0 };

	if (!w->o->copy || (size_t)st->copy_step >= w->r->plan.nsteps)
		return;
	step = &w->r->plan.steps[st->copy_step];
	cp.table = step->target->name;
	cp.into = st->copy_into;
	cp.total = step->source ? step->rows_before : -1;
	cp.rows = -1;
	cp.conn = job + 1;
	cp.done = done;
	cp.ok = ok;
	if (done) {
		cp.rows = rows;
		cp.seconds = seconds;
	}
	/* How far it has got, from outside, where the engine can tell (as om_copy_exec does). */
	struct om_probe **probe = w->probes && w->o->count_rows && w->r->drv->probe_begin && st->copy_from ?
				  &w->probes[st - w->r->script.stmts] : NULL;
	struct om_conn *jc = om_jobs_conn(w->r->jobs, job);

	if (probe && !done && jc)
		*probe = w->r->drv->probe_begin(jc, st->copy_into, st->copy_from, cp.total);
	if (probe) {
		cp.drv = w->r->drv;
		cp.probe = *probe;
	}
	w->o->copy(&cp, w->o->ud);
	/* The progress line stops reading the probe before it goes. */
	if (done && probe && *probe) {
		w->r->drv->probe_end(*probe);
		*probe = NULL;
	}
}

/* --jobs: every job done; the shadows they filled are verified on their connections. */
static int join_jobs(struct om_run *r, struct om_error *err)
{
	if (om_jobs_join(r->jobs, err))
		return -1;
	for (size_t i = 0; i < r->script.n; i++) {
		const struct om_stmt *st = &r->script.stmts[i];

		/* (In one transaction the run reads the tables it moved in itself.) */
		if (st->job > 0 && st->copy_step >= 0 && (size_t)st->copy_step < r->plan.nsteps && !transactional(r))
			r->plan.steps[st->copy_step].conn = om_jobs_conn(r->jobs, st->job);
	}
	return 0;
}

/*
 * A statement of the run's whose last '?' take the row a job read
 * (om_stmt.bind_from), each value quoted by the driver (a digest of
 * digits only is still text).
 */
static int exec_bound(struct om_run *r, const struct om_stmt *st, struct om_error *err)
{
	const char *const *vals;
	struct strbuf sb = STRBUF_INIT;
	const char *q[4];
	int n, m = 0, rc;

	if (om_jobs_row(r->jobs, (size_t)st->bind_from, &vals, &n))
		return om_error_set(err, OM_EXIT_FAILED, "internal error: no row from --jobs for: %.200s", st->sql);
	for (const char *p = st->sql + strlen(st->sql); p > st->sql && m < n;)
		if (*--p == '?')
			q[m++] = p;
	if (m != n)
		return om_error_set(err, OM_EXIT_FAILED, "internal error: %d values for %d places in: %.200s", n, m,
				    st->sql);
	strbuf_addf(&sb, "%.*s", (int)(q[n - 1] - st->sql), st->sql);
	for (int i = 0; i < n; i++) {
		const char *from = q[n - 1 - i] + 1, *to = i + 1 < n ? q[n - 2 - i] : st->sql + strlen(st->sql);

		if (vals[i])
			r->drv->quote_string(r->conn, &sb, vals[i]);
		else
			strbuf_adds(&sb, "NULL");
		/* What lies between this place and the next (or the end). */
		strbuf_addf(&sb, "%.*s", (int)(to - from), from);
	}
	rc = r->drv->exec(r->conn, sb.buf, err);
	strbuf_release(&sb);
	return rc;
}

static int execute_script(struct om_run *r, const struct om_run_opts *o, bool locked, struct job_watch *w,
			  struct om_error *err)
{
	bool unheld = false, again = false, started = false;

	for (size_t i = 0; i < r->script.n; i++) {
		const struct om_stmt *st = &r->script.stmts[i];
		int rc = 0;

		if (check_interrupt(err))
			return -1;
		/* A job's statement: every job starts at the first one (after the hold); the run goes on. */
		if (st->job > 0) {
			if (!started && o->after_step)
				o->after_step("jobs-start", o->ud);
			if (!started && (!r->jobs || om_jobs_start(r->jobs, &r->script, job_copy, w, err)))
				return r->jobs ? -1 : om_error_set(err, OM_EXIT_FAILED, "internal error: no --jobs "
								     "connection for the script's jobs");
			started = true;
			continue;
		}
		switch (st->kind) {
		case OM_STMT_COMMENT:
		case OM_STMT_SETUP:
			continue;
		case OM_STMT_BEGIN:
			/* On these engines the lock begins the transaction. */
			if (!locked)
				rc = r->drv->lock(r->conn, o->lock_timeout, err);
			break;
		case OM_STMT_JOIN:
			rc = join_jobs(r, err);
			break;
		case OM_STMT_APPLY:
			rc = om_online_apply_held(r, st->copy_into, err);
			break;
		case OM_STMT_UNHOLD:
			rc = run_unhold(r, st, &again, err);
			if (!rc && again)
				return 1;
			unheld = !rc;
			break;
		case OM_STMT_COMMIT:
		case OM_STMT_SWITCH:
			rc = run_final(r, o, st, unheld, err);
			break;
		case OM_STMT_SQL:
			rc = st->bind_from >= 0 ? exec_bound(r, st, err) :
			     st->copy_step >= 0 ? om_copy_exec(r, o, st, err) : r->drv->exec(r->conn, st->sql, err);
			if (rc && interrupted)
				check_interrupt(err);
			break;
		}
		if (rc)
			return -1;
		if (st->step && o->after_step)
			o->after_step(st->step, o->ud);
	}
	return 0;
}

static int execute(struct om_run *r, const struct om_run_opts *o, bool locked, struct om_error *err)
{
	/* Told of the jobs' copies until they are joined, here at the latest. */
	struct job_watch w = { r, o, r->jobs ? om_xcalloc(r->script.n + 1, sizeof(struct om_probe *)) : NULL };
	int rc = execute_script(r, o, locked, &w, err);

	/* Never a job left running past the script: its failure is not ours to tell then. */
	if (om_jobs_running(r->jobs)) {
		struct om_error e = { 0 };

		om_jobs_interrupt(r->jobs);
		om_jobs_join(r->jobs, &e);
	}
	/* Every job joined: a probe left by a copy that never told its end goes now. */
	for (size_t i = 0; w.probes && i <= r->script.n; i++)
		if (w.probes[i])
			r->drv->probe_end(w.probes[i]);
	free(w.probes);
	for (size_t i = 0; i < r->plan.nsteps; i++)
		r->plan.steps[i].conn = NULL;
	return rc;
}

static void describe_plan(struct om_strlist *out, const struct om_plan *p)
{
	size_t rebuilt = 0, created = 0;

	for (size_t i = 0; i < p->nsteps; i++) {
		if (p->steps[i].kind == OM_STEP_REBUILD)
			rebuilt++;
		else
			created++;
	}
	om_strlist_addf(out, "%zu table%s rebuilt, %zu created, %zu untouched, %zu version row%s written",
			rebuilt, rebuilt == 1 ? "" : "s", created, p->untouched.n, p->nvrows,
			p->nvrows == 1 ? "" : "s");
}

/* Refuse while OpenSER's users have sessions (exit 3), unless --force. */
static int check_sessions(struct om_run *r, const struct om_dbtarget *t, const struct om_run_opts *o,
			  struct om_error *err)
{
	const char *users[3];
	struct om_strlist found;
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	if (!r->drv->sessions)
		return 0;
	users[0] = t->rw_user ? t->rw_user : "openser";
	users[1] = t->ro_user ? t->ro_user : "openserro";
	users[2] = NULL;
	om_strlist_init(&found);
	if (r->drv->sessions(r->conn, users, &found, err)) {
		om_strlist_release(&found);
		return -1;
	}
	for (size_t i = 0; i < found.n; i++)
		strbuf_addf(&sb, "\n  %s", found.v[i]);
	if (found.n && o->force)
		om_strlist_addf(&r->plan.warnings, "OpenSER's users are connected (%zu session%s; --force)", found.n,
				found.n == 1 ? "" : "s");
	else if (found.n)
		rc = om_error_set(err, OM_EXIT_REFUSED,
				  "OpenSER is still connected (stop it first, or --force), nothing was changed:%s", sb.buf);
	strbuf_release(&sb);
	om_strlist_release(&found);
	return rc;
}


/* Is there room to copy the plan's source tables (where the driver can tell)? */
static int check_room(struct om_run *r, struct om_error *err)
{
	struct om_strlist tables;
	int rc;

	if (!r->drv->check_room)
		return 0;
	om_strlist_init(&tables);
	for (size_t i = 0; i < r->plan.nsteps; i++)
		if (r->plan.steps[i].source)
			om_strlist_add(&tables, r->plan.steps[i].source);
	rc = r->drv->check_room(r->conn, r->plan.source_db, &tables, err);
	om_strlist_release(&tables);
	return rc;
}

/* ---- looking: status, plan, verify ------------------------------------------------ */

/*
 * Connect, then read everything (catalog, history, pre-checks) in one view
 * of the database, taken after a running upgrade has ended: never a mix of
 * its before and after.  The view ends with the command (end_looking).
 */
static int start_looking(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, struct om_error *err)
{
	if (start(r, plan_dir, t, o, OM_OPEN_READONLY, err))
		return -1;
	if (r->drv->begin_read && r->drv->begin_read(r->conn, o->lock_timeout, err))
		return -1;
	if (read_catalog(r, r->conn, NULL, err))
		return -1;
	/* The history and the pre-checks follow, in the same view. */
	if (o->after_step)
		o->after_step("catalog", o->ud);
	return 0;
}

int om_run_look_again(struct om_run *r, const struct om_run_opts *o, struct om_error *err)
{
	if (r->drv->begin_read(r->conn, o->lock_timeout, err))
		return -1;
	return read_catalog(r, r->conn, NULL, err) || read_history(r, true, &r->hist, err) ||
			       make_plan(r, r->conn, o, OM_MODE_INPLACE, NULL, NULL, err)
		       ? -1
		       : 0;
}

int om_run_look_inplace(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			const struct om_run_opts *o, struct om_error *err)
{
	if (start(r, plan_dir, t, o, 0, err) || r->drv->begin_read(r->conn, o->lock_timeout, err))
		return -1;
	return read_catalog(r, r->conn, NULL, err) || read_history(r, true, &r->hist, err) ||
			       make_plan(r, r->conn, o, OM_MODE_INPLACE, NULL, NULL, err)
		       ? -1
		       : 0;
}

static int cmd_status(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		      const struct om_run_opts *o, struct om_error *err)
{
	struct om_history *hp = &r->hist;

	if (start_looking(r, plan_dir, t, o, err))
		return -1;
	if (read_history(r, false, hp, err) || om_online_status(r, err))
		return -1;
	if (hp->running_id)
		om_strlist_addf(&r->info, "run #%lld (%s %s) is unfinished: run it again to finish it",
				hp->running_id, hp->running_command, hp->running_plan);
	for (size_t i = 0; i < r->detect.own.n; i++)
		if (!strncmp(r->detect.own.v[i], OM_KEPT_PREFIX, strlen(OM_KEPT_PREFIX)))
			om_strlist_addf(&r->info, "%s: a 1.2 table set aside when a switch was undone, with what was "
					"written to it meanwhile: check it, then drop it", r->detect.own.v[i]);
	if (!r->detect.schema)
		return refuse_unknown(r, err);
	/* At the newest version, differences an upgrade did not keep are drift. */
	if (!strcmp(r->detect.schema->version, target_version(r, o)) && !drift_recorded(r))
		return refuse_unknown(r, err);
	if (!strcmp(r->detect.schema->version, target_version(r, o)) && !hp->running_id)
		return 0;
	if (strcmp(r->detect.schema->version, target_version(r, o))) {
		if (make_plan(r, r->conn, o, OM_MODE_INPLACE, NULL, NULL, err))
			return -1;
		if (om_plan_is_empty(&r->plan))
			return 0;
	}
	return om_error_set(err, OM_EXIT_PENDING, "an upgrade to OpenSER %s is pending", target_version(r, o));
}

static int cmd_plan(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		    const struct om_run_opts *o, struct om_error *err)
{
	struct om_history *hp = &r->hist;

	if (start_looking(r, plan_dir, t, o, err))
		return -1;
	if (read_history(r, true, hp, err))
		return -1;
	if (make_plan(r, r->conn, o, OM_MODE_INPLACE, NULL, NULL, err))
		return -1;
	if (om_plan_is_empty(&r->plan)) {
		om_strlist_addf(&r->info, "nothing to do: the database is already at OpenSER %s",
				r->detect.schema->version);
		return 0;
	}
	r->plan.history_id = hp->next_id;
	if (resume_run(r, hp, err))
		return -1;
	if (om_render_script(&r->script, &r->plan, r->conn, err))
		return -1;
	describe_plan(&r->info, &r->plan);
	return refuse_problems(r, "the upgrade would be refused", err);
}

static int cmd_verify(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		      const struct om_run_opts *o, struct om_error *err)
{
	struct om_history *hp = &r->hist;

	(void)o;
	if (start_looking(r, plan_dir, t, o, err))
		return -1;
	if (read_history(r, true, hp, err))
		return -1;
	/* Exact, or differing only in what an upgrade kept (and recorded). */
	if (!r->detect.schema || !drift_recorded(r))
		return refuse_unknown(r, err);
	return 0;
}

/* ---- acting: upgrade, cleanup ------------------------------------------------------- */

/*
 * A run that switched the database but was killed before it wrote "done":
 * the database is at the target (detection says so exactly); record it.
 */
static int finish_switched_run(struct om_run *r, const struct om_history *h, struct om_error *err)
{
	struct om_history_ctx x = history_at(r, NULL);

	if (om_history_finish(h, &x, err))
		return -1;
	/* Its tripwires are on the retained tables: the switch is done, they count nothing that matters. */
	om_tripwire_drop_left(r->drv, r->conn, &r->detect.own);
	om_strlist_addf(&r->info, "run #%lld had switched the database to OpenSER %s before it stopped; "
			"it is verified and recorded as done", h->running_id, r->detect.schema->version);
	return 0;
}

/* With shadows, a step of a resumed run is reused only while its shadow is still there. */
static void keep_built_shadows(struct om_run *r)
{
	struct om_strlist keep;

	om_strlist_init(&keep);
	for (size_t i = 0; i < r->plan.done.n; i++) {
		struct strbuf sh = STRBUF_INIT;

		strbuf_addf(&sh, "%s%s", OM_SHADOW_PREFIX, r->plan.done.v[i]);
		if (om_strlist_has(&r->detect.own, sh.buf))
			om_strlist_add(&keep, r->plan.done.v[i]);
		strbuf_release(&sh);
	}
	om_strlist_release(&r->plan.done);
	r->plan.done = keep;
}

/*
 * --jobs in one transaction: the schemas of jobs a killed run left
 * ("openser_migrate_job3.acc" among our own tables), with the tables they
 * had committed there; the run's transaction drops those its own jobs do
 * not build in again.
 */
static void find_scratch(struct om_run *r)
{
	const char *prefix = r->drv->job_schema;

	om_strlist_release(&r->plan.scratch);
	for (size_t i = 0; prefix && i < r->detect.own.n; i++) {
		const char *name = r->detect.own.v[i], *dot = strchr(name, '.');

		if (dot && !strncmp(name, prefix, strlen(prefix))) {
			char *schema = om_xstrndup(name, (size_t)(dot - name));

			om_strlist_add_unique(&r->plan.scratch, schema);
			free(schema);
		}
	}
}

/* The step that builds table `name`, or NULL. */
static const struct om_step *step_named(const struct om_plan *p, const char *name)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (!strcmp(p->steps[i].target->name, name))
			return &p->steps[i];
	return NULL;
}

/*
 * A shadow of a resumed run holds fewer or more rows than its unchanged
 * source gave it: a table on an engine that does not survive a server
 * crash whole (MyISAM, which keeps its row count and index blocks in
 * memory until the table is closed) loses what the crash caught unwritten,
 * while the journal, on a crash-safe engine, says the step was done.
 */
static bool shadow_lost_rows(struct om_run *r, const struct om_step *st, int *rc, struct om_error *err)
{
	struct strbuf sh = STRBUF_INIT;
	long long n = 0;

	strbuf_addf(&sh, "%s%s", OM_SHADOW_PREFIX, st->target->name);
	*rc = om_count_rows(r->drv, r->conn, sh.buf, &n, err);
	strbuf_release(&sh);
	return !*rc && n != om_step_rows_kept(st, st->rows_before);
}

/*
 * Engines whose journal keeps a digest of each source as copied: a shadow
 * of a resumed run is reused only while its source has exactly the rows it
 * was built from (a count alone misses updates, and inserts and deletes
 * that cancel out); the others are built again.  The switch checks it once
 * more while writers are held.
 */
static int prove_reuse(struct om_run *r, struct om_error *err)
{
	struct om_strlist keep;
	int rc = 0;

	if (!r->drv->digest)
		return 0;
	om_strlist_init(&keep);
	for (size_t i = 0; i < r->plan.done.n && !rc; i++) {
		const char *name = r->plan.done.v[i];
		const struct om_step *st = step_named(&r->plan, name);
		const char *src = st ? st->source : NULL;
		struct strbuf q = STRBUF_INIT;
		long long same = 1;

		/*
		 * finish: prepare's shadow is brought up to date again (cheap), never
		 * proved by a whole pass.  The version shadow (a few rows, which its
		 * source's count does not predict) is always built again.
		 */
		if ((st && om_online_step(&r->plan, st)) || (!st && !strcmp(name, "version"))) {
			om_strlist_add_unique(&r->plan.stale, name);
			src = NULL;
			same = 0;
		}
		/* A tripwire whose counter is gone counted nothing since: built again. */
		if (src && om_tripwire_step(&r->plan, src) && !om_tripwire_counter_in(&r->detect.own, src))
			same = 0;
		if (src && same == 1) {
			om_render_digest_same(&q, &r->plan, r->conn, name, src, src);
			rc = om_query_counts(r->drv, r->conn, q.buf, &same, 1, err);
		}
		strbuf_release(&q);
		if (!rc && same == 1 && src && shadow_lost_rows(r, st, &rc, err)) {
			om_strlist_add_unique(&r->plan.stale, name);
			om_strlist_addf(&r->info, "%s: its shadow lacks rows it was built with (the server stopped "
					"before it had written them): built again", name);
		} else if (same == 1) {
			om_strlist_add(&keep, name);
		} else if (src) {
			om_strlist_add_unique(&r->plan.stale, name);
			om_strlist_addf(&r->info, "%s: its source changed since it was built: built again", name);
		}
	}
	om_strlist_release(&r->plan.done);
	r->plan.done = keep;
	return rc;
}

static int confirm(const struct om_run_opts *o, const char *question, const char *refusal, struct om_error *err)
{
	if (o->confirm && o->confirm(question, o->ud))
		return 0;
	return om_error_set(err, OM_EXIT_REFUSED, "not confirmed, nothing was changed (use --yes to %s without a question)",
			    refusal);
}

/* Everything an upgrade checks before it changes anything; the script is rendered. */
/*
 * --jobs: a connection for each copy that gets one (jobs.h), opened before
 * the script is rendered so that it names only jobs that can run; the plan
 * then counts the connections there are.  A connection that cannot be
 * opened (a password asked on the terminal is not kept) leaves its copies
 * to the others, said in the report.
 */
static void open_jobs(struct om_run *r, const struct om_dbtarget *t)
{
	struct om_error why = { 0 };
	int want = 0;

	/* Shadows copied beside the hold (MySQL), or tables built beside the one transaction (PostgreSQL). */
	bool can = transactional(r) ? r->drv->job_schema != NULL && !r->plan.online : r->drv->job_read_word != NULL;

	if (r->plan.jobs <= 1 || !can || r->plan.mode != OM_MODE_INPLACE) {
		r->plan.jobs = 1;
		return;
	}
	for (size_t i = 0; i < r->plan.nsteps; i++)
		if (r->plan.steps[i].source && r->plan.steps[i].rows_before >= r->plan.job_rows)
			want++;
	if (want > r->plan.jobs - 1)
		want = r->plan.jobs - 1;
	if (!r->jobs && want > 0) {
		r->jobs = om_jobs_open(r->drv, t, want, &r->njobs, &why);
		if (r->njobs < want && why.code)
			om_strlist_addf(&r->plan.notes, "--jobs: %d connection%s of %d opened (%s); the others' copies "
					"run on the connections there are", r->njobs, r->njobs == 1 ? "" : "s", want,
					why.msg);
	}
	r->plan.jobs = 1 + (r->njobs < want ? r->njobs : want);
}

static int prepare_upgrade(struct om_run *r, const struct om_dbtarget *t, const struct om_run_opts *o,
			   const struct om_history *h, struct om_error *err)
{
	/* A prepare in place is ended by finish or abort, never by an upgrade of its own (online.h). */
	if (!o->online && om_online_prepared(r))
		return om_error_set(err, OM_EXIT_REFUSED, "a prepare is in place (change capture and shadows): run "
				    "finish once OpenSER is stopped, or abort; nothing was changed");
	if (o->online && !om_online_prepared(r))
		return om_error_set(err, OM_EXIT_REFUSED, "nothing was prepared: run prepare first (or upgrade); "
				    "nothing was changed");
	r->plan.online = o->online;
	if (refuse_problems(r, "refused, nothing was changed", err) || check_sessions(r, t, o, err) ||
	    check_room(r, err))
		return -1;
	r->plan.history_id = h->next_id;
	if (resume_run(r, h, err))
		return -1;
	find_scratch(r);
	/* Before the proof of reuse: a step with a tripwire was journaled with its count, not a digest. */
	if (!transactional(r))
		om_tripwire_choose(&r->plan, rows_setting("OPENSER_MIGRATE_TEST_TRIPWIRE_ROWS"));
	if (r->plan.done.n && !transactional(r)) {
		keep_built_shadows(r);
		if (prove_reuse(r, err))
			return -1;
	}
	open_jobs(r, t);
	return om_render_script(&r->script, &r->plan, r->conn, err);
}

/*
 * Confirmed: the tripwires the script counts on are set; where they cannot
 * be, the script is rendered again without them (the retained tables are
 * read again after the switch instead).
 */
static int arm_tripwires(struct om_run *r, struct om_error *err)
{
	struct strbuf why = STRBUF_INIT;
	int rc = om_tripwire_arm(&r->plan, r->conn, &r->detect.own, &why, err);

	if (rc == 1) {
		om_strlist_add(&r->plan.notes, why.buf);
		om_script_release(&r->script);
		rc = om_render_script(&r->script, &r->plan, r->conn, err);
	}
	strbuf_release(&why);
	return rc;
}

/*
 * Writers that waited for the run have written to the old tables when the
 * hold ended: look at the database again and plan the rest of the run
 * (the journal keeps every shadow whose source they left alone).
 */
static int plan_again(struct om_run *r, const struct om_dbtarget *t, const struct om_run_opts *o,
		      struct om_history *h, struct om_error *err)
{
	om_script_release(&r->script);
	if (read_catalog(r, r->conn, NULL, err) || read_history(r, true, h, err) ||
	    make_plan(r, r->conn, o, OM_MODE_INPLACE, NULL, NULL, err))
		return -1;
	return prepare_upgrade(r, t, o, h, err);
}

/*
 * The script, run until writers no longer get in the way of the switch:
 * each pass copies again only what they changed.  After OM_PASSES the run
 * gives up, nothing changed.
 */
#define OM_PASSES 5

static int execute_upgrade(struct om_run *r, const struct om_dbtarget *t, const struct om_run_opts *o,
			   struct om_history *h, struct om_error *err)
{
	int rc;

	for (int pass = 1; (rc = arm_tripwires(r, err) ? -1 : execute(r, o, true, err)) > 0; pass++) {
		if (pass == OM_PASSES)
			return om_error_prefix(err, "writers kept changing the tables being copied (%d passes): stop "
					       "OpenSER, then run the same command again; last time", pass);
		om_strlist_addf(&r->info, "pass %d: %s: what they changed is copied again", pass, err->msg);
		om_error_clear(err);
		if (plan_again(r, t, o, h, err))
			return -1;
	}
	return rc;
}

/*
 * Lock, read, plan and check an upgrade, and render its script; *nothing
 * when there is nothing to do (the lock released).
 */
static int upgrade_prepare(struct om_run *r, const struct om_dbtarget *t, const struct om_run_opts *o,
			   bool *nothing, struct om_error *err)
{
	struct om_history *hp = &r->hist;

	*nothing = false;
	/* The lock first: nobody changes the database between our look and our change. */
	if (r->drv->lock(r->conn, o->lock_timeout, err))
		return -1;
	if (read_catalog(r, r->conn, NULL, err) || read_history(r, true, hp, err) ||
	    make_plan(r, r->conn, o, OM_MODE_INPLACE, NULL, NULL, err))
		return -1;
	if (om_plan_is_empty(&r->plan)) {
		if (hp->running_id && drift_only_kept(r) && finish_switched_run(r, hp, err))
			return -1;
		/* A finish (MySQL) killed between its switch and the drop of the capture: the rest goes now. */
		if (o->online && om_online_prepared(r) && om_online_forget(r, err))
			return -1;
		om_strlist_addf(&r->info, "nothing to do: the database is already at OpenSER %s",
				r->detect.schema->version);
		r->drv->unlock(r->conn);
		*nothing = true;
		return 0;
	}
	return prepare_upgrade(r, t, o, hp, err);
}

/* The target as the run opened it: waiting up to --lock-timeout. */
static struct om_dbtarget waiting(const struct om_dbtarget *t, const struct om_run_opts *o)
{
	struct om_dbtarget tw = *t;

	tw.wait = o->lock_timeout;
	return tw;
}

/*
 * The snapshot before an upgrade, "before-upgrade-<UTC>": taken on a
 * connection of its own after the run's (and --jobs') are closed (PostgreSQL copies a
 * database fastest when no session is on it); the run then locks, reads
 * and checks again, as if it had just started.  Refused (exit 3) when it
 * cannot be taken: nothing was changed.
 */
static int snapshot_before(struct om_run *r, const struct om_dbtarget *t, const struct om_run_opts *o,
			   struct om_error *err)
{
	struct om_dbtarget tw = waiting(t, o);
	char name[64];
	time_t now = time(NULL);
	struct tm tm;
	struct om_jobs *j = r->jobs;
	struct om_conn *c = r->conn;
	int rc;

	r->drv->rollback(c);
	r->drv->unlock(c);
	/* Out of the signal handler's reach (om_run_request_interrupt) before it is freed. */
	r->conn = NULL;
	r->drv->close(c);
	/* --jobs' connections too (the second look opens them again). */
	r->jobs = NULL;
	r->njobs = 0;
	om_jobs_close(j);
	gmtime_r(&now, &tm);
	strftime(name, sizeof(name), "before-upgrade-%Y%m%d-%H%M%S", &tm);
	rc = r->drv->open(&r->conn, &tw, 0, err);
	if (!rc)
		rc = om_snapshot_save_new(r->drv, r->conn, &tw, name, r->plan.from->version, o->after_step, o->ud,
					  &r->snap, err);
	if (rc) {
		/* The server the first look reached is gone (a connection of the save refused): lost, exit 6. */
		if (err->code == OM_EXIT_USAGE)
			err->code = OM_EXIT_INTERRUPTED;
		/* Locked, interrupted or the server lost keep their codes: a rerun may do it. */
		if (err->code == OM_EXIT_LOCKED)
			return om_error_prefix(err, "another session's transaction holds the tables (waited %d s; see "
					       "--lock-timeout): nothing was changed, a rerun resumes (the snapshot before "
					       "the upgrade could not be taken)", o->lock_timeout);
		if (err->code != OM_EXIT_INTERRUPTED)
			err->code = OM_EXIT_REFUSED;
		return om_error_prefix(err, "cannot take a snapshot before the upgrade, nothing was changed "
				       "(--no-snapshot upgrades without one)");
	}
	/* What the first look found is found again below. */
	om_strlist_release(&r->info);
	om_strlist_release(&r->history);
	om_script_release(&r->script);
	om_script_init(&r->script);
	om_strlist_addf(&r->info, "snapshot \"%s\" saved before the upgrade: %s (%s: %s)", r->snap.name,
			r->snap.place, r->snap.method, r->snap.why);
	return 0;
}

/*
 * Another run upgraded the database while ours took its snapshot: that
 * snapshot may hold the database before or after it, so it goes (the
 * other run took its own before it changed anything).
 */
static int drop_needless(struct om_run *r, const struct om_dbtarget *t, struct om_error *err)
{
	om_strlist_release(&r->info);
	if (om_snapshot_drop(r->drv, r->conn, t, &r->snap, err))
		return om_error_prefix(err, "the database was upgraded by another run meanwhile; the snapshot \"%s\" "
				       "this run took cannot be dropped", r->snap.name);
	om_strlist_addf(&r->info, "nothing to do: another run upgraded the database to OpenSER %s meanwhile (the "
			"snapshot this run took is dropped: it may hold either version)", r->detect.schema->version);
	om_snapshot_release(&r->snap);
	memset(&r->snap, 0, sizeof(r->snap));
	return 0;
}

static int cmd_upgrade(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		       const struct om_run_opts *o, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	bool nothing;
	int rc;

	r->upgrading = true;
	if (start(r, plan_dir, t, o, 0, err) || upgrade_prepare(r, t, o, &nothing, err))
		return -1;
	if (nothing)
		return 0;
	strbuf_addf(&q, "Upgrade %s from OpenSER %s to %s?", r->target_desc ? r->target_desc : "the database",
		    r->plan.from->version, r->plan.to->version);
	rc = confirm(o, q.buf, "upgrade", err);
	strbuf_release(&q);
	if (rc)
		return -1;
	if (o->snapshot && (snapshot_before(r, t, o, err) || upgrade_prepare(r, t, o, &nothing, err)))
		return -1;
	if (nothing && o->snapshot)
		return drop_needless(r, t, err);
	if (nothing)
		return 0;
	/* Planned and checked; nothing has changed yet (a test hook: an application's write lands here). */
	if (o->after_step)
		o->after_step("planned", o->ud);
	if ((o->online && om_online_finish(r, o, err)) || execute_upgrade(r, t, o, &r->hist, err)) {
		r->drv->rollback(r->conn);
		/* Before the switch, or the switch undone: the tripwires are on OpenSER's tables (a rerun sets them again). */
		if (r->drv->unhold && om_tripwire_any(&r->plan)) {
			struct om_error e2 = { 0 };

			r->drv->exec(r->conn, r->drv->unhold, &e2);
			om_tripwire_disarm(&r->plan, r->conn);
		}
		if (r->executed && err->code == OM_EXIT_INTERRUPTED)
			/* Only the bookkeeping after the switch was cut short: say so, not "nothing was changed". */
			om_error_set(err, OM_EXIT_INTERRUPTED,
				     "interrupted after the switch: the database is upgraded to OpenSER %s and verified; "
				     "only the bookkeeping was cut short (the run is not recorded as done yet): run the "
				     "same command again to record it, it changes nothing else", r->plan.to->version);
		else if (r->executed)
			om_error_prefix(err, "the database is at OpenSER %s (switched and verified), but the run could not "
					"be recorded as done: run the same command again to record it", r->plan.to->version);
		else if (!transactional(r) && err->code == OM_EXIT_LOCKED)
			om_error_prefix(err, "another session's transaction holds the tables (waited %d s; see "
					"--lock-timeout): nothing was changed, a rerun resumes", o->lock_timeout);
		else if (!transactional(r) && err->code == OM_EXIT_FAILED && !r->unswitched)
			om_error_prefix(err, "failed before the switch; the database is as it was (a rerun resumes)");
		return -1;
	}
	r->drv->unlock(r->conn);
	describe_plan(&r->info, &r->plan);
	return 0;
}

static int cmd_cleanup(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		       const struct om_run_opts *o, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct om_history *hp = &r->hist;
	struct om_strlist drop;
	int rc = -1;

	om_strlist_init(&drop);
	if (start(r, plan_dir, t, o, 0, err) || r->drv->lock(r->conn, o->lock_timeout, err) ||
	    read_catalog(r, r->conn, NULL, err) || read_history(r, false, hp, err))
		goto out;
	if (hp->running_id) {
		om_error_set(err, OM_EXIT_REFUSED, "an upgrade is unfinished (history run #%lld): finish it (run the same "
			     "command again) before cleaning up", hp->running_id);
		goto out;
	}
	/* The retained old tables, and the 1.2 tables a rollback killed after its switch had set aside. */
	for (size_t i = 0; i < r->detect.retained.n; i++)
		om_strlist_add(&drop, r->detect.retained.v[i]);
	for (size_t i = 0; i < r->detect.own.n; i++)
		if (!strncmp(r->detect.own.v[i], OM_OWN_PREFIX "gone_", strlen(OM_OWN_PREFIX "gone_")))
			om_strlist_add(&drop, r->detect.own.v[i]);
	if (!drop.n) {
		om_strlist_add(&r->info, "nothing to clean up: there are no retained old tables");
		rc = 0;
		goto out;
	}
	if (!r->detect.schema || !drift_recorded(r)) {
		om_error_set(err, OM_EXIT_SCHEMA, "the database does not match a known version exactly (see `status`): "
			     "the retained old tables are kept");
		goto out;
	}
	strbuf_addf(&q, "Drop %zu retained old table%s (", drop.n, drop.n == 1 ? "" : "s");
	for (size_t i = 0; i < drop.n; i++)
		strbuf_addf(&q, "%s%s", i ? ", " : "", drop.v[i]);
	strbuf_adds(&q, ")? They hold the rows as they were before the upgrade.");
	if (confirm(o, q.buf, "clean up", err))
		goto out;
	om_render_cleanup(&r->script, r->drv, &drop);
	/* On engines with transactional DDL the lock's transaction makes the drops one change. */
	if (transactional(r))
		om_script_add(&r->script, OM_STMT_SQL, "COMMIT");
	if (execute(r, o, true, err)) {
		r->drv->rollback(r->conn);
		goto out;
	}
	for (size_t i = 0; i < drop.n; i++)
		om_strlist_addf(&r->info, "dropped %s", drop.v[i]);
	r->drv->unlock(r->conn);
	rc = 0;
out:
	strbuf_release(&q);
	om_strlist_release(&drop);
	return rc;
}

/* ---- migrate -------------------------------------------------------------------------- */

/* A canonical path for a file that may not exist yet (its directory must). */
static char *canonical_path(const char *path)
{
	char buf[PATH_MAX];
	const char *slash;
	struct strbuf dir = STRBUF_INIT;

	if (realpath(path, buf))
		return om_xstrdup(buf);
	slash = strrchr(path, '/');
	if (slash)
		strbuf_add(&dir, path, (size_t)(slash - path) + (slash == path));
	else
		strbuf_adds(&dir, ".");
	if (!realpath(dir.buf, buf)) {
		strbuf_release(&dir);
		return NULL;
	}
	strbuf_reset(&dir);
	strbuf_addf(&dir, "%s/%s", strcmp(buf, "/") ? buf : "", slash ? slash + 1 : path);
	return strbuf_detach(&dir);
}

/* The two sides of a migrate, as the user named them and as they are opened. */
struct sides {
	struct om_dbtarget old, new_db;   /* copies; paths replaced by canonical ones (files) */
	char *old_path, *new_path;        /* owned: the canonical paths */
	const char *old_name, *new_name;  /* for messages and the history */
	bool exists;                      /* NEW exists already */
};

static int resolve_sides(struct sides *s, const struct om_dbtarget *old, const struct om_dbtarget *new_db,
			 struct om_error *err)
{
	struct stat st;

	memset(s, 0, sizeof(*s));
	s->old = *old;
	s->new_db = *new_db;
	if (old->engine != new_db->engine)
		return om_error_set(err, OM_EXIT_USAGE, "OLD and NEW must be on the same engine");
	if (old->path) {
		s->old_path = canonical_path(old->path);
		s->new_path = canonical_path(new_db->path);
		if (!s->old_path || stat(s->old_path, &st) != 0)
			return om_error_set(err, OM_EXIT_USAGE, "cannot open the old database \"%s\": %s", old->path,
					    strerror(errno));
		if (!s->new_path)
			return om_error_set(err, OM_EXIT_USAGE, "cannot create \"%s\": its directory does not exist",
					    new_db->path);
		s->old.path = s->old_path;
		s->new_db.path = s->new_path;
	}
	s->old_name = old->path ? s->old_path : old->db;
	s->new_name = old->path ? s->new_path : new_db->db;
	if (!strcmp(s->old_name, s->new_name))
		return om_error_set(err, OM_EXIT_USAGE, "OLD and NEW are the same database (\"%s\")", s->old_name);
	return 0;
}

/*
 * Does NEW hold nothing but this tool's own tables, every one of them
 * empty?  That is a migrate stopped after it created them and before it
 * wrote its history row (MySQL commits each CREATE TABLE at once): there
 * is nothing in it to lose, and the run starts it again.
 */
static int holds_only_empty_own(struct om_run *r, const struct om_catalog *cat, bool *yes, struct om_error *err)
{
	static const char *const own[] = { OM_HISTORY_TABLE, OM_JOURNAL_TABLE, OM_DRIFT_TABLE, OM_VERSION_KEPT_TABLE };

	*yes = cat->ntables > 0;
	for (size_t i = 0; *yes && i < cat->ntables; i++) {
		long long rows = 0;
		bool ours = false;

		for (size_t k = 0; k < sizeof(own) / sizeof(own[0]); k++)
			ours = ours || !strcmp(cat->tables[i].name, own[k]);
		if (!ours) {
			*yes = false;
			break;
		}
		if (om_count_rows(r->drv, r->conn, cat->tables[i].name, &rows, err))
			return -1;
		*yes = rows == 0;
	}
	return 0;
}

/*
 * NEW exists: it must be empty (or hold only this tool's empty tables) or
 * hold this tool's migrate of OLD.  A finished one makes the run a no-op
 * (*done); an unfinished one is resumed.
 */
static int check_existing_new(struct om_run *r, struct sides *s, const char *old_shown, const char *new_shown,
			      struct om_history *h, bool *done, struct om_error *err)
{
	struct om_history_ctx x = history_at(r, NULL);
	struct om_migrate_run mr = { false, 0, "" };
	struct om_catalog cat;
	size_t ntables;
	bool own_empty = false;

	*done = false;
	om_catalog_init(&cat);
	if (r->drv->introspect(r->conn, NULL, &cat, err) ||
	    (om_catalog_table(&cat, OM_HISTORY_TABLE) && om_history_find_migrate(&mr, &x, s->old_name, err)) ||
	    (!mr.found && holds_only_empty_own(r, &cat, &own_empty, err))) {
		om_catalog_release(&cat);
		return -1;
	}
	ntables = cat.ntables;
	om_catalog_release(&cat);
	if (!mr.found && ntables && !own_empty)
		return om_error_set(err, OM_EXIT_REFUSED,
				    "\"%s\" exists and is not a migrate of \"%s\" by this tool: NEW must not exist",
				    new_shown, old_shown);
	if (own_empty) {
		om_strlist_addf(&r->info, "\"%s\" holds only this tool's empty tables (a migrate stopped before it "
				"began): it is used as NEW", new_shown);
		return 0;
	}
	if (!mr.found) {
		/* An empty database (created beforehand, or by a run killed at once) holds nothing to lose. */
		om_strlist_addf(&r->info, "\"%s\" exists and is empty: it is used as NEW", new_shown);
		return 0;
	}
	if (!strcmp(mr.status, "done")) {
		om_strlist_addf(&r->info, "nothing to do: \"%s\" was already migrated from \"%s\" (run #%lld)",
				new_shown, old_shown, mr.id);
		*done = true;
		return 0;
	}
	return om_history_read(h, &x, r->plans, true, false, err);
}

/* Open OLD, read its catalog and plan the migrate there. */
static int plan_migrate(struct om_run *r, struct sides *s, const struct om_run_opts *o, struct om_error *err)
{
	char *qualifier = NULL;
	struct om_conn *own = NULL;
	int rc;

	if (r->drv->open_source(r->conn, &s->old, &qualifier, &own, err))
		return -1;
	/* OLD on a connection of its own is read and checked there, unqualified. */
	rc = read_catalog(r, own ? own : r->conn, qualifier, err) ||
	     make_plan(r, own ? own : r->conn, o, OM_MODE_MIGRATE, qualifier, s->old_name, err) ? -1 : 0;
	/* The plan keeps pointing at the qualifier: it lives as long as the run. */
	r->source_qualifier = qualifier;
	return rc;
}

static int cmd_migrate(struct om_run *r, const char *plan_dir, const struct om_dbtarget *old,
		       const struct om_dbtarget *new_db, const struct om_run_opts *o, struct om_error *err)
{
	struct sides s;
	struct om_history *hp = &r->hist;
	const char *old_shown = old->path ? old->path : old->db, *new_shown = new_db->path ? new_db->path : new_db->db;
	bool done = false;
	int rc = -1;

	hp->next_id = 1;
	if (resolve_sides(&s, old, new_db, err))
		goto out;
	r->drv = om_driver_for(new_db->engine);
	if (r->drv && r->drv->check_db_name &&
	    (r->drv->check_db_name(s.old_name, err) || r->drv->check_db_name(s.new_name, err)))
		goto out;
	if (start(r, plan_dir, &s.new_db, o, OM_OPEN_CREATE, err))
		goto out;
	/* One migrate into NEW at a time (one transaction: the script's BEGIN takes the lock). */
	if (!transactional(r) && r->drv->lock(r->conn, o->lock_timeout, err))
		goto out;
	if (r->drv->db_exists(r->conn, &s.new_db, &s.exists, err) ||
	    (s.exists && check_existing_new(r, &s, old_shown, new_shown, hp, &done, err)))
		goto out;
	if (done) {
		rc = 0;
		goto out;
	}
	if (plan_migrate(r, &s, o, err) || refuse_problems(r, "refused, nothing was changed", err) ||
	    check_room(r, err))
		goto out;
	r->plan.new_exists = s.exists;
	r->plan.target_name = s.new_name;
	r->plan.history_id = hp->next_id;
	if (resume_run(r, hp, err))
		goto out;
	if (om_render_script(&r->script, &r->plan, r->conn, err))
		goto out;
	if (execute(r, o, !transactional(r), err)) {
		r->drv->rollback(r->conn);
		if (err->code == OM_EXIT_FAILED)
			om_error_prefix(err, "\"%s\" holds an unfinished migrate; run the same command again to "
					"resume it, or remove it", new_shown);
		goto out;
	}
	r->drv->unlock(r->conn);
	describe_plan(&r->info, &r->plan);
	rc = 0;
out:
	/* The plan and the report keep pointing at the names: they live as long as the run. */
	r->old_path = s.old_path;
	r->new_path = s.new_path;
	return rc;
}

/* ---- snapshots --------------------------------------------------------------------------- */

/* The driver, a valid NAME (when name), then start: nothing is opened for a bad name. */
static int snapshot_start(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			  const struct om_run_opts *o, const char *name, unsigned flags, struct om_error *err)
{
	r->drv = om_driver_for(t->engine);
	if (!r->drv)
		return om_error_set(err, OM_EXIT_USAGE, "this build has no %s driver", om_engine_name(t->engine));
	if (!r->drv->snapshot_save)
		return om_error_set(err, OM_EXIT_USAGE, "the %s driver has no snapshots", r->drv->name);
	if (name && om_snapshot_check_name(r->drv, t, name, err))
		return -1;
	return start(r, plan_dir, t, o, flags, err);
}

/* Snapshot name into r->snap; missing, or a leftover of a killed save when complete is wanted: exit 2. */
static int find_snapshot(struct om_run *r, const struct om_dbtarget *t, const char *name, bool complete,
			 struct om_error *err)
{
	bool found;

	if (om_snapshot_find(r->drv, r->conn, t, name, &r->snap, &found, err))
		return -1;
	if (!found)
		return om_error_set(err, OM_EXIT_USAGE, "no snapshot \"%s\" of %s (see `snapshot list`)", name,
				    r->target_desc ? r->target_desc : "this database");
	if (complete && !r->snap.complete)
		return om_error_set(err, OM_EXIT_USAGE,
				    "snapshot \"%s\" is incomplete (its save was interrupted): drop it, or save it again",
				    name);
	return 0;
}

static int cmd_snapshot_save(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, const char *name, struct om_error *err)
{
	struct om_dbtarget tw = waiting(t, o);
	const char *version = "unknown";

	if (snapshot_start(r, plan_dir, t, o, name, 0, err) || read_catalog(r, r->conn, NULL, err))
		return -1;
	if (r->detect.schema && r->detect.exact)
		version = r->detect.schema->version;
	return om_snapshot_save(r->drv, r->conn, &tw, name, version, o->after_step, o->ud, &r->snap, err);
}

static int cmd_snapshot_list(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, struct om_error *err)
{
	if (snapshot_start(r, plan_dir, t, o, NULL, OM_OPEN_READONLY, err))
		return -1;
	return om_snapshot_list(r->drv, r->conn, t, &r->snaps, err);
}

static int cmd_snapshot_diff(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, const char *name, struct om_error *err)
{
	struct om_dbtarget tw = waiting(t, o);

	if (snapshot_start(r, plan_dir, t, o, name, OM_OPEN_READONLY, err) || find_snapshot(r, t, name, true, err))
		return -1;
	if (om_snapshot_diff(r->drv, r->conn, &tw, &r->snap, &r->diff, err))
		return -1;
	r->diffed = true;
	if (!r->diff.identical)
		return om_error_set(err, OM_EXIT_SCHEMA, "the database differs from snapshot \"%s\"", name);
	return 0;
}

static int cmd_snapshot_restore(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			    const struct om_run_opts *o, const char *name, struct om_error *err)
{
	struct om_dbtarget tw = waiting(t, o);
	struct strbuf q = STRBUF_INIT, how = STRBUF_INIT;
	int rc;

	if (snapshot_start(r, plan_dir, t, o, name, 0, err) || find_snapshot(r, t, name, true, err) ||
	    check_sessions(r, t, o, err))
		return -1;
	strbuf_addf(&q, "Restore %s to snapshot \"%s\" (taken %s UTC, OpenSER %s)? Everything written since is lost.",
		    r->target_desc ? r->target_desc : "the database", name, r->snap.taken, r->snap.version);
	rc = confirm(o, q.buf, "restore", err);
	strbuf_release(&q);
	if (rc || r->drv->lock(r->conn, o->lock_timeout, err))
		return -1;
	rc = om_snapshot_restore(r->drv, r->conn, &tw, &r->snap, &how, err);
	r->restored_how = strbuf_detach(&how);
	r->drv->unlock(r->conn);
	if (!rc)
		r->executed = true;
	return rc;
}

static int cmd_snapshot_drop(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, const char *name, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	if (snapshot_start(r, plan_dir, t, o, name, 0, err) || find_snapshot(r, t, name, false, err))
		return -1;
	strbuf_addf(&q, "Drop snapshot \"%s\" (%s)?", name, r->snap.place);
	rc = confirm(o, q.buf, "drop it", err);
	strbuf_release(&q);
	if (rc || om_snapshot_drop(r->drv, r->conn, t, &r->snap, err))
		return -1;
	r->executed = true;
	return 0;
}

/* ---- rollback ------------------------------------------------------------------------ */

/* Why a rollback cannot start: nothing to roll back, an unfinished run, no retained tables. */
static int rollback_refusals(const struct om_history *h, struct om_error *err)
{
	if (h->running_id)
		return om_error_set(err, OM_EXIT_REFUSED,
				    "a run is unfinished (history run #%lld): finish it (run the same command again) "
				    "before rolling back, nothing was changed", h->running_id);
	if (!h->upgrade_id)
		return om_error_set(err, OM_EXIT_REFUSED, "there is no upgrade to roll back in the history, nothing "
				    "was changed");
	return 0;
}

/* The rollback map alone, as an upgrade of the live tables back to `to` (no retained tables). */
static int plan_by_map(struct om_run *r, const struct om_run_opts *o, const struct om_history *h, const char *to,
		       struct om_error *err)
{
	struct om_plan_opts po;
	struct om_strlist vars;
	int rc = -1;

	/* The options the upgrade ran with, as the rollback from the retained tables takes them. */
	om_strlist_init(&vars);
	om_rollback_options(h->upgrade_options, &vars);
	memset(&po, 0, sizeof(po));
	po.mode = OM_MODE_INPLACE;
	po.force = o->force;
	po.getvar = om_rollback_getvar;
	po.ud = &vars;
	po.rollback = true;
	om_plan_release(&r->plan);
	if (!om_plan_build(&r->plan, r->plans, &r->detect, to, &po, r->drv, err)) {
		r->planned = true;
		r->plan.lock_timeout = o->lock_timeout;
		rc = check_rights(r, err) || om_plan_precheck(&r->plan, r->conn, &po, err) ? -1 : 0;
	}
	om_strlist_release(&vars);
	return rc;
}

/*
 * After `cleanup`: the old rows are gone, so only the rollback map can
 * bring the tables back, losing what 1.2 has no column for.  Refused with
 * the list of it; --force does it, with the list as warnings.
 */
static int rollback_by_map(struct om_run *r, const struct om_run_opts *o, const struct om_history *h,
			   struct om_error *err)
{
	struct strbuf lost = STRBUF_INIT, to = STRBUF_INIT;
	const char *arrow = strstr(h->upgrade_plan, "->");

	strbuf_add(&to, h->upgrade_plan, arrow ? (size_t)(arrow - h->upgrade_plan) : 0);
	if (plan_by_map(r, o, h, to.buf, err)) {
		strbuf_release(&to);
		return -1;
	}
	strbuf_release(&to);
	for (size_t i = 0; i < r->plan.nsteps; i++) {
		const struct om_step *st = &r->plan.steps[i];

		for (size_t k = 0; st->kind == OM_STEP_REBUILD && k < st->ncols; k++)
			if (!st->cols[k].expr && !st->cols[k].col->autoinc)
				strbuf_addf(&lost, "%s%s.%s", lost.len ? ", " : "", st->target->name, st->cols[k].col->name);
	}
	if (!o->force) {
		om_error_set(err, OM_EXIT_REFUSED,
			     "the retained old tables are gone (`cleanup` dropped them), nothing was changed: the "
			     "rows as they were before the upgrade and the values it cut cannot be restored, and "
			     "these columns would get their defaults: %s (--force rolls back with the rollback map "
			     "alone)", lost.len ? lost.buf : "none");
		strbuf_release(&lost);
		return -1;
	}
	if (lost.len)
		om_strlist_addf(&r->plan.warnings, "rolled back without the retained tables (--force): these columns "
				"have their defaults: %s", lost.buf);
	/* The tables only the upgrade's version has, it created. */
	for (size_t i = 0; i < r->detect.live.ntables; i++) {
		const char *name = r->detect.live.tables[i].name;

		if (!om_schema_table(r->plan.to, name) && om_schema_table(r->plan.from, name))
			om_strlist_add(&r->plan.drop, name);
	}
	strbuf_release(&lost);
	r->plan.history_id = h->next_id;
	if (om_render_script(&r->script, &r->plan, r->conn, err) || execute(r, o, true, err)) {
		r->drv->rollback(r->conn);
		return -1;
	}
	r->drv->unlock(r->conn);
	describe_plan(&r->info, &r->plan);
	return 0;
}

/* Run the rollback's statements, verify, commit (one transaction, begun by the lock). */
static int execute_rollback(struct om_run *r, const struct om_run_opts *o, const struct om_rollback *rb,
			    struct om_error *err)
{
	for (size_t i = 0; i < r->script.n; i++) {
		const struct om_stmt *st = &r->script.stmts[i];

		if (check_interrupt(err))
			return -1;
		if (st->kind != OM_STMT_SQL && st->kind != OM_STMT_SWITCH)
			continue;
		/* Every shadow whole before the switch: after it, the database is 1.1. */
		if (st->kind == OM_STMT_SWITCH && om_rollback_check_shadows(rb, r->drv, r->conn, err))
			return -1;
		if (r->drv->exec(r->conn, st->sql, err)) {
			if (interrupted)
				check_interrupt(err);
			return -1;
		}
		if (st->step && o->after_step)
			o->after_step(st->step, o->ud);
	}
	if (om_rollback_verify(rb, r->plans, r->drv, r->conn, err) || check_interrupt(err))
		return -1;
	if (o->after_step)
		o->after_step("commit", o->ud);
	if (r->drv->exec(r->conn, "COMMIT", err))
		return -1;
	r->executed = true;
	return 0;
}

static int cmd_rollback(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		    const struct om_run_opts *o, struct om_error *err)
{
	struct om_history *hp = &r->hist;
	struct om_rollback rb;
	struct strbuf q = STRBUF_INIT;
	int rc = -1;

	om_rollback_init(&rb);
	if (start(r, plan_dir, t, o, 0, err) || r->drv->lock(r->conn, o->lock_timeout, err) ||
	    read_catalog(r, r->conn, NULL, err) || read_history(r, true, hp, err) || rollback_refusals(hp, err) ||
	    check_sessions(r, t, o, err))
		goto out;
	/* A rollback killed after its switch: the rerun finishes what it had left to do. */
	if (!om_rollback_finish_switched(&r->script, r->plans, r->drv, r->conn, hp, &r->detect, hp->next_id, &r->info,
					 err)) {
		struct om_strlist lines;

		if (execute(r, o, true, err))
			goto out;

		r->drv->unlock(r->conn);
		om_strlist_init(&lines);
		om_strlist_addf(&lines, "rolled back to OpenSER %s: a rollback of history run #%lld had switched the "
				"database back before it stopped; what it set aside is dropped now",
				r->detect.schema->version, hp->upgrade_id);
		for (size_t i = 0; i < r->info.n; i++)
			om_strlist_add(&lines, r->info.v[i]);
		om_strlist_release(&r->info);
		r->info = lines;
		rc = 0;
		goto out;
	}
	if (!r->detect.retained.n) {
		rc = rollback_by_map(r, o, hp, err);
		goto out;
	}
	if (!r->drv->same || (!r->drv->switch_tables && (!r->drv->restore_table || !r->drv->row_id)) ||
	    (r->drv->switch_tables && !r->drv->create_like)) {
		om_error_set(err, OM_EXIT_USAGE, "rollback from the retained tables is not available on %s in this version",
			     r->drv->name);
		goto out;
	}
	if (om_rollback_plan(&rb, r->plans, r->drv, r->conn, hp, &r->detect, err))
		goto out;
	om_rollback_render(&r->script, &rb, r->drv, r->conn, hp->next_id);
	strbuf_addf(&q, "Roll %s back from OpenSER %s to %s (the upgrade of history run #%lld)?",
		    r->target_desc ? r->target_desc : "the database", rb.up.to->version, rb.up.from->version, rb.run);
	if (confirm(o, q.buf, "roll back", err) || execute_rollback(r, o, &rb, err)) {
		r->drv->rollback(r->conn);
		if (err->code == OM_EXIT_FAILED)
			om_error_prefix(err, "nothing was changed");
		goto out;
	}
	r->drv->unlock(r->conn);
	om_strlist_addf(&r->info, "rolled back to OpenSER %s: the upgrade of history run #%lld is undone",
			rb.up.from->version, rb.run);
	for (size_t i = 0; i < rb.up.nsteps; i++)
		if (rb.up.steps[i].kind == OM_STEP_CREATE)
			om_strlist_addf(&r->info, "  %s: dropped (the upgrade created it)", rb.up.steps[i].target->name);
		else
			om_strlist_addf(&r->info, "  %s: back from %s, %lld rows", rb.up.steps[i].target->name,
					rb.up.steps[i].retained, rb.rows[i]);
	rc = 0;
out:
	strbuf_release(&q);
	om_rollback_release(&rb);
	return rc;
}

/* ---- the commands ------------------------------------------------------------------- */

/*
 * A command has failed: when an interrupt was asked for, it failed because
 * of it (a statement, a catalog read or a verification query cut short, a
 * lock wait given up), whatever error that made.  The result is then the
 * interrupt (exit 6), never a schema, verification or usage error; once
 * the final statement began, the error already says what state it left.
 */
static int settle(struct om_run *r, int rc, struct om_error *err)
{
	if (!rc || !interrupted)
		return rc;
	if (r->finishing)
		err->code = OM_EXIT_INTERRUPTED;
	else
		om_error_set(err, OM_EXIT_INTERRUPTED, INTERRUPTED_MSG);
	return -1;
}

/* The end of a command that only looked: its view of the database ends, whatever it found. */
static int end_looking(struct om_run *r, int rc, struct om_error *err)
{
	if (r->conn)
		r->drv->unlock(r->conn);
	return settle(r, rc, err);
}

int om_cmd_status(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		  const struct om_run_opts *o, struct om_error *err)
{
	return end_looking(r, cmd_status(r, plan_dir, t, o, err), err);
}

int om_cmd_plan(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		const struct om_run_opts *o, struct om_error *err)
{
	return end_looking(r, cmd_plan(r, plan_dir, t, o, err), err);
}

int om_cmd_verify(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		  const struct om_run_opts *o, struct om_error *err)
{
	return end_looking(r, cmd_verify(r, plan_dir, t, o, err), err);
}

int om_cmd_upgrade(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		   const struct om_run_opts *o, struct om_error *err)
{
	return settle(r, cmd_upgrade(r, plan_dir, t, o, err), err);
}

int om_cmd_cleanup(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		   const struct om_run_opts *o, struct om_error *err)
{
	return settle(r, cmd_cleanup(r, plan_dir, t, o, err), err);
}

int om_cmd_migrate(struct om_run *r, const char *plan_dir, const struct om_dbtarget *old,
		   const struct om_dbtarget *new_db, const struct om_run_opts *o, struct om_error *err)
{
	return settle(r, cmd_migrate(r, plan_dir, old, new_db, o, err), err);
}

int om_cmd_rollback(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		    const struct om_run_opts *o, struct om_error *err)
{
	return settle(r, cmd_rollback(r, plan_dir, t, o, err), err);
}

int om_cmd_snapshot_save(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, const char *name, struct om_error *err)
{
	return settle(r, cmd_snapshot_save(r, plan_dir, t, o, name, err), err);
}

int om_cmd_snapshot_list(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, struct om_error *err)
{
	return settle(r, cmd_snapshot_list(r, plan_dir, t, o, err), err);
}

int om_cmd_snapshot_diff(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, const char *name, struct om_error *err)
{
	return settle(r, cmd_snapshot_diff(r, plan_dir, t, o, name, err), err);
}

int om_cmd_snapshot_restore(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			    const struct om_run_opts *o, const char *name, struct om_error *err)
{
	return settle(r, cmd_snapshot_restore(r, plan_dir, t, o, name, err), err);
}

int om_cmd_snapshot_drop(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
			 const struct om_run_opts *o, const char *name, struct om_error *err)
{
	return settle(r, cmd_snapshot_drop(r, plan_dir, t, o, name, err), err);
}
