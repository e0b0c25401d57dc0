/*
 * test_catalog.c: om_catalog_diff (migrator/catalog.c): two equal catalogs
 * have no difference; each kind of difference (tables, columns and their
 * order, type, NULL-ness, default, auto-increment, primary key, unique keys
 * and indexes, checks, version rows) gives exactly its message, and only
 * it.  Both catalogs start as the same two tables; each test changes one
 * thing.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "strbuf.h"
#include "support.h"

static struct om_catalog exp_cat, live;
static struct om_strlist diff;

/* t: three columns, a primary key, a unique key, an index and a check. */
static void add_t(struct om_catalog *c)
{
	struct om_ctable *t = om_catalog_add_table(c, "t");
	struct om_cindex *i;

	om_ctable_add_col(t, "id", "int(10) unsigned", true, NULL, true);
	om_ctable_add_col(t, "name", "varchar(64)", true, "''", false);
	om_ctable_add_col(t, "note", "text", false, "NULL", false);
	i = om_ctable_add_index(t, "PRIMARY", OM_KEY_PRIMARY);
	om_cindex_add_col(i, "id");
	i = om_ctable_add_index(t, "u_name", OM_KEY_UNIQUE);
	om_cindex_add_col(i, "name");
	i = om_ctable_add_index(t, "i_note", OM_KEY_INDEX);
	om_cindex_add_col(i, "note");
	om_ctable_add_check(t, "c_id", "(id > 0)");
}

/* u: one nullable column, no key. */
static void add_u(struct om_catalog *c)
{
	om_ctable_add_col(om_catalog_add_table(c, "u"), "k", "integer", false, NULL, false);
}

/* t and u with version rows 3 and 1. */
static void base(struct om_catalog *c)
{
	add_t(c);
	add_u(c);
	c->has_version_table = true;
	om_catalog_add_vrow(c, "t", 3);
	om_catalog_add_vrow(c, "u", 1);
}

static void setup(void)
{
	om_catalog_init(&exp_cat);
	om_catalog_init(&live);
	om_strlist_init(&diff);
	base(&exp_cat);
	base(&live);
}

static void teardown(void)
{
	om_catalog_release(&exp_cat);
	om_catalog_release(&live);
	om_strlist_release(&diff);
}

/* ---- helpers --------------------------------------------------------- */

static bool known_all(const char *table, void *ud)
{
	(void)table;
	(void)ud;
	return true;
}

static bool known_none(const char *table, void *ud)
{
	(void)table;
	(void)ud;
	return false;
}

/* ud is the one table name that is known. */
static bool known_one(const char *table, void *ud)
{
	return !strcmp(table, (const char *)ud);
}

static void run_diff(void)
{
	om_catalog_diff(&exp_cat, &live, known_all, NULL, &diff);
}

/* Compare the whole list at once, so that a failure shows all of it. */
static void expect_list(const char *const *want, size_t n)
{
	static char got[8192], wanted[8192];
	size_t g = 0, w = 0;

	got[0] = wanted[0] = '\0';
	for (size_t i = 0; i < diff.n; i++)
		g += (size_t)snprintf(got + g, sizeof(got) - g, "[%s]", diff.v[i]);
	for (size_t i = 0; i < n; i++)
		w += (size_t)snprintf(wanted + w, sizeof(wanted) - w, "[%s]", want[i]);
	ck_assert_str_eq(got, wanted);
	ck_assert_uint_eq(diff.n, n);
}

#define EXPECT(...) \
	do { \
		const char *const w_[] = { __VA_ARGS__ }; \
		expect_list(w_, sizeof(w_) / sizeof(w_[0])); \
	} while (0)

static void expect_none(void)
{
	expect_list(NULL, 0);
}

static struct om_ctable *table_in(struct om_catalog *c, const char *name)
{
	struct om_ctable *t = om_catalog_table(c, name);

	ck_assert_msg(t != NULL, "no table %s", name);
	return t;
}

static struct om_ccol *col_in(struct om_catalog *c, const char *table, const char *name)
{
	struct om_ctable *t = table_in(c, table);

	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	ck_abort_msg("no column %s.%s", table, name);
	return NULL;
}

