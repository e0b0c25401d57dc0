/*
 * test_planner.c: detection, the step planner and the SQLite rendering,
 * through the library (no CLI): one rebuild per changed table, unchanged
 * tables untouched, the right value for every column, and the exact SQL
 * of an upgrade (golden text).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "planner.h"
#include "precheck.h"
#include "render.h"
#include "script.h"
#include "sipfn.h"
#include "support.h"

static const char *const FULL[] = {
	"sqlite-1.1-core.sql", "sqlite-1.1-serweb.sql", "sqlite-1.1-modules.sql",
	"rows-1.1-core.sql", "rows-1.1-serweb.sql", "rows-1.1-modules.sql", NULL
};
static const char *const CORE[] = { "sqlite-1.1-core.sql", "rows-1.1-core.sql", NULL };

struct fx {
	char *dir;
	struct om_planset *ps;
	struct om_conn *conn;
	struct om_detect d;
	struct om_plan p;
	struct om_script s;
	const char *has_serweb;
};

static const char *getvar(const char *name, void *ud)
{
	struct fx *f = ud;

	if (!strcmp(name, "HAS_SERWEB"))
		return f->has_serweb;
	return NULL;
}

/* Build a database from fixtures (then the statements extra, NULL-terminated) and plan its upgrade to 1.2. */
static void plan_for_with(struct fx *f, const char *const *fixtures, const char *has_serweb,
			  const char *const *extra)
{
	struct om_error err;
	struct om_dbtarget t;
	struct om_catalog cat;
	struct om_plan_opts o;
	char path[600];

	memset(f, 0, sizeof(*f));
	om_error_clear(&err);
	f->has_serweb = has_serweb;
	f->dir = om_test_mkdtemp();
	snprintf(path, sizeof(path), "%s/t.db", f->dir);
	om_test_build_db(path, fixtures);
	for (size_t i = 0; extra && extra[i]; i++)
		om_test_sql(path, extra[i]);
	ck_assert_msg(om_planset_load(&f->ps, OM_TEST_SRCDIR "/plans", &err) == 0, "%s", err.msg);
	om_dbtarget_init(&t);
	t.engine = OM_ENGINE_SQLITE;
	t.path = path;
	ck_assert_msg(om_driver_sqlite.open(&f->conn, &t, OM_OPEN_READONLY, &err) == 0, "%s", err.msg);
	om_catalog_init(&cat);
	ck_assert(om_driver_sqlite.introspect(f->conn, NULL, &cat, &err) == 0);
	om_detect_init(&f->d);
	ck_assert(om_detect_run(&f->d, f->ps, &om_driver_sqlite, &cat, &err) == 0);
	memset(&o, 0, sizeof(o));
	o.mode = OM_MODE_INPLACE;
	o.getvar = getvar;
	o.ud = f;
	om_plan_init(&f->p);
	ck_assert_msg(om_plan_build(&f->p, f->ps, &f->d, "1.2", &o, &om_driver_sqlite, &err) == 0, "%s", err.msg);
	ck_assert_msg(om_plan_precheck(&f->p, f->conn, &o, &err) == 0, "%s", err.msg);
	/* Run-time values fixed, so that the rendering can be compared. */
	snprintf(f->p.started, sizeof(f->p.started), "2007-03-12 12:00:00");
	f->p.history_id = 1;
	om_script_init(&f->s);
	ck_assert(om_render_script(&f->s, &f->p, f->conn, &err) == 0);
}

static void plan_for(struct fx *f, const char *const *fixtures, const char *has_serweb)
{
	plan_for_with(f, fixtures, has_serweb, NULL);
}

static void fx_release(struct fx *f)
{
	om_script_release(&f->s);
	om_plan_release(&f->p);
	om_detect_release(&f->d);
	om_driver_sqlite.close(f->conn);
	om_planset_free(f->ps);
	om_test_rmtree(f->dir);
	free(f->dir);
}

