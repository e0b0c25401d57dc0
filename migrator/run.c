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

struct hist_rows {
	struct om_run *r;
	const struct om_planset *ps;
	struct om_strlist edited;
	struct om_strlist running;
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
	if (v[4] && !strcmp(v[4], "running"))
		om_strlist_addf(&h->running, "%lld", id);
	if (v[4] && !strcmp(v[4], "done") && v[1] && v[2] && om_planset_checksum(h->ps, v[1], now) &&
	    strcmp(now, v[2]))
		om_strlist_addf(&h->edited, "plan %s was applied (run #%lld) with checksum %.16s..., "
				"but the plans now give %.16s...", v[1], id, v[2], now);
	return 0;
}

/*
 * Read the history table: record its lines, refuse when a plan that was
 * applied has been edited since (exit 5), and find the next run id.
 */
static int read_history(struct om_run *r, bool refuse_edited, struct om_strlist *running,
			long long *next_id, struct om_error *err)
{
	struct hist_rows h;
	struct strbuf q = STRBUF_INIT;
	int rc = 0;

	memset(&h, 0, sizeof(h));
	h.r = r;
	h.ps = r->plans;
	om_strlist_init(&h.edited);
	om_strlist_init(&h.running);
	if (next_id)
		*next_id = 1;
	if (!r->detect.has_history)
		return 0;
	strbuf_init(&q);
	strbuf_adds(&q, "SELECT id, plan, checksum, command, status, started, finished, source FROM ");
	r->drv->quote_ident(&q, OM_HISTORY_TABLE);
	strbuf_adds(&q, " ORDER BY id");
	if (r->drv->query(r->conn, q.buf, hist_row, &h, err)) {
		/* An own table of another shape: not ours to interpret. */
		om_error_prefix(err, "cannot read the history table \"%s\"", OM_HISTORY_TABLE);
		err->code = OM_EXIT_SCHEMA;
		rc = -1;
		goto out;
	}
	if (next_id)
		*next_id = h.max_id + 1;
	if (refuse_edited && h.edited.n) {
		om_error_set(err, OM_EXIT_SCHEMA,
			     "%s: a plan file was edited after it was applied; restore the plans "
			     "that were used (or the database from its backup) before going on",
			     h.edited.v[0]);
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < h.edited.n; i++)
		om_strlist_addf(&r->info, "warning: %s", h.edited.v[i]);
	if (running)
		for (size_t i = 0; i < h.running.n; i++)
			om_strlist_add(running, h.running.v[i]);
out:
	om_strlist_release(&h.edited);
	om_strlist_release(&h.running);
	strbuf_release(&q);
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

/* ---- commands --------------------------------------------------------------------- */

int om_cmd_status(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		  const struct om_run_opts *o, struct om_error *err)
{
	const char *latest;

	if (start(r, plan_dir, t, OM_OPEN_READONLY, err) || read_catalog(r, NULL, err))
		return -1;
	if (read_history(r, false, NULL, NULL, err))
		return -1;
	if (!r->detect.schema)
		return om_error_set(err, OM_EXIT_SCHEMA, "no OpenSER tables found: this is not an OpenSER database");
	if (!r->detect.exact)
		return OM_EXIT_SCHEMA;
	latest = target_version(r, o);
	if (!strcmp(r->detect.schema->version, latest))
		return 0;
	if (make_plan(r, o, OM_MODE_INPLACE, NULL, NULL, err))
		return -1;
	return om_plan_is_empty(&r->plan) ? 0 : OM_EXIT_PENDING;
}

int om_cmd_plan(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		const struct om_run_opts *o, struct om_error *err)
{
	long long next_id;

	if (start(r, plan_dir, t, OM_OPEN_READONLY, err) || read_catalog(r, NULL, err))
		return -1;
	if (read_history(r, true, NULL, &next_id, err))
		return -1;
	if (make_plan(r, o, OM_MODE_INPLACE, NULL, NULL, err))
		return -1;
	if (om_plan_is_empty(&r->plan)) {
		om_strlist_addf(&r->info, "nothing to do: the database is already at OpenSER %s",
				r->detect.schema->version);
		return 0;
	}
	r->plan.history_id = next_id;
	if (r->drv->render_script(r->conn, &r->plan, &r->script, err))
		return -1;
	describe_plan(&r->info, &r->plan);
	return r->plan.problems.n ? OM_EXIT_REFUSED : 0;
}

int om_cmd_upgrade(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		   const struct om_run_opts *o, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	long long next_id;
	bool yes;

	if (start(r, plan_dir, t, 0, err))
		return -1;
	/* The lock first: nobody changes the database between our look and our change. */
	if (r->drv->lock(r->conn, o->lock_timeout, err))
		return -1;
	if (read_catalog(r, NULL, err) || read_history(r, true, NULL, &next_id, err))
		return -1;
	if (make_plan(r, o, OM_MODE_INPLACE, NULL, NULL, err))
		return -1;
	if (om_plan_is_empty(&r->plan)) {
		om_strlist_addf(&r->info, "nothing to do: the database is already at OpenSER %s",
				r->detect.schema->version);
		r->drv->unlock(r->conn);
		return 0;
	}
	if (refuse_problems(r, err))
		return -1;
	if (r->drv->check_room && r->drv->check_room(r->conn, &r->plan, err))
		return -1;
	r->plan.history_id = next_id;
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
		return -1;
	}
	describe_plan(&r->info, &r->plan);
	return 0;
}

