/*
 * planner.c: the step planner.  From the detected version and the plans
 * it decides, table by table, what an upgrade does (untouched, rebuilt
 * once, created), which value every target column gets, where values must
 * be cut, and which version rows change.  Engine-neutral: the driver is
 * asked only how its engine would show a table.  One table gets at most
 * one rebuild, whatever changes it needs.
 */
#include "planner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "drift.h"
#include "driver.h"
#include "hash.h"
#include "strbuf.h"

/* ---- plans -------------------------------------------------------------- */

void om_plan_init(struct om_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->history_id = 1;
}

static void colmap_release(struct om_colmap *m)
{
	om_expr_free(m->expr);
	om_strlist_release(&m->examples);
}

static void step_release(struct om_step *s)
{
	for (size_t i = 0; i < s->ncols; i++)
		colmap_release(&s->cols[i]);
	free(s->cols);
	free(s->retained);
	om_strlist_release(&s->order);
	om_strlist_release(&s->not_carried);
	om_strlist_release(&s->drop_indexes);
	om_strlist_release(&s->check_unique);
	for (size_t i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	free(s->owned);
	free(s->derived);
}

void om_plan_release(struct om_plan *p)
{
	for (size_t i = 0; i < p->nsteps; i++)
		step_release(&p->steps[i]);
	free(p->steps);
	om_strlist_release(&p->classes);
	om_strlist_release(&p->src_classes);
	om_strlist_release(&p->untouched);
	om_strlist_release(&p->left);
	om_strlist_release(&p->drop);
	om_strlist_release(&p->unknown);
	for (size_t i = 0; i < p->nvrows; i++)
		free(p->vrows[i].table);
	free(p->vrows);
	om_strlist_release(&p->notes);
	om_strlist_release(&p->problems);
	om_strlist_release(&p->warnings);
	om_strlist_release(&p->done);
	om_strlist_release(&p->stale);
	om_strlist_release(&p->scratch);
	om_driftlist_release(&p->drift);
		free(p->options_text);
	om_plan_init(p);
}

long long om_step_rows_kept(const struct om_step *st, long long source_rows)
{
	return source_rows - (st->ignore_dups ? st->dup_count : 0);
}

void om_plan_tables(const struct om_plan *p, struct om_strlist *replace, struct om_strlist *read)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct om_step *st = &p->steps[i];

		if (st->kind == OM_STEP_REBUILD)
			om_strlist_add_unique(replace, st->source);
		else if (st->source)
			om_strlist_add_unique(read, st->source);
	}
	if (!om_strlist_has(replace, "version"))
		om_strlist_add_unique(read, "version");
}

bool om_plan_is_empty(const struct om_plan *p)
{
	return p->nsteps == 0 && p->nvrows == 0;
}

bool om_plan_has_class(const char *cls, void *plan)
{
	const struct om_plan *p = plan;

	return !strcmp(cls, "core") || om_strlist_has(&p->classes, cls);
}

static bool src_has_class(const char *cls, void *plan)
{
	const struct om_plan *p = plan;

	return !strcmp(cls, "core") || om_strlist_has(&p->src_classes, cls);
}

static struct om_expr *expr_clone(const struct om_expr *e)
{
	struct om_expr *c = om_xcalloc(1, sizeof(*c));

	c->kind = e->kind;
	c->text = e->text ? om_xstrdup(e->text) : NULL;
	c->fn = e->fn;
	c->nargs = e->nargs;
	if (e->nargs) {
		c->args = om_xcalloc(e->nargs, sizeof(*c->args));
		for (size_t i = 0; i < e->nargs; i++)
			c->args[i] = expr_clone(e->args[i]);
	}
	return c;
}

static struct om_expr *expr_column(const char *name)
{
	struct om_expr *c = om_xcalloc(1, sizeof(*c));

	c->kind = OM_EXPR_COLUMN;
	c->text = om_xstrdup(name);
	c->fn = -1;
	return c;
}

