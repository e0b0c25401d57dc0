/*
 * drift.c: what an upgrade does with a database that is not pristine
 * (drift.h).  Each difference between the live catalog and its nearest
 * version is classified against the plan: kept (carried into the new
 * version as it is), absorbed (nothing to keep: the new version builds its
 * own) or blocking (the plan cannot be carried out: refused before any
 * change).  What is kept goes into the step's derived target table, so
 * that the drivers build it and the verification expects it like any other
 * part of the table.
 */
#include "drift.h"

#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "strbuf.h"

static void *own(struct om_step *st, void *ptr)
{
	OM_GROW(st->owned, st->nowned + 1, st->aowned);
	st->owned[st->nowned++] = ptr;
	return ptr;
}

static char *own_str(struct om_step *st, const char *s)
{
	return own(st, om_xstrdup(s));
}

static bool expr_reads(const struct om_expr *e, const char *col)
{
	if (e->kind == OM_EXPR_COLUMN)
		return !strcmp(e->text, col);
	for (size_t i = 0; i < e->nargs; i++)
		if (expr_reads(e->args[i], col))
			return true;
	return false;
}

/* Does any step read column col of source table `table`? */
static bool plan_reads(const struct om_plan *p, const char *table, const char *col)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct om_step *st = &p->steps[i];

		if (!st->source || strcmp(st->source, table))
			continue;
		for (size_t k = 0; k < st->ncols; k++)
			if (st->cols[k].expr && expr_reads(st->cols[k].expr, col))
				return true;
	}
	return false;
}

/* The step that builds the table of the same name from `table` (rebuilt, or migrated). */
static struct om_step *step_of(struct om_plan *p, const char *table)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].source && !strcmp(p->steps[i].source, table) &&
		    !strcmp(p->steps[i].target->name, table))
			return &p->steps[i];
	return NULL;
}

bool om_drift_keeps(const struct om_detect *d, const char *table)
{
	for (size_t i = 0; i < d->drift.n; i++) {
		const struct om_drift *x = &d->drift.v[i];

		if (!x->table || strcmp(x->table, table))
			continue;
		if (x->kind != OM_DRIFT_EXTRA_COLUMN && x->kind != OM_DRIFT_EXTRA_INDEX && x->kind != OM_DRIFT_VERSION_ROW &&
		    !(x->kind == OM_DRIFT_TYPE && x->order == OM_TYPE_WIDER))
			return false;
	}
	return true;
}

/* ---- the derived target -------------------------------------------------------------- */

/* Make st's target its own copy (columns and keys arrays owned), the colmaps pointing into it. */
static struct om_table *derive(struct om_step *st, size_t more_cols, size_t more_keys)
{
	const struct om_table *t = st->target;
	struct om_table *d;

	if (st->derived && !more_cols && !more_keys)
		return st->derived;
	d = om_xcalloc(1, sizeof(*d));
	*d = *t;
	d->cols = own(st, om_xcalloc(t->ncols + more_cols, sizeof(*d->cols)));
	memcpy(d->cols, t->cols, t->ncols * sizeof(*d->cols));
	d->acols = t->ncols + more_cols;
	d->keys = own(st, om_xcalloc(t->nkeys + more_keys ? t->nkeys + more_keys : 1, sizeof(*d->keys)));
	memcpy(d->keys, t->keys, t->nkeys * sizeof(*d->keys));
	d->akeys = t->nkeys + more_keys;
	for (size_t i = 0; i < st->ncols; i++)
		for (size_t k = 0; k < t->ncols; k++)
			if (st->cols[i].col == &t->cols[k])
				st->cols[i].col = &d->cols[k];
	free(st->derived);
	st->derived = d;
	st->target = d;
	return d;
}

/* The live column of table as a raw column of the derived target. */
static void raw_column(struct om_step *st, struct om_column *c, const struct om_ccol *lc)
{
	memset(c, 0, sizeof(*c));
	c->name = own_str(st, lc->name);
	c->type.base = own_str(st, lc->type);
	c->notnull = lc->notnull;
	c->autoinc = lc->autoinc;
	c->on_update_ts = lc->on_update;
	c->raw = true;
	if (lc->def) {
		c->def.kind = OM_DEF_STRING;
		c->def.text = own_str(st, lc->def);
	}
}