static const struct om_step *step_for(const struct om_plan *p, const char *table)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (!strcmp(p->steps[i].target->name, table))
			return &p->steps[i];
	return NULL;
}

static const struct om_colmap *col_for(const struct om_step *st, const char *col)
{
	for (size_t i = 0; i < st->ncols; i++)
		if (!strcmp(st->cols[i].col->name, col))
			return &st->cols[i];
	return NULL;
}

/* Statements of the script that start with prefix and name table (quoted). */
static int count_stmts(const struct om_script *s, const char *prefix, const char *table)
{
	char quoted[200];
	int n = 0;

	snprintf(quoted, sizeof(quoted), "%s\"%s\"", prefix, table);
	for (size_t i = 0; i < s->n; i++)
		if (s->stmts[i].kind == OM_STMT_SQL && !strncmp(s->stmts[i].sql, quoted, strlen(quoted)))
			n++;
	return n;
}

START_TEST(detects_the_1_1_database_exactly)
{
	struct fx f;

	plan_for(&f, FULL, NULL);
	ck_assert_str_eq(f.d.schema->version, "1.1");
	ck_assert(f.d.exact);
	ck_assert_int_eq(f.d.diff.n, 0);
	ck_assert(om_strlist_has(&f.d.classes, "serweb"));
	fx_release(&f);
}
END_TEST

START_TEST(every_changed_table_is_rebuilt_once)
{
	struct fx f;

	plan_for(&f, FULL, NULL);
	for (size_t i = 0; i < f.p.nsteps; i++) {
		const char *t = f.p.steps[i].target->name;

		for (size_t j = i + 1; j < f.p.nsteps; j++)
			ck_assert_str_ne(t, f.p.steps[j].target->name);
		ck_assert_int_eq(count_stmts(&f.s, "CREATE TABLE ", t), 1);
		ck_assert_int_eq(count_stmts(&f.s, "INSERT INTO ", t), f.p.steps[i].source ? 1 : 0);
		if (f.p.steps[i].kind == OM_STEP_REBUILD)
			ck_assert_int_eq(count_stmts(&f.s, "ALTER TABLE ", t), 1);
	}
	ck_assert_int_eq(f.p.nsteps, 20);
	fx_release(&f);
}
END_TEST

START_TEST(unchanged_tables_are_untouched)
{
	static const char *const same[] = { "version", "gw_grp", "sip_trace", "active_sessions", "phonebook",
					    "server_monitoring", "usr_preferences_types", "server_monitoring_agg",
					    "admin_privileges", NULL };
	struct fx f;

	plan_for(&f, FULL, NULL);
	for (size_t i = 0; same[i]; i++) {
		ck_assert_msg(om_strlist_has(&f.p.untouched, same[i]), "%s is not untouched", same[i]);
		ck_assert_ptr_null(step_for(&f.p, same[i]));
		ck_assert_int_eq(count_stmts(&f.s, "CREATE TABLE ", same[i]), 0);
		ck_assert_int_eq(count_stmts(&f.s, "ALTER TABLE ", same[i]), 0);
		ck_assert_int_eq(count_stmts(&f.s, "INSERT INTO ", same[i]), same[i][0] == 'v' ? 1 : 0);
	}
	ck_assert_int_eq(f.p.untouched.n, 9);
	fx_release(&f);
}
END_TEST