static struct om_cindex *index_in(struct om_catalog *c, const char *table, const char *name)
{
	struct om_ctable *t = table_in(c, table);

	for (size_t i = 0; i < t->nidx; i++)
		if (!strcmp(t->idx[i].name, name))
			return &t->idx[i];
	ck_abort_msg("no index %s.%s", table, name);
	return NULL;
}

static void set_str(char **p, const char *v)
{
	free(*p);
	*p = v ? om_xstrdup(v) : NULL;
}

static void drop_col(struct om_catalog *c, const char *table, const char *name)
{
	struct om_ctable *t = table_in(c, table);
	struct om_ccol *col = col_in(c, table, name);
	size_t i = (size_t)(col - t->cols);

	free(col->name);
	free(col->type);
	free(col->def);
	memmove(&t->cols[i], &t->cols[i + 1], (t->ncols - i - 1) * sizeof(*t->cols));
	t->ncols--;
}

static void swap_cols(struct om_catalog *c, const char *table, size_t a, size_t b)
{
	struct om_ctable *t = table_in(c, table);
	struct om_ccol tmp = t->cols[a];

	t->cols[a] = t->cols[b];
	t->cols[b] = tmp;
}

static void drop_index(struct om_catalog *c, const char *table, const char *name)
{
	struct om_ctable *t = table_in(c, table);
	struct om_cindex *x = index_in(c, table, name);
	size_t i = (size_t)(x - t->idx);

	free(x->name);
	for (size_t j = 0; j < x->ncols; j++)
		free(x->cols[j]);
	free(x->cols);
	memmove(&t->idx[i], &t->idx[i + 1], (t->nidx - i - 1) * sizeof(*t->idx));
	t->nidx--;
}

/* Replace the columns of an index with the NULL-terminated list. */
static void set_index_cols(struct om_cindex *x, ...)
{
	va_list ap;
	const char *col;

	for (size_t j = 0; j < x->ncols; j++)
		free(x->cols[j]);
	free(x->cols);
	x->cols = NULL;
	x->ncols = 0;
	va_start(ap, x);
	while ((col = va_arg(ap, const char *)))
		om_cindex_add_col(x, col);
	va_end(ap);
}

static void drop_check(struct om_catalog *c, const char *table, const char *name)
{
	struct om_ctable *t = table_in(c, table);

	for (size_t i = 0; i < t->nchecks; i++)
		if (!strcmp(t->checks[i].name, name)) {
			free(t->checks[i].name);
			free(t->checks[i].sql);
			memmove(&t->checks[i], &t->checks[i + 1], (t->nchecks - i - 1) * sizeof(*t->checks));
			t->nchecks--;
			return;
		}
	ck_abort_msg("no check %s.%s", table, name);
}

static void drop_vrow(struct om_catalog *c, const char *table)
{
	for (size_t i = 0; i < c->nvrows; i++)
		if (!strcmp(c->vrows[i].table, table)) {
			free(c->vrows[i].table);
			memmove(&c->vrows[i], &c->vrows[i + 1], (c->nvrows - i - 1) * sizeof(*c->vrows));
			c->nvrows--;
			return;
		}
	ck_abort_msg("no version row for %s", table);
}

/* ---- equal catalogs -------------------------------------------------- */

START_TEST(identical_catalogs_have_no_difference)
{
	run_diff();
	expect_none();
}
END_TEST

START_TEST(identical_catalogs_without_known_callback)
{
	om_catalog_diff(&exp_cat, &live, NULL, NULL, &diff);
	expect_none();
}
END_TEST

START_TEST(empty_catalogs_have_no_difference)
{
	struct om_catalog a, b;

	om_catalog_init(&a);
	om_catalog_init(&b);
	om_catalog_diff(&a, &b, known_all, NULL, &diff);
	expect_none();
}
END_TEST

START_TEST(table_order_does_not_matter)
{
	om_catalog_release(&live);
	om_catalog_init(&live);
	add_u(&live);
	add_t(&live);
	om_catalog_add_vrow(&live, "u", 1);
	om_catalog_add_vrow(&live, "t", 3);
	ck_assert_str_eq(live.tables[0].name, "u");
	run_diff();
	expect_none();
}
END_TEST

