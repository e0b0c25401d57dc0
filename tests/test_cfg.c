/*
 * test_cfg.c: the routing-script upgrade (cfglex, cfgparse, cfgcheck,
 * cfgfix and the cfg-check / cfg-fix commands): tokens and their
 * positions, the errors of broken scripts, every rule on the 1.1 sample
 * script (tests/fixtures/openser-1.1.cfg, golden output), the rewritten
 * script against a hand-checked one, and the CLI's exit codes and JSON.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cfgfix.h"
#include "cfglex.h"
#include "cfgparse.h"
#include "cfgrules.h"
#include "cfgrun.h"
#include "error.h"
#include "json.h"
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

/* ---- findings ------------------------------------------------------------------ */

static struct om_cfg_run run;

static char *fixture_text(const char *name)
{
	struct strbuf p = STRBUF_INIT;
	char *text;

	strbuf_addf(&p, "%s/tests/fixtures/%s", OM_TEST_SRCDIR, name);
	text = om_test_read_file(p.buf, NULL);
	ck_assert_msg(text != NULL, "cannot read %s", p.buf);
	strbuf_release(&p);
	return text;
}

/* cfg-check of text as "t.cfg"; run holds the findings. */
static void check(const char *text)
{
	om_cfg_run_release(&run);
	om_error_clear(&err);
	ck_assert_msg(om_cfg_check_text(&run, "t.cfg", text, strlen(text), &err) == 0, "%s", err.msg);
}

/* cfg-fix of text as "t.cfg" into "new.cfg"; returns the rewritten text. */
static char *fix(const char *text)
{
	struct strbuf out = STRBUF_INIT;

	om_cfg_run_release(&run);
	om_error_clear(&err);
	ck_assert_msg(om_cfg_fix_text(&run, "t.cfg", text, strlen(text), "new.cfg", &out, &err) == 0, "%s", err.msg);
	return strbuf_detach(&out);
}

static char *report(void)
{
	struct strbuf sb = STRBUF_INIT;

	om_cfg_report_text(&run, &sb);
	return strbuf_detach(&sb);
}

/* The report of the last run is exactly want. */
static void report_is(const char *want)
{
	char *got = report();

	ck_assert_str_eq(got, want);
	free(got);
}

/* cfg-check of text reports nothing at all. */
static void clean(const char *text)
{
	check(text);
	report_is("");
}

/* cfg-fix of text gives want. */
static void fixes_to(const char *text, const char *want)
{
	char *got = fix(text);

	ck_assert_str_eq(got, want);
	free(got);
}

static void teardown_run(void)
{
	om_cfg_run_release(&run);
}

START_TEST(sample_check_matches_golden)
{
	char *text = fixture_text("openser-1.1.cfg"), *got;

	om_cfg_run_release(&run);
	ck_assert(om_cfg_check_text(&run, "openser.cfg", text, strlen(text), &err) == 0);
	got = report();
	om_test_golden("cfg-check-1.1.txt", got);
	ck_assert_int_eq(om_cfg_run_exit(&run), 1);
	free(got);
	free(text);
}
END_TEST

START_TEST(sample_fix_matches_hand_checked_file)
{
	char *text = fixture_text("openser-1.1.cfg"), *want = fixture_text("openser-1.2-fixed.cfg"), *got;
	struct strbuf out = STRBUF_INIT;

	om_cfg_run_release(&run);
	ck_assert(om_cfg_fix_text(&run, "openser.cfg", text, strlen(text), "openser-1.2.cfg", &out, &err) == 0);
	ck_assert_str_eq(out.buf, want);
	got = report();
	om_test_golden("cfg-fix-1.1.txt", got);
	free(got);
	free(text);
	free(want);
	strbuf_release(&out);
}
END_TEST

/* What cfg-check says of the rewritten script is what had no rewrite in the original, and no more. */
START_TEST(fixed_sample_reports_only_what_is_not_mechanical)
{
	char *text = fixture_text("openser-1.1.cfg"), *fixed = fixture_text("openser-1.2-fixed.cfg"), *got;
	struct om_cfg_findings manual;
	size_t k = 0;

	check(text);
	om_cfg_findings_init(&manual);
	for (size_t i = 0; i < run.findings.n; i++)
		if (!run.findings.v[i].nedits) {
			OM_GROW(manual.v, manual.n + 1, manual.alloc);
			manual.v[manual.n++] = run.findings.v[i];
			memset(&run.findings.v[i], 0, sizeof(run.findings.v[i]));
		}
	om_cfg_run_release(&run);
	ck_assert(om_cfg_check_text(&run, "openser-1.2.cfg", fixed, strlen(fixed), &err) == 0);
	got = report();
	om_test_golden("cfg-check-1.2-fixed.txt", got);
	ck_assert_uint_eq(run.findings.n, manual.n);
	for (size_t i = 0; i < run.findings.n; i++, k++) {
		ck_assert_uint_eq(run.findings.v[i].nedits, 0);
		ck_assert_str_eq(run.findings.v[i].message, manual.v[k].message);
	}
	om_cfg_findings_release(&manual);
	free(got);
	free(text);
	free(fixed);
}
END_TEST

START_TEST(fix_of_fixed_sample_changes_nothing)
{
	char *fixed = fixture_text("openser-1.2-fixed.cfg");

	fixes_to(fixed, fixed);
	ck_assert_uint_eq(run.fixed.n, 0);
	free(fixed);
}
END_TEST

START_TEST(fix_without_rewrites_keeps_every_byte)
{
	const char *t = "# a comment\r\n\tloadmodule \"acc.so\"   /* c */\nmodparam(\"acc\", \"log_fmt\", \"fmi\")\n"
			"modparam(\"acc\", \"db_extra\", \"x=$fU\")\nroute{exec(\"x\");}";

	fixes_to(t, t);
	ck_assert_uint_eq(run.findings.n, 2);
}
END_TEST

/* A one-module script that sets param (in a value of the right shape for its rule). */
static void param_script(struct strbuf *sb, const struct om_cfg_param_rule *r)
{
	strbuf_addf(sb, "loadmodule \"%s.so\"\nmodparam(\"%s\", \"%s\", ", r->module, r->module, r->param);
	if (r->fix == OM_CFG_PARAM_AVP_NAME)
		strbuf_adds(sb, "\"i:7\")\n");
	else if (r->fix == OM_CFG_PARAM_CREDENTIALS)
		strbuf_adds(sb, "\"s:a=b\")\n");
	else if (r->fix == OM_CFG_PARAM_TO_CORE)
		strbuf_adds(sb, "\"a=i:1\")\n");
	else if (r->fix == OM_CFG_PARAM_USE_DOMAIN)
		strbuf_adds(sb, "1)\n");
	else
		strbuf_adds(sb, "7)\n");
}

START_TEST(every_parameter_rule_reports_its_parameter)
{
	size_t rows = 0;

	for (const struct om_cfg_param_rule *r = om_cfg_param_rules; r->param; r++, rows++) {
		struct strbuf t = STRBUF_INIT, name = STRBUF_INIT;
		bool seen = false;

		param_script(&t, r);
		check(t.buf);
		strbuf_addf(&name, "\"%s\" of \"%s\"", r->param, r->module);
		for (size_t i = 0; i < run.findings.n; i++)
			seen |= run.findings.v[i].line == 2 && strstr(run.findings.v[i].message, name.buf) != NULL;
		ck_assert_msg(seen, "no finding for %s in:\n%s", name.buf, t.buf);
		strbuf_release(&t);
		strbuf_release(&name);
	}
	ck_assert_uint_eq(rows, 50);
}
END_TEST

/* Arguments that the rule's rewrite, if it has one, acts on. */
static const char *call_args(const struct om_cfg_call_rule *r)
{
	switch (r->fix) {
	case OM_CFG_CALL_AVP_WRITE:
		return "\"i:1\", \"$avp(i:2)\"";
	case OM_CFG_CALL_M_STORE:
		return "\"0\"";
	case OM_CFG_CALL_DOMAIN:
		return "\"$ruri\"";
	case OM_CFG_CALL_SHELL:
		return "\"echo $HOME\"";
	default:
		return r->nargs == 2 ? "\"1\", \"2\"" : r->nargs == 0 ? "" : "\"1\"";
	}
}