START_TEST(acc_columns_get_their_mapping_and_cuts)
{
	struct fx f;
	const struct om_step *acc;

	plan_for(&f, FULL, NULL);
	acc = step_for(&f.p, "acc");
	ck_assert_int_eq(acc->kind, OM_STEP_REBUILD);
	ck_assert_str_eq(acc->retained, "old11_acc");
	ck_assert_ptr_null(col_for(acc, "id")->expr);
	ck_assert_str_eq(col_for(acc, "method")->expr->text, "sip_method");
	ck_assert_int_eq(col_for(acc, "method")->cut, 0);
	ck_assert_int_eq(col_for(acc, "from_tag")->cut, 64);
	ck_assert_int_eq(col_for(acc, "from_tag")->cut_count, 1);
	ck_assert_int_eq(col_for(acc, "sip_code")->cut, 0);
	ck_assert(col_for(acc, "sip_code")->computed);
	ck_assert_int_eq(col_for(acc, "sip_reason")->cut, 32);
	ck_assert_int_eq(col_for(acc, "src_domain")->cut, 0);
	ck_assert_int_eq(col_for(acc, "dst_user")->cut, 64);
	ck_assert_int_eq(acc->rows_before, 4);
	/* New ids in the time of the call; the row id breaks ties (acc has no key). */
	ck_assert_int_eq(acc->order.n, 2);
	ck_assert_str_eq(acc->order.v[0], "time");
	ck_assert_str_eq(acc->order.v[1], "rowid");
	fx_release(&f);
}
END_TEST

START_TEST(new_ids_follow_the_old_key_order)
{
	struct fx f;
	const struct om_step *st;

	plan_for(&f, FULL, NULL);
	st = step_for(&f.p, "speed_dial");
	ck_assert_int_eq(st->order.n, 4);
	ck_assert_str_eq(st->order.v[0], "username");
	ck_assert_str_eq(st->order.v[3], "sd_username");
	/* Kept ids need no order. */
	ck_assert_int_eq(step_for(&f.p, "silo")->order.n, 0);
	ck_assert_str_eq(col_for(step_for(&f.p, "silo"), "id")->expr->text, "mid");
	fx_release(&f);
}
END_TEST

START_TEST(core_database_gets_no_serweb_step)
{
	struct fx f;

	plan_for(&f, CORE, NULL);
	ck_assert_ptr_null(step_for(&f.p, "pending"));
	ck_assert_ptr_null(step_for(&f.p, "cpl"));
	ck_assert_ptr_null(col_for(step_for(&f.p, "subscriber"), "phplib_id"));
	ck_assert_int_eq(step_for(&f.p, "pdt")->kind, OM_STEP_CREATE);
	ck_assert_ptr_null(step_for(&f.p, "pdt")->source);
	fx_release(&f);
}
END_TEST

START_TEST(has_serweb_yes_on_core_creates_serweb_tables_empty)
{
	struct fx f;

	plan_for(&f, CORE, "yes");
	ck_assert_int_eq(step_for(&f.p, "pending")->kind, OM_STEP_CREATE);
	ck_assert_ptr_null(step_for(&f.p, "pending")->source);
	ck_assert_int_eq(step_for(&f.p, "usr_preferences_types")->kind, OM_STEP_CREATE);
	ck_assert_str_eq(col_for(step_for(&f.p, "subscriber"), "phplib_id")->expr->text, "phplib_id");
	fx_release(&f);
}
END_TEST

START_TEST(the_upgrade_sql_is_the_golden_text)
{
	struct fx f;
	struct strbuf sb = STRBUF_INIT;

	plan_for(&f, FULL, NULL);
	om_script_format(&f.s, &sb);
	om_test_golden("sqlite-upgrade-1.1-1.2.sql", sb.buf);
	strbuf_release(&sb);
	fx_release(&f);
}
END_TEST

/* ---- the registered functions against the C reference (sipfn.c) ---- */

struct sqlval {
	const char *sql;   /* the value as an SQLite literal */
	const char *bytes; /* the bytes it holds; NULL for NULL */
	size_t n;
};

#define SQLV(sql, lit) { sql, lit, sizeof(lit) - 1 }

