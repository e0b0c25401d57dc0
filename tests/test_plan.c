/*
 * test_plan.c: the plan loader (migrator/plan.c): the real plans/ load and
 * say what upstream says; checksums are those of the files' bytes; every
 * statement and option of the format (plans/README.md) parses into the
 * right structure; each broken plan is refused with its exact
 * "FILE:LINE: message"; map validation against the schemas it joins; the
 * plan directory as a set.  Run under -fsanitize=address with CK_FORK=no,
 * every parsed object (and every half-built one on an error path) is freed.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "hash.h"
#include "plan.h"
#include "strbuf.h"
#include "support.h"

static struct om_error err;
static struct om_schema *schema;
static struct om_map *map;
static struct om_planset *ps;
static char *tmp;

static void setup(void)
{
	om_error_clear(&err);
	schema = NULL;
	map = NULL;
	ps = NULL;
	tmp = NULL;
}

static void teardown(void)
{
	om_schema_free(schema);
	om_map_free(map);
	om_planset_free(ps);
	if (tmp) {
		om_test_rmtree(tmp);
		free(tmp);
	}
	schema = NULL;
	map = NULL;
	ps = NULL;
	tmp = NULL;
}

/* ---- helpers --------------------------------------------------------- */

/* Lines 1-2 of the small schemas below; their own lines start at 3. */
#define HEAD "schema 9\nclass core\n"
/* The table every schema must have (3 lines). */
#define VTAB "table version\n  column table_name varchar(64) not null\nend\n"

static void schema_ok(const char *text)
{
	int rc = om_schema_parse(&schema, "t.schema", text, strlen(text), &err);

	ck_assert_msg(rc == 0, "parse failed: %s", err.msg);
	ck_assert_ptr_nonnull(schema);
}

static void schema_fails(const char *text, const char *msg)
{
	ck_assert_int_eq(om_schema_parse(&schema, "t.schema", text, strlen(text), &err), -1);
	ck_assert_ptr_null(schema);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, msg);
}

/* For a refusal whose wording is not settled: the code and "FILE:LINE: ". */
static void schema_fails_at(const char *text, const char *prefix)
{
	ck_assert_int_eq(om_schema_parse(&schema, "t.schema", text, strlen(text), &err), -1);
	ck_assert_ptr_null(schema);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_msg(!strncmp(err.msg, prefix, strlen(prefix)), "\"%s\" does not start with \"%s\"",
		      err.msg, prefix);
}

static void map_ok(const char *text)
{
	int rc;

	/* A test may parse several maps: only the last one is kept for its teardown. */
	om_map_free(map);
	map = NULL;
	rc = om_map_parse(&map, "t.map", text, strlen(text), &err);

	ck_assert_msg(rc == 0, "parse failed: %s", err.msg);
	ck_assert_ptr_nonnull(map);
}

static void map_fails(const char *text, const char *msg)
{
	om_map_free(map);
	map = NULL;
	ck_assert_int_eq(om_map_parse(&map, "t.map", text, strlen(text), &err), -1);
	ck_assert_ptr_null(map);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, msg);
}

static const struct om_table *table_of(const struct om_schema *s, const char *name)
{
	const struct om_table *t = om_schema_table(s, name);

	ck_assert_msg(t != NULL, "schema %s has no table %s", s->version, name);
	return t;
}

static const struct om_column *column_of(const struct om_table *t, const char *name)
{
	const struct om_column *c = om_table_column(t, name);

	ck_assert_msg(c != NULL, "table %s has no column %s", t->name, name);
	return c;
}

/* The key called name, or the primary key when name is NULL. */
static const struct om_key *key_of(const struct om_table *t, const char *name)
{
	for (size_t i = 0; i < t->nkeys; i++) {
		const struct om_key *k = &t->keys[i];

		if (name ? k->name && !strcmp(k->name, name) : k->kind == OM_KEY_PRIMARY)
			return k;
	}
	ck_abort_msg("table %s has no key %s", t->name, name ? name : "(primary)");
	return NULL;
}

static char *type_text(const struct om_type *t)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_init(&sb);
	om_type_format(&sb, t);
	return strbuf_detach(&sb);
}

static void assert_type(const struct om_type *t, const char *want)
{
	char *s = type_text(t);

	ck_assert_str_eq(s, want);
	free(s);
}

/* ---- the real plans -------------------------------------------------- */

#define PLANDIR OM_TEST_SRCDIR "/plans"

static void load_real(void)
{
	int rc = om_planset_load(&ps, PLANDIR, &err);

	ck_assert_msg(rc == 0, "loading %s failed: %s", PLANDIR, err.msg);
	ck_assert_ptr_nonnull(ps);
}

static const struct om_schema *real(const char *version)
{
	const struct om_schema *s = om_planset_schema(ps, version);

	ck_assert_msg(s != NULL, "no schema %s in %s", version, PLANDIR);
	return s;
}

START_TEST(real_plans_load)
{
	load_real();
	ck_assert_uint_eq(ps->nschemas, 3);
	ck_assert_uint_eq(ps->nmaps, 3);
	ck_assert_str_eq(ps->dir, PLANDIR);
	ck_assert_str_eq(real("1.1")->file, PLANDIR "/1.1.schema");
	ck_assert_str_eq(real("1.2")->file, PLANDIR "/1.2.schema");
	ck_assert_ptr_nonnull(om_planset_map(ps, "1.1", "1.2"));
	ck_assert_str_eq(om_planset_map(ps, "1.1", "1.2")->file, PLANDIR "/1.1-1.2.map");
	/* The rollback map is no upgrade map: nothing upgrades from 1.2 to 1.1. */
	ck_assert_ptr_null(om_planset_map(ps, "1.2", "1.1"));
	ck_assert_str_eq(om_planset_rollback_map(ps, "1.2", "1.1")->file, PLANDIR "/1.2-1.1.map");
	ck_assert_ptr_null(om_planset_rollback_map(ps, "1.1", "1.2"));
}
END_TEST

/* A rollback map needs the upgrade map it goes back along. */
START_TEST(rollback_map_without_its_upgrade_is_refused)
{
	char *d = om_test_mkdtemp(), path[600];
	struct om_planset *set = NULL;

	snprintf(path, sizeof(path), "%s/a.schema", d);
	om_test_write_file(path, "schema 1\nclass core\ntable version\n  column table_name varchar(64) not null\n  column table_version int(10) not null\n  primary key (table_name)\nend\ntable t version 1\n  column c int(10) not null\nend\n");
	snprintf(path, sizeof(path), "%s/b.schema", d);
	om_test_write_file(path, "schema 2\nclass core\ntable version\n  column table_name varchar(64) not null\n  column table_version int(10) not null\n  primary key (table_name)\nend\ntable t version 2\n  column c int(10) not null\nend\n");
	snprintf(path, sizeof(path), "%s/b-a.map", d);
	om_test_write_file(path, "map 2 -> 1 rollback\n");
	ck_assert_int_eq(om_planset_load(&set, d, &err), -1);
	ck_assert_msg(strstr(err.msg, "rollback map 2 -> 1: there is no upgrade map 1 -> 2"), "%s", err.msg);
	snprintf(path, sizeof(path), "%s/a-b.map", d);
	om_test_write_file(path, "map 1 -> 2\n");
	ck_assert_int_eq(om_planset_load(&set, d, &err), 0);
	ck_assert(om_planset_rollback_map(set, "2", "1")->rollback);
	om_planset_free(set);
	om_test_rmtree(d);
	free(d);
}
END_TEST

START_TEST(derived_upstream_1_2_0_is_1_2_without_the_acc_extras)
{
	const struct om_schema *s, *t;
	const struct om_table *acc, *addr;
	int v = 0;

	load_real();
	s = real("1.2.0");
	t = real("1.2");
	ck_assert_ptr_null(s->base);
	ck_assert_str_eq(s->file, PLANDIR "/1.2.0.schema");
	ck_assert_uint_eq(s->ntables, t->ntables);
	acc = om_schema_table(s, "acc");
	ck_assert_uint_eq(acc->ncols, 8);
	ck_assert_ptr_null(om_table_column(acc, "src_user"));
	ck_assert_ptr_nonnull(om_table_column(om_schema_table(t, "acc"), "src_user"));
	ck_assert_uint_eq(om_schema_table(s, "missed_calls")->ncols, 8);
	addr = om_schema_table(s, "address");
	ck_assert(om_table_version(addr, OM_ENGINE_PGSQL, &v));
	ck_assert_int_eq(v, 2);
	ck_assert(om_table_version(addr, OM_ENGINE_MYSQL, &v));
	ck_assert_int_eq(v, 3);
	ck_assert(om_table_version(om_schema_table(t, "address"), OM_ENGINE_PGSQL, &v));
	ck_assert_int_eq(v, 3);
	ck_assert_ptr_nonnull(om_planset_map(ps, "1.2.0", "1.2"));
}
END_TEST

START_TEST(real_plans_lookups_of_unknown_names_are_null)
{
	load_real();
	ck_assert_ptr_null(om_planset_schema(ps, "1.3"));
	ck_assert_ptr_null(om_planset_map(ps, "1.2", "1.1"));
	ck_assert_ptr_null(om_schema_table(real("1.2"), "pd_multidomain"));
	ck_assert_ptr_null(om_table_column(table_of(real("1.2"), "acc"), "sip_status"));
	ck_assert_ptr_null(om_schema_class(real("1.1"), "presence"));
}
END_TEST

START_TEST(real_titles)
{
	load_real();
	ck_assert_str_eq(real("1.1")->title, "OpenSER 1.1.0");
	ck_assert_str_eq(real("1.2")->title,
			 "OpenSER 1.2.0 with the acc extra columns and address version 3");
	ck_assert_str_eq(om_planset_map(ps, "1.1", "1.2")->title,
			 "OpenSER 1.1.x to 1.2.x: every row kept");
}
END_TEST

START_TEST(real_1_1_has_28_tables)
{
	load_real();
	ck_assert_uint_eq(real("1.1")->ntables, 28);
}
END_TEST

START_TEST(real_1_2_has_37_tables)
{
	load_real();
	ck_assert_uint_eq(real("1.2")->ntables, 37);
}
END_TEST

START_TEST(real_1_2_classes)
{
	const struct om_schema *s;

	load_real();
	s = real("1.2");
	ck_assert_uint_eq(s->nclasses, 4);
	ck_assert_ptr_null(om_schema_class(s, "core")->option);
	ck_assert_str_eq(om_schema_class(s, "serweb")->option, "HAS_SERWEB");
	ck_assert(!om_schema_class(s, "serweb")->partial);
	ck_assert_str_eq(om_schema_class(s, "presence")->option, "INSTALL_PRESENCE_TABLES");
	ck_assert_str_eq(om_schema_class(s, "extra")->option, "INSTALL_EXTRA_TABLES");
	ck_assert(om_schema_class(s, "extra")->partial);
}
END_TEST

START_TEST(real_1_2_acc_version_4)
{
	int v = 0;

	load_real();
	ck_assert_int_eq(table_of(real("1.2"), "acc")->version, 4);
	ck_assert(om_table_version(table_of(real("1.2"), "acc"), OM_ENGINE_PGSQL, &v));
	ck_assert_int_eq(v, 4);
}
END_TEST

START_TEST(real_1_2_acc_extra_columns_follow_time)
{
	static const char *const want[] = {
		"id", "method", "from_tag", "to_tag", "callid", "sip_code", "sip_reason",
		"time", "src_user", "src_domain", "dst_user", "dst_domain"
	};
	const struct om_table *t;

	load_real();
	t = table_of(real("1.2"), "acc");
	ck_assert_uint_eq(t->ncols, 12);
	for (size_t i = 0; i < 12; i++)
		ck_assert_str_eq(t->cols[i].name, want[i]);
}
END_TEST

START_TEST(real_1_2_acc_time_default_only_on_pgsql)
{
	const struct om_column *c;
	struct om_default def;
	bool notnull;

	load_real();
	c = column_of(table_of(real("1.2"), "acc"), "time");
	ck_assert(om_column_effective(c, OM_ENGINE_MYSQL, NULL, &notnull, &def));
	ck_assert(notnull);
	ck_assert_int_eq(def.kind, OM_DEF_NONE);
	ck_assert(om_column_effective(c, OM_ENGINE_PGSQL, NULL, &notnull, &def));
	ck_assert(notnull);
	ck_assert_int_eq(def.kind, OM_DEF_STRING);
	ck_assert_str_eq(def.text, "1900-01-01 00:00:01");
}
END_TEST

START_TEST(real_1_2_subscriber_phplib_id_is_serweb)
{
	const struct om_table *t;

	load_real();
	t = table_of(real("1.2"), "subscriber");
	ck_assert_str_eq(t->cls, "core");
	ck_assert_pstr_eq(column_of(t, "phplib_id")->cls, "serweb");
	ck_assert_ptr_null(column_of(t, "username")->cls);
	ck_assert_pstr_eq(key_of(t, "phplib_id")->cls, "serweb");
	ck_assert_str_eq(om_key_name(key_of(t, "phplib_id"), OM_ENGINE_PGSQL), "phplib_id_key");
}
END_TEST

START_TEST(real_1_2_pdt_has_no_version_row)
{
	const struct om_table *t;
	int v = -7;

	load_real();
	t = table_of(real("1.2"), "pdt");
	ck_assert(!t->has_version);
	ck_assert(!om_table_version(t, OM_ENGINE_MYSQL, &v));
	ck_assert(!om_table_version(t, OM_ENGINE_PGSQL, &v));
	ck_assert(!om_table_version(t, OM_ENGINE_SQLITE, &v));
	ck_assert_int_eq(v, -7);
}
END_TEST

START_TEST(real_1_2_address_version_3_on_every_engine)
{
	const struct om_table *t;
	int v;

	load_real();
	t = table_of(real("1.2"), "address");
	for (int e = OM_ENGINE_SQLITE; e <= OM_ENGINE_PGSQL; e++) {
		v = 0;
		ck_assert(om_table_version(t, (enum om_engine)e, &v));
		ck_assert_int_eq(v, 3);
	}
}
END_TEST

