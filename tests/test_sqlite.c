/*
 * test_sqlite.c: the SQLite engine end to end, on real database files.
 *
 * Builds OpenSER 1.1 databases from tests/fixtures (every core and serweb
 * table, rows with the awkward values), runs the openser-migrate binary,
 * and checks what a user would: the catalog, every carried value, the
 * version rows, the exit codes, the messages, and that failures and
 * kills leave the file as it was.
 */
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "passwords.h"
#include "strbuf.h"
#include "strlist.h"
#include "support.h"

static const char *const FULL[] = {
	"sqlite-1.1-core.sql", "sqlite-1.1-serweb.sql", "sqlite-1.1-modules.sql",
	"rows-1.1-core.sql", "rows-1.1-serweb.sql", "rows-1.1-modules.sql", NULL
};
static const char *const CORE[] = { "sqlite-1.1-core.sql", "rows-1.1-core.sql", NULL };

static char *dir;
static char db[600], pristine[600], url[700];

static void setup(void)
{
	dir = om_test_mkdtemp();
	snprintf(db, sizeof(db), "%s/openser.db", dir);
	snprintf(pristine, sizeof(pristine), "%s/pristine.db", dir);
	snprintf(url, sizeof(url), "sqlite:%s", db);
}

static void teardown(void)
{
	om_test_rmtree(dir);
	free(dir);
}

/* A 1.1 database from fixtures, and a byte copy of it to compare with. */
static void make_db(const char *const *fixtures)
{
	om_test_build_db(db, fixtures);
	om_test_copy_file(db, pristine);
}

/* Run the CLI with a NULL-terminated argument list; returns the exit code. */
static int run(char **out, char **err, ...)
	__attribute__((sentinel));

static int run(char **out, char **err, ...)
{
	const char *argv[32];
	size_t n = 0;
	va_list ap;

	va_start(ap, err);
	while (n < 31 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	return om_test_run(argv, NULL, out, err);
}

static int run_env(const char *const *env, char **out, char **err, const char *const *argv)
{
	return om_test_run(argv, env, out, err);
}

static int upgrade(void)
{
	return run(NULL, NULL, "-d", url, "--yes", "upgrade", NULL);
}

#define assert_query(sql, expected) \
	do { \
		char *got_ = om_test_query(db, sql); \
		ck_assert_str_eq(got_, expected); \
		free(got_); \
	} while (0)

#define assert_contains(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) != NULL, "expected to find:\n%s\nin:\n%.2500s", (needle), (hay))

/* ---- the upgrade: catalog and values ------------------------------------------ */

START_TEST(upgrade_yields_the_exact_1_2_catalog)
{
	char *cat;

	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	cat = om_test_catalog(db);
	om_test_golden("sqlite-1.2-serweb.catalog", cat);
	free(cat);
}
END_TEST

START_TEST(upgrade_of_a_core_database_has_no_serweb_parts)
{
	char *cat;

	make_db(CORE);
	ck_assert_int_eq(upgrade(), 0);
	cat = om_test_catalog(db);
	om_test_golden("sqlite-1.2-core.catalog", cat);
	ck_assert_ptr_null(strstr(cat, "phplib_id"));
	ck_assert_ptr_null(strstr(cat, "table pending"));
	free(cat);
}
END_TEST

START_TEST(upgrade_writes_the_1_2_version_rows)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	assert_query("SELECT table_name, table_version FROM version ORDER BY table_name",
		     "acc|4\nactive_sessions|1\naddress|3\nadmin_privileges|1\naliases|1004\ncpl|1\n"
		     "dbaliases|1\ndomain|1\ngrp|2\ngw|4\ngw_grp|1\nlcr|2\nlocation|1004\nmissed_calls|3\n"
		     "pending|6\nphonebook|1\nre_grp|1\nserver_monitoring|1\nserver_monitoring_agg|1\n"
		     "silo|5\nsip_trace|1\nspeed_dial|2\nsubscriber|6\ntrusted|4\nuri|1\nusr_preferences|2\n"
		     "usr_preferences_types|1\n");
}
END_TEST

START_TEST(upgrade_splits_status_and_parses_uris_in_acc)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	assert_query("SELECT id, method, from_tag, to_tag, callid, sip_code, sip_reason, time, src_user, "
		     "src_domain, dst_user, dst_domain FROM acc ORDER BY id",
		     "1|INVITE|tag-from-0123456789012345678901234567890123456789012345678901234|to-1|"
		     "call-1@example.com|200||2007-03-01 12:00:00|alice|example.com|bob|example.net\n"
		     "2|INVITE|f2|t2|call-2@example.com||call to voicemail|2007-03-01 12:05:00|carol|"
		     "voip.example.org|Dave|Example.NET\n"
		     "3|INVITE|f3|t3|call-3@example.com|603|Decline because the callee is aw|2007-03-01 12:10:00||"
		     "example.com||[2001:db8::1]\n"
		     "4|BYE|f4|t4|call-4@example.com||2000|2007-03-01 12:15:00|frank|example.com|+4930123|\n");
}
END_TEST

START_TEST(upgrade_splits_the_status_line_of_missed_calls)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	assert_query("SELECT id, sip_code, sip_reason, src_user, src_domain, dst_user, dst_domain FROM missed_calls ORDER BY id",
		     "1|486|Busy Here|alice|example.com|bob|example.net\n"
		     "2|408|Request Timeout|bob|example.com|alice|example.com\n");
}
END_TEST

START_TEST(upgrade_turns_gateway_integers_into_dotted_quads)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	assert_query("SELECT id, gw_name, grp_id, ip_addr, port, uri_scheme, transport, strip, prefix FROM gw ORDER BY id",
		     "1|local-gw|1|127.0.0.1|5060|1|1|0|NULL\n2|pstn-gw|2|192.168.1.10|NULL|NULL|NULL|2|0049\n");
}
END_TEST

START_TEST(upgrade_keeps_message_preference_and_trace_ids)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	assert_query("SELECT id, src_addr, username, inc_time, ctype, hex(body) FROM silo ORDER BY id",
		     "5|sip:alice@example.com|bob|1172750000|text/plain|73656520796F752061742035\n"
		     "9|sip:carol@example.org|bob|1172760000|text/plain|00FF68690A\n");
}
END_TEST

START_TEST(upgrade_keeps_preference_and_trace_ids)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	assert_query("SELECT id, uuid, username, attribute, type, value, last_modified FROM usr_preferences ORDER BY id",
		     "3|u-alice|alice|fwd|2|sip:voicemail@example.com|2007-02-01 08:00:00\n"
		     "8|u-long|a-very-long-user-name-0123456789012345678901234567890123456789-a|lang|0|de|2007-02-02 08:00:00\n");
	assert_query("SELECT id, callid, status, direction FROM sip_trace ORDER BY id",
		     "3|call-1@example.com||in\n7|call-1@example.com|200 OK|out\n");
	/* A new preference gets an id after the highest one kept. */
	om_test_sql(db, "INSERT INTO usr_preferences (uuid, attribute) VALUES ('u-new', 'x')");
	assert_query("SELECT max(id) FROM usr_preferences", "9\n");
}
END_TEST

START_TEST(upgrade_gives_speed_dial_new_ids_in_key_order)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	/* Never the old uuid "17" (the old tool's bug): new ids in the old key order. */
	assert_query("SELECT id, username, sd_username, new_uri FROM speed_dial ORDER BY id",
		     "1|alice|1|sip:bob@example.com\n2|alice|2|sip:+4930999@example.com\n");
}
END_TEST

START_TEST(upgrade_carries_subscriber_with_serweb_columns)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	assert_query("SELECT id, username, domain, password, first_name, last_name, email_address, datetime_created, "
		     "ha1, ha1b, timezone, rpid, phplib_id, phone, datetime_modified, confirmation, flag, "
		     "sendnotification, greeting, allow_find FROM subscriber ORDER BY id",
		     "1|alice|example.com|alicepw|Alice|Liddell|alice@example.com|2006-08-01 10:00:00|"
		     "0a1b2c3d4e5f60718293a4b5c6d7e8f9|f9e8d7c6b5a4938271605f4e3d2c1b0a|Europe/Berlin|"
		     "sip:+4930111@example.com|5d41402abc4b2a76b9719d911017c592|+4930111|2006-09-01 11:00:00|c0nf|o|yes|hi|1\n"
		     "2|bob|example.com|bobpw|Bob||bob@example.com|2006-08-02 10:00:00|11111111111111111111111111111111|"
		     "22222222222222222222222222222222|NULL|NULL|7d793037a0760186574b0282f2f435e7||0000-00-00 00:00:00||o|||0\n");
	assert_query("SELECT id, username, phplib_id, confirmation FROM pending", "1|carol|9e107d9d372bb6826bd81d3542a419d6|abc123\n");
	/* Unchanged serweb tables keep their rows untouched. */
	assert_query("SELECT att_name, att_rich_type, att_type_spec, default_value FROM usr_preferences_types ORDER BY att_name",
		     "fwd|string|NULL|\nlang|list|en,de|en\n");
}
END_TEST

START_TEST(upgrade_carries_location_and_aliases_whole)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	assert_query("SELECT id, username, contact, received, path, expires, q, callid, cseq, last_modified, flags, "
		     "cflags, user_agent, socket, methods FROM location ORDER BY id",
		     "1|alice|sip:alice@192.0.2.10:5060|sip:198.51.100.7:40000|<sip:proxy.example.com;lr>|"
		     "2007-03-05 10:00:00|0.5|reg-1@192.0.2.10|17|2007-03-05 09:00:00|1|0|Phone/1.0|udp:192.0.2.1:5060|8191\n"
		     "2|bob|sip:bob@192.0.2.11|NULL|NULL|2020-05-28 21:32:15|1.0|Default-Call-ID|42|1900-01-01 00:00:00|0|0||NULL|NULL\n");
	assert_query("SELECT id, username, contact, cseq, cflags, methods FROM aliases", "1|support|sip:alice@example.com|42|0|15\n");
}
END_TEST