static const struct sqlval sql_values[] = {
	SQLV("'sip:alice:pw@example.com:5060;transport=udp'", "sip:alice:pw@example.com:5060;transport=udp"),
	SQLV("'\"Bob\" <sip:bob@example.org>;tag=1'", "\"Bob\" <sip:bob@example.org>;tag=1"),
	SQLV("'tel:+4930123;phone-context=x'", "tel:+4930123;phone-context=x"),
	SQLV("'sip:+4930123;npdi@gw.example.com;user=phone'", "sip:+4930123;npdi@gw.example.com;user=phone"),
	SQLV("'<sip:@>'", "<sip:@>"), SQLV("''", ""), SQLV("'sip:'", "sip:"), SQLV("'<>'", "<>"),
	SQLV("123", "123"),
	/* BLOBs: the bytes they hold, a NUL included */
	SQLV("X'7369703A616C00696365406578616D706C652E636F6D'", "sip:al\0ice@example.com"),
	SQLV("X'7369703A626F624065786100006D706C652E636F6D'", "sip:bob@exa\0\0mple.com"),
	SQLV("X'3C7369703A6140623E'", "<sip:a@b>"), SQLV("X''", ""), SQLV("X'00'", "\0"),
	/* a text that holds a NUL */
	SQLV("CAST(X'7369703A6100624063' AS TEXT)", "sip:a\0b@c"),
	{ "NULL", NULL, 0 },
};

/* The hex of what the function gives: its span up to a NUL byte; "1" in *cut when it cut there. */
static void ref_result(void (*span)(const char *, size_t, size_t *, size_t *), const struct sqlval *v,
		       struct strbuf *out, int *cut)
{
	size_t off = 0, len = 0;
	const char *nul;

	*cut = 0;
	if (!v->bytes)
		return;
	span(v->bytes, v->n, &off, &len);
	nul = len ? memchr(v->bytes + off, '\0', len) : NULL;
	if (nul) {
		len = (size_t)(nul - (v->bytes + off));
		*cut = 1;
	}
	for (size_t i = 0; i < len; i++)
		strbuf_addf(out, "%02X", (unsigned char)v->bytes[off + i]);
}

static int collect_row(void *ud, int ncols, const char *const *vals)
{
	struct strbuf *sb = ud;

	for (int i = 0; i < ncols; i++)
		strbuf_addf(sb, "%s%s", i ? "|" : "", vals[i] ? vals[i] : "NULL");
	strbuf_addch(sb, '\n');
	return 0;
}

START_TEST(registered_uri_functions_follow_the_c_reference_on_blobs_too)
{
	struct fx f;
	struct om_error err;

	plan_for(&f, CORE, NULL);
	om_error_clear(&err);
	for (size_t i = 0; i < sizeof(sql_values) / sizeof(sql_values[0]); i++) {
		const struct sqlval *v = &sql_values[i];
		struct strbuf q = STRBUF_INIT, got = STRBUF_INIT, want = STRBUF_INIT;
		int ucut, hcut;

		strbuf_addf(&q, "SELECT hex(om_uri_user(v)), typeof(om_uri_user(v)), om_cut_at_nul(om_uri_user(v)), "
			    "hex(om_uri_host(v)), om_cut_at_nul(om_uri_host(v)), om_uri_unparsable(v) "
			    "FROM (SELECT %s AS v)", v->sql);
		ck_assert_msg(om_driver_sqlite.query(f.conn, q.buf, collect_row, &got, &err) == 0, "%s", err.msg);
		ref_result(om_sip_uri_user, v, &want, &ucut);
		strbuf_addf(&want, "|text|%d|", ucut);
		ref_result(om_sip_uri_host, v, &want, &hcut);
		strbuf_addf(&want, "|%d|%d\n", hcut, v->bytes && om_sip_uri_unparsable(v->bytes, v->n));
		ck_assert_msg(!strcmp(got.buf, want.buf), "%s: got %s, want %s", v->sql, got.buf, want.buf);
		strbuf_release(&q);
		strbuf_release(&got);
		strbuf_release(&want);
	}
	fx_release(&f);
}
END_TEST

