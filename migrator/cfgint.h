/*
 * cfgint.h: what the files of the routing-script checker share (not a
 * public interface): the context of one check, making findings and
 * their edits, and reading the script's statements.
 *
 * cfgcore.c checks core statements, cfgparams.c module parameters,
 * cfgcode.c the calls in route blocks, cfgmods.c what involves several
 * modules (load order, flags, defaults); cfgcheck.c runs them in turn.
 */
#ifndef OM_CFGINT_H
#define OM_CFGINT_H

#include <stdbool.h>
#include <stddef.h>

#include "cfgcheck.h"
#include "cfgrules.h"
#include "strbuf.h"

struct cfg_ctx {
	const struct om_cfg_script *s;
	struct om_cfg_findings *out;
	unsigned seq;             /* edits made so far */
	size_t insert_at;         /* where new statements go: after the last loadmodule's line; SIZE_MAX: nowhere */
	bool insert_needs_eol;    /* that line is the last one and has no line end */
	const char *eol;          /* the script's line end: "\n" or "\r\n" */
};

/* The rule sets, in the order they run. */
void cfg_check_core(struct cfg_ctx *c);
void cfg_check_params(struct cfg_ctx *c);
void cfg_check_calls(struct cfg_ctx *c);
void cfg_check_modules(struct cfg_ctx *c);

/*
 * A new finding at token tok (SIZE_MAX: line 1, column 1) with a printf
 * message; `when` adds what -c and start-up say.  The finding is owned by
 * c->out; the pointer is valid until the next one is added.
 */
struct om_cfg_finding *cfg_finding(struct cfg_ctx *c, size_t tok, enum om_cfg_kind kind, enum om_cfg_when when,
				   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Add to the message of f. */
void cfg_message_add(struct om_cfg_finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Set (replace) the 1.2 text of f. */
void cfg_replacement(struct om_cfg_finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Edits of f: bytes [start, end) become text. */
void cfg_edit(struct cfg_ctx *c, struct om_cfg_finding *f, size_t start, size_t end, const char *text);
/* Token tok becomes text. */
void cfg_edit_tok(struct cfg_ctx *c, struct om_cfg_finding *f, size_t tok, const char *text);
/*
 * Is byte off strictly inside a token (a string or comment over several
 * lines)?  Text inserted there would become part of it.
 */
bool cfg_inside_token(const struct om_cfg_script *s, size_t off);
/* Is byte off at the top level: in no token and in no brackets (a route block, an argument list)? */
bool cfg_top_level_at(const struct om_cfg_script *s, size_t off);
/*
 * Can name (a 1.1 AVP: "i:24", "s:name", an alias) go inside $avp(...)
 * and read back as that one pseudo-variable?  Letters, digits, _ : . -
 */
bool cfg_avp_name_ok(const char *name);
/* The value of STRING token tok becomes value, in the token's own quotes where they can hold it. */
void cfg_edit_string(struct cfg_ctx *c, struct om_cfg_finding *f, size_t tok, const char *value);
/*
 * Delete the statement of tokens first..last (and a ';' right after it):
 * its whole line when nothing else is on it, else only its bytes.
 */
void cfg_delete_statement(struct cfg_ctx *c, struct om_cfg_finding *f, size_t first, size_t last);
/* Insert line (without its line end) at c->insert_at; false when there is no such place. */
bool cfg_insert_line(struct cfg_ctx *c, struct om_cfg_finding *f, const char *line);

/* Bytes [start, end) of the line(s) holding tokens first..last, their line end included. */
void cfg_statement_lines(const struct om_cfg_script *s, size_t first, size_t last, size_t *start, size_t *end);
/* Are the lines of tokens first..last free of anything else (comments included)? */
bool cfg_statement_alone(const struct om_cfg_script *s, size_t first, size_t last);

/*
 * Is byte off strictly inside a token (a string or comment over several
 * lines)?  Text inserted there would become part of it.
 */
bool cfg_inside_token(const struct om_cfg_script *s, size_t off);
/* Is byte off at the top level: in no token and in no brackets (a route block, an argument list)? */
bool cfg_top_level_at(const struct om_cfg_script *s, size_t off);
/* The value of STRING token tok (its bytes for another token); caller frees. */
char *cfg_value(const struct om_cfg_script *s, size_t tok);
/* The bytes of tokens first..last as they are in the script (what is between them too). */
void cfg_add_source(struct strbuf *sb, const struct om_cfg_script *s, size_t first, size_t last);
/* value as a "..." literal, escaped as the 1.2 scanner reads it. */
void cfg_add_literal(struct strbuf *sb, const char *value);
/* The number of NUMBER token tok (decimal, 0x hex or 0 octal); false for another token. */
bool cfg_number(const struct om_cfg_script *s, size_t tok, long *out);

/* The loadmodule of module name, or NULL. */
const struct om_cfg_loadmodule *cfg_module(const struct om_cfg_script *s, const char *name);
/* Does modparam's module argument (an extended regular expression, matched whole, any case) match module? */
bool cfg_spec_matches(const char *spec, const char *module);
/* Is spec one module's plain name (so that a rewrite touches that module only)? */
bool cfg_spec_plain(const char *spec, const char *module);
/* The last modparam that sets param of module, or NULL. */
const struct om_cfg_modparam *cfg_param(const struct om_cfg_script *s, const char *module, const char *param);
/* Its value as a number, when it is one. */
bool cfg_param_number(const struct om_cfg_script *s, const char *module, const char *param, long *out);
/* The path to write in a new loadmodule of name, in the style of the script's other ones. */
void cfg_module_path(struct strbuf *sb, const struct om_cfg_script *s, const char *name);

#endif