START_TEST(upgrade_fills_pdt_from_pd_multidomain_and_keeps_it)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	assert_query("SELECT id, sdomain, prefix, domain FROM pdt ORDER BY id",
		     "1|*|9|intl.example.net\n2|example.com|123|pstn.example.com\n");
	assert_query("SELECT count(*) FROM pd_multidomain", "2\n");
	assert_query("SELECT id, username, domain, cpl_xml IS NOT NULL, hex(cpl_bin) FROM cpl", "1|alice|example.com|1|0102\n");
}
END_TEST

START_TEST(upgrade_carries_the_small_tables)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	assert_query("SELECT id, alias_username, alias_domain, username FROM dbaliases ORDER BY id",
		     "1|info|example.com|alice\n2|sales|example.com|bob\n");
	assert_query("SELECT id, username, grp, last_modified FROM grp ORDER BY id",
		     "1|alice|ld|2007-01-01 00:00:00\n2|alice|voicemail|2007-01-01 00:00:00\n3|bob|local|0000-00-00 00:00:00\n");
	assert_query("SELECT id, reg_exp, group_id FROM re_grp ORDER BY id", "1|^sip:00|2\n2|^sip:\\+49|1\n");
	assert_query("SELECT id, domain FROM domain ORDER BY id", "1|example.com\n2|voip.example.org\n");
	assert_query("SELECT id, uri_user FROM uri ORDER BY id", "1|4930111\n2|alice\n");
	assert_query("SELECT id, src_ip, proto, from_pattern, tag FROM trusted ORDER BY id",
		     "1|192.0.2.50|udp|^sip:.*@example\\.com$|pstn-gw\n2|2001:db8::50|any|NULL|NULL\n");
	assert_query("SELECT id, prefix, from_uri, grp_id, priority FROM lcr ORDER BY id",
		     "1|+49|NULL|2|1\n2||sip:alice@example.com|1|0\n");
	assert_query("SELECT grp_id, grp_name FROM gw_grp ORDER BY grp_id", "1|local\n2|pstn\n");
}
END_TEST

START_TEST(upgrade_retains_the_old_tables_whole)
{
	char *before, *after;

	make_db(FULL);
	before = om_test_query(db, "SELECT * FROM acc ORDER BY rowid");
	ck_assert_int_eq(upgrade(), 0);
	after = om_test_query(db, "SELECT * FROM old11_acc ORDER BY rowid");
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	assert_query("SELECT username FROM old11_usr_preferences WHERE id = 8",
		     "a-very-long-user-name-0123456789012345678901234567890123456789-abcdefg\n");
	/* Their indexes are gone (index names are global in SQLite); their rows stay. */
	assert_query("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'old11%' "
		     "AND name NOT LIKE 'sqlite_autoindex%'", "0\n");
}
END_TEST

START_TEST(upgrade_reports_rows_and_cut_values)
{
	char *out = NULL;

	make_db(FULL);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "acc                                 4            4  rebuilt, old table kept as old11_acc");
	assert_contains(out, "    not carried into 1.2: sip_from, sip_to, sip_status, i_uri, o_uri, from_uri, to_uri, "
			"username, domain, timestamp, src_leg, dst_leg (kept in old11_acc)");
	assert_contains(out, "    from_tag: 1 value cut to 64 characters");
	assert_contains(out, "    sip_reason: 1 value cut to 32 characters");
	assert_contains(out, "    sip_code: computed, not empty in 2 of 4 rows");
	assert_contains(out, "    username: 1 value cut to 64 characters");
	assert_contains(out, "pdt                                 2            2  created, filled from pd_multidomain");
	assert_contains(out, "version rows written: subscriber=6, acc=4, missed_calls=3, location=1004, aliases=1004, "
			"silo=5, trusted=4, gw=4, address=3, cpl=1, pending=6");
	assert_contains(out, "HAS_SERWEB is not set: the database has the serweb tables, so they are kept");
	free(out);
}
END_TEST

/* acc rows written by other software (name-addr, tel:, user=phone), and an unparsable one. */
START_TEST(upgrade_reads_name_addr_tel_and_user_phone_uris)
{
	char *out = NULL;

	make_db(FULL);
	om_test_sql(db, "INSERT INTO acc " OM_TEST_ACC_URI_ROWS);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_query("SELECT id, src_user, src_domain, dst_user, dst_domain FROM acc WHERE id > 4 ORDER BY id",
		     OM_TEST_ACC_URI_PARTS);
	om_test_check_uri_report(out);
	free(out);
}
END_TEST

/* Values the URI rules cannot parse give '' and '', are counted and warned of, never refused. */
START_TEST(unparsable_uris_are_counted_and_reported_not_refused)
{
	char *out = NULL, *err = NULL;

	make_db(FULL);
	om_test_sql(db, "INSERT INTO acc (sip_method, from_uri, to_uri, i_uri, sip_callid, time) VALUES "
			"('INVITE', '<sip:@>', 'sip:', '', 'call-5', '2007-03-01 13:00:00'), "
			"('INVITE', '', 'sip:bob@example.net', 'tel:', 'call-6', '2007-03-01 13:05:00')");
	ck_assert_int_eq(run(&out, &err, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "\n  acc.src_user: 2 values of from_uri could not be parsed as a SIP URI (user and host are ''); "
			"e.g. \"<sip:@>\"; \"\"\n");
	assert_contains(out, "\n  acc.src_domain: 2 values of from_uri could not be parsed as a SIP URI (user and host are "
			"''); e.g. \"<sip:@>\"; \"\"\n");
	assert_contains(out, "\n  acc.dst_user: 2 values of nonempty(i_uri, to_uri) could not be parsed as a SIP URI (user "
			"and host are ''); e.g. \"sip:\"; \"tel:\"\n");
	assert_contains(out, "    src_user: 2 invalid inputs\n");
	assert_contains(out, "    dst_domain: 2 invalid inputs\n");
	assert_query("SELECT id, src_user, src_domain, dst_user, dst_domain FROM acc WHERE id > 4 ORDER BY id",
		     "5||||\n6||||\n");
	free(out);
	free(err);
}
END_TEST

/*
 * A BLOB in a URI column is read as the bytes it holds; a user or host
 * with a NUL byte is stored up to it (an SQLite text ends there) and
 * reported as a cut, in a column the plan cuts (src_user) and in one it
 * does not (src_domain).
 */
START_TEST(uri_cut_at_a_nul_byte_of_a_blob_is_reported_as_cut)
{
	char *out = NULL, *err = NULL;

	make_db(FULL);
	/* "sip:al\0ice@example.com" and "sip:bob@exa\0mple.com;x" */
	om_test_sql(db, "INSERT INTO acc (sip_method, from_uri, to_uri, sip_callid, time) VALUES "
			"('INVITE', X'7369703A616C00696365406578616D706C652E636F6D', 'sip:x@y', 'call-5', "
			"'2007-03-01 13:00:00'), "
			"('INVITE', X'7369703A626F624065786100006D706C652E636F6D3B78', 'sip:x@y', 'call-6', "
			"'2007-03-01 13:05:00')");
	ck_assert_int_eq(run(&out, &err, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "\n  acc.src_user: 1 value is cut at a NUL byte (the full value stays in old11_acc); "
			"e.g. \"al\"\n");
	assert_contains(out, "\n  acc.src_domain: 1 value is cut at a NUL byte (the full value stays in old11_acc); "
			"e.g. \"exa\"\n");
	assert_contains(out, "    src_user: 1 value cut to 64 characters\n");
	assert_contains(out, "    src_domain: 1 value cut to 128 characters\n");
	/* Stored without the NUL and what follows it. */
	assert_query("SELECT id, hex(src_user), typeof(src_user), src_domain, hex(src_domain) FROM acc WHERE id > 4 "
		     "ORDER BY id",
		     "5|616C|text|example.com|6578616D706C652E636F6D\n6|626F62|text|exa|657861\n");
	/* The old table keeps the BLOBs whole. */
	assert_query("SELECT typeof(from_uri), length(from_uri) FROM old11_acc WHERE sip_callid LIKE 'call-%' "
		     "AND rowid > 4 ORDER BY rowid", "blob|22\nblob|23\n");
	free(out);
	free(err);
}
END_TEST

START_TEST(second_upgrade_is_a_no_op)
{
	char *out = NULL;

	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	om_test_copy_file(db, pristine);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "nothing to do: the database is already at OpenSER 1.2");
	ck_assert(om_test_same_file(db, pristine));
	free(out);
}
END_TEST

START_TEST(plan_prints_the_sql_and_changes_nothing)
{
	char *out = NULL;

	make_db(FULL);
	ck_assert_int_eq(run(&out, NULL, "plan", "-d", url, NULL), 0);
	assert_contains(out, "BEGIN IMMEDIATE;\n");
	assert_contains(out, "ALTER TABLE \"acc\" RENAME TO \"old11_acc\";\n");
	assert_contains(out, "       om_status_code(\"sip_status\"),\n");
	assert_contains(out, "COMMIT;\n");
	assert_contains(out, "-- warnings:\n--   acc.from_tag: 1 value longer than 64 characters is cut");
	ck_assert(om_test_same_file(db, pristine));
	free(out);
}
END_TEST

START_TEST(status_says_pending_then_up_to_date)
{
	char *out = NULL;

	make_db(FULL);
	ck_assert_int_eq(run(&out, NULL, "status", "-d", url, NULL), 7);
	assert_contains(out, "version:   OpenSER 1.1 (exact match)\n");
	assert_contains(out, "pending:   upgrade 1.1 -> 1.2\n");
	free(out);
	ck_assert(om_test_same_file(db, pristine));
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(run(&out, NULL, "status", "-d", url, NULL), 0);
	assert_contains(out, "version:   OpenSER 1.2 (exact match)\n");
	assert_contains(out, "retained:  old11_acc, ");
	assert_contains(out, "#1 upgrade 1.1->1.2 done");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "verify", "-d", url, NULL), 0);
	assert_contains(out, "matches OpenSER 1.2 exactly");
	free(out);
}
END_TEST

START_TEST(cleanup_drops_the_retained_tables)
{
	char *err = NULL;

	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "cleanup", NULL), 3);
	assert_contains(err, "not confirmed, nothing was changed (use --yes to clean up without a question)");
	free(err);
	assert_query("SELECT count(*) > 0 FROM sqlite_master WHERE name LIKE 'old11_%'", "1\n");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "cleanup", "--yes", NULL), 0);
	assert_query("SELECT count(*) FROM sqlite_master WHERE name LIKE 'old11_%'", "0\n");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