START_TEST(every_function_rule_reports_its_call)
{
	size_t rows = 0;

	for (const struct om_cfg_call_rule *r = om_cfg_call_rules; r->name; r++, rows++) {
		struct strbuf t = STRBUF_INIT;

		strbuf_addf(&t, "loadmodule \"sl.so\"\nloadmodule \"%s.so\"\nroute {\n\t%s(%s);\n}\n",
			    r->module ? r->module : "tm", r->name, call_args(r));
		check(t.buf);
		ck_assert_msg(run.findings.n == 1 && run.findings.v[0].line == 4 && run.findings.v[0].col == 2 &&
			      run.findings.v[0].kind == r->kind,
			      "not one finding at 4:2 for:\n%s", t.buf);
		ck_assert_int_eq(run.findings.v[0].nedits > 0, r->fix != OM_CFG_CALL_NONE);
		strbuf_release(&t);
	}
	ck_assert_uint_eq(rows, 17);
}
END_TEST

START_TEST(every_core_rule_reports_its_statement)
{
	size_t rows = 0;

	for (const struct om_cfg_core_rule *r = om_cfg_core_rules; r->name; r++, rows++) {
		struct strbuf t = STRBUF_INIT;

		strbuf_addf(&t, "debug=3\n%s=\"x\"\n", r->name);
		check(t.buf);
		ck_assert_msg(run.findings.n == 1 && run.findings.v[0].line == 2 && run.findings.v[0].col == 1 &&
			      run.findings.v[0].kind == OM_CFG_ERROR && strstr(run.findings.v[0].message, r->name),
			      "no finding for %s", r->name);
		strbuf_release(&t);
	}
	ck_assert_uint_eq(rows, 8);
}
END_TEST

/* Did the last run make or report a finding with this message? */
static bool has_message(const struct om_cfg_findings *f, const char *message)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].message, message))
			return true;
	return false;
}

START_TEST(every_default_rule_restores_its_value)
{
	size_t rows = 0;

	for (const struct om_cfg_default_rule *r = om_cfg_default_rules; r->param; r++, rows++) {
		struct strbuf t = STRBUF_INIT, line = STRBUF_INIT;
		char *got;

		strbuf_addf(&t, "loadmodule \"sl.so\"\nloadmodule \"%s.so\"\n", r->module);
		if (r->flags_param)
			strbuf_addf(&t, "modparam(\"%s\", \"%s\", %d)\n", r->module, r->flags_param, r->flags_bit);
		strbuf_addf(&t, "route {\n\t%s(\"%s\");\n}\n", r->call ? r->call : "xlog", r->mention ? r->mention : "x");
		strbuf_addf(&line, "\nmodparam(\"%s\", \"%s\", \"%s\")\n", r->module, r->param, r->value);
		got = fix(t.buf);
		ck_assert_msg(strstr(got, line.buf) != NULL, "%s not set in:\n%s", r->param, got);
		ck_assert(has_message(&run.fixed, r->message));
		ck_assert_uint_eq(run.findings.n, 0);
		/* Set, under its 1.2 name or its 1.1 one: nothing to say. */
		strbuf_reset(&t);
		strbuf_addf(&t, "loadmodule \"sl.so\"\nloadmodule \"%s.so\"\nmodparam(\"%s\", \"%s\", \"$avp(i:1)\")\n"
			    "route { %s(\"%s\"); }\n", r->module, r->module, r->old_param ? r->old_param : r->param,
			    r->call ? r->call : "xlog", r->mention ? r->mention : "x");
		check(t.buf);
		ck_assert(!has_message(&run.findings, r->message));
		free(got);
		strbuf_release(&t);
		strbuf_release(&line);
	}
	ck_assert_uint_eq(rows, 8);
	/* Not relied on: failover off, another AVP name. */
	clean("loadmodule \"tm.so\"\nloadmodule \"dispatcher.so\"\nmodparam(\"dispatcher\", \"flags\", 1)\n"
	      "route { xlog(\"callee_fr_timers i:68431\"); }\n");
}
END_TEST

START_TEST(plain_avp_parameters_that_did_not_change_are_left_alone)
{
	clean("loadmodule \"lcr.so\"\nloadmodule \"permissions.so\"\nloadmodule \"group.so\"\nloadmodule \"uac.so\"\n"
	      "loadmodule \"mediaproxy.so\"\nloadmodule \"dialog.so\"\n"
	      "modparam(\"lcr\", \"gw_uri_avp\", \"1400\")\nmodparam(\"lcr\", \"ruri_user_avp\", \"1401\")\n"
	      "modparam(\"lcr\", \"contact_avp\", \"1402\")\nmodparam(\"lcr\", \"rpid_avp\", \"i:1403\")\n"
	      "modparam(\"lcr\", \"fr_inv_timer_avp\", \"i:1404\")\n"
	      "modparam(\"permissions\", \"peer_tag_avp\", \"s:peer_tag\")\n"
	      "modparam(\"uac\", \"auth_username_avp\", \"$avp(s:auth_user)\")\n"
	      "modparam(\"dialog\", \"timeout_avp\", \"$avp(i:10)\")\n"
	      "modparam(\"mediaproxy\", \"signaling_ip_avp\", \"s:signaling_ip\")\n"
	      "route { is_user_in(\"Request-URI\", \"i:44\"); get_user_group(\"$ru\", \"i:45\"); load_gws(); }\n");
}
END_TEST

START_TEST(scripts_in_the_12_form_are_clean)
{
	char *fixed;

	clean("mpath=\"/usr/lib/openser/modules\"\navp_aliases=\"uuid=I:660\"\nsock_mode=0600\n"
	      "loadmodule \"sl.so\"\nloadmodule \"tm.so\"\nloadmodule \"usrloc.so\"\nloadmodule \"registrar.so\"\n"
	      "loadmodule \"mi_fifo.so\"\nloadmodule \"msilo.so\"\nloadmodule \"exec.so\"\nloadmodule \"nathelper.so\"\n"
	      "modparam(\"mi_fifo\", \"fifo_name\", \"/tmp/openser_fifo\")\nmodparam(\"tm\", \"syn_branch\", 0)\n"
	      "modparam(\"tm\", \"fr_timer_avp\", \"$avp(s:callee_fr_timer)\")\n"
	      "modparam(\"registrar\", \"received_avp\", \"$avp(i:42)\")\n"
	      "modparam(\"nathelper\", \"received_avp\", \"$avp(i:42)\")\n"
	      "modparam(\"usrloc\", \"nat_bflag\", 6)\nmodparam(\"nathelper\", \"natping_interval\", 30)\n"
	      "modparam(\"nathelper\", \"ping_nated_only\", 1)\nmodparam(\"nathelper\", \"sipping_bflag\", 7)\n"
	      "modparam(\"nathelper\", \"sipping_from\", \"sip:pinger@example.com\")\n"
	      "route {\n\tif (nat_uac_test(\"19\")) { setbflag(6); fix_nated_register(); }\n"
	      "\tif ($retcode == 1 || $rc == 2) { $avp(i:1) = 22; $avp(s:x) = \"y\"; }\n"
	      "\tswitch ($retcode) { case 1: break; }\n\tm_store(); m_store(\"$tu\"); save(\"location\");\n"
	      "\texec_msg(\"echo $$HOME $rU $avp(s:x) $(avp(i:1)[0]) $T_branch_idx $$1\");\n"
	      "\tif (isbflagset(6)) { setsflag(1); }\n}\n");
	/* Nothing to do, and cfg-fix writes the same bytes. */
	fixed = fix("loadmodule \"tm.so\"\nroute { t_relay(); }\n");
	ck_assert_str_eq(fixed, "loadmodule \"tm.so\"\nroute { t_relay(); }\n");
	ck_assert_int_eq(om_cfg_run_exit(&run), 0);
	free(fixed);
}
END_TEST

START_TEST(keywords_in_comments_and_strings_are_not_statements)
{
	clean("# fifo=\"/tmp/fifo\"\n/* syn_branch=1\n modparam(\"tm\", \"fr_timer_avp\", \"i:24\") */\n"
	      "loadmodule \"tm.so\"\nroute {\n\txlog(\"retcode avp_write(1,2) $? m_store(\\\"0\\\")\");\n"
	      "\t# if (retcode == 1) avp_write(\"i:1\", \"$avp(i:2)\");\n}\n");
}
END_TEST