/* Maximum length in characters of e's values; -1 unbounded. */
static int expr_width(const struct om_expr *e, const struct om_table *src, enum om_engine eng)
{
	switch (e->kind) {
	case OM_EXPR_COLUMN: {
		const struct om_column *c = om_table_column(src, e->text);
		struct om_type t;

		if (!c || !om_column_effective(c, eng, &t, NULL, NULL))
			return -1;
		return om_type_text_width(&t);
	}
	case OM_EXPR_STRING:
	case OM_EXPR_NUMBER:
		return (int)strlen(e->text);
	case OM_EXPR_NULL:
		return 0;
	case OM_EXPR_CALL: {
		const struct om_function *f = &om_functions[e->fn];
		int w = 0;

		switch (f->width_rule) {
		case OM_W_FIXED:
			return f->width;
		case OM_W_ARG:
			return expr_width(e->args[f->width], src, eng);
		case OM_W_MAX_ARGS:
		case OM_W_SUM_ARGS:
			for (size_t i = 0; i < e->nargs; i++) {
				int a = expr_width(e->args[i], src, eng);

				if (a < 0)
					return -1;
				if (f->width_rule == OM_W_MAX_ARGS)
					w = a > w ? a : w;
				else
					w += a;
			}
			return w;
		}
		return -1;
	}
	}
	return -1;
}

/* Normalise a yes/no option value: 1 yes, 0 no, -1 unset, -2 invalid. */
static int yesno(const char *v)
{
	if (!v || !*v)
		return -1;
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "y") || !strcmp(v, "1") || !strcasecmp(v, "true"))
		return 1;
	if (!strcasecmp(v, "no") || !strcasecmp(v, "n") || !strcmp(v, "0") || !strcasecmp(v, "false"))
		return 0;
	return -2;
}

static const char *getvar(const struct om_plan_opts *o, const char *name)
{
	return o->getvar ? o->getvar(name, o->ud) : NULL;
}

int om_plan_yesno(const struct om_plan_opts *o, const char *var)
{
	return yesno(getvar(o, var));
}

static bool class_present(const struct om_detect *d, const char *cls)
{
	return !strcmp(cls, "core") || om_strlist_has(&d->classes, cls);
}

/* Choose source and target classes from the options and the database. */
static int choose_classes(struct om_plan *p, const struct om_detect *d, const struct om_plan_opts *o,
			  struct om_error *err)
{
	struct strbuf opts = STRBUF_INIT;

	for (size_t i = 0; i < p->to->nclasses; i++) {
		const struct om_class *tc = &p->to->classes[i];
		const struct om_class *sc = om_schema_class(p->from, tc->name);
		bool present = sc && class_present(d, tc->name);
		int v;

		if (!strcmp(tc->name, "core")) {
			om_strlist_add(&p->classes, "core");
			continue;
		}
		if (!tc->option)
			continue;
		v = yesno(getvar(o, tc->option));
		if (v == -2) {
			strbuf_release(&opts);
			return om_error_set(err, OM_EXIT_USAGE,
					    "openserctlrc: %s has the value \"%s\"; expected yes or no",
					    tc->option, getvar(o, tc->option));
		}
		if (v == 1 || (v == -1 && present && !tc->partial)) {
			om_strlist_add(&p->classes, tc->name);
			if (sc)
				om_strlist_add(&p->src_classes, tc->name);
		} else if (v == -1 && present) {
			/* A partial class left unset: carry the tables it has, create none. */
			om_strlist_add(&p->src_classes, tc->name);
		}
		strbuf_addf(&opts, "%s%s=%s", opts.len ? " " : "", tc->option,
			    v == 1 ? "yes" : v == 0 ? "no" : present ? "unset(yes)" : "unset(no)");
		if (v == -1 && sc) {
			if (present)
				om_strlist_addf(&p->notes,
						"%s is not set: the database has the %s tables, so they are kept and upgraded; "
						"set %s=yes in openserctlrc (OpenSER 1.2's openserctl needs it on such a database)",
						tc->option, tc->name, tc->option);
			else
				om_strlist_addf(&p->notes, "%s is not set: the database has no %s tables, so none are created",
						tc->option, tc->name);
		}
	}
	p->options_text = strbuf_detach(&opts);
	/* Going back, every class the database has is read (1.2's extra tables into 1.1's core ones). */
	for (size_t i = 0; o->rollback && i < d->classes.n; i++)
		om_strlist_add_unique(&p->src_classes, d->classes.v[i]);
	return 0;
}

