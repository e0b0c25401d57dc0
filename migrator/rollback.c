/*
 * rollback.c: the rollback of the last in-place upgrade (rollback.h).
 * Like render.c it writes SQL only through the driver's dialect.
 */
#include "rollback.h"

#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "precheck.h"
#include "render.h"
#include "strbuf.h"

/* The temporary table of one table's decisions: each retained row, its 1.2 id, unchanged or not. */
#define RB_TABLE "openser_migrate_rb"
/* The rows changed since, in the old shape, while their old versions are deleted. */
#define RB_CHANGED "openser_migrate_rbc"

void om_rollback_init(struct om_rollback *rb)
{
	memset(rb, 0, sizeof(*rb));
	om_detect_init(&rb->view);
	om_plan_init(&rb->up);
	om_plan_init(&rb->down);
	om_strlist_init(&rb->vars);
	om_strlist_init(&rb->vrows);
	om_strlist_init(&rb->lines);
}

void om_rollback_release(struct om_rollback *rb)
{
	om_detect_release(&rb->view);
	om_plan_release(&rb->up);
	om_plan_release(&rb->down);
	om_strlist_release(&rb->vars);
	om_strlist_release(&rb->vrows);
	om_strlist_release(&rb->lines);
	free(rb->rows);
	rb->rows = NULL;
}

/* ---- planning ------------------------------------------------------------------------ */

/*
 * "HAS_SERWEB=unset(yes) STORE_PLAINTEXT_PW=unset ..." into name, value
 * pairs: a class option as it came out (yes), an unset map option left out.
 */
