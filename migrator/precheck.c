/*
 * precheck.c: the pre-checks.  Before anything changes, the database is
 * asked what the plan will meet: rows per source table, values that will
 * be cut, inputs a mapping function rejects, ids out of a new column's
 * range, rows that collide on a new unique key, and serweb rows that an
 * explicit HAS_SERWEB=no would leave behind.  With --force the problems
 * become warnings and the plan adapts.  Nothing is changed.
 */
#include "precheck.h"

#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "strbuf.h"

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

int om_query_counts(const struct om_driver *drv, struct om_conn *c, const char *sql, long long *v, size_t n,
		    struct om_error *err)
{
	struct counts cnt = { v, n };

	return drv->query(c, sql, counts_row, &cnt, err);
}

static int examples_row(void *ud, int ncols, const char *const *vals)
{
	struct om_strlist *l = ud;
	struct strbuf sb = STRBUF_INIT;

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

/* The validated function calls in e (at most max), depth first. */
static void find_validated(const struct om_expr *e, const struct om_expr **out, size_t *n, size_t max)
{
	if (e->kind == OM_EXPR_CALL && om_functions[e->fn].validated && *n < max)
		out[(*n)++] = e;
	for (size_t i = 0; i < e->nargs; i++)
		find_validated(e->args[i], out, n, max);
}

/* What every pre-check of one step needs. */
struct check {
	struct om_plan *p;
	struct om_step *st;
	struct om_conn *c;
	const struct om_driver *drv;
	struct strbuf from;          /* the source table, as SQL */
};

/* The retained table (or, for a new table, the source) that keeps the old values. */
static const char *keeper(const struct om_step *st)
{
	return st->retained ? st->retained : st->source;
}

/* ", sum(CASE WHEN <validated fn rejects its argument> THEN 1 ELSE 0 END)" for each in m. */
static size_t add_invalid_sums(struct check *k, const struct om_colmap *m, struct strbuf *q)
{
	const struct om_expr *vals[64];
	size_t nval = 0;

	find_validated(m->expr, vals, &nval, 64);
	for (size_t j = 0; j < nval; j++) {
		struct strbuf a = STRBUF_INIT;

		om_render_expr(&a, k->p, k->c, vals[j]->args[0]);
		strbuf_adds(q, ", sum(CASE WHEN ");
		k->drv->invalid(q, (enum om_fn)vals[j]->fn, a.buf);
		strbuf_adds(q, " THEN 1 ELSE 0 END)");
		strbuf_release(&a);
	}
	return nval;
}

/* Phase 1, one pass over the source: its rows, the values to cut, the rejected inputs. */
static int count_step(struct check *k, struct om_error *err)
{
	struct om_step *st = k->st;
	struct strbuf q = STRBUF_INIT;
	size_t ncounts = 1, *ninvalid = om_xcalloc(st->ncols ? st->ncols : 1, sizeof(size_t));
	long long *cnt;
	int rc;

	strbuf_adds(&q, "SELECT count(*)");
	for (size_t i = 0; i < st->ncols; i++) {
		const struct om_colmap *m = &st->cols[i];

		if (!m->expr)
			continue;
		if (m->cut) {
			struct strbuf x = STRBUF_INIT;

			om_render_expr(&x, k->p, k->c, m->expr);
			strbuf_adds(&q, ", sum(CASE WHEN ");
			k->drv->length(&q, x.buf);
			strbuf_addf(&q, " > %d THEN 1 ELSE 0 END)", m->cut);
			strbuf_release(&x);
			ncounts++;
		}
		ninvalid[i] = add_invalid_sums(k, m, &q);
		ncounts += ninvalid[i];
		if (m->null_check) {
			strbuf_adds(&q, ", sum(CASE WHEN ");
			om_render_expr(&q, k->p, k->c, m->expr);
			strbuf_adds(&q, " IS NULL THEN 1 ELSE 0 END)");
			ncounts++;
		}
	}
	strbuf_addf(&q, " FROM %s", k->from.buf);
	cnt = om_xcalloc(ncounts, sizeof(long long));
	rc = om_query_counts(k->drv, k->c, q.buf, cnt, ncounts, err);
	if (!rc) {
		size_t n = 1;

		st->rows_before = cnt[0];
		for (size_t i = 0; i < st->ncols; i++) {
			struct om_colmap *m = &st->cols[i];

			if (!m->expr)
				continue;
			if (m->cut)
				m->cut_count = cnt[n++];
			for (size_t j = 0; j < ninvalid[i]; j++)
				m->invalid_count += cnt[n++];
			if (m->null_check)
				m->null_count = cnt[n++];
		}
	}
	free(cnt);
	free(ninvalid);
	strbuf_release(&q);
	return rc;
}

/* The source key columns (for examples) and a comma, when the table has a key. */
static void key_select(const struct check *k, struct strbuf *sb)
{
	const struct om_key *key = om_table_first_key(k->st->source_def, OM_KEY_PRIMARY);

	if (!key)
		key = om_table_first_key(k->st->source_def, OM_KEY_UNIQUE);
	for (size_t i = 0; key && i < key->ncols; i++) {
		k->drv->quote_ident(sb, key->cols[i]);
		strbuf_adds(sb, ", ");
	}
}

/* Up to three rows, with their key, where column m's value is rejected (or cut). */
static int read_examples(struct check *k, struct om_colmap *m, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT, x = STRBUF_INIT;
	int rc;

	strbuf_adds(&q, "SELECT ");
	key_select(k, &q);
	if (m->invalid_count) {
		const struct om_expr *v1[1];
		size_t n1 = 0;

		find_validated(m->expr, v1, &n1, 1);
		om_render_expr(&x, k->p, k->c, v1[0]->args[0]);
		strbuf_addf(&q, "%s FROM %s WHERE ", x.buf, k->from.buf);
		k->drv->invalid(&q, (enum om_fn)v1[0]->fn, x.buf);
	} else {
		om_render_expr(&x, k->p, k->c, m->expr);
		strbuf_addf(&q, "%s FROM %s WHERE ", x.buf, k->from.buf);
		k->drv->length(&q, x.buf);
		strbuf_addf(&q, " > %d", m->cut);
	}
	strbuf_adds(&q, " LIMIT 3");
	rc = k->drv->query(k->c, q.buf, examples_row, &m->examples, err);
	strbuf_release(&x);
	strbuf_release(&q);
	return rc;
}

/* Phase 2: examples of the values phase 1 found, and what they mean for the run. */
static int report_values(struct check *k, struct om_error *err)
{
	struct om_plan *p = k->p;
	struct om_step *st = k->st;

	for (size_t i = 0; i < st->ncols; i++) {
		struct om_colmap *m = &st->cols[i];
		struct strbuf ex = STRBUF_INIT;
		const char *t = st->target->name, *col = m->col->name;

		if (m->null_count)
			om_strlist_addf(&p->problems, "%s.%s: %lld row%s of %s hold%s NULL in %s, which OpenSER %s's column "
					"does not allow", t, col, m->null_count, m->null_count == 1 ? "" : "s", st->source,
					m->null_count == 1 ? "s" : "", m->expr->text, p->to->version);
		if (!m->cut_count && !m->invalid_count)
			continue;
		if (read_examples(k, m, err))
			return -1;
		for (size_t j = 0; j < m->examples.n; j++)
			strbuf_addf(&ex, "%s%s", j ? "; " : "", m->examples.v[j]);
		if (m->invalid_count && p->force)
			om_strlist_addf(&p->warnings, "%s.%s: %lld invalid value%s become 0.0.0.0 (--force); e.g. %s", t,
					col, m->invalid_count, m->invalid_count == 1 ? "" : "s", ex.buf);
		else if (m->invalid_count)
			om_strlist_addf(&p->problems,
					"%s.%s: %lld value%s of %s.%s %s not a gateway address "
					"(an integer from 1 to 4294967295); e.g. %s",
					t, col, m->invalid_count, m->invalid_count == 1 ? "" : "s", st->source, col,
					m->invalid_count == 1 ? "is" : "are", ex.buf);
		if (m->cut_count)
			om_strlist_addf(&p->warnings,
					"%s.%s: %lld value%s longer than %d characters %s cut (the full value%s stay%s in %s); e.g. %s",
					t, col, m->cut_count, m->cut_count == 1 ? "" : "s", m->cut,
					m->cut_count == 1 ? "is" : "are", m->cut_count == 1 ? "" : "s",
					m->cut_count == 1 ? "s" : "", keeper(st), ex.buf);
		strbuf_release(&ex);
	}
	return 0;
}

/*
 * Phase 3: ids kept from a wider or unsigned type must fit the new one
 * (1.1's bigint(20) usr_preferences and sip_trace ids into int(10)), where
 * the engine enforces integer ranges.
 */
static int check_id_ranges(struct check *k, struct om_error *err)
{
	struct om_plan *p = k->p;
	struct om_step *st = k->st;

	for (size_t i = 0; i < st->ncols; i++) {
		struct om_colmap *m = &st->cols[i];
		struct strbuf q = STRBUF_INIT;
		struct om_type tt;
		long long bad = 0;
		const char *max;

		if (!m->col->autoinc || !m->expr || m->expr->kind != OM_EXPR_COLUMN)
			continue;
		om_column_effective(m->col, p->engine, &tt, NULL, NULL);
		if (!(max = k->drv->int_max(&tt)))
			continue;
		strbuf_addf(&q, "SELECT count(*) FROM %s WHERE ", k->from.buf);
		om_render_expr(&q, p, k->c, m->expr);
		strbuf_addf(&q, " > %s OR ", max);
		om_render_expr(&q, p, k->c, m->expr);
		strbuf_adds(&q, " < 0");
		if (om_query_counts(k->drv, k->c, q.buf, &bad, 1, err)) {
			strbuf_release(&q);
			return -1;
		}
		strbuf_release(&q);
		if (!bad)
			continue;
		if (p->force) {
			/* Renumbered: new ids for every row, in the old key order. */
			om_expr_free(m->expr);
			m->expr = NULL;
			om_strlist_addf(&p->warnings, "%s.%s: %lld id%s out of the range of %s; all rows get new "
					"ids (--force; the old ids stay in %s)", st->target->name, m->col->name, bad,
					bad == 1 ? " is" : "s are", tt.base, keeper(st));
		} else {
			om_strlist_addf(&p->problems, "%s.%s: %lld id%s out of the range of the new %s column",
					st->target->name, m->col->name, bad, bad == 1 ? " is" : "s are", tt.base);
		}
	}
	return 0;
}

/* The target key named `name` ("PRIMARY" for the primary key). */
static const struct om_key *target_key(const struct om_table *t, const char *name)
{
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];

		if ((k->kind == OM_KEY_PRIMARY && !strcmp(name, "PRIMARY")) || (k->name && !strcmp(k->name, name)))
			return k;
	}
	return NULL;
}