START_TEST(real_sip_trace_index_names_per_engine)
{
	static const char *const mysql[] = { "user_idx", "date_id", "ip_idx", "call_id" };
	static const char *const pgsql[] = { "user_idx", "date_idx", "fromip_idx", "callid_idx" };

	load_real();
	for (int v = 0; v < 2; v++) {
		const struct om_table *t = table_of(real(v ? "1.2" : "1.1"), "sip_trace");

		ck_assert_uint_eq(t->nkeys, 5);
		ck_assert_int_eq(t->keys[0].kind, OM_KEY_PRIMARY);
		for (size_t i = 0; i < 4; i++) {
			const struct om_key *k = &t->keys[i + 1];

			ck_assert_int_eq(k->kind, OM_KEY_INDEX);
			ck_assert_str_eq(om_key_name(k, OM_ENGINE_MYSQL), mysql[i]);
			ck_assert_str_eq(om_key_name(k, OM_ENGINE_PGSQL), pgsql[i]);
		}
	}
}
END_TEST

START_TEST(real_key_name_sqlite_falls_back_to_pgsql)
{
	const struct om_table *t;

	load_real();
	t = table_of(real("1.1"), "sip_trace");
	ck_assert_ptr_null(key_of(t, "date_id")->ename[OM_ENGINE_SQLITE]);
	ck_assert_str_eq(om_key_name(key_of(t, "date_id"), OM_ENGINE_SQLITE), "date_idx");
	ck_assert_str_eq(om_key_name(key_of(table_of(real("1.1"), "trusted"), "Key1"),
				 OM_ENGINE_SQLITE), "ip_addr");
}
END_TEST

START_TEST(real_1_1_usr_preferences_pgsql_order_has_value_before_type)
{
	static const char *const want[] = {
		"id", "uuid", "username", "domain", "attribute", "value", "type", "modified"
	};
	const struct om_table *t;

	load_real();
	t = table_of(real("1.1"), "usr_preferences");
	ck_assert_ptr_nonnull(t->order[OM_ENGINE_PGSQL]);
	for (size_t i = 0; i < 8; i++)
		ck_assert_str_eq(t->order[OM_ENGINE_PGSQL][i], want[i]);
	ck_assert_ptr_null(t->order[OM_ENGINE_PGSQL][8]);
	ck_assert_ptr_null(t->order[OM_ENGINE_MYSQL]);
	ck_assert_ptr_null(t->order[OM_ENGINE_SQLITE]);
	/* The written order is MySQL's: type before value. */
	ck_assert_str_eq(t->cols[5].name, "type");
	ck_assert_str_eq(t->cols[6].name, "value");
}
END_TEST

START_TEST(real_1_1_gw_has_6_pgsql_checks)
{
	const struct om_table *t;

	load_real();
	t = table_of(real("1.1"), "gw");
	ck_assert_uint_eq(t->nchecks, 6);
	for (size_t i = 0; i < 6; i++)
		ck_assert_int_eq(t->checks[i].engine, OM_ENGINE_PGSQL);
	ck_assert_str_eq(t->checks[0].name, "gw_grp_id_check");
	ck_assert_str_eq(t->checks[0].sql, "((grp_id > 0))");
	ck_assert_str_eq(t->checks[1].name, "gw_ip_addr_check");
	ck_assert_str_eq(t->checks[1].sql,
			 "(((ip_addr > 0) AND (ip_addr < '4294967296'::bigint)))");
}
END_TEST

START_TEST(real_1_2_location_cseq_default_per_engine)
{
	const struct om_column *c;
	struct om_default def;

	load_real();
	c = column_of(table_of(real("1.2"), "location"), "cseq");
	ck_assert(om_column_effective(c, OM_ENGINE_PGSQL, NULL, NULL, &def));
	ck_assert_int_eq(def.kind, OM_DEF_NUMBER);
	ck_assert_str_eq(def.text, "42");
	ck_assert(om_column_effective(c, OM_ENGINE_MYSQL, NULL, NULL, &def));
	ck_assert_str_eq(def.text, "13");
	ck_assert(om_column_effective(c, OM_ENGINE_SQLITE, NULL, NULL, &def));
	ck_assert_str_eq(def.text, "13");
}
END_TEST

START_TEST(real_pgsql_type_variant)
{
	const struct om_column *c;
	struct om_type type;
	struct om_default def;

	load_real();
	c = column_of(table_of(real("1.1"), "subscriber"), "datetime_created");
	ck_assert(om_column_effective(c, OM_ENGINE_PGSQL, &type, NULL, &def));
	assert_type(&type, "timestamp");
	ck_assert_int_eq(def.kind, OM_DEF_CURRENT_TIMESTAMP);
	ck_assert(om_column_effective(c, OM_ENGINE_MYSQL, &type, NULL, &def));
	assert_type(&type, "datetime");
	ck_assert_str_eq(def.text, "0000-00-00 00:00:00");
}
END_TEST

START_TEST(real_1_1_module_tables_are_optional_without_version)
{
	load_real();
	ck_assert(table_of(real("1.1"), "cpl")->optional);
	ck_assert(!table_of(real("1.1"), "cpl")->has_version);
	ck_assert(table_of(real("1.1"), "pd_multidomain")->optional);
	ck_assert(!table_of(real("1.1"), "acc")->optional);
}
END_TEST

START_TEST(real_map_tables)
{
	const struct om_map *m;
	const struct om_map_table *mt;

	load_real();
	m = om_planset_map(ps, "1.1", "1.2");
	ck_assert_uint_eq(m->ntables, 10);
	ck_assert_ptr_nonnull(om_map_option_find(m, "STORE_PLAINTEXT_PW"));
	mt = om_map_table_for(m, "pdt");
	ck_assert_ptr_nonnull(mt);
	ck_assert_str_eq(mt->source, "pd_multidomain");
	ck_assert(mt->if_exists);
	ck_assert_uint_eq(mt->nassigns, 0);
	ck_assert(!om_map_table_for(m, "acc")->if_exists);
	ck_assert_ptr_null(om_map_table_for(m, "location"));
}
END_TEST

START_TEST(real_map_acc_dst_user_expression)
{
	const struct om_map_table *mt;
	const struct om_expr *e;

	load_real();
	mt = om_map_table_for(om_planset_map(ps, "1.1", "1.2"), "acc");
	ck_assert_uint_eq(mt->nassigns, 10);
	ck_assert_str_eq(mt->assigns[8].column, "dst_user");
	e = mt->assigns[8].expr;
	ck_assert_int_eq(e->kind, OM_EXPR_CALL);
	ck_assert_str_eq(e->text, "uri_user");
	ck_assert_uint_eq(e->nargs, 1);
	ck_assert_str_eq(e->args[0]->text, "nonempty");
	ck_assert_uint_eq(e->args[0]->nargs, 2);
	ck_assert_str_eq(e->args[0]->args[0]->text, "i_uri");
	ck_assert_str_eq(e->args[0]->args[1]->text, "to_uri");
}
END_TEST

/* ---- checksums ------------------------------------------------------- */

static void assert_file_sha(const char *path, const char *sha)
{
	size_t len;
	char *text = om_test_read_file(path, &len);
	char want[65];

	ck_assert_msg(text != NULL, "cannot read %s", path);
	om_sha256_hex(text, len, want);
	ck_assert_str_eq(sha, want);
	free(text);
}

START_TEST(real_schema_sha256_is_of_the_file_bytes)
{
	load_real();
	assert_file_sha(PLANDIR "/1.1.schema", real("1.1")->sha256);
	assert_file_sha(PLANDIR "/1.2.schema", real("1.2")->sha256);
	ck_assert_str_ne(real("1.1")->sha256, real("1.2")->sha256);
}
END_TEST

START_TEST(real_map_sha256_is_of_the_file_bytes)
{
	load_real();
	assert_file_sha(PLANDIR "/1.1-1.2.map", om_planset_map(ps, "1.1", "1.2")->sha256);
}
END_TEST

/* Change the byte after the first '#' (a comment: the plan still parses). */
static char *read_with_one_byte_changed(const char *path, size_t *len)
{
	char *text = om_test_read_file(path, len);
	char *hash;

	ck_assert_ptr_nonnull(text);
	hash = strchr(text, '#');
	ck_assert_ptr_nonnull(hash);
	hash[1] = hash[1] == '!' ? '?' : '!';
	return text;
}

START_TEST(schema_sha256_changes_with_one_byte)
{
	size_t len;
	char *text = read_with_one_byte_changed(PLANDIR "/1.1.schema", &len);
	char want[65];

	load_real();
	ck_assert_int_eq(om_schema_parse(&schema, "1.1.schema", text, len, &err), 0);
	om_sha256_hex(text, len, want);
	ck_assert_str_eq(schema->sha256, want);
	ck_assert_str_ne(schema->sha256, real("1.1")->sha256);
	ck_assert_uint_eq(schema->ntables, 28);
	free(text);
}
END_TEST

START_TEST(map_sha256_changes_with_one_byte)
{
	size_t len;
	char *text = read_with_one_byte_changed(PLANDIR "/1.1-1.2.map", &len);
	char want[65];

	load_real();
	ck_assert_int_eq(om_map_parse(&map, "1.1-1.2.map", text, len, &err), 0);
	om_sha256_hex(text, len, want);
	ck_assert_str_eq(map->sha256, want);
	ck_assert_str_ne(map->sha256, om_planset_map(ps, "1.1", "1.2")->sha256);
	free(text);
}
END_TEST

START_TEST(schema_sha256_known_value)
{
	/* sha256sum of these bytes */
	schema_ok(HEAD "table version\n  column table_name varchar(64) not null\nend\n");
	ck_assert_str_eq(schema->sha256,
			 "fb042b76ac7a6a31902fbd1b61c57a24b6d0c1e7ad560d15afe33b00a5d6c03d");
}
END_TEST

START_TEST(map_sha256_known_value)
{
	map_ok("map 9 -> 10\n");
	ck_assert_str_eq(map->sha256,
			 "5449fc9e878d5c93dc3d3b151197a02fef6228d3add8f25686285e1060d1a890");
}
END_TEST

START_TEST(sha256_covers_comments_and_blanks)
{
	struct om_schema *other = NULL;
	const char *a = HEAD VTAB;
	const char *b = HEAD VTAB "\n";

	schema_ok(a);
	ck_assert_int_eq(om_schema_parse(&other, "t.schema", b, strlen(b), &err), 0);
	ck_assert_str_ne(schema->sha256, other->sha256);
	om_schema_free(other);
}
END_TEST

/* ---- a schema with every statement and option ------------------------ */

static const char full_schema[] =
	"# A schema using every statement and option of the format.\n"           /*  1 */
	"\n"                                                                      /*  2 */
	"schema 2.0   # the version\n"                                            /*  3 */
	"title \"Every option # not a comment\"\n"                                /*  4 */
	"\n"                                                                      /*  5 */
	"class core\n"                                                            /*  6 */
	"class web option HAS_WEB\n"                                              /*  7 */
	"class bits option INSTALL_BITS partial   # both\n"                       /*  8 */
	"class loose partial\n"                                                   /*  9 */
	"\t# an indented comment\n"                                               /* 10 */
	"table version\n"                                                         /* 11 */
	"  column table_name varchar(64) not null\n"                              /* 12 */
	"  column table_version smallint(5) not null default 0\n"                 /* 13 */
	"  primary key (table_name)\n"                                            /* 14 */
	"end\n"                                                                   /* 15 */
	"\n"                                                                      /* 16 */
	"table things class web version 7 pgsql: version 8 sqlite: version 9 optional  # c\n" /* 17 */
	"  # a comment inside a table\n"                                          /* 18 */
	"\n"                                                                      /* 19 */
	"  column id int(10) unsigned not null auto_increment\n"                  /* 20 */
	"  column name varchar(32) not null default 'it''s'\n"                    /* 21 */
	"  column price float(10,2) null default 1.50\n"                          /* 22 */
	"  column delta int(11) not null default -3\n"                            /* 23 */
	"  column note text null default null\n"                                  /* 24 */
	"  column bare varchar(8) null\n"                                         /* 25 */
	"  column created timestamp not null default current_timestamp on update current_timestamp\n" /* 26 */
	"  column secret char(1) not null default '' class bits\n"                /* 27 */
	"  column multi varchar(16) not null default 'x'  pgsql: type text no default null"
	"  sqlite: default 'y' not null  mysql: absent  # variants\n"             /* 28 */
	"\tcolumn\tbig\tbigint(20)\tnull  pgsql: not null default 0  sqlite: type int unsigned\n" /* 29 */
	"  primary key (id)\n"                                                    /* 30 */
	"  unique u_name (name) pgsql: things_name_key sqlite: u_name_lite\n"     /* 31 */
	"  index i_price (price, delta) class bits mysql: ip pgsql: i_price_indx # c\n" /* 32 */
	"  index i_note (note)\n"                                                 /* 33 */
	"  check c_delta pgsql ((delta > -10) AND (name <> 'a)b''c'))\n"          /* 34 */
	"  check c_hash sqlite (name <> '#')   # a comment\n"                     /* 35 */
	"  order pgsql (id, name, price, delta, note, bare, created, secret, multi, big)\n" /* 36 */
	"end   # closes things\n"                                                 /* 37 */
	"\n"                                                                      /* 38 */
	"table plain\n"                                                           /* 39 */
	"  column a float\n"                                                      /* 40 */
	"end";                                                                    /* 41: no newline */

static const struct om_table *things(void)
{
	schema_ok(full_schema);
	return table_of(schema, "things");
}

START_TEST(schema_header)
{
	schema_ok(full_schema);
	ck_assert_str_eq(schema->version, "2.0");
	ck_assert_str_eq(schema->title, "Every option # not a comment");
	ck_assert_str_eq(schema->file, "t.schema");
	ck_assert_uint_eq(schema->ntables, 3);
	ck_assert_str_eq(schema->tables[0].name, "version");
	ck_assert_str_eq(schema->tables[1].name, "things");
	ck_assert_str_eq(schema->tables[2].name, "plain");
}
END_TEST

