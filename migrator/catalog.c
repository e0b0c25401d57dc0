/*
 * catalog.c: building, querying and comparing catalogs.  The comparison
 * is textual on purpose: drivers render expected catalogs in exactly the
 * forms their introspection reports.
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

static const char *article(enum om_key_kind k)
{
	return k == OM_KEY_INDEX ? "an" : "a";
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

static const struct om_cindex *find_index(const struct om_ctable *t, const struct om_cindex *want)
{
	for (size_t i = 0; i < t->nidx; i++) {
		if (want->kind == OM_KEY_PRIMARY && t->idx[i].kind == OM_KEY_PRIMARY)
			return &t->idx[i];
		if (want->kind != OM_KEY_PRIMARY && t->idx[i].kind != OM_KEY_PRIMARY &&
		    !strcmp(t->idx[i].name, want->name))
			return &t->idx[i];
	}
	return NULL;
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static void diff_columns(const struct om_ctable *e, const struct om_ctable *l, struct om_strlist *out)
{
	bool order_ok = e->ncols == l->ncols;

	for (size_t i = 0; i < e->ncols; i++) {
		const struct om_ccol *ec = &e->cols[i];
		const struct om_ccol *lc = om_ctable_col(l, ec->name);

		if (!lc) {
			om_strlist_addf(out, "table \"%s\": missing column \"%s\"", e->name, ec->name);
			order_ok = false;
			continue;
		}
		if (order_ok && strcmp(l->cols[i].name, ec->name))
			order_ok = false;
		/* Type names are case-insensitive (SQLite reports some in upper case). */
		if (strcasecmp(ec->type, lc->type))
			om_strlist_addf(out, "table \"%s\": column \"%s\" has type %s, expected %s",
				    e->name, ec->name, lc->type, ec->type);
		if (ec->notnull != lc->notnull)
			om_strlist_addf(out, "table \"%s\": column \"%s\" is %s, expected %s", e->name, ec->name,
				    lc->notnull ? "NOT NULL" : "nullable", ec->notnull ? "NOT NULL" : "nullable");
		if (!str_eq(ec->def, lc->def))
			om_strlist_addf(out, "table \"%s\": column \"%s\" has default %s, expected %s",
				    e->name, ec->name, lc->def ? lc->def : "(none)", ec->def ? ec->def : "(none)");
		if (ec->on_update != lc->on_update)
			om_strlist_addf(out, "table \"%s\": column \"%s\" is %supdated on every change, expected %s",
					e->name, ec->name, lc->on_update ? "" : "not ", ec->on_update ? "it to be" : "not");
		if (ec->autoinc != lc->autoinc)
			om_strlist_addf(out, "table \"%s\": column \"%s\" is %sauto-increment, expected %s",
				    e->name, ec->name, lc->autoinc ? "" : "not ", ec->autoinc ? "auto-increment" : "not");
	}
	for (size_t i = 0; i < l->ncols; i++)
		if (!om_ctable_col(e, l->cols[i].name)) {
			om_strlist_addf(out, "table \"%s\": unexpected column \"%s\"", e->name, l->cols[i].name);
			order_ok = false;
		}
	if (!order_ok && e->ncols == l->ncols) {
		bool same_set = true;

		for (size_t i = 0; i < e->ncols; i++)
			if (!om_ctable_col(l, e->cols[i].name))
				same_set = false;
		if (same_set) {
			struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
			char **ea = om_xcalloc(e->ncols, sizeof(char *));
			char **la = om_xcalloc(l->ncols, sizeof(char *));

			for (size_t i = 0; i < e->ncols; i++) {
				ea[i] = e->cols[i].name;
				la[i] = l->cols[i].name;
			}
			cols_text(&a, ea, e->ncols);
			cols_text(&b, la, l->ncols);
			om_strlist_addf(out, "table \"%s\": columns are in the order %s, expected %s",
				    e->name, b.buf, a.buf);
			free(ea);
			free(la);
			strbuf_release(&a);
			strbuf_release(&b);
		}
	}
}

