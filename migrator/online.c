/*
 * online.c: prepare, finish and abort (online.h).
 *
 * Why no change is lost or applied twice (README.md, "Minimal downtime"):
 *
 * - Capture first.  The triggers and the change tables are created and
 *   committed before any shadow is filled; from then on every committed
 *   write to a captured table has a change row, numbered in commit order
 *   (om_seq: the engine serialises the writers of one change table).
 * - The copy of a table and the number of the last change it already sees
 *   are taken in one transaction that excludes writers of that table
 *   (SQLite: the database's write lock, BEGIN IMMEDIATE): the copy reads
 *   exactly the rows made by the changes up to that number, so the shadow
 *   starts at `applied` = that number, and only later changes are applied.
 * - Changes are applied in om_seq order, each batch in one transaction with
 *   the new `applied` (the same database, so the position and the rows it
 *   stands for commit together): a killed apply is rolled back whole, a
 *   rerun starts at the recorded position.
 * - A change row is the raw row ('I' the new row, 'D' the old one; an
 *   UPDATE is both).  Applied in order, 'I' inserts the row mapped as the
 *   copy maps it, 'D' deletes one shadow row equal to the old row mapped:
 *   a multiset, so that tables without a key (1.1 acc, missed_calls)
 *   lose one of two identical rows when one was deleted, as the source did.
 * - finish does all of it again in the upgrade's one transaction, with
 *   writers excluded: what is left is applied, each shadow is compared
 *   with its source (row counts, and the rows mapped as a multiset), the
 *   triggers go before their change tables (a trigger must never find its
 *   table gone), and the script renames the shadows in.
 */
#include "online.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "detect.h"
#include "render.h"
#include "strbuf.h"
#include "strlist.h"

/* Change rows applied per transaction while OpenSER runs. */
#define OM_APPLY_BATCH 2000

/* ---- small helpers ------------------------------------------------------------- */

static void qi(const struct om_run *r, struct strbuf *sb, const char *ident)
{
	r->drv->quote_ident(sb, ident);
}

static int exec_sb(struct om_run *r, struct strbuf *sb, struct om_error *err)
{
	int rc = r->drv->exec(r->conn, sb->buf, err);

	strbuf_reset(sb);
	return rc;
}

/* Run statements in order; the first that fails stops them. */
static int exec_list(struct om_run *r, const struct om_strlist *l, struct om_error *err)
{
	for (size_t i = 0; i < l->n; i++)
		if (r->drv->exec(r->conn, l->v[i], err))
			return -1;
	return 0;
}

/* The first column of the first row as a number (0 when none or NULL). */
static int query_ll(struct om_run *r, struct strbuf *sb, long long *v, struct om_error *err)
{
	int rc;

	*v = 0;
	rc = om_query_counts(r->drv, r->conn, sb->buf, v, 1, err);
	strbuf_reset(sb);
	return rc;
}

static int add_first(void *ud, int ncols, const char *const *vals)
{
	if (ncols > 0 && vals[0])
		om_strlist_add(ud, vals[0]);
	return 0;
}

static int add_first_sb(void *ud, int ncols, const char *const *vals)
{
	struct strbuf *sb = ud;

	if (ncols > 0 && vals[0] && !sb->len)
		strbuf_adds(sb, vals[0]);
	return 0;
}

static void name_of(struct strbuf *sb, const char *prefix, const char *table, const char *suffix)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s%s%s", prefix, table, suffix);
}

/* The shadow of st as SQL (quoted; in the engine's shadow schema, or under our prefix). */
static void shadow_sql(const struct om_run *r, const struct om_step *st, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (r->drv->online_schema) {
		qi(r, sb, r->drv->online_schema);
		strbuf_addch(sb, '.');
		qi(r, sb, st->target->name);
	} else {
		struct strbuf n = STRBUF_INIT;

		strbuf_addf(&n, "%s%s", OM_SHADOW_PREFIX, st->target->name);
		qi(r, sb, n.buf);
		strbuf_release(&n);
	}
}

/* The steps prepare builds: tables rebuilt in place from their source. */
static bool online_step(const struct om_step *st)
{
	return st->kind == OM_STEP_REBUILD && st->source;
}

static bool carries(const struct om_step *st)
{
	for (size_t i = 0; i < st->ncols; i++)
		if (st->cols[i].expr)
			return true;
	return false;
}

/* SELECT <value> AS "om_v1", ... FROM from: the step's mapped values under names of ours. */
static void mapped_select(struct om_run *r, const struct om_step *st, const char *from, struct strbuf *sb,
			  struct strbuf *names)
{
	int n = 0;

	strbuf_adds(sb, "SELECT ");
	for (size_t i = 0; i < st->ncols; i++) {
		char alias[32];

		if (!st->cols[i].expr)
			continue;
		snprintf(alias, sizeof(alias), "om_v%d", ++n);
		if (n > 1) {
			strbuf_adds(sb, ", ");
			if (names)
				strbuf_adds(names, ", ");
		}
		om_render_value(sb, &r->plan, r->conn, &st->cols[i]);
		strbuf_adds(sb, " AS ");
		qi(r, sb, alias);
		if (names)
			qi(r, names, alias);
	}
	strbuf_addf(sb, " FROM %s", from);
}

static int refuse_engine(const struct om_driver *drv, const char *cmd, struct om_error *err)
{
	return om_error_set(err, OM_EXIT_REFUSED,
			    "%s is not available on %s (this build has no change capture for it): nothing was "
			    "changed; stop OpenSER and run upgrade", cmd, drv ? drv->name : "this engine");
}

/*
 * Engines whose upgrade switches shadows and holds writers with table
 * locks (MySQL: LOCK TABLES; no transaction spans DDL there): each piece
 * of prepare's work that must see the source still is done while its
 * writers are held, and finish's script applies the rest under its hold.
 */
static bool held_engine(const struct om_run *r)
{
	return r->drv->hold_tables && r->drv->unhold && !r->drv->snapshot_query;
}

bool om_online_prepared(const struct om_run *r)
{
	return r->detected && om_strlist_has(&r->detect.own, OM_ONLINE_TABLE);
}

/* The state row of a table: copied (0/1), applied position; *found false when none. */
struct state {
	bool found;
	long long copied, applied;
	char checksum[65];
	struct strbuf snap;  /* MVCC engines: the copy's snapshot, as a quoted literal (held engines: mark_checked) */
};

/* " WHERE name = table": the bookkeeping's row of table. */
static void state_of(struct om_run *r, struct strbuf *sb, const char *table)
{
	strbuf_adds(sb, " WHERE ");
	qi(r, sb, "name");
	strbuf_adds(sb, " = ");
	r->drv->quote_string(r->conn, sb, table);
}

static int state_row(void *ud, int ncols, const char *const *vals)
{
	struct state *s = ud;

	s->found = true;
	s->copied = ncols > 0 && vals[0] ? strtoll(vals[0], NULL, 10) : 0;
	s->applied = ncols > 1 && vals[1] ? strtoll(vals[1], NULL, 10) : 0;
	snprintf(s->checksum, sizeof(s->checksum), "%s", ncols > 2 && vals[2] ? vals[2] : "");
	strbuf_reset(&s->snap);
	if (ncols > 3 && vals[3])
		strbuf_adds(&s->snap, vals[3]);
	return 0;
}

static int read_state(struct om_run *r, const char *table, struct state *s, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	struct strbuf raw = STRBUF_INIT;

	memset(s, 0, sizeof(*s));
	strbuf_init(&s->snap);
	strbuf_adds(&sb, "SELECT ");
	qi(r, &sb, "copied");
	strbuf_adds(&sb, ", ");
	qi(r, &sb, "applied");
	strbuf_adds(&sb, ", ");
	qi(r, &sb, "checksum");
	strbuf_adds(&sb, ", ");
	qi(r, &sb, "snap");
	strbuf_adds(&sb, " FROM ");
	qi(r, &sb, OM_ONLINE_TABLE);
	state_of(r, &sb, table);
	rc = r->drv->query(r->conn, sb.buf, state_row, s, err);
	/* Kept quoted, ready for the snapshot conditions. */
	if (!rc && s->snap.len) {
		strbuf_adds(&raw, s->snap.buf);
		strbuf_reset(&s->snap);
		r->drv->quote_string(r->conn, &s->snap, raw.buf);
	}
	strbuf_release(&raw);
	strbuf_release(&sb);
	return rc;
}

