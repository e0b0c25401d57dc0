/*
 * test_url.c: database URLs (migrator/url.c): the sqlite, mysql and
 * postgres forms, percent-decoding, every refusal with its exact message,
 * that no message shows a password, and the DBENGINE names.
 */
#include <check.h>
#include <string.h>

#include "error.h"
#include "url.h"
#include "support.h"

static struct om_url u;
static struct om_error err;

static void setup(void)
{
	om_url_init(&u);
	om_error_clear(&err);
}

static void teardown(void)
{
	om_url_release(&u);
}

static void parse_ok(const char *url)
{
	int ret = om_url_parse(&u, url, &err);

	ck_assert_msg(ret == 0, "parse of %s failed: %s", url, err.msg);
}

static void parse_fails(const char *url, const char *msg)
{
	ck_assert_int_eq(om_url_parse(&u, url, &err), -1);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_int_eq(u.engine, OM_ENGINE_NONE);
}

#define FORMS "(use sqlite:PATH, mysql://USER@HOST/DB or postgres://USER@HOST/DB)"
#define NO_PASSWORD "a password is not allowed in a URL (it would show in ps and " \
	"in shell history); use openserctlrc, the engine's own configuration or the prompt"

static void assert_not_server(void)
{
	ck_assert_ptr_null(u.user);
	ck_assert_ptr_null(u.host);
	ck_assert_int_eq(u.port, 0);
	ck_assert_ptr_null(u.db);
	ck_assert_ptr_null(u.socket);
	ck_assert_ptr_null(u.uri);
}

/* ---- sqlite ---- */

START_TEST(sqlite_relative_path)
{
	parse_ok("sqlite:relative.db");
	ck_assert_int_eq(u.engine, OM_ENGINE_SQLITE);
	ck_assert_pstr_eq(u.path, "relative.db");
	assert_not_server();
}
END_TEST

START_TEST(sqlite_absolute_path)
{
	parse_ok("sqlite:/abs/x.db");
	ck_assert_int_eq(u.engine, OM_ENGINE_SQLITE);
	ck_assert_pstr_eq(u.path, "/abs/x.db");
	assert_not_server();
}
END_TEST

START_TEST(sqlite_triple_slash_is_absolute)
{
	parse_ok("sqlite:///abs/x.db");
	ck_assert_pstr_eq(u.path, "/abs/x.db");
}
END_TEST

START_TEST(sqlite_double_slash_is_removed)
{
	parse_ok("sqlite://x.db");
	ck_assert_pstr_eq(u.path, "x.db");
}
END_TEST

START_TEST(sqlite_path_is_literal)
{
	parse_ok("sqlite:/d/a%20b:c@d?e");
	ck_assert_pstr_eq(u.path, "/d/a%20b:c@d?e");
}
END_TEST

START_TEST(sqlite_empty_path)
{
	parse_fails("sqlite:", "invalid database URL \"sqlite:\": the path is empty");
}
END_TEST

START_TEST(sqlite_empty_path_after_slashes)
{
	parse_fails("sqlite://", "invalid database URL \"sqlite://\": the path is empty");
}
END_TEST

/* ---- mysql ---- */

START_TEST(mysql_user_host_db)
{
	parse_ok("mysql://root@localhost/openser");
	ck_assert_int_eq(u.engine, OM_ENGINE_MYSQL);
	ck_assert_pstr_eq(u.user, "root");
	ck_assert_pstr_eq(u.host, "localhost");
	ck_assert_int_eq(u.port, 0);
	ck_assert_pstr_eq(u.db, "openser");
	ck_assert_ptr_null(u.socket);
	ck_assert_ptr_null(u.path);
	ck_assert_ptr_null(u.uri);
}
END_TEST

START_TEST(mysql_port)
{
	parse_ok("mysql://root@db.example.com:3307/openser");
	ck_assert_pstr_eq(u.user, "root");
	ck_assert_pstr_eq(u.host, "db.example.com");
	ck_assert_int_eq(u.port, 3307);
	ck_assert_pstr_eq(u.db, "openser");
}
END_TEST