void om_rollback_options(const char *text, struct om_strlist *vars)
{
	const char *p = text ? text : "";

	while (*p) {
		size_t n = strcspn(p, " ");
		const char *eq = memchr(p, '=', n);

		if (eq && (strncmp(eq + 1, "unset", 5) || eq[6] == '(')) {
			char *name = om_xstrndup(p, (size_t)(eq - p));
			/* "unset(yes)": what the class option came to. */
			const char *v = strncmp(eq + 1, "unset(", 6) ? eq + 1 : eq + 7;
			size_t vlen = n - (size_t)(v - p) - (v == eq + 7);
			char *value = om_xstrndup(v, vlen);

			om_strlist_add(vars, name);
			om_strlist_add(vars, value);
			free(name);
			free(value);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
}

const char *om_rollback_getvar(const char *name, void *ud)
{
	const struct om_strlist *vars = ud;

	for (size_t i = 0; i + 1 < vars->n; i += 2)
		if (!strcmp(vars->v[i], name))
			return vars->v[i + 1];
	return NULL;
}

static int vrow_row(void *ud, int n, const char *const *v)
{
	struct om_strlist *l = ud;

	if (n >= 2 && v[0]) {
		om_strlist_add(l, v[0]);
		om_strlist_add(l, v[1] ? v[1] : "");
	}
	return 0;
}

/* The version rows upgrade `run` replaced (engines that keep no old version table). */
static int read_kept_vrows(struct om_rollback *rb, const struct om_driver *drv, struct om_conn *c,
			   const struct om_detect *live, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	strbuf_adds(&q, "SELECT ");
	drv->quote_ident(&q, "table_name");
	strbuf_adds(&q, ", ");
	drv->quote_ident(&q, "table_version");
	strbuf_adds(&q, " FROM ");
	if (rb->old_version) {
		/* The old version table, kept whole: all its rows. */
		rb->all_vrows = true;
		drv->quote_ident(&q, rb->old_version);
	} else if (om_strlist_has(&live->own, OM_VERSION_KEPT_TABLE)) {
		drv->quote_ident(&q, OM_VERSION_KEPT_TABLE);
		strbuf_adds(&q, " WHERE ");
		drv->quote_ident(&q, "run");
		strbuf_addf(&q, " = %lld", rb->run);
	} else {
		strbuf_release(&q);
		return 0;
	}
	rc = drv->query(c, q.buf, vrow_row, &rb->vrows, err);
	strbuf_release(&q);
	return rc;
}

static void remove_vrow(struct om_catalog *cat, const char *table)
{
	for (size_t i = 0; i < cat->nvrows; i++)
		if (!strcmp(cat->vrows[i].table, table)) {
			free(cat->vrows[i].table);
			memmove(&cat->vrows[i], &cat->vrows[i + 1], (cat->nvrows - i - 1) * sizeof(cat->vrows[0]));
			cat->nvrows--;
			return;
		}
}

/*
 * The catalog as the upgrade found it: each retained table (prefix "old11"
 * and '_' or '.') in place of the table it became, the tables it created
 * away, the replaced version rows back.
 */
static void make_view(struct om_catalog *cat, const char *prefix, const struct om_strlist *vrows, bool all,
		      const struct om_schema *from, const struct om_schema *to)
{
	size_t plen = strlen(prefix);
	struct om_strlist retained, created;

	om_strlist_init(&retained);
	om_strlist_init(&created);
	/* Tables only the new version has were created by the upgrade (one that found them would have refused). */
	for (size_t i = 0; i < cat->ntables; i++)
		if (om_schema_table(to, cat->tables[i].name) && !om_schema_table(from, cat->tables[i].name))
			om_strlist_add(&created, cat->tables[i].name);
	for (size_t i = 0; i < created.n; i++)
		om_catalog_remove_table(cat, created.v[i]);
	om_strlist_release(&created);
	for (size_t i = 0; i < cat->ntables; i++) {
		const char *name = cat->tables[i].name;

		if (!strncmp(name, prefix, plen) && (name[plen] == '_' || name[plen] == '.'))
			om_strlist_add(&retained, name);
	}
	for (size_t i = 0; i < retained.n; i++) {
		const char *base = retained.v[i] + plen + 1;
		struct om_ctable *t;

		/* The table the upgrade made of it gives its place back. */
		if (om_catalog_table(cat, base))
			om_catalog_remove_table(cat, base);
		t = om_catalog_table(cat, retained.v[i]);
		free(t->name);
		t->name = om_xstrdup(base);
	}
	om_strlist_release(&retained);
	while (all && cat->nvrows)
		remove_vrow(cat, cat->vrows[0].table);
	for (size_t i = 0; i + 1 < vrows->n; i += 2) {
		remove_vrow(cat, vrows->v[i]);
		if (*vrows->v[i + 1])
			om_catalog_add_vrow(cat, vrows->v[i], atoi(vrows->v[i + 1]));
	}
}

static bool every_class(const char *cls, void *ud)
{
	(void)cls;
	(void)ud;
	return true;
}

static bool has_index(const struct om_ctable *t, const char *name)
{
	for (size_t i = 0; t && i < t->nidx; i++)
		if (!strcmp(t->idx[i].name, name))
			return true;
	return false;
}

static void copy_index(struct om_ctable *to, const struct om_cindex *ix)
{
	struct om_cindex *n = om_ctable_add_index(to, ix->name, ix->kind);

	for (size_t k = 0; k < ix->ncols; k++)
		om_cindex_add_col(n, ix->cols[k]);
}

/*
 * Where index names are global and old tables are renamed (SQLite), the
 * upgrade dropped the retained tables' indexes to free their names: put
 * them back into the view, those of the old version's table and the
 * operator's own ones the 1.2 table carries (any index of it that version
 * `to` does not have).
 */
static void restore_dropped_indexes(struct om_catalog *view, const struct om_catalog *live, const char *prefix,
				    const struct om_schema *from, const struct om_schema *to, const struct om_driver *drv)
{
	size_t plen = strlen(prefix);

	if (drv->retained_schema || drv->switch_tables)
		return;
	for (size_t i = 0; i < live->ntables; i++) {
		const struct om_ctable *r = &live->tables[i];
		const char *base;
		const struct om_ctable *now;
		struct om_ctable *v;
		const struct om_table *old, *new;
		struct om_catalog exp_old, exp_new;

		/* Only the retained tables, prefix_<name>: base is read after that is known. */
		if (strncmp(r->name, prefix, plen) || r->name[plen] != '_')
			continue;
		base = r->name + plen + 1;
		now = om_catalog_table(live, base);
		v = om_catalog_table(view, base);
		old = om_schema_table(from, base);
		new = om_schema_table(to, base);
		if (!v)
			continue;
		om_catalog_init(&exp_old);
		om_catalog_init(&exp_new);
		if (old)
			drv->expected_table(old, every_class, NULL, &exp_old);
		if (new)
			drv->expected_table(new, every_class, NULL, &exp_new);
		for (size_t t = 0; t < exp_old.ntables; t++)
			for (size_t k = 0; k < exp_old.tables[t].nidx; k++)
				if (exp_old.tables[t].idx[k].kind != OM_KEY_PRIMARY &&
				    !has_index(v, exp_old.tables[t].idx[k].name))
					copy_index(v, &exp_old.tables[t].idx[k]);
		for (size_t k = 0; now && k < now->nidx; k++)
			if (now->idx[k].kind != OM_KEY_PRIMARY && !has_index(v, now->idx[k].name) &&
			    !has_index(exp_new.ntables ? &exp_new.tables[0] : NULL, now->idx[k].name))
				copy_index(v, &now->idx[k]);
		om_catalog_release(&exp_old);
		om_catalog_release(&exp_new);
	}
}

/* The view: read the catalog again, made as the upgrade found it, and detected. */
static int detect_view(struct om_rollback *rb, const struct om_planset *ps, const struct om_driver *drv,
		       struct om_conn *c, const char *prefix, const struct om_schema *from, const struct om_schema *to,
		       struct om_error *err)
{
	struct om_catalog live, view;

	om_catalog_init(&live);
	om_catalog_init(&view);
	if (drv->introspect(c, NULL, &live, err) || drv->introspect(c, NULL, &view, err)) {
		om_catalog_release(&live);
		om_catalog_release(&view);
		return -1;
	}
	make_view(&view, prefix, &rb->vrows, rb->all_vrows, from, to);
	restore_dropped_indexes(&view, &live, prefix, from, to, drv);
	om_catalog_release(&live);
	return om_detect_run(&rb->view, ps, drv, &view, err);
}

/* The plan options of a rollback's two plans: the upgrade's recorded options, no refusals. */
static void plan_opts(struct om_rollback *rb, struct om_plan_opts *po, bool rollback)
{
	memset(po, 0, sizeof(*po));
	po->mode = OM_MODE_INPLACE;
	po->force = true;
	po->getvar = om_rollback_getvar;
	po->ud = &rb->vars;
	po->rollback = rollback;
}

/* "1.1" and "1.2" of plan id "1.1->1.2". */
static int plan_versions(const char *plan_id, char *from, char *to, size_t n, struct om_error *err)
{
	const char *arrow = strstr(plan_id, "->");

	if (!arrow || (size_t)(arrow - plan_id) >= n || strlen(arrow + 2) >= n)
		return om_error_set(err, OM_EXIT_SCHEMA, "the history names an unknown plan \"%s\"", plan_id);
	memcpy(from, plan_id, (size_t)(arrow - plan_id));
	from[arrow - plan_id] = '\0';
	snprintf(to, n, "%s", arrow + 2);
	return 0;
}

/* The rows of each table the upgrade rebuilt, as they are now. */
static int count_rows(struct om_rollback *rb, const struct om_driver *drv, struct om_conn *c, struct om_error *err)
{
	rb->rows = om_xcalloc(rb->up.nsteps ? rb->up.nsteps : 1, sizeof(*rb->rows));
	for (size_t i = 0; i < rb->up.nsteps; i++) {
		if (rb->up.steps[i].kind != OM_STEP_REBUILD)
			continue;
		if (om_count_rows(drv, c, rb->up.steps[i].target->name, &rb->rows[i], err))
			return -1;
	}
	return 0;
}

int om_rollback_plan(struct om_rollback *rb, const struct om_planset *ps, const struct om_driver *drv,
		     struct om_conn *c, const struct om_history *h, const struct om_detect *live,
		     struct om_error *err)
{
	struct om_plan_opts po;
	char from[32], to[32];
	struct strbuf prefix = STRBUF_INIT;
	int rc = -1;

	rb->run = h->upgrade_id;
	om_rollback_options(h->upgrade_options, &rb->vars);
	if (plan_versions(h->upgrade_plan, from, to, sizeof(from), err))
		return -1;
	if (!live->schema || strcmp(live->schema->version, to))
		return om_error_set(err, OM_EXIT_SCHEMA,
				    "the last upgrade (history run #%lld) went to OpenSER %s, but the database is at %s",
				    rb->run, to, live->schema ? live->schema->version : "no known version");
	strbuf_adds(&prefix, "old");
	for (const char *v = from; *v; v++)
		if (*v >= '0' && *v <= '9')
			strbuf_addch(&prefix, *v);
	/* Engines that switch tables keep the old version table whole (old11_version). */
	for (size_t i = 0; i < live->retained.n; i++)
		if (!strncmp(live->retained.v[i], prefix.buf, prefix.len) &&
		    !strcmp(live->retained.v[i] + prefix.len, "_version"))
			rb->old_version = live->retained.v[i];
	if (read_kept_vrows(rb, drv, c, live, err) ||
	    detect_view(rb, ps, drv, c, prefix.buf, om_planset_schema(ps, from), om_planset_schema(ps, to), err))
		goto out;
	if (!rb->view.schema || strcmp(rb->view.schema->version, from)) {
		om_error_set(err, OM_EXIT_SCHEMA, "the retained tables (%s_*) are not the OpenSER %s tables the upgrade "
			     "kept", prefix.buf, from);
		goto out;
	}
	plan_opts(rb, &po, false);
	if (om_plan_build(&rb->up, ps, &rb->view, to, &po, drv, err))
		goto out;
	if (strcmp(rb->up.checksum, h->upgrade_checksum)) {
		om_error_set(err, OM_EXIT_SCHEMA, "the plans changed since the upgrade (history run #%lld) ran: restore "
			     "the plans it used before rolling it back", rb->run);
		goto out;
	}
	plan_opts(rb, &po, true);
	if (om_plan_build(&rb->down, ps, live, from, &po, drv, err) || count_rows(rb, drv, c, err))
		goto out;

	rc = 0;
out:
	strbuf_release(&prefix);
	return rc;
}

/* ---- the statements ------------------------------------------------------------------ */

static const struct om_column *id_column(const struct om_table *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i].autoinc)
			return &t->cols[i];
	return NULL;
}