/* UPDATE the state row of table: set = "copied" = 1, ... (SQL after SET). */
static int update_state(struct om_run *r, const char *table, long long copied, long long applied,
			const char *snap, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "UPDATE ");
	qi(r, &sb, OM_ONLINE_TABLE);
	strbuf_adds(&sb, " SET ");
	if (snap) {
		qi(r, &sb, "snap");
		strbuf_adds(&sb, " = ");
		r->drv->quote_string(r->conn, &sb, snap);
		strbuf_adds(&sb, ", ");
	}
	qi(r, &sb, "copied");
	strbuf_addf(&sb, " = %lld, ", copied);
	qi(r, &sb, "applied");
	strbuf_addf(&sb, " = %lld", applied);
	state_of(r, &sb, table);
	{
		int rc = exec_sb(r, &sb, err);

		strbuf_release(&sb);
		return rc;
	}
}

/* ---- applying changes ----------------------------------------------------------- */

struct change {
	long long seq;
	char op;
};

struct changes {
	struct change *v;
	size_t n, a;
};

static int add_change(void *ud, int ncols, const char *const *vals)
{
	struct changes *c = ud;

	if (ncols < 2 || !vals[0] || !vals[1])
		return 0;
	if (c->n == c->a) {
		c->a = c->a ? 2 * c->a : 64;
		c->v = om_xrealloc(c->v, c->a * sizeof(*c->v));
	}
	c->v[c->n].seq = strtoll(vals[0], NULL, 10);
	c->v[c->n].op = vals[1][0];
	c->n++;
	return 0;
}

/* 'I' rows first..last of the change table into the shadow, mapped, in order. */
static int apply_inserts(struct om_run *r, const struct om_step *st, const char *shadow, const char *changes,
			 long long first, long long last, const char *filter, struct om_error *err)
{
	struct strbuf cols = STRBUF_INIT, sel = STRBUF_INIT, from = STRBUF_INIT, sb = STRBUF_INIT;
	int rc;

	qi(r, &from, changes);
	strbuf_adds(&from, " WHERE ");
	qi(r, &from, "om_seq");
	strbuf_addf(&from, " BETWEEN %lld AND %lld%s ORDER BY ", first, last, filter);
	qi(r, &from, "om_seq");
	om_render_copy_select(&cols, &sel, &r->plan, r->conn, st, from.buf, false);
	strbuf_addf(&sb, "INSERT %sINTO %s", st->ignore_dups ? r->drv->ignore_word : "", shadow);
	strbuf_addf(&sb, " (%s) %s", cols.buf, sel.buf);
	if (st->ignore_dups && *r->drv->ignore_clause)
		strbuf_addf(&sb, " %s", r->drv->ignore_clause);
	rc = exec_sb(r, &sb, err);
	strbuf_release(&cols);
	strbuf_release(&sel);
	strbuf_release(&from);
	strbuf_release(&sb);
	return rc;
}

/* A column of text (compared by its bytes), not a number or a time (compared by value). */
static bool textual(const struct om_column *c)
{
	const char *b = c->type.base ? c->type.base : "";

	return strstr(b, "char") || strstr(b, "text") || strstr(b, "blob") || strstr(b, "binary");
}

/*
 * Engines without a row id (MySQL): the old row's mapped values read once
 * into session variables (a statement under LOCK TABLES may name the
 * change table once), then DELETE ... LIMIT 1 of a row whose every column
 * equals its value.  A column that cannot be NULL is compared with "="
 * too, so that the shadow's index on it finds the row; the engine's
 * byte-exact equality decides.
 */
static int apply_delete_limit(struct om_run *r, const struct om_step *st, const char *shadow, const char *from,
			      struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, into = STRBUF_INIT, a = STRBUF_INIT;
	int n = 0, rc;

	strbuf_adds(&sb, "SELECT ");
	for (size_t i = 0; i < st->ncols; i++) {
		if (!st->cols[i].expr)
			continue;
		if (n++) {
			strbuf_adds(&sb, ", ");
			strbuf_adds(&into, ", ");
		}
		om_render_value(&sb, &r->plan, r->conn, &st->cols[i]);
		strbuf_addf(&into, "@om_v%d", n);
	}
	strbuf_addf(&sb, " INTO %s FROM %s", into.buf, from);
	rc = exec_sb(r, &sb, err);
	strbuf_addf(&sb, "DELETE FROM %s WHERE ", shadow);
	n = 0;
	for (size_t i = 0; i < st->ncols; i++) {
		char v[32];

		if (!st->cols[i].expr)
			continue;
		strbuf_reset(&a);
		qi(r, &a, st->cols[i].col->name);
		snprintf(v, sizeof(v), "@om_v%d", ++n);
		if (n > 1)
			strbuf_adds(&sb, " AND ");
		if (!textual(st->cols[i].col))
			/* A number or a time: its value, not its text (a float(10,2) reads "0.50", its value 0.5). */
			strbuf_addf(&sb, st->cols[i].col->notnull ? "%s = %s" : "(%s = %s OR (%s IS NULL AND %s IS NULL))",
				    a.buf, v, a.buf, v);
		else {
			if (st->cols[i].col->notnull)
				strbuf_addf(&sb, "%s = %s AND ", a.buf, v);
			r->drv->same(&sb, a.buf, v);
		}
	}
	strbuf_adds(&sb, " LIMIT 1");
	if (!rc)
		rc = exec_sb(r, &sb, err);
	strbuf_release(&sb);
	strbuf_release(&into);
	strbuf_release(&a);
	return rc;
}

/* The 'D' row seq: one shadow row equal to the old row mapped goes. */
static int apply_delete(struct om_run *r, const struct om_step *st, const char *shadow, const char *changes,
			long long seq, struct om_error *err)
{
	struct strbuf from = STRBUF_INIT, m = STRBUF_INIT, sb = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	int n = 0, rc;

	qi(r, &from, changes);
	strbuf_adds(&from, " WHERE ");
	qi(r, &from, "om_seq");
	strbuf_addf(&from, " = %lld", seq);
	if (!r->drv->row_id) {
		rc = apply_delete_limit(r, st, shadow, from.buf, err);
		strbuf_release(&from);
		return rc;
	}
	mapped_select(r, st, from.buf, &m, NULL);
	strbuf_addf(&sb, "DELETE FROM %s", shadow);
	strbuf_addf(&sb, " WHERE %s = (SELECT ", r->drv->row_id);
	qi(r, &sb, "om_s");
	strbuf_addf(&sb, ".%s FROM %s", r->drv->row_id, shadow);
	strbuf_adds(&sb, " AS ");
	qi(r, &sb, "om_s");
	strbuf_addf(&sb, ", (%s) AS ", m.buf);
	qi(r, &sb, "om_m");
	strbuf_adds(&sb, " WHERE ");
	for (size_t i = 0; i < st->ncols; i++) {
		char alias[32];

		if (!st->cols[i].expr)
			continue;
		snprintf(alias, sizeof(alias), "om_v%d", ++n);
		strbuf_reset(&a);
		strbuf_reset(&b);
		qi(r, &a, "om_s");
		strbuf_addch(&a, '.');
		qi(r, &a, st->cols[i].col->name);
		qi(r, &b, "om_m");
		strbuf_addch(&b, '.');
		qi(r, &b, alias);
		if (n > 1)
			strbuf_adds(&sb, " AND ");
		/*
		 * A column that cannot be NULL is compared with "=", which finds
		 * the row through the shadow's index on it; the engine's null-safe
		 * equality (PostgreSQL IS NOT DISTINCT FROM) would scan the whole
		 * shadow for each deleted row.  The same rows match either way: a
		 * NULL mapped value matches no row of that column.
		 */
		if (st->cols[i].col->notnull)
			strbuf_addf(&sb, "%s = %s", a.buf, b.buf);
		else
			r->drv->same(&sb, a.buf, b.buf);
	}
	strbuf_adds(&sb, " LIMIT 1)");
	rc = exec_sb(r, &sb, err);
	strbuf_release(&from);
	strbuf_release(&m);
	strbuf_release(&sb);
	strbuf_release(&a);
	strbuf_release(&b);
	return rc;
}