START_TEST(mysql_port_limits)
{
	parse_ok("mysql://root@h:1/d");
	ck_assert_int_eq(u.port, 1);
	parse_ok("mysql://root@h:65535/d");
	ck_assert_int_eq(u.port, 65535);
}
END_TEST

START_TEST(mysql_socket)
{
	parse_ok("mysql://root@localhost/openser?socket=/run/mysqld/mysqld.sock");
	ck_assert_pstr_eq(u.host, "localhost");
	ck_assert_pstr_eq(u.db, "openser");
	ck_assert_pstr_eq(u.socket, "/run/mysqld/mysqld.sock");
}
END_TEST

START_TEST(mysql_without_user)
{
	parse_ok("mysql://localhost/openser");
	ck_assert_ptr_null(u.user);
	ck_assert_pstr_eq(u.host, "localhost");
	ck_assert_pstr_eq(u.db, "openser");
}
END_TEST

START_TEST(mysql_without_host)
{
	parse_ok("mysql://root@/openser?socket=/tmp/m.sock");
	ck_assert_pstr_eq(u.user, "root");
	ck_assert_ptr_null(u.host);
	ck_assert_pstr_eq(u.socket, "/tmp/m.sock");
}
END_TEST

START_TEST(mysql_ipv6_host)
{
	parse_ok("mysql://root@[::1]:3307/openser");
	ck_assert_pstr_eq(u.host, "::1");
	ck_assert_int_eq(u.port, 3307);
}
END_TEST

START_TEST(mysql_percent_decoding)
{
	parse_ok("mysql://us%40er%3a1@h%2Dost%2E/op%65nser?socket=/a%20b");
	ck_assert_pstr_eq(u.user, "us@er:1");
	ck_assert_pstr_eq(u.host, "h-ost.");
	ck_assert_pstr_eq(u.db, "openser");
	ck_assert_pstr_eq(u.socket, "/a b");
}
END_TEST

START_TEST(mysql_with_password)
{
	parse_fails("mysql://root:secret@localhost/db",
		    "invalid database URL \"mysql://root:***@localhost/db\": " NO_PASSWORD);
	ck_assert_ptr_null(strstr(err.msg, "secret"));
}
END_TEST

START_TEST(mysql_with_password_and_no_db)
{
	parse_fails("mysql://root:secret@localhost",
		    "invalid database URL \"mysql://root:***@localhost\": " NO_PASSWORD);
	ck_assert_ptr_null(strstr(err.msg, "secret"));
}
END_TEST

START_TEST(mysql_with_empty_password)
{
	parse_fails("mysql://root:@localhost/db",
		    "invalid database URL \"mysql://root:***@localhost/db\": " NO_PASSWORD);
}
END_TEST

START_TEST(mysql_with_password_parameter)
{
	parse_fails("mysql://root@localhost/db?socket=/s&password=secret",
		    "invalid database URL \"mysql://root@localhost/db?socket=/s&password=***\": "
		    NO_PASSWORD);
	ck_assert_ptr_null(strstr(err.msg, "secret"));
}
END_TEST

START_TEST(mysql_without_db)
{
	parse_fails("mysql://root@localhost",
		    "invalid database URL \"mysql://root@localhost\": the database name "
		    "is missing (mysql://USER@HOST/DB)");
}
END_TEST

START_TEST(mysql_with_empty_db)
{
	parse_fails("mysql://root@localhost/?socket=/s",
		    "invalid database URL \"mysql://root@localhost/?socket=/s\": the database "
		    "name is missing (mysql://USER@HOST/DB)");
}
END_TEST

START_TEST(mysql_with_path_after_db)
{
	parse_fails("mysql://root@localhost/openser/x",
		    "invalid database URL \"mysql://root@localhost/openser/x\": "
		    "unexpected \"/\" after the database name");
}
END_TEST

START_TEST(mysql_port_zero)
{
	parse_fails("mysql://root@localhost:0/openser",
		    "invalid database URL \"mysql://root@localhost:0/openser\": "
		    "bad port \"0\" (expected 1 to 65535)");
}
END_TEST

