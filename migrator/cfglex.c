/*
 * cfglex.c: the scanner of openser.cfg.  One pass over the bytes, with a
 * cursor that keeps the line and column; no regular expressions, no
 * grammar.  What each rule accepts is in cfglex.h.
 */
#include "cfglex.h"

#include <stdlib.h>
#include <string.h>

struct lexer {
	const char *name;
	const char *t;
	size_t n, i;
	int line, col;
	struct om_cfg_toks *out;
	struct om_cfg_pos *where;
	struct om_error *err;
};

static const char *const two_byte_ops[] = {
	"==", "!=", "=~", "!~", ">=", "<=", "&&", "||", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
	"^=", NULL
};

void om_cfg_toks_init(struct om_cfg_toks *t)
{
	memset(t, 0, sizeof(*t));
}

void om_cfg_toks_release(struct om_cfg_toks *t)
{
	free(t->v);
	om_cfg_toks_init(t);
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' || c == '\b';
}

static char peek(const struct lexer *lx, size_t ahead)
{
	return lx->i + ahead < lx->n ? lx->t[lx->i + ahead] : '\0';
}

/* Step over one byte, keeping the line and the column. */
static void advance(struct lexer *lx)
{
	if (lx->t[lx->i] == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->i++;
}

static void advance_n(struct lexer *lx, size_t n)
{
	while (n-- && lx->i < lx->n)
		advance(lx);
}

static int fail_at(struct lexer *lx, int line, int col, const char *what)
{
	if (lx->where) {
		lx->where->line = line;
		lx->where->col = col;
	}
	return om_error_set(lx->err, OM_EXIT_USAGE, "%s:%d:%d: %s", lx->name, line, col, what);
}

static void push(struct lexer *lx, enum om_cfg_tok_kind kind, size_t off, int line, int col)
{
	struct om_cfg_toks *o = lx->out;

	OM_GROW(o->v, o->n + 1, o->alloc);
	o->v[o->n].kind = kind;
	o->v[o->n].off = off;
	o->v[o->n].len = lx->i - off;
	o->v[o->n].line = line;
	o->v[o->n].col = col;
	o->n++;
}

/* A string from its opening quote; a "..." string skips over its escapes. */
static int scan_string(struct lexer *lx)
{
	char quote = peek(lx, 0);
	int line = lx->line, col = lx->col;

	advance(lx);
	while (lx->i < lx->n && lx->t[lx->i] != quote) {
		if (quote == '"' && lx->t[lx->i] == '\\' && lx->i + 1 < lx->n)
			advance(lx);
		advance(lx);
	}
	if (lx->i >= lx->n)
		return fail_at(lx, line, col,
			       quote == '"' ? "unterminated string: the '\"' opened here is never closed"
					    : "unterminated string: the \"'\" opened here is never closed");
	advance(lx);
	return 0;
}

/* Block comments nest: each opener needs its own closer. */
static int scan_block_comment(struct lexer *lx)
{
	int line = lx->line, col = lx->col;
	int depth = 0;

	do {
		if (peek(lx, 0) == '/' && peek(lx, 1) == '*') {
			depth++;
			advance_n(lx, 2);
		} else if (peek(lx, 0) == '*' && peek(lx, 1) == '/') {
			depth--;
			advance_n(lx, 2);
		} else {
			advance(lx);
		}
	} while (depth > 0 && lx->i < lx->n);
	if (depth > 0)
		return fail_at(lx, line, col, "unterminated comment: the \"/*\" opened here is never closed");
	return 0;
}

/* A balanced (...) of a pseudo-variable, from its '('. */
static int scan_parens(struct lexer *lx, int line, int col)
{
	int depth = 0;

	do {
		if (lx->t[lx->i] == '(')
			depth++;
		else if (lx->t[lx->i] == ')')
			depth--;
		advance(lx);
	} while (depth > 0 && lx->i < lx->n);
	if (depth > 0)
		return fail_at(lx, line, col, "unterminated pseudo-variable: a '(' after the '$' here is never closed");
	return 0;
}

static int scan_pvar(struct lexer *lx)
{
	int line = lx->line, col = lx->col;

	advance(lx);
	if (peek(lx, 0) == '?') {
		advance(lx);
		return 0;
	}
	if (is_letter(peek(lx, 0)) || is_digit(peek(lx, 0))) {
		while (is_letter(peek(lx, 0)) || is_digit(peek(lx, 0)))
			advance(lx);
	} else if (peek(lx, 0) != '(') {
		return 0;
	}
	return peek(lx, 0) == '(' ? scan_parens(lx, line, col) : 0;
}

static void scan_number(struct lexer *lx)
{
	if (peek(lx, 0) == '0' && (peek(lx, 1) == 'x' || peek(lx, 1) == 'X') && is_hex(peek(lx, 2))) {
		advance_n(lx, 2);
		while (is_hex(peek(lx, 0)))
			advance(lx);
		return;
	}
	while (is_digit(peek(lx, 0)))
		advance(lx);
}

static void scan_punct(struct lexer *lx)
{
	for (size_t k = 0; two_byte_ops[k]; k++)
		if (peek(lx, 0) == two_byte_ops[k][0] && peek(lx, 1) == two_byte_ops[k][1]) {
			advance_n(lx, 2);
			return;
		}
	advance(lx);
}

/* One token (or nothing, for blanks) at the cursor. */
static int scan_one(struct lexer *lx)
{
	char c = peek(lx, 0);
	size_t off = lx->i;
	int line = lx->line, col = lx->col;
	enum om_cfg_tok_kind kind;

	if (is_blank(c) || (c == '\\' && peek(lx, 1) == '\n')) {
		advance(lx);
		return 0;
	}
	if (c == '#') {
		while (lx->i < lx->n && lx->t[lx->i] != '\n')
			advance(lx);
		kind = OM_CFG_TOK_COMMENT;
	} else if (c == '/' && peek(lx, 1) == '*') {
		if (scan_block_comment(lx))
			return -1;
		kind = OM_CFG_TOK_COMMENT;
	} else if (c == '"' || c == '\'') {
		if (scan_string(lx))
			return -1;
		kind = OM_CFG_TOK_STRING;
	} else if (c == '$') {
		if (scan_pvar(lx))
			return -1;
		kind = OM_CFG_TOK_PVAR;
	} else if (is_digit(c)) {
		scan_number(lx);
		kind = OM_CFG_TOK_NUMBER;
	} else if (is_letter(c)) {
		while (is_letter(peek(lx, 0)) || is_digit(peek(lx, 0)))
			advance(lx);
		kind = OM_CFG_TOK_ID;
	} else {
		scan_punct(lx);
		kind = OM_CFG_TOK_PUNCT;
	}
	push(lx, kind, off, line, col);
	return 0;
}

int om_cfg_lex(struct om_cfg_toks *out, const char *name, const char *text, size_t len,
	       struct om_cfg_pos *where, struct om_error *err)
{
	struct lexer lx = { name ? name : "-", text ? text : "", text ? len : 0, 0, 1, 1, out, where, err };

	const char *nul = memchr(lx.t, '\0', lx.n);

	if (where)
		where->line = where->col = 0;
	/* Anywhere, strings and comments included: OpenSER's scanner would stop there. */
	if (nul) {
		while (lx.t + lx.i < nul)
			advance(&lx);
		return fail_at(&lx, lx.line, lx.col, "a NUL byte: this is not a text file");
	}
	while (lx.i < lx.n)
		if (scan_one(&lx))
			return -1;
	return 0;
}

bool om_cfg_tok_is(const struct om_cfg_tok *t, const char *text, const char *s)
{
	size_t n = strlen(s);

	return t->len == n && !memcmp(text + t->off, s, n);
}

static int hex_value(char c)
{
	return is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* The escape at p (after the backslash, before end) into out; returns the bytes it used. */
static size_t add_escape(const char *p, const char *end, struct strbuf *out)
{
	static const char plain[] = "nratx\"\\\n", meaning[] = "\n\r\a\t\0\"\\";
	const char *hit = p < end ? strchr(plain, *p) : NULL;
	size_t k = 0;
	int v = 0;

	if (hit && *p == '\n')
		return 1;
	if (hit && *p == 'x') {
		while (k < 2 && p + 1 + k < end && is_hex(p[1 + k]))
			v = v * 16 + hex_value(p[1 + k++]);
		if (!k) {
			strbuf_addch(out, '\\');
			return 0;
		}
		strbuf_addch(out, (char)v);
		return 1 + k;
	}
	if (hit && *p) {
		strbuf_addch(out, meaning[hit - plain]);
		return 1;
	}
	/* Two or three octal digits; a single one stays (a regex back-reference). */
	while (k < 3 && p + k < end && is_octal(p[k]))
		v = v * 8 + (p[k++] - '0');
	if (k >= 2) {
		strbuf_addch(out, (char)v);
		return k;
	}
	strbuf_addch(out, '\\');
	return 0;
}

void om_cfg_string_value(const struct om_cfg_tok *t, const char *text, struct strbuf *out)
{
	const char *p = text + t->off, *end = p + t->len;

	if (t->kind != OM_CFG_TOK_STRING || t->len < 2) {
		strbuf_add(out, p, t->len);
		return;
	}
	if (*p == '\'') {
		strbuf_add(out, p + 1, t->len - 2);
		return;
	}
	for (p++, end--; p < end; p++) {
		if (*p == '\\' && p + 1 < end)
			p += add_escape(p + 1, end, out);
		else
			strbuf_addch(out, *p);
	}
}

bool om_cfg_string_is_raw(const struct om_cfg_tok *t, const char *text)
{
	return t->kind == OM_CFG_TOK_STRING && t->len >= 2 &&
	       (text[t->off] == '\'' || !memchr(text + t->off + 1, '\\', t->len - 2));
}
