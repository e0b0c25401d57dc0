/*
 * verify.c: the verification of an upgrade's result (verify.h).
 */
#include "verify.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "online.h"
#include "precheck.h"
#include "render.h"
#include "strbuf.h"
#include "tripwire.h"

/* The catalog the plan must produce: its target tables (as this database gets them) and version rows. */
static void expected_catalog(const struct om_plan *p, struct om_catalog *out)
{
	const struct om_schema *to = p->to;

	out->has_version_table = true;
	for (size_t i = 0; i < to->ntables; i++) {
		const struct om_table *t = &to->tables[i];
		bool in = om_strlist_has(&p->untouched, t->name);
		int v;

		for (size_t s = 0; !in && s < p->nsteps; s++)
			if (!strcmp(p->steps[s].target->name, t->name)) {
				t = p->steps[s].target;
				in = true;
			}
		if (!in)
			continue;
		p->drv->expected_table(t, om_plan_has_class, (void *)p, out);
		if (om_table_version(t, p->engine, &v))
			om_catalog_add_vrow(out, t->name, v);
	}
}

/* A difference the plan keeps (an untouched table keeps its extras as they are). */
static bool kept(const struct om_plan *p, const struct om_drift *x)
{
	for (size_t i = 0; i < p->drift.n; i++) {
		const struct om_drift *k = &p->drift.v[i];

		if (k->cls == OM_DRIFT_KEPT && k->kind == x->kind && !strcmp(k->table, x->table) &&
		    ((!k->name && !x->name) || (k->name && x->name && !strcmp(k->name, x->name))))
			return true;
	}
	return false;
}

/* The live catalog against the expected one, for the tables the plan made. */
static int diff_catalog(struct om_plan *p, struct om_conn *c, struct om_strlist *diff, struct om_error *err)
{
	struct om_catalog exp, live;
	struct om_driftlist d;
	int rc;

	om_catalog_init(&exp);
	om_catalog_init(&live);
	om_driftlist_init(&d);
	expected_catalog(p, &exp);
	rc = p->drv->introspect(c, NULL, &live, err);
	/* Only what the plan made: the migrator's own, retained, unknown and left tables aside. */
	for (size_t i = 0; !rc && i < live.ntables;) {
		const char *name = live.tables[i].name;

		if (!om_catalog_table(&exp, name)) {
			om_catalog_remove_table(&live, name);
			continue;
		}
		i++;
	}
	if (!rc)
		om_catalog_compare(&exp, &live, NULL, NULL, p->drv->compare_types, &d);
	for (size_t i = 0; i < d.n; i++)
		if (!kept(p, &d.v[i]))
			om_strlist_add(diff, d.v[i].text);
	om_driftlist_release(&d);
	om_catalog_release(&exp);
	om_catalog_release(&live);
	return rc;
}

/* finish: the computed values of a table are not counted (filled_count -1). */
static int not_counted(struct om_step *st)
{
	for (size_t k = 0; k < st->ncols; k++)
		if (st->cols[k].computed)
			st->cols[k].filled_count = -1;
	return 0;
}

/*
 * How many rows got a computed value (the report's "transformed" counts), in
 * one pass over `table` on connection tc; the source is read on c.
 */
