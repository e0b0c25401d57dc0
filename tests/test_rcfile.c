/*
 * test_rcfile.c: the openserctlrc reader (migrator/rcfile.c): every
 * quoting rule, expansions, overriding, CRLF, and each refusal with its
 * exact message and line.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rcfile.h"
#include "strbuf.h"
#include "support.h"

static struct om_rc rc;
static struct om_error err;

static void setup(void)
{
	om_rc_init(&rc);
	om_error_clear(&err);
}

static void teardown(void)
{
	om_rc_release(&rc);
}

static int parse_as(const char *name, const char *text)
{
	return om_rc_parse(&rc, name, text, strlen(text), &err);
}

static void parse_ok(const char *text)
{
	int ret = parse_as("rc", text);

	ck_assert_msg(ret == 0, "parse failed: %s", err.msg);
}

static void parse_fails(const char *text, const char *msg)
{
	ck_assert_int_eq(parse_as("rc", text), -1);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, msg);
}

static int line_of(const char *key)
{
	const struct om_rc_var *v = om_rc_find(&rc, key);

	ck_assert_msg(v != NULL, "%s is not set", key);
	return v->line;
}

/* ---- plain assignments ---- */

START_TEST(unquoted_value)
{
	parse_ok("DBENGINE=MYSQL\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "DBENGINE"), "MYSQL");
	ck_assert_uint_eq(rc.nr, 1);
}
END_TEST

START_TEST(record_has_file_and_line)
{
	const struct om_rc_var *v;

	parse_ok("\n\nDBHOST=localhost\n");
	v = om_rc_find(&rc, "DBHOST");
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->key, "DBHOST");
	ck_assert_str_eq(v->value, "localhost");
	ck_assert_str_eq(v->file, "rc");
	ck_assert_int_eq(v->line, 3);
}
END_TEST

START_TEST(empty_value)
{
	parse_ok("KEY=\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "KEY"), "");
}
END_TEST

START_TEST(unknown_key_is_null)
{
	parse_ok("A=1\n");
	ck_assert_ptr_null(om_rc_get(&rc, "B"));
	ck_assert_ptr_null(om_rc_find(&rc, "B"));
	ck_assert_ptr_null(om_rc_get(&rc, "A1"));
}
END_TEST

START_TEST(no_final_newline)
{
	parse_ok("A=1\nVERBOSE=1");
	ck_assert_pstr_eq(om_rc_get(&rc, "VERBOSE"), "1");
	ck_assert_int_eq(line_of("VERBOSE"), 2);
}
END_TEST

START_TEST(empty_text)
{
	ck_assert_int_eq(om_rc_parse(&rc, "rc", "", 0, &err), 0);
	ck_assert_uint_eq(rc.nr, 0);
}
END_TEST

START_TEST(text_need_not_be_nul_terminated)
{
	const char text[] = { 'A', '=', '1', '2', '3' };

	ck_assert_int_eq(om_rc_parse(&rc, "rc", text, 4, &err), 0);
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "12");
}
END_TEST