START_TEST(diff_appends_to_the_list)
{
	om_strlist_addf(&diff, "earlier %d", 1);
	drop_vrow(&live, "t");
	run_diff();
	EXPECT("earlier 1", "version row of \"t\" is missing, expected 3");
}
END_TEST

/* ---- tables ---------------------------------------------------------- */

START_TEST(missing_table)
{
	om_catalog_remove_table(&live, "u");
	run_diff();
	EXPECT("missing table \"u\"");
}
END_TEST

START_TEST(missing_table_and_its_version_row)
{
	om_catalog_remove_table(&live, "u");
	drop_vrow(&live, "u");
	run_diff();
	EXPECT("missing table \"u\"", "version row of \"u\" is missing, expected 1");
}
END_TEST

START_TEST(optional_missing_table_is_no_difference)
{
	table_in(&exp_cat, "u")->optional = true;
	om_catalog_remove_table(&live, "u");
	run_diff();
	expect_none();
}
END_TEST

START_TEST(optional_present_table_is_compared)
{
	table_in(&exp_cat, "u")->optional = true;
	set_str(&col_in(&live, "u", "k")->type, "bigint");
	run_diff();
	EXPECT("table \"u\": column \"k\" has type bigint, expected integer");
}
END_TEST

START_TEST(unexpected_table_when_known)
{
	om_ctable_add_col(om_catalog_add_table(&live, "x"), "a", "text", false, NULL, false);
	run_diff();
	EXPECT("unexpected table \"x\"");
}
END_TEST

START_TEST(unexpected_table_ignored_when_not_known)
{
	om_ctable_add_col(om_catalog_add_table(&live, "x"), "a", "text", false, NULL, false);
	om_catalog_diff(&exp_cat, &live, known_none, NULL, &diff);
	expect_none();
}
END_TEST

START_TEST(unexpected_table_ignored_without_known_callback)
{
	om_ctable_add_col(om_catalog_add_table(&live, "x"), "a", "text", false, NULL, false);
	om_catalog_diff(&exp_cat, &live, NULL, NULL, &diff);
	expect_none();
}
END_TEST

START_TEST(known_callback_gets_table_and_user_data)
{
	char known[] = "y";

	om_catalog_add_table(&live, "x");
	om_catalog_add_table(&live, "y");
	om_catalog_diff(&exp_cat, &live, known_one, known, &diff);
	EXPECT("unexpected table \"y\"");
}
END_TEST

START_TEST(known_callback_not_asked_about_expected_tables)
{
	/* known_none would hide nothing here: t and u are expected, so compared. */
	set_str(&col_in(&live, "u", "k")->type, "bigint");
	om_catalog_diff(&exp_cat, &live, known_none, NULL, &diff);
	EXPECT("table \"u\": column \"k\" has type bigint, expected integer");
}
END_TEST

/* ---- columns --------------------------------------------------------- */

START_TEST(missing_column)
{
	drop_col(&live, "t", "note");
	run_diff();
	EXPECT("table \"t\": missing column \"note\"");
}
END_TEST

START_TEST(unexpected_column)
{
	om_ctable_add_col(table_in(&live, "t"), "extra", "text", false, NULL, false);
	run_diff();
	EXPECT("table \"t\": unexpected column \"extra\"");
}
END_TEST

START_TEST(missing_and_unexpected_column_without_order_message)
{
	drop_col(&live, "t", "note");
	om_ctable_add_col(table_in(&live, "t"), "other", "text", false, "NULL", false);
	run_diff();
	EXPECT("table \"t\": missing column \"note\"", "table \"t\": unexpected column \"other\"");
}
END_TEST

START_TEST(column_order)
{
	swap_cols(&live, "t", 1, 2);
	run_diff();
	EXPECT("table \"t\": columns are in the order (id, note, name), expected (id, name, note)");
}
END_TEST

START_TEST(column_order_first_and_last)
{
	swap_cols(&live, "t", 0, 2);
	run_diff();
	EXPECT("table \"t\": columns are in the order (note, name, id), expected (id, name, note)");
}
END_TEST

