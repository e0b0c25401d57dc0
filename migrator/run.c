/*
 * run.c: the commands.  Each one connects, reads the catalog, detects the
 * version, and then looks (status, plan, verify) or acts (upgrade,
 * migrate, cleanup).  Acting commands validate everything first, take the
 * lock, run the driver's script, verify the result inside the
 * transaction, and only then commit.  Nothing here prints.
 */
#include "run.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"

static volatile sig_atomic_t interrupted;

void om_run_init(struct om_run *r)
{
	memset(r, 0, sizeof(*r));
	om_detect_init(&r->detect);
	om_plan_init(&r->plan);
	om_script_init(&r->script);
	om_strlist_init(&r->info);
	om_strlist_init(&r->history);
}

void om_run_release(struct om_run *r)
{
	if (r->conn) {
		r->drv->rollback(r->conn);
		r->drv->close(r->conn);
	}
	om_planset_free(r->plans);
	om_detect_release(&r->detect);
	om_plan_release(&r->plan);
	om_script_release(&r->script);
	om_strlist_release(&r->info);
	om_strlist_release(&r->history);
	om_run_init(r);
}

void om_run_request_interrupt(struct om_run *r)
{
	interrupted = 1;
	if (r && r->conn && r->drv && r->drv->interrupt)
		r->drv->interrupt(r->conn);
}