START_TEST(json_report_has_the_counts)
{
	char *out = NULL;

	make_db(FULL);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "--json", "upgrade", NULL), 0);
	assert_contains(out, "{\"command\": \"upgrade\", \"database\": ");
	assert_contains(out, "\"result\": \"ok\", \"exit_code\": 0, \"error\": null, \"config_warnings\": [], "
			"\"done\": true, \"from\": \"1.1\", \"to\": \"1.2\"");
	assert_contains(out, "{\"table\": \"acc\", \"action\": \"rebuilt, old table kept as old11_acc\", "
			"\"source\": \"acc\", \"retained\": \"old11_acc\", \"rows_before\": 4, \"rows_after\": 4");
	free(out);
}
END_TEST

/* ---- serweb --------------------------------------------------------------------------- */

static int run_with_rc(const char *rc_text, char **out, char **err, const char *cmd, const char *extra)
{
	char rc[600];
	const char *argv[8];
	size_t n = 0;

	snprintf(rc, sizeof(rc), "%s/openserctlrc", dir);
	om_test_write_file(rc, rc_text);
	argv[n++] = "-c";
	argv[n++] = rc;
	argv[n++] = "-d";
	argv[n++] = url;
	argv[n++] = cmd;
	if (extra)
		argv[n++] = extra;
	argv[n] = NULL;
	return om_test_run(argv, NULL, out, err);
}

START_TEST(has_serweb_yes_creates_the_serweb_parts)
{
	make_db(CORE);
	ck_assert_int_eq(run_with_rc("HAS_SERWEB=yes\n", NULL, NULL, "upgrade", "--yes"), 0);
	assert_query("SELECT phplib_id, phone, flag, allow_find FROM subscriber ORDER BY id",
		     "5d41402abc4b2a76b9719d911017c592|+4930111|o|1\n7d793037a0760186574b0282f2f435e7||o|0\n");
	assert_query("SELECT count(*) FROM pending", "0\n");
	assert_query("SELECT table_version FROM version WHERE table_name = 'pending'", "6\n");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

START_TEST(has_serweb_no_with_serweb_rows_is_refused)
{
	char *err = NULL;

	make_db(FULL);
	ck_assert_int_eq(run_with_rc("HAS_SERWEB=no\n", NULL, &err, "upgrade", "--yes"), 3);
	assert_contains(err, "refused, nothing was changed (--force overrides):\n  HAS_SERWEB=no, but the serweb "
			"tables hold rows (active_sessions: 1, admin_privileges: 2, pending: 1, phonebook: 1, "
			"server_monitoring: 1, server_monitoring_agg: 1, usr_preferences_types: 2): the upgraded database "
			"would drop the serweb columns of subscriber; set HAS_SERWEB=yes (or leave it unset), or use --force");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
}
END_TEST

START_TEST(has_serweb_no_with_force_leaves_serweb_tables)
{
	char rc[600];
	const char *argv[] = { "-c", rc, "-d", url, "upgrade", "--yes", "--force", NULL };

	make_db(FULL);
	snprintf(rc, sizeof(rc), "%s/openserctlrc", dir);
	om_test_write_file(rc, "HAS_SERWEB=no\n");
	ck_assert_int_eq(om_test_run(argv, NULL, NULL, NULL), 0);
	assert_query("SELECT count(*) FROM pragma_table_info('subscriber') WHERE name = 'phplib_id'", "0\n");
	assert_query("SELECT phplib_id FROM old11_subscriber WHERE username = 'alice'", "5d41402abc4b2a76b9719d911017c592\n");
	/* pending is left as the 1.1 table it was. */
	assert_query("SELECT count(*) FROM pragma_table_info('pending') WHERE name = 'domn'", "1\n");
	assert_query("SELECT table_version FROM version WHERE table_name = 'pending'", "4\n");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

START_TEST(has_serweb_unset_on_a_core_database_creates_none)
{
	char *out = NULL;

	make_db(CORE);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "HAS_SERWEB is not set: the database has no serweb tables, so none are created");
	free(out);
}
END_TEST

/* ---- STORE_PLAINTEXT_PW ----------------------------------------------------------------- */

static const char *const SERWEB_SCHEMA[] = { "sqlite-1.1-core.sql", "sqlite-1.1-serweb.sql", NULL };

/* A 1.1 serweb database holding the password cases (passwords.h). */
static void make_pw_db(void)
{
	char *ins = om_test_pw_sql(false, true);

	om_test_build_db(db, SERWEB_SCHEMA);
	om_test_sql(db, ins);
	om_test_copy_file(db, pristine);
	free(ins);
}

/* The cases of table in database path, checked. */
static void check_pw_rows(const char *path, const char *table, bool stripped)
{
	char *q = om_test_pw_select(table, "hex(%s)");
	char *rows = om_test_query(path, q);

	om_test_pw_check(rows, '|', stripped, !strcmp(table, "pending"));
	free(rows);
	free(q);
}

START_TEST(store_plaintext_pw_0_hashes_and_empties_passwords)
{
	char *out = NULL;

	make_pw_db();
	ck_assert_int_eq(run_with_rc("STORE_PLAINTEXT_PW=0\n", &out, NULL, "upgrade", "--yes"), 0);
	check_pw_rows(db, "subscriber", true);
	check_pw_rows(db, "pending", true);
	om_test_pw_check_report(out, true, "old11_");
	assert_contains(out, "    ha1: 2 values kept that differ from the computed one\n");
	assert_contains(out, "    password: 7 values emptied\n");
	/* The plaintext stays in the retained table until cleanup. */
	assert_query("SELECT count(*) FROM old11_subscriber WHERE password <> ''", "7\n");
	assert_query("SELECT options FROM openser_migrate_history",
		     "HAS_SERWEB=unset(yes) INSTALL_PRESENCE_TABLES=unset(no) INSTALL_EXTRA_TABLES=unset(no) "
		     "STORE_PLAINTEXT_PW=0\n");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	free(out);
}
END_TEST

START_TEST(store_plaintext_pw_1_or_unset_leaves_passwords)
{
	make_pw_db();
	ck_assert_int_eq(run_with_rc("STORE_PLAINTEXT_PW=1\n", NULL, NULL, "upgrade", "--yes"), 0);
	check_pw_rows(db, "subscriber", false);
	check_pw_rows(db, "pending", false);
	om_test_copy_file(pristine, db);
	ck_assert_int_eq(run_with_rc("# nothing\n", NULL, NULL, "upgrade", "--yes"), 0);
	check_pw_rows(db, "subscriber", false);
}
END_TEST

/* openserctl 1.2 stores the plaintext only for 1: any other value is refused rather than guessed. */
START_TEST(store_plaintext_pw_other_values_are_refused)
{
	static const char *const values[] = { "yes", "no", "2", "false", " 0" };
	char rc[600], *err = NULL;

	make_pw_db();
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		snprintf(rc, sizeof(rc), "STORE_PLAINTEXT_PW='%s'\n", values[i]);
		ck_assert_int_eq(run_with_rc(rc, NULL, &err, "upgrade", "--yes"), 2);
		snprintf(rc, sizeof(rc), "openserctlrc: STORE_PLAINTEXT_PW has the value \"%s\"; expected 1 or 0",
			 values[i]);
		assert_contains(err, rc);
		ck_assert(om_test_same_file(db, pristine));
		free(err);
		err = NULL;
	}
}
END_TEST

START_TEST(store_plaintext_pw_0_in_a_migrate)
{
	char newdb[512], rc[600], *out = NULL;

	make_pw_db();
	snprintf(newdb, sizeof(newdb), "%s/new.db", dir);
	snprintf(rc, sizeof(rc), "%s/openserctlrc", dir);
	om_test_write_file(rc, "STORE_PLAINTEXT_PW=0\n");
	ck_assert_int_eq(run(&out, NULL, "-c", rc, "migrate", db, newdb, NULL), 0);
	ck_assert(om_test_same_file(db, pristine));
	check_pw_rows(newdb, "subscriber", true);
	check_pw_rows(newdb, "pending", true);
	assert_contains(out, "subscriber.password: 7 values are emptied; they stay in the old database's subscriber");
	free(out);
}
END_TEST

/* Like ssh for a key: a file with the superuser's password that others may read is warned of. */
START_TEST(readable_dbrootpw_is_warned_of)
{
	char rc[600], *out = NULL, *err = NULL;

	make_db(CORE);
	snprintf(rc, sizeof(rc), "%s/openserctlrc", dir);
	om_test_write_file(rc, "DBROOTPW=s3cret\n");
	chmod(rc, 0644);
	ck_assert_int_eq(run(&out, &err, "-c", rc, "-d", url, "--json", "status", NULL), 7);
	assert_contains(err, "sets DBROOTPW and is readable by group and others (mode 0644)");
	assert_contains(out, "\"config_warnings\": [\"");
	assert_contains(out, "/openserctlrc sets DBROOTPW and is readable by group and others (mode 0644)");
	ck_assert_ptr_null(strstr(out, "s3cret"));
	ck_assert_ptr_null(strstr(err, "s3cret"));
	free(out);
	free(err);
	chmod(rc, 0640);
	ck_assert_int_eq(run(NULL, &err, "-c", rc, "-d", url, "--quiet", "status", NULL), 7);
	assert_contains(err, "is readable by its group (mode 0640)");
	free(err);
	chmod(rc, 0600);
	ck_assert_int_eq(run(&out, &err, "-c", rc, "-d", url, "--json", "status", NULL), 7);
	ck_assert_ptr_null(strstr(err, "DBROOTPW"));
	assert_contains(out, "\"config_warnings\": []");
	free(out);
	free(err);
	/* Without a password in it, any mode is fine. */
	om_test_write_file(rc, "DBROOTPW=\n");
	chmod(rc, 0644);
	ck_assert_int_eq(run(NULL, &err, "-c", rc, "-d", url, "status", NULL), 7);
	ck_assert_ptr_null(strstr(err, "DBROOTPW"));
	free(err);
}
END_TEST

/* ---- migrate OLD NEW --------------------------------------------------------------------- */

