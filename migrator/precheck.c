/*
 * precheck.c: the pre-checks.  Before anything changes, the database is
 * asked what the plan will meet: rows per source table, values that will
 * be cut, inputs a mapping function rejects, ids out of a new column's
 * range, rows that collide on a new unique key, and serweb rows that an
 * explicit HAS_SERWEB=no would leave behind.  With --force the problems
 * become warnings and the plan adapts.  Nothing is changed.
 */
#include "precheck.h"
#include "online.h"

#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "strbuf.h"

int om_count_rows(const struct om_driver *drv, struct om_conn *c, const char *table, long long *n,
		  struct om_error *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	om_render_count(&q, drv, table);
	rc = om_query_counts(drv, c, q.buf, n, 1, err);
	strbuf_release(&q);
	return rc;
}

/* Example rows: their key columns, then (unless key_only) the value. */
struct examples {
	struct om_strlist *l;
	bool key_only;
};

static int examples_row(void *ud, int ncols, const char *const *vals)
{
	const struct examples *e = ud;
	struct om_strlist *l = e->l;
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < ncols; i++) {
		const char *v = vals[i] ? vals[i] : "NULL";

		if (i)
			strbuf_adds(&sb, i == ncols - 1 && !e->key_only ? ": " : ", ");
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

/* The calls in e of functions whose inputs are checked as `check` (at most max), depth first. */
static void find_checked(const struct om_expr *e, enum om_fn_check check, const struct om_expr **out, size_t *n,
			 size_t max)
{
	if (e->kind == OM_EXPR_CALL && om_functions[e->fn].check == check && *n < max)
		out[(*n)++] = e;
	for (size_t i = 0; i < e->nargs; i++)
		find_checked(e->args[i], check, out, n, max);
}

/* e as a map writes it: from_uri, nonempty(i_uri, to_uri), 'x'. */
static void add_map_expr(struct strbuf *sb, const struct om_expr *e)
{
	switch (e->kind) {
	case OM_EXPR_STRING:
		strbuf_addch(sb, '\'');
		for (const char *t = e->text; *t; t++) {
			if (*t == '\'')
				strbuf_addch(sb, '\'');
			strbuf_addch(sb, *t);
		}
		strbuf_addch(sb, '\'');
		break;
	case OM_EXPR_NULL:
		strbuf_adds(sb, "NULL");
		break;
	case OM_EXPR_CALL:
		strbuf_addf(sb, "%s(", e->text);
		for (size_t i = 0; i < e->nargs; i++) {
			if (i)
				strbuf_adds(sb, ", ");
			add_map_expr(sb, e->args[i]);
		}
		strbuf_addch(sb, ')');
		break;
	default:
		strbuf_adds(sb, e->text);
	}
}

/*
 * What phase 1 finds in a column's values: inputs a refused function
 * rejects, inputs a counted one cannot parse, kept values that differ
 * from the computed ones (prefer), values emptied (cleared), values
 * longer than the column, values the engine's functions cut at a NUL
 * byte (not counted among the longer ones again), NULLs of a nullable
 * live column going into a NOT NULL one.  The first four come from
 * function calls (F_CALLS).
 */
enum finding { F_REFUSED, F_COUNTED, F_DIFFERS, F_CLEARED, F_LONGER, F_NUL, F_NULL, F_COUNT };
#define F_CALLS F_CLEARED

/* The functions whose calls make finding f (up to F_CALLS). */
static enum om_fn_check check_of(enum finding f)
{
	static const enum om_fn_check of[] = { OM_CHECK_REFUSED, OM_CHECK_COUNTED, OM_CHECK_DIFFERS,
					       OM_CHECK_CLEARED };

	return of[f];
}

/* What every pre-check of one step needs. */
struct check {
	struct om_plan *p;
	struct om_step *st;
	struct om_conn *c;
	const struct om_driver *drv;
	struct strbuf from;          /* the source table, as SQL */
	long long (*found)[F_COUNT]; /* per column of st */
	bool defer;                  /* om_plan_opts.defer */
};

/* The retained table (or, for a new table, the source) that keeps the old values. */
static const char *keeper(const struct om_step *st)
{
	return st->retained ? st->retained : st->source;
}

/* Is the value of m checked for finding f on this engine? */
static bool checks(const struct check *k, const struct om_colmap *m, enum finding f)
{
	if (f == F_LONGER)
		return m->cut > 0;
	/* Only a function's result is cut at a NUL; a copied value is copied as it is. */
	return m->computed && k->drv->cut_at_nul;
}

/*
 * A cheap condition that holds in every row where the value of e can be
 * longer than cut characters, from the functions' widths (a URI's user is
 * no longer than the URI, a fixed-width result never longer than its
 * width): into sb, returning 1; 0 when there is none (any row may), -1
 * when no row can.  Computing a URI's parts for the cut test costs a parse
 * of it; its length costs nothing, and most URIs are short.
 */
static int cut_guard(const struct check *k, const struct om_expr *e, int cut, struct strbuf *sb)
{
	const struct om_function *fn;
	struct strbuf x = STRBUF_INIT;
	int any = -1;

	switch (e->kind) {
	case OM_EXPR_NULL:
		return -1;
	case OM_EXPR_COLUMN:
		om_render_expr(&x, k->p, k->c, e);
		k->drv->length(sb, x.buf);
		strbuf_addf(sb, " > %d", cut);
		strbuf_release(&x);
		return 1;
	case OM_EXPR_CALL:
		break;
	default:
		return 0;
	}
	fn = &om_functions[e->fn];
	switch (fn->width_rule) {
	case OM_W_FIXED:
		return fn->width > cut ? 0 : -1;
	case OM_W_ARG:
		return (size_t)fn->width < e->nargs ? cut_guard(k, e->args[fn->width], cut, sb) : 0;
	case OM_W_MAX_ARGS:
		for (size_t i = 0; i < e->nargs; i++) {
			struct strbuf g = STRBUF_INIT;
			int r = cut_guard(k, e->args[i], cut, &g);

			if (r == 1)
				strbuf_addf(&x, "%s(%s)", any == 1 ? " OR " : "", g.buf);
			strbuf_release(&g);
			if (!r) {
				strbuf_release(&x);
				return 0;
			}
			if (r == 1)
				any = 1;
		}
		if (any == 1)
			strbuf_addf(sb, "(%s)", x.buf);
		strbuf_release(&x);
		return any;
	default:
		return 0;
	}
}

/* The condition of finding f (F_LONGER, F_NUL) on x, the SQL of m's value before any cut. */
static void add_cut_test(const struct check *k, const struct om_colmap *m, enum finding f, const char *x,
			 struct strbuf *q)
{
	struct strbuf g = STRBUF_INIT;
	int guard = 0;

	if (f == F_NUL) {
		k->drv->cut_at_nul(q, x);
		if (!m->cut)
			return;
		strbuf_adds(q, " AND NOT ");
	} else if (m->expr->kind == OM_EXPR_CALL) {
		guard = cut_guard(k, m->expr, m->cut, &g);
	}
	/* The value's own test only where the guard lets it be longer (CASE: evaluated only then). */
	if (guard < 0)
		strbuf_adds(q, "1 = 0");
	if (guard > 0)
		strbuf_addf(q, "CASE WHEN %s THEN ", g.buf);
	if (guard >= 0) {
		k->drv->length(q, x);
		strbuf_addf(q, " > %d", m->cut);
	}
	if (guard > 0)
		strbuf_adds(q, " ELSE 1 = 0 END");
	strbuf_release(&g);
}

/*
 * The condition of a row that call finds: a refused or counted function
 * rejects its argument (the driver's predicate), or a core function's
 * count (render.c).
 */
static void add_call_test(const struct check *k, const struct om_expr *call, struct strbuf *q)
{
	struct strbuf a = STRBUF_INIT;

	if (call->fn >= OM_NFUNCTIONS) {
		om_render_fn_check(q, k->p, k->c, call);
		return;
	}
	om_render_expr(&a, k->p, k->c, call->args[0]);
	k->drv->invalid(q, (enum om_fn)call->fn, a.buf);
	strbuf_release(&a);
}

static bool same_call(const struct om_expr *a, const struct om_expr *b)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	bool same;

	add_map_expr(&x, a);
	add_map_expr(&y, b);
	same = !strcmp(x.buf, y.buf);
	strbuf_release(&x);
	strbuf_release(&y);
	return same;
}