static const struct om_colmap *colmap_of(const struct om_step *st, const char *col)
{
	for (size_t i = 0; st && i < st->ncols; i++)
		if (!strcmp(st->cols[i].col->name, col))
			return &st->cols[i];
	return NULL;
}

static const struct om_step *step_for(const struct om_plan *p, const char *table)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (!strcmp(p->steps[i].target->name, table))
			return &p->steps[i];
	return NULL;
}

/* What rendering one table's rollback needs. */
struct rtable {
	const struct om_rollback *rb;
	const struct om_driver *drv;
	struct om_conn *c;
	struct om_script *s;
	const struct om_step *up, *down;
	const struct om_ctable *old;   /* the retained table's columns (the view's) */
	const char *id;                /* the 1.2 id column */
};

static void add_ident(struct strbuf *sb, const struct rtable *t, const char *alias, const char *name)
{
	if (alias)
		strbuf_addf(sb, "%s.", alias);
	t->drv->quote_ident(sb, name);
}

/*
 * Each retained row's 1.2 id (om_k) and, as om_u<j>, the value the upgrade
 * gave each other column of it; om_rid names the row.
 */
static void numbered(struct strbuf *sb, const struct rtable *t)
{
	const struct om_colmap *idm = colmap_of(t->up, t->id);

	/* Without a row id (MySQL) the whole row goes along. */
	if (t->drv->row_id)
		strbuf_addf(sb, "SELECT %s AS om_rid, ", t->drv->row_id);
	else
		strbuf_adds(sb, "SELECT o.*, ");
	if (idm && idm->expr) {
		om_render_value(sb, &t->rb->up, t->c, idm);
	} else {
		strbuf_adds(sb, "ROW_NUMBER() OVER (");
		if (t->up->order.n || t->drv->row_id)
			strbuf_adds(sb, "ORDER BY ");
		for (size_t i = 0; i < t->up->order.n; i++) {
			if (i)
				strbuf_adds(sb, ", ");
			om_render_order_key(sb, t->drv, t->up, t->up->order.v[i]);
		}
		/* An upgrade that followed the scan order: the row id's. */
		if (!t->up->order.n && t->drv->row_id)
			strbuf_adds(sb, t->drv->row_id);
		strbuf_adds(sb, ")");
	}
	strbuf_adds(sb, " AS om_k");
	for (size_t j = 0; j < t->up->ncols; j++) {
		const struct om_colmap *m = &t->up->cols[j];

		if (!m->expr || !strcmp(m->col->name, t->id))
			continue;
		strbuf_adds(sb, ", ");
		om_render_value(sb, &t->rb->up, t->c, m);
		strbuf_addf(sb, " AS om_u%zu", j);
	}
	strbuf_adds(sb, " FROM ");
	t->drv->quote_ident(sb, t->up->retained);
	strbuf_adds(sb, " o");
}