/*
 * One batch of the changes of step st after its applied position (at most
 * `limit`, 0: all), in om_seq order, and the new position.  Run inside a
 * transaction of the caller's.  *n: how many were applied.
 */
struct snapq {
	struct strbuf snap;
	long long hi;
	bool got;
};

static int snap_row(void *ud, int ncols, const char *const *vals)
{
	struct snapq *q = ud;

	q->got = true;
	if (ncols > 0 && vals[0])
		strbuf_adds(&q->snap, vals[0]);
	q->hi = ncols > 1 && vals[1] ? strtoll(vals[1], NULL, 10) : 0;
	return 0;
}

/*
 * MVCC engines: the current snapshot and the highest change number it
 * sees, once every transaction in progress at that snapshot has ended:
 * then every change numbered up to it is committed (visible) or rolled
 * back, none is still to come (a number is drawn before its row commits).
 */
static int settled(struct om_run *r, const char *changes, int timeout, bool locked, struct snapq *q,
		   struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, lit = STRBUF_INIT;
	long long done = 0;
	int rc, waited = 0;

	strbuf_init(&q->snap);
	q->hi = 0;
	q->got = false;
	r->drv->snapshot_query(&sb, changes);
	rc = r->drv->query(r->conn, sb.buf, snap_row, q, err);
	strbuf_reset(&sb);
	if (!rc) {
		r->drv->quote_string(r->conn, &lit, q->snap.buf);
		r->drv->snapshot_ended(&sb, lit.buf);
	}
	/* The table's writers were waited for by our lock: every change of it is committed or rolled back. */
	while (!rc && !locked) {
		rc = om_query_counts(r->drv, r->conn, sb.buf, &done, 1, err);
		if (rc || done)
			break;
		if (waited++ > (timeout > 0 ? timeout : 1) * 50) {
			rc = om_error_set(err, OM_EXIT_LOCKED, "%s: another session's transaction stays open (waited %d s; "
					  "see --lock-timeout)", changes, timeout);
			break;
		}
		usleep(20000);
	}
	strbuf_release(&sb);
	strbuf_release(&lit);
	return rc;
}

static int apply_batch(struct om_run *r, const struct om_step *st, long long limit, long long bound, int timeout,
		       bool locked, long long *n, struct om_error *err)
{
	struct strbuf shadow = STRBUF_INIT, changes = STRBUF_INIT, sb = STRBUF_INIT, filter = STRBUF_INIT;
	struct changes c = { NULL, 0, 0 };
	struct snapq q;
	struct state s;
	int rc = -1;

	*n = 0;
	memset(&s, 0, sizeof(s));
	strbuf_init(&s.snap);
	shadow_sql(r, st, &shadow);
	name_of(&changes, OM_CHANGES_PREFIX, st->source, "");
	if (read_state(r, st->source, &s, err))
		goto out;
	if (!s.found || !s.copied) {
		rc = om_error_set(err, OM_EXIT_FAILED, "%s: its shadow was not built (run prepare again)", st->source);
		goto out;
	}
	strbuf_init(&q.snap);
	if (r->drv->snapshot_query) {
		strbuf_release(&q.snap);
		/* Only changes that can no longer be joined by one numbered lower, and not those the copy saw. */
		if (settled(r, changes.buf, timeout, locked, &q, err))
			goto out;
		strbuf_adds(&filter, " AND ");
		qi(r, &filter, "om_seq");
		strbuf_addf(&filter, " <= %lld AND ", q.hi);
		r->drv->not_in_snapshot(&filter, s.snap.buf);
	}
	/* A bounded catch-up: the changes numbered up to bound only. */
	if (bound > 0) {
		strbuf_adds(&filter, " AND ");
		qi(r, &filter, "om_seq");
		strbuf_addf(&filter, " <= %lld", bound);
	}
	strbuf_adds(&sb, "SELECT ");
	qi(r, &sb, "om_seq");
	strbuf_adds(&sb, ", ");
	qi(r, &sb, "om_op");
	strbuf_adds(&sb, " FROM ");
	qi(r, &sb, changes.buf);
	strbuf_adds(&sb, " WHERE ");
	qi(r, &sb, "om_seq");
	strbuf_addf(&sb, " > %lld%s ORDER BY ", s.applied, filter.buf);
	qi(r, &sb, "om_seq");
	if (limit > 0)
		strbuf_addf(&sb, " LIMIT %lld", limit);
	if (r->drv->query(r->conn, sb.buf, add_change, &c, err))
		goto out;
	strbuf_reset(&sb);
	for (size_t i = 0; i < c.n;) {
		size_t j = i;

		if (c.v[i].op == 'I') {
			while (j + 1 < c.n && c.v[j + 1].op == 'I')
				j++;
			if (apply_inserts(r, st, shadow.buf, changes.buf, c.v[i].seq, c.v[j].seq, filter.buf, err))
				goto out;
		} else if (apply_delete(r, st, shadow.buf, changes.buf, c.v[i].seq, err)) {
			goto out;
		}
		i = j + 1;
	}
	{
		long long last = c.n ? c.v[c.n - 1].seq : s.applied;

		/* MVCC: all of it read, the position goes to the bound (rows the copy saw, rolled-back numbers). */
		if (r->drv->snapshot_query && (limit <= 0 || (long long)c.n < limit) && q.hi > last)
			last = bound > 0 && q.hi > bound ? (bound > last ? bound : last) : q.hi;
		/* The rows stay (finish pre-checks every row that arrived): the position says what is applied. */
		if (last != s.applied && update_state(r, st->source, 1, last, NULL, err))
			goto out;
	}
	*n = (long long)c.n;
	rc = 0;
out:
	free(c.v);
	strbuf_release(&shadow);
	strbuf_release(&changes);
	strbuf_release(&sb);
	strbuf_release(&filter);
	strbuf_release(&q.snap);
	strbuf_release(&s.snap);
	return rc;
}

static int check_shadow(struct om_run *r, const struct om_step *st, bool full, struct om_error *err);

/* expr as the full check compares it (driver.h, compared). */
static void compared(struct om_run *r, struct strbuf *sb, const char *expr)
{
	if (r->drv->compared)
		r->drv->compared(sb, expr);
	else
		strbuf_adds(sb, expr);
}

/* The highest change number of the change table `changes` (0 when it has none). */
static int last_change(struct om_run *r, const char *changes, long long *n, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	strbuf_adds(&sb, "SELECT max(");
	qi(r, &sb, "om_seq");
	strbuf_adds(&sb, ") FROM ");
	qi(r, &sb, changes);
	rc = query_ll(r, &sb, n, err);
	strbuf_release(&sb);
	return rc;
}

/* Changes of st not applied yet. */
static int pending(struct om_run *r, const struct om_step *st, long long applied, long long *n, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, ch = STRBUF_INIT;
	int rc;

	name_of(&ch, OM_CHANGES_PREFIX, st->source, "");
	strbuf_adds(&sb, "SELECT count(*) FROM ");
	qi(r, &sb, ch.buf);
	strbuf_adds(&sb, " WHERE ");
	qi(r, &sb, "om_seq");
	strbuf_addf(&sb, " > %lld", applied);
	rc = query_ll(r, &sb, n, err);
	strbuf_release(&sb);
	strbuf_release(&ch);
	return rc;
}

/* ---- prepare ------------------------------------------------------------------ */

static int commit(struct om_run *r, struct om_error *err)
{
	return r->drv->exec(r->conn, "COMMIT", err);
}

static void after(const struct om_run_opts *o, const char *step)
{
	if (o->after_step)
		o->after_step(step, o->ud);
}

/* The source's columns, as the live catalog has them. */
static const struct om_ctable *source_table(struct om_run *r, const struct om_step *st, struct om_error *err)
{
	const struct om_ctable *t = om_catalog_table(&r->detect.live, st->source);

	if (!t)
		om_error_set(err, OM_EXIT_SCHEMA, "%s: not in the catalog", st->source);
	return t;
}