/* Does column c's value hold call (at its top when top)? */
static bool column_has_call(const struct check *k, size_t c, enum finding f, const struct om_expr *call, bool top)
{
	const struct om_expr *e = k->st->cols[c].expr, *calls[64];
	size_t n = 0;

	if (!e)
		return false;
	if (top)
		return e->kind == OM_EXPR_CALL && same_call(e, call);
	find_checked(e, check_of(f), calls, &n, 64);
	for (size_t j = 0; j < n; j++)
		if (same_call(calls[j], call))
			return true;
	return false;
}

/*
 * The column a call is counted under when several columns' values hold
 * it: the one whose value it is (ha1's prefer(...), also inside
 * password's cleared(...), is counted under ha1), else the first.
 */
static size_t call_owner(const struct check *k, enum finding f, const struct om_expr *call)
{
	for (size_t c = 0; c < k->st->ncols; c++)
		if (column_has_call(k, c, f, call, true))
			return c;
	for (size_t c = 0; c < k->st->ncols; c++)
		if (column_has_call(k, c, f, call, false))
			return c;
	return 0;
}

/* The calls in column i's value that make finding f and are counted there (at most 64). */
static size_t calls_of(const struct check *k, size_t i, enum finding f, const struct om_expr **out)
{
	const struct om_expr *mine[64];
	size_t n = 0, kept = 0;

	find_checked(k->st->cols[i].expr, check_of(f), mine, &n, 64);
	for (size_t j = 0; j < n; j++)
		if (call_owner(k, f, mine[j]) == i)
			out[kept++] = mine[j];
	return kept;
}

