/*
 * planner.c: version detection, the step planner and the pre-checks.
 *
 * All decisions about what an upgrade does live here, engine-neutral;
 * the driver is asked only to render catalogs and SQL expressions.  One
 * table gets at most one rebuild, whatever changes it needs.
 */
#include "planner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "driver.h"
#include "hash.h"
#include "strbuf.h"

/* ---- detection ---------------------------------------------------------- */

void om_detect_init(struct om_detect *d)
{
	memset(d, 0, sizeof(*d));
	om_strlist_init(&d->diff);
	om_strlist_init(&d->classes);
	om_catalog_init(&d->live);
	om_strlist_init(&d->unknown);
	om_strlist_init(&d->retained);
	om_strlist_init(&d->ignored);
	om_strlist_init(&d->own);
}

void om_detect_release(struct om_detect *d)
{
	om_strlist_release(&d->diff);
	om_strlist_release(&d->classes);
	om_catalog_release(&d->live);
	om_strlist_release(&d->unknown);
	om_strlist_release(&d->retained);
	om_strlist_release(&d->ignored);
	om_strlist_release(&d->own);
	om_detect_init(d);
}

static bool planset_knows(const struct om_planset *ps, const char *table)
{
	for (size_t i = 0; i < ps->nschemas; i++)
		if (om_schema_table(ps->schemas[i], table))
			return true;
	return false;
}

/*
 * A live table that a schema does not expect is a difference only when
 * some version has it as a regular table; module tables that a version
 * merely tolerates (1.1's pd_multidomain) may stay after an upgrade.
 */
static bool known_strict(const struct om_planset *ps, const char *table)
{
	for (size_t i = 0; i < ps->nschemas; i++) {
		const struct om_table *t = om_schema_table(ps->schemas[i], table);

		if (t && !t->optional)
			return true;
	}
	return false;
}

struct known_ctx {
	const struct om_planset *ps;
	const struct om_strlist *ignored;
};

static bool known_cb(const char *table, void *ud)
{
	const struct known_ctx *k = ud;

	return known_strict(k->ps, table) && !om_strlist_has(k->ignored, table);
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Is `name` a retained table (old<digits>_<known table>)? */
static bool is_retained_name(const struct om_planset *ps, const char *name)
{
	const char *p = name;

	if (strncmp(p, "old", 3))
		return false;
	p += 3;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != '_' && *p != '.')
		return false;
	return planset_knows(ps, p + 1);
}

static bool class_in_list(const char *cls, void *ud)
{
	return !strcmp(cls, "core") || om_strlist_has(ud, cls);
}

struct candidate {
	struct om_strlist classes;
	struct om_strlist ignored;
	struct om_strlist diff;
	size_t score;
};

static void candidate_release(struct candidate *c)
{
	om_strlist_release(&c->classes);
	om_strlist_release(&c->ignored);
	om_strlist_release(&c->diff);
}

/*
 * Compare the live catalog with schema s when exactly the whole classes
 * in `mask` are installed.  Tables of classes not installed are ignored
 * (and cost one point each, so that a class whose tables are there is
 * preferred); tables of partial classes are expected where they exist.
 */
static void try_candidate(const struct om_planset *ps, const struct om_driver *drv,
			  const struct om_schema *s, const struct om_catalog *live, unsigned mask,
			  struct candidate *out)
{
	struct om_catalog exp;
	struct known_ctx k;
	unsigned bit = 0;