static void add_colmap(struct om_step *st, const struct om_column *c)
{
	struct om_colmap *m;
	struct om_expr *e = om_xcalloc(1, sizeof(*e));

	e->kind = OM_EXPR_COLUMN;
	e->text = om_xstrdup(c->name);
	e->fn = -1;
	st->cols = om_xrealloc(st->cols, (st->ncols + 1) * sizeof(*st->cols));
	m = &st->cols[st->ncols++];
	memset(m, 0, sizeof(*m));
	om_strlist_init(&m->examples);
	m->col = c;
	m->expr = e;
}

/* An extra column of the live table, after the new version's columns, with its values. */
static void keep_column(struct om_step *st, const struct om_ccol *lc)
{
	struct om_table *d = derive(st, 1, 0);
	struct om_column *c = &d->cols[d->ncols++];

	raw_column(st, c, lc);
	add_colmap(st, c);
	/* The column is carried now, not left behind in the retained table. */
	for (size_t i = 0; i < st->not_carried.n; i++)
		if (!strcmp(st->not_carried.v[i], lc->name)) {
			free(st->not_carried.v[i]);
			memmove(&st->not_carried.v[i], &st->not_carried.v[i + 1],
				(st->not_carried.n - i - 1) * sizeof(char *));
			st->not_carried.n--;
			break;
		}
}

/* A column the operator widened keeps its live type (its values need no cut). */
static void keep_type(struct om_step *st, const struct om_ccol *lc)
{
	struct om_table *d = derive(st, 0, 0);

	for (size_t k = 0; k < d->ncols; k++) {
		struct om_column saved = d->cols[k];

		if (strcmp(d->cols[k].name, lc->name))
			continue;
		raw_column(st, &d->cols[k], lc);
		d->cols[k].cls = saved.cls;
		for (size_t i = 0; i < st->ncols; i++)
			if (st->cols[i].col == &d->cols[k])
				st->cols[i].cut = 0;
	}
}

/* Does column col reach the derived target unchanged (copied, or kept)? */
static bool survives(const struct om_step *st, const char *col)
{
	for (size_t i = 0; i < st->ncols; i++)
		if (!strcmp(st->cols[i].col->name, col) && st->cols[i].expr &&
		    st->cols[i].expr->kind == OM_EXPR_COLUMN && !strcmp(st->cols[i].expr->text, col) && !st->cols[i].cut)
			return true;
	return false;
}

/* An operator's index, recreated under its own name when all its columns survive. */
static bool keep_index(struct om_step *st, const struct om_cindex *li)
{
	struct om_table *d;
	struct om_key *k;

	for (size_t j = 0; j < li->ncols; j++)
		if (!survives(st, li->cols[j]))
			return false;
	d = derive(st, 0, 1);
	k = &d->keys[d->nkeys++];
	memset(k, 0, sizeof(*k));
	k->kind = li->kind;
	k->name = own_str(st, li->name);
	k->cols = own(st, om_xcalloc(li->ncols, sizeof(char *)));
	for (size_t j = 0; j < li->ncols; j++)
		k->cols[j] = own_str(st, li->cols[j]);
	k->ncols = li->ncols;
	return true;
}

static const struct om_cindex *live_index(const struct om_ctable *t, const char *name)
{
	for (size_t i = 0; t && i < t->nidx; i++)
		if (!strcmp(t->idx[i].name, name))
			return &t->idx[i];
	return NULL;
}

/* ---- classification ----------------------------------------------------------------------- */

struct classify {
	struct om_plan *p;
	const struct om_detect *d;
	const struct om_plan_opts *o;
	struct om_strlist forced;   /* --force: what was done instead of refusing */
};