/* The triggers on st's source that are not ours: kept, and said. */
static int report_triggers(struct om_run *r, const struct om_step *st, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct om_strlist names;
	int rc;

	om_strlist_init(&names);
	r->drv->triggers_query(r->conn, &sb, st->source);
	rc = r->drv->query(r->conn, sb.buf, add_first, &names, err);
	for (size_t i = 0; !rc && i < names.n; i++)
		if (strncmp(names.v[i], OM_TRIGGER_PREFIX, strlen(OM_TRIGGER_PREFIX)) &&
		    strncmp(names.v[i], OM_TRIPWIRE_PREFIX, strlen(OM_TRIPWIRE_PREFIX)))
			om_strlist_addf(&r->info, "%s: the trigger %s is not ours: kept as it is (it stays on the old "
					"table when finish sets it aside)", st->source, names.v[i]);
	om_strlist_release(&names);
	strbuf_release(&sb);
	return rc;
}

/* Capture: the bookkeeping table, the change tables and the triggers, one transaction. */
static int install_capture(struct om_run *r, const struct om_run_opts *o, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, ch = STRBUF_INIT, trg = STRBUF_INIT;
	struct om_strlist out;
	int rc = -1;

	om_strlist_init(&out);
	if (r->drv->lock(r->conn, o->lock_timeout, err))
		goto out;
	/* A trigger waits for the writers of its table: --lock-timeout bounds the wait (engines with table locks). */
	if (r->drv->lock_tables) {
		struct om_strlist none, set;
		int bad = 0;

		om_strlist_init(&none);
		om_strlist_init(&set);
		r->drv->lock_tables(&none, &none, o->lock_timeout, &set);
		bad = exec_list(r, &set, err);
		om_strlist_release(&none);
		om_strlist_release(&set);
		if (bad)
			goto out;
	} else if (r->drv->job_timeout) {
		/* (MySQL: lock_wait_timeout, which CREATE TRIGGER's wait for the table's metadata lock obeys.) */
		strbuf_addf(&sb, r->drv->job_timeout, o->lock_timeout > 0 ? o->lock_timeout : 1);
		if (exec_sb(r, &sb, err))
			goto out;
	}
	strbuf_adds(&sb, "CREATE TABLE IF NOT EXISTS ");
	qi(r, &sb, OM_ONLINE_TABLE);
	strbuf_adds(&sb, " (");
	qi(r, &sb, "name");
	strbuf_adds(&sb, " varchar(64) NOT NULL PRIMARY KEY, ");
	qi(r, &sb, "checksum");
	strbuf_adds(&sb, " varchar(64) NOT NULL, ");
	qi(r, &sb, "copied");
	strbuf_adds(&sb, " int NOT NULL, ");
	qi(r, &sb, "applied");
	strbuf_adds(&sb, " bigint NOT NULL, ");
	qi(r, &sb, "snap");
	strbuf_adds(&sb, " text)");
	if (r->drv->own_table_options)
		r->drv->own_table_options(r->conn, &sb);
	if (exec_sb(r, &sb, err))
		goto out;
	for (size_t i = 0; i < r->plan.nsteps; i++) {
		const struct om_step *st = &r->plan.steps[i];
		const struct om_ctable *t;
		const char **cols;
		struct state s;

		if (!online_step(st))
			continue;
		if (read_state(r, st->source, &s, err))
			goto out;
		strbuf_release(&s.snap);
		if (s.found && strcmp(s.checksum, r->plan.checksum)) {
			rc = om_error_set(err, OM_EXIT_REFUSED, "the database was prepared with other plans (%.12s, now "
					  "%.12s): run abort, then prepare again; nothing was changed", s.checksum,
					  r->plan.checksum);
			goto out;
		}
		if (!(t = source_table(r, st, err)) || report_triggers(r, st, err))
			goto out;
		cols = om_xcalloc(t->ncols + 1, sizeof(*cols));
		for (size_t k = 0; k < t->ncols; k++)
			cols[k] = t->cols[k].name;
		name_of(&ch, OM_CHANGES_PREFIX, st->source, "");
		name_of(&trg, OM_TRIGGER_PREFIX, st->source, "_");
		/*
		 * The change table before its triggers: a trigger never finds its
		 * table missing.  A table with its state row has them (one
		 * transaction): its capture is not touched again.
		 */
		if (!s.found)
			r->drv->capture(r->conn, st->source, ch.buf, trg.buf, cols, t->ncols, &out);
		free(cols);
		if (!s.found) {
			strbuf_adds(&sb, "INSERT INTO ");
			qi(r, &sb, OM_ONLINE_TABLE);
			strbuf_adds(&sb, " VALUES (");
			r->drv->quote_string(r->conn, &sb, st->source);
			strbuf_adds(&sb, ", ");
			r->drv->quote_string(r->conn, &sb, r->plan.checksum);
			strbuf_adds(&sb, ", 0, 0, NULL)");
			om_strlist_add(&out, sb.buf);
			strbuf_reset(&sb);
		}
	}
	if (exec_list(r, &out, err) || commit(r, err))
		goto out;
	after(o, "prepare-capture");
	rc = 0;
out:
	if (rc)
		r->drv->rollback(r->conn);
	om_strlist_release(&out);
	strbuf_release(&sb);
	strbuf_release(&ch);
	strbuf_release(&trg);
	return rc;
}

/* Does statement s create an index named like one the database has already (its name is taken)? */
static bool index_taken(struct om_run *r, const char *s, const struct om_strlist *indexes)
{
	struct strbuf q = STRBUF_INIT;
	bool taken = false;

	for (size_t i = 0; !taken && i < indexes->n; i++) {
		strbuf_reset(&q);
		strbuf_adds(&q, "INDEX ");
		qi(r, &q, indexes->v[i]);
		strbuf_adds(&q, " ON ");
		taken = strstr(s, q.buf) != NULL;
	}
	strbuf_release(&q);
	return taken;
}

/*
 * The shadow of st, built and filled in one transaction that also records
 * the change it starts after.  Indexes whose names the old table still
 * holds (SQLite's index names are global) are left to finish.
 */
/* Run statements; with the engine's shadow schema first in the search path (PostgreSQL) when it has one. */
static int run_in_shadow_schema(struct om_run *r, const struct om_strlist *l, const struct om_strlist *indexes,
				struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, saved = STRBUF_INIT;
	int rc = 0;

	if (!l->n)
		return 0;
	if (r->drv->online_schema) {
		/* (PostgreSQL only: the unqualified CREATE statements of the driver land in that schema.) */
		rc = r->drv->query(r->conn, "SELECT current_setting('search_path')", add_first_sb, &saved, err);
		if (!rc) {
			strbuf_adds(&sb, "SET LOCAL search_path TO ");
			qi(r, &sb, r->drv->online_schema);
			rc = exec_sb(r, &sb, err);
		}
	}
	/* In a schema of their own the shadows can take every index name at once. */
	for (size_t i = 0; !rc && i < l->n; i++)
		if (r->drv->online_schema || !index_taken(r, l->v[i], indexes))
			rc = r->drv->exec(r->conn, l->v[i], err);
	if (!rc && r->drv->online_schema) {
		strbuf_adds(&sb, "SELECT set_config('search_path', ");
		r->drv->quote_string(r->conn, &sb, saved.buf);
		strbuf_adds(&sb, ", true)");
		rc = exec_sb(r, &sb, err);
	}
	strbuf_release(&sb);
	strbuf_release(&saved);
	return rc;
}

/*
 * Writers of the source of st wait from here: on MVCC engines to the end
 * of the transaction (a SHARE lock; SQLite's write lock does it already);
 * on held engines until let_go() (LOCK TABLES: the source and its change
 * table read, the shadow and the bookkeeping written, nothing else
 * touched meanwhile).  Once held, every write to the source has ended:
 * every change row is there, in order.
 */
