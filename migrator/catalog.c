/*
 * catalog.c: building, querying and comparing catalogs.  Drivers render
 * expected catalogs in the forms their introspection reports; the
 * comparison is by meaning where spellings may differ (types through the
 * engine's comparison, defaults by value, keys by their columns).
 */
#include "catalog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"

void om_catalog_init(struct om_catalog *c)
{
	memset(c, 0, sizeof(*c));
}

static void ctable_release(struct om_ctable *t)
{
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i].name);
		free(t->cols[i].type);
		free(t->cols[i].def);
	}
	free(t->cols);
	for (size_t i = 0; i < t->nidx; i++) {
		free(t->idx[i].name);
		for (size_t j = 0; j < t->idx[i].ncols; j++)
			free(t->idx[i].cols[j]);
		free(t->idx[i].cols);
	}
	free(t->idx);
	for (size_t i = 0; i < t->nchecks; i++) {
		free(t->checks[i].name);
		free(t->checks[i].sql);
	}
	free(t->checks);
	free(t->engine);
	free(t->collation);
	free(t->name);
}

void om_catalog_release(struct om_catalog *c)
{
	for (size_t i = 0; i < c->ntables; i++)
		ctable_release(&c->tables[i]);
	free(c->tables);
	for (size_t i = 0; i < c->nvrows; i++)
		free(c->vrows[i].table);
	free(c->vrows);
	om_catalog_init(c);
}

struct om_ctable *om_catalog_add_table(struct om_catalog *c, const char *name)
{
	struct om_ctable *t;

	OM_GROW(c->tables, c->ntables + 1, c->atables);
	t = &c->tables[c->ntables++];
	memset(t, 0, sizeof(*t));
	t->name = om_xstrdup(name);
	return t;
}

struct om_ccol *om_ctable_add_col(struct om_ctable *t, const char *name, const char *type,
				  bool notnull, const char *def, bool autoinc)
{
	struct om_ccol *c;

	OM_GROW(t->cols, t->ncols + 1, t->acols);
	c = &t->cols[t->ncols++];
	c->name = om_xstrdup(name);
	c->type = om_xstrdup(type);
	c->notnull = notnull;
	c->def = def ? om_xstrdup(def) : NULL;
	c->autoinc = autoinc;
	c->on_update = false;
	return c;
}

struct om_cindex *om_ctable_add_index(struct om_ctable *t, const char *name, enum om_key_kind kind)
{
	struct om_cindex *i;

	OM_GROW(t->idx, t->nidx + 1, t->aidx);
	i = &t->idx[t->nidx++];
	memset(i, 0, sizeof(*i));
	i->name = om_xstrdup(name);
	i->kind = kind;
	return i;
}

void om_cindex_add_col(struct om_cindex *i, const char *col)
{
	i->cols = om_xrealloc(i->cols, (i->ncols + 1) * sizeof(*i->cols));
	i->cols[i->ncols++] = om_xstrdup(col);
}

void om_ctable_add_check(struct om_ctable *t, const char *name, const char *sql)
{
	OM_GROW(t->checks, t->nchecks + 1, t->achecks);
	t->checks[t->nchecks].name = om_xstrdup(name);
	t->checks[t->nchecks].sql = om_xstrdup(sql);
	t->nchecks++;
}

void om_catalog_add_vrow(struct om_catalog *c, const char *table, int version)
{
	for (size_t i = 0; i < c->nvrows; i++)
		if (!strcmp(c->vrows[i].table, table)) {
			c->vrows[i].version = version;
			return;
		}
	OM_GROW(c->vrows, c->nvrows + 1, c->avrows);
	c->vrows[c->nvrows].table = om_xstrdup(table);
	c->vrows[c->nvrows].version = version;
	c->nvrows++;
}

struct om_ctable *om_catalog_table(const struct om_catalog *c, const char *name)
{
	for (size_t i = 0; i < c->ntables; i++)
		if (!strcmp(c->tables[i].name, name))
			return &c->tables[i];
	return NULL;
}

const struct om_ccol *om_ctable_col(const struct om_ctable *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}

bool om_catalog_vrow(const struct om_catalog *c, const char *table, int *version)
{
	for (size_t i = 0; i < c->nvrows; i++)
		if (!strcmp(c->vrows[i].table, table)) {
			*version = c->vrows[i].version;
			return true;
		}
	return false;
}

void om_catalog_remove_table(struct om_catalog *c, const char *name)
{
	for (size_t i = 0; i < c->ntables; i++)
		if (!strcmp(c->tables[i].name, name)) {
			ctable_release(&c->tables[i]);
			memmove(&c->tables[i], &c->tables[i + 1], (c->ntables - i - 1) * sizeof(*c->tables));
			c->ntables--;
			return;
		}
}