/* The first call counted for finding f (up to F_CALLS) in column m. */
static const struct om_expr *first_call(const struct check *k, const struct om_colmap *m, enum finding f)
{
	const struct om_expr *calls[64];

	return calls_of(k, (size_t)(m - k->st->cols), f, calls) ? calls[0] : NULL;
}

/*
 * The sums of the phase 1 query: their SQL goes into q; each count goes
 * into one or more dest (dest[i] takes the count of column col[i]).  A
 * test already in the query is not computed again: its column's count
 * also goes into the new dest (the user's and the host's checks of one
 * URI are the same test, and cost a parse of the URI each).
 */
struct sums {
	struct strbuf q;
	long long **dest;
	size_t *col;
	size_t n, alloc, ncols;
	struct om_strlist tests;
};

static void sum_dest(struct sums *s, long long *dest, size_t col)
{
	if (s->n + 1 > s->alloc) {
		OM_GROW(s->dest, s->n + 1, s->alloc);
		s->col = om_xrealloc(s->col, s->alloc * sizeof(*s->col));
	}
	s->dest[s->n] = dest;
	s->col[s->n++] = col;
}

/* sum(CASE WHEN test THEN 1 ELSE 0 END) into dest: a new column, or the one with the same test. */
static void sum_add(struct sums *s, long long *dest, const char *test)
{
	for (size_t j = 0; j < s->tests.n; j++)
		if (!strcmp(s->tests.v[j], test)) {
			/* Column 0 is count(*): the tests are columns 1 on. */
			sum_dest(s, dest, j + 1);
			return;
		}
	om_strlist_add(&s->tests, test);
	sum_dest(s, dest, s->ncols++);
	strbuf_addf(&s->q, ", sum(CASE WHEN %s THEN 1 ELSE 0 END)", test);
}

/*
 * Can the unparsable inputs of call (a URI's user or host, the whole
 * value of column i) be counted on the copy?  Unparsable means: not NULL,
 * and user and host both ''.  So when another column holds the other part
 * of the same URI, the copy's rows where both are '' are those, plus the
 * NULL inputs, which the pass counts instead (a test that costs nothing).
 * Not where rows may be skipped (unique keys), nor where the engine's
 * functions cut a part at a NUL byte (it could come out '').  Returns
 * 1 + that column, or 0.
 */