/*
 * The map's options (STORE_PLAINTEXT_PW): a value it does not list is
 * refused; each goes into the options of the history, "unset" when unset.
 */
static int check_map_options(struct om_plan *p, const struct om_plan_opts *o, struct om_error *err)
{
	struct strbuf opts = STRBUF_INIT;

	strbuf_adds(&opts, p->options_text ? p->options_text : "");
	for (size_t i = 0; p->map && i < p->map->noptions; i++) {
		const struct om_map_option *mo = &p->map->options[i];
		const char *v = getvar(o, mo->var);

		if (v && *v && !om_map_option_allows(mo, v)) {
			struct strbuf allowed = STRBUF_INIT;

			for (size_t j = 0; j < mo->nvalues; j++)
				strbuf_addf(&allowed, "%s%s", j ? (j + 1 == mo->nvalues ? " or " : ", ") : "",
					    mo->values[j]);
			om_error_set(err, OM_EXIT_USAGE, "openserctlrc: %s has the value \"%s\"; expected %s (or unset)",
				     mo->var, v, allowed.buf);
			strbuf_release(&allowed);
			strbuf_release(&opts);
			return -1;
		}
		strbuf_addf(&opts, "%s%s=%s", opts.len ? " " : "", mo->var, v && *v ? v : "unset");
	}
	free(p->options_text);
	p->options_text = strbuf_detach(&opts);
	return 0;
}

static const struct om_assign *find_assign(const struct om_map_table *mt, const char *col,
					   const struct om_plan_opts *o)
{
	const struct om_assign *found = NULL;

	if (!mt)
		return NULL;
	for (size_t i = 0; i < mt->nassigns; i++) {
		const struct om_assign *a = &mt->assigns[i];

		if (strcmp(a->column, col))
			continue;
		if (a->when_var) {
			const char *v = getvar(o, a->when_var);

			if (!v || strcmp(v, a->when_value))
				continue;
		}
		found = a;
	}
	return found;
}

const struct om_key *om_table_first_key(const struct om_table *t, enum om_key_kind kind)
{
	for (size_t i = 0; i < t->nkeys; i++)
		if (t->keys[i].kind == kind)
			return &t->keys[i];
	return NULL;
}

/* Does the live table have a key of sk's kind on sk's columns (whatever its name)? */
static bool live_has_key(const struct om_ctable *live, const struct om_key *sk)
{
	for (size_t i = 0; live && i < live->nidx; i++) {
		const struct om_cindex *li = &live->idx[i];
		bool same = li->kind == sk->kind && li->ncols == sk->ncols;

		for (size_t j = 0; same && j < sk->ncols; j++)
			same = !strcmp(li->cols[j], sk->cols[j]);
		if (same)
			return true;
	}
	return false;
}

/*
 * Can rows collide on target key k?  Not when a source primary/unique key,
 * present in the live table (an operator may have dropped it), is made of
 * columns copied unchanged into k's columns.
 */
static bool key_proven_unique(const struct om_step *st, const struct om_key *k, const struct om_ctable *live)
{
	const struct om_table *src = st->source_def;
	struct om_strlist direct;
	bool proven = false;

	om_strlist_init(&direct);
	for (size_t i = 0; i < k->ncols; i++)
		for (size_t j = 0; j < st->ncols; j++) {
			const struct om_colmap *m = &st->cols[j];

			if (!strcmp(m->col->name, k->cols[i]) && m->expr && m->expr->kind == OM_EXPR_COLUMN && !m->cut)
				om_strlist_add(&direct, m->expr->text);
		}
	for (size_t i = 0; !proven && i < src->nkeys; i++) {
		const struct om_key *sk = &src->keys[i];
		bool all = sk->kind != OM_KEY_INDEX && live_has_key(live, sk);

		for (size_t j = 0; all && j < sk->ncols; j++)
			if (!om_strlist_has(&direct, sk->cols[j]))
				all = false;
		proven = all;
	}
	om_strlist_release(&direct);
	return proven;
}