START_TEST(mysql_port_too_big)
{
	parse_fails("mysql://root@localhost:70000/openser",
		    "invalid database URL \"mysql://root@localhost:70000/openser\": "
		    "bad port \"70000\" (expected 1 to 65535)");
}
END_TEST

START_TEST(mysql_port_not_a_number)
{
	parse_fails("mysql://root@localhost:abc/openser",
		    "invalid database URL \"mysql://root@localhost:abc/openser\": "
		    "bad port \"abc\" (expected 1 to 65535)");
}
END_TEST

START_TEST(mysql_port_empty)
{
	parse_fails("mysql://root@localhost:/openser",
		    "invalid database URL \"mysql://root@localhost:/openser\": "
		    "bad port \"\" (expected 1 to 65535)");
}
END_TEST

START_TEST(mysql_port_huge)
{
	parse_fails("mysql://h:99999999999999999999/d",
		    "invalid database URL \"mysql://h:99999999999999999999/d\": "
		    "bad port \"99999999999999999999\" (expected 1 to 65535)");
}
END_TEST

START_TEST(mysql_unknown_parameter)
{
	parse_fails("mysql://root@localhost/openser?ssl=1",
		    "invalid database URL \"mysql://root@localhost/openser?ssl=1\": unknown "
		    "parameter \"ssl\" (the only mysql parameter is socket=PATH)");
}
END_TEST

START_TEST(mysql_empty_socket)
{
	parse_fails("mysql://root@localhost/openser?socket=",
		    "invalid database URL \"mysql://root@localhost/openser?socket=\": "
		    "the socket path is empty");
}
END_TEST

START_TEST(mysql_socket_twice)
{
	parse_fails("mysql://h/d?socket=/a&socket=/b",
		    "invalid database URL \"mysql://h/d?socket=/a&socket=/b\": "
		    "\"socket\" is given twice");
}
END_TEST

START_TEST(mysql_bad_percent_encoding)
{
	parse_fails("mysql://r%zz@h/d",
		    "invalid database URL \"mysql://r%zz@h/d\": bad percent-encoding \"%zz\"");
}
END_TEST

START_TEST(mysql_truncated_percent_encoding)
{
	parse_fails("mysql://r@h%4/d",
		    "invalid database URL \"mysql://r@h%4/d\": bad percent-encoding \"%4\"");
}
END_TEST

START_TEST(mysql_percent_encoded_nul)
{
	parse_fails("mysql://r%00@h/d",
		    "invalid database URL \"mysql://r%00@h/d\": bad percent-encoding \"%00\"");
}
END_TEST

START_TEST(mysql_unclosed_ipv6)
{
	parse_fails("mysql://r@[::1/d",
		    "invalid database URL \"mysql://r@[::1/d\": \"]\" missing after the IPv6 address");
}
END_TEST

/* ---- postgres ---- */

START_TEST(postgres_uri_kept_whole)
{
	parse_ok("postgres://postgres@localhost:5433/openser?host=/run/pg");
	ck_assert_int_eq(u.engine, OM_ENGINE_PGSQL);
	ck_assert_pstr_eq(u.uri, "postgres://postgres@localhost:5433/openser?host=/run/pg");
	ck_assert_ptr_null(u.path);
	ck_assert_ptr_null(u.socket);
}
END_TEST

START_TEST(postgres_fields_extracted)
{
	parse_ok("postgres://postgres@localhost:5433/openser");
	ck_assert_pstr_eq(u.user, "postgres");
	ck_assert_pstr_eq(u.host, "localhost");
	ck_assert_int_eq(u.port, 5433);
	ck_assert_pstr_eq(u.db, "openser");
}
END_TEST

START_TEST(postgres_host_parameter_overrides)
{
	parse_ok("postgres://postgres@localhost:5433/openser?host=/run/pg");
	ck_assert_pstr_eq(u.user, "postgres");
	ck_assert_pstr_eq(u.host, "/run/pg");
	ck_assert_int_eq(u.port, 5433);
	ck_assert_pstr_eq(u.db, "openser");
}
END_TEST