	om_strlist_init(&out->classes);
	om_strlist_init(&out->ignored);
	om_strlist_init(&out->diff);
	om_catalog_init(&exp);
	for (size_t c = 0; c < s->nclasses; c++) {
		const struct om_class *cls = &s->classes[c];

		if (!strcmp(cls->name, "core")) {
			om_strlist_add(&out->classes, cls->name);
		} else if (cls->partial) {
			for (size_t t = 0; t < s->ntables; t++)
				if (!strcmp(s->tables[t].cls, cls->name) && om_catalog_table(live, s->tables[t].name)) {
					om_strlist_add(&out->classes, cls->name);
					break;
				}
		} else {
			if (mask & (1u << bit))
				om_strlist_add(&out->classes, cls->name);
			bit++;
		}
	}
	exp.has_version_table = true;
	for (size_t i = 0; i < s->ntables; i++) {
		const struct om_table *t = &s->tables[i];
		const struct om_class *cls = om_schema_class(s, t->cls);
		bool present = om_catalog_table(live, t->name) != NULL;
		int v;

		if (!class_in_list(t->cls, &out->classes)) {
			if (present)
				om_strlist_add(&out->ignored, t->name);
			continue;
		}
		if (cls && cls->partial && !present)
			continue;
		drv->render_ctable(t, class_in_list, &out->classes, &exp);
		if (t->optional)
			om_catalog_table(&exp, t->name)->optional = true;
		if (om_table_version(t, drv->engine, &v))
			om_catalog_add_vrow(&exp, t->name, v);
	}
	k.ps = ps;
	k.ignored = &out->ignored;
	om_catalog_diff(&exp, live, known_cb, &k, &out->diff);
	om_catalog_release(&exp);
	out->score = out->diff.n + out->ignored.n;
}

int om_detect_run(struct om_detect *d, const struct om_planset *ps, const struct om_driver *drv,
		  struct om_catalog *full, struct om_error *err)
{
	bool have = false;
	struct candidate best;

	(void)err;
	memset(&best, 0, sizeof(best));
	d->live = *full;
	om_catalog_init(full);
	for (size_t i = 0; i < d->live.ntables;) {
		const char *name = d->live.tables[i].name;

		if (has_prefix(name, OM_OWN_PREFIX)) {
			om_strlist_add(&d->own, name);
			if (!strcmp(name, OM_HISTORY_TABLE))
				d->has_history = true;
		} else if (is_retained_name(ps, name)) {
			om_strlist_add(&d->retained, name);
		} else if (!planset_knows(ps, name)) {
			om_strlist_add(&d->unknown, name);
		} else {
			i++;
			continue;
		}
		om_catalog_remove_table(&d->live, name);
	}
	if (!d->live.ntables)
		return 0;
	for (size_t i = 0; i < ps->nschemas; i++) {
		const struct om_schema *s = ps->schemas[i];
		unsigned nwhole = 0;

		for (size_t c = 0; c < s->nclasses; c++)
			if (strcmp(s->classes[c].name, "core") && !s->classes[c].partial)
				nwhole++;
		if (nwhole > 8)
			nwhole = 8;
		for (unsigned mask = 0; mask < (1u << nwhole); mask++) {
			struct candidate c;

			try_candidate(ps, drv, s, &d->live, mask, &c);
			/* Ties go to the candidate with more classes installed. */
			if (!have || c.score < best.score ||
			    (c.score == best.score && c.classes.n > best.classes.n)) {
				if (have)
					candidate_release(&best);
				best = c;
				have = true;
				d->schema = s;
			} else {
				candidate_release(&c);
			}
		}
	}
	d->exact = best.diff.n == 0;
	d->diff = best.diff;
	d->classes = best.classes;
	d->ignored = best.ignored;
	return 0;
}

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
	om_strlist_release(&p->unknown);
	for (size_t i = 0; i < p->nvrows; i++)
		free(p->vrows[i].table);
	free(p->vrows);
	om_strlist_release(&p->notes);
	om_strlist_release(&p->problems);
	om_strlist_release(&p->warnings);
	om_strlist_release(&p->done);
	om_strlist_release(&p->grants);
	free(p->options_text);
	om_plan_init(p);
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

static bool class_present(const struct om_detect *d, const char *cls)
{
	return !strcmp(cls, "core") || om_strlist_has(&d->classes, cls);
}

/* Choose source and target classes from the options and the database. */
static int choose_classes(struct om_plan *p, const struct om_detect *d, const struct om_plan_opts *o,
			  struct om_error *err)
{
	struct strbuf opts = STRBUF_INIT;