/* Does the source table have a primary or unique key (a total order of its rows)? */
static bool has_key(const struct om_table *t)
{
	return om_table_first_key(t, OM_KEY_PRIMARY) || om_table_first_key(t, OM_KEY_UNIQUE);
}

/*
 * The order in which the rows of step st get their new ids: the map's
 * (`order by`), else the old key's.  It is total, so that a rollback can
 * number the rows again the same way: without a key, the row id breaks
 * ties (the scan order when nothing else is asked); where there is no
 * row id (MySQL), every other column, by its bytes (rows equal in every
 * column are interchangeable).
 */
static void id_order(struct om_plan *p, struct om_step *st, const struct om_map_table *mt)
{
	enum om_engine e = p->engine;
	const struct om_table *src = st->source_def;

	if (mt && mt->order == OM_ORDER_SCAN)
		return;
	if (mt && mt->order == OM_ORDER_BY) {
		for (size_t i = 0; i < mt->norder_cols; i++)
			om_strlist_add(&st->order, mt->order_cols[i]);
	} else {
		const struct om_key *k = om_table_first_key(src, OM_KEY_PRIMARY);

		if (!k)
			k = om_table_first_key(src, OM_KEY_UNIQUE);
		for (size_t i = 0; k && i < k->ncols; i++)
			om_strlist_add(&st->order, k->cols[i]);
	}
	if (has_key(src) && !(mt && mt->order == OM_ORDER_BY))
		return;
	if (p->drv->row_id) {
		if (st->order.n)
			om_strlist_add(&st->order, p->drv->row_id);
		return;
	}
	{
		const struct om_column **scols = om_xcalloc(src->ncols, sizeof(*scols));
		size_t sn = om_table_columns(src, e, scols);

		for (size_t i = 0; i < sn; i++)
			if (om_column_effective(scols[i], e, NULL, NULL, NULL) &&
			    om_part_selected(scols[i]->cls, src_has_class, p))
				om_strlist_add_unique(&st->order, scols[i]->name);
		st->order_exact = true;
		free(scols);
	}
}

static void build_colmaps(struct om_plan *p, struct om_step *st, const struct om_map_table *mt,
			  const struct om_plan_opts *o, const struct om_ctable *live)
{
	bool filled = live != NULL;
	enum om_engine e = p->engine;
	const struct om_table *t = st->target;
	const struct om_column **cols = om_xcalloc(t->ncols, sizeof(*cols));
	size_t n = om_table_columns(t, e, cols);
	struct om_strlist read;
	bool new_ids = false;

	om_strlist_init(&read);
	st->cols = om_xcalloc(n, sizeof(*st->cols));
	for (size_t i = 0; i < n; i++) {
		const struct om_column *c = cols[i];
		struct om_colmap *m;
		struct om_type tt;

		if (!om_column_effective(c, e, &tt, NULL, NULL))
			continue;
		if (!om_part_selected(c->cls, om_plan_has_class, p))
			continue;
		m = &st->cols[st->ncols++];
		m->col = c;
		if (filled) {
			const struct om_assign *a = find_assign(mt, c->name, o);
			const struct om_column *sc = om_table_column(st->source_def, c->name);

			if (a)
				m->expr = expr_clone(a->expr);
			else if (sc && om_column_effective(sc, e, NULL, NULL, NULL) &&
				 om_part_selected(sc->cls, src_has_class, p))
				m->expr = expr_column(c->name);
		}
		if (!m->expr) {
			if (c->autoinc && filled)
				new_ids = true;
			continue;
		}
		m->computed = m->expr->kind == OM_EXPR_CALL;
		/* Only a column copied as it is counts as carried; one that is parsed is not kept whole. */
		if (m->expr->kind == OM_EXPR_COLUMN)
			om_strlist_add_unique(&read, m->expr->text);
		{
			int width = om_type_char_width(&tt);
			int w = expr_width(m->expr, st->source_def, e);

			if (width > 0 && (w < 0 || w > width))
				m->cut = width;
		}
	}
	free(cols);
	if (!filled)
		return;
	{
		const struct om_column **scols = om_xcalloc(st->source_def->ncols, sizeof(*scols));
		size_t sn = om_table_columns(st->source_def, e, scols);

		for (size_t i = 0; i < sn; i++)
			if (om_column_effective(scols[i], e, NULL, NULL, NULL) &&
			    om_part_selected(scols[i]->cls, src_has_class, p) &&
			    !om_strlist_has(&read, scols[i]->name))
				om_strlist_add(&st->not_carried, scols[i]->name);
		free(scols);
	}
	om_strlist_release(&read);
	if (new_ids)
		id_order(p, st, mt);
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];

		if (k->kind == OM_KEY_INDEX || !om_part_selected(k->cls, om_plan_has_class, p))
			continue;
		if (k->kind == OM_KEY_PRIMARY) {
			/* A new auto id cannot collide; a carried one is checked. */
			const struct om_column *c = om_table_column(t, k->cols[0]);
			bool carried = false;

			for (size_t j = 0; j < st->ncols; j++)
				if (st->cols[j].col == c && st->cols[j].expr)
					carried = true;
			if (k->ncols == 1 && c->autoinc && !carried)
				continue;
		}
		if (!key_proven_unique(st, k, live))
			om_strlist_add(&st->check_unique, k->kind == OM_KEY_PRIMARY ? "PRIMARY" : k->name);
	}
}