START_TEST(postgres_other_parameters_override)
{
	parse_ok("postgres://a@h:1/d?sslmode=require&user=b%20c&port=2&dbname=e");
	ck_assert_pstr_eq(u.user, "b c");
	ck_assert_pstr_eq(u.host, "h");
	ck_assert_int_eq(u.port, 2);
	ck_assert_pstr_eq(u.db, "e");
}
END_TEST

START_TEST(postgresql_scheme)
{
	parse_ok("postgresql://openser@db/openser");
	ck_assert_int_eq(u.engine, OM_ENGINE_PGSQL);
	ck_assert_pstr_eq(u.uri, "postgresql://openser@db/openser");
	ck_assert_pstr_eq(u.user, "openser");
	ck_assert_pstr_eq(u.host, "db");
	ck_assert_pstr_eq(u.db, "openser");
}
END_TEST

START_TEST(postgres_all_defaults)
{
	parse_ok("postgres://");
	ck_assert_int_eq(u.engine, OM_ENGINE_PGSQL);
	ck_assert_pstr_eq(u.uri, "postgres://");
	ck_assert_ptr_null(u.user);
	ck_assert_ptr_null(u.host);
	ck_assert_int_eq(u.port, 0);
	ck_assert_ptr_null(u.db);
}
END_TEST

START_TEST(postgres_multiple_hosts)
{
	parse_ok("postgresql://u@h1:5432,h2/d");
	ck_assert_pstr_eq(u.host, "h1:5432,h2");
	ck_assert_int_eq(u.port, 0);
	ck_assert_pstr_eq(u.db, "d");
}
END_TEST

START_TEST(postgres_with_password)
{
	parse_fails("postgres://postgres:hunter2@localhost/openser",
		    "invalid database URL \"postgres://postgres:***@localhost/openser\": "
		    NO_PASSWORD);
	ck_assert_ptr_null(strstr(err.msg, "hunter2"));
}
END_TEST

START_TEST(postgres_with_password_parameter)
{
	parse_fails("postgres://postgres@localhost/openser?sslmode=require&password=hunter2",
		    "invalid database URL \"postgres://postgres@localhost/openser?"
		    "sslmode=require&password=***\": " NO_PASSWORD);
	ck_assert_ptr_null(strstr(err.msg, "hunter2"));
}
END_TEST

START_TEST(postgres_bad_port)
{
	parse_fails("postgres://h:0/d",
		    "invalid database URL \"postgres://h:0/d\": bad port \"0\" (expected 1 to 65535)");
}
END_TEST

/* ---- other URLs ---- */

START_TEST(unknown_scheme)
{
	parse_fails("oracle://x", "invalid database URL \"oracle://x\": unknown scheme "
		    "\"oracle\" " FORMS);
}
END_TEST

START_TEST(unknown_scheme_is_masked)
{
	parse_fails("oracle://scott:tiger@x",
		    "invalid database URL \"oracle://scott:***@x\": " NO_PASSWORD);
	ck_assert_ptr_null(strstr(err.msg, "tiger"));
}
END_TEST

/*
 * Found by the url fuzzer: a '?' before "://" starts the query, whose
 * password= items were shown, before the user's password and after it.
 */
START_TEST(query_before_the_authority_is_masked)
{
	parse_fails("a?://u:pw@h&password=secret",
		    "invalid database URL \"a?://u:***@h&password=***\": " NO_PASSWORD);
	parse_fails("a?://u:pw@h&password=secret?x&password=more",
		    "invalid database URL \"a?://u:***@h&password=***&password=***\": " NO_PASSWORD);
	ck_assert_ptr_null(strstr(err.msg, "secret"));
	ck_assert_ptr_null(strstr(err.msg, "more"));
	parse_fails("p?mysql://s&password=secret&x:pw@h",
		    "invalid database URL \"p?mysql://s&password=***&x:***@h\": " NO_PASSWORD);
	parse_fails("p?mysql://s&password=secret:pw@h",
		    "invalid database URL \"p?mysql://s&password=***\": " NO_PASSWORD);
}
END_TEST