/* " AND <same>..." for each column the upgrade wrote but the id: the 1.2 row t is the retained row n's image. */
static void add_sames(struct strbuf *sb, const struct rtable *t)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	for (size_t j = 0; j < t->up->ncols; j++) {
		const struct om_colmap *m = &t->up->cols[j];

		if (!m->expr || !strcmp(m->col->name, t->id))
			continue;
		strbuf_reset(&a);
		strbuf_reset(&b);
		add_ident(&a, t, "t", m->col->name);
		strbuf_addf(&b, "n.om_u%zu", j);
		strbuf_adds(sb, " AND ");
		t->drv->same(sb, a.buf, b.buf);
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

/* The decisions: each retained row, its 1.2 id, and whether its 1.2 row is there unchanged. */
static void decide(const struct rtable *t)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "CREATE TEMP TABLE ");
	t->drv->quote_ident(&sb, RB_TABLE);
	strbuf_adds(&sb, " AS SELECT n.om_rid, n.om_k, CASE WHEN ");
	add_ident(&sb, t, "t", t->id);
	strbuf_adds(&sb, " IS NOT NULL");
	add_sames(&sb, t);
	strbuf_adds(&sb, " THEN 1 ELSE 0 END AS om_same\nFROM (");
	numbered(&sb, t);
	strbuf_adds(&sb, ") n\nLEFT JOIN ");
	t->drv->quote_ident(&sb, t->up->target->name);
	strbuf_adds(&sb, " t ON ");
	add_ident(&sb, t, "t", t->id);
	strbuf_adds(&sb, " = n.om_k");
	om_script_take(t->s, OM_STMT_SQL, &sb);
}

/*
 * The down value of retained column col, or NULL when 1.2 has nothing for
 * it; for a changed row (with_old) also NULL where the map writes it for
 * new rows only (for_new): the retained row has it.
 */
static const struct om_colmap *down_value(const struct rtable *t, const char *col, bool with_old)
{
	const struct om_colmap *m = colmap_of(t->down, col);

	if (!m || !m->expr)
		return NULL;
	if (with_old && m->expr->kind == OM_EXPR_CALL && m->expr->fn == OM_FN_for_new)
		return NULL;
	return m;
}

/*
 * Rows changed since (with_old: their retained row fills what 1.2 lacks)
 * or written since (without: those columns take their defaults), in the
 * old shape, into the retained table.
 */
static void bring_down(const struct rtable *t, bool with_old)
{
	struct strbuf sb = STRBUF_INIT, cols = STRBUF_INIT, vals = STRBUF_INIT, inner = STRBUF_INIT;
	size_t nfill = 0;

	for (size_t k = 0; k < t->old->ncols; k++) {
		const char *col = t->old->cols[k].name;
		const struct om_colmap *m = down_value(t, col, with_old);

		if (!m && !with_old)
			continue;
		strbuf_adds(&cols, cols.len ? ", " : "");
		t->drv->quote_ident(&cols, col);
		strbuf_adds(&vals, vals.len ? ", " : "");
		if (m) {
			om_render_value(&vals, &t->rb->down, t->c, m);
		} else {
			strbuf_addf(&vals, "om_f%zu", nfill);
			strbuf_adds(&inner, ", ");
			add_ident(&inner, t, "o", col);
			strbuf_addf(&inner, " AS om_f%zu", nfill++);
		}
		strbuf_adds(&vals, " AS ");
		t->drv->quote_ident(&vals, col);
	}
	if (!cols.len)
		goto out;
	/* Changed rows wait aside until their old versions are deleted (they share their keys). */
	if (with_old) {
		strbuf_adds(&sb, "CREATE TEMP TABLE ");
		t->drv->quote_ident(&sb, RB_CHANGED);
		strbuf_adds(&sb, " AS");
	} else {
		strbuf_adds(&sb, "INSERT INTO ");
		t->drv->quote_ident(&sb, t->up->retained);
		strbuf_addf(&sb, " (%s)", cols.buf);
	}
	strbuf_addf(&sb, "\nSELECT %s\nFROM ", vals.buf);
	if (with_old) {
		strbuf_addf(&sb, "(SELECT t.*%s FROM ", inner.buf);
		t->drv->quote_ident(&sb, t->up->target->name);
		strbuf_adds(&sb, " t JOIN ");
		t->drv->quote_ident(&sb, RB_TABLE);
		strbuf_adds(&sb, " b ON b.om_k = ");
		add_ident(&sb, t, "t", t->id);
		strbuf_adds(&sb, " AND b.om_same = 0 JOIN ");
		t->drv->quote_ident(&sb, t->up->retained);
		strbuf_addf(&sb, " o ON o.%s = b.om_rid) x", t->drv->row_id);
	} else {
		t->drv->quote_ident(&sb, t->up->target->name);
		strbuf_adds(&sb, "\nWHERE NOT EXISTS (SELECT 1 FROM ");
		t->drv->quote_ident(&sb, RB_TABLE);
		strbuf_adds(&sb, " b WHERE b.om_k = ");
		t->drv->quote_ident(&sb, t->up->target->name);
		strbuf_addch(&sb, '.');
		t->drv->quote_ident(&sb, t->id);
		strbuf_addch(&sb, ')');
	}
	om_script_take(t->s, OM_STMT_SQL, &sb);
out:
	strbuf_release(&cols);
	strbuf_release(&vals);
	strbuf_release(&inner);
	strbuf_release(&sb);
}

static void add_sql(const struct rtable *t, struct strbuf *sb)
{
	om_script_take(t->s, OM_STMT_SQL, sb);
}

