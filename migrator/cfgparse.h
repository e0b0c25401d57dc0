/*
 * cfgparse.h: the statements of an openser.cfg that the upgrade checks
 * look at: loadmodule, modparam, global assignments, route blocks and the
 * calls inside them.
 *
 * This is not OpenSER's grammar: it checks that brackets balance, finds
 * those statements by their shape, and passes over everything else, so
 * that a script with a construct we do not know is still checked.
 */
#ifndef OM_CFGPARSE_H
#define OM_CFGPARSE_H

#include <stddef.h>

#include "cfglex.h"
#include "error.h"

/* Every index below is one of script->tok (the tokens without comments). */

struct om_cfg_loadmodule {
	size_t kw, path;  /* `loadmodule` and its string */
	char *name;       /* the module: the path's last part without ".so" (owned) */
};

struct om_cfg_modparam {
	size_t kw, mod, param, value, end;  /* `modparam`, its three arguments, its ')' */
	char *module, *name;                /* the values of the first two strings (owned) */
};

/* NAME = VALUE at the top level; the value is one token (two for a sign and a number). */
struct om_cfg_global {
	size_t name, value, end;  /* end: the value's last token */
};

struct om_cfg_arg {
	size_t first, last;  /* the tokens of one argument; last < first when it is empty */
};

/* NAME(ARGS) inside a route block (conditions and nested calls too). */
struct om_cfg_call {
	size_t name, lparen, rparen;
	size_t arg0, nargs;  /* its arguments are script->args[arg0 .. arg0 + nargs) */
};

struct om_cfg_route {
	size_t kw, open, close;  /* route, onreply_route, ...; its '{' and '}' */
};

struct om_cfg_script {
	const char *file;          /* the name used in messages (not owned) */
	const char *text;          /* the script (not owned; must outlive this) */
	size_t len;
	struct om_cfg_toks all;    /* every token, comments included */
	struct om_cfg_tok *tok;    /* the tokens without the comments */
	size_t ntok;
	size_t *match;             /* for each bracket token, its partner; SIZE_MAX otherwise */
	struct om_cfg_loadmodule *mods;
	size_t nmods, amods;
	struct om_cfg_modparam *params;
	size_t nparams, aparams;
	struct om_cfg_global *globals;
	size_t nglobals, aglobals;
	struct om_cfg_call *calls;
	size_t ncalls, acalls;
	struct om_cfg_arg *args;
	size_t nargs, aargs;
	struct om_cfg_route *routes;
	size_t nroutes, aroutes;
};

/* A script owns its arrays and names (not text); release frees them, also after a failed parse. */
void om_cfg_script_init(struct om_cfg_script *s);
void om_cfg_script_release(struct om_cfg_script *s);

/*
 * Scan and parse len bytes of text, which must stay valid while s is
 * used; file names it in messages.  Fails (OM_EXIT_USAGE, "FILE:LINE:COL:
 * message", the position also in *where, which may be NULL) where
 * om_cfg_lex fails, and on brackets that do not balance: a closer with no
 * opener, a closer of the wrong kind, an opener never closed.
 */
int om_cfg_parse(struct om_cfg_script *s, const char *file, const char *text, size_t len,
		 struct om_cfg_pos *where, struct om_error *err);

/* Is token i the bytes of str?  False for i out of range. */
bool om_cfg_is(const struct om_cfg_script *s, size_t i, const char *str);

#endif