const char *om_planset_latest(const struct om_planset *ps)
{
	const char *latest = NULL;

	for (size_t i = 0; i < ps->nschemas; i++) {
		bool starts = false;

		for (size_t j = 0; j < ps->nmaps; j++)
			if (!strcmp(ps->maps[j]->from, ps->schemas[i]->version))
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

static int start(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		 unsigned flags, struct om_error *err)
{
	r->drv = om_driver_for(t->engine);
	if (!r->drv)
		return om_error_set(err, OM_EXIT_USAGE, "this build has no %s driver", om_engine_name(t->engine));
	if (om_planset_load(&r->plans, plan_dir, err))
		return -1;
	if (!om_planset_latest(r->plans))
		return om_error_set(err, OM_EXIT_USAGE, "the plans in \"%s\" have no single newest version", plan_dir);
	return r->drv->open(&r->conn, t, flags, err);
}

static int read_catalog(struct om_run *r, const char *db, struct om_error *err)
{
	struct om_catalog full;

	om_catalog_init(&full);
	if (r->drv->introspect(r->conn, db, &full, err)) {
		om_catalog_release(&full);
		return -1;
	}
	om_detect_release(&r->detect);
	return om_detect_run(&r->detect, r->plans, r->drv, &full, err);
}

/* What the history table says. */
struct hist {
	long long next_id;        /* the id a new run gets */
	long long running_id;     /* an unfinished run, or 0 */
	char running_plan[64];
	char running_checksum[65];
	char running_command[16];
};

struct hist_rows {
	struct om_run *r;
	const struct om_planset *ps;
	struct om_strlist edited;
	struct hist *h;
	long long max_id;
};

static int hist_row(void *ud, int n, const char *const *v)
{
	struct hist_rows *h = ud;
	char now[65];
	long long id;

	/* id, plan, checksum, command, status, started, finished, source */
	if (n < 8)
		return 0;
	id = v[0] ? strtoll(v[0], NULL, 10) : 0;
	if (id > h->max_id)
		h->max_id = id;
	om_strlist_addf(&h->r->history, "#%lld %s %s %s, started %s%s%s", id, v[3] ? v[3] : "?",
			v[1] ? v[1] : "?", v[4] ? v[4] : "?", v[5] ? v[5] : "?",
			v[6] ? ", finished " : "", v[6] ? v[6] : "");
	if (v[4] && !strcmp(v[4], "running")) {
		h->h->running_id = id;
		snprintf(h->h->running_plan, sizeof(h->h->running_plan), "%s", v[1] ? v[1] : "");
		snprintf(h->h->running_checksum, sizeof(h->h->running_checksum), "%s", v[2] ? v[2] : "");
		snprintf(h->h->running_command, sizeof(h->h->running_command), "%s", v[3] ? v[3] : "");
	}
	if (v[4] && !strcmp(v[4], "done") && v[1] && v[2] && om_planset_checksum(h->ps, v[1], now) &&
	    strcmp(now, v[2]))
		om_strlist_addf(&h->edited, "plan %s was applied (run #%lld) with checksum %.16s..., "
				"but the plans now give %.16s...", v[1], id, v[2], now);
	return 0;
}

/* `table` of database db (NULL: the one connected to), quoted. */
static void qualified(const struct om_driver *drv, struct strbuf *sb, const char *db, const char *table)
{
	if (db) {
		drv->quote_ident(sb, db);
		strbuf_addch(sb, '.');
	}
	drv->quote_ident(sb, table);
}

/*
 * Read the history table of database db (NULL: the one connected to;
 * present: it is known to exist, else the detection says whether it does):
 * record its lines, refuse when a plan that was applied has been edited
 * since (exit 5), find the next run id and an unfinished run.
 */
static int read_history(struct om_run *r, const char *db, bool present, bool refuse_edited, struct hist *h,
			struct om_error *err)
{
	struct hist_rows hr;
	struct strbuf q = STRBUF_INIT;
	int rc = 0;

	memset(&hr, 0, sizeof(hr));
	memset(h, 0, sizeof(*h));
	hr.r = r;
	hr.ps = r->plans;
	hr.h = h;
	om_strlist_init(&hr.edited);
	h->next_id = 1;
	if (!present && !r->detect.has_history)
		return 0;
	strbuf_init(&q);
	strbuf_adds(&q, "SELECT id, plan, checksum, command, status, started, finished, source FROM ");
	qualified(r->drv, &q, db, OM_HISTORY_TABLE);
	strbuf_adds(&q, " ORDER BY id");
	if (r->drv->query(r->conn, q.buf, hist_row, &hr, err)) {
		/* An own table of another shape: not ours to interpret. */
		om_error_prefix(err, "cannot read the history table \"%s\"", OM_HISTORY_TABLE);
		err->code = OM_EXIT_SCHEMA;
		rc = -1;
		goto out;
	}
	h->next_id = hr.max_id + 1;
	if (refuse_edited && hr.edited.n) {
		om_error_set(err, OM_EXIT_SCHEMA,
			     "%s: a plan file was edited after it was applied; restore the plans "
			     "that were used (or the database from its backup) before going on",
			     hr.edited.v[0]);
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < hr.edited.n; i++)
		om_strlist_addf(&r->info, "warning: %s", hr.edited.v[i]);
out:
	om_strlist_release(&hr.edited);
	strbuf_release(&q);
	return rc;
}

struct journal_rows {
	struct om_run *r;
	struct om_strlist stale;
};

/* A completed step is reused only while its source has the rows it had then. */
static int journal_row(void *ud, int n, const char *const *v)
{
	struct journal_rows *j = ud;
	const struct om_plan *p = &j->r->plan;

	(void)n;
	if (!v[0])
		return 0;
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct om_step *st = &p->steps[i];

		if (strcmp(st->target->name, v[0]))
			continue;
		if (st->source && v[1] && strtoll(v[1], NULL, 10) != st->rows_before) {
			om_strlist_add(&j->stale, v[0]);
			return 0;
		}
	}
	om_strlist_add(&j->r->plan.done, v[0]);
	return 0;
}

/*
 * Resume the unfinished run of the history, when it is the same plan:
 * the plan takes its id and the steps its journal completed whose tables
 * are still there.  A run of another plan is refused (exit 5).
 */
static int resume_run(struct om_run *r, const char *db, const struct hist *h, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct journal_rows j;
	int rc;

	if (!h->running_id)
		return 0;
	if (strcmp(h->running_plan, r->plan.plan_id) || strcmp(h->running_checksum, r->plan.checksum))
		return om_error_set(err, OM_EXIT_SCHEMA,
				    "run #%lld (%s %s) is unfinished and used other plans than these (%s, checksum %.16s...): "
				    "finish it with the plans it used, or restore the database", h->running_id,
				    h->running_command, h->running_plan, r->plan.plan_id, r->plan.checksum);
	r->plan.history_id = h->running_id;
	r->resumed = true;
	j.r = r;
	om_strlist_init(&j.stale);
	strbuf_init(&q);
	strbuf_adds(&q, "SELECT name, source_rows FROM ");
	qualified(r->drv, &q, db, OM_JOURNAL_TABLE);
	strbuf_addf(&q, " WHERE run = %lld ORDER BY step", h->running_id);
	rc = r->drv->query(r->conn, q.buf, journal_row, &j, err);
	strbuf_release(&q);
	if (!rc)
		om_strlist_addf(&r->info, "resuming the unfinished %s #%lld: %zu step%s already done",
				h->running_command, h->running_id, r->plan.done.n, r->plan.done.n == 1 ? "" : "s");
	for (size_t i = 0; !rc && i < j.stale.n; i++)
		om_strlist_addf(&r->info, "%s: its source changed since it was built: built again", j.stale.v[i]);
	om_strlist_release(&j.stale);
	return rc;
}

static const char *target_version(const struct om_run *r, const struct om_run_opts *o)
{
	return o->to_version ? o->to_version : om_planset_latest(r->plans);
}

static int make_plan(struct om_run *r, const struct om_run_opts *o, enum om_plan_mode mode,
		     const char *source_db, const char *source_path, struct om_error *err)
{
	struct om_plan_opts po;

	memset(&po, 0, sizeof(po));
	po.mode = mode;
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
	r->plan.lock_timeout = o->lock_timeout;
	if (om_plan_is_empty(&r->plan))
		return 0;
	return om_plan_precheck(&r->plan, r->conn, &po, err);
}

static int refuse_problems(struct om_run *r, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	if (!r->plan.problems.n)
		return 0;
	strbuf_init(&sb);
	for (size_t i = 0; i < r->plan.problems.n; i++)
		strbuf_addf(&sb, "\n  %s", r->plan.problems.v[i]);
	om_error_set(err, OM_EXIT_REFUSED, "refused, nothing was changed (--force overrides):%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* ---- verification inside the transaction -------------------------------------- */

struct one_count {
	long long *v;
	size_t n;
};

static int count_row(void *ud, int n, const char *const *vals)
{
	struct one_count *c = ud;

	for (int i = 0; i < n && (size_t)i < c->n; i++)
		c->v[i] = vals[i] ? strtoll(vals[i], NULL, 10) : 0;
	return 0;
}

/* The catalog the plan must produce: its target tables and version rows. */
static void expected_catalog(const struct om_plan *p, struct om_catalog *out)
{
	const struct om_schema *to = p->to;

	out->has_version_table = true;
	for (size_t i = 0; i < to->ntables; i++) {
		const struct om_table *t = &to->tables[i];
		bool in = om_strlist_has(&p->untouched, t->name);
		int v;

		for (size_t s = 0; !in && s < p->nsteps; s++)
			if (p->steps[s].target == t)
				in = true;
		if (!in)
			continue;
		p->drv->render_ctable(t, om_plan_has_class, (void *)p, out);
		if (om_table_version(t, p->engine, &v))
			om_catalog_add_vrow(out, t->name, v);
	}
}

static int verify_result(struct om_run *r, struct om_error *err)
{
	struct om_plan *p = &r->plan;
	struct om_catalog exp, live;
	struct om_strlist diff;
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	om_catalog_init(&exp);
	om_catalog_init(&live);
	om_strlist_init(&diff);
	strbuf_init(&sb);
	expected_catalog(p, &exp);
	if (r->drv->introspect(r->conn, NULL, &live, err))
		goto out;
	/* Only what the plan made: the migrator's own, retained, unknown and left tables aside. */
	for (size_t i = 0; i < live.ntables;) {
		const char *name = live.tables[i].name;

		if (!om_catalog_table(&exp, name)) {
			om_catalog_remove_table(&live, name);
			continue;
		}
		i++;
	}
	om_catalog_diff(&exp, &live, NULL, NULL, &diff);
	for (size_t i = 0; i < p->nsteps; i++) {
		struct om_step *st = &p->steps[i];
		long long n = 0;
		struct one_count c = { &n, 1 };
		long long want;

		strbuf_reset(&sb);
		strbuf_adds(&sb, "SELECT count(*) FROM ");
		r->drv->quote_ident(&sb, st->target->name);
		if (r->drv->query(r->conn, sb.buf, count_row, &c, err))
			goto out;
		st->rows_after = n;
		want = st->source ? st->rows_before - (st->ignore_dups ? st->dup_count : 0) : 0;
		/*
		 * After a switch, the retained table must still hold exactly the rows
		 * copied: a row written to it meanwhile (OpenSER running, --force)
		 * would otherwise stay behind; the switch is undone instead.
		 */
		if ((r->drv->caps & OM_CAP_SWITCH) && st->retained) {
			long long old_n = 0;
			struct one_count oc = { &old_n, 1 };

			strbuf_reset(&sb);
			strbuf_adds(&sb, "SELECT count(*) FROM ");
			r->drv->quote_ident(&sb, st->retained);
			if (r->drv->query(r->conn, sb.buf, count_row, &oc, err))
				goto out;
			if (old_n != st->rows_before)
				om_strlist_addf(&diff, "table \"%s\" got %lld rows while it was copied (written to during the "
						"upgrade?)", st->source, old_n - st->rows_before);
		}
		/* The version table's rows are the plan's, checked with the catalog. */
		if (n != want && strcmp(st->target->name, "version"))
			om_strlist_addf(&diff, "table \"%s\" has %lld rows after the copy, expected %lld", st->target->name,
				    n, want);
		/* How many rows got a computed value (the report's "transformed" counts), in one pass. */
		if (n > 0) {
			long long vals[64];
			struct one_count fc = { vals, 0 };

			strbuf_reset(&sb);
			strbuf_adds(&sb, "SELECT ");
			for (size_t k = 0; k < st->ncols && fc.n < 64; k++) {
				if (!st->cols[k].computed)
					continue;
				strbuf_adds(&sb, fc.n ? ", sum(CASE WHEN " : "sum(CASE WHEN ");
				r->drv->quote_ident(&sb, st->cols[k].col->name);
				strbuf_adds(&sb, " <> '' THEN 1 ELSE 0 END)");
				fc.n++;
			}
			if (fc.n) {
				strbuf_adds(&sb, " FROM ");
				r->drv->quote_ident(&sb, st->target->name);
				if (r->drv->query(r->conn, sb.buf, count_row, &fc, err))
					goto out;
				for (size_t k = 0, j = 0; k < st->ncols && j < fc.n; k++)
					if (st->cols[k].computed)
						st->cols[k].filled_count = vals[j++];
			}
		}
	}
	if (diff.n) {
		strbuf_reset(&sb);
		for (size_t i = 0; i < diff.n && i < 20; i++)
			strbuf_addf(&sb, "\n  %s", diff.v[i]);
		om_error_set(err, OM_EXIT_FAILED,
			     "verification failed, nothing was changed (the transaction was rolled back):%s", sb.buf);
		goto out;
	}
	rc = 0;
out:
	om_catalog_release(&exp);
	om_catalog_release(&live);
	om_strlist_release(&diff);
	strbuf_release(&sb);
	return rc;
}

/* ---- execution -------------------------------------------------------------------- */

static int check_interrupt(struct om_error *err)
{
	if (interrupted)
		return om_error_set(err, OM_EXIT_INTERRUPTED,
				    "interrupted; nothing was changed, run the command again to do it");
	return 0;
}

/* The switch happened but the result is not the target: switch back. */
static int unswitch(struct om_run *r, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct om_error e2;
	int rc;

	strbuf_init(&sb);
	r->drv->render_unswitch(r->conn, &r->plan, &sb);
	om_error_clear(&e2);
	rc = r->drv->exec(r->conn, sb.buf, &e2);
	strbuf_release(&sb);
	if (rc) {
		om_error_prefix(err, "the switch could not be undone (%s); the database is at the new version, "
				"unverified", e2.msg);
		return rc;
	}
	/* The shadows are not to be trusted any more: a rerun builds them all again. */
	strbuf_init(&sb);
	strbuf_adds(&sb, "DELETE FROM ");
	r->drv->quote_ident(&sb, OM_JOURNAL_TABLE);
	strbuf_addf(&sb, " WHERE run = %lld", r->plan.history_id);
	r->drv->exec(r->conn, sb.buf, &e2);
	strbuf_release(&sb);
	om_error_prefix(err, "the switch was undone: the database is as it was");
	return 0;
}

/*
 * Run the script.  locked: the lock (and, on engines where it is one, the
 * transaction) is already held, so BEGIN is not run again.
 */
static int execute(struct om_run *r, const struct om_run_opts *o, bool locked, struct om_error *err)
{
	for (size_t i = 0; i < r->script.n; i++) {
		const struct om_stmt *st = &r->script.stmts[i];

		if (check_interrupt(err))
			return -1;
		switch (st->kind) {
		case OM_STMT_COMMENT:
		case OM_STMT_SETUP:
			continue;
		case OM_STMT_BEGIN:
			if (locked && (r->drv->caps & OM_CAP_LOCK_IS_TXN))
				continue;
			if (r->drv->caps & OM_CAP_LOCK_IS_TXN) {
				if (r->drv->lock(r->conn, o->lock_timeout, err))
					return -1;
			} else if (r->drv->exec(r->conn, st->sql, err)) {
				return -1;
			}
			break;
		case OM_STMT_COMMIT:
			if (verify_result(r, err))
				return -1;
			if (check_interrupt(err))
				return -1;
			if (o->after_step)
				o->after_step("commit", o->ud);
			if (r->drv->exec(r->conn, st->sql, err))
				return -1;
			r->executed = true;
			break;
		case OM_STMT_SWITCH:
			if (r->drv->exec(r->conn, st->sql, err))
				return -1;
			if (verify_result(r, err)) {
				unswitch(r, err);
				return -1;
			}
			r->executed = true;
			break;
		case OM_STMT_SQL:
			if (r->drv->exec(r->conn, st->sql, err)) {
				if (interrupted)
					check_interrupt(err);
				return -1;
			}
			break;
		}
		if (st->step && o->after_step)
			o->after_step(st->step, o->ud);
	}
	return 0;
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

	if (!(r->drv->caps & OM_CAP_SESSIONS) || !r->drv->sessions)
		return 0;
	users[0] = t->rw_user ? t->rw_user : "openser";
	users[1] = t->ro_user ? t->ro_user : "openserro";
	users[2] = NULL;
	om_strlist_init(&found);
	if (r->drv->sessions(r->conn, users, &found, err)) {
		om_strlist_release(&found);
		return -1;
	}
	if (found.n) {
		strbuf_init(&sb);
		for (size_t i = 0; i < found.n; i++)
			strbuf_addf(&sb, "\n  %s", found.v[i]);
		if (o->force) {
			om_strlist_addf(&r->plan.warnings, "OpenSER's users are connected (%zu session%s; --force)",
					found.n, found.n == 1 ? "" : "s");
		} else {
			om_error_set(err, OM_EXIT_REFUSED,
				     "OpenSER is still connected (stop it first, or --force), nothing was changed:%s",
				     sb.buf);
			rc = -1;
		}
		strbuf_release(&sb);
	}
	om_strlist_release(&found);
	return rc;
}

/* ---- commands --------------------------------------------------------------------- */

int om_cmd_status(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		  const struct om_run_opts *o, struct om_error *err)
{
	const char *latest;
	struct hist h;

	if (start(r, plan_dir, t, OM_OPEN_READONLY, err) || read_catalog(r, NULL, err))
		return -1;
	if (read_history(r, NULL, false, false, &h, err))
		return -1;
	if (h.running_id)
		om_strlist_addf(&r->info, "run #%lld (%s %s) is unfinished: run it again to finish it",
				h.running_id, h.running_command, h.running_plan);
	if (!r->detect.schema)
		return om_error_set(err, OM_EXIT_SCHEMA, "no OpenSER tables found: this is not an OpenSER database");
	if (!r->detect.exact)
		return OM_EXIT_SCHEMA;
	latest = target_version(r, o);
	if (!strcmp(r->detect.schema->version, latest))
		return h.running_id ? OM_EXIT_PENDING : 0;
	if (make_plan(r, o, OM_MODE_INPLACE, NULL, NULL, err))
		return -1;
	return om_plan_is_empty(&r->plan) ? 0 : OM_EXIT_PENDING;
}

int om_cmd_plan(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		const struct om_run_opts *o, struct om_error *err)
{
	struct hist h;

	if (start(r, plan_dir, t, OM_OPEN_READONLY, err) || read_catalog(r, NULL, err))
		return -1;
	if (read_history(r, NULL, false, true, &h, err))
		return -1;
	if (make_plan(r, o, OM_MODE_INPLACE, NULL, NULL, err))
		return -1;
	if (om_plan_is_empty(&r->plan)) {
		om_strlist_addf(&r->info, "nothing to do: the database is already at OpenSER %s",
				r->detect.schema->version);
		return 0;
	}
	r->plan.history_id = h.next_id;
	if (resume_run(r, NULL, &h, err))
		return -1;
	if (r->drv->render_script(r->conn, &r->plan, &r->script, err))
		return -1;
	describe_plan(&r->info, &r->plan);
	return r->plan.problems.n ? OM_EXIT_REFUSED : 0;
}

/*
 * A run that switched the database but was killed before it wrote "done":
 * the database is at the target (detection says so exactly); record it.
 */
static int finish_switched_run(struct om_run *r, const struct hist *h, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	strbuf_init(&q);
	strbuf_adds(&q, "UPDATE ");
	r->drv->quote_ident(&q, OM_HISTORY_TABLE);
	strbuf_adds(&q, " SET status = 'done', finished = ");
	r->drv->render_now(&q);
	strbuf_addf(&q, " WHERE id = %lld", h->running_id);
	rc = r->drv->exec(r->conn, q.buf, err);
	strbuf_release(&q);
	if (!rc)
		om_strlist_addf(&r->info, "run #%lld had switched the database to OpenSER %s before it stopped; "
				"it is verified and recorded as done", h->running_id, r->detect.schema->version);
	return rc;
}

int om_cmd_upgrade(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		   const struct om_run_opts *o, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct hist h;
	bool yes;

	if (start(r, plan_dir, t, 0, err))
		return -1;
	/* The lock first: nobody changes the database between our look and our change. */
	if (r->drv->lock(r->conn, o->lock_timeout, err))
		return -1;
	if (read_catalog(r, NULL, err) || read_history(r, NULL, false, true, &h, err))
		return -1;
	if (make_plan(r, o, OM_MODE_INPLACE, NULL, NULL, err))
		return -1;
	if (om_plan_is_empty(&r->plan)) {
		if (h.running_id && r->detect.exact && finish_switched_run(r, &h, err))
			return -1;
		om_strlist_addf(&r->info, "nothing to do: the database is already at OpenSER %s",
				r->detect.schema->version);
		r->drv->unlock(r->conn);
		return 0;
	}
	if (refuse_problems(r, err))
		return -1;
	if (check_sessions(r, t, o, err))
		return -1;
	if (r->drv->check_room && r->drv->check_room(r->conn, &r->plan, err))
		return -1;
	r->plan.history_id = h.next_id;
	if (resume_run(r, NULL, &h, err))
		return -1;
	if (r->plan.done.n && (r->drv->caps & OM_CAP_SWITCH)) {
		/* A step is reused only while its shadow is still there. */
		struct om_strlist keep;

		om_strlist_init(&keep);
		for (size_t i = 0; i < r->plan.done.n; i++) {
			struct strbuf sh = STRBUF_INIT;

			strbuf_init(&sh);
			strbuf_addf(&sh, "%s%s", OM_SHADOW_PREFIX, r->plan.done.v[i]);
			if (om_strlist_has(&r->detect.own, sh.buf))
				om_strlist_add(&keep, r->plan.done.v[i]);
			strbuf_release(&sh);
		}
		om_strlist_release(&r->plan.done);
		r->plan.done = keep;
	}
	if (r->drv->render_script(r->conn, &r->plan, &r->script, err))
		return -1;
	strbuf_init(&q);
	strbuf_addf(&q, "Upgrade %s from OpenSER %s to %s?", r->target_desc ? r->target_desc : "the database",
		    r->plan.from->version, r->plan.to->version);
	yes = o->confirm && o->confirm(q.buf, o->ud);
	strbuf_release(&q);
	if (!yes)
		return om_error_set(err, OM_EXIT_REFUSED,
				    "not confirmed, nothing was changed (use --yes to upgrade without a question)");
	if (execute(r, o, true, err)) {
		r->drv->rollback(r->conn);
		if (!(r->drv->caps & OM_CAP_TRANSACTIONAL_DDL) && err->code == OM_EXIT_FAILED)
			om_error_prefix(err, "failed before the switch; the database is as it was (a rerun resumes)");
		return -1;
	}
	r->drv->unlock(r->conn);
	describe_plan(&r->info, &r->plan);
	return 0;
}

int om_cmd_verify(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		  const struct om_run_opts *o, struct om_error *err)
{
	struct hist h;

	(void)o;
	if (start(r, plan_dir, t, OM_OPEN_READONLY, err) || read_catalog(r, NULL, err))
		return -1;
	if (read_history(r, NULL, false, true, &h, err))
		return -1;
	if (!r->detect.schema)
		return om_error_set(err, OM_EXIT_SCHEMA, "no OpenSER tables found: this is not an OpenSER database");
	if (!r->detect.exact)
		return OM_EXIT_SCHEMA;
	return 0;
}

int om_cmd_cleanup(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		   const struct om_run_opts *o, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct hist h;
	int rc = -1;

	strbuf_init(&q);
	if (start(r, plan_dir, t, 0, err) || r->drv->lock(r->conn, o->lock_timeout, err) ||
	    read_catalog(r, NULL, err) || read_history(r, NULL, false, false, &h, err))
		goto out;
	if (h.running_id) {
		om_error_set(err, OM_EXIT_REFUSED,
			     "an upgrade is unfinished (history run #%lld): finish it (run the same command "
			     "again) before cleaning up", h.running_id);
		goto out;
	}
	if (!r->detect.retained.n) {
		om_strlist_add(&r->info, "nothing to clean up: there are no retained old tables");
		rc = 0;
		goto out;
	}
	if (!r->detect.schema || !r->detect.exact) {
		om_error_set(err, OM_EXIT_SCHEMA,
			     "the database does not match a known version exactly (see `status`): the retained "
			     "old tables are kept");
		goto out;
	}
	strbuf_addf(&q, "Drop %zu retained old table%s (", r->detect.retained.n,
		    r->detect.retained.n == 1 ? "" : "s");
	for (size_t i = 0; i < r->detect.retained.n; i++)
		strbuf_addf(&q, "%s%s", i ? ", " : "", r->detect.retained.v[i]);
	strbuf_adds(&q, ")? They hold the rows as they were before the upgrade.");
	if (!o->confirm || !o->confirm(q.buf, o->ud)) {
		om_error_set(err, OM_EXIT_REFUSED,
			     "not confirmed, nothing was changed (use --yes to clean up without a question)");
		goto out;
	}
	/* On engines with transactional DDL the lock's transaction makes the drops one change. */
	for (size_t i = 0; i < r->detect.retained.n; i++) {
		strbuf_reset(&q);
		strbuf_adds(&q, "DROP TABLE ");
		r->drv->quote_ident(&q, r->detect.retained.v[i]);
		om_script_add(&r->script, OM_STMT_SQL, q.buf);
		if (r->drv->exec(r->conn, q.buf, err)) {
			r->drv->rollback(r->conn);
			goto out;
		}
		om_strlist_addf(&r->info, "dropped %s", r->detect.retained.v[i]);
	}
	if (r->drv->retained_schema) {
		/* The retained schema goes with its last table (never CASCADE: only what we dropped). */
		const char *dot = strchr(r->detect.retained.v[0], '.');
		char *schema = om_xstrndup(r->detect.retained.v[0], dot ? (size_t)(dot - r->detect.retained.v[0]) : 0);

		strbuf_reset(&q);
		strbuf_adds(&q, "DROP SCHEMA IF EXISTS ");
		r->drv->quote_ident(&q, schema);
		free(schema);
		if (dot && r->drv->exec(r->conn, q.buf, err)) {
			r->drv->rollback(r->conn);
			goto out;
		}
	}
	if ((r->drv->caps & OM_CAP_LOCK_IS_TXN) && r->drv->exec(r->conn, "COMMIT", err))
		goto out;
	r->drv->unlock(r->conn);
	rc = 0;
out:
	strbuf_release(&q);
	return rc;
}

/* A canonical path for a file that may not exist yet (its directory must). */
static char *canonical_path(const char *path)
{
	char buf[PATH_MAX];
	const char *slash;
	struct strbuf dir = STRBUF_INIT;

	if (realpath(path, buf))
		return om_xstrdup(buf);
	slash = strrchr(path, '/');
	strbuf_init(&dir);
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

struct migrate_row {
	bool found;
	long long id;
	char status[16];
	size_t tables;   /* tables in NEW */
};

static int migrate_row_fn(void *ud, int n, const char *const *v)
{
	struct migrate_row *m = ud;

	if (n < 2 || !v[0])
		return 0;
	m->found = true;
	m->id = strtoll(v[0], NULL, 10);
	snprintf(m->status, sizeof(m->status), "%s", v[1] ? v[1] : "");
	return 0;
}

/*
 * NEW exists: is it this tool's migrate of OLD?  Fills *mr (found, id,
 * status) from NEW's history.  new_db qualifies NEW's tables (NULL: the
 * connection's own database).
 */
static int find_migrate(struct om_run *r, const char *new_db, const char *source, struct migrate_row *mr,
			struct om_error *err)
{
	struct om_catalog cat;
	struct strbuf q = STRBUF_INIT;
	int rc = 0;

	memset(mr, 0, sizeof(*mr));
	om_catalog_init(&cat);
	if (r->drv->introspect(r->conn, new_db, &cat, err)) {
		om_catalog_release(&cat);
		return -1;
	}
	mr->tables = cat.ntables;
	if (om_catalog_table(&cat, OM_HISTORY_TABLE)) {
		strbuf_init(&q);
		strbuf_adds(&q, "SELECT id, status FROM ");
		qualified(r->drv, &q, new_db, OM_HISTORY_TABLE);
		strbuf_adds(&q, " WHERE command = 'migrate' AND source = ");
		r->drv->quote_string(r->conn, &q, source);
		strbuf_adds(&q, " ORDER BY id DESC LIMIT 1");
		rc = r->drv->query(r->conn, q.buf, migrate_row_fn, mr, err);
		strbuf_release(&q);
	}
	om_catalog_release(&cat);
	return rc;
}

int om_cmd_migrate(struct om_run *r, const char *plan_dir, const struct om_dbtarget *old,
		   const struct om_dbtarget *new_db, const struct om_run_opts *o,
		   struct om_error *err)
{
	struct om_dbtarget ot = *old, nt = *new_db;
	char *old_path = NULL, *new_path = NULL, *source = NULL;
	const char *old_name, *new_qual = NULL;
	bool exists = false, sqlite = old->engine == OM_ENGINE_SQLITE;
	struct migrate_row mr;
	struct hist h;
	int rc = -1;

	memset(&mr, 0, sizeof(mr));
	if (old->engine != new_db->engine)
		return om_error_set(err, OM_EXIT_USAGE, "OLD and NEW must be on the same engine");
	if (sqlite) {
		struct stat st;

		old_path = canonical_path(old->path);
		new_path = canonical_path(new_db->path);
		if (!old_path || stat(old_path, &st) != 0) {
			om_error_set(err, OM_EXIT_USAGE, "cannot open the old database \"%s\": %s", old->path,
				     strerror(errno));
			goto out;
		}
		if (!new_path) {
			om_error_set(err, OM_EXIT_USAGE, "cannot create \"%s\": its directory does not exist",
				     new_db->path);
			goto out;
		}
		ot.path = old_path;
		nt.path = new_path;
		old_name = old_path;
	} else {
		old_name = old->db;
	}
	if (sqlite ? !strcmp(old_path, new_path) : !strcmp(old->db, new_db->db)) {
		om_error_set(err, OM_EXIT_USAGE, "OLD and NEW are the same database (\"%s\")", old_name);
		goto out;
	}
	r->drv = om_driver_for(nt.engine);
	if (!r->drv) {
		om_error_set(err, OM_EXIT_USAGE, "this build has no %s driver", om_engine_name(nt.engine));
		goto out;
	}
	if (r->drv->caps & OM_CAP_CROSS_DB) {
		/* NEW is qualified by name until the script creates it and makes it current. */
		new_qual = new_db->db;
	}
	if (start(r, plan_dir, &nt, OM_OPEN_CREATE, err))
		goto out;
	/* One migrate into NEW at a time (SQLite: the script's transaction locks the file). */
	if (!(r->drv->caps & OM_CAP_LOCK_IS_TXN) && r->drv->lock(r->conn, o->lock_timeout, err))
		goto out;
	if (r->drv->db_exists(r->conn, &nt, &exists, err))
		goto out;
	if (exists) {
		if (find_migrate(r, new_qual, old_name, &mr, err))
			goto out;
		if (!mr.found && mr.tables == 0) {
			/* An empty database (created beforehand, or by a run killed at once) holds nothing to lose. */
			om_strlist_addf(&r->info, "\"%s\" exists and is empty: it is used as NEW",
					sqlite ? new_db->path : new_db->db);
		} else if (!mr.found) {
			om_error_set(err, OM_EXIT_REFUSED,
				     "\"%s\" exists and is not a migrate of \"%s\" by this tool: NEW must not exist",
				     sqlite ? new_db->path : new_db->db, sqlite ? old->path : old->db);
			goto out;
		}
		if (mr.found && !strcmp(mr.status, "done")) {
			om_strlist_addf(&r->info, "nothing to do: \"%s\" was already migrated from \"%s\" (run #%lld)",
					sqlite ? new_db->path : new_db->db, sqlite ? old->path : old->db, mr.id);
			rc = 0;
			goto out;
		}
	}
	if (r->drv->open_source(r->conn, &ot, &source, err))
		goto out;
	if (r->drv->source_conn && r->drv->source_conn(r->conn)) {
		/* OLD has a connection of its own: read and check it there, unqualified. */
		struct om_conn *mine = r->conn;

		r->conn = r->drv->source_conn(mine);
		rc = read_catalog(r, NULL, err) || make_plan(r, o, OM_MODE_MIGRATE, NULL, old_name, err) ? -1 : 0;
		r->conn = mine;
		if (rc)
			goto out;
		rc = -1;
	} else {
		if (read_catalog(r, source, err))
			goto out;
		if (make_plan(r, o, OM_MODE_MIGRATE, source, old_name, err))
			goto out;
	}
	r->plan.new_exists = exists;
	if (refuse_problems(r, err))
		goto out;
	if (r->drv->check_room && r->drv->check_room(r->conn, &r->plan, err))
		goto out;
	r->plan.history_id = 1;
	if (exists && mr.found) {
		if (read_history(r, new_qual, true, false, &h, err))
			goto out;
		if (resume_run(r, new_qual, &h, err))
			goto out;
	}
	if (r->drv->grants && r->drv->grants(r->conn, nt.rw_user ? nt.rw_user : "openser",
					     nt.ro_user ? nt.ro_user : "openserro", &r->plan.grants, err))
		goto out;
	if (r->drv->render_script(r->conn, &r->plan, &r->script, err))
		goto out;
	if (execute(r, o, !(r->drv->caps & OM_CAP_LOCK_IS_TXN), err)) {
		r->drv->rollback(r->conn);
		if (err->code == OM_EXIT_FAILED)
			om_error_prefix(err, "\"%s\" holds an unfinished migrate; run the same command again to "
					"resume it, or remove it", sqlite ? new_db->path : new_db->db);
		goto out;
	}
	r->drv->unlock(r->conn);
	describe_plan(&r->info, &r->plan);
	rc = 0;
out:
	free(old_path);
	free(new_path);
	free(source);
	return rc;
}