/* The indexes the upgrade dropped from the retained table (SQLite), built again. */
static void rebuild_indexes(const struct rtable *t)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < t->up->drop_indexes.n; i++) {
		const char *name = t->up->drop_indexes.v[i];

		if (t->drv->retained_schema || t->drv->switch_tables || !strncmp(name, "sqlite_autoindex_", 17))
			continue;
		for (size_t k = 0; k < t->old->nidx; k++) {
			const struct om_cindex *ix = &t->old->idx[k];

			if (strcmp(ix->name, name))
				continue;
			strbuf_addf(&sb, "CREATE %sINDEX ", ix->kind == OM_KEY_UNIQUE ? "UNIQUE " : "");
			t->drv->quote_ident(&sb, name);
			strbuf_adds(&sb, " ON ");
			t->drv->quote_ident(&sb, t->up->target->name);
			strbuf_adds(&sb, " (");
			for (size_t j = 0; j < ix->ncols; j++) {
				if (j)
					strbuf_adds(&sb, ", ");
				t->drv->quote_ident(&sb, ix->cols[j]);
			}
			strbuf_addch(&sb, ')');
			add_sql(t, &sb);
		}
	}
	strbuf_release(&sb);
}

/*
 * Ids the rollback wrote into a serial column move its sequence past them
 * (never back); a sequence no written row needs is left as it was.
 */
static void sync_written(const struct rtable *t)
{
	struct strbuf sb = STRBUF_INIT, where = STRBUF_INIT;

	strbuf_addf(&where, "%s NOT IN (SELECT om_rid FROM ", t->drv->row_id);
	t->drv->quote_ident(&where, RB_TABLE);
	strbuf_adds(&where, " WHERE om_same = 1)");
	for (size_t k = 0; t->drv->sync_serial_where && t->down && k < t->down->ncols; k++) {
		const struct om_colmap *m = &t->down->cols[k];

		if (m->col->autoinc && m->expr) {
			t->drv->sync_serial_where(&sb, t->up->retained, m->col->name, where.buf);
			add_sql(t, &sb);
		}
	}
	strbuf_release(&where);
	strbuf_release(&sb);
}

/* One rebuilt table back: decide, bring rows down, drop the rest, take the name back. */
static void render_table(const struct rtable *t)
{
	struct strbuf sb = STRBUF_INIT;
	struct om_strlist l, before, after;
	const char *name = t->up->target->name;

	strbuf_addf(&sb, "-- %s: back from %s; unchanged rows exactly as they were", name, t->up->retained);
	om_script_take(t->s, OM_STMT_COMMENT, &sb);
	om_strlist_init(&before);
	om_strlist_init(&after);
	if (t->drv->keep_counter)
		t->drv->keep_counter(t->c, t->up->retained, &before, &after);
	for (size_t i = 0; i < before.n; i++)
		om_script_add(t->s, OM_STMT_SQL, before.v[i]);
	decide(t);
	bring_down(t, true);
	strbuf_adds(&sb, "DELETE FROM ");
	t->drv->quote_ident(&sb, t->up->retained);
	strbuf_addf(&sb, " WHERE %s IN (SELECT om_rid FROM ", t->drv->row_id);
	t->drv->quote_ident(&sb, RB_TABLE);
	strbuf_adds(&sb, " WHERE om_same = 0)");
	add_sql(t, &sb);
	strbuf_adds(&sb, "INSERT INTO ");
	t->drv->quote_ident(&sb, t->up->retained);
	strbuf_adds(&sb, " SELECT * FROM ");
	t->drv->quote_ident(&sb, RB_CHANGED);
	add_sql(t, &sb);
	bring_down(t, false);
	sync_written(t);
	for (size_t i = 0; i < after.n; i++)
		om_script_add(t->s, OM_STMT_SQL, after.v[i]);
	om_strlist_release(&before);
	om_strlist_release(&after);
	for (int k = 0; k < 2; k++) {
		strbuf_adds(&sb, "DROP TABLE ");
		t->drv->quote_ident(&sb, k ? RB_CHANGED : RB_TABLE);
		add_sql(t, &sb);
	}
	strbuf_adds(&sb, "DROP TABLE ");
	t->drv->quote_ident(&sb, name);
	add_sql(t, &sb);
	om_strlist_init(&l);
	t->drv->restore_table(t->c, t->up->retained, name, &l);
	for (size_t i = 0; i < l.n; i++)
		om_script_add(t->s, OM_STMT_SQL, l.v[i]);
	om_strlist_release(&l);
	rebuild_indexes(t);
	om_script_mark(t->s, name);
	strbuf_release(&sb);
}

/* ---- engines whose DDL commits at once (MySQL): shadows and one switch ----------------- */

#define GONE_PREFIX OM_OWN_PREFIX "gone_"

/* The retained table's columns, quoted and comma-separated (alias.col when alias). */
static void old_columns(struct strbuf *sb, const struct rtable *t, const char *alias)
{
	for (size_t k = 0; k < t->old->ncols; k++) {
		if (k)
			strbuf_adds(sb, ", ");
		add_ident(sb, t, alias, t->old->cols[k].name);
	}
}

/*
 * Changed rows (with_old: what 1.2 lacks from their retained row in n) or
 * new ones (without: at their defaults), in the old shape, into the shadow.
 */