START_TEST(schema_classes)
{
	schema_ok(full_schema);
	ck_assert_uint_eq(schema->nclasses, 4);
	ck_assert_ptr_null(om_schema_class(schema, "core")->option);
	ck_assert(!om_schema_class(schema, "core")->partial);
	ck_assert_pstr_eq(om_schema_class(schema, "web")->option, "HAS_WEB");
	ck_assert(!om_schema_class(schema, "web")->partial);
	ck_assert_pstr_eq(om_schema_class(schema, "bits")->option, "INSTALL_BITS");
	ck_assert(om_schema_class(schema, "bits")->partial);
	ck_assert_ptr_null(om_schema_class(schema, "loose")->option);
	ck_assert(om_schema_class(schema, "loose")->partial);
}
END_TEST

START_TEST(table_head_options)
{
	const struct om_table *t = things();

	ck_assert_str_eq(t->cls, "web");
	ck_assert(t->has_version);
	ck_assert_int_eq(t->version, 7);
	ck_assert(t->has_eversion[OM_ENGINE_PGSQL]);
	ck_assert_int_eq(t->eversion[OM_ENGINE_PGSQL], 8);
	ck_assert(t->has_eversion[OM_ENGINE_SQLITE]);
	ck_assert_int_eq(t->eversion[OM_ENGINE_SQLITE], 9);
	ck_assert(!t->has_eversion[OM_ENGINE_MYSQL]);
	ck_assert(t->optional);
	ck_assert_int_eq(t->line, 17);
}
END_TEST

START_TEST(table_version_per_engine)
{
	const struct om_table *t = things();
	int v = 0;

	ck_assert(om_table_version(t, OM_ENGINE_MYSQL, &v));
	ck_assert_int_eq(v, 7);
	ck_assert(om_table_version(t, OM_ENGINE_PGSQL, &v));
	ck_assert_int_eq(v, 8);
	ck_assert(om_table_version(t, OM_ENGINE_SQLITE, &v));
	ck_assert_int_eq(v, 9);
}
END_TEST

START_TEST(table_defaults)
{
	const struct om_table *t;
	int v = -1;

	schema_ok(full_schema);
	t = table_of(schema, "plain");
	ck_assert_str_eq(t->cls, "core");
	ck_assert(!t->has_version);
	ck_assert(!t->optional);
	ck_assert(!om_table_version(t, OM_ENGINE_MYSQL, &v));
	ck_assert_int_eq(t->nkeys, 0);
	ck_assert_int_eq(t->nchecks, 0);
	ck_assert_int_eq(t->line, 39);
}
END_TEST

START_TEST(columns_in_written_order_with_lines)
{
	static const char *const want[] = {
		"id", "name", "price", "delta", "note", "bare", "created", "secret", "multi", "big"
	};
	const struct om_table *t = things();

	ck_assert_uint_eq(t->ncols, 10);
	for (size_t i = 0; i < 10; i++) {
		ck_assert_str_eq(t->cols[i].name, want[i]);
		ck_assert_int_eq(t->cols[i].line, 20 + (int)i);
	}
}
END_TEST

START_TEST(column_types)
{
	const struct om_table *t = things();
	const struct om_type *id = &column_of(t, "id")->type;
	const struct om_type *price = &column_of(t, "price")->type;

	ck_assert_str_eq(id->base, "int");
	ck_assert_int_eq(id->nargs, 1);
	ck_assert_int_eq(id->arg[0], 10);
	ck_assert(id->is_unsigned);
	ck_assert_str_eq(price->base, "float");
	ck_assert_int_eq(price->nargs, 2);
	ck_assert_int_eq(price->arg[0], 10);
	ck_assert_int_eq(price->arg[1], 2);
	ck_assert(!price->is_unsigned);
	ck_assert_int_eq(column_of(t, "note")->type.nargs, 0);
}
END_TEST

START_TEST(column_types_format_as_written)
{
	const struct om_table *t = things();

	assert_type(&column_of(t, "id")->type, "int(10) unsigned");
	assert_type(&column_of(t, "name")->type, "varchar(32)");
	assert_type(&column_of(t, "price")->type, "float(10,2)");
	assert_type(&column_of(t, "note")->type, "text");
	assert_type(&column_of(t, "secret")->type, "char(1)");
	assert_type(&column_of(t, "big")->type, "bigint(20)");
	assert_type(&column_of(table_of(schema, "plain"), "a")->type, "float");
}
END_TEST

START_TEST(column_null_and_not_null)
{
	const struct om_table *t = things();

	ck_assert(column_of(t, "id")->notnull);
	ck_assert(column_of(t, "name")->notnull);
	ck_assert(!column_of(t, "price")->notnull);
	ck_assert(!column_of(t, "bare")->notnull);
	/* Neither written: nullable. */
	ck_assert(!column_of(table_of(schema, "plain"), "a")->notnull);
}
END_TEST

START_TEST(column_default_string_with_quote)
{
	const struct om_default *d = &column_of(things(), "name")->def;

	ck_assert_int_eq(d->kind, OM_DEF_STRING);
	ck_assert_str_eq(d->text, "it's");
}
END_TEST

START_TEST(column_default_empty_string)
{
	const struct om_default *d = &column_of(things(), "secret")->def;

	ck_assert_int_eq(d->kind, OM_DEF_STRING);
	ck_assert_str_eq(d->text, "");
}
END_TEST

START_TEST(column_default_number)
{
	const struct om_default *d = &column_of(things(), "price")->def;

	ck_assert_int_eq(d->kind, OM_DEF_NUMBER);
	ck_assert_str_eq(d->text, "1.50");
	d = &column_of(table_of(schema, "version"), "table_version")->def;
	ck_assert_int_eq(d->kind, OM_DEF_NUMBER);
	ck_assert_str_eq(d->text, "0");
}
END_TEST

START_TEST(column_default_negative_number)
{
	const struct om_default *d = &column_of(things(), "delta")->def;

	ck_assert_int_eq(d->kind, OM_DEF_NUMBER);
	ck_assert_str_eq(d->text, "-3");
}
END_TEST

START_TEST(column_default_null)
{
	const struct om_default *d = &column_of(things(), "note")->def;

	ck_assert_int_eq(d->kind, OM_DEF_NULL);
	ck_assert_ptr_null(d->text);
}
END_TEST

START_TEST(column_without_default)
{
	const struct om_default *d = &column_of(things(), "bare")->def;

	ck_assert_int_eq(d->kind, OM_DEF_NONE);
	ck_assert_ptr_null(d->text);
}
END_TEST

START_TEST(column_default_current_timestamp_on_update)
{
	const struct om_column *c = column_of(things(), "created");

	ck_assert_int_eq(c->def.kind, OM_DEF_CURRENT_TIMESTAMP);
	ck_assert(c->on_update_ts);
	ck_assert(!c->autoinc);
	ck_assert(!column_of(table_of(schema, "things"), "name")->on_update_ts);
}
END_TEST

START_TEST(column_auto_increment)
{
	const struct om_table *t = things();

	ck_assert(column_of(t, "id")->autoinc);
	ck_assert(!column_of(t, "id")->on_update_ts);
	ck_assert(!column_of(t, "name")->autoinc);
}
END_TEST

START_TEST(column_class)
{
	const struct om_table *t = things();

	ck_assert_pstr_eq(column_of(t, "secret")->cls, "bits");
	ck_assert_ptr_null(column_of(t, "name")->cls);
}
END_TEST

START_TEST(column_without_variants)
{
	const struct om_column *c = column_of(things(), "name");

	for (int e = 0; e < OM_NENGINES; e++)
		ck_assert(!c->var[e].present);
}
END_TEST

START_TEST(column_variant_type_no_default_null)
{
	const struct om_colvariant *v = &column_of(things(), "multi")->var[OM_ENGINE_PGSQL];

	ck_assert(v->present);
	ck_assert(v->set_type);
	assert_type(&v->type, "text");
	ck_assert(v->set_default);
	ck_assert_int_eq(v->def.kind, OM_DEF_NONE);
	ck_assert_int_eq(v->notnull, 0);
	ck_assert(!v->absent);
}
END_TEST

START_TEST(column_variant_default_not_null)
{
	const struct om_colvariant *v = &column_of(things(), "multi")->var[OM_ENGINE_SQLITE];

	ck_assert(v->present);
	ck_assert(!v->set_type);
	ck_assert(v->set_default);
	ck_assert_int_eq(v->def.kind, OM_DEF_STRING);
	ck_assert_str_eq(v->def.text, "y");
	ck_assert_int_eq(v->notnull, 1);
	ck_assert(!v->absent);
}
END_TEST

START_TEST(column_variant_absent)
{
	const struct om_column *c = column_of(things(), "multi");

	ck_assert(c->var[OM_ENGINE_MYSQL].present);
	ck_assert(c->var[OM_ENGINE_MYSQL].absent);
	ck_assert(!c->var[OM_ENGINE_MYSQL].set_type);
	ck_assert(!c->var[OM_ENGINE_MYSQL].set_default);
	ck_assert_int_eq(c->var[OM_ENGINE_MYSQL].notnull, -1);
	ck_assert(!c->var[OM_ENGINE_NONE].present);
}
END_TEST

START_TEST(column_variant_unsigned_type_without_width)
{
	const struct om_colvariant *v = &column_of(things(), "big")->var[OM_ENGINE_SQLITE];

	ck_assert(v->set_type);
	ck_assert_str_eq(v->type.base, "int");
	ck_assert_int_eq(v->type.nargs, 0);
	ck_assert(v->type.is_unsigned);
}
END_TEST

START_TEST(effective_column_applies_the_engine_variant)
{
	const struct om_column *c = column_of(things(), "multi");
	struct om_type type;
	struct om_default def;
	bool notnull;

	ck_assert(om_column_effective(c, OM_ENGINE_PGSQL, &type, &notnull, &def));
	assert_type(&type, "text");
	ck_assert(!notnull);
	ck_assert_int_eq(def.kind, OM_DEF_NONE);
	ck_assert(om_column_effective(c, OM_ENGINE_SQLITE, &type, &notnull, &def));
	assert_type(&type, "varchar(16)");
	ck_assert(notnull);
	ck_assert_int_eq(def.kind, OM_DEF_STRING);
	ck_assert_str_eq(def.text, "y");
}
END_TEST

START_TEST(effective_column_absent_on_engine)
{
	const struct om_column *c = column_of(things(), "multi");
	struct om_type type;
	bool notnull;

	ck_assert(!om_column_effective(c, OM_ENGINE_MYSQL, &type, &notnull, NULL));
}
END_TEST

START_TEST(effective_column_without_variant_is_neutral)
{
	const struct om_column *c = column_of(things(), "big");
	struct om_type type;
	struct om_default def;
	bool notnull;

	ck_assert(om_column_effective(c, OM_ENGINE_MYSQL, &type, &notnull, &def));
	assert_type(&type, "bigint(20)");
	ck_assert(!notnull);
	ck_assert_int_eq(def.kind, OM_DEF_NONE);
	ck_assert(om_column_effective(c, OM_ENGINE_PGSQL, &type, &notnull, &def));
	assert_type(&type, "bigint(20)");
	ck_assert(notnull);
	ck_assert_int_eq(def.kind, OM_DEF_NUMBER);
	ck_assert_str_eq(def.text, "0");
}
END_TEST

START_TEST(primary_key)
{
	const struct om_key *k = key_of(things(), NULL);

	ck_assert_int_eq(k->kind, OM_KEY_PRIMARY);
	ck_assert_ptr_null(k->name);
	ck_assert_uint_eq(k->ncols, 1);
	ck_assert_str_eq(k->cols[0], "id");
	ck_assert_ptr_null(k->cls);
	ck_assert_int_eq(k->line, 30);
	ck_assert_uint_eq(table_of(schema, "things")->nkeys, 4);
}
END_TEST

START_TEST(unique_key_with_engine_names)
{
	const struct om_key *k = key_of(things(), "u_name");

	ck_assert_int_eq(k->kind, OM_KEY_UNIQUE);
	ck_assert_uint_eq(k->ncols, 1);
	ck_assert_str_eq(k->cols[0], "name");
	ck_assert_ptr_null(k->cls);
	ck_assert_ptr_null(k->ename[OM_ENGINE_MYSQL]);
	ck_assert_pstr_eq(k->ename[OM_ENGINE_PGSQL], "things_name_key");
	ck_assert_pstr_eq(k->ename[OM_ENGINE_SQLITE], "u_name_lite");
	ck_assert_int_eq(k->line, 31);
}
END_TEST

START_TEST(index_with_class_and_engine_names)
{
	const struct om_key *k = key_of(things(), "i_price");

	ck_assert_int_eq(k->kind, OM_KEY_INDEX);
	ck_assert_uint_eq(k->ncols, 2);
	ck_assert_str_eq(k->cols[0], "price");
	ck_assert_str_eq(k->cols[1], "delta");
	ck_assert_pstr_eq(k->cls, "bits");
	ck_assert_pstr_eq(k->ename[OM_ENGINE_MYSQL], "ip");
	ck_assert_pstr_eq(k->ename[OM_ENGINE_PGSQL], "i_price_indx");
	ck_assert_ptr_null(k->ename[OM_ENGINE_SQLITE]);
}
END_TEST

START_TEST(key_name_per_engine)
{
	const struct om_table *t = things();

	ck_assert_str_eq(om_key_name(key_of(t, "u_name"), OM_ENGINE_MYSQL), "u_name");
	ck_assert_str_eq(om_key_name(key_of(t, "u_name"), OM_ENGINE_PGSQL), "things_name_key");
	ck_assert_str_eq(om_key_name(key_of(t, "u_name"), OM_ENGINE_SQLITE), "u_name_lite");
	ck_assert_str_eq(om_key_name(key_of(t, "i_price"), OM_ENGINE_MYSQL), "ip");
}
END_TEST

START_TEST(key_name_sqlite_falls_back_to_pgsql)
{
	ck_assert_str_eq(om_key_name(key_of(things(), "i_price"), OM_ENGINE_SQLITE), "i_price_indx");
}
END_TEST

START_TEST(key_name_without_variants_is_the_written_one)
{
	const struct om_key *k = key_of(things(), "i_note");

	ck_assert_str_eq(om_key_name(k, OM_ENGINE_MYSQL), "i_note");
	ck_assert_str_eq(om_key_name(k, OM_ENGINE_PGSQL), "i_note");
	ck_assert_str_eq(om_key_name(k, OM_ENGINE_SQLITE), "i_note");
}
END_TEST