static int hold_writers(struct om_run *r, const struct om_step *st, int timeout, struct om_error *err)
{
	struct om_strlist none, read, out;
	int rc = 0;

	if (held_engine(r)) {
		struct om_strlist write;
		struct strbuf ch = STRBUF_INIT;

		om_strlist_init(&read);
		om_strlist_init(&write);
		om_strlist_init(&out);
		name_of(&ch, OM_CHANGES_PREFIX, st->source, "");
		om_strlist_add(&read, st->source);
		om_strlist_add(&read, ch.buf);
		om_strlist_addf(&write, "%s%s", OM_SHADOW_PREFIX, st->target->name);
		om_strlist_add(&write, OM_ONLINE_TABLE);
		r->drv->hold_tables(&read, &write, timeout, &out);
		rc = exec_list(r, &out, err);
		om_strlist_release(&read);
		om_strlist_release(&write);
		om_strlist_release(&out);
		strbuf_release(&ch);
		return rc;
	}
	if (!r->drv->snapshot_query || !r->drv->lock_tables)
		return 0;
	om_strlist_init(&none);
	om_strlist_init(&read);
	om_strlist_init(&out);
	om_strlist_add(&read, st->source);
	r->drv->lock_tables(&none, &read, timeout, &out);
	rc = exec_list(r, &out, err);
	om_strlist_release(&none);
	om_strlist_release(&read);
	om_strlist_release(&out);
	return rc;
}

/* Held engines: the writers held by hold_writers() go on (nothing when none is held). */
static void let_go(struct om_run *r)
{
	struct om_error ignored = { 0 };

	if (held_engine(r))
		r->drv->exec(r->conn, r->drv->unhold, &ignored);
}

/*
 * The shadow of st, built and filled in one transaction that also records
 * where its changes start: on SQLite the number of the last change the
 * copy sees (writers wait for this transaction); on MVCC engines the
 * copy's snapshot (REPEATABLE READ, taken by its first statement, after
 * the capture was committed): the changes visible in it are in the copy.
 * Indexes whose names the old table still holds (SQLite's index names
 * are global) are left to finish.
 */