START_TEST(name_with_underscore_and_digits)
{
	parse_ok("_db_2_Host=x\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "_db_2_Host"), "x");
}
END_TEST

START_TEST(blank_lines_and_indentation)
{
	parse_ok("  \n\t\n \t A=1 \t\n\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
	ck_assert_int_eq(line_of("A"), 3);
}
END_TEST

START_TEST(equals_sign_inside_value)
{
	parse_ok("A=b=c\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "b=c");
}
END_TEST

START_TEST(glob_characters_are_literal)
{
	parse_ok("A=*.db?[x]{a,b}\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "*.db?[x]{a,b}");
}
END_TEST

START_TEST(tilde_inside_word_is_literal)
{
	parse_ok("A=a~b\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "a~b");
}
END_TEST

START_TEST(several_assignments_on_one_line)
{
	parse_ok("A=1 B=2\tC=3\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "2");
	ck_assert_pstr_eq(om_rc_get(&rc, "C"), "3");
}
END_TEST

START_TEST(semicolon_separates_assignments)
{
	parse_ok("A=1;B=2 ; C=3;\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "2");
	ck_assert_pstr_eq(om_rc_get(&rc, "C"), "3");
}
END_TEST

START_TEST(export_assignment)
{
	parse_ok("export DBHOST=localhost\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "DBHOST"), "localhost");
}
END_TEST

START_TEST(export_several_assignments)
{
	parse_ok("export A=1 B=2\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "2");
}
END_TEST

START_TEST(export_is_a_key_only_before_equals)
{
	parse_ok("export=1 exported=2\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "export"), "1");
	ck_assert_pstr_eq(om_rc_get(&rc, "exported"), "2");
}
END_TEST

START_TEST(later_assignment_replaces_earlier)
{
	parse_ok("A=1\nB=x\nA=2\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "2");
	ck_assert_int_eq(line_of("A"), 3);
	ck_assert_uint_eq(rc.nr, 2);
}
END_TEST

START_TEST(later_assignment_on_same_line_wins)
{
	parse_ok("A=1 A=2\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "2");
	ck_assert_uint_eq(rc.nr, 1);
}
END_TEST

/* ---- comments ---- */

START_TEST(comment_line_sets_nothing)
{
	parse_ok("# DBRWUSER=openser\n");
	ck_assert_ptr_null(om_rc_get(&rc, "DBRWUSER"));
	ck_assert_uint_eq(rc.nr, 0);
}
END_TEST

START_TEST(indented_comment)
{
	parse_ok("   # A=1\nB=2\n");
	ck_assert_ptr_null(om_rc_get(&rc, "A"));
	ck_assert_int_eq(line_of("B"), 2);
}
END_TEST

START_TEST(comment_after_value)
{
	parse_ok("A=1 # the one\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
}
END_TEST

START_TEST(comment_after_semicolon)
{
	parse_ok("A=1;# the one\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
}
END_TEST

START_TEST(hash_inside_word_is_not_a_comment)
{
	parse_ok("A=a#b\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "a#b");
}
END_TEST

START_TEST(hash_after_quotes_is_not_a_comment)
{
	parse_ok("A=\"a\"#b\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "a#b");
}
END_TEST

START_TEST(comment_content_is_ignored)
{
	parse_ok("# $(rm -rf /) `x` \"unterminated ${A:-b} | &\nA=1\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
}
END_TEST

START_TEST(backslash_does_not_continue_a_comment)
{
	parse_ok("# x \\\nA=1\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
	ck_assert_int_eq(line_of("A"), 2);
}
END_TEST

/* ---- single quotes ---- */

START_TEST(single_quotes_keep_blanks)
{
	parse_ok("A='a b  c'\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "a b  c");
}
END_TEST

START_TEST(single_quotes_are_literal)
{
	parse_ok("A='$HOME \\ \"x\" `y` $(z) # w'\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "$HOME \\ \"x\" `y` $(z) # w");
}
END_TEST

START_TEST(empty_single_quotes)
{
	parse_ok("A=''\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "");
}
END_TEST

START_TEST(single_quotes_span_lines)
{
	parse_ok("A='x\ny'\nB=1\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "x\ny");
	ck_assert_int_eq(line_of("A"), 1);
	ck_assert_int_eq(line_of("B"), 3);
}
END_TEST

/* ---- double quotes ---- */

START_TEST(double_quotes_keep_blanks)
{
	parse_ok("ACL_GROUPS=\"local ld int voicemail free-pstn\"\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "ACL_GROUPS"), "local ld int voicemail free-pstn");
}
END_TEST

START_TEST(double_quoted_yes)
{
	parse_ok("HAS_SERWEB=\"yes\"\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "HAS_SERWEB"), "yes");
}
END_TEST

START_TEST(double_quote_escapes)
{
	parse_ok("A=\"\\$ \\` \\\" \\\\\"\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "$ ` \" \\");
}
END_TEST

START_TEST(double_quote_keeps_other_backslashes)
{
	parse_ok("A=\"\\a\\n\\'\"\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "\\a\\n\\'");
}
END_TEST

START_TEST(double_quote_backslash_newline_joins)
{
	parse_ok("A=\"x\\\ny\"\nB=1\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "xy");
	ck_assert_int_eq(line_of("B"), 3);
}
END_TEST

START_TEST(double_quotes_span_lines)
{
	parse_ok("A=\"x\ny\n\"\nB=1\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "x\ny\n");
	ck_assert_int_eq(line_of("A"), 1);
	ck_assert_int_eq(line_of("B"), 4);
}
END_TEST

START_TEST(hash_and_semicolon_inside_double_quotes)
{
	parse_ok("A=\"a # b; c\"\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "a # b; c");
}
END_TEST

START_TEST(single_quote_inside_double_quotes)
{
	parse_ok("A=\"it's\"\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "it's");
}
END_TEST

START_TEST(double_quote_inside_single_quotes)
{
	parse_ok("A='say \"hi\"'\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "say \"hi\"");
}
END_TEST

START_TEST(quoted_tilde_is_literal)
{
	parse_ok("A=\"~/x\" B='~' C=\\~\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "~/x");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "~");
	ck_assert_pstr_eq(om_rc_get(&rc, "C"), "~");
}
END_TEST

/* ---- backslash outside quotes ---- */

START_TEST(backslash_escapes_blank)
{
	parse_ok("A=a\\ b\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "a b");
}
END_TEST

START_TEST(backslash_escapes_dollar)
{
	parse_ok("A=\\$HOME\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "$HOME");
}
END_TEST

START_TEST(backslash_escapes_quotes_and_hash)
{
	parse_ok("A=\\'\\\"\\#\\\\\\;\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "'\"#\\;");
}
END_TEST

START_TEST(backslash_newline_continues_value)
{
	parse_ok("A=ab\\\ncd\nB=1\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "abcd");
	ck_assert_int_eq(line_of("B"), 3);
}
END_TEST

START_TEST(backslash_newline_between_assignments)
{
	parse_ok("A=1 \\\n  B=2\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "2");
	ck_assert_int_eq(line_of("B"), 2);
}
END_TEST

/* ---- concatenation ---- */

START_TEST(unquoted_double_single_concatenate)
{
	parse_ok("A=a\"b\"'c'\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "abc");
}
END_TEST

START_TEST(expansions_concatenate_with_quotes)
{
	parse_ok("X=1\nA=\"$X\"'$X'$X\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1$X1");
}
END_TEST

/* ---- expansions ---- */

START_TEST(dollar_name)
{
	parse_ok("A=x\nB=$A\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "x");
}
END_TEST

START_TEST(dollar_brace_name)
{
	parse_ok("A=x\nB=${A}y\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "xy");
}
END_TEST

START_TEST(dollar_name_takes_longest_name)
{
	parse_ok("A=x\nAy=z\nB=$Ay\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "z");
}
END_TEST

START_TEST(dollar_name_ends_at_other_characters)
{
	parse_ok("H=db\nP=/var/$H.d/$H-1\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "P"), "/var/db.d/db-1");
}
END_TEST

START_TEST(expansion_inside_double_quotes)
{
	parse_ok("A=x\nB=\"<$A> <${A}>\"\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "<x> <x>");
}
END_TEST

START_TEST(no_expansion_inside_single_quotes)
{
	parse_ok("B='$A ${A}'\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "$A ${A}");
}
END_TEST

START_TEST(expanded_value_is_not_reparsed)
{
	parse_ok("A='$B x; `y`'\nC=$A\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "C"), "$B x; `y`");
}
END_TEST

START_TEST(expansion_sees_earlier_assignment_on_same_line)
{
	parse_ok("A=1 B=$A; C=$B\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "1");
	ck_assert_pstr_eq(om_rc_get(&rc, "C"), "1");
}
END_TEST

START_TEST(expansion_sees_latest_value)
{
	parse_ok("A=1\nA=2\nB=$A\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "2");
}
END_TEST

START_TEST(lone_dollar_is_literal)
{
	parse_ok("A=$ B=a$ C=\"$\" D=$/x\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "$");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "a$");
	ck_assert_pstr_eq(om_rc_get(&rc, "C"), "$");
	ck_assert_pstr_eq(om_rc_get(&rc, "D"), "$/x");
}
END_TEST

/* ---- several files ---- */

START_TEST(second_parse_overrides_first)
{
	const struct om_rc_var *v;

	ck_assert_int_eq(parse_as("first", "A=1\nB=2\n"), 0);
	ck_assert_int_eq(parse_as("second", "\n\nA=3\n"), 0);
	v = om_rc_find(&rc, "A");
	ck_assert_str_eq(v->value, "3");
	ck_assert_str_eq(v->file, "second");
	ck_assert_int_eq(v->line, 3);
	v = om_rc_find(&rc, "B");
	ck_assert_str_eq(v->value, "2");
	ck_assert_str_eq(v->file, "first");
	ck_assert_int_eq(v->line, 2);
}
END_TEST

START_TEST(second_parse_expands_first_values)
{
	ck_assert_int_eq(parse_as("first", "A=1\n"), 0);
	ck_assert_int_eq(parse_as("second", "B=$A.2\n"), 0);
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "1.2");
}
END_TEST

START_TEST(failed_second_parse_keeps_first_values)
{
	ck_assert_int_eq(parse_as("first", "A=1\n"), 0);
	ck_assert_int_eq(parse_as("second", "A=2\nB=`x`\n"), -1);
	ck_assert_str_eq(err.msg, "second:2: command substitution is not supported");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "2");
	ck_assert_str_eq(om_rc_find(&rc, "A")->file, "second");
	ck_assert_ptr_null(om_rc_get(&rc, "B"));
}
END_TEST

/* ---- reading files ---- */

START_TEST(load_file_reads_and_names_the_path)
{
	char *dir = om_test_mkdtemp();
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/openserctlrc", dir);
	om_test_write_file(path.buf, "# openserctlrc\nDBENGINE=PGSQL\nDBHOST=\"db\"");
	ck_assert_msg(om_rc_load_file(&rc, path.buf, &err) == 0, "%s", err.msg);
	ck_assert_pstr_eq(om_rc_get(&rc, "DBENGINE"), "PGSQL");
	ck_assert_pstr_eq(om_rc_get(&rc, "DBHOST"), "db");
	ck_assert_str_eq(om_rc_find(&rc, "DBHOST")->file, path.buf);
	ck_assert_int_eq(om_rc_find(&rc, "DBHOST")->line, 3);
	om_test_rmtree(dir);
	strbuf_release(&path);
	free(dir);
}
END_TEST

START_TEST(load_file_error_names_the_path)
{
	char *dir = om_test_mkdtemp();
	struct strbuf path = STRBUF_INIT, want = STRBUF_INIT;

	strbuf_addf(&path, "%s/rc", dir);
	om_test_write_file(path.buf, "A=1\nrm -rf /\n");
	strbuf_addf(&want, "%s:2: \"rm\" is not an assignment (only KEY=VALUE lines are allowed)",
		    path.buf);
	ck_assert_int_eq(om_rc_load_file(&rc, path.buf, &err), -1);
	ck_assert_str_eq(err.msg, want.buf);
	om_test_rmtree(dir);
	strbuf_release(&path);
	strbuf_release(&want);
	free(dir);
}
END_TEST

START_TEST(load_large_file)
{
	char *dir = om_test_mkdtemp();
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	const struct om_rc_var *v;

	strbuf_addf(&path, "%s/rc", dir);
	/* Several read buffers long, below the size limit. */
	for (int i = 0; i < 20000; i++)
		strbuf_addf(&text, "# padding padding padding padding %d\nA=%d\n", i, i);
	ck_assert_uint_gt(text.len, 2 * 65536);
	ck_assert_uint_lt(text.len, OM_RC_MAX_SIZE);
	om_test_write_file(path.buf, text.buf);
	ck_assert_msg(om_rc_load_file(&rc, path.buf, &err) == 0, "%s", err.msg);
	v = om_rc_find(&rc, "A");
	ck_assert_str_eq(v->value, "19999");
	ck_assert_int_eq(v->line, 40000);
	/* One byte over the limit: refused, not read on. */
	strbuf_reset(&text);
	while (text.len <= OM_RC_MAX_SIZE)
		strbuf_adds(&text, "# padding padding padding padding padding padding padding padding\n");
	om_test_write_file(path.buf, text.buf);
	ck_assert_int_eq(om_rc_load_file(&rc, path.buf, &err), -1);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_msg(strstr(err.msg, "\" is larger than 1024 KiB: not an openserctlrc") != NULL, "%s", err.msg);
	om_test_rmtree(dir);
	strbuf_release(&path);
	strbuf_release(&text);
	free(dir);
}
END_TEST

START_TEST(load_missing_file)
{
	ck_assert_int_eq(om_rc_load_file(&rc, "/nonexistent/openserctlrc", &err), -1);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg,
			 "cannot read \"/nonexistent/openserctlrc\": No such file or directory");
}
END_TEST

START_TEST(load_directory)
{
	char *dir = om_test_mkdtemp();
	struct strbuf want = STRBUF_INIT;

	strbuf_addf(&want, "cannot read \"%s\": Is a directory", dir);
	ck_assert_int_eq(om_rc_load_file(&rc, dir, &err), -1);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, want.buf);
	om_test_rmtree(dir);
	strbuf_release(&want);
	free(dir);
}
END_TEST

/* ---- CRLF line ends ---- */

START_TEST(crlf_ends_lines)
{
	parse_ok("A=1\r\nB=2\r\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "2");
	ck_assert_int_eq(line_of("B"), 2);
}
END_TEST

START_TEST(crlf_ends_comments)
{
	parse_ok("# c\r\nA=1\r\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
}
END_TEST

START_TEST(crlf_inside_quotes_becomes_newline)
{
	parse_ok("A=\"x\r\ny\" B='u\r\nv'\r\nC=1\r\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "x\ny");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "u\nv");
	ck_assert_int_eq(line_of("C"), 4);
}
END_TEST

START_TEST(backslash_crlf_continues)
{
	parse_ok("A=ab\\\r\ncd\r\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "abcd");
}
END_TEST

START_TEST(lone_cr_is_ordinary)
{
	parse_ok("A=1\rB\n");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1\rB");
	ck_assert_ptr_null(om_rc_get(&rc, "B"));
}
END_TEST

/* ---- refusals ---- */

START_TEST(refuses_command_substitution)
{
	parse_fails("A=1\nB=2\nC=$(hostname)\n", "rc:3: command substitution is not supported");
}
END_TEST

START_TEST(refuses_backquotes)
{
	parse_fails("A=`hostname`\n", "rc:1: command substitution is not supported");
}
END_TEST

START_TEST(refuses_command_substitution_in_double_quotes)
{
	parse_fails("A=\"x\n$(id)\"\n", "rc:2: command substitution is not supported");
}
END_TEST

START_TEST(refuses_backquotes_in_double_quotes)
{
	parse_fails("A=\"`id`\"\n", "rc:1: command substitution is not supported");
}
END_TEST

START_TEST(refuses_command_substitution_as_command)
{
	parse_fails("$(rm -rf /)\n", "rc:1: command substitution is not supported");
}
END_TEST

START_TEST(refuses_arithmetic)
{
	parse_fails("A=$((1+2))\n", "rc:1: arithmetic expansion is not supported");
}
END_TEST

START_TEST(refuses_unterminated_double_quote)
{
	parse_fails("A=1\nB=2\nC=3\nD=4\nE=\"x\ny\nz\n",
		    "rc:5: unterminated double quote (opened here)");
}
END_TEST

START_TEST(refuses_unterminated_double_quote_after_backslash)
{
	parse_fails("A=\"x\\", "rc:1: unterminated double quote (opened here)");
}
END_TEST

START_TEST(refuses_unterminated_single_quote)
{
	parse_fails("A=1\nB='x\n\n", "rc:2: unterminated single quote (opened here)");
}
END_TEST

START_TEST(refuses_command)
{
	parse_fails("A=1\necho hi\n",
		    "rc:2: \"echo\" is not an assignment (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_if)
{
	parse_fails("if true; then A=1; fi\n",
		    "rc:1: \"if\" is not an assignment (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_function_definition)
{
	parse_fails("f() { A=1; }\n",
		    "rc:1: \"f\" is not an assignment (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_command_after_assignment)
{
	parse_fails("A=1 echo\n",
		    "rc:1: \"echo\" is not an assignment (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_unquoted_blank_in_value)
{
	parse_fails("ACL_GROUPS=local ld\n",
		    "rc:1: \"ld\" is not an assignment (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_quoted_command_word)
{
	parse_fails("'rm' x\n",
		    "rc:1: \"rm\" is not an assignment (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_long_command_clipped)
{
	parse_fails("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		    "rc:1: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\" "
		    "is not an assignment (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_blanks_around_equals)
{
	parse_fails("KEY = value\n",
		    "rc:1: \"KEY\" is not an assignment (blanks around \"=\" are not allowed)");
}
END_TEST

START_TEST(refuses_unknown_variable)
{
	parse_fails("A=1\nB=2\nC=3\nD=$FOO\n", "rc:4: \"$FOO\" is not set earlier in the file");
}
END_TEST

START_TEST(refuses_unknown_braced_variable)
{
	parse_fails("A=\"${FOO}\"\n", "rc:1: \"${FOO}\" is not set earlier in the file");
}
END_TEST

START_TEST(refuses_variable_assigned_later)
{
	parse_fails("B=$A\nA=1\n", "rc:1: \"$A\" is not set earlier in the file");
}
END_TEST

START_TEST(refuses_environment_variable)
{
	setenv("OM_TEST_RC_ENV", "x", 1);
	parse_fails("A=$OM_TEST_RC_ENV\n",
		    "rc:1: \"$OM_TEST_RC_ENV\" is not set earlier in the file");
}
END_TEST

START_TEST(refuses_name_starting_with_digit)
{
	parse_fails("1ABC=x\n", "rc:1: invalid variable name \"1ABC\"");
}
END_TEST

START_TEST(refuses_name_with_dash)
{
	parse_fails("A=1\nDB-HOST=x\n", "rc:2: invalid variable name \"DB-HOST\"");
}
END_TEST

START_TEST(refuses_append_assignment)
{
	parse_fails("A+=x\n", "rc:1: invalid variable name \"A+\"");
}
END_TEST

START_TEST(refuses_default_value_expansion)
{
	parse_fails("A=${B:-x}\n",
		    "rc:1: \"${B:-x}\" is not supported (only $NAME and ${NAME} are)");
}
END_TEST

START_TEST(refuses_length_expansion)
{
	parse_fails("B=1\nA=${#B}\n",
		    "rc:2: \"${#B}\" is not supported (only $NAME and ${NAME} are)");
}
END_TEST

START_TEST(refuses_unclosed_brace)
{
	parse_fails("A=${B\n", "rc:1: \"${\" without a closing \"}\"");
}
END_TEST

START_TEST(refuses_positional_parameter)
{
	parse_fails("A=$1\n", "rc:1: \"$1\" is not supported (only $NAME and ${NAME} are)");
}
END_TEST

START_TEST(refuses_special_parameter)
{
	parse_fails("A=\"$$\"\n", "rc:1: \"$$\" is not supported (only $NAME and ${NAME} are)");
}
END_TEST

START_TEST(refuses_dollar_single_quote)
{
	parse_fails("A=$'x\\n'\n", "rc:1: \"$'...'\" quoting is not supported");
}
END_TEST

START_TEST(refuses_leading_tilde)
{
	parse_fails("A=~/x\n",
		    "rc:1: tilde expansion is not supported (quote the \"~\" or write the path out)");
}
END_TEST

START_TEST(refuses_tilde_after_colon)
{
	parse_fails("A=/a:~/b\n",
		    "rc:1: tilde expansion is not supported (quote the \"~\" or write the path out)");
}
END_TEST

START_TEST(refuses_pipe)
{
	parse_fails("A=1 | cat\n", "rc:1: unexpected \"|\" (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_redirection)
{
	parse_fails("A=1>f\n", "rc:1: unexpected \">\" (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_and_list)
{
	parse_fails("A=1 && B=2\n", "rc:1: unexpected \"&\" (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_subshell)
{
	parse_fails("\n(A=1)\n", "rc:2: unexpected \"(\" (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_empty_command)
{
	parse_fails("A=1;;\n", "rc:1: unexpected \";\" (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(refuses_export_without_value)
{
	parse_fails("export A\n", "rc:1: \"export A\" is not supported (only export KEY=VALUE is)");
}
END_TEST

START_TEST(refuses_bare_export)
{
	parse_fails("A=1\nexport\n", "rc:2: \"export\" without KEY=VALUE is not supported");
}
END_TEST

START_TEST(refuses_nul_byte)
{
	const char text[] = "A=1\nB=x\0y\n";

	ck_assert_int_eq(om_rc_parse(&rc, "rc", text, sizeof(text) - 1, &err), -1);
	ck_assert_str_eq(err.msg, "rc:2: NUL byte (not a text file?)");
}
END_TEST

START_TEST(refuses_nul_byte_in_comment)
{
	const char text[] = "\n# x\0y\n";

	ck_assert_int_eq(om_rc_parse(&rc, "rc", text, sizeof(text) - 1, &err), -1);
	ck_assert_str_eq(err.msg, "rc:2: NUL byte (not a text file?)");
}
END_TEST

START_TEST(refuses_nul_byte_in_quotes)
{
	const char text[] = "A='\n\0'\n";

	ck_assert_int_eq(om_rc_parse(&rc, "rc", text, sizeof(text) - 1, &err), -1);
	ck_assert_str_eq(err.msg, "rc:2: NUL byte (not a text file?)");
}
END_TEST

START_TEST(refuses_backslash_at_end)
{
	parse_fails("A=x\\", "rc:1: backslash at the end of the file");
}
END_TEST

START_TEST(error_line_counts_multiline_quotes)
{
	parse_fails("A='x\ny\nz'\necho\n",
		    "rc:4: \"echo\" is not an assignment (only KEY=VALUE lines are allowed)");
}
END_TEST

START_TEST(error_line_counts_continuations)
{
	parse_fails("A=1 \\\n$(x)\n", "rc:2: command substitution is not supported");
}
END_TEST

START_TEST(error_keeps_earlier_lines)
{
	parse_fails("A=1\nB=2\nC=$(x)\n", "rc:3: command substitution is not supported");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
	ck_assert_pstr_eq(om_rc_get(&rc, "B"), "2");
	ck_assert_ptr_null(om_rc_get(&rc, "C"));
	ck_assert_uint_eq(rc.nr, 2);
}
END_TEST

START_TEST(error_drops_assignments_of_its_line)
{
	parse_fails("A=1\nA=2 B=3 echo\n",
		    "rc:2: \"echo\" is not an assignment (only KEY=VALUE lines are allowed)");
	ck_assert_pstr_eq(om_rc_get(&rc, "A"), "1");
	ck_assert_ptr_null(om_rc_get(&rc, "B"));
}
END_TEST

START_TEST(error_without_error_object)
{
	ck_assert_int_eq(om_rc_parse(&rc, "rc", "echo", 4, NULL), -1);
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

static Suite *rcfile_suite(void)
{
	Suite *s = suite_create("rcfile");

	ADD(s, "assignments",
	    unquoted_value, record_has_file_and_line, empty_value, unknown_key_is_null,
	    no_final_newline, empty_text, text_need_not_be_nul_terminated,
	    name_with_underscore_and_digits, blank_lines_and_indentation,
	    equals_sign_inside_value, glob_characters_are_literal,
	    tilde_inside_word_is_literal, several_assignments_on_one_line,
	    semicolon_separates_assignments, export_assignment,
	    export_several_assignments, export_is_a_key_only_before_equals,
	    later_assignment_replaces_earlier, later_assignment_on_same_line_wins);
	ADD(s, "comments",
	    comment_line_sets_nothing, indented_comment, comment_after_value,
	    comment_after_semicolon, hash_inside_word_is_not_a_comment,
	    hash_after_quotes_is_not_a_comment, comment_content_is_ignored,
	    backslash_does_not_continue_a_comment);
	ADD(s, "single quotes",
	    single_quotes_keep_blanks, single_quotes_are_literal, empty_single_quotes,
	    single_quotes_span_lines);
	ADD(s, "double quotes",
	    double_quotes_keep_blanks, double_quoted_yes, double_quote_escapes,
	    double_quote_keeps_other_backslashes, double_quote_backslash_newline_joins,
	    double_quotes_span_lines, hash_and_semicolon_inside_double_quotes,
	    single_quote_inside_double_quotes, double_quote_inside_single_quotes,
	    quoted_tilde_is_literal);
	ADD(s, "backslash outside quotes",
	    backslash_escapes_blank, backslash_escapes_dollar,
	    backslash_escapes_quotes_and_hash, backslash_newline_continues_value,
	    backslash_newline_between_assignments);
	ADD(s, "concatenation",
	    unquoted_double_single_concatenate, expansions_concatenate_with_quotes);
	ADD(s, "expansion",
	    dollar_name, dollar_brace_name, dollar_name_takes_longest_name,
	    dollar_name_ends_at_other_characters, expansion_inside_double_quotes,
	    no_expansion_inside_single_quotes, expanded_value_is_not_reparsed,
	    expansion_sees_earlier_assignment_on_same_line, expansion_sees_latest_value,
	    lone_dollar_is_literal);
	ADD(s, "several files",
	    second_parse_overrides_first, second_parse_expands_first_values,
	    failed_second_parse_keeps_first_values);
	ADD(s, "reading files",
	    load_file_reads_and_names_the_path, load_file_error_names_the_path,
	    load_large_file, load_missing_file, load_directory);
	ADD(s, "crlf line ends",
	    crlf_ends_lines, crlf_ends_comments, crlf_inside_quotes_becomes_newline,
	    backslash_crlf_continues, lone_cr_is_ordinary);
	ADD(s, "refusals",
	    refuses_command_substitution, refuses_backquotes,
	    refuses_command_substitution_in_double_quotes,
	    refuses_backquotes_in_double_quotes, refuses_command_substitution_as_command,
	    refuses_arithmetic, refuses_unterminated_double_quote,
	    refuses_unterminated_double_quote_after_backslash,
	    refuses_unterminated_single_quote, refuses_command, refuses_if,
	    refuses_function_definition, refuses_command_after_assignment,
	    refuses_unquoted_blank_in_value, refuses_quoted_command_word,
	    refuses_long_command_clipped, refuses_blanks_around_equals,
	    refuses_unknown_variable, refuses_unknown_braced_variable,
	    refuses_variable_assigned_later, refuses_environment_variable,
	    refuses_name_starting_with_digit, refuses_name_with_dash,
	    refuses_append_assignment, refuses_default_value_expansion,
	    refuses_length_expansion, refuses_unclosed_brace,
	    refuses_positional_parameter, refuses_special_parameter,
	    refuses_dollar_single_quote, refuses_leading_tilde,
	    refuses_tilde_after_colon, refuses_pipe, refuses_redirection,
	    refuses_and_list, refuses_subshell, refuses_empty_command,
	    refuses_export_without_value, refuses_bare_export, refuses_nul_byte,
	    refuses_nul_byte_in_comment, refuses_nul_byte_in_quotes,
	    refuses_backslash_at_end);
	ADD(s, "error lines and state",
	    error_line_counts_multiline_quotes, error_line_counts_continuations,
	    error_keeps_earlier_lines, error_drops_assignments_of_its_line,
	    error_without_error_object);
	return s;
}

int main(void)
{
	return om_test_main(rcfile_suite());
}