/* Text without "://" (a libpq keyword string, or a mistake): every password value is masked. */
START_TEST(password_without_scheme_is_masked)
{
	parse_fails("a?word%40=aecretu:pw@h&password=se",
		    "invalid database URL \"a?word%40=aecretu:pw@h&password=***\": " NO_PASSWORD);
	parse_fails("host=/s PASSWORD = 'a b\\' c' user=x",
		    "invalid database URL \"host=/s PASSWORD = *** user=x\": " NO_PASSWORD);
	ck_assert_ptr_null(strstr(err.msg, "a b"));
}
END_TEST

/* Only the first '?' starts the query: a later one is in an item. */
START_TEST(second_question_mark_is_in_an_item)
{
	parse_fails("mysql://r@h/d?a=b?password=x&socket=/s",
		    "invalid database URL \"mysql://r@h/d?a=b?password=x&socket=/s\": unknown "
		    "parameter \"a\" (the only mysql parameter is socket=PATH)");
}
END_TEST

START_TEST(schemes_are_lower_case)
{
	parse_fails("MYSQL://root@h/d", "invalid database URL \"MYSQL://root@h/d\": unknown "
		    "scheme \"MYSQL\" " FORMS);
}
END_TEST

START_TEST(no_scheme)
{
	parse_fails("openser.db", "invalid database URL \"openser.db\": no scheme " FORMS);
}
END_TEST

START_TEST(path_with_colon_is_not_a_scheme)
{
	parse_fails("./a:b", "invalid database URL \"./a:b\": no scheme " FORMS);
}
END_TEST

START_TEST(empty_url)
{
	ck_assert_int_eq(om_url_parse(&u, "", &err), -1);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, "empty database URL");
}
END_TEST

START_TEST(null_url)
{
	ck_assert_int_eq(om_url_parse(&u, NULL, &err), -1);
	ck_assert_str_eq(err.msg, "empty database URL");
}
END_TEST

/* ---- reuse ---- */

START_TEST(reparse_replaces_old_contents)
{
	parse_ok("mysql://root@localhost/openser?socket=/s");
	parse_ok("sqlite:/x.db");
	ck_assert_int_eq(u.engine, OM_ENGINE_SQLITE);
	ck_assert_pstr_eq(u.path, "/x.db");
	assert_not_server();
}
END_TEST

START_TEST(failed_parse_leaves_url_empty)
{
	parse_ok("sqlite:/x.db");
	parse_fails("mysql://root@localhost", "invalid database URL \"mysql://root@localhost\": "
		    "the database name is missing (mysql://USER@HOST/DB)");
	ck_assert_ptr_null(u.path);
	assert_not_server();
}
END_TEST

START_TEST(release_leaves_url_initialised)
{
	parse_ok("postgres://a@b/c");
	om_url_release(&u);
	ck_assert_int_eq(u.engine, OM_ENGINE_NONE);
	ck_assert_ptr_null(u.path);
	assert_not_server();
}
END_TEST

/* ---- engine names ---- */

START_TEST(engine_mysql_spellings)
{
	ck_assert_int_eq(om_engine_from_name("MYSQL"), OM_ENGINE_MYSQL);
	ck_assert_int_eq(om_engine_from_name("mysql"), OM_ENGINE_MYSQL);
	ck_assert_int_eq(om_engine_from_name("MySQL"), OM_ENGINE_MYSQL);
}
END_TEST

START_TEST(engine_pgsql_spellings)
{
	ck_assert_int_eq(om_engine_from_name("PGSQL"), OM_ENGINE_PGSQL);
	ck_assert_int_eq(om_engine_from_name("pgsql"), OM_ENGINE_PGSQL);
	ck_assert_int_eq(om_engine_from_name("postgres"), OM_ENGINE_PGSQL);
	ck_assert_int_eq(om_engine_from_name("postgresql"), OM_ENGINE_PGSQL);
	ck_assert_int_eq(om_engine_from_name("POSTGRES"), OM_ENGINE_PGSQL);
	ck_assert_int_eq(om_engine_from_name("PostgreSQL"), OM_ENGINE_PGSQL);
}
END_TEST