START_TEST(retcode_forms)
{
	fixes_to("route { if (retcode==-1) return(retcode); switch(retcode){ default: break; } if ($?) {} }\n",
		 "route { if ($retcode==-1) return($retcode); switch($retcode){ default: break; } if ($retcode) {} }\n");
	ck_assert_uint_eq(run.fixed.n, 4);
	/* A function of that name (a module's) or a global is not the keyword. */
	clean("retcode=1\nroute { retcode(1); }\n");
}
END_TEST

START_TEST(modparam_of_several_modules_is_reported_not_rewritten)
{
	const char *t = "loadmodule \"sl.so\"\nloadmodule \"registrar.so\"\nloadmodule \"nathelper.so\"\n"
			"modparam(\"registrar|nathelper\", \"received_avp\", 42)\nmodparam(\"REGISTRAR\", \"nat_flag\", 3)\n";

	fixes_to(t, t);
	report_is("new.cfg:4:33: error: module parameter \"received_avp\" of \"nathelper\" takes an AVP name in 1.2, "
		  "not the number 42; in 1.2: modparam(\"nathelper\", \"received_avp\", \"$avp(i:42)\")\n"
		  "new.cfg:4:33: error: module parameter \"received_avp\" of \"registrar\" takes an AVP name in 1.2, "
		  "not the number 42; in 1.2: modparam(\"registrar\", \"received_avp\", \"$avp(i:42)\")\n"
		  "new.cfg:5:23: error: module parameter \"nat_flag\" of \"registrar\" was removed in 1.2: usrloc keeps "
		  "the NAT mark as a branch flag in 1.2: set nat_bflag there and mark NATed REGISTERs with setbflag() "
		  "instead of setflag(); in 1.2: modparam(\"usrloc\", \"nat_bflag\", 3)\n");
}
END_TEST

START_TEST(avp_number_zero_is_the_12_default)
{
	fixes_to("loadmodule \"msilo.so\"\nmodparam(\"msilo\", \"snd_time_avp\", 0)\nmodparam(\"msilo\", \"db_url\", \"x\")\n",
		 "loadmodule \"msilo.so\"\nmodparam(\"msilo\", \"db_url\", \"x\")\n");
	fixes_to("loadmodule \"dispatcher.so\"\nmodparam(\"dispatcher\", \"dst_avp_id\", 0) # off\n",
		 "loadmodule \"dispatcher.so\"\n # off\n");
}
END_TEST

START_TEST(avp_values_keep_their_quotes)
{
	fixes_to("loadmodule \"tm.so\"\nmodparam('tm', 'fr_timer_avp', 'i:24')\nmodparam(\"tm\", \"fr_inv_timer_avp\", \"i:2\\x35\")\n",
		 "loadmodule \"tm.so\"\nmodparam('tm', 'fr_timer_avp', '$avp(i:24)')\n"
		 "modparam(\"tm\", \"fr_inv_timer_avp\", \"$avp(i:25)\")\n");
	/* A name that would not read back as one pseudo-variable: reported, left. */
	fixes_to("loadmodule \"tm.so\"\nmodparam(\"tm\", \"fr_timer_avp\", \"s:a)b\")\n",
		 "loadmodule \"tm.so\"\nmodparam(\"tm\", \"fr_timer_avp\", \"s:a)b\")\n");
	ck_assert_uint_eq(run.findings.n, 1);
	ck_assert_str_eq(run.findings.v[0].replacement, "modparam(\"tm\", \"fr_timer_avp\", \"$avp(s:a)b)\")");
	fixes_to("loadmodule \"dispatcher.so\"\nmodparam(\"dispatcher\", \"dst_avp_id\", 0x10F)\n",
		 "loadmodule \"dispatcher.so\"\nmodparam(\"dispatcher\", \"dst_avp\", \"$avp(i:271)\")\n");
	fixes_to("loadmodule \"auth_db.so\"\nmodparam(\"auth_db\", \"load_credentials\", \" s:a = b ;c;$avp(s:d)=d;e=e\")\n",
		 "loadmodule \"auth_db.so\"\nmodparam(\"auth_db\", \"load_credentials\", \" $avp(s:a) = b ;c;$avp(s:d)=d;$avp(e)=e\")\n");
}
END_TEST

START_TEST(use_domain_that_differs_from_usrloc_is_left)
{
	const char *t = "loadmodule \"usrloc.so\"\nloadmodule \"registrar.so\"\nloadmodule \"sl.so\"\n"
			"modparam(\"registrar\", \"use_domain\", 1)\n";

	fixes_to(t, t);
	report_is("new.cfg:4:23: error: module parameter \"use_domain\" of \"registrar\" was removed in 1.2: registrar "
		  "uses usrloc's use_domain (0 here): set it there; in 1.2: modparam(\"usrloc\", \"use_domain\", 1)\n");
	fixes_to("loadmodule \"usrloc.so\"\nloadmodule \"registrar.so\"\nloadmodule \"sl.so\"\n"
		 "modparam(\"registrar\", \"use_domain\", 0); modparam(\"usrloc\", \"db_mode\", 0)\n",
		 "loadmodule \"usrloc.so\"\nloadmodule \"registrar.so\"\nloadmodule \"sl.so\"\n"
		 " modparam(\"usrloc\", \"db_mode\", 0)\n");
}
END_TEST

START_TEST(avp_write_forms)
{
	fixes_to("route {\n\tavp_write(\"i:-5\", \"i:3\");\n\tavp_write('s:a \"b\"', 'fwd');\n"
		 "\tif (x) avp_write(\"i:1\", \"$avp(i:2)\");\n\tif (avp_write(\"i:1\", \"$avp(i:2)\")) {}\n"
		 "\tavp_write(\"$ruri\", \"$avp(i:2)\");\n\tavp_write(\"i:1x\", \"$avp(i:2)\");\n}\n",
		 "route {\n\t$avp(i:3) = -5;\n\t$avp(fwd) = \"a \\\"b\\\"\";\n"
		 "\tif (x) avp_write(\"i:1\", \"$avp(i:2)\");\n\tif (avp_write(\"i:1\", \"$avp(i:2)\")) {}\n"
		 "\tavp_write(\"$ruri\", \"$avp(i:2)\");\n\tavp_write(\"i:1x\", \"$avp(i:2)\");\n}\n");
	ck_assert_uint_eq(run.fixed.n, 2);
	ck_assert_uint_eq(run.findings.n, 4);
	ck_assert_str_eq(run.findings.v[0].replacement, "$avp(i:2) = 1;");
	ck_assert_str_eq(run.findings.v[2].replacement, "$avp(NAME) = VALUE;");
}
END_TEST

START_TEST(m_store_modes_become_owners)
{
	fixes_to("route { m_store(\"0\"); m_store('1'); m_store(\"2\"); m_store(\"$tu\"); m_store(\"3\"); }\n",
		 "route { m_store(); m_store('$ou'); m_store(\"$tu\"); m_store(\"$tu\"); m_store(\"3\"); }\n");
	ck_assert_uint_eq(run.fixed.n, 3);
	ck_assert_int_eq(run.fixed.v[0].col, 9);
	ck_assert_uint_eq(run.findings.n, 0);
	check("route { m_store(\"0\", \"1\"); }");
	ck_assert_uint_eq(run.findings.n, 1);
	ck_assert_int_eq(run.findings.v[0].kind, OM_CFG_ERROR);
}
END_TEST

START_TEST(is_domain_local_arguments)
{
	fixes_to("route { is_domain_local(\"$ruri\"); is_domain_local(\"$from\"); is_domain_local(\"s:dom\"); "
		 "is_domain_local(\"$rd\"); is_domain_local(\"$avp(s:d)\"); }\n",
		 "route { is_domain_local(\"$rd\"); is_domain_local(\"$fd\"); is_domain_local(\"$avp(s:dom)\"); "
		 "is_domain_local(\"$rd\"); is_domain_local(\"$avp(s:d)\"); }\n");
	ck_assert_uint_eq(run.fixed.n, 3);
}
END_TEST