static int count_filled(struct om_plan *p, struct om_conn *tc, struct om_conn *c, struct om_step *st,
			const char *table, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT, src = STRBUF_INIT;
	long long vals[64];
	size_t nvals = 0, nfilled;
	int rc = 0;

	strbuf_adds(&q, "SELECT ");
	for (size_t k = 0; k < st->ncols && nvals < 64; k++) {
		if (!st->cols[k].computed)
			continue;
		strbuf_adds(&q, nvals ? ", sum(CASE WHEN " : "sum(CASE WHEN ");
		p->drv->quote_ident(&q, st->cols[k].col->name);
		strbuf_adds(&q, " <> '' THEN 1 ELSE 0 END)");
		nvals++;
	}
	nfilled = nvals;
	/* The pre-check's deferred counts, in the same pass: URIs whose user and host are both ''. */
	for (size_t k = 0; k < st->ncols && nvals < 64; k++) {
		struct strbuf x = STRBUF_INIT;
		size_t pair = st->cols[k].defer_pair;

		if (!pair || pair - 1 < k)
			continue;
		strbuf_adds(&q, nvals ? ", sum(CASE WHEN " : "sum(CASE WHEN ");
		p->drv->quote_ident(&x, st->cols[k].col->name);
		p->drv->length(&q, x.buf);
		strbuf_adds(&q, " = 0 AND ");
		strbuf_reset(&x);
		p->drv->quote_ident(&x, st->cols[pair - 1].col->name);
		p->drv->length(&q, x.buf);
		strbuf_adds(&q, " = 0 THEN 1 ELSE 0 END)");
		strbuf_release(&x);
		nvals++;
	}
	if (nvals) {
		strbuf_adds(&q, " FROM ");
		p->drv->quote_ident(&q, table);
		rc = om_query_counts(p->drv, tc, q.buf, vals, nvals, err);
		for (size_t k = 0, j = 0; !rc && k < st->ncols && j < nfilled; k++)
			if (st->cols[k].computed)
				st->cols[k].filled_count = vals[j++];
	}
	/* Where the source's rows are now: the retained table once an in-place transaction has moved it. */
	if (nvals > nfilled && !p->drv->switch_tables && p->mode == OM_MODE_INPLACE && st->kind == OM_STEP_REBUILD)
		p->drv->quote_ident(&src, st->retained);
	else if (nvals > nfilled)
		om_render_source(&src, p, st->source);
	for (size_t k = 0, j = nfilled; !rc && k < st->ncols && j < nvals; k++) {
		size_t pair = st->cols[k].defer_pair;

		if (pair && pair - 1 > k)
			rc = om_precheck_deferred(p, c, st, k, vals[j++], src.buf, err);
	}
	strbuf_release(&q);
	strbuf_release(&src);
	return rc;
}

/*
 * Before COMMIT: the new table has exactly the rows the source had (less
 * the skipped collisions).  In place, the source is counted again here,
 * inside the transaction that has held it since before the copy (the
 * retained old table, or the table a new one was filled from): the
 * pre-check's count came before the locks, and an application's rows
 * written in between went into the copy.
 */
static int verify_step(struct om_plan *p, struct om_conn *c, struct om_step *st, struct om_strlist *diff,
		       struct om_error *err)
{
	long long n = 0, want;

	if (st->source && p->mode == OM_MODE_INPLACE) {
		struct strbuf q = STRBUF_INIT;
		int rc;

		strbuf_adds(&q, "SELECT count(*) FROM ");
		if (st->kind == OM_STEP_REBUILD)
			p->drv->quote_ident(&q, st->retained);
		else
			om_render_source(&q, p, st->source);
		rc = om_query_counts(p->drv, c, q.buf, &st->rows_before, 1, err);
		strbuf_release(&q);
		if (rc)
			return -1;
	}
	want = st->source ? om_step_rows_kept(st, st->rows_before) : 0;
	if (om_count_rows(p->drv, c, st->target->name, &n, err))
		return -1;
	st->rows_after = n;
	/* The version table's rows are the plan's, checked with the catalog. */
	if (n != want && strcmp(st->target->name, "version"))
		om_strlist_addf(diff, "table \"%s\" has %lld rows after the copy, expected %lld", st->target->name, n,
				want);
	/* finish: the report's counts would read the whole table again (not counted: -1). */
	if (om_online_step(p, st))
		return not_counted(st);
	return n > 0 ? count_filled(p, c, c, st, st->target->name, err) : 0;
}

/*
 * Engines whose journal keeps a digest of each source as copied: are the
 * rows of `table`, read under the name `from`, still those (*same)?
 */