START_TEST(engine_sqlite_spellings)
{
	ck_assert_int_eq(om_engine_from_name("SQLITE"), OM_ENGINE_SQLITE);
	ck_assert_int_eq(om_engine_from_name("sqlite"), OM_ENGINE_SQLITE);
}
END_TEST

START_TEST(engine_unknown_names)
{
	ck_assert_int_eq(om_engine_from_name("oracle"), OM_ENGINE_NONE);
	ck_assert_int_eq(om_engine_from_name("DBTEXT"), OM_ENGINE_NONE);
	ck_assert_int_eq(om_engine_from_name("sqlite3"), OM_ENGINE_NONE);
	ck_assert_int_eq(om_engine_from_name("mysql "), OM_ENGINE_NONE);
	ck_assert_int_eq(om_engine_from_name("my"), OM_ENGINE_NONE);
	ck_assert_int_eq(om_engine_from_name(""), OM_ENGINE_NONE);
	ck_assert_int_eq(om_engine_from_name(NULL), OM_ENGINE_NONE);
}
END_TEST

START_TEST(engine_names)
{
	ck_assert_str_eq(om_engine_name(OM_ENGINE_SQLITE), "sqlite");
	ck_assert_str_eq(om_engine_name(OM_ENGINE_MYSQL), "mysql");
	ck_assert_str_eq(om_engine_name(OM_ENGINE_PGSQL), "pgsql");
	ck_assert_str_eq(om_engine_name(OM_ENGINE_NONE), "none");
}
END_TEST

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

static Suite *url_suite(void)
{
	Suite *s = suite_create("url");

	ADD(s, "sqlite paths",
	    sqlite_relative_path, sqlite_absolute_path, sqlite_triple_slash_is_absolute,
	    sqlite_double_slash_is_removed, sqlite_path_is_literal, sqlite_empty_path,
	    sqlite_empty_path_after_slashes);
	ADD(s, "mysql urls",
	    mysql_user_host_db, mysql_port, mysql_port_limits, mysql_socket,
	    mysql_without_user, mysql_without_host, mysql_ipv6_host,
	    mysql_percent_decoding);
	ADD(s, "mysql refusals",
	    mysql_with_password, mysql_with_password_and_no_db, mysql_with_empty_password,
	    mysql_with_password_parameter, mysql_without_db, mysql_with_empty_db,
	    mysql_with_path_after_db, mysql_port_zero, mysql_port_too_big,
	    mysql_port_not_a_number, mysql_port_empty, mysql_port_huge,
	    mysql_unknown_parameter, mysql_empty_socket, mysql_socket_twice,
	    mysql_bad_percent_encoding, mysql_truncated_percent_encoding,
	    mysql_percent_encoded_nul, mysql_unclosed_ipv6);
	ADD(s, "postgres urls",
	    postgres_uri_kept_whole, postgres_fields_extracted,
	    postgres_host_parameter_overrides, postgres_other_parameters_override,
	    postgresql_scheme, postgres_all_defaults, postgres_multiple_hosts);
	ADD(s, "postgres refusals",
	    postgres_with_password, postgres_with_password_parameter, postgres_bad_port);
	ADD(s, "other urls",
	    unknown_scheme, unknown_scheme_is_masked, query_before_the_authority_is_masked,
	    password_without_scheme_is_masked,
	    second_question_mark_is_in_an_item, schemes_are_lower_case, no_scheme,
	    path_with_colon_is_not_a_scheme, empty_url, null_url);
	ADD(s, "reuse",
	    reparse_replaces_old_contents, failed_parse_leaves_url_empty,
	    release_leaves_url_initialised);
	ADD(s, "engine names",
	    engine_mysql_spellings, engine_pgsql_spellings, engine_sqlite_spellings,
	    engine_unknown_names, engine_names);
	return s;
}

int main(void)
{
	return om_test_main(url_suite());
}