START_TEST(shell_dollars_in_exec_commands)
{
	fixes_to("route { exec_msg(\"a $SIP_OUSER $rU $$X $ ${Y} $1 $avp(s:x) $(hdr(To)) $T_branch_idx $ruri $rUx $\"); "
		 "exec_dset('$HOME'); exec_msg(\"$fu\"); }\n",
		 "route { exec_msg(\"a $$SIP_OUSER $rU $$X $$ $${Y} $$1 $avp(s:x) $(hdr(To)) $T_branch_idx $ruri $$rUx $$\"); "
		 "exec_dset('$$HOME'); exec_msg(\"$fu\"); }\n");
	ck_assert_uint_eq(run.fixed.n, 2);
	ck_assert_str_eq(run.fixed.v[0].message, "1.2 reads every '$' in the command of exec_msg() as a pseudo-variable: "
			 "write \"$$\" for the shell's '$': \"$SIP_OUSER\" is no pseudo-variable "
			 "(openser -c does not notice; start-up fails)");
}
END_TEST

START_TEST(usrloc_moves_before_the_modules_that_bind_to_it)
{
	fixes_to("loadmodule \"sl.so\"\nloadmodule \"registrar.so\"\nmodparam(\"registrar\", \"max_contacts\", 1)\n"
		 "  loadmodule \"usrloc.so\"  \nmodparam(\"usrloc\", \"db_mode\", 0)\n",
		 "loadmodule \"sl.so\"\n  loadmodule \"usrloc.so\"  \nloadmodule \"registrar.so\"\n"
		 "modparam(\"registrar\", \"max_contacts\", 1)\nmodparam(\"usrloc\", \"db_mode\", 0)\n");
	/* The last line, without a line end. */
	fixes_to("loadmodule \"registrar.so\"\nloadmodule \"sl.so\"\nloadmodule \"usrloc.so\"",
		 "loadmodule \"usrloc.so\"\nloadmodule \"registrar.so\"\nloadmodule \"sl.so\"\n");
	/* Sharing a line with something else: reported, not moved. */
	check("loadmodule \"registrar.so\" loadmodule \"sl.so\"\nloadmodule \"usrloc.so\" # the store\n");
	ck_assert_uint_eq(run.findings.n, 1);
	ck_assert_uint_eq(run.findings.v[0].nedits, 0);
}
END_TEST

START_TEST(modules_that_bind_to_usrloc_only_sometimes)
{
	const char *t = "loadmodule \"nathelper.so\"\nloadmodule \"mediaproxy.so\"\nloadmodule \"cpl-c.so\"\n"
			"loadmodule \"usrloc.so\"\nmodparam(\"nathelper\", \"natping_interval\", 0)\n";

	clean(t);
	check("loadmodule \"nathelper.so\"\nloadmodule \"mediaproxy.so\"\nloadmodule \"cpl-c.so\"\n"
	      "loadmodule \"usrloc.so\"\nmodparam(\"mediaproxy\", \"natping_interval\", 20)\n"
	      "modparam(\"cpl-c\", \"lookup_domain\", \"location\")\n");
	report_is("t.cfg:4:1: error: usrloc is loaded after \"mediaproxy\" and \"cpl-c\", which bind to it: in 1.2 "
		  "usrloc must be loaded first (openser -c does not notice; start-up fails); in 1.2: "
		  "loadmodule \"usrloc.so\"\n");
}
END_TEST

START_TEST(modules_1_2_needs_set)
{
	check("loadmodule \"usrloc.so\"\nloadmodule \"registrar.so\"\nloadmodule \"nathelper.so\"\n"
	      "modparam(\"nathelper\", \"sipping_bflag\", 7)\n");
	report_is("t.cfg:2:1: error: registrar needs the sl module loaded in 1.2 (openser -c does not notice; "
		  "start-up fails)\nt.cfg:4:23: error: nathelper's sipping_bflag needs sipping_from set (the From URI "
		  "of the pings) (openser -c does not notice; start-up fails)\n");
	check("loadmodule \"nathelper.so\"\nmodparam(\"nathelper\", \"ping_nated_only\", 1)\n"
	      "modparam(\"nathelper\", \"natping_interval\", 10)\n");
	ck_assert_uint_eq(run.findings.n, 1);
	ck_assert_ptr_null(run.findings.v[0].replacement);
	clean("loadmodule \"nathelper.so\"\nmodparam(\"nathelper\", \"ping_nated_only\", 1)\n");
}
END_TEST

START_TEST(nat_flags_are_branch_flags)
{
	check("loadmodule \"registrar.so\"\nloadmodule \"cpl-c.so\"\nloadmodule \"sl.so\"\n"
	      "modparam(\"registrar\", \"sip_natping_flag\", 7)\nmodparam(\"cpl-c\", \"nat_flag\", 5)\n"
	      "route { setflag(7); resetflag(5); isflagset(4); setflag(\"7\"); }\n");
	ck_assert_uint_eq(run.findings.n, 4);
	ck_assert_str_eq(run.findings.v[2].message, "flag 7 is registrar's sip_natping_flag: 1.2 keeps that mark in a "
			 "branch flag, which setflag() does not touch");
	ck_assert_str_eq(run.findings.v[2].replacement, "setbflag(7)");
	ck_assert_str_eq(run.findings.v[3].replacement, "resetbflag(5)");
}
END_TEST

START_TEST(acc_extra_columns_hint)
{
	check("loadmodule \"acc.so\"\nmodparam(\"acc\", \"log_flag\", 1)\n");
	report_is("t.cfg:1:1: hint: 1.2's acc records the method, the tags, the Call-ID and the reply's code and reason; "
		  "the upgraded acc and missed_calls tables have src_user, src_domain, dst_user and dst_domain, which "
		  "log_extra (db_extra for the database) fills (the upgrade took dst_* of the old rows from the request URI "
		  "as it arrived, $oU and $od); in 1.2: modparam(\"acc\", \"log_extra\", "
		  "\"src_user=$fU;src_domain=$fd;dst_user=$oU;dst_domain=$od\")\n");
	/* A hint alone: nothing to change. */
	ck_assert_int_eq(om_cfg_run_exit(&run), 0);
	clean("loadmodule \"acc.so\"\nmodparam(\"acc\", \"db_extra\", \"src_user=$fU\")\n");
}
END_TEST

START_TEST(fifo_moves_to_mi_fifo_in_the_scripts_path_style)
{
	fixes_to("fifo=\"/tmp/f\"\nmpath=\"/usr/lib/openser/modules\"\nloadmodule \"tm\"\n",
		 "mpath=\"/usr/lib/openser/modules\"\nloadmodule \"tm\"\nloadmodule \"mi_fifo\"\n"
		 "modparam(\"mi_fifo\", \"fifo_name\", \"/tmp/f\")\n");
	fixes_to("fifo='/tmp/f' # the FIFO\nloadmodule \"modules/tm/tm.so\"\n",
		 " # the FIFO\nloadmodule \"modules/tm/tm.so\"\nloadmodule \"modules/mi_fifo/mi_fifo.so\"\n"
		 "modparam(\"mi_fifo\", \"fifo_name\", '/tmp/f')\n");
	fixes_to("loadmodule \"sl.so\"\nloadmodule \"mi_fifo.so\"\nfifo=\"/tmp/f\"\n",
		 "loadmodule \"sl.so\"\nloadmodule \"mi_fifo.so\"\nmodparam(\"mi_fifo\", \"fifo_name\", \"/tmp/f\")\n");
	/* No loadmodule to follow: in the old statement's place. */
	fixes_to("debug=3 fifo=\"/tmp/f\" fork=no\n",
		 "debug=3 loadmodule \"mi_fifo.so\"\nmodparam(\"mi_fifo\", \"fifo_name\", \"/tmp/f\") fork=no\n");
}
END_TEST

START_TEST(fifo_aliases_without_a_fifo_are_the_sockets)
{
	fixes_to("fifo_user=openser\nfifo_group=\"sip\"\nfile_mode=0600\n",
		 "sock_user=openser\nsock_group=\"sip\"\nsock_mode=0600\n");
	/* With mi_fifo given its own owner by hand, the alias is only the socket's. */
	fixes_to("loadmodule \"mi_fifo.so\"\nmodparam(\"mi_fifo\", \"fifo_user\", \"sip\")\nfifo_user=sip\nfifo_group=sip\n",
		 "loadmodule \"mi_fifo.so\"\nmodparam(\"mi_fifo\", \"fifo_user\", \"sip\")\nsock_user=sip\nfifo_group=sip\n");
	ck_assert_uint_eq(run.findings.n, 1);
	ck_assert_str_eq(run.findings.v[0].replacement, "sock_group=sip\nmodparam(\"mi_fifo\", \"fifo_group\", \"sip\")");
}
END_TEST