static int same_rows(struct om_plan *p, struct om_conn *c, const char *step, const char *table, const char *from,
		     bool *same, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	long long v = 0;
	int rc;

	*same = true;
	if (!p->drv->digest)
		return 0;
	om_render_digest_same(&q, p, c, step, table, from);
	rc = om_query_counts(p->drv, c, q.buf, &v, 1, err);
	strbuf_release(&q);
	*same = v == 1;
	return rc;
}

/*
 * Before a switch: each shadow holds exactly what its source holds now.
 * A source written to since its copy (OpenSER running, --force) refuses
 * the switch, before anything changed; a rerun copies it again.
 */
static int verify_shadow(struct om_plan *p, struct om_conn *c, struct om_step *st, struct om_strlist *diff,
			 struct om_error *err)
{
	struct strbuf shadow = STRBUF_INIT, q = STRBUF_INIT;
	/* A shadow a job filled is read on that job's connection (the run's does not hold it). */
	struct om_conn *sc = st->conn ? st->conn : c;
	long long n = 0, src = 0;
	int rc = -1;

	strbuf_addf(&shadow, "%s%s", OM_SHADOW_PREFIX, st->target->name);
	if (om_count_rows(p->drv, sc, shadow.buf, &n, err))
		goto out;
	st->rows_after = n;
	if (st->source) {
		strbuf_adds(&q, "SELECT count(*) FROM ");
		om_render_source(&q, p, st->source);
		if (om_query_counts(p->drv, c, q.buf, &src, 1, err))
			goto out;
		if (n != om_step_rows_kept(st, src) && strcmp(st->target->name, "version"))
			om_strlist_addf(diff, "table \"%s\" was written to during the upgrade: it has %lld rows, %lld "
					"were copied", st->source, src, n);
		st->rows_before = src;
	}
	/* A shadow an earlier run built: its source must still have exactly the rows copied then. */
	if (st->source && om_strlist_has(&p->done, st->target->name)) {
		bool same;

		if (same_rows(p, c, st->target->name, st->source, st->source, &same, err))
			goto out;
		if (!same)
			om_strlist_addf(diff, "table \"%s\" was written to since its shadow was built", st->source);
	}
	rc = om_online_step(p, st) ? not_counted(st) : n > 0 ? count_filled(p, sc, c, st, shadow.buf, err) : 0;
out:
	strbuf_release(&shadow);
	strbuf_release(&q);
	return rc;
}

/*
 * After a switch: every retained table still holds exactly the rows that
 * were copied from it.  A row written to it in between would stay behind;
 * the switch is undone instead.  Rows written to the new tables since the
 * switch are OpenSER's, not a difference.
 */
/*
 * --jobs: the count and the digest of a retained table read on the
 * connection of the job that copied it (st->conn), in a thread of its
 * own, while the run's connection reads the others.  The statements are
 * rendered on the run's connection beforehand (the driver's digest reads
 * what that connection knows of the tables).
 */
struct retained_read {
	const struct om_driver *drv;
	struct om_conn *conn;
	struct strbuf count_sql, same_sql;
	long long n, same;
	int rc;
	struct om_error err;
	/* The first entry of each connection runs a thread for all of that connection's entries. */
	struct retained_read *all;
	size_t nall;
	pthread_t thread;
	bool started;
};

static void read_one(struct retained_read *rr)
{
	rr->rc = (rr->count_sql.len && om_query_counts(rr->drv, rr->conn, rr->count_sql.buf, &rr->n, 1, &rr->err)) ||
		 (rr->same_sql.len && om_query_counts(rr->drv, rr->conn, rr->same_sql.buf, &rr->same, 1, &rr->err)) ?
		 -1 : 0;
}

/* One connection is used by one thread only: it reads its entries one after another. */
static void *read_retained(void *arg)
{
	struct retained_read *first = arg;

	for (size_t i = 0; i < first->nall; i++)
		if (first->all[i].conn == first->conn)
			read_one(&first->all[i]);
	return NULL;
}

/* A step whose source's writes were counted (tripwire.h), the count read when the hold ended. */
static bool tripwired(const struct om_step *st)
{
	return st->tripwire && st->trip_count >= 0;
}

