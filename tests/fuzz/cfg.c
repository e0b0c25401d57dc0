/*
 * cfg.c: libFuzzer target of the openser.cfg scanner (om_cfg_lex) and of
 * what is built on it: the statement finder, the checks and cfg-fix.
 * The input is the script's bytes.  Besides the sanitizers, it checks
 * what cfglex.h, cfgparse.h and cfgrun.h promise:
 *
 *   - success: the tokens come in order, do not overlap, are not empty,
 *     and only blanks (or a backslash before a line feed) lie between
 *     them; each token's line and column are those of its first byte; a
 *     comment starts with '#' or a block opener, a string ends with its
 *     own quote; the text has no NUL byte;
 *   - failure: code OM_EXIT_USAGE, "a:LINE:COL: message" with LINE:COL
 *     the position given back, a place inside the text;
 *   - om_cfg_parse fails only where the scanner does or with a bracket
 *     error, and on success every bracket's partner points back at it;
 *   - cfg-fix never produces a script that does not parse (its own
 *     "internal error"), every finding lies inside the text, and the
 *     rewritten script, fixed again, comes back unchanged.
 */
#include "fuzz.h"

#include <stdint.h>

#include "cfglex.h"
#include "cfgparse.h"
#include "cfgrun.h"
#include "error.h"

/* The line and column of byte off, counted as cfglex.h says. */
static void position(const char *text, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int blank_gap(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n' || p[i] == '\f' || p[i] == '\v' ||
		      p[i] == '\b' || (p[i] == '\\' && i + 1 < n && p[i + 1] == '\n')))
			return 0;
	return 1;
}

static void check_tokens(const struct om_cfg_toks *t, const char *text, size_t size)
{
	size_t end = 0;

	for (size_t i = 0; i < t->n; i++) {
		const struct om_cfg_tok *k = &t->v[i];
		int line, col;

		FUZZ_CHECK(k->len > 0 && k->off >= end && k->off + k->len <= size);
		FUZZ_CHECK(blank_gap(text + end, k->off - end));
		position(text, k->off, &line, &col);
		FUZZ_CHECK(k->line == line && k->col == col);
		if (k->kind == OM_CFG_TOK_COMMENT)
			FUZZ_CHECK(text[k->off] == '#' || (text[k->off] == '/' && text[k->off + 1] == '*'));
		if (k->kind == OM_CFG_TOK_STRING)
			FUZZ_CHECK(k->len >= 2 && text[k->off + k->len - 1] == text[k->off]);
		if (k->kind == OM_CFG_TOK_PVAR)
			FUZZ_CHECK(text[k->off] == '$');
		end = k->off + k->len;
	}
	FUZZ_CHECK(blank_gap(text + end, size - end));
}

/* "a:LINE:COL: ..." with the position given back. */
static void check_error(const struct om_error *err, const struct om_cfg_pos *where, const char *text, size_t size)
{
	char want[64];
	int lines, cols;

	FUZZ_CHECK(err->code == OM_EXIT_USAGE);
	snprintf(want, sizeof(want), "a:%d:%d: ", where->line, where->col);
	FUZZ_CHECK(fuzz_starts_with(err->msg, want) && err->msg[strlen(want)]);
	position(text, size, &lines, &cols);
	FUZZ_CHECK(where->line >= 1 && where->line <= lines && where->col >= 1);
}

static void check_fix(const char *text, size_t size)
{
	struct om_cfg_run r, again;
	struct strbuf fixed = STRBUF_INIT, twice = STRBUF_INIT;
	struct om_error err;
	int lines, cols;

	om_cfg_run_init(&r);
	om_cfg_run_init(&again);
	om_error_clear(&err);
	FUZZ_CHECK(om_cfg_fix_text(&r, "a", text, size, "b", &fixed, &err) == 0);
	position(text, size, &lines, &cols);
	for (size_t i = 0; i < r.fixed.n; i++)
		FUZZ_CHECK(r.fixed.v[i].line >= 1 && r.fixed.v[i].line <= lines && r.fixed.v[i].message[0]);
	FUZZ_CHECK(om_cfg_fix_text(&again, "b", fixed.buf, fixed.len, "c", &twice, &err) == 0);
	FUZZ_CHECK(again.fixed.n == 0 && twice.len == fixed.len && !memcmp(twice.buf, fixed.buf, fixed.len));
	om_cfg_run_release(&r);
	om_cfg_run_release(&again);
	strbuf_release(&fixed);
	strbuf_release(&twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct om_cfg_toks toks;
	struct om_cfg_script s;
	struct om_cfg_pos where;
	struct om_error err;
	int lexed, parsed;

	om_cfg_toks_init(&toks);
	om_error_clear(&err);
	lexed = om_cfg_lex(&toks, "a", text, size, &where, &err);
	FUZZ_CHECK(lexed == 0 || lexed == -1);
	if (lexed == 0) {
		FUZZ_CHECK(!memchr(text, '\0', size));
		check_tokens(&toks, text, size);
	} else {
		check_error(&err, &where, text, size);
	}
	om_cfg_toks_release(&toks);

	om_cfg_script_init(&s);
	om_error_clear(&err);
	parsed = om_cfg_parse(&s, "a", text, size, &where, &err);
	FUZZ_CHECK(lexed == 0 || parsed == -1);
	if (parsed == 0) {
		for (size_t i = 0; i < s.ntok; i++)
			FUZZ_CHECK(s.match[i] == SIZE_MAX || (s.match[i] < s.ntok && s.match[s.match[i]] == i));
	} else {
		check_error(&err, &where, text, size);
		FUZZ_CHECK(lexed == -1 || strstr(err.msg, "unbalanced brackets: "));
	}
	om_cfg_script_release(&s);
	if (parsed == 0)
		check_fix(text, size);
	return 0;
}