/* How many rows the values of key's columns would make collide. */
static int count_collisions(struct check *k, const struct om_key *key, long long *dups, struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	strbuf_addf(&q, "SELECT sum(n - 1) FROM (SELECT count(*) AS n FROM %s GROUP BY ", k->from.buf);
	for (size_t i = 0; i < key->ncols; i++) {
		bool found = false;

		if (i)
			strbuf_adds(&q, ", ");
		for (size_t j = 0; j < k->st->ncols; j++)
			if (!strcmp(k->st->cols[j].col->name, key->cols[i]) && k->st->cols[j].expr) {
				om_render_value(&q, k->p, k->c, &k->st->cols[j]);
				found = true;
			}
		if (!found)
			strbuf_adds(&q, "NULL");
	}
	strbuf_adds(&q, " HAVING count(*) > 1) AS dups");
	rc = om_query_counts(k->drv, k->c, q.buf, dups, 1, err);
	strbuf_release(&q);
	return rc;
}

/* Phase 4: collisions on new unique keys that the old keys do not rule out. */
static int check_collisions(struct check *k, struct om_error *err)
{
	struct om_plan *p = k->p;
	struct om_step *st = k->st;

	for (size_t u = 0; u < st->check_unique.n; u++) {
		const struct om_key *key = target_key(st->target, st->check_unique.v[u]);
		const char *kname = om_key_name(key, p->engine);
		long long dups = 0;

		if (count_collisions(k, key, &dups, err))
			return -1;
		if (dups <= 0)
			continue;
		st->dup_count += dups;
		if (p->force) {
			st->ignore_dups = true;
			om_strlist_addf(&p->warnings,
					"%s: %lld row%s collide on the new unique key \"%s\" and %s skipped "
					"(--force; the first row by the old key order is kept; all stay in %s)",
					st->target->name, dups, dups == 1 ? "" : "s", kname, dups == 1 ? "is" : "are",
					keeper(st));
		} else {
			om_strlist_addf(&p->problems, "%s: %lld row%s would collide on the new unique key \"%s\"",
					st->target->name, dups, dups == 1 ? "" : "s", kname);
		}
	}
	return 0;
}