START_TEST(column_type)
{
	set_str(&col_in(&live, "t", "id")->type, "int(11)");
	run_diff();
	EXPECT("table \"t\": column \"id\" has type int(11), expected int(10) unsigned");
}
END_TEST

START_TEST(column_type_case_insensitive)
{
	set_str(&col_in(&live, "t", "id")->type, "INT(10) UNSIGNED");
	set_str(&col_in(&live, "t", "note")->type, "TEXT");
	set_str(&col_in(&live, "u", "k")->type, "Integer");
	run_diff();
	expect_none();
}
END_TEST

START_TEST(column_nullable_expected_not_null)
{
	col_in(&live, "t", "name")->notnull = false;
	run_diff();
	EXPECT("table \"t\": column \"name\" is nullable, expected NOT NULL");
}
END_TEST

START_TEST(column_not_null_expected_nullable)
{
	col_in(&live, "t", "note")->notnull = true;
	run_diff();
	EXPECT("table \"t\": column \"note\" is NOT NULL, expected nullable");
}
END_TEST

START_TEST(column_default_differs)
{
	set_str(&col_in(&live, "t", "name")->def, "'x'");
	run_diff();
	EXPECT("table \"t\": column \"name\" has default 'x', expected ''");
}
END_TEST

START_TEST(column_default_compared_exactly)
{
	set_str(&col_in(&live, "t", "note")->def, "null");
	run_diff();
	/* By value: null, NULL and no default are one (issue: lived-in databases). */
	expect_none();
}
END_TEST

START_TEST(column_default_none_expected_some)
{
	set_str(&col_in(&live, "t", "name")->def, NULL);
	run_diff();
	EXPECT("table \"t\": column \"name\" has default (none), expected ''");
}
END_TEST

START_TEST(column_default_some_expected_none)
{
	set_str(&col_in(&live, "t", "id")->def, "0");
	run_diff();
	EXPECT("table \"t\": column \"id\" has default 0, expected (none)");
}
END_TEST

START_TEST(column_not_auto_increment)
{
	col_in(&live, "t", "id")->autoinc = false;
	run_diff();
	EXPECT("table \"t\": column \"id\" is not auto-increment, expected auto-increment");
}
END_TEST

START_TEST(column_unexpectedly_auto_increment)
{
	col_in(&live, "u", "k")->autoinc = true;
	run_diff();
	EXPECT("table \"u\": column \"k\" is auto-increment, expected not");
}
END_TEST

START_TEST(column_differences_together)
{
	struct om_ccol *c = col_in(&live, "t", "name");

	set_str(&c->type, "varchar(32)");
	c->notnull = false;
	set_str(&c->def, NULL);
	c->autoinc = true;
	run_diff();
	EXPECT("table \"t\": column \"name\" has type varchar(32), expected varchar(64)",
	       "table \"t\": column \"name\" is nullable, expected NOT NULL",
	       "table \"t\": column \"name\" has default (none), expected ''",
	       "table \"t\": column \"name\" is auto-increment, expected not");
}
END_TEST

/* ---- keys and indexes ------------------------------------------------ */

START_TEST(missing_primary_key)
{
	drop_index(&live, "t", "PRIMARY");
	run_diff();
	EXPECT("table \"t\": missing primary key (id)");
}
END_TEST

START_TEST(unexpected_primary_key)
{
	om_cindex_add_col(om_ctable_add_index(table_in(&live, "u"), "PRIMARY", OM_KEY_PRIMARY), "k");
	run_diff();
	EXPECT("table \"u\": unexpected primary key (k)");
}
END_TEST

START_TEST(primary_key_columns)
{
	set_index_cols(index_in(&live, "t", "PRIMARY"), "id", "name", (const char *)NULL);
	run_diff();
	EXPECT("table \"t\": primary key is (id, name), expected (id)");
}
END_TEST

START_TEST(primary_key_matched_whatever_its_name)
{
	set_str(&index_in(&live, "t", "PRIMARY")->name, "t_pkey");
	run_diff();
	expect_none();
}
END_TEST

START_TEST(missing_unique_key)
{
	drop_index(&live, "t", "u_name");
	run_diff();
	EXPECT("table \"t\": missing unique key \"u_name\" (name)");
}
END_TEST