static void shadow_down(const struct rtable *t, const char *shadow, const char *n, bool with_old)
{
	struct strbuf sb = STRBUF_INIT, cols = STRBUF_INIT, vals = STRBUF_INIT, inner = STRBUF_INIT;
	size_t nfill = 0;

	for (size_t k = 0; k < t->old->ncols; k++) {
		const char *col = t->old->cols[k].name;
		const struct om_colmap *m = down_value(t, col, with_old);

		if (!m && !with_old)
			continue;
		strbuf_adds(&cols, cols.len ? ", " : "");
		t->drv->quote_ident(&cols, col);
		strbuf_adds(&vals, vals.len ? ", " : "");
		if (m) {
			om_render_value(&vals, &t->rb->down, t->c, m);
		} else {
			strbuf_addf(&vals, "om_f%zu", nfill);
			strbuf_adds(&inner, ", ");
			add_ident(&inner, t, "n", col);
			strbuf_addf(&inner, " AS om_f%zu", nfill++);
		}
	}
	if (!cols.len)
		goto out;
	strbuf_adds(&sb, "INSERT INTO ");
	t->drv->quote_ident(&sb, shadow);
	strbuf_addf(&sb, " (%s)\nSELECT %s\nFROM ", cols.buf, vals.buf);
	if (with_old) {
		strbuf_addf(&sb, "(SELECT t.*%s FROM ", inner.buf);
		t->drv->quote_ident(&sb, t->up->target->name);
		strbuf_addf(&sb, " t JOIN (%s) n ON ", n);
		add_ident(&sb, t, "t", t->id);
		strbuf_adds(&sb, " = n.om_k WHERE NOT (1 = 1");
		add_sames(&sb, t);
		strbuf_adds(&sb, ")) x");
	} else {
		t->drv->quote_ident(&sb, t->up->target->name);
		strbuf_addf(&sb, " t LEFT JOIN (SELECT om_k FROM (%s) n0) n ON n.om_k = ", n);
		add_ident(&sb, t, "t", t->id);
		strbuf_adds(&sb, " WHERE n.om_k IS NULL");
	}
	om_script_take(t->s, OM_STMT_SQL, &sb);
out:
	strbuf_release(&cols);
	strbuf_release(&vals);
	strbuf_release(&inner);
	strbuf_release(&sb);
}

/*
 * The rows of one table in its 1.1 shape, into a shadow built exactly like
 * the retained table: unchanged rows as they were, changed and new ones
 * brought down (the retained table itself is left as it is).
 */
static void shadow_rows(const struct rtable *t, const char *shadow)
{
	struct strbuf sb = STRBUF_INIT, n = STRBUF_INIT, cols = STRBUF_INIT;

	numbered(&n, t);
	old_columns(&cols, t, NULL);
	strbuf_adds(&sb, "INSERT INTO ");
	t->drv->quote_ident(&sb, shadow);
	strbuf_addf(&sb, " (%s)\nSELECT ", cols.buf);
	old_columns(&sb, t, "n");
	strbuf_addf(&sb, "\nFROM (%s) n JOIN ", n.buf);
	t->drv->quote_ident(&sb, t->up->target->name);
	strbuf_adds(&sb, " t ON ");
	add_ident(&sb, t, "t", t->id);
	strbuf_adds(&sb, " = n.om_k WHERE 1 = 1");
	add_sames(&sb, t);
	om_script_take(t->s, OM_STMT_SQL, &sb);
	shadow_down(t, shadow, n.buf, true);
	shadow_down(t, shadow, n.buf, false);
	strbuf_release(&n);
	strbuf_release(&cols);
}

static void shadow_table(const struct rtable *t)
{
	struct strbuf sb = STRBUF_INIT, shadow = STRBUF_INIT;

	strbuf_addf(&shadow, "%s%s", OM_SHADOW_PREFIX, t->up->target->name);
	strbuf_addf(&sb, "-- %s: built back as %s from %s; unchanged rows exactly as they were", t->up->target->name,
		    shadow.buf, t->up->retained);
	om_script_take(t->s, OM_STMT_COMMENT, &sb);
	strbuf_adds(&sb, "DROP TABLE IF EXISTS ");
	t->drv->quote_ident(&sb, shadow.buf);
	om_script_take(t->s, OM_STMT_SQL, &sb);
	t->drv->create_like(&sb, shadow.buf, t->up->retained);
	om_script_take(t->s, OM_STMT_SQL, &sb);
	shadow_rows(t, shadow.buf);
	om_script_mark(t->s, t->up->target->name);
	strbuf_release(&shadow);
	strbuf_release(&sb);
}

/*
 * The one switch: each shadow in, each 1.2 table and each table the
 * upgrade created out (then dropped), the retained version table back;
 * then the retained tables, consumed, are dropped.
 */
static void render_switch(struct om_script *s, const struct om_rollback *rb, const struct om_driver *drv,
			  const char *old_version, char **last)
{
	struct om_rename *pairs = om_xcalloc(2 * rb->up.nsteps + 2, sizeof(*pairs));
	struct om_strlist names;
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;

	om_strlist_init(&names);
	for (size_t i = 0; i < rb->up.nsteps; i++) {
		const char *name = rb->up.steps[i].target->name;

		om_strlist_addf(&names, "%s%s", GONE_PREFIX, name);
		om_strlist_addf(&names, "%s%s", OM_SHADOW_PREFIX, name);
	}
	for (size_t i = 0; i < rb->up.nsteps; i++) {
		pairs[n].from = rb->up.steps[i].target->name;
		pairs[n++].to = names.v[2 * i];
		if (rb->up.steps[i].kind != OM_STEP_REBUILD)
			continue;
		pairs[n].from = names.v[2 * i + 1];
		pairs[n++].to = rb->up.steps[i].target->name;
	}
	if (old_version) {
		pairs[n].from = "version";
		pairs[n++].to = GONE_PREFIX "version";
		pairs[n].from = old_version;
		pairs[n++].to = "version";
	}
	om_script_add(s, OM_STMT_COMMENT, "-- the switch: one statement, atomic");
	drv->switch_tables(&sb, pairs, n);
	om_script_take(s, OM_STMT_SWITCH, &sb);
	om_script_mark(s, "switch");
	/*
	 * The retained tables first, then what the switch set aside but one
	 * table, which goes after the history row: until the history says
	 * "rolled back", a set-aside table tells a rerun that this rollback
	 * switched (om_rollback_finish_switched).
	 */
	for (size_t i = 0; i < rb->up.nsteps; i++)
		if (rb->up.steps[i].kind == OM_STEP_REBUILD) {
			strbuf_adds(&sb, "DROP TABLE ");
			drv->quote_ident(&sb, rb->up.steps[i].retained);
			om_script_take(s, OM_STMT_SQL, &sb);
		}
	for (size_t i = 0; i < n; i++)
		if (!strncmp(pairs[i].to, GONE_PREFIX, strlen(GONE_PREFIX))) {
			if (!*last) {
				*last = om_xstrdup(pairs[i].to);
				continue;
			}
			strbuf_adds(&sb, "DROP TABLE ");
			drv->quote_ident(&sb, pairs[i].to);
			om_script_take(s, OM_STMT_SQL, &sb);
		}
	om_strlist_release(&names);
	strbuf_release(&sb);
	free(pairs);
}

