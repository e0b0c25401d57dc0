/*
 * error.h: the one error object of openser-migrate.
 *
 * Library code fills a struct om_error and returns -1; only main.c prints
 * and exits.  The code is the process exit code the failure maps to
 * (documented in README.md), so the CLI never has to guess it.
 */
#ifndef OM_ERROR_H
#define OM_ERROR_H

#include <stddef.h>

/* Exit codes of the contract (README.md, "Exit codes"). */
enum om_exit {
	OM_EXIT_OK = 0,          /* done, or nothing to do */
	OM_EXIT_FAILED = 1,      /* failed, database unchanged */
	OM_EXIT_USAGE = 2,       /* usage or configuration error */
	OM_EXIT_REFUSED = 3,     /* refused by a safety check, nothing changed */
	OM_EXIT_LOCKED = 4,      /* locked by another run */
	OM_EXIT_SCHEMA = 5,      /* unknown or drifted schema, or an edited plan */
	OM_EXIT_INTERRUPTED = 6, /* interrupted; a rerun resumes */
	OM_EXIT_PENDING = 7      /* status: an upgrade is pending */
};

#define OM_ERROR_MSG_MAX 2048

struct om_error {
	int code;                    /* an enum om_exit value; 0 = no error */
	char msg[OM_ERROR_MSG_MAX];  /* lower case, what failed first */
};

/* Reset to "no error". */
void om_error_clear(struct om_error *err);

/*
 * Fill err with code and a printf-style message and return -1, so that a
 * failing function can end with `return om_error_set(err, ...)`.
 * err may be NULL (the message is then dropped).
 */
int om_error_set(struct om_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Prefix the existing message with "<prefix>: " (e.g. a file name or a
 * table), keeping the code.  Returns -1.
 */
int om_error_prefix(struct om_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