START_TEST(syn_branch_needs_tm_to_move)
{
	const char *t = "syn_branch=1\nloadmodule \"sl.so\"\n";

	fixes_to(t, t);
	fixes_to("syn_branch=yes;\nloadmodule \"tm.so\"\n", "loadmodule \"tm.so\"\nmodparam(\"tm\", \"syn_branch\", yes)\n");
}
END_TEST

START_TEST(crlf_scripts_get_crlf_lines)
{
	fixes_to("syn_branch=0\r\nloadmodule \"tm.so\"\r\nroute {\r\n\tif (retcode) {}\r\n}\r\n",
		 "loadmodule \"tm.so\"\r\nmodparam(\"tm\", \"syn_branch\", 0)\r\nroute {\r\n\tif ($retcode) {}\r\n}\r\n");
}
END_TEST

START_TEST(insertion_after_a_last_line_without_line_end)
{
	fixes_to("syn_branch=0\nloadmodule \"tm.so\"", "loadmodule \"tm.so\"\nmodparam(\"tm\", \"syn_branch\", 0)");
}
END_TEST

/* Found by the fuzzer (tests/fuzz/cfg.c): each made cfg-fix write a script that parsed otherwise. */
START_TEST(fuzz_findings_stay_fixed)
{
	const char *t;

	/* The last loadmodule's line ends inside a string: nothing may be inserted there. */
	t = "syn_branch=1\nloadmodule \"tm.so\" x(\"a\nmodparam(\")\n";
	fixes_to(t, t);
	/* ... or inside a block that starts on it. */
	t = "syn_branch=1\nloadmodule \"tm.so\" route {\n\txlog(\"x\");\n}\n";
	fixes_to(t, t);
	/* A module path with a quote in it: the new path is written escaped. */
	fixes_to("fifo=\"/f\"\nloadmodule \"/lib/a\\\"b/tm.so\"\n",
		 "loadmodule \"/lib/a\\\"b/tm.so\"\nloadmodule \"/lib/a\\\"b/mi_fifo.so\"\n"
		 "modparam(\"mi_fifo\", \"fifo_name\", \"/f\")\n");
	/* Two fifo=: the last one wins, as in 1.1; mi_fifo is loaded once. */
	fixes_to("fifo=\"/a\"\nloadmodule \"tm.so\"\nfifo=\"/b\"\n",
		 "loadmodule \"tm.so\"\nloadmodule \"mi_fifo.so\"\nmodparam(\"mi_fifo\", \"fifo_name\", \"/b\")\n");
	ck_assert_uint_eq(run.fixed.n, 2);
	/* Modules loaded but no place to insert: fifo= is not rewritten in place either. */
	t = "fifo=\"/a\"\nloadmodule \"tm.so\" /* x\n*/\n";
	fixes_to(t, t);
	/* A call without arguments where one is looked for. */
	clean("loadmodule \"usrloc.so\"\nloadmodule \"registrar.so\"\nloadmodule \"sl.so\"\n"
	      "route { setflag(); m_store(); exec_msg(); }\n");
	/* A NUL byte inside a string is a NUL byte too. */
	om_cfg_run_release(&run);
	ck_assert_int_eq(om_cfg_check_text(&run, "t.cfg", "x(\"a\0b\")", 8, &err), -1);
	ck_assert_str_eq(err.msg, "t.cfg:1:5: a NUL byte: this is not a text file");
}
END_TEST

START_TEST(check_text_reports_where_it_stopped)
{
	om_cfg_run_release(&run);
	ck_assert_int_eq(om_cfg_check_text(&run, "t.cfg", "route {\n  x(\"a);\n}\n", 19, &err), -1);
	ck_assert_str_eq(err.msg, "t.cfg:2:5: unterminated string: the '\"' opened here is never closed");
	ck_assert_int_eq(run.where.line, 2);
	ck_assert_int_eq(run.where.col, 5);
	ck_assert_uint_eq(run.findings.n, 0);
}
END_TEST

START_TEST(overlapping_edits_keep_the_first_finding)
{
	struct om_cfg_findings f;
	struct om_cfg_finding a, b;
	struct om_cfg_edit ea = { 2, 5, "X", 0 }, eb = { 4, 6, "Y", 1 }, ec = { 6, 6, "Z", 2 };
	struct strbuf out = STRBUF_INIT;
	bool applied[2];

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.edits = &ea;
	a.nedits = 1;
	b.edits = (struct om_cfg_edit[]){ eb, ec };
	b.nedits = 2;
	f.v = (struct om_cfg_finding[]){ a, b };
	f.n = 2;
	ck_assert_uint_eq(om_cfg_apply("abcdefgh", 8, &f, applied, &out, NULL), 1);
	ck_assert_str_eq(out.buf, "abXfgh");
	ck_assert(applied[0] && !applied[1]);
	strbuf_release(&out);
}
END_TEST

START_TEST(map_back_finds_the_input_offset)
{
	struct om_cfg_findings f;
	struct om_cfg_finding a;
	struct om_cfg_edit ea[] = { { 2, 5, "XY", 0 }, { 6, 6, "Z", 1 } };
	struct strbuf out = STRBUF_INIT;
	struct om_cfg_map m;
	bool applied[1];

	memset(&a, 0, sizeof(a));
	a.edits = ea;
	a.nedits = 2;
	f.v = &a;
	f.n = 1;
	om_cfg_map_init(&m);
	ck_assert_uint_eq(om_cfg_apply("abcdefgh", 8, &f, applied, &out, &m), 1);
	ck_assert_str_eq(out.buf, "abXYfZgh");
	ck_assert_uint_eq(om_cfg_map_back(&m, 0), 0);  /* a */
	ck_assert_uint_eq(om_cfg_map_back(&m, 1), 1);  /* b */
	ck_assert_uint_eq(om_cfg_map_back(&m, 2), 2);  /* X: the edit made at 2 */
	ck_assert_uint_eq(om_cfg_map_back(&m, 3), 2);  /* Y */
	ck_assert_uint_eq(om_cfg_map_back(&m, 4), 5);  /* f */
	ck_assert_uint_eq(om_cfg_map_back(&m, 5), 6);  /* Z: the insertion at 6 */
	ck_assert_uint_eq(om_cfg_map_back(&m, 6), 6);  /* g */
	ck_assert_uint_eq(om_cfg_map_back(&m, 8), 8);  /* the end */
	om_cfg_map_release(&m);
	strbuf_release(&out);
}
END_TEST

/*
 * A change that another one makes possible is made in the same run: two
 * changes whose edits overlap (the usrloc move and the fifo rewrite on
 * registrar's line), a statement that shares its line with the rest of a
 * string until an earlier fix deletes the string's line.  Fixing the
 * output again changes nothing, and every change is reported at its
 * place in the input.
 */