static void diff_indexes(const struct om_ctable *e, const struct om_ctable *l, struct om_strlist *out)
{
	for (size_t i = 0; i < e->nidx; i++) {
		const struct om_cindex *ei = &e->idx[i];
		const struct om_cindex *li = find_index(l, ei);
		struct strbuf a = STRBUF_INIT;

		cols_text(&a, ei->cols, ei->ncols);
		if (!li) {
			if (ei->kind == OM_KEY_PRIMARY)
				om_strlist_addf(out, "table \"%s\": missing primary key %s", e->name, a.buf);
			else
				om_strlist_addf(out, "table \"%s\": missing %s \"%s\" %s", e->name,
					    kind_name(ei->kind), ei->name, a.buf);
		} else if (li->kind != ei->kind || !same_cols(ei->cols, ei->ncols, li->cols, li->ncols)) {
			struct strbuf b = STRBUF_INIT;

			cols_text(&b, li->cols, li->ncols);
			if (ei->kind == OM_KEY_PRIMARY)
				om_strlist_addf(out, "table \"%s\": primary key is %s, expected %s", e->name, b.buf, a.buf);
			else
				om_strlist_addf(out, "table \"%s\": \"%s\" is %s %s on %s, expected %s %s on %s",
					    e->name, ei->name, article(li->kind), kind_name(li->kind), b.buf,
					    article(ei->kind), kind_name(ei->kind), a.buf);
			strbuf_release(&b);
		}
		strbuf_release(&a);
	}
	for (size_t i = 0; i < l->nidx; i++) {
		const struct om_cindex *li = &l->idx[i];

		if (!find_index(e, li)) {
			struct strbuf b = STRBUF_INIT;

			cols_text(&b, li->cols, li->ncols);
			if (li->kind == OM_KEY_PRIMARY)
				om_strlist_addf(out, "table \"%s\": unexpected primary key %s", e->name, b.buf);
			else
				om_strlist_addf(out, "table \"%s\": unexpected %s \"%s\" %s", e->name,
					    kind_name(li->kind), li->name, b.buf);
			strbuf_release(&b);
		}
	}
}

static void diff_checks(const struct om_ctable *e, const struct om_ctable *l, struct om_strlist *out)
{
	for (size_t i = 0; i < e->nchecks; i++) {
		const struct om_ccheck *found = NULL;

		for (size_t j = 0; j < l->nchecks; j++)
			if (!strcmp(l->checks[j].name, e->checks[i].name))
				found = &l->checks[j];
		if (!found)
			om_strlist_addf(out, "table \"%s\": missing check \"%s\"", e->name, e->checks[i].name);
		else if (strcmp(found->sql, e->checks[i].sql))
			om_strlist_addf(out, "table \"%s\": check \"%s\" is %s, expected %s", e->name,
				    e->checks[i].name, found->sql, e->checks[i].sql);
	}
	for (size_t j = 0; j < l->nchecks; j++) {
		bool found = false;

		for (size_t i = 0; i < e->nchecks; i++)
			if (!strcmp(l->checks[j].name, e->checks[i].name))
				found = true;
		if (!found)
			om_strlist_addf(out, "table \"%s\": unexpected check \"%s\"", e->name, l->checks[j].name);
	}
}

void om_catalog_diff(const struct om_catalog *expected, const struct om_catalog *live,
		     bool (*known)(const char *table, void *ud), void *ud,
		     struct om_strlist *out)
{
	for (size_t i = 0; i < expected->ntables; i++) {
		const struct om_ctable *e = &expected->tables[i];
		const struct om_ctable *l = om_catalog_table(live, e->name);

		if (!l) {
			if (!e->optional)
				om_strlist_addf(out, "missing table \"%s\"", e->name);
			continue;
		}
		diff_columns(e, l, out);
		diff_indexes(e, l, out);
		diff_checks(e, l, out);
	}
	for (size_t i = 0; i < live->ntables; i++) {
		const char *name = live->tables[i].name;

		if (!om_catalog_table(expected, name) && known && known(name, ud))
			om_strlist_addf(out, "unexpected table \"%s\"", name);
	}
	for (size_t i = 0; i < expected->nvrows; i++) {
		const struct om_vrow *v = &expected->vrows[i];
		const struct om_ctable *et = om_catalog_table(expected, v->table);
		int have;

		/* An optional table that is absent needs no row either. */
		if (et && et->optional && !om_catalog_table(live, v->table))
			continue;
		if (!om_catalog_vrow(live, v->table, &have))
			om_strlist_addf(out, "version row of \"%s\" is missing, expected %d", v->table, v->version);
		else if (have != v->version)
			om_strlist_addf(out, "version row of \"%s\" is %d, expected %d", v->table, have, v->version);
	}
}
