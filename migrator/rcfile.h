/*
 * rcfile.h: a safe reader of openserctlrc files.
 *
 * openserctlrc is a shell fragment that openserctl sources.  We never run
 * it: we parse the subset that such files use (assignments, quotes,
 * comments) and refuse anything else with "FILE:LINE: message", so that a
 * file with commands in it is an error, not a surprise.
 */
#ifndef OM_RCFILE_H
#define OM_RCFILE_H

#include <stddef.h>

#include "error.h"

struct om_rc_var {
	char *key;    /* owned */
	char *value;  /* owned, after quote removal and expansion */
	char *file;   /* owned: the file (name) that set it last */
	int line;     /* line of that assignment */
};

struct om_rc {
	struct om_rc_var *vars;
	size_t nr, alloc;
};

void om_rc_init(struct om_rc *rc);
void om_rc_release(struct om_rc *rc);

/*
 * Parse text (len bytes, need not be NUL-terminated) into rc.  `name` is
 * used in error messages ("name:LINE: ...").  An assignment to a key that
 * rc already holds replaces its value, so loading several files in order
 * gives "each overriding the one before".
 *
 * Accepted: blank lines; comments (`#` at the start of a word, to the end
 * of the line); `KEY=VALUE` and `export KEY=VALUE` (one or more per line,
 * separated by blanks or `;`); VALUE made of unquoted text (backslash
 * escapes the next character; backslash-newline continues the line),
 * 'single-quoted' text (literal, may span lines), "double-quoted" text
 * (may span lines; backslash escapes only $ ` " \ and newline), and
 * $NAME / ${NAME} expansions of keys assigned earlier in rc (an unknown
 * name is an error rather than an empty string; the environment is never
 * consulted).  A file may end without a final newline.  As in a shell
 * assignment, a value is not split into fields or globbed, and a '$' that
 * starts none of the forms above (e.g. at the end of a value) is itself.
 * "\r\n" counts as a newline everywhere (inside quotes it becomes "\n");
 * a lone "\r" is an ordinary character.
 *
 * Refused with an error naming the line: anything that is not an
 * assignment (commands, `if`, functions, `KEY = value` with blanks,
 * `export KEY` without a value, operators such as | & > ( and an empty
 * `;`), command substitution ($( ) or backquotes), arithmetic $(( )),
 * other ${...} forms, special parameters ($1, $@, $? ...), $'...' and
 * $"..." quoting, an unquoted `~` where the shell would expand it (start
 * of a value, after a `:`), unterminated quotes, a backslash at the end of
 * the text, invalid key names, NUL bytes.  The line named is the one where
 * the offending construct starts (for an unterminated quote: where it
 * opened).
 *
 * Returns 0, or -1 with err->code = OM_EXIT_USAGE.  On error rc keeps the
 * assignments of the (complete) lines before the bad one; assignments made
 * earlier on the bad line itself are dropped.
 */
int om_rc_parse(struct om_rc *rc, const char *name, const char *text, size_t len,
		struct om_error *err);

/* The largest openserctlrc read (bytes). */
#define OM_RC_MAX_SIZE (1024 * 1024)

/*
 * Read and parse the file at path (see om_rc_parse).  A missing or
 * unreadable file is an error (OM_EXIT_USAGE) naming path and the reason.
 */
int om_rc_load_file(struct om_rc *rc, const char *path, struct om_error *err);

/* The value of key, or NULL if it was never assigned.  Owned by rc. */
const char *om_rc_get(const struct om_rc *rc, const char *key);
/* The variable record of key, or NULL. */
const struct om_rc_var *om_rc_find(const struct om_rc *rc, const char *key);

#endif