START_TEST(fix_makes_every_change_in_one_run)
{
	static const struct {
		const char *in, *report;
	} cases[] = {
		{ "loadmodule\"registrar\"fifo=\"\"\nloadmodule\"usrloc\"",
		  "t.cfg:1:22: fixed: the core parameter \"fifo\" was removed in 1.2: the FIFO server is the mi_fifo "
		  "module; in 1.2: loadmodule \"mi_fifo\" + modparam(\"mi_fifo\", \"fifo_name\", \"\")\n"
		  "t.cfg:2:1: fixed: usrloc is loaded after \"registrar\", which binds to it: in 1.2 usrloc must be "
		  "loaded first (openser -c does not notice; start-up fails); in 1.2: loadmodule\"usrloc\"\n"
		  "new.cfg:2:1: error: registrar needs the sl module loaded in 1.2 (openser -c does not notice; "
		  "start-up fails)\n" },
		{ "loadmodule\"\"fifo=\"\n\"fifo=\"\"",
		  "t.cfg:1:13: fixed: the core parameter \"fifo\" was removed in 1.2: the FIFO server is the mi_fifo "
		  "module; a later fifo= sets it again: delete the line\n"
		  "t.cfg:2:2: fixed: the core parameter \"fifo\" was removed in 1.2: the FIFO server is the mi_fifo "
		  "module; in 1.2: loadmodule \"mi_fifo\" + modparam(\"mi_fifo\", \"fifo_name\", \"\")\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *once = fix(cases[i].in), *got = report(), *twice;

		ck_assert_str_eq(got, cases[i].report);
		twice = fix(once);
		ck_assert_uint_eq(run.fixed.n, 0);
		ck_assert_str_eq(twice, once);
		free(once);
		free(twice);
		free(got);
	}
}
END_TEST

/* ---- the commands ---------------------------------------------------------------- */

static char *dir;

static void setup_dir(void)
{
	dir = om_test_mkdtemp();
}

static void teardown_dir(void)
{
	om_test_rmtree(dir);
	free(dir);
	dir = NULL;
}

static char *in_dir(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", dir, name);
	return strbuf_detach(&sb);
}

/* s with every occurrence of the test's folder written DIR; s is freed. */
static char *hide_dir(char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(dir);

	for (const char *p = s; *p;) {
		if (!strncmp(p, dir, n)) {
			strbuf_adds(&sb, "DIR");
			p += n;
		} else {
			strbuf_addch(&sb, *p++);
		}
	}
	free(s);
	return strbuf_detach(&sb);
}

/* Run openser-migrate with argv (NULL-terminated); outputs with the folder as DIR. */
static int cli(char **out, char **errout, const char *const *argv)
{
	int code = om_test_run(argv, NULL, out, errout);

	*out = hide_dir(*out);
	*errout = hide_dir(*errout);
	return code;
}

/* A copy of fixture name in the folder, as file. */
static char *copy_fixture(const char *name, const char *file)
{
	char *to = in_dir(file);
	struct strbuf from = STRBUF_INIT;

	strbuf_addf(&from, "%s/tests/fixtures/%s", OM_TEST_SRCDIR, name);
	om_test_copy_file(from.buf, to);
	strbuf_release(&from);
	return to;
}

static char *write_in_dir(const char *file, const char *text)
{
	char *path = in_dir(file);

	om_test_write_file(path, text);
	return path;
}

/* The golden file name with "DIR/" in front of each line: what the CLI prints for files in the folder. */
static void golden_in_dir(const char *name, const char *out)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = out; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);

		ck_assert_msg(!strncmp(p, "DIR/", 4), "line without DIR/: %.80s", p);
		strbuf_add(&sb, p + 4, n - 4);
		p += n;
	}
	om_test_golden(name, sb.buf);
	strbuf_release(&sb);
}

START_TEST(cli_check_exit_codes)
{
	char *ok = write_in_dir("ok.cfg", "loadmodule \"tm.so\"\nroute { t_relay(); }\n");
	char *hint = write_in_dir("hint.cfg", "loadmodule \"acc.so\"\n");
	char *sample = copy_fixture("openser-1.1.cfg", "openser.cfg");
	char *missing = in_dir("missing.cfg");
	char *out, *errout;

	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", ok, NULL }), 0);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(errout, "DIR/ok.cfg: nothing to change for OpenSER 1.2\n");
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", hint, NULL }), 0);
	ck_assert_str_eq(errout, "DIR/hint.cfg: nothing to change for OpenSER 1.2 (1 hint)\n");
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", sample, NULL }), 1);
	golden_in_dir("cfg-check-1.1.txt", out);
	ck_assert_str_eq(errout, "DIR/openser.cfg: 66 errors, 7 warnings (1 hint); cfg-fix makes 30 of the changes\n");
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "-q", "cfg-check", sample, NULL }), 1);
	ck_assert_str_eq(errout, "");
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", missing, NULL }), 2);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(errout, "openser-migrate: cannot read \"DIR/missing.cfg\": No such file or directory\n");
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", dir, NULL }), 2);
	ck_assert_str_eq(errout, "openser-migrate: cannot read \"DIR\": Is a directory\n");
	free(out);
	free(errout);
	free(ok);
	free(hint);
	free(sample);
	free(missing);
}
END_TEST

/* Broken input: exit 2, one line naming the place, on stderr. */
static void broken(const char *text, const char *message)
{
	char *bad = write_in_dir("bad.cfg", text), *out, *errout;

	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", bad, NULL }), 2);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(errout, message);
	free(out);
	free(errout);
	free(bad);
}

START_TEST(cli_broken_scripts_name_line_and_column)
{
	broken("debug=3\nroute {\n\txlog(\"L_INFO\", \"no end);\n}\n",
	       "openser-migrate: DIR/bad.cfg:3:17: unterminated string: the '\"' opened here is never closed\n");
	broken("loadmodule \"tm.so\"\n/* modparam(\"tm\", \"x\", 1)\n",
	       "openser-migrate: DIR/bad.cfg:2:1: unterminated comment: the \"/*\" opened here is never closed\n");
	broken("route {\n\tif (a) {\n\t\tt_relay();\n}\n",
	       "openser-migrate: DIR/bad.cfg:1:7: unbalanced brackets: the '{' opened here is never closed\n");
	broken("route {\n\tt_relay();\n}}\n",
	       "openser-migrate: DIR/bad.cfg:3:2: unbalanced brackets: this '}' closes nothing\n");
	broken("route {\n\tt_relay(;\n}\n",
	       "openser-migrate: DIR/bad.cfg:3:1: unbalanced brackets: this '}' cannot close the '(' opened at 2:9\n");
}
END_TEST

START_TEST(cli_binary_file_is_refused)
{
	char *bin = in_dir("bin.cfg"), *out, *errout;
	FILE *f = fopen(bin, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite("a=1\nb\0c", 1, 7, f), 7);
	fclose(f);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", bin, NULL }), 2);
	ck_assert_str_eq(errout, "openser-migrate: DIR/bin.cfg:2:2: a NUL byte: this is not a text file\n");
	free(out);
	free(errout);
	free(bin);
}
END_TEST

START_TEST(cli_needs_no_database_or_openserctlrc)
{
	char *ok = write_in_dir("ok.cfg", "loadmodule \"tm.so\"\n"), *out, *errout;

	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "-c", "/nonexistent/openserctlrc", "cfg-check", ok, NULL }),
			 0);
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", ok, "-d", "oracle://x", NULL }), 0);
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", ok, "--plans", "/nonexistent", NULL }), 0);
	free(out);
	free(errout);
	free(ok);
}
END_TEST

static time_t mtime_of(const char *path, mode_t *mode)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	if (mode)
		*mode = st.st_mode & 0777;
	return st.st_mtime;
}

START_TEST(cli_fix_writes_out_and_never_file)
{
	char *file = copy_fixture("openser-1.1.cfg", "openser.cfg"), *outfile = in_dir("openser-1.2.cfg");
	char *before = om_test_read_file(file, NULL), *want = fixture_text("openser-1.2-fixed.cfg");
	char *out, *errout, *got, *after;
	struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	mode_t mode;
	DIR *d;
	struct dirent *e;
	size_t entries = 0;

	ck_assert_int_eq(chmod(file, 0640), 0);
	ck_assert_int_eq(utimensat(AT_FDCWD, file, old, 0), 0);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-fix", file, "-o", outfile, NULL }), 1);
	golden_in_dir("cfg-fix-1.1.txt", out);
	ck_assert_str_eq(errout, "DIR/openser-1.2.cfg written, 30 changes made; left to change by hand: "
				 "41 errors, 2 warnings (1 hint)\n");
	got = om_test_read_file(outfile, NULL);
	ck_assert_str_eq(got, want);
	after = om_test_read_file(file, NULL);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(mtime_of(file, NULL), 1000000000);
	mtime_of(outfile, &mode);
	ck_assert_int_eq(mode, 0640);
	/* No temporary file is left behind. */
	d = opendir(dir);
	while ((e = readdir(d)))
		entries += e->d_name[0] != '.';
	closedir(d);
	ck_assert_uint_eq(entries, 2);
	free(out);
	free(errout);
	/* A second pass over OUT has nothing more to do, and says what is left. */
	free(got);
	got = in_dir("again.cfg");
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "--output", got, "cfg-fix", outfile, NULL }), 1);
	ck_assert_str_eq(errout, "DIR/again.cfg written, 0 changes made; left to change by hand: "
				 "41 errors, 2 warnings (1 hint)\n");
	ck_assert_int_eq(om_test_same_file(got, outfile), 1);
	free(out);
	free(errout);
	free(file);
	free(outfile);
	free(before);
	free(after);
	free(want);
	free(got);
}
END_TEST