	strbuf_init(&opts);
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

static const struct om_key *first_key(const struct om_table *t, enum om_key_kind kind)
{
	for (size_t i = 0; i < t->nkeys; i++)
		if (t->keys[i].kind == kind)
			return &t->keys[i];
	return NULL;
}

/*
 * Can rows collide on target key k?  Not when a source primary/unique key
 * is made of columns copied unchanged into k's columns.
 */
static bool key_proven_unique(const struct om_step *st, const struct om_key *k)
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
		bool all = sk->kind != OM_KEY_INDEX;

		for (size_t j = 0; all && j < sk->ncols; j++)
			if (!om_strlist_has(&direct, sk->cols[j]))
				all = false;
		proven = all;
	}
	om_strlist_release(&direct);
	return proven;
}

static void build_colmaps(struct om_plan *p, struct om_step *st, const struct om_map_table *mt,
			  const struct om_plan_opts *o, bool filled)
{
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
	/* New ids follow the old key order; without a key, the scan order. */
	if (new_ids) {
		if (mt && mt->order == OM_ORDER_BY) {
			for (size_t i = 0; i < mt->norder_cols; i++)
				om_strlist_add(&st->order, mt->order_cols[i]);
		} else if (!mt || mt->order == OM_ORDER_DEFAULT) {
			const struct om_key *k = first_key(st->source_def, OM_KEY_PRIMARY);

			if (!k)
				k = first_key(st->source_def, OM_KEY_UNIQUE);
			for (size_t i = 0; k && i < k->ncols; i++)
				om_strlist_add(&st->order, k->cols[i]);
		}
	}
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
		if (!key_proven_unique(st, k))
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
	p->drv->render_ctable(a, src_has_class, p, &ca);
	p->drv->render_ctable(b, om_plan_has_class, p, &cb);
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

static void diff_summary(const struct om_strlist *d, struct strbuf *sb)
{
	for (size_t i = 0; i < d->n && i < 8; i++)
		strbuf_addf(sb, "\n  %s", d->v[i]);
	if (d->n > 8)
		strbuf_addf(sb, "\n  ... and %zu more (see `status`)", d->n - 8);
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

int om_plan_build(struct om_plan *p, const struct om_planset *ps, const struct om_detect *d,
		  const char *to_version, const struct om_plan_opts *o,
		  const struct om_driver *drv, struct om_error *err)
{
	const struct om_schema *to;
	enum om_engine e = drv->engine;

	p->engine = e;
	p->drv = drv;
	p->mode = o->mode;
	p->force = o->force;
	p->source_db = o->source_db;
	p->source_path = o->source_path;
	utc_now(p->started);
	for (size_t i = 0; i < d->unknown.n; i++)
		om_strlist_add(&p->unknown, d->unknown.v[i]);
	if (!d->schema)
		return om_error_set(err, OM_EXIT_SCHEMA,
				    "no OpenSER tables found: this is not an OpenSER database");
	if (!d->exact) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_init(&sb);
		diff_summary(&d->diff, &sb);
		om_error_set(err, OM_EXIT_SCHEMA,
			     "the database is neither OpenSER %s nor any other known version: "
			     "nearest is %s, with %zu difference%s:%s",
			     d->schema->version, d->schema->version, d->diff.n, d->diff.n == 1 ? "" : "s", sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	to = om_planset_schema(ps, to_version);
	if (!to)
		return om_error_set(err, OM_EXIT_USAGE, "unknown target version \"%s\"", to_version);
	p->from = d->schema;
	p->to = to;
	snprintf(p->plan_id, sizeof(p->plan_id), "%s->%s", p->from->version, to->version);
	if (p->from == to && o->mode == OM_MODE_INPLACE) {
		/* Nothing to do; the classes are still worth reporting. */
		for (size_t i = 0; i < d->classes.n; i++)
			om_strlist_add(&p->classes, d->classes.v[i]);
		return 0;
	}
	if (p->from != to) {
		p->map = om_planset_map(ps, p->from->version, to->version);
		if (!p->map) {
			if (om_planset_map(ps, to->version, p->from->version))
				return om_error_set(err, OM_EXIT_USAGE,
						    "the database is at %s: going back to %s is not an upgrade",
						    p->from->version, to->version);
			return om_error_set(err, OM_EXIT_SCHEMA, "there is no plan from %s to %s",
					    p->from->version, to->version);
		}
	}
	om_planset_checksum(ps, p->plan_id, p->checksum);
	if (choose_classes(p, d, o, err))
		return -1;
	/* A class asked for whose tables are there but not as the version has them. */
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

	for (size_t i = 0; i < to->ntables; i++) {
		const struct om_table *t = &to->tables[i];
		const struct om_map_table *mt = p->map ? om_map_table_for(p->map, t->name) : NULL;
		const char *src = mt ? mt->source : (om_schema_table(p->from, t->name) ? t->name : NULL);
		const struct om_table *sdef = src ? om_schema_table(p->from, src) : NULL;
		bool src_live = sdef && src_has_class(sdef->cls, p) && om_catalog_table(&d->live, src);
		bool included = om_plan_has_class(t->cls, p) || src_live;
		struct om_step *st;
		int v;

		if (!included)
			continue;
		if (o->mode == OM_MODE_INPLACE && src_live && !strcmp(src, t->name)) {
			if (same_table(p, sdef, t, mt)) {
				om_strlist_add(&p->untouched, t->name);
			} else {
				struct strbuf rn = STRBUF_INIT;
				const struct om_ctable *lt = om_catalog_table(&d->live, src);

				strbuf_init(&rn);
				om_plan_retained_name(p, src, &rn);
				if (om_strlist_has(&d->retained, rn.buf)) {
					om_error_set(err, OM_EXIT_REFUSED,
						     "table \"%s\" is left from an earlier upgrade: "
						     "run `openser-migrate cleanup` after checking it, then retry",
						     rn.buf);
					strbuf_release(&rn);
					return -1;
				}
				st = add_step(p, OM_STEP_REBUILD, t);
				st->source = src;
				st->source_def = sdef;
				st->retained = strbuf_detach(&rn);
				for (size_t k = 0; k < lt->nidx; k++)
					if (lt->idx[k].kind != OM_KEY_PRIMARY)
						om_strlist_add(&st->drop_indexes, lt->idx[k].name);
				build_colmaps(p, st, mt, o, true);
			}
		} else {
			if (o->mode == OM_MODE_INPLACE && om_strlist_has(&d->unknown, t->name))
				return om_error_set(err, OM_EXIT_REFUSED,
						    "table \"%s\" exists but is not an OpenSER %s table: "
						    "OpenSER %s needs that name; rename or drop it first",
						    t->name, p->from->version, to->version);
			st = add_step(p, OM_STEP_CREATE, t);
			/* A new database's version table holds the target's rows only. */
			if (o->mode == OM_MODE_MIGRATE && !strcmp(t->name, "version"))
				src_live = false;
			if (src_live) {
				st->source = src;
				st->source_def = sdef;
			}
			build_colmaps(p, st, mt, o, src_live);
		}
		if (om_table_version(t, e, &v)) {
			int have;

			if (o->mode == OM_MODE_MIGRATE || !om_catalog_vrow(&d->live, t->name, &have) || have != v)
				add_vrow(p, t->name, v);
		}
	}
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

/* ---- rendering helpers shared by the drivers ------------------------------ */

void om_plan_render_expr(const struct om_driver *drv, struct om_conn *c, struct strbuf *sb,
			 const struct om_expr *e, const char *qual)
{
	switch (e->kind) {
	case OM_EXPR_COLUMN:
		if (qual) {
			drv->quote_ident(sb, qual);
			strbuf_addch(sb, '.');
		}
		drv->quote_ident(sb, e->text);
		return;
	case OM_EXPR_STRING:
		drv->quote_string(c, sb, e->text);
		return;
	case OM_EXPR_NUMBER:
		strbuf_adds(sb, e->text);
		return;
	case OM_EXPR_NULL:
		strbuf_adds(sb, "NULL");
		return;
	case OM_EXPR_CALL: {
		struct strbuf *args = om_xcalloc(e->nargs ? e->nargs : 1, sizeof(*args));
		const char **av = om_xcalloc(e->nargs ? e->nargs : 1, sizeof(*av));

		for (size_t i = 0; i < e->nargs; i++) {
			strbuf_init(&args[i]);
			om_plan_render_expr(drv, c, &args[i], e->args[i], qual);
			av[i] = args[i].buf;
		}
		drv->render_call(sb, e->fn, av, e->nargs);
		for (size_t i = 0; i < e->nargs; i++)
			strbuf_release(&args[i]);
		free(args);
		free(av);
		return;
	}
	}
}

void om_plan_render_value(const struct om_driver *drv, struct om_conn *c, struct strbuf *sb,
			  const struct om_colmap *m, const char *qual)
{
	struct strbuf x = STRBUF_INIT;

	strbuf_init(&x);
	om_plan_render_expr(drv, c, &x, m->expr, qual);
	if (m->cut > 0)
		drv->render_cut(sb, x.buf, m->cut);
	else
		strbuf_add(sb, x.buf, x.len);
	strbuf_release(&x);
}

void om_plan_render_source(const struct om_plan *p, struct strbuf *sb, const char *table)
{
	if (p->source_db) {
		p->drv->quote_ident(sb, p->source_db);
		strbuf_addch(sb, '.');
	}
	p->drv->quote_ident(sb, table);
}

/* ---- pre-checks ----------------------------------------------------------- */

struct counts {
	long long *v;
	size_t n;
};

static int counts_row(void *ud, int ncols, const char *const *vals)
{
	struct counts *c = ud;

	for (int i = 0; i < ncols && (size_t)i < c->n; i++)
		c->v[i] = vals[i] ? strtoll(vals[i], NULL, 10) : 0;
	return 0;
}

static int examples_row(void *ud, int ncols, const char *const *vals)
{
	struct om_strlist *l = ud;
	struct strbuf sb = STRBUF_INIT;

	strbuf_init(&sb);
	for (int i = 0; i < ncols; i++) {
		const char *v = vals[i] ? vals[i] : "NULL";

		if (i)
			strbuf_adds(&sb, i == ncols - 1 ? ": " : ", ");
		/* Examples are for a human: keep them short. */
		if (strlen(v) > 80)
			strbuf_addf(&sb, "\"%.77s...\"", v);
		else
			strbuf_addf(&sb, "\"%s\"", v);
	}
	om_strlist_add(l, sb.buf);
	strbuf_release(&sb);
	return 0;
}

/* Call fn for every validated function call in e. */
static void find_validated(const struct om_expr *e, const struct om_expr **out, size_t *n, size_t max)
{
	if (e->kind == OM_EXPR_CALL && om_functions[e->fn].validated && *n < max)
		out[(*n)++] = e;
	for (size_t i = 0; i < e->nargs; i++)
		find_validated(e->args[i], out, n, max);
}

/* The source key columns (for examples) and a comma, when the table has a key. */
static void key_select(const struct om_plan *p, const struct om_step *st, struct strbuf *sb)
{
	const struct om_key *k = first_key(st->source_def, OM_KEY_PRIMARY);

	if (!k)
		k = first_key(st->source_def, OM_KEY_UNIQUE);
	for (size_t i = 0; k && i < k->ncols; i++) {
		p->drv->quote_ident(sb, k->cols[i]);
		strbuf_adds(sb, ", ");
	}
}

static int precheck_step(struct om_plan *p, struct om_step *st, struct om_conn *c, struct om_error *err)
{
	const struct om_driver *drv = p->drv;
	struct strbuf q = STRBUF_INIT, from = STRBUF_INIT;
	const struct om_expr *vals[64];
	size_t nval = 0, ncounts = 1;
	struct counts cnt;
	int rc = -1;

	strbuf_init(&q);
	strbuf_init(&from);
	om_plan_render_source(p, &from, st->source);
	strbuf_adds(&q, "SELECT count(*)");
	for (size_t i = 0; i < st->ncols; i++) {
		const struct om_colmap *m = &st->cols[i];
		struct strbuf x = STRBUF_INIT;

		if (!m->expr)
			continue;
		strbuf_init(&x);
		if (m->cut) {
			om_plan_render_expr(drv, c, &x, m->expr, NULL);
			strbuf_adds(&q, ", sum(CASE WHEN ");
			drv->render_length(&q, x.buf);
			strbuf_addf(&q, " > %d THEN 1 ELSE 0 END)", m->cut);
			ncounts++;
		}
		strbuf_release(&x);
		{
			size_t before = nval;

			find_validated(m->expr, vals, &nval, 64);
			for (size_t j = before; j < nval; j++) {
				struct strbuf a = STRBUF_INIT;

				strbuf_init(&a);
				om_plan_render_expr(drv, c, &a, vals[j]->args[0], NULL);
				strbuf_adds(&q, ", sum(CASE WHEN ");
				drv->render_invalid(&q, vals[j]->fn, a.buf);
				strbuf_adds(&q, " THEN 1 ELSE 0 END)");
				strbuf_release(&a);
				ncounts++;
			}
		}
	}
	strbuf_addf(&q, " FROM %s", from.buf);
	cnt.n = ncounts;
	cnt.v = om_xcalloc(ncounts, sizeof(long long));
	if (drv->query(c, q.buf, counts_row, &cnt, err))
		goto out;
	st->rows_before = cnt.v[0];
	{
		size_t k = 1;

		nval = 0;
		for (size_t i = 0; i < st->ncols; i++) {
			struct om_colmap *m = &st->cols[i];
			size_t before = nval;

			if (!m->expr)
				continue;
			if (m->cut)
				m->cut_count = cnt.v[k++];
			find_validated(m->expr, vals, &nval, 64);
			for (size_t j = before; j < nval; j++)
				m->invalid_count += cnt.v[k++];
		}
	}
	/* Examples and messages. */
	for (size_t i = 0; i < st->ncols; i++) {
		struct om_colmap *m = &st->cols[i];
		struct strbuf x = STRBUF_INIT;

		if (!m->cut_count && !m->invalid_count)
			continue;
		strbuf_init(&x);
		strbuf_reset(&q);
		strbuf_adds(&q, "SELECT ");
		key_select(p, st, &q);
		if (m->invalid_count) {
			const struct om_expr *v1[1];
			size_t n1 = 0;
			struct strbuf a = STRBUF_INIT;

			find_validated(m->expr, v1, &n1, 1);
			strbuf_init(&a);
			om_plan_render_expr(drv, c, &a, v1[0]->args[0], NULL);
			strbuf_addf(&q, "%s FROM %s WHERE ", a.buf, from.buf);
			drv->render_invalid(&q, v1[0]->fn, a.buf);
			strbuf_release(&a);
		} else {
			om_plan_render_expr(drv, c, &x, m->expr, NULL);
			strbuf_addf(&q, "%s FROM %s WHERE ", x.buf, from.buf);
			drv->render_length(&q, x.buf);
			strbuf_addf(&q, " > %d", m->cut);
		}
		strbuf_adds(&q, " LIMIT 3");
		strbuf_release(&x);
		if (drv->query(c, q.buf, examples_row, &m->examples, err))
			goto out;
		{
			struct strbuf ex = STRBUF_INIT;

			strbuf_init(&ex);
			for (size_t j = 0; j < m->examples.n; j++)
				strbuf_addf(&ex, "%s%s", j ? "; " : "", m->examples.v[j]);
			if (m->invalid_count) {
				if (p->force)
					om_strlist_addf(&p->warnings,
							"%s.%s: %lld invalid value%s become 0.0.0.0 (--force); e.g. %s",
							st->target->name, m->col->name, m->invalid_count,
							m->invalid_count == 1 ? "" : "s", ex.buf);
				else
					om_strlist_addf(&p->problems,
							"%s.%s: %lld value%s of %s.%s %s not a gateway address "
							"(an integer from 1 to 4294967295); e.g. %s",
							st->target->name, m->col->name, m->invalid_count,
							m->invalid_count == 1 ? "" : "s", st->source, m->col->name,
							m->invalid_count == 1 ? "is" : "are", ex.buf);
			}
			if (m->cut_count)
				om_strlist_addf(&p->warnings,
						"%s.%s: %lld value%s longer than %d characters %s cut (the full value%s stay%s in %s); e.g. %s",
						st->target->name, m->col->name, m->cut_count,
						m->cut_count == 1 ? "" : "s", m->cut, m->cut_count == 1 ? "is" : "are",
						m->cut_count == 1 ? "" : "s", m->cut_count == 1 ? "s" : "",
						st->retained ? st->retained : st->source, ex.buf);
			strbuf_release(&ex);
		}
	}
	/*
	 * Ids kept from a wider or unsigned type must fit the new one (1.1's
	 * bigint(20) usr_preferences and sip_trace ids into int(10)), where the
	 * engine enforces integer ranges.
	 */
	if (drv->caps & OM_CAP_INT_RANGES)
		for (size_t i = 0; i < st->ncols; i++) {
			struct om_colmap *m = &st->cols[i];
			struct om_type tt;
			long long bad = 0;
			struct counts one = { &bad, 1 };
			const char *max;

			if (!m->col->autoinc || !m->expr || m->expr->kind != OM_EXPR_COLUMN)
				continue;
			om_column_effective(m->col, p->engine, &tt, NULL, NULL);
			if (!strcmp(tt.base, "int"))
				max = tt.is_unsigned ? "4294967295" : "2147483647";
			else
				continue;
			strbuf_reset(&q);
			strbuf_adds(&q, "SELECT count(*) FROM ");
			strbuf_adds(&q, from.buf);
			strbuf_adds(&q, " WHERE ");
			om_plan_render_expr(drv, c, &q, m->expr, NULL);
			strbuf_addf(&q, " > %s OR ", max);
			om_plan_render_expr(drv, c, &q, m->expr, NULL);
			strbuf_adds(&q, " < 0");
			if (drv->query(c, q.buf, counts_row, &one, err))
				goto out;
			if (!bad)
				continue;
			if (p->force) {
				/* Renumbered: new ids for every row, in the old key order. */
				om_expr_free(m->expr);
				m->expr = NULL;
				om_strlist_addf(&p->warnings, "%s.%s: %lld id%s out of the range of %s; all rows get new "
						"ids (--force; the old ids stay in %s)", st->target->name, m->col->name, bad,
						bad == 1 ? " is" : "s are", tt.base, st->retained ? st->retained : st->source);
			} else {
				om_strlist_addf(&p->problems, "%s.%s: %lld id%s out of the range of the new %s column",
						st->target->name, m->col->name, bad, bad == 1 ? " is" : "s are", tt.base);
			}
		}
	/* Collisions on new unique keys that the old keys do not rule out. */
	for (size_t u = 0; u < st->check_unique.n; u++) {
		const struct om_key *k = NULL;
		long long dups = 0;
		struct counts one = { &dups, 1 };

		for (size_t i = 0; i < st->target->nkeys; i++) {
			const struct om_key *tk = &st->target->keys[i];

			if ((tk->kind == OM_KEY_PRIMARY && !strcmp(st->check_unique.v[u], "PRIMARY")) ||
			    (tk->name && !strcmp(tk->name, st->check_unique.v[u])))
				k = tk;
		}
		strbuf_reset(&q);
		strbuf_adds(&q, "SELECT sum(n - 1) FROM (SELECT count(*) AS n FROM ");
		strbuf_adds(&q, from.buf);
		strbuf_adds(&q, " GROUP BY ");
		for (size_t i = 0; i < k->ncols; i++) {
			bool found = false;

			if (i)
				strbuf_adds(&q, ", ");
			for (size_t j = 0; j < st->ncols; j++)
				if (!strcmp(st->cols[j].col->name, k->cols[i]) && st->cols[j].expr) {
					om_plan_render_value(drv, c, &q, &st->cols[j], NULL);
					found = true;
				}
			if (!found)
				strbuf_adds(&q, "NULL");
		}
		strbuf_adds(&q, " HAVING count(*) > 1) AS dups");
		if (drv->query(c, q.buf, counts_row, &one, err))
			goto out;
		if (dups > 0) {
			st->dup_count += dups;
			if (p->force) {
				st->ignore_dups = true;
				om_strlist_addf(&p->warnings,
						"%s: %lld row%s collide on the new unique key \"%s\" and %s skipped "
						"(--force; the first row by the old key order is kept; all stay in %s)",
						st->target->name, dups, dups == 1 ? "" : "s", om_key_name(k, p->engine),
						dups == 1 ? "is" : "are", st->retained ? st->retained : st->source);
			} else {
				om_strlist_addf(&p->problems,
						"%s: %lld row%s would collide on the new unique key \"%s\"",
						st->target->name, dups, dups == 1 ? "" : "s", om_key_name(k, p->engine));
			}
		}
	}
	rc = 0;
out:
	free(cnt.v);
	strbuf_release(&q);
	strbuf_release(&from);
	return rc;
}

static int count_rows(struct om_plan *p, struct om_conn *c, const char *table, long long *n,
		      struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct counts cnt = { n, 1 };
	int rc;

	strbuf_init(&q);
	strbuf_adds(&q, "SELECT count(*) FROM ");
	om_plan_render_source(p, &q, table);
	rc = p->drv->query(c, q.buf, counts_row, &cnt, err);
	strbuf_release(&q);
	return rc;
}

int om_plan_precheck(struct om_plan *p, struct om_conn *c, const struct om_plan_opts *o,
		     struct om_error *err)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		struct om_step *st = &p->steps[i];

		if (!st->source)
			continue;
		if (precheck_step(p, st, c, err))
			return -1;
	}
	/* An explicit HAS_SERWEB=no (or any class option "no") that would drop rows. */
	for (size_t i = 0; p->from && i < p->from->nclasses; i++) {
		const struct om_class *cls = &p->from->classes[i];
		struct strbuf rows = STRBUF_INIT;
		long long total = 0;

		if (!cls->option || yesno(getvar(o, cls->option)) != 0 || p->from == p->to)
			continue;
		strbuf_init(&rows);
		for (size_t t = 0; t < p->left.n; t++) {
			const struct om_table *st = om_schema_table(p->from, p->left.v[t]);
			long long n = 0;

			if (!st || strcmp(st->cls, cls->name))
				continue;
			if (count_rows(p, c, st->name, &n, err)) {
				strbuf_release(&rows);
				return -1;
			}
			if (n) {
				strbuf_addf(&rows, "%s%s: %lld", rows.len ? ", " : "", st->name, n);
				total += n;
			}
		}
		if (total) {
			if (p->force)
				om_strlist_addf(&p->warnings,
						"%s=no (--force): the %s tables (%s) are left as they are and "
						"the %s columns are not carried into 1.2",
						cls->option, cls->name, rows.buf, cls->name);
			else
				om_strlist_addf(&p->problems,
						"%s=no, but the %s tables hold rows (%s): the upgraded database would "
						"drop the %s columns of subscriber; set %s=yes (or leave it unset), "
						"or use --force",
						cls->option, cls->name, rows.buf, cls->name, cls->option);
		}
		strbuf_release(&rows);
	}
	return 0;
}