/* Are the engine renderings of a and b (as source and target) the same? */
static bool same_table(struct om_plan *p, const struct om_table *a, const struct om_table *b,
		       const struct om_map_table *mt)
{
	struct om_catalog ca, cb;
	struct om_strlist diff;
	bool same;

	if (mt)
		for (size_t i = 0; i < mt->nassigns; i++) {
			const struct om_expr *x = mt->assigns[i].expr;

			if (x->kind != OM_EXPR_COLUMN || strcmp(x->text, mt->assigns[i].column))
				return false;
		}
	om_catalog_init(&ca);
	om_catalog_init(&cb);
	p->drv->expected_table(a, src_has_class, p, &ca);
	p->drv->expected_table(b, om_plan_has_class, p, &cb);
	om_strlist_init(&diff);
	om_catalog_diff(&cb, &ca, NULL, NULL, &diff);
	same = diff.n == 0;
	om_strlist_release(&diff);
	om_catalog_release(&ca);
	om_catalog_release(&cb);
	return same;
}

static struct om_step *add_step(struct om_plan *p, enum om_step_kind kind, const struct om_table *t)
{
	struct om_step *st;

	OM_GROW(p->steps, p->nsteps + 1, p->asteps);
	st = &p->steps[p->nsteps++];
	memset(st, 0, sizeof(*st));
	st->kind = kind;
	st->target = t;
	st->rows_before = -1;
	st->rows_after = -1;
	om_strlist_init(&st->order);
	om_strlist_init(&st->not_carried);
	om_strlist_init(&st->drop_indexes);
	om_strlist_init(&st->check_unique);
	return st;
}

static void add_vrow(struct om_plan *p, const char *table, int v)
{
	OM_GROW(p->vrows, p->nvrows + 1, p->avrows);
	p->vrows[p->nvrows].table = om_xstrdup(table);
	p->vrows[p->nvrows].version = v;
	p->nvrows++;
}

/*
 * Where an old table is kept: old11_acc (a prefix), or old11.acc (a
 * schema) on engines whose names of indexes, constraints and sequences
 * are the table's (PostgreSQL).
 */
void om_plan_retained_name(const struct om_plan *p, const char *table, struct strbuf *sb)
{
	strbuf_adds(sb, "old");
	for (const char *v = p->from->version; *v; v++)
		if (*v >= '0' && *v <= '9')
			strbuf_addch(sb, *v);
	strbuf_addf(sb, "%c%s", p->drv->retained_schema ? '.' : '_', table);
}

static void utc_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