static int precheck_step(struct om_plan *p, struct om_step *st, struct om_conn *c, struct om_error *err)
{
	struct check k = { p, st, c, p->drv, STRBUF_INIT };
	int rc;

	om_render_source(&k.from, p, st->source);
	rc = count_step(&k, err) || report_values(&k, err) || (p->drv->int_max && check_id_ranges(&k, err)) ||
	     check_collisions(&k, err) ? -1 : 0;
	strbuf_release(&k.from);
	return rc;
}

/* An explicit "no" for a class option (HAS_SERWEB=no) whose source tables hold rows. */
static int check_dropped_class(struct om_plan *p, struct om_conn *c, const struct om_class *cls,
			       struct om_error *err)
{
	struct strbuf rows = STRBUF_INIT;
	long long total = 0;

	for (size_t t = 0; t < p->left.n; t++) {
		const struct om_table *st = om_schema_table(p->from, p->left.v[t]);
		struct strbuf q = STRBUF_INIT;
		long long n = 0;
		int rc;

		if (!st || strcmp(st->cls, cls->name))
			continue;
		strbuf_adds(&q, "SELECT count(*) FROM ");
		om_render_source(&q, p, st->name);
		rc = om_query_counts(p->drv, c, q.buf, &n, 1, err);
		strbuf_release(&q);
		if (rc) {
			strbuf_release(&rows);
			return -1;
		}
		if (n) {
			strbuf_addf(&rows, "%s%s: %lld", rows.len ? ", " : "", st->name, n);
			total += n;
		}
	}
	if (total && p->force)
		om_strlist_addf(&p->warnings,
				"%s=no (--force): the %s tables (%s) are left as they are and "
				"the %s columns are not carried into 1.2",
				cls->option, cls->name, rows.buf, cls->name);
	else if (total)
		om_strlist_addf(&p->problems,
				"%s=no, but the %s tables hold rows (%s): the upgraded database would "
				"drop the %s columns of subscriber; set %s=yes (or leave it unset), "
				"or use --force",
				cls->option, cls->name, rows.buf, cls->name, cls->option);
	strbuf_release(&rows);
	return 0;
}

int om_plan_precheck(struct om_plan *p, struct om_conn *c, const struct om_plan_opts *o,
		     struct om_error *err)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].source && precheck_step(p, &p->steps[i], c, err))
			return -1;
	for (size_t i = 0; p->from && p->from != p->to && i < p->from->nclasses; i++) {
		const struct om_class *cls = &p->from->classes[i];

		if (cls->option && om_plan_yesno(o, cls->option) == 0 && check_dropped_class(p, c, cls, err))
			return -1;
	}
	return 0;
}