static int build_shadow(struct om_run *r, const struct om_run_opts *o, const struct om_step *st,
			const struct om_strlist *indexes, long long *rows, struct om_error *err)
{
	struct strbuf shadow = STRBUF_INIT, name = STRBUF_INIT, ch = STRBUF_INIT, sb = STRBUF_INIT,
		      cols = STRBUF_INIT, sel = STRBUF_INIT, from = STRBUF_INIT;
	struct om_tabledef d = { st->target, NULL, st->source, om_plan_has_class, (void *)&r->plan, false, true, false };
	struct om_strlist before, afterl;
	struct state s;
	struct snapq q;
	long long base = 0;
	int rc = -1;

	om_strlist_init(&before);
	om_strlist_init(&afterl);
	strbuf_init(&q.snap);
	memset(&s, 0, sizeof(s));
	strbuf_init(&s.snap);
	*rows = -1;
	shadow_sql(r, st, &shadow);
	if (r->drv->online_schema)
		strbuf_adds(&name, st->target->name);
	else
		strbuf_addf(&name, "%s%s", OM_SHADOW_PREFIX, st->target->name);
	name_of(&ch, OM_CHANGES_PREFIX, st->source, "");
	if (r->drv->snapshot_query) {
		if (r->drv->exec(r->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ", err))
			goto out;
		r->drv->snapshot_query(&sb, ch.buf);
		q.got = false;
		rc = r->drv->query(r->conn, sb.buf, snap_row, &q, err);
		strbuf_reset(&sb);
		if (rc)
			goto out;
		rc = -1;
	} else if (r->drv->lock(r->conn, o->lock_timeout, err)) {
		goto out;
	}
	if (read_state(r, st->source, &s, err))
		goto out;
	if (s.copied) {
		r->drv->rollback(r->conn);
		rc = 0;
		goto out;
	}
	strbuf_addf(&sb, "DROP TABLE IF EXISTS %s", shadow.buf);
	if (exec_sb(r, &sb, err))
		goto out;
	d.name = name.buf;
	r->drv->create_table(r->conn, &d, &before, &afterl);
	if (run_in_shadow_schema(r, &before, indexes, err))
		goto out;
	/* Held engines: the copy and the number of the last change it sees are read while writers wait. */
	if (held_engine(r) && hold_writers(r, st, o->lock_timeout, err))
		goto out;
	if (carries(st)) {
		om_render_source(&from, &r->plan, st->source);
		om_render_copy_select(&cols, &sel, &r->plan, r->conn, st, from.buf, true);
		strbuf_addf(&sb, "INSERT %sINTO %s", st->ignore_dups ? r->drv->ignore_word : "", shadow.buf);
		strbuf_addf(&sb, " (%s) %s", cols.buf, sel.buf);
		if (st->ignore_dups && *r->drv->ignore_clause)
			strbuf_addf(&sb, " %s", r->drv->ignore_clause);
		if (exec_sb(r, &sb, err))
			goto out;
	}
	if (run_in_shadow_schema(r, &afterl, indexes, err))
		goto out;
	if (r->drv->snapshot_query) {
		if (update_state(r, st->source, 1, 0, q.snap.buf, err))
			goto out;
	} else {
		/* The last change this copy already sees: writers of the table wait for this transaction. */
		if (last_change(r, ch.buf, &base, err) || update_state(r, st->source, 1, base, NULL, err))
			goto out;
	}
	strbuf_addf(&sb, "SELECT count(*) FROM %s", shadow.buf);
	if (query_ll(r, &sb, rows, err) || commit(r, err))
		goto out;
	let_go(r);
	after(o, "prepare-copied");
	rc = 0;
out:
	if (rc) {
		r->drv->rollback(r->conn);
		let_go(r);
	}
	om_strlist_release(&before);
	om_strlist_release(&afterl);
	strbuf_release(&shadow);
	strbuf_release(&name);
	strbuf_release(&ch);
	strbuf_release(&sb);
	strbuf_release(&cols);
	strbuf_release(&sel);
	strbuf_release(&from);
	strbuf_release(&q.snap);
	strbuf_release(&s.snap);
	return rc;
}

/* One round of catch_up: each table up to the highest change number it has now. */
static int catch_up_round(struct om_run *r, const struct om_run_opts *o, long long *total, struct om_error *err)
{
	for (size_t i = 0; i < r->plan.nsteps; i++) {
		const struct om_step *st = &r->plan.steps[i];
		struct strbuf ch = STRBUF_INIT;
		long long n, bound = 0;
		int rc;

		if (!online_step(st))
			continue;
		name_of(&ch, OM_CHANGES_PREFIX, st->source, "");
		rc = last_change(r, ch.buf, &bound, err);
		strbuf_release(&ch);
		r->drv->rollback(r->conn);
		if (rc)
			return -1;
		if (bound <= 0)
			continue;
		do {
			if (r->drv->lock(r->conn, o->lock_timeout, err))
				return -1;
			/* Held engines: each batch while the writers wait (then every change row is there, in order). */
			if ((held_engine(r) && hold_writers(r, st, o->lock_timeout, err)) ||
			    apply_batch(r, st, OM_APPLY_BATCH, bound, o->lock_timeout, false, &n, err) || commit(r, err)) {
				r->drv->rollback(r->conn);
				let_go(r);
				return -1;
			}
			let_go(r);
			*total += n;
			if (n)
				after(o, "prepare-applied");
		} while (n == OM_APPLY_BATCH);
	}
	return 0;
}

/*
 * Apply the changes of every table in batches, each its own transaction:
 * in rounds, each up to the changes there were when it began (a writer
 * faster than the apply never keeps it going), until a round finds little
 * to do or OM_CATCHUP_ROUNDS were made; the full check (check_all) applies
 * what is left while it holds the writers.
 */
#define OM_CATCHUP_ROUNDS 8

static int catch_up(struct om_run *r, const struct om_run_opts *o, long long *total, struct om_error *err)
{
	*total = 0;
	for (int round = 0; round < OM_CATCHUP_ROUNDS; round++) {
		long long before = *total;

		if (catch_up_round(r, o, total, err))
			return -1;
		if (*total - before < OM_APPLY_BATCH)
			break;
	}
	return 0;
}

/*
 * Engines whose change rows can be torn from their writes by a server
 * crash (driver.h, server_started): the server's clock when st's shadow
 * was last compared row by row with its table, kept in the bookkeeping's
 * `snap` (on these engines no snapshot is kept there).
 */
static int mark_checked(struct om_run *r, const struct om_step *st, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	long long now, started;
	int rc;

	if (!r->drv->server_started)
		return 0;
	if (r->drv->server_started(r->conn, &now, &started, err))
		return -1;
	strbuf_adds(&sb, "UPDATE ");
	qi(r, &sb, OM_ONLINE_TABLE);
	strbuf_adds(&sb, " SET ");
	qi(r, &sb, "snap");
	strbuf_addf(&sb, " = '%lld'", now);
	state_of(r, &sb, st->source);
	rc = exec_sb(r, &sb, err);
	strbuf_release(&sb);
	return rc;
}

/*
 * Has the server started again since st's shadow was last compared row by
 * row (or was it never)?  A crash in between may have kept an OpenSER
 * write without its change row; an UPDATE keeps the row count, so only
 * comparing every row finds it.  (Within a second of the mark counts as
 * after it: at worst a comparison more.)
 */
static int restarted_since_check(struct om_run *r, const struct om_step *st, bool *yes, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, mark = STRBUF_INIT;
	long long now, started;
	int rc;

	*yes = false;
	if (!r->drv->server_started)
		return 0;
	strbuf_adds(&sb, "SELECT ");
	qi(r, &sb, "snap");
	strbuf_adds(&sb, " FROM ");
	qi(r, &sb, OM_ONLINE_TABLE);
	state_of(r, &sb, st->source);
	rc = r->drv->query(r->conn, sb.buf, add_first_sb, &mark, err);
	if (!rc)
		rc = r->drv->server_started(r->conn, &now, &started, err);
	if (!rc)
		*yes = !mark.len || started >= strtoll(mark.buf, NULL, 10) - 1;
	strbuf_release(&sb);
	strbuf_release(&mark);
	return rc;
}

/*
 * The end of prepare: each shadow, brought up to date, compared with its
 * table in full (row counts and every row mapped), in one transaction per
 * table that writers wait for.  finish then counts rows only (unless the
 * server started again since: restarted_since_check): what it applies
 * after this check is applied by the same code, in order.
 */
static int check_all(struct om_run *r, const struct om_run_opts *o, long long *applied, struct om_error *err)
{
	for (size_t i = 0; i < r->plan.nsteps; i++) {
		const struct om_step *st = &r->plan.steps[i];
		long long n;

		if (!online_step(st))
			continue;
		if (r->drv->lock(r->conn, o->lock_timeout, err))
			return -1;
		if (hold_writers(r, st, o->lock_timeout, err) || apply_batch(r, st, 0, 0, o->lock_timeout, true, &n, err) ||
		    check_shadow(r, st, true, err) || mark_checked(r, st, err) || commit(r, err)) {
			r->drv->rollback(r->conn);
			let_go(r);
			return -1;
		}
		let_go(r);
		*applied += n;
	}
	after(o, "prepare-checked");
	return 0;
}

int om_cmd_prepare(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t, const struct om_run_opts *o,
		   struct om_error *err)
{
	const struct om_driver *drv = om_driver_for(t->engine);
	struct om_strlist indexes;
	long long applied = 0;
	int rc = -1;

	if (!drv || !drv->capture)
		return refuse_engine(drv, "prepare", err);
	if (om_run_look_inplace(r, plan_dir, t, o, err))
		return -1;
	r->drv->rollback(r->conn);
	if (r->drv->online_ready && r->drv->online_ready(r->conn, err))
		return -1;
	if (!r->detect.schema)
		return om_error_set(err, OM_EXIT_SCHEMA, "no OpenSER tables found: nothing to prepare");
	if (om_plan_is_empty(&r->plan)) {
		if (om_online_prepared(r))
			return om_error_set(err, OM_EXIT_REFUSED, "the database is at OpenSER %s but a prepare is left "
					    "in it: run abort", r->detect.schema->version);
		om_strlist_addf(&r->info, "nothing to do: the database is already at OpenSER %s",
				r->detect.schema->version);
		return 0;
	}
	/* (Held engines: a finish cut short before its switch leaves its run open; finish resumes it later.) */
	if (r->hist.running_id && !(held_engine(r) && om_online_prepared(r)))
		return om_error_set(err, OM_EXIT_REFUSED, "run #%lld (%s) is unfinished: run upgrade to finish it "
				    "first; nothing was changed", r->hist.running_id, r->hist.running_command);
	if (r->plan.problems.n && !o->force) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; i < r->plan.problems.n; i++)
			strbuf_addf(&sb, "\n  %s", r->plan.problems.v[i]);
		om_error_set(err, OM_EXIT_REFUSED, "refused, nothing was changed:%s", sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	if (install_capture(r, o, err))
		return -1;
	/*
	 * The pre-checks again, now that every later write is captured: rows
	 * written between the first look and the capture are checked here,
	 * those after it by finish (in the change tables).
	 */
	if (om_run_look_again(r, o, err))
		return -1;
	r->drv->rollback(r->conn);
	if (r->plan.problems.n && !o->force) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; i < r->plan.problems.n; i++)
			strbuf_addf(&sb, "\n  %s", r->plan.problems.v[i]);
		om_error_set(err, OM_EXIT_REFUSED, "refused (the capture is in place: fix the rows and run prepare "
			     "again, or abort):%s", sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	/* The index names the live tables hold (on SQLite global to the database). */
	om_strlist_init(&indexes);
	for (size_t i = 0; i < r->detect.live.ntables; i++)
		for (size_t k = 0; k < r->detect.live.tables[i].nidx; k++)
			om_strlist_add(&indexes, r->detect.live.tables[i].idx[k].name);
	for (size_t i = 0; i < r->plan.nsteps; i++) {
		const struct om_step *st = &r->plan.steps[i];
		long long rows;

		if (!online_step(st))
			continue;
		if (build_shadow(r, o, st, &indexes, &rows, err))
			goto out;
		if (rows >= 0)
			om_strlist_addf(&r->info, "%s: shadow %s%s built, %lld row%s", st->source, OM_SHADOW_PREFIX,
					st->target->name, rows, rows == 1 ? "" : "s");
		else
			om_strlist_addf(&r->info, "%s: shadow %s%s already built", st->source, OM_SHADOW_PREFIX,
					st->target->name);
	}
	if (catch_up(r, o, &applied, err) || check_all(r, o, &applied, err))
		goto out;
	om_strlist_addf(&r->info, "prepared: %lld change%s applied, every shadow checked against its table; OpenSER %s "
			"may go on running; stop it, then run finish (prepare again catches up meanwhile; abort undoes "
			"it all)", applied,
			applied == 1 ? "" : "s", r->plan.from->version);
	rc = 0;
out:
	om_strlist_release(&indexes);
	return rc;
}

/* ---- finish ------------------------------------------------------------------- */

/*
 * The shadow of st against its source: as many rows, and when `full` the
 * same rows mapped (a multiset; it reads and maps the whole table).
 */
static int check_shadow(struct om_run *r, const struct om_step *st, bool full, struct om_error *err)
{
	struct strbuf shadow = STRBUF_INIT, sb = STRBUF_INIT, m = STRBUF_INIT, names = STRBUF_INIT,
		      from = STRBUF_INIT, cols = STRBUF_INIT;
	long long a = 0, b = 0, diff = 0;
	bool first = true;
	int rc = -1;

	shadow_sql(r, st, &shadow);
	strbuf_addf(&sb, "SELECT count(*) FROM %s", shadow.buf);
	if (query_ll(r, &sb, &a, err))
		goto out;
	om_render_count(&sb, r->drv, st->source);
	if (query_ll(r, &sb, &b, err))
		goto out;
	/* Under --force rows colliding on a new unique key were skipped: the counts differ by them. */
	if (st->ignore_dups) {
		rc = 0;
		goto out;
	}
	if (a != b) {
		rc = om_error_set(err, OM_EXIT_FAILED, "%s: its shadow has %lld rows, the table %lld: nothing was "
				  "changed (abort, then prepare again)", st->source, a, b);
		goto out;
	}
	if (!full || !carries(st)) {
		rc = 0;
		goto out;
	}
	for (size_t i = 0, n = 0; i < st->ncols; i++) {
		struct strbuf id = STRBUF_INIT;
		char alias[32];

		if (!st->cols[i].expr)
			continue;
		if (!first) {
			strbuf_adds(&cols, ", ");
			strbuf_adds(&names, ", ");
		}
		first = false;
		qi(r, &id, st->cols[i].col->name);
		compared(r, &cols, id.buf);
		strbuf_reset(&id);
		snprintf(alias, sizeof(alias), "om_v%zu", ++n);
		qi(r, &id, alias);
		compared(r, &names, id.buf);
		strbuf_release(&id);
	}
	om_render_source(&from, &r->plan, st->source);
	mapped_select(r, st, from.buf, &m, NULL);
	strbuf_addf(&sb, "SELECT count(*) FROM (SELECT %s, count(*) FROM %s", cols.buf, shadow.buf);
	strbuf_addf(&sb, " GROUP BY %s EXCEPT SELECT %s, count(*) FROM (%s) AS ", cols.buf, names.buf, m.buf);
	qi(r, &sb, "om_m");
	strbuf_addf(&sb, " GROUP BY %s) AS ", names.buf);
	qi(r, &sb, "om_d");
	if (query_ll(r, &sb, &diff, err))
		goto out;
	if (diff) {
		rc = om_error_set(err, OM_EXIT_FAILED, "%s: %lld row%s of its shadow differ from the table's rows "
				  "mapped: nothing was changed (abort, then prepare again)", st->source, diff,
				  diff == 1 ? "" : "s");
		goto out;
	}
	rc = 0;
out:
	strbuf_release(&shadow);
	strbuf_release(&sb);
	strbuf_release(&m);
	strbuf_release(&names);
	strbuf_release(&from);
	strbuf_release(&cols);
	return rc;
}

/* Drop the capture of table: its triggers first, then its change table. */
static int drop_capture(struct om_run *r, const char *table, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;
	int rc = 0;

	for (const char *e = OM_TRIGGER_SUFFIXES; !rc && *e; e++) {
		name_of(&name, OM_TRIGGER_PREFIX, table, "_");
		strbuf_addch(&name, *e);
		r->drv->drop_trigger(&sb, table, name.buf);
		rc = exec_sb(r, &sb, err);
	}
	if (!rc) {
		name_of(&name, OM_CHANGES_PREFIX, table, "");
		strbuf_adds(&sb, "DROP TABLE IF EXISTS ");
		qi(r, &sb, name.buf);
		rc = exec_sb(r, &sb, err);
	}
	strbuf_release(&sb);
	strbuf_release(&name);
	return rc;
}

int om_online_finish(struct om_run *r, const struct om_run_opts *o, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	long long total = 0;
	int rc = -1;

	for (size_t i = 0; i < r->plan.nsteps; i++) {
		const struct om_step *st = &r->plan.steps[i];
		struct state s;
		long long n;

		if (!online_step(st))
			continue;
		if ((!held_engine(r) && hold_writers(r, st, o->lock_timeout, err)) || read_state(r, st->source, &s, err))
			goto out;
		strbuf_release(&s.snap);
		if (!s.found || !s.copied) {
			rc = om_error_set(err, OM_EXIT_REFUSED, "%s: prepare did not build its shadow (run prepare again, "
					  "or abort): nothing was changed", st->source);
			goto out;
		}
		if (strcmp(s.checksum, r->plan.checksum)) {
			rc = om_error_set(err, OM_EXIT_REFUSED, "the database was prepared with other plans (%.12s, now "
					  "%.12s): run abort, then prepare again; nothing was changed", s.checksum,
					  r->plan.checksum);
			goto out;
		}
		/* Held engines: the script applies the rest under its hold, and drops the capture after its switch. */
		if (held_engine(r))
			continue;
		if (apply_batch(r, st, 0, 0, o->lock_timeout, true, &n, err))
			goto out;
		total += n;
		/*
		 * (No count here: the verification before COMMIT counts the
		 * retained table and the switched-in one, and a difference rolls
		 * everything back; counting twice is a whole pass on PostgreSQL.)
		 */
		if (drop_capture(r, st->source, err))
			goto out;
	}
	if (held_engine(r)) {
		rc = 0;
		goto out;
	}
	strbuf_adds(&sb, "DROP TABLE ");
	qi(r, &sb, OM_ONLINE_TABLE);
	if (exec_sb(r, &sb, err))
		goto out;
	om_strlist_addf(&r->info, "finish: %lld change%s applied at the end; every shadow has its table's rows", total,
			total == 1 ? "" : "s");
	after(o, "finish-applied");
	rc = 0;
out:
	strbuf_release(&sb);
	return rc;
}

int om_online_apply_held(struct om_run *r, const char *table, struct om_error *err)
{
	for (size_t i = 0; i < r->plan.nsteps; i++) {
		const struct om_step *st = &r->plan.steps[i];
		long long n;
		bool restarted;

		if (!online_step(st) || strcmp(st->target->name, table))
			continue;
		if (apply_batch(r, st, 0, 0, 0, true, &n, err) || restarted_since_check(r, st, &restarted, err) ||
		    check_shadow(r, st, restarted, err))
			return -1;
		if (restarted)
			om_strlist_addf(&r->info, "finish: %s: the server started again since prepare compared its shadow "
					"with it: every row compared again, all equal", st->source);
		if (n)
			om_strlist_addf(&r->info, "finish: %s: %lld change%s applied at the end", st->source, n,
					n == 1 ? "" : "s");
		return 0;
	}
	return om_error_set(err, OM_EXIT_FAILED, "internal error: no step of prepare builds %s", table);
}

void om_online_capture_names(const struct om_plan *p, struct om_strlist *read, struct om_strlist *write,
			     struct om_strlist *drop)
{
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct om_step *st = &p->steps[i];

		if (!online_step(st))
			continue;
		name_of(&name, OM_CHANGES_PREFIX, st->source, "");
		if (read)
			om_strlist_add(read, name.buf);
		if (!drop)
			continue;
		for (const char *e = OM_TRIGGER_SUFFIXES; *e; e++) {
			name_of(&name, OM_TRIGGER_PREFIX, st->source, "_");
			strbuf_addch(&name, *e);
			p->drv->drop_trigger(&sb, st->source, name.buf);
			om_strlist_add(drop, sb.buf);
			strbuf_reset(&sb);
		}
		name_of(&name, OM_CHANGES_PREFIX, st->source, "");
		strbuf_adds(&sb, "DROP TABLE IF EXISTS ");
		p->drv->quote_ident(&sb, name.buf);
		om_strlist_add(drop, sb.buf);
		strbuf_reset(&sb);
	}
	if (write)
		om_strlist_add(write, OM_ONLINE_TABLE);
	if (drop) {
		strbuf_adds(&sb, "DROP TABLE IF EXISTS ");
		p->drv->quote_ident(&sb, OM_ONLINE_TABLE);
		om_strlist_add(drop, sb.buf);
	}
	strbuf_release(&sb);
	strbuf_release(&name);
}

bool om_online_step(const struct om_plan *p, const struct om_step *st)
{
	return p->online && p->mode == OM_MODE_INPLACE && online_step(st);
}

int om_online_changes_after(const struct om_plan *p, struct om_conn *c, const struct om_step *st, long long *n,
			    struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT, ch = STRBUF_INIT;
	int rc;

	*n = 0;
	name_of(&ch, OM_CHANGES_PREFIX, st->source, "");
	strbuf_adds(&sb, "SELECT count(*) FROM ");
	p->drv->quote_ident(&sb, ch.buf);
	strbuf_adds(&sb, " WHERE ");
	p->drv->quote_ident(&sb, "om_seq");
	strbuf_adds(&sb, " > (SELECT ");
	p->drv->quote_ident(&sb, "applied");
	strbuf_adds(&sb, " FROM ");
	p->drv->quote_ident(&sb, OM_ONLINE_TABLE);
	strbuf_adds(&sb, " WHERE ");
	p->drv->quote_ident(&sb, "name");
	strbuf_adds(&sb, " = ");
	p->drv->quote_string(c, &sb, st->source);
	strbuf_addch(&sb, ')');
	rc = om_query_counts(p->drv, c, sb.buf, n, 1, err);
	strbuf_release(&sb);
	strbuf_release(&ch);
	return rc;
}

void om_online_precheck_from(const struct om_plan *p, const struct om_step *st, struct strbuf *from)
{
	struct strbuf ch = STRBUF_INIT;

	strbuf_reset(from);
	name_of(&ch, OM_CHANGES_PREFIX, st->source, "");
	strbuf_adds(from, "(SELECT * FROM ");
	p->drv->quote_ident(from, ch.buf);
	strbuf_adds(from, " WHERE ");
	p->drv->quote_ident(from, "om_op");
	strbuf_adds(from, " = 'I') AS ");
	p->drv->quote_ident(from, st->source);
	strbuf_release(&ch);
}

int om_online_rows_before(struct om_plan *p, struct om_step *st, struct om_conn *c, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	long long n = 0;
	int rc;

	strbuf_adds(&sb, "SELECT count(*) FROM ");
	om_render_source(&sb, p, st->source);
	rc = om_query_counts(p->drv, c, sb.buf, &n, 1, err);
	strbuf_release(&sb);
	if (!rc)
		st->rows_before = n;
	return rc;
}

/* ---- abort and status ------------------------------------------------------------ */

/* The tables a prepare captured, from its bookkeeping (none when it has none). */
static int captured(struct om_run *r, struct om_strlist *out, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	strbuf_adds(&sb, "SELECT ");
	qi(r, &sb, "name");
	strbuf_adds(&sb, " FROM ");
	qi(r, &sb, OM_ONLINE_TABLE);
	strbuf_adds(&sb, " ORDER BY ");
	qi(r, &sb, "name");
	rc = r->drv->query(r->conn, sb.buf, add_first, out, err);
	strbuf_release(&sb);
	return rc;
}

/* The capture of every table prepare captured (named into *tables): triggers, then change tables. */
static int drop_captures(struct om_run *r, struct om_strlist *tables, struct om_error *err)
{
	if (captured(r, tables, err))
		return -1;
	for (size_t i = 0; i < tables->n; i++)
		if (drop_capture(r, tables->v[i], err))
			return -1;
	return 0;
}

int om_cmd_abort(struct om_run *r, const char *plan_dir, const struct om_dbtarget *t, const struct om_run_opts *o,
		 struct om_error *err)
{
	const struct om_driver *drv = om_driver_for(t->engine);
	struct om_strlist tables;
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	if (!drv || !drv->capture)
		return refuse_engine(drv, "abort", err);
	if (om_run_look_inplace(r, plan_dir, t, o, err))
		return -1;
	r->drv->rollback(r->conn);
	om_strlist_init(&tables);
	if (!om_online_prepared(r)) {
		om_strlist_add(&r->info, "nothing to abort: no prepare in this database");
		return 0;
	}
	/* Triggers before their change tables (drop_capture), then the shadows, then the bookkeeping. */
	if (r->drv->lock(r->conn, o->lock_timeout, err) || drop_captures(r, &tables, err))
		goto out;
	for (size_t i = 0; !r->drv->online_schema && i < r->detect.own.n; i++) {
		const char *name = r->detect.own.v[i];

		if (strncmp(name, OM_SHADOW_PREFIX, strlen(OM_SHADOW_PREFIX)))
			continue;
		strbuf_adds(&sb, "DROP TABLE IF EXISTS ");
		qi(r, &sb, name);
		if (exec_sb(r, &sb, err))
			goto out;
	}
	if (r->drv->online_schema) {
		/* The shadows' schema holds only them: each dropped (never CASCADE), then the schema. */
		struct om_strlist shadows;

		om_strlist_init(&shadows);
		strbuf_adds(&sb, "SELECT table_name FROM information_schema.tables WHERE table_schema = ");
		r->drv->quote_string(r->conn, &sb, r->drv->online_schema);
		rc = r->drv->query(r->conn, sb.buf, add_first, &shadows, err);
		strbuf_reset(&sb);
		for (size_t i = 0; !rc && i < shadows.n; i++) {
			strbuf_adds(&sb, "DROP TABLE IF EXISTS ");
			qi(r, &sb, r->drv->online_schema);
			strbuf_addch(&sb, '.');
			qi(r, &sb, shadows.v[i]);
			rc = exec_sb(r, &sb, err);
		}
		om_strlist_release(&shadows);
		if (!rc) {
			strbuf_adds(&sb, "DROP SCHEMA IF EXISTS ");
			qi(r, &sb, r->drv->online_schema);
			rc = exec_sb(r, &sb, err);
		}
		if (rc)
			goto out;
		rc = -1;
	}
	strbuf_adds(&sb, "DROP TABLE ");
	qi(r, &sb, OM_ONLINE_TABLE);
	if (exec_sb(r, &sb, err))
		goto out;
	/*
	 * Held engines: a finish stopped before its switch (a shadow that did
	 * not match, a kill) left its run open, to be resumed on the shadows
	 * just dropped: it ends here, as aborted.
	 */
	if (held_engine(r) && r->hist.running_id) {
		om_render_history_ended(&sb, r->drv, r->hist.running_id, "aborted");
		if (exec_sb(r, &sb, err))
			goto out;
		om_strlist_addf(&r->info, "the unfinished finish (history run #%lld) is marked aborted",
				r->hist.running_id);
	}
	if (commit(r, err))
		goto out;
	om_strlist_addf(&r->info, "aborted: the capture on %zu table%s, the change tables and the shadows are "
			"dropped; the database is as before prepare", tables.n, tables.n == 1 ? "" : "s");
	rc = 0;
out:
	if (rc)
		r->drv->rollback(r->conn);
	om_strlist_release(&tables);
	strbuf_release(&sb);
	return rc;
}

int om_online_forget_shadows(struct om_run *r, struct om_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "UPDATE ");
	qi(r, &sb, OM_ONLINE_TABLE);
	strbuf_adds(&sb, " SET ");
	qi(r, &sb, "copied");
	strbuf_adds(&sb, " = 0, ");
	qi(r, &sb, "applied");
	strbuf_adds(&sb, " = 0");
	return exec_sb(r, &sb, err) || commit(r, err) ? -1 : 0;
}