START_TEST(check_keeps_sql_verbatim)
{
	const struct om_table *t = things();

	ck_assert_uint_eq(t->nchecks, 2);
	ck_assert_str_eq(t->checks[0].name, "c_delta");
	ck_assert_int_eq(t->checks[0].engine, OM_ENGINE_PGSQL);
	ck_assert_str_eq(t->checks[0].sql, "((delta > -10) AND (name <> 'a)b''c'))");
	ck_assert_int_eq(t->checks[0].line, 34);
}
END_TEST

START_TEST(check_sql_may_hold_a_hash)
{
	const struct om_table *t = things();

	ck_assert_str_eq(t->checks[1].name, "c_hash");
	ck_assert_int_eq(t->checks[1].engine, OM_ENGINE_SQLITE);
	ck_assert_str_eq(t->checks[1].sql, "(name <> '#')");
}
END_TEST

START_TEST(order_per_engine)
{
	static const char *const want[] = {
		"id", "name", "price", "delta", "note", "bare", "created", "secret", "multi", "big"
	};
	const struct om_table *t = things();

	ck_assert_ptr_nonnull(t->order[OM_ENGINE_PGSQL]);
	for (size_t i = 0; i < 10; i++)
		ck_assert_str_eq(t->order[OM_ENGINE_PGSQL][i], want[i]);
	ck_assert_ptr_null(t->order[OM_ENGINE_PGSQL][10]);
	ck_assert_ptr_null(t->order[OM_ENGINE_MYSQL]);
	ck_assert_ptr_null(t->order[OM_ENGINE_SQLITE]);
}
END_TEST

START_TEST(crlf_line_ends)
{
	schema_ok("schema 9\r\nclass core\r\ntable version\r\n"
		  "  column table_name varchar(64) not null default 'a'\r\nend\r\n");
	ck_assert_str_eq(schema->version, "9");
	ck_assert_str_eq(table_of(schema, "version")->cols[0].def.text, "a");
}
END_TEST

START_TEST(text_need_not_be_nul_terminated)
{
	const char *text = HEAD VTAB "garbage after the length";

	ck_assert_int_eq(om_schema_parse(&schema, "t.schema", text, strlen(HEAD VTAB), &err), 0);
	ck_assert_uint_eq(schema->ntables, 1);
}
END_TEST

START_TEST(minimal_schema)
{
	schema_ok(HEAD VTAB);
	ck_assert_str_eq(schema->version, "9");
	ck_assert_ptr_null(schema->title);
	ck_assert_uint_eq(schema->nclasses, 1);
	ck_assert_uint_eq(schema->ntables, 1);
}
END_TEST

/* ---- a map with every statement -------------------------------------- */

static const char full_map[] =
	"# A map using every statement of the format.\n"                          /*  1 */
	"map 2.0 -> 3.0   # joins\n"                                              /*  2 */
	"title \"Every statement\"\n"                                             /*  3 */
	"\n"                                                                      /*  4 */
	"table dst from src   # reshaped\n"                                       /*  5 */
	"  # a comment inside a block\n"                                          /*  6 */
	"\n"                                                                      /*  7 */
	"  a = b\n"                                                               /*  8 */
	"  c = 'it''s'\n"                                                         /*  9 */
	"  d = 42\n"                                                              /* 10 */
	"  e = -1.5\n"                                                            /* 11 */
	"  f = null\n"                                                            /* 12 */
	"  g = concat(uri_user(x), '@', uri_host(nonempty(y, z)))  # nested\n"   /* 13 */
	"  h = md5(a) when HAS_WEB=yes\n"                                         /* 14 */
	"  h = 'none' when HAS_WEB='no'\n"                                        /* 15 */
	"\torder by (k1, k2)\n"                                                   /* 16 */
	"end\n"                                                                   /* 17 */
	"\n"                                                                      /* 18 */
	"table t2 from s2 if exists\n"                                            /* 19 */
	"table t3 from s3\n"                                                      /* 20 */
	"  order scan\n"                                                          /* 21 */
	"end\n"                                                                   /* 22 */
	"option HAS_WEB yes 'no'  # the values of a when variable\n";            /* 23 */

static const struct om_map_table *dst(void)
{
	map_ok(full_map);
	return &map->tables[0];
}

START_TEST(map_header)
{
	map_ok(full_map);
	ck_assert_str_eq(map->from, "2.0");
	ck_assert_str_eq(map->to, "3.0");
	ck_assert_str_eq(map->title, "Every statement");
	ck_assert_str_eq(map->file, "t.map");
	ck_assert_uint_eq(map->ntables, 3);
}
END_TEST

START_TEST(map_table_block)
{
	const struct om_map_table *mt = dst();

	ck_assert_str_eq(mt->target, "dst");
	ck_assert_str_eq(mt->source, "src");
	ck_assert(!mt->if_exists);
	ck_assert_int_eq(mt->line, 5);
	ck_assert_uint_eq(mt->nassigns, 8);
}
END_TEST

START_TEST(map_assign_column)
{
	const struct om_assign *a = &dst()->assigns[0];

	ck_assert_str_eq(a->column, "a");
	ck_assert_int_eq(a->expr->kind, OM_EXPR_COLUMN);
	ck_assert_str_eq(a->expr->text, "b");
	ck_assert_int_eq(a->expr->fn, -1);
	ck_assert_uint_eq(a->expr->nargs, 0);
	ck_assert_ptr_null(a->when_var);
	ck_assert_ptr_null(a->when_value);
	ck_assert_int_eq(a->line, 8);
}
END_TEST

START_TEST(map_assign_string_with_quote)
{
	const struct om_assign *a = &dst()->assigns[1];

	ck_assert_str_eq(a->column, "c");
	ck_assert_int_eq(a->expr->kind, OM_EXPR_STRING);
	ck_assert_str_eq(a->expr->text, "it's");
}
END_TEST

START_TEST(map_assign_numbers)
{
	const struct om_map_table *mt = dst();

	ck_assert_int_eq(mt->assigns[2].expr->kind, OM_EXPR_NUMBER);
	ck_assert_str_eq(mt->assigns[2].expr->text, "42");
	ck_assert_int_eq(mt->assigns[3].expr->kind, OM_EXPR_NUMBER);
	ck_assert_str_eq(mt->assigns[3].expr->text, "-1.5");
}
END_TEST

START_TEST(map_assign_null)
{
	const struct om_assign *a = &dst()->assigns[4];

	ck_assert_str_eq(a->column, "f");
	ck_assert_int_eq(a->expr->kind, OM_EXPR_NULL);
}
END_TEST

START_TEST(map_assign_nested_calls)
{
	const struct om_expr *e = dst()->assigns[5].expr;

	ck_assert_int_eq(e->kind, OM_EXPR_CALL);
	ck_assert_str_eq(e->text, "concat");
	ck_assert_int_eq(e->fn, om_function_find("concat"));
	ck_assert_uint_eq(e->nargs, 3);
	ck_assert_int_eq(e->args[0]->kind, OM_EXPR_CALL);
	ck_assert_str_eq(e->args[0]->text, "uri_user");
	ck_assert_int_eq(e->args[0]->fn, om_function_find("uri_user"));
	ck_assert_uint_eq(e->args[0]->nargs, 1);
	ck_assert_int_eq(e->args[0]->args[0]->kind, OM_EXPR_COLUMN);
	ck_assert_str_eq(e->args[0]->args[0]->text, "x");
	ck_assert_int_eq(e->args[1]->kind, OM_EXPR_STRING);
	ck_assert_str_eq(e->args[1]->text, "@");
	ck_assert_str_eq(e->args[2]->text, "uri_host");
	ck_assert_str_eq(e->args[2]->args[0]->text, "nonempty");
	ck_assert_uint_eq(e->args[2]->args[0]->nargs, 2);
	ck_assert_str_eq(e->args[2]->args[0]->args[0]->text, "y");
	ck_assert_str_eq(e->args[2]->args[0]->args[1]->text, "z");
}
END_TEST

START_TEST(map_assign_when)
{
	const struct om_map_table *mt = dst();

	ck_assert_str_eq(mt->assigns[6].column, "h");
	ck_assert_pstr_eq(mt->assigns[6].when_var, "HAS_WEB");
	ck_assert_pstr_eq(mt->assigns[6].when_value, "yes");
	ck_assert_str_eq(mt->assigns[7].column, "h");
	ck_assert_pstr_eq(mt->assigns[7].when_var, "HAS_WEB");
	ck_assert_pstr_eq(mt->assigns[7].when_value, "no");
	ck_assert_int_eq(mt->assigns[7].line, 15);
}
END_TEST

START_TEST(map_order_by)
{
	const struct om_map_table *mt = dst();

	ck_assert_int_eq(mt->order, OM_ORDER_BY);
	ck_assert_uint_eq(mt->norder_cols, 2);
	ck_assert_str_eq(mt->order_cols[0], "k1");
	ck_assert_str_eq(mt->order_cols[1], "k2");
}
END_TEST

START_TEST(map_block_without_end_then_table)
{
	map_ok(full_map);
	ck_assert_str_eq(map->tables[1].target, "t2");
	ck_assert_str_eq(map->tables[1].source, "s2");
	ck_assert(map->tables[1].if_exists);
	ck_assert_uint_eq(map->tables[1].nassigns, 0);
	ck_assert_int_eq(map->tables[1].order, OM_ORDER_DEFAULT);
	ck_assert_int_eq(map->tables[1].line, 19);
	ck_assert_str_eq(map->tables[2].target, "t3");
	ck_assert_int_eq(map->tables[2].line, 20);
}
END_TEST

START_TEST(map_order_scan)
{
	map_ok(full_map);
	ck_assert_int_eq(map->tables[2].order, OM_ORDER_SCAN);
	ck_assert_uint_eq(map->tables[2].norder_cols, 0);
	ck_assert(!map->tables[2].if_exists);
}
END_TEST

START_TEST(map_table_lookup)
{
	map_ok(full_map);
	ck_assert_ptr_eq(om_map_table_for(map, "t3"), &map->tables[2]);
	ck_assert_ptr_null(om_map_table_for(map, "src"));
}
END_TEST

START_TEST(map_assignment_named_like_order)
{
	map_ok("map 1 -> 2\ntable a from b\n  order = x\nend\n");
	ck_assert_int_eq(map->tables[0].order, OM_ORDER_DEFAULT);
	ck_assert_str_eq(map->tables[0].assigns[0].column, "order");
}
END_TEST

START_TEST(map_variadic_concat_takes_one_argument)
{
	map_ok("map 1 -> 2\ntable a from b\n  x = concat(y)\nend\n");
	ck_assert_uint_eq(map->tables[0].assigns[0].expr->nargs, 1);
}
END_TEST

START_TEST(map_nesting_32_deep_is_accepted)
{
	struct strbuf sb = STRBUF_INIT;
	const struct om_expr *e;

	strbuf_init(&sb);
	strbuf_adds(&sb, "map 1 -> 2\ntable a from b\n  x = ");
	for (int i = 0; i < 32; i++)
		strbuf_adds(&sb, "md5(");
	strbuf_adds(&sb, "y");
	for (int i = 0; i < 32; i++)
		strbuf_adds(&sb, ")");
	strbuf_adds(&sb, "\nend\n");
	map_ok(sb.buf);
	strbuf_release(&sb);
	e = map->tables[0].assigns[0].expr;
	for (int i = 0; i < 32; i++)
		e = e->args[0];
	ck_assert_int_eq(e->kind, OM_EXPR_COLUMN);
}
END_TEST

START_TEST(function_lookup)
{
	ck_assert_int_ge(om_function_find("uri_user"), 0);
	ck_assert_str_eq(om_functions[om_function_find("ip_from_le_int")].name, "ip_from_le_int");
	ck_assert_int_eq(om_function_find("ip_to_le_int"), OM_FN_ip_to_le_int);
	/* Its integer has at most 10 digits (4294967295). */
	ck_assert_int_eq(om_functions[OM_FN_ip_to_le_int].width_rule, OM_W_FIXED);
	ck_assert_int_eq(om_functions[OM_FN_ip_to_le_int].width, 10);
	ck_assert_int_eq(om_function_find("md5"), 7);
	ck_assert_int_eq(om_function_find("MD5"), -1);
	ck_assert_int_eq(om_function_find("sha1"), -1);
}
END_TEST

/* Which inputs the pre-check asks about: the gateway addresses refuse, the URI rules count. */
START_TEST(function_checks_are_refused_counted_or_none)
{
	ck_assert_int_eq(om_functions[OM_FN_ip_from_le_int].check, OM_CHECK_REFUSED);
	ck_assert_int_eq(om_functions[OM_FN_ip_to_le_int].check, OM_CHECK_REFUSED);
	ck_assert_int_eq(om_functions[OM_FN_uri_user].check, OM_CHECK_COUNTED);
	ck_assert_int_eq(om_functions[OM_FN_uri_host].check, OM_CHECK_COUNTED);
	for (int fn = 0; fn < OM_NFUNCTIONS; fn++)
		if (fn != OM_FN_ip_from_le_int && fn != OM_FN_ip_to_le_int && fn != OM_FN_uri_user &&
		    fn != OM_FN_uri_host)
			ck_assert_msg(om_functions[fn].check == OM_CHECK_NONE, "%s is checked", om_functions[fn].name);
}
END_TEST

/* ---- broken schemas -------------------------------------------------- */

START_TEST(refuses_first_statement_not_schema)
{
	schema_fails("class core\nschema 9\n",
		     "t.schema:1: the first statement must be \"schema VERSION\"");
}
END_TEST

START_TEST(refuses_first_statement_not_schema_after_comments)
{
	schema_fails("# c\n\ntable version\n",
		     "t.schema:3: the first statement must be \"schema VERSION\"");
}
END_TEST

START_TEST(refuses_empty_schema)
{
	schema_fails("", "t.schema:1: empty plan: expected \"schema VERSION\"");
}
END_TEST

START_TEST(refuses_schema_of_comments_only)
{
	schema_fails("# nothing\n\n", "t.schema:1: empty plan: expected \"schema VERSION\"");
}
END_TEST

START_TEST(refuses_schema_without_version)
{
	schema_fails("schema\n", "t.schema:1: expected a version after \"schema\"");
}
END_TEST

START_TEST(refuses_second_schema_statement)
{
	schema_fails(HEAD "schema 10\n", "t.schema:3: a second \"schema\" statement");
}
END_TEST