/* The count of st's tripwire against the one read when the hold ended. */
static int verify_tripwire(struct om_plan *p, struct om_conn *c, struct om_step *st, struct om_strlist *diff,
			   struct om_error *err)
{
	bool moved;

	if (om_tripwire_moved(p, c, st, &moved, err))
		return -1;
	if (moved)
		om_strlist_addf(diff, "table \"%s\" was written to between its copy and the switch: its rows are not "
				"those copied", st->source);
	return 0;
}

static void start_retained_reads(struct om_plan *p, struct om_conn *c, struct retained_read *rr)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		struct om_step *st = &p->steps[i];

		memset(&rr[i], 0, sizeof(rr[i]));
		strbuf_init(&rr[i].count_sql);
		strbuf_init(&rr[i].same_sql);
		if (!st->conn || !st->source)
			continue;
		rr[i].drv = p->drv;
		rr[i].conn = st->conn;
		if (st->retained)
			om_render_count(&rr[i].count_sql, p->drv, st->retained);
		if (p->drv->digest && !tripwired(st))
			om_render_digest_same(&rr[i].same_sql, p, c, st->target->name, st->source,
					      st->retained ? st->retained : st->source);
	}
	for (size_t i = 0; i < p->nsteps; i++) {
		bool first = rr[i].conn != NULL;

		for (size_t k = 0; first && k < i; k++)
			if (rr[k].conn == rr[i].conn)
				first = false;
		if (!first)
			continue;
		rr[i].all = rr;
		rr[i].nall = p->nsteps;
		rr[i].started = pthread_create(&rr[i].thread, NULL, read_retained, &rr[i]) == 0;
		if (!rr[i].started)
			read_retained(&rr[i]);
	}
}

static void join_retained_reads(struct om_plan *p, struct retained_read *rr)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		if (rr[i].started)
			pthread_join(rr[i].thread, NULL);
		rr[i].started = false;
	}
}

static void end_retained_reads(struct om_plan *p, struct retained_read *rr)
{
	join_retained_reads(p, rr);
	for (size_t i = 0; i < p->nsteps; i++) {
		strbuf_release(&rr[i].count_sql);
		strbuf_release(&rr[i].same_sql);
	}
}

static int verify_retained(struct om_plan *p, struct om_conn *c, struct om_step *st, struct om_strlist *diff,
			   struct retained_read *rr, struct om_error *err)
{
	long long old_n = 0;
	bool same;

	if (!st->source)
		return 0;
	if (rr && rr->conn) {
		/* Read by the job's thread (start_retained_reads): joined by the caller before this. */
		if (rr->rc) {
			*err = rr->err;
			return -1;
		}
		if (st->retained && rr->n != st->rows_before) {
			om_strlist_addf(diff, "table \"%s\" got %lld rows between its copy and the switch (written to "
					"during the upgrade)", st->source, rr->n - st->rows_before);
			return 0;
		}
		if (rr->same_sql.len && rr->same != 1)
			om_strlist_addf(diff, "table \"%s\" was written to between its copy and the switch: its rows "
					"are not those copied", st->source);
		return tripwired(st) ? verify_tripwire(p, c, st, diff, err) : 0;
	}
	if (st->retained && om_count_rows(p->drv, c, st->retained, &old_n, err))
		return -1;
	if (st->retained && old_n != st->rows_before) {
		om_strlist_addf(diff, "table \"%s\" got %lld rows between its copy and the switch (written to during "
				"the upgrade)", st->source, old_n - st->rows_before);
		return 0;
	}
	/*
	 * finish: the capture's triggers are still on the retained table (the
	 * switch moved them with it): any write to it since the changes were
	 * applied has a change row past the applied position.
	 */
	if (om_online_step(p, st)) {
		long long late = 0;

		if (om_online_changes_after(p, c, st, &late, err))
			return -1;
		if (late)
			om_strlist_addf(diff, "table \"%s\" got %lld change%s after they were applied (written to during "
					"the upgrade)", st->source, late, late == 1 ? "" : "s");
		return 0;
	}
	/*
	 * Exactly: an update, or inserts and deletes that cancel out, leave the
	 * count.  Nothing writes to a retained table by its old name once the
	 * switch is done, so what it holds now is what it held at the switch.
	 * Its tripwire counted any write since the hold, without reading it.
	 */
	if (tripwired(st))
		return verify_tripwire(p, c, st, diff, err);
	if (same_rows(p, c, st->target->name, st->source, st->retained ? st->retained : st->source, &same, err))
		return -1;
	if (!same)
		om_strlist_addf(diff, "table \"%s\" was written to between its copy and the switch: its rows are not "
				"those copied", st->source);
	return 0;
}

