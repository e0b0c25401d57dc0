/*
 * jsonout.h: the one shape of every --json document (README, "JSON
 * output").  Every command, and every failure (usage, configuration,
 * connection), prints exactly one object on stdout:
 *
 *   {"command": "upgrade" | null, "database": "sqlite:/x.db" | null,
 *    "result": "ok" | "differs" | "error", "exit_code": 0,
 *    "error": null | {"code": "refused", "exit_code": 3, "message": "..."},
 *    "config_warnings": [...], ...the command's own members}
 *
 * The library formats; main.c prints.
 */
#ifndef OM_JSONOUT_H
#define OM_JSONOUT_H

#include <stdbool.h>

#include "strbuf.h"
#include "strlist.h"

struct om_json_doc {
	const char *command;       /* NULL: unknown (a usage error before the command) */
	const char *database;      /* NULL: none (cfg-check, a usage error) */
	int exit_code;
	/*
	 * The non-zero exit code is the command's answer, not a failure
	 * (status 7 pending, verify/snapshot diff 5 differs, cfg-check 1
	 * changes left): result "differs", error null.
	 */
	bool answer;
	const char *message;       /* the error's message (when not an answer) */
	const char *error_extra;   /* more members of the error object (", \"line\": 2"), or NULL */
	const struct om_strlist *warnings;  /* openserctlrc warnings, or NULL */
	const char *fields;        /* the command's own members: a JSON object "{...}", or NULL */
};

/* The stable name of an exit code: "ok", "failed", "usage", "refused", ... */
const char *om_exit_name(int code);

/* d as one JSON object and a newline. */
void om_json_document(struct strbuf *out, const struct om_json_doc *d);

#endif