START_TEST(migrate_builds_new_and_leaves_old_identical)
{
	char newdb[512], *cat, *a, *b;

	make_db(FULL);
	snprintf(newdb, sizeof(newdb), "%s/new.db", dir);
	ck_assert_int_eq(run(NULL, NULL, "migrate", db, newdb, NULL), 0);
	ck_assert(om_test_same_file(db, pristine));
	{
		char *old_db = om_xstrdup(db);

		snprintf(db, sizeof(db), "%s", newdb);
		cat = om_test_catalog(db);
		om_test_golden("sqlite-1.2-serweb-migrated.catalog", cat);
		free(cat);
		a = om_test_query(db, "SELECT * FROM acc ORDER BY id");
		snprintf(db, sizeof(db), "%s", old_db);
		free(old_db);
	}
	/* The same values as an in-place upgrade. */
	ck_assert_int_eq(upgrade(), 0);
	b = om_test_query(db, "SELECT * FROM acc ORDER BY id");
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(migrate_refuses_an_existing_new_and_the_same_file)
{
	char *err = NULL;
	char other[600];

	make_db(FULL);
	snprintf(other, sizeof(other), "%s/other.db", dir);
	om_test_sql(other, "CREATE TABLE t (x)");
	ck_assert_int_eq(run(NULL, &err, "migrate", db, other, NULL), 3);
	assert_contains(err, "exists and is not a migrate of");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "migrate", db, db, NULL), 2);
	assert_contains(err, "OLD and NEW are the same database");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "migrate", db, NULL), 2);
	free(err);
}
END_TEST

START_TEST(migrate_killed_resumes_and_finishes)
{
	char newdb[512], *out = NULL, *cat;
	const char *env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=acc", NULL };
	const char *argv[] = { "migrate", db, newdb, NULL };

	make_db(FULL);
	snprintf(newdb, sizeof(newdb), "%s/new.db", dir);
	ck_assert_int_eq(run_env(env, NULL, NULL, argv), 128 + SIGKILL);
	ck_assert(om_test_same_file(db, pristine));
	ck_assert_int_eq(run(&out, NULL, "migrate", db, newdb, NULL), 0);
	assert_contains(out, "resuming the unfinished migrate #1");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "migrate", db, newdb, NULL), 0);
	assert_contains(out, "nothing to do");
	free(out);
	snprintf(db, sizeof(db), "%s", newdb);
	cat = om_test_catalog(db);
	om_test_golden("sqlite-1.2-serweb-migrated.catalog", cat);
	free(cat);
}
END_TEST

/* ---- rollback ------------------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Everything of database path but openser-migrate's own tables: each
 * schema object's SQL, each table's rows (sorted, every value quoted) and
 * its AUTOINCREMENT counter.
 */
static char *dump(const char *path)
{
	sqlite3 *h;
	sqlite3_stmt *st, *rows;
	struct strbuf sb = STRBUF_INIT;

	ck_assert(sqlite3_open(path, &h) == SQLITE_OK);
	ck_assert(sqlite3_prepare_v2(h, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE "
				     "'%openser_migrate%' AND name NOT LIKE 'sqlite_stat%' ORDER BY type, name", -1, &st,
				     NULL) == SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0), *name = (const char *)sqlite3_column_text(st, 1);
		struct om_strlist lines;
		char *q;

		strbuf_addf(&sb, "%s %s on %s: %s\n", type, name, sqlite3_column_text(st, 2),
			    sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3) : "");
		if (strcmp(type, "table"))
			continue;
		om_strlist_init(&lines);
		q = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
		ck_assert(sqlite3_prepare_v2(h, q, -1, &rows, NULL) == SQLITE_OK);
		sqlite3_free(q);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			struct strbuf row = STRBUF_INIT;

			for (int i = 0; i < sqlite3_column_count(rows); i++) {
				char *v = sqlite3_mprintf("%Q", (const char *)sqlite3_column_text(rows, i));

				strbuf_addf(&row, "%s%s:%d", i ? "," : "  ", v, sqlite3_column_type(rows, i));
				sqlite3_free(v);
			}
			om_strlist_add(&lines, row.buf);
			strbuf_release(&row);
		}
		sqlite3_finalize(rows);
		if (lines.n)
			qsort(lines.v, lines.n, sizeof(lines.v[0]), cmp_str);
		for (size_t i = 0; i < lines.n; i++)
			strbuf_addf(&sb, "%s\n", lines.v[i]);
		om_strlist_release(&lines);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return strbuf_detach(&sb);
}

static void assert_same_dump(const char *a_path, const char *b_path)
{
	char *a = dump(a_path), *b = dump(b_path);

	if (strcmp(a, b)) {
		size_t i = 0;

		while (a[i] && a[i] == b[i])
			i++;
		while (i && a[i - 1] != '\n')
			i--;
		ck_abort_msg("the databases differ from:\n%.600s\n---- vs ----\n%.600s", a + i, b + i);
	}
	free(a);
	free(b);
}

static int rollback(char **out, char **err)
{
	return run(out, err, "-d", url, "--yes", "rollback", NULL);
}

START_TEST(rollback_brings_back_exactly_the_1_1_database)
{
	make_db(_i ? FULL : CORE);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "save", "before", NULL), 0);
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "diff", "before", NULL), 5);
	ck_assert_int_eq(rollback(NULL, NULL), 0);
	/* The tool's own comparison, and an independent one. */
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "diff", "before", NULL), 0);
	assert_same_dump(db, pristine);
	assert_query("SELECT plan, command, status FROM openser_migrate_history ORDER BY id",
		     "1.1->1.2|upgrade|rolled back\n1.2->1.1|rollback|done\n");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	/* And up again. */
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

/* Rows OpenSER 1.2 wrote, changed and deleted come down in the 1.1 shape; the others exactly. */
START_TEST(rollback_carries_what_openser_1_2_wrote)
{
	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	om_test_sql(db,
		    "INSERT INTO acc (method, from_tag, to_tag, callid, sip_code, sip_reason, time, src_user) "
		    "VALUES ('BYE', 'ft', 'tt', 'call-9', '200', 'OK', '2007-04-01 10:00:00', 'alice');"
		    "INSERT INTO missed_calls (method, callid, sip_code, sip_reason, time) "
		    "VALUES ('INVITE', 'call-10', '', 'no answer', '2007-04-01 11:00:00');"
		    "UPDATE acc SET sip_reason = 'Ringing' WHERE id = 2;"
		    "UPDATE location SET contact = 'sip:alice@198.51.100.7', q = 0.9 WHERE username = 'alice';"
		    "INSERT INTO location (username, domain, contact, expires, q, callid, cseq, last_modified) "
		    "VALUES ('zoe', '', 'sip:zoe@198.51.100.8', '2020-01-01 00:00:00', 1.0, 'c', 1, '2007-04-01 00:00:00');"
		    "DELETE FROM subscriber WHERE username = 'bob';"
		    "UPDATE subscriber SET password = 'newpw' WHERE username = 'alice';"
		    "INSERT INTO silo (src_addr, dst_addr, username, domain, inc_time, exp_time, body) "
		    "VALUES ('sip:a@x', 'sip:b@x', 'b', 'x', 1, 2, 'hello');");
	ck_assert_int_eq(rollback(NULL, NULL), 0);
	/* New rows, in the 1.1 shape; the 1.1 columns 1.2 lacks at their defaults. */
	assert_query("SELECT sip_method, fromtag, totag, sip_status, from_uri FROM acc WHERE sip_callid = 'call-9'",
		     "BYE|ft|tt|200 OK|\n");
	assert_query("SELECT sip_status FROM missed_calls WHERE sip_callid = 'call-10'", "no answer\n");
	/* A changed row keeps from its retained row what 1.2 has no column for (from_uri). */
	assert_query("SELECT sip_status, from_uri FROM acc WHERE sip_callid = 'call-2@example.com'",
		     "Ringing|sip:carol:secret@voip.example.org:5060\n");
	/* An unchanged row comes back whole, a value the upgrade cut included. */
	assert_query("SELECT sip_status FROM acc WHERE sip_callid = 'call-3@example.com'",
		     "603 Decline because the callee is away for the weekend\n");
	assert_query("SELECT username, contact, q FROM location ORDER BY username",
		     "alice|sip:alice@198.51.100.7|0.9\nbob|sip:bob@192.0.2.11|1.0\nzoe|sip:zoe@198.51.100.8|1.0\n");
	assert_query("SELECT username, password, domn, uuid FROM subscriber ORDER BY username", "alice|newpw|7|u-alice\n");
	assert_query("SELECT count(*), max(mid) > 2 FROM silo", "3|1\n");
	assert_query("SELECT table_version FROM version WHERE table_name = 'acc'", "2\n");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
}
END_TEST

/* Without serweb 1.2 has no phplib_id: subscribers added since get unique ones, a changed one keeps its own. */
START_TEST(rollback_gives_new_subscribers_a_phplib_id)
{
	make_db(CORE);
	ck_assert_int_eq(upgrade(), 0);
	om_test_sql(db, "INSERT INTO subscriber (username, domain, password) VALUES ('x1', 'example.com', 'a');"
			"INSERT INTO subscriber (username, domain, password) VALUES ('x2', 'example.com', 'b');"
			"UPDATE subscriber SET email_address = 'alice@new' WHERE username = 'alice'");
	ck_assert_int_eq(rollback(NULL, NULL), 0);
	assert_query("SELECT username, phplib_id, email_address FROM subscriber ORDER BY username",
		     "alice|5d41402abc4b2a76b9719d911017c592|alice@new\n"
		     "bob|7d793037a0760186574b0282f2f435e7|bob@example.com\n"
		     "x1|d6a2fff98adc3bc7a3e842e485f2fc18|\n"
		     "x2|130453933d8564a3048837554937b7e7|\n");
}
END_TEST

START_TEST(rollback_after_cleanup_is_refused_unless_forced)
{
	char *err = NULL, *out = NULL;

	make_db(CORE);
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "cleanup", NULL), 0);
	om_test_copy_file(db, pristine);
	ck_assert_int_eq(rollback(NULL, &err), 3);
	assert_contains(err, "the retained old tables are gone (`cleanup` dropped them), nothing was changed");
	assert_contains(err, "these columns would get their defaults: subscriber.phone, ");
	assert_contains(err, "acc.from_uri");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
	/* --force: the rollback map alone; every row is there, what 1.2 has no column for at its default. */
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "--force", "rollback", NULL), 0);
	assert_contains(out, "rolled back without the retained tables (--force): these columns have their defaults:");
	assert_query("SELECT count(*), count(DISTINCT phplib_id) FROM subscriber", "2|2\n");
	assert_query("SELECT sip_status, from_uri FROM acc WHERE sip_callid = 'call-1@example.com'", "200|\n");
	assert_query("SELECT count(*) FROM version WHERE table_name IN ('address', 'pdt')", "0\n");
	assert_query("SELECT plan, command, status FROM openser_migrate_history ORDER BY id",
		     "1.1->1.2|upgrade|done\n1.2->1.1|rollback|done\n");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	free(out);
}
END_TEST

