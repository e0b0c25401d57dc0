/*
 * test_cfg.c: the routing-script upgrade (cfglex, cfgparse, cfgcheck,
 * cfgfix and the cfg-check / cfg-fix commands): tokens and their
 * positions, the errors of broken scripts, every rule on the 1.1 sample
 * script (tests/fixtures/openser-1.1.cfg, golden output), the rewritten
 * script against a hand-checked one, and the CLI's exit codes and JSON.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cfglex.h"
#include "cfgparse.h"
#include "error.h"
#include "strbuf.h"
#include "support.h"

static struct om_error err;

/* ---- tokens ------------------------------------------------------------------- */

/* The tokens of text as "K(bytes)@LINE:COL ...", K one of I N S P O C. */
static char *dump_tokens(const char *text)
{
	struct om_cfg_toks toks;
	struct strbuf sb = STRBUF_INIT;
	static const char kinds[] = "INSPOC";

	om_cfg_toks_init(&toks);
	om_error_clear(&err);
	ck_assert_msg(om_cfg_lex(&toks, "t.cfg", text, strlen(text), NULL, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < toks.n; i++) {
		const struct om_cfg_tok *t = &toks.v[i];

		strbuf_addf(&sb, "%s%c(%.*s)@%d:%d", i ? " " : "", kinds[t->kind], (int)t->len, text + t->off,
			    t->line, t->col);
	}
	om_cfg_toks_release(&toks);
	return strbuf_detach(&sb);
}

static void tokens_are(const char *text, const char *want)
{
	char *got = dump_tokens(text);

	ck_assert_str_eq(got, want);
	free(got);
}

/* Scanning text fails with this message at this position. */
static void lex_fails(const char *text, size_t len, const char *msg, int line, int col)
{
	struct om_cfg_toks toks;
	struct om_cfg_pos where;

	om_cfg_toks_init(&toks);
	om_error_clear(&err);
	ck_assert_int_eq(om_cfg_lex(&toks, "t.cfg", text, len, &where, &err), -1);
	ck_assert_int_eq(err.code, OM_EXIT_USAGE);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_int_eq(where.line, line);
	ck_assert_int_eq(where.col, col);
	om_cfg_toks_release(&toks);
}

/* The value OpenSER reads from the one string token of text. */
static char *string_value(const char *text)
{
	struct om_cfg_toks toks;
	struct strbuf sb = STRBUF_INIT;

	om_cfg_toks_init(&toks);
	ck_assert(om_cfg_lex(&toks, "t.cfg", text, strlen(text), NULL, &err) == 0);
	ck_assert_uint_eq(toks.n, 1);
	ck_assert_int_eq(toks.v[0].kind, OM_CFG_TOK_STRING);
	om_cfg_string_value(&toks.v[0], text, &sb);
	om_cfg_toks_release(&toks);
	return strbuf_detach(&sb);
}

START_TEST(lex_statements_with_positions)
{
	tokens_are("loadmodule \"tm.so\"\nmodparam(\"tm\", \"fr_timer\", 10)\n",
		   "I(loadmodule)@1:1 S(\"tm.so\")@1:12 I(modparam)@2:1 O(()@2:9 S(\"tm\")@2:10 O(,)@2:14 "
		   "S(\"fr_timer\")@2:16 O(,)@2:26 N(10)@2:28 O())@2:30");
}
END_TEST

START_TEST(lex_tab_is_one_column)
{
	tokens_are("\t\tfoo(1);", "I(foo)@1:3 O(()@1:6 N(1)@1:7 O())@1:8 O(;)@1:9");
}
END_TEST

START_TEST(lex_crlf_lines)
{
	tokens_are("a=1\r\nb = 2\r\n", "I(a)@1:1 O(=)@1:2 N(1)@1:3 I(b)@2:1 O(=)@2:3 N(2)@2:5");
}
END_TEST

START_TEST(lex_two_byte_operators)
{
	tokens_are("if($rU==\"x\"||a!=b&&c=~d) $x+=1;",
		   "I(if)@1:1 O(()@1:3 P($rU)@1:4 O(==)@1:7 S(\"x\")@1:9 O(||)@1:12 I(a)@1:14 O(!=)@1:15 "
		   "I(b)@1:17 O(&&)@1:18 I(c)@1:20 O(=~)@1:21 I(d)@1:23 O())@1:24 P($x)@1:26 O(+=)@1:28 "
		   "N(1)@1:30 O(;)@1:31");
}
END_TEST

START_TEST(lex_numbers)
{
	tokens_are("0x1F 0666 5060 1.2", "N(0x1F)@1:1 N(0666)@1:6 N(5060)@1:11 N(1)@1:16 O(.)@1:17 N(2)@1:18");
}
END_TEST

START_TEST(lex_names_with_underscores_and_digits)
{
	tokens_are("onreply_route[1] t_on_branch2", "I(onreply_route)@1:1 O([)@1:14 N(1)@1:15 O(])@1:16 I(t_on_branch2)@1:18");
}
END_TEST

START_TEST(lex_hash_comment_to_end_of_line)
{
	tokens_are("a=1 # note \"x\n  b", "I(a)@1:1 O(=)@1:2 N(1)@1:3 C(# note \"x)@1:5 I(b)@2:3");
}
END_TEST

START_TEST(lex_hash_comment_at_end_of_text)
{
	tokens_are("a # last", "I(a)@1:1 C(# last)@1:3");
}
END_TEST

START_TEST(lex_block_comment_spans_lines)
{
	tokens_are("a /* one\ntwo */ b", "I(a)@1:1 C(/* one\ntwo */)@1:3 I(b)@2:8");
}
END_TEST

START_TEST(lex_block_comments_nest)
{
	tokens_are("/* a /* b */ c */ d", "C(/* a /* b */ c */)@1:1 I(d)@1:19");
}
END_TEST

START_TEST(lex_comment_markers_inside_strings)
{
	tokens_are("x(\"a # b /* c\")", "I(x)@1:1 O(()@1:2 S(\"a # b /* c\")@1:3 O())@1:15");
}
END_TEST

START_TEST(lex_quotes_inside_comments)
{
	tokens_are("# it's\n/* \" ' */ y", "C(# it's)@1:1 C(/* \" ' */)@2:1 I(y)@2:11");
}
END_TEST

START_TEST(lex_block_opener_inside_hash_comment)
{
	tokens_are("# /* no block\nz", "C(# /* no block)@1:1 I(z)@2:1");
}
END_TEST

START_TEST(lex_escaped_quote_in_string)
{
	tokens_are("s=\"a\\\"b\" t", "I(s)@1:1 O(=)@1:2 S(\"a\\\"b\")@1:3 I(t)@1:10");
}
END_TEST

START_TEST(lex_single_quotes_have_no_escapes)
{
	tokens_are("'a\\' b", "S('a\\')@1:1 I(b)@1:6");
}
END_TEST

START_TEST(lex_string_spans_lines)
{
	tokens_are("\"a\nb\" c", "S(\"a\nb\")@1:1 I(c)@2:4");
}
END_TEST

START_TEST(lex_pseudo_variables)
{
	tokens_are("$avp(i:1) $(avp(s:x)[0]) $? $ru $ $T_branch_idx $hdr(X-A(b))",
		   "P($avp(i:1))@1:1 P($(avp(s:x)[0]))@1:11 P($?)@1:26 P($ru)@1:29 P($)@1:33 "
		   "P($T_branch_idx)@1:35 P($hdr(X-A(b)))@1:49");
}
END_TEST

START_TEST(lex_pseudo_variable_ends_before_operator)
{
	tokens_are("$avp(i:3)=$rU;", "P($avp(i:3))@1:1 O(=)@1:10 P($rU)@1:11 O(;)@1:14");
}
END_TEST

START_TEST(lex_backslash_newline_continues)
{
	tokens_are("a = \\\n 1", "I(a)@1:1 O(=)@1:3 N(1)@2:2");
}
END_TEST

START_TEST(lex_stray_bytes_are_tokens)
{
	tokens_are("@ \xc3\xa9", "O(@)@1:1 O(\xc3)@1:3 O(\xa9)@1:4");
}
END_TEST

START_TEST(lex_empty_text)
{
	tokens_are("", "");
	tokens_are(" \n\t\r\n", "");
}
END_TEST

START_TEST(string_value_double_quote_escapes)
{
	char *v = string_value("\"a\\tb\\n\\\"q\\\\\\x41\\101\\d\\1\\\nz\"");

	ck_assert_str_eq(v, "a\tb\n\"q\\AA\\d\\1z");
	free(v);
}
END_TEST

START_TEST(string_value_single_quotes_raw)
{
	char *v = string_value("'a\\nb'");

	ck_assert_str_eq(v, "a\\nb");
	free(v);
}
END_TEST

START_TEST(string_raw_tells_escapes)
{
	struct om_cfg_toks toks;
	const char *text = "\"i:24\" \"a\\tb\" 'c\\d'";

	om_cfg_toks_init(&toks);
	ck_assert(om_cfg_lex(&toks, "t.cfg", text, strlen(text), NULL, &err) == 0);
	ck_assert(om_cfg_string_is_raw(&toks.v[0], text));
	ck_assert(!om_cfg_string_is_raw(&toks.v[1], text));
	ck_assert(om_cfg_string_is_raw(&toks.v[2], text));
	om_cfg_toks_release(&toks);
}
END_TEST

START_TEST(lex_unterminated_double_quote)
{
	const char *t = "a=1\n  fifo=\"/tmp/fifo\n\nb=2\n";

	lex_fails(t, strlen(t), "t.cfg:2:8: unterminated string: the '\"' opened here is never closed", 2, 8);
}
END_TEST

START_TEST(lex_unterminated_after_escaped_quote)
{
	const char *t = "x(\"abc\\\")";

	lex_fails(t, strlen(t), "t.cfg:1:3: unterminated string: the '\"' opened here is never closed", 1, 3);
}
END_TEST

START_TEST(lex_unterminated_single_quote)
{
	const char *t = "x('abc)";

	lex_fails(t, strlen(t), "t.cfg:1:3: unterminated string: the \"'\" opened here is never closed", 1, 3);
}
END_TEST

START_TEST(lex_unterminated_comment_names_outer_opener)
{
	const char *t = "a\n /* x /* y */\n";

	lex_fails(t, strlen(t), "t.cfg:2:2: unterminated comment: the \"/*\" opened here is never closed", 2, 2);
}
END_TEST

START_TEST(lex_unterminated_pseudo_variable)
{
	const char *t = "x = 1;\n$avp(i:1 = 2;\n";

	lex_fails(t, strlen(t), "t.cfg:2:1: unterminated pseudo-variable: a '(' after the '$' here is never closed",
		  2, 1);
}
END_TEST

START_TEST(lex_nul_byte)
{
	lex_fails("ab\ncd\0e", 7, "t.cfg:2:3: a NUL byte: this is not a text file", 2, 3);
}
END_TEST

/* ---- statements --------------------------------------------------------------- */

static struct om_cfg_script script;

static void parse_ok(const char *text)
{
	om_cfg_script_init(&script);
	om_error_clear(&err);
	ck_assert_msg(om_cfg_parse(&script, "t.cfg", text, strlen(text), NULL, &err) == 0, "%s", err.msg);
}

static void parse_fails(const char *text, const char *msg, int line, int col)
{
	struct om_cfg_pos where;

	om_cfg_script_init(&script);
	om_error_clear(&err);
	ck_assert_int_eq(om_cfg_parse(&script, "t.cfg", text, strlen(text), &where, &err), -1);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_int_eq(where.line, line);
	ck_assert_int_eq(where.col, col);
	om_cfg_script_release(&script);
}

static char *tok_text(size_t i)
{
	return om_xstrndup(script.text + script.tok[i].off, script.tok[i].len);
}

static void tok_eq(size_t i, const char *want)
{
	char *got = tok_text(i);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(parse_loadmodule_names)
{
	parse_ok("loadmodule \"/usr/lib/openser/modules/tm.so\"\nloadmodule \"modules/sl/sl.so\"\n"
		 "loadmodule \"usrloc\"\n# loadmodule \"acc.so\"\n");
	ck_assert_uint_eq(script.nmods, 3);
	ck_assert_str_eq(script.mods[0].name, "tm");
	ck_assert_str_eq(script.mods[1].name, "sl");
	ck_assert_str_eq(script.mods[2].name, "usrloc");
	tok_eq(script.mods[1].path, "\"modules/sl/sl.so\"");
	om_cfg_script_release(&script);
}
END_TEST

START_TEST(parse_modparams)
{
	parse_ok("modparam(\"usrloc|registrar\", 'use_domain', 1)\nmodparam(\"tm\",\"fr_timer_avp\",\"i:24\");\n"
		 "modparam(\"x\", \"neg\", -1)\nmodparam(\"bad\", \"two\")\n");
	ck_assert_uint_eq(script.nparams, 3);
	ck_assert_str_eq(script.params[0].module, "usrloc|registrar");
	ck_assert_str_eq(script.params[0].name, "use_domain");
	tok_eq(script.params[0].value, "1");
	tok_eq(script.params[1].value, "\"i:24\"");
	tok_eq(script.params[1].end, ")");
	tok_eq(script.params[2].value, "-");
	om_cfg_script_release(&script);
}
END_TEST

START_TEST(parse_globals)
{
	parse_ok("debug=3\nfork = yes\nfifo=\"/tmp/f\"\nlisten=udp:1.2.3.4:5060\nport=-5\n");
	ck_assert_uint_eq(script.nglobals, 5);
	tok_eq(script.globals[1].name, "fork");
	tok_eq(script.globals[1].value, "yes");
	tok_eq(script.globals[2].value, "\"/tmp/f\"");
	tok_eq(script.globals[3].value, "udp");
	tok_eq(script.globals[4].value, "-");
	tok_eq(script.globals[4].end, "5");
	om_cfg_script_release(&script);
}
END_TEST

START_TEST(parse_routes_and_calls)
{
	const struct om_cfg_call *c;

	parse_ok("route {\n  if (is_method(\"INVITE\")) { t_relay(); }\n  save(\"location\", \"0x01\");\n}\n"
		 "failure_route[2] { m_store(\"0\"); }\nx = 1\n");
	ck_assert_uint_eq(script.nroutes, 2);
	tok_eq(script.routes[1].kw, "failure_route");
	tok_eq(script.routes[1].open, "{");
	ck_assert_uint_eq(script.ncalls, 5);
	c = &script.calls[1];
	tok_eq(c->name, "is_method");
	ck_assert_uint_eq(c->nargs, 1);
	tok_eq(script.args[c->arg0].first, "\"INVITE\"");
	c = &script.calls[2];
	tok_eq(c->name, "t_relay");
	ck_assert_uint_eq(c->nargs, 0);
	c = &script.calls[3];
	ck_assert_uint_eq(c->nargs, 2);
	tok_eq(script.args[c->arg0 + 1].first, "\"0x01\"");
	tok_eq(script.calls[4].name, "m_store");
	/* The global after the routes is still found. */
	ck_assert_uint_eq(script.nglobals, 1);
	om_cfg_script_release(&script);
}
END_TEST

START_TEST(parse_call_argument_with_nested_brackets)
{
	const struct om_cfg_call *c;

	parse_ok("route { f(g(1, 2), \"b\"); }");
	c = &script.calls[0];
	ck_assert_uint_eq(c->nargs, 2);
	tok_eq(script.args[c->arg0].first, "g");
	tok_eq(script.args[c->arg0].last, ")");
	om_cfg_script_release(&script);
}
END_TEST

START_TEST(parse_comments_are_not_statements)
{
	parse_ok("/* modparam(\"tm\", \"x\", 1) */\n# fifo=\"/tmp/x\"\nroute { # retcode\n }\n");
	ck_assert_uint_eq(script.nparams, 0);
	ck_assert_uint_eq(script.nglobals, 0);
	ck_assert_uint_eq(script.ntok, 3);
	ck_assert_uint_eq(script.all.n, 6);
	om_cfg_script_release(&script);
}
END_TEST

START_TEST(parse_unbalanced_closing_brace)
{
	parse_fails("route {\n  f();\n}\n}\n", "t.cfg:4:1: unbalanced brackets: this '}' closes nothing", 4, 1);
}
END_TEST

START_TEST(parse_wrong_closing_bracket)
{
	parse_fails("route {\n  if (a } f();\n}\n",
		    "t.cfg:2:9: unbalanced brackets: this '}' cannot close the '(' opened at 2:6", 2, 9);
}
END_TEST

START_TEST(parse_brace_never_closed)
{
	parse_fails("route {\n  if (a) {\n    f();\n}\n",
		    "t.cfg:1:7: unbalanced brackets: the '{' opened here is never closed", 1, 7);
}
END_TEST

START_TEST(parse_brackets_in_strings_and_comments_do_not_count)
{
	parse_ok("route { xlog(\"}{)(\"); # }\n /* { */ }\n");
	ck_assert_uint_eq(script.nroutes, 1);
	om_cfg_script_release(&script);
}
END_TEST

#define ADD(s, name, ...) \
	do { \
		const TTest *const t_[] = { __VA_ARGS__ }; \
		add((s), (name), t_, sizeof(t_) / sizeof(t_[0])); \
	} while (0)

static void add(Suite *s, const char *name, const TTest *const *tests, size_t n)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, 60);
	for (size_t i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
}

static Suite *cfg_suite(void)
{
	Suite *s = suite_create("cfg");

	ADD(s, "tokens",
	    lex_statements_with_positions, lex_tab_is_one_column, lex_crlf_lines, lex_two_byte_operators,
	    lex_numbers, lex_names_with_underscores_and_digits, lex_hash_comment_to_end_of_line,
	    lex_hash_comment_at_end_of_text, lex_block_comment_spans_lines, lex_block_comments_nest,
	    lex_comment_markers_inside_strings, lex_quotes_inside_comments, lex_block_opener_inside_hash_comment,
	    lex_escaped_quote_in_string, lex_single_quotes_have_no_escapes, lex_string_spans_lines,
	    lex_pseudo_variables, lex_pseudo_variable_ends_before_operator, lex_backslash_newline_continues,
	    lex_stray_bytes_are_tokens, lex_empty_text);
	ADD(s, "string values",
	    string_value_double_quote_escapes, string_value_single_quotes_raw, string_raw_tells_escapes);
	ADD(s, "scanner errors",
	    lex_unterminated_double_quote, lex_unterminated_after_escaped_quote, lex_unterminated_single_quote,
	    lex_unterminated_comment_names_outer_opener, lex_unterminated_pseudo_variable, lex_nul_byte);
	ADD(s, "statements",
	    parse_loadmodule_names, parse_modparams, parse_globals, parse_routes_and_calls,
	    parse_call_argument_with_nested_brackets, parse_comments_are_not_statements,
	    parse_brackets_in_strings_and_comments_do_not_count);
	ADD(s, "bracket errors",
	    parse_unbalanced_closing_brace, parse_wrong_closing_bracket, parse_brace_never_closed);
	return s;
}

int main(void)
{
	return om_test_main(cfg_suite());
}
