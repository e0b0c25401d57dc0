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

static void map_ok(const char *text)
{
	int rc = om_map_parse(&map, "t.map", text, strlen(text), &err);

	ck_assert_msg(rc == 0, "parse failed: %s", err.msg);
	ck_assert_ptr_nonnull(map);
}

static void map_fails(const char *text, const char *msg)
{
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
	ck_assert_uint_eq(ps->nschemas, 2);
	ck_assert_uint_eq(ps->nmaps, 1);
	ck_assert_str_eq(ps->dir, PLANDIR);
	ck_assert_str_eq(real("1.1")->file, PLANDIR "/1.1.schema");
	ck_assert_str_eq(real("1.2")->file, PLANDIR "/1.2.schema");
	ck_assert_ptr_nonnull(om_planset_map(ps, "1.1", "1.2"));
	ck_assert_str_eq(om_planset_map(ps, "1.1", "1.2")->file, PLANDIR "/1.1-1.2.map");
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
	ck_assert_uint_eq(m->ntables, 8);
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