START_TEST(rollback_without_an_upgrade_is_refused)
{
	char *err = NULL;

	make_db(CORE);
	ck_assert_int_eq(rollback(NULL, &err), 3);
	assert_contains(err, "there is no upgrade to roll back");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
}
END_TEST

static const char *const rollback_kill_points[] = { "subscriber", "acc", "gw", "address", "version", "history",
						    "commit" };

/* A rollback killed anywhere leaves the database entirely 1.2; the next one finishes. */
START_TEST(killed_rollback_leaves_the_upgraded_database)
{
	char env0[100], upgraded[600];
	const char *env[] = { env0, NULL };
	const char *argv[] = { "-d", url, "--yes", "rollback", NULL };

	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	snprintf(upgraded, sizeof(upgraded), "%s/upgraded.db", dir);
	om_test_copy_file(db, upgraded);
	snprintf(env0, sizeof(env0), "OPENSER_MIGRATE_TEST_KILL_AT=%s", rollback_kill_points[_i]);
	ck_assert_int_eq(run_env(env, NULL, NULL, argv), 128 + SIGKILL);
	free(om_test_query(db, "SELECT count(*) FROM sqlite_master"));
	ck_assert_msg(om_test_same_file(db, upgraded), "killed at %s: the file changed", rollback_kill_points[_i]);
	ck_assert_int_eq(rollback(NULL, NULL), 0);
	assert_same_dump(db, pristine);
}
END_TEST

/* STORE_PLAINTEXT_PW=0 emptied the passwords: the rollback brings them back from the retained table. */
START_TEST(rollback_brings_back_emptied_passwords)
{
	char *ins = om_test_pw_sql(false, true);

	om_test_build_db(db, SERWEB_SCHEMA);
	om_test_sql(db, ins);
	om_test_copy_file(db, pristine);
	ck_assert_int_eq(run_with_rc("STORE_PLAINTEXT_PW=0\n", NULL, NULL, "upgrade", "--yes"), 0);
	assert_query("SELECT count(*) FROM subscriber WHERE password <> ''", "0\n");
	ck_assert_int_eq(rollback(NULL, NULL), 0);
	assert_same_dump(db, pristine);
	free(ins);
}
END_TEST

/* ---- crash safety ------------------------------------------------------------------------- */

static const char *const kill_points[] = { "history", "subscriber", "acc", "gw", "pdt", "pending", "version", "commit" };

START_TEST(killed_upgrade_leaves_the_database_as_before)
{
	char env0[100], *cat;
	const char *env[] = { env0, NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db(FULL);
	snprintf(env0, sizeof(env0), "OPENSER_MIGRATE_TEST_KILL_AT=%s", kill_points[_i]);
	ck_assert_int_eq(run_env(env, NULL, NULL, argv), 128 + SIGKILL);
	/* The next opener rolls the hot journal back: the bytes are the old ones. */
	free(om_test_query(db, "SELECT count(*) FROM sqlite_master"));
	ck_assert_msg(om_test_same_file(db, pristine), "killed at %s: the file changed", kill_points[_i]);
	ck_assert_int_eq(upgrade(), 0);
	cat = om_test_catalog(db);
	om_test_golden("sqlite-1.2-serweb.catalog", cat);
	free(cat);
}
END_TEST

START_TEST(interrupted_upgrade_exits_6_and_changes_nothing)
{
	char *err = NULL;
	const char *env[] = { "OPENSER_MIGRATE_TEST_INTERRUPT_AT=acc", NULL };
	const char *argv[] = { "-d", url, "--yes", "upgrade", NULL };

	make_db(FULL);
	ck_assert_int_eq(run_env(env, NULL, &err, argv), 6);
	assert_contains(err, "interrupted; nothing was changed, run the command again to do it");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
	ck_assert_int_eq(upgrade(), 0);
}
END_TEST

START_TEST(failed_upgrade_exits_1_and_changes_nothing)
{
	char *err = NULL;

	make_db(FULL);
	/* A trigger of the user's makes the version update fail near the end. */
	om_test_sql(db, "CREATE TRIGGER no_delete BEFORE DELETE ON version BEGIN SELECT RAISE(ABORT, 'version rows are frozen'); END");
	om_test_copy_file(db, pristine);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 1);
	assert_contains(err, "version rows are frozen");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
}
END_TEST

/* ---- refusals and other exit codes -------------------------------------------------------- */

START_TEST(upgrade_without_yes_and_terminal_is_refused)
{
	char *err = NULL;

	make_db(FULL);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "upgrade", NULL), 3);
	assert_contains(err, "not confirmed, nothing was changed (use --yes to upgrade without a question)");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
}
END_TEST

START_TEST(invalid_gateway_address_is_refused_unless_forced)
{
	char *err = NULL;

	make_db(FULL);
	om_test_sql(db, "UPDATE gw SET ip_addr = 0 WHERE gw_name = 'pstn-gw'");
	om_test_copy_file(db, pristine);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 3);
	assert_contains(err, "gw.ip_addr: 1 value of gw.ip_addr is not a gateway address (an integer from 1 to "
			"4294967295); e.g. \"pstn-gw\": \"0\"");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "--force", "upgrade", NULL), 0);
	assert_query("SELECT gw_name, ip_addr FROM gw ORDER BY id", "local-gw|127.0.0.1\npstn-gw|0.0.0.0\n");
}
END_TEST

/*
 * ip_to_le_int's pre-check, through a copy of the plans whose gw map reads
 * gw_name as a dotted quad (no shipped map uses the function yet): the
 * valid quad becomes its integer, an invalid one is refused with what a
 * valid one is, and with --force its NULL fails the insert into the NOT
 * NULL column, so nothing changes.
 */
START_TEST(invalid_dotted_quad_is_refused_and_forced_fails_the_insert)
{
	char plans[600], cmd[2000], *err = NULL;

	make_db(FULL);
	om_test_sql(db, "UPDATE gw SET gw_name = '1.2.3.4' WHERE gw_name = 'local-gw'");
	om_test_copy_file(db, pristine);
	snprintf(plans, sizeof(plans), "%s/plans", dir);
	snprintf(cmd, sizeof(cmd), "cp -r '%s/plans' '%s' && sed -i 's/ip_addr = ip_from_le_int(ip_addr)/"
		 "ip_addr = ip_to_le_int(gw_name)/' '%s/1.1-1.2.map' && grep -q ip_to_le_int '%s/1.1-1.2.map'",
		 OM_TEST_SRCDIR, dir, plans, plans);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--plans", plans, "--yes", "upgrade", NULL), 3);
	assert_contains(err, "gw.ip_addr: 1 value of gw_name is not a dotted quad a.b.c.d (four octets from 0 to "
			"255, without leading zeros, not 0.0.0.0); e.g. \"pstn-gw\": \"pstn-gw\"");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
	err = NULL;
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--plans", plans, "--yes", "--force", "upgrade", NULL), 1);
	assert_contains(err, "gw.ip_addr: 1 invalid value becomes NULL (--force), which a NOT NULL column refuses; "
			"e.g. \"pstn-gw\": \"pstn-gw\"");
	assert_contains(err, "NOT NULL constraint failed: gw.ip_addr");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
	err = NULL;
	om_test_sql(db, "UPDATE gw SET gw_name = '0.0.0.1' WHERE gw_name = 'pstn-gw'");
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--plans", plans, "--yes", "upgrade", NULL), 0);
	assert_query("SELECT gw_name, ip_addr, typeof(ip_addr) FROM gw ORDER BY gw_name",
		     "0.0.0.1|16777216|text\n1.2.3.4|67305985|text\n");
	free(err);
}
END_TEST

START_TEST(locked_database_exits_4)
{
	sqlite3 *h;
	char *err = NULL;

	make_db(FULL);
	ck_assert(sqlite3_open(db, &h) == SQLITE_OK);
	ck_assert(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "--lock-timeout", "1", "upgrade", NULL), 4);
	assert_contains(err, "is locked by another process (waited 1 s; see --lock-timeout)");
	free(err);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	ck_assert(om_test_same_file(db, pristine));
}
END_TEST

START_TEST(drifted_schema_exits_5)
{
	char *err = NULL, *out = NULL;

	make_db(FULL);
	/* A column the upgrade reads is gone: it cannot be carried out (an extra column would be kept). */
	om_test_sql(db, "ALTER TABLE acc DROP COLUMN sip_status");
	om_test_copy_file(db, pristine);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 5);
	assert_contains(err, "cannot carry (nothing was changed):\n  table \"acc\": missing column \"sip_status\": "
			"the upgrade reads it");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 5);
	assert_contains(out, "version:   unknown; nearest is OpenSER 1.1, with 1 difference:");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
	free(out);
}
END_TEST

START_TEST(not_an_openser_database_exits_5)
{
	char *err = NULL;

	om_test_sql(db, "CREATE TABLE foo (x)");
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 5);
	assert_contains(err, "no OpenSER tables found: this is not an OpenSER database");
	free(err);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "status", NULL), 5);
}
END_TEST

START_TEST(edited_plan_is_refused)
{
	char plans[600], cmd[2000], *err = NULL;

	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	snprintf(plans, sizeof(plans), "%s/plans", dir);
	snprintf(cmd, sizeof(cmd), "cp -r '%s/plans' '%s' && echo '# edited' >> '%s/1.2.schema'", OM_TEST_SRCDIR, dir, plans);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--plans", plans, "verify", NULL), 5);
	assert_contains(err, "plan 1.1->1.2 was applied (run #1) with checksum ");
	assert_contains(err, "a plan file was edited after it was applied");
	free(err);
}
END_TEST