/* The version rows the upgrade replaced, back (engines that kept them as rows). */
static void render_vrows(struct om_script *s, const struct om_rollback *rb, const struct om_driver *drv,
			 struct om_conn *c)
{
	struct strbuf sb = STRBUF_INIT;

	if (!rb->vrows.n)
		return;
	om_script_add(s, OM_STMT_COMMENT, "-- version rows: the ones the upgrade replaced");
	strbuf_adds(&sb, "DELETE FROM ");
	drv->quote_ident(&sb, "version");
	strbuf_adds(&sb, " WHERE ");
	drv->quote_ident(&sb, "table_name");
	strbuf_adds(&sb, " IN (");
	for (size_t i = 0; i + 1 < rb->vrows.n; i += 2) {
		if (i)
			strbuf_adds(&sb, ", ");
		drv->quote_string(c, &sb, rb->vrows.v[i]);
	}
	strbuf_addch(&sb, ')');
	om_script_take(s, OM_STMT_SQL, &sb);
	strbuf_adds(&sb, "INSERT INTO ");
	drv->quote_ident(&sb, "version");
	strbuf_adds(&sb, " (");
	drv->quote_ident(&sb, "table_name");
	strbuf_adds(&sb, ", ");
	drv->quote_ident(&sb, "table_version");
	strbuf_adds(&sb, ") SELECT ");
	drv->quote_ident(&sb, "table_name");
	strbuf_adds(&sb, ", ");
	drv->quote_ident(&sb, "table_version");
	strbuf_adds(&sb, " FROM ");
	drv->quote_ident(&sb, OM_VERSION_KEPT_TABLE);
	strbuf_adds(&sb, " WHERE ");
	drv->quote_ident(&sb, "run");
	strbuf_addf(&sb, " = %lld AND ", rb->run);
	drv->quote_ident(&sb, "table_version");
	strbuf_adds(&sb, " IS NOT NULL");
	om_script_take(s, OM_STMT_SQL, &sb);
	om_script_mark(s, "version");
}

/* The rollback's own history row, and the upgrade's marked as rolled back. */
/* The rollback's own history row (plan and checksum of the way down), and the upgrade marked as rolled back. */
static void history_rows(struct om_script *s, const struct om_driver *drv, struct om_conn *c, long long id,
			 const char *plan_id, const char *checksum, const char *options, const char *started,
			 long long run)
{
	static const char *const cols[] = { "id", "plan", "checksum", "engine", "command", "options", "tool",
					    "started", "finished", "status" };
	const char *vals[] = { plan_id, checksum, drv->name, "rollback", options ? options : "",
			       "openser-migrate " OM_VERSION, started, started, "done" };
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "INSERT INTO ");
	drv->quote_ident(&sb, OM_HISTORY_TABLE);
	strbuf_adds(&sb, " (");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		if (i)
			strbuf_adds(&sb, ", ");
		drv->quote_ident(&sb, cols[i]);
	}
	strbuf_addf(&sb, ") VALUES (%lld", id);
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		strbuf_adds(&sb, ", ");
		drv->quote_string(c, &sb, vals[i]);
	}
	strbuf_addch(&sb, ')');
	om_script_take(s, OM_STMT_SQL, &sb);
	strbuf_adds(&sb, "UPDATE ");
	drv->quote_ident(&sb, OM_HISTORY_TABLE);
	strbuf_adds(&sb, " SET ");
	drv->quote_ident(&sb, "status");
	strbuf_adds(&sb, " = 'rolled back' WHERE ");
	drv->quote_ident(&sb, "id");
	strbuf_addf(&sb, " = %lld", run);
	om_script_take(s, OM_STMT_SQL, &sb);
	om_script_mark(s, "history");
}

static void render_history(struct om_script *s, const struct om_rollback *rb, const struct om_driver *drv,
			   struct om_conn *c, long long id)
{
	history_rows(s, drv, c, id, rb->down.plan_id, rb->down.checksum, rb->up.options_text, rb->down.started,
		     rb->run);
}

/* The retained-table prefix of version `from`: "old" and its digits ("old11"). */
static void retained_prefix(struct strbuf *sb, const char *from)
{
	strbuf_adds(sb, "old");
	for (const char *v = from; *v; v++)
		if (*v >= '0' && *v <= '9')
			strbuf_addch(sb, *v);
	strbuf_addch(sb, '_');
}