START_TEST(refuses_unknown_statement)
{
	schema_fails(HEAD "frobnicate x\n", "t.schema:3: unknown statement \"frobnicate\"");
}
END_TEST

/* A stray `end` is named as such, in schemas as in maps. */
START_TEST(refuses_end_outside_table)
{
	schema_fails(HEAD VTAB "end\n", "t.schema:6: \"end\" outside a table block");
}
END_TEST

START_TEST(refuses_statement_not_a_word)
{
	schema_fails(HEAD "(x)\n", "t.schema:3: expected a statement, found \"(\"");
}
END_TEST

START_TEST(refuses_unquoted_title)
{
	schema_fails(HEAD "title abc\n", "t.schema:3: expected a \"quoted\" title");
}
END_TEST

START_TEST(refuses_unterminated_title)
{
	schema_fails(HEAD "title \"abc\n", "t.schema:3: unterminated title string");
}
END_TEST

START_TEST(refuses_class_declared_twice)
{
	schema_fails(HEAD "class core\n", "t.schema:3: class \"core\" is declared twice");
}
END_TEST

START_TEST(refuses_class_option_without_variable)
{
	schema_fails(HEAD "class web option\n",
		     "t.schema:3: expected an openserctlrc variable, found \"end of line\"");
}
END_TEST

START_TEST(refuses_unknown_statement_inside_table)
{
	schema_fails(HEAD "table t\n  colum a int(11)\nend\n",
		     "t.schema:4: unexpected \"colum\" inside table \"t\" (missing \"end\"?)");
}
END_TEST

START_TEST(refuses_table_inside_table)
{
	schema_fails(HEAD "table t\n  column a int(11)\ntable u\n",
		     "t.schema:5: unexpected \"table\" inside table \"t\" (missing \"end\"?)");
}
END_TEST

START_TEST(refuses_missing_end_on_the_tables_line)
{
	schema_fails(HEAD VTAB "table t\n  column a int(11)\n\n# c\n",
		     "t.schema:6: table \"t\" is not closed with \"end\"");
}
END_TEST

START_TEST(refuses_words_after_end)
{
	schema_fails(HEAD "table t\n  column a int(11)\nend t\n", "t.schema:5: unexpected \"t\"");
}
END_TEST

START_TEST(refuses_table_declared_twice)
{
	schema_fails(HEAD VTAB "table version\n",
		     "t.schema:6: table \"version\" is declared twice (first at line 3)");
}
END_TEST

START_TEST(refuses_table_without_columns)
{
	schema_fails(HEAD "table t\nend\n", "t.schema:4: table \"t\" has no columns");
}
END_TEST

START_TEST(refuses_unexpected_word_after_table)
{
	schema_fails(HEAD "table t frob\n", "t.schema:3: unexpected \"frob\" after table \"t\"");
}
END_TEST

START_TEST(refuses_table_with_two_classes)
{
	schema_fails(HEAD "table t class core class core\n",
		     "t.schema:3: table \"t\" has two classes");
}
END_TEST

START_TEST(refuses_table_with_two_versions)
{
	schema_fails(HEAD "table t version 1 version 2\n",
		     "t.schema:3: table \"t\" has two versions");
}
END_TEST

START_TEST(refuses_table_version_not_a_number)
{
	schema_fails(HEAD "table t version x\n",
		     "t.schema:3: expected a version (an integer), found \"x\"");
}
END_TEST

START_TEST(refuses_table_version_with_decimals)
{
	schema_fails(HEAD "table t version 1.5\n",
		     "t.schema:3: expected a version (an integer), found \"1.5\"");
}
END_TEST

START_TEST(refuses_table_version_out_of_range)
{
	schema_fails(HEAD "table t version 99999999999\n",
		     "t.schema:3: a version \"99999999999\" is out of range");
}
END_TEST

/* Like columns and keys, a table refuses two variants for one engine. */
START_TEST(refuses_two_versions_for_one_engine)
{
	schema_fails_at(HEAD "table t pgsql: version 1 pgsql: version 2\n  column a int(11)\nend\n" VTAB,
			"t.schema:3: ");
}
END_TEST

START_TEST(refuses_table_variant_other_than_version)
{
	schema_fails(HEAD "table t pgsql: class core\n",
		     "t.schema:3: a table variant can only set \"version N\"");
}
END_TEST

START_TEST(refuses_unknown_type)
{
	schema_fails(HEAD "table t\n  column a string not null\n", "t.schema:4: unknown type \"string\"");
}
END_TEST

START_TEST(refuses_type_in_upper_case)
{
	schema_fails(HEAD "table t\n  column a INT(11)\n", "t.schema:4: unknown type \"INT\"");
}
END_TEST

START_TEST(refuses_missing_type)
{
	schema_fails(HEAD "table t\n  column a\n", "t.schema:4: expected a type, found \"end of line\"");
}
END_TEST

START_TEST(refuses_varchar_without_length)
{
	schema_fails(HEAD "table t\n  column a varchar not null\n",
		     "t.schema:4: type \"varchar\" needs a length");
}
END_TEST

START_TEST(refuses_char_with_two_arguments)
{
	schema_fails(HEAD "table t\n  column a char(1,2)\n", "t.schema:4: type \"char\" needs a length");
}
END_TEST

START_TEST(refuses_type_argument_not_a_number)
{
	schema_fails(HEAD "table t\n  column a varchar(n)\n",
		     "t.schema:4: expected a type argument (an integer), found \"n\"");
}
END_TEST

START_TEST(refuses_type_without_closing_parenthesis)
{
	schema_fails(HEAD "table t\n  column a varchar(5 not null\n",
		     "t.schema:4: expected ')', found \"not\"");
}
END_TEST

START_TEST(refuses_unterminated_string)
{
	schema_fails(HEAD "table t\n  column a varchar(5) default 'abc\n",
		     "t.schema:4: unterminated string");
}
END_TEST

START_TEST(refuses_string_ending_in_escaped_quote)
{
	schema_fails(HEAD "table t\n  column a varchar(5) default 'abc''\n",
		     "t.schema:4: unterminated string");
}
END_TEST

START_TEST(refuses_unexpected_character)
{
	schema_fails(HEAD "table t\n  column a int(11) not null;\n",
		     "t.schema:4: unexpected character ';'");
}
END_TEST

START_TEST(refuses_lone_minus)
{
	schema_fails(HEAD "table t\n  column a int(11) default - 1\n",
		     "t.schema:4: unexpected character '-'");
}
END_TEST

START_TEST(refuses_column_declared_twice)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  column a int(11)\n",
		     "t.schema:5: column \"a\" is declared twice in table \"t\"");
}
END_TEST

START_TEST(refuses_column_null_and_not_null)
{
	schema_fails(HEAD "table t\n  column a int(11) null not null\n",
		     "t.schema:4: column \"a\" says null and not null");
}
END_TEST

START_TEST(refuses_column_not_null_and_null)
{
	schema_fails(HEAD "table t\n  column a int(11) not null null\n",
		     "t.schema:4: column \"a\" says null and not null");
}
END_TEST

START_TEST(refuses_not_without_null)
{
	schema_fails(HEAD "table t\n  column a int(11) not default 0\n",
		     "t.schema:4: expected \"not null\"");
}
END_TEST

START_TEST(refuses_not_null_with_default_null)
{
	schema_fails(HEAD "table t\n  column a int(11) not null default null\n",
		     "t.schema:4: column \"a\" is not null but defaults to null");
}
END_TEST

START_TEST(refuses_default_null_then_not_null)
{
	schema_fails(HEAD "table t\n  column a int(11) default null not null\n",
		     "t.schema:4: column \"a\" is not null but defaults to null");
}
END_TEST

START_TEST(refuses_two_defaults)
{
	schema_fails(HEAD "table t\n  column a int(11) default 1 default 2\n",
		     "t.schema:4: column \"a\" has two defaults");
}
END_TEST

/*
 * Found by the plan fuzzer (plan-leak-b44fea15): a second class of a
 * column, or of a key, was taken over the first, which leaked.
 */
START_TEST(refuses_two_classes_of_a_column_or_key)
{
	schema_fails(HEAD "table t\n  column a int(11) class no class nope\n",
		     "t.schema:4: column \"a\" has two classes");
	schema_fails(HEAD "table t\n  column a int(11)\n  unique a_key (a) class x pgsql: t_a class y\n",
		     "t.schema:5: key \"a_key\" has two classes");
	schema_fails(HEAD "table t\n  column a int(11)\n  primary key (a) class x class x\n",
		     "t.schema:5: the primary key of \"t\" has two classes");
}
END_TEST

START_TEST(refuses_bad_default)
{
	schema_fails(HEAD "table t\n  column a int(11) default now\n",
		     "t.schema:4: expected a default value ('text', a number, null or "
		     "current_timestamp), found \"now\"");
}
END_TEST

START_TEST(refuses_on_update_other_than_current_timestamp)
{
	schema_fails(HEAD "table t\n  column a timestamp on delete current_timestamp\n",
		     "t.schema:4: expected \"on update current_timestamp\"");
}
END_TEST

START_TEST(refuses_unexpected_word_in_column)
{
	schema_fails(HEAD "table t\n  column a int(11) primary\n",
		     "t.schema:4: unexpected \"primary\" in column \"a\"");
}
END_TEST

START_TEST(refuses_unknown_variant_attribute)
{
	schema_fails(HEAD "table t\n  column a int(11)  pgsql: unique\n",
		     "t.schema:4: unknown column variant attribute \"unique\"");
}
END_TEST

START_TEST(refuses_two_variants_for_one_engine)
{
	schema_fails(HEAD "table t\n  column a int(11)  pgsql: null  sqlite: null  pgsql: not null\n",
		     "t.schema:4: two pgsql variants on column \"a\"");
}
END_TEST

START_TEST(refuses_variant_setting_the_type_twice)
{
	schema_fails(HEAD "table t\n  column a int(11)  pgsql: type text type blob\n",
		     "t.schema:4: variant sets the type twice");
}
END_TEST

START_TEST(refuses_variant_setting_the_default_twice)
{
	schema_fails(HEAD "table t\n  column a int(11)  pgsql: no default default 1\n",
		     "t.schema:4: variant sets the default twice");
}
END_TEST

/* `no default` after `default` is a second default. */
START_TEST(refuses_variant_default_then_no_default)
{
	schema_fails(HEAD "table t\n  column a int(11)  pgsql: default 1 no default\nend\n",
		     "t.schema:4: variant sets the default twice");
}
END_TEST

/* A variant may not say both null and not null. */
START_TEST(refuses_variant_null_and_not_null)
{
	schema_fails_at(HEAD "table t\n  column a int(11)  pgsql: null not null\nend\n" VTAB,
			"t.schema:4: ");
}
END_TEST

/* A negative length is not a type argument. */
START_TEST(refuses_negative_type_length)
{
	schema_fails_at(HEAD "table t\n  column a varchar(-5)\nend\n" VTAB, "t.schema:4: ");
}
END_TEST

START_TEST(refuses_variant_no_without_default)
{
	schema_fails(HEAD "table t\n  column a int(11)  pgsql: no null\n",
		     "t.schema:4: expected \"no default\"");
}
END_TEST

START_TEST(refuses_variant_with_unknown_type)
{
	schema_fails(HEAD "table t\n  column a int(11)  pgsql: type serial\n",
		     "t.schema:4: unknown type \"serial\"");
}
END_TEST

START_TEST(refuses_two_primary_keys)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  primary key (a)\n  primary key (a)\n",
		     "t.schema:6: table \"t\" has two primary keys");
}
END_TEST

START_TEST(refuses_primary_without_key)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  primary (a)\n",
		     "t.schema:5: expected \"primary key\"");
}
END_TEST

START_TEST(refuses_primary_key_engine_name)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  primary key (a) pgsql: t_pkey\n",
		     "t.schema:5: a primary key has no per-engine name");
}
END_TEST

START_TEST(refuses_key_declared_twice)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  index k (a)\n  unique k (a)\n",
		     "t.schema:6: key \"k\" is declared twice in table \"t\"");
}
END_TEST

START_TEST(refuses_key_column_listed_twice)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  index k (a, a)\n",
		     "t.schema:5: column \"a\" is listed twice");
}
END_TEST

START_TEST(refuses_key_without_columns)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  index k ()\n",
		     "t.schema:5: expected a column name, found \")\"");
}
END_TEST

START_TEST(refuses_key_without_parentheses)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  index k a\n",
		     "t.schema:5: expected '(', found \"a\"");
}
END_TEST

START_TEST(refuses_two_names_for_one_engine)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  index k (a) pgsql: k1 pgsql: k2\n",
		     "t.schema:5: two pgsql names for key \"k\"");
}
END_TEST

START_TEST(refuses_engine_without_key_name)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  index k (a) pgsql:\n",
		     "t.schema:5: expected a key name, found \"end of line\"");
}
END_TEST

START_TEST(refuses_unexpected_word_in_key)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  index k (a) desc\n",
		     "t.schema:5: unexpected \"desc\" in a key");
}
END_TEST

/* Like columns and keys, a check name is declared once per table (checks are compared by name). */
START_TEST(refuses_check_declared_twice)
{
	schema_fails_at(HEAD "table t\n  column a int(11)\n  check c pgsql ((a > 0))\n"
			"  check c pgsql ((a < 9))\nend\n" VTAB, "t.schema:6: ");
}
END_TEST

START_TEST(refuses_check_with_unbalanced_parentheses)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  check c pgsql ((a > 0)\n",
		     "t.schema:5: unbalanced parentheses in check \"c\"");
}
END_TEST

START_TEST(refuses_check_with_unterminated_quote)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  check c pgsql (a <> ')\n",
		     "t.schema:5: unbalanced parentheses in check \"c\"");
}
END_TEST

START_TEST(refuses_check_without_engine)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  check c (a > 0)\n",
		     "t.schema:5: expected an engine (mysql, pgsql, sqlite) after check \"c\"");
}
END_TEST

START_TEST(refuses_check_without_sql)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  check c pgsql a\n",
		     "t.schema:5: expected '(' starting the check's SQL");
}
END_TEST

START_TEST(refuses_order_with_unknown_engine)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  order oracle (a)\n",
		     "t.schema:5: expected an engine (mysql, pgsql, sqlite) after \"order\"");
}
END_TEST