START_TEST(usage_errors_exit_2)
{
	char *err = NULL;

	ck_assert_int_eq(run(NULL, &err, "frobnicate", NULL), 2);
	assert_contains(err, "unknown command \"frobnicate\"");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "--bogus", "status", NULL), 2);
	assert_contains(err, "unknown option \"--bogus\"");
	free(err);
	ck_assert_int_eq(run(NULL, &err, NULL), 2);
	assert_contains(err, "no command given");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", "mysql://root:s3cret@localhost/openser", "status", NULL), 2);
	ck_assert_ptr_null(strstr(err, "s3cret"));
	assert_contains(err, "password");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "status", NULL), 2);
	assert_contains(err, "cannot open database");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--to", "9.9", "plan", NULL), 2);
	free(err);
	ck_assert_int_eq(run(NULL, &err, "--lock-timeout", "soon", "status", NULL), 2);
	assert_contains(err, "--lock-timeout \"soon\" is not a number");
	free(err);
}
END_TEST

START_TEST(no_configuration_exits_2_naming_the_places)
{
	char *err = NULL;
	const char *env[] = { "OPENSER_MIGRATE_RC_PATH=/nonexistent/a/openserctlrc:/nonexistent/b/openserctlrc", NULL };
	const char *argv[] = { "status", NULL };

	ck_assert_int_eq(run_env(env, NULL, &err, argv), 2);
	assert_contains(err, "no database: give -d URL, or set DBENGINE in openserctlrc (searched: "
			"/nonexistent/a/openserctlrc, /nonexistent/b/openserctlrc)");
	free(err);
}
END_TEST

START_TEST(openserctlrc_names_the_sqlite_database)
{
	char rc[600], text[1200], *err = NULL;
	const char *argv[] = { "-c", rc, "status", NULL };

	make_db(FULL);
	snprintf(rc, sizeof(rc), "%s/openserctlrc", dir);
	snprintf(text, sizeof(text), "# test\nDBENGINE=SQLITE\nDB_PATH=\"%s\"\n", db);
	om_test_write_file(rc, text);
	ck_assert_int_eq(om_test_run(argv, NULL, NULL, NULL), 7);
	om_test_write_file(rc, "DBENGINE=SQLITE\nDB_PATH=$(echo x)\n");
	ck_assert_int_eq(om_test_run(argv, NULL, NULL, &err), 2);
	assert_contains(err, ":2: command substitution is not supported");
	free(err);
}
END_TEST

START_TEST(downgrade_is_a_usage_error)
{
	char *err = NULL;

	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--to", "1.1", "--yes", "upgrade", NULL), 2);
	assert_contains(err, "the database is at 1.2: going back to 1.1 is not an upgrade");
	free(err);
}
END_TEST

START_TEST(upstream_1_2_0_database_is_brought_to_the_target)
{
	char *out = NULL, *cat;

	make_db(FULL);
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "cleanup", NULL), 0);
	/* What the 1.2.0 scripts would have made: acc without the extra columns. */
	om_test_sql(db, "ALTER TABLE acc DROP COLUMN src_user; ALTER TABLE acc DROP COLUMN src_domain;"
			"ALTER TABLE acc DROP COLUMN dst_user; ALTER TABLE acc DROP COLUMN dst_domain;"
			"ALTER TABLE missed_calls DROP COLUMN src_user; ALTER TABLE missed_calls DROP COLUMN src_domain;"
			"ALTER TABLE missed_calls DROP COLUMN dst_user; ALTER TABLE missed_calls DROP COLUMN dst_domain");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "version:   OpenSER 1.2.0 (exact match)");
	assert_contains(out, "pending:   upgrade 1.2.0 -> 1.2");
	free(out);
	ck_assert_int_eq(upgrade(), 0);
	cat = om_test_catalog(db);
	om_test_golden("sqlite-1.2-serweb.catalog", cat);
	free(cat);
	assert_query("SELECT id, sip_code, sip_reason, src_user, dst_domain FROM acc ORDER BY id LIMIT 2",
		     "1|200|||\n2||call to voicemail||\n");
	assert_query("SELECT count(*) FROM old120_acc", "4\n");
}
END_TEST


/* The first line of text, as a malloc'd string. */
static char *first_line(const char *text)
{
	size_t n = strcspn(text, "\n");
	char *l = malloc(n + 1);

	memcpy(l, text, n);
	l[n] = '\0';
	return l;
}

START_TEST(failed_statement_is_quoted_on_one_line)
{
	char *err = NULL, *line;

	make_db(FULL);
	/* A user's index takes the name the new pdt table needs (names are global in SQLite). */
	om_test_sql(db, "CREATE TABLE mine (x); CREATE INDEX pdt ON mine (x)");
	om_test_copy_file(db, pristine);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 1);
	line = first_line(om_test_strip_log(err));
	assert_contains(line, "statement failed (CREATE TABLE \"pdt\" ( \"id\" INTEGER NOT NULL PRIMARY KEY "
			"AUTOINCREMENT, \"sdomain\"");
	assert_contains(line, "there is already an index named pdt");
	ck_assert(om_test_same_file(db, pristine));
	free(line);
	free(err);
}
END_TEST