static enum om_drift_class classify_column(struct classify *c, const struct om_drift *x, struct strbuf *why)
{
	const struct om_table *src = om_schema_table(c->p->from, x->table);
	struct om_step *st = step_of(c->p, x->table);
	bool read = plan_reads(c->p, x->table, x->name);

	switch (x->kind) {
	case OM_DRIFT_MISSING_COLUMN:
		if (!read)
			return OM_DRIFT_ABSORBED;
		strbuf_addf(why, "the upgrade reads it");
		return OM_DRIFT_BLOCKING;
	case OM_DRIFT_EXTRA_COLUMN:
		if (st && om_table_column(st->target, x->name) && (!src || !om_table_column(src, x->name))) {
			strbuf_addf(why, "it is a column of OpenSER %s: the table is half-way to it", c->p->to->version);
			return OM_DRIFT_BLOCKING;
		}
		return OM_DRIFT_KEPT;
	case OM_DRIFT_TYPE:
		if (x->order == OM_TYPE_WIDER)
			return OM_DRIFT_KEPT;
		if (x->order == OM_TYPE_NARROWER || !read)
			return OM_DRIFT_ABSORBED;
		strbuf_addf(why, "the upgrade reads it and cannot tell how its values convert");
		return OM_DRIFT_BLOCKING;
	default:
		return OM_DRIFT_ABSORBED;
	}
}

/* Is column col of table kept whole (its type wider than the new one's)? */
static bool column_kept(const struct om_detect *d, const char *table, const char *col)
{
	for (size_t i = 0; col && i < d->drift.n; i++) {
		const struct om_drift *x = &d->drift.v[i];

		if (x->kind == OM_DRIFT_TYPE && x->order == OM_TYPE_WIDER && !strcmp(x->table, table) &&
		    !strcmp(x->name, col))
			return true;
	}
	return false;
}

static enum om_drift_class classify(struct classify *c, const struct om_drift *x, struct strbuf *why)
{
	/* A column kept for its wider type is kept whole: its default and NULL-ness come with it. */
	if ((x->kind == OM_DRIFT_DEFAULT || x->kind == OM_DRIFT_NULL || x->kind == OM_DRIFT_ON_UPDATE) &&
	    column_kept(c->d, x->table, x->name))
		return OM_DRIFT_KEPT;
	switch (x->kind) {
	case OM_DRIFT_MISSING_COLUMN:
	case OM_DRIFT_EXTRA_COLUMN:
	case OM_DRIFT_TYPE:
		return classify_column(c, x, why);
	case OM_DRIFT_EXTRA_INDEX:
		return OM_DRIFT_KEPT;
	case OM_DRIFT_EXTRA_TABLE:
		strbuf_addf(why, "a table of another OpenSER version: the database is half-way");
		return OM_DRIFT_BLOCKING;
	case OM_DRIFT_PRIMARY_KEY:
		strbuf_addf(why, "the upgrade relies on the primary key for the order and the uniqueness of rows");
		return OM_DRIFT_BLOCKING;
	default:
		return OM_DRIFT_ABSORBED;
	}
}

/* --force past a blocking difference, where the plan can still be carried out. */
static bool force_past(struct classify *c, const struct om_drift *x)
{
	if (!c->o->force || x->kind != OM_DRIFT_MISSING_COLUMN)
		return false;
	/* A missing column is read as the new column's default: the values that read it are left out. */
	for (size_t i = 0; i < c->p->nsteps; i++) {
		struct om_step *st = &c->p->steps[i];

		if (!st->source || strcmp(st->source, x->table))
			continue;
		for (size_t k = 0; k < st->ncols; k++)
			if (st->cols[k].expr && expr_reads(st->cols[k].expr, x->name)) {
				om_strlist_addf(&c->forced, "%s.%s: its source column %s.%s is missing; it gets its default "
						"(--force)", st->target->name, st->cols[k].col->name, x->table, x->name);
				om_expr_free(st->cols[k].expr);
				st->cols[k].expr = NULL;
				st->cols[k].cut = 0;
				st->cols[k].computed = false;
			}
	}
	return true;
}