START_TEST(missing_index)
{
	drop_index(&live, "t", "i_note");
	run_diff();
	EXPECT("table \"t\": missing index \"i_note\" (note)");
}
END_TEST

START_TEST(unexpected_unique_key)
{
	om_cindex_add_col(om_ctable_add_index(table_in(&live, "t"), "u_note", OM_KEY_UNIQUE), "note");
	run_diff();
	EXPECT("table \"t\": unexpected unique key \"u_note\" (note)");
}
END_TEST

START_TEST(unexpected_index)
{
	struct om_cindex *x = om_ctable_add_index(table_in(&live, "t"), "i_two", OM_KEY_INDEX);

	om_cindex_add_col(x, "name");
	om_cindex_add_col(x, "note");
	run_diff();
	EXPECT("table \"t\": unexpected index \"i_two\" (name, note)");
}
END_TEST

START_TEST(renamed_index_is_no_difference)
{
	set_str(&index_in(&live, "t", "i_note")->name, "note_idx");
	run_diff();
	/* Index names never count: the same index under another name is the same index. */
	expect_none();
}
END_TEST

START_TEST(unique_key_columns)
{
	set_index_cols(index_in(&live, "t", "u_name"), "name", "id", (const char *)NULL);
	run_diff();
	/* Keys are matched by their kind and columns: another column list is another key. */
	EXPECT("table \"t\": missing unique key \"u_name\" (name)", "table \"t\": unexpected unique key \"u_name\" (name, id)");
}
END_TEST

START_TEST(unique_key_column_order)
{
	set_index_cols(index_in(&exp_cat, "t", "u_name"), "name", "id", (const char *)NULL);
	set_index_cols(index_in(&live, "t", "u_name"), "id", "name", (const char *)NULL);
	run_diff();
	EXPECT("table \"t\": missing unique key \"u_name\" (name, id)",
	       "table \"t\": unexpected unique key \"u_name\" (id, name)");
}
END_TEST

/* The article follows the kind: "an index", "a unique key". */
START_TEST(plain_index_expected_unique)
{
	index_in(&live, "t", "u_name")->kind = OM_KEY_INDEX;
	run_diff();
	EXPECT("table \"t\": missing unique key \"u_name\" (name)", "table \"t\": unexpected index \"u_name\" (name)");
}
END_TEST

START_TEST(unique_key_expected_plain_index)
{
	index_in(&live, "t", "i_note")->kind = OM_KEY_UNIQUE;
	run_diff();
	EXPECT("table \"t\": missing index \"i_note\" (note)", "table \"t\": unexpected unique key \"i_note\" (note)");
}
END_TEST

START_TEST(index_columns)
{
	set_index_cols(index_in(&live, "t", "i_note"), "note", "name", (const char *)NULL);
	run_diff();
	EXPECT("table \"t\": missing index \"i_note\" (note)", "table \"t\": unexpected index \"i_note\" (note, name)");
}
END_TEST

/* ---- checks ---------------------------------------------------------- */

START_TEST(missing_check)
{
	drop_check(&live, "t", "c_id");
	run_diff();
	EXPECT("table \"t\": missing check \"c_id\"");
}
END_TEST

START_TEST(unexpected_check)
{
	om_ctable_add_check(table_in(&live, "u"), "c_k", "(k <> 0)");
	run_diff();
	EXPECT("table \"u\": unexpected check \"c_k\"");
}
END_TEST

START_TEST(check_sql_differs)
{
	set_str(&table_in(&live, "t")->checks[0].sql, "(id >= 0)");
	run_diff();
	EXPECT("table \"t\": check \"c_id\" is (id >= 0), expected (id > 0)");
}
END_TEST

/* ---- version rows ---------------------------------------------------- */

START_TEST(version_row_missing)
{
	drop_vrow(&live, "t");
	run_diff();
	EXPECT("version row of \"t\" is missing, expected 3");
}
END_TEST

START_TEST(version_row_differs)
{
	om_catalog_add_vrow(&live, "t", 2);
	run_diff();
	EXPECT("version row of \"t\" is 2, expected 3");
}
END_TEST