/* A child that holds an EXCLUSIVE lock on the database for `seconds`. */
static pid_t hold_exclusive(double seconds)
{
	pid_t pid = fork();

	ck_assert(pid >= 0);
	if (pid == 0) {
		sqlite3 *h;

		if (sqlite3_open(db, &h) != SQLITE_OK || sqlite3_exec(h, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		usleep((useconds_t)(seconds * 1e6));
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(h);
		_exit(0);
	}
	usleep(300000);
	return pid;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

START_TEST(lock_timeout_waits_for_an_exclusive_holder)
{
	struct timespec t0;
	char *err = NULL;
	pid_t pid;
	int status;

	make_db(FULL);
	/* Held longer than we wait: exit 4 after the wait, not at once. */
	pid = hold_exclusive(3);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--lock-timeout", "1", "status", NULL), 4);
	ck_assert_msg(seconds_since(&t0) > 0.9, "status gave up after %.2f s", seconds_since(&t0));
	assert_contains(err, "is locked by another process (waited 1 s; see --lock-timeout)");
	free(err);
	waitpid(pid, &status, 0);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* Held shorter than we wait: the upgrade waits, then runs. */
	pid = hold_exclusive(1.5);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--lock-timeout", "20", "--yes", "upgrade", NULL), 0);
	ck_assert_msg(seconds_since(&t0) > 1.0, "the upgrade did not wait (%.2f s)", seconds_since(&t0));
	waitpid(pid, &status, 0);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

/* ---- interrupts and concurrent runs -------------------------------------------------------- */

/*
 * An upgrade that starts while status reads (between its catalog and its
 * pre-checks) cannot commit until status has read everything: status reads
 * one state, the 1.1 it began with, never the catalog of 1.1 and the
 * tables of 1.2 (a read in autocommit statements let a commit land between
 * two of them).
 */
START_TEST(upgrade_cannot_commit_while_status_reads)
{
	make_db(FULL);
	om_test_check_upgrade_inside_status(url, "statement failed (COMMIT): database is locked");
	ck_assert(om_test_same_file(db, pristine));
	ck_assert_int_eq(upgrade(), 0);
}
END_TEST

/*
 * SIGTERM while migrate opens OLD (its ATTACH waits for a lock here, so
 * that the signal lands in it): exit 6, an interrupt, never "cannot open
 * the old database" (exit 2).
 */
START_TEST(interrupt_while_migrate_opens_old_exits_6)
{
	struct om_test_child c;
	char newdb[700], *err = NULL;
	const char *argv[] = { "--lock-timeout", "20", "migrate", db, newdb, NULL };
	sqlite3 *h;

	make_db(FULL);
	snprintf(newdb, sizeof(newdb), "%s/new.db", dir);
	ck_assert(sqlite3_open(db, &h) == SQLITE_OK);
	ck_assert(sqlite3_exec(h, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_OK);
	om_test_start(&c, argv, NULL);
	usleep(1000000);
	kill(c.pid, SIGTERM);
	usleep(200000);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	ck_assert_int_eq(om_test_finish(&c, 60, NULL, &err), 6);
	assert_contains(err, "interrupted; nothing was changed, run the command again to do it");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
}
END_TEST

/*
 * SIGTERM again and again from a moment of the run to its end, at moments
 * spread over a whole uninterrupted run: the tool stops with exit 6 (or
 * ends, or dies of the signal before it handles any), whatever it was
 * doing.  Never a crash (a handler interrupting the connection being
 * closed at exit), never a usage, schema or verification error made of a
 * read the signal cut short (exit 2, 5, 1).
 */
static void signal_storm(const char *what, const char *const *argv, const char *newdb)
{
	struct om_test_child c;
	struct timespec t0;
	char journal[800];
	double whole;
	int rc;

	snprintf(journal, sizeof(journal), "%s-journal", newdb);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(om_test_run(argv, NULL, NULL, NULL), 0);
	whole = seconds_since(&t0);
	for (int i = 0; i < 40; i++) {
		char *err = NULL;

		om_test_copy_file(pristine, db);
		unlink(newdb);
		unlink(journal);
		om_test_start(&c, argv, NULL);
		usleep((useconds_t)(whole * 1e6 * i / 40));
		/*
		 * A signal every 20 us, so that the tool runs between them: many
		 * land in each thing it does, its end included.  Only until it is
		 * reaped: a reaped child's pid may be another process's.
		 */
		while (!om_test_ended(&c)) {
			kill(c.pid, SIGTERM);
			usleep(20);
		}
		rc = om_test_finish(&c, 60, NULL, &err);
		ck_assert_msg(rc == 0 || rc == 6 || rc == 128 + SIGTERM, "%s, SIGTERM from %.1f ms on: exit %d: %s", what,
			      whole * 1000 * i / 40, rc, err);
		free(err);
	}
}

START_TEST(sigterm_at_any_moment_exits_6_never_crashes)
{
	char newdb[700];
	const char *up[] = { "-d", url, "--yes", "upgrade", NULL };
	const char *mig[] = { "migrate", db, newdb, NULL };

	make_db(FULL);
	snprintf(newdb, sizeof(newdb), "%s/new.db", dir);
	signal_storm("upgrade", up, newdb);
	signal_storm("migrate", mig, newdb);
}
END_TEST

START_TEST(bad_configuration_is_one_printable_line)
{
	char rc[700], *err = NULL;
	struct timespec t0;

	snprintf(rc, sizeof(rc), "%s/bin.rc", dir);
	om_test_write_file(rc, "DBENGINE=SQLITE\n\x01\xff\xfe" "abc\n");
	ck_assert_int_eq(run(NULL, &err, "-c", rc, "status", NULL), 2);
	assert_contains(err, ":2: \"\\x01\\xFF\\xFEabc\" is not an assignment");
	ck_assert_int_eq((int)strcspn(err, "\n"), (int)strlen(err) - 1);
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", "mysql://root@local\nhost/x", "status", NULL), 2);
	assert_contains(err, "invalid database URL \"mysql://root@local host/x\": it holds a control character");
	ck_assert_int_eq((int)strcspn(err, "\n"), (int)strlen(err) - 1);
	free(err);
	/* An endless file is not read to its end. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(run(NULL, &err, "-c", "/dev/zero", "status", NULL), 2);
	assert_contains(err, "\"/dev/zero\" is larger than 1024 KiB: not an openserctlrc");
	ck_assert(seconds_since(&t0) < 5);
	free(err);
}
END_TEST

START_TEST(migrate_into_an_empty_file_says_so)
{
	char newdb[700], *out = NULL;

	make_db(FULL);
	snprintf(newdb, sizeof(newdb), "%s/new.db", dir);
	om_test_write_file(newdb, "");
	ck_assert_int_eq(run(&out, NULL, "migrate", db, newdb, NULL), 0);
	assert_contains(out, "exists and is empty: it is used as NEW");
	free(out);
}
END_TEST

/* ---- databases that are not pristine ------------------------------------------------------ */

START_TEST(lived_in_database_keeps_what_operators_added)
{
	char *out = NULL, *cat;

	make_db(FULL);
	/* What DBAs and provisioning systems do to a 1.1 database. */
	om_test_sql(db, "CREATE INDEX acc_time ON acc (time);"
			"ALTER TABLE subscriber ADD COLUMN email_verified integer NOT NULL DEFAULT 0;"
			"UPDATE subscriber SET email_verified = 1 WHERE username = 'alice';"
			"DROP INDEX acc_user_indx;"
			"DROP TABLE phonebook;"
			"UPDATE version SET table_version = 4 WHERE table_name = 'subscriber'");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "version:   OpenSER 1.1, with 5 differences:\n"
			"  kept (carried into OpenSER 1.2 as they are):\n"
			"    table \"subscriber\": unexpected column \"email_verified\"\n"
			"    table \"acc\": unexpected index \"acc_time\" (time)\n"
			"  absorbed (OpenSER 1.2 builds its own; nothing to keep):\n"
			"    table \"acc\": missing index \"acc_user_indx\" (username, domain)\n"
			"    missing table \"phonebook\"\n"
			"    version row of \"subscriber\" is 4, expected 5\n");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "kept (carried as they are):");
	free(out);
	/* Every kept element with its data; every row carried. */
	assert_query("SELECT username, email_verified FROM subscriber ORDER BY username", "alice|1\nbob|0\n");
	assert_query("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'acc_time' AND tbl_name = 'acc'",
		     "1\n");
	assert_query("SELECT count(*) FROM acc", "4\n");
	assert_query("SELECT count(*) FROM phonebook", "0\n");
	assert_query("SELECT table_version FROM version WHERE table_name = 'subscriber'", "6\n");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "verify", NULL), 0);
	assert_contains(out, "matches OpenSER 1.2, with the 2 differences an upgrade kept");
	free(out);
	/* Otherwise the 1.2 target exactly. */
	om_test_sql(db, "DROP INDEX acc_time; ALTER TABLE subscriber DROP COLUMN email_verified");
	cat = om_test_catalog(db);
	om_test_golden("sqlite-1.2-serweb.catalog", cat);
	free(cat);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	/* A difference no upgrade kept is drift. */
	om_test_sql(db, "CREATE INDEX later ON acc (sip_code)");
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 5);
}
END_TEST


/* Each kind of drift alone: status says pending, the upgrade runs, verify accepts what it kept. */
static const char *const one_drift[] = {
	"CREATE INDEX acc_time ON acc (time)",
	"ALTER TABLE subscriber ADD COLUMN email_verified integer NOT NULL DEFAULT 0",
	"DROP INDEX sip_callid_indx",
	"DROP TABLE phonebook",
	"DROP TABLE sip_trace",
	"UPDATE version SET table_version = 4 WHERE table_name = 'subscriber'",
	"DELETE FROM version WHERE table_name = 'acc'",
	"CREATE INDEX gw_grp_later ON gw_grp (grp_name)",
	"ALTER TABLE gw_grp ADD COLUMN note text DEFAULT NULL",
};

START_TEST(each_kind_of_drift_alone_is_upgraded)
{
	char *out = NULL;

	make_db(FULL);
	om_test_sql(db, one_drift[_i]);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	free(out);
	ck_assert_msg(upgrade() == 0, "%s: the upgrade failed", one_drift[_i]);
	ck_assert_msg(run(&out, NULL, "-d", url, "verify", NULL) == 0, "%s: verify: %s", one_drift[_i], out);
	free(out);
	assert_query("SELECT count(*) FROM acc", "4\n");
}
END_TEST

START_TEST(half_way_table_is_refused)
{
	char *err = NULL;

	make_db(FULL);
	om_test_sql(db, "ALTER TABLE acc ADD COLUMN id integer");
	om_test_copy_file(db, pristine);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "--force", "upgrade", NULL), 5);
	assert_contains(err, "table \"acc\": unexpected column \"id\": it is a column of OpenSER 1.2: the table is "
			"half-way to it");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
}
END_TEST

START_TEST(missing_column_is_read_as_its_default_only_with_force)
{
	char *err = NULL, *out = NULL;

	make_db(FULL);
	om_test_sql(db, "ALTER TABLE acc DROP COLUMN fromtag");
	om_test_copy_file(db, pristine);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "upgrade", NULL), 5);
	assert_contains(err, "table \"acc\": missing column \"fromtag\": the upgrade reads it");
	ck_assert(om_test_same_file(db, pristine));
	free(err);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "--force", "upgrade", NULL), 0);
	assert_contains(out, "acc.from_tag: its source column acc.fromtag is missing; it gets its default (--force)");
	assert_query("SELECT count(*), sum(from_tag = '') FROM acc", "4|4\n");
	free(out);
}
END_TEST

START_TEST(hand_converted_database_is_recognised_as_1_1)
{
	static const char *const converted[] = { "sqlite-1.1-core-converted.sql", "rows-1.1-core.sql", NULL };
	char *out = NULL;

	make_db(converted);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "status", NULL), 7);
	assert_contains(out, "version:   OpenSER 1.1 (exact match)");
	free(out);
	ck_assert_int_eq(upgrade(), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "verify", NULL), 0);
	assert_query("SELECT count(*) FROM acc", "4\n");
}
END_TEST

/* ---- the scripts, byte for byte ------------------------------------------------------- */

START_TEST(plan_sql_is_the_golden_text)
{
	char *sql;

	make_db(FULL);
	sql = om_test_script(url, NULL, NULL);
	om_test_golden("sqlite-upgrade-1.1-1.2.sql", sql);
	free(sql);
}
END_TEST

START_TEST(migrate_sql_is_the_golden_text)
{
	const char *const repl[] = { dir, "DIR", NULL };
	char newdb[700], *sql;

	make_db(FULL);
	snprintf(newdb, sizeof(newdb), "%s/new.db", dir);
	sql = om_test_script(url, newdb, repl);
	om_test_golden("sqlite-migrate-1.1-1.2.sql", sql);
	free(sql);
}
END_TEST

/* ---- snapshots ---------------------------------------------------------------------------- */

/* Everything of the database at path: its schema (every object's SQL) and every table's rows by rowid, the marker aside. */
static char *snap_dump(const char *path)
{
	char *names = om_test_query(path, "SELECT name FROM sqlite_master WHERE type = 'table' "
					  "AND name <> 'openser_migrate_snapshot' ORDER BY name");
	char *schema = om_test_query(path, "SELECT type, name, tbl_name, sql FROM sqlite_master "
					   "WHERE name <> 'openser_migrate_snapshot' ORDER BY name");
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, schema);
	for (char *p = names, *nl; *p; p = nl + 1) {
		char q[300], *rows;

		nl = strchr(p, '\n');
		*nl = '\0';
		snprintf(q, sizeof(q), "SELECT * FROM \"%s\" ORDER BY rowid", p);
		rows = om_test_query(path, q);
		strbuf_addf(&sb, "== %s\n%s", p, rows);
		free(rows);
	}
	free(names);
	free(schema);
	return strbuf_detach(&sb);
}

START_TEST(snapshot_save_upgrade_restore_is_identical)
{
	char snap[700], *out = NULL, *before, *a;

	make_db(FULL);
	snprintf(snap, sizeof(snap), "%s.snapshot-s1", db);
	before = snap_dump(db);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "save", "s1", NULL), 0);
	assert_contains(out, "method: backup (SQLite's online backup API");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "upgrade", NULL), 0);
	assert_contains(out, "snapshot \"before-upgrade-");
	free(out);
	om_test_sql(db, "INSERT INTO acc (method, time) VALUES ('BYE', '2007-04-01 10:00:00')");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "list", NULL), 0);
	assert_contains(out, "s1\n  taken ");
	assert_contains(out, ", OpenSER 1.1\n  file: ");
	assert_contains(out, snap);
	assert_contains(out, "before-upgrade-");
	free(out);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "restore", "s1", NULL), 3);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--yes", "snapshot", "restore", "s1", NULL), 0);
	assert_contains(out, "backup API in one step: atomic");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "diff", "s1", NULL), 0);
	assert_contains(out, "equals snapshot \"s1\"");
	free(out);
	/* Independently: every object's SQL and every row, the snapshot's and the database's before. */
	a = snap_dump(db);
	ck_assert_str_eq(a, before);
	free(a);
	a = snap_dump(snap);
	ck_assert_str_eq(a, before);
	free(a);
	free(before);
}
END_TEST