START_TEST(refuses_two_orders_for_one_engine)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  order pgsql (a)\n  order pgsql (a)\n",
		     "t.schema:6: two pgsql orders for table \"t\"");
}
END_TEST

START_TEST(refuses_words_after_order)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  order pgsql (a) x\n",
		     "t.schema:5: unexpected \"x\"");
}
END_TEST

START_TEST(refuses_schema_without_core_class)
{
	schema_fails("schema 9\n", "t.schema: no \"class core\" declared");
}
END_TEST

START_TEST(refuses_schema_without_version_table)
{
	schema_fails(HEAD "table t\n  column a int(11)\nend\n",
		     "t.schema: the schema has no \"version\" table");
}
END_TEST

START_TEST(error_without_error_object)
{
	const char *text = HEAD "frob\n";

	ck_assert_int_eq(om_schema_parse(&schema, "t.schema", text, strlen(text), NULL), -1);
	ck_assert_ptr_null(schema);
}
END_TEST

/*
 * Errors found when a table ends (finish_table).  The message should
 * point at the statement at fault (it knows its line: om_key.line,
 * om_column.line, om_table.line), not at the table's `end`.
 */

START_TEST(refuses_key_naming_missing_column_at_its_line)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  index k (a, z)\n\n  # c\nend\n",
		     "t.schema:5: key \"k\" names column \"z\", which table \"t\" does not have");
}
END_TEST

START_TEST(refuses_primary_key_naming_missing_column_at_its_line)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  primary key (z)\n\n  # c\nend\n",
		     "t.schema:5: the primary key of \"t\" names column \"z\", which table \"t\" does not have");
}
END_TEST

START_TEST(refuses_auto_increment_without_primary_key_at_its_line)
{
	schema_fails(HEAD "table t\n  column id int(11) auto_increment\n  column a int(11)\n\nend\n",
		     "t.schema:4: auto_increment column \"t.id\" must be the whole primary key");
}
END_TEST

START_TEST(refuses_auto_increment_in_two_column_key_at_its_line)
{
	schema_fails(HEAD "table t\n  column id int(11) auto_increment\n  column a int(11)\n"
		     "  primary key (id, a)\nend\n",
		     "t.schema:4: auto_increment column \"t.id\" must be the whole primary key");
}
END_TEST

START_TEST(refuses_auto_increment_outside_primary_key_at_its_line)
{
	schema_fails(HEAD "table t\n  column id int(11) auto_increment\n  column a int(11)\n"
		     "  primary key (a)\nend\n",
		     "t.schema:4: auto_increment column \"t.id\" must be the whole primary key");
}
END_TEST

START_TEST(refuses_unknown_table_class_at_its_line)
{
	schema_fails(HEAD "table t class nope\n  column a int(11)\n\nend\n",
		     "t.schema:3: table \"t\": unknown class \"nope\"");
}
END_TEST

START_TEST(refuses_unknown_column_class_at_its_line)
{
	schema_fails(HEAD "table t\n  column a int(11) class nope\n  column b int(11)\nend\n",
		     "t.schema:4: column \"t.a\": unknown class \"nope\"");
}
END_TEST

START_TEST(refuses_unknown_key_class_at_its_line)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  index k (a) class nope\n\nend\n",
		     "t.schema:5: key \"k\": unknown class \"nope\"");
}
END_TEST

START_TEST(refuses_order_with_missing_column_at_its_line)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  order pgsql (a, z)\nend\n",
		     "t.schema:5: the column order names column \"z\", which table \"t\" does not have");
}
END_TEST

START_TEST(refuses_order_of_wrong_length_at_its_line)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  column b int(11)\n  order pgsql (b)\n\nend\n",
		     "t.schema:6: the pgsql column order of \"t\" lists 1 of its 2 columns");
}
END_TEST

/* A primary key of an unknown class is named as the primary key (it has no name). */
START_TEST(refuses_unknown_primary_key_class)
{
	const char *text = HEAD "table t\n  column a int(11)\n  primary key (a) class nope\nend\n";

	ck_assert_int_eq(om_schema_parse(&schema, "t.schema", text, strlen(text), &err), -1);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_ptr_null(strstr(err.msg, "(null)"));
	ck_assert(strstr(err.msg, "primary key") != NULL);
	ck_assert(strstr(err.msg, "unknown class \"nope\"") != NULL);
}
END_TEST

/* Words after a check's SQL are refused, as on every other statement. */
START_TEST(refuses_words_after_check_sql)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  check c pgsql ((a > 0)) junk\n",
		     "t.schema:5: unexpected \"junk\"");
}
END_TEST

/* A check whose SQL is commented out has no SQL. */
START_TEST(refuses_check_sql_inside_a_comment)
{
	schema_fails(HEAD "table t\n  column a int(11)\n  check c pgsql  # ((a > 0))\n",
		     "t.schema:5: expected '(' starting the check's SQL");
}
END_TEST

/*
 * An `order` list that fails to parse must be freed cleanly (it once was
 * left without its NULL terminator).  The heap is dirtied first so that
 * unused slots are not zero by luck.
 */
static void dirty_heap(void)
{
	void *p[32];

	for (size_t i = 0; i < 32; i++) {
		p[i] = malloc(64);
		memset(p[i], 0xa5, 64);
	}
	for (size_t i = 0; i < 32; i++)
		free(p[i]);
}

START_TEST(refuses_unclosed_order_list)
{
	dirty_heap();
	schema_fails(HEAD "table t\n  column a int(11)\n  column b int(11)\n  order pgsql (a, b c)\n",
		     "t.schema:6: expected ')', found \"c\"");
}
END_TEST

/* The NUL byte message names its line, like every other message. */
START_TEST(refuses_nul_byte)
{
	const char text[] = "schema 9\nclass\0core\n";

	ck_assert_int_eq(om_schema_parse(&schema, "t.schema", text, sizeof(text) - 1, &err), -1);
	ck_assert_ptr_null(schema);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, "t.schema:2: contains a NUL byte (not a text file)");
}
END_TEST

/* ---- broken maps ----------------------------------------------------- */

#define MHEAD "map 1 -> 2\ntable a from b\n"   /* lines 1-2 */

START_TEST(refuses_map_first_statement_not_map)
{
	map_fails("# c\ntable a from b\nmap 1 -> 2\n",
		  "t.map:2: the first statement must be \"map FROM -> TO\"");
}
END_TEST

START_TEST(refuses_empty_map)
{
	map_fails("\n# nothing\n", "t.map:1: empty plan: expected \"map FROM -> TO\"");
}
END_TEST

START_TEST(refuses_map_without_arrow)
{
	map_fails("map 1 2\n", "t.map:1: expected '->', found \"2\"");
}
END_TEST

START_TEST(refuses_map_without_target_version)
{
	map_fails("map 1 ->\n", "t.map:1: expected \"map FROM -> TO\"");
}
END_TEST

START_TEST(refuses_second_map_statement)
{
	map_fails("map 1 -> 2\nmap 2 -> 3\n", "t.map:2: a second \"map\" statement");
}
END_TEST

START_TEST(refuses_map_unknown_statement)
{
	map_fails("map 1 -> 2\nx = y\n", "t.map:2: unknown statement \"x\"");
}
END_TEST

START_TEST(refuses_map_unquoted_title)
{
	map_fails("map 1 -> 2\ntitle x\n", "t.map:2: expected a \"quoted\" title");
}
END_TEST

START_TEST(refuses_end_outside_table_block)
{
	map_fails("map 1 -> 2\nend\n", "t.map:2: \"end\" outside a table block");
}
END_TEST

START_TEST(refuses_second_end)
{
	map_fails(MHEAD "  x = y\nend\nend\n", "t.map:5: \"end\" outside a table block");
}
END_TEST

START_TEST(refuses_table_without_from)
{
	map_fails("map 1 -> 2\ntable a b\n", "t.map:2: expected \"table TARGET from SOURCE\"");
}
END_TEST

START_TEST(refuses_table_without_source)
{
	map_fails("map 1 -> 2\ntable a from\n",
		  "t.map:2: expected a source table, found \"end of line\"");
}
END_TEST

START_TEST(refuses_if_without_exists)
{
	map_fails("map 1 -> 2\ntable a from b if present\n", "t.map:2: expected \"if exists\"");
}
END_TEST

START_TEST(refuses_words_after_table_head)
{
	map_fails("map 1 -> 2\ntable a from b if exists now\n", "t.map:2: unexpected \"now\"");
}
END_TEST

START_TEST(refuses_target_mapped_twice)
{
	map_fails(MHEAD "end\ntable a from c\n", "t.map:4: target table \"a\" is mapped twice");
}
END_TEST

START_TEST(refuses_unknown_function)
{
	map_fails(MHEAD "  x = sha1(y)\n", "t.map:3: unknown function \"sha1\"");
}
END_TEST

START_TEST(refuses_unknown_nested_function)
{
	map_fails(MHEAD "  x = md5(lower(y))\n", "t.map:3: unknown function \"lower\"");
}
END_TEST

START_TEST(refuses_too_many_arguments)
{
	map_fails(MHEAD "  x = nonempty(a, b, c)\n",
		  "t.map:3: function \"nonempty\" takes 2 arguments, not 3");
}
END_TEST

START_TEST(refuses_too_few_arguments)
{
	map_fails(MHEAD "  x = uri_user()\n", "t.map:3: function \"uri_user\" takes 1 argument, not 0");
}
END_TEST

START_TEST(refuses_concat_without_arguments)
{
	map_fails(MHEAD "  x = concat()\n",
		  "t.map:3: function \"concat\" takes 1 or more arguments, not 0");
}
END_TEST

START_TEST(refuses_wrong_count_in_nested_call)
{
	map_fails(MHEAD "  x = concat(md5(a, b))\n", "t.map:3: function \"md5\" takes 1 argument, not 2");
}
END_TEST

START_TEST(refuses_unclosed_call)
{
	map_fails(MHEAD "  x = md5(a\n", "t.map:3: expected ')', found \"end of line\"");
}
END_TEST

START_TEST(refuses_missing_expression)
{
	map_fails(MHEAD "  x =\n", "t.map:3: expected an expression, found \"end of line\"");
}
END_TEST

START_TEST(refuses_missing_equals)
{
	map_fails(MHEAD "  x y\n", "t.map:3: expected '=', found \"y\"");
}
END_TEST

START_TEST(refuses_words_after_expression)
{
	map_fails(MHEAD "  x = a b\n", "t.map:3: unexpected \"b\"");
}
END_TEST

START_TEST(refuses_operator)
{
	map_fails(MHEAD "  x = a + b\n", "t.map:3: unexpected character '+'");
}
END_TEST

START_TEST(refuses_when_without_value)
{
	map_fails(MHEAD "  x = a when HAS_WEB=\n", "t.map:3: expected a value after \"when HAS_WEB=\"");
}
END_TEST

START_TEST(refuses_when_without_equals)
{
	map_fails(MHEAD "  x = a when HAS_WEB\n", "t.map:3: expected '=', found \"end of line\"");
}
END_TEST

START_TEST(refuses_column_assigned_twice)
{
	map_fails(MHEAD "  x = a\n  y = b\n  x = c\n", "t.map:5: column \"x\" is assigned twice");
}
END_TEST

START_TEST(accepts_when_and_unconditional_assignment)
{
	map_ok(MHEAD "  x = a\n  x = b when HAS_WEB=yes\nend\noption HAS_WEB yes no\n");
	ck_assert_uint_eq(map->tables[0].nassigns, 2);
}
END_TEST

/* A when variable is declared by an option, with the value it tests among its values. */
START_TEST(map_options)
{
	const struct om_map_option *o;

	map_ok("map 1 -> 2\noption STORE_PLAINTEXT_PW 1 0\ntable a from b\n  x = c when STORE_PLAINTEXT_PW=0\nend\n");
	o = om_map_option_find(map, "STORE_PLAINTEXT_PW");
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(o->nvalues, 2);
	ck_assert_str_eq(o->values[0], "1");
	ck_assert_int_eq(o->line, 2);
	ck_assert(om_map_option_allows(o, "0"));
	ck_assert(!om_map_option_allows(o, "no"));
	ck_assert_ptr_null(om_map_option_find(map, "HAS_SERWEB"));
	map_fails(MHEAD "  x = a when V=1\nend\n", "t.map:3: \"when V=...\" needs an \"option V ...\" statement");
	map_fails(MHEAD "  x = a when V=2\nend\noption V 0 1\n", "t.map:3: \"2\" is not a value of option V (line 5)");
	map_fails("map 1 -> 2\noption V\n", "t.map:2: expected \"option VAR VALUE...\"");
	map_fails("map 1 -> 2\noption V 1\noption V 0\n", "t.map:3: option \"V\" is declared twice");
	map_fails("map 1 -> 2\noption V 1 (\n", "t.map:2: expected a value of V, found \"(\"");
	/* In a block, `option` is a column like any other. */
	map_ok(MHEAD "  option = a\nend\n");
	ck_assert_str_eq(map->tables[0].assigns[0].column, "option");
}
END_TEST

START_TEST(refuses_two_orders)
{
	map_fails(MHEAD "  order scan\n  order by (k)\n", "t.map:4: two orders for table \"a\"");
}
END_TEST

START_TEST(refuses_order_by_column_listed_twice)
{
	map_fails(MHEAD "  order by (k, k)\n", "t.map:3: column \"k\" is listed twice");
}
END_TEST

START_TEST(refuses_words_after_order_scan)
{
	map_fails(MHEAD "  order scan k\n", "t.map:3: unexpected \"k\"");
}
END_TEST

START_TEST(refuses_nesting_33_deep)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_init(&sb);
	strbuf_adds(&sb, MHEAD "  x = ");
	for (int i = 0; i < 33; i++)
		strbuf_adds(&sb, "md5(");
	strbuf_adds(&sb, "y");
	for (int i = 0; i < 33; i++)
		strbuf_adds(&sb, ")");
	strbuf_adds(&sb, "\nend\n");
	map_fails(sb.buf, "t.map:3: expression nested too deeply");
	strbuf_release(&sb);
}
END_TEST