static size_t defer_pair(const struct check *k, size_t i, const struct om_expr *call)
{
	const struct om_step *st = k->st;
	int other;

	if (!k->defer || k->drv->cut_at_nul || !st->source || st->check_unique.n || st->ignore_dups ||
	    st->cols[i].expr != call || (call->fn != OM_FN_uri_user && call->fn != OM_FN_uri_host))
		return 0;
	other = call->fn == OM_FN_uri_user ? OM_FN_uri_host : OM_FN_uri_user;
	for (size_t j = 0; j < st->ncols; j++) {
		const struct om_expr *e = st->cols[j].expr;

		if (j != i && e && e->kind == OM_EXPR_CALL && e->fn == other && e->nargs == 1 &&
		    same_call(e->args[0], call->args[0]))
			return j + 1;
	}
	return 0;
}

/* The sums of column m: the rows its calls find, values cut, NULLs. */
static void add_column_sums(struct check *k, struct om_colmap *m, long long *found, struct sums *s)
{
	struct strbuf x = STRBUF_INIT, t = STRBUF_INIT;
	size_t i = (size_t)(m - k->st->cols);

	om_render_expr(&x, k->p, k->c, m->expr);
	for (enum finding f = F_LONGER; f <= F_NUL; f++) {
		if (!checks(k, m, f))
			continue;
		strbuf_reset(&t);
		add_cut_test(k, m, f, x.buf, &t);
		sum_add(s, &found[f], t.buf);
	}
	for (enum finding f = 0; f <= F_CALLS; f++) {
		const struct om_expr *calls[64];
		size_t n = calls_of(k, i, f, calls);

		for (size_t j = 0; j < n; j++) {
			strbuf_reset(&t);
			if (f == F_COUNTED && (m->defer_pair = defer_pair(k, i, calls[j]))) {
				struct strbuf a = STRBUF_INIT;

				om_render_expr(&a, k->p, k->c, calls[j]->args[0]);
				strbuf_addf(&t, "(%s) IS NULL", a.buf);
				sum_add(s, &m->defer_nulls, t.buf);
				strbuf_release(&a);
				continue;
			}
			add_call_test(k, calls[j], &t);
			sum_add(s, &found[f], t.buf);
		}
	}
	if (m->null_check) {
		strbuf_reset(&t);
		strbuf_addf(&t, "%s IS NULL", x.buf);
		sum_add(s, &found[F_NULL], t.buf);
	}
	strbuf_release(&x);
	strbuf_release(&t);
}

/*
 * A value cut at a NUL in a column the plan does not cut: the copy cuts it
 * too, at the column's width (which it fits), so that it is reported as a
 * cut like any other.  In a column without a width it is only warned of.
 */
static void cut_at_nul_too(const struct check *k, struct om_colmap *m, const long long *found)
{
	struct om_type tt;
	int width;

	if (!found[F_NUL] || m->cut || !om_column_effective(m->col, k->p->engine, &tt, NULL, NULL))
		return;
	width = om_type_char_width(&tt);
	if (width > 0)
		m->cut = width;
}