/*
 * Shadows: OpenSER's version table, copied into a shadow of its own
 * (render.c), against its journal digest: before the switch when an earlier
 * run built the shadow, after it always.
 */
static int verify_version_source(struct om_plan *p, struct om_conn *c, enum om_verify_point at,
				 struct om_strlist *diff, struct om_error *err)
{
	struct strbuf rn = STRBUF_INIT;
	bool same = true;
	int rc = 0;

	for (size_t i = 0; i < p->nsteps; i++)
		if (!strcmp(p->steps[i].target->name, "version"))
			return 0;
	om_plan_retained_name(p, "version", &rn);
	if (at == OM_VERIFY_AFTER_SWITCH)
		rc = same_rows(p, c, "version", "version", rn.buf, &same, err);
	else if (om_strlist_has(&p->done, "version"))
		rc = same_rows(p, c, "version", "version", "version", &same, err);
	if (!rc && !same)
		om_strlist_addf(diff, "table \"version\" was written to %s", at == OM_VERIFY_AFTER_SWITCH ?
				"between its copy and the switch" : "since its shadow was built");
	strbuf_release(&rn);
	return rc;
}

int om_verify_result(struct om_plan *p, struct om_conn *c, enum om_verify_point at, struct om_error *err)
{
	static const char *const what[] = {
		"verification failed, nothing was changed (the transaction was rolled back)",
		"refused to switch, nothing was changed (a rerun copies the tables written to again)",
		"verification after the switch failed",
	};
	struct om_strlist diff;
	struct retained_read *rr = NULL;
	int rc = -1;

	om_strlist_init(&diff);
	if (at == OM_VERIFY_AFTER_SWITCH) {
		rr = om_xcalloc(p->nsteps + 1, sizeof(*rr));
		start_retained_reads(p, c, rr);
	}
	if (at != OM_VERIFY_BEFORE_SWITCH && diff_catalog(p, c, &diff, err))
		goto out;
	/* The run's own retained tables first, while the jobs read theirs. */
	for (int pass = 0; pass < (rr ? 2 : 1); pass++) {
		if (pass == 1)
			join_retained_reads(p, rr);
		for (size_t i = 0; i < p->nsteps; i++) {
			struct om_step *st = &p->steps[i];

			if (rr && (pass == 0) == (rr[i].conn != NULL))
				continue;
			if (at == OM_VERIFY_COMMIT ? verify_step(p, c, st, &diff, err) :
			    at == OM_VERIFY_BEFORE_SWITCH ? verify_shadow(p, c, st, &diff, err) :
			    verify_retained(p, c, st, &diff, rr ? &rr[i] : NULL, err))
				goto out;
		}
	}
	if (at != OM_VERIFY_COMMIT && verify_version_source(p, c, at, &diff, err))
		goto out;
	if (diff.n) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; i < diff.n && i < 20; i++)
			strbuf_addf(&sb, "\n  %s", diff.v[i]);
		om_error_set(err, OM_EXIT_FAILED, "%s:%s", what[at], sb.buf);
		strbuf_release(&sb);
		goto out;
	}
	rc = 0;
out:
	if (rr) {
		end_retained_reads(p, rr);
		free(rr);
	}
	om_strlist_release(&diff);
	return rc;
}