/* The NUL byte message names its line, like every other message. */
START_TEST(refuses_map_nul_byte)
{
	const char text[] = "map 1 -> 2\n\0";

	ck_assert_int_eq(om_map_parse(&map, "t.map", text, sizeof(text) - 1, &err), -1);
	ck_assert_ptr_null(map);
	ck_assert_str_eq(err.msg, "t.map:2: contains a NUL byte (not a text file)");
}
END_TEST

/* ---- maps against their schemas, the plan directory ------------------ */

#define SCHEMA_A "schema 1\nclass core\n" VTAB \
	"table src\n  column k int(11) not null\n  column v varchar(8) null\n  primary key (k)\nend\n"
#define SCHEMA_B "schema 2\nclass core\n" VTAB \
	"table dst\n  column k int(11) not null\n  column w varchar(8) null\nend\n"

static void put(const char *name, const char *text)
{
	struct strbuf path = STRBUF_INIT;

	if (!tmp)
		tmp = om_test_mkdtemp();
	strbuf_init(&path);
	strbuf_addf(&path, "%s/%s", tmp, name);
	om_test_write_file(path.buf, text);
	strbuf_release(&path);
}

/* Two small schemas 1 and 2, and m.map joining them. */
static void put_plans(const char *map_text)
{
	put("a.schema", SCHEMA_A);
	put("b.schema", SCHEMA_B);
	if (map_text)
		put("m.map", map_text);
}

static void planset_ok(void)
{
	int rc = om_planset_load(&ps, tmp, &err);

	ck_assert_msg(rc == 0, "load failed: %s", err.msg);
	ck_assert_ptr_nonnull(ps);
}

/* want: the message, with each '@' standing for the temporary directory. */
static void planset_fails(const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	char msg[OM_ERROR_MSG_MAX];

	strbuf_init(&sb);
	for (const char *p = want; *p; p++)
		if (*p == '@')
			strbuf_adds(&sb, tmp);
		else
			strbuf_addch(&sb, *p);
	/* Copied, so that a failing assertion (a longjmp under CK_FORK=no) leaks nothing. */
	snprintf(msg, sizeof(msg), "%s", sb.buf);
	strbuf_release(&sb);
	ck_assert_int_eq(om_planset_load(&ps, tmp, &err), -1);
	ck_assert_ptr_null(ps);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, msg);
}

START_TEST(planset_loads_valid_map)
{
	put_plans("map 1 -> 2\ntable dst from src\n  w = concat(v, 'x')\n  order by (k)\nend\n");
	planset_ok();
	ck_assert_uint_eq(ps->nschemas, 2);
	ck_assert_uint_eq(ps->nmaps, 1);
	ck_assert_str_eq(ps->dir, tmp);
	ck_assert_ptr_nonnull(om_planset_map(ps, "1", "2"));
	ck_assert_ptr_null(om_planset_map(ps, "2", "1"));
	ck_assert_ptr_nonnull(om_planset_schema(ps, "1"));
	ck_assert_ptr_nonnull(om_planset_schema(ps, "2"));
}
END_TEST

START_TEST(planset_without_maps)
{
	put_plans(NULL);
	planset_ok();
	ck_assert_uint_eq(ps->nschemas, 2);
	ck_assert_uint_eq(ps->nmaps, 0);
}
END_TEST

START_TEST(planset_ignores_other_files)
{
	put_plans(NULL);
	put("README.md", "not a plan\n");
	put(".hidden.schema", "not a plan\n");
	put("c.schema.orig", "not a plan\n");
	put("m.map~", "not a plan\n");
	planset_ok();
	ck_assert_uint_eq(ps->nschemas, 2);
	ck_assert_uint_eq(ps->nmaps, 0);
}
END_TEST

START_TEST(planset_refuses_missing_target_table)
{
	put_plans("map 1 -> 2\ntable nope from src\n");
	planset_fails("@/m.map:2: target table \"nope\" is not in schema 2 (@/b.schema)");
}
END_TEST

START_TEST(planset_refuses_missing_source_table)
{
	put_plans("map 1 -> 2\n\ntable dst from nope\n");
	planset_fails("@/m.map:3: source table \"nope\" is not in schema 1 (@/a.schema)");
}
END_TEST

START_TEST(planset_refuses_missing_target_column)
{
	put_plans("map 1 -> 2\ntable dst from src\n  w = v\n  x = v\nend\n");
	planset_fails("@/m.map:4: target table \"dst\" has no column \"x\"");
}
END_TEST

START_TEST(planset_refuses_missing_source_column)
{
	put_plans("map 1 -> 2\ntable dst from src\n  w = nope\nend\n");
	planset_fails("@/m.map:3: \"w\" reads column \"nope\", which source table \"src\" does not have");
}
END_TEST

START_TEST(planset_refuses_missing_source_column_in_call)
{
	put_plans("map 1 -> 2\ntable dst from src\n  w = concat(v, md5(nope))\nend\n");
	planset_fails("@/m.map:3: \"w\" reads column \"nope\", which source table \"src\" does not have");
}
END_TEST

START_TEST(planset_refuses_target_column_read_as_source)
{
	/* w is a target column; the source table has v. */
	put_plans("map 1 -> 2\ntable dst from src\n  w = w\nend\n");
	planset_fails("@/m.map:3: \"w\" reads column \"w\", which source table \"src\" does not have");
}
END_TEST

/* A bad `order by` column is reported at the `order by` line. */
START_TEST(planset_refuses_order_by_missing_column_at_its_line)
{
	put_plans("map 1 -> 2\ntable dst from src\n  order by (nope)\nend\n");
	planset_fails("@/m.map:3: order names column \"nope\", which source table \"src\" does not have");
}
END_TEST

START_TEST(planset_refuses_two_schemas_of_one_version)
{
	put_plans(NULL);
	put("c.schema", SCHEMA_A);
	planset_fails("@/c.schema: a second schema for version 1");
}
END_TEST

START_TEST(planset_refuses_map_to_unknown_version)
{
	put_plans("map 1 -> 3\n");
	planset_fails("@/m.map:1: map 1 -> 3: there is no schema for version 3");
}
END_TEST

START_TEST(planset_refuses_map_from_unknown_version)
{
	put_plans("map 0 -> 2\n");
	planset_fails("@/m.map:1: map 0 -> 2: there is no schema for version 0");
}
END_TEST

/* An unknown version is reported at the `map` statement's line. */
START_TEST(planset_refuses_map_to_unknown_version_at_its_line)
{
	put_plans("# header\n\nmap 1 -> 3\n");
	planset_fails("@/m.map:3: map 1 -> 3: there is no schema for version 3");
}
END_TEST

START_TEST(planset_refuses_second_map_between_two_versions)
{
	put_plans("map 1 -> 2\n");
	put("n.map", "map 1 -> 2\n");
	planset_fails("@/n.map: a second map 1 -> 2 (first: @/m.map)");
}
END_TEST

START_TEST(planset_refuses_directory_without_schemas)
{
	tmp = om_test_mkdtemp();
	planset_fails("no plans (*.schema) in \"@\"");
}
END_TEST

START_TEST(planset_refuses_maps_without_schemas)
{
	put("m.map", "map 1 -> 2\n");
	planset_fails("no plans (*.schema) in \"@\"");
}
END_TEST

START_TEST(planset_refuses_missing_directory)
{
	ck_assert_int_eq(om_planset_load(&ps, OM_TEST_SRCDIR "/plans/nope", &err), -1);
	ck_assert_ptr_null(ps);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, "cannot open the plan directory \"" OM_TEST_SRCDIR
			 "/plans/nope\": No such file or directory");
}
END_TEST

START_TEST(planset_error_names_the_file_path)
{
	put_plans(NULL);
	put("c.schema", "schema 3\nclass core\nfrob\n");
	planset_fails("@/c.schema:3: unknown statement \"frob\"");
}
END_TEST

START_TEST(planset_map_error_names_the_file_path)
{
	put_plans("map 1 -> 2\ntable dst from src\n  w = lower(v)\nend\n");
	planset_fails("@/m.map:3: unknown function \"lower\"");
}
END_TEST

START_TEST(planset_refuses_nul_byte)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	put_plans(NULL);
	strbuf_init(&path);
	strbuf_addf(&path, "%s/c.schema", tmp);
	f = fopen(path.buf, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite("schema 3\n\0", 1, 10, f), 10);
	ck_assert_int_eq(fclose(f), 0);
	strbuf_release(&path);
	ck_assert_int_eq(om_planset_load(&ps, tmp, &err), -1);
	ck_assert_ptr_null(ps);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert(strstr(err.msg, "/c.schema") != NULL);
	ck_assert(strstr(err.msg, "contains a NUL byte (not a text file)") != NULL);
}
END_TEST

START_TEST(validate_directly)
{
	struct om_schema *a = NULL, *b = NULL;

	ck_assert_int_eq(om_schema_parse(&a, "a.schema", SCHEMA_A, strlen(SCHEMA_A), &err), 0);
	ck_assert_int_eq(om_schema_parse(&b, "b.schema", SCHEMA_B, strlen(SCHEMA_B), &err), 0);
	map_ok("map 1 -> 2\ntable dst from src\n  w = v\nend\n");
	ck_assert_int_eq(om_map_validate(map, a, b, &err), 0);
	/* Swapped, the same map names tables neither schema has. */
	ck_assert_int_eq(om_map_validate(map, b, a, &err), -1);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, "t.map:2: target table \"dst\" is not in schema 1 (a.schema)");
	om_schema_free(a);
	om_schema_free(b);
}
END_TEST

START_TEST(free_functions_accept_null)
{
	om_schema_free(NULL);
	om_map_free(NULL);
	om_planset_free(NULL);
	om_expr_free(NULL);
}
END_TEST

/* ---- derived schemas (base, drop column, set version) ------------------ */

#define SCHEMA_A_VERSIONED "schema 1\nclass core\n" VTAB \
	"table src version 3 mysql: version 4\n  column k int(11) not null\n  column v varchar(8) null\n" \
	"  column u int(11) null\n  primary key (k)\n  index u_idx (u)\nend\n"

START_TEST(derived_schema_is_its_base_with_the_edits)
{
	const struct om_table *t;
	int v = 0;

	put("a.schema", SCHEMA_A_VERSIONED);
	put("d.schema", "schema 1.0.1\ntitle \"one less\"\nbase 1\n# a comment\ndrop column src.v\n"
			"set version src 5\nset version src pgsql: 6\n");
	planset_ok();
	t = om_schema_table(om_planset_schema(ps, "1.0.1"), "src");
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->ncols, 2);
	ck_assert_str_eq(t->cols[0].name, "k");
	ck_assert_str_eq(t->cols[1].name, "u");
	ck_assert(om_table_version(t, OM_ENGINE_SQLITE, &v));
	ck_assert_int_eq(v, 5);
	ck_assert(om_table_version(t, OM_ENGINE_PGSQL, &v));
	ck_assert_int_eq(v, 6);
	ck_assert(om_table_version(t, OM_ENGINE_MYSQL, &v));
	ck_assert_int_eq(v, 4);
	ck_assert_str_eq(om_planset_schema(ps, "1.0.1")->title, "one less");
	/* The base itself is untouched. */
	t = om_schema_table(om_planset_schema(ps, "1"), "src");
	ck_assert_uint_eq(t->ncols, 3);
	ck_assert(om_table_version(t, OM_ENGINE_SQLITE, &v));
	ck_assert_int_eq(v, 3);
}
END_TEST

START_TEST(derived_schema_checksum_covers_its_base)
{
	char before[65];

	put("a.schema", SCHEMA_A_VERSIONED);
	put("d.schema", "schema 1.0.1\nbase 1\ndrop column src.v\n");
	planset_ok();
	memcpy(before, om_planset_schema(ps, "1.0.1")->sha256, sizeof(before));
	om_planset_free(ps);
	ps = NULL;
	put("a.schema", SCHEMA_A_VERSIONED "# an edit of the base only\n");
	planset_ok();
	ck_assert_str_ne(om_planset_schema(ps, "1.0.1")->sha256, before);
}
END_TEST

START_TEST(derived_schema_refuses_an_unknown_base)
{
	put("a.schema", SCHEMA_A_VERSIONED);
	put("d.schema", "schema 1.0.1\nbase 7\n");
	planset_fails("@/d.schema: base 7 is not a schema of its own in the plans");
}
END_TEST

START_TEST(derived_schema_refuses_a_derived_base)
{
	put("a.schema", SCHEMA_A_VERSIONED);
	put("d.schema", "schema 1.0.1\nbase 1\n");
	put("e.schema", "schema 1.0.2\nbase 1.0.1\n");
	planset_fails("@/e.schema: base 1.0.1 is not a schema of its own in the plans");
}
END_TEST

START_TEST(derived_schema_refuses_an_unknown_table_or_column)
{
	put("a.schema", SCHEMA_A_VERSIONED);
	put("d.schema", "schema 1.0.1\nbase 1\ndrop column nope.v\n");
	planset_fails("@/d.schema:3: schema 1 has no table \"nope\"");
	om_planset_free(ps);
	ps = NULL;
	put("d.schema", "schema 1.0.1\nbase 1\nset version src 2\ndrop column src.nope\n");
	planset_fails("@/d.schema:4: table \"src\" of schema 1 has no column \"nope\"");
}
END_TEST

START_TEST(derived_schema_refuses_dropping_a_key_column)
{
	put("a.schema", SCHEMA_A_VERSIONED);
	put("d.schema", "schema 1.0.1\nbase 1\ndrop column src.u\n");
	planset_fails("@/d.schema:3: column \"src.u\" is in a key: it cannot be dropped");
}
END_TEST

START_TEST(derived_schema_refuses_tables_and_misplaced_statements)
{
	put("a.schema", SCHEMA_A_VERSIONED);
	put("d.schema", "schema 1.0.1\nbase 1\nclass extra\n");
	planset_fails("@/d.schema:3: a derived schema (\"base 1\") has only drop and set statements");
	om_planset_free(ps);
	ps = NULL;
	put("d.schema", "schema 1.0.1\ndrop column src.v\n");
	planset_fails("@/d.schema:2: \"drop\" needs a \"base VERSION\" first");
	om_planset_free(ps);
	ps = NULL;
	put("d.schema", "schema 1.0.1\nbase 1\ndrop column src\n");
	planset_fails("@/d.schema:3: expected \"drop column TABLE.COLUMN\"");
	om_planset_free(ps);
	ps = NULL;
	put("d.schema", "schema 1.0.1\nbase 1\nset version src\n");
	planset_fails("@/d.schema:3: expected a version (an integer), found \"end of line\"");
}
END_TEST