/* The driver's ip_to_le_int and its `invalid` predicate on lit: "value|type|invalid". */
static void quad_query(struct fx *f, const char *lit, struct strbuf *got)
{
	struct strbuf q = STRBUF_INIT, e = STRBUF_INIT;
	struct om_error err;

	om_error_clear(&err);
	om_driver_sqlite.fn[OM_FN_ip_to_le_int](&e, &lit, 1);
	strbuf_addf(&q, "SELECT %s, typeof(%s), ", e.buf, e.buf);
	om_driver_sqlite.invalid(&q, OM_FN_ip_to_le_int, lit);
	ck_assert_msg(om_driver_sqlite.query(f->conn, q.buf, collect_row, got, &err) == 0, "%s", err.msg);
	strbuf_release(&q);
	strbuf_release(&e);
}

/*
 * Every dotted quad of the engines' corpus (support.c), as a TEXT (NULs
 * kept) and as a BLOB (its bytes): the integer of the C reference, or
 * NULL and invalid; an integer, a real and NULL are invalid.
 */
START_TEST(registered_ip_to_le_int_follows_the_c_reference_on_text_and_blobs)
{
	static const struct {
		const char *sql, *want;
	} others[] = {
		{ "NULL", "NULL|null|1" }, { "67305985", "NULL|null|1" }, { "1.5", "NULL|null|1" },
		{ "'1.2.3.4'", "67305985|integer|0" }, { "CAST('1.2.3.4' AS BLOB)", "67305985|integer|0" },
	};
	struct fx f;

	plan_for(&f, CORE, NULL);
	for (size_t i = 0; i < om_test_nquad_values; i++) {
		const struct om_test_value *v = &om_test_quad_values[i];
		struct strbuf hex = STRBUF_INIT, lit = STRBUF_INIT, got = STRBUF_INIT, want = STRBUF_INIT;
		long long x;

		for (size_t k = 0; k < v->n; k++)
			strbuf_addf(&hex, "%02X", (unsigned char)v->s[k]);
		for (int blob = 0; blob < 2; blob++) {
			strbuf_reset(&lit);
			strbuf_reset(&got);
			strbuf_reset(&want);
			strbuf_addf(&lit, blob ? "X'%s'" : "CAST(X'%s' AS TEXT)", hex.buf);
			quad_query(&f, lit.buf, &got);
			if (om_ip_to_le_int(v->s, v->n, &x))
				strbuf_adds(&want, "NULL|null|1\n");
			else
				strbuf_addf(&want, "%lld|integer|0\n", x);
			ck_assert_msg(!strcmp(got.buf, want.buf), "%s: got %s, want %s", lit.buf, got.buf, want.buf);
		}
		strbuf_release(&hex);
		strbuf_release(&lit);
		strbuf_release(&got);
		strbuf_release(&want);
	}
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;

		quad_query(&f, others[i].sql, &got);
		strbuf_addf(&want, "%s\n", others[i].want);
		ck_assert_msg(!strcmp(got.buf, want.buf), "%s: got %s, want %s", others[i].sql, got.buf, want.buf);
		strbuf_release(&got);
		strbuf_release(&want);
	}
	fx_release(&f);
}
END_TEST