START_TEST(extra_version_rows_are_no_difference)
{
	om_catalog_add_vrow(&live, "gone", 7);
	run_diff();
	expect_none();
}
END_TEST

START_TEST(optional_absent_table_needs_no_version_row)
{
	table_in(&exp_cat, "u")->optional = true;
	om_catalog_remove_table(&live, "u");
	drop_vrow(&live, "u");
	run_diff();
	expect_none();
}
END_TEST

START_TEST(optional_present_table_needs_its_version_row)
{
	table_in(&exp_cat, "u")->optional = true;
	drop_vrow(&live, "u");
	run_diff();
	EXPECT("version row of \"u\" is missing, expected 1");
}
END_TEST

START_TEST(version_row_of_table_without_one_expected)
{
	/* An expected table without a row (1.2's pdt): a live row is no difference. */
	drop_vrow(&exp_cat, "u");
	run_diff();
	expect_none();
}
END_TEST

/* ---- several differences --------------------------------------------- */

START_TEST(differences_in_order_tables_then_unexpected_then_versions)
{
	om_catalog_add_vrow(&live, "t", 4);
	om_ctable_add_col(om_catalog_add_table(&live, "x"), "a", "text", false, NULL, false);
	drop_check(&live, "t", "c_id");
	drop_index(&live, "t", "i_note");
	set_str(&col_in(&live, "t", "name")->def, "'?'");
	om_catalog_remove_table(&live, "u");
	run_diff();
	EXPECT("table \"t\": column \"name\" has default '?', expected ''",
	       "table \"t\": missing index \"i_note\" (note)",
	       "table \"t\": missing check \"c_id\"",
	       "missing table \"u\"",
	       "unexpected table \"x\"",
	       "version row of \"t\" is 4, expected 3");
}
END_TEST

/* ---- the suite ------------------------------------------------------- */

static void add(Suite *s, const char *name, const TTest *const *tests, size_t n)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	for (size_t i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
}

#define ADD(s, name, ...) \
	do { \
		const TTest *const t_[] = { __VA_ARGS__ }; \
		add((s), (name), t_, sizeof(t_) / sizeof(t_[0])); \
	} while (0)

static Suite *catalog_suite(void)
{
	Suite *s = suite_create("catalog");

	ADD(s, "equal catalogs",
	    identical_catalogs_have_no_difference, identical_catalogs_without_known_callback,
	    empty_catalogs_have_no_difference, table_order_does_not_matter,
	    diff_appends_to_the_list);
	ADD(s, "tables",
	    missing_table, missing_table_and_its_version_row,
	    optional_missing_table_is_no_difference, optional_present_table_is_compared,
	    unexpected_table_when_known, unexpected_table_ignored_when_not_known,
	    unexpected_table_ignored_without_known_callback,
	    known_callback_gets_table_and_user_data, known_callback_not_asked_about_expected_tables);
	ADD(s, "columns",
	    missing_column, unexpected_column, missing_and_unexpected_column_without_order_message,
	    column_order, column_order_first_and_last, column_type, column_type_case_insensitive,
	    column_nullable_expected_not_null, column_not_null_expected_nullable,
	    column_default_differs, column_default_compared_exactly,
	    column_default_none_expected_some, column_default_some_expected_none,
	    column_not_auto_increment, column_unexpectedly_auto_increment,
	    column_differences_together);
	ADD(s, "keys and indexes",
	    missing_primary_key, unexpected_primary_key, primary_key_columns,
	    primary_key_matched_whatever_its_name, missing_unique_key, missing_index,
	    unexpected_unique_key, unexpected_index, renamed_index_is_no_difference,
	    unique_key_columns, unique_key_column_order, plain_index_expected_unique,
	    unique_key_expected_plain_index, index_columns);
	ADD(s, "checks", missing_check, unexpected_check, check_sql_differs);
	ADD(s, "version rows",
	    version_row_missing, version_row_differs, extra_version_rows_are_no_difference,
	    optional_absent_table_needs_no_version_row,
	    optional_present_table_needs_its_version_row, version_row_of_table_without_one_expected);
	ADD(s, "several differences", differences_in_order_tables_then_unexpected_then_versions);
	return s;
}

int main(void)
{
	return om_test_main(catalog_suite());
}