bool om_planset_checksum(const struct om_planset *ps, const char *plan_id, char out[65])
{
	const char *arrow = strstr(plan_id, "->");
	const struct om_schema *a, *b;
	const struct om_map *m;
	struct om_sha256 h;
	unsigned char dg[32];
	char from[64];

	if (!arrow || (size_t)(arrow - plan_id) >= sizeof(from))
		return false;
	memcpy(from, plan_id, (size_t)(arrow - plan_id));
	from[arrow - plan_id] = '\0';
	a = om_planset_schema(ps, from);
	b = om_planset_schema(ps, arrow + 2);
	m = a && b && a != b ? om_planset_map(ps, a->version, b->version) : NULL;
	if (a && b && a != b && !m)
		m = om_planset_rollback_map(ps, a->version, b->version);
	if (!a || !b || (a != b && !m))
		return false;
	/* Over the checksums of the files used: any edit to one changes it. */
	om_sha256_init(&h);
	om_sha256_update(&h, a->sha256, 64);
	om_sha256_update(&h, b->sha256, 64);
	if (m)
		om_sha256_update(&h, m->sha256, 64);
	om_sha256_final(&h, dg);
	om_hex(dg, 32, out);
	return true;
}

/* The detected version and the target, with the map between them. */
static int choose_versions(struct om_plan *p, const struct om_planset *ps, const struct om_detect *d,
			   const char *to_version, bool rollback, struct om_error *err)
{
	if (!d->schema)
		return om_error_set(err, OM_EXIT_SCHEMA,
				    "no OpenSER tables found: this is not an OpenSER database");
	p->from = d->schema;
	p->to = om_planset_schema(ps, to_version);
	if (!p->to)
		return om_error_set(err, OM_EXIT_USAGE, "unknown target version \"%s\"", to_version);
	snprintf(p->plan_id, sizeof(p->plan_id), "%s->%s", p->from->version, p->to->version);
	if (p->from == p->to)
		return 0;
	p->map = rollback ? om_planset_rollback_map(ps, p->from->version, p->to->version)
			  : om_planset_map(ps, p->from->version, p->to->version);
	if (p->map)
		return 0;
	if (rollback)
		return om_error_set(err, OM_EXIT_SCHEMA, "there is no rollback plan from %s to %s", p->from->version,
				    p->to->version);
	if (om_planset_map(ps, p->to->version, p->from->version))
		return om_error_set(err, OM_EXIT_USAGE, "the database is at %s: going back to %s is not an upgrade",
				    p->from->version, p->to->version);
	return om_error_set(err, OM_EXIT_SCHEMA, "there is no plan from %s to %s", p->from->version,
			    p->to->version);
}

/* A class asked for whose tables are there but not as the version has them. */
static int check_source_classes(const struct om_plan *p, const struct om_detect *d, struct om_error *err)
{
	for (size_t i = 0; i < p->src_classes.n; i++) {
		const char *cls = p->src_classes.v[i];

		if (om_strlist_has(&d->classes, cls))
			continue;
		for (size_t t = 0; t < d->ignored.n; t++) {
			const struct om_table *st = om_schema_table(p->from, d->ignored.v[t]);

			if (st && !strcmp(st->cls, cls))
				return om_error_set(err, OM_EXIT_SCHEMA,
						    "the %s tables are to be upgraded, but \"%s\" (and maybe others) "
						    "is not as OpenSER %s has it (see `status`)",
						    cls, st->name, p->from->version);
		}
	}
	return 0;
}

/* The live table src changes in place: retained, and its new form built from it. */
static int plan_rebuild(struct om_plan *p, const struct om_detect *d, const struct om_table *t,
			const struct om_map_table *mt, const char *src, const struct om_plan_opts *o,
			struct om_error *err)
{
	struct strbuf rn = STRBUF_INIT;
	const struct om_ctable *lt = om_catalog_table(&d->live, src);
	struct om_step *st;

	om_plan_retained_name(p, src, &rn);
	if (om_strlist_has(&d->retained, rn.buf)) {
		om_error_set(err, OM_EXIT_REFUSED,
			     "table \"%s\" is left from an earlier upgrade: "
			     "run `openser-migrate cleanup` after checking it, then retry", rn.buf);
		strbuf_release(&rn);
		return -1;
	}
	st = add_step(p, OM_STEP_REBUILD, t);
	st->source = src;
	st->source_def = om_schema_table(p->from, src);
	st->retained = strbuf_detach(&rn);
	for (size_t k = 0; k < lt->nidx; k++)
		if (lt->idx[k].kind != OM_KEY_PRIMARY)
			om_strlist_add(&st->drop_indexes, lt->idx[k].name);
	build_colmaps(p, st, mt, o, lt);
	return 0;
}