/* ip_to_le_int(ip_from_le_int(v)) is v from 1 to 4294967295, in steps; NULL for what ip_from refuses. */
START_TEST(registered_ip_functions_are_each_others_inverse)
{
	struct fx f;
	struct strbuf q = STRBUF_INIT, from = STRBUF_INIT, to = STRBUF_INIT, got = STRBUF_INIT;
	const char *arg = "v";
	struct om_error err;

	plan_for(&f, CORE, NULL);
	om_error_clear(&err);
	om_driver_sqlite.fn[OM_FN_ip_from_le_int](&from, &arg, 1);
	arg = from.buf;
	om_driver_sqlite.fn[OM_FN_ip_to_le_int](&to, &arg, 1);
	/* 65521 steps of 65521 (a prime): every octet takes many values. */
	strbuf_addf(&q, "WITH RECURSIVE n(v) AS (VALUES (1) UNION ALL SELECT v + 65521 FROM n WHERE v + 65521 <= "
		    "4294967295) SELECT count(*), sum(%s IS NOT v) FROM (SELECT v FROM n UNION ALL VALUES (255), (256), "
		    "(65536), (16777216), (4294967295))", to.buf);
	ck_assert_msg(om_driver_sqlite.query(f.conn, q.buf, collect_row, &got, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(got.buf, "65557|0\n");
	strbuf_reset(&got);
	strbuf_reset(&q);
	strbuf_addf(&q, "SELECT %s FROM (SELECT 0 AS v UNION ALL SELECT 4294967296 UNION ALL SELECT NULL)", to.buf);
	ck_assert_msg(om_driver_sqlite.query(f.conn, q.buf, collect_row, &got, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(got.buf, "NULL\nNULL\nNULL\n");
	strbuf_release(&q);
	strbuf_release(&from);
	strbuf_release(&to);
	strbuf_release(&got);
	fx_release(&f);
}
END_TEST

/*
 * The pre-check finds the NUL cut in both kinds of column, and the plan
 * then cuts src_domain too, which it otherwise copies whole.
 */
START_TEST(a_nul_cut_is_counted_and_cut_in_every_column)
{
	static const char *const extra[] = { "INSERT INTO acc (sip_method, from_uri, to_uri, sip_callid, time) VALUES "
					     "('INVITE', X'7369703A616C00696365406578612E636F6D', '', 'c5', "
					     "'2007-03-01 13:00:00'), ('INVITE', X'7369703A6140620063', '', 'c6', "
					     "'2007-03-01 13:00:00')", NULL };
	struct fx f;
	struct strbuf sb = STRBUF_INIT;
	const struct om_step *acc;

	plan_for_with(&f, CORE, NULL, extra);
	acc = step_for(&f.p, "acc");
	ck_assert_int_eq(col_for(acc, "src_user")->cut, 64);
	ck_assert_int_eq(col_for(acc, "src_user")->cut_count, 1);
	ck_assert_int_eq(col_for(acc, "src_domain")->cut, 128);
	ck_assert_int_eq(col_for(acc, "src_domain")->cut_count, 1);
	/* '' to_uri: unparsable, counted for both dst columns, never a problem. */
	ck_assert_int_eq(col_for(acc, "dst_user")->invalid_count, 2);
	ck_assert_int_eq(col_for(acc, "dst_domain")->invalid_count, 2);
	ck_assert_int_eq(f.p.problems.n, 0);
	om_script_format(&f.s, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "       substr(om_uri_host(\"from_uri\"), 1, 128),\n"));
	strbuf_release(&sb);
	fx_release(&f);
}
END_TEST

static Suite *planner_suite(void)
{
	Suite *s = suite_create("planner");
	TCase *tc = tcase_create("sqlite plan of a 1.1 database");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, detects_the_1_1_database_exactly);
	tcase_add_test(tc, every_changed_table_is_rebuilt_once);
	tcase_add_test(tc, unchanged_tables_are_untouched);
	tcase_add_test(tc, acc_columns_get_their_mapping_and_cuts);
	tcase_add_test(tc, new_ids_follow_the_old_key_order);
	tcase_add_test(tc, core_database_gets_no_serweb_step);
	tcase_add_test(tc, has_serweb_yes_on_core_creates_serweb_tables_empty);
	tcase_add_test(tc, the_upgrade_sql_is_the_golden_text);
	tcase_add_test(tc, registered_uri_functions_follow_the_c_reference_on_blobs_too);
	tcase_add_test(tc, registered_ip_to_le_int_follows_the_c_reference_on_text_and_blobs);
	tcase_add_test(tc, registered_ip_functions_are_each_others_inverse);
	tcase_add_test(tc, a_nul_cut_is_counted_and_cut_in_every_column);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return om_test_main(planner_suite());
}