START_TEST(cli_fix_of_a_clean_script_exits_0)
{
	char *file = write_in_dir("ok.cfg", "# nothing to do\r\nloadmodule \"tm.so\"\r\n"), *outfile = in_dir("new.cfg");
	char *out, *errout, *got;

	om_test_write_file(outfile, "an older file");
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-fix", file, "-o", outfile, NULL }), 0);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(errout, "DIR/new.cfg written, 0 changes made; nothing left to change for OpenSER 1.2\n");
	got = om_test_read_file(outfile, NULL);
	ck_assert_str_eq(got, "# nothing to do\r\nloadmodule \"tm.so\"\r\n");
	free(out);
	free(errout);
	free(got);
	free(file);
	free(outfile);
}
END_TEST

/* cfg-fix FILE -o OUT with OUT another name of FILE: refused, FILE as it was. */
static void refuses_out(const char *file, const char *outfile)
{
	char *before = om_test_read_file(file, NULL), *after, *out, *errout;
	struct strbuf want = STRBUF_INIT;

	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-fix", file, "-o", outfile, NULL }), 2);
	strbuf_addf(&want, "openser-migrate: \"%s\" is the script being fixed: cfg-fix never changes it, give another "
			   "output file\n", outfile);
	want.buf = hide_dir(want.buf);
	ck_assert_str_eq(errout, want.buf);
	after = om_test_read_file(file, NULL);
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	free(out);
	free(errout);
	free(want.buf);
}

START_TEST(cli_fix_refuses_to_write_its_own_file)
{
	char *file = copy_fixture("openser-1.1.cfg", "openser.cfg");
	char *dotted = in_dir("./openser.cfg"), *hard = in_dir("hard.cfg"), *soft = in_dir("soft.cfg");

	ck_assert_int_eq(link(file, hard), 0);
	ck_assert_int_eq(symlink(file, soft), 0);
	refuses_out(file, file);
	refuses_out(file, dotted);
	refuses_out(file, hard);
	refuses_out(file, soft);
	refuses_out(soft, file);
	free(file);
	free(dotted);
	free(hard);
	free(soft);
}
END_TEST

START_TEST(cli_fix_writes_nothing_when_it_cannot_parse)
{
	char *file = write_in_dir("bad.cfg", "fifo=\"/tmp/x\n"), *outfile = in_dir("new.cfg");
	char *nodir = in_dir("no/such/folder/new.cfg"), *ok = write_in_dir("ok.cfg", "fifo=\"/tmp/x\"\n");
	char *out, *errout, *got;

	om_test_write_file(outfile, "kept");
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-fix", file, "-o", outfile, NULL }), 2);
	ck_assert_str_eq(errout, "openser-migrate: DIR/bad.cfg:1:6: unterminated string: the '\"' opened here is never "
				 "closed\n");
	got = om_test_read_file(outfile, NULL);
	ck_assert_str_eq(got, "kept");
	free(out);
	free(errout);
	free(got);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-fix", ok, "-o", nodir, NULL }), 2);
	ck_assert_str_eq(errout, "openser-migrate: cannot write \"DIR/no/such/folder/new.cfg\": No such file or directory\n");
	free(out);
	free(errout);
	free(file);
	free(outfile);
	free(nodir);
	free(ok);
}
END_TEST

START_TEST(cli_usage_errors)
{
	char *ok = write_in_dir("ok.cfg", "debug=1\n"), *out, *errout;

	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-fix", ok, NULL }), 2);
	ck_assert_str_eq(errout, "openser-migrate: usage: openser-migrate cfg-fix FILE -o OUT\n");
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", ok, "-o", "x.cfg", NULL }), 2);
	ck_assert_str_eq(errout, "openser-migrate: -o is for cfg-fix only\n");
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-check", NULL }), 2);
	ck_assert_str_eq(errout, "openser-migrate: usage: openser-migrate cfg-check FILE\n");
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-fix", ok, ok, "-o", "x", NULL }), 2);
	ck_assert_str_eq(errout, "openser-migrate: usage: openser-migrate cfg-fix FILE -o OUT\n");
	free(out);
	free(errout);
	free(ok);
}
END_TEST

/* Parse out as JSON (failing the test if it is not) and return the tree. */
static struct om_test_json *parse_json(const char *out)
{
	char msg[200];
	struct om_test_json *j = om_test_json_parse(out, msg, sizeof(msg));

	ck_assert_msg(j != NULL, "not JSON (%s):\n%s", msg, out);
	ck_assert_int_eq(j->type, OM_TEST_JSON_OBJECT);
	return j;
}

static const struct om_test_json *member(const struct om_test_json *j, const char *key, enum om_test_json_type type)
{
	const struct om_test_json *m = om_test_json_get(j, key);

	ck_assert_msg(m != NULL, "no member \"%s\"", key);
	ck_assert_msg(m->type == type, "member \"%s\" has type %d, not %d", key, m->type, type);
	return m;
}

/* Every finding of list has the documented members, and file. */
static void check_findings(const struct om_test_json *list, const char *file, const char *kind_fixed)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct om_test_json *f = list->items[i], *k = member(f, "kind", OM_TEST_JSON_STRING);
		const struct om_test_json *r = om_test_json_get(f, "replacement");

		ck_assert_uint_eq(f->n, 7);
		ck_assert_str_eq(member(f, "file", OM_TEST_JSON_STRING)->str, file);
		ck_assert(member(f, "line", OM_TEST_JSON_NUMBER)->num >= 1);
		ck_assert(member(f, "col", OM_TEST_JSON_NUMBER)->num >= 1);
		ck_assert(member(f, "message", OM_TEST_JSON_STRING)->str[0]);
		ck_assert(r && (r->type == OM_TEST_JSON_STRING || r->type == OM_TEST_JSON_NULL));
		member(f, "fixable", OM_TEST_JSON_BOOL);
		if (kind_fixed)
			ck_assert_str_eq(k->str, kind_fixed);
		else
			ck_assert(!strcmp(k->str, "error") || !strcmp(k->str, "warning") || !strcmp(k->str, "hint"));
	}
}

START_TEST(cli_json_of_cfg_check)
{
	char *sample = copy_fixture("openser-1.1.cfg", "openser.cfg"), *out, *errout;
	struct om_test_json *j;
	const struct om_test_json *findings, *counts, *first;
	size_t fixable = 0;

	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "--json", "cfg-check", sample, NULL }), 1);
	ck_assert_str_eq(errout, "");
	j = parse_json(out);
	ck_assert_str_eq(member(j, "command", OM_TEST_JSON_STRING)->str, "cfg-check");
	ck_assert_str_eq(member(j, "file", OM_TEST_JSON_STRING)->str, "DIR/openser.cfg");
	member(j, "output", OM_TEST_JSON_NULL);
	member(j, "error", OM_TEST_JSON_NULL);
	ck_assert(member(j, "exit_code", OM_TEST_JSON_NUMBER)->num == 1);
	ck_assert_str_eq(member(j, "result", OM_TEST_JSON_STRING)->str, "differs");
	ck_assert_uint_eq(member(j, "fixed", OM_TEST_JSON_ARRAY)->n, 0);
	findings = member(j, "findings", OM_TEST_JSON_ARRAY);
	counts = member(j, "counts", OM_TEST_JSON_OBJECT);
	ck_assert_uint_eq(findings->n, 74);
	ck_assert(member(counts, "error", OM_TEST_JSON_NUMBER)->num == 66);
	ck_assert(member(counts, "warning", OM_TEST_JSON_NUMBER)->num == 7);
	ck_assert(member(counts, "hint", OM_TEST_JSON_NUMBER)->num == 1);
	ck_assert(member(counts, "fixed", OM_TEST_JSON_NUMBER)->num == 0);
	check_findings(findings, "DIR/openser.cfg", NULL);
	for (size_t i = 0; i < findings->n; i++)
		fixable += member(findings->items[i], "fixable", OM_TEST_JSON_BOOL)->b;
	ck_assert_uint_eq(fixable, 30);
	first = findings->items[0];
	ck_assert(member(first, "line", OM_TEST_JSON_NUMBER)->num == 19);
	ck_assert(member(first, "col", OM_TEST_JSON_NUMBER)->num == 1);
	ck_assert_str_eq(member(first, "replacement", OM_TEST_JSON_STRING)->str,
			 "loadmodule \"/usr/local/lib/openser/modules/mi_fifo.so\"\n"
			 "modparam(\"mi_fifo\", \"fifo_name\", \"/tmp/openser_fifo\")\nmodparam(\"mi_fifo\", \"fifo_mode\", 0660)");
	om_test_json_free(j);
	free(out);
	free(errout);
	free(sample);
}
END_TEST