int om_rollback_finish_switched(struct om_script *s, const struct om_planset *ps, const struct om_driver *drv,
				struct om_conn *c, const struct om_history *h, const struct om_detect *live,
				long long history_id, struct om_strlist *info, struct om_error *err)
{
	char from[32], to[32], plan_id[70], checksum[65] = "", started[32];
	struct strbuf sb = STRBUF_INIT, prefix = STRBUF_INIT;
	bool gone = false;
	time_t now = time(NULL);
	struct tm tm;

	if (!drv->switch_tables || plan_versions(h->upgrade_plan, from, to, sizeof(from), err))
		return 1;
	for (size_t i = 0; i < live->own.n; i++)
		if (!strncmp(live->own.v[i], GONE_PREFIX, strlen(GONE_PREFIX)))
			gone = true;
	if (!gone || !live->schema || strcmp(live->schema->version, from))
		return 1;
	snprintf(plan_id, sizeof(plan_id), "%s->%s", to, from);
	om_planset_checksum(ps, plan_id, checksum);
	gmtime_r(&now, &tm);
	strftime(started, sizeof(started), "%Y-%m-%d %H:%M:%S", &tm);
	retained_prefix(&prefix, from);
	om_script_add(s, OM_STMT_COMMENT, "-- a rollback switched the database back, then stopped: what it set aside goes");
	for (size_t i = 0; i < live->own.n; i++)
		if (!strncmp(live->own.v[i], GONE_PREFIX, strlen(GONE_PREFIX))) {
			strbuf_adds(&sb, "DROP TABLE ");
			drv->quote_ident(&sb, live->own.v[i]);
			om_script_take(s, OM_STMT_SQL, &sb);
			om_strlist_addf(info, "  %s: dropped (the 1.2 table the rollback set aside)", live->own.v[i]);
		}
	for (size_t i = 0; i < live->retained.n; i++)
		if (!strncmp(live->retained.v[i], prefix.buf, prefix.len)) {
			strbuf_adds(&sb, "DROP TABLE ");
			drv->quote_ident(&sb, live->retained.v[i]);
			om_script_take(s, OM_STMT_SQL, &sb);
			om_strlist_addf(info, "  %s: dropped (the rollback brought its rows back)", live->retained.v[i]);
		}
	history_rows(s, drv, c, history_id, plan_id, checksum, h->upgrade_options, started, h->upgrade_id);
	strbuf_release(&sb);
	strbuf_release(&prefix);
	(void)err;
	return 0;
}

void om_rollback_render(struct om_script *s, const struct om_rollback *rb, const struct om_driver *drv,
			struct om_conn *c, long long history_id)
{
	struct strbuf sb = STRBUF_INIT;
	char *last = NULL;

	for (size_t i = 0; i < rb->up.nsteps; i++) {
		const struct om_step *st = &rb->up.steps[i];
		struct rtable t = { rb, drv, c, s, st, NULL, NULL, NULL };
		const struct om_column *idc = id_column(st->target);

		if (st->kind == OM_STEP_CREATE && drv->switch_tables)
			continue;
		if (st->kind == OM_STEP_CREATE) {
			strbuf_addf(&sb, "-- %s: created by the upgrade, dropped", st->target->name);
			om_script_take(s, OM_STMT_COMMENT, &sb);
			strbuf_adds(&sb, "DROP TABLE ");
			drv->quote_ident(&sb, st->target->name);
			om_script_take(s, OM_STMT_SQL, &sb);
			om_script_mark(s, st->target->name);
			continue;
		}
		t.down = step_for(&rb->down, st->source);
		t.old = om_catalog_table(&rb->view.live, st->source);
		t.id = idc ? idc->name : NULL;
		if (t.old && t.id && drv->switch_tables)
			shadow_table(&t);
		else if (t.old && t.id)
			render_table(&t);
	}
	if (drv->switch_tables)
		render_switch(s, rb, drv, rb->old_version, &last);
	else
		render_vrows(s, rb, drv, c);
	render_history(s, rb, drv, c, history_id);
	if (last) {
		strbuf_adds(&sb, "DROP TABLE ");
		drv->quote_ident(&sb, last);
		om_script_take(s, OM_STMT_SQL, &sb);
		free(last);
	}
	strbuf_release(&sb);
}

/* ---- verification -------------------------------------------------------------------- */

/* Each table (prefix + name) has as many rows as its 1.2 table had. */
static int check_rows(const struct om_rollback *rb, const struct om_driver *drv, struct om_conn *c, const char *prefix,
		      struct om_error *err)
{
	for (size_t i = 0; i < rb->up.nsteps; i++) {
		const struct om_step *st = &rb->up.steps[i];
		struct strbuf name = STRBUF_INIT;
		long long n = -1;
		int rc;

		if (st->kind != OM_STEP_REBUILD)
			continue;
		strbuf_addf(&name, "%s%s", prefix, st->source);
		rc = om_count_rows(drv, c, name.buf, &n, err);
		strbuf_release(&name);
		if (rc)
			return -1;
		if (n != rb->rows[i])
			return om_error_set(err, OM_EXIT_FAILED,
					    "rollback verification failed: %s has %lld rows, its 1.2 table had %lld",
					    st->source, n, rb->rows[i]);
	}
	return 0;
}

int om_rollback_check_shadows(const struct om_rollback *rb, const struct om_driver *drv, struct om_conn *c,
			      struct om_error *err)
{
	return check_rows(rb, drv, c, OM_SHADOW_PREFIX, err);
}

int om_rollback_verify(const struct om_rollback *rb, const struct om_planset *ps, const struct om_driver *drv,
		       struct om_conn *c, struct om_error *err)
{
	struct om_catalog full;
	struct om_detect d;
	int rc = -1;

	om_catalog_init(&full);
	om_detect_init(&d);
	if (drv->introspect(c, NULL, &full, err) || om_detect_run(&d, ps, drv, &full, err))
		goto out;
	if (d.schema != rb->view.schema) {
		om_error_set(err, OM_EXIT_FAILED, "rollback verification failed: the database is not at OpenSER %s",
			     rb->view.schema->version);
		goto out;
	}
	for (size_t i = 0; i < d.diff.n; i++)
		if (!om_strlist_has(&rb->view.diff, d.diff.v[i])) {
			om_error_set(err, OM_EXIT_FAILED, "rollback verification failed: %s", d.diff.v[i]);
			goto out;
		}
	for (size_t i = 0; i < rb->view.diff.n; i++)
		if (!om_strlist_has(&d.diff, rb->view.diff.v[i])) {
			om_error_set(err, OM_EXIT_FAILED, "rollback verification failed: no longer: %s",
				     rb->view.diff.v[i]);
			goto out;
		}
	if (d.retained.n) {
		om_error_set(err, OM_EXIT_FAILED, "rollback verification failed: %s is left", d.retained.v[0]);
		goto out;
	}
	rc = check_rows(rb, drv, c, "", err);
out:
	om_catalog_release(&full);
	om_detect_release(&d);
	return rc;
}
