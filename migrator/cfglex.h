/*
 * cfglex.h: the tokens of an OpenSER routing script (openser.cfg).
 *
 * The scanner knows the lexical rules the 1.1 and 1.2 parsers share:
 * strings, both kinds of comment, names, numbers, pseudo-variables and
 * operators, each with its line and column.  It does not know the grammar
 * (cfgparse.h builds statements from the tokens).
 */
#ifndef OM_CFGLEX_H
#define OM_CFGLEX_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "strbuf.h"

enum om_cfg_tok_kind {
	OM_CFG_TOK_ID,      /* a name: keyword, function, global parameter, yes/no */
	OM_CFG_TOK_NUMBER,  /* 5060, 0x1f, 0666 */
	OM_CFG_TOK_STRING,  /* "..." or '...', the quotes included */
	OM_CFG_TOK_PVAR,    /* $ru, $avp(i:1), $(avp(s:x)[0]), $?, or a lone $ */
	OM_CFG_TOK_PUNCT,   /* ( ) { } [ ] , ; : . = == != =~ += ..., or a stray byte */
	OM_CFG_TOK_COMMENT  /* # to the end of the line, or a block comment */
};

struct om_cfg_tok {
	enum om_cfg_tok_kind kind;
	size_t off, len;  /* the bytes of the token in the text */
	int line, col;    /* where it starts; both from 1, the column in bytes */
};

struct om_cfg_toks {
	struct om_cfg_tok *v;
	size_t n, alloc;
};

/* Where a scan or a parse stopped; 0, 0 when unknown. */
struct om_cfg_pos {
	int line, col;
};

/* A token list owns its array; release frees it and leaves the list empty. */
void om_cfg_toks_init(struct om_cfg_toks *t);
void om_cfg_toks_release(struct om_cfg_toks *t);

/*
 * Scan len bytes of text (need not be NUL-terminated) into out, comments
 * included, in order.  Between two tokens there is only white space
 * (space, tab, CR, LF, FF, VT, BS) or a backslash before a line feed (the
 * parser's line continuation).
 *
 * The rules, as OpenSER's scanner has them:
 *   - "..." takes the escapes \n \r \a \t \" \\ \xH[H] \OO[O] and a
 *     backslash before a line feed; any other backslash is kept with the
 *     byte after it.  '...' has no escapes.  Both may span lines.
 *   - # comments to the end of the line (or of the text); block comments
 *     nest (each opener needs its own closer).  Neither starts inside a
 *     string, nor one kind inside the other.
 *   - a name is a letter or '_' then letters, digits and '_'; a number is
 *     decimal digits or 0x and hex digits.
 *   - a pseudo-variable is '$' and then '?', or a name with an optional
 *     balanced (...) after it, or a balanced (...); a '$' with none of
 *     these is a token of its own.
 *   - two-byte operators (== != =~ !~ >= <= && || := += -= *= /= %= &=
 *     |= ^=) are one token; any other byte is a one-byte PUNCT token.
 *
 * Columns count bytes from 1 (a tab is one column), as OpenSER's own
 * messages do.  Fails (OM_EXIT_USAGE, "NAME:LINE:COL: message", the
 * position also in *where) on an unterminated string, block comment or
 * pseudo-variable (at the place it opened) and on a NUL byte.  where may
 * be NULL.  Tokens are appended to out (which the caller releases, also
 * after a failure, when out holds the tokens before the error); they
 * point into text by offset only.
 */
int om_cfg_lex(struct om_cfg_toks *out, const char *name, const char *text, size_t len,
	       struct om_cfg_pos *where, struct om_error *err);

/* Is token t (of text) exactly the bytes of s? */
bool om_cfg_tok_is(const struct om_cfg_tok *t, const char *text, const char *s);

/*
 * The value of a STRING token as OpenSER reads it (quotes removed, the
 * escapes of a "..." string applied), appended to out.  Other tokens are
 * appended as they are.
 */
void om_cfg_string_value(const struct om_cfg_tok *t, const char *text, struct strbuf *out);

/* Is the value of STRING token t its bytes between the quotes (no escape in it)? */
bool om_cfg_string_is_raw(const struct om_cfg_tok *t, const char *text);

#endif