START_TEST(cli_json_of_cfg_fix)
{
	char *sample = copy_fixture("openser-1.1.cfg", "openser.cfg"), *outfile = in_dir("new.cfg"), *out, *errout;
	struct om_test_json *j;

	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "cfg-fix", "--json", sample, "-o", outfile, NULL }), 1);
	j = parse_json(out);
	ck_assert_str_eq(member(j, "command", OM_TEST_JSON_STRING)->str, "cfg-fix");
	ck_assert_str_eq(member(j, "output", OM_TEST_JSON_STRING)->str, "DIR/new.cfg");
	ck_assert_uint_eq(member(j, "fixed", OM_TEST_JSON_ARRAY)->n, 30);
	check_findings(member(j, "fixed", OM_TEST_JSON_ARRAY), "DIR/openser.cfg", "fixed");
	ck_assert_uint_eq(member(j, "findings", OM_TEST_JSON_ARRAY)->n, 44);
	check_findings(member(j, "findings", OM_TEST_JSON_ARRAY), "DIR/new.cfg", NULL);
	ck_assert(member(member(j, "counts", OM_TEST_JSON_OBJECT), "fixed", OM_TEST_JSON_NUMBER)->num == 30);
	om_test_json_free(j);
	free(out);
	free(errout);
	free(sample);
	free(outfile);
}
END_TEST

START_TEST(cli_json_of_failures)
{
	char *bad = write_in_dir("bad.cfg", "route {\n  x(\"a);\n}\n"), *missing = in_dir("missing.cfg"), *out, *errout;
	struct om_test_json *j;
	const struct om_test_json *e;

	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "--json", "cfg-check", bad, NULL }), 2);
	ck_assert_str_eq(errout, "");
	j = parse_json(out);
	e = member(j, "error", OM_TEST_JSON_OBJECT);
	ck_assert_str_eq(member(e, "message", OM_TEST_JSON_STRING)->str,
			 "DIR/bad.cfg:2:5: unterminated string: the '\"' opened here is never closed");
	ck_assert(member(e, "line", OM_TEST_JSON_NUMBER)->num == 2);
	ck_assert(member(e, "col", OM_TEST_JSON_NUMBER)->num == 5);
	ck_assert(member(j, "exit_code", OM_TEST_JSON_NUMBER)->num == 2);
	ck_assert_str_eq(member(j, "result", OM_TEST_JSON_STRING)->str, "error");
	ck_assert_str_eq(member(e, "code", OM_TEST_JSON_STRING)->str, "usage");
	ck_assert_uint_eq(member(j, "findings", OM_TEST_JSON_ARRAY)->n, 0);
	om_test_json_free(j);
	free(out);
	free(errout);
	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "--json", "cfg-fix", missing, "-o", bad, NULL }), 2);
	j = parse_json(out);
	e = member(j, "error", OM_TEST_JSON_OBJECT);
	member(e, "line", OM_TEST_JSON_NULL);
	member(e, "col", OM_TEST_JSON_NULL);
	om_test_json_free(j);
	free(out);
	free(errout);
	free(bad);
	free(missing);
}
END_TEST

START_TEST(cli_json_stays_valid_with_odd_bytes)
{
	char *odd = write_in_dir("odd\x01.cfg", "fifo=\"/tmp/\xff\xfe\tf\"\nloadmodule \"tm.so\"\nsyn_branch=\"\xc3\xa9\"\n");
	char *out, *errout;
	struct om_test_json *j;
	const struct om_test_json *findings;

	ck_assert_int_eq(cli(&out, &errout, (const char *[]){ "--json", "cfg-check", odd, NULL }), 1);
	j = parse_json(out);
	ck_assert_str_eq(member(j, "file", OM_TEST_JSON_STRING)->str, "DIR/odd\\x01.cfg");
	findings = member(j, "findings", OM_TEST_JSON_ARRAY);
	ck_assert_uint_eq(findings->n, 2);
	ck_assert_str_eq(member(findings->items[0], "replacement", OM_TEST_JSON_STRING)->str,
			 "loadmodule \"mi_fifo.so\"\nmodparam(\"mi_fifo\", \"fifo_name\", \"/tmp/\\xFF\\xFE\\x09f\")");
	ck_assert_str_eq(member(findings->items[1], "replacement", OM_TEST_JSON_STRING)->str,
			 "modparam(\"tm\", \"syn_branch\", \"\xc3\xa9\")");
	om_test_json_free(j);
	free(out);
	free(errout);
	free(odd);
}
END_TEST

static void add_case(Suite *s, const char *name, SFun setup, SFun teardown, const TTest *const *tests, size_t n)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, 120);
	if (setup || teardown)
		tcase_add_checked_fixture(tc, setup, teardown);
	for (size_t i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
}

#define ADD_WITH(s, name, setup, teardown, ...) \
	do { \
		const TTest *const t_[] = { __VA_ARGS__ }; \
		add_case((s), (name), (setup), (teardown), t_, sizeof(t_) / sizeof(t_[0])); \
	} while (0)
#define ADD(s, name, ...) ADD_WITH(s, name, NULL, NULL, __VA_ARGS__)
#define ADD_RUN(s, name, ...) ADD_WITH(s, name, NULL, teardown_run, __VA_ARGS__)
#define ADD_CLI(s, name, ...) ADD_WITH(s, name, setup_dir, teardown_dir, __VA_ARGS__)

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
	ADD_RUN(s, "the sample script",
		sample_check_matches_golden, sample_fix_matches_hand_checked_file,
		fixed_sample_reports_only_what_is_not_mechanical, fix_of_fixed_sample_changes_nothing,
		fix_without_rewrites_keeps_every_byte);
	ADD_RUN(s, "rule tables",
		every_parameter_rule_reports_its_parameter, every_function_rule_reports_its_call,
		every_core_rule_reports_its_statement, every_default_rule_restores_its_value);
	ADD_RUN(s, "no blanket rewrite",
		plain_avp_parameters_that_did_not_change_are_left_alone, scripts_in_the_12_form_are_clean,
		keywords_in_comments_and_strings_are_not_statements, modparam_of_several_modules_is_reported_not_rewritten);
	ADD_RUN(s, "rewrites",
		retcode_forms, avp_number_zero_is_the_12_default, avp_values_keep_their_quotes,
		use_domain_that_differs_from_usrloc_is_left, avp_write_forms, m_store_modes_become_owners,
		is_domain_local_arguments, shell_dollars_in_exec_commands,
		fifo_moves_to_mi_fifo_in_the_scripts_path_style, fifo_aliases_without_a_fifo_are_the_sockets,
		syn_branch_needs_tm_to_move, crlf_scripts_get_crlf_lines, insertion_after_a_last_line_without_line_end,
		overlapping_edits_keep_the_first_finding, map_back_finds_the_input_offset,
		fix_makes_every_change_in_one_run);
	ADD_RUN(s, "modules together",
		usrloc_moves_before_the_modules_that_bind_to_it, modules_that_bind_to_usrloc_only_sometimes,
		modules_1_2_needs_set, nat_flags_are_branch_flags, acc_extra_columns_hint,
		check_text_reports_where_it_stopped, fuzz_findings_stay_fixed);
	ADD_CLI(s, "commands",
		cli_check_exit_codes, cli_broken_scripts_name_line_and_column, cli_binary_file_is_refused,
		cli_needs_no_database_or_openserctlrc, cli_fix_writes_out_and_never_file, cli_fix_of_a_clean_script_exits_0,
		cli_fix_refuses_to_write_its_own_file, cli_fix_writes_nothing_when_it_cannot_parse, cli_usage_errors);
	ADD_CLI(s, "json",
		cli_json_of_cfg_check, cli_json_of_cfg_fix, cli_json_of_failures, cli_json_stays_valid_with_odd_bytes);
	return s;
}

int main(void)
{
	return om_test_main(cfg_suite());
}