static const char *kind_name(enum om_key_kind k)
{
	return k == OM_KEY_PRIMARY ? "primary key" : k == OM_KEY_UNIQUE ? "unique key" : "index";
}

static void cols_text(struct strbuf *sb, char *const *cols, size_t n)
{
	strbuf_addch(sb, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		strbuf_adds(sb, cols[i]);
	}
	strbuf_addch(sb, ')');
}

static bool same_cols(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

const char *om_drift_kind_name(enum om_drift_kind kind)
{
	static const char *const names[] = {
		"missing table", "extra table", "missing column", "extra column", "column order", "type", "nullability",
		"default", "auto-increment", "on update", "primary key", "missing index", "extra index", "check",
		"version row"
	};

	return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

void om_driftlist_init(struct om_driftlist *l)
{
	memset(l, 0, sizeof(*l));
}

void om_driftlist_release(struct om_driftlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].table);
		free(l->v[i].name);
		free(l->v[i].text);
	}
	free(l->v);
	om_driftlist_init(l);
}

static struct om_drift *add_drift(struct om_driftlist *out, enum om_drift_kind kind, const char *table,
				  const char *name, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static struct om_drift *add_drift(struct om_driftlist *out, enum om_drift_kind kind, const char *table,
				  const char *name, const char *fmt, ...)
{
	struct om_drift *d;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	OM_GROW(out->v, out->n + 1, out->alloc);
	d = &out->v[out->n++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->table = table ? om_xstrdup(table) : NULL;
	d->name = name ? om_xstrdup(name) : NULL;
	d->text = strbuf_detach(&sb);
	return d;
}

/*
 * A default's value: NULL for none or NULL; a string literal without its
 * quotes; a number in its shortest form; the current time as one word.
 */
static char *default_value(const char *def)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	if (!def || !strcasecmp(def, "NULL"))
		return NULL;
	if (!strcasecmp(def, "current_timestamp") || !strcasecmp(def, "current_timestamp()") ||
	    !strcasecmp(def, "now()"))
		return om_xstrdup("current_timestamp");
	n = strlen(def);
	if (n >= 2 && def[0] == '\'' && def[n - 1] == '\'') {
		for (size_t i = 1; i + 1 < n; i++) {
			if (def[i] == '\'' && def[i + 1] == '\'')
				i++;
			strbuf_addch(&sb, def[i]);
		}
	} else {
		strbuf_adds(&sb, def);
	}
	/* 1.0, 1.00 and 1 are one value; so are '0' and 0. */
	if (sb.len && strspn(sb.buf, "-0123456789.") == sb.len && strchr(sb.buf, '.')) {
		while (sb.len > 1 && sb.buf[sb.len - 1] == '0')
			strbuf_setlen(&sb, sb.len - 1);
		if (sb.buf[sb.len - 1] == '.')
			strbuf_setlen(&sb, sb.len - 1);
	}
	return strbuf_detach(&sb);
}

static bool same_default(const char *a, const char *b)
{
	char *va = default_value(a), *vb = default_value(b);
	bool same = (!va && !vb) || (va && vb && !strcmp(va, vb));

	free(va);
	free(vb);
	return same;
}

static enum om_type_order type_order(om_type_cmp_fn cmp, const char *live, const char *expected)
{
	if (cmp)
		return cmp(live, expected);
	/* Type names are case-insensitive (SQLite reports some in upper case). */
	return strcasecmp(live, expected) ? OM_TYPE_OTHER : OM_TYPE_SAME;
}

static void diff_column(const struct om_ctable *e, const struct om_ccol *ec, const struct om_ccol *lc,
			om_type_cmp_fn cmp, struct om_driftlist *out)
{
	enum om_type_order order = type_order(cmp, lc->type, ec->type);

	if (order != OM_TYPE_SAME)
		add_drift(out, OM_DRIFT_TYPE, e->name, ec->name, "table \"%s\": column \"%s\" has type %s, expected %s",
			  e->name, ec->name, lc->type, ec->type)->order = order;
	if (ec->notnull != lc->notnull)
		add_drift(out, OM_DRIFT_NULL, e->name, ec->name, "table \"%s\": column \"%s\" is %s, expected %s",
			  e->name, ec->name, lc->notnull ? "NOT NULL" : "nullable", ec->notnull ? "NOT NULL" : "nullable");
	if (!same_default(ec->def, lc->def))
		add_drift(out, OM_DRIFT_DEFAULT, e->name, ec->name, "table \"%s\": column \"%s\" has default %s, expected %s",
			  e->name, ec->name, lc->def ? lc->def : "(none)", ec->def ? ec->def : "(none)");
	if (ec->on_update != lc->on_update)
		add_drift(out, OM_DRIFT_ON_UPDATE, e->name, ec->name,
			  "table \"%s\": column \"%s\" is %supdated on every change, expected %s", e->name, ec->name,
			  lc->on_update ? "" : "not ", ec->on_update ? "it to be" : "not");
	if (ec->autoinc != lc->autoinc)
		add_drift(out, OM_DRIFT_AUTOINC, e->name, ec->name, "table \"%s\": column \"%s\" is %sauto-increment, expected %s",
			  e->name, ec->name, lc->autoinc ? "" : "not ", ec->autoinc ? "auto-increment" : "not");
}

static void diff_order(const struct om_ctable *e, const struct om_ctable *l, struct om_driftlist *out)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	char **ea, **la;

	/* No columns listed (PostgreSQL's retained tables): no order either. */
	if (e->ncols != l->ncols || !e->ncols)
		return;
	for (size_t i = 0; i < e->ncols; i++)
		if (!om_ctable_col(l, e->cols[i].name))
			return;
	for (size_t i = 0; i < e->ncols; i++)
		if (strcmp(l->cols[i].name, e->cols[i].name))
			break;
		else if (i + 1 == e->ncols)
			return;
	ea = om_xcalloc(e->ncols, sizeof(char *));
	la = om_xcalloc(l->ncols, sizeof(char *));
	for (size_t i = 0; i < e->ncols; i++) {
		ea[i] = e->cols[i].name;
		la[i] = l->cols[i].name;
	}
	cols_text(&a, ea, e->ncols);
	cols_text(&b, la, l->ncols);
	add_drift(out, OM_DRIFT_COLUMN_ORDER, e->name, NULL, "table \"%s\": columns are in the order %s, expected %s",
		  e->name, b.buf, a.buf);
	free(ea);
	free(la);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void diff_columns(const struct om_ctable *e, const struct om_ctable *l, om_type_cmp_fn cmp,
			 struct om_driftlist *out)
{
	for (size_t i = 0; i < e->ncols; i++) {
		const struct om_ccol *lc = om_ctable_col(l, e->cols[i].name);

		if (!lc)
			add_drift(out, OM_DRIFT_MISSING_COLUMN, e->name, e->cols[i].name,
				  "table \"%s\": missing column \"%s\"", e->name, e->cols[i].name);
		else
			diff_column(e, &e->cols[i], lc, cmp, out);
	}
	for (size_t i = 0; i < l->ncols; i++)
		if (!om_ctable_col(e, l->cols[i].name))
			add_drift(out, OM_DRIFT_EXTRA_COLUMN, e->name, l->cols[i].name,
				  "table \"%s\": unexpected column \"%s\"", e->name, l->cols[i].name);
	diff_order(e, l, out);
}

/* The index of t of the same kind on the same columns (the primary key by its kind), whatever its name. */
static const struct om_cindex *find_index(const struct om_ctable *t, const struct om_cindex *want)
{
	for (size_t i = 0; i < t->nidx; i++) {
		if (want->kind == OM_KEY_PRIMARY && t->idx[i].kind == OM_KEY_PRIMARY)
			return &t->idx[i];
		if (want->kind != OM_KEY_PRIMARY && t->idx[i].kind == want->kind &&
		    same_cols(t->idx[i].cols, t->idx[i].ncols, want->cols, want->ncols))
			return &t->idx[i];
	}
	return NULL;
}

static void diff_indexes(const struct om_ctable *e, const struct om_ctable *l, struct om_driftlist *out)
{
	for (size_t i = 0; i < e->nidx; i++) {
		const struct om_cindex *ei = &e->idx[i];
		const struct om_cindex *li = find_index(l, ei);
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

		cols_text(&a, ei->cols, ei->ncols);
		if (li && ei->kind == OM_KEY_PRIMARY && !same_cols(ei->cols, ei->ncols, li->cols, li->ncols)) {
			cols_text(&b, li->cols, li->ncols);
			add_drift(out, OM_DRIFT_PRIMARY_KEY, e->name, NULL, "table \"%s\": primary key is %s, expected %s",
				  e->name, b.buf, a.buf);
		} else if (!li && ei->kind == OM_KEY_PRIMARY) {
			add_drift(out, OM_DRIFT_PRIMARY_KEY, e->name, NULL, "table \"%s\": missing primary key %s", e->name,
				  a.buf);
		} else if (!li) {
			add_drift(out, OM_DRIFT_MISSING_INDEX, e->name, ei->name, "table \"%s\": missing %s \"%s\" %s",
				  e->name, kind_name(ei->kind), ei->name, a.buf);
		}
		strbuf_release(&a);
		strbuf_release(&b);
	}
	for (size_t i = 0; i < l->nidx; i++) {
		const struct om_cindex *li = &l->idx[i];
		struct strbuf b = STRBUF_INIT;

		if (find_index(e, li))
			continue;
		cols_text(&b, li->cols, li->ncols);
		if (li->kind == OM_KEY_PRIMARY)
			add_drift(out, OM_DRIFT_PRIMARY_KEY, e->name, NULL, "table \"%s\": unexpected primary key %s", e->name,
				  b.buf);
		else
			add_drift(out, OM_DRIFT_EXTRA_INDEX, e->name, li->name, "table \"%s\": unexpected %s \"%s\" %s",
				  e->name, kind_name(li->kind), li->name, b.buf);
		strbuf_release(&b);
	}
}

static void diff_checks(const struct om_ctable *e, const struct om_ctable *l, struct om_driftlist *out)
{
	for (size_t i = 0; i < e->nchecks; i++) {
		const struct om_ccheck *found = NULL;

		for (size_t j = 0; j < l->nchecks; j++)
			if (!strcmp(l->checks[j].name, e->checks[i].name))
				found = &l->checks[j];
		if (!found)
			add_drift(out, OM_DRIFT_CHECK, e->name, e->checks[i].name, "table \"%s\": missing check \"%s\"",
				  e->name, e->checks[i].name);
		else if (strcmp(found->sql, e->checks[i].sql))
			add_drift(out, OM_DRIFT_CHECK, e->name, e->checks[i].name,
				  "table \"%s\": check \"%s\" is %s, expected %s", e->name, e->checks[i].name, found->sql,
				  e->checks[i].sql);
	}
	for (size_t j = 0; j < l->nchecks; j++) {
		bool found = false;

		for (size_t i = 0; i < e->nchecks; i++)
			if (!strcmp(l->checks[j].name, e->checks[i].name))
				found = true;
		if (!found)
			add_drift(out, OM_DRIFT_CHECK, e->name, l->checks[j].name, "table \"%s\": unexpected check \"%s\"",
				  e->name, l->checks[j].name);
	}
}

static void diff_vrows(const struct om_catalog *expected, const struct om_catalog *live, struct om_driftlist *out)
{
	for (size_t i = 0; i < expected->nvrows; i++) {
		const struct om_vrow *v = &expected->vrows[i];
		const struct om_ctable *et = om_catalog_table(expected, v->table);
		int have;

		/* An optional table that is absent needs no row either. */
		if (et && et->optional && !om_catalog_table(live, v->table))
			continue;
		if (!om_catalog_vrow(live, v->table, &have))
			add_drift(out, OM_DRIFT_VERSION_ROW, v->table, NULL, "version row of \"%s\" is missing, expected %d",
				  v->table, v->version);
		else if (have != v->version)
			add_drift(out, OM_DRIFT_VERSION_ROW, v->table, NULL, "version row of \"%s\" is %d, expected %d",
				  v->table, have, v->version);
	}
}

void om_catalog_compare(const struct om_catalog *expected, const struct om_catalog *live,
			bool (*known)(const char *table, void *ud), void *ud, om_type_cmp_fn cmp,
			struct om_driftlist *out)
{
	for (size_t i = 0; i < expected->ntables; i++) {
		const struct om_ctable *e = &expected->tables[i];
		const struct om_ctable *l = om_catalog_table(live, e->name);

		if (!l) {
			if (!e->optional)
				add_drift(out, OM_DRIFT_MISSING_TABLE, e->name, NULL, "missing table \"%s\"", e->name);
			continue;
		}
		diff_columns(e, l, cmp, out);
		diff_indexes(e, l, out);
		diff_checks(e, l, out);
	}
	for (size_t i = 0; i < live->ntables; i++) {
		const char *name = live->tables[i].name;

		if (!om_catalog_table(expected, name) && known && known(name, ud))
			add_drift(out, OM_DRIFT_EXTRA_TABLE, name, NULL, "unexpected table \"%s\"", name);
	}
	diff_vrows(expected, live, out);
}

void om_catalog_diff(const struct om_catalog *expected, const struct om_catalog *live,
		     bool (*known)(const char *table, void *ud), void *ud,
		     struct om_strlist *out)
{
	struct om_driftlist l;

	om_driftlist_init(&l);
	om_catalog_compare(expected, live, known, ud, NULL, &l);
	for (size_t i = 0; i < l.n; i++)
		om_strlist_add(out, l.v[i].text);
	om_driftlist_release(&l);
}