int om_online_forget(struct om_run *r, struct om_error *err)
{
	struct om_strlist tables;
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	om_strlist_init(&tables);
	if (drop_captures(r, &tables, err))
		goto out;
	strbuf_adds(&sb, "DROP TABLE IF EXISTS ");
	qi(r, &sb, OM_ONLINE_TABLE);
	if (exec_sb(r, &sb, err) || commit(r, err))
		goto out;
	om_strlist_addf(&r->info, "finish had switched the database before it stopped: what was left of the "
			"capture (%zu table%s) is dropped", tables.n, tables.n == 1 ? "" : "s");
	rc = 0;
out:
	om_strlist_release(&tables);
	strbuf_release(&sb);
	return rc;
}

int om_online_status(struct om_run *r, struct om_error *err)
{
	struct om_strlist tables;
	long long total = 0;
	bool all = true;
	int rc = 0;

	if (!om_online_prepared(r))
		return 0;
	om_strlist_init(&tables);
	if (captured(r, &tables, err)) {
		om_strlist_release(&tables);
		return -1;
	}
	for (size_t i = 0; !rc && i < tables.n; i++) {
		struct om_step st;
		struct state s;
		long long n = 0;

		memset(&st, 0, sizeof(st));
		st.source = tables.v[i];
		rc = read_state(r, tables.v[i], &s, err);
		strbuf_release(&s.snap);
		if (!rc)
			rc = pending(r, &st, s.applied, &n, err);
		if (rc)
			break;
		all = all && s.copied;
		total += n;
		om_strlist_addf(&r->info, "prepare: %s: %s, %lld change%s pending", tables.v[i],
				s.copied ? "shadow built" : "captured, shadow not built yet", n, n == 1 ? "" : "s");
	}
	if (!rc)
		om_strlist_addf(&r->info, "prepare: phase %s, %lld change%s pending (run prepare to catch up, finish "
				"once OpenSER is stopped, or abort)", all ? "prepared" : "capturing (prepare was cut "
				"short: run it again)", total, total == 1 ? "" : "s");
	om_strlist_release(&tables);
	return rc;
}