/* What happens to target table t: untouched, rebuilt, or created (filled or empty). */
static int plan_table(struct om_plan *p, const struct om_detect *d, const struct om_table *t,
		      const struct om_plan_opts *o, struct om_error *err)
{
	const struct om_map_table *mt = p->map ? om_map_table_for(p->map, t->name) : NULL;
	const char *src = mt ? mt->source : (om_schema_table(p->from, t->name) ? t->name : NULL);
	const struct om_table *sdef = src ? om_schema_table(p->from, src) : NULL;
	bool src_live = sdef && src_has_class(sdef->cls, p) && om_catalog_table(&d->live, src);
	struct om_step *st;
	int v, have;

	if (!om_plan_has_class(t->cls, p) && !src_live)
		return 0;
	if (o->mode == OM_MODE_INPLACE && src_live && !strcmp(src, t->name)) {
		/* A table that differs from its version in more than what it keeps is rebuilt. */
		if (same_table(p, sdef, t, mt) && om_drift_keeps(d, t->name))
			om_strlist_add(&p->untouched, t->name);
		else if (plan_rebuild(p, d, t, mt, src, o, err))
			return -1;
	} else {
		if (o->mode == OM_MODE_INPLACE && om_strlist_has(&d->unknown, t->name))
			return om_error_set(err, OM_EXIT_REFUSED,
					    "table \"%s\" exists but is not an OpenSER %s table: "
					    "OpenSER %s needs that name; rename or drop it first",
					    t->name, p->from->version, p->to->version);
		st = add_step(p, OM_STEP_CREATE, t);
		/* A new database's version table holds the target's rows only. */
		if (o->mode == OM_MODE_MIGRATE && !strcmp(t->name, "version"))
			src_live = false;
		if (src_live) {
			st->source = src;
			st->source_def = sdef;
		}
		build_colmaps(p, st, mt, o, src_live ? om_catalog_table(&d->live, src) : NULL);
	}
	if (om_table_version(t, p->engine, &v) &&
	    (o->mode == OM_MODE_MIGRATE || !om_catalog_vrow(&d->live, t->name, &have) || have != v))
		add_vrow(p, t->name, v);
	return 0;
}

int om_plan_build(struct om_plan *p, const struct om_planset *ps, const struct om_detect *d,
		  const char *to_version, const struct om_plan_opts *o,
		  const struct om_driver *drv, struct om_error *err)
{
	p->engine = drv->engine;
	p->drv = drv;
	p->mode = o->mode;
	p->rollback = o->rollback;
	p->force = o->force;
	p->source_db = o->source_db;
	p->source_path = o->source_path;
	utc_now(p->started);
	for (size_t i = 0; i < d->unknown.n; i++)
		om_strlist_add(&p->unknown, d->unknown.v[i]);
	if (choose_versions(p, ps, d, to_version, o->rollback, err))
		return -1;
	if (p->from == p->to && o->mode == OM_MODE_INPLACE) {
		/* Nothing to do; the classes are still worth reporting. */
		for (size_t i = 0; i < d->classes.n; i++)
			om_strlist_add(&p->classes, d->classes.v[i]);
		return 0;
	}
	om_planset_checksum(ps, p->plan_id, p->checksum);
	if (choose_classes(p, d, o, err) || check_map_options(p, o, err) || check_source_classes(p, d, err))
		return -1;
	for (size_t i = 0; i < p->to->ntables; i++)
		if (plan_table(p, d, &p->to->tables[i], o, err))
			return -1;
	if (om_drift_plan(p, d, o, err))
		return -1;
	/* Source tables that stay as they are. */
	for (size_t i = 0; i < d->live.ntables; i++) {
		const char *name = d->live.tables[i].name;
		bool used = om_strlist_has(&p->untouched, name);

		for (size_t s = 0; !used && s < p->nsteps; s++)
			if (p->steps[s].kind == OM_STEP_REBUILD && !strcmp(p->steps[s].source, name))
				used = true;
		if (!used)
			om_strlist_add(&p->left, name);
	}
	return 0;
}