/* Phase 1, one pass over the source: its rows, the values to cut, the rejected inputs. */
static int count_step(struct check *k, struct om_error *err)
{
	struct om_step *st = k->st;
	struct sums s = { STRBUF_INIT, NULL, NULL, 0, 0, 0, { NULL, 0, 0 } };
	long long rows = 0, *cnt;
	int rc;

	strbuf_adds(&s.q, "SELECT count(*)");
	sum_dest(&s, &rows, s.ncols++);
	for (size_t i = 0; i < st->ncols; i++) {
		st->cols[i].defer_pair = 0;
		st->cols[i].defer_nulls = 0;
	}
	for (size_t i = 0; i < st->ncols; i++)
		if (st->cols[i].expr)
			add_column_sums(k, &st->cols[i], k->found[i], &s);
	strbuf_addf(&s.q, " FROM %s", k->from.buf);
	cnt = om_xcalloc(s.ncols, sizeof(long long));
	rc = om_query_counts(k->drv, k->c, s.q.buf, cnt, s.ncols, err);
	if (!rc) {
		/* Several calls of one kind in a value add up. */
		for (size_t i = 0; i < s.n; i++)
			*s.dest[i] += cnt[s.col[i]];
		st->rows_before = rows;
		for (size_t i = 0; i < st->ncols; i++) {
			struct om_colmap *m = &st->cols[i];
			const long long *f = k->found[i];

			cut_at_nul_too(k, m, f);
			m->cut_count = f[F_LONGER] + (m->cut ? f[F_NUL] : 0);
			m->invalid_count = f[F_REFUSED] + f[F_COUNTED];
			m->differ_count = f[F_DIFFERS];
			m->cleared_count = f[F_CLEARED];
			m->null_count = f[F_NULL];
		}
	}
	free(cnt);
	free(s.dest);
	free(s.col);
	om_strlist_release(&s.tests);
	strbuf_release(&s.q);
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

/*
 * Up to three rows, with their key, of finding f in column m, as
 * "e.g." text into ex: the input a function rejects, or the value cut.
 */
static int read_examples(struct check *k, struct om_colmap *m, enum finding f, struct strbuf *ex,
			 struct om_error *err)
{
	struct strbuf q = STRBUF_INIT, x = STRBUF_INIT;
	struct examples e = { &m->examples, f == F_DIFFERS || f == F_CLEARED };
	int rc;

	strbuf_adds(&q, "SELECT ");
	key_select(k, &q);
	if (e.key_only) {
		/* Never the values: a password, or a hash as good as one. */
		if (!q.buf[strlen("SELECT ")]) {
			strbuf_release(&q);
			return 0;
		}
		strbuf_setlen(&q, q.len - 2);
		strbuf_addf(&q, " FROM %s WHERE ", k->from.buf);
		add_call_test(k, first_call(k, m, f), &q);
	} else if (f <= F_CALLS) {
		const struct om_expr *call = first_call(k, m, f);

		om_render_expr(&x, k->p, k->c, call->args[0]);
		strbuf_addf(&q, "%s FROM %s WHERE ", x.buf, k->from.buf);
		add_call_test(k, call, &q);
	} else {
		om_render_expr(&x, k->p, k->c, m->expr);
		strbuf_addf(&q, "%s FROM %s WHERE ", x.buf, k->from.buf);
		add_cut_test(k, m, f, x.buf, &q);
	}
	strbuf_adds(&q, " LIMIT 3");
	om_strlist_release(&m->examples);
	rc = k->drv->query(k->c, q.buf, examples_row, &e, err);
	for (size_t j = 0; !rc && j < m->examples.n; j++)
		strbuf_addf(ex, "%s%s", j ? "; " : "", m->examples.v[j]);
	strbuf_release(&x);
	strbuf_release(&q);
	return rc;
}

/* one when n is 1, else more: "value" or "values", "is" or "are". */
#define PLURAL(n, one, more) ((n) == 1 ? (one) : (more))

/* "; e.g. EX", or nothing without examples. */
static const char *eg(const char *ex, struct strbuf *sb)
{
	if (*ex)
		strbuf_addf(sb, "; e.g. %s", ex);
	return sb->buf;
}

/* Kept values that differ from the computed ones (prefer): a warning. */
static void report_differs(struct check *k, const struct om_colmap *m, long long n, const char *ex)
{
	const struct om_expr *call = first_call(k, m, F_DIFFERS);
	struct strbuf kept = STRBUF_INIT, computed = STRBUF_INIT, e = STRBUF_INIT;

	add_map_expr(&kept, call->args[0]);
	add_map_expr(&computed, call->args[1]);
	om_strlist_addf(&k->p->warnings,
			"%s.%s: in %lld row%s %s is set and differs from %s; it is kept (it is what works today)%s",
			k->st->target->name, m->col->name, n, PLURAL(n, "", "s"), kept.buf, computed.buf, eg(ex, &e));
	strbuf_release(&kept);
	strbuf_release(&computed);
	strbuf_release(&e);
}

/* Values emptied (cleared): a note, with where they stay. */
static void report_cleared(struct check *k, const struct om_colmap *m, long long n, const char *ex)
{
	const struct om_step *st = k->st;
	struct strbuf e = STRBUF_INIT;

	if (!st->retained)
		om_strlist_addf(&k->p->notes, "%s.%s: %lld value%s %s emptied; %s in %s%s%s",
				st->target->name, m->col->name, n, PLURAL(n, "", "s"), PLURAL(n, "is", "are"),
				PLURAL(n, "it stays", "they stay"), k->p->mode == OM_MODE_MIGRATE ? "the old database's " : "",
				st->source, eg(ex, &e));
	else
		om_strlist_addf(&k->p->notes,
				"%s.%s: %lld value%s %s emptied; %s in %s (and in any snapshot) until cleanup, and "
				"only from there can a rollback bring %s back%s",
				st->target->name, m->col->name, n, PLURAL(n, "", "s"), PLURAL(n, "is", "are"),
				PLURAL(n, "it stays", "they stay"), st->retained, PLURAL(n, "it", "them"), eg(ex, &e));
	strbuf_release(&e);
}

/*
 * The warning (--force) or problem of n inputs a refused function rejects
 * in column m: a gateway integer (ip_from_le_int), a dotted quad
 * (ip_to_le_int, whose NULL for them a NOT NULL column refuses in turn).
 */
static void report_refused(struct check *k, struct om_colmap *m, long long n, const char *ex)
{
	const struct om_expr *call = first_call(k, m, F_REFUSED);
	const char *t = k->st->target->name, *col = m->col->name;
	struct strbuf arg = STRBUF_INIT;

	if (call->fn != OM_FN_ip_to_le_int) {
		if (k->p->force)
			om_strlist_addf(&k->p->warnings, "%s.%s: %lld invalid value%s become 0.0.0.0 (--force); e.g. %s",
					t, col, n, PLURAL(n, "", "s"), ex);
		else
			om_strlist_addf(&k->p->problems,
					"%s.%s: %lld value%s of %s.%s %s not a gateway address "
					"(an integer from 1 to 4294967295); e.g. %s",
					t, col, n, PLURAL(n, "", "s"), k->st->source, col, PLURAL(n, "is", "are"), ex);
		return;
	}
	add_map_expr(&arg, call->args[0]);
	if (k->p->force)
		om_strlist_addf(&k->p->warnings,
				"%s.%s: %lld invalid value%s %s NULL (--force), which a NOT NULL column refuses; e.g. %s",
				t, col, n, PLURAL(n, "", "s"), PLURAL(n, "becomes", "become"), ex);
	else
		om_strlist_addf(&k->p->problems,
				"%s.%s: %lld value%s of %s %s not a dotted quad a.b.c.d (four octets from 0 to 255, "
				"without leading zeros, not 0.0.0.0); e.g. %s",
				t, col, n, PLURAL(n, "", "s"), arg.buf, PLURAL(n, "is", "are"), ex);
	strbuf_release(&arg);
}

/* The warning or problem of finding f in column m (count n, examples ex). */
static void report_finding(struct check *k, struct om_colmap *m, enum finding f, long long n, const char *ex)
{
	struct om_plan *p = k->p;
	struct om_step *st = k->st;
	const char *t = st->target->name, *col = m->col->name;
	struct strbuf arg = STRBUF_INIT;

	switch (f) {
	case F_REFUSED:
		report_refused(k, m, n, ex);
		break;
	case F_COUNTED:
		/* Never a problem: the value is kept whole in the old table. */
		add_map_expr(&arg, first_call(k, m, f)->args[0]);
		om_strlist_addf(&p->warnings,
				"%s.%s: %lld value%s of %s could not be parsed as a SIP URI (user and host are ''); e.g. %s",
				t, col, n, PLURAL(n, "", "s"), arg.buf, ex);
		break;
	case F_DIFFERS:
		report_differs(k, m, n, ex);
		break;
	case F_CLEARED:
		report_cleared(k, m, n, ex);
		break;
	case F_LONGER:
		om_strlist_addf(&p->warnings,
				"%s.%s: %lld value%s longer than %d characters %s cut (the full value%s stay%s in %s); e.g. %s",
				t, col, n, PLURAL(n, "", "s"), m->cut, PLURAL(n, "is", "are"), PLURAL(n, "", "s"),
				PLURAL(n, "s", ""), keeper(st), ex);
		break;
	default:
		om_strlist_addf(&p->warnings,
				"%s.%s: %lld value%s %s cut at a NUL byte (the full value%s stay%s in %s); e.g. %s",
				t, col, n, PLURAL(n, "", "s"), PLURAL(n, "is", "are"), PLURAL(n, "", "s"), PLURAL(n, "s", ""),
				keeper(st), ex);
	}
	strbuf_release(&arg);
}

/* NULLs that OpenSER's NOT NULL column would not take: a problem, whatever the options. */
static void report_nulls(struct check *k, const struct om_colmap *m, long long n)
{
	const struct om_step *st = k->st;

	om_strlist_addf(&k->p->problems, "%s.%s: %lld row%s of %s hold%s NULL in %s, which OpenSER %s's column "
			"does not allow", st->target->name, m->col->name, n, PLURAL(n, "", "s"), st->source,
			PLURAL(n, "s", ""), m->expr->text, k->p->to->version);
}

/* Phase 2: examples of the values phase 1 found, and what they mean for the run. */
static int report_values(struct check *k, struct om_error *err)
{
	for (size_t i = 0; i < k->st->ncols; i++) {
		struct om_colmap *m = &k->st->cols[i];

		for (enum finding f = 0; f < F_COUNT; f++) {
			struct strbuf ex = STRBUF_INIT;
			long long n = k->found[i][f];

			if (!n)
				continue;
			if (f == F_NULL) {
				report_nulls(k, m, n);
				continue;
			}
			if (read_examples(k, m, f, &ex, err)) {
				strbuf_release(&ex);
				return -1;
			}
			report_finding(k, m, f, n, ex.buf);
			strbuf_release(&ex);
		}
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

int om_precheck_deferred(struct om_plan *p, struct om_conn *c, struct om_step *st, size_t col, long long both_empty,
			 const char *from, struct om_error *err)
{
	struct check k = { p, st, c, p->drv, STRBUF_INIT, NULL, false };
	struct om_colmap *m = &st->cols[col], *other;
	struct strbuf ex = STRBUF_INIT;
	long long n;
	int rc = 0;

	if (!m->defer_pair)
		return 0;
	other = &st->cols[m->defer_pair - 1];
	n = both_empty - m->defer_nulls;
	/* Reported once, whoever asks again. */
	m->defer_pair = other->defer_pair = 0;
	if (n <= 0)
		return 0;
	m->invalid_count += n;
	other->invalid_count += n;
	strbuf_adds(&k.from, from);
	/* The warning of each part, as the pass would have given it (examples from the source's rows). */
	rc = read_examples(&k, m, F_COUNTED, &ex, err);
	if (!rc)
		report_finding(&k, m, F_COUNTED, n, ex.buf);
	strbuf_reset(&ex);
	if (!rc)
		rc = read_examples(&k, other, F_COUNTED, &ex, err);
	if (!rc)
		report_finding(&k, other, F_COUNTED, n, ex.buf);
	strbuf_release(&ex);
	strbuf_release(&k.from);
	return rc;
}

static int precheck_step(struct om_plan *p, struct om_step *st, struct om_conn *c, bool defer, struct om_error *err)
{
	struct check k = { p, st, c, p->drv, STRBUF_INIT, NULL, defer };
	int rc;

	k.found = om_xcalloc(st->ncols ? st->ncols : 1, sizeof(*k.found));
	om_render_source(&k.from, p, st->source);
	/*
	 * finish: prepare checked the rows it copied; what arrived since is in
	 * the change table (online.h).  Collisions are left to the shadow's
	 * unique keys (an updated row is there twice, its old and new values).
	 */
	if (p->online && st->kind == OM_STEP_REBUILD) {
		om_online_precheck_from(p, st, &k.from);
		rc = count_step(&k, err) || report_values(&k, err) ||
		     (p->drv->int_max && check_id_ranges(&k, err)) || om_online_rows_before(p, st, c, err) ? -1 : 0;
	} else {
		rc = count_step(&k, err) || report_values(&k, err) ||
		     (p->drv->int_max && check_id_ranges(&k, err)) || check_collisions(&k, err) ? -1 : 0;
	}
	strbuf_release(&k.from);
	free(k.found);
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
		if (p->steps[i].source && precheck_step(p, &p->steps[i], c, o->defer, err))
			return -1;
	for (size_t i = 0; p->from && p->from != p->to && i < p->from->nclasses; i++) {
		const struct om_class *cls = &p->from->classes[i];

		if (cls->option && om_plan_yesno(o, cls->option) == 0 && check_dropped_class(p, c, cls, err))
			return -1;
	}
	return 0;
}