START_TEST(snapshot_diff_finds_each_change)
{
	char *out = NULL;

	make_db(FULL);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "save", "s1", NULL), 0);
	om_test_sql(db, "UPDATE subscriber SET rpid = 'changed' WHERE username = 'alice';"
			"INSERT INTO grp (username, domain, grp) VALUES ('zed', 'example.com', 'x');"
			"DROP INDEX sip_callid_indx; CREATE TABLE extra (a int); DROP TABLE speed_dial");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "diff", "s1", NULL), 5);
	assert_contains(out, "changed: username=alice, domain=example.com");
	assert_contains(out, "only in the live database: username=zed, domain=example.com, grp=x");
	assert_contains(out, "catalog: table \"acc\": missing index \"sip_callid_indx\" (sip_callid)");
	assert_contains(out, "catalog: unexpected table \"extra\"");
	assert_contains(out, "catalog: missing table \"speed_dial\"");
	free(out);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--json", "snapshot", "diff", "s1", NULL), 5);
	assert_contains(out, "\"identical\": false");
	assert_contains(out, "\"examples\": [\"changed: username=alice, domain=example.com\"]");
	free(out);
	/* A changed column type. */
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "snapshot", "restore", "s1", NULL), 0);
	om_test_sql(db, "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, '\"domain\" varchar(128)', "
			"'\"domain\" varchar(200)') WHERE name = 'domain'; PRAGMA writable_schema = OFF");
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "diff", "s1", NULL), 5);
	assert_contains(out, "catalog: table \"domain\": column \"domain\" has type varchar(200), expected varchar(128)");
	free(out);
}
END_TEST

START_TEST(snapshot_killed_save_bad_names_and_drop)
{
	char path[700], *out = NULL, *err = NULL;
	const char *env[] = { "OPENSER_MIGRATE_TEST_KILL_AT=snapshot-copied", NULL };
	const char *argv[] = { "-d", url, "snapshot", "save", "k", NULL };

	make_db(FULL);
	om_test_copy_file(db, pristine);
	ck_assert_int_eq(run_env(env, NULL, NULL, argv), 128 + SIGKILL);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "snapshot", "list", NULL), 0);
	assert_contains(out, "no snapshots of ");
	assert_contains(out, ".snapshot-k.partial, left by an interrupted save of \"k\"");
	free(out);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "snapshot", "save", "k", NULL), 0);
	snprintf(path, sizeof(path), "%s.snapshot-k.partial", db);
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "save", "k", NULL), 3);
	assert_contains(err, "snapshot \"k\" exists (taken ");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "save", "-k", NULL), 2);
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "save", "k/../../x", NULL), 2);
	assert_contains(err, "snapshot name \"k/../../x\" is not a short safe word");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "snapshot", "restore", NULL), 2);
	assert_contains(err, "usage: openser-migrate snapshot save|diff|restore|drop NAME, or snapshot list");
	free(err);
	ck_assert_int_eq(run(NULL, &err, "-d", url, "--yes", "snapshot", "restore", "nope", NULL), 2);
	assert_contains(err, "no snapshot \"nope\" of sqlite:");
	free(err);
	ck_assert(om_test_same_file(db, pristine));
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "snapshot", "drop", "k", NULL), 0);
	snprintf(path, sizeof(path), "%s.snapshot-k", db);
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(run(NULL, NULL, "-d", url, "--yes", "--no-snapshot", "upgrade", NULL), 0);
	ck_assert_int_eq(run(&out, NULL, "-d", url, "--json", "snapshot", "list", NULL), 0);
	assert_contains(out, "\"snapshots\": [], \"incomplete\": []");
	free(out);
}
END_TEST

static Suite *sqlite_suite(void)
{
	Suite *s = suite_create("sqlite");
	TCase *tc;

	tc = tcase_create("snapshots");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, snapshot_save_upgrade_restore_is_identical);
	tcase_add_test(tc, snapshot_diff_finds_each_change);
	tcase_add_test(tc, snapshot_killed_save_bad_names_and_drop);
	suite_add_tcase(s, tc);

	tc = tcase_create("upgrade");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, upgrade_yields_the_exact_1_2_catalog);
	tcase_add_test(tc, upgrade_of_a_core_database_has_no_serweb_parts);
	tcase_add_test(tc, upgrade_writes_the_1_2_version_rows);
	tcase_add_test(tc, upgrade_splits_status_and_parses_uris_in_acc);
	tcase_add_test(tc, upgrade_splits_the_status_line_of_missed_calls);
	tcase_add_test(tc, upgrade_turns_gateway_integers_into_dotted_quads);
	tcase_add_test(tc, upgrade_keeps_message_preference_and_trace_ids);
	tcase_add_test(tc, upgrade_keeps_preference_and_trace_ids);
	tcase_add_test(tc, upgrade_gives_speed_dial_new_ids_in_key_order);
	tcase_add_test(tc, upgrade_carries_subscriber_with_serweb_columns);
	tcase_add_test(tc, upgrade_carries_location_and_aliases_whole);
	tcase_add_test(tc, upgrade_fills_pdt_from_pd_multidomain_and_keeps_it);
	tcase_add_test(tc, upgrade_carries_the_small_tables);
	tcase_add_test(tc, upgrade_retains_the_old_tables_whole);
	tcase_add_test(tc, upgrade_reports_rows_and_cut_values);
	tcase_add_test(tc, upgrade_reads_name_addr_tel_and_user_phone_uris);
	tcase_add_test(tc, unparsable_uris_are_counted_and_reported_not_refused);
	tcase_add_test(tc, uri_cut_at_a_nul_byte_of_a_blob_is_reported_as_cut);
	tcase_add_test(tc, second_upgrade_is_a_no_op);
	tcase_add_test(tc, plan_prints_the_sql_and_changes_nothing);
	tcase_add_test(tc, plan_sql_is_the_golden_text);
	tcase_add_test(tc, status_says_pending_then_up_to_date);
	tcase_add_test(tc, cleanup_drops_the_retained_tables);
	tcase_add_test(tc, json_report_has_the_counts);
	tcase_add_test(tc, upstream_1_2_0_database_is_brought_to_the_target);
	suite_add_tcase(s, tc);

	tc = tcase_create("serweb");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, has_serweb_yes_creates_the_serweb_parts);
	tcase_add_test(tc, has_serweb_no_with_serweb_rows_is_refused);
	tcase_add_test(tc, has_serweb_no_with_force_leaves_serweb_tables);
	tcase_add_test(tc, has_serweb_unset_on_a_core_database_creates_none);
	suite_add_tcase(s, tc);

	tc = tcase_create("passwords");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, store_plaintext_pw_0_hashes_and_empties_passwords);
	tcase_add_test(tc, store_plaintext_pw_1_or_unset_leaves_passwords);
	tcase_add_test(tc, store_plaintext_pw_other_values_are_refused);
	tcase_add_test(tc, store_plaintext_pw_0_in_a_migrate);
	tcase_add_test(tc, readable_dbrootpw_is_warned_of);
	suite_add_tcase(s, tc);

	tc = tcase_create("rollback");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, rollback_brings_back_exactly_the_1_1_database, 0, 2);
	tcase_add_test(tc, rollback_carries_what_openser_1_2_wrote);
	tcase_add_test(tc, rollback_gives_new_subscribers_a_phplib_id);
	tcase_add_test(tc, rollback_after_cleanup_is_refused_unless_forced);
	tcase_add_test(tc, rollback_without_an_upgrade_is_refused);
	tcase_add_loop_test(tc, killed_rollback_leaves_the_upgraded_database, 0,
			    (int)(sizeof(rollback_kill_points) / sizeof(rollback_kill_points[0])));
	tcase_add_test(tc, rollback_brings_back_emptied_passwords);
	suite_add_tcase(s, tc);

	tc = tcase_create("migrate");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, migrate_builds_new_and_leaves_old_identical);
	tcase_add_test(tc, migrate_refuses_an_existing_new_and_the_same_file);
	tcase_add_test(tc, migrate_killed_resumes_and_finishes);
	tcase_add_test(tc, migrate_sql_is_the_golden_text);
	tcase_add_test(tc, migrate_into_an_empty_file_says_so);
	suite_add_tcase(s, tc);

	tc = tcase_create("crash safety");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, killed_upgrade_leaves_the_database_as_before, 0,
			    (int)(sizeof(kill_points) / sizeof(kill_points[0])));
	tcase_add_test(tc, interrupted_upgrade_exits_6_and_changes_nothing);
	tcase_add_test(tc, failed_upgrade_exits_1_and_changes_nothing);
	tcase_add_test(tc, failed_statement_is_quoted_on_one_line);
	tcase_add_test(tc, lock_timeout_waits_for_an_exclusive_holder);
	tcase_add_test(tc, upgrade_cannot_commit_while_status_reads);
	tcase_add_test(tc, interrupt_while_migrate_opens_old_exits_6);
	tcase_add_test(tc, sigterm_at_any_moment_exits_6_never_crashes);
	suite_add_tcase(s, tc);

	tc = tcase_create("exit codes");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, upgrade_without_yes_and_terminal_is_refused);
	tcase_add_test(tc, invalid_gateway_address_is_refused_unless_forced);
	tcase_add_test(tc, invalid_dotted_quad_is_refused_and_forced_fails_the_insert);
	tcase_add_test(tc, locked_database_exits_4);
	tcase_add_test(tc, drifted_schema_exits_5);
	tcase_add_test(tc, not_an_openser_database_exits_5);
	tcase_add_test(tc, edited_plan_is_refused);
	tcase_add_test(tc, usage_errors_exit_2);
	tcase_add_test(tc, bad_configuration_is_one_printable_line);
	tcase_add_test(tc, no_configuration_exits_2_naming_the_places);
	tcase_add_test(tc, openserctlrc_names_the_sqlite_database);
	tcase_add_test(tc, downgrade_is_a_usage_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("lived-in databases");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, lived_in_database_keeps_what_operators_added);
	tcase_add_loop_test(tc, each_kind_of_drift_alone_is_upgraded, 0, (int)(sizeof(one_drift) / sizeof(one_drift[0])));
	tcase_add_test(tc, half_way_table_is_refused);
	tcase_add_test(tc, missing_column_is_read_as_its_default_only_with_force);
	tcase_add_test(tc, hand_converted_database_is_recognised_as_1_1);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return om_test_main(sqlite_suite());
}