/* ---- sets of tables that are not a version (om_tables_parse) ----------- */

/* The migrator's own tables: no version table, no class core. */
#define OWN_TABLES "schema openser_migrate\ntitle \"bookkeeping\"\nclass migrate\n" \
	"table om_history class migrate\n  column id int(10) unsigned not null auto_increment\n" \
	"  column plan varchar(64) not null\n  primary key (id)\nend\n" \
	"table om_journal class migrate version 1\n  column step int(11) not null\nend\n"

static void tables_fails(const char *text, const char *msg)
{
	ck_assert_int_eq(om_tables_parse(&schema, "t.schema", text, strlen(text), &err), -1);
	ck_assert_ptr_null(schema);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, msg);
}

START_TEST(tables_without_version_table_or_core_class)
{
	const char *text = OWN_TABLES;
	char want[65];
	int rc = om_tables_parse(&schema, "t.schema", text, strlen(text), &err);

	ck_assert_msg(rc == 0, "parse failed: %s", err.msg);
	ck_assert_str_eq(schema->version, "openser_migrate");
	ck_assert_str_eq(schema->title, "bookkeeping");
	ck_assert_str_eq(schema->file, "t.schema");
	ck_assert_ptr_null(schema->base);
	ck_assert_uint_eq(schema->ntables, 2);
	ck_assert_str_eq(schema->tables[0].name, "om_history");
	ck_assert_str_eq(schema->tables[0].cls, "migrate");
	ck_assert_uint_eq(schema->tables[0].ncols, 2);
	ck_assert(column_of(&schema->tables[0], "id")->autoinc);
	ck_assert_str_eq(key_of(&schema->tables[0], NULL)->cols[0], "id");
	ck_assert_str_eq(schema->tables[1].name, "om_journal");
	ck_assert_int_eq(schema->tables[1].version, 1);
	ck_assert_ptr_null(om_schema_class(schema, "core"));
	ck_assert_ptr_null(om_schema_table(schema, "version"));
	om_sha256_hex(text, strlen(text), want);
	ck_assert_str_eq(schema->sha256, want);
}
END_TEST

/* What om_tables_parse lets pass, om_schema_parse still refuses. */
START_TEST(schema_parse_still_needs_core_and_version)
{
	schema_fails(OWN_TABLES, "t.schema: no \"class core\" declared");
	schema_fails(OWN_TABLES "class core\n", "t.schema: the schema has no \"version\" table");
}
END_TEST

START_TEST(tables_refuse_derived_statements)
{
	tables_fails("schema openser_migrate\nbase 1.2\n",
		     "t.schema:2: \"base\" is a derived-schema statement, not allowed in a set of tables");
	tables_fails("schema openser_migrate\n# c\ndrop column a.b\n",
		     "t.schema:3: \"drop\" is a derived-schema statement, not allowed in a set of tables");
	tables_fails("schema openser_migrate\nset version a 2\n",
		     "t.schema:2: \"set\" is a derived-schema statement, not allowed in a set of tables");
}
END_TEST

/* As in a schema: at the table's line, and a table without class is core. */
START_TEST(tables_refuse_an_undeclared_class)
{
	tables_fails("schema openser_migrate\nclass migrate\ntable t class nope\n  column a int(11)\nend\n",
		     "t.schema:3: table \"t\": unknown class \"nope\"");
	tables_fails("schema openser_migrate\nclass migrate\ntable t\n  column a int(11)\nend\n",
		     "t.schema:3: table \"t\": unknown class \"core\"");
	schema_fails("schema openser_migrate\nclass migrate\ntable t\n  column a int(11)\nend\n",
		     "t.schema:3: table \"t\": unknown class \"core\"");
}
END_TEST

START_TEST(tables_still_need_the_schema_statement)
{
	tables_fails("class migrate\n", "t.schema:1: the first statement must be \"schema VERSION\"");
	tables_fails("", "t.schema:1: empty plan: expected \"schema VERSION\"");
	tables_fails("schema openser_migrate\ntable t class migrate\n  column a int(11)\n",
		     "t.schema:2: table \"t\" is not closed with \"end\"");
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

static Suite *plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc;

	ADD(s, "real plans",
	    real_plans_load, rollback_map_without_its_upgrade_is_refused, derived_upstream_1_2_0_is_1_2_without_the_acc_extras, real_plans_lookups_of_unknown_names_are_null, real_titles,
	    real_1_1_has_28_tables, real_1_2_has_37_tables, real_1_2_classes,
	    real_1_2_acc_version_4, real_1_2_acc_extra_columns_follow_time,
	    real_1_2_acc_time_default_only_on_pgsql, real_1_2_subscriber_phplib_id_is_serweb,
	    real_1_2_pdt_has_no_version_row, real_1_2_address_version_3_on_every_engine,
	    real_sip_trace_index_names_per_engine, real_key_name_sqlite_falls_back_to_pgsql,
	    real_1_1_usr_preferences_pgsql_order_has_value_before_type,
	    real_1_1_gw_has_6_pgsql_checks, real_1_2_location_cseq_default_per_engine,
	    real_pgsql_type_variant, real_1_1_module_tables_are_optional_without_version,
	    real_map_tables, real_map_acc_dst_user_expression);
	ADD(s, "checksums",
	    real_schema_sha256_is_of_the_file_bytes, real_map_sha256_is_of_the_file_bytes,
	    schema_sha256_changes_with_one_byte, map_sha256_changes_with_one_byte,
	    schema_sha256_known_value, map_sha256_known_value, sha256_covers_comments_and_blanks);
	ADD(s, "schema statements",
	    schema_header, schema_classes, table_head_options, table_version_per_engine,
	    table_defaults, columns_in_written_order_with_lines, column_types,
	    column_types_format_as_written, column_null_and_not_null,
	    column_default_string_with_quote, column_default_empty_string, column_default_number,
	    column_default_negative_number, column_default_null, column_without_default,
	    column_default_current_timestamp_on_update, column_auto_increment, column_class,
	    primary_key, unique_key_with_engine_names, index_with_class_and_engine_names,
	    check_keeps_sql_verbatim, check_sql_may_hold_a_hash, order_per_engine,
	    crlf_line_ends, text_need_not_be_nul_terminated, minimal_schema);
	ADD(s, "column variants",
	    column_without_variants, column_variant_type_no_default_null,
	    column_variant_default_not_null, column_variant_absent,
	    column_variant_unsigned_type_without_width,
	    effective_column_applies_the_engine_variant, effective_column_absent_on_engine,
	    effective_column_without_variant_is_neutral);
	ADD(s, "key names per engine",
	    key_name_per_engine, key_name_sqlite_falls_back_to_pgsql,
	    key_name_without_variants_is_the_written_one);
	ADD(s, "map statements",
	    map_header, map_table_block, map_assign_column, map_assign_string_with_quote,
	    map_assign_numbers, map_assign_null, map_assign_nested_calls, map_assign_when,
	    map_order_by, map_block_without_end_then_table, map_order_scan, map_table_lookup,
	    map_assignment_named_like_order, map_variadic_concat_takes_one_argument,
	    map_nesting_32_deep_is_accepted, accepts_when_and_unconditional_assignment, map_options,
	    function_lookup, function_checks_are_refused_counted_or_none);
	ADD(s, "schema refusals: file and statements",
	    refuses_first_statement_not_schema, refuses_first_statement_not_schema_after_comments,
	    refuses_empty_schema, refuses_schema_of_comments_only, refuses_schema_without_version,
	    refuses_second_schema_statement, refuses_unknown_statement, refuses_end_outside_table,
	    refuses_statement_not_a_word, refuses_unquoted_title, refuses_unterminated_title,
	    refuses_class_declared_twice, refuses_class_option_without_variable,
	    refuses_schema_without_core_class, refuses_schema_without_version_table,
	    refuses_nul_byte, error_without_error_object);
	ADD(s, "schema refusals: tables",
	    refuses_unknown_statement_inside_table, refuses_table_inside_table,
	    refuses_missing_end_on_the_tables_line, refuses_words_after_end,
	    refuses_table_declared_twice, refuses_table_without_columns,
	    refuses_unexpected_word_after_table, refuses_table_with_two_classes,
	    refuses_table_with_two_versions, refuses_table_version_not_a_number,
	    refuses_table_version_with_decimals, refuses_table_version_out_of_range,
	    refuses_two_versions_for_one_engine, refuses_table_variant_other_than_version);
	ADD(s, "schema refusals: columns",
	    refuses_unknown_type, refuses_type_in_upper_case, refuses_missing_type,
	    refuses_varchar_without_length, refuses_char_with_two_arguments,
	    refuses_type_argument_not_a_number, refuses_type_without_closing_parenthesis,
	    refuses_unterminated_string, refuses_string_ending_in_escaped_quote,
	    refuses_unexpected_character, refuses_lone_minus, refuses_column_declared_twice,
	    refuses_column_null_and_not_null, refuses_column_not_null_and_null,
	    refuses_not_without_null, refuses_not_null_with_default_null,
	    refuses_default_null_then_not_null, refuses_two_defaults,
	    refuses_two_classes_of_a_column_or_key, refuses_bad_default,
	    refuses_on_update_other_than_current_timestamp, refuses_unexpected_word_in_column,
	    refuses_unknown_variant_attribute, refuses_two_variants_for_one_engine,
	    refuses_variant_setting_the_type_twice, refuses_variant_setting_the_default_twice,
	    refuses_variant_default_then_no_default, refuses_variant_null_and_not_null,
	    refuses_negative_type_length,
	    refuses_variant_no_without_default, refuses_variant_with_unknown_type);
	ADD(s, "schema refusals: keys, checks, orders",
	    refuses_two_primary_keys, refuses_primary_without_key, refuses_primary_key_engine_name,
	    refuses_key_declared_twice, refuses_key_column_listed_twice, refuses_key_without_columns,
	    refuses_key_without_parentheses, refuses_two_names_for_one_engine,
	    refuses_engine_without_key_name, refuses_unexpected_word_in_key,
	    refuses_unknown_primary_key_class,
	    refuses_check_declared_twice,
	    refuses_check_with_unbalanced_parentheses, refuses_check_with_unterminated_quote,
	    refuses_check_without_engine, refuses_check_without_sql, refuses_words_after_check_sql,
	    refuses_check_sql_inside_a_comment,
	    refuses_order_with_unknown_engine, refuses_two_orders_for_one_engine,
	    refuses_words_after_order);
	ADD(s, "schema refusals: at the line at fault",
	    refuses_key_naming_missing_column_at_its_line,
	    refuses_primary_key_naming_missing_column_at_its_line,
	    refuses_auto_increment_without_primary_key_at_its_line,
	    refuses_auto_increment_in_two_column_key_at_its_line,
	    refuses_auto_increment_outside_primary_key_at_its_line,
	    refuses_unknown_table_class_at_its_line, refuses_unknown_column_class_at_its_line,
	    refuses_unknown_key_class_at_its_line, refuses_order_with_missing_column_at_its_line,
	    refuses_order_of_wrong_length_at_its_line);
	/* Alone: a regression here would take the process down. */
	tc = tcase_create("schema refusals: unclosed order list");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, refuses_unclosed_order_list);
	suite_add_tcase(s, tc);
	ADD(s, "map refusals",
	    refuses_map_first_statement_not_map, refuses_empty_map, refuses_map_without_arrow,
	    refuses_map_without_target_version, refuses_second_map_statement,
	    refuses_map_unknown_statement, refuses_map_unquoted_title,
	    refuses_end_outside_table_block, refuses_second_end, refuses_table_without_from,
	    refuses_table_without_source, refuses_if_without_exists,
	    refuses_words_after_table_head, refuses_target_mapped_twice, refuses_unknown_function,
	    refuses_unknown_nested_function, refuses_too_many_arguments, refuses_too_few_arguments,
	    refuses_concat_without_arguments, refuses_wrong_count_in_nested_call,
	    refuses_unclosed_call, refuses_missing_expression, refuses_missing_equals,
	    refuses_words_after_expression, refuses_operator, refuses_when_without_value,
	    refuses_when_without_equals, refuses_column_assigned_twice, refuses_two_orders,
	    refuses_order_by_column_listed_twice, refuses_words_after_order_scan,
	    refuses_nesting_33_deep, refuses_map_nul_byte);
	ADD(s, "map validation",
	    planset_loads_valid_map, planset_refuses_missing_target_table,
	    planset_refuses_missing_source_table, planset_refuses_missing_target_column,
	    planset_refuses_missing_source_column, planset_refuses_missing_source_column_in_call,
	    planset_refuses_target_column_read_as_source,
	    planset_refuses_order_by_missing_column_at_its_line, validate_directly);
	ADD(s, "plan directory",
	    planset_without_maps, planset_ignores_other_files,
	    planset_refuses_two_schemas_of_one_version, planset_refuses_map_to_unknown_version,
	    planset_refuses_map_from_unknown_version,
	    planset_refuses_map_to_unknown_version_at_its_line,
	    planset_refuses_second_map_between_two_versions,
	    planset_refuses_directory_without_schemas, planset_refuses_maps_without_schemas,
	    planset_refuses_missing_directory, planset_error_names_the_file_path,
	    planset_map_error_names_the_file_path, planset_refuses_nul_byte,
	    free_functions_accept_null);
	ADD(s, "derived schemas",
	    derived_schema_is_its_base_with_the_edits, derived_schema_checksum_covers_its_base,
	    derived_schema_refuses_an_unknown_base, derived_schema_refuses_a_derived_base,
	    derived_schema_refuses_an_unknown_table_or_column, derived_schema_refuses_dropping_a_key_column,
	    derived_schema_refuses_tables_and_misplaced_statements);
	ADD(s, "sets of tables",
	    tables_without_version_table_or_core_class, schema_parse_still_needs_core_and_version,
	    tables_refuse_derived_statements, tables_refuse_an_undeclared_class,
	    tables_still_need_the_schema_statement);
	return s;
}

int main(void)
{
	return om_test_main(plan_suite());
}