int om_cmd_verify(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t,
		  const struct om_run_opts *o, struct om_error *err)
{
	(void)o;
	if (start(r, plan_dir, t, OM_OPEN_READONLY, err) || read_catalog(r, NULL, err))
		return -1;
	if (read_history(r, true, NULL, NULL, err))
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
	struct om_strlist running;
	struct strbuf q = STRBUF_INIT;
	int rc = -1;

	om_strlist_init(&running);
	strbuf_init(&q);
	if (start(r, plan_dir, t, 0, err) || r->drv->lock(r->conn, o->lock_timeout, err) ||
	    read_catalog(r, NULL, err) || read_history(r, false, &running, NULL, err))
		goto out;
	if (running.n) {
		om_error_set(err, OM_EXIT_REFUSED,
			     "an upgrade is unfinished (history run #%s): finish it (run the same command "
			     "again) before cleaning up", running.v[0]);
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
	if (!(r->drv->caps & OM_CAP_LOCK_IS_TXN) && r->drv->exec(r->conn, "BEGIN", err))
		goto out;
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
	if (r->drv->exec(r->conn, "COMMIT", err))
		goto out;
	rc = 0;
out:
	om_strlist_release(&running);
	strbuf_release(&q);
	return rc;
}

/* A canonical path for a file that may not exist yet (its directory must). */
static char *canonical_path(const char *path)
{
	char buf[PATH_MAX];
	const char *slash;
	struct strbuf dir = STRBUF_INIT;
	char *res;

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
	strbuf_release(&dir);
	strbuf_init(&dir);
	strbuf_addf(&dir, "%s/%s", strcmp(buf, "/") ? buf : "", slash ? slash + 1 : path);
	res = strbuf_detach(&dir);
	return res;
}

struct migrate_row {
	bool found;
	long long id;
	char status[16];
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

int om_cmd_migrate(struct om_run *r, const char *plan_dir, const struct om_dbtarget *old,
		   const struct om_dbtarget *new_db, const struct om_run_opts *o,
		   struct om_error *err)
{
	char *old_path = NULL, *new_path = NULL;
	struct stat st;
	bool exists;
	struct migrate_row mr;
	int rc = -1;

	memset(&mr, 0, sizeof(mr));
	if (old->engine != new_db->engine)
		return om_error_set(err, OM_EXIT_USAGE, "OLD and NEW must be on the same engine");
	if (old->engine != OM_ENGINE_SQLITE)
		return om_error_set(err, OM_EXIT_USAGE, "migrate is not available for %s in this build",
				    om_engine_name(old->engine));
	old_path = canonical_path(old->path);
	new_path = canonical_path(new_db->path);
	if (!old_path || stat(old_path, &st) != 0) {
		om_error_set(err, OM_EXIT_USAGE, "cannot open the old database \"%s\": %s", old->path,
			     strerror(errno));
		goto out;
	}
	if (!new_path) {
		om_error_set(err, OM_EXIT_USAGE, "cannot create \"%s\": its directory does not exist", new_db->path);
		goto out;
	}
	if (!strcmp(old_path, new_path)) {
		om_error_set(err, OM_EXIT_USAGE, "OLD and NEW are the same database (\"%s\")", old_path);
		goto out;
	}
	/* An empty file holds nothing: a run killed before its first commit. */
	exists = stat(new_path, &st) == 0 && st.st_size > 0;
	{
		struct om_dbtarget nt = *new_db;

		nt.path = new_path;
		if (start(r, plan_dir, &nt, OM_OPEN_CREATE, err))
			goto out;
	}
	if (exists) {
		struct om_catalog cat;
		struct strbuf q = STRBUF_INIT;

		om_catalog_init(&cat);
		if (r->drv->introspect(r->conn, NULL, &cat, err)) {
			om_catalog_release(&cat);
			goto out;
		}
		if (om_catalog_table(&cat, OM_HISTORY_TABLE)) {
			strbuf_init(&q);
			strbuf_adds(&q, "SELECT id, status FROM ");
			r->drv->quote_ident(&q, OM_HISTORY_TABLE);
			strbuf_adds(&q, " WHERE command = 'migrate' AND source = ");
			r->drv->quote_string(r->conn, &q, old_path);
			strbuf_adds(&q, " ORDER BY id DESC LIMIT 1");
			if (r->drv->query(r->conn, q.buf, migrate_row_fn, &mr, err)) {
				strbuf_release(&q);
				om_catalog_release(&cat);
				goto out;
			}
			strbuf_release(&q);
		}
		om_catalog_release(&cat);
		if (!mr.found) {
			om_error_set(err, OM_EXIT_REFUSED,
				     "\"%s\" exists and is not a migrate of \"%s\" by this tool: NEW must not exist",
				     new_db->path, old->path);
			goto out;
		}
		if (!strcmp(mr.status, "done")) {
			om_strlist_addf(&r->info, "nothing to do: \"%s\" was already migrated from \"%s\" (run #%lld)",
					new_db->path, old->path, mr.id);
			rc = 0;
			goto out;
		}
		r->resumed = true;
		om_strlist_addf(&r->info, "resuming the unfinished migrate #%lld into \"%s\"", mr.id, new_db->path);
	}
	{
		struct om_dbtarget ot = *old;

		ot.path = old_path;
		if (r->drv->open_source(r->conn, &ot, "old", err))
			goto out;
	}
	if (read_catalog(r, "old", err))
		goto out;
	if (make_plan(r, o, OM_MODE_MIGRATE, "old", old_path, err))
		goto out;
	if (refuse_problems(r, err))
		goto out;
	if (r->drv->check_room && r->drv->check_room(r->conn, &r->plan, err))
		goto out;
	r->plan.history_id = mr.found ? mr.id : 1;
	if (r->drv->render_script(r->conn, &r->plan, &r->script, err))
		goto out;
	if (execute(r, o, false, err)) {
		r->drv->rollback(r->conn);
		if (err->code == OM_EXIT_FAILED && !exists)
			om_error_prefix(err, "\"%s\" holds an unfinished migrate; run the same command again to "
					"resume it, or remove the file", new_db->path);
		goto out;
	}
	describe_plan(&r->info, &r->plan);
	rc = 0;
out:
	free(old_path);
	free(new_path);
	return rc;
}