/* What is kept goes into the derived target of the table's step; an index that cannot is listed. */
static void keep(struct classify *c, const struct om_drift *x)
{
	struct om_step *st = step_of(c->p, x->table);
	const struct om_ctable *lt = om_catalog_table(&c->d->live, x->table);
	const struct om_ccol *lc = lt && x->name ? om_ctable_col(lt, x->name) : NULL;

	if (!st)
		return;
	if (x->kind == OM_DRIFT_EXTRA_COLUMN && lc)
		keep_column(st, lc);
	else if (x->kind == OM_DRIFT_TYPE && lc)
		keep_type(st, lc);
	else if (x->kind == OM_DRIFT_EXTRA_INDEX) {
		const struct om_cindex *li = live_index(lt, x->name);

		if (li && !keep_index(st, li))
			om_strlist_addf(&c->p->warnings, "%s: the index \"%s\" is not recreated: not all its columns are "
					"in OpenSER %s's table (it stays on %s)", x->table, x->name, c->p->to->version,
					st->retained ? st->retained : x->table);
	}
}

/* Sources whose live column is nullable where the new one is NOT NULL: their NULLs are counted first. */
static void mark_null_checks(struct classify *c, const struct om_drift *x)
{
	const struct om_ctable *lt = om_catalog_table(&c->d->live, x->table);
	const struct om_ccol *lc = lt ? om_ctable_col(lt, x->name) : NULL;

	if (!lc || lc->notnull)
		return;
	for (size_t i = 0; i < c->p->nsteps; i++) {
		struct om_step *st = &c->p->steps[i];

		if (!st->source || strcmp(st->source, x->table))
			continue;
		for (size_t k = 0; k < st->ncols; k++)
			if (st->cols[k].expr && st->cols[k].expr->kind == OM_EXPR_COLUMN &&
			    !strcmp(st->cols[k].expr->text, x->name) && st->cols[k].col->notnull)
				st->cols[k].null_check = true;
	}
}

int om_drift_plan(struct om_plan *p, const struct om_detect *d, const struct om_plan_opts *o, struct om_error *err)
{
	struct classify c = { p, d, o, { NULL, 0, 0 } };
	struct strbuf blocking = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < d->drift.n; i++) {
		const struct om_drift *x = &d->drift.v[i];
		struct strbuf why = STRBUF_INIT;
		enum om_drift_class cls = classify(&c, x, &why);
		struct om_drift *y;

		if (cls == OM_DRIFT_BLOCKING && force_past(&c, x))
			cls = OM_DRIFT_ABSORBED;
		OM_GROW(p->drift.v, p->drift.n + 1, p->drift.alloc);
		y = &p->drift.v[p->drift.n++];
		*y = *x;
		y->cls = cls;
		y->table = x->table ? om_xstrdup(x->table) : NULL;
		y->name = x->name ? om_xstrdup(x->name) : NULL;
		if (cls == OM_DRIFT_BLOCKING) {
			strbuf_addf(&blocking, "\n  %s: %s", x->text, why.buf);
			y->text = om_xstrdup(strrchr(blocking.buf, '\n') + 3);
		} else {
			y->text = om_xstrdup(x->text);
		}
		if (cls == OM_DRIFT_KEPT)
			keep(&c, x);
		if (x->kind == OM_DRIFT_NULL)
			mark_null_checks(&c, x);
		if (x->kind == OM_DRIFT_VERSION_ROW)
			om_strlist_addf(&p->warnings, "%s; it is rewritten", x->text);
		strbuf_release(&why);
		if (cls == OM_DRIFT_BLOCKING)
			rc = -1;
	}
	for (size_t i = 0; i < c.forced.n; i++)
		om_strlist_add(&p->warnings, c.forced.v[i]);
	om_strlist_release(&c.forced);
	if (rc)
		om_error_set(err, OM_EXIT_SCHEMA,
			     "the database differs from OpenSER %s in ways the upgrade cannot carry (nothing was changed):%s",
			     p->from->version, blocking.buf);
	strbuf_release(&blocking);
	return rc;
}
